/*
 * ike_cipher.h — the CBC ciphers IKEv1 encrypts its messages with (RFC 2409
 * §5.3, App. B; RFC 3602 for AES): AES-CBC with 128/192/256-bit keys and
 * 3DES-CBC, on OpenSSL 3 EVP_CIPHER with padding disabled, because IKEv1 pads
 * its own messages. Encrypts and decrypts whole blocks only; IV chaining is
 * the caller's (ikev1_keys.h computes the IVs). Ciphers are named by their
 * IKEv1 "Encryption Algorithm" attribute value (RFC 2409 App. A), with the key
 * length attribute for AES. Errors: L2SEC_IKE_ERROR_UNSUPPORTED for an
 * unknown cipher or key length, L2SEC_IKE_ERROR_INVALID for a length that is
 * not whole blocks or a key of the wrong size, L2SEC_IKE_ERROR_CRYPTO when
 * OpenSSL refuses.
 */
#ifndef L2SEC_IPSEC_IKE_CIPHER_H
#define L2SEC_IPSEC_IKE_CIPHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "common/secret.h"

/* RFC 2409 App. A "Encryption Algorithm" values (AES-CBC from RFC 3602 §5 / IANA). */
typedef enum {
	IKE_ENCR_3DES_CBC = 5,
	IKE_ENCR_AES_CBC = 7,
} IkeEncr;

#define IKE_CIPHER_MAX_BLOCK 16

/*
 * Check that (encr, key_bits) is a cipher we do; key_bits is the Key Length
 * attribute, required for AES (128, 192, 256) and 0 or 192 for 3DES.
 */
bool ike_cipher_check(unsigned encr, unsigned key_bits, GError **error);
/* Block size in bytes (16 for AES, 8 for 3DES); 0 if unknown. */
size_t ike_cipher_block_size(IkeEncr encr);
/* Key size in bytes for that key length (24 for 3DES whatever key_bits says); 0 if unknown. */
size_t ike_cipher_key_len(IkeEncr encr, unsigned key_bits);
/* "aes128", "aes192", "aes256", "3des"; "?" if unknown. */
const char *ike_cipher_name(IkeEncr encr, unsigned key_bits);

/*
 * CBC-encrypt len bytes (a multiple of the block size) of in into out (which
 * may be in) with key (ike_cipher_key_len bytes) and iv (one block).
 */
bool ike_cipher_encrypt(IkeEncr encr, const L2secSecret *key, const uint8_t *iv,
    const uint8_t *in, size_t len, uint8_t *out, GError **error);
/* The inverse of ike_cipher_encrypt(), same rules. */
bool ike_cipher_decrypt(IkeEncr encr, const L2secSecret *key, const uint8_t *iv,
    const uint8_t *in, size_t len, uint8_t *out, GError **error);

#endif
