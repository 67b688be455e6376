/*
 * fuzz_l2tp_record.c — client/l2tp_record.c on arbitrary file contents: the
 * record of an earlier run's L2TP tunnel, read back from RUNDIR/NAME.l2tp.
 */
#include "config.h"

#include <stdint.h>
#include <stddef.h>
#include <unistd.h>
#include <glib.h>

#include "client/l2tp_record.h"
#include "tests/fuzz/fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file_put("work.l2tp", data, size);
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
