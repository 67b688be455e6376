/* Unit tests for common/wire.c: every getter refuses short reads without moving. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/wire.h"

static const uint8_t sample[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09 };

static void
test_get_integers(void **state)
{
	WireCursor c;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	wire_init(&c, sample, sizeof(sample));
	assert_true(wire_get_u8(&c, &u8));
	assert_int_equal(u8, 0x01);
	assert_true(wire_get_u16(&c, &u16));
	assert_int_equal(u16, 0x0203);
	assert_true(wire_get_u24(&c, &u32));
	assert_int_equal(u32, 0x040506);
	assert_int_equal(wire_where(&c), 6);
	assert_int_equal(wire_left(&c), 3);
	/* a short read moves nothing */
	assert_false(wire_get_u32(&c, &u32));
	assert_int_equal(wire_where(&c), 6);
	assert_false(wire_get_u64(&c, &u64));
	assert_true(wire_get_u16(&c, &u16));
	assert_int_equal(u16, 0x0708);

	wire_init(&c, sample, sizeof(sample));
	assert_true(wire_get_u64(&c, &u64));
	assert_true(u64 == 0x0102030405060708ULL);
	assert_true(wire_get_u8(&c, &u8));
	assert_int_equal(u8, 0x09);
	assert_int_equal(wire_left(&c), 0);
	assert_null(wire_rest(&c));
	assert_false(wire_get_u8(&c, &u8));
}

static void
test_peek_and_bytes(void **state)
{
	WireCursor c;
	uint8_t u8, buf[4];
	uint16_t u16;
	const uint8_t *p;

	wire_init(&c, sample, sizeof(sample));
	assert_true(wire_peek_u16(&c, &u16));
	assert_int_equal(u16, 0x0102);
	assert_true(wire_peek_u8(&c, &u8));
	assert_int_equal(u8, 0x01);
	assert_int_equal(wire_where(&c), 0);
	assert_true(wire_get_bytes(&c, buf, 4));
	assert_memory_equal(buf, sample, 4);
	assert_true(wire_get_bytes(&c, NULL, 2)); /* skip */
	assert_true(wire_get_ptr(&c, &p, 3));
	assert_ptr_equal(p, sample + 6);
	assert_false(wire_get_bytes(&c, buf, 1));
	assert_false(wire_peek_u8(&c, &u8));
	assert_true(wire_get_bytes(&c, NULL, 0));
}

static void
test_sub_cursor(void **state)
{
	WireCursor c, sub, subsub;
	uint16_t u16;
	uint8_t u8;

	wire_init(&c, sample, sizeof(sample));
	c.base = 100; /* the slice starts at byte 100 of a datagram */
	assert_true(wire_get_u8(&c, &u8));
	assert_true(wire_sub(&c, 3, &sub));
	assert_int_equal(wire_where(&c), 104);
	assert_int_equal(wire_where(&sub), 101);
	assert_int_equal(wire_left(&sub), 3);
	assert_true(wire_get_u16(&sub, &u16));
	assert_int_equal(u16, 0x0203);
	/* a sub-cursor cannot read past its slice, even though the parent has more */
	assert_false(wire_get_u16(&sub, &u16));
	assert_true(wire_sub(&sub, 1, &subsub));
	assert_int_equal(wire_where(&subsub), 103);
	assert_false(wire_sub(&sub, 1, &subsub));
	assert_false(wire_sub(&c, 6, &sub));
	assert_int_equal(wire_where(&c), 104);
}

static void
test_empty(void **state)
{
	WireCursor c;
	uint8_t u8;
	wire_init(&c, NULL, 5); /* NULL data is an empty slice whatever the length */
	assert_int_equal(wire_left(&c), 0);
	assert_false(wire_get_u8(&c, &u8));
}

static void
test_writer(void **state)
{
	g_autoptr(GByteArray) w = g_byte_array_new();
	static const uint8_t expect[] = {
		0xaa,                         /* u8 */
		0x00, 0x0d,                   /* len16 patched: from offset 1 to the end = 13 */
		0x12, 0x34, 0x56,             /* u24 */
		0xde, 0xad, 0xbe, 0xef,       /* u32 */
		0x00, 0x00,                   /* zeros */
		'h', 'i',                     /* bytes */
		0x00, 0x00, 0x00, 0x12,       /* u32 patched into the reserved len32 */
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
	};
	wire_put_u8(w, 0xaa);
	size_t at16 = wire_put_len16(w);
	wire_put_u24(w, 0x123456);
	wire_put_u32(w, 0xdeadbeef);
	wire_put_zeros(w, 2);
	wire_put_bytes(w, "hi", 2);
	wire_patch_len16(w, at16, 1);
	size_t at32 = wire_put_len32(w);
	wire_put_u64(w, 0x0102030405060708ULL);
	wire_patch_u32(w, at32, 0x12);
	assert_int_equal(w->len, sizeof(expect));
	assert_memory_equal(w->data, expect, sizeof(expect));
	wire_patch_len32(w, at32, at32);
	assert_int_equal(w->data[at32 + 3], 12);
	wire_patch_u16(w, 1, 0xbeef);
	wire_patch_u8(w, 0, 0x55);
	assert_int_equal(w->data[0], 0x55);
	assert_int_equal(w->data[1], 0xbe);
	assert_int_equal(w->data[2], 0xef);
}

static void
test_roundtrip(void **state)
{
	/* what the writer writes, the reader reads back */
	g_autoptr(GByteArray) w = g_byte_array_new();
	WireCursor c;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32, u24;
	uint64_t u64;

	wire_put_u8(w, 0xfe);
	wire_put_u16(w, 0xfedc);
	wire_put_u24(w, 0xfedcba);
	wire_put_u32(w, 0xfedcba98);
	wire_put_u64(w, 0xfedcba9876543210ULL);
	wire_init(&c, w->data, w->len);
	assert_true(wire_get_u8(&c, &u8) && u8 == 0xfe);
	assert_true(wire_get_u16(&c, &u16) && u16 == 0xfedc);
	assert_true(wire_get_u24(&c, &u24) && u24 == 0xfedcba);
	assert_true(wire_get_u32(&c, &u32) && u32 == 0xfedcba98);
	assert_true(wire_get_u64(&c, &u64) && u64 == 0xfedcba9876543210ULL);
	assert_int_equal(wire_left(&c), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_integers),
		cmocka_unit_test(test_peek_and_bytes),
		cmocka_unit_test(test_sub_cursor),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
