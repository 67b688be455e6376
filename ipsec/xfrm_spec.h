/*
 * xfrm_spec.h — what l2sec asks of the kernel's XFRM, as plain structs: one ESP transport-mode SA
 * for the L2TP flow (udp between two hosts), or one policy for that flow. This module checks a
 * spec (addresses, SPI, algorithms the Debian 12 kernel knows, key and ICV sizes, ports, the reqid
 * and priority ranges that mark our entries) and converts it to a libnl-xfrm object; it never talks
 * to the kernel (ipsec/xfrm_install.h does).
 *
 * Ownership: a spec borrows its keys (L2secSecret, owned and wiped by the caller). The libnl SA
 * object that xfrm_sa_spec_to_nl() returns holds an UNWIPED copy of the keys (libnl frees it with
 * plain free()), as does the netlink message libnl builds from it: put it (xfrmnl_sa_put) right
 * after use, and never keep one around.
 *
 * Our entries are recognisable after a crash: every SA and policy template carries a reqid in
 * [XFRM_REQID_OURS_MIN, XFRM_REQID_OURS_MAX] and every policy a priority in
 * [XFRM_PRIORITY_OURS_MIN, XFRM_PRIORITY_OURS_MAX]; xfrm_flush_ours() removes exactly those.
 *
 * Errors: L2SEC_IKE_ERROR_INVALID, the message naming the spec and the field ("ESP SA spi
 * 0x0000c001: enc-key is 15 bytes; cbc(aes) takes 16, 24 or 32").
 */
#ifndef L2SEC_IPSEC_XFRM_SPEC_H
#define L2SEC_IPSEC_XFRM_SPEC_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>
#include <netinet/in.h>

#include "common/secret.h"

struct xfrmnl_sa;
struct xfrmnl_sp;

/* The L2TP port (RFC 2661 §8.1), the NAT-T port (RFC 3948 §2). */
#define XFRM_L2TP_PORT 1701
#define XFRM_NATT_PORT 4500

/* reqids in this range are ours ("l2" in the top bytes); xfrm_reqid_ours(n) makes the nth. */
#define XFRM_REQID_OURS_MIN 0x6c320000u
#define XFRM_REQID_OURS_MAX 0x6c32ffffu
/*
 * Policy priorities in this range are ours. Lower wins in the kernel; strongSwan's own policies
 * sit around 100000-400000 and `ip xfrm` defaults to 0, so ours take precedence over an IKE
 * daemon's generic policies but not over an administrator's explicit priority-0 ones.
 */
#define XFRM_PRIORITY_OURS_MIN 27648u /* 0x6c00 */
#define XFRM_PRIORITY_OURS_MAX 27903u /* 0x6cff */
#define XFRM_PRIORITY_DEFAULT 27664u  /* 0x6c10: the L2TP flow's policies */

/* RFC 4303 §3.4.3: a window of at least 32 packets. */
#define XFRM_REPLAY_WINDOW_DEFAULT 32u
/* Up to 32 fits the legacy replay state; larger windows go in an ESN-format replay state. */
#define XFRM_REPLAY_WINDOW_MAX 4096u

typedef struct XfrmAddr {
	int family;        /* AF_INET or AF_INET6; 0 means "not set" */
	uint8_t bytes[16]; /* 4 or 16 bytes used, network order */
} XfrmAddr;

typedef enum {
	XFRM_DIR_IN,  /* XFRM_POLICY_IN */
	XFRM_DIR_OUT, /* XFRM_POLICY_OUT */
} XfrmDir;

typedef enum {
	XFRM_ACTION_ALLOW, /* with an ESP transport template: protect */
	XFRM_ACTION_BLOCK, /* drop, no template */
} XfrmAction;

typedef struct XfrmSaSpec {
	XfrmAddr src, dst; /* the SA's endpoints, also the selector's hosts */
	uint32_t spi;      /* host order; RFC 4303 §2.1: 1-255 are reserved, 0 is none */
	uint32_t reqid;    /* XFRM_REQID_OURS_MIN..MAX, as in the policy's template */
	/* either an encryption plus an integrity algorithm ... */
	const char *enc_alg; /* "cbc(aes)", "cbc(des3_ede)" */
	const L2secSecret *enc_key;
	const char *auth_alg; /* "hmac(sha1)", "hmac(sha256)", "hmac(sha384)", "hmac(sha512)",
				 "hmac(md5)" */
	const L2secSecret *auth_key;
	unsigned auth_trunc_bits; /* 0: the RFC's value (96 for SHA-1 and MD5, half the hash for
				     SHA-2) */
	/* ... or one AEAD */
	const char *aead_alg;        /* "rfc4106(gcm(aes))" */
	const L2secSecret *aead_key; /* AES key then the 4-byte salt (RFC 4106 §8.1) */
	unsigned aead_icv_bits;      /* 64, 96 or 128; 0: 128 */
	uint32_t replay_window;      /* 0: XFRM_REPLAY_WINDOW_DEFAULT */
	/* RFC 3948 UDP encapsulation (UDP_ENCAP_ESPINUDP) when encap is true */
	bool encap;
	uint16_t encap_sport, encap_dport;
	XfrmAddr encap_oa; /* NAT original address; family 0 if none */
	/* lifetimes; 0 means none (the kernel's XFRM_INF) */
	uint64_t soft_seconds, hard_seconds, soft_bytes, hard_bytes;
	/* the selector: udp from src:sel_sport to dst:sel_dport; a port 0 is any */
	uint16_t sel_sport, sel_dport;
} XfrmSaSpec;

typedef struct XfrmPolicySpec {
	XfrmDir dir;
	XfrmAddr src, dst;     /* hosts (/32 or /128) */
	uint16_t sport, dport; /* udp ports (1701 or an ephemeral one); 0 is any */
	uint32_t priority;     /* XFRM_PRIORITY_OURS_MIN..MAX; 0: XFRM_PRIORITY_DEFAULT */
	XfrmAction action;
	uint32_t reqid; /* allow: the template's reqid (ESP, transport, level required) */
} XfrmPolicySpec;

/* The nth reqid of ours (n < 65536). */
uint32_t xfrm_reqid_ours(unsigned n);
/* Whether a reqid or a priority is in our range. */
bool xfrm_reqid_is_ours(uint32_t reqid);
bool xfrm_priority_is_ours(uint32_t priority);

/* Parse an IPv4 or IPv6 literal; errors name the field. */
bool xfrm_addr_parse(const char *field, const char *text, XfrmAddr *ret, GError **error);
/* The address as text, into buf (INET6_ADDRSTRLEN bytes); "(unset)" for family 0. */
const char *xfrm_addr_to_string(const XfrmAddr *a, char *buf, size_t bufsize);
bool xfrm_addr_equal(const XfrmAddr *a, const XfrmAddr *b);

/* Check a spec; true if the kernel should accept it. */
bool xfrm_sa_spec_validate(const XfrmSaSpec *spec, GError **error);
bool xfrm_policy_spec_validate(const XfrmPolicySpec *spec, GError **error);

/* "ESP SA spi 0x0000c001 192.0.2.2 -> 192.0.2.1", "policy out udp 192.0.2.2:1701 ->
 * 192.0.2.1:1701"; free it. */
char *xfrm_sa_spec_describe(const XfrmSaSpec *spec);
char *xfrm_policy_spec_describe(const XfrmPolicySpec *spec);

/* A copy that borrows nothing: the key pointers are cleared (for undo lists). */
XfrmSaSpec xfrm_sa_spec_without_keys(const XfrmSaSpec *spec);

/*
 * Validate and convert to libnl objects. The SA holds an unwiped key copy: xfrmnl_sa_put() it at
 * once. The _id variants carry only what a delete needs (SA: dst, SPI, proto; policy: direction
 * and selector), and no key.
 */
struct xfrmnl_sa *xfrm_sa_spec_to_nl(const XfrmSaSpec *spec, GError **error);
struct xfrmnl_sa *xfrm_sa_spec_to_nl_id(const XfrmSaSpec *spec, GError **error);
struct xfrmnl_sp *xfrm_policy_spec_to_nl(const XfrmPolicySpec *spec, GError **error);
struct xfrmnl_sp *xfrm_policy_spec_to_nl_id(const XfrmPolicySpec *spec, GError **error);

#endif
