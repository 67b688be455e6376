/* l2tp_avp.c — see l2tp_avp.h. */
#include "config.h"

#include <string.h>

#include "common/error.h"
#include "l2tp/l2tp_avp.h"
#include "l2tp/l2tp_error.h"

#define WHAT "L2TP control message"

typedef enum {
	KIND_NONE, /* not assigned */
	KIND_U16,
	KIND_U32,
	KIND_U64,
	KIND_OCTETS,
	KIND_EMPTY,
	KIND_RESULT,
	KIND_PROTOCOL_VERSION,
	KIND_Q931,
	KIND_PROXY_AUTHEN_ID,
	KIND_CALL_ERRORS,
	KIND_ACCM,
} AvpKind;

/*
 * RFC 2661 §4.4: every IETF AVP, its value's size (min..max bytes, after any
 * hidden value is revealed), the M bit a sender uses and whether H may be set.
 */
/* clang-format off */
static const struct avp_spec {
	const char *name;
	AvpKind kind;
	uint16_t min, max;
	bool mandatory;
	bool may_hide;
} avp_specs[] = {
	/* §4.4.1 AVPs applicable to all control messages */
	[L2TP_AVP_MESSAGE_TYPE] = { "Message Type", KIND_U16, 2, 2, true, false },
	[L2TP_AVP_RANDOM_VECTOR] = { "Random Vector", KIND_OCTETS, 1, 1017, true, false },
	/* §4.4.2 Result and Error Codes: 2, 4 or more bytes (checked by the decoder) */
	[L2TP_AVP_RESULT_CODE] = { "Result Code", KIND_RESULT, 2, 1017, true, false },
	/* §4.4.3 Control Connection Management */
	[L2TP_AVP_PROTOCOL_VERSION] = { "Protocol Version", KIND_PROTOCOL_VERSION, 2, 2, true, false },
	[L2TP_AVP_FRAMING_CAPABILITIES] = { "Framing Capabilities", KIND_U32, 4, 4, true, true },
	[L2TP_AVP_BEARER_CAPABILITIES] = { "Bearer Capabilities", KIND_U32, 4, 4, true, true },
	[L2TP_AVP_TIE_BREAKER] = { "Tie Breaker", KIND_U64, 8, 8, false, false },
	[L2TP_AVP_FIRMWARE_REVISION] = { "Firmware Revision", KIND_U16, 2, 2, false, true },
	[L2TP_AVP_HOST_NAME] = { "Host Name", KIND_OCTETS, 1, 1017, true, false },
	[L2TP_AVP_VENDOR_NAME] = { "Vendor Name", KIND_OCTETS, 0, 1017, false, true },
	[L2TP_AVP_ASSIGNED_TUNNEL_ID] = { "Assigned Tunnel ID", KIND_U16, 2, 2, true, true },
	[L2TP_AVP_RECEIVE_WINDOW_SIZE] = { "Receive Window Size", KIND_U16, 2, 2, true, false },
	[L2TP_AVP_CHALLENGE] = { "Challenge", KIND_OCTETS, 1, 1017, true, true },
	[L2TP_AVP_CHALLENGE_RESPONSE] = { "Challenge Response", KIND_OCTETS, 16, 16, true, true },
	/* §4.4.4 Call Management */
	[L2TP_AVP_Q931_CAUSE_CODE] = { "Q.931 Cause Code", KIND_Q931, 3, 1017, true, false },
	[L2TP_AVP_ASSIGNED_SESSION_ID] = { "Assigned Session ID", KIND_U16, 2, 2, true, true },
	[L2TP_AVP_CALL_SERIAL_NUMBER] = { "Call Serial Number", KIND_U32, 4, 4, true, true },
	[L2TP_AVP_MINIMUM_BPS] = { "Minimum BPS", KIND_U32, 4, 4, true, true },
	[L2TP_AVP_MAXIMUM_BPS] = { "Maximum BPS", KIND_U32, 4, 4, true, true },
	[L2TP_AVP_BEARER_TYPE] = { "Bearer Type", KIND_U32, 4, 4, true, true },
	[L2TP_AVP_FRAMING_TYPE] = { "Framing Type", KIND_U32, 4, 4, true, true },
	[L2TP_AVP_CALLED_NUMBER] = { "Called Number", KIND_OCTETS, 0, 1017, true, true },
	[L2TP_AVP_CALLING_NUMBER] = { "Calling Number", KIND_OCTETS, 0, 1017, true, true },
	[L2TP_AVP_SUB_ADDRESS] = { "Sub-Address", KIND_OCTETS, 0, 1017, true, true },
	[L2TP_AVP_TX_CONNECT_SPEED] = { "(Tx) Connect Speed", KIND_U32, 4, 4, true, true },
	[L2TP_AVP_RX_CONNECT_SPEED] = { "Rx Connect Speed", KIND_U32, 4, 4, false, true },
	[L2TP_AVP_PHYSICAL_CHANNEL_ID] = { "Physical Channel ID", KIND_U32, 4, 4, false, true },
	[L2TP_AVP_PRIVATE_GROUP_ID] = { "Private Group ID", KIND_OCTETS, 0, 1017, false, true },
	[L2TP_AVP_SEQUENCING_REQUIRED] = { "Sequencing Required", KIND_EMPTY, 0, 0, true, false },
	/* §4.4.5 Proxy LCP and Authentication */
	[L2TP_AVP_INITIAL_RECEIVED_LCP_CONFREQ] = { "Initial Received LCP CONFREQ", KIND_OCTETS, 0,
	    1017, false, true },
	[L2TP_AVP_LAST_SENT_LCP_CONFREQ] = { "Last Sent LCP CONFREQ", KIND_OCTETS, 0, 1017, false,
	    true },
	[L2TP_AVP_LAST_RECEIVED_LCP_CONFREQ] = { "Last Received LCP CONFREQ", KIND_OCTETS, 0, 1017,
	    false, true },
	[L2TP_AVP_PROXY_AUTHEN_TYPE] = { "Proxy Authen Type", KIND_U16, 2, 2, false, true },
	[L2TP_AVP_PROXY_AUTHEN_NAME] = { "Proxy Authen Name", KIND_OCTETS, 0, 1017, false, true },
	[L2TP_AVP_PROXY_AUTHEN_CHALLENGE] = { "Proxy Authen Challenge", KIND_OCTETS, 1, 1017, false,
	    true },
	[L2TP_AVP_PROXY_AUTHEN_ID] = { "Proxy Authen ID", KIND_PROXY_AUTHEN_ID, 2, 2, false, true },
	[L2TP_AVP_PROXY_AUTHEN_RESPONSE] = { "Proxy Authen Response", KIND_OCTETS, 0, 1017, false,
	    true },
	/* §4.4.6 Call Status */
	[L2TP_AVP_CALL_ERRORS] = { "Call Errors", KIND_CALL_ERRORS, 26, 26, true, true },
	[L2TP_AVP_ACCM] = { "ACCM", KIND_ACCM, 10, 10, true, true },
};
/* clang-format on */

static const struct avp_spec *
avp_spec(uint16_t type)
{
	if (type >= G_N_ELEMENTS(avp_specs) || avp_specs[type].kind == KIND_NONE)
		return NULL;
	return &avp_specs[type];
}

const char *
l2tp_avp_type_name(uint16_t type)
{
	const struct avp_spec *s = avp_spec(type);
	return s != NULL ? s->name : "unknown";
}

bool
l2tp_avp_type_known(uint16_t type)
{
	return avp_spec(type) != NULL;
}

bool
l2tp_avp_type_mandatory(uint16_t type)
{
	const struct avp_spec *s = avp_spec(type);
	return s == NULL || s->mandatory;
}

bool
l2tp_avp_type_may_hide(uint16_t type)
{
	const struct avp_spec *s = avp_spec(type);
	return s != NULL && s->may_hide;
}

bool
l2tp_avp_is_recognised(const L2tpAvp *avp)
{
	return avp->vendor_id == L2TP_VENDOR_IETF && !avp->reserved_set &&
	       l2tp_avp_type_known(avp->type);
}

char *
l2tp_avp_describe(const L2tpAvp *avp)
{
	if (avp->vendor_id != L2TP_VENDOR_IETF)
		return g_strdup_printf("AVP %u of vendor %u", avp->type, avp->vendor_id);
	return g_strdup_printf("AVP %u (%s)", avp->type, l2tp_avp_type_name(avp->type));
}

bool
l2tp_avp_next(WireCursor *avps, L2tpAvp *ret, GError **error)
{
	size_t at = wire_where(avps);
	WireCursor start = *avps; /* restored on error: a failed read moves nothing */
	uint16_t flags;
	L2tpAvp a = {0};

	a.at = at;
	if (wire_left(avps) < L2TP_AVP_HEADER_LEN)
		return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED, WHAT, at,
		    "%zu trailing bytes, too short for an AVP header (6)", wire_left(avps));
	if (!wire_get_u16(avps, &flags) || !wire_get_u16(avps, &a.vendor_id) ||
	    !wire_get_u16(avps, &a.type))
		return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED, WHAT, at,
		    "cannot read the AVP header");
	a.mandatory = (flags & L2TP_AVP_M) != 0;
	a.hidden = (flags & L2TP_AVP_H) != 0;
	a.reserved_set = (flags & L2TP_AVP_RESERVED) != 0;
	a.length = (uint16_t)(flags & L2TP_AVP_LENGTH_MASK);
	g_autofree char *name = l2tp_avp_describe(&a);
	if (a.length < L2TP_AVP_HEADER_LEN) {
		*avps = start;
		return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED, WHAT, at,
		    "%s: Length %u is below the AVP header size (6)", name, a.length);
	}
	a.value_len = a.length - L2TP_AVP_HEADER_LEN;
	if (!wire_get_ptr(avps, &a.value, a.value_len)) {
		size_t left = wire_left(avps);
		*avps = start;
		return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED, WHAT, at,
		    "%s: Length %u runs %zu bytes past the end of the message", name, a.length,
		    a.value_len - left);
	}
	*ret = a;
	return true;
}

static bool
decode_fail(GError **error, const L2tpAvp *avp, const char *what_wrong)
{
	g_autofree char *name = l2tp_avp_describe(avp);
	return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED, WHAT, avp->at,
	    "%s: %s", name, what_wrong);
}

bool
l2tp_avp_decode_value(L2tpAvp *avp, GError **error)
{
	WireCursor c;

	avp->decoded = false;
	if (!l2tp_avp_is_recognised(avp)) {
		if (!avp->mandatory)
			return true; /* §4.1: an unrecognised AVP without M MUST be ignored */
		g_autofree char *name = l2tp_avp_describe(avp);
		return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_UNKNOWN_MANDATORY,
		    WHAT, avp->at, "%s%s is not recognised and has the M bit set", name,
		    avp->reserved_set ? " with reserved flag bits set" : "");
	}
	const struct avp_spec *s = avp_spec(avp->type);
	if (avp->value_len < s->min || avp->value_len > s->max) {
		g_autofree char *msg = NULL;
		if (s->min == s->max)
			msg = g_strdup_printf(
			    "value of %zu bytes, expected %u", avp->value_len, s->min);
		else
			msg = g_strdup_printf(
			    "value of %zu bytes, expected at least %u", avp->value_len, s->min);
		return decode_fail(error, avp, msg);
	}
	wire_init(&c, avp->value, avp->value_len);
	switch (s->kind) {
	case KIND_U16:
		if (!wire_get_u16(&c, &avp->v.u16))
			return decode_fail(error, avp, "short value");
		break;
	case KIND_U32:
		if (!wire_get_u32(&c, &avp->v.u32))
			return decode_fail(error, avp, "short value");
		break;
	case KIND_U64:
		if (!wire_get_u64(&c, &avp->v.u64))
			return decode_fail(error, avp, "short value");
		break;
	case KIND_OCTETS:
	case KIND_EMPTY:
		break; /* value and value_len are the value */
	case KIND_RESULT: {
		/*
		 * §4.4.2: Length 8 = result only, 10 = result and error, more = with a
		 * message. Length 9 leaves a lone byte where the Error Code would be.
		 */
		L2tpResultCode *r = &avp->v.result;
		memset(r, 0, sizeof(*r));
		if (avp->value_len == 3)
			return decode_fail(
			    error, avp, "value of 3 bytes: a Result Code with half an Error Code");
		if (!wire_get_u16(&c, &r->result))
			return decode_fail(error, avp, "short value");
		if (wire_left(&c) >= 2) {
			if (!wire_get_u16(&c, &r->error))
				return decode_fail(error, avp, "short value");
			r->has_error = true;
			r->message_len = wire_left(&c);
			r->message = (const char *)wire_rest(&c);
		}
		break;
	}
	case KIND_PROTOCOL_VERSION:
		if (!wire_get_u8(&c, &avp->v.protocol_version.version) ||
		    !wire_get_u8(&c, &avp->v.protocol_version.revision))
			return decode_fail(error, avp, "short value");
		break;
	case KIND_Q931: {
		L2tpQ931Cause *q = &avp->v.q931;
		memset(q, 0, sizeof(*q));
		if (!wire_get_u16(&c, &q->cause) || !wire_get_u8(&c, &q->msg))
			return decode_fail(error, avp, "short value");
		q->advisory_len = wire_left(&c);
		q->advisory = (const char *)wire_rest(&c);
		break;
	}
	case KIND_PROXY_AUTHEN_ID:
		/* one reserved byte, then the PPP authentication ID */
		if (!wire_get_bytes(&c, NULL, 1) || !wire_get_u8(&c, &avp->v.proxy_authen_id))
			return decode_fail(error, avp, "short value");
		break;
	case KIND_CALL_ERRORS: {
		L2tpCallErrors *e = &avp->v.call_errors;
		if (!wire_get_bytes(&c, NULL, 2) || !wire_get_u32(&c, &e->crc) ||
		    !wire_get_u32(&c, &e->framing) || !wire_get_u32(&c, &e->hardware_overruns) ||
		    !wire_get_u32(&c, &e->buffer_overruns) || !wire_get_u32(&c, &e->timeout) ||
		    !wire_get_u32(&c, &e->alignment))
			return decode_fail(error, avp, "short value");
		break;
	}
	case KIND_ACCM:
		if (!wire_get_bytes(&c, NULL, 2) || !wire_get_u32(&c, &avp->v.accm.send) ||
		    !wire_get_u32(&c, &avp->v.accm.recv))
			return decode_fail(error, avp, "short value");
		break;
	case KIND_NONE:
	default:
		g_assert_not_reached();
	}
	avp->decoded = true;
	return true;
}

void
l2tp_avp_put_raw(GByteArray *w, bool mandatory, bool hidden, uint16_t vendor_id, uint16_t type,
    const void *value, size_t len)
{
	g_return_if_fail(len <= L2TP_AVP_MAX_LEN - L2TP_AVP_HEADER_LEN);
	uint16_t flags = (uint16_t)(L2TP_AVP_HEADER_LEN + len);

	if (mandatory)
		flags |= L2TP_AVP_M;
	if (hidden)
		flags |= L2TP_AVP_H;
	wire_put_u16(w, flags);
	wire_put_u16(w, vendor_id);
	wire_put_u16(w, type);
	if (len > 0)
		wire_put_bytes(w, value, len);
}

void
l2tp_avp_put_bytes(GByteArray *w, L2tpAvpType type, const void *value, size_t len)
{
	l2tp_avp_put_raw(
	    w, l2tp_avp_type_mandatory(type), false, L2TP_VENDOR_IETF, type, value, len);
}

void
l2tp_avp_put_u16(GByteArray *w, L2tpAvpType type, uint16_t v)
{
	uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
	l2tp_avp_put_bytes(w, type, b, sizeof(b));
}

void
l2tp_avp_put_u32(GByteArray *w, L2tpAvpType type, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
	l2tp_avp_put_bytes(w, type, b, sizeof(b));
}

void
l2tp_avp_put_u64(GByteArray *w, L2tpAvpType type, uint64_t v)
{
	uint8_t b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (56 - 8 * i));
	l2tp_avp_put_bytes(w, type, b, sizeof(b));
}

void
l2tp_avp_put_string(GByteArray *w, L2tpAvpType type, const char *s)
{
	l2tp_avp_put_bytes(w, type, s, strlen(s));
}

void
l2tp_avp_put_empty(GByteArray *w, L2tpAvpType type)
{
	l2tp_avp_put_bytes(w, type, NULL, 0);
}

void
l2tp_avp_put_message_type(GByteArray *w, uint16_t message_type)
{
	l2tp_avp_put_u16(w, L2TP_AVP_MESSAGE_TYPE, message_type);
}

void
l2tp_avp_put_protocol_version(GByteArray *w)
{
	static const uint8_t v1r0[2] = {1, 0}; /* §4.4.3: version 1, revision 0 */
	l2tp_avp_put_bytes(w, L2TP_AVP_PROTOCOL_VERSION, v1r0, sizeof(v1r0));
}

void
l2tp_avp_put_result_code(
    GByteArray *w, uint16_t result, bool has_error, uint16_t error_code, const char *message)
{
	g_autoptr(GByteArray) v = g_byte_array_new();

	wire_put_u16(v, result);
	if (has_error || message != NULL) {
		wire_put_u16(v, error_code);
		if (message != NULL)
			wire_put_bytes(v, message, strlen(message));
	}
	l2tp_avp_put_bytes(w, L2TP_AVP_RESULT_CODE, v->data, v->len);
}

void
l2tp_avp_put_q931_cause(GByteArray *w, uint16_t cause, uint8_t msg, const char *advisory)
{
	g_autoptr(GByteArray) v = g_byte_array_new();

	wire_put_u16(v, cause);
	wire_put_u8(v, msg);
	if (advisory != NULL)
		wire_put_bytes(v, advisory, strlen(advisory));
	l2tp_avp_put_bytes(w, L2TP_AVP_Q931_CAUSE_CODE, v->data, v->len);
}

void
l2tp_avp_put_call_errors(GByteArray *w, const L2tpCallErrors *e)
{
	g_autoptr(GByteArray) v = g_byte_array_new();

	wire_put_u16(v, 0); /* reserved */
	wire_put_u32(v, e->crc);
	wire_put_u32(v, e->framing);
	wire_put_u32(v, e->hardware_overruns);
	wire_put_u32(v, e->buffer_overruns);
	wire_put_u32(v, e->timeout);
	wire_put_u32(v, e->alignment);
	l2tp_avp_put_bytes(w, L2TP_AVP_CALL_ERRORS, v->data, v->len);
}

void
l2tp_avp_put_accm(GByteArray *w, uint32_t send, uint32_t recv)
{
	g_autoptr(GByteArray) v = g_byte_array_new();

	wire_put_u16(v, 0); /* reserved */
	wire_put_u32(v, send);
	wire_put_u32(v, recv);
	l2tp_avp_put_bytes(w, L2TP_AVP_ACCM, v->data, v->len);
}

void
l2tp_avp_put_proxy_authen_id(GByteArray *w, uint8_t id)
{
	uint8_t b[2] = {0, id};
	l2tp_avp_put_bytes(w, L2TP_AVP_PROXY_AUTHEN_ID, b, sizeof(b));
}
