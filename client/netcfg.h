/*
 * netcfg.h — routes and DNS for one connection (edge file; issue 6 item 3),
 * with libnl-route for routes and systemd-resolved (D-Bus, per link),
 * resolvconf, or /etc/resolv.conf (with a backup) for DNS.
 *
 * Every change is recorded twice: on an in-memory undo list, and in a state
 * file (`state_path`, 0600, under /run/l2sec/) rewritten atomically after each
 * change, so that a later run can undo what a crashed (kill -9) l2sec left:
 * netcfg_recover(). netcfg_restore() undoes in reverse order and removes the
 * state file. Undoing something already gone (the ppp interface vanished and
 * took its routes) is not an error.
 *
 *   netcfg_add_server_route(): a host route to the VPN server through the
 *       gateway and interface the main table uses for it *now* (looked up
 *       with RTM_GETROUTE), so IKE/ESP never loop into the tunnel; nothing
 *       when the server is on-link.
 *   netcfg_set_default_route(): 0.0.0.0/1 and 128.0.0.0/1 through the PPP
 *       interface (the original default route is left untouched, so
 *       nothing has to be put back if we die).
 *   netcfg_add_routes(): the profile's split routes through the PPP interface.
 *   netcfg_set_dns(): the servers PPP gave, for the PPP interface.
 *
 * Errors: G_IO_ERROR with messages that name the object and the kernel's
 * reason: "route 10.0.0.0/8 dev ppp0: File exists".
 */
#ifndef L2SEC_CLIENT_NETCFG_H
#define L2SEC_CLIENT_NETCFG_H

#include <stdbool.h>
#include <netinet/in.h>
#include <glib.h>

#include "client/profile.h"

typedef enum {
	NETCFG_DNS_AUTO,      /* resolved if it runs, else resolvconf if installed, else the file */
	NETCFG_DNS_RESOLVED,
	NETCFG_DNS_RESOLVCONF,
	NETCFG_DNS_FILE,      /* /etc/resolv.conf (netcfg_set_resolv_conf_path for tests) */
} NetcfgDnsMethod;

typedef struct Netcfg Netcfg;

/* rtm_protocol of every route l2sec adds (`ip route show proto 108`), so that its routes are
 * told from anyone else's, and deleting one never removes another's route to the same prefix. */
#define NETCFG_ROUTE_PROTOCOL 108

/*
 * Notes on the calls below:
 * - netcfg_new fails (G_IO_ERROR_EXISTS) when `state_path` exists: netcfg_recover it first.
 *   A NULL state_path keeps the changes in memory only (tests; the file method's backup then
 *   goes to /run/l2sec/IFNAME.resolv.conf, else it is STATE_PATH.resolv.conf).
 * - netcfg_add_server_route leaves alone a host route to the server that is already there.
 * - netcfg_set_default_route, netcfg_add_routes: a call that fails half-way undoes its own
 *   routes. An IPv6 route on an interface without an IPv6 address is G_IO_ERROR_NOT_SUPPORTED.
 * - netcfg_set_dns: no servers is a no-op; a second call is G_IO_ERROR_EXISTS. After
 *   netcfg_set_default_route, systemd-resolved gets "~." so the link takes every query, and
 *   the file method drops the old search list (keeping its options).
 */

/* Nothing is touched until a call below; the state file is created by the first change. */
Netcfg *netcfg_new(const char *state_path, GError **error);
bool netcfg_add_server_route(Netcfg *n, struct in_addr server, GError **error);
bool netcfg_set_default_route(Netcfg *n, const char *ifname, GError **error);
bool netcfg_add_routes(Netcfg *n, const char *ifname, const GArray *routes /* of L2secRoute */,
    GError **error);
bool netcfg_set_dns(Netcfg *n, const char *ifname, const struct in_addr *servers, unsigned n_servers,
    NetcfgDnsMethod method, GError **error);
/* The method netcfg_set_dns used ("systemd-resolved", "resolvconf", or the resolv.conf path), or NULL. */
const char *netcfg_dns_method_name(const Netcfg *n);
/* Undo everything, newest first; remove the state file. Errors are logged (debug), the rest
 * still undone; what could not be undone stays on the list and in the state file. */
void netcfg_restore(Netcfg *n);
/* netcfg_restore that returns the first failure ("N changes could not be undone; the first: ..."). */
bool netcfg_undo(Netcfg *n, GError **error);
/* netcfg_restore, then free; NULL is fine. */
void netcfg_free(Netcfg *n);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Netcfg, netcfg_free)

/*
 * Undo what a state file left by a dead process records, then remove it.
 * True with *ret_found false when there is no such file. A broken file is an error naming the
 * file, group and key (or line), and is left as it is, nothing undone; changes that cannot be
 * undone stay in it (for the next try) and the first failure is the error.
 */
bool netcfg_recover(const char *state_path, bool *ret_found, GError **error);

/* Tests: the resolv.conf to edit for NETCFG_DNS_FILE (default /etc/resolv.conf). */
void netcfg_set_resolv_conf_path(const char *path);

#endif
