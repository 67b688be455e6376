/*
 * error.h — helpers shared by the error domains of the libraries. Each
 * library owns one GError domain (L2SEC_IKE_ERROR in ipsec/, L2SEC_L2TP_ERROR
 * in l2tp/, L2SEC_PPP_ERROR, L2SEC_PROFILE_ERROR in client/); this file only
 * gives them one way to say where in a datagram or file something went wrong.
 */
#ifndef L2SEC_COMMON_ERROR_H
#define L2SEC_COMMON_ERROR_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

/*
 * Set `error` to "WHAT, byte AT: MESSAGE" in (domain, code) and return false,
 * so a decoder can `return l2sec_fail_at(...)`. WHAT names the datagram
 * ("ISAKMP message", "L2TP control message").
 */
bool l2sec_fail_at(GError **error, GQuark domain, int code, const char *what, size_t at,
    const char *fmt, ...) G_GNUC_PRINTF(6, 7);
/* Set `error` to MESSAGE in (domain, code) and return false. */
bool l2sec_fail(GError **error, GQuark domain, int code, const char *fmt, ...) G_GNUC_PRINTF(4, 5);

#endif
