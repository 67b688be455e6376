/*
 * fuzz_ikev1_initiator.c — the IKEv1 initiator's receive path
 * (ikev1_sa_receive) fed arbitrary bytes at each stage of the exchange. The
 * first input byte picks the stage; the rest is:
 *   0: a datagram for an initiator that has sent Main Mode 1; if it is at
 *      least 8 bytes long its first 8 are replaced by our cookie, so the
 *      fuzzer gets past the cookie check;
 *   1: the plaintext body of Main Mode 6 (second byte: the header's Next
 *      Payload), encrypted with the keys and IV of a responder that
 *      brought the initiator to MM_SENT5;
 *   2: likewise the body of Quick Mode 2, the initiator at QM_SENT1;
 *   3: likewise the body of an Informational, the initiator UP (with DPD).
 * The in-process responder (tests/unit/ipsec/ikev1_responder.c) does the
 * driving, so the encrypted stages reach the payload decoders and the
 * exchanges' checks after decryption. Asserts the GError contract: every
 * FAILED action carries an L2SEC_IKE_ERROR with a message, and after it the
 * SA is FAILED and ignores further events.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <glib.h>

#include "ipsec/ikev1_private.h"
#include "tests/unit/ipsec/ikev1_responder.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
rng(void *buf, size_t len, void *user)
{
	uint32_t *state = user;
	uint8_t *b = buf;
	for (size_t i = 0; i < len; i++) { /* xorshift: deterministic per input */
		*state ^= *state << 13;
		*state ^= *state >> 17;
		*state ^= *state << 5;
		b[i] = (uint8_t)*state;
	}
}

static void
check_contract(IkeV1Sa *sa, const IkeV1Actions *acts)
{
	for (guint i = 0; i < acts->len; i++) {
		const IkeV1Action *a = &g_array_index(acts, IkeV1Action, i);
		if (a->type == IKEV1_ACTION_FAILED) {
			g_assert_nonnull(a->error);
			g_assert_true(a->error->domain == L2SEC_IKE_ERROR);
			g_assert_nonnull(a->error->message);
			g_assert_cmpstr(ikev1_sa_state_name(sa), ==, "FAILED");
		} else if (a->type == IKEV1_ACTION_SEND) {
			g_assert_nonnull(a->bytes);
			gsize n = g_bytes_get_size(a->bytes); /* an ISAKMP message or a keepalive */
			g_assert_true(n >= ISAKMP_HEADER_LEN || n == 1);
		} else if (a->type == IKEV1_ACTION_INSTALL_ESP) {
			g_assert_nonnull(a->esp->enc_key_in);
			g_assert_nonnull(a->esp->enc_key_out);
		}
	}
}

/* Run the exchange between the initiator and the responder until neither has more to say. */
static void
pump(IkeV1Sa *sa, Responder *r, IkeV1Actions *acts, guint *done)
{
	while (*done < acts->len) {
		IkeV1Action *a = &g_array_index(acts, IkeV1Action, (*done)++);
		if (a->type != IKEV1_ACTION_SEND)
			continue;
		g_autoptr(GError) error = NULL;
		g_autoptr(GBytes) reply = responder_handle(r, a->bytes, &error);
		if (reply != NULL)
			ikev1_sa_receive(
			    sa, 1000, g_bytes_get_data(reply, NULL), g_bytes_get_size(reply), acts);
	}
}

typedef struct Harness {
	uint32_t seed;
	L2secSecret *psk;
	GPtrArray *ike, *esp;
	IkeV1Sa *sa;
	Responder *r;
	IkeV1Actions *acts;
	guint done;
} Harness;

static void
harness_free(Harness *h)
{
	ikev1_sa_free(h->sa);
	responder_free(h->r);
	ikev1_actions_free(h->acts);
	g_ptr_array_unref(h->ike);
	g_ptr_array_unref(h->esp);
	l2sec_secret_free(h->psk);
	g_free(h);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Harness, harness_free)

/* The initiator after MM1 (mode 0), or driven by the responder to the stage `mode` fuzzes. */
static Harness *
harness_new(unsigned mode, bool silent)
{
	Harness *h = g_new0(Harness, 1);
	h->seed = 0x2545f491;
	h->psk = l2sec_secret_new_str("labsecret");
	if (!ike_proposal_parse_ike("aes128-sha256-ecp256", &h->ike, NULL) ||
	    !ike_proposal_parse_esp("aes128gcm16,aes128-sha1", &h->esp, NULL))
		g_error("proposals");
	IkeV1Config c = {.psk = h->psk,
	    .ike_proposals = h->ike,
	    .esp_proposals = h->esp,
	    .rng = rng,
	    .rng_data = &h->seed,
	    .local_addr = {10, 0, 0, 2},
	    .remote_addr = {192, 0, 2, 1}};
	h->sa = ikev1_sa_new(&c, NULL);
	g_assert_nonnull(h->sa);
	ResponderConfig rc = {.psk = "labsecret",
	    .ike_accept = "aes128-sha256-ecp256",
	    .esp_accept = "aes128gcm16",
	    .addr = {192, 0, 2, 1},
	    .peer_addr = {10, 0, 0, 2},
	    .peer_port = 500,
	    .natt = true,
	    .dpd = true,
	    .silent_mm5 = silent && mode == 1,
	    .silent_qm1 = silent && mode == 2};
	h->r = responder_new(&rc);
	h->acts = ikev1_actions_new();
	ikev1_sa_start(h->sa, 1000, h->acts);
	if (mode != 0)
		pump(h->sa, h->r, h->acts, &h->done);
	return h;
}

/*
 * Seeds: with FUZZ_IKEV1_WRITE_SEEDS=DIR set, the first call writes one valid
 * input per encrypted stage (the plaintext the responder really sent, whose
 * hashes verify, so mutations start past the integrity checks) and the
 * responder's MM2 for stage 0.
 */
static void
write_seed(const char *dir, const char *name, uint8_t mode, uint8_t first, GBytes *body)
{
	g_autoptr(GByteArray) b = g_byte_array_new();
	g_byte_array_append(b, &mode, 1);
	if (mode != 0)
		g_byte_array_append(b, &first, 1);
	g_byte_array_append(b, g_bytes_get_data(body, NULL), (guint)g_bytes_get_size(body));
	g_autofree char *path = g_build_filename(dir, name, NULL);
	if (!g_file_set_contents(path, (const char *)b->data, b->len, NULL))
		g_error("cannot write %s", path);
}

static void
write_seeds(const char *dir)
{
	uint8_t first;
	{
		g_autoptr(Harness) h = harness_new(0, false);
		const IkeV1Action *mm1 = ikev1_actions_find(h->acts, IKEV1_ACTION_SEND, 0);
		g_autoptr(GBytes) mm2 = responder_handle(h->r, mm1->bytes, NULL);
		write_seed(dir, "mm2-from-responder", 0, 0, mm2);
	}
	{
		g_autoptr(Harness) h = harness_new(3, false); /* all the way, non-silent */
		g_assert_cmpstr(ikev1_sa_state_name(h->sa), ==, "UP");
		g_bytes_unref(responder_fuzz_info(h->r, true)); /* what counts is its plaintext */
		g_autoptr(GBytes) dpd_plain = responder_last_plain(h->r, &first);
		write_seed(dir, "info-r-u-there", 3, first, dpd_plain);
		g_bytes_unref(responder_fuzz_info(h->r, false));
		g_autoptr(GBytes) del_plain = responder_last_plain(h->r, &first);
		write_seed(dir, "info-delete-isakmp", 3, first, del_plain);
	}
	{
		/* step by step: the bodies of MM6 and QM2 as the responder encrypted them */
		g_autoptr(Harness) h = harness_new(0, false);
		while (h->done < h->acts->len) {
			IkeV1Action *a = &g_array_index(h->acts, IkeV1Action, h->done++);
			if (a->type != IKEV1_ACTION_SEND)
				continue;
			g_autoptr(GBytes) reply = responder_handle(h->r, a->bytes, NULL);
			if (reply == NULL)
				continue;
			const uint8_t *d = g_bytes_get_data(reply, NULL);
			g_autoptr(GBytes) plain = responder_last_plain(h->r, &first);
			if (d[18] == ISAKMP_EXCH_MAIN && (d[19] & ISAKMP_FLAG_ENCRYPTION))
				write_seed(dir, "mm6-valid", 1, first, plain);
			else if (d[18] == ISAKMP_EXCH_QUICK)
				write_seed(dir, "qm2-valid", 2, first, plain);
			ikev1_sa_receive(h->sa, 1000, d, g_bytes_get_size(reply), h->acts);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool seeded;
	const char *seed_dir = g_getenv("FUZZ_IKEV1_WRITE_SEEDS");
	if (!seeded && seed_dir != NULL)
		write_seeds(seed_dir);
	seeded = true;
	if (size < 1)
		return 0;
	unsigned mode = data[0] % 4;
	data++;
	size--;
	g_autoptr(Harness) h = harness_new(mode, true);
	g_autoptr(GBytes) msg = NULL;
	if (mode == 0) {
		g_autofree uint8_t *copy = g_memdup2(data, size);
		const IkeV1Action *mm1 = ikev1_actions_find(h->acts, IKEV1_ACTION_SEND, 0);
		if (size >= 8)
			memcpy(copy, g_bytes_get_data(mm1->bytes, NULL), 8);
		msg = g_bytes_new(copy, size);
	} else {
		static const char *const want[] = {NULL, "MM_SENT5", "QM_SENT1", "UP"};
		g_assert_cmpstr(ikev1_sa_state_name(h->sa), ==, want[mode]);
		uint8_t first = size > 0 ? data[0] : 0;
		const uint8_t *body = size > 0 ? data + 1 : data;
		size_t len = size > 0 ? size - 1 : 0;
		msg = mode == 1   ? responder_encrypt_mm(h->r, first, body, len)
		      : mode == 2 ? responder_encrypt_qm(h->r, first, body, len)
				  : responder_encrypt_info(h->r, first, body, len);
	}
	ikev1_sa_receive(h->sa, 2000, g_bytes_get_data(msg, NULL), g_bytes_get_size(msg), h->acts);
	check_contract(h->sa, h->acts);
	/* a second delivery is a repeat, a late timer fires: neither may break the contract */
	ikev1_sa_receive(h->sa, 2001, g_bytes_get_data(msg, NULL), g_bytes_get_size(msg), h->acts);
	ikev1_sa_timer(h->sa, 60000, h->acts);
	check_contract(h->sa, h->acts);
	return 0;
}
