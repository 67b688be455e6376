/*
 * Unit tests for l2tp/l2tp_avp.c: every RFC 2661 AVP decodes to its typed value
 * with its length checked, vendor and unknown AVPs follow the M bit (§4.1,
 * xl2tpd #163), errors name the byte offset, writers round-trip.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "l2tp/l2tp_avp.h"
#include "l2tp/l2tp_error.h"

#define B(...) (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})

/* A test-side rendering of a decoded value, so the table can state what it expects. */
static char *
render(const L2tpAvp *a)
{
	if (!a->decoded)
		return g_strdup_printf("ignored %u/%u", a->vendor_id, a->type);
	switch (a->type) {
	case L2TP_AVP_MESSAGE_TYPE:
	case L2TP_AVP_FIRMWARE_REVISION:
	case L2TP_AVP_ASSIGNED_TUNNEL_ID:
	case L2TP_AVP_RECEIVE_WINDOW_SIZE:
	case L2TP_AVP_ASSIGNED_SESSION_ID:
	case L2TP_AVP_PROXY_AUTHEN_TYPE:
		return g_strdup_printf("u16 %u", a->v.u16);
	case L2TP_AVP_FRAMING_CAPABILITIES:
	case L2TP_AVP_BEARER_CAPABILITIES:
	case L2TP_AVP_CALL_SERIAL_NUMBER:
	case L2TP_AVP_MINIMUM_BPS:
	case L2TP_AVP_MAXIMUM_BPS:
	case L2TP_AVP_BEARER_TYPE:
	case L2TP_AVP_FRAMING_TYPE:
	case L2TP_AVP_TX_CONNECT_SPEED:
	case L2TP_AVP_RX_CONNECT_SPEED:
	case L2TP_AVP_PHYSICAL_CHANNEL_ID:
		return g_strdup_printf("u32 %u", a->v.u32);
	case L2TP_AVP_TIE_BREAKER:
		return g_strdup_printf("u64 %" G_GINT64_MODIFIER "x", a->v.u64);
	case L2TP_AVP_RESULT_CODE:
		return g_strdup_printf("result %u has_error %d error %u msg '%.*s'",
		    a->v.result.result, a->v.result.has_error, a->v.result.error,
		    (int)a->v.result.message_len, a->v.result.message ? a->v.result.message : "");
	case L2TP_AVP_PROTOCOL_VERSION:
		return g_strdup_printf(
		    "version %u.%u", a->v.protocol_version.version, a->v.protocol_version.revision);
	case L2TP_AVP_Q931_CAUSE_CODE:
		return g_strdup_printf("cause %u msg %u advisory '%.*s'", a->v.q931.cause,
		    a->v.q931.msg, (int)a->v.q931.advisory_len,
		    a->v.q931.advisory ? a->v.q931.advisory : "");
	case L2TP_AVP_PROXY_AUTHEN_ID:
		return g_strdup_printf("id %u", a->v.proxy_authen_id);
	case L2TP_AVP_CALL_ERRORS: {
		const L2tpCallErrors *e = &a->v.call_errors;
		return g_strdup_printf("errors %u %u %u %u %u %u", e->crc, e->framing,
		    e->hardware_overruns, e->buffer_overruns, e->timeout, e->alignment);
	}
	case L2TP_AVP_ACCM:
		return g_strdup_printf("accm %08x %08x", a->v.accm.send, a->v.accm.recv);
	default: {
		GString *s = g_string_new("bytes ");
		for (size_t i = 0; i < a->value_len; i++)
			g_string_append_printf(s, "%02x", a->value[i]);
		return g_string_free(s, false);
	}
	}
}

/* clang-format off */
static const struct avp_case {
	const char *name; /* what the case is, and where it comes from */
	const uint8_t *wire;
	size_t len;
	bool ok;
	const char *want; /* render() of the decoded AVP, or the error fragment */
	int code;         /* error code when !ok */
	size_t err_at;    /* byte offset the error must name */
} avp_cases[] = {
	/* values as xl2tpd 1.3.18 sent them (tests/vectors/l2tp/plain-*.bin) */
	{ "Message Type SCCRQ (plain-01)", B(0x80, 0x08, 0, 0, 0, 0, 0, 1), true, "u16 1", 0, 0 },
	{ "Protocol Version 1.0 (plain-01)", B(0x80, 0x08, 0, 0, 0, 2, 1, 0), true,
	    "version 1.0", 0, 0 },
	{ "Framing Capabilities A+S (plain-01)", B(0x80, 0x0a, 0, 0, 0, 3, 0, 0, 0, 3), true,
	    "u32 3", 0, 0 },
	{ "Bearer Capabilities none (plain-01)", B(0x80, 0x0a, 0, 0, 0, 4, 0, 0, 0, 0), true,
	    "u32 0", 0, 0 },
	{ "Firmware Revision 0x690, M=0 (plain-01)", B(0x00, 0x08, 0, 0, 0, 6, 0x06, 0x90), true,
	    "u16 1680", 0, 0 },
	{ "Host Name 'vm' (plain-01)", B(0x80, 0x08, 0, 0, 0, 7, 'v', 'm'), true, "bytes 766d", 0, 0 },
	{ "Vendor Name, M=0 (plain-01)", B(0x00, 0x07, 0, 0, 0, 8, 'x'), true, "bytes 78", 0, 0 },
	{ "Assigned Tunnel ID 62608 (plain-01)", B(0x80, 0x08, 0, 0, 0, 9, 0xf4, 0x90), true,
	    "u16 62608", 0, 0 },
	{ "Receive Window Size 4 (plain-01)", B(0x80, 0x08, 0, 0, 0, 10, 0, 4), true, "u16 4", 0, 0 },
	{ "Result Code 1/0 'Goodbye!' (plain-12 StopCCN)",
	    B(0x80, 0x12, 0, 0, 0, 1, 0, 1, 0, 0, 'G', 'o', 'o', 'd', 'b', 'y', 'e', '!'), true,
	    "result 1 has_error 1 error 0 msg 'Goodbye!'", 0, 0 },
	{ "Result Code of 8 bytes, result only (MikroTik, xl2tpd #90/#130, PR #175)",
	    B(0x80, 0x08, 0, 0, 0, 1, 0, 2), true, "result 2 has_error 0 error 0 msg ''", 0, 0 },
	{ "Result Code of 10 bytes, result and error (plain-10 CDN)",
	    B(0x80, 0x0a, 0, 0, 0, 1, 0, 1, 0, 0), true, "result 1 has_error 1 error 0 msg ''", 0, 0 },
	{ "Result Code of 9 bytes: half an Error Code", B(0x80, 0x09, 0, 0, 0, 1, 0, 1, 0), false,
	    "half an Error Code", L2SEC_L2TP_ERROR_MALFORMED, 0 },
	{ "Result Code of 7 bytes", B(0x80, 0x07, 0, 0, 0, 1, 0), false, "expected at least 2",
	    L2SEC_L2TP_ERROR_MALFORMED, 0 },
	{ "Tie Breaker (RFC 2661 §4.4.3)",
	    B(0x00, 0x0e, 0, 0, 0, 5, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef), true,
	    "u64 123456789abcdef", 0, 0 },
	{ "Challenge (chal-01, first 4 bytes)", B(0x80, 0x0a, 0, 0, 0, 11, 0xeb, 0x03, 0x7d, 0xef),
	    true, "bytes eb037def", 0, 0 },
	{ "Challenge of 0 bytes", B(0x80, 0x06, 0, 0, 0, 11), false, "expected at least 1",
	    L2SEC_L2TP_ERROR_MALFORMED, 0 },
	{ "Q.931 Cause Code with advisory (§4.4.4)",
	    B(0x80, 0x0b, 0, 0, 0, 12, 0x00, 0x10, 0x0d, 'b', 'y'), true,
	    "cause 16 msg 13 advisory 'by'", 0, 0 },
	{ "Q.931 Cause Code of 2 bytes", B(0x80, 0x08, 0, 0, 0, 12, 0, 16), false,
	    "expected at least 3", L2SEC_L2TP_ERROR_MALFORMED, 0 },
	{ "Challenge Response of 15 bytes",
	    B(0x80, 0x15, 0, 0, 0, 13, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), false,
	    "expected 16", L2SEC_L2TP_ERROR_MALFORMED, 0 },
	{ "Assigned Session ID 33765 (plain-05 ICRQ)", B(0x80, 0x08, 0, 0, 0, 14, 0x83, 0xe5),
	    true, "u16 33765", 0, 0 },
	{ "Assigned Session ID of 3 bytes", B(0x80, 0x09, 0, 0, 0, 14, 0x83, 0xe5, 0), false,
	    "value of 3 bytes, expected 2", L2SEC_L2TP_ERROR_MALFORMED, 0 },
	{ "Call Serial Number 1 (plain-05)", B(0x80, 0x0a, 0, 0, 0, 15, 0, 0, 0, 1), true,
	    "u32 1", 0, 0 },
	{ "Minimum BPS", B(0x80, 0x0a, 0, 0, 0, 16, 0, 0, 0x25, 0x80), true, "u32 9600", 0, 0 },
	{ "Maximum BPS", B(0x80, 0x0a, 0, 0, 0, 17, 0, 1, 0, 0), true, "u32 65536", 0, 0 },
	{ "Bearer Type none (plain-05)", B(0x80, 0x0a, 0, 0, 0, 18, 0, 0, 0, 0), true, "u32 0", 0, 0 },
	{ "Framing Type sync (plain-08 ICCN)", B(0x80, 0x0a, 0, 0, 0, 19, 0, 0, 0, 1), true,
	    "u32 1", 0, 0 },
	{ "Called Number", B(0x80, 0x09, 0, 0, 0, 21, '1', '2', '3'), true, "bytes 313233", 0, 0 },
	{ "Calling Number empty", B(0x80, 0x06, 0, 0, 0, 22), true, "bytes ", 0, 0 },
	{ "Sub-Address", B(0x80, 0x07, 0, 0, 0, 23, '9'), true, "bytes 39", 0, 0 },
	{ "(Tx) Connect Speed 0 (plain-08)", B(0x80, 0x0a, 0, 0, 0, 24, 0, 0, 0, 0), true,
	    "u32 0", 0, 0 },
	{ "Physical Channel ID, M=0", B(0x00, 0x0a, 0, 0, 0, 25, 0, 0, 0, 7), true, "u32 7", 0, 0 },
	{ "Initial Received LCP CONFREQ", B(0x00, 0x08, 0, 0, 0, 26, 0x01, 0x04), true,
	    "bytes 0104", 0, 0 },
	{ "Last Sent LCP CONFREQ", B(0x00, 0x07, 0, 0, 0, 27, 0x05), true, "bytes 05", 0, 0 },
	{ "Last Received LCP CONFREQ", B(0x00, 0x07, 0, 0, 0, 28, 0x06), true, "bytes 06", 0, 0 },
	{ "Proxy Authen Type CHAP", B(0x00, 0x08, 0, 0, 0, 29, 0, 2), true, "u16 2", 0, 0 },
	{ "Proxy Authen Name", B(0x00, 0x0b, 0, 0, 0, 30, 'a', 'l', 'i', 'c', 'e'), true,
	    "bytes 616c696365", 0, 0 },
	{ "Proxy Authen Challenge", B(0x00, 0x08, 0, 0, 0, 31, 0xaa, 0xbb), true, "bytes aabb", 0, 0 },
	{ "Proxy Authen ID (reserved byte, then the ID)", B(0x00, 0x08, 0, 0, 0, 32, 0, 42), true,
	    "id 42", 0, 0 },
	{ "Proxy Authen Response", B(0x00, 0x07, 0, 0, 0, 33, 0x11), true, "bytes 11", 0, 0 },
	{ "Call Errors (§4.4.6)",
	    B(0x80, 0x20, 0, 0, 0, 34, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0,
		0, 5, 0, 0, 0, 6),
	    true, "errors 1 2 3 4 5 6", 0, 0 },
	{ "Call Errors of 25 bytes",
	    B(0x80, 0x1f, 0, 0, 0, 34, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0,
		0, 5, 0, 0, 0),
	    false, "expected 26", L2SEC_L2TP_ERROR_MALFORMED, 0 },
	{ "ACCM (SLI, go-l2tp #6)",
	    B(0x80, 0x10, 0, 0, 0, 35, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0), true,
	    "accm ffffffff 00000000", 0, 0 },
	{ "Random Vector (chal-03, first 4 bytes)", B(0x80, 0x0a, 0, 0, 0, 36, 0xa2, 0xcf, 0x34, 0xfc),
	    true, "bytes a2cf34fc", 0, 0 },
	{ "Private Group ID", B(0x00, 0x07, 0, 0, 0, 37, 'g'), true, "bytes 67", 0, 0 },
	{ "Rx Connect Speed, M=0 (plain-08)", B(0x00, 0x0a, 0, 0, 0, 38, 0, 0, 0, 0), true,
	    "u32 0", 0, 0 },
	{ "Sequencing Required", B(0x80, 0x06, 0, 0, 0, 39), true, "bytes ", 0, 0 },
	{ "Sequencing Required with a value", B(0x80, 0x07, 0, 0, 0, 39, 0), false,
	    "value of 1 bytes, expected 0", L2SEC_L2TP_ERROR_MALFORMED, 0 },
	/* vendor AVPs are never IETF AVPs (xl2tpd #163: Broadband Forum Agent-Remote-Id, type 2) */
	{ "vendor 3561 type 2, 22 bytes, M=0 (xl2tpd #163)",
	    B(0x00, 0x16, 0x0d, 0xe9, 0, 2, 'D', 'E', 'U', '.', 'Q', 'S', 'C', '.', 'C', 'P', '2',
		'5', '0', '5', '7', '2'),
	    true, "ignored 3561/2", 0, 0 },
	{ "vendor 311 type 1, M=1: unrecognised mandatory", B(0x80, 0x08, 0x01, 0x37, 0, 1, 0, 0),
	    false, "AVP 1 of vendor 311", L2SEC_L2TP_ERROR_UNKNOWN_MANDATORY, 0 },
	{ "unassigned IETF type 20, M=0", B(0x00, 0x07, 0, 0, 0, 20, 1), true, "ignored 0/20", 0, 0 },
	{ "RFC 3145 type 46, M=0 (xl2tpd #153)", B(0x00, 0x07, 0, 0, 0, 46, 1), true,
	    "ignored 0/46", 0, 0 },
	{ "unknown IETF type 100, M=1", B(0x80, 0x06, 0, 0, 0, 100), false, "AVP 100 (unknown)",
	    L2SEC_L2TP_ERROR_UNKNOWN_MANDATORY, 0 },
	{ "reserved flag bit set, M=0: unrecognised, ignored (§4.1)",
	    B(0x04, 0x08, 0, 0, 0, 9, 0, 1), true, "ignored 0/9", 0, 0 },
	{ "reserved flag bit set, M=1: unrecognised mandatory (§4.1)",
	    B(0x84, 0x08, 0, 0, 0, 9, 0, 1), false, "reserved flag bits",
	    L2SEC_L2TP_ERROR_UNKNOWN_MANDATORY, 0 },
	/* framing errors, at the AVP's offset */
	{ "AVP Length 5", B(0x80, 0x05, 0, 0, 0, 0, 0, 1), false, "Length 5 is below",
	    L2SEC_L2TP_ERROR_MALFORMED, 0 },
	{ "AVP Length 0 (xl2tpd PR #93 looped on it)", B(0x80, 0x00, 0, 0, 0, 0), false,
	    "Length 0 is below", L2SEC_L2TP_ERROR_MALFORMED, 0 },
	{ "AVP Length 1023 in 8 bytes", B(0x83, 0xff, 0, 0, 0, 0, 0, 1), false,
	    "runs 1015 bytes past", L2SEC_L2TP_ERROR_MALFORMED, 0 },
	{ "5 bytes left", B(0x80, 0x08, 0, 0, 0), false, "too short for an AVP header",
	    L2SEC_L2TP_ERROR_MALFORMED, 0 },
	{ "second AVP overruns: error at its offset 8",
	    B(0x80, 0x08, 0, 0, 0, 0, 0, 1, 0x80, 0x09, 0, 0, 0, 9, 0xf4, 0x90), false,
	    "runs 1 bytes past", L2SEC_L2TP_ERROR_MALFORMED, 8 },
	{ "second AVP has a bad value: error at its offset 8",
	    B(0x80, 0x08, 0, 0, 0, 0, 0, 1, 0x80, 0x07, 0, 0, 0, 9, 0xf4), false,
	    "AVP 9 (Assigned Tunnel ID): value of 1 bytes, expected 2",
	    L2SEC_L2TP_ERROR_MALFORMED, 8 },
};
/* clang-format on */

static void
test_avp_cases(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(avp_cases); i++) {
		const struct avp_case *c = &avp_cases[i];
		g_autoptr(GError) error = NULL;
		WireCursor cur;
		L2tpAvp a = {0};
		bool ok = true;

		wire_init(&cur, c->wire, c->len);
		while (ok && wire_left(&cur) > 0)
			ok = l2tp_avp_next(&cur, &a, &error) && l2tp_avp_decode_value(&a, &error);
		if (ok != c->ok)
			fail_msg("%s: decode %s (%s)", c->name, ok ? "succeeded" : "failed",
			    error ? error->message : "");
		if (!ok) {
			g_autofree char *at = g_strdup_printf(", byte %zu: ", c->err_at);
			if (!g_error_matches(error, L2SEC_L2TP_ERROR, c->code) ||
			    strstr(error->message, at) == NULL ||
			    strstr(error->message, c->want) == NULL)
				fail_msg("%s: wrong error \"%s\" (code %d), want code %d at byte "
					 "%zu with "
					 "\"%s\"",
				    c->name, error->message, error->code, c->code, c->err_at,
				    c->want);
			continue;
		}
		g_autofree char *got = render(&a);
		if (strcmp(got, c->want) != 0)
			fail_msg("%s: decoded \"%s\", want \"%s\"", c->name, got, c->want);
	}
}

static void
test_names(void **state)
{
	assert_string_equal(l2tp_avp_type_name(L2TP_AVP_ASSIGNED_TUNNEL_ID), "Assigned Tunnel ID");
	assert_string_equal(
	    l2tp_avp_type_name(L2TP_AVP_SEQUENCING_REQUIRED), "Sequencing Required");
	assert_string_equal(l2tp_avp_type_name(20), "unknown");
	assert_string_equal(l2tp_avp_type_name(40), "unknown");
	for (uint16_t t = 0; t <= L2TP_AVP_LAST; t++)
		if ((t == 20) == l2tp_avp_type_known(t))
			fail_msg("type %u known=%d", t, l2tp_avp_type_known(t));
	assert_false(l2tp_avp_type_mandatory(L2TP_AVP_FIRMWARE_REVISION));
	assert_false(l2tp_avp_type_mandatory(L2TP_AVP_RX_CONNECT_SPEED));
	assert_true(l2tp_avp_type_mandatory(L2TP_AVP_HOST_NAME));
	assert_false(l2tp_avp_type_may_hide(L2TP_AVP_MESSAGE_TYPE));
	assert_false(l2tp_avp_type_may_hide(L2TP_AVP_RANDOM_VECTOR));
	assert_true(l2tp_avp_type_may_hide(L2TP_AVP_ASSIGNED_SESSION_ID));
}

/* Decode exactly one AVP from w and return it (test helper). */
static L2tpAvp
decode_one(const GByteArray *w)
{
	g_autoptr(GError) error = NULL;
	WireCursor c;
	L2tpAvp a;

	wire_init(&c, w->data, w->len);
	if (!l2tp_avp_next(&c, &a, &error) || !l2tp_avp_decode_value(&a, &error))
		fail_msg("decode: %s", error->message);
	assert_int_equal(wire_left(&c), 0);
	return a;
}

static void
test_writers_roundtrip(void **state)
{
	/* the StopCCN Result Code exactly as xl2tpd wrote it (plain-12-stopccn.bin, offset 28) */
	static const uint8_t xl2tpd_result[] = {
	    0x80, 0x12, 0, 0, 0, 1, 0, 1, 0, 0, 'G', 'o', 'o', 'd', 'b', 'y', 'e', '!'};
	/* its Rx Connect Speed with M clear (plain-08-iccn.bin, offset 38) */
	static const uint8_t xl2tpd_rx_speed[] = {0x00, 0x0a, 0, 0, 0, 38, 0, 0, 0, 0};
	g_autoptr(GByteArray) w = g_byte_array_new();
	L2tpAvp a;

	l2tp_avp_put_result_code(w, 1, true, 0, "Goodbye!");
	assert_int_equal(w->len, sizeof(xl2tpd_result));
	assert_memory_equal(w->data, xl2tpd_result, sizeof(xl2tpd_result));
	g_byte_array_set_size(w, 0);
	l2tp_avp_put_u32(w, L2TP_AVP_RX_CONNECT_SPEED, 0);
	assert_memory_equal(w->data, xl2tpd_rx_speed, sizeof(xl2tpd_rx_speed));

	g_byte_array_set_size(w, 0);
	l2tp_avp_put_result_code(w, 4, false, 0, NULL);
	a = decode_one(w);
	assert_int_equal(a.length, 8);
	assert_int_equal(a.v.result.result, 4);
	assert_false(a.v.result.has_error);

	g_byte_array_set_size(w, 0);
	l2tp_avp_put_protocol_version(w);
	a = decode_one(w);
	assert_true(a.mandatory && !a.hidden);
	assert_int_equal(a.v.protocol_version.version, 1);
	assert_int_equal(a.v.protocol_version.revision, 0);

	g_byte_array_set_size(w, 0);
	l2tp_avp_put_u64(w, L2TP_AVP_TIE_BREAKER, 0x0102030405060708ULL);
	a = decode_one(w);
	assert_false(a.mandatory);
	assert_true(a.v.u64 == 0x0102030405060708ULL);

	g_byte_array_set_size(w, 0);
	l2tp_avp_put_string(w, L2TP_AVP_HOST_NAME, "l2sec");
	a = decode_one(w);
	assert_int_equal(a.value_len, 5);
	assert_memory_equal(a.value, "l2sec", 5);

	g_byte_array_set_size(w, 0);
	l2tp_avp_put_empty(w, L2TP_AVP_SEQUENCING_REQUIRED);
	a = decode_one(w);
	assert_int_equal(a.length, 6);
	assert_true(a.decoded);

	g_byte_array_set_size(w, 0);
	l2tp_avp_put_q931_cause(w, 16, 13, "bye");
	a = decode_one(w);
	assert_int_equal(a.v.q931.cause, 16);
	assert_int_equal(a.v.q931.advisory_len, 3);

	g_byte_array_set_size(w, 0);
	L2tpCallErrors e = {1, 2, 3, 4, 5, 6};
	l2tp_avp_put_call_errors(w, &e);
	a = decode_one(w);
	assert_memory_equal(&a.v.call_errors, &e, sizeof(e));

	g_byte_array_set_size(w, 0);
	l2tp_avp_put_accm(w, 0xffffffff, 0x000a0000);
	a = decode_one(w);
	assert_int_equal(a.v.accm.send, 0xffffffff);
	assert_int_equal(a.v.accm.recv, 0x000a0000);

	g_byte_array_set_size(w, 0);
	l2tp_avp_put_proxy_authen_id(w, 9);
	a = decode_one(w);
	assert_int_equal(a.v.proxy_authen_id, 9);

	g_byte_array_set_size(w, 0);
	l2tp_avp_put_raw(w, false, false, 3561, 2, "x", 1);
	a = decode_one(w);
	assert_int_equal(a.vendor_id, 3561);
	assert_false(a.decoded);
	g_autofree char *d = l2tp_avp_describe(&a);
	assert_string_equal(d, "AVP 2 of vendor 3561");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_avp_cases),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_writers_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
