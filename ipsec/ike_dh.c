/* ike_dh.c — MODP, ECP and Curve25519 Diffie-Hellman on EVP_PKEY; see ike_dh.h. */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/dh.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include "common/error.h"
#include "ipsec/ike_dh.h"
#include "ipsec/ike_error.h"

typedef enum { DH_MODP, DH_ECP, DH_X25519 } DhKind;

/*
 * RFC 2409 §6.2, the Second Oakley Group: 2^1024 - 2^960 - 1 + 2^64 * { [2^894 pi] + 129093 },
 * generator 2. OpenSSL 3 has RFC 3526's groups built in ("modp_1536", "modp_2048") but
 * not this one, so its parameters are built from the prime.
 */
static const uint8_t modp1024_prime[128] = {
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xC9, 0x0F, 0xDA, 0xA2, 0x21, 0x68, 0xC2, 0x34,
	0xC4, 0xC6, 0x62, 0x8B, 0x80, 0xDC, 0x1C, 0xD1, 0x29, 0x02, 0x4E, 0x08, 0x8A, 0x67, 0xCC, 0x74,
	0x02, 0x0B, 0xBE, 0xA6, 0x3B, 0x13, 0x9B, 0x22, 0x51, 0x4A, 0x08, 0x79, 0x8E, 0x34, 0x04, 0xDD,
	0xEF, 0x95, 0x19, 0xB3, 0xCD, 0x3A, 0x43, 0x1B, 0x30, 0x2B, 0x0A, 0x6D, 0xF2, 0x5F, 0x14, 0x37,
	0x4F, 0xE1, 0x35, 0x6D, 0x6D, 0x51, 0xC2, 0x45, 0xE4, 0x85, 0xB5, 0x76, 0x62, 0x5E, 0x7E, 0xC6,
	0xF4, 0x4C, 0x42, 0xE9, 0xA6, 0x37, 0xED, 0x6B, 0x0B, 0xFF, 0x5C, 0xB6, 0xF4, 0x06, 0xB7, 0xED,
	0xEE, 0x38, 0x6B, 0xFB, 0x5A, 0x89, 0x9F, 0xA5, 0xAE, 0x9F, 0x24, 0x11, 0x7C, 0x4B, 0x1F, 0xE6,
	0x49, 0x28, 0x66, 0x51, 0xEC, 0xE6, 0x53, 0x81, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
};

static const struct group_info {
	IkeDhGroup group;
	const char *name;   /* proposal language */
	DhKind kind;
	const char *ossl;   /* OpenSSL group name; NULL: parameters from modp1024_prime */
	int nid;            /* curve, for ECP */
	size_t public_len;  /* KE payload */
	size_t secret_len;  /* g^xy */
} group_table[] = {
	{ IKE_DH_MODP1024, "modp1024", DH_MODP, NULL, 0, 128, 128 },
	{ IKE_DH_MODP1536, "modp1536", DH_MODP, "modp_1536", 0, 192, 192 },
	{ IKE_DH_MODP2048, "modp2048", DH_MODP, "modp_2048", 0, 256, 256 },
	{ IKE_DH_ECP256, "ecp256", DH_ECP, "P-256", NID_X9_62_prime256v1, 64, 32 },
	{ IKE_DH_ECP384, "ecp384", DH_ECP, "P-384", NID_secp384r1, 96, 48 },
	{ IKE_DH_CURVE25519, "curve25519", DH_X25519, "X25519", 0, 32, 32 },
};

struct IkeDh {
	const struct group_info *g;
	EVP_PKEY *key;
	uint8_t pub[IKE_DH_MAX_PUBLIC_LEN];
};

static const struct group_info *
group_lookup(unsigned group)
{
	for (size_t i = 0; i < G_N_ELEMENTS(group_table); i++)
		if ((unsigned)group_table[i].group == group)
			return &group_table[i];
	return NULL;
}

static const struct group_info *
group_require(unsigned group, GError **error)
{
	const struct group_info *g = group_lookup(group);
	if (g == NULL)
		l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_UNSUPPORTED,
		    "DH group %u is not supported (only 2, 5, 14, 19, 20, 31)", group);
	return g;
}

static bool
crypto_fail(GError **error, const struct group_info *g, const char *what)
{
	unsigned long e = ERR_get_error();
	char buf[256] = "no OpenSSL error queued";
	if (e != 0)
		ERR_error_string_n(e, buf, sizeof(buf));
	ERR_clear_error();
	return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_CRYPTO, "DH group %u (%s): %s: %s",
	    (unsigned)g->group, g->name, what, buf);
}

static bool
invalid(GError **error, const struct group_info *g, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static bool
invalid(GError **error, const struct group_info *g, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID, "DH group %u (%s): %s",
	    (unsigned)g->group, g->name, msg);
}

bool
ike_dh_group_known(unsigned group)
{
	return group_lookup(group) != NULL;
}

const char *
ike_dh_group_name(IkeDhGroup group)
{
	const struct group_info *g = group_lookup(group);
	return g != NULL ? g->name : "?";
}

size_t
ike_dh_public_len(IkeDhGroup group)
{
	const struct group_info *g = group_lookup(group);
	return g != NULL ? g->public_len : 0;
}

size_t
ike_dh_secret_len(IkeDhGroup group)
{
	const struct group_info *g = group_lookup(group);
	return g != NULL ? g->secret_len : 0;
}

/* MODP: p and g as BIGNUMs (the caller frees them). */
static bool
modp_pg(const struct group_info *g, BIGNUM **ret_p, BIGNUM **ret_g)
{
	if (g->ossl == NULL) {
		*ret_p = BN_bin2bn(modp1024_prime, sizeof(modp1024_prime), NULL);
		*ret_g = BN_new();
		return *ret_p != NULL && *ret_g != NULL && BN_set_word(*ret_g, 2);
	}
	/* the RFC 3526 primes, from OpenSSL's built-in named groups */
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
	EVP_PKEY *params = NULL;
	OSSL_PARAM in[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)g->ossl, 0),
		OSSL_PARAM_construct_end(),
	};
	bool ok = ctx != NULL && EVP_PKEY_fromdata_init(ctx) > 0 &&
	    EVP_PKEY_fromdata(ctx, &params, EVP_PKEY_KEY_PARAMETERS, in) > 0 &&
	    EVP_PKEY_get_bn_param(params, OSSL_PKEY_PARAM_FFC_P, ret_p) > 0 &&
	    EVP_PKEY_get_bn_param(params, OSSL_PKEY_PARAM_FFC_G, ret_g) > 0;
	EVP_PKEY_free(params);
	EVP_PKEY_CTX_free(ctx);
	return ok;
}

/*
 * MODP: a key (or parameters, or a public key) from the group and optional
 * pub/priv. Named groups are given by name, so OpenSSL knows q and its limits.
 */
static EVP_PKEY *
modp_fromdata(const struct group_info *g, int selection, const BIGNUM *pub, const BIGNUM *priv)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BIGNUM *p = NULL, *gen = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *key = NULL;
	bool ok = bld != NULL;
	if (ok && g->ossl != NULL)
		ok = OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, g->ossl, 0) > 0;
	else if (ok)
		ok = modp_pg(g, &p, &gen) && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_P, p) > 0 &&
		    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_G, gen) > 0;
	if (ok && pub != NULL)
		ok = OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PUB_KEY, pub) > 0;
	if (ok && priv != NULL)
		ok = OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, priv) > 0;
	if (ok)
		ok = (params = OSSL_PARAM_BLD_to_param(bld)) != NULL;
	if (ok)
		ok = (ctx = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL)) != NULL &&
		    EVP_PKEY_fromdata_init(ctx) > 0 && EVP_PKEY_fromdata(ctx, &key, selection, params) > 0;
	if (!ok) {
		EVP_PKEY_free(key);
		key = NULL;
	}
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params); /* OSSL_PARAM_BLD_to_param() copies into secure-clearable memory */
	OSSL_PARAM_BLD_free(bld);
	BN_free(p);
	BN_free(gen);
	return key;
}

/* EC: a key from the curve, an uncompressed point (0x04|x|y) and an optional private scalar. */
static EVP_PKEY *
ec_fromdata(const struct group_info *g, int selection, const uint8_t *point, size_t point_len,
    const BIGNUM *priv)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *key = NULL;
	bool ok = bld != NULL &&
	    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, g->ossl, 0) > 0 &&
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, point_len) > 0 &&
	    (priv == NULL || OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, priv) > 0) &&
	    (params = OSSL_PARAM_BLD_to_param(bld)) != NULL &&
	    (ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) != NULL &&
	    EVP_PKEY_fromdata_init(ctx) > 0 && EVP_PKEY_fromdata(ctx, &key, selection, params) > 0;
	if (!ok) {
		EVP_PKEY_free(key);
		key = NULL;
	}
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	return key;
}

/* Fill dh->pub from dh->key in the KE payload encoding. */
static bool
encode_public(IkeDh *dh, GError **error)
{
	const struct group_info *g = dh->g;
	BIGNUM *a = NULL, *b = NULL;
	bool ok = false;
	size_t len = 0;
	switch (g->kind) {
	case DH_MODP:
		/* big-endian, left-padded to the prime's length (RFC 2409 §5) */
		ok = EVP_PKEY_get_bn_param(dh->key, OSSL_PKEY_PARAM_PUB_KEY, &a) > 0 &&
		    BN_bn2binpad(a, dh->pub, (int)g->public_len) == (int)g->public_len;
		break;
	case DH_ECP:
		/* x | y, each padded to the field size, no point-format octet (RFC 5903 §7) */
		ok = EVP_PKEY_get_bn_param(dh->key, OSSL_PKEY_PARAM_EC_PUB_X, &a) > 0 &&
		    EVP_PKEY_get_bn_param(dh->key, OSSL_PKEY_PARAM_EC_PUB_Y, &b) > 0 &&
		    BN_bn2binpad(a, dh->pub, (int)g->secret_len) == (int)g->secret_len &&
		    BN_bn2binpad(b, dh->pub + g->secret_len, (int)g->secret_len) == (int)g->secret_len;
		break;
	case DH_X25519:
		/* the 32-byte u-coordinate as RFC 7748 encodes it (RFC 8031 §2) */
		len = sizeof(dh->pub);
		ok = EVP_PKEY_get_raw_public_key(dh->key, dh->pub, &len) > 0 && len == g->public_len;
		break;
	}
	BN_free(a);
	BN_free(b);
	if (!ok)
		return crypto_fail(error, g, "cannot read the public value");
	return true;
}

IkeDh *
ike_dh_new(IkeDhGroup group, GError **error)
{
	const struct group_info *g = group_require(group, error);
	if (g == NULL)
		return NULL;
	g_autoptr(IkeDh) dh = g_new0(IkeDh, 1);
	dh->g = g;
	if (g->kind == DH_MODP) {
		EVP_PKEY *params = modp_fromdata(g, EVP_PKEY_KEY_PARAMETERS, NULL, NULL);
		EVP_PKEY_CTX *ctx = params != NULL ? EVP_PKEY_CTX_new_from_pkey(NULL, params, NULL) : NULL;
		if (ctx == NULL || EVP_PKEY_keygen_init(ctx) <= 0 || EVP_PKEY_generate(ctx, &dh->key) <= 0)
			dh->key = NULL;
		EVP_PKEY_CTX_free(ctx);
		EVP_PKEY_free(params);
	} else if (g->kind == DH_ECP) {
		dh->key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", g->ossl);
	} else {
		dh->key = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
	}
	if (dh->key == NULL) {
		crypto_fail(error, g, "key generation failed");
		return NULL;
	}
	if (!encode_public(dh, error))
		return NULL;
	return g_steal_pointer(&dh);
}

IkeDh *
ike_dh_new_with_private(IkeDhGroup group, const uint8_t *priv, size_t len, GError **error)
{
	const struct group_info *g = group_require(group, error);
	if (g == NULL)
		return NULL;
	g_autoptr(IkeDh) dh = g_new0(IkeDh, 1);
	dh->g = g;
	if (g->kind == DH_X25519) {
		if (len != 32) {
			invalid(error, g, "private key is %zu bytes, expected 32", len);
			return NULL;
		}
		dh->key = EVP_PKEY_new_raw_private_key_ex(NULL, "X25519", NULL, priv, len);
	} else {
		BIGNUM *x = BN_secure_new(), *p = NULL, *gen = NULL, *y = NULL;
		BN_CTX *bnctx = BN_CTX_secure_new();
		EC_GROUP *curve = NULL;
		EC_POINT *pt = NULL;
		uint8_t point[1 + 2 * 48];
		bool ok = x != NULL && bnctx != NULL && BN_bin2bn(priv, (int)len, x) != NULL;
		if (ok && g->kind == DH_MODP) {
			/* the public value g^x mod p, which OpenSSL 3.0 does not derive on import */
			ok = modp_pg(g, &p, &gen) && (y = BN_new()) != NULL && !BN_is_zero(x) &&
			    BN_cmp(x, p) < 0 && BN_mod_exp_mont_consttime(y, gen, x, p, bnctx, NULL) > 0;
			if (ok)
				dh->key = modp_fromdata(g, EVP_PKEY_KEYPAIR, y, x);
		} else if (ok) {
			/* the public point x·G, which OpenSSL 3.0 does not derive on import */
			size_t point_len = 1 + g->public_len;
			ok = (curve = EC_GROUP_new_by_curve_name(g->nid)) != NULL &&
			    (pt = EC_POINT_new(curve)) != NULL && !BN_is_zero(x) &&
			    BN_cmp(x, EC_GROUP_get0_order(curve)) < 0 &&
			    EC_POINT_mul(curve, pt, x, NULL, NULL, bnctx) > 0 &&
			    EC_POINT_point2oct(curve, pt, POINT_CONVERSION_UNCOMPRESSED, point, point_len,
				bnctx) == point_len;
			if (ok)
				dh->key = ec_fromdata(g, EVP_PKEY_KEYPAIR, point, point_len, x);
		}
		EC_POINT_free(pt);
		EC_GROUP_free(curve);
		BN_CTX_free(bnctx);
		BN_clear_free(x);
		BN_free(p);
		BN_free(gen);
		BN_free(y);
		if (!ok) {
			ERR_clear_error();
			invalid(error, g, "private key is out of range");
			return NULL;
		}
	}
	if (dh->key == NULL) {
		crypto_fail(error, g, "cannot import the private key");
		return NULL;
	}
	if (!encode_public(dh, error))
		return NULL;
	return g_steal_pointer(&dh);
}

IkeDhGroup
ike_dh_group(const IkeDh *dh)
{
	return dh->g->group;
}

const uint8_t *
ike_dh_public(const IkeDh *dh, size_t *ret_len)
{
	*ret_len = dh->g->public_len;
	return dh->pub;
}

/* The checks of ike_dh_check_public(); on success *ret_peer is the peer's key (MODP, ECP, X25519). */
static bool
check_public(const struct group_info *g, const uint8_t *peer, size_t len, EVP_PKEY **ret_peer,
    GError **error)
{
	if (len != g->public_len)
		return invalid(error, g, "public value is %zu bytes, expected %zu", len, g->public_len);
	EVP_PKEY *key = NULL;
	if (g->kind == DH_MODP) {
		/*
		 * RFC 6989 §2.1: 1 < y < p-1. The MODP groups here have safe primes
		 * p = 2q+1, whose only small subgroups are {1} and {1, p-1}; the range
		 * check excludes both, so no y^q test is needed (§2.2 is for the
		 * RFC 5114 groups with small q). Our keys are never reused either.
		 */
		BIGNUM *y = BN_bin2bn(peer, (int)len, NULL), *p = NULL, *gen = NULL;
		bool ok = y != NULL && modp_pg(g, &p, &gen);
		const char *why = NULL;
		if (ok) {
			if (BN_is_zero(y) || BN_is_one(y))
				why = BN_is_zero(y) ? "public value is 0 (RFC 6989 §2.1: must be > 1)"
						    : "public value is 1 (RFC 6989 §2.1: must be > 1)";
			else if (!BN_sub_word(p, 1))
				ok = false;
			else if (BN_cmp(y, p) >= 0)
				why = BN_cmp(y, p) == 0 ? "public value is p-1 (RFC 6989 §2.1: must be < p-1)"
							: "public value is not below the prime p";
		}
		if (ok && why == NULL)
			key = modp_fromdata(g, EVP_PKEY_PUBLIC_KEY, y, NULL);
		BN_free(y);
		BN_free(p);
		BN_free(gen);
		if (!ok)
			return crypto_fail(error, g, "cannot read the public value");
		if (why != NULL)
			return invalid(error, g, "%s", why);
	} else if (g->kind == DH_ECP) {
		/*
		 * RFC 5903 §7: x | y without the 0x04 octet. The point must lie on the
		 * curve (RFC 6989 §2.3); affine coordinates cannot name the point at
		 * infinity, and both must be below the field prime.
		 */
		BIGNUM *p = BN_new(), *x = BN_bin2bn(peer, (int)g->secret_len, NULL),
		       *y = BN_bin2bn(peer + g->secret_len, (int)g->secret_len, NULL);
		EC_GROUP *curve = EC_GROUP_new_by_curve_name(g->nid);
		EC_POINT *pt = curve != NULL ? EC_POINT_new(curve) : NULL;
		const char *why = NULL;
		bool ok = p != NULL && x != NULL && y != NULL && pt != NULL &&
		    EC_GROUP_get_curve(curve, p, NULL, NULL, NULL) > 0;
		if (ok && (BN_cmp(x, p) >= 0 || BN_cmp(y, p) >= 0))
			why = "a coordinate is not below the field prime";
		else if (ok && (EC_POINT_set_affine_coordinates(curve, pt, x, y, NULL) <= 0 ||
				   EC_POINT_is_on_curve(curve, pt, NULL) <= 0))
			why = "public value is not a point on the curve (RFC 6989 §2.3)";
		else if (ok && EC_POINT_is_at_infinity(curve, pt))
			why = "public value is the point at infinity";
		if (ok && why == NULL) {
			uint8_t point[1 + 2 * 48];
			point[0] = POINT_CONVERSION_UNCOMPRESSED;
			memcpy(point + 1, peer, len);
			key = ec_fromdata(g, EVP_PKEY_PUBLIC_KEY, point, 1 + len, NULL);
		}
		EC_POINT_free(pt);
		EC_GROUP_free(curve);
		BN_free(p);
		BN_free(x);
		BN_free(y);
		ERR_clear_error(); /* EC_POINT_set_affine_coordinates() queues one for off-curve points */
		if (!ok)
			return crypto_fail(error, g, "cannot read the public value");
		if (why != NULL)
			return invalid(error, g, "%s", why);
	} else {
		/* RFC 7748 §5: every 32-byte string is a u-coordinate; the all-zero check is on g^xy */
		key = EVP_PKEY_new_raw_public_key_ex(NULL, "X25519", NULL, peer, len);
	}
	if (key == NULL)
		return crypto_fail(error, g, "cannot import the public value");
	if (ret_peer != NULL)
		*ret_peer = key;
	else
		EVP_PKEY_free(key);
	return true;
}

bool
ike_dh_check_public(unsigned group, const uint8_t *peer, size_t len, GError **error)
{
	const struct group_info *g = group_require(group, error);
	return g != NULL && check_public(g, peer, len, NULL, error);
}

bool
ike_dh_compute(const IkeDh *dh, const uint8_t *peer, size_t len, L2secSecret **ret_secret,
    GError **error)
{
	const struct group_info *g = dh->g;
	EVP_PKEY *peer_key = NULL;
	if (!check_public(g, peer, len, &peer_key, error))
		return false;
	g_autoptr(L2secSecret) secret = l2sec_secret_new_zero(g->secret_len);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, dh->key, NULL);
	size_t out_len = secret->len;
	/* MODP: keep leading zeros, so g^xy is as long as the prime (RFC 2409 §5) */
	bool ok = ctx != NULL && EVP_PKEY_derive_init(ctx) > 0 &&
	    (g->kind != DH_MODP || EVP_PKEY_CTX_set_dh_pad(ctx, 1) > 0) &&
	    EVP_PKEY_derive_set_peer_ex(ctx, peer_key, g->kind != DH_MODP) > 0 &&
	    EVP_PKEY_derive(ctx, secret->data, &out_len) > 0 && out_len == g->secret_len;
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(peer_key);
	if (g->kind == DH_X25519) {
		/*
		 * RFC 8031 §2 / RFC 7748 §6.1: a small-order u gives the all-zero
		 * secret; OpenSSL fails the derivation then, and we check again.
		 */
		static const uint8_t zero[32];
		if (!ok || CRYPTO_memcmp(secret->data, zero, sizeof(zero)) == 0) {
			ERR_clear_error();
			return invalid(error, g, "shared secret is all zero: the public value is a "
						 "point of small order (RFC 8031 §2)");
		}
	}
	if (!ok)
		return crypto_fail(error, g, "key derivation failed");
	*ret_secret = g_steal_pointer(&secret);
	return true;
}

void
ike_dh_free(IkeDh *dh)
{
	if (dh == NULL)
		return;
	EVP_PKEY_free(dh->key); /* OpenSSL clears private keys on free */
	g_free(dh);
}
