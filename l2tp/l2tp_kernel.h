/*
 * l2tp_kernel.h — the kernel's L2TPv2 data path (edge file). Talks generic
 * netlink (family "l2tp", version 1) through libnl-genl-3 to create and delete
 * tunnels and sessions and read their counters; opens the UDP socket a tunnel
 * rides on and the PPPoL2TP socket pppd runs on (notes/l2tp.md §2-3).
 *
 * Ownership: the UDP socket belongs to the caller (the control connection reads
 * control frames from it); closing it makes the kernel destroy the tunnel and its
 * sessions. An L2tpKernelPath owns what l2tp_kernel_path_up() created and
 * removes it, in reverse, when freed or when a later step fails: nothing is left
 * behind. Tunnel and session ids are L2TPv2's 16-bit ids; "local" ids are the ones
 * we assigned (the peer puts them in the packets it sends us).
 *
 * Errors: L2SEC_L2TP_ERROR_KERNEL saying what was being done, e.g. "L2TP: the
 * kernel has no L2TP support (module l2tp_netlink not loaded?)" or "L2TP: cannot
 * create kernel session 1/7 in tunnel 4711/29: Object exists". Nothing is logged
 * above debug.
 */
#ifndef L2SEC_L2TP_L2TP_KERNEL_H
#define L2SEC_L2TP_L2TP_KERNEL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <glib.h>

typedef struct L2tpKernel L2tpKernel; /* a generic netlink socket bound to the "l2tp" family */

typedef struct L2tpKernelIds {
	uint16_t tunnel_id, peer_tunnel_id;   /* ours, the peer's */
	uint16_t session_id, peer_session_id; /* ours, the peer's */
} L2tpKernelIds;

typedef struct L2tpKernelSessionOptions {
	bool lns_mode; /* we are the LNS (tests: the static server side) */
	bool send_seq; /* send Ns/Nr on data frames */
	bool recv_seq; /* require Ns/Nr on received data frames */
} L2tpKernelSessionOptions;

typedef struct L2tpKernelStats {
	uint64_t tx_packets, tx_bytes, tx_errors;
	uint64_t rx_packets, rx_bytes, rx_errors;
	uint64_t rx_seq_discards, rx_oos_packets;
} L2tpKernelStats;

/* Connect to generic netlink and resolve the "l2tp" family (the kernel loads l2tp_netlink on
 * demand). */
L2tpKernel *l2tp_kernel_open(GError **error);
/* Close the netlink socket; NULL is fine. Creates and deletes nothing. */
void l2tp_kernel_free(L2tpKernel *k);

/*
 * A UDP socket (close-on-exec) bound to `local` (port 0: ephemeral; 1701 is usual)
 * and connected to `peer`, as TUNNEL_CREATE wants it. IPv4 or IPv6, both the same.
 */
bool l2tp_kernel_udp_open(const struct sockaddr *local, const struct sockaddr *peer, socklen_t len,
    int *ret_fd, GError **error);

/* TUNNEL_CREATE: an L2TPv2 tunnel over the UDP socket `udp_fd`. */
bool l2tp_kernel_tunnel_create(
    L2tpKernel *k, int udp_fd, uint16_t tunnel_id, uint16_t peer_tunnel_id, GError **error);
/* TUNNEL_DELETE (its sessions go with it). */
bool l2tp_kernel_tunnel_delete(L2tpKernel *k, uint16_t tunnel_id, GError **error);
/* SESSION_CREATE: a PPP pseudowire session in an existing tunnel; `opt` may be NULL. */
bool l2tp_kernel_session_create(
    L2tpKernel *k, const L2tpKernelIds *ids, const L2tpKernelSessionOptions *opt, GError **error);
/* SESSION_DELETE. */
bool l2tp_kernel_session_delete(
    L2tpKernel *k, uint16_t tunnel_id, uint16_t session_id, GError **error);
/*
 * A PPPoL2TP socket (close-on-exec) connected to an existing kernel session
 * (fd = -1 and the four ids): the descriptor pppd's pppol2tp plugin takes.
 */
bool l2tp_kernel_pppox_open(const L2tpKernelIds *ids, int *ret_fd, GError **error);
/* TUNNEL_GET / SESSION_GET: the counters. */
bool l2tp_kernel_tunnel_stats(
    L2tpKernel *k, uint16_t tunnel_id, L2tpKernelStats *ret, GError **error);
bool l2tp_kernel_session_stats(
    L2tpKernel *k, uint16_t tunnel_id, uint16_t session_id, L2tpKernelStats *ret, GError **error);

/*
 * The whole data path for one call: tunnel (unless `tunnel_exists`), session and
 * PPPoL2TP socket, in that order; on failure whatever was created is removed in
 * reverse and NULL returned. The path keeps `k` referenced by pointer: free the
 * path before `k`.
 */
typedef struct L2tpKernelPath L2tpKernelPath;
L2tpKernelPath *l2tp_kernel_path_up(L2tpKernel *k, int udp_fd, const L2tpKernelIds *ids,
    const L2tpKernelSessionOptions *opt, bool tunnel_exists, GError **error);
/* The PPPoL2TP socket, still owned by the path (pppd gets a duplicate). */
int l2tp_kernel_path_pppox_fd(const L2tpKernelPath *p);
/* Remove what the path created, in reverse (PPPoL2TP socket, session, tunnel), and free it; NULL is
 * fine. */
void l2tp_kernel_path_free(L2tpKernelPath *p);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(L2tpKernel, l2tp_kernel_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(L2tpKernelPath, l2tp_kernel_path_free)

#endif
