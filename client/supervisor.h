/*
 * supervisor.h — one connection, from a profile to a working tunnel, and
 * back (issue 6). The supervisor joins the edges in order:
 *
 *   IKE     ike_connection.h: Main Mode, Quick Mode, ESP SAs and policies
 *   L2TP    l2tp_connection.h: tunnel, call, kernel data path, pppd
 *   routes  netcfg.h: host route to the server, default or split routes, DNS
 *
 * and undoes them in reverse: DNS and routes, then the L2TP call and tunnel
 * (CDN and StopCCN still go out through ESP), then the SAs (Deletes sent),
 * waiting at most a few seconds for each. Every phase is logged once at
 * INFO with its duration and passed to `progress`; a failure names the
 * phase and the cause ("IKE: pre-shared key mismatch...", "PPP:
 * authentication failed for user alice").
 *
 * Reconnect (options.reconnect): after a connection that was up ends for a
 * reason that may pass (server gone, DPD, pppd died, timeouts), a new
 * attempt starts after 1, 2, 4 ... 60 s. Errors that will not pass by
 * retrying (PSK mismatch, PPP authentication, no common proposal, a bad
 * profile) end the supervisor.
 *
 * Runs on the thread-default GMainContext; callbacks must not free it.
 */
#ifndef L2SEC_CLIENT_SUPERVISOR_H
#define L2SEC_CLIENT_SUPERVISOR_H

#include <stdbool.h>
#include <glib.h>

#include "client/profile.h"

typedef enum {
	L2SEC_PHASE_IDLE,
	L2SEC_PHASE_IKE,
	L2SEC_PHASE_L2TP, /* L2TP tunnel and call, then PPP */
	L2SEC_PHASE_ROUTES,
	L2SEC_PHASE_UP,
	L2SEC_PHASE_DISCONNECTING,
	L2SEC_PHASE_WAITING, /* before a reconnect attempt */
	L2SEC_PHASE_DOWN,
} L2secPhase;

const char *l2sec_phase_name(L2secPhase phase); /* "ike", "l2tp", "up"... */

typedef struct L2secSupervisorOptions {
	bool reconnect;            /* retry after a connection that was up went down */
	bool ipsec_only;           /* stop after the ESP SAs (developers; l2sec connect --ipsec-only) */
	bool debug;                /* pppd's debug */
	unsigned connect_timeout_s; /* 0: 60 per attempt */
} L2secSupervisorOptions;

typedef struct L2secSupervisorCallbacks {
	void (*progress)(const char *line, void *user_data); /* a phase done; may be NULL */
	void (*up)(void *user_data);                          /* each time the tunnel is up */
	/* finished for good: error NULL after l2sec_supervisor_disconnect() */
	void (*down)(const GError *error, void *user_data);
} L2secSupervisorCallbacks;

typedef struct L2secSupervisor L2secSupervisor;

/* Takes the profile. Nothing happens until started. */
L2secSupervisor *l2sec_supervisor_new(L2secProfile *profile, const L2secSupervisorOptions *options,
    const L2secSupervisorCallbacks *callbacks, void *user_data);
/*
 * Clean what a dead run of this profile left (routes, DNS, our SAs when no
 * other connection runs), then start the first attempt. False when it cannot
 * even start (the gateway does not resolve...); later failures come through `down`.
 */
bool l2sec_supervisor_start(L2secSupervisor *s, GError **error);
/* Tear down (if up) and end: `down` with a NULL error once everything is removed. */
void l2sec_supervisor_disconnect(L2secSupervisor *s);
L2secPhase l2sec_supervisor_get_phase(const L2secSupervisor *s);
/* The status as JSON (one object) or as lines for a terminal; the caller frees it. */
char *l2sec_supervisor_status_json(L2secSupervisor *s);
char *l2sec_supervisor_status_text(L2secSupervisor *s);
/* Remove whatever is still set up, synchronously, and free; NULL is fine. */
void l2sec_supervisor_free(L2secSupervisor *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(L2secSupervisor, l2sec_supervisor_free)

/* A JSON string literal for `s` (quotes included), escaped per RFC 8259. */
void l2sec_json_append_string(GString *out, const char *s);

#endif
