/*
 * pppd_launch.h — runs pppd on a PPPoL2TP socket (edge file). Writes the
 * options file (pppd_options.h) 0600 under the runtime directory, starts
 *
 *     pppd plugin pppol2tp.so pppol2tp 3 plugin .../l2sec-pppd.so l2sec-fd 4 file OPTIONS
 *
 * with the PPPoL2TP socket on fd 3 and one end of a socketpair on fd 4 (every
 * other descriptor closed, a minimal environment), writes the user name and
 * password into the socketpair (never argv, environment or file), and turns the
 * plugin's reports into callbacks on the thread-default GMainContext of the
 * caller of pppd_launch_start().
 *
 * Owns pppd, the socketpair and the options file; the caller keeps the PPPoL2TP
 * socket (pppd gets a duplicate). pppd ending is reported once through `exited`,
 * after every event the plugin sent before it: NULL when it was stopped with
 * pppd_launch_stop(); otherwise a L2SEC_PPP_ERROR: AUTH_FAILED "PPP:
 * authentication failed for user alice" (the plugin's auth-failed or pppd's
 * EXIT_AUTH_TOPEER_FAILED), NEGOTIATION, START (options, permissions, kernel
 * support) or EXITED, each naming pppd's exit status.
 */
#ifndef L2SEC_L2TP_PPPD_LAUNCH_H
#define L2SEC_L2TP_PPPD_LAUNCH_H

#include <stdbool.h>
#include <sys/types.h>
#include <glib.h>

#include "l2tp/pppd_options.h"
#include "l2tp/pppd_status.h"

typedef struct PppdLaunchCallbacks {
	/* every event the plugin reports (phase, ip-up with addresses and DNS, ip-down, ...) */
	void (*event)(const PppdEvent *event, void *user_data);
	/* pppd has ended: error as above, NULL when stopped on request */
	void (*exited)(const GError *error, void *user_data);
} PppdLaunchCallbacks;

typedef struct PppdLaunch PppdLaunch;

/* Write the options, start pppd on `pppox_fd`, hand it the credentials. */
PppdLaunch *pppd_launch_start(const PppdLaunchConfig *cfg, int pppox_fd,
    const PppdLaunchCallbacks *callbacks, void *user_data, GError **error);
/* pppd's process id (0 once it has ended). */
pid_t pppd_launch_get_pid(const PppdLaunch *l);
/* The options file pppd was given (removed when pppd stops). */
const char *pppd_launch_get_options_path(const PppdLaunch *l);
/* Has pppd ended (and `exited` been called)? */
bool pppd_launch_has_exited(const PppdLaunch *l);
/*
 * Stop pppd: SIGTERM, wait up to timeout_ms (running the main context), then
 * SIGKILL and wait for it; remove the options file. Returns once pppd is gone.
 */
void pppd_launch_stop(PppdLaunch *l, unsigned timeout_ms);
/* Stop (with a 3 s grace) if still running, and free; NULL is fine. */
void pppd_launch_free(PppdLaunch *l);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(PppdLaunch, pppd_launch_free)

#endif
