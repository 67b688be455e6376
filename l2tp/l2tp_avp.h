/*
 * l2tp_avp.h — L2TPv2 attribute-value pairs (RFC 2661 §4.1, §4.4). Reads one
 * AVP at a time from a control message's AVP list, decodes the value of every
 * RFC 2661 AVP (Message Type 0 … Sequencing Required 39) into a typed field with
 * its length checked, and writes AVPs for the messages a LAC sends. Knows nothing
 * of tunnels, sockets or time. Hidden values (§4.3) are revealed by l2tp_hidden.h
 * before l2tp_avp_decode_value() sees them; l2tp_message.h drives both.
 *
 * An AVP is IETF when its Vendor ID is 0; an AVP of another vendor is never taken
 * for the IETF AVP with the same type number (xl2tpd #163). An AVP we do not
 * recognise (another vendor's, an IETF type we do not know, or one with reserved
 * bits set, §4.1) is kept and ignored when its M bit is clear, and gives
 * L2SEC_L2TP_ERROR_UNKNOWN_MANDATORY naming it when the M bit is set (the
 * control connection then answers with StopCCN or CDN, §4.1). Other errors:
 * L2SEC_L2TP_ERROR_MALFORMED naming the AVP and its byte offset in the datagram.
 * Decoded values point into the caller's buffer (L2tpAvp.value), never copied.
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |M|H| rsvd  |      Length       |           Vendor ID           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Attribute Type        |        Attribute Value...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
#ifndef L2SEC_L2TP_L2TP_AVP_H
#define L2SEC_L2TP_L2TP_AVP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "common/wire.h"

#define L2TP_AVP_M 0x8000u
#define L2TP_AVP_H 0x4000u
#define L2TP_AVP_RESERVED 0x3c00u
#define L2TP_AVP_LENGTH_MASK 0x03ffu
#define L2TP_AVP_HEADER_LEN 6
#define L2TP_AVP_MAX_LEN 1023
#define L2TP_VENDOR_IETF 0

/* RFC 2661 §4.4 attribute types (Vendor ID 0). 20 is not assigned. */
typedef enum {
	L2TP_AVP_MESSAGE_TYPE = 0,
	L2TP_AVP_RESULT_CODE = 1,
	L2TP_AVP_PROTOCOL_VERSION = 2,
	L2TP_AVP_FRAMING_CAPABILITIES = 3,
	L2TP_AVP_BEARER_CAPABILITIES = 4,
	L2TP_AVP_TIE_BREAKER = 5,
	L2TP_AVP_FIRMWARE_REVISION = 6,
	L2TP_AVP_HOST_NAME = 7,
	L2TP_AVP_VENDOR_NAME = 8,
	L2TP_AVP_ASSIGNED_TUNNEL_ID = 9,
	L2TP_AVP_RECEIVE_WINDOW_SIZE = 10,
	L2TP_AVP_CHALLENGE = 11,
	L2TP_AVP_Q931_CAUSE_CODE = 12,
	L2TP_AVP_CHALLENGE_RESPONSE = 13,
	L2TP_AVP_ASSIGNED_SESSION_ID = 14,
	L2TP_AVP_CALL_SERIAL_NUMBER = 15,
	L2TP_AVP_MINIMUM_BPS = 16,
	L2TP_AVP_MAXIMUM_BPS = 17,
	L2TP_AVP_BEARER_TYPE = 18,
	L2TP_AVP_FRAMING_TYPE = 19,
	L2TP_AVP_CALLED_NUMBER = 21,
	L2TP_AVP_CALLING_NUMBER = 22,
	L2TP_AVP_SUB_ADDRESS = 23,
	L2TP_AVP_TX_CONNECT_SPEED = 24,
	L2TP_AVP_PHYSICAL_CHANNEL_ID = 25,
	L2TP_AVP_INITIAL_RECEIVED_LCP_CONFREQ = 26,
	L2TP_AVP_LAST_SENT_LCP_CONFREQ = 27,
	L2TP_AVP_LAST_RECEIVED_LCP_CONFREQ = 28,
	L2TP_AVP_PROXY_AUTHEN_TYPE = 29,
	L2TP_AVP_PROXY_AUTHEN_NAME = 30,
	L2TP_AVP_PROXY_AUTHEN_CHALLENGE = 31,
	L2TP_AVP_PROXY_AUTHEN_ID = 32,
	L2TP_AVP_PROXY_AUTHEN_RESPONSE = 33,
	L2TP_AVP_CALL_ERRORS = 34,
	L2TP_AVP_ACCM = 35,
	L2TP_AVP_RANDOM_VECTOR = 36,
	L2TP_AVP_PRIVATE_GROUP_ID = 37,
	L2TP_AVP_RX_CONNECT_SPEED = 38,
	L2TP_AVP_SEQUENCING_REQUIRED = 39,
	L2TP_AVP_LAST = L2TP_AVP_SEQUENCING_REQUIRED,
} L2tpAvpType;

/* Framing (§4.4.3) and Bearer (§4.4.3) capability and type bits. */
#define L2TP_FRAMING_SYNC 0x00000001u
#define L2TP_FRAMING_ASYNC 0x00000002u
#define L2TP_BEARER_DIGITAL 0x00000001u
#define L2TP_BEARER_ANALOG 0x00000002u
/* Challenge Response is an MD5 digest (§4.4.3). */
#define L2TP_CHALLENGE_RESPONSE_LEN 16

/*
 * Result Code (§4.4.2): a 2-byte Result Code, then optionally a 2-byte Error
 * Code and then an Error Message. AVP Length 8 (result only) is legal and is
 * what MikroTik sends (xl2tpd #90, #130, PR #175).
 */
typedef struct L2tpResultCode {
	uint16_t result;
	bool has_error;
	uint16_t error;      /* 0 when !has_error */
	const char *message; /* not NUL-terminated; message_len bytes, may be 0 */
	size_t message_len;
} L2tpResultCode;

/* Q.931 Cause Code (§4.4.5): cause code, cause message, optional advisory text. */
typedef struct L2tpQ931Cause {
	uint16_t cause;
	uint8_t msg;
	const char *advisory; /* not NUL-terminated */
	size_t advisory_len;
} L2tpQ931Cause;

/* Call Errors (§4.4.6): counters since the call started (2 reserved bytes first). */
typedef struct L2tpCallErrors {
	uint32_t crc, framing, hardware_overruns, buffer_overruns, timeout, alignment;
} L2tpCallErrors;

/* One AVP as read from the wire, and its value once decoded. */
typedef struct L2tpAvp {
	size_t at;         /* byte offset of the AVP in the datagram */
	bool mandatory;    /* M */
	bool hidden;       /* H (value below is the revealed one once revealed) */
	bool reserved_set; /* a reserved flag bit was set: unrecognised per §4.1 */
	uint16_t length;   /* the AVP Length field, header included */
	uint16_t vendor_id;
	uint16_t type;
	const uint8_t *value; /* value_len bytes: the wire value, or the revealed one */
	size_t value_len;
	bool decoded; /* an RFC 2661 AVP whose value is in v; false for ignored AVPs */
	union {
		uint16_t u16; /* Message Type, Firmware Revision, Assigned Tunnel/Session ID,
				 Receive Window Size, Proxy Authen Type */
		uint32_t u32; /* capabilities, Call Serial Number, BPS, Bearer/Framing Type,
				 Tx/Rx Connect Speed, Physical Channel ID */
		uint64_t u64; /* Tie Breaker */
		L2tpResultCode result;
		struct {
			uint8_t version, revision;
		} protocol_version;
		L2tpQ931Cause q931;
		uint8_t proxy_authen_id;
		L2tpCallErrors call_errors;
		struct {
			uint32_t send, recv;
		} accm;
	} v; /* octet-string AVPs (Host Name, Challenge...) use value/value_len */
} L2tpAvp;

/* The RFC 2661 name of an IETF attribute type ("Assigned Tunnel ID"), or "unknown". */
const char *l2tp_avp_type_name(uint16_t type);
/* "AVP 9 (Assigned Tunnel ID)" or "AVP 2 of vendor 3561", for errors and logs; the caller frees it.
 */
char *l2tp_avp_describe(const L2tpAvp *avp);
/* True for an IETF type this codec decodes (0..39 except 20). */
bool l2tp_avp_type_known(uint16_t type);
/* The M bit RFC 2661 §4.4 prescribes when sending this IETF type. */
bool l2tp_avp_type_mandatory(uint16_t type);
/* Whether §4.4 allows the H bit on this type (not Message Type, Random Vector...). */
bool l2tp_avp_type_may_hide(uint16_t type);
/* True when the AVP is an RFC 2661 AVP this codec recognises (vendor 0, known type, no reserved
 * bits). */
bool l2tp_avp_is_recognised(const L2tpAvp *avp);

/*
 * Read the next AVP's header and borrow its value; the value is not decoded.
 * Errors (MALFORMED, at the AVP's offset): fewer than 6 bytes left, Length
 * below 6, or Length running past the end of the message.
 */
bool l2tp_avp_next(WireCursor *avps, L2tpAvp *ret, GError **error);
/*
 * Decode avp->value into avp->v with the length checks of its type. Vendor
 * AVPs and unknown IETF AVPs are left undecoded when M is clear and give
 * UNKNOWN_MANDATORY when M is set. Call it after any hidden value is revealed.
 */
bool l2tp_avp_decode_value(L2tpAvp *avp, GError **error);

/* Writers: append one whole AVP to w. The M bit is the one §4.4 prescribes for the type. */
void l2tp_avp_put_raw(GByteArray *w, bool mandatory, bool hidden, uint16_t vendor_id, uint16_t type,
    const void *value, size_t len);
void l2tp_avp_put_u16(GByteArray *w, L2tpAvpType type, uint16_t v);
void l2tp_avp_put_u32(GByteArray *w, L2tpAvpType type, uint32_t v);
void l2tp_avp_put_u64(GByteArray *w, L2tpAvpType type, uint64_t v);
void l2tp_avp_put_bytes(GByteArray *w, L2tpAvpType type, const void *value, size_t len);
void l2tp_avp_put_string(GByteArray *w, L2tpAvpType type, const char *s);
void l2tp_avp_put_empty(GByteArray *w, L2tpAvpType type);
void l2tp_avp_put_message_type(GByteArray *w, uint16_t message_type);
/* Protocol Version 1, revision 0 (§4.4.3): what an L2TPv2 peer sends. */
void l2tp_avp_put_protocol_version(GByteArray *w);
/* Result Code with Error Code (has_error) and optional message (NULL: none). */
void l2tp_avp_put_result_code(
    GByteArray *w, uint16_t result, bool has_error, uint16_t error_code, const char *message);
void l2tp_avp_put_q931_cause(GByteArray *w, uint16_t cause, uint8_t msg, const char *advisory);
void l2tp_avp_put_call_errors(GByteArray *w, const L2tpCallErrors *e);
void l2tp_avp_put_accm(GByteArray *w, uint32_t send, uint32_t recv);
void l2tp_avp_put_proxy_authen_id(GByteArray *w, uint8_t id);

#endif
