/*
 * Unit tests for ipsec/xfrm_spec.c: spec checks and their error messages, and the netlink
 * requests that libnl-xfrm builds from our objects (built, never sent), checked field by field
 * against <linux/xfrm.h>.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <cmocka.h>

#include <linux/xfrm.h>
#include <netlink/msg.h>
#include <netlink/xfrm/sa.h>
#include <netlink/xfrm/sp.h>

#include "ipsec/ike_error.h"
#include "ipsec/xfrm_spec.h"

static L2secSecret *key16, *key20, *key32, *key15, *key36, *key24;

static int
setup(void **state)
{
	(void)state;
	uint8_t buf[64];
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(0xa0 + i);
	key15 = l2sec_secret_new(buf, 15);
	key16 = l2sec_secret_new(buf, 16);
	key20 = l2sec_secret_new(buf, 20);
	key24 = l2sec_secret_new(buf, 24);
	key32 = l2sec_secret_new(buf, 32);
	key36 = l2sec_secret_new(buf, 36);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	l2sec_secret_free(key15);
	l2sec_secret_free(key16);
	l2sec_secret_free(key20);
	l2sec_secret_free(key24);
	l2sec_secret_free(key32);
	l2sec_secret_free(key36);
	return 0;
}

static XfrmAddr
v4(const char *s)
{
	XfrmAddr a;
	assert_true(xfrm_addr_parse("test", s, &a, NULL));
	return a;
}

static XfrmAddr
v6(const char *s)
{
	return v4(s); /* xfrm_addr_parse takes both */
}

/* The client's outbound SA for L2TP: AES-128-CBC + HMAC-SHA1-96 (RFC 3602, RFC 2404). */
static XfrmSaSpec
base_sa(void)
{
	return (XfrmSaSpec){
	    .src = v4("192.0.2.2"),
	    .dst = v4("192.0.2.1"),
	    .spi = 0xc001,
	    .reqid = xfrm_reqid_ours(1),
	    .enc_alg = "cbc(aes)",
	    .enc_key = key16,
	    .auth_alg = "hmac(sha1)",
	    .auth_key = key20,
	    .sel_sport = XFRM_L2TP_PORT,
	    .sel_dport = XFRM_L2TP_PORT,
	};
}

static XfrmPolicySpec
base_policy(void)
{
	return (XfrmPolicySpec){.dir = XFRM_DIR_OUT,
	    .src = v4("192.0.2.2"),
	    .dst = v4("192.0.2.1"),
	    .sport = XFRM_L2TP_PORT,
	    .dport = XFRM_L2TP_PORT,
	    .action = XFRM_ACTION_ALLOW,
	    .reqid = xfrm_reqid_ours(1)};
}

static void
m_none(XfrmSaSpec *s)
{
	(void)s;
}
static void
m_key15(XfrmSaSpec *s)
{
	s->enc_key = key15;
}
static void
m_aes256(XfrmSaSpec *s)
{
	s->enc_key = key32;
}
static void
m_3des(XfrmSaSpec *s)
{
	s->enc_alg = "cbc(des3_ede)";
	s->enc_key = key24;
}
static void
m_3des_short(XfrmSaSpec *s)
{
	s->enc_alg = "cbc(des3_ede)";
	s->enc_key = key16;
}
static void
m_sha256(XfrmSaSpec *s)
{
	s->auth_alg = "hmac(sha256)";
	s->auth_key = key32;
}
static void
m_sha256_short(XfrmSaSpec *s)
{
	s->auth_alg = "hmac(sha256)";
	s->auth_key = key20;
}
static void
m_trunc_64(XfrmSaSpec *s)
{
	s->auth_trunc_bits = 64;
}
static void
m_trunc_200(XfrmSaSpec *s)
{
	s->auth_trunc_bits = 200;
}
static void
m_no_auth(XfrmSaSpec *s)
{
	s->auth_alg = NULL;
	s->auth_key = NULL;
}
static void
m_no_alg(XfrmSaSpec *s)
{
	s->enc_alg = NULL;
	s->auth_alg = NULL;
}
static void
m_unknown_enc(XfrmSaSpec *s)
{
	s->enc_alg = "cbc(blowfish)";
}
static void
m_no_enc_key(XfrmSaSpec *s)
{
	s->enc_key = NULL;
}
static void
m_gcm(XfrmSaSpec *s)
{
	m_no_alg(s);
	s->aead_alg = "rfc4106(gcm(aes))";
	s->aead_key = key20;
}
static void
m_gcm256(XfrmSaSpec *s)
{
	m_gcm(s);
	s->aead_key = key36;
	s->aead_icv_bits = 96;
}
static void
m_gcm_nosalt(XfrmSaSpec *s)
{
	m_gcm(s);
	s->aead_key = key16;
}
static void
m_gcm_icv(XfrmSaSpec *s)
{
	m_gcm(s);
	s->aead_icv_bits = 32;
}
static void
m_gcm_and_enc(XfrmSaSpec *s)
{
	s->aead_alg = "rfc4106(gcm(aes))";
	s->aead_key = key20;
}
static void
m_spi_reserved(XfrmSaSpec *s)
{
	s->spi = 255;
}
static void
m_reqid_foreign(XfrmSaSpec *s)
{
	s->reqid = 1;
}
static void
m_mixed_family(XfrmSaSpec *s)
{
	s->dst = v6("2001:db8::1");
}
static void
m_no_src(XfrmSaSpec *s)
{
	s->src.family = 0;
}
static void
m_v6(XfrmSaSpec *s)
{
	s->src = v6("2001:db8::2");
	s->dst = v6("2001:db8::1");
}
static void
m_window_big(XfrmSaSpec *s)
{
	s->replay_window = 8192;
}
static void
m_encap(XfrmSaSpec *s)
{
	s->encap = true;
	s->encap_sport = 4500;
	s->encap_dport = 4500;
}
static void
m_encap_noport(XfrmSaSpec *s)
{
	s->encap = true;
	s->encap_sport = 4500;
}
static void
m_port_noencap(XfrmSaSpec *s)
{
	s->encap_sport = 4500;
}
static void
m_soft_after_hard(XfrmSaSpec *s)
{
	s->soft_seconds = 3600;
	s->hard_seconds = 3000;
}
static void
m_bytes_inverted(XfrmSaSpec *s)
{
	s->soft_bytes = 10;
	s->hard_bytes = 5;
}

static const struct sa_case {
	const char *name;
	void (*mutate)(XfrmSaSpec *);
	bool ok;
	const char *message; /* a part of the error message */
} sa_cases[] = {
    {"AES-128-CBC + HMAC-SHA1-96 (RFC 3602, RFC 2404)", m_none, true, NULL},
    {"AES-256-CBC", m_aes256, true, NULL},
    {"3DES (RFC 2451)", m_3des, true, NULL},
    {"HMAC-SHA2-256-128 (RFC 4868)", m_sha256, true, NULL},
    {"AES-GCM-16 with 128-bit key (RFC 4106)", m_gcm, true, NULL},
    {"AES-GCM-12 with 256-bit key", m_gcm256, true, NULL},
    {"IPv6 endpoints", m_v6, true, NULL},
    {"NAT-T encapsulation (RFC 3948)", m_encap, true, NULL},
    {"AES key of 15 bytes", m_key15, false,
	"ESP SA spi 0x0000c001 192.0.2.2 -> 192.0.2.1: enc-key is 15 bytes; cbc(aes) takes 16, 24 "
	"or 32"},
    {"3DES key of 16 bytes", m_3des_short, false, "enc-key is 16 bytes; cbc(des3_ede) takes 24"},
    {"SHA-256 with a SHA-1 sized key", m_sha256_short, false,
	"auth-key is 20 bytes; hmac(sha256) takes 32"},
    {"truncation below 96 bits", m_trunc_64, false, "auth-trunc is 64 bits"},
    {"truncation above the hash", m_trunc_200, false, "from 96 to 160"},
    {"encryption without integrity", m_no_auth, false, "auth: missing"},
    {"no algorithm", m_no_alg, false, "no algorithm: give enc and auth, or aead"},
    {"unknown cipher", m_unknown_enc, false, "enc: unknown algorithm 'cbc(blowfish)'"},
    {"missing key", m_no_enc_key, false, "enc-key: missing"},
    {"GCM key without its salt", m_gcm_nosalt, false,
	"aead-key is 16 bytes; rfc4106(gcm(aes)) takes 20, 28 or 36"},
    {"GCM ICV of 32 bits", m_gcm_icv, false, "icv is 32 bits"},
    {"AEAD plus a cipher", m_gcm_and_enc, false, "takes no separate enc or auth"},
    {"SPI 255 (RFC 4303 §2.1)", m_spi_reserved, false, "spi: 255 is reserved"},
    {"reqid outside our range", m_reqid_foreign, false,
	"reqid: 0x00000001 is outside l2sec's range"},
    {"IPv4 source, IPv6 destination", m_mixed_family, false, "dst: IPv6, but src is IPv4"},
    {"no source", m_no_src, false, "src: no address"},
    {"replay window of 8192", m_window_big, false, "replay-window: 8192 is above 4096"},
    {"encap without a destination port", m_encap_noport, false, "encap: UDP ports 4500 and 0"},
    {"encap port without encap", m_port_noencap, false, "without encap"},
    {"soft lifetime after hard", m_soft_after_hard, false, "soft 3600 s is after hard 3000 s"},
    {"soft byte limit above hard", m_bytes_inverted, false, "soft 10 bytes is above hard 5 bytes"},
};

static void
test_sa_validate(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(sa_cases); i++) {
		const struct sa_case *c = &sa_cases[i];
		XfrmSaSpec s = base_sa();
		c->mutate(&s);
		g_autoptr(GError) error = NULL;
		bool ok = xfrm_sa_spec_validate(&s, &error);
		if (ok != c->ok)
			fail_msg("%s: expected %s, got %s", c->name, c->ok ? "success" : "failure",
			    ok ? "success" : error->message);
		if (!ok && (!g_error_matches(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID) ||
			       strstr(error->message, c->message) == NULL))
			fail_msg("%s: error '%s' lacks '%s'", c->name, error->message, c->message);
		/* conversion validates too, and returns an object exactly when the spec is valid */
		g_autoptr(GError) error2 = NULL;
		struct xfrmnl_sa *sa = xfrm_sa_spec_to_nl(&s, &error2);
		if ((sa != NULL) != c->ok || (sa == NULL) != (error2 != NULL))
			fail_msg("%s: xfrm_sa_spec_to_nl disagrees with validation", c->name);
		if (sa != NULL)
			xfrmnl_sa_put(sa);
	}
}

static void
p_none(XfrmPolicySpec *p)
{
	(void)p;
}
static void
p_in(XfrmPolicySpec *p)
{
	p->dir = XFRM_DIR_IN;
}
static void
p_block(XfrmPolicySpec *p)
{
	p->action = XFRM_ACTION_BLOCK;
	p->reqid = 0;
}
static void
p_block_reqid(XfrmPolicySpec *p)
{
	p->action = XFRM_ACTION_BLOCK;
}
static void
p_any_sport(XfrmPolicySpec *p)
{
	p->sport = 0;
}
static void
p_prio_foreign(XfrmPolicySpec *p)
{
	p->priority = 100;
}
static void
p_prio_ours(XfrmPolicySpec *p)
{
	p->priority = XFRM_PRIORITY_OURS_MAX;
}
static void
p_reqid_foreign(XfrmPolicySpec *p)
{
	p->reqid = 7;
}
static void
p_bad_dir(XfrmPolicySpec *p)
{
	p->dir = (XfrmDir)5;
}
static void
p_bad_action(XfrmPolicySpec *p)
{
	p->action = (XfrmAction)9;
}
static void
p_mixed(XfrmPolicySpec *p)
{
	p->dst = v6("2001:db8::1");
}

static const struct policy_case {
	const char *name;
	void (*mutate)(XfrmPolicySpec *);
	bool ok;
	const char *message;
} policy_cases[] = {
    {"outbound L2TP, ESP required", p_none, true, NULL},
    {"inbound", p_in, true, NULL},
    {"block", p_block, true, NULL},
    {"ephemeral source port: any", p_any_sport, true, NULL},
    {"highest priority of ours", p_prio_ours, true, NULL},
    {"block with a reqid", p_block_reqid, false, "reqid: a blocking policy has no ESP template"},
    {"foreign priority", p_prio_foreign, false,
	"policy out udp 192.0.2.2:1701 -> 192.0.2.1:1701: priority: 100 is outside l2sec's range "
	"27648-27903"},
    {"foreign reqid", p_reqid_foreign, false, "reqid: 0x00000007 is outside"},
    {"bad direction", p_bad_dir, false, "dir: 5 is neither in nor out"},
    {"bad action", p_bad_action, false, "action: 9 is neither allow nor block"},
    {"mixed families", p_mixed, false, "dst: not the same address family as src"},
};

static void
test_policy_validate(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(policy_cases); i++) {
		const struct policy_case *c = &policy_cases[i];
		XfrmPolicySpec p = base_policy();
		c->mutate(&p);
		g_autoptr(GError) error = NULL;
		bool ok = xfrm_policy_spec_validate(&p, &error);
		if (ok != c->ok)
			fail_msg("%s: expected %s, got %s", c->name, c->ok ? "success" : "failure",
			    ok ? "success" : error->message);
		if (!ok && (!g_error_matches(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID) ||
			       strstr(error->message, c->message) == NULL))
			fail_msg("%s: error '%s' lacks '%s'", c->name, error->message, c->message);
		g_autoptr(GError) error2 = NULL;
		struct xfrmnl_sp *sp = xfrm_policy_spec_to_nl(&p, &error2);
		if ((sp != NULL) != c->ok)
			fail_msg("%s: xfrm_policy_spec_to_nl disagrees with validation", c->name);
		if (sp != NULL)
			xfrmnl_sp_put(sp);
	}
}

static void
test_addr_and_ranges(void **state)
{
	(void)state;
	XfrmAddr a;
	char buf[INET6_ADDRSTRLEN];
	g_autoptr(GError) error = NULL;
	assert_true(xfrm_addr_parse("src", "2001:db8::7", &a, NULL));
	assert_int_equal(a.family, AF_INET6);
	assert_string_equal(xfrm_addr_to_string(&a, buf, sizeof(buf)), "2001:db8::7");
	assert_false(xfrm_addr_parse("[sa out] dst", "192.0.2.300", &a, &error));
	assert_string_equal(
	    error->message, "[sa out] dst: '192.0.2.300' is not an IPv4 or IPv6 address");
	XfrmAddr unset = {0};
	assert_string_equal(xfrm_addr_to_string(&unset, buf, sizeof(buf)), "(unset)");
	XfrmAddr b = v4("192.0.2.1"), c = v4("192.0.2.1");
	assert_true(xfrm_addr_equal(&b, &c));
	assert_false(xfrm_addr_equal(&a, &b));

	assert_int_equal(xfrm_reqid_ours(0), XFRM_REQID_OURS_MIN);
	assert_true(xfrm_reqid_is_ours(xfrm_reqid_ours(0xffff)));
	assert_false(xfrm_reqid_is_ours(XFRM_REQID_OURS_MAX + 1));
	assert_false(xfrm_reqid_is_ours(0));
	assert_true(xfrm_priority_is_ours(XFRM_PRIORITY_DEFAULT));
	assert_false(xfrm_priority_is_ours(0));

	XfrmSaSpec s = base_sa();
	g_autofree char *sd = xfrm_sa_spec_describe(&s);
	assert_string_equal(sd, "ESP SA spi 0x0000c001 192.0.2.2 -> 192.0.2.1");
	XfrmSaSpec bare = xfrm_sa_spec_without_keys(&s);
	assert_null(bare.enc_key);
	assert_null(bare.auth_key);
	assert_null(bare.aead_key);
	assert_int_equal(bare.spi, s.spi);
	XfrmPolicySpec p = base_policy();
	p.dir = XFRM_DIR_IN;
	p.sport = 0;
	g_autofree char *pd = xfrm_policy_spec_describe(&p);
	assert_string_equal(pd, "policy in udp 192.0.2.2:any -> 192.0.2.1:1701");
}

/* The attribute of type `type` after a fixed header of `hdrlen` bytes, or fail. */
static void *
attr(struct nl_msg *msg, int hdrlen, int type, int min_len)
{
	struct nlattr *a = nlmsg_find_attr(nlmsg_hdr(msg), hdrlen, type);
	if (a == NULL)
		fail_msg("attribute %d missing", type);
	if (nla_len(a) < min_len)
		fail_msg("attribute %d: %d bytes, expected at least %d", type, nla_len(a), min_len);
	return nla_data(a);
}

static void
check_sel(const struct xfrm_selector *sel, const char *src, const char *dst, uint16_t sport,
    uint16_t dport)
{
	XfrmAddr s = v4(src), d = v4(dst);
	assert_int_equal(sel->family, AF_INET);
	assert_memory_equal(&sel->saddr, s.bytes, 4);
	assert_memory_equal(&sel->daddr, d.bytes, 4);
	assert_int_equal(sel->prefixlen_s, 32);
	assert_int_equal(sel->prefixlen_d, 32);
	assert_int_equal(sel->proto, IPPROTO_UDP);
	assert_int_equal(ntohs(sel->sport), sport);
	assert_int_equal(ntohs(sel->sport_mask), sport != 0 ? 0xffff : 0);
	assert_int_equal(ntohs(sel->dport), dport);
	assert_int_equal(ntohs(sel->dport_mask), dport != 0 ? 0xffff : 0);
}

static void
test_sa_request_cbc(void **state)
{
	(void)state;
	XfrmSaSpec s = base_sa();
	s.soft_seconds = 3000;
	s.hard_seconds = 3600;
	struct xfrmnl_sa *sa = xfrm_sa_spec_to_nl(&s, NULL);
	assert_non_null(sa);
	struct nl_msg *msg = NULL;
	assert_int_equal(xfrmnl_sa_build_add_request(sa, 0, &msg), 0);
	xfrmnl_sa_put(sa);
	assert_int_equal(nlmsg_hdr(msg)->nlmsg_type, XFRM_MSG_NEWSA);
	const struct xfrm_usersa_info *info = nlmsg_data(nlmsg_hdr(msg));
	const int hl = (int)sizeof(*info);
	assert_int_equal(ntohl(info->id.spi), 0xc001);
	assert_int_equal(info->id.proto, IPPROTO_ESP);
	assert_int_equal(info->family, AF_INET);
	assert_int_equal(info->mode, XFRM_MODE_TRANSPORT);
	assert_int_equal(info->reqid, xfrm_reqid_ours(1));
	assert_int_equal(info->replay_window, XFRM_REPLAY_WINDOW_DEFAULT);
	check_sel(&info->sel, "192.0.2.2", "192.0.2.1", 1701, 1701);
	/* a 0 limit would expire the SA at once: no limit is XFRM_INF */
	assert_true(info->lft.hard_byte_limit == XFRM_INF);
	assert_true(info->lft.soft_packet_limit == XFRM_INF);
	assert_int_equal(info->lft.soft_add_expires_seconds, 3000);
	assert_int_equal(info->lft.hard_add_expires_seconds, 3600);
	const struct xfrm_algo *enc = attr(msg, hl, XFRMA_ALG_CRYPT, (int)sizeof(*enc) + 16);
	assert_string_equal(enc->alg_name, "cbc(aes)");
	assert_int_equal(enc->alg_key_len, 128);
	assert_memory_equal(enc->alg_key, key16->data, 16);
	/* RFC 2404: HMAC-SHA1-96, so the kernel must get the truncation (XFRMA_ALG_AUTH_TRUNC) */
	const struct xfrm_algo_auth *auth =
	    attr(msg, hl, XFRMA_ALG_AUTH_TRUNC, (int)sizeof(*auth) + 20);
	assert_string_equal(auth->alg_name, "hmac(sha1)");
	assert_int_equal(auth->alg_key_len, 160);
	assert_int_equal(auth->alg_trunc_len, 96);
	assert_memory_equal(auth->alg_key, key20->data, 20);
	assert_null(nlmsg_find_attr(nlmsg_hdr(msg), hl, XFRMA_ALG_AEAD));
	assert_null(nlmsg_find_attr(nlmsg_hdr(msg), hl, XFRMA_ENCAP));
	nlmsg_free(msg);
}

static void
test_sa_request_gcm_natt(void **state)
{
	(void)state;
	XfrmSaSpec s = base_sa();
	m_gcm(&s);
	m_encap(&s);
	s.replay_window = 128;
	struct xfrmnl_sa *sa = xfrm_sa_spec_to_nl(&s, NULL);
	assert_non_null(sa);
	struct nl_msg *msg = NULL;
	assert_int_equal(xfrmnl_sa_build_add_request(sa, 0, &msg), 0);
	xfrmnl_sa_put(sa);
	const struct xfrm_usersa_info *info = nlmsg_data(nlmsg_hdr(msg));
	const int hl = (int)sizeof(*info);
	const struct xfrm_algo_aead *aead = attr(msg, hl, XFRMA_ALG_AEAD, (int)sizeof(*aead) + 20);
	assert_string_equal(aead->alg_name, "rfc4106(gcm(aes))");
	assert_int_equal(aead->alg_key_len, 160); /* key and salt (RFC 4106 §8.1) */
	assert_int_equal(aead->alg_icv_len, 128);
	assert_null(nlmsg_find_attr(nlmsg_hdr(msg), hl, XFRMA_ALG_CRYPT));
	assert_null(nlmsg_find_attr(nlmsg_hdr(msg), hl, XFRMA_ALG_AUTH_TRUNC));
	const struct xfrm_encap_tmpl *encap = attr(msg, hl, XFRMA_ENCAP, (int)sizeof(*encap));
	assert_int_equal(encap->encap_type, 2); /* UDP_ENCAP_ESPINUDP */
	assert_int_equal(ntohs(encap->encap_sport), 4500);
	assert_int_equal(ntohs(encap->encap_dport), 4500);
	/* above 32 packets: an ESN-format replay state, and 0 in usersa_info (verify_replay()) */
	assert_int_equal(info->replay_window, 0);
	const struct xfrm_replay_state_esn *esn =
	    attr(msg, hl, XFRMA_REPLAY_ESN_VAL, (int)sizeof(*esn) + 16);
	assert_int_equal(esn->replay_window, 128);
	assert_int_equal(esn->bmp_len, 4);
	assert_int_equal(info->flags & XFRM_STATE_ESN, 0);
	nlmsg_free(msg);
}

static void
test_sa_delete_request(void **state)
{
	(void)state;
	XfrmSaSpec s = xfrm_sa_spec_without_keys(
	    &(XfrmSaSpec){.src = v4("192.0.2.1"), .dst = v4("192.0.2.2"), .spi = 0xdeadbeef});
	struct xfrmnl_sa *sa = xfrm_sa_spec_to_nl_id(&s, NULL);
	assert_non_null(sa);
	struct nl_msg *msg = NULL;
	assert_int_equal(xfrmnl_sa_build_delete_request(sa, 0, &msg), 0);
	xfrmnl_sa_put(sa);
	assert_int_equal(nlmsg_hdr(msg)->nlmsg_type, XFRM_MSG_DELSA);
	const struct xfrm_usersa_id *id = nlmsg_data(nlmsg_hdr(msg));
	XfrmAddr d = v4("192.0.2.2");
	assert_memory_equal(&id->daddr, d.bytes, 4);
	assert_int_equal(ntohl(id->spi), 0xdeadbeef);
	assert_int_equal(id->family, AF_INET);
	assert_int_equal(id->proto, IPPROTO_ESP);
	nlmsg_free(msg);

	g_autoptr(GError) error = NULL;
	XfrmSaSpec bad = {.spi = 0x1000};
	assert_null(xfrm_sa_spec_to_nl_id(&bad, &error));
	assert_string_equal(
	    error->message, "ESP SA spi 0x00001000 (unset) -> (unset): src: no address");
}

static void
test_policy_request(void **state)
{
	(void)state;
	XfrmPolicySpec p = base_policy();
	p.sport = 0;
	struct xfrmnl_sp *sp = xfrm_policy_spec_to_nl(&p, NULL);
	assert_non_null(sp);
	struct nl_msg *msg = NULL;
	assert_int_equal(xfrmnl_sp_build_add_request(sp, 0, &msg), 0);
	xfrmnl_sp_put(sp);
	assert_int_equal(nlmsg_hdr(msg)->nlmsg_type, XFRM_MSG_NEWPOLICY);
	const struct xfrm_userpolicy_info *info = nlmsg_data(nlmsg_hdr(msg));
	const int hl = (int)sizeof(*info);
	assert_int_equal(info->dir, XFRM_POLICY_OUT);
	assert_int_equal(info->action, XFRM_POLICY_ALLOW);
	assert_int_equal(info->priority, XFRM_PRIORITY_DEFAULT);
	assert_true(info->lft.hard_byte_limit == XFRM_INF);
	check_sel(&info->sel, "192.0.2.2", "192.0.2.1", 0, 1701);
	const struct xfrm_user_tmpl *t = attr(msg, hl, XFRMA_TMPL, (int)sizeof(*t));
	assert_int_equal(t->id.proto, IPPROTO_ESP);
	assert_int_equal(t->mode, XFRM_MODE_TRANSPORT);
	assert_int_equal(t->reqid, xfrm_reqid_ours(1));
	assert_int_equal(t->optional, 0); /* level required: no SA, no packet */
	assert_int_equal(t->aalgos, ~0u);
	assert_int_equal(t->ealgos, ~0u);
	assert_int_equal(t->family, AF_INET);
	nlmsg_free(msg);

	p = base_policy();
	p_block(&p);
	sp = xfrm_policy_spec_to_nl(&p, NULL);
	assert_non_null(sp);
	assert_int_equal(xfrmnl_sp_build_add_request(sp, 0, &msg), 0);
	xfrmnl_sp_put(sp);
	info = nlmsg_data(nlmsg_hdr(msg));
	assert_int_equal(info->action, XFRM_POLICY_BLOCK);
	assert_null(nlmsg_find_attr(nlmsg_hdr(msg), hl, XFRMA_TMPL));
	nlmsg_free(msg);

	/* the delete request names direction and selector */
	p = base_policy();
	p.dir = XFRM_DIR_IN;
	sp = xfrm_policy_spec_to_nl_id(&p, NULL);
	assert_non_null(sp);
	assert_int_equal(xfrmnl_sp_build_delete_request(sp, 0, &msg), 0);
	xfrmnl_sp_put(sp);
	assert_int_equal(nlmsg_hdr(msg)->nlmsg_type, XFRM_MSG_DELPOLICY);
	const struct xfrm_userpolicy_id *id = nlmsg_data(nlmsg_hdr(msg));
	assert_int_equal(id->dir, XFRM_POLICY_IN);
	assert_int_equal(id->index, 0);
	check_sel(&id->sel, "192.0.2.2", "192.0.2.1", 1701, 1701);
	nlmsg_free(msg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sa_validate),
	    cmocka_unit_test(test_policy_validate),
	    cmocka_unit_test(test_addr_and_ranges),
	    cmocka_unit_test(test_sa_request_cbc),
	    cmocka_unit_test(test_sa_request_gcm_natt),
	    cmocka_unit_test(test_sa_delete_request),
	    cmocka_unit_test(test_policy_request),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
