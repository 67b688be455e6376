/* ikev1_responder.c — a minimal IKEv1 responder for tests; see ikev1_responder.h. */
#include "config.h"

#include <string.h>
#include <openssl/crypto.h>

#include "common/error.h"
#include "common/wire.h"
#include "ipsec/ikev1_private.h"
#include "tests/unit/ipsec/ikev1_responder.h"

struct Responder {
	ResponderConfig cfg;
	L2secSecret *psk;
	GPtrArray *ike, *esp;
	GRand *rand;
	uint8_t icookie[8], rcookie[8];
	GBytes *last_in, *last_out;
	/* Main Mode */
	GBytes *sai_b;
	const IkeProposal *chosen;
	IkeDh *dh;
	GBytes *gxi, *ni;
	uint8_t nr[32];
	IkeV1Keys *keys;
	uint8_t iv[16], p1_last[16];
	bool natt;
	int mm_step;
	/* Quick Mode */
	uint32_t qm_msgid;
	uint8_t qm_iv[16];
	GBytes *qm_ni;
	uint8_t qm_nr[32];
	const EspProposal *esp_chosen;
	IkeDh *qm_dh;
	L2secSecret *qm_gxy;
	ResponderState st;
	GBytes *last_plain; /* the body of the last message it encrypted */
	uint8_t last_first;
};

static void
rnd(Responder *r, void *buf, size_t len)
{
	uint8_t *b = buf;
	for (size_t i = 0; i < len; i++)
		b[i] = (uint8_t)g_rand_int_range(r->rand, 0, 256);
}

Responder *
responder_new(const ResponderConfig *cfg)
{
	Responder *r = g_new0(Responder, 1);
	r->cfg = *cfg;
	r->psk = l2sec_secret_new_str(cfg->psk);
	g_autoptr(GError) error = NULL;
	if (!ike_proposal_parse_ike(cfg->ike_accept, &r->ike, &error) ||
	    !ike_proposal_parse_esp(cfg->esp_accept, &r->esp, &error))
		g_error("responder proposals: %s", error->message);
	r->rand = g_rand_new_with_seed(4711);
	return r;
}

void
responder_free(Responder *r)
{
	if (r == NULL)
		return;
	l2sec_secret_free(r->psk);
	g_ptr_array_unref(r->ike);
	g_ptr_array_unref(r->esp);
	g_rand_free(r->rand);
	g_clear_pointer(&r->last_in, g_bytes_unref);
	g_clear_pointer(&r->last_out, g_bytes_unref);
	g_clear_pointer(&r->last_plain, g_bytes_unref);
	g_clear_pointer(&r->sai_b, g_bytes_unref);
	g_clear_pointer(&r->gxi, g_bytes_unref);
	g_clear_pointer(&r->ni, g_bytes_unref);
	g_clear_pointer(&r->qm_ni, g_bytes_unref);
	ike_dh_free(r->dh);
	ike_dh_free(r->qm_dh);
	l2sec_secret_free(r->qm_gxy);
	ikev1_keys_free(r->keys);
	l2sec_secret_free(r->st.keymat_in);
	l2sec_secret_free(r->st.keymat_out);
	g_free(r);
}

const ResponderState *
responder_state(const Responder *r)
{
	return &r->st;
}

static void
header(Responder *r, uint8_t exchange, uint32_t msgid, IsakmpHeader *h)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->icookie, r->icookie, 8);
	memcpy(h->rcookie, r->rcookie, 8);
	h->exchange = exchange;
	h->message_id = msgid;
}

/* A key pair from the responder's seeded GRand, so runs (and fuzz seeds) repeat exactly. */
static IkeDh *
resp_dh(Responder *r, unsigned group, GError **error)
{
	uint8_t priv[48];
	size_t len = group == IKE_DH_ECP384 ? 48 : 32;
	IkeDh *dh = NULL;
	for (int tries = 0; dh == NULL && tries < 8; tries++) {
		g_clear_error(error);
		rnd(r, priv, len);
		priv[0] &= 0x7f;
		dh = ike_dh_new_with_private((IkeDhGroup)group, priv, len, error);
	}
	return dh;
}

static GBytes *
clear_msg(Responder *r, uint8_t exchange, IsakmpPayload *ps, size_t n)
{
	IsakmpHeader h;
	header(r, exchange, 0, &h);
	g_autoptr(GByteArray) w = g_byte_array_new();
	IsakmpBuilder b;
	isakmp_builder_begin(&b, w, &h);
	for (size_t i = 0; i < n; i++)
		ikev1_add(&b, &ps[i]);
	isakmp_builder_finish(&b);
	return g_bytes_new(w->data, w->len);
}

static GBytes *
enc_msg(
    Responder *r, uint8_t exchange, uint32_t msgid, uint8_t *iv, GByteArray *body, uint8_t first)
{
	IsakmpHeader h;
	header(r, exchange, msgid, &h);
	g_autoptr(GByteArray) hw = g_byte_array_new();
	size_t at = isakmp_header_encode(&h, hw);
	isakmp_header_finish(hw, at);
	g_clear_pointer(&r->last_plain, g_bytes_unref);
	r->last_plain = g_bytes_new(body->data, body->len);
	r->last_first = first;
	g_autoptr(GByteArray) w = g_byte_array_new();
	g_autoptr(GError) error = NULL;
	if (!ikev1_crypt_encrypt_message(
		r->keys, iv, hw->data, first, body->data, body->len, w, iv, &error))
		g_error("responder encrypt: %s", error->message);
	return g_bytes_new(w->data, w->len);
}

/* A body HASH | payloads with the hash computed by kind: 1 Informational, 2 QM HASH(2). */
static GBytes *
p2_msg(Responder *r, uint8_t exchange, uint32_t msgid, uint8_t *iv, IsakmpPayload *ps, size_t n,
    int kind)
{
	IkeHash hash = r->chosen->hash;
	size_t hlen = ike_hash_len(hash);
	g_autoptr(GByteArray) body = g_byte_array_new();
	IsakmpBuilder b;
	isakmp_builder_begin_body(&b, body);
	IsakmpPayload hp = {0};
	uint8_t h[IKE_HASH_MAX_LEN] = {0};
	isakmp_payload_init_data(&hp, ISAKMP_PAYLOAD_HASH, h, hlen);
	ikev1_add(&b, &hp);
	size_t after = body->len;
	for (size_t i = 0; i < n; i++)
		ikev1_add(&b, &ps[i]);
	isakmp_builder_finish(&b);
	g_autoptr(GError) error = NULL;
	bool ok;
	if (kind == 1) {
		ok = ikev1_info_hash(hash, r->keys->skeyid_a, msgid, body->data + after,
		    body->len - after, h, &error);
	} else {
		gsize nl;
		const uint8_t *nd = g_bytes_get_data(r->qm_ni, &nl);
		ok = ikev1_qm_hash2(hash, r->keys->skeyid_a, msgid, nd, nl, body->data + after,
		    body->len - after, h, &error);
	}
	g_assert_true(ok);
	memcpy(body->data + ISAKMP_GENERIC_LEN, h, hlen);
	return enc_msg(r, exchange, msgid, iv, body, b.first);
}

static GBytes *
info_id(Responder *r, uint32_t msgid, IsakmpPayload *p)
{
	uint8_t iv[16];
	g_autoptr(GError) error = NULL;
	g_assert_true(
	    ikev1_phase2_iv(r->chosen->hash, r->p1_last, r->keys->block_size, msgid, iv, &error));
	return p2_msg(r, ISAKMP_EXCH_INFORMATIONAL, msgid, iv, p, 1, 1);
}

static GBytes *
info(Responder *r, IsakmpPayload *p)
{
	return info_id(r, g_rand_int(r->rand) | 1, p);
}

static bool
ike_ok(const IsakmpTransform *t, const IkeProposal *p)
{
	uint64_t e = 0, h = 0, g = 0, a = 0, k = 0;
	(void)isakmp_transform_get(t, IKE_ATTR_ENCRYPTION, &e);
	(void)isakmp_transform_get(t, IKE_ATTR_HASH, &h);
	(void)isakmp_transform_get(t, IKE_ATTR_GROUP_DESC, &g);
	(void)isakmp_transform_get(t, IKE_ATTR_AUTH_METHOD, &a);
	(void)isakmp_transform_get(t, IKE_ATTR_KEY_LENGTH, &k);
	return e == p->encr && h == p->hash && g == p->group && a == 1 && k == p->key_bits;
}

static GBytes *
on_mm1(Responder *r, const uint8_t *data, size_t len, const IsakmpMessage *m, GError **error)
{
	memcpy(r->icookie, m->header.icookie, 8);
	rnd(r, r->rcookie, 8);
	const IsakmpPayload *sp = isakmp_payloads_find(m->payloads, ISAKMP_PAYLOAD_SA, 0);
	if (sp == NULL)
		return l2sec_fail(error, L2SEC_IKE_ERROR, 0, "MM1 without SA"), NULL;
	size_t blen;
	const uint8_t *body = ikev1_raw_body(data + 28, len - 28, sp, &blen);
	r->sai_b = g_bytes_new(body, blen);
	const IsakmpProposal *prop = &g_array_index(sp->u.sa.proposals, IsakmpProposal, 0);
	const IsakmpTransform *pick = NULL;
	for (guint i = 0; i < prop->transforms->len && pick == NULL; i++) {
		const IsakmpTransform *t = &g_array_index(prop->transforms, IsakmpTransform, i);
		for (guint k = 0; k < r->ike->len && pick == NULL; k++)
			if (ike_ok(t, g_ptr_array_index(r->ike, k))) {
				pick = t;
				r->chosen = g_ptr_array_index(r->ike, k);
			}
	}
	IsakmpPayload ps[4] = {0};
	size_t n = 0;
	if (pick == NULL) {
		/* strongSwan (noprop-02): a clear Informational, both cookies as SPI */
		uint8_t spi[16];
		memcpy(spi, r->icookie, 8);
		memcpy(spi + 8, r->rcookie, 8);
		isakmp_payload_init_notify(
		    &ps[0], ISAKMP_PROTO_ISAKMP, ISAKMP_N_NO_PROPOSAL_CHOSEN, spi, 16, NULL, 0);
		return clear_msg(r, ISAKMP_EXCH_INFORMATIONAL, ps, 1);
	}
	ps[n].type = ISAKMP_PAYLOAD_SA;
	isakmp_sa_init(&ps[n].u.sa, 1, 1);
	IsakmpProposal *op = isakmp_sa_add_proposal(&ps[n].u.sa, 1, ISAKMP_PROTO_ISAKMP, NULL, 0);
	IsakmpTransform *ot = isakmp_proposal_add_transform(op, pick->number, pick->id);
	for (guint i = 0; i < pick->attrs->len; i++) {
		const IsakmpAttr *a = &g_array_index(pick->attrs, IsakmpAttr, i);
		isakmp_transform_add_uint(ot, a->type, a->value);
	}
	n++;
	size_t vl;
	const uint8_t *v;
	if (r->cfg.natt || r->cfg.natt_draft) {
		v = isakmp_vendor_bytes(
		    r->cfg.natt ? ISAKMP_VENDOR_NATT_RFC3947 : ISAKMP_VENDOR_NATT_DRAFT_02N, &vl);
		isakmp_payload_init_data(&ps[n++], ISAKMP_PAYLOAD_VENDOR, v, vl);
		r->natt = true;
	}
	if (r->cfg.dpd) {
		v = isakmp_vendor_bytes(ISAKMP_VENDOR_DPD, &vl);
		isakmp_payload_init_data(&ps[n++], ISAKMP_PAYLOAD_VENDOR, v, vl);
	}
	r->mm_step = 2;
	return clear_msg(r, ISAKMP_EXCH_MAIN, ps, n);
}

static GBytes *
on_mm3(Responder *r, const IsakmpMessage *m, GError **error)
{
	const IsakmpPayload *ke = isakmp_payloads_find(m->payloads, ISAKMP_PAYLOAD_KE, 0);
	const IsakmpPayload *ni = isakmp_payloads_find(m->payloads, ISAKMP_PAYLOAD_NONCE, 0);
	if (ke == NULL || ni == NULL)
		return l2sec_fail(error, L2SEC_IKE_ERROR, 0, "MM3 without KE/Ni"), NULL;
	r->gxi = g_bytes_ref(ke->u.data);
	r->ni = g_bytes_ref(ni->u.data);
	r->dh = resp_dh(r, r->chosen->group, error);
	if (r->dh == NULL)
		return NULL;
	rnd(r, r->nr, sizeof(r->nr));
	gsize gl, nl;
	const uint8_t *gxi = g_bytes_get_data(r->gxi, &gl);
	const uint8_t *nid = g_bytes_get_data(r->ni, &nl);
	g_autoptr(L2secSecret) gxy = NULL;
	g_autoptr(L2secSecret) skeyid = NULL;
	IkeHash hash = r->chosen->hash;
	if (!ike_dh_compute(r->dh, gxi, gl, &gxy, error) ||
	    !ikev1_skeyid_psk(hash, r->psk, nid, nl, r->nr, sizeof(r->nr), &skeyid, error))
		return NULL;
	r->keys = ikev1_keys_derive(
	    hash, skeyid, gxy, r->icookie, r->rcookie, r->chosen->encr, r->chosen->key_bits, error);
	size_t pl;
	const uint8_t *pub = ike_dh_public(r->dh, &pl);
	if (r->keys == NULL ||
	    !ikev1_phase1_iv(hash, gxi, gl, pub, pl, r->keys->block_size, r->iv, error))
		return NULL;
	IsakmpPayload ps[4] = {0};
	size_t n = 0;
	isakmp_payload_init_data(&ps[n++], ISAKMP_PAYLOAD_KE, pub, pl);
	isakmp_payload_init_data(&ps[n++], ISAKMP_PAYLOAD_NONCE, r->nr, sizeof(r->nr));
	if (r->natt) {
		uint8_t t = r->cfg.natt ? ISAKMP_PAYLOAD_NAT_D : ISAKMP_PAYLOAD_NAT_D_DRAFT;
		uint8_t h1[64], h2[64];
		/* the initiator's NAT-D for itself is the second; compare with what we see */
		const IsakmpPayload *their = isakmp_payloads_find(m->payloads, t, 1);
		g_assert_true(ikev1_natd_hash(
		    hash, r->icookie, r->rcookie, r->cfg.peer_addr, 4, r->cfg.peer_port, h1, NULL));
		if (their == NULL ||
		    memcmp(g_bytes_get_data(their->u.data, NULL), h1, ike_hash_len(hash)) != 0)
			r->st.nat_seen = true;
		g_assert_true(
		    ikev1_natd_hash(hash, r->icookie, r->rcookie, r->cfg.addr, 4, 500, h2, NULL));
		isakmp_payload_init_data(&ps[n++], t, h1, ike_hash_len(hash));
		isakmp_payload_init_data(&ps[n++], t, h2, ike_hash_len(hash));
	}
	r->mm_step = 4;
	return clear_msg(r, ISAKMP_EXCH_MAIN, ps, n);
}

static GBytes *
on_mm5(Responder *r, const IsakmpMessage *m, GError **error)
{
	gsize cl;
	const uint8_t *ct = g_bytes_get_data(m->encrypted, &cl);
	uint8_t next_iv[16];
	g_autofree uint8_t *plain = ikev1_crypt_decrypt(r->keys, r->iv, ct, cl, next_iv, error);
	if (plain == NULL)
		return NULL;
	memcpy(r->iv, next_iv, r->keys->block_size);
	size_t pad;
	g_autoptr(GError) perr = NULL;
	g_autoptr(GArray) ps_in =
	    isakmp_payloads_decode(m->header.next_payload, plain, cl, 28, &pad, &perr);
	const IsakmpPayload *id = ps_in ? isakmp_payloads_find(ps_in, ISAKMP_PAYLOAD_ID, 0) : NULL;
	const IsakmpPayload *hp =
	    ps_in ? isakmp_payloads_find(ps_in, ISAKMP_PAYLOAD_HASH, 0) : NULL;
	IkeHash hash = r->chosen->hash;
	gsize gl;
	const uint8_t *gxi = g_bytes_get_data(r->gxi, &gl);
	size_t pl;
	const uint8_t *pub = ike_dh_public(r->dh, &pl);
	bool ok = false;
	if (id != NULL && hp != NULL) {
		size_t il;
		const uint8_t *idb = ikev1_raw_body(plain, cl - pad, id, &il);
		uint8_t h[64];
		g_assert_true(ikev1_main_mode_hash(hash, r->keys->skeyid, true, gxi, gl, pub, pl,
		    r->icookie, r->rcookie, g_bytes_get_data(r->sai_b, NULL),
		    g_bytes_get_size(r->sai_b), idb, il, h, NULL));
		ok = g_bytes_get_size(hp->u.data) == ike_hash_len(hash) &&
		     memcmp(g_bytes_get_data(hp->u.data, NULL), h, ike_hash_len(hash)) == 0;
		const IsakmpPayload *ic = isakmp_payloads_find(ps_in, ISAKMP_PAYLOAD_NOTIFY, 0);
		if (ic != NULL && ic->u.notify.type == ISAKMP_N_INITIAL_CONTACT)
			r->st.initial_contact++;
	}
	if (!ok && !r->cfg.lenient_auth) {
		/* like a real server with another PSK: an encrypted notify the initiator cannot
		 * read */
		memcpy(r->p1_last, r->iv, r->keys->block_size);
		uint8_t spi[16];
		memcpy(spi, r->icookie, 8);
		memcpy(spi + 8, r->rcookie, 8);
		IsakmpPayload n = {0};
		isakmp_payload_init_notify(
		    &n, ISAKMP_PROTO_ISAKMP, ISAKMP_N_AUTHENTICATION_FAILED, spi, 16, NULL, 0);
		GBytes *out = info(r, &n);
		l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_AUTH_FAILED, "HASH_I mismatch");
		r->last_out = g_bytes_ref(out);
		return out;
	}
	if (r->cfg.mm5_notify != 0) {
		memcpy(r->p1_last, r->iv, r->keys->block_size);
		uint8_t spi[16];
		memcpy(spi, r->icookie, 8);
		memcpy(spi + 8, r->rcookie, 8);
		IsakmpPayload n = {0};
		isakmp_payload_init_notify(
		    &n, ISAKMP_PROTO_ISAKMP, r->cfg.mm5_notify, spi, 16, NULL, 0);
		return info(r, &n);
	}
	if (r->cfg.silent_mm5)
		return NULL;
	IsakmpPayload ps[2] = {0};
	g_autoptr(GByteArray) body = g_byte_array_new();
	IsakmpBuilder b;
	isakmp_builder_begin_body(&b, body);
	isakmp_payload_init_id(&ps[0], ISAKMP_ID_IPV4_ADDR, 0, 0, r->cfg.addr, 4);
	ikev1_add(&b, &ps[0]);
	uint8_t h[64];
	g_assert_true(ikev1_main_mode_hash(hash, r->keys->skeyid, false, gxi, gl, pub, pl,
	    r->icookie, r->rcookie, g_bytes_get_data(r->sai_b, NULL), g_bytes_get_size(r->sai_b),
	    body->data + 4, body->len - 4, h, NULL));
	if (r->cfg.bad_hash_r)
		h[0] ^= 1;
	isakmp_payload_init_data(&ps[1], ISAKMP_PAYLOAD_HASH, h, ike_hash_len(hash));
	ikev1_add(&b, &ps[1]);
	isakmp_builder_finish(&b);
	GBytes *out = enc_msg(r, ISAKMP_EXCH_MAIN, 0, r->iv, body, b.first);
	memcpy(r->p1_last, r->iv, r->keys->block_size);
	r->st.mm_done = true;
	r->mm_step = 6;
	return out;
}

static bool
esp_ok(const IsakmpTransform *t, const EspProposal *e, unsigned pfs)
{
	uint64_t auth = 0, k = 0, g = 0;
	(void)isakmp_transform_get(t, IPSEC_ATTR_AUTH_ALG, &auth);
	(void)isakmp_transform_get(t, IPSEC_ATTR_KEY_LENGTH, &k);
	(void)isakmp_transform_get(t, IPSEC_ATTR_GROUP_DESC, &g);
	return t->id == e->transform && auth == (uint64_t)e->auth && k == e->key_bits && g == pfs;
}

/* Decrypt a phase-2 message and check its HASH; kind 1 Informational/QM1, 3 QM3. */
static GArray *
p2_open(Responder *r, const IsakmpMessage *m, uint8_t *iv, uint8_t **ret_plain, size_t *ret_len,
    size_t *ret_after, GError **error)
{
	gsize cl;
	const uint8_t *ct = g_bytes_get_data(m->encrypted, &cl);
	uint8_t next_iv[16];
	g_autofree uint8_t *plain = ikev1_crypt_decrypt(r->keys, iv, ct, cl, next_iv, error);
	if (plain == NULL)
		return NULL;
	size_t pad;
	GArray *ps = isakmp_payloads_decode(m->header.next_payload, plain, cl, 28, &pad, error);
	if (ps == NULL)
		return NULL;
	memcpy(iv, next_iv, r->keys->block_size);
	*ret_len = cl - pad;
	*ret_after = ps->len > 1 ? g_array_index(ps, IsakmpPayload, 1).at - 28 : *ret_len;
	*ret_plain = g_steal_pointer(&plain);
	return ps;
}

static bool
hash_is(const GArray *ps, const uint8_t *h, size_t len)
{
	const IsakmpPayload *p = &g_array_index(ps, IsakmpPayload, 0);
	return p->type == ISAKMP_PAYLOAD_HASH && g_bytes_get_size(p->u.data) == len &&
	       memcmp(g_bytes_get_data(p->u.data, NULL), h, len) == 0;
}

static GBytes *
on_qm1(Responder *r, const IsakmpMessage *m, GError **error)
{
	IkeHash hash = r->chosen->hash;
	size_t hlen = ike_hash_len(hash);
	r->qm_msgid = m->header.message_id;
	g_assert_true(
	    ikev1_phase2_iv(hash, r->p1_last, r->keys->block_size, r->qm_msgid, r->qm_iv, NULL));
	g_autofree uint8_t *plain = NULL;
	size_t plen, after;
	g_autoptr(GArray) ps = p2_open(r, m, r->qm_iv, &plain, &plen, &after, error);
	if (ps == NULL)
		return NULL;
	uint8_t h[64];
	g_assert_true(ikev1_qm_hash1(
	    hash, r->keys->skeyid_a, r->qm_msgid, plain + after, plen - after, h, NULL));
	if (!hash_is(ps, h, hlen))
		return l2sec_fail(error, L2SEC_IKE_ERROR, 0, "QM HASH(1) mismatch"), NULL;
	const IsakmpPayload *sp = isakmp_payloads_find(ps, ISAKMP_PAYLOAD_SA, 0);
	const IsakmpPayload *ni = isakmp_payloads_find(ps, ISAKMP_PAYLOAD_NONCE, 0);
	g_clear_pointer(&r->qm_ni, g_bytes_unref);
	r->qm_ni = g_bytes_ref(ni->u.data);
	r->st.quick_modes++;
	const IsakmpProposal *prop = &g_array_index(sp->u.sa.proposals, IsakmpProposal, 0);
	r->st.spi_out = (uint32_t)prop->spi[0] << 24 | (uint32_t)prop->spi[1] << 16 |
			(uint32_t)prop->spi[2] << 8 | prop->spi[3];
	for (guint k = 0; k < 2; k++) {
		const IsakmpPayload *oa = isakmp_payloads_find(ps, ISAKMP_PAYLOAD_NAT_OA, k);
		if (oa == NULL)
			oa = isakmp_payloads_find(ps, ISAKMP_PAYLOAD_NAT_OA_DRAFT, k);
		if (oa != NULL) {
			if (r->st.nat_oa_count == 0)
				memcpy(r->st.nat_oa_first, oa->u.nat_oa.addr, 4);
			r->st.nat_oa_count++;
		}
	}
	const IsakmpTransform *pick = NULL;
	for (guint i = 0; i < prop->transforms->len && pick == NULL; i++) {
		const IsakmpTransform *t = &g_array_index(prop->transforms, IsakmpTransform, i);
		for (guint k = 0; k < r->esp->len && pick == NULL; k++)
			if (esp_ok(t, g_ptr_array_index(r->esp, k), r->cfg.pfs_group)) {
				pick = t;
				r->esp_chosen = g_ptr_array_index(r->esp, k);
			}
	}
	IsakmpPayload out[8] = {0};
	size_t n = 0;
	if (pick == NULL) {
		uint8_t spi[4];
		memcpy(spi, prop->spi, 4);
		isakmp_payload_init_notify(
		    &out[0], ISAKMP_PROTO_ESP, ISAKMP_N_NO_PROPOSAL_CHOSEN, spi, 4, NULL, 0);
		return info(r, &out[0]);
	}
	if (r->cfg.silent_qm1)
		return NULL;
	uint64_t mode = 0;
	(void)isakmp_transform_get(pick, IPSEC_ATTR_ENCAP_MODE, &mode);
	r->st.qm_encap_mode = (uint16_t)mode;
	do
		r->st.spi_in = g_rand_int(r->rand);
	while (r->st.spi_in < 256);
	uint8_t spi[4] = {(uint8_t)(r->st.spi_in >> 24), (uint8_t)(r->st.spi_in >> 16),
	    (uint8_t)(r->st.spi_in >> 8), (uint8_t)r->st.spi_in};
	out[n].type = ISAKMP_PAYLOAD_SA;
	isakmp_sa_init(&out[n].u.sa, 1, 1);
	IsakmpProposal *op = isakmp_sa_add_proposal(&out[n].u.sa, 1, ISAKMP_PROTO_ESP, spi, 4);
	IsakmpTransform *ot = isakmp_proposal_add_transform(op, pick->number, pick->id);
	for (guint i = 0; i < pick->attrs->len; i++) {
		const IsakmpAttr *a = &g_array_index(pick->attrs, IsakmpAttr, i);
		isakmp_transform_add_uint(ot, a->type, a->value);
	}
	n++;
	rnd(r, r->qm_nr, sizeof(r->qm_nr));
	isakmp_payload_init_data(&out[n++], ISAKMP_PAYLOAD_NONCE, r->qm_nr, sizeof(r->qm_nr));
	if (r->cfg.pfs_group != 0) {
		const IsakmpPayload *ke = isakmp_payloads_find(ps, ISAKMP_PAYLOAD_KE, 0);
		g_assert_nonnull(ke);
		ike_dh_free(r->qm_dh); /* a rekey's Quick Mode replaces the previous one's */
		l2sec_secret_free(r->qm_gxy);
		r->qm_gxy = NULL;
		r->qm_dh = resp_dh(r, r->cfg.pfs_group, error);
		gsize kl;
		const uint8_t *kd = g_bytes_get_data(ke->u.data, &kl);
		if (r->qm_dh == NULL || !ike_dh_compute(r->qm_dh, kd, kl, &r->qm_gxy, error))
			return NULL;
		size_t pl;
		const uint8_t *pub = ike_dh_public(r->qm_dh, &pl);
		isakmp_payload_init_data(&out[n++], ISAKMP_PAYLOAD_KE, pub, pl);
	}
	static const uint8_t zero4[4];
	for (guint k = 0; k < (r->cfg.qm2_no_ids ? 0u : r->cfg.qm2_one_id ? 1u : 2u); k++) {
		const IsakmpPayload *id = isakmp_payloads_find(ps, ISAKMP_PAYLOAD_ID, k);
		gsize dl;
		const uint8_t *d = g_bytes_get_data(id->u.id.data, &dl);
		uint16_t port = id->u.id.port;
		if (k == 1 && r->cfg.qm2_idcr_port != 0)
			port = r->cfg.qm2_idcr_port > 0 ? (uint16_t)r->cfg.qm2_idcr_port : 0;
		if (k == 0 && memcmp(r->cfg.qm2_idci_addr, zero4, 4) != 0) {
			d = r->cfg.qm2_idci_addr;
			dl = 4;
		}
		isakmp_payload_init_id(&out[n++], id->u.id.type, id->u.id.protocol, port, d, dl);
	}
	if (r->cfg.responder_lifetime_s != 0) {
		uint8_t attrs[] = {0x80, 0x01, 0x00, 0x01, 0x00, 0x02, 0x00, 0x04,
		    (uint8_t)(r->cfg.responder_lifetime_s >> 24),
		    (uint8_t)(r->cfg.responder_lifetime_s >> 16),
		    (uint8_t)(r->cfg.responder_lifetime_s >> 8),
		    (uint8_t)r->cfg.responder_lifetime_s};
		isakmp_payload_init_notify(&out[n++], ISAKMP_PROTO_ESP, ISAKMP_N_RESPONDER_LIFETIME,
		    spi, 4, attrs, sizeof(attrs));
	}
	return p2_msg(r, ISAKMP_EXCH_QUICK, r->qm_msgid, r->qm_iv, out, n, 2);
}

static GBytes *
on_qm3(Responder *r, const IsakmpMessage *m, GError **error)
{
	IkeHash hash = r->chosen->hash;
	g_autofree uint8_t *plain = NULL;
	size_t plen, after;
	g_autoptr(GArray) ps = p2_open(r, m, r->qm_iv, &plain, &plen, &after, error);
	if (ps == NULL)
		return NULL;
	gsize nl;
	const uint8_t *nid = g_bytes_get_data(r->qm_ni, &nl);
	uint8_t h[64];
	g_assert_true(ikev1_qm_hash3(
	    hash, r->keys->skeyid_a, r->qm_msgid, nid, nl, r->qm_nr, sizeof(r->qm_nr), h, NULL));
	if (!hash_is(ps, h, ike_hash_len(hash)))
		return l2sec_fail(error, L2SEC_IKE_ERROR, 0, "QM HASH(3) mismatch"), NULL;
	size_t len = r->esp_chosen->keymat_len;
	l2sec_secret_free(r->st.keymat_in); /* a rekey's replace the previous pair's */
	l2sec_secret_free(r->st.keymat_out);
	r->st.keymat_in = r->st.keymat_out = NULL;
	g_assert_true(ikev1_keymat(hash, r->keys->skeyid_d, r->qm_gxy, ISAKMP_PROTO_ESP,
	    r->st.spi_in, nid, nl, r->qm_nr, sizeof(r->qm_nr), len, &r->st.keymat_in, NULL));
	g_assert_true(ikev1_keymat(hash, r->keys->skeyid_d, r->qm_gxy, ISAKMP_PROTO_ESP,
	    r->st.spi_out, nid, nl, r->qm_nr, sizeof(r->qm_nr), len, &r->st.keymat_out, NULL));
	r->st.qm_done = true;
	return NULL;
}

static GBytes *
on_info(Responder *r, const IsakmpMessage *m, GError **error)
{
	uint32_t msgid = m->header.message_id;
	uint8_t iv[16];
	g_assert_true(
	    ikev1_phase2_iv(r->chosen->hash, r->p1_last, r->keys->block_size, msgid, iv, NULL));
	g_autofree uint8_t *plain = NULL;
	size_t plen, after;
	g_autoptr(GArray) ps = p2_open(r, m, iv, &plain, &plen, &after, error);
	if (ps == NULL)
		return NULL;
	uint8_t h[64];
	g_assert_true(ikev1_info_hash(
	    r->chosen->hash, r->keys->skeyid_a, msgid, plain + after, plen - after, h, NULL));
	if (!hash_is(ps, h, ike_hash_len(r->chosen->hash)))
		return l2sec_fail(error, L2SEC_IKE_ERROR, 0, "Informational HASH(1) mismatch"),
		       NULL;
	const IsakmpPayload *p = &g_array_index(ps, IsakmpPayload, 1);
	if (p->type == ISAKMP_PAYLOAD_DELETE) {
		if (p->u.del.protocol == ISAKMP_PROTO_ESP)
			r->st.deletes_esp++;
		else
			r->st.deletes_isakmp++;
		return NULL;
	}
	uint32_t seq;
	if (p->type == ISAKMP_PAYLOAD_NOTIFY && isakmp_notify_dpd_seq(&p->u.notify, &seq)) {
		if (p->u.notify.type == ISAKMP_N_DPD_R_U_THERE_ACK) {
			r->st.dpd_acks++;
			r->st.last_ack_seq = seq;
			return NULL;
		}
		r->st.dpd_requests++;
		IsakmpPayload a = {0};
		isakmp_payload_init_notify(&a, ISAKMP_PROTO_ISAKMP, ISAKMP_N_DPD_R_U_THERE_ACK,
		    p->u.notify.spi, 16, g_bytes_get_data(p->u.notify.data, NULL), 4);
		return info(r, &a);
	}
	return NULL;
}

GBytes *
responder_handle(Responder *r, GBytes *in, GError **error)
{
	if (r->last_in != NULL && g_bytes_equal(in, r->last_in))
		return r->last_out != NULL ? g_bytes_ref(r->last_out) : NULL;
	gsize len;
	const uint8_t *data = g_bytes_get_data(in, &len);
	g_autoptr(IsakmpMessage) m = isakmp_message_decode(data, len, error);
	if (m == NULL)
		return NULL;
	GBytes *out = NULL;
	if (m->header.exchange == ISAKMP_EXCH_MAIN && r->mm_step == 0)
		out = on_mm1(r, data, len, m, error);
	else if (m->header.exchange == ISAKMP_EXCH_MAIN && r->mm_step == 2)
		out = on_mm3(r, m, error);
	else if (m->header.exchange == ISAKMP_EXCH_MAIN && r->mm_step == 4)
		return on_mm5(r, m, error);
	else if (m->header.exchange == ISAKMP_EXCH_QUICK &&
		 (r->qm_ni == NULL || m->header.message_id != r->qm_msgid)) /* new, or a rekey */
		out = on_qm1(r, m, error);
	else if (m->header.exchange == ISAKMP_EXCH_QUICK)
		out = on_qm3(r, m, error);
	else if (m->header.exchange == ISAKMP_EXCH_INFORMATIONAL)
		return on_info(r, m, error); /* one-shot, not remembered */
	else
		l2sec_fail(error, L2SEC_IKE_ERROR, 0, "unexpected exchange %u", m->header.exchange);
	if (m->header.exchange != ISAKMP_EXCH_INFORMATIONAL) {
		g_clear_pointer(&r->last_in, g_bytes_unref);
		g_clear_pointer(&r->last_out, g_bytes_unref);
		r->last_in = g_bytes_ref(in);
		r->last_out = out != NULL ? g_bytes_ref(out) : NULL;
	}
	return out;
}

GBytes *
responder_delete(Responder *r, bool esp)
{
	IsakmpPayload p = {0};
	if (esp) {
		uint8_t spi[4] = {(uint8_t)(r->st.spi_in >> 24), (uint8_t)(r->st.spi_in >> 16),
		    (uint8_t)(r->st.spi_in >> 8), (uint8_t)r->st.spi_in};
		isakmp_payload_init_delete(&p, ISAKMP_PROTO_ESP, spi, 4, 1);
	} else {
		uint8_t c[16];
		memcpy(c, r->icookie, 8);
		memcpy(c + 8, r->rcookie, 8);
		isakmp_payload_init_delete(&p, ISAKMP_PROTO_ISAKMP, c, 16, 1);
	}
	return info(r, &p);
}

GBytes *
responder_r_u_there(Responder *r, uint32_t seq)
{
	uint8_t c[16],
	    d[4] = {(uint8_t)(seq >> 24), (uint8_t)(seq >> 16), (uint8_t)(seq >> 8), (uint8_t)seq};
	memcpy(c, r->icookie, 8);
	memcpy(c + 8, r->rcookie, 8);
	IsakmpPayload p = {0};
	isakmp_payload_init_notify(&p, ISAKMP_PROTO_ISAKMP, ISAKMP_N_DPD_R_U_THERE, c, 16, d, 4);
	return info(r, &p);
}

GBytes *
responder_bad_hash_info(Responder *r)
{
	/* a Delete of the ISAKMP SA whose HASH(1) is computed with the wrong message ID */
	uint8_t c[16];
	memcpy(c, r->icookie, 8);
	memcpy(c + 8, r->rcookie, 8);
	IsakmpPayload p = {0};
	isakmp_payload_init_delete(&p, ISAKMP_PROTO_ISAKMP, c, 16, 1);
	IkeHash hash = r->chosen->hash;
	size_t hlen = ike_hash_len(hash);
	uint32_t msgid = 0x01020304;
	g_autoptr(GByteArray) body = g_byte_array_new();
	IsakmpBuilder b;
	isakmp_builder_begin_body(&b, body);
	IsakmpPayload hp = {0};
	uint8_t h[IKE_HASH_MAX_LEN] = {0};
	isakmp_payload_init_data(&hp, ISAKMP_PAYLOAD_HASH, h, hlen);
	ikev1_add(&b, &hp);
	size_t after = body->len;
	ikev1_add(&b, &p);
	isakmp_builder_finish(&b);
	g_assert_true(ikev1_info_hash(
	    hash, r->keys->skeyid_a, msgid + 1, body->data + after, body->len - after, h, NULL));
	memcpy(body->data + ISAKMP_GENERIC_LEN, h, hlen);
	uint8_t iv[16];
	g_assert_true(ikev1_phase2_iv(hash, r->p1_last, r->keys->block_size, msgid, iv, NULL));
	return enc_msg(r, ISAKMP_EXCH_INFORMATIONAL, msgid, iv, body, b.first);
}

static GBytes *
raw_enc(Responder *r, uint8_t exchange, uint32_t msgid, uint8_t *iv, uint8_t first,
    const uint8_t *body, size_t len)
{
	g_autoptr(GByteArray) b = g_byte_array_new();
	g_byte_array_append(b, body, (guint)len);
	return enc_msg(r, exchange, msgid, iv, b, first);
}

GBytes *
responder_encrypt_mm(Responder *r, uint8_t first, const uint8_t *body, size_t len)
{
	uint8_t iv[16];
	memcpy(iv, r->iv, sizeof(iv));
	return raw_enc(r, ISAKMP_EXCH_MAIN, 0, iv, first, body, len);
}

GBytes *
responder_encrypt_qm(Responder *r, uint8_t first, const uint8_t *body, size_t len)
{
	uint8_t iv[16];
	memcpy(iv, r->qm_iv, sizeof(iv));
	return raw_enc(r, ISAKMP_EXCH_QUICK, r->qm_msgid, iv, first, body, len);
}

GBytes *
responder_last_plain(Responder *r, uint8_t *ret_first)
{
	*ret_first = r->last_first;
	return r->last_plain != NULL ? g_bytes_ref(r->last_plain) : NULL;
}

GBytes *
responder_fuzz_info(Responder *r, bool dpd)
{
	IsakmpPayload p = {0};
	uint8_t c[16], seq[4] = {0, 0, 0, 9};
	memcpy(c, r->icookie, 8);
	memcpy(c + 8, r->rcookie, 8);
	if (dpd)
		isakmp_payload_init_notify(
		    &p, ISAKMP_PROTO_ISAKMP, ISAKMP_N_DPD_R_U_THERE, c, 16, seq, 4);
	else
		isakmp_payload_init_delete(&p, ISAKMP_PROTO_ISAKMP, c, 16, 1);
	return info_id(r, RESPONDER_FUZZ_MSGID, &p);
}

GBytes *
responder_encrypt_info(Responder *r, uint8_t first, const uint8_t *body, size_t len)
{
	uint32_t msgid = RESPONDER_FUZZ_MSGID;
	uint8_t iv[16];
	g_assert_true(
	    ikev1_phase2_iv(r->chosen->hash, r->p1_last, r->keys->block_size, msgid, iv, NULL));
	return raw_enc(r, ISAKMP_EXCH_INFORMATIONAL, msgid, iv, first, body, len);
}
