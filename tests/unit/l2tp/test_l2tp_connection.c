/*
 * Unit tests for l2tp/l2tp_connection.c: configuration checks, and whole
 * connections against a scripted L2TP server on a loopback UDP socket (built
 * with the codec), in the same GMainContext: the kernel edge failing cleanly
 * when the kernel has no L2TP (the tunnel comes up, the kernel tunnel cannot
 * be created: StopCCN to the server, CLOSED with "no L2TP support", DONE once
 * the server acknowledges), a StopCCN from the server, a close before the
 * server answers, and a close before start. No pppd runs here.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <cmocka.h>
#include <gio/gio.h>
#include <glib-unix.h>

#include "l2tp/l2tp_connection.h"
#include "l2tp/l2tp_error.h"
#include "l2tp/l2tp_kernel.h"
#include "l2tp/l2tp_message.h"
#include "l2tp/l2tp_result.h"

#define SRV_TUNNEL 29

/* --- configuration checks ------------------------------------------------ */

typedef struct ConfigCase {
	const char *what;
	const char *server;
	const char *user;
	bool no_password;
	const char *tunnel_secret; /* "" : an empty secret */
	const char *name;
	GQuark (*domain)(void); /* NULL: valid */
	int code;
	const char *message;
	bool hide_avps;
} ConfigCase;

static GQuark
io_error(void)
{
	return G_IO_ERROR;
}

static const ConfigCase config_cases[] = {
    {"IPv4 server", "192.0.2.1", "alice", false, NULL, NULL, NULL, 0, NULL, false},
    {"IPv6 server", "2001:db8::1", "alice", false, "s3cret", "office", NULL, 0, NULL, false},
    {"no server", NULL, "alice", false, NULL, NULL, io_error, G_IO_ERROR_INVALID_ARGUMENT,
	"L2TP connection: no server address", false},
    {"empty server", "", "alice", false, NULL, NULL, io_error, G_IO_ERROR_INVALID_ARGUMENT,
	"L2TP connection: no server address", false},
    {"host name, not an address", "vpn.example", "alice", false, NULL, NULL, io_error,
	G_IO_ERROR_INVALID_ARGUMENT, "L2TP connection: server 'vpn.example' is not an IP address",
	false},
    {"no user", "192.0.2.1", NULL, false, NULL, NULL, io_error, G_IO_ERROR_INVALID_ARGUMENT,
	"L2TP connection: no PPP user name", false},
    {"empty user", "192.0.2.1", "", false, NULL, NULL, io_error, G_IO_ERROR_INVALID_ARGUMENT,
	"L2TP connection: no PPP user name", false},
    {"no password", "192.0.2.1", "alice", true, NULL, NULL, io_error, G_IO_ERROR_INVALID_ARGUMENT,
	"L2TP connection: no PPP password for user alice", false},
    {"empty tunnel secret", "192.0.2.1", "alice", false, "", NULL, io_error,
	G_IO_ERROR_INVALID_ARGUMENT, "L2TP connection: the tunnel secret is empty", false},
    {"hide AVPs with a tunnel secret", "192.0.2.1", "alice", false, "s3cret", NULL, NULL, 0, NULL,
	true},
    {"hide AVPs without a tunnel secret", "192.0.2.1", "alice", false, NULL, NULL, io_error,
	G_IO_ERROR_INVALID_ARGUMENT, "L2TP connection: hiding AVPs needs a tunnel secret", true},
    /* pppd_options_render() checks the connection name */
    {"bad connection name", "192.0.2.1", "alice", false, NULL, "../etc", l2sec_ppp_error_quark,
	L2SEC_PPP_ERROR_START, "name", false},
};

static void
test_config_check(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(config_cases); i++) {
		const ConfigCase *t = &config_cases[i];
		g_autoptr(L2secSecret) pw = l2sec_secret_new_str("wonderland");
		g_autoptr(L2secSecret) ts =
		    t->tunnel_secret ? l2sec_secret_new_str(t->tunnel_secret) : NULL;
		g_autoptr(GError) error = NULL;
		L2tpConnectionConfig c = {
		    .server = t->server,
		    .tunnel_secret = ts,
		    .hide_avps = t->hide_avps,
		    .ppp = {.name = t->name,
			.user = t->user,
			.password = t->no_password ? NULL : pw},
		};
		bool ok = l2tp_connection_config_check(&c, &error);
		if (t->domain == NULL) {
			if (!ok)
				fail_msg("%s: refused: %s", t->what, error->message);
			/* and a connection can be made from it */
			g_autoptr(L2tpConnection) conn =
			    l2tp_connection_new(&c, NULL, NULL, &error);
			if (conn == NULL)
				fail_msg("%s: l2tp_connection_new: %s", t->what, error->message);
			continue;
		}
		if (ok)
			fail_msg("%s: accepted", t->what);
		if (!g_error_matches(error, t->domain(), t->code) ||
		    strstr(error->message, t->message) == NULL)
			fail_msg("%s: expected \"%s\" (code %d), got \"%s\" (code %d)", t->what,
			    t->message, t->code, error->message, error->code);
		g_clear_error(&error);
		if (l2tp_connection_new(&c, NULL, NULL, &error) != NULL)
			fail_msg("%s: l2tp_connection_new accepted it", t->what);
	}
}

/* --- a scripted server on loopback ------------------------------------------ */

typedef enum {
	SRV_FULL,    /* SCCRP to SCCRQ, ZLB for everything else */
	SRV_STOPCCN, /* StopCCN to SCCRQ */
	SRV_SILENT,  /* records, answers nothing but StopCCN (with a ZLB) */
} SrvMode;

typedef struct Lab {
	SrvMode mode;
	int srv_fd;
	uint16_t srv_port;
	uint16_t client_tunnel;
	uint16_t srv_ns, srv_nr;
	GArray *seen; /* uint16_t message types received (ZLB: 0) */
	uint16_t stopccn_result;
	/* what the connection reported */
	int n_closed, n_done, n_up;
	GError *closed_error;
	bool closed_was_null;
	GPtrArray *phases;
} Lab;

static void
srv_send(Lab *lab, GByteArray *w, const struct sockaddr_in *to)
{
	assert_int_equal(
	    sendto(lab->srv_fd, w->data, w->len, 0, (const struct sockaddr *)to, sizeof(*to)),
	    (ssize_t)w->len);
	g_byte_array_unref(w);
}

static gboolean
srv_readable(gint fd, GIOCondition cond, gpointer user_data)
{
	Lab *lab = user_data;
	uint8_t buf[2048];
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
	if (n <= 0)
		return G_SOURCE_CONTINUE;
	g_autoptr(GError) error = NULL;
	g_autoptr(L2tpMessage) m = l2tp_message_decode(buf, (size_t)n, NULL, &error);
	if (m == NULL)
		fail_msg("the client sent what does not decode: %s", error->message);
	g_array_append_val(lab->seen, m->type);
	if (m->zlb)
		return G_SOURCE_CONTINUE;
	lab->srv_nr = (uint16_t)(m->header.ns + 1);
	if (m->type == L2TP_MSG_SCCRQ) {
		assert_true(
		    l2tp_message_get_u16(m, L2TP_AVP_ASSIGNED_TUNNEL_ID, &lab->client_tunnel));
		size_t start;
		GByteArray *w = g_byte_array_new();
		if (lab->mode == SRV_FULL) {
			start = l2tp_message_begin(
			    w, lab->client_tunnel, 0, lab->srv_ns++, lab->srv_nr, L2TP_MSG_SCCRP);
			l2tp_avp_put_protocol_version(w);
			l2tp_avp_put_u32(w, L2TP_AVP_FRAMING_CAPABILITIES, L2TP_FRAMING_SYNC);
			l2tp_avp_put_string(w, L2TP_AVP_HOST_NAME, "lns");
			l2tp_avp_put_u16(w, L2TP_AVP_ASSIGNED_TUNNEL_ID, SRV_TUNNEL);
			l2tp_message_finish(w, start);
			srv_send(lab, w, &from);
			return G_SOURCE_CONTINUE;
		}
		if (lab->mode == SRV_STOPCCN) {
			start = l2tp_message_begin(
			    w, lab->client_tunnel, 0, lab->srv_ns++, lab->srv_nr, L2TP_MSG_STOPCCN);
			l2tp_avp_put_u16(w, L2TP_AVP_ASSIGNED_TUNNEL_ID, SRV_TUNNEL);
			l2tp_avp_put_result_code(
			    w, L2TP_STOPCCN_RESULT_NOT_AUTHORIZED, false, 0, NULL);
			l2tp_message_finish(w, start);
			srv_send(lab, w, &from);
			return G_SOURCE_CONTINUE;
		}
		g_byte_array_unref(w);
		return G_SOURCE_CONTINUE;
	}
	if (m->type == L2TP_MSG_STOPCCN) {
		const L2tpAvp *rc = l2tp_message_find(m, L2TP_AVP_RESULT_CODE);
		assert_non_null(rc);
		lab->stopccn_result = rc->v.result.result;
	} else if (lab->mode == SRV_SILENT) {
		return G_SOURCE_CONTINUE;
	}
	/* acknowledge */
	srv_send(lab,
	    l2tp_zlb_encode(lab->client_tunnel ? lab->client_tunnel : m->header.tunnel_id, 0,
		lab->srv_ns, lab->srv_nr),
	    &from);
	return G_SOURCE_CONTINUE;
}

static void
on_closed(const GError *error, void *user_data)
{
	Lab *lab = user_data;
	lab->n_closed++;
	lab->closed_was_null = error == NULL;
	if (error != NULL)
		lab->closed_error = g_error_copy(error);
}

static void
on_done(void *user_data)
{
	((Lab *)user_data)->n_done++;
}

static void
on_up(const L2tpConnectionUp *up, void *user_data)
{
	((Lab *)user_data)->n_up++;
}

static void
on_phase(const char *line, void *user_data)
{
	g_ptr_array_add(((Lab *)user_data)->phases, g_strdup(line));
}

static const L2tpConnectionCallbacks lab_cb = {on_up, on_closed, on_done, on_phase, NULL};

static Lab *
lab_new(SrvMode mode, guint *src)
{
	Lab *lab = g_new0(Lab, 1);
	lab->mode = mode;
	lab->seen = g_array_new(false, false, sizeof(uint16_t));
	lab->phases = g_ptr_array_new_with_free_func(g_free);
	lab->srv_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	assert_true(lab->srv_fd >= 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t al = sizeof(a);
	assert_int_equal(bind(lab->srv_fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(lab->srv_fd, (struct sockaddr *)&a, &al), 0);
	lab->srv_port = ntohs(a.sin_port);
	lab->srv_ns = 0;
	*src = g_unix_fd_add(lab->srv_fd, G_IO_IN, srv_readable, lab);
	return lab;
}

static void
lab_free(Lab *lab, guint src)
{
	g_source_remove(src);
	close(lab->srv_fd);
	g_array_free(lab->seen, true);
	g_ptr_array_free(lab->phases, true);
	g_clear_error(&lab->closed_error);
	g_free(lab);
}

static L2tpConnection *
lab_connect(Lab *lab)
{
	g_autoptr(L2secSecret) pw = l2sec_secret_new_str("wonderland");
	g_autoptr(GError) error = NULL;
	L2tpConnectionConfig c = {
	    .server = "127.0.0.1",
	    .server_port = lab->srv_port,
	    .ephemeral_port = true,
	    .host_name = "unit",
	    .ppp = {.name = "unit", .user = "alice", .password = pw, .runtime_dir = "/nonexistent"},
	};
	L2tpConnection *conn = l2tp_connection_new(&c, &lab_cb, lab, &error);
	if (conn == NULL)
		fail_msg("l2tp_connection_new: %s", error->message);
	if (!l2tp_connection_start(conn, &error))
		fail_msg("l2tp_connection_start: %s", error->message);
	return conn;
}

/* Run the main context until *counter > 0 or 5 s pass. */
static bool
run_until(int *counter)
{
	int64_t end = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;
	while (*counter == 0 && g_get_monotonic_time() < end)
		g_main_context_iteration(NULL, true);
	return *counter > 0;
}

static bool
seen(const Lab *lab, uint16_t type)
{
	for (guint i = 0; i < lab->seen->len; i++)
		if (g_array_index(lab->seen, uint16_t, i) == type)
			return true;
	return false;
}

static void
test_kernel_without_l2tp(void **state)
{
	g_autoptr(GError) probe = NULL;
	g_autoptr(L2tpKernel) k = l2tp_kernel_open(&probe);
	if (k != NULL) {
		print_message("this kernel has L2TP: the VM test covers the data path\n");
		skip();
	}
	guint src;
	Lab *lab = lab_new(SRV_FULL, &src);
	L2tpConnection *conn = lab_connect(lab);
	if (!run_until(&lab->n_done))
		fail_msg("not done within 5 s (closed %d, messages seen %u)", lab->n_closed,
		    lab->seen->len);
	assert_int_equal(lab->n_closed, 1);
	assert_int_equal(lab->n_done, 1);
	assert_int_equal(lab->n_up, 0);
	assert_non_null(lab->closed_error);
	/* the same error l2tp_kernel_open() gives */
	if (!g_error_matches(lab->closed_error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_KERNEL) ||
	    strcmp(lab->closed_error->message, probe->message) != 0)
		fail_msg("expected \"%s\", got \"%s\"", probe->message, lab->closed_error->message);
	/* the tunnel came up (SCCCN), then was closed with StopCCN */
	assert_true(seen(lab, L2TP_MSG_SCCRQ));
	assert_true(seen(lab, L2TP_MSG_SCCCN));
	assert_true(seen(lab, L2TP_MSG_STOPCCN));
	assert_false(seen(lab, L2TP_MSG_ICCN));
	assert_int_not_equal(lab->stopccn_result, 0);
	assert_int_equal(l2tp_connection_get_peer_tunnel_id(conn), SRV_TUNNEL);
	assert_true(l2tp_connection_is_done(conn));
	l2tp_connection_free(conn);
	lab_free(lab, src);
}

static void
test_peer_stopccn(void **state)
{
	guint src;
	Lab *lab = lab_new(SRV_STOPCCN, &src);
	L2tpConnection *conn = lab_connect(lab);
	if (!run_until(&lab->n_closed))
		fail_msg("not closed within 5 s");
	assert_true(
	    g_error_matches(lab->closed_error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_PEER_CLOSED));
	/* lingering to re-acknowledge (31 s): not done yet; freeing now is allowed */
	assert_int_equal(lab->n_done, 0);
	assert_int_equal(lab->n_up, 0);
	assert_false(l2tp_connection_is_done(conn));
	l2tp_connection_free(conn);
	/* nothing is reported after free */
	g_main_context_iteration(NULL, false);
	assert_int_equal(lab->n_closed, 1);
	lab_free(lab, src);
}

static void
test_close_while_waiting(void **state)
{
	guint src;
	Lab *lab = lab_new(SRV_SILENT, &src);
	L2tpConnection *conn = lab_connect(lab);
	/* the SCCRQ reaches the server */
	int64_t end = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;
	while (lab->seen->len == 0 && g_get_monotonic_time() < end)
		g_main_context_iteration(NULL, true);
	assert_true(seen(lab, L2TP_MSG_SCCRQ));
	l2tp_connection_close(conn);
	if (!run_until(&lab->n_done))
		fail_msg("not done within 5 s after close");
	assert_int_equal(lab->n_closed, 1);
	assert_true(lab->closed_was_null);
	assert_int_equal(lab->n_done, 1);
	l2tp_connection_close(conn); /* again: nothing more */
	assert_int_equal(lab->n_closed, 1);
	assert_int_equal(lab->n_done, 1);
	l2tp_connection_free(conn);
	lab_free(lab, src);
}

static void
test_close_before_start(void **state)
{
	Lab lab = {0};
	g_autoptr(L2secSecret) pw = l2sec_secret_new_str("wonderland");
	g_autoptr(GError) error = NULL;
	L2tpConnectionConfig c = {.server = "192.0.2.1", .ppp = {.user = "alice", .password = pw}};
	g_autoptr(L2tpConnection) conn = l2tp_connection_new(&c, &lab_cb, &lab, &error);
	assert_non_null(conn);
	l2tp_connection_close(conn);
	assert_int_equal(lab.n_closed, 1);
	assert_true(lab.closed_was_null);
	assert_int_equal(lab.n_done, 1);
	assert_true(l2tp_connection_is_done(conn));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_config_check),
	    cmocka_unit_test(test_kernel_without_l2tp),
	    cmocka_unit_test(test_peer_stopccn),
	    cmocka_unit_test(test_close_while_waiting),
	    cmocka_unit_test(test_close_before_start),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
