## l2tp/ codec: L2TPv2 header, AVPs, hidden AVPs, messages (issue 5, part 1)
l2tp_codec_sources += \
	l2tp/l2tp_header.c l2tp/l2tp_header.h \
	l2tp/l2tp_avp.c l2tp/l2tp_avp.h \
	l2tp/l2tp_hidden.c l2tp/l2tp_hidden.h \
	l2tp/l2tp_message.c l2tp/l2tp_message.h \
	l2tp/l2tp_result.c l2tp/l2tp_result.h

l2tp_codec_unit_tests = \
	tests/unit/l2tp/test_l2tp_header \
	tests/unit/l2tp/test_l2tp_avp \
	tests/unit/l2tp/test_l2tp_hidden \
	tests/unit/l2tp/test_l2tp_message \
	tests/unit/l2tp/test_l2tp_result
check_PROGRAMS += $(l2tp_codec_unit_tests)
TESTS += $(l2tp_codec_unit_tests)
tests_unit_l2tp_test_l2tp_header_CFLAGS = $(UNIT_CFLAGS)
tests_unit_l2tp_test_l2tp_header_LDADD = $(L2TP_UNIT_LDADD)
tests_unit_l2tp_test_l2tp_avp_CFLAGS = $(UNIT_CFLAGS)
tests_unit_l2tp_test_l2tp_avp_LDADD = $(L2TP_UNIT_LDADD)
tests_unit_l2tp_test_l2tp_hidden_CFLAGS = $(UNIT_CFLAGS)
tests_unit_l2tp_test_l2tp_hidden_LDADD = $(L2TP_UNIT_LDADD)
tests_unit_l2tp_test_l2tp_message_CFLAGS = $(UNIT_CFLAGS)
tests_unit_l2tp_test_l2tp_message_LDADD = $(L2TP_UNIT_LDADD)
tests_unit_l2tp_test_l2tp_result_CFLAGS = $(UNIT_CFLAGS)
tests_unit_l2tp_test_l2tp_result_LDADD = $(L2TP_UNIT_LDADD)

FUZZ_TARGETS += tests/fuzz/fuzz_l2tp_message
tests_fuzz_fuzz_l2tp_message_SOURCES = tests/fuzz/fuzz_l2tp_message.c $(FUZZ_MAIN)
tests_fuzz_fuzz_l2tp_message_LDADD = l2tp/libl2sec-l2tp.la common/libl2sec-common.la $(GLIB_LIBS) $(OPENSSL_LIBS)
tests_fuzz_fuzz_l2tp_message_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
