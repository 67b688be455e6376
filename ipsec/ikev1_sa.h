/*
 * ikev1_sa.h — the IKEv1 initiator as a sans-I/O state machine: one ISAKMP
 * SA (Main Mode with a pre-shared key, RFC 2409 §5, §5.4) and the ESP
 * transport SA pair for L2TP it negotiates (Quick Mode, §5.5), with NAT-T
 * (RFC 3947), Informational exchanges (RFC 2408 §4.8, RFC 2409 §5.7) and DPD
 * (RFC 3706), and the ESP rekey: at 90 % of the pair's lifetime (the shorter of
 * ours and the server's) a new Quick Mode; its INSTALL_ESP comes before the
 * Delete to the server and the DELETE_ESP of the old pair (make-before-break).
 * Phase 1 is not re-authenticated yet. The machine takes events — start, a received datagram, a
 * timer expiry, close — each with the caller's monotonic `now_ms`, and
 * appends actions to an IkeV1Actions list for the edge: datagrams to send,
 * the timer to arm, SAs to install or delete, success or failure. It opens
 * no socket, reads no clock and draws randomness only through the
 * config's RNG callback.
 *
 * Ownership: the SA copies the config (the PSK into a wiped secret; the
 * proposal arrays by reference). Actions own what they carry (keys are
 * L2secSecret, wiped); ikev1_actions_free() frees them. After a FAILED or
 * CLOSED action, further events do nothing. Errors in FAILED actions use
 * L2SEC_IKE_ERROR: MALFORMED (a reply that does not decode, naming the
 * message and byte), INVALID (a reply that breaks a rule), NO_PROPOSAL_CHOSEN,
 * AUTH_FAILED (PSK mismatch), NOTIFY (another error notify), TIMEOUT.
 * Replies with the wrong cookies, unprotected or wrongly hashed
 * Informationals (CVE-2019-10155) and exact repeats are ignored (logged at
 * debug); a repeat of the reply we answered makes us resend our answer once.
 * IPv4 only for now.
 */
#ifndef L2SEC_IPSEC_IKEV1_SA_H
#define L2SEC_IPSEC_IKEV1_SA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "common/secret.h"
#include "ipsec/ike_proposal.h"

#define IKEV1_PORT 500
#define IKEV1_NATT_PORT 4500
#define IKEV1_L2TP_PORT 1701

/* Fill buf with len random bytes (production: RAND_bytes, aborting on failure). */
typedef void (*IkeV1Rng)(void *buf, size_t len, void *user_data);

typedef struct IkeV1Config {
	uint8_t local_addr[4], remote_addr[4]; /* IPv4, network order */
	uint16_t local_port;                   /* our IKE port, normally 500 */
	uint16_t remote_port;                  /* the server's, normally 500 */
	const L2secSecret *psk;                /* copied */
	GPtrArray *ike_proposals; /* of IkeProposal (ike_proposal_parse_ike), referenced */
	GPtrArray *esp_proposals; /* of EspProposal (ike_proposal_parse_esp), referenced */
	uint8_t local_id_type;    /* 0: ID_IPV4_ADDR of local_addr (RFC 2407 §4.6.2.1 type) */
	const uint8_t *local_id;  /* its data when local_id_type is set */
	size_t local_id_len;
	uint8_t remote_id_type;   /* 0: any; else the server's Main Mode 6 ID must be this type ... */
	const uint8_t *remote_id; /* ... with this data (AUTH_FAILED otherwise) */
	size_t remote_id_len;
	uint16_t l2tp_local_port;     /* 0: 1701; an ephemeral port is fine (Apple's clients) */
	uint16_t l2tp_remote_port;    /* 0: 1701 */
	uint32_t ike_lifetime_s;      /* 0: 28800 */
	uint32_t esp_lifetime_s;      /* 0: 3600 */
	unsigned pfs_group;           /* IkeDhGroup for Quick Mode PFS, 0: none */
	bool force_encap;             /* pretend a NAT: UDP-encapsulate ESP even without one */
	uint32_t retransmit_first_ms; /* 0: 1000, doubled on each resend */
	uint32_t retransmit_total_ms; /* 0: 30000, then TIMEOUT */
	bool no_dpd;                  /* never send R-U-THERE, even when the server does DPD
				       * (we still answer the server's) */
	uint32_t dpd_idle_ms;         /* 0: 30000 of silence before an R-U-THERE */
	uint32_t dpd_retry_ms;        /* 0: 5000 between unanswered R-U-THEREs */
	unsigned dpd_max_misses;      /* 0: 5 unanswered, then PEER_DEAD */
	uint32_t natt_keepalive_ms;   /* 0: 20000 between NAT keepalives once UP behind a NAT */
	IkeV1Rng rng;
	void *rng_data;
} IkeV1Config;

typedef enum {
	IKEV1_ACTION_SEND,          /* send `bytes` from local_port to remote_port (also the
				     * 1-byte 0xFF NAT keepalive, RFC 3948 §2.3, without marker) */
	IKEV1_ACTION_TIMER,         /* (re)arm the single timer at deadline_ms; 0 disarms */
	IKEV1_ACTION_ESTABLISHED,   /* Main Mode done: `ike` says what was agreed */
	IKEV1_ACTION_INSTALL_ESP,   /* Quick Mode done: install `esp` (inbound and outbound); again
				     * after each rekey, with new SPIs */
	IKEV1_ACTION_DELETE_ESP,    /* remove the pair with these SPIs (esp->spi_in/out) */
	IKEV1_ACTION_PEER_DEAD,     /* DPD: the server stopped answering */
	IKEV1_ACTION_SERVER_DELETE, /* the server deleted the IKE SA or the ESP SAs (`reason`) */
	IKEV1_ACTION_FAILED,        /* `error` says why; the SA is dead */
	IKEV1_ACTION_CLOSED,        /* close finished (Deletes sent) */
} IkeV1ActionType;

typedef struct IkeV1Established {
	char *proposal;  /* "aes256-sha256-modp2048" */
	bool nat_local;  /* we are behind a NAT (or force_encap) */
	bool nat_remote; /* the server is */
	bool natt;       /* NAT-T agreed (RFC 3947 or a draft) */
	bool peer_dpd;   /* the server sent the DPD VID */
	bool peer_fragmentation;
	uint32_t lifetime_s;
} IkeV1Established;

/* One ESP transport SA pair for udp L2TP, as linux/xfrm.h wants it. */
typedef struct IkeV1EspSa {
	uint32_t spi_in, spi_out; /* host order; in = ours, out = the server's */
	uint8_t local_addr[4], remote_addr[4];
	uint16_t l2tp_local_port, l2tp_remote_port; /* selectors: udp ports */
	bool encap;                                 /* UDP encapsulation (RFC 3948) */
	uint16_t encap_sport, encap_dport;          /* 4500 / 4500 normally */
	uint8_t nat_oa[4];     /* the server's original address when NATed (its NAT-OA) */
	const char *enc_alg;   /* xfrm name: "cbc(aes)", "rfc4106(gcm(aes))"... */
	unsigned enc_key_bits; /* GCM: key plus 32-bit salt */
	unsigned icv_bits;     /* AEAD ICV (128 for GCM), 0 otherwise */
	const char *auth_alg;  /* "hmac(sha1)"...; NULL for AEAD */
	unsigned auth_key_bits, auth_trunc_bits;
	L2secSecret *enc_key_in, *enc_key_out;   /* GCM: key then 4-byte salt */
	L2secSecret *auth_key_in, *auth_key_out; /* NULL for AEAD */
	uint32_t lifetime_s;                     /* the shorter of ours and the server's */
	char *proposal;                          /* "aes128gcm16" for logs */
} IkeV1EspSa;

typedef struct IkeV1Action {
	IkeV1ActionType type;
	GBytes *bytes;         /* SEND: the ISAKMP message (without the non-ESP marker) */
	uint16_t local_port;   /* SEND: 500, or 4500 after the float */
	uint16_t remote_port;  /* SEND: the server's 500 or 4500 */
	bool non_esp_marker;   /* SEND: on port 4500, prefix 4 zero bytes (RFC 3948 §2.2) */
	uint64_t deadline_ms;  /* TIMER */
	IkeV1Established *ike; /* ESTABLISHED */
	IkeV1EspSa *esp;       /* INSTALL_ESP, DELETE_ESP (SPIs only for DELETE) */
	char *reason;          /* SERVER_DELETE, PEER_DEAD */
	GError *error;         /* FAILED */
} IkeV1Action;

/* A list of actions (GArray of IkeV1Action) that frees what they hold. */
typedef GArray IkeV1Actions;
IkeV1Actions *ikev1_actions_new(void);
void ikev1_actions_free(IkeV1Actions *actions);
/* The nth action of a type, or NULL (tests and the edge). */
const IkeV1Action *ikev1_actions_find(const IkeV1Actions *actions, IkeV1ActionType type, guint nth);
const char *ikev1_action_name(IkeV1ActionType type);

typedef struct IkeV1Sa IkeV1Sa;

/* Check the config and make an SA that has done nothing yet. */
IkeV1Sa *ikev1_sa_new(const IkeV1Config *config, GError **error);
void ikev1_sa_free(IkeV1Sa *sa);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(IkeV1Sa, ikev1_sa_free)

/* Event: start Main Mode (send message 1 and arm the retransmit timer). */
void ikev1_sa_start(IkeV1Sa *sa, uint64_t now_ms, IkeV1Actions *out);
/* Event: a datagram from the server (non-ESP marker already removed). */
void ikev1_sa_receive(
    IkeV1Sa *sa, uint64_t now_ms, const void *data, size_t len, IkeV1Actions *out);
/* Event: the timer armed by the last TIMER action fired (late or early calls are fine). */
void ikev1_sa_timer(IkeV1Sa *sa, uint64_t now_ms, IkeV1Actions *out);
/* Event: tear down: Delete the ESP SAs and the ISAKMP SA (RFC 2409 §5.7), then CLOSED. */
void ikev1_sa_close(IkeV1Sa *sa, uint64_t now_ms, IkeV1Actions *out);

/* "MM_SENT1", "ESTABLISHED"... for logs and tests. */
const char *ikev1_sa_state_name(const IkeV1Sa *sa);
/* True once the ESP pair is installed (Quick Mode done). */
bool ikev1_sa_is_up(const IkeV1Sa *sa);
/* The one reason the SA failed or was closed by the server (NULL while it is fine). */
const char *ikev1_sa_reason(const IkeV1Sa *sa);

/*
 * Wiring (the socket edge and the supervisor):
 *   sa = ikev1_sa_new(&cfg, &err); acts = ikev1_actions_new();
 *   ikev1_sa_start(sa, now_ms(), acts); run(acts);
 *   on a datagram on 500, or on 4500 classified ISAKMP_UDP_ENCAP_IKE (marker skipped):
 *       ikev1_sa_receive(sa, now_ms(), buf, len, acts); run(acts);
 *   when the TIMER deadline passes: ikev1_sa_timer(sa, now_ms(), acts); run(acts);
 *   to disconnect: ikev1_sa_close(sa, now_ms(), acts); run(acts);
 * where run() performs each action in order (SEND from local_port to
 * remote_port, prefixing the marker when non_esp_marker; TIMER re-arms the one
 * timer, 0 cancels it; INSTALL_ESP/DELETE_ESP go to XFRM; FAILED, PEER_DEAD,
 * SERVER_DELETE and CLOSED end the connection) and then empties the list
 * (g_array_set_size(acts, 0)).
 */

#endif
