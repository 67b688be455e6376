## client/ netcfg: routes (libnl-route) and DNS (resolved, resolvconf, resolv.conf).
client_libl2sec_client_la_SOURCES += \
	client/netcfg.c client/netcfg.h client/netcfg_private.h \
	client/netcfg_route.c client/netcfg_dns.c client/netcfg_state.c

# The VM test's tool (tests/vm/tests/netcfg.sh): makes routes and DNS changes, and recovers.
noinst_PROGRAMS += tests/vm/tools/l2sec-netcfg-tool
tests_vm_tools_l2sec_netcfg_tool_SOURCES = tests/vm/tools/l2sec-netcfg-tool.c
tests_vm_tools_l2sec_netcfg_tool_LDADD = client/libl2sec-client.la l2tp/libl2sec-l2tp.la ipsec/libl2sec-ipsec.la \
	common/libl2sec-common.la $(GLIB_LIBS) $(OPENSSL_LIBS) $(LIBNL_LIBS)

# Unit tests: the state file; the resolv.conf method and the Netcfg object (temporary files);
# routes against the kernel in a fresh network namespace (root only, else skipped).
netcfg_unit_tests = \
	tests/unit/client/test_netcfg_state \
	tests/unit/client/test_netcfg_dns \
	tests/unit/client/test_netcfg_route
check_PROGRAMS += $(netcfg_unit_tests)
TESTS += $(netcfg_unit_tests)
tests_unit_client_test_netcfg_state_CFLAGS = $(UNIT_CFLAGS)
tests_unit_client_test_netcfg_state_LDADD = $(CLIENT_UNIT_LDADD)
tests_unit_client_test_netcfg_dns_CFLAGS = $(UNIT_CFLAGS)
tests_unit_client_test_netcfg_dns_LDADD = $(CLIENT_UNIT_LDADD)
tests_unit_client_test_netcfg_route_CFLAGS = $(UNIT_CFLAGS)
tests_unit_client_test_netcfg_route_LDADD = $(CLIENT_UNIT_LDADD)

# The fuzz target for the state file's reader; the top Makefile.am runs FUZZ_TARGETS as tests.
FUZZ_TARGETS += tests/fuzz/fuzz_netcfg_state
tests_fuzz_fuzz_netcfg_state_SOURCES = tests/fuzz/fuzz_netcfg_state.c tests/fuzz/fuzz_file.h $(FUZZ_MAIN)
tests_fuzz_fuzz_netcfg_state_LDADD = client/libl2sec-client.la l2tp/libl2sec-l2tp.la ipsec/libl2sec-ipsec.la common/libl2sec-common.la $(LIBNL_LIBS) $(GLIB_LIBS) $(OPENSSL_LIBS)
tests_fuzz_fuzz_netcfg_state_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
