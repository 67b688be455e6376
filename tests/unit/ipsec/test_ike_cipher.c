/*
 * Unit tests for ipsec/ike_cipher.c: AES-CBC known answers from RFC 3602 §4
 * (cases 1–4) and NIST SP 800-38A App. F.2 (CBC-AES128/192/256, whose
 * decryption vectors F.2.2/4/6 are the same numbers reversed), 3DES-CBC from
 * the NIST CAVP TDES multi-block message test (TCBCMMT3, keying option 1,
 * as carried in strongSwan's 3des_cbc.c test vectors); every case runs both
 * ways, in place and out of place. Then the rules: whole blocks, key sizes.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common/hex.h"
#include "ipsec/ike_cipher.h"
#include "ipsec/ike_error.h"

static GByteArray *
hex(const char *s)
{
	GByteArray *out = NULL;
	g_autoptr(GError) error = NULL;
	if (s[0] == '\'') {
		out = g_byte_array_new();
		g_byte_array_append(out, (const guint8 *)s + 1, strlen(s) - 2);
	} else if (!l2sec_hex_decode(s, &out, &error)) {
		fail_msg("bad hex '%s': %s", s, error->message);
	}
	return out;
}

#define SP800_38A_PLAIN \
	"6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51" \
	"30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710"

static const struct cipher_case {
	const char *name;
	IkeEncr encr;
	unsigned key_bits;
	const char *key, *iv, *plain, *cipher;
} cipher_cases[] = {
	{ "RFC 3602 §4 case 1 (AES-128-CBC, 1 block)", IKE_ENCR_AES_CBC, 128,
	    "06a9214036b8a15b512e03d534120006", "3dafba429d9eb430b422da802c9fac41",
	    "'Single block msg'", "e353779c1079aeb82708942dbe77181a" },
	{ "RFC 3602 §4 case 2 (AES-128-CBC, 2 blocks)", IKE_ENCR_AES_CBC, 128,
	    "c286696d887c9aa0611bbb3e2025a45a", "562e17996d093d28ddb3ba695a2e6f58",
	    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
	    "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1" },
	{ "RFC 3602 §4 case 3 (AES-128-CBC, 3 blocks)", IKE_ENCR_AES_CBC, 128,
	    "6c3ea0477630ce21a2ce334aa746c2cd", "c782dc4c098c66cbd9cd27d825682c81",
	    "'This is a 48-byte message (exactly 3 AES blocks)'",
	    "d0a02b3836451753d493665d33f0e8862dea54cdb293abc7506939276772f8d5"
	    "021c19216bad525c8579695d83ba2684" },
	{ "RFC 3602 §4 case 4 (AES-128-CBC, 4 blocks)", IKE_ENCR_AES_CBC, 128,
	    "56e47a38c5598974bc46903dba290349", "8ce82eefbea0da3c44699ed7db51b7d9",
	    "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
	    "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf",
	    "c30e32ffedc0774e6aff6af0869f71aa0f3af07a9a31a9c684db207eb0ef8e4e"
	    "35907aa632c3ffdf868bb7b29d3d46ad83ce9f9a102ee99d49a53e87f4c3da55" },
	{ "NIST SP 800-38A F.2.1/F.2.2 CBC-AES128", IKE_ENCR_AES_CBC, 128,
	    "2b7e151628aed2a6abf7158809cf4f3c", "000102030405060708090a0b0c0d0e0f", SP800_38A_PLAIN,
	    "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
	    "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7" },
	{ "NIST SP 800-38A F.2.3/F.2.4 CBC-AES192", IKE_ENCR_AES_CBC, 192,
	    "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b", "000102030405060708090a0b0c0d0e0f",
	    SP800_38A_PLAIN,
	    "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a"
	    "571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd" },
	{ "NIST SP 800-38A F.2.5/F.2.6 CBC-AES256", IKE_ENCR_AES_CBC, 256,
	    "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
	    "000102030405060708090a0b0c0d0e0f", SP800_38A_PLAIN,
	    "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
	    "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b" },
	{ "NIST CAVP TCBCMMT3 example 1 (3DES-CBC, 1 block)", IKE_ENCR_3DES_CBC, 192,
	    "627f460e08104a1043cd265d5840eaf1313edf97df2a8a8c", "8e29f75ea77e5475",
	    "326a494cd33fe756", "b22b8d66de970692" },
	{ "NIST CAVP TCBCMMT3 example 2 (3DES-CBC, 2 blocks)", IKE_ENCR_3DES_CBC, 0,
	    "37ae5ebf46dff2dc0754b94f31cbb3855e7fd36dc870bfae", "3d1de3cc132e3b65",
	    "84401f78fe6c10876d8ea23094ea5309", "7b1f7c7e3b1c948ebd04a75ffba7d2f5" },
};

static void
test_cipher_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(cipher_cases); i++) {
		const struct cipher_case *c = &cipher_cases[i];
		g_autoptr(GByteArray) k = hex(c->key);
		g_autoptr(GByteArray) iv = hex(c->iv);
		g_autoptr(GByteArray) plain = hex(c->plain);
		g_autoptr(GByteArray) want = hex(c->cipher);
		g_autoptr(L2secSecret) key = l2sec_secret_new(k->data, k->len);
		g_autoptr(GError) error = NULL;
		g_autofree uint8_t *out = g_malloc(plain->len);

		if (!ike_cipher_check(c->encr, c->key_bits, &error))
			fail_msg("%s: %s", c->name, error->message);
		if (ike_cipher_key_len(c->encr, c->key_bits) != k->len ||
		    ike_cipher_block_size(c->encr) != iv->len)
			fail_msg("%s: key or block size from the table is wrong", c->name);
		if (want->len != plain->len)
			fail_msg("%s: vector lengths differ", c->name);
		if (!ike_cipher_encrypt(c->encr, key, iv->data, plain->data, plain->len, out, &error))
			fail_msg("%s: encrypt: %s", c->name, error->message);
		if (memcmp(out, want->data, want->len) != 0) {
			g_autofree char *got = l2sec_hex_encode(out, plain->len);
			fail_msg("%s: encrypt gave %s", c->name, got);
		}
		/* decrypt in place */
		if (!ike_cipher_decrypt(c->encr, key, iv->data, out, plain->len, out, &error))
			fail_msg("%s: decrypt: %s", c->name, error->message);
		if (memcmp(out, plain->data, plain->len) != 0)
			fail_msg("%s: decrypt did not give the plaintext back", c->name);
	}
}

static void
test_cipher_rules(void **state)
{
	(void)state;
	uint8_t iv[16] = { 0 }, buf[32] = { 0 };
	g_autoptr(L2secSecret) k16 = l2sec_secret_new_zero(16);
	g_autoptr(L2secSecret) k20 = l2sec_secret_new_zero(20);
	struct {
		const char *name;
		IkeEncr encr;
		const L2secSecret *key;
		size_t len;
		int code;
		const char *msg;
	} bad[] = {
		{ "partial block", IKE_ENCR_AES_CBC, k16, 17, L2SEC_IKE_ERROR_INVALID,
		    "17 bytes are not a whole number of 16-byte blocks" },
		{ "wrong key size", IKE_ENCR_AES_CBC, k20, 16, L2SEC_IKE_ERROR_INVALID,
		    "a 20-byte key does not fit" },
		{ "3DES with a 16-byte key", IKE_ENCR_3DES_CBC, k16, 16, L2SEC_IKE_ERROR_INVALID,
		    "3DES-CBC: a 16-byte key" },
		{ "DES (1) is not supported", (IkeEncr)1, k16, 16, L2SEC_IKE_ERROR_UNSUPPORTED,
		    "algorithm 1 is not supported" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) error = NULL;
		if (ike_cipher_encrypt(bad[i].encr, bad[i].key, iv, buf, bad[i].len, buf, &error))
			fail_msg("%s: accepted", bad[i].name);
		if (!g_error_matches(error, L2SEC_IKE_ERROR, bad[i].code) ||
		    strstr(error->message, bad[i].msg) == NULL)
			fail_msg("%s: error '%s'", bad[i].name, error->message);
	}
	g_autoptr(GError) error = NULL;
	assert_false(ike_cipher_check(IKE_ENCR_AES_CBC, 0, &error));
	assert_non_null(strstr(error->message, "key length 0 bits"));
	g_clear_error(&error);
	assert_false(ike_cipher_check(IKE_ENCR_AES_CBC, 512, &error));
	g_clear_error(&error);
	assert_false(ike_cipher_check(6, 128, &error)); /* CAST */
	assert_int_equal(ike_cipher_block_size(IKE_ENCR_3DES_CBC), 8);
	assert_int_equal(ike_cipher_key_len(IKE_ENCR_3DES_CBC, 0), 24);
	assert_string_equal(ike_cipher_name(IKE_ENCR_AES_CBC, 256), "aes256");
	assert_string_equal(ike_cipher_name(IKE_ENCR_3DES_CBC, 0), "3des");
	/* zero bytes is a whole number of blocks */
	assert_true(ike_cipher_encrypt(IKE_ENCR_AES_CBC, k16, iv, buf, 0, buf, &error));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cipher_vectors),
		cmocka_unit_test(test_cipher_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
