/* ike_prf.c — IKEv1 hashes and HMAC PRFs on OpenSSL 3 EVP; see ike_prf.h. */
#include "config.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "common/error.h"
#include "ipsec/ike_error.h"
#include "ipsec/ike_prf.h"

static const struct hash_info {
	IkeHash hash;
	const char *name;    /* proposal language */
	const char *ossl;    /* OpenSSL digest name */
	size_t len;          /* digest length */
	size_t esp_icv_len;  /* ESP truncation: RFC 2403/2404 96 bits, RFC 4868 §2.3 half */
} hash_table[] = {
	{ IKE_HASH_MD5, "md5", "MD5", 16, 12 },
	{ IKE_HASH_SHA1, "sha1", "SHA1", 20, 12 },
	{ IKE_HASH_SHA256, "sha256", "SHA2-256", 32, 16 },
	{ IKE_HASH_SHA384, "sha384", "SHA2-384", 48, 24 },
	{ IKE_HASH_SHA512, "sha512", "SHA2-512", 64, 32 },
};

struct IkePrf {
	EVP_MAC_CTX *ctx;
	IkeHash hash;
	bool failed; /* an update failed; final reports it */
};

static const struct hash_info *
hash_lookup(unsigned hash)
{
	for (size_t i = 0; i < G_N_ELEMENTS(hash_table); i++)
		if ((unsigned)hash_table[i].hash == hash)
			return &hash_table[i];
	return NULL;
}

static bool
crypto_fail(GError **error, const char *what)
{
	unsigned long e = ERR_get_error();
	char buf[256] = "no OpenSSL error queued";
	if (e != 0)
		ERR_error_string_n(e, buf, sizeof(buf));
	ERR_clear_error();
	return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_CRYPTO, "%s: %s", what, buf);
}

bool
ike_hash_known(unsigned hash)
{
	return hash_lookup(hash) != NULL;
}

const char *
ike_hash_name(IkeHash hash)
{
	const struct hash_info *h = hash_lookup(hash);
	return h != NULL ? h->name : "?";
}

size_t
ike_hash_len(IkeHash hash)
{
	const struct hash_info *h = hash_lookup(hash);
	return h != NULL ? h->len : 0;
}

size_t
ike_esp_auth_key_len(IkeHash hash)
{
	/* RFC 2403/2404/4868: the HMAC key is as long as the digest */
	return ike_hash_len(hash);
}

size_t
ike_esp_auth_icv_len(IkeHash hash)
{
	const struct hash_info *h = hash_lookup(hash);
	return h != NULL ? h->esp_icv_len : 0;
}

static const struct hash_info *
hash_require(unsigned hash, GError **error)
{
	const struct hash_info *h = hash_lookup(hash);
	if (h == NULL)
		l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_UNSUPPORTED,
		    "IKE hash algorithm %u is not supported", hash);
	return h;
}

bool
ike_hash_digest(IkeHash hash, const void *a, size_t a_len, const void *b, size_t b_len,
    uint8_t *out, GError **error)
{
	const struct hash_info *h = hash_require(hash, error);
	if (h == NULL)
		return false;
	EVP_MD *md = EVP_MD_fetch(NULL, h->ossl, NULL);
	if (md == NULL)
		return crypto_fail(error, "cannot load the hash");
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int len = 0;
	bool ok = ctx != NULL && EVP_DigestInit_ex2(ctx, md, NULL) > 0 &&
	    EVP_DigestUpdate(ctx, a, a_len) > 0 &&
	    (b_len == 0 || EVP_DigestUpdate(ctx, b, b_len) > 0) &&
	    EVP_DigestFinal_ex(ctx, out, &len) > 0 && len == h->len;
	EVP_MD_CTX_free(ctx);
	EVP_MD_free(md);
	if (!ok)
		return crypto_fail(error, "hash computation failed");
	return true;
}

IkePrf *
ike_prf_new(IkeHash hash, const void *key, size_t key_len, GError **error)
{
	const struct hash_info *h = hash_require(hash, error);
	if (h == NULL)
		return NULL;
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (mac == NULL) {
		crypto_fail(error, "cannot load HMAC");
		return NULL;
	}
	EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
	EVP_MAC_free(mac);
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)h->ossl, 0),
		OSSL_PARAM_construct_end(),
	};
	/* EVP_MAC_init() wants a non-NULL key pointer even for an empty key */
	static const uint8_t empty;
	if (ctx == NULL || EVP_MAC_init(ctx, key_len > 0 ? key : &empty, key_len, params) <= 0) {
		EVP_MAC_CTX_free(ctx);
		crypto_fail(error, "cannot start HMAC");
		return NULL;
	}
	IkePrf *prf = g_new0(IkePrf, 1);
	prf->ctx = ctx;
	prf->hash = hash;
	return prf;
}

void
ike_prf_update(IkePrf *prf, const void *data, size_t len)
{
	if (len > 0 && EVP_MAC_update(prf->ctx, data, len) <= 0)
		prf->failed = true;
}

void
ike_prf_update_u32(IkePrf *prf, uint32_t value)
{
	uint8_t be[4] = { (uint8_t)(value >> 24), (uint8_t)(value >> 16), (uint8_t)(value >> 8),
		(uint8_t)value };
	ike_prf_update(prf, be, sizeof(be));
}

bool
ike_prf_final(IkePrf *prf, uint8_t *out, GError **error)
{
	size_t want = ike_hash_len(prf->hash), len = 0;
	if (prf->failed || EVP_MAC_final(prf->ctx, out, &len, want) <= 0 || len != want)
		return crypto_fail(error, "HMAC computation failed");
	prf->failed = true; /* a finished context takes no more data */
	return true;
}

void
ike_prf_free(IkePrf *prf)
{
	if (prf == NULL)
		return;
	EVP_MAC_CTX_free(prf->ctx); /* OpenSSL cleanses the key schedule */
	g_free(prf);
}

bool
ike_prf(IkeHash hash, const void *key, size_t key_len, const void *data, size_t len,
    uint8_t *out, GError **error)
{
	g_autoptr(IkePrf) prf = ike_prf_new(hash, key, key_len, error);
	if (prf == NULL)
		return false;
	ike_prf_update(prf, data, len);
	return ike_prf_final(prf, out, error);
}

bool
ike_esp_auth_icv(IkeHash hash, const void *key, size_t key_len, const void *data, size_t len,
    uint8_t *out, GError **error)
{
	uint8_t full[IKE_HASH_MAX_LEN];
	if (!ike_prf(hash, key, key_len, data, len, full, error))
		return false;
	memcpy(out, full, ike_esp_auth_icv_len(hash));
	OPENSSL_cleanse(full, sizeof(full));
	return true;
}
