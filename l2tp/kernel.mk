## l2tp/ kernel: L2TP genl tunnel/session, PPPoL2TP socket, pppd launcher and plugin (issue 5, parts 3-4)
l2tp_kernel_sources += \
	l2tp/pppd_status.c l2tp/pppd_status.h \
	l2tp/pppd-plugin/l2sec-pppd-proto.h

l2tp_kernel_unit_tests = \
	tests/unit/l2tp/test_pppd_status
check_PROGRAMS += $(l2tp_kernel_unit_tests)
TESTS += $(l2tp_kernel_unit_tests)
tests_unit_l2tp_test_pppd_status_CFLAGS = $(UNIT_CFLAGS)
tests_unit_l2tp_test_pppd_status_LDADD = $(L2TP_UNIT_LDADD)
