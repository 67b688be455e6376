/*
 * l2tp_hidden.h — hidden AVPs (RFC 2661 §4.3) and the tunnel authentication
 * response (§4.2, §5.1.1), the two uses of MD5 with the tunnel secret.
 *
 * A hidden value is the subformat (2-byte original length, original value,
 * padding) XORed with an MD5 keystream: b1 = MD5(attribute type (2 bytes) |
 * secret | Random Vector), c1 = p1 ^ b1, then bi = MD5(secret | c(i-1)) for
 * each next 16-byte block; a last partial block uses the first bytes of its
 * keystream. The Random Vector is the value of the most recent Random Vector
 * AVP before the hidden AVP in the same message (the caller finds it).
 * Pure functions over OpenSSL EVP MD5; they keep no state, never log secrets,
 * and wipe their intermediate digests. Errors: L2SEC_L2TP_ERROR_HIDDEN (no
 * secret, no Random Vector, MD5 unavailable) and L2SEC_L2TP_ERROR_MALFORMED (a
 * revealed length larger than the hidden value), naming the AVP and its offset.
 */
#ifndef L2SEC_L2TP_L2TP_HIDDEN_H
#define L2SEC_L2TP_L2TP_HIDDEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "common/secret.h"

/* §4.2: the message type byte that goes first in the Challenge Response hash. */
#define L2TP_CHAP_ID_SCCRP 2
#define L2TP_CHAP_ID_SCCCN 3
/* The size of the Random Vectors we send. */
#define L2TP_RANDOM_VECTOR_LEN 16

/*
 * Reveal a hidden value of AVP `type` found at byte `at` of the datagram
 * (for error messages). secret and rv may be NULL (then HIDDEN errors).
 * *ret gets the original value as a secret buffer (wiped on free).
 */
bool l2tp_hidden_reveal(uint16_t type, size_t at, const uint8_t *hidden, size_t len,
    const L2secSecret *secret, const uint8_t *rv, size_t rv_len, L2secSecret **ret, GError **error);
/*
 * Hide value (len bytes) of AVP `type`: append the hidden subformat with
 * pad_len padding bytes (zeros before encryption) to out. Fails (HIDDEN) when
 * secret or rv are missing or the result would not fit an AVP (1017 bytes).
 */
bool l2tp_hidden_hide(uint16_t type, const void *value, size_t len, size_t pad_len,
    const L2secSecret *secret, const uint8_t *rv, size_t rv_len, GByteArray *out, GError **error);
/*
 * Append a whole hidden IETF AVP (H set, M as §4.4 prescribes) to w; the
 * padding rounds the subformat up to a multiple of 16 bytes, so short values
 * hide their length (§4.3).
 */
bool l2tp_avp_put_hidden(GByteArray *w, uint16_t type, const void *value, size_t len,
    const L2secSecret *secret, const uint8_t *rv, size_t rv_len, GError **error);
/*
 * §4.2: the Challenge Response to send (or expect) for `challenge`:
 * MD5(chap_id | secret | challenge), chap_id being L2TP_CHAP_ID_SCCRP in an
 * SCCRP and L2TP_CHAP_ID_SCCCN in an SCCCN.
 */
bool l2tp_challenge_response(uint8_t chap_id, const L2secSecret *secret, const uint8_t *challenge,
    size_t challenge_len, uint8_t ret[16], GError **error);
/* Append a Challenge Response AVP answering `challenge` (§4.2) to w. */
bool l2tp_avp_put_challenge_response(GByteArray *w, uint8_t chap_id, const L2secSecret *secret,
    const uint8_t *challenge, size_t challenge_len, GError **error);
/*
 * Append a Random Vector AVP of L2TP_RANDOM_VECTOR_LEN fresh random bytes
 * (OpenSSL RAND_bytes) to w and copy them to ret_rv, to hide the AVPs that
 * follow it in the same message (§4.3). Fails (HIDDEN) if the RNG fails.
 */
bool l2tp_avp_put_random_vector(GByteArray *w, uint8_t ret_rv[16], GError **error);
/*
 * Writing one message whose AVPs may be hidden (§4.3), as xl2tpd's and
 * go-l2tp's `hidden bit` / hide-avps do: with a secret, the first AVP whose
 * type may be hidden (l2tp_avp_type_may_hide(): Assigned Session ID, Call
 * Serial Number, Bearer and Framing Type, Connect Speeds, Challenge Response,
 * Assigned Tunnel ID...) is preceded by a fresh Random Vector AVP, and it and
 * every later one goes hidden with the H bit; the others (Message Type,
 * Result Code, Host Name...) go in clear. Without a secret everything goes in
 * clear. l2tp_hider_end() wipes the Random Vector.
 */
typedef struct L2tpHider {
	const L2secSecret *secret; /* NULL: nothing is hidden */
	uint8_t rv[L2TP_RANDOM_VECTOR_LEN];
	bool have_rv; /* the Random Vector AVP is in the message */
} L2tpHider;

void l2tp_hider_init(L2tpHider *h, const L2secSecret *secret);
/* Append AVP `type` with this value, hidden if it may be. Fails (HIDDEN) if the RNG fails. */
bool l2tp_hider_put(
    L2tpHider *h, GByteArray *w, uint16_t type, const void *value, size_t len, GError **error);
bool l2tp_hider_put_u16(L2tpHider *h, GByteArray *w, uint16_t type, uint16_t v, GError **error);
bool l2tp_hider_put_u32(L2tpHider *h, GByteArray *w, uint16_t type, uint32_t v, GError **error);
void l2tp_hider_end(L2tpHider *h);

/* Constant-time check of a received Challenge Response against the expected one. */
bool l2tp_challenge_response_verify(uint8_t chap_id, const L2secSecret *secret,
    const uint8_t *challenge, size_t challenge_len, const uint8_t *received, size_t received_len,
    GError **error);

#endif
