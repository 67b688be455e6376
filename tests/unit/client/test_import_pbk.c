/* Unit tests for client/import_pbk.c: the corpus of tests/import/rasphone (Windows 10 and 7
 * phonebooks in UTF-8, UTF-16LE and Windows-1252), entry selection, what is listed as ignored
 * and missing, and a table of small in-memory phonebooks with their exact errors. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "client/import.h"
#include "client/profile.h"
#include "tests/unit/client/import_corpus.h"

static bool
import_first(const L2secImportFile *files, size_t n_files, L2secImport *out, GError **error)
{
	assert_int_equal(n_files, 1);
	return l2sec_import_pbk(&files[0], NULL, out, error);
}

static void
test_corpus(void **state)
{
	unsigned good, bad;
	import_corpus_run("rasphone", ".pbk", import_first, &good, &bad);
	assert_true(good >= 4);
	assert_true(bad >= 8);
}

/* What the Windows 10 entry leaves to the user: the PSK and the credentials. */
static void
test_missing_and_notes(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secImport) imp =
	    import_corpus_import("rasphone", "good/win10-l2tp-only.pbk", import_first, &error);
	assert_non_null(imp);
	assert_string_equal(imp->name, "Work VPN");
	assert_int_equal(imp->missing_secrets->len, 3);
	assert_string_equal(imp->missing_secrets->pdata[0], "psk");
	assert_string_equal(imp->missing_secrets->pdata[1], "user");
	assert_string_equal(imp->missing_secrets->pdata[2], "password");
	/* every key of the entry is mapped, neutral or counted: nothing listed */
	assert_int_equal(imp->ignored->len, 0);
	assert_true(import_corpus_has(imp->notes, "88 settings of the Windows dialer"));
	assert_true(import_corpus_has(imp->notes, "the pre-shared key is not in rasphone.pbk: "
						  "write it to Work-VPN.psk"));
}

static void
test_ignored_listed(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secImport) imp =
	    import_corpus_import("rasphone", "good/eap-static-dns.pbk", import_first, &error);
	assert_non_null(imp);
	static const char *const want[] = {
	    "VpnStrategy=8 (IKEv2 first, then other protocols; l2sec speaks L2TP/IPsec only)",
	    "AuthRestrictions=136 (also allows PAP; l2sec uses one protocol: eap)",
	    "CustomAuthKey=25 (EAP type 25",
	    "IpSecFlags=0 (Windows authenticates IPsec with a machine certificate",
	    "IpDnsAddress=10.20.0.53 (a static DNS server",
	    "IpDns2Address=10.20.0.54 (a static DNS server",
	    "IdleDisconnectSeconds=900 (idle disconnect",
	    "FutureKey=7 (no l2sec equivalent)",
	};
	assert_int_equal(imp->ignored->len, G_N_ELEMENTS(want));
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
		if (!g_str_has_prefix(imp->ignored->pdata[i], want[i]))
			fail_msg("ignored[%zu] = '%s', want '%s...'", i,
			    (char *)imp->ignored->pdata[i], want[i]);
}

/* The `entry` argument: by name, an SSTP entry refused, an unknown name listed. */
static void
test_entry_choice(void **state)
{
	g_autofree char *dir = import_corpus_dir("rasphone");
	g_autofree char *path = g_build_filename(dir, "good", "utf16-two-entries.pbk", NULL);
	GArray *files = import_corpus_read(path);
	const L2secImportFile *f = &g_array_index(files, L2secImportFile, 0);

	g_autoptr(L2secImport) a = l2sec_import_new();
	g_autoptr(GError) error = NULL;
	assert_true(l2sec_import_pbk(f, "Zentrale München", a, &error));
	assert_string_equal(a->name, "Zentrale München");
	assert_non_null(strstr(a->profile->str, "gateway = 2001:db8:10::1\n"));
	/* with the entry named, the other entries are not listed */
	assert_false(import_corpus_has(a->notes, "imported entry"));

	g_autoptr(L2secImport) b = l2sec_import_new();
	assert_false(l2sec_import_pbk(f, "Zentrale SSTP", b, &error));
	assert_int_equal(error->code, L2SEC_IMPORT_ERROR_UNSUPPORTED);
	assert_string_equal(error->message, "utf16-two-entries.pbk:1: entry 'Zentrale SSTP' is not "
					    "L2TP/IPsec (VpnStrategy=5, SSTP only)");
	g_clear_error(&error);

	g_autoptr(L2secImport) c = l2sec_import_new();
	assert_false(l2sec_import_pbk(f, "Home", c, &error));
	assert_int_equal(error->code, L2SEC_IMPORT_ERROR_FORMAT);
	assert_string_equal(error->message, "utf16-two-entries.pbk: no entry 'Home'; the entries "
					    "are 'Zentrale SSTP', 'Zentrale München'");
	import_corpus_files_free(files);
}

#define TEN "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9" /* 5 x U+00E9, 10 bytes */
#define LONG_NAME "x" TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN \
    TEN TEN TEN TEN TEN TEN "x"

static const struct pbk_case {
	const char *name; /* what the case is */
	const char *data;
	size_t len;          /* 0: strlen */
	const char *gateway; /* NULL: an error is expected */
	const char *error;
} cases[] = {
    {"UTF-16LE without BOM, LF", "[\0V\0]\0\n\0P\0h\0o\0n\0e\0N\0u\0m\0b\0e\0r\0=\0h\0\n\0", 36,
	"h", NULL},
    {"UTF-16BE with BOM", "\xfe\xff\0[\0V\0]\0\n\0P\0h\0o\0n\0e\0N\0u\0m\0b\0e\0r\0=\0h\0\n", 38,
	"h", NULL},
    {"lone CR line ends", "[V]\rType=2\rPhoneNumber=192.0.2.9\r", 0, "192.0.2.9", NULL},
    {"blanks around keys and values", "[ V ]\n  PhoneNumber = 192.0.2.9  \n", 0, "192.0.2.9", NULL},
    {"IPv6 in brackets", "[V]\nPhoneNumber=[2001:db8::1]\n", 0, "2001:db8::1", NULL},
    {"empty file", "", 0, NULL, "test.pbk: no [entry name] section; not a phonebook"},
    {"only comments", "; nothing\n# here\n", 0, NULL,
	"test.pbk: no [entry name] section; not a phonebook"},
    {"entry given twice", "[V]\nPhoneNumber=a\n[V]\n", 0, NULL,
	"test.pbk:3: entry 'V' given twice (first on line 1)"},
    {"empty entry name", "[ ]\n", 0, NULL, "test.pbk:1: empty entry name '[]'"},
    {"a line without =", "[V]\nPhoneNumber\n", 0, NULL,
	"test.pbk:2: expected an [entry name] or a Key=value line"},
    {"no key", "[V]\n=x\n", 0, NULL, "test.pbk:2: a line with no key before '='"},
    {"NUL byte", "[V]\nPhone\0Number=x\n", 22, NULL, "test.pbk:2: NUL byte (is it a binary file?)"},
    {"unknown VpnStrategy", "[V]\nVpnStrategy=11\nPhoneNumber=h\n", 0, NULL,
	"test.pbk:1: entry 'V' is not L2TP/IPsec (VpnStrategy=11, unknown)"},
    {"AuthRestrictions not a number", "[V]\nAuthRestrictions=x\nPhoneNumber=h\n", 0, NULL,
	"test.pbk:2: AuthRestrictions=x: not a number"},
    {"PPTP first falls back to L2TP", "[V]\nVpnStrategy=2\nPhoneNumber=h\n", 0, "h", NULL},
    {"a name longer than a description",
	"[" LONG_NAME "]\nPhoneNumber=h\n", 0, "h", NULL},
};

static void
test_cases(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		const struct pbk_case *c = &cases[i];
		L2secImportFile f = {.path = "/somewhere/test.pbk",
		    .data = c->data,
		    .len = c->len ? c->len : strlen(c->data)};
		g_autoptr(L2secImport) imp = l2sec_import_new();
		g_autoptr(GError) error = NULL;
		bool ok = l2sec_import_pbk(&f, NULL, imp, &error);
		g_autofree char *want =
		    c->gateway != NULL ? g_strdup_printf("gateway = %s\n", c->gateway) : NULL;
		import_corpus_check_case(c->name, ok, imp, error, want, c->error);
		if (c->gateway != NULL) {
			g_autoptr(L2secProfile) p =
			    l2sec_profile_load_data("t.conf", imp->profile->str, imp->profile->len,
				NULL, L2SEC_PROFILE_NO_SECRET_FILES, NULL, &error);
			if (p == NULL)
				fail_msg("%s: does not load: %s", c->name, error->message);
		} else {
			assert_int_equal(imp->profile->len, 0);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_corpus),
	    cmocka_unit_test(test_missing_and_notes),
	    cmocka_unit_test(test_ignored_listed),
	    cmocka_unit_test(test_entry_choice),
	    cmocka_unit_test(test_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
