/* ikev1_keys.c — the IKEv1 key schedule of RFC 2409; see ikev1_keys.h. */
#include "config.h"

#include <string.h>

#include <openssl/crypto.h>

#include "common/error.h"
#include "ipsec/ike_error.h"
#include "ipsec/ikev1_keys.h"

/* The output of one PRF run, as a secret. */
static L2secSecret *
prf_finish(IkePrf *prf, IkeHash hash, GError **error)
{
	g_autoptr(L2secSecret) out = l2sec_secret_new_zero(ike_hash_len(hash));
	if (!ike_prf_final(prf, out->data, error))
		return NULL;
	return g_steal_pointer(&out);
}

bool
ikev1_skeyid_psk(IkeHash hash, const L2secSecret *psk, const uint8_t *ni_b, size_t ni_len,
    const uint8_t *nr_b, size_t nr_len, L2secSecret **ret_skeyid, GError **error)
{
	g_autoptr(IkePrf) prf = ike_prf_new(hash, psk->data, psk->len, error);
	if (prf == NULL)
		return false;
	ike_prf_update(prf, ni_b, ni_len);
	ike_prf_update(prf, nr_b, nr_len);
	L2secSecret *skeyid = prf_finish(prf, hash, error);
	if (skeyid == NULL)
		return false;
	*ret_skeyid = skeyid;
	return true;
}

bool
ikev1_skeyid_sig(IkeHash hash, const uint8_t *ni_b, size_t ni_len, const uint8_t *nr_b,
    size_t nr_len, const L2secSecret *gxy, L2secSecret **ret_skeyid, GError **error)
{
	/* the nonces are the key: HMAC hashes keys longer than a block first (RFC 2104) */
	g_autoptr(L2secSecret) key = l2sec_secret_new_zero(ni_len + nr_len);
	if (ni_len > 0)
		memcpy(key->data, ni_b, ni_len);
	if (nr_len > 0)
		memcpy(key->data + ni_len, nr_b, nr_len);
	g_autoptr(IkePrf) prf = ike_prf_new(hash, key->data, key->len, error);
	if (prf == NULL)
		return false;
	ike_prf_update(prf, gxy->data, gxy->len);
	L2secSecret *skeyid = prf_finish(prf, hash, error);
	if (skeyid == NULL)
		return false;
	*ret_skeyid = skeyid;
	return true;
}

/* prf(SKEYID, [prev |] g^xy | CKY-I | CKY-R | n) */
static L2secSecret *
skeyid_x(IkeHash hash, const L2secSecret *skeyid, const L2secSecret *prev, const L2secSecret *gxy,
    const uint8_t *cky_i, const uint8_t *cky_r, uint8_t n, GError **error)
{
	g_autoptr(IkePrf) prf = ike_prf_new(hash, skeyid->data, skeyid->len, error);
	if (prf == NULL)
		return NULL;
	if (prev != NULL)
		ike_prf_update(prf, prev->data, prev->len);
	ike_prf_update(prf, gxy->data, gxy->len);
	ike_prf_update(prf, cky_i, IKEV1_COOKIE_LEN);
	ike_prf_update(prf, cky_r, IKEV1_COOKIE_LEN);
	ike_prf_update(prf, &n, 1);
	return prf_finish(prf, hash, error);
}

IkeV1Keys *
ikev1_keys_derive(IkeHash hash, const L2secSecret *skeyid, const L2secSecret *gxy,
    const uint8_t *cky_i, const uint8_t *cky_r, IkeEncr encr, unsigned key_bits, GError **error)
{
	if (!ike_cipher_check(encr, key_bits, error))
		return NULL;
	g_autoptr(IkeV1Keys) keys = g_new0(IkeV1Keys, 1);
	keys->hash = hash;
	keys->encr = encr;
	keys->key_bits = key_bits;
	keys->block_size = ike_cipher_block_size(encr);
	keys->skeyid = l2sec_secret_dup(skeyid);
	if ((keys->skeyid_d = skeyid_x(hash, skeyid, NULL, gxy, cky_i, cky_r, 0, error)) == NULL ||
	    (keys->skeyid_a = skeyid_x(hash, skeyid, keys->skeyid_d, gxy, cky_i, cky_r, 1, error)) ==
		NULL ||
	    (keys->skeyid_e = skeyid_x(hash, skeyid, keys->skeyid_a, gxy, cky_i, cky_r, 2, error)) ==
		NULL ||
	    !ikev1_expand_key(hash, keys->skeyid_e, ike_cipher_key_len(encr, key_bits), &keys->enc_key,
		error))
		return NULL;
	return g_steal_pointer(&keys);
}

void
ikev1_keys_free(IkeV1Keys *keys)
{
	if (keys == NULL)
		return;
	l2sec_secret_free(keys->skeyid);
	l2sec_secret_free(keys->skeyid_d);
	l2sec_secret_free(keys->skeyid_a);
	l2sec_secret_free(keys->skeyid_e);
	l2sec_secret_free(keys->enc_key);
	g_free(keys);
}

bool
ikev1_expand_key(IkeHash hash, const L2secSecret *skeyid_e, size_t len, L2secSecret **ret_key,
    GError **error)
{
	size_t hlen = ike_hash_len(hash);
	if (hlen == 0)
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_UNSUPPORTED,
		    "IKE hash algorithm %u is not supported", (unsigned)hash);
	if (skeyid_e->len >= len) {
		*ret_key = l2sec_secret_new(skeyid_e->data, len);
		return true;
	}
	/* App. B: K1 = prf(SKEYID_e, 0), K2 = prf(SKEYID_e, K1), ... */
	size_t blocks = (len + hlen - 1) / hlen;
	g_autoptr(L2secSecret) ka = l2sec_secret_new_zero(blocks * hlen);
	for (size_t i = 0; i < blocks; i++) {
		static const uint8_t zero = 0;
		g_autoptr(IkePrf) prf = ike_prf_new(hash, skeyid_e->data, skeyid_e->len, error);
		if (prf == NULL)
			return false;
		if (i == 0)
			ike_prf_update(prf, &zero, 1);
		else
			ike_prf_update(prf, ka->data + (i - 1) * hlen, hlen);
		if (!ike_prf_final(prf, ka->data + i * hlen, error))
			return false;
	}
	*ret_key = l2sec_secret_new(ka->data, len);
	return true;
}

static bool
truncated_hash(IkeHash hash, const void *a, size_t a_len, const void *b, size_t b_len,
    size_t block_size, uint8_t *ret_iv, GError **error)
{
	uint8_t full[IKE_HASH_MAX_LEN];
	size_t hlen = ike_hash_len(hash);
	if (hlen != 0 && block_size > hlen)
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_UNSUPPORTED,
		    "%s gives %zu bytes, too few for a %zu-byte IV", ike_hash_name(hash), hlen,
		    block_size);
	if (!ike_hash_digest(hash, a, a_len, b, b_len, full, error))
		return false;
	memcpy(ret_iv, full, block_size);
	return true;
}

bool
ikev1_phase1_iv(IkeHash hash, const uint8_t *gxi, size_t gxi_len, const uint8_t *gxr,
    size_t gxr_len, size_t block_size, uint8_t *ret_iv, GError **error)
{
	return truncated_hash(hash, gxi, gxi_len, gxr, gxr_len, block_size, ret_iv, error);
}

bool
ikev1_phase2_iv(IkeHash hash, const uint8_t *last_block, size_t block_size, uint32_t msgid,
    uint8_t *ret_iv, GError **error)
{
	uint8_t m[4] = { (uint8_t)(msgid >> 24), (uint8_t)(msgid >> 16), (uint8_t)(msgid >> 8),
		(uint8_t)msgid };
	return truncated_hash(hash, last_block, block_size, m, sizeof(m), block_size, ret_iv, error);
}

bool
ikev1_main_mode_hash(IkeHash hash, const L2secSecret *skeyid, bool initiator, const uint8_t *gxi,
    size_t gxi_len, const uint8_t *gxr, size_t gxr_len, const uint8_t *cky_i, const uint8_t *cky_r,
    const uint8_t *sai_b, size_t sai_len, const uint8_t *id_b, size_t id_len, uint8_t *ret_hash,
    GError **error)
{
	g_autoptr(IkePrf) prf = ike_prf_new(hash, skeyid->data, skeyid->len, error);
	if (prf == NULL)
		return false;
	/* HASH_R mirrors HASH_I: the responder's values first (§5) */
	ike_prf_update(prf, initiator ? gxi : gxr, initiator ? gxi_len : gxr_len);
	ike_prf_update(prf, initiator ? gxr : gxi, initiator ? gxr_len : gxi_len);
	ike_prf_update(prf, initiator ? cky_i : cky_r, IKEV1_COOKIE_LEN);
	ike_prf_update(prf, initiator ? cky_r : cky_i, IKEV1_COOKIE_LEN);
	ike_prf_update(prf, sai_b, sai_len);
	ike_prf_update(prf, id_b, id_len);
	return ike_prf_final(prf, ret_hash, error);
}

bool
ikev1_qm_hash1(IkeHash hash, const L2secSecret *skeyid_a, uint32_t msgid, const uint8_t *payloads,
    size_t len, uint8_t *ret_hash, GError **error)
{
	g_autoptr(IkePrf) prf = ike_prf_new(hash, skeyid_a->data, skeyid_a->len, error);
	if (prf == NULL)
		return false;
	ike_prf_update_u32(prf, msgid);
	ike_prf_update(prf, payloads, len);
	return ike_prf_final(prf, ret_hash, error);
}

bool
ikev1_qm_hash2(IkeHash hash, const L2secSecret *skeyid_a, uint32_t msgid, const uint8_t *ni_b,
    size_t ni_len, const uint8_t *payloads, size_t len, uint8_t *ret_hash, GError **error)
{
	g_autoptr(IkePrf) prf = ike_prf_new(hash, skeyid_a->data, skeyid_a->len, error);
	if (prf == NULL)
		return false;
	ike_prf_update_u32(prf, msgid);
	ike_prf_update(prf, ni_b, ni_len);
	ike_prf_update(prf, payloads, len);
	return ike_prf_final(prf, ret_hash, error);
}

bool
ikev1_qm_hash3(IkeHash hash, const L2secSecret *skeyid_a, uint32_t msgid, const uint8_t *ni_b,
    size_t ni_len, const uint8_t *nr_b, size_t nr_len, uint8_t *ret_hash, GError **error)
{
	static const uint8_t zero = 0;
	g_autoptr(IkePrf) prf = ike_prf_new(hash, skeyid_a->data, skeyid_a->len, error);
	if (prf == NULL)
		return false;
	ike_prf_update(prf, &zero, 1);
	ike_prf_update_u32(prf, msgid);
	ike_prf_update(prf, ni_b, ni_len);
	ike_prf_update(prf, nr_b, nr_len);
	return ike_prf_final(prf, ret_hash, error);
}

bool
ikev1_info_hash(IkeHash hash, const L2secSecret *skeyid_a, uint32_t msgid, const uint8_t *payloads,
    size_t len, uint8_t *ret_hash, GError **error)
{
	/* §5.7 has the same form as Quick Mode's HASH(1) */
	return ikev1_qm_hash1(hash, skeyid_a, msgid, payloads, len, ret_hash, error);
}

bool
ikev1_keymat(IkeHash hash, const L2secSecret *skeyid_d, const L2secSecret *gxy_qm,
    uint8_t protocol, uint32_t spi, const uint8_t *ni_b, size_t ni_len, const uint8_t *nr_b,
    size_t nr_len, size_t len, L2secSecret **ret_keymat, GError **error)
{
	size_t hlen = ike_hash_len(hash);
	if (hlen == 0)
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_UNSUPPORTED,
		    "IKE hash algorithm %u is not supported", (unsigned)hash);
	size_t blocks = (len + hlen - 1) / hlen;
	g_autoptr(L2secSecret) km = l2sec_secret_new_zero(blocks * hlen);
	for (size_t i = 0; i < blocks; i++) {
		g_autoptr(IkePrf) prf = ike_prf_new(hash, skeyid_d->data, skeyid_d->len, error);
		if (prf == NULL)
			return false;
		if (i > 0)
			ike_prf_update(prf, km->data + (i - 1) * hlen, hlen);
		if (gxy_qm != NULL)
			ike_prf_update(prf, gxy_qm->data, gxy_qm->len);
		ike_prf_update(prf, &protocol, 1);
		ike_prf_update_u32(prf, spi);
		ike_prf_update(prf, ni_b, ni_len);
		ike_prf_update(prf, nr_b, nr_len);
		if (!ike_prf_final(prf, km->data + i * hlen, error))
			return false;
	}
	*ret_keymat = l2sec_secret_new(km->data, len);
	return true;
}
