/* xfrm_install.c — XFRM SAs and policies through libnl-xfrm, with an undo list; see xfrm_install.h.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netinet/in.h>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <netlink/xfrm/sa.h>
#include <netlink/xfrm/sp.h>
#include <netlink/xfrm/template.h>

#include "common/error.h"
#include "ipsec/ike_error.h"
#include "ipsec/xfrm_install.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct XfrmSocket {
	struct nl_sock *sk;
	int last_errno;        /* the kernel's errno for the last request that failed, 0 if none */
	char last_extack[128]; /* the kernel's extended ack message for it, "" if none */
};

typedef enum { UNDO_SA, UNDO_POLICY } UndoKind;

typedef struct UndoEntry {
	UndoKind kind;
	XfrmSaSpec sa; /* without keys */
	XfrmPolicySpec policy;
} UndoEntry;

struct XfrmUndo {
	GArray *entries; /* of UndoEntry, oldest first */
};

/*
 * The kernel's NLMSG_ERROR: keep its errno (libnl folds ENOSYS, the answer to an unknown
 * algorithm, into "Unspecific failure") and the extended ack text (NLMSGERR_ATTR_MSG) that
 * kernels since 6.1 give for XFRM ("Invalid key length").
 */
static int
on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	XfrmSocket *s = arg;
	(void)nla;
	s->last_errno = -e->error;
	s->last_extack[0] = '\0';
	/* libnl hands us the payload; its header sits just before it */
	const struct nlmsghdr *hdr = (const struct nlmsghdr *)((const char *)e - NLMSG_HDRLEN);
	if (!(hdr->nlmsg_flags & NLM_F_ACK_TLVS) || !(hdr->nlmsg_flags & NLM_F_CAPPED))
		return NL_STOP;
	/* capped: the TLVs follow the nlmsgerr, whose echoed request is only a header */
	int tlv_off = (int)NLMSG_ALIGN(sizeof(*e));
	int tlv_len = (int)hdr->nlmsg_len - NLMSG_HDRLEN - tlv_off;
	if (tlv_len <= 0)
		return NL_STOP;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)e + tlv_off), tlv_len,
		NULL) == 0 &&
	    tb[NLMSGERR_ATTR_MSG] != NULL)
		nla_strlcpy(s->last_extack, tb[NLMSGERR_ATTR_MSG], sizeof(s->last_extack));
	return NL_STOP;
}

XfrmSocket *
xfrm_socket_open(GError **error)
{
	g_autoptr(XfrmSocket) s = g_new0(XfrmSocket, 1);
	s->sk = nl_socket_alloc();
	if (s->sk == NULL) {
		l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_KERNEL,
		    "XFRM: cannot allocate a netlink socket");
		return NULL;
	}
	int err = nl_connect(s->sk, NETLINK_XFRM);
	if (err < 0) {
		l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_KERNEL,
		    "XFRM: cannot open a NETLINK_XFRM socket: %s (is xfrm_user loaded?)",
		    nl_geterror(err));
		return NULL;
	}
	nl_socket_modify_err_cb(s->sk, NL_CB_CUSTOM, on_error, s);
	/*
	 * Ask for extended acks, and for errors that echo only the request's header: our requests
	 * carry keys, which should not come back through another buffer. Both are best effort.
	 */
	int one = 1, fd = nl_socket_get_fd(s->sk);
	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) < 0)
		g_debug("XFRM: no extended acks on this kernel (%s), ignoring", g_strerror(errno));
	if (setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one)) < 0)
		g_debug("XFRM: no capped acks on this kernel (%s), ignoring", g_strerror(errno));
	return g_steal_pointer(&s);
}

void
xfrm_socket_free(XfrmSocket *s)
{
	if (s == NULL)
		return;
	if (s->sk != NULL)
		nl_socket_free(s->sk);
	g_free(s);
}

/* What may help, for the errno of a refused request. */
static const char *
errno_hint(int e, bool removing)
{
	switch (e) {
	case EEXIST:
		return "; one with the same identity is already installed";
	case ENOENT:
	case ESRCH:
		return removing ? "; it is not installed" : "";
	case EPERM:
	case EACCES:
		return "; this needs root (CAP_NET_ADMIN)";
	case ENOSYS:
		return "; the kernel does not know an algorithm (is its crypto module available?)";
	case EPROTONOSUPPORT:
		return "; the kernel has no ESP (modprobe esp4 or esp6)";
	case EINVAL:
		return "; the kernel rejected a parameter";
	default:
		return "";
	}
}

static bool
kernel_fail(
    GError **error, XfrmSocket *s, int nlerr, const char *doing, const char *what, bool removing)
{
	const char *reason = s->last_errno != 0 ? g_strerror(s->last_errno) : nl_geterror(nlerr);
	return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_KERNEL,
	    "XFRM: cannot %s %s: %s%s%s%s%s", doing, what, reason,
	    s->last_extack[0] != '\0' ? " (kernel: " : "", s->last_extack,
	    s->last_extack[0] != '\0' ? ")" : "", errno_hint(s->last_errno, removing));
}

static void
reset_error(XfrmSocket *s)
{
	s->last_errno = 0;
	s->last_extack[0] = '\0';
}

static void
undo_append(XfrmUndo *undo, const UndoEntry *e)
{
	if (undo != NULL)
		g_array_append_val(undo->entries, *e);
}

bool
xfrm_sa_install(XfrmSocket *s, const XfrmSaSpec *spec, XfrmUndo *undo, GError **error)
{
	g_autofree char *what = xfrm_sa_spec_describe(spec);
	/* holds an unwiped copy of the keys, as does the message libnl builds: put it at once */
	struct xfrmnl_sa *sa = xfrm_sa_spec_to_nl(spec, error);
	if (sa == NULL)
		return false;
	reset_error(s);
	int err = xfrmnl_sa_add(s->sk, sa, 0);
	xfrmnl_sa_put(sa);
	if (err < 0)
		return kernel_fail(error, s, err, "install", what, false);
	g_debug("XFRM: installed %s reqid 0x%08x", what, spec->reqid);
	UndoEntry e = {.kind = UNDO_SA, .sa = xfrm_sa_spec_without_keys(spec)};
	undo_append(undo, &e);
	return true;
}

/* Remove; ret_errno gets the kernel's errno (0 on success). */
static bool
sa_remove(XfrmSocket *s, const XfrmSaSpec *spec, int *ret_errno, GError **error)
{
	g_autofree char *what = xfrm_sa_spec_describe(spec);
	struct xfrmnl_sa *sa = xfrm_sa_spec_to_nl_id(spec, error);
	*ret_errno = EINVAL;
	if (sa == NULL)
		return false;
	reset_error(s);
	int err = xfrmnl_sa_delete(s->sk, sa, 0);
	xfrmnl_sa_put(sa);
	*ret_errno = err < 0 ? (s->last_errno != 0 ? s->last_errno : EIO) : 0;
	if (err < 0)
		return kernel_fail(error, s, err, "remove", what, true);
	g_debug("XFRM: removed %s", what);
	return true;
}

bool
xfrm_sa_remove(XfrmSocket *s, const XfrmSaSpec *spec, GError **error)
{
	int e;
	return sa_remove(s, spec, &e, error);
}

bool
xfrm_policy_install(XfrmSocket *s, const XfrmPolicySpec *spec, XfrmUndo *undo, GError **error)
{
	g_autofree char *what = xfrm_policy_spec_describe(spec);
	struct xfrmnl_sp *sp = xfrm_policy_spec_to_nl(spec, error);
	if (sp == NULL)
		return false;
	reset_error(s);
	int err = xfrmnl_sp_add(s->sk, sp, 0);
	xfrmnl_sp_put(sp);
	if (err < 0)
		return kernel_fail(error, s, err, "install", what, false);
	g_debug("XFRM: installed %s (%s)", what,
	    spec->action == XFRM_ACTION_BLOCK ? "block" : "ESP required");
	UndoEntry e = {.kind = UNDO_POLICY, .policy = *spec};
	undo_append(undo, &e);
	return true;
}

static bool
policy_remove(XfrmSocket *s, const XfrmPolicySpec *spec, int *ret_errno, GError **error)
{
	g_autofree char *what = xfrm_policy_spec_describe(spec);
	struct xfrmnl_sp *sp = xfrm_policy_spec_to_nl_id(spec, error);
	*ret_errno = EINVAL;
	if (sp == NULL)
		return false;
	reset_error(s);
	int err = xfrmnl_sp_delete(s->sk, sp, 0);
	xfrmnl_sp_put(sp);
	*ret_errno = err < 0 ? (s->last_errno != 0 ? s->last_errno : EIO) : 0;
	if (err < 0)
		return kernel_fail(error, s, err, "remove", what, true);
	g_debug("XFRM: removed %s", what);
	return true;
}

bool
xfrm_policy_remove(XfrmSocket *s, const XfrmPolicySpec *spec, GError **error)
{
	int e;
	return policy_remove(s, spec, &e, error);
}

bool
xfrm_sa_remove_if_present(XfrmSocket *s, const XfrmSaSpec *spec, bool *ret_gone, GError **error)
{
	int eno = 0;
	g_autoptr(GError) local = NULL;
	if (ret_gone != NULL)
		*ret_gone = false;
	if (sa_remove(s, spec, &eno, &local))
		return true;
	if (eno == ENOENT || eno == ESRCH) {
		g_debug("%s; counting it as removed", local->message);
		if (ret_gone != NULL)
			*ret_gone = true;
		return true;
	}
	g_propagate_error(error, g_steal_pointer(&local));
	return false;
}

bool
xfrm_policy_remove_if_present(
    XfrmSocket *s, const XfrmPolicySpec *spec, bool *ret_gone, GError **error)
{
	int eno = 0;
	g_autoptr(GError) local = NULL;
	if (ret_gone != NULL)
		*ret_gone = false;
	if (policy_remove(s, spec, &eno, &local))
		return true;
	if (eno == ENOENT || eno == ESRCH) {
		g_debug("%s; counting it as removed", local->message);
		if (ret_gone != NULL)
			*ret_gone = true;
		return true;
	}
	g_propagate_error(error, g_steal_pointer(&local));
	return false;
}

bool
xfrm_sa_get_counters(XfrmSocket *s, const XfrmSaSpec *spec, uint64_t *ret_bytes,
    uint64_t *ret_packets, GError **error)
{
	g_autofree char *what = xfrm_sa_spec_describe(spec);
	if (spec->dst.family != AF_INET && spec->dst.family != AF_INET6)
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "%s: no destination address", what);
	struct nl_addr *dst =
	    nl_addr_build(spec->dst.family, spec->dst.bytes, spec->dst.family == AF_INET ? 4 : 16);
	if (dst == NULL)
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_KERNEL,
		    "XFRM: cannot read %s: out of memory", what);
	reset_error(s);
	/* XFRM_MSG_GETSA by (dst, SPI, ESP); the answer carries the keys: put it at once */
	struct xfrmnl_sa *sa = NULL;
	int err = xfrmnl_sa_get_kernel(s->sk, dst, spec->spi, IPPROTO_ESP, 0, 0, &sa);
	nl_addr_put(dst);
	if (err < 0 || sa == NULL) {
		if (sa != NULL)
			xfrmnl_sa_put(sa);
		return kernel_fail(error, s, err < 0 ? err : -NLE_OBJ_NOTFOUND, "read", what, true);
	}
	unsigned long long bytes = 0, packets = 0, add_time = 0, use_time = 0;
	err = xfrmnl_sa_get_curlifetime(sa, &bytes, &packets, &add_time, &use_time);
	xfrmnl_sa_put(sa);
	if (err < 0)
		return kernel_fail(error, s, err, "read the counters of", what, true);
	*ret_bytes = bytes;
	*ret_packets = packets;
	return true;
}

XfrmUndo *
xfrm_undo_new(void)
{
	XfrmUndo *u = g_new0(XfrmUndo, 1);
	u->entries = g_array_new(FALSE, TRUE, sizeof(UndoEntry));
	return u;
}

void
xfrm_undo_free(XfrmUndo *u)
{
	if (u == NULL)
		return;
	if (u->entries->len > 0)
		g_debug(
		    "XFRM: forgetting %u undo entries; they stay in the kernel", u->entries->len);
	g_array_free(u->entries, TRUE);
	g_free(u);
}

guint
xfrm_undo_length(const XfrmUndo *u)
{
	return u->entries->len;
}

bool
xfrm_undo_run(XfrmSocket *s, XfrmUndo *u, GError **error)
{
	g_autoptr(GString) failed = g_string_new(NULL);
	guint total = u->entries->len, nfailed = 0;
	for (guint i = total; i-- > 0;) {
		const UndoEntry *e = &g_array_index(u->entries, UndoEntry, i);
		g_autoptr(GError) local = NULL;
		int eno = 0;
		bool ok = e->kind == UNDO_SA ? sa_remove(s, &e->sa, &eno, &local)
					     : policy_remove(s, &e->policy, &eno, &local);
		if (ok)
			continue;
		if (eno == ENOENT || eno == ESRCH) { /* expired or removed by someone else: gone */
			g_debug("%s; counting it as removed", local->message);
			continue;
		}
		nfailed++;
		g_string_append_printf(failed, "%s%s", failed->len > 0 ? "; " : "", local->message);
	}
	g_array_set_size(u->entries, 0);
	if (nfailed > 0)
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_KERNEL,
		    "XFRM: %u of %u entries could not be removed: %s", nfailed, total, failed->str);
	return true;
}

static bool
policy_is_ours(struct xfrmnl_sp *sp)
{
	if (!xfrm_priority_is_ours((uint32_t)xfrmnl_sp_get_priority(sp)))
		return false;
	int n = xfrmnl_sp_get_nusertemplates(sp);
	if (n <= 0) /* ours without a template are blocking ones */
		return xfrmnl_sp_get_action(sp) == XFRM_POLICY_BLOCK;
	for (int i = 0; i < n; i++) {
		struct xfrmnl_user_tmpl *t = xfrmnl_sp_usertemplate_n(sp, i);
		if (t == NULL || !xfrm_reqid_is_ours((uint32_t)xfrmnl_user_tmpl_get_reqid(t)))
			return false;
	}
	return true;
}

bool
xfrm_flush_ours(XfrmSocket *s, guint *ret_removed, GError **error)
{
	struct nl_cache *cache = NULL;
	guint removed = 0, nfailed = 0;
	g_autoptr(GString) failed = g_string_new(NULL);

	/* SAs first: until its policy goes too, a flow without SA is dropped, not sent in clear */
	reset_error(s);
	int err = xfrmnl_sa_alloc_cache(s->sk, &cache); /* the dump carries keys: free it soon */
	if (err < 0)
		return kernel_fail(error, s, err, "list", "the SAs", false);
	for (struct nl_object *o = nl_cache_get_first(cache); o != NULL; o = nl_cache_get_next(o)) {
		struct xfrmnl_sa *sa = (struct xfrmnl_sa *)o;
		if (!xfrm_reqid_is_ours((uint32_t)xfrmnl_sa_get_reqid(sa)))
			continue;
		if (xfrmnl_sa_get_spi(sa) == 0) /* a larval (acquire) state: it expires by itself */
			continue;
		reset_error(s);
		err = xfrmnl_sa_delete(s->sk, sa, 0);
		if (err == 0 || s->last_errno == ESRCH || s->last_errno == ENOENT) {
			removed += err == 0;
			continue;
		}
		nfailed++;
		g_string_append_printf(failed, "%sSA spi 0x%08x: %s", failed->len > 0 ? "; " : "",
		    (unsigned)xfrmnl_sa_get_spi(sa),
		    s->last_errno != 0 ? g_strerror(s->last_errno) : nl_geterror(err));
	}
	nl_cache_free(cache);

	reset_error(s);
	err = xfrmnl_sp_alloc_cache(s->sk, &cache);
	if (err < 0)
		return kernel_fail(error, s, err, "list", "the policies", false);
	for (struct nl_object *o = nl_cache_get_first(cache); o != NULL; o = nl_cache_get_next(o)) {
		struct xfrmnl_sp *sp = (struct xfrmnl_sp *)o;
		if (!policy_is_ours(sp))
			continue;
		reset_error(s);
		err = xfrmnl_sp_delete(s->sk, sp, 0);
		if (err == 0 || s->last_errno == ESRCH || s->last_errno == ENOENT) {
			removed += err == 0;
			continue;
		}
		nfailed++;
		g_string_append_printf(failed, "%spolicy index %d: %s", failed->len > 0 ? "; " : "",
		    xfrmnl_sp_get_index(sp),
		    s->last_errno != 0 ? g_strerror(s->last_errno) : nl_geterror(err));
	}
	nl_cache_free(cache);

	if (removed > 0)
		g_debug("XFRM: removed %u SAs and policies left by an earlier run", removed);
	if (nfailed > 0)
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_KERNEL,
		    "XFRM: %u leftover entries could not be removed (%u were): %s", nfailed,
		    removed, failed->str);
	if (ret_removed != NULL)
		*ret_removed = removed;
	return true;
}
