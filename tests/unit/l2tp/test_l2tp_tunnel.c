/*
 * Unit tests for l2tp/l2tp_tunnel.c: our LAC runs against a scripted L2TP
 * server built from the codec's writers, in-process. Each test is a trace
 * (SCCRQ -->, <-- SCCRP ...) with asserts on the actions the tunnel asks for
 * and its states; time is only the now_ms we inject, deadlines are computed
 * from it. Covers the full exchange, loss and backoff, the retransmission
 * limit, duplicates, reordering, the server's window, StopCCN and CDN from the
 * server, tunnel authentication both ways with and without a secret, hidden
 * AVPs, WEN/SLI, HELLO, unknown mandatory AVPs, data frames and FSM errors.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "l2tp/l2tp_error.h"
#include "l2tp/l2tp_hidden.h"
#include "l2tp/l2tp_message.h"
#include "l2tp/l2tp_result.h"
#include "l2tp/l2tp_tunnel.h"

#define SECRET "l2tpvectors"
#define OUR_TUNNEL 4711
#define OUR_SESSION 1
#define SRV_TUNNEL 29
#define SRV_SESSION 7
#define T0 100000 /* the monotonic clock when the test starts */

typedef struct Test {
	L2tpTunnel *t;
	L2tpActions *a;
	guint next;       /* the next action to look at */
	int64_t deadline; /* the last TIMER seen */
	int64_t now;
	L2secSecret *secret; /* the server's (and, when configured, ours) */
	/* the scripted server */
	uint16_t srv_ns, srv_nr;
	uint8_t challenge[16]; /* ours, from SCCRQ */
	size_t challenge_len;
} Test;

static Test *
tx_new_opts(const char *secret, bool client_has_secret, bool hide_avps, const L2tpStaleTunnel *stale)
{
	Test *x = g_new0(Test, 1);
	L2tpTunnelConfig c;

	x->secret = secret != NULL ? l2sec_secret_new_str(secret) : NULL;
	l2tp_tunnel_config_init(&c);
	c.local_tunnel_id = OUR_TUNNEL;
	c.local_session_id = OUR_SESSION;
	c.host_name = "laptop";
	c.secret = client_has_secret ? x->secret : NULL;
	c.hide_avps = hide_avps;
	if (stale != NULL)
		c.stale = *stale;
	x->t = l2tp_tunnel_new(&c);
	x->a = l2tp_actions_new();
	x->deadline = L2TP_NO_DEADLINE;
	x->now = T0;
	return x;
}

static Test *
tx_new(const char *secret, bool client_has_secret)
{
	return tx_new_opts(secret, client_has_secret, false, NULL);
}

static void
tx_free(Test *x)
{
	l2tp_tunnel_free(x->t);
	l2tp_actions_free(x->a);
	l2sec_secret_free(x->secret);
	g_free(x);
}

/* The next action that is not TIMER (TIMERs only update x->deadline). */
static L2tpAction *
take(Test *x)
{
	while (x->next < l2tp_actions_len(x->a)) {
		L2tpAction *a = l2tp_actions_get(x->a, x->next++);
		if (a->type != L2TP_ACTION_TIMER)
			return a;
		x->deadline = a->deadline_ms;
	}
	return NULL;
}

/* Everything the last events asked for was checked. */
static void
expect_end(Test *x)
{
	L2tpAction *a = take(x);
	if (a != NULL)
		fail_msg("unexpected action %d", a->type);
	l2tp_actions_clear(x->a);
	x->next = 0;
}

static void
expect_action(Test *x, L2tpActionType type)
{
	L2tpAction *a = take(x);
	if (a == NULL || a->type != type)
		fail_msg("expected action %d, got %d", type, a != NULL ? (int)a->type : -1);
}

/* The next action is SEND of a message of `type` (L2TP_MSG_NONE: ZLB) with this Ns and Nr. */
static L2tpMessage *
expect_send(Test *x, uint16_t type, uint16_t ns, uint16_t nr)
{
	L2tpAction *a = take(x);
	g_autoptr(GError) error = NULL;

	if (a == NULL || a->type != L2TP_ACTION_SEND)
		fail_msg("expected to send %s, got action %d", l2tp_message_type_name(type),
		    a != NULL ? (int)a->type : -1);
	gsize len;
	const uint8_t *p = g_bytes_get_data(a->bytes, &len);
	L2tpMessage *m = l2tp_message_decode(p, len, x->secret, &error);
	if (m == NULL)
		fail_msg("we sent what does not decode: %s", error->message);
	if (!l2tp_message_validate(m, &error))
		fail_msg("we sent what does not validate: %s", error->message);
	if (m->type != type || m->header.ns != ns || m->header.nr != nr)
		fail_msg("expected %s Ns %u Nr %u, sent %s Ns %u Nr %u",
		    l2tp_message_type_name(type), ns, nr, l2tp_message_type_name(m->type),
		    m->header.ns, m->header.nr);
	if (!m->zlb && m->header.ns == x->srv_nr)
		x->srv_nr++; /* the server takes it in */
	return m;
}

static void
expect_closed(Test *x, int code, const char *text)
{
	L2tpAction *a = take(x);
	if (a == NULL || a->type != L2TP_ACTION_CLOSED)
		fail_msg("expected CLOSED, got %d", a != NULL ? (int)a->type : -1);
	if (code < 0) {
		if (a->error != NULL)
			fail_msg("expected a requested close, got \"%s\"", a->error->message);
		return;
	}
	if (!g_error_matches(a->error, L2SEC_L2TP_ERROR, code) ||
	    strstr(a->error->message, text) == NULL)
		fail_msg("expected error %d with \"%s\", got %d \"%s\"", code, text,
		    a->error ? a->error->code : -1, a->error ? a->error->message : "(none)");
}

static void
expect_result(const L2tpMessage *m, uint16_t result, uint16_t error_code)
{
	const L2tpAvp *rc = l2tp_message_find(m, L2TP_AVP_RESULT_CODE);
	assert_non_null(rc);
	assert_int_equal(rc->v.result.result, result);
	assert_true(rc->v.result.has_error);
	assert_int_equal(rc->v.result.error, error_code);
}

/* The server's messages: its next Ns, its Nr. */
static GByteArray *
srv_begin(Test *x, uint16_t session, uint16_t type, size_t *start)
{
	GByteArray *w = g_byte_array_new();
	*start = l2tp_message_begin(w, OUR_TUNNEL, session, x->srv_ns++, x->srv_nr, type);
	return w;
}

static void
deliver(Test *x, const GByteArray *w)
{
	l2tp_tunnel_receive(x->t, w->data, w->len, x->now, x->a);
}

static void
timer(Test *x, int64_t at)
{
	x->now = at;
	l2tp_tunnel_on_timer(x->t, at, x->a);
}

typedef struct SccrpOpts {
	bool response;       /* answer our Challenge */
	bool wrong_response; /* ... with the wrong secret */
	bool challenge;      /* challenge us */
	bool hide_tunnel_id; /* Assigned Tunnel ID hidden (§4.3) */
	uint16_t rws;        /* 0: none */
	bool unknown_m;      /* an unknown AVP with the M bit */
} SccrpOpts;

static const uint8_t server_challenge[16] = "0123456789abcdef";

static GByteArray *
srv_sccrp(Test *x, const SccrpOpts *o)
{
	size_t start;
	GByteArray *w = srv_begin(x, 0, L2TP_MSG_SCCRP, &start);
	g_autoptr(GError) error = NULL;

	l2tp_avp_put_protocol_version(w);
	l2tp_avp_put_u32(w, L2TP_AVP_FRAMING_CAPABILITIES, L2TP_FRAMING_SYNC | L2TP_FRAMING_ASYNC);
	l2tp_avp_put_string(w, L2TP_AVP_HOST_NAME, "lns");
	l2tp_avp_put_string(w, L2TP_AVP_VENDOR_NAME, "scripted");
	if (o->hide_tunnel_id) {
		uint8_t rv[16];
		uint16_t id = GUINT16_TO_BE(SRV_TUNNEL);
		assert_true(l2tp_avp_put_random_vector(w, rv, &error));
		assert_true(l2tp_avp_put_hidden(
		    w, L2TP_AVP_ASSIGNED_TUNNEL_ID, &id, 2, x->secret, rv, sizeof(rv), &error));
	} else {
		l2tp_avp_put_u16(w, L2TP_AVP_ASSIGNED_TUNNEL_ID, SRV_TUNNEL);
	}
	if (o->rws != 0)
		l2tp_avp_put_u16(w, L2TP_AVP_RECEIVE_WINDOW_SIZE, o->rws);
	if (o->response) {
		g_autoptr(L2secSecret) wrong = l2sec_secret_new_str("wrongsecret");
		assert_true(l2tp_avp_put_challenge_response(w, L2TP_CHAP_ID_SCCRP,
		    o->wrong_response ? wrong : x->secret, x->challenge, x->challenge_len, &error));
	}
	if (o->challenge)
		l2tp_avp_put_bytes(
		    w, L2TP_AVP_CHALLENGE, server_challenge, sizeof(server_challenge));
	if (o->unknown_m)
		l2tp_avp_put_raw(w, true, false, 0, 77, "x", 1);
	l2tp_message_finish(w, start);
	return w;
}

static GByteArray *
srv_zlb(Test *x, uint16_t session)
{
	return l2tp_zlb_encode(OUR_TUNNEL, session, x->srv_ns, x->srv_nr);
}

static GByteArray *
srv_simple(Test *x, uint16_t session, uint16_t type)
{
	size_t start;
	GByteArray *w = srv_begin(x, session, type, &start);
	l2tp_message_finish(w, start);
	return w;
}

static GByteArray *
srv_icrp(Test *x, bool unknown_m)
{
	size_t start;
	GByteArray *w = srv_begin(x, OUR_SESSION, L2TP_MSG_ICRP, &start);
	l2tp_avp_put_u16(w, L2TP_AVP_ASSIGNED_SESSION_ID, SRV_SESSION);
	if (unknown_m)
		l2tp_avp_put_raw(w, true, false, 0, 77, "x", 1);
	l2tp_message_finish(w, start);
	return w;
}

static GByteArray *
srv_cdn(Test *x, uint16_t result, uint16_t error_code, const char *text)
{
	size_t start;
	GByteArray *w = srv_begin(x, OUR_SESSION, L2TP_MSG_CDN, &start);
	l2tp_avp_put_result_code(w, result, true, error_code, text);
	l2tp_avp_put_u16(w, L2TP_AVP_ASSIGNED_SESSION_ID, SRV_SESSION);
	l2tp_message_finish(w, start);
	return w;
}

static GByteArray *
srv_stopccn(Test *x, uint16_t result, uint16_t error_code, const char *text)
{
	size_t start;
	GByteArray *w = srv_begin(x, 0, L2TP_MSG_STOPCCN, &start);
	l2tp_avp_put_u16(w, L2TP_AVP_ASSIGNED_TUNNEL_ID, SRV_TUNNEL);
	l2tp_avp_put_result_code(w, result, true, error_code, text);
	l2tp_message_finish(w, start);
	return w;
}

/* SCCRQ -->; the SCCRQ checked and its Challenge kept */
static void
open_tunnel(Test *x, bool challenge)
{
	l2tp_tunnel_open(x->t, x->now, x->a);
	/* SCCRQ --> */
	g_autoptr(L2tpMessage) rq = expect_send(x, L2TP_MSG_SCCRQ, 0, 0);
	expect_end(x);
	assert_int_equal(rq->header.tunnel_id, 0);
	uint16_t u16;
	assert_true(l2tp_message_get_u16(rq, L2TP_AVP_ASSIGNED_TUNNEL_ID, &u16));
	assert_int_equal(u16, OUR_TUNNEL);
	assert_true(l2tp_message_get_u16(rq, L2TP_AVP_RECEIVE_WINDOW_SIZE, &u16));
	assert_true(l2tp_message_find(rq, L2TP_AVP_BEARER_CAPABILITIES) != NULL);
	assert_true(l2tp_message_find(rq, L2TP_AVP_VENDOR_NAME) != NULL);
	assert_true(l2tp_message_find(rq, L2TP_AVP_FIRMWARE_REVISION) != NULL);
	assert_null(l2tp_message_find(rq, L2TP_AVP_TIE_BREAKER));
	/* never hidden: the server may need the Host Name to find the secret first */
	assert_null(l2tp_message_find(rq, L2TP_AVP_RANDOM_VECTOR));
	for (guint i = 0; i < l2tp_message_n_avps(rq); i++)
		assert_false(l2tp_message_avp(rq, i)->hidden);
	const L2tpAvp *h = l2tp_message_find(rq, L2TP_AVP_HOST_NAME);
	assert_int_equal(h->value_len, 6);
	assert_memory_equal(h->value, "laptop", 6);
	const L2tpAvp *ch = l2tp_message_find(rq, L2TP_AVP_CHALLENGE);
	assert_int_equal(ch != NULL, challenge);
	if (ch != NULL) {
		assert_int_equal(ch->value_len, 16);
		memcpy(x->challenge, ch->value, 16);
		x->challenge_len = 16;
	}
	assert_int_equal(l2tp_tunnel_get_state(x->t), L2TP_TUNNEL_WAIT_CTL_REPLY);
	assert_int_equal(x->deadline, x->now + 1000);
}

/* <-- SCCRP; SCCCN -->, tunnel up, ICRQ --> */
static void
accept_sccrp(Test *x, const SccrpOpts *o)
{
	g_autoptr(GByteArray) rp = srv_sccrp(x, o);
	deliver(x, rp);
	g_autoptr(L2tpMessage) cn = expect_send(x, L2TP_MSG_SCCCN, 1, 1);
	assert_int_equal(cn->header.tunnel_id, SRV_TUNNEL);
	L2tpAction *up = take(x);
	assert_int_equal(up->type, L2TP_ACTION_TUNNEL_UP);
	assert_int_equal(up->local_tunnel_id, OUR_TUNNEL);
	assert_int_equal(up->peer_tunnel_id, SRV_TUNNEL);
	g_autoptr(L2tpMessage) icrq = expect_send(x, L2TP_MSG_ICRQ, 2, 1);
	expect_end(x);
	uint16_t sid;
	assert_true(l2tp_message_get_u16(icrq, L2TP_AVP_ASSIGNED_SESSION_ID, &sid));
	assert_int_equal(sid, OUR_SESSION);
	assert_non_null(l2tp_message_find(icrq, L2TP_AVP_CALL_SERIAL_NUMBER));
	assert_int_equal(l2tp_tunnel_get_state(x->t), L2TP_TUNNEL_ESTABLISHED);
	assert_int_equal(l2tp_tunnel_get_session_state(x->t), L2TP_SESSION_WAIT_REPLY);
}

/* <-- ICRP; ICCN -->, session up */
static void
accept_icrp(Test *x)
{
	g_autoptr(GByteArray) icrp = srv_icrp(x, false);
	deliver(x, icrp);
	/* the kernel session first, so it is there when the server's PPP frames follow ICCN */
	L2tpAction *up = take(x);
	assert_int_equal(up->type, L2TP_ACTION_SESSION_UP);
	assert_int_equal(up->local_tunnel_id, OUR_TUNNEL);
	assert_int_equal(up->peer_tunnel_id, SRV_TUNNEL);
	assert_int_equal(up->local_session_id, OUR_SESSION);
	assert_int_equal(up->peer_session_id, SRV_SESSION);
	g_autoptr(L2tpMessage) iccn = expect_send(x, L2TP_MSG_ICCN, 3, 2);
	assert_int_equal(iccn->header.session_id, SRV_SESSION);
	expect_end(x);
	assert_int_equal(l2tp_tunnel_get_session_state(x->t), L2TP_SESSION_ESTABLISHED);
}

/* The whole way up: SCCRQ, SCCRP, SCCCN, ICRQ, ICRP, ICCN, acknowledged. */
static Test *
established(void)
{
	Test *x = tx_new(NULL, false);
	SccrpOpts o = {0};

	open_tunnel(x, false);
	accept_sccrp(x, &o);
	accept_icrp(x);
	/* <-- ZLB */
	g_autoptr(GByteArray) zlb = srv_zlb(x, 0);
	deliver(x, zlb);
	expect_end(x);
	return x;
}

static void
test_full_exchange(void **state)
{
	Test *x = established();

	/* nothing in flight: the timer is the HELLO */
	assert_int_equal(x->deadline, x->now + L2TP_HELLO_INTERVAL_MS);
	/* the supervisor hangs up: CDN -->, StopCCN --> */
	l2tp_tunnel_close(x->t, x->now, x->a);
	expect_closed(x, -1, NULL);
	L2tpAction *down = take(x);
	assert_int_equal(down->type, L2TP_ACTION_SESSION_DOWN);
	assert_int_equal(down->peer_session_id, SRV_SESSION);
	g_autoptr(L2tpMessage) cdn = expect_send(x, L2TP_MSG_CDN, 4, 2);
	expect_result(cdn, L2TP_CDN_RESULT_ADMIN, 0);
	g_autoptr(L2tpMessage) stop = expect_send(x, L2TP_MSG_STOPCCN, 5, 2);
	expect_result(stop, L2TP_STOPCCN_RESULT_CLEAR, 0);
	expect_end(x);
	assert_int_equal(l2tp_tunnel_get_state(x->t), L2TP_TUNNEL_CLOSING);
	/* <-- ZLB acknowledging both: done */
	g_autoptr(GByteArray) zlb = srv_zlb(x, 0);
	deliver(x, zlb);
	expect_action(x, L2TP_ACTION_DONE);
	expect_end(x);
	assert_int_equal(x->deadline, L2TP_NO_DEADLINE);
	assert_int_equal(l2tp_tunnel_get_state(x->t), L2TP_TUNNEL_DONE);
	tx_free(x);
}

static void
test_loss_and_backoff(void **state)
{
	Test *x = tx_new(NULL, false);
	SccrpOpts o = {0};

	open_tunnel(x, false);
	/* SCCRQ lost: retransmitted with the same Ns after 1 s, then after 2 s more */
	timer(x, T0 + 999); /* early: nothing */
	expect_end(x);
	timer(x, T0 + 1000);
	g_autoptr(L2tpMessage) r1 = expect_send(x, L2TP_MSG_SCCRQ, 0, 0);
	expect_end(x);
	assert_int_equal(x->deadline, T0 + 1000 + 2000);
	timer(x, T0 + 3000);
	g_autoptr(L2tpMessage) r2 = expect_send(x, L2TP_MSG_SCCRQ, 0, 0);
	expect_end(x);
	assert_int_equal(x->deadline, T0 + 3000 + 4000);
	/* <-- SCCRP, lost */
	g_autoptr(GByteArray) lost = srv_sccrp(x, &o);
	(void)lost;
	/* SCCRQ --> again (the server answers it with the same SCCRP) */
	timer(x, T0 + 7000);
	g_autoptr(L2tpMessage) r3 = expect_send(x, L2TP_MSG_SCCRQ, 0, 0);
	expect_end(x);
	assert_int_equal(x->deadline, T0 + 7000 + 8000);
	x->srv_ns--; /* the retransmitted SCCRP has the same Ns */
	accept_sccrp(x, &o);
	/* the new message restarts the timer at 1 s */
	assert_int_equal(x->deadline, T0 + 7000 + 1000);
	/* SCCCN unacknowledged: retransmitted with its Ns 1 */
	timer(x, T0 + 8000);
	g_autoptr(L2tpMessage) r4 = expect_send(x, L2TP_MSG_SCCCN, 1, 1);
	expect_end(x);
	tx_free(x);
}

static void
test_retransmission_limit(void **state)
{
	Test *x = tx_new(NULL, false);
	static const int64_t at[] = {1000, 3000, 7000, 15000, 23000};

	open_tunnel(x, false);
	for (size_t i = 0; i < G_N_ELEMENTS(at); i++) {
		assert_int_equal(x->deadline, T0 + at[i]);
		timer(x, T0 + at[i]);
		g_autoptr(L2tpMessage) m = expect_send(x, L2TP_MSG_SCCRQ, 0, 0);
		expect_end(x);
	}
	/* 8 s after the fifth retransmission: give up */
	assert_int_equal(x->deadline, T0 + 31000);
	timer(x, T0 + 31000);
	expect_closed(x, L2SEC_L2TP_ERROR_TIMEOUT,
	    "L2TP: the server did not answer SCCRQ after 5 retransmissions");
	expect_action(x, L2TP_ACTION_DONE);
	expect_end(x);
	assert_int_equal(x->deadline, L2TP_NO_DEADLINE);
	tx_free(x);
}

static void
test_duplicate_reacknowledged(void **state)
{
	Test *x = tx_new(NULL, false);
	SccrpOpts o = {0};

	open_tunnel(x, false);
	accept_sccrp(x, &o);
	/* <-- SCCRP again (our SCCCN was late): a ZLB re-acknowledges it, nothing else */
	x->srv_ns--;
	x->srv_nr = 1;
	g_autoptr(GByteArray) dup = srv_sccrp(x, &o);
	deliver(x, dup);
	g_autoptr(L2tpMessage) zlb = expect_send(x, L2TP_MSG_NONE, 3, 1);
	expect_end(x);
	assert_int_equal(l2tp_tunnel_get_state(x->t), L2TP_TUNNEL_ESTABLISHED);
	tx_free(x);
}

static void
test_reordering(void **state)
{
	Test *x = tx_new(NULL, false);
	SccrpOpts o = {0};

	open_tunnel(x, false);
	accept_sccrp(x, &o);
	/* the server sends ICRP (Ns 1) then HELLO (Ns 2); HELLO arrives first */
	g_autoptr(GByteArray) icrp = srv_icrp(x, false);
	g_autoptr(GByteArray) hello = srv_simple(x, 0, L2TP_MSG_HELLO);
	deliver(x, hello);
	expect_end(x); /* held: nothing to acknowledge yet */
	deliver(x, icrp);
	/* ICCN --> answers ICRP, then the held HELLO is delivered and acknowledged */
	expect_action(x, L2TP_ACTION_SESSION_UP);
	g_autoptr(L2tpMessage) iccn = expect_send(x, L2TP_MSG_ICCN, 3, 2);
	g_autoptr(L2tpMessage) zlb = expect_send(x, L2TP_MSG_NONE, 4, 3);
	expect_end(x);
	tx_free(x);
}

static void
test_peer_window(void **state)
{
	Test *x = tx_new(NULL, false);
	SccrpOpts o = {.rws = 1};

	open_tunnel(x, false);
	g_autoptr(GByteArray) rp = srv_sccrp(x, &o);
	deliver(x, rp);
	/* window 1: SCCCN goes, ICRQ waits for its acknowledgement */
	g_autoptr(L2tpMessage) cn = expect_send(x, L2TP_MSG_SCCCN, 1, 1);
	expect_action(x, L2TP_ACTION_TUNNEL_UP);
	expect_end(x);
	/* <-- ZLB */
	g_autoptr(GByteArray) zlb = srv_zlb(x, 0);
	deliver(x, zlb);
	g_autoptr(L2tpMessage) icrq = expect_send(x, L2TP_MSG_ICRQ, 2, 1);
	expect_end(x);
	tx_free(x);
}

static void
test_stopccn_from_server(void **state)
{
	Test *x = established();

	/* <-- StopCCN */
	g_autoptr(GByteArray) stop = srv_stopccn(x, 2, 6, "shutting down for maintenance");
	deliver(x, stop);
	expect_action(x, L2TP_ACTION_SESSION_DOWN);
	expect_closed(x, L2SEC_L2TP_ERROR_PEER_CLOSED,
	    "L2TP: the server closed the tunnel: StopCCN: result 2 (general error, Error Code "
	    "indicates the problem), error 6 (a generic vendor-specific error occurred in the "
	    "LAC), \"shutting down for maintenance\"");
	/* ZLB --> */
	g_autoptr(L2tpMessage) ack = expect_send(x, L2TP_MSG_NONE, 4, 3);
	expect_end(x);
	assert_int_equal(l2tp_tunnel_get_state(x->t), L2TP_TUNNEL_LINGER);
	assert_int_equal(x->deadline, x->now + L2TP_LINGER_MS);
	/* <-- StopCCN again (our ZLB was lost): ZLB again */
	x->srv_ns--;
	g_autoptr(GByteArray) again = srv_stopccn(x, 2, 6, "shutting down for maintenance");
	deliver(x, again);
	g_autoptr(L2tpMessage) ack2 = expect_send(x, L2TP_MSG_NONE, 4, 3);
	expect_end(x);
	/* a full retransmission cycle later: done */
	timer(x, x->deadline);
	expect_action(x, L2TP_ACTION_DONE);
	expect_end(x);
	tx_free(x);
}

static void
test_stopccn_instead_of_sccrp(void **state)
{
	Test *x = tx_new(NULL, false);

	open_tunnel(x, false);
	/* <-- StopCCN: the server refuses the tunnel; ZLB --> to its tunnel id */
	g_autoptr(GByteArray) stop = srv_stopccn(x, 4, 0, "not allowed");
	deliver(x, stop);
	expect_closed(x, L2SEC_L2TP_ERROR_PEER_CLOSED,
	    "StopCCN: result 4 (requester is not authorized to establish a control channel), "
	    "error 0, \"not allowed\" (wrong tunnel secret?)");
	g_autoptr(L2tpMessage) ack = expect_send(x, L2TP_MSG_NONE, 1, 1);
	assert_int_equal(ack->header.tunnel_id, SRV_TUNNEL);
	expect_end(x);
	assert_int_equal(l2tp_tunnel_get_state(x->t), L2TP_TUNNEL_LINGER);
	tx_free(x);
}

static void
test_crossing_stopccn(void **state)
{
	Test *x = established();

	l2tp_tunnel_close(x->t, x->now, x->a);
	expect_closed(x, -1, NULL);
	expect_action(x, L2TP_ACTION_SESSION_DOWN);
	g_autoptr(L2tpMessage) cdn = expect_send(x, L2TP_MSG_CDN, 4, 2);
	g_autoptr(L2tpMessage) stop = expect_send(x, L2TP_MSG_STOPCCN, 5, 2);
	expect_end(x);
	/* <-- the server's own StopCCN, not acknowledging ours: ZLB -->, no more retransmissions */
	x->srv_nr = 4;
	g_autoptr(GByteArray) theirs = srv_stopccn(x, 6, 0, NULL);
	deliver(x, theirs);
	g_autoptr(L2tpMessage) ack = expect_send(x, L2TP_MSG_NONE, 6, 3);
	expect_end(x);
	assert_int_equal(l2tp_tunnel_get_state(x->t), L2TP_TUNNEL_LINGER);
	assert_int_equal(x->deadline, x->now + L2TP_LINGER_MS);
	timer(x, x->deadline);
	expect_action(x, L2TP_ACTION_DONE);
	expect_end(x);
	tx_free(x);
}

static void
test_cdn_from_server(void **state)
{
	Test *x = established();

	/* <-- CDN */
	g_autoptr(GByteArray) cdn = srv_cdn(x, 3, 0, "idle timeout");
	deliver(x, cdn);
	expect_action(x, L2TP_ACTION_SESSION_DOWN);
	expect_closed(x, L2SEC_L2TP_ERROR_PEER_CLOSED,
	    "L2TP: the server disconnected the call: CDN: result 3 (call disconnected for "
	    "administrative reasons), error 0, \"idle timeout\"");
	/* StopCCN --> acknowledges the CDN */
	g_autoptr(L2tpMessage) stop = expect_send(x, L2TP_MSG_STOPCCN, 4, 3);
	expect_end(x);
	assert_int_equal(l2tp_tunnel_get_state(x->t), L2TP_TUNNEL_CLOSING);
	/* StopCCN lost, retransmitted */
	timer(x, x->deadline);
	g_autoptr(L2tpMessage) again = expect_send(x, L2TP_MSG_STOPCCN, 4, 3);
	expect_end(x);
	/* <-- ZLB */
	g_autoptr(GByteArray) zlb = srv_zlb(x, 0);
	deliver(x, zlb);
	expect_action(x, L2TP_ACTION_DONE);
	expect_end(x);
	tx_free(x);
}

static void
test_challenge_both_ways(void **state)
{
	Test *x = tx_new(SECRET, true);
	SccrpOpts o = {.response = true, .challenge = true};
	g_autoptr(GError) error = NULL;

	open_tunnel(x, true);
	g_autoptr(GByteArray) rp = srv_sccrp(x, &o);
	deliver(x, rp);
	/* SCCCN --> answers the server's Challenge: MD5(3 | secret | challenge) (§4.2) */
	g_autoptr(L2tpMessage) cn = expect_send(x, L2TP_MSG_SCCCN, 1, 1);
	const L2tpAvp *r = l2tp_message_find(cn, L2TP_AVP_CHALLENGE_RESPONSE);
	assert_non_null(r);
	assert_true(l2tp_challenge_response_verify(L2TP_CHAP_ID_SCCCN, x->secret, server_challenge,
	    sizeof(server_challenge), r->value, r->value_len, &error));
	expect_action(x, L2TP_ACTION_TUNNEL_UP);
	g_autoptr(L2tpMessage) icrq = expect_send(x, L2TP_MSG_ICRQ, 2, 1);
	expect_end(x);
	tx_free(x);
}

static void
test_challenge_wrong_secret(void **state)
{
	Test *x = tx_new(SECRET, true);
	SccrpOpts o = {.response = true, .wrong_response = true};

	open_tunnel(x, true);
	g_autoptr(GByteArray) rp = srv_sccrp(x, &o);
	deliver(x, rp);
	expect_closed(x, L2SEC_L2TP_ERROR_AUTH_FAILED,
	    "L2TP: the server failed tunnel authentication (wrong tunnel secret?)");
	/* StopCCN --> result 4 (§4.4.2), to the server's tunnel id */
	g_autoptr(L2tpMessage) stop = expect_send(x, L2TP_MSG_STOPCCN, 1, 1);
	assert_int_equal(stop->header.tunnel_id, SRV_TUNNEL);
	expect_result(stop, L2TP_STOPCCN_RESULT_NOT_AUTHORIZED, 0);
	expect_end(x);

	/* no response at all is refused too */
	Test *y = tx_new(SECRET, true);
	SccrpOpts none = {0};
	open_tunnel(y, true);
	g_autoptr(GByteArray) rp2 = srv_sccrp(y, &none);
	deliver(y, rp2);
	expect_closed(y, L2SEC_L2TP_ERROR_AUTH_FAILED, "did not answer our tunnel authentication");
	tx_free(y);
	tx_free(x);
}

static void
test_challenge_without_secret(void **state)
{
	Test *x = tx_new(SECRET, false); /* the server has one, we do not */
	SccrpOpts o = {.challenge = true};

	open_tunnel(x, false);
	g_autoptr(GByteArray) rp = srv_sccrp(x, &o);
	deliver(x, rp);
	expect_closed(x, L2SEC_L2TP_ERROR_AUTH_FAILED,
	    "the server asks for tunnel authentication; set [l2tp] tunnel-secret");
	g_autoptr(L2tpMessage) stop = expect_send(x, L2TP_MSG_STOPCCN, 1, 1);
	expect_result(stop, L2TP_STOPCCN_RESULT_GENERAL_ERROR, L2TP_ERROR_VENDOR);
	expect_end(x);
	tx_free(x);
}

static void
test_hidden_avps(void **state)
{
	/* with the secret: the hidden Assigned Tunnel ID is revealed */
	Test *x = tx_new(SECRET, true);
	SccrpOpts o = {.response = true, .hide_tunnel_id = true};
	open_tunnel(x, true);
	accept_sccrp(x, &o);
	assert_int_equal(l2tp_tunnel_get_peer_id(x->t), SRV_TUNNEL);
	tx_free(x);

	/* without: a clear error; no StopCCN, the server's id is hidden */
	Test *y = tx_new(SECRET, false);
	SccrpOpts p = {.hide_tunnel_id = true};
	open_tunnel(y, false);
	g_autoptr(GByteArray) rp = srv_sccrp(y, &p);
	deliver(y, rp);
	expect_closed(y, L2SEC_L2TP_ERROR_HIDDEN, "; set [l2tp] tunnel-secret");
	expect_action(y, L2TP_ACTION_DONE);
	expect_end(y);
	tx_free(y);
}

/* The Result Code's message of m, as a string. */
static char *
result_message(const L2tpMessage *m)
{
	const L2tpAvp *rc = l2tp_message_find(m, L2TP_AVP_RESULT_CODE);
	assert_non_null(rc);
	return g_strndup(rc->v.result.message, rc->v.result.message_len);
}

/*
 * A failure on our side (pppd ended): CDN result 2 / error 6 (§4.4.2) and a
 * StopCCN, both saying why; a plain close says "disconnected by the user".
 */
static void
test_close_failed(void **state)
{
	static const struct {
		const char *why; /* NULL: l2tp_tunnel_close() */
		uint16_t cdn_result, cdn_error;
		const char *text;
	} cases[] = {
	    {NULL, L2TP_CDN_RESULT_ADMIN, L2TP_ERROR_NONE, "disconnected by the user"},
	    {"PPP ended on the client", L2TP_CDN_RESULT_GENERAL_ERROR, L2TP_ERROR_VENDOR,
		"PPP ended on the client"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		Test *x = established();
		if (cases[i].why != NULL)
			l2tp_tunnel_close_failed(x->t, cases[i].why, x->now, x->a);
		else
			l2tp_tunnel_close(x->t, x->now, x->a);
		expect_closed(x, -1, NULL); /* the edge reports its own error */
		expect_action(x, L2TP_ACTION_SESSION_DOWN);
		g_autoptr(L2tpMessage) cdn = expect_send(x, L2TP_MSG_CDN, 4, 2);
		expect_result(cdn, cases[i].cdn_result, cases[i].cdn_error);
		g_autofree char *cdn_text = result_message(cdn);
		g_autoptr(L2tpMessage) stop = expect_send(x, L2TP_MSG_STOPCCN, 5, 2);
		expect_result(stop, L2TP_STOPCCN_RESULT_CLEAR, L2TP_ERROR_NONE);
		g_autofree char *stop_text = result_message(stop);
		if (strcmp(cdn_text, cases[i].text) != 0 || strcmp(stop_text, cases[i].text) != 0)
			fail_msg("case %zu: CDN says \"%s\", StopCCN \"%s\", expected \"%s\"", i,
			    cdn_text, stop_text, cases[i].text);
		expect_end(x);
		assert_int_equal(l2tp_tunnel_get_state(x->t), L2TP_TUNNEL_CLOSING);
		tx_free(x);
	}
}

/* Is AVP `type` of m hidden, after a Random Vector (§4.3)? */
static bool
avp_hidden(const L2tpMessage *m, uint16_t type)
{
	bool rv = false;
	for (guint i = 0; i < l2tp_message_n_avps(m); i++) {
		const L2tpAvp *a = l2tp_message_avp(m, i);
		if (a->type == L2TP_AVP_RANDOM_VECTOR)
			rv = true;
		else if (a->type == type)
			return a->hidden && rv;
	}
	fail_msg("no %s in %s", l2tp_avp_type_name(type), l2tp_message_type_name(m->type));
	return false;
}

/*
 * hide_avps (§4.3 on send, xl2tpd's `hidden bit`): SCCRQ in clear (checked in
 * open_tunnel()), then from SCCCN on what may be hidden is hidden: the
 * Challenge Response, the call's ids, ICCN's speeds and framing, CDN's and
 * StopCCN's ids; Result Codes in clear. expect_send() decodes with the secret.
 */
static void
test_hide_avps_sent(void **state)
{
	Test *x = tx_new_opts(SECRET, true, true, NULL);
	SccrpOpts o = {.response = true, .challenge = true};
	g_autoptr(GError) error = NULL;

	open_tunnel(x, true);
	g_autoptr(GByteArray) rp = srv_sccrp(x, &o);
	deliver(x, rp);
	g_autoptr(L2tpMessage) cn = expect_send(x, L2TP_MSG_SCCCN, 1, 1);
	assert_true(avp_hidden(cn, L2TP_AVP_CHALLENGE_RESPONSE));
	const L2tpAvp *r = l2tp_message_find(cn, L2TP_AVP_CHALLENGE_RESPONSE);
	assert_true(l2tp_challenge_response_verify(L2TP_CHAP_ID_SCCCN, x->secret, server_challenge,
	    sizeof(server_challenge), r->value, r->value_len, &error));
	expect_action(x, L2TP_ACTION_TUNNEL_UP);
	g_autoptr(L2tpMessage) icrq = expect_send(x, L2TP_MSG_ICRQ, 2, 1);
	assert_true(avp_hidden(icrq, L2TP_AVP_ASSIGNED_SESSION_ID));
	assert_true(avp_hidden(icrq, L2TP_AVP_CALL_SERIAL_NUMBER));
	uint16_t sid;
	assert_true(l2tp_message_get_u16(icrq, L2TP_AVP_ASSIGNED_SESSION_ID, &sid));
	assert_int_equal(sid, OUR_SESSION);
	expect_end(x);

	g_autoptr(GByteArray) icrp = srv_icrp(x, false);
	deliver(x, icrp);
	expect_action(x, L2TP_ACTION_SESSION_UP);
	g_autoptr(L2tpMessage) iccn = expect_send(x, L2TP_MSG_ICCN, 3, 2);
	assert_true(avp_hidden(iccn, L2TP_AVP_FRAMING_TYPE));
	assert_true(avp_hidden(iccn, L2TP_AVP_TX_CONNECT_SPEED));
	expect_end(x);

	l2tp_tunnel_close(x->t, x->now, x->a);
	expect_closed(x, -1, NULL);
	expect_action(x, L2TP_ACTION_SESSION_DOWN);
	g_autoptr(L2tpMessage) cdn = expect_send(x, L2TP_MSG_CDN, 4, 2);
	assert_true(avp_hidden(cdn, L2TP_AVP_ASSIGNED_SESSION_ID));
	assert_false(avp_hidden(cdn, L2TP_AVP_RESULT_CODE));
	g_autoptr(L2tpMessage) stop = expect_send(x, L2TP_MSG_STOPCCN, 5, 2);
	assert_true(avp_hidden(stop, L2TP_AVP_ASSIGNED_TUNNEL_ID));
	uint16_t tid;
	assert_true(l2tp_message_get_u16(stop, L2TP_AVP_ASSIGNED_TUNNEL_ID, &tid));
	assert_int_equal(tid, OUR_TUNNEL);
	expect_result(stop, L2TP_STOPCCN_RESULT_CLEAR, 0);
	expect_end(x);
	tx_free(x);

	/* hide_avps without a tunnel secret: nothing can be hidden, everything in clear */
	Test *y = tx_new_opts(NULL, false, true, NULL);
	SccrpOpts none = {0};
	open_tunnel(y, false);
	g_autoptr(GByteArray) rp2 = srv_sccrp(y, &none);
	deliver(y, rp2);
	g_autoptr(L2tpMessage) cn2 = expect_send(y, L2TP_MSG_SCCCN, 1, 1);
	expect_action(y, L2TP_ACTION_TUNNEL_UP);
	g_autoptr(L2tpMessage) icrq2 = expect_send(y, L2TP_MSG_ICRQ, 2, 1);
	assert_null(l2tp_message_find(icrq2, L2TP_AVP_RANDOM_VECTOR));
	assert_false(avp_hidden(icrq2, L2TP_AVP_ASSIGNED_SESSION_ID));
	expect_end(y);
	tx_free(y);

	/* the server fails our challenge: the StopCCN is not hidden with an unproven secret */
	Test *z = tx_new_opts(SECRET, true, true, NULL);
	SccrpOpts wrong = {.response = true, .wrong_response = true};
	open_tunnel(z, true);
	g_autoptr(GByteArray) rp3 = srv_sccrp(z, &wrong);
	deliver(z, rp3);
	expect_closed(z, L2SEC_L2TP_ERROR_AUTH_FAILED, "failed tunnel authentication");
	g_autoptr(L2tpMessage) stop3 = expect_send(z, L2TP_MSG_STOPCCN, 1, 1);
	assert_null(l2tp_message_find(stop3, L2TP_AVP_RANDOM_VECTOR));
	expect_end(z);
	tx_free(z);
}

static void
test_wen_sli_hello_accepted(void **state)
{
	Test *x = established();
	uint16_t ns = 4;

	/* <-- SLI, WEN, HELLO: each acknowledged by a ZLB, the call stays up */
	static const uint16_t types[] = {L2TP_MSG_SLI, L2TP_MSG_WEN, L2TP_MSG_HELLO};
	for (size_t i = 0; i < G_N_ELEMENTS(types); i++) {
		size_t start;
		uint16_t session = types[i] == L2TP_MSG_HELLO ? 0 : OUR_SESSION;
		g_autoptr(GByteArray) w = srv_begin(x, session, types[i], &start);
		if (types[i] == L2TP_MSG_SLI)
			l2tp_avp_put_accm(w, 0xffffffff, 0xffffffff);
		if (types[i] == L2TP_MSG_WEN) {
			L2tpCallErrors e = {.crc = 1, .timeout = 2};
			l2tp_avp_put_call_errors(w, &e);
		}
		l2tp_message_finish(w, start);
		deliver(x, w);
		g_autoptr(L2tpMessage) zlb = expect_send(x, L2TP_MSG_NONE, ns, x->srv_ns);
		expect_end(x);
	}
	assert_int_equal(l2tp_tunnel_get_state(x->t), L2TP_TUNNEL_ESTABLISHED);
	assert_int_equal(l2tp_tunnel_get_session_state(x->t), L2TP_SESSION_ESTABLISHED);
	tx_free(x);
}

static void
test_hello_after_silence(void **state)
{
	Test *x = established();
	int64_t due = x->now + L2TP_HELLO_INTERVAL_MS;

	assert_int_equal(x->deadline, due);
	/* a message from the server 10 s later pushes the HELLO back */
	x->now += 10000;
	g_autoptr(GByteArray) zlb = srv_zlb(x, 0);
	deliver(x, zlb);
	expect_end(x);
	assert_int_equal(x->deadline, due + 10000);
	/* HELLO --> after 60 s of silence */
	timer(x, due + 10000);
	g_autoptr(L2tpMessage) hello = expect_send(x, L2TP_MSG_HELLO, 4, 2);
	expect_end(x);
	assert_int_equal(x->deadline, x->now + 1000); /* its retransmission */
	/* a dead server: HELLO retransmitted, then TIMEOUT */
	for (int i = 0; i < 5; i++) {
		timer(x, x->deadline);
		g_autoptr(L2tpMessage) again = expect_send(x, L2TP_MSG_HELLO, 4, 2);
		expect_end(x);
	}
	timer(x, x->deadline);
	expect_action(x, L2TP_ACTION_SESSION_DOWN);
	expect_closed(x, L2SEC_L2TP_ERROR_TIMEOUT,
	    "L2TP: the server did not answer HELLO after 5 retransmissions");
	expect_action(x, L2TP_ACTION_DONE);
	expect_end(x);
	tx_free(x);
}

static void
test_unknown_mandatory(void **state)
{
	/* in SCCRP: StopCCN result 2, error 8 (§4.1) */
	Test *x = tx_new(NULL, false);
	SccrpOpts o = {.unknown_m = true};
	open_tunnel(x, false);
	g_autoptr(GByteArray) rp = srv_sccrp(x, &o);
	deliver(x, rp);
	expect_closed(x, L2SEC_L2TP_ERROR_UNKNOWN_MANDATORY,
	    "L2TP: cannot accept the server's SCCRP: L2TP control message, byte ");
	g_autoptr(L2tpMessage) stop = expect_send(x, L2TP_MSG_STOPCCN, 1, 1);
	assert_int_equal(stop->header.tunnel_id, SRV_TUNNEL);
	expect_result(stop, L2TP_STOPCCN_RESULT_GENERAL_ERROR, L2TP_ERROR_UNKNOWN_MANDATORY);
	expect_end(x);
	tx_free(x);

	/* in ICRP: CDN result 2, error 8, then StopCCN */
	Test *y = tx_new(NULL, false);
	SccrpOpts p = {0};
	open_tunnel(y, false);
	accept_sccrp(y, &p);
	g_autoptr(GByteArray) icrp = srv_icrp(y, true);
	deliver(y, icrp);
	g_autoptr(L2tpMessage) cdn = expect_send(y, L2TP_MSG_CDN, 3, 2);
	expect_result(cdn, L2TP_CDN_RESULT_GENERAL_ERROR, L2TP_ERROR_UNKNOWN_MANDATORY);
	expect_closed(y, L2SEC_L2TP_ERROR_UNKNOWN_MANDATORY, "cannot accept the server's ICRP");
	g_autoptr(L2tpMessage) stop2 = expect_send(y, L2TP_MSG_STOPCCN, 4, 2);
	expect_end(y);
	tx_free(y);
}

static void
test_data_frames_and_strangers_dropped(void **state)
{
	Test *x = established();
	/* go-l2tp #4: a PPP frame for our tunnel reaches the socket before the kernel session */
	const uint8_t frame[] = {0x00, 0x02, OUR_TUNNEL >> 8, OUR_TUNNEL & 0xff, 0x00, OUR_SESSION,
	    0xff, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x04};
	l2tp_tunnel_receive(x->t, frame, sizeof(frame), x->now, x->a);
	expect_end(x);
	/* a control message for another tunnel, and garbage */
	g_autoptr(GByteArray) other = l2tp_zlb_encode(1234, 0, 0, 0);
	l2tp_tunnel_receive(x->t, other->data, other->len, x->now, x->a);
	const uint8_t junk[] = {0xc8, 0x02, 0x00};
	l2tp_tunnel_receive(x->t, junk, sizeof(junk), x->now, x->a);
	expect_end(x);
	assert_int_equal(l2tp_tunnel_get_state(x->t), L2TP_TUNNEL_ESTABLISHED);
	tx_free(x);
}

static void
test_fsm_error(void **state)
{
	Test *x = established();
	SccrpOpts o = {0};

	/* <-- a new SCCRP in ESTABLISHED: not in the table */
	g_autoptr(GByteArray) rp = srv_sccrp(x, &o);
	deliver(x, rp);
	expect_action(x, L2TP_ACTION_SESSION_DOWN);
	expect_closed(x, L2SEC_L2TP_ERROR_PROTOCOL,
	    "L2TP: the server sent SCCRP while the tunnel was ESTABLISHED");
	g_autoptr(L2tpMessage) stop = expect_send(x, L2TP_MSG_STOPCCN, 4, 3);
	expect_result(stop, L2TP_STOPCCN_RESULT_FSM_ERROR, 0);
	expect_end(x);
	/* the StopCCN is never acknowledged: retransmitted, then done */
	for (int i = 0; i < 5; i++) {
		timer(x, x->deadline);
		g_autoptr(L2tpMessage) again = expect_send(x, L2TP_MSG_STOPCCN, 4, 3);
		expect_end(x);
	}
	timer(x, x->deadline);
	expect_action(x, L2TP_ACTION_DONE);
	expect_end(x);
	tx_free(x);
}

static void
test_close_before_reply(void **state)
{
	Test *x = tx_new(NULL, false);

	open_tunnel(x, false);
	l2tp_tunnel_close(x->t, x->now, x->a);
	expect_closed(x, -1, NULL);
	expect_action(x, L2TP_ACTION_DONE);
	expect_end(x);
	assert_int_equal(x->deadline, L2TP_NO_DEADLINE);
	/* late datagrams are dropped */
	SccrpOpts o = {0};
	g_autoptr(GByteArray) rp = srv_sccrp(x, &o);
	deliver(x, rp);
	expect_end(x);
	tx_free(x);
}

static GByteArray *
load_vector(const char *file)
{
	const char *srcdir = g_getenv("srcdir");
	g_autofree char *path =
	    g_build_filename(srcdir ? srcdir : ".", "tests", "vectors", "l2tp", file, NULL);
	g_autoptr(GError) error = NULL;
	g_autofree char *data = NULL;
	gsize len = 0;
	if (!g_file_get_contents(path, &data, &len, &error))
		fail_msg("%s", error->message);
	return g_byte_array_append(g_byte_array_new(), (const guint8 *)data, (guint)len);
}

static void
expect_vector(Test *x, const char *file)
{
	L2tpAction *a = take(x);
	g_autoptr(GByteArray) want = load_vector(file);
	gsize len;

	assert_non_null(a);
	assert_int_equal(a->type, L2TP_ACTION_SEND);
	const uint8_t *p = g_bytes_get_data(a->bytes, &len);
	if (len != want->len || memcmp(p, want->data, len) != 0)
		fail_msg("we did not send what xl2tpd's LAC sent in %s", file);
}

static void
test_xl2tpd_server_replay(void **state)
{
	/* the ids of the xl2tpd LAC in tests/vectors/l2tp/plain-*.bin, so the xl2tpd LNS's
	 * datagrams are addressed to us and our answers must equal the LAC's bytes */
	L2tpTunnelConfig c;
	l2tp_tunnel_config_init(&c);
	c.local_tunnel_id = 62608;
	c.local_session_id = 33765;
	g_autoptr(L2tpTunnel) t = l2tp_tunnel_new(&c);
	Test x = {.t = t, .a = l2tp_actions_new(), .now = T0};
	static const char *const script[] = {"plain-02-sccrp.bin", "plain-04-zlb.bin",
	    "plain-06-icrp.bin", "plain-07-zlb.bin", "plain-09-zlb.bin"};

	l2tp_tunnel_open(t, x.now, x.a);
	expect_action(&x, L2TP_ACTION_SEND); /* SCCRQ --> (our own AVPs) */
	expect_end(&x);
	for (size_t i = 0; i < G_N_ELEMENTS(script); i++) {
		g_autoptr(GByteArray) in = load_vector(script[i]);
		deliver(&x, in);
		if (i == 0) {
			/* <-- SCCRP; SCCCN --> as plain-03, ICRQ --> as plain-05 */
			expect_vector(&x, "plain-03-scccn.bin");
			expect_action(&x, L2TP_ACTION_TUNNEL_UP);
			expect_vector(&x, "plain-05-icrq.bin");
		} else if (i == 2) {
			/* <-- ICRP; session 33765/37241 up, ICCN --> */
			L2tpAction *up = take(&x);
			assert_int_equal(up->type, L2TP_ACTION_SESSION_UP);
			assert_int_equal(up->peer_tunnel_id, 21577);
			assert_int_equal(up->peer_session_id, 37241);
			expect_action(&x, L2TP_ACTION_SEND);
		}
		expect_end(&x);
	}
	assert_int_equal(l2tp_tunnel_get_state(t), L2TP_TUNNEL_ESTABLISHED);
	assert_int_equal(l2tp_tunnel_get_session_state(t), L2TP_SESSION_ESTABLISHED);
	l2tp_actions_free(x.a);
}

/* The StopCCN for an earlier run's tunnel: ids, sequence numbers, Result Code. */
static void
expect_stale_stopccn(Test *x, uint16_t ns, uint16_t nr)
{
	L2tpAction *a = take(x);
	g_autoptr(GError) error = NULL;
	if (a == NULL || a->type != L2TP_ACTION_SEND)
		fail_msg("expected the stale tunnel's StopCCN");
	gsize len;
	const uint8_t *p = g_bytes_get_data(a->bytes, &len);
	g_autoptr(L2tpMessage) m = l2tp_message_decode(p, len, NULL, &error);
	if (m == NULL || !l2tp_message_validate(m, &error))
		fail_msg("the stale StopCCN: %s", error->message);
	assert_int_equal(m->type, L2TP_MSG_STOPCCN);
	assert_int_equal(m->header.tunnel_id, 8888); /* the server's id of the old tunnel */
	assert_int_equal(m->header.ns, ns);
	assert_int_equal(m->header.nr, nr);
	uint16_t id;
	assert_true(l2tp_message_get_u16(m, L2TP_AVP_ASSIGNED_TUNNEL_ID, &id));
	assert_int_equal(id, 777);
	expect_result(m, L2TP_STOPCCN_RESULT_CLEAR, 0);
}

/*
 * An earlier run died (kill -9) with tunnel 777/8888 open at Ns 5 Nr 3: it is
 * closed with a StopCCN before the SCCRQ, and every message the server still
 * sends to it gets one with the Ns the server asks for (its Nr), up to a limit.
 */
static void
test_stale_tunnel_cleared(void **state)
{
	const L2tpStaleTunnel stale = {.local_id = 777, .peer_id = 8888, .ns = 5, .nr = 3};
	Test *x = tx_new_opts(NULL, false, false, &stale);

	l2tp_tunnel_open(x->t, x->now, x->a);
	expect_stale_stopccn(x, 5, 3);
	g_autoptr(L2tpMessage) rq = expect_send(x, L2TP_MSG_SCCRQ, 0, 0);
	expect_end(x);
	/* <-- the server's CDN retransmission to the old tunnel: Ns 3, Nr 6 */
	g_autoptr(GByteArray) cdn = g_byte_array_new();
	size_t start = l2tp_message_begin(cdn, 777, 41, 3, 6, L2TP_MSG_CDN);
	l2tp_avp_put_u16(cdn, L2TP_AVP_ASSIGNED_SESSION_ID, 4242);
	l2tp_avp_put_result_code(cdn, L2TP_CDN_RESULT_ADMIN, false, 0, NULL);
	l2tp_message_finish(cdn, start);
	deliver(x, cdn);
	expect_stale_stopccn(x, 6, 4);
	expect_end(x);
	/* <-- its ZLB: nothing to say */
	g_autoptr(GByteArray) zlb = l2tp_zlb_encode(777, 0, 4, 7);
	deliver(x, zlb);
	expect_end(x);
	/* our own tunnel is not disturbed */
	assert_int_equal(l2tp_tunnel_get_state(x->t), L2TP_TUNNEL_WAIT_CTL_REPLY);
	L2tpStaleTunnel r;
	assert_false(l2tp_tunnel_get_record(x->t, &r)); /* nothing to record before it is up */
	/* a server that never stops: at most 8 answers */
	for (int i = 0; i < 20; i++)
		deliver(x, cdn);
	guint sent = 0;
	for (L2tpAction *a; (a = take(x)) != NULL;)
		sent += a->type == L2TP_ACTION_SEND;
	assert_int_equal(sent, 7);
	l2tp_actions_clear(x->a);
	x->next = 0;
	tx_free(x);
}

/* The record a later run would need: ids, our next Ns, our Nr, once up. */
static void
test_record(void **state)
{
	Test *x = established();
	L2tpStaleTunnel r;
	assert_true(l2tp_tunnel_get_record(x->t, &r));
	assert_int_equal(r.local_id, OUR_TUNNEL);
	assert_int_equal(r.peer_id, SRV_TUNNEL);
	assert_int_equal(r.ns, 4); /* SCCRQ, SCCCN, ICRQ, ICCN sent */
	assert_int_equal(r.nr, 2); /* SCCRP, ICRP received */
	l2tp_tunnel_close(x->t, x->now, x->a);
	assert_true(l2tp_tunnel_get_record(x->t, &r)); /* CLOSING: the StopCCN may be lost */
	assert_int_equal(r.ns, 6);
	x->srv_nr = 6; /* the server took the CDN and the StopCCN in */
	g_autoptr(GByteArray) zlb = srv_zlb(x, 0);
	deliver(x, zlb);
	assert_false(l2tp_tunnel_get_record(x->t, &r)); /* DONE */
	tx_free(x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_full_exchange),
	    cmocka_unit_test(test_loss_and_backoff),
	    cmocka_unit_test(test_retransmission_limit),
	    cmocka_unit_test(test_duplicate_reacknowledged),
	    cmocka_unit_test(test_reordering),
	    cmocka_unit_test(test_peer_window),
	    cmocka_unit_test(test_stopccn_from_server),
	    cmocka_unit_test(test_stopccn_instead_of_sccrp),
	    cmocka_unit_test(test_crossing_stopccn),
	    cmocka_unit_test(test_cdn_from_server),
	    cmocka_unit_test(test_challenge_both_ways),
	    cmocka_unit_test(test_challenge_wrong_secret),
	    cmocka_unit_test(test_challenge_without_secret),
	    cmocka_unit_test(test_hidden_avps),
	    cmocka_unit_test(test_hide_avps_sent),
	    cmocka_unit_test(test_close_failed),
	    cmocka_unit_test(test_wen_sli_hello_accepted),
	    cmocka_unit_test(test_hello_after_silence),
	    cmocka_unit_test(test_unknown_mandatory),
	    cmocka_unit_test(test_data_frames_and_strangers_dropped),
	    cmocka_unit_test(test_fsm_error),
	    cmocka_unit_test(test_close_before_reply),
	    cmocka_unit_test(test_xl2tpd_server_replay),
	    cmocka_unit_test(test_stale_tunnel_cleared),
	    cmocka_unit_test(test_record),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
