/*
 * import_util.h — what the rasphone.pbk, PowerShell and Linux how-to importers
 * share (private to them; the contract is import.h): decoding a file's bytes to
 * UTF-8 lines (BOMs, UTF-16LE/BE, ANSI for Windows files), "FILE:LINE: ..."
 * errors in L2SEC_IMPORT_ERROR, the ignored/notes/missing lists, and the profile
 * under construction, which is rendered in the key order of l2sec.conf(5) and
 * then loaded with l2sec_profile_load_data() so that nothing an importer emits
 * escapes the profile's own checks.
 *
 * Missing required keys are filled the same way by every importer: a PSK the
 * source does not hold becomes `psk-file = STEM.psk` (a file next to the
 * profile, to be written by the user) and "psk" in missing_secrets; a user
 * name it does not hold becomes `user = CHANGE-ME` and "user" in
 * missing_secrets; a password it does not hold only adds "password" there
 * (l2sec connect asks for it). The notes say so.
 */
#ifndef L2SEC_CLIENT_IMPORT_UTIL_H
#define L2SEC_CLIENT_IMPORT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

#include "client/import.h"

/* The user name written when the source holds none ("user" is then in missing_secrets). */
#define IMPORT_USER_PLACEHOLDER "CHANGE-ME"

/* A file decoded to UTF-8 and split into lines (CR LF, LF or CR ends), 1-based. */
typedef struct ImportText {
	char *label; /* the file's base name, for messages */
	char *buf;   /* the decoded text; wiped on free (it may hold secrets) */
	size_t len;
	GPtrArray *lines; /* of char * pointing into buf: lines->pdata[i] is line i + 1 */
} ImportText;

/* Decode `f`: UTF-8 with or without BOM, UTF-16LE/BE with BOM, and, when `ansi` is set,
 * Windows-1252 for bytes that are not UTF-8 (Windows' "ANSI" files). A NUL byte or invalid
 * UTF-8 (without `ansi`) is L2SEC_IMPORT_ERROR_MALFORMED naming the line. */
ImportText *import_text_new(const L2secImportFile *f, bool ansi, GError **error);
void import_text_free(ImportText *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ImportText, import_text_free)

/* The base name of a path, for messages (the caller frees it). */
char *import_file_label(const char *path);

/* Set "FILE:LINE: MESSAGE" (or "FILE: MESSAGE" when line is 0) and return false. */
bool import_fail(GError **error, int code, const char *file, unsigned line, const char *fmt, ...)
    G_GNUC_PRINTF(5, 6);
/* Append "KEY=VALUE (why)" lines and remarks. */
void import_ignore(L2secImport *out, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void import_note(L2secImport *out, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Add a profile key to missing_secrets once. */
void import_missing(L2secImport *out, const char *key);

/* The profile being built: one value per l2sec.conf(5) key (keys are unique across
 * sections), values kept unescaped; wiped on free. */
typedef struct ImportProfile ImportProfile;
ImportProfile *import_profile_new(void);
void import_profile_free(ImportProfile *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ImportProfile, import_profile_free)
/* Set (or replace) `key`; false when the value cannot be written in a profile line (a
 * leading '#', control characters) — the caller then says why. Unknown keys abort. */
bool import_profile_set(ImportProfile *p, const char *key, const char *value);
const char *import_profile_get(const ImportProfile *p, const char *key);
void import_profile_unset(ImportProfile *p, const char *key);
/* Fill what is missing (see above) using `name` for the psk-file name, render the text into
 * out->profile, set out->name, and load the text to check it: a text that does not load is
 * L2SEC_IMPORT_ERROR_MALFORMED "FILE: ...". */
bool import_profile_finish(ImportProfile *p, const char *file, const char *name,
    const char *source_kind, L2secImport *out, GError **error);

/* A file name from a connection name: letters, digits, '.', '_' and '-' kept (UTF-8 letters
 * too), anything else becomes '-'; never empty, never starting with '.' or '-'. */
char *import_file_stem(const char *name);

/* Whether `list` parses as ike-proposals (ike) or esp-proposals; the error names the item. */
bool import_proposals_ok(bool ike, const char *list, GError **error);

/* Strip blanks at both ends, in place. */
char *import_strip(char *s);

#endif
