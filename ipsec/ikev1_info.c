/*
 * ikev1_info.c — Informational exchanges (RFC 2408 §4.8, RFC 2409 §5.7):
 * HDR*, HASH(1), N/D, both ways, each under a fresh message ID and IV; the
 * clear error notifies a server sends before the keys exist (strongSwan's
 * NO-PROPOSAL-CHOSEN reply to Main Mode 1, noprop-02); Delete at close; and
 * Dead Peer Detection (RFC 3706) as a helper the SA's timer calls.
 * A protected Informational whose HASH(1) does not verify is ignored
 * (CVE-2019-10155), as is an unprotected one once the keys exist.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "common/error.h"
#include "common/wire.h"
#include "ipsec/ikev1_private.h"

bool
ikev1_legacy_offered_ike(const GPtrArray *list)
{
	for (guint i = 0; i < list->len; i++) {
		const IkeProposal *p = g_ptr_array_index(list, i);
		if (p->encr == IKE_ENCR_3DES_CBC || p->group == IKE_DH_MODP1024 ||
		    p->group == IKE_DH_MODP1536)
			return true;
	}
	return false;
}

bool
ikev1_legacy_offered_esp(const GPtrArray *list)
{
	for (guint i = 0; i < list->len; i++) {
		const EspProposal *p = g_ptr_array_index(list, i);
		if (p->transform == ESP_TRANSFORM_3DES)
			return true;
	}
	return false;
}

static bool
fail_no_proposal(IkeV1Sa *sa, bool esp, GError **error)
{
	g_autofree char *offered = esp ? ike_proposal_esp_list_to_string(sa->cfg.esp_proposals)
				       : ike_proposal_ike_list_to_string(sa->cfg.ike_proposals);
	bool legacy = esp ? ikev1_legacy_offered_esp(sa->cfg.esp_proposals)
			  : ikev1_legacy_offered_ike(sa->cfg.ike_proposals);
	const char *key = esp ? "esp-proposals" : "ike-proposals";
	g_autofree char *hint =
	    legacy ? g_strdup("")
		   : g_strdup_printf("; it may need legacy algorithms: set %s = legacy", key);
	return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_NO_PROPOSAL_CHOSEN,
	    "IKE: the server rejected every %sproposal (NO_PROPOSAL_CHOSEN); offered %s%s",
	    esp ? "ESP " : "", offered, hint);
}

/* The first error notify in payloads, or NULL. */
static const IsakmpNotify *
error_notify(const GArray *payloads)
{
	for (guint i = 0; i < payloads->len; i++) {
		const IsakmpPayload *p = &g_array_index(payloads, IsakmpPayload, i);
		if (p->type == ISAKMP_PAYLOAD_NOTIFY && isakmp_notify_is_error(p->u.notify.type))
			return &p->u.notify;
	}
	return NULL;
}

static const char *
waiting_for(const IkeV1Sa *sa)
{
	switch (sa->state) {
	case IKEV1_MM_SENT1:
		return "Main Mode message 1";
	case IKEV1_MM_SENT3:
		return "Main Mode message 3";
	case IKEV1_MM_SENT5:
		return "Main Mode message 5";
	default:
		return "Quick Mode message 1";
	}
}

static IkeV1Step
fail_on_notify(IkeV1Sa *sa, const IsakmpNotify *n, GError **error)
{
	if (n->type == ISAKMP_N_NO_PROPOSAL_CHOSEN) {
		fail_no_proposal(sa, sa->state == IKEV1_QM_SENT1, error);
		return IKEV1_STEP_FAIL;
	}
	if (sa->state == IKEV1_MM_SENT5 && (n->type == ISAKMP_N_AUTHENTICATION_FAILED ||
					       n->type == ISAKMP_N_INVALID_ID_INFORMATION ||
					       n->type == ISAKMP_N_INVALID_HASH_INFORMATION)) {
		l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_AUTH_FAILED,
		    "IKE: pre-shared key mismatch (the server says %s)",
		    isakmp_notify_name(n->type));
		return IKEV1_STEP_FAIL;
	}
	l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_NOTIFY,
	    "IKE: the server answered %s with %s (%u)", waiting_for(sa),
	    isakmp_notify_name(n->type), n->type);
	return IKEV1_STEP_FAIL;
}

/* Before the keys: a clear Informational; only its error notify counts. */
static IkeV1Step
info_on_clear(
    IkeV1Sa *sa, const IsakmpMessage *msg, uint64_t now_ms, IkeV1Actions *out, GError **error)
{
	(void)now_ms;
	(void)out;
	if (msg->encrypted != NULL) {
		g_debug("IKE: encrypted Informational before the keys exist, ignoring");
		return IKEV1_STEP_STAY;
	}
	const IsakmpNotify *n = error_notify(msg->payloads);
	if (n == NULL) {
		g_debug("IKE: clear Informational without an error notify, ignoring");
		return IKEV1_STEP_STAY;
	}
	return fail_on_notify(sa, n, error);
}

/*
 * Decrypt and authenticate an Informational (RFC 2409 §5.7): HASH(1) =
 * prf(SKEYID_a, M-ID | N/D). NULL (and debug) for anything that fails.
 */
static GArray *
info_open(IkeV1Sa *sa, const IsakmpMessage *msg, const uint8_t *p1_last_block)
{
	g_autoptr(GError) error = NULL;
	uint32_t msgid = msg->header.message_id;
	uint8_t iv[IKE_CIPHER_MAX_BLOCK], next_iv[IKE_CIPHER_MAX_BLOCK];
	g_autofree uint8_t *plain = NULL;
	size_t plain_len = 0;
	if (msg->encrypted == NULL) {
		g_debug("IKE: unprotected Informational after the keys exist, ignoring");
		return NULL;
	}
	if (!ikev1_phase2_iv(
		sa->chosen->hash, p1_last_block, sa->keys->block_size, msgid, iv, &error))
		return NULL;
	g_autoptr(GArray) payloads =
	    ikev1_decrypt_payloads(sa, msg, iv, next_iv, &plain, &plain_len, &error);
	if (payloads == NULL) {
		g_debug("IKE: Informational does not decrypt (%s), ignoring", error->message);
		return NULL;
	}
	if (payloads->len < 2) {
		g_debug("IKE: Informational without HASH(1) and payload, ignoring");
		return NULL;
	}
	const IsakmpPayload *second = &g_array_index(payloads, IsakmpPayload, 1);
	size_t off = second->at - ISAKMP_HEADER_LEN;
	uint8_t h[IKE_HASH_MAX_LEN];
	if (!ikev1_info_hash(sa->chosen->hash, sa->keys->skeyid_a, msgid, plain + off,
		plain_len - off, h, &error) ||
	    !ikev1_hash_payload_ok(payloads, h, ike_hash_len(sa->chosen->hash))) {
		g_debug("IKE: Informational HASH(1) does not verify, ignoring (CVE-2019-10155)");
		return NULL;
	}
	return g_steal_pointer(&payloads);
}

/* MM5 sent: the server may answer with an Informational instead of MM6. */
static IkeV1Step
info_on_mm5(
    IkeV1Sa *sa, const IsakmpMessage *msg, uint64_t now_ms, IkeV1Actions *out, GError **error)
{
	if (msg->encrypted == NULL)
		return info_on_clear(sa, msg, now_ms, out, error);
	/* its IV follows from our message 5, the last phase-1 block the server saw */
	g_autoptr(GArray) payloads = info_open(sa, msg, sa->iv);
	const IsakmpNotify *n = payloads != NULL ? error_notify(payloads) : NULL;
	if (n != NULL)
		return fail_on_notify(sa, n, error);
	/* keys derived from another PSK: the server cannot read message 5, we cannot read this */
	l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_AUTH_FAILED,
	    "IKE: pre-shared key mismatch (the server answered Main Mode message 5 with an "
	    "Informational %s)",
	    payloads == NULL ? "we cannot decrypt" : "without an error");
	return IKEV1_STEP_FAIL;
}

static void
dpd_send(IkeV1Sa *sa, IkeV1Actions *out, uint16_t type, uint32_t seq)
{
	uint8_t spi[2 * IKEV1_COOKIE_LEN], data[4];
	memcpy(spi, sa->icookie, IKEV1_COOKIE_LEN);
	memcpy(spi + IKEV1_COOKIE_LEN, sa->rcookie, IKEV1_COOKIE_LEN);
	data[0] = (uint8_t)(seq >> 24);
	data[1] = (uint8_t)(seq >> 16);
	data[2] = (uint8_t)(seq >> 8);
	data[3] = (uint8_t)seq;
	IsakmpPayload p = {0};
	isakmp_payload_init_notify(&p, ISAKMP_PROTO_ISAKMP, type, spi, sizeof(spi), data, 4);
	g_autoptr(GError) error = NULL;
	if (!ikev1_info_send(sa, out, &p, &error))
		g_debug("IKE: cannot send %s: %s", isakmp_notify_name(type), error->message);
}

/* After the keys: authenticated Notify and Delete. */
static IkeV1Step
info_on_protected(
    IkeV1Sa *sa, const IsakmpMessage *msg, uint64_t now_ms, IkeV1Actions *out, GError **error)
{
	g_autoptr(GArray) payloads = info_open(sa, msg, sa->p1_last_block);
	if (payloads == NULL)
		return IKEV1_STEP_STAY;
	ikev1_dpd_activity(sa, now_ms);
	for (guint i = 1; i < payloads->len; i++) {
		const IsakmpPayload *p = &g_array_index(payloads, IsakmpPayload, i);
		if (p->type == ISAKMP_PAYLOAD_NOTIFY) {
			const IsakmpNotify *n = &p->u.notify;
			uint32_t seq;
			if (n->type == ISAKMP_N_DPD_R_U_THERE && isakmp_notify_dpd_seq(n, &seq)) {
				g_debug("IKE: R-U-THERE %" PRIu32 ", answering", seq);
				dpd_send(sa, out, ISAKMP_N_DPD_R_U_THERE_ACK, seq);
			} else if (n->type == ISAKMP_N_DPD_R_U_THERE_ACK &&
				   isakmp_notify_dpd_seq(n, &seq)) {
				g_debug("IKE: R-U-THERE-ACK %" PRIu32 "%s", seq,
				    seq == sa->dpd_seq ? "" : " for another sequence, ignoring");
			} else if (isakmp_notify_is_error(n->type) && sa->state == IKEV1_QM_SENT1) {
				return fail_on_notify(sa, n, error);
			} else {
				g_debug("IKE: notify %s (%u), ignoring",
				    isakmp_notify_name(n->type), n->type);
			}
		} else if (p->type == ISAKMP_PAYLOAD_DELETE) {
			const IsakmpDelete *d = &p->u.del;
			const char *what = NULL;
			if (d->protocol == ISAKMP_PROTO_ISAKMP) {
				what = "the IKE SA";
			} else if (d->protocol == ISAKMP_PROTO_ESP && d->spi_len == 4 &&
				   sa->esp_up) {
				const uint8_t *s = g_bytes_get_data(d->spis, NULL);
				for (uint16_t k = 0; k < d->count; k++) {
					uint32_t spi = (uint32_t)s[4 * k] << 24 |
						       (uint32_t)s[4 * k + 1] << 16 |
						       (uint32_t)s[4 * k + 2] << 8 | s[4 * k + 3];
					if (spi == sa->spi_out)
						what = "the ESP SA";
				}
			}
			if (what == NULL) {
				g_debug("IKE: Delete of an SA we do not have, ignoring");
				continue;
			}
			IkeV1Action a = {.type = IKEV1_ACTION_SERVER_DELETE,
			    .reason = g_strdup_printf("IKE: the server deleted %s", what)};
			ikev1_emit(out, &a);
			l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_NOTIFY,
			    "IKE: the server deleted %s", what);
			return IKEV1_STEP_FAIL;
		}
	}
	return IKEV1_STEP_STAY;
}

bool
ikev1_info_send(IkeV1Sa *sa, IkeV1Actions *out, IsakmpPayload *payload, GError **error)
{
	IkeHash hash = sa->chosen->hash;
	size_t hlen = ike_hash_len(hash);
	uint32_t msgid = ikev1_random_msgid(sa);
	g_autoptr(GByteArray) body = g_byte_array_new();
	IsakmpBuilder b;
	isakmp_builder_begin_body(&b, body);
	IsakmpPayload p = {0};
	uint8_t h[IKE_HASH_MAX_LEN] = {0};
	isakmp_payload_init_data(&p, ISAKMP_PAYLOAD_HASH, h, hlen);
	ikev1_add(&b, &p);
	size_t after = body->len;
	ikev1_add(&b, payload);
	isakmp_builder_finish(&b);
	if (!ikev1_info_hash(
		hash, sa->keys->skeyid_a, msgid, body->data + after, body->len - after, h, error))
		return false;
	memcpy(body->data + ISAKMP_GENERIC_LEN, h, hlen);
	uint8_t iv[IKE_CIPHER_MAX_BLOCK];
	if (!ikev1_phase2_iv(hash, sa->p1_last_block, sa->keys->block_size, msgid, iv, error))
		return false;
	g_autoptr(GByteArray) w = g_byte_array_new();
	if (!ikev1_encrypt_body(sa, ISAKMP_EXCH_INFORMATIONAL, msgid, iv, body, b.first, w, error))
		return false;
	/* one-shot: no retransmission, and the last exchange message stays the one to repeat */
	IkeV1Action a = {.type = IKEV1_ACTION_SEND,
	    .bytes = g_bytes_new(w->data, w->len),
	    .local_port = sa->port_local,
	    .remote_port = sa->port_remote,
	    .non_esp_marker = sa->marker};
	ikev1_emit(out, &a);
	return true;
}

static IkeV1Step
close_quiet(
    IkeV1Sa *sa, const IsakmpMessage *msg, uint64_t now_ms, IkeV1Actions *out, GError **error)
{
	(void)msg;
	(void)now_ms;
	(void)error;
	sa->rtx_active = false;
	sa->dpd_active = false;
	sa->ka_active = false;
	sa->rekey_active = false;
	IkeV1Action a = {.type = IKEV1_ACTION_CLOSED};
	ikev1_emit(out, &a);
	return IKEV1_STEP_NEXT;
}

/* RFC 2409 §5.7 / RFC 2408 §3.15: Delete our inbound ESP SPI, then the ISAKMP SA. */
static IkeV1Step
close_delete(
    IkeV1Sa *sa, const IsakmpMessage *msg, uint64_t now_ms, IkeV1Actions *out, GError **error)
{
	IsakmpPayload p = {0};
	if (sa->esp_up) {
		uint8_t spi[4] = {(uint8_t)(sa->spi_in >> 24), (uint8_t)(sa->spi_in >> 16),
		    (uint8_t)(sa->spi_in >> 8), (uint8_t)sa->spi_in};
		isakmp_payload_init_delete(&p, ISAKMP_PROTO_ESP, spi, 4, 1);
		if (!ikev1_info_send(sa, out, &p, error))
			return IKEV1_STEP_FAIL;
		IkeV1Action d = {.type = IKEV1_ACTION_DELETE_ESP, .esp = g_new0(IkeV1EspSa, 1)};
		d.esp->spi_in = sa->spi_in;
		d.esp->spi_out = sa->spi_out;
		ikev1_emit(out, &d);
		sa->esp_up = false;
	}
	uint8_t cookies[2 * IKEV1_COOKIE_LEN];
	memcpy(cookies, sa->icookie, IKEV1_COOKIE_LEN);
	memcpy(cookies + IKEV1_COOKIE_LEN, sa->rcookie, IKEV1_COOKIE_LEN);
	isakmp_payload_init_delete(&p, ISAKMP_PROTO_ISAKMP, cookies, sizeof(cookies), 1);
	if (!ikev1_info_send(sa, out, &p, error))
		return IKEV1_STEP_FAIL;
	return close_quiet(sa, msg, now_ms, out, error);
}

void
ikev1_dpd_start(IkeV1Sa *sa, uint64_t now_ms)
{
	if (sa->cfg.no_dpd) {
		g_debug("IKE: DPD off by configuration");
		return;
	}
	if (!sa->peer_dpd)
		return; /* Windows servers do not do DPD; the supervisor's liveness check covers
			   them */
	uint8_t b[4];
	ikev1_rng(sa, b, sizeof(b));
	/* RFC 3706 §7: a random start, leaving room to count up */
	sa->dpd_seq =
	    ((uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]) & 0x7fffffff;
	sa->dpd_active = true;
	sa->dpd_waiting = false;
	sa->dpd_misses = 0;
	sa->dpd_next_ms = now_ms + sa->cfg.dpd_idle_ms;
}

void
ikev1_dpd_activity(IkeV1Sa *sa, uint64_t now_ms)
{
	if (!sa->dpd_active)
		return;
	sa->dpd_waiting = false;
	sa->dpd_misses = 0;
	sa->dpd_next_ms = now_ms + sa->cfg.dpd_idle_ms;
}

void
ikev1_dpd_timer(IkeV1Sa *sa, uint64_t now_ms, IkeV1Actions *out)
{
	if (now_ms < sa->dpd_next_ms)
		return;
	if (sa->dpd_waiting && ++sa->dpd_misses >= sa->cfg.dpd_max_misses) {
		g_autofree char *peer = ikev1_peer_string(sa);
		IkeV1Action a = {.type = IKEV1_ACTION_PEER_DEAD,
		    .reason = g_strdup_printf(
			"IKE: %s did not answer %u R-U-THERE (RFC 3706)", peer, sa->dpd_misses)};
		GError *error =
		    g_error_new(L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_TIMEOUT, "%s", a.reason);
		ikev1_emit(out, &a);
		ikev1_sa_fail(sa, out, error);
		return;
	}
	sa->dpd_seq++;
	g_debug("IKE: %s R-U-THERE %" PRIu32, sa->dpd_waiting ? "no answer, another" : "idle,",
	    sa->dpd_seq);
	dpd_send(sa, out, ISAKMP_N_DPD_R_U_THERE, sa->dpd_seq);
	sa->dpd_waiting = true;
	sa->dpd_next_ms = now_ms + sa->cfg.dpd_retry_ms;
}

/* RFC 2408 §4.8, RFC 2409 §5.7; close from any state */
const IkeV1Row ikev1_info_table[] = {
    {IKEV1_MM_SENT1, IKEV1_EV_INFO, info_on_clear, IKEV1_FAILED},
    {IKEV1_MM_SENT3, IKEV1_EV_INFO, info_on_clear, IKEV1_FAILED},
    {IKEV1_MM_SENT5, IKEV1_EV_INFO, info_on_mm5, IKEV1_FAILED},
    {IKEV1_QM_SENT1, IKEV1_EV_INFO, info_on_protected, IKEV1_QM_SENT1},
    {IKEV1_UP, IKEV1_EV_INFO, info_on_protected, IKEV1_UP},
    {IKEV1_IDLE, IKEV1_EV_CLOSE, close_quiet, IKEV1_CLOSED},
    {IKEV1_MM_SENT1, IKEV1_EV_CLOSE, close_quiet, IKEV1_CLOSED},
    {IKEV1_MM_SENT3, IKEV1_EV_CLOSE, close_quiet, IKEV1_CLOSED},
    {IKEV1_MM_SENT5, IKEV1_EV_CLOSE, close_quiet, IKEV1_CLOSED},
    {IKEV1_QM_SENT1, IKEV1_EV_CLOSE, close_delete, IKEV1_CLOSED},
    {IKEV1_UP, IKEV1_EV_CLOSE, close_delete, IKEV1_CLOSED},
};
const size_t ikev1_info_table_len = G_N_ELEMENTS(ikev1_info_table);
