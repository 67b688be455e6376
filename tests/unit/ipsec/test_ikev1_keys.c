/*
 * Unit tests for ipsec/ikev1_keys.c.
 *
 * Known answers: the NIST CAVP SP 800-135 IKEv1 KDF vectors as libreswan ships
 * them in programs/cavp/test.acvp.ikev1_psk.run (pre-shared key, SHA-1, tcId 100)
 * and test.acvp.ikev1_dsa.run (digital signature, SHA-1, tcId 100): SKEYID,
 * SKEYID_d, SKEYID_a, SKEYID_e. No SHA-2 IKEv1 CAVP case was available.
 *
 * The App. B key expansion, the phase-1 and phase-2 IVs, HASH_I/HASH_R, the
 * Quick Mode and Informational hashes and KEYMAT have no published vectors:
 * they are checked against an independent computation written out here with
 * OpenSSL's one-shot EVP_Q_mac()/EVP_Digest() over concatenated buffers (the
 * RFC's formula, spelled out byte by byte), for SHA-1 and SHA-256, and
 * against their properties (length, determinism, direction).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/evp.h>

#include "common/hex.h"
#include "ipsec/ike_error.h"
#include "ipsec/ikev1_keys.h"

static GByteArray *
hex(const char *s)
{
	GByteArray *out = NULL;
	g_autoptr(GError) error = NULL;
	if (!l2sec_hex_decode(s, &out, &error))
		fail_msg("bad hex '%s': %s", s, error->message);
	return out;
}

static L2secSecret *
hex_secret(const char *s)
{
	g_autoptr(GByteArray) b = hex(s);
	return l2sec_secret_new(b->data, b->len);
}

static void
assert_hex(const char *what, const uint8_t *got, size_t len, const char *want)
{
	g_autofree char *g = l2sec_hex_encode(got, len);
	if (g_ascii_strcasecmp(g, want) != 0)
		fail_msg("%s: got %s, expected %s", what, g, want);
}

static const struct cavp_case {
	const char *name;
	bool psk; /* else signature */
	const char *gxy, *psk_hex, *ni, *nr, *cky_i, *cky_r;
	const char *skeyid, *skeyid_d, *skeyid_a, *skeyid_e;
} cavp_cases[] = {
	{ "NIST CAVP IKEv1 PSK SHA-1 tcId 100 (libreswan test.acvp.ikev1_psk)", true,
	    "739003ba2c11c982946c65e26acf661fbf8ebb78011a9fead79efa12fe3e71cc", "75",
	    "b9a2d0e922dc66dd", "2130166863b5ddef", "83d374c30b3b5082", "5afc0da06c728029",
	    "62b04d112877e442fc3282fc37c076997718a0b9", "369e5aad1bdb5faf6a3d929d500cdc236710a9ab",
	    "588e957d8d790d093b3a39f121473473af78e9bb", "cd74b0c048219db81384d3fda8f6cda51e398a2b" },
	{ "NIST CAVP IKEv1 DSA SHA-1 tcId 100 (libreswan test.acvp.ikev1_dsa)", false,
	    "8ba4cbc73c0187301dc19a975823854dbd641c597f637f8d053a83b9514673eb", NULL,
	    "69a62284195f1680", "80c94ba25c8abda5", "8c3bcd3a69831d7f", "d2d9a7ff4fbe95a7",
	    "707197817fb2d90cf54d1842606bdea59b9f4823", "384be709a8a5e63c3ed160cfe3921c4b37d5b32d",
	    "48b327575abe3adba0f279849e289022a13e2b47", "a4a415c8e0c38c0da847c356cc61c24df8025560" },
};

static void
test_cavp(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(cavp_cases); i++) {
		const struct cavp_case *c = &cavp_cases[i];
		g_autoptr(L2secSecret) gxy = hex_secret(c->gxy);
		g_autoptr(GByteArray) ni = hex(c->ni), nr = hex(c->nr);
		g_autoptr(GByteArray) cky_i = hex(c->cky_i), cky_r = hex(c->cky_r);
		g_autoptr(L2secSecret) skeyid = NULL;
		g_autoptr(GError) error = NULL;
		bool ok;
		if (c->psk) {
			g_autoptr(L2secSecret) psk = hex_secret(c->psk_hex);
			ok = ikev1_skeyid_psk(IKE_HASH_SHA1, psk, ni->data, ni->len, nr->data, nr->len,
			    &skeyid, &error);
		} else {
			ok = ikev1_skeyid_sig(IKE_HASH_SHA1, ni->data, ni->len, nr->data, nr->len, gxy,
			    &skeyid, &error);
		}
		if (!ok)
			fail_msg("%s: %s", c->name, error->message);
		assert_hex(c->name, skeyid->data, skeyid->len, c->skeyid);
		g_autoptr(IkeV1Keys) keys = ikev1_keys_derive(IKE_HASH_SHA1, skeyid, gxy, cky_i->data,
		    cky_r->data, IKE_ENCR_AES_CBC, 128, &error);
		if (keys == NULL)
			fail_msg("%s: %s", c->name, error->message);
		assert_hex(c->name, keys->skeyid->data, keys->skeyid->len, c->skeyid);
		assert_hex(c->name, keys->skeyid_d->data, keys->skeyid_d->len, c->skeyid_d);
		assert_hex(c->name, keys->skeyid_a->data, keys->skeyid_a->len, c->skeyid_a);
		assert_hex(c->name, keys->skeyid_e->data, keys->skeyid_e->len, c->skeyid_e);
		/* AES-128 with SHA-1: SKEYID_e (20 bytes) is long enough, its first 16 bytes */
		assert_int_equal(keys->enc_key->len, 16);
		assert_memory_equal(keys->enc_key->data, keys->skeyid_e->data, 16);
		assert_int_equal(keys->block_size, 16);
	}
}

/* ---- the independent computation ---- */

static const char *
md_name(IkeHash h)
{
	switch (h) {
	case IKE_HASH_MD5:
		return "MD5";
	case IKE_HASH_SHA1:
		return "SHA1";
	case IKE_HASH_SHA256:
		return "SHA2-256";
	case IKE_HASH_SHA384:
		return "SHA2-384";
	case IKE_HASH_SHA512:
		return "SHA2-512";
	}
	fail_msg("no reference digest for hash %d", (int)h);
	return NULL;
}

/* HMAC over the concatenation of the NULL-terminated list of GByteArrays. */
static GByteArray *
ref_prf(IkeHash h, const void *key, size_t key_len, ...)
{
	g_autoptr(GByteArray) data = g_byte_array_new();
	va_list ap;
	va_start(ap, key_len);
	for (GByteArray *part; (part = va_arg(ap, GByteArray *)) != NULL;)
		g_byte_array_append(data, part->data, part->len);
	va_end(ap);
	uint8_t out[64];
	size_t out_len = 0;
	if (EVP_Q_mac(NULL, "HMAC", NULL, md_name(h), NULL, key, key_len, data->data, data->len, out,
		sizeof(out), &out_len) == NULL)
		fail_msg("EVP_Q_mac failed");
	return g_byte_array_append(g_byte_array_new(), out, (guint)out_len);
}

static GByteArray *
bytes(const void *p, size_t n)
{
	return g_byte_array_append(g_byte_array_new(), p, (guint)n);
}

static GByteArray *
be32(uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
	return bytes(b, 4);
}

static GByteArray *
ref_hash(IkeHash h, GByteArray *a, GByteArray *b)
{
	g_autoptr(GByteArray) data = bytes(a->data, a->len);
	g_byte_array_append(data, b->data, b->len);
	uint8_t out[64];
	unsigned int n = 0;
	EVP_MD *md = EVP_MD_fetch(NULL, md_name(h), NULL);
	if (md == NULL || EVP_Digest(data->data, data->len, out, &n, md, NULL) <= 0)
		fail_msg("EVP_Digest failed");
	EVP_MD_free(md);
	return bytes(out, n);
}

static void
assert_same(const char *what, const uint8_t *got, size_t len, GByteArray *want)
{
	if (len != want->len || memcmp(got, want->data, len) != 0) {
		g_autofree char *g = l2sec_hex_encode(got, len);
		g_autofree char *w = l2sec_hex_encode(want->data, want->len);
		fail_msg("%s: got %s, expected %s", what, g, w);
	}
}

#define AUTO(x) g_autoptr(GByteArray) x

/* App. B key expansion, for each cipher and hash pair. */
static void
test_expand(void **state)
{
	(void)state;
	static const struct {
		IkeHash hash;
		IkeEncr encr;
		unsigned bits;
		bool expands;
	} cases[] = {
		{ IKE_HASH_SHA1, IKE_ENCR_AES_CBC, 256, true },  /* 32 > 20 */
		{ IKE_HASH_SHA1, IKE_ENCR_3DES_CBC, 0, true },   /* 24 > 20 */
		{ IKE_HASH_SHA1, IKE_ENCR_AES_CBC, 192, true },  /* 24 > 20 */
		{ IKE_HASH_SHA1, IKE_ENCR_AES_CBC, 128, false },
		{ IKE_HASH_SHA256, IKE_ENCR_AES_CBC, 256, false },
		{ IKE_HASH_MD5, IKE_ENCR_3DES_CBC, 0, true },    /* 24 > 16: K1 | K2 */
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		size_t hlen = ike_hash_len(cases[i].hash);
		size_t klen = ike_cipher_key_len(cases[i].encr, cases[i].bits);
		g_autoptr(L2secSecret) skeyid_e = l2sec_secret_new_zero(hlen);
		for (size_t j = 0; j < hlen; j++)
			skeyid_e->data[j] = (uint8_t)(0xa0 + j);
		g_autoptr(L2secSecret) key = NULL;
		if (!ikev1_expand_key(cases[i].hash, skeyid_e, klen, &key, &error))
			fail_msg("case %zu: %s", i, error->message);
		assert_int_equal(key->len, klen);
		AUTO(want) = g_byte_array_new();
		if (cases[i].expands) {
			uint8_t zero = 0;
			AUTO(z) = bytes(&zero, 1);
			AUTO(k1) = ref_prf(cases[i].hash, skeyid_e->data, skeyid_e->len, z, NULL);
			AUTO(k2) = ref_prf(cases[i].hash, skeyid_e->data, skeyid_e->len, k1, NULL);
			g_byte_array_append(want, k1->data, k1->len);
			g_byte_array_append(want, k2->data, k2->len);
		} else {
			g_byte_array_append(want, skeyid_e->data, skeyid_e->len);
		}
		g_byte_array_set_size(want, (guint)klen);
		assert_same("App. B expansion", key->data, key->len, want);
	}
	/* three blocks: 48 bytes from SHA-1 */
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secSecret) e = l2sec_secret_new_str("0123456789abcdefghij");
	g_autoptr(L2secSecret) k = NULL;
	assert_true(ikev1_expand_key(IKE_HASH_SHA1, e, 48, &k, &error));
	uint8_t zero = 0;
	AUTO(z) = bytes(&zero, 1);
	AUTO(k1) = ref_prf(IKE_HASH_SHA1, e->data, e->len, z, NULL);
	AUTO(k2) = ref_prf(IKE_HASH_SHA1, e->data, e->len, k1, NULL);
	AUTO(k3) = ref_prf(IKE_HASH_SHA1, e->data, e->len, k2, NULL);
	assert_memory_equal(k->data + 40, k3->data, 8);
}

static void
test_derive_sha256(void **state)
{
	(void)state;
	/* SKEYID_d/_a/_e for SHA-256 and AES-256, against the formulas of §5 */
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secSecret) psk = l2sec_secret_new_str("test-psk");
	g_autoptr(L2secSecret) gxy = hex_secret("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
	AUTO(ni) = hex("0101010101010101010101010101010101010101010101010101010101010101");
	AUTO(nr) = hex("0202020202020202020202020202020202020202020202020202020202020202");
	AUTO(ci) = hex("1111111111111111");
	AUTO(cr) = hex("2222222222222222");
	g_autoptr(L2secSecret) skeyid = NULL;
	assert_true(ikev1_skeyid_psk(IKE_HASH_SHA256, psk, ni->data, ni->len, nr->data, nr->len,
	    &skeyid, &error));
	AUTO(want_skeyid) = ref_prf(IKE_HASH_SHA256, psk->data, psk->len, ni, nr, NULL);
	assert_same("SKEYID", skeyid->data, skeyid->len, want_skeyid);
	g_autoptr(IkeV1Keys) keys = ikev1_keys_derive(IKE_HASH_SHA256, skeyid, gxy, ci->data, cr->data,
	    IKE_ENCR_AES_CBC, 256, &error);
	assert_non_null(keys);
	AUTO(g) = bytes(gxy->data, gxy->len);
	uint8_t n0 = 0, n1 = 1, n2 = 2;
	AUTO(b0) = bytes(&n0, 1);
	AUTO(b1) = bytes(&n1, 1);
	AUTO(b2) = bytes(&n2, 1);
	AUTO(d) = ref_prf(IKE_HASH_SHA256, skeyid->data, skeyid->len, g, ci, cr, b0, NULL);
	AUTO(a) = ref_prf(IKE_HASH_SHA256, skeyid->data, skeyid->len, d, g, ci, cr, b1, NULL);
	AUTO(e) = ref_prf(IKE_HASH_SHA256, skeyid->data, skeyid->len, a, g, ci, cr, b2, NULL);
	assert_same("SKEYID_d", keys->skeyid_d->data, keys->skeyid_d->len, d);
	assert_same("SKEYID_a", keys->skeyid_a->data, keys->skeyid_a->len, a);
	assert_same("SKEYID_e", keys->skeyid_e->data, keys->skeyid_e->len, e);
	assert_same("AES-256 key = SKEYID_e", keys->enc_key->data, keys->enc_key->len, e);
	/* deterministic */
	g_autoptr(IkeV1Keys) again = ikev1_keys_derive(IKE_HASH_SHA256, skeyid, gxy, ci->data,
	    cr->data, IKE_ENCR_AES_CBC, 256, &error);
	assert_true(l2sec_secret_equal(keys->enc_key, again->enc_key));
	/* an unknown cipher is refused before any work */
	g_clear_error(&error);
	assert_null(ikev1_keys_derive(IKE_HASH_SHA256, skeyid, gxy, ci->data, cr->data, (IkeEncr)1, 0,
	    &error));
	assert_true(g_error_matches(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_UNSUPPORTED));
	/* and an unknown hash */
	g_clear_error(&error);
	g_autoptr(L2secSecret) bad = NULL;
	assert_false(ikev1_skeyid_psk((IkeHash)3, psk, ni->data, ni->len, nr->data, nr->len, &bad, &error));
	assert_null(bad);
}

static void
test_ivs(void **state)
{
	(void)state;
	static const IkeHash hashes[] = { IKE_HASH_SHA1, IKE_HASH_SHA256 };
	static const size_t blocks[] = { 16, 8 };
	AUTO(gxi) = hex("0a0b0c0d0e0f0a0b0c0d0e0f0a0b0c0d0e0f0a0b0c0d0e0f0a0b0c0d0e0f0a0b");
	AUTO(gxr) = hex("f0e0d0c0b0a0f0e0d0c0b0a0f0e0d0c0b0a0f0e0d0c0b0a0f0e0d0c0b0a0f0e0");
	AUTO(last) = hex("00112233445566778899aabbccddeeff");
	for (size_t h = 0; h < G_N_ELEMENTS(hashes); h++) {
		for (size_t b = 0; b < G_N_ELEMENTS(blocks); b++) {
			g_autoptr(GError) error = NULL;
			uint8_t iv[16];
			assert_true(ikev1_phase1_iv(hashes[h], gxi->data, gxi->len, gxr->data, gxr->len,
			    blocks[b], iv, &error));
			AUTO(want) = ref_hash(hashes[h], gxi, gxr);
			g_byte_array_set_size(want, (guint)blocks[b]);
			assert_same("phase-1 IV", iv, blocks[b], want);

			AUTO(lb) = bytes(last->data, blocks[b]);
			AUTO(m) = be32(0xdeadbeef);
			assert_true(ikev1_phase2_iv(hashes[h], lb->data, blocks[b], 0xdeadbeef, iv, &error));
			AUTO(want2) = ref_hash(hashes[h], lb, m);
			g_byte_array_set_size(want2, (guint)blocks[b]);
			assert_same("phase-2 IV", iv, blocks[b], want2);
		}
	}
	/* a 32-byte block would need more than MD5's 16 bytes */
	g_autoptr(GError) error = NULL;
	uint8_t big[32];
	assert_false(ikev1_phase1_iv(IKE_HASH_MD5, gxi->data, gxi->len, gxr->data, gxr->len, 32, big,
	    &error));
	assert_non_null(strstr(error->message, "too few for a 32-byte IV"));
}

static void
test_main_mode_hash(void **state)
{
	(void)state;
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secSecret) skeyid = hex_secret("62b04d112877e442fc3282fc37c076997718a0b9");
	AUTO(gxi) = hex("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	AUTO(gxr) = hex("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
	AUTO(ci) = hex("83d374c30b3b5082");
	AUTO(cr) = hex("5afc0da06c728029");
	AUTO(sa) = hex("00000001000000010000002c010100010000002401010000800100078002000280030001800e0080");
	AUTO(idi) = hex("01110000c0000201");
	AUTO(idr) = hex("01110000c6336407");
	uint8_t out[IKE_HASH_MAX_LEN];
	assert_true(ikev1_main_mode_hash(IKE_HASH_SHA1, skeyid, true, gxi->data, gxi->len, gxr->data,
	    gxr->len, ci->data, cr->data, sa->data, sa->len, idi->data, idi->len, out, &error));
	AUTO(hi) = ref_prf(IKE_HASH_SHA1, skeyid->data, skeyid->len, gxi, gxr, ci, cr, sa, idi, NULL);
	assert_same("HASH_I", out, 20, hi);
	assert_true(ikev1_main_mode_hash(IKE_HASH_SHA1, skeyid, false, gxi->data, gxi->len, gxr->data,
	    gxr->len, ci->data, cr->data, sa->data, sa->len, idr->data, idr->len, out, &error));
	AUTO(hr) = ref_prf(IKE_HASH_SHA1, skeyid->data, skeyid->len, gxr, gxi, cr, ci, sa, idr, NULL);
	assert_same("HASH_R", out, 20, hr);
}

static void
test_phase2_hashes(void **state)
{
	(void)state;
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secSecret) ska = hex_secret("588e957d8d790d093b3a39f121473473af78e9bb");
	AUTO(payloads) = hex("0a00003400000001000000010000002802030401");
	AUTO(ni) = hex("0123456789abcdef0123456789abcdef");
	AUTO(nr) = hex("fedcba9876543210fedcba9876543210");
	AUTO(m) = be32(0x01020304);
	uint8_t zero = 0;
	AUTO(z) = bytes(&zero, 1);
	uint8_t out[IKE_HASH_MAX_LEN];
	for (int h = 0; h < 2; h++) {
		IkeHash hash = h == 0 ? IKE_HASH_SHA1 : IKE_HASH_SHA256;
		size_t n = ike_hash_len(hash);
		assert_true(ikev1_qm_hash1(hash, ska, 0x01020304, payloads->data, payloads->len, out, &error));
		AUTO(h1) = ref_prf(hash, ska->data, ska->len, m, payloads, NULL);
		assert_same("QM HASH(1)", out, n, h1);
		assert_true(ikev1_info_hash(hash, ska, 0x01020304, payloads->data, payloads->len, out, &error));
		assert_same("Informational HASH(1)", out, n, h1);
		assert_true(ikev1_qm_hash2(hash, ska, 0x01020304, ni->data, ni->len, payloads->data,
		    payloads->len, out, &error));
		AUTO(h2) = ref_prf(hash, ska->data, ska->len, m, ni, payloads, NULL);
		assert_same("QM HASH(2)", out, n, h2);
		assert_true(ikev1_qm_hash3(hash, ska, 0x01020304, ni->data, ni->len, nr->data, nr->len, out,
		    &error));
		AUTO(h3) = ref_prf(hash, ska->data, ska->len, z, m, ni, nr, NULL);
		assert_same("QM HASH(3)", out, n, h3);
	}
}

static void
test_keymat(void **state)
{
	(void)state;
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secSecret) skd = hex_secret("369e5aad1bdb5faf6a3d929d500cdc236710a9ab");
	g_autoptr(L2secSecret) pfs = hex_secret("cafebabecafebabecafebabecafebabe");
	AUTO(ni) = hex("0123456789abcdef0123456789abcdef");
	AUTO(nr) = hex("fedcba9876543210fedcba9876543210");
	uint8_t proto = 3; /* PROTO_IPSEC_ESP */
	AUTO(p) = bytes(&proto, 1);
	AUTO(spi) = be32(0xc0ffee01);
	AUTO(g) = bytes(pfs->data, pfs->len);
	/* AES-128-CBC + HMAC-SHA1: 16 + 20 = 36 bytes, two SHA-1 blocks */
	g_autoptr(L2secSecret) km = NULL;
	assert_true(ikev1_keymat(IKE_HASH_SHA1, skd, NULL, proto, 0xc0ffee01, ni->data, ni->len,
	    nr->data, nr->len, 36, &km, &error));
	AUTO(k1) = ref_prf(IKE_HASH_SHA1, skd->data, skd->len, p, spi, ni, nr, NULL);
	AUTO(k2) = ref_prf(IKE_HASH_SHA1, skd->data, skd->len, k1, p, spi, ni, nr, NULL);
	AUTO(want) = bytes(k1->data, k1->len);
	g_byte_array_append(want, k2->data, 16);
	assert_same("KEYMAT (no PFS)", km->data, km->len, want);
	/* with PFS: g(qm)^xy goes before the protocol */
	g_autoptr(L2secSecret) kp = NULL;
	assert_true(ikev1_keymat(IKE_HASH_SHA1, skd, pfs, proto, 0xc0ffee01, ni->data, ni->len,
	    nr->data, nr->len, 36, &kp, &error));
	AUTO(p1) = ref_prf(IKE_HASH_SHA1, skd->data, skd->len, g, p, spi, ni, nr, NULL);
	AUTO(p2) = ref_prf(IKE_HASH_SHA1, skd->data, skd->len, p1, g, p, spi, ni, nr, NULL);
	AUTO(wantp) = bytes(p1->data, p1->len);
	g_byte_array_append(wantp, p2->data, 16);
	assert_same("KEYMAT (PFS)", kp->data, kp->len, wantp);
	/* the other direction's SPI gives other keys */
	g_autoptr(L2secSecret) ko = NULL;
	assert_true(ikev1_keymat(IKE_HASH_SHA1, skd, NULL, proto, 0xc0ffee02, ni->data, ni->len,
	    nr->data, nr->len, 36, &ko, &error));
	assert_false(l2sec_secret_equal(km, ko));
	/* a prefix of a longer KEYMAT is the shorter one: AES-256-GCM key+salt (36) vs 3 blocks */
	g_autoptr(L2secSecret) kl = NULL;
	assert_true(ikev1_keymat(IKE_HASH_SHA1, skd, NULL, proto, 0xc0ffee01, ni->data, ni->len,
	    nr->data, nr->len, 60, &kl, &error));
	assert_int_equal(kl->len, 60);
	assert_memory_equal(kl->data, km->data, 36);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cavp),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_derive_sha256),
		cmocka_unit_test(test_ivs),
		cmocka_unit_test(test_main_mode_hash),
		cmocka_unit_test(test_phase2_hashes),
		cmocka_unit_test(test_keymat),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
