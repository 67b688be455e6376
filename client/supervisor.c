/*
 * supervisor.c — one connection from a profile to a working tunnel
 * (supervisor.h). The order of setup and teardown is the point of this file:
 *
 *   setup:    [clean leftovers] -> IKE (outbound policy first) -> host route
 *             to the server -> L2TP + PPP -> routes -> DNS -> up
 *   teardown: DNS, routes -> L2TP hangup (through ESP) -> IKE Deletes, SAs,
 *             policies
 *
 * When IKE fails while L2TP runs, the L2TP side is dropped at once without
 * sending anything (its packets would have no SA to go through).
 */
#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>

#include "client/control.h"
#include "client/l2tp_record.h"
#include "client/netcfg.h"
#include "client/supervisor.h"
#include "common/log.h"
#include "ipsec/ike_connection.h"
#include "ipsec/ike_error.h"
#include "l2tp/l2tp_connection.h"
#include "l2tp/l2tp_error.h"

#define STEP_TIMEOUT_MS 3000     /* the most we wait for a hangup to be acknowledged */
/* the L2TP step first waits (blocking) up to 3 s for pppd to stop, then for
 * CDN/StopCCN to be acknowledged */
#define L2TP_STEP_TIMEOUT_MS (3000 + STEP_TIMEOUT_MS)
#define DEFAULT_CONNECT_TIMEOUT_S 60
#define BACKOFF_FIRST_S 1
#define BACKOFF_MAX_S 60

typedef enum {
	TEARDOWN_NONE,
	TEARDOWN_L2TP, /* waiting for l2tp `done` */
	TEARDOWN_IKE,  /* waiting for ike `done` */
} TeardownStep;

struct L2secSupervisor {
	L2secProfile *profile;
	L2secSupervisorOptions opt;
	L2secSupervisorCallbacks cb;
	void *user_data;

	L2secPhase phase;
	struct in_addr server;
	char server_text[INET_ADDRSTRLEN];
	uint16_t l2tp_port; /* our L2TP source port (profile, or picked for ephemeral) */

	IkeConnection *ike;
	L2tpConnection *l2tp;
	Netcfg *netcfg;

	/* the attempt */
	unsigned attempts;
	bool was_up;           /* up at least once: reconnects are allowed */
	bool user_disconnect;  /* l2sec_supervisor_disconnect() was called */
	GError *error;         /* why the current attempt ended (the first reason) */
	GError *last_error;    /* the last attempt's reason, for status */
	TeardownStep step;
	guint timer;           /* attempt timeout, teardown step cap, or backoff */
	guint idle;            /* advancing the teardown outside edge callbacks */
	unsigned backoff_s;
	gint64 t_attempt, t_phase, t_up_real; /* monotonic us; realtime us of up */

	/* what came up */
	IkeConnectionUp ike_up;
	char *ike_proposal, *esp_proposal;
	bool have_ppp;
	char ifname[32];
	struct in_addr local, peer, dns[2];
	unsigned n_dns;
	int64_t ike_ms, l2tp_ms, routes_ms, connect_ms;
	char *dns_method;
};

static const char *const phase_names[] = {
    [L2SEC_PHASE_IDLE] = "idle",
    [L2SEC_PHASE_IKE] = "ike",
    [L2SEC_PHASE_L2TP] = "l2tp",
    [L2SEC_PHASE_ROUTES] = "routes",
    [L2SEC_PHASE_UP] = "up",
    [L2SEC_PHASE_DISCONNECTING] = "disconnecting",
    [L2SEC_PHASE_WAITING] = "waiting",
    [L2SEC_PHASE_DOWN] = "down",
};

const char *
l2sec_phase_name(L2secPhase phase)
{
	return (size_t)phase < G_N_ELEMENTS(phase_names) ? phase_names[phase] : "?";
}

static void attempt_start(L2secSupervisor *s);
static void teardown(L2secSupervisor *s, const GError *why);
static void teardown_advance(L2secSupervisor *s);

static int64_t
elapsed_ms(gint64 since_us)
{
	return (g_get_monotonic_time() - since_us) / 1000;
}

static void
progress(L2secSupervisor *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
progress(L2secSupervisor *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *line = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	log_info("%s", line);
	if (s->cb.progress != NULL)
		s->cb.progress(line, s->user_data);
}

static void
clear_timer(L2secSupervisor *s)
{
	if (s->timer != 0) {
		g_source_remove(s->timer);
		s->timer = 0;
	}
}

/* The phase's name in messages that have none of their own. */
static const char *
phase_label(L2secPhase phase)
{
	switch (phase) {
	case L2SEC_PHASE_IKE:
		return "IKE";
	case L2SEC_PHASE_L2TP:
		return "L2TP/PPP";
	case L2SEC_PHASE_ROUTES:
		return "routes";
	default:
		return "connection";
	}
}

/* Errors that another attempt will not cure: no reconnect after them. */
static bool
error_is_final(const GError *e)
{
	if (e == NULL)
		return true;
	if (e->domain == L2SEC_IKE_ERROR)
		return e->code == L2SEC_IKE_ERROR_NO_PROPOSAL_CHOSEN ||
		       e->code == L2SEC_IKE_ERROR_AUTH_FAILED || e->code == L2SEC_IKE_ERROR_UNSUPPORTED;
	if (e->domain == L2SEC_PPP_ERROR)
		return e->code == L2SEC_PPP_ERROR_AUTH_FAILED || e->code == L2SEC_PPP_ERROR_START;
	if (e->domain == L2SEC_L2TP_ERROR)
		return e->code == L2SEC_L2TP_ERROR_AUTH_FAILED;
	if (e->domain == L2SEC_PROFILE_ERROR)
		return true;
	return false;
}

/* ---- IKE ---------------------------------------------------------------- */

static void l2tp_begin(L2secSupervisor *s);

static void
on_ike_phase(const char *line, void *user_data)
{
	progress(user_data, "%s", line);
}

static void
on_ike_up(const IkeConnectionUp *up, void *user_data)
{
	L2secSupervisor *s = user_data;
	s->ike_up = *up;
	g_free(s->ike_proposal);
	g_free(s->esp_proposal);
	s->ike_proposal = g_strdup(up->ike_proposal);
	s->esp_proposal = g_strdup(up->esp_proposal);
	s->ike_up.ike_proposal = s->ike_proposal;
	s->ike_up.esp_proposal = s->esp_proposal;
	s->ike_ms = elapsed_ms(s->t_phase);
	if (s->opt.ipsec_only) {
		s->phase = L2SEC_PHASE_UP;
		s->was_up = true;
		s->backoff_s = BACKOFF_FIRST_S;
		s->t_up_real = g_get_real_time();
		clear_timer(s);
		progress(s, "%s: IPsec up in %.2f s (--ipsec-only: no L2TP)", s->profile->name,
		    (double)elapsed_ms(s->t_attempt) / 1000.0);
		if (s->cb.up != NULL)
			s->cb.up(s->user_data);
		return;
	}
	l2tp_begin(s);
}

static void
on_ike_closed(const GError *error, void *user_data)
{
	L2secSupervisor *s = user_data;
	if (error == NULL && s->step != TEARDOWN_NONE)
		return; /* our own close */
	g_autoptr(GError) e = error != NULL
				  ? g_error_copy(error)
				  : g_error_new(L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
					"IKE: the security association ended");
	/* The SAs are gone: the L2TP side must not send anything more. */
	g_clear_pointer(&s->l2tp, l2tp_connection_free);
	teardown(s, e);
}

static void
on_ike_done(void *user_data)
{
	L2secSupervisor *s = user_data;
	if (s->step == TEARDOWN_IKE && s->idle == 0)
		s->idle = g_idle_add_once((GSourceOnceFunc)teardown_advance, s);
}

static const IkeConnectionCallbacks ike_callbacks = {
    on_ike_up,
    on_ike_closed,
    on_ike_done,
    on_ike_phase,
};

static bool
ike_begin(L2secSupervisor *s, GError **error)
{
	const L2secProfile *p = s->profile;
	IkeConnectionConfig cfg = {
	    .server = s->server,
	    .psk = p->psk,
	    .ike_proposals = p->ike_proposals,
	    .esp_proposals = p->esp_proposals,
	    .local_id = p->local_id,
	    .remote_id = p->remote_id,
	    .ike_lifetime_s = p->ike_lifetime,
	    .esp_lifetime_s = p->esp_lifetime,
	    .pfs = p->pfs,
	    .force_encap = p->nat_traversal == L2SEC_NAT_T_FORCE,
	    .dpd_delay_s = p->dpd_delay,
	    .l2tp_local_port = s->l2tp_port,
	    .l2tp_remote_port = L2TP_CONNECTION_PORT,
	};
	s->phase = L2SEC_PHASE_IKE;
	s->t_phase = g_get_monotonic_time();
	s->ike = ike_connection_new(&cfg, &ike_callbacks, s, error);
	if (s->ike == NULL)
		return false;
	if (!ike_connection_start(s->ike, error)) {
		g_clear_pointer(&s->ike, ike_connection_free);
		return false;
	}
	return true;
}

/* ---- L2TP and PPP ------------------------------------------------------- */

static void
on_l2tp_phase(const char *line, void *user_data)
{
	progress(user_data, "%s", line);
}

static bool
apply_routes(L2secSupervisor *s, GError **error)
{
	const L2secProfile *p = s->profile;
	if (p->default_route) {
		if (!netcfg_set_default_route(s->netcfg, s->ifname, error))
			return false;
	} else if (p->routes->len > 0) {
		if (!netcfg_add_routes(s->netcfg, s->ifname, p->routes, error))
			return false;
	}
	if (p->dns && p->use_peer_dns && s->n_dns > 0) {
		if (!netcfg_set_dns(s->netcfg, s->ifname, s->dns, s->n_dns, NETCFG_DNS_AUTO, error))
			return false;
		g_free(s->dns_method);
		s->dns_method = g_strdup(netcfg_dns_method_name(s->netcfg));
	}
	return true;
}

static void
on_l2tp_up(const L2tpConnectionUp *up, void *user_data)
{
	L2secSupervisor *s = user_data;
	s->have_ppp = true;
	g_strlcpy(s->ifname, up->ifname, sizeof(s->ifname));
	s->local = up->local;
	s->peer = up->peer;
	s->n_dns = MIN(up->n_dns, G_N_ELEMENTS(s->dns));
	for (unsigned i = 0; i < s->n_dns; i++)
		s->dns[i] = up->dns[i];
	s->l2tp_ms = elapsed_ms(s->t_phase);

	s->phase = L2SEC_PHASE_ROUTES;
	s->t_phase = g_get_monotonic_time();
	g_autoptr(GError) error = NULL;
	if (!apply_routes(s, &error)) {
		g_prefix_error(&error, "routes: ");
		teardown(s, error);
		return;
	}
	s->routes_ms = elapsed_ms(s->t_phase);
	s->connect_ms = elapsed_ms(s->t_attempt);
	clear_timer(s);
	s->phase = L2SEC_PHASE_UP;
	s->was_up = true;
	s->backoff_s = BACKOFF_FIRST_S;
	s->t_up_real = g_get_real_time();
	progress(s, "routes: %s%s in %" G_GINT64_FORMAT " ms",
	    s->profile->default_route ? "default route" : "split routes",
	    s->dns_method != NULL ? ", DNS" : "", s->routes_ms);
	progress(s, "%s: connected in %.2f s (IKE %.2f s, L2TP+PPP %.2f s, routes %.2f s)",
	    s->profile->name, (double)s->connect_ms / 1000.0, (double)s->ike_ms / 1000.0,
	    (double)s->l2tp_ms / 1000.0, (double)s->routes_ms / 1000.0);
	if (s->cb.up != NULL)
		s->cb.up(s->user_data);
}

static void
on_l2tp_closed(const GError *error, void *user_data)
{
	L2secSupervisor *s = user_data;
	if (error == NULL && s->step != TEARDOWN_NONE)
		return; /* our own hangup */
	g_autoptr(GError) e = error != NULL ? g_error_copy(error)
					    : g_error_new(L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_PEER_CLOSED,
						  "L2TP: the connection ended");
	teardown(s, e);
}

static void
on_l2tp_done(void *user_data)
{
	L2secSupervisor *s = user_data;
	if (s->step == TEARDOWN_L2TP && s->idle == 0)
		s->idle = g_idle_add_once((GSourceOnceFunc)teardown_advance, s);
}

/* The open tunnel, recorded for the run after a kill -9 (client/l2tp_record.h). */
static void
on_l2tp_record(const L2tpStaleTunnel *r, void *user_data)
{
	L2secSupervisor *s = user_data;
	g_autofree char *path = l2sec_run_path(s->profile->name, "l2tp");
	g_autoptr(GError) e = NULL;
	if (r == NULL)
		l2sec_l2tp_record_remove(path);
	else if (!l2sec_l2tp_record_save(path, s->server_text, r, &e))
		log_debug("L2TP: cannot record the tunnel: %s", e->message);
}

/* The tunnel an earlier run recorded for this server, if any; the record is consumed. */
static L2tpStaleTunnel
load_stale_tunnel(L2secSupervisor *s)
{
	g_autofree char *path = l2sec_run_path(s->profile->name, "l2tp");
	g_autofree char *why = NULL;
	L2tpStaleTunnel r;
	if (l2sec_l2tp_record_take(path, s->server_text, &r, &why))
		log_debug("L2TP: an earlier run left tunnel %u/%u open on %s", (unsigned)r.local_id,
		    (unsigned)r.peer_id, s->server_text);
	else if (why != NULL)
		log_debug("L2TP: record of an earlier run ignored: %s", why);
	return r;
}

static const L2tpConnectionCallbacks l2tp_callbacks = {
    on_l2tp_up,
    on_l2tp_closed,
    on_l2tp_done,
    on_l2tp_phase,
    on_l2tp_record,
};

static PppdAuth
ppp_auth(L2secPppAuth a)
{
	switch (a) {
	case L2SEC_PPP_AUTH_CHAP:
		return PPPD_AUTH_CHAP;
	case L2SEC_PPP_AUTH_PAP:
		return PPPD_AUTH_PAP;
	case L2SEC_PPP_AUTH_EAP:
		return PPPD_AUTH_EAP;
	case L2SEC_PPP_AUTH_MSCHAP_V2:
	default:
		return PPPD_AUTH_MSCHAP_V2;
	}
}

/* pppd's connection name: the profile's name when it fits [A-Za-z0-9._-]{1,64}. */
static const char *
ppp_name(const char *name)
{
	size_t len = strlen(name);
	if (len == 0 || len > 64)
		return "l2sec";
	for (size_t i = 0; i < len; i++)
		if (!g_ascii_isalnum(name[i]) && strchr("._-", name[i]) == NULL)
			return "l2sec";
	return name;
}

static void
l2tp_begin(L2secSupervisor *s)
{
	const L2secProfile *p = s->profile;
	g_autoptr(GError) error = NULL;
	/* IKE/ESP to the server must not follow a default route into the tunnel */
	if (!netcfg_add_server_route(s->netcfg, s->server, &error)) {
		g_prefix_error(&error, "routes: ");
		teardown(s, error);
		return;
	}
	L2tpConnectionConfig cfg = {
	    .server = s->server_text,
	    .local_port = s->l2tp_port,
	    .tunnel_secret = p->tunnel_secret,
	    /* hello-interval = 0 in the profile: never */
	    .hello_interval_ms = p->hello_interval > 0 ? (int64_t)p->hello_interval * 1000 : -1,
	    .ppp =
		{
		    .name = ppp_name(p->name),
		    .user = p->user,
		    .password = p->password,
		    .auth = ppp_auth(p->auth),
		    .mppe = p->mppe == L2SEC_MPPE_REQUIRED ? PPPD_MPPE_REQUIRE
			    : p->mppe == L2SEC_MPPE_YES    ? PPPD_MPPE_ACCEPT
							   : PPPD_MPPE_NO,
		    /* 0 in the profile: off / never */
		    .lcp_echo_interval = p->lcp_echo_interval ? (int)p->lcp_echo_interval : -1,
		    .lcp_echo_failure = p->lcp_echo_failure ? (int)p->lcp_echo_failure : -1,
		    .mtu = p->mtu,
		    .mru = p->mru,
		    .nat_t = s->ike_up.natt,
		    .debug = s->opt.debug,
		    .inherit_stdio = false,
		},
	    .stale = load_stale_tunnel(s),
	};
	s->phase = L2SEC_PHASE_L2TP;
	s->t_phase = g_get_monotonic_time();
	s->l2tp = l2tp_connection_new(&cfg, &l2tp_callbacks, s, &error);
	if (s->l2tp == NULL || !l2tp_connection_start(s->l2tp, &error)) {
		g_clear_pointer(&s->l2tp, l2tp_connection_free);
		teardown(s, error);
	}
}

/* ---- attempts and teardown ---------------------------------------------- */

static gboolean
on_attempt_timeout(gpointer user_data)
{
	L2secSupervisor *s = user_data;
	s->timer = 0;
	unsigned limit = s->opt.connect_timeout_s ? s->opt.connect_timeout_s : DEFAULT_CONNECT_TIMEOUT_S;
	g_autoptr(GError) e = g_error_new(G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
	    "%s: not up within %u s", phase_label(s->phase), limit);
	teardown(s, e);
	return G_SOURCE_REMOVE;
}

static gboolean
on_backoff(gpointer user_data)
{
	attempt_start(user_data);
	return G_SOURCE_REMOVE;
}

static void
finish_attempt(L2secSupervisor *s)
{
	g_clear_pointer(&s->l2tp, l2tp_connection_free);
	g_clear_pointer(&s->ike, ike_connection_free);
	g_clear_pointer(&s->netcfg, netcfg_free);
	s->have_ppp = false;
	s->step = TEARDOWN_NONE;
	g_clear_error(&s->last_error);
	s->last_error = s->error;
	s->error = NULL;
	const GError *why = s->last_error;
	if (!s->user_disconnect && s->opt.reconnect && s->was_up && !error_is_final(why)) {
		s->phase = L2SEC_PHASE_WAITING;
		progress(s, "%s: down (%s); reconnecting in %u s", s->profile->name,
		    why != NULL ? why->message : "no reason", s->backoff_s);
		s->timer = g_timeout_add_seconds(s->backoff_s, on_backoff, s);
		s->backoff_s = MIN(s->backoff_s * 2, BACKOFF_MAX_S);
		return;
	}
	s->phase = L2SEC_PHASE_DOWN;
	if (why != NULL)
		log_error("%s", why->message);
	else
		progress(s, "%s: disconnected", s->profile->name);
	if (s->cb.down != NULL)
		s->cb.down(why, s->user_data);
}

static gboolean
on_step_timeout(gpointer user_data)
{
	L2secSupervisor *s = user_data;
	s->timer = 0;
	log_debug("teardown: step %d not acknowledged in time, going on", (int)s->step);
	teardown_advance(s);
	return G_SOURCE_REMOVE;
}

/* One step further: L2TP hung up (or dropped), then IKE, then the end. */
static void
teardown_advance(L2secSupervisor *s)
{
	s->idle = 0;
	clear_timer(s);
	if (s->step == TEARDOWN_L2TP) {
		g_clear_pointer(&s->l2tp, l2tp_connection_free);
		s->step = TEARDOWN_IKE;
		if (s->ike != NULL && !ike_connection_is_done(s->ike)) {
			s->timer = g_timeout_add(STEP_TIMEOUT_MS, on_step_timeout, s);
			ike_connection_close(s->ike);
			return;
		}
	}
	if (s->step == TEARDOWN_IKE && s->ike != NULL && !ike_connection_is_done(s->ike) &&
	    s->timer != 0)
		return;
	finish_attempt(s);
}

static void
teardown(L2secSupervisor *s, const GError *why)
{
	if (why != NULL && s->error == NULL)
		s->error = g_error_copy(why);
	if (s->step != TEARDOWN_NONE || s->phase == L2SEC_PHASE_DOWN || s->phase == L2SEC_PHASE_WAITING)
		return;
	clear_timer(s);
	L2secPhase was = s->phase;
	s->phase = L2SEC_PHASE_DISCONNECTING;
	if (why != NULL)
		log_debug("teardown after %s: %s", phase_label(was), why->message);
	/* DNS and routes first: the system stops sending into the tunnel */
	if (s->netcfg != NULL)
		netcfg_restore(s->netcfg);
	s->step = TEARDOWN_L2TP;
	if (s->l2tp != NULL && !l2tp_connection_is_done(s->l2tp)) {
		s->timer = g_timeout_add(L2TP_STEP_TIMEOUT_MS, on_step_timeout, s);
		l2tp_connection_close(s->l2tp);
		return;
	}
	if (s->idle == 0)
		s->idle = g_idle_add_once((GSourceOnceFunc)teardown_advance, s);
}

static bool
resolve_server(L2secSupervisor *s, GError **error)
{
	const L2secProfile *p = s->profile;
	switch (p->gateway_kind) {
	case L2SEC_GATEWAY_IPV4:
		if (inet_pton(AF_INET, p->gateway, &s->server) != 1) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
			    "gateway '%s' is not an IPv4 address", p->gateway);
			return false;
		}
		break;
	case L2SEC_GATEWAY_IPV6:
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
		    "gateway %s: IPv6 gateways are not supported yet", p->gateway);
		return false;
	case L2SEC_GATEWAY_HOSTNAME:
	default: {
		g_autoptr(GResolver) r = g_resolver_get_default();
		GList *addrs = g_resolver_lookup_by_name_with_flags(
		    r, p->gateway, G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY, NULL, error);
		if (addrs == NULL) {
			g_prefix_error(error, "gateway %s: ", p->gateway);
			return false;
		}
		GInetAddress *a = addrs->data;
		memcpy(&s->server, g_inet_address_to_bytes(a), 4);
		g_resolver_free_addresses(addrs);
		break;
	}
	}
	inet_ntop(AF_INET, &s->server, s->server_text, sizeof(s->server_text));
	return true;
}

/*
 * source-port = ephemeral: Quick Mode must name the port the L2TP socket will
 * use (the SA's selector; the outbound policy covers any port, but only the
 * selector's port finds the SA). Ask the kernel for a free one; the L2TP socket
 * binds it a moment later (should another program take it in between, that
 * attempt fails on bind and the next picks another).
 */
static bool
pick_l2tp_port(L2secSupervisor *s, GError **error)
{
	if (s->profile->source_port != 0) {
		s->l2tp_port = s->profile->source_port;
		return true;
	}
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t len = sizeof(a);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e),
		    "L2TP: no ephemeral UDP port for source-port = ephemeral: %s", g_strerror(e));
		return false;
	}
	close(fd);
	s->l2tp_port = ntohs(a.sin_port);
	log_debug("L2TP: source port %u (ephemeral)", (unsigned)s->l2tp_port);
	return true;
}

/* One attempt, the server resolved already (by l2sec_supervisor_start(), or
 * again by attempt_start() before a reconnect). */
static bool
attempt_prepare(L2secSupervisor *s, GError **error)
{
	if (!pick_l2tp_port(s, error))
		return false;
	g_autofree char *state = l2sec_run_path(s->profile->name, "netcfg");
	/* what an earlier attempt could not undo (netcfg_new refuses an existing state file) */
	g_autoptr(GError) left = NULL;
	bool found = false;
	if (!netcfg_recover(state, &found, &left))
		log_warning("routes and DNS of the last attempt: %s", left->message);
	s->netcfg = netcfg_new(state, error);
	if (s->netcfg == NULL)
		return false;
	s->t_attempt = g_get_monotonic_time();
	unsigned limit = s->opt.connect_timeout_s ? s->opt.connect_timeout_s : DEFAULT_CONNECT_TIMEOUT_S;
	s->timer = g_timeout_add_seconds(limit, on_attempt_timeout, s);
	return ike_begin(s, error);
}

static void
attempt_start(L2secSupervisor *s)
{
	s->timer = 0;
	s->attempts++;
	g_autoptr(GError) error = NULL;
	if (s->attempts > 1)
		progress(s, "%s: attempt %u", s->profile->name, s->attempts);
	/* the server's address may have changed since the last attempt */
	if (!resolve_server(s, &error) || !attempt_prepare(s, &error)) {
		clear_timer(s);
		s->phase = L2SEC_PHASE_DISCONNECTING;
		s->step = TEARDOWN_IKE;
		if (s->error == NULL)
			s->error = g_steal_pointer(&error);
		finish_attempt(s);
	}
}

/* Another profile is connected: its SAs must stay. */
static bool
other_connection_running(const char *name)
{
	g_autoptr(GPtrArray) running = l2sec_control_running();
	for (guint i = 0; i < running->len; i++)
		if (strcmp(running->pdata[i], name) != 0)
			return true;
	return false;
}

/* What a run killed with -9 left behind: its routes and DNS, and its SAs. */
static void
clean_leftovers(L2secSupervisor *s)
{
	g_autofree char *state = l2sec_run_path(s->profile->name, "netcfg");
	g_autoptr(GError) error = NULL;
	bool found = false;
	if (!netcfg_recover(state, &found, &error))
		log_warning("cleaning up after an earlier run: %s", error->message);
	else if (found)
		progress(s, "%s: removed the routes and DNS settings an earlier run left",
		    s->profile->name);
	g_clear_error(&error);
	if (other_connection_running(s->profile->name))
		return;
	if (!ike_connection_flush_stale(&error))
		log_warning("cleaning up after an earlier run: %s", error->message);
}

L2secSupervisor *
l2sec_supervisor_new(L2secProfile *profile, const L2secSupervisorOptions *options,
    const L2secSupervisorCallbacks *callbacks, void *user_data)
{
	L2secSupervisor *s = g_new0(L2secSupervisor, 1);
	s->profile = profile;
	if (options != NULL)
		s->opt = *options;
	if (callbacks != NULL)
		s->cb = *callbacks;
	s->user_data = user_data;
	s->phase = L2SEC_PHASE_IDLE;
	s->backoff_s = BACKOFF_FIRST_S;
	return s;
}

bool
l2sec_supervisor_start(L2secSupervisor *s, GError **error)
{
	const L2secProfile *p = s->profile;
	if (p->psk == NULL) {
		g_set_error(error, L2SEC_PROFILE_ERROR, L2SEC_PROFILE_ERROR_MISSING,
		    "%s: no pre-shared key (psk or psk-file in [ipsec])", p->name);
		return false;
	}
	if (!s->opt.ipsec_only && p->password == NULL) {
		g_set_error(error, L2SEC_PROFILE_ERROR, L2SEC_PROFILE_ERROR_MISSING,
		    "%s: no PPP password (password or password-file in [ppp])", p->name);
		return false;
	}
	/* a gateway that does not resolve fails here, before anything is touched */
	gint64 t0 = g_get_monotonic_time();
	if (!resolve_server(s, error))
		return false;
	clean_leftovers(s);
	log_debug("start: server %s resolved, earlier runs' leftovers checked in %" G_GINT64_FORMAT
		  " ms",
	    s->server_text, (g_get_monotonic_time() - t0) / 1000);
	s->attempts = 1;
	if (!attempt_prepare(s, error)) {
		clear_timer(s);
		g_clear_pointer(&s->ike, ike_connection_free);
		g_clear_pointer(&s->netcfg, netcfg_free);
		s->phase = L2SEC_PHASE_DOWN;
		return false;
	}
	return true;
}

void
l2sec_supervisor_disconnect(L2secSupervisor *s)
{
	s->user_disconnect = true;
	if (s->phase == L2SEC_PHASE_WAITING) {
		clear_timer(s);
		s->phase = L2SEC_PHASE_DISCONNECTING;
		g_clear_error(&s->last_error);
		finish_attempt(s);
		return;
	}
	if (s->phase == L2SEC_PHASE_DOWN || s->step != TEARDOWN_NONE)
		return;
	teardown(s, NULL);
}

L2secPhase
l2sec_supervisor_get_phase(const L2secSupervisor *s)
{
	return s->phase;
}

/* ---- status -------------------------------------------------------------- */

void
l2sec_json_append_string(GString *out, const char *s)
{
	g_string_append_c(out, '"');
	for (const unsigned char *c = (const unsigned char *)(s ? s : ""); *c != '\0'; c++) {
		switch (*c) {
		case '"':
			g_string_append(out, "\\\"");
			break;
		case '\\':
			g_string_append(out, "\\\\");
			break;
		case '\n':
			g_string_append(out, "\\n");
			break;
		case '\r':
			g_string_append(out, "\\r");
			break;
		case '\t':
			g_string_append(out, "\\t");
			break;
		default:
			if (*c < 0x20)
				g_string_append_printf(out, "\\u%04x", *c);
			else
				g_string_append_c(out, (char)*c);
		}
	}
	g_string_append_c(out, '"');
}

static uint64_t
iface_counter(const char *ifname, const char *counter)
{
	g_autofree char *path = g_strdup_printf("/sys/class/net/%s/statistics/%s", ifname, counter);
	g_autofree char *text = NULL;
	if (!g_file_get_contents(path, &text, NULL, NULL))
		return 0;
	return g_ascii_strtoull(text, NULL, 10);
}

typedef struct Snapshot {
	bool ppp, ike;
	uint64_t rx, tx;
	uint64_t esp_in, esp_out, esp_pin, esp_pout;
	bool have_esp;
	int64_t uptime_s;
	char local[INET_ADDRSTRLEN], peer[INET_ADDRSTRLEN], dns[2][INET_ADDRSTRLEN];
} Snapshot;

static void
snapshot(L2secSupervisor *s, Snapshot *n)
{
	memset(n, 0, sizeof(*n));
	n->ike = s->ike_proposal != NULL &&
		 (s->phase == L2SEC_PHASE_UP || s->phase == L2SEC_PHASE_L2TP ||
		     s->phase == L2SEC_PHASE_ROUTES);
	n->ppp = s->have_ppp;
	if (n->ppp) {
		n->rx = iface_counter(s->ifname, "rx_bytes");
		n->tx = iface_counter(s->ifname, "tx_bytes");
		inet_ntop(AF_INET, &s->local, n->local, sizeof(n->local));
		inet_ntop(AF_INET, &s->peer, n->peer, sizeof(n->peer));
		for (unsigned i = 0; i < s->n_dns; i++)
			inet_ntop(AF_INET, &s->dns[i], n->dns[i], sizeof(n->dns[i]));
	}
	if (n->ike && s->ike != NULL)
		n->have_esp = ike_connection_get_counters(
		    s->ike, &n->esp_in, &n->esp_out, &n->esp_pin, &n->esp_pout, NULL);
	if (s->phase == L2SEC_PHASE_UP)
		n->uptime_s = (g_get_real_time() - s->t_up_real) / G_USEC_PER_SEC;
}

char *
l2sec_supervisor_status_json(L2secSupervisor *s)
{
	Snapshot n;
	snapshot(s, &n);
	GString *o = g_string_new("{\"name\":");
	l2sec_json_append_string(o, s->profile->name);
	g_string_append(o, ",\"state\":");
	l2sec_json_append_string(o, l2sec_phase_name(s->phase));
	g_string_append_printf(o, ",\"pid\":%d,\"attempts\":%u", (int)getpid(), s->attempts);
	g_string_append(o, ",\"gateway\":");
	l2sec_json_append_string(o, s->profile->gateway);
	g_string_append(o, ",\"server\":");
	l2sec_json_append_string(o, s->server_text);
	g_string_append_printf(o, ",\"uptime_s\":%" G_GINT64_FORMAT, n.uptime_s);
	if (n.ike) {
		g_string_append(o, ",\"ike\":{\"proposal\":");
		l2sec_json_append_string(o, s->ike_proposal);
		g_string_append_printf(o, ",\"nat_t\":%s,\"phase1_ms\":%" G_GINT64_FORMAT
					  ",\"phase2_ms\":%" G_GINT64_FORMAT "}",
		    s->ike_up.natt ? "true" : "false", s->ike_up.phase1_ms, s->ike_up.phase2_ms);
		g_string_append(o, ",\"esp\":{\"proposal\":");
		l2sec_json_append_string(o, s->esp_proposal);
		g_string_append_printf(o, ",\"spi_in\":\"%08x\",\"spi_out\":\"%08x\"", s->ike_up.spi_in,
		    s->ike_up.spi_out);
		if (n.have_esp)
			g_string_append_printf(o,
			    ",\"bytes_in\":%" G_GUINT64_FORMAT ",\"bytes_out\":%" G_GUINT64_FORMAT
			    ",\"packets_in\":%" G_GUINT64_FORMAT ",\"packets_out\":%" G_GUINT64_FORMAT,
			    n.esp_in, n.esp_out, n.esp_pin, n.esp_pout);
		g_string_append_c(o, '}');
	}
	if (n.ppp) {
		g_string_append(o, ",\"interface\":");
		l2sec_json_append_string(o, s->ifname);
		g_string_append(o, ",\"local_address\":");
		l2sec_json_append_string(o, n.local);
		g_string_append(o, ",\"peer_address\":");
		l2sec_json_append_string(o, n.peer);
		g_string_append(o, ",\"dns\":[");
		for (unsigned i = 0; i < s->n_dns; i++) {
			if (i > 0)
				g_string_append_c(o, ',');
			l2sec_json_append_string(o, n.dns[i]);
		}
		g_string_append(o, "],\"dns_method\":");
		if (s->dns_method != NULL)
			l2sec_json_append_string(o, s->dns_method);
		else
			g_string_append(o, "null");
		g_string_append_printf(o,
		    ",\"default_route\":%s,\"bytes_in\":%" G_GUINT64_FORMAT
		    ",\"bytes_out\":%" G_GUINT64_FORMAT,
		    s->profile->default_route ? "true" : "false", n.rx, n.tx);
		g_string_append_printf(o,
		    ",\"connect_ms\":%" G_GINT64_FORMAT ",\"ike_ms\":%" G_GINT64_FORMAT
		    ",\"l2tp_ms\":%" G_GINT64_FORMAT,
		    s->connect_ms, s->ike_ms, s->l2tp_ms);
	}
	g_string_append(o, ",\"last_error\":");
	if (s->last_error != NULL)
		l2sec_json_append_string(o, s->last_error->message);
	else
		g_string_append(o, "null");
	g_string_append(o, "}\n");
	return g_string_free(o, FALSE);
}

static void
format_bytes(char *buf, size_t size, uint64_t b)
{
	g_autofree char *s = g_format_size_full(b, G_FORMAT_SIZE_IEC_UNITS);
	g_strlcpy(buf, s, size);
}

char *
l2sec_supervisor_status_text(L2secSupervisor *s)
{
	Snapshot n;
	snapshot(s, &n);
	GString *o = g_string_new(NULL);
	g_string_append_printf(o, "%s: %s", s->profile->name, l2sec_phase_name(s->phase));
	if (s->phase == L2SEC_PHASE_UP)
		g_string_append_printf(o, " for %" G_GINT64_FORMAT ":%02d:%02d", n.uptime_s / 3600,
		    (int)(n.uptime_s / 60 % 60), (int)(n.uptime_s % 60));
	g_string_append_printf(o, " (process %d)\n", (int)getpid());
	g_string_append_printf(o, "  server     %s", s->server_text);
	if (strcmp(s->server_text, s->profile->gateway) != 0)
		g_string_append_printf(o, " (%s)", s->profile->gateway);
	g_string_append_c(o, '\n');
	if (n.ppp) {
		g_string_append_printf(o, "  interface  %s %s peer %s\n", s->ifname, n.local, n.peer);
		if (s->n_dns > 0) {
			g_string_append(o, "  DNS        ");
			for (unsigned i = 0; i < s->n_dns; i++)
				g_string_append_printf(o, "%s%s", i ? ", " : "", n.dns[i]);
			g_string_append_printf(o, " (%s)\n", s->dns_method ? s->dns_method : "not applied");
		}
		g_string_append_printf(o, "  routes     %s\n",
		    s->profile->default_route ? "all traffic (default route)" : "split");
	}
	if (n.ike) {
		g_string_append_printf(o, "  IKE        %s, NAT-T %s\n", s->ike_proposal,
		    s->ike_up.natt ? "yes" : "no");
		g_string_append_printf(o, "  ESP        %s, SPIs %08x/%08x\n", s->esp_proposal,
		    s->ike_up.spi_in, s->ike_up.spi_out);
	}
	if (n.ppp) {
		char in[32], out[32];
		format_bytes(in, sizeof(in), n.rx);
		format_bytes(out, sizeof(out), n.tx);
		g_string_append_printf(o, "  traffic    in %s, out %s\n", in, out);
	}
	if (s->last_error != NULL)
		g_string_append_printf(o, "  last error %s\n", s->last_error->message);
	return g_string_free(o, FALSE);
}

void
l2sec_supervisor_free(L2secSupervisor *s)
{
	if (s == NULL)
		return;
	clear_timer(s);
	if (s->idle != 0)
		g_source_remove(s->idle);
	/* synchronous: L2TP dropped (pppd stopped, kernel objects removed), then IKE */
	g_clear_pointer(&s->netcfg, netcfg_free);
	g_clear_pointer(&s->l2tp, l2tp_connection_free);
	g_clear_pointer(&s->ike, ike_connection_free);
	g_clear_error(&s->error);
	g_clear_error(&s->last_error);
	g_free(s->ike_proposal);
	g_free(s->esp_proposal);
	g_free(s->dns_method);
	l2sec_profile_free(s->profile);
	g_free(s);
}
