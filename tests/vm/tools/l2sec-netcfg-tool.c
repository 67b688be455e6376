/*
 * l2sec-netcfg-tool — drives client/netcfg.c for the VM test (tests/vm/tests/netcfg.sh).
 *
 *   l2sec-netcfg-tool --state PATH [--resolv-conf PATH] up --dev IF [--server A]
 *       [--default-route] [--route CIDR]... [--dns A]... [--dns-method auto|file|resolvconf|
 *       systemd-resolved] [--step-ms N] [--keep]
 *           makes the changes in this order (server route, default route, routes, DNS), waiting
 *           N ms after each and printing "step NAME" when one is made; prints "up", waits until
 *           stdin gives a line or ends, undoes everything and prints "restored". With --keep it
 *           exits after "up" and leaves everything (a crashed client). A failure undoes what
 *           this run made, prints the error and exits 1.
 *   l2sec-netcfg-tool --state PATH recover
 *           undoes what a dead run's state file records; prints "recovered" or
 *           "nothing to recover"; the error and exit 1 if something could not be undone.
 *
 * G_MESSAGES_DEBUG=all shows the library's debug lines.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include <gio/gio.h>

#include "client/netcfg.h"
#include "client/profile_values.h"

static char *opt_state, *opt_resolv_conf, *opt_dev, *opt_server, *opt_dns_method;
static char **opt_routes, **opt_dns;
static gboolean opt_default_route, opt_keep;
static int opt_step_ms;

static const GOptionEntry entries[] = {
	{ "state", 0, 0, G_OPTION_ARG_FILENAME, &opt_state, "state file", "PATH" },
	{ "resolv-conf", 0, 0, G_OPTION_ARG_FILENAME, &opt_resolv_conf, "resolv.conf for the file method", "PATH" },
	{ "dev", 0, 0, G_OPTION_ARG_STRING, &opt_dev, "the PPP-like interface", "IF" },
	{ "server", 0, 0, G_OPTION_ARG_STRING, &opt_server, "add a host route to this server", "A" },
	{ "default-route", 0, 0, G_OPTION_ARG_NONE, &opt_default_route, "0.0.0.0/1 and 128.0.0.0/1 via --dev", NULL },
	{ "route", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_routes, "a route via --dev", "CIDR" },
	{ "dns", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_dns, "a DNS server", "A" },
	{ "dns-method", 0, 0, G_OPTION_ARG_STRING, &opt_dns_method, "auto, file, resolvconf, systemd-resolved", "M" },
	{ "step-ms", 0, 0, G_OPTION_ARG_INT, &opt_step_ms, "wait after each change", "N" },
	{ "keep", 0, 0, G_OPTION_ARG_NONE, &opt_keep, "exit after up, leaving everything", NULL },
	{ NULL, 0, 0, 0, NULL, NULL, NULL },
};

static int
fail(GError *e)
{
	fprintf(stderr, "l2sec-netcfg-tool: %s\n", e->message);
	g_error_free(e);
	return 1;
}

static bool
parse_v4(const char *what, const char *s, struct in_addr *ret, GError **error)
{
	if (inet_pton(AF_INET, s, ret) != 1) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s: “%s” is not an IPv4 address", what, s);
		return false;
	}
	return true;
}

static void
step(const char *name)
{
	printf("step %s\n", name);
	fflush(stdout);
	if (opt_step_ms > 0)
		g_usleep((gulong)opt_step_ms * 1000);
}

static bool
up(Netcfg *n, GError **error)
{
	if (opt_dev == NULL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "up needs --dev");
		return false;
	}
	if (opt_server != NULL) {
		struct in_addr a;
		if (!parse_v4("--server", opt_server, &a, error) || !netcfg_add_server_route(n, a, error))
			return false;
		step("server-route");
	}
	if (opt_default_route) {
		if (!netcfg_set_default_route(n, opt_dev, error))
			return false;
		step("default-route");
	}
	if (opt_routes != NULL) {
		g_autoptr(GArray) routes = g_array_new(FALSE, TRUE, sizeof(L2secRoute));
		for (char **r = opt_routes; *r != NULL; r++) {
			L2secRoute lr;
			if (!l2sec_profile_parse_route(*r, &lr, error))
				return false;
			g_array_append_val(routes, lr);
		}
		if (!netcfg_add_routes(n, opt_dev, routes, error))
			return false;
		step("routes");
	}
	if (opt_dns != NULL) {
		g_autoptr(GArray) servers = g_array_new(FALSE, TRUE, sizeof(struct in_addr));
		for (char **s = opt_dns; *s != NULL; s++) {
			struct in_addr a;
			if (!parse_v4("--dns", *s, &a, error))
				return false;
			g_array_append_val(servers, a);
		}
		static const struct {
			const char *name;
			NetcfgDnsMethod m;
		} methods[] = {
			{ "auto", NETCFG_DNS_AUTO },
			{ "file", NETCFG_DNS_FILE },
			{ "resolvconf", NETCFG_DNS_RESOLVCONF },
			{ "systemd-resolved", NETCFG_DNS_RESOLVED },
		};
		NetcfgDnsMethod m = NETCFG_DNS_AUTO;
		size_t i = 0;
		while (opt_dns_method != NULL && i < G_N_ELEMENTS(methods) && strcmp(methods[i].name, opt_dns_method) != 0)
			i++;
		if (i == G_N_ELEMENTS(methods)) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "--dns-method: “%s” is unknown",
			    opt_dns_method);
			return false;
		}
		if (opt_dns_method != NULL)
			m = methods[i].m;
		if (!netcfg_set_dns(n, opt_dev, (const struct in_addr *)(void *)servers->data, servers->len, m, error))
			return false;
		printf("dns %s\n", netcfg_dns_method_name(n));
		step("dns");
	}
	return true;
}

int
main(int argc, char **argv)
{
	g_autoptr(GOptionContext) ctx = g_option_context_new("up|recover");
	g_option_context_add_main_entries(ctx, entries, NULL);
	GError *e = NULL;
	if (!g_option_context_parse(ctx, &argc, &argv, &e))
		return fail(e);
	if (argc != 2 || opt_state == NULL) {
		fprintf(stderr, "usage: l2sec-netcfg-tool --state PATH [options] up|recover (see --help)\n");
		return 2;
	}
	if (opt_resolv_conf != NULL)
		netcfg_set_resolv_conf_path(opt_resolv_conf);

	if (strcmp(argv[1], "recover") == 0) {
		bool found = false;
		if (!netcfg_recover(opt_state, &found, &e))
			return fail(e);
		printf("%s\n", found ? "recovered" : "nothing to recover");
		return 0;
	}
	if (strcmp(argv[1], "up") != 0) {
		fprintf(stderr, "l2sec-netcfg-tool: unknown command %s\n", argv[1]);
		return 2;
	}
	Netcfg *n = netcfg_new(opt_state, &e);
	if (n == NULL)
		return fail(e);
	if (!up(n, &e)) {
		netcfg_free(n);
		return fail(e);
	}
	printf("up\n");
	fflush(stdout);
	if (opt_keep)
		return 0; /* n is not freed: nothing is undone, the state file stays */
	char line[64];
	(void)fgets(line, sizeof(line), stdin);
	if (!netcfg_undo(n, &e)) {
		netcfg_free(n);
		return fail(e);
	}
	netcfg_free(n);
	printf("restored\n");
	return 0;
}
