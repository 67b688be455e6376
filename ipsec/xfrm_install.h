/*
 * xfrm_install.h — the kernel edge for XFRM: installs and removes the ESP transport SAs and the
 * policies that xfrm_spec.h describes, through libnl-xfrm on a NETLINK_XFRM socket (never
 * hand-built messages), and keeps an undo list so that no failure leaves kernel state behind.
 *
 * Leak-proofing (DESIGN.md principle 3): install the outbound policy for the L2TP flow before
 * anything can send on it and before its SAs exist; with its ESP template at level required and
 * no SA, the kernel drops (larval drop) instead of sending cleartext. Undo runs in reverse, so
 * SAs go before the policy that needs them.
 *
 * Ownership: an XfrmUndo holds copies of the specs without their keys; freeing it forgets the
 * entries and removes nothing (call xfrm_undo_run() first). The socket is the caller's.
 * Errors: L2SEC_IKE_ERROR_INVALID for a bad spec (before anything reaches the kernel),
 * L2SEC_IKE_ERROR_KERNEL when the kernel refuses, naming the SA or policy, libnl's reason
 * and what may help ("XFRM: cannot install ESP SA spi 0x0000c001 192.0.2.2 -> 192.0.2.1: ...").
 * Requires CAP_NET_ADMIN.
 */
#ifndef L2SEC_IPSEC_XFRM_INSTALL_H
#define L2SEC_IPSEC_XFRM_INSTALL_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "ipsec/xfrm_spec.h"

typedef struct XfrmSocket XfrmSocket;
typedef struct XfrmUndo XfrmUndo;

/* A NETLINK_XFRM socket; free it with xfrm_socket_free(). */
XfrmSocket *xfrm_socket_open(GError **error);
void xfrm_socket_free(XfrmSocket *sock);

/* Install one SA (XFRM_MSG_NEWSA, failing if it exists); on success, its removal joins undo (may be
 * NULL). */
bool xfrm_sa_install(XfrmSocket *sock, const XfrmSaSpec *spec, XfrmUndo *undo, GError **error);
/* Remove the SA with the spec's dst, SPI and ESP; only those fields are used. */
bool xfrm_sa_remove(XfrmSocket *sock, const XfrmSaSpec *spec, GError **error);
/* Install one policy (XFRM_MSG_NEWPOLICY, failing if one with this selector exists); its removal
 * joins undo. */
bool xfrm_policy_install(
    XfrmSocket *sock, const XfrmPolicySpec *spec, XfrmUndo *undo, GError **error);
/* Remove the policy with the spec's direction and selector. */
bool xfrm_policy_remove(XfrmSocket *sock, const XfrmPolicySpec *spec, GError **error);

/*
 * Remove an SA or a policy like the two above, except that one already gone (expired, or removed
 * by someone else: the kernel answers ESRCH or ENOENT) counts as removed: true, with *ret_gone
 * (may be NULL) set. For callers that keep their own undo list (ipsec/ike_connection.c).
 */
bool xfrm_sa_remove_if_present(
    XfrmSocket *sock, const XfrmSaSpec *spec, bool *ret_gone, GError **error);
bool xfrm_policy_remove_if_present(
    XfrmSocket *sock, const XfrmPolicySpec *spec, bool *ret_gone, GError **error);

/*
 * The kernel's current lifetime counters of the SA with the spec's dst and SPI (ESP): bytes and
 * packets it protected (outbound) or accepted (inbound) so far. L2SEC_IKE_ERROR_KERNEL if the
 * kernel does not have it.
 */
bool xfrm_sa_get_counters(XfrmSocket *sock, const XfrmSaSpec *spec, uint64_t *ret_bytes,
    uint64_t *ret_packets, GError **error);

XfrmUndo *xfrm_undo_new(void);
/* Forget the entries (removing nothing from the kernel) and free; NULL is fine. */
void xfrm_undo_free(XfrmUndo *undo);
guint xfrm_undo_length(const XfrmUndo *undo);
/*
 * Remove every recorded entry, newest first, best effort: an entry already gone (an expired SA)
 * counts as removed. The list is empty afterwards. False if any removal failed, with an error
 * listing each one that could not be removed.
 */
bool xfrm_undo_run(XfrmSocket *sock, XfrmUndo *undo, GError **error);

/*
 * Remove what an earlier l2sec left (a crash): first every SA whose reqid is ours, then every
 * policy whose priority is ours and whose ESP template has our reqid (or that blocks, with no
 * template). Larval (acquire) states are left to expire by themselves. On success ret_removed
 * (may be NULL) gets how many entries went; false if listing or a removal failed, the error
 * naming each entry that stayed.
 */
bool xfrm_flush_ours(XfrmSocket *sock, guint *ret_removed, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(XfrmSocket, xfrm_socket_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(XfrmUndo, xfrm_undo_free)

#endif
