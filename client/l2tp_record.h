/*
 * client/l2tp_record.h: RUNDIR/NAME.l2tp, the L2TP tunnel a connection holds
 * open (its ids, the server's, our next Ns and Nr), kept so that the run after
 * a kill -9 can send the StopCCN the killed one never did. Until the server
 * drops that tunnel (xl2tpd: about 30 s), a new tunnel from the same addresses
 * and ports may have its PPP frames handed to the old one's socket there and
 * dropped ("write_packet: tty is not open yet").
 *
 * A GKeyFile, mode 0600, rewritten atomically:
 *
 *     [l2tp]
 *     server=192.0.2.1
 *     local-tunnel=27829
 *     peer-tunnel=52650
 *     ns=5
 *     nr=3
 */
#ifndef L2SEC_CLIENT_L2TP_RECORD_H
#define L2SEC_CLIENT_L2TP_RECORD_H

#include <stdbool.h>
#include <glib.h>

#include "l2tp/l2tp_tunnel.h"

/* Write the record for the tunnel to `server` (an address literal). */
bool l2sec_l2tp_record_save(
    const char *path, const char *server, const L2tpStaleTunnel *r, GError **error);

/*
 * Read and remove the record: true and *ret when it names a tunnel to `server`;
 * false (and *ret zeroed) when there is none, it is for another server, or it
 * does not hold what a record holds (`why`, if not NULL, then says what, for
 * the debug log).
 */
bool l2sec_l2tp_record_take(
    const char *path, const char *server, L2tpStaleTunnel *ret, char **why);

/* Remove the record (none is fine). */
void l2sec_l2tp_record_remove(const char *path);

#endif
