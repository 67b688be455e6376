/*
 * isakmp_header.h — the 28-byte ISAKMP header (RFC 2408 §3.1). Decodes it from
 * the start of a datagram (after the caller has removed the 4-byte non-ESP
 * marker of port 4500, RFC 3948 §2.2) and writes it back. Knows nothing of
 * payloads, SAs or sockets.
 *
 * Length rule: RFC 2408 §5.2 says a message whose header length differs
 * from the datagram length MUST be rejected, and libreswan does so (it only
 * forgives 16 zero bytes from old Cisco clients under a build option). We
 * follow the RFC: the length field must equal the datagram length exactly;
 * shorter or longer is L2SEC_IKE_ERROR_MALFORMED at byte 24. A major version
 * other than 1 (IKEv2 is 2) or a minor version other than 0 is
 * L2SEC_IKE_ERROR_UNSUPPORTED at byte 17 (RFC 2408 §5.2 discards them).
 * Flags are kept as sent, unknown bits included; what they mean for an
 * exchange (E set after Main Mode 4, C from Windows 2000) is the exchange's
 * call.
 */
#ifndef L2SEC_IPSEC_ISAKMP_HEADER_H
#define L2SEC_IPSEC_ISAKMP_HEADER_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "common/wire.h"
#include "ipsec/isakmp.h"

/*
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                          Initiator                            !
 * !                            Cookie                             !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                          Responder                            !
 * !                            Cookie                             !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !  Next Payload ! MjVer ! MnVer ! Exchange Type !     Flags     !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                          Message ID                           !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                            Length                             !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
typedef struct IsakmpHeader {
	uint8_t icookie[ISAKMP_COOKIE_LEN];
	uint8_t rcookie[ISAKMP_COOKIE_LEN];
	uint8_t next_payload; /* type of the first payload */
	uint8_t major, minor; /* 1 and 0 once decoded */
	uint8_t exchange;     /* ISAKMP_EXCH_* */
	uint8_t flags;        /* ISAKMP_FLAG_*, as sent */
	uint32_t message_id;
	uint32_t length; /* whole message, header included */
} IsakmpHeader;

/* Byte offsets of header fields, for errors that name them. */
#define ISAKMP_HEADER_AT_NEXT 16
#define ISAKMP_HEADER_AT_VERSION 17
#define ISAKMP_HEADER_AT_EXCHANGE 18
#define ISAKMP_HEADER_AT_FLAGS 19
#define ISAKMP_HEADER_AT_MESSAGE_ID 20
#define ISAKMP_HEADER_AT_LENGTH 24

/* Read the header from c, a cursor on a whole datagram; c is left on the first payload. */
bool isakmp_header_decode(WireCursor *c, IsakmpHeader *ret, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Append h to w with version 1.0 and a zero length; returns the header's offset in w. */
size_t isakmp_header_encode(const IsakmpHeader *h, GByteArray *w);
/* Fill in the length of the message whose header was written at `at` (everything after it counts). */
void isakmp_header_finish(GByteArray *w, size_t at);
/* Patch the Next Payload field of the header written at `at` (encrypted messages learn it late). */
void isakmp_header_set_next(GByteArray *w, size_t at, uint8_t next_payload);
/*
 * RFC 3948 §2.2–2.3, §4: what arrived on UDP port 4500. IKE messages there
 * start with a 4-byte zero non-ESP marker (skip it before
 * isakmp_message_decode(); write it before isakmp_builder_begin() when
 * sending), a NAT keepalive is the single byte 0xFF, ESP starts with a
 * non-zero SPI. Anything else (1-3 bytes, or a marker with nothing after
 * it) is INVALID.
 */
typedef enum {
	ISAKMP_UDP_ENCAP_INVALID,
	ISAKMP_UDP_ENCAP_IKE,       /* skip ISAKMP_NON_ESP_MARKER_LEN bytes */
	ISAKMP_UDP_ENCAP_KEEPALIVE, /* RFC 3948 §2.3 */
	ISAKMP_UDP_ENCAP_ESP,       /* the kernel's, normally never seen here */
} IsakmpUdpEncapKind;
#define ISAKMP_NON_ESP_MARKER_LEN 4
IsakmpUdpEncapKind isakmp_udp_encap_classify(const void *data, size_t len);

/* "Main Mode (Identity Protection), flags E, message ID 0x..." style summary for debug logs; caller frees. */
char *isakmp_header_describe(const IsakmpHeader *h);

#endif
