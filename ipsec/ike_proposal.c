/* ike_proposal.c — the algorithm table, the proposal language, the self-test; see ike_proposal.h. */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <openssl/crypto.h>

#include "common/error.h"
#include "common/secret.h"
#include "ipsec/ike_error.h"
#include "ipsec/ike_proposal.h"

/*
 * DESIGN.md / notes/ike.md §2: a short modern list. Servers refuse long lists
 * (NetworkManager-l2tp #106), so legacy is a separate, opt-in keyword; MD5
 * stays out of both (it can still be named explicitly).
 */
static const char ike_default[] =
    "aes256-sha256-modp2048,aes256-sha256-ecp256,aes256-sha1-modp2048,aes256-sha1-ecp256,"
    "aes128-sha256-modp2048,aes128-sha256-ecp256,aes128-sha1-modp2048,aes128-sha1-ecp256";
static const char ike_legacy_extra[] =
    "aes256-sha1-modp1536,aes128-sha1-modp1536,aes256-sha1-modp1024,aes128-sha1-modp1024,"
    "3des-sha1-modp2048,3des-sha1-modp1536,3des-sha1-modp1024";
static const char esp_default[] =
    "aes256gcm16,aes128gcm16,aes256-sha1,aes256-sha256,aes128-sha1,aes128-sha256";
static const char esp_legacy_extra[] = "3des-sha1";

typedef enum { KIND_ENC, KIND_INTEG, KIND_GROUP } TokenKind;

static const char *const kind_names[] = {
	[KIND_ENC] = "encryption algorithm",
	[KIND_INTEG] = "integrity algorithm",
	[KIND_GROUP] = "DH group",
};

static const struct token {
	const char *name;
	TokenKind kind;
	unsigned id;   /* IkeEncr (0 for AES-GCM), IkeHash or IkeDhGroup */
	unsigned bits; /* key length, for ciphers */
} token_table[] = {
	{ "aes128", KIND_ENC, IKE_ENCR_AES_CBC, 128 },
	{ "aes192", KIND_ENC, IKE_ENCR_AES_CBC, 192 },
	{ "aes256", KIND_ENC, IKE_ENCR_AES_CBC, 256 },
	{ "aes", KIND_ENC, IKE_ENCR_AES_CBC, 128 }, /* strongSwan: aes is aes128 */
	{ "3des", KIND_ENC, IKE_ENCR_3DES_CBC, 0 },
	{ "aes128gcm16", KIND_ENC, 0, 128 },
	{ "aes192gcm16", KIND_ENC, 0, 192 },
	{ "aes256gcm16", KIND_ENC, 0, 256 },
	{ "aes128gcm128", KIND_ENC, 0, 128 }, /* strongSwan's alias: the ICV in bits */
	{ "aes192gcm128", KIND_ENC, 0, 192 },
	{ "aes256gcm128", KIND_ENC, 0, 256 },
	{ "md5", KIND_INTEG, IKE_HASH_MD5, 0 },
	{ "sha1", KIND_INTEG, IKE_HASH_SHA1, 0 },
	{ "sha", KIND_INTEG, IKE_HASH_SHA1, 0 },
	{ "sha256", KIND_INTEG, IKE_HASH_SHA256, 0 },
	{ "sha2_256", KIND_INTEG, IKE_HASH_SHA256, 0 },
	{ "sha384", KIND_INTEG, IKE_HASH_SHA384, 0 },
	{ "sha2_384", KIND_INTEG, IKE_HASH_SHA384, 0 },
	{ "sha512", KIND_INTEG, IKE_HASH_SHA512, 0 },
	{ "sha2_512", KIND_INTEG, IKE_HASH_SHA512, 0 },
	{ "modp1024", KIND_GROUP, IKE_DH_MODP1024, 0 },
	{ "modp1536", KIND_GROUP, IKE_DH_MODP1536, 0 },
	{ "modp2048", KIND_GROUP, IKE_DH_MODP2048, 0 },
	{ "ecp256", KIND_GROUP, IKE_DH_ECP256, 0 },
	{ "ecp384", KIND_GROUP, IKE_DH_ECP384, 0 },
	{ "curve25519", KIND_GROUP, IKE_DH_CURVE25519, 0 },
	{ "x25519", KIND_GROUP, IKE_DH_CURVE25519, 0 },
};

/* ---- the self-test ---- */

static struct {
	bool ok;
	GError *error;     /* why a default algorithm failed */
	bool aes[3];       /* 128, 192, 256 */
	bool des3;
	bool hash[7];      /* by IkeHash */
	bool group[32];    /* by IkeDhGroup */
} self_test;

static bool
token_available(const struct token *t)
{
	switch (t->kind) {
	case KIND_ENC:
		if (t->id == 0)
			return true; /* AES-GCM: the kernel's, tested by the kernel */
		if (t->id == IKE_ENCR_3DES_CBC)
			return self_test.des3;
		return self_test.aes[(t->bits - 128) / 64];
	case KIND_INTEG:
		return t->id < G_N_ELEMENTS(self_test.hash) && self_test.hash[t->id];
	case KIND_GROUP:
		return t->id < G_N_ELEMENTS(self_test.group) && self_test.group[t->id];
	}
	return false;
}

static GByteArray *
unhex(const char *hex)
{
	GByteArray *out = g_byte_array_new();
	for (size_t i = 0; hex[i] != '\0' && hex[i + 1] != '\0'; i += 2) {
		guint8 b = (guint8)(g_ascii_xdigit_value(hex[i]) << 4 | g_ascii_xdigit_value(hex[i + 1]));
		g_byte_array_append(out, &b, 1);
	}
	return out;
}

/* NIST SP 800-38A F.2.1/3/5 first block; CAVP TCBCMMT3 example 1 for 3DES. */
static bool
test_cipher(IkeEncr encr, unsigned bits, const char *key, const char *iv, const char *plain,
    const char *cipher)
{
	g_autoptr(GByteArray) k = unhex(key), v = unhex(iv), p = unhex(plain), c = unhex(cipher);
	g_autoptr(L2secSecret) ks = l2sec_secret_new(k->data, k->len);
	uint8_t out[16], back[16];
	return p->len <= sizeof(out) && ike_cipher_check(encr, bits, NULL) &&
	    ike_cipher_encrypt(encr, ks, v->data, p->data, p->len, out, NULL) &&
	    memcmp(out, c->data, c->len) == 0 &&
	    ike_cipher_decrypt(encr, ks, v->data, out, p->len, back, NULL) &&
	    memcmp(back, p->data, p->len) == 0;
}

/* RFC 2202 / RFC 4231 test case 2. */
static bool
test_hmac(IkeHash hash, const char *mac)
{
	static const char data[] = "what do ya want for nothing?";
	g_autoptr(GByteArray) want = unhex(mac);
	uint8_t out[IKE_HASH_MAX_LEN];
	return ike_prf(hash, "Jefe", 4, data, strlen(data), out, NULL) &&
	    want->len == ike_hash_len(hash) && memcmp(out, want->data, want->len) == 0;
}

/* RFC 5903 §8, RFC 7748 §6.1: our private key, the peer's public value, the secret. */
static bool
test_dh_kat(IkeDhGroup group, const char *priv, const char *peer, const char *shared)
{
	g_autoptr(GByteArray) x = unhex(priv), y = unhex(peer), s = unhex(shared);
	g_autoptr(IkeDh) dh = ike_dh_new_with_private(group, x->data, x->len, NULL);
	g_autoptr(L2secSecret) secret = NULL;
	return dh != NULL && ike_dh_compute(dh, y->data, y->len, &secret, NULL) &&
	    secret->len == s->len && memcmp(secret->data, s->data, s->len) == 0;
}

/*
 * MODP groups have no published vectors; with g = 2, the private key 3 has the
 * public value 8, and with the peer's value 2 the secret is 2^3 = 8, which runs
 * OpenSSL's exponentiation and our padding against a known answer.
 */
static bool
test_modp(IkeDhGroup group)
{
	const uint8_t three = 3;
	size_t len = ike_dh_public_len(group), pub_len = 0;
	g_autoptr(IkeDh) dh = ike_dh_new_with_private(group, &three, 1, NULL);
	g_autofree uint8_t *want = g_malloc0(len), *two = g_malloc0(len);
	g_autoptr(L2secSecret) secret = NULL;
	want[len - 1] = 8;
	two[len - 1] = 2;
	if (dh == NULL)
		return false;
	const uint8_t *pub = ike_dh_public(dh, &pub_len);
	return pub_len == len && memcmp(pub, want, len) == 0 &&
	    ike_dh_compute(dh, two, len, &secret, NULL) && secret->len == len &&
	    memcmp(secret->data, want, len) == 0;
}

static void
run_self_test(void)
{
	self_test.aes[0] = test_cipher(IKE_ENCR_AES_CBC, 128, "2b7e151628aed2a6abf7158809cf4f3c",
	    "000102030405060708090a0b0c0d0e0f", "6bc1bee22e409f96e93d7e117393172a",
	    "7649abac8119b246cee98e9b12e9197d");
	self_test.aes[1] = test_cipher(IKE_ENCR_AES_CBC, 192,
	    "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b", "000102030405060708090a0b0c0d0e0f",
	    "6bc1bee22e409f96e93d7e117393172a", "4f021db243bc633d7178183a9fa071e8");
	self_test.aes[2] = test_cipher(IKE_ENCR_AES_CBC, 256,
	    "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
	    "000102030405060708090a0b0c0d0e0f", "6bc1bee22e409f96e93d7e117393172a",
	    "f58c4c04d6e5f1ba779eabfb5f7bfbd6");
	self_test.des3 = test_cipher(IKE_ENCR_3DES_CBC, 0,
	    "627f460e08104a1043cd265d5840eaf1313edf97df2a8a8c", "8e29f75ea77e5475", "326a494cd33fe756",
	    "b22b8d66de970692");
	self_test.hash[IKE_HASH_MD5] = test_hmac(IKE_HASH_MD5, "750c783e6ab0b503eaa86e310a5db738");
	self_test.hash[IKE_HASH_SHA1] =
	    test_hmac(IKE_HASH_SHA1, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
	self_test.hash[IKE_HASH_SHA256] = test_hmac(IKE_HASH_SHA256,
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	self_test.hash[IKE_HASH_SHA384] = test_hmac(IKE_HASH_SHA384,
	    "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
	    "8e2240ca5e69e2c78b3239ecfab21649");
	self_test.hash[IKE_HASH_SHA512] = test_hmac(IKE_HASH_SHA512,
	    "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
	    "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
	self_test.group[IKE_DH_MODP1024] = test_modp(IKE_DH_MODP1024);
	self_test.group[IKE_DH_MODP1536] = test_modp(IKE_DH_MODP1536);
	self_test.group[IKE_DH_MODP2048] = test_modp(IKE_DH_MODP2048);
	self_test.group[IKE_DH_ECP256] = test_dh_kat(IKE_DH_ECP256,
	    "C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433",
	    "D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63"
	    "56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB",
	    "D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE");
	self_test.group[IKE_DH_ECP384] = test_dh_kat(IKE_DH_ECP384,
	    "099F3C7034D4A2C699884D73A375A67F7624EF7C6B3C0F160647B67414DCE655"
	    "E35B538041E649EE3FAEF896783AB194",
	    "E558DBEF53EECDE3D3FCCFC1AEA08A89A987475D12FD950D83CFA41732BC509D"
	    "0D1AC43A0336DEF96FDA41D0774A3571DCFBEC7AACF3196472169E838430367F"
	    "66EEBE3C6E70C416DD5F0C68759DD1FFF83FA40142209DFF5EAAD96DB9E6386C",
	    "11187331C279962D93D604243FD592CB9D0A926F422E47187521287E7156C5C4"
	    "D603135569B9E9D09CF5D4A270F59746");
	self_test.group[IKE_DH_CURVE25519] = test_dh_kat(IKE_DH_CURVE25519,
	    "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
	    "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
	    "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

	/* every algorithm of `default` must work; legacy ones are dropped quietly */
	g_autoptr(GString) failed = g_string_new(NULL);
	static const char *const required[] = { "aes128", "aes256", "sha1", "sha256", "modp2048",
		"ecp256" };
	for (size_t i = 0; i < G_N_ELEMENTS(token_table); i++) {
		const struct token *t = &token_table[i];
		bool needed = false;
		for (size_t j = 0; j < G_N_ELEMENTS(required); j++)
			needed = needed || strcmp(t->name, required[j]) == 0;
		if (!token_available(t)) {
			g_debug("IKE: crypto self-test: %s failed, not offered", t->name);
			if (needed)
				g_string_append_printf(failed, "%s%s", failed->len > 0 ? ", " : "",
				    t->name);
		}
	}
	self_test.ok = failed->len == 0;
	if (!self_test.ok)
		g_set_error(&self_test.error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_CRYPTO,
		    "IKE: the OpenSSL library failed the known-answer test of %s", failed->str);
}

bool
ike_crypto_self_test(GError **error)
{
	static gsize once = 0;
	if (g_once_init_enter(&once)) {
		run_self_test();
		g_once_init_leave(&once, 1);
	}
	if (!self_test.ok) {
		if (error != NULL)
			*error = g_error_copy(self_test.error);
		return false;
	}
	return true;
}

/* ---- the proposal language ---- */

static const struct token *
token_lookup(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(token_table); i++)
		if (strcmp(token_table[i].name, name) == 0)
			return &token_table[i];
	return NULL;
}

/*
 * Edit distance counting a swap of neighbours as one edit (optimal string
 * alignment), so "modp2084" is closer to "modp2048" than to "modp1024".
 */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 31 || lb > 31)
		return 99;
	size_t d[32][32];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			best = MIN(best, d[i - 1][j] + 1);
			best = MIN(best, d[i][j - 1] + 1);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
				best = MIN(best, d[i - 2][j - 2] + 1);
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

/* The closest known name within distance 2, or NULL. */
static const struct token *
token_suggest(const char *name)
{
	const struct token *best = NULL;
	size_t best_d = 3;
	for (size_t i = 0; i < G_N_ELEMENTS(token_table); i++) {
		size_t d = edit_distance(name, token_table[i].name);
		if (d < best_d) {
			best_d = d;
			best = &token_table[i];
		}
	}
	return best;
}

typedef struct {
	const char *setting; /* "ike-proposals" or "esp-proposals" */
	bool esp;
	GPtrArray *out;
} ParseState;

static bool
item_fail(GError **error, const ParseState *ps, int code, const char *item, size_t item_len,
    const char *fmt, ...) G_GNUC_PRINTF(6, 7);

static bool
item_fail(GError **error, const ParseState *ps, int code, const char *item, size_t item_len,
    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_autofree char *shown = g_strndup(item, item_len);
	return l2sec_fail(error, L2SEC_IKE_ERROR, code, "%s: '%s': %s", ps->setting, shown, msg);
}

static bool
ike_equal(const IkeProposal *a, const IkeProposal *b)
{
	return a->encr == b->encr && a->key_bits == b->key_bits && a->hash == b->hash &&
	    a->group == b->group;
}

static bool
esp_equal(const EspProposal *a, const EspProposal *b)
{
	return a->transform == b->transform && a->key_bits == b->key_bits && a->auth == b->auth &&
	    a->pfs_group == b->pfs_group;
}

/* Append p (taking it) unless already there; false when the list is full. */
static bool
append_unique(ParseState *ps, gpointer p)
{
	for (guint i = 0; i < ps->out->len; i++) {
		gpointer q = g_ptr_array_index(ps->out, i);
		if (ps->esp ? esp_equal(q, p) : ike_equal(q, p)) {
			g_free(p);
			return true;
		}
	}
	if (ps->out->len >= IKE_PROPOSAL_MAX) {
		g_free(p);
		return false;
	}
	g_ptr_array_add(ps->out, p);
	return true;
}

static EspAuth
esp_auth_of(IkeHash hash)
{
	switch (hash) {
	case IKE_HASH_MD5:
		return ESP_AUTH_HMAC_MD5;
	case IKE_HASH_SHA1:
		return ESP_AUTH_HMAC_SHA1;
	case IKE_HASH_SHA256:
		return ESP_AUTH_HMAC_SHA2_256;
	case IKE_HASH_SHA384:
		return ESP_AUTH_HMAC_SHA2_384;
	case IKE_HASH_SHA512:
		return ESP_AUTH_HMAC_SHA2_512;
	}
	return ESP_AUTH_NONE;
}

static EspProposal *
esp_new(const struct token *enc, const struct token *integ, const struct token *group)
{
	EspProposal *p = g_new0(EspProposal, 1);
	if (enc->id == 0) {
		/* RFC 4106 §8.1: KEYMAT is the AES key then a 4-byte salt; 16-byte ICV */
		p->transform = ESP_TRANSFORM_AES_GCM_16;
		p->key_bits = enc->bits;
		p->xfrm_enc = "rfc4106(gcm(aes))";
		p->xfrm_enc_key_bits = enc->bits + 32;
		p->xfrm_icv_bits = 128;
	} else if (enc->id == IKE_ENCR_3DES_CBC) {
		p->transform = ESP_TRANSFORM_3DES;
		p->xfrm_enc = "cbc(des3_ede)";
		p->xfrm_enc_key_bits = 192;
	} else {
		p->transform = ESP_TRANSFORM_AES_CBC;
		p->key_bits = enc->bits;
		p->xfrm_enc = "cbc(aes)";
		p->xfrm_enc_key_bits = enc->bits;
	}
	p->keymat_len = p->xfrm_enc_key_bits / 8;
	if (integ != NULL) {
		static const char *const xfrm_hmac[] = {
			[IKE_HASH_MD5] = "hmac(md5)",
			[IKE_HASH_SHA1] = "hmac(sha1)",
			[IKE_HASH_SHA256] = "hmac(sha256)",
			[IKE_HASH_SHA384] = "hmac(sha384)",
			[IKE_HASH_SHA512] = "hmac(sha512)",
		};
		p->auth_hash = (IkeHash)integ->id;
		p->auth = esp_auth_of(p->auth_hash);
		p->xfrm_auth = xfrm_hmac[integ->id];
		p->xfrm_auth_key_bits = (unsigned)ike_esp_auth_key_len(p->auth_hash) * 8;
		p->xfrm_auth_trunc_bits = (unsigned)ike_esp_auth_icv_len(p->auth_hash) * 8;
		p->keymat_len += ike_esp_auth_key_len(p->auth_hash);
	}
	if (group != NULL)
		p->pfs_group = (IkeDhGroup)group->id;
	return p;
}

#define MAX_TOKENS 16

/* One comma-separated item that is not a keyword. */
static bool
parse_item(ParseState *ps, const char *text, const char *item, size_t len, bool quiet,
    GError **error)
{
	const struct token *enc[MAX_TOKENS], *integ[MAX_TOKENS], *group[MAX_TOKENS];
	size_t n_enc = 0, n_integ = 0, n_group = 0, n_aead = 0;
	int last_kind = KIND_ENC;
	size_t start = 0;
	for (size_t ntok = 0; start <= len; ntok++) {
		size_t end = start;
		while (end < len && item[end] != '-')
			end++;
		size_t pos = (size_t)(item - text) + start + 1; /* 1-based, in the whole value */
		g_autofree char *name = g_ascii_strdown(item + start, (gssize)(end - start));
		if (end == start)
			return item_fail(error, ps, L2SEC_IKE_ERROR_INVALID, item, len,
			    "empty algorithm name at character %zu", pos);
		if (ntok >= MAX_TOKENS)
			return item_fail(error, ps, L2SEC_IKE_ERROR_INVALID, item, len,
			    "more than %d algorithm names", MAX_TOKENS);
		const struct token *t = token_lookup(name);
		if (t == NULL) {
			const struct token *s = token_suggest(name);
			/* the kind we expected here: the suggestion's, else by position */
			int kind = s != NULL ? (int)s->kind
			    : n_enc == 0 ? KIND_ENC
			    : (n_integ == 0 && n_aead == 0) ? KIND_INTEG : KIND_GROUP;
			if (s != NULL)
				return item_fail(error, ps, L2SEC_IKE_ERROR_INVALID, item, len,
				    "unknown %s '%s' at character %zu, did you mean '%s'?",
				    kind_names[kind], name, pos, s->name);
			return item_fail(error, ps, L2SEC_IKE_ERROR_INVALID, item, len,
			    "unknown %s '%s' at character %zu", kind_names[kind], name, pos);
		}
		if ((int)t->kind < last_kind)
			return item_fail(error, ps, L2SEC_IKE_ERROR_INVALID, item, len,
			    "%s '%s' at character %zu comes after the %s; the order is "
			    "encryption-integrity-group",
			    kind_names[t->kind], name, pos, kind_names[last_kind]);
		last_kind = (int)t->kind;
		if (t->kind == KIND_ENC && t->id == 0 && !ps->esp)
			return item_fail(error, ps, L2SEC_IKE_ERROR_UNSUPPORTED, item, len,
			    "'%s' at character %zu: IKEv1 has no AEAD ciphers for phase 1 "
			    "(use it in esp-proposals)",
			    name, pos);
		if (!token_available(t)) {
			if (quiet)
				return true; /* a keyword drops what this build cannot do */
			return item_fail(error, ps, L2SEC_IKE_ERROR_UNSUPPORTED, item, len,
			    "'%s' at character %zu cannot be used: it failed its known-answer test "
			    "with this OpenSSL",
			    name, pos);
		}
		switch (t->kind) {
		case KIND_ENC:
			enc[n_enc++] = t;
			n_aead += t->id == 0;
			break;
		case KIND_INTEG:
			integ[n_integ++] = t;
			break;
		case KIND_GROUP:
			group[n_group++] = t;
			break;
		}
		start = end + 1;
	}
	if (n_aead > 0 && n_aead != n_enc)
		return item_fail(error, ps, L2SEC_IKE_ERROR_INVALID, item, len,
		    "mixes AES-GCM with CBC ciphers; write them as separate proposals");
	if (n_aead > 0 && n_integ > 0)
		return item_fail(error, ps, L2SEC_IKE_ERROR_INVALID, item, len,
		    "AES-GCM protects integrity itself; drop '%s'", integ[0]->name);
	if (n_aead == 0 && n_integ == 0)
		return item_fail(error, ps, L2SEC_IKE_ERROR_INVALID, item, len,
		    "no integrity algorithm (e.g. %s)", ps->esp ? "aes256-sha256" : "aes256-sha256-modp2048");
	if (!ps->esp && n_group == 0)
		return item_fail(error, ps, L2SEC_IKE_ERROR_INVALID, item, len,
		    "no DH group; IKEv1 phase 1 needs one (e.g. aes256-sha256-modp2048)");

	/* every combination, in the order written */
	for (size_t e = 0; e < n_enc; e++) {
		for (size_t i = 0; i < MAX(n_integ, (size_t)1); i++) {
			for (size_t g = 0; g < MAX(n_group, (size_t)1); g++) {
				gpointer p;
				if (ps->esp) {
					p = esp_new(enc[e], n_integ > 0 ? integ[i] : NULL,
					    n_group > 0 ? group[g] : NULL);
				} else {
					IkeProposal *ike = g_new0(IkeProposal, 1);
					ike->encr = (IkeEncr)enc[e]->id;
					ike->key_bits = enc[e]->id == IKE_ENCR_AES_CBC ? enc[e]->bits : 0;
					ike->hash = (IkeHash)integ[i]->id;
					ike->group = (IkeDhGroup)group[g]->id;
					p = ike;
				}
				if (!append_unique(ps, p))
					return item_fail(error, ps, L2SEC_IKE_ERROR_INVALID, item, len,
					    "too many proposals (at most %d)", IKE_PROPOSAL_MAX);
			}
		}
	}
	return true;
}

/* A comma-separated list; keywords only at the top level. */
static bool
parse_list(ParseState *ps, const char *text, bool keywords, GError **error)
{
	size_t text_len = strlen(text);
	size_t start = 0;
	for (;;) {
		size_t end = start;
		while (end < text_len && text[end] != ',')
			end++;
		/* trim blanks around the item */
		size_t a = start, b = end;
		while (a < b && g_ascii_isspace(text[a]))
			a++;
		while (b > a && g_ascii_isspace(text[b - 1]))
			b--;
		if (a == b)
			return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
			    "%s: empty proposal at character %zu", ps->setting, a + 1);
		const char *item = text + a;
		size_t len = b - a;
		bool is_default = len == 7 && g_ascii_strncasecmp(item, "default", 7) == 0;
		bool is_legacy = len == 6 && g_ascii_strncasecmp(item, "legacy", 6) == 0;
		if (keywords && (is_default || is_legacy)) {
			const char *def = ps->esp ? esp_default : ike_default;
			const char *extra = ps->esp ? esp_legacy_extra : ike_legacy_extra;
			g_autoptr(GError) inner = NULL;
			/* a keyword leaves out what failed the self-test (quiet), see parse_item() */
			ParseState sub = *ps;
			if (!parse_list(&sub, def, false, &inner) ||
			    (is_legacy && !parse_list(&sub, extra, false, &inner))) {
				g_propagate_error(error, g_steal_pointer(&inner));
				return false;
			}
		} else if (!parse_item(ps, text, item, len, !keywords, error)) {
			return false;
		}
		if (end >= text_len)
			break;
		start = end + 1;
	}
	return true;
}

static bool
parse(const char *setting, bool esp, const char *text, GPtrArray **ret, GError **error)
{
	g_autoptr(GError) st = NULL;
	ike_crypto_self_test(&st); /* fills the table; a failure only removes algorithms */
	if (text == NULL)
		text = "default";
	g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func(g_free);
	ParseState ps = { setting, esp, out };
	if (!parse_list(&ps, text, true, error))
		return false;
	if (out->len == 0)
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_CRYPTO,
		    "%s: '%s': no algorithm of it passed its known-answer test with this OpenSSL",
		    setting, text);
	*ret = g_steal_pointer(&out);
	return true;
}

bool
ike_proposal_parse_ike(const char *text, GPtrArray **ret, GError **error)
{
	return parse("ike-proposals", false, text, ret, error);
}

bool
ike_proposal_parse_esp(const char *text, GPtrArray **ret, GError **error)
{
	return parse("esp-proposals", true, text, ret, error);
}

char *
ike_proposal_ike_to_string(const IkeProposal *p)
{
	return g_strdup_printf("%s-%s-%s", ike_cipher_name(p->encr, p->key_bits),
	    ike_hash_name(p->hash), ike_dh_group_name(p->group));
}

char *
ike_proposal_esp_to_string(const EspProposal *p)
{
	GString *s = g_string_new(NULL);
	switch (p->transform) {
	case ESP_TRANSFORM_AES_GCM_16:
		g_string_append_printf(s, "aes%ugcm16", p->key_bits);
		break;
	case ESP_TRANSFORM_3DES:
		g_string_append(s, "3des");
		break;
	case ESP_TRANSFORM_AES_CBC:
		g_string_append_printf(s, "aes%u", p->key_bits);
		break;
	}
	if (p->auth != ESP_AUTH_NONE)
		g_string_append_printf(s, "-%s", ike_hash_name(p->auth_hash));
	if (p->pfs_group != 0)
		g_string_append_printf(s, "-%s", ike_dh_group_name(p->pfs_group));
	return g_string_free(s, FALSE);
}

static char *
list_to_string(const GPtrArray *list, char *(*one)(gconstpointer))
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < list->len; i++) {
		g_autofree char *item = one(g_ptr_array_index(list, i));
		g_string_append_printf(s, "%s%s", i > 0 ? "," : "", item);
	}
	return g_string_free(s, FALSE);
}

static char *
ike_one(gconstpointer p)
{
	return ike_proposal_ike_to_string(p);
}

static char *
esp_one(gconstpointer p)
{
	return ike_proposal_esp_to_string(p);
}

char *
ike_proposal_ike_list_to_string(const GPtrArray *list)
{
	return list_to_string(list, ike_one);
}

char *
ike_proposal_esp_list_to_string(const GPtrArray *list)
{
	return list_to_string(list, esp_one);
}
