/*
 * l2tp_session.h — one L2TPv2 call placed by a LAC client: the "LAC Incoming
 * Call" state machine of RFC 2661 §7.4.1, which is what L2TP/IPsec clients
 * (xl2tpd's LAC, Windows, macOS) use: ICRQ ->, <- ICRP, ICCN ->, established;
 * CDN either way ends it (§5.4.3); WEN and SLI (§6.15, §6.16) are accepted.
 *
 * A table of (state, event) -> action, next state; only session_set_state()
 * writes the state; an unlisted pair is a protocol error that answers with CDN.
 * No I/O and no Ns/Nr: messages to send are appended to `outbox` (GByteArray,
 * Ns = Nr = 0) for the tunnel to sequence (l2tp_reliable.h); SESSION_UP and
 * SESSION_DOWN go to an L2tpActions list. Errors, when the call ends:
 * L2SEC_L2TP_ERROR_PEER_CLOSED (CDN from the server, with its decoded Result
 * Code), L2SEC_L2TP_ERROR_PROTOCOL (a message this state does not allow).
 */
#ifndef L2SEC_L2TP_L2TP_SESSION_H
#define L2SEC_L2TP_L2TP_SESSION_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "common/secret.h"
#include "l2tp/l2tp_actions.h"
#include "l2tp/l2tp_message.h"

/* The Tx/Rx Connect Speed we report in ICCN (§4.4.5), in bits per second. */
#define L2TP_CONNECT_SPEED 100000000u

typedef enum {
	L2TP_SESSION_IDLE,
	L2TP_SESSION_WAIT_REPLY, /* ICRQ sent (§7.4.1 wait-reply) */
	L2TP_SESSION_ESTABLISHED,
	L2TP_SESSION_CLOSED,
} L2tpSessionState;

typedef struct L2tpSession {
	L2tpSessionState state;
	uint16_t local_tunnel_id, peer_tunnel_id;
	uint16_t local_id;              /* our Assigned Session ID */
	uint16_t peer_id;               /* the server's, from ICRP; 0 before */
	uint32_t serial;                /* Call Serial Number (§4.4.4) */
	const L2secSecret *hide_secret; /* hide the AVPs we send (§4.3); NULL: in clear */
} L2tpSession;

/* A session in IDLE on the tunnel (local_tunnel_id, peer_tunnel_id); local_id must not be 0. */
L2tpSession *l2tp_session_new(
    uint16_t local_tunnel_id, uint16_t peer_tunnel_id, uint16_t local_id, uint32_t serial);
/* NULL is fine. */
void l2tp_session_free(L2tpSession *s);
/* "WAIT_REPLY"... for logs. */
const char *l2tp_session_state_name(L2tpSessionState state);

/*
 * Hide the AVPs that may be hidden in what the call sends from now on (§4.3,
 * l2tp_hider_put()) with this tunnel secret (not copied: the tunnel's, which
 * outlives the session); NULL: in clear.
 */
void l2tp_session_set_hiding(L2tpSession *s, const L2secSecret *secret);
/*
 * Place the call: ICRQ. False (the session CLOSED, nothing sent) only if a
 * hidden AVP cannot be made (L2SEC_L2TP_ERROR_HIDDEN: the RNG failed).
 */
bool l2tp_session_open(L2tpSession *s, GPtrArray *outbox, L2tpActions *actions, GError **error);
/*
 * Hang up: CDN with this Result Code, Error Code and message (NULL: none) if
 * the call was placed, SESSION_DOWN if it was up.
 */
void l2tp_session_close(L2tpSession *s, uint16_t result, uint16_t error_code, const char *message,
    GPtrArray *outbox, L2tpActions *actions);
/* The tunnel went away (StopCCN clears every call, §5.7): SESSION_DOWN if up, no CDN. */
void l2tp_session_drop(L2tpSession *s, L2tpActions *actions);
/*
 * A validated session message (ICRP, CDN, WEN, SLI, ...) for this call. False
 * with an error when the call is over (see above); the session is then CLOSED.
 */
bool l2tp_session_receive(
    L2tpSession *s, const L2tpMessage *m, GPtrArray *outbox, L2tpActions *actions, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(L2tpSession, l2tp_session_free)

#endif
