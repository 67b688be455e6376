/* isakmp_sa.c — SA, Proposal and Transform payloads and attributes; see isakmp_sa.h. */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "ipsec/isakmp_private.h"
#include "ipsec/isakmp_sa.h"

#define ATTR_AF 0x8000
/* RFC 2408 §3.5/3.6: the fixed part of a Proposal and a Transform, generic header included */
#define PROPOSAL_MIN_LEN 8
#define TRANSFORM_MIN_LEN 8

static void
attr_clear(void *p)
{
	IsakmpAttr *a = p;
	g_clear_pointer(&a->data, g_bytes_unref);
}

static void
transform_clear(void *p)
{
	IsakmpTransform *t = p;
	g_clear_pointer(&t->attrs, g_array_unref);
}

static void
proposal_clear(void *p)
{
	IsakmpProposal *prop = p;
	g_clear_pointer(&prop->transforms, g_array_unref);
}

static GArray *
attrs_new(void)
{
	GArray *a = g_array_new(false, true, sizeof(IsakmpAttr));
	g_array_set_clear_func(a, attr_clear);
	return a;
}

static GArray *
transforms_new(void)
{
	GArray *a = g_array_new(false, true, sizeof(IsakmpTransform));
	g_array_set_clear_func(a, transform_clear);
	return a;
}

void
isakmp_sa_clear(IsakmpSa *sa)
{
	if (sa == NULL)
		return;
	g_clear_pointer(&sa->proposals, g_array_unref);
	memset(sa, 0, sizeof(*sa));
}

/* Is a variable attribute an integer of at most 64 bits?  Leading zero bytes do not count. */
static bool
attr_bytes_to_uint(const uint8_t *p, size_t len, uint64_t *ret)
{
	uint64_t v = 0;
	size_t i = 0;

	while (i < len && p[i] == 0)
		i++;
	if (len - i > sizeof(uint64_t))
		return false;
	for (; i < len; i++)
		v = (v << 8) | p[i];
	*ret = v;
	return true;
}

static bool
attr_is_life_duration(uint8_t protocol, uint16_t type)
{
	return protocol == ISAKMP_PROTO_ISAKMP ? type == IKE_ATTR_LIFE_DURATION
					       : type == IPSEC_ATTR_SA_LIFE_DURATION;
}

static bool
attrs_decode(WireCursor *c, uint8_t protocol, GArray *attrs, GError **error)
{
	while (wire_left(c) > 0) {
		IsakmpAttr a = { 0 };
		uint16_t type, lv;
		const uint8_t *value;

		a.at = wire_where(c);
		if (!wire_get_u16(c, &type) || !wire_get_u16(c, &lv))
			return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, a.at,
			    "Transform payload: %zu bytes left, too short for a data attribute",
			    wire_left(c));
		a.type = type & ~ATTR_AF;
		if (type & ATTR_AF) {
			a.tv = true;
			a.value = lv;
			a.value_ok = true;
		} else {
			if (!wire_get_ptr(c, &value, lv))
				return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, a.at + 2,
				    "Transform payload: attribute %s (%u) length %u overruns the "
				    "transform (%zu bytes left)",
				    isakmp_attr_name(protocol, a.type), a.type, lv, wire_left(c));
			a.value_ok = attr_bytes_to_uint(value, lv, &a.value);
			/* RFC 2409 App. A: durations are variable; we count them in 64 bits */
			if (!a.value_ok && attr_is_life_duration(protocol, a.type))
				return isakmp_fail(error, L2SEC_IKE_ERROR_UNSUPPORTED, a.at + 4,
				    "Transform payload: %s of %u bytes does not fit 64 bits",
				    isakmp_attr_name(protocol, a.type), lv);
			a.data = g_bytes_new(value, lv);
		}
		g_array_append_val(attrs, a);
	}
	return true;
}

static bool
transform_decode(WireCursor *body, size_t at, uint8_t protocol, IsakmpTransform *t,
    GError **error)
{
	uint16_t reserved2;

	t->at = at;
	t->attrs = attrs_new();
	/* the generic reader checked the 8-byte minimum */
	if (!wire_get_u8(body, &t->number) || !wire_get_u8(body, &t->id) ||
	    !wire_get_u16(body, &reserved2))
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at, "Transform payload: truncated");
	return attrs_decode(body, protocol, t->attrs, error);
}

static bool
proposal_decode(WireCursor *body, size_t at, IsakmpProposal *p, GError **error)
{
	uint8_t count;
	uint8_t next = ISAKMP_PAYLOAD_TRANSFORM;

	p->at = at;
	p->transforms = transforms_new();
	if (!wire_get_u8(body, &p->number) || !wire_get_u8(body, &p->protocol) ||
	    !wire_get_u8(body, &p->spi_len) || !wire_get_u8(body, &count))
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at, "Proposal payload: truncated");
	if (p->spi_len > wire_left(body))
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at + 6,
		    "Proposal payload: SPI size %u overruns the proposal (%zu bytes left)",
		    p->spi_len, wire_left(body));
	if (p->spi_len > ISAKMP_SPI_MAX)
		return isakmp_fail(error, L2SEC_IKE_ERROR_UNSUPPORTED, at + 6,
		    "Proposal payload: SPI size %u is over %d bytes", p->spi_len, ISAKMP_SPI_MAX);
	if (!wire_get_bytes(body, p->spi, p->spi_len))
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at + 8, "Proposal payload: truncated SPI");
	if (count == 0)
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at + 7,
		    "Proposal payload: no transform (# of Transforms is 0)");
	/* RFC 2408 §3.6: transforms chain with Next Payload 3, the last has 0 */
	while (next == ISAKMP_PAYLOAD_TRANSFORM) {
		IsakmpTransform t = { 0 };
		WireCursor tb;
		size_t t_at;

		if (!isakmp_generic_read(body, "Transform", "its Proposal payload", TRANSFORM_MIN_LEN,
			&next, &tb, &t_at, error))
			return false;
		if (next != ISAKMP_PAYLOAD_TRANSFORM && next != ISAKMP_PAYLOAD_NONE)
			return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, t_at,
			    "Transform payload: next payload %u is neither Transform (3) nor NONE (0)",
			    next);
		bool ok = transform_decode(&tb, t_at, p->protocol, &t, error);
		g_array_append_val(p->transforms, t);
		if (!ok)
			return false;
	}
	if (wire_left(body) > 0)
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, wire_where(body),
		    "Proposal payload: %zu bytes after the last transform", wire_left(body));
	if (p->transforms->len != count)
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at + 7,
		    "Proposal payload: # of Transforms says %u but %u are present", count,
		    p->transforms->len);
	return true;
}

bool
isakmp_sa_decode(WireCursor *body, IsakmpSa *ret, GError **error)
{
	IsakmpSa sa = { 0 };
	size_t at = wire_where(body);
	uint8_t next = ISAKMP_PAYLOAD_PROPOSAL;

	if (!wire_get_u32(body, &sa.doi) || !wire_get_u32(body, &sa.situation))
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, at,
		    "SA payload: %zu bytes, too short for DOI and situation", wire_left(body));
	if (sa.doi != ISAKMP_DOI_IPSEC) /* RFC 2407 §4.2 */
		return isakmp_fail(error, L2SEC_IKE_ERROR_UNSUPPORTED, at,
		    "SA payload: DOI %" PRIu32 " is not IPsec (1)", sa.doi);
	/* RFC 2407 §4.2: secrecy and integrity situations carry labels we do not parse */
	if (sa.situation & ~(uint32_t)ISAKMP_SIT_IDENTITY_ONLY)
		return isakmp_fail(error, L2SEC_IKE_ERROR_UNSUPPORTED, at + 4,
		    "SA payload: situation 0x%08" PRIx32 " is not SIT_IDENTITY_ONLY", sa.situation);
	if (wire_left(body) == 0)
		return isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, wire_where(body),
		    "SA payload: no proposal");
	sa.proposals = g_array_new(false, true, sizeof(IsakmpProposal));
	g_array_set_clear_func(sa.proposals, proposal_clear);
	/* RFC 2408 §3.5: proposals chain with Next Payload 2, the last has 0 */
	while (next == ISAKMP_PAYLOAD_PROPOSAL) {
		IsakmpProposal p = { 0 };
		WireCursor pb;
		size_t p_at;

		if (!isakmp_generic_read(body, "Proposal", "its SA payload", PROPOSAL_MIN_LEN, &next,
			&pb, &p_at, error))
			goto fail;
		if (next != ISAKMP_PAYLOAD_PROPOSAL && next != ISAKMP_PAYLOAD_NONE) {
			isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, p_at,
			    "Proposal payload: next payload %u is neither Proposal (2) nor NONE (0)", next);
			goto fail;
		}
		bool ok = proposal_decode(&pb, p_at, &p, error);
		g_array_append_val(sa.proposals, p);
		if (!ok)
			goto fail;
	}
	if (wire_left(body) > 0) {
		isakmp_fail(error, L2SEC_IKE_ERROR_MALFORMED, wire_where(body),
		    "SA payload: %zu bytes after the last proposal", wire_left(body));
		goto fail;
	}
	*ret = sa;
	return true;
fail:
	isakmp_sa_clear(&sa);
	return false;
}

static void
attr_encode(const IsakmpAttr *a, GByteArray *w)
{
	if (a->tv) {
		wire_put_u16(w, a->type | ATTR_AF);
		wire_put_u16(w, (uint16_t)a->value);
		return;
	}
	gsize len = 0;
	const void *data = a->data != NULL ? g_bytes_get_data(a->data, &len) : NULL;
	wire_put_u16(w, a->type & ~ATTR_AF);
	wire_put_u16(w, (uint16_t)len);
	wire_put_bytes(w, data, len);
}

void
isakmp_sa_encode(const IsakmpSa *sa, GByteArray *w)
{
	guint np = sa->proposals != NULL ? sa->proposals->len : 0;

	wire_put_u32(w, sa->doi);
	wire_put_u32(w, sa->situation);
	for (guint i = 0; i < np; i++) {
		const IsakmpProposal *p = &g_array_index(sa->proposals, IsakmpProposal, i);
		guint nt = p->transforms != NULL ? p->transforms->len : 0;
		size_t p_at = isakmp_generic_begin(w,
		    i + 1 < np ? ISAKMP_PAYLOAD_PROPOSAL : ISAKMP_PAYLOAD_NONE);

		g_warn_if_fail(nt <= UINT8_MAX && p->spi_len <= ISAKMP_SPI_MAX);
		wire_put_u8(w, p->number);
		wire_put_u8(w, p->protocol);
		wire_put_u8(w, p->spi_len);
		wire_put_u8(w, (uint8_t)nt);
		wire_put_bytes(w, p->spi, MIN(p->spi_len, ISAKMP_SPI_MAX));
		for (guint j = 0; j < nt; j++) {
			const IsakmpTransform *t = &g_array_index(p->transforms, IsakmpTransform, j);
			size_t t_at = isakmp_generic_begin(w,
			    j + 1 < nt ? ISAKMP_PAYLOAD_TRANSFORM : ISAKMP_PAYLOAD_NONE);

			wire_put_u8(w, t->number);
			wire_put_u8(w, t->id);
			wire_put_u16(w, 0);
			for (guint k = 0; t->attrs != NULL && k < t->attrs->len; k++)
				attr_encode(&g_array_index(t->attrs, IsakmpAttr, k), w);
			isakmp_generic_end(w, t_at);
		}
		isakmp_generic_end(w, p_at);
	}
}

void
isakmp_sa_init(IsakmpSa *sa, uint32_t doi, uint32_t situation)
{
	memset(sa, 0, sizeof(*sa));
	sa->doi = doi;
	sa->situation = situation;
	sa->proposals = g_array_new(false, true, sizeof(IsakmpProposal));
	g_array_set_clear_func(sa->proposals, proposal_clear);
}

IsakmpProposal *
isakmp_sa_add_proposal(IsakmpSa *sa, uint8_t number, uint8_t protocol, const void *spi,
    size_t spi_len)
{
	IsakmpProposal p = { 0 };

	g_return_val_if_fail(spi_len <= ISAKMP_SPI_MAX, NULL);
	p.number = number;
	p.protocol = protocol;
	p.spi_len = (uint8_t)spi_len;
	if (spi_len > 0)
		memcpy(p.spi, spi, spi_len);
	p.transforms = transforms_new();
	g_array_append_val(sa->proposals, p);
	return &g_array_index(sa->proposals, IsakmpProposal, sa->proposals->len - 1);
}

IsakmpTransform *
isakmp_proposal_add_transform(IsakmpProposal *p, uint8_t number, uint8_t id)
{
	IsakmpTransform t = { 0 };

	t.number = number;
	t.id = id;
	t.attrs = attrs_new();
	g_array_append_val(p->transforms, t);
	return &g_array_index(p->transforms, IsakmpTransform, p->transforms->len - 1);
}

void
isakmp_transform_add_tv(IsakmpTransform *t, uint16_t type, uint16_t value)
{
	IsakmpAttr a = { .type = type & ~ATTR_AF, .tv = true, .value_ok = true, .value = value };
	g_array_append_val(t->attrs, a);
}

void
isakmp_transform_add_tlv(IsakmpTransform *t, uint16_t type, const void *data, size_t len)
{
	IsakmpAttr a = { .type = type & ~ATTR_AF };

	g_return_if_fail(len <= UINT16_MAX);
	a.value_ok = attr_bytes_to_uint(data, len, &a.value);
	a.data = g_bytes_new(data, len);
	g_array_append_val(t->attrs, a);
}

void
isakmp_transform_add_uint(IsakmpTransform *t, uint16_t type, uint64_t value)
{
	uint8_t b[8];
	size_t n = value <= UINT32_MAX ? 4 : 8;

	if (value <= UINT16_MAX) {
		isakmp_transform_add_tv(t, type, (uint16_t)value);
		return;
	}
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(value >> (8 * (n - 1 - i)));
	isakmp_transform_add_tlv(t, type, b, n);
}

bool
isakmp_transform_get(const IsakmpTransform *t, uint16_t type, uint64_t *ret)
{
	for (guint i = 0; t->attrs != NULL && i < t->attrs->len; i++) {
		const IsakmpAttr *a = &g_array_index(t->attrs, IsakmpAttr, i);
		if (a->type == type && a->value_ok) {
			*ret = a->value;
			return true;
		}
	}
	return false;
}

void
isakmp_transform_get_life(const IsakmpTransform *t, uint8_t protocol, uint64_t *ret_seconds,
    uint64_t *ret_kilobytes)
{
	uint16_t type_attr = protocol == ISAKMP_PROTO_ISAKMP ? IKE_ATTR_LIFE_TYPE : IPSEC_ATTR_SA_LIFE_TYPE;
	uint64_t life_type = 0;

	*ret_seconds = 0;
	*ret_kilobytes = 0;
	for (guint i = 0; t->attrs != NULL && i < t->attrs->len; i++) {
		const IsakmpAttr *a = &g_array_index(t->attrs, IsakmpAttr, i);
		if (a->type == type_attr && a->value_ok)
			life_type = a->value;
		else if (attr_is_life_duration(protocol, a->type) && a->value_ok) {
			if (life_type == IKE_LIFE_SECONDS) /* same numbers in RFC 2407 */
				*ret_seconds = a->value;
			else if (life_type == IKE_LIFE_KILOBYTES)
				*ret_kilobytes = a->value;
		}
	}
}
