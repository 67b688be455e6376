/* Unit tests for client/profile_lines.c: the line of each section and key, the text given to
 * GKeyFile, and where the scan stops. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "client/profile_lines.h"

static void
test_index(void **state)
{
	static const char text[] = "# comment\n"
				   "\n"
				   "[connection]\n"
				   "  gateway =  vpn.example.com   # inline\n"
				   "[ipsec]\r\n"
				   "psk=a#b\r\n"
				   "\tpsk-file\t=\t#only a comment\n"
				   "[ppp]"; /* no final newline */
	g_autoptr(L2secProfileLines) l = l2sec_profile_lines_scan("t.conf", text, strlen(text));
	assert_int_equal(l->bad_line, 0);
	assert_null(l->bad_error);
	static const struct {
		unsigned line;
		const char *group, *key;
	} want[] = {
		{ 3, "connection", NULL },
		{ 4, "connection", "gateway" },
		{ 5, "ipsec", NULL },
		{ 6, "ipsec", "psk" },
		{ 7, "ipsec", "psk-file" },
		{ 8, "ppp", NULL },
	};
	assert_int_equal(l->entries->len, G_N_ELEMENTS(want));
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		const L2secProfileLine *e = &g_array_index(l->entries, L2secProfileLine, i);
		if (e->line != want[i].line || strcmp(e->group, want[i].group) != 0 ||
		    g_strcmp0(e->key, want[i].key) != 0)
			fail_msg("entry %zu: line %u [%s] %s", i, e->line, e->group, e->key);
	}
	assert_string_equal(l->text->str, "\n\n[connection]\ngateway=vpn.example.com\n[ipsec]\n"
					  "psk=a#b\npsk-file=\n[ppp]\n");
	assert_int_equal(l2sec_profile_lines_find(l, "ipsec", "psk-file"), 7);
	assert_int_equal(l2sec_profile_lines_find(l, "ipsec", "gateway"), 0);
	assert_int_equal(l2sec_profile_lines_find(l, "ppp", "user"), 0);
}

static const struct stop_case {
	const char *name;
	const char *text;
	size_t len; /* 0: strlen */
	unsigned line;
	const char *message;
	guint entries; /* indexed before the stop */
} stop_cases[] = {
	{ "syntax", "[a]\nk = v\nwhat\n", 0, 3,
	    "t.conf:3: expected a [section], a key = value line or a # comment", 2 },
	{ "NUL", "[a]\nk = v\0\n", 11, 2, "t.conf:2: contains a NUL byte", 1 },
	{ "UTF-8", "[a]\nk = \xff\n", 0, 2, "t.conf:2: is not valid UTF-8", 1 },
	{ "overlong UTF-8", "[a]\nk = \xc0\xaf\n", 0, 2, "t.conf:2: is not valid UTF-8", 1 },
	{ "CR alone", "[a]\nk = v\rw\n", 0, 2, "t.conf:2: contains a control character (byte 0x0d)", 1 },
	{ "BOM not on line 1", "[a]\n\xef\xbb\xbf[b]\n", 0, 2,
	    "t.conf:2: expected a [section], a key = value line or a # comment", 1 },
	{ "empty section", "[]\n", 0, 1, "t.conf:1: '[]' is not a valid section name", 0 },
	{ "section with a blank", "[ip sec]\n", 0, 1, "t.conf:1: '[ip sec]' is not a valid section name", 0 },
	{ "text after header", "[a] x\n", 0, 1,
	    "t.conf:1: a section header is a name in brackets, like [ipsec]", 0 },
	{ "localized key", "[a]\nk[fr] = v\n", 0, 2,
	    "t.conf:2: 'k[fr]' is not a valid key name (letters, digits and '-')", 1 },
	{ "duplicate key", "[a]\nk = 1\n[b]\nk = 2\n[c]\n\nk=3\nk=4\n", 0, 8,
	    "t.conf:8: key 'k' appears twice in [c] (first on line 7)", 6 },
	{ "duplicate section", "[a]\n[b]\n[a]\n", 0, 3,
	    "t.conf:3: section [a] appears twice (first on line 1); merge them", 2 },
	{ "key first", "k = v\n[a]\n", 0, 1, "t.conf:1: key 'k' comes before any [section] header", 0 },
	{ "double slash comment", "// x\n", 0, 1, "t.conf:1: comments start with '#'", 0 },
};

static void
test_stops(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(stop_cases); i++) {
		const struct stop_case *c = &stop_cases[i];
		size_t len = c->len != 0 ? c->len : strlen(c->text);
		g_autoptr(L2secProfileLines) l = l2sec_profile_lines_scan("t.conf", c->text, len);
		if (l->bad_line != c->line || l->bad_error == NULL)
			fail_msg("%s: stopped at line %u", c->name, l->bad_line);
		if (strcmp(l->bad_error->message, c->message) != 0)
			fail_msg("%s:\n got  %s\n want %s", c->name, l->bad_error->message, c->message);
		if (l->entries->len != c->entries)
			fail_msg("%s: %u entries, want %u", c->name, l->entries->len, c->entries);
	}
}

static void
test_text_size_bound(void **state)
{
	/* the GKeyFile text never outgrows its first allocation (it is wiped in place) */
	static const char text[] = "\n\n\n\n[a]\nk=v\n\n\n";
	g_autoptr(L2secProfileLines) l = l2sec_profile_lines_scan("t.conf", text, strlen(text));
	assert_true(l->text->len <= 2 * strlen(text) + 1);
	g_autoptr(L2secProfileLines) e = l2sec_profile_lines_scan("t.conf", "", 0);
	assert_int_equal(e->entries->len, 0);
	assert_int_equal(e->bad_line, 0);
	l2sec_profile_lines_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_stops),
		cmocka_unit_test(test_text_size_bound),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
