/*
 * ikev1_quick_mode.c — Quick Mode for one ESP transport SA pair carrying
 * L2TP (RFC 2409 §5.5; RFC 3947 §5 for UDP encapsulation and NAT-OA):
 *
 *   Initiator                               Responder
 *   HDR*, HASH(1), SA, Ni [, KE], IDci, IDcr [, NAT-OA, NAT-OA]  -->   (QM1)
 *                     <--   HDR*, HASH(2), SA, Nr [, KE] [, IDci, IDcr] (QM2)
 *   HDR*, HASH(3)                                                 -->   (QM3)
 *
 * then KEYMAT for both directions and the INSTALL_ESP action.
 */
#include "config.h"

#include <string.h>
#include <openssl/crypto.h>

#include "common/error.h"
#include "common/wire.h"
#include "ipsec/ikev1_private.h"

static bool
natted(const IkeV1Sa *sa)
{
	return sa->natt != IKEV1_NATT_NONE && (sa->nat_local || sa->nat_remote);
}

static uint16_t
encap_mode(const IkeV1Sa *sa)
{
	if (!natted(sa))
		return IPSEC_ENCAP_TRANSPORT;
	return sa->natt == IKEV1_NATT_RFC ? IPSEC_ENCAP_UDP_TRANSPORT
					  : IPSEC_ENCAP_UDP_TRANSPORT_DRAFT;
}

bool
ikev1_qm_send1(IkeV1Sa *sa, uint64_t now_ms, IkeV1Actions *out, GError **error)
{
	IkeHash hash = sa->chosen->hash;
	size_t hlen = ike_hash_len(hash);
	sa->qm_msgid = ikev1_random_msgid(sa);
	uint8_t spi[IKEV1_SPI_LEN];
	do { /* RFC 4303 §2.1: SPIs 1..255 are reserved; a rekey needs one the pair lacks */
		ikev1_rng(sa, spi, sizeof(spi));
		sa->qm_spi_in = (uint32_t)spi[0] << 24 | (uint32_t)spi[1] << 16 |
				(uint32_t)spi[2] << 8 | spi[3];
	} while (sa->qm_spi_in < 256 || (sa->esp_up && sa->qm_spi_in == sa->spi_in));
	ikev1_rng(sa, sa->qm_ni, sizeof(sa->qm_ni));

	g_autoptr(GByteArray) body = g_byte_array_new();
	IsakmpBuilder b;
	isakmp_builder_begin_body(&b, body);
	IsakmpPayload p = {0};
	uint8_t zero[IKE_HASH_MAX_LEN] = {0};
	isakmp_payload_init_data(&p, ISAKMP_PAYLOAD_HASH, zero, hlen);
	ikev1_add(&b, &p);
	size_t after_hash = body->len;

	p.type = ISAKMP_PAYLOAD_SA;
	isakmp_sa_init(&p.u.sa, ISAKMP_DOI_IPSEC, ISAKMP_SIT_IDENTITY_ONLY);
	IsakmpProposal *prop = isakmp_sa_add_proposal(&p.u.sa, 1, ISAKMP_PROTO_ESP, spi, 4);
	for (guint i = 0; i < sa->cfg.esp_proposals->len; i++) {
		const EspProposal *e = g_ptr_array_index(sa->cfg.esp_proposals, i);
		IsakmpTransform *t =
		    isakmp_proposal_add_transform(prop, (uint8_t)(i + 1), (uint8_t)e->transform);
		isakmp_transform_add_tv(t, IPSEC_ATTR_SA_LIFE_TYPE, IPSEC_LIFE_SECONDS);
		isakmp_transform_add_uint(t, IPSEC_ATTR_SA_LIFE_DURATION, sa->cfg.esp_lifetime_s);
		isakmp_transform_add_tv(t, IPSEC_ATTR_ENCAP_MODE, encap_mode(sa));
		if (e->auth != ESP_AUTH_NONE)
			isakmp_transform_add_tv(t, IPSEC_ATTR_AUTH_ALG, (uint16_t)e->auth);
		if (e->key_bits != 0)
			isakmp_transform_add_tv(t, IPSEC_ATTR_KEY_LENGTH, (uint16_t)e->key_bits);
		if (sa->cfg.pfs_group != 0)
			isakmp_transform_add_tv(
			    t, IPSEC_ATTR_GROUP_DESC, (uint16_t)sa->cfg.pfs_group);
	}
	ikev1_add(&b, &p);
	isakmp_payload_init_data(&p, ISAKMP_PAYLOAD_NONCE, sa->qm_ni, sizeof(sa->qm_ni));
	ikev1_add(&b, &p);
	if (sa->cfg.pfs_group != 0) {
		ike_dh_free(sa->qm_dh);
		sa->qm_dh = ikev1_dh_new(sa, (IkeDhGroup)sa->cfg.pfs_group, error);
		if (sa->qm_dh == NULL)
			return false;
		size_t len;
		const uint8_t *pub = ike_dh_public(sa->qm_dh, &len);
		isakmp_payload_init_data(&p, ISAKMP_PAYLOAD_KE, pub, len);
		ikev1_add(&b, &p);
	}
	/* IDci / IDcr: udp/1701 (or our ephemeral port) at each address (notes/ike.md §1) */
	isakmp_payload_init_id(
	    &p, ISAKMP_ID_IPV4_ADDR, 17, sa->cfg.l2tp_local_port, sa->cfg.local_addr, 4);
	ikev1_add(&b, &p);
	isakmp_payload_init_id(
	    &p, ISAKMP_ID_IPV4_ADDR, 17, sa->cfg.l2tp_remote_port, sa->cfg.remote_addr, 4);
	ikev1_add(&b, &p);
	if (natted(sa)) {
		/* RFC 3947 §5.2: transport mode sends the original addresses, ours first */
		uint8_t t = sa->natt == IKEV1_NATT_RFC ? ISAKMP_PAYLOAD_NAT_OA
						       : ISAKMP_PAYLOAD_NAT_OA_DRAFT;
		isakmp_payload_init_nat_oa(&p, t, sa->cfg.local_addr, 4);
		ikev1_add(&b, &p);
		isakmp_payload_init_nat_oa(&p, t, sa->cfg.remote_addr, 4);
		ikev1_add(&b, &p);
	}
	isakmp_builder_finish(&b);
	uint8_t h1[IKE_HASH_MAX_LEN];
	if (!ikev1_qm_hash1(hash, sa->keys->skeyid_a, sa->qm_msgid, body->data + after_hash,
		body->len - after_hash, h1, error))
		return false;
	memcpy(body->data + ISAKMP_GENERIC_LEN, h1, hlen);

	if (!ikev1_phase2_iv(
		hash, sa->p1_last_block, sa->keys->block_size, sa->qm_msgid, sa->qm_iv, error))
		return false;
	g_autoptr(GByteArray) w = g_byte_array_new();
	if (!ikev1_encrypt_body(sa, ISAKMP_EXCH_QUICK, sa->qm_msgid, sa->qm_iv, body, b.first, w, error))
		return false;
	ikev1_emit_send(sa, out, w, "Quick Mode message 1", true, now_ms);
	return true;
}

static bool
esp_matches(const IkeV1Sa *sa, const IsakmpTransform *t, const EspProposal *e)
{
	uint64_t auth = 0, keylen = 0, mode = 0, group = 0;
	(void)isakmp_transform_get(t, IPSEC_ATTR_AUTH_ALG, &auth);
	(void)isakmp_transform_get(t, IPSEC_ATTR_KEY_LENGTH, &keylen);
	(void)isakmp_transform_get(t, IPSEC_ATTR_ENCAP_MODE, &mode);
	(void)isakmp_transform_get(t, IPSEC_ATTR_GROUP_DESC, &group);
	return t->id == e->transform && auth == (uint64_t)e->auth && keylen == e->key_bits &&
	       mode == encap_mode(sa) && group == sa->cfg.pfs_group;
}

/* RFC 2407 §4.6.3.1 RESPONDER-LIFETIME: attributes; the seconds one, or 0. */
static uint64_t
responder_lifetime(const IsakmpNotify *n)
{
	gsize len;
	const uint8_t *d = g_bytes_get_data(n->data, &len);
	WireCursor c;
	wire_init(&c, d, len);
	uint64_t life_type = 0, seconds = 0;
	while (wire_left(&c) >= 4) {
		uint16_t type, v;
		uint64_t value = 0;
		if (!wire_get_u16(&c, &type) || !wire_get_u16(&c, &v))
			break;
		if (type & 0x8000) {
			value = v;
		} else {
			if (v > 8 || wire_left(&c) < v)
				break;
			for (uint16_t i = 0; i < v; i++) {
				uint8_t x;
				if (!wire_get_u8(&c, &x))
					return 0;
				value = value << 8 | x;
			}
		}
		type &= 0x7fff;
		if (type == IPSEC_ATTR_SA_LIFE_TYPE)
			life_type = value;
		else if (type == IPSEC_ATTR_SA_LIFE_DURATION && life_type == IPSEC_LIFE_SECONDS)
			seconds = value;
	}
	return seconds;
}

static L2secSecret *
split(const L2secSecret *k, size_t off, size_t len)
{
	return l2sec_secret_new(k->data + off, len);
}

static char *
id_describe(const IsakmpId *id)
{
	gsize len;
	const uint8_t *d = g_bytes_get_data(id->data, &len);
	if (id->type == ISAKMP_ID_IPV4_ADDR && len == 4)
		return g_strdup_printf("%u.%u.%u.%u", d[0], d[1], d[2], d[3]);
	return g_strdup_printf("an ID of type %u (%zu bytes)", id->type, len);
}

/*
 * RFC 2409 §5.5: a responder that returns IDci and IDcr returns the ones it agreed to, which
 * must be ours: UDP (or any protocol), our port (or any), and, unless a NAT stands between us
 * (then the server may name the addresses it sees, RFC 3947 §5.2), our addresses. An SA for
 * other traffic than the L2TP flow would not match our policies: refuse it here.
 */
static bool
qm_check_ids(const IkeV1Sa *sa, const GArray *payloads, GError **error)
{
	guint n = isakmp_payloads_count(payloads, ISAKMP_PAYLOAD_ID);
	if (n == 0)
		return true; /* allowed: the IDs then are the two hosts (RFC 2409 §5.5) */
	if (n != 2)
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "IKE: Quick Mode message 2 carries %u ID payloads; it must return both IDci "
		    "and IDcr, or neither",
		    n);
	for (guint k = 0; k < 2; k++) {
		const IsakmpPayload *p = isakmp_payloads_find(payloads, ISAKMP_PAYLOAD_ID, k);
		const IsakmpId *id = &p->u.id;
		const char *name = k == 0 ? "IDci" : "IDcr";
		uint16_t port = k == 0 ? sa->cfg.l2tp_local_port : sa->cfg.l2tp_remote_port;
		const uint8_t *addr = k == 0 ? sa->cfg.local_addr : sa->cfg.remote_addr;
		if (id->protocol != 17 && id->protocol != 0)
			return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
			    "IKE: Quick Mode message 2, byte %zu: %s is for IP protocol %u; we "
			    "proposed UDP (17) for L2TP",
			    p->at, name, id->protocol);
		if (id->port != port && id->port != 0)
			return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
			    "IKE: Quick Mode message 2, byte %zu: %s names port %u; we proposed %u",
			    p->at, name, id->port, port);
		gsize len;
		const uint8_t *d = g_bytes_get_data(id->data, &len);
		if (!natted(sa) &&
		    (id->type != ISAKMP_ID_IPV4_ADDR || len != 4 || memcmp(d, addr, 4) != 0)) {
			g_autofree char *got = id_describe(id);
			return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
			    "IKE: Quick Mode message 2, byte %zu: %s names %s; we proposed "
			    "%u.%u.%u.%u",
			    p->at, name, got, addr[0], addr[1], addr[2], addr[3]);
		}
	}
	return true;
}

/* QM2: verify HASH(2) and the choice, send QM3, derive KEYMAT, install. */
static IkeV1Step
qm_on2(IkeV1Sa *sa, const IsakmpMessage *msg, uint64_t now_ms, IkeV1Actions *out, GError **error)
{
	IkeHash hash = sa->chosen->hash;
	size_t hlen = ike_hash_len(hash);
	uint8_t next_iv[IKE_CIPHER_MAX_BLOCK];
	g_autofree uint8_t *plain = NULL;
	size_t plain_len = 0;
	g_autoptr(GArray) payloads =
	    ikev1_decrypt_payloads(sa, msg, sa->qm_iv, next_iv, &plain, &plain_len, error);
	if (payloads == NULL) {
		g_prefix_error(error, "IKE: Quick Mode message 2: ");
		return IKEV1_STEP_FAIL;
	}
	if (payloads->len < 2) {
		l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "IKE: Quick Mode message 2 has %u payloads, too few for HASH(2) and SA",
		    payloads->len);
		return IKEV1_STEP_FAIL;
	}
	const IsakmpPayload *first = &g_array_index(payloads, IsakmpPayload, 0);
	if (first->type != ISAKMP_PAYLOAD_HASH) {
		l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "IKE: Quick Mode message 2, byte %zu: the first payload is %s, not HASH",
		    first->at, isakmp_payload_name(first->type));
		return IKEV1_STEP_FAIL;
	}
	const IsakmpPayload *second = &g_array_index(payloads, IsakmpPayload, 1);
	size_t rest_off = second->at - ISAKMP_HEADER_LEN;
	uint8_t h2[IKE_HASH_MAX_LEN];
	if (!ikev1_qm_hash2(hash, sa->keys->skeyid_a, sa->qm_msgid, sa->qm_ni, sizeof(sa->qm_ni),
		plain + rest_off, plain_len - rest_off, h2, error))
		return IKEV1_STEP_FAIL;
	if (!ikev1_hash_payload_ok(payloads, h2, hlen)) {
		l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_AUTH_FAILED,
		    "IKE: Quick Mode message 2: HASH(2) does not verify");
		return IKEV1_STEP_FAIL;
	}
	static const uint8_t req[] = {ISAKMP_PAYLOAD_SA, ISAKMP_PAYLOAD_NONCE};
	if (!isakmp_payloads_require(payloads, req, 2, "Quick Mode message 2", error)) {
		g_prefix_error(error, "IKE: ");
		return IKEV1_STEP_FAIL;
	}
	const IsakmpPayload *sp = isakmp_payloads_find(payloads, ISAKMP_PAYLOAD_SA, 0);
	const GArray *props = sp->u.sa.proposals;
	if (props->len != 1) {
		l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "IKE: Quick Mode message 2, byte %zu: the server must choose one proposal, not "
		    "%u",
		    sp->at, props->len);
		return IKEV1_STEP_FAIL;
	}
	const IsakmpProposal *prop = &g_array_index(props, IsakmpProposal, 0);
	if (prop->protocol != ISAKMP_PROTO_ESP || prop->spi_len != 4 ||
	    prop->transforms->len != 1) {
		l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "IKE: Quick Mode message 2, byte %zu: the server must choose one ESP transform "
		    "with a 4-byte SPI",
		    sp->at);
		return IKEV1_STEP_FAIL;
	}
	const IsakmpTransform *t = &g_array_index(prop->transforms, IsakmpTransform, 0);
	const EspProposal *chosen = NULL;
	for (guint i = 0; i < sa->cfg.esp_proposals->len && chosen == NULL; i++)
		if (esp_matches(sa, t, g_ptr_array_index(sa->cfg.esp_proposals, i)))
			chosen = g_ptr_array_index(sa->cfg.esp_proposals, i);
	if (chosen == NULL) {
		l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "IKE: Quick Mode message 2, byte %zu: the server chose an ESP transform we did "
		    "not offer",
		    t->at);
		return IKEV1_STEP_FAIL;
	}
	uint32_t new_out = (uint32_t)prop->spi[0] << 24 | (uint32_t)prop->spi[1] << 16 |
			   (uint32_t)prop->spi[2] << 8 | prop->spi[3];
	uint64_t life = sa->cfg.esp_lifetime_s, life_s = 0, life_kb = 0;
	isakmp_transform_get_life(t, ISAKMP_PROTO_ESP, &life_s, &life_kb);
	if (life_s != 0 && life_s < life)
		life = life_s;
	for (guint i = 0; i < isakmp_payloads_count(payloads, ISAKMP_PAYLOAD_NOTIFY); i++) {
		const IsakmpPayload *n = isakmp_payloads_find(payloads, ISAKMP_PAYLOAD_NOTIFY, i);
		if (n->u.notify.type == ISAKMP_N_RESPONDER_LIFETIME) {
			uint64_t r = responder_lifetime(&n->u.notify);
			if (r != 0 && r < life) /* take the shorter (RFC 2407 §4.6.3.1) */
				life = r;
		}
	}
	const IsakmpPayload *oa = isakmp_payloads_find(payloads,
	    sa->natt == IKEV1_NATT_DRAFT ? ISAKMP_PAYLOAD_NAT_OA_DRAFT : ISAKMP_PAYLOAD_NAT_OA, 1);
	if (oa != NULL && oa->u.nat_oa.addr_len == 4)
		memcpy(sa->peer_nat_oa, oa->u.nat_oa.addr, 4);
	const IsakmpPayload *nr = isakmp_payloads_find(payloads, ISAKMP_PAYLOAD_NONCE, 0);
	gsize nr_len;
	const uint8_t *nrd = g_bytes_get_data(nr->u.data, &nr_len);
	g_autoptr(L2secSecret) gxy = NULL;
	if (sa->cfg.pfs_group != 0) {
		const IsakmpPayload *ke = isakmp_payloads_find(payloads, ISAKMP_PAYLOAD_KE, 0);
		if (ke == NULL) {
			l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
			    "IKE: Quick Mode message 2 lacks its KE payload (PFS)");
			return IKEV1_STEP_FAIL;
		}
		gsize kl;
		const uint8_t *kd = g_bytes_get_data(ke->u.data, &kl);
		if (!ike_dh_compute(sa->qm_dh, kd, kl, &gxy, error)) {
			g_prefix_error(
			    error, "IKE: Quick Mode message 2, byte %zu: KE payload: ", ke->at);
			return IKEV1_STEP_FAIL;
		}
	}
	if (!qm_check_ids(sa, payloads, error))
		return IKEV1_STEP_FAIL;
	memcpy(sa->qm_iv, next_iv, sa->keys->block_size);

	/* QM3: HDR*, HASH(3) */
	uint8_t h3[IKE_HASH_MAX_LEN];
	if (!ikev1_qm_hash3(hash, sa->keys->skeyid_a, sa->qm_msgid, sa->qm_ni, sizeof(sa->qm_ni),
		nrd, nr_len, h3, error))
		return IKEV1_STEP_FAIL;
	g_autoptr(GByteArray) body = g_byte_array_new();
	IsakmpBuilder b;
	isakmp_builder_begin_body(&b, body);
	IsakmpPayload p = {0};
	isakmp_payload_init_data(&p, ISAKMP_PAYLOAD_HASH, h3, hlen);
	ikev1_add(&b, &p);
	isakmp_builder_finish(&b);
	g_autoptr(GByteArray) w = g_byte_array_new();
	if (!ikev1_encrypt_body(sa, ISAKMP_EXCH_QUICK, sa->qm_msgid, sa->qm_iv, body, b.first, w, error))
		return IKEV1_STEP_FAIL;
	ikev1_emit_send(sa, out, w, "Quick Mode message 3", false, now_ms);

	/* RFC 2409 §5.5 KEYMAT: inbound with our SPI, outbound with theirs */
	g_autoptr(L2secSecret) k_in = NULL;
	g_autoptr(L2secSecret) k_out = NULL;
	if (!ikev1_keymat(hash, sa->keys->skeyid_d, gxy, ISAKMP_PROTO_ESP, sa->qm_spi_in, sa->qm_ni,
		sizeof(sa->qm_ni), nrd, nr_len, chosen->keymat_len, &k_in, error) ||
	    !ikev1_keymat(hash, sa->keys->skeyid_d, gxy, ISAKMP_PROTO_ESP, new_out, sa->qm_ni,
		sizeof(sa->qm_ni), nrd, nr_len, chosen->keymat_len, &k_out, error))
		return IKEV1_STEP_FAIL;
	IkeV1Action a = {.type = IKEV1_ACTION_INSTALL_ESP, .esp = g_new0(IkeV1EspSa, 1)};
	IkeV1EspSa *e = a.esp;
	e->spi_in = sa->qm_spi_in;
	e->spi_out = new_out;
	memcpy(e->local_addr, sa->cfg.local_addr, 4);
	memcpy(e->remote_addr, sa->cfg.remote_addr, 4);
	e->l2tp_local_port = sa->cfg.l2tp_local_port;
	e->l2tp_remote_port = sa->cfg.l2tp_remote_port;
	e->encap = natted(sa);
	if (e->encap) {
		e->encap_sport = sa->port_local;
		e->encap_dport = sa->port_remote;
		memcpy(e->nat_oa, sa->peer_nat_oa, 4);
	}
	size_t enc_len = chosen->xfrm_enc_key_bits / 8;
	size_t auth_len = chosen->keymat_len - enc_len;
	e->enc_alg = chosen->xfrm_enc;
	e->enc_key_bits = chosen->xfrm_enc_key_bits;
	e->icv_bits = chosen->xfrm_icv_bits;
	e->auth_alg = chosen->xfrm_auth;
	e->auth_key_bits = chosen->xfrm_auth_key_bits;
	e->auth_trunc_bits = chosen->xfrm_auth_trunc_bits;
	e->enc_key_in = split(k_in, 0, enc_len); /* encryption key (and GCM salt) first */
	e->enc_key_out = split(k_out, 0, enc_len);
	if (chosen->xfrm_auth != NULL) {
		e->auth_key_in = split(k_in, enc_len, auth_len);
		e->auth_key_out = split(k_out, enc_len, auth_len);
	}
	e->lifetime_s = (uint32_t)life;
	e->proposal = ike_proposal_esp_to_string(chosen);
	bool had_pair = sa->esp_up;
	uint32_t old_in = sa->spi_in, old_out = sa->spi_out;
	bool encap = e->encap;
	ikev1_emit(out, &a); /* the new pair first ... */
	sa->spi_in = sa->qm_spi_in;
	sa->spi_out = new_out;
	sa->esp_up = true;
	if (had_pair) {
		/* ... then the old one goes: Delete its inbound SPI at the server (RFC 2409 §5.7)
		 * and in the kernel (make-before-break) */
		g_debug("IKE: rekeyed ESP %08x/%08x -> %08x/%08x", old_in, old_out, sa->spi_in,
		    sa->spi_out);
		uint8_t spi[4] = {(uint8_t)(old_in >> 24), (uint8_t)(old_in >> 16),
		    (uint8_t)(old_in >> 8), (uint8_t)old_in};
		IsakmpPayload del = {0};
		isakmp_payload_init_delete(&del, ISAKMP_PROTO_ESP, spi, 4, 1);
		if (!ikev1_info_send(sa, out, &del, error))
			return IKEV1_STEP_FAIL;
		IkeV1Action d = {.type = IKEV1_ACTION_DELETE_ESP, .esp = g_new0(IkeV1EspSa, 1)};
		d.esp->spi_in = old_in;
		d.esp->spi_out = old_out;
		ikev1_emit(out, &d);
	}
	/* the next rekey at 90 % of the lifetime (strongSwan's and libreswan's margin is ~10 %) */
	sa->rekeying = false;
	sa->rekey_active = true;
	sa->rekey_at_ms = now_ms + life * 900;
	ikev1_dpd_start(sa, now_ms);
	if (encap)
		ikev1_keepalive_start(sa, now_ms);
	return IKEV1_STEP_NEXT;
}

bool
ikev1_rekey_start(IkeV1Sa *sa, uint64_t now_ms, IkeV1Actions *out, GError **error)
{
	g_debug(
	    "IKE: ESP pair %08x/%08x at 90 %% of its lifetime, rekeying", sa->spi_in, sa->spi_out);
	sa->rekeying = true;
	return ikev1_qm_send1(sa, now_ms, out, error);
}

/* A Quick Mode message while UP: the answer to our rekey, or a stray one. */
static IkeV1Step
qm_on2_rekey(
    IkeV1Sa *sa, const IsakmpMessage *msg, uint64_t now_ms, IkeV1Actions *out, GError **error)
{
	if (!sa->rekeying) {
		g_debug("IKE: Quick Mode message with no rekey in flight, ignoring");
		return IKEV1_STEP_STAY;
	}
	return qm_on2(sa, msg, now_ms, out, error);
}

/* RFC 2409 §5.5 */
const IkeV1Row ikev1_quick_mode_table[] = {
    {IKEV1_QM_SENT1, IKEV1_EV_QUICK, qm_on2, IKEV1_UP},
    {IKEV1_UP, IKEV1_EV_QUICK, qm_on2_rekey, IKEV1_UP}, /* ESP rekey */
};
const size_t ikev1_quick_mode_table_len = G_N_ELEMENTS(ikev1_quick_mode_table);
