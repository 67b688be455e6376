/*
 * isakmp_message.h — whole ISAKMP messages: the header plus the payload
 * chain walked into an ordered list of decoded payloads, and a builder that
 * writes them back (RFC 2408 §3.1–3.2, §5). Also walks the decrypted body of
 * an encrypted message. Knows nothing of exchanges, keys or sockets: an
 * encrypted message decodes to its header and its ciphertext, and the
 * exchange decrypts it and calls isakmp_payloads_decode(). Which payloads an
 * exchange requires, and whether an unknown payload type is an error, is the
 * exchange's call (isakmp_payloads_find/count/check_known help).
 *
 * The chain: each generic header's Next Payload names the following one;
 * a chain ends with NONE. In a clear message the chain must end exactly at
 * the end of the message (RFC 2408 §5.1, UNEQUAL-PAYLOAD-LENGTHS); in a
 * decrypted body the bytes after it are the cipher's padding (RFC 2409 §5.3)
 * and are skipped. Proposal and Transform outside an SA are INVALID.
 * Errors: those of the header and payload codecs, with byte offsets counted
 * in the datagram (a decrypted body counts from the end of the header).
 */
#ifndef L2SEC_IPSEC_ISAKMP_MESSAGE_H
#define L2SEC_IPSEC_ISAKMP_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "ipsec/isakmp_header.h"
#include "ipsec/isakmp_payload.h"

typedef struct IsakmpMessage {
	IsakmpHeader header;
	GArray *payloads;  /* of IsakmpPayload in wire order; empty when encrypted */
	GBytes *encrypted; /* with the E flag: the bytes after the header; else NULL */
} IsakmpMessage;

/* Decode a datagram (non-ESP marker removed). NULL with error set on failure. */
IsakmpMessage *isakmp_message_decode(const void *data, size_t len, GError **error);
/*
 * Walk a decrypted body: `first` is the header's Next Payload, body the
 * plaintext after the header, `base` its offset in the datagram (28) for
 * errors. Returns the payloads (GArray of IsakmpPayload, free with
 * g_array_unref) and the padding length after the last one.
 */
GArray *isakmp_payloads_decode(uint8_t first, const void *body, size_t len, size_t base,
    size_t *ret_padding, GError **error);
/* A new empty payload list that frees its payloads. */
GArray *isakmp_payloads_new(void);
void isakmp_message_free(IsakmpMessage *msg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(IsakmpMessage, isakmp_message_free)

/* The nth (from 0) payload of this type, or NULL. */
const IsakmpPayload *isakmp_payloads_find(const GArray *payloads, uint8_t type, guint nth);
guint isakmp_payloads_count(const GArray *payloads, uint8_t type);
/* RFC 2408 §5.2/§5.3: L2SEC_IKE_ERROR_INVALID naming the first payload of an unknown type. */
bool isakmp_payloads_check_known(const GArray *payloads, GError **error);
/*
 * Semantic check for the exchanges: every type in `required` is present at
 * least once; otherwise L2SEC_IKE_ERROR_INVALID "WHAT lacks its X payload"
 * (WHAT names the message: "Main Mode message 2").
 */
bool isakmp_payloads_require(const GArray *payloads, const uint8_t *required, size_t n_required,
    const char *what, GError **error);
/* "SA V V V V" style list of the payload types, as strongSwan logs them; caller frees. */
char *isakmp_payloads_describe(const GArray *payloads);

/*
 * Builder: appends a message (or a body to encrypt) to w, chaining Next
 * Payload fields as payloads are added.
 *   IsakmpBuilder b; isakmp_builder_begin(&b, w, &header);
 *   isakmp_builder_add(&b, &sa); isakmp_builder_add(&b, &vid); isakmp_builder_finish(&b);
 * For an encrypted message, build the body with isakmp_builder_begin_body(),
 * encrypt it, and put b.first in the header's Next Payload.
 */
typedef struct IsakmpBuilder {
	GByteArray *w;
	size_t header_at; /* SIZE_MAX for a body */
	size_t next_at;   /* the Next Payload byte to patch with the next payload's type */
	uint8_t first;    /* type of the first payload added (NONE if none) */
} IsakmpBuilder;

void isakmp_builder_begin(IsakmpBuilder *b, GByteArray *w, const IsakmpHeader *h);
void isakmp_builder_begin_body(IsakmpBuilder *b, GByteArray *w);
void isakmp_builder_add(IsakmpBuilder *b, const IsakmpPayload *p);
/* Fill in the header's length (nothing to do for a body). */
void isakmp_builder_finish(IsakmpBuilder *b);
/* Encode a clear message from a header and payload list; the header's length and next are computed. */
GByteArray *isakmp_message_encode(const IsakmpHeader *h, const GArray *payloads);

#endif
