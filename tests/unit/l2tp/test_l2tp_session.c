/*
 * Unit tests for l2tp/l2tp_session.c, the LAC incoming call of RFC 2661 §7.4.1
 * that xl2tpd's LAC places (tests/vectors/l2tp/plain-05..08: ICRQ, ICRP,
 * ICCN): the messages it builds (compared with what xl2tpd sent), SESSION_UP
 * with both ids, CDN either way with its Result Code, WEN and SLI accepted,
 * StopCCN's silent drop, and unlisted (state, event) pairs answered with CDN.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "l2tp/l2tp_error.h"
#include "l2tp/l2tp_hidden.h"
#include "l2tp/l2tp_message.h"
#include "l2tp/l2tp_result.h"
#include "l2tp/l2tp_session.h"

/* the ids of tests/vectors/l2tp/plain-*.bin: LAC tunnel 62608, LNS tunnel 21577 */
#define OUR_TUNNEL 62608
#define SRV_TUNNEL 21577
#define OUR_SESSION 33765
#define SRV_SESSION 37241

static GPtrArray *
outbox_new(void)
{
	return g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref);
}

/* Decode the i-th message of the outbox. */
static L2tpMessage *
out_msg(GPtrArray *outbox, guint i, uint16_t type)
{
	g_autoptr(GError) error = NULL;
	assert_true(i < outbox->len);
	GByteArray *w = g_ptr_array_index(outbox, i);
	L2tpMessage *m = l2tp_message_decode(w->data, w->len, NULL, &error);
	if (m == NULL || !l2tp_message_validate(m, &error))
		fail_msg("%s", error->message);
	assert_int_equal(m->type, type);
	return m;
}

/* A message from the server to our session, decoded as the tunnel would pass it. */
static L2tpMessage *
from_server(uint16_t type, GByteArray *(*avps)(GByteArray *w))
{
	g_autoptr(GByteArray) w = g_byte_array_new();
	g_autoptr(GError) error = NULL;
	size_t start = l2tp_message_begin(w, OUR_TUNNEL, OUR_SESSION, 1, 3, type);
	avps(w);
	l2tp_message_finish(w, start);
	L2tpMessage *m = l2tp_message_decode(w->data, w->len, NULL, &error);
	if (m == NULL || !l2tp_message_validate(m, &error))
		fail_msg("%s", error->message);
	return m;
}

static GByteArray *
icrp_avps(GByteArray *w)
{
	l2tp_avp_put_u16(w, L2TP_AVP_ASSIGNED_SESSION_ID, SRV_SESSION);
	return w;
}

static GByteArray *
cdn_avps(GByteArray *w)
{
	/* MikroTik's 8-byte Result Code, no Error Code (xl2tpd #90) */
	l2tp_avp_put_result_code(w, L2TP_CDN_RESULT_LOST_CARRIER, false, 0, NULL);
	l2tp_avp_put_u16(w, L2TP_AVP_ASSIGNED_SESSION_ID, SRV_SESSION);
	return w;
}

static GByteArray *
sli_avps(GByteArray *w)
{
	l2tp_avp_put_accm(w, 0, 0xffffffff);
	return w;
}

static GByteArray *
wen_avps(GByteArray *w)
{
	L2tpCallErrors e = {.crc = 3};
	l2tp_avp_put_call_errors(w, &e);
	return w;
}

static GByteArray *
iccn_avps(GByteArray *w)
{
	l2tp_avp_put_u32(w, L2TP_AVP_TX_CONNECT_SPEED, 0);
	l2tp_avp_put_u32(w, L2TP_AVP_FRAMING_TYPE, L2TP_FRAMING_SYNC);
	return w;
}

/* ICRQ -->, <-- ICRP, ICCN --> */
static L2tpSession *
up(GPtrArray *outbox, L2tpActions *a)
{
	L2tpSession *s = l2tp_session_new(OUR_TUNNEL, SRV_TUNNEL, OUR_SESSION, 1);
	g_autoptr(GError) error = NULL;

	/* ICRQ --> */
	if (!l2tp_session_open(s, outbox, a, &error))
		fail_msg("open: %s", error->message);
	assert_int_equal(s->state, L2TP_SESSION_WAIT_REPLY);
	assert_int_equal(l2tp_actions_len(a), 0);
	g_autoptr(L2tpMessage) icrq = out_msg(outbox, 0, L2TP_MSG_ICRQ);
	assert_int_equal(icrq->header.tunnel_id, SRV_TUNNEL);
	assert_int_equal(icrq->header.session_id, 0);
	uint16_t u16;
	uint32_t u32;
	assert_true(l2tp_message_get_u16(icrq, L2TP_AVP_ASSIGNED_SESSION_ID, &u16));
	assert_int_equal(u16, OUR_SESSION);
	assert_true(l2tp_message_get_u32(icrq, L2TP_AVP_CALL_SERIAL_NUMBER, &u32));
	assert_int_equal(u32, 1);
	/* byte for byte what xl2tpd's LAC sent (plain-05-icrq.bin, Ns/Nr aside) */
	g_autoptr(GByteArray) want = g_byte_array_new();
	size_t start = l2tp_message_begin(want, SRV_TUNNEL, 0, 0, 0, L2TP_MSG_ICRQ);
	l2tp_avp_put_u16(want, L2TP_AVP_ASSIGNED_SESSION_ID, OUR_SESSION);
	l2tp_avp_put_u32(want, L2TP_AVP_CALL_SERIAL_NUMBER, 1);
	l2tp_avp_put_u32(want, L2TP_AVP_BEARER_TYPE, 0);
	l2tp_message_finish(want, start);
	GByteArray *got = g_ptr_array_index(outbox, 0);
	assert_int_equal(got->len, want->len);
	assert_memory_equal(got->data, want->data, want->len);
	g_ptr_array_set_size(outbox, 0);

	/* <-- ICRP; ICCN --> and SESSION_UP */
	g_autoptr(L2tpMessage) icrp = from_server(L2TP_MSG_ICRP, icrp_avps);
	assert_true(l2tp_session_receive(s, icrp, outbox, a, &error));
	assert_int_equal(s->state, L2TP_SESSION_ESTABLISHED);
	assert_int_equal(s->peer_id, SRV_SESSION);
	g_autoptr(L2tpMessage) iccn = out_msg(outbox, 0, L2TP_MSG_ICCN);
	assert_int_equal(iccn->header.session_id, SRV_SESSION);
	assert_true(l2tp_message_get_u32(iccn, L2TP_AVP_FRAMING_TYPE, &u32));
	assert_int_equal(u32, L2TP_FRAMING_SYNC);
	assert_true(l2tp_message_get_u32(iccn, L2TP_AVP_TX_CONNECT_SPEED, &u32));
	assert_int_equal(l2tp_actions_len(a), 1);
	const L2tpAction *x = l2tp_actions_get(a, 0);
	assert_int_equal(x->type, L2TP_ACTION_SESSION_UP);
	assert_int_equal(x->local_tunnel_id, OUR_TUNNEL);
	assert_int_equal(x->peer_tunnel_id, SRV_TUNNEL);
	assert_int_equal(x->local_session_id, OUR_SESSION);
	assert_int_equal(x->peer_session_id, SRV_SESSION);
	g_ptr_array_set_size(outbox, 0);
	l2tp_actions_clear(a);
	return s;
}

static void
test_up_and_close(void **state)
{
	g_autoptr(GPtrArray) outbox = outbox_new();
	g_autoptr(L2tpActions) a = l2tp_actions_new();
	g_autoptr(L2tpSession) s = up(outbox, a);

	/* CDN --> with result 3 and a message; SESSION_DOWN */
	l2tp_session_close(s, L2TP_CDN_RESULT_ADMIN, 0, "bye", outbox, a);
	assert_int_equal(s->state, L2TP_SESSION_CLOSED);
	g_autoptr(L2tpMessage) cdn = out_msg(outbox, 0, L2TP_MSG_CDN);
	assert_int_equal(cdn->header.session_id, SRV_SESSION);
	const L2tpAvp *rc = l2tp_message_find(cdn, L2TP_AVP_RESULT_CODE);
	assert_int_equal(rc->v.result.result, L2TP_CDN_RESULT_ADMIN);
	assert_int_equal(rc->v.result.message_len, 3);
	uint16_t u16;
	assert_true(l2tp_message_get_u16(cdn, L2TP_AVP_ASSIGNED_SESSION_ID, &u16));
	assert_int_equal(u16, OUR_SESSION);
	assert_int_equal(l2tp_actions_get(a, 0)->type, L2TP_ACTION_SESSION_DOWN);
	/* closing again does nothing */
	g_ptr_array_set_size(outbox, 0);
	l2tp_actions_clear(a);
	l2tp_session_close(s, L2TP_CDN_RESULT_ADMIN, 0, NULL, outbox, a);
	assert_int_equal(outbox->len, 0);
	assert_int_equal(l2tp_actions_len(a), 0);
}

static void
test_cdn_from_server(void **state)
{
	g_autoptr(GPtrArray) outbox = outbox_new();
	g_autoptr(L2tpActions) a = l2tp_actions_new();
	g_autoptr(L2tpSession) s = up(outbox, a);
	g_autoptr(GError) error = NULL;
	g_autoptr(L2tpMessage) cdn = from_server(L2TP_MSG_CDN, cdn_avps);

	assert_false(l2tp_session_receive(s, cdn, outbox, a, &error));
	assert_true(g_error_matches(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_PEER_CLOSED));
	assert_string_equal(error->message, "L2TP: the server disconnected the call: CDN: result 1 "
					    "(call disconnected due to loss of carrier)");
	assert_int_equal(s->state, L2TP_SESSION_CLOSED);
	assert_int_equal(outbox->len, 0); /* a CDN is not answered with CDN */
	assert_int_equal(l2tp_actions_get(a, 0)->type, L2TP_ACTION_SESSION_DOWN);
}

static void
test_cdn_before_icrp(void **state)
{
	g_autoptr(GPtrArray) outbox = outbox_new();
	g_autoptr(L2tpActions) a = l2tp_actions_new();
	g_autoptr(L2tpSession) s = l2tp_session_new(OUR_TUNNEL, SRV_TUNNEL, OUR_SESSION, 7);
	g_autoptr(GError) error = NULL;

	assert_true(l2tp_session_open(s, outbox, a, &error));
	g_ptr_array_set_size(outbox, 0);
	/* the server refuses the call */
	g_autoptr(L2tpMessage) cdn = from_server(L2TP_MSG_CDN, cdn_avps);
	assert_false(l2tp_session_receive(s, cdn, outbox, a, &error));
	assert_true(g_error_matches(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_PEER_CLOSED));
	assert_int_equal(l2tp_actions_len(a), 0); /* it was never up */
}

static void
test_wen_sli_accepted(void **state)
{
	g_autoptr(GPtrArray) outbox = outbox_new();
	g_autoptr(L2tpActions) a = l2tp_actions_new();
	g_autoptr(L2tpSession) s = up(outbox, a);
	g_autoptr(GError) error = NULL;
	g_autoptr(L2tpMessage) sli = from_server(L2TP_MSG_SLI, sli_avps);
	g_autoptr(L2tpMessage) wen = from_server(L2TP_MSG_WEN, wen_avps);

	assert_true(l2tp_session_receive(s, sli, outbox, a, &error));
	assert_true(l2tp_session_receive(s, wen, outbox, a, &error));
	assert_int_equal(s->state, L2TP_SESSION_ESTABLISHED);
	assert_int_equal(outbox->len, 0);
	assert_int_equal(l2tp_actions_len(a), 0);
}

static void
test_unexpected(void **state)
{
	/* unlisted pairs: ICCN from the server when up, SLI before ICRP */
	static const struct {
		const char *name;
		bool established;
		uint16_t type;
		GByteArray *(*avps)(GByteArray *w);
		const char *text;
	} cases[] = {
	    {"ICCN in ESTABLISHED", true, L2TP_MSG_ICCN, iccn_avps,
		"L2TP: session 33765: unexpected ICCN in state ESTABLISHED"},
	    {"SLI in WAIT_REPLY", false, L2TP_MSG_SLI, sli_avps,
		"L2TP: session 33765: unexpected SLI in state WAIT_REPLY"},
	    {"ICRP in ESTABLISHED", true, L2TP_MSG_ICRP, icrp_avps,
		"unexpected ICRP in state ESTABLISHED"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GPtrArray) outbox = outbox_new();
		g_autoptr(L2tpActions) a = l2tp_actions_new();
		g_autoptr(GError) error = NULL;
		g_autoptr(L2tpSession) s = NULL;
		if (cases[i].established) {
			s = up(outbox, a);
		} else {
			s = l2tp_session_new(OUR_TUNNEL, SRV_TUNNEL, OUR_SESSION, 1);
			assert_true(l2tp_session_open(s, outbox, a, &error));
			g_ptr_array_set_size(outbox, 0);
		}
		g_autoptr(L2tpMessage) m = from_server(cases[i].type, cases[i].avps);
		if (l2tp_session_receive(s, m, outbox, a, &error))
			fail_msg("%s: accepted", cases[i].name);
		if (!g_error_matches(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_PROTOCOL) ||
		    strstr(error->message, cases[i].text) == NULL)
			fail_msg("%s: wrong error \"%s\"", cases[i].name, error->message);
		/* answered with CDN result 2 (§4.4.2) */
		g_autoptr(L2tpMessage) cdn = out_msg(outbox, 0, L2TP_MSG_CDN);
		assert_int_equal(l2tp_message_find(cdn, L2TP_AVP_RESULT_CODE)->v.result.result,
		    L2TP_CDN_RESULT_GENERAL_ERROR);
		assert_int_equal(s->state, L2TP_SESSION_CLOSED);
		assert_int_equal(l2tp_actions_len(a), cases[i].established ? 1 : 0);
	}
}

static void
test_drop_on_stopccn(void **state)
{
	g_autoptr(GPtrArray) outbox = outbox_new();
	g_autoptr(L2tpActions) a = l2tp_actions_new();
	g_autoptr(L2tpSession) s = up(outbox, a);

	/* §5.7: StopCCN clears the call without CDN */
	l2tp_session_drop(s, a);
	assert_int_equal(s->state, L2TP_SESSION_CLOSED);
	assert_int_equal(outbox->len, 0);
	assert_int_equal(l2tp_actions_len(a), 1);
	assert_int_equal(l2tp_actions_get(a, 0)->type, L2TP_ACTION_SESSION_DOWN);
	assert_string_equal(l2tp_session_state_name(s->state), "CLOSED");
}

/*
 * The AVP at index i of an outgoing message as sent: hidden or not. The
 * message must decode with the secret (revealing every hidden value).
 */
static void
check_hidden(const char *what, GByteArray *w, const L2secSecret *secret,
    const uint16_t *hidden_types, size_t n_hidden)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(L2tpMessage) m = l2tp_message_decode(w->data, w->len, secret, &error);
	if (m == NULL || !l2tp_message_validate(m, &error))
		fail_msg("%s: %s", what, error->message);
	/* §4.3: one 16-byte Random Vector, before the first hidden AVP */
	const L2tpAvp *rv = l2tp_message_find(m, L2TP_AVP_RANDOM_VECTOR);
	if (rv == NULL || rv->hidden || rv->value_len != L2TP_RANDOM_VECTOR_LEN)
		fail_msg("%s: no 16-byte Random Vector", what);
	for (guint i = 0; i < l2tp_message_n_avps(m); i++) {
		const L2tpAvp *a = l2tp_message_avp(m, i);
		if (a == rv)
			break;
		if (a->hidden)
			fail_msg("%s: %s hidden before the Random Vector", what,
			    l2tp_avp_type_name(a->type));
	}
	for (size_t i = 0; i < n_hidden; i++) {
		const L2tpAvp *a = l2tp_message_find(m, hidden_types[i]);
		if (a == NULL || !a->hidden)
			fail_msg("%s: %s is not hidden", what, l2tp_avp_type_name(hidden_types[i]));
	}
	for (guint i = 0; i < l2tp_message_n_avps(m); i++) {
		const L2tpAvp *a = l2tp_message_avp(m, i);
		if (a->hidden && !l2tp_avp_type_may_hide(a->type))
			fail_msg("%s: %s must not be hidden", what, l2tp_avp_type_name(a->type));
	}
	/* without the secret the message does not decode: the values are really hidden */
	g_autoptr(GError) e2 = NULL;
	g_autoptr(L2tpMessage) blind = l2tp_message_decode(w->data, w->len, NULL, &e2);
	if (blind != NULL || !g_error_matches(e2, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_HIDDEN))
		fail_msg("%s: decodes without the tunnel secret", what);
}

/* §4.3 on send: ICRQ, ICCN and CDN hide what may be hidden; values intact once revealed */
static void
test_hidden_avps_sent(void **state)
{
	g_autoptr(GPtrArray) outbox = outbox_new();
	g_autoptr(L2tpActions) a = l2tp_actions_new();
	g_autoptr(L2secSecret) secret = l2sec_secret_new_str("l2tpsecret");
	g_autoptr(L2tpSession) s = l2tp_session_new(OUR_TUNNEL, SRV_TUNNEL, OUR_SESSION, 77);
	g_autoptr(GError) error = NULL;
	static const uint16_t icrq_hidden[] = {
	    L2TP_AVP_ASSIGNED_SESSION_ID, L2TP_AVP_CALL_SERIAL_NUMBER, L2TP_AVP_BEARER_TYPE};
	static const uint16_t iccn_hidden[] = {
	    L2TP_AVP_TX_CONNECT_SPEED, L2TP_AVP_FRAMING_TYPE, L2TP_AVP_RX_CONNECT_SPEED};
	static const uint16_t cdn_hidden[] = {L2TP_AVP_ASSIGNED_SESSION_ID};
	uint16_t u16;
	uint32_t u32;

	l2tp_session_set_hiding(s, secret);
	assert_true(l2tp_session_open(s, outbox, a, &error));
	GByteArray *icrq_w = g_ptr_array_index(outbox, 0);
	check_hidden("ICRQ", icrq_w, secret, icrq_hidden, G_N_ELEMENTS(icrq_hidden));
	g_autoptr(L2tpMessage) icrq =
	    l2tp_message_decode(icrq_w->data, icrq_w->len, secret, &error);
	assert_true(l2tp_message_get_u16(icrq, L2TP_AVP_ASSIGNED_SESSION_ID, &u16));
	assert_int_equal(u16, OUR_SESSION);
	assert_true(l2tp_message_get_u32(icrq, L2TP_AVP_CALL_SERIAL_NUMBER, &u32));
	assert_int_equal(u32, 77);
	assert_true(l2tp_message_get_u32(icrq, L2TP_AVP_BEARER_TYPE, &u32));
	assert_int_equal(u32, 0);
	uint8_t rv1[L2TP_RANDOM_VECTOR_LEN];
	memcpy(rv1, l2tp_message_find(icrq, L2TP_AVP_RANDOM_VECTOR)->value, sizeof(rv1));
	g_ptr_array_set_size(outbox, 0);

	g_autoptr(L2tpMessage) icrp = from_server(L2TP_MSG_ICRP, icrp_avps);
	assert_true(l2tp_session_receive(s, icrp, outbox, a, &error));
	GByteArray *iccn_w = g_ptr_array_index(outbox, 0);
	check_hidden("ICCN", iccn_w, secret, iccn_hidden, G_N_ELEMENTS(iccn_hidden));
	g_autoptr(L2tpMessage) iccn =
	    l2tp_message_decode(iccn_w->data, iccn_w->len, secret, &error);
	assert_true(l2tp_message_get_u32(iccn, L2TP_AVP_FRAMING_TYPE, &u32));
	assert_int_equal(u32, L2TP_FRAMING_SYNC);
	assert_true(l2tp_message_get_u32(iccn, L2TP_AVP_RX_CONNECT_SPEED, &u32));
	assert_int_equal(u32, L2TP_CONNECT_SPEED);
	/* a fresh Random Vector for each message */
	if (memcmp(l2tp_message_find(iccn, L2TP_AVP_RANDOM_VECTOR)->value, rv1, sizeof(rv1)) == 0)
		fail_msg("ICCN reuses the ICRQ's Random Vector");
	g_ptr_array_set_size(outbox, 0);

	l2tp_session_close(s, L2TP_CDN_RESULT_ADMIN, 0, "bye", outbox, a);
	GByteArray *cdn_w = g_ptr_array_index(outbox, 0);
	check_hidden("CDN", cdn_w, secret, cdn_hidden, G_N_ELEMENTS(cdn_hidden));
	g_autoptr(L2tpMessage) cdn = l2tp_message_decode(cdn_w->data, cdn_w->len, secret, &error);
	assert_true(l2tp_message_get_u16(cdn, L2TP_AVP_ASSIGNED_SESSION_ID, &u16));
	assert_int_equal(u16, OUR_SESSION);
	const L2tpAvp *rc = l2tp_message_find(cdn, L2TP_AVP_RESULT_CODE);
	assert_false(rc->hidden); /* §4.4.2: Result Code is never hidden */
	assert_int_equal(rc->v.result.result, L2TP_CDN_RESULT_ADMIN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_up_and_close),
	    cmocka_unit_test(test_cdn_from_server),
	    cmocka_unit_test(test_cdn_before_icrp),
	    cmocka_unit_test(test_wen_sli_accepted),
	    cmocka_unit_test(test_unexpected),
	    cmocka_unit_test(test_drop_on_stopccn),
	    cmocka_unit_test(test_hidden_avps_sent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
