/*
 * l2tp_reliable.h — reliable delivery of L2TPv2 control messages (RFC 2661
 * §5.8, Appendix A): Ns/Nr sequencing with 16-bit wrap-safe comparison, a send
 * window limited by the peer's Receive Window Size (4 when the peer sends none),
 * retransmission of the oldest unacknowledged message with exponential backoff
 * (1 s doubling, capped at 8 s) up to a retry limit (5), ZLB acknowledgements,
 * duplicates re-acknowledged and dropped, messages that arrive ahead of the
 * expected Ns held and delivered in order.
 *
 * No I/O and no clock: callers pass now_ms, and datagrams to send are appended
 * to an L2tpActions list as SEND actions. This module sets Ns and Nr in the
 * messages it sends; it does not decode AVPs. The tunnel (l2tp_tunnel.c) owns
 * one L2tpReliable per control connection.
 *
 * Slow start and congestion avoidance (Appendix A): the messages in flight
 * are limited by min(CWND, the peer's window). CWND starts at 1 and SSTHRESH
 * at the peer's window; each message acknowledged grows CWND by one below
 * SSTHRESH (slow start) and by one per CWND messages acknowledged above it
 * (congestion avoidance), never beyond the peer's window. A retransmission
 * saves half of CWND (at least 1) in SSTHRESH and sets CWND back to 1. So an
 * LAC sends SCCRQ alone, SCCCN and ICRQ together once SCCRP acknowledged it.
 *
 * Acknowledgements: a received message sets `ack_due`; the tunnel calls
 * l2tp_reliable_flush_ack() at the end of each event, so whatever the event
 * sends carries the Nr (piggyback) and a ZLB goes out only when it sent
 * nothing. We acknowledge at once rather than after a delay (go-l2tp waits 100
 * ms) because every message a LAC answers with (SCCCN, ICRQ, ICCN) is built in
 * the same event as the message it answers: a delay would save no ZLB and
 * would only eat into the server's retransmission timer.
 */
#ifndef L2SEC_L2TP_L2TP_RELIABLE_H
#define L2SEC_L2TP_L2TP_RELIABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "l2tp/l2tp_actions.h"
#include "l2tp/l2tp_header.h"

#define L2TP_RETRANSMIT_INITIAL_MS 1000 /* §5.8: the first timeout is 1 s ... */
#define L2TP_RETRANSMIT_CAP_MS 8000     /* ... doubling, capped at 8 s */
#define L2TP_MAX_RETRIES 5              /* §5.8: "five retransmissions" by default */
#define L2TP_DEFAULT_PEER_WINDOW 4      /* §4.4.3: window when no Receive Window Size AVP */
#define L2TP_MAX_PEER_WINDOW 64         /* we never have more in flight than this */
#define L2TP_RECV_WINDOW 8              /* what we advertise and how far ahead we hold */

/* §5.8: a is before b in sequence space (a < b with wrap: b is within 32767 after a). */
bool l2tp_seq_before(uint16_t a, uint16_t b);

typedef enum {
	L2TP_RX_DELIVER,       /* the next message in order: process it */
	L2TP_RX_ZLB,           /* an acknowledgement only */
	L2TP_RX_DUPLICATE,     /* already received: re-acknowledged, drop it */
	L2TP_RX_HELD,          /* ahead of the expected Ns: kept until the gap fills */
	L2TP_RX_OUT_OF_WINDOW, /* too far ahead: dropped */
} L2tpRxVerdict;

typedef struct L2tpReliable {
	uint16_t ns_next; /* Ns of the next message we transmit */
	uint16_t nr_next; /* Ns we expect next from the peer: our Nr */
	guint peer_window;
	guint cwnd;      /* Appendix A: congestion window, 1..peer_window */
	guint ssthresh;  /* Appendix A: slow start threshold */
	guint cwnd_acks; /* congestion avoidance: messages acknowledged at this CWND */
	guint max_retries;
	GQueue unacked; /* sent, not acknowledged, oldest first (private) */
	GQueue waiting; /* GByteArray: not sent yet, the window is full */
	GQueue held;    /* received ahead of nr_next, in Ns order (private) */
	guint retries;  /* retransmissions of the oldest unacked message */
	int64_t rto_ms;
	int64_t retransmit_at;   /* L2TP_NO_DEADLINE when nothing is in flight */
	bool ack_due;            /* we owe the peer an acknowledgement */
	uint16_t peer_tunnel_id; /* the Tunnel ID of the ZLBs we send */
} L2tpReliable;

/* Start with Ns = Nr = 0, the default window and max_retries (0: L2TP_MAX_RETRIES). */
void l2tp_reliable_init(L2tpReliable *r, guint max_retries);
/* Free everything queued. */
void l2tp_reliable_clear(L2tpReliable *r);
/*
 * The peer's Receive Window Size (§4.4.3): 0 is taken as 1, larger than the
 * cap as the cap. It becomes SSTHRESH; CWND is cut to it if larger.
 */
void l2tp_reliable_set_peer_window(L2tpReliable *r, uint16_t rws);
/*
 * Queue a whole control message (taken; built with Ns = Nr = 0) of type msg_type
 * for reliable delivery: it gets the next Ns and the current Nr and is sent now
 * (a SEND action) if the peer's window has room, else when it opens.
 */
void l2tp_reliable_send(L2tpReliable *r, GByteArray *msg, int64_t now_ms, L2tpActions *actions);
/*
 * Account for a received control datagram (its header h; zlb when it has no
 * AVPs): its Nr acknowledges what we sent before it (opening the window, so
 * waiting messages may be sent), its Ns decides the verdict. A held datagram is
 * copied.
 */
L2tpRxVerdict l2tp_reliable_receive(L2tpReliable *r, const L2tpHeader *h, bool zlb,
    const uint8_t *data, size_t len, int64_t now_ms, L2tpActions *actions);
/* The held datagram that is now next in order, if any (the caller processes it). */
GBytes *l2tp_reliable_next_held(L2tpReliable *r);
/* Send a ZLB (§5.8) if an acknowledgement is owed and nothing carried it. */
void l2tp_reliable_flush_ack(L2tpReliable *r, L2tpActions *actions);
/*
 * The retransmission timer: at or after l2tp_reliable_deadline(), retransmit
 * the oldest unacknowledged message with the current Nr and back off; after
 * max_retries retransmissions fail with L2SEC_L2TP_ERROR_TIMEOUT ("L2TP: the
 * server did not answer SCCRQ after 5 retransmissions").
 */
bool l2tp_reliable_on_timer(L2tpReliable *r, int64_t now_ms, L2tpActions *actions, GError **error);
/* When l2tp_reliable_on_timer() wants to run, or L2TP_NO_DEADLINE. */
int64_t l2tp_reliable_deadline(const L2tpReliable *r);
/* Nothing unacknowledged and nothing waiting. */
bool l2tp_reliable_idle(const L2tpReliable *r);
/* Messages sent and not acknowledged. */
guint l2tp_reliable_in_flight(const L2tpReliable *r);
/* How many may be in flight now: min(CWND, the peer's window). */
guint l2tp_reliable_send_window(const L2tpReliable *r);
/* Forget every message not yet acknowledged (the peer has gone: §5.7). */
void l2tp_reliable_abandon(L2tpReliable *r);

#endif
