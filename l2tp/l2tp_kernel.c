/* l2tp_kernel.c — see l2tp_kernel.h. The only file that speaks L2TP netlink. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/if_pppox.h>
#include <linux/l2tp.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <gio/gio.h>

#include "common/error.h"
#include "l2tp/l2tp_error.h"
#include "l2tp/l2tp_kernel.h"

struct L2tpKernel {
	struct nl_sock *sk;
	int family;
};

#define KFAIL(error, ...) l2sec_fail(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_KERNEL, __VA_ARGS__)

L2tpKernel *
l2tp_kernel_open(GError **error)
{
	struct nl_sock *sk = nl_socket_alloc();
	if (sk == NULL) {
		KFAIL(error, "L2TP: cannot allocate a netlink socket");
		return NULL;
	}
	int r = genl_connect(sk);
	if (r < 0) {
		KFAIL(error, "L2TP: cannot open a generic netlink socket: %s", nl_geterror(r));
		nl_socket_free(sk);
		return NULL;
	}
	int family = genl_ctrl_resolve(sk, L2TP_GENL_NAME);
	if (family < 0) {
		if (family == -NLE_OBJ_NOTFOUND)
			KFAIL(error, "L2TP: the kernel has no L2TP support (module l2tp_netlink "
				     "not loaded?)");
		else
			KFAIL(error, "L2TP: cannot look up the generic netlink family \"%s\": %s",
			    L2TP_GENL_NAME, nl_geterror(family));
		nl_socket_free(sk);
		return NULL;
	}
	L2tpKernel *k = g_new0(L2tpKernel, 1);
	k->sk = sk;
	k->family = family;
	g_debug("L2TP: generic netlink family \"%s\" is %d", L2TP_GENL_NAME, family);
	return k;
}

void
l2tp_kernel_free(L2tpKernel *k)
{
	if (k == NULL)
		return;
	nl_socket_free(k->sk);
	g_free(k);
}

bool
l2tp_kernel_udp_open(const struct sockaddr *local, const struct sockaddr *peer, socklen_t len,
    int *ret_fd, GError **error)
{
	if (local->sa_family != peer->sa_family ||
	    (local->sa_family != AF_INET && local->sa_family != AF_INET6))
		return KFAIL(
		    error, "L2TP: the UDP socket needs two addresses of one family, IPv4 or IPv6");
	int fd = socket(local->sa_family, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
	if (fd < 0) {
		int e = errno;
		return KFAIL(error, "L2TP: cannot open a UDP socket: %s", g_strerror(e));
	}
	char lbuf[64], pbuf[64];
	g_autoptr(GSocketAddress) la = g_socket_address_new_from_native((gpointer)local, len);
	g_autoptr(GSocketAddress) pa = g_socket_address_new_from_native((gpointer)peer, len);
	g_autofree char *ls = la ? g_socket_connectable_to_string(G_SOCKET_CONNECTABLE(la)) : NULL;
	g_autofree char *ps = pa ? g_socket_connectable_to_string(G_SOCKET_CONNECTABLE(pa)) : NULL;
	g_strlcpy(lbuf, ls ? ls : "?", sizeof(lbuf));
	g_strlcpy(pbuf, ps ? ps : "?", sizeof(pbuf));
	if (bind(fd, local, len) < 0) {
		int e = errno;
		close(fd);
		return KFAIL(
		    error, "L2TP: cannot bind the UDP socket to %s: %s", lbuf, g_strerror(e));
	}
	if (connect(fd, peer, len) < 0) {
		int e = errno;
		close(fd);
		return KFAIL(
		    error, "L2TP: cannot connect the UDP socket to %s: %s", pbuf, g_strerror(e));
	}
	g_debug("L2TP: UDP socket %d from %s to %s", fd, lbuf, pbuf);
	*ret_fd = fd;
	return true;
}

static struct nl_msg *
msg_new(L2tpKernel *k, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();
	if (msg == NULL)
		return NULL;
	if (genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, k->family, 0, flags, cmd,
		L2TP_GENL_VERSION) == NULL) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* Send a request and wait for the kernel's acknowledgement; returns a libnl error (<0) or 0. */
static int
request_ack(L2tpKernel *k, struct nl_msg *msg)
{
	int r = nl_send_auto(k->sk, msg);
	nlmsg_free(msg);
	if (r < 0)
		return r;
	return nl_wait_for_ack(k->sk);
}

bool
l2tp_kernel_tunnel_create(
    L2tpKernel *k, int udp_fd, uint16_t tunnel_id, uint16_t peer_tunnel_id, GError **error)
{
	struct nl_msg *msg = msg_new(k, L2TP_CMD_TUNNEL_CREATE, 0);
	if (msg == NULL || nla_put_u32(msg, L2TP_ATTR_CONN_ID, tunnel_id) < 0 ||
	    nla_put_u32(msg, L2TP_ATTR_PEER_CONN_ID, peer_tunnel_id) < 0 ||
	    nla_put_u8(msg, L2TP_ATTR_PROTO_VERSION, 2) < 0 ||
	    nla_put_u16(msg, L2TP_ATTR_ENCAP_TYPE, L2TP_ENCAPTYPE_UDP) < 0 ||
	    nla_put_u32(msg, L2TP_ATTR_FD, (uint32_t)udp_fd) < 0) {
		nlmsg_free(msg);
		return KFAIL(error, "L2TP: out of memory building a netlink message");
	}
	int r = request_ack(k, msg);
	if (r < 0)
		return KFAIL(error, "L2TP: cannot create kernel tunnel %u/%u on UDP socket %d: %s",
		    tunnel_id, peer_tunnel_id, udp_fd, nl_geterror(r));
	g_debug("L2TP: kernel tunnel %u/%u created on UDP socket %d", tunnel_id, peer_tunnel_id,
	    udp_fd);
	return true;
}

bool
l2tp_kernel_tunnel_delete(L2tpKernel *k, uint16_t tunnel_id, GError **error)
{
	struct nl_msg *msg = msg_new(k, L2TP_CMD_TUNNEL_DELETE, 0);
	if (msg == NULL || nla_put_u32(msg, L2TP_ATTR_CONN_ID, tunnel_id) < 0) {
		nlmsg_free(msg);
		return KFAIL(error, "L2TP: out of memory building a netlink message");
	}
	int r = request_ack(k, msg);
	if (r < 0)
		return KFAIL(
		    error, "L2TP: cannot delete kernel tunnel %u: %s", tunnel_id, nl_geterror(r));
	g_debug("L2TP: kernel tunnel %u deleted", tunnel_id);
	return true;
}

bool
l2tp_kernel_session_create(
    L2tpKernel *k, const L2tpKernelIds *ids, const L2tpKernelSessionOptions *opt, GError **error)
{
	static const L2tpKernelSessionOptions none = {0};
	if (opt == NULL)
		opt = &none;
	struct nl_msg *msg = msg_new(k, L2TP_CMD_SESSION_CREATE, 0);
	if (msg == NULL || nla_put_u32(msg, L2TP_ATTR_CONN_ID, ids->tunnel_id) < 0 ||
	    nla_put_u32(msg, L2TP_ATTR_PEER_CONN_ID, ids->peer_tunnel_id) < 0 ||
	    nla_put_u32(msg, L2TP_ATTR_SESSION_ID, ids->session_id) < 0 ||
	    nla_put_u32(msg, L2TP_ATTR_PEER_SESSION_ID, ids->peer_session_id) < 0 ||
	    nla_put_u16(msg, L2TP_ATTR_PW_TYPE, L2TP_PWTYPE_PPP) < 0 ||
	    (opt->lns_mode && nla_put_u8(msg, L2TP_ATTR_LNS_MODE, 1) < 0) ||
	    (opt->send_seq && nla_put_u8(msg, L2TP_ATTR_SEND_SEQ, 1) < 0) ||
	    (opt->recv_seq && nla_put_u8(msg, L2TP_ATTR_RECV_SEQ, 1) < 0)) {
		nlmsg_free(msg);
		return KFAIL(error, "L2TP: out of memory building a netlink message");
	}
	int r = request_ack(k, msg);
	if (r < 0)
		return KFAIL(error, "L2TP: cannot create kernel session %u/%u in tunnel %u/%u: %s",
		    ids->session_id, ids->peer_session_id, ids->tunnel_id, ids->peer_tunnel_id,
		    nl_geterror(r));
	g_debug("L2TP: kernel session %u/%u created in tunnel %u/%u", ids->session_id,
	    ids->peer_session_id, ids->tunnel_id, ids->peer_tunnel_id);
	return true;
}

bool
l2tp_kernel_session_delete(L2tpKernel *k, uint16_t tunnel_id, uint16_t session_id, GError **error)
{
	struct nl_msg *msg = msg_new(k, L2TP_CMD_SESSION_DELETE, 0);
	if (msg == NULL || nla_put_u32(msg, L2TP_ATTR_CONN_ID, tunnel_id) < 0 ||
	    nla_put_u32(msg, L2TP_ATTR_SESSION_ID, session_id) < 0) {
		nlmsg_free(msg);
		return KFAIL(error, "L2TP: out of memory building a netlink message");
	}
	int r = request_ack(k, msg);
	if (r < 0)
		return KFAIL(error, "L2TP: cannot delete kernel session %u in tunnel %u: %s",
		    session_id, tunnel_id, nl_geterror(r));
	g_debug("L2TP: kernel session %u in tunnel %u deleted", session_id, tunnel_id);
	return true;
}

bool
l2tp_kernel_pppox_open(const L2tpKernelIds *ids, int *ret_fd, GError **error)
{
	int fd = socket(AF_PPPOX, SOCK_DGRAM | SOCK_CLOEXEC, PX_PROTO_OL2TP);
	if (fd < 0) {
		int e = errno;
		if (e == EAFNOSUPPORT || e == EPROTONOSUPPORT)
			return KFAIL(error,
			    "L2TP: the kernel has no PPPoL2TP sockets (module l2tp_ppp not "
			    "loaded?): %s",
			    g_strerror(e));
		return KFAIL(error, "L2TP: cannot open a PPPoL2TP socket: %s", g_strerror(e));
	}
	/*
	 * notes/l2tp.md §2, netlink API: fd = -1 attaches to the session created by
	 * SESSION_CREATE in the tunnel created by TUNNEL_CREATE; the address is unused.
	 */
	struct sockaddr_pppol2tp sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_family = AF_PPPOX;
	sa.sa_protocol = PX_PROTO_OL2TP;
	sa.pppol2tp.pid = 0;
	sa.pppol2tp.fd = -1;
	sa.pppol2tp.addr.sin_family = AF_INET;
	sa.pppol2tp.s_tunnel = ids->tunnel_id;
	sa.pppol2tp.s_session = ids->session_id;
	sa.pppol2tp.d_tunnel = ids->peer_tunnel_id;
	sa.pppol2tp.d_session = ids->peer_session_id;
	if (connect(fd, (const struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;
		close(fd);
		return KFAIL(error,
		    "L2TP: cannot connect a PPPoL2TP socket to session %u/%u in tunnel %u/%u: %s",
		    ids->session_id, ids->peer_session_id, ids->tunnel_id, ids->peer_tunnel_id,
		    g_strerror(e));
	}
	g_debug(
	    "L2TP: PPPoL2TP socket %d on session %u/%u", fd, ids->session_id, ids->peer_session_id);
	*ret_fd = fd;
	return true;
}

struct stats_ctx {
	L2tpKernelStats *stats;
	bool got;
};

static int
on_stats(struct nl_msg *msg, void *arg)
{
	struct stats_ctx *ctx = arg;
	struct nlattr *tb[L2TP_ATTR_MAX + 1];
	struct nlattr *st[L2TP_ATTR_STATS_MAX + 1];
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, L2TP_ATTR_MAX, NULL) < 0 ||
	    tb[L2TP_ATTR_STATS] == NULL ||
	    nla_parse_nested(st, L2TP_ATTR_STATS_MAX, tb[L2TP_ATTR_STATS], NULL) < 0)
		return NL_SKIP;
	static const struct {
		int attr;
		size_t off;
	} fields[] = {
	    {L2TP_ATTR_TX_PACKETS, G_STRUCT_OFFSET(L2tpKernelStats, tx_packets)},
	    {L2TP_ATTR_TX_BYTES, G_STRUCT_OFFSET(L2tpKernelStats, tx_bytes)},
	    {L2TP_ATTR_TX_ERRORS, G_STRUCT_OFFSET(L2tpKernelStats, tx_errors)},
	    {L2TP_ATTR_RX_PACKETS, G_STRUCT_OFFSET(L2tpKernelStats, rx_packets)},
	    {L2TP_ATTR_RX_BYTES, G_STRUCT_OFFSET(L2tpKernelStats, rx_bytes)},
	    {L2TP_ATTR_RX_ERRORS, G_STRUCT_OFFSET(L2tpKernelStats, rx_errors)},
	    {L2TP_ATTR_RX_SEQ_DISCARDS, G_STRUCT_OFFSET(L2tpKernelStats, rx_seq_discards)},
	    {L2TP_ATTR_RX_OOS_PACKETS, G_STRUCT_OFFSET(L2tpKernelStats, rx_oos_packets)},
	};
	memset(ctx->stats, 0, sizeof(*ctx->stats));
	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
		struct nlattr *a = st[fields[i].attr];
		if (a != NULL && nla_len(a) == sizeof(uint64_t))
			G_STRUCT_MEMBER(uint64_t, ctx->stats, fields[i].off) = nla_get_u64(a);
	}
	ctx->got = true;
	return NL_OK;
}

static bool
get_stats(L2tpKernel *k, uint8_t cmd, uint16_t tunnel_id, int session_id, L2tpKernelStats *ret,
    const char *what, GError **error)
{
	struct nl_msg *msg = msg_new(k, cmd, 0);
	if (msg == NULL || nla_put_u32(msg, L2TP_ATTR_CONN_ID, tunnel_id) < 0 ||
	    (session_id >= 0 && nla_put_u32(msg, L2TP_ATTR_SESSION_ID, (uint32_t)session_id) < 0)) {
		nlmsg_free(msg);
		return KFAIL(error, "L2TP: out of memory building a netlink message");
	}
	/* a GET answers with one message, or an error: no separate ACK to wait for */
	nl_socket_disable_auto_ack(k->sk);
	int r = nl_send_auto(k->sk, msg);
	nl_socket_enable_auto_ack(k->sk);
	nlmsg_free(msg);
	L2tpKernelStats stats;
	struct stats_ctx ctx = {&stats, false};
	if (r >= 0) {
		struct nl_cb *cb = nl_cb_clone(nl_socket_get_cb(k->sk));
		if (cb == NULL)
			return KFAIL(error, "L2TP: out of memory reading %s counters", what);
		nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_stats, &ctx);
		r = nl_recvmsgs(k->sk, cb);
		nl_cb_put(cb);
	}
	if (r < 0)
		return KFAIL(
		    error, "L2TP: cannot read the counters of %s: %s", what, nl_geterror(r));
	if (!ctx.got)
		return KFAIL(error, "L2TP: the kernel sent no counters for %s", what);
	*ret = stats;
	return true;
}

bool
l2tp_kernel_tunnel_stats(L2tpKernel *k, uint16_t tunnel_id, L2tpKernelStats *ret, GError **error)
{
	g_autofree char *what = g_strdup_printf("kernel tunnel %u", tunnel_id);
	return get_stats(k, L2TP_CMD_TUNNEL_GET, tunnel_id, -1, ret, what, error);
}

bool
l2tp_kernel_session_stats(
    L2tpKernel *k, uint16_t tunnel_id, uint16_t session_id, L2tpKernelStats *ret, GError **error)
{
	g_autofree char *what =
	    g_strdup_printf("kernel session %u in tunnel %u", session_id, tunnel_id);
	return get_stats(k, L2TP_CMD_SESSION_GET, tunnel_id, session_id, ret, what, error);
}

/* What a path created, in creation order; undone in reverse. */
typedef enum {
	STEP_TUNNEL,
	STEP_SESSION,
	STEP_PPPOX,
} PathStep;

struct L2tpKernelPath {
	L2tpKernel *k;
	L2tpKernelIds ids;
	PathStep done[3];
	unsigned n_done;
	int pppox_fd;
};

static void
path_undo(L2tpKernelPath *p)
{
	while (p->n_done > 0) {
		g_autoptr(GError) error = NULL;
		switch (p->done[--p->n_done]) {
		case STEP_PPPOX:
			close(p->pppox_fd);
			p->pppox_fd = -1;
			break;
		case STEP_SESSION:
			/* closing the last PPPoL2TP socket may have deleted it already */
			if (!l2tp_kernel_session_delete(
				p->k, p->ids.tunnel_id, p->ids.session_id, &error))
				g_debug("%s, ignoring", error->message);
			break;
		case STEP_TUNNEL:
			if (!l2tp_kernel_tunnel_delete(p->k, p->ids.tunnel_id, &error))
				g_debug("%s, ignoring", error->message);
			break;
		}
	}
}

L2tpKernelPath *
l2tp_kernel_path_up(L2tpKernel *k, int udp_fd, const L2tpKernelIds *ids,
    const L2tpKernelSessionOptions *opt, bool tunnel_exists, GError **error)
{
	g_autoptr(L2tpKernelPath) p = g_new0(L2tpKernelPath, 1);
	p->k = k;
	p->ids = *ids;
	p->pppox_fd = -1;
	if (!tunnel_exists) {
		if (!l2tp_kernel_tunnel_create(
			k, udp_fd, ids->tunnel_id, ids->peer_tunnel_id, error))
			return NULL;
		p->done[p->n_done++] = STEP_TUNNEL;
	}
	if (!l2tp_kernel_session_create(k, ids, opt, error))
		return NULL; /* the autoptr undoes the tunnel */
	p->done[p->n_done++] = STEP_SESSION;
	if (!l2tp_kernel_pppox_open(ids, &p->pppox_fd, error))
		return NULL;
	p->done[p->n_done++] = STEP_PPPOX;
	return g_steal_pointer(&p);
}

int
l2tp_kernel_path_pppox_fd(const L2tpKernelPath *p)
{
	return p->pppox_fd;
}

void
l2tp_kernel_path_free(L2tpKernelPath *p)
{
	if (p == NULL)
		return;
	path_undo(p);
	g_free(p);
}
