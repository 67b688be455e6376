/* Unit tests for client/netcfg_dns.c (the resolv.conf method) through the Netcfg object of
 * client/netcfg.c, on temporary files: what is written, the backup, putting it back, keeping a
 * file someone changed since, a missing file and a symbolic link, the state file, recovery after
 * a crash (a child that exits without undoing), and the atomic writer; resolvconf through a fake
 * program, and systemd-resolved through a fake org.freedesktop.resolve1 on a private bus. The interface is "lo",
 * present everywhere. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "client/netcfg.h"
#include "client/netcfg_private.h"

static const char original[] = "# the machine's own\nnameserver 192.0.2.53\nsearch corp.example\noptions edns0 trust-ad\n";

typedef struct Fixture {
	char *dir;
	char *resolv;
	char *state;
	char *backup;
	struct in_addr servers[2];
} Fixture;

static int
setup(void **state)
{
	Fixture *f = g_new0(Fixture, 1);
	f->dir = g_dir_make_tmp("test_netcfg_dns-XXXXXX", NULL);
	assert_non_null(f->dir);
	f->resolv = g_build_filename(f->dir, "resolv.conf", NULL);
	f->state = g_build_filename(f->dir, "run", "lo.state", NULL);
	f->backup = g_strdup_printf("%s.resolv.conf", f->state);
	assert_true(g_file_set_contents(f->resolv, original, -1, NULL));
	assert_int_equal(chmod(f->resolv, 0644), 0);
	inet_pton(AF_INET, "10.99.0.1", &f->servers[0]);
	inet_pton(AF_INET, "10.99.0.2", &f->servers[1]);
	netcfg_set_resolv_conf_path(f->resolv);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	Fixture *f = *state;
	netcfg_set_resolv_conf_path(NULL);
	g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	g_free(f->dir);
	g_free(f->resolv);
	g_free(f->state);
	g_free(f->backup);
	g_free(f);
	return 0;
}

static char *
slurp(const char *path)
{
	char *s = NULL;
	if (!g_file_get_contents(path, &s, NULL, NULL))
		return NULL;
	return s;
}

static void
test_write_and_restore(void **state)
{
	Fixture *f = *state;
	g_autoptr(GError) e = NULL;
	Netcfg *n = netcfg_new(f->state, &e);
	assert_non_null(n);
	assert_null(netcfg_dns_method_name(n));
	if (!netcfg_set_dns(n, "lo", f->servers, 2, NETCFG_DNS_FILE, &e))
		fail_msg("set_dns: %s", e->message);
	assert_string_equal(netcfg_dns_method_name(n), f->resolv);

	g_autofree char *now = slurp(f->resolv);
	g_autofree char *want = g_strdup_printf("# Written by l2sec for lo; the previous file is kept in %s\n"
						"# and put back when the connection ends.\n"
						"nameserver 10.99.0.1\nnameserver 10.99.0.2\n"
						"search corp.example\noptions edns0 trust-ad\n",
	    f->backup);
	assert_string_equal(now, want); /* split tunnel: the search list stays */
	struct stat st;
	assert_int_equal(stat(f->resolv, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	g_autofree char *bak = slurp(f->backup);
	assert_string_equal(bak, original);
	assert_int_equal(stat(f->backup, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);

	/* the state file records it */
	g_autoptr(GPtrArray) changes = NULL;
	assert_true(netcfg_state_read(f->state, &changes, &e));
	assert_non_null(changes);
	assert_int_equal(changes->len, 1);
	NetcfgChange *c = g_ptr_array_index(changes, 0);
	assert_true(c->is_dns);
	assert_int_equal(c->dns.method, NETCFG_DNS_FILE);
	assert_string_equal(c->dns.path, f->resolv);
	assert_string_equal(c->dns.backup, f->backup);
	assert_int_equal(c->dns.backup_kind, NETCFG_BACKUP_FILE);
	g_autofree char *sha = g_compute_checksum_for_string(G_CHECKSUM_SHA256, want, -1);
	assert_string_equal(c->dns.written_sha256, sha);

	/* a second call is refused, no servers is nothing */
	assert_false(netcfg_set_dns(n, "lo", f->servers, 1, NETCFG_DNS_FILE, &e));
	assert_true(g_error_matches(e, G_IO_ERROR, G_IO_ERROR_EXISTS));
	g_clear_error(&e);

	if (!netcfg_undo(n, &e))
		fail_msg("undo: %s", e->message);
	g_free(now);
	now = slurp(f->resolv);
	assert_string_equal(now, original);
	assert_int_equal(stat(f->resolv, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_false(g_file_test(f->backup, G_FILE_TEST_EXISTS));
	assert_false(g_file_test(f->state, G_FILE_TEST_EXISTS));
	assert_null(netcfg_dns_method_name(n));
	netcfg_free(n);
	g_free(now);
	now = slurp(f->resolv);
	assert_string_equal(now, original);
}

/* After netcfg_set_default_route the tunnel takes every query: the search list goes. Setting
 * the default route needs an interface with routes, so this checks prepare() directly. */
static void
test_all_queries_text(void **state)
{
	Fixture *f = *state;
	NetcfgDns d = { .method = NETCFG_DNS_FILE, .dev = "ppp0", .path = f->resolv };
	d.backup = g_build_filename(f->dir, "bak", NULL);
	g_autofree char *text = NULL;
	g_autoptr(GError) e = NULL;
	assert_true(netcfg_dns_file_prepare(&d, f->servers, 1, true, &text, &e));
	g_autofree char *want = g_strdup_printf("# Written by l2sec for ppp0; the previous file is kept in %s\n"
						"# and put back when the connection ends.\n"
						"nameserver 10.99.0.1\noptions edns0 trust-ad\n",
	    d.backup);
	assert_string_equal(text, want);
	g_free(d.backup);
	g_free(d.written_sha256);
}

static void
test_changed_since(void **state)
{
	Fixture *f = *state;
	g_autoptr(GError) e = NULL;
	Netcfg *n = netcfg_new(f->state, &e);
	assert_non_null(n);
	assert_true(netcfg_set_dns(n, "lo", f->servers, 1, NETCFG_DNS_FILE, &e));
	static const char theirs[] = "nameserver 9.9.9.9\n"; /* NetworkManager rewrote it meanwhile */
	assert_true(g_file_set_contents(f->resolv, theirs, -1, NULL));
	if (!netcfg_undo(n, &e))
		fail_msg("undo: %s", e->message);
	g_autofree char *now = slurp(f->resolv);
	assert_string_equal(now, theirs);
	g_autofree char *bak = slurp(f->backup); /* left for whoever wants it */
	assert_string_equal(bak, original);
	assert_false(g_file_test(f->state, G_FILE_TEST_EXISTS));
	netcfg_free(n);
}

static void
test_missing_file(void **state)
{
	Fixture *f = *state;
	assert_int_equal(g_unlink(f->resolv), 0);
	g_autoptr(GError) e = NULL;
	Netcfg *n = netcfg_new(f->state, &e);
	assert_true(netcfg_set_dns(n, "lo", f->servers, 1, NETCFG_DNS_FILE, &e));
	g_autofree char *now = slurp(f->resolv);
	assert_non_null(strstr(now, "nameserver 10.99.0.1\n"));
	netcfg_free(n); /* restores */
	assert_false(g_file_test(f->resolv, G_FILE_TEST_EXISTS));
}

static void
test_symlink(void **state)
{
	Fixture *f = *state;
	/* resolv.conf -> stub-resolv.conf, as systemd-resolved sets it up */
	g_autofree char *stub = g_build_filename(f->dir, "stub-resolv.conf", NULL);
	assert_int_equal(rename(f->resolv, stub), 0);
	assert_int_equal(symlink("stub-resolv.conf", f->resolv), 0);
	g_autoptr(GError) e = NULL;
	Netcfg *n = netcfg_new(f->state, &e);
	if (!netcfg_set_dns(n, "lo", f->servers, 1, NETCFG_DNS_FILE, &e))
		fail_msg("set_dns: %s", e->message);
	struct stat st;
	assert_int_equal(lstat(f->resolv, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	g_autofree char *stub_now = slurp(stub);
	assert_string_equal(stub_now, original); /* the link's target is untouched */
	netcfg_free(n);
	assert_int_equal(lstat(f->resolv, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	g_autofree char *target = g_file_read_link(f->resolv, NULL);
	assert_string_equal(target, "stub-resolv.conf");
}

/* A process that set DNS and died (no undo): netcfg_new refuses the state file it left, and
 * netcfg_recover puts the file back and removes the state file. */
static void
test_recover_after_crash(void **state)
{
	Fixture *f = *state;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		Netcfg *n = netcfg_new(f->state, NULL);
		_exit(n != NULL && netcfg_set_dns(n, "lo", f->servers, 2, NETCFG_DNS_FILE, NULL) ? 0 : 1);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	g_autofree char *now = slurp(f->resolv);
	assert_non_null(strstr(now, "nameserver 10.99.0.2\n"));

	g_autoptr(GError) e = NULL;
	assert_null(netcfg_new(f->state, &e));
	assert_true(g_error_matches(e, G_IO_ERROR, G_IO_ERROR_EXISTS));
	assert_non_null(strstr(e->message, f->state));
	g_clear_error(&e);

	bool found = false;
	if (!netcfg_recover(f->state, &found, &e))
		fail_msg("recover: %s", e->message);
	assert_true(found);
	g_free(now);
	now = slurp(f->resolv);
	assert_string_equal(now, original);
	assert_false(g_file_test(f->state, G_FILE_TEST_EXISTS));
	assert_false(g_file_test(f->backup, G_FILE_TEST_EXISTS));
	assert_true(netcfg_recover(f->state, &found, &e));
	assert_false(found);
}

/* A broken state file: recovery says where, and leaves the file for a human. */
static void
test_recover_broken(void **state)
{
	Fixture *f = *state;
	g_autofree char *dir = g_path_get_dirname(f->state);
	assert_int_equal(g_mkdir_with_parents(dir, 0700), 0);
	assert_true(g_file_set_contents(f->state, "[netcfg]\nversion=1\n[dns-0]\nmethod=file\n", -1, NULL));
	bool found = false;
	g_autoptr(GError) e = NULL;
	assert_false(netcfg_recover(f->state, &found, &e));
	assert_non_null(strstr(e->message, "[dns-0] dev"));
	assert_true(g_file_test(f->state, G_FILE_TEST_EXISTS));
}

static void
test_no_interface(void **state)
{
	Fixture *f = *state;
	g_autoptr(GError) e = NULL;
	Netcfg *n = netcfg_new(f->state, &e);
	assert_false(netcfg_set_dns(n, "nosuchif0", f->servers, 1, NETCFG_DNS_FILE, &e));
	assert_string_equal(e->message, "DNS dev nosuchif0: No such device");
	g_clear_error(&e);
	assert_true(netcfg_set_dns(n, "lo", f->servers, 0, NETCFG_DNS_FILE, &e)); /* no servers: nothing */
	assert_null(netcfg_dns_method_name(n));
	g_autofree char *now = slurp(f->resolv);
	assert_string_equal(now, original);
	assert_false(g_file_test(f->state, G_FILE_TEST_EXISTS));
	netcfg_free(n);
}

static void
test_write_atomic(void **state)
{
	Fixture *f = *state;
	g_autofree char *p = g_build_filename(f->dir, "a", NULL);
	g_autoptr(GError) e = NULL;
	assert_true(netcfg_write_file_atomic(p, "one", 3, 0640, &e));
	assert_true(netcfg_write_file_atomic(p, "two!", 4, 0600, &e));
	g_autofree char *s = slurp(p);
	assert_string_equal(s, "two!");
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	/* no temporary file left behind */
	g_autoptr(GDir) d = g_dir_open(f->dir, 0, NULL);
	for (const char *name; (name = g_dir_read_name(d)) != NULL;)
		assert_null(strstr(name, "l2sec-"));
	g_autofree char *bad = g_build_filename(f->dir, "nope", "a", NULL);
	assert_false(netcfg_write_file_atomic(bad, "x", 1, 0600, &e));
	assert_non_null(strstr(e->message, bad));
}

/* --- resolvconf: a fake program that logs its arguments and stdin ------------------------- */

static char *
fake_resolvconf(const Fixture *f, int exit_code)
{
	g_autofree char *log = g_build_filename(f->dir, "resolvconf.log", NULL);
	char *prog = g_build_filename(f->dir, "resolvconf", NULL);
	g_autofree char *script = g_strdup_printf("#!/bin/sh\necho \"$*\" >>'%s'\ncat >>'%s'\n%s", log, log,
	    exit_code == 0 ? "exit 0\n" : "echo 'resolvconf: boom' >&2\nexit 1\n");
	assert_true(g_file_set_contents(prog, script, -1, NULL));
	assert_int_equal(chmod(prog, 0755), 0);
	netcfg_set_resolvconf_path(prog);
	return prog;
}

static void
test_resolvconf(void **state)
{
	Fixture *f = *state;
	g_free(fake_resolvconf(f, 0));
	g_autofree char *log = g_build_filename(f->dir, "resolvconf.log", NULL);
	g_autoptr(GError) e = NULL;
	Netcfg *n = netcfg_new(f->state, &e);
	if (!netcfg_set_dns(n, "lo", f->servers, 2, NETCFG_DNS_RESOLVCONF, &e))
		fail_msg("set_dns: %s", e->message);
	assert_string_equal(netcfg_dns_method_name(n), "resolvconf");
	g_autofree char *got = slurp(log);
	assert_string_equal(got, "-a lo.l2sec\nnameserver 10.99.0.1\nnameserver 10.99.0.2\n");
	g_autoptr(GPtrArray) changes = NULL;
	assert_true(netcfg_state_read(f->state, &changes, &e));
	assert_int_equal(((NetcfgChange *)g_ptr_array_index(changes, 0))->dns.method, NETCFG_DNS_RESOLVCONF);
	netcfg_free(n);
	g_free(got);
	got = slurp(log);
	assert_string_equal(got, "-a lo.l2sec\nnameserver 10.99.0.1\nnameserver 10.99.0.2\n-d lo.l2sec\n");
	assert_false(g_file_test(f->state, G_FILE_TEST_EXISTS));
	g_autofree char *now = slurp(f->resolv);
	assert_string_equal(now, original); /* the file method was not used */
	netcfg_set_resolvconf_path(NULL);
}

static void
test_resolvconf_fails(void **state)
{
	Fixture *f = *state;
	g_autofree char *prog = fake_resolvconf(f, 1);
	g_autoptr(GError) e = NULL;
	Netcfg *n = netcfg_new(f->state, &e);
	assert_false(netcfg_set_dns(n, "lo", f->servers, 1, NETCFG_DNS_RESOLVCONF, &e));
	g_autofree char *want = g_strdup_printf("DNS for lo via resolvconf: %s -a lo.l2sec failed: resolvconf: boom", prog);
	assert_string_equal(e->message, want);
	assert_null(netcfg_dns_method_name(n));
	assert_false(g_file_test(f->state, G_FILE_TEST_EXISTS)); /* the record was dropped */
	netcfg_free(n);
	netcfg_set_resolvconf_path(NULL);
}

/* AUTO without a system bus: resolvconf when it is there, else the file. */
static void
test_auto_without_resolved(void **state)
{
	Fixture *f = *state;
	g_setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/l2sec-test-bus", TRUE);
	g_free(fake_resolvconf(f, 0));
	assert_int_equal(netcfg_dns_pick(), NETCFG_DNS_RESOLVCONF);
	g_autofree char *missing = g_build_filename(f->dir, "no-resolvconf", NULL);
	netcfg_set_resolvconf_path(missing);
	assert_int_equal(netcfg_dns_pick(), NETCFG_DNS_FILE);
	g_autoptr(GError) e = NULL;
	Netcfg *n = netcfg_new(f->state, &e);
	assert_true(netcfg_set_dns(n, "lo", f->servers, 1, NETCFG_DNS_AUTO, &e));
	assert_string_equal(netcfg_dns_method_name(n), f->resolv);
	netcfg_free(n);
	g_autofree char *now = slurp(f->resolv);
	assert_string_equal(now, original);
	netcfg_set_resolvconf_path(NULL);
	g_unsetenv("DBUS_SYSTEM_BUS_ADDRESS");
}

/* --- systemd-resolved: a fake org.freedesktop.resolve1 on a private bus -------------------- */

static const char resolved_xml[] =
    "<node><interface name='org.freedesktop.resolve1.Manager'>"
    "<method name='SetLinkDNS'><arg type='i' direction='in'/><arg type='a(iay)' direction='in'/></method>"
    "<method name='SetLinkDomains'><arg type='i' direction='in'/><arg type='a(sb)' direction='in'/></method>"
    "<method name='SetLinkDefaultRoute'><arg type='i' direction='in'/><arg type='b' direction='in'/></method>"
    "<method name='RevertLink'><arg type='i' direction='in'/></method>"
    "</interface></node>";

typedef struct FakeResolved {
	GMutex lock;
	GCond cond;
	GString *calls; /* "SetLinkDNS (1, [(2, [byte 0x0a, ...])])\n"... */
	bool ready;
	bool no_such_link; /* RevertLink answers org.freedesktop.resolve1.NoSuchLink */
	char *address;
	GMainLoop *loop;
} FakeResolved;

static void
fake_method(GDBusConnection *c, const char *sender, const char *path, const char *iface, const char *method,
    GVariant *params, GDBusMethodInvocation *inv, gpointer user_data)
{
	(void)c, (void)sender, (void)path, (void)iface;
	FakeResolved *fr = user_data;
	g_autofree char *p = g_variant_print(params, FALSE);
	g_mutex_lock(&fr->lock);
	g_string_append_printf(fr->calls, "%s %s\n", method, p);
	bool fail = fr->no_such_link && strcmp(method, "RevertLink") == 0;
	g_mutex_unlock(&fr->lock);
	if (fail)
		g_dbus_method_invocation_return_dbus_error(inv, "org.freedesktop.resolve1.NoSuchLink", "Link 1 not known");
	else
		g_dbus_method_invocation_return_value(inv, NULL);
}

static gpointer
fake_resolved_thread(gpointer data)
{
	FakeResolved *fr = data;
	g_autoptr(GMainContext) ctx = g_main_context_new();
	g_main_context_push_thread_default(ctx);
	g_autoptr(GError) e = NULL;
	g_autoptr(GDBusConnection) bus = g_dbus_connection_new_for_address_sync(fr->address,
	    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION, NULL, NULL, &e);
	assert_non_null(bus);
	g_autoptr(GDBusNodeInfo) node = g_dbus_node_info_new_for_xml(resolved_xml, &e);
	assert_non_null(node);
	static const GDBusInterfaceVTable vtable = { fake_method, NULL, NULL, { 0 } };
	guint id = g_dbus_connection_register_object(bus, "/org/freedesktop/resolve1", node->interfaces[0], &vtable, fr,
	    NULL, &e);
	assert_true(id > 0);
	g_autoptr(GVariant) r = g_dbus_connection_call_sync(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
	    "org.freedesktop.DBus", "RequestName", g_variant_new("(su)", "org.freedesktop.resolve1", 4 /* no queue */),
	    G_VARIANT_TYPE("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &e);
	assert_non_null(r);
	fr->loop = g_main_loop_new(ctx, FALSE);
	g_mutex_lock(&fr->lock);
	fr->ready = true;
	g_cond_signal(&fr->cond);
	g_mutex_unlock(&fr->lock);
	g_main_loop_run(fr->loop);
	g_dbus_connection_unregister_object(bus, id);
	g_dbus_connection_flush_sync(bus, NULL, NULL);
	g_main_context_pop_thread_default(ctx);
	return NULL;
}

static char *
fake_calls(FakeResolved *fr)
{
	g_mutex_lock(&fr->lock);
	char *s = g_strdup(fr->calls->str);
	g_string_truncate(fr->calls, 0);
	g_mutex_unlock(&fr->lock);
	return s;
}

static void
test_resolved(void **state)
{
	Fixture *f = *state;
	if (!g_file_test("/usr/bin/dbus-daemon", G_FILE_TEST_IS_EXECUTABLE) &&
	    !g_file_test("/bin/dbus-daemon", G_FILE_TEST_IS_EXECUTABLE)) {
		fprintf(stderr, "# no dbus-daemon: the systemd-resolved test is skipped\n");
		skip();
	}
	g_autoptr(GTestDBus) tb = g_test_dbus_new(G_TEST_DBUS_NONE);
	g_test_dbus_up(tb);
	FakeResolved fr = { .calls = g_string_new(NULL), .address = g_strdup(g_test_dbus_get_bus_address(tb)) };
	g_mutex_init(&fr.lock);
	g_cond_init(&fr.cond);
	g_setenv("DBUS_SYSTEM_BUS_ADDRESS", fr.address, TRUE);
	GThread *t = g_thread_new("fake-resolved", fake_resolved_thread, &fr);
	g_mutex_lock(&fr.lock);
	while (!fr.ready)
		g_cond_wait(&fr.cond, &fr.lock);
	g_mutex_unlock(&fr.lock);

	assert_int_equal(netcfg_dns_pick(), NETCFG_DNS_RESOLVED);
	g_autoptr(GError) e = NULL;
	Netcfg *n = netcfg_new(f->state, &e);
	if (!netcfg_set_dns(n, "lo", f->servers, 2, NETCFG_DNS_AUTO, &e))
		fail_msg("set_dns: %s", e->message);
	assert_string_equal(netcfg_dns_method_name(n), "systemd-resolved");
	g_autofree char *calls = fake_calls(&fr);
	/* lo is ifindex 1 in every namespace; AF_INET is 2; split tunnel: no "~." domain */
	assert_string_equal(calls, "SetLinkDNS (1, [(2, [0x0a, 0x63, 0x00, 0x01]), (2, [0x0a, 0x63, 0x00, 0x02])])\n");
	if (!netcfg_undo(n, &e))
		fail_msg("undo: %s", e->message);
	g_free(calls);
	calls = fake_calls(&fr);
	assert_string_equal(calls, "RevertLink (1,)\n");

	/* with the default route through the tunnel: every query goes to its servers */
	NetcfgDns d = { .method = NETCFG_DNS_RESOLVED, .dev = "lo", .ifindex = 1 };
	if (!netcfg_dns_apply(&d, f->servers, 1, true, NULL, &e))
		fail_msg("apply: %s", e->message);
	g_free(calls);
	calls = fake_calls(&fr);
	assert_string_equal(calls, "SetLinkDNS (1, [(2, [0x0a, 0x63, 0x00, 0x01])])\n"
				   "SetLinkDomains (1, [('~.', true)])\n"
				   "SetLinkDefaultRoute (1, true)\n");
	assert_true(netcfg_dns_undo(&d, &e));
	g_free(calls);
	calls = fake_calls(&fr);
	assert_string_equal(calls, "RevertLink (1,)\n");

	/* recovery, with resolved having forgotten the link meanwhile: fine */
	assert_true(netcfg_set_dns(n, "lo", f->servers, 1, NETCFG_DNS_RESOLVED, &e));
	g_free(calls);
	calls = fake_calls(&fr);
	fr.no_such_link = true;
	bool found = false;
	g_autoptr(GPtrArray) changes = NULL;
	assert_true(netcfg_state_read(f->state, &changes, &e));
	assert_int_equal(((NetcfgChange *)g_ptr_array_index(changes, 0))->dns.method, NETCFG_DNS_RESOLVED);
	if (!netcfg_recover(f->state, &found, &e))
		fail_msg("recover: %s", e->message);
	assert_true(found);
	g_free(calls);
	calls = fake_calls(&fr);
	assert_string_equal(calls, "RevertLink (1,)\n");
	/* n still lists the change: its own undo meets NoSuchLink too, which is success */
	netcfg_free(n);
	g_free(calls);
	calls = fake_calls(&fr);
	assert_string_equal(calls, "RevertLink (1,)\n");

	g_main_loop_quit(fr.loop);
	g_thread_join(t);
	g_main_loop_unref(fr.loop);
	g_test_dbus_down(tb);
	g_unsetenv("DBUS_SYSTEM_BUS_ADDRESS");
	g_string_free(fr.calls, TRUE);
	g_free(fr.address);
	g_mutex_clear(&fr.lock);
	g_cond_clear(&fr.cond);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_and_restore, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_queries_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_since, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recover_after_crash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recover_broken, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_interface, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_atomic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolvconf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolvconf_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_auto_without_resolved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolved, setup, teardown), /* last: it leaves a bus behind */
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
