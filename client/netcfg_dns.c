/*
 * netcfg_dns.c — the DNS servers PPP gave, for the PPP interface, by one of three methods:
 *
 *   systemd-resolved  per link over D-Bus (org.freedesktop.resolve1.Manager): SetLinkDNS, and
 *                     SetLinkDomains "~." + SetLinkDefaultRoute when the tunnel carries the
 *                     default route (so it takes every query); undone with RevertLink.
 *   resolvconf        `resolvconf -a DEV.l2sec` with "nameserver" lines on stdin; `-d` undoes.
 *   the file          /etc/resolv.conf rewritten atomically (temporary file + rename), what
 *                     was there (a file, a symbolic link, or nothing) copied first to a backup
 *                     next to the state file; undone only if the file still holds what we wrote
 *                     (its SHA-256 is in the state file): if someone changed it since, theirs
 *                     stays and the backup is left where it is.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "client/netcfg_private.h"

#define RESOLVCONF_PATH "/sbin/resolvconf"
#define RESOLVED_NAME "org.freedesktop.resolve1"
#define RESOLVED_PATH "/org/freedesktop/resolve1"
#define RESOLVED_MANAGER "org.freedesktop.resolve1.Manager"
#define DBUS_TIMEOUT_MS 10000

static char *resolv_conf_path; /* NULL: /etc/resolv.conf */
static char *resolvconf_path;  /* NULL: /sbin/resolvconf */

void
netcfg_set_resolvconf_path(const char *path)
{
	g_free(resolvconf_path);
	resolvconf_path = g_strdup(path);
}

static const char *
resolvconf(void)
{
	return resolvconf_path != NULL ? resolvconf_path : RESOLVCONF_PATH;
}

void
netcfg_set_resolv_conf_path(const char *path)
{
	g_free(resolv_conf_path);
	resolv_conf_path = g_strdup(path);
}

const char *
netcfg_resolv_conf_path(void)
{
	return resolv_conf_path != NULL ? resolv_conf_path : "/etc/resolv.conf";
}

static const struct {
	NetcfgDnsMethod method;
	const char *name;
} method_names[] = {
	{ NETCFG_DNS_RESOLVED, "systemd-resolved" },
	{ NETCFG_DNS_RESOLVCONF, "resolvconf" },
	{ NETCFG_DNS_FILE, "file" },
	{ NETCFG_DNS_AUTO, "auto" },
};

const char *
netcfg_dns_method_to_string(NetcfgDnsMethod m)
{
	for (size_t i = 0; i < G_N_ELEMENTS(method_names); i++)
		if (method_names[i].method == m)
			return method_names[i].name;
	return "?";
}

bool
netcfg_dns_method_from_string(const char *s, NetcfgDnsMethod *ret)
{
	for (size_t i = 0; i < G_N_ELEMENTS(method_names); i++)
		if (strcmp(method_names[i].name, s) == 0) {
			*ret = method_names[i].method;
			return true;
		}
	return false;
}

static bool
resolved_running(void)
{
	g_autoptr(GError) e = NULL;
	g_autoptr(GDBusConnection) bus = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, &e);
	if (bus == NULL) {
		g_debug("netcfg: no system bus (%s): not using systemd-resolved", e->message);
		return false;
	}
	g_autoptr(GVariant) r = g_dbus_connection_call_sync(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
	    "org.freedesktop.DBus", "NameHasOwner", g_variant_new("(s)", RESOLVED_NAME), G_VARIANT_TYPE("(b)"),
	    G_DBUS_CALL_FLAGS_NONE, DBUS_TIMEOUT_MS, NULL, &e);
	if (r == NULL) {
		g_debug("netcfg: NameHasOwner(%s): %s", RESOLVED_NAME, e->message);
		return false;
	}
	gboolean has = FALSE;
	g_variant_get(r, "(b)", &has);
	return has;
}

NetcfgDnsMethod
netcfg_dns_pick(void)
{
	if (resolved_running())
		return NETCFG_DNS_RESOLVED;
	if (g_file_test(resolvconf(), G_FILE_TEST_IS_EXECUTABLE))
		return NETCFG_DNS_RESOLVCONF;
	return NETCFG_DNS_FILE;
}

static char *
sha256_hex(const char *data, size_t len)
{
	return g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
}

bool
netcfg_write_file_atomic(const char *path, const char *data, size_t len, unsigned mode, GError **error)
{
	g_autofree char *tmp = g_strdup_printf("%s.l2sec-XXXXXX", path);
	int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, (int)mode);
	if (fd < 0) {
		int e = errno;
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "%s: cannot create a temporary file: %s", path,
		    g_strerror(e));
		return false;
	}
	bool ok = fchmod(fd, (mode_t)mode) == 0; /* the umask does not decide */
	for (size_t off = 0; ok && off < len;) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		ok = n > 0;
		if (ok)
			off += (size_t)n;
	}
	ok = ok && fsync(fd) == 0;
	int e = errno;
	if (close(fd) != 0 && ok) {
		ok = false;
		e = errno;
	}
	if (ok && rename(tmp, path) != 0) {
		e = errno;
		ok = false;
		if (e == EBUSY) {
			/* `path` is a mount point (a container's bind-mounted resolv.conf): rename cannot
			 * replace it, so write it in place. */
			(void)g_unlink(tmp);
			int wfd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
			ok = wfd >= 0;
			for (size_t off = 0; ok && off < len;) {
				ssize_t n = write(wfd, data + off, len - off);
				if (n < 0 && errno == EINTR)
					continue;
				ok = n > 0;
				if (ok)
					off += (size_t)n;
			}
			e = errno;
			if (wfd >= 0)
				close(wfd);
			if (!ok) {
				g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "%s: cannot write it: %s", path,
				    g_strerror(e));
				return false;
			}
			return true;
		}
	}
	if (!ok) {
		(void)g_unlink(tmp);
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "%s: cannot write it: %s", path, g_strerror(e));
		return false;
	}
	return true;
}

/* Make a symbolic link to `target` at `path` atomically. */
static bool
symlink_atomic(const char *target, const char *path, GError **error)
{
	g_autofree char *tmp = g_strdup_printf("%s.l2sec-link", path);
	(void)g_unlink(tmp);
	if (symlink(target, tmp) != 0 || rename(tmp, path) != 0) {
		int e = errno;
		(void)g_unlink(tmp);
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "%s: cannot make it a link to %s: %s", path,
		    target, g_strerror(e));
		return false;
	}
	return true;
}

bool
netcfg_dns_file_prepare(NetcfgDns *d, const struct in_addr *servers, unsigned n_servers, bool all_queries,
    char **ret_text, GError **error)
{
	struct stat st;
	g_autofree char *old = NULL;
	if (lstat(d->path, &st) != 0) {
		int e = errno;
		if (e != ENOENT) {
			g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "DNS: %s: %s", d->path, g_strerror(e));
			return false;
		}
		d->backup_kind = NETCFG_BACKUP_NONE;
		d->mode = 0644;
		(void)g_unlink(d->backup);
	} else if (S_ISLNK(st.st_mode)) {
		g_autofree char *target = g_file_read_link(d->path, error);
		if (target == NULL) {
			g_prefix_error(error, "DNS: ");
			return false;
		}
		if (!symlink_atomic(target, d->backup, error)) {
			g_prefix_error(error, "DNS: backup of %s: ", d->path);
			return false;
		}
		d->backup_kind = NETCFG_BACKUP_SYMLINK;
		d->mode = 0644;
		(void)g_file_get_contents(d->path, &old, NULL, NULL); /* for its search/options lines */
	} else {
		size_t len = 0;
		if (!g_file_get_contents(d->path, &old, &len, error)) {
			g_prefix_error(error, "DNS: ");
			return false;
		}
		if (!netcfg_write_file_atomic(d->backup, old, len, 0600, error)) {
			g_prefix_error(error, "DNS: backup of %s: ", d->path);
			return false;
		}
		d->backup_kind = NETCFG_BACKUP_FILE;
		d->mode = st.st_mode & 07777;
	}

	g_autoptr(GString) text = g_string_new(NULL);
	g_string_append_printf(text, "# Written by l2sec for %s; the previous file is kept in %s\n", d->dev, d->backup);
	g_string_append(text, "# and put back when the connection ends.\n");
	for (unsigned i = 0; i < n_servers; i++) {
		char a[INET_ADDRSTRLEN];
		inet_ntop(AF_INET, &servers[i], a, sizeof(a));
		g_string_append_printf(text, "nameserver %s\n", a);
	}
	/* Keep the local options, and the search list unless the tunnel takes all traffic. */
	g_auto(GStrv) lines = g_strsplit(old != NULL ? old : "", "\n", -1);
	for (char **l = lines; *l != NULL; l++) {
		const char *s = *l + strspn(*l, " \t");
		if (g_str_has_prefix(s, "options") ||
		    (!all_queries && (g_str_has_prefix(s, "search") || g_str_has_prefix(s, "domain"))))
			g_string_append_printf(text, "%s\n", s);
	}
	g_free(d->written_sha256);
	d->written_sha256 = sha256_hex(text->str, text->len);
	*ret_text = g_string_free(g_steal_pointer(&text), FALSE);
	return true;
}

/* The file method's undo: put the backup back if the file is still ours. */
static bool
file_undo(const NetcfgDns *d, GError **error)
{
	struct stat st;
	g_autofree char *now = NULL;
	size_t len = 0;
	bool ours = false;
	if (lstat(d->path, &st) == 0 && S_ISREG(st.st_mode) && g_file_get_contents(d->path, &now, &len, NULL)) {
		g_autofree char *h = sha256_hex(now, len);
		ours = d->written_sha256 != NULL && strcmp(h, d->written_sha256) == 0;
	}
	if (!ours) {
		g_debug("netcfg: DNS: %s was changed since l2sec wrote it: keeping it (the previous one stays in %s)",
		    d->path, d->backup);
		return true;
	}
	switch (d->backup_kind) {
	case NETCFG_BACKUP_NONE:
		if (g_unlink(d->path) != 0 && errno != ENOENT) {
			int e = errno;
			g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "DNS: cannot remove %s: %s", d->path,
			    g_strerror(e));
			return false;
		}
		break;
	case NETCFG_BACKUP_SYMLINK: {
		g_autofree char *target = g_file_read_link(d->backup, error);
		if (target == NULL || !symlink_atomic(target, d->path, error)) {
			g_prefix_error(error, "DNS: cannot put back %s: ", d->path);
			return false;
		}
		break;
	}
	case NETCFG_BACKUP_FILE: {
		g_autofree char *old = NULL;
		size_t old_len = 0;
		if (!g_file_get_contents(d->backup, &old, &old_len, error) ||
		    !netcfg_write_file_atomic(d->path, old, old_len, d->mode, error)) {
			g_prefix_error(error, "DNS: cannot put back %s: ", d->path);
			return false;
		}
		break;
	}
	}
	(void)g_unlink(d->backup);
	g_debug("netcfg: DNS: %s put back", d->path);
	return true;
}

static bool
resolved_call(GDBusConnection *bus, const char *method, GVariant *args, GError **error)
{
	g_autoptr(GVariant) r = g_dbus_connection_call_sync(bus, RESOLVED_NAME, RESOLVED_PATH, RESOLVED_MANAGER, method,
	    args, NULL, G_DBUS_CALL_FLAGS_NONE, DBUS_TIMEOUT_MS, NULL, error);
	if (r == NULL) {
		g_dbus_error_strip_remote_error(*error);
		g_prefix_error(error, "%s: ", method);
		return false;
	}
	return true;
}

static bool
resolved_apply(const NetcfgDns *d, const struct in_addr *servers, unsigned n_servers, bool all_queries,
    GError **error)
{
	g_autoptr(GDBusConnection) bus = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, error);
	if (bus == NULL)
		return false;
	GVariantBuilder b;
	g_variant_builder_init(&b, G_VARIANT_TYPE("a(iay)"));
	for (unsigned i = 0; i < n_servers; i++)
		g_variant_builder_add(&b, "(i@ay)", AF_INET,
		    g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, &servers[i], sizeof(servers[i]), 1));
	if (!resolved_call(bus, "SetLinkDNS", g_variant_new("(ia(iay))", d->ifindex, &b), error))
		goto revert;
	if (all_queries) {
		GVariantBuilder dom;
		g_variant_builder_init(&dom, G_VARIANT_TYPE("a(sb)"));
		g_variant_builder_add(&dom, "(sb)", "~.", TRUE); /* a routing-only domain matching every name */
		if (!resolved_call(bus, "SetLinkDomains", g_variant_new("(ia(sb))", d->ifindex, &dom), error))
			goto revert;
		g_autoptr(GError) e = NULL;
		if (!resolved_call(bus, "SetLinkDefaultRoute", g_variant_new("(ib)", d->ifindex, TRUE), &e))
			g_debug("netcfg: DNS: %s (systemd-resolved before 240), ignoring", e->message);
	}
	return true;
revert:;
	g_autoptr(GError) e = NULL;
	if (!resolved_call(bus, "RevertLink", g_variant_new("(i)", d->ifindex), &e))
		g_debug("netcfg: DNS: %s, ignoring", e->message);
	return false;
}

static bool
resolved_undo(const NetcfgDns *d, GError **error)
{
	unsigned now = if_nametoindex(d->dev);
	if (now == 0 || (int)now != d->ifindex) {
		g_debug("netcfg: DNS: %s is gone, and systemd-resolved forgot its servers with it", d->dev);
		return true;
	}
	g_autoptr(GDBusConnection) bus = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, error);
	if (bus == NULL)
		return false;
	g_autoptr(GError) e = NULL;
	g_autoptr(GVariant) r = g_dbus_connection_call_sync(bus, RESOLVED_NAME, RESOLVED_PATH, RESOLVED_MANAGER,
	    "RevertLink", g_variant_new("(i)", d->ifindex), NULL, G_DBUS_CALL_FLAGS_NONE, DBUS_TIMEOUT_MS, NULL, &e);
	if (r != NULL)
		return true;
	g_autofree char *remote = g_dbus_error_get_remote_error(e);
	g_dbus_error_strip_remote_error(e);
	if (g_strcmp0(remote, "org.freedesktop.resolve1.NoSuchLink") == 0) {
		g_debug("netcfg: DNS: RevertLink: %s, ignoring", e->message);
		return true;
	}
	g_propagate_prefixed_error(error, g_steal_pointer(&e), "RevertLink: ");
	return false;
}

/* Run resolvconf with `args`, `input` on its stdin. */
static bool
resolvconf_run(const char *const *args, const char *input, GError **error)
{
	g_autoptr(GSubprocess) p = g_subprocess_newv(args,
	    G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
	if (p == NULL)
		return false;
	g_autofree char *err_text = NULL;
	if (!g_subprocess_communicate_utf8(p, input != NULL ? input : "", NULL, NULL, &err_text, error))
		return false;
	if (!g_subprocess_get_if_exited(p) || g_subprocess_get_exit_status(p) != 0) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s %s %s failed: %s", args[0], args[1], args[2],
		    err_text != NULL && *err_text != '\0' ? g_strstrip(err_text) : "(no message)");
		return false;
	}
	return true;
}

bool
netcfg_dns_apply(const NetcfgDns *d, const struct in_addr *servers, unsigned n_servers, bool all_queries,
    const char *text, GError **error)
{
	bool ok = false;
	switch (d->method) {
	case NETCFG_DNS_FILE:
		ok = netcfg_write_file_atomic(d->path, text, strlen(text), d->mode, error);
		break;
	case NETCFG_DNS_RESOLVED:
		ok = resolved_apply(d, servers, n_servers, all_queries, error);
		break;
	case NETCFG_DNS_RESOLVCONF: {
		g_autoptr(GString) in = g_string_new(NULL);
		for (unsigned i = 0; i < n_servers; i++) {
			char a[INET_ADDRSTRLEN];
			inet_ntop(AF_INET, &servers[i], a, sizeof(a));
			g_string_append_printf(in, "nameserver %s\n", a);
		}
		g_autofree char *name = g_strdup_printf("%s.l2sec", d->dev);
		const char *args[] = { resolvconf(), "-a", name, NULL };
		ok = resolvconf_run(args, in->str, error);
		break;
	}
	case NETCFG_DNS_AUTO:
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "no DNS method chosen");
		return false;
	}
	if (!ok)
		g_prefix_error(error, "DNS for %s via %s: ", d->dev, netcfg_dns_method_to_string(d->method));
	else
		g_debug("netcfg: DNS for %s via %s: %u servers", d->dev, netcfg_dns_method_to_string(d->method), n_servers);
	return ok;
}

bool
netcfg_dns_undo(const NetcfgDns *d, GError **error)
{
	bool ok = false;
	switch (d->method) {
	case NETCFG_DNS_FILE:
		ok = file_undo(d, error);
		break;
	case NETCFG_DNS_RESOLVED:
		ok = resolved_undo(d, error);
		break;
	case NETCFG_DNS_RESOLVCONF: {
		g_autofree char *name = g_strdup_printf("%s.l2sec", d->dev);
		const char *args[] = { resolvconf(), "-d", name, NULL };
		ok = resolvconf_run(args, NULL, error);
		break;
	}
	case NETCFG_DNS_AUTO:
		return true;
	}
	if (!ok)
		g_prefix_error(error, "undo DNS for %s via %s: ", d->dev, netcfg_dns_method_to_string(d->method));
	return ok;
}
