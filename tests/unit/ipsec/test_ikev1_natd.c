/*
 * Unit tests for ipsec/ikev1_natd.c. Known answers: the NAT-D payloads of a
 * real strongSwan 5.9.8 Main Mode (tests/vectors/ipsec/isakmp/ok-03, ok-04:
 * SHA2-256 negotiated, initiator 192.0.2.2:500, responder 192.0.2.1:500, no
 * NAT): each must equal our hash of the address it names (RFC 3947 §3.2:
 * the sender puts the remote end first), and the NAT decision over them must
 * say "no NAT"; with a changed address or port it must say which end.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common/hex.h"
#include "ipsec/ikev1_codec.h"
#include "ipsec/ikev1_natd.h"

static const uint8_t INITIATOR[4] = {192, 0, 2, 2};
static const uint8_t RESPONDER[4] = {192, 0, 2, 1};

static IsakmpMessage *
load(const char *name)
{
	const char *srcdir = g_getenv("srcdir");
	g_autofree char *path = g_build_filename(
	    srcdir ? srcdir : ".", "tests", "vectors", "ipsec", "isakmp", name, NULL);
	g_autofree char *text = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GByteArray) bytes = NULL;
	if (!g_file_get_contents(path, &text, NULL, &error) ||
	    !l2sec_hex_decode(text, &bytes, &error))
		fail_msg("%s: %s", name, error->message);
	IsakmpMessage *m = isakmp_message_decode(bytes->data, bytes->len, &error);
	if (m == NULL)
		fail_msg("%s: %s", name, error->message);
	return m;
}

static const struct natd_case {
	const char *file;
	const uint8_t *first, *second; /* the addresses the sender's NAT-Ds name, in order */
} natd_cases[] = {
    {"ok-03-i2r-p500.hex", RESPONDER, INITIATOR}, /* initiator: remote end first */
    {"ok-04-r2i-p500.hex", INITIATOR, RESPONDER}, /* responder: likewise */
};

static void
test_strongswan_natd(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(natd_cases); i++) {
		const struct natd_case *c = &natd_cases[i];
		g_autoptr(IsakmpMessage) m = load(c->file);
		assert_int_equal(isakmp_payloads_count(m->payloads, ISAKMP_PAYLOAD_NAT_D), 2);
		const uint8_t *addr[2] = {c->first, c->second};
		for (guint k = 0; k < 2; k++) {
			uint8_t h[IKE_HASH_MAX_LEN];
			g_autoptr(GError) error = NULL;
			assert_true(ikev1_natd_hash(IKE_HASH_SHA256, m->header.icookie,
			    m->header.rcookie, addr[k], 4, 500, h, &error));
			GBytes *got =
			    isakmp_payloads_find(m->payloads, ISAKMP_PAYLOAD_NAT_D, k)->u.data;
			if (g_bytes_get_size(got) != 32 ||
			    memcmp(g_bytes_get_data(got, NULL), h, 32) != 0)
				fail_msg("%s: NAT-D %u does not match", c->file, k);
		}
	}
}

static void
test_decision(void **state)
{
	(void)state;
	/* ok-04 as the initiator sees it: first hash = us, second = the responder */
	g_autoptr(IsakmpMessage) m = load("ok-04-r2i-p500.hex");
	g_autoptr(GPtrArray) hashes = g_ptr_array_new();
	for (guint k = 0; k < 2; k++)
		g_ptr_array_add(
		    hashes, isakmp_payloads_find(m->payloads, ISAKMP_PAYLOAD_NAT_D, k)->u.data);
	static const uint8_t OTHER[4] = {10, 0, 0, 7};
	static const struct {
		const char *name;
		const uint8_t *local;
		uint16_t lport;
		const uint8_t *remote;
		bool local_nat, remote_nat;
	} cases[] = {
	    {"no NAT", INITIATOR, 500, RESPONDER, false, false},
	    {"we are behind a NAT (other address)", OTHER, 500, RESPONDER, true, false},
	    {"we are behind a NAT (other port)", INITIATOR, 1500, RESPONDER, true, false},
	    {"the server is", INITIATOR, 500, OTHER, false, true},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		bool l = !cases[i].local_nat, r = !cases[i].remote_nat;
		g_autoptr(GError) error = NULL;
		assert_true(ikev1_natd_check(IKE_HASH_SHA256, m->header.icookie, m->header.rcookie,
		    cases[i].local, 4, cases[i].lport, cases[i].remote, 500, hashes, &l, &r,
		    &error));
		if (l != cases[i].local_nat || r != cases[i].remote_nat)
			fail_msg("%s: local %d remote %d", cases[i].name, l, r);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_strongswan_natd),
	    cmocka_unit_test(test_decision),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
