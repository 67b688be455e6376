## ipsec/ crypto: DH, PRF, ciphers, IKEv1 key schedule (issue 4, part 2)
ipsec_crypto_sources += \
	ipsec/ike_prf.c ipsec/ike_prf.h \
	ipsec/ike_cipher.c ipsec/ike_cipher.h \
	ipsec/ike_dh.c ipsec/ike_dh.h \
	ipsec/ikev1_keys.c ipsec/ikev1_keys.h \
	ipsec/ike_proposal.c ipsec/ike_proposal.h

ipsec_crypto_unit_tests = \
	tests/unit/ipsec/test_ike_prf \
	tests/unit/ipsec/test_ike_cipher \
	tests/unit/ipsec/test_ike_dh \
	tests/unit/ipsec/test_ikev1_keys \
	tests/unit/ipsec/test_ike_proposal
check_PROGRAMS += $(ipsec_crypto_unit_tests)
TESTS += $(ipsec_crypto_unit_tests)
tests_unit_ipsec_test_ike_prf_CFLAGS = $(UNIT_CFLAGS)
tests_unit_ipsec_test_ike_prf_LDADD = $(IPSEC_UNIT_LDADD)
tests_unit_ipsec_test_ike_cipher_CFLAGS = $(UNIT_CFLAGS)
tests_unit_ipsec_test_ike_cipher_LDADD = $(IPSEC_UNIT_LDADD)
tests_unit_ipsec_test_ike_dh_CFLAGS = $(UNIT_CFLAGS)
tests_unit_ipsec_test_ike_dh_LDADD = $(IPSEC_UNIT_LDADD)
tests_unit_ipsec_test_ikev1_keys_CFLAGS = $(UNIT_CFLAGS)
tests_unit_ipsec_test_ikev1_keys_LDADD = $(IPSEC_UNIT_LDADD)
tests_unit_ipsec_test_ike_proposal_CFLAGS = $(UNIT_CFLAGS)
tests_unit_ipsec_test_ike_proposal_LDADD = $(IPSEC_UNIT_LDADD)

FUZZ_TARGETS += tests/fuzz/fuzz_ike_proposal
tests_fuzz_fuzz_ike_proposal_SOURCES = tests/fuzz/fuzz_ike_proposal.c $(FUZZ_MAIN)
tests_fuzz_fuzz_ike_proposal_LDADD = ipsec/libl2sec-ipsec.la common/libl2sec-common.la $(GLIB_LIBS) $(OPENSSL_LIBS)
tests_fuzz_fuzz_ike_proposal_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
