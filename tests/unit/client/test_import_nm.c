/* Unit tests for client/import_nm.c: the NetworkManager keyfile and NetworkManager-l2tp
 * export importers (key by key, per notes/networkmanager.md §2 and §4), their errors with
 * line numbers, and the exporters read back. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "client/import.h"

#define KF_HEAD                                                                                    \
	"[connection]\nid=Work\ntype=vpn\n\n[vpn]\n"                                               \
	"service-type=org.freedesktop.NetworkManager.l2tp\ngateway=vpn.example.com\n"              \
	"user=alice\nipsec-enabled=yes\n"
#define KF_PSK "\n[vpn-secrets]\nipsec-psk=s3cret\n"

static const struct {
	const char *name; /* the key(s) under test */
	const char *in;
	const char *profile; /* the whole text the import must write */
} good_cases[] = {
    {"minimal: id, gateway, user, psk", KF_HEAD KF_PSK,
	"[connection]\ndescription = Work\ngateway = vpn.example.com\n\n[ipsec]\npsk = s3cret\n\n"
	"[ppp]\nuser = alice\n"},
    {"0s base64 PSK (Libreswan's form), domain, password",
	KF_HEAD "domain=CORP\n\n[vpn-secrets]\nipsec-psk=0sczNjcmV0\npassword=pw\n",
	"[connection]\ndescription = Work\ngateway = vpn.example.com\n\n[ipsec]\npsk = s3cret\n\n"
	"[ppp]\nuser = CORP\\\\alice\npassword = pw\n"},
    {"IPsec keys: proposals with '!' and Libreswan spellings, lifetimes, ids, NAT-T, PFS",
	KF_HEAD "ipsec-ike=aes256-sha2_256-modp2048!\nipsec-esp=aes128-sha1\n"
		"ipsec-ikelifetime=10800\nipsec-salifetime=1800\nipsec-remote-id=@gw\n"
		"ipsec-group-name=grp\nipsec-forceencaps=yes\nipsec-pfs=yes\n" KF_PSK,
	"[connection]\ndescription = Work\ngateway = vpn.example.com\n\n[ipsec]\npsk = s3cret\n"
	"ike-proposals = aes256-sha256-modp2048\nesp-proposals = aes128-sha1\nlocal-id = grp\n"
	"remote-id = @gw\nike-lifetime = 3h\nesp-lifetime = 30m\npfs = modp2048\n"
	"nat-traversal = force\n\n[ppp]\nuser = alice\n"},
    {"PPP keys: refuse-* to auth, MPPE, MTU/MRU, LCP echo, ephemeral port",
	KF_HEAD "refuse-mschapv2=yes\nrefuse-eap=yes\nrefuse-chap=no\nmtu=1280\nmru=1300\n"
		"lcp-echo-interval=10\nlcp-echo-failure=3\nephemeral-port=yes\n" KF_PSK,
	"[connection]\ndescription = Work\ngateway = vpn.example.com\n\n[ipsec]\npsk = s3cret\n\n"
	"[l2tp]\nsource-port = ephemeral\n\n[ppp]\nuser = alice\nauth = chap\nmtu = 1280\n"
	"mru = 1300\nlcp-echo-interval = 10s\nlcp-echo-failure = 3\n"},
    {"[ipv4]/[ipv6]: routes, never-default, ignore-auto-dns",
	KF_HEAD KF_PSK "\n[ipv4]\nmethod=auto\nnever-default=true\nignore-auto-dns=true\n"
		       "route1=10.0.0.0/8\nroute2=192.168.1.0/24,10.8.0.1\n\n[ipv6]\n"
		       "route1=fd00::/8\n",
	"[connection]\ndescription = Work\ngateway = vpn.example.com\n\n[ipsec]\npsk = s3cret\n\n"
	"[ppp]\nuser = alice\nuse-peer-dns = no\n\n[routes]\ndefault-route = no\n"
	"routes = 10.0.0.0/8, 192.168.1.0/24, fd00::/8\n"},
};

static const struct {
	const char *name;
	const char *in;
	const char *message;
	int code;
} bad_cases[] = {
    {"another VPN plugin",
	"[connection]\nid=x\n[vpn]\nservice-type=org.freedesktop.NetworkManager.pptp\n",
	"t.nmconnection:4: [vpn] service-type: 'org.freedesktop.NetworkManager.pptp' is not L2TP "
	"(org.freedesktop.NetworkManager.l2tp)",
	L2SEC_IMPORT_ERROR_UNSUPPORTED},
    {"no [vpn]", "[connection]\nid=x\n",
	"t.nmconnection: no [vpn] section: not a NetworkManager VPN connection",
	L2SEC_IMPORT_ERROR_FORMAT},
    {"bad mtu", KF_HEAD "mtu=big\n", "t.nmconnection:10: [vpn] mtu: 'big' is not a number",
	L2SEC_IMPORT_ERROR_MALFORMED},
    {"bad boolean", KF_HEAD "refuse-pap=sometimes\n",
	"t.nmconnection:10: [vpn] refuse-pap: 'sometimes' is not yes or no",
	L2SEC_IMPORT_ERROR_MALFORMED},
    {"everything refused",
	KF_HEAD "refuse-pap=yes\nrefuse-chap=yes\nrefuse-mschapv2=yes\nrefuse-eap=yes\n",
	"t.nmconnection:10: [vpn] refuse-pap: every PPP authentication l2sec has (MS-CHAPv2, "
	"EAP, CHAP, PAP) is refused",
	L2SEC_IMPORT_ERROR_UNSUPPORTED},
    {"a line that is no key", "[connection]\nid=x\ngarbage\n",
	"t.nmconnection:3: not a [section], key=value or # comment line",
	L2SEC_IMPORT_ERROR_FORMAT},
    {"no user", "[vpn]\nservice-type=org.freedesktop.NetworkManager.l2tp\ngateway=g\n",
	"t.nmconnection:1: [vpn]: no user: l2sec needs the PPP user name",
	L2SEC_IMPORT_ERROR_MALFORMED},
};

static L2secImport *
import(const char *text, bool keyfile, GError **error)
{
	L2secImportFile f = {"t.nmconnection", text, strlen(text)};
	L2secImport *imp = l2sec_import_new();
	bool ok = keyfile ? l2sec_import_nm_keyfile(&f, imp, error)
			  : l2sec_import_nm_l2tp_export(&f, imp, error);
	if (!ok) {
		l2sec_import_free(imp);
		return NULL;
	}
	return imp;
}

static void
test_good(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(good_cases); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(L2secImport) imp = import(good_cases[i].in, true, &error);
		if (imp == NULL)
			fail_msg("%s: %s", good_cases[i].name, error->message);
		if (strcmp(imp->profile->str, good_cases[i].profile) != 0)
			fail_msg("%s: got\n%s\nwant\n%s", good_cases[i].name, imp->profile->str,
			    good_cases[i].profile);
		assert_string_equal(imp->name, "Work");
	}
}

static void
test_bad(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(L2secImport) imp = import(bad_cases[i].in, true, &error);
		if (imp != NULL)
			fail_msg("%s: accepted", bad_cases[i].name);
		if (strcmp(error->message, bad_cases[i].message) != 0 ||
		    error->code != bad_cases[i].code)
			fail_msg("%s: got '%s' (%d), want '%s' (%d)", bad_cases[i].name,
			    error->message, error->code, bad_cases[i].message, bad_cases[i].code);
	}
}

/* Every key not mapped is listed with its reason; a missing secret is recorded. */
static void
test_ignored_and_missing(void **state)
{
	(void)state;
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secImport) imp =
	    import(KF_HEAD "mrru=1600\nfoo=bar\n[proxy]\nmethod=none\n", true, &error);
	assert_non_null(imp);
	assert_int_equal(imp->ignored->len, 3);
	assert_string_equal(imp->ignored->pdata[0], "mrru=1600 (l2sec does not do PPP multilink)");
	assert_string_equal(
	    imp->ignored->pdata[1], "foo=bar (not a NetworkManager-l2tp key l2sec knows)");
	assert_string_equal(imp->ignored->pdata[2], "[proxy] method=none (not an l2sec setting)");
	assert_int_equal(imp->missing_secrets->len, 2);
	assert_string_equal(imp->missing_secrets->pdata[0], "psk");
	assert_string_equal(imp->missing_secrets->pdata[1], "password");
}

/* The export's booleans (true/false), [ip4] of old versions and its "via" routes. */
static void
test_l2tp_export(void **state)
{
	(void)state;
	const char *in =
	    "#org.freedesktop.NetworkManager.l2tp\n[connection]\nid=E\n\n[vpn]\n"
	    "gateway=192.0.2.1\nuser=u\nipsec-enabled=true\nipsec-psk=k\n"
	    "require-mppe=true\n\n[ip4]\nmethod=auto\n"
	    "routes=10.1.0.0/16 via 10.1.0.1 metric 5;10.2.0.0/16\nnever-default=true\n";
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secImport) imp = import(in, false, &error);
	if (imp == NULL)
		fail_msg("%s", error->message);
	assert_string_equal(imp->profile->str,
	    "[connection]\ndescription = E\ngateway = 192.0.2.1\n\n[ipsec]\npsk = k\n\n[ppp]\n"
	    "user = u\nmppe = required\n\n[routes]\ndefault-route = no\n"
	    "routes = 10.1.0.0/16, 10.2.0.0/16\n");
}

/* Export then import: equal profiles, for both formats. */
static void
test_round_trip(void **state)
{
	(void)state;
	const char *text =
	    "[connection]\ndescription = RT\ngateway = 2001:db8::1\n[ipsec]\n"
	    "psk = a\\s#b;c=d ends\\s\nike-proposals = legacy\n"
	    "local-id = @me\nremote-id = @gw\nike-lifetime = 2h\nesp-lifetime = 20m\n"
	    "nat-traversal = force\n[l2tp]\nsource-port = ephemeral\n[ppp]\n"
	    "user = CORP\\\\bob\npassword = p w\nauth = eap\nmppe = required\n"
	    "mtu = 1400\nlcp-echo-interval = 0\nuse-peer-dns = no\n[routes]\n"
	    "default-route = no\nroutes = 10.0.0.0/8, fd00::/8\n";
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secProfile) p = l2sec_profile_load_data(
	    "rt.conf", text, strlen(text), NULL, L2SEC_PROFILE_NO_SECRET_FILES, NULL, &error);
	if (p == NULL)
		fail_msg("%s", error->message);
	for (int keyfile = 0; keyfile < 2; keyfile++) {
		g_autoptr(GString) out = keyfile ? l2sec_export_nm_keyfile(p, &error)
						 : l2sec_export_nm_l2tp_export(p, &error);
		assert_non_null(out);
		g_autoptr(L2secImport) imp = import(out->str, keyfile, &error);
		if (imp == NULL)
			fail_msg("%s:\n%s", error->message, out->str);
		g_autoptr(L2secProfile) q = l2sec_profile_load_data("rt.conf", imp->profile->str,
		    imp->profile->len, NULL, L2SEC_PROFILE_NO_SECRET_FILES, NULL, &error);
		if (q == NULL)
			fail_msg("%s", error->message);
		if (!l2sec_profile_equal(p, q)) {
			g_autoptr(GString) a = l2sec_profile_to_text(p, true);
			g_autoptr(GString) b = l2sec_profile_to_text(q, true);
			fail_msg("keyfile=%d: differs:\n%s---\n%s", keyfile, a->str, b->str);
		}
		g_autoptr(GPtrArray) dropped = l2sec_export_dropped(
		    p, keyfile ? L2SEC_FORMAT_NM_KEYFILE : L2SEC_FORMAT_NM_L2TP_EXPORT);
		assert_int_equal(dropped->len, 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good),
	    cmocka_unit_test(test_bad),
	    cmocka_unit_test(test_ignored_and_missing),
	    cmocka_unit_test(test_l2tp_export),
	    cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
