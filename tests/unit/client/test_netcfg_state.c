/* Unit tests for client/netcfg_state.c: the state file written and read back, its mode, an
 * empty list removing it, and broken files giving errors that name the group and key (or the
 * line). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <cmocka.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "client/netcfg_private.h"

typedef struct Fixture {
	char *dir;
	char *path;
} Fixture;

static int
setup(void **state)
{
	Fixture *f = g_new0(Fixture, 1);
	f->dir = g_dir_make_tmp("test_netcfg_state-XXXXXX", NULL);
	assert_non_null(f->dir);
	f->path = g_build_filename(f->dir, "sub", "work.state", NULL); /* a folder to create */
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	Fixture *f = *state;
	g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	g_free(f->dir);
	g_free(f->path);
	g_free(f);
	return 0;
}

static NetcfgChange *
route_change(unsigned seq, int family, const char *dst, unsigned prefix, const char *gw, const char *dev,
    int ifindex, uint32_t metric)
{
	NetcfgChange *c = g_new0(NetcfgChange, 1);
	c->seq = seq;
	c->route.family = family;
	assert_int_equal(inet_pton(family, dst, c->route.dst), 1);
	c->route.prefix = prefix;
	if (gw != NULL) {
		assert_int_equal(inet_pton(family, gw, c->route.gateway), 1);
		c->route.has_gateway = true;
	}
	g_strlcpy(c->route.dev, dev, sizeof(c->route.dev));
	c->route.ifindex = ifindex;
	c->route.table = NETCFG_TABLE_MAIN;
	c->route.protocol = NETCFG_RTPROT;
	c->route.metric = metric;
	return c;
}

static void
test_round_trip(void **state)
{
	Fixture *f = *state;
	g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func((GDestroyNotify)netcfg_change_free);
	g_ptr_array_add(changes, route_change(0, AF_INET, "198.51.100.7", 32, "192.0.2.1", "eth0", 2, 0));
	g_ptr_array_add(changes, route_change(1, AF_INET, "0.0.0.0", 1, NULL, "ppp0", 7, 0));
	g_ptr_array_add(changes, route_change(2, AF_INET6, "fd00::", 8, NULL, "ppp0", 7, 1024));
	NetcfgChange *d = g_new0(NetcfgChange, 1);
	d->seq = 3;
	d->is_dns = true;
	d->dns.method = NETCFG_DNS_FILE;
	g_strlcpy(d->dns.dev, "ppp0", sizeof(d->dns.dev));
	d->dns.ifindex = 7;
	d->dns.path = g_strdup("/etc/resolv.conf");
	d->dns.backup = g_strdup("/run/l2sec/work.state.resolv.conf");
	d->dns.backup_kind = NETCFG_BACKUP_SYMLINK;
	d->dns.mode = 0644;
	d->dns.written_sha256 = g_compute_checksum_for_string(G_CHECKSUM_SHA256, "x", -1);
	g_ptr_array_add(changes, d);
	NetcfgChange *r = g_new0(NetcfgChange, 1);
	r->seq = 4;
	r->is_dns = true;
	r->dns.method = NETCFG_DNS_RESOLVED;
	g_strlcpy(r->dns.dev, "ppp1", sizeof(r->dns.dev));
	r->dns.ifindex = 8;
	g_ptr_array_add(changes, r);

	g_autoptr(GError) e = NULL;
	assert_true(netcfg_state_write(f->path, changes, &e));
	struct stat st;
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600); /* the file names our backups: root's only */

	g_autoptr(GPtrArray) back = NULL;
	if (!netcfg_state_read(f->path, &back, &e))
		fail_msg("read: %s", e->message);
	assert_non_null(back);
	assert_int_equal(back->len, changes->len);
	for (unsigned i = 0; i < changes->len; i++) {
		const NetcfgChange *a = g_ptr_array_index(changes, i), *b = g_ptr_array_index(back, i);
		assert_int_equal(a->seq, b->seq);
		assert_int_equal(a->is_dns, b->is_dns);
		if (!a->is_dns) {
			/* the whole struct: dst and gateway bytes past the family's length are zero in both */
			assert_memory_equal(&a->route, &b->route, sizeof(a->route));
			continue;
		}
		assert_int_equal(a->dns.method, b->dns.method);
		assert_string_equal(a->dns.dev, b->dns.dev);
		assert_int_equal(a->dns.ifindex, b->dns.ifindex);
		if (a->dns.method != NETCFG_DNS_FILE) {
			assert_null(b->dns.path);
			continue;
		}
		assert_string_equal(a->dns.path, b->dns.path);
		assert_string_equal(a->dns.backup, b->dns.backup);
		assert_int_equal(a->dns.backup_kind, b->dns.backup_kind);
		assert_int_equal(a->dns.mode, b->dns.mode);
		assert_string_equal(a->dns.written_sha256, b->dns.written_sha256);
	}

	/* An empty list removes the file; reading a missing file is "nothing", not an error. */
	g_ptr_array_set_size(changes, 0);
	assert_true(netcfg_state_write(f->path, changes, &e));
	assert_false(g_file_test(f->path, G_FILE_TEST_EXISTS));
	g_clear_pointer(&back, g_ptr_array_unref);
	assert_true(netcfg_state_read(f->path, &back, &e));
	assert_null(back);
}

/* Groups read back in sequence order, whatever order the file has them in. */
static void
test_order(void **state)
{
	Fixture *f = *state;
	static const char text[] =
	    "[netcfg]\nversion=1\n"
	    "[route-10]\nfamily=inet\ndst=10.0.0.0/8\ndev=ppp0\nifindex=7\ntable=254\nprotocol=108\nmetric=0\n"
	    "[dns-2]\nmethod=resolvconf\ndev=ppp0\nifindex=7\n"
	    "[route-9]\nfamily=inet\ndst=0.0.0.0/1\ndev=ppp0\nifindex=7\ntable=254\nprotocol=108\nmetric=0\n";
	g_autofree char *path = g_build_filename(f->dir, "order.state", NULL);
	assert_true(g_file_set_contents(path, text, -1, NULL));
	g_autoptr(GPtrArray) back = NULL;
	g_autoptr(GError) e = NULL;
	if (!netcfg_state_read(path, &back, &e))
		fail_msg("read: %s", e->message);
	assert_int_equal(back->len, 3);
	static const unsigned seqs[] = { 2, 9, 10 };
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(((NetcfgChange *)g_ptr_array_index(back, i))->seq, seqs[i]);
	assert_true(((NetcfgChange *)g_ptr_array_index(back, 0))->is_dns);
}

#define ROUTE_OK "family=inet\ndst=10.0.0.0/8\ndev=ppp0\nifindex=7\ntable=254\nprotocol=108\nmetric=0\n"
#define DNS_FILE_OK                                                                                          \
	"method=file\ndev=ppp0\nifindex=7\npath=/etc/resolv.conf\nbackup=/run/l2sec/x\nbackup-kind=file\n"  \
	"mode=0644\nwritten-sha256=2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881\n"

static const struct bad_case {
	const char *name;
	const char *text;
	const char *err; /* the error must contain this */
} bad_cases[] = {
	{ "not a key file line", "[netcfg]\nversion=1\nthis is not a key\n", "this is not a key" },
	{ "no version", "[netcfg]\n[route-0]\n" ROUTE_OK, "[netcfg] version" },
	{ "version 2", "[netcfg]\nversion=2\n", "[netcfg] version: 2 is not 1" },
	{ "unknown group", "[netcfg]\nversion=1\n[tunnel-0]\nx=1\n", "unknown group [tunnel-0]" },
	{ "group without number", "[netcfg]\nversion=1\n[route-x]\n" ROUTE_OK, "unknown group [route-x]" },
	{ "family", "[netcfg]\nversion=1\n[route-0]\nfamily=ipx\n", "[route-0] family: “ipx”" },
	{ "dst without prefix", "[netcfg]\nversion=1\n[route-0]\nfamily=inet\ndst=10.0.0.0\n", "[route-0] dst" },
	{ "dst prefix 33", "[netcfg]\nversion=1\n[route-0]\nfamily=inet\ndst=10.0.0.0/33\n", "[route-0] dst" },
	{ "dst IPv6 for inet", "[netcfg]\nversion=1\n[route-0]\nfamily=inet\ndst=fd00::/8\n",
	    "[route-0] dst: “fd00::” is not an inet address" },
	{ "gateway", "[netcfg]\nversion=1\n[route-3]\n" ROUTE_OK "gateway=10.0.0.256\n", "[route-3] gateway" },
	{ "no dev", "[netcfg]\nversion=1\n[route-0]\nfamily=inet\ndst=10.0.0.0/8\n", "[route-0] dev" },
	{ "dev too long", "[netcfg]\nversion=1\n[route-0]\nfamily=inet\ndst=10.0.0.0/8\ndev=abcdefghijklmnopq\n",
	    "[route-0] dev" },
	{ "protocol 300", "[netcfg]\nversion=1\n[route-0]\nfamily=inet\ndst=10.0.0.0/8\ndev=ppp0\nifindex=7\n"
	                  "table=254\nprotocol=300\nmetric=0\n", "[route-0] protocol" },
	{ "ifindex negative", "[netcfg]\nversion=1\n[route-0]\nfamily=inet\ndst=10.0.0.0/8\ndev=ppp0\nifindex=-1\n",
	    "[route-0] ifindex" },
	{ "dns method", "[netcfg]\nversion=1\n[dns-1]\nmethod=nscd\n", "[dns-1] method: “nscd”" },
	{ "dns method auto", "[netcfg]\nversion=1\n[dns-1]\nmethod=auto\n", "[dns-1] method" },
	{ "dns relative path", "[netcfg]\nversion=1\n[dns-1]\n" DNS_FILE_OK "path=resolv.conf\n", "[dns-1] path" },
	{ "dns backup kind", "[netcfg]\nversion=1\n[dns-1]\n" DNS_FILE_OK "backup-kind=copy\n", "[dns-1] backup-kind" },
	{ "dns mode", "[netcfg]\nversion=1\n[dns-1]\n" DNS_FILE_OK "mode=0999\n", "[dns-1] mode" },
	{ "dns sha", "[netcfg]\nversion=1\n[dns-1]\n" DNS_FILE_OK "written-sha256=abc\n", "[dns-1] written-sha256" },
	{ "dns no backup", "[netcfg]\nversion=1\n[dns-1]\nmethod=file\ndev=ppp0\nifindex=7\npath=/etc/resolv.conf\n",
	    "[dns-1] backup" },
	{ "two changes numbered 1", "[netcfg]\nversion=1\n[route-1]\n" ROUTE_OK "[dns-1]\nmethod=resolvconf\ndev=ppp0\nifindex=7\n",
	    "a second change numbered 1" },
};

static void
test_bad(void **state)
{
	Fixture *f = *state;
	g_autofree char *path = g_build_filename(f->dir, "bad.state", NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
		const struct bad_case *c = &bad_cases[i];
		assert_true(g_file_set_contents(path, c->text, -1, NULL));
		g_autoptr(GPtrArray) back = NULL;
		g_autoptr(GError) e = NULL;
		if (netcfg_state_read(path, &back, &e))
			fail_msg("%s: accepted", c->name);
		if (!g_error_matches(e, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
			fail_msg("%s: error %s %d", c->name, g_quark_to_string(e->domain), e->code);
		if (strstr(e->message, c->err) == NULL || strstr(e->message, path) == NULL)
			fail_msg("%s: error “%s” does not name “%s” and the file", c->name, e->message, c->err);
		assert_null(back);
	}
}

/* The backup-kind/method name tables are each other's inverse. */
static void
test_method_names(void **state)
{
	(void)state;
	static const NetcfgDnsMethod all[] = { NETCFG_DNS_AUTO, NETCFG_DNS_RESOLVED, NETCFG_DNS_RESOLVCONF, NETCFG_DNS_FILE };
	for (size_t i = 0; i < G_N_ELEMENTS(all); i++) {
		NetcfgDnsMethod m;
		assert_true(netcfg_dns_method_from_string(netcfg_dns_method_to_string(all[i]), &m));
		assert_int_equal(m, all[i]);
	}
	NetcfgDnsMethod m;
	assert_false(netcfg_dns_method_from_string("dnsmasq", &m));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad, setup, teardown),
		cmocka_unit_test(test_method_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
