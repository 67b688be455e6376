## client/ supervisor: one connection from profile to PPP up, control socket, state.
client_libl2sec_client_la_SOURCES += \
	client/control.c client/control.h \
	client/supervisor.c client/supervisor.h

supervisor_unit_tests = tests/unit/client/test_control tests/unit/client/test_supervisor
check_PROGRAMS += $(supervisor_unit_tests)
TESTS += $(supervisor_unit_tests)
tests_unit_client_test_control_CFLAGS = $(UNIT_CFLAGS)
tests_unit_client_test_control_LDADD = $(CLIENT_UNIT_LDADD)
tests_unit_client_test_supervisor_CFLAGS = $(UNIT_CFLAGS)
tests_unit_client_test_supervisor_LDADD = $(CLIENT_UNIT_LDADD)
