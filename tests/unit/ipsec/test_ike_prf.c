/*
 * Unit tests for ipsec/ike_prf.c: HMAC known answers from RFC 2202 (MD5,
 * SHA-1), RFC 4231 (SHA-2, all seven cases, case 5 truncated to 128 bits as
 * the RFC prints it), RFC 4868 §2.7.1 (the PRF vectors, which are RFC 4231's)
 * and §2.7.2 (the truncated ESP authenticators), and plain hashes from
 * FIPS 180 / RFC 1321 examples.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common/hex.h"
#include "ipsec/ike_error.h"
#include "ipsec/ike_prf.h"

/*
 * Vector fields: "hex digits", "'ASCII text'", or "xx*N" for byte xx N times.
 */
static GByteArray *
field(const char *spec)
{
	GByteArray *out = NULL;
	const char *star = strchr(spec, '*');
	if (spec[0] == '\'') {
		out = g_byte_array_new();
		g_byte_array_append(out, (const guint8 *)spec + 1, strlen(spec) - 2);
	} else if (star != NULL) {
		guint8 b = (guint8)strtoul(spec, NULL, 16);
		size_t n = strtoul(star + 1, NULL, 10);
		out = g_byte_array_new();
		for (size_t i = 0; i < n; i++)
			g_byte_array_append(out, &b, 1);
	} else {
		g_autoptr(GError) error = NULL;
		if (!l2sec_hex_decode(spec, &out, &error))
			fail_msg("bad vector field '%s': %s", spec, error->message);
	}
	return out;
}

static const struct hmac_case {
	const char *name;
	IkeHash hash;
	const char *key, *data;
	const char *mac; /* may be a prefix of the output (RFC 4231 case 5) */
} hmac_cases[] = {
	/* RFC 2202 §2 */
	{ "RFC 2202 HMAC-MD5 test case 1", IKE_HASH_MD5, "0b*16", "'Hi There'",
	    "9294727a3638bb1c13f48ef8158bfc9d" },
	{ "RFC 2202 HMAC-MD5 test case 2", IKE_HASH_MD5, "'Jefe'", "'what do ya want for nothing?'",
	    "750c783e6ab0b503eaa86e310a5db738" },
	/* RFC 2202 §3 */
	{ "RFC 2202 HMAC-SHA-1 test case 1", IKE_HASH_SHA1, "0b*20", "'Hi There'",
	    "b617318655057264e28bc0b6fb378c8ef146be00" },
	{ "RFC 2202 HMAC-SHA-1 test case 2", IKE_HASH_SHA1, "'Jefe'", "'what do ya want for nothing?'",
	    "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79" },
	{ "RFC 2202 HMAC-SHA-1 test case 3", IKE_HASH_SHA1, "aa*20", "dd*50",
	    "125d7342b9ac11cd91a39af48aa17b4f63f175d3" },
	{ "RFC 2202 HMAC-SHA-1 test case 4", IKE_HASH_SHA1, "0102030405060708090a0b0c0d0e0f10111213141516171819",
	    "cd*50", "4c9007f4026250c6bc8414f9bf50c86c2d7235da" },
	{ "RFC 2202 HMAC-SHA-1 test case 6", IKE_HASH_SHA1, "aa*80",
	    "'Test Using Larger Than Block-Size Key - Hash Key First'",
	    "aa4ae5e15272d00e95705637ce8a3b55ed402112" },
	{ "RFC 2202 HMAC-SHA-1 test case 7", IKE_HASH_SHA1, "aa*80",
	    "'Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data'",
	    "e8e99d0f45237d786d6bbaa7965c7808bbff1a91" },
	/* RFC 4231 §4.2–4.8 (= RFC 4868 §2.7.1 PRF vectors) */
	{ "RFC 4231 test case 1 SHA-256", IKE_HASH_SHA256, "0b*20", "'Hi There'",
	    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
	{ "RFC 4231 test case 1 SHA-384", IKE_HASH_SHA384, "0b*20", "'Hi There'",
	    "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
	    "faea9ea9076ede7f4af152e8b2fa9cb6" },
	{ "RFC 4231 test case 1 SHA-512", IKE_HASH_SHA512, "0b*20", "'Hi There'",
	    "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
	    "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854" },
	{ "RFC 4231 test case 2 SHA-256", IKE_HASH_SHA256, "'Jefe'", "'what do ya want for nothing?'",
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
	{ "RFC 4231 test case 2 SHA-384", IKE_HASH_SHA384, "'Jefe'", "'what do ya want for nothing?'",
	    "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
	    "8e2240ca5e69e2c78b3239ecfab21649" },
	{ "RFC 4231 test case 2 SHA-512", IKE_HASH_SHA512, "'Jefe'", "'what do ya want for nothing?'",
	    "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
	    "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737" },
	{ "RFC 4231 test case 3 SHA-256", IKE_HASH_SHA256, "aa*20", "dd*50",
	    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe" },
	{ "RFC 4231 test case 3 SHA-384", IKE_HASH_SHA384, "aa*20", "dd*50",
	    "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b"
	    "2a5ab39dc13814b94e3ab6e101a34f27" },
	{ "RFC 4231 test case 3 SHA-512", IKE_HASH_SHA512, "aa*20", "dd*50",
	    "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
	    "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb" },
	{ "RFC 4231 test case 4 SHA-256", IKE_HASH_SHA256,
	    "0102030405060708090a0b0c0d0e0f10111213141516171819", "cd*50",
	    "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b" },
	{ "RFC 4231 test case 4 SHA-384", IKE_HASH_SHA384,
	    "0102030405060708090a0b0c0d0e0f10111213141516171819", "cd*50",
	    "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e"
	    "6801dd23c4a7d679ccf8a386c674cffb" },
	{ "RFC 4231 test case 4 SHA-512", IKE_HASH_SHA512,
	    "0102030405060708090a0b0c0d0e0f10111213141516171819", "cd*50",
	    "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
	    "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd" },
	{ "RFC 4231 test case 5 SHA-256 (truncated to 128 bits)", IKE_HASH_SHA256, "0c*20",
	    "'Test With Truncation'", "a3b6167473100ee06e0c796c2955552b" },
	{ "RFC 4231 test case 5 SHA-384 (truncated to 128 bits)", IKE_HASH_SHA384, "0c*20",
	    "'Test With Truncation'", "3abf34c3503b2a23a46efc619baef897" },
	{ "RFC 4231 test case 5 SHA-512 (truncated to 128 bits)", IKE_HASH_SHA512, "0c*20",
	    "'Test With Truncation'", "415fad6271580a531d4179bc891d87a6" },
	{ "RFC 4231 test case 6 SHA-256", IKE_HASH_SHA256, "aa*131",
	    "'Test Using Larger Than Block-Size Key - Hash Key First'",
	    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
	{ "RFC 4231 test case 6 SHA-384", IKE_HASH_SHA384, "aa*131",
	    "'Test Using Larger Than Block-Size Key - Hash Key First'",
	    "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
	    "0c2ef6ab4030fe8296248df163f44952" },
	{ "RFC 4231 test case 6 SHA-512", IKE_HASH_SHA512, "aa*131",
	    "'Test Using Larger Than Block-Size Key - Hash Key First'",
	    "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
	    "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598" },
	{ "RFC 4231 test case 7 SHA-256", IKE_HASH_SHA256, "aa*131",
	    "'This is a test using a larger than block-size key and a larger than block-size data."
	    " The key needs to be hashed before being used by the HMAC algorithm.'",
	    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2" },
	{ "RFC 4231 test case 7 SHA-384", IKE_HASH_SHA384, "aa*131",
	    "'This is a test using a larger than block-size key and a larger than block-size data."
	    " The key needs to be hashed before being used by the HMAC algorithm.'",
	    "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5"
	    "a678cc31e799176d3860e6110c46523e" },
	{ "RFC 4231 test case 7 SHA-512", IKE_HASH_SHA512, "aa*131",
	    "'This is a test using a larger than block-size key and a larger than block-size data."
	    " The key needs to be hashed before being used by the HMAC algorithm.'",
	    "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
	    "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58" },
};

static void
test_hmac_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(hmac_cases); i++) {
		const struct hmac_case *c = &hmac_cases[i];
		g_autoptr(GByteArray) key = field(c->key);
		g_autoptr(GByteArray) data = field(c->data);
		g_autoptr(GByteArray) want = field(c->mac);
		g_autoptr(GError) error = NULL;
		uint8_t out[IKE_HASH_MAX_LEN];
		if (!ike_prf(c->hash, key->data, key->len, data->data, data->len, out, &error))
			fail_msg("%s: %s", c->name, error->message);
		if (want->len > ike_hash_len(c->hash) || memcmp(out, want->data, want->len) != 0) {
			g_autofree char *got = l2sec_hex_encode(out, ike_hash_len(c->hash));
			fail_msg("%s: got %s, expected %s", c->name, got, c->mac);
		}
		/* the same value fed in pieces, one byte at a time */
		g_autoptr(IkePrf) prf = ike_prf_new(c->hash, key->data, key->len, &error);
		assert_non_null(prf);
		for (size_t j = 0; j < data->len; j++)
			ike_prf_update(prf, data->data + j, 1);
		uint8_t out2[IKE_HASH_MAX_LEN];
		if (!ike_prf_final(prf, out2, &error))
			fail_msg("%s (streamed): %s", c->name, error->message);
		if (memcmp(out, out2, ike_hash_len(c->hash)) != 0)
			fail_msg("%s: streamed output differs", c->name);
	}
}

/* RFC 4868 §2.7.2: ESP authenticators with full-length keys, truncated to half. */
static const struct icv_case {
	const char *name;
	IkeHash hash;
	const char *key, *data, *icv;
} icv_cases[] = {
	{ "RFC 2404 HMAC-SHA-1-96 (RFC 2202 case 1)", IKE_HASH_SHA1, "0b*20", "'Hi There'",
	    "b617318655057264e28bc0b6" },
	{ "RFC 2403 HMAC-MD5-96 (RFC 2202 case 1)", IKE_HASH_MD5, "0b*16", "'Hi There'",
	    "9294727a3638bb1c13f48ef8" },
	{ "RFC 4868 §2.7.2.1 AUTH256-1", IKE_HASH_SHA256, "0b*32", "'Hi There'",
	    "198a607eb44bfbc69903a0f1cf2bbdc5" },
	{ "RFC 4868 §2.7.2.1 AUTH256-2", IKE_HASH_SHA256, "'JefeJefeJefeJefeJefeJefeJefeJefe'",
	    "'what do ya want for nothing?'", "167f928588c5cc2eef8e3093caa0e87c" },
	{ "RFC 4868 §2.7.2.1 AUTH256-3", IKE_HASH_SHA256, "aa*32", "dd*50",
	    "cdcb1220d1ecccea91e53aba3092f962" },
	{ "RFC 4868 §2.7.2.2 AUTH384-1", IKE_HASH_SHA384, "0b*48", "'Hi There'",
	    "b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973" },
	{ "RFC 4868 §2.7.2.2 AUTH384-2", IKE_HASH_SHA384,
	    "'JefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefe'", "'what do ya want for nothing?'",
	    "2c7353974f1842fd66d53c452ca42122b28c0b594cfb184d" },
	{ "RFC 4868 §2.7.2.2 AUTH384-3", IKE_HASH_SHA384, "aa*48", "dd*50",
	    "809f439be00274321d4a538652164b53554a508184a0c316" },
	{ "RFC 4868 §2.7.2.3 AUTH512-1", IKE_HASH_SHA512, "0b*64", "'Hi There'",
	    "637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8" },
	{ "RFC 4868 §2.7.2.3 AUTH512-2", IKE_HASH_SHA512,
	    "'JefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefe'",
	    "'what do ya want for nothing?'",
	    "cb370917ae8a7ce28cfd1d8f4705d6141c173b2a9362c15df235dfb251b15454" },
	{ "RFC 4868 §2.7.2.3 AUTH512-3", IKE_HASH_SHA512, "aa*64", "dd*50",
	    "2ee7acd783624ca9398710f3ee05ae41b9f9b0510c87e49e586cc9bf961733d8" },
};

static void
test_esp_icv_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(icv_cases); i++) {
		const struct icv_case *c = &icv_cases[i];
		g_autoptr(GByteArray) key = field(c->key);
		g_autoptr(GByteArray) data = field(c->data);
		g_autoptr(GByteArray) want = field(c->icv);
		g_autoptr(GError) error = NULL;
		uint8_t out[IKE_HASH_MAX_LEN];
		if (want->len != ike_esp_auth_icv_len(c->hash))
			fail_msg("%s: ICV length %u, table says %zu", c->name, want->len,
			    ike_esp_auth_icv_len(c->hash));
		if (key->len != ike_esp_auth_key_len(c->hash))
			fail_msg("%s: key length %u, table says %zu", c->name, key->len,
			    ike_esp_auth_key_len(c->hash));
		if (!ike_esp_auth_icv(c->hash, key->data, key->len, data->data, data->len, out, &error))
			fail_msg("%s: %s", c->name, error->message);
		if (memcmp(out, want->data, want->len) != 0)
			fail_msg("%s: ICV differs", c->name);
	}
}

static const struct hash_case {
	const char *name;
	IkeHash hash;
	const char *a, *b, *digest;
} hash_cases[] = {
	{ "RFC 1321 MD5(\"abc\")", IKE_HASH_MD5, "'ab'", "'c'", "900150983cd24fb0d6963f7d28e17f72" },
	{ "FIPS 180-2 App. A.1 SHA-1(\"abc\")", IKE_HASH_SHA1, "'a'", "'bc'",
	    "a9993e364706816aba3e25717850c26c9cd0d89d" },
	{ "FIPS 180-2 App. B.1 SHA-256(\"abc\")", IKE_HASH_SHA256, "'abc'", "''",
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "FIPS 180-2 App. D.1 SHA-384(\"abc\")", IKE_HASH_SHA384, "''", "'abc'",
	    "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
	    "8086072ba1e7cc2358baeca134c825a7" },
	{ "FIPS 180-2 App. C.1 SHA-512(\"abc\")", IKE_HASH_SHA512, "'ab'", "'c'",
	    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
	    "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f" },
};

static void
test_hash_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(hash_cases); i++) {
		const struct hash_case *c = &hash_cases[i];
		g_autoptr(GByteArray) a = field(c->a);
		g_autoptr(GByteArray) b = field(c->b);
		g_autoptr(GByteArray) want = field(c->digest);
		g_autoptr(GError) error = NULL;
		uint8_t out[IKE_HASH_MAX_LEN];
		if (!ike_hash_digest(c->hash, a->data, a->len, b->data, b->len, out, &error))
			fail_msg("%s: %s", c->name, error->message);
		if (want->len != ike_hash_len(c->hash) || memcmp(out, want->data, want->len) != 0)
			fail_msg("%s: digest differs", c->name);
	}
}

static void
test_unknown_hash(void **state)
{
	(void)state;
	g_autoptr(GError) error = NULL;
	uint8_t out[IKE_HASH_MAX_LEN];
	assert_false(ike_hash_known(3)); /* Tiger: RFC 2409 App. A, not supported */
	assert_false(ike_prf((IkeHash)3, "k", 1, "d", 1, out, &error));
	assert_true(g_error_matches(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_UNSUPPORTED));
	assert_non_null(strstr(error->message, "hash algorithm 3"));
	assert_string_equal(ike_hash_name(IKE_HASH_SHA256), "sha256");
	assert_int_equal(ike_hash_len((IkeHash)0), 0);
	assert_int_equal(ike_esp_auth_icv_len((IkeHash)0), 0);
}

static void
test_empty_key(void **state)
{
	(void)state;
	/* HMAC with an empty key is HMAC with a block of zeros (RFC 2104 §2) */
	g_autoptr(GError) error = NULL;
	uint8_t zero_key[64] = { 0 }, a[IKE_HASH_MAX_LEN], b[IKE_HASH_MAX_LEN];
	assert_true(ike_prf(IKE_HASH_SHA256, NULL, 0, "x", 1, a, &error));
	assert_true(ike_prf(IKE_HASH_SHA256, zero_key, sizeof(zero_key), "x", 1, b, &error));
	assert_memory_equal(a, b, 32);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hmac_vectors),
		cmocka_unit_test(test_esp_icv_vectors),
		cmocka_unit_test(test_hash_vectors),
		cmocka_unit_test(test_unknown_hash),
		cmocka_unit_test(test_empty_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
