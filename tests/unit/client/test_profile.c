/* Unit tests for client/profile.c: values and defaults of good profiles, every check with its
 * exact message, secret files, and the mode checks of profile files. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "client/profile.h"
#include "client/profile_values.h"

/* The example of DESIGN.md ("The profile and the command"), inline comments included. */
static const char design_example[] =
    "[connection]\n"
    "gateway = vpn.example.com        # host name, IPv4 or IPv6 address\n"
    "[ipsec]\n"
    "ike-version = 1                  # 1 (default) or 2\n"
    "psk = labsecret                  # or psk-file = /path (0600)\n"
    "ike-proposals = default          # default | legacy | explicit list\n"
    "esp-proposals = default          # default | legacy | explicit list\n"
    "[l2tp]\n"
    "source-port = 1701               # 1701 (default) or ephemeral\n"
    "[ppp]\n"
    "user = alice\n"
    "password = wonderland            # or password-file = /path (0600)\n"
    "auth = mschap-v2                 # mschap-v2 (default) | chap | pap | eap\n"
    "[routes]\n"
    "default-route = yes              # yes: all traffic through the tunnel\n"
    "routes = 10.0.0.0/8, 172.16.0.0/12\n";

#define MINIMAL "[connection]\ngateway = vpn.example.com\n[ipsec]\npsk = s3cret\n[ppp]\nuser = alice\n"

static L2secProfile *
load_str(const char *text, GPtrArray *warnings, GError **error)
{
	return l2sec_profile_load_data("work.conf", text, strlen(text), NULL,
	    L2SEC_PROFILE_NO_SECRET_FILES, warnings, error);
}

static void
test_design_example(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(L2secProfile) p = load_str(design_example, warnings, &error);
	if (p == NULL)
		fail_msg("DESIGN.md example: %s", error->message);
	assert_string_equal(p->name, "work");
	assert_null(p->path);
	assert_string_equal(p->gateway, "vpn.example.com");
	assert_int_equal(p->gateway_kind, L2SEC_GATEWAY_HOSTNAME);
	assert_int_equal(p->ike_version, 1);
	assert_non_null(p->psk);
	assert_int_equal(p->psk->len, 9);
	assert_memory_equal(p->psk->data, "labsecret", 9); /* the inline comment is not part of it */
	assert_null(p->psk_file);
	assert_string_equal(p->ike_proposals, "default");
	assert_string_equal(p->esp_proposals, "default");
	assert_int_equal(p->source_port, 1701);
	assert_string_equal(p->user, "alice");
	assert_string_equal((const char *)p->password->data, "wonderland");
	assert_int_equal(p->auth, L2SEC_PPP_AUTH_MSCHAP_V2);
	assert_true(p->default_route);
	assert_int_equal(p->routes->len, 2);
	g_autofree char *r0 = l2sec_route_to_string(&g_array_index(p->routes, L2secRoute, 0));
	g_autofree char *r1 = l2sec_route_to_string(&g_array_index(p->routes, L2secRoute, 1));
	assert_string_equal(r0, "10.0.0.0/8");
	assert_string_equal(r1, "172.16.0.0/12");
	assert_int_equal(warnings->len, 0);
}

static void
test_defaults(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secProfile) p = load_str(MINIMAL, NULL, &error);
	assert_non_null(p);
	assert_null(p->description);
	assert_int_equal(p->ike_version, 1);
	assert_string_equal(p->ike_proposals, "default");
	assert_string_equal(p->esp_proposals, "default");
	assert_null(p->local_id);
	assert_null(p->remote_id);
	assert_int_equal(p->ike_lifetime, 8 * 3600);
	assert_int_equal(p->esp_lifetime, 3600);
	assert_null(p->pfs);
	assert_int_equal(p->nat_traversal, L2SEC_NAT_T_AUTO);
	assert_int_equal(p->dpd_delay, 30);
	assert_int_equal(p->source_port, 1701);
	assert_int_equal(p->hello_interval, 60);
	assert_null(p->tunnel_secret);
	assert_null(p->password); /* asked on a terminal: not an error */
	assert_int_equal(p->auth, L2SEC_PPP_AUTH_MSCHAP_V2);
	assert_int_equal(p->mppe, L2SEC_MPPE_NO);
	assert_int_equal(p->mtu, 0);
	assert_int_equal(p->mru, 0);
	assert_int_equal(p->lcp_echo_interval, 30);
	assert_int_equal(p->lcp_echo_failure, 4);
	assert_true(p->use_peer_dns);
	assert_true(p->default_route);
	assert_int_equal(p->routes->len, 0);
	assert_true(p->dns);
}

static void
test_every_key(void **state)
{
	static const char text[] =
	    "# a profile with every key\n"
	    "[connection]\n"
	    "description = Office VPN (Paris)\n"
	    "gateway = [2001:db8::7]\n"
	    "[ipsec]\n"
	    "ike-version = 2\n"
	    "psk-file = /nonexistent/work.psk\n"
	    "ike-proposals = aes256-sha256-modp2048, aes128-sha1-modp2048\n"
	    "esp-proposals = aes256-sha1,aes128gcm16\n"
	    "local-id = @laptop.example.com\n"
	    "remote-id = 192.0.2.7\n"
	    "ike-lifetime = 3h\n"
	    "esp-lifetime = 45m\n"
	    "pfs = ecp256\n"
	    "nat-traversal = force\n"
	    "dpd-delay = 0\n"
	    "[l2tp]\n"
	    "source-port = ephemeral\n"
	    "hello-interval = 90s\n"
	    "tunnel-secret = tunnelpw\n"
	    "[ppp]\n"
	    "user = DOMAIN\\\\alice\n"
	    "password-file = /nonexistent/work.password\n"
	    "auth = eap\n"
	    "mppe = required\n"
	    "mtu = 1400\n"
	    "mru = auto\n"
	    "lcp-echo-interval = 10\n"
	    "lcp-echo-failure = 0\n"
	    "use-peer-dns = no\n"
	    "[routes]\n"
	    "default-route = no\n"
	    "routes = 10.0.0.0/8,192.168.7.1, fd00::/8, 2001:db8::1\n"
	    "dns = no\n";
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(L2secProfile) p = load_str(text, warnings, &error);
	if (p == NULL)
		fail_msg("%s", error->message);
	assert_string_equal(p->description, "Office VPN (Paris)");
	assert_string_equal(p->gateway, "2001:db8::7");
	assert_int_equal(p->gateway_kind, L2SEC_GATEWAY_IPV6);
	assert_int_equal(p->ike_version, 1);
	assert_null(p->psk); /* NO_SECRET_FILES */
	assert_string_equal(p->psk_file, "/nonexistent/work.psk");
	assert_string_equal(p->ike_proposals, "aes256-sha256-modp2048,aes128-sha1-modp2048");
	assert_string_equal(p->esp_proposals, "aes256-sha1,aes128gcm16");
	assert_string_equal(p->local_id, "@laptop.example.com");
	assert_string_equal(p->remote_id, "192.0.2.7");
	assert_int_equal(p->ike_lifetime, 3 * 3600);
	assert_int_equal(p->esp_lifetime, 45 * 60);
	assert_string_equal(p->pfs, "ecp256");
	assert_int_equal(p->nat_traversal, L2SEC_NAT_T_FORCE);
	assert_int_equal(p->dpd_delay, 0);
	assert_int_equal(p->source_port, 0);
	assert_int_equal(p->hello_interval, 90);
	assert_string_equal((const char *)p->tunnel_secret->data, "tunnelpw");
	assert_string_equal(p->user, "DOMAIN\\alice"); /* GKeyFile's escape */
	assert_string_equal(p->password_file, "/nonexistent/work.password");
	assert_int_equal(p->auth, L2SEC_PPP_AUTH_EAP);
	assert_int_equal(p->mppe, L2SEC_MPPE_REQUIRED);
	assert_int_equal(p->mtu, 1400);
	assert_int_equal(p->mru, 0);
	assert_int_equal(p->lcp_echo_interval, 10);
	assert_int_equal(p->lcp_echo_failure, 0);
	assert_false(p->use_peer_dns);
	assert_false(p->default_route);
	assert_false(p->dns);
	static const char *const want[] = { "10.0.0.0/8", "192.168.7.1/32", "fd00::/8",
		"2001:db8::1/128" };
	assert_int_equal(p->routes->len, G_N_ELEMENTS(want));
	for (guint i = 0; i < p->routes->len; i++) {
		g_autofree char *r = l2sec_route_to_string(&g_array_index(p->routes, L2secRoute, i));
		assert_string_equal(r, want[i]);
	}
	assert_int_equal(g_array_index(p->routes, L2secRoute, 2).family, AF_INET6);
	assert_int_equal(warnings->len, 1);
	assert_string_equal(warnings->pdata[0],
	    "work.conf:6: ike-version = 2: IKEv2 is not supported yet, IKEv1 will be used");
}

/* Gateways in every form (DESIGN.md: host name, IPv4 or IPv6 address). */
static const struct gateway_case {
	const char *value;
	bool ok;
	L2secGatewayKind kind;
	const char *stored;
} gateway_cases[] = {
	{ "vpn.example.com", true, L2SEC_GATEWAY_HOSTNAME, "vpn.example.com" },
	{ "vpn", true, L2SEC_GATEWAY_HOSTNAME, "vpn" },
	{ "vpn.example.com.", true, L2SEC_GATEWAY_HOSTNAME, "vpn.example.com." },
	{ "198.51.100.7", true, L2SEC_GATEWAY_IPV4, "198.51.100.7" },
	{ "2001:db8::7", true, L2SEC_GATEWAY_IPV6, "2001:db8::7" },
	{ "[2001:db8::7]", true, L2SEC_GATEWAY_IPV6, "2001:db8::7" },
	{ "::ffff:198.51.100.7", true, L2SEC_GATEWAY_IPV6, "::ffff:198.51.100.7" },
	{ "198.51.100.300", false, 0, NULL },
	{ "198.51.100", false, 0, NULL },
	{ "vpn..example.com", false, 0, NULL },
	{ "-vpn.example.com", false, 0, NULL },
	{ "vpn-.example.com", false, 0, NULL },
	{ "vpn.example.com:500", false, 0, NULL },
	{ "198.51.100.7:4500", false, 0, NULL },
	{ "vpn example.com", false, 0, NULL },
	{ "[198.51.100.7]", false, 0, NULL },
	{ "2001:db8::7::1", false, 0, NULL },
};

static void
test_gateways(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(gateway_cases); i++) {
		const struct gateway_case *c = &gateway_cases[i];
		g_autofree char *text = g_strdup_printf(
		    "[connection]\ngateway = %s\n[ipsec]\npsk = x\n[ppp]\nuser = a\n", c->value);
		g_autoptr(GError) error = NULL;
		g_autoptr(L2secProfile) p = load_str(text, NULL, &error);
		if (c->ok && p == NULL)
			fail_msg("gateway '%s': %s", c->value, error->message);
		if (!c->ok && p != NULL)
			fail_msg("gateway '%s' accepted", c->value);
		if (!c->ok) {
			if (!g_str_has_prefix(error->message, "work.conf:2: gateway: '"))
				fail_msg("gateway '%s': %s", c->value, error->message);
			continue;
		}
		if (p->gateway_kind != c->kind || strcmp(p->gateway, c->stored) != 0)
			fail_msg("gateway '%s': kind %d '%s'", c->value, p->gateway_kind, p->gateway);
	}
}

/* Every check, with the exact message; each text has one fault. */
static const struct bad_case {
	const char *what;
	const char *text;
	const char *message;
	int code;
} bad_cases[] = {
	{ "misspelt key", MINIMAL "[routes]\n\n# x\nike-lifetme = 8h\n",
	    "work.conf:10: unknown key 'ike-lifetme' in [routes]; did you mean 'ike-lifetime' in [ipsec]?",
	    L2SEC_PROFILE_ERROR_UNKNOWN },
	{ "misspelt key, same section", "[ipsec]\nike-lifetme = 8h\n",
	    "work.conf:2: unknown key 'ike-lifetme' in [ipsec]; did you mean 'ike-lifetime'?",
	    L2SEC_PROFILE_ERROR_UNKNOWN },
	{ "key in the wrong section", "[connection]\npsk = x\n",
	    "work.conf:2: unknown key 'psk' in [connection]; it belongs in [ipsec]",
	    L2SEC_PROFILE_ERROR_UNKNOWN },
	{ "unknown key, nothing near", "[ppp]\nfrobnicate = 1\n",
	    "work.conf:2: unknown key 'frobnicate' in [ppp]; see l2sec.conf(5)",
	    L2SEC_PROFILE_ERROR_UNKNOWN },
	{ "upper case key", "[connection]\nGateway = x\n",
	    "work.conf:2: unknown key 'Gateway' in [connection]; did you mean 'gateway'?",
	    L2SEC_PROFILE_ERROR_UNKNOWN },
	{ "misspelt section", "[ipsek]\npsk = x\n",
	    "work.conf:1: unknown section [ipsek]; did you mean [ipsec]?",
	    L2SEC_PROFILE_ERROR_UNKNOWN },
	{ "unknown section",
	    "[global]\n",
	    "work.conf:1: unknown section [global]; the sections are [connection], [ipsec], [l2tp], [ppp] and [routes]",
	    L2SEC_PROFILE_ERROR_UNKNOWN },
	{ "syntax", MINIMAL "just words\n",
	    "work.conf:7: expected a [section], a key = value line or a # comment",
	    L2SEC_PROFILE_ERROR_SYNTAX },
	{ "semicolon comment", "; a comment\n", "work.conf:1: comments start with '#'",
	    L2SEC_PROFILE_ERROR_SYNTAX },
	{ "earlier error first", "[ipsec]\nike-lifetme = 8h\nnot a line\n",
	    "work.conf:2: unknown key 'ike-lifetme' in [ipsec]; did you mean 'ike-lifetime'?",
	    L2SEC_PROFILE_ERROR_UNKNOWN },
	{ "unclosed header", "[ipsec\n",
	    "work.conf:1: a section header is a name in brackets, like [ipsec]",
	    L2SEC_PROFILE_ERROR_SYNTAX },
	{ "key before a section", "gateway = x\n",
	    "work.conf:1: key 'gateway' comes before any [section] header",
	    L2SEC_PROFILE_ERROR_SYNTAX },
	{ "bad key name", "[ipsec]\nike lifetime = 8h\n",
	    "work.conf:2: 'ike lifetime' is not a valid key name (letters, digits and '-')",
	    L2SEC_PROFILE_ERROR_SYNTAX },
	{ "no key name", "[ipsec]\n = 8h\n", "work.conf:2: a key name is missing before '='",
	    L2SEC_PROFILE_ERROR_SYNTAX },
	{ "duplicate key", "[ipsec]\npsk = a\npsk = b\n",
	    "work.conf:3: key 'psk' appears twice in [ipsec] (first on line 2)",
	    L2SEC_PROFILE_ERROR_DUPLICATE },
	{ "duplicate section", "[ipsec]\npsk = a\n[ipsec]\n",
	    "work.conf:3: section [ipsec] appears twice (first on line 1); merge them",
	    L2SEC_PROFILE_ERROR_DUPLICATE },
	{ "NUL byte", "[ipsec]\npsk = a\0b\n", "work.conf:2: contains a NUL byte",
	    L2SEC_PROFILE_ERROR_ENCODING },
	{ "invalid UTF-8", "[ppp]\nuser = \xc3\x28\n", "work.conf:2: is not valid UTF-8",
	    L2SEC_PROFILE_ERROR_ENCODING },
	{ "control character", "[ppp]\nuser = a\x1b[0m\n",
	    "work.conf:2: contains a control character (byte 0x1b)", L2SEC_PROFILE_ERROR_ENCODING },
	{ "missing gateway", "[ipsec]\npsk = x\n[ppp]\nuser = a\n",
	    "work.conf: missing [connection] gateway", L2SEC_PROFILE_ERROR_MISSING },
	{ "missing psk", "[connection]\ngateway = vpn\n[ppp]\nuser = a\n",
	    "work.conf: missing [ipsec] psk or psk-file", L2SEC_PROFILE_ERROR_MISSING },
	{ "missing user", "[connection]\ngateway = vpn\n[ipsec]\npsk = x\n",
	    "work.conf: missing [ppp] user", L2SEC_PROFILE_ERROR_MISSING },
	{ "empty file", "", "work.conf: missing [connection] gateway",
	    L2SEC_PROFILE_ERROR_MISSING },
	{ "psk and psk-file", "[ipsec]\npsk = x\npsk-file = /k\n",
	    "work.conf:3: psk-file and psk (line 2) are both set; keep one",
	    L2SEC_PROFILE_ERROR_CONFLICT },
	{ "password-file and password", "[ppp]\npassword-file = /k\npassword = x\n",
	    "work.conf:3: password and password-file (line 2) are both set; keep one",
	    L2SEC_PROFILE_ERROR_CONFLICT },
	{ "tunnel secrets", "[l2tp]\ntunnel-secret = x\ntunnel-secret-file = k\n",
	    "work.conf:3: tunnel-secret-file and tunnel-secret (line 2) are both set; keep one",
	    L2SEC_PROFILE_ERROR_CONFLICT },
	{ "empty value", "[connection]\ngateway =   # later\n",
	    "work.conf:2: gateway: no value; expected a host name, an IPv4 or an IPv6 address",
	    L2SEC_PROFILE_ERROR_VALUE },
	{ "empty password", "[ppp]\npassword =\n",
	    "work.conf:2: password: no value; expected the password (or no password line, to be asked on a terminal)",
	    L2SEC_PROFILE_ERROR_VALUE },
	{ "bad escape", "[ppp]\nuser = DOMAIN\\alice\n",
	    "work.conf:2: user: bad escape sequence (write a backslash as \\\\)",
	    L2SEC_PROFILE_ERROR_VALUE },
	{ "ike-version 3", "[ipsec]\nike-version = 3\n",
	    "work.conf:2: ike-version: bad value '3'; expected 1 or 2", L2SEC_PROFILE_ERROR_VALUE },
	{ "bad duration", "[ipsec]\nike-lifetime = 8x\n",
	    "work.conf:2: ike-lifetime: bad value '8x'; expected a duration like 30s, 10m or 8h (or plain seconds) from 1m to 48h",
	    L2SEC_PROFILE_ERROR_VALUE },
	{ "lifetime 0", "[ipsec]\nesp-lifetime = 0\n",
	    "work.conf:2: esp-lifetime: '0' is out of range (1m to 48h)",
	    L2SEC_PROFILE_ERROR_VALUE },
	{ "lifetime too long", "[ipsec]\nike-lifetime = 3d\n",
	    "work.conf:2: ike-lifetime: '3d' is out of range (1m to 48h)",
	    L2SEC_PROFILE_ERROR_VALUE },
	{ "dpd too short", "[ipsec]\ndpd-delay = 2s\n",
	    "work.conf:2: dpd-delay: '2s' is out of range (0 for off, or 5s to 1h)",
	    L2SEC_PROFILE_ERROR_VALUE },
	{ "duration overflow", "[l2tp]\nhello-interval = 99999999999999999999\n",
	    "work.conf:2: hello-interval: bad value '99999999999999999999'; expected 0 (off) or a duration like 30s, 10m or 8h (or plain seconds) from 10s to 1h",
	    L2SEC_PROFILE_ERROR_VALUE },
	{ "bad proposal", "[ipsec]\nike-proposals = aes256--sha1\n",
	    "work.conf:2: ike-proposals: proposal 'aes256--sha1' has an empty algorithm name",
	    L2SEC_PROFILE_ERROR_VALUE },
	{ "upper case proposal", "[ipsec]\nesp-proposals = AES256-sha1\n",
	    "work.conf:2: esp-proposals: proposal 'AES256-sha1': algorithm names are lowercase",
	    L2SEC_PROFILE_ERROR_VALUE },
	{ "empty proposal", "[ipsec]\nesp-proposals = aes256-sha1,,aes128gcm16\n",
	    "work.conf:2: esp-proposals: proposal 2 of the list is empty", L2SEC_PROFILE_ERROR_VALUE },
	{ "bad pfs", "[ipsec]\npfs = modp999\n",
	    "work.conf:2: pfs: bad value 'modp999'; expected no or a Diffie-Hellman group: modp1024, modp1536, modp2048, modp3072, modp4096, modp6144, modp8192, ecp256, ecp384, ecp521, curve25519",
	    L2SEC_PROFILE_ERROR_VALUE },
	{ "bad nat-traversal", "[ipsec]\nnat-traversal = yes\n",
	    "work.conf:2: nat-traversal: bad value 'yes'; expected auto or force",
	    L2SEC_PROFILE_ERROR_VALUE },
	{ "bad source-port", "[l2tp]\nsource-port = 1702\n",
	    "work.conf:2: source-port: bad value '1702'; expected 1701 or ephemeral",
	    L2SEC_PROFILE_ERROR_VALUE },
	{ "bad auth", "[ppp]\nauth = mschap\n",
	    "work.conf:2: auth: bad value 'mschap'; expected mschap-v2, chap, pap or eap",
	    L2SEC_PROFILE_ERROR_VALUE },
	{ "bad mtu", "[ppp]\nmtu = 9000\n",
	    "work.conf:2: mtu: bad value '9000'; expected auto or a number from 576 to 1500",
	    L2SEC_PROFILE_ERROR_VALUE },
	{ "signed number", "[ppp]\nlcp-echo-failure = +3\n",
	    "work.conf:2: lcp-echo-failure: bad value '+3'; expected a number from 0 (never give up) to 100",
	    L2SEC_PROFILE_ERROR_VALUE },
	{ "bad bool", "[routes]\ndefault-route = maybe\n",
	    "work.conf:2: default-route: bad value 'maybe'; expected yes or no",
	    L2SEC_PROFILE_ERROR_VALUE },
	{ "route with host bits", "[routes]\nroutes = 10.1.2.3/8\n",
	    "work.conf:2: routes: '10.1.2.3/8' has host bits set; did you mean 10.0.0.0/8?",
	    L2SEC_PROFILE_ERROR_VALUE },
	{ "IPv6 route with host bits", "[routes]\nroutes = fd00::1/8\n",
	    "work.conf:2: routes: 'fd00::1/8' has host bits set; did you mean fd00::/8?",
	    L2SEC_PROFILE_ERROR_VALUE },
	{ "route prefix too long", "[routes]\nroutes = 10.0.0.0/33\n",
	    "work.conf:2: routes: '10.0.0.0/33' has a bad prefix length; expected /0 to /32",
	    L2SEC_PROFILE_ERROR_VALUE },
	{ "route not an address", "[routes]\nroutes = 10.0.0.0/8, intranet\n",
	    "work.conf:2: routes: 'intranet' is not an IPv4 or IPv6 address with an optional /prefix",
	    L2SEC_PROFILE_ERROR_VALUE },
	{ "empty route", "[routes]\nroutes = 10.0.0.0/8,\n",
	    "work.conf:2: routes: route 2 of the list is empty", L2SEC_PROFILE_ERROR_VALUE },
	{ "description too long",
	    "[connection]\ndescription = "
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "x\n",
	    "work.conf:2: description: 257 bytes; expected at most 256", L2SEC_PROFILE_ERROR_VALUE },
	{ "mppe with chap", MINIMAL "auth = chap\nmppe = yes\n",
	    "work.conf:8: mppe = yes needs auth = mschap-v2 or eap (MPPE keys come from them), not chap",
	    L2SEC_PROFILE_ERROR_CONFLICT },
};

static void
test_bad(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
		const struct bad_case *c = &bad_cases[i];
		/* sizeof-free: the NUL case embeds a NUL, so measure up to the final "\n" */
		size_t len = strlen(c->text);
		if (strcmp(c->what, "NUL byte") == 0)
			len = sizeof("[ipsec]\npsk = a\0b\n") - 1;
		g_autoptr(GError) error = NULL;
		g_autoptr(L2secProfile) p = l2sec_profile_load_data("work.conf", c->text, len, NULL,
		    L2SEC_PROFILE_NO_SECRET_FILES, NULL, &error);
		if (p != NULL)
			fail_msg("%s: accepted", c->what);
		if (strcmp(error->message, c->message) != 0)
			fail_msg("%s:\n got  %s\n want %s", c->what, error->message, c->message);
		if (error->domain != L2SEC_PROFILE_ERROR || error->code != c->code)
			fail_msg("%s: code %d, want %d", c->what, error->code, c->code);
	}
}

static void
test_warnings(void **state)
{
	static const struct {
		const char *text, *warning;
	} cases[] = {
		{ MINIMAL "auth = mschapv2\n",
		    "work.conf:7: auth: 'mschapv2' is an old spelling of 'mschap-v2'; write auth = mschap-v2" },
		{ MINIMAL "[routes]\ndefault-route = no\n",
		    "work.conf:8: default-route = no and no routes: only the server's end of the tunnel will be reachable" },
		{ MINIMAL "use-peer-dns = no\n[routes]\ndns = yes\n",
		    "work.conf:9: dns = yes has nothing to apply with use-peer-dns = no, ignoring" },
		{ "[ipsec]\nike-proposals = legacy\npsk = x\n[connection]\ngateway = vpn\n[ppp]\nuser = a\n",
		    "work.conf:2: ike-proposals = legacy offers 3DES, SHA-1 and MODP1024, which are weak; keep it only for servers that need it" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
		g_autoptr(L2secProfile) p = load_str(cases[i].text, warnings, &error);
		if (p == NULL)
			fail_msg("case %zu: %s", i, error->message);
		if (warnings->len != 1 || strcmp(warnings->pdata[0], cases[i].warning) != 0)
			fail_msg("case %zu: %u warnings, first '%s'", i, warnings->len,
			    warnings->len > 0 ? (const char *)warnings->pdata[0] : "");
	}
}

static void
test_lines_and_comments(void **state)
{
	/* CRLF, a BOM, blank lines, indentation, '#' inside a value and escapes */
	static const char text[] = "\xef\xbb\xbf# profile\r\n"
				   "\r\n"
				   "  [connection]  \r\n"
				   "\tgateway=198.51.100.7\r\n"
				   "[ipsec]\n"
				   "psk = ab#cd  # the # after a blank starts a comment\n"
				   "[ppp]\n"
				   "user = alice\n"
				   "password = \\spad\\s\n";
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secProfile) p = load_str(text, NULL, &error);
	if (p == NULL)
		fail_msg("%s", error->message);
	assert_string_equal(p->gateway, "198.51.100.7");
	assert_int_equal(p->gateway_kind, L2SEC_GATEWAY_IPV4);
	assert_string_equal((const char *)p->psk->data, "ab#cd");
	assert_string_equal((const char *)p->password->data, " pad ");
}

static void
test_too_large(void **state)
{
	size_t len = L2SEC_PROFILE_MAX_SIZE + 1;
	g_autofree char *big = g_malloc(len);
	memset(big, '\n', len);
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secProfile) p = l2sec_profile_load_data("work.conf", big, len, NULL, 0, NULL,
	    &error);
	assert_null(p);
	assert_string_equal(error->message, "work.conf: 1048577 bytes; a profile is at most 1 MiB");
	assert_int_equal(error->code, L2SEC_PROFILE_ERROR_ENCODING);
}

/* Files: secret files, relative paths, and the modes of profiles. */
static char *tmpdir;

static int
setup_dir(void **state)
{
	tmpdir = g_dir_make_tmp("l2sec-profile-XXXXXX", NULL);
	return tmpdir != NULL ? 0 : -1;
}

static int
teardown_dir(void **state)
{
	g_autoptr(GDir) d = g_dir_open(tmpdir, 0, NULL);
	const char *n;
	while (d != NULL && (n = g_dir_read_name(d)) != NULL) {
		g_autofree char *p = g_build_filename(tmpdir, n, NULL);
		unlink(p);
	}
	rmdir(tmpdir);
	g_clear_pointer(&tmpdir, g_free);
	return 0;
}

static char *
write_file(const char *name, const char *text, mode_t mode)
{
	char *path = g_build_filename(tmpdir, name, NULL);
	assert_true(g_file_set_contents(path, text, -1, NULL));
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

/* the same, for files that the profile names itself */
static void
put_file(const char *name, const char *text, mode_t mode)
{
	g_free(write_file(name, text, mode));
}

static void
test_secret_files(void **state)
{
	put_file("work.psk", "filesecret\n", 0600);
	g_autofree char *pw = write_file("work.pw", "filepassword", 0400);
	put_file("tunnel.secret", "t", 0600);
	/* psk-file relative to the profile's folder; password-file absolute */
	g_autofree char *text = g_strdup_printf("[connection]\ngateway = vpn\n"
						"[ipsec]\npsk-file = work.psk\n"
						"[l2tp]\ntunnel-secret-file = tunnel.secret\n"
						"[ppp]\nuser = a\npassword-file = %s\n",
	    pw);
	g_autofree char *conf = write_file("work.conf", text, 0644); /* no inline secret: fine */
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secProfile) p = l2sec_profile_load_file(conf, 0, NULL, &error);
	if (p == NULL)
		fail_msg("%s", error->message);
	assert_string_equal(p->path, conf);
	assert_string_equal(p->name, "work");
	assert_string_equal((const char *)p->psk->data, "filesecret");
	assert_string_equal(p->psk_file, "work.psk");
	assert_string_equal((const char *)p->password->data, "filepassword");
	assert_string_equal((const char *)p->tunnel_secret->data, "t");

	/* the same text from memory, with base_dir */
	g_autoptr(L2secProfile) q = l2sec_profile_load_data("mem.conf", text, strlen(text), tmpdir,
	    0, NULL, &error);
	assert_non_null(q);
	assert_string_equal((const char *)q->psk->data, "filesecret");
}

/* tmpl with each "%s" replaced by s (the tables hold paths only known at run time) */
static char *
subst(const char *tmpl, const char *s)
{
	g_auto(GStrv) parts = g_strsplit(tmpl, "%s", -1);
	return g_strjoinv(s, parts);
}

static void
test_secret_file_errors(void **state)
{
	put_file("open.psk", "x\n", 0644);
	put_file("empty.psk", "", 0600);
	static const struct {
		const char *psk_file;
		const char *message; /* after "PATH:2: " */
		int code;
	} cases[] = {
		{ "missing.psk", "psk-file: %s/missing.psk: cannot open secret file: No such file or directory",
		    L2SEC_PROFILE_ERROR_IO },
		{ "open.psk", "psk-file: %s/open.psk: secret file has mode 0644; other users can access it (chmod 600 %s/open.psk)",
		    L2SEC_PROFILE_ERROR_PERMISSION },
		{ "empty.psk", "psk-file: %s/empty.psk: secret file is empty", L2SEC_PROFILE_ERROR_IO },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *text = g_strdup_printf("[ipsec]\npsk-file = %s\n", cases[i].psk_file);
		g_autofree char *conf = write_file("bad.conf", text, 0600);
		g_autoptr(GError) error = NULL;
		g_autoptr(L2secProfile) p = l2sec_profile_load_file(conf, 0, NULL, &error);
		assert_null(p);
		g_autofree char *tail = subst(cases[i].message, tmpdir);
		g_autofree char *want = g_strdup_printf("%s:2: %s", conf, tail);
		if (strcmp(error->message, want) != 0 || error->code != cases[i].code)
			fail_msg("%s:\n got  %s\n want %s", cases[i].psk_file, error->message, want);
	}
}

static void
test_modes(void **state)
{
	static const struct {
		const char *text;
		mode_t mode;
		const char *message; /* %s: the path; NULL: accepted */
	} cases[] = {
		{ MINIMAL, 0600, NULL },
		{ MINIMAL, 0400, NULL },
		{ MINIMAL, 0644, "%s: holds a secret (psk, line 4) but other users can read it (mode 0644); run chmod 600 %s" },
		{ MINIMAL, 0640, "%s: holds a secret (psk, line 4) but other users can read it (mode 0640); run chmod 600 %s" },
		{ "[connection]\ngateway = vpn\n[ipsec]\npsk-file = /nonexistent\n[ppp]\nuser = a\npassword = pw\n",
		    0604, "%s: holds a secret (password, line 7) but other users can read it (mode 0604); run chmod 600 %s" },
		{ "[connection]\ngateway = vpn\n[ipsec]\npsk-file = /nonexistent\n[ppp]\nuser = a\n", 0644, NULL },
		{ "[connection]\ngateway = vpn\n[ipsec]\npsk-file = /nonexistent\n[ppp]\nuser = a\n", 0664,
		    "%s: other users can change it (mode 0664); run chmod go-w %s" },
		{ MINIMAL, 0620, "%s: other users can change it (mode 0620); run chmod go-w %s" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *conf = write_file("mode.conf", cases[i].text, cases[i].mode);
		g_autoptr(GError) error = NULL;
		g_autoptr(L2secProfile) p = l2sec_profile_load_file(conf, L2SEC_PROFILE_NO_SECRET_FILES,
		    NULL, &error);
		if (cases[i].message == NULL) {
			if (p == NULL)
				fail_msg("case %zu: %s", i, error->message);
			continue;
		}
		if (p != NULL)
			fail_msg("case %zu: mode %04o accepted", i, (unsigned)cases[i].mode);
		g_autofree char *want = subst(cases[i].message, conf);
		if (strcmp(error->message, want) != 0 || error->code != L2SEC_PROFILE_ERROR_PERMISSION)
			fail_msg("case %zu:\n got  %s\n want %s", i, error->message, want);
	}
}

static void
test_file_errors(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *missing = g_build_filename(tmpdir, "none.conf", NULL);
	assert_null(l2sec_profile_load_file(missing, 0, NULL, &error));
	g_autofree char *want = g_strdup_printf("%s: cannot open: No such file or directory", missing);
	assert_string_equal(error->message, want);
	g_clear_error(&error);
	assert_null(l2sec_profile_load_file(tmpdir, 0, NULL, &error));
	g_autofree char *want_dir = g_strdup_printf("%s: not a regular file", tmpdir);
	assert_string_equal(error->message, want_dir);
}

static void
test_resolve(void **state)
{
	g_autofree char *a = l2sec_profile_resolve("./work.conf");
	g_autofree char *b = l2sec_profile_resolve("no-such-profile-here");
	g_autofree char *c = l2sec_profile_resolve("no-such-file-here.conf");
	assert_string_equal(a, "./work.conf");
	assert_string_equal(c, "no-such-file-here.conf");
	assert_string_equal(b, SYSCONFDIR "/l2sec/profiles/no-such-profile-here.conf");
	/* a folder of the current directory does not shadow a profile name */
	g_autofree char *tmp = g_dir_make_tmp("test_resolve.XXXXXX", NULL);
	g_autofree char *cwd = g_get_current_dir();
	assert_int_equal(chdir(tmp), 0);
	assert_int_equal(mkdir("bench", 0700), 0);
	assert_true(g_file_set_contents("plain", "", 0, NULL));
	g_autofree char *d = l2sec_profile_resolve("bench");
	g_autofree char *f = l2sec_profile_resolve("plain");
	assert_string_equal(d, SYSCONFDIR "/l2sec/profiles/bench.conf");
	assert_string_equal(f, "plain"); /* no such profile: the file here */
	assert_int_equal(rmdir("bench"), 0);
	assert_int_equal(unlink("plain"), 0);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(rmdir(tmp), 0);
	assert_string_equal(l2sec_ppp_auth_to_string(L2SEC_PPP_AUTH_PAP), "pap");
	assert_string_equal(l2sec_mppe_to_string(L2SEC_MPPE_REQUIRED), "required");
	assert_string_equal(l2sec_nat_traversal_to_string(L2SEC_NAT_T_FORCE), "force");
	l2sec_profile_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_design_example),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_gateways),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_lines_and_comments),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test_setup_teardown(test_secret_files, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_secret_file_errors, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_modes, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_file_errors, setup_dir, teardown_dir),
		cmocka_unit_test(test_resolve),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
