/*
 * control.c — the control socket and the per-profile lock (control.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib-unix.h>

#include "client/control.h"

#define REQUEST_MAX 256

struct L2secControl {
	int fd;
	char *path;
	guint source;
	L2secControlHandler handler;
	void *user_data;
	GList *pending; /* of L2secControlRequest */
};

struct L2secControlRequest {
	L2secControl *owner;
	int fd;
};

const char *
l2sec_run_dir(void)
{
	const char *env = g_getenv("L2SEC_RUN_DIR");
	return env != NULL && env[0] == '/' ? env : RUNSTATEDIR "/l2sec";
}

char *
l2sec_run_path(const char *name, const char *suffix)
{
	return g_strdup_printf("%s/%s.%s", l2sec_run_dir(), name, suffix);
}

bool
l2sec_run_dir_ensure(GError **error)
{
	const char *dir = l2sec_run_dir();
	if (g_mkdir_with_parents(dir, 0700) != 0) {
		int e = errno;
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "cannot create %s: %s", dir,
		    g_strerror(e));
		return false;
	}
	return true;
}

static int
read_pid(int fd)
{
	char buf[32] = {0};
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	return atoi(buf);
}

int
l2sec_control_lock(const char *name, GError **error)
{
	if (!l2sec_run_dir_ensure(error))
		return -1;
	g_autofree char *path = l2sec_run_path(name, "lock");
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		int e = errno;
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "cannot open %s: %s", path,
		    g_strerror(e));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;
		if (e == EWOULDBLOCK)
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_EXISTS,
			    "%s is already connected (process %d)", name, read_pid(fd));
		else
			g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "cannot lock %s: %s",
			    path, g_strerror(e));
		close(fd);
		return -1;
	}
	if (!l2sec_control_lock_set_pid(fd)) {
		int e = errno;
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "cannot write %s: %s", path,
		    g_strerror(e));
		close(fd);
		return -1;
	}
	return fd;
}

bool
l2sec_control_lock_set_pid(int lock_fd)
{
	char pid[32];
	int len = snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	return ftruncate(lock_fd, 0) == 0 && pwrite(lock_fd, pid, (size_t)len, 0) == len;
}

bool
l2sec_control_is_locked(const char *name, int *ret_pid)
{
	g_autofree char *path = l2sec_run_path(name, "lock");
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return false;
	bool locked = false;
	if (flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
		locked = true;
		if (ret_pid != NULL)
			*ret_pid = read_pid(fd);
	}
	close(fd);
	return locked;
}

static gint
strptr_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

GPtrArray *
l2sec_control_running(void)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GDir) dir = g_dir_open(l2sec_run_dir(), 0, NULL);
	const char *f;
	while (dir != NULL && (f = g_dir_read_name(dir)) != NULL) {
		if (!g_str_has_suffix(f, ".lock"))
			continue;
		char *name = g_strndup(f, strlen(f) - strlen(".lock"));
		if (l2sec_control_is_locked(name, NULL))
			g_ptr_array_add(names, name);
		else
			g_free(name);
	}
	g_ptr_array_sort(names, strptr_cmp);
	return names;
}

static bool
fill_sockaddr(const char *path, struct sockaddr_un *sun, GError **error)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun->sun_path)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FILENAME_TOO_LONG,
		    "control socket path %s is too long", path);
		return false;
	}
	strcpy(sun->sun_path, path);
	return true;
}

/* Read one request line from a fresh client (it has 1 s to send it). */
static char *
read_request(int fd)
{
	char buf[REQUEST_MAX + 1];
	size_t len = 0;
	while (len < REQUEST_MAX) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (poll(&p, 1, 1000) <= 0)
			return NULL;
		ssize_t n = read(fd, buf + len, REQUEST_MAX - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (memchr(buf, '\n', len) != NULL)
			break;
	}
	buf[len] = '\0';
	char *nl = strchr(buf, '\n');
	if (nl == NULL)
		return NULL;
	*nl = '\0';
	return g_strdup(buf);
}

static gboolean
on_accept(int fd, GIOCondition cond, gpointer user_data)
{
	L2secControl *c = user_data;
	int cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
	if (cfd < 0)
		return G_SOURCE_CONTINUE;
	g_autofree char *command = read_request(cfd);
	if (command == NULL) {
		g_debug("control: a client sent no request line");
		close(cfd);
		return G_SOURCE_CONTINUE;
	}
	L2secControlRequest *req = g_new0(L2secControlRequest, 1);
	req->owner = c;
	req->fd = cfd;
	c->pending = g_list_prepend(c->pending, req);
	c->handler(req, command, c->user_data);
	return G_SOURCE_CONTINUE;
}

L2secControl *
l2sec_control_listen(const char *path, L2secControlHandler handler, void *user_data, GError **error)
{
	struct sockaddr_un sun;
	if (!fill_sockaddr(path, &sun, error))
		return NULL;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		int e = errno;
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "control socket: %s",
		    g_strerror(e));
		return NULL;
	}
	/* the lock says no live process owns it: a socket file there is stale */
	(void)unlink(path);
	mode_t old = umask(0177);
	int r = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (r != 0 || listen(fd, 8) != 0) {
		int e = errno;
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "cannot listen on %s: %s", path,
		    g_strerror(e));
		close(fd);
		return NULL;
	}
	L2secControl *c = g_new0(L2secControl, 1);
	c->fd = fd;
	c->path = g_strdup(path);
	c->handler = handler;
	c->user_data = user_data;
	GSource *src = g_unix_fd_source_new(fd, G_IO_IN);
	g_source_set_callback(src, G_SOURCE_FUNC(on_accept), c, NULL);
	c->source = g_source_attach(src, g_main_context_get_thread_default());
	g_source_unref(src);
	return c;
}

static void
write_all(int fd, const char *text)
{
	size_t len = strlen(text), off = 0;
	while (off < len) {
		ssize_t n = send(fd, text + off, len - off, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			struct pollfd p = {.fd = fd, .events = POLLOUT};
			if (poll(&p, 1, 1000) <= 0)
				return;
			continue;
		}
		if (n <= 0)
			return;
		off += (size_t)n;
	}
}

void
l2sec_control_reply(L2secControlRequest *req, const char *text)
{
	if (req == NULL)
		return;
	write_all(req->fd, text);
	close(req->fd);
	if (req->owner != NULL)
		req->owner->pending = g_list_remove(req->owner->pending, req);
	g_free(req);
}

void
l2sec_control_free(L2secControl *c)
{
	if (c == NULL)
		return;
	while (c->pending != NULL) {
		L2secControlRequest *req = c->pending->data;
		l2sec_control_reply(req, "");
	}
	if (c->source != 0) {
		GSource *src = g_main_context_find_source_by_id(g_main_context_get_thread_default(),
		    c->source);
		if (src != NULL)
			g_source_destroy(src);
	}
	close(c->fd);
	(void)unlink(c->path);
	g_free(c->path);
	g_free(c);
}

char *
l2sec_control_call(const char *path, const char *command, int timeout_ms, GError **error)
{
	struct sockaddr_un sun;
	if (!fill_sockaddr(path, &sun, error))
		return NULL;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		int e = errno;
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "control socket: %s",
		    g_strerror(e));
		return NULL;
	}
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		int e = errno;
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "%s: %s", path, g_strerror(e));
		close(fd);
		return NULL;
	}
	g_autofree char *line = g_strdup_printf("%s\n", command);
	write_all(fd, line);
	GString *answer = g_string_new(NULL);
	gint64 deadline = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
	for (;;) {
		gint64 left = (deadline - g_get_monotonic_time()) / 1000;
		if (left <= 0) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
			    "%s: no answer to '%s' within %d ms", path, command, timeout_ms);
			g_string_free(answer, TRUE);
			close(fd);
			return NULL;
		}
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int r = poll(&p, 1, (int)MIN(left, 1000));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			continue;
		char buf[4096];
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		g_string_append_len(answer, buf, n);
	}
	close(fd);
	return g_string_free(answer, FALSE);
}
