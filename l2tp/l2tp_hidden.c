/* l2tp_hidden.c — see l2tp_hidden.h. */
#include "config.h"

#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "common/error.h"
#include "l2tp/l2tp_avp.h"
#include "l2tp/l2tp_error.h"
#include "l2tp/l2tp_hidden.h"

#define WHAT "L2TP control message"
#define MD5_LEN 16

/* MD5 over up to three parts; false when the provider has no MD5 (FIPS). */
static bool
md5_3(const void *a, size_t alen, const void *b, size_t blen, const void *c, size_t clen,
    uint8_t out[MD5_LEN])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int n = 0;
	bool ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_md5(), NULL) == 1 &&
		  EVP_DigestUpdate(ctx, a, alen) == 1 && EVP_DigestUpdate(ctx, b, blen) == 1 &&
		  EVP_DigestUpdate(ctx, c, clen) == 1 && EVP_DigestFinal_ex(ctx, out, &n) == 1 &&
		  n == MD5_LEN;
	EVP_MD_CTX_free(ctx);
	return ok;
}

static bool
md5_fail(GError **error, uint16_t type, size_t at)
{
	return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_HIDDEN, WHAT, at,
	    "AVP %u (%s): MD5 is not available from OpenSSL", type, l2tp_avp_type_name(type));
}

/*
 * XOR buf in place with the §4.3 keystream. When decrypting, the chaining
 * value is the ciphertext block before it is XORed; when encrypting, after.
 */
static bool
hidden_xor(uint16_t type, const L2secSecret *secret, const uint8_t *rv, size_t rv_len, uint8_t *buf,
    size_t len, bool encrypt)
{
	uint8_t type_be[2] = {(uint8_t)(type >> 8), (uint8_t)type};
	uint8_t b[MD5_LEN], prev[MD5_LEN];
	bool ok = true;

	for (size_t off = 0; off < len && ok; off += MD5_LEN) {
		size_t n = MIN(MD5_LEN, len - off);
		if (off == 0)
			ok = md5_3(type_be, 2, secret->data, secret->len, rv, rv_len, b);
		else
			ok = md5_3(secret->data, secret->len, prev, MD5_LEN, NULL, 0, b);
		if (!ok)
			break;
		if (!encrypt && n == MD5_LEN)
			memcpy(prev, buf + off, MD5_LEN);
		for (size_t i = 0; i < n; i++)
			buf[off + i] ^= b[i];
		if (encrypt && n == MD5_LEN)
			memcpy(prev, buf + off, MD5_LEN);
	}
	OPENSSL_cleanse(b, sizeof(b));
	OPENSSL_cleanse(prev, sizeof(prev));
	return ok;
}

static bool
check_keys(uint16_t type, size_t at, const L2secSecret *secret, const uint8_t *rv, size_t rv_len,
    GError **error)
{
	if (secret == NULL || secret->len == 0)
		return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_HIDDEN, WHAT, at,
		    "AVP %u (%s) is hidden but no tunnel secret is configured", type,
		    l2tp_avp_type_name(type));
	if (rv == NULL || rv_len == 0)
		return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_HIDDEN, WHAT, at,
		    "AVP %u (%s) is hidden but no Random Vector AVP precedes it (RFC 2661 §4.3)",
		    type, l2tp_avp_type_name(type));
	return true;
}

bool
l2tp_hidden_reveal(uint16_t type, size_t at, const uint8_t *hidden, size_t len,
    const L2secSecret *secret, const uint8_t *rv, size_t rv_len, L2secSecret **ret, GError **error)
{
	if (!check_keys(type, at, secret, rv, rv_len, error))
		return false;
	if (len < 2)
		return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED, WHAT, at,
		    "AVP %u (%s) is hidden but its value of %zu bytes cannot hold the original "
		    "length",
		    type, l2tp_avp_type_name(type), len);
	g_autoptr(L2secSecret) plain = l2sec_secret_new(hidden, len);
	if (!hidden_xor(type, secret, rv, rv_len, plain->data, plain->len, false))
		return md5_fail(error, type, at);
	WireCursor c;
	uint16_t orig_len;
	wire_init(&c, plain->data, plain->len);
	if (!wire_get_u16(&c, &orig_len))
		return md5_fail(error, type, at); /* unreachable: len >= 2 */
	if (orig_len > wire_left(&c))
		return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED, WHAT, at,
		    "AVP %u (%s): revealed length %u is larger than the hidden value (%zu bytes); "
		    "wrong tunnel secret?",
		    type, l2tp_avp_type_name(type), orig_len, wire_left(&c));
	*ret = l2sec_secret_new(wire_rest(&c), orig_len);
	return true;
}

bool
l2tp_hidden_hide(uint16_t type, const void *value, size_t len, size_t pad_len,
    const L2secSecret *secret, const uint8_t *rv, size_t rv_len, GByteArray *out, GError **error)
{
	if (!check_keys(type, 0, secret, rv, rv_len, error))
		return false;
	size_t total = 2 + len + pad_len;
	if (len > UINT16_MAX || total > L2TP_AVP_MAX_LEN - L2TP_AVP_HEADER_LEN)
		return l2sec_fail(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_HIDDEN,
		    "AVP %u (%s): %zu bytes hidden with %zu of padding do not fit an AVP", type,
		    l2tp_avp_type_name(type), len, pad_len);
	g_autoptr(L2secSecret) buf = l2sec_secret_new_zero(total);
	buf->data[0] = (uint8_t)(len >> 8);
	buf->data[1] = (uint8_t)len;
	if (len > 0)
		memcpy(buf->data + 2, value, len);
	if (!hidden_xor(type, secret, rv, rv_len, buf->data, buf->len, true))
		return md5_fail(error, type, 0);
	wire_put_bytes(out, buf->data, buf->len);
	return true;
}

bool
l2tp_avp_put_hidden(GByteArray *w, uint16_t type, const void *value, size_t len,
    const L2secSecret *secret, const uint8_t *rv, size_t rv_len, GError **error)
{
	g_autoptr(GByteArray) hidden = g_byte_array_new();
	size_t sub = 2 + len;
	size_t pad = (MD5_LEN - sub % MD5_LEN) % MD5_LEN;

	if (sub + pad > L2TP_AVP_MAX_LEN - L2TP_AVP_HEADER_LEN)
		pad = 0;
	if (!l2tp_hidden_hide(type, value, len, pad, secret, rv, rv_len, hidden, error))
		return false;
	l2tp_avp_put_raw(w, l2tp_avp_type_mandatory(type), true, L2TP_VENDOR_IETF, type,
	    hidden->data, hidden->len);
	return true;
}

bool
l2tp_challenge_response(uint8_t chap_id, const L2secSecret *secret, const uint8_t *challenge,
    size_t challenge_len, uint8_t ret[16], GError **error)
{
	if (secret == NULL || secret->len == 0)
		return l2sec_fail(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_AUTH_FAILED,
		    "L2TP tunnel authentication: the server sent a Challenge but no tunnel secret "
		    "is configured");
	if (!md5_3(&chap_id, 1, secret->data, secret->len, challenge, challenge_len, ret))
		return l2sec_fail(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_AUTH_FAILED,
		    "L2TP tunnel authentication: MD5 is not available from OpenSSL");
	return true;
}

bool
l2tp_challenge_response_verify(uint8_t chap_id, const L2secSecret *secret, const uint8_t *challenge,
    size_t challenge_len, const uint8_t *received, size_t received_len, GError **error)
{
	uint8_t expected[MD5_LEN];

	if (!l2tp_challenge_response(chap_id, secret, challenge, challenge_len, expected, error))
		return false;
	bool ok = received_len == MD5_LEN && CRYPTO_memcmp(expected, received, MD5_LEN) == 0;
	OPENSSL_cleanse(expected, sizeof(expected));
	if (!ok)
		return l2sec_fail(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_AUTH_FAILED,
		    "L2TP tunnel authentication failed: the %s's Challenge Response does not match "
		    "our secret",
		    chap_id == L2TP_CHAP_ID_SCCRP ? "server" : "client");
	return true;
}

bool
l2tp_avp_put_challenge_response(GByteArray *w, uint8_t chap_id, const L2secSecret *secret,
    const uint8_t *challenge, size_t challenge_len, GError **error)
{
	uint8_t r[MD5_LEN];

	if (!l2tp_challenge_response(chap_id, secret, challenge, challenge_len, r, error))
		return false;
	l2tp_avp_put_bytes(w, L2TP_AVP_CHALLENGE_RESPONSE, r, sizeof(r));
	OPENSSL_cleanse(r, sizeof(r));
	return true;
}

bool
l2tp_avp_put_random_vector(GByteArray *w, uint8_t ret_rv[16], GError **error)
{
	uint8_t rv[L2TP_RANDOM_VECTOR_LEN];

	if (RAND_bytes(rv, sizeof(rv)) != 1)
		return l2sec_fail(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_HIDDEN,
		    "L2TP: cannot draw a Random Vector: the OpenSSL RNG failed");
	l2tp_avp_put_bytes(w, L2TP_AVP_RANDOM_VECTOR, rv, sizeof(rv));
	memcpy(ret_rv, rv, sizeof(rv));
	return true;
}

void
l2tp_hider_init(L2tpHider *h, const L2secSecret *secret)
{
	*h = (L2tpHider){.secret = secret != NULL && secret->len > 0 ? secret : NULL};
}

bool
l2tp_hider_put(
    L2tpHider *h, GByteArray *w, uint16_t type, const void *value, size_t len, GError **error)
{
	if (h->secret == NULL || !l2tp_avp_type_may_hide(type)) {
		l2tp_avp_put_bytes(w, type, value, len);
		return true;
	}
	/* §4.3: the Random Vector goes before the first hidden AVP */
	if (!h->have_rv) {
		if (!l2tp_avp_put_random_vector(w, h->rv, error))
			return false;
		h->have_rv = true;
	}
	return l2tp_avp_put_hidden(w, type, value, len, h->secret, h->rv, sizeof(h->rv), error);
}

bool
l2tp_hider_put_u16(L2tpHider *h, GByteArray *w, uint16_t type, uint16_t v, GError **error)
{
	uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
	return l2tp_hider_put(h, w, type, b, sizeof(b), error);
}

bool
l2tp_hider_put_u32(L2tpHider *h, GByteArray *w, uint16_t type, uint32_t v, GError **error)
{
	uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
	return l2tp_hider_put(h, w, type, b, sizeof(b), error);
}

void
l2tp_hider_end(L2tpHider *h)
{
	OPENSSL_cleanse(h->rv, sizeof(h->rv));
	h->have_rv = false;
}
