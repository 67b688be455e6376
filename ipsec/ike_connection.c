/*
 * ike_connection.c — the IPsec half of one connection on real sockets, in the
 * caller's thread-default GMainContext; see ike_connection.h.
 *
 * The sans-I/O machine (ikev1_sa.h) decides; this file only performs its
 * actions: datagrams on two non-blocking UDP sockets (local:500, and
 * local:4500 with UDP_ENCAP_ESPINUDP so that the kernel takes ESP-in-UDP and
 * hands us IKE behind the 4-byte non-ESP marker, RFC 3948 §2.2), one GSource
 * timer for the machine's TIMER action, and the kernel's SAs and policies
 * through a table of kernel operations (production: xfrm_install.h), each
 * recorded on one undo list that runs newest first.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/socket.h>

#include <glib-unix.h>
#include <openssl/rand.h>

#include "common/error.h"
#include "ipsec/ike_connection.h"
#include "ipsec/ike_dh.h"
#include "ipsec/ike_error.h"
#include "ipsec/ike_proposal.h"
#include "ipsec/ikev1_sa.h"
#include "ipsec/isakmp.h"
#include "ipsec/isakmp_header.h"
#include "ipsec/xfrm_install.h"
#include "ipsec/xfrm_spec.h"

#ifndef UDP_ENCAP
#define UDP_ENCAP 100
#endif
#ifndef UDP_ENCAP_ESPINUDP
#define UDP_ENCAP_ESPINUDP 2
#endif

#define RECV_BATCH 16 /* datagrams read per wake-up, so one socket cannot starve the loop */

/* --- the production kernel operations: xfrm_install.h ----------------------------------- */

static void *
xfrm_ops_open(void *data, GError **error)
{
	(void)data;
	return xfrm_socket_open(error);
}

static void
xfrm_ops_close(void *k)
{
	xfrm_socket_free(k);
}

static bool
xfrm_ops_policy_install(void *k, const XfrmPolicySpec *spec, GError **error)
{
	return xfrm_policy_install(k, spec, NULL, error);
}

static bool
xfrm_ops_policy_remove(void *k, const XfrmPolicySpec *spec, bool *ret_gone, GError **error)
{
	return xfrm_policy_remove_if_present(k, spec, ret_gone, error);
}

static bool
xfrm_ops_sa_install(void *k, const XfrmSaSpec *spec, GError **error)
{
	return xfrm_sa_install(k, spec, NULL, error);
}

static bool
xfrm_ops_sa_remove(void *k, const XfrmSaSpec *spec, bool *ret_gone, GError **error)
{
	return xfrm_sa_remove_if_present(k, spec, ret_gone, error);
}

static bool
xfrm_ops_sa_counters(
    void *k, const XfrmSaSpec *spec, uint64_t *ret_bytes, uint64_t *ret_packets, GError **error)
{
	return xfrm_sa_get_counters(k, spec, ret_bytes, ret_packets, error);
}

const IkeConnectionKernelOps ike_connection_xfrm_ops = {
    .open = xfrm_ops_open,
    .close = xfrm_ops_close,
    .policy_install = xfrm_ops_policy_install,
    .policy_remove = xfrm_ops_policy_remove,
    .sa_install = xfrm_ops_sa_install,
    .sa_remove = xfrm_ops_sa_remove,
    .sa_counters = xfrm_ops_sa_counters,
};

/* --- the connection -------------------------------------------------------------------- */

typedef enum {
	CONN_NEW,
	CONN_RUNNING, /* started: Main Mode, Quick Mode, up */
	CONN_CLOSING, /* ike_connection_close(): Deletes going out */
	CONN_FINISHED /* kernel state removed, sockets closed; callbacks pending or done */
} ConnState;

/* One kernel entry we installed; `pair` groups the two SAs of one ESP pair (its inbound SPI). */
typedef struct UndoItem {
	bool is_sa;
	uint32_t pair;
	XfrmSaSpec sa; /* without keys */
	XfrmPolicySpec policy;
} UndoItem;

struct IkeConnection {
	/* the config, copied */
	IkeConnectionConfig cfg;
	L2secSecret *psk;
	char *ike_text, *esp_text, *local_id, *remote_id, *pfs;
	GPtrArray *ike, *esp; /* parsed proposals */
	unsigned pfs_group;
	uint8_t id_type;
	GBytes *id_data;
	uint8_t rid_type;
	GBytes *rid_data;

	IkeConnectionCallbacks cb;
	void *user_data;
	IkeConnectionTestHooks hooks;
	const IkeConnectionKernelOps *kops;
	void *k; /* the kernel handle */

	ConnState state;
	GMainContext *ctx;
	int s_ike, s_natt;
	GSource *src_ike, *src_natt, *timer, *idle;
	IkeV1Sa *sa;
	IkeV1Actions *acts;
	GArray *undo; /* of UndoItem, oldest first */
	uint32_t reqid;
	bool in_policy; /* the inbound policy is installed */
	bool running_actions;

	int64_t t0_ms, t_established_ms;
	bool established;
	bool natt;
	char *ike_proposal;
	IkeConnectionUp up;
	bool is_up;
	char *up_ike, *up_esp;

	GError *final_error;
	bool done;
};

static guint next_reqid = 1;

static uint64_t
now_ms(void)
{
	return (uint64_t)(g_get_monotonic_time() / 1000);
}

static void
rng_openssl(void *buf, size_t len, void *user_data)
{
	(void)user_data;
	if (RAND_bytes(buf, (int)len) != 1)
		g_error("IKE: the OpenSSL RNG failed"); /* no safe way on without randomness */
}

/* --- config ------------------------------------------------------------------------------ */

/* An ID string: IPv4 literal, user@fqdn or fqdn (RFC 2407 §4.6.2.1). */
static bool
parse_id(const char *field, const char *text, uint8_t *ret_type, GBytes **ret_data, GError **error)
{
	size_t len = strlen(text);
	if (len == 0)
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "%s: empty; give an IPv4 address, a host name or user@host", field);
	if (len > 255)
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "%s: %zu characters; at most 255", field, len);
	struct in_addr a;
	if (inet_pton(AF_INET, text, &a) == 1) {
		*ret_type = ISAKMP_ID_IPV4_ADDR;
		*ret_data = g_bytes_new(&a.s_addr, 4);
		return true;
	}
	const char *at = strchr(text, '@');
	if (at != NULL && strchr(at + 1, '@') != NULL)
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "%s: '%s' has more than one '@'", field, text);
	if (at != NULL && (at == text || at[1] == '\0'))
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "%s: '%s': user@host needs both parts", field, text);
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)text[i];
		bool in_host = at == NULL || text + i > at;
		bool ok = in_host ? (g_ascii_isalnum(ch) || ch == '-' || ch == '.' || ch == '_')
				  : (ch > 0x20 && ch < 0x7f);
		if (!ok)
			return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
			    "%s: '%s': character %zu (0x%02x) is not allowed in a %s", field, text,
			    i + 1, ch, in_host ? "host name" : "user name");
	}
	*ret_type = at != NULL ? ISAKMP_ID_USER_FQDN : ISAKMP_ID_FQDN;
	*ret_data = g_bytes_new(text, len);
	return true;
}

static bool
parse_pfs(const char *text, unsigned *ret_group, GError **error)
{
	static const IkeDhGroup groups[] = {IKE_DH_MODP1024, IKE_DH_MODP1536, IKE_DH_MODP2048,
	    IKE_DH_ECP256, IKE_DH_ECP384, IKE_DH_CURVE25519};
	*ret_group = 0;
	if (text == NULL || *text == '\0' || strcmp(text, "none") == 0)
		return true;
	g_autoptr(GString) known = g_string_new(NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(groups); i++) {
		if (g_ascii_strcasecmp(text, ike_dh_group_name(groups[i])) == 0) {
			*ret_group = groups[i];
			return true;
		}
		g_string_append_printf(
		    known, "%s%s", i > 0 ? ", " : "", ike_dh_group_name(groups[i]));
	}
	return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
	    "pfs: unknown DH group '%s'; known: none, %s", text, known->str);
}

/* Everything ike_connection_config_check() checks; fills the parsed forms when asked. */
static bool
config_parse(const IkeConnectionConfig *cfg, GPtrArray **ret_ike, GPtrArray **ret_esp,
    unsigned *ret_pfs, uint8_t *ret_id_type, GBytes **ret_id, uint8_t *ret_rid_type,
    GBytes **ret_rid, GError **error)
{
	if (cfg->server.s_addr == htonl(INADDR_ANY))
		return l2sec_fail(
		    error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID, "server: no address given");
	if (cfg->psk == NULL || cfg->psk->len == 0)
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "psk: no pre-shared key given");
	g_autoptr(GPtrArray) ike = NULL;
	g_autoptr(GPtrArray) esp = NULL;
	if (!ike_proposal_parse_ike(cfg->ike_proposals, &ike, error) ||
	    !ike_proposal_parse_esp(cfg->esp_proposals, &esp, error))
		return false;
	unsigned pfs;
	if (!parse_pfs(cfg->pfs, &pfs, error))
		return false;
	uint8_t id_type = 0;
	g_autoptr(GBytes) id = NULL;
	if (cfg->local_id != NULL && !parse_id("local-id", cfg->local_id, &id_type, &id, error))
		return false;
	uint8_t rid_type = 0;
	g_autoptr(GBytes) rid = NULL;
	if (cfg->remote_id != NULL &&
	    !parse_id("remote-id", cfg->remote_id, &rid_type, &rid, error))
		return false;
	if (ret_ike != NULL)
		*ret_ike = g_steal_pointer(&ike);
	if (ret_esp != NULL)
		*ret_esp = g_steal_pointer(&esp);
	if (ret_pfs != NULL)
		*ret_pfs = pfs;
	if (ret_id_type != NULL)
		*ret_id_type = id_type;
	if (ret_id != NULL)
		*ret_id = g_steal_pointer(&id);
	if (ret_rid_type != NULL)
		*ret_rid_type = rid_type;
	if (ret_rid != NULL)
		*ret_rid = g_steal_pointer(&rid);
	return true;
}

bool
ike_connection_config_check(const IkeConnectionConfig *cfg, GError **error)
{
	return config_parse(cfg, NULL, NULL, NULL, NULL, NULL, NULL, NULL, error);
}

IkeConnection *
ike_connection_new(const IkeConnectionConfig *cfg, const IkeConnectionCallbacks *callbacks,
    void *user_data, GError **error)
{
	g_autoptr(GPtrArray) ike = NULL;
	g_autoptr(GPtrArray) esp = NULL;
	g_autoptr(GBytes) id = NULL;
	g_autoptr(GBytes) rid = NULL;
	unsigned pfs;
	uint8_t id_type, rid_type;
	if (!config_parse(cfg, &ike, &esp, &pfs, &id_type, &id, &rid_type, &rid, error))
		return NULL;
	IkeConnection *c = g_new0(IkeConnection, 1);
	c->cfg = *cfg;
	c->psk = l2sec_secret_dup(cfg->psk);
	c->cfg.psk = c->psk;
	c->cfg.ike_proposals = c->ike_text = g_strdup(cfg->ike_proposals);
	c->cfg.esp_proposals = c->esp_text = g_strdup(cfg->esp_proposals);
	c->cfg.local_id = c->local_id = g_strdup(cfg->local_id);
	c->cfg.remote_id = c->remote_id = g_strdup(cfg->remote_id);
	c->cfg.pfs = c->pfs = g_strdup(cfg->pfs);
	c->ike = g_steal_pointer(&ike);
	c->esp = g_steal_pointer(&esp);
	c->pfs_group = pfs;
	c->id_type = id_type;
	c->id_data = g_steal_pointer(&id);
	c->rid_type = rid_type;
	c->rid_data = g_steal_pointer(&rid);
	if (callbacks != NULL)
		c->cb = *callbacks;
	c->user_data = user_data;
	c->kops = &ike_connection_xfrm_ops;
	c->s_ike = c->s_natt = -1;
	c->acts = ikev1_actions_new();
	c->undo = g_array_new(FALSE, TRUE, sizeof(UndoItem));
	c->reqid = xfrm_reqid_ours(next_reqid);
	next_reqid = next_reqid % 0xffff + 1;
	return c;
}

void
ike_connection_set_test_hooks(IkeConnection *c, const IkeConnectionTestHooks *hooks)
{
	g_return_if_fail(c->state == CONN_NEW);
	c->hooks = *hooks;
	c->kops = hooks->kernel != NULL ? hooks->kernel : &ike_connection_xfrm_ops;
}

/* --- the kernel: undo list ------------------------------------------------------------------ */

static XfrmAddr
addr4(const void *a)
{
	XfrmAddr x = {.family = AF_INET};
	memcpy(x.bytes, a, 4);
	return x;
}

static bool
policy_install(IkeConnection *c, const XfrmPolicySpec *spec, GError **error)
{
	if (!c->kops->policy_install(c->k, spec, error))
		return false;
	UndoItem u = {.is_sa = false, .policy = *spec};
	g_array_append_val(c->undo, u);
	return true;
}

static bool
sa_install(IkeConnection *c, const XfrmSaSpec *spec, uint32_t pair, GError **error)
{
	if (!c->kops->sa_install(c->k, spec, error))
		return false;
	UndoItem u = {.is_sa = true, .pair = pair, .sa = xfrm_sa_spec_without_keys(spec)};
	g_array_append_val(c->undo, u);
	return true;
}

typedef enum {
	UNDO_PAIR,     /* the SAs of one pair */
	UNDO_ALL,      /* everything */
	UNDO_KEEP_OUT, /* everything but the outbound L2TP policy */
} UndoWhat;

/*
 * Remove entries, newest first, best effort. UNDO_KEEP_OUT is for failures: the L2TP side
 * (pppd, the kernel's L2TP tunnel) may still send for a moment, and with the outbound policy
 * left and no SA its datagrams are dropped instead of leaving in clear; ike_connection_free
 * removes the policy once the caller has stopped the L2TP side.
 */
static bool
undo_run(IkeConnection *c, UndoWhat what, uint32_t pair, GError **error)
{
	g_autoptr(GString) failed = g_string_new(NULL);
	guint nfailed = 0, total = 0;
	for (guint i = c->undo->len; i-- > 0;) {
		UndoItem *u = &g_array_index(c->undo, UndoItem, i);
		if (what == UNDO_PAIR && !(u->is_sa && u->pair == pair))
			continue;
		if (what == UNDO_KEEP_OUT && !u->is_sa && u->policy.dir == XFRM_DIR_OUT)
			continue;
		total++;
		g_autoptr(GError) local = NULL;
		bool gone = false;
		bool ok = u->is_sa ? c->kops->sa_remove(c->k, &u->sa, &gone, &local)
				   : c->kops->policy_remove(c->k, &u->policy, &gone, &local);
		if (!ok) {
			nfailed++;
			g_string_append_printf(
			    failed, "%s%s", failed->len > 0 ? "; " : "", local->message);
		}
		g_array_remove_index(c->undo, i);
	}
	if (nfailed > 0)
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_KERNEL,
		    "XFRM: %u of %u entries could not be removed: %s", nfailed, total, failed->str);
	return true;
}

/* The outbound policy for the L2TP flow: ESP required, so nothing leaves in clear. */
static XfrmPolicySpec
l2tp_policy(const IkeConnection *c, XfrmDir dir)
{
	uint16_t lp = c->cfg.l2tp_local_port ? c->cfg.l2tp_local_port : IKEV1_L2TP_PORT;
	uint16_t rp = c->cfg.l2tp_remote_port ? c->cfg.l2tp_remote_port : IKEV1_L2TP_PORT;
	bool out = dir == XFRM_DIR_OUT;
	return (XfrmPolicySpec){
	    .dir = dir,
	    .src = addr4(out ? &c->cfg.local.s_addr : &c->cfg.server.s_addr),
	    .dst = addr4(out ? &c->cfg.server.s_addr : &c->cfg.local.s_addr),
	    /* outbound: udp to the server's L2TP port from ANY local port, so that nothing
	     * reaches it in clear, whatever socket sends; only the SA pair's own selector
	     * (lp -> rp) finds an SA, the rest is dropped by the kernel (level required) */
	    .sport = out ? 0 : rp,
	    .dport = out ? rp : lp,
	    .action = XFRM_ACTION_ALLOW,
	    .reqid = c->reqid,
	};
}

static void
esp_specs(const IkeConnection *c, const IkeV1EspSa *e, XfrmSaSpec sa[2])
{
	static const uint8_t zero4[4];
	for (int dir = 0; dir < 2; dir++) { /* 0: inbound, 1: outbound */
		XfrmSaSpec *s = &sa[dir];
		memset(s, 0, sizeof(*s));
		bool out = dir == 1;
		s->src = addr4(out ? e->local_addr : e->remote_addr);
		s->dst = addr4(out ? e->remote_addr : e->local_addr);
		s->spi = out ? e->spi_out : e->spi_in;
		s->reqid = c->reqid;
		if (e->auth_alg == NULL) {
			s->aead_alg = e->enc_alg;
			s->aead_key = out ? e->enc_key_out : e->enc_key_in;
			s->aead_icv_bits = e->icv_bits;
		} else {
			s->enc_alg = e->enc_alg;
			s->enc_key = out ? e->enc_key_out : e->enc_key_in;
			s->auth_alg = e->auth_alg;
			s->auth_key = out ? e->auth_key_out : e->auth_key_in;
			s->auth_trunc_bits = e->auth_trunc_bits;
		}
		s->encap = e->encap;
		if (e->encap) {
			s->encap_sport = out ? e->encap_sport : e->encap_dport;
			s->encap_dport = out ? e->encap_dport : e->encap_sport;
			if (memcmp(e->nat_oa, zero4, 4) != 0)
				s->encap_oa = addr4(e->nat_oa);
		}
		/* the kernel expires the pair at the negotiated lifetime; soft at 90 % */
		s->hard_seconds = e->lifetime_s;
		s->soft_seconds = e->lifetime_s - e->lifetime_s / 10;
		s->sel_sport = out ? e->l2tp_local_port : e->l2tp_remote_port;
		s->sel_dport = out ? e->l2tp_remote_port : e->l2tp_local_port;
	}
}

/* --- finishing ----------------------------------------------------------------------------- */

static void
source_clear(GSource **s)
{
	if (*s != NULL) {
		g_source_destroy(*s);
		g_source_unref(*s);
		*s = NULL;
	}
}

static void
sockets_close(IkeConnection *c)
{
	source_clear(&c->src_ike);
	source_clear(&c->src_natt);
	source_clear(&c->timer);
	if (c->s_ike >= 0)
		close(c->s_ike);
	if (c->s_natt >= 0)
		close(c->s_natt);
	c->s_ike = c->s_natt = -1;
}

static gboolean
on_finished_idle(gpointer data)
{
	IkeConnection *c = data;
	g_source_unref(c->idle);
	c->idle = NULL;
	if (c->cb.closed != NULL)
		c->cb.closed(c->final_error, c->user_data);
	c->done = true;
	if (c->cb.done != NULL)
		c->cb.done(c->user_data);
	return G_SOURCE_REMOVE;
}

/* Remove every kernel entry, close the sockets; `closed` (error, taken) and `done` follow. */
static void
finish(IkeConnection *c, GError *error)
{
	if (c->state == CONN_FINISHED) {
		if (error != NULL)
			g_error_free(error);
		return;
	}
	c->state = CONN_FINISHED;
	sockets_close(c);
	g_autoptr(GError) undo_error = NULL;
	if (c->k != NULL) {
		/* on a failure the outbound policy stays until ike_connection_free (undo_run) */
		if (!undo_run(c, error != NULL ? UNDO_KEEP_OUT : UNDO_ALL, 0, &undo_error)) {
			g_debug("IKE: %s", undo_error->message);
			if (error == NULL)
				error = g_steal_pointer(&undo_error);
			else
				g_prefix_error(&error, "%s; ", undo_error->message);
		}
		if (c->undo->len == 0) {
			c->kops->close(c->k);
			c->k = NULL;
		}
	}
	if (error != NULL)
		g_debug("IKE: connection failed: %s", error->message);
	else
		g_debug("IKE: connection closed, everything removed");
	c->final_error = error;
	c->idle = g_idle_source_new();
	g_source_set_callback(c->idle, on_finished_idle, c, NULL);
	g_source_attach(c->idle, c->ctx);
}

/* --- actions ------------------------------------------------------------------------------- */

static void
send_datagram(IkeConnection *c, const IkeV1Action *a)
{
	bool natt = a->local_port == IKEV1_NATT_PORT;
	int s = natt ? c->s_natt : c->s_ike;
	uint16_t port = a->remote_port;
	if (a->remote_port == IKEV1_NATT_PORT && c->hooks.server_natt_port != 0)
		port = c->hooks.server_natt_port;
	else if (a->remote_port == IKEV1_PORT && c->hooks.server_ike_port != 0)
		port = c->hooks.server_ike_port;
	gsize len;
	const uint8_t *data = g_bytes_get_data(a->bytes, &len);
	g_autoptr(GByteArray) buf = g_byte_array_sized_new((guint)len + ISAKMP_NON_ESP_MARKER_LEN);
	if (a->non_esp_marker) {
		static const uint8_t marker[ISAKMP_NON_ESP_MARKER_LEN];
		g_byte_array_append(buf, marker, sizeof(marker));
	}
	g_byte_array_append(buf, data, (guint)len);
	struct sockaddr_in to = {
	    .sin_family = AF_INET, .sin_port = htons(port), .sin_addr = c->cfg.server};
	if (sendto(s, buf->data, buf->len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		/* the machine retransmits what needs an answer */
		g_debug("IKE: sending %u bytes to port %u: %s", buf->len, port, g_strerror(errno));
}

static void arm_timer(IkeConnection *c, uint64_t deadline_ms);

static void run_actions(IkeConnection *c);

/* Close the machine (Deletes to the server) performing only its SENDs: the kernel is ours. */
static void
send_deletes(IkeConnection *c)
{
	g_autoptr(GArray) acts = ikev1_actions_new();
	ikev1_sa_close(c->sa, now_ms(), acts);
	for (guint i = 0; i < acts->len; i++) {
		const IkeV1Action *a = &g_array_index(acts, IkeV1Action, i);
		if (a->type == IKEV1_ACTION_SEND)
			send_datagram(c, a);
	}
}

/* The kernel refused the pair: tell the server (Deletes), then fail. */
static void
fail_kernel(IkeConnection *c, GError *error)
{
	send_deletes(c);
	finish(c, error);
}

static bool
install_esp(IkeConnection *c, const IkeV1EspSa *e, GError **error)
{
	XfrmSaSpec sa[2];
	esp_specs(c, e, sa);
	if (!sa_install(c, &sa[0], e->spi_in, error) || !sa_install(c, &sa[1], e->spi_in, error))
		return false;
	if (!c->in_policy) {
		XfrmPolicySpec in = l2tp_policy(c, XFRM_DIR_IN);
		if (!policy_install(c, &in, error))
			return false;
		c->in_policy = true;
	}
	return true;
}

static void
on_established(IkeConnection *c, const IkeV1Established *ike)
{
	int64_t t = (int64_t)now_ms();
	c->t_established_ms = t;
	c->established = true;
	c->natt = ike->natt && (ike->nat_local || ike->nat_remote);
	g_free(c->ike_proposal);
	c->ike_proposal = g_strdup(ike->proposal);
	g_autofree char *line = g_strdup_printf(
	    "IKE: phase 1 %s in %" G_GINT64_FORMAT " ms (NAT-T: %s)", ike->proposal, t - c->t0_ms,
	    !c->natt ? "no" : (ike->nat_local ? "yes, we are behind a NAT" : "yes"));
	g_debug("%s", line);
	if (c->cb.phase != NULL)
		c->cb.phase(line, c->user_data);
}

static void
on_install(IkeConnection *c, const IkeV1EspSa *e)
{
	g_autoptr(GError) error = NULL;
	int64_t t_install = (int64_t)now_ms();
	if (!install_esp(c, e, &error)) {
		fail_kernel(c, g_steal_pointer(&error));
		return;
	}
	int64_t t = (int64_t)now_ms();
	if (c->is_up) { /* a rekey: the old pair goes on the DELETE_ESP that follows */
		g_autofree char *line =
		    g_strdup_printf("IKE: rekeyed ESP %s SPIs %08x/%08x -> %08x/%08x", e->proposal,
			c->up.spi_in, c->up.spi_out, e->spi_in, e->spi_out);
		g_debug("%s", line);
		c->up.spi_in = e->spi_in;
		c->up.spi_out = e->spi_out;
		if (c->cb.phase != NULL)
			c->cb.phase(line, c->user_data);
		return;
	}
	g_free(c->up_esp);
	c->up_esp = g_strdup(e->proposal);
	g_free(c->up_ike);
	c->up_ike = g_strdup(c->ike_proposal != NULL ? c->ike_proposal : "?");
	memcpy(&c->up.local.s_addr, e->local_addr, 4);
	memcpy(&c->up.server.s_addr, e->remote_addr, 4);
	c->up.ike_proposal = c->up_ike;
	c->up.esp_proposal = c->up_esp;
	c->up.natt = e->encap;
	c->up.spi_in = e->spi_in;
	c->up.spi_out = e->spi_out;
	c->up.phase1_ms = c->t_established_ms - c->t0_ms;
	c->up.phase2_ms = t - c->t_established_ms;
	c->up.install_ms = t - t_install;
	c->is_up = true;
	g_autofree char *line =
	    g_strdup_printf("IKE: phase 2 ESP %s SPIs %08x/%08x in %" G_GINT64_FORMAT " ms%s",
		e->proposal, e->spi_in, e->spi_out, c->up.phase2_ms,
		e->encap ? " (UDP-encapsulated, port 4500)" : "");
	g_debug("%s", line);
	if (c->cb.phase != NULL)
		c->cb.phase(line, c->user_data);
	if (c->cb.up != NULL)
		c->cb.up(&c->up, c->user_data);
}

static void
on_delete_esp(IkeConnection *c, const IkeV1EspSa *e)
{
	g_autoptr(GError) error = NULL;
	if (!undo_run(c, UNDO_PAIR, e->spi_in, &error))
		g_debug("IKE: removing ESP pair %08x/%08x: %s", e->spi_in, e->spi_out,
		    error->message);
	else
		g_debug("IKE: ESP pair %08x/%08x removed", e->spi_in, e->spi_out);
}

/* Perform the machine's actions in order, then empty the list. */
static void
run_actions(IkeConnection *c)
{
	if (c->running_actions)
		return; /* a callback re-entered; the outer loop continues */
	c->running_actions = true;
	for (guint i = 0; i < c->acts->len && c->state != CONN_FINISHED; i++) {
		const IkeV1Action *a = &g_array_index(c->acts, IkeV1Action, i);
		switch (a->type) {
		case IKEV1_ACTION_SEND:
			send_datagram(c, a);
			break;
		case IKEV1_ACTION_TIMER:
			arm_timer(c, a->deadline_ms);
			break;
		case IKEV1_ACTION_ESTABLISHED:
			on_established(c, a->ike);
			break;
		case IKEV1_ACTION_INSTALL_ESP:
			on_install(c, a->esp);
			break;
		case IKEV1_ACTION_DELETE_ESP:
			on_delete_esp(c, a->esp);
			break;
		case IKEV1_ACTION_PEER_DEAD:
		case IKEV1_ACTION_SERVER_DELETE:
			/* FAILED follows with the error */
			g_debug("%s", a->reason != NULL ? a->reason : ikev1_action_name(a->type));
			break;
		case IKEV1_ACTION_FAILED:
			finish(c, g_error_copy(a->error));
			break;
		case IKEV1_ACTION_CLOSED:
			finish(c, NULL);
			break;
		}
	}
	g_array_set_size(c->acts, 0);
	c->running_actions = false;
}

/* --- sources ------------------------------------------------------------------------------- */

static gboolean
on_timer(gpointer data)
{
	IkeConnection *c = data;
	g_source_unref(c->timer);
	c->timer = NULL;
	ikev1_sa_timer(c->sa, now_ms(), c->acts);
	run_actions(c);
	return G_SOURCE_REMOVE;
}

static void
arm_timer(IkeConnection *c, uint64_t deadline_ms)
{
	source_clear(&c->timer);
	if (deadline_ms == 0)
		return;
	uint64_t now = now_ms();
	uint64_t delay = deadline_ms > now ? deadline_ms - now : 0;
	c->timer = g_timeout_source_new((guint)MIN(delay, (uint64_t)G_MAXUINT));
	g_source_set_callback(c->timer, on_timer, c, NULL);
	g_source_attach(c->timer, c->ctx);
}

static void
receive_from(IkeConnection *c, int s, bool natt)
{
	for (int n = 0; n < RECV_BATCH && c->state != CONN_FINISHED; n++) {
		uint8_t buf[65536];
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t r = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
		if (r < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				/* ICMP errors (port unreachable) surface here; the machine's
				 * retransmission and deadline decide */
				g_debug("IKE: receiving on port %s: %s", natt ? "4500" : "500",
				    g_strerror(errno));
			if (errno == EINTR)
				continue;
			return;
		}
		if (fl < sizeof(from) || from.sin_family != AF_INET ||
		    from.sin_addr.s_addr != c->cfg.server.s_addr) {
			g_debug("IKE: %zd-byte datagram not from the server, ignoring", r);
			continue;
		}
		const uint8_t *d = buf;
		size_t len = (size_t)r;
		if (natt) {
			switch (isakmp_udp_encap_classify(buf, len)) {
			case ISAKMP_UDP_ENCAP_IKE:
				d += ISAKMP_NON_ESP_MARKER_LEN;
				len -= ISAKMP_NON_ESP_MARKER_LEN;
				break;
			case ISAKMP_UDP_ENCAP_KEEPALIVE:
				continue;
			case ISAKMP_UDP_ENCAP_ESP:
			case ISAKMP_UDP_ENCAP_INVALID:
				g_debug("IKE: %zu-byte datagram on 4500 that is not IKE, ignoring",
				    len);
				continue;
			}
		}
		ikev1_sa_receive(c->sa, now_ms(), d, len, c->acts);
		run_actions(c);
	}
}

static gboolean
on_ike_readable(gint fd, GIOCondition cond, gpointer data)
{
	(void)fd;
	(void)cond;
	IkeConnection *c = data;
	receive_from(c, c->s_ike, false);
	return G_SOURCE_CONTINUE;
}

static gboolean
on_natt_readable(gint fd, GIOCondition cond, gpointer data)
{
	(void)fd;
	(void)cond;
	IkeConnection *c = data;
	receive_from(c, c->s_natt, true);
	return G_SOURCE_CONTINUE;
}

static GSource *
watch(IkeConnection *c, int fd, GUnixFDSourceFunc fn)
{
	GSource *s = g_unix_fd_source_new(fd, G_IO_IN | G_IO_ERR);
	g_source_set_callback(s, (GSourceFunc)(void (*)(void))fn, c, NULL);
	g_source_attach(s, c->ctx);
	return s;
}

/* --- start ----------------------------------------------------------------------------------- */

/* The source address the kernel picks for the server (a connected UDP socket sends nothing). */
static bool
find_local(struct in_addr server, struct in_addr *ret, GError **error)
{
	char sbuf[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &server, sbuf, sizeof(sbuf));
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_KERNEL,
		    "IKE: cannot open a UDP socket: %s", g_strerror(errno));
	struct sockaddr_in to = {
	    .sin_family = AF_INET, .sin_port = htons(IKEV1_PORT), .sin_addr = server};
	struct sockaddr_in me;
	socklen_t ml = sizeof(me);
	bool ok = connect(s, (struct sockaddr *)&to, sizeof(to)) == 0 &&
		  getsockname(s, (struct sockaddr *)&me, &ml) == 0;
	int e = errno;
	close(s);
	if (!ok)
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_KERNEL,
		    "IKE: no route to the server %s: %s", sbuf, g_strerror(e));
	*ret = me.sin_addr;
	return true;
}

static int
udp_socket(struct in_addr addr, uint16_t port, bool encap, GError **error)
{
	char abuf[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &addr, abuf, sizeof(abuf));
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s < 0) {
		l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_KERNEL,
		    "IKE: cannot open a UDP socket: %s", g_strerror(errno));
		return -1;
	}
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr = addr};
	if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		int e = errno;
		close(s);
		l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_KERNEL,
		    "IKE: cannot bind UDP %s:%u: %s%s", abuf, port, g_strerror(e),
		    e == EADDRINUSE ? " (is an IKE daemon such as charon or pluto running?)"
		    : e == EACCES   ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE)"
				    : "");
		return -1;
	}
	int type = UDP_ENCAP_ESPINUDP;
	if (encap && setsockopt(s, IPPROTO_UDP, UDP_ENCAP, &type, sizeof(type)) < 0) {
		int e = errno;
		close(s);
		l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_KERNEL,
		    "IKE: cannot set UDP_ENCAP_ESPINUDP on UDP %s:%u: %s", abuf, port,
		    g_strerror(e));
		return -1;
	}
	return s;
}

static bool
start(IkeConnection *c, GError **error)
{
	if (c->cfg.local.s_addr == htonl(INADDR_ANY) &&
	    !find_local(c->cfg.server, &c->cfg.local, error))
		return false;
	c->k = c->kops->open(c->hooks.kernel_data, error);
	if (c->k == NULL)
		return false;
	/* first of all: no L2TP datagram may leave in clear, ever */
	XfrmPolicySpec out = l2tp_policy(c, XFRM_DIR_OUT);
	if (!policy_install(c, &out, error))
		return false;
	uint16_t p_ike = c->hooks.local_ike_port ? c->hooks.local_ike_port : IKEV1_PORT;
	uint16_t p_natt = c->hooks.local_natt_port ? c->hooks.local_natt_port : IKEV1_NATT_PORT;
	c->s_ike = udp_socket(c->cfg.local, p_ike, false, error);
	if (c->s_ike < 0)
		return false;
	c->s_natt = udp_socket(c->cfg.local, p_natt, !c->hooks.no_udp_encap, error);
	if (c->s_natt < 0)
		return false;

	IkeV1Config mc = {
	    .local_port = IKEV1_PORT,
	    .remote_port = IKEV1_PORT,
	    .psk = c->psk,
	    .ike_proposals = c->ike,
	    .esp_proposals = c->esp,
	    .local_id_type = c->id_type,
	    .l2tp_local_port = c->cfg.l2tp_local_port,
	    .l2tp_remote_port = c->cfg.l2tp_remote_port,
	    .ike_lifetime_s = c->cfg.ike_lifetime_s,
	    .esp_lifetime_s = c->cfg.esp_lifetime_s,
	    .pfs_group = c->pfs_group,
	    .force_encap = c->cfg.force_encap,
	    .retransmit_first_ms = c->hooks.retransmit_first_ms,
	    .retransmit_total_ms = c->cfg.retransmit_total_ms,
	    .no_dpd = c->cfg.dpd_delay_s == 0,
	    .dpd_idle_ms = c->cfg.dpd_delay_s * 1000,
	    .rng = c->hooks.rng != NULL ? c->hooks.rng : rng_openssl,
	    .rng_data = c->hooks.rng_data,
	};
	memcpy(mc.local_addr, &c->cfg.local.s_addr, 4);
	memcpy(mc.remote_addr, &c->cfg.server.s_addr, 4);
	if (c->id_data != NULL) {
		gsize len;
		mc.local_id = g_bytes_get_data(c->id_data, &len);
		mc.local_id_len = len;
	}
	if (c->rid_data != NULL) {
		gsize len;
		mc.remote_id_type = c->rid_type;
		mc.remote_id = g_bytes_get_data(c->rid_data, &len);
		mc.remote_id_len = len;
	}
	c->sa = ikev1_sa_new(&mc, error);
	if (c->sa == NULL)
		return false;
	c->src_ike = watch(c, c->s_ike, on_ike_readable);
	c->src_natt = watch(c, c->s_natt, on_natt_readable);
	c->state = CONN_RUNNING;
	c->t0_ms = (int64_t)now_ms();
	ikev1_sa_start(c->sa, (uint64_t)c->t0_ms, c->acts);
	/* a failure this early (no DH key) ends in FAILED like any other */
	const IkeV1Action *f = ikev1_actions_find(c->acts, IKEV1_ACTION_FAILED, 0);
	if (f != NULL) {
		g_propagate_error(error, g_error_copy(f->error));
		g_array_set_size(c->acts, 0);
		return false;
	}
	run_actions(c);
	return true;
}

bool
ike_connection_start(IkeConnection *c, GError **error)
{
	g_return_val_if_fail(c->state == CONN_NEW, false);
	c->ctx = g_main_context_ref_thread_default();
	if (start(c, error))
		return true;
	/* nothing stays: kernel entries, sockets; no callback */
	c->state = CONN_FINISHED;
	sockets_close(c);
	if (c->k != NULL) {
		g_autoptr(GError) undo_error = NULL;
		if (!undo_run(c, UNDO_ALL, 0, &undo_error))
			g_prefix_error(error, "%s; ", undo_error->message);
		c->kops->close(c->k);
		c->k = NULL;
	}
	c->done = true;
	return false;
}

void
ike_connection_close(IkeConnection *c)
{
	switch (c->state) {
	case CONN_NEW:
		if (c->ctx == NULL)
			c->ctx = g_main_context_ref_thread_default();
		finish(c, NULL);
		return;
	case CONN_RUNNING:
		c->state = CONN_CLOSING;
		ikev1_sa_close(c->sa, now_ms(), c->acts); /* Deletes, DELETE_ESP, CLOSED */
		if (c->running_actions)
			return; /* called from a callback: the running loop performs them */
		run_actions(c);
		finish(c, NULL); /* if the machine had nothing left to close */
		return;
	case CONN_CLOSING:
	case CONN_FINISHED:
		return;
	}
}

bool
ike_connection_is_done(const IkeConnection *c)
{
	return c->done;
}

const IkeConnectionUp *
ike_connection_get_up(const IkeConnection *c)
{
	return c->is_up ? &c->up : NULL;
}

bool
ike_connection_get_counters(IkeConnection *c, uint64_t *bytes_in, uint64_t *bytes_out,
    uint64_t *packets_in, uint64_t *packets_out, GError **error)
{
	if (!c->is_up || c->state == CONN_FINISHED || c->k == NULL)
		return l2sec_fail(
		    error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID, "IKE: no ESP SAs installed");
	XfrmSaSpec in = {.src = addr4(&c->up.server.s_addr),
	    .dst = addr4(&c->up.local.s_addr),
	    .spi = c->up.spi_in};
	XfrmSaSpec out = {.src = addr4(&c->up.local.s_addr),
	    .dst = addr4(&c->up.server.s_addr),
	    .spi = c->up.spi_out};
	uint64_t bi, bo, pi, po;
	if (!c->kops->sa_counters(c->k, &in, &bi, &pi, error) ||
	    !c->kops->sa_counters(c->k, &out, &bo, &po, error))
		return false;
	*bytes_in = bi;
	*bytes_out = bo;
	*packets_in = pi;
	*packets_out = po;
	return true;
}

void
ike_connection_free(IkeConnection *c)
{
	if (c == NULL)
		return;
	if (c->state == CONN_RUNNING) {
		send_deletes(c); /* tell the server, as close would, but without callbacks */
	}
	sockets_close(c);
	if (c->k != NULL) {
		g_autoptr(GError) error = NULL;
		if (!undo_run(c, UNDO_ALL, 0, &error))
			g_debug("IKE: %s", error->message);
		c->kops->close(c->k);
	}
	source_clear(&c->idle);
	ikev1_sa_free(c->sa);
	ikev1_actions_free(c->acts);
	g_array_unref(c->undo);
	l2sec_secret_free(c->psk);
	g_free(c->ike_text);
	g_free(c->esp_text);
	g_free(c->local_id);
	g_free(c->remote_id);
	g_free(c->pfs);
	g_clear_pointer(&c->ike, g_ptr_array_unref);
	g_clear_pointer(&c->esp, g_ptr_array_unref);
	g_clear_pointer(&c->id_data, g_bytes_unref);
	g_clear_pointer(&c->rid_data, g_bytes_unref);
	g_free(c->ike_proposal);
	g_free(c->up_ike);
	g_free(c->up_esp);
	g_clear_error(&c->final_error);
	if (c->ctx != NULL)
		g_main_context_unref(c->ctx);
	g_free(c);
}

bool
ike_connection_flush_stale(GError **error)
{
	g_autoptr(XfrmSocket) sock = xfrm_socket_open(error);
	if (sock == NULL)
		return false;
	guint n = 0;
	if (!xfrm_flush_ours(sock, &n, error))
		return false;
	if (n > 0)
		g_debug("IKE: removed %u stale SAs and policies of an earlier l2sec", n);
	return true;
}
