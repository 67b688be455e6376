/*
 * Unit tests for l2tp/l2tp_reliable.c (RFC 2661 §5.8, Appendix A): the
 * wrap-safe sequence comparison, Ns/Nr stamping, the peer's window, the
 * backoff deadlines computed from the injected now_ms, the retry limit,
 * acknowledgement by Nr (and a bogus Nr ignored), ZLBs, duplicates, holding
 * and in-order delivery of early messages, Ns wrapping past 65535, and slow
 * start / congestion avoidance (Appendix A) driven through loss.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "l2tp/l2tp_error.h"
#include "l2tp/l2tp_message.h"
#include "l2tp/l2tp_reliable.h"

#define PEER 29

/* A HELLO as the tunnel would queue it: Ns = Nr = 0, set by the module. */
static GByteArray *
hello(void)
{
	GByteArray *w = g_byte_array_new();
	size_t start = l2tp_message_begin(w, PEER, 0, 0, 0, L2TP_MSG_HELLO);
	l2tp_message_finish(w, start);
	return w;
}

/* The header of the i-th action, which must be a SEND. */
static L2tpHeader
sent(L2tpActions *a, guint i)
{
	L2tpHeader h;
	g_autoptr(GError) error = NULL;
	const L2tpAction *x = l2tp_actions_get(a, i);
	gsize len;

	assert_non_null(x);
	assert_int_equal(x->type, L2TP_ACTION_SEND);
	const uint8_t *p = g_bytes_get_data(x->bytes, &len);
	if (!l2tp_header_decode(p, len, &h, NULL, &error))
		fail_msg("%s", error->message);
	return h;
}

/* A header from the peer with this Ns and Nr. */
static L2tpHeader
from_peer(uint16_t ns, uint16_t nr)
{
	L2tpHeader h = {.control = true, .tunnel_id = 1, .ns = ns, .nr = nr};
	return h;
}

/* A connection past slow start: CWND at the peer's whole window. */
static void
open_cwnd(L2tpReliable *r)
{
	r->cwnd = r->peer_window;
	r->ssthresh = r->peer_window;
}

/* Acknowledge everything sent so far (a ZLB with Nr = our next Ns) at now_ms. */
static void
ack_all(L2tpReliable *r, int64_t now_ms, L2tpActions *a)
{
	L2tpHeader z = from_peer(0, r->ns_next);
	assert_int_equal(l2tp_reliable_receive(r, &z, true, NULL, 0, now_ms, a), L2TP_RX_ZLB);
}

static void
test_seq_before(void **state)
{
	static const struct {
		uint16_t a, b;
		bool before;
	} cases[] = {
	    {0, 1, true}, {1, 0, false}, {5, 5, false},
	    {65535, 0, true}, /* wrap: 65535 comes just before 0 */
	    {0, 65535, false}, {65000, 100, true},
	    {0, 32767, true},  /* the 32767 values before b are "less" (§5.8) */
	    {0, 32768, false}, /* one further is "greater" */
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
		if (l2tp_seq_before(cases[i].a, cases[i].b) != cases[i].before)
			fail_msg(
			    "seq_before(%u, %u) != %d", cases[i].a, cases[i].b, cases[i].before);
}

static void
test_window_and_acks(void **state)
{
	L2tpReliable r;
	g_autoptr(L2tpActions) a = l2tp_actions_new();

	l2tp_reliable_init(&r, 0);
	r.peer_tunnel_id = PEER;
	open_cwnd(&r);
	/* default window 4: the fifth message waits */
	for (int i = 0; i < 5; i++)
		l2tp_reliable_send(&r, hello(), 0, a);
	assert_int_equal(l2tp_actions_len(a), 4);
	for (guint i = 0; i < 4; i++) {
		L2tpHeader h = sent(a, i);
		assert_int_equal(h.ns, i);
		assert_int_equal(h.nr, 0);
		assert_int_equal(h.tunnel_id, PEER);
	}
	assert_int_equal(l2tp_reliable_in_flight(&r), 4);
	assert_int_equal(l2tp_reliable_deadline(&r), 1000);
	l2tp_actions_clear(a);

	/* a ZLB with Nr 2 acknowledges Ns 0 and 1: the fifth goes, the timer restarts */
	L2tpHeader z = from_peer(0, 2);
	assert_int_equal(l2tp_reliable_receive(&r, &z, true, NULL, 0, 500, a), L2TP_RX_ZLB);
	assert_int_equal(l2tp_actions_len(a), 1);
	assert_int_equal(sent(a, 0).ns, 4);
	assert_int_equal(l2tp_reliable_in_flight(&r), 3);
	assert_int_equal(l2tp_reliable_deadline(&r), 1500);
	l2tp_actions_clear(a);

	/* an Nr past what we sent is ignored */
	L2tpHeader bogus = from_peer(0, 9);
	l2tp_reliable_receive(&r, &bogus, true, NULL, 0, 600, a);
	assert_int_equal(l2tp_reliable_in_flight(&r), 3);
	/* everything acknowledged: no timer, idle */
	L2tpHeader all = from_peer(0, 5);
	l2tp_reliable_receive(&r, &all, true, NULL, 0, 700, a);
	assert_true(l2tp_reliable_idle(&r));
	assert_int_equal(l2tp_reliable_deadline(&r), L2TP_NO_DEADLINE);
	assert_int_equal(l2tp_actions_len(a), 0);

	/* the server's Receive Window Size: 0 means one at a time, huge is capped */
	l2tp_reliable_set_peer_window(&r, 0);
	assert_int_equal(r.peer_window, 1);
	l2tp_reliable_set_peer_window(&r, 60000);
	assert_int_equal(r.peer_window, L2TP_MAX_PEER_WINDOW);
	l2tp_reliable_clear(&r);
}

static void
test_backoff_and_limit(void **state)
{
	L2tpReliable r;
	g_autoptr(L2tpActions) a = l2tp_actions_new();
	g_autoptr(GError) error = NULL;
	/* §5.8: 1 s, doubling, capped at 8 s: retransmissions at 1, 3, 7, 15, 23 s, give up at 31
	 */
	static const int64_t at[] = {1000, 3000, 7000, 15000, 23000, 31000};

	l2tp_reliable_init(&r, 5);
	l2tp_reliable_send(&r, hello(), 0, a);
	l2tp_actions_clear(a);
	/* the peer's message (Ns 0) meanwhile: a retransmission carries the new Nr */
	L2tpHeader h = from_peer(0, 0);
	assert_int_equal(l2tp_reliable_receive(&r, &h, false, NULL, 0, 10, a), L2TP_RX_DELIVER);
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(l2tp_reliable_deadline(&r), at[i]);
		assert_true(l2tp_reliable_on_timer(&r, at[i] - 1, a, &error)); /* early: nothing */
		assert_int_equal(l2tp_actions_len(a), 0);
		assert_true(l2tp_reliable_on_timer(&r, at[i], a, &error));
		L2tpHeader s = sent(a, 0);
		assert_int_equal(s.ns, 0);
		assert_int_equal(s.nr, 1);
		l2tp_actions_clear(a);
	}
	assert_false(r.ack_due); /* the retransmission carried the acknowledgement */
	assert_int_equal(l2tp_reliable_deadline(&r), at[5]);
	assert_false(l2tp_reliable_on_timer(&r, at[5], a, &error));
	assert_true(g_error_matches(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_TIMEOUT));
	assert_string_equal(
	    error->message, "L2TP: the server did not answer HELLO after 5 retransmissions");
	l2tp_reliable_clear(&r);
}

static void
test_receive_order(void **state)
{
	L2tpReliable r;
	g_autoptr(L2tpActions) a = l2tp_actions_new();
	const uint8_t two[] = {2}, three[] = {3}, far[] = {9};

	l2tp_reliable_init(&r, 0);
	r.peer_tunnel_id = PEER;
	L2tpHeader h0 = from_peer(0, 0), h2 = from_peer(2, 0), h3 = from_peer(3, 0),
		   h1 = from_peer(1, 0), far_h = from_peer(1 + L2TP_RECV_WINDOW, 0);
	assert_int_equal(l2tp_reliable_receive(&r, &h0, false, NULL, 0, 0, a), L2TP_RX_DELIVER);
	/* 3 and 2 arrive before 1: held; 2 twice is held once */
	assert_int_equal(l2tp_reliable_receive(&r, &h3, false, three, 1, 0, a), L2TP_RX_HELD);
	assert_int_equal(l2tp_reliable_receive(&r, &h2, false, two, 1, 0, a), L2TP_RX_HELD);
	assert_int_equal(l2tp_reliable_receive(&r, &h2, false, two, 1, 0, a), L2TP_RX_HELD);
	assert_int_equal(r.held.length, 2);
	assert_int_equal(
	    l2tp_reliable_receive(&r, &far_h, false, far, 1, 0, a), L2TP_RX_OUT_OF_WINDOW);
	assert_null(l2tp_reliable_next_held(&r)); /* 1 is still missing */
	assert_int_equal(l2tp_reliable_receive(&r, &h1, false, NULL, 0, 0, a), L2TP_RX_DELIVER);
	g_autoptr(GBytes) b2 = l2tp_reliable_next_held(&r);
	g_autoptr(GBytes) b3 = l2tp_reliable_next_held(&r);
	assert_non_null(b2);
	assert_non_null(b3);
	assert_int_equal(((const uint8_t *)g_bytes_get_data(b2, NULL))[0], 2);
	assert_int_equal(((const uint8_t *)g_bytes_get_data(b3, NULL))[0], 3);
	assert_null(l2tp_reliable_next_held(&r));
	/* one ZLB acknowledges all four */
	l2tp_reliable_flush_ack(&r, a);
	assert_int_equal(l2tp_actions_len(a), 1);
	L2tpHeader z = sent(a, 0);
	assert_int_equal(z.ns, 0);
	assert_int_equal(z.nr, 4);
	assert_int_equal(z.tunnel_id, PEER);
	l2tp_actions_clear(a);
	/* a duplicate is acknowledged again */
	assert_int_equal(l2tp_reliable_receive(&r, &h1, false, NULL, 0, 0, a), L2TP_RX_DUPLICATE);
	l2tp_reliable_flush_ack(&r, a);
	assert_int_equal(sent(a, 0).nr, 4);
	l2tp_actions_clear(a);
	/* nothing owed: no ZLB */
	l2tp_reliable_flush_ack(&r, a);
	assert_int_equal(l2tp_actions_len(a), 0);
	l2tp_reliable_clear(&r);
}

static void
test_wrap(void **state)
{
	L2tpReliable r;
	g_autoptr(L2tpActions) a = l2tp_actions_new();
	const uint8_t one[] = {1};

	l2tp_reliable_init(&r, 0);
	open_cwnd(&r);
	/* our Ns across 65535: 65534, 65535, 0, 1 */
	r.ns_next = 65534;
	for (int i = 0; i < 4; i++)
		l2tp_reliable_send(&r, hello(), 0, a);
	assert_int_equal(sent(a, 0).ns, 65534);
	assert_int_equal(sent(a, 1).ns, 65535);
	assert_int_equal(sent(a, 2).ns, 0);
	assert_int_equal(sent(a, 3).ns, 1);
	l2tp_actions_clear(a);
	/* Nr 1 acknowledges 65534, 65535 and 0 */
	L2tpHeader z = from_peer(0, 1);
	l2tp_reliable_receive(&r, &z, true, NULL, 0, 0, a);
	assert_int_equal(l2tp_reliable_in_flight(&r), 1);

	/* the peer's Ns across 65535: 65535 delivered, 1 held until 0 arrives */
	r.nr_next = 65535;
	L2tpHeader p65535 = from_peer(65535, 1), p0 = from_peer(0, 1), p1 = from_peer(1, 1),
		   old = from_peer(65534, 1);
	assert_int_equal(l2tp_reliable_receive(&r, &p65535, false, NULL, 0, 0, a), L2TP_RX_DELIVER);
	assert_int_equal(l2tp_reliable_receive(&r, &p1, false, one, 1, 0, a), L2TP_RX_HELD);
	assert_int_equal(l2tp_reliable_receive(&r, &old, false, NULL, 0, 0, a), L2TP_RX_DUPLICATE);
	assert_int_equal(l2tp_reliable_receive(&r, &p0, false, NULL, 0, 0, a), L2TP_RX_DELIVER);
	g_autoptr(GBytes) b = l2tp_reliable_next_held(&r);
	assert_non_null(b);
	assert_int_equal(r.nr_next, 2);
	l2tp_reliable_clear(&r);
}

static void
test_abandon(void **state)
{
	L2tpReliable r;
	g_autoptr(L2tpActions) a = l2tp_actions_new();

	l2tp_reliable_init(&r, 0);
	l2tp_reliable_set_peer_window(&r, 1);
	l2tp_reliable_send(&r, hello(), 0, a);
	l2tp_reliable_send(&r, hello(), 0, a);
	assert_int_equal(l2tp_actions_len(a), 1); /* window 1 */
	assert_false(l2tp_reliable_idle(&r));
	l2tp_reliable_abandon(&r);
	assert_true(l2tp_reliable_idle(&r));
	assert_int_equal(l2tp_reliable_deadline(&r), L2TP_NO_DEADLINE);
	l2tp_reliable_clear(&r);
}

/*
 * Appendix A slow start: CWND starts at 1 and grows by one per message
 * acknowledged up to the peer's Receive Window Size (8 here), never beyond.
 * Each row: what a full queue lets out after the previous row's messages are
 * all acknowledged.
 */
static void
test_slow_start(void **state)
{
	L2tpReliable r;
	g_autoptr(L2tpActions) a = l2tp_actions_new();
	/* CWND 1, acked 1 -> 2, acked 2 -> 4, acked 4 -> 8 (the RWS), then stays 8 */
	static const guint burst[] = {1, 2, 4, 8, 8};

	l2tp_reliable_init(&r, 0);
	l2tp_reliable_set_peer_window(&r, 8);
	assert_int_equal(r.cwnd, 1);
	assert_int_equal(r.ssthresh, 8);
	for (int i = 0; i < 40; i++)
		l2tp_reliable_send(&r, hello(), 0, a);
	int64_t now = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(burst); i++) {
		if (l2tp_actions_len(a) != burst[i])
			fail_msg("round %zu: %u messages sent, expected %u (CWND %u)", i,
			    l2tp_actions_len(a), burst[i], r.cwnd);
		assert_int_equal(l2tp_reliable_in_flight(&r), burst[i]);
		l2tp_actions_clear(a);
		now += 100;
		ack_all(&r, now, a);
	}
	assert_int_equal(r.cwnd, 8);
	assert_int_equal(l2tp_reliable_send_window(&r), 8);
	/* a smaller window from the peer later cuts CWND to it */
	l2tp_reliable_set_peer_window(&r, 3);
	assert_int_equal(r.cwnd, 3);
	assert_int_equal(l2tp_reliable_send_window(&r), 3);
	l2tp_reliable_clear(&r);
}

/*
 * Appendix A through loss: with CWND 8 in flight, the first message is lost;
 * the retransmission saves CWND/2 = 4 in SSTHRESH and sets CWND to 1, so
 * nothing new goes until acknowledgements come; then slow start up to 4 and
 * congestion avoidance (+1 per CWND messages acknowledged) above it.
 */
static void
test_congestion_through_loss(void **state)
{
	L2tpReliable r;
	g_autoptr(L2tpActions) a = l2tp_actions_new();
	g_autoptr(GError) error = NULL;

	l2tp_reliable_init(&r, 0);
	l2tp_reliable_set_peer_window(&r, 8);
	open_cwnd(&r);
	for (int i = 0; i < 60; i++)
		l2tp_reliable_send(&r, hello(), 0, a);
	assert_int_equal(l2tp_actions_len(a), 8); /* Ns 0..7 */
	l2tp_actions_clear(a);

	/* Ns 0 is lost, the rest arrived but the peer holds them: no acknowledgement */
	assert_true(l2tp_reliable_on_timer(&r, 1000, a, &error));
	assert_int_equal(l2tp_actions_len(a), 1);
	assert_int_equal(sent(a, 0).ns, 0); /* only the oldest is retransmitted */
	assert_int_equal(r.cwnd, 1);
	assert_int_equal(r.ssthresh, 4);
	l2tp_actions_clear(a);
	/* a second loss of the retransmission halves again: SSTHRESH max(1/2, 1) = 1 */
	assert_true(l2tp_reliable_on_timer(&r, 3000, a, &error));
	assert_int_equal(r.cwnd, 1);
	assert_int_equal(r.ssthresh, 1);
	l2tp_actions_clear(a);
	r.ssthresh = 4; /* as after the first loss, to watch both phases below */

	/* the peer got Ns 0 and acknowledges 0..7 at once: 8 acknowledgements, CWND
	 * 1 -> 4 by slow start (3 of them), then avoidance: at CWND 4, 4 more make 5,
	 * the last one starts counting toward 6 */
	ack_all(&r, 3500, a);
	assert_int_equal(r.cwnd, 5);
	assert_int_equal(r.cwnd_acks, 1);
	assert_int_equal(l2tp_actions_len(a), 5); /* Ns 8..12 */
	assert_int_equal(sent(a, 0).ns, 8);
	assert_int_equal(sent(a, 4).ns, 12);
	assert_int_equal(l2tp_reliable_deadline(&r), 4500); /* the timer restarted at 1 s */
	l2tp_actions_clear(a);

	/* one at a time: 4 more acknowledgements reach 5 at CWND 5 -> 6 */
	for (uint16_t nr = 9; nr <= 12; nr++) {
		L2tpHeader z = from_peer(0, nr);
		l2tp_reliable_receive(&r, &z, true, NULL, 0, 3600, a);
	}
	assert_int_equal(r.cwnd, 6);
	assert_int_equal(r.cwnd_acks, 0);
	/* 1 in flight (Ns 12): up to 6 now, so 5 more went out as the window opened */
	assert_int_equal(l2tp_reliable_in_flight(&r), 6);
	l2tp_reliable_clear(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_seq_before),
	    cmocka_unit_test(test_window_and_acks),
	    cmocka_unit_test(test_backoff_and_limit),
	    cmocka_unit_test(test_receive_order),
	    cmocka_unit_test(test_wrap),
	    cmocka_unit_test(test_abandon),
	    cmocka_unit_test(test_slow_start),
	    cmocka_unit_test(test_congestion_through_loss),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
