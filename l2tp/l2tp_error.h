/*
 * l2tp_error.h — the error domains of l2tp/: L2SEC_L2TP_ERROR for the L2TP
 * control connection and its codec, L2SEC_PPP_ERROR for pppd. Wire errors name
 * the message and byte offset ("L2TP control message, byte 20: AVP 9 (Assigned
 * Tunnel ID): length 7, expected 8").
 */
#ifndef L2SEC_L2TP_L2TP_ERROR_H
#define L2SEC_L2TP_L2TP_ERROR_H

#include <glib.h>

#define L2SEC_L2TP_ERROR (l2sec_l2tp_error_quark())
GQuark l2sec_l2tp_error_quark(void);

typedef enum {
	L2SEC_L2TP_ERROR_MALFORMED,         /* bytes that do not decode */
	L2SEC_L2TP_ERROR_UNKNOWN_MANDATORY, /* an unknown AVP with the M bit (RFC 2661 §4.1) */
	L2SEC_L2TP_ERROR_UNSUPPORTED,       /* well-formed, but something we do not do */
	L2SEC_L2TP_ERROR_HIDDEN,            /* a hidden AVP we cannot reveal (no secret, no Random Vector) */
	L2SEC_L2TP_ERROR_PROTOCOL,          /* a message that breaks the state machine */
	L2SEC_L2TP_ERROR_AUTH_FAILED,       /* tunnel authentication (Challenge Response) failed */
	L2SEC_L2TP_ERROR_TIMEOUT,           /* the server did not answer in time */
	L2SEC_L2TP_ERROR_PEER_CLOSED,       /* StopCCN or CDN from the server */
	L2SEC_L2TP_ERROR_KERNEL,            /* the kernel refused a tunnel, session or socket */
} L2secL2tpError;

#define L2SEC_PPP_ERROR (l2sec_ppp_error_quark())
GQuark l2sec_ppp_error_quark(void);

typedef enum {
	L2SEC_PPP_ERROR_START,        /* pppd could not be started */
	L2SEC_PPP_ERROR_AUTH_FAILED,  /* PPP authentication failed */
	L2SEC_PPP_ERROR_NEGOTIATION,  /* LCP/IPCP did not converge */
	L2SEC_PPP_ERROR_EXITED,       /* pppd ended */
} L2secPppError;

#endif
