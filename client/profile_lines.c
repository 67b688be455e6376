/* profile_lines.c — the line index of a profile; see profile_lines.h. */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <openssl/crypto.h>

#include "client/profile.h"
#include "client/profile_lines.h"

static void
line_clear(gpointer p)
{
	L2secProfileLine *e = p;
	g_free(e->group);
	g_free(e->key);
}

void
l2sec_profile_lines_free(L2secProfileLines *l)
{
	if (l == NULL)
		return;
	g_array_unref(l->entries);
	OPENSSL_cleanse(l->text->str, l->text->allocated_len);
	g_string_free(l->text, TRUE);
	g_clear_error(&l->bad_error);
	g_free(l);
}

unsigned
l2sec_profile_lines_find(const L2secProfileLines *l, const char *group, const char *key)
{
	for (guint i = 0; i < l->entries->len; i++) {
		const L2secProfileLine *e = &g_array_index(l->entries, L2secProfileLine, i);
		if (e->key != NULL && strcmp(e->group, group) == 0 && strcmp(e->key, key) == 0)
			return e->line;
	}
	return 0;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* What GKeyFile accepts as a key name, without its locale suffixes: we take no localized keys. */
static bool
key_name_valid(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!g_ascii_isalnum(s[i]) && s[i] != '-' && s[i] != '_')
			return false;
	return n > 0;
}

/* Sets l->bad_* for line `no` and returns false, to stop the scan. */
static bool bad(L2secProfileLines *l, const char *name, unsigned no, int code, const char *fmt, ...)
    G_GNUC_PRINTF(5, 6);

static bool
bad(L2secProfileLines *l, const char *name, unsigned no, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	l->bad_line = no;
	g_set_error(&l->bad_error, L2SEC_PROFILE_ERROR, code, "%s:%u: %s", name, no, msg);
	return false;
}

/* One line, without its '\n'; false when it is bad. */
static bool
scan_line(L2secProfileLines *l, const char *name, unsigned no, const char *s, size_t n,
    GHashTable *seen, char **group)
{
	if (memchr(s, '\0', n) != NULL)
		return bad(l, name, no, L2SEC_PROFILE_ERROR_ENCODING, "contains a NUL byte");
	if (!g_utf8_validate_len(s, n, NULL))
		return bad(l, name, no, L2SEC_PROFILE_ERROR_ENCODING, "is not valid UTF-8");
	if (no == 1 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) /* a BOM from Windows editors */
		s += 3, n -= 3;
	if (n > 0 && s[n - 1] == '\r') /* CRLF line ends */
		n--;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
			return bad(l, name, no, L2SEC_PROFILE_ERROR_ENCODING,
			    "contains a control character (byte 0x%02x)",
			    (unsigned)(unsigned char)s[i]);
	while (n > 0 && is_blank(*s))
		s++, n--;
	while (n > 0 && is_blank(s[n - 1]))
		n--;

	if (n == 0 || s[0] == '#') {
		g_string_append_c(l->text, '\n');
		return true;
	}
	if (s[0] == '[') {
		if (s[n - 1] != ']')
			return bad(l, name, no, L2SEC_PROFILE_ERROR_SYNTAX,
			    "a section header is a name in brackets, like [ipsec]");
		const char *g = s + 1;
		size_t gn = n - 2;
		if (gn == 0 || !key_name_valid(g, gn))
			return bad(l, name, no, L2SEC_PROFILE_ERROR_SYNTAX,
			    "'%.*s' is not a valid section name", (int)n, s);
		g_free(*group);
		*group = g_strndup(g, gn);
		g_autofree char *id = g_strconcat("[", *group, NULL);
		gpointer first = g_hash_table_lookup(seen, id);
		if (first != NULL)
			return bad(l, name, no, L2SEC_PROFILE_ERROR_DUPLICATE,
			    "section [%s] appears twice (first on line %u); merge them", *group,
			    GPOINTER_TO_UINT(first));
		g_hash_table_insert(seen, g_steal_pointer(&id), GUINT_TO_POINTER(no));
		L2secProfileLine e = {no, g_strdup(*group), NULL};
		g_array_append_val(l->entries, e);
		g_string_append_printf(l->text, "[%s]\n", *group);
		return true;
	}
	const char *eq = memchr(s, '=', n);
	if (eq == NULL) {
		if (s[0] == ';' || (n > 1 && s[0] == '/' && s[1] == '/'))
			return bad(
			    l, name, no, L2SEC_PROFILE_ERROR_SYNTAX, "comments start with '#'");
		return bad(l, name, no, L2SEC_PROFILE_ERROR_SYNTAX,
		    "expected a [section], a key = value line or a # comment");
	}
	size_t kn = (size_t)(eq - s);
	while (kn > 0 && is_blank(s[kn - 1]))
		kn--;
	if (kn == 0)
		return bad(
		    l, name, no, L2SEC_PROFILE_ERROR_SYNTAX, "a key name is missing before '='");
	if (!key_name_valid(s, kn))
		return bad(l, name, no, L2SEC_PROFILE_ERROR_SYNTAX,
		    "'%.*s' is not a valid key name (letters, digits and '-')", (int)kn, s);
	g_autofree char *key = g_strndup(s, kn);
	if (*group == NULL)
		return bad(l, name, no, L2SEC_PROFILE_ERROR_SYNTAX,
		    "key '%s' comes before any [section] header", key);
	const char *v = eq + 1, *end = s + n;
	while (v < end && is_blank(*v))
		v++;
	/* an inline comment: '#' at the start of the value or after a blank */
	const char *ve = v;
	while (ve < end && !(*ve == '#' && (ve == v || is_blank(ve[-1]))))
		ve++;
	while (ve > v && is_blank(ve[-1]))
		ve--;
	g_autofree char *id = g_strconcat(*group, "\n", key, NULL);
	gpointer first = g_hash_table_lookup(seen, id);
	if (first != NULL)
		return bad(l, name, no, L2SEC_PROFILE_ERROR_DUPLICATE,
		    "key '%s' appears twice in [%s] (first on line %u)", key, *group,
		    GPOINTER_TO_UINT(first));
	g_hash_table_insert(seen, g_steal_pointer(&id), GUINT_TO_POINTER(no));
	g_string_append_printf(l->text, "%s=", key);
	g_string_append_len(l->text, v, ve - v);
	g_string_append_c(l->text, '\n');
	L2secProfileLine e = {no, g_strdup(*group), g_steal_pointer(&key)};
	g_array_append_val(l->entries, e);
	return true;
}

L2secProfileLines *
l2sec_profile_lines_scan(const char *name, const char *data, size_t len)
{
	L2secProfileLines *l = g_new0(L2secProfileLines, 1);
	l->entries = g_array_new(FALSE, FALSE, sizeof(L2secProfileLine));
	g_array_set_clear_func(l->entries, line_clear);
	/* sized once (each line grows by at most its "\n"), so that the buffer never moves and
	 * the wipe on free reaches every byte ever written */
	l->text = g_string_sized_new(2 * len + 64);
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autofree char *group = NULL;
	size_t at = 0;
	for (unsigned no = 1; at < len; no++) {
		const char *nl = memchr(data + at, '\n', len - at);
		size_t n = nl != NULL ? (size_t)(nl - (data + at)) : len - at;
		if (!scan_line(l, name, no, data + at, n, seen, &group))
			break;
		at += n + 1;
	}
	return l;
}
