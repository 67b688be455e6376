/*
 * Unit tests for l2tp/pppd_options.c: the options file per authentication
 * method (option names from pppd 2.4.9's pppd(8)), the MTU arithmetic, the file's
 * mode, pppd's argv, and the credentials record of l2sec-pppd-proto.h. The
 * password must appear in none of them but the record.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <glib/gstdio.h>

#include "l2tp/l2tp_error.h"
#include "l2tp/pppd_options.h"

static bool
has_line(const char *text, const char *line)
{
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	for (char **l = lines; *l != NULL; l++)
		if (strcmp(*l, line) == 0)
			return true;
	return false;
}

static PppdLaunchConfig
base_config(const L2secSecret *password)
{
	PppdLaunchConfig cfg = {
	    .name = "work",
	    .user = "alice",
	    .password = password,
	    .auth = PPPD_AUTH_MSCHAP_V2,
	};
	return cfg;
}

static void
test_default_mtu(void **state)
{
	/*
	 * Recomputed here the long way (see the comment in pppd_options.c):
	 * ciphertext = 1500 - IPv4 20 - [NAT-T 8] - ESP 8 - IV 16 - ICV 16, down to a
	 * multiple of 16; MTU = ciphertext - trailer 2 - UDP 8 - L2TP 10 - PPP 4.
	 */
	assert_int_equal(1500 - 20 - 8 - 16 - 16, 1440); /* a multiple of 16 */
	assert_int_equal(pppd_default_mtu(false), 1440 - 2 - 8 - 10 - 4);
	assert_int_equal(pppd_default_mtu(false), 1416);
	assert_int_equal(1500 - 20 - 8 - 8 - 16 - 16, 1432); /* rounds down to 1424 */
	assert_int_equal(pppd_default_mtu(true), 1424 - 2 - 8 - 10 - 4);
	assert_int_equal(pppd_default_mtu(true), 1400);
}

static const struct auth_case {
	const char *name;
	PppdAuth auth;
	PppdMppe mppe;
	const char *present[8];
	const char *absent[8];
} auth_cases[] = {
    {"MS-CHAPv2 (the default)", PPPD_AUTH_MSCHAP_V2, PPPD_MPPE_NO,
	{"refuse-eap", "refuse-pap", "refuse-chap", "refuse-mschap", "noccp", NULL},
	{"refuse-mschap-v2", "require-mppe-128", NULL}},
    {"MS-CHAPv2 with MPPE if offered", PPPD_AUTH_MSCHAP_V2, PPPD_MPPE_ACCEPT,
	{"refuse-eap", "refuse-pap", "refuse-chap", "refuse-mschap", NULL},
	{"refuse-mschap-v2", "noccp", "require-mppe-128", NULL}},
    {"MS-CHAPv2 with MPPE required", PPPD_AUTH_MSCHAP_V2, PPPD_MPPE_REQUIRE,
	{"refuse-eap", "refuse-pap", "refuse-chap", "refuse-mschap", "require-mppe-128", NULL},
	{"refuse-mschap-v2", "noccp", NULL}},
    {"CHAP", PPPD_AUTH_CHAP, PPPD_MPPE_NO,
	{"refuse-eap", "refuse-pap", "refuse-mschap", "refuse-mschap-v2", "noccp", NULL},
	{"refuse-chap", NULL}},
    {"PAP", PPPD_AUTH_PAP, PPPD_MPPE_NO,
	{"refuse-eap", "refuse-chap", "refuse-mschap", "refuse-mschap-v2", NULL},
	{"refuse-pap", NULL}},
    {"EAP", PPPD_AUTH_EAP, PPPD_MPPE_NO,
	{"refuse-pap", "refuse-chap", "refuse-mschap", "refuse-mschap-v2", NULL},
	{"refuse-eap", NULL}},
};

/* what every options file says, whatever the method */
static const char *const always[] = {"nodetach", "noauth", "nodefaultroute", "usepeerdns",
    "noipdefault", "ipcp-accept-local", "ipcp-accept-remote", "maxfail 1", "novj",
    "lcp-echo-interval 30", "lcp-echo-failure 4", "mtu 1416", "mru 1416", "ipparam l2sec-work"};

static void
test_render_auth(void **state)
{
	g_autoptr(L2secSecret) pw = l2sec_secret_new_str("wonderland");
	for (size_t i = 0; i < G_N_ELEMENTS(auth_cases); i++) {
		const struct auth_case *c = &auth_cases[i];
		PppdLaunchConfig cfg = base_config(pw);
		cfg.auth = c->auth;
		cfg.mppe = c->mppe;
		cfg.runtime_dir = "/run/l2sec";
		g_autoptr(GError) error = NULL;
		g_autofree char *text = pppd_options_render(&cfg, &error);
		if (text == NULL)
			fail_msg("%s: %s", c->name, error->message);
		for (size_t j = 0; c->present[j] != NULL; j++)
			if (!has_line(text, c->present[j]))
				fail_msg("%s: no line '%s' in\n%s", c->name, c->present[j], text);
		for (size_t j = 0; c->absent[j] != NULL; j++)
			if (has_line(text, c->absent[j]))
				fail_msg(
				    "%s: line '%s' should not be there", c->name, c->absent[j]);
		for (size_t j = 0; j < G_N_ELEMENTS(always); j++)
			if (!has_line(text, always[j]))
				fail_msg("%s: no line '%s'", c->name, always[j]);
		if (!has_line(text, "ip-up-script /run/l2sec/no-such-script") ||
		    !has_line(text, "ip-down-script /run/l2sec/no-such-script"))
			fail_msg("%s: ip-up/ip-down scripts not disabled", c->name);
		if (strstr(text, "wonderland") != NULL || strstr(text, "alice") != NULL)
			fail_msg("%s: the options name the user or the password", c->name);
		if (has_line(text, "debug"))
			fail_msg("%s: debug without asking", c->name);
	}
}

static void
test_render_settings(void **state)
{
	g_autoptr(L2secSecret) pw = l2sec_secret_new_str("wonderland");
	PppdLaunchConfig cfg = base_config(pw);
	cfg.nat_t = true;
	cfg.debug = true;
	const char *const extra[] = {"pppol2tp_debug_mask", "15", NULL};
	cfg.extra = extra;
	g_autoptr(GError) error = NULL;
	g_autofree char *text = pppd_options_render(&cfg, &error);
	assert_non_null(text);
	assert_true(has_line(text, "mtu 1400"));
	assert_true(has_line(text, "mru 1400"));
	assert_true(has_line(text, "debug"));
	assert_true(has_line(text, "pppol2tp_debug_mask"));
	assert_true(has_line(text, "15"));
	g_free(g_steal_pointer(&text));

	cfg.extra = NULL;
	cfg.mtu = 1280;
	text = pppd_options_render(&cfg, &error);
	assert_true(has_line(text, "mtu 1280"));
	assert_true(has_line(text, "mru 1280"));
	g_free(g_steal_pointer(&text));
	cfg.mru = 1400;
	text = pppd_options_render(&cfg, &error);
	assert_true(has_line(text, "mtu 1280"));
	assert_true(has_line(text, "mru 1400"));
	g_free(g_steal_pointer(&text));
	cfg.mru = 0;

	/* the profile's LCP echo settings: interval and failures, off, never give up */
	static const struct {
		int interval, failure;
		const char *lines[3];
	} echo[] = {
	    {0, 0, {"lcp-echo-interval 30", "lcp-echo-failure 4", NULL}},
	    {10, 3, {"lcp-echo-interval 10", "lcp-echo-failure 3", NULL}},
	    {-1, 4, {"lcp-echo-interval 0", NULL}},
	    {20, -1, {"lcp-echo-interval 20", "lcp-echo-failure 0", NULL}},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(echo); i++) {
		cfg.lcp_echo_interval = echo[i].interval;
		cfg.lcp_echo_failure = echo[i].failure;
		text = pppd_options_render(&cfg, &error);
		assert_non_null(text);
		for (size_t j = 0; echo[i].lines[j] != NULL; j++)
			if (!has_line(text, echo[i].lines[j]))
				fail_msg("echo case %zu: no line '%s'", i, echo[i].lines[j]);
		if (echo[i].interval < 0 && strstr(text, "lcp-echo-failure") != NULL)
			fail_msg("echo case %zu: a failure count with echoes off", i);
		g_free(g_steal_pointer(&text));
	}
}

static const struct bad_case {
	const char *name;
	const char *conn;
	PppdAuth auth;
	PppdMppe mppe;
	unsigned mtu;
	const char *extra;
	const char *error;
} bad_cases[] = {
    {"MPPE with PAP", "work", PPPD_AUTH_PAP, PPPD_MPPE_REQUIRE, 0, NULL,
	"PPP: MPPE needs MS-CHAPv2 or EAP, not PAP"},
    {"MPPE with CHAP", "work", PPPD_AUTH_CHAP, PPPD_MPPE_REQUIRE, 0, NULL, "MPPE needs MS-CHAPv2"},
    {"MPPE if offered with PAP", "work", PPPD_AUTH_PAP, PPPD_MPPE_ACCEPT, 0, NULL,
	"MPPE needs MS-CHAPv2 or EAP, not PAP"},
    {"unknown method", "work", (PppdAuth)42, PPPD_MPPE_NO, 0, NULL, "unknown authentication method 42"},
    {"MTU too small", "work", PPPD_AUTH_MSCHAP_V2, PPPD_MPPE_NO, 500, NULL,
	"MTU 500 is out of range (576 to 1500)"},
    {"MTU too large", "work", PPPD_AUTH_MSCHAP_V2, PPPD_MPPE_NO, 9000, NULL, "MTU 9000 is out of range"},
    {"MTU too large for the default MRU", "work", PPPD_AUTH_MSCHAP_V2, PPPD_MPPE_NO, 1501, NULL,
	"MTU 1501 is out of range"},
    {"name with a slash", "../etc/passwd", PPPD_AUTH_MSCHAP_V2, PPPD_MPPE_NO, 0, NULL,
	"connection name '../etc/passwd' is not usable"},
    {"name with a space", "my vpn", PPPD_AUTH_MSCHAP_V2, PPPD_MPPE_NO, 0, NULL,
	"connection name 'my vpn'"},
    {"empty name", "", PPPD_AUTH_MSCHAP_V2, PPPD_MPPE_NO, 0, NULL, "connection name ''"},
    {"hidden file name", ".x", PPPD_AUTH_MSCHAP_V2, PPPD_MPPE_NO, 0, NULL, "connection name '.x'"},
    {"extra option with a newline", "work", PPPD_AUTH_MSCHAP_V2, PPPD_MPPE_NO, 0, "debug\npassword x",
	"is not one plain word"},
    {"extra option with a quote", "work", PPPD_AUTH_MSCHAP_V2, PPPD_MPPE_NO, 0, "\"x",
	"is not one plain word"},
};

static void
test_render_errors(void **state)
{
	g_autoptr(L2secSecret) pw = l2sec_secret_new_str("wonderland");
	for (size_t i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
		const struct bad_case *c = &bad_cases[i];
		PppdLaunchConfig cfg = base_config(pw);
		cfg.name = c->conn;
		cfg.auth = c->auth;
		cfg.mppe = c->mppe;
		cfg.mtu = c->mtu;
		const char *extra[] = {c->extra, NULL};
		cfg.extra = c->extra ? extra : NULL;
		g_autoptr(GError) error = NULL;
		g_autofree char *text = pppd_options_render(&cfg, &error);
		if (text != NULL)
			fail_msg("%s: rendered", c->name);
		if (!g_error_matches(error, L2SEC_PPP_ERROR, L2SEC_PPP_ERROR_START))
			fail_msg("%s: wrong error domain or code", c->name);
		if (strstr(error->message, c->error) == NULL)
			fail_msg("%s: error '%s' lacks '%s'", c->name, error->message, c->error);
	}
}

static void
test_argv(void **state)
{
	g_autoptr(L2secSecret) pw = l2sec_secret_new_str("wonderland");
	PppdLaunchConfig cfg = base_config(pw);
	cfg.runtime_dir = "/run/l2sec";
	g_autofree char *path = pppd_options_path(&cfg);
	assert_string_equal(path, "/run/l2sec/work.pppd-options");
	g_auto(GStrv) argv = pppd_argv_build(&cfg, path);
	const char *const want[] = {PPPD_PATH, "plugin", "pppol2tp.so", "pppol2tp", "3", "plugin",
	    PPPD_PLUGIN_DIR "/l2sec-pppd.so", "l2sec-fd", "4", "file",
	    "/run/l2sec/work.pppd-options", NULL};
	assert_int_equal(g_strv_length(argv), G_N_ELEMENTS(want) - 1);
	for (size_t i = 0; want[i] != NULL; i++)
		if (strcmp(argv[i], want[i]) != 0)
			fail_msg("argv[%zu] = '%s', expected '%s'", i, argv[i], want[i]);
	for (char **a = argv; *a != NULL; a++)
		if (strstr(*a, "wonderland") != NULL || strstr(*a, "alice") != NULL)
			fail_msg("argv holds the user or the password: %s", *a);

	/* paths given by the caller (tests, the VM) */
	cfg.pppd_path = "/opt/pppd";
	cfg.plugin_path = "/build/l2sec-pppd.so";
	g_auto(GStrv) argv2 = pppd_argv_build(&cfg, path);
	assert_string_equal(argv2[0], "/opt/pppd");
	assert_string_equal(argv2[6], "/build/l2sec-pppd.so");
	/* the default runtime directory */
	cfg.runtime_dir = NULL;
	assert_string_equal(pppd_runtime_dir(&cfg), RUNSTATEDIR "/l2sec");
}

static void
test_write(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *tmp = g_dir_make_tmp("test_pppd_options.XXXXXX", &error);
	assert_non_null(tmp);
	g_autofree char *dir = g_build_filename(tmp, "l2sec", NULL);
	g_autofree char *path = g_build_filename(dir, "work.pppd-options", NULL);

	/* the directory is created 0700, the file 0600, whatever the umask */
	mode_t old = umask(0);
	bool ok = pppd_options_write(path, "nodetach\nnoauth\n", &error);
	umask(old);
	if (!ok)
		fail_msg("%s", error->message);
	GStatBuf st;
	assert_int_equal(g_stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(g_stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	g_autofree char *text = NULL;
	assert_true(g_file_get_contents(path, &text, NULL, NULL));
	assert_string_equal(text, "nodetach\nnoauth\n");

	/* a world-readable file left behind is replaced by a 0600 one */
	assert_int_equal(g_chmod(path, 0644), 0);
	assert_true(pppd_options_write(path, "nodetach\n", &error));
	assert_int_equal(g_stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);

	/* a directory that cannot be made names itself */
	g_autofree char *blocked = g_build_filename(path, "sub", "x", NULL);
	assert_false(pppd_options_write(blocked, "x\n", &error));
	assert_non_null(strstr(error->message, "PPP: cannot create the directory"));
	g_clear_error(&error);

	assert_int_equal(g_unlink(path), 0);
	assert_int_equal(g_rmdir(dir), 0);
	assert_int_equal(g_rmdir(tmp), 0);
}

static void
test_credentials(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(L2secSecret) pw = l2sec_secret_new_str("wonderland");
	g_autoptr(L2secSecret) rec = pppd_credentials_encode("alice", pw, &error);
	assert_non_null(rec);
	static const char want[] = "L2SEC1 5 10\nalicewonderland";
	assert_int_equal(rec->len, sizeof(want) - 1);
	assert_memory_equal(rec->data, want, sizeof(want) - 1);

	/* an empty password is legal (some PAP servers) */
	g_autoptr(L2secSecret) empty = l2sec_secret_new(NULL, 0);
	g_autoptr(L2secSecret) rec2 = pppd_credentials_encode("bob", empty, &error);
	assert_non_null(rec2);
	assert_int_equal(rec2->len, strlen("L2SEC1 3 0\nbob"));
	assert_memory_equal(rec2->data, "L2SEC1 3 0\nbob", rec2->len);

	char longest[256];
	memset(longest, 'p', 255);
	longest[255] = '\0';
	g_autoptr(L2secSecret) pw255 = l2sec_secret_new_str(longest);
	g_autoptr(L2secSecret) rec3 = pppd_credentials_encode("alice", pw255, &error);
	assert_non_null(rec3);

	g_autoptr(L2secSecret) pw256 = l2sec_secret_new_zero(256);
	memset(pw256->data, 'p', 256);
	assert_null(pppd_credentials_encode("alice", pw256, &error));
	assert_non_null(
	    strstr(error->message, "the password has 256 bytes, pppd takes at most 255"));
	g_clear_error(&error);

	g_autoptr(L2secSecret) nul = l2sec_secret_new("won\0der", 7);
	assert_null(pppd_credentials_encode("alice", nul, &error));
	assert_non_null(strstr(error->message, "NUL"));
	g_clear_error(&error);

	assert_null(pppd_credentials_encode("", pw, &error));
	assert_non_null(strstr(error->message, "user name must have 1 to 255 bytes, not 0"));
	g_clear_error(&error);
	g_autoptr(L2secSecret) rec4 =
	    pppd_credentials_encode(longest, pw, &error); /* a 255-byte user */
	assert_non_null(rec4);
	assert_null(error);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_default_mtu),
	    cmocka_unit_test(test_render_auth),
	    cmocka_unit_test(test_render_settings),
	    cmocka_unit_test(test_render_errors),
	    cmocka_unit_test(test_argv),
	    cmocka_unit_test(test_write),
	    cmocka_unit_test(test_credentials),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
