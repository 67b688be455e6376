/*
 * netcfg_private.h — the pieces of client/netcfg.c, shared between its files and its unit tests
 * (tests/unit/client/test_netcfg*.c); nothing outside client/netcfg*.c uses them.
 *
 *   netcfg_route.c  one route, added or removed with libnl-route (the kernel's errno in
 *                   messages), and the RTM_GETROUTE lookup of the server's route.
 *   netcfg_dns.c    DNS through systemd-resolved (D-Bus), resolvconf, or a resolv.conf
 *                   rewritten atomically with a backup; and the undo of each.
 *   netcfg_state.c  the state file: the list of changes as a GKeyFile, written atomically
 *                   (tmp + rename, 0600) and read back with errors naming group and key.
 *
 * A change is recorded in the state file *before* it is made, and dropped again when making it
 * fails, so a crash between the two leaves a record of something that may not exist (undoing
 * it is harmless), never a change without a record.
 */
#ifndef L2SEC_CLIENT_NETCFG_PRIVATE_H
#define L2SEC_CLIENT_NETCFG_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>
#include <net/if.h>
#include <glib.h>

#include "client/netcfg.h"

#define NETCFG_RTPROT NETCFG_ROUTE_PROTOCOL
#define NETCFG_TABLE_MAIN 254 /* RT_TABLE_MAIN */

typedef struct NetcfgRoute {
	int family; /* AF_INET or AF_INET6 */
	uint8_t dst[16];
	unsigned prefix;
	bool has_gateway;
	uint8_t gateway[16];
	char dev[IF_NAMESIZE];
	int ifindex; /* dev's index when the route was added */
	uint32_t table;
	uint8_t protocol;
	uint32_t metric;
} NetcfgRoute;

typedef enum {
	NETCFG_BACKUP_NONE,    /* there was no resolv.conf: undo removes ours */
	NETCFG_BACKUP_FILE,    /* a regular file, copied (content and mode) */
	NETCFG_BACKUP_SYMLINK, /* a symbolic link (to resolved's stub, say), copied as a link */
} NetcfgBackupKind;

typedef struct NetcfgDns {
	NetcfgDnsMethod method; /* never NETCFG_DNS_AUTO */
	char dev[IF_NAMESIZE];
	int ifindex;
	/* NETCFG_DNS_FILE only: */
	char *path;           /* the resolv.conf rewritten */
	char *backup;         /* our copy of what was there */
	NetcfgBackupKind backup_kind;
	unsigned mode;        /* the mode to give the file back */
	char *written_sha256; /* of what we wrote: undo restores only if the file still holds it */
} NetcfgDns;

typedef struct NetcfgChange {
	unsigned seq; /* order of the changes; undone from the highest */
	bool is_dns;
	NetcfgRoute route;
	NetcfgDns dns;
} NetcfgChange;

void netcfg_change_free(NetcfgChange *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NetcfgChange, netcfg_change_free)

/* netcfg_route.c */
/* "10.0.0.0/8 dev ppp0", "198.51.100.7/32 via 192.0.2.1 dev eth0"; the caller frees it. */
char *netcfg_route_to_string(const NetcfgRoute *r);
/* Add `r` (NLM_F_EXCL): "route 10.0.0.0/8 dev ppp0: File exists". */
bool netcfg_route_add(const NetcfgRoute *r, GError **error);
/* Remove `r` (matching protocol, table, gateway and interface); a route or an interface that is
 * already gone, or an interface of that name with another index (recreated since), is success. */
bool netcfg_route_del(const NetcfgRoute *r, GError **error);
/* What the kernel uses to reach `dst` now (RTM_GETROUTE). *ret_has_gateway false: on-link. */
bool netcfg_route_lookup(struct in_addr dst, bool *ret_has_gateway, struct in_addr *ret_gateway,
    char ret_dev[IF_NAMESIZE], int *ret_ifindex, GError **error);
/* Whether `ifindex` has any IPv6 address (PPP negotiated IPV6CP). */
bool netcfg_link_has_ipv6(int ifindex, bool *ret, GError **error);

/* netcfg_dns.c */
/* The resolv.conf of NETCFG_DNS_FILE (netcfg_set_resolv_conf_path). */
const char *netcfg_resolv_conf_path(void);
/* Tests: the resolvconf program (default /sbin/resolvconf). */
void netcfg_set_resolvconf_path(const char *path);
/* Pick the method for NETCFG_DNS_AUTO. */
NetcfgDnsMethod netcfg_dns_pick(void);
const char *netcfg_dns_method_to_string(NetcfgDnsMethod m); /* "systemd-resolved", ... */
bool netcfg_dns_method_from_string(const char *s, NetcfgDnsMethod *ret);
/* The first half of the file method: copy what `d->path` holds now to `d->backup`, fill
 * backup_kind and mode, and return the text to write (its hash in d->written_sha256). */
bool netcfg_dns_file_prepare(NetcfgDns *d, const struct in_addr *servers, unsigned n_servers,
    bool all_queries, char **ret_text, GError **error);
/* Make the change `d` describes (for the file method, write `text` from prepare). */
bool netcfg_dns_apply(const NetcfgDns *d, const struct in_addr *servers, unsigned n_servers,
    bool all_queries, const char *text, GError **error);
/* Undo `d`; a link that is gone is success; a resolv.conf someone changed since is kept (and
 * logged at debug level), which is success too. */
bool netcfg_dns_undo(const NetcfgDns *d, GError **error);
/* Write `len` bytes to `path` atomically (a temporary file in the same folder, then rename;
 * written in place if `path` is a mount point), with `mode`. */
bool netcfg_write_file_atomic(const char *path, const char *data, size_t len, unsigned mode,
    GError **error);

/* netcfg_state.c */
/* Write `changes` (of NetcfgChange *) to `path`; an empty list removes the file. */
bool netcfg_state_write(const char *path, const GPtrArray *changes, GError **error);
/* Read `path`: *ret_changes (of NetcfgChange *, by seq) or NULL when there is no such file.
 * Errors name the file, the group and the key. */
bool netcfg_state_read(const char *path, GPtrArray **ret_changes, GError **error);
/* Undo `changes` from the last; those that fail stay in the array (the rest are removed), and
 * the first failure is returned. */
bool netcfg_changes_undo(GPtrArray *changes, GError **error);

#endif
