/*
 * l2tp_tunnel.h — the L2TPv2 control connection of a LAC client (RFC 2661
 * §5, §7.2.1) with its one call (l2tp_session.h) and reliable delivery
 * (l2tp_reliable.h). Sans I/O: it takes events — a datagram received on the
 * tunnel socket, a timer expiry, open and close requests from the supervisor,
 * each with the current monotonic time in ms — and appends actions to an
 * L2tpActions list (l2tp_actions.h): datagrams to send, the timer deadline,
 * tunnel/session up and down for the kernel edge, CLOSED with the reason, DONE.
 *
 *   open:  SCCRQ ->, <- SCCRP, SCCCN -> (TUNNEL_UP), ICRQ ->, <- ICRP,
 *          ICCN -> (SESSION_UP)
 *   close: CDN -> (SESSION_DOWN), StopCCN ->, <- ack (DONE)
 *   peer:  <- CDN or StopCCN: acknowledged, CLOSED (PEER_CLOSED with the
 *          decoded Result Code), StopCCN sent / lingering a full
 *          retransmission cycle (31 s, §5.7) to re-acknowledge, then DONE
 *
 * Tunnel authentication (§5.1.1) when a secret is configured: a Challenge in
 * SCCRQ whose Challenge Response in SCCRP must verify, and a Challenge
 * Response in SCCCN to the server's Challenge; hidden AVPs are revealed with
 * the secret. With hide_avps (and a secret), what we send from SCCCN on hides
 * every AVP that may be hidden (§4.3, l2tp_hider_put()): not SCCRQ, since a
 * server (xl2tpd) looks the secret up only after it, nor a StopCCN answering
 * a server that failed our challenge. HELLO (§5.5) after hello_interval_ms of silence. Data frames
 * (T=0) that reach the socket are dropped (go-l2tp #4); datagrams for another
 * tunnel or that do not decode as a header are dropped; a message that fails
 * to decode or breaks the state machine closes the tunnel with StopCCN (or
 * CDN, then StopCCN, for a call message) and the matching Result Code
 * (§4.1: unknown M-bit AVP, result 2 / error 8). Every failure arrives as one
 * CLOSED action whose GError is in L2SEC_L2TP_ERROR (TIMEOUT, AUTH_FAILED,
 * PEER_CLOSED, PROTOCOL, UNKNOWN_MANDATORY, MALFORMED, HIDDEN, UNSUPPORTED).
 */
#ifndef L2SEC_L2TP_L2TP_TUNNEL_H
#define L2SEC_L2TP_L2TP_TUNNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "common/secret.h"
#include "l2tp/l2tp_actions.h"
#include "l2tp/l2tp_session.h"

#define L2TP_HELLO_INTERVAL_MS 60000 /* §5.5: HELLO after 60 s of silence (xl2tpd, accel-ppp) */
#define L2TP_LINGER_MS 31000         /* §5.7: a full retransmission cycle, 1+2+4+8+8+8 s */
#define L2TP_VENDOR_NAME "l2sec"
#define L2TP_FIRMWARE_REVISION 0x0100

typedef enum {
	L2TP_TUNNEL_IDLE,
	L2TP_TUNNEL_WAIT_CTL_REPLY, /* SCCRQ sent */
	L2TP_TUNNEL_ESTABLISHED,    /* SCCCN sent */
	L2TP_TUNNEL_CLOSING,        /* our StopCCN sent, waiting for its acknowledgement */
	L2TP_TUNNEL_LINGER,         /* StopCCN received and acknowledged: re-ack a retransmission */
	L2TP_TUNNEL_DONE,
} L2tpTunnelState;

/*
 * A tunnel an earlier run left open on the server (it was killed before its
 * StopCCN): its ids and sequence numbers as last recorded. The server keeps such
 * a tunnel until its retransmissions give up (about 30 s for xl2tpd), and while
 * it does, a new tunnel on the same addresses and ports may have its data frames
 * delivered to the old one's socket and dropped.
 */
typedef struct L2tpStaleTunnel {
	uint16_t local_id; /* 0: none */
	uint16_t peer_id;
	uint16_t ns, nr; /* our next Ns and Nr in it */
} L2tpStaleTunnel;

typedef struct L2tpTunnelConfig {
	const char *host_name;     /* Host Name AVP; NULL: "l2sec" */
	const L2secSecret *secret; /* tunnel secret (copied), NULL: no tunnel authentication */
	uint16_t local_tunnel_id;  /* 0: random non-zero */
	uint16_t local_session_id; /* 0: random non-zero */
	uint32_t call_serial;      /* Call Serial Number of the ICRQ */
	int64_t hello_interval_ms; /* 0: never send HELLO */
	guint max_retries;         /* retransmissions before TIMEOUT */
	int64_t linger_ms;         /* how long LINGER lasts */
	bool hide_avps;            /* §4.3: hide AVPs from SCCCN on (needs secret) */
	L2tpStaleTunnel stale;     /* cleared with a StopCCN first; local_id 0: none */
} L2tpTunnelConfig;

typedef struct L2tpTunnel L2tpTunnel;

/* The defaults: no secret, random ids, HELLO every 60 s, 5 retries, 31 s linger. */
void l2tp_tunnel_config_init(L2tpTunnelConfig *c);
/* A tunnel in IDLE; nothing is sent until l2tp_tunnel_open(). */
L2tpTunnel *l2tp_tunnel_new(const L2tpTunnelConfig *c);
/*
 * Free the tunnel, wiping its secret; NULL is fine. No StopCCN: close first.
 * Freeing after CLOSED but before DONE only skips re-acknowledging the
 * server's retransmissions (LINGER) or waiting for the ack of our StopCCN.
 */
void l2tp_tunnel_free(L2tpTunnel *t);

/* Supervisor: start the control connection (SCCRQ) and then the call. */
void l2tp_tunnel_open(L2tpTunnel *t, int64_t now_ms, L2tpActions *actions);
/* Supervisor: hang up (CDN, StopCCN) and finish; CLOSED with a NULL error if not closed yet. */
void l2tp_tunnel_close(L2tpTunnel *t, int64_t now_ms, L2tpActions *actions);
/*
 * Supervisor: hang up because of a failure on our side (pppd ended, the
 * kernel refused): as l2tp_tunnel_close(), but the CDN says result 2 (general
 * error), error 6 (vendor-specific), and both it and the StopCCN carry `why`
 * (§4.4.2) instead of "disconnected by the user".
 */
void l2tp_tunnel_close_failed(L2tpTunnel *t, const char *why, int64_t now_ms, L2tpActions *actions);
/* Edge: one datagram received on the tunnel socket from the server. */
void l2tp_tunnel_receive(
    L2tpTunnel *t, const uint8_t *data, size_t len, int64_t now_ms, L2tpActions *actions);
/* Edge: the timer of the last TIMER action expired (an early or late call is fine). */
void l2tp_tunnel_on_timer(L2tpTunnel *t, int64_t now_ms, L2tpActions *actions);

L2tpTunnelState l2tp_tunnel_get_state(const L2tpTunnel *t);
/* "WAIT_CTL_REPLY"... for logs. */
const char *l2tp_tunnel_state_name(L2tpTunnelState state);
/* The call's state (IDLE before the tunnel is up). */
L2tpSessionState l2tp_tunnel_get_session_state(const L2tpTunnel *t);
uint16_t l2tp_tunnel_get_local_id(const L2tpTunnel *t);
/* 0 until SCCRP. */
uint16_t l2tp_tunnel_get_peer_id(const L2tpTunnel *t);
/* What a later run needs to clear this tunnel if this one dies without its
 * StopCCN (false until the tunnel is established, and once its StopCCN is
 * acknowledged or the server's received; *ret is then left as it was). */
bool l2tp_tunnel_get_record(const L2tpTunnel *t, L2tpStaleTunnel *ret);
/* The deadline of the last TIMER action, or L2TP_NO_DEADLINE. */
int64_t l2tp_tunnel_get_deadline(const L2tpTunnel *t);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(L2tpTunnel, l2tp_tunnel_free)

#endif
