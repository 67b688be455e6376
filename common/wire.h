/*
 * wire.h — the one cursor for every wire byte. WireCursor reads a slice of a
 * datagram and WireWriter helpers append to a GByteArray. Every getter checks
 * what is left; a short read moves nothing and returns false; a sub-cursor
 * cannot read past its slice (OpenSSH sshbuf_get_*, strongSwan bio_reader).
 * Nothing outside this file does pointer arithmetic on packets. The cursor
 * never owns its data. Multi-byte integers are big-endian (network order).
 */
#ifndef L2SEC_COMMON_WIRE_H
#define L2SEC_COMMON_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

typedef struct WireCursor {
	const uint8_t *data;
	size_t len, off; /* reads data[off..len) and never more */
	size_t base;     /* offset of data[0] in the datagram, for error messages */
} WireCursor;

/* Start reading len bytes at data; offsets in errors count from 0. */
void wire_init(WireCursor *c, const void *data, size_t len);
/* Bytes not yet read. */
size_t wire_left(const WireCursor *c);
/* Offset of the next byte in the whole datagram (base + off), for error messages. */
size_t wire_where(const WireCursor *c);
/* Read one integer in host order from network order; false and nothing moved if too short. */
bool wire_get_u8(WireCursor *c, uint8_t *ret) G_GNUC_WARN_UNUSED_RESULT;
bool wire_get_u16(WireCursor *c, uint16_t *ret) G_GNUC_WARN_UNUSED_RESULT;
bool wire_get_u24(WireCursor *c, uint32_t *ret) G_GNUC_WARN_UNUSED_RESULT;
bool wire_get_u32(WireCursor *c, uint32_t *ret) G_GNUC_WARN_UNUSED_RESULT;
bool wire_get_u64(WireCursor *c, uint64_t *ret) G_GNUC_WARN_UNUSED_RESULT;
/* Copy the next n bytes to ret (ret may be NULL: skip them). */
bool wire_get_bytes(WireCursor *c, void *ret, size_t n) G_GNUC_WARN_UNUSED_RESULT;
/* Borrow a pointer to the next n bytes (valid as long as the data is) and move past them. */
bool wire_get_ptr(WireCursor *c, const uint8_t **ret, size_t n) G_GNUC_WARN_UNUSED_RESULT;
/* Carve the next n bytes as a sub-cursor whose wire_where() still counts in the datagram. */
bool wire_sub(WireCursor *c, size_t n, WireCursor *ret) G_GNUC_WARN_UNUSED_RESULT;
/* Look at the next integer without moving. */
bool wire_peek_u8(const WireCursor *c, uint8_t *ret) G_GNUC_WARN_UNUSED_RESULT;
bool wire_peek_u16(const WireCursor *c, uint16_t *ret) G_GNUC_WARN_UNUSED_RESULT;
/* The unread bytes as a pointer (NULL when none are left); does not move. */
const uint8_t *wire_rest(const WireCursor *c);

/* Writers: append in network order to a GByteArray; they cannot fail. */
void wire_put_u8(GByteArray *w, uint8_t v);
void wire_put_u16(GByteArray *w, uint16_t v);
void wire_put_u24(GByteArray *w, uint32_t v);
void wire_put_u32(GByteArray *w, uint32_t v);
void wire_put_u64(GByteArray *w, uint64_t v);
void wire_put_bytes(GByteArray *w, const void *data, size_t n);
void wire_put_zeros(GByteArray *w, size_t n);
/* Reserve a 16-bit (32-bit) field to fill in later; returns its offset in w. */
size_t wire_put_len16(GByteArray *w);
size_t wire_put_len32(GByteArray *w);
/* Write w->len - from into the field reserved at `at` (a length counted from `from`). */
void wire_patch_len16(GByteArray *w, size_t at, size_t from);
void wire_patch_len32(GByteArray *w, size_t at, size_t from);
/* Overwrite a reserved field at `at` with v. */
void wire_patch_u8(GByteArray *w, size_t at, uint8_t v);
void wire_patch_u16(GByteArray *w, size_t at, uint16_t v);
void wire_patch_u32(GByteArray *w, size_t at, uint32_t v);

#endif
