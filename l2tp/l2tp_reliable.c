/* l2tp_reliable.c — see l2tp_reliable.h. */
#include "config.h"

#include "common/error.h"
#include "common/wire.h"
#include "l2tp/l2tp_error.h"
#include "l2tp/l2tp_message.h"
#include "l2tp/l2tp_reliable.h"

/* A message sent and not yet acknowledged. */
typedef struct Sent {
	GByteArray *msg;
	uint16_t ns;
} Sent;

/* A datagram received ahead of the expected Ns. */
typedef struct Held {
	GBytes *datagram;
	uint16_t ns;
} Held;

static void
sent_free(gpointer p)
{
	Sent *s = p;
	g_byte_array_unref(s->msg);
	g_free(s);
}

static void
held_free(gpointer p)
{
	Held *h = p;
	g_bytes_unref(h->datagram);
	g_free(h);
}

bool
l2tp_seq_before(uint16_t a, uint16_t b)
{
	/* §5.8: "the last received number and the preceding 32767 values" are old */
	uint16_t d = (uint16_t)(b - a);
	return d != 0 && d <= 32767;
}

void
l2tp_reliable_init(L2tpReliable *r, guint max_retries)
{
	*r = (L2tpReliable){
	    .peer_window = L2TP_DEFAULT_PEER_WINDOW,
	    .cwnd = 1,
	    .ssthresh = L2TP_DEFAULT_PEER_WINDOW,
	    .max_retries = max_retries > 0 ? max_retries : L2TP_MAX_RETRIES,
	    .rto_ms = L2TP_RETRANSMIT_INITIAL_MS,
	    .retransmit_at = L2TP_NO_DEADLINE,
	};
	g_queue_init(&r->unacked);
	g_queue_init(&r->waiting);
	g_queue_init(&r->held);
}

void
l2tp_reliable_abandon(L2tpReliable *r)
{
	g_queue_clear_full(&r->unacked, sent_free);
	g_queue_clear_full(&r->waiting, (GDestroyNotify)g_byte_array_unref);
	r->retransmit_at = L2TP_NO_DEADLINE;
	r->retries = 0;
	r->rto_ms = L2TP_RETRANSMIT_INITIAL_MS;
}

void
l2tp_reliable_clear(L2tpReliable *r)
{
	l2tp_reliable_abandon(r);
	g_queue_clear_full(&r->held, held_free);
}

void
l2tp_reliable_set_peer_window(L2tpReliable *r, uint16_t rws)
{
	if (rws == 0) {
		g_debug(
		    "L2TP: the server's Receive Window Size is 0; sending one message at a time");
		rws = 1;
	}
	r->peer_window = MIN(rws, L2TP_MAX_PEER_WINDOW);
	/* Appendix A: SSTHRESH starts at the maximum window the peer allows */
	r->ssthresh = r->peer_window;
	r->cwnd = MIN(r->cwnd, r->peer_window);
}

guint
l2tp_reliable_send_window(const L2tpReliable *r)
{
	return MIN(r->cwnd, r->peer_window);
}

/* Appendix A: one of our messages was acknowledged */
static void
cwnd_grow(L2tpReliable *r)
{
	if (r->cwnd >= r->peer_window)
		return;
	if (r->cwnd < r->ssthresh) {
		r->cwnd++; /* slow start */
		r->cwnd_acks = 0;
	} else if (++r->cwnd_acks >= r->cwnd) {
		r->cwnd++; /* congestion avoidance: one per window's worth of acknowledgements */
		r->cwnd_acks = 0;
	}
}

/* Appendix A: a retransmission: half of CWND to SSTHRESH, CWND back to 1 */
static void
cwnd_collapse(L2tpReliable *r)
{
	r->ssthresh = MAX(r->cwnd / 2, 1u);
	r->cwnd = 1;
	r->cwnd_acks = 0;
}

/* The Message Type of a message we built: the value of its first AVP (§4.4.1). */
static uint16_t
message_type_of(const GByteArray *msg)
{
	WireCursor c;
	uint16_t type = L2TP_MSG_NONE;

	wire_init(&c, msg->data, msg->len);
	if (!wire_get_bytes(&c, NULL, L2TP_CONTROL_HEADER_LEN + L2TP_AVP_HEADER_LEN) ||
	    !wire_get_u16(&c, &type))
		return L2TP_MSG_NONE;
	return type;
}

static void
transmit(L2tpReliable *r, GByteArray *msg, int64_t now_ms, L2tpActions *actions)
{
	Sent *s = g_new0(Sent, 1);

	s->msg = msg;
	s->ns = r->ns_next++;
	l2tp_message_set_sequence(msg, 0, s->ns, r->nr_next);
	g_debug("L2TP: sending %s Ns %u Nr %u", l2tp_message_type_name(message_type_of(msg)), s->ns,
	    r->nr_next);
	l2tp_actions_add_send(actions, msg->data, msg->len);
	g_queue_push_tail(&r->unacked, s);
	r->ack_due = false; /* the Nr rode along */
	if (r->retransmit_at == L2TP_NO_DEADLINE) {
		r->rto_ms = L2TP_RETRANSMIT_INITIAL_MS;
		r->retries = 0;
		r->retransmit_at = now_ms + r->rto_ms;
	}
}

/* Send what waits while the peer's window has room (§5.8, Appendix A). */
static void
fill_window(L2tpReliable *r, int64_t now_ms, L2tpActions *actions)
{
	while (!g_queue_is_empty(&r->waiting) && r->unacked.length < l2tp_reliable_send_window(r))
		transmit(r, g_queue_pop_head(&r->waiting), now_ms, actions);
}

void
l2tp_reliable_send(L2tpReliable *r, GByteArray *msg, int64_t now_ms, L2tpActions *actions)
{
	g_queue_push_tail(&r->waiting, msg);
	if (r->waiting.length > 1 || r->unacked.length >= l2tp_reliable_send_window(r))
		g_debug("L2TP: %s waits: %u messages in flight, the server's window is %u, "
			"ours (CWND) %u",
		    l2tp_message_type_name(message_type_of(msg)), r->unacked.length, r->peer_window,
		    r->cwnd);
	fill_window(r, now_ms, actions);
}

/* §5.8: Nr is the Ns of the next message the peer expects: everything before it arrived. */
static void
on_nr(L2tpReliable *r, uint16_t nr, int64_t now_ms, L2tpActions *actions)
{
	uint16_t una = (uint16_t)(r->ns_next - r->unacked.length);
	uint16_t acked = (uint16_t)(nr - una);

	if (acked == 0)
		return;
	if (acked > r->unacked.length) {
		g_debug("L2TP: Nr %u acknowledges messages we never sent (next Ns %u), ignoring",
		    nr, r->ns_next);
		return;
	}
	for (uint16_t i = 0; i < acked; i++) {
		sent_free(g_queue_pop_head(&r->unacked));
		cwnd_grow(r);
	}
	/* Appendix A: a new acknowledgement restarts the timer with the initial timeout */
	r->retries = 0;
	r->rto_ms = L2TP_RETRANSMIT_INITIAL_MS;
	r->retransmit_at = g_queue_is_empty(&r->unacked) ? L2TP_NO_DEADLINE : now_ms + r->rto_ms;
	fill_window(r, now_ms, actions);
}

static void
hold(L2tpReliable *r, uint16_t ns, const uint8_t *data, size_t len)
{
	GList *l;

	for (l = r->held.head; l != NULL; l = l->next) {
		Held *h = l->data;
		if (h->ns == ns)
			return; /* a duplicate of one we hold */
		if (l2tp_seq_before(ns, h->ns))
			break;
	}
	Held *h = g_new0(Held, 1);
	h->ns = ns;
	h->datagram = g_bytes_new(data, len);
	if (l != NULL)
		g_queue_insert_before(&r->held, l, h);
	else
		g_queue_push_tail(&r->held, h);
}

L2tpRxVerdict
l2tp_reliable_receive(L2tpReliable *r, const L2tpHeader *h, bool zlb, const uint8_t *data,
    size_t len, int64_t now_ms, L2tpActions *actions)
{
	on_nr(r, h->nr, now_ms, actions);
	if (zlb)
		return L2TP_RX_ZLB; /* §5.8: a ZLB's Ns is not consumed */
	int16_t ahead = (int16_t)(uint16_t)(h->ns - r->nr_next);
	if (ahead < 0) {
		/* §5.8: a duplicate is acknowledged again (our ack may have been lost) */
		g_debug("L2TP: duplicate Ns %u (expected %u), acknowledging and dropping", h->ns,
		    r->nr_next);
		r->ack_due = true;
		return L2TP_RX_DUPLICATE;
	}
	if (ahead == 0) {
		r->nr_next++;
		r->ack_due = true;
		return L2TP_RX_DELIVER;
	}
	if (ahead < L2TP_RECV_WINDOW) {
		g_debug("L2TP: Ns %u arrived ahead of %u, holding it", h->ns, r->nr_next);
		hold(r, h->ns, data, len);
		return L2TP_RX_HELD;
	}
	g_debug("L2TP: Ns %u is beyond our window (expected %u), dropping", h->ns, r->nr_next);
	return L2TP_RX_OUT_OF_WINDOW;
}

GBytes *
l2tp_reliable_next_held(L2tpReliable *r)
{
	Held *h = g_queue_peek_head(&r->held);

	/* drop what a retransmission already delivered */
	while (h != NULL && l2tp_seq_before(h->ns, r->nr_next)) {
		held_free(g_queue_pop_head(&r->held));
		h = g_queue_peek_head(&r->held);
	}
	if (h == NULL || h->ns != r->nr_next)
		return NULL;
	g_queue_pop_head(&r->held);
	r->nr_next++;
	r->ack_due = true;
	GBytes *b = g_steal_pointer(&h->datagram);
	g_free(h);
	return b;
}

void
l2tp_reliable_flush_ack(L2tpReliable *r, L2tpActions *actions)
{
	if (!r->ack_due)
		return;
	g_autoptr(GByteArray) zlb = l2tp_zlb_encode(r->peer_tunnel_id, 0, r->ns_next, r->nr_next);
	g_debug("L2TP: sending ZLB Ns %u Nr %u", r->ns_next, r->nr_next);
	l2tp_actions_add_send(actions, zlb->data, zlb->len);
	r->ack_due = false;
}

bool
l2tp_reliable_on_timer(L2tpReliable *r, int64_t now_ms, L2tpActions *actions, GError **error)
{
	if (r->retransmit_at == L2TP_NO_DEADLINE || now_ms < r->retransmit_at)
		return true;
	Sent *s = g_queue_peek_head(&r->unacked);
	if (s == NULL) {
		r->retransmit_at = L2TP_NO_DEADLINE;
		return true;
	}
	uint16_t type = message_type_of(s->msg);
	if (r->retries >= r->max_retries) {
		r->retransmit_at = L2TP_NO_DEADLINE;
		return l2sec_fail(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_TIMEOUT,
		    "L2TP: the server did not answer %s after %u retransmissions",
		    l2tp_message_type_name(type), r->retries);
	}
	r->retries++;
	cwnd_collapse(r);
	/* §5.8: a retransmission keeps its Ns and carries the current Nr */
	l2tp_message_set_sequence(s->msg, 0, s->ns, r->nr_next);
	g_debug("L2TP: retransmitting %s Ns %u Nr %u (retry %u of %u, next in %" G_GINT64_FORMAT
		" ms)",
	    l2tp_message_type_name(type), s->ns, r->nr_next, r->retries, r->max_retries,
	    MIN(r->rto_ms * 2, L2TP_RETRANSMIT_CAP_MS));
	g_debug("L2TP: congestion: SSTHRESH %u, CWND 1", r->ssthresh);
	l2tp_actions_add_send(actions, s->msg->data, s->msg->len);
	r->ack_due = false;
	r->rto_ms = MIN(r->rto_ms * 2, L2TP_RETRANSMIT_CAP_MS);
	r->retransmit_at = now_ms + r->rto_ms;
	return true;
}

int64_t
l2tp_reliable_deadline(const L2tpReliable *r)
{
	return r->retransmit_at;
}

bool
l2tp_reliable_idle(const L2tpReliable *r)
{
	return r->unacked.length == 0 && r->waiting.length == 0;
}

guint
l2tp_reliable_in_flight(const L2tpReliable *r)
{
	return r->unacked.length;
}
