## client/ import: the importer contract (import.c), NetworkManager, Apple, profile_write.
client_libl2sec_client_la_SOURCES += \
	client/import_draft.c client/import_draft.h \
	client/import_nm.c \
	client/import_mobileconfig.c \
	client/profile_write.c

client_import_unit_tests = \
	tests/unit/client/test_import \
	tests/unit/client/test_profile_write \
	tests/unit/client/test_import_nm \
	tests/unit/client/test_import_mobileconfig
check_PROGRAMS += $(client_import_unit_tests)
TESTS += $(client_import_unit_tests)
tests_unit_client_test_profile_write_CFLAGS = $(UNIT_CFLAGS) -DPROFILES_DIR=\"$(abs_top_srcdir)/tests/profiles/good\"
tests_unit_client_test_profile_write_LDADD = $(CLIENT_UNIT_LDADD)
tests_unit_client_test_import_CFLAGS = $(UNIT_CFLAGS)
tests_unit_client_test_import_LDADD = $(CLIENT_UNIT_LDADD)
tests_unit_client_test_import_nm_CFLAGS = $(UNIT_CFLAGS)
tests_unit_client_test_import_nm_LDADD = $(CLIENT_UNIT_LDADD)
tests_unit_client_test_import_mobileconfig_CFLAGS = $(UNIT_CFLAGS)
tests_unit_client_test_import_mobileconfig_LDADD = $(CLIENT_UNIT_LDADD)

FUZZ_TARGETS += tests/fuzz/fuzz_import_nm tests/fuzz/fuzz_import_mobileconfig
tests_fuzz_fuzz_import_nm_SOURCES = tests/fuzz/fuzz_import_nm.c $(FUZZ_MAIN)
tests_fuzz_fuzz_import_nm_LDADD = client/libl2sec-client.la l2tp/libl2sec-l2tp.la ipsec/libl2sec-ipsec.la common/libl2sec-common.la $(LIBNL_LIBS) $(GLIB_LIBS) $(OPENSSL_LIBS)
tests_fuzz_fuzz_import_nm_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_import_mobileconfig_SOURCES = tests/fuzz/fuzz_import_mobileconfig.c $(FUZZ_MAIN)
tests_fuzz_fuzz_import_mobileconfig_LDADD = client/libl2sec-client.la l2tp/libl2sec-l2tp.la ipsec/libl2sec-ipsec.la common/libl2sec-common.la $(LIBNL_LIBS) $(GLIB_LIBS) $(OPENSSL_LIBS)
tests_fuzz_fuzz_import_mobileconfig_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)

# The import corpus (every format, see tests/import/README.md), through the l2sec command.
TESTS += tests/import/check-import
# the folders one by one, not tests/import/ itself: an in-tree build leaves logs and
# profile-equal there (rasphone, powershell and linux-howto are listed by their fragment)
EXTRA_DIST += tests/import/check-import tests/import/README.md tests/import/nm-keyfile \
	tests/import/nm-l2tp tests/import/mobileconfig

# check-import's helper: two profiles equal per l2sec_profile_equal()
check_PROGRAMS += tests/import/profile-equal
tests_import_profile_equal_LDADD = client/libl2sec-client.la l2tp/libl2sec-l2tp.la ipsec/libl2sec-ipsec.la common/libl2sec-common.la $(LIBNL_LIBS) $(GLIB_LIBS) $(OPENSSL_LIBS)
