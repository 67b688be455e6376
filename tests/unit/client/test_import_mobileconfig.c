/* Unit tests for client/import_mobileconfig.c: the plist reader and the L2TP payload mapping
 * (Apple's Configuration Profile Reference: com.apple.vpn.managed, VPNType L2TP, PPP, IPSec,
 * IPv4), errors with their key paths, CMS-wrapped profiles, and export then import. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "client/import.h"

#define HEAD                                                                                       \
	"<?xml version=\"1.0\"?>\n<plist version=\"1.0\"><dict><key>PayloadContent</key><array>"
#define TAIL "</array></dict></plist>\n"
#define VPN(body)                                                                                  \
	"<dict><key>PayloadType</key><string>com.apple.vpn.managed</string>"                       \
	"<key>VPNType</key><string>L2TP</string>" body "</dict>"
#define PPP                                                                                        \
	"<key>PPP</key><dict><key>AuthName</key><string>alice</string>"                            \
	"<key>CommRemoteAddress</key><string>vpn.example.com</string></dict>"
#define IPSEC                                                                                      \
	"<key>IPSec</key><dict><key>AuthenticationMethod</key><string>SharedSecret</string>"       \
	"<key>SharedSecret</key><data>czNjcmV0</data></dict>"
#define OVERRIDE "<key>IPv4</key><dict><key>OverridePrimary</key><integer>1</integer></dict>"

static const struct {
	const char *name;
	const char *in;
	const char *profile;
} good_cases[] = {
    {"the usual payload",
	HEAD VPN("<key>UserDefinedName</key><string>Work</string>" PPP IPSEC OVERRIDE) TAIL,
	"[connection]\ndescription = Work\ngateway = vpn.example.com\n\n[ipsec]\npsk = s3cret\n\n"
	"[ppp]\nuser = alice\n\n[routes]\ndefault-route = yes\n"},
    {"password, LocalIdentifier, OverridePrimary false, entities",
	HEAD VPN("<key>PPP</key><dict><key>AuthName</key><string>a&amp;b</string>"
		 "<key>AuthPassword</key><string>p&lt;w</string><key>CommRemoteAddress</key>"
		 "<string>192.0.2.1</string></dict>" IPSEC "<key>IPSec2</key><string>x</string>"
		 "<key>IPv4</key><dict><key>OverridePrimary</key><false/></dict>") TAIL,
	"[connection]\ngateway = 192.0.2.1\n\n[ipsec]\npsk = s3cret\n\n[ppp]\nuser = a&b\n"
	"password = p<w\n\n[routes]\ndefault-route = no\n"},
};

static const struct {
	const char *name;
	const char *in;
	const char *message;
} bad_cases[] = {
    {"SharedSecret not base64",
	HEAD VPN(PPP "<key>IPSec</key><dict><key>SharedSecret</key><data>@@</data></dict>") TAIL,
	"t.mobileconfig: PayloadContent[0].IPSec.SharedSecret: not base64 data"},
    {"a value without its key", HEAD "<dict><string>x</string></dict>" TAIL,
	"t.mobileconfig: XML: Error on line 2 char 75: a <string> in a <dict> without its <key>"},
    {"a key without its value", "<plist><dict><key>a</key></dict></plist>",
	"t.mobileconfig: XML: Error on line 1 char 33: <key>a</key> without its value"},
    {"not a plist", "<html><body/></html>",
	"t.mobileconfig: XML: Error on line 1 char 7: <html> outside <plist>: not a property list"},
    {"PayloadContent not an array", "<plist><dict><key>PayloadContent</key><dict/></dict></plist>",
	"t.mobileconfig: PayloadContent: a <dict>, expected a <array>"},
    {"no L2TP", HEAD TAIL, "t.mobileconfig: PayloadContent: no VPN payload of VPNType L2TP"},
    {"token card", HEAD VPN("<key>PPP</key><dict><key>TokenCard</key><true/></dict>") TAIL,
	"t.mobileconfig: PayloadContent[0].PPP.TokenCard: RSA SecurID token cards are not "
	"supported by l2sec"},
    {"bad integer",
	HEAD VPN(PPP IPSEC "<key>IPv4</key><dict><key>OverridePrimary</key>"
			   "<integer>one</integer></dict>") TAIL,
	"t.mobileconfig: PayloadContent[0].IPv4.OverridePrimary: 'one' is not an integer"},
    {"CMS that is not CMS", "\x30\x03\x02\x01\x01",
	"t.mobileconfig: CMS: not a well-formed signed profile (PKCS#7 SignedData)"},
};

static L2secImport *
import(const char *text, size_t len, const char *entry, GError **error)
{
	L2secImportFile f = {"t.mobileconfig", text, len};
	L2secImport *imp = l2sec_import_new();
	if (!l2sec_import_mobileconfig_entry(&f, entry, imp, error)) {
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
		g_autoptr(L2secImport) imp =
		    import(good_cases[i].in, strlen(good_cases[i].in), NULL, &error);
		if (imp == NULL)
			fail_msg("%s: %s", good_cases[i].name, error->message);
		if (strcmp(imp->profile->str, good_cases[i].profile) != 0)
			fail_msg("%s: got\n%s\nwant\n%s", good_cases[i].name, imp->profile->str,
			    good_cases[i].profile);
	}
}

static void
test_bad(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(L2secImport) imp =
		    import(bad_cases[i].in, strlen(bad_cases[i].in), NULL, &error);
		if (imp != NULL)
			fail_msg("%s: accepted", bad_cases[i].name);
		if (strcmp(error->message, bad_cases[i].message) != 0)
			fail_msg("%s: got '%s', want '%s'", bad_cases[i].name, error->message,
			    bad_cases[i].message);
	}
}

/* Several L2TP payloads: the first, or the one --entry names; the others in the notes. */
static void
test_entry(void **state)
{
	(void)state;
	const char *in = HEAD VPN("<key>UserDefinedName</key><string>A</string>" PPP IPSEC)
	    VPN("<key>UserDefinedName</key><string>B</string>" PPP) TAIL;
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secImport) a = import(in, strlen(in), NULL, &error);
	assert_non_null(a);
	assert_string_equal(a->name, "A");
	assert_int_equal(a->missing_secrets->len, 1); /* no password */
	assert_string_equal(a->notes->pdata[0],
	    "PayloadContent[1] is another L2TP VPN ('B'); import it with --entry NAME");
	g_autoptr(L2secImport) b = import(in, strlen(in), "B", &error);
	assert_non_null(b);
	assert_string_equal(b->name, "B");
	assert_int_equal(b->missing_secrets->len, 2); /* psk and password */
}

static void
test_round_trip(void **state)
{
	(void)state;
	const char *text = "[connection]\ndescription = Ünïcode & <xml>\ngateway = fd00::1\n"
			   "[ipsec]\npsk = k\\s#y\nlocal-id = grp\n[ppp]\nuser = u\n"
			   "password = ]]> --\n[routes]\ndefault-route = no\n";
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secProfile) p = l2sec_profile_load_data(
	    "rt.conf", text, strlen(text), NULL, L2SEC_PROFILE_NO_SECRET_FILES, NULL, &error);
	if (p == NULL)
		fail_msg("%s", error->message);
	g_autoptr(GString) out = l2sec_export_mobileconfig(p, &error);
	g_autoptr(L2secImport) imp = import(out->str, out->len, NULL, &error);
	if (imp == NULL)
		fail_msg("%s\n%s", error->message, out->str);
	g_autoptr(L2secProfile) q = l2sec_profile_load_data("rt.conf", imp->profile->str,
	    imp->profile->len, NULL, L2SEC_PROFILE_NO_SECRET_FILES, NULL, &error);
	if (q == NULL)
		fail_msg("%s", error->message);
	assert_true(l2sec_profile_equal(p, q));
	g_autoptr(GPtrArray) dropped = l2sec_export_dropped(p, L2SEC_FORMAT_MOBILECONFIG);
	assert_int_equal(dropped->len, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good),
	    cmocka_unit_test(test_bad),
	    cmocka_unit_test(test_entry),
	    cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
