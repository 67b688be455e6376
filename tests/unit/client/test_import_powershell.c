/* Unit tests for client/import_powershell.c: the corpus of tests/import/powershell (one-liners,
 * continuations, variables, splatting, here-strings, typographic quotes, several connections),
 * what is listed as ignored, and a table of small scripts for the quoting rules and errors. */
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
	return l2sec_import_powershell(&files[0], out, error);
}

static void
test_corpus(void **state)
{
	unsigned good, bad;
	import_corpus_run("powershell", ".ps1", import_first, &good, &bad);
	assert_true(good >= 5);
	assert_true(bad >= 10);
}

static void
test_ignored_listed(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secImport) imp = import_corpus_import(
	    "powershell", "good/variables-continuations.ps1", import_first, &error);
	assert_non_null(imp);
	static const char *const want[] = {
	    "Out-Null (line 19: only Add-VpnConnection",
	    "Write-Host (line 28: only Add-VpnConnection",
	    "AuthenticationMethod=Chap,MSChapv2 (l2sec uses one protocol: mschap-v2)",
	    "AllUserConnection=$true (l2sec profiles are system-wide)",
	};
	assert_int_equal(imp->ignored->len, G_N_ELEMENTS(want));
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
		if (!g_str_has_prefix(imp->ignored->pdata[i], want[i]))
			fail_msg("ignored[%zu] = '%s', want '%s...'", i,
			    (char *)imp->ignored->pdata[i], want[i]);
	/* the PSK is in the script: only the credentials are missing */
	assert_int_equal(imp->missing_secrets->len, 2);
	assert_string_equal(imp->missing_secrets->pdata[0], "user");
	assert_string_equal(imp->missing_secrets->pdata[1], "password");
	/* the PSK holds " #": written with \s so that it is not a comment, and it loads back */
	g_autoptr(L2secProfile) p = l2sec_profile_load_data("t.conf", imp->profile->str,
	    imp->profile->len, NULL, L2SEC_PROFILE_NO_SECRET_FILES, NULL, &error);
	assert_non_null(p);
	assert_int_equal(p->psk->len, strlen("Tr0ub4dor&3 #not-a-comment"));
	assert_memory_equal(p->psk->data, "Tr0ub4dor&3 #not-a-comment", p->psk->len);
	assert_int_equal(p->routes->len, 3);
}

static void
test_several_connections(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secImport) imp = import_corpus_import(
	    "powershell", "good/several-connections.ps1", import_first, &error);
	assert_non_null(imp);
	assert_string_equal(imp->name, "HQ L2TP");
	assert_true(import_corpus_has(imp->notes, "imported connection 'HQ L2TP'; the script also "
						  "adds 'HQ SSTP' (line 4, -TunnelType Sstp)"));
	assert_true(import_corpus_has(imp->ignored, "ServerList=198.51.100.21 (alternate servers"));
}

#define ADD "Add-VpnConnection -Name W -ServerAddress vpn.example.com -TunnelType L2tp "

static const struct ps_case {
	const char *name; /* what the case is (about_Quoting_Rules, about_Parsing...) */
	const char *script;
	const char *want; /* a line the profile must hold, or NULL for an error */
	const char *error;
} cases[] = {
    {"single quotes keep $ and backticks", ADD "-L2tpPsk 'a$b`c'", "psk = a$b`c\n", NULL},
    {"double quotes: backtick escapes", ADD "-L2tpPsk \"a`\"b`$c``d\"", "psk = a\"b$c`d\n", NULL},
    {"double quotes: a doubled quote", ADD "-L2tpPsk \"say \"\"hi\"\"\"", "psk = say \"hi\"\n",
	NULL},
    {"expansion of ${name}", "$k = 'x y'\n" ADD "-L2tpPsk \"${k}!\"", "psk = x y!\n", NULL},
    {"bare word with a backtick escape", ADD "-L2tpPsk a`;b", "psk = a;b\n", NULL},
    {"-Switch:$false sets nothing", ADD "-L2tpPsk k -SplitTunneling:$false", "psk = k\n", NULL},
    {"-SplitTunneling:$true", ADD "-L2tpPsk k -SplitTunneling:$true", "default-route = no\n", NULL},
    {"a unique prefix of a parameter",
	"Add-VpnConnection -Name W -ServerAd vpn.example.com -Tunnel L2tp -L2tp k",
	"gateway = vpn.example.com\n", NULL},
    {"case does not matter",
	"add-vpnconnection -name W -serveraddress VPN.example.com -tunneltype l2tp -l2tppsk k",
	"gateway = VPN.example.com\n", NULL},
    {"statements split by ;", "$k='p'; " ADD "-L2tpPsk $k; Write-Host done", "psk = p\n", NULL},
    {"a comment after a value", ADD "-L2tpPsk k # the key", "psk = k\n", NULL},
    {"a # inside a bare word is not a comment", ADD "-L2tpPsk k#1", "psk = k#1\n", NULL},
    {"a PSK starting with # goes to a file", ADD "-L2tpPsk '#k'", "psk-file = W.psk\n", NULL},
    {"a here-string with expansion", "$a='b'\n$k = @\"\nx$a\n\"@\n" ADD "-L2tpPsk $k", "psk = xb\n",
	NULL},
    {"Set-VpnConnection changes the server",
	ADD "-L2tpPsk k\nSet-VpnConnection -Name w -ServerAddress 192.0.2.1",
	"gateway = 192.0.2.1\n", NULL},
    {"RevertToDefault keeps the default proposals",
	ADD
	"-L2tpPsk k\nSet-VpnConnectionIPsecConfiguration -ConnectionName W -RevertToDefault -Force",
	"psk = k\n", NULL},
    {"a route before its connection is ignored",
	"Add-VpnConnectionRoute -ConnectionName W -DestinationPrefix 10.0.0.0/8\n" ADD "-L2tpPsk k",
	"psk = k\n", NULL},
    {"an unknown parameter", ADD "-L2tpPsk k -Frobnicate 3", "psk = k\n", NULL},
    {"empty script", "", NULL, "t.ps1: no Add-VpnConnection command; not a VPN connection script"},
    {"a string left open", ADD "-L2tpPsk 'k", NULL, "t.ps1:1: string without its closing quote"},
    {"a here-string left open", "$k = @'\nabc\n", NULL,
	"t.ps1:1: here-string without its closing '@"},
    {"no -Name", "Add-VpnConnection -ServerAddress x -TunnelType L2tp", NULL,
	"t.ps1:1: Add-VpnConnection without -Name"},
    {"a PSK from an environment variable", ADD "-L2tpPsk $env:VPNPSK", NULL,
	"t.ps1:1: -L2tpPsk: $env:VPNPSK is an environment variable of the Windows machine"},
    {"a PSK from an expression", "$k = 'a' + 'b'\n" ADD "-L2tpPsk $k", NULL,
	"t.ps1:2: -L2tpPsk: $k is an expression (line 1), which l2sec does not compute"},
    {"a bad gateway", "Add-VpnConnection -Name W -ServerAddress 'a b' -TunnelType L2tp", NULL,
	"t.ps1:1: -ServerAddress a b: 'a b' is not a host name, an IPv4 or an IPv6 address"},
    {"an unknown EncryptionLevel", ADD "-EncryptionLevel Strong", NULL,
	"t.ps1:1: -EncryptionLevel: unknown value 'Strong'; expected NoEncryption, Optional, "
	"Required, Maximum or Custom"},
    {"a switch given a string", ADD "-SplitTunneling:maybe", NULL,
	"t.ps1:1: -SplitTunneling: expected $true or $false"},
    {"IKEv2 only", "Add-VpnConnection -Name W -ServerAddress x -TunnelType Ikev2", NULL,
	"t.ps1:1: connection 'W' has -TunnelType Ikev2; l2sec imports L2TP/IPsec connections "
	"(-TunnelType L2tp) only"},
};

static void
test_cases(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		const struct ps_case *c = &cases[i];
		L2secImportFile f = {
		    .path = "C:/Users/admin/t.ps1", .data = c->script, .len = strlen(c->script)};
		g_autoptr(L2secImport) imp = l2sec_import_new();
		g_autoptr(GError) error = NULL;
		bool ok = l2sec_import_powershell(&f, imp, &error);
		import_corpus_check_case(c->name, ok, imp, error, c->want, c->error);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_corpus),
	    cmocka_unit_test(test_ignored_listed),
	    cmocka_unit_test(test_several_connections),
	    cmocka_unit_test(test_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
