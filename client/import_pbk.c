/*
 * import_pbk.c — Windows phonebook entries (rasphone.pbk) to profile text;
 * see import.h.
 *
 * A phonebook is an INI file, one [Entry Name] section per connection, written
 * by Windows in UTF-8 (with "Encoding=1"), in the ANSI code page by older
 * versions, or in UTF-16LE when edited by hand. Inside a section a few lines
 * open sub-blocks (MEDIA=, DEVICE=) and keys may repeat across them, so the
 * file is scanned line by line here rather than with GKeyFile, which would
 * merge them and lose the line numbers. The key meanings are those of
 * [MS-RRASM] §2.2.2.2 (the RRAS phonebook): VpnStrategy (§2.2.2.2.11), Type,
 * DataEncryption (§2.2.2.2.14), AuthRestrictions (§2.2.2.2.58, bit n from the
 * LSB is 2^(n-1)), IpPrioritizeRemote, IpNameAssign. The pre-shared key and the
 * credentials are kept by Windows elsewhere (LSA secrets, the credential
 * manager), never in the file.
 */
#include "config.h"

#include <string.h>

#include "client/import.h"
#include "client/import_util.h"
#include "client/profile_values.h"

typedef struct PbkKey {
	const char *key, *value; /* point into the decoded text */
	unsigned line;
} PbkKey;

typedef struct PbkEntry {
	const char *name;
	unsigned line;
	GArray *keys; /* of PbkKey, in file order */
} PbkEntry;

static void
entry_clear(gpointer p)
{
	PbkEntry *e = p;
	g_array_unref(e->keys);
}

/* The first value of `key` in the entry, or NULL. */
static const PbkKey *
entry_find(const PbkEntry *e, const char *key)
{
	for (guint i = 0; i < e->keys->len; i++) {
		const PbkKey *k = &g_array_index(e->keys, PbkKey, i);
		if (strcmp(k->key, key) == 0)
			return k;
	}
	return NULL;
}

/* Split the text into entries; lines before the first section may only be blank or
 * comments. */
static bool
pbk_scan(ImportText *t, GArray *entries, GError **error)
{
	PbkEntry *cur = NULL;
	for (guint i = 0; i < t->lines->len; i++) {
		unsigned no = i + 1;
		char *s = import_strip(t->lines->pdata[i]);
		if (*s == '\0' || *s == ';' || *s == '#')
			continue;
		if (*s == '[') {
			size_t n = strlen(s);
			if (s[n - 1] != ']')
				return import_fail(error, L2SEC_IMPORT_ERROR_MALFORMED, t->label,
				    no, "entry name without its closing ']'");
			s[n - 1] = '\0';
			char *name = import_strip(s + 1);
			if (*name == '\0')
				return import_fail(error, L2SEC_IMPORT_ERROR_MALFORMED, t->label,
				    no, "empty entry name '[]'");
			for (guint j = 0; j < entries->len; j++)
				if (strcmp(g_array_index(entries, PbkEntry, j).name, name) == 0)
					return import_fail(error, L2SEC_IMPORT_ERROR_MALFORMED,
					    t->label, no,
					    "entry '%s' given twice (first on line %u)", name,
					    g_array_index(entries, PbkEntry, j).line);
			PbkEntry e = {.name = name,
			    .line = no,
			    .keys = g_array_new(FALSE, FALSE, sizeof(PbkKey))};
			g_array_append_val(entries, e);
			cur = &g_array_index(entries, PbkEntry, entries->len - 1);
			continue;
		}
		char *eq = strchr(s, '=');
		if (eq == NULL)
			return import_fail(error, L2SEC_IMPORT_ERROR_MALFORMED, t->label, no,
			    "expected an [entry name] or a Key=value line");
		if (cur == NULL)
			return import_fail(error, L2SEC_IMPORT_ERROR_FORMAT, t->label, no,
			    "Key=value line before the first [entry name]; not a phonebook");
		*eq = '\0';
		PbkKey k = {.key = import_strip(s), .value = import_strip(eq + 1), .line = no};
		if (*k.key == '\0')
			return import_fail(error, L2SEC_IMPORT_ERROR_MALFORMED, t->label, no,
			    "a line with no key before '='");
		g_array_append_val(cur->keys, k);
	}
	if (entries->len == 0)
		return import_fail(error, L2SEC_IMPORT_ERROR_FORMAT, t->label, 0,
		    "no [entry name] section; not a phonebook");
	return true;
}

/* VPNSTRATEGY of ras.h and [MS-RRASM] §2.2.2.2.11; the "first" strategies fall back to the
 * other protocols, L2TP among them (CMAK: PPTP, IKEv2, SSTP, then L2TP...). */
static const struct {
	unsigned value;
	const char *name;
	bool l2tp; /* L2TP is among the protocols tried */
} strategies[] = {
    {0, "automatic: a series of protocols", true},
    {1, "PPTP only", false},
    {2, "PPTP first, then L2TP", true},
    {3, "L2TP only", true},
    {4, "L2TP first, then other protocols", true},
    {5, "SSTP only", false},
    {6, "SSTP first, then other protocols", true},
    {7, "IKEv2 only", false},
    {8, "IKEv2 first, then other protocols", true},
    {9, "GRE only", false},
    {12, "PPTP, then SSTP", false},
    {13, "L2TP, then SSTP", true},
    {14, "IKEv2, then SSTP", false},
    {15, "a custom protocol list", true},
};

/* Type ([MS-RRASM] §2.2.2.2.1): 2 is a VPN entry. */
static const char *
type_name(const char *v)
{
	static const char *const names[] = {NULL, "a dial-up modem entry", "a VPN entry",
	    "a direct cable entry", "an Internet (PPPoE) entry", "a broadband entry"};
	uint32_t t;
	if (l2sec_profile_parse_uint(v, 5, &t) && t >= 1)
		return names[t];
	return "an entry of unknown type";
}

/* Why an entry cannot be imported, or NULL; *ret_strategy gets its strategy index or -1. */
static const char *
entry_not_l2tp(const PbkEntry *e, char **ret_owned, int *ret_strategy)
{
	*ret_strategy = -1;
	const PbkKey *type = entry_find(e, "Type");
	if (type != NULL && strcmp(type->value, "2") != 0)
		return *ret_owned =
			   g_strdup_printf("Type=%s, %s", type->value, type_name(type->value));
	const PbkKey *vs = entry_find(e, "VpnStrategy");
	if (vs == NULL)
		return NULL; /* Windows' default: automatic */
	uint32_t v;
	if (l2sec_profile_parse_uint(vs->value, 1000, &v))
		for (size_t i = 0; i < G_N_ELEMENTS(strategies); i++)
			if (strategies[i].value == v) {
				*ret_strategy = (int)i;
				if (strategies[i].l2tp)
					return NULL;
				return *ret_owned = g_strdup_printf(
					   "VpnStrategy=%s, %s", vs->value, strategies[i].name);
			}
	return *ret_owned = g_strdup_printf("VpnStrategy=%s, unknown", vs->value);
}

/* Keys with no meaning for l2sec: the dialer, the Windows UI, IKEv2-only settings. When
 * `neutral` is NULL any value is only counted; otherwise a value other than `neutral` is
 * listed as ignored with `why`. */
static const struct {
	const char *key, *neutral, *why;
} windows_keys[] = {
    {"Encoding", NULL, NULL},
    {"PBVersion", NULL, NULL},
    {"AutoLogon", NULL, NULL},
    {"UseRasCredentials", NULL, NULL},
    {"LowDateTime", NULL, NULL},
    {"HighDateTime", NULL, NULL},
    {"DialParamsUID", NULL, NULL},
    {"Guid", NULL, NULL},
    {"BaseProtocol", NULL, NULL},
    {"ExcludedProtocols", "0", "Windows' network protocol bindings"},
    {"LcpExtensions", NULL, NULL},
    {"SwCompression", "0", "MPPC compression; l2sec's PPP runs without compression"},
    {"NegotiateMultilinkAlways", "0", "PPP multilink"},
    {"SkipDoubleDialDialog", NULL, NULL},
    {"DialMode", NULL, NULL},
    {"OverridePref", NULL, NULL},
    {"RedialAttempts", NULL, NULL},
    {"RedialSeconds", NULL, NULL},
    {"IdleDisconnectSeconds", "0", "idle disconnect; l2sec stays connected"},
    {"RedialOnLinkFailure", NULL, NULL},
    {"CallbackMode", "0", "callback"},
    {"CustomDialDll", "", "a Windows dialer DLL"},
    {"CustomDialFunc", "", "a Windows dialer DLL"},
    {"CustomRasDialDll", "", "a Windows dialer DLL"},
    {"ForceSecureCompartment", NULL, NULL},
    {"DisableIKENameEkuCheck", NULL, NULL},
    {"AuthenticateServer", NULL, NULL},
    {"ShareMsFilePrint", NULL, NULL},
    {"BindMsNetClient", NULL, NULL},
    {"SharedPhoneNumbers", NULL, NULL},
    {"GlobalDeviceSettings", NULL, NULL},
    {"PrerequisiteEntry", "", "a connection to dial first"},
    {"PrerequisitePbk", "", "a connection to dial first"},
    {"PreferredPort", NULL, NULL},
    {"PreferredDevice", NULL, NULL},
    {"PreferredBps", NULL, NULL},
    {"PreferredHwFlow", NULL, NULL},
    {"PreferredProtocol", NULL, NULL},
    {"PreferredCompression", NULL, NULL},
    {"PreferredSpeaker", NULL, NULL},
    {"PreferredMdmProtocol", NULL, NULL},
    {"PreviewUserPw", NULL, NULL},
    {"PreviewDomain", NULL, NULL},
    {"PreviewPhoneNumber", NULL, NULL},
    {"ShowDialingProgress", NULL, NULL},
    {"ShowMonitorIconInTaskBar", NULL, NULL},
    {"CustomAuthKey", NULL, NULL}, /* read with AuthRestrictions */
    {"CustomAuthData", NULL, NULL},
    {"IpInterfaceMetric", "0", "interface metric"},
    {"IpHeaderCompression", "0", "Van Jacobson header compression"},
    {"IpWinsAddress", "0.0.0.0", "WINS server"},
    {"IpWins2Address", "0.0.0.0", "WINS server"},
    {"IpDnsFlags", "0", "DNS registration"},
    {"IpNBTFlags", NULL, NULL},
    {"TcpWindowSize", "0", "TCP window size"},
    {"UseFlags", NULL, NULL},
    {"IpDnsSuffix", "", "DNS suffix"},
    {"Ipv6Assign", "1", "static IPv6 address"},
    {"Ipv6Address", "::", "static IPv6 address"},
    {"Ipv6PrefixLength", "0", "static IPv6 address"},
    {"Ipv6PrioritizeRemote", NULL, NULL},
    {"Ipv6InterfaceMetric", "0", "interface metric"},
    {"Ipv6NameAssign", "1", "static IPv6 DNS servers"},
    {"Ipv6DnsAddress", "::", "static IPv6 DNS server"},
    {"Ipv6Dns2Address", "::", "static IPv6 DNS server"},
    {"Ipv6Prefix", NULL, NULL},
    {"Ipv6InterfaceId", NULL, NULL},
    {"DisableClassBasedDefaultRoute", NULL, NULL}, /* read with IpPrioritizeRemote */
    {"DisableMobility", NULL, NULL},
    {"NetworkOutageTime", NULL, NULL},
    {"IDI", "", "IKEv2 identity"},
    {"IDR", "", "IKEv2 identity"},
    {"ImsConfig", NULL, NULL},
    {"IdiType", NULL, NULL},
    {"IdrType", NULL, NULL},
    {"ProvisionType", NULL, NULL},
    {"PreSharedKey", "", "Windows keeps the pre-shared key encrypted elsewhere"},
    {"CacheCredentials", NULL, NULL},
    {"NumCustomPolicy", "0", "IKEv2 custom IPsec policies"},
    {"CustomIPSecPolicies", NULL, NULL},
    {"NumEku", "0", "certificate EKU filters"},
    {"UseMachineRootCert", "0", "certificate authentication"},
    {"Disable_IKEv2_Fragmentation", NULL, NULL},
    {"PlumbIKEv2TSAsRoutes", NULL, NULL},
    {"NumServers", NULL, NULL},
    {"RouteVersion", NULL, NULL},
    {"NumRoutes", "0", "routes stored by Windows; add them to [routes] routes"},
    {"NumNrptRules", "0", "name resolution policy rules"},
    {"AutoTiggerCapable", "0", "automatic triggering"},
    {"NumAppIds", "0", "per-app VPN"},
    {"NumClassicAppIds", "0", "per-app VPN"},
    {"SecurityDescriptor", NULL, NULL},
    {"ApnInfoProviderId", NULL, NULL},
    {"ApnInfoUsername", NULL, NULL},
    {"ApnInfoPassword", NULL, NULL},
    {"ApnInfoAccessPoint", NULL, NULL},
    {"ApnInfoAuthentication", NULL, NULL},
    {"ApnInfoCompression", NULL, NULL},
    {"DeviceComplianceEnabled", "0", "device compliance"},
    {"DeviceComplianceSsoEnabled", "0", "device compliance"},
    {"DeviceComplianceSsoEku", NULL, NULL},
    {"DeviceComplianceSsoIssuer", NULL, NULL},
    {"WebAuthEnabled", "0", "web authentication"},
    {"WebAuthClientId", NULL, NULL},
    {"FlagsSet", NULL, NULL},
    {"Options", NULL, NULL},
    {"DisableDefaultDnsSuffixes", NULL, NULL},
    {"NumTrustedNetworks", "0", "trusted network detection"},
    {"NumDnsSearchSuffixes", "0", "DNS search suffixes"},
    {"PowershellCreatedProfile", NULL, NULL},
    {"ProxyFlags", "0", "a proxy for the tunnel"},
    {"ProxySettingsModified", NULL, NULL},
    {"ProvisioningAuthority", NULL, NULL},
    {"AuthTypeOTP", "0", "one-time passwords"},
    {"GREKeyDefined", NULL, NULL},
    {"NumPerAppTrafficFilters", "0", "traffic filters"},
    {"AlwaysOnCapable", NULL, NULL},
    {"DeviceTunnel", "0", "a device tunnel"},
    {"PrivateNetwork", NULL, NULL},
    {"ManagementApp", NULL, NULL},
    {"NETCOMPONENTS", NULL, NULL},
    {"ms_msclient", NULL, NULL},
    {"ms_server", NULL, NULL},
    {"MEDIA", NULL, NULL},
    {"Port", NULL, NULL},
    {"Device", NULL, NULL},
    {"DEVICE", NULL, NULL},
    {"AreaCode", NULL, NULL},
    {"CountryCode", NULL, NULL},
    {"CountryID", NULL, NULL},
    {"UseDialingRules", NULL, NULL},
    {"FriendlyName", NULL, NULL},
    {"LastSelectedPhone", NULL, NULL},
    {"PromoteAlternates", NULL, NULL},
    {"TryNextAlternateOnFail", NULL, NULL},
    {"Terminal", "0", "a terminal window"},
    {"Script", "0", "a dial script"},
    {"Name", NULL, NULL},
    {"Comment", "", "a comment on the server address"},
};

/* AuthRestrictions bits ([MS-RRASM] §2.2.2.2.58), strongest first as l2sec picks one. */
#define AR_PAP (1u << 3)
#define AR_SPAP (1u << 4)
#define AR_CHAP (1u << 5)
#define AR_MSCHAP (1u << 6)
#define AR_EAP (1u << 7)
#define AR_MSCHAP2 (1u << 9)
#define AR_W95MSCHAP (1u << 10)

static bool
map_auth(const PbkEntry *e, const char *file, ImportProfile *p, L2secImport *out, GError **error)
{
	const PbkKey *ar = entry_find(e, "AuthRestrictions");
	if (ar == NULL)
		return true; /* MS-CHAP v2, l2sec's default, is what Windows offers */
	uint32_t bits;
	if (!l2sec_profile_parse_uint(ar->value, UINT32_MAX, &bits))
		return import_fail(error, L2SEC_IMPORT_ERROR_MALFORMED, file, ar->line,
		    "AuthRestrictions=%s: not a number", ar->value);
	const char *auth = NULL;
	uint32_t used = 0;
	if (bits & AR_MSCHAP2)
		auth = "mschap-v2", used = AR_MSCHAP2;
	else if (bits & AR_EAP)
		auth = "eap", used = AR_EAP;
	else if (bits & AR_CHAP)
		auth = "chap", used = AR_CHAP;
	else if (bits & AR_PAP)
		auth = "pap", used = AR_PAP;
	if (auth == NULL && bits != 0)
		return import_fail(error, L2SEC_IMPORT_ERROR_UNSUPPORTED, file, ar->line,
		    "entry '%s': AuthRestrictions=%s allows only MS-CHAP v1 or SPAP, which l2sec "
		    "does not speak",
		    e->name, ar->value);
	if (auth == NULL)
		return true;
	import_profile_set(p, "auth", auth);
	uint32_t rest = bits & ~used;
	static const struct {
		uint32_t bit;
		const char *name;
	} others[] = {{AR_EAP, "EAP"}, {AR_CHAP, "CHAP"}, {AR_PAP, "PAP"}, {AR_MSCHAP, "MS-CHAP"},
	    {AR_SPAP, "SPAP"}, {AR_W95MSCHAP, "W95 MS-CHAP"}};
	g_autoptr(GString) also = g_string_new(NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(others); i++)
		if (rest & others[i].bit)
			g_string_append_printf(
			    also, "%s%s", also->len > 0 ? ", " : "", others[i].name);
	if (also->len > 0)
		import_ignore(out,
		    "AuthRestrictions=%s (also allows %s; l2sec uses one protocol: %s)", ar->value,
		    also->str, auth);
	if (used == AR_EAP) {
		const PbkKey *cak = entry_find(e, "CustomAuthKey");
		if (cak != NULL && strcmp(cak->value, "26") != 0 && strcmp(cak->value, "4") != 0 &&
		    strcmp(cak->value, "0") != 0)
			import_ignore(out,
			    "CustomAuthKey=%s (EAP type %s; l2sec leaves the EAP method to pppd, "
			    "which speaks MD5 and MS-CHAP v2)",
			    cak->value, cak->value);
	}
	return true;
}

static bool
map_entry(const PbkEntry *e, int strategy, const char *file, ImportProfile *p, L2secImport *out,
    GError **error)
{
	g_autoptr(GHashTable) used = g_hash_table_new(g_str_hash, g_str_equal);
	import_profile_set(p, "description", e->name);

	const PbkKey *vs = entry_find(e, "VpnStrategy");
	if (vs != NULL && strategy >= 0 && strategies[strategy].value != 3)
		import_ignore(out, "VpnStrategy=%s (%s; l2sec speaks L2TP/IPsec only)", vs->value,
		    strategies[strategy].name);
	g_hash_table_add(used, (char *)"VpnStrategy");
	g_hash_table_add(used, (char *)"Type");

	/* the server: the first PhoneNumber with a value (of the DEVICE=vpn block) */
	const PbkKey *gw = NULL;
	for (guint i = 0; i < e->keys->len; i++) {
		const PbkKey *k = &g_array_index(e->keys, PbkKey, i);
		if (strcmp(k->key, "PhoneNumber") != 0 || *k->value == '\0')
			continue;
		if (gw == NULL)
			gw = k;
		else
			import_ignore(out, "PhoneNumber=%s (an alternate server; l2sec uses %s)",
			    k->value, gw->value);
	}
	g_hash_table_add(used, (char *)"PhoneNumber");
	if (gw == NULL)
		return import_fail(error, L2SEC_IMPORT_ERROR_MALFORMED, file, e->line,
		    "entry '%s' has no PhoneNumber (the server's address)", e->name);
	L2secGatewayKind kind;
	g_autofree char *gateway = NULL;
	g_autoptr(GError) inner = NULL;
	if (!l2sec_profile_parse_gateway(gw->value, &kind, &gateway, &inner))
		return import_fail(error, L2SEC_IMPORT_ERROR_MALFORMED, file, gw->line,
		    "PhoneNumber=%s: %s", gw->value, inner->message);
	import_profile_set(p, "gateway", gateway);

	if (!map_auth(e, file, p, out, error))
		return false;
	g_hash_table_add(used, (char *)"AuthRestrictions");

	/* L2TP/IPsec: the encryption Windows negotiates is IPsec's, never MPPE */
	const PbkKey *de = entry_find(e, "DataEncryption");
	if (de != NULL && strcmp(de->value, "0") == 0)
		import_ignore(out, "DataEncryption=0 (no encryption; l2sec always encrypts with "
				   "IPsec ESP)");
	else if (de != NULL && strcmp(de->value, "8") != 0 && strcmp(de->value, "256") != 0 &&
		 strcmp(de->value, "512") != 0)
		import_ignore(out,
		    "DataEncryption=%s (unknown value; l2sec always encrypts with "
		    "IPsec ESP)",
		    de->value);
	g_hash_table_add(used, (char *)"DataEncryption");

	/* PSK or machine certificate for L2TP's IPsec */
	const PbkKey *flags = entry_find(e, "IpSecFlags");
	const PbkKey *upsk = entry_find(e, "UsePreSharedKey");
	if ((flags != NULL && strcmp(flags->value, "0") == 0 && upsk == NULL) ||
	    (upsk != NULL && strcmp(upsk->value, "0") == 0)) {
		const PbkKey *k = upsk != NULL ? upsk : flags;
		import_ignore(out,
		    "%s=%s (Windows authenticates IPsec with a machine certificate "
		    "here; l2sec needs the server's pre-shared key)",
		    k->key, k->value);
	}
	g_hash_table_add(used, (char *)"IpSecFlags");
	g_hash_table_add(used, (char *)"UsePreSharedKey");

	/* routing: "Use default gateway on remote network" */
	const PbkKey *prio = entry_find(e, "IpPrioritizeRemote");
	if (prio != NULL && strcmp(prio->value, "0") == 0) {
		import_profile_set(p, "default-route", "no");
		const PbkKey *cls = entry_find(e, "DisableClassBasedDefaultRoute");
		if (cls == NULL || strcmp(cls->value, "1") != 0)
			import_ignore(out,
			    "DisableClassBasedDefaultRoute=%s (Windows adds a route "
			    "to the class network of the tunnel's address; add it to "
			    "[routes] routes)",
			    cls != NULL ? cls->value : "0");
	} else if (prio != NULL && strcmp(prio->value, "1") != 0) {
		import_ignore(out, "IpPrioritizeRemote=%s (unknown value; default-route stays yes)",
		    prio->value);
	}
	g_hash_table_add(used, (char *)"IpPrioritizeRemote");

	/* addresses and DNS servers */
	const PbkKey *ipa = entry_find(e, "IpAssign");
	if (ipa != NULL && strcmp(ipa->value, "2") == 0) {
		const PbkKey *addr = entry_find(e, "IpAddress");
		import_ignore(out,
		    "IpAddress=%s (a static address; l2sec takes the one PPP assigns)",
		    addr != NULL ? addr->value : "");
	}
	g_hash_table_add(used, (char *)"IpAssign");
	g_hash_table_add(used, (char *)"IpAddress");
	const PbkKey *dns = entry_find(e, "IpNameAssign");
	if (dns != NULL && strcmp(dns->value, "2") == 0) {
		import_profile_set(p, "use-peer-dns", "no");
		static const char *const servers[] = {"IpDnsAddress", "IpDns2Address"};
		for (size_t i = 0; i < G_N_ELEMENTS(servers); i++) {
			const PbkKey *s = entry_find(e, servers[i]);
			if (s != NULL && strcmp(s->value, "0.0.0.0") != 0 && *s->value != '\0')
				import_ignore(out,
				    "%s=%s (a static DNS server; l2sec has no "
				    "setting for it)",
				    s->key, s->value);
		}
	}
	g_hash_table_add(used, (char *)"IpNameAssign");
	g_hash_table_add(used, (char *)"IpDnsAddress");
	g_hash_table_add(used, (char *)"IpDns2Address");

	/* every other key: known Windows settings are listed when not neutral, unknown keys
	 * always; settings that only drive the Windows dialer are counted */
	unsigned dialer = 0;
	for (guint i = 0; i < e->keys->len; i++) {
		const PbkKey *k = &g_array_index(e->keys, PbkKey, i);
		if (g_hash_table_contains(used, k->key))
			continue;
		size_t w;
		for (w = 0; w < G_N_ELEMENTS(windows_keys); w++)
			if (strcmp(windows_keys[w].key, k->key) == 0)
				break;
		if (w == G_N_ELEMENTS(windows_keys))
			import_ignore(out, "%s=%s (no l2sec equivalent)", k->key, k->value);
		else if (windows_keys[w].neutral == NULL)
			dialer++;
		else if (strcmp(windows_keys[w].neutral, k->value) != 0)
			import_ignore(out, "%s=%s (%s)", k->key, k->value, windows_keys[w].why);
	}
	if (dialer > 0)
		import_note(out,
		    "%u settings of the Windows dialer and UI have no meaning for "
		    "l2sec",
		    dialer);
	return true;
}

bool
l2sec_import_pbk(const L2secImportFile *f, const char *entry, L2secImport *out, GError **error)
{
	g_autoptr(ImportText) t = import_text_new(f, true, error);
	if (t == NULL)
		return false;
	g_autoptr(GArray) entries = g_array_new(FALSE, FALSE, sizeof(PbkEntry));
	g_array_set_clear_func(entries, entry_clear);
	if (!pbk_scan(t, entries, error))
		return false;

	const PbkEntry *chosen = NULL;
	int strategy = -1;
	if (entry != NULL) {
		g_autoptr(GString) names = g_string_new(NULL);
		for (guint i = 0; i < entries->len; i++) {
			const PbkEntry *e = &g_array_index(entries, PbkEntry, i);
			if (strcmp(e->name, entry) == 0)
				chosen = e;
			g_string_append_printf(names, "%s'%s'", i > 0 ? ", " : "", e->name);
		}
		if (chosen == NULL)
			return import_fail(error, L2SEC_IMPORT_ERROR_FORMAT, t->label, 0,
			    "no entry '%s'; the entries are %s", entry, names->str);
		g_autofree char *why = NULL;
		if (entry_not_l2tp(chosen, &why, &strategy) != NULL)
			return import_fail(error, L2SEC_IMPORT_ERROR_UNSUPPORTED, t->label,
			    chosen->line, "entry '%s' is not L2TP/IPsec (%s)", chosen->name, why);
	} else {
		g_autoptr(GString) others = g_string_new(NULL);
		for (guint i = 0; i < entries->len; i++) {
			const PbkEntry *e = &g_array_index(entries, PbkEntry, i);
			g_autofree char *why = NULL;
			int s;
			bool ok = entry_not_l2tp(e, &why, &s) == NULL;
			if (ok && chosen == NULL) {
				chosen = e;
				strategy = s;
				continue;
			}
			g_string_append_printf(others, "%s'%s' (%s)", others->len > 0 ? ", " : "",
			    e->name, ok ? "L2TP" : why);
		}
		if (chosen == NULL && entries->len == 1) {
			const PbkEntry *e = &g_array_index(entries, PbkEntry, 0);
			g_autofree char *why = NULL;
			int s;
			entry_not_l2tp(e, &why, &s);
			return import_fail(error, L2SEC_IMPORT_ERROR_UNSUPPORTED, t->label, e->line,
			    "entry '%s' is not L2TP/IPsec (%s)", e->name, why);
		}
		if (chosen == NULL)
			return import_fail(error, L2SEC_IMPORT_ERROR_UNSUPPORTED, t->label, 0,
			    "no L2TP/IPsec entry among %s", others->str);
		if (others->len > 0)
			import_note(out, "imported entry '%s'; the phonebook also holds %s",
			    chosen->name, others->str);
	}

	g_autoptr(ImportProfile) p = import_profile_new();
	if (!map_entry(chosen, strategy, t->label, p, out, error))
		return false;
	return import_profile_finish(p, t->label, chosen->name, "rasphone.pbk", out, error);
}
