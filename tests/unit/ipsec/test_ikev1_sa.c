/*
 * Unit tests for the IKEv1 initiator (ipsec/ikev1_sa.c with its exchanges
 * ikev1_main_mode.c, ikev1_quick_mode.c, ikev1_info.c): our initiator runs
 * against the in-process responder (ikev1_responder.c), with a fake edge
 * that carries SEND actions across and records the rest. The responder
 * checks HASH_I, HASH(1), HASH(3) and computes KEYMAT itself, so an
 * INSTALL_ESP whose keys equal the responder's proves both sides agree.
 * Time is the injected now_ms; randomness a seeded GRand.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <arpa/inet.h>

#include "common/hex.h"
#include "ipsec/ikev1_private.h"
#include "tests/unit/ipsec/ikev1_responder.h"

static const uint8_t CLIENT[4] = {10, 0, 0, 2}; /* the initiator's own address */
static const uint8_t SERVER[4] = {192, 0, 2, 1};
static const uint8_t PUBLIC[4] = {
    198, 51, 100, 9}; /* the client as the server sees it behind NAT */

static void
test_rng(void *buf, size_t len, void *user)
{
	GRand *r = user;
	uint8_t *b = buf;
	for (size_t i = 0; i < len; i++)
		b[i] = (uint8_t)g_rand_int_range(r, 0, 256);
}

typedef struct Run {
	IkeV1Sa *sa;
	Responder *r;
	IkeV1Actions *acts; /* everything the initiator asked for, in order */
	guint pumped;       /* SEND actions before this index were delivered */
	GRand *rand;
	GPtrArray *ike, *esp;
	L2secSecret *psk;
	uint64_t now;
	unsigned drop_next;    /* drop this many initiator sends */
	unsigned drop_replies; /* drop this many responder replies */
	GError *responder_error;
} Run;

static void
run_free(Run *run)
{
	ikev1_sa_free(run->sa);
	responder_free(run->r);
	ikev1_actions_free(run->acts);
	g_rand_free(run->rand);
	g_ptr_array_unref(run->ike);
	g_ptr_array_unref(run->esp);
	l2sec_secret_free(run->psk);
	g_clear_error(&run->responder_error);
	g_free(run);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Run, run_free)

typedef struct Setup {
	const char *ike, *esp;     /* initiator */
	const char *r_ike, *r_esp; /* responder */
	const char *r_psk;         /* NULL: same PSK */
	bool nat, natt_draft, dpd, lenient, force_encap, bad_hash_r;
	bool no_dpd;
	int qm2_idcr_port;
	const char *qm2_idci_addr;
	bool qm2_no_ids, qm2_one_id;
	uint16_t mm5_notify;
	unsigned pfs;
	uint32_t responder_lifetime;
} Setup;

static Run *
run_new(const Setup *s)
{
	Run *run = g_new0(Run, 1);
	g_autoptr(GError) error = NULL;
	run->rand = g_rand_new_with_seed(42);
	run->psk = l2sec_secret_new_str("labsecret");
	assert_true(ike_proposal_parse_ike(s->ike, &run->ike, &error));
	assert_true(ike_proposal_parse_esp(s->esp, &run->esp, &error));
	IkeV1Config c = {.psk = run->psk,
	    .ike_proposals = run->ike,
	    .esp_proposals = run->esp,
	    .rng = test_rng,
	    .rng_data = run->rand,
	    .pfs_group = s->pfs,
	    .force_encap = s->force_encap,
	    .no_dpd = s->no_dpd};
	memcpy(c.local_addr, CLIENT, 4);
	memcpy(c.remote_addr, SERVER, 4);
	run->sa = ikev1_sa_new(&c, &error);
	assert_non_null(run->sa);
	ResponderConfig rc = {.psk = s->r_psk ? s->r_psk : "labsecret",
	    .ike_accept = s->r_ike ? s->r_ike : "aes256-sha256-modp2048",
	    .esp_accept = s->r_esp ? s->r_esp : "aes128gcm16,aes256-sha1",
	    .peer_port = 500,
	    .natt = !s->natt_draft,
	    .natt_draft = s->natt_draft,
	    .dpd = s->dpd,
	    .lenient_auth = s->lenient,
	    .pfs_group = s->pfs,
	    .bad_hash_r = s->bad_hash_r,
	    .mm5_notify = s->mm5_notify,
	    .responder_lifetime_s = s->responder_lifetime};
	rc.qm2_idcr_port = s->qm2_idcr_port;
	rc.qm2_no_ids = s->qm2_no_ids;
	rc.qm2_one_id = s->qm2_one_id;
	if (s->qm2_idci_addr != NULL)
		assert_int_equal(inet_pton(AF_INET, s->qm2_idci_addr, rc.qm2_idci_addr), 1);
	memcpy(rc.addr, SERVER, 4);
	memcpy(rc.peer_addr, s->nat ? PUBLIC : CLIENT, 4);
	if (s->nat)
		rc.peer_port = 1024;
	run->r = responder_new(&rc);
	run->acts = ikev1_actions_new();
	run->now = 1000;
	return run;
}

/* Deliver every SEND not yet delivered, and the responder's replies, until quiet. */
static void
pump(Run *run)
{
	while (run->pumped < run->acts->len) {
		IkeV1Action *a = &g_array_index(run->acts, IkeV1Action, run->pumped++);
		if (a->type != IKEV1_ACTION_SEND)
			continue;
		if (run->drop_next > 0) {
			run->drop_next--;
			continue;
		}
		g_clear_error(&run->responder_error);
		g_autoptr(GBytes) reply = responder_handle(run->r, a->bytes, &run->responder_error);
		if (reply == NULL)
			continue;
		if (run->drop_replies > 0) {
			run->drop_replies--;
			continue;
		}
		ikev1_sa_receive(run->sa, run->now, g_bytes_get_data(reply, NULL),
		    g_bytes_get_size(reply), run->acts);
	}
}

static void
deliver(Run *run, GBytes *b)
{
	ikev1_sa_receive(
	    run->sa, run->now, g_bytes_get_data(b, NULL), g_bytes_get_size(b), run->acts);
}

static guint
count(const Run *run, IkeV1ActionType t)
{
	guint n = 0;
	while (ikev1_actions_find(run->acts, t, n) != NULL)
		n++;
	return n;
}

static const IkeV1Action *
failed(const Run *run)
{
	return ikev1_actions_find(run->acts, IKEV1_ACTION_FAILED, 0);
}

static void
assert_keys_agree(const Run *run)
{
	const IkeV1Action *a = ikev1_actions_find(run->acts, IKEV1_ACTION_INSTALL_ESP, 0);
	assert_non_null(a);
	const ResponderState *st = responder_state(run->r);
	const IkeV1EspSa *e = a->esp;
	assert_true(st->qm_done);
	assert_int_equal(e->spi_out, st->spi_in);
	assert_int_equal(e->spi_in, st->spi_out);
	/* our outbound keys are the responder's inbound KEYMAT: encryption key first, then auth */
	size_t enc = e->enc_key_bits / 8;
	assert_int_equal(e->enc_key_out->len, enc);
	assert_memory_equal(e->enc_key_out->data, st->keymat_in->data, enc);
	assert_memory_equal(e->enc_key_in->data, st->keymat_out->data, enc);
	if (e->auth_alg != NULL) {
		assert_int_equal(enc + e->auth_key_out->len, st->keymat_in->len);
		assert_memory_equal(
		    e->auth_key_out->data, st->keymat_in->data + enc, e->auth_key_out->len);
		assert_memory_equal(
		    e->auth_key_in->data, st->keymat_out->data + enc, e->auth_key_in->len);
	} else {
		assert_int_equal(enc, st->keymat_in->len);
	}
}

static Run *
connect_ok(const Setup *s)
{
	Run *run = run_new(s);
	ikev1_sa_start(run->sa, run->now, run->acts); /* MM1 --> */
	pump(run); /* <-- MM2, MM3 -->, <-- MM4, MM5 -->, <-- MM6, QM1 -->, <-- QM2, QM3 --> */
	if (failed(run) != NULL)
		fail_msg("failed: %s", failed(run)->error->message);
	assert_string_equal(ikev1_sa_state_name(run->sa), "UP");
	assert_non_null(ikev1_actions_find(run->acts, IKEV1_ACTION_ESTABLISHED, 0));
	assert_keys_agree(run);
	return run;
}

static void
test_success_flat(void **state)
{
	(void)state;
	Setup s = {.ike = "default", .esp = "default"};
	g_autoptr(Run) run = connect_ok(&s);
	const IkeV1Action *est = ikev1_actions_find(run->acts, IKEV1_ACTION_ESTABLISHED, 0);
	assert_string_equal(est->ike->proposal, "aes256-sha256-modp2048");
	assert_false(est->ike->nat_local);
	assert_false(est->ike->nat_remote);
	assert_true(est->ike->natt);
	assert_int_equal(est->ike->lifetime_s, 28800);
	const IkeV1EspSa *e = ikev1_actions_find(run->acts, IKEV1_ACTION_INSTALL_ESP, 0)->esp;
	assert_string_equal(e->proposal, "aes128gcm16");
	assert_string_equal(e->enc_alg, "rfc4106(gcm(aes))");
	assert_int_equal(e->enc_key_bits, 160); /* key plus the 4-byte salt */
	assert_int_equal(e->icv_bits, 128);
	assert_null(e->auth_alg);
	assert_false(e->encap);
	assert_int_equal(e->l2tp_local_port, 1701);
	assert_int_equal(e->l2tp_remote_port, 1701);
	assert_memory_equal(e->local_addr, CLIENT, 4);
	assert_memory_equal(e->remote_addr, SERVER, 4);
	assert_int_equal(e->lifetime_s, 3600);
	const ResponderState *st = responder_state(run->r);
	assert_false(st->nat_seen);
	assert_int_equal(st->nat_oa_count, 0);
	assert_int_equal(st->qm_encap_mode, IPSEC_ENCAP_TRANSPORT);
	assert_int_equal(st->initial_contact, 1);
	/* every message went from 500 to 500, without a marker: MM1, 3, 5, QM1, QM3 */
	assert_int_equal(count(run, IKEV1_ACTION_SEND), 5);
	for (guint i = 0; i < 5; i++) {
		const IkeV1Action *a = ikev1_actions_find(run->acts, IKEV1_ACTION_SEND, i);
		assert_int_equal(a->remote_port, 500);
		assert_int_equal(a->local_port, 500);
		assert_false(a->non_esp_marker);
	}
	/* after QM3 nothing waits for an answer (no DPD VID): the timer is only the ESP rekey's,
	 * at 90 % of 3600 s */
	const IkeV1Action *t = NULL;
	for (guint i = 0; ikev1_actions_find(run->acts, IKEV1_ACTION_TIMER, i); i++)
		t = ikev1_actions_find(run->acts, IKEV1_ACTION_TIMER, i);
	assert_int_equal(t->deadline_ms, run->now + 3240 * 1000);
}

static void
test_success_aes_cbc_hmac(void **state)
{
	(void)state;
	Setup s = {.ike = "aes128-sha1-modp2048",
	    .esp = "aes256-sha256,aes256-sha1",
	    .r_ike = "aes128-sha1-modp2048",
	    .r_esp = "aes256-sha1"};
	g_autoptr(Run) run = connect_ok(&s);
	const IkeV1EspSa *e = ikev1_actions_find(run->acts, IKEV1_ACTION_INSTALL_ESP, 0)->esp;
	assert_string_equal(e->enc_alg, "cbc(aes)");
	assert_int_equal(e->enc_key_bits, 256);
	assert_string_equal(e->auth_alg, "hmac(sha1)");
	assert_int_equal(e->auth_key_bits, 160);
	assert_int_equal(e->auth_trunc_bits, 96);
	assert_int_equal(e->auth_key_in->len, 20);
}

static void
test_success_nat(void **state)
{
	(void)state;
	Setup s = {.ike = "default", .esp = "default", .nat = true};
	g_autoptr(Run) run = connect_ok(&s);
	const IkeV1Action *est = ikev1_actions_find(run->acts, IKEV1_ACTION_ESTABLISHED, 0);
	assert_true(est->ike->nat_local);
	assert_false(est->ike->nat_remote);
	/* MM1 and MM3 on 500, then the float: MM5, QM1, QM3 on 4500 with the marker */
	for (guint i = 0; i < 5; i++) {
		const IkeV1Action *a = ikev1_actions_find(run->acts, IKEV1_ACTION_SEND, i);
		assert_int_equal(a->remote_port, i < 2 ? 500 : 4500);
		assert_int_equal(a->local_port, i < 2 ? 500 : 4500);
		assert_int_equal(a->non_esp_marker, i >= 2);
	}
	const ResponderState *st = responder_state(run->r);
	assert_true(st->nat_seen);
	assert_int_equal(st->qm_encap_mode, IPSEC_ENCAP_UDP_TRANSPORT);
	assert_int_equal(st->nat_oa_count, 2);
	assert_memory_equal(st->nat_oa_first, CLIENT, 4); /* our original address first */
	const IkeV1EspSa *e = ikev1_actions_find(run->acts, IKEV1_ACTION_INSTALL_ESP, 0)->esp;
	assert_true(e->encap);
	assert_int_equal(e->encap_sport, 4500);
	assert_int_equal(e->encap_dport, 4500);
	/* behind the NAT: a 0xFF keepalive to 4500 every 20 s (RFC 3948 §2.3, §4) */
	guint t = 0;
	while (ikev1_actions_find(run->acts, IKEV1_ACTION_TIMER, t + 1) != NULL)
		t++;
	uint64_t at = ikev1_actions_find(run->acts, IKEV1_ACTION_TIMER, t)->deadline_ms;
	assert_int_equal(at, run->now + 20000);
	guint sends = count(run, IKEV1_ACTION_SEND);
	ikev1_sa_timer(run->sa, at, run->acts);
	const IkeV1Action *ka = ikev1_actions_find(run->acts, IKEV1_ACTION_SEND, sends);
	assert_non_null(ka);
	assert_int_equal(g_bytes_get_size(ka->bytes), 1);
	assert_int_equal(((const uint8_t *)g_bytes_get_data(ka->bytes, NULL))[0], 0xff);
	assert_int_equal(ka->remote_port, 4500);
	assert_false(ka->non_esp_marker);
	t = 0;
	while (ikev1_actions_find(run->acts, IKEV1_ACTION_TIMER, t + 1) != NULL)
		t++;
	assert_int_equal(
	    ikev1_actions_find(run->acts, IKEV1_ACTION_TIMER, t)->deadline_ms, at + 20000);
}

static void
test_success_nat_draft(void **state)
{
	(void)state;
	Setup s = {.ike = "default", .esp = "default", .nat = true, .natt_draft = true};
	g_autoptr(Run) run = connect_ok(&s);
	const ResponderState *st = responder_state(run->r);
	assert_int_equal(st->qm_encap_mode, IPSEC_ENCAP_UDP_TRANSPORT_DRAFT);
	assert_int_equal(st->nat_oa_count, 2);
}

static void
test_success_force_encap(void **state)
{
	(void)state;
	Setup s = {.ike = "default", .esp = "default", .force_encap = true};
	g_autoptr(Run) run = connect_ok(&s);
	assert_true(responder_state(run->r)->nat_seen);
	assert_true(ikev1_actions_find(run->acts, IKEV1_ACTION_INSTALL_ESP, 0)->esp->encap);
}

static void
test_success_ecp256(void **state)
{
	(void)state;
	Setup s = {.ike = "aes128-sha256-ecp256",
	    .esp = "aes128-sha256",
	    .r_ike = "aes128-sha256-ecp256",
	    .r_esp = "aes128-sha256"};
	g_autoptr(Run) run = connect_ok(&s);
	assert_string_equal(
	    ikev1_actions_find(run->acts, IKEV1_ACTION_ESTABLISHED, 0)->ike->proposal,
	    "aes128-sha256-ecp256");
	const IkeV1EspSa *e = ikev1_actions_find(run->acts, IKEV1_ACTION_INSTALL_ESP, 0)->esp;
	assert_string_equal(e->auth_alg, "hmac(sha256)");
	assert_int_equal(e->auth_trunc_bits, 128);
}

static void
test_success_legacy(void **state)
{
	(void)state;
	Setup s = {
	    .ike = "legacy", .esp = "legacy", .r_ike = "3des-sha1-modp1024", .r_esp = "3des-sha1"};
	g_autoptr(Run) run = connect_ok(&s);
	assert_string_equal(
	    ikev1_actions_find(run->acts, IKEV1_ACTION_ESTABLISHED, 0)->ike->proposal,
	    "3des-sha1-modp1024");
	const IkeV1EspSa *e = ikev1_actions_find(run->acts, IKEV1_ACTION_INSTALL_ESP, 0)->esp;
	assert_string_equal(e->enc_alg, "cbc(des3_ede)");
	assert_int_equal(e->enc_key_in->len, 24);
}

static void
test_success_pfs_and_lifetime(void **state)
{
	(void)state;
	Setup s = {.ike = "default",
	    .esp = "aes256-sha1",
	    .r_esp = "aes256-sha1",
	    .pfs = 14,
	    .responder_lifetime = 1200};
	g_autoptr(Run) run = connect_ok(&s);
	const IkeV1EspSa *e = ikev1_actions_find(run->acts, IKEV1_ACTION_INSTALL_ESP, 0)->esp;
	assert_int_equal(e->lifetime_s, 1200); /* RESPONDER-LIFETIME is shorter than our 3600 */
}

static void
test_no_proposal_chosen(void **state)
{
	(void)state;
	Setup s = {.ike = "default", .esp = "default", .r_ike = "3des-sha1-modp1024"};
	g_autoptr(Run) run = run_new(&s);
	ikev1_sa_start(run->sa, run->now, run->acts); /* MM1 --> */
	pump(run);                                    /* <-- N(NO-PROPOSAL-CHOSEN) */
	const IkeV1Action *f = failed(run);
	assert_non_null(f);
	assert_int_equal(f->error->code, L2SEC_IKE_ERROR_NO_PROPOSAL_CHOSEN);
	g_autofree char *offered = ike_proposal_ike_list_to_string(run->ike);
	g_autofree char *want = g_strdup_printf("IKE: the server rejected every proposal "
						"(NO_PROPOSAL_CHOSEN); offered %s; it may need "
						"legacy algorithms: set ike-proposals = legacy",
	    offered);
	assert_string_equal(f->error->message, want);
	assert_string_equal(ikev1_sa_state_name(run->sa), "FAILED");
}

static void
test_no_proposal_chosen_legacy_offered(void **state)
{
	(void)state;
	Setup s = {.ike = "legacy", .esp = "default", .r_ike = "aes256-sha512-modp2048"};
	g_autoptr(Run) run = run_new(&s);
	ikev1_sa_start(run->sa, run->now, run->acts);
	pump(run);
	const IkeV1Action *f = failed(run);
	assert_non_null(f);
	assert_null(strstr(f->error->message, "legacy algorithms"));
	assert_non_null(strstr(f->error->message, "3des-sha1-modp1024"));
}

static void
test_no_proposal_chosen_quick_mode(void **state)
{
	(void)state;
	Setup s = {.ike = "default", .esp = "default", .r_esp = "3des-sha1"};
	g_autoptr(Run) run = run_new(&s);
	ikev1_sa_start(run->sa, run->now, run->acts);
	pump(run); /* ... QM1 -->, <-- Informational N(NO-PROPOSAL-CHOSEN) */
	const IkeV1Action *f = failed(run);
	assert_non_null(f);
	assert_int_equal(f->error->code, L2SEC_IKE_ERROR_NO_PROPOSAL_CHOSEN);
	g_autofree char *offered = ike_proposal_esp_list_to_string(run->esp);
	g_autofree char *want = g_strdup_printf("IKE: the server rejected every ESP proposal "
						"(NO_PROPOSAL_CHOSEN); offered %s; it may need "
						"legacy algorithms: set esp-proposals = legacy",
	    offered);
	assert_string_equal(f->error->message, want);
}

static GByteArray *
load_vector(const char *name)
{
	const char *srcdir = g_getenv("srcdir");
	g_autofree char *path = g_build_filename(
	    srcdir ? srcdir : ".", "tests", "vectors", "ipsec", "isakmp", name, NULL);
	g_autofree char *text = NULL;
	g_autoptr(GError) error = NULL;
	GByteArray *bytes = NULL;
	if (!g_file_get_contents(path, &text, NULL, &error) ||
	    !l2sec_hex_decode(text, &bytes, &error))
		fail_msg("%s: %s", name, error->message);
	return bytes;
}

/* strongSwan 5.9.8's real NO-PROPOSAL-CHOSEN (noprop-02), given our initiator cookie. */
static void
test_no_proposal_chosen_strongswan(void **state)
{
	(void)state;
	Setup s = {.ike = "aes128-sha1-modp1024", .esp = "default"};
	g_autoptr(Run) run = run_new(&s);
	ikev1_sa_start(run->sa, run->now, run->acts); /* MM1 --> (not delivered) */
	g_autoptr(GByteArray) wire = load_vector("noprop-02-r2i-p500.hex");
	/* as captured, for another SA: ignored */
	ikev1_sa_receive(run->sa, run->now, wire->data, wire->len, run->acts);
	assert_null(failed(run));
	const IkeV1Action *mm1 = ikev1_actions_find(run->acts, IKEV1_ACTION_SEND, 0);
	memcpy(wire->data, g_bytes_get_data(mm1->bytes, NULL), 8);
	ikev1_sa_receive(run->sa, run->now, wire->data, wire->len, run->acts);
	const IkeV1Action *f = failed(run);
	assert_non_null(f);
	assert_int_equal(f->error->code, L2SEC_IKE_ERROR_NO_PROPOSAL_CHOSEN);
	assert_null(strstr(f->error->message, "legacy algorithms")); /* modp1024 was offered */
}

/* Our MM1 next to strongSwan's (ok-01) for the same proposals: same SA but for lifetimes. */
static void
test_mm1_like_strongswan(void **state)
{
	(void)state;
	Setup s = {.ike = "aes256-sha256-modp2048,aes128-sha1-modp2048,3des-sha1-modp1024",
	    .esp = "default"};
	g_autoptr(Run) run = run_new(&s);
	ikev1_sa_start(run->sa, run->now, run->acts);
	GBytes *ours = ikev1_actions_find(run->acts, IKEV1_ACTION_SEND, 0)->bytes;
	g_autoptr(GByteArray) theirs_w = load_vector("ok-01-i2r-p500.hex");
	g_autoptr(GError) error = NULL;
	g_autoptr(IsakmpMessage) a =
	    isakmp_message_decode(g_bytes_get_data(ours, NULL), g_bytes_get_size(ours), &error);
	assert_non_null(a);
	g_autoptr(IsakmpMessage) b = isakmp_message_decode(theirs_w->data, theirs_w->len, &error);
	assert_non_null(b);
	assert_int_equal(a->header.exchange, ISAKMP_EXCH_MAIN);
	assert_int_equal(a->header.message_id, 0);
	const IsakmpProposal *pa =
	    &g_array_index(isakmp_payloads_find(a->payloads, ISAKMP_PAYLOAD_SA, 0)->u.sa.proposals,
		IsakmpProposal, 0);
	const IsakmpProposal *pb =
	    &g_array_index(isakmp_payloads_find(b->payloads, ISAKMP_PAYLOAD_SA, 0)->u.sa.proposals,
		IsakmpProposal, 0);
	assert_int_equal(pa->transforms->len, pb->transforms->len);
	for (guint i = 0; i < pa->transforms->len; i++) {
		const IsakmpTransform *ta = &g_array_index(pa->transforms, IsakmpTransform, i);
		const IsakmpTransform *tb = &g_array_index(pb->transforms, IsakmpTransform, i);
		assert_int_equal(ta->attrs->len, tb->attrs->len);
		for (guint k = 0; k < ta->attrs->len; k++) {
			const IsakmpAttr *x = &g_array_index(ta->attrs, IsakmpAttr, k);
			const IsakmpAttr *y = &g_array_index(tb->attrs, IsakmpAttr, k);
			assert_int_equal(x->type, y->type);
			if (x->type != IKE_ATTR_LIFE_DURATION) /* strongSwan jitters its lifetime */
				assert_int_equal(x->value, y->value);
		}
	}
	/* the VIDs strongSwan sends that we send too: DPD, FRAGMENTATION, RFC 3947, draft-02\n */
	static const IsakmpVendor want[] = {ISAKMP_VENDOR_DPD, ISAKMP_VENDOR_FRAGMENTATION,
	    ISAKMP_VENDOR_NATT_RFC3947, ISAKMP_VENDOR_NATT_DRAFT_02N};
	for (size_t w = 0; w < G_N_ELEMENTS(want); w++) {
		bool in_a = false, in_b = false;
		for (guint i = 0; i < isakmp_payloads_count(a->payloads, ISAKMP_PAYLOAD_VENDOR);
		     i++) {
			GBytes *v =
			    isakmp_payloads_find(a->payloads, ISAKMP_PAYLOAD_VENDOR, i)->u.data;
			in_a |=
			    isakmp_vendor_identify(g_bytes_get_data(v, NULL), g_bytes_get_size(v))
				.vendor == want[w];
		}
		for (guint i = 0; i < isakmp_payloads_count(b->payloads, ISAKMP_PAYLOAD_VENDOR);
		     i++) {
			GBytes *v =
			    isakmp_payloads_find(b->payloads, ISAKMP_PAYLOAD_VENDOR, i)->u.data;
			in_b |=
			    isakmp_vendor_identify(g_bytes_get_data(v, NULL), g_bytes_get_size(v))
				.vendor == want[w];
		}
		if (!in_a || !in_b)
			fail_msg("VID %s: ours %d, strongSwan's %d", isakmp_vendor_name(want[w]),
			    in_a, in_b);
	}
}

/* strongSwan's real MM2 (ok-02), given our cookie: we take its choice and send MM3. */
static void
test_strongswan_mm2(void **state)
{
	(void)state;
	Setup s = {.ike = "aes256-sha256-modp2048,aes128-sha1-modp2048,3des-sha1-modp1024",
	    .esp = "default"};
	g_autoptr(Run) run = run_new(&s);
	ikev1_sa_start(run->sa, run->now, run->acts); /* MM1 --> */
	g_autoptr(GByteArray) mm2 = load_vector("ok-02-r2i-p500.hex");
	memcpy(mm2->data,
	    g_bytes_get_data(ikev1_actions_find(run->acts, IKEV1_ACTION_SEND, 0)->bytes, NULL), 8);
	ikev1_sa_receive(run->sa, run->now, mm2->data, mm2->len, run->acts); /* <-- MM2 */
	if (failed(run) != NULL)
		fail_msg("%s", failed(run)->error->message);
	assert_string_equal(ikev1_sa_state_name(run->sa), "MM_SENT3");
	const IkeV1Action *mm3 = ikev1_actions_find(run->acts, IKEV1_ACTION_SEND, 1);
	g_autoptr(GError) error = NULL;
	g_autoptr(IsakmpMessage) m = isakmp_message_decode(
	    g_bytes_get_data(mm3->bytes, NULL), g_bytes_get_size(mm3->bytes), &error);
	assert_non_null(m);
	assert_memory_equal(m->header.rcookie, mm2->data + 8, 8); /* its responder cookie */
	g_autofree char *list = isakmp_payloads_describe(m->payloads);
	assert_string_equal(list, "KE No NAT-D NAT-D");
	assert_int_equal(
	    g_bytes_get_size(isakmp_payloads_find(m->payloads, ISAKMP_PAYLOAD_KE, 0)->u.data),
	    256); /* MODP2048, as strongSwan chose */
	assert_int_equal(
	    g_bytes_get_size(isakmp_payloads_find(m->payloads, ISAKMP_PAYLOAD_NAT_D, 0)->u.data),
	    32);
}

static void
test_psk_mismatch_notify(void **state)
{
	(void)state;
	Setup s = {.ike = "default", .esp = "default", .r_psk = "other"};
	g_autoptr(Run) run = run_new(&s);
	ikev1_sa_start(run->sa, run->now, run->acts);
	pump(run); /* ... MM5 -->, <-- Informational we cannot decrypt */
	const IkeV1Action *f = failed(run);
	assert_non_null(f);
	assert_int_equal(f->error->code, L2SEC_IKE_ERROR_AUTH_FAILED);
	assert_true(g_str_has_prefix(f->error->message, "IKE: pre-shared key mismatch ("));
}

static void
test_psk_mismatch_hash_r(void **state)
{
	(void)state;
	Setup s = {.ike = "default", .esp = "default", .r_psk = "other", .lenient = true};
	g_autoptr(Run) run = run_new(&s);
	ikev1_sa_start(run->sa, run->now, run->acts);
	pump(run); /* ... MM5 -->, <-- MM6 under the other key */
	const IkeV1Action *f = failed(run);
	assert_non_null(f);
	assert_int_equal(f->error->code, L2SEC_IKE_ERROR_AUTH_FAILED);
	assert_true(g_str_has_prefix(f->error->message, "IKE: pre-shared key mismatch ("));
	assert_null(ikev1_actions_find(run->acts, IKEV1_ACTION_ESTABLISHED, 0));
}

/* Same keys, but HASH_R is wrong: the exact error the brief names. */
static void
test_psk_mismatch_hash_r_exact(void **state)
{
	(void)state;
	Setup s = {.ike = "default", .esp = "default", .bad_hash_r = true};
	g_autoptr(Run) run = run_new(&s);
	ikev1_sa_start(run->sa, run->now, run->acts);
	pump(run); /* ... MM5 -->, <-- MM6 with a bad HASH_R */
	const IkeV1Action *f = failed(run);
	assert_non_null(f);
	assert_int_equal(f->error->code, L2SEC_IKE_ERROR_AUTH_FAILED);
	assert_string_equal(f->error->message,
	    "IKE: pre-shared key mismatch (the server's HASH_R does not verify)");
}

/* The server answers MM5 with a protected INVALID-ID-INFORMATION / AUTHENTICATION-FAILED. */
static void
test_mm5_rejected_by_notify(void **state)
{
	(void)state;
	static const struct {
		uint16_t type;
		const char *want;
	} cases[] = {
	    {ISAKMP_N_INVALID_ID_INFORMATION,
		"IKE: pre-shared key mismatch (the server says INVALID-ID-INFORMATION)"},
	    {ISAKMP_N_AUTHENTICATION_FAILED,
		"IKE: pre-shared key mismatch (the server says AUTHENTICATION-FAILED)"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		Setup s = {.ike = "default", .esp = "default", .mm5_notify = cases[i].type};
		g_autoptr(Run) run = run_new(&s);
		ikev1_sa_start(run->sa, run->now, run->acts);
		pump(run); /* ... MM5 -->, <-- Informational N(...) */
		const IkeV1Action *f = failed(run);
		assert_non_null(f);
		assert_int_equal(f->error->code, L2SEC_IKE_ERROR_AUTH_FAILED);
		assert_string_equal(f->error->message, cases[i].want);
	}
}

/* No answer at all: MM1 again at 1, 2, 4, 8 s intervals, then TIMEOUT at 30 s. */
static void
test_retransmit_timeout(void **state)
{
	(void)state;
	Setup s = {.ike = "default", .esp = "default"};
	g_autoptr(Run) run = run_new(&s);
	ikev1_sa_start(run->sa, run->now, run->acts); /* MM1 --> (lost, and every resend) */
	static const uint64_t resend_at[] = {2000, 4000, 8000, 16000};
	GBytes *mm1 = ikev1_actions_find(run->acts, IKEV1_ACTION_SEND, 0)->bytes;
	for (size_t i = 0; i < G_N_ELEMENTS(resend_at); i++) {
		guint t = count(run, IKEV1_ACTION_TIMER);
		const IkeV1Action *timer = ikev1_actions_find(run->acts, IKEV1_ACTION_TIMER, t - 1);
		assert_int_equal(timer->deadline_ms, resend_at[i]);
		ikev1_sa_timer(run->sa, resend_at[i] - 1, run->acts); /* early: nothing */
		assert_int_equal(count(run, IKEV1_ACTION_SEND), i + 1);
		ikev1_sa_timer(run->sa, resend_at[i], run->acts);
		const IkeV1Action *again = ikev1_actions_find(run->acts, IKEV1_ACTION_SEND, i + 1);
		assert_non_null(again);
		assert_true(g_bytes_equal(again->bytes, mm1));
	}
	/* the next would be at 32 s; the total deadline (1 s + 30 s) comes first */
	guint t = count(run, IKEV1_ACTION_TIMER);
	assert_int_equal(
	    ikev1_actions_find(run->acts, IKEV1_ACTION_TIMER, t - 1)->deadline_ms, 31000);
	ikev1_sa_timer(run->sa, 31000, run->acts);
	const IkeV1Action *f = failed(run);
	assert_non_null(f);
	assert_int_equal(f->error->code, L2SEC_IKE_ERROR_TIMEOUT);
	assert_string_equal(f->error->message,
	    "IKE: no answer from 192.0.2.1:500 (Main Mode message 1) after 30 s");
	assert_string_equal(ikev1_sa_reason(run->sa), f->error->message);
}

/* A lost MM2: the resent MM1 at 1 s gets the responder's (repeated) answer. */
static void
test_retransmit_recovers(void **state)
{
	(void)state;
	Setup s = {.ike = "default", .esp = "default"};
	g_autoptr(Run) run = run_new(&s);
	run->drop_replies = 1;
	ikev1_sa_start(run->sa, run->now, run->acts); /* MM1 --> */
	pump(run);                                    /* <-- MM2 (lost) */
	assert_string_equal(ikev1_sa_state_name(run->sa), "MM_SENT1");
	run->now = 2000;
	ikev1_sa_timer(run->sa, run->now, run->acts); /* MM1 --> again */
	pump(run);                                    /* <-- MM2 repeated, and on to the end */
	assert_string_equal(ikev1_sa_state_name(run->sa), "UP");
	assert_keys_agree(run);
}

/* The server repeats MM2 (it lost our MM3): MM3 again, once; MM2 is not reprocessed. */
static void
test_duplicate_server_message(void **state)
{
	(void)state;
	Setup s = {.ike = "default", .esp = "default"};
	g_autoptr(Run) run = run_new(&s);
	ikev1_sa_start(run->sa, run->now, run->acts); /* MM1 --> */
	GBytes *mm1 = ikev1_actions_find(run->acts, IKEV1_ACTION_SEND, 0)->bytes;
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) mm2 = responder_handle(run->r, mm1, &error);
	run->pumped = run->acts->len;
	deliver(run, mm2); /* <-- MM2, MM3 --> */
	assert_string_equal(ikev1_sa_state_name(run->sa), "MM_SENT3");
	assert_int_equal(count(run, IKEV1_ACTION_SEND), 2);
	deliver(run, mm2); /* <-- MM2 again: MM3 --> again */
	assert_int_equal(count(run, IKEV1_ACTION_SEND), 3);
	assert_true(g_bytes_equal(ikev1_actions_find(run->acts, IKEV1_ACTION_SEND, 1)->bytes,
	    ikev1_actions_find(run->acts, IKEV1_ACTION_SEND, 2)->bytes));
	deliver(run, mm2); /* a third time: once was enough */
	assert_int_equal(count(run, IKEV1_ACTION_SEND), 3);
	assert_string_equal(ikev1_sa_state_name(run->sa), "MM_SENT3");
	run->pumped = ikev1_actions_find(run->acts, IKEV1_ACTION_SEND, 2) -
		      &g_array_index(run->acts, IkeV1Action, 0);
	pump(run); /* the repeated MM3 reaches the responder, and on to the end */
	assert_string_equal(ikev1_sa_state_name(run->sa), "UP");
}

static void
test_malformed_and_foreign_replies(void **state)
{
	(void)state;
	Setup s = {.ike = "default", .esp = "default"};
	g_autoptr(Run) run = run_new(&s);
	ikev1_sa_start(run->sa, run->now, run->acts);
	GBytes *mm1 = ikev1_actions_find(run->acts, IKEV1_ACTION_SEND, 0)->bytes;
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) mm2 = responder_handle(run->r, mm1, &error);
	gsize len = g_bytes_get_size(mm2);
	g_autofree uint8_t *bad = g_memdup2(g_bytes_get_data(mm2, NULL), len);
	/* another initiator cookie: not ours, ignored */
	bad[0] ^= 0xff;
	ikev1_sa_receive(run->sa, run->now, bad, len, run->acts);
	assert_null(failed(run));
	assert_string_equal(ikev1_sa_state_name(run->sa), "MM_SENT1");
	bad[0] ^= 0xff;
	/* the SA payload's length (bytes 30-31) past the end of the message */
	bad[30] = 0xff;
	ikev1_sa_receive(run->sa, run->now, bad, len, run->acts);
	const IkeV1Action *f = failed(run);
	assert_non_null(f);
	assert_int_equal(f->error->code, L2SEC_IKE_ERROR_MALFORMED);
	assert_true(g_str_has_prefix(f->error->message,
	    "IKE: Main Mode message 2 from 192.0.2.1:500: ISAKMP message, byte "));
	/* after FAILED, events do nothing */
	guint n = run->acts->len;
	deliver(run, mm2);
	ikev1_sa_timer(run->sa, 99999, run->acts);
	assert_int_equal(run->acts->len, n);
}

static void
test_chosen_transform_not_offered(void **state)
{
	(void)state;
	Setup s = {
	    .ike = "aes256-sha256-modp2048", .esp = "default", .r_ike = "aes256-sha256-modp2048"};
	g_autoptr(Run) run = run_new(&s);
	ikev1_sa_start(run->sa, run->now, run->acts);
	GBytes *mm1 = ikev1_actions_find(run->acts, IKEV1_ACTION_SEND, 0)->bytes;
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) mm2 = responder_handle(run->r, mm1, &error);
	gsize len = g_bytes_get_size(mm2);
	g_autofree uint8_t *bad = g_memdup2(g_bytes_get_data(mm2, NULL), len);
	/* the first attribute of the transform is Encryption (0x8001 0007): make it 3DES (5) */
	for (size_t i = 28; i + 3 < len; i++)
		if (bad[i] == 0x80 && bad[i + 1] == 0x01 && bad[i + 2] == 0 && bad[i + 3] == 7) {
			bad[i + 3] = 5;
			break;
		}
	ikev1_sa_receive(run->sa, run->now, bad, len, run->acts);
	const IkeV1Action *f = failed(run);
	assert_non_null(f);
	assert_int_equal(f->error->code, L2SEC_IKE_ERROR_INVALID);
	assert_non_null(strstr(f->error->message, "the server chose a transform we did not offer"));
}

static void
test_delete_from_us(void **state)
{
	(void)state;
	Setup s = {.ike = "default", .esp = "default"};
	g_autoptr(Run) run = connect_ok(&s);
	ikev1_sa_close(run->sa, run->now, run->acts); /* D(ESP) -->, D(ISAKMP) --> */
	pump(run);
	const ResponderState *st = responder_state(run->r);
	assert_int_equal(st->deletes_esp, 1);
	assert_int_equal(st->deletes_isakmp, 1);
	const IkeV1Action *d = ikev1_actions_find(run->acts, IKEV1_ACTION_DELETE_ESP, 0);
	assert_non_null(d);
	assert_int_equal(d->esp->spi_in, st->spi_out);
	assert_non_null(ikev1_actions_find(run->acts, IKEV1_ACTION_CLOSED, 0));
	assert_string_equal(ikev1_sa_state_name(run->sa), "CLOSED");
}

static void
test_delete_from_server(void **state)
{
	(void)state;
	for (int esp = 0; esp < 2; esp++) {
		Setup s = {.ike = "default", .esp = "default"};
		g_autoptr(Run) run = connect_ok(&s);
		/* an Informational with a wrong HASH(1) is ignored (CVE-2019-10155) */
		g_autoptr(GBytes) forged = responder_bad_hash_info(run->r);
		guint n = run->acts->len;
		deliver(run, forged);
		assert_int_equal(run->acts->len, n);
		assert_string_equal(ikev1_sa_state_name(run->sa), "UP");
		g_autoptr(GBytes) del = responder_delete(run->r, esp);
		deliver(run, del); /* <-- D */
		const IkeV1Action *a = ikev1_actions_find(run->acts, IKEV1_ACTION_SERVER_DELETE, 0);
		assert_non_null(a);
		assert_string_equal(a->reason, esp ? "IKE: the server deleted the ESP SA"
						   : "IKE: the server deleted the IKE SA");
		assert_non_null(ikev1_actions_find(run->acts, IKEV1_ACTION_DELETE_ESP, 0));
		assert_non_null(failed(run));
	}
}

/* After the keys, a clear Informational (even a Delete) and a server-started Quick Mode are
 * ignored. */
static void
test_unprotected_ignored(void **state)
{
	(void)state;
	Setup s = {.ike = "default", .esp = "default"};
	g_autoptr(Run) run = connect_ok(&s);
	const IkeV1Action *mm1 = ikev1_actions_find(run->acts, IKEV1_ACTION_SEND, 0);
	const IkeV1Action *mm5 = ikev1_actions_find(run->acts, IKEV1_ACTION_SEND, 2);
	IsakmpHeader h = {0};
	memcpy(h.icookie, g_bytes_get_data(mm1->bytes, NULL), 8);
	memcpy(h.rcookie, (const uint8_t *)g_bytes_get_data(mm5->bytes, NULL) + 8, 8);
	h.exchange = ISAKMP_EXCH_INFORMATIONAL;
	h.message_id = 0x11223344;
	g_autoptr(GArray) ps = isakmp_payloads_new();
	IsakmpPayload d = {0};
	uint8_t cookies[16];
	memcpy(cookies, h.icookie, 8);
	memcpy(cookies + 8, h.rcookie, 8);
	isakmp_payload_init_delete(&d, ISAKMP_PROTO_ISAKMP, cookies, 16, 1);
	g_array_append_val(ps, d);
	g_autoptr(GByteArray) clear = isakmp_message_encode(&h, ps);
	guint n = run->acts->len;
	ikev1_sa_receive(run->sa, run->now, clear->data, clear->len, run->acts); /* <-- D, clear */
	assert_int_equal(run->acts->len, n);
	h.exchange = ISAKMP_EXCH_QUICK; /* <-- a Quick Mode the server started */
	g_autoptr(GByteArray) qm = isakmp_message_encode(&h, ps);
	ikev1_sa_receive(run->sa, run->now, qm->data, qm->len, run->acts);
	assert_int_equal(run->acts->len, n);
	assert_string_equal(ikev1_sa_state_name(run->sa), "UP");
}

static const IkeV1Action *
last_timer(const Run *run)
{
	guint t = count(run, IKEV1_ACTION_TIMER);
	return t ? ikev1_actions_find(run->acts, IKEV1_ACTION_TIMER, t - 1) : NULL;
}

static void
test_dpd(void **state)
{
	(void)state;
	Setup s = {.ike = "default", .esp = "default", .dpd = true};
	g_autoptr(Run) run = connect_ok(&s);
	assert_true(ikev1_actions_find(run->acts, IKEV1_ACTION_ESTABLISHED, 0)->ike->peer_dpd);
	/* idle for 30 s: R-U-THERE -->, <-- R-U-THERE-ACK */
	uint64_t t = last_timer(run)->deadline_ms;
	assert_int_equal(t, run->now + 30000);
	run->now = t;
	ikev1_sa_timer(run->sa, run->now, run->acts);
	pump(run);
	assert_int_equal(responder_state(run->r)->dpd_requests, 1);
	assert_int_equal(last_timer(run)->deadline_ms, run->now + 30000); /* answered: idle again */
	/* the server asks: <-- R-U-THERE, R-U-THERE-ACK --> */
	g_autoptr(GBytes) ask = responder_r_u_there(run->r, 77);
	deliver(run, ask);
	pump(run);
	assert_int_equal(responder_state(run->r)->dpd_acks, 1);
	assert_int_equal(responder_state(run->r)->last_ack_seq, 77);
	/* now the server goes silent: 5 unanswered R-U-THEREs, then PEER_DEAD */
	run->drop_next = 100;
	for (int i = 0; i < 10 && failed(run) == NULL; i++) {
		run->now = last_timer(run)->deadline_ms;
		ikev1_sa_timer(run->sa, run->now, run->acts);
		pump(run);
	}
	const IkeV1Action *dead = ikev1_actions_find(run->acts, IKEV1_ACTION_PEER_DEAD, 0);
	assert_non_null(dead);
	assert_string_equal(
	    dead->reason, "IKE: 192.0.2.1:500 did not answer 5 R-U-THERE (RFC 3706)");
	assert_int_equal(failed(run)->error->code, L2SEC_IKE_ERROR_TIMEOUT);
	assert_non_null(ikev1_actions_find(run->acts, IKEV1_ACTION_DELETE_ESP, 0));
}

/* no_dpd: the server does DPD, we never ask, but we still answer its R-U-THERE */
static void
test_dpd_off(void **state)
{
	(void)state;
	Setup s = {.ike = "default", .esp = "default", .dpd = true, .no_dpd = true};
	g_autoptr(Run) run = connect_ok(&s);
	assert_true(ikev1_actions_find(run->acts, IKEV1_ACTION_ESTABLISHED, 0)->ike->peer_dpd);
	/* no DPD and no NAT: the timer is for the ESP rekey only, at 90 % of 3600 s */
	assert_int_equal(last_timer(run)->deadline_ms, run->now + 3240 * 1000);
	run->now += 3000 * 1000;
	ikev1_sa_timer(run->sa, run->now, run->acts);
	pump(run);
	assert_int_equal(responder_state(run->r)->dpd_requests, 0);
	g_autoptr(GBytes) ask = responder_r_u_there(run->r, 9);
	deliver(run, ask);
	pump(run);
	assert_int_equal(responder_state(run->r)->dpd_acks, 1);
	assert_int_equal(responder_state(run->r)->last_ack_seq, 9);
	assert_null(failed(run));
}

/* ESP rekey at 90 % of the lifetime: new Quick Mode, the new pair installed (keys agree with
 * the responder's) before the old one is deleted at the server and in the kernel; again for
 * the next lifetime; PFS on, so each rekey also runs a fresh DH. */
static void
test_rekey_make_before_break(void **state)
{
	(void)state;
	Setup s = {.ike = "default",
	    .esp = "aes256-sha1",
	    .pfs = IKE_DH_MODP2048,
	    .responder_lifetime = 600};
	g_autoptr(Run) run = connect_ok(&s);
	const IkeV1EspSa *first = ikev1_actions_find(run->acts, IKEV1_ACTION_INSTALL_ESP, 0)->esp;
	uint32_t in1 = first->spi_in, out1 = first->spi_out;
	assert_int_equal(first->lifetime_s, 600);
	uint64_t up_at = run->now;
	/* the rekey timer: 90 % of the shorter lifetime (the server's 600 s) */
	assert_int_equal(last_timer(run)->deadline_ms, up_at + 540 * 1000);
	run->now = up_at + 539 * 1000; /* early: nothing */
	ikev1_sa_timer(run->sa, run->now, run->acts);
	assert_int_equal(responder_state(run->r)->quick_modes, 1);
	for (unsigned round = 1; round <= 2; round++) {
		guint sends_before = count(run, IKEV1_ACTION_SEND);
		run->now = last_timer(run)->deadline_ms;
		ikev1_sa_timer(run->sa, run->now, run->acts);
		assert_int_equal(count(run, IKEV1_ACTION_SEND), sends_before + 1); /* QM1 */
		assert_string_equal(ikev1_sa_state_name(run->sa), "UP");
		pump(run); /* <-- QM2, QM3 -->, Delete --> */
		if (failed(run) != NULL)
			fail_msg("round %u: %s", round, failed(run)->error->message);
		const ResponderState *st = responder_state(run->r);
		assert_int_equal(st->quick_modes, round + 1);
		assert_true(st->qm_done);
		assert_int_equal(st->deletes_esp, round);
		assert_int_equal(st->deletes_isakmp, 0);
		/* install #round+1, then delete #round: make-before-break, in that order */
		const IkeV1Action *inst =
		    ikev1_actions_find(run->acts, IKEV1_ACTION_INSTALL_ESP, round);
		const IkeV1Action *del =
		    ikev1_actions_find(run->acts, IKEV1_ACTION_DELETE_ESP, round - 1);
		assert_non_null(inst);
		assert_non_null(del);
		assert_true(inst < del);
		assert_int_equal(del->esp->spi_in, in1);
		assert_int_equal(del->esp->spi_out, out1);
		assert_int_not_equal(inst->esp->spi_in, in1);
		assert_int_not_equal(inst->esp->spi_out, out1);
		assert_int_equal(inst->esp->spi_out, st->spi_in);
		assert_int_equal(inst->esp->spi_in, st->spi_out);
		assert_memory_equal(
		    inst->esp->enc_key_out->data, st->keymat_in->data, inst->esp->enc_key_out->len);
		assert_memory_equal(
		    inst->esp->enc_key_in->data, st->keymat_out->data, inst->esp->enc_key_in->len);
		in1 = inst->esp->spi_in;
		out1 = inst->esp->spi_out;
		assert_int_equal(last_timer(run)->deadline_ms, run->now + 540 * 1000);
	}
	/* close: the Delete names the newest pair */
	ikev1_sa_close(run->sa, run->now, run->acts);
	const IkeV1Action *del = ikev1_actions_find(run->acts, IKEV1_ACTION_DELETE_ESP, 2);
	assert_non_null(del);
	assert_int_equal(del->esp->spi_in, in1);
	assert_int_equal(del->esp->spi_out, out1);
	assert_non_null(ikev1_actions_find(run->acts, IKEV1_ACTION_CLOSED, 0));
}

/* the server does not answer the rekey: TIMEOUT, and the pair still installed is deleted */
static void
test_rekey_timeout(void **state)
{
	(void)state;
	Setup s = {.ike = "default", .esp = "default"};
	g_autoptr(Run) run = connect_ok(&s);
	const IkeV1EspSa *first = ikev1_actions_find(run->acts, IKEV1_ACTION_INSTALL_ESP, 0)->esp;
	uint32_t in1 = first->spi_in;
	run->drop_next = 100;
	for (int i = 0; i < 20 && failed(run) == NULL; i++) {
		run->now = last_timer(run)->deadline_ms;
		ikev1_sa_timer(run->sa, run->now, run->acts);
		pump(run);
	}
	assert_non_null(failed(run));
	assert_int_equal(failed(run)->error->code, L2SEC_IKE_ERROR_TIMEOUT);
	assert_non_null(strstr(failed(run)->error->message, "(Quick Mode message 1)"));
	const IkeV1Action *del = ikev1_actions_find(run->acts, IKEV1_ACTION_DELETE_ESP, 0);
	assert_non_null(del);
	assert_int_equal(del->esp->spi_in, in1);
	assert_null(ikev1_actions_find(run->acts, IKEV1_ACTION_INSTALL_ESP, 1));
}

/* RFC 2409 §5.5: the IDs the server returns in QM2 must be ours (table) */
static void
test_qm2_ids(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		Setup s;
		const char *error; /* NULL: accepted */
	} cases[] = {
	    {"echoed", {.ike = "default", .esp = "default"}, NULL},
	    {"omitted", {.ike = "default", .esp = "default", .qm2_no_ids = true}, NULL},
	    {"any port", {.ike = "default", .esp = "default", .qm2_idcr_port = QM2_ID_ANY_PORT},
		NULL},
	    {"other address behind a NAT",
		{.ike = "default", .esp = "default", .nat = true, .qm2_idci_addr = "198.51.100.9"},
		NULL},
	    {"only one", {.ike = "default", .esp = "default", .qm2_one_id = true},
		"IKE: Quick Mode message 2 carries 1 ID payloads; it must return both IDci and "
		"IDcr, or neither"},
	    {"other port", {.ike = "default", .esp = "default", .qm2_idcr_port = 1234},
		"IKE: Quick Mode message 2, byte 160: IDcr names port 1234; we proposed 1701"},
	    {"other address", {.ike = "default", .esp = "default", .qm2_idci_addr = "10.0.0.99"},
		"IKE: Quick Mode message 2, byte 148: IDci names 10.0.0.99; we proposed 10.0.0.2"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(Run) run = run_new(&cases[i].s);
		ikev1_sa_start(run->sa, run->now, run->acts);
		pump(run);
		const IkeV1Action *f = failed(run);
		if (cases[i].error == NULL) {
			if (f != NULL)
				fail_msg("%s: %s", cases[i].name, f->error->message);
			assert_string_equal(ikev1_sa_state_name(run->sa), "UP");
			continue;
		}
		if (f == NULL)
			fail_msg("%s: accepted", cases[i].name);
		if (f->error->code != L2SEC_IKE_ERROR_INVALID ||
		    strcmp(f->error->message, cases[i].error) != 0)
			fail_msg("%s: %s", cases[i].name, f->error->message);
		assert_null(ikev1_actions_find(run->acts, IKEV1_ACTION_INSTALL_ESP, 0));
	}
}

/* remote-id: the server's Main Mode 6 ID (the responder sends ID_IPV4_ADDR 192.0.2.1) */
static void
test_remote_id(void **state)
{
	(void)state;
	static const struct {
		uint8_t type;
		const char *data; /* NULL: the server's address */
		const char *error;
	} cases[] = {
	    {ISAKMP_ID_IPV4_ADDR, NULL, NULL},
	    {ISAKMP_ID_IPV4_ADDR, "\xc0\x00\x02\x07",
		"IKE: Main Mode message 6, byte 28: the server identifies itself as 192.0.2.1; "
		"remote-id expects 192.0.2.7"},
	    {ISAKMP_ID_FQDN, "vpn.example.com",
		"IKE: Main Mode message 6, byte 28: the server identifies itself as 192.0.2.1; "
		"remote-id expects vpn.example.com"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		Setup s = {.ike = "default", .esp = "default"};
		g_autoptr(Run) run = run_new(&s);
		/* a second SA with remote_id set, replacing the plain one */
		g_autoptr(GError) error = NULL;
		IkeV1Config c = {.psk = run->psk,
		    .ike_proposals = run->ike,
		    .esp_proposals = run->esp,
		    .rng = test_rng,
		    .rng_data = run->rand,
		    .remote_id_type = cases[i].type,
		    .remote_id =
			(const uint8_t *)(cases[i].data ? cases[i].data : (const char *)SERVER),
		    .remote_id_len = cases[i].data ? strlen(cases[i].data) : 4};
		if (cases[i].data != NULL && cases[i].type == ISAKMP_ID_IPV4_ADDR)
			c.remote_id_len = 4;
		memcpy(c.local_addr, CLIENT, 4);
		memcpy(c.remote_addr, SERVER, 4);
		ikev1_sa_free(run->sa);
		run->sa = ikev1_sa_new(&c, &error);
		assert_non_null(run->sa);
		ikev1_sa_start(run->sa, run->now, run->acts);
		pump(run);
		const IkeV1Action *f = failed(run);
		if (cases[i].error == NULL) {
			if (f != NULL)
				fail_msg("case %zu: %s", i, f->error->message);
			assert_string_equal(ikev1_sa_state_name(run->sa), "UP");
			continue;
		}
		if (f == NULL)
			fail_msg("case %zu: accepted", i);
		if (f->error->code != L2SEC_IKE_ERROR_AUTH_FAILED ||
		    strcmp(f->error->message, cases[i].error) != 0)
			fail_msg("case %zu: %s", i, f->error->message);
		assert_null(ikev1_actions_find(run->acts, IKEV1_ACTION_ESTABLISHED, 0));
	}
}

static void
test_config_errors(void **state)
{
	(void)state;
	g_autoptr(GError) error = NULL;
	IkeV1Config c = {0};
	assert_null(ikev1_sa_new(&c, &error));
	assert_int_equal(error->code, L2SEC_IKE_ERROR_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_success_flat),
	    cmocka_unit_test(test_success_aes_cbc_hmac),
	    cmocka_unit_test(test_success_nat),
	    cmocka_unit_test(test_success_nat_draft),
	    cmocka_unit_test(test_success_force_encap),
	    cmocka_unit_test(test_success_ecp256),
	    cmocka_unit_test(test_success_legacy),
	    cmocka_unit_test(test_success_pfs_and_lifetime),
	    cmocka_unit_test(test_no_proposal_chosen),
	    cmocka_unit_test(test_no_proposal_chosen_legacy_offered),
	    cmocka_unit_test(test_no_proposal_chosen_quick_mode),
	    cmocka_unit_test(test_no_proposal_chosen_strongswan),
	    cmocka_unit_test(test_mm1_like_strongswan),
	    cmocka_unit_test(test_strongswan_mm2),
	    cmocka_unit_test(test_psk_mismatch_notify),
	    cmocka_unit_test(test_psk_mismatch_hash_r),
	    cmocka_unit_test(test_psk_mismatch_hash_r_exact),
	    cmocka_unit_test(test_mm5_rejected_by_notify),
	    cmocka_unit_test(test_retransmit_timeout),
	    cmocka_unit_test(test_retransmit_recovers),
	    cmocka_unit_test(test_duplicate_server_message),
	    cmocka_unit_test(test_malformed_and_foreign_replies),
	    cmocka_unit_test(test_chosen_transform_not_offered),
	    cmocka_unit_test(test_delete_from_us),
	    cmocka_unit_test(test_delete_from_server),
	    cmocka_unit_test(test_unprotected_ignored),
	    cmocka_unit_test(test_dpd),
	    cmocka_unit_test(test_dpd_off),
	    cmocka_unit_test(test_rekey_make_before_break),
	    cmocka_unit_test(test_rekey_timeout),
	    cmocka_unit_test(test_qm2_ids),
	    cmocka_unit_test(test_remote_id),
	    cmocka_unit_test(test_config_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
