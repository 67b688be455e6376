/*
 * import_draft.c — the importers' draft profile; see import_draft.h.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "client/import_draft.h"
#include "common/secret.h"

/* l2sec.conf(5)'s keys in the order of profile_write.c. */
static const struct {
	const char *section, *key;
	bool secret;
} draft_keys[] = {
    {"connection", "description", false},
    {"connection", "gateway", false},
    {"ipsec", "ike-version", false},
    {"ipsec", "psk", true},
    {"ipsec", "psk-file", false},
    {"ipsec", "ike-proposals", false},
    {"ipsec", "esp-proposals", false},
    {"ipsec", "local-id", false},
    {"ipsec", "remote-id", false},
    {"ipsec", "ike-lifetime", false},
    {"ipsec", "esp-lifetime", false},
    {"ipsec", "pfs", false},
    {"ipsec", "nat-traversal", false},
    {"ipsec", "dpd-delay", false},
    {"l2tp", "source-port", false},
    {"l2tp", "hello-interval", false},
    {"l2tp", "tunnel-secret", true},
    {"l2tp", "tunnel-secret-file", false},
    {"ppp", "user", false},
    {"ppp", "password", true},
    {"ppp", "password-file", false},
    {"ppp", "auth", false},
    {"ppp", "mppe", false},
    {"ppp", "mtu", false},
    {"ppp", "mru", false},
    {"ppp", "lcp-echo-interval", false},
    {"ppp", "lcp-echo-failure", false},
    {"ppp", "use-peer-dns", false},
    {"routes", "default-route", false},
    {"routes", "routes", false},
    {"routes", "dns", false},
};

#define N_DRAFT_KEYS G_N_ELEMENTS(draft_keys)

struct L2secImportDraft {
	char *values[N_DRAFT_KEYS];
};

static size_t
key_index(const char *key)
{
	for (size_t i = 0; i < N_DRAFT_KEYS; i++)
		if (strcmp(draft_keys[i].key, key) == 0)
			return i;
	g_error("import draft: '%s' is not a profile key", key); /* a bug in an importer */
	return 0;
}

L2secImportDraft *
l2sec_import_draft_new(void)
{
	return g_new0(L2secImportDraft, 1);
}

void
l2sec_import_draft_unset(L2secImportDraft *d, const char *key)
{
	size_t i = key_index(key);
	if (draft_keys[i].secret)
		l2sec_secret_free_string(d->values[i]);
	else
		g_free(d->values[i]);
	d->values[i] = NULL;
}

void
l2sec_import_draft_free(L2secImportDraft *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < N_DRAFT_KEYS; i++)
		l2sec_import_draft_unset(d, draft_keys[i].key);
	g_free(d);
}

void
l2sec_import_draft_set(L2secImportDraft *d, const char *key, const char *value)
{
	l2sec_import_draft_unset(d, key);
	d->values[key_index(key)] = g_strdup(value);
}

const char *
l2sec_import_draft_get(const L2secImportDraft *d, const char *key)
{
	return d->values[key_index(key)];
}

void
l2sec_import_draft_render(const L2secImportDraft *d, L2secImport *out)
{
	const char *open = NULL;
	for (size_t i = 0; i < N_DRAFT_KEYS; i++) {
		const char *v = d->values[i];
		if (v == NULL)
			continue;
		if (draft_keys[i].secret && !l2sec_profile_text_value_ok(v)) {
			l2sec_import_missing(out, draft_keys[i].key);
			l2sec_import_note(out,
			    "the %s starts with '#', which a profile cannot hold inline: put it in "
			    "a file of its own and name it with %s-file",
			    draft_keys[i].key, draft_keys[i].key);
			continue;
		}
		if (open == NULL || strcmp(open, draft_keys[i].section) != 0) {
			if (open != NULL)
				g_string_append_c(out->profile, '\n');
			g_string_append_printf(out->profile, "[%s]\n", draft_keys[i].section);
			open = draft_keys[i].section;
		}
		g_string_append_printf(out->profile, "%s = ", draft_keys[i].key);
		l2sec_profile_text_append_value(out->profile, v);
		g_string_append_c(out->profile, '\n');
	}
}

void
l2sec_import_ignore(L2secImport *out, const char *key, const char *value, const char *why)
{
	g_ptr_array_add(out->ignored, g_strdup_printf("%s=%s (%s)", key, value, why));
}

void
l2sec_import_note(L2secImport *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_ptr_array_add(out->notes, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

void
l2sec_import_missing(L2secImport *out, const char *key)
{
	for (guint i = 0; i < out->missing_secrets->len; i++)
		if (strcmp(out->missing_secrets->pdata[i], key) == 0)
			return;
	g_ptr_array_add(out->missing_secrets, g_strdup(key));
}

static int
b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

bool
l2sec_import_base64_decode(const char *s, L2secSecret **ret)
{
	size_t n = strlen(s);
	g_autoptr(L2secSecret) out = l2sec_secret_new_zero(n / 4 * 3 + 3);
	size_t len = 0, pad = 0;
	uint32_t acc = 0;
	unsigned have = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		int v = b64_value(c);
		if (v < 0 || pad > 0) /* a foreign byte, or data after the padding */
			return false;
		acc = acc << 6 | (uint32_t)v;
		if (++have == 4) {
			out->data[len++] = (uint8_t)(acc >> 16);
			out->data[len++] = (uint8_t)(acc >> 8);
			out->data[len++] = (uint8_t)acc;
			acc = 0;
			have = 0;
		}
	}
	/* RFC 4648 §4: the last group is 2 or 3 characters padded to 4 (padding optional here) */
	if (have == 1 || pad > 2 || (pad > 0 && have + pad != 4))
		return false;
	if (have == 2) {
		out->data[len++] = (uint8_t)(acc >> 4);
	} else if (have == 3) {
		out->data[len++] = (uint8_t)(acc >> 10);
		out->data[len++] = (uint8_t)(acc >> 2);
	}
	out->len = len;
	*ret = g_steal_pointer(&out);
	return true;
}
