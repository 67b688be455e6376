/* log.c — see log.h. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>
#include <time.h>

#include "common/log.h"

static L2secLogLevel log_level = L2SEC_LOG_INFO;
static bool log_timestamps = true;
static bool log_syslog;
static L2secLogSink log_sink;
static void *log_sink_data;

static const char *const level_names[] = {
	[L2SEC_LOG_ERROR] = "ERROR",
	[L2SEC_LOG_WARNING] = "WARN",
	[L2SEC_LOG_INFO] = "INFO",
	[L2SEC_LOG_DEBUG] = "DEBUG",
};

void
l2sec_log_set_level(L2secLogLevel level)
{
	log_level = level;
}

L2secLogLevel
l2sec_log_get_level(void)
{
	return log_level;
}

bool
l2sec_log_level_from_string(const char *s, L2secLogLevel *ret)
{
	static const char *const names[] = { "error", "warning", "info", "debug" };
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		if (g_ascii_strcasecmp(s, names[i]) == 0) {
			*ret = (L2secLogLevel)i;
			return true;
		}
	}
	return false;
}

void
l2sec_log_set_timestamps(bool on)
{
	log_timestamps = on;
}

void
l2sec_log_use_syslog(const char *ident)
{
	openlog(ident, LOG_PID, LOG_DAEMON);
	log_syslog = true;
}

void
l2sec_log_set_sink(L2secLogSink sink, void *user_data)
{
	log_sink = sink;
	log_sink_data = user_data;
}

char *
l2sec_log_format(L2secLogLevel level, gint64 realtime_us, bool timestamps, const char *msg)
{
	if (!timestamps)
		return g_strdup_printf("%-5s %s", level_names[level], msg);
	time_t secs = (time_t)(realtime_us / G_USEC_PER_SEC);
	struct tm tm;
	char stamp[32];
	localtime_r(&secs, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
	return g_strdup_printf("%s.%03d %-5s %s", stamp, (int)(realtime_us % G_USEC_PER_SEC / 1000),
	    level_names[level], msg);
}

static void
log_emit(L2secLogLevel level, const char *msg)
{
	static const int syslog_prio[] = {
		[L2SEC_LOG_ERROR] = LOG_ERR,
		[L2SEC_LOG_WARNING] = LOG_WARNING,
		[L2SEC_LOG_INFO] = LOG_INFO,
		[L2SEC_LOG_DEBUG] = LOG_DEBUG,
	};

	if (level > log_level)
		return;
	if (log_sink != NULL) {
		log_sink(level, msg, log_sink_data);
		return;
	}
	if (log_syslog) {
		syslog(syslog_prio[level], "%s", msg);
		return;
	}
	g_autofree char *line = l2sec_log_format(level, g_get_real_time(), log_timestamps, msg);
	fprintf(stderr, "%s\n", line);
}

void
l2sec_log(L2secLogLevel level, const char *fmt, ...)
{
	if (level > log_level)
		return;
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	log_emit(level, msg);
}

static void
log_glib_handler(const gchar *domain, GLogLevelFlags flags, const gchar *message, gpointer user_data)
{
	L2secLogLevel level;

	if (flags & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
		level = L2SEC_LOG_ERROR;
	else if (flags & G_LOG_LEVEL_WARNING)
		level = L2SEC_LOG_WARNING;
	else if (flags & (G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO))
		level = L2SEC_LOG_INFO;
	else
		level = L2SEC_LOG_DEBUG;
	log_emit(level, message);
}

void
l2sec_log_install_glib(void)
{
	g_log_set_default_handler(log_glib_handler, NULL);
}
