/*
 * ike_connection.h — the IPsec half of one connection (edge file): runs the
 * sans-I/O IKEv1 initiator (ikev1_sa.h) on real UDP sockets (500, then 4500
 * with the non-ESP marker after the NAT-T float, UDP_ENCAP_ESPINUDP on the
 * 4500 socket so that the kernel takes ESP-in-UDP) in the caller's
 * thread-default GMainContext, and installs what it negotiates in the kernel
 * through xfrm_install.h, on one undo list.
 *
 *   start:  sockets; the outbound udp/1701 policy first (so no L2TP datagram
 *           can leave in clear, ever); Main Mode; Quick Mode; on INSTALL_ESP
 *           the inbound policy and both SAs; then `up`.
 *   rekey:  (when the SA machine asks) new ESP pair installed before the old
 *           one is deleted.
 *   close:  ike_connection_close(): Deletes sent, SAs and policies removed
 *           (undo list, reverse order); `closed` with a NULL error, then `done`.
 *   failure: IKE errors (L2SEC_IKE_ERROR: NO_PROPOSAL_CHOSEN with the offered
 *           list and the `legacy` hint, AUTH_FAILED "pre-shared key mismatch",
 *           TIMEOUT "the server did not answer", ...), the kernel refusing
 *           (L2SEC_IKE_ERROR_KERNEL), DPD declaring the peer dead, the server
 *           deleting the SA: everything installed is removed except the
 *           outbound udp/1701 policy, then `closed` with the error, once; then
 *           `done`. That policy stays until ike_connection_free(), so that
 *           whatever the L2TP side still sends meanwhile (pppd's LCP, a HELLO)
 *           is dropped by the kernel, never sent in clear: free the L2TP side
 *           first, then this.
 *
 * Each phase is logged once with its duration and handed to `phase`:
 * "IKE: phase 1 aes256-sha256-modp2048 in 412 ms (NAT-T: no)",
 * "IKE: phase 2 ESP aes256-sha256 SPIs c1a2b3c4/0badf00d in 35 ms" (plus
 * " (UDP-encapsulated, port 4500)" behind a NAT), and after each ESP rekey
 * "IKE: rekeyed ESP aes256-sha256 SPIs c1a2b3c4/0badf00d -> 5eed1e55/d00dfeed".
 * Callbacks run from the main context; they must not free the connection,
 * except `done`, the last call it makes. `closed` and `done` come from an
 * idle source after the kernel entries are gone. DPD: R-U-THERE only when
 * dpd_delay_s is set and the server advertised DPD; NAT keepalives every 20 s
 * behind a NAT. Rekey: ESP at 90 % of its lifetime (make-before-break); the
 * ISAKMP SA is not re-authenticated yet (it lives ike_lifetime_s, 8 h).
 */
#ifndef L2SEC_IPSEC_IKE_CONNECTION_H
#define L2SEC_IPSEC_IKE_CONNECTION_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <glib.h>

#include "common/secret.h"
#include "ipsec/ikev1_sa.h"
#include "ipsec/xfrm_spec.h"

typedef struct IkeConnectionConfig {
	struct in_addr server;       /* IPv4 for now */
	struct in_addr local;        /* 0.0.0.0: the source address the kernel picks for `server` */
	const L2secSecret *psk;      /* copied */
	const char *ike_proposals;   /* "default", "legacy" or a strongSwan-style list; NULL: default */
	const char *esp_proposals;   /* same */
	const char *local_id;        /* NULL: our IP address (ID_IPV4_ADDR); an IPv4 literal:
					ID_IPV4_ADDR; with '@': ID_USER_FQDN; else ID_FQDN */
	const char *remote_id;       /* NULL: not checked; else (same syntax as local_id) the
					server's Main Mode ID must be exactly this, or AUTH_FAILED */
	uint32_t ike_lifetime_s;     /* 0: the SA machine's default */
	uint32_t esp_lifetime_s;
	const char *pfs;             /* NULL: none; else a DH group name ("modp2048") */
	bool force_encap;            /* UDP-encapsulate ESP even without a NAT */
	uint32_t dpd_delay_s;        /* 0: no DPD; else idle seconds before an R-U-THERE (only
					when the server advertised DPD) */
	uint16_t l2tp_local_port;    /* 0: 1701 */
	uint16_t l2tp_remote_port;   /* 0: 1701 */
	uint32_t retransmit_total_ms; /* 0: the SA machine's default (30 s) */
} IkeConnectionConfig;

typedef struct IkeConnectionUp {
	struct in_addr local, server; /* the addresses the SAs use */
	const char *ike_proposal;     /* "aes256-sha256-modp2048" */
	const char *esp_proposal;     /* "aes256-sha256" / "aes128gcm16" */
	bool natt;                    /* ESP is UDP-encapsulated */
	uint32_t spi_in, spi_out;
	int64_t phase1_ms;            /* Main Mode: first IKE message -> Main Mode done */
	int64_t phase2_ms;            /* Quick Mode: Main Mode done -> ESP installed */
	int64_t install_ms;           /* of phase2_ms: the kernel installing the pair */
} IkeConnectionUp;

typedef struct IkeConnectionCallbacks {
	void (*up)(const IkeConnectionUp *up, void *user_data);       /* ESP installed, once */
	void (*closed)(const GError *error, void *user_data);         /* going away, why; once */
	void (*done)(void *user_data);                                /* all removed; may be NULL */
	void (*phase)(const char *line, void *user_data);             /* may be NULL */
} IkeConnectionCallbacks;

typedef struct IkeConnection IkeConnection;

/* Check the config (proposal lists, ids, pfs group) without doing anything. */
bool ike_connection_config_check(const IkeConnectionConfig *cfg, GError **error);
IkeConnection *ike_connection_new(const IkeConnectionConfig *cfg,
    const IkeConnectionCallbacks *callbacks, void *user_data, GError **error);
/*
 * Install the outbound policy, open the sockets, send Main Mode 1. False (nothing left, no
 * callback will run, ike_connection_is_done() is true) on failure.
 */
bool ike_connection_start(IkeConnection *c, GError **error);
/*
 * Delete the SAs at the server and in the kernel: `closed` (NULL, or the error if something
 * could not be removed), then `done`. The Deletes are sent and the kernel entries removed before
 * this returns; the two callbacks run from the main context afterwards (an idle source).
 * Calling it again, or after a failure, does nothing.
 */
void ike_connection_close(IkeConnection *c);
bool ike_connection_is_done(const IkeConnection *c);
/* What `up` reported, or NULL before; valid until freed. */
const IkeConnectionUp *ike_connection_get_up(const IkeConnection *c);
/* ESP byte and packet counters of the installed pair (from the kernel; after a rekey, of the
 * newest pair). False before `up` or when the kernel no longer has the SAs. */
bool ike_connection_get_counters(IkeConnection *c, uint64_t *bytes_in, uint64_t *bytes_out,
    uint64_t *packets_in, uint64_t *packets_out, GError **error);
/* Remove whatever is left (SAs, policies, sockets) and free; NULL is fine. */
void ike_connection_free(IkeConnection *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(IkeConnection, ike_connection_free)

/*
 * After a crash (kill -9) our SAs and policies stay in the kernel, so the
 * L2TP flow stays protected or blocked. The next run calls this to remove
 * every SA and policy l2sec installed (xfrm_flush_ours) before starting.
 */
bool ike_connection_flush_stale(GError **error);

/*
 * For tests: the kernel operations, the ports and the RNG can be replaced before
 * ike_connection_start(). Production uses ike_connection_xfrm_ops (xfrm_install.h on a
 * NETLINK_XFRM socket). A test's table must do what the kernel would (it may record the specs in
 * place of installing them) and must not invent results the edge did not cause.
 */
typedef struct IkeConnectionKernelOps {
	void *(*open)(void *data, GError **error); /* a handle for the calls below, NULL: error */
	void (*close)(void *k);
	bool (*policy_install)(void *k, const XfrmPolicySpec *spec, GError **error);
	/* an entry already gone counts as removed: true with *ret_gone */
	bool (*policy_remove)(void *k, const XfrmPolicySpec *spec, bool *ret_gone, GError **error);
	bool (*sa_install)(void *k, const XfrmSaSpec *spec, GError **error);
	bool (*sa_remove)(void *k, const XfrmSaSpec *spec, bool *ret_gone, GError **error);
	bool (*sa_counters)(void *k, const XfrmSaSpec *spec, uint64_t *ret_bytes,
	    uint64_t *ret_packets, GError **error);
} IkeConnectionKernelOps;

extern const IkeConnectionKernelOps ike_connection_xfrm_ops;

typedef struct IkeConnectionTestHooks {
	const IkeConnectionKernelOps *kernel; /* NULL: ike_connection_xfrm_ops */
	void *kernel_data;                    /* passed to kernel->open */
	uint16_t local_ike_port, local_natt_port;   /* 0: 500, 4500 (the sockets we bind) */
	uint16_t server_ike_port, server_natt_port; /* 0: 500, 4500 (where we send) */
	bool no_udp_encap;        /* do not set UDP_ENCAP on the NAT-T socket */
	uint32_t retransmit_first_ms; /* 0: the SA machine's default */
	IkeV1Rng rng;             /* NULL: RAND_bytes */
	void *rng_data;
} IkeConnectionTestHooks;

/* Replace the kernel, ports or RNG (tests only); before ike_connection_start(). */
void ike_connection_set_test_hooks(IkeConnection *c, const IkeConnectionTestHooks *hooks);

#endif
