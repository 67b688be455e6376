/*
 * l2sec-ike-tool — runs the production IKE edge (ipsec/ike_connection.c) for
 * the VM tests tests/vm/tests/ike-*.sh: one connection in a GMainLoop, then
 * UDP from LOCAL:1701 to SERVER:1701 through the ESP pair it installed.
 *
 *   l2sec-ike-tool SERVER_IP [LOCAL_IP|auto] --psk-file F [--hold S] [--count N]
 *       [--ike LIST] [--esp LIST] [--pfs GROUP] [--local-id ID] [--force-encap]
 *       [--dpd S] [--esp-lifetime S] [--timeout-ms MS] [--l2tp-probe]
 *       [--resend-on-rekey]
 *
 * The PSK comes from a 0600 file (never argv). LOCAL_IP "auto" (or omitted)
 * lets the edge find the source address for SERVER. Output lines:
 *   PHASE <the edge's phase line>
 *   IKE_ESTABLISHED ms=<phase 1> proposal=.. natt=0|1
 *   ESP_INSTALLED ms=<phase 1 + phase 2> spi_in=.. spi_out=.. proposal=.. encap=0|1 xfrm_ms=..
 *   REKEYED spi_in=.. spi_out=..  after an ESP rekey (--resend-on-rekey: SENT and the probe again)
 *   SENT n                      the datagrams to SERVER:1701
 *   L2TP_REPLY bytes=n          (--l2tp-probe) the server's L2TP answer to our SCCRQ
 *   COUNTERS bytes_in=.. bytes_out=.. packets_in=.. packets_out=..
 *   STOPPING, COUNTERS ..       on SIGTERM/SIGINT (the counters of the newest pair)
 *   CLOSED / CLEAN              after SIGTERM/SIGINT or --hold seconds: closed without error
 *   FAILED: <message>           exit status 1 (the edge removed everything first)
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>
#include <glib-unix.h>

#include "common/secret.h"
#include "common/wire.h"
#include "ipsec/ike_connection.h"

typedef struct Tool {
	GMainLoop *loop;
	IkeConnection *c;
	unsigned hold_s, count;
	bool l2tp_probe, resend_on_rekey;
	unsigned probes;
	struct in_addr local, server;
	int s1701;
	GSource *hold, *probe_timer, *probe_watch;
	bool failed;
	guint sigterm, sigint;
} Tool;

static void print_counters(Tool *t);

static gboolean
on_stop(gpointer data)
{
	Tool *t = data;
	printf("STOPPING\n");
	if (ike_connection_get_up(t->c) != NULL)
		print_counters(t);
	fflush(stdout);
	ike_connection_close(t->c);
	return G_SOURCE_CONTINUE;
}

static gboolean
on_hold(gpointer data)
{
	Tool *t = data;
	t->hold = NULL;
	ike_connection_close(t->c);
	return G_SOURCE_REMOVE;
}

static void
print_counters(Tool *t)
{
	uint64_t bi, bo, pi, po;
	g_autoptr(GError) error = NULL;
	if (ike_connection_get_counters(t->c, &bi, &bo, &pi, &po, &error))
		printf("COUNTERS bytes_in=%" G_GUINT64_FORMAT " bytes_out=%" G_GUINT64_FORMAT
		       " packets_in=%" G_GUINT64_FORMAT " packets_out=%" G_GUINT64_FORMAT "\n",
		    bi, bo, pi, po);
	else
		printf("COUNTERS unavailable: %s\n", error->message);
	fflush(stdout);
}

static gboolean
on_probe_done(gpointer data)
{
	Tool *t = data;
	t->probe_timer = NULL;
	print_counters(t);
	return G_SOURCE_REMOVE;
}

static gboolean
on_1701(gint fd, GIOCondition cond, gpointer data)
{
	(void)cond;
	Tool *t = data;
	uint8_t buf[4096];
	ssize_t n;
	while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) >= 0) {
		printf("L2TP_REPLY bytes=%zd flags=0x%02x%02x\n", n, n > 0 ? buf[0] : 0,
		    n > 1 ? buf[1] : 0);
		fflush(stdout);
	}
	(void)t;
	return G_SOURCE_CONTINUE;
}

/* An L2TP SCCRQ (RFC 2661 §6.1) that xl2tpd answers with an SCCRP: traffic back through ESP. */
static GByteArray *
sccrq(uint16_t tunnel)
{
	GByteArray *w = g_byte_array_new();
	wire_put_u16(w, 0xc802); /* T, L, S, version 2 */
	size_t len_at = w->len;
	wire_put_u16(w, 0); /* length, patched */
	wire_put_u16(w, 0); /* tunnel 0 */
	wire_put_u16(w, 0); /* session 0 */
	wire_put_u16(w, 0); /* Ns */
	wire_put_u16(w, 0); /* Nr */
	static const struct {
		uint16_t type;
		const char *v;
		size_t len;
	} avps[] = {
	    {0, "\x00\x01", 2},         /* Message Type: SCCRQ */
	    {2, "\x01\x00", 2},         /* Protocol Version 1.0 */
	    {3, "\x00\x00\x00\x03", 4}, /* Framing Capabilities: sync, async */
	    {7, "l2sec-ike-tool", 14},  /* Host Name */
	};
	for (size_t i = 0; i < G_N_ELEMENTS(avps); i++) {
		wire_put_u16(w, (uint16_t)(0x8000 | (6 + avps[i].len))); /* M bit, length */
		wire_put_u16(w, 0);                                      /* IETF */
		wire_put_u16(w, avps[i].type);
		wire_put_bytes(w, avps[i].v, avps[i].len);
	}
	wire_put_u16(w, 0x8008); /* Assigned Tunnel ID: a new tunnel each time */
	wire_put_u16(w, 0);
	wire_put_u16(w, 9);
	wire_put_u16(w, tunnel);
	wire_patch_u16(w, len_at, (uint16_t)w->len);
	return w;
}

static void
send_datagrams(Tool *t)
{
	if (t->s1701 < 0) {
		t->s1701 = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		struct sockaddr_in me = {
		    .sin_family = AF_INET, .sin_port = htons(1701), .sin_addr = t->local};
		if (t->s1701 < 0 || bind(t->s1701, (struct sockaddr *)&me, sizeof(me)) < 0) {
			printf("bind %s:1701: %s\n", inet_ntoa(t->local), strerror(errno));
			return;
		}
		if (t->l2tp_probe) {
			t->probe_watch = g_unix_fd_source_new(t->s1701, G_IO_IN);
			g_source_set_callback(
			    t->probe_watch, (GSourceFunc)(void (*)(void))on_1701, t, NULL);
			g_source_attach(t->probe_watch, NULL);
		}
	}
	struct sockaddr_in to = {
	    .sin_family = AF_INET, .sin_port = htons(1701), .sin_addr = t->server};
	unsigned sent = 0;
	for (unsigned i = 0; i < t->count; i++) {
		char buf[64];
		int n = snprintf(buf, sizeof(buf), "l2sec-ike-tool datagram %u", i);
		if (sendto(t->s1701, buf, (size_t)n, 0, (struct sockaddr *)&to, sizeof(to)) == n)
			sent++;
		else
			printf("sendto %s:1701: %s\n", inet_ntoa(t->server), strerror(errno));
	}
	printf("SENT %u\n", sent);
	if (t->l2tp_probe) {
		g_autoptr(GByteArray) m = sccrq((uint16_t)(0x4c32 + t->probes++));
		if (sendto(t->s1701, m->data, m->len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
			printf("sendto SCCRQ: %s\n", strerror(errno));
		t->probe_timer = g_timeout_source_new(3000);
		g_source_set_callback(t->probe_timer, on_probe_done, t, NULL);
		g_source_attach(t->probe_timer, NULL);
		g_source_unref(t->probe_timer);
	}
	fflush(stdout);
}

static void
on_up(const IkeConnectionUp *up, void *data)
{
	Tool *t = data;
	printf("IKE_ESTABLISHED ms=%" G_GINT64_FORMAT " proposal=%s natt=%d\n", up->phase1_ms,
	    up->ike_proposal, up->natt);
	printf("ESP_INSTALLED ms=%" G_GINT64_FORMAT " spi_in=0x%08x spi_out=0x%08x proposal=%s "
	       "encap=%d xfrm_ms=%" G_GINT64_FORMAT "\n",
	    up->phase1_ms + up->phase2_ms, up->spi_in, up->spi_out, up->esp_proposal, up->natt,
	    up->install_ms);
	fflush(stdout);
	t->local = up->local;
	t->server = up->server;
	send_datagrams(t);
	if (!t->l2tp_probe)
		print_counters(t);
	t->hold = g_timeout_source_new_seconds(t->hold_s);
	g_source_set_callback(t->hold, on_hold, t, NULL);
	g_source_attach(t->hold, NULL);
	g_source_unref(t->hold);
}

static void
on_closed(const GError *error, void *data)
{
	Tool *t = data;
	if (error != NULL) {
		printf("FAILED: %s\n", error->message);
		t->failed = true;
	} else {
		printf("CLOSED\n");
	}
	fflush(stdout);
}

static void
on_done(void *data)
{
	Tool *t = data;
	if (!t->failed)
		printf("CLEAN\n");
	fflush(stdout);
	g_main_loop_quit(t->loop);
}

static void
on_phase(const char *line, void *data)
{
	Tool *t = data;
	printf("PHASE %s\n", line);
	fflush(stdout);
	if (g_str_has_prefix(line, "IKE: rekeyed ")) {
		const IkeConnectionUp *up = ike_connection_get_up(t->c);
		printf("REKEYED spi_in=0x%08x spi_out=0x%08x\n", up->spi_in, up->spi_out);
		fflush(stdout);
		if (t->resend_on_rekey)
			send_datagrams(t);
	}
}

static void
usage(void)
{
	fprintf(stderr, "usage: l2sec-ike-tool SERVER_IP [LOCAL_IP|auto] --psk-file F [--hold S] "
			"[--count N] [--ike LIST] [--esp LIST] [--pfs GROUP] [--local-id ID] "
			"[--force-encap] [--dpd S] [--esp-lifetime S] [--timeout-ms MS] "
			"[--l2tp-probe] [--resend-on-rekey]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	Tool t = {.hold_s = 5, .count = 5, .s1701 = -1};
	const char *psk_file = NULL, *server = NULL, *local = NULL;
	IkeConnectionConfig cfg = {0};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool more = i + 1 < argc;
#define ARG(name) (strcmp(a, name) == 0 && more)
		if (ARG("--psk-file"))
			psk_file = argv[++i];
		else if (ARG("--hold"))
			t.hold_s = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (ARG("--count"))
			t.count = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (ARG("--ike"))
			cfg.ike_proposals = argv[++i];
		else if (ARG("--esp"))
			cfg.esp_proposals = argv[++i];
		else if (ARG("--pfs"))
			cfg.pfs = argv[++i];
		else if (ARG("--local-id"))
			cfg.local_id = argv[++i];
		else if (ARG("--dpd"))
			cfg.dpd_delay_s = (uint32_t)strtoul(argv[++i], NULL, 10);
		else if (ARG("--esp-lifetime"))
			cfg.esp_lifetime_s = (uint32_t)strtoul(argv[++i], NULL, 10);
		else if (ARG("--timeout-ms"))
			cfg.retransmit_total_ms = (uint32_t)strtoul(argv[++i], NULL, 10);
		else if (strcmp(a, "--force-encap") == 0)
			cfg.force_encap = true;
		else if (strcmp(a, "--l2tp-probe") == 0)
			t.l2tp_probe = true;
		else if (strcmp(a, "--resend-on-rekey") == 0)
			t.resend_on_rekey = true;
		else if (a[0] == '-')
			usage();
		else if (server == NULL)
			server = a;
		else if (local == NULL)
			local = a;
		else
			usage();
#undef ARG
	}
	if (server == NULL || psk_file == NULL || inet_pton(AF_INET, server, &cfg.server) != 1)
		usage();
	if (local != NULL && strcmp(local, "auto") != 0 &&
	    inet_pton(AF_INET, local, &cfg.local) != 1)
		usage();

	g_autoptr(GError) error = NULL;
	g_autoptr(L2secSecret) psk = NULL;
	if (!l2sec_secret_load_file(psk_file, &psk, &error)) {
		printf("FAILED: %s\n", error->message);
		return 1;
	}
	cfg.psk = psk;
	/* what a crashed earlier run left would make our installs fail */
	if (!ike_connection_flush_stale(&error)) {
		printf("FAILED: %s\n", error->message);
		return 1;
	}
	IkeConnectionCallbacks cb = {
	    .up = on_up, .closed = on_closed, .done = on_done, .phase = on_phase};
	t.loop = g_main_loop_new(NULL, FALSE);
	t.c = ike_connection_new(&cfg, &cb, &t, &error);
	if (t.c == NULL || !ike_connection_start(t.c, &error)) {
		printf("FAILED: %s\n", error->message);
		ike_connection_free(t.c);
		return 1;
	}
	t.sigterm = g_unix_signal_add(SIGTERM, on_stop, &t);
	t.sigint = g_unix_signal_add(SIGINT, on_stop, &t);
	g_main_loop_run(t.loop);
	g_source_remove(t.sigterm);
	g_source_remove(t.sigint);
	if (t.probe_watch != NULL) {
		g_source_destroy(t.probe_watch);
		g_source_unref(t.probe_watch);
	}
	if (t.s1701 >= 0)
		close(t.s1701);
	ike_connection_free(t.c);
	g_main_loop_unref(t.loop);
	return t.failed ? 1 : 0;
}
