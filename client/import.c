/*
 * import.c — what every importer shares (import.h): the result, the error
 * domain and the format names; format detection; what each exporter cannot
 * carry (issue 7).
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "client/import.h"
#include "client/profile_values.h"
#include "ipsec/ike_proposal.h"

/* clang-format off */
G_DEFINE_QUARK(l2sec-import-error-quark, l2sec_import_error)
/* clang-format on */

L2secImport *
l2sec_import_new(void)
{
	L2secImport *imp = g_new0(L2secImport, 1);
	imp->profile = g_string_new(NULL);
	imp->ignored = g_ptr_array_new_with_free_func(g_free);
	imp->missing_secrets = g_ptr_array_new_with_free_func(g_free);
	imp->notes = g_ptr_array_new_with_free_func(g_free);
	return imp;
}

void
l2sec_import_free(L2secImport *imp)
{
	if (imp == NULL)
		return;
	/* the text may hold a PSK or a password */
	explicit_bzero(imp->profile->str, imp->profile->allocated_len);
	g_string_free(imp->profile, TRUE);
	g_free(imp->name);
	g_ptr_array_unref(imp->ignored);
	g_ptr_array_unref(imp->missing_secrets);
	g_ptr_array_unref(imp->notes);
	g_free(imp);
}

static const struct {
	L2secFormat format;
	const char *name;
} format_names[] = {
    {L2SEC_FORMAT_NM_KEYFILE, "nm-keyfile"},
    {L2SEC_FORMAT_NM_L2TP_EXPORT, "nm-l2tp"},
    {L2SEC_FORMAT_RASPHONE_PBK, "rasphone"},
    {L2SEC_FORMAT_POWERSHELL, "powershell"},
    {L2SEC_FORMAT_MOBILECONFIG, "mobileconfig"},
    {L2SEC_FORMAT_LINUX_HOWTO, "linux-howto"},
};

const char *
l2sec_format_name(L2secFormat format)
{
	for (size_t i = 0; i < G_N_ELEMENTS(format_names); i++)
		if (format_names[i].format == format)
			return format_names[i].name;
	return "unknown";
}

L2secFormat
l2sec_format_from_name(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(format_names); i++)
		if (g_ascii_strcasecmp(format_names[i].name, name) == 0)
			return format_names[i].format;
	return L2SEC_FORMAT_UNKNOWN;
}

/* ---- detection ---- */

/* The file's text with a UTF-8 BOM dropped, as a NUL-terminated copy of at most 64 KiB: the
 * markers are near the top. */
static char *
head_text(const L2secImportFile *f)
{
	const char *d = f->data;
	size_t n = f->len;
	if (n >= 3 && memcmp(d, "\xef\xbb\xbf", 3) == 0)
		d += 3, n -= 3;
	/* UTF-16 LE with a BOM (PowerShell ISE, Notepad "Unicode"): keep the ASCII bytes */
	bool utf16 = n >= 2 && (uint8_t)d[0] == 0xff && (uint8_t)d[1] == 0xfe;
	n = MIN(n, (size_t)64 * 1024);
	GString *s = g_string_sized_new(n + 1);
	for (size_t i = utf16 ? 2 : 0; i < n; i += utf16 ? 2 : 1)
		g_string_append_c(s, d[i] == '\0' ? ' ' : d[i]);
	return g_string_free(s, FALSE);
}

/* Does a line of `text` start (after blanks) with `prefix`, case-insensitively? */
static bool
has_line(const char *text, const char *prefix)
{
	size_t pl = strlen(prefix);
	for (const char *l = text; l != NULL && *l != '\0';) {
		while (*l == ' ' || *l == '\t')
			l++;
		if (g_ascii_strncasecmp(l, prefix, pl) == 0)
			return true;
		l = strchr(l, '\n');
		if (l != NULL)
			l++;
	}
	return false;
}

/* CMS SignedData (RFC 5652 §5): a DER/BER SEQUENCE holding the OID 1.2.840.113549.1.7.2. */
static bool
is_cms_signed(const L2secImportFile *f)
{
	static const uint8_t oid[] = {
	    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02};
	if (f->len < 2 + sizeof(oid) + 4 || (uint8_t)f->data[0] != 0x30)
		return false;
	uint8_t l = (uint8_t)f->data[1];
	if (l != 0x80 && l != 0x81 && l != 0x82 && l != 0x83 && l != 0x84)
		return false;
	size_t at = l == 0x80 ? 2 : 2 + (size_t)(l & 0x7f);
	return f->len >= at + sizeof(oid) && memcmp(f->data + at, oid, sizeof(oid)) == 0;
}

L2secFormat
l2sec_import_detect(const L2secImportFile *f)
{
	if (is_cms_signed(f))
		return L2SEC_FORMAT_MOBILECONFIG;
	g_autofree char *t = head_text(f);
	if (strstr(t, "<plist") != NULL ||
	    (g_str_has_prefix(t, "<?xml") && strstr(t, "PayloadContent") != NULL))
		return L2SEC_FORMAT_MOBILECONFIG;
	bool kf_vpn = has_line(t, "[vpn]");
	if (has_line(t, "[connection]") && kf_vpn &&
	    strstr(t, "org.freedesktop.NetworkManager.l2tp") != NULL) {
		/* the keyfile names the service in [vpn]; the export only in its top comment */
		if (has_line(t, "service-type"))
			return L2SEC_FORMAT_NM_KEYFILE;
		return L2SEC_FORMAT_NM_L2TP_EXPORT;
	}
	if (kf_vpn && has_line(t, "gateway") &&
	    (has_line(t, "[ipv4]") || has_line(t, "[ip4]") || has_line(t, "[connection]")))
		return has_line(t, "service-type") ? L2SEC_FORMAT_NM_KEYFILE
						   : L2SEC_FORMAT_NM_L2TP_EXPORT;
	if (strcasestr(t, "Add-VpnConnection") != NULL)
		return L2SEC_FORMAT_POWERSHELL;
	if (has_line(t, "PhoneNumber=") || has_line(t, "VpnStrategy="))
		return L2SEC_FORMAT_RASPHONE_PBK;
	if (has_line(t, "conn ") || has_line(t, "config setup") || has_line(t, "[lac ") ||
	    has_line(t, "[global]") || has_line(t, ": PSK"))
		return L2SEC_FORMAT_LINUX_HOWTO;

	/* then the name */
	g_autofree char *base = g_path_get_basename(f->path);
	g_autofree char *lower = g_ascii_strdown(base, -1);
	if (g_str_has_suffix(lower, ".nmconnection"))
		return L2SEC_FORMAT_NM_KEYFILE;
	if (g_str_has_suffix(lower, ".mobileconfig"))
		return L2SEC_FORMAT_MOBILECONFIG;
	if (g_str_has_suffix(lower, ".pbk"))
		return L2SEC_FORMAT_RASPHONE_PBK;
	if (g_str_has_suffix(lower, ".ps1"))
		return L2SEC_FORMAT_POWERSHELL;
	if (strcmp(lower, "ipsec.conf") == 0 || strcmp(lower, "ipsec.secrets") == 0 ||
	    strcmp(lower, "xl2tpd.conf") == 0 || g_str_has_prefix(lower, "options."))
		return L2SEC_FORMAT_LINUX_HOWTO;
	return L2SEC_FORMAT_UNKNOWN;
}

/* ---- what exports lose ---- */

static const char *
num(char *buf, size_t size, uint32_t v)
{
	g_snprintf(buf, size, "%u", v);
	return buf;
}

static void
dropped_add(GPtrArray *a, const char *key, const char *value, const char *why)
{
	g_ptr_array_add(a, g_strdup_printf("%s = %s (%s)", key, value, why));
}

GPtrArray *
l2sec_export_dropped(const L2secProfile *p, L2secFormat format)
{
	GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
	bool nm = format == L2SEC_FORMAT_NM_KEYFILE || format == L2SEC_FORMAT_NM_L2TP_EXPORT;
	bool apple = format == L2SEC_FORMAT_MOBILECONFIG;
	const char *fmt = nm ? "NetworkManager-l2tp has no such setting"
			     : "Apple's L2TP VPN payload has no such setting";
	char buf[32];
	if (p->dpd_delay != 30)
		dropped_add(a, "dpd-delay",
		    p->dpd_delay == 0
			? "0"
			: l2sec_profile_format_duration(p->dpd_delay, buf, sizeof(buf)),
		    fmt);
	if (p->hello_interval != 60)
		dropped_add(a, "hello-interval",
		    p->hello_interval == 0
			? "0"
			: l2sec_profile_format_duration(p->hello_interval, buf, sizeof(buf)),
		    fmt);
	if (p->tunnel_secret != NULL || p->tunnel_secret_file != NULL)
		dropped_add(a, "tunnel-secret", "<secret>", fmt);
	if (!p->dns && p->use_peer_dns)
		dropped_add(a, "dns", "no", fmt);
	if (nm && p->mppe == L2SEC_MPPE_YES)
		dropped_add(a, "mppe", "yes",
		    "NetworkManager-l2tp can require MPPE or turn it off, not just accept it");
	if (nm && p->pfs != NULL) {
		/* the import takes the first IKE proposal's group */
		g_autoptr(GPtrArray) list = NULL;
		g_autofree char *first = NULL;
		if (ike_proposal_parse_ike(p->ike_proposals, &list, NULL) && list->len > 0)
			first = ike_proposal_ike_to_string(list->pdata[0]);
		const char *g = first != NULL ? strrchr(first, '-') : NULL;
		if (g == NULL || strcmp(g + 1, p->pfs) != 0)
			dropped_add(a, "pfs", p->pfs,
			    "ipsec-pfs = yes uses the group of the first IKE proposal");
	}
	if (apple) {
		if (p->source_port != 1701)
			dropped_add(a, "source-port", "ephemeral", fmt);
		if (strcmp(p->ike_proposals, "default") != 0)
			dropped_add(a, "ike-proposals", p->ike_proposals,
			    "Apple devices choose their own proposals");
		if (strcmp(p->esp_proposals, "default") != 0)
			dropped_add(a, "esp-proposals", p->esp_proposals,
			    "Apple devices choose their own proposals");
		if (p->remote_id != NULL)
			dropped_add(a, "remote-id", p->remote_id, fmt);
		if (p->ike_lifetime != 8 * 3600)
			dropped_add(a, "ike-lifetime",
			    l2sec_profile_format_duration(p->ike_lifetime, buf, sizeof(buf)), fmt);
		if (p->esp_lifetime != 3600)
			dropped_add(a, "esp-lifetime",
			    l2sec_profile_format_duration(p->esp_lifetime, buf, sizeof(buf)), fmt);
		if (p->pfs != NULL)
			dropped_add(a, "pfs", p->pfs, fmt);
		if (p->nat_traversal != L2SEC_NAT_T_AUTO)
			dropped_add(a, "nat-traversal", "force", fmt);
		if (p->auth != L2SEC_PPP_AUTH_MSCHAP_V2)
			dropped_add(a, "auth", l2sec_ppp_auth_to_string(p->auth),
			    "Apple devices use MS-CHAPv2 for L2TP");
		if (p->mppe != L2SEC_MPPE_NO)
			dropped_add(a, "mppe", l2sec_mppe_to_string(p->mppe), fmt);
		if (p->mtu != 0)
			dropped_add(a, "mtu", num(buf, sizeof(buf), p->mtu), fmt);
		if (p->mru != 0)
			dropped_add(a, "mru", num(buf, sizeof(buf), p->mru), fmt);
		if (p->lcp_echo_interval != 30)
			dropped_add(a, "lcp-echo-interval",
			    p->lcp_echo_interval == 0 ? "0"
						      : l2sec_profile_format_duration(
							    p->lcp_echo_interval, buf, sizeof(buf)),
			    fmt);
		if (p->lcp_echo_failure != 4)
			dropped_add(
			    a, "lcp-echo-failure", num(buf, sizeof(buf), p->lcp_echo_failure), fmt);
		if (!p->use_peer_dns)
			dropped_add(a, "use-peer-dns", "no", fmt);
		for (guint i = 0; i < p->routes->len; i++) {
			g_autofree char *r =
			    l2sec_route_to_string(&g_array_index(p->routes, L2secRoute, i));
			dropped_add(a, "routes", r,
			    "Apple's L2TP payload sends either everything or what the server "
			    "routes");
		}
	}
	return a;
}
