/*
 * Unit tests for l2tp/pppd_status.c: the plugin's event lines (the protocol of
 * l2tp/pppd-plugin/l2sec-pppd-proto.h) as a table, the line splitter, and the
 * exit-status table (pppd 2.4.9 pppd.h).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "l2tp/l2tp_error.h"
#include "l2tp/pppd_status.h"

static const struct line_case {
	const char *name;
	const char *line;
	bool ok;
	PppdEventType type;
	const char *a; /* PHASE: phase name; HELLO: version; IP_*: ifname; EXIT: status */
	const char *local, *peer, *dns1, *dns2;
	const char *error; /* substring of the error, when !ok */
} line_cases[] = {
    /* what the plugin writes (l2sec-pppd.c) */
    {"hello", "hello 2.4.9", true, PPPD_EVENT_HELLO, "2.4.9", NULL, NULL, NULL, NULL, NULL},
    {"phase establish", "phase establish", true, PPPD_EVENT_PHASE, "establish", NULL, NULL, NULL,
	NULL, NULL},
    {"phase master (the last one)", "phase master", true, PPPD_EVENT_PHASE, "master", NULL, NULL,
	NULL, NULL, NULL},
    {"phase dead", "phase dead", true, PPPD_EVENT_PHASE, "dead", NULL, NULL, NULL, NULL, NULL},
    {"auth failed", "auth-failed", true, PPPD_EVENT_AUTH_FAILED, NULL, NULL, NULL, NULL, NULL,
	NULL},
    {"ip-up, no DNS", "ip-up ppp0 10.99.0.10 10.99.0.1", true, PPPD_EVENT_IP_UP, "ppp0",
	"10.99.0.10", "10.99.0.1", NULL, NULL, NULL},
    {"ip-up, one DNS", "ip-up ppp3 10.99.0.10 10.99.0.1 10.99.0.1", true, PPPD_EVENT_IP_UP, "ppp3",
	"10.99.0.10", "10.99.0.1", "10.99.0.1", NULL, NULL},
    {"ip-up, two DNS (the lab server's ms-dns)",
	"ip-up ppp0 10.99.0.10 10.99.0.1 10.99.0.1 10.99.0.2", true, PPPD_EVENT_IP_UP, "ppp0",
	"10.99.0.10", "10.99.0.1", "10.99.0.1", "10.99.0.2", NULL},
    {"ip-down", "ip-down ppp0", true, PPPD_EVENT_IP_DOWN, "ppp0", NULL, NULL, NULL, NULL, NULL},
    {"exit 0", "exit 0", true, PPPD_EVENT_EXIT, "0", NULL, NULL, NULL, NULL, NULL},
    {"exit 19 (EXIT_AUTH_TOPEER_FAILED)", "exit 19", true, PPPD_EVENT_EXIT, "19", NULL, NULL, NULL,
	NULL, NULL},
    {"exit 255", "exit 255", true, PPPD_EVENT_EXIT, "255", NULL, NULL, NULL, NULL, NULL},
    {"a newer plugin's event is ignored", "mtu ppp0 1400", true, PPPD_EVENT_UNKNOWN, NULL, NULL,
	NULL, NULL, NULL, NULL},
    /* malformed */
    {"empty line", "", false, 0, NULL, NULL, NULL, NULL, NULL, "empty line"},
    {"leading space", " phase dead", false, 0, NULL, NULL, NULL, NULL, NULL, "empty field"},
    {"trailing space", "phase dead ", false, 0, NULL, NULL, NULL, NULL, NULL, "empty field"},
    {"two spaces", "phase  dead", false, 0, NULL, NULL, NULL, NULL, NULL, "empty field"},
    {"CR at the end (CRLF line)", "phase dead\r", false, 0, NULL, NULL, NULL, NULL, NULL,
	"byte 10: not printable ASCII (0x0d)"},
    {"tab", "phase\tdead", false, 0, NULL, NULL, NULL, NULL, NULL,
	"byte 5: not printable ASCII (0x09)"},
    {"high byte", "phase d\xc3\xa9", false, 0, NULL, NULL, NULL, NULL, NULL,
	"byte 7: not printable ASCII (0xc3)"},
    {"unknown phase", "phase sleeping", false, 0, NULL, NULL, NULL, NULL, NULL,
	"phase: unknown phase 'sleeping'"},
    {"phase without a name", "phase", false, 0, NULL, NULL, NULL, NULL, NULL,
	"phase: 0 fields, expected 1"},
    {"phase with two names", "phase dead running", false, 0, NULL, NULL, NULL, NULL, NULL,
	"phase: 2 fields, expected 1"},
    {"auth-failed with a field", "auth-failed alice", false, 0, NULL, NULL, NULL, NULL, NULL,
	"auth-failed: 1 fields, expected 0"},
    {"ip-up without the peer", "ip-up ppp0 10.99.0.10", false, 0, NULL, NULL, NULL, NULL, NULL,
	"ip-up: 2 fields, expected 3 to 5"},
    {"ip-up with three DNS", "ip-up ppp0 1.1.1.1 2.2.2.2 3.3.3.3 4.4.4.4 5.5.5.5", false, 0, NULL,
	NULL, NULL, NULL, NULL, "ip-up: 6 fields, expected 3 to 5"},
    {"ip-up, short local address", "ip-up ppp0 10.99.0 10.99.0.1", false, 0, NULL, NULL, NULL, NULL,
	NULL, "ip-up: bad local address '10.99.0'"},
    {"ip-up, octet over 255", "ip-up ppp0 10.99.0.10 10.99.0.256", false, 0, NULL, NULL, NULL, NULL,
	NULL, "ip-up: bad peer address '10.99.0.256'"},
    {"ip-up, IPv6 local", "ip-up ppp0 fe80::1 10.99.0.1", false, 0, NULL, NULL, NULL, NULL, NULL,
	"bad local address 'fe80::1'"},
    {"ip-up, bad DNS", "ip-up ppp0 10.99.0.10 10.99.0.1 dns", false, 0, NULL, NULL, NULL, NULL,
	NULL, "ip-up: bad DNS address 'dns'"},
    {"ip-up, interface name of 16 bytes", "ip-up ppp0123456789abc 10.99.0.10 10.99.0.1", false, 0,
	NULL, NULL, NULL, NULL, NULL, "interface name of 16 bytes, at most 15"},
    {"ip-down, interface name with a slash", "ip-down ../x", false, 0, NULL, NULL, NULL, NULL, NULL,
	"bad interface name '../x'"},
    {"ip-down without a name", "ip-down", false, 0, NULL, NULL, NULL, NULL, NULL,
	"ip-down: 0 fields, expected 1"},
    {"exit 256", "exit 256", false, 0, NULL, NULL, NULL, NULL, NULL, "exit: bad status '256'"},
    {"exit -1", "exit -1", false, 0, NULL, NULL, NULL, NULL, NULL, "exit: bad status '-1'"},
    {"exit +1", "exit +1", false, 0, NULL, NULL, NULL, NULL, NULL, "exit: bad status '+1'"},
    {"exit with letters", "exit 1x", false, 0, NULL, NULL, NULL, NULL, NULL,
	"exit: bad status '1x'"},
    {"hello with a long version", "hello 2.4.9-this-is-a-very-long-version-string", false, 0, NULL,
	NULL, NULL, NULL, NULL, "too long"},
    {"too many fields", "x a b c d e f g h i", false, 0, NULL, NULL, NULL, NULL, NULL,
	"more than 8 fields"},
};

static void
assert_addr(const char *name, const char *field, struct in_addr got, const char *want)
{
	char buf[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &got, buf, sizeof(buf));
	if (strcmp(buf, want) != 0)
		fail_msg("%s: %s is %s, expected %s", name, field, buf, want);
}

static void
test_lines(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(line_cases); i++) {
		const struct line_case *c = &line_cases[i];
		g_autoptr(GError) error = NULL;
		PppdEvent e;
		memset(&e, 0xa5, sizeof(e)); /* must be untouched on failure, all set on success */
		bool ok = pppd_status_parse_line(c->line, strlen(c->line), &e, &error);
		if (ok != c->ok)
			fail_msg("%s: returned %d, expected %d (%s)", c->name, ok, c->ok,
			    error ? error->message : "no error");
		if (!ok) {
			if (!g_error_matches(error, L2SEC_PPP_ERROR, L2SEC_PPP_ERROR_EXITED))
				fail_msg("%s: wrong error domain or code", c->name);
			if (strstr(error->message, c->error) == NULL)
				fail_msg(
				    "%s: error '%s' lacks '%s'", c->name, error->message, c->error);
			if (e.type != (PppdEventType)0xa5a5a5a5)
				fail_msg("%s: the event was written on failure", c->name);
			continue;
		}
		assert_null(error);
		if (e.type != c->type)
			fail_msg("%s: type %d, expected %d", c->name, e.type, c->type);
		switch (e.type) {
		case PPPD_EVENT_HELLO:
			if (strcmp(e.version, c->a) != 0)
				fail_msg("%s: version %s", c->name, e.version);
			break;
		case PPPD_EVENT_PHASE:
			if (strcmp(pppd_phase_name(e.phase), c->a) != 0)
				fail_msg("%s: phase %s", c->name, pppd_phase_name(e.phase));
			break;
		case PPPD_EVENT_IP_UP:
			assert_addr(c->name, "local", e.local, c->local);
			assert_addr(c->name, "peer", e.peer, c->peer);
			if (e.n_dns != (unsigned)((c->dns1 != NULL) + (c->dns2 != NULL)))
				fail_msg("%s: %u DNS servers", c->name, e.n_dns);
			if (c->dns1 != NULL)
				assert_addr(c->name, "dns1", e.dns[0], c->dns1);
			if (c->dns2 != NULL)
				assert_addr(c->name, "dns2", e.dns[1], c->dns2);
			G_GNUC_FALLTHROUGH; /* the interface name too */
		case PPPD_EVENT_IP_DOWN:
			if (strcmp(e.ifname, c->a) != 0)
				fail_msg("%s: ifname %s", c->name, e.ifname);
			break;
		case PPPD_EVENT_EXIT:
			if (e.exit_status != atoi(c->a))
				fail_msg("%s: status %d", c->name, e.exit_status);
			break;
		case PPPD_EVENT_AUTH_FAILED:
		case PPPD_EVENT_UNKNOWN:
			break;
		}
	}
}

static void
test_line_with_nul(void **state)
{
	g_autoptr(GError) error = NULL;
	PppdEvent e;
	assert_false(pppd_status_parse_line("exit 1\0002", 8, &e, &error));
	assert_non_null(strstr(error->message, "byte 6: not printable ASCII (0x00)"));
}

struct collected {
	GPtrArray *lines;
	unsigned last_no;
};

static void
collect(const char *line, size_t len, unsigned no, void *user_data)
{
	struct collected *c = user_data;
	g_ptr_array_add(c->lines, g_strndup(line, len));
	assert_int_equal(no, c->last_no + 1);
	c->last_no = no;
}

static void
test_line_reader(void **state)
{
	/* bytes as read() may cut them: in the middle of a line, several lines at once */
	static const char *const chunks[] = {"hello 2.4", ".9\nphase est", "ablish\n", "",
	    "phase authenticate\nphase network\nip-up", " ppp0 10.99.0.10 10.99.0.1\n", "exit 0"};
	static const char *const want[] = {"hello 2.4.9", "phase establish", "phase authenticate",
	    "phase network", "ip-up ppp0 10.99.0.10 10.99.0.1"};
	PppdLineReader r;
	pppd_line_reader_init(&r);
	struct collected c = {g_ptr_array_new_with_free_func(g_free), 0};
	for (size_t i = 0; i < G_N_ELEMENTS(chunks); i++) {
		g_autoptr(GError) error = NULL;
		if (!pppd_line_reader_push(&r, chunks[i], strlen(chunks[i]), collect, &c, &error))
			fail_msg("chunk %zu: %s", i, error->message);
	}
	assert_int_equal(c.lines->len, G_N_ELEMENTS(want));
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
		assert_string_equal(g_ptr_array_index(c.lines, i), want[i]);
	assert_int_equal(r.len, strlen("exit 0")); /* the unfinished line waits */
	g_ptr_array_unref(c.lines);
}

static void
test_line_reader_too_long(void **state)
{
	PppdLineReader r;
	pppd_line_reader_init(&r);
	struct collected c = {g_ptr_array_new_with_free_func(g_free), 0};
	char longest[256];
	memset(longest, 'x', 255);
	longest[255] = '\n'; /* 255 bytes and the LF: the longest allowed */
	g_autoptr(GError) error = NULL;
	assert_true(pppd_line_reader_push(&r, longest, sizeof(longest), collect, &c, &error));
	assert_int_equal(c.lines->len, 1);
	assert_int_equal(strlen(g_ptr_array_index(c.lines, 0)), 255);
	/* one byte more without a LF breaks the reader, for good */
	char over[257];
	memset(over, 'y', sizeof(over));
	assert_false(pppd_line_reader_push(&r, over, sizeof(over), collect, &c, &error));
	assert_non_null(strstr(error->message, "line 2: longer than 255 bytes"));
	g_clear_error(&error);
	assert_false(pppd_line_reader_push(&r, "\n", 1, collect, &c, &error));
	assert_int_equal(c.lines->len, 1);
	g_ptr_array_unref(c.lines);
}

static void
test_exit_statuses(void **state)
{
	/* pppd 2.4.9 pppd.h "Exit status values" */
	static const struct {
		int status;
		int code;
		const char *words;
	} cases[] = {
	    {0, L2SEC_PPP_ERROR_EXITED, "exited normally"},
	    {2, L2SEC_PPP_ERROR_START, "error in its options"},
	    {4, L2SEC_PPP_ERROR_START, "no PPP support in the kernel"},
	    {5, L2SEC_PPP_ERROR_EXITED, "stopped by a signal"},
	    {10, L2SEC_PPP_ERROR_NEGOTIATION, "PPP negotiation failed"},
	    {15, L2SEC_PPP_ERROR_EXITED, "the peer stopped answering LCP echo requests"},
	    {16, L2SEC_PPP_ERROR_EXITED, "the link hung up"},
	    {19, L2SEC_PPP_ERROR_AUTH_FAILED, "authentication to the peer failed"},
	    {99, L2SEC_PPP_ERROR_EXITED, "unknown exit status"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		if (pppd_exit_status_error_code(cases[i].status) != cases[i].code)
			fail_msg("status %d: code %d", cases[i].status,
			    pppd_exit_status_error_code(cases[i].status));
		if (strcmp(pppd_exit_status_describe(cases[i].status), cases[i].words) != 0)
			fail_msg("status %d: '%s'", cases[i].status,
			    pppd_exit_status_describe(cases[i].status));
	}
	assert_string_equal(pppd_phase_name(PPPD_PHASE_RUNNING), "running");
	assert_string_equal(pppd_phase_name((PppdPhase)13), "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lines),
	    cmocka_unit_test(test_line_with_nul),
	    cmocka_unit_test(test_line_reader),
	    cmocka_unit_test(test_line_reader_too_long),
	    cmocka_unit_test(test_exit_statuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
