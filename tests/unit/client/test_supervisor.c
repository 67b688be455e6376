/* Unit tests for client/supervisor.c that need no server and touch no kernel
 * state: the JSON writer (RFC 8259 escapes), phase names, the checks that
 * stop a connection before anything is set up (no PSK, no password, an IPv6
 * or unresolvable gateway), and the status of a supervisor that has not
 * started. The connection itself is tested end to end in the VM
 * (tests/vm/tests/connect*.sh). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <gio/gio.h>

#include "client/profile.h"
#include "client/supervisor.h"

static const struct {
	const char *in, *out;
} json_vectors[] = {
    /* RFC 8259 §7: quotation mark, reverse solidus and control characters */
    {"", "\"\""},
    {"work", "\"work\""},
    {"a\"b", "\"a\\\"b\""},
    {"C:\\vpn", "\"C:\\\\vpn\""},
    {"line\nnext\r\t", "\"line\\nnext\\r\\t\""},
    {"\x01\x1f", "\"\\u0001\\u001f\""},
    {"caf\xc3\xa9", "\"caf\xc3\xa9\""}, /* UTF-8 passes through */
};

static void
test_json_strings(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(json_vectors); i++) {
		g_autoptr(GString) out = g_string_new(NULL);
		l2sec_json_append_string(out, json_vectors[i].in);
		if (strcmp(out->str, json_vectors[i].out) != 0)
			fail_msg("vector %zu: got %s, want %s", i, out->str, json_vectors[i].out);
	}
	g_autoptr(GString) out = g_string_new(NULL);
	l2sec_json_append_string(out, NULL);
	assert_string_equal(out->str, "\"\"");
}

static void
test_phase_names(void **state)
{
	assert_string_equal(l2sec_phase_name(L2SEC_PHASE_IKE), "ike");
	assert_string_equal(l2sec_phase_name(L2SEC_PHASE_L2TP), "l2tp");
	assert_string_equal(l2sec_phase_name(L2SEC_PHASE_UP), "up");
	assert_string_equal(l2sec_phase_name(L2SEC_PHASE_WAITING), "waiting");
	assert_string_equal(l2sec_phase_name(L2SEC_PHASE_DOWN), "down");
	assert_string_equal(l2sec_phase_name((L2secPhase)99), "?");
}

static L2secProfile *
profile(const char *text)
{
	GError *error = NULL;
	L2secProfile *p = l2sec_profile_load_data(
	    "test.conf", text, strlen(text), NULL, L2SEC_PROFILE_NO_SECRET_FILES, NULL, &error);
	if (p == NULL)
		fail_msg("profile: %s", error->message);
	return p;
}

static const struct {
	const char *profile;
	bool ipsec_only;
	const char *error;
} start_vectors[] = {
    {"[connection]\ngateway = 192.0.2.1\n[ipsec]\npsk-file = /nonexistent\n[ppp]\nuser = alice\n"
     "password = x\n",
	false, "test: no pre-shared key (psk or psk-file in [ipsec])"},
    {"[connection]\ngateway = 192.0.2.1\n[ipsec]\npsk = s\n[ppp]\nuser = alice\n"
     "password-file = /nonexistent\n",
	false, "test: no PPP password (password or password-file in [ppp])"},
    {"[connection]\ngateway = 2001:db8::1\n[ipsec]\npsk = s\n[ppp]\nuser = alice\npassword = x\n",
	false, "gateway 2001:db8::1: IPv6 gateways are not supported yet"},
    /* RFC 6761 §6.4: .invalid never resolves */
    {"[connection]\ngateway = vpn.example.invalid\n[ipsec]\npsk = s\n[ppp]\nuser = alice\n"
     "password = x\n",
	false, "gateway vpn.example.invalid: "},
};

static void
test_start_refused(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(start_vectors); i++) {
		L2secSupervisorOptions opt = {.ipsec_only = start_vectors[i].ipsec_only};
		g_autoptr(L2secSupervisor) s =
		    l2sec_supervisor_new(profile(start_vectors[i].profile), &opt, NULL, NULL);
		GError *error = NULL;
		if (l2sec_supervisor_start(s, &error))
			fail_msg("vector %zu: started", i);
		if (!g_str_has_prefix(error->message, start_vectors[i].error))
			fail_msg("vector %zu: got '%s', want '%s...'", i, error->message,
			    start_vectors[i].error);
		assert_int_equal(l2sec_supervisor_get_phase(s), L2SEC_PHASE_IDLE);
		g_clear_error(&error);
	}
}

static void
test_status_before_start(void **state)
{
	g_autoptr(L2secSupervisor) s = l2sec_supervisor_new(
	    profile("[connection]\ngateway = 192.0.2.1\n[ipsec]\npsk = s\n[ppp]\nuser = alice\n"),
	    NULL, NULL, NULL);
	g_autofree char *json = l2sec_supervisor_status_json(s);
	g_autofree char *want = g_strdup_printf(
	    "{\"name\":\"test\",\"state\":\"idle\",\"pid\":%d,\"attempts\":0,"
	    "\"gateway\":\"192.0.2.1\",\"server\":\"\",\"uptime_s\":0,\"last_error\":null}\n",
	    (int)getpid());
	assert_string_equal(json, want);
	g_autofree char *text = l2sec_supervisor_status_text(s);
	assert_non_null(strstr(text, "test: idle"));
	/* disconnecting what never started ends it without a reason */
	l2sec_supervisor_disconnect(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_json_strings),
	    cmocka_unit_test(test_phase_names),
	    cmocka_unit_test(test_start_refused),
	    cmocka_unit_test(test_status_before_start),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
