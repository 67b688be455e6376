/*
 * profile.h — the connection profile: a GKeyFile `.conf` (DESIGN.md, "The
 * profile and the command"; every key is documented in l2sec.conf(5)). Loading
 * reads the file, checks every line and value, applies the defaults and returns
 * a plain struct; it never connects, resolves names or touches the network.
 * Secrets (psk, password, tunnel-secret) live in L2secSecret buffers, wiped on
 * free, whether written inline or read from a 0600 file named by psk-file,
 * password-file or tunnel-secret-file (relative paths are taken from the
 * profile's folder). Errors are in L2SEC_PROFILE_ERROR and read
 * "FILE:LINE: what is wrong" (or "FILE: ..." for what has no line); only the
 * first error is reported, in file order, then checks that involve several
 * keys. Non-fatal remarks go to a list of warnings in the same form.
 */
#ifndef L2SEC_CLIENT_PROFILE_H
#define L2SEC_CLIENT_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "common/secret.h"

#define L2SEC_PROFILE_ERROR (l2sec_profile_error_quark())
GQuark l2sec_profile_error_quark(void);

typedef enum {
	L2SEC_PROFILE_ERROR_IO,          /* cannot read the profile or a secret file */
	L2SEC_PROFILE_ERROR_SYNTAX,      /* a line that is not a section, key = value or comment */
	L2SEC_PROFILE_ERROR_ENCODING,    /* invalid UTF-8, NUL byte, file too large */
	L2SEC_PROFILE_ERROR_UNKNOWN,     /* unknown section or key */
	L2SEC_PROFILE_ERROR_DUPLICATE,   /* a section or key given twice */
	L2SEC_PROFILE_ERROR_VALUE,       /* a value that is not accepted */
	L2SEC_PROFILE_ERROR_MISSING,     /* a required key is absent */
	L2SEC_PROFILE_ERROR_CONFLICT,    /* keys that cannot go together */
	L2SEC_PROFILE_ERROR_PERMISSION,  /* the file or a secret file is open to other users */
} L2secProfileError;

/* A profile larger than this is refused: profiles are a few hundred bytes. */
#define L2SEC_PROFILE_MAX_SIZE (1024 * 1024)

typedef enum {
	L2SEC_GATEWAY_HOSTNAME,
	L2SEC_GATEWAY_IPV4,
	L2SEC_GATEWAY_IPV6,
} L2secGatewayKind;

typedef enum {
	L2SEC_PPP_AUTH_MSCHAP_V2,
	L2SEC_PPP_AUTH_CHAP,
	L2SEC_PPP_AUTH_PAP,
	L2SEC_PPP_AUTH_EAP,
} L2secPppAuth;

typedef enum {
	L2SEC_MPPE_NO,
	L2SEC_MPPE_YES,      /* accept MPPE if the server offers it */
	L2SEC_MPPE_REQUIRED, /* fail without MPPE */
} L2secMppe;

typedef enum {
	L2SEC_NAT_T_AUTO,  /* UDP encapsulation when NAT-D sees a NAT */
	L2SEC_NAT_T_FORCE, /* always UDP encapsulation on port 4500 */
} L2secNatTraversal;

/* One entry of [routes] routes: family AF_INET or AF_INET6, address in network order. */
typedef struct L2secRoute {
	int family;
	uint8_t addr[16]; /* 4 bytes used for AF_INET */
	unsigned prefix;  /* 0..32 or 0..128 */
} L2secRoute;

typedef struct L2secProfile {
	char *name;        /* the file name without ".conf" */
	char *path;        /* the file, or NULL when loaded from memory */
	/* [connection] */
	char *description; /* NULL when absent */
	char *gateway;
	L2secGatewayKind gateway_kind;
	/* [ipsec] */
	unsigned ike_version;   /* 1 (2 is accepted with a warning and falls back to 1) */
	L2secSecret *psk; /* inline or from psk_file; NULL with L2SEC_PROFILE_NO_SECRET_FILES */
	char *psk_file;         /* as written, NULL when psk is inline */
	char *ike_proposals;    /* "default", "legacy" or a strongSwan-style list */
	char *esp_proposals;
	char *local_id, *remote_id; /* NULL: the IP address */
	uint32_t ike_lifetime;  /* seconds */
	uint32_t esp_lifetime;  /* seconds */
	char *pfs;              /* NULL for no PFS, else a DH group name (modp2048, ecp256...) */
	L2secNatTraversal nat_traversal;
	uint32_t dpd_delay;     /* seconds, 0 = off */
	/* [l2tp] */
	uint16_t source_port;   /* 1701, or 0 for an ephemeral port */
	uint32_t hello_interval; /* seconds, 0 = off */
	L2secSecret *tunnel_secret; /* NULL: no tunnel authentication */
	char *tunnel_secret_file;
	/* [ppp] */
	char *user;
	L2secSecret *password;  /* NULL: ask on a terminal */
	char *password_file;
	L2secPppAuth auth;
	L2secMppe mppe;
	uint32_t mtu, mru;      /* 0 = auto */
	uint32_t lcp_echo_interval; /* seconds, 0 = off */
	uint32_t lcp_echo_failure;
	bool use_peer_dns;
	/* [routes] */
	bool default_route;
	GArray *routes;         /* of L2secRoute, never NULL */
	bool dns;               /* apply the DNS servers from PPP to the system resolver */
} L2secProfile;

typedef enum {
	L2SEC_PROFILE_LOAD_DEFAULT = 0,
	/* Check the syntax of psk-file, password-file and tunnel-secret-file but do not read them
	 * (the fuzzer; previews). The secrets they name stay NULL. */
	L2SEC_PROFILE_NO_SECRET_FILES = 1 << 0,
} L2secProfileLoadFlags;

/* Read and check the profile at `path`; refuse it if other users can read a secret in it.
 * Warnings (char *, "FILE:LINE: ...") are appended to `warnings` when it is not NULL. */
L2secProfile *l2sec_profile_load_file(const char *path, L2secProfileLoadFlags flags,
    GPtrArray *warnings, GError **error);
/* Check a profile held in memory; `name_for_errors` prefixes every message and gives the
 * profile's name; relative secret file paths are taken from `base_dir` (NULL: the current
 * folder). No permission checks. */
L2secProfile *l2sec_profile_load_data(const char *name_for_errors, const char *data, size_t len,
    const char *base_dir, L2secProfileLoadFlags flags, GPtrArray *warnings, GError **error);
/* The file a profile argument names: a path when it holds a '/' or ends in ".conf"; else
 * L2SEC_PROFILE_DIR/NAME.conf, unless that does not exist and NAME is a regular file here.
 * The caller frees it. */
char *l2sec_profile_resolve(const char *name_or_path);
/* Wipe the secrets and free; NULL is fine. */
void l2sec_profile_free(L2secProfile *p);

/* The words used in the file for the enums above. */
const char *l2sec_ppp_auth_to_string(L2secPppAuth a);
const char *l2sec_mppe_to_string(L2secMppe m);
const char *l2sec_nat_traversal_to_string(L2secNatTraversal n);

/* The folder of named profiles. */
#define L2SEC_PROFILE_DIR SYSCONFDIR "/l2sec/profiles"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(L2secProfile, l2sec_profile_free)

#endif
