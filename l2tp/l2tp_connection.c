/*
 * l2tp_connection.c — the L2TP edge: socket, timer, kernel data path and pppd
 * around the sans-I/O control engine. See l2tp_connection.h.
 */
#include "config.h"

#include "l2tp/l2tp_connection.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <gio/gio.h>
#include <glib-unix.h>

#include "common/error.h"
#include "l2tp/l2tp_error.h"
#include "l2tp/l2tp_kernel.h"
#include "l2tp/l2tp_tunnel.h"

#define PPPD_STOP_TIMEOUT_MS 3000
/*
 * When the server is gone, pppd's LCP Terminate-Request goes unanswered and
 * pppd would wait out its restart timer (3 s per try): give it this long, then
 * SIGKILL (it runs no scripts: l2sec applies routes and DNS itself). Deleting
 * the kernel session first does not help: seen in the VM, pppd then tries to
 * bring the link up again until killed.
 */
#define PPPD_STOP_PEER_GONE_MS 1000
#define RECV_BUF 4096 /* control messages are far smaller; bigger ones are dropped */

struct L2tpConnection {
	/* configuration (owned copies) */
	char *server;
	uint16_t server_port;
	bool ephemeral_port;
	uint16_t local_port;
	L2secSecret *tunnel_secret;
	char *host_name;
	guint max_retries;
	int64_t hello_interval_ms;
	bool hide_avps;
	PppdLaunchConfig ppp;
	char *ppp_name, *ppp_user, *ppp_pppd_path, *ppp_plugin_path, *ppp_runtime_dir;
	L2secSecret *ppp_password;
	GStrv ppp_extra;

	L2tpConnectionCallbacks cb;
	void *user_data;
	GMainContext *context;

	int fd;
	GSource *io_source, *timer_source, *close_source;
	L2tpTunnel *tunnel;
	L2tpKernel *kernel;
	bool kernel_tunnel; /* we created the kernel tunnel */
	uint16_t kernel_tunnel_id;
	L2tpKernelPath *path; /* session + PPPoL2TP socket */
	PppdLaunch *pppd;

	int64_t t_start, t_session; /* ms, monotonic */
	uint16_t ids[4];            /* local/peer tunnel, local/peer session */
	bool running;               /* executing actions: events are queued */
	GQueue pending;             /* GBytes received while running */
	GError *pending_ppp_error;  /* pppd ended on its own: close with this */
	GError *override_error;     /* a kernel or pppd failure that caused our close */
	bool closed_reported, done, up_reported;
	bool peer_gone; /* the server hung up or went silent: no LCP Terminate-Ack will come */
	L2tpStaleTunnel stale;  /* an earlier run's tunnel, to clear */
	L2tpStaleTunnel record; /* the last one reported; local_id 0: none */
};

static int64_t
now_ms(void)
{
	return g_get_monotonic_time() / 1000;
}

static void phase(L2tpConnection *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
phase(L2tpConnection *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *line = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_debug("%s", line);
	if (c->cb.phase != NULL)
		c->cb.phase(line, c->user_data);
}

static bool
parse_server(const char *server, uint16_t port, struct sockaddr_storage *ret, socklen_t *ret_len,
    GError **error)
{
	memset(ret, 0, sizeof(*ret));
	if (server == NULL || *server == '\0')
		return l2sec_fail(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		    "L2TP connection: no server address");
	struct sockaddr_in *v4 = (struct sockaddr_in *)ret;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ret;
	if (inet_pton(AF_INET, server, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons(port);
		*ret_len = sizeof(*v4);
		return true;
	}
	if (inet_pton(AF_INET6, server, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons(port);
		*ret_len = sizeof(*v6);
		return true;
	}
	return l2sec_fail(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
	    "L2TP connection: server '%s' is not an IP address", server);
}

bool
l2tp_connection_config_check(const L2tpConnectionConfig *cfg, GError **error)
{
	struct sockaddr_storage ss;
	socklen_t len;
	if (!parse_server(cfg->server, cfg->server_port ? cfg->server_port : L2TP_CONNECTION_PORT,
		&ss, &len, error))
		return false;
	if (cfg->ppp.user == NULL || *cfg->ppp.user == '\0')
		return l2sec_fail(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		    "L2TP connection: no PPP user name");
	if (cfg->ppp.password == NULL)
		return l2sec_fail(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		    "L2TP connection: no PPP password for user %s", cfg->ppp.user);
	if (cfg->tunnel_secret != NULL && cfg->tunnel_secret->len == 0)
		return l2sec_fail(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		    "L2TP connection: the tunnel secret is empty");
	if (cfg->hide_avps && cfg->tunnel_secret == NULL)
		return l2sec_fail(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		    "L2TP connection: hiding AVPs needs a tunnel secret");
	PppdLaunchConfig p = cfg->ppp;
	if (p.name == NULL)
		p.name = "l2tp";
	g_autofree char *opts = pppd_options_render(&p, error);
	return opts != NULL;
}

L2tpConnection *
l2tp_connection_new(const L2tpConnectionConfig *cfg, const L2tpConnectionCallbacks *callbacks,
    void *user_data, GError **error)
{
	if (!l2tp_connection_config_check(cfg, error))
		return NULL;
	L2tpConnection *c = g_new0(L2tpConnection, 1);
	c->server = g_strdup(cfg->server);
	c->server_port = cfg->server_port ? cfg->server_port : L2TP_CONNECTION_PORT;
	c->ephemeral_port = cfg->ephemeral_port;
	c->local_port = cfg->local_port;
	c->tunnel_secret = cfg->tunnel_secret ? l2sec_secret_dup(cfg->tunnel_secret) : NULL;
	c->host_name = g_strdup(cfg->host_name);
	c->max_retries = cfg->max_retries;
	c->hello_interval_ms = cfg->hello_interval_ms;
	c->hide_avps = cfg->hide_avps;
	c->stale = cfg->stale;
	c->ppp = cfg->ppp;
	c->ppp_name = g_strdup(cfg->ppp.name ? cfg->ppp.name : "l2tp");
	c->ppp_user = g_strdup(cfg->ppp.user);
	c->ppp_password = l2sec_secret_dup(cfg->ppp.password);
	c->ppp_pppd_path = g_strdup(cfg->ppp.pppd_path);
	c->ppp_plugin_path = g_strdup(cfg->ppp.plugin_path);
	c->ppp_runtime_dir = g_strdup(cfg->ppp.runtime_dir);
	c->ppp_extra = g_strdupv((char **)cfg->ppp.extra);
	c->ppp.name = c->ppp_name;
	c->ppp.user = c->ppp_user;
	c->ppp.password = c->ppp_password;
	c->ppp.pppd_path = c->ppp_pppd_path;
	c->ppp.plugin_path = c->ppp_plugin_path;
	c->ppp.runtime_dir = c->ppp_runtime_dir;
	c->ppp.extra = (const char *const *)c->ppp_extra;
	if (callbacks != NULL)
		c->cb = *callbacks;
	c->user_data = user_data;
	c->context = g_main_context_ref_thread_default();
	c->fd = -1;
	g_queue_init(&c->pending);
	return c;
}

/* --- teardown pieces ------------------------------------------------------ */

static void
stop_pppd(L2tpConnection *c)
{
	if (c->pppd == NULL)
		return;
	PppdLaunch *p = g_steal_pointer(&c->pppd);
	int64_t t0 = now_ms();
	if (!pppd_launch_has_exited(p))
		pppd_launch_stop(p, c->peer_gone ? PPPD_STOP_PEER_GONE_MS : PPPD_STOP_TIMEOUT_MS);
	pppd_launch_free(p);
	g_debug("PPP: pppd stopped in %" G_GINT64_FORMAT " ms", now_ms() - t0);
}

static void
remove_session(L2tpConnection *c)
{
	stop_pppd(c);
	if (c->path != NULL) {
		l2tp_kernel_path_free(g_steal_pointer(&c->path));
		g_debug("L2TP: kernel session %u/%u deleted", c->ids[2], c->ids[3]);
	}
}

static void
remove_tunnel(L2tpConnection *c)
{
	remove_session(c);
	if (c->kernel_tunnel) {
		g_autoptr(GError) e = NULL;
		c->kernel_tunnel = false;
		if (!l2tp_kernel_tunnel_delete(c->kernel, c->kernel_tunnel_id, &e))
			g_debug("%s, ignoring", e->message);
		else
			g_debug("L2TP: kernel tunnel %u deleted", c->kernel_tunnel_id);
	}
}

static void
destroy_source(GSource **s)
{
	if (*s != NULL) {
		g_source_destroy(*s);
		g_source_unref(*s);
		*s = NULL;
	}
}

static void
close_socket(L2tpConnection *c)
{
	destroy_source(&c->io_source);
	destroy_source(&c->timer_source);
	if (c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
	}
}

/* --- executing the engine's actions ---------------------------------------- */

static void execute(L2tpConnection *c, L2tpActions *actions);
static void arm_timer(L2tpConnection *c, int64_t deadline_ms);
static void drain(L2tpConnection *c);

static gboolean
on_timer(gpointer user_data)
{
	L2tpConnection *c = user_data;
	if (c->running) {
		/* called back while actions run: try again shortly */
		arm_timer(c, now_ms() + 10);
		return G_SOURCE_REMOVE;
	}
	destroy_source(&c->timer_source);
	g_autoptr(L2tpActions) a = l2tp_actions_new();
	l2tp_tunnel_on_timer(c->tunnel, now_ms(), a);
	execute(c, a);
	return G_SOURCE_REMOVE;
}

static void
arm_timer(L2tpConnection *c, int64_t deadline_ms)
{
	destroy_source(&c->timer_source);
	if (deadline_ms == L2TP_NO_DEADLINE)
		return;
	int64_t wait = deadline_ms - now_ms();
	if (wait < 0)
		wait = 0;
	c->timer_source = g_timeout_source_new((guint)MIN(wait, (int64_t)G_MAXUINT));
	g_source_set_callback(c->timer_source, on_timer, c, NULL);
	g_source_attach(c->timer_source, c->context);
}

static void
report_closed(L2tpConnection *c, const GError *error)
{
	if (c->closed_reported)
		return;
	c->closed_reported = true;
	if (error != NULL)
		g_debug("L2TP connection: closed: %s", error->message);
	else
		g_debug("L2TP connection: closed on request");
	if (c->cb.closed != NULL)
		c->cb.closed(error, c->user_data);
}

/*
 * A failure at our edge (kernel, pppd): remember why and close the tunnel,
 * telling the server in a few words (not our error text: it may name the user).
 */
static void
fail_and_close(L2tpConnection *c, GError *error, L2tpActions *more)
{
	const char *why = error->domain == L2SEC_PPP_ERROR ? "PPP ended on the client"
			  : g_error_matches(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_KERNEL)
			      ? "the client's kernel refused the L2TP data path"
			      : "client failure";
	if (c->override_error == NULL)
		c->override_error = error;
	else
		g_error_free(error);
	l2tp_tunnel_close_failed(c->tunnel, why, now_ms(), more);
}

static void
on_pppd_event(const PppdEvent *ev, void *user_data)
{
	L2tpConnection *c = user_data;
	if (ev->type == PPPD_EVENT_PHASE) {
		g_debug("PPP: phase %s", pppd_phase_name(ev->phase));
		return;
	}
	if (ev->type != PPPD_EVENT_IP_UP || c->up_reported)
		return;
	c->up_reported = true;
	int64_t t = now_ms();
	char local[INET_ADDRSTRLEN], peer[INET_ADDRSTRLEN], dns[2][INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &ev->local, local, sizeof(local));
	inet_ntop(AF_INET, &ev->peer, peer, sizeof(peer));
	GString *d = g_string_new(NULL);
	for (unsigned i = 0; i < ev->n_dns && i < 2; i++) {
		inet_ntop(AF_INET, &ev->dns[i], dns[i], sizeof(dns[i]));
		g_string_append_printf(d, "%s%s", i ? " " : "", dns[i]);
	}
	phase(c, "PPP: %s %s peer %s, DNS %s, in %" G_GINT64_FORMAT " ms", ev->ifname, local, peer,
	    d->len ? d->str : "none", t - c->t_session);
	g_string_free(d, true);
	L2tpConnectionUp up = {
	    .ifname = ev->ifname,
	    .local = ev->local,
	    .peer = ev->peer,
	    .n_dns = MIN(ev->n_dns, 2u),
	    .local_tunnel_id = c->ids[0],
	    .peer_tunnel_id = c->ids[1],
	    .local_session_id = c->ids[2],
	    .peer_session_id = c->ids[3],
	    .l2tp_ms = c->t_session - c->t_start,
	    .connect_ms = t - c->t_start,
	};
	memcpy(up.dns, ev->dns, sizeof(up.dns));
	if (c->cb.up != NULL)
		c->cb.up(&up, c->user_data);
}

static void
on_pppd_exited(const GError *error, void *user_data)
{
	L2tpConnection *c = user_data;
	if (error == NULL)
		return; /* we stopped it */
	g_debug("PPP: pppd ended: %s", error->message);
	if (c->pending_ppp_error == NULL && c->override_error == NULL)
		c->pending_ppp_error = g_error_copy(error);
	if (!c->running)
		drain(c);
}

static void
session_up(L2tpConnection *c, const L2tpAction *a, L2tpActions *more)
{
	GError *e = NULL;
	L2tpKernelIds ids = {
	    .tunnel_id = a->local_tunnel_id,
	    .peer_tunnel_id = a->peer_tunnel_id,
	    .session_id = a->local_session_id,
	    .peer_session_id = a->peer_session_id,
	};
	c->ids[2] = a->local_session_id;
	c->ids[3] = a->peer_session_id;
	c->t_session = now_ms();
	phase(c, "L2TP: tunnel %u/%u and session %u/%u up in %" G_GINT64_FORMAT " ms",
	    a->local_tunnel_id, a->peer_tunnel_id, a->local_session_id, a->peer_session_id,
	    c->t_session - c->t_start);
	if (!c->kernel_tunnel) {
		fail_and_close(c,
		    g_error_new(L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_KERNEL,
			"L2TP: session %u/%u up without a kernel tunnel", a->local_session_id,
			a->peer_session_id),
		    more);
		return;
	}
	c->path = l2tp_kernel_path_up(c->kernel, c->fd, &ids, NULL, true, &e);
	if (c->path == NULL) {
		fail_and_close(c, e, more);
		return;
	}
	static const PppdLaunchCallbacks pcb = {on_pppd_event, on_pppd_exited};
	c->pppd = pppd_launch_start(&c->ppp, l2tp_kernel_path_pppox_fd(c->path), &pcb, c, &e);
	if (c->pppd == NULL) {
		fail_and_close(c, e, more);
		return;
	}
	g_debug("PPP: pppd %d started", (int)pppd_launch_get_pid(c->pppd));
}

static void
tunnel_up(L2tpConnection *c, const L2tpAction *a, L2tpActions *more)
{
	GError *e = NULL;
	c->ids[0] = a->local_tunnel_id;
	c->ids[1] = a->peer_tunnel_id;
	g_debug("L2TP: control connection %u/%u established in %" G_GINT64_FORMAT " ms",
	    a->local_tunnel_id, a->peer_tunnel_id, now_ms() - c->t_start);
	if (c->kernel == NULL)
		c->kernel = l2tp_kernel_open(&e);
	if (c->kernel == NULL) {
		fail_and_close(c, e, more);
		return;
	}
	if (!l2tp_kernel_tunnel_create(
		c->kernel, c->fd, a->local_tunnel_id, a->peer_tunnel_id, &e)) {
		fail_and_close(c, e, more);
		return;
	}
	c->kernel_tunnel = true;
	c->kernel_tunnel_id = a->local_tunnel_id;
}

static void
run_one(L2tpConnection *c, L2tpAction *a, L2tpActions *more)
{
	switch (a->type) {
	case L2TP_ACTION_SEND: {
		gsize len;
		const uint8_t *data = g_bytes_get_data(a->bytes, &len);
		if (c->fd < 0)
			break;
		if (send(c->fd, data, len, 0) < 0)
			g_debug("L2TP: send to %s: %s, ignoring", c->server, g_strerror(errno));
		break;
	}
	case L2TP_ACTION_TIMER:
		arm_timer(c, a->deadline_ms);
		break;
	case L2TP_ACTION_TUNNEL_UP:
		tunnel_up(c, a, more);
		break;
	case L2TP_ACTION_SESSION_UP:
		session_up(c, a, more);
		break;
	case L2TP_ACTION_SESSION_DOWN:
		remove_session(c);
		break;
	case L2TP_ACTION_CLOSED:
		/* the reason at once, then the data path, of no use once the connection is going */
		report_closed(c, c->override_error != NULL ? c->override_error : a->error);
		remove_session(c);
		break;
	case L2TP_ACTION_DONE:
		remove_tunnel(c);
		close_socket(c);
		if (!c->closed_reported)
			report_closed(c, c->override_error);
		c->done = true;
		g_debug("L2TP connection: done in %" G_GINT64_FORMAT " ms", now_ms() - c->t_start);
		if (c->cb.done != NULL)
			c->cb.done(c->user_data);
		break;
	}
}

/*
 * Run actions in order. A failure at our edge (kernel, pppd) closes the
 * engine, whose answer (CDN, StopCCN, CLOSED...) goes to `more` and runs after
 * the rest of this batch.
 */
/* Does this CLOSED say the server hung up or stopped answering? */
static bool
closed_by_peer(const L2tpAction *a)
{
	return a->type == L2TP_ACTION_CLOSED && a->error != NULL &&
	       (g_error_matches(a->error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_PEER_CLOSED) ||
		   g_error_matches(a->error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_TIMEOUT));
}

/* Tell the owner when what it must keep for a later run changed. */
static void
report_record(L2tpConnection *c)
{
	L2tpStaleTunnel r = {0}; /* stays zero when there is nothing to record */
	if (c->tunnel != NULL)
		(void)l2tp_tunnel_get_record(c->tunnel, &r);
	if (memcmp(&r, &c->record, sizeof(r)) == 0)
		return;
	c->record = r;
	if (c->cb.record != NULL)
		c->cb.record(r.local_id != 0 ? &r : NULL, c->user_data);
}

static void
execute(L2tpConnection *c, L2tpActions *actions)
{
	g_autoptr(L2tpActions) more = l2tp_actions_new();
	bool was_running = c->running;
	/* a CDN's SESSION_DOWN comes before its CLOSED: look ahead */
	for (guint i = 0; i < l2tp_actions_len(actions); i++)
		if (closed_by_peer(l2tp_actions_get(actions, i)))
			c->peer_gone = true;
	c->running = true;
	for (guint i = 0; i < l2tp_actions_len(actions) && !c->done; i++)
		run_one(c, l2tp_actions_get(actions, i), more);
	c->running = was_running;
	if (l2tp_actions_len(more) > 0 && !c->done)
		execute(c, more);
	else if (!c->running)
		drain(c);
	if (!c->running)
		report_record(c);
}

/* Events that arrived while actions ran (a callback re-entered the connection). */
static void
drain(L2tpConnection *c)
{
	while (!c->running && !c->done) {
		if (c->pending_ppp_error != NULL) {
			GError *e = g_steal_pointer(&c->pending_ppp_error);
			g_autoptr(L2tpActions) a = l2tp_actions_new();
			fail_and_close(c, e, a);
			execute(c, a);
			continue;
		}
		GBytes *b = g_queue_pop_head(&c->pending);
		if (b == NULL)
			break;
		gsize len;
		const uint8_t *data = g_bytes_get_data(b, &len);
		g_autoptr(L2tpActions) a = l2tp_actions_new();
		l2tp_tunnel_receive(c->tunnel, data, len, now_ms(), a);
		g_bytes_unref(b);
		execute(c, a);
	}
}

static gboolean
on_readable(gint fd, GIOCondition cond, gpointer user_data)
{
	L2tpConnection *c = user_data;
	uint8_t buf[RECV_BUF];
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			if (errno == EINTR)
				continue;
			/* ECONNREFUSED (ICMP port unreachable) and the like: transient */
			g_debug(
			    "L2TP: receive from %s: %s, ignoring", c->server, g_strerror(errno));
			break;
		}
		if ((size_t)n > sizeof(buf)) {
			g_debug("L2TP: a %zd-byte datagram from %s, ignoring", n, c->server);
			continue;
		}
		g_queue_push_tail(&c->pending, g_bytes_new(buf, (size_t)n));
	}
	if (!c->running)
		drain(c);
	return G_SOURCE_CONTINUE;
}

bool
l2tp_connection_start(L2tpConnection *c, GError **error)
{
	g_return_val_if_fail(c->tunnel == NULL, false);
	struct sockaddr_storage peer, local;
	socklen_t len;
	if (!parse_server(c->server, c->server_port, &peer, &len, error))
		return false;
	memset(&local, 0, sizeof(local));
	local.ss_family = peer.ss_family;
	uint16_t lport = c->local_port       ? c->local_port
			 : c->ephemeral_port ? 0
					     : L2TP_CONNECTION_PORT;
	if (peer.ss_family == AF_INET)
		((struct sockaddr_in *)&local)->sin_port = htons(lport);
	else
		((struct sockaddr_in6 *)&local)->sin6_port = htons(lport);
	if (!l2tp_kernel_udp_open(
		(struct sockaddr *)&local, (struct sockaddr *)&peer, len, &c->fd, error))
		return false;
	L2tpTunnelConfig tc;
	l2tp_tunnel_config_init(&tc);
	tc.host_name = c->host_name;
	tc.secret = c->tunnel_secret;
	if (c->max_retries > 0)
		tc.max_retries = c->max_retries;
	if (c->hello_interval_ms != 0)
		tc.hello_interval_ms = MAX(c->hello_interval_ms, 0);
	tc.hide_avps = c->hide_avps;
	tc.stale = c->stale;
	c->tunnel = l2tp_tunnel_new(&tc);
	c->io_source = g_unix_fd_source_new(c->fd, G_IO_IN);
	g_source_set_callback(c->io_source, G_SOURCE_FUNC(on_readable), c, NULL);
	g_source_attach(c->io_source, c->context);
	c->t_start = now_ms();
	g_debug("L2TP: SCCRQ to %s port %u", c->server, c->server_port);
	g_autoptr(L2tpActions) a = l2tp_actions_new();
	l2tp_tunnel_open(c->tunnel, c->t_start, a);
	execute(c, a);
	return true;
}

static gboolean
on_close(gpointer user_data)
{
	L2tpConnection *c = user_data;
	if (c->running)
		return G_SOURCE_CONTINUE;
	destroy_source(&c->close_source);
	if (c->done || c->tunnel == NULL)
		return G_SOURCE_REMOVE;
	g_autoptr(L2tpActions) a = l2tp_actions_new();
	l2tp_tunnel_close(c->tunnel, now_ms(), a);
	execute(c, a);
	return G_SOURCE_REMOVE;
}

void
l2tp_connection_close(L2tpConnection *c)
{
	if (c->done)
		return;
	if (c->tunnel == NULL) {
		/* never started: nothing to hang up */
		report_closed(c, NULL);
		c->done = true;
		if (c->cb.done != NULL)
			c->cb.done(c->user_data);
		return;
	}
	if (c->running) {
		/* from inside a callback: after the current batch */
		if (c->close_source == NULL) {
			c->close_source = g_timeout_source_new(10);
			g_source_set_callback(c->close_source, on_close, c, NULL);
			g_source_attach(c->close_source, c->context);
		}
		return;
	}
	on_close(c);
}

bool
l2tp_connection_is_done(const L2tpConnection *c)
{
	return c->done;
}

uint16_t
l2tp_connection_get_local_tunnel_id(const L2tpConnection *c)
{
	return c->tunnel ? l2tp_tunnel_get_local_id(c->tunnel) : 0;
}

uint16_t
l2tp_connection_get_peer_tunnel_id(const L2tpConnection *c)
{
	return c->tunnel ? l2tp_tunnel_get_peer_id(c->tunnel) : 0;
}

void
l2tp_connection_free(L2tpConnection *c)
{
	if (c == NULL)
		return;
	c->running = true; /* no more events from here on */
	remove_tunnel(c);
	close_socket(c);
	destroy_source(&c->close_source);
	g_clear_pointer(&c->tunnel, l2tp_tunnel_free);
	g_clear_pointer(&c->kernel, l2tp_kernel_free);
	g_queue_clear_full(&c->pending, (GDestroyNotify)g_bytes_unref);
	g_clear_error(&c->pending_ppp_error);
	g_clear_error(&c->override_error);
	g_free(c->server);
	g_free(c->host_name);
	l2sec_secret_free(c->tunnel_secret);
	l2sec_secret_free(c->ppp_password);
	g_free(c->ppp_name);
	g_free(c->ppp_user);
	g_free(c->ppp_pppd_path);
	g_free(c->ppp_plugin_path);
	g_free(c->ppp_runtime_dir);
	g_strfreev(c->ppp_extra);
	g_main_context_unref(c->context);
	g_free(c);
}
