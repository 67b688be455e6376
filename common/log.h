/*
 * log.h — the log writer of l2sec's front ends and supervisor. Lines go to
 * stderr with a timestamp and level ("2026-11-25 06:30:01.123 INFO  IKE: ..."),
 * or to syslog once the process has daemonized. Libraries never call this
 * above debug level (systemd's rule): they use g_debug(), which
 * l2sec_log_install_glib() routes here. A sink can replace the output (tests,
 * the NetworkManager plugin).
 */
#ifndef L2SEC_COMMON_LOG_H
#define L2SEC_COMMON_LOG_H

#include <stdbool.h>
#include <glib.h>

typedef enum {
	L2SEC_LOG_ERROR,
	L2SEC_LOG_WARNING,
	L2SEC_LOG_INFO,
	L2SEC_LOG_DEBUG,
} L2secLogLevel;

typedef void (*L2secLogSink)(L2secLogLevel level, const char *line, void *user_data);

/* Lines above `level` are dropped (default: INFO). */
void l2sec_log_set_level(L2secLogLevel level);
L2secLogLevel l2sec_log_get_level(void);
/* Parse "error", "warning", "info" or "debug". */
bool l2sec_log_level_from_string(const char *s, L2secLogLevel *ret);
/* Prefix stderr lines with the time (default: on). */
void l2sec_log_set_timestamps(bool on);
/* Send lines to syslog (daemon facility) under `ident` instead of stderr. */
void l2sec_log_use_syslog(const char *ident);
/* Send lines to `sink` instead (NULL restores stderr). */
void l2sec_log_set_sink(L2secLogSink sink, void *user_data);
/* Log one line (no trailing newline needed). */
void l2sec_log(L2secLogLevel level, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* The stderr line for `msg` at wall-clock time `realtime_us`; the caller frees it. */
char *l2sec_log_format(L2secLogLevel level, gint64 realtime_us, bool timestamps, const char *msg);
/* Route GLib's g_debug/g_info/g_message/g_warning/g_critical through this writer. */
void l2sec_log_install_glib(void);

#define log_error(...) l2sec_log(L2SEC_LOG_ERROR, __VA_ARGS__)
#define log_warning(...) l2sec_log(L2SEC_LOG_WARNING, __VA_ARGS__)
#define log_info(...) l2sec_log(L2SEC_LOG_INFO, __VA_ARGS__)
#define log_debug(...) l2sec_log(L2SEC_LOG_DEBUG, __VA_ARGS__)

#endif
