## ipsec/ codec: ISAKMP header and payloads (issue 4, part 1)
ipsec_codec_sources += \
	ipsec/isakmp.h ipsec/isakmp_private.h ipsec/isakmp_names.c \
	ipsec/isakmp_header.c ipsec/isakmp_header.h \
	ipsec/isakmp_sa.c ipsec/isakmp_sa.h \
	ipsec/isakmp_payload.c ipsec/isakmp_payload.h \
	ipsec/isakmp_vendor.c ipsec/isakmp_vendor.h \
	ipsec/isakmp_message.c ipsec/isakmp_message.h

isakmp_unit_tests = \
	tests/unit/ipsec/test_isakmp_names \
	tests/unit/ipsec/test_isakmp_header \
	tests/unit/ipsec/test_isakmp_sa \
	tests/unit/ipsec/test_isakmp_payload \
	tests/unit/ipsec/test_isakmp_vendor \
	tests/unit/ipsec/test_isakmp_message
check_PROGRAMS += $(isakmp_unit_tests)
TESTS += $(isakmp_unit_tests)
tests_unit_ipsec_test_isakmp_names_CFLAGS = $(UNIT_CFLAGS)
tests_unit_ipsec_test_isakmp_names_LDADD = $(IPSEC_UNIT_LDADD)
tests_unit_ipsec_test_isakmp_header_CFLAGS = $(UNIT_CFLAGS)
tests_unit_ipsec_test_isakmp_header_LDADD = $(IPSEC_UNIT_LDADD)
tests_unit_ipsec_test_isakmp_sa_CFLAGS = $(UNIT_CFLAGS)
tests_unit_ipsec_test_isakmp_sa_LDADD = $(IPSEC_UNIT_LDADD)
tests_unit_ipsec_test_isakmp_payload_CFLAGS = $(UNIT_CFLAGS)
tests_unit_ipsec_test_isakmp_payload_LDADD = $(IPSEC_UNIT_LDADD)
tests_unit_ipsec_test_isakmp_vendor_CFLAGS = $(UNIT_CFLAGS)
tests_unit_ipsec_test_isakmp_vendor_LDADD = $(IPSEC_UNIT_LDADD)
tests_unit_ipsec_test_isakmp_message_CFLAGS = $(UNIT_CFLAGS)
tests_unit_ipsec_test_isakmp_message_LDADD = $(IPSEC_UNIT_LDADD)

FUZZ_TARGETS += tests/fuzz/fuzz_isakmp_message tests/fuzz/fuzz_isakmp_payloads
tests_fuzz_fuzz_isakmp_message_SOURCES = tests/fuzz/fuzz_isakmp_message.c $(FUZZ_MAIN)
tests_fuzz_fuzz_isakmp_message_LDADD = ipsec/libl2sec-ipsec.la common/libl2sec-common.la $(GLIB_LIBS) $(OPENSSL_LIBS)
tests_fuzz_fuzz_isakmp_message_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_isakmp_payloads_SOURCES = tests/fuzz/fuzz_isakmp_payloads.c $(FUZZ_MAIN)
tests_fuzz_fuzz_isakmp_payloads_LDADD = ipsec/libl2sec-ipsec.la common/libl2sec-common.la $(GLIB_LIBS) $(OPENSSL_LIBS)
tests_fuzz_fuzz_isakmp_payloads_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
