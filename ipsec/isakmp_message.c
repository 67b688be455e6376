/* isakmp_message.c — header plus payload chain; see isakmp_message.h. */
#include "config.h"

#include <string.h>

#include "ipsec/isakmp_message.h"
#include "ipsec/isakmp_private.h"

static void
payload_clear(void *p)
{
	isakmp_payload_clear(p);
}

GArray *
isakmp_payloads_new(void)
{
	GArray *a = g_array_new(false, true, sizeof(IsakmpPayload));
	g_array_set_clear_func(a, payload_clear);
	return a;
}

/* Walk the chain from `first` over c into out; `next_at` is where `first` was read from. */
static bool
chain_decode(uint8_t first, size_t next_at, WireCursor *c, bool padded, GArray *out,
    size_t *ret_padding, GError **error)
{
	uint8_t next = first;

	while (next != ISAKMP_PAYLOAD_NONE) {
		IsakmpPayload p;
		WireCursor body;
		size_t at;
		uint8_t type = next;

		if (type == ISAKMP_PAYLOAD_PROPOSAL || type == ISAKMP_PAYLOAD_TRANSFORM)
			return isakmp_fail(error, L2SEC_IKE_ERROR_INVALID, next_at,
			    "Next Payload: %s (%u) outside an SA payload", isakmp_payload_name(type), type);
		if (wire_left(c) == 0)
			return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, next_at,
			    "Next Payload: %s (%u) announced, but the message ends at byte %zu",
			    isakmp_payload_name(type), type, wire_where(c));
		if (!isakmp_generic_read(c, isakmp_payload_name(type), "the message",
			ISAKMP_GENERIC_LEN, &next, &body, &at, error))
			return false;
		if (!isakmp_payload_decode(type, &body, at, &p, error))
			return false;
		g_array_append_val(out, p);
		next_at = at;
	}
	if (!padded && wire_left(c) > 0)
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, wire_where(c),
		    "%zu bytes after the last payload (its Next Payload is NONE)", wire_left(c));
	if (ret_padding != NULL)
		*ret_padding = wire_left(c);
	return true;
}

IsakmpMessage *
isakmp_message_decode(const void *data, size_t len, GError **error)
{
	g_autoptr(IsakmpMessage) msg = g_new0(IsakmpMessage, 1);
	WireCursor c;

	wire_init(&c, data, len);
	msg->payloads = isakmp_payloads_new();
	if (!isakmp_header_decode(&c, &msg->header, error))
		return NULL;
	if (msg->header.flags & ISAKMP_FLAG_ENCRYPTION) {
		const uint8_t *p = NULL;
		size_t n = wire_left(&c);
		if (!wire_get_ptr(&c, &p, n)) {
			isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, wire_where(&c), "truncated body");
			return NULL;
		}
		msg->encrypted = g_bytes_new(p, n);
		return g_steal_pointer(&msg);
	}
	if (!chain_decode(msg->header.next_payload, ISAKMP_HEADER_AT_NEXT, &c, false, msg->payloads,
		NULL, error))
		return NULL;
	return g_steal_pointer(&msg);
}

GArray *
isakmp_payloads_decode(uint8_t first, const void *body, size_t len, size_t base,
    size_t *ret_padding, GError **error)
{
	g_autoptr(GArray) out = isakmp_payloads_new();
	WireCursor c;
	size_t padding = 0;

	wire_init(&c, body, len);
	c.base = base;
	/* the first type comes from the header's Next Payload */
	if (!chain_decode(first, ISAKMP_HEADER_AT_NEXT, &c, true, out, &padding, error))
		return NULL;
	if (ret_padding != NULL)
		*ret_padding = padding;
	return g_steal_pointer(&out);
}

void
isakmp_message_free(IsakmpMessage *msg)
{
	if (msg == NULL)
		return;
	g_clear_pointer(&msg->payloads, g_array_unref);
	g_clear_pointer(&msg->encrypted, g_bytes_unref);
	g_free(msg);
}

const IsakmpPayload *
isakmp_payloads_find(const GArray *payloads, uint8_t type, guint nth)
{
	for (guint i = 0; payloads != NULL && i < payloads->len; i++) {
		const IsakmpPayload *p = &g_array_index(payloads, IsakmpPayload, i);
		if (p->type == type && nth-- == 0)
			return p;
	}
	return NULL;
}

guint
isakmp_payloads_count(const GArray *payloads, uint8_t type)
{
	guint n = 0;

	for (guint i = 0; payloads != NULL && i < payloads->len; i++)
		if (g_array_index(payloads, IsakmpPayload, i).type == type)
			n++;
	return n;
}

bool
isakmp_payloads_check_known(const GArray *payloads, GError **error)
{
	for (guint i = 0; payloads != NULL && i < payloads->len; i++) {
		const IsakmpPayload *p = &g_array_index(payloads, IsakmpPayload, i);
		if (!isakmp_payload_is_known(p->type))
			return isakmp_fail(error, L2SEC_IKE_ERROR_INVALID, p->at,
			    "payload type %u is unknown (INVALID-PAYLOAD-TYPE, RFC 2408 §5.3)", p->type);
	}
	return true;
}

bool
isakmp_payloads_require(const GArray *payloads, const uint8_t *required, size_t n_required,
    const char *what, GError **error)
{
	for (size_t i = 0; i < n_required; i++)
		if (isakmp_payloads_find(payloads, required[i], 0) == NULL)
			return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
			    "%s lacks its %s payload", what, isakmp_payload_name(required[i]));
	return true;
}

/* strongSwan's short names, so our debug log lines up with its log */
static const char *
payload_short_name(uint8_t type)
{
	switch (type) {
	case ISAKMP_PAYLOAD_SA: return "SA";
	case ISAKMP_PAYLOAD_KE: return "KE";
	case ISAKMP_PAYLOAD_ID: return "ID";
	case ISAKMP_PAYLOAD_CERT: return "CERT";
	case ISAKMP_PAYLOAD_CERTREQ: return "CERTREQ";
	case ISAKMP_PAYLOAD_HASH: return "HASH";
	case ISAKMP_PAYLOAD_SIG: return "SIG";
	case ISAKMP_PAYLOAD_NONCE: return "No";
	case ISAKMP_PAYLOAD_NOTIFY: return "N";
	case ISAKMP_PAYLOAD_DELETE: return "D";
	case ISAKMP_PAYLOAD_VENDOR: return "V";
	case ISAKMP_PAYLOAD_NAT_D: return "NAT-D";
	case ISAKMP_PAYLOAD_NAT_OA: return "NAT-OA";
	case ISAKMP_PAYLOAD_NAT_D_DRAFT: return "NAT-D-draft";
	case ISAKMP_PAYLOAD_NAT_OA_DRAFT: return "NAT-OA-draft";
	case ISAKMP_PAYLOAD_FRAGMENT: return "FRAG";
	default: return NULL;
	}
}

char *
isakmp_payloads_describe(const GArray *payloads)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; payloads != NULL && i < payloads->len; i++) {
		const IsakmpPayload *p = &g_array_index(payloads, IsakmpPayload, i);
		const char *n = payload_short_name(p->type);
		if (i > 0)
			g_string_append_c(s, ' ');
		if (n != NULL)
			g_string_append(s, n);
		else
			g_string_append_printf(s, "(%u)", p->type);
	}
	return g_string_free(s, false);
}

void
isakmp_builder_begin(IsakmpBuilder *b, GByteArray *w, const IsakmpHeader *h)
{
	IsakmpHeader copy = *h;

	copy.next_payload = ISAKMP_PAYLOAD_NONE; /* set by the first add */
	b->w = w;
	b->header_at = isakmp_header_encode(&copy, w);
	b->next_at = b->header_at + ISAKMP_HEADER_AT_NEXT;
	b->first = ISAKMP_PAYLOAD_NONE;
}

void
isakmp_builder_begin_body(IsakmpBuilder *b, GByteArray *w)
{
	b->w = w;
	b->header_at = SIZE_MAX;
	b->next_at = SIZE_MAX;
	b->first = ISAKMP_PAYLOAD_NONE;
}

void
isakmp_builder_add(IsakmpBuilder *b, const IsakmpPayload *p)
{
	if (b->next_at != SIZE_MAX)
		wire_patch_u8(b->w, b->next_at, p->type);
	if (b->first == ISAKMP_PAYLOAD_NONE)
		b->first = p->type;
	b->next_at = isakmp_payload_encode(p, ISAKMP_PAYLOAD_NONE, b->w);
}

void
isakmp_builder_finish(IsakmpBuilder *b)
{
	if (b->header_at != SIZE_MAX)
		isakmp_header_finish(b->w, b->header_at);
}

GByteArray *
isakmp_message_encode(const IsakmpHeader *h, const GArray *payloads)
{
	GByteArray *w = g_byte_array_new();
	IsakmpBuilder b;

	isakmp_builder_begin(&b, w, h);
	for (guint i = 0; payloads != NULL && i < payloads->len; i++)
		isakmp_builder_add(&b, &g_array_index(payloads, IsakmpPayload, i));
	isakmp_builder_finish(&b);
	return w;
}
