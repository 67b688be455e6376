/* Unit tests for client/profile_values.c: durations, numbers, booleans, routes, proposal
 * syntax and the edit distance. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "client/profile_values.h"

static const struct duration_case {
	const char *text;
	bool ok;
	uint32_t seconds;
} duration_cases[] = {
	{ "30s", true, 30 },
	{ "10m", true, 600 },
	{ "8h", true, 28800 },
	{ "1d", true, 86400 },
	{ "45", true, 45 },
	{ "0", true, 0 },
	{ "007m", true, 420 },
	{ "4294967295", true, UINT32_MAX },
	{ "4294967296", false, 0 },
	{ "49711d", false, 0 }, /* 2^32 seconds and more */
	{ "", false, 0 },
	{ "h", false, 0 },
	{ "8 h", false, 0 },
	{ "8H", false, 0 },
	{ "1h30m", false, 0 },
	{ "-5", false, 0 },
	{ "+5", false, 0 },
	{ "5w", false, 0 },
	{ "8hh", false, 0 },
};

static void
test_durations(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(duration_cases); i++) {
		const struct duration_case *c = &duration_cases[i];
		uint32_t v = 12345;
		bool ok = l2sec_profile_parse_duration(c->text, &v);
		if (ok != c->ok || (ok && v != c->seconds))
			fail_msg("'%s': ok %d, %u", c->text, ok, v);
	}
	char buf[32];
	assert_string_equal(l2sec_profile_format_duration(28800, buf, sizeof(buf)), "8h");
	assert_string_equal(l2sec_profile_format_duration(600, buf, sizeof(buf)), "10m");
	assert_string_equal(l2sec_profile_format_duration(90, buf, sizeof(buf)), "90s");
	assert_string_equal(l2sec_profile_format_duration(172800, buf, sizeof(buf)), "48h");
	assert_string_equal(l2sec_profile_format_duration(0, buf, sizeof(buf)), "0s");
}

static void
test_numbers_and_bools(void **state)
{
	uint32_t v;
	bool b;
	assert_true(l2sec_profile_parse_uint("1500", 1500, &v));
	assert_int_equal(v, 1500);
	assert_false(l2sec_profile_parse_uint("1501", 1500, &v));
	assert_false(l2sec_profile_parse_uint("", 10, &v));
	assert_false(l2sec_profile_parse_uint("1 ", 10, &v));
	assert_false(l2sec_profile_parse_uint("0x10", 100, &v));
	assert_false(l2sec_profile_parse_uint("99999999999999999999999", UINT32_MAX, &v));
	assert_true(l2sec_profile_parse_bool("yes", &b) && b);
	assert_true(l2sec_profile_parse_bool("true", &b) && b);
	assert_true(l2sec_profile_parse_bool("no", &b) && !b);
	assert_true(l2sec_profile_parse_bool("false", &b) && !b);
	assert_false(l2sec_profile_parse_bool("Yes", &b));
	assert_false(l2sec_profile_parse_bool("1", &b));
}

static const struct route_case {
	const char *text;
	bool ok;
	int family;
	const char *shown; /* l2sec_route_to_string, or the error */
} route_cases[] = {
	{ "10.0.0.0/8", true, AF_INET, "10.0.0.0/8" },
	{ "172.16.0.0/12", true, AF_INET, "172.16.0.0/12" },
	{ "192.0.2.1", true, AF_INET, "192.0.2.1/32" },
	{ "0.0.0.0/0", true, AF_INET, "0.0.0.0/0" },
	{ "192.0.2.128/25", true, AF_INET, "192.0.2.128/25" },
	{ "fd00::/8", true, AF_INET6, "fd00::/8" },
	{ "2001:db8:1::/48", true, AF_INET6, "2001:db8:1::/48" },
	{ "2001:db8::1", true, AF_INET6, "2001:db8::1/128" },
	{ "::/0", true, AF_INET6, "::/0" },
	{ "192.0.2.129/25", false, 0, "'192.0.2.129/25' has host bits set; did you mean 192.0.2.128/25?" },
	{ "2001:db8::1/64", false, 0, "'2001:db8::1/64' has host bits set; did you mean 2001:db8::/64?" },
	{ "10.0.0.0/", false, 0, "'10.0.0.0/' has a bad prefix length; expected /0 to /32" },
	{ "fd00::/129", false, 0, "'fd00::/129' has a bad prefix length; expected /0 to /128" },
	{ "10.0.0.0/8/8", false, 0, "'10.0.0.0/8/8' has a bad prefix length; expected /0 to /32" },
	{ "10.0.0/8", false, 0, "'10.0.0/8' is not an IPv4 or IPv6 address with an optional /prefix" },
	{ "/8", false, 0, "'/8' is not an IPv4 or IPv6 address with an optional /prefix" },
};

static void
test_routes(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(route_cases); i++) {
		const struct route_case *c = &route_cases[i];
		L2secRoute r;
		g_autoptr(GError) error = NULL;
		bool ok = l2sec_profile_parse_route(c->text, &r, &error);
		if (ok != c->ok)
			fail_msg("'%s': ok %d (%s)", c->text, ok, error ? error->message : "");
		if (!ok) {
			if (strcmp(error->message, c->shown) != 0)
				fail_msg("'%s': %s", c->text, error->message);
			continue;
		}
		g_autofree char *s = l2sec_route_to_string(&r);
		if (r.family != c->family || strcmp(s, c->shown) != 0)
			fail_msg("'%s': %d %s", c->text, r.family, s);
	}
	g_autoptr(GArray) list = g_array_new(FALSE, TRUE, sizeof(L2secRoute));
	g_autoptr(GError) error = NULL;
	assert_true(l2sec_profile_parse_routes(" 10.0.0.0/8 ,fd00::/8", list, &error));
	assert_int_equal(list->len, 2);
	assert_false(l2sec_profile_parse_routes("10.0.0.0/8,,fd00::/8", list, &error));
	assert_string_equal(error->message, "route 2 of the list is empty");
}

static const struct proposal_case {
	const char *text;
	const char *result; /* normalized, or the error */
	bool ok;
} proposal_cases[] = {
	{ "default", "default", true },
	{ "legacy", "legacy", true },
	{ "aes256-sha256-modp2048,aes128-sha1-modp2048", "aes256-sha256-modp2048,aes128-sha1-modp2048", true },
	{ "aes256-sha1, aes128gcm16", "aes256-sha1,aes128gcm16", true },
	{ "3des-md5-modp1024", "3des-md5-modp1024", true },
	{ "aes256", "aes256", true },
	{ "aes256-", "proposal 'aes256-' has an empty algorithm name", false },
	{ "-aes256", "proposal '-aes256' has an empty algorithm name", false },
	{ "aes256_sha1", "proposal 'aes256_sha1' holds '_'; algorithm names are letters and digits joined by '-'", false },
	{ "aes256-sha1;x", "proposal 'aes256-sha1;x' holds ';'; algorithm names are letters and digits joined by '-'", false },
	{ "Default", "proposal 'Default': algorithm names are lowercase", false },
	{ ",", "proposal 1 of the list is empty", false },
	{ "aes 256", "proposal 'aes 256' holds ' '; algorithm names are letters and digits joined by '-'", false },
};

static void
test_proposals(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(proposal_cases); i++) {
		const struct proposal_case *c = &proposal_cases[i];
		g_autofree char *norm = NULL;
		g_autoptr(GError) error = NULL;
		bool ok = l2sec_profile_parse_proposals(c->text, &norm, &error);
		const char *got = ok ? norm : error->message;
		if (ok != c->ok || strcmp(got, c->result) != 0)
			fail_msg("'%s': ok %d '%s'", c->text, ok, got);
	}
	assert_true(l2sec_profile_dh_group_known("modp2048"));
	assert_true(l2sec_profile_dh_group_known("curve25519"));
	assert_false(l2sec_profile_dh_group_known("modp768"));
	assert_false(l2sec_profile_dh_group_known("MODP2048"));
}

static void
test_edit_distance(void **state)
{
	static const struct {
		const char *a, *b;
		unsigned d;
	} cases[] = {
		{ "ike-lifetme", "ike-lifetime", 1 },
		{ "ike-liftime", "ike-lifetime", 1 },
		{ "ike-lfietime", "ike-lifetime", 1 }, /* a transposition counts one */
		{ "Gateway", "gateway", 0 },
		{ "gateway", "gateway", 0 },
		{ "", "psk", 3 },
		{ "mtu", "mru", 1 },
		{ "kitten", "sitting", 3 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		unsigned d = l2sec_profile_edit_distance(cases[i].a, cases[i].b);
		if (d != cases[i].d)
			fail_msg("'%s' '%s': %u, want %u", cases[i].a, cases[i].b, d, cases[i].d);
	}
	char longname[100];
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_true(l2sec_profile_edit_distance(longname, "psk") > 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_numbers_and_bools),
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_proposals),
		cmocka_unit_test(test_edit_distance),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
