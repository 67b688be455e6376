/*
 * ikev1_responder.h — a minimal IKEv1 RESPONDER for tests only: Main Mode
 * PSK and Quick Mode transport ESP on the same codec and key schedule as the
 * initiator (ikev1_keys.h, ikev1_crypt.h, ikev1_natd.h), so both sides must
 * agree byte for byte. It picks the first of the initiator's transforms it
 * accepts, checks HASH_I, HASH(1), HASH(3) and every Informational's
 * HASH(1), answers a repeated message with its previous reply, and can
 * build protected Informationals (Delete, R-U-THERE) of its own. A NAT is
 * simulated by telling it the address and port it "sees" the initiator at.
 */
#ifndef L2SEC_TESTS_IKEV1_RESPONDER_H
#define L2SEC_TESTS_IKEV1_RESPONDER_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "common/secret.h"

typedef struct ResponderConfig {
	const char *psk;
	const char *ike_accept; /* proposal string, e.g. "aes256-sha256-modp2048" */
	const char *esp_accept;
	uint8_t addr[4];               /* its own address */
	uint8_t peer_addr[4];          /* where it sees the initiator (differs from it: NAT) */
	uint16_t peer_port;            /* and from which port (500 without NAT) */
	bool natt;                     /* send the RFC 3947 VID */
	bool natt_draft;               /* send draft-02\n instead */
	bool dpd;                      /* send the DPD VID */
	uint32_t responder_lifetime_s; /* RESPONDER-LIFETIME notify in QM2 when non-zero */
	bool lenient_auth;             /* answer MM6 even if HASH_I fails (to test HASH_R checks) */
	unsigned pfs_group;            /* accept this PFS group in Quick Mode (0 none) */
	uint16_t
	    mm5_notify;  /* answer a good MM5 with this error notify (protected Informational) */
	bool bad_hash_r; /* send MM6 with a wrong HASH_R */
	bool silent_mm5; /* take MM5 but do not answer (the fuzzer forges MM6) */
	bool silent_qm1; /* take QM1 but do not answer (the fuzzer forges QM2) */
	/* QM2's IDs: echo QM1's unless one of these is set */
	int qm2_idcr_port;        /* 0: echo; > 0: this port; QM2_ID_ANY_PORT: port 0 */
	uint8_t qm2_idci_addr[4]; /* non-zero: name this address in IDci */
	bool qm2_no_ids;          /* return no ID payloads */
	bool qm2_one_id;          /* return IDci only */
} ResponderConfig;

#define QM2_ID_ANY_PORT (-1)

typedef struct Responder Responder;

Responder *responder_new(const ResponderConfig *cfg);
void responder_free(Responder *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Responder, responder_free)

/* Handle one datagram (marker removed); the reply or NULL; error when it rejected it. */
GBytes *responder_handle(Responder *r, GBytes *in, GError **error);
/* A protected Informational with a Delete of the ESP SA (true) or the ISAKMP SA (false). */
GBytes *responder_delete(Responder *r, bool esp);
/* A protected R-U-THERE with this sequence number. */
GBytes *responder_r_u_there(Responder *r, uint32_t seq);
/* A copy of a protected Informational with one byte of its HASH(1) flipped after encryption. */
GBytes *responder_bad_hash_info(Responder *r);

/*
 * For the fuzzer: any body encrypted as the responder's next message would
 * be: in phase 1 (after it saw MM5: as MM6), in the Quick Mode it answers
 * (after it saw QM1: as QM2), or as a new Informational. `first` is the
 * header's Next Payload.
 */
GBytes *responder_encrypt_mm(Responder *r, uint8_t first, const uint8_t *body, size_t len);
GBytes *responder_encrypt_qm(Responder *r, uint8_t first, const uint8_t *body, size_t len);
GBytes *responder_encrypt_info(Responder *r, uint8_t first, const uint8_t *body, size_t len);
/* The body (and Next Payload) of the last message it encrypted; NULL if none. */
GBytes *responder_last_plain(Responder *r, uint8_t *ret_first);
/* A valid Informational (R-U-THERE or Delete ISAKMP) under RESPONDER_FUZZ_MSGID, for seeds. */
#define RESPONDER_FUZZ_MSGID 0x5a5a5a5bu
GBytes *responder_fuzz_info(Responder *r, bool dpd);

/* What it saw, for asserts. */
typedef struct ResponderState {
	bool mm_done, qm_done;
	unsigned quick_modes;                /* QM1s taken (a rekey is the second) */
	bool nat_seen;                       /* the initiator's NAT-D did not match what it sees */
	unsigned nat_oa_count;               /* NAT-OA payloads in QM1 */
	uint8_t nat_oa_first[4];             /* the initiator's original address */
	uint16_t qm_encap_mode;              /* the chosen transform's encapsulation mode */
	uint32_t spi_in, spi_out;            /* its own (= initiator's out), the initiator's */
	L2secSecret *keymat_in, *keymat_out; /* by the responder's direction */
	unsigned deletes_esp, deletes_isakmp;
	unsigned dpd_acks, dpd_requests;
	uint32_t last_ack_seq;
	unsigned initial_contact;
	uint8_t chosen_encap_mode;
} ResponderState;
const ResponderState *responder_state(const Responder *r);

#endif
