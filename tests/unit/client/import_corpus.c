/* import_corpus.c — see import_corpus.h. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "client/profile.h"
#include "tests/unit/client/import_corpus.h"

char *
import_corpus_dir(const char *format)
{
	const char *srcdir = g_getenv("srcdir");
	return g_build_filename(srcdir ? srcdir : ".", "tests", "import", format, NULL);
}

static gint
cmp_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
read_one(GArray *files, const char *path)
{
	char *data = NULL;
	gsize len = 0;
	g_autoptr(GError) error = NULL;
	if (!g_file_get_contents(path, &data, &len, &error))
		fail_msg("%s", error->message);
	L2secImportFile f = {.path = g_strdup(path), .data = data, .len = len};
	g_array_append_val(files, f);
}

GArray *
import_corpus_read(const char *path)
{
	GArray *files = g_array_new(FALSE, FALSE, sizeof(L2secImportFile));
	if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
		read_one(files, path);
		return files;
	}
	g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
	if (dir == NULL)
		fail_msg("cannot open %s", path);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	for (const char *n; (n = g_dir_read_name(dir)) != NULL;)
		g_ptr_array_add(names, g_strdup(n));
	g_ptr_array_sort(names, cmp_str);
	for (guint i = 0; i < names->len; i++) {
		g_autofree char *p = g_build_filename(path, names->pdata[i], NULL);
		read_one(files, p);
	}
	return files;
}

void
import_corpus_files_free(GArray *files)
{
	for (guint i = 0; i < files->len; i++) {
		L2secImportFile *f = &g_array_index(files, L2secImportFile, i);
		g_free((char *)f->path);
		g_free((char *)f->data);
	}
	g_array_unref(files);
}

L2secImport *
import_corpus_import(const char *format, const char *sample, ImportCorpusFn fn, GError **error)
{
	g_autofree char *dir = import_corpus_dir(format);
	g_autofree char *path = g_build_filename(dir, sample, NULL);
	GArray *files = import_corpus_read(path);
	L2secImport *imp = l2sec_import_new();
	bool ok = fn((const L2secImportFile *)(void *)files->data, files->len, imp, error);
	import_corpus_files_free(files);
	if (!ok) {
		l2sec_import_free(imp);
		return NULL;
	}
	return imp;
}

static char *
read_text(const char *path)
{
	char *data = NULL;
	g_autoptr(GError) error = NULL;
	if (!g_file_get_contents(path, &data, NULL, &error))
		fail_msg("%s", error->message);
	return data;
}

static void
run_kind(const char *format, const char *kind, const char *ext, ImportCorpusFn fn, unsigned *ret)
{
	g_autofree char *base = import_corpus_dir(format);
	g_autofree char *dirpath = g_build_filename(base, kind, NULL);
	g_autoptr(GDir) dir = g_dir_open(dirpath, 0, NULL);
	if (dir == NULL)
		fail_msg("cannot open %s", dirpath);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	for (const char *n; (n = g_dir_read_name(dir)) != NULL;)
		if (g_str_has_suffix(n, ext))
			g_ptr_array_add(names, g_strdup(n));
	g_ptr_array_sort(names, cmp_str);
	bool good = strcmp(kind, "good") == 0;
	for (guint i = 0; i < names->len; i++) {
		const char *n = names->pdata[i];
		g_autofree char *stem = g_strndup(n, strlen(n) - strlen(ext));
		g_autofree char *sample = g_build_filename(kind, n, NULL);
		g_autofree char *want_path =
		    g_strdup_printf("%s/%s%s", dirpath, stem, good ? ".expected" : ".error");
		g_autofree char *want = read_text(want_path);
		g_autoptr(GError) error = NULL;
		g_autoptr(L2secImport) imp = import_corpus_import(format, sample, fn, &error);
		if (good) {
			if (imp == NULL)
				fail_msg("%s/%s: %s", format, sample, error->message);
			if (strcmp(imp->profile->str, want) != 0)
				fail_msg("%s/%s: the profile differs from %s.expected:\n%s", format,
				    sample, stem, imp->profile->str);
			g_autoptr(GError) lerr = NULL;
			g_autoptr(L2secProfile) p = l2sec_profile_load_data("imported.conf",
			    imp->profile->str, imp->profile->len, NULL,
			    L2SEC_PROFILE_NO_SECRET_FILES, NULL, &lerr);
			if (p == NULL)
				fail_msg("%s/%s: the profile does not load: %s", format, sample,
				    lerr->message);
			if (imp->name == NULL || *imp->name == '\0')
				fail_msg("%s/%s: no name", format, sample);
		} else {
			if (imp != NULL)
				fail_msg("%s/%s: imported, expected an error:\n%s", format, sample,
				    imp->profile->str);
			if (error->domain != L2SEC_IMPORT_ERROR)
				fail_msg("%s/%s: error of another domain: %s", format, sample,
				    error->message);
			g_autofree char *got = g_strdup_printf("l2sec: %s\n", error->message);
			if (strcmp(got, want) != 0)
				fail_msg(
				    "%s/%s: error\n  got  %s  want %s", format, sample, got, want);
		}
		(*ret)++;
	}
}

void
import_corpus_run(
    const char *format, const char *ext, ImportCorpusFn fn, unsigned *ret_good, unsigned *ret_bad)
{
	*ret_good = *ret_bad = 0;
	run_kind(format, "good", ext, fn, ret_good);
	run_kind(format, "bad", ext, fn, ret_bad);
}

bool
import_corpus_has(const GPtrArray *list, const char *prefix)
{
	for (guint i = 0; i < list->len; i++)
		if (g_str_has_prefix(list->pdata[i], prefix))
			return true;
	return false;
}

void
import_corpus_check_case(const char *name, bool ok, const L2secImport *imp, const GError *error,
    const char *want, const char *want_error)
{
	if (want != NULL) {
		if (!ok)
			fail_msg("%s: %s", name, error->message);
		if (strstr(imp->profile->str, want) == NULL)
			fail_msg("%s: no '%s' in\n%s", name, want, imp->profile->str);
	} else {
		if (ok)
			fail_msg("%s: imported:\n%s", name, imp->profile->str);
		if (strcmp(error->message, want_error) != 0)
			fail_msg("%s: got '%s', want '%s'", name, error->message, want_error);
	}
}
