/*
 * pppd_status.h — what l2sec's pppd plugin reports, parsed. Splits the bytes
 * read from the plugin's descriptor into lines and decodes each line of the
 * protocol in l2tp/pppd-plugin/l2sec-pppd-proto.h into a PppdEvent; names
 * pppd's exit statuses (pppd.h EXIT_*) and maps them to L2SEC_PPP_ERROR codes.
 * Pure: no sockets, no processes, no time. Errors: L2SEC_PPP_ERROR_EXITED for
 * a line that does not decode ("pppd plugin line 3: ip-up: bad local address
 * '10.0.0'"), with the line number; a caller logs it and goes on.
 */
#ifndef L2SEC_L2TP_PPPD_STATUS_H
#define L2SEC_L2TP_PPPD_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <glib.h>

typedef enum {
	PPPD_EVENT_UNKNOWN,     /* a first word this version does not know: ignore */
	PPPD_EVENT_HELLO,       /* the plugin is loaded and has the credentials */
	PPPD_EVENT_PHASE,       /* pppd entered `phase` */
	PPPD_EVENT_AUTH_FAILED, /* the peer refused our credentials */
	PPPD_EVENT_IP_UP,       /* ifname, local, peer, dns[0..n_dns) */
	PPPD_EVENT_IP_DOWN,     /* ifname */
	PPPD_EVENT_EXIT,        /* exit_status */
} PppdEventType;

/* pppd.h's PHASE_* values. */
typedef enum {
	PPPD_PHASE_DEAD,
	PPPD_PHASE_INITIALIZE,
	PPPD_PHASE_SERIALCONN,
	PPPD_PHASE_DORMANT,
	PPPD_PHASE_ESTABLISH,
	PPPD_PHASE_AUTHENTICATE,
	PPPD_PHASE_CALLBACK,
	PPPD_PHASE_NETWORK,
	PPPD_PHASE_RUNNING,
	PPPD_PHASE_TERMINATE,
	PPPD_PHASE_DISCONNECT,
	PPPD_PHASE_HOLDOFF,
	PPPD_PHASE_MASTER,
} PppdPhase;

#define PPPD_IFNAME_MAX 16 /* IFNAMSIZ, NUL included */

typedef struct PppdEvent {
	PppdEventType type;
	PppdPhase phase;              /* PHASE */
	char version[32];             /* HELLO: pppd's version */
	char ifname[PPPD_IFNAME_MAX]; /* IP_UP, IP_DOWN */
	struct in_addr local, peer;   /* IP_UP */
	struct in_addr dns[2];        /* IP_UP: n_dns of them */
	unsigned n_dns;
	int exit_status; /* EXIT: 0..255 */
} PppdEvent;

/* Decode one line (without its LF; `len` bytes, NUL bytes are an error). */
bool pppd_status_parse_line(const char *line, size_t len, PppdEvent *ret, GError **error);

/* The protocol's name of a phase ("authenticate"); "unknown" when out of range. */
const char *pppd_phase_name(PppdPhase phase);

/* Words for pppd's exit status (pppd.h EXIT_*): "authentication to the peer failed". */
const char *pppd_exit_status_describe(int status);
/*
 * The L2SEC_PPP_ERROR code for an exit status: START for option, permission and
 * kernel-support failures, AUTH_FAILED for EXIT_AUTH_TOPEER_FAILED, NEGOTIATION for
 * EXIT_NEGOTIATION_FAILED and EXIT_LOOPBACK, EXITED for the rest.
 */
int pppd_exit_status_error_code(int status);

/*
 * A line splitter for a byte stream: push what was read, then take complete
 * lines. A line longer than L2SEC_PPPD_LINE_MAX is an error (and the reader is
 * then broken: the caller stops reading).
 */
typedef struct PppdLineReader {
	char buf[256]; /* L2SEC_PPPD_LINE_MAX */
	size_t len;
	unsigned line_no; /* lines taken so far */
	bool broken;
} PppdLineReader;

void pppd_line_reader_init(PppdLineReader *r);
/*
 * Append `len` bytes; for each complete line call `cb(line, line_len, line_no,
 * user_data)` (line without its LF). False, with the reader broken, when a line
 * outgrows the buffer.
 */
bool pppd_line_reader_push(PppdLineReader *r, const void *data, size_t len,
    void (*cb)(const char *line, size_t line_len, unsigned line_no, void *user_data),
    void *user_data, GError **error);

#endif
