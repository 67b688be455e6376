/* l2tp_tunnel.c — see l2tp_tunnel.h. */
#include "config.h"

#include <string.h>
#include <openssl/rand.h>

#include "common/error.h"
#include "l2tp/l2tp_error.h"
#include "l2tp/l2tp_hidden.h"
#include "l2tp/l2tp_reliable.h"
#include "l2tp/l2tp_result.h"
#include "l2tp/l2tp_tunnel.h"

#define CHALLENGE_LEN 16
#define DEFAULT_HOST_NAME "l2sec"

#define STALE_REPLIES_MAX 8 /* StopCCNs sent for an earlier run's tunnel, at most */

struct L2tpTunnel {
	L2tpTunnelState state;
	char *host_name;
	L2secSecret *secret; /* NULL: no tunnel authentication */
	int64_t hello_interval_ms, linger_ms;
	uint32_t call_serial;
	uint16_t local_id, peer_id, local_session_id;
	L2tpReliable rel;
	L2tpSession *session; /* created once the tunnel is up */
	uint8_t challenge[CHALLENGE_LEN];
	bool sent_challenge;
	bool hide_avps; /* configured (with a secret) */
	bool hiding;    /* in force: from SCCCN on, once the server proved the secret */
	int64_t hello_at, linger_at;
	int64_t armed; /* the deadline of the last TIMER action */
	bool closed_reported, done_reported;
	L2tpStaleTunnel stale; /* local_id 0: none, or cleared */
	guint stale_replies;
};

typedef enum {
	EV_OPEN,
	EV_CLOSE,
	EV_SCCRQ,
	EV_SCCRP,
	EV_SCCCN,
	EV_STOPCCN,
	EV_HELLO,
	EV_SESSION,     /* a call message (ICRP, CDN, WEN, SLI, ...) */
	EV_BROKEN,      /* a message that does not decode or validate */
	EV_TIMEOUT,     /* the retransmission limit */
	EV_HELLO_DUE,   /* hello_interval_ms of silence */
	EV_LINGER_DONE, /* the end of LINGER */
	EV_STOP_ACKED,  /* everything we sent in CLOSING, StopCCN included, is acknowledged */
} TunnelEvent;

static const char *const event_names[] = {
    [EV_OPEN] = "open",
    [EV_CLOSE] = "close",
    [EV_SCCRQ] = "SCCRQ",
    [EV_SCCRP] = "SCCRP",
    [EV_SCCCN] = "SCCCN",
    [EV_STOPCCN] = "StopCCN",
    [EV_HELLO] = "HELLO",
    [EV_SESSION] = "call message",
    [EV_BROKEN] = "undecodable message",
    [EV_TIMEOUT] = "retransmission limit",
    [EV_HELLO_DUE] = "silence",
    [EV_LINGER_DONE] = "end of linger",
    [EV_STOP_ACKED] = "StopCCN acknowledged",
};

static const char *const state_names[] = {
    [L2TP_TUNNEL_IDLE] = "IDLE",
    [L2TP_TUNNEL_WAIT_CTL_REPLY] = "WAIT_CTL_REPLY",
    [L2TP_TUNNEL_ESTABLISHED] = "ESTABLISHED",
    [L2TP_TUNNEL_CLOSING] = "CLOSING",
    [L2TP_TUNNEL_LINGER] = "LINGER",
    [L2TP_TUNNEL_DONE] = "DONE",
};

/* What one event carries to its action. */
typedef struct TunnelCtx {
	int64_t now;
	L2tpActions *actions;
	const L2tpMessage *m;  /* message events */
	const GError *problem; /* EV_BROKEN, EV_TIMEOUT */
	uint16_t broken_type;  /* EV_BROKEN: its Message Type, if readable */
	uint16_t broken_error; /* EV_BROKEN: the Error Code to answer with (§4.4.2) */
	const char *close_why; /* EV_CLOSE: a failure on our side; NULL: the user's request */
} TunnelCtx;

/*
 * An action. True: the table's next state applies. False: the action already
 * moved the tunnel (tunnel_fail()).
 */
typedef bool (*TunnelAction)(L2tpTunnel *t, TunnelCtx *ctx);

const char *
l2tp_tunnel_state_name(L2tpTunnelState state)
{
	return state < G_N_ELEMENTS(state_names) ? state_names[state] : "?";
}

/* The one writer of t->state. */
static void
tunnel_set_state(L2tpTunnel *t, L2tpTunnelState next, TunnelEvent ev)
{
	if (t->state != next)
		g_debug("L2TP: tunnel %u: %s -> %s on %s", t->local_id, state_names[t->state],
		    state_names[next], event_names[ev]);
	t->state = next;
}

/* CLOSED, once: the first reason is the one the user sees (error is taken). */
static void
report_closed(L2tpTunnel *t, L2tpActions *actions, GError *error)
{
	if (t->closed_reported) {
		if (error != NULL) {
			g_debug("%s (after the tunnel was already closing)", error->message);
			g_error_free(error);
		}
		return;
	}
	t->closed_reported = true;
	l2tp_actions_add(actions, L2TP_ACTION_CLOSED)->error = error;
}

/* Sequence and send every message of an outbox (GByteArray, taken). */
static void
send_outbox(L2tpTunnel *t, GPtrArray *outbox, TunnelCtx *ctx)
{
	while (outbox->len > 0)
		l2tp_reliable_send(
		    &t->rel, g_ptr_array_steal_index(outbox, 0), ctx->now, ctx->actions);
}

static GPtrArray *
outbox_new(void)
{
	return g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref);
}

/*
 * §5.7: a StopCCN for the tunnel an earlier run left, outside the reliable
 * delivery of this tunnel (it has its own sequence numbers, and no one will
 * retransmit it: if it is lost or its Ns is not what the server expects, the
 * server's next message to that tunnel gets another, with the Ns it asks for).
 */
static void
send_stale_stopccn(L2tpTunnel *t, L2tpActions *actions, uint16_t ns, uint16_t nr)
{
	g_autoptr(GByteArray) w = g_byte_array_new();
	size_t start = l2tp_message_begin(w, t->stale.peer_id, 0, ns, nr, L2TP_MSG_STOPCCN);
	l2tp_avp_put_u16(w, L2TP_AVP_ASSIGNED_TUNNEL_ID, t->stale.local_id);
	l2tp_avp_put_result_code(w, L2TP_STOPCCN_RESULT_CLEAR, true, L2TP_ERROR_NONE,
	    "an earlier run of the client ended without closing this tunnel");
	l2tp_message_finish(w, start);
	g_debug("L2TP: StopCCN Ns %u Nr %u for tunnel %u/%u, left by an earlier run",
	    (unsigned)ns, (unsigned)nr, (unsigned)t->stale.local_id, (unsigned)t->stale.peer_id);
	l2tp_actions_add_send(actions, w->data, w->len);
}

/* A control message for the stale tunnel: the server has not heard of its end
 * yet. Its Nr is the Ns it wants from us. A ZLB acknowledges our StopCCN. */
static void
on_stale_message(L2tpTunnel *t, const L2tpHeader *h, bool zlb, L2tpActions *actions)
{
	if (zlb) {
		g_debug("L2TP: tunnel %u (an earlier run's): acknowledged", (unsigned)h->tunnel_id);
		return;
	}
	if (t->stale_replies >= STALE_REPLIES_MAX) {
		g_debug("L2TP: control message for tunnel %u (an earlier run's); dropped",
		    (unsigned)h->tunnel_id);
		return;
	}
	t->stale_replies++;
	send_stale_stopccn(t, actions, h->nr, (uint16_t)(h->ns + 1));
}

/* §5.7, §6.4: StopCCN with our Assigned Tunnel ID and a Result Code */
static void
send_stopccn(
    L2tpTunnel *t, TunnelCtx *ctx, uint16_t result, uint16_t error_code, const char *message)
{
	GByteArray *w = g_byte_array_new();
	size_t start = l2tp_message_begin(w, t->peer_id, 0, 0, 0, L2TP_MSG_STOPCCN);
	g_autoptr(GError) e = NULL;
	L2tpHider h;

	l2tp_hider_init(&h, t->hiding ? t->secret : NULL);
	if (!l2tp_hider_put_u16(&h, w, L2TP_AVP_ASSIGNED_TUNNEL_ID, t->local_id, &e)) {
		/* closing matters more than hiding our tunnel id */
		g_debug("%s; the StopCCN goes in clear", e->message);
		l2tp_avp_put_u16(w, L2TP_AVP_ASSIGNED_TUNNEL_ID, t->local_id);
	}
	l2tp_hider_end(&h);
	l2tp_avp_put_result_code(w, result, true, error_code, message);
	l2tp_message_finish(w, start);
	l2tp_reliable_send(&t->rel, w, ctx->now, ctx->actions);
}

/*
 * Give up on the connection: report `error` (taken), clear the call and send
 * StopCCN with this Result Code if the server's tunnel id is known (CLOSING),
 * else just stop (DONE).
 */
static void
tunnel_fail(L2tpTunnel *t, TunnelCtx *ctx, TunnelEvent ev, uint16_t result, uint16_t error_code,
    const char *wire_message, GError *error)
{
	if (t->session != NULL)
		l2tp_session_drop(t->session, ctx->actions);
	report_closed(t, ctx->actions, error);
	if (t->peer_id == 0) {
		l2tp_reliable_abandon(&t->rel);
		tunnel_set_state(t, L2TP_TUNNEL_DONE, ev);
		return;
	}
	send_stopccn(t, ctx, result, error_code, wire_message);
	tunnel_set_state(t, L2TP_TUNNEL_CLOSING, ev);
}

static bool fail(L2tpTunnel *t, TunnelCtx *ctx, TunnelEvent ev, uint16_t result,
    uint16_t error_code, const char *wire_message, int code, const char *fmt, ...)
    G_GNUC_PRINTF(8, 9);

static bool
fail(L2tpTunnel *t, TunnelCtx *ctx, TunnelEvent ev, uint16_t result, uint16_t error_code,
    const char *wire_message, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	GError *e = g_error_new_valist(L2SEC_L2TP_ERROR, code, fmt, ap);
	va_end(ap);
	tunnel_fail(t, ctx, ev, result, error_code, wire_message, e);
	return false;
}

static bool
nothing(L2tpTunnel *t, TunnelCtx *ctx)
{
	return true;
}

/* A message that arrives while the tunnel is going away: acknowledged, not acted on. */
static bool
drop(L2tpTunnel *t, TunnelCtx *ctx)
{
	g_debug("L2TP: tunnel %u is %s: %s acknowledged and ignored", t->local_id,
	    state_names[t->state],
	    ctx->m != NULL ? l2tp_message_type_name(ctx->m->type) : "message");
	return true;
}

/* §5.1, §6.1: SCCRQ */
static bool
send_sccrq(L2tpTunnel *t, TunnelCtx *ctx)
{
	GByteArray *w = g_byte_array_new();
	size_t start = l2tp_message_begin(w, 0, 0, 0, 0, L2TP_MSG_SCCRQ);

	l2tp_avp_put_protocol_version(w);
	l2tp_avp_put_u32(w, L2TP_AVP_FRAMING_CAPABILITIES, L2TP_FRAMING_SYNC | L2TP_FRAMING_ASYNC);
	/* §4.4.3: no physical bearer behind a VPN client */
	l2tp_avp_put_u32(w, L2TP_AVP_BEARER_CAPABILITIES, 0);
	l2tp_avp_put_u16(w, L2TP_AVP_FIRMWARE_REVISION, L2TP_FIRMWARE_REVISION);
	l2tp_avp_put_string(w, L2TP_AVP_HOST_NAME, t->host_name);
	l2tp_avp_put_string(w, L2TP_AVP_VENDOR_NAME, L2TP_VENDOR_NAME);
	l2tp_avp_put_u16(w, L2TP_AVP_ASSIGNED_TUNNEL_ID, t->local_id);
	l2tp_avp_put_u16(w, L2TP_AVP_RECEIVE_WINDOW_SIZE, L2TP_RECV_WINDOW);
	if (t->secret != NULL) {
		/* §5.1.1: challenge the server; no Tie Breaker, a client never receives SCCRQ */
		if (RAND_bytes(t->challenge, sizeof(t->challenge)) != 1) {
			g_byte_array_unref(w);
			return fail(t, ctx, EV_OPEN, 0, 0, NULL, L2SEC_L2TP_ERROR_HIDDEN,
			    "L2TP: no random bytes for the tunnel authentication challenge");
		}
		t->sent_challenge = true;
		l2tp_avp_put_bytes(w, L2TP_AVP_CHALLENGE, t->challenge, sizeof(t->challenge));
	}
	l2tp_message_finish(w, start);
	l2tp_reliable_send(&t->rel, w, ctx->now, ctx->actions);
	return true;
}

/* §7.2.1 wait-ctl-reply, SCCRP acceptable: SCCCN, established; then place the call */
static bool
on_sccrp(L2tpTunnel *t, TunnelCtx *ctx)
{
	const L2tpMessage *m = ctx->m;
	uint16_t peer_id = 0, rws = L2TP_DEFAULT_PEER_WINDOW;
	uint8_t response[L2TP_CHALLENGE_RESPONSE_LEN];
	bool answer = false;
	g_autoptr(GError) e = NULL;

	if (!l2tp_message_get_u16(m, L2TP_AVP_ASSIGNED_TUNNEL_ID, &peer_id) || peer_id == 0)
		return fail(t, ctx, EV_SCCRP, 0, 0, NULL, L2SEC_L2TP_ERROR_PROTOCOL,
		    "L2TP: the server's SCCRP assigns tunnel ID 0");
	t->peer_id = peer_id;
	t->rel.peer_tunnel_id = peer_id;
	const L2tpAvp *pv = l2tp_message_find(m, L2TP_AVP_PROTOCOL_VERSION);
	if (pv->v.protocol_version.version != 1 || pv->v.protocol_version.revision != 0)
		/* §4.4.2: result 5, the Error Code is the highest version we support (1.0) */
		return fail(t, ctx, EV_SCCRP, L2TP_STOPCCN_RESULT_BAD_VERSION, 0x0100,
		    "L2TP version 1.0 only", L2SEC_L2TP_ERROR_UNSUPPORTED,
		    "L2TP: the server speaks protocol version %u.%u, not 1.0 (L2TPv2)",
		    pv->v.protocol_version.version, pv->v.protocol_version.revision);
	if (l2tp_message_get_u16(m, L2TP_AVP_RECEIVE_WINDOW_SIZE, &rws))
		l2tp_reliable_set_peer_window(&t->rel, rws);

	/* §5.1.1: the server proves it knows the secret */
	if (t->sent_challenge) {
		const L2tpAvp *r = l2tp_message_find(m, L2TP_AVP_CHALLENGE_RESPONSE);
		if (r == NULL)
			return fail(t, ctx, EV_SCCRP, L2TP_STOPCCN_RESULT_NOT_AUTHORIZED, 0,
			    "no Challenge Response", L2SEC_L2TP_ERROR_AUTH_FAILED,
			    "L2TP: the server did not answer our tunnel authentication challenge "
			    "(no tunnel secret on the server?)");
		if (!l2tp_challenge_response_verify(L2TP_CHAP_ID_SCCRP, t->secret, t->challenge,
			sizeof(t->challenge), r->value, r->value_len, &e)) {
			g_debug("L2TP: %s", e->message);
			return fail(t, ctx, EV_SCCRP, L2TP_STOPCCN_RESULT_NOT_AUTHORIZED, 0,
			    "bad Challenge Response", L2SEC_L2TP_ERROR_AUTH_FAILED,
			    "L2TP: the server failed tunnel authentication (wrong tunnel secret?)");
		}
	}
	/* §5.1.1: and we prove it in SCCCN when it challenges us */
	const L2tpAvp *ch = l2tp_message_find(m, L2TP_AVP_CHALLENGE);
	if (ch != NULL) {
		if (t->secret == NULL)
			return fail(t, ctx, EV_SCCRP, L2TP_STOPCCN_RESULT_GENERAL_ERROR,
			    L2TP_ERROR_VENDOR, "no tunnel secret configured",
			    L2SEC_L2TP_ERROR_AUTH_FAILED,
			    "L2TP: the server asks for tunnel authentication; set [l2tp] "
			    "tunnel-secret");
		if (!l2tp_challenge_response(
			L2TP_CHAP_ID_SCCCN, t->secret, ch->value, ch->value_len, response, &e))
			return fail(t, ctx, EV_SCCRP, L2TP_STOPCCN_RESULT_GENERAL_ERROR,
			    L2TP_ERROR_VENDOR, "cannot compute Challenge Response",
			    L2SEC_L2TP_ERROR_HIDDEN, "L2TP: %s", e->message);
		answer = true;
	}

	/* §4.3: from here on the server has shown it has the secret (if we challenged) */
	t->hiding = t->hide_avps && t->secret != NULL;
	g_autoptr(GByteArray) w = g_byte_array_new();
	size_t start = l2tp_message_begin(w, t->peer_id, 0, 0, 0, L2TP_MSG_SCCCN);
	L2tpHider h;
	l2tp_hider_init(&h, t->hiding ? t->secret : NULL);
	bool ok = !answer || l2tp_hider_put(&h, w, L2TP_AVP_CHALLENGE_RESPONSE, response,
				 sizeof(response), &e);
	l2tp_hider_end(&h);
	memset(response, 0, sizeof(response));
	if (!ok)
		return fail(t, ctx, EV_SCCRP, L2TP_STOPCCN_RESULT_GENERAL_ERROR, L2TP_ERROR_VENDOR,
		    "cannot hide AVPs", L2SEC_L2TP_ERROR_HIDDEN, "%s", e->message);
	l2tp_message_finish(w, start);
	l2tp_reliable_send(&t->rel, g_steal_pointer(&w), ctx->now, ctx->actions);

	L2tpAction *up = l2tp_actions_add(ctx->actions, L2TP_ACTION_TUNNEL_UP);
	up->local_tunnel_id = t->local_id;
	up->peer_tunnel_id = t->peer_id;
	t->hello_at = ctx->now + t->hello_interval_ms;

	/* §7.4.1: the call, in the same event so SCCCN and ICRQ go out together */
	g_autoptr(GPtrArray) outbox = outbox_new();
	t->session = l2tp_session_new(t->local_id, t->peer_id, t->local_session_id, t->call_serial);
	l2tp_session_set_hiding(t->session, t->hiding ? t->secret : NULL);
	if (!l2tp_session_open(t->session, outbox, ctx->actions, &e))
		return fail(t, ctx, EV_SCCRP, L2TP_STOPCCN_RESULT_GENERAL_ERROR, L2TP_ERROR_VENDOR,
		    "cannot hide AVPs", e->code, "%s", e->message);
	send_outbox(t, outbox, ctx);
	return true;
}

/* §5.7: StopCCN from the server: acknowledge (the flush at the end of the event), linger */
static bool
on_stopccn(L2tpTunnel *t, TunnelCtx *ctx)
{
	const L2tpAvp *rc = l2tp_message_find(ctx->m, L2TP_AVP_RESULT_CODE);
	g_autofree char *why = l2tp_result_describe(L2TP_MSG_STOPCCN, &rc->v.result);
	bool auth = rc->v.result.result == L2TP_STOPCCN_RESULT_NOT_AUTHORIZED;
	uint16_t peer_id = 0;

	/* refused before SCCRP: its Assigned Tunnel ID addresses our acknowledgement */
	if (t->peer_id == 0 &&
	    l2tp_message_get_u16(ctx->m, L2TP_AVP_ASSIGNED_TUNNEL_ID, &peer_id)) {
		t->peer_id = peer_id;
		t->rel.peer_tunnel_id = peer_id;
	}
	if (t->session != NULL)
		l2tp_session_drop(t->session, ctx->actions);
	report_closed(t, ctx->actions,
	    g_error_new(L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_PEER_CLOSED,
		"L2TP: the server closed the tunnel: %s%s", why,
		auth ? " (wrong tunnel secret?)" : ""));
	l2tp_reliable_abandon(&t->rel);
	t->linger_at = ctx->now + t->linger_ms;
	return true;
}

/* §5.7: StopCCNs crossed: the server is gone, stop retransmitting ours and linger */
static bool
crossing_stopccn(L2tpTunnel *t, TunnelCtx *ctx)
{
	g_debug("L2TP: tunnel %u: the server's StopCCN crossed ours", t->local_id);
	l2tp_reliable_abandon(&t->rel);
	t->linger_at = ctx->now + t->linger_ms;
	return true;
}

/* §6.5: the server's HELLO needs only its acknowledgement */
static bool
on_hello(L2tpTunnel *t, TunnelCtx *ctx)
{
	return true;
}

/* §5.5: HELLO after a period of silence; its retransmissions detect a dead server */
static bool
send_hello(L2tpTunnel *t, TunnelCtx *ctx)
{
	GByteArray *w = g_byte_array_new();
	size_t start = l2tp_message_begin(w, t->peer_id, 0, 0, 0, L2TP_MSG_HELLO);

	l2tp_message_finish(w, start);
	l2tp_reliable_send(&t->rel, w, ctx->now, ctx->actions);
	t->hello_at = ctx->now + t->hello_interval_ms;
	return true;
}

/* A call message: to the session it names (§3.1 Session ID is ours) */
static bool
on_session_message(L2tpTunnel *t, TunnelCtx *ctx)
{
	const L2tpMessage *m = ctx->m;
	L2tpSession *s = t->session;
	uint16_t assigned = 0;

	bool ours = s != NULL && s->state != L2TP_SESSION_CLOSED &&
		    (m->header.session_id == s->local_id ||
			/* a CDN before the server learnt our id names the call by its own id */
			(m->header.session_id == 0 && s->peer_id != 0 &&
			    l2tp_message_get_u16(m, L2TP_AVP_ASSIGNED_SESSION_ID, &assigned) &&
			    assigned == s->peer_id));
	if (!ours) {
		g_debug("L2TP: %s for session %u, which is not ours: acknowledged and ignored",
		    l2tp_message_type_name(m->type), m->header.session_id);
		return true;
	}
	g_autoptr(GPtrArray) outbox = outbox_new();
	g_autoptr(GError) error = NULL;
	bool ok = l2tp_session_receive(s, m, outbox, ctx->actions, &error);
	send_outbox(t, outbox, ctx);
	if (ok)
		return true;
	/* a client has one call: when it ends, so does the tunnel */
	tunnel_fail(t, ctx, EV_SESSION, L2TP_STOPCCN_RESULT_CLEAR, L2TP_ERROR_NONE, "call closed",
	    g_steal_pointer(&error));
	return false;
}

/* §4.1, §4.4.1: a message we cannot accept clears the tunnel (CDN first for a call message) */
static bool
on_broken(L2tpTunnel *t, TunnelCtx *ctx)
{
	const char *name = ctx->broken_type != L2TP_MSG_NONE
			       ? l2tp_message_type_name(ctx->broken_type)
			       : "message";
	const char *wire = ctx->problem->code == L2SEC_L2TP_ERROR_UNKNOWN_MANDATORY
			       ? "unknown mandatory AVP"
			       : "malformed message";
	bool hint = ctx->problem->code == L2SEC_L2TP_ERROR_HIDDEN && t->secret == NULL;

	if (l2tp_message_type_is_session(ctx->broken_type) && t->session != NULL) {
		g_autoptr(GPtrArray) outbox = outbox_new();
		l2tp_session_close(t->session, L2TP_CDN_RESULT_GENERAL_ERROR, ctx->broken_error,
		    wire, outbox, ctx->actions);
		send_outbox(t, outbox, ctx);
	}
	return fail(t, ctx, EV_BROKEN, L2TP_STOPCCN_RESULT_GENERAL_ERROR, ctx->broken_error, wire,
	    ctx->problem->code, "L2TP: cannot accept the server's %s: %s%s", name,
	    ctx->problem->message, hint ? "; set [l2tp] tunnel-secret" : "");
}

/* The retransmission limit: the server is gone; StopCCN would go unanswered too */
static bool
on_timeout(L2tpTunnel *t, TunnelCtx *ctx)
{
	if (t->session != NULL)
		l2tp_session_drop(t->session, ctx->actions);
	report_closed(t, ctx->actions, g_error_copy(ctx->problem));
	l2tp_reliable_abandon(&t->rel);
	return true;
}

/* Supervisor close before the server answered: nothing to tell it (we do not know its id) */
static bool
close_quietly(L2tpTunnel *t, TunnelCtx *ctx)
{
	report_closed(t, ctx->actions, NULL);
	l2tp_reliable_abandon(&t->rel);
	return true;
}

/* Supervisor close: CDN for the call (§5.4.3), then StopCCN (§5.7) */
static bool
close_tunnel(L2tpTunnel *t, TunnelCtx *ctx)
{
	const char *why = ctx->close_why != NULL ? ctx->close_why : "disconnected by the user";

	report_closed(t, ctx->actions, NULL);
	if (t->session != NULL) {
		g_autoptr(GPtrArray) outbox = outbox_new();
		if (ctx->close_why != NULL)
			l2tp_session_close(t->session, L2TP_CDN_RESULT_GENERAL_ERROR,
			    L2TP_ERROR_VENDOR, why, outbox, ctx->actions);
		else
			l2tp_session_close(t->session, L2TP_CDN_RESULT_ADMIN, L2TP_ERROR_NONE, why,
			    outbox, ctx->actions);
		send_outbox(t, outbox, ctx);
	}
	send_stopccn(t, ctx, L2TP_STOPCCN_RESULT_CLEAR, L2TP_ERROR_NONE, why);
	return true;
}

/* clang-format off */
static const struct {
	L2tpTunnelState state;
	TunnelEvent event;
	TunnelAction action;
	L2tpTunnelState next;
} tunnel_table[] = {
	/* §7.2.1 LAC tunnel: idle --open--> send SCCRQ, wait-ctl-reply */
	{ L2TP_TUNNEL_IDLE,           EV_OPEN,        send_sccrq,         L2TP_TUNNEL_WAIT_CTL_REPLY },
	{ L2TP_TUNNEL_IDLE,           EV_CLOSE,       close_quietly,      L2TP_TUNNEL_DONE },
	/* §7.2.1 wait-ctl-reply: SCCRP acceptable -> SCCCN, established; else StopCCN */
	{ L2TP_TUNNEL_WAIT_CTL_REPLY, EV_SCCRP,       on_sccrp,           L2TP_TUNNEL_ESTABLISHED },
	{ L2TP_TUNNEL_WAIT_CTL_REPLY, EV_STOPCCN,     on_stopccn,         L2TP_TUNNEL_LINGER },
	{ L2TP_TUNNEL_WAIT_CTL_REPLY, EV_BROKEN,      on_broken,          L2TP_TUNNEL_CLOSING },
	{ L2TP_TUNNEL_WAIT_CTL_REPLY, EV_TIMEOUT,     on_timeout,         L2TP_TUNNEL_DONE },
	{ L2TP_TUNNEL_WAIT_CTL_REPLY, EV_CLOSE,       close_quietly,      L2TP_TUNNEL_DONE },
	/* §5.5 keepalive, §7.4 calls, §5.7 teardown in established */
	{ L2TP_TUNNEL_ESTABLISHED,    EV_HELLO,       on_hello,           L2TP_TUNNEL_ESTABLISHED },
	{ L2TP_TUNNEL_ESTABLISHED,    EV_HELLO_DUE,   send_hello,         L2TP_TUNNEL_ESTABLISHED },
	{ L2TP_TUNNEL_ESTABLISHED,    EV_SESSION,     on_session_message, L2TP_TUNNEL_ESTABLISHED },
	{ L2TP_TUNNEL_ESTABLISHED,    EV_STOPCCN,     on_stopccn,         L2TP_TUNNEL_LINGER },
	{ L2TP_TUNNEL_ESTABLISHED,    EV_BROKEN,      on_broken,          L2TP_TUNNEL_CLOSING },
	{ L2TP_TUNNEL_ESTABLISHED,    EV_TIMEOUT,     on_timeout,         L2TP_TUNNEL_DONE },
	{ L2TP_TUNNEL_ESTABLISHED,    EV_CLOSE,       close_tunnel,       L2TP_TUNNEL_CLOSING },
	/* §5.7: our StopCCN is out; wait for its acknowledgement, ignore the rest */
	{ L2TP_TUNNEL_CLOSING,        EV_STOP_ACKED,  nothing,            L2TP_TUNNEL_DONE },
	{ L2TP_TUNNEL_CLOSING,        EV_TIMEOUT,     nothing,            L2TP_TUNNEL_DONE },
	{ L2TP_TUNNEL_CLOSING,        EV_STOPCCN,     crossing_stopccn,   L2TP_TUNNEL_LINGER },
	{ L2TP_TUNNEL_CLOSING,        EV_SCCRQ,       drop,               L2TP_TUNNEL_CLOSING },
	{ L2TP_TUNNEL_CLOSING,        EV_SCCRP,       drop,               L2TP_TUNNEL_CLOSING },
	{ L2TP_TUNNEL_CLOSING,        EV_SCCCN,       drop,               L2TP_TUNNEL_CLOSING },
	{ L2TP_TUNNEL_CLOSING,        EV_HELLO,       drop,               L2TP_TUNNEL_CLOSING },
	{ L2TP_TUNNEL_CLOSING,        EV_SESSION,     drop,               L2TP_TUNNEL_CLOSING },
	{ L2TP_TUNNEL_CLOSING,        EV_BROKEN,      drop,               L2TP_TUNNEL_CLOSING },
	{ L2TP_TUNNEL_CLOSING,        EV_CLOSE,       nothing,            L2TP_TUNNEL_CLOSING },
	/* §5.7: "a full retransmission cycle" to re-acknowledge the server's StopCCN */
	{ L2TP_TUNNEL_LINGER,         EV_LINGER_DONE, nothing,            L2TP_TUNNEL_DONE },
	{ L2TP_TUNNEL_LINGER,         EV_STOPCCN,     drop,               L2TP_TUNNEL_LINGER },
	{ L2TP_TUNNEL_LINGER,         EV_SCCRQ,       drop,               L2TP_TUNNEL_LINGER },
	{ L2TP_TUNNEL_LINGER,         EV_SCCRP,       drop,               L2TP_TUNNEL_LINGER },
	{ L2TP_TUNNEL_LINGER,         EV_SCCCN,       drop,               L2TP_TUNNEL_LINGER },
	{ L2TP_TUNNEL_LINGER,         EV_HELLO,       drop,               L2TP_TUNNEL_LINGER },
	{ L2TP_TUNNEL_LINGER,         EV_SESSION,     drop,               L2TP_TUNNEL_LINGER },
	{ L2TP_TUNNEL_LINGER,         EV_BROKEN,      drop,               L2TP_TUNNEL_LINGER },
	{ L2TP_TUNNEL_LINGER,         EV_CLOSE,       nothing,            L2TP_TUNNEL_LINGER },
	{ L2TP_TUNNEL_DONE,           EV_CLOSE,       nothing,            L2TP_TUNNEL_DONE },
};
/* clang-format on */

static void
tunnel_run(L2tpTunnel *t, TunnelEvent ev, TunnelCtx *ctx)
{
	for (size_t i = 0; i < G_N_ELEMENTS(tunnel_table); i++) {
		if (tunnel_table[i].state != t->state || tunnel_table[i].event != ev)
			continue;
		if (tunnel_table[i].action(t, ctx))
			tunnel_set_state(t, tunnel_table[i].next, ev);
		return;
	}
	/* an unlisted pair is a protocol error: StopCCN result 7 (§4.4.2) */
	if (ctx->m != NULL)
		(void)fail(t, ctx, ev, L2TP_STOPCCN_RESULT_FSM_ERROR, L2TP_ERROR_NONE,
		    "unexpected message", L2SEC_L2TP_ERROR_PROTOCOL,
		    "L2TP: the server sent %s while the tunnel was %s (RFC 2661 §7.2.1)",
		    l2tp_message_type_name(ctx->m->type), state_names[t->state]);
	else
		(void)fail(t, ctx, ev, L2TP_STOPCCN_RESULT_FSM_ERROR, L2TP_ERROR_NONE,
		    "state machine error", L2SEC_L2TP_ERROR_PROTOCOL,
		    "L2TP: %s while the tunnel was %s (RFC 2661 §7.2.1)", event_names[ev],
		    state_names[t->state]);
}

/* After every event: DONE once CLOSING is acknowledged, ack, timer, DONE. */
static void
tunnel_settle(L2tpTunnel *t, TunnelCtx *ctx)
{
	if (t->state == L2TP_TUNNEL_CLOSING && l2tp_reliable_idle(&t->rel))
		tunnel_run(t, EV_STOP_ACKED, ctx);
	if (t->state != L2TP_TUNNEL_DONE && t->state != L2TP_TUNNEL_IDLE)
		l2tp_reliable_flush_ack(&t->rel, ctx->actions);

	int64_t d = L2TP_NO_DEADLINE;
	switch (t->state) {
	case L2TP_TUNNEL_ESTABLISHED:
		if (t->hello_interval_ms > 0)
			d = t->hello_at;
		G_GNUC_FALLTHROUGH;
	case L2TP_TUNNEL_WAIT_CTL_REPLY:
	case L2TP_TUNNEL_CLOSING: {
		int64_t r = l2tp_reliable_deadline(&t->rel);
		if (r != L2TP_NO_DEADLINE && (d == L2TP_NO_DEADLINE || r < d))
			d = r;
		break;
	}
	case L2TP_TUNNEL_LINGER:
		d = t->linger_at;
		break;
	case L2TP_TUNNEL_IDLE:
	case L2TP_TUNNEL_DONE:
		break;
	}
	if (d != t->armed) {
		t->armed = d;
		l2tp_actions_add(ctx->actions, L2TP_ACTION_TIMER)->deadline_ms = d;
	}
	if (t->state == L2TP_TUNNEL_DONE && !t->done_reported) {
		t->done_reported = true;
		report_closed(t, ctx->actions, NULL); /* reported before, unless a bug */
		l2tp_actions_add(ctx->actions, L2TP_ACTION_DONE);
	}
}

void
l2tp_tunnel_config_init(L2tpTunnelConfig *c)
{
	*c = (L2tpTunnelConfig){
	    .call_serial = 1,
	    .hello_interval_ms = L2TP_HELLO_INTERVAL_MS,
	    .max_retries = L2TP_MAX_RETRIES,
	    .linger_ms = L2TP_LINGER_MS,
	};
}

static uint16_t
random_id(void)
{
	uint16_t v = 0;

	while (v == 0)
		if (RAND_bytes((unsigned char *)&v, sizeof(v)) != 1)
			v = (uint16_t)g_random_int_range(1, 65536); /* ids are not secrets */
	return v;
}

L2tpTunnel *
l2tp_tunnel_new(const L2tpTunnelConfig *c)
{
	L2tpTunnel *t = g_new0(L2tpTunnel, 1);

	t->state = L2TP_TUNNEL_IDLE;
	t->host_name = g_strdup(c->host_name != NULL ? c->host_name : DEFAULT_HOST_NAME);
	t->secret = c->secret != NULL ? l2sec_secret_dup(c->secret) : NULL;
	t->hello_interval_ms = MAX(c->hello_interval_ms, 0);
	t->linger_ms = MAX(c->linger_ms, 0);
	t->call_serial = c->call_serial;
	t->hide_avps = c->hide_avps && t->secret != NULL;
	t->local_id = c->local_tunnel_id != 0 ? c->local_tunnel_id : random_id();
	t->local_session_id = c->local_session_id != 0 ? c->local_session_id : random_id();
	t->armed = L2TP_NO_DEADLINE;
	t->hello_at = t->linger_at = L2TP_NO_DEADLINE;
	t->stale = c->stale;
	if (t->stale.local_id == t->local_id) /* 1 in 65535: keep the two apart */
		t->local_id = (uint16_t)(t->local_id % 0xffff + 1);
	l2tp_reliable_init(&t->rel, c->max_retries);
	return t;
}

void
l2tp_tunnel_free(L2tpTunnel *t)
{
	if (t == NULL)
		return;
	l2tp_reliable_clear(&t->rel);
	l2tp_session_free(t->session);
	l2sec_secret_free(t->secret);
	g_free(t->host_name);
	g_free(t);
}

void
l2tp_tunnel_open(L2tpTunnel *t, int64_t now_ms, L2tpActions *actions)
{
	TunnelCtx ctx = {.now = now_ms, .actions = actions};

	g_return_if_fail(t->state == L2TP_TUNNEL_IDLE); /* a supervisor bug, not the server's */
	if (t->stale.local_id != 0)
		send_stale_stopccn(t, actions, t->stale.ns, t->stale.nr);
	tunnel_run(t, EV_OPEN, &ctx);
	tunnel_settle(t, &ctx);
}

void
l2tp_tunnel_close(L2tpTunnel *t, int64_t now_ms, L2tpActions *actions)
{
	TunnelCtx ctx = {.now = now_ms, .actions = actions};

	tunnel_run(t, EV_CLOSE, &ctx);
	tunnel_settle(t, &ctx);
}

void
l2tp_tunnel_close_failed(L2tpTunnel *t, const char *why, int64_t now_ms, L2tpActions *actions)
{
	TunnelCtx ctx = {.now = now_ms, .actions = actions, .close_why = why};

	tunnel_run(t, EV_CLOSE, &ctx);
	tunnel_settle(t, &ctx);
}

/*
 * What can be read of a message that does not decode: its Message Type and
 * the Assigned Tunnel ID (so a broken SCCRP can still be answered with StopCCN).
 */
static void
peek_broken(const uint8_t *data, size_t len, uint16_t *ret_type, uint16_t *ret_tunnel_id)
{
	L2tpHeader h;
	WireCursor avps;
	L2tpAvp a;

	*ret_type = L2TP_MSG_NONE;
	*ret_tunnel_id = 0;
	if (!l2tp_header_decode(data, len, &h, &avps, NULL))
		return;
	for (guint i = 0; wire_left(&avps) > 0 && l2tp_avp_next(&avps, &a, NULL); i++) {
		if (a.vendor_id != L2TP_VENDOR_IETF || a.hidden || a.reserved_set)
			continue;
		bool want = (i == 0 && a.type == L2TP_AVP_MESSAGE_TYPE) ||
			    a.type == L2TP_AVP_ASSIGNED_TUNNEL_ID;
		if (!want || !l2tp_avp_decode_value(&a, NULL))
			continue;
		if (a.type == L2TP_AVP_MESSAGE_TYPE)
			*ret_type = a.v.u16;
		else if (*ret_tunnel_id == 0)
			*ret_tunnel_id = a.v.u16;
	}
}

static TunnelEvent
event_of(uint16_t type)
{
	switch (type) {
	case L2TP_MSG_SCCRQ:
		return EV_SCCRQ;
	case L2TP_MSG_SCCRP:
		return EV_SCCRP;
	case L2TP_MSG_SCCCN:
		return EV_SCCCN;
	case L2TP_MSG_STOPCCN:
		return EV_STOPCCN;
	case L2TP_MSG_HELLO:
		return EV_HELLO;
	default:
		return EV_SESSION; /* validated: a known call message */
	}
}

/* One in-order control message (its Ns accounted for): decode, validate, run. */
static void
deliver(L2tpTunnel *t, TunnelCtx *ctx, const uint8_t *data, size_t len)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(L2tpMessage) m = l2tp_message_decode(data, len, t->secret, &error);

	if (m != NULL && !l2tp_message_validate(m, &error) &&
	    g_error_matches(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_UNSUPPORTED)) {
		/* §4.4.1: an unknown message type without the M bit is ignored */
		g_debug("L2TP: %s, acknowledged and ignored", error->message);
		return;
	}
	if (error != NULL) {
		uint16_t tunnel_id;
		peek_broken(data, len, &ctx->broken_type, &tunnel_id);
		if (t->peer_id == 0 && tunnel_id != 0 && ctx->broken_type == L2TP_MSG_SCCRP) {
			t->peer_id = tunnel_id; /* to address the StopCCN */
			t->rel.peer_tunnel_id = tunnel_id;
		}
		switch (error->code) {
		case L2SEC_L2TP_ERROR_UNKNOWN_MANDATORY:
			ctx->broken_error = L2TP_ERROR_UNKNOWN_MANDATORY; /* §4.1 */
			break;
		case L2SEC_L2TP_ERROR_MALFORMED:
			ctx->broken_error = L2TP_ERROR_BAD_VALUE;
			break;
		default:
			ctx->broken_error = L2TP_ERROR_VENDOR;
			break;
		}
		ctx->problem = error;
		tunnel_run(t, EV_BROKEN, ctx);
		ctx->problem = NULL;
		return;
	}
	g_autofree char *d = l2tp_message_describe(m);
	g_debug("L2TP: received %s", d);
	ctx->m = m;
	tunnel_run(t, event_of(m->type), ctx);
	ctx->m = NULL;
}

void
l2tp_tunnel_receive(
    L2tpTunnel *t, const uint8_t *data, size_t len, int64_t now_ms, L2tpActions *actions)
{
	TunnelCtx ctx = {.now = now_ms, .actions = actions};
	g_autoptr(GError) error = NULL;
	L2tpHeader h;
	WireCursor payload;

	if (t->state == L2TP_TUNNEL_IDLE || t->state == L2TP_TUNNEL_DONE) {
		g_debug("L2TP: tunnel %u is %s: datagram of %zu bytes dropped", t->local_id,
		    state_names[t->state], len);
		return;
	}
	if (!l2tp_datagram_is_control(data, len)) {
		/* go-l2tp #4: the kernel passes up data frames it has no session for */
		g_debug("L2TP: a data frame (or no L2TPv2) of %zu bytes on the control socket, "
			"dropped",
		    len);
		return;
	}
	if (!l2tp_header_decode(data, len, &h, &payload, &error)) {
		g_debug("%s; dropped", error->message);
		return;
	}
	if (t->stale.local_id != 0 && h.tunnel_id == t->stale.local_id) {
		on_stale_message(t, &h, wire_left(&payload) == 0, actions);
		return;
	}
	if (h.tunnel_id != t->local_id) {
		g_debug("L2TP: control message for tunnel %u, ours is %u; dropped", h.tunnel_id,
		    t->local_id);
		return;
	}
	t->hello_at = now_ms + t->hello_interval_ms; /* §5.5: silence is what HELLO measures */
	bool zlb = wire_left(&payload) == 0;
	switch (l2tp_reliable_receive(&t->rel, &h, zlb, data, len, now_ms, actions)) {
	case L2TP_RX_DELIVER: {
		deliver(t, &ctx, data, len);
		GBytes *held;
		while (t->state != L2TP_TUNNEL_DONE &&
		       (held = l2tp_reliable_next_held(&t->rel)) != NULL) {
			gsize n;
			const uint8_t *p = g_bytes_get_data(held, &n);
			deliver(t, &ctx, p, n);
			g_bytes_unref(held);
		}
		break;
	}
	case L2TP_RX_ZLB:
	case L2TP_RX_DUPLICATE:
	case L2TP_RX_HELD:
	case L2TP_RX_OUT_OF_WINDOW:
		break;
	}
	tunnel_settle(t, &ctx);
}

void
l2tp_tunnel_on_timer(L2tpTunnel *t, int64_t now_ms, L2tpActions *actions)
{
	TunnelCtx ctx = {.now = now_ms, .actions = actions};
	g_autoptr(GError) error = NULL;

	if (t->state == L2TP_TUNNEL_WAIT_CTL_REPLY || t->state == L2TP_TUNNEL_ESTABLISHED ||
	    t->state == L2TP_TUNNEL_CLOSING) {
		if (!l2tp_reliable_on_timer(&t->rel, now_ms, actions, &error)) {
			ctx.problem = error;
			tunnel_run(t, EV_TIMEOUT, &ctx);
			ctx.problem = NULL;
		}
	}
	if (t->state == L2TP_TUNNEL_ESTABLISHED && t->hello_interval_ms > 0 &&
	    now_ms >= t->hello_at)
		tunnel_run(t, EV_HELLO_DUE, &ctx);
	if (t->state == L2TP_TUNNEL_LINGER && now_ms >= t->linger_at)
		tunnel_run(t, EV_LINGER_DONE, &ctx);
	tunnel_settle(t, &ctx);
}

L2tpTunnelState
l2tp_tunnel_get_state(const L2tpTunnel *t)
{
	return t->state;
}

L2tpSessionState
l2tp_tunnel_get_session_state(const L2tpTunnel *t)
{
	return t->session != NULL ? t->session->state : L2TP_SESSION_IDLE;
}

uint16_t
l2tp_tunnel_get_local_id(const L2tpTunnel *t)
{
	return t->local_id;
}

bool
l2tp_tunnel_get_record(const L2tpTunnel *t, L2tpStaleTunnel *ret)
{
	/* CLOSING too: our StopCCN may yet be lost */
	if (t->state != L2TP_TUNNEL_ESTABLISHED && t->state != L2TP_TUNNEL_CLOSING)
		return false;
	*ret = (L2tpStaleTunnel){
	    .local_id = t->local_id,
	    .peer_id = t->peer_id,
	    .ns = t->rel.ns_next,
	    .nr = t->rel.nr_next,
	};
	return true;
}

uint16_t
l2tp_tunnel_get_peer_id(const L2tpTunnel *t)
{
	return t->peer_id;
}

int64_t
l2tp_tunnel_get_deadline(const L2tpTunnel *t)
{
	return t->armed;
}
