## l2tp/ control connection: tunnel and session state machines, reliable delivery (issue 5, part 2)
l2tp_control_sources += \
	l2tp/l2tp_actions.h \
	l2tp/l2tp_reliable.c l2tp/l2tp_reliable.h \
	l2tp/l2tp_session.c l2tp/l2tp_session.h \
	l2tp/l2tp_tunnel.c l2tp/l2tp_tunnel.h

l2tp_control_unit_tests = \
	tests/unit/l2tp/test_l2tp_reliable \
	tests/unit/l2tp/test_l2tp_session \
	tests/unit/l2tp/test_l2tp_tunnel
check_PROGRAMS += $(l2tp_control_unit_tests)
TESTS += $(l2tp_control_unit_tests)
tests_unit_l2tp_test_l2tp_reliable_CFLAGS = $(UNIT_CFLAGS)
tests_unit_l2tp_test_l2tp_reliable_LDADD = $(L2TP_UNIT_LDADD)
tests_unit_l2tp_test_l2tp_session_CFLAGS = $(UNIT_CFLAGS)
tests_unit_l2tp_test_l2tp_session_LDADD = $(L2TP_UNIT_LDADD)
tests_unit_l2tp_test_l2tp_tunnel_CFLAGS = $(UNIT_CFLAGS)
tests_unit_l2tp_test_l2tp_tunnel_LDADD = $(L2TP_UNIT_LDADD)

FUZZ_TARGETS += tests/fuzz/fuzz_l2tp_control
tests_fuzz_fuzz_l2tp_control_SOURCES = tests/fuzz/fuzz_l2tp_control.c $(FUZZ_MAIN)
tests_fuzz_fuzz_l2tp_control_LDADD = l2tp/libl2sec-l2tp.la common/libl2sec-common.la $(GLIB_LIBS) $(OPENSSL_LIBS)
tests_fuzz_fuzz_l2tp_control_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
