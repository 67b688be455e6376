/*
 * fuzz_import_mobileconfig.c — the Apple profile importer on any bytes: the
 * CMS unwrapping (inputs starting with 0x30), the GMarkup plist reader and the
 * payload mapping; a profile text that comes out goes through the loader and
 * the mobileconfig exporter, whose output must import again.
 */
#include "config.h"

#include <stdint.h>
#include <glib.h>

#include "client/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	L2secImportFile f = {"fuzz.mobileconfig", (const char *)data, size};
	g_autoptr(L2secImport) imp = l2sec_import_new();
	g_autoptr(GError) error = NULL;
	bool ok = l2sec_import_mobileconfig(&f, imp, &error);
	g_assert(ok == (error == NULL));
	if (!ok) {
		g_assert(error->domain == L2SEC_IMPORT_ERROR);
		g_assert(g_str_has_prefix(error->message, "fuzz.mobileconfig: "));
		return 0;
	}
	g_autoptr(GError) perr = NULL;
	g_autoptr(L2secProfile) p = l2sec_profile_load_data("fuzz.conf", imp->profile->str,
	    imp->profile->len, NULL, L2SEC_PROFILE_NO_SECRET_FILES, NULL, &perr);
	if (p == NULL)
		return 0;
	g_autoptr(GError) xerr = NULL;
	GString *s = l2sec_export_mobileconfig(p, &xerr);
	g_assert(s != NULL);
	L2secImportFile back = {"back.mobileconfig", s->str, s->len};
	g_autoptr(L2secImport) imp2 = l2sec_import_new();
	g_autoptr(GError) err2 = NULL;
	/* what l2sec writes, l2sec reads */
	if (!l2sec_import_mobileconfig(&back, imp2, &err2))
		g_error("exported profile does not import: %s", err2->message);
	g_string_free(s, TRUE);
	return 0;
}
