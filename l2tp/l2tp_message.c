/* l2tp_message.c — see l2tp_message.h. */
#include "config.h"

#include <string.h>

#include "common/error.h"
#include "l2tp/l2tp_error.h"
#include "l2tp/l2tp_hidden.h"
#include "l2tp/l2tp_message.h"

#define WHAT "L2TP control message"
#define MAX_REQUIRED 8

/* RFC 2661 §3.2 message types and §6.1-6.16 the AVPs each MUST carry. */
/* clang-format off */
static const struct message_spec {
	const char *name, *long_name;
	bool session;
	uint16_t required[MAX_REQUIRED]; /* besides Message Type; ends at 0 */
} message_specs[] = {
	[L2TP_MSG_NONE] = { "ZLB", "Zero-Length Body", false, { 0 } },
	/* §6.1-6.4, §6.5 control connection management */
	[L2TP_MSG_SCCRQ] = { "SCCRQ", "Start-Control-Connection-Request", false,
	    { L2TP_AVP_PROTOCOL_VERSION, L2TP_AVP_HOST_NAME, L2TP_AVP_FRAMING_CAPABILITIES,
		L2TP_AVP_ASSIGNED_TUNNEL_ID } },
	[L2TP_MSG_SCCRP] = { "SCCRP", "Start-Control-Connection-Reply", false,
	    { L2TP_AVP_PROTOCOL_VERSION, L2TP_AVP_FRAMING_CAPABILITIES, L2TP_AVP_HOST_NAME,
		L2TP_AVP_ASSIGNED_TUNNEL_ID } },
	[L2TP_MSG_SCCCN] = { "SCCCN", "Start-Control-Connection-Connected", false, { 0 } },
	[L2TP_MSG_STOPCCN] = { "StopCCN", "Stop-Control-Connection-Notification", false,
	    { L2TP_AVP_ASSIGNED_TUNNEL_ID, L2TP_AVP_RESULT_CODE } },
	[L2TP_MSG_HELLO] = { "HELLO", "Hello", false, { 0 } },
	/* §6.6-6.16 call management */
	[L2TP_MSG_OCRQ] = { "OCRQ", "Outgoing-Call-Request", true,
	    { L2TP_AVP_ASSIGNED_SESSION_ID, L2TP_AVP_CALL_SERIAL_NUMBER, L2TP_AVP_MINIMUM_BPS,
		L2TP_AVP_MAXIMUM_BPS, L2TP_AVP_BEARER_TYPE, L2TP_AVP_FRAMING_TYPE,
		L2TP_AVP_CALLED_NUMBER } },
	[L2TP_MSG_OCRP] = { "OCRP", "Outgoing-Call-Reply", true, { L2TP_AVP_ASSIGNED_SESSION_ID } },
	[L2TP_MSG_OCCN] = { "OCCN", "Outgoing-Call-Connected", true,
	    { L2TP_AVP_TX_CONNECT_SPEED, L2TP_AVP_FRAMING_TYPE } },
	[L2TP_MSG_ICRQ] = { "ICRQ", "Incoming-Call-Request", true,
	    { L2TP_AVP_ASSIGNED_SESSION_ID, L2TP_AVP_CALL_SERIAL_NUMBER } },
	[L2TP_MSG_ICRP] = { "ICRP", "Incoming-Call-Reply", true, { L2TP_AVP_ASSIGNED_SESSION_ID } },
	[L2TP_MSG_ICCN] = { "ICCN", "Incoming-Call-Connected", true,
	    { L2TP_AVP_TX_CONNECT_SPEED, L2TP_AVP_FRAMING_TYPE } },
	[L2TP_MSG_CDN] = { "CDN", "Call-Disconnect-Notify", true,
	    { L2TP_AVP_RESULT_CODE, L2TP_AVP_ASSIGNED_SESSION_ID } },
	[L2TP_MSG_WEN] = { "WEN", "WAN-Error-Notify", true, { L2TP_AVP_CALL_ERRORS } },
	[L2TP_MSG_SLI] = { "SLI", "Set-Link-Info", true, { L2TP_AVP_ACCM } },
};
/* clang-format on */

static const struct message_spec *
message_spec(uint16_t type)
{
	if (type == L2TP_MSG_NONE || type >= G_N_ELEMENTS(message_specs) ||
	    message_specs[type].name == NULL)
		return NULL;
	return &message_specs[type];
}

const char *
l2tp_message_type_name(uint16_t type)
{
	if (type == L2TP_MSG_NONE)
		return message_specs[L2TP_MSG_NONE].name;
	const struct message_spec *s = message_spec(type);
	return s != NULL ? s->name : "unknown";
}

const char *
l2tp_message_type_long_name(uint16_t type)
{
	if (type == L2TP_MSG_NONE)
		return message_specs[L2TP_MSG_NONE].long_name;
	const struct message_spec *s = message_spec(type);
	return s != NULL ? s->long_name : "unknown message type";
}

bool
l2tp_message_type_known(uint16_t type)
{
	return message_spec(type) != NULL;
}

bool
l2tp_message_type_is_session(uint16_t type)
{
	const struct message_spec *s = message_spec(type);
	return s != NULL && s->session;
}

void
l2tp_message_free(L2tpMessage *m)
{
	if (m == NULL)
		return;
	if (m->avps != NULL)
		g_array_free(m->avps, true);
	if (m->revealed != NULL)
		g_ptr_array_free(m->revealed, true);
	g_free(m->raw);
	g_free(m);
}

static bool
reveal(L2tpMessage *m, L2tpAvp *a, const L2secSecret *secret, const L2tpAvp *rv, GError **error)
{
	L2secSecret *plain = NULL;

	if (!l2tp_hidden_reveal(a->type, a->at, a->value, a->value_len, secret,
		rv != NULL ? rv->value : NULL, rv != NULL ? rv->value_len : 0, &plain, error))
		return false;
	g_ptr_array_add(m->revealed, plain);
	a->value = plain->data;
	a->value_len = plain->len;
	return true;
}

static bool
decode_avps(L2tpMessage *m, WireCursor *avps, const L2secSecret *secret, GError **error)
{
	/* index of the most recent Random Vector (§4.3), -1 before any */
	gint rv_index = -1;

	while (wire_left(avps) > 0) {
		L2tpAvp a;
		if (!l2tp_avp_next(avps, &a, error))
			return false;
		bool ietf = a.vendor_id == L2TP_VENDOR_IETF && !a.reserved_set;
		if (m->avps->len == 0) {
			/* §4.4.1: the Message Type AVP MUST be the first AVP in a message */
			if (!ietf || a.type != L2TP_AVP_MESSAGE_TYPE) {
				g_autofree char *name = l2tp_avp_describe(&a);
				return l2sec_fail_at(error, L2SEC_L2TP_ERROR,
				    L2SEC_L2TP_ERROR_MALFORMED, WHAT, a.at,
				    "the first AVP is %s, not Message Type (RFC 2661 §4.4.1)",
				    name);
			}
		}
		if (a.hidden && ietf &&
		    (a.type == L2TP_AVP_MESSAGE_TYPE || a.type == L2TP_AVP_RANDOM_VECTOR))
			return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED,
			    WHAT, a.at, "AVP %u (%s) has the H bit set; it cannot be hidden (§4.3)",
			    a.type, l2tp_avp_type_name(a.type));
		if (a.hidden && l2tp_avp_is_recognised(&a)) {
			const L2tpAvp *rv =
			    rv_index >= 0 ? &g_array_index(m->avps, L2tpAvp, rv_index) : NULL;
			if (!reveal(m, &a, secret, rv, error))
				return false;
		}
		if (!l2tp_avp_decode_value(&a, error))
			return false;
		if (a.decoded && a.type == L2TP_AVP_RANDOM_VECTOR)
			rv_index = (gint)m->avps->len;
		g_array_append_val(m->avps, a);
	}
	const L2tpAvp *mt = &g_array_index(m->avps, L2tpAvp, 0);
	m->type = mt->v.u16;
	m->type_mandatory = mt->mandatory;
	return true;
}

L2tpMessage *
l2tp_message_decode(const uint8_t *data, size_t len, const L2secSecret *secret, GError **error)
{
	g_autoptr(L2tpMessage) m = g_new0(L2tpMessage, 1);
	WireCursor payload;

	m->raw = g_memdup2(data, len > 0 ? len : 1);
	m->raw_len = len;
	m->avps = g_array_new(false, true, sizeof(L2tpAvp));
	m->revealed = g_ptr_array_new_with_free_func((GDestroyNotify)l2sec_secret_free);
	if (!l2tp_header_decode(m->raw, len, &m->header, &payload, error))
		return NULL;
	if (!m->header.control) {
		/* a data frame the kernel passed up: never parse it as control */
		m->payload_len = wire_left(&payload);
		m->payload = wire_rest(&payload);
		return g_steal_pointer(&m);
	}
	if (wire_left(&payload) == 0) {
		m->zlb = true; /* §5.8 */
		return g_steal_pointer(&m);
	}
	if (!decode_avps(m, &payload, secret, error))
		return NULL;
	return g_steal_pointer(&m);
}

const L2tpAvp *
l2tp_message_find(const L2tpMessage *m, uint16_t type)
{
	for (guint i = 0; i < m->avps->len; i++) {
		const L2tpAvp *a = &g_array_index(m->avps, L2tpAvp, i);
		if (a->vendor_id == L2TP_VENDOR_IETF && a->type == type && a->decoded)
			return a;
	}
	return NULL;
}

bool
l2tp_message_get_u16(const L2tpMessage *m, uint16_t type, uint16_t *ret)
{
	const L2tpAvp *a = l2tp_message_find(m, type);
	if (a == NULL || a->value_len != 2)
		return false;
	*ret = a->v.u16;
	return true;
}

bool
l2tp_message_get_u32(const L2tpMessage *m, uint16_t type, uint32_t *ret)
{
	const L2tpAvp *a = l2tp_message_find(m, type);
	if (a == NULL || a->value_len != 4)
		return false;
	*ret = a->v.u32;
	return true;
}

const L2tpAvp *
l2tp_message_avp(const L2tpMessage *m, guint i)
{
	g_return_val_if_fail(i < m->avps->len, NULL);
	return &g_array_index(m->avps, L2tpAvp, i);
}

guint
l2tp_message_n_avps(const L2tpMessage *m)
{
	return m->avps->len;
}

bool
l2tp_message_validate(const L2tpMessage *m, GError **error)
{
	if (!m->header.control || m->zlb)
		return true;
	const L2tpAvp *mt = l2tp_message_avp(m, 0);
	const struct message_spec *s = message_spec(m->type);
	if (s == NULL) {
		/* §4.4.1: an unknown Message Type with M set clears the tunnel; else ignore it */
		if (m->type_mandatory)
			return l2sec_fail_at(error, L2SEC_L2TP_ERROR,
			    L2SEC_L2TP_ERROR_UNKNOWN_MANDATORY, WHAT, mt->at,
			    "unknown message type %u with the M bit set", m->type);
		return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_UNSUPPORTED, WHAT,
		    mt->at, "unknown message type %u (M bit clear: ignore it)", m->type);
	}
	for (size_t i = 0; i < MAX_REQUIRED && s->required[i] != 0; i++) {
		if (l2tp_message_find(m, s->required[i]) == NULL)
			return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED,
			    WHAT, m->header.header_len,
			    "%s without the AVP %u (%s) that RFC 2661 §6 requires", s->name,
			    s->required[i], l2tp_avp_type_name(s->required[i]));
	}
	return true;
}

char *
l2tp_message_describe(const L2tpMessage *m)
{
	const L2tpHeader *h = &m->header;

	if (!h->control)
		return g_strdup_printf("data tunnel %u session %u, %zu bytes", h->tunnel_id,
		    h->session_id, m->payload_len);
	return g_strdup_printf("%s tunnel %u session %u Ns %u Nr %u, %u AVPs",
	    m->zlb ? "ZLB" : l2tp_message_type_name(m->type), h->tunnel_id, h->session_id, h->ns,
	    h->nr, m->avps->len);
}

size_t
l2tp_message_begin(
    GByteArray *w, uint16_t tunnel_id, uint16_t session_id, uint16_t ns, uint16_t nr, uint16_t type)
{
	size_t start = l2tp_header_encode_control(w, tunnel_id, session_id, ns, nr);

	l2tp_avp_put_message_type(w, type);
	return start;
}

void
l2tp_message_finish(GByteArray *w, size_t start)
{
	l2tp_header_finish(w, start);
}

void
l2tp_message_set_sequence(GByteArray *w, size_t start, uint16_t ns, uint16_t nr)
{
	wire_patch_u16(w, start + 8, ns);
	wire_patch_u16(w, start + 10, nr);
}
