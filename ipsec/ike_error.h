/*
 * ike_error.h — the error domain of ipsec/ (L2SEC_IKE_ERROR). Messages name
 * the message and byte offset for wire errors ("ISAKMP message, byte 36: SA
 * payload: DOI 2 is not IPsec (1)") and say what the user can do for the rest.
 */
#ifndef L2SEC_IPSEC_IKE_ERROR_H
#define L2SEC_IPSEC_IKE_ERROR_H

#include <glib.h>

#define L2SEC_IKE_ERROR (l2sec_ike_error_quark())
GQuark l2sec_ike_error_quark(void);

typedef enum {
	L2SEC_IKE_ERROR_MALFORMED,          /* bytes that do not decode */
	L2SEC_IKE_ERROR_UNSUPPORTED,        /* well-formed, but something we do not do */
	L2SEC_IKE_ERROR_INVALID,            /* decodes, but breaks a rule (RFC 2408 §5, RFC 6989) */
	L2SEC_IKE_ERROR_CRYPTO,             /* OpenSSL refused an operation */
	L2SEC_IKE_ERROR_NO_PROPOSAL_CHOSEN, /* the server accepted none of our proposals */
	L2SEC_IKE_ERROR_AUTH_FAILED,        /* pre-shared key mismatch, bad signature */
	L2SEC_IKE_ERROR_NOTIFY,             /* the server sent another error notify */
	L2SEC_IKE_ERROR_TIMEOUT,            /* the server did not answer in time */
	L2SEC_IKE_ERROR_KERNEL,             /* XFRM refused an SA or policy */
} L2secIkeError;

#endif
