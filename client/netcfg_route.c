/*
 * netcfg_route.c — one route added or removed with libnl-route, the server's route looked up
 * with RTM_GETROUTE (rtnl_route_build_msg + rtnl_route_parse, as libnl 3.4 has them), and whether a link has IPv6 (the address cache).
 * libnl maps the kernel's errno to its own codes ("Object exists"); an error callback on the
 * socket keeps the kernel's errno, so messages say what `ip route` would: "File exists".
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/socket.h>

#include <gio/gio.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/route.h>
#include <netlink/route/rtnl.h>
#include <linux/rtnetlink.h>

#include "client/netcfg_private.h"

typedef struct RouteSock {
	struct nl_sock *sk;
	int kernel_errno; /* the last NLMSG_ERROR's errno, 0 if none */
} RouteSock;

static int
route_sock_on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	(void)nla;
	RouteSock *rs = arg;
	rs->kernel_errno = -e->error;
	return NL_STOP; /* libnl then returns its code for e->error, as without this callback */
}

/* NL_CB_VALID for RTM_GETROUTE: keep the (first) route of the answer. */
static int
route_sock_on_route(struct nl_msg *msg, void *arg)
{
	struct rtnl_route **ret = arg;
	struct rtnl_route *r = NULL;
	if (*ret == NULL && nlmsg_hdr(msg)->nlmsg_type == RTM_NEWROUTE && rtnl_route_parse(nlmsg_hdr(msg), &r) >= 0)
		*ret = r;
	return NL_STOP;
}

static void
route_sock_close(RouteSock *rs)
{
	if (rs->sk != NULL)
		nl_socket_free(rs->sk);
	rs->sk = NULL;
}

static bool
route_sock_open(RouteSock *rs, const char *what, GError **error)
{
	rs->kernel_errno = 0;
	rs->sk = nl_socket_alloc();
	if (rs->sk == NULL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: out of memory", what);
		return false;
	}
	int err = nl_connect(rs->sk, NETLINK_ROUTE);
	if (err < 0) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: rtnetlink: %s", what, nl_geterror(err));
		route_sock_close(rs);
		return false;
	}
	nl_socket_modify_err_cb(rs->sk, NL_CB_CUSTOM, route_sock_on_error, rs);
	return true;
}

/* The kernel's reason when it gave one, else libnl's. */
static void
route_sock_fail(RouteSock *rs, int nlerr, const char *what, GError **error)
{
	if (rs->kernel_errno != 0)
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(rs->kernel_errno), "%s: %s", what,
		    g_strerror(rs->kernel_errno));
	else
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what, nl_geterror(nlerr));
}

static size_t
family_len(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

char *
netcfg_route_to_string(const NetcfgRoute *r)
{
	char dst[INET6_ADDRSTRLEN], gw[INET6_ADDRSTRLEN];
	if (inet_ntop(r->family, r->dst, dst, sizeof(dst)) == NULL)
		g_strlcpy(dst, "?", sizeof(dst));
	if (!r->has_gateway)
		return g_strdup_printf("%s/%u dev %s", dst, r->prefix, r->dev);
	if (inet_ntop(r->family, r->gateway, gw, sizeof(gw)) == NULL)
		g_strlcpy(gw, "?", sizeof(gw));
	return g_strdup_printf("%s/%u via %s dev %s", dst, r->prefix, gw, r->dev);
}

/* `r` as libnl's object; the caller puts it. */
static struct rtnl_route *
route_to_nl(const NetcfgRoute *r)
{
	struct rtnl_route *route = rtnl_route_alloc();
	struct nl_addr *dst = nl_addr_build(r->family, r->dst, family_len(r->family));
	if (route == NULL || dst == NULL) {
		if (route != NULL)
			rtnl_route_put(route);
		if (dst != NULL)
			nl_addr_put(dst);
		return NULL;
	}
	nl_addr_set_prefixlen(dst, (int)r->prefix);
	rtnl_route_set_family(route, (uint8_t)r->family);
	rtnl_route_set_dst(route, dst); /* takes its own reference */
	nl_addr_put(dst);
	rtnl_route_set_table(route, r->table);
	rtnl_route_set_protocol(route, r->protocol);
	rtnl_route_set_priority(route, r->metric);
	rtnl_route_set_type(route, RTN_UNICAST);

	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();
	if (nh == NULL) {
		rtnl_route_put(route);
		return NULL;
	}
	rtnl_route_nh_set_ifindex(nh, r->ifindex);
	if (r->has_gateway) {
		struct nl_addr *gw = nl_addr_build(r->family, r->gateway, family_len(r->family));
		if (gw == NULL) {
			rtnl_route_nh_free(nh);
			rtnl_route_put(route);
			return NULL;
		}
		rtnl_route_nh_set_gateway(nh, gw);
		nl_addr_put(gw);
	}
	rtnl_route_add_nexthop(route, nh); /* the route owns nh */
	return route;
}

bool
netcfg_route_add(const NetcfgRoute *r, GError **error)
{
	g_autofree char *desc = netcfg_route_to_string(r);
	g_autofree char *what = g_strdup_printf("route %s", desc);
	struct rtnl_route *route = route_to_nl(r);
	if (route == NULL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: out of memory", what);
		return false;
	}
	/* An IPv4 device route to a prefix is link scope, as `ip route add 10.0.0.0/8 dev ppp0`
	 * makes it; through a gateway, and in IPv6, universe. */
	rtnl_route_set_scope(route, r->family == AF_INET && !r->has_gateway ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE);
	RouteSock rs = {0};
	if (!route_sock_open(&rs, what, error)) {
		rtnl_route_put(route);
		return false;
	}
	int err = rtnl_route_add(rs.sk, route, NLM_F_EXCL);
	rtnl_route_put(route);
	if (err < 0) {
		route_sock_fail(&rs, err, what, error);
		route_sock_close(&rs);
		return false;
	}
	route_sock_close(&rs);
	g_debug("netcfg: added route %s proto %u table %u", desc, r->protocol, r->table);
	return true;
}

bool
netcfg_route_del(const NetcfgRoute *r, GError **error)
{
	g_autofree char *desc = netcfg_route_to_string(r);
	g_autofree char *what = g_strdup_printf("route %s", desc);
	unsigned now = if_nametoindex(r->dev);
	if (now == 0 || (int)now != r->ifindex) {
		/* The interface went away, and its routes with it (ppp0 after pppd ended). */
		g_debug("netcfg: %s: the interface is gone (or was recreated), nothing to remove", what);
		return true;
	}
	struct rtnl_route *route = route_to_nl(r);
	if (route == NULL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: out of memory", what);
		return false;
	}
	RouteSock rs = {0};
	if (!route_sock_open(&rs, what, error)) {
		rtnl_route_put(route);
		return false;
	}
	int err = rtnl_route_delete(rs.sk, route, 0);
	rtnl_route_put(route);
	int kerr = rs.kernel_errno;
	if (err < 0 && (kerr == ESRCH || kerr == ENODEV || kerr == ENOENT)) {
		g_debug("netcfg: %s: already gone", what);
		route_sock_close(&rs);
		return true;
	}
	if (err < 0) {
		route_sock_fail(&rs, err, what, error);
		route_sock_close(&rs);
		return false;
	}
	route_sock_close(&rs);
	g_debug("netcfg: removed route %s", desc);
	return true;
}

bool
netcfg_route_lookup(struct in_addr dst, bool *ret_has_gateway, struct in_addr *ret_gateway,
    char ret_dev[IF_NAMESIZE], int *ret_ifindex, GError **error)
{
	char dst_s[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &dst, dst_s, sizeof(dst_s));
	g_autofree char *what = g_strdup_printf("route to the server %s", dst_s);
	struct nl_addr *addr = nl_addr_build(AF_INET, &dst, 4);
	if (addr == NULL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: out of memory", what);
		return false;
	}
	/* RTM_GETROUTE for the address (what rtnl_route_lookup() does, but that is libnl 3.6+);
	 * the kernel answers with one RTM_NEWROUTE, then the ACK nl_send_auto() asked for. */
	struct rtnl_route *tmpl = rtnl_route_alloc();
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETROUTE, 0);
	if (tmpl == NULL || msg == NULL) {
		if (tmpl != NULL)
			rtnl_route_put(tmpl);
		if (msg != NULL)
			nlmsg_free(msg);
		nl_addr_put(addr);
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: out of memory", what);
		return false;
	}
	rtnl_route_set_family(tmpl, AF_INET);
	rtnl_route_set_dst(tmpl, addr);
	nl_addr_put(addr);
	int err = rtnl_route_build_msg(msg, tmpl);
	rtnl_route_put(tmpl);
	if (err < 0) {
		nlmsg_free(msg);
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what, nl_geterror(err));
		return false;
	}
	RouteSock rs = {0};
	if (!route_sock_open(&rs, what, error)) {
		nlmsg_free(msg);
		return false;
	}
	struct rtnl_route *found = NULL;
	nl_socket_modify_cb(rs.sk, NL_CB_VALID, NL_CB_CUSTOM, route_sock_on_route, &found);
	err = nl_send_auto(rs.sk, msg);
	nlmsg_free(msg);
	if (err >= 0)
		err = nl_recvmsgs_default(rs.sk);
	if (err >= 0 && found == NULL)
		err = -NLE_OBJ_NOTFOUND;
	if (err >= 0)
		err = nl_wait_for_ack(rs.sk);
	if (err < 0) {
		route_sock_fail(&rs, err, what, error);
		route_sock_close(&rs);
		if (found != NULL)
			rtnl_route_put(found);
		return false;
	}
	route_sock_close(&rs);

	bool ok = false;
	uint8_t type = rtnl_route_get_type(found);
	struct rtnl_nexthop *nh = rtnl_route_get_nnexthops(found) > 0 ? rtnl_route_nexthop_n(found, 0) : NULL;
	if (type != RTN_UNICAST && type != RTN_LOCAL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE, "%s: the kernel's route is of type %u, not unicast",
		    what, type);
	} else if (nh == NULL || rtnl_route_nh_get_ifindex(nh) <= 0) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE, "%s: the kernel's route has no interface", what);
	} else {
		int ifindex = rtnl_route_nh_get_ifindex(nh);
		char dev[IF_NAMESIZE];
		if (if_indextoname((unsigned)ifindex, dev) == NULL) {
			int e = errno;
			g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "%s: interface %d: %s", what, ifindex,
			    g_strerror(e));
		} else {
			struct nl_addr *gw = rtnl_route_nh_get_gateway(nh);
			bool has_gw = gw != NULL && nl_addr_get_family(gw) == AF_INET && nl_addr_get_len(gw) == 4;
			if (has_gw)
				memcpy(ret_gateway, nl_addr_get_binary_addr(gw), 4);
			*ret_has_gateway = has_gw;
			g_strlcpy(ret_dev, dev, IF_NAMESIZE);
			*ret_ifindex = ifindex;
			ok = true;
		}
	}
	rtnl_route_put(found);
	return ok;
}

bool
netcfg_link_has_ipv6(int ifindex, bool *ret, GError **error)
{
	RouteSock rs = {0};
	if (!route_sock_open(&rs, "IPv6 addresses", error))
		return false;
	struct nl_cache *cache = NULL;
	int err = rtnl_addr_alloc_cache(rs.sk, &cache);
	if (err < 0) {
		route_sock_fail(&rs, err, "IPv6 addresses", error);
		route_sock_close(&rs);
		return false;
	}
	bool found = false;
	for (struct nl_object *o = nl_cache_get_first(cache); o != NULL; o = nl_cache_get_next(o)) {
		struct rtnl_addr *a = (struct rtnl_addr *)o;
		if (rtnl_addr_get_family(a) == AF_INET6 && rtnl_addr_get_ifindex(a) == ifindex) {
			found = true;
			break;
		}
	}
	nl_cache_free(cache);
	route_sock_close(&rs);
	*ret = found;
	return true;
}
