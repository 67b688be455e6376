/*
 * ike_dh.h — Diffie-Hellman for the IKEv1 KE payload, on OpenSSL 3 EVP_PKEY:
 * MODP groups 2 (1024-bit, RFC 2409 §6.2), 5 (1536-bit, RFC 3526 §2) and 14
 * (2048-bit, RFC 3526 §3); ECP groups 19 and 20 (P-256, P-384, RFC 5903); and
 * group 31 (Curve25519, RFC 8031). Groups 2 and 5 are weak: this module does
 * them, the proposal layer decides whether to offer them (only `legacy`).
 *
 * Public values are encoded exactly as the KE payload carries them: MODP
 * big-endian, left-padded to the prime's length; ECP x | y, each padded to
 * the field size, with no 0x04 prefix (RFC 5903 §7); Curve25519 the 32-byte
 * u-coordinate (RFC 8031 §2). The shared secret g^xy is a wiped L2secSecret:
 * MODP left-padded to the prime's length, ECP the x coordinate only (RFC 5903
 * §9), Curve25519 32 bytes. A peer's value is checked before use (exact
 * length; MODP 1 < y < p-1 per RFC 6989 §2.1; ECP on the curve; Curve25519 a
 * non-zero shared secret, RFC 8031 §2); a bad one gives L2SEC_IKE_ERROR_INVALID
 * naming the group and what is wrong. An unknown group gives
 * L2SEC_IKE_ERROR_UNSUPPORTED, an OpenSSL failure L2SEC_IKE_ERROR_CRYPTO.
 */
#ifndef L2SEC_IPSEC_IKE_DH_H
#define L2SEC_IPSEC_IKE_DH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "common/secret.h"

/* IKEv1 "Group Description" values (RFC 2409 App. A, IANA registry). */
typedef enum {
	IKE_DH_MODP1024 = 2,
	IKE_DH_MODP1536 = 5,
	IKE_DH_MODP2048 = 14,
	IKE_DH_ECP256 = 19,
	IKE_DH_ECP384 = 20,
	IKE_DH_CURVE25519 = 31,
} IkeDhGroup;

#define IKE_DH_MAX_PUBLIC_LEN 256 /* MODP2048 */

/* One Diffie-Hellman private key and its public value. */
typedef struct IkeDh IkeDh;

/* True for the six groups above. */
bool ike_dh_group_known(unsigned group);
/* Proposal-language name: "modp1024", "modp1536", "modp2048", "ecp256", "ecp384", "curve25519"; "?" otherwise. */
const char *ike_dh_group_name(IkeDhGroup group);
/* Length of the KE payload's public value for the group; 0 if unknown. */
size_t ike_dh_public_len(IkeDhGroup group);
/* Length of the shared secret g^xy for the group; 0 if unknown. */
size_t ike_dh_secret_len(IkeDhGroup group);

/* A fresh key pair from OpenSSL's RNG. */
IkeDh *ike_dh_new(IkeDhGroup group, GError **error);
/*
 * A key pair from a given private key (big-endian integer for MODP and ECP, 32
 * raw bytes for Curve25519). For known-answer tests only: IKE never reuses a key.
 */
IkeDh *ike_dh_new_with_private(IkeDhGroup group, const uint8_t *priv, size_t len, GError **error);
/* The group the key belongs to. */
IkeDhGroup ike_dh_group(const IkeDh *dh);
/* Our public value as the KE payload carries it; *ret_len gets its length. */
const uint8_t *ike_dh_public(const IkeDh *dh, size_t *ret_len);
/* Check a peer's public value for the group without using it. */
bool ike_dh_check_public(unsigned group, const uint8_t *peer, size_t len, GError **error);
/* Check the peer's public value and compute g^xy into *ret_secret. */
bool ike_dh_compute(const IkeDh *dh, const uint8_t *peer, size_t len, L2secSecret **ret_secret,
    GError **error);
/* Free, wiping the private key; NULL is fine. */
void ike_dh_free(IkeDh *dh);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(IkeDh, ike_dh_free)

#endif
