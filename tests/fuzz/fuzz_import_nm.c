/*
 * fuzz_import_nm.c — the NetworkManager importers on any bytes: both the
 * keyfile and NetworkManager-l2tp's export reading, then, when one gives a
 * profile text, the profile loader on it (what `l2sec import` does next), and
 * the keyfile exporter on the loaded profile.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <glib.h>

#include "client/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
one(const uint8_t *data, size_t size, bool keyfile)
{
	L2secImportFile f = {"fuzz.nmconnection", (const char *)data, size};
	g_autoptr(L2secImport) imp = l2sec_import_new();
	g_autoptr(GError) error = NULL;
	bool ok = keyfile ? l2sec_import_nm_keyfile(&f, imp, &error)
			  : l2sec_import_nm_l2tp_export(&f, imp, &error);
	g_assert(ok == (error == NULL));
	if (!ok) {
		g_assert(error->domain == L2SEC_IMPORT_ERROR);
		g_assert(g_str_has_prefix(error->message, "fuzz.nmconnection"));
		return;
	}
	g_autoptr(GError) perr = NULL;
	g_autoptr(L2secProfile) p = l2sec_profile_load_data("fuzz.conf", imp->profile->str,
	    imp->profile->len, NULL, L2SEC_PROFILE_NO_SECRET_FILES, NULL, &perr);
	if (p != NULL) {
		g_autoptr(GError) xerr = NULL;
		GString *s = l2sec_export_nm_keyfile(p, &xerr);
		g_assert(s != NULL);
		g_string_free(s, TRUE);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one(data, size, true);
	one(data, size, false);
	L2secImportFile f = {"fuzz", (const char *)data, size};
	(void)l2sec_import_detect(&f);
	return 0;
}
