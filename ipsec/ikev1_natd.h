/*
 * ikev1_natd.h — NAT discovery for IKEv1 (RFC 3947 §3.2): the NAT-D hash of
 * one address and port, and the decision whether either end is behind a
 * NAT given the hashes a peer sent. IPv4 and IPv6 addresses; no state.
 */
#ifndef L2SEC_IPSEC_IKEV1_NATD_H
#define L2SEC_IPSEC_IKEV1_NATD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "ipsec/ike_prf.h"

/* RFC 3947 §3.2: HASH = HASH(CKY-I | CKY-R | IP | Port), with the negotiated hash. */
bool ikev1_natd_hash(IkeHash hash, const uint8_t *cky_i, const uint8_t *cky_r, const uint8_t *addr,
    size_t addr_len, uint16_t port, uint8_t *ret_hash, GError **error);

/*
 * Given the peer's NAT-D hashes (GBytes, first = how it sees us, the rest =
 * its own addresses, §3.2), decide: *ret_local_nat when the first does not
 * match our own address and port, *ret_remote_nat when none of the rest
 * matches the peer's address and port as we send to it.
 */
bool ikev1_natd_check(IkeHash hash, const uint8_t *cky_i, const uint8_t *cky_r,
    const uint8_t *local_addr, size_t addr_len, uint16_t local_port, const uint8_t *remote_addr,
    uint16_t remote_port, GPtrArray *peer_hashes, bool *ret_local_nat, bool *ret_remote_nat,
    GError **error);

#endif
