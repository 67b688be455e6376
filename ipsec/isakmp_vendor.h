/*
 * isakmp_vendor.h — the Vendor IDs an IKEv1 client sends and recognises
 * (notes/ike.md §1; RFC 3947 §3.1, RFC 3706 §4, [MS-IKEE], IKEv1
 * fragmentation). A table lookup on the bytes of a VID payload: no state.
 * Unknown VIDs are fine: isakmp_vendor_describe() prints them as hex.
 */
#ifndef L2SEC_IPSEC_ISAKMP_VENDOR_H
#define L2SEC_IPSEC_ISAKMP_VENDOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

typedef enum {
	ISAKMP_VENDOR_UNKNOWN = 0,
	ISAKMP_VENDOR_NATT_RFC3947,     /* MD5("RFC 3947") */
	ISAKMP_VENDOR_NATT_DRAFT_02,    /* MD5("draft-ietf-ipsec-nat-t-ike-02") */
	ISAKMP_VENDOR_NATT_DRAFT_02N,   /* MD5("draft-ietf-ipsec-nat-t-ike-02\n") */
	ISAKMP_VENDOR_NATT_DRAFT_03,    /* MD5("draft-ietf-ipsec-nat-t-ike-03") */
	ISAKMP_VENDOR_DPD,              /* RFC 3706 §4, version 1.0 */
	ISAKMP_VENDOR_FRAGMENTATION,    /* MD5("FRAGMENTATION"), optional 4-byte capabilities */
	ISAKMP_VENDOR_XAUTH,            /* first 8 bytes of MD5 of the XAUTH draft name */
	ISAKMP_VENDOR_CISCO_UNITY,      /* MD5("CISCO-UNITY") with the last 2 bytes the version */
	ISAKMP_VENDOR_MS_NT5,           /* MD5("MS NT5 ISAKMPOAKLEY") + 4-byte Windows version */
	ISAKMP_VENDOR_MS_KEY_MODS,      /* Windows KEY_MODS [MS-IKEE] + 4-byte value */
	ISAKMP_VENDOR_STRONGSWAN,       /* MD5("strongSwan"), maybe followed by a version */
} IsakmpVendor;

/* What a VID payload says. */
typedef struct IsakmpVendorMatch {
	IsakmpVendor vendor;
	uint32_t suffix;  /* the value after the known prefix (version, capabilities), when has_suffix */
	bool has_suffix;
} IsakmpVendorMatch;

/* Identify a VID's bytes; vendor is ISAKMP_VENDOR_UNKNOWN when none matches. */
IsakmpVendorMatch isakmp_vendor_identify(const void *data, size_t len);
/* The canonical bytes of a VID we send (FRAGMENTATION without capabilities); NULL for UNKNOWN. */
const uint8_t *isakmp_vendor_bytes(IsakmpVendor vendor, size_t *ret_len);
const char *isakmp_vendor_name(IsakmpVendor vendor);
/* "NAT-T RFC 3947", "MS NT5 ISAKMPOAKLEY (Windows version 9)" or the hex; caller frees. */
char *isakmp_vendor_describe(const void *data, size_t len);

#endif
