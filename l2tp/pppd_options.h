/*
 * pppd_options.h — what l2sec hands pppd, built without starting it: the
 * options file (one per connection, 0600, never a secret in it), the command
 * line, the default MTU, and the credentials record for the plugin's
 * descriptor (l2tp/pppd-plugin/l2sec-pppd-proto.h). pppd_launch.c starts pppd
 * with them. Errors: L2SEC_PPP_ERROR_START naming the setting ("PPP: MPPE needs
 * MS-CHAPv2"), or a G_FILE_ERROR naming the file.
 */
#ifndef L2SEC_L2TP_PPPD_OPTIONS_H
#define L2SEC_L2TP_PPPD_OPTIONS_H

#include <stdbool.h>
#include <glib.h>

#include "common/secret.h"

typedef enum {
	PPPD_MPPE_NO,      /* CCP off: no MPPE, no compression */
	PPPD_MPPE_ACCEPT,  /* CCP on: MPPE when the server asks for it */
	PPPD_MPPE_REQUIRE, /* MPPE-128 or no link */
} PppdMppe;

typedef enum {
	PPPD_AUTH_MSCHAP_V2, /* the default (DESIGN.md) */
	PPPD_AUTH_CHAP,      /* CHAP-MD5 */
	PPPD_AUTH_PAP,
	PPPD_AUTH_EAP, /* EAP-MD5 */
} PppdAuth;

/* The file descriptors pppd finds its sockets on (the launcher maps them there). */
#define PPPD_PPPOX_FD 3  /* the PPPoL2TP socket, for `pppol2tp 3` */
#define PPPD_STATUS_FD 4 /* the plugin's socketpair end, for `l2sec-fd 4` */

/* The profile's defaults (DESIGN.md; NetworkManager-l2tp uses the same) */
#define PPPD_LCP_ECHO_INTERVAL 30
#define PPPD_LCP_ECHO_FAILURE 4

typedef struct PppdLaunchConfig {
	const char *name;            /* connection name: [A-Za-z0-9._-], 1..64 bytes */
	const char *user;            /* PPP user name (not secret; no NUL, 1..255 bytes) */
	const L2secSecret *password; /* 0..255 bytes, no NUL */
	PppdAuth auth;               /* what we accept to authenticate with */
	PppdMppe mppe;               /* MPPE (MS-CHAPv2 only, unless NO) */
	int lcp_echo_interval;       /* s between LCP echoes; 0: PPPD_LCP_ECHO_INTERVAL, -1: none */
	int lcp_echo_failure;        /* unanswered echoes: dead; 0: PPPD_LCP_ECHO_FAILURE, -1: never */
	unsigned mtu;                /* 0: pppd_default_mtu(nat_t) */
	unsigned mru;                /* 0: the MTU */
	bool nat_t;                  /* ESP is UDP-encapsulated (NAT-T): 8 bytes more */
	bool debug;                  /* pppd's `debug` */
	const char *pppd_path;       /* NULL: PPPD_PATH (configure) */
	const char *plugin_path;     /* NULL: PPPD_PLUGIN_DIR "/l2sec-pppd.so" */
	const char *runtime_dir;     /* NULL: RUNSTATEDIR "/l2sec" */
	bool inherit_stdio;          /* pppd's log to our stdout/stderr (tests, --verbose) */
	const char *const *extra;    /* NULL-terminated pppd options added at the end (tests) */
} PppdLaunchConfig;

/*
 * The default MTU and MRU of the PPP interface: the largest IP packet that still
 * fits one 1500-byte Ethernet frame after L2TP, UDP, ESP (worst case of the
 * default ESP proposals) and IPv4; the arithmetic is in pppd_options.c.
 */
unsigned pppd_default_mtu(bool nat_t);

/* The text of the options file. */
char *pppd_options_render(const PppdLaunchConfig *cfg, GError **error);

/* argv for pppd (NULL-terminated), with the options file at `options_path`. */
GStrv pppd_argv_build(const PppdLaunchConfig *cfg, const char *options_path);

/* The runtime directory and the options file path for cfg (defaults applied). */
const char *pppd_runtime_dir(const PppdLaunchConfig *cfg);
char *pppd_options_path(const PppdLaunchConfig *cfg);

/*
 * Write `content` to `path`, created 0600 (the directory 0700 if missing), replacing
 * a file left there by a crash; the file is written in full or not at all.
 */
bool pppd_options_write(const char *path, const char *content, GError **error);

/* The credentials record the plugin reads first ("L2SEC1 <ulen> <plen>\n" user password). */
L2secSecret *pppd_credentials_encode(const char *user, const L2secSecret *password, GError **error);

#endif
