/*
 * l2sec-pppd-proto.h — the line protocol between l2sec (l2tp/pppd_launch.c)
 * and its pppd plugin (l2tp/pppd-plugin/l2sec-pppd.c), over one inherited
 * SOCK_STREAM socketpair end, named to pppd by `l2sec-fd N`. Plain C: the
 * plugin includes it without GLib.
 *
 * l2sec -> plugin, once, written before pppd starts (the socket buffer holds it):
 *
 *     "L2SEC1 <user-len> <password-len>\n" <user bytes> <password bytes>
 *
 *   Lengths are decimal, 1..255 for the user and 0..255 for the password (pppd's
 *   MAXNAMELEN and MAXSECRETLEN are 256 with the NUL); neither may contain a NUL
 *   byte. The password never appears on argv, in the environment or in a file.
 *
 * plugin -> l2sec, one event a line, ASCII, LF-terminated, at most
 * L2SEC_PPPD_LINE_MAX bytes with the LF, fields separated by one space:
 *
 *     hello <pppd-version>                 the plugin read the credentials
 *     phase <name>                         pppd entered a phase: dead initialize
 *                                          serialconn dormant establish authenticate
 *                                          callback network running terminate
 *                                          disconnect holdoff master
 *     auth-failed                          we failed to authenticate ourselves to the
 *                                          peer (pppd status EXIT_AUTH_TOPEER_FAILED)
 *     ip-up <ifname> <local> <peer> [<dns1> [<dns2>]]
 *                                          IPCP is up: dotted-quad IPv4 addresses;
 *                                          the DNS servers the peer gave, if any
 *     ip-down <ifname>                     IPCP went down
 *     exit <status>                        pppd is exiting with this status (pppd.h
 *                                          EXIT_*, 0..255)
 *
 * A receiver ignores lines whose first word it does not know (newer plugin),
 * and rejects known words with bad fields.
 */
#ifndef L2SEC_PPPD_PROTO_H
#define L2SEC_PPPD_PROTO_H

#define L2SEC_PPPD_CRED_MAGIC "L2SEC1"
#define L2SEC_PPPD_FIELD_MAX 255 /* longest user name or password */
#define L2SEC_PPPD_LINE_MAX 256  /* longest event line, LF included */

#define L2SEC_PPPD_EV_HELLO "hello"
#define L2SEC_PPPD_EV_PHASE "phase"
#define L2SEC_PPPD_EV_AUTH_FAILED "auth-failed"
#define L2SEC_PPPD_EV_IP_UP "ip-up"
#define L2SEC_PPPD_EV_IP_DOWN "ip-down"
#define L2SEC_PPPD_EV_EXIT "exit"

/* pppd.h's PHASE_* values, in order, as the protocol names them. */
#define L2SEC_PPPD_PHASE_NAMES                                                                     \
	{                                                                                          \
		"dead", "initialize", "serialconn", "dormant", "establish", "authenticate",        \
		    "callback", "network", "running", "terminate", "disconnect", "holdoff",        \
		    "master"                                                                       \
	}
#define L2SEC_PPPD_N_PHASES 13

#endif
