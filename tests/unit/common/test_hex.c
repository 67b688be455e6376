/* Unit tests for common/hex.c, as a table of known answers. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common/hex.h"

static const struct hex_case {
	const char *name;
	const char *in;
	bool ok;
	const char *canonical; /* lowercase re-encoding, when ok */
	const char *error;     /* substring the error must contain, when not */
} hex_cases[] = {
	{ "empty", "", true, "", NULL },
	{ "lowercase", "00ff10", true, "00ff10", NULL },
	{ "uppercase", "DEADBEEF", true, "deadbeef", NULL },
	{ "spaces and newlines between bytes", "de ad\nbe\tef", true, "deadbeef", NULL },
	{ "colons", "de:ad:be:ef", true, "deadbeef", NULL },
	{ "odd count", "abc", false, NULL, "odd number of digits (the last one at position 2)" },
	{ "bad digit", "zz", false, NULL, "'z' at position 0 is not a hex digit" },
	{ "separator inside a byte", "a b", false, NULL, "separator at position 1 splits a byte" },
	{ "non-printable", "0\x01", false, NULL, "'?' at position 1" },
};

static void
test_hex_cases(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(hex_cases); i++) {
		const struct hex_case *c = &hex_cases[i];
		g_autoptr(GError) error = NULL;
		g_autoptr(GByteArray) out = NULL;
		bool ok = l2sec_hex_decode(c->in, &out, &error);
		if (ok != c->ok)
			fail_msg("%s: decode returned %d, expected %d (%s)", c->name, ok, c->ok,
			    error ? error->message : "no error");
		if (ok) {
			g_autofree char *enc = l2sec_hex_encode(out->data, out->len);
			if (strcmp(enc, c->canonical) != 0)
				fail_msg("%s: got %s, expected %s", c->name, enc, c->canonical);
		} else {
			assert_null(out);
			if (strstr(error->message, c->error) == NULL)
				fail_msg("%s: error '%s' lacks '%s'", c->name, error->message, c->error);
		}
	}
}

static void
test_encode_all_bytes(void **state)
{
	uint8_t all[256];
	for (int i = 0; i < 256; i++)
		all[i] = (uint8_t)i;
	g_autofree char *enc = l2sec_hex_encode(all, sizeof(all));
	assert_int_equal(strlen(enc), 512);
	assert_memory_equal(enc, "000102", 6);
	assert_string_equal(enc + 506, "fdfeff");
	g_autoptr(GByteArray) back = NULL;
	assert_true(l2sec_hex_decode(enc, &back, NULL));
	assert_int_equal(back->len, 256);
	assert_memory_equal(back->data, all, 256);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hex_cases),
		cmocka_unit_test(test_encode_all_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
