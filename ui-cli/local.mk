## ui-cli/: the l2sec command
sbin_PROGRAMS += ui-cli/l2sec
ui_cli_l2sec_SOURCES = ui-cli/l2sec.c
ui_cli_l2sec_LDADD = client/libl2sec-client.la common/libl2sec-common.la $(GLIB_LIBS) $(OPENSSL_LIBS)
