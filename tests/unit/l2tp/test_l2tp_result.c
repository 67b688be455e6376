/* Unit tests for l2tp/l2tp_result.c: RFC 2661 §4.4.2 Result and Error Code texts. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "l2tp/l2tp_message.h"
#include "l2tp/l2tp_result.h"

/* clang-format off */
static const struct describe_case {
	const char *name;
	uint16_t message_type;
	L2tpResultCode rc;
	const char *want;
} describe_cases[] = {
	{ "bad tunnel secret (the issue's example)", L2TP_MSG_STOPCCN,
	    { 4, true, 0, "bad secret", 10 },
	    "StopCCN: result 4 (requester is not authorized to establish a control channel), "
	    "error 0, \"bad secret\"" },
	{ "xl2tpd's goodbye (tests/vectors/l2tp/plain-12-stopccn.bin)", L2TP_MSG_STOPCCN,
	    { 1, true, 0, "Goodbye!", 8 },
	    "StopCCN: result 1 (general request to clear control connection), error 0, "
	    "\"Goodbye!\"" },
	{ "8-byte Result Code: no Error Code (MikroTik, xl2tpd #90)", L2TP_MSG_CDN,
	    { 3, false, 0, NULL, 0 },
	    "CDN: result 3 (call disconnected for administrative reasons)" },
	{ "protocol version not supported: the Error Code is a version", L2TP_MSG_STOPCCN,
	    { 5, true, 0x0100, NULL, 0 },
	    "StopCCN: result 5 (the protocol version of the requester is not supported), error 256 "
	    "(the server supports up to version 1.0)" },
	{ "FSM error", L2TP_MSG_STOPCCN, { 7, true, 0, NULL, 0 },
	    "StopCCN: result 7 (finite state machine error), error 0" },
	{ "CDN general error with unknown mandatory AVP", L2TP_MSG_CDN, { 2, true, 8, NULL, 0 },
	    "CDN: result 2 (call disconnected for the reason indicated in error code), error 8 "
	    "(session or tunnel was shut down due to receipt of an unknown AVP with the M bit set)" },
	{ "CDN 11", L2TP_MSG_CDN, { 11, false, 0, NULL, 0 },
	    "CDN: result 11 (call was connected but no appropriate framing was detected)" },
	{ "undefined codes and a message needing escapes", L2TP_MSG_STOPCCN,
	    { 99, true, 42, "a\"b\\\x01", 5 }, "StopCCN: result 99, error 42, \"a\\\"b\\\\\\x01\"" },
};
/* clang-format on */

static void
test_describe(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(describe_cases); i++) {
		const struct describe_case *c = &describe_cases[i];
		g_autofree char *got = l2tp_result_describe(c->message_type, &c->rc);
		if (strcmp(got, c->want) != 0)
			fail_msg("%s: got\n  %s\nwant\n  %s", c->name, got, c->want);
	}
}

static void
test_tables(void **state)
{
	for (uint16_t r = 1; r <= 7; r++)
		assert_non_null(l2tp_result_code_text(L2TP_MSG_STOPCCN, r));
	for (uint16_t r = 1; r <= 11; r++)
		assert_non_null(l2tp_result_code_text(L2TP_MSG_CDN, r));
	for (uint16_t e = 0; e <= 8; e++)
		assert_non_null(l2tp_error_code_text(e));
	assert_null(l2tp_result_code_text(L2TP_MSG_STOPCCN, 0));
	assert_null(l2tp_result_code_text(L2TP_MSG_STOPCCN, 8));
	assert_null(l2tp_result_code_text(L2TP_MSG_CDN, 12));
	assert_null(l2tp_result_code_text(L2TP_MSG_HELLO, 1));
	assert_null(l2tp_error_code_text(9));
	assert_string_equal(l2tp_result_code_text(L2TP_MSG_CDN, L2TP_CDN_RESULT_BUSY),
	    "call failed due to detection of a busy signal");
	assert_string_equal(l2tp_error_code_text(L2TP_ERROR_TRY_ANOTHER), "try another LNS");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_describe),
	    cmocka_unit_test(test_tables),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
