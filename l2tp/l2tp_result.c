/* l2tp_result.c — see l2tp_result.h. */
#include "config.h"

#include "l2tp/l2tp_message.h"
#include "l2tp/l2tp_result.h"

/* clang-format off */
/* RFC 2661 §4.4.2, "Defined Result Code values for the StopCCN message" */
static const char *const stopccn_results[] = {
	[1] = "general request to clear control connection",
	[2] = "general error, Error Code indicates the problem",
	[3] = "control channel already exists",
	[4] = "requester is not authorized to establish a control channel",
	[5] = "the protocol version of the requester is not supported",
	[6] = "requester is being shut down",
	[7] = "finite state machine error",
};

/* RFC 2661 §4.4.2, "Defined Result Code values for the CDN message" */
static const char *const cdn_results[] = {
	[1] = "call disconnected due to loss of carrier",
	[2] = "call disconnected for the reason indicated in error code",
	[3] = "call disconnected for administrative reasons",
	[4] = "call failed due to lack of appropriate facilities being available (temporary "
	      "condition)",
	[5] = "call failed due to lack of appropriate facilities being available (permanent "
	      "condition)",
	[6] = "invalid destination",
	[7] = "call failed due to no carrier detected",
	[8] = "call failed due to detection of a busy signal",
	[9] = "call failed due to lack of a dial tone",
	[10] = "call was not established within time allotted by LAC",
	[11] = "call was connected but no appropriate framing was detected",
};

/* RFC 2661 §4.4.2, "General Error Codes" */
static const char *const general_errors[] = {
	[0] = "no general error",
	[1] = "no control connection exists yet for this LAC-LNS pair",
	[2] = "length is wrong",
	[3] = "one of the field values was out of range or reserved field was non-zero",
	[4] = "insufficient resources to handle this operation now",
	[5] = "the Session ID is invalid in this context",
	[6] = "a generic vendor-specific error occurred in the LAC",
	[7] = "try another LNS",
	[8] = "session or tunnel was shut down due to receipt of an unknown AVP with the M bit set",
};
/* clang-format on */

const char *
l2tp_result_code_text(uint16_t message_type, uint16_t result)
{
	if (message_type == L2TP_MSG_STOPCCN && result < G_N_ELEMENTS(stopccn_results))
		return stopccn_results[result];
	if (message_type == L2TP_MSG_CDN && result < G_N_ELEMENTS(cdn_results))
		return cdn_results[result];
	return NULL;
}

const char *
l2tp_error_code_text(uint16_t error)
{
	return error < G_N_ELEMENTS(general_errors) ? general_errors[error] : NULL;
}

char *
l2tp_result_describe(uint16_t message_type, const L2tpResultCode *rc)
{
	GString *s = g_string_new(l2tp_message_type_name(message_type));
	const char *rtext = l2tp_result_code_text(message_type, rc->result);

	g_string_append_printf(s, ": result %u", rc->result);
	if (rtext != NULL)
		g_string_append_printf(s, " (%s)", rtext);
	if (rc->has_error) {
		g_string_append_printf(s, ", error %u", rc->error);
		if (message_type == L2TP_MSG_STOPCCN &&
		    rc->result == L2TP_STOPCCN_RESULT_BAD_VERSION) {
			/* §4.4.2: here the Error Code is the highest version the peer supports */
			g_string_append_printf(s, " (the server supports up to version %u.%u)",
			    rc->error >> 8, rc->error & 0xff);
		} else if (rc->error != L2TP_ERROR_NONE) {
			const char *etext = l2tp_error_code_text(rc->error);
			if (etext != NULL)
				g_string_append_printf(s, " (%s)", etext);
		}
	}
	if (rc->message_len > 0) {
		g_string_append(s, ", \"");
		for (size_t i = 0; i < rc->message_len; i++) {
			unsigned char ch = (unsigned char)rc->message[i];
			if (ch == '"' || ch == '\\')
				g_string_append_printf(s, "\\%c", ch);
			else if (g_ascii_isprint(ch))
				g_string_append_c(s, (char)ch);
			else
				g_string_append_printf(s, "\\x%02x", ch);
		}
		g_string_append_c(s, '"');
	}
	return g_string_free(s, false);
}
