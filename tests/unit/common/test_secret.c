/* Unit tests for common/secret.c: copies, equality, and the file loader's refusals. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/secret.h"

static char *tmpdir;

static int
setup(void **state)
{
	tmpdir = g_dir_make_tmp("l2sec-secret-XXXXXX", NULL);
	return tmpdir != NULL ? 0 : -1;
}

static int
teardown(void **state)
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
write_file(const char *name, const void *data, size_t len, mode_t mode)
{
	char *path = g_build_filename(tmpdir, name, NULL);
	assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

static void
test_new_and_equal(void **state)
{
	g_autoptr(L2secSecret) a = l2sec_secret_new_str("labsecret");
	g_autoptr(L2secSecret) b = l2sec_secret_new("labsecret", 9);
	g_autoptr(L2secSecret) c = l2sec_secret_new_str("labsecreT");
	g_autoptr(L2secSecret) d = l2sec_secret_dup(a);
	g_autoptr(L2secSecret) z = l2sec_secret_new_zero(16);
	char buf[32];

	assert_int_equal(a->len, 9);
	assert_int_equal(a->data[9], 0); /* always NUL-terminated */
	assert_true(l2sec_secret_equal(a, b));
	assert_true(l2sec_secret_equal(a, d));
	assert_false(l2sec_secret_equal(a, c));
	assert_false(l2sec_secret_equal(a, z));
	for (size_t i = 0; i < z->len; i++)
		assert_int_equal(z->data[i], 0);
	assert_string_equal(l2sec_secret_describe(z, buf, sizeof(buf)), "<16-byte secret>");
	l2sec_secret_free(NULL);
	l2sec_secret_free_string(NULL);
	l2sec_secret_free_string(g_strdup("wonderland"));
}

static const struct file_case {
	const char *name;
	const char *content;
	size_t len;
	mode_t mode;
	bool ok;
	const char *expect; /* the secret, or a substring of the error */
} file_cases[] = {
	{ "plain 0600", "labsecret", 9, 0600, true, "labsecret" },
	{ "trailing LF dropped", "labsecret\n", 10, 0600, true, "labsecret" },
	{ "trailing CRLF dropped", "labsecret\r\n", 11, 0400, true, "labsecret" },
	{ "only one newline dropped", "two\n\n", 5, 0600, true, "two\n" },
	{ "inner spaces kept", " a b ", 5, 0600, true, " a b " },
	{ "group-readable", "labsecret", 9, 0640, false, "mode 0640; other users can access it (chmod 600" },
	{ "world-readable", "labsecret", 9, 0644, false, "mode 0644" },
	{ "group-writable", "labsecret", 9, 0620, false, "mode 0620" },
	{ "empty", "", 0, 0600, false, "secret file is empty" },
	{ "only a newline", "\n", 1, 0600, false, "secret file is empty" },
	{ "NUL inside", "ab\0cd", 5, 0600, false, "contains a NUL byte" },
};

static void
test_load_file(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(file_cases); i++) {
		const struct file_case *c = &file_cases[i];
		g_autofree char *name = g_strdup_printf("case%zu", i);
		g_autofree char *path = write_file(name, c->content, c->len, c->mode);
		g_autoptr(L2secSecret) s = NULL;
		g_autoptr(GError) error = NULL;
		bool ok = l2sec_secret_load_file(path, &s, &error);
		if (ok != c->ok)
			fail_msg("%s: returned %d (%s)", c->name, ok, error ? error->message : "");
		if (ok) {
			if (s->len != strlen(c->expect) || memcmp(s->data, c->expect, s->len) != 0)
				fail_msg("%s: wrong secret of %zu bytes", c->name, s->len);
		} else {
			assert_null(s);
			if (strstr(error->message, c->expect) == NULL || strstr(error->message, path) == NULL)
				fail_msg("%s: error '%s' lacks '%s' or the path", c->name, error->message,
				    c->expect);
		}
	}
}

static void
test_load_missing_and_dir(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secSecret) s = NULL;
	g_autofree char *missing = g_build_filename(tmpdir, "missing", NULL);

	assert_false(l2sec_secret_load_file(missing, &s, &error));
	assert_true(g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NOENT));
	assert_non_null(strstr(error->message, "cannot open secret file"));
	g_clear_error(&error);
	chmod(tmpdir, 0700);
	assert_false(l2sec_secret_load_file(tmpdir, &s, &error));
	assert_non_null(strstr(error->message, "not a regular file"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_and_equal),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_load_missing_and_dir),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
