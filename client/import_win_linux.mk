## client/ import: Windows rasphone.pbk, PowerShell, Linux how-to (ipsec.conf, xl2tpd.conf).
client_libl2sec_client_la_SOURCES += \
	client/import_util.c client/import_util.h \
	client/import_pbk.c \
	client/import_powershell.c \
	client/import_linux.c

import_win_linux_unit_tests = \
	tests/unit/client/test_import_pbk \
	tests/unit/client/test_import_powershell \
	tests/unit/client/test_import_linux
check_PROGRAMS += $(import_win_linux_unit_tests)
TESTS += $(import_win_linux_unit_tests)
tests_unit_client_test_import_pbk_SOURCES = tests/unit/client/test_import_pbk.c \
	tests/unit/client/import_corpus.c tests/unit/client/import_corpus.h
tests_unit_client_test_import_pbk_CFLAGS = $(UNIT_CFLAGS)
tests_unit_client_test_import_pbk_LDADD = $(CLIENT_UNIT_LDADD)
tests_unit_client_test_import_powershell_SOURCES = tests/unit/client/test_import_powershell.c \
	tests/unit/client/import_corpus.c tests/unit/client/import_corpus.h
tests_unit_client_test_import_powershell_CFLAGS = $(UNIT_CFLAGS)
tests_unit_client_test_import_powershell_LDADD = $(CLIENT_UNIT_LDADD)
tests_unit_client_test_import_linux_SOURCES = tests/unit/client/test_import_linux.c \
	tests/unit/client/import_corpus.c tests/unit/client/import_corpus.h
tests_unit_client_test_import_linux_CFLAGS = $(UNIT_CFLAGS)
tests_unit_client_test_import_linux_LDADD = $(CLIENT_UNIT_LDADD)

# The fuzz targets; the top Makefile.am runs FUZZ_TARGETS as tests (replaying the corpus).
FUZZ_TARGETS += tests/fuzz/fuzz_import_pbk tests/fuzz/fuzz_import_powershell tests/fuzz/fuzz_import_linux
tests_fuzz_fuzz_import_pbk_SOURCES = tests/fuzz/fuzz_import_pbk.c $(FUZZ_MAIN)
tests_fuzz_fuzz_import_pbk_LDADD = client/libl2sec-client.la l2tp/libl2sec-l2tp.la ipsec/libl2sec-ipsec.la common/libl2sec-common.la $(LIBNL_LIBS) $(GLIB_LIBS) $(OPENSSL_LIBS)
tests_fuzz_fuzz_import_pbk_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_import_powershell_SOURCES = tests/fuzz/fuzz_import_powershell.c $(FUZZ_MAIN)
tests_fuzz_fuzz_import_powershell_LDADD = client/libl2sec-client.la l2tp/libl2sec-l2tp.la ipsec/libl2sec-ipsec.la common/libl2sec-common.la $(LIBNL_LIBS) $(GLIB_LIBS) $(OPENSSL_LIBS)
tests_fuzz_fuzz_import_powershell_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_import_linux_SOURCES = tests/fuzz/fuzz_import_linux.c $(FUZZ_MAIN)
tests_fuzz_fuzz_import_linux_LDADD = client/libl2sec-client.la l2tp/libl2sec-l2tp.la ipsec/libl2sec-ipsec.la common/libl2sec-common.la $(LIBNL_LIBS) $(GLIB_LIBS) $(OPENSSL_LIBS)
tests_fuzz_fuzz_import_linux_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)

# The corpus (the runner tests/import/check-import comes with the import command).
EXTRA_DIST += tests/import/rasphone tests/import/powershell tests/import/linux-howto
