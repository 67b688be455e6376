/*
 * fuzz_pppd_status.c — l2tp/pppd_status.c on arbitrary bytes from the plugin's
 * descriptor: split into lines by PppdLineReader (in chunks cut where the first
 * byte says), each line decoded by pppd_status_parse_line().
 */
#include "config.h"

#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <glib.h>

#include "l2tp/pppd_status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
on_line(const char *line, size_t len, unsigned line_no, void *user_data)
{
	g_autoptr(GError) error = NULL;
	PppdEvent ev;
	bool ok = pppd_status_parse_line(line, len, &ev, &error);
	g_assert(ok == (error == NULL)); /* the GError contract */
	if (ok && ev.type == PPPD_EVENT_IP_UP)
		g_assert(ev.n_dns <= 2 && strlen(ev.ifname) < PPPD_IFNAME_MAX);
	if (ok && ev.type == PPPD_EVENT_PHASE)
		g_assert(strcmp(pppd_phase_name(ev.phase), "unknown") != 0);
	if (ok && ev.type == PPPD_EVENT_EXIT)
		g_assert(ev.exit_status >= 0 && ev.exit_status <= 255);
	(*(unsigned *)user_data)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	size_t chunk = data[0] % 64 + 1; /* how read() cut the stream */
	PppdLineReader r;
	pppd_line_reader_init(&r);
	unsigned lines = 0;
	for (size_t off = 1; off < size; off += chunk) {
		size_t n = MIN(chunk, size - off);
		g_autoptr(GError) error = NULL;
		if (!pppd_line_reader_push(&r, data + off, n, on_line, &lines, &error)) {
			g_assert(error != NULL && r.broken);
			break;
		}
	}
	g_assert(lines == r.line_no);
	return 0;
}
