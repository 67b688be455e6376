/*
 * Unit tests for ipsec/isakmp_names.c: numbers from the RFCs map to their
 * names (RFC 2408 §3.1/§3.14.1, RFC 2407 §4.4–4.6, RFC 2409 App. A, RFC 3947,
 * RFC 3706), and numbers without a name say "unknown".
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <glib.h>

#include "ipsec/isakmp.h"

static void
test_notify_names(void **state)
{
	/* RFC 2408 §3.14.1: 1..30 are all named, in order */
	static const char *const rfc2408[] = { "INVALID-PAYLOAD-TYPE", "DOI-NOT-SUPPORTED",
		"SITUATION-NOT-SUPPORTED", "INVALID-COOKIE", "INVALID-MAJOR-VERSION",
		"INVALID-MINOR-VERSION", "INVALID-EXCHANGE-TYPE", "INVALID-FLAGS", "INVALID-MESSAGE-ID",
		"INVALID-PROTOCOL-ID", "INVALID-SPI", "INVALID-TRANSFORM-ID", "ATTRIBUTES-NOT-SUPPORTED",
		"NO-PROPOSAL-CHOSEN", "BAD-PROPOSAL-SYNTAX", "PAYLOAD-MALFORMED",
		"INVALID-KEY-INFORMATION", "INVALID-ID-INFORMATION", "INVALID-CERT-ENCODING",
		"INVALID-CERTIFICATE", "CERT-TYPE-UNSUPPORTED", "INVALID-CERT-AUTHORITY",
		"INVALID-HASH-INFORMATION", "AUTHENTICATION-FAILED", "INVALID-SIGNATURE",
		"ADDRESS-NOTIFICATION", "NOTIFY-SA-LIFETIME", "CERTIFICATE-UNAVAILABLE",
		"UNSUPPORTED-EXCHANGE-TYPE", "UNEQUAL-PAYLOAD-LENGTHS" };
	static const struct {
		uint16_t type;
		const char *name;
		bool error;
	} status[] = {
		{ 16384, "CONNECTED", false },
		{ 24576, "RESPONDER-LIFETIME", false }, /* RFC 2407 §4.6.3 */
		{ 24577, "REPLAY-STATUS", false },
		{ 24578, "INITIAL-CONTACT", false },
		{ 36136, "R-U-THERE", false }, /* RFC 3706 §5 */
		{ 36137, "R-U-THERE-ACK", false },
		{ 31, "unknown", true },
		{ 8192, "unknown", true }, /* private use errors */
		{ 40501, "CISCO-LOAD-BALANCE", false },
		{ 40000, "unknown", false },
	};

	for (uint16_t t = 1; t <= 30; t++) {
		if (strcmp(isakmp_notify_name(t), rfc2408[t - 1]) != 0)
			fail_msg("notify %u is %s", t, isakmp_notify_name(t));
		assert_true(isakmp_notify_is_error(t));
	}
	for (size_t i = 0; i < G_N_ELEMENTS(status); i++) {
		if (strcmp(isakmp_notify_name(status[i].type), status[i].name) != 0 ||
		    isakmp_notify_is_error(status[i].type) != status[i].error)
			fail_msg("notify %u is %s", status[i].type, isakmp_notify_name(status[i].type));
	}
	assert_false(isakmp_notify_is_error(0));
}

static void
test_other_names(void **state)
{
	const struct {
		const char *what, *got, *want;
	} cases[] = {
		{ "payload 1", isakmp_payload_name(1), "SA" },
		{ "payload 13", isakmp_payload_name(13), "Vendor ID" },
		{ "payload 20 (RFC 3947)", isakmp_payload_name(20), "NAT-D" },
		{ "payload 131 (draft)", isakmp_payload_name(131), "NAT-OA (draft)" },
		{ "payload 132", isakmp_payload_name(132), "Fragment" },
		{ "payload 99", isakmp_payload_name(99), "unknown" },
		{ "exchange 2", isakmp_exchange_name(2), "Main Mode (Identity Protection)" },
		{ "exchange 32", isakmp_exchange_name(32), "Quick Mode" },
		{ "exchange 5", isakmp_exchange_name(5), "Informational" },
		{ "exchange 34 (IKEv2)", isakmp_exchange_name(34), "unknown" },
		{ "protocol 3", isakmp_protocol_name(3), "ESP" },
		{ "ESP transform 12", isakmp_transform_name(ISAKMP_PROTO_ESP, 12), "AES-CBC" },
		{ "ESP transform 20", isakmp_transform_name(ISAKMP_PROTO_ESP, 20), "AES-GCM-16" },
		{ "AH transform 3", isakmp_transform_name(ISAKMP_PROTO_AH, 3), "AH-SHA" },
		{ "ISAKMP transform 1", isakmp_transform_name(ISAKMP_PROTO_ISAKMP, 1), "KEY_IKE" },
		{ "ID 1", isakmp_id_type_name(1), "ID_IPV4_ADDR" },
		{ "ID 4", isakmp_id_type_name(4), "ID_IPV4_ADDR_SUBNET" },
		{ "ID 9", isakmp_id_type_name(9), "ID_DER_ASN1_DN" },
		{ "ID 11", isakmp_id_type_name(11), "ID_KEY_ID" },
		{ "cert 4", isakmp_cert_encoding_name(4), "X.509 signature" },
		{ "IKE attr 1", isakmp_attr_name(ISAKMP_PROTO_ISAKMP, 1), "Encryption Algorithm" },
		{ "IKE attr 12", isakmp_attr_name(ISAKMP_PROTO_ISAKMP, 12), "Life Duration" },
		{ "IKE attr 14", isakmp_attr_name(ISAKMP_PROTO_ISAKMP, 14), "Key Length" },
		{ "IPsec attr 4", isakmp_attr_name(ISAKMP_PROTO_ESP, 4), "Encapsulation Mode" },
		{ "IPsec attr 5", isakmp_attr_name(ISAKMP_PROTO_ESP, 5), "Authentication Algorithm" },
		{ "IKE encr 7", isakmp_attr_value_name(ISAKMP_PROTO_ISAKMP, 1, 7), "AES-CBC" },
		{ "IKE encr 5", isakmp_attr_value_name(ISAKMP_PROTO_ISAKMP, 1, 5), "3DES-CBC" },
		{ "IKE hash 4", isakmp_attr_value_name(ISAKMP_PROTO_ISAKMP, 2, 4), "SHA2-256" },
		{ "IKE auth 1", isakmp_attr_value_name(ISAKMP_PROTO_ISAKMP, 3, 1), "pre-shared key" },
		{ "IKE auth 65001", isakmp_attr_value_name(ISAKMP_PROTO_ISAKMP, 3, 65001),
		    "XAUTH initiator pre-shared key" },
		{ "IKE group 14", isakmp_attr_value_name(ISAKMP_PROTO_ISAKMP, 4, 14), "MODP2048" },
		{ "IKE group 19", isakmp_attr_value_name(ISAKMP_PROTO_ISAKMP, 4, 19), "ECP256" },
		{ "IKE life type 1", isakmp_attr_value_name(ISAKMP_PROTO_ISAKMP, 11, 1), "seconds" },
		{ "IKE life duration has no value names", isakmp_attr_value_name(ISAKMP_PROTO_ISAKMP, 12, 1),
		    "unknown" },
		{ "IPsec encap 4 (RFC 3947)", isakmp_attr_value_name(ISAKMP_PROTO_ESP, 4, 4),
		    "UDP-Encapsulated-Transport" },
		{ "IPsec encap 61444 (draft)", isakmp_attr_value_name(ISAKMP_PROTO_ESP, 4, 61444),
		    "UDP-Encapsulated-Transport (draft)" },
		{ "IPsec auth 2", isakmp_attr_value_name(ISAKMP_PROTO_ESP, 5, 2), "HMAC-SHA1" },
		{ "IPsec life type 2", isakmp_attr_value_name(ISAKMP_PROTO_ESP, 1, 2), "kilobytes" },
		{ "huge value", isakmp_attr_value_name(ISAKMP_PROTO_ESP, 4, 1ULL << 40), "unknown" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
		if (strcmp(cases[i].got, cases[i].want) != 0)
			fail_msg("%s: \"%s\", want \"%s\"", cases[i].what, cases[i].got, cases[i].want);
	assert_true(isakmp_attr_is_basic(ISAKMP_PROTO_ISAKMP, IKE_ATTR_ENCRYPTION));
	assert_false(isakmp_attr_is_basic(ISAKMP_PROTO_ISAKMP, IKE_ATTR_LIFE_DURATION));
	assert_false(isakmp_attr_is_basic(ISAKMP_PROTO_ESP, IPSEC_ATTR_SA_LIFE_DURATION));
	assert_true(isakmp_attr_is_basic(ISAKMP_PROTO_ESP, IPSEC_ATTR_ENCAP_MODE));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_notify_names),
		cmocka_unit_test(test_other_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
