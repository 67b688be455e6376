/* wire.c — bounds-checked reader and appending writer; see wire.h. */
#include "config.h"

#include <string.h>

#include "common/wire.h"

void
wire_init(WireCursor *c, const void *data, size_t len)
{
	c->data = data;
	c->len = data != NULL ? len : 0;
	c->off = 0;
	c->base = 0;
}

size_t
wire_left(const WireCursor *c)
{
	return c->len - c->off;
}

size_t
wire_where(const WireCursor *c)
{
	return c->base + c->off;
}

const uint8_t *
wire_rest(const WireCursor *c)
{
	return wire_left(c) > 0 ? c->data + c->off : NULL;
}

static bool
wire_read_be(WireCursor *c, size_t n, uint64_t *ret, bool advance)
{
	uint64_t v = 0;

	if (wire_left(c) < n)
		return false;
	for (size_t i = 0; i < n; i++)
		v = (v << 8) | c->data[c->off + i];
	if (advance)
		c->off += n;
	*ret = v;
	return true;
}

bool
wire_get_u8(WireCursor *c, uint8_t *ret)
{
	uint64_t v;
	if (!wire_read_be(c, 1, &v, true))
		return false;
	*ret = (uint8_t)v;
	return true;
}

bool
wire_get_u16(WireCursor *c, uint16_t *ret)
{
	uint64_t v;
	if (!wire_read_be(c, 2, &v, true))
		return false;
	*ret = (uint16_t)v;
	return true;
}

bool
wire_get_u24(WireCursor *c, uint32_t *ret)
{
	uint64_t v;
	if (!wire_read_be(c, 3, &v, true))
		return false;
	*ret = (uint32_t)v;
	return true;
}

bool
wire_get_u32(WireCursor *c, uint32_t *ret)
{
	uint64_t v;
	if (!wire_read_be(c, 4, &v, true))
		return false;
	*ret = (uint32_t)v;
	return true;
}

bool
wire_get_u64(WireCursor *c, uint64_t *ret)
{
	return wire_read_be(c, 8, ret, true);
}

bool
wire_peek_u8(const WireCursor *c, uint8_t *ret)
{
	uint64_t v;
	if (!wire_read_be((WireCursor *)c, 1, &v, false))
		return false;
	*ret = (uint8_t)v;
	return true;
}

bool
wire_peek_u16(const WireCursor *c, uint16_t *ret)
{
	uint64_t v;
	if (!wire_read_be((WireCursor *)c, 2, &v, false))
		return false;
	*ret = (uint16_t)v;
	return true;
}

bool
wire_get_bytes(WireCursor *c, void *ret, size_t n)
{
	if (wire_left(c) < n)
		return false;
	if (ret != NULL && n > 0)
		memcpy(ret, c->data + c->off, n);
	c->off += n;
	return true;
}

bool
wire_get_ptr(WireCursor *c, const uint8_t **ret, size_t n)
{
	if (wire_left(c) < n)
		return false;
	*ret = n > 0 ? c->data + c->off : NULL;
	c->off += n;
	return true;
}

bool
wire_sub(WireCursor *c, size_t n, WireCursor *ret)
{
	if (wire_left(c) < n)
		return false;
	ret->data = n > 0 ? c->data + c->off : NULL;
	ret->len = n;
	ret->off = 0;
	ret->base = c->base + c->off;
	c->off += n;
	return true;
}

static void
wire_put_be(GByteArray *w, uint64_t v, size_t n)
{
	uint8_t b[8];
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
	g_byte_array_append(w, b, (guint)n);
}

void
wire_put_u8(GByteArray *w, uint8_t v)
{
	wire_put_be(w, v, 1);
}

void
wire_put_u16(GByteArray *w, uint16_t v)
{
	wire_put_be(w, v, 2);
}

void
wire_put_u24(GByteArray *w, uint32_t v)
{
	g_return_if_fail(v <= 0xffffff);
	wire_put_be(w, v, 3);
}

void
wire_put_u32(GByteArray *w, uint32_t v)
{
	wire_put_be(w, v, 4);
}

void
wire_put_u64(GByteArray *w, uint64_t v)
{
	wire_put_be(w, v, 8);
}

void
wire_put_bytes(GByteArray *w, const void *data, size_t n)
{
	if (n > 0)
		g_byte_array_append(w, data, (guint)n);
}

void
wire_put_zeros(GByteArray *w, size_t n)
{
	size_t at = w->len;
	g_byte_array_set_size(w, (guint)(at + n));
	memset(w->data + at, 0, n);
}

size_t
wire_put_len16(GByteArray *w)
{
	size_t at = w->len;
	wire_put_u16(w, 0);
	return at;
}

size_t
wire_put_len32(GByteArray *w)
{
	size_t at = w->len;
	wire_put_u32(w, 0);
	return at;
}

static void
wire_patch_be(GByteArray *w, size_t at, uint64_t v, size_t n)
{
	g_return_if_fail(at + n <= w->len);
	for (size_t i = 0; i < n; i++)
		w->data[at + i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

void
wire_patch_len16(GByteArray *w, size_t at, size_t from)
{
	g_return_if_fail(from <= w->len && w->len - from <= UINT16_MAX);
	wire_patch_be(w, at, w->len - from, 2);
}

void
wire_patch_len32(GByteArray *w, size_t at, size_t from)
{
	g_return_if_fail(from <= w->len && w->len - from <= UINT32_MAX);
	wire_patch_be(w, at, w->len - from, 4);
}

void
wire_patch_u8(GByteArray *w, size_t at, uint8_t v)
{
	wire_patch_be(w, at, v, 1);
}

void
wire_patch_u16(GByteArray *w, size_t at, uint16_t v)
{
	wire_patch_be(w, at, v, 2);
}

void
wire_patch_u32(GByteArray *w, size_t at, uint32_t v)
{
	wire_patch_be(w, at, v, 4);
}
