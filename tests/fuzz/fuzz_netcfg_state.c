/*
 * fuzz_netcfg_state.c — client/netcfg_state.c's reader on arbitrary file
 * contents: the routes and DNS changes a killed run left in RUNDIR/NAME.netcfg.
 * Reading only (undoing them would touch this machine's routes).
 */
#include "config.h"

#include <stdint.h>
#include <stddef.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "client/netcfg_private.h"
#include "tests/fuzz/fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file_put("work.netcfg", data, size);
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
