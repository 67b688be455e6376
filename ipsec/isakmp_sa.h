/*
 * isakmp_sa.h — the SA payload with its Proposal and Transform payloads and
 * their data attributes (RFC 2408 §3.4–3.6, RFC 2407 §4.5–4.6.1, RFC 2409
 * App. A). Decodes an SA payload body into plain structs and encodes them
 * back; builders make the initiator's offers. Knows nothing of which
 * proposal is acceptable: choosing one and checking it against what we
 * offered is the exchange's job (ipsec/ikev1_*.c).
 *
 * Decoded structs own copies of what they hold (SPIs, variable attribute
 * values), so they outlive the datagram; isakmp_sa_clear() frees them.
 * Errors: L2SEC_IKE_ERROR_MALFORMED for bytes that do not add up (a length
 * below its minimum or past its parent, an SPI or attribute running past its
 * payload, a transform count that differs from the transforms present),
 * L2SEC_IKE_ERROR_UNSUPPORTED for a DOI other than IPsec, a labelled
 * situation, an SPI over 16 bytes or a life duration over 64 bits; each names
 * the payload, the field and its byte offset in the datagram.
 */
#ifndef L2SEC_IPSEC_ISAKMP_SA_H
#define L2SEC_IPSEC_ISAKMP_SA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "common/wire.h"
#include "ipsec/isakmp.h"

/* RFC 2408 §3.5: ISAKMP SPIs are 16 bytes (both cookies) at most; AH/ESP use 4, IPCOMP 2. */
#define ISAKMP_SPI_MAX 16

/*
 * RFC 2408 §3.3 data attribute: AF=1 is the basic (TV) form, AF=0 the
 * variable (TLV) form.
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !A!       Attribute Type        !    AF=0  Attribute Length     !
 * !F!                             !    AF=1  Attribute Value      !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                   AF=0  Attribute Value                       .
 * .                   AF=1  Not Transmitted                       .
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
typedef struct IsakmpAttr {
	uint16_t type;  /* attribute class, AF bit removed */
	bool tv;        /* basic form (value in the header) */
	bool value_ok;  /* `value` holds the attribute: TV, or TLV of at most 8 significant bytes */
	uint64_t value; /* the integer value (big-endian TLV bytes), when value_ok */
	GBytes *data;   /* TLV value bytes as sent (NULL for TV) */
	size_t at;      /* byte offset in the datagram (0 for built ones) */
} IsakmpAttr;

/*
 * RFC 2408 §3.6 Transform payload
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ! Next Payload  !   RESERVED    !        Payload Length         !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !  Transform #  !  Transform-Id !           RESERVED2           !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                        SA Attributes                          ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
typedef struct IsakmpTransform {
	uint8_t number;
	uint8_t id;    /* KEY_IKE for ISAKMP, ISAKMP_ESP_* for ESP... */
	GArray *attrs; /* of IsakmpAttr, in wire order */
	size_t at;
} IsakmpTransform;

/*
 * RFC 2408 §3.5 Proposal payload
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !  Proposal #   !  Protocol-Id  !    SPI Size   !# of Transforms!
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                        SPI (variable)                         !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
typedef struct IsakmpProposal {
	uint8_t number;
	uint8_t protocol; /* ISAKMP_PROTO_* */
	uint8_t spi_len;
	uint8_t spi[ISAKMP_SPI_MAX];
	GArray *transforms; /* of IsakmpTransform */
	size_t at;
} IsakmpProposal;

/*
 * RFC 2408 §3.4 SA payload (body after the generic header), RFC 2407 §4.6.1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !              Domain of Interpretation  (IPsec DOI = 1)        !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                           Situation                           !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                     Proposal payloads                         ~
 */
typedef struct IsakmpSa {
	uint32_t doi;
	uint32_t situation;
	GArray *proposals; /* of IsakmpProposal */
} IsakmpSa;

/* Decode an SA payload body (the bytes after its generic header); ret is cleared on error. */
bool isakmp_sa_decode(WireCursor *body, IsakmpSa *ret, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Append the SA payload body (DOI, situation, proposals with their own headers) to w. */
void isakmp_sa_encode(const IsakmpSa *sa, GByteArray *w);
/* Free what sa holds and zero it; accepts a zeroed or cleared sa. */
void isakmp_sa_clear(IsakmpSa *sa);

/* Builders. A returned pointer lives until the next add to the same parent. */
void isakmp_sa_init(IsakmpSa *sa, uint32_t doi, uint32_t situation);
IsakmpProposal *isakmp_sa_add_proposal(IsakmpSa *sa, uint8_t number, uint8_t protocol,
    const void *spi, size_t spi_len);
IsakmpTransform *isakmp_proposal_add_transform(IsakmpProposal *p, uint8_t number, uint8_t id);
/* A basic (TV) attribute. */
void isakmp_transform_add_tv(IsakmpTransform *t, uint16_t type, uint16_t value);
/* A variable (TLV) attribute with these bytes. */
void isakmp_transform_add_tlv(IsakmpTransform *t, uint16_t type, const void *data, size_t len);
/* An integer attribute: TV when it fits 16 bits, else TLV of 4 or 8 bytes (life durations). */
void isakmp_transform_add_uint(IsakmpTransform *t, uint16_t type, uint64_t value);

/* The first attribute of class `type` with an integer value; false if there is none. */
bool isakmp_transform_get(const IsakmpTransform *t, uint16_t type, uint64_t *ret);
/*
 * The lifetimes of a transform (RFC 2409 App. A, RFC 2407 §4.5: each Life
 * Duration follows the Life Type it counts in); 0 where none is given.
 */
void isakmp_transform_get_life(const IsakmpTransform *t, uint8_t protocol, uint64_t *ret_seconds,
    uint64_t *ret_kilobytes);

#endif
