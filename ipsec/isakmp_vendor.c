/* isakmp_vendor.c — known IKEv1 Vendor IDs; see isakmp_vendor.h. */
#include "config.h"

#include <string.h>

#include "common/hex.h"
#include "ipsec/isakmp_vendor.h"

/*
 * prefix: how many bytes must match; the rest of `bytes` (up to len) is the
 * canonical form we send. suffix: the bytes after the prefix hold a number
 * (at most 4), as Windows' version and FRAGMENTATION's capabilities do.
 */
static const struct vendor_entry {
	IsakmpVendor vendor;
	const char *name;
	uint8_t bytes[16];
	size_t len;    /* canonical length */
	size_t prefix; /* bytes that identify it */
	size_t max;    /* longest accepted VID */
} vendors[] = {
	/* RFC 3947 §3.1; the drafts for peers that predate it (notes/ike.md) */
	{ ISAKMP_VENDOR_NATT_RFC3947, "NAT-T RFC 3947",
	    { 0x4a, 0x13, 0x1c, 0x81, 0x07, 0x03, 0x58, 0x45, 0x5c, 0x57, 0x28, 0xf2, 0x0e, 0x95, 0x45, 0x2f },
	    16, 16, 16 },
	{ ISAKMP_VENDOR_NATT_DRAFT_02, "NAT-T draft-02",
	    { 0xcd, 0x60, 0x46, 0x43, 0x35, 0xdf, 0x21, 0xf8, 0x7c, 0xfd, 0xb2, 0xfc, 0x68, 0xb6, 0xa4, 0x48 },
	    16, 16, 16 },
	{ ISAKMP_VENDOR_NATT_DRAFT_02N, "NAT-T draft-02\\n",
	    { 0x90, 0xcb, 0x80, 0x91, 0x3e, 0xbb, 0x69, 0x6e, 0x08, 0x63, 0x81, 0xb5, 0xec, 0x42, 0x7b, 0x1f },
	    16, 16, 16 },
	{ ISAKMP_VENDOR_NATT_DRAFT_03, "NAT-T draft-03",
	    { 0x7d, 0x94, 0x19, 0xa6, 0x53, 0x10, 0xca, 0x6f, 0x2c, 0x17, 0x9d, 0x92, 0x15, 0x52, 0x9d, 0x56 },
	    16, 16, 16 },
	/* RFC 3706 §4: the last two bytes are version 1.0 */
	{ ISAKMP_VENDOR_DPD, "DPD",
	    { 0xaf, 0xca, 0xd7, 0x13, 0x68, 0xa1, 0xf1, 0xc9, 0x6b, 0x86, 0x96, 0xfc, 0x77, 0x57, 0x01, 0x00 },
	    16, 16, 16 },
	/* Cisco/strongSwan: MD5("FRAGMENTATION"), maybe 4 bytes of capabilities (0x80000000) */
	{ ISAKMP_VENDOR_FRAGMENTATION, "FRAGMENTATION",
	    { 0x40, 0x48, 0xb7, 0xd5, 0x6e, 0xbc, 0xe8, 0x85, 0x25, 0xe7, 0xde, 0x7f, 0x00, 0xd6, 0xc2, 0xd3 },
	    16, 16, 20 },
	{ ISAKMP_VENDOR_XAUTH, "XAUTH",
	    { 0x09, 0x00, 0x26, 0x89, 0xdf, 0xd6, 0xb7, 0x12 }, 8, 8, 8 },
	/* MD5("CISCO-UNITY") with the last two bytes replaced by the version (1.0) */
	{ ISAKMP_VENDOR_CISCO_UNITY, "Cisco Unity",
	    { 0x12, 0xf5, 0xf2, 0x8c, 0x45, 0x71, 0x68, 0xa9, 0x70, 0x2d, 0x9f, 0xe2, 0x74, 0xcc, 0x01, 0x00 },
	    16, 14, 16 },
	/* [MS-IKEE]: followed by 4 bytes of Windows version (9 = Windows 8 and later) */
	{ ISAKMP_VENDOR_MS_NT5, "MS NT5 ISAKMPOAKLEY",
	    { 0x1e, 0x2b, 0x51, 0x69, 0x05, 0x99, 0x1c, 0x7d, 0x7c, 0x96, 0xfc, 0xbf, 0xb5, 0x87, 0xe4, 0x61 },
	    16, 16, 20 },
	{ ISAKMP_VENDOR_MS_KEY_MODS, "MS KEY_MODS",
	    { 0x01, 0x52, 0x8b, 0xbb, 0xc0, 0x06, 0x96, 0x12, 0x18, 0x49, 0xab, 0x9a, 0x1c, 0x5b, 0x2a, 0x51 },
	    16, 16, 20 },
	{ ISAKMP_VENDOR_STRONGSWAN, "strongSwan",
	    { 0x88, 0x2f, 0xe5, 0x6d, 0x6f, 0xd2, 0x0d, 0xbc, 0x22, 0x51, 0x61, 0x3b, 0x2e, 0xbe, 0x5b, 0xeb },
	    16, 16, 20 },
};

static const struct vendor_entry *
vendor_find(IsakmpVendor vendor)
{
	for (size_t i = 0; i < G_N_ELEMENTS(vendors); i++)
		if (vendors[i].vendor == vendor)
			return &vendors[i];
	return NULL;
}

IsakmpVendorMatch
isakmp_vendor_identify(const void *data, size_t len)
{
	IsakmpVendorMatch m = { ISAKMP_VENDOR_UNKNOWN, 0, false };
	const uint8_t *p = data;

	for (size_t i = 0; i < G_N_ELEMENTS(vendors); i++) {
		const struct vendor_entry *e = &vendors[i];
		if (len < e->prefix || len > e->max || memcmp(p, e->bytes, e->prefix) != 0)
			continue;
		/* an exact-length VID has nothing after its prefix but its own version bytes */
		if (len < e->len)
			continue;
		m.vendor = e->vendor;
		if (len > e->prefix) {
			size_t from = e->prefix == e->len ? e->len : e->prefix;
			m.has_suffix = len > from;
			for (size_t j = from; j < len; j++)
				m.suffix = (m.suffix << 8) | p[j];
		}
		return m;
	}
	return m;
}

const uint8_t *
isakmp_vendor_bytes(IsakmpVendor vendor, size_t *ret_len)
{
	const struct vendor_entry *e = vendor_find(vendor);

	if (e == NULL)
		return NULL;
	*ret_len = e->len;
	return e->bytes;
}

const char *
isakmp_vendor_name(IsakmpVendor vendor)
{
	const struct vendor_entry *e = vendor_find(vendor);
	return e != NULL ? e->name : "unknown";
}

char *
isakmp_vendor_describe(const void *data, size_t len)
{
	IsakmpVendorMatch m = isakmp_vendor_identify(data, len);
	g_autofree char *hex = NULL;

	if (m.vendor == ISAKMP_VENDOR_UNKNOWN) {
		hex = l2sec_hex_encode(data, len);
		return g_strdup_printf("unknown vendor ID %s", hex);
	}
	if (m.vendor == ISAKMP_VENDOR_MS_NT5 && m.has_suffix)
		return g_strdup_printf("%s (Windows version %u)", isakmp_vendor_name(m.vendor), m.suffix);
	if (m.has_suffix)
		return g_strdup_printf("%s (0x%08x)", isakmp_vendor_name(m.vendor), m.suffix);
	return g_strdup(isakmp_vendor_name(m.vendor));
}
