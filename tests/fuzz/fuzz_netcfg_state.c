/*
 * fuzz_netcfg_state.c — client/netcfg_state.c's reader on arbitrary file
 * contents: the routes and DNS changes a killed run left in RUNDIR/NAME.netcfg.
 * Reading only (undoing them would touch this machine's routes).
 */
#include "config.h"

#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "client/netcfg_private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *dir, *path;

static void
cleanup(void)
{
	g_unlink(path);
	g_rmdir(dir);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (path == NULL) {
		dir = g_dir_make_tmp("fuzz-netcfg-state-XXXXXX", NULL);
		g_assert(dir != NULL);
		path = g_build_filename(dir, "work.netcfg", NULL);
		atexit(cleanup);
	}
	g_assert(g_file_set_contents(path, (const char *)data, (gssize)size, NULL));
	GPtrArray *changes = NULL;
	g_autoptr(GError) error = NULL;
	bool ok = netcfg_state_read(path, &changes, &error);
	g_assert(ok == (error == NULL)); /* the GError contract */
	if (ok && changes != NULL) {
		/* what was read can be written back */
		g_autofree char *again = g_strconcat(path, ".again", NULL);
		g_assert(netcfg_state_write(again, changes, NULL) || changes->len == 0);
		g_unlink(again);
	}
	if (changes != NULL)
		g_ptr_array_unref(changes);
	return 0;
}
