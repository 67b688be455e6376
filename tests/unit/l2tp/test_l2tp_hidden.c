/*
 * Unit tests for l2tp/l2tp_hidden.c: hidden AVPs (RFC 2661 §4.3) against an
 * independent step-by-step MD5 computation in this file, hide -> reveal round
 * trips, the errors, and Challenge Response (§4.2) known answers taken from
 * xl2tpd 1.3.18 on the wire (tests/vectors/l2tp/chal-*.bin, bad-*.bin).
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
#include "l2tp/l2tp_avp.h"
#include "l2tp/l2tp_error.h"
#include "l2tp/l2tp_hidden.h"

static GByteArray *
hex(const char *s)
{
	GByteArray *b = NULL;
	g_autoptr(GError) error = NULL;
	if (!l2sec_hex_decode(s, &b, &error))
		fail_msg("bad hex in test: %s", error->message);
	return b;
}

static void
md5_concat(const GByteArray *in, uint8_t out[16])
{
	unsigned int n = 0;
	assert_int_equal(EVP_Digest(in->data, in->len, out, &n, EVP_md5(), NULL), 1);
	assert_int_equal(n, 16);
}

/*
 * §4.3 written out independently: the subformat (length, value, zero pad),
 * b1 = MD5(type | secret | RV), bi = MD5(secret | c(i-1)), ci = pi ^ bi.
 */
static GByteArray *
expected_hidden(uint16_t type, const char *secret, const GByteArray *rv, const uint8_t *value,
    size_t len, size_t pad)
{
	GByteArray *p = g_byte_array_new();
	uint8_t l[2] = {(uint8_t)(len >> 8), (uint8_t)len};
	g_byte_array_append(p, l, 2);
	g_byte_array_append(p, value, (guint)len);
	for (size_t i = 0; i < pad; i++)
		g_byte_array_append(p, (const uint8_t *)"", 1);
	for (size_t off = 0; off < p->len; off += 16) {
		g_autoptr(GByteArray) in = g_byte_array_new();
		uint8_t b[16];
		if (off == 0) {
			uint8_t t[2] = {(uint8_t)(type >> 8), (uint8_t)type};
			g_byte_array_append(in, t, 2);
			g_byte_array_append(in, (const uint8_t *)secret, (guint)strlen(secret));
			g_byte_array_append(in, rv->data, rv->len);
		} else {
			g_byte_array_append(in, (const uint8_t *)secret, (guint)strlen(secret));
			g_byte_array_append(in, p->data + off - 16, 16); /* c(i-1), already XORed */
		}
		md5_concat(in, b);
		for (size_t i = 0; i < 16 && off + i < p->len; i++)
			p->data[off + i] ^= b[i];
	}
	return p;
}

/* clang-format off */
static const struct hidden_case {
	const char *name;
	uint16_t type;
	const char *secret;
	const char *rv_hex;
	const char *value; /* plain text value */
	size_t pad;
} hidden_cases[] = {
	{ "Assigned Session ID 27181, RV of chal-04-icrq.bin, one block", L2TP_AVP_ASSIGNED_SESSION_ID,
	    "l2tpvectors", "3924a810664585e2398a19f30ee3b954", "\x6a\x2d", 12 },
	{ "Proxy Authen Name of 40 bytes: 2 blocks and a partial one", L2TP_AVP_PROXY_AUTHEN_NAME,
	    "a longer shared secret, 35 octets!!", "00112233445566778899aabbccddeeff",
	    "alice@example.com/with/a/long/suffix/123", 0 },
	{ "Proxy Authen Response, exactly 2 blocks, 1-byte RV", L2TP_AVP_PROXY_AUTHEN_RESPONSE, "s",
	    "7f", "0123456789abcdefghijklmnopqrstu", 1 },
	{ "empty Called Number, padding only", L2TP_AVP_CALLED_NUMBER, "labsecret",
	    "a2cf34fc543959e3a5b170a07ab5b758", "", 30 },
};
/* clang-format on */

static void
test_hide_known_answers_and_reveal(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(hidden_cases); i++) {
		const struct hidden_case *c = &hidden_cases[i];
		g_autoptr(GByteArray) rv = hex(c->rv_hex);
		g_autoptr(L2secSecret) secret = l2sec_secret_new_str(c->secret);
		g_autoptr(GByteArray) got = g_byte_array_new();
		g_autoptr(GError) error = NULL;
		size_t len = strlen(c->value);
		g_autoptr(GByteArray) want =
		    expected_hidden(c->type, c->secret, rv, (const uint8_t *)c->value, len, c->pad);

		if (!l2tp_hidden_hide(
			c->type, c->value, len, c->pad, secret, rv->data, rv->len, got, &error))
			fail_msg("%s: hide: %s", c->name, error->message);
		if (got->len != want->len || memcmp(got->data, want->data, want->len) != 0)
			fail_msg("%s: hidden value differs from the step-by-step MD5", c->name);

		g_autoptr(L2secSecret) plain = NULL;
		if (!l2tp_hidden_reveal(
			c->type, 0, got->data, got->len, secret, rv->data, rv->len, &plain, &error))
			fail_msg("%s: reveal: %s", c->name, error->message);
		if (plain->len != len || memcmp(plain->data, c->value, len) != 0)
			fail_msg("%s: revealed value differs", c->name);
	}
}

static void
test_put_hidden_avp(void **state)
{
	g_autoptr(GByteArray) rv = hex("3924a810664585e2398a19f30ee3b954");
	g_autoptr(L2secSecret) secret = l2sec_secret_new_str("l2tpvectors");
	g_autoptr(GByteArray) w = g_byte_array_new();
	g_autoptr(GError) error = NULL;
	static const uint8_t sid[2] = {0x6a, 0x2d};
	WireCursor c;
	L2tpAvp a;

	assert_true(l2tp_avp_put_hidden(
	    w, L2TP_AVP_ASSIGNED_SESSION_ID, sid, 2, secret, rv->data, rv->len, &error));
	/* 6-byte header + a 16-byte subformat: 2 length + 2 value + 12 padding */
	assert_int_equal(w->len, 22);
	wire_init(&c, w->data, w->len);
	assert_true(l2tp_avp_next(&c, &a, &error));
	assert_true(a.hidden && a.mandatory);
	assert_int_equal(a.type, L2TP_AVP_ASSIGNED_SESSION_ID);
	g_autoptr(L2secSecret) plain = NULL;
	assert_true(l2tp_hidden_reveal(
	    a.type, a.at, a.value, a.value_len, secret, rv->data, rv->len, &plain, &error));
	a.value = plain->data;
	a.value_len = plain->len;
	assert_true(l2tp_avp_decode_value(&a, &error));
	assert_int_equal(a.v.u16, 27181);
}

/*
 * Whole hidden AVPs as l2tp_avp_put_hidden() writes them (and the hider of
 * the messages we send): header (M as §4.4 says, H set, length), then the
 * subformat padded to 16 bytes and hidden. The expected bytes were computed
 * with Python 3's hashlib following RFC 2661 §4.3 by hand (b1 = MD5(type |
 * secret | RV), bi = MD5(secret | c(i-1))), independently of this code.
 */
/* clang-format off */
static const struct put_case {
	const char *name;
	uint16_t type;
	const char *secret;
	const char *rv_hex;
	const char *value_hex;
	const char *avp_hex;
} put_cases[] = {
	{ "Assigned Session ID 27181 (an ICRQ's)", L2TP_AVP_ASSIGNED_SESSION_ID, "l2tpvectors",
	    "3924a810664585e2398a19f30ee3b954", "6a2d",
	    "c0160000000ee92a00e7f5eca42c2a11aee88a11cf44" },
	{ "Call Serial Number 1", L2TP_AVP_CALL_SERIAL_NUMBER, "labsecret",
	    "00112233445566778899aabbccddeeff", "00000001",
	    "c0160000000f1e0cd7ae126da5d968658efb2ef31555" },
	{ "Tx Connect Speed 100000000 (an ICCN's)", L2TP_AVP_TX_CONNECT_SPEED, "l2tpsecret",
	    "a2cf34fc543959e3a5b170a07ab5b758", "05f5e100",
	    "c016000000183ae89c1e798583e293c622898b54791c" },
	{ "Proxy Authen Name, 40 bytes: 3 blocks, M clear, 1-byte RV", L2TP_AVP_PROXY_AUTHEN_NAME,
	    "a longer shared secret, 35 octets!!", "7f",
	    "616c696365406578616d706c652e636f6d2f776974682f612f6c6f6e672f7375666669782f313233",
	    "40360000001e0bc1aa70b3d8067f13970e5e690964b5e88f2198f7ed8cce80f1859fb931be034e97f9a623"
	    "fd84263181758ee6db812d" },
};
/* clang-format on */

static void
test_put_hidden_known_answers(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(put_cases); i++) {
		const struct put_case *c = &put_cases[i];
		g_autoptr(GByteArray) rv = hex(c->rv_hex);
		g_autoptr(GByteArray) value = hex(c->value_hex);
		g_autoptr(GByteArray) want = hex(c->avp_hex);
		g_autoptr(L2secSecret) secret = l2sec_secret_new_str(c->secret);
		g_autoptr(GByteArray) w = g_byte_array_new();
		g_autoptr(GError) error = NULL;

		if (!l2tp_avp_put_hidden(
			w, c->type, value->data, value->len, secret, rv->data, rv->len, &error))
			fail_msg("%s: %s", c->name, error->message);
		if (w->len != want->len || memcmp(w->data, want->data, want->len) != 0) {
			g_autofree char *got = l2sec_hex_encode(w->data, w->len);
			fail_msg("%s: wrote %s, expected %s", c->name, got, c->avp_hex);
		}
		/* and back: parsed as a hidden AVP, revealed to the value */
		WireCursor cur;
		L2tpAvp a;
		g_autoptr(L2secSecret) plain = NULL;
		wire_init(&cur, w->data, w->len);
		if (!l2tp_avp_next(&cur, &a, &error) || !a.hidden || a.type != c->type ||
		    !l2tp_hidden_reveal(a.type, a.at, a.value, a.value_len, secret, rv->data,
			rv->len, &plain, &error))
			fail_msg("%s: does not read back: %s", c->name,
			    error != NULL ? error->message : "not a hidden AVP of its type");
		if (plain->len != value->len || memcmp(plain->data, value->data, value->len) != 0)
			fail_msg("%s: revealed value differs", c->name);
	}
}

/* The hider (what the tunnel and the call use): hidden when allowed, RV first, clear otherwise. */
static void
test_hider(void **state)
{
	g_autoptr(L2secSecret) secret = l2sec_secret_new_str("l2tpsecret");
	g_autoptr(GByteArray) w = g_byte_array_new();
	g_autoptr(GError) error = NULL;
	L2tpHider h;
	WireCursor c;
	L2tpAvp a;
	uint8_t rv[L2TP_RANDOM_VECTOR_LEN];

	l2tp_hider_init(&h, secret);
	/* Host Name may not be hidden (§4.4.3): clear, and no Random Vector yet */
	assert_true(l2tp_hider_put(&h, w, L2TP_AVP_HOST_NAME, "lac", 3, &error));
	assert_true(l2tp_hider_put_u16(&h, w, L2TP_AVP_ASSIGNED_SESSION_ID, 0x1234, &error));
	assert_true(l2tp_hider_put_u32(&h, w, L2TP_AVP_FRAMING_TYPE, 1, &error));
	wire_init(&c, w->data, w->len);
	assert_true(l2tp_avp_next(&c, &a, &error));
	assert_int_equal(a.type, L2TP_AVP_HOST_NAME);
	assert_false(a.hidden);
	assert_true(l2tp_avp_next(&c, &a, &error));
	assert_int_equal(a.type, L2TP_AVP_RANDOM_VECTOR);
	assert_int_equal(a.value_len, sizeof(rv));
	memcpy(rv, a.value, sizeof(rv));
	assert_memory_equal(rv, h.rv, sizeof(rv));
	static const struct {
		uint16_t type;
		const char *value_hex;
	} hidden[] = {{L2TP_AVP_ASSIGNED_SESSION_ID, "1234"}, {L2TP_AVP_FRAMING_TYPE, "00000001"}};
	for (size_t i = 0; i < G_N_ELEMENTS(hidden); i++) {
		g_autoptr(L2secSecret) plain = NULL;
		g_autoptr(GByteArray) want = hex(hidden[i].value_hex);
		assert_true(l2tp_avp_next(&c, &a, &error));
		assert_int_equal(a.type, hidden[i].type);
		assert_true(a.hidden && a.mandatory);
		/* the one Random Vector serves both (§4.3) */
		if (!l2tp_hidden_reveal(
			a.type, a.at, a.value, a.value_len, secret, rv, sizeof(rv), &plain, &error))
			fail_msg("%s", error->message);
		assert_int_equal(plain->len, want->len);
		assert_memory_equal(plain->data, want->data, want->len);
	}
	assert_int_equal(wire_left(&c), 0);
	l2tp_hider_end(&h);
	static const uint8_t zero[L2TP_RANDOM_VECTOR_LEN] = {0};
	assert_memory_equal(h.rv, zero, sizeof(zero)); /* wiped */

	/* no secret: everything in clear, no Random Vector */
	g_autoptr(GByteArray) w2 = g_byte_array_new();
	l2tp_hider_init(&h, NULL);
	assert_true(l2tp_hider_put_u16(&h, w2, L2TP_AVP_ASSIGNED_SESSION_ID, 0x1234, &error));
	l2tp_hider_end(&h);
	wire_init(&c, w2->data, w2->len);
	assert_true(l2tp_avp_next(&c, &a, &error));
	assert_int_equal(a.type, L2TP_AVP_ASSIGNED_SESSION_ID);
	assert_false(a.hidden);
	assert_int_equal(wire_left(&c), 0);
}

static void
test_reveal_errors(void **state)
{
	g_autoptr(GByteArray) rv = hex("3924a810664585e2398a19f30ee3b954");
	g_autoptr(L2secSecret) secret = l2sec_secret_new_str("l2tpvectors");
	g_autoptr(L2secSecret) empty = l2sec_secret_new(NULL, 0);
	g_autoptr(L2secSecret) plain = NULL;
	uint8_t hidden[16] = {0};

	{
		g_autoptr(GError) error = NULL;
		assert_false(l2tp_hidden_reveal(
		    14, 40, hidden, 16, NULL, rv->data, rv->len, &plain, &error));
		assert_true(g_error_matches(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_HIDDEN));
		assert_non_null(strstr(error->message, "byte 40: AVP 14 (Assigned Session ID) is "
						       "hidden but no tunnel secret"));
	}
	{
		g_autoptr(GError) error = NULL;
		assert_false(l2tp_hidden_reveal(
		    14, 40, hidden, 16, empty, rv->data, rv->len, &plain, &error));
		assert_true(g_error_matches(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_HIDDEN));
	}
	{
		g_autoptr(GError) error = NULL;
		assert_false(
		    l2tp_hidden_reveal(14, 40, hidden, 16, secret, NULL, 0, &plain, &error));
		assert_true(g_error_matches(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_HIDDEN));
		assert_non_null(strstr(error->message, "no Random Vector"));
	}
	{
		g_autoptr(GError) error = NULL;
		assert_false(l2tp_hidden_reveal(
		    14, 40, hidden, 1, secret, rv->data, rv->len, &plain, &error));
		assert_true(g_error_matches(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED));
		assert_non_null(strstr(error->message, "byte 40: "));
	}
	{
		/* a subformat that claims 100 bytes in a 16-byte value */
		static const uint8_t lie[16] = {0x00, 0x64, 0xaa, 0xbb};
		g_autoptr(GByteArray) enc =
		    expected_hidden(14, "l2tpvectors", rv, lie + 2, 14, 0); /* length 14 ... */
		/* ... then patch the encrypted length to 100: flip the XOR of 14 ^ 100 */
		enc->data[1] ^= (uint8_t)(14 ^ 100);
		g_autoptr(GError) error = NULL;
		assert_false(l2tp_hidden_reveal(
		    14, 52, enc->data, enc->len, secret, rv->data, rv->len, &plain, &error));
		assert_true(g_error_matches(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED));
		assert_non_null(strstr(error->message, "byte 52: AVP 14 (Assigned Session ID): "
						       "revealed length 100 is larger"));
	}
	assert_null(plain);
	{
		g_autoptr(GError) error = NULL;
		g_autoptr(GByteArray) out = g_byte_array_new();
		assert_false(
		    l2tp_hidden_hide(14, hidden, 16, 1010, secret, rv->data, rv->len, out, &error));
		assert_true(g_error_matches(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_HIDDEN));
		assert_int_equal(out->len, 0);
	}
}

/* Challenge Responses that xl2tpd 1.3.18 sent, with the secret the LNS had ("l2tpvectors"). */
/* clang-format off */
static const struct chap_case {
	const char *name;
	uint8_t chap_id;
	const char *challenge, *response;
} chap_cases[] = {
	{ "SCCRP of chal-02-sccrp.bin answering the SCCRQ Challenge of chal-01-sccrq.bin",
	    L2TP_CHAP_ID_SCCRP, "eb037defe3bd1a9a600fcb176eab5b5e",
	    "eae65f821837fc7cdb60ef99b582ce69" },
	{ "SCCCN of chal-03-scccn.bin answering the SCCRP Challenge of chal-02-sccrp.bin",
	    L2TP_CHAP_ID_SCCCN, "7640d431babe804d0b4813d13768d196",
	    "6f69b857cc44075cf82279c08fa55b2f" },
	{ "SCCRP of bad-02-sccrp.bin answering bad-01-sccrq.bin", L2TP_CHAP_ID_SCCRP,
	    "5c48e60c6636429f5ef5abceca581fc5", "1a8b01ae2b06e196d4d7a4353a97af17" },
};
/* clang-format on */

static void
test_challenge_response(void **state)
{
	g_autoptr(L2secSecret) secret = l2sec_secret_new_str("l2tpvectors");
	g_autoptr(L2secSecret) wrong = l2sec_secret_new_str("wrongsecret");

	for (size_t i = 0; i < G_N_ELEMENTS(chap_cases); i++) {
		const struct chap_case *c = &chap_cases[i];
		g_autoptr(GByteArray) challenge = hex(c->challenge);
		g_autoptr(GByteArray) want = hex(c->response);
		g_autoptr(GError) error = NULL;
		uint8_t got[16];

		if (!l2tp_challenge_response(
			c->chap_id, secret, challenge->data, challenge->len, got, &error))
			fail_msg("%s: %s", c->name, error->message);
		if (memcmp(got, want->data, 16) != 0)
			fail_msg("%s: wrong response", c->name);
		if (!l2tp_challenge_response_verify(c->chap_id, secret, challenge->data,
			challenge->len, want->data, want->len, &error))
			fail_msg("%s: verify: %s", c->name, error->message);
		/* the bad-secret LAC saw this, and sent StopCCN 2/6 (bad-04-stopccn.bin) */
		if (l2tp_challenge_response_verify(c->chap_id, wrong, challenge->data,
			challenge->len, want->data, want->len, &error))
			fail_msg("%s: verified with the wrong secret", c->name);
		assert_true(g_error_matches(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_AUTH_FAILED));
		g_clear_error(&error);
		/* a truncated response never matches */
		assert_false(l2tp_challenge_response_verify(
		    c->chap_id, secret, challenge->data, challenge->len, want->data, 15, &error));
		g_clear_error(&error);
	}
	{
		g_autoptr(GError) error = NULL;
		uint8_t out[16];
		assert_false(
		    l2tp_challenge_response(2, NULL, (const uint8_t *)"x", 1, out, &error));
		assert_true(g_error_matches(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_AUTH_FAILED));
	}
}

static void
test_put_random_vector_and_response(void **state)
{
	g_autoptr(L2secSecret) secret = l2sec_secret_new_str("l2tpvectors");
	g_autoptr(GByteArray) w = g_byte_array_new();
	g_autoptr(GError) error = NULL;
	uint8_t rv1[16], rv2[16];
	WireCursor c;
	L2tpAvp a;

	assert_true(l2tp_avp_put_random_vector(w, rv1, &error));
	assert_true(l2tp_avp_put_random_vector(w, rv2, &error));
	assert_memory_not_equal(rv1, rv2, 16);
	wire_init(&c, w->data, w->len);
	assert_true(l2tp_avp_next(&c, &a, &error) && l2tp_avp_decode_value(&a, &error));
	assert_int_equal(a.type, L2TP_AVP_RANDOM_VECTOR);
	assert_true(a.mandatory && !a.hidden);
	assert_int_equal(a.value_len, 16);
	assert_memory_equal(a.value, rv1, 16);

	/* the SCCCN Challenge Response of chal-03-scccn.bin, byte 42 */
	g_autoptr(GByteArray) challenge = hex("7640d431babe804d0b4813d13768d196");
	g_autoptr(GByteArray) want = hex("80160000000d6f69b857cc44075cf82279c08fa55b2f");
	g_byte_array_set_size(w, 0);
	assert_true(l2tp_avp_put_challenge_response(
	    w, L2TP_CHAP_ID_SCCCN, secret, challenge->data, challenge->len, &error));
	assert_int_equal(w->len, want->len);
	assert_memory_equal(w->data, want->data, want->len);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hide_known_answers_and_reveal),
	    cmocka_unit_test(test_put_hidden_avp),
	    cmocka_unit_test(test_put_hidden_known_answers),
	    cmocka_unit_test(test_hider),
	    cmocka_unit_test(test_reveal_errors),
	    cmocka_unit_test(test_challenge_response),
	    cmocka_unit_test(test_put_random_vector_and_response),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
