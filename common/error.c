/* error.c — see error.h. */
#include "config.h"

#include <stdarg.h>

#include "common/error.h"

bool
l2sec_fail_at(GError **error, GQuark domain, int code, const char *what, size_t at, const char *fmt, ...)
{
	if (error == NULL)
		return false;
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, domain, code, "%s, byte %zu: %s", what, at, msg);
	return false;
}

bool
l2sec_fail(GError **error, GQuark domain, int code, const char *fmt, ...)
{
	if (error == NULL)
		return false;
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error_literal(error, domain, code, msg);
	return false;
}
