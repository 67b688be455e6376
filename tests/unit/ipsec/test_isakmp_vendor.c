/*
 * Unit tests for ipsec/isakmp_vendor.c: each known VID, as MD5 of its name
 * (checked here with GChecksum) or as strongSwan/Windows send it.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common/hex.h"
#include "ipsec/isakmp_vendor.h"

/* VIDs that are MD5 of a string (notes/ike.md; RFC 3947 §3.1) */
static const struct md5_case {
	const char *text;
	IsakmpVendor vendor;
} md5_cases[] = {
	{ "RFC 3947", ISAKMP_VENDOR_NATT_RFC3947 },
	{ "draft-ietf-ipsec-nat-t-ike-02", ISAKMP_VENDOR_NATT_DRAFT_02 },
	{ "draft-ietf-ipsec-nat-t-ike-02\n", ISAKMP_VENDOR_NATT_DRAFT_02N },
	{ "draft-ietf-ipsec-nat-t-ike-03", ISAKMP_VENDOR_NATT_DRAFT_03 },
	{ "FRAGMENTATION", ISAKMP_VENDOR_FRAGMENTATION },
	{ "MS NT5 ISAKMPOAKLEY", ISAKMP_VENDOR_MS_NT5 },
	{ "strongSwan", ISAKMP_VENDOR_STRONGSWAN },
};

static void
test_md5_vids(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(md5_cases); i++) {
		const struct md5_case *c = &md5_cases[i];
		uint8_t md5[16];
		gsize len = sizeof(md5);
		g_autoptr(GChecksum) ck = g_checksum_new(G_CHECKSUM_MD5);

		g_checksum_update(ck, (const guchar *)c->text, (gssize)strlen(c->text));
		g_checksum_get_digest(ck, md5, &len);
		IsakmpVendorMatch m = isakmp_vendor_identify(md5, sizeof(md5));
		if (m.vendor != c->vendor || m.has_suffix)
			fail_msg("MD5(\"%s\") identified as %s", c->text, isakmp_vendor_name(m.vendor));
		size_t blen = 0;
		const uint8_t *b = isakmp_vendor_bytes(c->vendor, &blen);
		if (b == NULL || blen != 16 || memcmp(b, md5, 16) != 0)
			fail_msg("%s: canonical bytes differ from MD5(\"%s\")", isakmp_vendor_name(c->vendor), c->text);
	}
}

/* VIDs as peers send them: source of each in its name */
static const struct wire_case {
	const char *name;
	const char *hex;
	IsakmpVendor vendor;
	bool has_suffix;
	uint32_t suffix;
	const char *describe;
} wire_cases[] = {
	{ "strongSwan 5.9.8 XAUTH (ok-01)", "09002689dfd6b712", ISAKMP_VENDOR_XAUTH, false, 0, "XAUTH" },
	{ "strongSwan 5.9.8 DPD (ok-01), RFC 3706 §4", "afcad71368a1f1c96b8696fc77570100",
	    ISAKMP_VENDOR_DPD, false, 0, "DPD" },
	{ "strongSwan 5.9.8 FRAGMENTATION with capabilities (ok-01)",
	    "4048b7d56ebce88525e7de7f00d6c2d380000000", ISAKMP_VENDOR_FRAGMENTATION, true, 0x80000000u,
	    "FRAGMENTATION (0x80000000)" },
	{ "Cisco FRAGMENTATION capabilities 0xc0000000 (notes/ike.md)",
	    "4048b7d56ebce88525e7de7f00d6c2d3c0000000", ISAKMP_VENDOR_FRAGMENTATION, true, 0xc0000000u,
	    "FRAGMENTATION (0xc0000000)" },
	{ "Windows 8+ MS NT5 ISAKMPOAKLEY version 9 ([MS-IKEE])",
	    "1e2b516905991c7d7c96fcbfb587e46100000009", ISAKMP_VENDOR_MS_NT5, true, 9,
	    "MS NT5 ISAKMPOAKLEY (Windows version 9)" },
	{ "Cisco Unity 1.0", "12f5f28c457168a9702d9fe274cc0100", ISAKMP_VENDOR_CISCO_UNITY, true, 0x0100,
	    "Cisco Unity (0x00000100)" },
	{ "Windows KEY_MODS", "01528bbbc00696121849ab9a1c5b2a5100000001", ISAKMP_VENDOR_MS_KEY_MODS, true,
	    1, "MS KEY_MODS (0x00000001)" },
	{ "unknown", "0102030405", ISAKMP_VENDOR_UNKNOWN, false, 0, "unknown vendor ID 0102030405" },
	{ "RFC 3947 cut to 15 bytes", "4a131c81070358455c5728f20e9545", ISAKMP_VENDOR_UNKNOWN, false, 0,
	    "unknown vendor ID 4a131c81070358455c5728f20e9545" },
	{ "RFC 3947 with a byte more", "4a131c81070358455c5728f20e95452f00", ISAKMP_VENDOR_UNKNOWN, false,
	    0, "unknown vendor ID 4a131c81070358455c5728f20e95452f00" },
	{ "empty", "", ISAKMP_VENDOR_UNKNOWN, false, 0, "unknown vendor ID " },
};

static void
test_wire_vids(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(wire_cases); i++) {
		const struct wire_case *c = &wire_cases[i];
		g_autoptr(GByteArray) b = NULL;

		assert_true(l2sec_hex_decode(c->hex, &b, NULL));
		IsakmpVendorMatch m = isakmp_vendor_identify(b->data, b->len);
		if (m.vendor != c->vendor || m.has_suffix != c->has_suffix ||
		    (c->has_suffix && m.suffix != c->suffix))
			fail_msg("%s: %s suffix %d 0x%x", c->name, isakmp_vendor_name(m.vendor),
			    m.has_suffix, m.suffix);
		g_autofree char *d = isakmp_vendor_describe(b->data, b->len);
		if (strcmp(d, c->describe) != 0)
			fail_msg("%s: described as \"%s\"", c->name, d);
	}
	size_t len = 99;
	assert_null(isakmp_vendor_bytes(ISAKMP_VENDOR_UNKNOWN, &len));
	assert_string_equal(isakmp_vendor_name(ISAKMP_VENDOR_UNKNOWN), "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_md5_vids),
		cmocka_unit_test(test_wire_vids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
