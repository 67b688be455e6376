/*
 * l2tp_result.h — the Result and Error Codes of StopCCN and CDN (RFC 2661
 * §4.4.2) as readable text, for the final error a user sees
 * ('StopCCN: result 4 (requester is not authorized to establish a control
 * channel), error 0, "bad secret"'). Pure tables; nothing here allocates
 * except l2tp_result_describe().
 */
#ifndef L2SEC_L2TP_L2TP_RESULT_H
#define L2SEC_L2TP_L2TP_RESULT_H

#include <stdint.h>

#include "l2tp/l2tp_avp.h"

/* StopCCN Result Codes (§4.4.2) */
enum {
	L2TP_STOPCCN_RESULT_CLEAR = 1,
	L2TP_STOPCCN_RESULT_GENERAL_ERROR = 2,
	L2TP_STOPCCN_RESULT_CHANNEL_EXISTS = 3,
	L2TP_STOPCCN_RESULT_NOT_AUTHORIZED = 4,
	L2TP_STOPCCN_RESULT_BAD_VERSION = 5, /* Error Code = highest version supported */
	L2TP_STOPCCN_RESULT_SHUTTING_DOWN = 6,
	L2TP_STOPCCN_RESULT_FSM_ERROR = 7,
};

/* CDN Result Codes (§4.4.2) */
enum {
	L2TP_CDN_RESULT_LOST_CARRIER = 1,
	L2TP_CDN_RESULT_GENERAL_ERROR = 2,
	L2TP_CDN_RESULT_ADMIN = 3,
	L2TP_CDN_RESULT_NO_FACILITIES_TEMPORARY = 4,
	L2TP_CDN_RESULT_NO_FACILITIES_PERMANENT = 5,
	L2TP_CDN_RESULT_INVALID_DESTINATION = 6,
	L2TP_CDN_RESULT_NO_CARRIER = 7,
	L2TP_CDN_RESULT_BUSY = 8,
	L2TP_CDN_RESULT_NO_DIAL_TONE = 9,
	L2TP_CDN_RESULT_TIMEOUT = 10,
	L2TP_CDN_RESULT_NO_FRAMING = 11,
};

/* General Error Codes (§4.4.2) */
enum {
	L2TP_ERROR_NONE = 0,
	L2TP_ERROR_NO_CONTROL_CONNECTION = 1,
	L2TP_ERROR_BAD_LENGTH = 2,
	L2TP_ERROR_BAD_VALUE = 3,
	L2TP_ERROR_NO_RESOURCES = 4,
	L2TP_ERROR_BAD_SESSION_ID = 5,
	L2TP_ERROR_VENDOR = 6,
	L2TP_ERROR_TRY_ANOTHER = 7,
	L2TP_ERROR_UNKNOWN_MANDATORY = 8,
};

/*
 * The text of a Result Code in a message of message_type (L2TP_MSG_STOPCCN or
 * L2TP_MSG_CDN), lower case, or NULL when the RFC defines none.
 */
const char *l2tp_result_code_text(uint16_t message_type, uint16_t result);
/* The text of a General Error Code, or NULL when undefined. */
const char *l2tp_error_code_text(uint16_t error);
/*
 * 'StopCCN: result 4 (requester is not authorized ...), error 0, "bad secret"';
 * the message is quoted with non-printable bytes escaped. The caller frees it.
 */
char *l2tp_result_describe(uint16_t message_type, const L2tpResultCode *rc);

#endif
