## l2tp/ connection: the edge that runs the control engine, the kernel data path and pppd together (issue 5)
l2tp_connection_sources += \
	l2tp/l2tp_connection.c l2tp/l2tp_connection.h

l2tp_connection_unit_tests = tests/unit/l2tp/test_l2tp_connection
check_PROGRAMS += $(l2tp_connection_unit_tests)
TESTS += $(l2tp_connection_unit_tests)
tests_unit_l2tp_test_l2tp_connection_CFLAGS = $(UNIT_CFLAGS)
tests_unit_l2tp_test_l2tp_connection_LDADD = $(L2TP_UNIT_LDADD)

# the VM tests' tool: a whole L2TP connection (control engine, kernel, pppd) to an LNS
noinst_PROGRAMS += tests/vm/tools/l2sec-l2tp-connect
tests_vm_tools_l2sec_l2tp_connect_SOURCES = tests/vm/tools/l2sec-l2tp-connect.c
tests_vm_tools_l2sec_l2tp_connect_LDADD = l2tp/libl2sec-l2tp.la common/libl2sec-common.la \
	$(GLIB_LIBS) $(OPENSSL_LIBS) $(LIBNL_LIBS)
