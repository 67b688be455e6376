/* isakmp_header.c — the ISAKMP header (RFC 2408 §3.1); see isakmp_header.h. */
#include "config.h"

#include <inttypes.h>

#include "ipsec/isakmp_header.h"
#include "ipsec/isakmp_private.h"

bool
isakmp_header_decode(WireCursor *c, IsakmpHeader *ret, GError **error)
{
	IsakmpHeader h;
	size_t at = wire_where(c);
	size_t datagram = wire_left(c);
	uint8_t version;

	if (datagram < ISAKMP_HEADER_LEN)
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at,
		    "ISAKMP header: %zu bytes, too short for the %d-byte header", datagram,
		    ISAKMP_HEADER_LEN);
	/* cannot fail: 28 bytes are there */
	if (!wire_get_bytes(c, h.icookie, sizeof(h.icookie)) ||
	    !wire_get_bytes(c, h.rcookie, sizeof(h.rcookie)) || !wire_get_u8(c, &h.next_payload) ||
	    !wire_get_u8(c, &version) || !wire_get_u8(c, &h.exchange) || !wire_get_u8(c, &h.flags) ||
	    !wire_get_u32(c, &h.message_id) || !wire_get_u32(c, &h.length))
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at, "ISAKMP header: truncated");
	h.major = version >> 4;
	h.minor = version & 0x0f;
	if (h.major != ISAKMP_VERSION_MAJOR)
		return isakmp_fail(error, L2SEC_IKE_ERROR_UNSUPPORTED, at + ISAKMP_HEADER_AT_VERSION,
		    "ISAKMP header: version %u.%u is not ISAKMP/IKEv1 (1.0)%s", h.major, h.minor,
		    h.major == 2 ? ", this is IKEv2" : "");
	if (h.minor != ISAKMP_VERSION_MINOR) /* RFC 2408 §3.1, §5.2 */
		return isakmp_fail(error, L2SEC_IKE_ERROR_UNSUPPORTED, at + ISAKMP_HEADER_AT_VERSION,
		    "ISAKMP header: minor version %u is not 0", h.minor);
	/* RFC 2408 §5.2: the length must be the message's; see isakmp_header.h */
	if (h.length != datagram)
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at + ISAKMP_HEADER_AT_LENGTH,
		    "ISAKMP header: length field %" PRIu32 " but the datagram has %zu bytes",
		    h.length, datagram);
	*ret = h;
	return true;
}

size_t
isakmp_header_encode(const IsakmpHeader *h, GByteArray *w)
{
	size_t at = w->len;

	wire_put_bytes(w, h->icookie, sizeof(h->icookie));
	wire_put_bytes(w, h->rcookie, sizeof(h->rcookie));
	wire_put_u8(w, h->next_payload);
	wire_put_u8(w, (ISAKMP_VERSION_MAJOR << 4) | ISAKMP_VERSION_MINOR);
	wire_put_u8(w, h->exchange);
	wire_put_u8(w, h->flags);
	wire_put_u32(w, h->message_id);
	(void)wire_put_len32(w); /* isakmp_header_finish() */
	return at;
}

void
isakmp_header_finish(GByteArray *w, size_t at)
{
	wire_patch_len32(w, at + ISAKMP_HEADER_AT_LENGTH, at);
}

void
isakmp_header_set_next(GByteArray *w, size_t at, uint8_t next_payload)
{
	wire_patch_u8(w, at + ISAKMP_HEADER_AT_NEXT, next_payload);
}

IsakmpUdpEncapKind
isakmp_udp_encap_classify(const void *data, size_t len)
{
	WireCursor c;
	uint32_t first;
	uint8_t b;

	wire_init(&c, data, len);
	if (len == 1 && wire_get_u8(&c, &b) && b == 0xff)
		return ISAKMP_UDP_ENCAP_KEEPALIVE;
	if (!wire_get_u32(&c, &first))
		return ISAKMP_UDP_ENCAP_INVALID;
	if (first != 0)
		return ISAKMP_UDP_ENCAP_ESP;
	return wire_left(&c) > 0 ? ISAKMP_UDP_ENCAP_IKE : ISAKMP_UDP_ENCAP_INVALID;
}

char *
isakmp_header_describe(const IsakmpHeader *h)
{
	g_autofree char *ic = NULL, *rc = NULL;
	GString *s = g_string_new(NULL);

	ic = g_strdup_printf("%02x%02x%02x%02x%02x%02x%02x%02x", h->icookie[0], h->icookie[1],
	    h->icookie[2], h->icookie[3], h->icookie[4], h->icookie[5], h->icookie[6], h->icookie[7]);
	rc = g_strdup_printf("%02x%02x%02x%02x%02x%02x%02x%02x", h->rcookie[0], h->rcookie[1],
	    h->rcookie[2], h->rcookie[3], h->rcookie[4], h->rcookie[5], h->rcookie[6], h->rcookie[7]);
	g_string_append_printf(s, "%s (%u), cookies %s/%s, message ID 0x%08" PRIx32 ", %" PRIu32
	    " bytes, flags", isakmp_exchange_name(h->exchange), h->exchange, ic, rc, h->message_id,
	    h->length);
	if (h->flags == 0)
		g_string_append(s, " none");
	if (h->flags & ISAKMP_FLAG_ENCRYPTION)
		g_string_append(s, " E");
	if (h->flags & ISAKMP_FLAG_COMMIT)
		g_string_append(s, " C");
	if (h->flags & ISAKMP_FLAG_AUTH_ONLY)
		g_string_append(s, " A");
	if (h->flags & 0xf8)
		g_string_append_printf(s, " 0x%02x", h->flags & 0xf8);
	return g_string_free(s, false);
}

bool
isakmp_generic_read(WireCursor *c, const char *what, const char *parent, size_t min_len,
    uint8_t *ret_next, WireCursor *ret_body, size_t *ret_at, GError **error)
{
	WireCursor r = *c; /* c moves only on success */
	size_t at = wire_where(&r), left = wire_left(&r);
	uint8_t next, reserved;
	uint16_t length;

	if (!wire_get_u8(&r, &next) || !wire_get_u8(&r, &reserved) || !wire_get_u16(&r, &length))
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at,
		    "%s payload: %zu bytes left in %s, too short for a generic payload header",
		    what, left, parent);
	if (length < min_len)
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at + 2,
		    "%s payload: length %u is below its minimum of %zu bytes", what, length, min_len);
	if (!wire_sub(&r, length - ISAKMP_GENERIC_LEN, ret_body))
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at + 2,
		    "%s payload: length %u overruns %s (%zu bytes left)", what, length, parent, left);
	*c = r;
	*ret_next = next;
	*ret_at = at;
	return true;
}

size_t
isakmp_generic_begin(GByteArray *w, uint8_t next)
{
	size_t start = w->len;

	wire_put_u8(w, next);
	wire_put_u8(w, 0);
	(void)wire_put_len16(w);
	return start;
}

void
isakmp_generic_end(GByteArray *w, size_t start)
{
	wire_patch_len16(w, start + 2, start);
}
