/*
 * l2sec-l2tp-connect — one L2TP/PPP connection to an LNS through
 * l2tp/l2tp_connection.c, for developers and the VM tests
 * (tests/vm/tests/l2tp-xl2tpd.sh). No IPsec: the L2TP runs in cleartext.
 *
 *   l2sec-l2tp-connect SERVER USER [--password-fd N] [--secret-file F] [--ephemeral]
 *                      [--timeout S] [--hold S | --until-signal] [--auth A]
 *                      [--runtime-dir D] [--plugin P] [--pppd P] [--mtu M] [--debug]
 *                      [--hello-ms N] [--retries N] [--hide-avps]
 *
 * The password is read from descriptor N (--password-fd) or from stdin, up to
 * EOF or the first newline; the tunnel secret from a 0600 file. Never on argv.
 * Prints the phase lines to stderr, then on stdout
 *     UP ppp0 10.99.0.10 10.99.0.1 10.99.0.1 10.99.0.2 t_ms=1234
 * holds the connection (--hold S seconds, or until SIGTERM/SIGINT: the
 * default), hangs up, prints DOWN and exits 0. On failure prints the error
 * message and exits 1 (2: bad usage).
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <gio/gio.h>
#include <glib-unix.h>

#include "common/secret.h"
#include "l2tp/l2tp_connection.h"

#define LINGER_CAP_MS 3000 /* after a failure, wait this long at most for the engine to finish */

static int opt_password_fd = -1, opt_timeout = 60, opt_hold = -1, opt_mtu, opt_hello_ms,
	   opt_retries;
static gboolean opt_ephemeral, opt_until_signal, opt_debug, opt_hide_avps;
static char *opt_secret_file, *opt_auth, *opt_runtime_dir, *opt_plugin, *opt_pppd, *opt_name;

static const GOptionEntry entries[] = {
    {"password-fd", 0, 0, G_OPTION_ARG_INT, &opt_password_fd,
	"read the PPP password from this descriptor (default: stdin)", "N"},
    {"secret-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_secret_file,
	"the L2TP tunnel secret (a 0600 file)", "FILE"},
    {"ephemeral", 0, 0, G_OPTION_ARG_NONE, &opt_ephemeral, "an ephemeral source port, not 1701",
	NULL},
    {"timeout", 0, 0, G_OPTION_ARG_INT, &opt_timeout, "give up if not up within S seconds (60)",
	"S"},
    {"hold", 0, 0, G_OPTION_ARG_INT, &opt_hold, "hang up S seconds after coming up", "S"},
    {"until-signal", 0, 0, G_OPTION_ARG_NONE, &opt_until_signal,
	"hold until SIGTERM or SIGINT (the default)", NULL},
    {"auth", 0, 0, G_OPTION_ARG_STRING, &opt_auth, "mschap-v2 (default), chap, pap, eap", "A"},
    {"runtime-dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_runtime_dir, "for pppd's options file",
	"DIR"},
    {"plugin", 0, 0, G_OPTION_ARG_FILENAME, &opt_plugin, "path of l2sec-pppd.so", "PATH"},
    {"pppd", 0, 0, G_OPTION_ARG_FILENAME, &opt_pppd, "path of pppd", "PATH"},
    {"name", 0, 0, G_OPTION_ARG_STRING, &opt_name, "connection name (options file)", "NAME"},
    {"mtu", 0, 0, G_OPTION_ARG_INT, &opt_mtu, "PPP MTU (0: default)", "N"},
    {"debug", 0, 0, G_OPTION_ARG_NONE, &opt_debug, "pppd debug and our debug log", NULL},
    {"hello-ms", 0, 0, G_OPTION_ARG_INT, &opt_hello_ms,
	"send HELLO after N ms of silence (0: the default, 60 s; -1: never)", "N"},
    {"retries", 0, 0, G_OPTION_ARG_INT, &opt_retries,
	"retransmissions before giving up (0: the default, 5)", "N"},
    {"hide-avps", 0, 0, G_OPTION_ARG_NONE, &opt_hide_avps,
	"hide the AVPs that may be hidden (RFC 2661 §4.3; needs --secret-file)", NULL},
    {NULL, 0, 0, G_OPTION_ARG_NONE, NULL, NULL, NULL},
};

static GMainLoop *loop;
static int exit_code;
static bool was_up, hanging_up;
static L2tpConnection *conn;
static guint timeout_id, hold_id;

static gboolean on_quit_request(gpointer user_data);

static void
on_up(const L2tpConnectionUp *up, void *user_data)
{
	char l[INET_ADDRSTRLEN], p[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &up->local, l, sizeof(l));
	inet_ntop(AF_INET, &up->peer, p, sizeof(p));
	printf("UP %s %s %s", up->ifname, l, p);
	for (unsigned i = 0; i < up->n_dns; i++)
		printf(" %s", inet_ntop(AF_INET, &up->dns[i], d, sizeof(d)));
	printf(" t_ms=%" G_GINT64_FORMAT "\n", up->connect_ms);
	fflush(stdout);
	was_up = true;
	if (timeout_id != 0) {
		g_source_remove(timeout_id);
		timeout_id = 0;
	}
	if (opt_hold >= 0 && !opt_until_signal)
		hold_id = g_timeout_add_seconds((guint)opt_hold, on_quit_request, NULL);
}

static gboolean
on_linger_cap(gpointer user_data)
{
	g_main_loop_quit(loop);
	return G_SOURCE_REMOVE;
}

static void
on_closed(const GError *error, void *user_data)
{
	if (error != NULL) {
		printf("%s\n", error->message);
		fflush(stdout);
		exit_code = 1;
		/* a StopCCN from the server makes the engine linger 31 s: do not wait that long */
		g_timeout_add(LINGER_CAP_MS, on_linger_cap, NULL);
	}
}

static void
on_done(void *user_data)
{
	g_main_loop_quit(loop);
}

static void
on_phase(const char *line, void *user_data)
{
	fprintf(stderr, "%s\n", line);
}

static void
hang_up(void)
{
	if (hanging_up)
		return;
	hanging_up = true;
	l2tp_connection_close(conn);
}

static gboolean
on_quit_request(gpointer user_data)
{
	/* SIGTERM/SIGINT or --hold: hang up, then wait for done */
	hold_id = 0;
	if (l2tp_connection_is_done(conn))
		g_main_loop_quit(loop);
	else
		hang_up();
	return G_SOURCE_REMOVE;
}

static gboolean
on_signal(gpointer user_data)
{
	on_quit_request(NULL);
	return G_SOURCE_CONTINUE;
}

static gboolean
on_timeout(gpointer user_data)
{
	timeout_id = 0;
	printf("L2TP connection: not up within %d s\n", opt_timeout);
	fflush(stdout);
	exit_code = 1;
	hang_up();
	g_timeout_add(LINGER_CAP_MS * 3, on_linger_cap, NULL);
	return G_SOURCE_REMOVE;
}

/* The password: up to EOF or the first newline, never more than 255 bytes. */
static L2secSecret *
read_password(int fd, GError **error)
{
	uint8_t buf[257];
	size_t len = 0;
	while (len < sizeof(buf)) {
		ssize_t n = read(fd, buf + len, sizeof(buf) - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errno),
			    "cannot read the password from descriptor %d: %s", fd,
			    g_strerror(errno));
			return NULL;
		}
		if (n == 0)
			break;
		void *nl = memchr(buf + len, '\n', (size_t)n);
		if (nl != NULL) {
			len = (size_t)((uint8_t *)nl - buf);
			break;
		}
		len += (size_t)n;
	}
	if (len > 255) {
		explicit_bzero(buf, sizeof(buf));
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		    "the password is longer than 255 bytes");
		return NULL;
	}
	L2secSecret *s = l2sec_secret_new(buf, len);
	explicit_bzero(buf, sizeof(buf));
	return s;
}

static bool
parse_auth(const char *name, PppdAuth *ret)
{
	static const struct {
		const char *name;
		PppdAuth auth;
	} auths[] = {{"mschap-v2", PPPD_AUTH_MSCHAP_V2}, {"chap", PPPD_AUTH_CHAP},
	    {"pap", PPPD_AUTH_PAP}, {"eap", PPPD_AUTH_EAP}};
	*ret = PPPD_AUTH_MSCHAP_V2;
	if (name == NULL)
		return true;
	for (size_t i = 0; i < G_N_ELEMENTS(auths); i++)
		if (strcmp(name, auths[i].name) == 0) {
			*ret = auths[i].auth;
			return true;
		}
	return false;
}

int
main(int argc, char **argv)
{
	g_autoptr(GOptionContext) oc = g_option_context_new("SERVER USER");
	g_option_context_add_main_entries(oc, entries, NULL);
	g_autoptr(GError) error = NULL;
	if (!g_option_context_parse(oc, &argc, &argv, &error) || argc != 3) {
		fprintf(stderr, "l2sec-l2tp-connect: %s\n",
		    error ? error->message : "usage: l2sec-l2tp-connect SERVER USER [OPTION...]");
		return 2;
	}
	if (opt_debug)
		g_setenv("G_MESSAGES_DEBUG", "all", TRUE);
	PppdAuth auth;
	if (!parse_auth(opt_auth, &auth)) {
		fprintf(stderr, "l2sec-l2tp-connect: unknown --auth %s\n", opt_auth);
		return 2;
	}
	g_autoptr(L2secSecret) password =
	    read_password(opt_password_fd >= 0 ? opt_password_fd : STDIN_FILENO, &error);
	if (password == NULL) {
		fprintf(stderr, "l2sec-l2tp-connect: %s\n", error->message);
		return 2;
	}
	g_autoptr(L2secSecret) secret = NULL;
	if (opt_secret_file != NULL && !l2sec_secret_load_file(opt_secret_file, &secret, &error)) {
		fprintf(stderr, "l2sec-l2tp-connect: %s\n", error->message);
		return 2;
	}
	L2tpConnectionConfig cfg = {
	    .server = argv[1],
	    .ephemeral_port = opt_ephemeral,
	    .tunnel_secret = secret,
	    .max_retries = opt_retries > 0 ? (guint)opt_retries : 0,
	    .hello_interval_ms = opt_hello_ms,
	    .hide_avps = opt_hide_avps,
	    .ppp =
		{
		    .name = opt_name ? opt_name : "l2tp-connect",
		    .user = argv[2],
		    .password = password,
		    .auth = auth,
		    .mtu = (unsigned)opt_mtu,
		    .debug = opt_debug,
		    .pppd_path = opt_pppd,
		    .plugin_path = opt_plugin,
		    .runtime_dir = opt_runtime_dir,
		    .inherit_stdio = opt_debug,
		},
	};
	static const L2tpConnectionCallbacks cb = {on_up, on_closed, on_done, on_phase, NULL};
	loop = g_main_loop_new(NULL, FALSE);
	conn = l2tp_connection_new(&cfg, &cb, NULL, &error);
	if (conn == NULL) {
		fprintf(stderr, "l2sec-l2tp-connect: %s\n", error->message);
		g_main_loop_unref(loop);
		return 2;
	}
	g_clear_pointer(&password, l2sec_secret_free);
	g_clear_pointer(&secret, l2sec_secret_free);
	g_unix_signal_add(SIGTERM, on_signal, NULL);
	g_unix_signal_add(SIGINT, on_signal, NULL);
	if (!l2tp_connection_start(conn, &error)) {
		printf("%s\n", error->message);
		l2tp_connection_free(conn);
		g_main_loop_unref(loop);
		return 1;
	}
	if (opt_timeout > 0)
		timeout_id = g_timeout_add_seconds((guint)opt_timeout, on_timeout, NULL);
	g_main_loop_run(loop);
	if (hold_id != 0)
		g_source_remove(hold_id);
	l2tp_connection_free(conn);
	if (was_up && exit_code == 0)
		printf("DOWN\n");
	g_main_loop_unref(loop);
	return exit_code;
}
