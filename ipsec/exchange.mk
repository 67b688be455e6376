## ipsec/ exchanges: Main Mode, Quick Mode, Informational state machines (issue 4, part 3)
ipsec_exchange_sources += \
	ipsec/ikev1_codec.h ipsec/ikev1_private.h \
	ipsec/ikev1_crypt.c ipsec/ikev1_crypt.h \
	ipsec/ikev1_natd.c ipsec/ikev1_natd.h \
	ipsec/ikev1_sa.c ipsec/ikev1_sa.h \
	ipsec/ikev1_main_mode.c ipsec/ikev1_quick_mode.c ipsec/ikev1_info.c

ikev1_exchange_unit_tests = \
	tests/unit/ipsec/test_ikev1_crypt \
	tests/unit/ipsec/test_ikev1_natd \
	tests/unit/ipsec/test_ikev1_sa
check_PROGRAMS += $(ikev1_exchange_unit_tests)
TESTS += $(ikev1_exchange_unit_tests)
tests_unit_ipsec_test_ikev1_sa_SOURCES = tests/unit/ipsec/test_ikev1_sa.c \
	tests/unit/ipsec/ikev1_responder.c tests/unit/ipsec/ikev1_responder.h
tests_unit_ipsec_test_ikev1_sa_CFLAGS = $(UNIT_CFLAGS)
tests_unit_ipsec_test_ikev1_sa_LDADD = $(IPSEC_UNIT_LDADD)
tests_unit_ipsec_test_ikev1_crypt_CFLAGS = $(UNIT_CFLAGS)
tests_unit_ipsec_test_ikev1_crypt_LDADD = $(IPSEC_UNIT_LDADD)
tests_unit_ipsec_test_ikev1_natd_CFLAGS = $(UNIT_CFLAGS)
tests_unit_ipsec_test_ikev1_natd_LDADD = $(IPSEC_UNIT_LDADD)

FUZZ_TARGETS += tests/fuzz/fuzz_ikev1_initiator
tests_fuzz_fuzz_ikev1_initiator_SOURCES = tests/fuzz/fuzz_ikev1_initiator.c \
	tests/unit/ipsec/ikev1_responder.c tests/unit/ipsec/ikev1_responder.h $(FUZZ_MAIN)
tests_fuzz_fuzz_ikev1_initiator_LDADD = ipsec/libl2sec-ipsec.la common/libl2sec-common.la $(GLIB_LIBS) $(OPENSSL_LIBS)
tests_fuzz_fuzz_ikev1_initiator_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
