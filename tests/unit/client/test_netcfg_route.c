/* Unit tests for client/netcfg_route.c and the route calls of client/netcfg.c, against the
 * kernel: as root, the test moves itself into a fresh network namespace (unshare) with two veth
 * pairs, u0 (the uplink, 192.0.2.2/24, default via 192.0.2.1) and p0 (the "PPP" interface,
 * 10.99.0.12/24, IPv6 on), plus q0 with IPv6 disabled; without root (or without `ip`) these
 * tests are skipped, saying so. Route descriptions are checked without the kernel. */
#define _GNU_SOURCE
#include "config.h"

#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <cmocka.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "client/netcfg.h"
#include "client/netcfg_private.h"
#include "client/profile_values.h"

static bool have_netns;
static char *tmpdir, *state_path;

static void
sh(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static void
sh(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *cmd = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	int rc = system(cmd);
	if (rc != 0)
		fail_msg("`%s` failed (%d)", cmd, rc);
}

/* The main table as `ip` prints it (IPv4, then IPv6 without the kernel's own fe80/multicast). */
static char *
routes_dump(void)
{
	FILE *p = popen("ip -4 route show table main; ip -6 route show table main | grep -v '^fe80\\|^multicast'", "r");
	assert_non_null(p);
	GString *s = g_string_new(NULL);
	char buf[512];
	while (fgets(buf, sizeof(buf), p) != NULL)
		g_string_append(s, buf);
	pclose(p);
	return g_string_free(s, FALSE);
}

static bool
has_route(const char *line)
{
	g_autofree char *d = routes_dump();
	return strstr(d, line) != NULL;
}

static int
group_setup(void **state)
{
	(void)state;
	tmpdir = g_dir_make_tmp("test_netcfg_route-XXXXXX", NULL);
	state_path = g_build_filename(tmpdir, "work.state", NULL);
	if (geteuid() != 0) {
		fprintf(stderr, "# not root: the route tests against the kernel are skipped\n");
		return 0;
	}
	if (system("ip -V >/dev/null 2>&1") != 0) {
		fprintf(stderr, "# no `ip` (iproute2): the route tests against the kernel are skipped\n");
		return 0;
	}
	if (unshare(CLONE_NEWNET) != 0) {
		fprintf(stderr, "# unshare(CLONE_NEWNET): %s: the route tests against the kernel are skipped\n",
		    g_strerror(errno));
		return 0;
	}
	int rc = system("ip link set lo up && "
			"ip link add u0 type veth peer name u1 && ip link set u0 up && ip link set u1 up && "
			"ip addr add 192.0.2.2/24 dev u0 && ip route add default via 192.0.2.1 dev u0 && "
			"ip link add p0 type veth peer name p1 && ip link set p0 up && ip link set p1 up && "
			"ip addr add 10.99.0.12/24 dev p0 && ip -6 addr add fd99::12/64 dev p0 nodad && "
			"ip link add q0 type veth peer name q1 && "
			"sysctl -q -w net.ipv6.conf.q0.disable_ipv6=1 && ip link set q0 up && ip link set q1 up");
	if (rc != 0) {
		fprintf(stderr, "# cannot build the test's interfaces (veth): the route tests are skipped\n");
		return 0;
	}
	have_netns = true;
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", tmpdir);
	assert_int_equal(system(cmd), 0);
	g_free(tmpdir);
	g_free(state_path);
	return 0;
}

#define NEED_NETNS()                                                                                         \
	do {                                                                                                 \
		if (!have_netns)                                                                             \
			skip();                                                                              \
	} while (0)

static NetcfgRoute
route_spec(int family, const char *dst, unsigned prefix, const char *gw, const char *dev)
{
	NetcfgRoute r = { .family = family, .prefix = prefix, .table = NETCFG_TABLE_MAIN, .protocol = NETCFG_RTPROT };
	assert_int_equal(inet_pton(family, dst, r.dst), 1);
	if (gw != NULL) {
		assert_int_equal(inet_pton(family, gw, r.gateway), 1);
		r.has_gateway = true;
	}
	g_strlcpy(r.dev, dev, sizeof(r.dev));
	r.ifindex = (int)if_nametoindex(dev);
	return r;
}

static const struct spec_case {
	int family;
	const char *dst;
	unsigned prefix;
	const char *gw;
	const char *text;
} spec_cases[] = {
	{ AF_INET, "10.0.0.0", 8, NULL, "10.0.0.0/8 dev ppp0" },
	{ AF_INET, "198.51.100.7", 32, "192.0.2.1", "198.51.100.7/32 via 192.0.2.1 dev ppp0" },
	{ AF_INET, "0.0.0.0", 1, NULL, "0.0.0.0/1 dev ppp0" },
	{ AF_INET6, "fd00::", 8, NULL, "fd00::/8 dev ppp0" },
	{ AF_INET6, "2001:db8::", 32, "fe80::1", "2001:db8::/32 via fe80::1 dev ppp0" },
};

static void
test_route_to_string(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(spec_cases); i++) {
		const struct spec_case *c = &spec_cases[i];
		NetcfgRoute r = route_spec(c->family, c->dst, c->prefix, c->gw, "ppp0");
		g_autofree char *s = netcfg_route_to_string(&r);
		if (strcmp(s, c->text) != 0)
			fail_msg("case %zu: “%s”, not “%s”", i, s, c->text);
	}
}

/* One route added, refused a second time with the kernel's reason, removed, removed again. */
static void
test_add_del(void **state)
{
	(void)state;
	NEED_NETNS();
	g_autoptr(GError) e = NULL;
	NetcfgRoute r = route_spec(AF_INET, "10.0.0.0", 8, NULL, "p0");
	if (!netcfg_route_add(&r, &e))
		fail_msg("add: %s", e->message);
	assert_true(has_route("10.0.0.0/8 dev p0 proto 108 scope link"));
	assert_false(netcfg_route_add(&r, &e));
	assert_string_equal(e->message, "route 10.0.0.0/8 dev p0: File exists");
	assert_true(g_error_matches(e, G_IO_ERROR, G_IO_ERROR_EXISTS));
	g_clear_error(&e);
	if (!netcfg_route_del(&r, &e))
		fail_msg("del: %s", e->message);
	assert_false(has_route("10.0.0.0/8"));
	assert_true(netcfg_route_del(&r, &e)); /* already gone */

	/* through a gateway that is not on-link: the kernel's reason */
	NetcfgRoute bad = route_spec(AF_INET, "10.1.0.0", 16, "203.0.113.1", "p0");
	assert_false(netcfg_route_add(&bad, &e));
	assert_string_equal(e->message, "route 10.1.0.0/16 via 203.0.113.1 dev p0: Network is unreachable");
	g_clear_error(&e);

	/* an interface that went away (or came back with another index): nothing to remove */
	NetcfgRoute gone = route_spec(AF_INET, "10.2.0.0", 16, NULL, "p0");
	gone.ifindex += 1000;
	assert_true(netcfg_route_del(&gone, &e));
	g_strlcpy(gone.dev, "nosuch0", sizeof(gone.dev));
	assert_true(netcfg_route_del(&gone, &e));

	/* a route that is someone else's (another protocol) is not ours to delete */
	sh("ip route add 10.3.0.0/16 dev p0 proto static");
	NetcfgRoute theirs = route_spec(AF_INET, "10.3.0.0", 16, NULL, "p0");
	assert_true(netcfg_route_del(&theirs, &e)); /* "No such process": not there as ours */
	assert_true(has_route("10.3.0.0/16 dev p0 proto static"));
	sh("ip route del 10.3.0.0/16 dev p0");
}

static void
test_lookup(void **state)
{
	(void)state;
	NEED_NETNS();
	struct in_addr a, gw;
	bool has_gw = false;
	char dev[IF_NAMESIZE];
	int ifindex = 0;
	g_autoptr(GError) e = NULL;
	inet_pton(AF_INET, "198.51.100.7", &a);
	if (!netcfg_route_lookup(a, &has_gw, &gw, dev, &ifindex, &e))
		fail_msg("lookup: %s", e->message);
	assert_true(has_gw);
	char s[INET_ADDRSTRLEN];
	assert_string_equal(inet_ntop(AF_INET, &gw, s, sizeof(s)), "192.0.2.1");
	assert_string_equal(dev, "u0");
	assert_int_equal(ifindex, (int)if_nametoindex("u0"));

	inet_pton(AF_INET, "10.99.0.1", &a); /* on-link */
	assert_true(netcfg_route_lookup(a, &has_gw, &gw, dev, &ifindex, &e));
	assert_false(has_gw);
	assert_string_equal(dev, "p0");
}

static void
test_server_route(void **state)
{
	(void)state;
	NEED_NETNS();
	g_autofree char *before = routes_dump();
	g_autoptr(GError) e = NULL;
	Netcfg *n = netcfg_new(state_path, &e);
	assert_non_null(n);
	struct in_addr server, onlink;
	inet_pton(AF_INET, "198.51.100.7", &server);
	inet_pton(AF_INET, "192.0.2.9", &onlink);
	if (!netcfg_add_server_route(n, server, &e))
		fail_msg("server route: %s", e->message);
	assert_true(has_route("198.51.100.7 via 192.0.2.1 dev u0 proto 108"));
	assert_true(netcfg_add_server_route(n, onlink, &e)); /* on-link: nothing to add */
	assert_false(has_route("192.0.2.9"));

	/* a host route someone already has is left as it is, and not ours to remove */
	sh("ip route add 198.51.100.8/32 via 192.0.2.1 dev u0");
	struct in_addr other;
	inet_pton(AF_INET, "198.51.100.8", &other);
	if (!netcfg_add_server_route(n, other, &e))
		fail_msg("existing host route: %s", e->message);

	g_autoptr(GPtrArray) changes = NULL;
	assert_true(netcfg_state_read(state_path, &changes, &e));
	assert_int_equal(changes->len, 1); /* only 198.51.100.7 */
	netcfg_free(n);
	assert_true(has_route("198.51.100.8 via 192.0.2.1 dev u0 \n"));
	sh("ip route del 198.51.100.8/32");
	g_autofree char *after = routes_dump();
	assert_string_equal(before, after);
	assert_false(g_file_test(state_path, G_FILE_TEST_EXISTS));
}

static GArray *
routes_of(const char *const *specs)
{
	GArray *a = g_array_new(FALSE, TRUE, sizeof(L2secRoute));
	for (; *specs != NULL; specs++) {
		L2secRoute r;
		g_autoptr(GError) e = NULL;
		if (!l2sec_profile_parse_route(*specs, &r, &e))
			fail_msg("%s: %s", *specs, e->message);
		g_array_append_val(a, r);
	}
	return a;
}

static void
test_default_and_split(void **state)
{
	(void)state;
	NEED_NETNS();
	g_autofree char *before = routes_dump();
	g_autoptr(GError) e = NULL;
	Netcfg *n = netcfg_new(state_path, &e);
	if (!netcfg_set_default_route(n, "p0", &e))
		fail_msg("default route: %s", e->message);
	assert_true(has_route("0.0.0.0/1 dev p0 proto 108 scope link"));
	assert_true(has_route("128.0.0.0/1 dev p0 proto 108 scope link"));
	assert_true(has_route("default via 192.0.2.1 dev u0")); /* untouched */
	static const char *const specs[] = { "10.0.0.0/8", "172.16.0.0/12", "fd00::/8", "192.168.7.7", NULL };
	g_autoptr(GArray) routes = routes_of(specs);
	if (!netcfg_add_routes(n, "p0", routes, &e))
		fail_msg("routes: %s", e->message);
	assert_true(has_route("10.0.0.0/8 dev p0 proto 108"));
	assert_true(has_route("172.16.0.0/12 dev p0 proto 108"));
	assert_true(has_route("192.168.7.7 dev p0 proto 108"));
	assert_true(has_route("fd00::/8 dev p0 proto 108"));

	g_autoptr(GPtrArray) changes = NULL;
	assert_true(netcfg_state_read(state_path, &changes, &e));
	assert_int_equal(changes->len, 6);

	/* a route that is there already: the error names it, and the call leaves nothing */
	static const char *const again[] = { "10.42.0.0/16", "10.0.0.0/8", NULL };
	g_autoptr(GArray) dup = routes_of(again);
	assert_false(netcfg_add_routes(n, "p0", dup, &e));
	assert_string_equal(e->message, "route 10.0.0.0/8 dev p0: File exists");
	g_clear_error(&e);
	assert_false(has_route("10.42.0.0/16"));
	g_clear_pointer(&changes, g_ptr_array_unref);
	assert_true(netcfg_state_read(state_path, &changes, &e));
	assert_int_equal(changes->len, 6);

	assert_false(netcfg_set_default_route(n, "nosuch0", &e));
	assert_string_equal(e->message, "route 0.0.0.0/1 dev nosuch0: No such device");
	g_clear_error(&e);

	if (!netcfg_undo(n, &e))
		fail_msg("undo: %s", e->message);
	g_autofree char *after = routes_dump();
	assert_string_equal(before, after);
	assert_false(g_file_test(state_path, G_FILE_TEST_EXISTS));
	netcfg_free(n);
}

static void
test_ipv6_without_ipv6(void **state)
{
	(void)state;
	NEED_NETNS();
	g_autofree char *before = routes_dump();
	g_autoptr(GError) e = NULL;
	Netcfg *n = netcfg_new(state_path, &e);
	static const char *const specs[] = { "10.7.0.0/16", "fd00::/8", NULL };
	g_autoptr(GArray) routes = routes_of(specs);
	assert_false(netcfg_add_routes(n, "q0", routes, &e));
	assert_true(g_error_matches(e, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED));
	assert_string_equal(e->message,
	    "route fd00::/8 dev q0: the interface has no IPv6 address (the server did not negotiate IPv6)");
	g_autofree char *after = routes_dump(); /* 10.7.0.0/16 was taken back */
	assert_string_equal(before, after);
	assert_false(g_file_test(state_path, G_FILE_TEST_EXISTS));
	netcfg_free(n);
}

/* A child makes the changes and dies without undoing them; recovery undoes them. Then the same
 * with the "PPP" interface gone meanwhile (its routes went with it). */
static void
test_recover(void **state)
{
	(void)state;
	NEED_NETNS();
	for (int drop_link = 0; drop_link < 2; drop_link++) {
		g_autofree char *before = routes_dump();
		if (drop_link)
			sh("ip link add p2 type veth peer name p3 && ip link set p2 up && ip link set p3 up");
		const char *dev = drop_link ? "p2" : "p0";
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			static const char *const specs[] = { "10.0.0.0/8", NULL };
			g_autoptr(GArray) routes = routes_of(specs);
			struct in_addr server;
			inet_pton(AF_INET, "198.51.100.7", &server);
			Netcfg *n = netcfg_new(state_path, NULL);
			bool ok = n != NULL && netcfg_add_server_route(n, server, NULL) &&
			    netcfg_set_default_route(n, dev, NULL) && netcfg_add_routes(n, dev, routes, NULL);
			_exit(ok ? 0 : 1); /* n not freed: a crash */
		}
		int status = 0;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		g_autofree char *want = g_strdup_printf("10.0.0.0/8 dev %s proto 108", dev);
		assert_true(has_route(want));
		if (drop_link) {
			sh("ip link del p2");
			assert_true(has_route("198.51.100.7 via 192.0.2.1 dev u0 proto 108"));
		}
		bool found = false;
		g_autoptr(GError) e = NULL;
		if (!netcfg_recover(state_path, &found, &e))
			fail_msg("recover: %s", e->message);
		assert_true(found);
		g_autofree char *after = routes_dump();
		assert_string_equal(before, after);
		assert_false(has_route("proto 108"));
		assert_false(g_file_test(state_path, G_FILE_TEST_EXISTS));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_to_string),
		cmocka_unit_test(test_add_del),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_server_route),
		cmocka_unit_test(test_default_and_split),
		cmocka_unit_test(test_ipv6_without_ipv6),
		cmocka_unit_test(test_recover),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
