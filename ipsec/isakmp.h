/*
 * isakmp.h — ISAKMP / IKEv1 numbers (RFC 2408, RFC 2407 IPsec DOI, RFC 2409
 * IKE, RFC 3947 NAT-T, RFC 3706 DPD) and their names for logs and errors.
 * Only constants and name lookups live here: no state, no allocation. Every
 * *_name() function returns a static string and never NULL; numbers without
 * a name give "unknown", so callers print "%s (%u)" with the number as well.
 */
#ifndef L2SEC_IPSEC_ISAKMP_H
#define L2SEC_IPSEC_ISAKMP_H

#include <stdbool.h>
#include <stdint.h>

#include "ipsec/ike_cipher.h"
#include "ipsec/ike_prf.h"

/* RFC 2408 §3.1: the ISAKMP header is 28 bytes; version 1.0 */
#define ISAKMP_HEADER_LEN 28
#define ISAKMP_COOKIE_LEN 8
#define ISAKMP_VERSION_MAJOR 1
#define ISAKMP_VERSION_MINOR 0
/* RFC 2408 §3.2: every payload starts with a 4-byte generic header */
#define ISAKMP_GENERIC_LEN 4

/* RFC 2408 §3.1 flags */
enum {
	ISAKMP_FLAG_ENCRYPTION = 0x01,
	ISAKMP_FLAG_COMMIT = 0x02,
	ISAKMP_FLAG_AUTH_ONLY = 0x04,
};

/* RFC 2408 §3.1 Next Payload; RFC 3947 §4, §5; IKEv1 fragmentation (no RFC) */
typedef enum {
	ISAKMP_PAYLOAD_NONE = 0,
	ISAKMP_PAYLOAD_SA = 1,
	ISAKMP_PAYLOAD_PROPOSAL = 2,
	ISAKMP_PAYLOAD_TRANSFORM = 3,
	ISAKMP_PAYLOAD_KE = 4,
	ISAKMP_PAYLOAD_ID = 5,
	ISAKMP_PAYLOAD_CERT = 6,
	ISAKMP_PAYLOAD_CERTREQ = 7,
	ISAKMP_PAYLOAD_HASH = 8,
	ISAKMP_PAYLOAD_SIG = 9,
	ISAKMP_PAYLOAD_NONCE = 10,
	ISAKMP_PAYLOAD_NOTIFY = 11,
	ISAKMP_PAYLOAD_DELETE = 12,
	ISAKMP_PAYLOAD_VENDOR = 13,
	ISAKMP_PAYLOAD_ATTRIBUTE = 14, /* Mode Config / XAUTH (draft-ietf-ipsec-isakmp-mode-cfg) */
	ISAKMP_PAYLOAD_NAT_D = 20,
	ISAKMP_PAYLOAD_NAT_OA = 21,
	ISAKMP_PAYLOAD_NAT_D_DRAFT = 130,
	ISAKMP_PAYLOAD_NAT_OA_DRAFT = 131,
	ISAKMP_PAYLOAD_FRAGMENT = 132,
} IsakmpPayloadType;

/* RFC 2408 §3.1 Exchange Type, RFC 2409 §9 */
typedef enum {
	ISAKMP_EXCH_NONE = 0,
	ISAKMP_EXCH_BASE = 1,
	ISAKMP_EXCH_MAIN = 2, /* Identity Protection */
	ISAKMP_EXCH_AUTH_ONLY = 3,
	ISAKMP_EXCH_AGGRESSIVE = 4,
	ISAKMP_EXCH_INFORMATIONAL = 5,
	ISAKMP_EXCH_TRANSACTION = 6, /* Mode Config */
	ISAKMP_EXCH_QUICK = 32,
	ISAKMP_EXCH_NEW_GROUP = 33,
} IsakmpExchangeType;

/* RFC 2407 §4.2 */
#define ISAKMP_DOI_IPSEC 1
#define ISAKMP_SIT_IDENTITY_ONLY 0x01

/* RFC 2407 §4.4.1 Protocol ID */
typedef enum {
	ISAKMP_PROTO_ISAKMP = 1,
	ISAKMP_PROTO_AH = 2,
	ISAKMP_PROTO_ESP = 3,
	ISAKMP_PROTO_IPCOMP = 4,
} IsakmpProtocol;

/* RFC 2407 §4.4.2 */
#define ISAKMP_TRANSFORM_KEY_IKE 1

/* RFC 2407 §4.4.4 ESP transform IDs (and later RFCs via the IANA registry) */
enum {
	ISAKMP_ESP_DES = 2,
	ISAKMP_ESP_3DES = 3,
	ISAKMP_ESP_NULL = 11,
	ISAKMP_ESP_AES_CBC = 12,   /* RFC 3602 */
	ISAKMP_ESP_AES_CTR = 13,   /* RFC 3686 */
	ISAKMP_ESP_AES_GCM_8 = 18, /* RFC 4106 */
	ISAKMP_ESP_AES_GCM_12 = 19,
	ISAKMP_ESP_AES_GCM_16 = 20,
};

/* RFC 2407 §4.4.3 AH transform IDs */
enum {
	ISAKMP_AH_MD5 = 2,
	ISAKMP_AH_SHA = 3,
	ISAKMP_AH_SHA2_256 = 5,
	ISAKMP_AH_SHA2_384 = 6,
	ISAKMP_AH_SHA2_512 = 7,
};

/* RFC 2409 App. A: phase 1 (protocol ISAKMP) attribute classes */
typedef enum {
	IKE_ATTR_ENCRYPTION = 1,
	IKE_ATTR_HASH = 2,
	IKE_ATTR_AUTH_METHOD = 3,
	IKE_ATTR_GROUP_DESC = 4,
	IKE_ATTR_GROUP_TYPE = 5,
	IKE_ATTR_GROUP_PRIME = 6,
	IKE_ATTR_GROUP_GEN_ONE = 7,
	IKE_ATTR_GROUP_GEN_TWO = 8,
	IKE_ATTR_GROUP_CURVE_A = 9,
	IKE_ATTR_GROUP_CURVE_B = 10,
	IKE_ATTR_LIFE_TYPE = 11,
	IKE_ATTR_LIFE_DURATION = 12,
	IKE_ATTR_PRF = 13,
	IKE_ATTR_KEY_LENGTH = 14,
	IKE_ATTR_FIELD_SIZE = 15,
	IKE_ATTR_GROUP_ORDER = 16,
} IkeAttrType;

/*
 * RFC 2409 App. A values. IKE_ENCR_3DES_CBC, IKE_ENCR_AES_CBC (IkeEncr),
 * IKE_HASH_MD5 and IKE_HASH_SHA1 (IkeHash) are defined once, with the
 * algorithms that implement them, in ike_cipher.h and ike_prf.h.
 */
enum {
	IKE_ENCR_DES_CBC = 1,
	IKE_HASH_SHA2_256 = 4, /* RFC 4868 */
	IKE_HASH_SHA2_384 = 5,
	IKE_HASH_SHA2_512 = 6,
	IKE_AUTH_PSK = 1,
	IKE_AUTH_DSS = 2,
	IKE_AUTH_RSA_SIG = 3,
	IKE_AUTH_ECDSA_256 = 9, /* RFC 4754 */
	IKE_AUTH_ECDSA_384 = 10,
	IKE_AUTH_ECDSA_521 = 11,
	IKE_AUTH_XAUTH_INIT_PSK = 65001,
	IKE_AUTH_XAUTH_INIT_RSA = 65005,
	IKE_LIFE_SECONDS = 1,
	IKE_LIFE_KILOBYTES = 2,
};

/* RFC 2407 §4.5: IPsec DOI (AH/ESP/IPCOMP) attribute classes */
typedef enum {
	IPSEC_ATTR_SA_LIFE_TYPE = 1,
	IPSEC_ATTR_SA_LIFE_DURATION = 2,
	IPSEC_ATTR_GROUP_DESC = 3,
	IPSEC_ATTR_ENCAP_MODE = 4,
	IPSEC_ATTR_AUTH_ALG = 5,
	IPSEC_ATTR_KEY_LENGTH = 6,
	IPSEC_ATTR_KEY_ROUNDS = 7,
	IPSEC_ATTR_COMP_DICT_SIZE = 8,
	IPSEC_ATTR_COMP_PRIV_ALG = 9,
	IPSEC_ATTR_ECN_TUNNEL = 10, /* RFC 3168 */
	IPSEC_ATTR_ESN = 11,        /* RFC 4304 */
} IpsecAttrType;

/* RFC 2407 §4.5 values; RFC 3947 §5.1 and its drafts for UDP encapsulation */
enum {
	IPSEC_LIFE_SECONDS = 1,
	IPSEC_LIFE_KILOBYTES = 2,
	IPSEC_ENCAP_TUNNEL = 1,
	IPSEC_ENCAP_TRANSPORT = 2,
	IPSEC_ENCAP_UDP_TUNNEL = 3,
	IPSEC_ENCAP_UDP_TRANSPORT = 4,
	IPSEC_ENCAP_UDP_TUNNEL_DRAFT = 61443,
	IPSEC_ENCAP_UDP_TRANSPORT_DRAFT = 61444,
	IPSEC_AUTH_HMAC_MD5 = 1,
	IPSEC_AUTH_HMAC_SHA1 = 2,
	IPSEC_AUTH_HMAC_SHA2_256 = 5, /* RFC 4868 */
	IPSEC_AUTH_HMAC_SHA2_384 = 6,
	IPSEC_AUTH_HMAC_SHA2_512 = 7,
	IPSEC_AUTH_AES_XCBC = 9,
};

/* RFC 2407 §4.6.2.1 identification types */
typedef enum {
	ISAKMP_ID_IPV4_ADDR = 1,
	ISAKMP_ID_FQDN = 2,
	ISAKMP_ID_USER_FQDN = 3,
	ISAKMP_ID_IPV4_ADDR_SUBNET = 4,
	ISAKMP_ID_IPV6_ADDR = 5,
	ISAKMP_ID_IPV6_ADDR_SUBNET = 6,
	ISAKMP_ID_IPV4_ADDR_RANGE = 7,
	ISAKMP_ID_IPV6_ADDR_RANGE = 8,
	ISAKMP_ID_DER_ASN1_DN = 9,
	ISAKMP_ID_DER_ASN1_GN = 10,
	ISAKMP_ID_KEY_ID = 11,
	ISAKMP_ID_LIST = 12, /* RFC 3554 */
} IsakmpIdType;

/* RFC 2408 §3.9 certificate encodings */
enum {
	ISAKMP_CERT_PKCS7 = 1,
	ISAKMP_CERT_X509_SIG = 4,
	ISAKMP_CERT_CRL = 7,
};

/* RFC 2408 §3.14.1 notify message types; RFC 2407 §4.6.3; RFC 3706 §5 */
typedef enum {
	ISAKMP_N_INVALID_PAYLOAD_TYPE = 1,
	ISAKMP_N_DOI_NOT_SUPPORTED = 2,
	ISAKMP_N_SITUATION_NOT_SUPPORTED = 3,
	ISAKMP_N_INVALID_COOKIE = 4,
	ISAKMP_N_INVALID_MAJOR_VERSION = 5,
	ISAKMP_N_INVALID_MINOR_VERSION = 6,
	ISAKMP_N_INVALID_EXCHANGE_TYPE = 7,
	ISAKMP_N_INVALID_FLAGS = 8,
	ISAKMP_N_INVALID_MESSAGE_ID = 9,
	ISAKMP_N_INVALID_PROTOCOL_ID = 10,
	ISAKMP_N_INVALID_SPI = 11,
	ISAKMP_N_INVALID_TRANSFORM_ID = 12,
	ISAKMP_N_ATTRIBUTES_NOT_SUPPORTED = 13,
	ISAKMP_N_NO_PROPOSAL_CHOSEN = 14,
	ISAKMP_N_BAD_PROPOSAL_SYNTAX = 15,
	ISAKMP_N_PAYLOAD_MALFORMED = 16,
	ISAKMP_N_INVALID_KEY_INFORMATION = 17,
	ISAKMP_N_INVALID_ID_INFORMATION = 18,
	ISAKMP_N_INVALID_CERT_ENCODING = 19,
	ISAKMP_N_INVALID_CERTIFICATE = 20,
	ISAKMP_N_CERT_TYPE_UNSUPPORTED = 21,
	ISAKMP_N_INVALID_CERT_AUTHORITY = 22,
	ISAKMP_N_INVALID_HASH_INFORMATION = 23,
	ISAKMP_N_AUTHENTICATION_FAILED = 24,
	ISAKMP_N_INVALID_SIGNATURE = 25,
	ISAKMP_N_ADDRESS_NOTIFICATION = 26,
	ISAKMP_N_NOTIFY_SA_LIFETIME = 27,
	ISAKMP_N_CERTIFICATE_UNAVAILABLE = 28,
	ISAKMP_N_UNSUPPORTED_EXCHANGE_TYPE = 29,
	ISAKMP_N_UNEQUAL_PAYLOAD_LENGTHS = 30,
	ISAKMP_N_CONNECTED = 16384,
	ISAKMP_N_RESPONDER_LIFETIME = 24576,
	ISAKMP_N_REPLAY_STATUS = 24577,
	ISAKMP_N_INITIAL_CONTACT = 24578,
	ISAKMP_N_DPD_R_U_THERE = 36136,
	ISAKMP_N_DPD_R_U_THERE_ACK = 36137,
} IsakmpNotifyType;

/* RFC 2408 §3.14.1: types below 16384 are errors, the rest status */
#define ISAKMP_N_ERROR_MAX 16383

const char *isakmp_payload_name(uint8_t type);
const char *isakmp_exchange_name(uint8_t exchange);
const char *isakmp_protocol_name(uint8_t protocol);
/* Transform ID names depend on the protocol of the proposal (RFC 2407 §4.4). */
const char *isakmp_transform_name(uint8_t protocol, uint8_t transform_id);
const char *isakmp_notify_name(uint16_t type);
/* True for notify types RFC 2408 §3.14.1 counts as errors (1..16383). */
bool isakmp_notify_is_error(uint16_t type);
const char *isakmp_id_type_name(uint8_t type);
const char *isakmp_cert_encoding_name(uint8_t encoding);
/* Attribute class names: RFC 2409 App. A for protocol ISAKMP, RFC 2407 §4.5 otherwise. */
const char *isakmp_attr_name(uint8_t protocol, uint16_t type);
/* The name of an attribute's value (encryption algorithm, group, mode...), "unknown" if none. */
const char *isakmp_attr_value_name(uint8_t protocol, uint16_t type, uint64_t value);
/* RFC 2409 App. A / RFC 2407 §4.5: true for classes whose value is Basic (TV) only. */
bool isakmp_attr_is_basic(uint8_t protocol, uint16_t type);

#endif
