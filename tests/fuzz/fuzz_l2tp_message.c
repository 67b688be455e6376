/*
 * fuzz_l2tp_message.c — whole L2TP datagrams into l2tp_message_decode() with a
 * fixed tunnel secret ("l2tpvectors", the secret of tests/vectors/l2tp/), so
 * hidden AVPs are revealed, then everything a control connection would do with
 * a decoded message: validate it, look AVPs up, name them and describe Result
 * Codes. Seeds: the xl2tpd captures and hand-made vectors of tests/vectors/l2tp/.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <glib.h>

#include "l2tp/l2tp_error.h"
#include "l2tp/l2tp_message.h"
#include "l2tp/l2tp_result.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char secret_text[] = "l2tpvectors";
	L2secSecret secret = {(uint8_t *)secret_text, sizeof(secret_text) - 1};
	g_autoptr(GError) error = NULL;
	g_autoptr(L2tpMessage) m = l2tp_message_decode(data, size, &secret, &error);

	g_assert((m == NULL) == (error != NULL)); /* the GError contract */
	if (m == NULL) {
		g_assert(error->domain == L2SEC_L2TP_ERROR);
		return 0;
	}
	g_autofree char *d = l2tp_message_describe(m);
	g_assert(d != NULL);
	if (!l2tp_message_validate(m, &error))
		g_clear_error(&error);
	for (guint i = 0; i < l2tp_message_n_avps(m); i++) {
		const L2tpAvp *a = l2tp_message_avp(m, i);
		g_autofree char *name = l2tp_avp_describe(a);
		g_assert(name != NULL);
		g_assert(a->at + a->length <= size);
		/* touch every value byte: ASan checks they are inside what we own */
		volatile uint8_t sum = 0;
		for (size_t j = 0; j < a->value_len; j++)
			sum ^= a->value[j];
		(void)sum;
		if (a->decoded && a->vendor_id == 0 && a->type == L2TP_AVP_RESULT_CODE) {
			g_autofree char *r = l2tp_result_describe(m->type, &a->v.result);
			g_assert(r != NULL);
		}
	}
	uint16_t u16;
	(void)l2tp_message_get_u16(m, L2TP_AVP_ASSIGNED_TUNNEL_ID, &u16);
	if (!m->header.control)
		g_assert(m->payload_len <= size);
	return 0;
}
