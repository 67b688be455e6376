/* pppd_options.c — see pppd_options.h. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#include "common/error.h"
#include "l2tp/l2tp_error.h"
#include "l2tp/pppd-plugin/l2sec-pppd-proto.h"
#include "l2tp/pppd_options.h"

#define START_FAIL(error, ...)                                                                     \
	l2sec_fail(error, L2SEC_PPP_ERROR, L2SEC_PPP_ERROR_START, __VA_ARGS__)

/*
 * The default MTU. One IPv4 packet on a 1500-byte Ethernet link carries, in
 * transport mode (RFC 4303 §2; no inner IP header):
 *
 *   IPv4 header                                     20
 *   [UDP encapsulation of ESP, NAT-T, RFC 3948]     (8)
 *   ESP SPI + sequence number                        8
 *   IV (AES-CBC: one block)                         16
 *   ciphertext: a multiple of 16 bytes (AES block), holding
 *       UDP 8 + L2TP data header 10 (flags 2, tunnel 2, session 2, Ns/Nr 4 when
 *       sequencing is on; the kernel never sends the length or offset field)
 *       + PPP 4 (address/control FF03, always sent by l2tp_ppp, and protocol 2)
 *       + the IP packet (the MTU) + pad + pad length 1 + next header 1
 *   ICV (HMAC-SHA2-256-128; the largest of the default proposals,
 *        AES-GCM-16 has the same 16-byte ICV and an 8-byte IV)       16
 *
 * Without NAT-T: 1500 - 20 - 8 - 16 - 16 = 1440 bytes of ciphertext, already a
 * multiple of 16, so MTU = 1440 - 2 - 8 - 10 - 4 = 1416.
 * With NAT-T:    1500 - 20 - 8 - 8 - 16 - 16 = 1432, rounded down to 1424, so
 * MTU = 1424 - 2 - 8 - 10 - 4 = 1400 (the figure xl2tpd setups use).
 */
enum {
	LINK_MTU = 1500,
	IPV4_HDR = 20,
	NATT_HDR = 8,
	ESP_HDR = 8,
	ESP_IV = 16,
	ESP_ICV = 16,
	ESP_BLOCK = 16,
	ESP_TRAILER = 2,
	UDP_HDR = 8,
	L2TP_DATA_HDR = 10,
	PPP_HDR = 4,
};

unsigned
pppd_default_mtu(bool nat_t)
{
	unsigned cipher = LINK_MTU - IPV4_HDR - (nat_t ? NATT_HDR : 0) - ESP_HDR - ESP_IV - ESP_ICV;
	cipher -= cipher % ESP_BLOCK;
	return cipher - ESP_TRAILER - UDP_HDR - L2TP_DATA_HDR - PPP_HDR;
}

/* Accepted by pppd 2.4.9 and the kernel: RFC 1661 minimum MRU 68 ... a 1500 link */
#define MTU_MIN 576
#define MTU_MAX 1500

static bool
name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n > 64 || name[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!g_ascii_isalnum(name[i]) && name[i] != '.' && name[i] != '_' && name[i] != '-')
			return false;
	return true;
}

static bool
option_word_ok(const char *w)
{
	if (w == NULL || *w == '\0')
		return false;
	for (const char *p = w; *p; p++)
		if (!g_ascii_isgraph(*p) || *p == '#' || *p == '"' || *p == '\\' || *p == '\'')
			return false;
	return true;
}

/* refuse every method but the chosen one: pppd otherwise accepts whatever the server asks for */
static const struct {
	PppdAuth auth;
	const char *name;
	const char *refuse;
} auth_table[] = {
    {PPPD_AUTH_MSCHAP_V2, "MS-CHAPv2", "refuse-eap\nrefuse-pap\nrefuse-chap\nrefuse-mschap\n"},
    {PPPD_AUTH_CHAP, "CHAP", "refuse-eap\nrefuse-pap\nrefuse-mschap\nrefuse-mschap-v2\n"},
    {PPPD_AUTH_PAP, "PAP", "refuse-eap\nrefuse-chap\nrefuse-mschap\nrefuse-mschap-v2\n"},
    {PPPD_AUTH_EAP, "EAP", "refuse-pap\nrefuse-chap\nrefuse-mschap\nrefuse-mschap-v2\n"},
};

char *
pppd_options_render(const PppdLaunchConfig *cfg, GError **error)
{
	if (!name_ok(cfg->name))
		return START_FAIL(error,
			   "PPP: connection name '%s' is not usable in a file name "
			   "(letters, digits, '.', '_', '-'; at most 64)",
			   cfg->name ? cfg->name : ""),
		       NULL;
	size_t a;
	for (a = 0; a < G_N_ELEMENTS(auth_table); a++)
		if (auth_table[a].auth == cfg->auth)
			break;
	if (a == G_N_ELEMENTS(auth_table))
		return START_FAIL(error, "PPP: unknown authentication method %d", (int)cfg->auth),
		       NULL;
	/* RFC 3079: MPPE keys come from MS-CHAP (or EAP-TLS), never from PAP or CHAP */
	if (cfg->mppe != PPPD_MPPE_NO &&
	    (cfg->auth == PPPD_AUTH_PAP || cfg->auth == PPPD_AUTH_CHAP))
		return START_FAIL(error, "PPP: MPPE needs MS-CHAPv2 or EAP, not %s",
			   auth_table[a].name),
		       NULL;
	unsigned mtu = cfg->mtu ? cfg->mtu : pppd_default_mtu(cfg->nat_t);
	if (mtu < MTU_MIN || mtu > MTU_MAX)
		return START_FAIL(
			   error, "PPP: MTU %u is out of range (%d to %d)", mtu, MTU_MIN, MTU_MAX),
		       NULL;
	unsigned mru = cfg->mru ? cfg->mru : mtu;
	if (mru < MTU_MIN || mru > MTU_MAX)
		return START_FAIL(
			   error, "PPP: MRU %u is out of range (%d to %d)", mru, MTU_MIN, MTU_MAX),
		       NULL;
	if (cfg->extra != NULL)
		for (const char *const *e = cfg->extra; *e != NULL; e++)
			if (!option_word_ok(*e))
				return START_FAIL(error,
					   "PPP: extra pppd option '%s' is not one plain word", *e),
				       NULL;

	GString *s = g_string_new(NULL);
	g_string_append_printf(s,
	    "# pppd options for l2sec connection %s, written by l2sec and removed when pppd "
	    "stops.\n"
	    "# No secret here: the password reaches pppd through l2sec-pppd.so's descriptor.\n",
	    cfg->name);
	/* l2sec is pppd's parent and supervisor: pppd must not fork away */
	g_string_append(s, "nodetach\n");
	/* the server is already authenticated by IKE; it does not authenticate to us in PPP
	 * (and pppd could not: no secrets file); overrides `auth` in Debian's /etc/ppp/options */
	g_string_append(s, "noauth\n");
	/* we authenticate with the chosen method only (DESIGN.md: MS-CHAPv2 by default) */
	g_string_append_printf(
	    s, "# authenticate with %s only\n%s", auth_table[a].name, auth_table[a].refuse);
	if (cfg->mppe == PPPD_MPPE_REQUIRE) {
		/* MPPE is negotiated inside CCP: CCP stays on */
		g_string_append(s, "require-mppe-128\n");
	} else if (cfg->mppe == PPPD_MPPE_ACCEPT) {
		/* CCP on, nothing required: pppd accepts MPPE when the server asks for it */
		g_string_append(s, "# MPPE if the server asks for it\n");
	} else {
		/* no compression: ESP already hides the data, and Windows RRAS offers MPPE in CCP
		 */
		g_string_append(s, "noccp\n");
	}
	/* the pppol2tp plugin turns these off too; say it here for readers */
	g_string_append(s, "novj\nnobsdcomp\nnodeflate\n");
	g_string_append_printf(s, "# MTU: see pppd_default_mtu() (%s)\nmtu %u\nmru %u\n",
	    cfg->nat_t ? "ESP in UDP, NAT-T" : "ESP", mtu, mru);
	/* l2sec installs routes itself (full tunnel or split, with a host route to the server) */
	g_string_append(s, "nodefaultroute\n");
	/* take the addresses the server assigns */
	g_string_append(s, "noipdefault\nipcp-accept-local\nipcp-accept-remote\n");
	/*
	 * Ask the server for DNS servers: without it pppd does not request them and
	 * the plugin has nothing to report. pppd then also writes /etc/ppp/resolv.conf
	 * and sets USEPEERDNS for ip-up, whose Debian hook (ip-up.d/0000usepeerdns)
	 * would rewrite /etc/resolv.conf behind l2sec's back: so pppd runs no
	 * ip-up/ip-down scripts (the paths below are never created); l2sec applies
	 * routes and DNS from the plugin's ip-up event.
	 */
	g_string_append(s, "usepeerdns\n");
	g_autofree char *noscript = g_build_filename(pppd_runtime_dir(cfg), "no-such-script", NULL);
	g_string_append_printf(s, "ip-up-script %s\nip-down-script %s\n", noscript, noscript);
	/* dead peer: N echoes unanswered -> exit status 15 (EXIT_PEER_DEAD) */
	if (cfg->lcp_echo_interval < 0) {
		g_string_append(s, "lcp-echo-interval 0\n");
	} else {
		int failure = cfg->lcp_echo_failure == 0 ? PPPD_LCP_ECHO_FAILURE
							  : MAX(cfg->lcp_echo_failure, 0);
		g_string_append_printf(s, "lcp-echo-interval %d\nlcp-echo-failure %d\n",
		    cfg->lcp_echo_interval ? cfg->lcp_echo_interval : PPPD_LCP_ECHO_INTERVAL,
		    failure);
	}
	/* one attempt: reconnecting is the supervisor's job (new L2TP session, maybe new IKE) */
	g_string_append(s, "maxfail 1\n");
	/* for ip-up scripts and logs, in case someone enables them */
	g_string_append_printf(s, "ipparam l2sec-%s\n", cfg->name);
	if (cfg->debug)
		g_string_append(s, "debug\n");
	if (cfg->extra != NULL)
		for (const char *const *e = cfg->extra; *e != NULL; e++)
			g_string_append_printf(s, "%s\n", *e);
	return g_string_free(s, FALSE);
}

const char *
pppd_runtime_dir(const PppdLaunchConfig *cfg)
{
	return cfg->runtime_dir ? cfg->runtime_dir : RUNSTATEDIR "/l2sec";
}

char *
pppd_options_path(const PppdLaunchConfig *cfg)
{
	g_autofree char *base = g_strdup_printf("%s.pppd-options", cfg->name);
	return g_build_filename(pppd_runtime_dir(cfg), base, NULL);
}

GStrv
pppd_argv_build(const PppdLaunchConfig *cfg, const char *options_path)
{
	GPtrArray *v = g_ptr_array_new();
	g_ptr_array_add(v, g_strdup(cfg->pppd_path ? cfg->pppd_path : PPPD_PATH));
	/* `plugin` first: the plugin registers the option that follows it (notes/l2tp.md §2) */
	g_ptr_array_add(v, g_strdup("plugin"));
	g_ptr_array_add(v, g_strdup("pppol2tp.so"));
	g_ptr_array_add(v, g_strdup("pppol2tp"));
	g_ptr_array_add(v, g_strdup_printf("%d", PPPD_PPPOX_FD));
	g_ptr_array_add(v, g_strdup("plugin"));
	g_ptr_array_add(v, cfg->plugin_path
			       ? g_strdup(cfg->plugin_path)
			       : g_build_filename(PPPD_PLUGIN_DIR, "l2sec-pppd.so", NULL));
	g_ptr_array_add(v, g_strdup("l2sec-fd"));
	g_ptr_array_add(v, g_strdup_printf("%d", PPPD_STATUS_FD));
	g_ptr_array_add(v, g_strdup("file"));
	g_ptr_array_add(v, g_strdup(options_path));
	g_ptr_array_add(v, NULL);
	return (GStrv)g_ptr_array_free(v, FALSE);
}

bool
pppd_options_write(const char *path, const char *content, GError **error)
{
	g_autofree char *dir = g_path_get_dirname(path);
	if (g_mkdir_with_parents(dir, 0700) < 0) {
		int e = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
		    "PPP: cannot create the directory %s: %s", dir, g_strerror(e));
		return false;
	}
	/* a new file, 0600, renamed over whatever a crash left */
	if (!g_file_set_contents_full(
		path, content, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error)) {
		g_prefix_error(error, "PPP: cannot write pppd's options: ");
		return false;
	}
	return true;
}

L2secSecret *
pppd_credentials_encode(const char *user, const L2secSecret *password, GError **error)
{
	size_t ulen = user ? strlen(user) : 0;
	if (ulen == 0 || ulen > L2SEC_PPPD_FIELD_MAX)
		return START_FAIL(error, "PPP: the user name must have 1 to %d bytes, not %zu",
			   L2SEC_PPPD_FIELD_MAX, ulen),
		       NULL;
	if (password->len > L2SEC_PPPD_FIELD_MAX)
		return START_FAIL(error, "PPP: the password has %zu bytes, pppd takes at most %d",
			   password->len, L2SEC_PPPD_FIELD_MAX),
		       NULL;
	if (memchr(password->data, '\0', password->len) != NULL)
		return START_FAIL(error, "PPP: the password contains a NUL byte"), NULL;
	char hdr[64];
	int hlen =
	    g_snprintf(hdr, sizeof(hdr), L2SEC_PPPD_CRED_MAGIC " %zu %zu\n", ulen, password->len);
	L2secSecret *rec = l2sec_secret_new_zero((size_t)hlen + ulen + password->len);
	memcpy(rec->data, hdr, (size_t)hlen);
	memcpy(rec->data + hlen, user, ulen);
	if (password->len > 0)
		memcpy(rec->data + hlen + ulen, password->data, password->len);
	return rec;
}
