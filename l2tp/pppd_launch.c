/* pppd_launch.c — see pppd_launch.h. The only file that starts pppd. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <poll.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#include "common/error.h"
#include "l2tp/l2tp_error.h"
#include "l2tp/pppd_launch.h"

/* SIGKILL cannot be refused; this only bounds a wait on a wedged kernel */
#define PPPD_KILL_WAIT_MS 5000

struct PppdLaunch {
	GMainContext *ctx;
	GSubprocess *proc;
	GCancellable *cancel;
	pid_t pid;
	int status_fd; /* our end of the socketpair; -1 once closed */
	GSource *status_source;
	PppdLineReader reader;
	char *options_path;
	char *user;
	PppdLaunchCallbacks cb;
	void *user_data;
	bool auth_failed; /* the plugin said so */
	bool stopping;    /* we asked pppd to stop */
	bool exited;
};

static void
status_close(PppdLaunch *l)
{
	if (l->status_source != NULL) {
		g_source_destroy(l->status_source);
		g_source_unref(l->status_source);
		l->status_source = NULL;
	}
	if (l->status_fd >= 0) {
		close(l->status_fd);
		l->status_fd = -1;
	}
}

static void
on_line(const char *line, size_t len, unsigned line_no, void *user_data)
{
	PppdLaunch *l = user_data;
	g_autoptr(GError) error = NULL;
	PppdEvent ev;
	if (!pppd_status_parse_line(line, len, &ev, &error)) {
		g_debug("%s (line %u), ignoring", error->message, line_no);
		return;
	}
	if (ev.type == PPPD_EVENT_UNKNOWN) {
		g_debug("pppd plugin: unknown event '%.*s' (line %u), ignoring", (int)len, line,
		    line_no);
		return;
	}
	if (ev.type == PPPD_EVENT_AUTH_FAILED)
		l->auth_failed = true;
	if (l->cb.event != NULL)
		l->cb.event(&ev, l->user_data);
}

/* Read what the plugin wrote; false at end of stream or on an error. */
static bool
status_drain(PppdLaunch *l)
{
	char buf[512];
	for (;;) {
		ssize_t n = read(l->status_fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return true;
		if (n < 0) {
			g_debug("PPP: reading pppd's plugin: %s", g_strerror(errno));
			return false;
		}
		if (n == 0)
			return false;
		g_autoptr(GError) error = NULL;
		if (!pppd_line_reader_push(&l->reader, buf, (size_t)n, on_line, l, &error)) {
			g_debug("%s; no more events from pppd", error->message);
			return false;
		}
	}
}

static gboolean
on_status_readable(int fd, GIOCondition cond, gpointer user_data)
{
	PppdLaunch *l = user_data;
	if (status_drain(l))
		return G_SOURCE_CONTINUE;
	/* our source is being removed by returning REMOVE: forget it, then close */
	g_source_unref(l->status_source);
	l->status_source = NULL;
	close(l->status_fd);
	l->status_fd = -1;
	return G_SOURCE_REMOVE;
}

static void
remove_options(PppdLaunch *l)
{
	if (l->options_path != NULL && g_unlink(l->options_path) < 0 && errno != ENOENT)
		g_debug("PPP: cannot remove %s: %s, ignoring", l->options_path, g_strerror(errno));
}

static void handle_exit(PppdLaunch *l);

static void
on_wait_done(GObject *source, GAsyncResult *res, gpointer user_data)
{
	PppdLaunch *l = user_data;
	g_autoptr(GError) werr = NULL;
	if (!g_subprocess_wait_finish(G_SUBPROCESS(source), res, &werr)) {
		/* only when cancelled, which pppd_launch_free() does: l is gone */
		g_debug("PPP: waiting for pppd: %s", werr->message);
		return;
	}
	if (!l->exited) /* else wait_exit() handled it already */
		handle_exit(l);
}

/* pppd has ended and been reaped: report it (once). */
static void
handle_exit(PppdLaunch *l)
{
	/* events pppd wrote before it ended come first */
	if (l->status_fd >= 0)
		status_drain(l);
	status_close(l);
	remove_options(l);
	l->exited = true;

	g_autoptr(GError) error = NULL;
	int status = -1;
	if (g_subprocess_get_if_exited(l->proc)) {
		status = g_subprocess_get_exit_status(l->proc);
		g_debug("PPP: pppd %d exited with status %d (%s)", (int)l->pid, status,
		    pppd_exit_status_describe(status));
	} else if (g_subprocess_get_if_signaled(l->proc)) {
		g_debug("PPP: pppd %d killed by signal %d", (int)l->pid,
		    g_subprocess_get_term_sig(l->proc));
	}
	l->pid = 0;
	if (l->auth_failed || status == 19 /* EXIT_AUTH_TOPEER_FAILED */) {
		g_set_error(&error, L2SEC_PPP_ERROR, L2SEC_PPP_ERROR_AUTH_FAILED,
		    "PPP: authentication failed for user %s", l->user);
	} else if (l->stopping) {
		/* asked for: no error */
	} else if (status >= 0) {
		g_set_error(&error, L2SEC_PPP_ERROR, pppd_exit_status_error_code(status),
		    "PPP: pppd ended: %s (exit status %d)", pppd_exit_status_describe(status),
		    status);
	} else {
		g_set_error(&error, L2SEC_PPP_ERROR, L2SEC_PPP_ERROR_EXITED,
		    "PPP: pppd was killed by signal %d (%s)", g_subprocess_get_term_sig(l->proc),
		    g_strsignal(g_subprocess_get_term_sig(l->proc)));
	}
	if (l->cb.exited != NULL)
		l->cb.exited(error, l->user_data);
}

/* Write the whole credentials record on a blocking socket. */
static bool
send_all(int fd, const uint8_t *p, size_t n, GError **error)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			int e = errno;
			return l2sec_fail(error, L2SEC_PPP_ERROR, L2SEC_PPP_ERROR_START,
			    "PPP: cannot hand the credentials to pppd's plugin: %s", g_strerror(e));
		}
		p += w;
		n -= (size_t)w;
	}
	return true;
}

static pid_t parent_pid;

/*
 * /etc/ppp scripts pppd runs with no option to move them (pppd 2.4.9): it waits
 * for ip-pre-up (0.35 s of a 1.1 s connection in the lab VM), and Debian's
 * ipv6-up.d hooks are no business of an l2sec connection either (ip-up and
 * ip-down are moved by options: see pppd_options.c). pppd skips a script that
 * is not a regular file: in a mount namespace of pppd's own, /dev/null covers
 * the ones that exist. Best effort: without CAP_SYS_ADMIN they just run.
 */
static const char *const hidden_scripts[] = {
    "/etc/ppp/ip-pre-up",
    "/etc/ppp/ipv6-up",
    "/etc/ppp/ipv6-down",
};
static bool hide_script[G_N_ELEMENTS(hidden_scripts)];

/* In the child, before exec (async-signal-safe calls only): SIGTERM when l2sec
 * dies, however it dies (PR_SET_PDEATHSIG); if it died already, between fork and
 * here, go at once. Then hide the scripts above. */
static void
pppd_child_setup(gpointer user_data)
{
	(void)user_data;
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent_pid)
		_exit(127);
	bool any = false;
	for (size_t i = 0; i < G_N_ELEMENTS(hidden_scripts); i++)
		any = any || hide_script[i];
	if (!any || unshare(CLONE_NEWNS) != 0)
		return;
	/* our mounts must not propagate back to the system's namespace */
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) != 0)
		return;
	for (size_t i = 0; i < G_N_ELEMENTS(hidden_scripts); i++)
		if (hide_script[i])
			(void)mount("/dev/null", hidden_scripts[i], NULL, MS_BIND, NULL);
}

PppdLaunch *
pppd_launch_start(const PppdLaunchConfig *cfg, int pppox_fd, const PppdLaunchCallbacks *callbacks,
    void *user_data, GError **error)
{
	g_autofree char *options = pppd_options_render(cfg, error);
	if (options == NULL)
		return NULL;
	g_autoptr(L2secSecret) cred = pppd_credentials_encode(cfg->user, cfg->password, error);
	if (cred == NULL)
		return NULL;

	g_autoptr(PppdLaunch) l = g_new0(PppdLaunch, 1);
	l->status_fd = -1;
	l->exited = true; /* nothing to stop until pppd runs */
	l->user = g_strdup(cfg->user);
	if (callbacks != NULL)
		l->cb = *callbacks;
	l->user_data = user_data;
	pppd_line_reader_init(&l->reader);
	l->options_path = pppd_options_path(cfg);
	if (!pppd_options_write(l->options_path, options, error)) {
		g_clear_pointer(&l->options_path, g_free); /* not ours to remove */
		return NULL;
	}

	int sp[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) < 0) {
		int e = errno;
		l2sec_fail(error, L2SEC_PPP_ERROR, L2SEC_PPP_ERROR_START,
		    "PPP: cannot create the socketpair for pppd's plugin: %s", g_strerror(e));
		return NULL;
	}
	l->status_fd = sp[0];
	/* the socket buffer holds the record: written before pppd exists, read when it parses
	 * l2sec-fd */
	if (!send_all(sp[0], cred->data, cred->len, error)) {
		close(sp[1]);
		return NULL;
	}
	int pppox_dup = fcntl(pppox_fd, F_DUPFD_CLOEXEC, 3);
	if (pppox_dup < 0) {
		int e = errno;
		close(sp[1]);
		l2sec_fail(error, L2SEC_PPP_ERROR, L2SEC_PPP_ERROR_START,
		    "PPP: cannot duplicate the PPPoL2TP socket %d: %s", pppox_fd, g_strerror(e));
		return NULL;
	}

	GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDIN_INHERIT;
	if (!cfg->inherit_stdio)
		flags |= G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE;
	g_autoptr(GSubprocessLauncher) sl = g_subprocess_launcher_new(flags);
	/* pppd must not outlive l2sec (kill -9 of l2sec: no orphan pppd holding the link) */
	parent_pid = getpid();
	for (size_t i = 0; i < G_N_ELEMENTS(hidden_scripts); i++)
		hide_script[i] = g_file_test(hidden_scripts[i], G_FILE_TEST_IS_REGULAR);
	g_subprocess_launcher_set_child_setup(sl, pppd_child_setup, NULL, NULL);
	/* nothing of ours in pppd's environment (and no secret there, ever) */
	const char *const env[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL};
	g_subprocess_launcher_set_environ(sl, (char **)env);
	/* the launcher closes every other descriptor in the child, and these two in us */
	g_subprocess_launcher_take_fd(sl, pppox_dup, PPPD_PPPOX_FD);
	g_subprocess_launcher_take_fd(sl, sp[1], PPPD_STATUS_FD);
	g_auto(GStrv) argv = pppd_argv_build(cfg, l->options_path);
	g_autoptr(GError) serr = NULL;
	l->proc = g_subprocess_launcher_spawnv(sl, (const char *const *)argv, &serr);
	g_clear_object(&sl); /* closes our copies of fds 3 and 4 */
	if (l->proc == NULL) {
		l2sec_fail(error, L2SEC_PPP_ERROR, L2SEC_PPP_ERROR_START,
		    "PPP: cannot start %s: %s", argv[0], serr->message);
		return NULL;
	}
	const char *id = g_subprocess_get_identifier(l->proc);
	/* NULL when GLib has reaped it already (a pppd that failed at once): pid 0 */
	l->pid = id ? (pid_t)atoi(id) : 0;
	l->exited = false;
	g_debug("PPP: started %s as %d, options %s", argv[0], (int)l->pid, l->options_path);

	g_unix_set_fd_nonblocking(l->status_fd, TRUE, NULL);
	l->ctx = g_main_context_ref_thread_default();
	l->status_source = g_unix_fd_source_new(l->status_fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
	g_source_set_callback(l->status_source, G_SOURCE_FUNC(on_status_readable), l, NULL);
	g_source_attach(l->status_source, l->ctx);
	l->cancel = g_cancellable_new();
	g_subprocess_wait_async(l->proc, l->cancel, on_wait_done, l);
	return g_steal_pointer(&l);
}

pid_t
pppd_launch_get_pid(const PppdLaunch *l)
{
	return l->pid;
}

const char *
pppd_launch_get_options_path(const PppdLaunch *l)
{
	return l->options_path;
}

bool
pppd_launch_has_exited(const PppdLaunch *l)
{
	return l->exited;
}

/* Block until process PID has terminated or timeout_ms passed, dispatching
 * nothing: a nested main loop here would run the callers' timers and I/O in
 * the middle of their own teardown (the supervisor once removed the XFRM
 * policy while pppd, still stopping, sent its LCP Terminate-Request). */
static bool
pid_wait_terminated(pid_t pid, unsigned timeout_ms)
{
	if (pid <= 0)
		return true; /* reaped before pppd_launch_start() read the pid */
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0)
		return errno == ESRCH; /* reaped already */
	struct pollfd p = {.fd = fd, .events = POLLIN};
	int64_t deadline = g_get_monotonic_time() + (int64_t)timeout_ms * 1000;
	int r;
	for (;;) {
		int64_t left = (deadline - g_get_monotonic_time()) / 1000;
		r = poll(&p, 1, left > 0 ? (int)left : 0);
		if (r >= 0 || errno != EINTR)
			break;
	}
	close(fd);
	return r > 0;
}

/* Wait (without dispatching anything) until pppd has ended or timeout_ms
 * passed; true if it ended, and then its exit has been handled. */
static bool
wait_exit(PppdLaunch *l, unsigned timeout_ms)
{
	if (l->exited)
		return true;
	if (!pid_wait_terminated(l->pid, timeout_ms))
		return false;
	/* GSubprocess reaps in GLib's worker thread; g_subprocess_wait() waits for
	 * that in a private context of its own */
	g_autoptr(GError) e = NULL;
	if (!g_subprocess_wait(l->proc, NULL, &e))
		g_debug("PPP: waiting for pppd %d: %s", (int)l->pid, e->message);
	handle_exit(l);
	return true;
}

void
pppd_launch_stop(PppdLaunch *l, unsigned timeout_ms)
{
	if (!l->exited) {
		l->stopping = true;
		g_debug("PPP: stopping pppd %d", (int)l->pid);
		g_subprocess_send_signal(l->proc, SIGTERM);
		if (!wait_exit(l, timeout_ms)) {
			g_debug("PPP: pppd %d did not stop in %u ms, killing it", (int)l->pid,
			    timeout_ms);
			g_subprocess_force_exit(l->proc);
			if (!wait_exit(l, PPPD_KILL_WAIT_MS))
				g_warning("PPP: pppd %d survived SIGKILL for %u ms", (int)l->pid,
				    PPPD_KILL_WAIT_MS);
		}
	}
	remove_options(l);
}

void
pppd_launch_free(PppdLaunch *l)
{
	if (l == NULL)
		return;
	if (!l->exited)
		pppd_launch_stop(l, 3000);
	status_close(l);
	if (l->cancel != NULL)
		g_cancellable_cancel(l->cancel);
	g_clear_object(&l->cancel);
	g_clear_object(&l->proc);
	remove_options(l);
	g_free(l->options_path);
	g_free(l->user);
	if (l->ctx != NULL)
		g_main_context_unref(l->ctx);
	g_free(l);
}
