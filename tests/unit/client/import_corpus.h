/*
 * import_corpus.h — the corpus of tests/import/FORMAT/{good,bad}/ walked by the unit tests of
 * the rasphone, PowerShell and Linux how-to importers. good/NAME.EXT (or NAME.d/, a folder
 * of files) must import to exactly NAME.expected, and that text must load with
 * l2sec_profile_load_data(); bad/NAME.EXT must fail with "l2sec: " + the message equal to
 * NAME.error (its final newline aside).
 */
#ifndef L2SEC_TESTS_IMPORT_CORPUS_H
#define L2SEC_TESTS_IMPORT_CORPUS_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

#include "client/import.h"

typedef bool (*ImportCorpusFn)(
    const L2secImportFile *files, size_t n_files, L2secImport *out, GError **error);

/* The folder tests/import/FORMAT under $srcdir. */
char *import_corpus_dir(const char *format);
/* Read FILE (or every file of a folder, sorted by name) into files; the caller frees with
 * import_corpus_files_free. */
GArray *import_corpus_read(const char *path);
void import_corpus_files_free(GArray *files);
/* Run every sample of tests/import/FORMAT whose name ends in `ext` (".pbk", ".ps1" or ".d");
 * fails the test with cmocka's fail_msg on the first mismatch. Returns the number of good and
 * bad samples run. */
void import_corpus_run(
    const char *format, const char *ext, ImportCorpusFn fn, unsigned *ret_good, unsigned *ret_bad);
/* Import one sample by its path under tests/import/FORMAT ("good/win10.pbk"). */
L2secImport *import_corpus_import(
    const char *format, const char *sample, ImportCorpusFn fn, GError **error);
/*
 * The verdict on one inline case: with `want` set, the import succeeded and its text holds
 * `want`; else it failed with exactly `want_error`. fail_msg names the case otherwise.
 */
void import_corpus_check_case(const char *name, bool ok, const L2secImport *imp,
    const GError *error, const char *want, const char *want_error);
/* Whether `list` holds a string starting with `prefix`. */
bool import_corpus_has(const GPtrArray *list, const char *prefix);

#endif
