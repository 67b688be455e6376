/*
 * import_nm.c — NetworkManager L2TP connections (import.h): the keyfile
 * NetworkManager keeps (/etc/NetworkManager/system-connections/NAME.nmconnection,
 * [vpn] service-type=org.freedesktop.NetworkManager.l2tp with the data keys
 * in [vpn] and the secrets in [vpn-secrets]) and the file NetworkManager-l2tp's
 * editor exports (the same data keys in [vpn], booleans written true/false,
 * [ipv4] routes as "a.b.c.d/p via g metric m"). Both are GKeyFile files; the
 * key table is notes/networkmanager.md §2. Each key is mapped or listed in
 * `ignored` with the reason; a value l2sec cannot take is an error naming the
 * line. Exporters write the same keys back.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>

#include "client/import.h"
#include "client/import_draft.h"
#include "client/profile_values.h"
#include "common/secret.h"
#include "ipsec/ike_proposal.h"

#define NM_L2TP_SERVICE "org.freedesktop.NetworkManager.l2tp"

/* The source and what the keys said, before the draft is built. */
typedef struct NmImport {
	const L2secImportFile *f;
	GKeyFile *kf;
	bool is_export;
	L2secImport *out;
	L2secImportDraft *draft;
	char *user, *domain;
	L2secSecret *psk, *password;
	bool psk_secret_seen;
	bool refuse_pap, refuse_chap, refuse_mschap, refuse_mschapv2, refuse_eap;
	bool require_mppe;
	bool pfs;
	bool pfs_set;
	unsigned password_flags, psk_flags;
} NmImport;

/* ---- lines, for messages ---- */

/* The 1-based line of `key` in [group] (the last one, as GKeyFile keeps), or 0. */
static unsigned
line_of(const L2secImportFile *f, const char *group, const char *key)
{
	unsigned line = 0, found = 0;
	bool in_group = false;
	size_t klen = key != NULL ? strlen(key) : 0;
	for (size_t i = 0; i < f->len;) {
		size_t e = i;
		while (e < f->len && f->data[e] != '\n')
			e++;
		line++;
		size_t s = i;
		while (s < e && (f->data[s] == ' ' || f->data[s] == '\t'))
			s++;
		if (s < e && f->data[s] == '[') {
			size_t close = s;
			while (close < e && f->data[close] != ']')
				close++;
			in_group = close - s - 1 == strlen(group) &&
				   memcmp(f->data + s + 1, group, close - s - 1) == 0;
			if (in_group && key == NULL)
				return line;
		} else if (in_group && key != NULL && e - s > klen &&
			   memcmp(f->data + s, key, klen) == 0) {
			size_t k = s + klen;
			while (k < e && (f->data[k] == ' ' || f->data[k] == '\t'))
				k++;
			if (k < e && f->data[k] == '=')
				found = line;
		}
		i = e + 1;
	}
	return found;
}

static bool nm_fail(NmImport *nm, GError **error, int code, const char *group, const char *key,
    const char *fmt, ...) G_GNUC_PRINTF(6, 7);

/* "FILE:LINE: [group] key: message" */
static bool
nm_fail(NmImport *nm, GError **error, int code, const char *group, const char *key, const char *fmt,
    ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	unsigned line = group != NULL ? line_of(nm->f, group, key) : 0;
	g_autofree char *where =
	    key != NULL ? g_strdup_printf("[%s] %s: ", group, key)
			: (group != NULL ? g_strdup_printf("[%s]: ", group) : g_strdup(""));
	if (line > 0)
		g_set_error(
		    error, L2SEC_IMPORT_ERROR, code, "%s:%u: %s%s", nm->f->path, line, where, msg);
	else
		g_set_error(error, L2SEC_IMPORT_ERROR, code, "%s: %s%s", nm->f->path, where, msg);
	return false;
}

/* ---- values ---- */

static bool
nm_bool(const char *v, bool *ret)
{
	if (g_ascii_strcasecmp(v, "yes") == 0 || g_ascii_strcasecmp(v, "true") == 0 ||
	    strcmp(v, "1") == 0)
		*ret = true;
	else if (g_ascii_strcasecmp(v, "no") == 0 || g_ascii_strcasecmp(v, "false") == 0 ||
		 strcmp(v, "0") == 0)
		*ret = false;
	else
		return false;
	return true;
}

/*
 * An ipsec-ike / ipsec-esp value (strongSwan or Libreswan syntax) in l2sec's syntax:
 * strongSwan's strict '!' dropped, Libreswan's "aes256-sha1;modp2048" joined with '-',
 * "sha2_256" and "ecp_384" spelled the strongSwan way. NULL with *why when l2sec's
 * proposal parser refuses it.
 */
static char *
nm_proposals(const char *value, bool ike, char **ret_why)
{
	g_autofree char *lower = g_ascii_strdown(value, -1);
	g_autoptr(GString) s = g_string_new(NULL);
	for (const char *c = lower; *c != '\0'; c++) {
		if (*c == '!' || *c == ' ')
			continue;
		if (*c == ';')
			g_string_append_c(s, '-');
		else if (g_str_has_prefix(c, "sha2_")) {
			g_string_append(s, "sha");
			c += 4;
		} else if (g_str_has_prefix(c, "ecp_")) {
			g_string_append(s, "ecp");
			c += 3;
		} else
			g_string_append_c(s, *c);
	}
	GError *inner = NULL;
	char *norm = NULL;
	g_autoptr(GPtrArray) parsed = NULL;
	if (!l2sec_profile_parse_proposals(s->str, &norm, &inner) ||
	    !(ike ? ike_proposal_parse_ike(norm, &parsed, &inner)
		  : ike_proposal_parse_esp(norm, &parsed, &inner))) {
		*ret_why = g_strdup(inner->message);
		g_error_free(inner);
		g_free(norm);
		return NULL;
	}
	/* l2sec's own keywords, as its exporter expands them */
	g_autofree char *list =
	    ike ? ike_proposal_ike_list_to_string(parsed) : ike_proposal_esp_list_to_string(parsed);
	static const char *const keywords[] = {"default", "legacy"};
	for (size_t i = 0; i < G_N_ELEMENTS(keywords); i++) {
		g_autoptr(GPtrArray) kw = NULL;
		if (!(ike ? ike_proposal_parse_ike(keywords[i], &kw, NULL)
			  : ike_proposal_parse_esp(keywords[i], &kw, NULL)))
			continue;
		g_autofree char *kl =
		    ike ? ike_proposal_ike_list_to_string(kw) : ike_proposal_esp_list_to_string(kw);
		if (strcmp(kl, list) == 0) {
			g_free(norm);
			return g_strdup(keywords[i]);
		}
	}
	return norm;
}

/* A lifetime in seconds (NetworkManager-l2tp writes plain seconds; "3h" is taken too). */
static bool
nm_lifetime(
    NmImport *nm, const char *key, const char *value, const char *profile_key, GError **error)
{
	uint32_t secs;
	if (!l2sec_profile_parse_duration(value, &secs))
		return nm_fail(nm, error, L2SEC_IMPORT_ERROR_MALFORMED, "vpn", key,
		    "'%s' is not a number of seconds", value);
	if (secs < 60 || secs > 48 * 3600) {
		l2sec_import_ignore(nm->out, key, value, "l2sec takes 1m to 48h; kept its default");
		return true;
	}
	char buf[24];
	l2sec_import_draft_set(
	    nm->draft, profile_key, l2sec_profile_format_duration(secs, buf, sizeof(buf)));
	return true;
}

/* mtu, mru: 576..1500, anything else is ignored with the range. */
static bool
nm_mtu(NmImport *nm, const char *key, const char *value, GError **error)
{
	uint32_t v;
	if (!l2sec_profile_parse_uint(value, UINT32_MAX, &v))
		return nm_fail(nm, error, L2SEC_IMPORT_ERROR_MALFORMED, "vpn", key,
		    "'%s' is not a number", value);
	if (v < 576 || v > 1500) {
		l2sec_import_ignore(nm->out, key, value, "l2sec takes 576 to 1500; left to PPP");
		return true;
	}
	l2sec_import_draft_set(nm->draft, key, value);
	return true;
}

/* A secret's value: "0s" and base64 is Libreswan's form, which NetworkManager-l2tp accepts. */
static bool
nm_secret(NmImport *nm, const char *group, const char *key, const char *value, bool b64_prefix,
    L2secSecret **ret, GError **error)
{
	if (b64_prefix && g_str_has_prefix(value, "0s")) {
		L2secSecret *s = NULL;
		if (!l2sec_import_base64_decode(value + 2, &s) || s->len == 0 ||
		    memchr(s->data, '\0', s->len) != NULL) {
			l2sec_secret_free(s);
			return nm_fail(nm, error, L2SEC_IMPORT_ERROR_MALFORMED, group, key,
			    "a value starting with 0s must be base64 text of the key");
		}
		l2sec_secret_free(*ret);
		*ret = s;
		return true;
	}
	l2sec_secret_free(*ret);
	*ret = l2sec_secret_new_str(value);
	return true;
}

/* ---- keys ---- */

/* Keys l2sec does not map, and why. */
static const struct {
	const char *group, *key, *why;
} nm_ignored[] = {
    {"connection", "uuid", "NetworkManager's identifier"},
    {"connection", "autoconnect", "l2sec connects on request"},
    {"connection", "permissions", "profiles in /etc/l2sec/profiles belong to root"},
    {"connection", "timestamp", "NetworkManager's bookkeeping"},
    {"connection", "interface-name", "pppd names the interface"},
    {"connection", "secondaries", "l2sec brings up no other connection"},
    {"vpn", "user-name", "NetworkManager's owner of the connection, not the PPP user"},
    {"vpn", "unit", "pppd picks the interface number"},
    {"vpn", "mrru", "l2sec does not do PPP multilink"},
    {"vpn", "mppe-stateful", "l2sec uses stateless MPPE"},
    {"vpn", "require-mppe-40", "l2sec negotiates 128-bit MPPE only"},
    {"vpn", "nobsdcomp", "l2sec's pppd never negotiates compression"},
    {"vpn", "nodeflate", "l2sec's pppd never negotiates compression"},
    {"vpn", "no-vj-comp", "l2sec's pppd never negotiates compression"},
    {"vpn", "nopcomp", "l2sec's pppd never negotiates compression"},
    {"vpn", "noaccomp", "l2sec's pppd never negotiates compression"},
    {"vpn", "xl2tpd-max-retries", "l2sec has its own L2TP engine"},
    {"vpn", "ipcp-peer-ip", "the server's PPP address comes from IPCP"},
    {"vpn", "ipsec-ipcomp", "l2sec does not do IPComp"},
    {"vpn", "user-certpass-flags", "no certificates in l2sec"},
    {"vpn", "machine-certpass-flags", "no certificates in l2sec"},
    {"vpn", "user-ca", "no certificates in l2sec"},
    {"vpn", "machine-ca", "no certificates in l2sec"},
    {"vpn", "timeout", "l2sec has its own timers"},
    {"vpn", "persistent", "l2sec connects on request"},
    {"vpn-secrets", "user-certpass", "no certificates in l2sec"},
    {"vpn-secrets", "machine-certpass", "no certificates in l2sec"},
    {"ipv4", "dns", "l2sec uses the DNS servers PPP gives"},
    {"ipv4", "dns-search", "l2sec sets no search domains"},
    {"ipv4", "dns-priority", "l2sec sets no DNS priority"},
    {"ipv4", "ignore-auto-routes", "PPP gives no routes"},
    {"ipv4", "dhcp-send-hostname", "there is no DHCP over PPP"},
    {"ipv4", "may-fail", "NetworkManager's bookkeeping"},
    {"ipv4", "route-metric", "l2sec sets its own metric"},
    {"ipv4", "address1", "the address comes from IPCP"},
    {"ipv4", "addresses", "the address comes from IPCP"},
    {"ipv4", "gateway", "routes go through the PPP interface"},
};

static const char *
ignored_why(const char *group, const char *key)
{
	for (size_t i = 0; i < G_N_ELEMENTS(nm_ignored); i++)
		if (strcmp(nm_ignored[i].group, group) == 0 && strcmp(nm_ignored[i].key, key) == 0)
			return nm_ignored[i].why;
	return NULL;
}

/* One route of [ipv4]/[ipv6]: "NET/P", "NET/P,GW[,METRIC]" (keyfile routeN) or
 * "NET/P via GW metric M" (the export's routes list). The gateway and metric are ignored. */
static bool
nm_route(NmImport *nm, const char *group, const char *key, const char *item, GString *routes,
    GError **error)
{
	g_autofree char *net = g_strstrip(g_strdup(item));
	char *cut = strpbrk(net, ", ");
	g_autofree char *rest = NULL;
	if (cut != NULL) {
		rest = g_strstrip(g_strdup(cut + 1));
		*cut = '\0';
	}
	L2secRoute r;
	GError *inner = NULL;
	if (!l2sec_profile_parse_route(net, &r, &inner)) {
		bool ok = nm_fail(nm, error, L2SEC_IMPORT_ERROR_MALFORMED, group, key, "'%s': %s",
		    net, inner->message);
		g_error_free(inner);
		return ok;
	}
	if ((strcmp(group, "ipv6") == 0) != (r.family != AF_INET))
		return nm_fail(nm, error, L2SEC_IMPORT_ERROR_MALFORMED, group, key,
		    "'%s' is not an %s network", net, strcmp(group, "ipv6") == 0 ? "IPv6" : "IPv4");
	g_autofree char *s = l2sec_route_to_string(&r);
	g_string_append_printf(routes, "%s%s", routes->len > 0 ? ", " : "", s);
	if (rest != NULL && *rest != '\0')
		l2sec_import_ignore(nm->out, key, item,
		    "l2sec routes through the tunnel: gateway "
		    "and metric do not apply");
	return true;
}

static bool
nm_ip_key(NmImport *nm, const char *group, const char *key, const char *value, GString *routes,
    GError **error)
{
	bool b;
	if (strcmp(key, "method") == 0) {
		if (strcmp(value, "auto") != 0 &&
		    !(strcmp(group, "ipv6") == 0 &&
			(strcmp(value, "ignore") == 0 || strcmp(value, "disabled") == 0)))
			l2sec_import_ignore(
			    nm->out, key, value, "l2sec takes the address IPCP gives");
		return true;
	}
	if (strcmp(key, "never-default") == 0) {
		if (!nm_bool(value, &b))
			return nm_fail(nm, error, L2SEC_IMPORT_ERROR_MALFORMED, group, key,
			    "'%s' is not true or false", value);
		if (strcmp(group, "ipv6") == 0) {
			if (b)
				l2sec_import_ignore(nm->out, key, value,
				    "[ipv4] never-default decides default-route");
			return true;
		}
		if (b)
			l2sec_import_draft_set(nm->draft, "default-route", "no");
		return true;
	}
	if (strcmp(key, "ignore-auto-dns") == 0) {
		if (!nm_bool(value, &b))
			return nm_fail(nm, error, L2SEC_IMPORT_ERROR_MALFORMED, group, key,
			    "'%s' is not true or false", value);
		if (b && strcmp(group, "ipv6") != 0)
			l2sec_import_draft_set(nm->draft, "use-peer-dns", "no");
		return true;
	}
	if (strcmp(key, "routes") == 0) {
		/* the export's list: ';' (GKeyFile lists) or ',' between items */
		g_auto(GStrv) items = g_strsplit_set(value, ";,", -1);
		for (char **it = items; *it != NULL; it++) {
			if (*g_strstrip(*it) == '\0')
				continue;
			/* with ',' as separator, "NET/P via GW" has no comma inside */
			if (!nm_route(nm, group, key, *it, routes, error))
				return false;
		}
		return true;
	}
	if (g_str_has_prefix(key, "route") && g_ascii_isdigit(key[5]) &&
	    strspn(key + 5, "0123456789") == strlen(key + 5))
		return nm_route(nm, group, key, value, routes, error);
	const char *why = ignored_why("ipv4", key);
	l2sec_import_ignore(nm->out, key, value, why != NULL ? why : "not an l2sec setting");
	return true;
}

static bool
nm_vpn_key(NmImport *nm, const char *key, const char *value, GError **error)
{
	bool b = false;
	bool is_bool_key = g_str_has_prefix(key, "refuse-") || strcmp(key, "require-mppe") == 0 ||
			   strcmp(key, "require-mppe-128") == 0 ||
			   strcmp(key, "ipsec-enabled") == 0 ||
			   strcmp(key, "ipsec-forceencaps") == 0 || strcmp(key, "ipsec-pfs") == 0 ||
			   strcmp(key, "ipsec-ikev2") == 0 || strcmp(key, "ephemeral-port") == 0;
	if (is_bool_key && !nm_bool(value, &b))
		return nm_fail(nm, error, L2SEC_IMPORT_ERROR_MALFORMED, "vpn", key,
		    "'%s' is not yes or no", value);

	if (strcmp(key, "service-type") == 0)
		return true; /* checked by the caller */
	if (strcmp(key, "gateway") == 0) {
		l2sec_import_draft_set(nm->draft, "gateway", value);
		return true;
	}
	if (strcmp(key, "user") == 0) {
		g_free(nm->user);
		nm->user = g_strdup(value);
		return true;
	}
	if (strcmp(key, "domain") == 0) {
		g_free(nm->domain);
		nm->domain = g_strdup(value);
		return true;
	}
	if (strcmp(key, "user-auth-type") == 0 || strcmp(key, "machine-auth-type") == 0) {
		const char *want = key[0] == 'u' ? "password" : "psk";
		if (strcmp(value, want) != 0)
			return nm_fail(nm, error, L2SEC_IMPORT_ERROR_UNSUPPORTED, "vpn", key,
			    "'%s': l2sec authenticates with a %s only, not certificates", value,
			    key[0] == 'u' ? "PPP password" : "pre-shared key");
		return true;
	}
	if (strcmp(key, "user-cert") == 0 || strcmp(key, "user-key") == 0 ||
	    strcmp(key, "machine-cert") == 0 || strcmp(key, "machine-key") == 0) {
		l2sec_import_ignore(nm->out, key, value, "no certificates in l2sec");
		return true;
	}
	if (strcmp(key, "ipsec-enabled") == 0) {
		if (!b)
			return nm_fail(nm, error, L2SEC_IMPORT_ERROR_UNSUPPORTED, "vpn", key,
			    "L2TP without IPsec: l2sec always protects L2TP with IPsec");
		return true;
	}
	if (strcmp(key, "ipsec-psk") == 0) /* the legacy data-item copy */
		return nm_secret(nm, "vpn", key, value, true, &nm->psk, error);
	if (strcmp(key, "password-flags") == 0 || strcmp(key, "ipsec-psk-flags") == 0) {
		uint32_t fl;
		if (!l2sec_profile_parse_uint(value, 15, &fl))
			return nm_fail(nm, error, L2SEC_IMPORT_ERROR_MALFORMED, "vpn", key,
			    "'%s' is not NetworkManager secret flags (0 to 15)", value);
		if (key[0] == 'p')
			nm->password_flags = fl;
		else
			nm->psk_flags = fl;
		return true;
	}
	if (strcmp(key, "ipsec-ike") == 0 || strcmp(key, "ipsec-esp") == 0) {
		bool ike = strcmp(key, "ipsec-ike") == 0;
		g_autofree char *why = NULL;
		g_autofree char *norm = nm_proposals(value, ike, &why);
		if (norm == NULL) {
			l2sec_import_ignore(nm->out, key, value, why);
			return true;
		}
		l2sec_import_draft_set(nm->draft, ike ? "ike-proposals" : "esp-proposals", norm);
		return true;
	}
	if (strcmp(key, "ipsec-ikelifetime") == 0)
		return nm_lifetime(nm, key, value, "ike-lifetime", error);
	if (strcmp(key, "ipsec-salifetime") == 0)
		return nm_lifetime(nm, key, value, "esp-lifetime", error);
	if (strcmp(key, "ipsec-forceencaps") == 0) {
		if (b)
			l2sec_import_draft_set(nm->draft, "nat-traversal", "force");
		return true;
	}
	if (strcmp(key, "ipsec-pfs") == 0) {
		nm->pfs = b;
		nm->pfs_set = true;
		return true;
	}
	if (strcmp(key, "ipsec-ikev2") == 0) {
		if (b)
			l2sec_import_draft_set(nm->draft, "ike-version", "2");
		return true;
	}
	if (strcmp(key, "ipsec-remote-id") == 0 ||
	    (strcmp(key, "ipsec-gateway-id") == 0 &&
		!g_key_file_has_key(nm->kf, "vpn", "ipsec-remote-id", NULL))) {
		l2sec_import_draft_set(nm->draft, "remote-id", value);
		return true;
	}
	if (strcmp(key, "ipsec-gateway-id") == 0) {
		l2sec_import_ignore(nm->out, key, value, "ipsec-remote-id is set and wins");
		return true;
	}
	if (strcmp(key, "ipsec-group-name") == 0) {
		l2sec_import_draft_set(nm->draft, "local-id", value);
		return true;
	}
	if (strcmp(key, "ephemeral-port") == 0) {
		if (b)
			l2sec_import_draft_set(nm->draft, "source-port", "ephemeral");
		return true;
	}
	if (g_str_has_prefix(key, "refuse-")) {
		const char *what = key + 7;
		bool *flag = strcmp(what, "pap") == 0        ? &nm->refuse_pap
			     : strcmp(what, "chap") == 0     ? &nm->refuse_chap
			     : strcmp(what, "mschap") == 0   ? &nm->refuse_mschap
			     : strcmp(what, "mschapv2") == 0 ? &nm->refuse_mschapv2
			     : strcmp(what, "eap") == 0      ? &nm->refuse_eap
							     : NULL;
		if (flag == NULL) {
			l2sec_import_ignore(nm->out, key, value, "not a NetworkManager-l2tp key");
			return true;
		}
		*flag = b;
		return true;
	}
	if (strcmp(key, "require-mppe") == 0 || strcmp(key, "require-mppe-128") == 0) {
		nm->require_mppe = nm->require_mppe || b;
		return true;
	}
	if (strcmp(key, "mtu") == 0 || strcmp(key, "mru") == 0)
		return nm_mtu(nm, key, value, error);
	if (strcmp(key, "lcp-echo-interval") == 0 || strcmp(key, "lcp-echo-failure") == 0) {
		uint32_t v;
		uint32_t max = key[9] == 'i' ? 3600 : 100;
		if (!l2sec_profile_parse_uint(value, UINT32_MAX, &v))
			return nm_fail(nm, error, L2SEC_IMPORT_ERROR_MALFORMED, "vpn", key,
			    "'%s' is not a number", value);
		if (v > max) {
			l2sec_import_ignore(nm->out, key, value,
			    max == 100 ? "l2sec takes 0 to 100; kept its default"
				       : "l2sec takes up to 1h; kept its default");
			return true;
		}
		char buf[24];
		l2sec_import_draft_set(nm->draft, key,
		    max == 100 || v == 0 ? value
					 : l2sec_profile_format_duration(v, buf, sizeof(buf)));
		return true;
	}
	const char *why = ignored_why("vpn", key);
	l2sec_import_ignore(
	    nm->out, key, value, why != NULL ? why : "not a NetworkManager-l2tp key l2sec knows");
	return true;
}

/* The PPP authentication: the strongest protocol the source does not refuse. */
static bool
nm_auth(NmImport *nm, GError **error)
{
	const char *auth;
	if (!nm->refuse_mschapv2)
		auth = "mschap-v2";
	else if (!nm->refuse_eap)
		auth = "eap";
	else if (!nm->refuse_chap)
		auth = "chap";
	else if (!nm->refuse_pap)
		auth = "pap";
	else
		return nm_fail(nm, error, L2SEC_IMPORT_ERROR_UNSUPPORTED, "vpn", "refuse-pap",
		    "every PPP authentication l2sec has (MS-CHAPv2, EAP, CHAP, PAP) is refused");
	if (strcmp(auth, "mschap-v2") != 0)
		l2sec_import_draft_set(nm->draft, "auth", auth);
	if (!nm->refuse_mschapv2 && !nm->refuse_mschap)
		l2sec_import_note(nm->out, "MS-CHAP (v1) was allowed too; l2sec uses MS-CHAPv2");
	return true;
}

static bool
nm_finish(NmImport *nm, GError **error)
{
	if (l2sec_import_draft_get(nm->draft, "gateway") == NULL)
		return nm_fail(nm, error, L2SEC_IMPORT_ERROR_MALFORMED, "vpn", NULL,
		    "no gateway: the connection names no server");
	if (nm->user == NULL)
		return nm_fail(nm, error, L2SEC_IMPORT_ERROR_MALFORMED, "vpn", NULL,
		    "no user: l2sec needs the PPP user name");
	g_autofree char *user = nm->domain != NULL && *nm->domain != '\0'
				    ? g_strdup_printf("%s\\%s", nm->domain, nm->user)
				    : g_strdup(nm->user);
	l2sec_import_draft_set(nm->draft, "user", user);
	if (!nm_auth(nm, error))
		return false;
	if (nm->require_mppe) {
		if (nm->refuse_mschapv2 && nm->refuse_eap)
			return nm_fail(nm, error, L2SEC_IMPORT_ERROR_UNSUPPORTED, "vpn",
			    "require-mppe", "MPPE needs MS-CHAPv2 or EAP, which are refused");
		l2sec_import_draft_set(nm->draft, "mppe", "required");
	}
	if (nm->pfs_set && nm->pfs) {
		/* Libreswan's PFS uses the phase-1 group: the first IKE proposal's */
		const char *ike = l2sec_import_draft_get(nm->draft, "ike-proposals");
		g_autoptr(GPtrArray) list = NULL;
		if (ike_proposal_parse_ike(ike, &list, NULL) && list->len > 0) {
			g_autofree char *first = ike_proposal_ike_to_string(list->pdata[0]);
			const char *group = strrchr(first, '-');
			if (group != NULL && l2sec_profile_dh_group_known(group + 1))
				l2sec_import_draft_set(nm->draft, "pfs", group + 1);
		}
	}
	if (nm->psk != NULL) {
		l2sec_import_draft_set(nm->draft, "psk", (const char *)nm->psk->data);
	} else {
		l2sec_import_missing(nm->out, "psk");
	}
	if (nm->password != NULL)
		l2sec_import_draft_set(nm->draft, "password", (const char *)nm->password->data);
	else if ((nm->password_flags & 4) == 0) /* NM_SETTING_SECRET_FLAG_NOT_REQUIRED */
		l2sec_import_missing(nm->out, "password");
	l2sec_import_draft_render(nm->draft, nm->out);
	return true;
}

static void
nm_clear(NmImport *nm)
{
	g_free(nm->user);
	g_free(nm->domain);
	l2sec_secret_free(nm->psk);
	l2sec_secret_free(nm->password);
	l2sec_import_draft_free(nm->draft);
	if (nm->kf != NULL)
		g_key_file_free(nm->kf);
}

/* The first line GKeyFile would refuse, for its error (GKeyFile gives no line). */
static unsigned
first_bad_line(const L2secImportFile *f)
{
	unsigned line = 0;
	for (size_t i = 0; i < f->len;) {
		size_t e = i;
		while (e < f->len && f->data[e] != '\n')
			e++;
		line++;
		g_autofree char *l = g_strndup(f->data + i, e - i);
		g_strstrip(l);
		if (*l != '\0' && *l != '#' && *l != '[' && strchr(l, '=') == NULL)
			return line;
		if (*l == '[' && l[strlen(l) - 1] != ']')
			return line;
		i = e + 1;
	}
	return 0;
}

/* Read the file into nm->kf: UTF-8 only, no NUL, a BOM dropped. */
static bool
nm_load(NmImport *nm, GError **error)
{
	const char *data = nm->f->len > 0 ? nm->f->data : "";
	size_t len = nm->f->len;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		data += 3, len -= 3;
	const char *bad = NULL;
	const char *nul = memchr(data, '\0', len);
	if (nul != NULL || !g_utf8_validate(data, (gssize)len, &bad)) {
		const char *at = nul != NULL ? nul : bad;
		unsigned line = 1;
		for (const char *c = data; c < at; c++)
			line += *c == '\n';
		g_set_error(error, L2SEC_IMPORT_ERROR, L2SEC_IMPORT_ERROR_MALFORMED,
		    "%s:%u: %s", nm->f->path, line,
		    nul != NULL && nul == at ? "a NUL byte: not a text file" : "not UTF-8 text");
		return false;
	}
	nm->kf = g_key_file_new();
	g_autoptr(GError) kf_error = NULL;
	if (!g_key_file_load_from_data(nm->kf, data, len, G_KEY_FILE_NONE, &kf_error)) {
		unsigned line = first_bad_line(nm->f);
		if (line > 0)
			g_set_error(error, L2SEC_IMPORT_ERROR, L2SEC_IMPORT_ERROR_FORMAT,
			    "%s:%u: not a [section], key=value or # comment line", nm->f->path,
			    line);
		else
			g_set_error(error, L2SEC_IMPORT_ERROR, L2SEC_IMPORT_ERROR_FORMAT, "%s: %s",
			    nm->f->path, kf_error->message);
		return false;
	}
	return true;
}

/* Walk every group and key of the loaded file. */
static bool
nm_walk(NmImport *nm, GError **error)
{
	g_autoptr(GString) routes = g_string_new(NULL);
	g_auto(GStrv) groups = g_key_file_get_groups(nm->kf, NULL);
	for (char **g = groups; *g != NULL; g++) {
		g_auto(GStrv) keys = g_key_file_get_keys(nm->kf, *g, NULL, NULL);
		for (char **k = keys; k != NULL && *k != NULL; k++) {
			g_autoptr(GError) verr = NULL;
			char *value = g_key_file_get_string(nm->kf, *g, *k, &verr);
			if (value == NULL)
				return nm_fail(nm, error, L2SEC_IMPORT_ERROR_MALFORMED, *g, *k,
				    "bad escape sequence in the value");
			bool ok = true;
			if (strcmp(*g, "vpn-secrets") == 0) {
				if (strcmp(*k, "ipsec-psk") == 0)
					ok = nm_secret(nm, *g, *k, value, true, &nm->psk, error);
				else if (strcmp(*k, "password") == 0)
					ok = nm_secret(
					    nm, *g, *k, value, false, &nm->password, error);
				else
					l2sec_import_ignore(nm->out, *k, "<secret>",
					    ignored_why(*g, *k) != NULL
						? ignored_why(*g, *k)
						: "not a secret l2sec uses");
			} else if (*value == '\0') {
				/* NetworkManager writes empty keys ("permissions="): nothing lost
				 */
			} else if (strcmp(*g, "connection") == 0) {
				if (strcmp(*k, "id") == 0) {
					g_free(nm->out->name);
					nm->out->name = g_strdup(value);
					l2sec_import_draft_set(nm->draft, "description", value);
				} else if (strcmp(*k, "type") == 0 && strcmp(value, "vpn") != 0) {
					ok = nm_fail(nm, error, L2SEC_IMPORT_ERROR_UNSUPPORTED, *g,
					    *k, "'%s' is not a VPN connection", value);
				} else if (strcmp(*k, "type") != 0 && strcmp(*k, "id") != 0) {
					const char *why = ignored_why(*g, *k);
					l2sec_import_ignore(nm->out, *k, value,
					    why != NULL ? why : "not an l2sec setting");
				}
			} else if (strcmp(*g, "vpn") == 0) {
				ok = nm_vpn_key(nm, *k, value, error);
			} else if (strcmp(*g, "ipv4") == 0 || strcmp(*g, "ip4") == 0 ||
				   strcmp(*g, "ipv6") == 0) {
				ok = nm_ip_key(nm, *g, *k, value, routes, error);
			} else {
				g_autofree char *full = g_strdup_printf("[%s] %s", *g, *k);
				l2sec_import_ignore(nm->out, full, value, "not an l2sec setting");
			}
			l2sec_secret_free_string(value);
			if (!ok)
				return false;
		}
	}
	if (routes->len > 0)
		l2sec_import_draft_set(nm->draft, "routes", routes->str);
	if (routes->len > 0 && l2sec_import_draft_get(nm->draft, "default-route") == NULL)
		l2sec_import_note(nm->out,
		    "the routes go through the tunnel and so does all other traffic "
		    "(never-default is not set)");
	return true;
}

static bool
nm_import(const L2secImportFile *f, bool is_export, L2secImport *out, GError **error)
{
	NmImport nm = {
	    .f = f, .is_export = is_export, .out = out, .draft = l2sec_import_draft_new()};
	bool ok = nm_load(&nm, error);
	if (ok && !g_key_file_has_group(nm.kf, "vpn"))
		ok = nm_fail(&nm, error, L2SEC_IMPORT_ERROR_FORMAT, NULL, NULL,
		    "no [vpn] section: not a NetworkManager VPN connection");
	if (ok && !is_export) {
		g_autofree char *st = g_key_file_get_string(nm.kf, "vpn", "service-type", NULL);
		if (st == NULL)
			ok = nm_fail(&nm, error, L2SEC_IMPORT_ERROR_FORMAT, "vpn", NULL,
			    "no service-type: not a NetworkManager VPN connection");
		else if (strcmp(st, NM_L2TP_SERVICE) != 0)
			ok = nm_fail(&nm, error, L2SEC_IMPORT_ERROR_UNSUPPORTED, "vpn",
			    "service-type", "'%s' is not L2TP (" NM_L2TP_SERVICE ")", st);
	}
	if (ok)
		ok = nm_walk(&nm, error) && nm_finish(&nm, error);
	nm_clear(&nm);
	return ok;
}

bool
l2sec_import_nm_keyfile(const L2secImportFile *f, L2secImport *out, GError **error)
{
	return nm_import(f, false, out, error);
}

bool
l2sec_import_nm_l2tp_export(const L2secImportFile *f, L2secImport *out, GError **error)
{
	return nm_import(f, true, out, error);
}

/* ---- export ---- */

/* A proposal setting as NetworkManager-l2tp passes it on: the keywords expanded, and
 * strongSwan's '!' so that the daemon offers these and nothing else. */
static char *
export_proposals(const char *value, bool ike)
{
	g_autoptr(GPtrArray) list = NULL;
	if (!(ike ? ike_proposal_parse_ike(value, &list, NULL)
		  : ike_proposal_parse_esp(value, &list, NULL)))
		return g_strdup(value);
	g_autofree char *s =
	    ike ? ike_proposal_ike_list_to_string(list) : ike_proposal_esp_list_to_string(list);
	return g_strconcat(s, "!", NULL);
}

static GString *
nm_export(const L2secProfile *p, bool keyfile, GError **error)
{
	(void)error;
	g_autoptr(GKeyFile) kf = g_key_file_new();
	const char *yes = keyfile ? "yes" : "true";
	const char *id = p->description != NULL ? p->description : p->name;
	g_key_file_set_string(kf, "connection", "id", id != NULL ? id : p->gateway);
	if (keyfile) {
		/* a stable UUID from the name, so exporting twice gives the same file */
		g_autofree char *sum =
		    g_compute_checksum_for_string(G_CHECKSUM_SHA256, id != NULL ? id : "", -1);
		g_autofree char *uuid = g_strdup_printf(
		    "%.8s-%.4s-5%.3s-8%.3s-%.12s", sum, sum + 8, sum + 13, sum + 17, sum + 20);
		g_key_file_set_string(kf, "connection", "uuid", uuid);
		g_key_file_set_string(kf, "connection", "type", "vpn");
		g_key_file_set_string(kf, "connection", "autoconnect", "false");
		g_key_file_set_string(kf, "vpn", "service-type", NM_L2TP_SERVICE);
	}
	g_key_file_set_string(kf, "vpn", "gateway", p->gateway);
	g_key_file_set_string(kf, "vpn", "user", p->user);
	g_key_file_set_string(kf, "vpn", "password-flags", p->password != NULL ? "0" : "2");
	g_key_file_set_string(kf, "vpn", "ipsec-enabled", yes);
	g_key_file_set_string(kf, "vpn", "ipsec-psk-flags", "0");
	if (p->ike_version == 2)
		g_key_file_set_string(kf, "vpn", "ipsec-ikev2", yes);
	if (strcmp(p->ike_proposals, "default") != 0) {
		g_autofree char *s = export_proposals(p->ike_proposals, true);
		g_key_file_set_string(kf, "vpn", "ipsec-ike", s);
	}
	if (strcmp(p->esp_proposals, "default") != 0) {
		g_autofree char *s = export_proposals(p->esp_proposals, false);
		g_key_file_set_string(kf, "vpn", "ipsec-esp", s);
	}
	if (p->local_id != NULL)
		g_key_file_set_string(kf, "vpn", "ipsec-group-name", p->local_id);
	if (p->remote_id != NULL)
		g_key_file_set_string(kf, "vpn", "ipsec-remote-id", p->remote_id);
	char num[16];
	g_snprintf(num, sizeof(num), "%u", p->ike_lifetime);
	g_key_file_set_string(kf, "vpn", "ipsec-ikelifetime", num);
	g_snprintf(num, sizeof(num), "%u", p->esp_lifetime);
	g_key_file_set_string(kf, "vpn", "ipsec-salifetime", num);
	g_key_file_set_string(
	    kf, "vpn", "ipsec-pfs", p->pfs != NULL ? yes : (keyfile ? "no" : "false"));
	if (p->nat_traversal == L2SEC_NAT_T_FORCE)
		g_key_file_set_string(kf, "vpn", "ipsec-forceencaps", yes);
	if (p->source_port == 0)
		g_key_file_set_string(kf, "vpn", "ephemeral-port", yes);
	/* refuse what is not the profile's protocol; MS-CHAP v1 always */
	g_key_file_set_string(kf, "vpn", "refuse-mschap", yes);
	if (p->auth != L2SEC_PPP_AUTH_MSCHAP_V2)
		g_key_file_set_string(kf, "vpn", "refuse-mschapv2", yes);
	if (p->auth != L2SEC_PPP_AUTH_EAP)
		g_key_file_set_string(kf, "vpn", "refuse-eap", yes);
	if (p->auth != L2SEC_PPP_AUTH_CHAP)
		g_key_file_set_string(kf, "vpn", "refuse-chap", yes);
	if (p->auth != L2SEC_PPP_AUTH_PAP)
		g_key_file_set_string(kf, "vpn", "refuse-pap", yes);
	if (p->mppe == L2SEC_MPPE_REQUIRED)
		g_key_file_set_string(kf, "vpn", "require-mppe", yes);
	if (p->mtu != 0) {
		g_snprintf(num, sizeof(num), "%u", p->mtu);
		g_key_file_set_string(kf, "vpn", "mtu", num);
	}
	if (p->mru != 0) {
		g_snprintf(num, sizeof(num), "%u", p->mru);
		g_key_file_set_string(kf, "vpn", "mru", num);
	}
	/* NetworkManager-l2tp's default is no echo: write l2sec's values always */
	g_snprintf(num, sizeof(num), "%u", p->lcp_echo_interval);
	g_key_file_set_string(kf, "vpn", "lcp-echo-interval", num);
	g_snprintf(num, sizeof(num), "%u", p->lcp_echo_failure);
	g_key_file_set_string(kf, "vpn", "lcp-echo-failure", num);

	if (p->psk != NULL || p->password != NULL) {
		/* NetworkManager-l2tp's own export never holds secrets; its importer still reads a
		 * [vpn] ipsec-psk, and [vpn-secrets] is where the keyfile keeps them */
		if (p->psk != NULL) {
			g_autofree char *b64 = g_base64_encode(p->psk->data, p->psk->len);
			g_autofree char *v = g_strconcat("0s", b64, NULL);
			g_key_file_set_string(kf, "vpn-secrets", "ipsec-psk", v);
			explicit_bzero(b64, strlen(b64));
			explicit_bzero(v, strlen(v));
		}
		if (p->password != NULL)
			g_key_file_set_string(
			    kf, "vpn-secrets", "password", (const char *)p->password->data);
	}

	g_autoptr(GString) v4 = g_string_new(NULL), v6 = g_string_new(NULL);
	unsigned n4 = 0, n6 = 0;
	for (guint i = 0; i < p->routes->len; i++) {
		const L2secRoute *r = &g_array_index(p->routes, L2secRoute, i);
		g_autofree char *s = l2sec_route_to_string(r);
		if (keyfile) {
			char key[16];
			g_snprintf(key, sizeof(key), "route%u", r->family == AF_INET ? ++n4 : ++n6);
			g_key_file_set_string(kf, r->family == AF_INET ? "ipv4" : "ipv6", key, s);
		} else {
			GString *list = r->family == AF_INET ? v4 : v6;
			g_string_append_printf(list, "%s%s", list->len > 0 ? ";" : "", s);
		}
	}
	g_key_file_set_string(kf, "ipv4", "method", "auto");
	if (!keyfile && v4->len > 0)
		g_key_file_set_string(kf, "ipv4", "routes", v4->str);
	if (!p->use_peer_dns)
		g_key_file_set_string(kf, "ipv4", "ignore-auto-dns", "true");
	if (!p->default_route)
		g_key_file_set_string(kf, "ipv4", "never-default", "true");
	if (keyfile || v6->len > 0)
		g_key_file_set_string(kf, "ipv6", "method", "auto");
	if (!keyfile && v6->len > 0)
		g_key_file_set_string(kf, "ipv6", "routes", v6->str);

	GString *out = g_string_new(NULL);
	if (!keyfile)
		g_string_append(out, "#" NM_L2TP_SERVICE "\n");
	g_autoptr(GPtrArray) dropped = l2sec_export_dropped(
	    p, keyfile ? L2SEC_FORMAT_NM_KEYFILE : L2SEC_FORMAT_NM_L2TP_EXPORT);
	for (guint i = 0; i < dropped->len; i++)
		g_string_append_printf(
		    out, "# l2sec: not exported: %s\n", (const char *)dropped->pdata[i]);
	gsize len;
	char *text = g_key_file_to_data(kf, &len, NULL);
	g_string_append_len(out, text, (gssize)len);
	explicit_bzero(text, len);
	g_free(text);
	return out;
}

GString *
l2sec_export_nm_keyfile(const L2secProfile *p, GError **error)
{
	return nm_export(p, true, error);
}

GString *
l2sec_export_nm_l2tp_export(const L2secProfile *p, GError **error)
{
	return nm_export(p, false, error);
}
