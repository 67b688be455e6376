/*
 * l2tp_connection.h — one L2TP/PPP connection to an LNS (edge file): runs the
 * sans-I/O control engine (l2tp_tunnel.h) on a UDP socket in the caller's
 * thread-default GMainContext, creates the kernel data path
 * (l2tp_kernel.h) as the engine brings the tunnel and the call up, and
 * starts pppd on the PPPoL2TP socket (pppd_launch.h).
 *
 *   start:  UDP socket -> SCCRQ ... TUNNEL_UP: kernel tunnel on the socket
 *           SESSION_UP: kernel session, PPPoL2TP socket, pppd
 *           pppd's ip-up: the `up` callback (interface, addresses, DNS, the
 *           time from the first SCCRQ to ip-up)
 *   close:  l2tp_connection_close(): CDN, pppd stopped, kernel session
 *           deleted, StopCCN; `closed` with a NULL error; `done` once the
 *           StopCCN is acknowledged (the socket then closed)
 *   failure: the engine's CLOSED (L2SEC_L2TP_ERROR: TIMEOUT, AUTH_FAILED,
 *           PEER_CLOSED...), the kernel refusing (L2SEC_L2TP_ERROR_KERNEL, the
 *           tunnel then closed with StopCCN) or pppd ending (L2SEC_PPP_ERROR,
 *           e.g. "PPP: authentication failed for user alice"; the call and
 *           tunnel then closed with CDN and StopCCN): `closed` with that
 *           error, once; then `done`.
 *
 * pppd and the kernel session go as soon as the call is down or the
 * connection is closing; the kernel tunnel and the socket when the engine is
 * DONE (after the server acknowledged our StopCCN, or after lingering
 * L2TP_LINGER_MS to re-acknowledge a StopCCN from the server). A caller that
 * does not want to wait for that may free the connection after `closed`:
 * everything is removed, in reverse order, and nothing more is sent.
 *
 * Nothing is logged above debug; each phase is logged once with its duration
 * ("L2TP: tunnel 4711/29 and session 1/7 up in 61 ms", "PPP: ppp0 10.99.0.10
 * peer 10.99.0.1, DNS 10.99.0.1, in 1204 ms") and handed to the optional
 * `phase` callback so that a front end can print it at INFO.
 *
 * Callbacks run from the main context; they must not free the connection
 * (quit the loop, or free it from an idle source).
 */
#ifndef L2SEC_L2TP_L2TP_CONNECTION_H
#define L2SEC_L2TP_L2TP_CONNECTION_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <glib.h>

#include "common/secret.h"
#include "l2tp/pppd_launch.h"
#include "l2tp/pppd_options.h"
#include "l2tp/l2tp_tunnel.h"
#include "l2tp/pppd_status.h"

#define L2TP_CONNECTION_PORT 1701

typedef struct L2tpConnectionConfig {
	const char *server;               /* IPv4 or IPv6 address literal of the LNS */
	uint16_t server_port;             /* 0: 1701 */
	bool ephemeral_port;              /* our source port: ephemeral instead of 1701 */
	uint16_t local_port;              /* our source port, when set (the IPsec selector's) */
	const L2secSecret *tunnel_secret; /* NULL: no tunnel authentication (copied) */
	const char *host_name;            /* Host Name AVP; NULL: "l2sec" */
	guint max_retries;                /* 0: the engine's default */
	int64_t hello_interval_ms;        /* HELLO after this much silence; 0: 60 s, <0: never */
	bool hide_avps;                   /* hide the call's AVPs (§4.3); needs tunnel_secret */
	PppdLaunchConfig ppp;             /* user, password, auth, MTU, paths (name NULL: "l2tp") */
	L2tpStaleTunnel stale;            /* an earlier run's tunnel to clear first (local_id 0: none) */
} L2tpConnectionConfig;

typedef struct L2tpConnectionUp {
	const char *ifname; /* "ppp0" */
	struct in_addr local, peer;
	struct in_addr dns[2]; /* n_dns of them */
	unsigned n_dns;
	uint16_t local_tunnel_id, peer_tunnel_id, local_session_id, peer_session_id;
	int64_t l2tp_ms;    /* first SCCRQ to the call being up (ICCN) */
	int64_t connect_ms; /* first SCCRQ to pppd's ip-up */
} L2tpConnectionUp;

typedef struct L2tpConnectionCallbacks {
	/* PPP is up (once per connection) */
	void (*up)(const L2tpConnectionUp *up, void *user_data);
	/* the connection is going away: why (NULL: l2tp_connection_close()); once */
	void (*closed)(const GError *error, void *user_data);
	/* everything is torn down and the socket closed; after `closed`; may be NULL */
	void (*done)(void *user_data);
	/* a phase finished: one line for the log at INFO; may be NULL */
	void (*phase)(const char *line, void *user_data);
	/* what a later run needs to clear the tunnel should this process die without
	 * its StopCCN (ids, sequence numbers): on every change while the tunnel is
	 * established; NULL once there is nothing to clear; may be NULL */
	void (*record)(const L2tpStaleTunnel *record, void *user_data);
} L2tpConnectionCallbacks;

typedef struct L2tpConnection L2tpConnection;

/*
 * Check a configuration without doing anything: the server address, the PPP
 * user and password and the pppd options they make. Errors:
 * G_IO_ERROR_INVALID_ARGUMENT naming the field ("L2TP connection: server
 * 'vpn.example' is not an IP address"), or pppd_options_render()'s.
 */
bool l2tp_connection_config_check(const L2tpConnectionConfig *cfg, GError **error);

/* A connection (config copied, secrets included) that does nothing until started. */
L2tpConnection *l2tp_connection_new(const L2tpConnectionConfig *cfg,
    const L2tpConnectionCallbacks *callbacks, void *user_data, GError **error);
/*
 * Open the UDP socket and send SCCRQ. False (nothing left open) when the
 * socket cannot be opened; every later failure comes through `closed`.
 */
bool l2tp_connection_start(L2tpConnection *c, GError **error);
/* Hang up (CDN, StopCCN); `closed` (NULL error unless closed already), then `done`. */
void l2tp_connection_close(L2tpConnection *c);
/* Has `done` been reported? */
bool l2tp_connection_is_done(const L2tpConnection *c);
/* The engine's tunnel ids (0 until known), for logs and tests. */
uint16_t l2tp_connection_get_local_tunnel_id(const L2tpConnection *c);
uint16_t l2tp_connection_get_peer_tunnel_id(const L2tpConnection *c);
/* Remove whatever is left (pppd, kernel session and tunnel, socket) and free; NULL is fine. */
void l2tp_connection_free(L2tpConnection *c);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(L2tpConnection, l2tp_connection_free)

#endif
