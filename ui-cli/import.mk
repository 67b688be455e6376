## ui-cli/: `l2sec import` and `l2sec export` (cmd_import.c).
