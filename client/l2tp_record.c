/*
 * client/l2tp_record.c: the record of an open L2TP tunnel, for the run after
 * a crash (see l2tp_record.h).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "client/l2tp_record.h"
#include "common/log.h"

#define GROUP "l2tp"

bool
l2sec_l2tp_record_save(
    const char *path, const char *server, const L2tpStaleTunnel *r, GError **error)
{
	g_autoptr(GKeyFile) k = g_key_file_new();
	g_key_file_set_string(k, GROUP, "server", server);
	g_key_file_set_integer(k, GROUP, "local-tunnel", r->local_id);
	g_key_file_set_integer(k, GROUP, "peer-tunnel", r->peer_id);
	g_key_file_set_integer(k, GROUP, "ns", r->ns);
	g_key_file_set_integer(k, GROUP, "nr", r->nr);
	gsize len;
	g_autofree char *text = g_key_file_to_data(k, &len, NULL);
	return g_file_set_contents_full(
	    path, text, (gssize)len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static bool
take_fail(char **why, L2tpStaleTunnel *ret, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static bool
take_fail(char **why, L2tpStaleTunnel *ret, const char *fmt, ...)
{
	*ret = (L2tpStaleTunnel){0};
	if (why != NULL) {
		va_list ap;
		va_start(ap, fmt);
		*why = g_strdup_vprintf(fmt, ap);
		va_end(ap);
	}
	return false;
}

bool
l2sec_l2tp_record_take(const char *path, const char *server, L2tpStaleTunnel *ret, char **why)
{
	g_autoptr(GKeyFile) k = g_key_file_new();
	g_autoptr(GError) e = NULL;
	if (why != NULL)
		*why = NULL;
	if (!g_key_file_load_from_file(k, path, G_KEY_FILE_NONE, &e)) {
		if (g_error_matches(e, G_FILE_ERROR, G_FILE_ERROR_NOENT))
			return take_fail(NULL, ret, "none");
		l2sec_l2tp_record_remove(path);
		return take_fail(why, ret, "%s: %s", path, e->message);
	}
	l2sec_l2tp_record_remove(path);
	g_autofree char *srv = g_key_file_get_string(k, GROUP, "server", NULL);
	if (srv == NULL)
		return take_fail(why, ret, "%s: no server", path);
	if (strcmp(srv, server) != 0)
		return take_fail(why, ret, "%s: for server %s, not %s", path, srv, server);
	static const char *const keys[] = {"local-tunnel", "peer-tunnel", "ns", "nr"};
	gint64 v[G_N_ELEMENTS(keys)];
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		g_autofree char *text = g_key_file_get_value(k, GROUP, keys[i], NULL);
		guint64 u;
		if (text == NULL || !g_ascii_string_to_unsigned(text, 10, 0, 0xffff, &u, NULL))
			return take_fail(why, ret, "%s: %s is not a number from 0 to 65535", path,
			    keys[i]);
		v[i] = (gint64)u;
	}
	if (v[0] == 0 || v[1] == 0)
		return take_fail(why, ret, "%s: a tunnel id of 0", path);
	*ret = (L2tpStaleTunnel){
	    .local_id = (uint16_t)v[0],
	    .peer_id = (uint16_t)v[1],
	    .ns = (uint16_t)v[2],
	    .nr = (uint16_t)v[3],
	};
	return true;
}

void
l2sec_l2tp_record_remove(const char *path)
{
	if (g_unlink(path) < 0 && errno != ENOENT)
		log_debug("cannot remove %s: %s", path, g_strerror(errno));
}
