/*
 * netcfg.c — the Netcfg object: the undo list of one connection's routes and DNS, mirrored in
 * its state file, and recovery from a state file a dead process left. The kernel and resolver
 * work is in netcfg_route.c and netcfg_dns.c, the file format in netcfg_state.c.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/socket.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "client/netcfg.h"
#include "client/netcfg_private.h"
#include "client/profile_values.h"

#define DEFAULT_BACKUP_DIR "/run/l2sec"

struct Netcfg {
	char *state_path;   /* NULL: changes are only in memory */
	GPtrArray *changes; /* of NetcfgChange *, oldest first */
	unsigned next_seq;
	bool all_queries;   /* set_default_route was called: the tunnel's DNS takes every query */
	bool dns_set;
	char *dns_method_name;
};

Netcfg *
netcfg_new(const char *state_path, GError **error)
{
	if (state_path != NULL && g_file_test(state_path, G_FILE_TEST_EXISTS)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_EXISTS,
		    "state file %s exists: an earlier run's changes must be undone first (netcfg_recover)", state_path);
		return NULL;
	}
	Netcfg *n = g_new0(Netcfg, 1);
	n->state_path = g_strdup(state_path);
	n->changes = g_ptr_array_new_with_free_func((GDestroyNotify)netcfg_change_free);
	return n;
}

static bool
save(Netcfg *n, GError **error)
{
	return n->state_path == NULL || netcfg_state_write(n->state_path, n->changes, error);
}

/* Record `c` (appended, state file rewritten) before it is made; it belongs to n->changes from
 * now on, and NULL (the write failed) means it was freed already. */
static NetcfgChange *
record(Netcfg *n, NetcfgChange *c, GError **error)
{
	c->seq = n->next_seq++;
	g_ptr_array_add(n->changes, c);
	if (!save(n, error)) {
		g_ptr_array_remove(n->changes, c); /* frees it */
		return NULL;
	}
	return c;
}

/* Forget (and free) `c` again: making it failed. */
static void
drop(Netcfg *n, NetcfgChange *c)
{
	g_ptr_array_remove(n->changes, c);
	g_autoptr(GError) e = NULL;
	if (!save(n, &e))
		g_debug("netcfg: %s, ignoring", e->message);
}

/* Undo the changes from index `mark` on (a call that failed half-way leaves nothing). */
static void
undo_since(Netcfg *n, unsigned mark)
{
	if (n->changes->len <= mark)
		return;
	g_autoptr(GPtrArray) tail = g_ptr_array_new_with_free_func((GDestroyNotify)netcfg_change_free);
	while (n->changes->len > mark)
		g_ptr_array_add(tail, g_ptr_array_steal_index(n->changes, mark));
	g_autoptr(GError) e = NULL;
	if (!netcfg_changes_undo(tail, &e)) {
		g_debug("netcfg: %s", e->message);
		while (tail->len > 0) /* kept, so that netcfg_restore or recovery tries again */
			g_ptr_array_add(n->changes, g_ptr_array_steal_index(tail, 0));
	}
	if (!save(n, &e))
		g_debug("netcfg: %s, ignoring", e->message);
}

/* Record and add `r`. With `exists_ok`, a route already there is left alone: *ret_added false. */
static bool
add_route(Netcfg *n, const NetcfgRoute *r, bool exists_ok, bool *ret_added, GError **error)
{
	NetcfgChange *c = g_new0(NetcfgChange, 1);
	c->route = *r;
	if (record(n, c, error) == NULL)
		return false;
	g_autoptr(GError) e = NULL;
	if (!netcfg_route_add(r, &e)) {
		drop(n, c);
		if (exists_ok && g_error_matches(e, G_IO_ERROR, G_IO_ERROR_EXISTS)) {
			g_debug("netcfg: %s: leaving the route that is there", e->message);
			*ret_added = false;
			return true;
		}
		g_propagate_error(error, g_steal_pointer(&e));
		return false;
	}
	*ret_added = true;
	return true;
}

static bool
link_index(const char *what, const char *ifname, char dev[IF_NAMESIZE], int *ret_ifindex, GError **error)
{
	if (ifname == NULL || *ifname == '\0' || strlen(ifname) >= IF_NAMESIZE) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s: “%s” is not an interface name", what,
		    ifname != NULL ? ifname : "(null)");
		return false;
	}
	unsigned i = if_nametoindex(ifname);
	if (i == 0) {
		int e = errno;
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "%s dev %s: %s", what, ifname, g_strerror(e));
		return false;
	}
	g_strlcpy(dev, ifname, IF_NAMESIZE);
	*ret_ifindex = (int)i;
	return true;
}

bool
netcfg_add_server_route(Netcfg *n, struct in_addr server, GError **error)
{
	NetcfgRoute r = { .family = AF_INET, .prefix = 32, .table = NETCFG_TABLE_MAIN, .protocol = NETCFG_RTPROT };
	struct in_addr gw;
	if (!netcfg_route_lookup(server, &r.has_gateway, &gw, r.dev, &r.ifindex, error))
		return false;
	memcpy(r.dst, &server, 4);
	char s[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &server, s, sizeof(s));
	if (!r.has_gateway) {
		g_debug("netcfg: the server %s is on-link (dev %s, no gateway): no host route needed", s, r.dev);
		return true;
	}
	memcpy(r.gateway, &gw, 4);
	bool added = false;
	return add_route(n, &r, true, &added, error);
}

bool
netcfg_set_default_route(Netcfg *n, const char *ifname, GError **error)
{
	/* Two halves that are more specific than any default route, which stays as it is. */
	static const uint8_t halves[2][4] = { { 0, 0, 0, 0 }, { 128, 0, 0, 0 } };
	NetcfgRoute r = { .family = AF_INET, .prefix = 1, .table = NETCFG_TABLE_MAIN, .protocol = NETCFG_RTPROT };
	if (!link_index("route 0.0.0.0/1", ifname, r.dev, &r.ifindex, error))
		return false;
	unsigned mark = n->changes->len;
	for (size_t i = 0; i < G_N_ELEMENTS(halves); i++) {
		memcpy(r.dst, halves[i], 4);
		bool added = false;
		if (!add_route(n, &r, false, &added, error)) {
			undo_since(n, mark);
			return false;
		}
	}
	n->all_queries = true;
	return true;
}

bool
netcfg_add_routes(Netcfg *n, const char *ifname, const GArray *routes, GError **error)
{
	NetcfgRoute r = { .table = NETCFG_TABLE_MAIN, .protocol = NETCFG_RTPROT };
	if (!link_index("routes", ifname, r.dev, &r.ifindex, error))
		return false;
	unsigned mark = n->changes->len;
	bool checked_ipv6 = false, has_ipv6 = false;
	for (unsigned i = 0; i < routes->len; i++) {
		const L2secRoute *lr = &g_array_index(routes, L2secRoute, i);
		g_autofree char *spec = l2sec_route_to_string(lr);
		if ((lr->family != AF_INET && lr->family != AF_INET6) || lr->prefix > (lr->family == AF_INET ? 32u : 128u)) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "route %s dev %s: not an IPv4 or IPv6 prefix",
			    spec, r.dev);
			undo_since(n, mark);
			return false;
		}
		if (lr->family == AF_INET6) {
			if (!checked_ipv6 && !netcfg_link_has_ipv6(r.ifindex, &has_ipv6, error)) {
				g_prefix_error(error, "route %s dev %s: ", spec, r.dev);
				undo_since(n, mark);
				return false;
			}
			checked_ipv6 = true;
			if (!has_ipv6) {
				g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
				    "route %s dev %s: the interface has no IPv6 address (the server did not negotiate IPv6)",
				    spec, r.dev);
				undo_since(n, mark);
				return false;
			}
		}
		r.family = lr->family;
		memset(r.dst, 0, sizeof(r.dst));
		memcpy(r.dst, lr->addr, lr->family == AF_INET ? 4 : 16);
		r.prefix = lr->prefix;
		bool added = false;
		if (!add_route(n, &r, false, &added, error)) {
			undo_since(n, mark);
			return false;
		}
	}
	return true;
}

bool
netcfg_set_dns(Netcfg *n, const char *ifname, const struct in_addr *servers, unsigned n_servers,
    NetcfgDnsMethod method, GError **error)
{
	if (n->dns_set) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_EXISTS, "DNS for %s: already set by this connection (via %s)",
		    ifname, n->dns_method_name);
		return false;
	}
	g_autoptr(NetcfgChange) c = g_new0(NetcfgChange, 1);
	NetcfgDns *d = &c->dns;
	c->is_dns = true;
	if (!link_index("DNS", ifname, d->dev, &d->ifindex, error))
		return false;
	if (n_servers == 0) {
		g_debug("netcfg: DNS for %s: no servers, nothing to set", ifname);
		return true;
	}
	d->method = method == NETCFG_DNS_AUTO ? netcfg_dns_pick() : method;
	g_autofree char *text = NULL;
	if (d->method == NETCFG_DNS_FILE) {
		d->path = g_strdup(netcfg_resolv_conf_path());
		d->backup = n->state_path != NULL ? g_strdup_printf("%s.resolv.conf", n->state_path)
						  : g_strdup_printf(DEFAULT_BACKUP_DIR "/%s.resolv.conf", d->dev);
		g_autofree char *dir = g_path_get_dirname(d->backup);
		if (g_mkdir_with_parents(dir, 0700) != 0) {
			int e = errno;
			g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "DNS for %s: cannot create %s: %s", ifname,
			    dir, g_strerror(e));
			return false;
		}
		if (!netcfg_dns_file_prepare(d, servers, n_servers, n->all_queries, &text, error))
			return false;
	}
	g_autofree char *backup = g_strdup(d->backup);
	NetcfgChange *rec = record(n, g_steal_pointer(&c), error);
	if (rec == NULL) {
		if (backup != NULL) /* a copy nobody refers to */
			(void)g_unlink(backup);
		return false;
	}
	if (!netcfg_dns_apply(&rec->dns, servers, n_servers, n->all_queries, text, error)) {
		if (rec->dns.backup != NULL)
			(void)g_unlink(rec->dns.backup);
		drop(n, rec);
		return false;
	}
	n->dns_set = true;
	g_free(n->dns_method_name);
	n->dns_method_name = g_strdup(rec->dns.method == NETCFG_DNS_FILE ? rec->dns.path
									 : netcfg_dns_method_to_string(rec->dns.method));
	return true;
}

const char *
netcfg_dns_method_name(const Netcfg *n)
{
	return n->dns_method_name;
}

bool
netcfg_undo(Netcfg *n, GError **error)
{
	bool ok = netcfg_changes_undo(n->changes, error);
	g_autoptr(GError) e = NULL;
	if (!save(n, &e)) {
		if (ok)
			g_propagate_error(error, g_steal_pointer(&e));
		else
			g_debug("netcfg: %s, ignoring", e->message);
		ok = false;
	}
	n->dns_set = false;
	for (unsigned i = 0; i < n->changes->len; i++)
		n->dns_set |= ((NetcfgChange *)g_ptr_array_index(n->changes, i))->is_dns;
	if (!n->dns_set)
		g_clear_pointer(&n->dns_method_name, g_free);
	if (ok)
		n->all_queries = false;
	return ok;
}

void
netcfg_restore(Netcfg *n)
{
	g_autoptr(GError) e = NULL;
	if (!netcfg_undo(n, &e))
		g_debug("netcfg: restore: %s", e->message);
}

void
netcfg_free(Netcfg *n)
{
	if (n == NULL)
		return;
	netcfg_restore(n);
	g_ptr_array_unref(n->changes);
	g_free(n->state_path);
	g_free(n->dns_method_name);
	g_free(n);
}

bool
netcfg_recover(const char *state_path, bool *ret_found, GError **error)
{
	g_autoptr(GPtrArray) changes = NULL;
	if (!netcfg_state_read(state_path, &changes, error))
		return false;
	if (changes == NULL) {
		*ret_found = false;
		return true;
	}
	g_debug("netcfg: recovering %u changes from %s", changes->len, state_path);
	g_autoptr(GError) e = NULL;
	bool ok = netcfg_changes_undo(changes, &e);
	/* What could not be undone stays in the file for the next try; an empty list removes it. */
	if (!netcfg_state_write(state_path, changes, ok ? error : NULL) && ok)
		return false;
	if (!ok) {
		g_propagate_prefixed_error(error, g_steal_pointer(&e), "state file %s: ", state_path);
		return false;
	}
	*ret_found = true;
	return true;
}
