/* hex.c — see hex.h. */
#include "config.h"

#include <stdint.h>

#include <gio/gio.h>

#include "common/hex.h"

char *
l2sec_hex_encode(const void *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	const uint8_t *p = data;
	char *out = g_malloc(len * 2 + 1);

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0xf];
	}
	out[len * 2] = 0;
	return out;
}

bool
l2sec_hex_decode(const char *hex, GByteArray **ret, GError **error)
{
	g_autoptr(GByteArray) out = g_byte_array_new();
	int high = -1;
	size_t high_at = 0;

	for (size_t i = 0; hex[i] != 0; i++) {
		char ch = hex[i];
		if (g_ascii_isspace(ch) || ch == ':') {
			if (high >= 0) {
				g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
				    "hex: separator at position %zu splits a byte", i);
				return false;
			}
			continue;
		}
		int v = g_ascii_xdigit_value(ch);
		if (v < 0) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
			    "hex: '%c' at position %zu is not a hex digit", g_ascii_isprint(ch) ? ch : '?', i);
			return false;
		}
		if (high < 0) {
			high = v;
			high_at = i;
		} else {
			uint8_t b = (uint8_t)(high << 4 | v);
			g_byte_array_append(out, &b, 1);
			high = -1;
		}
	}
	if (high >= 0) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
		    "hex: odd number of digits (the last one at position %zu)", high_at);
		return false;
	}
	*ret = g_steal_pointer(&out);
	return true;
}
