/*
 * Unit tests for ipsec/isakmp_payload.c: one table of payload bodies (valid
 * and malformed, each error at its exact byte), then round trips through
 * the builders. Bodies are decoded as the first payload after the header:
 * the generic header is at byte 28, the body at byte 32.
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
#include "ipsec/isakmp_payload.h"

#define AT 28
#define COOKIES 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
#define B8 1, 2, 3, 4, 5, 6, 7, 8

static const struct payload_case {
	const char *name;
	uint8_t type;
	const uint8_t *body;
	size_t len;
	int code; /* -1: decodes */
	size_t err_at;
} payload_cases[] = {
	/* KE, HASH, SIG, NAT-D: opaque, not empty */
	{ "KE of 4 bytes", ISAKMP_PAYLOAD_KE, (const uint8_t[]){ 1, 2, 3, 4 }, 4, -1, 0 },
	{ "empty KE", ISAKMP_PAYLOAD_KE, (const uint8_t[]){ 0 }, 0, L2SEC_IKE_ERROR_MALFORMED, 30 },
	{ "HASH of 20 bytes", ISAKMP_PAYLOAD_HASH, (const uint8_t[]){ B8, B8, 1, 2, 3, 4 }, 20, -1, 0 },
	{ "SIG of 8 bytes", ISAKMP_PAYLOAD_SIG, (const uint8_t[]){ B8 }, 8, -1, 0 },
	{ "NAT-D (RFC 3947)", ISAKMP_PAYLOAD_NAT_D, (const uint8_t[]){ B8, B8, 1, 2, 3, 4 }, 20, -1, 0 },
	{ "NAT-D (draft, 130)", ISAKMP_PAYLOAD_NAT_D_DRAFT, (const uint8_t[]){ B8 }, 8, -1, 0 },
	{ "empty NAT-D", ISAKMP_PAYLOAD_NAT_D, (const uint8_t[]){ 0 }, 0, L2SEC_IKE_ERROR_MALFORMED, 30 },
	/* Nonce: RFC 2409 §5 */
	{ "nonce of 8 bytes", ISAKMP_PAYLOAD_NONCE, (const uint8_t[]){ B8 }, 8, -1, 0 },
	{ "nonce of 7 bytes", ISAKMP_PAYLOAD_NONCE, (const uint8_t[]){ 1, 2, 3, 4, 5, 6, 7 }, 7,
	    L2SEC_IKE_ERROR_INVALID, 30 },
	{ "nonce of 257 bytes", ISAKMP_PAYLOAD_NONCE, (const uint8_t[257]){ 1 }, 257,
	    L2SEC_IKE_ERROR_INVALID, 30 },
	{ "nonce of 256 bytes", ISAKMP_PAYLOAD_NONCE, (const uint8_t[256]){ 1 }, 256, -1, 0 },
	/* ID: RFC 2407 §4.6.2 */
	{ "ID_IPV4_ADDR udp/1701", ISAKMP_PAYLOAD_ID,
	    (const uint8_t[]){ 1, 17, 0x06, 0xa5, 192, 0, 2, 2 }, 8, -1, 0 },
	{ "ID_IPV6_ADDR", ISAKMP_PAYLOAD_ID, (const uint8_t[]){ 5, 0, 0, 0, B8, B8 }, 20, -1, 0 },
	{ "ID_FQDN", ISAKMP_PAYLOAD_ID, (const uint8_t[]){ 2, 0, 0, 0, 'v', 'p', 'n' }, 7, -1, 0 },
	{ "ID_USER_FQDN", ISAKMP_PAYLOAD_ID, (const uint8_t[]){ 3, 0, 0, 0, 'a', '@', 'b' }, 7, -1, 0 },
	{ "ID_DER_ASN1_DN", ISAKMP_PAYLOAD_ID, (const uint8_t[]){ 9, 0, 0, 0, 0x30, 0 }, 6, -1, 0 },
	{ "ID_IPV4_ADDR_SUBNET", ISAKMP_PAYLOAD_ID,
	    (const uint8_t[]){ 4, 0, 0, 0, 10, 0, 0, 0, 255, 0, 0, 0 }, 12, -1, 0 },
	{ "ID of 3 bytes", ISAKMP_PAYLOAD_ID, (const uint8_t[]){ 1, 17, 6 }, 3,
	    L2SEC_IKE_ERROR_MALFORMED, 30 },
	{ "ID_IPV4_ADDR with 3 address bytes", ISAKMP_PAYLOAD_ID,
	    (const uint8_t[]){ 1, 17, 0x06, 0xa5, 192, 0, 2 }, 7, L2SEC_IKE_ERROR_INVALID, 36 },
	{ "ID_IPV6_ADDR_RANGE with 16 bytes", ISAKMP_PAYLOAD_ID,
	    (const uint8_t[]){ 8, 0, 0, 0, B8, B8 }, 20, L2SEC_IKE_ERROR_INVALID, 36 },
	{ "ID_FQDN with no name", ISAKMP_PAYLOAD_ID, (const uint8_t[]){ 2, 0, 0, 0 }, 4,
	    L2SEC_IKE_ERROR_INVALID, 36 },
	{ "ID of unknown type 99 with data", ISAKMP_PAYLOAD_ID, (const uint8_t[]){ 99, 0, 0, 0, 1 }, 5,
	    -1, 0 },
	/* CERT, CERTREQ: RFC 2408 §3.9, §3.10 */
	{ "CERT X.509 signature", ISAKMP_PAYLOAD_CERT, (const uint8_t[]){ 4, 0x30, 0x82 }, 3, -1, 0 },
	{ "CERT with no data", ISAKMP_PAYLOAD_CERT, (const uint8_t[]){ 4 }, 1, L2SEC_IKE_ERROR_MALFORMED,
	    30 },
	{ "empty CERT", ISAKMP_PAYLOAD_CERT, (const uint8_t[]){ 0 }, 0, L2SEC_IKE_ERROR_MALFORMED, 30 },
	{ "CERTREQ X.509 any CA", ISAKMP_PAYLOAD_CERTREQ, (const uint8_t[]){ 4 }, 1, -1, 0 },
	/* N: RFC 2408 §3.14 */
	{ "INITIAL-CONTACT with cookies", ISAKMP_PAYLOAD_NOTIFY,
	    (const uint8_t[]){ 0, 0, 0, 1, 1, 16, 0x60, 0x02, COOKIES }, 24, -1, 0 },
	{ "R-U-THERE with sequence 7", ISAKMP_PAYLOAD_NOTIFY,
	    (const uint8_t[]){ 0, 0, 0, 1, 1, 16, 0x8d, 0x28, COOKIES, 0, 0, 0, 7 }, 28, -1, 0 },
	{ "RESPONDER-LIFETIME for an ESP SPI, with attributes", ISAKMP_PAYLOAD_NOTIFY,
	    (const uint8_t[]){ 0, 0, 0, 1, 3, 4, 0x60, 0x00, 1, 2, 3, 4, 0x80, 0x01, 0, 1, 0x80, 0x02,
		0x0e, 0x10 },
	    20, -1, 0 },
	{ "unknown notify type 40501 still decodes", ISAKMP_PAYLOAD_NOTIFY,
	    (const uint8_t[]){ 0, 0, 0, 1, 1, 0, 0x9e, 0x35, 0xaa }, 9, -1, 0 },
	{ "notify of 7 bytes", ISAKMP_PAYLOAD_NOTIFY, (const uint8_t[]){ 0, 0, 0, 1, 1, 0, 0 }, 7,
	    L2SEC_IKE_ERROR_MALFORMED, 30 },
	{ "notify SPI size 16 overruns", ISAKMP_PAYLOAD_NOTIFY,
	    (const uint8_t[]){ 0, 0, 0, 1, 1, 16, 0x60, 0x02, B8 }, 16, L2SEC_IKE_ERROR_MALFORMED, 37 },
	{ "notify SPI size 20", ISAKMP_PAYLOAD_NOTIFY,
	    (const uint8_t[]){ 0, 0, 0, 1, 1, 20, 0x60, 0x02, COOKIES, 1, 2, 3, 4 }, 28,
	    L2SEC_IKE_ERROR_UNSUPPORTED, 37 },
	/* D: RFC 2408 §3.15 */
	{ "delete ISAKMP SA", ISAKMP_PAYLOAD_DELETE,
	    (const uint8_t[]){ 0, 0, 0, 1, 1, 16, 0, 1, COOKIES }, 24, -1, 0 },
	{ "delete two ESP SPIs", ISAKMP_PAYLOAD_DELETE,
	    (const uint8_t[]){ 0, 0, 0, 1, 3, 4, 0, 2, B8 }, 16, -1, 0 },
	{ "delete: 2 SPIs announced, 1 present", ISAKMP_PAYLOAD_DELETE,
	    (const uint8_t[]){ 0, 0, 0, 1, 3, 4, 0, 2, 1, 2, 3, 4 }, 12, L2SEC_IKE_ERROR_MALFORMED, 38 },
	{ "delete: trailing byte", ISAKMP_PAYLOAD_DELETE,
	    (const uint8_t[]){ 0, 0, 0, 1, 3, 4, 0, 1, 1, 2, 3, 4, 5 }, 13, L2SEC_IKE_ERROR_MALFORMED, 38 },
	{ "delete of 6 bytes", ISAKMP_PAYLOAD_DELETE, (const uint8_t[]){ 0, 0, 0, 1, 3, 4 }, 6,
	    L2SEC_IKE_ERROR_MALFORMED, 30 },
	{ "delete SPI size 32", ISAKMP_PAYLOAD_DELETE,
	    (const uint8_t[]){ 0, 0, 0, 1, 3, 32, 0, 0 }, 8, L2SEC_IKE_ERROR_UNSUPPORTED, 37 },
	/* VID */
	{ "VID XAUTH (8 bytes)", ISAKMP_PAYLOAD_VENDOR,
	    (const uint8_t[]){ 0x09, 0x00, 0x26, 0x89, 0xdf, 0xd6, 0xb7, 0x12 }, 8, -1, 0 },
	{ "VID unknown 3 bytes", ISAKMP_PAYLOAD_VENDOR, (const uint8_t[]){ 1, 2, 3 }, 3, -1, 0 },
	{ "empty VID", ISAKMP_PAYLOAD_VENDOR, (const uint8_t[]){ 0 }, 0, L2SEC_IKE_ERROR_MALFORMED, 30 },
	/* NAT-OA: RFC 3947 §5.2 */
	{ "NAT-OA IPv4", ISAKMP_PAYLOAD_NAT_OA, (const uint8_t[]){ 1, 0, 0, 0, 10, 1, 2, 3 }, 8, -1, 0 },
	{ "NAT-OA draft IPv6", ISAKMP_PAYLOAD_NAT_OA_DRAFT, (const uint8_t[]){ 5, 0, 0, 0, B8, B8 }, 20,
	    -1, 0 },
	{ "NAT-OA FQDN", ISAKMP_PAYLOAD_NAT_OA, (const uint8_t[]){ 2, 0, 0, 0, 'a' }, 5,
	    L2SEC_IKE_ERROR_INVALID, 32 },
	{ "NAT-OA IPv4 with 5 bytes", ISAKMP_PAYLOAD_NAT_OA,
	    (const uint8_t[]){ 1, 0, 0, 0, 10, 1, 2, 3, 4 }, 9, L2SEC_IKE_ERROR_INVALID, 36 },
	{ "NAT-OA of 2 bytes", ISAKMP_PAYLOAD_NAT_OA, (const uint8_t[]){ 1, 0 }, 2,
	    L2SEC_IKE_ERROR_MALFORMED, 30 },
	/* IKEv1 fragments */
	{ "fragment 2 of 2 (last)", ISAKMP_PAYLOAD_FRAGMENT, (const uint8_t[]){ 0, 1, 2, 1, 0xaa, 0xbb },
	    6, -1, 0 },
	{ "fragment of 3 bytes", ISAKMP_PAYLOAD_FRAGMENT, (const uint8_t[]){ 0, 1, 2 }, 3,
	    L2SEC_IKE_ERROR_MALFORMED, 30 },
	/* unknown and Mode Config: opaque, may be empty */
	{ "Mode Config ATTRIBUTE, opaque", ISAKMP_PAYLOAD_ATTRIBUTE, (const uint8_t[]){ 1, 0, 0, 0 }, 4,
	    -1, 0 },
	{ "unknown type 200, empty", 200, (const uint8_t[]){ 0 }, 0, -1, 0 },
};

static void
test_payload_cases(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(payload_cases); i++) {
		const struct payload_case *c = &payload_cases[i];
		g_autoptr(GError) error = NULL;
		IsakmpPayload p;
		WireCursor body;

		wire_init(&body, c->body, c->len);
		body.base = AT + 4;
		bool ok = isakmp_payload_decode(c->type, &body, AT, &p, &error);
		if (c->code < 0) {
			if (!ok)
				fail_msg("%s: %s", c->name, error->message);
			if (p.type != c->type || p.at != AT)
				fail_msg("%s: type %u at %zu", c->name, p.type, p.at);
			/* encodes back to a generic header plus the same body */
			g_autoptr(GByteArray) w = g_byte_array_new();
			size_t start = isakmp_payload_encode(&p, 13, w);
			if (start != 0 || w->len != c->len + 4 || w->data[0] != 13 ||
			    w->data[2] != ((c->len + 4) >> 8) || w->data[3] != ((c->len + 4) & 0xff) ||
			    memcmp(w->data + 4, c->body, c->len) != 0) {
				g_autofree char *hex = l2sec_hex_encode(w->data, w->len);
				fail_msg("%s: re-encoded as %s", c->name, hex);
			}
			g_free(isakmp_payload_describe(&p));
			isakmp_payload_clear(&p);
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
test_decoded_fields(void **state)
{
	IsakmpPayload p;
	WireCursor body;
	uint32_t seq;
	static const uint8_t rut[] = { 0, 0, 0, 1, 1, 16, 0x8d, 0x28, COOKIES, 0, 0, 0, 7 };
	static const uint8_t id[] = { 1, 17, 0x06, 0xa5, 192, 0, 2, 2 };
	static const uint8_t del[] = { 0, 0, 0, 1, 3, 4, 0, 2, B8 };
	static const uint8_t frag[] = { 0, 1, 2, 1, 0xaa, 0xbb };

	wire_init(&body, rut, sizeof(rut));
	assert_true(isakmp_payload_decode(ISAKMP_PAYLOAD_NOTIFY, &body, 0, &p, NULL));
	assert_int_equal(p.u.notify.doi, 1);
	assert_int_equal(p.u.notify.type, ISAKMP_N_DPD_R_U_THERE);
	assert_false(isakmp_notify_is_error(p.u.notify.type));
	assert_true(isakmp_notify_dpd_seq(&p.u.notify, &seq));
	assert_int_equal(seq, 7);
	g_autofree char *d = isakmp_payload_describe(&p);
	assert_non_null(strstr(d, "R-U-THERE"));
	isakmp_payload_clear(&p);

	wire_init(&body, id, sizeof(id));
	assert_true(isakmp_payload_decode(ISAKMP_PAYLOAD_ID, &body, 0, &p, NULL));
	assert_int_equal(p.u.id.type, ISAKMP_ID_IPV4_ADDR);
	assert_int_equal(p.u.id.protocol, 17);
	assert_int_equal(p.u.id.port, 1701);
	assert_memory_equal(g_bytes_get_data(p.u.id.data, NULL), id + 4, 4);
	isakmp_payload_clear(&p);

	wire_init(&body, del, sizeof(del));
	assert_true(isakmp_payload_decode(ISAKMP_PAYLOAD_DELETE, &body, 0, &p, NULL));
	assert_int_equal(p.u.del.protocol, ISAKMP_PROTO_ESP);
	assert_int_equal(p.u.del.count, 2);
	assert_int_equal(p.u.del.spi_len, 4);
	assert_int_equal(g_bytes_get_size(p.u.del.spis), 8);
	isakmp_payload_clear(&p);

	wire_init(&body, frag, sizeof(frag));
	assert_true(isakmp_payload_decode(ISAKMP_PAYLOAD_FRAGMENT, &body, 0, &p, NULL));
	assert_int_equal(p.u.fragment.id, 1);
	assert_int_equal(p.u.fragment.number, 2);
	assert_true(p.u.fragment.flags & ISAKMP_FRAGMENT_LAST);
	assert_int_equal(g_bytes_get_size(p.u.fragment.data), 2);
	isakmp_payload_clear(&p);
	isakmp_payload_clear(NULL);
}

/* Each builder's payload decodes to what was put in. */
static void
test_builders_round_trip(void **state)
{
	static const uint8_t addr4[4] = { 192, 168, 1, 10 };
	static const uint8_t addr6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const uint8_t spis[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	IsakmpPayload built[6], back;

	isakmp_payload_init_nat_oa(&built[0], ISAKMP_PAYLOAD_NAT_OA, addr4, 4);
	isakmp_payload_init_nat_oa(&built[1], ISAKMP_PAYLOAD_NAT_OA_DRAFT, addr6, 16);
	isakmp_payload_init_id(&built[2], ISAKMP_ID_USER_FQDN, 0, 0, "alice@example.com", 17);
	isakmp_payload_init_delete(&built[3], ISAKMP_PROTO_ESP, spis, 4, 2);
	isakmp_payload_init_notify(&built[4], ISAKMP_PROTO_ESP, ISAKMP_N_INITIAL_CONTACT, spis, 4, NULL, 0);
	isakmp_payload_init_fragment(&built[5], 7, 1, 0, spis, sizeof(spis));
	for (size_t i = 0; i < G_N_ELEMENTS(built); i++) {
		g_autoptr(GByteArray) w = g_byte_array_new();
		g_autoptr(GByteArray) w2 = g_byte_array_new();
		g_autoptr(GError) error = NULL;
		WireCursor c, body;
		uint8_t next;
		size_t at;

		isakmp_payload_encode(&built[i], 0, w);
		wire_init(&c, w->data, w->len);
		assert_true(wire_get_u8(&c, &next) && wire_get_bytes(&c, NULL, 3));
		assert_true(wire_sub(&c, wire_left(&c), &body));
		at = 0;
		if (!isakmp_payload_decode(built[i].type, &body, at, &back, &error))
			fail_msg("builder %zu: %s", i, error->message);
		isakmp_payload_encode(&back, 0, w2);
		assert_int_equal(w2->len, w->len);
		assert_memory_equal(w2->data, w->data, w->len);
		isakmp_payload_clear(&back);
	}
	assert_int_equal(built[1].u.nat_oa.id_type, ISAKMP_ID_IPV6_ADDR);
	for (size_t i = 0; i < G_N_ELEMENTS(built); i++)
		isakmp_payload_clear(&built[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_payload_cases),
		cmocka_unit_test(test_decoded_fields),
		cmocka_unit_test(test_builders_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
