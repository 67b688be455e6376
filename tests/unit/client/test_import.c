/* Unit tests for client/import.c and client/import_draft.c: format detection (content first,
 * then the name), format names, what exporters drop, the draft's canonical order and its
 * strict base64 (RFC 4648 §4 and §10 test vectors). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "client/import.h"
#include "client/import_draft.h"

static const struct {
	const char *name, *path, *data;
	size_t len; /* 0: strlen */
	L2secFormat want;
} detect_cases[] = {
    {"NM keyfile", "x",
	"[connection]\nid=a\n[vpn]\nservice-type=org.freedesktop.NetworkManager.l2tp\n", 0,
	L2SEC_FORMAT_NM_KEYFILE},
    {"NM-l2tp export", "x.conf",
	"#org.freedesktop.NetworkManager.l2tp\n[connection]\nid=a\n[vpn]\ngateway=g\n", 0,
	L2SEC_FORMAT_NM_L2TP_EXPORT},
    {"NM-l2tp export without its comment", "x", "[connection]\nid=a\n[vpn]\ngateway=g\n", 0,
	L2SEC_FORMAT_NM_L2TP_EXPORT},
    {"plist", "x.txt", "<?xml version=\"1.0\"?>\n<plist version=\"1.0\"><dict/></plist>", 0,
	L2SEC_FORMAT_MOBILECONFIG},
    {"CMS signedData, DER definite length", "x",
	"\x30\x82\x09\x15\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x02\xa0\x82", 17,
	L2SEC_FORMAT_MOBILECONFIG},
    {"CMS signedData, BER indefinite length", "x",
	"\x30\x80\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x02\xa0\x80\x30\x80", 17,
	L2SEC_FORMAT_MOBILECONFIG},
    {"CMS envelopedData is not a profile", "x",
	"\x30\x80\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x03\xa0\x80\x30\x80", 17,
	L2SEC_FORMAT_UNKNOWN},
    {"PowerShell", "vpn.txt",
	"# setup\r\nAdd-VpnConnection -Name Work -ServerAddress x -TunnelType L2tp\r\n", 0,
	L2SEC_FORMAT_POWERSHELL},
    {"rasphone", "x", "[Work]\r\nMEDIA=rastapi\r\nPhoneNumber=vpn.example.com\r\n", 0,
	L2SEC_FORMAT_RASPHONE_PBK},
    {"ipsec.conf", "x", "config setup\n\nconn L2TP-PSK\n  type=transport\n", 0,
	L2SEC_FORMAT_LINUX_HOWTO},
    {"xl2tpd.conf", "x", "[lac vpn]\nlns = 192.0.2.1\n", 0, L2SEC_FORMAT_LINUX_HOWTO},
    {"by name: .nmconnection", "a/b.nmconnection", "", 0, L2SEC_FORMAT_NM_KEYFILE},
    {"by name: .MOBILECONFIG", "b.MOBILECONFIG", "garbage", 0, L2SEC_FORMAT_MOBILECONFIG},
    {"by name: .pbk", "rasphone.pbk", "", 0, L2SEC_FORMAT_RASPHONE_PBK},
    {"nothing known", "notes.txt", "hello\n", 0, L2SEC_FORMAT_UNKNOWN},
};

static void
test_detect(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(detect_cases); i++) {
		L2secImportFile f = {detect_cases[i].path, detect_cases[i].data,
		    detect_cases[i].len != 0 ? detect_cases[i].len : strlen(detect_cases[i].data)};
		L2secFormat got = l2sec_import_detect(&f);
		if (got != detect_cases[i].want)
			fail_msg("%s: %s, want %s", detect_cases[i].name, l2sec_format_name(got),
			    l2sec_format_name(detect_cases[i].want));
	}
}

static void
test_format_names(void **state)
{
	(void)state;
	for (L2secFormat f = L2SEC_FORMAT_NM_KEYFILE; f <= L2SEC_FORMAT_LINUX_HOWTO; f++)
		assert_int_equal(l2sec_format_from_name(l2sec_format_name(f)), f);
	assert_int_equal(l2sec_format_from_name("NM-L2TP"), L2SEC_FORMAT_NM_L2TP_EXPORT);
	assert_int_equal(l2sec_format_from_name("pptp"), L2SEC_FORMAT_UNKNOWN);
}

static void
test_dropped(void **state)
{
	(void)state;
	const char *text = "[connection]\ngateway = g\n[ipsec]\npsk = k\ndpd-delay = 10s\n"
			   "pfs = ecp256\n[l2tp]\ntunnel-secret = t\n[ppp]\nuser = u\nmppe = yes\n"
			   "[routes]\nroutes = 10.0.0.0/8\n";
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secProfile) p = l2sec_profile_load_data(
	    "d.conf", text, strlen(text), NULL, L2SEC_PROFILE_NO_SECRET_FILES, NULL, &error);
	assert_non_null(p);
	g_autoptr(GPtrArray) nm = l2sec_export_dropped(p, L2SEC_FORMAT_NM_KEYFILE);
	assert_int_equal(nm->len, 4);
	assert_string_equal(
	    nm->pdata[0], "dpd-delay = 10s (NetworkManager-l2tp has no such setting)");
	assert_string_equal(
	    nm->pdata[1], "tunnel-secret = <secret> (NetworkManager-l2tp has no such setting)");
	assert_string_equal(nm->pdata[2],
	    "mppe = yes (NetworkManager-l2tp can require MPPE or turn it off, not just accept it)");
	assert_string_equal(nm->pdata[3],
	    "pfs = ecp256 (ipsec-pfs = yes uses the group of the first IKE proposal)");
	g_autoptr(GPtrArray) apple = l2sec_export_dropped(p, L2SEC_FORMAT_MOBILECONFIG);
	assert_int_equal(apple->len, 5); /* dpd-delay, tunnel-secret, pfs, mppe, the route */
}

/* RFC 4648 §10 */
static const struct {
	const char *in, *out;
	bool ok;
} b64_cases[] = {
    {"", "", true},
    {"Zg==", "f", true},
    {"Zm8=", "fo", true},
    {"Zm9v", "foo", true},
    {"Zm9vYg==", "foob", true},
    {"Zm9vYmE=", "fooba", true},
    {"Zm9v\n YmFy\r\n", "foobar", true},
    {"Zm9vYg", "foob", true},   /* padding left out */
    {"Zm9vY", NULL, false},     /* one character cannot end a group */
    {"Zm9v=YmFy", NULL, false}, /* data after the padding */
    {"Zm9v!", NULL, false},
    {"Zg===", NULL, false},
};

static void
test_base64(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(b64_cases); i++) {
		L2secSecret *s = NULL;
		bool ok = l2sec_import_base64_decode(b64_cases[i].in, &s);
		if (ok != b64_cases[i].ok)
			fail_msg("'%s': %s", b64_cases[i].in, ok ? "accepted" : "refused");
		if (ok) {
			assert_int_equal(s->len, strlen(b64_cases[i].out));
			assert_memory_equal(s->data, b64_cases[i].out, s->len);
			assert_int_equal(s->data[s->len], 0);
		}
		l2sec_secret_free(s);
	}
}

static void
test_draft(void **state)
{
	(void)state;
	g_autoptr(L2secImport) imp = l2sec_import_new();
	g_autoptr(L2secImportDraft) d = l2sec_import_draft_new();
	l2sec_import_draft_set(d, "routes", "10.0.0.0/8");
	l2sec_import_draft_set(d, "user", "u");
	l2sec_import_draft_set(d, "gateway", "g");
	l2sec_import_draft_set(d, "psk", "#hash first");
	l2sec_import_draft_set(d, "password", " p ");
	l2sec_import_draft_set(d, "user", "v");
	l2sec_import_draft_render(d, imp);
	assert_string_equal(imp->profile->str,
	    "[connection]\ngateway = g\n\n[ppp]\nuser = v\n"
	    "password = \\sp\\s\n\n[routes]\nroutes = 10.0.0.0/8\n");
	assert_int_equal(imp->missing_secrets->len, 1);
	assert_string_equal(imp->missing_secrets->pdata[0], "psk");
	assert_int_equal(imp->notes->len, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_detect),
	    cmocka_unit_test(test_format_names),
	    cmocka_unit_test(test_dropped),
	    cmocka_unit_test(test_base64),
	    cmocka_unit_test(test_draft),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
