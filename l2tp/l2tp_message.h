/*
 * l2tp_message.h — whole L2TPv2 messages (RFC 2661 §3.1, §6): decode a
 * datagram into its header and its list of AVPs with hidden values revealed,
 * check in a separate step that a message has the AVPs §6 requires, name
 * message types for logs, and frame messages to send. Knows nothing of tunnels,
 * sockets or time: the control connection (l2tp_tunnel.c) decides what a
 * message means.
 *
 * A data frame (T bit clear) that reaches the tunnel socket decodes as a data
 * message (header.control false, payload set) and is never parsed as control
 * (go-l2tp #4). A control message with no AVPs is a ZLB acknowledgement (§5.8).
 * The first AVP must be Message Type (§4.4.1). The decoded message owns a copy of
 * the datagram; AVP values point into it, or into wiped buffers for revealed
 * values. Errors: those of l2tp_header.h, l2tp_avp.h and l2tp_hidden.h, all
 * naming the byte offset in the datagram.
 */
#ifndef L2SEC_L2TP_L2TP_MESSAGE_H
#define L2SEC_L2TP_L2TP_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "common/secret.h"
#include "l2tp/l2tp_avp.h"
#include "l2tp/l2tp_header.h"

/* RFC 2661 §3.2 control message types; 5 and 13 are reserved. */
typedef enum {
	L2TP_MSG_NONE = 0, /* ZLB or data message: no Message Type */
	L2TP_MSG_SCCRQ = 1,
	L2TP_MSG_SCCRP = 2,
	L2TP_MSG_SCCCN = 3,
	L2TP_MSG_STOPCCN = 4,
	L2TP_MSG_HELLO = 6,
	L2TP_MSG_OCRQ = 7,
	L2TP_MSG_OCRP = 8,
	L2TP_MSG_OCCN = 9,
	L2TP_MSG_ICRQ = 10,
	L2TP_MSG_ICRP = 11,
	L2TP_MSG_ICCN = 12,
	L2TP_MSG_CDN = 14,
	L2TP_MSG_WEN = 15,
	L2TP_MSG_SLI = 16,
} L2tpMessageType;

typedef struct L2tpMessage {
	L2tpHeader header;
	bool zlb;               /* a control message without AVPs */
	uint16_t type;          /* the Message Type AVP; L2TP_MSG_NONE for a ZLB or data */
	bool type_mandatory;    /* the M bit of the Message Type AVP (§4.4.1) */
	GArray *avps;           /* L2tpAvp in wire order, Message Type first; empty for ZLB/data */
	const uint8_t *payload; /* a data message's PPP frame (NULL for control) */
	size_t payload_len;
	/*< private >*/
	uint8_t *raw; /* the copy of the datagram everything points into */
	size_t raw_len;
	GPtrArray *revealed; /* L2secSecret *: revealed hidden values */
} L2tpMessage;

/*
 * Decode a datagram. secret (may be NULL) is the tunnel secret used to reveal
 * hidden AVPs. Unknown AVPs without the M bit and all vendor AVPs without the M
 * bit are kept undecoded; required AVPs are not checked here.
 */
L2tpMessage *l2tp_message_decode(
    const uint8_t *data, size_t len, const L2secSecret *secret, GError **error);
/* Free a message, wiping its revealed values; NULL is fine. */
void l2tp_message_free(L2tpMessage *m);
/*
 * §6: check a decoded control message has the AVPs its type requires and a
 * Message Type we know. An unknown type with M set gives UNKNOWN_MANDATORY (the
 * tunnel must be cleared, §4.4.1); with M clear, UNSUPPORTED (ignore it). A
 * missing AVP gives MALFORMED naming it. ZLBs and data messages pass.
 */
bool l2tp_message_validate(const L2tpMessage *m, GError **error);
/* The first IETF AVP of this type (vendor AVPs never match), or NULL. */
const L2tpAvp *l2tp_message_find(const L2tpMessage *m, uint16_t type);
/* The decoded 16-/32-bit value of the first IETF AVP of this type; false if absent. */
bool l2tp_message_get_u16(const L2tpMessage *m, uint16_t type, uint16_t *ret);
bool l2tp_message_get_u32(const L2tpMessage *m, uint16_t type, uint32_t *ret);
/* The AVP at index i (0 = Message Type). */
const L2tpAvp *l2tp_message_avp(const L2tpMessage *m, guint i);
guint l2tp_message_n_avps(const L2tpMessage *m);

/* "SCCRQ", "ZLB" (type 0)... or "unknown"; for logs. */
const char *l2tp_message_type_name(uint16_t type);
/* "Start-Control-Connection-Request" ... or "unknown message type". */
const char *l2tp_message_type_long_name(uint16_t type);
/* True for the types of RFC 2661 §3.2. */
bool l2tp_message_type_known(uint16_t type);
/* True for the call (session) messages, ICRQ..CDN, WEN, SLI; false for tunnel messages. */
bool l2tp_message_type_is_session(uint16_t type);
/* One line for debug logs: "SCCRP tunnel 5930 session 0 Ns 0 Nr 1, 11 AVPs". */
char *l2tp_message_describe(const L2tpMessage *m);

/*
 * Start a control message in w: header (Length patched later) and the Message
 * Type AVP; returns its start for l2tp_message_finish(). Append AVPs with the
 * l2tp_avp_put_*() writers in between.
 */
size_t l2tp_message_begin(GByteArray *w, uint16_t tunnel_id, uint16_t session_id, uint16_t ns,
    uint16_t nr, uint16_t type);
/* Patch the Length of the message that starts at `start`. */
void l2tp_message_finish(GByteArray *w, size_t start);
/* Rewrite Ns and Nr of the message at `start` (a retransmission carries the current Nr). */
void l2tp_message_set_sequence(GByteArray *w, size_t start, uint16_t ns, uint16_t nr);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(L2tpMessage, l2tp_message_free)

#endif
