/*
 * ike_proposal.h — the algorithms l2sec offers and the proposal language that
 * names them (strongSwan's syntax). `ike-proposals` lists phase-1 proposals,
 * encryption-hash-group ("aes256-sha256-modp2048"); `esp-proposals` lists ESP
 * ones, encryption-integrity ("aes256-sha1"), AEAD alone ("aes128gcm16"),
 * optionally with a trailing DH group for PFS ("aes256-sha1-modp2048"). Several
 * names of one kind in an item give every combination, in order
 * ("aes256-aes128-sha1-modp2048" is two proposals). Items are separated by
 * commas; the keywords `default` (the short modern list of DESIGN.md) and
 * `legacy` (default plus 3DES, MODP1024 and MODP1536) may stand for items.
 *
 * Each parsed proposal carries the IKEv1 attribute values (RFC 2409 App. A),
 * the IPsec DOI values (RFC 2407 §4.4.4, §4.5; RFC 4106 §8; RFC 4868 §2.4) and,
 * for ESP, the Linux XFRM algorithm names and key lengths. Only algorithms that
 * passed ike_crypto_self_test() are offered (libreswan CVE-2016-3071): an
 * explicit name that failed gives an error, a keyword silently skips it.
 * Errors are L2SEC_IKE_ERROR_INVALID (or _UNSUPPORTED for a known name that
 * cannot be used there) and name the setting, the item, the token and its
 * character position, with a suggestion for misspellings:
 * "ike-proposals: 'aes256-sha265-modp2048': unknown integrity algorithm
 * 'sha265' at character 8, did you mean 'sha256'?".
 */
#ifndef L2SEC_IPSEC_IKE_PROPOSAL_H
#define L2SEC_IPSEC_IKE_PROPOSAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "ipsec/ike_cipher.h"
#include "ipsec/ike_dh.h"
#include "ipsec/ike_prf.h"
#include "ipsec/isakmp.h"

/* IKE_AUTH_PSK (RFC 2409 App. A "Authentication Method") comes from isakmp.h. */

/* At most this many proposals after expansion (a transform number is one octet, and servers refuse long lists). */
#define IKE_PROPOSAL_MAX 64

/* One phase-1 transform: the attributes of RFC 2409 App. A. */
typedef struct IkeProposal {
	IkeEncr encr;      /* Encryption Algorithm */
	unsigned key_bits; /* Key Length for AES; 0 for 3DES (the attribute is not sent) */
	IkeHash hash;      /* Hash Algorithm, which is also the PRF */
	IkeDhGroup group;  /* Group Description */
} IkeProposal;

/* IPsec DOI ESP transform identifiers (RFC 2407 §4.4.4, RFC 4106 §8). */
typedef enum {
	ESP_TRANSFORM_3DES = 3,
	ESP_TRANSFORM_AES_CBC = 12,
	ESP_TRANSFORM_AES_GCM_16 = 20,
} EspTransform;

/* IPsec DOI "Authentication Algorithm" attribute (RFC 2407 §4.5, RFC 4868 §2.4). */
typedef enum {
	ESP_AUTH_NONE = 0, /* AEAD: the attribute is not sent */
	ESP_AUTH_HMAC_MD5 = 1,
	ESP_AUTH_HMAC_SHA1 = 2,
	ESP_AUTH_HMAC_SHA2_256 = 5,
	ESP_AUTH_HMAC_SHA2_384 = 6,
	ESP_AUTH_HMAC_SHA2_512 = 7,
} EspAuth;

/* One ESP transform, with what the kernel needs to install it. */
typedef struct EspProposal {
	EspTransform transform;
	unsigned key_bits;    /* Key Length attribute: AES 128/192/256; 0 for 3DES */
	EspAuth auth;
	IkeHash auth_hash;    /* the HMAC's hash, when auth is not NONE */
	IkeDhGroup pfs_group; /* 0: no PFS */
	/* Linux XFRM (linux/xfrm.h struct xfrm_algo*): names and lengths in bits */
	const char *xfrm_enc;         /* "cbc(aes)", "cbc(des3_ede)", "rfc4106(gcm(aes))" */
	unsigned xfrm_enc_key_bits;   /* GCM: key plus the 32-bit salt (RFC 4106 §8.1) */
	unsigned xfrm_icv_bits;       /* GCM: 128; 0 otherwise */
	const char *xfrm_auth;        /* "hmac(sha1)", ...; NULL for GCM */
	unsigned xfrm_auth_key_bits;  /* 160 for SHA-1, 256 for SHA-256, ... */
	unsigned xfrm_auth_trunc_bits; /* 96 for SHA-1 (RFC 2404), 128/192/256 for SHA-2 (RFC 4868) */
	size_t keymat_len;            /* KEYMAT bytes per direction: encryption key (+ salt), then integrity key */
} EspProposal;

/*
 * Parse an `ike-proposals` value (NULL means "default") into a new array of
 * IkeProposal (freed with the array), duplicates dropped, in order.
 */
bool ike_proposal_parse_ike(const char *text, GPtrArray **ret, GError **error);
/* Parse an `esp-proposals` value (NULL means "default") into a new array of EspProposal. */
bool ike_proposal_parse_esp(const char *text, GPtrArray **ret, GError **error);

/* The canonical name of one proposal: "aes256-sha256-modp2048"; the caller frees it. */
char *ike_proposal_ike_to_string(const IkeProposal *p);
/* "aes128gcm16", "aes256-sha1", "aes256-sha1-modp2048"; the caller frees it. */
char *ike_proposal_esp_to_string(const EspProposal *p);
/* A list of IkeProposal as "a,b,c" (for NO_PROPOSAL_CHOSEN: "offered ..."); the caller frees it. */
char *ike_proposal_ike_list_to_string(const GPtrArray *list);
/* A list of EspProposal as "a,b,c"; the caller frees it. */
char *ike_proposal_esp_list_to_string(const GPtrArray *list);

/*
 * Run one known-answer test per algorithm this build can offer (AES-CBC
 * 128/192/256, 3DES-CBC, HMAC-MD5/SHA1/SHA2, MODP 1024/1536/2048, ECP 256/384,
 * Curve25519), once per process; later calls return the first result. Fails if
 * an algorithm of `default` fails; a failed legacy algorithm is only dropped.
 * AES-GCM runs in the kernel, which tests it itself (crypto self-tests), and is
 * not tested here.
 */
bool ike_crypto_self_test(GError **error);

#endif
