/*
 * import.c — what every importer shares (import.h): the result, the error
 * domain and the format names. Format detection and the command's flow are
 * added by the import work (issue 7).
 */
#include "config.h"

#include <string.h>

#include "client/import.h"

G_DEFINE_QUARK(l2sec-import-error-quark, l2sec_import_error)

L2secImport *
l2sec_import_new(void)
{
	L2secImport *imp = g_new0(L2secImport, 1);
	imp->profile = g_string_new(NULL);
	imp->ignored = g_ptr_array_new_with_free_func(g_free);
	imp->missing_secrets = g_ptr_array_new_with_free_func(g_free);
	imp->notes = g_ptr_array_new_with_free_func(g_free);
	return imp;
}

void
l2sec_import_free(L2secImport *imp)
{
	if (imp == NULL)
		return;
	/* the text may hold a PSK or a password */
	explicit_bzero(imp->profile->str, imp->profile->allocated_len);
	g_string_free(imp->profile, TRUE);
	g_free(imp->name);
	g_ptr_array_unref(imp->ignored);
	g_ptr_array_unref(imp->missing_secrets);
	g_ptr_array_unref(imp->notes);
	g_free(imp);
}

static const struct {
	L2secFormat format;
	const char *name;
} format_names[] = {
    {L2SEC_FORMAT_NM_KEYFILE, "nm-keyfile"},
    {L2SEC_FORMAT_NM_L2TP_EXPORT, "nm-l2tp"},
    {L2SEC_FORMAT_RASPHONE_PBK, "rasphone"},
    {L2SEC_FORMAT_POWERSHELL, "powershell"},
    {L2SEC_FORMAT_MOBILECONFIG, "mobileconfig"},
    {L2SEC_FORMAT_LINUX_HOWTO, "linux-howto"},
};

const char *
l2sec_format_name(L2secFormat format)
{
	for (size_t i = 0; i < G_N_ELEMENTS(format_names); i++)
		if (format_names[i].format == format)
			return format_names[i].name;
	return "unknown";
}

L2secFormat
l2sec_format_from_name(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(format_names); i++)
		if (g_ascii_strcasecmp(format_names[i].name, name) == 0)
			return format_names[i].format;
	return L2SEC_FORMAT_UNKNOWN;
}
