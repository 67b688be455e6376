/*
 * l2sec-l2tp-tool — drives l2tp/l2tp_kernel.c and l2tp/pppd_launch.c by hand,
 * for the VM tests (tests/vm/tests/l2tp-static.sh). A static L2TPv2 tunnel
 * needs no control connection: both ends create the kernel tunnel and session
 * with mirrored ids, as the kernel's own selftest does.
 *
 *   l2sec-l2tp-tool client IDS --user U --password-file F [--auth A] [--runtime-dir D]
 *                          [--plugin P] [--name N] [--mtu M] [--debug]
 *       our data path, then pppd through the launcher; prints the plugin's events
 *       ("ip-up ppp0 10.99.0.10 10.99.0.1 dns 10.99.0.1"), runs until SIGTERM/SIGINT,
 *       then stops pppd and removes the kernel state. Exit 0 after a clean stop,
 *       1 with the error ("PPP: authentication failed for user alice").
 *   l2sec-l2tp-tool server IDS -- PPPD-OPTIONS...
 *       the same data path in LNS mode, then `pppd plugin pppol2tp.so pppol2tp 3
 *       pppol2tp_lns_mode PPPD-OPTIONS...`; runs until pppd ends or SIGTERM.
 *   l2sec-l2tp-tool stats --tunnel T [--session S]
 *   l2sec-l2tp-tool probe          is the kernel's L2TP there?
 *
 * IDS: --local ADDR --peer ADDR [--port 1701] [--peer-port 1701] --tunnel T
 *      --peer-tunnel T --session S --peer-session S
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <gio/gio.h>
#include <glib-unix.h>

#include "common/secret.h"
#include "l2tp/l2tp_kernel.h"
#include "l2tp/pppd_launch.h"

static char *opt_local, *opt_peer, *opt_user, *opt_password_file, *opt_auth, *opt_runtime_dir,
    *opt_plugin, *opt_name;
static int opt_port = 1701, opt_peer_port = 1701, opt_tunnel, opt_peer_tunnel, opt_session = -1,
	   opt_peer_session, opt_mtu;
static gboolean opt_debug;

static const GOptionEntry entries[] = {
    {"local", 0, 0, G_OPTION_ARG_STRING, &opt_local, "local IPv4 address", "ADDR"},
    {"peer", 0, 0, G_OPTION_ARG_STRING, &opt_peer, "peer IPv4 address", "ADDR"},
    {"port", 0, 0, G_OPTION_ARG_INT, &opt_port, "local UDP port (0: ephemeral)", "N"},
    {"peer-port", 0, 0, G_OPTION_ARG_INT, &opt_peer_port, "peer UDP port", "N"},
    {"tunnel", 0, 0, G_OPTION_ARG_INT, &opt_tunnel, "our tunnel id", "N"},
    {"peer-tunnel", 0, 0, G_OPTION_ARG_INT, &opt_peer_tunnel, "peer tunnel id", "N"},
    {"session", 0, 0, G_OPTION_ARG_INT, &opt_session, "our session id", "N"},
    {"peer-session", 0, 0, G_OPTION_ARG_INT, &opt_peer_session, "peer session id", "N"},
    {"user", 0, 0, G_OPTION_ARG_STRING, &opt_user, "PPP user", "NAME"},
    {"password-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_password_file, "PPP password (0600)",
	"FILE"},
    {"auth", 0, 0, G_OPTION_ARG_STRING, &opt_auth, "mschap-v2 (default), chap, pap, eap", "A"},
    {"runtime-dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_runtime_dir, "for pppd's options file",
	"DIR"},
    {"plugin", 0, 0, G_OPTION_ARG_FILENAME, &opt_plugin, "path of l2sec-pppd.so", "PATH"},
    {"name", 0, 0, G_OPTION_ARG_STRING, &opt_name, "connection name", "NAME"},
    {"mtu", 0, 0, G_OPTION_ARG_INT, &opt_mtu, "PPP MTU (0: default)", "N"},
    {"debug", 0, 0, G_OPTION_ARG_NONE, &opt_debug, "pppd debug, our debug log", NULL},
    {NULL, 0, 0, G_OPTION_ARG_NONE, NULL, NULL, NULL},
};

static GMainLoop *loop;
static int exit_code;
static bool stop_requested;

static void say(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static void
say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static bool
id16(int v, const char *what, uint16_t *ret)
{
	if (v < 1 || v > 65535) {
		fprintf(stderr, "l2sec-l2tp-tool: --%s must be 1..65535\n", what);
		return false;
	}
	*ret = (uint16_t)v;
	return true;
}

static bool
make_ids(L2tpKernelIds *ids)
{
	return id16(opt_tunnel, "tunnel", &ids->tunnel_id) &&
	       id16(opt_peer_tunnel, "peer-tunnel", &ids->peer_tunnel_id) &&
	       id16(opt_session, "session", &ids->session_id) &&
	       id16(opt_peer_session, "peer-session", &ids->peer_session_id);
}

static bool
udp_socket(int *ret_fd, GError **error)
{
	struct sockaddr_in l = {.sin_family = AF_INET, .sin_port = htons((uint16_t)opt_port)};
	struct sockaddr_in p = {.sin_family = AF_INET, .sin_port = htons((uint16_t)opt_peer_port)};
	if (opt_local == NULL || opt_peer == NULL ||
	    inet_pton(AF_INET, opt_local, &l.sin_addr) != 1 ||
	    inet_pton(AF_INET, opt_peer, &p.sin_addr) != 1) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
		    "--local and --peer must be IPv4 addresses");
		return false;
	}
	return l2tp_kernel_udp_open(
	    (struct sockaddr *)&l, (struct sockaddr *)&p, sizeof(l), ret_fd, error);
}

static gboolean
on_signal(gpointer user_data)
{
	stop_requested = true;
	g_main_loop_quit(loop);
	return G_SOURCE_CONTINUE;
}

static void
on_event(const PppdEvent *ev, void *user_data)
{
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN], d[2][INET_ADDRSTRLEN];
	switch (ev->type) {
	case PPPD_EVENT_HELLO:
		say("hello %s", ev->version);
		break;
	case PPPD_EVENT_PHASE:
		say("phase %s", pppd_phase_name(ev->phase));
		break;
	case PPPD_EVENT_AUTH_FAILED:
		say("auth-failed");
		break;
	case PPPD_EVENT_IP_UP:
		inet_ntop(AF_INET, &ev->local, a, sizeof(a));
		inet_ntop(AF_INET, &ev->peer, b, sizeof(b));
		for (unsigned i = 0; i < ev->n_dns; i++)
			inet_ntop(AF_INET, &ev->dns[i], d[i], sizeof(d[i]));
		say("ip-up %s %s %s dns %s %s", ev->ifname, a, b, ev->n_dns > 0 ? d[0] : "-",
		    ev->n_dns > 1 ? d[1] : "-");
		break;
	case PPPD_EVENT_IP_DOWN:
		say("ip-down %s", ev->ifname);
		break;
	case PPPD_EVENT_EXIT:
		say("exit %d", ev->exit_status);
		break;
	case PPPD_EVENT_UNKNOWN:
		break;
	}
}

static void
on_exited(const GError *error, void *user_data)
{
	if (error != NULL) {
		say("error %s", error->message);
		exit_code = 1;
	} else {
		say("pppd stopped");
	}
	g_main_loop_quit(loop);
}

static int
run_client(void)
{
	g_autoptr(GError) error = NULL;
	L2tpKernelIds ids;
	if (!make_ids(&ids))
		return 2;
	if (opt_user == NULL || opt_password_file == NULL) {
		fprintf(stderr, "l2sec-l2tp-tool: client needs --user and --password-file\n");
		return 2;
	}
	PppdAuth auth = PPPD_AUTH_MSCHAP_V2;
	if (opt_auth != NULL) {
		static const struct {
			const char *name;
			PppdAuth auth;
		} auths[] = {{"mschap-v2", PPPD_AUTH_MSCHAP_V2}, {"chap", PPPD_AUTH_CHAP},
		    {"pap", PPPD_AUTH_PAP}, {"eap", PPPD_AUTH_EAP}};
		size_t i;
		for (i = 0; i < G_N_ELEMENTS(auths); i++)
			if (strcmp(opt_auth, auths[i].name) == 0)
				break;
		if (i == G_N_ELEMENTS(auths)) {
			fprintf(stderr, "l2sec-l2tp-tool: unknown --auth %s\n", opt_auth);
			return 2;
		}
		auth = auths[i].auth;
	}
	g_autoptr(L2secSecret) password = NULL;
	if (!l2sec_secret_load_file(opt_password_file, &password, &error)) {
		fprintf(stderr, "l2sec-l2tp-tool: %s\n", error->message);
		return 2;
	}
	g_autoptr(L2tpKernel) k = l2tp_kernel_open(&error);
	if (k == NULL) {
		say("error %s", error->message);
		return 1;
	}
	int udp = -1;
	if (!udp_socket(&udp, &error)) {
		say("error %s", error->message);
		return 1;
	}
	g_autoptr(L2tpKernelPath) path = l2tp_kernel_path_up(k, udp, &ids, NULL, false, &error);
	if (path == NULL) {
		say("error %s", error->message);
		close(udp);
		return 1;
	}
	say("l2tp tunnel %u/%u session %u/%u up", ids.tunnel_id, ids.peer_tunnel_id, ids.session_id,
	    ids.peer_session_id);
	PppdLaunchConfig cfg = {
	    .name = opt_name ? opt_name : "static",
	    .user = opt_user,
	    .password = password,
	    .auth = auth,
	    .mtu = (unsigned)opt_mtu,
	    .debug = opt_debug,
	    .plugin_path = opt_plugin,
	    .runtime_dir = opt_runtime_dir,
	    .inherit_stdio = opt_debug,
	};
	static const PppdLaunchCallbacks cb = {on_event, on_exited};
	g_autoptr(PppdLaunch) ppp =
	    pppd_launch_start(&cfg, l2tp_kernel_path_pppox_fd(path), &cb, NULL, &error);
	if (ppp == NULL) {
		say("error %s", error->message);
		l2tp_kernel_path_free(g_steal_pointer(&path));
		close(udp);
		return 1;
	}
	say("pppd %d options %s", (int)pppd_launch_get_pid(ppp), pppd_launch_get_options_path(ppp));
	g_main_loop_run(loop);
	if (!pppd_launch_has_exited(ppp))
		pppd_launch_stop(ppp, 5000);
	g_clear_pointer(&ppp, pppd_launch_free);
	l2tp_kernel_path_free(g_steal_pointer(&path));
	close(udp);
	say("torn down");
	return exit_code;
}

static void
on_server_pppd_done(GObject *source, GAsyncResult *res, gpointer user_data)
{
	g_subprocess_wait_finish(G_SUBPROCESS(source), res, NULL);
	g_main_loop_quit(loop);
}

static int
run_server(char **pppd_args)
{
	g_autoptr(GError) error = NULL;
	L2tpKernelIds ids;
	if (!make_ids(&ids))
		return 2;
	g_autoptr(L2tpKernel) k = l2tp_kernel_open(&error);
	if (k == NULL) {
		say("error %s", error->message);
		return 1;
	}
	int udp = -1;
	if (!udp_socket(&udp, &error)) {
		say("error %s", error->message);
		return 1;
	}
	const L2tpKernelSessionOptions opt = {.lns_mode = true};
	g_autoptr(L2tpKernelPath) path = l2tp_kernel_path_up(k, udp, &ids, &opt, false, &error);
	if (path == NULL) {
		say("error %s", error->message);
		close(udp);
		return 1;
	}
	g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(argv, g_strdup(PPPD_PATH));
	g_ptr_array_add(argv, g_strdup("plugin"));
	g_ptr_array_add(argv, g_strdup("pppol2tp.so"));
	g_ptr_array_add(argv, g_strdup("pppol2tp"));
	g_ptr_array_add(argv, g_strdup_printf("%d", PPPD_PPPOX_FD));
	g_ptr_array_add(argv, g_strdup("pppol2tp_lns_mode"));
	g_ptr_array_add(argv, g_strdup("pppol2tp_tunnel_id"));
	g_ptr_array_add(argv, g_strdup_printf("%u", ids.tunnel_id));
	g_ptr_array_add(argv, g_strdup("pppol2tp_session_id"));
	g_ptr_array_add(argv, g_strdup_printf("%u", ids.session_id));
	for (char **a = pppd_args; a != NULL && *a != NULL; a++)
		g_ptr_array_add(argv, g_strdup(*a));
	g_ptr_array_add(argv, NULL);
	g_autoptr(GSubprocessLauncher) sl = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_NONE);
	g_subprocess_launcher_take_fd(sl, dup(l2tp_kernel_path_pppox_fd(path)), PPPD_PPPOX_FD);
	g_autoptr(GSubprocess) proc =
	    g_subprocess_launcher_spawnv(sl, (const char *const *)argv->pdata, &error);
	g_clear_object(&sl);
	if (proc == NULL) {
		say("error %s", error->message);
		l2tp_kernel_path_free(g_steal_pointer(&path));
		close(udp);
		return 1;
	}
	say("server pppd %s", g_subprocess_get_identifier(proc));
	/* until pppd ends or we are told to stop */
	g_subprocess_wait_async(proc, NULL, on_server_pppd_done, NULL);
	g_main_loop_run(loop);
	if (stop_requested && g_subprocess_get_identifier(proc) != NULL) {
		g_subprocess_send_signal(proc, SIGTERM);
		g_subprocess_wait(proc, NULL, NULL);
	}
	say("server pppd ended");
	l2tp_kernel_path_free(g_steal_pointer(&path));
	close(udp);
	return 0;
}

static int
run_stats(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(L2tpKernel) k = l2tp_kernel_open(&error);
	L2tpKernelStats s;
	if (k == NULL || opt_tunnel < 1 || opt_tunnel > 65535 ||
	    !(opt_session >= 0 ? l2tp_kernel_session_stats(
				     k, (uint16_t)opt_tunnel, (uint16_t)opt_session, &s, &error)
			       : l2tp_kernel_tunnel_stats(k, (uint16_t)opt_tunnel, &s, &error))) {
		say("error %s", error ? error->message : "--tunnel must be 1..65535");
		return 1;
	}
	say("tx_packets %" G_GUINT64_FORMAT " tx_bytes %" G_GUINT64_FORMAT
	    " rx_packets %" G_GUINT64_FORMAT " rx_bytes %" G_GUINT64_FORMAT
	    " rx_errors %" G_GUINT64_FORMAT,
	    s.tx_packets, s.tx_bytes, s.rx_packets, s.rx_bytes, s.rx_errors);
	return 0;
}

int
main(int argc, char **argv)
{
	g_autoptr(GOptionContext) oc =
	    g_option_context_new("client|server|stats|probe [-- PPPD-OPTIONS]");
	g_option_context_add_main_entries(oc, entries, NULL);
	g_autoptr(GError) error = NULL;
	if (!g_option_context_parse(oc, &argc, &argv, &error) || argc < 2) {
		fprintf(stderr, "l2sec-l2tp-tool: %s\n",
		    error ? error->message : "say client, server, stats or probe");
		return 2;
	}
	if (opt_debug)
		g_setenv("G_MESSAGES_DEBUG", "all", TRUE);
	loop = g_main_loop_new(NULL, FALSE);
	g_unix_signal_add(SIGTERM, on_signal, NULL);
	g_unix_signal_add(SIGINT, on_signal, NULL);
	const char *cmd = argv[1];
	int rc;
	if (strcmp(cmd, "client") == 0) {
		rc = run_client();
	} else if (strcmp(cmd, "server") == 0) {
		char **rest = argc > 2 ? argv + 2 : NULL;
		if (rest != NULL && strcmp(rest[0], "--") == 0)
			rest++;
		rc = run_server(rest);
	} else if (strcmp(cmd, "stats") == 0) {
		rc = run_stats();
	} else if (strcmp(cmd, "probe") == 0) {
		g_autoptr(L2tpKernel) k = l2tp_kernel_open(&error);
		say("%s", k ? "l2tp ok" : error->message);
		rc = k ? 0 : 1;
	} else {
		fprintf(stderr, "l2sec-l2tp-tool: unknown command %s\n", cmd);
		rc = 2;
	}
	g_main_loop_unref(loop);
	return rc;
}
