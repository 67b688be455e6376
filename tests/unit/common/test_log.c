/* Unit tests for common/log.c: levels, line format, the GLib bridge. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common/log.h"

static GPtrArray *lines;

static void
capture(L2secLogLevel level, const char *line, void *user_data)
{
	g_ptr_array_add(lines, g_strdup_printf("%d %s", (int)level, line));
}

static int
setup(void **state)
{
	lines = g_ptr_array_new_with_free_func(g_free);
	l2sec_log_set_sink(capture, NULL);
	return 0;
}

static int
teardown(void **state)
{
	l2sec_log_set_sink(NULL, NULL);
	g_ptr_array_unref(lines);
	return 0;
}

static void
test_levels(void **state)
{
	g_ptr_array_set_size(lines, 0);
	l2sec_log_set_level(L2SEC_LOG_INFO);
	log_error("IKE: %s", "failed");
	log_warning("warned");
	log_info("IKE: Main Mode established in %d ms", 142);
	log_debug("hidden at info");
	assert_int_equal(lines->len, 3);
	assert_string_equal(g_ptr_array_index(lines, 0), "0 IKE: failed");
	assert_string_equal(g_ptr_array_index(lines, 2), "2 IKE: Main Mode established in 142 ms");
	l2sec_log_set_level(L2SEC_LOG_DEBUG);
	log_debug("shown at debug");
	assert_int_equal(lines->len, 4);
	l2sec_log_set_level(L2SEC_LOG_INFO);
}

static void
test_level_names(void **state)
{
	L2secLogLevel l;
	assert_true(l2sec_log_level_from_string("debug", &l));
	assert_int_equal(l, L2SEC_LOG_DEBUG);
	assert_true(l2sec_log_level_from_string("WARNING", &l));
	assert_int_equal(l, L2SEC_LOG_WARNING);
	assert_false(l2sec_log_level_from_string("verbose", &l));
}

static void
test_format(void **state)
{
	g_autofree char *plain = l2sec_log_format(L2SEC_LOG_WARNING, 0, false, "x");
	assert_string_equal(plain, "WARN  x");
	/* 2026-11-25 06:30:01.123 UTC; the format is fixed-width whatever the zone */
	g_setenv("TZ", "UTC", TRUE);
	gint64 t = (gint64)1795588201 * G_USEC_PER_SEC + 123456;
	g_autofree char *stamped = l2sec_log_format(L2SEC_LOG_INFO, t, true, "PPP: up");
	assert_string_equal(stamped, "2026-11-25 06:30:01.123 INFO  PPP: up");
}

static void
test_glib_bridge(void **state)
{
	g_ptr_array_set_size(lines, 0);
	l2sec_log_install_glib();
	l2sec_log_set_level(L2SEC_LOG_DEBUG);
	g_debug("from a library: %d", 7);
	g_message("a message");
	l2sec_log_set_level(L2SEC_LOG_INFO);
	g_debug("dropped");
	assert_int_equal(lines->len, 2);
	assert_string_equal(g_ptr_array_index(lines, 0), "3 from a library: 7");
	assert_string_equal(g_ptr_array_index(lines, 1), "2 a message");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_level_names),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_glib_bridge),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
