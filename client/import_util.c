/*
 * import_util.c — helpers of the pbk, PowerShell and Linux how-to importers;
 * see import_util.h.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <openssl/crypto.h>

#include "client/import_util.h"
#include "client/profile.h"
#include "ipsec/ike_proposal.h"

/* ---- text ---- */

static void
wipe_free(char *s, size_t len)
{
	if (s == NULL)
		return;
	OPENSSL_cleanse(s, len);
	g_free(s);
}

void
import_text_free(ImportText *t)
{
	if (t == NULL)
		return;
	g_free(t->label);
	wipe_free(t->buf, t->len);
	if (t->lines != NULL)
		g_ptr_array_unref(t->lines);
	g_free(t);
}

char *
import_file_label(const char *path)
{
	if (path == NULL || *path == '\0')
		return g_strdup("-");
	return g_path_get_basename(path);
}

/* The 1-based line of byte `at` of UTF-8 or single-byte text. */
static unsigned
line_of(const char *data, size_t at)
{
	unsigned line = 1;
	for (size_t i = 0; i < at; i++)
		if (data[i] == '\n' || (data[i] == '\r' && (i + 1 >= at || data[i + 1] != '\n')))
			line++;
	return line;
}

static bool
convert(ImportText *t, const char *data, size_t len, const char *from, GError **error)
{
	gsize got = 0;
	GError *inner = NULL;
	char *out = g_convert(data, (gssize)len, "UTF-8", from, NULL, &got, &inner);
	if (out == NULL) {
		import_fail(error, L2SEC_IMPORT_ERROR_MALFORMED, t->label, 0,
		    "not valid %s text: %s", from, inner->message);
		g_error_free(inner);
		return false;
	}
	t->buf = out;
	t->len = got;
	return true;
}

ImportText *
import_text_new(const L2secImportFile *f, bool ansi, GError **error)
{
	g_autoptr(ImportText) t = g_new0(ImportText, 1);
	t->label = import_file_label(f->path);
	const unsigned char *d = (const unsigned char *)f->data;
	size_t len = f->data != NULL ? f->len : 0;
	if (len >= 2 && ((d[0] == 0xff && d[1] == 0xfe) || (d[0] == 0xfe && d[1] == 0xff))) {
		bool le = d[0] == 0xff;
		if (len % 2 != 0) {
			import_fail(error, L2SEC_IMPORT_ERROR_MALFORMED, t->label, 0,
			    "UTF-16 text of an odd number of bytes (%zu)", len);
			return NULL;
		}
		if (!convert(t, f->data + 2, len - 2, le ? "UTF-16LE" : "UTF-16BE", error))
			return NULL;
	} else if (len >= 4 && d[0] != 0 && d[1] == 0 && d[2] != 0 && d[3] == 0 && len % 2 == 0) {
		/* UTF-16LE without a BOM: ASCII with every other byte 0 */
		if (!convert(t, f->data, len, "UTF-16LE", error))
			return NULL;
	} else {
		size_t skip = len >= 3 && d[0] == 0xef && d[1] == 0xbb && d[2] == 0xbf ? 3 : 0;
		const char *s = f->data + skip;
		size_t n = len - skip;
		const char *end = NULL;
		if (n > 0 && memchr(s, '\0', n) != NULL) {
			size_t at = (size_t)((const char *)memchr(s, '\0', n) - s);
			import_fail(error, L2SEC_IMPORT_ERROR_MALFORMED, t->label, line_of(s, at),
			    "NUL byte (is it a binary file?)");
			return NULL;
		}
		if (n == 0 || g_utf8_validate(s, (gssize)n, &end)) {
			t->buf = g_malloc(n + 1);
			if (n > 0)
				memcpy(t->buf, s, n);
			t->buf[n] = '\0';
			t->len = n;
		} else if (ansi) {
			if (!convert(t, s, n, "WINDOWS-1252", error))
				return NULL;
		} else {
			import_fail(error, L2SEC_IMPORT_ERROR_MALFORMED, t->label,
			    line_of(s, (size_t)(end - s)), "invalid UTF-8 at byte %zu",
			    (size_t)(end - s) + skip);
			return NULL;
		}
	}
	/* a converted text may hold U+0000 */
	if (strlen(t->buf) != t->len) {
		import_fail(error, L2SEC_IMPORT_ERROR_MALFORMED, t->label,
		    line_of(t->buf, strlen(t->buf)), "NUL character");
		return NULL;
	}
	t->lines = g_ptr_array_new();
	char *p = t->buf;
	g_ptr_array_add(t->lines, p);
	for (; *p != '\0'; p++) {
		if (*p != '\r' && *p != '\n')
			continue;
		if (p[0] == '\r' && p[1] == '\n')
			*p++ = '\0';
		*p = '\0';
		g_ptr_array_add(t->lines, p + 1);
	}
	/* a final line end does not start another line */
	if (t->lines->len > 1 && *(char *)t->lines->pdata[t->lines->len - 1] == '\0')
		g_ptr_array_set_size(t->lines, t->lines->len - 1);
	return g_steal_pointer(&t);
}

/* ---- messages ---- */

bool
import_fail(GError **error, int code, const char *file, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (line > 0)
		g_set_error(error, L2SEC_IMPORT_ERROR, code, "%s:%u: %s", file, line, msg);
	else
		g_set_error(error, L2SEC_IMPORT_ERROR, code, "%s: %s", file, msg);
	return false;
}

void
import_ignore(L2secImport *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_ptr_array_add(out->ignored, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

void
import_note(L2secImport *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_ptr_array_add(out->notes, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

void
import_missing(L2secImport *out, const char *key)
{
	for (guint i = 0; i < out->missing_secrets->len; i++)
		if (strcmp(out->missing_secrets->pdata[i], key) == 0)
			return;
	g_ptr_array_add(out->missing_secrets, g_strdup(key));
}

char *
import_strip(char *s)
{
	return g_strstrip(s);
}

/* ---- the profile ---- */

/* Every key of l2sec.conf(5), in its order (which is the order written). */
static const struct {
	const char *section, *key;
} profile_keys[] = {
    {"connection", "description"},
    {"connection", "gateway"},
    {"ipsec", "ike-version"},
    {"ipsec", "psk"},
    {"ipsec", "psk-file"},
    {"ipsec", "ike-proposals"},
    {"ipsec", "esp-proposals"},
    {"ipsec", "local-id"},
    {"ipsec", "remote-id"},
    {"ipsec", "ike-lifetime"},
    {"ipsec", "esp-lifetime"},
    {"ipsec", "pfs"},
    {"ipsec", "nat-traversal"},
    {"ipsec", "dpd-delay"},
    {"l2tp", "source-port"},
    {"l2tp", "hello-interval"},
    {"l2tp", "tunnel-secret"},
    {"l2tp", "tunnel-secret-file"},
    {"ppp", "user"},
    {"ppp", "password"},
    {"ppp", "password-file"},
    {"ppp", "auth"},
    {"ppp", "mppe"},
    {"ppp", "mtu"},
    {"ppp", "mru"},
    {"ppp", "lcp-echo-interval"},
    {"ppp", "lcp-echo-failure"},
    {"ppp", "use-peer-dns"},
    {"routes", "default-route"},
    {"routes", "routes"},
    {"routes", "dns"},
};

#define N_PROFILE_KEYS G_N_ELEMENTS(profile_keys)

struct ImportProfile {
	char *values[N_PROFILE_KEYS];
};

static size_t
key_index(const char *key)
{
	for (size_t i = 0; i < N_PROFILE_KEYS; i++)
		if (strcmp(profile_keys[i].key, key) == 0)
			return i;
	g_error("import: unknown profile key '%s'", key); /* a bug in an importer */
	return 0;
}

ImportProfile *
import_profile_new(void)
{
	return g_new0(ImportProfile, 1);
}

void
import_profile_free(ImportProfile *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < N_PROFILE_KEYS; i++)
		l2sec_secret_free_string(p->values[i]);
	g_free(p);
}

/* Whether the value can be written on a profile line, with the escapes of l2sec.conf(5). */
static bool
writable(const char *value)
{
	if (*value == '\0' || *value == '#')
		return false;
	for (const unsigned char *c = (const unsigned char *)value; *c != '\0'; c++)
		if ((*c < 0x20 && *c != '\t' && *c != '\n') || *c == 0x7f)
			return false;
	return true;
}

bool
import_profile_set(ImportProfile *p, const char *key, const char *value)
{
	size_t i = key_index(key);
	if (!writable(value))
		return false;
	l2sec_secret_free_string(p->values[i]);
	p->values[i] = g_strdup(value);
	return true;
}

const char *
import_profile_get(const ImportProfile *p, const char *key)
{
	return p->values[key_index(key)];
}

void
import_profile_unset(ImportProfile *p, const char *key)
{
	size_t i = key_index(key);
	l2sec_secret_free_string(p->values[i]);
	p->values[i] = NULL;
}

/* Write `value` escaped: \\ \n \t, and \s for a space at either end or before '#'. */
static void
append_escaped(GString *s, const char *value)
{
	size_t n = strlen(value);
	for (size_t i = 0; i < n; i++) {
		char c = value[i];
		if (c == '\\')
			g_string_append(s, "\\\\");
		else if (c == '\n')
			g_string_append(s, "\\n");
		else if (c == '\t')
			g_string_append(s, "\\t");
		else if (c == ' ' && (i == 0 || i + 1 == n || value[i + 1] == '#'))
			g_string_append(s, "\\s");
		else
			g_string_append_c(s, c);
	}
}

char *
import_file_stem(const char *name)
{
	GString *s = g_string_new(NULL);
	if (name != NULL && g_utf8_validate(name, -1, NULL)) {
		for (const char *c = name; *c != '\0'; c = g_utf8_next_char(c)) {
			gunichar u = g_utf8_get_char(c);
			bool keep = g_unichar_isalnum(u) || u == '.' || u == '_' || u == '-';
			if (keep)
				g_string_append_unichar(s, u);
			else if (s->len > 0 && s->str[s->len - 1] != '-')
				g_string_append_c(s, '-');
		}
	}
	while (s->len > 0 && s->str[s->len - 1] == '-')
		g_string_truncate(s, s->len - 1);
	while (s->len > 0 && (s->str[0] == '.' || s->str[0] == '-'))
		g_string_erase(s, 0, 1);
	if (s->len == 0)
		g_string_assign(s, "vpn");
	return g_string_free(s, FALSE);
}

bool
import_profile_finish(ImportProfile *p, const char *file, const char *name, const char *source_kind,
    L2secImport *out, GError **error)
{
	if (import_profile_get(p, "gateway") == NULL)
		return import_fail(error, L2SEC_IMPORT_ERROR_MALFORMED, file, 0,
		    "no server address in %s", source_kind);
	const char *desc = import_profile_get(p, "description");
	if (desc != NULL && strlen(desc) > 256) {
		/* l2sec.conf(5): at most 256 bytes; cut at a character boundary */
		const char *end = desc + 256;
		while (end > desc && (*end & 0xc0) == 0x80)
			end--;
		g_autofree char *cut = g_strndup(desc, (gsize)(end - desc));
		import_profile_set(p, "description", cut);
		import_note(out, "the connection name is longer than 256 bytes: the description "
				 "keeps its start");
	}
	if (import_profile_get(p, "psk") == NULL && import_profile_get(p, "psk-file") == NULL) {
		g_autofree char *stem = import_file_stem(name);
		g_autofree char *psk_file = g_strconcat(stem, ".psk", NULL);
		import_profile_set(p, "psk-file", psk_file);
		import_missing(out, "psk");
		import_note(out,
		    "the pre-shared key is not in %s: write it to %s next to the profile "
		    "(chmod 600), or replace psk-file with psk",
		    source_kind, psk_file);
	}
	if (import_profile_get(p, "user") == NULL) {
		import_profile_set(p, "user", IMPORT_USER_PLACEHOLDER);
		import_missing(out, "user");
		import_note(out, "the user name is not in %s: replace user = %s in [ppp]",
		    source_kind, IMPORT_USER_PLACEHOLDER);
	}
	if (import_profile_get(p, "password") == NULL &&
	    import_profile_get(p, "password-file") == NULL)
		import_missing(out, "password");

	GString *text = out->profile;
	g_string_truncate(text, 0);
	const char *section = NULL;
	for (size_t i = 0; i < N_PROFILE_KEYS; i++) {
		if (p->values[i] == NULL)
			continue;
		if (section == NULL || strcmp(section, profile_keys[i].section) != 0) {
			section = profile_keys[i].section;
			g_string_append_printf(
			    text, "%s[%s]\n", text->len > 0 ? "\n" : "", section);
		}
		g_string_append_printf(text, "%s = ", profile_keys[i].key);
		append_escaped(text, p->values[i]);
		g_string_append_c(text, '\n');
	}
	g_free(out->name);
	out->name = g_strdup(name);

	/* the command loads the text again; loading it here keeps the promise that an
	 * importer never hands over a profile that does not load */
	g_autoptr(GError) inner = NULL;
	g_autofree char *stem = import_file_stem(name);
	g_autofree char *conf = g_strconcat(stem, ".conf", NULL);
	g_autoptr(L2secProfile) loaded = l2sec_profile_load_data(
	    conf, text->str, text->len, NULL, L2SEC_PROFILE_NO_SECRET_FILES, NULL, &inner);
	if (loaded == NULL) {
		OPENSSL_cleanse(text->str, text->len);
		g_string_truncate(text, 0);
		return import_fail(error, L2SEC_IMPORT_ERROR_MALFORMED, file, 0,
		    "the imported profile does not load: %s", inner->message);
	}
	return true;
}

bool
import_proposals_ok(bool ike, const char *list, GError **error)
{
	g_autoptr(GPtrArray) parsed = NULL;
	return ike ? ike_proposal_parse_ike(list, &parsed, error)
		   : ike_proposal_parse_esp(list, &parsed, error);
}
