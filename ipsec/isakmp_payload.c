/* isakmp_payload.c — every payload but SA; see isakmp_payload.h. */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "common/hex.h"
#include "ipsec/isakmp_payload.h"
#include "ipsec/isakmp_private.h"
#include "ipsec/isakmp_vendor.h"

typedef bool (*PayloadDecode)(WireCursor *body, size_t at, IsakmpPayload *p, GError **error);
typedef void (*PayloadEncode)(const IsakmpPayload *p, GByteArray *w);

static bool
bytes_take(WireCursor *c, GBytes **ret)
{
	const uint8_t *p = NULL;
	size_t n = wire_left(c);

	if (!wire_get_ptr(c, &p, n))
		return false;
	*ret = g_bytes_new(p, n);
	return true;
}

static void
bytes_put(GByteArray *w, GBytes *b)
{
	gsize len = 0;
	const void *data = b != NULL ? g_bytes_get_data(b, &len) : NULL;
	wire_put_bytes(w, data, len);
}

/* KE, HASH, SIG, VID, NAT-D, unknown: the body is the data, at least 1 byte for known types */
static bool
data_decode(WireCursor *body, size_t at, IsakmpPayload *p, GError **error)
{
	if (wire_left(body) == 0 && isakmp_payload_is_known(p->type))
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at + 2,
		    "%s payload: empty", isakmp_payload_name(p->type));
	return bytes_take(body, &p->u.data);
}

static void
data_encode(const IsakmpPayload *p, GByteArray *w)
{
	bytes_put(w, p->u.data);
}

/* RFC 2409 §5 */
static bool
nonce_decode(WireCursor *body, size_t at, IsakmpPayload *p, GError **error)
{
	size_t n = wire_left(body);

	if (n < ISAKMP_NONCE_MIN || n > ISAKMP_NONCE_MAX)
		return isakmp_fail(error, L2SEC_IKE_ERROR_INVALID, at + 2,
		    "Nonce payload: %zu bytes of nonce, RFC 2409 requires %d to %d", n,
		    ISAKMP_NONCE_MIN, ISAKMP_NONCE_MAX);
	return bytes_take(body, &p->u.data);
}

/* RFC 2407 §4.6.2.1: how many bytes each address type holds (0: any, at least 1) */
static size_t
id_data_len(uint8_t type)
{
	switch (type) {
	case ISAKMP_ID_IPV4_ADDR:
		return 4;
	case ISAKMP_ID_IPV6_ADDR:
		return 16;
	case ISAKMP_ID_IPV4_ADDR_SUBNET:
	case ISAKMP_ID_IPV4_ADDR_RANGE:
		return 8;
	case ISAKMP_ID_IPV6_ADDR_SUBNET:
	case ISAKMP_ID_IPV6_ADDR_RANGE:
		return 32;
	default:
		return 0;
	}
}

static bool
id_decode(WireCursor *body, size_t at, IsakmpPayload *p, GError **error)
{
	IsakmpId *id = &p->u.id;
	size_t want;

	if (!wire_get_u8(body, &id->type) || !wire_get_u8(body, &id->protocol) ||
	    !wire_get_u16(body, &id->port))
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at + 2,
		    "ID payload: too short for ID type, protocol and port");
	want = id_data_len(id->type);
	if (want != 0 && wire_left(body) != want)
		return isakmp_fail(error, L2SEC_IKE_ERROR_INVALID, at + 8,
		    "ID payload: %s (%u) needs %zu bytes of data, not %zu",
		    isakmp_id_type_name(id->type), id->type, want, wire_left(body));
	if (want == 0 && wire_left(body) == 0 && id->type != ISAKMP_ID_LIST)
		return isakmp_fail(error, L2SEC_IKE_ERROR_INVALID, at + 8,
		    "ID payload: %s (%u) with no identification data",
		    isakmp_id_type_name(id->type), id->type);
	return bytes_take(body, &id->data);
}

static void
id_encode(const IsakmpPayload *p, GByteArray *w)
{
	wire_put_u8(w, p->u.id.type);
	wire_put_u8(w, p->u.id.protocol);
	wire_put_u16(w, p->u.id.port);
	bytes_put(w, p->u.id.data);
}

/* RFC 2408 §3.9, §3.10 */
static bool
cert_decode(WireCursor *body, size_t at, IsakmpPayload *p, GError **error)
{
	if (!wire_get_u8(body, &p->u.cert.encoding))
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at + 2,
		    "%s payload: empty, no encoding byte", isakmp_payload_name(p->type));
	if (p->type == ISAKMP_PAYLOAD_CERT && wire_left(body) == 0)
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at + 2,
		    "CERT payload: %s encoding with no certificate data",
		    isakmp_cert_encoding_name(p->u.cert.encoding));
	return bytes_take(body, &p->u.cert.data);
}

static void
cert_encode(const IsakmpPayload *p, GByteArray *w)
{
	wire_put_u8(w, p->u.cert.encoding);
	bytes_put(w, p->u.cert.data);
}

/* the DOI / protocol / SPI size head shared by N and D (RFC 2408 §3.14, §3.15) */
static bool
spi_check(const char *what, uint8_t spi_len, size_t at_size, WireCursor *body, GError **error)
{
	if (spi_len > wire_left(body))
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at_size,
		    "%s payload: SPI size %u overruns the payload (%zu bytes left)", what, spi_len,
		    wire_left(body));
	if (spi_len > ISAKMP_SPI_MAX)
		return isakmp_fail(error, L2SEC_IKE_ERROR_UNSUPPORTED, at_size,
		    "%s payload: SPI size %u is over %d bytes", what, spi_len, ISAKMP_SPI_MAX);
	return true;
}

static bool
notify_decode(WireCursor *body, size_t at, IsakmpPayload *p, GError **error)
{
	IsakmpNotify *n = &p->u.notify;

	if (!wire_get_u32(body, &n->doi) || !wire_get_u8(body, &n->protocol) ||
	    !wire_get_u8(body, &n->spi_len) || !wire_get_u16(body, &n->type))
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at + 2,
		    "Notification payload: too short for DOI, protocol, SPI size and type");
	if (!spi_check("Notification", n->spi_len, at + 9, body, error))
		return false;
	if (!wire_get_bytes(body, n->spi, n->spi_len))
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at + 12, "Notification payload: truncated SPI");
	return bytes_take(body, &n->data);
}

static void
notify_encode(const IsakmpPayload *p, GByteArray *w)
{
	const IsakmpNotify *n = &p->u.notify;

	wire_put_u32(w, n->doi);
	wire_put_u8(w, n->protocol);
	wire_put_u8(w, n->spi_len);
	wire_put_u16(w, n->type);
	wire_put_bytes(w, n->spi, MIN(n->spi_len, ISAKMP_SPI_MAX));
	bytes_put(w, n->data);
}

static bool
delete_decode(WireCursor *body, size_t at, IsakmpPayload *p, GError **error)
{
	IsakmpDelete *d = &p->u.del;

	if (!wire_get_u32(body, &d->doi) || !wire_get_u8(body, &d->protocol) ||
	    !wire_get_u8(body, &d->spi_len) || !wire_get_u16(body, &d->count))
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at + 2,
		    "Delete payload: too short for DOI, protocol, SPI size and # of SPIs");
	if (d->spi_len > ISAKMP_SPI_MAX)
		return isakmp_fail(error, L2SEC_IKE_ERROR_UNSUPPORTED, at + 9,
		    "Delete payload: SPI size %u is over %d bytes", d->spi_len, ISAKMP_SPI_MAX);
	if ((size_t)d->count * d->spi_len != wire_left(body))
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at + 10,
		    "Delete payload: %u SPIs of %u bytes need %zu bytes, the payload has %zu",
		    d->count, d->spi_len, (size_t)d->count * d->spi_len, wire_left(body));
	return bytes_take(body, &d->spis);
}

static void
delete_encode(const IsakmpPayload *p, GByteArray *w)
{
	const IsakmpDelete *d = &p->u.del;

	wire_put_u32(w, d->doi);
	wire_put_u8(w, d->protocol);
	wire_put_u8(w, d->spi_len);
	wire_put_u16(w, d->count);
	bytes_put(w, d->spis);
}

/* RFC 3947 §5.2 */
static bool
nat_oa_decode(WireCursor *body, size_t at, IsakmpPayload *p, GError **error)
{
	IsakmpNatOa *oa = &p->u.nat_oa;
	size_t want;

	if (!wire_get_u8(body, &oa->id_type) || !wire_get_bytes(body, NULL, 3))
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at + 2,
		    "%s payload: too short for ID type and reserved bytes", isakmp_payload_name(p->type));
	if (oa->id_type == ISAKMP_ID_IPV4_ADDR)
		want = 4;
	else if (oa->id_type == ISAKMP_ID_IPV6_ADDR)
		want = 16;
	else
		return isakmp_fail(error, L2SEC_IKE_ERROR_INVALID, at + 4,
		    "%s payload: ID type %s (%u) is not an IPv4 or IPv6 address",
		    isakmp_payload_name(p->type), isakmp_id_type_name(oa->id_type), oa->id_type);
	if (wire_left(body) != want)
		return isakmp_fail(error, L2SEC_IKE_ERROR_INVALID, at + 8,
		    "%s payload: %s needs %zu bytes of address, not %zu", isakmp_payload_name(p->type),
		    isakmp_id_type_name(oa->id_type), want, wire_left(body));
	oa->addr_len = (uint8_t)want;
	if (!wire_get_bytes(body, oa->addr, want))
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at + 8, "NAT-OA payload: truncated");
	return true;
}

static void
nat_oa_encode(const IsakmpPayload *p, GByteArray *w)
{
	wire_put_u8(w, p->u.nat_oa.id_type);
	wire_put_zeros(w, 3);
	wire_put_bytes(w, p->u.nat_oa.addr, MIN(p->u.nat_oa.addr_len, sizeof(p->u.nat_oa.addr)));
}

static bool
fragment_decode(WireCursor *body, size_t at, IsakmpPayload *p, GError **error)
{
	IsakmpFragment *f = &p->u.fragment;

	if (!wire_get_u16(body, &f->id) || !wire_get_u8(body, &f->number) ||
	    !wire_get_u8(body, &f->flags))
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at + 2,
		    "Fragment payload: too short for fragment ID, number and flags");
	return bytes_take(body, &f->data);
}

static void
fragment_encode(const IsakmpPayload *p, GByteArray *w)
{
	wire_put_u16(w, p->u.fragment.id);
	wire_put_u8(w, p->u.fragment.number);
	wire_put_u8(w, p->u.fragment.flags);
	bytes_put(w, p->u.fragment.data);
}

static bool
sa_decode(WireCursor *body, size_t at, IsakmpPayload *p, GError **error)
{
	return isakmp_sa_decode(body, &p->u.sa, error);
}

static void
sa_encode(const IsakmpPayload *p, GByteArray *w)
{
	isakmp_sa_encode(&p->u.sa, w);
}

typedef enum { KIND_DATA, KIND_SA, KIND_ID, KIND_CERT, KIND_NOTIFY, KIND_DELETE, KIND_NAT_OA, KIND_FRAGMENT } PayloadKind;

static const struct payload_codec {
	uint8_t type;
	PayloadKind kind;
	PayloadDecode decode;
	PayloadEncode encode;
} codecs[] = {
	{ ISAKMP_PAYLOAD_SA, KIND_SA, sa_decode, sa_encode },
	{ ISAKMP_PAYLOAD_KE, KIND_DATA, data_decode, data_encode },
	{ ISAKMP_PAYLOAD_ID, KIND_ID, id_decode, id_encode },
	{ ISAKMP_PAYLOAD_CERT, KIND_CERT, cert_decode, cert_encode },
	{ ISAKMP_PAYLOAD_CERTREQ, KIND_CERT, cert_decode, cert_encode },
	{ ISAKMP_PAYLOAD_HASH, KIND_DATA, data_decode, data_encode },
	{ ISAKMP_PAYLOAD_SIG, KIND_DATA, data_decode, data_encode },
	{ ISAKMP_PAYLOAD_NONCE, KIND_DATA, nonce_decode, data_encode },
	{ ISAKMP_PAYLOAD_NOTIFY, KIND_NOTIFY, notify_decode, notify_encode },
	{ ISAKMP_PAYLOAD_DELETE, KIND_DELETE, delete_decode, delete_encode },
	{ ISAKMP_PAYLOAD_VENDOR, KIND_DATA, data_decode, data_encode },
	{ ISAKMP_PAYLOAD_NAT_D, KIND_DATA, data_decode, data_encode },
	{ ISAKMP_PAYLOAD_NAT_D_DRAFT, KIND_DATA, data_decode, data_encode },
	{ ISAKMP_PAYLOAD_NAT_OA, KIND_NAT_OA, nat_oa_decode, nat_oa_encode },
	{ ISAKMP_PAYLOAD_NAT_OA_DRAFT, KIND_NAT_OA, nat_oa_decode, nat_oa_encode },
	{ ISAKMP_PAYLOAD_FRAGMENT, KIND_FRAGMENT, fragment_decode, fragment_encode },
};

/* unknown types and Mode Config attributes: opaque bytes */
static const struct payload_codec opaque_codec = { 0, KIND_DATA, data_decode, data_encode };

static const struct payload_codec *
codec_find(uint8_t type)
{
	for (size_t i = 0; i < G_N_ELEMENTS(codecs); i++)
		if (codecs[i].type == type)
			return &codecs[i];
	return &opaque_codec;
}

bool
isakmp_payload_is_known(uint8_t type)
{
	return codec_find(type) != &opaque_codec;
}

bool
isakmp_payload_is_data(uint8_t type)
{
	return codec_find(type)->kind == KIND_DATA;
}

bool
isakmp_payload_decode(uint8_t type, WireCursor *body, size_t at, IsakmpPayload *ret,
    GError **error)
{
	memset(ret, 0, sizeof(*ret));
	ret->type = type;
	ret->at = at;
	if (!codec_find(type)->decode(body, at, ret, error)) {
		isakmp_payload_clear(ret);
		return false;
	}
	return true;
}

size_t
isakmp_payload_encode(const IsakmpPayload *p, uint8_t next, GByteArray *w)
{
	size_t start = isakmp_generic_begin(w, next);

	codec_find(p->type)->encode(p, w);
	isakmp_generic_end(w, start);
	return start;
}

void
isakmp_payload_clear(IsakmpPayload *p)
{
	if (p == NULL)
		return;
	switch (codec_find(p->type)->kind) {
	case KIND_SA:
		isakmp_sa_clear(&p->u.sa);
		break;
	case KIND_DATA:
		g_clear_pointer(&p->u.data, g_bytes_unref);
		break;
	case KIND_ID:
		g_clear_pointer(&p->u.id.data, g_bytes_unref);
		break;
	case KIND_CERT:
		g_clear_pointer(&p->u.cert.data, g_bytes_unref);
		break;
	case KIND_NOTIFY:
		g_clear_pointer(&p->u.notify.data, g_bytes_unref);
		break;
	case KIND_DELETE:
		g_clear_pointer(&p->u.del.spis, g_bytes_unref);
		break;
	case KIND_FRAGMENT:
		g_clear_pointer(&p->u.fragment.data, g_bytes_unref);
		break;
	case KIND_NAT_OA:
		break;
	}
	memset(p, 0, sizeof(*p));
}

void
isakmp_payload_init_data(IsakmpPayload *p, uint8_t type, const void *data, size_t len)
{
	memset(p, 0, sizeof(*p));
	g_return_if_fail(isakmp_payload_is_data(type));
	p->type = type;
	p->u.data = g_bytes_new(data, len);
}

void
isakmp_payload_init_id(IsakmpPayload *p, uint8_t id_type, uint8_t protocol, uint16_t port,
    const void *data, size_t len)
{
	memset(p, 0, sizeof(*p));
	p->type = ISAKMP_PAYLOAD_ID;
	p->u.id.type = id_type;
	p->u.id.protocol = protocol;
	p->u.id.port = port;
	p->u.id.data = g_bytes_new(data, len);
}

void
isakmp_payload_init_notify(IsakmpPayload *p, uint8_t protocol, uint16_t type, const void *spi,
    size_t spi_len, const void *data, size_t len)
{
	memset(p, 0, sizeof(*p));
	g_return_if_fail(spi_len <= ISAKMP_SPI_MAX);
	p->type = ISAKMP_PAYLOAD_NOTIFY;
	p->u.notify.doi = ISAKMP_DOI_IPSEC;
	p->u.notify.protocol = protocol;
	p->u.notify.type = type;
	p->u.notify.spi_len = (uint8_t)spi_len;
	if (spi_len > 0)
		memcpy(p->u.notify.spi, spi, spi_len);
	p->u.notify.data = g_bytes_new(data, len);
}

void
isakmp_payload_init_delete(IsakmpPayload *p, uint8_t protocol, const void *spis, size_t spi_len,
    uint16_t count)
{
	memset(p, 0, sizeof(*p));
	g_return_if_fail(spi_len <= ISAKMP_SPI_MAX);
	p->type = ISAKMP_PAYLOAD_DELETE;
	p->u.del.doi = ISAKMP_DOI_IPSEC;
	p->u.del.protocol = protocol;
	p->u.del.spi_len = (uint8_t)spi_len;
	p->u.del.count = count;
	p->u.del.spis = g_bytes_new(spis, spi_len * count);
}

void
isakmp_payload_init_nat_oa(IsakmpPayload *p, uint8_t type, const void *addr, size_t addr_len)
{
	memset(p, 0, sizeof(*p));
	g_return_if_fail(addr_len == 4 || addr_len == 16);
	p->type = type;
	p->u.nat_oa.id_type = addr_len == 4 ? ISAKMP_ID_IPV4_ADDR : ISAKMP_ID_IPV6_ADDR;
	p->u.nat_oa.addr_len = (uint8_t)addr_len;
	memcpy(p->u.nat_oa.addr, addr, addr_len);
}

void
isakmp_payload_init_fragment(IsakmpPayload *p, uint16_t id, uint8_t number, uint8_t flags,
    const void *data, size_t len)
{
	memset(p, 0, sizeof(*p));
	p->type = ISAKMP_PAYLOAD_FRAGMENT;
	p->u.fragment.id = id;
	p->u.fragment.number = number;
	p->u.fragment.flags = flags;
	p->u.fragment.data = g_bytes_new(data, len);
}

bool
isakmp_notify_dpd_seq(const IsakmpNotify *n, uint32_t *ret)
{
	WireCursor c;
	gsize len = 0;
	const void *data = n->data != NULL ? g_bytes_get_data(n->data, &len) : NULL;

	wire_init(&c, data, len);
	if (len != 4 || !wire_get_u32(&c, ret))
		return false;
	return true;
}

char *
isakmp_payload_describe(const IsakmpPayload *p)
{
	gsize len = 0;

	switch (p->type) {
	case ISAKMP_PAYLOAD_SA:
		return g_strdup_printf("SA with %u proposal(s)",
		    p->u.sa.proposals != NULL ? p->u.sa.proposals->len : 0);
	case ISAKMP_PAYLOAD_ID:
		return g_strdup_printf("ID %s (%u), protocol %u, port %u, %zu bytes",
		    isakmp_id_type_name(p->u.id.type), p->u.id.type, p->u.id.protocol, p->u.id.port,
		    p->u.id.data != NULL ? g_bytes_get_size(p->u.id.data) : 0);
	case ISAKMP_PAYLOAD_NOTIFY:
		return g_strdup_printf("N(%s) (%u), %s, %u-byte SPI, %zu bytes of data",
		    isakmp_notify_name(p->u.notify.type), p->u.notify.type,
		    isakmp_protocol_name(p->u.notify.protocol), p->u.notify.spi_len,
		    p->u.notify.data != NULL ? g_bytes_get_size(p->u.notify.data) : 0);
	case ISAKMP_PAYLOAD_DELETE:
		return g_strdup_printf("D %s, %u SPI(s) of %u bytes",
		    isakmp_protocol_name(p->u.del.protocol), p->u.del.count, p->u.del.spi_len);
	case ISAKMP_PAYLOAD_VENDOR: {
		const void *data = p->u.data != NULL ? g_bytes_get_data(p->u.data, &len) : NULL;
		g_autofree char *v = isakmp_vendor_describe(data, len);
		return g_strdup_printf("VID %s", v);
	}
	case ISAKMP_PAYLOAD_FRAGMENT:
		return g_strdup_printf("Fragment ID %u number %u%s", p->u.fragment.id,
		    p->u.fragment.number, p->u.fragment.flags & ISAKMP_FRAGMENT_LAST ? " (last)" : "");
	case ISAKMP_PAYLOAD_NAT_OA:
	case ISAKMP_PAYLOAD_NAT_OA_DRAFT:
		return g_strdup_printf("%s %s", isakmp_payload_name(p->type),
		    isakmp_id_type_name(p->u.nat_oa.id_type));
	case ISAKMP_PAYLOAD_CERT:
	case ISAKMP_PAYLOAD_CERTREQ:
		return g_strdup_printf("%s %s (%u)", isakmp_payload_name(p->type),
		    isakmp_cert_encoding_name(p->u.cert.encoding), p->u.cert.encoding);
	default:
		if (p->u.data != NULL)
			len = g_bytes_get_size(p->u.data);
		return g_strdup_printf("%s (%u), %zu bytes", isakmp_payload_name(p->type), p->type, len);
	}
}
