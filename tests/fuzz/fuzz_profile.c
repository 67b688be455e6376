/*
 * fuzz_profile.c — l2sec_profile_load_data() on any bytes: the line index,
 * GKeyFile and every value parser. Secret files are not read
 * (L2SEC_PROFILE_NO_SECRET_FILES), so the fuzzer never opens a path it made up.
 */
#include "config.h"

#include <stdint.h>
#include <glib.h>

#include "client/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(L2secProfile) p = l2sec_profile_load_data("fuzz.conf", (const char *)data, size,
	    NULL, L2SEC_PROFILE_NO_SECRET_FILES, warnings, &error);
	/* the GError contract: a profile or an error, and the error says where */
	g_assert((p == NULL) == (error != NULL));
	if (error != NULL) {
		g_assert(error->domain == L2SEC_PROFILE_ERROR);
		g_assert(g_str_has_prefix(error->message, "fuzz.conf:"));
	} else {
		g_assert(p->gateway != NULL && p->user != NULL);
		g_assert(p->psk != NULL || p->psk_file != NULL);
		g_assert(p->routes != NULL);
	}
	for (guint i = 0; i < warnings->len; i++)
		g_assert(g_str_has_prefix(warnings->pdata[i], "fuzz.conf:"));
	return 0;
}
