/*
 * profile_write.c — an L2secProfile back to l2sec.conf(5) text (import.h).
 * The canonical text: the sections and keys in the order of l2sec.conf(5),
 * "key = value" lines, only the keys whose value differs from the default, a
 * blank line between sections, values escaped the way the loader reads them.
 * Importers and exporters compare profiles through it, so it must give the
 * same text for two profiles that connect the same way.
 */
#include "config.h"

#include <string.h>

#include "client/import.h"
#include "client/profile_values.h"

bool
l2sec_profile_text_value_ok(const char *value)
{
	/* l2sec.conf(5): a '#' at the start of a value starts a comment; a '#' after a blank is
	 * written after an escaped blank (\s, \t), which the loader does not take for one */
	return value != NULL && value[0] != '#';
}

void
l2sec_profile_text_append_value(GString *out, const char *value)
{
	size_t n = strlen(value);
	for (size_t i = 0; i < n; i++) {
		char c = value[i];
		switch (c) {
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
		case ' ':
			/* blanks at either end are dropped, and a blank before '#' starts a comment
			 */
			if (i == 0 || i == n - 1 || value[i + 1] == '#')
				g_string_append(out, "\\s");
			else
				g_string_append_c(out, ' ');
			break;
		default:
			g_string_append_c(out, c);
			break;
		}
	}
}

/* Appends to one section; the header is written before its first key. */
typedef struct Writer {
	GString *out;
	const char *section;
	bool section_open;
} Writer;

static void
writer_section(Writer *w, const char *section)
{
	w->section = section;
	w->section_open = false;
}

static void
put(Writer *w, const char *key, const char *value)
{
	if (!w->section_open) {
		if (w->out->len > 0)
			g_string_append_c(w->out, '\n');
		g_string_append_printf(w->out, "[%s]\n", w->section);
		w->section_open = true;
	}
	g_string_append_printf(w->out, "%s = ", key);
	l2sec_profile_text_append_value(w->out, value);
	g_string_append_c(w->out, '\n');
}

static void
put_secret(Writer *w, const char *key, const L2secSecret *s)
{
	/* the secret as a string: L2secSecret always ends with a NUL not counted in len */
	put(w, key, (const char *)s->data);
}

static void
put_duration(Writer *w, const char *key, uint32_t seconds, uint32_t def)
{
	if (seconds == def)
		return;
	char buf[24];
	put(w, key, seconds == 0 ? "0" : l2sec_profile_format_duration(seconds, buf, sizeof(buf)));
}

static void
put_uint(Writer *w, const char *key, uint32_t v, uint32_t def, const char *zero_word)
{
	if (v == def)
		return;
	char buf[16];
	g_snprintf(buf, sizeof(buf), "%u", v);
	put(w, key, v == 0 && zero_word != NULL ? zero_word : buf);
}

static void
put_bool(Writer *w, const char *key, bool v, bool def)
{
	if (v != def)
		put(w, key, v ? "yes" : "no");
}

/* A secret, or the file it came from: inline when it is known and wanted. */
static void
put_secret_or_file(Writer *w, const char *key, const char *file_key, const L2secSecret *s,
    const char *file, bool with_secrets)
{
	if (with_secrets && s != NULL)
		put_secret(w, key, s);
	else if (file != NULL)
		put(w, file_key, file);
}

GString *
l2sec_profile_to_text(const L2secProfile *p, bool with_secrets)
{
	Writer w = {.out = g_string_new(NULL)};

	writer_section(&w, "connection");
	if (p->description != NULL)
		put(&w, "description", p->description);
	if (p->gateway != NULL)
		put(&w, "gateway", p->gateway);

	writer_section(&w, "ipsec");
	if (p->ike_version != 1)
		put_uint(&w, "ike-version", p->ike_version, 1, NULL);
	put_secret_or_file(&w, "psk", "psk-file", p->psk, p->psk_file, with_secrets);
	if (p->ike_proposals != NULL && strcmp(p->ike_proposals, "default") != 0)
		put(&w, "ike-proposals", p->ike_proposals);
	if (p->esp_proposals != NULL && strcmp(p->esp_proposals, "default") != 0)
		put(&w, "esp-proposals", p->esp_proposals);
	if (p->local_id != NULL)
		put(&w, "local-id", p->local_id);
	if (p->remote_id != NULL)
		put(&w, "remote-id", p->remote_id);
	put_duration(&w, "ike-lifetime", p->ike_lifetime, 8 * 3600);
	put_duration(&w, "esp-lifetime", p->esp_lifetime, 3600);
	if (p->pfs != NULL)
		put(&w, "pfs", p->pfs);
	if (p->nat_traversal != L2SEC_NAT_T_AUTO)
		put(&w, "nat-traversal", l2sec_nat_traversal_to_string(p->nat_traversal));
	put_duration(&w, "dpd-delay", p->dpd_delay, 30);

	writer_section(&w, "l2tp");
	if (p->source_port != 1701)
		put(&w, "source-port", p->source_port == 0 ? "ephemeral" : "1701");
	put_duration(&w, "hello-interval", p->hello_interval, 60);
	put_secret_or_file(&w, "tunnel-secret", "tunnel-secret-file", p->tunnel_secret,
	    p->tunnel_secret_file, with_secrets);

	writer_section(&w, "ppp");
	if (p->user != NULL)
		put(&w, "user", p->user);
	put_secret_or_file(
	    &w, "password", "password-file", p->password, p->password_file, with_secrets);
	if (p->auth != L2SEC_PPP_AUTH_MSCHAP_V2)
		put(&w, "auth", l2sec_ppp_auth_to_string(p->auth));
	if (p->mppe != L2SEC_MPPE_NO)
		put(&w, "mppe", l2sec_mppe_to_string(p->mppe));
	put_uint(&w, "mtu", p->mtu, 0, "auto");
	put_uint(&w, "mru", p->mru, 0, "auto");
	put_duration(&w, "lcp-echo-interval", p->lcp_echo_interval, 30);
	put_uint(&w, "lcp-echo-failure", p->lcp_echo_failure, 4, NULL);
	put_bool(&w, "use-peer-dns", p->use_peer_dns, true);

	writer_section(&w, "routes");
	put_bool(&w, "default-route", p->default_route, true);
	if (p->routes != NULL && p->routes->len > 0) {
		g_autoptr(GString) list = g_string_new(NULL);
		for (guint i = 0; i < p->routes->len; i++) {
			g_autofree char *r =
			    l2sec_route_to_string(&g_array_index(p->routes, L2secRoute, i));
			g_string_append_printf(list, "%s%s", i > 0 ? ", " : "", r);
		}
		put(&w, "routes", list->str);
	}
	put_bool(&w, "dns", p->dns, true);
	return w.out;
}

/* Wipe and free a text that may hold secrets. */
static void
text_free(GString *s)
{
	explicit_bzero(s->str, s->allocated_len);
	g_string_free(s, TRUE);
}

bool
l2sec_profile_equal(const L2secProfile *a, const L2secProfile *b)
{
	GString *ta = l2sec_profile_to_text(a, true);
	GString *tb = l2sec_profile_to_text(b, true);
	bool eq = g_string_equal(ta, tb);
	text_free(ta);
	text_free(tb);
	return eq;
}
