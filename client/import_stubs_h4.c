/*
 * import_stubs_h4.c — LOCAL STAND-INS, NOT FOR MERGE: the importers H4 writes
 * (import_pbk.c, import_powershell.c, import_linux.c) so that this branch links
 * on its own. The lead drops this file (and its line in client/import.mk) when
 * merging H4's branch.
 */
#include "config.h"

#include "client/import.h"

static bool
not_here(const L2secImportFile *f, const char *what, GError **error)
{
	g_set_error(error, L2SEC_IMPORT_ERROR, L2SEC_IMPORT_ERROR_UNSUPPORTED,
	    "%s: the %s importer is not in this build", f->path, what);
	return false;
}

bool
l2sec_import_pbk(const L2secImportFile *f, const char *entry, L2secImport *out, GError **error)
{
	(void)entry;
	(void)out;
	return not_here(f, "rasphone", error);
}

bool
l2sec_import_powershell(const L2secImportFile *f, L2secImport *out, GError **error)
{
	(void)out;
	return not_here(f, "powershell", error);
}

bool
l2sec_import_linux(const L2secImportFile *files, size_t n_files, L2secImport *out, GError **error)
{
	(void)n_files;
	(void)out;
	return not_here(&files[0], "linux-howto", error);
}
