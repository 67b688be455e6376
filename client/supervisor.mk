## client/ supervisor: one connection from profile to PPP up, control socket, state.
client_libl2sec_client_la_SOURCES += \
	client/control.c client/control.h \
	client/l2tp_record.c client/l2tp_record.h \
	client/supervisor.c client/supervisor.h

supervisor_unit_tests = tests/unit/client/test_control tests/unit/client/test_supervisor \
	tests/unit/client/test_l2tp_record
check_PROGRAMS += $(supervisor_unit_tests)
TESTS += $(supervisor_unit_tests)
tests_unit_client_test_control_CFLAGS = $(UNIT_CFLAGS)
tests_unit_client_test_control_LDADD = $(CLIENT_UNIT_LDADD)
tests_unit_client_test_supervisor_CFLAGS = $(UNIT_CFLAGS)
tests_unit_client_test_supervisor_LDADD = $(CLIENT_UNIT_LDADD)
tests_unit_client_test_l2tp_record_CFLAGS = $(UNIT_CFLAGS)
tests_unit_client_test_l2tp_record_LDADD = $(CLIENT_UNIT_LDADD)

# The fuzz target for the tunnel record; the top Makefile.am runs FUZZ_TARGETS as tests.
FUZZ_TARGETS += tests/fuzz/fuzz_l2tp_record
tests_fuzz_fuzz_l2tp_record_SOURCES = tests/fuzz/fuzz_l2tp_record.c tests/fuzz/fuzz_file.h $(FUZZ_MAIN)
tests_fuzz_fuzz_l2tp_record_LDADD = client/libl2sec-client.la l2tp/libl2sec-l2tp.la ipsec/libl2sec-ipsec.la common/libl2sec-common.la $(LIBNL_LIBS) $(GLIB_LIBS) $(OPENSSL_LIBS)
tests_fuzz_fuzz_l2tp_record_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
