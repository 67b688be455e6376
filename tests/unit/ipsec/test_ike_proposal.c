/*
 * Unit tests for ipsec/ike_proposal.c: the proposal language as a table of
 * inputs and their canonical rendering or error, the attribute and XFRM values
 * of each algorithm (RFC 2409 App. A, RFC 2407, RFC 4106, RFC 4868), the
 * keywords, and the self-test.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ipsec/ike_error.h"
#include "ipsec/ike_proposal.h"

#define IKE_DEFAULT                                                                                \
	"aes256-sha256-modp2048,aes256-sha256-ecp256,aes256-sha1-modp2048,aes256-sha1-ecp256,"     \
	"aes128-sha256-modp2048,aes128-sha256-ecp256,aes128-sha1-modp2048,aes128-sha1-ecp256"
#define IKE_LEGACY                                                                                 \
	IKE_DEFAULT ",aes256-sha1-modp1536,aes128-sha1-modp1536,aes256-sha1-modp1024,"              \
		    "aes128-sha1-modp1024,3des-sha1-modp2048,3des-sha1-modp1536,3des-sha1-modp1024"
#define ESP_DEFAULT "aes256gcm16,aes128gcm16,aes256-sha1,aes256-sha256,aes128-sha1,aes128-sha256"

static const struct parse_case {
	const char *name;
	bool esp;
	const char *text;
	const char *canonical; /* NULL: must fail */
	int code;
	const char *error;
} parse_cases[] = {
	{ "IKE default", false, "default", IKE_DEFAULT, 0, NULL },
	{ "IKE NULL is default", false, NULL, IKE_DEFAULT, 0, NULL },
	{ "IKE legacy", false, "legacy", IKE_LEGACY, 0, NULL },
	{ "IKE default then legacy, deduplicated", false, "default, legacy", IKE_LEGACY, 0, NULL },
	{ "IKE one", false, "aes256-sha256-modp2048", "aes256-sha256-modp2048", 0, NULL },
	{ "IKE aliases and case", false, "AES-SHA-X25519,aes192-sha2_512-curve25519",
	    "aes128-sha1-curve25519,aes192-sha512-curve25519", 0, NULL },
	{ "IKE every combination", false, "aes256-aes128-sha256-sha1-ecp384",
	    "aes256-sha256-ecp384,aes256-sha1-ecp384,aes128-sha256-ecp384,aes128-sha1-ecp384", 0, NULL },
	{ "IKE explicit md5 and modp1024", false, "3des-md5-modp1024", "3des-md5-modp1024", 0, NULL },
	{ "IKE keyword and explicit", false, "aes128-sha1-modp1024,default",
	    "aes128-sha1-modp1024," IKE_DEFAULT, 0, NULL },
	{ "IKE misspelt integrity", false, "aes256-sha265-modp2048", NULL, L2SEC_IKE_ERROR_INVALID,
	    "ike-proposals: 'aes256-sha265-modp2048': unknown integrity algorithm 'sha265' at "
	    "character 8, did you mean 'sha256'?" },
	{ "IKE misspelt group, second item", false, "default,aes128-sha1-modp2084", NULL,
	    L2SEC_IKE_ERROR_INVALID,
	    "'aes128-sha1-modp2084': unknown DH group 'modp2084' at character 21, did you mean "
	    "'modp2048'?" },
	{ "IKE unknown cipher, no suggestion", false, "blowfish-sha1-modp2048", NULL,
	    L2SEC_IKE_ERROR_INVALID, "unknown encryption algorithm 'blowfish' at character 1" },
	{ "IKE no group", false, "aes256-sha1", NULL, L2SEC_IKE_ERROR_INVALID, "no DH group" },
	{ "IKE no integrity", false, "aes256-modp2048", NULL, L2SEC_IKE_ERROR_INVALID,
	    "no integrity algorithm" },
	{ "IKE GCM", false, "aes128gcm16-modp2048", NULL, L2SEC_IKE_ERROR_UNSUPPORTED,
	    "IKEv1 has no AEAD ciphers for phase 1" },
	{ "IKE wrong order", false, "sha1-aes128-modp2048", NULL, L2SEC_IKE_ERROR_INVALID,
	    "encryption algorithm 'aes128' at character 6 comes after the integrity algorithm" },
	{ "IKE empty item", false, "default,,legacy", NULL, L2SEC_IKE_ERROR_INVALID,
	    "ike-proposals: empty proposal at character 9" },
	{ "IKE empty", false, "", NULL, L2SEC_IKE_ERROR_INVALID, "empty proposal at character 1" },
	{ "IKE empty name", false, "aes128--modp2048", NULL, L2SEC_IKE_ERROR_INVALID,
	    "empty algorithm name at character 8" },
	{ "IKE trailing dash", false, "aes128-sha1-", NULL, L2SEC_IKE_ERROR_INVALID,
	    "empty algorithm name at character 13" },
	{ "ESP default", true, "default", ESP_DEFAULT, 0, NULL },
	{ "ESP legacy", true, "legacy", ESP_DEFAULT ",3des-sha1", 0, NULL },
	{ "ESP PFS", true, "aes256-sha1-modp2048,aes128gcm16-ecp256",
	    "aes256-sha1-modp2048,aes128gcm16-ecp256", 0, NULL },
	{ "ESP gcm128 alias", true, "aes256gcm128", "aes256gcm16", 0, NULL },
	{ "ESP every combination", true, "aes128-aes256-sha256-sha512",
	    "aes128-sha256,aes128-sha512,aes256-sha256,aes256-sha512", 0, NULL },
	{ "ESP GCM with integrity", true, "aes128gcm16-sha1", NULL, L2SEC_IKE_ERROR_INVALID,
	    "esp-proposals: 'aes128gcm16-sha1': AES-GCM protects integrity itself; drop 'sha1'" },
	{ "ESP CBC without integrity", true, "aes256", NULL, L2SEC_IKE_ERROR_INVALID,
	    "no integrity algorithm" },
	{ "ESP mixed AEAD", true, "aes128gcm16-aes128-sha1", NULL, L2SEC_IKE_ERROR_INVALID,
	    "mixes AES-GCM with CBC ciphers" },
	{ "ESP misspelt GCM", true, "aes128gmc16", NULL, L2SEC_IKE_ERROR_INVALID,
	    "unknown encryption algorithm 'aes128gmc16' at character 1, did you mean 'aes128gcm16'?" },
	{ "ESP too many", true,
	    "aes128-aes192-aes256-3des-md5-sha1-sha256-sha384-sha512-modp1024-modp1536-modp2048-ecp256-"
	    "ecp384",
	    NULL, L2SEC_IKE_ERROR_INVALID, "too many proposals (at most 64)" },
};

static void
test_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(parse_cases); i++) {
		const struct parse_case *c = &parse_cases[i];
		g_autoptr(GError) error = NULL;
		g_autoptr(GPtrArray) list = NULL;
		bool ok = c->esp ? ike_proposal_parse_esp(c->text, &list, &error)
				 : ike_proposal_parse_ike(c->text, &list, &error);
		if (ok != (c->canonical != NULL))
			fail_msg("%s: returned %d (%s)", c->name, ok, error ? error->message : "no error");
		if (ok) {
			g_autofree char *s = c->esp ? ike_proposal_esp_list_to_string(list)
						    : ike_proposal_ike_list_to_string(list);
			if (strcmp(s, c->canonical) != 0)
				fail_msg("%s: got %s, expected %s", c->name, s, c->canonical);
			/* the canonical form parses back to itself */
			g_autoptr(GPtrArray) again = NULL;
			assert_true(c->esp ? ike_proposal_parse_esp(s, &again, &error)
					   : ike_proposal_parse_ike(s, &again, &error));
			assert_int_equal(again->len, list->len);
		} else {
			assert_null(list);
			if (!g_error_matches(error, L2SEC_IKE_ERROR, c->code) ||
			    strstr(error->message, c->error) == NULL)
				fail_msg("%s: error '%s', expected '%s'", c->name, error->message, c->error);
		}
	}
}

/* RFC 2409 App. A values for the wire. */
static void
test_ike_attributes(void **state)
{
	(void)state;
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) list = NULL;
	assert_true(ike_proposal_parse_ike("aes256-sha256-modp2048,3des-md5-modp1024,"
					   "aes128-sha384-ecp256,aes192-sha512-ecp384,aes128-sha1-x25519",
	    &list, &error));
	static const IkeProposal want[] = {
		{ 7, 256, 4, 14 },
		{ 5, 0, 1, 2 },
		{ 7, 128, 5, 19 },
		{ 7, 192, 6, 20 },
		{ 7, 128, 2, 31 },
	};
	assert_int_equal(list->len, G_N_ELEMENTS(want));
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		const IkeProposal *p = g_ptr_array_index(list, i);
		if (p->encr != want[i].encr || p->key_bits != want[i].key_bits ||
		    p->hash != want[i].hash || p->group != want[i].group)
			fail_msg("IKE proposal %zu: %u/%u/%u/%u", i, p->encr, p->key_bits, p->hash,
			    p->group);
	}
	assert_int_equal(IKE_AUTH_PSK, 1);
}

/* RFC 2407 §4.4.4/§4.5, RFC 4106 §8, RFC 4868 §2.4, and the Linux XFRM names. */
static void
test_esp_attributes(void **state)
{
	(void)state;
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) list = NULL;
	assert_true(ike_proposal_parse_esp("aes256-sha1,aes128gcm16,aes128-sha256,3des-sha1,"
					   "aes192-sha384-modp2048,aes256-sha512,aes256gcm16,aes128-md5",
	    &list, &error));
	static const struct {
		EspTransform transform;
		unsigned key_bits;
		EspAuth auth;
		IkeDhGroup pfs;
		const char *enc;
		unsigned enc_bits, icv_bits;
		const char *auth_name;
		unsigned auth_bits, trunc_bits;
		size_t keymat;
	} want[] = {
		{ 12, 256, 2, 0, "cbc(aes)", 256, 0, "hmac(sha1)", 160, 96, 32 + 20 },
		{ 20, 128, 0, 0, "rfc4106(gcm(aes))", 160, 128, NULL, 0, 0, 16 + 4 },
		{ 12, 128, 5, 0, "cbc(aes)", 128, 0, "hmac(sha256)", 256, 128, 16 + 32 },
		{ 3, 0, 2, 0, "cbc(des3_ede)", 192, 0, "hmac(sha1)", 160, 96, 24 + 20 },
		{ 12, 192, 6, 14, "cbc(aes)", 192, 0, "hmac(sha384)", 384, 192, 24 + 48 },
		{ 12, 256, 7, 0, "cbc(aes)", 256, 0, "hmac(sha512)", 512, 256, 32 + 64 },
		{ 20, 256, 0, 0, "rfc4106(gcm(aes))", 288, 128, NULL, 0, 0, 32 + 4 },
		{ 12, 128, 1, 0, "cbc(aes)", 128, 0, "hmac(md5)", 128, 96, 16 + 16 },
	};
	assert_int_equal(list->len, G_N_ELEMENTS(want));
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		const EspProposal *p = g_ptr_array_index(list, i);
		g_autofree char *name = ike_proposal_esp_to_string(p);
		if (p->transform != want[i].transform || p->key_bits != want[i].key_bits ||
		    p->auth != want[i].auth || p->pfs_group != want[i].pfs ||
		    strcmp(p->xfrm_enc, want[i].enc) != 0 || p->xfrm_enc_key_bits != want[i].enc_bits ||
		    p->xfrm_icv_bits != want[i].icv_bits ||
		    g_strcmp0(p->xfrm_auth, want[i].auth_name) != 0 ||
		    p->xfrm_auth_key_bits != want[i].auth_bits ||
		    p->xfrm_auth_trunc_bits != want[i].trunc_bits || p->keymat_len != want[i].keymat)
			fail_msg("ESP proposal %zu (%s): values differ", i, name);
	}
}

static void
test_self_test(void **state)
{
	(void)state;
	g_autoptr(GError) error = NULL;
	/* this build's OpenSSL must pass every KAT: default and legacy both intact */
	if (!ike_crypto_self_test(&error))
		fail_msg("self-test: %s", error->message);
	assert_true(ike_crypto_self_test(NULL)); /* cached */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_ike_attributes),
		cmocka_unit_test(test_esp_attributes),
		cmocka_unit_test(test_self_test),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
