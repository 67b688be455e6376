/* l2tp_header.c — see l2tp_header.h. */
#include "config.h"

#include "common/error.h"
#include "l2tp/l2tp_error.h"
#include "l2tp/l2tp_header.h"

#define WHAT_CONTROL "L2TP control message"
#define WHAT_DATA "L2TP data message"
#define WHAT_ANY "L2TP datagram"

bool
l2tp_datagram_is_control(const uint8_t *data, size_t len)
{
	WireCursor c;
	uint16_t flags;

	wire_init(&c, data, len);
	if (!wire_get_u16(&c, &flags))
		return false;
	return (flags & L2TP_HDR_T) != 0 && (flags & L2TP_HDR_VER_MASK) == L2TP_VERSION;
}

bool
l2tp_header_decode(
    const uint8_t *data, size_t len, L2tpHeader *ret, WireCursor *ret_payload, GError **error)
{
	WireCursor c;
	uint16_t flags;
	L2tpHeader h = {0};

	wire_init(&c, data, len);
	if (!wire_get_u16(&c, &flags))
		return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED, WHAT_ANY,
		    0, "%zu bytes, too short for an L2TP header", len);
	h.control = (flags & L2TP_HDR_T) != 0;
	h.has_length = (flags & L2TP_HDR_L) != 0;
	h.has_sequence = (flags & L2TP_HDR_S) != 0;
	h.has_offset = (flags & L2TP_HDR_O) != 0;
	h.priority = (flags & L2TP_HDR_P) != 0;
	h.version = (uint8_t)(flags & L2TP_HDR_VER_MASK);
	const char *what = h.control ? WHAT_CONTROL : WHAT_DATA;

	/* the version nibble is the low half of byte 1 */
	if (h.version == 3)
		return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_UNSUPPORTED, what, 1,
		    "version 3: L2TPv3 is not supported (RFC 2661 L2TPv2 only)");
	if (h.version != L2TP_VERSION)
		return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_UNSUPPORTED, what, 1,
		    "version %u, expected 2%s", h.version,
		    h.version == 1 ? " (version 1 is L2F, RFC 2341)" : "");
	if (h.control) {
		/* RFC 2661 §3.1: L and S MUST be 1 and O MUST be 0 for control messages */
		if (!h.has_length || !h.has_sequence)
			return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED,
			    what, 0,
			    "the %s bit is clear; control messages must carry Length and Ns/Nr",
			    !h.has_length ? "L" : "S");
		if (h.has_offset)
			return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED,
			    what, 0, "the O bit is set; control messages must not carry an Offset");
	}
	if (h.has_length) {
		if (!wire_get_u16(&c, &h.length))
			return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED,
			    what, wire_where(&c), "datagram ends before the Length field");
	}
	size_t ids_at = wire_where(&c);
	if (!wire_get_u16(&c, &h.tunnel_id) || !wire_get_u16(&c, &h.session_id))
		return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED, what,
		    ids_at, "datagram ends inside the Tunnel ID and Session ID (%zu bytes)", len);
	if (h.has_sequence) {
		size_t seq_at = wire_where(&c);
		if (!wire_get_u16(&c, &h.ns) || !wire_get_u16(&c, &h.nr))
			return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED,
			    what, seq_at, "datagram ends inside Ns/Nr (%zu bytes)", len);
	}
	if (h.has_offset) {
		size_t at = wire_where(&c);
		if (!wire_get_u16(&c, &h.offset_size))
			return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED,
			    what, at, "datagram ends before the Offset Size");
		if (!wire_get_bytes(&c, NULL, h.offset_size))
			return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED,
			    what, at,
			    "Offset Size %u runs past the end of the datagram (%zu bytes left)",
			    h.offset_size, wire_left(&c));
	}
	h.header_len = wire_where(&c);
	h.message_len = len;
	if (h.has_length) {
		if (h.control && h.length != len)
			return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED,
			    what, 2, "Length %u does not match the datagram size %zu", h.length,
			    len);
		if (h.length < h.header_len || h.length > len)
			return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED,
			    what, 2,
			    "Length %u is outside the header (%zu bytes) and datagram (%zu bytes)",
			    h.length, h.header_len, len);
		h.message_len = h.length;
	}
	if (ret_payload != NULL) {
		/* the payload is [header_len, message_len); trailing bytes of a data frame are
		 * dropped */
		if (!wire_sub(&c, h.message_len - h.header_len, ret_payload))
			return l2sec_fail_at(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_MALFORMED,
			    what, h.header_len, "payload runs past the datagram");
	}
	*ret = h;
	return true;
}

size_t
l2tp_header_encode_control(
    GByteArray *w, uint16_t tunnel_id, uint16_t session_id, uint16_t ns, uint16_t nr)
{
	size_t start = w->len;

	wire_put_u16(w, L2TP_HDR_T | L2TP_HDR_L | L2TP_HDR_S | L2TP_VERSION);
	wire_put_u16(w, 0); /* Length, patched by l2tp_header_finish() */
	wire_put_u16(w, tunnel_id);
	wire_put_u16(w, session_id);
	wire_put_u16(w, ns);
	wire_put_u16(w, nr);
	return start;
}

void
l2tp_header_finish(GByteArray *w, size_t start)
{
	wire_patch_len16(w, start + 2, start);
}

GByteArray *
l2tp_zlb_encode(uint16_t tunnel_id, uint16_t session_id, uint16_t ns, uint16_t nr)
{
	GByteArray *w = g_byte_array_sized_new(L2TP_CONTROL_HEADER_LEN);
	size_t start = l2tp_header_encode_control(w, tunnel_id, session_id, ns, nr);

	l2tp_header_finish(w, start);
	return w;
}
