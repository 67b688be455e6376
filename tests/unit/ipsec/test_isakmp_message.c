/*
 * Unit tests for ipsec/isakmp_message.c: real strongSwan 5.9.8 datagrams
 * (tests/vectors/ipsec/isakmp/, made by capture.sh there) decode to the
 * payload lists strongSwan logged and encode back to the same bytes; the
 * chain walker's errors name the byte they are about; decrypted bodies skip
 * their padding; the builder chains Next Payload fields.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common/hex.h"
#include "ipsec/ike_error.h"
#include "ipsec/isakmp_message.h"
#include "ipsec/isakmp_vendor.h"

static GByteArray *
load_vector(const char *name)
{
	const char *srcdir = g_getenv("srcdir");
	g_autofree char *path = g_build_filename(srcdir ? srcdir : ".", "tests", "vectors", "ipsec",
	    "isakmp", name, NULL);
	g_autofree char *text = NULL;
	g_autoptr(GError) error = NULL;
	GByteArray *bytes = NULL;

	if (!g_file_get_contents(path, &text, NULL, &error))
		fail_msg("%s: %s", name, error->message);
	if (!l2sec_hex_decode(text, &bytes, &error))
		fail_msg("%s: %s", name, error->message);
	return bytes;
}

/* What strongSwan logged for each datagram (its initiate.log, next to the vectors). */
static const struct real_case {
	const char *file;
	uint8_t exchange;
	uint8_t flags;
	const char *payloads; /* isakmp_payloads_describe(), "" when encrypted */
} real_cases[] = {
	{ "ok-01-i2r-p500.hex", ISAKMP_EXCH_MAIN, 0, "SA V V V V V" },
	{ "ok-02-r2i-p500.hex", ISAKMP_EXCH_MAIN, 0, "SA V V V V" },
	{ "ok-03-i2r-p500.hex", ISAKMP_EXCH_MAIN, 0, "KE No NAT-D NAT-D" },
	{ "ok-04-r2i-p500.hex", ISAKMP_EXCH_MAIN, 0, "KE No NAT-D NAT-D" },
	{ "ok-05-i2r-p500.hex", ISAKMP_EXCH_MAIN, ISAKMP_FLAG_ENCRYPTION, "" },
	{ "ok-06-r2i-p500.hex", ISAKMP_EXCH_MAIN, ISAKMP_FLAG_ENCRYPTION, "" },
	{ "ok-07-i2r-p500.hex", ISAKMP_EXCH_QUICK, ISAKMP_FLAG_ENCRYPTION, "" },
	{ "ok-08-r2i-p500.hex", ISAKMP_EXCH_QUICK, ISAKMP_FLAG_ENCRYPTION, "" },
	{ "ok-09-i2r-p500.hex", ISAKMP_EXCH_INFORMATIONAL, ISAKMP_FLAG_ENCRYPTION, "" },
	{ "noprop-01-i2r-p500.hex", ISAKMP_EXCH_MAIN, 0, "SA V V V V V" },
	{ "noprop-02-r2i-p500.hex", ISAKMP_EXCH_INFORMATIONAL, 0, "N" },
	{ "aggr-01-i2r-p500.hex", ISAKMP_EXCH_AGGRESSIVE, 0, "FRAG" },
	{ "aggr-02-i2r-p500.hex", ISAKMP_EXCH_AGGRESSIVE, 0, "FRAG" },
	{ "aggr-03-i2r-p500.hex", ISAKMP_EXCH_AGGRESSIVE, 0, "FRAG" },
	{ "aggr-04-r2i-p500.hex", ISAKMP_EXCH_AGGRESSIVE, 0, "FRAG" },
	{ "aggr-05-r2i-p500.hex", ISAKMP_EXCH_AGGRESSIVE, 0, "FRAG" },
	{ "aggr-06-r2i-p500.hex", ISAKMP_EXCH_AGGRESSIVE, 0, "FRAG" },
	{ "aggr-07-i2r-p500.hex", ISAKMP_EXCH_AGGRESSIVE, ISAKMP_FLAG_ENCRYPTION, "" },
	{ "aggr-08-i2r-p500.hex", ISAKMP_EXCH_QUICK, ISAKMP_FLAG_ENCRYPTION, "" },
	{ "aggr-09-r2i-p500.hex", ISAKMP_EXCH_QUICK, ISAKMP_FLAG_ENCRYPTION, "" },
	{ "aggr-10-i2r-p500.hex", ISAKMP_EXCH_INFORMATIONAL, ISAKMP_FLAG_ENCRYPTION, "" },
};

static void
test_real_datagrams(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(real_cases); i++) {
		const struct real_case *c = &real_cases[i];
		g_autoptr(GByteArray) wire = load_vector(c->file);
		g_autoptr(GError) error = NULL;
		g_autoptr(IsakmpMessage) msg = isakmp_message_decode(wire->data, wire->len, &error);

		if (msg == NULL)
			fail_msg("%s: %s", c->file, error->message);
		if (msg->header.exchange != c->exchange || msg->header.flags != c->flags)
			fail_msg("%s: exchange %u flags %u", c->file, msg->header.exchange, msg->header.flags);
		if (msg->header.length != wire->len)
			fail_msg("%s: length %u", c->file, msg->header.length);
		g_autofree char *list = isakmp_payloads_describe(msg->payloads);
		if (strcmp(list, c->payloads) != 0)
			fail_msg("%s: payloads [%s], strongSwan logged [%s]", c->file, list, c->payloads);
		if (c->flags & ISAKMP_FLAG_ENCRYPTION) {
			if (msg->encrypted == NULL ||
			    g_bytes_get_size(msg->encrypted) != wire->len - ISAKMP_HEADER_LEN)
				fail_msg("%s: ciphertext not kept", c->file);
			/* AES-CBC: whole blocks */
			if (g_bytes_get_size(msg->encrypted) % 16 != 0)
				fail_msg("%s: ciphertext of %zu bytes", c->file,
				    g_bytes_get_size(msg->encrypted));
			continue;
		}
		if (!isakmp_payloads_check_known(msg->payloads, &error))
			fail_msg("%s: %s", c->file, error->message);
		/* strongSwan writes what we write: same bytes back */
		g_autoptr(GByteArray) again = isakmp_message_encode(&msg->header, msg->payloads);
		if (again->len != wire->len || memcmp(again->data, wire->data, wire->len) != 0) {
			g_autofree char *a = l2sec_hex_encode(again->data, again->len);
			fail_msg("%s: re-encoded differs:\n%s", c->file, a);
		}
	}
}

/* Main Mode 1 from strongSwan: the offer of `aes256-sha256-modp2048,aes128-sha1-modp2048,3des-sha1-modp1024`. */
static void
test_real_main_mode_1(void **state)
{
	g_autoptr(GByteArray) wire = load_vector("ok-01-i2r-p500.hex");
	g_autoptr(GError) error = NULL;
	g_autoptr(IsakmpMessage) msg = isakmp_message_decode(wire->data, wire->len, &error);
	static const struct {
		uint64_t encr, keylen, hash, group;
	} offer[] = {
		{ IKE_ENCR_AES_CBC, 256, IKE_HASH_SHA2_256, 14 },
		{ IKE_ENCR_AES_CBC, 128, IKE_HASH_SHA1, 14 },
		{ IKE_ENCR_3DES_CBC, 0, IKE_HASH_SHA1, 2 },
	};
	static const IsakmpVendor vids[] = { ISAKMP_VENDOR_XAUTH, ISAKMP_VENDOR_DPD,
		ISAKMP_VENDOR_FRAGMENTATION, ISAKMP_VENDOR_NATT_RFC3947, ISAKMP_VENDOR_NATT_DRAFT_02N };

	assert_non_null(msg);
	const IsakmpPayload *sa = isakmp_payloads_find(msg->payloads, ISAKMP_PAYLOAD_SA, 0);
	assert_non_null(sa);
	assert_int_equal(sa->at, ISAKMP_HEADER_LEN);
	assert_int_equal(sa->u.sa.doi, ISAKMP_DOI_IPSEC);
	assert_int_equal(sa->u.sa.situation, ISAKMP_SIT_IDENTITY_ONLY);
	assert_int_equal(sa->u.sa.proposals->len, 1);
	const IsakmpProposal *p = &g_array_index(sa->u.sa.proposals, IsakmpProposal, 0);
	assert_int_equal(p->protocol, ISAKMP_PROTO_ISAKMP);
	assert_int_equal(p->spi_len, 0);
	assert_int_equal(p->transforms->len, G_N_ELEMENTS(offer));
	for (guint i = 0; i < p->transforms->len; i++) {
		const IsakmpTransform *t = &g_array_index(p->transforms, IsakmpTransform, i);
		uint64_t v = 0, secs, kb;
		assert_int_equal(t->number, i + 1);
		assert_int_equal(t->id, ISAKMP_TRANSFORM_KEY_IKE);
		assert_true(isakmp_transform_get(t, IKE_ATTR_ENCRYPTION, &v));
		assert_int_equal(v, offer[i].encr);
		if (offer[i].keylen != 0) {
			assert_true(isakmp_transform_get(t, IKE_ATTR_KEY_LENGTH, &v));
			assert_int_equal(v, offer[i].keylen);
		} else {
			assert_false(isakmp_transform_get(t, IKE_ATTR_KEY_LENGTH, &v));
		}
		assert_true(isakmp_transform_get(t, IKE_ATTR_HASH, &v));
		assert_int_equal(v, offer[i].hash);
		assert_true(isakmp_transform_get(t, IKE_ATTR_GROUP_DESC, &v));
		assert_int_equal(v, offer[i].group);
		assert_true(isakmp_transform_get(t, IKE_ATTR_AUTH_METHOD, &v));
		assert_int_equal(v, IKE_AUTH_PSK);
		/* strongSwan's default IKE lifetime with jitter: 15840 s, in TV form */
		isakmp_transform_get_life(t, ISAKMP_PROTO_ISAKMP, &secs, &kb);
		assert_int_equal(secs, 15840);
		assert_int_equal(kb, 0);
	}
	assert_int_equal(isakmp_payloads_count(msg->payloads, ISAKMP_PAYLOAD_VENDOR), G_N_ELEMENTS(vids));
	for (guint i = 0; i < G_N_ELEMENTS(vids); i++) {
		const IsakmpPayload *v = isakmp_payloads_find(msg->payloads, ISAKMP_PAYLOAD_VENDOR, i);
		gsize len;
		const void *data = g_bytes_get_data(v->u.data, &len);
		IsakmpVendorMatch m = isakmp_vendor_identify(data, len);
		if (m.vendor != vids[i])
			fail_msg("VID %u is %s", i, isakmp_vendor_name(m.vendor));
		if (m.vendor == ISAKMP_VENDOR_FRAGMENTATION)
			assert_true(m.has_suffix && m.suffix == 0x80000000u);
	}
}

/* Main Mode 3: KE of MODP2048, a 32-byte nonce, two SHA2-256 NAT-D hashes */
static void
test_real_main_mode_3(void **state)
{
	g_autoptr(GByteArray) wire = load_vector("ok-03-i2r-p500.hex");
	g_autoptr(IsakmpMessage) msg = isakmp_message_decode(wire->data, wire->len, NULL);

	assert_non_null(msg);
	assert_int_equal(g_bytes_get_size(isakmp_payloads_find(msg->payloads, ISAKMP_PAYLOAD_KE, 0)->u.data), 256);
	assert_int_equal(g_bytes_get_size(isakmp_payloads_find(msg->payloads, ISAKMP_PAYLOAD_NONCE, 0)->u.data), 32);
	assert_int_equal(g_bytes_get_size(isakmp_payloads_find(msg->payloads, ISAKMP_PAYLOAD_NAT_D, 1)->u.data), 32);
	assert_null(isakmp_payloads_find(msg->payloads, ISAKMP_PAYLOAD_NAT_D, 2));

	/* what Main Mode 3 needs is there; an SA is not */
	static const uint8_t mm3[] = { ISAKMP_PAYLOAD_KE, ISAKMP_PAYLOAD_NONCE };
	static const uint8_t sa[] = { ISAKMP_PAYLOAD_KE, ISAKMP_PAYLOAD_SA };
	g_autoptr(GError) error = NULL;
	assert_true(isakmp_payloads_require(msg->payloads, mm3, G_N_ELEMENTS(mm3), "Main Mode message 3", NULL));
	assert_false(isakmp_payloads_require(msg->payloads, sa, G_N_ELEMENTS(sa), "Main Mode message 3", &error));
	assert_true(g_error_matches(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID));
	assert_string_equal(error->message, "Main Mode message 3 lacks its SA payload");
}

/* The responder's clear Informational: N(NO-PROPOSAL-CHOSEN) with both cookies as SPI */
static void
test_real_no_proposal(void **state)
{
	g_autoptr(GByteArray) wire = load_vector("noprop-02-r2i-p500.hex");
	g_autoptr(IsakmpMessage) msg = isakmp_message_decode(wire->data, wire->len, NULL);

	assert_non_null(msg);
	const IsakmpPayload *n = isakmp_payloads_find(msg->payloads, ISAKMP_PAYLOAD_NOTIFY, 0);
	assert_non_null(n);
	assert_int_equal(n->u.notify.type, ISAKMP_N_NO_PROPOSAL_CHOSEN);
	assert_string_equal(isakmp_notify_name(n->u.notify.type), "NO-PROPOSAL-CHOSEN");
	assert_true(isakmp_notify_is_error(n->u.notify.type));
	assert_int_equal(n->u.notify.protocol, ISAKMP_PROTO_ISAKMP);
	assert_int_equal(n->u.notify.spi_len, 16);
	assert_memory_equal(n->u.notify.spi, msg->header.icookie, 8);
	assert_memory_equal(n->u.notify.spi + 8, msg->header.rcookie, 8);
	assert_int_equal(g_bytes_get_size(n->u.notify.data), 0);
}

/*
 * strongSwan's IKEv1 fragments carry the whole original message, header
 * included: put the three back together and decode what was cut.
 */
static void
test_real_aggressive_fragments(void **state)
{
	static const struct {
		const char *files[3];
		const char *payloads;
		uint8_t id[4];
		size_t whole;
	} cases[] = {
		{ { "aggr-01-i2r-p500.hex", "aggr-02-i2r-p500.hex", "aggr-03-i2r-p500.hex" },
		    "SA KE No ID V V V V V", { 192, 0, 2, 2 }, 488 },
		{ { "aggr-04-r2i-p500.hex", "aggr-05-r2i-p500.hex", "aggr-06-r2i-p500.hex" },
		    "SA KE No ID V V V V NAT-D NAT-D HASH", { 192, 0, 2, 1 }, 576 },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GByteArray) whole = g_byte_array_new();
		g_autoptr(GError) error = NULL;

		for (uint8_t n = 1; n <= 3; n++) {
			g_autoptr(GByteArray) wire = load_vector(cases[i].files[n - 1]);
			g_autoptr(IsakmpMessage) frag = isakmp_message_decode(wire->data, wire->len, &error);
			assert_non_null(frag);
			const IsakmpPayload *f = isakmp_payloads_find(frag->payloads, ISAKMP_PAYLOAD_FRAGMENT, 0);
			assert_non_null(f);
			assert_int_equal(f->u.fragment.id, 1);
			assert_int_equal(f->u.fragment.number, n);
			assert_int_equal(!!(f->u.fragment.flags & ISAKMP_FRAGMENT_LAST), n == 3);
			gsize len;
			const void *data = g_bytes_get_data(f->u.fragment.data, &len);
			wire_put_bytes(whole, data, len);
		}
		assert_int_equal(whole->len, cases[i].whole);
		g_autoptr(IsakmpMessage) msg = isakmp_message_decode(whole->data, whole->len, &error);
		if (msg == NULL)
			fail_msg("%s: %s", cases[i].files[0], error->message);
		assert_int_equal(msg->header.exchange, ISAKMP_EXCH_AGGRESSIVE);
		g_autofree char *list = isakmp_payloads_describe(msg->payloads);
		assert_string_equal(list, cases[i].payloads);
		/* RFC 2407 §4.6.2: phase 1 ID, protocol and port 0 as strongSwan sends them */
		const IsakmpPayload *id = isakmp_payloads_find(msg->payloads, ISAKMP_PAYLOAD_ID, 0);
		assert_int_equal(id->u.id.type, ISAKMP_ID_IPV4_ADDR);
		assert_int_equal(id->u.id.protocol, 0);
		assert_int_equal(id->u.id.port, 0);
		assert_memory_equal(g_bytes_get_data(id->u.id.data, NULL), cases[i].id, 4);
		const IsakmpPayload *hash = isakmp_payloads_find(msg->payloads, ISAKMP_PAYLOAD_HASH, 0);
		if (hash != NULL) /* HASH_R of PRF-HMAC-SHA2-256 */
			assert_int_equal(g_bytes_get_size(hash->u.data), 32);
		g_autoptr(GByteArray) again = isakmp_message_encode(&msg->header, msg->payloads);
		assert_int_equal(again->len, whole->len);
		assert_memory_equal(again->data, whole->data, whole->len);
	}
}

#define HDR(next, exch, flags, len) \
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0, 0, 0, 0, 0, 0, 0, 0, (next), 0x10, (exch), \
	    (flags), 0, 0, 0, 0, 0, 0, 0, (len)

/* hand-made chains: each bad one must name the exact byte */
static const struct chain_case {
	const char *name;
	const uint8_t *wire;
	size_t len;
	int code; /* -1: decodes */
	size_t err_at;
	const char *payloads;
} chain_cases[] = {
	{ "no payload at all", (const uint8_t[]){ HDR(0, 5, 0, 28) }, 28, -1, 0, "" },
	{ "one VID (RFC 3947)",
	    (const uint8_t[]){ HDR(13, 2, 0, 48), 0, 0, 0, 20, 0x4a, 0x13, 0x1c, 0x81, 0x07, 0x03,
		0x58, 0x45, 0x5c, 0x57, 0x28, 0xf2, 0x0e, 0x95, 0x45, 0x2f },
	    48, -1, 0, "V" },
	{ "unknown payload type 77 kept as opaque, then a HASH",
	    (const uint8_t[]){ HDR(77, 5, 0, 42), 8, 0, 0, 6, 0xde, 0xad, 0, 0, 0, 8, 1, 2, 3, 4 }, 42,
	    -1, 0, "(77) HASH" },
	{ "payload length 3 (< 4)", (const uint8_t[]){ HDR(8, 5, 0, 32), 0, 0, 0, 3 }, 32,
	    L2SEC_IKE_ERROR_MALFORMED, 30, NULL },
	{ "payload overruns the message",
	    (const uint8_t[]){ HDR(8, 5, 0, 36), 0, 0, 0, 12, 1, 2, 3, 4 }, 36,
	    L2SEC_IKE_ERROR_MALFORMED, 30, NULL },
	{ "generic header cut short", (const uint8_t[]){ HDR(8, 5, 0, 30), 0, 0 }, 30,
	    L2SEC_IKE_ERROR_MALFORMED, 28, NULL },
	{ "header announces a payload but the message ends", (const uint8_t[]){ HDR(8, 5, 0, 28) },
	    28, L2SEC_IKE_ERROR_MALFORMED, 16, NULL },
	{ "second payload announced but missing",
	    (const uint8_t[]){ HDR(8, 5, 0, 33), 11, 0, 0, 5, 0xaa }, 33, L2SEC_IKE_ERROR_MALFORMED,
	    28, NULL },
	{ "bytes after the last payload",
	    (const uint8_t[]){ HDR(8, 5, 0, 34), 0, 0, 0, 5, 0xaa, 0xbb }, 34,
	    L2SEC_IKE_ERROR_MALFORMED, 33, NULL },
	{ "Proposal at top level", (const uint8_t[]){ HDR(2, 5, 0, 36), 0, 0, 0, 8, 1, 1, 0, 0 }, 36,
	    L2SEC_IKE_ERROR_INVALID, 16, NULL },
	{ "Transform after a HASH", (const uint8_t[]){ HDR(8, 5, 0, 33), 3, 0, 0, 5, 0xaa }, 33,
	    L2SEC_IKE_ERROR_INVALID, 28, NULL },
	{ "empty HASH", (const uint8_t[]){ HDR(8, 5, 0, 32), 0, 0, 0, 4 }, 32,
	    L2SEC_IKE_ERROR_MALFORMED, 30, NULL },
	{ "nonce of 7 bytes (RFC 2409 §5: 8..256)",
	    (const uint8_t[]){ HDR(10, 2, 0, 39), 0, 0, 0, 11, 1, 2, 3, 4, 5, 6, 7 }, 39,
	    L2SEC_IKE_ERROR_INVALID, 30, NULL },
	{ "error deep inside an SA: TLV attribute at byte 64 overruns, its length field is byte 66",
	    (const uint8_t[]){ HDR(1, 2, 0, 72), 0, 0, 0, 44, 0, 0, 0, 1, 0, 0, 0, 1, /* SA */
		0, 0, 0, 32, 1, 1, 0, 1,                                          /* P @40 */
		0, 0, 0, 24, 1, 1, 0, 0,                                          /* T @48 */
		0x80, 0x01, 0x00, 0x07, 0x80, 0x02, 0x00, 0x02, 0x00, 0x0c, 0x00, 0x09, 0, 0, 0, 0 },
	    72, L2SEC_IKE_ERROR_MALFORMED, 66, NULL },
	{ "encrypted: body kept, not walked", (const uint8_t[]){ HDR(8, 5, 1, 32), 9, 9, 9, 9 }, 32,
	    -1, 0, "" },
};

static void
test_chain_cases(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(chain_cases); i++) {
		const struct chain_case *c = &chain_cases[i];
		g_autoptr(GError) error = NULL;
		g_autoptr(IsakmpMessage) msg = isakmp_message_decode(c->wire, c->len, &error);

		if (c->code < 0) {
			if (msg == NULL)
				fail_msg("%s: %s", c->name, error->message);
			g_autofree char *list = isakmp_payloads_describe(msg->payloads);
			if (strcmp(list, c->payloads) != 0)
				fail_msg("%s: payloads [%s]", c->name, list);
			continue;
		}
		if (msg != NULL)
			fail_msg("%s: decoded", c->name);
		g_autofree char *where = g_strdup_printf("ISAKMP message, byte %zu: ", c->err_at);
		if (!g_error_matches(error, L2SEC_IKE_ERROR, c->code) ||
		    !g_str_has_prefix(error->message, where))
			fail_msg("%s: got code %d \"%s\", want code %d at byte %zu", c->name, error->code,
			    error->message, c->code, c->err_at);
	}
}

static void
test_unknown_payload_check(void **state)
{
	const struct chain_case *c = &chain_cases[2];
	g_autoptr(GError) error = NULL;
	g_autoptr(IsakmpMessage) msg = isakmp_message_decode(c->wire, c->len, NULL);

	assert_non_null(msg);
	assert_false(isakmp_payloads_check_known(msg->payloads, &error));
	assert_true(g_error_matches(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID));
	assert_true(g_str_has_prefix(error->message, "ISAKMP message, byte 28: payload type 77"));
	/* still encodes back as it came */
	g_autoptr(GByteArray) again = isakmp_message_encode(&msg->header, msg->payloads);
	assert_int_equal(again->len, c->len);
	assert_memory_equal(again->data, c->wire, c->len);
}

/* A decrypted Quick Mode body as an exchange sees it: HASH, SA, Nonce, ID, ID, then padding. */
static void
test_decrypted_body(void **state)
{
	static const uint8_t spi[4] = { 0xc3, 0xfc, 0xd8, 0xd7 };
	static const uint8_t hash[20] = { 1, 2, 3 };
	static const uint8_t nonce[32] = { 9, 8, 7 };
	static const uint8_t addr_i[4] = { 192, 0, 2, 2 }, addr_r[4] = { 192, 0, 2, 1 };
	IsakmpPayload p;
	IsakmpBuilder b;
	g_autoptr(GByteArray) body = g_byte_array_new();
	g_autoptr(GError) error = NULL;
	size_t padding = 0;

	isakmp_builder_begin_body(&b, body);
	isakmp_payload_init_data(&p, ISAKMP_PAYLOAD_HASH, hash, sizeof(hash));
	isakmp_builder_add(&b, &p);
	isakmp_payload_clear(&p);
	memset(&p, 0, sizeof(p));
	p.type = ISAKMP_PAYLOAD_SA;
	isakmp_sa_init(&p.u.sa, ISAKMP_DOI_IPSEC, ISAKMP_SIT_IDENTITY_ONLY);
	IsakmpProposal *prop = isakmp_sa_add_proposal(&p.u.sa, 1, ISAKMP_PROTO_ESP, spi, sizeof(spi));
	IsakmpTransform *t = isakmp_proposal_add_transform(prop, 1, ISAKMP_ESP_AES_CBC);
	isakmp_transform_add_tv(t, IPSEC_ATTR_SA_LIFE_TYPE, IPSEC_LIFE_SECONDS);
	isakmp_transform_add_uint(t, IPSEC_ATTR_SA_LIFE_DURATION, 3600);
	isakmp_transform_add_tv(t, IPSEC_ATTR_ENCAP_MODE, IPSEC_ENCAP_TRANSPORT);
	isakmp_transform_add_tv(t, IPSEC_ATTR_AUTH_ALG, IPSEC_AUTH_HMAC_SHA1);
	isakmp_transform_add_tv(t, IPSEC_ATTR_KEY_LENGTH, 256);
	isakmp_builder_add(&b, &p);
	isakmp_payload_clear(&p);
	isakmp_payload_init_data(&p, ISAKMP_PAYLOAD_NONCE, nonce, sizeof(nonce));
	isakmp_builder_add(&b, &p);
	isakmp_payload_clear(&p);
	isakmp_payload_init_id(&p, ISAKMP_ID_IPV4_ADDR, 17, 1701, addr_i, 4);
	isakmp_builder_add(&b, &p);
	isakmp_payload_clear(&p);
	isakmp_payload_init_id(&p, ISAKMP_ID_IPV4_ADDR, 17, 1701, addr_r, 4);
	isakmp_builder_add(&b, &p);
	isakmp_payload_clear(&p);
	isakmp_builder_finish(&b);
	assert_int_equal(b.first, ISAKMP_PAYLOAD_HASH);
	/* RFC 2409 §5.3: pad to the cipher block; the padding is not a payload */
	size_t plain = body->len;
	wire_put_zeros(body, 16 - plain % 16);

	g_autoptr(GArray) list = isakmp_payloads_decode(b.first, body->data, body->len,
	    ISAKMP_HEADER_LEN, &padding, &error);
	if (list == NULL)
		fail_msg("%s", error->message);
	assert_int_equal(padding, body->len - plain);
	g_autofree char *names = isakmp_payloads_describe(list);
	assert_string_equal(names, "HASH SA No ID ID");
	const IsakmpPayload *sa = isakmp_payloads_find(list, ISAKMP_PAYLOAD_SA, 0);
	const IsakmpProposal *dp = &g_array_index(sa->u.sa.proposals, IsakmpProposal, 0);
	assert_int_equal(dp->protocol, ISAKMP_PROTO_ESP);
	assert_memory_equal(dp->spi, spi, 4);
	uint64_t secs, kb, mode;
	const IsakmpTransform *dt = &g_array_index(dp->transforms, IsakmpTransform, 0);
	isakmp_transform_get_life(dt, ISAKMP_PROTO_ESP, &secs, &kb);
	assert_int_equal(secs, 3600);
	assert_true(isakmp_transform_get(dt, IPSEC_ATTR_ENCAP_MODE, &mode));
	assert_int_equal(mode, IPSEC_ENCAP_TRANSPORT);
	const IsakmpPayload *idr = isakmp_payloads_find(list, ISAKMP_PAYLOAD_ID, 1);
	assert_int_equal(idr->u.id.port, 1701);
	assert_memory_equal(g_bytes_get_data(idr->u.id.data, NULL), addr_r, 4);
	/* offsets count from the datagram's start: the HASH follows the header */
	assert_int_equal(g_array_index(list, IsakmpPayload, 0).at, ISAKMP_HEADER_LEN);

	/* an error inside a decrypted body names its datagram offset too */
	body->data[2] = 0;
	body->data[3] = 2; /* HASH length 2 */
	g_clear_error(&error);
	g_autoptr(GArray) bad = isakmp_payloads_decode(b.first, body->data, body->len,
	    ISAKMP_HEADER_LEN, NULL, &error);
	assert_null(bad);
	assert_true(g_str_has_prefix(error->message, "ISAKMP message, byte 30: "));
}

/* The builder writes what a header and payload list say, with lengths and chaining. */
static void
test_builder_message(void **state)
{
	IsakmpHeader h = { .exchange = ISAKMP_EXCH_INFORMATIONAL, .message_id = 0x01020304 };
	IsakmpPayload p;
	IsakmpBuilder b;
	g_autoptr(GByteArray) w = g_byte_array_new();
	static const uint8_t cookies[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	static const uint8_t seq[4] = { 0, 0, 0x12, 0x34 };

	memcpy(h.icookie, cookies, 8);
	memcpy(h.rcookie, cookies + 8, 8);
	isakmp_builder_begin(&b, w, &h);
	isakmp_payload_init_notify(&p, ISAKMP_PROTO_ISAKMP, ISAKMP_N_DPD_R_U_THERE, cookies, 16, seq, 4);
	isakmp_builder_add(&b, &p);
	isakmp_payload_clear(&p);
	isakmp_payload_init_delete(&p, ISAKMP_PROTO_ISAKMP, cookies, 16, 1);
	isakmp_builder_add(&b, &p);
	isakmp_payload_clear(&p);
	isakmp_builder_finish(&b);
	assert_int_equal(w->len, 28 + 32 + 28);
	assert_int_equal(w->data[16], ISAKMP_PAYLOAD_NOTIFY);
	assert_int_equal(w->data[28], ISAKMP_PAYLOAD_DELETE);
	assert_int_equal(w->data[60], ISAKMP_PAYLOAD_NONE);
	assert_int_equal(w->data[27], 88);

	g_autoptr(GError) error = NULL;
	g_autoptr(IsakmpMessage) msg = isakmp_message_decode(w->data, w->len, &error);
	if (msg == NULL)
		fail_msg("%s", error->message);
	uint32_t s = 0;
	const IsakmpPayload *n = isakmp_payloads_find(msg->payloads, ISAKMP_PAYLOAD_NOTIFY, 0);
	assert_true(isakmp_notify_dpd_seq(&n->u.notify, &s));
	assert_int_equal(s, 0x1234);
	assert_string_equal(isakmp_notify_name(n->u.notify.type), "R-U-THERE");
	const IsakmpPayload *d = isakmp_payloads_find(msg->payloads, ISAKMP_PAYLOAD_DELETE, 0);
	assert_int_equal(d->u.del.count, 1);
	assert_memory_equal(g_bytes_get_data(d->u.del.spis, NULL), cookies, 16);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_datagrams),
		cmocka_unit_test(test_real_main_mode_1),
		cmocka_unit_test(test_real_main_mode_3),
		cmocka_unit_test(test_real_no_proposal),
		cmocka_unit_test(test_real_aggressive_fragments),
		cmocka_unit_test(test_chain_cases),
		cmocka_unit_test(test_unknown_payload_check),
		cmocka_unit_test(test_decrypted_body),
		cmocka_unit_test(test_builder_message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
