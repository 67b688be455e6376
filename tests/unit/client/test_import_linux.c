/* Unit tests for client/import_linux.c: the corpus of tests/import/linux-howto (strongSwan and
 * libreswan how-tos with xl2tpd and pppd options, an IPv6 server, xl2tpd alone), the lines
 * listed as ignored, the choice of conn, [lac] and PSK, the translation of ike=/esp=, and the
 * errors with FILE:LINE. */
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

static void
test_corpus(void **state)
{
	unsigned good, bad;
	import_corpus_run("linux-howto", ".d", l2sec_import_linux, &good, &bad);
	assert_true(good >= 4);
	assert_true(bad >= 12);
}

/* The order of the files does not matter. */
static void
test_file_order(void **state)
{
	g_autofree char *dir = import_corpus_dir("linux-howto");
	g_autofree char *path = g_build_filename(dir, "good", "strongswan-xl2tpd.d", NULL);
	GArray *files = import_corpus_read(path);
	g_autoptr(L2secImport) a = l2sec_import_new();
	g_autoptr(GError) error = NULL;
	assert_true(
	    l2sec_import_linux((L2secImportFile *)(void *)files->data, files->len, a, &error));
	/* reverse them */
	for (guint i = 0; i < files->len / 2; i++) {
		L2secImportFile t = g_array_index(files, L2secImportFile, i);
		g_array_index(files, L2secImportFile, i) =
		    g_array_index(files, L2secImportFile, files->len - 1 - i);
		g_array_index(files, L2secImportFile, files->len - 1 - i) = t;
	}
	g_autoptr(L2secImport) b = l2sec_import_new();
	assert_true(
	    l2sec_import_linux((L2secImportFile *)(void *)files->data, files->len, b, &error));
	assert_string_equal(a->profile->str, b->profile->str);
	assert_int_equal(a->ignored->len, b->ignored->len);
	import_corpus_files_free(files);
}

static void
test_ignored_listed(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secImport) imp = import_corpus_import(
	    "linux-howto", "good/strongswan-xl2tpd.d", l2sec_import_linux, &error);
	assert_non_null(imp);
	static const char *const want[] = {
	    "charondebug=ike 1, knl 1, cfg 0 (ipsec.conf:4: config setup",
	    "uniqueids=no (ipsec.conf:5: config setup",
	    "rekeymargin=3m (ipsec.conf:10: ",
	    "keyingtries=1 (ipsec.conf:11: ",
	    "auto=add (ipsec.conf:20: ",
	    "dpdtimeout=120 (ipsec.conf:29: ",
	    "ppp debug = yes (xl2tpd.conf:3: ",
	    "length bit = yes (xl2tpd.conf:5: ",
	    "ipcp-accept-local (options.l2tpd.client:1: ",
	    "ipcp-accept-remote (options.l2tpd.client:2: ",
	    "noauth (options.l2tpd.client:6: ",
	    "idle 1800 (options.l2tpd.client:7: ",
	    "debug (options.l2tpd.client:12: ",
	    "connect-delay 5000 (options.l2tpd.client:13: ",
	    ": RSA (ipsec.secrets:2: l2sec uses a pre-shared key)",
	    "192.0.2.99 : PSK (ipsec.secrets:4: for another host)",
	};
	assert_int_equal(imp->ignored->len, G_N_ELEMENTS(want));
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
		if (!g_str_has_prefix(imp->ignored->pdata[i], want[i]))
			fail_msg("ignored[%zu] = '%s', want '%s...'", i,
			    (char *)imp->ignored->pdata[i], want[i]);
	/* no secret ever appears in what is listed */
	for (guint i = 0; i < imp->ignored->len; i++)
		assert_null(strstr(imp->ignored->pdata[i], "someone else"));
	assert_int_equal(imp->missing_secrets->len, 0);
	assert_string_equal(imp->name, "myvpn");
}

/* One file set given inline: NAME, CONTENT pairs. */
typedef struct lx_case {
	const char *name;
	const char *files[8]; /* name, content, name, content..., NULL */
	const char *want;     /* a line the profile must hold, or NULL for an error */
	const char *error;
} lx_case;

#define CONN_HEAD "conn v\n  type=transport\n  right=192.0.2.1\n"

static const lx_case cases[] = {
    {"strongSwan proposals with a PRF and ESN",
	{"ipsec.conf",
	    CONN_HEAD "  ike=aes256-sha256-prfsha256-modp2048\n  esp=aes128-sha1-noesn!\n", NULL},
	"ike-proposals = aes256-sha256-modp2048\n", NULL},
    {"libreswan alternatives with +",
	{"ipsec.conf", CONN_HEAD "  ike=aes+3des-sha1;modp1024\n", NULL},
	"ike-proposals = aes128-3des-sha1-modp1024\n", NULL},
    {"an item l2sec cannot offer is dropped",
	{"ipsec.conf", CONN_HEAD "  ike=des-md5-modp768,aes128-sha1-modp2048\n", NULL},
	"ike-proposals = aes128-sha1-modp2048\n", NULL},
    {"no item l2sec can offer: default", {"ipsec.conf", CONN_HEAD "  esp=null-md5\n", NULL},
	"psk-file = v.psk\n", NULL},
    {"strongSwan DH groups in esp= give PFS",
	{"ipsec.conf", CONN_HEAD "  esp=aes256-sha1-ecp384\n  pfs=yes\n", NULL},
	"esp-proposals = aes256-sha1-ecp384\n", NULL},
    {"dpdaction=none turns DPD off", {"ipsec.conf", CONN_HEAD "  dpdaction=none\n", NULL},
	"dpd-delay = 0\n", NULL},
    {"a lifetime out of range stays default",
	{"ipsec.conf", CONN_HEAD "  ikelifetime=72h\n  keylife=30s\n", NULL},
	"gateway = 192.0.2.1\n", NULL},
    {"strongSwan's %host right",
	{"ipsec.conf", "conn v\n  type=transport\n  right=%vpn.example.com\n", NULL},
	"gateway = vpn.example.com\n", NULL},
    {"a PSK in hex", {"ipsec.conf", CONN_HEAD, "ipsec.secrets", "192.0.2.1 : PSK 0x6b6579\n", NULL},
	"psk = key\n", NULL},
    {"a PSK for the remote id",
	{"ipsec.conf", CONN_HEAD "  rightid=@gw.example\n", "ipsec.secrets",
	    ": PSK \"any\"\ngw.example : PSK \"exact\"\n", NULL},
	"psk = exact\n", NULL},
    {"a colon glued to the selector",
	{"ipsec.conf", CONN_HEAD, "ipsec.secrets", "192.0.2.1: PSK \"k\"\n", NULL}, "psk = k\n",
	NULL},
    {"an IPv6 selector",
	{"ipsec.conf", "conn v\n  type=transport\n  right=2001:db8::5\n", "ipsec.secrets",
	    "2001:db8::5 : PSK \"v6\"\n", NULL},
	"psk = v6\n", NULL},
    {"a binary PSK goes to a file",
	{"ipsec.conf", CONN_HEAD, "ipsec.secrets", "192.0.2.1 : PSK 0x00ff\n", NULL},
	"psk-file = v.psk\n", NULL},
    {"a PSK starting with # goes to a file",
	{"ipsec.conf", CONN_HEAD, "ipsec.secrets", ": PSK \"#k\"\n", NULL}, "psk-file = v.psk\n",
	NULL},
    {"odd hex", {"ipsec.conf", CONN_HEAD, "ipsec.secrets", ": PSK 0x123\n", NULL}, NULL,
	"ipsec.secrets:1: PSK: 0x... with an odd number of digits"},
    {"no separator", {"ipsec.conf", CONN_HEAD, "ipsec.secrets", "192.0.2.1 PSK k\n", NULL}, NULL,
	"ipsec.secrets:1: expected 'SELECTORS : TYPE secret'"},
    {"pppd: user wins over name",
	{"xl2tpd.conf", "[lac a]\nlns = 192.0.2.1\npppoptfile = /x/opts\n", "opts",
	    "user u1\nname n1\n", NULL},
	"user = u1\n", NULL},
    {"pppd: every protocol refused",
	{"xl2tpd.conf", "[lac a]\nlns = 192.0.2.1\npppoptfile = opts\n", "opts",
	    "refuse-pap\nrefuse-chap\nrefuse-mschap-v2\nrefuse-eap\n", NULL},
	NULL, "opts:4: every authentication protocol is refused"},
    {"pppd: an MTU out of range is ignored",
	{"xl2tpd.conf", "[lac a]\nlns = 192.0.2.1\npppoptfile = opts\n", "opts",
	    "mtu 9000\ndefaultroute\n", NULL},
	"use-peer-dns = no\n", NULL},
    {"pppd: MPPE with CHAP is dropped", {"xl2tpd.conf", "[lac a]\nlns = 192.0.2.1\npppoptfile = opts\n",
	"opts", "require-chap\nrequire-mppe\ndefaultroute\nusepeerdns\n", NULL},
	"auth = chap\n", NULL},
    {"pppd: a quote left open",
	{"xl2tpd.conf", "[lac a]\nlns = 192.0.2.1\npppoptfile = opts\n", "opts", "password \"abc\n",
	    NULL},
	NULL, "opts:1: string without its closing quote"},
    {"xl2tpd: a line without =", {"xl2tpd.conf", "[lac a]\nlns\n", NULL}, NULL,
	"xl2tpd.conf:2: expected 'key = value'"},
    {"xl2tpd: an unknown section", {"xl2tpd.conf", "[lax a]\n", NULL}, NULL,
	"xl2tpd.conf:1: unknown section [lax]; expected [global], [lac NAME] or [lns NAME]"},
    {"ipsec.conf: a key outside a section", {"ipsec.conf", "  right=1.2.3.4\n", NULL}, NULL,
	"ipsec.conf:1: right= outside a 'conn' or 'config setup' section"},
    {"ipsec.conf: no conn", {"ipsec.conf", "config setup\n  uniqueids=no\n", NULL}, NULL,
	"ipsec.conf: no conn section"},
    {"ipsec.conf: invalid UTF-8", {"ipsec.conf", "conn v\n  right=\xff\n", NULL}, NULL,
	"ipsec.conf:2: invalid UTF-8 at byte 15"},
    {"no files at all", {NULL}, NULL,
	"-: neither an ipsec.conf (conn sections) nor an xl2tpd.conf ([lac] section) among the "
	"files"},
};

static void
test_cases(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		const lx_case *c = &cases[i];
		L2secImportFile files[4];
		size_t n = 0;
		for (; c->files[2 * n] != NULL; n++) {
			files[n].path = c->files[2 * n];
			files[n].data = c->files[2 * n + 1];
			files[n].len = strlen(c->files[2 * n + 1]);
		}
		g_autoptr(L2secImport) imp = l2sec_import_new();
		g_autoptr(GError) error = NULL;
		bool ok = l2sec_import_linux(files, n, imp, &error);
		import_corpus_check_case(c->name, ok, imp, error, c->want, c->error);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_corpus),
	    cmocka_unit_test(test_file_order),
	    cmocka_unit_test(test_ignored_listed),
	    cmocka_unit_test(test_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
