/* Unit tests for client/profile_write.c: every good profile of tests/profiles/good written
 * back and loaded again gives an equal profile; the canonical text of known profiles; value
 * escaping; equality tells profiles apart. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "client/import.h"

static L2secProfile *
load_text(const char *name, const char *text, size_t len)
{
	g_autoptr(GError) error = NULL;
	L2secProfile *p = l2sec_profile_load_data(
	    name, text, len, NULL, L2SEC_PROFILE_NO_SECRET_FILES, NULL, &error);
	if (p == NULL)
		fail_msg("%s: %s", name, error->message);
	return p;
}

/* Each .conf of tests/profiles/good: load, write, load the text, equal; and the text is a fixed
 * point (writing the reloaded profile gives the same text). */
static void
test_good_corpus_round_trip(void **state)
{
	(void)state;
	g_autoptr(GDir) dir = g_dir_open(PROFILES_DIR, 0, NULL);
	assert_non_null(dir);
	unsigned n = 0;
	for (const char *e; (e = g_dir_read_name(dir)) != NULL;) {
		if (!g_str_has_suffix(e, ".conf"))
			continue;
		g_autofree char *path = g_build_filename(PROFILES_DIR, e, NULL);
		g_autofree char *data = NULL;
		gsize len;
		assert_true(g_file_get_contents(path, &data, &len, NULL));
		g_autoptr(L2secProfile) a = load_text(e, data, len);
		g_autoptr(GString) text = l2sec_profile_to_text(a, true);
		g_autoptr(L2secProfile) b = load_text(e, text->str, text->len);
		if (!l2sec_profile_equal(a, b))
			fail_msg("%s: written and read back differs:\n%s", e, text->str);
		g_autoptr(GString) again = l2sec_profile_to_text(b, true);
		if (!g_string_equal(text, again))
			fail_msg("%s: not a fixed point:\n%s---\n%s", e, text->str, again->str);
		n++;
	}
	assert_true(n >= 9); /* the corpus holds 9 good profiles */
}

static const struct {
	const char *name; /* what the case is */
	const char *in;
	const char *canonical;
} canon_cases[] = {
    {"defaults are omitted, keys in l2sec.conf(5) order",
	"[ppp]\nuser = alice\nauth = mschap-v2\n[ipsec]\npsk = s\nike-lifetime = 8h\n"
	"[connection]\ngateway = vpn.example.com\n",
	"[connection]\ngateway = vpn.example.com\n\n[ipsec]\npsk = s\n\n[ppp]\nuser = alice\n"},
    {"durations in their largest unit, 0 as 0",
	"[connection]\ngateway = 192.0.2.1\n[ipsec]\npsk = s\nike-lifetime = 10800\n"
	"esp-lifetime = 90\ndpd-delay = 0\n[ppp]\nuser = a\nlcp-echo-interval = 0\n",
	"[connection]\ngateway = 192.0.2.1\n\n[ipsec]\npsk = s\nike-lifetime = 3h\n"
	"esp-lifetime = 90s\ndpd-delay = 0\n\n[ppp]\nuser = a\nlcp-echo-interval = 0\n"},
    {"brackets dropped from an IPv6 gateway, routes normalised",
	"[connection]\ngateway = [2001:db8::1]\n[ipsec]\npsk = s\n[ppp]\nuser = a\n"
	"[routes]\ndefault-route = false\nroutes = 10.0.0.0/8,fd00::/8\n",
	"[connection]\ngateway = 2001:db8::1\n\n[ipsec]\npsk = s\n\n[ppp]\nuser = a\n\n"
	"[routes]\ndefault-route = no\nroutes = 10.0.0.0/8, fd00::/8\n"},
    {"escapes: backslash, blanks at the ends and before #",
	"[connection]\ngateway = h\n[ipsec]\npsk = \\sa\\s#b\\s\n[ppp]\nuser = CORP\\\\alice\n",
	"[connection]\ngateway = h\n\n[ipsec]\npsk = \\sa\\s#b\\s\n\n[ppp]\nuser = "
	"CORP\\\\alice\n"},
    {"old spellings written the new way",
	"[connection]\ngateway = h\n[ipsec]\npsk = s\n[ppp]\nuser = a\nauth = mschapv2\nmtu = "
	"auto\n",
	"[connection]\ngateway = h\n\n[ipsec]\npsk = s\n\n[ppp]\nuser = a\n"},
};

static void
test_canonical_text(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(canon_cases); i++) {
		g_autoptr(L2secProfile) p =
		    load_text("t.conf", canon_cases[i].in, strlen(canon_cases[i].in));
		g_autoptr(GString) t = l2sec_profile_to_text(p, true);
		if (strcmp(t->str, canon_cases[i].canonical) != 0)
			fail_msg("%s: got\n%s\nwant\n%s", canon_cases[i].name, t->str,
			    canon_cases[i].canonical);
		/* and it loads back to the same */
		g_autoptr(L2secProfile) q = load_text("t.conf", t->str, t->len);
		if (!l2sec_profile_equal(p, q))
			fail_msg("%s: does not load back equal", canon_cases[i].name);
	}
}

/* Without secrets: the *-file keys as loaded, inline secrets left out. */
static void
test_without_secrets(void **state)
{
	(void)state;
	const char *in = "[connection]\ngateway = h\n[ipsec]\npsk-file = w.psk\n[ppp]\nuser = a\n"
			 "password = pw\n";
	g_autoptr(L2secProfile) p = load_text("t.conf", in, strlen(in));
	g_autoptr(GString) t = l2sec_profile_to_text(p, false);
	assert_string_equal(
	    t->str, "[connection]\ngateway = h\n\n[ipsec]\npsk-file = w.psk\n\n[ppp]\nuser = a\n");
}

static void
test_equal_tells_apart(void **state)
{
	(void)state;
	static const char *const variants[] = {
	    "[connection]\ngateway = h\n[ipsec]\npsk = s\n[ppp]\nuser = a\n",
	    "[connection]\ngateway = h\n[ipsec]\npsk = t\n[ppp]\nuser = a\n",
	    "[connection]\ngateway = h\n[ipsec]\npsk = s\n[ppp]\nuser = a\npassword = p\n",
	    "[connection]\ngateway = h\n[ipsec]\npsk = s\n[ppp]\nuser = a\n[routes]\ndns = no\n",
	    "[connection]\ngateway = h\n[ipsec]\npsk = s\npfs = modp2048\n[ppp]\nuser = a\n",
	    "[connection]\ngateway = h\n[ipsec]\npsk = s\n[l2tp]\nsource-port = ephemeral\n"
	    "[ppp]\nuser = a\n",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(variants); i++)
		for (size_t j = 0; j < G_N_ELEMENTS(variants); j++) {
			g_autoptr(L2secProfile) a =
			    load_text("a.conf", variants[i], strlen(variants[i]));
			g_autoptr(L2secProfile) b =
			    load_text("b.conf", variants[j], strlen(variants[j]));
			if (l2sec_profile_equal(a, b) != (i == j))
				fail_msg("variants %zu and %zu: equal is %d", i, j, i != j);
		}
}

static void
test_value_ok(void **state)
{
	(void)state;
	assert_true(l2sec_profile_text_value_ok("a#b"));
	assert_true(l2sec_profile_text_value_ok("a #b"));
	assert_false(l2sec_profile_text_value_ok("#ab"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_corpus_round_trip),
	    cmocka_unit_test(test_canonical_text),
	    cmocka_unit_test(test_without_secrets),
	    cmocka_unit_test(test_equal_tells_apart),
	    cmocka_unit_test(test_value_ok),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
