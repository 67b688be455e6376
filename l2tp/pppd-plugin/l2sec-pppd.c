/*
 * l2sec-pppd.c — l2sec's pppd plugin (pppd 2.4.9; plain C, errno, no GLib).
 *
 * Loaded as `plugin /path/l2sec-pppd.so l2sec-fd N`: N is an inherited end of
 * a socketpair whose other end l2sec keeps. Speaks the protocol of
 * l2sec-pppd-proto.h:
 *  - reads the user name and password once, when pppd parses `l2sec-fd`, and
 *    hands them to pppd through pap_passwd_hook and chap_passwd_hook (CHAP,
 *    MS-CHAP, MS-CHAPv2 and EAP-MD5 all take their secret from get_secret(),
 *    which asks chap_passwd_hook), with pap_check_hook and chap_check_hook
 *    saying that we have a secret, so pppd offers to authenticate without any
 *    secrets file. The password never touches argv, the environment or a file;
 *    our copy is wiped when pppd exits.
 *  - reports pppd's phases (phasechange notifier), IPCP up with interface, both
 *    addresses and the DNS servers the peer gave (ip_up_notifier, reading
 *    ipcp_gotoptions/ipcp_hisoptions), IPCP down, and pppd's exit status
 *    (exitnotify, which die() runs with the final status).
 *
 * Authentication failure: pppd 2.4.9 has no notifier for it. When the peer
 * refuses our credentials (PAP Nak, CHAP/MS-CHAPv2 Failure, EAP Failure),
 * auth_withpeer_fail() sets `status = EXIT_AUTH_TOPEER_FAILED` and closes LCP;
 * pppd then passes through the terminate/disconnect/dead phases and exits with
 * that status (pppd has `persist` off here). Some pppd versions set the status
 * just before lcp_close(), others just after, so we check `status` on every
 * phase change from terminate on and at exit, and send `auth-failed` once, the
 * first time we see it; the launcher also maps exit status 19 itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <pppd/pppd.h>
#include <pppd/fsm.h>
#include <pppd/ipcp.h>

#include "l2tp/pppd-plugin/l2sec-pppd-proto.h"

/* pppd checks this against its own version before it calls plugin_init() */
char pppd_version[] = VERSION;

#define CRED_TIMEOUT_MS 10000 /* l2sec writes the credentials before it starts pppd */

static int l2sec_fd = -1;
static int have_credentials;
static char cred_user[L2SEC_PPPD_FIELD_MAX + 1];
static char cred_password[L2SEC_PPPD_FIELD_MAX + 1];
static int auth_failed_sent;

static void
wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;
	while (n-- > 0)
		*v++ = 0;
}

/* One event line; errors (l2sec gone) are logged by pppd and otherwise ignored. */
static void send_event(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
send_event(const char *fmt, ...)
{
	char line[L2SEC_PPPD_LINE_MAX + 1];
	va_list ap;
	int n;
	size_t off = 0;

	if (l2sec_fd < 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= L2SEC_PPPD_LINE_MAX) {
		error("l2sec: event line too long, not sent");
		return;
	}
	line[n++] = '\n';
	while (off < (size_t)n) {
		ssize_t w = send(l2sec_fd, line + off, (size_t)n - off, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			warn("l2sec: cannot report to l2sec on fd %d: %m", l2sec_fd);
			return;
		}
		off += (size_t)w;
	}
}

/* Read exactly n bytes, waiting at most CRED_TIMEOUT_MS in all. */
static int
read_full(int fd, void *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		int r = poll(&pfd, 1, CRED_TIMEOUT_MS);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		ssize_t rd = read(fd, (char *)buf + got, n - got);
		if (rd < 0 && errno == EINTR)
			continue;
		if (rd < 0)
			return -1;
		if (rd == 0) {
			errno = EPIPE;
			return -1;
		}
		got += (size_t)rd;
	}
	return 0;
}

/* "L2SEC1 <ulen> <plen>\n": read byte by byte so nothing after the header is consumed */
static int
read_header(int fd, unsigned *ulen, unsigned *plen)
{
	char hdr[64];
	size_t n = 0;
	char magic[16];
	char tail;

	for (;;) {
		if (n == sizeof(hdr) - 1) {
			errno = EPROTO;
			return -1;
		}
		if (read_full(fd, &hdr[n], 1) < 0)
			return -1;
		if (hdr[n] == '\n')
			break;
		n++;
	}
	hdr[n] = '\0';
	if (sscanf(hdr, "%15s %u %u%c", magic, ulen, plen, &tail) != 3 ||
	    strcmp(magic, L2SEC_PPPD_CRED_MAGIC) != 0 || *ulen == 0 ||
	    *ulen > L2SEC_PPPD_FIELD_MAX || *plen > L2SEC_PPPD_FIELD_MAX) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}

static int
read_credentials(int fd)
{
	unsigned ulen, plen;

	if (read_header(fd, &ulen, &plen) < 0)
		return -1;
	if (read_full(fd, cred_user, ulen) < 0 || read_full(fd, cred_password, plen) < 0) {
		wipe(cred_password, sizeof(cred_password));
		return -1;
	}
	cred_user[ulen] = '\0';
	cred_password[plen] = '\0';
	if (strlen(cred_user) != ulen || strlen(cred_password) != plen) { /* a NUL inside */
		wipe(cred_password, sizeof(cred_password));
		errno = EPROTO;
		return -1;
	}
	return 0;
}

/* `l2sec-fd N` */
static int
set_l2sec_fd(char **argv)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(argv[0], &end, 10);
	if (errno != 0 || end == argv[0] || *end != '\0' || v < 3 || v > 65535) {
		option_error("l2sec-fd: '%s' is not a descriptor number", argv[0]);
		return 0;
	}
	if (fcntl((int)v, F_GETFD) < 0) {
		option_error("l2sec-fd: descriptor %ld is not open", v);
		return 0;
	}
	if (have_credentials) {
		option_error("l2sec-fd given twice");
		return 0;
	}
	/* scripts pppd runs must not inherit it (run_program closes fds too) */
	fcntl((int)v, F_SETFD, FD_CLOEXEC);
	if (read_credentials((int)v) < 0) {
		option_error("l2sec-fd: cannot read the credentials from descriptor %ld: %s", v,
		    strerror(errno));
		return 0;
	}
	l2sec_fd = (int)v;
	have_credentials = 1;
	/* our name for PAP and CHAP: pppd authenticates as `user` */
	strlcpy(user, cred_user, MAXNAMELEN);
	send_event(L2SEC_PPPD_EV_HELLO " %s", VERSION);
	return 1;
}

static option_t l2sec_options[] = {
    {.name = "l2sec-fd",
	.type = o_special,
	.addr = (void *)set_l2sec_fd,
	.description = "descriptor to take credentials from and report to l2sec on",
	.flags = OPT_PRIO},
    {.name = NULL},
};

/* get_pap_passwd() calls this with passwd == NULL to ask whether we have one */
static int
l2sec_pap_passwd(char *u, char *pw)
{
	if (!have_credentials)
		return -1; /* not ours: pppd falls back to pap-secrets */
	if (u != NULL && u != user)
		strlcpy(u, cred_user, MAXNAMELEN);
	if (pw != NULL)
		strlcpy(pw, cred_password, MAXSECRETLEN);
	return 1;
}

static int
l2sec_chap_passwd(char *u, char *pw)
{
	if (!have_credentials)
		return -1;
	(void)u; /* pppd passes our name, which set_l2sec_fd() set */
	strlcpy(pw, cred_password, MAXSECRETLEN);
	return 0;
}

static int
l2sec_check(void)
{
	return have_credentials ? 1 : -1;
}

static void
maybe_auth_failed(void)
{
	if (status == EXIT_AUTH_TOPEER_FAILED && !auth_failed_sent) {
		auth_failed_sent = 1;
		send_event(L2SEC_PPPD_EV_AUTH_FAILED);
	}
}

static void
on_phase(void *arg, int p)
{
	static const char *const names[] = L2SEC_PPPD_PHASE_NAMES;
	(void)arg;
	if (p >= 0 && p < L2SEC_PPPD_N_PHASES)
		send_event(L2SEC_PPPD_EV_PHASE " %s", names[p]);
	if (p == PHASE_TERMINATE || p == PHASE_DISCONNECT || p == PHASE_DEAD || p == PHASE_HOLDOFF)
		maybe_auth_failed();
}

static void
format_addr(u_int32_t a, char *buf, size_t n)
{
	struct in_addr in = {.s_addr = a}; /* network byte order already (ipcp.h) */
	if (inet_ntop(AF_INET, &in, buf, (socklen_t)n) == NULL)
		strlcpy(buf, "0.0.0.0", n);
}

static void
on_ip_up(void *arg, int unused)
{
	char local[INET_ADDRSTRLEN], peer[INET_ADDRSTRLEN];
	char dns[2][INET_ADDRSTRLEN + 1];
	const ipcp_options *go = &ipcp_gotoptions[0];
	const ipcp_options *ho = &ipcp_hisoptions[0];
	(void)arg;
	(void)unused;

	format_addr(go->ouraddr, local, sizeof(local));
	format_addr(ho->hisaddr, peer, sizeof(peer));
	dns[0][0] = dns[1][0] = '\0';
	for (int i = 0, n = 0; i < 2; i++) {
		if (go->dnsaddr[i] == 0)
			continue;
		dns[n][0] = ' ';
		format_addr(go->dnsaddr[i], dns[n] + 1, sizeof(dns[n]) - 1);
		n++;
	}
	send_event(L2SEC_PPPD_EV_IP_UP " %s %s %s%s%s", ifname, local, peer, dns[0], dns[1]);
}

static void
on_ip_down(void *arg, int unused)
{
	(void)arg;
	(void)unused;
	send_event(L2SEC_PPPD_EV_IP_DOWN " %s", ifname);
}

static void
on_pppd_exit(void *arg, int st)
{
	(void)arg;
	maybe_auth_failed();
	send_event(L2SEC_PPPD_EV_EXIT " %d", st & 0xff);
	wipe(cred_password, sizeof(cred_password));
	have_credentials = 0;
	if (l2sec_fd >= 0) {
		close(l2sec_fd);
		l2sec_fd = -1;
	}
}

void plugin_init(void);

void
plugin_init(void)
{
	add_options(l2sec_options);
	pap_passwd_hook = l2sec_pap_passwd;
	chap_passwd_hook = l2sec_chap_passwd;
	pap_check_hook = l2sec_check;
	chap_check_hook = l2sec_check;
	add_notifier(&phasechange, on_phase, NULL);
	add_notifier(&ip_up_notifier, on_ip_up, NULL);
	add_notifier(&ip_down_notifier, on_ip_down, NULL);
	add_notifier(&exitnotify, on_pppd_exit, NULL);
}
