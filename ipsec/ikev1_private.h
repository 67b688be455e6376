/*
 * ikev1_private.h — what the IKEv1 exchange files (ikev1_sa.c,
 * ikev1_main_mode.c, ikev1_quick_mode.c, ikev1_info.c) share: the SA
 * context, the events, the table row type and the helpers that append
 * actions. Not for other modules: they use ikev1_sa.h.
 */
#ifndef L2SEC_IPSEC_IKEV1_PRIVATE_H
#define L2SEC_IPSEC_IKEV1_PRIVATE_H

#include "ipsec/ikev1_codec.h"
#include "ipsec/ikev1_crypt.h"
#include "ipsec/ikev1_natd.h"
#include "ipsec/ikev1_sa.h"

#define IKEV1_NONCE_LEN 32 /* strongSwan and libreswan send 32 (notes/ike.md §5) */
#define IKEV1_SPI_LEN 4

typedef enum {
	IKEV1_IDLE,
	IKEV1_MM_SENT1, /* SA VIDs -->, waiting for <-- SA VIDs */
	IKEV1_MM_SENT3, /* KE Ni NAT-D -->, waiting for <-- KE Nr NAT-D */
	IKEV1_MM_SENT5, /* [ID HASH_I] -->, waiting for <-- [ID HASH_R] */
	IKEV1_QM_SENT1, /* [HASH(1) SA Ni IDci IDcr] -->, waiting for [HASH(2) ...] */
	IKEV1_UP,       /* ESP pair installed */
	IKEV1_CLOSED,
	IKEV1_FAILED,
} IkeV1State;

typedef enum {
	IKEV1_EV_START,
	IKEV1_EV_MAIN,  /* a Main Mode message */
	IKEV1_EV_QUICK, /* a Quick Mode message with our message ID */
	IKEV1_EV_INFO,  /* an Informational */
	IKEV1_EV_CLOSE,
} IkeV1Event;

/* What an action did: go to the row's next state, stay (message ignored), or fail. */
typedef enum {
	IKEV1_STEP_NEXT,
	IKEV1_STEP_STAY,
	IKEV1_STEP_FAIL,
} IkeV1Step;

typedef IkeV1Step IkeV1Handler(
    IkeV1Sa *sa, const IsakmpMessage *msg, uint64_t now_ms, IkeV1Actions *out, GError **error);

typedef struct IkeV1Row {
	IkeV1State state;
	IkeV1Event event;
	IkeV1Handler *action;
	IkeV1State next;
} IkeV1Row;

/* The NAT-T flavour agreed from the peer's VIDs (RFC 3947 §3.1; drafts use other numbers). */
typedef enum {
	IKEV1_NATT_NONE,
	IKEV1_NATT_DRAFT, /* NAT-D 130, NAT-OA 131, UDP-Transport 61444 */
	IKEV1_NATT_RFC,   /* NAT-D 20, NAT-OA 21, UDP-Transport 4 */
} IkeV1Natt;

struct IkeV1Sa {
	IkeV1Config cfg;
	L2secSecret *psk;
	IkeV1State state;
	char *reason; /* the one reason string for the final error */

	uint8_t icookie[IKEV1_COOKIE_LEN], rcookie[IKEV1_COOKIE_LEN];
	uint16_t port_local, port_remote; /* 500/500, 4500/4500 after the float */
	bool marker;                      /* non-ESP marker on sends */

	/* Main Mode */
	GByteArray *sai_b; /* our SA payload body, for HASH_I/HASH_R */
	const IkeProposal *chosen;
	uint32_t ike_lifetime_s;
	IkeDh *dh;
	uint8_t ni[IKEV1_NONCE_LEN];
	GBytes *nr;
	GBytes *gxr;
	IkeV1Keys *keys;
	uint8_t iv[IKE_CIPHER_MAX_BLOCK];            /* phase-1 CBC chain */
	uint8_t p1_last_block[IKE_CIPHER_MAX_BLOCK]; /* after Main Mode 6: seeds phase-2 IVs */
	IkeV1Natt natt;
	bool nat_local, nat_remote;
	bool peer_dpd, peer_frag;

	/* Quick Mode */
	uint32_t qm_msgid;
	uint8_t qm_iv[IKE_CIPHER_MAX_BLOCK];
	uint32_t spi_in, spi_out; /* the installed pair (when esp_up) */
	uint32_t qm_spi_in;       /* our SPI offered in the Quick Mode in flight */
	uint8_t qm_ni[IKEV1_NONCE_LEN];
	IkeDh *qm_dh;
	bool esp_up;
	uint8_t peer_nat_oa[4];

	/* retransmission (RFC 2408 §5, libreswan/strongSwan backoff) */
	GBytes *last_sent;
	const char *last_sent_what; /* "Main Mode message 1" */
	bool rtx_active;
	uint64_t rtx_start_ms, rtx_next_ms;
	uint32_t rtx_interval_ms;
	GBytes *last_received;
	bool dup_answered;

	/* DPD (RFC 3706) */
	bool dpd_active, dpd_waiting;
	uint32_t dpd_seq;
	unsigned dpd_misses;
	uint64_t dpd_next_ms;

	/* ESP rekey: a new Quick Mode at 90 % of the pair's lifetime; the new pair is installed
	 * before the old one is deleted (make-before-break) */
	bool rekey_active; /* a rekey is scheduled at rekey_at_ms */
	bool rekeying;     /* its Quick Mode is in flight */
	uint64_t rekey_at_ms;

	/* NAT keepalive (RFC 3948 §4): the mapping must outlive quiet periods */
	bool ka_active;
	uint64_t ka_next_ms;

	uint64_t timer_armed_ms;
};

/* The tables, one per exchange, and where their handlers live. */
extern const IkeV1Row ikev1_main_mode_table[];
extern const size_t ikev1_main_mode_table_len;
extern const IkeV1Row ikev1_quick_mode_table[];
extern const size_t ikev1_quick_mode_table_len;
extern const IkeV1Row ikev1_info_table[];
extern const size_t ikev1_info_table_len;

/* ikev1_sa.c: actions and plumbing */
void ikev1_emit_send(IkeV1Sa *sa, IkeV1Actions *out, GByteArray *msg, const char *what,
    bool expect_reply, uint64_t now_ms);
void ikev1_emit(IkeV1Actions *out, const IkeV1Action *a);
void ikev1_rng(IkeV1Sa *sa, void *buf, size_t len);
uint32_t ikev1_random_msgid(IkeV1Sa *sa);
/* The ISAKMP header for a message of ours. */
/* Our header for a message of this exchange (next payload and length filled in when built). */
void ikev1_header_init(const IkeV1Sa *sa, uint8_t exchange, uint32_t msgid, IsakmpHeader *ret);
/*
 * Encrypt a message body (first payload `first`) under our header for this
 * exchange and message ID into w; iv is the CBC IV in, the last ciphertext
 * block out (RFC 2409 App. B).
 */
bool ikev1_encrypt_body(IkeV1Sa *sa, uint8_t exchange, uint32_t msgid, uint8_t *iv, const GByteArray *body,
    uint8_t first, GByteArray *w, GError **error);
/* The raw body (after the generic header) of a decoded payload in plaintext `plain` (offsets from
 * 28). */
const uint8_t *ikev1_raw_body(
    const uint8_t *plain, size_t plain_len, const IsakmpPayload *p, size_t *ret_len);
/* Append p to the builder and clear it. */
void ikev1_add(IsakmpBuilder *b, IsakmpPayload *p);
/* A DH pair whose private key comes from the SA's RNG. */
IkeDh *ikev1_dh_new(IkeV1Sa *sa, IkeDhGroup group, GError **error);
/* "192.0.2.1:500" */
char *ikev1_peer_string(const IkeV1Sa *sa);
/* Decrypt a phase-2 message body (QM or Informational) with this IV; fills payloads and plaintext.
 */
GArray *ikev1_decrypt_payloads(IkeV1Sa *sa, const IsakmpMessage *msg, const uint8_t *iv,
    uint8_t *ret_next_iv, uint8_t **ret_plain, size_t *ret_plain_len, GError **error);
/* True if the first payload is a HASH equal to expect (constant time). */
bool ikev1_hash_payload_ok(const GArray *payloads, const uint8_t *expect, size_t expect_len);

/* Fail the SA: DELETE_ESP if installed, FAILED with error (taken), reason kept. */
void ikev1_sa_fail(IkeV1Sa *sa, IkeV1Actions *out, GError *error);

/* Start NAT keepalives if we are behind a NAT (after the ESP pair is installed). */
void ikev1_keepalive_start(IkeV1Sa *sa, uint64_t now_ms);

/* ikev1_quick_mode.c */
bool ikev1_qm_send1(IkeV1Sa *sa, uint64_t now_ms, IkeV1Actions *out, GError **error);
/* The ESP rekey timer fired: start a new Quick Mode (the installed pair stays until it is done). */
bool ikev1_rekey_start(IkeV1Sa *sa, uint64_t now_ms, IkeV1Actions *out, GError **error);

/* ikev1_info.c */
bool ikev1_info_send(IkeV1Sa *sa, IkeV1Actions *out, IsakmpPayload *p, GError **error);
void ikev1_dpd_start(IkeV1Sa *sa, uint64_t now_ms);
void ikev1_dpd_timer(IkeV1Sa *sa, uint64_t now_ms, IkeV1Actions *out);
void ikev1_dpd_activity(IkeV1Sa *sa, uint64_t now_ms);
bool ikev1_legacy_offered_ike(const GPtrArray *list);
bool ikev1_legacy_offered_esp(const GPtrArray *list);

#endif
