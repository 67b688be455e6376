## ui-cli/: `l2sec import` and `l2sec export` (cmd_import.c).
ui_cli_l2sec_SOURCES += ui-cli/cmd_import.c
