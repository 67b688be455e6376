/*
 * Unit tests for l2tp/l2tp_kernel.c that run anywhere: the UDP socket a tunnel
 * rides on (loopback), and the errors when the kernel lacks L2TP (this
 * sandbox's kernel has no "l2tp" genl family and no AF_PPPOX). Where the kernel
 * has them, the error checks become checks that the calls work; the full data
 * path is proven in the VM (tests/vm/tests/l2tp-static.sh).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "l2tp/l2tp_error.h"
#include "l2tp/l2tp_kernel.h"

static struct sockaddr_in
v4(const char *addr, uint16_t port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	assert_int_equal(inet_pton(AF_INET, addr, &a.sin_addr), 1);
	return a;
}

static void
test_udp_open(void **state)
{
	struct sockaddr_in l = v4("127.0.0.1", 0), p = v4("127.0.0.1", 1701);
	g_autoptr(GError) error = NULL;
	int fd = -1;
	if (!l2tp_kernel_udp_open(
		(struct sockaddr *)&l, (struct sockaddr *)&p, sizeof(l), &fd, &error))
		fail_msg("%s", error->message);
	/* bound to an ephemeral port, connected to 1701, close-on-exec */
	struct sockaddr_in got;
	socklen_t len = sizeof(got);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&got, &len), 0);
	assert_int_not_equal(ntohs(got.sin_port), 0);
	len = sizeof(got);
	assert_int_equal(getpeername(fd, (struct sockaddr *)&got, &len), 0);
	assert_int_equal(ntohs(got.sin_port), 1701);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	int type = 0;
	len = sizeof(type);
	assert_int_equal(getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len), 0);
	assert_int_equal(type, SOCK_DGRAM);
	close(fd);
}

static void
test_udp_open_errors(void **state)
{
	struct sockaddr_in l = v4("127.0.0.1", 0), p = v4("127.0.0.1", 1701);
	struct sockaddr_in6 l6 = {.sin6_family = AF_INET6};
	g_autoptr(GError) error = NULL;
	int fd = -1;

	/* two families */
	assert_false(l2tp_kernel_udp_open(
	    (struct sockaddr *)&l6, (struct sockaddr *)&p, sizeof(l), &fd, &error));
	assert_true(g_error_matches(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_KERNEL));
	assert_non_null(strstr(error->message, "two addresses of one family"));
	g_clear_error(&error);

	/* an address that is not ours (TEST-NET-1, RFC 5737) */
	struct sockaddr_in far = v4("192.0.2.99", 1701);
	assert_false(l2tp_kernel_udp_open(
	    (struct sockaddr *)&far, (struct sockaddr *)&p, sizeof(l), &fd, &error));
	assert_true(g_error_matches(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_KERNEL));
	assert_non_null(
	    strstr(error->message, "L2TP: cannot bind the UDP socket to 192.0.2.99:1701"));
	g_clear_error(&error);

	/* a port already taken: the second socket on the same port fails and says which */
	int first = -1;
	assert_true(l2tp_kernel_udp_open(
	    (struct sockaddr *)&l, (struct sockaddr *)&p, sizeof(l), &first, &error));
	struct sockaddr_in bound;
	socklen_t len = sizeof(bound);
	assert_int_equal(getsockname(first, (struct sockaddr *)&bound, &len), 0);
	assert_false(l2tp_kernel_udp_open(
	    (struct sockaddr *)&bound, (struct sockaddr *)&p, sizeof(l), &fd, &error));
	assert_non_null(strstr(error->message, "L2TP: cannot bind the UDP socket to 127.0.0.1:"));
	assert_non_null(strstr(error->message, g_strerror(EADDRINUSE)));
	close(first);
	assert_int_equal(fd, -1); /* untouched on failure */
}

static void
test_genl_family(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(L2tpKernel) k = l2tp_kernel_open(&error);
	if (k != NULL) {
		/* a kernel with L2TP: a tunnel that does not exist has no counters */
		L2tpKernelStats s;
		assert_false(l2tp_kernel_tunnel_stats(k, 65535, &s, &error));
		assert_true(g_error_matches(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_KERNEL));
		assert_non_null(strstr(
		    error->message, "L2TP: cannot read the counters of kernel tunnel 65535"));
		print_message("kernel has L2TP: checked a missing tunnel instead\n");
		return;
	}
	assert_true(g_error_matches(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_KERNEL));
	if (strstr(error->message, "generic netlink socket") != NULL) {
		print_message("no generic netlink here: %s\n", error->message);
		return;
	}
	assert_string_equal(error->message,
	    "L2TP: the kernel has no L2TP support (module l2tp_netlink not loaded?)");
}

static void
test_pppox(void **state)
{
	const L2tpKernelIds ids = {4711, 29, 1, 7};
	g_autoptr(GError) error = NULL;
	int fd = -1;
	/* no kernel session 1 in tunnel 4711 exists here, with or without PPPoL2TP support */
	assert_false(l2tp_kernel_pppox_open(&ids, &fd, &error));
	assert_int_equal(fd, -1);
	assert_true(g_error_matches(error, L2SEC_L2TP_ERROR, L2SEC_L2TP_ERROR_KERNEL));
	if (strstr(error->message, "has no PPPoL2TP sockets") == NULL)
		assert_non_null(strstr(error->message,
		    "L2TP: cannot connect a PPPoL2TP socket to session 1/7 in tunnel 4711/29"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_udp_open),
	    cmocka_unit_test(test_udp_open_errors),
	    cmocka_unit_test(test_genl_family),
	    cmocka_unit_test(test_pppox),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
