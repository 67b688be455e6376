/* xfrm_spec.c — ESP transport SA and policy specs: checks and libnl-xfrm objects; see xfrm_spec.h.
 */
#include "config.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/udp.h>
#include <netlink/addr.h>
#include <netlink/xfrm/lifetime.h>
#include <netlink/xfrm/sa.h>
#include <netlink/xfrm/selector.h>
#include <netlink/xfrm/sp.h>
#include <netlink/xfrm/template.h>

#include "common/error.h"
#include "ipsec/ike_error.h"
#include "ipsec/xfrm_spec.h"

#ifndef UDP_ENCAP_ESPINUDP
#define UDP_ENCAP_ESPINUDP 2 /* RFC 3948, <linux/udp.h> */
#endif

/*
 * The algorithms we hand to the kernel, by their crypto API names, and the sizes that the
 * Debian 12 kernel (6.1) accepts for them; checked in the VM by tests/vm/tests/xfrm-static.sh.
 */
static const struct enc_alg {
	const char *name;
	size_t key_bytes[3]; /* allowed sizes; 0 ends the list */
} enc_algs[] = {
    {"cbc(aes)", {16, 24, 32}},    /* RFC 3602 */
    {"cbc(des3_ede)", {24, 0, 0}}, /* RFC 2451, legacy peers only */
};

static const struct auth_alg {
	const char *name;
	size_t key_bytes;    /* the hash size, as IKE derives it (RFC 2404 §3, RFC 4868 §2.1.1) */
	unsigned trunc_bits; /* the RFC's ICV size */
	unsigned full_bits;  /* the kernel refuses a truncation above this */
} auth_algs[] = {
    {"hmac(md5)", 16, 96, 128},     /* RFC 2403 */
    {"hmac(sha1)", 20, 96, 160},    /* RFC 2404 */
    {"hmac(sha256)", 32, 128, 256}, /* RFC 4868 */
    {"hmac(sha384)", 48, 192, 384}, /* RFC 4868 */
    {"hmac(sha512)", 64, 256, 512}, /* RFC 4868 */
};

static const struct aead_alg {
	const char *name;
	size_t key_bytes[3]; /* key + 4-byte salt (RFC 4106 §8.1) */
	unsigned icv_bits[3];
} aead_algs[] = {
    {"rfc4106(gcm(aes))", {20, 28, 36}, {64, 96, 128}}, /* RFC 4106 */
};

uint32_t
xfrm_reqid_ours(unsigned n)
{
	return XFRM_REQID_OURS_MIN + (n & 0xffffu);
}

bool
xfrm_reqid_is_ours(uint32_t reqid)
{
	return reqid >= XFRM_REQID_OURS_MIN && reqid <= XFRM_REQID_OURS_MAX;
}

bool
xfrm_priority_is_ours(uint32_t priority)
{
	return priority >= XFRM_PRIORITY_OURS_MIN && priority <= XFRM_PRIORITY_OURS_MAX;
}

static size_t
addr_len(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

bool
xfrm_addr_parse(const char *field, const char *text, XfrmAddr *ret, GError **error)
{
	XfrmAddr a = {0};
	if (text != NULL && inet_pton(AF_INET, text, a.bytes) == 1)
		a.family = AF_INET;
	else if (text != NULL && inet_pton(AF_INET6, text, a.bytes) == 1)
		a.family = AF_INET6;
	else
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "%s: '%s' is not an IPv4 or IPv6 address", field, text != NULL ? text : "");
	*ret = a;
	return true;
}

const char *
xfrm_addr_to_string(const XfrmAddr *a, char *buf, size_t bufsize)
{
	if ((a->family != AF_INET && a->family != AF_INET6) ||
	    inet_ntop(a->family, a->bytes, buf, (socklen_t)bufsize) == NULL)
		g_strlcpy(buf, "(unset)", bufsize);
	return buf;
}

bool
xfrm_addr_equal(const XfrmAddr *a, const XfrmAddr *b)
{
	return a->family == b->family && memcmp(a->bytes, b->bytes, addr_len(a->family)) == 0;
}

char *
xfrm_sa_spec_describe(const XfrmSaSpec *spec)
{
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];
	return g_strdup_printf("ESP SA spi 0x%08" PRIx32 " %s -> %s", spec->spi,
	    xfrm_addr_to_string(&spec->src, s, sizeof(s)),
	    xfrm_addr_to_string(&spec->dst, d, sizeof(d)));
}

static const char *
port_text(uint16_t port, char *buf, size_t bufsize)
{
	if (port == 0)
		g_strlcpy(buf, "any", bufsize);
	else
		g_snprintf(buf, bufsize, "%u", port);
	return buf;
}

char *
xfrm_policy_spec_describe(const XfrmPolicySpec *spec)
{
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN], sp[8], dp[8];
	return g_strdup_printf("policy %s udp %s:%s -> %s:%s",
	    spec->dir == XFRM_DIR_IN ? "in" : "out", xfrm_addr_to_string(&spec->src, s, sizeof(s)),
	    port_text(spec->sport, sp, sizeof(sp)), xfrm_addr_to_string(&spec->dst, d, sizeof(d)),
	    port_text(spec->dport, dp, sizeof(dp)));
}

XfrmSaSpec
xfrm_sa_spec_without_keys(const XfrmSaSpec *spec)
{
	XfrmSaSpec copy = *spec;
	copy.enc_key = NULL;
	copy.auth_key = NULL;
	copy.aead_key = NULL;
	return copy;
}

/* Fail with "ESP SA spi 0x...: MESSAGE". */
static bool G_GNUC_PRINTF(3, 4)
    sa_fail(GError **error, const XfrmSaSpec *spec, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_autofree char *what = xfrm_sa_spec_describe(spec);
	return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID, "%s: %s", what, msg);
}

static bool G_GNUC_PRINTF(3, 4)
    policy_fail(GError **error, const XfrmPolicySpec *spec, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_autofree char *what = xfrm_policy_spec_describe(spec);
	return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID, "%s: %s", what, msg);
}

/* "16, 24 or 32" */
static char *
sizes_text(const size_t *sizes, size_t n)
{
	GString *s = g_string_new(NULL);
	size_t count = 0;
	while (count < n && sizes[count] != 0)
		count++;
	for (size_t i = 0; i < count; i++)
		g_string_append_printf(s, "%s%zu",
		    i == 0           ? ""
		    : i + 1 == count ? " or "
				     : ", ",
		    sizes[i]);
	return g_string_free(s, FALSE);
}

static bool
size_allowed(const size_t *sizes, size_t n, size_t len)
{
	for (size_t i = 0; i < n && sizes[i] != 0; i++)
		if (sizes[i] == len)
			return true;
	return false;
}

static const struct enc_alg *
find_enc(const char *name)
{
	for (size_t i = 0; name != NULL && i < G_N_ELEMENTS(enc_algs); i++)
		if (strcmp(enc_algs[i].name, name) == 0)
			return &enc_algs[i];
	return NULL;
}

static const struct auth_alg *
find_auth(const char *name)
{
	for (size_t i = 0; name != NULL && i < G_N_ELEMENTS(auth_algs); i++)
		if (strcmp(auth_algs[i].name, name) == 0)
			return &auth_algs[i];
	return NULL;
}

static const struct aead_alg *
find_aead(const char *name)
{
	for (size_t i = 0; name != NULL && i < G_N_ELEMENTS(aead_algs); i++)
		if (strcmp(aead_algs[i].name, name) == 0)
			return &aead_algs[i];
	return NULL;
}

static unsigned
auth_trunc_bits(const XfrmSaSpec *spec)
{
	const struct auth_alg *a = find_auth(spec->auth_alg);
	if (spec->auth_trunc_bits != 0 || a == NULL)
		return spec->auth_trunc_bits;
	return a->trunc_bits;
}

static unsigned
aead_icv_bits(const XfrmSaSpec *spec)
{
	return spec->aead_icv_bits != 0 ? spec->aead_icv_bits : 128;
}

static uint32_t
replay_window(const XfrmSaSpec *spec)
{
	return spec->replay_window != 0 ? spec->replay_window : XFRM_REPLAY_WINDOW_DEFAULT;
}

static bool
validate_algs(const XfrmSaSpec *spec, GError **error)
{
	if (spec->aead_alg != NULL) {
		const struct aead_alg *a = find_aead(spec->aead_alg);
		if (spec->enc_alg != NULL || spec->auth_alg != NULL)
			return sa_fail(error, spec,
			    "an AEAD (%s) takes no separate enc or auth algorithm", spec->aead_alg);
		if (a == NULL)
			return sa_fail(error, spec,
			    "aead: unknown algorithm '%s' (known: rfc4106(gcm(aes)))",
			    spec->aead_alg);
		if (spec->aead_key == NULL)
			return sa_fail(error, spec, "aead-key: missing");
		if (!size_allowed(a->key_bytes, G_N_ELEMENTS(a->key_bytes), spec->aead_key->len)) {
			g_autofree char *sizes =
			    sizes_text(a->key_bytes, G_N_ELEMENTS(a->key_bytes));
			return sa_fail(error, spec,
			    "aead-key is %zu bytes; %s takes %s (the AES key and a 4-byte salt)",
			    spec->aead_key->len, a->name, sizes);
		}
		unsigned icv = aead_icv_bits(spec);
		if (icv != a->icv_bits[0] && icv != a->icv_bits[1] && icv != a->icv_bits[2])
			return sa_fail(
			    error, spec, "icv is %u bits; %s takes 64, 96 or 128", icv, a->name);
		return true;
	}
	if (spec->enc_alg == NULL)
		return sa_fail(error, spec, "no algorithm: give enc and auth, or aead");
	const struct enc_alg *e = find_enc(spec->enc_alg);
	if (e == NULL)
		return sa_fail(error, spec,
		    "enc: unknown algorithm '%s' (known: cbc(aes), cbc(des3_ede))", spec->enc_alg);
	if (spec->enc_key == NULL)
		return sa_fail(error, spec, "enc-key: missing");
	if (!size_allowed(e->key_bytes, G_N_ELEMENTS(e->key_bytes), spec->enc_key->len)) {
		g_autofree char *sizes = sizes_text(e->key_bytes, G_N_ELEMENTS(e->key_bytes));
		return sa_fail(error, spec, "enc-key is %zu bytes; %s takes %s", spec->enc_key->len,
		    e->name, sizes);
	}
	/* ESP without integrity is open to cut-and-paste attacks (RFC 4303 §3.2.2): refuse it. */
	if (spec->auth_alg == NULL)
		return sa_fail(
		    error, spec, "auth: missing; %s needs an integrity algorithm", e->name);
	const struct auth_alg *a = find_auth(spec->auth_alg);
	if (a == NULL)
		return sa_fail(error, spec,
		    "auth: unknown algorithm '%s' (known: hmac(md5), hmac(sha1), hmac(sha256), "
		    "hmac(sha384), hmac(sha512))",
		    spec->auth_alg);
	if (spec->auth_key == NULL)
		return sa_fail(error, spec, "auth-key: missing");
	if (spec->auth_key->len != a->key_bytes)
		return sa_fail(error, spec, "auth-key is %zu bytes; %s takes %zu",
		    spec->auth_key->len, a->name, a->key_bytes);
	unsigned trunc = auth_trunc_bits(spec);
	if (trunc < 96 || trunc > a->full_bits || trunc % 8 != 0)
		return sa_fail(error, spec,
		    "auth-trunc is %u bits; %s takes a multiple of 8 from 96 to %u (RFC value %u)",
		    trunc, a->name, a->full_bits, a->trunc_bits);
	return true;
}

bool
xfrm_sa_spec_validate(const XfrmSaSpec *spec, GError **error)
{
	if (spec->src.family != AF_INET && spec->src.family != AF_INET6)
		return sa_fail(error, spec, "src: no address");
	if (spec->dst.family != spec->src.family)
		return sa_fail(error, spec, "dst: %s, but src is %s",
		    spec->dst.family == 0         ? "no address"
		    : spec->dst.family == AF_INET ? "IPv4"
						  : "IPv6",
		    spec->src.family == AF_INET ? "IPv4" : "IPv6");
	if (spec->spi < 256) /* RFC 4303 §2.1 */
		return sa_fail(
		    error, spec, "spi: %" PRIu32 " is reserved (1-255) or none (0)", spec->spi);
	if (!xfrm_reqid_is_ours(spec->reqid))
		return sa_fail(error, spec,
		    "reqid: 0x%08" PRIx32 " is outside l2sec's range 0x%08x-0x%08x", spec->reqid,
		    XFRM_REQID_OURS_MIN, XFRM_REQID_OURS_MAX);
	if (!validate_algs(spec, error))
		return false;
	if (replay_window(spec) > XFRM_REPLAY_WINDOW_MAX)
		return sa_fail(error, spec, "replay-window: %" PRIu32 " is above %u packets",
		    spec->replay_window, XFRM_REPLAY_WINDOW_MAX);
	if (spec->encap) {
		if (spec->encap_sport == 0 || spec->encap_dport == 0)
			return sa_fail(error, spec, "encap: UDP ports %u and %u must both be set",
			    spec->encap_sport, spec->encap_dport);
		if (spec->encap_oa.family != 0 && spec->encap_oa.family != spec->src.family)
			return sa_fail(error, spec, "encap-oa: its family differs from the SA's");
	} else if (spec->encap_sport != 0 || spec->encap_dport != 0 || spec->encap_oa.family != 0) {
		return sa_fail(error, spec, "encap ports or original address given without encap");
	}
	if (spec->soft_seconds != 0 && spec->hard_seconds != 0 &&
	    spec->soft_seconds > spec->hard_seconds)
		return sa_fail(error, spec,
		    "lifetime: soft %" PRIu64 " s is after hard %" PRIu64 " s", spec->soft_seconds,
		    spec->hard_seconds);
	if (spec->soft_bytes != 0 && spec->hard_bytes != 0 && spec->soft_bytes > spec->hard_bytes)
		return sa_fail(error, spec,
		    "lifetime: soft %" PRIu64 " bytes is above hard %" PRIu64 " bytes",
		    spec->soft_bytes, spec->hard_bytes);
	return true;
}

static uint32_t
policy_priority(const XfrmPolicySpec *spec)
{
	return spec->priority != 0 ? spec->priority : XFRM_PRIORITY_DEFAULT;
}

bool
xfrm_policy_spec_validate(const XfrmPolicySpec *spec, GError **error)
{
	if (spec->dir != XFRM_DIR_IN && spec->dir != XFRM_DIR_OUT)
		return policy_fail(error, spec, "dir: %d is neither in nor out", (int)spec->dir);
	if (spec->src.family != AF_INET && spec->src.family != AF_INET6)
		return policy_fail(error, spec, "src: no address");
	if (spec->dst.family != spec->src.family)
		return policy_fail(error, spec, "dst: not the same address family as src");
	if (!xfrm_priority_is_ours(policy_priority(spec)))
		return policy_fail(error, spec,
		    "priority: %" PRIu32 " is outside l2sec's range %u-%u", spec->priority,
		    XFRM_PRIORITY_OURS_MIN, XFRM_PRIORITY_OURS_MAX);
	switch (spec->action) {
	case XFRM_ACTION_ALLOW:
		if (!xfrm_reqid_is_ours(spec->reqid))
			return policy_fail(error, spec,
			    "reqid: 0x%08" PRIx32 " is outside l2sec's range 0x%08x-0x%08x",
			    spec->reqid, XFRM_REQID_OURS_MIN, XFRM_REQID_OURS_MAX);
		return true;
	case XFRM_ACTION_BLOCK:
		if (spec->reqid != 0)
			return policy_fail(
			    error, spec, "reqid: a blocking policy has no ESP template");
		return true;
	}
	return policy_fail(error, spec, "action: %d is neither allow nor block", (int)spec->action);
}

/* A host address (/32 or /128) as a libnl address; the caller puts it. */
static struct nl_addr *
host_addr(const XfrmAddr *a)
{
	struct nl_addr *n = nl_addr_build(a->family, a->bytes, addr_len(a->family));
	if (n != NULL)
		nl_addr_set_prefixlen(n, (int)addr_len(a->family) * 8);
	return n;
}

/* The all-zero address of a family, for the parts of an XFRM message that must hold one. */
static struct nl_addr *
any_addr(int family)
{
	static const uint8_t zero[16];
	struct nl_addr *n = nl_addr_build(family, zero, addr_len(family));
	if (n != NULL)
		nl_addr_set_prefixlen(n, 0);
	return n;
}

static bool
oom(GError **error, const char *what)
{
	return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_KERNEL,
	    "%s: libnl could not allocate an object", what);
}

/* The flow selector: udp from src:sport to dst:dport, host addresses; a port 0 is any. */
static struct xfrmnl_sel *
flow_selector(const XfrmAddr *src, const XfrmAddr *dst, uint16_t sport, uint16_t dport)
{
	struct xfrmnl_sel *sel = xfrmnl_sel_alloc();
	struct nl_addr *s = host_addr(src), *d = host_addr(dst);
	if (sel == NULL || s == NULL || d == NULL) {
		if (sel != NULL)
			xfrmnl_sel_put(sel);
		sel = NULL;
	} else {
		xfrmnl_sel_set_family(sel, (unsigned)src->family);
		xfrmnl_sel_set_saddr(sel, s);
		xfrmnl_sel_set_daddr(sel, d);
		xfrmnl_sel_set_prefixlen_s(sel, addr_len(src->family) * 8);
		xfrmnl_sel_set_prefixlen_d(sel, addr_len(dst->family) * 8);
		xfrmnl_sel_set_proto(sel, IPPROTO_UDP);
		xfrmnl_sel_set_sport(sel, sport);
		xfrmnl_sel_set_sportmask(sel, sport != 0 ? 0xffff : 0);
		xfrmnl_sel_set_dport(sel, dport);
		xfrmnl_sel_set_dportmask(sel, dport != 0 ? 0xffff : 0);
	}
	if (s != NULL)
		nl_addr_put(s);
	if (d != NULL)
		nl_addr_put(d);
	return sel;
}

/* Lifetimes: 0 means none, which the kernel spells XFRM_INF (a 0 limit would expire at once). */
static uint64_t
limit(uint64_t v)
{
	return v != 0 ? v : XFRM_INF;
}

static struct xfrmnl_ltime_cfg *
lifetime(uint64_t soft_s, uint64_t hard_s, uint64_t soft_b, uint64_t hard_b)
{
	struct xfrmnl_ltime_cfg *lt = xfrmnl_ltime_cfg_alloc();
	if (lt == NULL)
		return NULL;
	xfrmnl_ltime_cfg_set_soft_bytelimit(lt, limit(soft_b));
	xfrmnl_ltime_cfg_set_hard_bytelimit(lt, limit(hard_b));
	xfrmnl_ltime_cfg_set_soft_packetlimit(lt, XFRM_INF);
	xfrmnl_ltime_cfg_set_hard_packetlimit(lt, XFRM_INF);
	xfrmnl_ltime_cfg_set_soft_addexpires(lt, soft_s); /* seconds: 0 is none */
	xfrmnl_ltime_cfg_set_hard_addexpires(lt, hard_s);
	xfrmnl_ltime_cfg_set_soft_useexpires(lt, 0);
	xfrmnl_ltime_cfg_set_hard_useexpires(lt, 0);
	return lt;
}

/* An SA with only its identity (family, dst, SPI, proto ESP): all a delete needs. */
static struct xfrmnl_sa *
sa_id(const XfrmSaSpec *spec)
{
	struct xfrmnl_sa *sa = xfrmnl_sa_alloc();
	struct nl_addr *d = host_addr(&spec->dst), *s = host_addr(&spec->src);
	bool ok = sa != NULL && d != NULL && s != NULL;
	if (ok) {
		xfrmnl_sa_set_family(sa, (unsigned)spec->dst.family);
		ok = xfrmnl_sa_set_daddr(sa, d) == 0 && xfrmnl_sa_set_saddr(sa, s) == 0;
		xfrmnl_sa_set_spi(sa, spec->spi);
		xfrmnl_sa_set_proto(sa, IPPROTO_ESP);
	}
	if (d != NULL)
		nl_addr_put(d);
	if (s != NULL)
		nl_addr_put(s);
	if (!ok && sa != NULL) {
		xfrmnl_sa_put(sa);
		sa = NULL;
	}
	return sa;
}

struct xfrmnl_sa *
xfrm_sa_spec_to_nl_id(const XfrmSaSpec *spec, GError **error)
{
	if (spec->src.family != AF_INET && spec->src.family != AF_INET6) {
		sa_fail(error, spec, "src: no address");
		return NULL;
	}
	if (spec->dst.family != spec->src.family) {
		sa_fail(error, spec, "dst: not the same address family as src");
		return NULL;
	}
	struct xfrmnl_sa *sa = sa_id(spec);
	if (sa == NULL)
		oom(error, "ESP SA");
	return sa;
}

/* Set the algorithms; libnl copies the keys into memory it frees unwiped (see xfrm_spec.h). */
static bool
sa_set_algs(struct xfrmnl_sa *sa, const XfrmSaSpec *spec)
{
	if (spec->aead_alg != NULL)
		return xfrmnl_sa_set_aead_params(sa, spec->aead_alg,
			   (unsigned)spec->aead_key->len * 8, aead_icv_bits(spec),
			   (const char *)spec->aead_key->data) == 0;
	return xfrmnl_sa_set_crypto_params(sa, spec->enc_alg, (unsigned)spec->enc_key->len * 8,
		   (const char *)spec->enc_key->data) == 0 &&
	       xfrmnl_sa_set_auth_params(sa, spec->auth_alg, (unsigned)spec->auth_key->len * 8,
		   auth_trunc_bits(spec), (const char *)spec->auth_key->data) == 0;
}

static bool
sa_set_replay(struct xfrmnl_sa *sa, const XfrmSaSpec *spec)
{
	uint32_t w = replay_window(spec);
	if (w <= 32)
		return xfrmnl_sa_set_replay_window(sa, w) == 0;
	/*
	 * The legacy replay state holds 32 packets; a larger window needs the ESN-format state
	 * (XFRMA_REPLAY_ESN_VAL), with the usersa_info's replay_window left at 0 as the kernel's
	 * verify_replay() demands. Without XFRM_STATE_ESN the sequence numbers stay 32 bits.
	 */
	unsigned words = (w + 31) / 32;
	g_autofree unsigned *bmp = g_new0(unsigned, words);
	return xfrmnl_sa_set_replay_state_esn(sa, 0, 0, 0, 0, w, words, bmp) == 0;
}

struct xfrmnl_sa *
xfrm_sa_spec_to_nl(const XfrmSaSpec *spec, GError **error)
{
	if (!xfrm_sa_spec_validate(spec, error))
		return NULL;
	struct xfrmnl_sa *sa = sa_id(spec);
	struct xfrmnl_sel *sel =
	    flow_selector(&spec->src, &spec->dst, spec->sel_sport, spec->sel_dport);
	struct xfrmnl_ltime_cfg *lt =
	    lifetime(spec->soft_seconds, spec->hard_seconds, spec->soft_bytes, spec->hard_bytes);
	bool ok = sa != NULL && sel != NULL && lt != NULL;
	if (ok) {
		xfrmnl_sa_set_sel(sa, sel);
		xfrmnl_sa_set_lifetime_cfg(sa, lt);
		xfrmnl_sa_set_mode(sa, XFRM_MODE_TRANSPORT);
		xfrmnl_sa_set_reqid(sa, spec->reqid);
		ok = sa_set_algs(sa, spec) && sa_set_replay(sa, spec);
	}
	if (ok && spec->encap) {
		struct nl_addr *oa = spec->encap_oa.family != 0 ? host_addr(&spec->encap_oa)
								: any_addr(spec->src.family);
		ok = oa != NULL && xfrmnl_sa_set_encap_tmpl(sa, UDP_ENCAP_ESPINUDP,
				       spec->encap_sport, spec->encap_dport, oa) == 0;
		if (oa != NULL)
			nl_addr_put(oa);
	}
	if (sel != NULL)
		xfrmnl_sel_put(sel);
	if (lt != NULL)
		xfrmnl_ltime_cfg_put(lt);
	if (!ok) {
		if (sa != NULL)
			xfrmnl_sa_put(sa);
		oom(error, "ESP SA");
		return NULL;
	}
	return sa;
}

static unsigned
nl_dir(XfrmDir dir)
{
	return dir == XFRM_DIR_IN ? XFRM_POLICY_IN : XFRM_POLICY_OUT;
}

struct xfrmnl_sp *
xfrm_policy_spec_to_nl_id(const XfrmPolicySpec *spec, GError **error)
{
	if (spec->dir != XFRM_DIR_IN && spec->dir != XFRM_DIR_OUT) {
		policy_fail(error, spec, "dir: %d is neither in nor out", (int)spec->dir);
		return NULL;
	}
	if ((spec->src.family != AF_INET && spec->src.family != AF_INET6) ||
	    spec->dst.family != spec->src.family) {
		policy_fail(error, spec, "src and dst: need two addresses of one family");
		return NULL;
	}
	struct xfrmnl_sp *sp = xfrmnl_sp_alloc();
	struct xfrmnl_sel *sel = flow_selector(&spec->src, &spec->dst, spec->sport, spec->dport);
	if (sp == NULL || sel == NULL) {
		if (sp != NULL)
			xfrmnl_sp_put(sp);
		if (sel != NULL)
			xfrmnl_sel_put(sel);
		oom(error, "XFRM policy");
		return NULL;
	}
	xfrmnl_sp_set_sel(sp, sel);
	xfrmnl_sel_put(sel);
	xfrmnl_sp_set_dir(sp, nl_dir(spec->dir));
	return sp;
}

/* The template: ESP, transport mode, level required (optional 0), any algorithm of the SA. */
static struct xfrmnl_user_tmpl *
esp_template(const XfrmPolicySpec *spec)
{
	struct xfrmnl_user_tmpl *t = xfrmnl_user_tmpl_alloc();
	struct nl_addr *s = host_addr(&spec->src), *d = host_addr(&spec->dst);
	if (t == NULL || s == NULL || d == NULL) {
		if (t != NULL)
			xfrmnl_user_tmpl_free(t);
		t = NULL;
	} else {
		/* in transport mode the kernel takes the addresses from the flow, not from here */
		xfrmnl_user_tmpl_set_family(t, (unsigned)spec->src.family);
		xfrmnl_user_tmpl_set_saddr(t, s);
		xfrmnl_user_tmpl_set_daddr(t, d);
		xfrmnl_user_tmpl_set_proto(t, IPPROTO_ESP);
		xfrmnl_user_tmpl_set_spi(t, 0);
		xfrmnl_user_tmpl_set_reqid(t, spec->reqid);
		xfrmnl_user_tmpl_set_mode(t, XFRM_MODE_TRANSPORT);
		xfrmnl_user_tmpl_set_optional(t, 0); /* "level required": no SA, no packet */
		/* xfrm_state_ok() matches aalgos against the SA: allow all, as `ip xfrm` does */
		xfrmnl_user_tmpl_set_aalgos(t, ~0u);
		xfrmnl_user_tmpl_set_ealgos(t, ~0u);
		xfrmnl_user_tmpl_set_calgos(t, ~0u);
	}
	if (s != NULL)
		nl_addr_put(s);
	if (d != NULL)
		nl_addr_put(d);
	return t;
}

struct xfrmnl_sp *
xfrm_policy_spec_to_nl(const XfrmPolicySpec *spec, GError **error)
{
	if (!xfrm_policy_spec_validate(spec, error))
		return NULL;
	struct xfrmnl_sp *sp = xfrm_policy_spec_to_nl_id(spec, error);
	if (sp == NULL)
		return NULL;
	struct xfrmnl_ltime_cfg *lt = lifetime(0, 0, 0, 0);
	if (lt == NULL) {
		xfrmnl_sp_put(sp);
		oom(error, "XFRM policy");
		return NULL;
	}
	xfrmnl_sp_set_lifetime_cfg(sp, lt);
	xfrmnl_ltime_cfg_put(lt);
	xfrmnl_sp_set_priority(sp, policy_priority(spec));
	xfrmnl_sp_set_share(sp, XFRM_SHARE_ANY);
	if (spec->action == XFRM_ACTION_BLOCK) {
		xfrmnl_sp_set_action(sp, XFRM_POLICY_BLOCK);
		return sp;
	}
	xfrmnl_sp_set_action(sp, XFRM_POLICY_ALLOW);
	struct xfrmnl_user_tmpl *t = esp_template(spec);
	if (t == NULL) {
		xfrmnl_sp_put(sp);
		oom(error, "XFRM policy");
		return NULL;
	}
	xfrmnl_sp_add_usertemplate(sp, t); /* the policy owns it now */
	return sp;
}
