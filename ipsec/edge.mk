## ipsec/ edge: the IKE connection on real sockets and the kernel (ike_connection.c).
ipsec_edge_sources += ipsec/ike_connection.c ipsec/ike_connection.h

ipsec_edge_unit_tests = tests/unit/ipsec/test_ike_connection
check_PROGRAMS += $(ipsec_edge_unit_tests)
TESTS += $(ipsec_edge_unit_tests)
tests_unit_ipsec_test_ike_connection_SOURCES = tests/unit/ipsec/test_ike_connection.c \
	tests/unit/ipsec/ikev1_responder.c tests/unit/ipsec/ikev1_responder.h
tests_unit_ipsec_test_ike_connection_CFLAGS = $(UNIT_CFLAGS)
tests_unit_ipsec_test_ike_connection_LDADD = $(IPSEC_UNIT_LDADD)
