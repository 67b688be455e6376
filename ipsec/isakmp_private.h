/*
 * isakmp_private.h — what the isakmp_*.c codec files share and nobody else
 * needs: one way to fail with a byte offset in the datagram.
 */
#ifndef L2SEC_IPSEC_ISAKMP_PRIVATE_H
#define L2SEC_IPSEC_ISAKMP_PRIVATE_H

#include "common/error.h"
#include "common/wire.h"
#include "ipsec/ike_error.h"

/* "ISAKMP message, byte AT: ..." in L2SEC_IKE_ERROR; evaluates to false. */
#define isakmp_fail(error, code, at, ...) \
	l2sec_fail_at((error), L2SEC_IKE_ERROR, (code), "ISAKMP message", (at), __VA_ARGS__)

/*
 * Read a generic payload header (RFC 2408 §3.2) at c: next payload,
 * reserved, length. The length must be at least min_len (4 or more) and fit
 * in what c has left (the parent, named `parent` in errors); the body (length
 * - 4 bytes) becomes ret_body and c moves past the payload. ret_at is the
 * payload's offset in the datagram. `what` names the payload ("Proposal").
 */
bool isakmp_generic_read(WireCursor *c, const char *what, const char *parent, size_t min_len,
    uint8_t *ret_next, WireCursor *ret_body, size_t *ret_at, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Write a generic header with next payload `next` and a length to patch; returns the payload start. */
size_t isakmp_generic_begin(GByteArray *w, uint8_t next);
/* Patch the length of the payload that starts at `start`. */
void isakmp_generic_end(GByteArray *w, size_t start);

#endif
