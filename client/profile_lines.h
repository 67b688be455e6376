/*
 * profile_lines.h — the line index of a profile. GKeyFile parses the values
 * but reports no line numbers, so this scan notes, for each section header and
 * each key, its line; it finds the lines GKeyFile would refuse (neither blank,
 * comment, [section] nor key = value), NUL bytes, invalid UTF-8, keys outside a
 * section, and sections or keys given twice. It also writes the text GKeyFile
 * is given: one clean line per input line, with CR line ends, a UTF-8 BOM and
 * inline comments (" # ..." after a value) removed, and nothing after the first
 * bad line. It does not know which sections and keys exist.
 *
 * The scan stops at the first bad line and keeps it (bad_line, bad_error), so
 * the caller can first check the lines before it and report errors in file order.
 */
#ifndef L2SEC_CLIENT_PROFILE_LINES_H
#define L2SEC_CLIENT_PROFILE_LINES_H

#include <stddef.h>
#include <glib.h>

typedef struct L2secProfileLine {
	unsigned line;   /* 1-based */
	char *group;     /* the section, for headers and keys */
	char *key;       /* NULL for a section header */
} L2secProfileLine;

typedef struct L2secProfileLines {
	GArray *entries;     /* of L2secProfileLine, in file order */
	GString *text;       /* what GKeyFile is given; wiped on free (it holds secrets) */
	unsigned bad_line;   /* 0 when every line is fine */
	GError *bad_error;   /* "NAME:LINE: ..." for bad_line: L2SEC_PROFILE_ERROR_SYNTAX,
			      * _ENCODING (NUL, UTF-8, control bytes) or _DUPLICATE */
} L2secProfileLines;

/* Index `len` bytes of `data`; `name` prefixes the messages. Never fails: problems are
 * in bad_line/bad_error. */
L2secProfileLines *l2sec_profile_lines_scan(const char *name, const char *data, size_t len);
/* The line of `key` in `group`, or 0. */
unsigned l2sec_profile_lines_find(const L2secProfileLines *l, const char *group, const char *key);
void l2sec_profile_lines_free(L2secProfileLines *l);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(L2secProfileLines, l2sec_profile_lines_free)

#endif
