/*
 * netcfg_state.c — the state file: every change a connection made to routes and DNS, so that a
 * later run can undo what a crashed one left. A GKeyFile, one group per change, named by kind
 * and sequence number; rewritten whole (temporary file + rename, 0600) after each change:
 *
 *   [netcfg]                      [dns-2]
 *   version=1                     method=file        (systemd-resolved, resolvconf)
 *                                 dev=ppp0
 *   [route-0]                     ifindex=7
 *   family=inet                   path=/etc/resolv.conf
 *   dst=198.51.100.7/32           backup=/run/l2sec/work.state.resolv.conf
 *   gateway=192.0.2.1             backup-kind=file   (symlink, none)
 *   dev=eth0                      mode=0644
 *   ifindex=2                     written-sha256=HEX
 *   table=254
 *   protocol=108
 *   metric=0
 *
 * Reading checks every key: a broken file gives an error naming the file, the group and the key
 * (or GKeyFile's message naming the line), and nothing is undone from it.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "client/netcfg_private.h"

#define STATE_VERSION 1

void
netcfg_change_free(NetcfgChange *c)
{
	if (c == NULL)
		return;
	g_free(c->dns.path);
	g_free(c->dns.backup);
	g_free(c->dns.written_sha256);
	g_free(c);
}

static const struct {
	NetcfgBackupKind kind;
	const char *name;
} backup_kinds[] = {
	{ NETCFG_BACKUP_NONE, "none" },
	{ NETCFG_BACKUP_FILE, "file" },
	{ NETCFG_BACKUP_SYMLINK, "symlink" },
};

static void
put_route(GKeyFile *kf, const char *g, const NetcfgRoute *r)
{
	char a[INET6_ADDRSTRLEN];
	g_key_file_set_string(kf, g, "family", r->family == AF_INET6 ? "inet6" : "inet");
	inet_ntop(r->family, r->dst, a, sizeof(a));
	g_autofree char *dst = g_strdup_printf("%s/%u", a, r->prefix);
	g_key_file_set_string(kf, g, "dst", dst);
	if (r->has_gateway) {
		inet_ntop(r->family, r->gateway, a, sizeof(a));
		g_key_file_set_string(kf, g, "gateway", a);
	}
	g_key_file_set_string(kf, g, "dev", r->dev);
	g_key_file_set_integer(kf, g, "ifindex", r->ifindex);
	g_key_file_set_uint64(kf, g, "table", r->table);
	g_key_file_set_uint64(kf, g, "protocol", r->protocol);
	g_key_file_set_uint64(kf, g, "metric", r->metric);
}

static void
put_dns(GKeyFile *kf, const char *g, const NetcfgDns *d)
{
	g_key_file_set_string(kf, g, "method", netcfg_dns_method_to_string(d->method));
	g_key_file_set_string(kf, g, "dev", d->dev);
	g_key_file_set_integer(kf, g, "ifindex", d->ifindex);
	if (d->method != NETCFG_DNS_FILE)
		return;
	g_key_file_set_string(kf, g, "path", d->path);
	g_key_file_set_string(kf, g, "backup", d->backup);
	for (size_t i = 0; i < G_N_ELEMENTS(backup_kinds); i++)
		if (backup_kinds[i].kind == d->backup_kind)
			g_key_file_set_string(kf, g, "backup-kind", backup_kinds[i].name);
	g_autofree char *mode = g_strdup_printf("%04o", d->mode);
	g_key_file_set_string(kf, g, "mode", mode);
	g_key_file_set_string(kf, g, "written-sha256", d->written_sha256 != NULL ? d->written_sha256 : "");
}

bool
netcfg_state_write(const char *path, const GPtrArray *changes, GError **error)
{
	if (changes->len == 0) {
		if (g_unlink(path) != 0 && errno != ENOENT) {
			int e = errno;
			g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "state file %s: cannot remove it: %s", path,
			    g_strerror(e));
			return false;
		}
		return true;
	}
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_key_file_set_integer(kf, "netcfg", "version", STATE_VERSION);
	for (unsigned i = 0; i < changes->len; i++) {
		const NetcfgChange *c = g_ptr_array_index(changes, i);
		g_autofree char *g = g_strdup_printf("%s-%u", c->is_dns ? "dns" : "route", c->seq);
		if (c->is_dns)
			put_dns(kf, g, &c->dns);
		else
			put_route(kf, g, &c->route);
	}
	gsize len = 0;
	g_autofree char *data = g_key_file_to_data(kf, &len, NULL);
	g_autofree char *dir = g_path_get_dirname(path);
	if (g_mkdir_with_parents(dir, 0700) != 0) {
		int e = errno;
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "state file %s: cannot create %s: %s", path, dir,
		    g_strerror(e));
		return false;
	}
	if (!netcfg_write_file_atomic(path, data, len, 0600, error)) {
		g_prefix_error(error, "state file: ");
		return false;
	}
	return true;
}

/* Reading: each getter names file, group and key in its error. */
typedef struct StateReader {
	GKeyFile *kf;
	const char *path;
	const char *group;
} StateReader;

static bool
bad_value(const StateReader *sr, const char *key, GError **error, const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static bool
bad_value(const StateReader *sr, const char *key, GError **error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "state file %s: [%s] %s: %s", sr->path, sr->group, key,
	    msg);
	return false;
}

static bool
get_string(const StateReader *sr, const char *key, char **ret, GError **error)
{
	g_autoptr(GError) e = NULL;
	char *v = g_key_file_get_string(sr->kf, sr->group, key, &e);
	if (v == NULL)
		return bad_value(sr, key, error, "%s", e->message);
	*ret = v;
	return true;
}

static bool
get_uint(const StateReader *sr, const char *key, uint64_t max, uint64_t *ret, GError **error)
{
	g_autofree char *v = NULL;
	if (!get_string(sr, key, &v, error))
		return false;
	guint64 n = 0;
	g_autoptr(GError) e = NULL;
	if (!g_ascii_string_to_unsigned(v, 10, 0, max, &n, &e))
		return bad_value(sr, key, error, "%s", e->message);
	*ret = n;
	return true;
}

static bool
get_dev(const StateReader *sr, char dev[IF_NAMESIZE], int *ret_ifindex, GError **error)
{
	g_autofree char *v = NULL;
	uint64_t ifindex = 0;
	if (!get_string(sr, "dev", &v, error))
		return false;
	if (*v == '\0' || strlen(v) >= IF_NAMESIZE || strchr(v, '/') != NULL)
		return bad_value(sr, "dev", error, "“%s” is not an interface name", v);
	if (!get_uint(sr, "ifindex", INT32_MAX, &ifindex, error))
		return false;
	g_strlcpy(dev, v, IF_NAMESIZE);
	*ret_ifindex = (int)ifindex;
	return true;
}

static bool
read_route(const StateReader *sr, NetcfgRoute *r, GError **error)
{
	g_autofree char *family = NULL, *dst = NULL;
	if (!get_string(sr, "family", &family, error))
		return false;
	if (strcmp(family, "inet") == 0)
		r->family = AF_INET;
	else if (strcmp(family, "inet6") == 0)
		r->family = AF_INET6;
	else
		return bad_value(sr, "family", error, "“%s” is neither inet nor inet6", family);
	unsigned max_prefix = r->family == AF_INET ? 32 : 128;

	if (!get_string(sr, "dst", &dst, error))
		return false;
	char *slash = strchr(dst, '/');
	guint64 prefix = 0;
	if (slash == NULL || !g_ascii_string_to_unsigned(slash + 1, 10, 0, max_prefix, &prefix, NULL))
		return bad_value(sr, "dst", error, "“%s” is not ADDRESS/PREFIX (prefix 0..%u)", dst, max_prefix);
	*slash = '\0';
	if (inet_pton(r->family, dst, r->dst) != 1)
		return bad_value(sr, "dst", error, "“%s” is not an %s address", dst, family);
	r->prefix = (unsigned)prefix;

	if (g_key_file_has_key(sr->kf, sr->group, "gateway", NULL)) {
		g_autofree char *gw = NULL;
		if (!get_string(sr, "gateway", &gw, error))
			return false;
		if (inet_pton(r->family, gw, r->gateway) != 1)
			return bad_value(sr, "gateway", error, "“%s” is not an %s address", gw, family);
		r->has_gateway = true;
	}
	uint64_t table = 0, protocol = 0, metric = 0;
	if (!get_dev(sr, r->dev, &r->ifindex, error) || !get_uint(sr, "table", UINT32_MAX, &table, error) ||
	    !get_uint(sr, "protocol", UINT8_MAX, &protocol, error) || !get_uint(sr, "metric", UINT32_MAX, &metric, error))
		return false;
	r->table = (uint32_t)table;
	r->protocol = (uint8_t)protocol;
	r->metric = (uint32_t)metric;
	return true;
}

static bool
read_dns(const StateReader *sr, NetcfgDns *d, GError **error)
{
	g_autofree char *method = NULL;
	if (!get_string(sr, "method", &method, error))
		return false;
	if (!netcfg_dns_method_from_string(method, &d->method) || d->method == NETCFG_DNS_AUTO)
		return bad_value(sr, "method", error, "“%s” is not systemd-resolved, resolvconf or file", method);
	if (!get_dev(sr, d->dev, &d->ifindex, error))
		return false;
	if (d->method != NETCFG_DNS_FILE)
		return true;
	g_autofree char *kind = NULL, *mode = NULL;
	if (!get_string(sr, "path", &d->path, error) || !get_string(sr, "backup", &d->backup, error) ||
	    !get_string(sr, "backup-kind", &kind, error) || !get_string(sr, "mode", &mode, error) ||
	    !get_string(sr, "written-sha256", &d->written_sha256, error))
		return false;
	if (!g_path_is_absolute(d->path))
		return bad_value(sr, "path", error, "“%s” is not an absolute path", d->path);
	if (!g_path_is_absolute(d->backup))
		return bad_value(sr, "backup", error, "“%s” is not an absolute path", d->backup);
	size_t i = 0;
	while (i < G_N_ELEMENTS(backup_kinds) && strcmp(backup_kinds[i].name, kind) != 0)
		i++;
	if (i == G_N_ELEMENTS(backup_kinds))
		return bad_value(sr, "backup-kind", error, "“%s” is not none, file or symlink", kind);
	d->backup_kind = backup_kinds[i].kind;
	guint64 m = 0;
	if (!g_ascii_string_to_unsigned(mode, 8, 0, 07777, &m, NULL))
		return bad_value(sr, "mode", error, "“%s” is not an octal file mode", mode);
	d->mode = (unsigned)m;
	if (strlen(d->written_sha256) != 64 || strspn(d->written_sha256, "0123456789abcdef") != 64)
		return bad_value(sr, "written-sha256", error, "“%s” is not a SHA-256 in hex", d->written_sha256);
	return true;
}

static int
change_cmp(gconstpointer a, gconstpointer b)
{
	const NetcfgChange *x = *(NetcfgChange *const *)a, *y = *(NetcfgChange *const *)b;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

bool
netcfg_state_read(const char *path, GPtrArray **ret_changes, GError **error)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(GError) e = NULL;
	if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &e)) {
		if (g_error_matches(e, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
			*ret_changes = NULL;
			return true;
		}
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "state file %s: %s", path, e->message);
		return false;
	}
	StateReader sr = { kf, path, "netcfg" };
	uint64_t version = 0;
	if (!get_uint(&sr, "version", UINT32_MAX, &version, error))
		return false;
	if (version != STATE_VERSION)
		return bad_value(&sr, "version", error, "%" G_GUINT64_FORMAT " is not %d", (guint64)version, STATE_VERSION);

	g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func((GDestroyNotify)netcfg_change_free);
	g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
	for (char **g = groups; *g != NULL; g++) {
		if (strcmp(*g, "netcfg") == 0)
			continue;
		g_autoptr(NetcfgChange) c = g_new0(NetcfgChange, 1);
		const char *num = NULL;
		if (g_str_has_prefix(*g, "route-"))
			num = *g + strlen("route-");
		else if (g_str_has_prefix(*g, "dns-")) {
			num = *g + strlen("dns-");
			c->is_dns = true;
		}
		guint64 seq = 0;
		if (num == NULL || !g_ascii_string_to_unsigned(num, 10, 0, UINT32_MAX, &seq, NULL)) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
			    "state file %s: unknown group [%s] (route-N or dns-N)", path, *g);
			return false;
		}
		c->seq = (unsigned)seq;
		sr.group = *g;
		if (!(c->is_dns ? read_dns(&sr, &c->dns, error) : read_route(&sr, &c->route, error)))
			return false;
		for (unsigned i = 0; i < changes->len; i++)
			if (((NetcfgChange *)g_ptr_array_index(changes, i))->seq == c->seq) {
				g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
				    "state file %s: [%s]: a second change numbered %u", path, *g, c->seq);
				return false;
			}
		g_ptr_array_add(changes, g_steal_pointer(&c));
	}
	g_ptr_array_sort(changes, change_cmp);
	*ret_changes = g_steal_pointer(&changes);
	return true;
}

bool
netcfg_changes_undo(GPtrArray *changes, GError **error)
{
	g_autoptr(GError) first = NULL;
	unsigned failed = 0;
	for (unsigned i = changes->len; i-- > 0;) {
		NetcfgChange *c = g_ptr_array_index(changes, i);
		g_autoptr(GError) e = NULL;
		bool ok = c->is_dns ? netcfg_dns_undo(&c->dns, &e) : netcfg_route_del(&c->route, &e);
		if (ok) {
			g_ptr_array_remove_index(changes, i);
			continue;
		}
		g_debug("netcfg: %s", e->message);
		failed++;
		if (first == NULL)
			first = g_steal_pointer(&e);
	}
	if (first != NULL) {
		if (failed > 1)
			g_prefix_error(&first, "%u changes could not be undone; the first: ", failed);
		g_propagate_error(error, g_steal_pointer(&first));
		return false;
	}
	return true;
}
