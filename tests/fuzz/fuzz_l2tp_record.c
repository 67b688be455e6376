/*
 * fuzz_l2tp_record.c — client/l2tp_record.c on arbitrary file contents: the
 * record of an earlier run's L2TP tunnel, read back from RUNDIR/NAME.l2tp.
 */
#include "config.h"

#include <stdint.h>
#include <stddef.h>
#include <unistd.h>
#include <stdlib.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "client/l2tp_record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *dir, *path;

static void
cleanup(void)
{
	g_rmdir(dir); /* the record itself is gone after every input */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (path == NULL) {
		dir = g_dir_make_tmp("fuzz-l2tp-record-XXXXXX", NULL);
		g_assert(dir != NULL);
		path = g_build_filename(dir, "work.l2tp", NULL);
		atexit(cleanup);
	}
	g_assert(g_file_set_contents(path, (const char *)data, (gssize)size, NULL));
	L2tpStaleTunnel r;
	g_autofree char *why = NULL;
	bool ok = l2sec_l2tp_record_take(path, "192.0.2.1", &r, &why);
	if (ok)
		g_assert(why == NULL && r.local_id != 0 && r.peer_id != 0);
	else
		g_assert(r.local_id == 0);
	/* taken or refused, the record is gone */
	g_assert(access(path, F_OK) != 0);
	return 0;
}
