## common/: the wire cursor, secret buffers, error helpers, logging, hex
noinst_LTLIBRARIES += common/libl2sec-common.la
common_libl2sec_common_la_SOURCES = \
	common/wire.c common/wire.h \
	common/secret.c common/secret.h \
	common/error.c common/error.h \
	common/hex.c common/hex.h \
	common/log.c common/log.h
common_libl2sec_common_la_LIBADD = $(GLIB_LIBS) $(OPENSSL_LIBS)

COMMON_UNIT_LDADD = common/libl2sec-common.la $(UNIT_LIBS)
common_unit_tests = \
	tests/unit/common/test_wire \
	tests/unit/common/test_secret \
	tests/unit/common/test_hex \
	tests/unit/common/test_log
check_PROGRAMS += $(common_unit_tests)
TESTS += $(common_unit_tests)
tests_unit_common_test_wire_CFLAGS = $(UNIT_CFLAGS)
tests_unit_common_test_wire_LDADD = $(COMMON_UNIT_LDADD)
tests_unit_common_test_secret_CFLAGS = $(UNIT_CFLAGS)
tests_unit_common_test_secret_LDADD = $(COMMON_UNIT_LDADD)
tests_unit_common_test_hex_CFLAGS = $(UNIT_CFLAGS)
tests_unit_common_test_hex_LDADD = $(COMMON_UNIT_LDADD)
tests_unit_common_test_log_CFLAGS = $(UNIT_CFLAGS)
tests_unit_common_test_log_LDADD = $(COMMON_UNIT_LDADD)
