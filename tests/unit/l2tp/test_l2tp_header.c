/* Unit tests for l2tp/l2tp_header.c: control and data headers, errors with their byte offsets. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "l2tp/l2tp_error.h"
#include "l2tp/l2tp_header.h"

#define B(...) (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})

/* clang-format off */
static const struct header_case {
	const char *name; /* what the case is, and where it comes from */
	const uint8_t *wire;
	size_t len;
	bool ok;
	int code;      /* L2SEC_L2TP_ERROR_* when !ok */
	size_t err_at; /* byte offset the error must name */
	const char *err_text; /* a fragment the message must contain */
	/* expected fields when ok */
	bool control;
	uint16_t tunnel_id, session_id, ns, nr;
	size_t header_len, payload_len;
} header_cases[] = {
	{ "ZLB from xl2tpd 1.3.18 (tests/vectors/l2tp/plain-04-zlb.bin)",
	    B(0xc8, 0x02, 0x00, 0x0c, 0xf4, 0x90, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02), true, 0, 0,
	    NULL, true, 62608, 0, 1, 2, 12, 0 },
	{ "SCCCN header from xl2tpd (plain-03-scccn.bin)",
	    B(0xc8, 0x02, 0x00, 0x14, 0x54, 0x49, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x80, 0x08,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x03),
	    true, 0, 0, NULL, true, 21577, 0, 1, 1, 12, 8 },
	{ "data frame without L/S, as the kernel passes up (go-l2tp #4: tunnel 17024 is no length)",
	    B(0x00, 0x02, 0x42, 0x80, 0x00, 0x07, 0xff, 0x03, 0xc0, 0x21, 0x01), true, 0, 0, NULL,
	    false, 17024, 7, 0, 0, 6, 5 },
	{ "data frame with L, S and P",
	    B(0x49, 0x02, 0x00, 0x0e, 0x00, 0x01, 0x00, 0x02, 0x00, 0x05, 0x00, 0x06, 0xff, 0x03),
	    true, 0, 0, NULL, false, 1, 2, 5, 6, 12, 2 },
	{ "data frame with an Offset Size of 2 and its padding (RFC 2661 §3.1)",
	    B(0x02, 0x02, 0x00, 0x01, 0x00, 0x02, 0x00, 0x02, 0xaa, 0xbb, 0xff, 0x03), true, 0, 0,
	    NULL, false, 1, 2, 0, 0, 10, 2 },
	{ "data frame with L shorter than the datagram (trailing bytes dropped)",
	    B(0x40, 0x02, 0x00, 0x0a, 0x00, 0x01, 0x00, 0x02, 0xff, 0x03, 0xee, 0xee), true, 0, 0,
	    NULL, false, 1, 2, 0, 0, 8, 2 },
	{ "empty datagram", B(0x00), false, L2SEC_L2TP_ERROR_MALFORMED, 0, "too short", false, 0, 0, 0, 0, 0, 0 },
	{ "L2TPv3 control header (RFC 3931)", B(0xc8, 0x03, 0x00, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0),
	    false, L2SEC_L2TP_ERROR_UNSUPPORTED, 1, "L2TPv3 is not supported", false, 0, 0, 0, 0, 0, 0 },
	{ "L2F version 1", B(0xc8, 0x01, 0x00, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0), false,
	    L2SEC_L2TP_ERROR_UNSUPPORTED, 1, "version 1", false, 0, 0, 0, 0, 0, 0 },
	{ "control without L (RFC 2661 §3.1)", B(0x88, 0x02, 0, 1, 0, 0, 0, 0, 0, 0), false,
	    L2SEC_L2TP_ERROR_MALFORMED, 0, "L bit", false, 0, 0, 0, 0, 0, 0 },
	{ "control without S", B(0xc0, 0x02, 0x00, 0x08, 0, 1, 0, 0), false,
	    L2SEC_L2TP_ERROR_MALFORMED, 0, "S bit", false, 0, 0, 0, 0, 0, 0 },
	{ "control with O", B(0xca, 0x02, 0x00, 0x0e, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0), false,
	    L2SEC_L2TP_ERROR_MALFORMED, 0, "O bit", false, 0, 0, 0, 0, 0, 0 },
	{ "control Length larger than the datagram",
	    B(0xc8, 0x02, 0x00, 0x0d, 0, 1, 0, 0, 0, 0, 0, 0), false, L2SEC_L2TP_ERROR_MALFORMED, 2,
	    "does not match", false, 0, 0, 0, 0, 0, 0 },
	{ "control Length smaller than the datagram",
	    B(0xc8, 0x02, 0x00, 0x0c, 0, 1, 0, 0, 0, 0, 0, 0, 0x80), false,
	    L2SEC_L2TP_ERROR_MALFORMED, 2, "does not match", false, 0, 0, 0, 0, 0, 0 },
	{ "control cut inside the Tunnel ID", B(0xc8, 0x02, 0x00, 0x05, 0x00), false,
	    L2SEC_L2TP_ERROR_MALFORMED, 4, "Tunnel ID", false, 0, 0, 0, 0, 0, 0 },
	{ "control cut before Nr", B(0xc8, 0x02, 0x00, 0x0a, 0, 1, 0, 0, 0, 0), false,
	    L2SEC_L2TP_ERROR_MALFORMED, 8, "Ns/Nr", false, 0, 0, 0, 0, 0, 0 },
	{ "control cut before Length", B(0xc8, 0x02, 0x00), false, L2SEC_L2TP_ERROR_MALFORMED, 2,
	    "Length", false, 0, 0, 0, 0, 0, 0 },
	{ "data Length past the datagram", B(0x40, 0x02, 0x00, 0x20, 0x00, 0x01, 0x00, 0x02),
	    false, L2SEC_L2TP_ERROR_MALFORMED, 2, "outside", false, 0, 0, 0, 0, 0, 0 },
	{ "data Length inside the header", B(0x40, 0x02, 0x00, 0x04, 0x00, 0x01, 0x00, 0x02),
	    false, L2SEC_L2TP_ERROR_MALFORMED, 2, "outside", false, 0, 0, 0, 0, 0, 0 },
	{ "data Offset Size past the end", B(0x02, 0x02, 0x00, 0x01, 0x00, 0x02, 0x00, 0x09, 0xaa),
	    false, L2SEC_L2TP_ERROR_MALFORMED, 6, "Offset Size 9", false, 0, 0, 0, 0, 0, 0 },
	{ "data cut inside the Offset Size", B(0x02, 0x02, 0x00, 0x01, 0x00, 0x02, 0x00), false,
	    L2SEC_L2TP_ERROR_MALFORMED, 6, "Offset Size", false, 0, 0, 0, 0, 0, 0 },
};
/* clang-format on */

static void
test_header_cases(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(header_cases); i++) {
		const struct header_case *c = &header_cases[i];
		g_autoptr(GError) error = NULL;
		L2tpHeader h;
		WireCursor payload;
		/* "empty datagram" passes a 1-byte array with length 0 */
		size_t len = strcmp(c->name, "empty datagram") == 0 ? 0 : c->len;
		bool ok = l2tp_header_decode(c->wire, len, &h, &payload, &error);

		if (ok != c->ok)
			fail_msg("%s: decode %s (%s)", c->name, ok ? "succeeded" : "failed",
			    error ? error->message : "");
		if (!ok) {
			g_autofree char *at = g_strdup_printf(", byte %zu: ", c->err_at);
			if (!g_error_matches(error, L2SEC_L2TP_ERROR, c->code) ||
			    strstr(error->message, at) == NULL ||
			    strstr(error->message, c->err_text) == NULL)
				fail_msg(
				    "%s: wrong error \"%s\" (code %d), want code %d at byte %zu "
				    "with \"%s\"",
				    c->name, error->message, error->code, c->code, c->err_at,
				    c->err_text);
			continue;
		}
		if (h.control != c->control || h.tunnel_id != c->tunnel_id ||
		    h.session_id != c->session_id || h.ns != c->ns || h.nr != c->nr ||
		    h.header_len != c->header_len || wire_left(&payload) != c->payload_len ||
		    h.version != 2)
			fail_msg("%s: got control %d tunnel %u session %u Ns %u Nr %u header %zu "
				 "payload %zu",
			    c->name, h.control, h.tunnel_id, h.session_id, h.ns, h.nr, h.header_len,
			    wire_left(&payload));
		if (wire_where(&payload) != c->header_len)
			fail_msg("%s: payload starts at %zu", c->name, wire_where(&payload));
		if (l2tp_datagram_is_control(c->wire, len) != c->control)
			fail_msg("%s: l2tp_datagram_is_control disagrees", c->name);
	}
}

static void
test_encode_zlb_matches_xl2tpd(void **state)
{
	/* tests/vectors/l2tp/plain-04-zlb.bin, the ZLB xl2tpd 1.3.18 sent to ack SCCCN */
	static const uint8_t want[] = {
	    0xc8, 0x02, 0x00, 0x0c, 0xf4, 0x90, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02};
	g_autoptr(GByteArray) w = l2tp_zlb_encode(62608, 0, 1, 2);

	assert_int_equal(w->len, sizeof(want));
	assert_memory_equal(w->data, want, sizeof(want));
}

static void
test_encode_control_roundtrip(void **state)
{
	g_autoptr(GByteArray) w = g_byte_array_new();
	g_autoptr(GError) error = NULL;
	L2tpHeader h;
	WireCursor payload;

	g_byte_array_append(w, (const uint8_t *)"junk", 4); /* a header need not start at 0 */
	size_t start = l2tp_header_encode_control(w, 0xabcd, 0x1234, 7, 9);
	wire_put_u32(w, 0xdeadbeef);
	l2tp_header_finish(w, start);
	assert_int_equal(start, 4);
	assert_true(l2tp_header_decode(w->data + start, w->len - start, &h, &payload, &error));
	assert_null(error);
	assert_true(h.control && h.has_length && h.has_sequence && !h.has_offset);
	assert_int_equal(h.length, 16);
	assert_int_equal(h.tunnel_id, 0xabcd);
	assert_int_equal(h.session_id, 0x1234);
	assert_int_equal(h.ns, 7);
	assert_int_equal(h.nr, 9);
	assert_int_equal(wire_left(&payload), 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_header_cases),
	    cmocka_unit_test(test_encode_zlb_matches_xl2tpd),
	    cmocka_unit_test(test_encode_control_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
