/*
 * Unit tests for ipsec/isakmp_sa.c: SA / Proposal / Transform bodies from
 * strongSwan and hand-made malformed ones, each error at its exact byte; the
 * builders' output decodes to what was built and encodes back the same.
 * Offsets: each SA body is decoded as if it followed the ISAKMP header and
 * its own generic header, so its first byte is datagram byte 32.
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
#include "ipsec/isakmp_sa.h"

#define BODY_AT 32
#define DOI_SIT 0, 0, 0, 1, 0, 0, 0, 1
/* a proposal (at 40) of one transform (at 48) with n attribute bytes */
#define PROP(plen, count) 0, 0, 0, (plen), 1, 1, 0, (count)
#define TRANS(tlen) 0, 0, 0, (tlen), 1, 1, 0, 0

static const struct sa_case {
	const char *name;
	const uint8_t *wire;
	size_t len;
	int code; /* -1: decodes */
	size_t err_at;
} sa_cases[] = {
	{ "strongSwan 5.9.8 responder's choice (ok-02): AES-256/SHA2-256/MODP2048/PSK",
	    (const uint8_t[]){ DOI_SIT, PROP(0x2c, 1), TRANS(0x24), 0x80, 0x01, 0x00, 0x07, 0x80, 0x0e,
		0x01, 0x00, 0x80, 0x02, 0x00, 0x04, 0x80, 0x04, 0x00, 0x0e, 0x80, 0x03, 0x00, 0x01,
		0x80, 0x0b, 0x00, 0x01, 0x80, 0x0c, 0x3d, 0xe0 },
	    52, -1, 0 },
	{ "6 bytes: no room for DOI and situation", (const uint8_t[]){ 0, 0, 0, 1, 0, 0 }, 6,
	    L2SEC_IKE_ERROR_MALFORMED, 32 },
	{ "DOI 2", (const uint8_t[]){ 0, 0, 0, 2, 0, 0, 0, 1, PROP(8, 1) }, 16,
	    L2SEC_IKE_ERROR_UNSUPPORTED, 32 },
	{ "situation SIT_SECRECY", (const uint8_t[]){ 0, 0, 0, 1, 0, 0, 0, 2, PROP(8, 1) }, 16,
	    L2SEC_IKE_ERROR_UNSUPPORTED, 36 },
	{ "no proposal", (const uint8_t[]){ DOI_SIT }, 8, L2SEC_IKE_ERROR_MALFORMED, 40 },
	{ "3 bytes where a proposal should be", (const uint8_t[]){ DOI_SIT, 0, 0, 0 }, 11,
	    L2SEC_IKE_ERROR_MALFORMED, 40 },
	{ "proposal length 7", (const uint8_t[]){ DOI_SIT, PROP(7, 1) }, 16, L2SEC_IKE_ERROR_MALFORMED,
	    42 },
	{ "proposal overruns its SA", (const uint8_t[]){ DOI_SIT, PROP(40, 1), TRANS(8) }, 24,
	    L2SEC_IKE_ERROR_MALFORMED, 42 },
	{ "proposal next payload 5",
	    (const uint8_t[]){ DOI_SIT, 5, 0, 0, 16, 1, 1, 0, 1, TRANS(8) }, 24,
	    L2SEC_IKE_ERROR_MALFORMED, 40 },
	{ "proposal says another follows but the SA ends",
	    (const uint8_t[]){ DOI_SIT, 2, 0, 0, 16, 1, 1, 0, 1, TRANS(8) }, 24,
	    L2SEC_IKE_ERROR_MALFORMED, 56 },
	{ "SPI size 200 overruns the proposal",
	    (const uint8_t[]){ DOI_SIT, 0, 0, 0, 20, 1, 3, 200, 1, 1, 2, 3, 4, TRANS(8) }, 28,
	    L2SEC_IKE_ERROR_MALFORMED, 46 },
	{ "SPI size 17",
	    (const uint8_t[]){ DOI_SIT, 0, 0, 0, 25, 1, 3, 17, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
		13, 14, 15, 16, 17 },
	    33, L2SEC_IKE_ERROR_UNSUPPORTED, 46 },
	{ "no transform", (const uint8_t[]){ DOI_SIT, PROP(8, 0) }, 16, L2SEC_IKE_ERROR_MALFORMED, 47 },
	{ "# of Transforms 2, one present", (const uint8_t[]){ DOI_SIT, PROP(16, 2), TRANS(8) }, 24,
	    L2SEC_IKE_ERROR_MALFORMED, 47 },
	{ "transform length 7", (const uint8_t[]){ DOI_SIT, PROP(16, 1), TRANS(7), 0 }, 24,
	    L2SEC_IKE_ERROR_MALFORMED, 50 },
	{ "transform overruns its proposal", (const uint8_t[]){ DOI_SIT, PROP(16, 1), TRANS(12) }, 24,
	    L2SEC_IKE_ERROR_MALFORMED, 50 },
	{ "transform next payload 2",
	    (const uint8_t[]){ DOI_SIT, PROP(16, 1), 2, 0, 0, 8, 1, 1, 0, 0 }, 24,
	    L2SEC_IKE_ERROR_MALFORMED, 48 },
	{ "bytes after the last transform",
	    (const uint8_t[]){ DOI_SIT, PROP(18, 1), TRANS(8), 0xee, 0xee }, 26,
	    L2SEC_IKE_ERROR_MALFORMED, 56 },
	{ "bytes after the last proposal",
	    (const uint8_t[]){ DOI_SIT, PROP(16, 1), TRANS(8), 0xee }, 25, L2SEC_IKE_ERROR_MALFORMED,
	    56 },
	{ "attribute cut to 2 bytes",
	    (const uint8_t[]){ DOI_SIT, PROP(18, 1), TRANS(10), 0x80, 0x01 }, 26,
	    L2SEC_IKE_ERROR_MALFORMED, 56 },
	{ "TLV attribute overruns its transform",
	    (const uint8_t[]){ DOI_SIT, PROP(22, 1), TRANS(14), 0x00, 0x0c, 0x00, 0x04, 0, 1 }, 30,
	    L2SEC_IKE_ERROR_MALFORMED, 58 },
	{ "life duration of 9 significant bytes",
	    (const uint8_t[]){ DOI_SIT, PROP(29, 1), TRANS(21), 0x00, 0x0c, 0x00, 0x09, 1, 0, 0, 0, 0,
		0, 0, 0, 0 },
	    37, L2SEC_IKE_ERROR_UNSUPPORTED, 60 },
	{ "life duration of 9 bytes with a leading zero (fits 64 bits)",
	    (const uint8_t[]){ DOI_SIT, PROP(29, 1), TRANS(21), 0x00, 0x0c, 0x00, 0x09, 0, 1, 0, 0, 0,
		0, 0, 0, 0 },
	    37, -1, 0 },
	{ "unknown attribute of 0 bytes, then a group prime of 3 bytes",
	    (const uint8_t[]){ DOI_SIT, PROP(27, 1), TRANS(19), 0x7f, 0x00, 0x00, 0x00, 0x00, 0x06,
		0x00, 0x03, 0xc9, 0x0f, 0xda },
	    35, -1, 0 },
};

static void
test_sa_cases(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(sa_cases); i++) {
		const struct sa_case *c = &sa_cases[i];
		g_autoptr(GError) error = NULL;
		IsakmpSa sa;
		WireCursor body;

		wire_init(&body, c->wire, c->len);
		body.base = BODY_AT;
		memset(&sa, 0x5a, sizeof(sa)); /* decode must not rely on a zeroed ret */
		bool ok = isakmp_sa_decode(&body, &sa, &error);
		if (c->code < 0) {
			if (!ok)
				fail_msg("%s: %s", c->name, error->message);
			/* re-encoding gives the same bytes */
			g_autoptr(GByteArray) w = g_byte_array_new();
			isakmp_sa_encode(&sa, w);
			if (w->len != c->len || memcmp(w->data, c->wire, c->len) != 0) {
				g_autofree char *hex = l2sec_hex_encode(w->data, w->len);
				fail_msg("%s: re-encoded as %s", c->name, hex);
			}
			isakmp_sa_clear(&sa);
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

/* The attributes of the unknown/group-prime case: kept in order, bytes as sent. */
static void
test_attributes(void **state)
{
	const struct sa_case *c = &sa_cases[G_N_ELEMENTS(sa_cases) - 1];
	const struct sa_case *life = &sa_cases[G_N_ELEMENTS(sa_cases) - 2];
	WireCursor body;
	IsakmpSa sa;
	uint64_t v;

	wire_init(&body, c->wire, c->len);
	assert_true(isakmp_sa_decode(&body, &sa, NULL));
	const IsakmpProposal *p = &g_array_index(sa.proposals, IsakmpProposal, 0);
	const IsakmpTransform *t = &g_array_index(p->transforms, IsakmpTransform, 0);
	assert_int_equal(t->attrs->len, 2);
	const IsakmpAttr *a0 = &g_array_index(t->attrs, IsakmpAttr, 0);
	const IsakmpAttr *a1 = &g_array_index(t->attrs, IsakmpAttr, 1);
	assert_int_equal(a0->type, 0x7f00);
	assert_false(a0->tv);
	assert_int_equal(g_bytes_get_size(a0->data), 0);
	assert_int_equal(a1->type, IKE_ATTR_GROUP_PRIME);
	assert_int_equal(a1->at, 28);
	assert_true(a1->value_ok);
	assert_int_equal(a1->value, 0xc90fda);
	assert_true(isakmp_transform_get(t, IKE_ATTR_GROUP_PRIME, &v));
	assert_false(isakmp_transform_get(t, IKE_ATTR_HASH, &v));
	isakmp_sa_clear(&sa);
	isakmp_sa_clear(&sa); /* twice is fine */

	wire_init(&body, life->wire, life->len);
	assert_true(isakmp_sa_decode(&body, &sa, NULL));
	t = &g_array_index(g_array_index(sa.proposals, IsakmpProposal, 0).transforms, IsakmpTransform, 0);
	assert_true(isakmp_transform_get(t, IKE_ATTR_LIFE_DURATION, &v));
	assert_true(v == 0x0100000000000000ULL);
	isakmp_sa_clear(&sa);
}

/* The initiator's offers as l2sec builds them: phase 1 and a Quick Mode ESP offer with NAT-T. */
static void
test_build_round_trip(void **state)
{
	static const uint8_t spi[4] = { 0xca, 0xfe, 0xba, 0xbe };
	IsakmpSa sa, back;
	IsakmpProposal *p;
	IsakmpTransform *t;
	WireCursor body;
	g_autoptr(GError) error = NULL;
	g_autoptr(GByteArray) w = g_byte_array_new();
	g_autoptr(GByteArray) w2 = g_byte_array_new();
	uint64_t secs, kb, v;

	isakmp_sa_init(&sa, ISAKMP_DOI_IPSEC, ISAKMP_SIT_IDENTITY_ONLY);
	p = isakmp_sa_add_proposal(&sa, 1, ISAKMP_PROTO_ISAKMP, NULL, 0);
	t = isakmp_proposal_add_transform(p, 1, ISAKMP_TRANSFORM_KEY_IKE);
	isakmp_transform_add_tv(t, IKE_ATTR_ENCRYPTION, IKE_ENCR_AES_CBC);
	isakmp_transform_add_tv(t, IKE_ATTR_KEY_LENGTH, 256);
	isakmp_transform_add_tv(t, IKE_ATTR_HASH, IKE_HASH_SHA2_256);
	isakmp_transform_add_tv(t, IKE_ATTR_GROUP_DESC, 14);
	isakmp_transform_add_tv(t, IKE_ATTR_AUTH_METHOD, IKE_AUTH_PSK);
	isakmp_transform_add_tv(t, IKE_ATTR_LIFE_TYPE, IKE_LIFE_SECONDS);
	isakmp_transform_add_uint(t, IKE_ATTR_LIFE_DURATION, 28800);
	isakmp_transform_add_tv(t, IKE_ATTR_LIFE_TYPE, IKE_LIFE_KILOBYTES);
	isakmp_transform_add_uint(t, IKE_ATTR_LIFE_DURATION, 0x123456789aULL); /* 8-byte TLV */
	t = isakmp_proposal_add_transform(p, 2, ISAKMP_TRANSFORM_KEY_IKE);
	isakmp_transform_add_tv(t, IKE_ATTR_ENCRYPTION, IKE_ENCR_3DES_CBC);
	isakmp_transform_add_uint(t, IKE_ATTR_LIFE_DURATION, 86400); /* 4-byte TLV */
	p = isakmp_sa_add_proposal(&sa, 2, ISAKMP_PROTO_ESP, spi, sizeof(spi));
	t = isakmp_proposal_add_transform(p, 1, ISAKMP_ESP_AES_GCM_16);
	isakmp_transform_add_tv(t, IPSEC_ATTR_ENCAP_MODE, IPSEC_ENCAP_UDP_TRANSPORT_DRAFT);
	isakmp_sa_encode(&sa, w);

	wire_init(&body, w->data, w->len);
	if (!isakmp_sa_decode(&body, &back, &error))
		fail_msg("%s", error->message);
	assert_int_equal(back.proposals->len, 2);
	const IsakmpProposal *bp = &g_array_index(back.proposals, IsakmpProposal, 0);
	assert_int_equal(bp->transforms->len, 2);
	const IsakmpTransform *bt = &g_array_index(bp->transforms, IsakmpTransform, 0);
	isakmp_transform_get_life(bt, ISAKMP_PROTO_ISAKMP, &secs, &kb);
	assert_int_equal(secs, 28800);
	assert_true(kb == 0x123456789aULL);
	assert_false(g_array_index(bt->attrs, IsakmpAttr, 8).tv);
	assert_int_equal(g_bytes_get_size(g_array_index(bt->attrs, IsakmpAttr, 8).data), 8);
	bt = &g_array_index(bp->transforms, IsakmpTransform, 1);
	assert_true(isakmp_transform_get(bt, IKE_ATTR_LIFE_DURATION, &v));
	assert_int_equal(v, 86400);
	assert_int_equal(g_bytes_get_size(g_array_index(bt->attrs, IsakmpAttr, 1).data), 4);
	bp = &g_array_index(back.proposals, IsakmpProposal, 1);
	assert_int_equal(bp->number, 2);
	assert_int_equal(bp->protocol, ISAKMP_PROTO_ESP);
	assert_int_equal(bp->spi_len, 4);
	assert_memory_equal(bp->spi, spi, 4);
	bt = &g_array_index(bp->transforms, IsakmpTransform, 0);
	assert_int_equal(bt->id, ISAKMP_ESP_AES_GCM_16);
	assert_true(isakmp_transform_get(bt, IPSEC_ATTR_ENCAP_MODE, &v));
	assert_int_equal(v, 61444);
	isakmp_sa_encode(&back, w2);
	assert_int_equal(w2->len, w->len);
	assert_memory_equal(w2->data, w->data, w->len);
	isakmp_sa_clear(&sa);
	isakmp_sa_clear(&back);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sa_cases),
		cmocka_unit_test(test_attributes),
		cmocka_unit_test(test_build_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
