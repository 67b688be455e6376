/*
 * isakmp_payload.h — every ISAKMP payload but SA (isakmp_sa.h) as a plain
 * struct, one tagged union for all of them, and their decoders and encoders
 * (RFC 2408 §3.7–3.16, RFC 2407 §4.6.2–4.6.3, RFC 2409 §5, RFC 3947 §3.2/§5.2,
 * RFC 3706, IKEv1 fragmentation). A decoder reads one payload body and checks
 * only its own format; it never looks anything up or changes state. Which
 * payloads an exchange needs, whether a notify is an error for us, which
 * vendor a VID names (isakmp_vendor.h): those are separate steps.
 *
 * Decoded payloads own copies of their bytes (GBytes), so they outlive the
 * datagram. Errors: L2SEC_IKE_ERROR_MALFORMED for bytes that do not add up,
 * L2SEC_IKE_ERROR_INVALID for well-formed values a rule forbids (a nonce
 * outside 8..256 bytes, RFC 2409 §5; a NAT-OA that is not an address, RFC 3947
 * §5.2; an ID whose data does not fit its type), L2SEC_IKE_ERROR_UNSUPPORTED
 * for SPIs over 16 bytes; each names the payload, the field and the byte
 * offset in the datagram.
 *
 * Unknown payload types: RFC 2408 §5.2/§5.3 make an unknown Next Payload a
 * reason to reject the message (INVALID-PAYLOAD-TYPE). The codec does not
 * decide that: it keeps an unknown payload as opaque bytes with its type
 * number (its generic header still says how long it is), and the exchange
 * rejects it with isakmp_payloads_check_known() (isakmp_message.h) or
 * ignores it, as it sees fit. Mode Config ATTRIBUTE payloads (14) are kept
 * the same way.
 */
#ifndef L2SEC_IPSEC_ISAKMP_PAYLOAD_H
#define L2SEC_IPSEC_ISAKMP_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "common/wire.h"
#include "ipsec/isakmp.h"
#include "ipsec/isakmp_sa.h"

/* RFC 2409 §5: "The length of nonce payload MUST be between 8 and 256 bytes inclusive." */
#define ISAKMP_NONCE_MIN 8
#define ISAKMP_NONCE_MAX 256

/*
 * RFC 2407 §4.6.2 Identification payload (body)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !   ID Type     !  Protocol ID  !             Port              !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                     Identification Data                       ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * Data sizes: IPV4_ADDR 4, IPV6_ADDR 16, IPV4 subnet and range 8, IPV6
 * subnet and range 32, names and DNs at least 1 byte.
 */
typedef struct IsakmpId {
	uint8_t type;     /* ISAKMP_ID_* */
	uint8_t protocol; /* IP protocol, 17 for L2TP's UDP, 0 for any */
	uint16_t port;
	GBytes *data;
} IsakmpId;

/*
 * RFC 2408 §3.9 CERT and §3.10 CERTREQ (body): one encoding / type byte,
 * then the certificate or the certificate authority (which may be empty).
 */
typedef struct IsakmpCert {
	uint8_t encoding; /* ISAKMP_CERT_* */
	GBytes *data;
} IsakmpCert;

/*
 * RFC 2408 §3.14 Notification payload (body)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !              Domain of Interpretation  (DOI)                  !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !  Protocol-ID  !   SPI Size    !      Notify Message Type      !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                Security Parameter Index (SPI)                 ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                       Notification Data                       ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * Any type decodes, known or not (isakmp_notify_name() names it).
 * RFC 3706: R-U-THERE / R-U-THERE-ACK carry both cookies as a 16-byte SPI
 * and a 4-byte sequence number as data.
 */
typedef struct IsakmpNotify {
	uint32_t doi;
	uint8_t protocol;
	uint8_t spi_len;
	uint8_t spi[ISAKMP_SPI_MAX];
	uint16_t type; /* IsakmpNotifyType */
	GBytes *data;  /* never NULL once decoded, may be empty */
} IsakmpNotify;

/*
 * RFC 2408 §3.15 Delete payload (body)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !              Domain of Interpretation  (DOI)                  !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !  Protocol-Id  !   SPI Size    !           # of SPIs           !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~               Security Parameter Index(es) (SPI)              ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * The SPIs fill the rest exactly: # of SPIs × SPI Size bytes.
 */
typedef struct IsakmpDelete {
	uint32_t doi;
	uint8_t protocol;
	uint8_t spi_len;
	uint16_t count;
	GBytes *spis; /* count × spi_len bytes, SPI i at i × spi_len */
} IsakmpDelete;

/*
 * RFC 3947 §5.2 NAT-OA payload (body): ID Type (IPV4_ADDR or IPV6_ADDR), 3
 * reserved bytes, the address (4 or 16 bytes).
 */
typedef struct IsakmpNatOa {
	uint8_t id_type;
	uint8_t addr_len; /* 4 or 16 */
	uint8_t addr[16];
} IsakmpNatOa;

/*
 * IKEv1 fragment payload (type 132; Cisco's format, also strongSwan's and
 * Windows'; no RFC):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !          Fragment ID          !  Fragment Num !     Flags     !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                          Fragment Data                        ~
 */
#define ISAKMP_FRAGMENT_LAST 0x01
typedef struct IsakmpFragment {
	uint16_t id;
	uint8_t number; /* from 1 */
	uint8_t flags;  /* ISAKMP_FRAGMENT_LAST on the last one */
	GBytes *data;
} IsakmpFragment;

/* One decoded payload of any type. */
typedef struct IsakmpPayload {
	uint8_t type; /* IsakmpPayloadType, or an unknown number */
	size_t at;    /* offset of its generic header in the datagram (0 for built ones) */
	union {
		IsakmpSa sa;             /* SA */
		GBytes *data;            /* KE, Nonce, HASH, SIG, VID, NAT-D (and drafts), unknown types */
		IsakmpId id;             /* ID */
		IsakmpCert cert;         /* CERT, CERTREQ */
		IsakmpNotify notify;     /* N */
		IsakmpDelete del;        /* D */
		IsakmpNatOa nat_oa;      /* NAT-OA (and draft) */
		IsakmpFragment fragment; /* Fragment */
	} u;
} IsakmpPayload;

/* True for types whose union member is `data`. */
bool isakmp_payload_is_data(uint8_t type);
/* True if this codec knows the type (an unknown one decodes as opaque data). */
bool isakmp_payload_is_known(uint8_t type);

/*
 * Decode the body of a payload of this type (the bytes after its generic
 * header, whose offset is `at`); ret is cleared on error.
 */
bool isakmp_payload_decode(uint8_t type, WireCursor *body, size_t at, IsakmpPayload *ret,
    GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Append p with its generic header (Next Payload `next`) to w; returns where it starts. */
size_t isakmp_payload_encode(const IsakmpPayload *p, uint8_t next, GByteArray *w);
/* Free what p holds and zero it; accepts a zeroed or cleared payload. */
void isakmp_payload_clear(IsakmpPayload *p);

/* Builders: each fills a zeroed p (copying the bytes). */
void isakmp_payload_init_data(IsakmpPayload *p, uint8_t type, const void *data, size_t len);
void isakmp_payload_init_id(IsakmpPayload *p, uint8_t id_type, uint8_t protocol, uint16_t port,
    const void *data, size_t len);
void isakmp_payload_init_notify(IsakmpPayload *p, uint8_t protocol, uint16_t type, const void *spi,
    size_t spi_len, const void *data, size_t len);
void isakmp_payload_init_delete(IsakmpPayload *p, uint8_t protocol, const void *spis, size_t spi_len,
    uint16_t count);
/* NAT-OA with an IPv4 (4 bytes) or IPv6 (16 bytes) address; type is NAT-OA or its draft number. */
void isakmp_payload_init_nat_oa(IsakmpPayload *p, uint8_t type, const void *addr, size_t addr_len);
void isakmp_payload_init_fragment(IsakmpPayload *p, uint16_t id, uint8_t number, uint8_t flags,
    const void *data, size_t len);

/* RFC 3706 §5: the sequence number of an R-U-THERE(-ACK); false if the data is not 4 bytes. */
bool isakmp_notify_dpd_seq(const IsakmpNotify *n, uint32_t *ret);

/* One line for debug logs ("N(INITIAL-CONTACT) 16-byte SPI", "VID draft-02\n"...); caller frees. */
char *isakmp_payload_describe(const IsakmpPayload *p);

#endif
