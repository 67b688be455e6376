/* Unit tests for ipsec/isakmp_header.c: the 28-byte header, its length and version rules. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ipsec/ike_error.h"
#include "ipsec/isakmp_header.h"

/* strongSwan 5.9.8 Main Mode 1 header (tests/vectors/ipsec/isakmp/ok-01-i2r-p500.hex), length 248 */
#define MM1_HEADER 0x70, 0x6e, 0x43, 0xc9, 0xb1, 0x18, 0x00, 0xd9, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, \
	0x10, 0x02, 0x00, 0, 0, 0, 0, 0, 0, 0, 0xf8

static const struct header_case {
	const char *name;
	const uint8_t *wire;
	size_t len;
	int code; /* -1: decodes */
	size_t err_at;
} header_cases[] = {
	{ "empty datagram", (const uint8_t[]){ 0 }, 0, L2SEC_IKE_ERROR_MALFORMED, 0 },
	{ "27 bytes: short header", (const uint8_t[]){ MM1_HEADER }, 27, L2SEC_IKE_ERROR_MALFORMED, 0 },
	{ "length 248 but the datagram has 28 bytes", (const uint8_t[]){ MM1_HEADER }, 28,
	    L2SEC_IKE_ERROR_MALFORMED, 24 },
	{ "length 28, datagram 28",
	    (const uint8_t[]){ 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 5, 0, 0, 0, 0,
		1, 0, 0, 0, 28 },
	    28, -1, 0 },
	{ "length 28 but the datagram has 30 bytes (RFC 2408 §5.2: reject)",
	    (const uint8_t[]){ 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 5, 0, 0, 0, 0,
		1, 0, 0, 0, 28, 0, 0 },
	    30, L2SEC_IKE_ERROR_MALFORMED, 24 },
	{ "IKEv2 version 2.0",
	    (const uint8_t[]){ 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0, 33, 0x20, 34, 8, 0, 0,
		0, 0, 0, 0, 0, 28 },
	    28, L2SEC_IKE_ERROR_UNSUPPORTED, 17 },
	{ "version 1.1",
	    (const uint8_t[]){ 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x11, 5, 0, 0, 0, 0,
		0, 0, 0, 0, 28 },
	    28, L2SEC_IKE_ERROR_UNSUPPORTED, 17 },
	{ "length field 2^32-1", (const uint8_t[]){ 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0,
				     0x10, 5, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff },
	    28, L2SEC_IKE_ERROR_MALFORMED, 24 },
};

static void
test_header_cases(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(header_cases); i++) {
		const struct header_case *c = &header_cases[i];
		g_autoptr(GError) error = NULL;
		IsakmpHeader h;
		WireCursor cur;

		wire_init(&cur, c->wire, c->len);
		bool ok = isakmp_header_decode(&cur, &h, &error);
		if (c->code < 0) {
			if (!ok)
				fail_msg("%s: %s", c->name, error->message);
			if (wire_where(&cur) != ISAKMP_HEADER_LEN)
				fail_msg("%s: cursor at %zu", c->name, wire_where(&cur));
			continue;
		}
		if (ok)
			fail_msg("%s: decoded", c->name);
		g_autofree char *where = g_strdup_printf("ISAKMP message, byte %zu: ", c->err_at);
		if (!g_error_matches(error, L2SEC_IKE_ERROR, c->code) ||
		    !g_str_has_prefix(error->message, where))
			fail_msg("%s: got %d \"%s\", want %d at %zu", c->name, error->code,
			    error->message, c->code, c->err_at);
	}
}

static void
test_header_fields_and_round_trip(void **state)
{
	static const uint8_t wire[] = { 0x70, 0x6e, 0x43, 0xc9, 0xb1, 0x18, 0x00, 0xd9, 0x96, 0x74,
		0x2b, 0xb2, 0xcb, 0x51, 0xbb, 0x68, 0x08, 0x10, 0x20, 0x01, 0x3b, 0xdd, 0xcd, 0x2c, 0, 0, 0,
		28 }; /* Quick Mode header of ok-07, length cut to 28 */
	IsakmpHeader h;
	WireCursor c;
	g_autoptr(GError) error = NULL;

	wire_init(&c, wire, sizeof(wire));
	assert_true(isakmp_header_decode(&c, &h, &error));
	assert_memory_equal(h.icookie, wire, 8);
	assert_memory_equal(h.rcookie, wire + 8, 8);
	assert_int_equal(h.next_payload, ISAKMP_PAYLOAD_HASH);
	assert_int_equal(h.major, 1);
	assert_int_equal(h.minor, 0);
	assert_int_equal(h.exchange, ISAKMP_EXCH_QUICK);
	assert_int_equal(h.flags, ISAKMP_FLAG_ENCRYPTION);
	assert_int_equal(h.message_id, 0x3bddcd2c);
	assert_int_equal(h.length, 28);

	g_autoptr(GByteArray) w = g_byte_array_new();
	g_byte_array_append(w, (const guint8 *)"xx", 2); /* the header need not start at 0 */
	size_t at = isakmp_header_encode(&h, w);
	assert_int_equal(at, 2);
	isakmp_header_finish(w, at);
	assert_int_equal(w->len, 30);
	assert_memory_equal(w->data + 2, wire, sizeof(wire));
	isakmp_header_set_next(w, at, ISAKMP_PAYLOAD_SA);
	assert_int_equal(w->data[2 + 16], ISAKMP_PAYLOAD_SA);

	g_autofree char *s = isakmp_header_describe(&h);
	assert_non_null(strstr(s, "Quick Mode (32)"));
	assert_non_null(strstr(s, "message ID 0x3bddcd2c"));
	assert_non_null(strstr(s, "flags E"));
}

/* RFC 3948: port 4500 carries IKE behind a zero marker, keepalives and ESP */
static void
test_udp_encap_classify(void **state)
{
	const struct {
		const char *name;
		const uint8_t *wire;
		size_t len;
		IsakmpUdpEncapKind kind;
	} cases[] = {
		{ "NAT keepalive 0xff (RFC 3948 §2.3)", (const uint8_t[]){ 0xff }, 1, ISAKMP_UDP_ENCAP_KEEPALIVE },
		{ "single 0x00", (const uint8_t[]){ 0 }, 1, ISAKMP_UDP_ENCAP_INVALID },
		{ "empty", (const uint8_t[]){ 0 }, 0, ISAKMP_UDP_ENCAP_INVALID },
		{ "3 bytes", (const uint8_t[]){ 0, 0, 0 }, 3, ISAKMP_UDP_ENCAP_INVALID },
		{ "marker alone", (const uint8_t[]){ 0, 0, 0, 0 }, 4, ISAKMP_UDP_ENCAP_INVALID },
		{ "marker then an ISAKMP header", (const uint8_t[]){ 0, 0, 0, 0, MM1_HEADER }, 32,
		    ISAKMP_UDP_ENCAP_IKE },
		{ "ESP SPI 0xc3fcd8d7", (const uint8_t[]){ 0xc3, 0xfc, 0xd8, 0xd7, 0, 0, 0, 1 }, 8,
		    ISAKMP_UDP_ENCAP_ESP },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
		if (isakmp_udp_encap_classify(cases[i].wire, cases[i].len) != cases[i].kind)
			fail_msg("%s: classified as %d", cases[i].name,
			    isakmp_udp_encap_classify(cases[i].wire, cases[i].len));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_cases),
		cmocka_unit_test(test_header_fields_and_round_trip),
		cmocka_unit_test(test_udp_encap_classify),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
