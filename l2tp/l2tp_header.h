/*
 * l2tp_header.h — the L2TPv2 header (RFC 2661 §3.1), for control and data
 * messages. Decoding classifies a datagram first by its T bit, so a data frame
 * the kernel passed up to the tunnel socket (for a session it does not know yet)
 * is recognised as data and never parsed as control (go-l2tp #4). Encoding
 * writes control headers (L and S set) and ZLB acknowledgements. Knows nothing
 * of tunnels, sockets or time. Errors: L2SEC_L2TP_ERROR_MALFORMED naming the
 * field and its byte offset; L2SEC_L2TP_ERROR_UNSUPPORTED for a version other
 * than 2 ("L2TPv3 is not supported" for 3).
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |T|L|x|x|S|x|O|P|x|x|x|x|  Ver  |          Length (opt)         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Tunnel ID           |           Session ID          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |             Ns (opt)          |             Nr (opt)          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Offset Size (opt)        |    Offset pad... (opt)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
#ifndef L2SEC_L2TP_L2TP_HEADER_H
#define L2SEC_L2TP_L2TP_HEADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "common/wire.h"

#define L2TP_HDR_T 0x8000u /* control message */
#define L2TP_HDR_L 0x4000u /* Length present */
#define L2TP_HDR_S 0x0800u /* Ns and Nr present */
#define L2TP_HDR_O 0x0200u /* Offset Size present */
#define L2TP_HDR_P 0x0100u /* priority (data only) */
#define L2TP_HDR_VER_MASK 0x000fu
#define L2TP_VERSION 2
/* A control header is always 12 bytes: flags, Length, Tunnel ID, Session ID, Ns, Nr. */
#define L2TP_CONTROL_HEADER_LEN 12

/* What the header of one datagram says. */
typedef struct L2tpHeader {
	bool control;      /* T: a control message (else a data message) */
	bool has_length;   /* L */
	bool has_sequence; /* S */
	bool has_offset;   /* O */
	bool priority;     /* P */
	uint8_t version;   /* always 2 after a successful decode */
	uint16_t length;   /* the Length field (0 when L is clear) */
	uint16_t tunnel_id, session_id;
	uint16_t ns, nr;      /* 0 when S is clear */
	uint16_t offset_size; /* 0 when O is clear */
	size_t header_len;    /* bytes before the payload, offset padding included */
	size_t message_len;   /* Length when L is set, else the datagram size */
} L2tpHeader;

/*
 * Decode the header of a datagram of len bytes. On success ret_payload (may be
 * NULL) reads the payload: the AVPs of a control message, the PPP frame of a
 * data message; its offsets count in the datagram. A control message must have
 * L and S, no O, and a Length equal to the datagram size (§3.1).
 */
bool l2tp_header_decode(
    const uint8_t *data, size_t len, L2tpHeader *ret, WireCursor *ret_payload, GError **error);
/* Quick test for the T bit with version 2, for the socket edge: true for control messages. */
bool l2tp_datagram_is_control(const uint8_t *data, size_t len);
/*
 * Append a 12-byte control header (T, L, S, version 2) to w with Length 0;
 * returns the offset of the header in w, for l2tp_header_finish().
 */
size_t l2tp_header_encode_control(
    GByteArray *w, uint16_t tunnel_id, uint16_t session_id, uint16_t ns, uint16_t nr);
/* Patch the Length of the control header at `start` to cover everything appended since. */
void l2tp_header_finish(GByteArray *w, size_t start);
/* A Zero-Length Body acknowledgement (§5.8): a control header and no AVPs. */
GByteArray *l2tp_zlb_encode(uint16_t tunnel_id, uint16_t session_id, uint16_t ns, uint16_t nr);

#endif
