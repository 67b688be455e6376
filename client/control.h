/*
 * control.h — the control socket of a running connection (edge file):
 * RUNDIR/NAME.sock, a Unix stream socket, mode 0600 in a 0700 folder, so
 * only root talks to it. One request per connection: a line ("status",
 * "status-json", "disconnect"); the answer is text up to EOF. An answer may
 * be deferred: `disconnect` is answered once the connection is torn down.
 *
 * One connection per profile is enforced with a lock (RUNDIR/NAME.lock,
 * flock held for the daemon's lifetime): a lock that nobody holds means the
 * connection is gone, even after kill -9, and its leftovers can be cleaned.
 */
#ifndef L2SEC_CLIENT_CONTROL_H
#define L2SEC_CLIENT_CONTROL_H

#include <stdbool.h>
#include <glib.h>

/* The runtime folder: RUNSTATEDIR "/l2sec", or $L2SEC_RUN_DIR (tests). */
const char *l2sec_run_dir(void);
/* RUNDIR/NAME.SUFFIX ("sock", "lock", "netcfg"); the caller frees it. */
char *l2sec_run_path(const char *name, const char *suffix);
/* Create the runtime folder 0700 (root) if it is missing. */
bool l2sec_run_dir_ensure(GError **error);

/*
 * Take the profile's lock: -1 with G_IO_ERROR_EXISTS "work is already
 * connected (process 1234)" when a live process holds it; else the locked fd,
 * which the daemon keeps open (it writes its pid into the file).
 */
int l2sec_control_lock(const char *name, GError **error);
/* Write our pid into the lock file (after a fork). */
bool l2sec_control_lock_set_pid(int lock_fd);
/* Is a live process holding NAME's lock? Its pid in *ret_pid when it is. */
bool l2sec_control_is_locked(const char *name, int *ret_pid);

/* The names of the running connections (a held lock in the run folder), sorted. */
GPtrArray *l2sec_control_running(void);

typedef struct L2secControl L2secControl;
typedef struct L2secControlRequest L2secControlRequest;

/* A request came: answer it now or later with l2sec_control_reply(). */
typedef void (*L2secControlHandler)(L2secControlRequest *req, const char *command, void *user_data);

/* Listen on `path` (replacing a stale socket) in the thread-default main context. */
L2secControl *l2sec_control_listen(const char *path, L2secControlHandler handler, void *user_data,
    GError **error);
/* Send `text` and close the request (frees it). */
void l2sec_control_reply(L2secControlRequest *req, const char *text);
/* Stop listening and remove the socket; requests not answered yet are closed. NULL is fine. */
void l2sec_control_free(L2secControl *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(L2secControl, l2sec_control_free)

/*
 * Client side: send `command`, wait up to timeout_ms for the whole answer.
 * G_IO_ERROR_NOT_FOUND / G_IO_ERROR_CONNECTION_REFUSED when nobody listens.
 */
char *l2sec_control_call(const char *path, const char *command, int timeout_ms, GError **error);

#endif
