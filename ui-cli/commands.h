/*
 * commands.h — the l2sec subcommands that live outside l2sec.c. Each takes
 * argv from the subcommand's name on and returns l2sec(8)'s exit status.
 */
#ifndef L2SEC_UI_CLI_COMMANDS_H
#define L2SEC_UI_CLI_COMMANDS_H

#include <string.h>
#include <glib.h>

/* For g_ptr_array_sort() on an array of strings: it passes pointers to the elements. */
static inline gint
l2sec_cmd_strptr_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* DESIGN.md, "The profile and the command" */
enum {
	EXIT_OK = 0,
	EXIT_CONNECTION_FAILED = 1,
	EXIT_USAGE = 2, /* bad usage or bad profile */
	EXIT_STATE = 3, /* already connected / not connected */
};

/* l2sec connect NAME|FILE [--foreground] [--verbose] [--ipsec-only] [--no-reconnect]
 *               [--timeout S] [--log FILE] (cmd_connect.c) */
int l2sec_cmd_connect(int argc, char **argv);
/* l2sec disconnect NAME|--all */
int l2sec_cmd_disconnect(int argc, char **argv);
/* l2sec status [NAME] [--json] */
int l2sec_cmd_status(int argc, char **argv);
/* l2sec list */
int l2sec_cmd_list(int argc, char **argv);

/* l2sec import FILE|DIR [--name NAME] [--force] [--format F] (cmd_import.c) */
int l2sec_cmd_import(int argc, char **argv);
/* l2sec export NAME --format F [--output FILE] (cmd_import.c) */
int l2sec_cmd_export(int argc, char **argv);

#endif
