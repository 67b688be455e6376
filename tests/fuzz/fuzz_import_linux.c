/*
 * fuzz_import_linux.c — client/import_linux.c on any bytes as a how-to file set. The input
 * holds the files one after the other, each after a line "--- NAME" (ipsec.conf,
 * ipsec.secrets, xl2tpd.conf, options.l2tpd.client...); without such a line it is one file
 * named ipsec.conf. The GError contract, and the promise that the text loads as a profile.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <glib.h>

#include "client/import.h"
#include "client/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FILES 8

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	L2secImportFile files[MAX_FILES];
	char *names[MAX_FILES] = {NULL};
	size_t n = 0;
	const char *s = (const char *)data;
	size_t at = 0;
	/* split at "--- NAME\n" lines */
	while (at < size && n < MAX_FILES) {
		if (size - at >= 4 && memcmp(s + at, "--- ", 4) == 0) {
			const char *nl = memchr(s + at, '\n', size - at);
			size_t end = nl != NULL ? (size_t)(nl - s) : size;
			names[n] = g_strndup(s + at + 4, end - at - 4);
			at = nl != NULL ? end + 1 : size;
		} else {
			names[n] = g_strdup("ipsec.conf");
		}
		size_t start = at;
		while (at < size && !(size - at >= 4 && memcmp(s + at, "--- ", 4) == 0 &&
					(at == start || s[at - 1] == '\n')))
			at++;
		files[n].path = names[n];
		files[n].data = s + start;
		files[n].len = at - start;
		n++;
	}
	g_autoptr(L2secImport) imp = l2sec_import_new();
	g_autoptr(GError) error = NULL;
	bool ok = l2sec_import_linux(files, n, imp, &error);
	g_assert(ok == (error == NULL));
	if (!ok) {
		g_assert(error->domain == L2SEC_IMPORT_ERROR);
		g_assert(imp->profile->len == 0);
	} else {
		g_autoptr(GError) lerr = NULL;
		g_autoptr(L2secProfile) p = l2sec_profile_load_data("fuzz.conf", imp->profile->str,
		    imp->profile->len, NULL, L2SEC_PROFILE_NO_SECRET_FILES, NULL, &lerr);
		g_assert(p != NULL);
	}
	for (size_t i = 0; i < n; i++)
		g_free(names[i]);
	return 0;
}
