/*
 * import_draft.h — what an importer builds before it writes the profile text
 * (import.h): a value per l2sec.conf(5) key, set in any order, rendered in the
 * canonical order of profile_write.c into L2secImport.profile. The draft also
 * records why a key was set, so "ignored" lines and notes stay in one place.
 * Secret values are wiped when replaced or freed. A secret that cannot be
 * written inline (it starts with '#') is not written: it goes to
 * missing_secrets with a note saying to put it in a *-file.
 */
#ifndef L2SEC_CLIENT_IMPORT_DRAFT_H
#define L2SEC_CLIENT_IMPORT_DRAFT_H

#include <stdbool.h>
#include <glib.h>

#include "client/import.h"
#include "common/secret.h"

typedef struct L2secImportDraft L2secImportDraft;

L2secImportDraft *l2sec_import_draft_new(void);
void l2sec_import_draft_free(L2secImportDraft *d);
/* Set [section] key = value (replacing an earlier value); `key` must be an l2sec.conf(5) key. */
void l2sec_import_draft_set(L2secImportDraft *d, const char *key, const char *value);
/* The value set for `key`, or NULL. */
const char *l2sec_import_draft_get(const L2secImportDraft *d, const char *key);
void l2sec_import_draft_unset(L2secImportDraft *d, const char *key);
/* Append the profile text to out->profile (and any secret it cannot hold to missing_secrets). */
void l2sec_import_draft_render(const L2secImportDraft *d, L2secImport *out);

/* out->ignored += "KEY=VALUE (why)" */
void l2sec_import_ignore(L2secImport *out, const char *key, const char *value, const char *why);
/* out->notes += a formatted remark */
void l2sec_import_note(L2secImport *out, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* out->missing_secrets += key, once */
void l2sec_import_missing(L2secImport *out, const char *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(L2secImportDraft, l2sec_import_draft_free)

/* Strict base64 (RFC 4648 §4): blanks and line ends are skipped, anything else outside the
 * alphabet or a bad padding fails. The result is a secret (a PSK, mostly). */
bool l2sec_import_base64_decode(const char *s, L2secSecret **ret);

#endif
