/*
 * fuzz_file.h — for fuzz targets of file readers: the input, written to a file
 * NAME in a private temporary folder (made on first use, removed at exit).
 */
#ifndef L2SEC_TESTS_FUZZ_FUZZ_FILE_H
#define L2SEC_TESTS_FUZZ_FUZZ_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <glib.h>
#include <glib/gstdio.h>

static char *fuzz_file_dir, *fuzz_file_path;

static void
fuzz_file_cleanup(void)
{
	g_unlink(fuzz_file_path);
	g_rmdir(fuzz_file_dir);
}

/* The path of a file NAME holding exactly data[0..size). */
static const char *
fuzz_file_put(const char *name, const uint8_t *data, size_t size)
{
	if (fuzz_file_path == NULL) {
		fuzz_file_dir = g_dir_make_tmp("l2sec-fuzz-XXXXXX", NULL);
		g_assert(fuzz_file_dir != NULL);
		fuzz_file_path = g_build_filename(fuzz_file_dir, name, NULL);
		atexit(fuzz_file_cleanup);
	}
	g_assert(g_file_set_contents(fuzz_file_path, (const char *)data, (gssize)size, NULL));
	return fuzz_file_path;
}

#endif
