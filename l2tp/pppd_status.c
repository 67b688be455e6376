/* pppd_status.c — see pppd_status.h. */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "common/error.h"
#include "l2tp/l2tp_error.h"
#include "l2tp/pppd-plugin/l2sec-pppd-proto.h"
#include "l2tp/pppd_status.h"

static const char *const phase_names[] = L2SEC_PPPD_PHASE_NAMES;
G_STATIC_ASSERT(G_N_ELEMENTS(phase_names) == L2SEC_PPPD_N_PHASES);
G_STATIC_ASSERT(PPPD_PHASE_MASTER + 1 == L2SEC_PPPD_N_PHASES);
G_STATIC_ASSERT(sizeof(((PppdLineReader *)0)->buf) == L2SEC_PPPD_LINE_MAX);

#define MAX_FIELDS 8

const char *
pppd_phase_name(PppdPhase phase)
{
	if ((unsigned)phase >= G_N_ELEMENTS(phase_names))
		return "unknown";
	return phase_names[phase];
}

/* pppd.h, "Exit status values" (pppd 2.4.9). */
static const struct {
	int status;
	const char *words;
	int code;
} exit_table[] = {
    {0, "exited normally", L2SEC_PPP_ERROR_EXITED},
    {1, "fatal error", L2SEC_PPP_ERROR_START},
    {2, "error in its options", L2SEC_PPP_ERROR_START},
    {3, "not run as root", L2SEC_PPP_ERROR_START},
    {4, "no PPP support in the kernel", L2SEC_PPP_ERROR_START},
    {5, "stopped by a signal", L2SEC_PPP_ERROR_EXITED},
    {6, "could not lock the device", L2SEC_PPP_ERROR_START},
    {7, "could not open the device", L2SEC_PPP_ERROR_START},
    {8, "connect script failed", L2SEC_PPP_ERROR_START},
    {9, "pty command failed", L2SEC_PPP_ERROR_START},
    {10, "PPP negotiation failed", L2SEC_PPP_ERROR_NEGOTIATION},
    {11, "the peer failed to authenticate itself", L2SEC_PPP_ERROR_EXITED},
    {12, "idle timeout", L2SEC_PPP_ERROR_EXITED},
    {13, "connect time limit reached", L2SEC_PPP_ERROR_EXITED},
    {14, "callback", L2SEC_PPP_ERROR_EXITED},
    {15, "the peer stopped answering LCP echo requests", L2SEC_PPP_ERROR_EXITED},
    {16, "the link hung up", L2SEC_PPP_ERROR_EXITED},
    {17, "the link is looped back", L2SEC_PPP_ERROR_NEGOTIATION},
    {18, "initialization failed", L2SEC_PPP_ERROR_START},
    {19, "authentication to the peer failed", L2SEC_PPP_ERROR_AUTH_FAILED},
    {20, "traffic limit reached", L2SEC_PPP_ERROR_EXITED},
    {21, "CNID authentication failed", L2SEC_PPP_ERROR_AUTH_FAILED},
};

const char *
pppd_exit_status_describe(int status)
{
	for (size_t i = 0; i < G_N_ELEMENTS(exit_table); i++)
		if (exit_table[i].status == status)
			return exit_table[i].words;
	return "unknown exit status";
}

int
pppd_exit_status_error_code(int status)
{
	for (size_t i = 0; i < G_N_ELEMENTS(exit_table); i++)
		if (exit_table[i].status == status)
			return exit_table[i].code;
	return L2SEC_PPP_ERROR_EXITED;
}

static bool bad(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static bool
bad(GError **error, const char *fmt, ...)
{
	if (error == NULL)
		return false;
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, L2SEC_PPP_ERROR, L2SEC_PPP_ERROR_EXITED, "pppd plugin: %s", msg);
	return false;
}

static bool
parse_addr(
    const char *word, const char *event, const char *field, struct in_addr *ret, GError **error)
{
	struct in_addr a;
	if (inet_pton(AF_INET, word, &a) != 1)
		return bad(error, "%s: bad %s address '%s'", event, field, word);
	*ret = a;
	return true;
}

static bool
parse_ifname(const char *word, const char *event, char *ret, GError **error)
{
	size_t n = strlen(word);
	if (n >= PPPD_IFNAME_MAX)
		return bad(error, "%s: interface name of %zu bytes, at most %d", event, n,
		    PPPD_IFNAME_MAX - 1);
	for (size_t i = 0; i < n; i++)
		if (!g_ascii_isgraph(word[i]) || word[i] == '/')
			return bad(error, "%s: bad interface name '%s'", event, word);
	memcpy(ret, word, n + 1);
	return true;
}

static bool
want_fields(unsigned n, unsigned lo, unsigned hi, const char *event, GError **error)
{
	if (n < lo || n > hi) {
		if (lo == hi)
			return bad(error, "%s: %u fields, expected %u", event, n, lo);
		return bad(error, "%s: %u fields, expected %u to %u", event, n, lo, hi);
	}
	return true;
}

bool
pppd_status_parse_line(const char *line, size_t len, PppdEvent *ret, GError **error)
{
	if (len == 0)
		return bad(error, "empty line");
	if (len >= L2SEC_PPPD_LINE_MAX)
		return bad(error, "line of %zu bytes, at most %d", len, L2SEC_PPPD_LINE_MAX - 1);
	for (size_t i = 0; i < len; i++)
		if (line[i] < 0x20 || line[i] > 0x7e)
			return bad(error, "byte %zu: not printable ASCII (0x%02x)", i,
			    (unsigned)(uint8_t)line[i]);

	/* split on single spaces; an empty field (two spaces, a leading or trailing space) is bad
	 */
	char copy[L2SEC_PPPD_LINE_MAX];
	memcpy(copy, line, len);
	copy[len] = '\0';
	const char *f[MAX_FIELDS];
	unsigned n = 0;
	char *p = copy;
	for (;;) {
		char *sp = strchr(p, ' ');
		if (sp != NULL)
			*sp = '\0';
		if (*p == '\0')
			return bad(error, "empty field in '%.*s'", (int)len, line);
		if (n == MAX_FIELDS)
			return bad(
			    error, "more than %d fields in '%.*s'", MAX_FIELDS, (int)len, line);
		f[n++] = p;
		if (sp == NULL)
			break;
		p = sp + 1;
	}
	const char *ev = f[0];
	unsigned nargs = n - 1;
	PppdEvent e = {0};

	if (strcmp(ev, L2SEC_PPPD_EV_HELLO) == 0) {
		if (!want_fields(nargs, 1, 1, ev, error))
			return false;
		if (strlen(f[1]) >= sizeof(e.version))
			return bad(error, "%s: version '%s' too long", ev, f[1]);
		e.type = PPPD_EVENT_HELLO;
		g_strlcpy(e.version, f[1], sizeof(e.version));
	} else if (strcmp(ev, L2SEC_PPPD_EV_PHASE) == 0) {
		if (!want_fields(nargs, 1, 1, ev, error))
			return false;
		size_t i;
		for (i = 0; i < G_N_ELEMENTS(phase_names); i++)
			if (strcmp(f[1], phase_names[i]) == 0)
				break;
		if (i == G_N_ELEMENTS(phase_names))
			return bad(error, "%s: unknown phase '%s'", ev, f[1]);
		e.type = PPPD_EVENT_PHASE;
		e.phase = (PppdPhase)i;
	} else if (strcmp(ev, L2SEC_PPPD_EV_AUTH_FAILED) == 0) {
		if (!want_fields(nargs, 0, 0, ev, error))
			return false;
		e.type = PPPD_EVENT_AUTH_FAILED;
	} else if (strcmp(ev, L2SEC_PPPD_EV_IP_UP) == 0) {
		if (!want_fields(nargs, 3, 5, ev, error))
			return false;
		e.type = PPPD_EVENT_IP_UP;
		if (!parse_ifname(f[1], ev, e.ifname, error) ||
		    !parse_addr(f[2], ev, "local", &e.local, error) ||
		    !parse_addr(f[3], ev, "peer", &e.peer, error))
			return false;
		for (unsigned i = 4; i < n; i++)
			if (!parse_addr(f[i], ev, "DNS", &e.dns[e.n_dns++], error))
				return false;
	} else if (strcmp(ev, L2SEC_PPPD_EV_IP_DOWN) == 0) {
		if (!want_fields(nargs, 1, 1, ev, error))
			return false;
		e.type = PPPD_EVENT_IP_DOWN;
		if (!parse_ifname(f[1], ev, e.ifname, error))
			return false;
	} else if (strcmp(ev, L2SEC_PPPD_EV_EXIT) == 0) {
		if (!want_fields(nargs, 1, 1, ev, error))
			return false;
		guint64 v;
		if (!g_ascii_string_to_unsigned(f[1], 10, 0, 255, &v, NULL) || f[1][0] == '+')
			return bad(error, "%s: bad status '%s'", ev, f[1]);
		e.type = PPPD_EVENT_EXIT;
		e.exit_status = (int)v;
	} else {
		e.type = PPPD_EVENT_UNKNOWN; /* a newer plugin: the header says ignore it */
	}
	*ret = e;
	return true;
}

void
pppd_line_reader_init(PppdLineReader *r)
{
	memset(r, 0, sizeof(*r));
}

bool
pppd_line_reader_push(PppdLineReader *r, const void *data, size_t len,
    void (*cb)(const char *line, size_t line_len, unsigned line_no, void *user_data),
    void *user_data, GError **error)
{
	const char *in = data;
	if (r->broken)
		return bad(error, "line %u: the line is too long, no more lines", r->line_no + 1);
	for (size_t i = 0; i < len; i++) {
		if (in[i] == '\n') {
			r->line_no++;
			cb(r->buf, r->len, r->line_no, user_data);
			r->len = 0;
			continue;
		}
		/* keep one byte free: a full line is at most LINE_MAX with its LF */
		if (r->len + 1 >= sizeof(r->buf)) {
			r->broken = true;
			return bad(error, "line %u: longer than %d bytes", r->line_no + 1,
			    L2SEC_PPPD_LINE_MAX - 1);
		}
		r->buf[r->len++] = in[i];
	}
	return true;
}
