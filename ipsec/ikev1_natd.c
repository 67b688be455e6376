/* ikev1_natd.c — NAT-D hashes (RFC 3947 §3.2); see ikev1_natd.h. */
#include "config.h"

#include <string.h>

#include "ipsec/ikev1_keys.h"
#include "ipsec/ikev1_natd.h"

bool
ikev1_natd_hash(IkeHash hash, const uint8_t *cky_i, const uint8_t *cky_r, const uint8_t *addr,
    size_t addr_len, uint16_t port, uint8_t *ret_hash, GError **error)
{
	uint8_t buf[2 * IKEV1_COOKIE_LEN + 16 + 2];
	g_assert(addr_len == 4 || addr_len == 16);
	memcpy(buf, cky_i, IKEV1_COOKIE_LEN);
	memcpy(buf + IKEV1_COOKIE_LEN, cky_r, IKEV1_COOKIE_LEN);
	memcpy(buf + 2 * IKEV1_COOKIE_LEN, addr, addr_len);
	buf[2 * IKEV1_COOKIE_LEN + addr_len] = (uint8_t)(port >> 8);
	buf[2 * IKEV1_COOKIE_LEN + addr_len + 1] = (uint8_t)port;
	return ike_hash_digest(
	    hash, buf, 2 * IKEV1_COOKIE_LEN + addr_len + 2, NULL, 0, ret_hash, error);
}

bool
ikev1_natd_check(IkeHash hash, const uint8_t *cky_i, const uint8_t *cky_r,
    const uint8_t *local_addr, size_t addr_len, uint16_t local_port, const uint8_t *remote_addr,
    uint16_t remote_port, GPtrArray *peer_hashes, bool *ret_local_nat, bool *ret_remote_nat,
    GError **error)
{
	uint8_t mine[IKE_HASH_MAX_LEN], theirs[IKE_HASH_MAX_LEN];
	size_t hlen = ike_hash_len(hash);
	if (!ikev1_natd_hash(hash, cky_i, cky_r, local_addr, addr_len, local_port, mine, error) ||
	    !ikev1_natd_hash(hash, cky_i, cky_r, remote_addr, addr_len, remote_port, theirs, error))
		return false;
	bool local_nat = true, remote_nat = true;
	for (guint i = 0; i < peer_hashes->len; i++) {
		GBytes *b = g_ptr_array_index(peer_hashes, i);
		gsize len;
		const uint8_t *d = g_bytes_get_data(b, &len);
		bool match = len == hlen && memcmp(d, i == 0 ? mine : theirs, hlen) == 0;
		if (i == 0 && match)
			local_nat = false;
		else if (i > 0 && match)
			remote_nat = false;
	}
	*ret_local_nat = local_nat;
	*ret_remote_nat = remote_nat;
	return true;
}
