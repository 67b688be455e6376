/*
 * ikev1_sa.c — the IKEv1 initiator's context, its action list, the event
 * dispatch over the per-exchange tables, retransmission and the timer; see
 * ikev1_sa.h. The exchanges themselves are in ikev1_main_mode.c,
 * ikev1_quick_mode.c and ikev1_info.c.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <openssl/crypto.h>

#include "common/error.h"
#include "common/wire.h"
#include "ipsec/ikev1_private.h"

static const char *const state_names[] = {
    [IKEV1_IDLE] = "IDLE",
    [IKEV1_MM_SENT1] = "MM_SENT1",
    [IKEV1_MM_SENT3] = "MM_SENT3",
    [IKEV1_MM_SENT5] = "MM_SENT5",
    [IKEV1_QM_SENT1] = "QM_SENT1",
    [IKEV1_UP] = "UP",
    [IKEV1_CLOSED] = "CLOSED",
    [IKEV1_FAILED] = "FAILED",
};

static const char *const event_names[] = {
    [IKEV1_EV_START] = "start",
    [IKEV1_EV_MAIN] = "Main Mode message",
    [IKEV1_EV_QUICK] = "Quick Mode message",
    [IKEV1_EV_INFO] = "Informational",
    [IKEV1_EV_CLOSE] = "close",
};

const char *
ikev1_action_name(IkeV1ActionType type)
{
	static const char *const names[] = {
	    [IKEV1_ACTION_SEND] = "SEND",
	    [IKEV1_ACTION_TIMER] = "TIMER",
	    [IKEV1_ACTION_ESTABLISHED] = "ESTABLISHED",
	    [IKEV1_ACTION_INSTALL_ESP] = "INSTALL_ESP",
	    [IKEV1_ACTION_DELETE_ESP] = "DELETE_ESP",
	    [IKEV1_ACTION_PEER_DEAD] = "PEER_DEAD",
	    [IKEV1_ACTION_SERVER_DELETE] = "SERVER_DELETE",
	    [IKEV1_ACTION_FAILED] = "FAILED",
	    [IKEV1_ACTION_CLOSED] = "CLOSED",
	};
	return (unsigned)type < G_N_ELEMENTS(names) ? names[type] : "?";
}

static void
esp_sa_free(IkeV1EspSa *e)
{
	if (e == NULL)
		return;
	l2sec_secret_free(e->enc_key_in);
	l2sec_secret_free(e->enc_key_out);
	l2sec_secret_free(e->auth_key_in);
	l2sec_secret_free(e->auth_key_out);
	g_free(e->proposal);
	g_free(e);
}

static void
action_clear(gpointer p)
{
	IkeV1Action *a = p;
	if (a->bytes != NULL)
		g_bytes_unref(a->bytes);
	if (a->ike != NULL) {
		g_free(a->ike->proposal);
		g_free(a->ike);
	}
	esp_sa_free(a->esp);
	g_free(a->reason);
	if (a->error != NULL)
		g_error_free(a->error);
	memset(a, 0, sizeof(*a));
}

IkeV1Actions *
ikev1_actions_new(void)
{
	GArray *a = g_array_new(FALSE, TRUE, sizeof(IkeV1Action));
	g_array_set_clear_func(a, action_clear);
	return a;
}

void
ikev1_actions_free(IkeV1Actions *actions)
{
	if (actions != NULL)
		g_array_unref(actions);
}

const IkeV1Action *
ikev1_actions_find(const IkeV1Actions *actions, IkeV1ActionType type, guint nth)
{
	for (guint i = 0; i < actions->len; i++) {
		const IkeV1Action *a = &g_array_index(actions, IkeV1Action, i);
		if (a->type == type && nth-- == 0)
			return a;
	}
	return NULL;
}

void
ikev1_emit(IkeV1Actions *out, const IkeV1Action *a)
{
	g_array_append_vals(out, a, 1);
}

void
ikev1_rng(IkeV1Sa *sa, void *buf, size_t len)
{
	sa->cfg.rng(buf, len, sa->cfg.rng_data);
}

uint32_t
ikev1_random_msgid(IkeV1Sa *sa)
{
	uint32_t id = 0;
	while (id == 0) { /* RFC 2408 §3.1: phase 2 message IDs are random and non-zero */
		uint8_t b[4];
		ikev1_rng(sa, b, sizeof(b));
		id = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	}
	return id;
}

void
ikev1_header_init(const IkeV1Sa *sa, uint8_t exchange, uint32_t msgid, IsakmpHeader *ret)
{
	*ret = (IsakmpHeader){
		.major = ISAKMP_VERSION_MAJOR,
		.minor = ISAKMP_VERSION_MINOR,
		.exchange = exchange,
		.message_id = msgid,
	};
	memcpy(ret->icookie, sa->icookie, ISAKMP_COOKIE_LEN);
	memcpy(ret->rcookie, sa->rcookie, ISAKMP_COOKIE_LEN);
}

static void
ikev1_header(const IkeV1Sa *sa, uint8_t exchange, uint32_t msgid, uint8_t *ret28)
{
	IsakmpHeader h;
	ikev1_header_init(sa, exchange, msgid, &h);
	g_autoptr(GByteArray) w = g_byte_array_new();
	size_t at = isakmp_header_encode(&h, w);
	isakmp_header_finish(w, at);
	memcpy(ret28, w->data, ISAKMP_HEADER_LEN);
}

bool
ikev1_encrypt_body(IkeV1Sa *sa, uint8_t exchange, uint32_t msgid, uint8_t *iv, const GByteArray *body,
    uint8_t first, GByteArray *w, GError **error)
{
	uint8_t hdr[ISAKMP_HEADER_LEN];
	ikev1_header(sa, exchange, msgid, hdr);
	return ikev1_crypt_encrypt_message(
	    sa->keys, iv, hdr, first, body->data, body->len, w, iv, error);
}

const uint8_t *
ikev1_raw_body(const uint8_t *plain, size_t plain_len, const IsakmpPayload *p, size_t *ret_len)
{
	/* p->at counts from the datagram; plain starts after the 28-byte header */
	WireCursor c;
	wire_init(&c, plain, plain_len);
	size_t off = p->at - ISAKMP_HEADER_LEN;
	uint16_t len;
	const uint8_t *body;
	if (!wire_get_bytes(&c, NULL, off + 2) || !wire_get_u16(&c, &len) ||
	    len < ISAKMP_GENERIC_LEN || !wire_get_ptr(&c, &body, len - ISAKMP_GENERIC_LEN))
		return NULL; /* cannot happen for a payload the codec decoded from plain */
	*ret_len = len - ISAKMP_GENERIC_LEN;
	return body;
}

void
ikev1_add(IsakmpBuilder *b, IsakmpPayload *p)
{
	isakmp_builder_add(b, p);
	isakmp_payload_clear(p);
}

IkeDh *
ikev1_dh_new(IkeV1Sa *sa, IkeDhGroup group, GError **error)
{
	/* private keys from the injected RNG so tests are deterministic; 256 bits for MODP
	 * (twice the security of MODP2048), the scalar size for ECP and Curve25519 */
	size_t len = group == IKE_DH_ECP384 ? 48 : 32;
	uint8_t priv[48];
	IkeDh *dh = NULL;
	for (int tries = 0; dh == NULL && tries < 8; tries++) {
		g_clear_error(error);
		ikev1_rng(sa, priv, len);
		if (group == IKE_DH_ECP256 || group == IKE_DH_ECP384)
			priv[0] &= 0x7f; /* below the group order more often than not */
		dh = ike_dh_new_with_private(group, priv, len, error);
	}
	OPENSSL_cleanse(priv, sizeof(priv));
	return dh;
}

char *
ikev1_peer_string(const IkeV1Sa *sa)
{
	const uint8_t *a = sa->cfg.remote_addr;
	return g_strdup_printf("%u.%u.%u.%u:%u", a[0], a[1], a[2], a[3], sa->port_remote);
}

GArray *
ikev1_decrypt_payloads(IkeV1Sa *sa, const IsakmpMessage *msg, const uint8_t *iv,
    uint8_t *ret_next_iv, uint8_t **ret_plain, size_t *ret_plain_len, GError **error)
{
	if (msg->encrypted == NULL) {
		l2sec_fail_at(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID, "ISAKMP message",
		    ISAKMP_HEADER_AT_FLAGS, "%s is not encrypted",
		    isakmp_exchange_name(msg->header.exchange));
		return NULL;
	}
	gsize len;
	const uint8_t *ct = g_bytes_get_data(msg->encrypted, &len);
	g_autofree uint8_t *plain = ikev1_crypt_decrypt(sa->keys, iv, ct, len, ret_next_iv, error);
	if (plain == NULL)
		return NULL;
	size_t padding;
	GArray *payloads = isakmp_payloads_decode(
	    msg->header.next_payload, plain, len, ISAKMP_HEADER_LEN, &padding, error);
	if (payloads == NULL)
		return NULL;
	*ret_plain_len = len - padding;
	*ret_plain = g_steal_pointer(&plain);
	return payloads;
}

bool
ikev1_hash_payload_ok(const GArray *payloads, const uint8_t *expect, size_t expect_len)
{
	if (payloads->len == 0)
		return false;
	const IsakmpPayload *h = &g_array_index(payloads, IsakmpPayload, 0);
	if (h->type != ISAKMP_PAYLOAD_HASH)
		return false;
	gsize len;
	const uint8_t *d = g_bytes_get_data(h->u.data, &len);
	return len == expect_len && CRYPTO_memcmp(d, expect, len) == 0;
}

/* --- the SA --- */

IkeV1Sa *
ikev1_sa_new(const IkeV1Config *config, GError **error)
{
	if (config->psk == NULL || config->psk->len == 0) {
		l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "IKE: no pre-shared key configured");
		return NULL;
	}
	if (config->ike_proposals == NULL || config->ike_proposals->len == 0 ||
	    config->esp_proposals == NULL || config->esp_proposals->len == 0) {
		l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "IKE: no IKE or ESP proposals configured");
		return NULL;
	}
	if (config->ike_proposals->len > 255 || config->esp_proposals->len > 255) {
		l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "IKE: more than 255 proposals");
		return NULL;
	}
	if (config->pfs_group != 0 && !ike_dh_group_known(config->pfs_group)) {
		l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_UNSUPPORTED,
		    "IKE: unknown PFS group %u", config->pfs_group);
		return NULL;
	}
	if (config->rng == NULL) {
		l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID, "IKE: no RNG given");
		return NULL;
	}
	IkeV1Sa *sa = g_new0(IkeV1Sa, 1);
	sa->cfg = *config;
	sa->psk = l2sec_secret_dup(config->psk);
	sa->cfg.psk = NULL;
	g_ptr_array_ref(sa->cfg.ike_proposals);
	g_ptr_array_ref(sa->cfg.esp_proposals);
	sa->cfg.local_id = NULL; /* ours to free */
	if (config->local_id_type != 0)
		sa->cfg.local_id = g_memdup2(config->local_id, config->local_id_len);
	sa->cfg.remote_id = NULL;
	if (config->remote_id_type != 0)
		sa->cfg.remote_id = g_memdup2(config->remote_id, config->remote_id_len);
#define DEFAULT(f, v)                                                                              \
	if (sa->cfg.f == 0)                                                                        \
		sa->cfg.f = (v);
	DEFAULT(local_port, IKEV1_PORT);
	DEFAULT(remote_port, IKEV1_PORT);
	DEFAULT(l2tp_local_port, IKEV1_L2TP_PORT);
	DEFAULT(l2tp_remote_port, IKEV1_L2TP_PORT);
	DEFAULT(ike_lifetime_s, 28800);
	DEFAULT(esp_lifetime_s, 3600);
	DEFAULT(retransmit_first_ms, 1000);
	DEFAULT(retransmit_total_ms, 30000);
	DEFAULT(dpd_idle_ms, 30000);
	DEFAULT(dpd_retry_ms, 5000);
	DEFAULT(dpd_max_misses, 5);
	DEFAULT(natt_keepalive_ms, 20000); /* libreswan's keep-alive=20s, strongSwan's 20 s */
#undef DEFAULT
	sa->port_local = sa->cfg.local_port;
	sa->port_remote = sa->cfg.remote_port;
	sa->state = IKEV1_IDLE;
	return sa;
}

void
ikev1_sa_free(IkeV1Sa *sa)
{
	if (sa == NULL)
		return;
	l2sec_secret_free(sa->psk);
	g_ptr_array_unref(sa->cfg.ike_proposals);
	g_ptr_array_unref(sa->cfg.esp_proposals);
	g_free((uint8_t *)sa->cfg.local_id);
	g_free((uint8_t *)sa->cfg.remote_id);
	g_free(sa->reason);
	if (sa->sai_b != NULL)
		g_byte_array_unref(sa->sai_b);
	ike_dh_free(sa->dh);
	ike_dh_free(sa->qm_dh);
	g_clear_pointer(&sa->nr, g_bytes_unref);
	g_clear_pointer(&sa->gxr, g_bytes_unref);
	g_clear_pointer(&sa->last_sent, g_bytes_unref);
	g_clear_pointer(&sa->last_received, g_bytes_unref);
	ikev1_keys_free(sa->keys);
	OPENSSL_cleanse(sa, sizeof(*sa));
	g_free(sa);
}

const char *
ikev1_sa_state_name(const IkeV1Sa *sa)
{
	return state_names[sa->state];
}

const char *
ikev1_sa_reason(const IkeV1Sa *sa)
{
	return sa->reason;
}

bool
ikev1_sa_is_up(const IkeV1Sa *sa)
{
	return sa->state == IKEV1_UP;
}

/* Only this writes sa->state (STYLE.md). */
static void
sa_set_state(IkeV1Sa *sa, IkeV1State next, IkeV1Event ev)
{
	if (sa->state != next)
		g_debug("IKE: %s -> %s on %s", state_names[sa->state], state_names[next],
		    event_names[ev]);
	sa->state = next;
}

void
ikev1_emit_send(IkeV1Sa *sa, IkeV1Actions *out, GByteArray *msg, const char *what,
    bool expect_reply, uint64_t now_ms)
{
	GBytes *b = g_bytes_new(msg->data, msg->len);
	g_clear_pointer(&sa->last_sent, g_bytes_unref);
	sa->last_sent = g_bytes_ref(b);
	sa->last_sent_what = what;
	sa->dup_answered = false;
	IkeV1Action a = {.type = IKEV1_ACTION_SEND,
	    .bytes = b,
	    .local_port = sa->port_local,
	    .remote_port = sa->port_remote,
	    .non_esp_marker = sa->marker};
	ikev1_emit(out, &a);
	g_debug("IKE: sending %s (%u bytes) to port %u", what, msg->len, sa->port_remote);
	sa->rtx_active = expect_reply;
	if (expect_reply) {
		sa->rtx_start_ms = now_ms;
		sa->rtx_interval_ms = sa->cfg.retransmit_first_ms;
		sa->rtx_next_ms = now_ms + sa->rtx_interval_ms;
	}
}

static void
resend_last(IkeV1Sa *sa, IkeV1Actions *out)
{
	IkeV1Action a = {.type = IKEV1_ACTION_SEND,
	    .bytes = g_bytes_ref(sa->last_sent),
	    .local_port = sa->port_local,
	    .remote_port = sa->port_remote,
	    .non_esp_marker = sa->marker};
	ikev1_emit(out, &a);
}

void
ikev1_sa_fail(IkeV1Sa *sa, IkeV1Actions *out, GError *error)
{
	g_free(sa->reason);
	sa->reason = g_strdup(error->message);
	g_debug("IKE: failed: %s", sa->reason);
	sa->rtx_active = false;
	sa->dpd_active = false;
	sa->ka_active = false;
	sa->rekey_active = false;
	if (sa->esp_up) {
		IkeV1Action d = {.type = IKEV1_ACTION_DELETE_ESP, .esp = g_new0(IkeV1EspSa, 1)};
		d.esp->spi_in = sa->spi_in;
		d.esp->spi_out = sa->spi_out;
		ikev1_emit(out, &d);
		sa->esp_up = false;
	}
	IkeV1Action a = {.type = IKEV1_ACTION_FAILED, .error = error};
	ikev1_emit(out, &a);
	g_debug("IKE: %s -> FAILED", state_names[sa->state]);
	sa->state = IKEV1_FAILED; /* the one other writer of sa->state: failure ends every row */
}

/* Arm the single timer at the earliest pending deadline, if that changed. */
static void
sa_rearm(IkeV1Sa *sa, IkeV1Actions *out)
{
	uint64_t d = 0;
	if (sa->state != IKEV1_FAILED && sa->state != IKEV1_CLOSED) {
		if (sa->rtx_active) {
			uint64_t end = sa->rtx_start_ms + sa->cfg.retransmit_total_ms;
			d = MIN(sa->rtx_next_ms, end);
		}
		if (sa->dpd_active && (d == 0 || sa->dpd_next_ms < d))
			d = sa->dpd_next_ms;
		if (sa->ka_active && (d == 0 || sa->ka_next_ms < d))
			d = sa->ka_next_ms;
		if (sa->rekey_active && !sa->rekeying && (d == 0 || sa->rekey_at_ms < d))
			d = sa->rekey_at_ms;
	}
	if (d != sa->timer_armed_ms) {
		sa->timer_armed_ms = d;
		IkeV1Action a = {.type = IKEV1_ACTION_TIMER, .deadline_ms = d};
		ikev1_emit(out, &a);
	}
}

static const struct {
	const IkeV1Row *rows;
	const size_t *len;
} tables[] = {
    {ikev1_main_mode_table, &ikev1_main_mode_table_len},
    {ikev1_quick_mode_table, &ikev1_quick_mode_table_len},
    {ikev1_info_table, &ikev1_info_table_len},
};

static void
sa_dispatch(
    IkeV1Sa *sa, IkeV1Event ev, const IsakmpMessage *msg, uint64_t now_ms, IkeV1Actions *out)
{
	const IkeV1Row *row = NULL;
	for (size_t t = 0; t < G_N_ELEMENTS(tables) && row == NULL; t++)
		for (size_t i = 0; i < *tables[t].len; i++)
			if (tables[t].rows[i].state == sa->state && tables[t].rows[i].event == ev) {
				row = &tables[t].rows[i];
				break;
			}
	GError *error = NULL;
	if (row == NULL) {
		/* an unlisted pair is a protocol error, never a silent no-op */
		g_set_error(&error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "IKE: unexpected %s in state %s", event_names[ev], state_names[sa->state]);
		ikev1_sa_fail(sa, out, error);
		return;
	}
	switch (row->action(sa, msg, now_ms, out, &error)) {
	case IKEV1_STEP_NEXT:
		sa_set_state(sa, row->next, ev);
		break;
	case IKEV1_STEP_STAY:
		break;
	case IKEV1_STEP_FAIL:
		g_assert(error != NULL);
		ikev1_sa_fail(sa, out, error);
		break;
	}
}

void
ikev1_sa_start(IkeV1Sa *sa, uint64_t now_ms, IkeV1Actions *out)
{
	sa_dispatch(sa, IKEV1_EV_START, NULL, now_ms, out);
	sa_rearm(sa, out);
}

void
ikev1_sa_close(IkeV1Sa *sa, uint64_t now_ms, IkeV1Actions *out)
{
	if (sa->state == IKEV1_FAILED || sa->state == IKEV1_CLOSED)
		return;
	sa_dispatch(sa, IKEV1_EV_CLOSE, NULL, now_ms, out);
	sa_rearm(sa, out);
}

static bool
is_ours(const IkeV1Sa *sa, const IsakmpHeader *h)
{
	static const uint8_t zero[ISAKMP_COOKIE_LEN];
	if (memcmp(h->icookie, sa->icookie, ISAKMP_COOKIE_LEN) != 0)
		return false;
	if (sa->state == IKEV1_MM_SENT1) /* the responder cookie is new, but never zero */
		return memcmp(h->rcookie, zero, ISAKMP_COOKIE_LEN) != 0;
	return memcmp(h->rcookie, sa->rcookie, ISAKMP_COOKIE_LEN) == 0;
}

static const char *
expected_reply(const IkeV1Sa *sa)
{
	switch (sa->state) {
	case IKEV1_MM_SENT1:
		return "Main Mode message 2";
	case IKEV1_MM_SENT3:
		return "Main Mode message 4";
	case IKEV1_MM_SENT5:
		return "Main Mode message 6";
	case IKEV1_QM_SENT1:
		return "Quick Mode message 2";
	default:
		return "message";
	}
}

void
ikev1_sa_receive(IkeV1Sa *sa, uint64_t now_ms, const void *data, size_t len, IkeV1Actions *out)
{
	if (sa->state == IKEV1_FAILED || sa->state == IKEV1_CLOSED || sa->state == IKEV1_IDLE) {
		g_debug("IKE: datagram in state %s, ignoring", state_names[sa->state]);
		return;
	}
	/* cookies first: a datagram for another SA (or none) is not ours to judge */
	WireCursor c;
	IsakmpHeader h;
	uint8_t cookies[2 * ISAKMP_COOKIE_LEN];
	wire_init(&c, data, len);
	if (!wire_get_bytes(&c, cookies, sizeof(cookies))) {
		g_debug("IKE: %zu-byte datagram, too short for ISAKMP cookies, ignoring", len);
		return;
	}
	memcpy(h.icookie, cookies, ISAKMP_COOKIE_LEN);
	memcpy(h.rcookie, cookies + ISAKMP_COOKIE_LEN, ISAKMP_COOKIE_LEN);
	if (!is_ours(sa, &h)) {
		g_debug("IKE: %zu-byte datagram with other cookies, ignoring", len);
		return;
	}
	wire_init(&c, data, len);
	GError *error = NULL;
	if (!isakmp_header_decode(&c, &h, &error)) {
		g_autofree char *peer = ikev1_peer_string(sa);
		g_prefix_error(&error, "IKE: %s from %s: ", expected_reply(sa), peer);
		ikev1_sa_fail(sa, out, error);
		sa_rearm(sa, out);
		return;
	}
	/* an exact repeat of the last message: the server lost our answer; resend it once */
	if (sa->last_received != NULL && g_bytes_get_size(sa->last_received) == len &&
	    memcmp(g_bytes_get_data(sa->last_received, NULL), data, len) == 0) {
		if (!sa->dup_answered && sa->last_sent != NULL) {
			g_debug("IKE: repeated message, resending %s", sa->last_sent_what);
			resend_last(sa, out);
			sa->dup_answered = true;
		} else {
			g_debug("IKE: repeated message, ignoring");
		}
		return;
	}
	g_autoptr(IsakmpMessage) msg = isakmp_message_decode(data, len, &error);
	if (msg == NULL) {
		g_autofree char *peer = ikev1_peer_string(sa);
		g_prefix_error(&error, "IKE: %s from %s: ", expected_reply(sa), peer);
		ikev1_sa_fail(sa, out, error);
		sa_rearm(sa, out);
		return;
	}
	IkeV1Event ev;
	switch (h.exchange) {
	case ISAKMP_EXCH_MAIN:
		ev = IKEV1_EV_MAIN;
		break;
	case ISAKMP_EXCH_QUICK:
		if (h.message_id != sa->qm_msgid) {
			g_debug("IKE: Quick Mode with message ID %08" PRIx32
				" the server started, ignoring",
			    h.message_id);
			return;
		}
		ev = IKEV1_EV_QUICK;
		break;
	case ISAKMP_EXCH_INFORMATIONAL:
		ev = IKEV1_EV_INFO;
		break;
	default:
		g_debug("IKE: %s exchange, ignoring", isakmp_exchange_name(h.exchange));
		return;
	}
	if (ev != IKEV1_EV_INFO) { /* Informationals are one-shot; their repeats are harmless */
		g_clear_pointer(&sa->last_received, g_bytes_unref);
		sa->last_received = g_bytes_new(data, len);
	}
	sa_dispatch(sa, ev, msg, now_ms, out);
	sa_rearm(sa, out);
}

void
ikev1_sa_timer(IkeV1Sa *sa, uint64_t now_ms, IkeV1Actions *out)
{
	if (sa->state == IKEV1_FAILED || sa->state == IKEV1_CLOSED)
		return;
	if (sa->rtx_active) {
		uint64_t end = sa->rtx_start_ms + sa->cfg.retransmit_total_ms;
		if (now_ms >= end) {
			GError *error = NULL;
			g_autofree char *peer = ikev1_peer_string(sa);
			g_set_error(&error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_TIMEOUT,
			    "IKE: no answer from %s (%s) after %" PRIu32 " s", peer,
			    sa->last_sent_what, sa->cfg.retransmit_total_ms / 1000);
			ikev1_sa_fail(sa, out, error);
			sa_rearm(sa, out);
			return;
		}
		if (now_ms >= sa->rtx_next_ms) {
			/* exponential backoff: 1, 2, 4, 8 s... after the first send */
			g_debug("IKE: no answer, resending %s", sa->last_sent_what);
			resend_last(sa, out);
			sa->rtx_interval_ms *= 2;
			sa->rtx_next_ms = now_ms + sa->rtx_interval_ms;
		}
	}
	if (sa->rekey_active && !sa->rekeying && sa->state == IKEV1_UP &&
	    now_ms >= sa->rekey_at_ms) {
		GError *error = NULL;
		if (!ikev1_rekey_start(sa, now_ms, out, &error)) {
			ikev1_sa_fail(sa, out, error);
			sa_rearm(sa, out);
			return;
		}
	}
	if (sa->dpd_active && sa->state != IKEV1_FAILED)
		ikev1_dpd_timer(sa, now_ms, out);
	if (sa->ka_active && sa->state != IKEV1_FAILED && now_ms >= sa->ka_next_ms) {
		static const uint8_t keepalive = 0xff; /* RFC 3948 §2.3 */
		IkeV1Action a = {.type = IKEV1_ACTION_SEND,
		    .bytes = g_bytes_new(&keepalive, 1),
		    .local_port = sa->port_local,
		    .remote_port = sa->port_remote};
		ikev1_emit(out, &a);
		sa->ka_next_ms = now_ms + sa->cfg.natt_keepalive_ms;
	}
	sa_rearm(sa, out);
}

void
ikev1_keepalive_start(IkeV1Sa *sa, uint64_t now_ms)
{
	if (!sa->nat_local)
		return; /* only the side behind the NAT keeps its mapping alive */
	sa->ka_active = true;
	sa->ka_next_ms = now_ms + sa->cfg.natt_keepalive_ms;
}
