## ui-cli/: the l2sec command
sbin_PROGRAMS += ui-cli/l2sec
ui_cli_l2sec_SOURCES = ui-cli/l2sec.c ui-cli/commands.h ui-cli/cmd_connect.c
include ui-cli/import.mk
ui_cli_l2sec_LDADD = client/libl2sec-client.la l2tp/libl2sec-l2tp.la ipsec/libl2sec-ipsec.la common/libl2sec-common.la $(LIBNL_LIBS) $(GLIB_LIBS) $(OPENSSL_LIBS)

# The command line outside `check` (tests/profiles/check-corpus covers check).
TESTS += tests/unit/ui-cli/test-l2sec-command
EXTRA_DIST += tests/unit/ui-cli/test-l2sec-command
