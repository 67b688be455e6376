## client/: the profile model and its checks (later: importers, the supervisor, routes, DNS)
noinst_LTLIBRARIES += client/libl2sec-client.la
client_libl2sec_client_la_SOURCES = \
	client/profile.c client/profile.h \
	client/profile_lines.c client/profile_lines.h \
	client/profile_values.c client/profile_values.h \
	client/import.c client/import.h
include client/import.mk
include client/import_win_linux.mk
include client/netcfg.mk
include client/supervisor.mk
client_libl2sec_client_la_LIBADD = l2tp/libl2sec-l2tp.la ipsec/libl2sec-ipsec.la common/libl2sec-common.la $(GLIB_LIBS) $(OPENSSL_LIBS) $(LIBNL_LIBS)

CLIENT_UNIT_LDADD = client/libl2sec-client.la l2tp/libl2sec-l2tp.la ipsec/libl2sec-ipsec.la common/libl2sec-common.la $(LIBNL_LIBS) $(UNIT_LIBS)
client_unit_tests = \
	tests/unit/client/test_profile \
	tests/unit/client/test_profile_lines \
	tests/unit/client/test_profile_values
check_PROGRAMS += $(client_unit_tests)
TESTS += $(client_unit_tests)
tests_unit_client_test_profile_CFLAGS = $(UNIT_CFLAGS)
tests_unit_client_test_profile_LDADD = $(CLIENT_UNIT_LDADD)
tests_unit_client_test_profile_lines_CFLAGS = $(UNIT_CFLAGS)
tests_unit_client_test_profile_lines_LDADD = $(CLIENT_UNIT_LDADD)
tests_unit_client_test_profile_values_CFLAGS = $(UNIT_CFLAGS)
tests_unit_client_test_profile_values_LDADD = $(CLIENT_UNIT_LDADD)

# The fuzz target; the top Makefile.am runs FUZZ_TARGETS as tests (replaying the corpus).
FUZZ_TARGETS += tests/fuzz/fuzz_profile
tests_fuzz_fuzz_profile_SOURCES = tests/fuzz/fuzz_profile.c $(FUZZ_MAIN)
tests_fuzz_fuzz_profile_LDADD = client/libl2sec-client.la ipsec/libl2sec-ipsec.la common/libl2sec-common.la $(LIBNL_LIBS) $(GLIB_LIBS) $(OPENSSL_LIBS)
tests_fuzz_fuzz_profile_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)

# The corpus of good and bad profiles, checked through the l2sec command.
TESTS += tests/profiles/check-corpus
# (the folders, not tests/profiles/ itself: a VPATH build keeps check-corpus.log there)
EXTRA_DIST += tests/profiles/check-corpus tests/profiles/good tests/profiles/bad
