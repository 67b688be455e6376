/*
 * Unit tests for l2tp/l2tp_message.c: every datagram xl2tpd 1.3.18 exchanged
 * in tests/vectors/l2tp/ decodes and validates, messages we build equal the
 * bytes xl2tpd sent, hidden AVPs are revealed with the most recent Random
 * Vector, data frames are never parsed as control (go-l2tp #4), malformed
 * messages fail at the exact byte, and §6 required AVPs are checked apart.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "l2tp/l2tp_error.h"
#include "l2tp/l2tp_hidden.h"
#include "l2tp/l2tp_message.h"
#include "l2tp/l2tp_result.h"

#define B(...) (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})
#define SECRET "l2tpvectors" /* the tunnel secret of the xl2tpd captures (capture.sh) */

static GBytes *
load_vector(const char *file)
{
	const char *srcdir = g_getenv("srcdir");
	g_autofree char *path =
	    g_build_filename(srcdir ? srcdir : ".", "tests", "vectors", "l2tp", file, NULL);
	g_autoptr(GError) error = NULL;
	char *data = NULL;
	gsize len = 0;
	if (!g_file_get_contents(path, &data, &len, &error))
		fail_msg("%s", error->message);
	return g_bytes_new_take(data, len);
}

static L2tpMessage *
decode_vector(const char *file, const L2secSecret *secret)
{
	g_autoptr(GBytes) b = load_vector(file);
	g_autoptr(GError) error = NULL;
	gsize len;
	const uint8_t *data = g_bytes_get_data(b, &len);
	L2tpMessage *m = l2tp_message_decode(data, len, secret, &error);
	if (m == NULL)
		fail_msg("%s: %s", file, error->message);
	return m;
}

/* every datagram of the three captures: what xl2tpd's tcpdump line said it was */
/* clang-format off */
static const struct vector_case {
	const char *file;
	uint16_t type; /* L2TP_MSG_NONE for a ZLB */
	uint16_t tunnel_id, session_id, ns, nr;
	guint n_avps;
} vector_cases[] = {
	{ "plain-01-sccrq.bin", L2TP_MSG_SCCRQ, 0, 0, 0, 0, 9 },
	{ "plain-02-sccrp.bin", L2TP_MSG_SCCRP, 62608, 0, 0, 1, 9 },
	{ "plain-03-scccn.bin", L2TP_MSG_SCCCN, 21577, 0, 1, 1, 1 },
	{ "plain-04-zlb.bin", L2TP_MSG_NONE, 62608, 0, 1, 2, 0 },
	{ "plain-05-icrq.bin", L2TP_MSG_ICRQ, 21577, 0, 2, 1, 4 },
	{ "plain-06-icrp.bin", L2TP_MSG_ICRP, 62608, 33765, 1, 3, 2 },
	{ "plain-07-zlb.bin", L2TP_MSG_NONE, 62608, 0, 2, 3, 0 },
	{ "plain-08-iccn.bin", L2TP_MSG_ICCN, 21577, 37241, 3, 2, 4 },
	{ "plain-09-zlb.bin", L2TP_MSG_NONE, 62608, 33765, 2, 4, 0 },
	{ "plain-10-cdn.bin", L2TP_MSG_CDN, 21577, 37241, 4, 2, 3 },
	{ "plain-11-zlb.bin", L2TP_MSG_NONE, 62608, 33765, 2, 5, 0 },
	{ "plain-12-stopccn.bin", L2TP_MSG_STOPCCN, 21577, 0, 5, 2, 3 },
	{ "plain-13-zlb.bin", L2TP_MSG_NONE, 62608, 0, 2, 6, 0 },
	{ "chal-01-sccrq.bin", L2TP_MSG_SCCRQ, 0, 0, 0, 0, 11 },
	{ "chal-02-sccrp.bin", L2TP_MSG_SCCRP, 5930, 0, 0, 1, 12 },
	{ "chal-03-scccn.bin", L2TP_MSG_SCCCN, 11168, 0, 1, 1, 3 },
	{ "chal-04-icrq.bin", L2TP_MSG_ICRQ, 11168, 0, 2, 1, 5 },
	{ "chal-05-zlb.bin", L2TP_MSG_NONE, 5930, 0, 1, 2, 0 },
	{ "chal-06-icrp.bin", L2TP_MSG_ICRP, 5930, 27181, 1, 3, 3 },
	{ "chal-07-iccn.bin", L2TP_MSG_ICCN, 11168, 10801, 3, 2, 5 },
	{ "chal-08-zlb.bin", L2TP_MSG_NONE, 5930, 0, 2, 3, 0 },
	{ "chal-09-zlb.bin", L2TP_MSG_NONE, 5930, 27181, 2, 4, 0 },
	{ "chal-10-cdn.bin", L2TP_MSG_CDN, 5930, 27181, 2, 4, 4 },
	{ "chal-11-zlb.bin", L2TP_MSG_NONE, 11168, 10801, 4, 3, 0 },
	{ "chal-12-stopccn.bin", L2TP_MSG_STOPCCN, 11168, 0, 4, 3, 4 },
	{ "chal-13-zlb.bin", L2TP_MSG_NONE, 5930, 0, 3, 5, 0 },
	{ "bad-01-sccrq.bin", L2TP_MSG_SCCRQ, 0, 0, 0, 0, 10 },
	{ "bad-02-sccrp.bin", L2TP_MSG_SCCRP, 60811, 0, 0, 1, 11 },
	{ "bad-03-zlb.bin", L2TP_MSG_NONE, 34966, 0, 1, 1, 0 },
	{ "bad-04-stopccn.bin", L2TP_MSG_STOPCCN, 34966, 0, 1, 1, 3 },
	{ "bad-05-zlb.bin", L2TP_MSG_NONE, 60811, 0, 1, 2, 0 },
};
/* clang-format on */

static void
test_xl2tpd_vectors(void **state)
{
	g_autoptr(L2secSecret) secret = l2sec_secret_new_str(SECRET);

	for (size_t i = 0; i < G_N_ELEMENTS(vector_cases); i++) {
		const struct vector_case *c = &vector_cases[i];
		g_autoptr(L2tpMessage) m = decode_vector(c->file, secret);
		g_autoptr(GError) error = NULL;
		const L2tpHeader *h = &m->header;

		if (!h->control || m->zlb != (c->type == L2TP_MSG_NONE) || m->type != c->type ||
		    h->tunnel_id != c->tunnel_id || h->session_id != c->session_id ||
		    h->ns != c->ns || h->nr != c->nr || l2tp_message_n_avps(m) != c->n_avps)
			fail_msg("%s: got %s tunnel %u session %u Ns %u Nr %u, %u AVPs", c->file,
			    l2tp_message_type_name(m->type), h->tunnel_id, h->session_id, h->ns,
			    h->nr, l2tp_message_n_avps(m));
		if (!l2tp_message_validate(m, &error))
			fail_msg("%s: validate: %s", c->file, error->message);
	}
}

static void
test_sccrq_fields(void **state)
{
	g_autoptr(L2tpMessage) m = decode_vector("plain-01-sccrq.bin", NULL);
	const L2tpAvp *a;
	uint16_t u16;
	uint32_t u32;

	a = l2tp_message_find(m, L2TP_AVP_PROTOCOL_VERSION);
	assert_non_null(a);
	assert_int_equal(a->v.protocol_version.version, 1);
	assert_int_equal(a->v.protocol_version.revision, 0);
	assert_true(l2tp_message_get_u32(m, L2TP_AVP_FRAMING_CAPABILITIES, &u32));
	assert_int_equal(u32, L2TP_FRAMING_SYNC | L2TP_FRAMING_ASYNC);
	assert_true(l2tp_message_get_u16(m, L2TP_AVP_ASSIGNED_TUNNEL_ID, &u16));
	assert_int_equal(u16, 62608);
	assert_true(l2tp_message_get_u16(m, L2TP_AVP_RECEIVE_WINDOW_SIZE, &u16));
	assert_int_equal(u16, 4);
	assert_true(l2tp_message_get_u16(m, L2TP_AVP_FIRMWARE_REVISION, &u16));
	assert_int_equal(u16, 0x0690);
	a = l2tp_message_find(m, L2TP_AVP_HOST_NAME);
	assert_int_equal(a->value_len, 2);
	assert_memory_equal(a->value, "vm", 2);
	a = l2tp_message_find(m, L2TP_AVP_VENDOR_NAME);
	assert_false(a->mandatory);
	assert_memory_equal(a->value, "xelerance.com", 13);
	/* the AVP offsets are datagram offsets */
	assert_int_equal(l2tp_message_avp(m, 0)->at, 12);
	assert_int_equal(l2tp_message_avp(m, 1)->at, 20);
	assert_null(l2tp_message_find(m, L2TP_AVP_CHALLENGE));
	assert_false(l2tp_message_get_u16(m, L2TP_AVP_ASSIGNED_SESSION_ID, &u16));
	g_autofree char *d = l2tp_message_describe(m);
	assert_string_equal(d, "SCCRQ tunnel 0 session 0 Ns 0 Nr 0, 9 AVPs");
}

static void
test_challenge_flow(void **state)
{
	g_autoptr(L2secSecret) secret = l2sec_secret_new_str(SECRET);
	g_autoptr(L2tpMessage) rq = decode_vector("chal-01-sccrq.bin", secret);
	g_autoptr(L2tpMessage) rp = decode_vector("chal-02-sccrp.bin", secret);
	g_autoptr(L2tpMessage) cn = decode_vector("chal-03-scccn.bin", secret);
	g_autoptr(GError) error = NULL;
	const L2tpAvp *ch = l2tp_message_find(rq, L2TP_AVP_CHALLENGE);
	const L2tpAvp *resp = l2tp_message_find(rp, L2TP_AVP_CHALLENGE_RESPONSE);

	/* §5.1.1: the LNS proves it knows the secret in SCCRP ... */
	assert_non_null(ch);
	assert_non_null(resp);
	assert_true(l2tp_challenge_response_verify(L2TP_CHAP_ID_SCCRP, secret, ch->value,
	    ch->value_len, resp->value, resp->value_len, &error));
	/* ... and the LAC answers the LNS's Challenge in SCCCN */
	ch = l2tp_message_find(rp, L2TP_AVP_CHALLENGE);
	resp = l2tp_message_find(cn, L2TP_AVP_CHALLENGE_RESPONSE);
	assert_true(l2tp_challenge_response_verify(L2TP_CHAP_ID_SCCCN, secret, ch->value,
	    ch->value_len, resp->value, resp->value_len, &error));

	/* build that SCCCN ourselves: it must equal xl2tpd's bytes */
	g_autoptr(GBytes) want = load_vector("chal-03-scccn.bin");
	const L2tpAvp *rv = l2tp_message_find(cn, L2TP_AVP_RANDOM_VECTOR);
	uint8_t r[16];
	assert_true(l2tp_challenge_response(
	    L2TP_CHAP_ID_SCCCN, secret, ch->value, ch->value_len, r, &error));
	g_autoptr(GByteArray) w = g_byte_array_new();
	size_t start = l2tp_message_begin(w, 11168, 0, 1, 1, L2TP_MSG_SCCCN);
	l2tp_avp_put_bytes(w, L2TP_AVP_RANDOM_VECTOR, rv->value, rv->value_len);
	l2tp_avp_put_bytes(w, L2TP_AVP_CHALLENGE_RESPONSE, r, sizeof(r));
	l2tp_message_finish(w, start);
	assert_int_equal(w->len, g_bytes_get_size(want));
	assert_memory_equal(w->data, g_bytes_get_data(want, NULL), w->len);
}

static void
assert_built_equals(GByteArray *w, const char *file)
{
	g_autoptr(GBytes) want = load_vector(file);
	if (w->len != g_bytes_get_size(want) ||
	    memcmp(w->data, g_bytes_get_data(want, NULL), w->len) != 0)
		fail_msg("built message differs from %s", file);
}

static void
test_build_equals_xl2tpd(void **state)
{
	g_autoptr(GByteArray) w = g_byte_array_new();
	size_t start;

	start = l2tp_message_begin(w, 21577, 0, 1, 1, L2TP_MSG_SCCCN);
	l2tp_message_finish(w, start);
	assert_built_equals(w, "plain-03-scccn.bin");

	g_byte_array_set_size(w, 0);
	start = l2tp_message_begin(w, 21577, 0, 0, 0, L2TP_MSG_ICRQ);
	l2tp_avp_put_u16(w, L2TP_AVP_ASSIGNED_SESSION_ID, 33765);
	l2tp_avp_put_u32(w, L2TP_AVP_CALL_SERIAL_NUMBER, 1);
	l2tp_avp_put_u32(w, L2TP_AVP_BEARER_TYPE, 0);
	l2tp_message_finish(w, start);
	l2tp_message_set_sequence(w, start, 2, 1); /* as a retransmission would */
	assert_built_equals(w, "plain-05-icrq.bin");

	g_byte_array_set_size(w, 0);
	start = l2tp_message_begin(w, 21577, 37241, 3, 2, L2TP_MSG_ICCN);
	l2tp_avp_put_u32(w, L2TP_AVP_TX_CONNECT_SPEED, 0);
	l2tp_avp_put_u32(w, L2TP_AVP_FRAMING_TYPE, L2TP_FRAMING_SYNC);
	l2tp_avp_put_u32(w, L2TP_AVP_RX_CONNECT_SPEED, 0);
	l2tp_message_finish(w, start);
	assert_built_equals(w, "plain-08-iccn.bin");

	g_byte_array_set_size(w, 0);
	start = l2tp_message_begin(w, 21577, 37241, 4, 2, L2TP_MSG_CDN);
	l2tp_avp_put_result_code(w, 1, true, 0, NULL);
	l2tp_avp_put_u16(w, L2TP_AVP_ASSIGNED_SESSION_ID, 33765);
	l2tp_message_finish(w, start);
	assert_built_equals(w, "plain-10-cdn.bin");

	g_byte_array_set_size(w, 0);
	start = l2tp_message_begin(w, 21577, 0, 5, 2, L2TP_MSG_STOPCCN);
	l2tp_avp_put_u16(w, L2TP_AVP_ASSIGNED_TUNNEL_ID, 62608);
	l2tp_avp_put_result_code(w, 1, true, 0, "Goodbye!");
	l2tp_message_finish(w, start);
	assert_built_equals(w, "plain-12-stopccn.bin");

	g_byte_array_set_size(w, 0);
	start = l2tp_message_begin(w, 0, 0, 0, 0, L2TP_MSG_SCCRQ);
	l2tp_avp_put_protocol_version(w);
	l2tp_avp_put_u32(w, L2TP_AVP_FRAMING_CAPABILITIES, L2TP_FRAMING_SYNC | L2TP_FRAMING_ASYNC);
	l2tp_avp_put_u32(w, L2TP_AVP_BEARER_CAPABILITIES, 0);
	l2tp_avp_put_u16(w, L2TP_AVP_FIRMWARE_REVISION, 0x0690);
	l2tp_avp_put_string(w, L2TP_AVP_HOST_NAME, "vm");
	l2tp_avp_put_string(w, L2TP_AVP_VENDOR_NAME, "xelerance.com");
	l2tp_avp_put_u16(w, L2TP_AVP_ASSIGNED_TUNNEL_ID, 62608);
	l2tp_avp_put_u16(w, L2TP_AVP_RECEIVE_WINDOW_SIZE, 4);
	l2tp_message_finish(w, start);
	assert_built_equals(w, "plain-01-sccrq.bin");
}

static void
test_stopccn_result_text(void **state)
{
	g_autoptr(L2tpMessage) m = decode_vector("bad-04-stopccn.bin", NULL);
	const L2tpAvp *rc = l2tp_message_find(m, L2TP_AVP_RESULT_CODE);
	assert_non_null(rc);
	g_autofree char *d = l2tp_result_describe(m->type, &rc->v.result);
	assert_string_equal(d,
	    "StopCCN: result 2 (general error, Error Code indicates the problem), "
	    "error 6 (a generic vendor-specific error occurred in the LAC), "
	    "\"Invalid challenge authentication\"");
}

/* A datagram: a 12-byte control header (tunnel 1, session 0) and these AVP bytes. */
static GByteArray *
with_header(const uint8_t *avps, size_t len)
{
	GByteArray *w = g_byte_array_new();
	size_t start = l2tp_header_encode_control(w, 1, 0, 0, 0);
	g_byte_array_append(w, avps, (guint)len);
	l2tp_header_finish(w, start);
	return w;
}

#define MT(t) 0x80, 0x08, 0, 0, 0, 0, 0, (t)

/* clang-format off */
static const struct malformed_case {
	const char *name;
	const uint8_t *avps;
	size_t len;
	int code;
	size_t err_at; /* byte offset in the datagram the error must name */
	const char *text;
} malformed_cases[] = {
	{ "first AVP is Host Name, not Message Type (§4.4.1)",
	    B(0x80, 0x08, 0, 0, 0, 7, 'v', 'm'), L2SEC_L2TP_ERROR_MALFORMED, 12,
	    "the first AVP is AVP 7 (Host Name), not Message Type" },
	{ "first AVP is a vendor AVP of type 0", B(0x00, 0x08, 0, 9, 0, 0, 0, 1),
	    L2SEC_L2TP_ERROR_MALFORMED, 12, "AVP 0 of vendor 9" },
	{ "hidden Message Type", B(0xc0, 0x08, 0, 0, 0, 0, 0, 1), L2SEC_L2TP_ERROR_MALFORMED, 12,
	    "cannot be hidden" },
	{ "Message Type of 3 bytes", B(0x80, 0x09, 0, 0, 0, 0, 0, 1, 0), L2SEC_L2TP_ERROR_MALFORMED,
	    12, "value of 3 bytes, expected 2" },
	{ "second AVP runs past the message", B(MT(1), 0x80, 0x0a, 0, 0, 0, 9, 0xf4, 0x90),
	    L2SEC_L2TP_ERROR_MALFORMED, 20, "runs 2 bytes past" },
	{ "3 trailing bytes after the AVPs", B(MT(6), 0x80, 0x08, 0), L2SEC_L2TP_ERROR_MALFORMED, 20,
	    "3 trailing bytes" },
	{ "AVP Length 2 in the third AVP", B(MT(6), 0x00, 0x07, 0, 0, 0, 8, 'x', 0x80, 0x02, 0, 0, 0, 0),
	    L2SEC_L2TP_ERROR_MALFORMED, 27, "Length 2 is below" },
	{ "unknown AVP 77 with M set at byte 20", B(MT(1), 0x80, 0x06, 0, 0, 0, 77),
	    L2SEC_L2TP_ERROR_UNKNOWN_MANDATORY, 20, "AVP 77 (unknown)" },
	{ "vendor AVP with M set at byte 20", B(MT(6), 0x80, 0x06, 0x0d, 0xe9, 0, 2),
	    L2SEC_L2TP_ERROR_UNKNOWN_MANDATORY, 20, "AVP 2 of vendor 3561" },
	{ "hidden Random Vector", B(MT(6), 0xc0, 0x08, 0, 0, 0, 36, 1, 2),
	    L2SEC_L2TP_ERROR_MALFORMED, 20, "AVP 36 (Random Vector) has the H bit set" },
	{ "hidden AVP without a Random Vector before it (§4.3)",
	    B(MT(10), 0xc0, 0x18, 0, 0, 0, 14, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
		0x80, 0x07, 0, 0, 0, 36, 1),
	    L2SEC_L2TP_ERROR_HIDDEN, 20, "no Random Vector AVP precedes it" },
};
/* clang-format on */

static void
test_malformed(void **state)
{
	g_autoptr(L2secSecret) secret = l2sec_secret_new_str(SECRET);

	for (size_t i = 0; i < G_N_ELEMENTS(malformed_cases); i++) {
		const struct malformed_case *c = &malformed_cases[i];
		g_autoptr(GByteArray) w = with_header(c->avps, c->len);
		g_autoptr(GError) error = NULL;
		g_autoptr(L2tpMessage) m = l2tp_message_decode(w->data, w->len, secret, &error);
		g_autofree char *at =
		    g_strdup_printf("L2TP control message, byte %zu: ", c->err_at);

		if (m != NULL)
			fail_msg("%s: decoded", c->name);
		if (!g_error_matches(error, L2SEC_L2TP_ERROR, c->code) ||
		    strstr(error->message, at) == NULL || strstr(error->message, c->text) == NULL)
			fail_msg("%s: wrong error \"%s\" (code %d), want code %d at byte %zu with "
				 "\"%s\"",
			    c->name, error->message, error->code, c->code, c->err_at, c->text);
	}
}

static void
test_data_frames_are_not_control(void **state)
{
	/* go-l2tp #4/#6 (Meraki): a PPP frame reaching the tunnel socket, tunnel 17024 */
	static const uint8_t frame[] = {
	    0x00, 0x02, 0x42, 0x80, 0x00, 0x07, 0xff, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x04};
	g_autoptr(GError) error = NULL;
	g_autoptr(L2tpMessage) m = l2tp_message_decode(frame, sizeof(frame), NULL, &error);

	assert_non_null(m);
	assert_false(m->header.control);
	assert_int_equal(m->header.tunnel_id, 17024);
	assert_int_equal(m->type, L2TP_MSG_NONE);
	assert_int_equal(l2tp_message_n_avps(m), 0);
	assert_int_equal(m->payload_len, 8);
	assert_memory_equal(m->payload, frame + 6, 8);
	assert_true(l2tp_message_validate(m, &error));
	g_autofree char *d = l2tp_message_describe(m);
	assert_string_equal(d, "data tunnel 17024 session 7, 8 bytes");

	/* L2TPv3 is refused by name */
	static const uint8_t v3[] = {0xc8, 0x03, 0x00, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0};
	g_autoptr(L2tpMessage) m3 = l2tp_message_decode(v3, sizeof(v3), NULL, &error);
	assert_null(m3);
	assert_true(g_error_matches(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_UNSUPPORTED));
	assert_non_null(strstr(error->message, "byte 1: version 3: L2TPv3 is not supported"));
}

static void
test_hidden_in_message(void **state)
{
	g_autoptr(L2secSecret) secret = l2sec_secret_new_str(SECRET);
	g_autoptr(L2secSecret) wrong = l2sec_secret_new_str("wrongsecret");
	/* the Random Vector of chal-04-icrq.bin, and a second one */
	static const uint8_t rv1[16] = {0x39, 0x24, 0xa8, 0x10, 0x66, 0x45, 0x85, 0xe2, 0x39, 0x8a,
	    0x19, 0xf3, 0x0e, 0xe3, 0xb9, 0x54};
	static const uint8_t rv2[4] = {1, 2, 3, 4};
	static const uint8_t sid[2] = {0x6a, 0x2d};
	static const char name[] = "alice";
	g_autoptr(GByteArray) w = g_byte_array_new();
	g_autoptr(GError) error = NULL;

	/* chal-04-icrq.bin with its Assigned Session ID hidden, and a hidden Proxy Authen Name
	 * after a second Random Vector: each hidden AVP uses the most recent RV (§4.3) */
	size_t start = l2tp_message_begin(w, 11168, 0, 2, 1, L2TP_MSG_ICRQ);
	l2tp_avp_put_bytes(w, L2TP_AVP_RANDOM_VECTOR, rv1, sizeof(rv1));
	assert_true(l2tp_avp_put_hidden(
	    w, L2TP_AVP_ASSIGNED_SESSION_ID, sid, sizeof(sid), secret, rv1, sizeof(rv1), &error));
	l2tp_avp_put_u32(w, L2TP_AVP_CALL_SERIAL_NUMBER, 1);
	l2tp_avp_put_u32(w, L2TP_AVP_BEARER_TYPE, 0);
	l2tp_avp_put_bytes(w, L2TP_AVP_RANDOM_VECTOR, rv2, sizeof(rv2));
	assert_true(l2tp_avp_put_hidden(
	    w, L2TP_AVP_PROXY_AUTHEN_NAME, name, 5, secret, rv2, sizeof(rv2), &error));
	l2tp_message_finish(w, start);

	g_autoptr(L2tpMessage) m = l2tp_message_decode(w->data, w->len, secret, &error);
	if (m == NULL)
		fail_msg("%s", error->message);
	assert_true(l2tp_message_validate(m, &error));
	uint16_t u16;
	assert_true(l2tp_message_get_u16(m, L2TP_AVP_ASSIGNED_SESSION_ID, &u16));
	assert_int_equal(u16, 27181);
	const L2tpAvp *a = l2tp_message_find(m, L2TP_AVP_PROXY_AUTHEN_NAME);
	assert_true(a->hidden);
	assert_int_equal(a->value_len, 5);
	assert_memory_equal(a->value, name, 5);

	/* no secret: HIDDEN naming the AVP at byte 42 (12 header + 8 Message Type + 22 RV) */
	g_autoptr(L2tpMessage) m2 = l2tp_message_decode(w->data, w->len, NULL, &error);
	assert_null(m2);
	assert_true(g_error_matches(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_HIDDEN));
	assert_non_null(
	    strstr(error->message, "byte 42: AVP 14 (Assigned Session ID) is hidden but "
				   "no tunnel secret"));
	g_clear_error(&error);

	/* a wrong secret reveals garbage: the length check catches it here */
	g_autoptr(L2tpMessage) m3 = l2tp_message_decode(w->data, w->len, wrong, &error);
	assert_null(m3);
	assert_true(g_error_matches(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED));
	assert_non_null(strstr(error->message, "byte 42: "));
}

static void
test_hidden_vectors_from_python(void **state)
{
	/* tests/vectors/l2tp/make-hidden.py hides with Python's hashlib, independently of us */
	g_autoptr(L2secSecret) secret = l2sec_secret_new_str(SECRET);
	g_autoptr(L2tpMessage) icrq = decode_vector("hidden-01-icrq.bin", secret);
	g_autoptr(L2tpMessage) sli = decode_vector("hidden-02-sli.bin", secret);
	g_autoptr(L2tpMessage) data = decode_vector("data-01-ppp.bin", secret);
	g_autoptr(GError) error = NULL;
	uint16_t u16;

	assert_int_equal(icrq->type, L2TP_MSG_ICRQ);
	assert_true(l2tp_message_validate(icrq, &error));
	assert_true(l2tp_message_get_u16(icrq, L2TP_AVP_ASSIGNED_SESSION_ID, &u16));
	assert_int_equal(u16, 27181);
	assert_true(l2tp_message_find(icrq, L2TP_AVP_ASSIGNED_SESSION_ID)->hidden);
	assert_int_equal(sli->type, L2TP_MSG_SLI);
	assert_true(l2tp_message_validate(sli, &error));
	const L2tpAvp *accm = l2tp_message_find(sli, L2TP_AVP_ACCM);
	assert_non_null(accm);
	assert_int_equal(accm->v.accm.send, 0xffffffff);
	assert_int_equal(accm->v.accm.recv, 0xffffffff);
	assert_false(data->header.control);
	assert_int_equal(data->header.tunnel_id, 17024);
}

/* clang-format off */
static const struct validate_case {
	const char *name;
	const uint8_t *avps;
	size_t len;
	bool ok;
	int code;
	const char *text;
} validate_cases[] = {
	{ "HELLO (§6.5)", B(MT(6)), true, 0, NULL },
	{ "SLI with ACCM (§6.16; go-l2tp #6 rejected SLI)",
	    B(MT(16), 0x80, 0x10, 0, 0, 0, 35, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0), true, 0,
	    NULL },
	{ "SLI with unknown AVP 77 (M clear, 3-byte value) before ACCM: skipped by its Length "
	  "(go-l2tp did not skip the value)",
	    B(MT(16), 0x00, 0x09, 0, 0, 0, 77, 0x80, 0x10, 0, 0x80, 0x10, 0, 0, 0, 35, 0, 0, 0xff,
		0xff, 0xff, 0xff, 0, 0, 0, 0),
	    true, 0, NULL },
	{ "SLI without ACCM", B(MT(16)), false, L2SEC_L2TP_ERROR_MALFORMED,
	    "SLI without the AVP 35 (ACCM)" },
	{ "WEN with Call Errors (§6.15)",
	    B(MT(15), 0x80, 0x20, 0, 0, 0, 34, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4,
		0, 0, 0, 5, 0, 0, 0, 6),
	    true, 0, NULL },
	{ "StopCCN whose only type-9 AVP is a vendor's (xl2tpd #163)",
	    B(MT(4), 0x00, 0x08, 0x0d, 0xe9, 0, 9, 0, 1, 0x80, 0x08, 0, 0, 0, 1, 0, 1), false,
	    L2SEC_L2TP_ERROR_MALFORMED, "StopCCN without the AVP 9 (Assigned Tunnel ID)" },
	{ "CDN with an 8-byte Result Code (MikroTik, xl2tpd #90)",
	    B(MT(14), 0x80, 0x08, 0, 0, 0, 1, 0, 3, 0x80, 0x08, 0, 0, 0, 14, 0, 5), true, 0, NULL },
	{ "SCCRP without Host Name (§6.2)",
	    B(MT(2), 0x80, 0x08, 0, 0, 0, 2, 1, 0, 0x80, 0x0a, 0, 0, 0, 3, 0, 0, 0, 3, 0x80, 0x08, 0,
		0, 0, 9, 0, 7),
	    false, L2SEC_L2TP_ERROR_MALFORMED, "SCCRP without the AVP 7 (Host Name)" },
	{ "unknown message type 99 with M set (§4.4.1)", B(MT(99)), false,
	    L2SEC_L2TP_ERROR_UNKNOWN_MANDATORY, "unknown message type 99 with the M bit set" },
	{ "unknown message type 5 with M clear", B(0x00, 0x08, 0, 0, 0, 0, 0, 5), false,
	    L2SEC_L2TP_ERROR_UNSUPPORTED, "unknown message type 5" },
};
/* clang-format on */

static void
test_validate(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(validate_cases); i++) {
		const struct validate_case *c = &validate_cases[i];
		g_autoptr(GByteArray) w = with_header(c->avps, c->len);
		g_autoptr(GError) error = NULL;
		g_autoptr(L2tpMessage) m = l2tp_message_decode(w->data, w->len, NULL, &error);

		if (m == NULL)
			fail_msg("%s: decode: %s", c->name, error->message);
		bool ok = l2tp_message_validate(m, &error);
		if (ok != c->ok)
			fail_msg("%s: validate %s (%s)", c->name, ok ? "passed" : "failed",
			    error ? error->message : "");
		if (!ok && (!g_error_matches(error, L2SEC_L2TP_ERROR, c->code) ||
			       strstr(error->message, c->text) == NULL))
			fail_msg("%s: wrong error \"%s\"", c->name, error->message);
	}
}

static void
test_names(void **state)
{
	static const struct {
		uint16_t type;
		const char *name;
		bool session;
	} names[] = {
	    {0, "ZLB", false},
	    {1, "SCCRQ", false},
	    {2, "SCCRP", false},
	    {3, "SCCCN", false},
	    {4, "StopCCN", false},
	    {5, "unknown", false},
	    {6, "HELLO", false},
	    {7, "OCRQ", true},
	    {8, "OCRP", true},
	    {9, "OCCN", true},
	    {10, "ICRQ", true},
	    {11, "ICRP", true},
	    {12, "ICCN", true},
	    {13, "unknown", false},
	    {14, "CDN", true},
	    {15, "WEN", true},
	    {16, "SLI", true},
	    {17, "unknown", false},
	    {65535, "unknown", false},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		if (strcmp(l2tp_message_type_name(names[i].type), names[i].name) != 0 ||
		    l2tp_message_type_is_session(names[i].type) != names[i].session)
			fail_msg(
			    "type %u: %s", names[i].type, l2tp_message_type_name(names[i].type));
	}
	assert_string_equal(l2tp_message_type_long_name(16), "Set-Link-Info");
	assert_string_equal(l2tp_message_type_long_name(4), "Stop-Control-Connection-Notification");
	assert_false(l2tp_message_type_known(0));
	assert_true(l2tp_message_type_known(15));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_xl2tpd_vectors),
	    cmocka_unit_test(test_sccrq_fields),
	    cmocka_unit_test(test_challenge_flow),
	    cmocka_unit_test(test_build_equals_xl2tpd),
	    cmocka_unit_test(test_stopccn_result_text),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_data_frames_are_not_control),
	    cmocka_unit_test(test_hidden_in_message),
	    cmocka_unit_test(test_hidden_vectors_from_python),
	    cmocka_unit_test(test_validate),
	    cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
