/*
 * fuzz_isakmp_message.c — whole ISAKMP datagrams through isakmp_message_decode().
 * What decodes is encoded again; that must decode, and encode to the same
 * bytes (the codec is stable on its own output). Seeds: real strongSwan
 * Main Mode, Quick Mode and Informational datagrams (tests/vectors/ipsec/isakmp/).
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
	g_autoptr(IsakmpMessage) msg = isakmp_message_decode(data, size, &error);

	g_assert((msg == NULL) == (error != NULL)); /* the GError contract */
	if (msg == NULL)
		return 0;
	for (guint i = 0; i < msg->payloads->len; i++)
		g_free(isakmp_payload_describe(&g_array_index(msg->payloads, IsakmpPayload, i)));
	g_free(isakmp_header_describe(&msg->header));
	if (msg->encrypted != NULL)
		return 0; /* nothing more to walk without keys */
	g_autoptr(GByteArray) again = isakmp_message_encode(&msg->header, msg->payloads);
	g_autoptr(GError) error2 = NULL;
	g_autoptr(IsakmpMessage) msg2 = isakmp_message_decode(again->data, again->len, &error2);
	if (msg2 == NULL)
		g_error("re-encoded message does not decode: %s", error2->message);
	g_assert_cmpuint(msg2->payloads->len, ==, msg->payloads->len);
	g_autoptr(GByteArray) third = isakmp_message_encode(&msg2->header, msg2->payloads);
	g_assert_cmpmem(third->data, third->len, again->data, again->len);
	return 0;
}
