/*
 * fuzz_import_pbk.c — client/import_pbk.c on any bytes as a Windows phonebook (rasphone.pbk):
 * decoding (BOMs, UTF-16, ANSI), the line scan and every mapping. The GError contract, and
 * the importer's promise that the text it hands over loads as a profile.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <glib.h>

#include "client/import.h"
#include "client/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	L2secImportFile f = {.path = "rasphone.pbk", .data = (const char *)data, .len = size};
	g_autoptr(L2secImport) imp = l2sec_import_new();
	g_autoptr(GError) error = NULL;
	bool ok = l2sec_import_pbk(&f, NULL, imp, &error);
	g_assert(ok == (error == NULL));
	if (!ok) {
		g_assert(error->domain == L2SEC_IMPORT_ERROR);
		g_assert(g_str_has_prefix(error->message, "rasphone.pbk"));
		g_assert(imp->profile->len == 0);
		return 0;
	}
	g_assert(imp->name != NULL);
	g_autoptr(GError) lerr = NULL;
	g_autoptr(L2secProfile) p = l2sec_profile_load_data("fuzz.conf", imp->profile->str,
	    imp->profile->len, NULL, L2SEC_PROFILE_NO_SECRET_FILES, NULL, &lerr);
	g_assert(p != NULL);
	for (guint i = 0; i < imp->ignored->len; i++)
		g_assert(g_utf8_validate(imp->ignored->pdata[i], -1, NULL));
	return 0;
}
