/*
 * hex.h — hex strings for test vectors, debug dumps and profile values.
 * Encoding is lowercase without separators. Decoding accepts upper and lower
 * case and ignores ASCII white space and ':' between byte pairs; anything else
 * is an error naming the character's position.
 */
#ifndef L2SEC_COMMON_HEX_H
#define L2SEC_COMMON_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

/* Lowercase hex of len bytes; the caller frees it. */
char *l2sec_hex_encode(const void *data, size_t len);
/* Decode hex into a new GByteArray (G_IO_ERROR_INVALID_DATA on a bad digit or an odd count). */
bool l2sec_hex_decode(const char *hex, GByteArray **ret, GError **error);

#endif
