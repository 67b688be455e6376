/*
 * ikev1_main_mode.c — Main Mode with a pre-shared key, initiator side
 * (RFC 2409 §5, §5.4), with NAT-T detection (RFC 3947 §3) and the vendor IDs
 * that announce it, DPD and fragmentation:
 *
 *   Initiator                          Responder
 *   HDR, SA, VID...              -->                        (MM1)
 *                                <--   HDR, SA, VID...      (MM2)
 *   HDR, KE, Ni, NAT-D, NAT-D    -->                        (MM3)
 *                                <--   HDR, KE, Nr, NAT-D.. (MM4)
 *   HDR*, IDii, HASH_I, N(IC)    -->                        (MM5, port 4500 if NATed)
 *                                <--   HDR*, IDir, HASH_R   (MM6)
 *
 * Then Quick Mode starts (ikev1_quick_mode.c).
 */
#include "config.h"

#include <string.h>
#include <openssl/crypto.h>

#include "common/error.h"
#include "common/wire.h"
#include "ipsec/ikev1_private.h"

/* RFC 3947 §3.1 and the drafts strongSwan and libreswan still answer; DPD (RFC 3706 §4);
 * fragmentation */
static const IsakmpVendor our_vids[] = {
    ISAKMP_VENDOR_NATT_RFC3947,
    ISAKMP_VENDOR_NATT_DRAFT_03,
    ISAKMP_VENDOR_NATT_DRAFT_02N,
    ISAKMP_VENDOR_NATT_DRAFT_02,
    ISAKMP_VENDOR_DPD,
    ISAKMP_VENDOR_FRAGMENTATION,
};

static uint8_t
natd_type(const IkeV1Sa *sa)
{
	return sa->natt == IKEV1_NATT_RFC ? ISAKMP_PAYLOAD_NAT_D : ISAKMP_PAYLOAD_NAT_D_DRAFT;
}

/* MM1: HDR, SA, VID... */
static IkeV1Step
mm_send1(IkeV1Sa *sa, const IsakmpMessage *msg, uint64_t now_ms, IkeV1Actions *out, GError **error)
{
	(void)msg;
	(void)error;
	ikev1_rng(sa, sa->icookie, sizeof(sa->icookie));
	memset(sa->rcookie, 0, sizeof(sa->rcookie));

	IsakmpPayload sa_p = {.type = ISAKMP_PAYLOAD_SA};
	isakmp_sa_init(&sa_p.u.sa, ISAKMP_DOI_IPSEC, ISAKMP_SIT_IDENTITY_ONLY);
	IsakmpProposal *prop = isakmp_sa_add_proposal(&sa_p.u.sa, 1, ISAKMP_PROTO_ISAKMP, NULL, 0);
	for (guint i = 0; i < sa->cfg.ike_proposals->len; i++) {
		const IkeProposal *p = g_ptr_array_index(sa->cfg.ike_proposals, i);
		IsakmpTransform *t =
		    isakmp_proposal_add_transform(prop, (uint8_t)(i + 1), ISAKMP_TRANSFORM_KEY_IKE);
		/* RFC 2409 App. A, in strongSwan's order (ok-01) */
		isakmp_transform_add_tv(t, IKE_ATTR_ENCRYPTION, p->encr);
		if (p->key_bits != 0)
			isakmp_transform_add_tv(t, IKE_ATTR_KEY_LENGTH, (uint16_t)p->key_bits);
		isakmp_transform_add_tv(t, IKE_ATTR_HASH, p->hash);
		isakmp_transform_add_tv(t, IKE_ATTR_GROUP_DESC, p->group);
		isakmp_transform_add_tv(t, IKE_ATTR_AUTH_METHOD, IKE_AUTH_PSK);
		isakmp_transform_add_tv(t, IKE_ATTR_LIFE_TYPE, 1 /* seconds */);
		isakmp_transform_add_uint(t, IKE_ATTR_LIFE_DURATION, sa->cfg.ike_lifetime_s);
	}
	g_clear_pointer(&sa->sai_b, g_byte_array_unref);
	sa->sai_b = g_byte_array_new();
	isakmp_sa_encode(&sa_p.u.sa, sa->sai_b);

	IsakmpHeader h;
	ikev1_header_init(sa, ISAKMP_EXCH_MAIN, 0, &h);
	g_autoptr(GByteArray) w = g_byte_array_new();
	IsakmpBuilder b;
	isakmp_builder_begin(&b, w, &h);
	ikev1_add(&b, &sa_p);
	for (size_t i = 0; i < G_N_ELEMENTS(our_vids); i++) {
		size_t len;
		const uint8_t *vid = isakmp_vendor_bytes(our_vids[i], &len);
		IsakmpPayload v = {0};
		isakmp_payload_init_data(&v, ISAKMP_PAYLOAD_VENDOR, vid, len);
		ikev1_add(&b, &v);
	}
	isakmp_builder_finish(&b);
	ikev1_emit_send(sa, out, w, "Main Mode message 1", true, now_ms);
	return IKEV1_STEP_NEXT;
}

static bool
transform_matches(const IsakmpTransform *t, const IkeProposal *p)
{
	uint64_t encr, hash, group, auth, keylen = 0;
	if (t->id != ISAKMP_TRANSFORM_KEY_IKE ||
	    !isakmp_transform_get(t, IKE_ATTR_ENCRYPTION, &encr) ||
	    !isakmp_transform_get(t, IKE_ATTR_HASH, &hash) ||
	    !isakmp_transform_get(t, IKE_ATTR_GROUP_DESC, &group) ||
	    !isakmp_transform_get(t, IKE_ATTR_AUTH_METHOD, &auth))
		return false;
	(void)isakmp_transform_get(t, IKE_ATTR_KEY_LENGTH, &keylen);
	return encr == p->encr && hash == p->hash && group == p->group && auth == IKE_AUTH_PSK &&
	       keylen == p->key_bits;
}

/* The peer's VIDs: which NAT-T flavour, DPD, fragmentation (a helper, not a branch). */
static void
mm_note_vids(IkeV1Sa *sa, const GArray *payloads)
{
	bool rfc = false, draft = false;
	for (guint i = 0; i < payloads->len; i++) {
		const IsakmpPayload *p = &g_array_index(payloads, IsakmpPayload, i);
		if (p->type != ISAKMP_PAYLOAD_VENDOR)
			continue;
		gsize len;
		const uint8_t *d = g_bytes_get_data(p->u.data, &len);
		IsakmpVendorMatch m = isakmp_vendor_identify(d, len);
		g_autofree char *desc = isakmp_vendor_describe(d, len);
		g_debug("IKE: server VID %s", desc);
		switch (m.vendor) {
		case ISAKMP_VENDOR_NATT_RFC3947:
			rfc = true;
			break;
		case ISAKMP_VENDOR_NATT_DRAFT_02:
		case ISAKMP_VENDOR_NATT_DRAFT_02N:
		case ISAKMP_VENDOR_NATT_DRAFT_03:
			draft = true;
			break;
		case ISAKMP_VENDOR_DPD:
			sa->peer_dpd = true;
			break;
		case ISAKMP_VENDOR_FRAGMENTATION:
			sa->peer_frag = true;
			break;
		default:
			break;
		}
	}
	sa->natt = rfc ? IKEV1_NATT_RFC : draft ? IKEV1_NATT_DRAFT : IKEV1_NATT_NONE;
}

static bool
mm_fail_at(GError **error, int code, size_t at, const char *what, const char *why)
{
	return l2sec_fail(error, L2SEC_IKE_ERROR, code, "IKE: %s, byte %zu: %s", what, at, why);
}

/* MM2: the responder's choice must be one transform we offered, exactly. */
static IkeV1Step
mm_on2(IkeV1Sa *sa, const IsakmpMessage *msg, uint64_t now_ms, IkeV1Actions *out, GError **error)
{
	static const uint8_t req[] = {ISAKMP_PAYLOAD_SA};
	if (!isakmp_payloads_require(msg->payloads, req, 1, "Main Mode message 2", error)) {
		g_prefix_error(error, "IKE: ");
		return IKEV1_STEP_FAIL;
	}
	const IsakmpPayload *sp = isakmp_payloads_find(msg->payloads, ISAKMP_PAYLOAD_SA, 0);
	const IsakmpSa *s = &sp->u.sa;
	if (s->proposals->len != 1 ||
	    g_array_index(s->proposals, IsakmpProposal, 0).transforms->len != 1 ||
	    g_array_index(s->proposals, IsakmpProposal, 0).protocol != ISAKMP_PROTO_ISAKMP) {
		mm_fail_at(error, L2SEC_IKE_ERROR_INVALID, sp->at, "Main Mode message 2",
		    "the server must choose one ISAKMP transform");
		return IKEV1_STEP_FAIL;
	}
	const IsakmpTransform *t = &g_array_index(
	    g_array_index(s->proposals, IsakmpProposal, 0).transforms, IsakmpTransform, 0);
	sa->chosen = NULL;
	for (guint i = 0; i < sa->cfg.ike_proposals->len && sa->chosen == NULL; i++)
		if (transform_matches(t, g_ptr_array_index(sa->cfg.ike_proposals, i)))
			sa->chosen = g_ptr_array_index(sa->cfg.ike_proposals, i);
	if (sa->chosen == NULL) {
		mm_fail_at(error, L2SEC_IKE_ERROR_INVALID, t->at, "Main Mode message 2",
		    "the server chose a transform we did not offer");
		return IKEV1_STEP_FAIL;
	}
	uint64_t life_s = 0, life_kb = 0;
	isakmp_transform_get_life(t, ISAKMP_PROTO_ISAKMP, &life_s, &life_kb);
	sa->ike_lifetime_s = life_s != 0 && life_s < sa->cfg.ike_lifetime_s
				 ? (uint32_t)life_s
				 : sa->cfg.ike_lifetime_s;
	memcpy(sa->rcookie, msg->header.rcookie, IKEV1_COOKIE_LEN);
	mm_note_vids(sa, msg->payloads);

	/* MM3: HDR, KE, Ni [, NAT-D, NAT-D] */
	sa->dh = ikev1_dh_new(sa, sa->chosen->group, error);
	if (sa->dh == NULL)
		return IKEV1_STEP_FAIL;
	ikev1_rng(sa, sa->ni, sizeof(sa->ni));
	IsakmpHeader h;
	ikev1_header_init(sa, ISAKMP_EXCH_MAIN, 0, &h);
	g_autoptr(GByteArray) w = g_byte_array_new();
	IsakmpBuilder b;
	isakmp_builder_begin(&b, w, &h);
	IsakmpPayload p = {0};
	size_t pub_len;
	const uint8_t *pub = ike_dh_public(sa->dh, &pub_len);
	isakmp_payload_init_data(&p, ISAKMP_PAYLOAD_KE, pub, pub_len);
	ikev1_add(&b, &p);
	isakmp_payload_init_data(&p, ISAKMP_PAYLOAD_NONCE, sa->ni, sizeof(sa->ni));
	ikev1_add(&b, &p);
	if (sa->natt != IKEV1_NATT_NONE) {
		/* RFC 3947 §3.2: the remote end first, then ours */
		uint8_t hr[IKE_HASH_MAX_LEN], hl[IKE_HASH_MAX_LEN];
		size_t hlen = ike_hash_len(sa->chosen->hash);
		if (!ikev1_natd_hash(sa->chosen->hash, sa->icookie, sa->rcookie,
			sa->cfg.remote_addr, 4, sa->port_remote, hr, error) ||
		    !ikev1_natd_hash(sa->chosen->hash, sa->icookie, sa->rcookie, sa->cfg.local_addr,
			4, sa->port_local, hl, error))
			return IKEV1_STEP_FAIL;
		if (sa->cfg
			.force_encap) /* a hash nobody matches: both ends see a NAT (strongSwan) */
			ikev1_rng(sa, hl, hlen);
		isakmp_payload_init_data(&p, natd_type(sa), hr, hlen);
		ikev1_add(&b, &p);
		isakmp_payload_init_data(&p, natd_type(sa), hl, hlen);
		ikev1_add(&b, &p);
	}
	isakmp_builder_finish(&b);
	ikev1_emit_send(sa, out, w, "Main Mode message 3", true, now_ms);
	return IKEV1_STEP_NEXT;
}

/* MM4: KE, Nr, NAT-D: the keys (RFC 2409 §5), the NAT decision (RFC 3947 §3.2), then MM5. */
static IkeV1Step
mm_on4(IkeV1Sa *sa, const IsakmpMessage *msg, uint64_t now_ms, IkeV1Actions *out, GError **error)
{
	static const uint8_t req[] = {ISAKMP_PAYLOAD_KE, ISAKMP_PAYLOAD_NONCE};
	if (!isakmp_payloads_require(msg->payloads, req, 2, "Main Mode message 4", error)) {
		g_prefix_error(error, "IKE: ");
		return IKEV1_STEP_FAIL;
	}
	const IsakmpPayload *ke = isakmp_payloads_find(msg->payloads, ISAKMP_PAYLOAD_KE, 0);
	const IsakmpPayload *nr = isakmp_payloads_find(msg->payloads, ISAKMP_PAYLOAD_NONCE, 0);
	gsize gxr_len, nr_len, gxi_len;
	const uint8_t *gxr = g_bytes_get_data(ke->u.data, &gxr_len);
	g_autoptr(L2secSecret) gxy = NULL;
	if (!ike_dh_compute(sa->dh, gxr, gxr_len, &gxy, error)) {
		g_prefix_error(error, "IKE: Main Mode message 4, byte %zu: KE payload: ", ke->at);
		return IKEV1_STEP_FAIL;
	}
	sa->gxr = g_bytes_ref(ke->u.data);
	sa->nr = g_bytes_ref(nr->u.data);
	const uint8_t *nrd = g_bytes_get_data(sa->nr, &nr_len);
	const uint8_t *gxi = ike_dh_public(sa->dh, &gxi_len);
	IkeHash hash = sa->chosen->hash;
	g_autoptr(L2secSecret) skeyid = NULL;
	if (!ikev1_skeyid_psk(hash, sa->psk, sa->ni, sizeof(sa->ni), nrd, nr_len, &skeyid, error))
		return IKEV1_STEP_FAIL;
	sa->keys = ikev1_keys_derive(hash, skeyid, gxy, sa->icookie, sa->rcookie, sa->chosen->encr,
	    sa->chosen->key_bits, error);
	if (sa->keys == NULL ||
	    !ikev1_phase1_iv(hash, gxi, gxi_len, gxr, gxr_len, sa->keys->block_size, sa->iv, error))
		return IKEV1_STEP_FAIL;

	if (sa->natt != IKEV1_NATT_NONE) {
		g_autoptr(GPtrArray) hashes = g_ptr_array_new();
		for (guint i = 0; i < msg->payloads->len; i++) {
			const IsakmpPayload *p = &g_array_index(msg->payloads, IsakmpPayload, i);
			if (p->type == ISAKMP_PAYLOAD_NAT_D ||
			    p->type == ISAKMP_PAYLOAD_NAT_D_DRAFT)
				g_ptr_array_add(hashes, p->u.data);
		}
		if (hashes->len < 2) {
			l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
			    "IKE: Main Mode message 4 has %u NAT-D payloads, RFC 3947 §3.2 needs 2",
			    hashes->len);
			return IKEV1_STEP_FAIL;
		}
		if (!ikev1_natd_check(hash, sa->icookie, sa->rcookie, sa->cfg.local_addr, 4,
			sa->port_local, sa->cfg.remote_addr, sa->port_remote, hashes,
			&sa->nat_local, &sa->nat_remote, error))
			return IKEV1_STEP_FAIL;
		if (sa->cfg.force_encap)
			sa->nat_local = true;
		if (sa->nat_local || sa->nat_remote) {
			/* RFC 3947 §4: float to 4500 from message 5 on */
			g_debug("IKE: NAT detected (%s%s), floating to port 4500",
			    sa->nat_local ? "we are behind one" : "",
			    sa->nat_remote ? (sa->nat_local ? ", so is the server"
							    : "the server is behind one")
					   : "");
			sa->port_local = IKEV1_NATT_PORT;
			sa->port_remote = IKEV1_NATT_PORT;
			sa->marker = true;
		}
	}

	/* MM5: HDR*, IDii, HASH_I [, N(INITIAL-CONTACT)] */
	g_autoptr(GByteArray) body = g_byte_array_new();
	IsakmpBuilder b;
	isakmp_builder_begin_body(&b, body);
	IsakmpPayload p = {0};
	if (sa->cfg.local_id_type != 0)
		isakmp_payload_init_id(
		    &p, sa->cfg.local_id_type, 0, 0, sa->cfg.local_id, sa->cfg.local_id_len);
	else
		isakmp_payload_init_id(&p, ISAKMP_ID_IPV4_ADDR, 0, 0, sa->cfg.local_addr, 4);
	size_t id_at = body->len;
	ikev1_add(&b, &p);
	const uint8_t *id_b = body->data + id_at + ISAKMP_GENERIC_LEN;
	size_t id_len = body->len - id_at - ISAKMP_GENERIC_LEN;
	uint8_t hash_i[IKE_HASH_MAX_LEN];
	if (!ikev1_main_mode_hash(hash, sa->keys->skeyid, true, gxi, gxi_len, gxr, gxr_len,
		sa->icookie, sa->rcookie, sa->sai_b->data, sa->sai_b->len, id_b, id_len, hash_i,
		error))
		return IKEV1_STEP_FAIL;
	isakmp_payload_init_data(&p, ISAKMP_PAYLOAD_HASH, hash_i, ike_hash_len(hash));
	ikev1_add(&b, &p);
	uint8_t spi[2 * IKEV1_COOKIE_LEN];
	memcpy(spi, sa->icookie, IKEV1_COOKIE_LEN);
	memcpy(spi + IKEV1_COOKIE_LEN, sa->rcookie, IKEV1_COOKIE_LEN);
	isakmp_payload_init_notify(
	    &p, ISAKMP_PROTO_ISAKMP, ISAKMP_N_INITIAL_CONTACT, spi, sizeof(spi), NULL, 0);
	ikev1_add(&b, &p);
	isakmp_builder_finish(&b);

	g_autoptr(GByteArray) w = g_byte_array_new();
	if (!ikev1_encrypt_body(sa, ISAKMP_EXCH_MAIN, 0, sa->iv, body, b.first, w, error))
		return IKEV1_STEP_FAIL;
	OPENSSL_cleanse(body->data, body->len);
	ikev1_emit_send(sa, out, w, "Main Mode message 5", true, now_ms);
	return IKEV1_STEP_NEXT;
}

static bool
psk_mismatch(GError **error, const char *why)
{
	return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_AUTH_FAILED,
	    "IKE: pre-shared key mismatch (%s)", why);
}

/* An ID for messages: "192.0.2.1", "vpn.example.com", "ID type 9 (20 bytes)". */
static char *
id_text(uint8_t type, const uint8_t *d, size_t len)
{
	if (type == ISAKMP_ID_IPV4_ADDR && len == 4)
		return g_strdup_printf("%u.%u.%u.%u", d[0], d[1], d[2], d[3]);
	if (type == ISAKMP_ID_FQDN || type == ISAKMP_ID_USER_FQDN) {
		GString *s = g_string_new(NULL);
		for (size_t i = 0; i < len && i < 255; i++)
			g_string_append_c(s, d[i] > 0x20 && d[i] < 0x7f ? (char)d[i] : '?');
		return g_string_free(s, FALSE);
	}
	return g_strdup_printf("ID type %u (%zu bytes)", type, len);
}

/* The server's ID in Main Mode 6 against the configured remote ID (after HASH_R verified). */
static bool
check_remote_id(const IkeV1Sa *sa, const IsakmpId *id, size_t at, GError **error)
{
	if (sa->cfg.remote_id_type == 0)
		return true;
	gsize len;
	const uint8_t *d = g_bytes_get_data(id->data, &len);
	if (id->type == sa->cfg.remote_id_type && len == sa->cfg.remote_id_len &&
	    memcmp(d, sa->cfg.remote_id, len) == 0)
		return true;
	g_autofree char *got = id_text(id->type, d, len);
	g_autofree char *want =
	    id_text(sa->cfg.remote_id_type, sa->cfg.remote_id, sa->cfg.remote_id_len);
	return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_AUTH_FAILED,
	    "IKE: Main Mode message 6, byte %zu: the server identifies itself as %s; remote-id "
	    "expects %s",
	    at, got, want);
}

/* MM6: decrypt, verify HASH_R; a PSK mismatch shows here. Then Quick Mode. */
static IkeV1Step
mm_on6(IkeV1Sa *sa, const IsakmpMessage *msg, uint64_t now_ms, IkeV1Actions *out, GError **error)
{
	if (msg->encrypted == NULL) {
		l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "IKE: Main Mode message 6 is not encrypted");
		return IKEV1_STEP_FAIL;
	}
	uint8_t next_iv[IKE_CIPHER_MAX_BLOCK];
	g_autofree uint8_t *plain = NULL;
	size_t plain_len = 0;
	g_autoptr(GError) local = NULL;
	g_autoptr(GArray) payloads =
	    ikev1_decrypt_payloads(sa, msg, sa->iv, next_iv, &plain, &plain_len, &local);
	if (payloads == NULL) {
		/* with the wrong key the plaintext is noise that rarely decodes */
		g_debug("IKE: Main Mode message 6 does not decrypt: %s", local->message);
		psk_mismatch(error, "Main Mode message 6 does not decrypt to valid payloads");
		return IKEV1_STEP_FAIL;
	}
	const IsakmpPayload *n = isakmp_payloads_find(payloads, ISAKMP_PAYLOAD_NOTIFY, 0);
	if (n != NULL && isakmp_notify_is_error(n->u.notify.type)) {
		uint16_t t = n->u.notify.type;
		if (t == ISAKMP_N_AUTHENTICATION_FAILED || t == ISAKMP_N_INVALID_ID_INFORMATION ||
		    t == ISAKMP_N_INVALID_HASH_INFORMATION) {
			g_autofree char *why =
			    g_strdup_printf("the server says %s", isakmp_notify_name(t));
			psk_mismatch(error, why);
		} else {
			l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_NOTIFY,
			    "IKE: the server answered Main Mode message 5 with %s (%u)",
			    isakmp_notify_name(t), t);
		}
		return IKEV1_STEP_FAIL;
	}
	const IsakmpPayload *id = isakmp_payloads_find(payloads, ISAKMP_PAYLOAD_ID, 0);
	const IsakmpPayload *hp = isakmp_payloads_find(payloads, ISAKMP_PAYLOAD_HASH, 0);
	if (id == NULL || hp == NULL) {
		psk_mismatch(error, "Main Mode message 6 lacks its ID or HASH payload");
		return IKEV1_STEP_FAIL;
	}
	size_t id_len;
	const uint8_t *id_b = ikev1_raw_body(plain, plain_len, id, &id_len);
	gsize gxi_len, gxr_len, hlen;
	const uint8_t *gxi = ike_dh_public(sa->dh, &gxi_len);
	const uint8_t *gxr = g_bytes_get_data(sa->gxr, &gxr_len);
	uint8_t hash_r[IKE_HASH_MAX_LEN];
	if (id_b == NULL || !ikev1_main_mode_hash(sa->chosen->hash, sa->keys->skeyid, false, gxi,
				gxi_len, gxr, gxr_len, sa->icookie, sa->rcookie, sa->sai_b->data,
				sa->sai_b->len, id_b, id_len, hash_r, error))
		return IKEV1_STEP_FAIL;
	const uint8_t *got = g_bytes_get_data(hp->u.data, &hlen);
	if (hlen != ike_hash_len(sa->chosen->hash) || CRYPTO_memcmp(got, hash_r, hlen) != 0) {
		psk_mismatch(error, "the server's HASH_R does not verify");
		return IKEV1_STEP_FAIL;
	}
	if (!check_remote_id(sa, &id->u.id, id->at, error))
		return IKEV1_STEP_FAIL;
	memcpy(sa->iv, next_iv, sa->keys->block_size);
	memcpy(sa->p1_last_block, next_iv, sa->keys->block_size);

	IkeV1Action a = {.type = IKEV1_ACTION_ESTABLISHED, .ike = g_new0(IkeV1Established, 1)};
	a.ike->proposal = ike_proposal_ike_to_string(sa->chosen);
	a.ike->nat_local = sa->nat_local;
	a.ike->nat_remote = sa->nat_remote;
	a.ike->natt = sa->natt != IKEV1_NATT_NONE;
	a.ike->peer_dpd = sa->peer_dpd;
	a.ike->peer_fragmentation = sa->peer_frag;
	a.ike->lifetime_s = sa->ike_lifetime_s;
	ikev1_emit(out, &a);
	if (!ikev1_qm_send1(sa, now_ms, out, error))
		return IKEV1_STEP_FAIL;
	return IKEV1_STEP_NEXT;
}

/* RFC 2409 §5: Main Mode, one row per message we receive */
const IkeV1Row ikev1_main_mode_table[] = {
    {IKEV1_IDLE, IKEV1_EV_START, mm_send1, IKEV1_MM_SENT1},
    {IKEV1_MM_SENT1, IKEV1_EV_MAIN, mm_on2, IKEV1_MM_SENT3},
    {IKEV1_MM_SENT3, IKEV1_EV_MAIN, mm_on4, IKEV1_MM_SENT5},
    {IKEV1_MM_SENT5, IKEV1_EV_MAIN, mm_on6, IKEV1_QM_SENT1},
};
const size_t ikev1_main_mode_table_len = G_N_ELEMENTS(ikev1_main_mode_table);
