/*
 * Unit tests for ipsec/ikev1_crypt.c: an encrypted message is the header
 * (E flag set, Next Payload and length filled in) followed by the zero-padded
 * body CBC-encrypted with the given IV, checked against ike_cipher directly;
 * the next IV is the last ciphertext block (RFC 2409 §5.3, App. B);
 * decryption inverts it; a ciphertext that is not whole blocks is MALFORMED
 * at byte 28. For AES-256 (16-byte blocks) and 3DES (8-byte blocks).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ipsec/ikev1_codec.h"
#include "ipsec/ikev1_crypt.h"

static const struct crypt_case {
	const char *name;
	IkeEncr encr;
	unsigned key_bits;
	size_t body_len, want_ct_len;
} crypt_cases[] = {
    {"AES-256, 37-byte body padded to 48", IKE_ENCR_AES_CBC, 256, 37, 48},
    {"AES-256, 32-byte body: no padding", IKE_ENCR_AES_CBC, 256, 32, 32},
    {"AES-128, empty body: one block", IKE_ENCR_AES_CBC, 128, 0, 16},
    {"3DES, 13-byte body padded to 16", IKE_ENCR_3DES_CBC, 0, 13, 16},
};

static void
test_roundtrip(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(crypt_cases); i++) {
		const struct crypt_case *c = &crypt_cases[i];
		IkeV1Keys keys = {.encr = c->encr,
		    .key_bits = c->key_bits,
		    .block_size = ike_cipher_block_size(c->encr)};
		size_t klen = ike_cipher_key_len(c->encr, c->key_bits);
		g_autofree uint8_t *kb = g_malloc(klen);
		for (size_t k = 0; k < klen; k++)
			kb[k] = (uint8_t)(k * 7 + 1);
		keys.enc_key = l2sec_secret_new(kb, klen);
		uint8_t iv[16], next[16], next2[16], hdr[28] = {0}, body[64];
		for (size_t k = 0; k < sizeof(iv); k++)
			iv[k] = (uint8_t)(0xa0 + k);
		for (size_t k = 0; k < sizeof(body); k++)
			body[k] = (uint8_t)k;
		hdr[17] = 0x10;
		hdr[18] = ISAKMP_EXCH_MAIN;
		g_autoptr(GByteArray) w = g_byte_array_new();
		g_autoptr(GError) error = NULL;
		if (!ikev1_crypt_encrypt_message(
			&keys, iv, hdr, ISAKMP_PAYLOAD_ID, body, c->body_len, w, next, &error))
			fail_msg("%s: %s", c->name, error->message);
		if (w->len != 28 + c->want_ct_len)
			fail_msg("%s: %u bytes", c->name, w->len);
		assert_int_equal(w->data[16], ISAKMP_PAYLOAD_ID);
		assert_int_equal(w->data[19] & ISAKMP_FLAG_ENCRYPTION, ISAKMP_FLAG_ENCRYPTION);
		assert_int_equal(((size_t)w->data[26] << 8) | w->data[27], w->len);
		/* the same CBC over the zero-padded body, done directly */
		g_autofree uint8_t *padded = g_malloc0(c->want_ct_len);
		memcpy(padded, body, c->body_len);
		g_autofree uint8_t *ct = g_malloc(c->want_ct_len);
		assert_true(ike_cipher_encrypt(
		    c->encr, keys.enc_key, iv, padded, c->want_ct_len, ct, NULL));
		assert_memory_equal(w->data + 28, ct, c->want_ct_len);
		assert_memory_equal(next, ct + c->want_ct_len - keys.block_size, keys.block_size);
		g_autofree uint8_t *plain =
		    ikev1_crypt_decrypt(&keys, iv, w->data + 28, c->want_ct_len, next2, &error);
		assert_non_null(plain);
		assert_memory_equal(plain, padded, c->want_ct_len);
		assert_memory_equal(next2, next, keys.block_size);
		/* not whole blocks */
		g_clear_error(&error);
		assert_null(ikev1_crypt_decrypt(
		    &keys, iv, w->data + 28, c->want_ct_len - 1, next2, &error));
		assert_int_equal(error->code, L2SEC_IKE_ERROR_MALFORMED);
		assert_non_null(strstr(error->message, "byte 28"));
		l2sec_secret_free(keys.enc_key);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
