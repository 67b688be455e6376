/* Unit tests for client/control.c: the per-profile lock (one connection per
 * profile, the holder's pid, released by close as by kill -9), and the
 * control socket (request, immediate and deferred answers, mode 0600,
 * errors when nobody listens). Runs in a private run folder. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <gio/gio.h>

#include "client/control.h"

static char *run_dir;

static int
setup(void **state)
{
	run_dir = g_dir_make_tmp("l2sec-control-XXXXXX", NULL);
	assert_non_null(run_dir);
	g_autofree char *sub = g_build_filename(run_dir, "run", NULL);
	g_setenv("L2SEC_RUN_DIR", sub, TRUE);
	return 0;
}

static int
teardown(void **state)
{
	g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", run_dir);
	assert_int_equal(system(cmd), 0);
	g_clear_pointer(&run_dir, g_free);
	return 0;
}

static void
test_run_paths(void **state)
{
	g_autofree char *p = l2sec_run_path("work", "sock");
	g_autofree char *want = g_strdup_printf("%s/run/work.sock", run_dir);
	assert_string_equal(p, want);
	g_setenv("L2SEC_RUN_DIR", "relative/dir", TRUE); /* ignored: not absolute */
	assert_string_equal(l2sec_run_dir(), RUNSTATEDIR "/l2sec");
	g_autofree char *sub = g_build_filename(run_dir, "run", NULL);
	g_setenv("L2SEC_RUN_DIR", sub, TRUE);
}

static void
test_lock_once_per_profile(void **state)
{
	GError *error = NULL;
	int fd = l2sec_control_lock("work", &error);
	assert_null(error);
	assert_true(fd >= 0);
	/* the folder is made 0700 */
	struct stat st;
	assert_int_equal(stat(l2sec_run_dir(), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);

	int pid = 0;
	assert_true(l2sec_control_is_locked("work", &pid));
	assert_int_equal(pid, (int)getpid());
	assert_false(l2sec_control_is_locked("home", NULL));

	int again = l2sec_control_lock("work", &error);
	assert_int_equal(again, -1);
	assert_true(g_error_matches(error, G_IO_ERROR, G_IO_ERROR_EXISTS));
	g_autofree char *want = g_strdup_printf("work is already connected (process %d)", (int)getpid());
	assert_string_equal(error->message, want);
	g_clear_error(&error);

	/* another profile is independent; both are listed as running, sorted */
	int other = l2sec_control_lock("home", &error);
	assert_true(other >= 0);
	g_autoptr(GPtrArray) running = l2sec_control_running();
	assert_int_equal(running->len, 2);
	assert_string_equal(running->pdata[0], "home");
	assert_string_equal(running->pdata[1], "work");
	close(other);

	/* closing the descriptor (as the kernel does for a killed process) releases it */
	close(fd);
	assert_false(l2sec_control_is_locked("work", NULL));
	fd = l2sec_control_lock("work", &error);
	assert_true(fd >= 0);
	close(fd);
}

typedef struct Server {
	GMainLoop *loop;
	L2secControlRequest *deferred;
	GPtrArray *seen;
} Server;

static void
handler(L2secControlRequest *req, const char *command, void *user_data)
{
	Server *srv = user_data;
	g_ptr_array_add(srv->seen, g_strdup(command));
	if (strcmp(command, "status") == 0)
		l2sec_control_reply(req, "work: up\n");
	else if (strcmp(command, "disconnect") == 0)
		srv->deferred = req; /* answered later, as the daemon does after teardown */
	else
		l2sec_control_reply(req, "error: unknown\n");
}

typedef struct Call {
	char *path, *command, *answer;
	GError *error;
	Server *srv;
} Call;

static gpointer
client_thread(gpointer data)
{
	Call *c = data;
	c->answer = l2sec_control_call(c->path, c->command, 5000, &c->error);
	g_main_loop_quit(c->srv->loop);
	return NULL;
}

static gboolean
answer_deferred(gpointer data)
{
	Server *srv = data;
	if (srv->deferred == NULL)
		return G_SOURCE_CONTINUE;
	l2sec_control_reply(srv->deferred, "disconnected\n");
	srv->deferred = NULL;
	return G_SOURCE_REMOVE;
}

static char *
call(Server *srv, const char *path, const char *command, GError **error)
{
	Call c = {.path = (char *)path, .command = (char *)command, .srv = srv};
	GThread *t = g_thread_new("client", client_thread, &c);
	g_main_loop_run(srv->loop);
	g_thread_join(t);
	if (c.error != NULL)
		g_propagate_error(error, c.error);
	return c.answer;
}

static void
test_socket_requests(void **state)
{
	GError *error = NULL;
	assert_true(l2sec_run_dir_ensure(&error));
	g_autofree char *path = l2sec_run_path("work", "sock");
	/* a stale socket file from a killed daemon is replaced */
	assert_true(g_file_set_contents(path, "stale", -1, NULL));
	Server srv = {.loop = g_main_loop_new(NULL, FALSE), .seen = g_ptr_array_new_with_free_func(g_free)};
	L2secControl *c = l2sec_control_listen(path, handler, &srv, &error);
	assert_null(error);
	assert_non_null(c);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0600);

	g_autofree char *a1 = call(&srv, path, "status", &error);
	assert_null(error);
	assert_string_equal(a1, "work: up\n");

	guint id = g_timeout_add(50, answer_deferred, &srv);
	g_autofree char *a2 = call(&srv, path, "disconnect", &error);
	assert_null(error);
	assert_string_equal(a2, "disconnected\n");
	(void)id;

	g_autofree char *a3 = call(&srv, path, "bogus", &error);
	assert_string_equal(a3, "error: unknown\n");
	assert_int_equal(srv.seen->len, 3);
	assert_string_equal(srv.seen->pdata[0], "status");
	assert_string_equal(srv.seen->pdata[1], "disconnect");

	l2sec_control_free(c);
	assert_int_not_equal(access(path, F_OK), 0); /* removed */
	g_ptr_array_unref(srv.seen);
	g_main_loop_unref(srv.loop);
}

static void
test_call_errors(void **state)
{
	GError *error = NULL;
	g_autofree char *path = l2sec_run_path("nobody", "sock");
	char *answer = l2sec_control_call(path, "status", 1000, &error);
	assert_null(answer);
	assert_true(g_error_matches(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND));
	assert_non_null(strstr(error->message, "nobody.sock"));
	g_clear_error(&error);

	g_autofree char *longp = g_strnfill(200, 'x');
	answer = l2sec_control_call(longp, "status", 1000, &error);
	assert_null(answer);
	assert_true(g_error_matches(error, G_IO_ERROR, G_IO_ERROR_FILENAME_TOO_LONG));
	g_clear_error(&error);
	assert_null(l2sec_control_listen(longp, handler, NULL, &error));
	assert_true(g_error_matches(error, G_IO_ERROR, G_IO_ERROR_FILENAME_TOO_LONG));
	g_clear_error(&error);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_run_paths, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lock_once_per_profile, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_socket_requests, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_call_errors, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
