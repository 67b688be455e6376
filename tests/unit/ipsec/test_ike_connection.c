/*
 * Unit tests for ipsec/ike_connection.c, the IKE edge.
 *
 * 1. Config checks (table): each bad setting gives its exact error.
 * 2. End to end over loopback: the edge runs on real non-blocking UDP sockets
 *    in a GMainContext against the in-process responder
 *    (tests/unit/ipsec/ikev1_responder.c) listening on two loopback UDP ports
 *    (IKE, and NAT-T with the non-ESP marker). The host kernel has no ESP,
 *    so the kernel operations are a table (IkeConnectionKernelOps) that keeps
 *    what it is asked to install the way the kernel's SAD/SPD would (refusing
 *    duplicates, reporting vanished entries); the responder computes KEYMAT
 *    itself, so SA keys equal to the responder's prove the edge installs the
 *    right key in the right direction. Production uses xfrm_install.h, which
 *    has its own tests (test_xfrm_install.c, tests/vm/tests/ike-*.sh).
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <cmocka.h>

#include <glib-unix.h>

#include "ipsec/ike_connection.h"
#include "ipsec/ike_error.h"
#include "tests/unit/ipsec/ikev1_responder.h"

/* --- 1. config checks --------------------------------------------------------------------- */

typedef struct ConfigCase {
	const char *name;
	const char *ike, *esp, *pfs, *local_id, *remote_id;
	bool no_psk, no_server;
	int code; /* -1: accepted */
	const char *message;
} ConfigCase;

static const ConfigCase config_cases[] = {
    {.name = "defaults", .code = -1},
    {.name = "explicit lists",
	.ike = "aes256-sha256-modp2048,legacy",
	.esp = "aes128gcm16",
	.pfs = "ecp256",
	.local_id = "vpn@example.com",
	.remote_id = "192.0.2.1",
	.code = -1},
    {.name = "fqdn id", .local_id = "client-1.example.com", .code = -1},
    {.name = "pfs none", .pfs = "none", .code = -1},
    {.name = "bad ike proposal",
	.ike = "aes256-sha265-modp2048",
	.code = L2SEC_IKE_ERROR_INVALID,
	.message = "ike-proposals: 'aes256-sha265-modp2048': unknown integrity algorithm "
		   "'sha265' at character 8, did you mean 'sha256'?"},
    {.name = "bad esp proposal",
	.esp = "aes256-sha1,blowfish",
	.code = L2SEC_IKE_ERROR_INVALID,
	.message = NULL /* filled below */},
    {.name = "bad pfs",
	.pfs = "modp2047",
	.code = L2SEC_IKE_ERROR_INVALID,
	.message = "pfs: unknown DH group 'modp2047'; known: none, modp1024, modp1536, "
		   "modp2048, ecp256, ecp384, curve25519"},
    {.name = "id with a space",
	.local_id = "my host",
	.code = L2SEC_IKE_ERROR_INVALID,
	.message = "local-id: 'my host': character 3 (0x20) is not allowed in a host name"},
    {.name = "id with two @",
	.local_id = "a@b@c",
	.code = L2SEC_IKE_ERROR_INVALID,
	.message = "local-id: 'a@b@c' has more than one '@'"},
    {.name = "id without user",
	.local_id = "@example.com",
	.code = L2SEC_IKE_ERROR_INVALID,
	.message = "local-id: '@example.com': user@host needs both parts"},
    {.name = "empty id",
	.local_id = "",
	.code = L2SEC_IKE_ERROR_INVALID,
	.message = "local-id: empty; give an IPv4 address, a host name or user@host"},
    {.name = "bad remote id",
	.remote_id = "srv/1",
	.code = L2SEC_IKE_ERROR_INVALID,
	.message = "remote-id: 'srv/1': character 4 (0x2f) is not allowed in a host name"},
    {.name = "no psk",
	.no_psk = true,
	.code = L2SEC_IKE_ERROR_INVALID,
	.message = "psk: no pre-shared key given"},
    {.name = "no server",
	.no_server = true,
	.code = L2SEC_IKE_ERROR_INVALID,
	.message = "server: no address given"},
};

static void
test_config_check(void **state)
{
	(void)state;
	g_autoptr(L2secSecret) psk = l2sec_secret_new_str("labsecret");
	for (size_t i = 0; i < G_N_ELEMENTS(config_cases); i++) {
		const ConfigCase *t = &config_cases[i];
		IkeConnectionConfig cfg = {.psk = t->no_psk ? NULL : psk,
		    .ike_proposals = t->ike,
		    .esp_proposals = t->esp,
		    .pfs = t->pfs,
		    .local_id = t->local_id,
		    .remote_id = t->remote_id};
		if (!t->no_server)
			inet_pton(AF_INET, "192.0.2.1", &cfg.server);
		g_autoptr(GError) error = NULL;
		bool ok = ike_connection_config_check(&cfg, &error);
		g_autoptr(GError) error2 = NULL;
		g_autoptr(IkeConnection) c = ike_connection_new(&cfg, NULL, NULL, &error2);
		if (t->code < 0) {
			if (!ok || c == NULL)
				fail_msg(
				    "%s: refused: %s", t->name, (error ? error : error2)->message);
			continue;
		}
		if (ok || c != NULL)
			fail_msg("%s: accepted", t->name);
		if (error->code != t->code)
			fail_msg("%s: code %d, want %d (%s)", t->name, error->code, t->code,
			    error->message);
		if (t->message != NULL && strcmp(error->message, t->message) != 0)
			fail_msg("%s: '%s'", t->name, error->message);
		if (t->message == NULL && !g_str_has_prefix(error->message, "esp-proposals: "))
			fail_msg("%s: '%s' does not name the setting", t->name, error->message);
		if (strcmp(error->message, error2->message) != 0)
			fail_msg("%s: new() says '%s'", t->name, error2->message);
	}
}

/* --- 2. a kernel that keeps what it is given ------------------------------------------------ */

typedef struct KernelSa {
	XfrmSaSpec spec; /* keys cleared */
	GBytes *enc_key, *auth_key;
} KernelSa;

typedef struct FakeKernel {
	GArray *policies; /* XfrmPolicySpec */
	GArray *sas;      /* KernelSa */
	GString *log;     /* "+pol out;+sa c1a2b3c4;..." in order */
	unsigned opened, closed;
	bool fail_sa_install;
	const unsigned *datagrams_seen; /* the responder's count, to check the policy came first */
	unsigned datagrams_at_out_policy;
} FakeKernel;

static void *
fk_open(void *data, GError **error)
{
	(void)error;
	FakeKernel *k = data;
	k->opened++;
	return k;
}

static void
fk_close(void *kp)
{
	FakeKernel *k = kp;
	k->closed++;
}

static bool
policy_same(const XfrmPolicySpec *a, const XfrmPolicySpec *b)
{
	return a->dir == b->dir && xfrm_addr_equal(&a->src, &b->src) &&
	       xfrm_addr_equal(&a->dst, &b->dst) && a->sport == b->sport && a->dport == b->dport;
}

static bool
fk_policy_install(void *kp, const XfrmPolicySpec *spec, GError **error)
{
	FakeKernel *k = kp;
	if (!xfrm_policy_spec_validate(spec, error))
		return false;
	for (guint i = 0; i < k->policies->len; i++)
		if (policy_same(&g_array_index(k->policies, XfrmPolicySpec, i), spec)) {
			g_set_error(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_KERNEL, "File exists");
			return false;
		}
	if (spec->dir == XFRM_DIR_OUT)
		k->datagrams_at_out_policy = *k->datagrams_seen;
	g_array_append_val(k->policies, *spec);
	g_string_append_printf(k->log, "+pol %s;", spec->dir == XFRM_DIR_OUT ? "out" : "in");
	return true;
}

static bool
fk_policy_remove(void *kp, const XfrmPolicySpec *spec, bool *ret_gone, GError **error)
{
	(void)error;
	FakeKernel *k = kp;
	*ret_gone = true;
	for (guint i = 0; i < k->policies->len; i++)
		if (policy_same(&g_array_index(k->policies, XfrmPolicySpec, i), spec)) {
			g_array_remove_index(k->policies, i);
			*ret_gone = false;
			break;
		}
	g_string_append_printf(k->log, "-pol %s;", spec->dir == XFRM_DIR_OUT ? "out" : "in");
	return true;
}

static gint
find_sa(FakeKernel *k, const XfrmSaSpec *spec)
{
	for (guint i = 0; i < k->sas->len; i++) {
		const KernelSa *s = &g_array_index(k->sas, KernelSa, i);
		if (s->spec.spi == spec->spi && xfrm_addr_equal(&s->spec.dst, &spec->dst))
			return (gint)i;
	}
	return -1;
}

static bool
fk_sa_install(void *kp, const XfrmSaSpec *spec, GError **error)
{
	FakeKernel *k = kp;
	if (!xfrm_sa_spec_validate(spec, error))
		return false;
	if (k->fail_sa_install) {
		g_set_error(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_KERNEL,
		    "XFRM: cannot install ESP SA: Protocol not supported");
		return false;
	}
	if (find_sa(k, spec) >= 0) {
		g_set_error(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_KERNEL, "File exists");
		return false;
	}
	KernelSa s = {.spec = xfrm_sa_spec_without_keys(spec)};
	const L2secSecret *ek = spec->aead_alg != NULL ? spec->aead_key : spec->enc_key;
	s.enc_key = g_bytes_new(ek->data, ek->len);
	if (spec->auth_key != NULL)
		s.auth_key = g_bytes_new(spec->auth_key->data, spec->auth_key->len);
	g_array_append_val(k->sas, s);
	g_string_append_printf(k->log, "+sa %08x;", spec->spi);
	return true;
}

static void
kernel_sa_clear(gpointer p)
{
	KernelSa *s = p;
	g_clear_pointer(&s->enc_key, g_bytes_unref);
	g_clear_pointer(&s->auth_key, g_bytes_unref);
}

static bool
fk_sa_remove(void *kp, const XfrmSaSpec *spec, bool *ret_gone, GError **error)
{
	(void)error;
	FakeKernel *k = kp;
	gint i = find_sa(k, spec);
	*ret_gone = i < 0;
	if (i >= 0)
		g_array_remove_index(k->sas, (guint)i);
	g_string_append_printf(k->log, "-sa %08x;", spec->spi);
	return true;
}

static bool
fk_sa_counters(
    void *kp, const XfrmSaSpec *spec, uint64_t *ret_bytes, uint64_t *ret_packets, GError **error)
{
	FakeKernel *k = kp;
	if (find_sa(k, spec) < 0) {
		g_set_error(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_KERNEL, "No such process");
		return false;
	}
	*ret_bytes = *ret_packets = 0; /* nothing ever goes through this one */
	return true;
}

static const IkeConnectionKernelOps fake_ops = {
    .open = fk_open,
    .close = fk_close,
    .policy_install = fk_policy_install,
    .policy_remove = fk_policy_remove,
    .sa_install = fk_sa_install,
    .sa_remove = fk_sa_remove,
    .sa_counters = fk_sa_counters,
};

/* --- the responder on loopback -------------------------------------------------------------- */

typedef struct Harness {
	GMainContext *ctx;
	FakeKernel k;
	Responder *r;
	int s_ike, s_natt; /* the responder's sockets */
	uint16_t r_ike_port, r_natt_port, c_ike_port, c_natt_port;
	GSource *src_ike, *src_natt;
	unsigned datagrams; /* what the responder received */
	bool silent;        /* the responder reads but does not answer */
	/* what the edge reported */
	GPtrArray *phases;
	GString *events; /* "up;closed;done;" */
	GError *closed_error;
	IkeConnectionUp up;
	IkeConnection *c;
	GRand *rand;
	bool close_in_up;  /* the `up` callback calls ike_connection_close() */
	bool free_in_done; /* the `done` callback frees the connection */
} Harness;

static uint16_t
free_port(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t l = sizeof(a);
	assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&a, &l), 0);
	close(s);
	return ntohs(a.sin_port);
}

static int
bound(uint16_t port)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = {.sin_family = AF_INET,
	    .sin_port = htons(port),
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
	return s;
}

static void
responder_read(Harness *h, int s, bool natt)
{
	uint8_t buf[65536];
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	ssize_t n;
	while ((n = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl)) >= 0) {
		size_t off = 0;
		if (natt) {
			static const uint8_t marker[4];
			if (n < 5 || memcmp(buf, marker, 4) != 0)
				continue; /* a keepalive */
			off = 4;
		}
		h->datagrams++;
		if (h->silent)
			continue;
		g_autoptr(GBytes) in = g_bytes_new(buf + off, (size_t)n - off);
		g_autoptr(GError) error = NULL;
		g_autoptr(GBytes) reply = responder_handle(h->r, in, &error);
		if (reply == NULL)
			continue;
		g_autoptr(GByteArray) out = g_byte_array_new();
		if (natt)
			g_byte_array_append(out, (const uint8_t *)"\0\0\0\0", 4);
		g_byte_array_append(
		    out, g_bytes_get_data(reply, NULL), (guint)g_bytes_get_size(reply));
		assert_true(sendto(s, out->data, out->len, 0, (struct sockaddr *)&from, fl) >= 0);
	}
}

static gboolean
on_r_ike(gint fd, GIOCondition cond, gpointer data)
{
	(void)fd;
	(void)cond;
	Harness *h = data;
	responder_read(h, h->s_ike, false);
	return G_SOURCE_CONTINUE;
}

static gboolean
on_r_natt(gint fd, GIOCondition cond, gpointer data)
{
	(void)fd;
	(void)cond;
	Harness *h = data;
	responder_read(h, h->s_natt, true);
	return G_SOURCE_CONTINUE;
}

static void
cb_up(const IkeConnectionUp *up, void *data)
{
	Harness *h = data;
	h->up = *up;
	g_string_append(h->events, "up;");
	/* what up reports, get_up reports */
	assert_ptr_equal(ike_connection_get_up(h->c)->spi_in, up->spi_in);
	if (h->close_in_up)
		ike_connection_close(h->c);
}

static void
cb_closed(const GError *error, void *data)
{
	Harness *h = data;
	g_string_append(h->events, "closed;");
	h->closed_error = error ? g_error_copy(error) : NULL;
	/* everything is removed before `closed`; after a failure, all but the outbound
	 * policy, which stays until ike_connection_free (no cleartext meanwhile) */
	assert_int_equal(h->k.sas->len, 0);
	if (error == NULL) {
		assert_int_equal(h->k.policies->len, 0);
	} else {
		assert_int_equal(h->k.policies->len, 1);
		assert_int_equal(g_array_index(h->k.policies, XfrmPolicySpec, 0).dir, XFRM_DIR_OUT);
	}
}

static void
cb_done(void *data)
{
	Harness *h = data;
	g_string_append(h->events, "done;");
	if (h->free_in_done)
		g_clear_pointer(&h->c, ike_connection_free);
}

static void
cb_phase(const char *line, void *data)
{
	Harness *h = data;
	g_ptr_array_add(h->phases, g_strdup(line));
}

static void
test_rng(void *buf, size_t len, void *user)
{
	uint8_t *b = buf;
	for (size_t i = 0; i < len; i++)
		b[i] = (uint8_t)g_rand_int_range(user, 0, 256);
}

typedef struct Scenario {
	const char *c_ike, *c_esp, *r_ike, *r_esp, *r_psk;
	bool nat;
	bool dead_server; /* nothing listens */
	bool fail_sa;
	uint32_t total_ms;
	uint32_t esp_lifetime_s;
	const char *remote_id;
} Scenario;

static gboolean
on_tick(gpointer data)
{
	(void)data;
	return G_SOURCE_CONTINUE; /* wakes SPIN_UNTIL's blocking iteration */
}

static Harness *
harness_new(const Scenario *sc)
{
	Harness *h = g_new0(Harness, 1);
	h->ctx = g_main_context_new();
	g_main_context_push_thread_default(h->ctx);
	h->k.policies = g_array_new(FALSE, TRUE, sizeof(XfrmPolicySpec));
	h->k.sas = g_array_new(FALSE, TRUE, sizeof(KernelSa));
	g_array_set_clear_func(h->k.sas, kernel_sa_clear);
	h->k.log = g_string_new(NULL);
	h->k.datagrams_seen = &h->datagrams;
	h->k.fail_sa_install = sc->fail_sa;
	h->phases = g_ptr_array_new_with_free_func(g_free);
	h->events = g_string_new(NULL);
	h->rand = g_rand_new_with_seed(7);
	h->r_ike_port = free_port();
	h->r_natt_port = free_port();
	h->c_ike_port = free_port();
	h->c_natt_port = free_port();
	ResponderConfig rc = {.psk = sc->r_psk ? sc->r_psk : "labsecret",
	    .ike_accept = sc->r_ike ? sc->r_ike : "aes256-sha256-modp2048",
	    .esp_accept = sc->r_esp ? sc->r_esp : "aes256-sha256",
	    .addr = {127, 0, 0, 1},
	    .peer_addr = {127, 0, 0, 1},
	    .peer_port = 500,
	    .natt = true};
	if (sc->nat) { /* it sees us elsewhere: we are behind a NAT */
		static const uint8_t pub[4] = {198, 51, 100, 9};
		memcpy(rc.peer_addr, pub, 4);
		rc.peer_port = 1024;
	}
	h->r = responder_new(&rc);
	if (!sc->dead_server) {
		h->s_ike = bound(h->r_ike_port);
		h->s_natt = bound(h->r_natt_port);
		h->src_ike = g_unix_fd_source_new(h->s_ike, G_IO_IN);
		g_source_set_callback(h->src_ike, (GSourceFunc)(void (*)(void))on_r_ike, h, NULL);
		g_source_attach(h->src_ike, h->ctx);
		h->src_natt = g_unix_fd_source_new(h->s_natt, G_IO_IN);
		g_source_set_callback(h->src_natt, (GSourceFunc)(void (*)(void))on_r_natt, h, NULL);
		g_source_attach(h->src_natt, h->ctx);
	} else {
		h->s_ike = h->s_natt = -1;
	}

	g_autoptr(L2secSecret) psk = l2sec_secret_new_str("labsecret");
	IkeConnectionConfig cfg = {.psk = psk,
	    .ike_proposals = sc->c_ike,
	    .esp_proposals = sc->c_esp,
	    .retransmit_total_ms = sc->total_ms,
	    .esp_lifetime_s = sc->esp_lifetime_s,
	    .remote_id = sc->remote_id};
	inet_pton(AF_INET, "127.0.0.1", &cfg.server);
	/* cfg.local 0.0.0.0: the edge asks the kernel (loopback here) */
	IkeConnectionCallbacks cb = {
	    .up = cb_up, .closed = cb_closed, .done = cb_done, .phase = cb_phase};
	g_autoptr(GError) error = NULL;
	h->c = ike_connection_new(&cfg, &cb, h, &error);
	assert_non_null(h->c);
	IkeConnectionTestHooks hooks = {.kernel = &fake_ops,
	    .kernel_data = &h->k,
	    .local_ike_port = h->c_ike_port,
	    .local_natt_port = h->c_natt_port,
	    .server_ike_port = h->r_ike_port,
	    .server_natt_port = h->r_natt_port,
	    .retransmit_first_ms = 50,
	    .rng = test_rng,
	    .rng_data = h->rand};
	ike_connection_set_test_hooks(h->c, &hooks);
	GSource *tick = g_timeout_source_new(100);
	g_source_set_callback(tick, on_tick, NULL, NULL);
	g_source_attach(tick, h->ctx);
	g_source_unref(tick);
	return h;
}

static void
harness_free(Harness *h)
{
	ike_connection_free(h->c);
	if (h->src_ike != NULL) {
		g_source_destroy(h->src_ike);
		g_source_unref(h->src_ike);
		g_source_destroy(h->src_natt);
		g_source_unref(h->src_natt);
	}
	if (h->s_ike >= 0)
		close(h->s_ike);
	if (h->s_natt >= 0)
		close(h->s_natt);
	responder_free(h->r);
	g_array_unref(h->k.policies);
	g_array_unref(h->k.sas);
	g_string_free(h->k.log, TRUE);
	g_ptr_array_unref(h->phases);
	g_string_free(h->events, TRUE);
	g_clear_error(&h->closed_error);
	g_rand_free(h->rand);
	g_main_context_pop_thread_default(h->ctx);
	g_main_context_unref(h->ctx);
	g_free(h);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Harness, harness_free)

/* Iterate until cond or ~10 s. */
#define SPIN_UNTIL(h, cond)                                                                        \
	do {                                                                                       \
		gint64 end_ = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;                        \
		while (!(cond) && g_get_monotonic_time() < end_)                                   \
			g_main_context_iteration((h)->ctx, TRUE);                                  \
		if (!(cond))                                                                       \
			fail_msg("timed out waiting for %s (events %s, kernel %s)", #cond,         \
			    (h)->events->str, (h)->k.log->str);                                    \
	} while (0)

static Harness *
start_ok(const Scenario *sc)
{
	Harness *h = harness_new(sc);
	g_autoptr(GError) error = NULL;
	if (!ike_connection_start(h->c, &error))
		fail_msg("start: %s", error->message);
	return h;
}

static const KernelSa *
kernel_sa(const Harness *h, uint32_t spi)
{
	for (guint i = 0; i < h->k.sas->len; i++)
		if (g_array_index(h->k.sas, KernelSa, i).spec.spi == spi)
			return &g_array_index(h->k.sas, KernelSa, i);
	fail_msg("no SA %08x in the kernel (%s)", spi, h->k.log->str);
	return NULL;
}

/* The key the edge installed for an SA equals the responder's KEYMAT for it. */
static void
assert_key(const KernelSa *sa, const L2secSecret *keymat)
{
	size_t enc = g_bytes_get_size(sa->enc_key);
	assert_memory_equal(g_bytes_get_data(sa->enc_key, NULL), keymat->data, enc);
	if (sa->auth_key != NULL) {
		assert_int_equal(enc + g_bytes_get_size(sa->auth_key), keymat->len);
		assert_memory_equal(g_bytes_get_data(sa->auth_key, NULL), keymat->data + enc,
		    g_bytes_get_size(sa->auth_key));
	}
}

static void
close_and_wait(Harness *h)
{
	ike_connection_close(h->c);
	/* the Deletes left and the kernel was emptied before close() returned */
	assert_int_equal(h->k.sas->len, 0);
	assert_int_equal(h->k.policies->len, 0);
	SPIN_UNTIL(h, ike_connection_is_done(h->c));
}

static void
test_connect_and_close(void **state)
{
	(void)state;
	Scenario sc = {0};
	g_autoptr(Harness) h = start_ok(&sc);
	/* the outbound policy went in before the first IKE datagram left */
	assert_true(g_str_has_prefix(h->k.log->str, "+pol out;"));
	assert_int_equal(h->k.datagrams_at_out_policy, 0);
	assert_null(ike_connection_get_up(h->c));
	SPIN_UNTIL(h, strstr(h->events->str, "up;") != NULL);
	assert_string_equal(h->events->str, "up;");

	/* QM3 left before `up`; the responder takes it on its next read */
	SPIN_UNTIL(h, responder_state(h->r)->qm_done);
	const ResponderState *st = responder_state(h->r);
	assert_int_equal(h->up.spi_in, st->spi_out);
	assert_int_equal(h->up.spi_out, st->spi_in);
	assert_string_equal(h->up.ike_proposal, "aes256-sha256-modp2048");
	assert_string_equal(h->up.esp_proposal, "aes256-sha256");
	assert_false(h->up.natt);
	assert_string_equal(inet_ntoa(h->up.local), "127.0.0.1");
	assert_true(h->up.phase1_ms >= 0 && h->up.phase1_ms < 10000);
	assert_true(h->up.phase2_ms >= 0 && h->up.phase2_ms < 10000);
	assert_true(h->up.install_ms >= 0 && h->up.install_ms <= h->up.phase2_ms);

	/* out policy; inbound SA, outbound SA, inbound policy */
	g_autofree char *want_log =
	    g_strdup_printf("+pol out;+sa %08x;+sa %08x;+pol in;", h->up.spi_in, h->up.spi_out);
	assert_string_equal(h->k.log->str, want_log);
	const KernelSa *in = kernel_sa(h, h->up.spi_in);
	const KernelSa *out = kernel_sa(h, h->up.spi_out);
	assert_key(in, st->keymat_out);
	assert_key(out, st->keymat_in);
	assert_false(in->spec.encap);
	assert_int_equal(out->spec.sel_dport, 1701);
	assert_int_equal(out->spec.hard_seconds, 3600);
	assert_int_equal(out->spec.reqid, in->spec.reqid);
	assert_true(xfrm_reqid_is_ours(in->spec.reqid));

	assert_int_equal(h->phases->len, 2);
	const char *p1 = g_ptr_array_index(h->phases, 0);
	const char *p2 = g_ptr_array_index(h->phases, 1);
	g_autofree char *want_p1 = g_strdup_printf(
	    "IKE: phase 1 aes256-sha256-modp2048 in %" G_GINT64_FORMAT " ms (NAT-T: no)",
	    h->up.phase1_ms);
	assert_string_equal(p1, want_p1);
	g_autofree char *want_p2 = g_strdup_printf(
	    "IKE: phase 2 ESP aes256-sha256 SPIs %08x/%08x in %" G_GINT64_FORMAT " ms",
	    h->up.spi_in, h->up.spi_out, h->up.phase2_ms);
	assert_string_equal(p2, want_p2);

	uint64_t bi = 1, bo = 1, pi = 1, po = 1;
	g_autoptr(GError) error = NULL;
	assert_true(ike_connection_get_counters(h->c, &bi, &bo, &pi, &po, &error));
	assert_true(bi == 0 && bo == 0 && pi == 0 && po == 0);

	close_and_wait(h);
	assert_string_equal(h->events->str, "up;closed;done;");
	assert_null(h->closed_error);
	assert_int_equal(h->k.opened, 1);
	assert_int_equal(h->k.closed, 1);
	/* the responder got both Deletes (they were sent before close() returned) */
	SPIN_UNTIL(h, responder_state(h->r)->deletes_isakmp == 1);
	assert_int_equal(responder_state(h->r)->deletes_esp, 1);
	assert_false(ike_connection_get_counters(h->c, &bi, &bo, &pi, &po, NULL));
	/* close again: nothing */
	ike_connection_close(h->c);
	g_main_context_iteration(h->ctx, FALSE);
	assert_string_equal(h->events->str, "up;closed;done;");
}

static void
test_nat(void **state)
{
	(void)state;
	Scenario sc = {.nat = true};
	g_autoptr(Harness) h = start_ok(&sc);
	SPIN_UNTIL(h, strstr(h->events->str, "up;") != NULL);
	SPIN_UNTIL(h, responder_state(h->r)->qm_done);
	const ResponderState *st = responder_state(h->r);
	assert_true(st->nat_seen);
	assert_int_equal(st->nat_oa_count, 2);
	assert_true(h->up.natt);
	const KernelSa *in = kernel_sa(h, h->up.spi_in);
	const KernelSa *out = kernel_sa(h, h->up.spi_out);
	assert_true(in->spec.encap && out->spec.encap);
	assert_int_equal(out->spec.encap_sport, 4500);
	assert_int_equal(out->spec.encap_dport, 4500);
	assert_key(in, st->keymat_out);
	assert_key(out, st->keymat_in);
	const char *p1 = g_ptr_array_index(h->phases, 0);
	assert_non_null(strstr(p1, "(NAT-T: yes, we are behind a NAT)"));
	const char *p2 = g_ptr_array_index(h->phases, 1);
	assert_true(g_str_has_suffix(p2, " ms (UDP-encapsulated, port 4500)"));
	close_and_wait(h);
	assert_string_equal(h->events->str, "up;closed;done;");
	SPIN_UNTIL(h, responder_state(h->r)->deletes_isakmp == 1);
}

/* Failures: `closed` with the error once, then `done`; nothing left in the kernel. */
typedef struct FailCase {
	const char *name;
	Scenario sc;
	int code;
	const char *contains;
	const char *kernel_log; /* NULL: only the outbound policy, in and out */
} FailCase;

static const FailCase fail_cases[] = {
    {"wrong PSK", {.r_psk = "not-the-labsecret"}, L2SEC_IKE_ERROR_AUTH_FAILED,
	"pre-shared key mismatch", NULL},
    {"no proposal chosen", {.r_ike = "3des-sha1-modp1024"}, L2SEC_IKE_ERROR_NO_PROPOSAL_CHOSEN,
	"legacy", NULL},
    {"no ESP proposal chosen", {.r_esp = "3des-sha1"}, L2SEC_IKE_ERROR_NO_PROPOSAL_CHOSEN,
	"rejected every ESP proposal", NULL},
    {"server silent", {.dead_server = true, .total_ms = 1000}, L2SEC_IKE_ERROR_TIMEOUT,
	"no answer from 127.0.0.1:500 (Main Mode message 1) after 1 s", NULL},
    {"kernel refuses the SA", {.fail_sa = true}, L2SEC_IKE_ERROR_KERNEL, "Protocol not supported",
	NULL},
    {"another server ID", {.remote_id = "vpn.example.com"}, L2SEC_IKE_ERROR_AUTH_FAILED,
	"the server identifies itself as 127.0.0.1; remote-id expects vpn.example.com", NULL},
};

static void
test_failures(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(fail_cases); i++) {
		const FailCase *t = &fail_cases[i];
		g_autoptr(Harness) h = start_ok(&t->sc);
		SPIN_UNTIL(h, ike_connection_is_done(h->c));
		if (strcmp(h->events->str, "closed;done;") != 0)
			fail_msg("%s: events %s", t->name, h->events->str);
		if (h->closed_error == NULL)
			fail_msg("%s: closed without an error", t->name);
		print_message("%s: %s\n", t->name, h->closed_error->message);
		if (h->closed_error->code != t->code ||
		    strstr(h->closed_error->message, t->contains) == NULL)
			fail_msg("%s: code %d: %s", t->name, h->closed_error->code,
			    h->closed_error->message);
		if (h->k.sas->len != 0 || h->k.policies->len != 1)
			fail_msg("%s: left in the kernel: %s", t->name, h->k.log->str);
		if (!g_str_has_prefix(h->k.log->str, "+pol out;") ||
		    g_str_has_suffix(h->k.log->str, "-pol out;"))
			fail_msg("%s: kernel log %s", t->name, h->k.log->str);
		if (t->sc.fail_sa) /* the server was told: Deletes */
			SPIN_UNTIL(h, responder_state(h->r)->deletes_isakmp == 1);
		assert_null(ike_connection_get_up(h->c));
		ike_connection_close(h->c); /* after a failure: nothing */
		g_main_context_iteration(h->ctx, FALSE);
		if (strcmp(h->events->str, "closed;done;") != 0)
			fail_msg("%s: events after close %s", t->name, h->events->str);
		/* freeing removes the outbound policy last */
		g_clear_pointer(&h->c, ike_connection_free);
		if (h->k.policies->len != 0 || !g_str_has_suffix(h->k.log->str, "-pol out;"))
			fail_msg("%s: after free: kernel log %s", t->name, h->k.log->str);
	}
}

/* ESP rekey through the edge: a 2 s lifetime is rekeyed at 1.8 s; the new pair is in the kernel
 * before the old one leaves, `up` is not repeated, get_up and the counters follow the new pair */
static void
test_rekey(void **state)
{
	(void)state;
	Scenario sc = {.esp_lifetime_s = 2};
	g_autoptr(Harness) h = start_ok(&sc);
	SPIN_UNTIL(h, strstr(h->events->str, "up;") != NULL);
	uint32_t in1 = h->up.spi_in, out1 = h->up.spi_out;
	SPIN_UNTIL(h, responder_state(h->r)->quick_modes == 2 && responder_state(h->r)->qm_done &&
			  responder_state(h->r)->deletes_esp == 1);
	SPIN_UNTIL(h, h->k.sas->len == 2 && ike_connection_get_up(h->c)->spi_in != in1);
	const IkeConnectionUp *up = ike_connection_get_up(h->c);
	const ResponderState *st = responder_state(h->r);
	assert_int_equal(up->spi_in, st->spi_out);
	assert_int_equal(up->spi_out, st->spi_in);
	g_autofree char *want = g_strdup_printf(
	    "+pol out;+sa %08x;+sa %08x;+pol in;+sa %08x;+sa %08x;-sa %08x;-sa %08x;", in1, out1,
	    up->spi_in, up->spi_out, out1, in1);
	assert_string_equal(h->k.log->str, want);
	assert_key(kernel_sa(h, up->spi_in), st->keymat_out);
	assert_key(kernel_sa(h, up->spi_out), st->keymat_in);
	assert_string_equal(h->events->str, "up;");
	assert_int_equal(h->phases->len, 3);
	g_autofree char *want_line =
	    g_strdup_printf("IKE: rekeyed ESP aes256-sha256 SPIs %08x/%08x -> %08x/%08x", in1, out1,
		up->spi_in, up->spi_out);
	assert_string_equal(g_ptr_array_index(h->phases, 2), want_line);
	uint64_t bi, bo, pi, po;
	assert_true(ike_connection_get_counters(h->c, &bi, &bo, &pi, &po, NULL));
	close_and_wait(h);
	assert_string_equal(h->events->str, "up;closed;done;");
	assert_null(h->closed_error);
}

/* legacy against a 3DES/MODP1024-only server succeeds where default failed */
static void
test_legacy(void **state)
{
	(void)state;
	Scenario sc = {.remote_id = "127.0.0.1", /* the server's ID, checked */
	    .c_ike = "legacy",
	    .c_esp = "legacy",
	    .r_ike = "3des-sha1-modp1024",
	    .r_esp = "3des-sha1"};
	g_autoptr(Harness) h = start_ok(&sc);
	SPIN_UNTIL(h, strstr(h->events->str, "up;") != NULL);
	assert_string_equal(h->up.ike_proposal, "3des-sha1-modp1024");
	assert_string_equal(h->up.esp_proposal, "3des-sha1");
	close_and_wait(h);
}

/* close during Main Mode: no Delete to send, kernel emptied, closed(NULL), done */
static void
test_close_early(void **state)
{
	(void)state;
	Scenario sc = {0};
	g_autoptr(Harness) h = start_ok(&sc);
	close_and_wait(h);
	assert_string_equal(h->events->str, "closed;done;");
	assert_null(h->closed_error);
	assert_string_equal(h->k.log->str, "+pol out;-pol out;");
}

/* start fails (the port is taken): false, nothing left, no callback */
static void
test_start_fails(void **state)
{
	(void)state;
	Scenario sc = {0};
	g_autoptr(Harness) h = harness_new(&sc);
	int busy = bound(h->c_natt_port);
	g_autoptr(GError) error = NULL;
	assert_false(ike_connection_start(h->c, &error));
	close(busy);
	g_autofree char *want = g_strdup_printf(
	    "IKE: cannot bind UDP 127.0.0.1:%u: Address already in use (is an IKE daemon such "
	    "as charon or pluto running?)",
	    h->c_natt_port);
	assert_string_equal(error->message, want);
	assert_int_equal(error->code, L2SEC_IKE_ERROR_KERNEL);
	assert_true(ike_connection_is_done(h->c));
	assert_string_equal(h->k.log->str, "+pol out;-pol out;");
	assert_int_equal(h->k.closed, 1);
	g_main_context_iteration(h->ctx, FALSE);
	assert_string_equal(h->events->str, "");
}

/* the supervisor closes from `up` and frees from `done` */
static void
test_close_in_callbacks(void **state)
{
	(void)state;
	Scenario sc = {0};
	g_autoptr(Harness) h = start_ok(&sc);
	h->close_in_up = true;
	h->free_in_done = true;
	SPIN_UNTIL(h, h->c == NULL);
	assert_string_equal(h->events->str, "up;closed;done;");
	assert_null(h->closed_error);
	assert_int_equal(h->k.sas->len, 0);
	assert_int_equal(h->k.policies->len, 0);
	SPIN_UNTIL(h, responder_state(h->r)->deletes_isakmp == 1);
	assert_int_equal(responder_state(h->r)->deletes_esp, 1);
}

/* free while up: Deletes sent, kernel emptied, no callback */
static void
test_free_while_up(void **state)
{
	(void)state;
	Scenario sc = {0};
	g_autoptr(Harness) h = start_ok(&sc);
	SPIN_UNTIL(h, strstr(h->events->str, "up;") != NULL);
	g_clear_pointer(&h->c, ike_connection_free);
	assert_int_equal(h->k.sas->len, 0);
	assert_int_equal(h->k.policies->len, 0);
	SPIN_UNTIL(h, responder_state(h->r)->deletes_isakmp == 1);
	assert_string_equal(h->events->str, "up;");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_config_check),
	    cmocka_unit_test(test_connect_and_close),
	    cmocka_unit_test(test_nat),
	    cmocka_unit_test(test_failures),
	    cmocka_unit_test(test_legacy),
	    cmocka_unit_test(test_rekey),
	    cmocka_unit_test(test_close_early),
	    cmocka_unit_test(test_start_fails),
	    cmocka_unit_test(test_free_while_up),
	    cmocka_unit_test(test_close_in_callbacks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
