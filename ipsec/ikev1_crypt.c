/* ikev1_crypt.c — encrypted IKEv1 bodies; see ikev1_crypt.h. */
#include "config.h"

#include <string.h>

#include "common/error.h"
#include "common/wire.h"
#include "ipsec/ikev1_codec.h"
#include "ipsec/ikev1_crypt.h"

bool
ikev1_crypt_encrypt_message(const IkeV1Keys *keys, const uint8_t *iv, const void *hdr28,
    uint8_t first, const uint8_t *body, size_t len, GByteArray *w, uint8_t *ret_next_iv,
    GError **error)
{
	size_t bs = keys->block_size;
	size_t padded = len + (bs - len % bs) % bs;
	if (padded == 0)
		padded = bs; /* an empty body still takes one block */
	size_t at = w->len;
	wire_put_bytes(w, hdr28, ISAKMP_HEADER_LEN);
	w->data[at + ISAKMP_HEADER_AT_NEXT] = first;
	w->data[at + ISAKMP_HEADER_AT_FLAGS] |= ISAKMP_FLAG_ENCRYPTION;
	size_t body_at = w->len;
	wire_put_bytes(w, body, len);
	wire_put_zeros(w, padded - len); /* RFC 2409 §5.3: padding the receiver ignores */
	if (!ike_cipher_encrypt(keys->encr, keys->enc_key, iv, w->data + body_at, padded,
		w->data + body_at, error)) {
		g_byte_array_set_size(w, at);
		return false;
	}
	memcpy(ret_next_iv, w->data + w->len - bs, bs);
	isakmp_header_finish(w, at);
	return true;
}

uint8_t *
ikev1_crypt_decrypt(const IkeV1Keys *keys, const uint8_t *iv, const uint8_t *ct, size_t len,
    uint8_t *ret_next_iv, GError **error)
{
	size_t bs = keys->block_size;
	if (len == 0 || len % bs != 0) {
		l2sec_fail_at(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_MALFORMED, "ISAKMP message",
		    ISAKMP_HEADER_LEN,
		    "encrypted body of %zu bytes is not a whole number of %zu-byte blocks", len,
		    bs);
		return NULL;
	}
	g_autofree uint8_t *plain = g_malloc(len);
	if (!ike_cipher_decrypt(keys->encr, keys->enc_key, iv, ct, len, plain, error))
		return NULL;
	memcpy(ret_next_iv, ct + len - bs, bs);
	return g_steal_pointer(&plain);
}
