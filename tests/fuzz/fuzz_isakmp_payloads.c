/*
 * fuzz_isakmp_payloads.c — a decrypted payload chain through
 * isakmp_payloads_decode(), as an exchange calls it after decryption: the
 * first byte is the first payload type (the header's Next Payload), the rest
 * the plaintext body, padding included. What decodes is encoded again as a
 * body and must decode to the same list.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <glib.h>

#include "ipsec/isakmp_message.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	size_t padding = 0;

	if (size < 1)
		return 0;
	g_autoptr(GArray) payloads = isakmp_payloads_decode(data[0], data + 1, size - 1,
	    ISAKMP_HEADER_LEN, &padding, &error);
	g_assert((payloads == NULL) == (error != NULL));
	if (payloads == NULL)
		return 0;
	g_assert_cmpuint(padding, <=, size - 1);
	g_free(isakmp_payloads_describe(payloads));
	(void)isakmp_payloads_check_known(payloads, NULL);

	g_autoptr(GByteArray) body = g_byte_array_new();
	IsakmpBuilder b;
	isakmp_builder_begin_body(&b, body);
	for (guint i = 0; i < payloads->len; i++)
		isakmp_builder_add(&b, &g_array_index(payloads, IsakmpPayload, i));
	isakmp_builder_finish(&b);
	g_autoptr(GError) error2 = NULL;
	size_t padding2 = 1;
	g_autoptr(GArray) again = isakmp_payloads_decode(b.first, body->data, body->len,
	    ISAKMP_HEADER_LEN, &padding2, &error2);
	if (again == NULL)
		g_error("re-encoded body does not decode: %s", error2->message);
	g_assert_cmpuint(again->len, ==, payloads->len);
	g_assert_cmpuint(padding2, ==, 0);
	return 0;
}
