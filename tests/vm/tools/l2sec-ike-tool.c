/*
 * l2sec-ike-tool — the IKEv1 initiator (ipsec/ikev1_sa.c) on real sockets, with
 * the ESP SAs it negotiates installed through ipsec/xfrm_install.c, for the VM
 * test tests/vm/tests/ike-strongswan.sh.
 *
 *   l2sec-ike-tool SERVER_IP LOCAL_IP [--psk-file F] [--hold S] [--count N]
 *
 * The PSK comes from a 0600 file (never argv). The outbound udp/1701 policy is
 * installed before the first IKE message (nothing leaves in clear); on
 * INSTALL_ESP the inbound policy and both SAs follow, all on one undo list.
 * Then N datagrams go from LOCAL:1701 to SERVER:1701, and the tool holds for
 * S seconds or until SIGTERM/SIGINT, closes the SA (Deletes sent), runs the
 * undo list and prints CLEAN. Output lines: IKE_ESTABLISHED ms=.. proposal=..,
 * ESP_INSTALLED ms=.. spi_in=.. spi_out=.., SENT n, CLEAN; on failure
 * "FAILED: <message>" and exit status 1 (after the undo list).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>
#include <openssl/rand.h>

#include "common/secret.h"
#include "ipsec/ike_proposal.h"
#include "ipsec/ikev1_sa.h"
#include "ipsec/xfrm_install.h"
#include "ipsec/xfrm_spec.h"

#ifndef UDP_ENCAP
#define UDP_ENCAP 100
#endif
#ifndef UDP_ENCAP_ESPINUDP
#define UDP_ENCAP_ESPINUDP 2
#endif

static volatile sig_atomic_t stop_requested;

static void
on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void
rng(void *buf, size_t len, void *user_data)
{
	(void)user_data;
	if (RAND_bytes(buf, (int)len) != 1)
		abort();
}

static uint64_t
now_ms(void)
{
	return (uint64_t)(g_get_monotonic_time() / 1000);
}

typedef struct Tool {
	int s500, s4500, s1701;
	struct in_addr local, server;
	XfrmSocket *xfrm;
	XfrmUndo *undo;
	uint64_t t0, timer_ms, hold_until_ms;
	unsigned hold_s, count;
	bool up, done, failed;
	uint32_t reqid;
} Tool;

static int
udp_socket(struct in_addr addr, uint16_t port, bool encap)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -1;
	int one = 1;
	(void)setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr = addr};
	if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		fprintf(stderr, "bind %s:%u: %s\n", inet_ntoa(addr), port, strerror(errno));
		close(s);
		return -1;
	}
	int type = UDP_ENCAP_ESPINUDP;
	if (encap && setsockopt(s, IPPROTO_UDP, UDP_ENCAP, &type, sizeof(type)) < 0) {
		fprintf(stderr, "UDP_ENCAP on %u: %s\n", port, strerror(errno));
		close(s);
		return -1;
	}
	return s;
}

static XfrmAddr
addr4(const uint8_t a[4])
{
	XfrmAddr x = {.family = AF_INET};
	memcpy(x.bytes, a, 4);
	return x;
}

static bool
install_esp(Tool *t, const IkeV1EspSa *e, GError **error)
{
	XfrmPolicySpec in_pol = {
	    .dir = XFRM_DIR_IN,
	    .src = addr4(e->remote_addr),
	    .dst = addr4(e->local_addr),
	    .sport = e->l2tp_remote_port,
	    .dport = e->l2tp_local_port,
	    .action = XFRM_ACTION_ALLOW,
	    .reqid = t->reqid,
	};
	static const uint8_t zero4[4];
	XfrmSaSpec sa[2];
	for (int dir = 0; dir < 2; dir++) { /* 0: inbound, 1: outbound */
		XfrmSaSpec *s = &sa[dir];
		memset(s, 0, sizeof(*s));
		bool out = dir == 1;
		s->src = addr4(out ? e->local_addr : e->remote_addr);
		s->dst = addr4(out ? e->remote_addr : e->local_addr);
		s->spi = out ? e->spi_out : e->spi_in;
		s->reqid = t->reqid;
		if (e->auth_alg == NULL) {
			s->aead_alg = e->enc_alg;
			s->aead_key = out ? e->enc_key_out : e->enc_key_in;
			s->aead_icv_bits = e->icv_bits;
		} else {
			s->enc_alg = e->enc_alg;
			s->enc_key = out ? e->enc_key_out : e->enc_key_in;
			s->auth_alg = e->auth_alg;
			s->auth_key = out ? e->auth_key_out : e->auth_key_in;
			s->auth_trunc_bits = e->auth_trunc_bits;
		}
		s->encap = e->encap;
		if (e->encap) {
			s->encap_sport = out ? e->encap_sport : e->encap_dport;
			s->encap_dport = out ? e->encap_dport : e->encap_sport;
			if (memcmp(e->nat_oa, zero4, 4) != 0)
				s->encap_oa = addr4(e->nat_oa);
		}
		s->hard_seconds = e->lifetime_s;
		s->soft_seconds = e->lifetime_s - e->lifetime_s / 10;
		s->sel_sport = out ? e->l2tp_local_port : e->l2tp_remote_port;
		s->sel_dport = out ? e->l2tp_remote_port : e->l2tp_local_port;
	}
	return xfrm_sa_install(t->xfrm, &sa[0], t->undo, error) &&
	       xfrm_sa_install(t->xfrm, &sa[1], t->undo, error) &&
	       xfrm_policy_install(t->xfrm, &in_pol, t->undo, error);
}

static void
send_datagrams(Tool *t)
{
	struct sockaddr_in to = {
	    .sin_family = AF_INET, .sin_port = htons(IKEV1_L2TP_PORT), .sin_addr = t->server};
	unsigned sent = 0;
	for (unsigned i = 0; i < t->count; i++) {
		char buf[64];
		int n = snprintf(buf, sizeof(buf), "l2sec-ike-tool datagram %u", i);
		if (sendto(t->s1701, buf, (size_t)n, 0, (struct sockaddr *)&to, sizeof(to)) == n)
			sent++;
		else
			fprintf(
			    stderr, "sendto %s:1701: %s\n", inet_ntoa(t->server), strerror(errno));
		g_usleep(50 * 1000);
	}
	printf("SENT %u\n", sent);
	fflush(stdout);
}

static void
run(Tool *t, IkeV1Actions *acts)
{
	for (guint i = 0; i < acts->len; i++) {
		const IkeV1Action *a = &g_array_index(acts, IkeV1Action, i);
		uint64_t ms = now_ms() - t->t0;
		switch (a->type) {
		case IKEV1_ACTION_SEND: {
			int s = a->local_port == IKEV1_NATT_PORT ? t->s4500 : t->s500;
			gsize len;
			const uint8_t *data = g_bytes_get_data(a->bytes, &len);
			g_autoptr(GByteArray) buf = g_byte_array_new();
			if (a->non_esp_marker) {
				static const uint8_t marker[4];
				g_byte_array_append(buf, marker, 4);
			}
			g_byte_array_append(buf, data, (guint)len);
			struct sockaddr_in to = {.sin_family = AF_INET,
			    .sin_port = htons(a->remote_port),
			    .sin_addr = t->server};
			if (sendto(s, buf->data, buf->len, 0, (struct sockaddr *)&to, sizeof(to)) <
			    0)
				fprintf(stderr, "sendto %u: %s\n", a->remote_port, strerror(errno));
			break;
		}
		case IKEV1_ACTION_TIMER:
			t->timer_ms = a->deadline_ms;
			break;
		case IKEV1_ACTION_ESTABLISHED:
			printf("IKE_ESTABLISHED ms=%" G_GUINT64_FORMAT
			       " proposal=%s natt=%d nat_local=%d dpd=%d\n",
			    ms, a->ike->proposal, a->ike->natt, a->ike->nat_local,
			    a->ike->peer_dpd);
			fflush(stdout);
			break;
		case IKEV1_ACTION_INSTALL_ESP: {
			g_autoptr(GError) error = NULL;
			if (!install_esp(t, a->esp, &error)) {
				printf("FAILED: installing the ESP SAs: %s\n", error->message);
				t->failed = t->done = true;
				break;
			}
			printf("ESP_INSTALLED ms=%" G_GUINT64_FORMAT
			       " spi_in=0x%08x spi_out=0x%08x proposal=%s encap=%d\n",
			    ms, a->esp->spi_in, a->esp->spi_out, a->esp->proposal, a->esp->encap);
			fflush(stdout);
			t->up = true;
			send_datagrams(t);
			t->hold_until_ms = now_ms() + (uint64_t)t->hold_s * 1000;
			break;
		}
		case IKEV1_ACTION_DELETE_ESP:
			printf("DELETE_ESP spi_in=0x%08x spi_out=0x%08x\n", a->esp->spi_in,
			    a->esp->spi_out);
			break;
		case IKEV1_ACTION_PEER_DEAD:
		case IKEV1_ACTION_SERVER_DELETE:
			printf("%s: %s\n", ikev1_action_name(a->type), a->reason ? a->reason : "");
			t->failed = t->done = true;
			break;
		case IKEV1_ACTION_FAILED:
			printf("FAILED: %s\n", a->error->message);
			t->failed = t->done = true;
			break;
		case IKEV1_ACTION_CLOSED:
			printf("CLOSED\n");
			t->done = true;
			break;
		}
	}
	fflush(stdout);
	g_array_set_size(acts, 0);
}

static void
receive(Tool *t, IkeV1Sa *sa, int s, bool natt, IkeV1Actions *acts)
{
	uint8_t buf[65536];
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	ssize_t n = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
	if (n < 0 || from.sin_addr.s_addr != t->server.s_addr)
		return;
	size_t off = 0;
	if (natt) {
		static const uint8_t marker[4];
		if (n < 4 || memcmp(buf, marker, 4) != 0)
			return; /* a NAT keepalive or ESP the kernel did not take */
		off = 4;
	}
	ikev1_sa_receive(sa, now_ms(), buf + off, (size_t)n - off, acts);
	run(t, acts);
}

/* poll until t->done or (when until_ms) the deadline */
static void
loop(Tool *t, IkeV1Sa *sa, IkeV1Actions *acts, bool closing, uint64_t until_ms)
{
	while (!t->done) {
		if (!closing && stop_requested)
			return;
		uint64_t now = now_ms();
		if (until_ms != 0 && now >= until_ms)
			return;
		if (!closing && t->up && now >= t->hold_until_ms)
			return;
		if (t->timer_ms != 0 && now >= t->timer_ms) {
			t->timer_ms = 0;
			ikev1_sa_timer(sa, now, acts);
			run(t, acts);
			continue;
		}
		uint64_t next = now + 1000;
		if (t->timer_ms != 0 && t->timer_ms < next)
			next = t->timer_ms;
		if (until_ms != 0 && until_ms < next)
			next = until_ms;
		if (!closing && t->up && t->hold_until_ms < next)
			next = t->hold_until_ms;
		struct pollfd p[2] = {
		    {.fd = t->s500, .events = POLLIN}, {.fd = t->s4500, .events = POLLIN}};
		int r = poll(p, 2, (int)(next - now));
		if (r <= 0)
			continue;
		if (p[0].revents & POLLIN)
			receive(t, sa, t->s500, false, acts);
		if (p[1].revents & POLLIN)
			receive(t, sa, t->s4500, true, acts);
	}
}

int
main(int argc, char **argv)
{
	const char *psk_file = NULL;
	Tool t = {.s500 = -1, .s4500 = -1, .s1701 = -1, .hold_s = 5, .count = 5};
	const char *server = NULL, *local = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--psk-file") == 0 && i + 1 < argc)
			psk_file = argv[++i];
		else if (strcmp(argv[i], "--hold") == 0 && i + 1 < argc)
			t.hold_s = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--count") == 0 && i + 1 < argc)
			t.count = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (server == NULL)
			server = argv[i];
		else if (local == NULL)
			local = argv[i];
		else
			server = NULL, local = NULL, i = argc;
	}
	if (server == NULL || local == NULL || psk_file == NULL ||
	    inet_pton(AF_INET, server, &t.server) != 1 ||
	    inet_pton(AF_INET, local, &t.local) != 1) {
		fprintf(stderr, "usage: l2sec-ike-tool SERVER_IP LOCAL_IP --psk-file F [--hold S] "
				"[--count N]\n");
		return 2;
	}
	struct sigaction sig = {.sa_handler = on_signal};
	sigaction(SIGTERM, &sig, NULL);
	sigaction(SIGINT, &sig, NULL);

	g_autoptr(GError) error = NULL;
	g_autoptr(L2secSecret) psk = NULL;
	g_autoptr(GPtrArray) ike = NULL;
	g_autoptr(GPtrArray) esp = NULL;
	if (!l2sec_secret_load_file(psk_file, &psk, &error) ||
	    !ike_proposal_parse_ike(NULL, &ike, &error) ||
	    !ike_proposal_parse_esp(NULL, &esp, &error)) {
		printf("FAILED: %s\n", error->message);
		return 1;
	}
	t.s500 = udp_socket(t.local, IKEV1_PORT, false);
	t.s4500 = udp_socket(t.local, IKEV1_NATT_PORT, true);
	t.s1701 = udp_socket(t.local, IKEV1_L2TP_PORT, false);
	if (t.s500 < 0 || t.s4500 < 0 || t.s1701 < 0)
		return 1;

	g_autoptr(IkeV1Sa) sa = NULL;
	t.xfrm = xfrm_socket_open(&error);
	if (t.xfrm == NULL) {
		printf("FAILED: %s\n", error->message);
		return 1;
	}
	t.undo = xfrm_undo_new();
	t.reqid = xfrm_reqid_ours(1);
	XfrmPolicySpec out_pol = {
	    .dir = XFRM_DIR_OUT,
	    .sport = IKEV1_L2TP_PORT,
	    .dport = IKEV1_L2TP_PORT,
	    .action = XFRM_ACTION_ALLOW,
	    .reqid = t.reqid,
	};
	out_pol.src = addr4((const uint8_t *)&t.local.s_addr);
	out_pol.dst = addr4((const uint8_t *)&t.server.s_addr);
	int status = 0;
	if (!xfrm_policy_install(t.xfrm, &out_pol, t.undo, &error)) {
		printf("FAILED: the outbound policy: %s\n", error->message);
		status = 1;
		goto undo;
	}

	IkeV1Config cfg = {
	    .local_port = IKEV1_PORT,
	    .remote_port = IKEV1_PORT,
	    .psk = psk,
	    .ike_proposals = ike,
	    .esp_proposals = esp,
	    .rng = rng,
	};
	memcpy(cfg.local_addr, &t.local.s_addr, 4);
	memcpy(cfg.remote_addr, &t.server.s_addr, 4);
	sa = ikev1_sa_new(&cfg, &error);
	if (sa == NULL) {
		printf("FAILED: %s\n", error->message);
		status = 1;
		goto undo;
	}
	IkeV1Actions *acts = ikev1_actions_new();
	t.t0 = now_ms();
	ikev1_sa_start(sa, now_ms(), acts);
	run(&t, acts);
	loop(&t, sa, acts, false, 0);
	if (t.failed) {
		status = 1;
	} else {
		t.done = false;
		ikev1_sa_close(sa, now_ms(), acts);
		run(&t, acts);
		loop(&t, sa, acts, true, now_ms() + 3000);
		if (!t.done)
			printf("close: no CLOSED within 3 s (state %s)\n", ikev1_sa_state_name(sa));
	}
	ikev1_actions_free(acts);

undo:;
	guint n = xfrm_undo_length(t.undo);
	g_autoptr(GError) undo_error = NULL;
	if (!xfrm_undo_run(t.xfrm, t.undo, &undo_error)) {
		printf("FAILED: undo: %s\n", undo_error->message);
		status = 1;
	} else {
		printf("CLEAN removed=%u\n", n);
	}
	xfrm_undo_free(t.undo);
	xfrm_socket_free(t.xfrm);
	close(t.s500);
	close(t.s4500);
	close(t.s1701);
	return status;
}
