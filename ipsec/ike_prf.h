/*
 * ike_prf.h — the hash functions of IKEv1 and their HMAC PRFs (RFC 2409 §4,
 * App. A; RFC 2104), on OpenSSL 3 EVP_MD and EVP_MAC "HMAC". Knows nothing of
 * messages or keys' meaning: callers pass bytes and get bytes. Hashes are
 * named by their IKEv1 hash attribute value (RFC 2409 App. A; RFC 4868 adds
 * SHA2), so a decoded transform maps straight onto them. MD5 is here for
 * legacy peers only; the proposal layer decides whether to offer it. Also
 * gives the ESP integrity truncations (RFC 2404, RFC 4868 §2.3). Errors:
 * L2SEC_IKE_ERROR_UNSUPPORTED for an unknown hash, L2SEC_IKE_ERROR_CRYPTO
 * when OpenSSL refuses (e.g. MD5 under FIPS).
 */
#ifndef L2SEC_IPSEC_IKE_PRF_H
#define L2SEC_IPSEC_IKE_PRF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

/* RFC 2409 App. A "Hash Algorithm" values (4–6 from the IANA registry, RFC 4868). */
typedef enum {
	IKE_HASH_MD5 = 1,
	IKE_HASH_SHA1 = 2,
	IKE_HASH_SHA256 = 4,
	IKE_HASH_SHA384 = 5,
	IKE_HASH_SHA512 = 6,
} IkeHash;

#define IKE_HASH_MAX_LEN 64 /* SHA-512 */

/* True for the five hashes above. */
bool ike_hash_known(unsigned hash);
/* Proposal-language name: "md5", "sha1", "sha256", "sha384", "sha512"; "?" if unknown. */
const char *ike_hash_name(IkeHash hash);
/* Digest (and PRF output) length in bytes; 0 if unknown. */
size_t ike_hash_len(IkeHash hash);

/* hash(a | b) into out (ike_hash_len bytes); b may be NULL with b_len 0. */
bool ike_hash_digest(IkeHash hash, const void *a, size_t a_len, const void *b, size_t b_len,
    uint8_t *out, GError **error);

/* An HMAC computation in progress: prf(key, data...) fed in pieces. */
typedef struct IkePrf IkePrf;

/* Start prf(key, ...); the key is copied into OpenSSL's context (wiped on free). */
IkePrf *ike_prf_new(IkeHash hash, const void *key, size_t key_len, GError **error);
/* Append data; a failure is remembered and reported by ike_prf_final(). */
void ike_prf_update(IkePrf *prf, const void *data, size_t len);
/* Append a 32-bit value in network order (message IDs, SPIs). */
void ike_prf_update_u32(IkePrf *prf, uint32_t value);
/* Write the ike_hash_len() bytes of output to out; the IkePrf cannot be fed again. */
bool ike_prf_final(IkePrf *prf, uint8_t *out, GError **error);
/* Free; NULL is fine. */
void ike_prf_free(IkePrf *prf);
/* One shot: prf(key, data) into out (ike_hash_len bytes). */
bool ike_prf(IkeHash hash, const void *key, size_t key_len, const void *data, size_t len,
    uint8_t *out, GError **error);

/*
 * ESP integrity with HMAC (RFC 2404 HMAC-SHA1-96, RFC 4868 HMAC-SHA2-256-128,
 * -384-192, -512-256; RFC 2403 HMAC-MD5-96): the key length and the ICV length,
 * both in bytes; 0 for an unknown hash.
 */
size_t ike_esp_auth_key_len(IkeHash hash);
size_t ike_esp_auth_icv_len(IkeHash hash);
/* The truncated ICV of data under key (ike_esp_auth_icv_len bytes into out). */
bool ike_esp_auth_icv(IkeHash hash, const void *key, size_t key_len, const void *data,
    size_t len, uint8_t *out, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(IkePrf, ike_prf_free)

#endif
