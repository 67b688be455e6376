/* l2tp_session.c — see l2tp_session.h. */
#include "config.h"

#include "common/error.h"
#include "l2tp/l2tp_error.h"
#include "l2tp/l2tp_hidden.h"
#include "l2tp/l2tp_result.h"
#include "l2tp/l2tp_session.h"

typedef enum {
	SEV_OPEN,
	SEV_CLOSE,
	SEV_DROP,
	SEV_ICRP,
	SEV_CDN,
	SEV_WEN,
	SEV_SLI,
	SEV_OTHER, /* ICRQ, ICCN, OCRQ, OCRP, OCCN: never sent to a LAC client */
} SessionEvent;

static const char *const event_names[] = {
    [SEV_OPEN] = "open",
    [SEV_CLOSE] = "close",
    [SEV_DROP] = "tunnel down",
    [SEV_ICRP] = "ICRP",
    [SEV_CDN] = "CDN",
    [SEV_WEN] = "WEN",
    [SEV_SLI] = "SLI",
    [SEV_OTHER] = "other",
};

static const char *const state_names[] = {
    [L2TP_SESSION_IDLE] = "IDLE",
    [L2TP_SESSION_WAIT_REPLY] = "WAIT_REPLY",
    [L2TP_SESSION_ESTABLISHED] = "ESTABLISHED",
    [L2TP_SESSION_CLOSED] = "CLOSED",
};

/* What an action gets: the message for receive events, the CDN to send for close. */
typedef struct SessionCtx {
	const L2tpMessage *m;
	uint16_t result, error_code;
	const char *message;
	GPtrArray *outbox;
	L2tpActions *actions;
} SessionCtx;

/* An action: false with an error ends the call (the state goes to CLOSED). */
typedef bool (*SessionAction)(L2tpSession *s, const SessionCtx *ctx, GError **error);

const char *
l2tp_session_state_name(L2tpSessionState state)
{
	return state < G_N_ELEMENTS(state_names) ? state_names[state] : "?";
}

L2tpSession *
l2tp_session_new(
    uint16_t local_tunnel_id, uint16_t peer_tunnel_id, uint16_t local_id, uint32_t serial)
{
	L2tpSession *s = g_new0(L2tpSession, 1);

	s->state = L2TP_SESSION_IDLE;
	s->local_tunnel_id = local_tunnel_id;
	s->peer_tunnel_id = peer_tunnel_id;
	s->local_id = local_id;
	s->serial = serial;
	return s;
}

void
l2tp_session_free(L2tpSession *s)
{
	g_free(s);
}

/* The one writer of s->state. */
static void
session_set_state(L2tpSession *s, L2tpSessionState next, SessionEvent ev)
{
	if (s->state != next)
		g_debug("L2TP: session %u: %s -> %s on %s", s->local_id, state_names[s->state],
		    state_names[next], event_names[ev]);
	s->state = next;
}

static void
add_ids(L2tpSession *s, L2tpActions *actions, L2tpActionType type)
{
	L2tpAction *a = l2tp_actions_add(actions, type);
	a->local_tunnel_id = s->local_tunnel_id;
	a->peer_tunnel_id = s->peer_tunnel_id;
	a->local_session_id = s->local_id;
	a->peer_session_id = s->peer_id;
}

/* A message to the server about this call; the tunnel sets Ns and Nr. */
static GByteArray *
begin(L2tpSession *s, uint16_t type, size_t *ret_start)
{
	GByteArray *w = g_byte_array_new();
	*ret_start = l2tp_message_begin(w, s->peer_tunnel_id, s->peer_id, 0, 0, type);
	return w;
}

static bool
nothing(L2tpSession *s, const SessionCtx *ctx, GError **error)
{
	return true;
}

void
l2tp_session_set_hiding(L2tpSession *s, const L2secSecret *secret)
{
	s->hide_secret = secret;
}

/* §7.4.1 idle -> wait-reply: send ICRQ (§6.10) */
static bool
send_icrq(L2tpSession *s, const SessionCtx *ctx, GError **error)
{
	size_t start;
	g_autoptr(GByteArray) w = begin(s, L2TP_MSG_ICRQ, &start);
	L2tpHider h;

	l2tp_hider_init(&h, s->hide_secret);
	bool ok = l2tp_hider_put_u16(&h, w, L2TP_AVP_ASSIGNED_SESSION_ID, s->local_id, error) &&
		  l2tp_hider_put_u32(&h, w, L2TP_AVP_CALL_SERIAL_NUMBER, s->serial, error) &&
		  /* §4.4.5: a virtual call has no bearer: Bearer Type 0, as xl2tpd's LAC sends */
		  l2tp_hider_put_u32(&h, w, L2TP_AVP_BEARER_TYPE, 0, error);
	l2tp_hider_end(&h);
	if (!ok)
		return false;
	l2tp_message_finish(w, start);
	g_ptr_array_add(ctx->outbox, g_steal_pointer(&w));
	return true;
}

/* §7.4.1 wait-reply, ICRP acceptable: send ICCN (§6.12), established */
static bool
on_icrp(L2tpSession *s, const SessionCtx *ctx, GError **error)
{
	uint16_t peer_id = 0;

	if (!l2tp_message_get_u16(ctx->m, L2TP_AVP_ASSIGNED_SESSION_ID, &peer_id) || peer_id == 0)
		return l2sec_fail(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_PROTOCOL,
		    "L2TP: the server's ICRP assigns session ID 0");
	s->peer_id = peer_id;
	size_t start;
	g_autoptr(GByteArray) w = begin(s, L2TP_MSG_ICCN, &start);
	L2tpHider h;
	l2tp_hider_init(&h, s->hide_secret);
	bool ok = l2tp_hider_put_u32(&h, w, L2TP_AVP_TX_CONNECT_SPEED, L2TP_CONNECT_SPEED, error) &&
		  /* the kernel's PPPoL2TP carries synchronous PPP frames */
		  l2tp_hider_put_u32(&h, w, L2TP_AVP_FRAMING_TYPE, L2TP_FRAMING_SYNC, error) &&
		  l2tp_hider_put_u32(&h, w, L2TP_AVP_RX_CONNECT_SPEED, L2TP_CONNECT_SPEED, error);
	l2tp_hider_end(&h);
	if (!ok)
		return false;
	l2tp_message_finish(w, start);
	g_ptr_array_add(ctx->outbox, g_steal_pointer(&w));
	add_ids(s, ctx->actions, L2TP_ACTION_SESSION_UP);
	return true;
}

static void
down_if_up(L2tpSession *s, L2tpActions *actions)
{
	if (s->state == L2TP_SESSION_ESTABLISHED)
		add_ids(s, actions, L2TP_ACTION_SESSION_DOWN);
}

/* §5.4.3, §6.14: CDN either way ends the call */
static bool
send_cdn(L2tpSession *s, const SessionCtx *ctx, GError **error)
{
	size_t start;
	GByteArray *w = begin(s, L2TP_MSG_CDN, &start);
	g_autoptr(GError) e = NULL;
	L2tpHider h;

	l2tp_avp_put_result_code(w, ctx->result, true, ctx->error_code, ctx->message);
	l2tp_hider_init(&h, s->hide_secret);
	if (!l2tp_hider_put_u16(&h, w, L2TP_AVP_ASSIGNED_SESSION_ID, s->local_id, &e)) {
		/* hanging up matters more than hiding our session id */
		g_debug("%s; the CDN goes in clear", e->message);
		l2tp_avp_put_u16(w, L2TP_AVP_ASSIGNED_SESSION_ID, s->local_id);
	}
	l2tp_hider_end(&h);
	l2tp_message_finish(w, start);
	g_ptr_array_add(ctx->outbox, w);
	down_if_up(s, ctx->actions);
	return true;
}

static bool
on_cdn(L2tpSession *s, const SessionCtx *ctx, GError **error)
{
	const L2tpAvp *rc = l2tp_message_find(ctx->m, L2TP_AVP_RESULT_CODE);
	g_autofree char *why = rc != NULL ? l2tp_result_describe(L2TP_MSG_CDN, &rc->v.result)
					  : g_strdup("CDN without a Result Code");

	down_if_up(s, ctx->actions);
	return l2sec_fail(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_PEER_CLOSED,
	    "L2TP: the server disconnected the call: %s", why);
}

static bool
on_drop(L2tpSession *s, const SessionCtx *ctx, GError **error)
{
	down_if_up(s, ctx->actions);
	return true;
}

/* §6.15: WEN reports the LAC's line errors; an LNS should not send it, but it harms nothing */
static bool
on_wen(L2tpSession *s, const SessionCtx *ctx, GError **error)
{
	const L2tpAvp *e = l2tp_message_find(ctx->m, L2TP_AVP_CALL_ERRORS);
	if (e == NULL)
		return l2sec_fail(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED,
		    "L2TP: WEN without Call Errors (RFC 2661 §6.15)");
	g_debug("L2TP: session %u: WAN-Error-Notify (CRC %u, framing %u, timeouts %u), accepted",
	    s->local_id, e->v.call_errors.crc, e->v.call_errors.framing, e->v.call_errors.timeout);
	return true;
}

/* §6.16: SLI carries the peer's ACCM; synchronous PPPoL2TP has no ACCM to apply (go-l2tp #6) */
static bool
on_sli(L2tpSession *s, const SessionCtx *ctx, GError **error)
{
	const L2tpAvp *a = l2tp_message_find(ctx->m, L2TP_AVP_ACCM);
	if (a == NULL)
		return l2sec_fail(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED,
		    "L2TP: SLI without ACCM (RFC 2661 §6.16)");
	g_debug("L2TP: session %u: Set-Link-Info ACCM send %08x recv %08x, accepted", s->local_id,
	    a->v.accm.send, a->v.accm.recv);
	return true;
}

/* clang-format off */
static const struct {
	L2tpSessionState state;
	SessionEvent event;
	SessionAction action;
	L2tpSessionState next;
} session_table[] = {
	/* §7.4.1 LAC incoming call: idle -> ICRQ -> wait-reply -> ICRP/ICCN -> established */
	{ L2TP_SESSION_IDLE,        SEV_OPEN,  send_icrq, L2TP_SESSION_WAIT_REPLY },
	{ L2TP_SESSION_WAIT_REPLY,  SEV_ICRP,  on_icrp,   L2TP_SESSION_ESTABLISHED },
	/* §7.4.1: CDN in wait-reply or established: clean up, idle */
	{ L2TP_SESSION_WAIT_REPLY,  SEV_CDN,   on_cdn,    L2TP_SESSION_CLOSED },
	{ L2TP_SESSION_ESTABLISHED, SEV_CDN,   on_cdn,    L2TP_SESSION_CLOSED },
	/* §6.15, §6.16: link information during the call */
	{ L2TP_SESSION_ESTABLISHED, SEV_WEN,   on_wen,    L2TP_SESSION_ESTABLISHED },
	{ L2TP_SESSION_ESTABLISHED, SEV_SLI,   on_sli,    L2TP_SESSION_ESTABLISHED },
	/* §7.4.1 local close request: send CDN */
	{ L2TP_SESSION_IDLE,        SEV_CLOSE, nothing,   L2TP_SESSION_CLOSED },
	{ L2TP_SESSION_WAIT_REPLY,  SEV_CLOSE, send_cdn,  L2TP_SESSION_CLOSED },
	{ L2TP_SESSION_ESTABLISHED, SEV_CLOSE, send_cdn,  L2TP_SESSION_CLOSED },
	{ L2TP_SESSION_CLOSED,      SEV_CLOSE, nothing,   L2TP_SESSION_CLOSED },
	/* §5.7: StopCCN clears every call without CDN */
	{ L2TP_SESSION_IDLE,        SEV_DROP,  on_drop,   L2TP_SESSION_CLOSED },
	{ L2TP_SESSION_WAIT_REPLY,  SEV_DROP,  on_drop,   L2TP_SESSION_CLOSED },
	{ L2TP_SESSION_ESTABLISHED, SEV_DROP,  on_drop,   L2TP_SESSION_CLOSED },
	{ L2TP_SESSION_CLOSED,      SEV_DROP,  on_drop,   L2TP_SESSION_CLOSED },
};
/* clang-format on */

static bool
session_run(L2tpSession *s, SessionEvent ev, SessionCtx *ctx, GError **error)
{
	for (size_t i = 0; i < G_N_ELEMENTS(session_table); i++) {
		if (session_table[i].state != s->state || session_table[i].event != ev)
			continue;
		g_autoptr(GError) local = NULL;
		if (!session_table[i].action(s, ctx, &local)) {
			session_set_state(s, L2TP_SESSION_CLOSED, ev);
			g_propagate_error(error, g_steal_pointer(&local));
			return false;
		}
		session_set_state(s, session_table[i].next, ev);
		return true;
	}
	/* an unlisted pair: a protocol error; hang up with CDN result 2 (§4.4.2) */
	const char *what = ctx->m != NULL ? l2tp_message_type_name(ctx->m->type) : event_names[ev];
	g_autofree char *text =
	    g_strdup_printf("unexpected %s in state %s", what, state_names[s->state]);
	if (s->state == L2TP_SESSION_WAIT_REPLY || s->state == L2TP_SESSION_ESTABLISHED) {
		SessionCtx cdn = {.result = L2TP_CDN_RESULT_GENERAL_ERROR,
		    .error_code = L2TP_ERROR_NONE,
		    .message = text,
		    .outbox = ctx->outbox,
		    .actions = ctx->actions};
		(void)send_cdn(s, &cdn, NULL);
	}
	session_set_state(s, L2TP_SESSION_CLOSED, ev);
	return l2sec_fail(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_PROTOCOL,
	    "L2TP: session %u: %s (RFC 2661 §7.4.1)", s->local_id, text);
}

bool
l2tp_session_open(L2tpSession *s, GPtrArray *outbox, L2tpActions *actions, GError **error)
{
	SessionCtx ctx = {.outbox = outbox, .actions = actions};

	return session_run(s, SEV_OPEN, &ctx, error);
}

void
l2tp_session_close(L2tpSession *s, uint16_t result, uint16_t error_code, const char *message,
    GPtrArray *outbox, L2tpActions *actions)
{
	SessionCtx ctx = {.result = result,
	    .error_code = error_code,
	    .message = message,
	    .outbox = outbox,
	    .actions = actions};
	(void)session_run(s, SEV_CLOSE, &ctx, NULL);
}

void
l2tp_session_drop(L2tpSession *s, L2tpActions *actions)
{
	SessionCtx ctx = {.actions = actions};
	(void)session_run(s, SEV_DROP, &ctx, NULL);
}

static SessionEvent
event_of(uint16_t type)
{
	switch (type) {
	case L2TP_MSG_ICRP:
		return SEV_ICRP;
	case L2TP_MSG_CDN:
		return SEV_CDN;
	case L2TP_MSG_WEN:
		return SEV_WEN;
	case L2TP_MSG_SLI:
		return SEV_SLI;
	default:
		return SEV_OTHER;
	}
}

bool
l2tp_session_receive(
    L2tpSession *s, const L2tpMessage *m, GPtrArray *outbox, L2tpActions *actions, GError **error)
{
	SessionCtx ctx = {.m = m, .outbox = outbox, .actions = actions};

	return session_run(s, event_of(m->type), &ctx, error);
}
