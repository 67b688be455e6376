/*
 * import_powershell.c — the PowerShell scripts admins hand out to create an
 * L2TP/IPsec connection on Windows (Add-VpnConnection -TunnelType L2tp
 * -L2tpPsk ..., Set-VpnConnection, Set-VpnConnectionIPsecConfiguration,
 * Add-VpnConnectionRoute) to profile text; see import.h.
 *
 * Nothing is run: a small lexer reads PowerShell's token syntax (about_Quoting_Rules,
 * about_Comments, about_Parsing): '...' with '' for a quote, "..." with backtick
 * escapes and $variable expansion, here-strings, backtick line continuations,
 * # and <# #> comments, -Param value, -Switch and -Switch:$value, comma arrays,
 * positional Name and ServerAddress. Statements end at a line end, ';', '|',
 * '{' and '}', so a cmdlet inside an `if { }` block is read too. Assignments of
 * literal values ($psk = "x", hashtables @{ } for splatting, arrays) are
 * remembered in order; a value computed by a command (Read-Host) or an
 * expression is unknown, and using one for a setting is an error naming it.
 * Every command that is not one of the four cmdlets is listed as ignored, and so is
 * every parameter l2sec has no setting for; PowerShell's common parameters
 * (-Force, -PassThru, -ErrorAction, -WhatIf...) configure nothing and are dropped.
 *
 * The parameter values are those of the VpnClient module (Add-VpnConnection,
 * Set-VpnConnectionIPsecConfiguration: EncryptionMethod, IntegrityCheckMethod,
 * DHGroup, CipherTransformConstants, AuthenticationTransformConstants, PfsGroup).
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <openssl/crypto.h>

#include "client/import.h"
#include "client/import_util.h"
#include "client/profile_values.h"

/* ---- values ---- */

typedef enum {
	PS_STR,
	PS_BOOL,
	PS_NULL,
	PS_LIST,    /* items */
	PS_HASH,    /* keys and items */
	PS_UNKNOWN, /* why */
} PsKind;

typedef struct PsValue PsValue;
struct PsValue {
	PsKind kind;
	char *s;          /* PS_STR; PS_UNKNOWN: why */
	bool b;           /* PS_BOOL */
	GPtrArray *items; /* PS_LIST, PS_HASH: of PsValue * */
	GPtrArray *keys;  /* PS_HASH: of char * */
	unsigned line;
};

static void
ps_value_free(PsValue *v)
{
	if (v == NULL)
		return;
	l2sec_secret_free_string(v->s); /* may be a PSK */
	if (v->items != NULL)
		g_ptr_array_unref(v->items);
	if (v->keys != NULL)
		g_ptr_array_unref(v->keys);
	g_free(v);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PsValue, ps_value_free)

static PsValue *
ps_value_new(PsKind kind, unsigned line)
{
	PsValue *v = g_new0(PsValue, 1);
	v->kind = kind;
	v->line = line;
	if (kind == PS_LIST || kind == PS_HASH)
		v->items = g_ptr_array_new_with_free_func((GDestroyNotify)ps_value_free);
	if (kind == PS_HASH)
		v->keys = g_ptr_array_new_with_free_func(g_free);
	return v;
}

static PsValue *ps_value_unknown(unsigned line, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static PsValue *
ps_value_unknown(unsigned line, const char *fmt, ...)
{
	PsValue *v = ps_value_new(PS_UNKNOWN, line);
	va_list ap;
	va_start(ap, fmt);
	v->s = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	return v;
}

static PsValue *
ps_value_copy(const PsValue *v)
{
	PsValue *c = ps_value_new(v->kind, v->line);
	c->s = g_strdup(v->s);
	c->b = v->b;
	for (guint i = 0; v->items != NULL && i < v->items->len; i++)
		g_ptr_array_add(c->items, ps_value_copy(v->items->pdata[i]));
	for (guint i = 0; v->keys != NULL && i < v->keys->len; i++)
		g_ptr_array_add(c->keys, g_strdup(v->keys->pdata[i]));
	return c;
}

/* Wipe and free a string being built (it may be a PSK). */
static void
gstring_wipe_free(GString *s)
{
	OPENSSL_cleanse(s->str, s->allocated_len);
	g_string_free(s, TRUE);
}

/* ---- tokens ---- */

typedef enum {
	T_END,   /* end of a statement: line end, ';', '|', '{', '}' */
	T_WORD,  /* a bare word: a command, an unquoted argument */
	T_STR,   /* a quoted string, unquoted and expanded */
	T_VAR,   /* $name */
	T_PARAM, /* -Name, colon set when written -Name:value */
	T_COMMA,
	T_EQ,
	T_LPAREN,
	T_RPAREN,
	T_HASH_OPEN,  /* @{ */
	T_HASH_CLOSE, /* } closing @{ */
	T_SEP,        /* a line end or ';' inside @{ } */
	T_SPLAT,      /* @name */
	T_CAST,       /* [type] */
	T_EOF,
} TokKind;

typedef struct Tok {
	TokKind kind;
	char *text;
	unsigned line;
	bool colon; /* T_PARAM: -Name:value */
	char *bad;  /* T_STR: why its value is unknown (a $variable that is not set) */
} Tok;

static void
tok_clear(gpointer p)
{
	Tok *t = p;
	l2sec_secret_free_string(t->text);
	g_free(t->bad);
}

typedef struct Ps {
	const char *file;
	const char *s;
	size_t pos, len;
	unsigned line;
	unsigned hash_depth;
	GHashTable *vars; /* lowercase name -> PsValue * */
	GError **error;
} Ps;

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

/* Quote characters: ASCII and the typographic ones PowerShell accepts too
 * (about_Quoting_Rules), which scripts pasted from documents carry. 1 single, 2 double. */
static int
quote_at(const Ps *ps, size_t at, size_t *ret_n)
{
	const unsigned char *u = (const unsigned char *)ps->s + at;
	size_t left = ps->len - at;
	*ret_n = 1;
	if (left == 0)
		return 0;
	if (u[0] == '\'')
		return 1;
	if (u[0] == '"')
		return 2;
	if (left >= 3 && u[0] == 0xe2 && u[1] == 0x80) {
		*ret_n = 3;
		if (u[2] >= 0x98 && u[2] <= 0x9b) /* U+2018..U+201B */
			return 1;
		if (u[2] >= 0x9c && u[2] <= 0x9e) /* U+201C..U+201E */
			return 2;
	}
	return 0;
}

static bool
var_char(char c)
{
	return g_ascii_isalnum(c) || c == '_' || c == ':' || c == '?';
}

/* The value of $name now (builtins, then assignments); a new PsValue. */
static PsValue *
var_get(Ps *ps, const char *name, unsigned line)
{
	g_autofree char *lower = g_ascii_strdown(name, -1);
	const char *n = lower;
	if (g_str_has_prefix(n, "global:") || g_str_has_prefix(n, "script:") ||
	    g_str_has_prefix(n, "local:"))
		n = strchr(n, ':') + 1;
	if (strcmp(n, "true") == 0 || strcmp(n, "false") == 0) {
		PsValue *v = ps_value_new(PS_BOOL, line);
		v->b = n[0] == 't';
		return v;
	}
	if (strcmp(n, "null") == 0)
		return ps_value_new(PS_NULL, line);
	if (g_str_has_prefix(n, "env:"))
		return ps_value_unknown(
		    line, "$%s is an environment variable of the Windows machine", name);
	PsValue *v = g_hash_table_lookup(ps->vars, n);
	if (v == NULL)
		return ps_value_unknown(line, "$%s is not set before line %u", name, line);
	PsValue *c = ps_value_copy(v);
	c->line = line;
	return c;
}

static bool ps_fail(Ps *ps, unsigned line, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static bool
ps_fail(Ps *ps, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	return import_fail(ps->error, L2SEC_IMPORT_ERROR_MALFORMED, ps->file, line, "%s", msg);
}

/* A backtick escape of a double-quoted string (about_Special_Characters). */
static char
backtick(char c)
{
	switch (c) {
	case '0':
		return '\0';
	case 'a':
		return '\a';
	case 'b':
		return '\b';
	case 'f':
		return '\f';
	case 'n':
		return '\n';
	case 'r':
		return '\r';
	case 't':
		return '\t';
	case 'v':
		return '\v';
	default:
		return c;
	}
}

/* "$name" or "${name}" inside a double-quoted string: append its value. */
static void
expand_var(Ps *ps, GString *out, Tok *t)
{
	size_t start;
	g_autofree char *name = NULL;
	if (ps->pos < ps->len && ps->s[ps->pos] == '{') {
		start = ++ps->pos;
		while (ps->pos < ps->len && ps->s[ps->pos] != '}')
			ps->pos++;
		name = g_strndup(ps->s + start, ps->pos - start);
		if (ps->pos < ps->len)
			ps->pos++;
	} else if (ps->pos < ps->len && ps->s[ps->pos] == '(') {
		if (t->bad == NULL)
			t->bad = g_strdup("a $( ) subexpression, which l2sec does not run");
		return;
	} else {
		start = ps->pos;
		while (ps->pos < ps->len && var_char(ps->s[ps->pos]) && ps->s[ps->pos] != ':')
			ps->pos++;
		/* a scope or drive: $env:NAME */
		if (ps->pos + 1 < ps->len && ps->s[ps->pos] == ':' &&
		    var_char(ps->s[ps->pos + 1])) {
			ps->pos++;
			while (
			    ps->pos < ps->len && var_char(ps->s[ps->pos]) && ps->s[ps->pos] != ':')
				ps->pos++;
		}
		name = g_strndup(ps->s + start, ps->pos - start);
	}
	if (*name == '\0') {
		g_string_append_c(out, '$');
		return;
	}
	g_autoptr(PsValue) v = var_get(ps, name, t->line);
	if (v->kind == PS_STR)
		g_string_append(out, v->s);
	else if (v->kind == PS_BOOL)
		g_string_append(out, v->b ? "True" : "False");
	else if (v->kind != PS_NULL && t->bad == NULL)
		t->bad = v->kind == PS_UNKNOWN ? g_strdup(v->s)
					       : g_strdup_printf("$%s is not a plain string", name);
}

/* A quoted string from ps->pos (at the quote); kind 1 single, 2 double. */
static bool
lex_string(Ps *ps, int kind, size_t qn, Tok *t)
{
	unsigned open_line = ps->line;
	ps->pos += qn;
	GString *out = g_string_new(NULL);
	for (;;) {
		if (ps->pos >= ps->len) {
			gstring_wipe_free(out);
			return ps_fail(ps, open_line, "string without its closing quote");
		}
		size_t n;
		int q = quote_at(ps, ps->pos, &n);
		char c = ps->s[ps->pos];
		if (q == kind) {
			/* a doubled quote stands for one */
			size_t n2;
			if (quote_at(ps, ps->pos + n, &n2) == kind) {
				g_string_append_len(out, ps->s + ps->pos, (gssize)n);
				ps->pos += n + n2;
				continue;
			}
			ps->pos += n;
			break;
		}
		if (c == '\n')
			ps->line++;
		if (kind == 2 && c == '`' && ps->pos + 1 < ps->len) {
			char e = ps->s[ps->pos + 1];
			if (e == '\n')
				ps->line++;
			g_string_append_c(out, backtick(e));
			ps->pos += 2;
			continue;
		}
		if (kind == 2 && c == '$') {
			ps->pos++;
			expand_var(ps, out, t);
			continue;
		}
		g_string_append_c(out, c);
		ps->pos++;
	}
	t->kind = T_STR;
	t->text = g_string_free(out, FALSE);
	return true;
}

/* @" ... "@ and @' ... '@: the lines between, the last line end excluded. */
static bool
lex_here_string(Ps *ps, int kind, Tok *t)
{
	unsigned open_line = ps->line;
	ps->pos += 2;
	while (ps->pos < ps->len && is_space(ps->s[ps->pos]))
		ps->pos++;
	if (ps->pos < ps->len && ps->s[ps->pos] == '\r')
		ps->pos++;
	if (ps->pos >= ps->len || ps->s[ps->pos] != '\n')
		return ps_fail(ps, open_line, "a here-string must start a new line after @%c",
		    kind == 1 ? '\'' : '"');
	ps->pos++;
	ps->line++;
	GString *out = g_string_new(NULL);
	char close = kind == 1 ? '\'' : '"';
	for (;;) {
		if (ps->pos >= ps->len) {
			gstring_wipe_free(out);
			return ps_fail(ps, open_line, "here-string without its closing %c@", close);
		}
		bool at_line_start = ps->pos == 0 || ps->s[ps->pos - 1] == '\n';
		char c = ps->s[ps->pos];
		if (at_line_start && c == close && ps->pos + 1 < ps->len &&
		    ps->s[ps->pos + 1] == '@') {
			ps->pos += 2;
			if (out->len > 0 && out->str[out->len - 1] == '\n')
				g_string_truncate(out, out->len - 1);
			if (out->len > 0 && out->str[out->len - 1] == '\r')
				g_string_truncate(out, out->len - 1);
			break;
		}
		if (c == '\n')
			ps->line++;
		if (kind == 2 && c == '`' && ps->pos + 1 < ps->len) {
			g_string_append_c(out, backtick(ps->s[ps->pos + 1]));
			ps->pos += 2;
			continue;
		}
		if (kind == 2 && c == '$') {
			ps->pos++;
			expand_var(ps, out, t);
			continue;
		}
		g_string_append_c(out, c);
		ps->pos++;
	}
	t->kind = T_STR;
	t->text = g_string_free(out, FALSE);
	return true;
}

static bool lex(Ps *ps, Tok *t);

/* A bare word: up to a blank or a character that ends it; backtick escapes the next one. */
static void
lex_word(Ps *ps, Tok *t)
{
	GString *out = g_string_new(NULL);
	while (ps->pos < ps->len) {
		char c = ps->s[ps->pos];
		size_t n;
		if (is_space(c) || strchr("\r\n;|,(){}", c) != NULL)
			break;
		if (c == '=' && ps->hash_depth > 0)
			break;
		if (c == ':' && t->kind == T_PARAM)
			break;
		if (t->kind == T_PARAM && quote_at(ps, ps->pos, &n) != 0)
			break;
		if (c == '`' && ps->pos + 1 < ps->len && ps->s[ps->pos + 1] != '\n' &&
		    ps->s[ps->pos + 1] != '\r') {
			g_string_append_c(out, ps->s[ps->pos + 1]);
			ps->pos += 2;
			continue;
		}
		if (c == '`')
			break; /* a continuation: the caller skips it */
		g_string_append_c(out, c);
		ps->pos++;
	}
	t->text = g_string_free(out, FALSE);
}

/* The next token. */
static bool
lex(Ps *ps, Tok *t)
{
	memset(t, 0, sizeof(*t));
	for (;;) {
		while (ps->pos < ps->len && is_space(ps->s[ps->pos]))
			ps->pos++;
		if (ps->pos >= ps->len) {
			t->kind = T_EOF;
			t->line = ps->line;
			return true;
		}
		const char *s = ps->s + ps->pos;
		size_t left = ps->len - ps->pos;
		/* a backtick at the end of a line continues the statement */
		if (s[0] == '`') {
			size_t k = 1;
			while (k < left && is_space(s[k]))
				k++;
			if (k < left && s[k] == '\r')
				k++;
			if (k < left && s[k] == '\n') {
				ps->pos += k + 1;
				ps->line++;
				continue;
			}
		}
		if (left >= 2 && s[0] == '<' && s[1] == '#') {
			unsigned open_line = ps->line;
			ps->pos += 2;
			for (;;) {
				if (ps->pos + 1 >= ps->len)
					return ps_fail(
					    ps, open_line, "<# comment without its closing #>");
				if (ps->s[ps->pos] == '#' && ps->s[ps->pos + 1] == '>') {
					ps->pos += 2;
					break;
				}
				if (ps->s[ps->pos] == '\n')
					ps->line++;
				ps->pos++;
			}
			continue;
		}
		if (s[0] == '#') {
			while (ps->pos < ps->len && ps->s[ps->pos] != '\n')
				ps->pos++;
			continue;
		}
		if (s[0] == '\r') {
			ps->pos++;
			continue;
		}
		break;
	}
	const char *s = ps->s + ps->pos;
	size_t left = ps->len - ps->pos;
	t->line = ps->line;
	size_t qn;
	int q = quote_at(ps, ps->pos, &qn);
	if (s[0] == '\n') {
		ps->pos++;
		ps->line++;
		t->kind = ps->hash_depth > 0 ? T_SEP : T_END;
		return true;
	}
	if (s[0] == ';') {
		ps->pos++;
		t->kind = ps->hash_depth > 0 ? T_SEP : T_END;
		return true;
	}
	if (s[0] == '|' || s[0] == '{' || (s[0] == '&' && left >= 2 && s[1] == '&')) {
		ps->pos += s[0] == '&' ? 2 : 1;
		t->kind = T_END;
		return true;
	}
	if (s[0] == '}') {
		ps->pos++;
		if (ps->hash_depth > 0) {
			ps->hash_depth--;
			t->kind = T_HASH_CLOSE;
		} else {
			t->kind = T_END;
		}
		return true;
	}
	if (s[0] == ',' || s[0] == '(' || s[0] == ')' || (s[0] == '=' && ps->hash_depth > 0) ||
	    (s[0] == '=' && (left == 1 || s[1] != '='))) {
		ps->pos++;
		t->kind = s[0] == ','   ? T_COMMA
			  : s[0] == '(' ? T_LPAREN
			  : s[0] == ')' ? T_RPAREN
					: T_EQ;
		return true;
	}
	if (s[0] == '@' && left >= 2) {
		size_t n2;
		int hq = quote_at(ps, ps->pos + 1, &n2);
		if (s[1] == '{') {
			ps->pos += 2;
			ps->hash_depth++;
			t->kind = T_HASH_OPEN;
			return true;
		}
		if (s[1] == '(') {
			ps->pos += 2;
			t->kind = T_LPAREN;
			return true;
		}
		if (hq != 0 && n2 == 1)
			return lex_here_string(ps, hq, t);
		if (var_char(s[1])) {
			ps->pos++;
			size_t start = ps->pos;
			while (ps->pos < ps->len && var_char(ps->s[ps->pos]))
				ps->pos++;
			t->kind = T_SPLAT;
			t->text = g_strndup(ps->s + start, ps->pos - start);
			return true;
		}
	}
	if (q != 0)
		return lex_string(ps, q, qn, t);
	if (s[0] == '[') {
		/* a type literal or cast: [string], [System.Net.IPAddress] */
		size_t start = ps->pos;
		while (ps->pos < ps->len && ps->s[ps->pos] != ']' && ps->s[ps->pos] != '\n')
			ps->pos++;
		if (ps->pos < ps->len && ps->s[ps->pos] == ']')
			ps->pos++;
		t->kind = T_CAST;
		t->text = g_strndup(ps->s + start, ps->pos - start);
		return true;
	}
	if (s[0] == '$') {
		ps->pos++;
		if (ps->pos < ps->len && ps->s[ps->pos] == '(') {
			t->kind = T_STR;
			t->text = g_strdup("");
			t->bad = g_strdup("a $( ) subexpression, which l2sec does not run");
			/* skip to the matching parenthesis on this line */
			int depth = 0;
			while (ps->pos < ps->len && ps->s[ps->pos] != '\n') {
				char c = ps->s[ps->pos++];
				if (c == '(')
					depth++;
				else if (c == ')' && --depth == 0)
					break;
			}
			return true;
		}
		size_t start = ps->pos;
		if (ps->pos < ps->len && ps->s[ps->pos] == '{') {
			start = ++ps->pos;
			while (ps->pos < ps->len && ps->s[ps->pos] != '}' && ps->s[ps->pos] != '\n')
				ps->pos++;
			t->text = g_strndup(ps->s + start, ps->pos - start);
			if (ps->pos < ps->len && ps->s[ps->pos] == '}')
				ps->pos++;
		} else {
			while (ps->pos < ps->len && var_char(ps->s[ps->pos]))
				ps->pos++;
			t->text = g_strndup(ps->s + start, ps->pos - start);
		}
		t->kind = T_VAR;
		return true;
	}
	if (s[0] == '-' && left >= 2 && g_ascii_isalpha(s[1])) {
		ps->pos++;
		t->kind = T_PARAM;
		lex_word(ps, t);
		if (ps->pos < ps->len && ps->s[ps->pos] == ':') {
			ps->pos++;
			t->colon = true;
		}
		return true;
	}
	t->kind = T_WORD;
	lex_word(ps, t);
	if (*t->text == '\0') {
		/* a lone character that starts no token (a stray backtick) */
		g_free(t->text);
		t->text = g_strndup(ps->s + ps->pos, 1);
		ps->pos++;
	}
	return true;
}

/* The tokens of the next statement (up to T_END or T_EOF, both left out); *ret_eof at the
 * end of the script. */
static bool
next_statement(Ps *ps, GArray *toks, bool *ret_eof)
{
	g_array_set_size(toks, 0);
	*ret_eof = false;
	for (;;) {
		Tok t;
		if (!lex(ps, &t)) {
			tok_clear(&t); /* what a failed string had gathered */
			return false;
		}
		if (t.kind == T_EOF) {
			*ret_eof = true;
			return true;
		}
		if (t.kind == T_END)
			return true;
		g_array_append_val(toks, t);
	}
}

/* ---- evaluation ---- */

/* A value made of tokens [*i..end): one value, or several joined by commas (an array). */
static PsValue *parse_value(Ps *ps, GArray *toks, guint *i, guint end);

static PsValue *
parse_one(Ps *ps, GArray *toks, guint *i, guint end)
{
	Tok *t = &g_array_index(toks, Tok, *i);
	(*i)++;
	if (t->kind == T_STR && t->bad != NULL)
		return ps_value_unknown(t->line, "%s", t->bad);
	switch (t->kind) {
	case T_STR:
	case T_WORD: {
		PsValue *v = ps_value_new(PS_STR, t->line);
		v->s = g_strdup(t->text);
		return v;
	}
	case T_VAR:
		return var_get(ps, t->text, t->line);
	case T_LPAREN: {
		/* @("a", "b") or ("a", "b"): an array of literals; anything else is computed */
		guint start = *i;
		int depth = 1;
		bool literal = true;
		while (*i < end && depth > 0) {
			Tok *u = &g_array_index(toks, Tok, *i);
			depth += u->kind == T_LPAREN ? 1 : u->kind == T_RPAREN ? -1 : 0;
			if (depth > 0 && u->kind != T_COMMA && u->kind != T_SEP &&
			    !(u->kind == T_STR && u->bad == NULL) && u->kind != T_WORD)
				literal = false;
			(*i)++;
		}
		if (!literal || depth > 0 || *i - 1 == start)
			return ps_value_unknown(t->line,
			    "an expression in parentheses, which l2sec "
			    "does not run");
		PsValue *list = ps_value_new(PS_LIST, t->line);
		for (guint k = start; k < *i - 1; k++) {
			Tok *u = &g_array_index(toks, Tok, k);
			if (u->kind != T_STR && u->kind != T_WORD)
				continue;
			PsValue *e = ps_value_new(PS_STR, u->line);
			e->s = g_strdup(u->text);
			g_ptr_array_add(list->items, e);
		}
		return list;
	}
	case T_HASH_OPEN: {
		PsValue *h = ps_value_new(PS_HASH, t->line);
		while (*i < end) {
			Tok *k = &g_array_index(toks, Tok, *i);
			if (k->kind == T_HASH_CLOSE) {
				(*i)++;
				return h;
			}
			if (k->kind == T_SEP) {
				(*i)++;
				continue;
			}
			if ((k->kind != T_WORD && k->kind != T_STR) || *i + 2 > end ||
			    g_array_index(toks, Tok, *i + 1).kind != T_EQ) {
				ps_value_free(h);
				return ps_value_unknown(
				    k->line, "a hashtable that is not Key = value lines");
			}
			*i += 2;
			g_ptr_array_add(h->keys, g_strdup(k->text));
			g_ptr_array_add(h->items, parse_value(ps, toks, i, end));
		}
		ps_value_free(h);
		return ps_value_unknown(t->line, "a hashtable without its closing }");
	}
	default:
		return ps_value_unknown(t->line, "an expression, which l2sec does not run");
	}
}

static PsValue *
parse_value(Ps *ps, GArray *toks, guint *i, guint end)
{
	if (*i >= end) {
		Tok *last = &g_array_index(toks, Tok, end - 1);
		return ps_value_unknown(last->line, "no value");
	}
	PsValue *first = parse_one(ps, toks, i, end);
	if (*i >= end || g_array_index(toks, Tok, *i).kind != T_COMMA)
		return first;
	PsValue *list = ps_value_new(PS_LIST, first->line);
	g_ptr_array_add(list->items, first);
	while (*i < end && g_array_index(toks, Tok, *i).kind == T_COMMA) {
		(*i)++;
		while (*i < end && g_array_index(toks, Tok, *i).kind == T_SEP)
			(*i)++;
		if (*i >= end)
			break;
		g_ptr_array_add(list->items, parse_one(ps, toks, i, end));
	}
	return list;
}

/* What a cmdlet knows: its parameters, which are switches, and its positional ones. */
typedef struct Cmdlet {
	const char *name;
	const char *const *params;
	const char *const *positional;
} Cmdlet;

static const char *const common_params[] = {"Force", "PassThru", "AsJob", "CimSession",
    "ThrottleLimit", "WhatIf", "Confirm", "ErrorAction", "WarningAction", "Verbose", "Debug",
    "InformationAction", "ErrorVariable", "WarningVariable", "OutVariable", "OutBuffer",
    "PipelineVariable", "InformationVariable", NULL};
static const char *const switches[] = {"Force", "PassThru", "AsJob", "WhatIf", "Confirm", "Verbose",
    "Debug", "RememberCredential", "SplitTunneling", "AllUserConnection", "UseWinlogonCredential",
    "RevertToDefault", "ThirdPartyVpn", NULL};

static const char *const conn_params[] = {"Name", "ServerAddress", "TunnelType", "EncryptionLevel",
    "AuthenticationMethod", "SplitTunneling", "AllUserConnection", "L2tpPsk", "RememberCredential",
    "UseWinlogonCredential", "EapConfigXmlStream", "DnsSuffix", "IdleDisconnectSeconds",
    "MachineCertificateEKUFilter", "MachineCertificateIssuerFilter", "ServerList",
    "CustomConfiguration", "PlugInApplicationID", "ThirdPartyVpn", NULL};
static const char *const conn_positional[] = {"Name", "ServerAddress", NULL};
static const char *const ipsec_params[] = {"ConnectionName", "AuthenticationTransformConstants",
    "CipherTransformConstants", "DHGroup", "EncryptionMethod", "IntegrityCheckMethod", "PfsGroup",
    "RevertToDefault", "AllUserConnection", NULL};
static const char *const route_params[] = {
    "ConnectionName", "DestinationPrefix", "RouteMetric", "AllUserConnection", NULL};
static const char *const by_connection[] = {"ConnectionName", NULL};

enum { CMD_ADD, CMD_SET, CMD_IPSEC, CMD_ROUTE };
static const Cmdlet cmdlets[] = {
    [CMD_ADD] = {"Add-VpnConnection", conn_params, conn_positional},
    [CMD_SET] = {"Set-VpnConnection", conn_params, conn_positional},
    [CMD_IPSEC] = {"Set-VpnConnectionIPsecConfiguration", ipsec_params, by_connection},
    [CMD_ROUTE] = {"Add-VpnConnectionRoute", route_params, by_connection},
};

static bool
in_list(const char *const *list, const char *name)
{
	for (; *list != NULL; list++)
		if (g_ascii_strcasecmp(*list, name) == 0)
			return true;
	return false;
}

/* The parameter `typed` names: exact, else a unique prefix (PowerShell allows both); NULL
 * when unknown or ambiguous. */
static const char *
param_match(const Cmdlet *c, const char *typed)
{
	const char *const *lists[] = {c->params, common_params};
	const char *found = NULL;
	size_t n = strlen(typed);
	for (size_t l = 0; l < G_N_ELEMENTS(lists); l++)
		for (const char *const *p = lists[l]; *p != NULL; p++) {
			if (g_ascii_strcasecmp(*p, typed) == 0)
				return *p;
			if (g_ascii_strncasecmp(*p, typed, n) == 0) {
				if (found != NULL && strcmp(found, *p) != 0)
					return NULL;
				found = *p;
			}
		}
	return found;
}

typedef struct PsArg {
	const char *name; /* canonical, or the typed name when unknown */
	char *typed;
	PsValue *value;
	unsigned line;
	bool known;
} PsArg;

static void
ps_arg_free(PsArg *a)
{
	g_free(a->typed);
	ps_value_free(a->value);
	g_free(a);
}

/* One connection the script creates. */
typedef struct PsConn {
	char *name;
	unsigned line;
	GHashTable *params; /* canonical name -> PsArg * (later ones replace earlier ones) */
	GHashTable *ipsec;  /* the same for Set-VpnConnectionIPsecConfiguration */
	GPtrArray *routes;  /* of PsArg * (DestinationPrefix), in order */
} PsConn;

static void
ps_conn_free(PsConn *c)
{
	g_free(c->name);
	g_hash_table_unref(c->params);
	g_hash_table_unref(c->ipsec);
	g_ptr_array_unref(c->routes);
	g_free(c);
}

static bool
args_have(GPtrArray *args, const char *name)
{
	for (guint i = 0; i < args->len; i++) {
		PsArg *a = args->pdata[i];
		if (a->known && strcmp(a->name, name) == 0)
			return true;
	}
	return false;
}

/* The arguments of a command, splatting expanded. */
static bool
parse_args(Ps *ps, const Cmdlet *c, GArray *toks, guint start, GPtrArray *args, L2secImport *out)
{
	guint end = toks->len;
	guint positional = 0;
	for (guint i = start; i < end;) {
		Tok *t = &g_array_index(toks, Tok, i);
		if (t->kind == T_SPLAT) {
			i++;
			g_autoptr(PsValue) h = var_get(ps, t->text, t->line);
			if (h->kind == PS_UNKNOWN)
				return ps_fail(ps, t->line, "@%s: %s", t->text, h->s);
			if (h->kind != PS_HASH) {
				import_ignore(out,
				    "@%s (line %u: splatting an array; l2sec reads "
				    "hashtables only)",
				    t->text, t->line);
				continue;
			}
			for (guint k = 0; k < h->keys->len; k++) {
				PsArg *a = g_new0(PsArg, 1);
				a->typed = g_strdup(h->keys->pdata[k]);
				a->name = param_match(c, a->typed);
				a->known = a->name != NULL;
				if (!a->known)
					a->name = a->typed;
				a->value = ps_value_copy(h->items->pdata[k]);
				a->line = t->line;
				g_ptr_array_add(args, a);
			}
			continue;
		}
		if (t->kind == T_PARAM) {
			i++;
			PsArg *a = g_new0(PsArg, 1);
			a->typed = g_strdup(t->text);
			a->name = param_match(c, t->text);
			a->known = a->name != NULL;
			if (!a->known)
				a->name = a->typed;
			a->line = t->line;
			bool is_switch = a->known && in_list(switches, a->name);
			/* Set-VpnConnection's -SplitTunneling is a [bool]: -SplitTunneling $true */
			if (is_switch && !t->colon && i < end &&
			    g_array_index(toks, Tok, i).kind == T_VAR &&
			    (g_ascii_strcasecmp(g_array_index(toks, Tok, i).text, "true") == 0 ||
				g_ascii_strcasecmp(g_array_index(toks, Tok, i).text, "false") == 0))
				is_switch = false;
			if (t->colon) {
				a->value = i < end
					       ? parse_value(ps, toks, &i, end)
					       : ps_value_unknown(t->line, "no value after ':'");
			} else if (is_switch || i >= end ||
				   g_array_index(toks, Tok, i).kind == T_PARAM) {
				a->value = ps_value_new(PS_BOOL, t->line);
				a->value->b = true;
			} else {
				a->value = parse_value(ps, toks, &i, end);
			}
			g_ptr_array_add(args, a);
			continue;
		}
		/* a positional argument */
		PsArg *a = g_new0(PsArg, 1);
		a->line = t->line;
		a->value = parse_value(ps, toks, &i, end);
		/* the next positional parameter not given by name (about_Parameters) */
		while (
		    c->positional[positional] != NULL && args_have(args, c->positional[positional]))
			positional++;
		if (c->positional[positional] != NULL) {
			a->name = c->positional[positional++];
			a->known = true;
		} else {
			a->typed = g_strdup("(positional)");
			a->name = a->typed;
		}
		g_ptr_array_add(args, a);
	}
	return true;
}

/* A string setting: its value, or an error naming why it is unknown. */
static bool
arg_string(Ps *ps, const PsArg *a, const char **ret)
{
	const PsValue *v = a->value;
	if (v->kind == PS_STR) {
		*ret = v->s;
		return true;
	}
	if (v->kind == PS_UNKNOWN)
		return ps_fail(ps, a->line, "-%s: %s", a->name, v->s);
	if (v->kind == PS_LIST && v->items->len == 1 &&
	    ((PsValue *)v->items->pdata[0])->kind == PS_STR) {
		*ret = ((PsValue *)v->items->pdata[0])->s;
		return true;
	}
	return ps_fail(ps, a->line, "-%s: expected a string", a->name);
}

/* A switch: -X, -X:$true, -X:$false. */
static bool
arg_bool(Ps *ps, const PsArg *a, bool *ret)
{
	const PsValue *v = a->value;
	if (v->kind == PS_BOOL) {
		*ret = v->b;
		return true;
	}
	if (v->kind == PS_UNKNOWN)
		return ps_fail(ps, a->line, "-%s: %s", a->name, v->s);
	if (v->kind == PS_STR &&
	    (g_ascii_strcasecmp(v->s, "true") == 0 || strcmp(v->s, "1") == 0)) {
		*ret = true;
		return true;
	}
	if (v->kind == PS_STR &&
	    (g_ascii_strcasecmp(v->s, "false") == 0 || strcmp(v->s, "0") == 0)) {
		*ret = false;
		return true;
	}
	return ps_fail(ps, a->line, "-%s: expected $true or $false", a->name);
}

/* A value for a text listing: "KEY=VALUE". */
static char *
value_text(const PsValue *v)
{
	switch (v->kind) {
	case PS_STR:
		return g_strdup(v->s);
	case PS_BOOL:
		return g_strdup(v->b ? "$true" : "$false");
	case PS_NULL:
		return g_strdup("$null");
	case PS_LIST: {
		GString *s = g_string_new(NULL);
		for (guint i = 0; i < v->items->len; i++) {
			g_autofree char *e = value_text(v->items->pdata[i]);
			g_string_append_printf(s, "%s%s", i > 0 ? "," : "", e);
		}
		return g_string_free(s, FALSE);
	}
	case PS_HASH:
		return g_strdup("@{...}");
	case PS_UNKNOWN:
		break;
	}
	return g_strdup("(an expression)");
}

static PsConn *
conn_find(GPtrArray *conns, const char *name)
{
	for (guint i = 0; i < conns->len; i++) {
		PsConn *c = conns->pdata[i];
		if (g_ascii_strcasecmp(c->name, name) ==
		    0) /* Windows connection names ignore case */
			return c;
	}
	return NULL;
}

/* A name argument (-Name or -ConnectionName) of the command, or an error. */
static bool
args_name(
    Ps *ps, GPtrArray *args, const char *param, unsigned line, const char *cmd, const char **ret)
{
	for (guint i = 0; i < args->len; i++) {
		PsArg *a = args->pdata[i];
		if (a->known && strcmp(a->name, param) == 0)
			return arg_string(ps, a, ret);
	}
	return ps_fail(ps, line, "%s without -%s", cmd, param);
}

/* One statement. */
static bool
run_statement(Ps *ps, GArray *toks, GPtrArray *conns, L2secImport *out)
{
	guint i = 0;
	while (i < toks->len && (g_array_index(toks, Tok, i).kind == T_CAST ||
				    g_array_index(toks, Tok, i).kind == T_SEP))
		i++;
	if (i >= toks->len)
		return true;
	Tok *first = &g_array_index(toks, Tok, i);
	/* $name = value */
	if (first->kind == T_VAR && i + 1 < toks->len &&
	    g_array_index(toks, Tok, i + 1).kind == T_EQ) {
		guint j = i + 2;
		while (j < toks->len && g_array_index(toks, Tok, j).kind == T_CAST)
			j++;
		PsValue *v;
		if (j >= toks->len) {
			v = ps_value_unknown(first->line, "$%s is set to nothing", first->text);
		} else if (g_array_index(toks, Tok, j).kind == T_WORD &&
			   !g_ascii_isdigit(*g_array_index(toks, Tok, j).text)) {
			/* $x = Read-Host "PSK": the output of a command */
			v = ps_value_unknown(first->line,
			    "$%s is the output of %s (line %u), which "
			    "l2sec does not run",
			    first->text, g_array_index(toks, Tok, j).text, first->line);
		} else {
			v = parse_value(ps, toks, &j, toks->len);
			if (j < toks->len) {
				ps_value_free(v);
				v = ps_value_unknown(first->line,
				    "$%s is an expression (line %u), which l2sec does not compute",
				    first->text, first->line);
			}
		}
		g_autofree char *lower = g_ascii_strdown(first->text, -1);
		const char *n = lower;
		if (g_str_has_prefix(n, "global:") || g_str_has_prefix(n, "script:"))
			n = strchr(n, ':') + 1;
		g_hash_table_replace(ps->vars, g_strdup(n), v);
		return true;
	}
	if (first->kind != T_WORD) {
		import_ignore(out, "%s (line %u: not a command l2sec reads)",
		    first->text != NULL ? first->text : "expression", first->line);
		return true;
	}
	int which = -1;
	for (size_t c = 0; c < G_N_ELEMENTS(cmdlets); c++)
		if (g_ascii_strcasecmp(first->text, cmdlets[c].name) == 0)
			which = (int)c;
	if (which < 0) {
		import_ignore(out,
		    "%s (line %u: only Add-VpnConnection, Set-VpnConnection, "
		    "Set-VpnConnectionIPsecConfiguration and Add-VpnConnectionRoute "
		    "are read)",
		    first->text, first->line);
		return true;
	}
	const Cmdlet *cmd = &cmdlets[which];
	g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func((GDestroyNotify)ps_arg_free);
	if (!parse_args(ps, cmd, toks, i + 1, args, out))
		return false;
	const char *name;
	if (!args_name(ps, args, which <= CMD_SET ? "Name" : "ConnectionName", first->line,
		cmd->name, &name))
		return false;
	PsConn *conn = conn_find(conns, name);
	if (which == CMD_ADD) {
		if (conn != NULL) {
			import_ignore(out,
			    "Add-VpnConnection -Name %s (line %u: the connection is "
			    "already added on line %u)",
			    name, first->line, conn->line);
			return true;
		}
		conn = g_new0(PsConn, 1);
		conn->name = g_strdup(name);
		conn->line = first->line;
		conn->params = g_hash_table_new_full(
		    g_str_hash, g_str_equal, NULL, (GDestroyNotify)ps_arg_free);
		conn->ipsec = g_hash_table_new_full(
		    g_str_hash, g_str_equal, NULL, (GDestroyNotify)ps_arg_free);
		conn->routes = g_ptr_array_new_with_free_func((GDestroyNotify)ps_arg_free);
		g_ptr_array_add(conns, conn);
	} else if (conn == NULL) {
		import_ignore(out, "%s %s (line %u: no Add-VpnConnection for it before this line)",
		    cmd->name, name, first->line);
		return true;
	}
	/* move the arguments into the connection */
	while (args->len > 0) {
		PsArg *a = g_ptr_array_steal_index(args, 0);
		if (!a->known) {
			g_autofree char *v = value_text(a->value);
			import_ignore(out, "-%s=%s (line %u: not a parameter of %s)", a->typed, v,
			    a->line, cmd->name);
			ps_arg_free(a);
			continue;
		}
		if (which == CMD_ROUTE && strcmp(a->name, "DestinationPrefix") == 0) {
			g_ptr_array_add(conn->routes, a);
		} else if (which == CMD_ROUTE) {
			if (strcmp(a->name, "RouteMetric") == 0) {
				g_autofree char *v = value_text(a->value);
				import_ignore(out,
				    "RouteMetric=%s (line %u: l2sec's routes take the "
				    "metric of the PPP interface)",
				    v, a->line);
			}
			ps_arg_free(a); /* -AllUserConnection and the common parameters */
		} else
			g_hash_table_replace(
			    which == CMD_IPSEC ? conn->ipsec : conn->params, (char *)a->name, a);
	}
	return true;
}

/* ---- mapping ---- */

static const PsArg *
param(GHashTable *t, const char *name)
{
	return g_hash_table_lookup(t, name);
}

/* The string values of a parameter that may be an array. */
static bool
arg_strings(Ps *ps, const PsArg *a, GPtrArray *ret)
{
	const PsValue *v = a->value;
	if (v->kind == PS_LIST) {
		for (guint i = 0; i < v->items->len; i++) {
			const PsValue *e = v->items->pdata[i];
			if (e->kind == PS_UNKNOWN)
				return ps_fail(ps, a->line, "-%s: %s", a->name, e->s);
			if (e->kind != PS_STR)
				return ps_fail(ps, a->line, "-%s: expected strings", a->name);
			g_ptr_array_add(ret, e->s);
		}
		return true;
	}
	const char *s;
	if (!arg_string(ps, a, &s))
		return false;
	g_ptr_array_add(ret, (char *)s);
	return true;
}

static const struct {
	const char *windows, *l2sec;
} auth_methods[] = {
    {"MSChapv2", "mschap-v2"},
    {"Eap", "eap"},
    {"Chap", "chap"},
    {"Pap", "pap"},
};

static bool
map_auth(Ps *ps, const PsArg *a, ImportProfile *p, L2secImport *out)
{
	g_autoptr(GPtrArray) methods = g_ptr_array_new();
	if (!arg_strings(ps, a, methods))
		return false;
	size_t best = G_N_ELEMENTS(auth_methods);
	for (guint i = 0; i < methods->len; i++) {
		size_t m;
		for (m = 0; m < G_N_ELEMENTS(auth_methods); m++)
			if (g_ascii_strcasecmp(methods->pdata[i], auth_methods[m].windows) == 0)
				break;
		if (m == G_N_ELEMENTS(auth_methods) &&
		    g_ascii_strcasecmp(methods->pdata[i], "MachineCertificate") != 0)
			return import_fail(ps->error, L2SEC_IMPORT_ERROR_MALFORMED, ps->file,
			    a->line,
			    "-AuthenticationMethod: unknown method '%s'; expected Pap, Chap, "
			    "MSChapv2, Eap or MachineCertificate",
			    (const char *)methods->pdata[i]);
		if (m < best)
			best = m;
	}
	if (best == G_N_ELEMENTS(auth_methods))
		return import_fail(ps->error, L2SEC_IMPORT_ERROR_UNSUPPORTED, ps->file, a->line,
		    "-AuthenticationMethod MachineCertificate is for IKEv2; l2sec authenticates "
		    "PPP with MSChapv2, Eap, Chap or Pap");
	import_profile_set(p, "auth", auth_methods[best].l2sec);
	if (methods->len > 1) {
		g_autofree char *v = value_text(a->value);
		import_ignore(out, "AuthenticationMethod=%s (l2sec uses one protocol: %s)", v,
		    auth_methods[best].l2sec);
	}
	return true;
}

/* Set-VpnConnectionIPsecConfiguration's names to l2sec's proposal names (NULL: none in
 * IKEv1/ESP that l2sec offers; "" for the integrity of an AEAD cipher). */
typedef struct WinName {
	const char *windows, *l2sec;
} WinName;

static const WinName ike_encr[] = {{"AES128", "aes128"}, {"AES192", "aes192"}, {"AES256", "aes256"},
    {"DES3", "3des"}, {"DES", NULL}, {"GCMAES128", NULL}, {"GCMAES256", NULL}, {NULL, NULL}};
static const WinName ike_integ[] = {
    {"SHA1", "sha1"}, {"SHA256", "sha256"}, {"SHA384", "sha384"}, {"MD5", "md5"}, {NULL, NULL}};
static const WinName ike_group[] = {{"Group2", "modp1024"}, {"Group14", "modp2048"},
    {"ECP256", "ecp256"}, {"ECP384", "ecp384"}, {"Group1", NULL}, {"Group24", NULL}, {"None", NULL},
    {NULL, NULL}};
static const WinName esp_cipher[] = {{"AES128", "aes128"}, {"AES192", "aes192"},
    {"AES256", "aes256"}, {"DES3", "3des"}, {"GCMAES128", "aes128gcm16"},
    {"GCMAES192", "aes192gcm16"}, {"GCMAES256", "aes256gcm16"}, {"DES", NULL}, {"None", NULL},
    {NULL, NULL}};
static const WinName esp_auth[] = {{"SHA196", "sha1"}, {"SHA256128", "sha256"}, {"MD596", "md5"},
    {"GCMAES128", ""}, {"GCMAES192", ""}, {"GCMAES256", ""}, {"None", NULL}, {NULL, NULL}};
static const WinName pfs_group[] = {{"None", "no"}, {"PFS2", "modp1024"}, {"PFS2048", "modp2048"},
    {"ECP256", "ecp256"}, {"ECP384", "ecp384"}, {"PFSMM", "(main mode)"}, {"PFS1", NULL},
    {"PFS24", NULL}, {NULL, NULL}};

static const struct {
	const char *param;
	const WinName *names;
} ipsec_names[] = {
    {"EncryptionMethod", ike_encr},
    {"IntegrityCheckMethod", ike_integ},
    {"DHGroup", ike_group},
    {"CipherTransformConstants", esp_cipher},
    {"AuthenticationTransformConstants", esp_auth},
    {"PfsGroup", pfs_group},
};

/* IPsec parameter i: *ret_word as written (NULL when absent) and its l2sec name. */
static bool
ipsec_word(Ps *ps, GHashTable *ipsec, size_t i, const char **ret_word, const char **ret)
{
	const PsArg *a = param(ipsec, ipsec_names[i].param);
	*ret_word = NULL;
	*ret = NULL;
	if (a == NULL)
		return true;
	const char *w;
	if (!arg_string(ps, a, &w))
		return false;
	for (const WinName *n = ipsec_names[i].names; n->windows != NULL; n++)
		if (g_ascii_strcasecmp(n->windows, w) == 0) {
			*ret_word = w;
			*ret = n->l2sec;
			return true;
		}
	GString *known = g_string_new(NULL);
	for (const WinName *n = ipsec_names[i].names; n->windows != NULL; n++)
		g_string_append_printf(known, "%s%s", known->len > 0 ? ", " : "", n->windows);
	import_fail(ps->error, L2SEC_IMPORT_ERROR_MALFORMED, ps->file, a->line,
	    "-%s: unknown value '%s'; expected %s", ipsec_names[i].param, w, known->str);
	g_string_free(known, TRUE);
	return false;
}

static bool
map_ipsec(Ps *ps, const PsConn *conn, ImportProfile *p, L2secImport *out)
{
	GHashTable *t = conn->ipsec;
	if (g_hash_table_size(t) == 0)
		return true;
	unsigned line = param(t, "ConnectionName")->line;
	const PsArg *revert = param(t, "RevertToDefault");
	bool rv = false;
	if (revert != NULL && !arg_bool(ps, revert, &rv))
		return false;
	if (rv)
		return true; /* Windows' defaults: l2sec's default proposals */
	const char *w[G_N_ELEMENTS(ipsec_names)], *v[G_N_ELEMENTS(ipsec_names)];
	for (size_t i = 0; i < G_N_ELEMENTS(ipsec_names); i++)
		if (!ipsec_word(ps, t, i, &w[i], &v[i]))
			return false;
	g_autoptr(GError) inner = NULL;
	/* phase 1: encryption-integrity-group */
	if (w[0] != NULL || w[1] != NULL || w[2] != NULL) {
		if (w[0] == NULL || w[1] == NULL || w[2] == NULL)
			import_ignore(out,
			    "Set-VpnConnectionIPsecConfiguration (line %u: needs "
			    "-EncryptionMethod, -IntegrityCheckMethod and -DHGroup "
			    "together; ike-proposals stays default)",
			    line);
		else if (v[0] == NULL || v[1] == NULL || v[2] == NULL)
			import_ignore(out,
			    "EncryptionMethod=%s,IntegrityCheckMethod=%s,DHGroup=%s "
			    "(no IKEv1 proposal l2sec offers; ike-proposals stays "
			    "default)",
			    w[0], w[1], w[2]);
		else {
			g_autofree char *ike = g_strdup_printf("%s-%s-%s", v[0], v[1], v[2]);
			if (import_proposals_ok(true, ike, &inner))
				import_profile_set(p, "ike-proposals", ike);
			else
				import_ignore(out, "ike-proposals=%s (%s; it stays default)", ike,
				    inner->message);
		}
	}
	/* phase 2: cipher-integrity, or an AEAD cipher alone */
	g_clear_error(&inner);
	if (w[3] != NULL || w[4] != NULL) {
		bool aead = v[3] != NULL && strstr(v[3], "gcm") != NULL;
		if (w[3] == NULL || (w[4] == NULL && !aead))
			import_ignore(out,
			    "Set-VpnConnectionIPsecConfiguration (line %u: needs "
			    "-CipherTransformConstants and "
			    "-AuthenticationTransformConstants together; esp-proposals "
			    "stays default)",
			    line);
		else if (v[3] == NULL || (!aead && (v[4] == NULL || *v[4] == '\0')))
			import_ignore(out,
			    "CipherTransformConstants=%s,"
			    "AuthenticationTransformConstants=%s (no ESP proposal "
			    "l2sec offers; esp-proposals stays default)",
			    w[3], w[4] != NULL ? w[4] : "");
		else {
			g_autofree char *esp =
			    aead ? g_strdup(v[3]) : g_strdup_printf("%s-%s", v[3], v[4]);
			if (import_proposals_ok(false, esp, &inner))
				import_profile_set(p, "esp-proposals", esp);
			else
				import_ignore(out, "esp-proposals=%s (%s; it stays default)", esp,
				    inner->message);
		}
	}
	/* PFS in Quick Mode */
	if (w[5] != NULL) {
		const char *g = v[5];
		if (g != NULL && strcmp(g, "(main mode)") == 0)
			g = v[2]; /* PFSMM: the main mode group */
		if (g == NULL)
			import_ignore(
			    out, "PfsGroup=%s (no group l2sec offers; pfs stays no)", w[5]);
		else if (strcmp(g, "no") != 0)
			import_profile_set(p, "pfs", g);
	}
	return true;
}

static bool
map_conn(Ps *ps, const PsConn *conn, ImportProfile *p, L2secImport *out)
{
	GHashTable *t = conn->params;
	import_profile_set(p, "description", conn->name);
	const PsArg *a;
	const char *s;
	bool b;
	if ((a = param(t, "ServerAddress")) == NULL)
		return import_fail(ps->error, L2SEC_IMPORT_ERROR_MALFORMED, ps->file, conn->line,
		    "Add-VpnConnection -Name %s has no -ServerAddress", conn->name);
	if (!arg_string(ps, a, &s))
		return false;
	L2secGatewayKind kind;
	g_autofree char *gw = NULL;
	g_autoptr(GError) inner = NULL;
	if (!l2sec_profile_parse_gateway(s, &kind, &gw, &inner))
		return import_fail(ps->error, L2SEC_IMPORT_ERROR_MALFORMED, ps->file, a->line,
		    "-ServerAddress %s: %s", s, inner->message);
	import_profile_set(p, "gateway", gw);

	if ((a = param(t, "L2tpPsk")) != NULL) {
		if (!arg_string(ps, a, &s))
			return false;
		if (!import_profile_set(p, "psk", s)) {
			g_autofree char *stem = import_file_stem(conn->name);
			g_autofree char *file = g_strconcat(stem, ".psk", NULL);
			import_profile_set(p, "psk-file", file);
			import_missing(out, "psk");
			import_note(out,
			    "the -L2tpPsk of the script cannot be written in a profile "
			    "line (it starts with '#' or holds control characters): "
			    "write it to %s next to the profile (chmod 600)",
			    file);
		}
	}
	if ((a = param(t, "AuthenticationMethod")) != NULL && !map_auth(ps, a, p, out))
		return false;
	if ((a = param(t, "SplitTunneling")) != NULL) {
		if (!arg_bool(ps, a, &b))
			return false;
		if (b)
			import_profile_set(p, "default-route", "no");
	}
	if ((a = param(t, "EncryptionLevel")) != NULL) {
		if (!arg_string(ps, a, &s))
			return false;
		if (g_ascii_strcasecmp(s, "NoEncryption") == 0)
			import_ignore(
			    out, "EncryptionLevel=%s (l2sec always encrypts with IPsec ESP)", s);
		else if (g_ascii_strcasecmp(s, "Optional") != 0 &&
			 g_ascii_strcasecmp(s, "Required") != 0 &&
			 g_ascii_strcasecmp(s, "Maximum") != 0 &&
			 g_ascii_strcasecmp(s, "Custom") != 0)
			return import_fail(ps->error, L2SEC_IMPORT_ERROR_MALFORMED, ps->file,
			    a->line,
			    "-EncryptionLevel: unknown value '%s'; expected NoEncryption, "
			    "Optional, "
			    "Required, Maximum or Custom",
			    s);
	}
	/* what has no l2sec equivalent */
	static const struct {
		const char *name, *why;
	} unmapped[] = {
	    {"RememberCredential", "l2sec keeps the password in password-file"},
	    {"UseWinlogonCredential", "l2sec has no Windows logon"},
	    {"AllUserConnection", "l2sec profiles are system-wide"},
	    {"DnsSuffix", "no l2sec setting for a DNS suffix"},
	    {"IdleDisconnectSeconds", "l2sec stays connected"},
	    {"EapConfigXmlStream", "pppd chooses the EAP method"},
	    {"MachineCertificateEKUFilter", "certificates are for IKEv2"},
	    {"MachineCertificateIssuerFilter", "certificates are for IKEv2"},
	    {"ServerList", "alternate servers; l2sec uses -ServerAddress"},
	    {"CustomConfiguration", "a plug-in VPN setting"},
	    {"PlugInApplicationID", "a plug-in VPN setting"},
	    {"ThirdPartyVpn", "a plug-in VPN setting"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(unmapped); i++) {
		if ((a = param(t, unmapped[i].name)) == NULL)
			continue;
		if (a->value->kind == PS_BOOL && !a->value->b)
			continue; /* -X:$false sets nothing */
		g_autofree char *v = value_text(a->value);
		import_ignore(out, "%s=%s (%s)", unmapped[i].name, v, unmapped[i].why);
	}

	/* routes */
	g_autoptr(GString) routes = g_string_new(NULL);
	for (guint i = 0; i < conn->routes->len; i++) {
		const PsArg *r = conn->routes->pdata[i];
		g_autoptr(GPtrArray) prefixes = g_ptr_array_new();
		if (!arg_strings(ps, r, prefixes))
			return false;
		for (guint j = 0; j < prefixes->len; j++) {
			L2secRoute route;
			g_clear_error(&inner);
			if (!l2sec_profile_parse_route(prefixes->pdata[j], &route, &inner))
				return import_fail(ps->error, L2SEC_IMPORT_ERROR_MALFORMED,
				    ps->file, r->line, "-DestinationPrefix %s: %s",
				    (const char *)prefixes->pdata[j], inner->message);
			g_autofree char *text = l2sec_route_to_string(&route);
			g_string_append_printf(routes, "%s%s", routes->len > 0 ? ", " : "", text);
		}
	}
	if (routes->len > 0)
		import_profile_set(p, "routes", routes->str);
	return map_ipsec(ps, conn, p, out);
}

/* The tunnel type of a connection: "L2tp", NULL when not given. */
static bool
conn_tunnel_type(Ps *ps, const PsConn *c, const char **ret)
{
	const PsArg *a = param(c->params, "TunnelType");
	*ret = NULL;
	return a == NULL || arg_string(ps, a, ret);
}

bool
l2sec_import_powershell(const L2secImportFile *f, L2secImport *out, GError **error)
{
	g_autoptr(ImportText) text = import_text_new(f, true, error);
	if (text == NULL)
		return false;
	g_autoptr(GHashTable) vars =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)ps_value_free);
	Ps ps = {.file = text->label,
	    .s = text->buf,
	    .len = text->len,
	    .line = 1,
	    .vars = vars,
	    .error = error};
	/* the lines were split in place: put the line ends back for the lexer */
	for (guint i = 0; i + 1 < text->lines->len; i++) {
		char *end = (char *)text->lines->pdata[i] + strlen(text->lines->pdata[i]);
		while (end < (char *)text->lines->pdata[i + 1] - 1)
			*end++ = '\r';
		*end = '\n';
	}
	ps.len = strlen(text->buf); /* the last line end, if any, stays cut */
	g_autoptr(GPtrArray) conns = g_ptr_array_new_with_free_func((GDestroyNotify)ps_conn_free);
	g_autoptr(GArray) toks = g_array_new(FALSE, FALSE, sizeof(Tok));
	g_array_set_clear_func(toks, tok_clear);
	for (bool eof = false; !eof;) {
		if (!next_statement(&ps, toks, &eof) || !run_statement(&ps, toks, conns, out))
			return false;
	}
	if (conns->len == 0)
		return import_fail(error, L2SEC_IMPORT_ERROR_FORMAT, text->label, 0,
		    "no Add-VpnConnection command; not a VPN connection script");

	/* the first L2TP connection: -TunnelType L2tp, or no type (Automatic) with -L2tpPsk */
	const PsConn *chosen = NULL;
	g_autoptr(GString) others = g_string_new(NULL);
	for (guint i = 0; i < conns->len; i++) {
		const PsConn *c = conns->pdata[i];
		const char *type;
		if (!conn_tunnel_type(&ps, c, &type))
			return false;
		bool l2tp = type != NULL ? g_ascii_strcasecmp(type, "L2tp") == 0
					 : param(c->params, "L2tpPsk") != NULL;
		if (type != NULL && g_ascii_strcasecmp(type, "Automatic") == 0 &&
		    param(c->params, "L2tpPsk") != NULL)
			l2tp = true;
		if (l2tp && chosen == NULL) {
			chosen = c;
			continue;
		}
		g_string_append_printf(others, "%s'%s' (line %u, -TunnelType %s)",
		    others->len > 0 ? ", " : "", c->name, c->line,
		    type != NULL ? type : "Automatic");
	}
	if (chosen == NULL) {
		const PsConn *c = conns->pdata[0];
		const char *type;
		conn_tunnel_type(&ps, c, &type);
		if (conns->len == 1)
			return import_fail(error, L2SEC_IMPORT_ERROR_UNSUPPORTED, text->label,
			    c->line,
			    "connection '%s' has -TunnelType %s; l2sec imports L2TP/IPsec "
			    "connections (-TunnelType L2tp) only",
			    c->name, type != NULL ? type : "Automatic");
		return import_fail(error, L2SEC_IMPORT_ERROR_UNSUPPORTED, text->label, c->line,
		    "no L2TP/IPsec connection (-TunnelType L2tp) among %s", others->str);
	}
	if (others->len > 0)
		import_note(out, "imported connection '%s'; the script also adds %s", chosen->name,
		    others->str);
	const char *type;
	conn_tunnel_type(&ps, chosen, &type);
	if (type == NULL || g_ascii_strcasecmp(type, "L2tp") != 0)
		import_ignore(out,
		    "TunnelType=%s (Windows tries several protocols; l2sec speaks "
		    "L2TP/IPsec with the -L2tpPsk given)",
		    type != NULL ? type : "Automatic");

	g_autoptr(ImportProfile) p = import_profile_new();
	if (!map_conn(&ps, chosen, p, out))
		return false;
	return import_profile_finish(p, text->label, chosen->name, "the script", out, error);
}
