/*
 * Unit tests for l2tp/pppd_launch.c, with tests/unit/l2tp/fake-pppd standing in
 * for pppd and its plugin: the fake checks argv, the descriptors it inherits
 * (3 and 4 only) and the credentials record, then answers in the plugin's line
 * protocol as the password tells it to. Covered: events reach the callback,
 * stop by SIGTERM (no error), SIGKILL after the grace period, authentication
 * failure from the plugin's line and from exit status 19, other exit statuses,
 * malformed lines ignored, a pppd that cannot start, the options file 0600 and
 * removed afterwards.
 */
#include "config.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include <glib/gstdio.h>

#include "l2tp/l2tp_error.h"
#include "l2tp/pppd_launch.h"

#ifndef FAKE_PPPD
#error "FAKE_PPPD must name tests/unit/l2tp/fake-pppd"
#endif

typedef struct {
	GPtrArray *events; /* "ip-up ppp7 10.99.0.10 10.99.0.1 dns 2", "phase running", ... */
	bool exited;
	GError *error;
	bool ip_up;
} Seen;

static void
on_event(const PppdEvent *ev, void *user_data)
{
	Seen *s = user_data;
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];
	switch (ev->type) {
	case PPPD_EVENT_IP_UP:
		inet_ntop(AF_INET, &ev->local, a, sizeof(a));
		inet_ntop(AF_INET, &ev->peer, b, sizeof(b));
		g_ptr_array_add(s->events,
		    g_strdup_printf("ip-up %s %s %s dns %u", ev->ifname, a, b, ev->n_dns));
		s->ip_up = true;
		break;
	case PPPD_EVENT_PHASE:
		g_ptr_array_add(s->events, g_strdup_printf("phase %s", pppd_phase_name(ev->phase)));
		break;
	case PPPD_EVENT_EXIT:
		g_ptr_array_add(s->events, g_strdup_printf("exit %d", ev->exit_status));
		break;
	case PPPD_EVENT_AUTH_FAILED:
		g_ptr_array_add(s->events, g_strdup("auth-failed"));
		break;
	case PPPD_EVENT_IP_DOWN:
		g_ptr_array_add(s->events, g_strdup_printf("ip-down %s", ev->ifname));
		break;
	case PPPD_EVENT_HELLO:
		g_ptr_array_add(s->events, g_strdup_printf("hello %s", ev->version));
		break;
	case PPPD_EVENT_UNKNOWN:
		fail_msg("the launcher passed an unknown event on");
	}
}

static void
on_exited(const GError *error, void *user_data)
{
	Seen *s = user_data;
	if (s->exited)
		fail_msg("exited reported twice");
	s->exited = true;
	s->error = error ? g_error_copy(error) : NULL;
}

static const PppdLaunchCallbacks callbacks = {on_event, on_exited};

static gboolean
on_deadline(gpointer user_data)
{
	*(bool *)user_data = true;
	return G_SOURCE_REMOVE;
}

/* Run the default context until *flag or 20 s (a hung test fails instead of hanging). */
static void
run_until(bool *flag, const char *what)
{
	bool late = false;
	guint t = g_timeout_add_seconds(20, on_deadline, &late);
	while (!*flag && !late)
		g_main_context_iteration(NULL, TRUE);
	if (late)
		fail_msg("timed out waiting for %s", what);
	g_source_remove(t);
}

static bool
seen(const Seen *s, const char *event)
{
	for (guint i = 0; i < s->events->len; i++)
		if (strcmp(g_ptr_array_index(s->events, i), event) == 0)
			return true;
	return false;
}

typedef struct {
	char *dir;
	int pppox; /* stands in for the PPPoL2TP socket */
	int leak;  /* a descriptor without CLOEXEC that pppd must not get */
	L2secSecret *password;
	PppdLaunchConfig cfg;
	Seen seen;
} Fixture;

static int
setup(void **state)
{
	Fixture *f = g_new0(Fixture, 1);
	f->dir = g_dir_make_tmp("test_pppd_launch.XXXXXX", NULL);
	assert_non_null(f->dir);
	f->pppox = open("/dev/null", O_RDWR | O_CLOEXEC);
	f->leak = open("/dev/null", O_RDONLY);
	assert_true(f->pppox >= 0 && f->leak >= 0);
	f->cfg = (PppdLaunchConfig){
	    .name = "unit",
	    .user = "alice",
	    .auth = PPPD_AUTH_MSCHAP_V2,
	    .pppd_path = FAKE_PPPD,
	    .plugin_path = "/nonexistent/l2sec-pppd.so",
	    .runtime_dir = f->dir,
	    .inherit_stdio = true, /* the fake's complaints end up in the test log */
	};
	f->seen.events = g_ptr_array_new_with_free_func(g_free);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	Fixture *f = *state;
	close(f->pppox);
	close(f->leak);
	/* nothing may be left in the runtime directory */
	GDir *d = g_dir_open(f->dir, 0, NULL);
	const char *left = d ? g_dir_read_name(d) : NULL;
	if (left != NULL)
		fail_msg("%s left in the runtime directory", left);
	g_dir_close(d);
	g_rmdir(f->dir);
	g_free(f->dir);
	l2sec_secret_free(f->password);
	g_ptr_array_unref(f->seen.events);
	g_clear_error(&f->seen.error);
	g_free(f);
	return 0;
}

static PppdLaunch *
start(Fixture *f, const char *password)
{
	f->password = l2sec_secret_new_str(password);
	f->cfg.password = f->password;
	g_autoptr(GError) error = NULL;
	PppdLaunch *l = pppd_launch_start(&f->cfg, f->pppox, &callbacks, &f->seen, &error);
	if (l == NULL)
		fail_msg("start: %s", error->message);
	/* no check on the pid here: a fake that exits at once may be reaped by GLib's worker
	 * before pppd_launch_start() reads it (the pid is then 0, and `exited` not yet run) */
	return l;
}

static void
test_up_and_stop(void **state)
{
	Fixture *f = *state;
	g_autoptr(PppdLaunch) l = start(f, "wonderland");
	run_until(&f->seen.ip_up, "ip-up");
	assert_true(seen(&f->seen, "hello 2.4.9"));
	assert_true(seen(&f->seen, "phase authenticate"));
	assert_true(seen(&f->seen, "ip-up ppp7 10.99.0.10 10.99.0.1 dns 2"));
	assert_false(pppd_launch_has_exited(l));

	/* the options file, while pppd runs: 0600, no password */
	const char *path = pppd_launch_get_options_path(l);
	GStatBuf st;
	assert_int_equal(g_stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	g_autofree char *text = NULL;
	assert_true(g_file_get_contents(path, &text, NULL, NULL));
	assert_null(strstr(text, "wonderland"));

	pppd_launch_stop(l, 5000);
	/* SIGTERM was enough: the fake reports its orderly "exit 5" (below), which SIGKILL would not let it */
	assert_true(f->seen.exited);
	assert_null(f->seen.error); /* stopped on request */
	assert_true(seen(&f->seen, "ip-down ppp7"));
	assert_true(seen(&f->seen, "exit 5"));
	assert_true(pppd_launch_has_exited(l));
	assert_int_equal(pppd_launch_get_pid(l), 0);
	assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
}

static const struct fail_case {
	const char *name;
	const char *password;
	int code;
	const char *message;
	const char *event; /* an event that must have been seen first, or NULL */
} fail_cases[] = {
    {"the plugin says auth-failed", "wrong", L2SEC_PPP_ERROR_AUTH_FAILED,
	"PPP: authentication failed for user alice", "auth-failed"},
    {"exit status 19 alone", "exit19", L2SEC_PPP_ERROR_AUTH_FAILED,
	"PPP: authentication failed for user alice", NULL},
    {"exit status 10", "exit10", L2SEC_PPP_ERROR_NEGOTIATION,
	"PPP: pppd ended: PPP negotiation failed (exit status 10)", "exit 10"},
};

static void
test_failures(void **state)
{
	Fixture *f = *state;
	for (size_t i = 0; i < G_N_ELEMENTS(fail_cases); i++) {
		const struct fail_case *c = &fail_cases[i];
		g_ptr_array_set_size(f->seen.events, 0);
		f->seen.exited = f->seen.ip_up = false;
		g_clear_error(&f->seen.error);
		g_clear_pointer(&f->password, l2sec_secret_free);
		g_autoptr(PppdLaunch) l = start(f, c->password);
		run_until(&f->seen.exited, c->name);
		if (!g_error_matches(f->seen.error, L2SEC_PPP_ERROR, c->code))
			fail_msg("%s: error %s", c->name,
			    f->seen.error ? f->seen.error->message : "none");
		if (strcmp(f->seen.error->message, c->message) != 0)
			fail_msg(
			    "%s: '%s', expected '%s'", c->name, f->seen.error->message, c->message);
		if (c->event != NULL && !seen(&f->seen, c->event))
			fail_msg("%s: no '%s' event before the exit", c->name, c->event);
		assert_false(g_file_test(pppd_launch_get_options_path(l), G_FILE_TEST_EXISTS));
	}
}

static void
test_sigkill_after_grace(void **state)
{
	Fixture *f = *state;
	g_autoptr(PppdLaunch) l = start(f, "stubborn");
	run_until(&f->seen.ip_up, "ip-up");
	/* a caller's timer that falls due while pppd is stopping must not run inside
	 * the stop: the supervisor's teardown once did, and removed the XFRM policy
	 * before pppd had sent its last frame */
	bool fired = false;
	guint t = g_timeout_add(10, on_deadline, &fired);
	gint64 t0 = g_get_monotonic_time();
	pppd_launch_stop(l, 300);
	gint64 took = g_get_monotonic_time() - t0;
	assert_true(took >= 300 * 1000);
	assert_false(fired);
	g_source_remove(t);
	assert_true(f->seen.exited);
	assert_null(f->seen.error);             /* we asked for it */
	assert_false(seen(&f->seen, "exit 5")); /* it never ran its own exit */
}

static void
test_garbage_ignored(void **state)
{
	Fixture *f = *state;
	g_autoptr(PppdLaunch) l = start(f, "garbage");
	run_until(&f->seen.ip_up, "ip-up after malformed lines");
	assert_true(seen(&f->seen, "ip-up ppp7 10.99.0.10 10.99.0.1 dns 2"));
	assert_false(seen(&f->seen, "phase sleeping"));
	pppd_launch_stop(l, 5000);
	assert_null(f->seen.error);
}

static void
test_cannot_start(void **state)
{
	Fixture *f = *state;
	f->cfg.pppd_path = "/nonexistent/pppd";
	f->password = l2sec_secret_new_str("wonderland");
	f->cfg.password = f->password;
	g_autoptr(GError) error = NULL;
	PppdLaunch *l = pppd_launch_start(&f->cfg, f->pppox, &callbacks, &f->seen, &error);
	assert_null(l);
	assert_true(g_error_matches(error, L2SEC_PPP_ERROR, L2SEC_PPP_ERROR_START));
	assert_non_null(strstr(error->message, "PPP: cannot start /nonexistent/pppd"));
	assert_false(f->seen.exited);
	/* teardown checks that the options file went away */
}

static void
test_bad_config(void **state)
{
	Fixture *f = *state;
	f->cfg.mppe = PPPD_MPPE_REQUIRE;
	f->cfg.auth = PPPD_AUTH_PAP;
	f->password = l2sec_secret_new_str("wonderland");
	f->cfg.password = f->password;
	g_autoptr(GError) error = NULL;
	assert_null(pppd_launch_start(&f->cfg, f->pppox, &callbacks, &f->seen, &error));
	assert_true(g_error_matches(error, L2SEC_PPP_ERROR, L2SEC_PPP_ERROR_START));
	assert_non_null(strstr(error->message, "MPPE needs MS-CHAPv2"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_up_and_stop, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failures, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sigkill_after_grace, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_garbage_ignored, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cannot_start, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_config, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
