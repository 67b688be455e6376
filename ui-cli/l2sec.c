/*
 * l2sec.c — the l2sec command (l2sec(8)). A thin front end: it reads the
 * command line, calls client/, prints the result and maps it to DESIGN.md's
 * exit statuses.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "client/profile.h"
#include "ui-cli/commands.h"

static const char usage_text[] =
    "Usage: l2sec COMMAND [ARGUMENTS]\n"
    "       l2sec --help | --version\n"
    "\n"
    "Commands:\n"
    "  connect NAME|FILE [--foreground] [--verbose] [--no-reconnect] [--timeout S]\n"
    "                [--log FILE] [--ipsec-only]\n"
    "                       connect; returns once the PPP interface has its address\n"
    "  disconnect NAME|--all\n"
    "                       disconnect one connection or all of them\n"
    "  status [NAME] [--json]\n"
    "                       show the connections\n"
    "  list                 list the profiles in " L2SEC_PROFILE_DIR "\n"
    "  check FILE...        check profiles: say what is wrong and where\n"
    "  import FILE|DIR [--name NAME] [--force] [--format F] [--entry E] [--output FILE]\n"
    "                       turn a foreign configuration into a profile\n"
    "  export NAME --format nm-keyfile|nm-l2tp|mobileconfig [--output FILE]\n"
    "                       write a profile in a foreign format\n"
    "\n"
    "A NAME is a profile in " L2SEC_PROFILE_DIR "/NAME.conf; l2sec.conf(5)\n"
    "describes profiles.\n"
    "\n"
    "Exit status:\n"
    "  0  success\n"
    "  1  the connection failed (the message names the phase: IKE, L2TP or PPP)\n"
    "  2  bad usage or bad profile\n"
    "  3  already connected, or not connected\n";

static int usage_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static int
usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	fprintf(stderr, "l2sec: %s\nTry 'l2sec --help'.\n", msg);
	return EXIT_USAGE;
}

/* l2sec check FILE...: every file is checked; exit 2 if any is bad. */
static int
cmd_check(int argc, char **argv)
{
	int first = 1;
	if (first < argc && strcmp(argv[first], "--") == 0)
		first++;
	else
		for (int i = 1; i < argc; i++)
			if (argv[i][0] == '-' && argv[i][1] != '\0')
				return usage_error("check: unknown option '%s'", argv[i]);
	if (first >= argc)
		return usage_error("check: which profile? l2sec check FILE");
	int status = EXIT_OK;
	for (int i = first; i < argc; i++) {
		g_autofree char *path = l2sec_profile_resolve(argv[i]);
		g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
		g_autoptr(GError) error = NULL;
		g_autoptr(L2secProfile) p =
		    l2sec_profile_load_file(path, L2SEC_PROFILE_LOAD_DEFAULT, warnings, &error);
		for (guint w = 0; w < warnings->len; w++)
			fprintf(stderr, "l2sec: warning: %s\n", (const char *)warnings->pdata[w]);
		if (p == NULL) {
			fprintf(stderr, "l2sec: %s\n", error->message);
			status = EXIT_USAGE;
			continue;
		}
		printf("%s: ok\n", path);
	}
	return status;
}

int
main(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("a command is missing");
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		return EXIT_OK;
	}
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(cmd, "connect") == 0)
		return l2sec_cmd_connect(argc - 1, argv + 1);
	if (strcmp(cmd, "disconnect") == 0)
		return l2sec_cmd_disconnect(argc - 1, argv + 1);
	if (strcmp(cmd, "status") == 0)
		return l2sec_cmd_status(argc - 1, argv + 1);
	if (strcmp(cmd, "list") == 0)
		return l2sec_cmd_list(argc - 1, argv + 1);
	if (strcmp(cmd, "import") == 0)
		return l2sec_cmd_import(argc - 1, argv + 1);
	if (strcmp(cmd, "export") == 0)
		return l2sec_cmd_export(argc - 1, argv + 1);
	if (cmd[0] == '-')
		return usage_error("unknown option '%s'", cmd);
	return usage_error("unknown command '%s'", cmd);
}
