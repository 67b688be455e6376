/*
 * Unit tests for ipsec/xfrm_install.c against the real kernel, in a private network namespace
 * (unshare(CLONE_NEWNET), so root is needed; without it every test is skipped, and the VM test
 * tests/vm/tests/xfrm-static.sh is the proof). Policies work on any kernel with XFRM; SAs need
 * ESP (esp4), which the development hosts lack: the SA test then checks the error instead.
 * The leak test sends UDP to port 1701 over a veth pair with only the outbound policy installed
 * and counts what a packet socket sees on the other end.
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <cmocka.h>

#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <netlink/xfrm/sa.h>
#include <netlink/xfrm/sp.h>
#include <netlink/route/link/veth.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if_arp.h>

#include "common/wire.h"

#include "ipsec/ike_error.h"
#include "ipsec/xfrm_install.h"

/*
 * libnl 3.7's xfrmnl_sp_parse() takes one reference too many on each selector and template
 * address, so every policy dump leaks them (fixed upstream in libnl 3.9, commit c4c22d26
 * "xfrm/sp: fix reference counters of sa selector/tmpl addresses"). Not ours: tell LSan.
 */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0"; /* libnl has no frame pointers: unwind slowly, to see it
					   */
}

const char *__lsan_default_suppressions(void);
const char *
__lsan_default_suppressions(void)
{
	return "leak:xfrmnl_sp_parse\n";
}

static bool have_netns;
static L2secSecret *enc_key, *auth_key;

static void
lo_up(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr = {0};
	g_strlcpy(ifr.ifr_name, "lo", sizeof(ifr.ifr_name));
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		fail_msg("lo: %s", g_strerror(errno));
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		fail_msg("lo up: %s", g_strerror(errno));
	close(fd);
}

static int
setup(void **state)
{
	(void)state;
	if (geteuid() == 0 && unshare(CLONE_NEWNET) == 0) {
		have_netns = true;
		lo_up();
	} else {
		print_message("no private network namespace (%s): skipping the kernel tests\n",
		    geteuid() != 0 ? "not root" : g_strerror(errno));
	}
	uint8_t k[20];
	for (size_t i = 0; i < sizeof(k); i++)
		k[i] = (uint8_t)(i * 7 + 1);
	enc_key = l2sec_secret_new(k, 16);
	auth_key = l2sec_secret_new(k, 20);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	l2sec_secret_free(enc_key);
	l2sec_secret_free(auth_key);
	return 0;
}

static XfrmAddr
addr(const char *s)
{
	XfrmAddr a;
	assert_true(xfrm_addr_parse("test", s, &a, NULL));
	return a;
}

static XfrmPolicySpec
policy(XfrmDir dir, const char *src, const char *dst)
{
	return (XfrmPolicySpec){.dir = dir,
	    .src = addr(src),
	    .dst = addr(dst),
	    .sport = XFRM_L2TP_PORT,
	    .dport = XFRM_L2TP_PORT,
	    .action = XFRM_ACTION_ALLOW,
	    .reqid = xfrm_reqid_ours(1)};
}

static XfrmSaSpec
sa(void)
{
	return (XfrmSaSpec){.src = addr("192.0.2.2"),
	    .dst = addr("192.0.2.1"),
	    .spi = 0xc001,
	    .reqid = xfrm_reqid_ours(1),
	    .enc_alg = "cbc(aes)",
	    .enc_key = enc_key,
	    .auth_alg = "hmac(sha1)",
	    .auth_key = auth_key,
	    .sel_sport = XFRM_L2TP_PORT,
	    .sel_dport = XFRM_L2TP_PORT};
}

/* How many policies, and SAs, the kernel has (a dump through libnl, not through our code). */
static int
count_policies(void)
{
	struct nl_sock *sk = nl_socket_alloc();
	struct nl_cache *c = NULL;
	assert_int_equal(nl_connect(sk, NETLINK_XFRM), 0);
	assert_int_equal(xfrmnl_sp_alloc_cache(sk, &c), 0);
	int n = nl_cache_nitems(c);
	nl_cache_free(c);
	nl_socket_free(sk);
	return n;
}

static int
count_sas(void)
{
	struct nl_sock *sk = nl_socket_alloc();
	struct nl_cache *c = NULL;
	assert_int_equal(nl_connect(sk, NETLINK_XFRM), 0);
	assert_int_equal(xfrmnl_sa_alloc_cache(sk, &c), 0);
	int n = nl_cache_nitems(c);
	nl_cache_free(c);
	nl_socket_free(sk);
	return n;
}

static void
test_policy_install_undo(void **state)
{
	(void)state;
	if (!have_netns)
		skip();
	g_autoptr(GError) error = NULL;
	g_autoptr(XfrmSocket) sock = xfrm_socket_open(&error);
	assert_non_null(sock);
	g_autoptr(XfrmUndo) undo = xfrm_undo_new();
	XfrmPolicySpec out = policy(XFRM_DIR_OUT, "192.0.2.2", "192.0.2.1");
	XfrmPolicySpec in = policy(XFRM_DIR_IN, "192.0.2.1", "192.0.2.2");
	assert_true(xfrm_policy_install(sock, &out, undo, &error));
	assert_true(xfrm_policy_install(sock, &in, undo, &error));
	assert_int_equal(xfrm_undo_length(undo), 2);
	assert_int_equal(count_policies(), 2);

	/* the same selector again: the kernel refuses, nothing joins the undo list */
	assert_false(xfrm_policy_install(sock, &out, undo, &error));
	assert_true(g_error_matches(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_KERNEL));
	assert_string_equal(error->message,
	    "XFRM: cannot install policy out udp 192.0.2.2:1701 -> 192.0.2.1:1701: File exists; "
	    "one with the same identity is already installed");
	g_clear_error(&error);
	assert_int_equal(xfrm_undo_length(undo), 2);

	assert_true(xfrm_undo_run(sock, undo, &error));
	assert_int_equal(xfrm_undo_length(undo), 0);
	assert_int_equal(count_policies(), 0);

	assert_false(xfrm_policy_remove(sock, &in, &error));
	assert_non_null(strstr(error->message,
	    "XFRM: cannot remove policy in udp 192.0.2.1:1701 -> "
	    "192.0.2.2:1701: No such file or directory; it is not installed"));
}

static void
test_undo_tolerates_vanished(void **state)
{
	(void)state;
	if (!have_netns)
		skip();
	g_autoptr(GError) error = NULL;
	g_autoptr(XfrmSocket) sock = xfrm_socket_open(&error);
	g_autoptr(XfrmUndo) undo = xfrm_undo_new();
	XfrmPolicySpec out = policy(XFRM_DIR_OUT, "192.0.2.2", "192.0.2.1");
	XfrmPolicySpec block = policy(XFRM_DIR_OUT, "192.0.2.2", "192.0.2.9");
	block.action = XFRM_ACTION_BLOCK;
	block.reqid = 0;
	assert_true(xfrm_policy_install(sock, &out, undo, &error));
	assert_true(xfrm_policy_install(sock, &block, undo, &error));
	/* someone removes one behind our back (or it expired): undo still succeeds */
	assert_true(xfrm_policy_remove(sock, &out, &error));
	assert_true(xfrm_undo_run(sock, undo, &error));
	assert_int_equal(count_policies(), 0);
}

/* The removals that tolerate a vanished entry, and the counters of an SA the kernel lacks. */
static void
test_remove_if_present_and_counters(void **state)
{
	(void)state;
	if (!have_netns)
		skip();
	g_autoptr(GError) error = NULL;
	g_autoptr(XfrmSocket) sock = xfrm_socket_open(&error);
	XfrmPolicySpec out = policy(XFRM_DIR_OUT, "192.0.2.2", "192.0.2.1");
	assert_true(xfrm_policy_install(sock, &out, NULL, &error));
	bool gone = true;
	assert_true(xfrm_policy_remove_if_present(sock, &out, &gone, &error));
	assert_false(gone);
	assert_int_equal(count_policies(), 0);
	assert_true(xfrm_policy_remove_if_present(sock, &out, &gone, &error));
	assert_true(gone);
	XfrmSaSpec s = sa();
	gone = false;
	assert_true(xfrm_sa_remove_if_present(sock, &s, &gone, &error));
	assert_true(gone);
	uint64_t bytes = 1, packets = 1;
	assert_false(xfrm_sa_get_counters(sock, &s, &bytes, &packets, &error));
	assert_true(g_error_matches(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_KERNEL));
	assert_non_null(strstr(
	    error->message, "XFRM: cannot read ESP SA spi 0x0000c001 192.0.2.2 -> 192.0.2.1: "));
	assert_int_equal(bytes, 1);
}

static void
test_bad_spec_reaches_nothing(void **state)
{
	(void)state;
	if (!have_netns)
		skip();
	g_autoptr(GError) error = NULL;
	g_autoptr(XfrmSocket) sock = xfrm_socket_open(&error);
	g_autoptr(XfrmUndo) undo = xfrm_undo_new();
	g_autoptr(L2secSecret) short_key = l2sec_secret_new("0123456789abcde", 15);
	XfrmSaSpec s = sa();
	s.enc_key = short_key;
	assert_false(xfrm_sa_install(sock, &s, undo, &error));
	assert_true(g_error_matches(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID));
	assert_string_equal(error->message,
	    "ESP SA spi 0x0000c001 192.0.2.2 -> 192.0.2.1: enc-key is 15 "
	    "bytes; cbc(aes) takes 16, 24 or 32");
	g_clear_error(&error);
	XfrmPolicySpec p = policy(XFRM_DIR_OUT, "192.0.2.2", "192.0.2.1");
	p.priority = 1;
	assert_false(xfrm_policy_install(sock, &p, undo, &error));
	assert_true(g_error_matches(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID));
	assert_int_equal(xfrm_undo_length(undo), 0);
	assert_int_equal(count_policies(), 0);
	assert_int_equal(count_sas(), 0);
}

static void
test_sa_install(void **state)
{
	(void)state;
	if (!have_netns)
		skip();
	g_autoptr(GError) error = NULL;
	g_autoptr(XfrmSocket) sock = xfrm_socket_open(&error);
	g_autoptr(XfrmUndo) undo = xfrm_undo_new();
	XfrmSaSpec s = sa();
	if (xfrm_sa_install(sock, &s, undo, &error)) {
		/* a kernel with ESP: the SA is there, a second one with its SPI is refused, undo
		 * removes it */
		assert_int_equal(count_sas(), 1);
		uint64_t bytes = 1, packets = 1; /* nothing went through it yet */
		assert_true(xfrm_sa_get_counters(sock, &s, &bytes, &packets, &error));
		assert_int_equal(bytes, 0);
		assert_int_equal(packets, 0);
		assert_false(xfrm_sa_install(sock, &s, undo, &error));
		assert_non_null(strstr(error->message, "File exists"));
		assert_int_equal(xfrm_undo_length(undo), 1);
		assert_true(xfrm_undo_run(sock, undo, NULL));
		assert_int_equal(count_sas(), 0);
		return;
	}
	/* no ESP here (the development hosts): the error says which SA and why */
	print_message("SA install refused here: %s\n", error->message);
	assert_true(g_error_matches(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_KERNEL));
	assert_true(g_str_has_prefix(
	    error->message, "XFRM: cannot install ESP SA spi 0x0000c001 192.0.2.2 -> 192.0.2.1: "));
	assert_int_equal(xfrm_undo_length(undo), 0);
	assert_int_equal(count_sas(), 0);
}

static void
test_flush_ours(void **state)
{
	(void)state;
	if (!have_netns)
		skip();
	g_autoptr(GError) error = NULL;
	g_autoptr(XfrmSocket) sock = xfrm_socket_open(&error);
	/* what a crashed client leaves: no undo list */
	XfrmPolicySpec out = policy(XFRM_DIR_OUT, "192.0.2.2", "192.0.2.1");
	XfrmPolicySpec block = policy(XFRM_DIR_IN, "192.0.2.1", "192.0.2.2");
	block.action = XFRM_ACTION_BLOCK;
	block.reqid = 0;
	block.priority = XFRM_PRIORITY_OURS_MAX;
	assert_true(xfrm_policy_install(sock, &out, NULL, &error));
	assert_true(xfrm_policy_install(sock, &block, NULL, &error));
	/* someone else's: the same flow at another priority, and an allow without template at ours
	 */
	struct nl_sock *sk = nl_socket_alloc();
	assert_int_equal(nl_connect(sk, NETLINK_XFRM), 0);
	XfrmPolicySpec other = policy(XFRM_DIR_OUT, "192.0.2.2", "192.0.2.77");
	struct xfrmnl_sp *sp = xfrm_policy_spec_to_nl(&other, NULL);
	xfrmnl_sp_set_priority(sp, 100);
	assert_int_equal(xfrmnl_sp_add(sk, sp, 0), 0);
	xfrmnl_sp_put(sp);
	XfrmPolicySpec bypass = policy(XFRM_DIR_OUT, "192.0.2.2", "192.0.2.78");
	bypass.action = XFRM_ACTION_BLOCK;
	bypass.reqid = 0;
	sp = xfrm_policy_spec_to_nl(&bypass, NULL);
	xfrmnl_sp_set_action(sp, XFRM_POLICY_ALLOW);
	assert_int_equal(xfrmnl_sp_add(sk, sp, 0), 0);
	xfrmnl_sp_put(sp);
	nl_socket_free(sk);
	assert_int_equal(count_policies(), 4);

	guint n = 0;
	assert_true(xfrm_flush_ours(sock, &n, &error));
	assert_int_equal(n, 2);
	assert_int_equal(count_policies(), 2);
	assert_true(xfrm_flush_ours(sock, &n, &error));
	assert_int_equal(n, 0);

	/* clean the foreign ones for the next test */
	assert_true(xfrm_policy_remove(sock, &other, &error));
	assert_true(xfrm_policy_remove(sock, &bypass, &error));
	assert_int_equal(count_policies(), 0);
}

/*
 * The wire for the leak test: a veth pair l2s0 (192.0.2.2/24, with a permanent ARP entry for
 * 192.0.2.1 so a datagram leaves at once) and l2s1, where a packet socket sees what l2s0 sent.
 * Loopback cannot serve: the kernel exempts it from XFRM (NOXFRM, NOPOLICY).
 */
static void
if_up_with(const char *name, const char *address)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr = {0};
	g_strlcpy(ifr.ifr_name, name, sizeof(ifr.ifr_name));
	if (address != NULL) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
		sin->sin_family = AF_INET;
		assert_int_equal(inet_pton(AF_INET, address, &sin->sin_addr), 1);
		if (ioctl(fd, SIOCSIFADDR, &ifr) < 0)
			fail_msg("%s address: %s", name, g_strerror(errno));
		assert_int_equal(inet_pton(AF_INET, "255.255.255.0", &sin->sin_addr), 1);
		if (ioctl(fd, SIOCSIFNETMASK, &ifr) < 0)
			fail_msg("%s netmask: %s", name, g_strerror(errno));
	}
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		fail_msg("%s: %s", name, g_strerror(errno));
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		fail_msg("%s up: %s", name, g_strerror(errno));
	close(fd);
}

static bool
make_wire(void)
{
	struct nl_sock *sk = nl_socket_alloc();
	assert_int_equal(nl_connect(sk, NETLINK_ROUTE), 0);
	int err = rtnl_link_veth_add(sk, "l2s0", "l2s1", getpid());
	nl_socket_free(sk);
	if (err < 0) {
		print_message("no veth here (%s)\n", nl_geterror(err));
		return false;
	}
	if_up_with("l2s0", "192.0.2.2");
	if_up_with("l2s1", NULL);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct arpreq arp = {.arp_flags = ATF_PERM | ATF_COM};
	struct sockaddr_in *pa = (struct sockaddr_in *)&arp.arp_pa;
	pa->sin_family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, "192.0.2.1", &pa->sin_addr), 1);
	arp.arp_ha.sa_family = ARPHRD_ETHER;
	memset(arp.arp_ha.sa_data, 0x02, 6);
	g_strlcpy(arp.arp_dev, "l2s0", sizeof(arp.arp_dev));
	if (ioctl(fd, SIOCSARP, &arp) < 0)
		fail_msg("ARP entry: %s", g_strerror(errno));
	close(fd);
	return true;
}

/* A packet socket on l2s1: everything l2s0 transmits. */
static int
capture_open(void)
{
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	struct sockaddr_ll ll = {.sll_family = AF_PACKET,
	    .sll_protocol = htons(ETH_P_ALL),
	    .sll_ifindex = (int)if_nametoindex("l2s1")};
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&ll, sizeof(ll)), 0);
	struct timeval tv = {.tv_sec = 0, .tv_usec = 300000};
	assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);
	return fd;
}

/* Count the frames until the capture goes quiet: IPv4 UDP to port 1701, and ESP. */
static void
capture_count(int fd, int *ret_l2tp, int *ret_esp)
{
	uint8_t frame[2048];
	ssize_t n;
	*ret_l2tp = *ret_esp = 0;
	while ((n = recv(fd, frame, sizeof(frame), 0)) > 0) {
		WireCursor c;
		uint16_t ethertype, dport;
		uint8_t vihl, proto;
		wire_init(&c, frame, (size_t)n);
		if (!wire_get_bytes(&c, NULL, 12) || !wire_get_u16(&c, &ethertype) ||
		    ethertype != 0x0800 || !wire_get_u8(&c, &vihl) ||
		    !wire_get_bytes(&c, NULL, 8) || !wire_get_u8(&c, &proto))
			continue;
		if (proto == IPPROTO_ESP)
			(*ret_esp)++;
		/* the UDP header follows the IP header of (vihl & 15) words */
		if (proto == IPPROTO_UDP &&
		    wire_get_bytes(&c, NULL, (size_t)(vihl & 15) * 4 - 10) &&
		    wire_get_bytes(&c, NULL, 2) && wire_get_u16(&c, &dport) &&
		    dport == XFRM_L2TP_PORT)
			(*ret_l2tp)++;
	}
}

/* Send one datagram from 192.0.2.2 to 192.0.2.1:1701; ret_errno gets sendto()'s errno. */
static void
send_l2tp(int *ret_errno)
{
	int tx = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(1701)};
	assert_int_equal(inet_pton(AF_INET, "192.0.2.1", &a.sin_addr), 1);
	assert_true(tx >= 0);
	*ret_errno = sendto(tx, "L2TP", 4, 0, (struct sockaddr *)&a, sizeof(a)) < 0 ? errno : 0;
	close(tx);
}

static void
test_policy_before_sa_drops(void **state)
{
	(void)state;
	if (!have_netns || !make_wire())
		skip();
	int cap = capture_open(), send_errno, l2tp, esp;
	/*
	 * Control: without a policy the datagram leaves in clear, once the link is up (the kernel
	 * activates the veth's queue a moment after IFF_UP; until then it drops). Up to 5 s.
	 */
	l2tp = 0;
	for (int i = 0; i < 15 && l2tp == 0; i++) {
		send_l2tp(&send_errno);
		capture_count(cap, &l2tp, &esp);
	}
	assert_int_equal(send_errno, 0);
	assert_int_equal(l2tp, 1);

	g_autoptr(GError) error = NULL;
	g_autoptr(XfrmSocket) sock = xfrm_socket_open(&error);
	g_autoptr(XfrmUndo) undo = xfrm_undo_new();
	XfrmPolicySpec out = policy(XFRM_DIR_OUT, "192.0.2.2", "192.0.2.1");
	out.sport = 0; /* the sender's port is ephemeral */
	assert_true(xfrm_policy_install(sock, &out, undo, &error));
	/* ESP required and no SA: the kernel must drop it, not send it in clear */
	for (int i = 0; i < 3; i++)
		send_l2tp(&send_errno);
	capture_count(cap, &l2tp, &esp);
	print_message(
	    "with only the outbound policy: %d cleartext L2TP frames, %d ESP (sendto: %s)\n", l2tp,
	    esp, send_errno != 0 ? g_strerror(send_errno) : "no error");
	assert_int_equal(l2tp, 0);
	assert_int_equal(esp, 0);

	assert_true(xfrm_undo_run(sock, undo, &error));
	send_l2tp(&send_errno);
	capture_count(cap, &l2tp, &esp);
	assert_int_equal(l2tp, 1);
	close(cap);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_policy_install_undo),
	    cmocka_unit_test(test_undo_tolerates_vanished),
	    cmocka_unit_test(test_remove_if_present_and_counters),
	    cmocka_unit_test(test_bad_spec_reaches_nothing),
	    cmocka_unit_test(test_sa_install),
	    cmocka_unit_test(test_flush_ours),
	    cmocka_unit_test(test_policy_before_sa_drops),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
