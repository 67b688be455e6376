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
 *           deleting the SA: everything installed is removed, then `closed`
 *           with the error, once; then `done`.
 *
 * Each phase is logged once with its duration and handed to `phase`:
 * "IKE: phase 1 aes256-sha256-modp2048 in 412 ms (NAT-T: no)",
 * "IKE: phase 2 ESP aes256-sha256 SPIs c1a2b3c4/0badf00d in 35 ms".
 * Callbacks run from the main context; they must not free the connection.
 */
#ifndef L2SEC_IPSEC_IKE_CONNECTION_H
#define L2SEC_IPSEC_IKE_CONNECTION_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <glib.h>

#include "common/secret.h"

typedef struct IkeConnectionConfig {
	struct in_addr server;       /* IPv4 for now */
	struct in_addr local;        /* 0.0.0.0: the source address the kernel picks for `server` */
	const L2secSecret *psk;      /* copied */
	const char *ike_proposals;   /* "default", "legacy" or a strongSwan-style list; NULL: default */
	const char *esp_proposals;   /* same */
	const char *local_id;        /* NULL: our IP address (ID_IPV4_ADDR); else FQDN/user@fqdn/IP */
	const char *remote_id;       /* NULL: not checked */
	uint32_t ike_lifetime_s;     /* 0: the SA machine's default */
	uint32_t esp_lifetime_s;
	const char *pfs;             /* NULL: none; else a DH group name ("modp2048") */
	bool force_encap;            /* UDP-encapsulate ESP even without a NAT */
	uint32_t dpd_delay_s;        /* 0: no DPD */
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
	int64_t phase1_ms, phase2_ms; /* from the first IKE message */
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
/* Open the sockets, install the outbound policy, send Main Mode 1. False (nothing left) on failure. */
bool ike_connection_start(IkeConnection *c, GError **error);
/* Delete the SAs at the server and in the kernel: `closed` (NULL), then `done`. */
void ike_connection_close(IkeConnection *c);
bool ike_connection_is_done(const IkeConnection *c);
/* What `up` reported, or NULL before; valid until freed. */
const IkeConnectionUp *ike_connection_get_up(const IkeConnection *c);
/* ESP byte and packet counters of the installed pair (from the kernel). */
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

#endif
