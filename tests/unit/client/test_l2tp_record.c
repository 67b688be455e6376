/* Unit tests for client/l2tp_record.c: the record of an open L2TP tunnel
 * survives a round trip (mode 0600), is consumed when taken, and a record
 * for another server or with bad values is refused with the reason. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "client/l2tp_record.h"

static char *dir, *path;

static int
setup(void **state)
{
	dir = g_dir_make_tmp("l2sec-record-XXXXXX", NULL);
	assert_non_null(dir);
	path = g_build_filename(dir, "work.l2tp", NULL);
	return 0;
}

static int
teardown(void **state)
{
	g_unlink(path);
	assert_int_equal(g_rmdir(dir), 0); /* nothing else was left */
	g_clear_pointer(&path, g_free);
	g_clear_pointer(&dir, g_free);
	return 0;
}

static void
test_round_trip(void **state)
{
	const L2tpStaleTunnel r = {.local_id = 27829, .peer_id = 52650, .ns = 65535, .nr = 0};
	g_autoptr(GError) error = NULL;
	assert_true(l2sec_l2tp_record_save(path, "192.0.2.1", &r, &error));
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	L2tpStaleTunnel got;
	g_autofree char *why = NULL;
	assert_true(l2sec_l2tp_record_take(path, "192.0.2.1", &got, &why));
	assert_null(why);
	assert_memory_equal(&got, &r, sizeof(r));
	/* consumed */
	assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
	assert_false(l2sec_l2tp_record_take(path, "192.0.2.1", &got, &why));
	assert_null(why); /* none is not worth a word */
	assert_int_equal(got.local_id, 0);
	l2sec_l2tp_record_remove(path); /* none: fine */
}

static const struct {
	const char *name, *text, *why;
} bad[] = {
    {"another server", "[l2tp]\nserver=198.51.100.7\nlocal-tunnel=1\npeer-tunnel=2\nns=0\nnr=0\n",
	"for server 198.51.100.7, not 192.0.2.1"},
    {"no server", "[l2tp]\nlocal-tunnel=1\npeer-tunnel=2\nns=0\nnr=0\n", "no server"},
    {"tunnel id out of range", "[l2tp]\nserver=192.0.2.1\nlocal-tunnel=65536\npeer-tunnel=2\nns=0\nnr=0\n",
	"local-tunnel is not a number from 0 to 65535"},
    {"negative Ns", "[l2tp]\nserver=192.0.2.1\nlocal-tunnel=1\npeer-tunnel=2\nns=-1\nnr=0\n",
	"ns is not a number"},
    {"Nr missing", "[l2tp]\nserver=192.0.2.1\nlocal-tunnel=1\npeer-tunnel=2\nns=0\n",
	"nr is not a number"},
    {"peer tunnel 0", "[l2tp]\nserver=192.0.2.1\nlocal-tunnel=1\npeer-tunnel=0\nns=0\nnr=0\n",
	"a tunnel id of 0"},
    {"not a key file", "garbage\n", "work.l2tp: "},
};

static void
test_refused(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		assert_true(g_file_set_contents(path, bad[i].text, -1, NULL));
		L2tpStaleTunnel got = {.local_id = 9};
		g_autofree char *why = NULL;
		if (l2sec_l2tp_record_take(path, "192.0.2.1", &got, &why))
			fail_msg("%s: taken", bad[i].name);
		if (why == NULL || strstr(why, bad[i].why) == NULL)
			fail_msg("%s: reason '%s' lacks '%s'", bad[i].name, why ? why : "(none)",
			    bad[i].why);
		assert_int_equal(got.local_id, 0);
		/* a bad record does not stay to be refused again */
		if (g_file_test(path, G_FILE_TEST_EXISTS))
			fail_msg("%s: the record is still there", bad[i].name);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
