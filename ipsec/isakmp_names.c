/* isakmp_names.c — names of ISAKMP / IKEv1 numbers for logs and errors; see isakmp.h. */
#include "config.h"

#include <glib.h>

#include "ipsec/isakmp.h"

typedef struct {
	uint32_t value;
	const char *name;
} NameEntry;

static const char *
name_find(const NameEntry *table, size_t n, uint32_t value)
{
	for (size_t i = 0; i < n; i++)
		if (table[i].value == value)
			return table[i].name;
	return "unknown";
}

#define FIND(table, v) name_find(table, G_N_ELEMENTS(table), (v))

/* RFC 2408 §3.1, RFC 3947, mode-cfg draft, IKEv1 fragmentation */
static const NameEntry payload_names[] = {
	{ ISAKMP_PAYLOAD_NONE, "NONE" },
	{ ISAKMP_PAYLOAD_SA, "SA" },
	{ ISAKMP_PAYLOAD_PROPOSAL, "Proposal" },
	{ ISAKMP_PAYLOAD_TRANSFORM, "Transform" },
	{ ISAKMP_PAYLOAD_KE, "KE" },
	{ ISAKMP_PAYLOAD_ID, "ID" },
	{ ISAKMP_PAYLOAD_CERT, "CERT" },
	{ ISAKMP_PAYLOAD_CERTREQ, "CERTREQ" },
	{ ISAKMP_PAYLOAD_HASH, "HASH" },
	{ ISAKMP_PAYLOAD_SIG, "SIG" },
	{ ISAKMP_PAYLOAD_NONCE, "Nonce" },
	{ ISAKMP_PAYLOAD_NOTIFY, "Notification" },
	{ ISAKMP_PAYLOAD_DELETE, "Delete" },
	{ ISAKMP_PAYLOAD_VENDOR, "Vendor ID" },
	{ ISAKMP_PAYLOAD_ATTRIBUTE, "Attribute (Mode Config)" },
	{ ISAKMP_PAYLOAD_NAT_D, "NAT-D" },
	{ ISAKMP_PAYLOAD_NAT_OA, "NAT-OA" },
	{ ISAKMP_PAYLOAD_NAT_D_DRAFT, "NAT-D (draft)" },
	{ ISAKMP_PAYLOAD_NAT_OA_DRAFT, "NAT-OA (draft)" },
	{ ISAKMP_PAYLOAD_FRAGMENT, "Fragment" },
};

/* RFC 2408 §3.1, RFC 2409 §9 */
static const NameEntry exchange_names[] = {
	{ ISAKMP_EXCH_NONE, "NONE" },
	{ ISAKMP_EXCH_BASE, "Base" },
	{ ISAKMP_EXCH_MAIN, "Main Mode (Identity Protection)" },
	{ ISAKMP_EXCH_AUTH_ONLY, "Authentication Only" },
	{ ISAKMP_EXCH_AGGRESSIVE, "Aggressive Mode" },
	{ ISAKMP_EXCH_INFORMATIONAL, "Informational" },
	{ ISAKMP_EXCH_TRANSACTION, "Transaction (Mode Config)" },
	{ ISAKMP_EXCH_QUICK, "Quick Mode" },
	{ ISAKMP_EXCH_NEW_GROUP, "New Group Mode" },
};

/* RFC 2407 §4.4.1 */
static const NameEntry protocol_names[] = {
	{ ISAKMP_PROTO_ISAKMP, "ISAKMP" },
	{ ISAKMP_PROTO_AH, "AH" },
	{ ISAKMP_PROTO_ESP, "ESP" },
	{ ISAKMP_PROTO_IPCOMP, "IPCOMP" },
};

/* RFC 2407 §4.4.4 and the IANA "IPSEC ESP Transform Identifiers" registry */
static const NameEntry esp_transform_names[] = {
	{ 1, "DES-IV64" },
	{ ISAKMP_ESP_DES, "DES" },
	{ ISAKMP_ESP_3DES, "3DES" },
	{ 4, "RC5" },
	{ 5, "IDEA" },
	{ 6, "CAST" },
	{ 7, "BLOWFISH" },
	{ 8, "3IDEA" },
	{ 9, "DES-IV32" },
	{ 10, "RC4" },
	{ ISAKMP_ESP_NULL, "NULL" },
	{ ISAKMP_ESP_AES_CBC, "AES-CBC" },
	{ ISAKMP_ESP_AES_CTR, "AES-CTR" },
	{ 14, "AES-CCM-8" },
	{ 15, "AES-CCM-12" },
	{ 16, "AES-CCM-16" },
	{ ISAKMP_ESP_AES_GCM_8, "AES-GCM-8" },
	{ ISAKMP_ESP_AES_GCM_12, "AES-GCM-12" },
	{ ISAKMP_ESP_AES_GCM_16, "AES-GCM-16" },
	{ 21, "NULL-AUTH-AES-GMAC" },
	{ 22, "CAMELLIA-CBC" },
};

/* RFC 2407 §4.4.3 */
static const NameEntry ah_transform_names[] = {
	{ ISAKMP_AH_MD5, "AH-MD5" },
	{ ISAKMP_AH_SHA, "AH-SHA" },
	{ 4, "AH-DES" },
	{ ISAKMP_AH_SHA2_256, "AH-SHA2-256" },
	{ ISAKMP_AH_SHA2_384, "AH-SHA2-384" },
	{ ISAKMP_AH_SHA2_512, "AH-SHA2-512" },
};

/* RFC 2407 §4.4.5 */
static const NameEntry ipcomp_transform_names[] = {
	{ 1, "IPCOMP-OUI" },
	{ 2, "IPCOMP-DEFLATE" },
	{ 3, "IPCOMP-LZS" },
};

/* RFC 2408 §3.14.1, RFC 2407 §4.6.3, RFC 3706 §5 */
static const NameEntry notify_names[] = {
	{ ISAKMP_N_INVALID_PAYLOAD_TYPE, "INVALID-PAYLOAD-TYPE" },
	{ ISAKMP_N_DOI_NOT_SUPPORTED, "DOI-NOT-SUPPORTED" },
	{ ISAKMP_N_SITUATION_NOT_SUPPORTED, "SITUATION-NOT-SUPPORTED" },
	{ ISAKMP_N_INVALID_COOKIE, "INVALID-COOKIE" },
	{ ISAKMP_N_INVALID_MAJOR_VERSION, "INVALID-MAJOR-VERSION" },
	{ ISAKMP_N_INVALID_MINOR_VERSION, "INVALID-MINOR-VERSION" },
	{ ISAKMP_N_INVALID_EXCHANGE_TYPE, "INVALID-EXCHANGE-TYPE" },
	{ ISAKMP_N_INVALID_FLAGS, "INVALID-FLAGS" },
	{ ISAKMP_N_INVALID_MESSAGE_ID, "INVALID-MESSAGE-ID" },
	{ ISAKMP_N_INVALID_PROTOCOL_ID, "INVALID-PROTOCOL-ID" },
	{ ISAKMP_N_INVALID_SPI, "INVALID-SPI" },
	{ ISAKMP_N_INVALID_TRANSFORM_ID, "INVALID-TRANSFORM-ID" },
	{ ISAKMP_N_ATTRIBUTES_NOT_SUPPORTED, "ATTRIBUTES-NOT-SUPPORTED" },
	{ ISAKMP_N_NO_PROPOSAL_CHOSEN, "NO-PROPOSAL-CHOSEN" },
	{ ISAKMP_N_BAD_PROPOSAL_SYNTAX, "BAD-PROPOSAL-SYNTAX" },
	{ ISAKMP_N_PAYLOAD_MALFORMED, "PAYLOAD-MALFORMED" },
	{ ISAKMP_N_INVALID_KEY_INFORMATION, "INVALID-KEY-INFORMATION" },
	{ ISAKMP_N_INVALID_ID_INFORMATION, "INVALID-ID-INFORMATION" },
	{ ISAKMP_N_INVALID_CERT_ENCODING, "INVALID-CERT-ENCODING" },
	{ ISAKMP_N_INVALID_CERTIFICATE, "INVALID-CERTIFICATE" },
	{ ISAKMP_N_CERT_TYPE_UNSUPPORTED, "CERT-TYPE-UNSUPPORTED" },
	{ ISAKMP_N_INVALID_CERT_AUTHORITY, "INVALID-CERT-AUTHORITY" },
	{ ISAKMP_N_INVALID_HASH_INFORMATION, "INVALID-HASH-INFORMATION" },
	{ ISAKMP_N_AUTHENTICATION_FAILED, "AUTHENTICATION-FAILED" },
	{ ISAKMP_N_INVALID_SIGNATURE, "INVALID-SIGNATURE" },
	{ ISAKMP_N_ADDRESS_NOTIFICATION, "ADDRESS-NOTIFICATION" },
	{ ISAKMP_N_NOTIFY_SA_LIFETIME, "NOTIFY-SA-LIFETIME" },
	{ ISAKMP_N_CERTIFICATE_UNAVAILABLE, "CERTIFICATE-UNAVAILABLE" },
	{ ISAKMP_N_UNSUPPORTED_EXCHANGE_TYPE, "UNSUPPORTED-EXCHANGE-TYPE" },
	{ ISAKMP_N_UNEQUAL_PAYLOAD_LENGTHS, "UNEQUAL-PAYLOAD-LENGTHS" },
	{ ISAKMP_N_CONNECTED, "CONNECTED" },
	{ ISAKMP_N_RESPONDER_LIFETIME, "RESPONDER-LIFETIME" },
	{ ISAKMP_N_REPLAY_STATUS, "REPLAY-STATUS" },
	{ ISAKMP_N_INITIAL_CONTACT, "INITIAL-CONTACT" },
	{ ISAKMP_N_DPD_R_U_THERE, "R-U-THERE" },
	{ ISAKMP_N_DPD_R_U_THERE_ACK, "R-U-THERE-ACK" },
	/* private use, as libreswan names them: Cisco servers send it to redirect */
	{ 40501, "CISCO-LOAD-BALANCE" },
};

/* RFC 2407 §4.6.2.1, RFC 3554 */
static const NameEntry id_names[] = {
	{ ISAKMP_ID_IPV4_ADDR, "ID_IPV4_ADDR" },
	{ ISAKMP_ID_FQDN, "ID_FQDN" },
	{ ISAKMP_ID_USER_FQDN, "ID_USER_FQDN" },
	{ ISAKMP_ID_IPV4_ADDR_SUBNET, "ID_IPV4_ADDR_SUBNET" },
	{ ISAKMP_ID_IPV6_ADDR, "ID_IPV6_ADDR" },
	{ ISAKMP_ID_IPV6_ADDR_SUBNET, "ID_IPV6_ADDR_SUBNET" },
	{ ISAKMP_ID_IPV4_ADDR_RANGE, "ID_IPV4_ADDR_RANGE" },
	{ ISAKMP_ID_IPV6_ADDR_RANGE, "ID_IPV6_ADDR_RANGE" },
	{ ISAKMP_ID_DER_ASN1_DN, "ID_DER_ASN1_DN" },
	{ ISAKMP_ID_DER_ASN1_GN, "ID_DER_ASN1_GN" },
	{ ISAKMP_ID_KEY_ID, "ID_KEY_ID" },
	{ ISAKMP_ID_LIST, "ID_LIST" },
};

/* RFC 2408 §3.9 */
static const NameEntry cert_names[] = {
	{ 0, "NONE" },
	{ ISAKMP_CERT_PKCS7, "PKCS #7 wrapped X.509" },
	{ 2, "PGP" },
	{ 3, "DNS signed key" },
	{ ISAKMP_CERT_X509_SIG, "X.509 signature" },
	{ 5, "X.509 key exchange" },
	{ 6, "Kerberos token" },
	{ ISAKMP_CERT_CRL, "CRL" },
	{ 8, "ARL" },
	{ 9, "SPKI" },
	{ 10, "X.509 attribute" },
};

/* RFC 2409 App. A attribute classes */
static const NameEntry ike_attr_names[] = {
	{ IKE_ATTR_ENCRYPTION, "Encryption Algorithm" },
	{ IKE_ATTR_HASH, "Hash Algorithm" },
	{ IKE_ATTR_AUTH_METHOD, "Authentication Method" },
	{ IKE_ATTR_GROUP_DESC, "Group Description" },
	{ IKE_ATTR_GROUP_TYPE, "Group Type" },
	{ IKE_ATTR_GROUP_PRIME, "Group Prime/Irreducible Polynomial" },
	{ IKE_ATTR_GROUP_GEN_ONE, "Group Generator One" },
	{ IKE_ATTR_GROUP_GEN_TWO, "Group Generator Two" },
	{ IKE_ATTR_GROUP_CURVE_A, "Group Curve A" },
	{ IKE_ATTR_GROUP_CURVE_B, "Group Curve B" },
	{ IKE_ATTR_LIFE_TYPE, "Life Type" },
	{ IKE_ATTR_LIFE_DURATION, "Life Duration" },
	{ IKE_ATTR_PRF, "PRF" },
	{ IKE_ATTR_KEY_LENGTH, "Key Length" },
	{ IKE_ATTR_FIELD_SIZE, "Field Size" },
	{ IKE_ATTR_GROUP_ORDER, "Group Order" },
};

/* RFC 2407 §4.5 attribute classes */
static const NameEntry ipsec_attr_names[] = {
	{ IPSEC_ATTR_SA_LIFE_TYPE, "SA Life Type" },
	{ IPSEC_ATTR_SA_LIFE_DURATION, "SA Life Duration" },
	{ IPSEC_ATTR_GROUP_DESC, "Group Description" },
	{ IPSEC_ATTR_ENCAP_MODE, "Encapsulation Mode" },
	{ IPSEC_ATTR_AUTH_ALG, "Authentication Algorithm" },
	{ IPSEC_ATTR_KEY_LENGTH, "Key Length" },
	{ IPSEC_ATTR_KEY_ROUNDS, "Key Rounds" },
	{ IPSEC_ATTR_COMP_DICT_SIZE, "Compress Dictionary Size" },
	{ IPSEC_ATTR_COMP_PRIV_ALG, "Compress Private Algorithm" },
	{ IPSEC_ATTR_ECN_TUNNEL, "ECN Tunnel" },
	{ IPSEC_ATTR_ESN, "Extended Sequence Number" },
};

/* RFC 2409 App. A, RFC 3602, RFC 4312 */
static const NameEntry ike_encr_names[] = {
	{ IKE_ENCR_DES_CBC, "DES-CBC" },
	{ 2, "IDEA-CBC" },
	{ 3, "Blowfish-CBC" },
	{ 4, "RC5-R16-B64-CBC" },
	{ IKE_ENCR_3DES_CBC, "3DES-CBC" },
	{ 6, "CAST-CBC" },
	{ IKE_ENCR_AES_CBC, "AES-CBC" },
	{ 8, "CAMELLIA-CBC" },
};

/* RFC 2409 App. A, RFC 4868 */
static const NameEntry ike_hash_names[] = {
	{ IKE_HASH_MD5, "MD5" },
	{ IKE_HASH_SHA1, "SHA1" },
	{ 3, "Tiger" },
	{ IKE_HASH_SHA2_256, "SHA2-256" },
	{ IKE_HASH_SHA2_384, "SHA2-384" },
	{ IKE_HASH_SHA2_512, "SHA2-512" },
};

/* RFC 2409 App. A, RFC 4754, XAUTH draft (65001..65010) */
static const NameEntry ike_auth_names[] = {
	{ IKE_AUTH_PSK, "pre-shared key" },
	{ IKE_AUTH_DSS, "DSS signatures" },
	{ IKE_AUTH_RSA_SIG, "RSA signatures" },
	{ 4, "RSA encryption" },
	{ 5, "revised RSA encryption" },
	{ IKE_AUTH_ECDSA_256, "ECDSA-SHA256 P-256" },
	{ IKE_AUTH_ECDSA_384, "ECDSA-SHA384 P-384" },
	{ IKE_AUTH_ECDSA_521, "ECDSA-SHA512 P-521" },
	{ IKE_AUTH_XAUTH_INIT_PSK, "XAUTH initiator pre-shared key" },
	{ 65002, "XAUTH responder pre-shared key" },
	{ 65003, "XAUTH initiator DSS" },
	{ 65004, "XAUTH responder DSS" },
	{ IKE_AUTH_XAUTH_INIT_RSA, "XAUTH initiator RSA" },
	{ 65006, "XAUTH responder RSA" },
};

/* RFC 2409 §6, RFC 3526, RFC 5903, RFC 5114, RFC 6932, RFC 8031 */
static const NameEntry group_names[] = {
	{ 1, "MODP768" },
	{ 2, "MODP1024" },
	{ 3, "EC2N155" },
	{ 4, "EC2N185" },
	{ 5, "MODP1536" },
	{ 14, "MODP2048" },
	{ 15, "MODP3072" },
	{ 16, "MODP4096" },
	{ 17, "MODP6144" },
	{ 18, "MODP8192" },
	{ 19, "ECP256" },
	{ 20, "ECP384" },
	{ 21, "ECP521" },
	{ 22, "MODP1024-160" },
	{ 23, "MODP2048-224" },
	{ 24, "MODP2048-256" },
	{ 25, "ECP192" },
	{ 26, "ECP224" },
	{ 27, "ECP224BP" },
	{ 28, "ECP256BP" },
	{ 29, "ECP384BP" },
	{ 30, "ECP512BP" },
	{ 31, "Curve25519" },
	{ 32, "Curve448" },
};

static const NameEntry group_type_names[] = {
	{ 1, "MODP" },
	{ 2, "ECP" },
	{ 3, "EC2N" },
};

static const NameEntry life_type_names[] = {
	{ 1, "seconds" },
	{ 2, "kilobytes" },
};

/* RFC 2407 §4.5, RFC 3947 §5.1, draft-ietf-ipsec-nat-t-ike-02/03 */
static const NameEntry encap_names[] = {
	{ IPSEC_ENCAP_TUNNEL, "Tunnel" },
	{ IPSEC_ENCAP_TRANSPORT, "Transport" },
	{ IPSEC_ENCAP_UDP_TUNNEL, "UDP-Encapsulated-Tunnel" },
	{ IPSEC_ENCAP_UDP_TRANSPORT, "UDP-Encapsulated-Transport" },
	{ IPSEC_ENCAP_UDP_TUNNEL_DRAFT, "UDP-Encapsulated-Tunnel (draft)" },
	{ IPSEC_ENCAP_UDP_TRANSPORT_DRAFT, "UDP-Encapsulated-Transport (draft)" },
};

/* RFC 2407 §4.5, RFC 4868, RFC 3566 */
static const NameEntry ipsec_auth_names[] = {
	{ IPSEC_AUTH_HMAC_MD5, "HMAC-MD5" },
	{ IPSEC_AUTH_HMAC_SHA1, "HMAC-SHA1" },
	{ 3, "DES-MAC" },
	{ 4, "KPDK" },
	{ IPSEC_AUTH_HMAC_SHA2_256, "HMAC-SHA2-256" },
	{ IPSEC_AUTH_HMAC_SHA2_384, "HMAC-SHA2-384" },
	{ IPSEC_AUTH_HMAC_SHA2_512, "HMAC-SHA2-512" },
	{ 8, "HMAC-RIPEMD" },
	{ IPSEC_AUTH_AES_XCBC, "AES-XCBC-MAC" },
};

const char *
isakmp_payload_name(uint8_t type)
{
	return FIND(payload_names, type);
}

const char *
isakmp_exchange_name(uint8_t exchange)
{
	return FIND(exchange_names, exchange);
}

const char *
isakmp_protocol_name(uint8_t protocol)
{
	return FIND(protocol_names, protocol);
}

const char *
isakmp_transform_name(uint8_t protocol, uint8_t transform_id)
{
	switch (protocol) {
	case ISAKMP_PROTO_ISAKMP:
		return transform_id == ISAKMP_TRANSFORM_KEY_IKE ? "KEY_IKE" : "unknown";
	case ISAKMP_PROTO_AH:
		return FIND(ah_transform_names, transform_id);
	case ISAKMP_PROTO_ESP:
		return FIND(esp_transform_names, transform_id);
	case ISAKMP_PROTO_IPCOMP:
		return FIND(ipcomp_transform_names, transform_id);
	default:
		return "unknown";
	}
}

const char *
isakmp_notify_name(uint16_t type)
{
	return FIND(notify_names, type);
}

bool
isakmp_notify_is_error(uint16_t type)
{
	return type >= 1 && type <= ISAKMP_N_ERROR_MAX;
}

const char *
isakmp_id_type_name(uint8_t type)
{
	return FIND(id_names, type);
}

const char *
isakmp_cert_encoding_name(uint8_t encoding)
{
	return FIND(cert_names, encoding);
}

const char *
isakmp_attr_name(uint8_t protocol, uint16_t type)
{
	if (protocol == ISAKMP_PROTO_ISAKMP)
		return FIND(ike_attr_names, type);
	return FIND(ipsec_attr_names, type);
}

const char *
isakmp_attr_value_name(uint8_t protocol, uint16_t type, uint64_t value)
{
	if (value > UINT32_MAX)
		return "unknown";
	if (protocol == ISAKMP_PROTO_ISAKMP) {
		switch (type) {
		case IKE_ATTR_ENCRYPTION:
			return FIND(ike_encr_names, value);
		case IKE_ATTR_HASH:
			return FIND(ike_hash_names, value);
		case IKE_ATTR_AUTH_METHOD:
			return FIND(ike_auth_names, value);
		case IKE_ATTR_GROUP_DESC:
			return FIND(group_names, value);
		case IKE_ATTR_GROUP_TYPE:
			return FIND(group_type_names, value);
		case IKE_ATTR_LIFE_TYPE:
			return FIND(life_type_names, value);
		default:
			return "unknown";
		}
	}
	switch (type) {
	case IPSEC_ATTR_SA_LIFE_TYPE:
		return FIND(life_type_names, value);
	case IPSEC_ATTR_GROUP_DESC:
		return FIND(group_names, value);
	case IPSEC_ATTR_ENCAP_MODE:
		return FIND(encap_names, value);
	case IPSEC_ATTR_AUTH_ALG:
		return FIND(ipsec_auth_names, value);
	default:
		return "unknown";
	}
}

bool
isakmp_attr_is_basic(uint8_t protocol, uint16_t type)
{
	if (protocol == ISAKMP_PROTO_ISAKMP) {
		switch (type) {
		case IKE_ATTR_GROUP_PRIME:
		case IKE_ATTR_GROUP_GEN_ONE:
		case IKE_ATTR_GROUP_GEN_TWO:
		case IKE_ATTR_GROUP_CURVE_A:
		case IKE_ATTR_GROUP_CURVE_B:
		case IKE_ATTR_LIFE_DURATION:
		case IKE_ATTR_GROUP_ORDER:
			return false;
		default:
			return true;
		}
	}
	switch (type) {
	case IPSEC_ATTR_SA_LIFE_DURATION:
	case IPSEC_ATTR_COMP_PRIV_ALG:
		return false;
	default:
		return true;
	}
}
