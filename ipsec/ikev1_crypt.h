/*
 * ikev1_crypt.h — encrypted IKEv1 message bodies (RFC 2409 §5.3, App. B;
 * RFC 2408 §3.1 E flag). Pads a body to the cipher's block size with zero
 * bytes (the receiver skips what follows the payload chain), CBC-encrypts it
 * under the ISAKMP SA's key and writes the message; decrypts the body of a
 * received one. The IV chain is the caller's: each call takes the IV to use
 * and gives back the next one (the last ciphertext block), which the caller
 * commits only once the message proved genuine, so a forged or garbled
 * message cannot desynchronise the chain. Knows nothing of exchanges.
 * Errors: L2SEC_IKE_ERROR_MALFORMED for a ciphertext that is not whole
 * blocks, and those of ike_cipher.h.
 */
#ifndef L2SEC_IPSEC_IKEV1_CRYPT_H
#define L2SEC_IPSEC_IKEV1_CRYPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "ipsec/ike_cipher.h"
#include "ipsec/ikev1_keys.h"

/*
 * Append to w the message with header `hdr` (its Next Payload patched to
 * `first`, E flag set, length filled in) and the encrypted body; iv
 * (block_size bytes) is read, and ret_next_iv gets the last ciphertext block.
 */
bool ikev1_crypt_encrypt_message(const IkeV1Keys *keys, const uint8_t *iv, const void *hdr28,
    uint8_t first, const uint8_t *body, size_t len, GByteArray *w, uint8_t *ret_next_iv,
    GError **error);
/*
 * Decrypt `len` bytes of ciphertext (the message after its header) with iv;
 * returns the plaintext (same length; caller frees with g_free after wiping
 * is not needed: it is what the wire would show in clear) and ret_next_iv.
 */
uint8_t *ikev1_crypt_decrypt(const IkeV1Keys *keys, const uint8_t *iv, const uint8_t *ct,
    size_t len, uint8_t *ret_next_iv, GError **error);

#endif
