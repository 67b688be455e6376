/*
 * ikev1_keys.h — the IKEv1 key schedule (RFC 2409 §5, §5.5, §5.7, App. B):
 * SKEYID for pre-shared keys and for signatures, SKEYID_d/_a/_e, the
 * encryption key expanded from SKEYID_e, the CBC IVs of phase 1 and of each
 * phase-2 (Quick Mode, Informational) exchange, the Main Mode HASH_I/HASH_R,
 * the Quick Mode HASH(1)/(2)/(3), the Informational HASH(1), and the KEYMAT
 * of an ESP SA. Pure functions of their inputs over ike_prf.h: no state, no
 * messages. "_b" arguments are payload bodies (without the generic payload
 * header) as RFC 2409 §5 defines them; "payloads" arguments are the raw bytes
 * of the message after the HASH payload, generic headers included (§5.5).
 * Every derived key is an L2secSecret (wiped); hashes for the wire are plain
 * bytes (they go on the wire anyway). Errors come from ike_prf.h:
 * L2SEC_IKE_ERROR_UNSUPPORTED for an unknown hash or cipher,
 * L2SEC_IKE_ERROR_CRYPTO when OpenSSL refuses.
 */
#ifndef L2SEC_IPSEC_IKEV1_KEYS_H
#define L2SEC_IPSEC_IKEV1_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "common/secret.h"
#include "ipsec/ike_cipher.h"
#include "ipsec/ike_prf.h"

#define IKEV1_COOKIE_LEN 8

/* The keys of one ISAKMP SA. */
typedef struct IkeV1Keys {
	IkeHash hash;        /* the negotiated hash, which is also the PRF (RFC 2409 §4) */
	IkeEncr encr;
	unsigned key_bits;   /* Key Length attribute (AES), 0 for 3DES */
	size_t block_size;   /* of encr */
	L2secSecret *skeyid;
	L2secSecret *skeyid_d; /* keys the IPsec SAs (KEYMAT) */
	L2secSecret *skeyid_a; /* authenticates phase-2 messages */
	L2secSecret *skeyid_e; /* the source of enc_key */
	L2secSecret *enc_key;  /* ike_cipher_key_len() bytes, App. B expansion when needed */
} IkeV1Keys;

/* §5: SKEYID = prf(pre-shared-key, Ni_b | Nr_b). */
bool ikev1_skeyid_psk(IkeHash hash, const L2secSecret *psk, const uint8_t *ni_b, size_t ni_len,
    const uint8_t *nr_b, size_t nr_len, L2secSecret **ret_skeyid, GError **error);
/* §5: SKEYID = prf(Ni_b | Nr_b, g^xy), for signature authentication. */
bool ikev1_skeyid_sig(IkeHash hash, const uint8_t *ni_b, size_t ni_len, const uint8_t *nr_b,
    size_t nr_len, const L2secSecret *gxy, L2secSecret **ret_skeyid, GError **error);

/*
 * §5: SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0),
 * SKEYID_a = prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 1),
 * SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 2), and the
 * encryption key from SKEYID_e (App. B). skeyid is copied.
 */
IkeV1Keys *ikev1_keys_derive(IkeHash hash, const L2secSecret *skeyid, const L2secSecret *gxy,
    const uint8_t *cky_i, const uint8_t *cky_r, IkeEncr encr, unsigned key_bits, GError **error);
/* Free, wiping every key; NULL is fine. */
void ikev1_keys_free(IkeV1Keys *keys);

/*
 * App. B: len bytes of key from SKEYID_e: its first len bytes if it is long
 * enough, else the first len bytes of K1 | K2 | ... with K1 = prf(SKEYID_e, 0)
 * (one zero octet) and Kn = prf(SKEYID_e, Kn-1).
 */
bool ikev1_expand_key(IkeHash hash, const L2secSecret *skeyid_e, size_t len, L2secSecret **ret_key,
    GError **error);

/* §5.3 (and App. B): the phase-1 IV, hash(g^xi | g^xr) truncated to block_size bytes. */
bool ikev1_phase1_iv(IkeHash hash, const uint8_t *gxi, size_t gxi_len, const uint8_t *gxr,
    size_t gxr_len, size_t block_size, uint8_t *ret_iv, GError **error);
/*
 * App. B: the first IV of a phase-2 exchange (Quick Mode, Informational),
 * hash(last phase-1 CBC block | M-ID) truncated to block_size; last_block is
 * the last ciphertext block of the last phase-1 message (block_size bytes).
 */
bool ikev1_phase2_iv(IkeHash hash, const uint8_t *last_block, size_t block_size, uint32_t msgid,
    uint8_t *ret_iv, GError **error);

/*
 * §5: HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b) when
 * initiator is true; HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b |
 * IDir_b) when false. sai_b is always the initiator's SA body; id_b is the ID
 * body of the side whose hash it is. ret_hash gets ike_hash_len() bytes.
 */
bool ikev1_main_mode_hash(IkeHash hash, const L2secSecret *skeyid, bool initiator,
    const uint8_t *gxi, size_t gxi_len, const uint8_t *gxr, size_t gxr_len, const uint8_t *cky_i,
    const uint8_t *cky_r, const uint8_t *sai_b, size_t sai_len, const uint8_t *id_b, size_t id_len,
    uint8_t *ret_hash, GError **error);

/* §5.5: Quick Mode HASH(1) = prf(SKEYID_a, M-ID | SA | Ni [ | KE ] [ | IDci | IDcr ]). */
bool ikev1_qm_hash1(IkeHash hash, const L2secSecret *skeyid_a, uint32_t msgid,
    const uint8_t *payloads, size_t len, uint8_t *ret_hash, GError **error);
/* §5.5: Quick Mode HASH(2) = prf(SKEYID_a, M-ID | Ni_b | SA | Nr [ | KE ] [ | IDci | IDcr ]). */
bool ikev1_qm_hash2(IkeHash hash, const L2secSecret *skeyid_a, uint32_t msgid,
    const uint8_t *ni_b, size_t ni_len, const uint8_t *payloads, size_t len, uint8_t *ret_hash,
    GError **error);
/* §5.5: Quick Mode HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b). */
bool ikev1_qm_hash3(IkeHash hash, const L2secSecret *skeyid_a, uint32_t msgid,
    const uint8_t *ni_b, size_t ni_len, const uint8_t *nr_b, size_t nr_len, uint8_t *ret_hash,
    GError **error);
/* §5.7: Informational HASH(1) = prf(SKEYID_a, M-ID | N/D), payloads being the N or D payload. */
bool ikev1_info_hash(IkeHash hash, const L2secSecret *skeyid_a, uint32_t msgid,
    const uint8_t *payloads, size_t len, uint8_t *ret_hash, GError **error);

/*
 * §5.5: len bytes of KEYMAT for one direction of an IPsec SA:
 * K1 = prf(SKEYID_d, [ g(qm)^xy | ] protocol | SPI | Ni_b | Nr_b),
 * Kn = prf(SKEYID_d, Kn-1 | [ g(qm)^xy | ] protocol | SPI | Ni_b | Nr_b).
 * gxy_qm is the Quick Mode PFS secret or NULL; protocol is 3 for ESP; spi is
 * the SPI the receiving side chose (ours for inbound, the peer's for outbound).
 * The ESP key is the encryption key (with the GCM salt) then the integrity key.
 */
bool ikev1_keymat(IkeHash hash, const L2secSecret *skeyid_d, const L2secSecret *gxy_qm,
    uint8_t protocol, uint32_t spi, const uint8_t *ni_b, size_t ni_len, const uint8_t *nr_b,
    size_t nr_len, size_t len, L2secSecret **ret_keymat, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(IkeV1Keys, ikev1_keys_free)

#endif
