/*
 * replay_main.c — a main() for fuzz targets built without libFuzzer (gcc,
 * `make check`), as strongSwan's libFuzzerLocal.c. With no arguments it
 * replays the target's corpus, $srcdir/tests/fuzz/corpus/<target>/, then
 * deterministic mutations of each file (truncations, bit flips, random bytes),
 * so every parser meets short and corrupt input on every `make check`. With
 * arguments, it replays those files or directories. A crash or an assertion
 * in the target fails the test; an empty corpus fails it too.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t runs;

static void
run_one(const uint8_t *data, size_t size)
{
	/* a fresh copy, so reads past the end hit the allocator's red zones under ASan */
	uint8_t *copy = g_memdup2(data, size);
	LLVMFuzzerTestOneInput(copy, size);
	g_free(copy);
	runs++;
}

static void
run_mutations(const uint8_t *data, size_t size, GRand *rng)
{
	for (size_t cut = 0; cut < size; cut += size / 16 + 1)
		run_one(data, cut);
	g_autofree uint8_t *m = g_memdup2(data, size > 0 ? size : 1);
	for (int i = 0; i < 64 && size > 0; i++) {
		memcpy(m, data, size);
		for (int flips = 1 + i % 4; flips > 0; flips--) {
			size_t at = g_rand_int_range(rng, 0, (gint32)size);
			m[at] ^= (uint8_t)(1u << g_rand_int_range(rng, 0, 8));
		}
		run_one(m, size);
	}
}

/* g_ptr_array_sort passes pointers to the elements */
static gint
strptr_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool
run_path(const char *path, bool mutate, GRand *rng)
{
	if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
		g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
		if (dir == NULL)
			return false;
		g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
		const char *name;
		while ((name = g_dir_read_name(dir)) != NULL)
			g_ptr_array_add(names, g_build_filename(path, name, NULL));
		g_ptr_array_sort(names, strptr_cmp); /* a stable order: the mutations depend on it */
		for (guint i = 0; i < names->len; i++)
			if (!run_path(g_ptr_array_index(names, i), mutate, rng))
				return false;
		return true;
	}
	g_autofree char *data = NULL;
	gsize len = 0;
	g_autoptr(GError) error = NULL;
	if (!g_file_get_contents(path, &data, &len, &error)) {
		fprintf(stderr, "%s\n", error->message);
		return false;
	}
	run_one((const uint8_t *)data, len);
	if (mutate)
		run_mutations((const uint8_t *)data, len, rng);
	return true;
}

int
main(int argc, char **argv)
{
	g_autoptr(GRand) rng = g_rand_new_with_seed(0x12a5ec);
	g_autofree char *target = g_path_get_basename(argv[0]);
	/* libtool wrappers name the real binary lt-NAME */
	const char *name = g_str_has_prefix(target, "lt-") ? target + 3 : target;

	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			if (!run_path(argv[i], false, rng))
				return 1;
		printf("%s: %zu inputs replayed\n", name, runs);
		return 0;
	}
	const char *srcdir = g_getenv("srcdir");
	g_autofree char *corpus = g_build_filename(srcdir ? srcdir : ".", "tests", "fuzz", "corpus", name, NULL);
	if (!g_file_test(corpus, G_FILE_TEST_IS_DIR)) {
		fprintf(stderr, "%s: no corpus at %s\n", name, corpus);
		return 1;
	}
	if (!run_path(corpus, true, rng))
		return 1;
	/* and random inputs of every small length */
	uint8_t buf[512];
	for (int i = 0; i < 2000; i++) {
		size_t n = (size_t)g_rand_int_range(rng, 0, sizeof(buf));
		for (size_t j = 0; j < n; j++)
			buf[j] = (uint8_t)g_rand_int(rng);
		run_one(buf, n);
	}
	if (runs < 2001 + 1) {
		fprintf(stderr, "%s: corpus %s is empty\n", name, corpus);
		return 1;
	}
	printf("%s: %zu inputs replayed from %s and mutations\n", name, runs, corpus);
	return 0;
}
