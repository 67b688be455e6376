/*
 * import_linux.c — the file set the Linux L2TP/IPsec how-tos leave behind, to
 * profile text; see import.h. The set is any of:
 *
 *   ipsec.conf     strongSwan's or libreswan's starter syntax (ipsec.conf(5)):
 *                  `config setup`, `conn NAME` blocks of indented key=value,
 *                  `conn %default`, `also=`; ike=/esp=/phase2alg= in either
 *                  spelling ("aes256-sha1-modp1024!" or "aes256-sha1;modp1024");
 *                  several files (the .conf files of ipsec.d) add their conns together
 *   ipsec.secrets  `SELECTORS : PSK "secret"` (ipsec.secrets(5)): the line whose
 *                  selectors name the server, else the one for %any
 *   xl2tpd.conf    `[lac NAME]` with lns, name, pppoptfile... (xl2tpd.conf(5))
 *   the pppoptfile pppd options (pppd(8)) of the path xl2tpd.conf names,
 *                  matched by its base name among the files given
 *
 * Files are recognised by name first (ipsec.conf, *.secrets, xl2tpd.conf, the
 * pppoptfile's base name), then by content. Every line that l2sec cannot map
 * is listed as ignored with why; secrets never appear in those lines. Errors
 * read "FILE:LINE: ...".
 */
#include "config.h"

#include <string.h>

#include <openssl/crypto.h>

#include "client/import.h"
#include "client/import_util.h"
#include "client/profile_values.h"

/* One key=value of a file, for messages: "ipsec.conf:12". */
typedef struct LxKv {
	char *key, *value;
	const char *file;
	unsigned line;
	bool used;
} LxKv;

static void
lx_kv_free(LxKv *kv)
{
	g_free(kv->key);
	l2sec_secret_free_string(kv->value); /* may be a password */
	g_free(kv);
}

static LxKv *
lx_kv_new(const char *key, const char *value, const char *file, unsigned line)
{
	LxKv *kv = g_new0(LxKv, 1);
	kv->key = g_strdup(key);
	kv->value = g_strdup(value);
	kv->file = file;
	kv->line = line;
	return kv;
}

/* A section: an ipsec.conf conn, an xl2tpd.conf [lac]. */
typedef struct LxSection {
	char *kind; /* "conn", "config", "ca", "lac", "lns", "global" */
	char *name;
	const char *file;
	unsigned line;
	GPtrArray *kvs; /* of LxKv * */
} LxSection;

static void
lx_section_free(LxSection *s)
{
	g_free(s->kind);
	g_free(s->name);
	g_ptr_array_unref(s->kvs);
	g_free(s);
}

static LxSection *
lx_section_new(const char *kind, const char *name, const char *file, unsigned line)
{
	LxSection *s = g_new0(LxSection, 1);
	s->kind = g_strdup(kind);
	s->name = g_strdup(name);
	s->file = file;
	s->line = line;
	s->kvs = g_ptr_array_new_with_free_func((GDestroyNotify)lx_kv_free);
	return s;
}

typedef struct Lx {
	GPtrArray *texts;    /* of ImportText *: every file, kept for the labels */
	GPtrArray *conns;    /* of LxSection *: conns of every ipsec.conf, %default included */
	GPtrArray *setup;    /* of LxKv *: config setup, include lines */
	GPtrArray *xl2tpd;   /* of LxSection *: [global], [lac], [lns] */
	ImportText *secrets; /* ipsec.secrets, or NULL */
	ImportText *pppopts; /* the pppoptfile, or NULL */
	ImportText *xl2tpd_text;
	L2secImport *out;
	GError **error;
} Lx;

/* Remove a comment: `c` outside double quotes to the end of the line. */
static void
cut_comment(char *s, char c)
{
	bool quoted = false;
	for (char *p = s; *p != '\0'; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == c && !quoted) {
			*p = '\0';
			return;
		}
	}
}

/* A value without its surrounding double quotes. */
static char *
unquote(char *v)
{
	size_t n = strlen(v);
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v[n - 1] = '\0';
		return v + 1;
	}
	return v;
}

/* ---- ipsec.conf ---- */

static bool
parse_ipsec_conf(Lx *lx, ImportText *t)
{
	GPtrArray *dest = NULL; /* where key=value lines go */
	bool in_ca = false;
	for (guint i = 0; i < t->lines->len; i++) {
		unsigned no = i + 1;
		char *raw = t->lines->pdata[i];
		cut_comment(raw, '#');
		bool indented = raw[0] == ' ' || raw[0] == '\t';
		char *s = import_strip(raw);
		if (*s == '\0')
			continue;
		if (!indented) {
			g_auto(GStrv) all = g_strsplit_set(s, " \t", -1);
			const char *w[3] = {NULL, NULL, NULL}; /* the first words, blanks skipped */
			guint n = 0;
			for (guint k = 0; all[k] != NULL; k++)
				if (*all[k] != '\0') {
					if (n < G_N_ELEMENTS(w))
						w[n] = all[k];
					n++;
				}
			if (n == 2 && strcmp(w[0], "conn") == 0) {
				LxSection *c = lx_section_new("conn", w[1], t->label, no);
				g_ptr_array_add(lx->conns, c);
				dest = c->kvs;
				in_ca = false;
			} else if (n == 2 && strcmp(w[0], "config") == 0 &&
				   strcmp(w[1], "setup") == 0) {
				dest = lx->setup;
				in_ca = false;
			} else if (n == 2 && strcmp(w[0], "ca") == 0) {
				import_ignore(lx->out,
				    "ca %s (%s:%u: certificates; l2sec uses a "
				    "pre-shared key)",
				    w[1], t->label, no);
				dest = NULL;
				in_ca = true;
			} else if (n == 2 && strcmp(w[0], "include") == 0) {
				import_ignore(lx->out,
				    "include %s (%s:%u: l2sec reads only the files "
				    "given; give that one too)",
				    w[1], t->label, no);
			} else if (n >= 1 && strcmp(w[0], "version") == 0) {
				continue; /* "version 2.0" of old FreeS/WAN and Openswan files */
			} else {
				return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED,
				    t->label, no,
				    "expected 'config setup', 'conn NAME', 'ca NAME' or an "
				    "indented key=value");
			}
			continue;
		}
		char *eq = strchr(s, '=');
		if (eq == NULL)
			return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED, t->label, no,
			    "expected key=value");
		*eq = '\0';
		char *key = import_strip(s);
		char *value = unquote(import_strip(eq + 1));
		if (*key == '\0')
			return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED, t->label, no,
			    "no key before '='");
		if (in_ca)
			continue; /* inside a ca section: already listed */
		if (dest == NULL)
			return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED, t->label, no,
			    "%s= outside a 'conn' or 'config setup' section", key);
		g_ptr_array_add(dest, lx_kv_new(key, value, t->label, no));
	}
	return true;
}

static LxSection *
conn_find(Lx *lx, const char *name)
{
	for (guint i = 0; i < lx->conns->len; i++) {
		LxSection *c = lx->conns->pdata[i];
		if (strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

/* The settings of a conn: %default, then also= conns, then its own; later ones win. The
 * table maps a key to its LxKv (owned by the sections). */
static bool
conn_resolve(Lx *lx, LxSection *c, GHashTable *ret, unsigned depth)
{
	if (depth > 16)
		return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED, c->file, c->line,
		    "conn %s: also= nested more than 16 deep (a loop?)", c->name);
	for (guint i = 0; i < c->kvs->len; i++) {
		LxKv *kv = c->kvs->pdata[i];
		if (strcmp(kv->key, "also") != 0)
			continue;
		kv->used = true;
		LxSection *inc = conn_find(lx, kv->value);
		if (inc == NULL)
			return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED, kv->file,
			    kv->line, "also=%s: no conn of that name", kv->value);
		if (!conn_resolve(lx, inc, ret, depth + 1))
			return false;
	}
	for (guint i = 0; i < c->kvs->len; i++) {
		LxKv *kv = c->kvs->pdata[i];
		if (strcmp(kv->key, "also") != 0)
			g_hash_table_insert(ret, kv->key, kv);
	}
	return true;
}

static bool
proto_port_is_l2tp(const char *v)
{
	return g_str_has_prefix(v, "17/1701") || g_ascii_strcasecmp(v, "udp/l2tp") == 0 ||
	       g_str_has_prefix(v, "udp/1701");
}

/* Whether a conn looks like the L2TP one: transport mode or a protoport of udp/1701. */
static bool
conn_is_l2tp(const LxSection *c)
{
	for (guint i = 0; i < c->kvs->len; i++) {
		const LxKv *kv = c->kvs->pdata[i];
		if ((strcmp(kv->key, "type") == 0 && strcmp(kv->value, "transport") == 0) ||
		    ((strcmp(kv->key, "rightprotoport") == 0 ||
			 strcmp(kv->key, "leftprotoport") == 0) &&
			proto_port_is_l2tp(kv->value)))
			return true;
	}
	return false;
}

static const char *
kv_value(GHashTable *t, const char *key)
{
	LxKv *kv = g_hash_table_lookup(t, key);
	if (kv == NULL)
		return NULL;
	kv->used = true;
	return kv->value;
}

/* ---- proposals ---- */

/* strongSwan and libreswan algorithm names to l2sec's (ipsec/ike_proposal.h); NULL drops the
 * token: a PRF (IKEv1 uses the hash), ESN choices. */
static const struct {
	const char *from, *to;
} algo_names[] = {
    {"aes", "aes128"}, {"aes_cbc", "aes128"}, {"aes_cbc128", "aes128"}, {"aes_cbc192", "aes192"},
    {"aes_cbc256", "aes256"}, {"aes_cbc_128", "aes128"}, {"aes_cbc_192", "aes192"},
    {"aes_cbc_256", "aes256"}, {"3des_cbc", "3des"},
    {"aes_gcm", "aes256gcm16,aes128gcm16"}, /* libreswan: both key sizes, as two proposals */
    {"aes_gcm16", "aes256gcm16,aes128gcm16"}, {"aes_gcm_16", "aes256gcm16,aes128gcm16"},
    {"aes_gcm128", "aes128gcm16"}, {"aes_gcm256", "aes256gcm16"}, {"aes_gcm_c", "aes256gcm16"},
    {"aes_gcm16_128", "aes128gcm16"}, {"aes_gcm16_256", "aes256gcm16"}, {"sha", "sha1"},
    {"sha1_96", "sha1"}, {"md5_96", "md5"}, {"sha2", "sha256"}, {"sha2_256_128", "sha256"},
    {"sha256_128", "sha256"}, {"sha2_384_192", "sha384"}, {"sha2_512_256", "sha512"},
    {"dh2", "modp1024"}, {"dh5", "modp1536"}, {"dh14", "modp2048"}, {"dh15", "modp3072"},
    {"dh16", "modp4096"}, {"dh19", "ecp256"}, {"dh20", "ecp384"}, {"dh21", "ecp521"},
    {"dh31", "curve25519"}, {"ecp_256", "ecp256"}, {"ecp_384", "ecp384"}, {"ecp_521", "ecp521"},
    {"prfsha1", NULL}, {"prfsha256", NULL}, {"prfsha384", NULL}, {"prfsha512", NULL},
    {"prfmd5", NULL}, {"esn", NULL}, {"noesn", NULL}, {"none", NULL},
    {"null", NULL}, /* libreswan's "aes_gcm-null": no integrity beside the AEAD */
};

/* One item ("aes256-sha1;modp1024", "aes+3des-sha1") in l2sec's spelling. */
static char *
translate_item(const char *item)
{
	g_autofree char *lower = g_ascii_strdown(item, -1);
	/* libreswan: ';' before the DH group, '+' between alternatives; l2sec expands every
	 * name of a kind in an item the same way */
	for (char *p = lower; *p != '\0'; p++)
		if (*p == ';' || *p == '+')
			*p = '-';
	g_auto(GStrv) toks = g_strsplit(lower, "-", -1);
	GString *out = g_string_new(NULL);
	for (guint i = 0; toks[i] != NULL; i++) {
		const char *t = toks[i];
		if (*t == '\0')
			continue;
		size_t k;
		for (k = 0; k < G_N_ELEMENTS(algo_names); k++)
			if (strcmp(algo_names[k].from, t) == 0)
				break;
		if (k < G_N_ELEMENTS(algo_names)) {
			if (algo_names[k].to == NULL)
				continue;
			t = algo_names[k].to;
		} else if (g_str_has_prefix(t, "sha2_")) {
			/* sha2_256 -> sha256: l2sec's names are letters and digits */
			g_string_append_printf(out, "%ssha%s", out->len > 0 ? "-" : "", t + 5);
			continue;
		}
		g_string_append_printf(out, "%s%s", out->len > 0 ? "-" : "", t);
	}
	return g_string_free(out, FALSE);
}

/* ike= or esp= to an l2sec list; items l2sec cannot offer are dropped and listed. */
static void
map_proposals(Lx *lx, ImportProfile *p, bool ike, const LxKv *kv)
{
	g_autofree char *v = g_strdup(kv->value);
	size_t n = strlen(v);
	if (n > 0 && v[n - 1] == '!')
		v[n - 1] = '\0'; /* strict: l2sec offers only the list anyway */
	g_auto(GStrv) items = g_strsplit(v, ",", -1);
	g_autoptr(GString) list = g_string_new(NULL);
	for (guint i = 0; items[i] != NULL; i++) {
		char *item = import_strip(items[i]);
		if (*item == '\0')
			continue;
		g_autofree char *tr = translate_item(item);
		g_autoptr(GError) inner = NULL;
		if (*tr == '\0' || !import_proposals_ok(ike, tr, &inner)) {
			import_ignore(lx->out, "%s=...%s... (%s:%u: %s)", kv->key, item, kv->file,
			    kv->line, inner != NULL ? inner->message : "no algorithm l2sec knows");
			continue;
		}
		g_string_append_printf(list, "%s%s", list->len > 0 ? "," : "", tr);
	}
	if (list->len == 0) {
		import_ignore(lx->out, "%s=%s (%s:%u: no proposal l2sec offers; %s stays default)",
		    kv->key, kv->value, kv->file, kv->line,
		    ike ? "ike-proposals" : "esp-proposals");
		return;
	}
	import_profile_set(p, ike ? "ike-proposals" : "esp-proposals", list->str);
}

/* The first DH group of an l2sec list, or NULL. */
static char *
first_group(const char *list)
{
	if (list == NULL)
		return NULL;
	g_auto(GStrv) toks = g_strsplit_set(list, ",-", -1);
	for (guint i = 0; toks[i] != NULL; i++)
		if (l2sec_profile_dh_group_known(toks[i]))
			return g_strdup(toks[i]);
	return NULL;
}

/* ---- the conn ---- */

static bool
map_duration(Lx *lx, ImportProfile *p, const LxKv *kv, const char *key, uint32_t min, uint32_t max,
    bool zero_off)
{
	uint32_t secs;
	if (!l2sec_profile_parse_duration(kv->value, &secs))
		return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED, kv->file, kv->line,
		    "%s=%s: not a duration", kv->key, kv->value);
	if ((secs < min && !(zero_off && secs == 0)) || secs > max) {
		char lo[16], hi[16];
		import_ignore(lx->out,
		    "%s=%s (%s:%u: %s is from %s to %s in l2sec; it stays "
		    "default)",
		    kv->key, kv->value, kv->file, kv->line, key,
		    l2sec_profile_format_duration(min, lo, sizeof(lo)),
		    l2sec_profile_format_duration(max, hi, sizeof(hi)));
		return true;
	}
	import_profile_set(p, key, kv->value);
	return true;
}

/* Keys with nothing to map, and why. */
static const struct {
	const char *key, *why;
} conn_ignored[] = {
    {"auto", "l2sec connects on `l2sec connect`"},
    {"rekey", "l2sec rekeys before the lifetime ends"},
    {"reauth", "l2sec rekeys before the lifetime ends"},
    {"keyingtries", "l2sec's retries are its own"},
    {"rekeymargin", "l2sec rekeys before the lifetime ends"},
    {"margintime", "l2sec rekeys before the lifetime ends"},
    {"rekeyfuzz", "l2sec rekeys before the lifetime ends"},
    {"dpdtimeout", "l2sec gives up after a fixed number of DPD probes"},
    {"leftnexthop", "l2sec routes by the kernel's table"},
    {"rightnexthop", "l2sec routes by the kernel's table"},
    {"leftsubnet", "transport mode covers the hosts only"},
    {"rightsubnet", "transport mode covers the hosts only"},
    {"phase2", "l2sec uses ESP"},
    {"ikev2", "l2sec speaks IKEv1"},
    {"sha2-truncbug", "l2sec truncates SHA-2 HMACs as RFC 4868 says"},
    {"sha2_truncbug", "l2sec truncates SHA-2 HMACs as RFC 4868 says"},
    {"leftsourceip", "l2sec takes the address PPP assigns"},
    {"mobike", "an IKEv2 feature"},
    {"fragmentation", "l2sec sends IKEv1 messages unfragmented"},
};

static bool
map_conn(Lx *lx, LxSection *c, ImportProfile *p)
{
	g_autoptr(GHashTable) t = g_hash_table_new(g_str_hash, g_str_equal);
	LxSection *def = conn_find(lx, "%default");
	if (def != NULL && def != c && !conn_resolve(lx, def, t, 0))
		return false;
	if (!conn_resolve(lx, c, t, 0))
		return false;
	const char *v;
	LxKv *kv;

	/* the server */
	if ((kv = g_hash_table_lookup(t, "right")) != NULL) {
		kv->used = true;
		const char *r = kv->value;
		if (g_str_has_prefix(r, "%any") || strcmp(r, "%defaultroute") == 0 ||
		    strcmp(r, "%opportunistic") == 0 || strcmp(r, "%group") == 0)
			return import_fail(lx->error, L2SEC_IMPORT_ERROR_UNSUPPORTED, kv->file,
			    kv->line,
			    "right=%s: conn %s accepts any peer, a server's "
			    "configuration; a client's names its server in right=",
			    r, c->name);
		if (r[0] == '%')
			r++; /* strongSwan: %host resolves the name but accepts any address */
		L2secGatewayKind gk;
		g_autofree char *gw = NULL;
		g_autoptr(GError) inner = NULL;
		if (!l2sec_profile_parse_gateway(r, &gk, &gw, &inner))
			return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED, kv->file,
			    kv->line, "right=%s: %s", kv->value, inner->message);
		import_profile_set(p, "gateway", gw);
	}
	if ((kv = g_hash_table_lookup(t, "left")) != NULL) {
		kv->used = true;
		if (kv->value[0] != '%')
			import_ignore(lx->out,
			    "left=%s (%s:%u: l2sec uses the address of the "
			    "route to the server)",
			    kv->value, kv->file, kv->line);
	}
	/* identities */
	static const char *const ids[][2] = {{"leftid", "local-id"}, {"rightid", "remote-id"}};
	for (size_t i = 0; i < G_N_ELEMENTS(ids); i++) {
		if ((kv = g_hash_table_lookup(t, ids[i][0])) == NULL)
			continue;
		kv->used = true;
		if (kv->value[0] == '%')
			continue; /* %any, %fromcert: the default */
		if (!import_profile_set(p, ids[i][1], kv->value))
			return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED, kv->file,
			    kv->line, "%s=%s: cannot be written in a profile", kv->key, kv->value);
	}
	/* authentication: a PSK */
	static const char *const auth_keys[] = {"authby", "leftauth", "rightauth"};
	for (size_t i = 0; i < G_N_ELEMENTS(auth_keys); i++) {
		if ((kv = g_hash_table_lookup(t, auth_keys[i])) == NULL)
			continue;
		kv->used = true;
		if (strcmp(kv->value, "secret") != 0 && strcmp(kv->value, "psk") != 0)
			return import_fail(lx->error, L2SEC_IMPORT_ERROR_UNSUPPORTED, kv->file,
			    kv->line,
			    "%s=%s: l2sec authenticates IKE with a pre-shared key "
			    "(authby=secret)",
			    kv->key, kv->value);
	}
	if ((kv = g_hash_table_lookup(t, "leftauth2")) != NULL)
		return import_fail(lx->error, L2SEC_IMPORT_ERROR_UNSUPPORTED, kv->file, kv->line,
		    "leftauth2=%s: XAUTH is not L2TP/IPsec; l2sec authenticates the user in PPP",
		    kv->value);
	if ((kv = g_hash_table_lookup(t, "keyexchange")) != NULL) {
		kv->used = true;
		if (strcmp(kv->value, "ikev1") != 0)
			import_ignore(lx->out,
			    "keyexchange=%s (%s:%u: l2sec speaks IKEv1, which "
			    "L2TP/IPsec servers accept)",
			    kv->value, kv->file, kv->line);
	}
	if ((kv = g_hash_table_lookup(t, "type")) != NULL) {
		kv->used = true;
		if (strcmp(kv->value, "transport") != 0)
			return import_fail(lx->error, L2SEC_IMPORT_ERROR_UNSUPPORTED, kv->file,
			    kv->line, "type=%s: L2TP/IPsec runs in transport mode (type=transport)",
			    kv->value);
	}
	/* proposals */
	if ((kv = g_hash_table_lookup(t, "ike")) != NULL) {
		kv->used = true;
		map_proposals(lx, p, true, kv);
	}
	LxKv *esp = g_hash_table_lookup(t, "esp");
	LxKv *p2 = g_hash_table_lookup(t, "phase2alg");
	if (esp != NULL || p2 != NULL) {
		if (esp != NULL)
			esp->used = true;
		if (p2 != NULL)
			p2->used = true;
		map_proposals(lx, p, false, p2 != NULL ? p2 : esp);
	}
	/* libreswan's pfs=yes uses the IKE group; strongSwan's groups are in esp= */
	if ((kv = g_hash_table_lookup(t, "pfs")) != NULL) {
		kv->used = true;
		const char *espl = import_profile_get(p, "esp-proposals");
		g_autofree char *esp_group = first_group(espl);
		if (strcmp(kv->value, "yes") == 0 && esp_group == NULL) {
			const char *ikel = import_profile_get(p, "ike-proposals");
			g_autofree char *g = first_group(ikel != NULL ? ikel : "modp2048");
			import_profile_set(p, "pfs", g);
		} else if (strcmp(kv->value, "no") != 0 && strcmp(kv->value, "yes") != 0) {
			return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED, kv->file,
			    kv->line, "pfs=%s: expected yes or no", kv->value);
		}
	}
	/* lifetimes */
	if ((kv = g_hash_table_lookup(t, "ikelifetime")) != NULL) {
		kv->used = true;
		if (!map_duration(lx, p, kv, "ike-lifetime", 60, 48 * 3600, false))
			return false;
	}
	static const char *const sa_life[] = {"lifetime", "keylife", "salifetime"};
	for (size_t i = 0; i < G_N_ELEMENTS(sa_life); i++) {
		if ((kv = g_hash_table_lookup(t, sa_life[i])) == NULL)
			continue;
		kv->used = true;
		if (!map_duration(lx, p, kv, "esp-lifetime", 60, 48 * 3600, false))
			return false;
	}
	/* NAT-T */
	static const char *const encaps[] = {"forceencaps", "encapsulation"};
	for (size_t i = 0; i < G_N_ELEMENTS(encaps); i++) {
		if ((kv = g_hash_table_lookup(t, encaps[i])) == NULL)
			continue;
		kv->used = true;
		if (strcmp(kv->value, "yes") == 0)
			import_profile_set(p, "nat-traversal", "force");
		else if (strcmp(kv->value, "no") == 0 && i == 1)
			import_ignore(lx->out,
			    "encapsulation=no (%s:%u: l2sec encapsulates ESP in "
			    "UDP when a NAT is detected)",
			    kv->file, kv->line);
	}
	/* DPD */
	if ((kv = g_hash_table_lookup(t, "dpddelay")) != NULL) {
		kv->used = true;
		if (!map_duration(lx, p, kv, "dpd-delay", 5, 3600, true))
			return false;
	}
	if ((v = kv_value(t, "dpdaction")) != NULL) {
		kv = g_hash_table_lookup(t, "dpdaction");
		if (strcmp(v, "none") == 0)
			import_profile_set(p, "dpd-delay", "0");
		else if (strcmp(v, "clear") != 0)
			import_ignore(lx->out,
			    "dpdaction=%s (%s:%u: l2sec ends the connection when "
			    "the server stops answering)",
			    v, kv->file, kv->line);
	}
	/* ports */
	if ((kv = g_hash_table_lookup(t, "leftprotoport")) != NULL) {
		kv->used = true;
		if (proto_port_is_l2tp(kv->value))
			;
		else if (strcmp(kv->value, "17/%any") == 0 || strcmp(kv->value, "17/0") == 0 ||
			 strcmp(kv->value, "17") == 0 || strcmp(kv->value, "udp") == 0 ||
			 strcmp(kv->value, "udp/%any") == 0)
			import_profile_set(p, "source-port", "ephemeral");
		else
			import_ignore(lx->out,
			    "leftprotoport=%s (%s:%u: L2TP is UDP from port 1701 "
			    "or an ephemeral port)",
			    kv->value, kv->file, kv->line);
	}
	if ((kv = g_hash_table_lookup(t, "rightprotoport")) != NULL) {
		kv->used = true;
		if (!proto_port_is_l2tp(kv->value))
			import_ignore(lx->out,
			    "rightprotoport=%s (%s:%u: l2sec talks to the "
			    "server's L2TP port 1701)",
			    kv->value, kv->file, kv->line);
	}
	/* everything else, in file order */
	for (guint s = 0; s < lx->conns->len; s++) {
		LxSection *sec = lx->conns->pdata[s];
		for (guint i = 0; i < sec->kvs->len; i++) {
			LxKv *e = sec->kvs->pdata[i];
			if (e->used || g_hash_table_lookup(t, e->key) != e)
				continue;
			const char *why = "no l2sec equivalent";
			for (size_t k = 0; k < G_N_ELEMENTS(conn_ignored); k++)
				if (strcmp(conn_ignored[k].key, e->key) == 0)
					why = conn_ignored[k].why;
			import_ignore(
			    lx->out, "%s=%s (%s:%u: %s)", e->key, e->value, e->file, e->line, why);
			e->used = true;
		}
	}
	return true;
}

/* ---- ipsec.secrets ---- */

/* The whitespace-separated words of a line, quotes kept together and removed. */
static GPtrArray *
secret_words(const char *line, GPtrArray *quoted)
{
	GPtrArray *w = g_ptr_array_new_with_free_func((GDestroyNotify)l2sec_secret_free_string);
	const char *p = line;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			break;
		GString *s = g_string_new(NULL);
		bool q = false;
		if (*p == '"' || *p == '\'') {
			char quote = *p++;
			q = true;
			while (*p != '\0' && *p != quote)
				g_string_append_c(s, *p++);
			if (*p == quote) {
				p++;
			} else {
				/* unterminated: keep the quote, the caller refuses the line */
				g_string_prepend_c(s, quote);
				q = false;
			}
		} else {
			while (*p != '\0' && *p != ' ' && *p != '\t')
				g_string_append_c(s, *p++);
		}
		g_ptr_array_add(w, g_string_free(s, FALSE));
		g_ptr_array_add(quoted, GINT_TO_POINTER(q ? 1 : 0));
	}
	return w;
}

static int
hexval(char c)
{
	return g_ascii_isxdigit(c) ? g_ascii_xdigit_value(c) : -1;
}

#define PSK_BINARY "binary bytes, which a profile line cannot hold"

/* A PSK as written: quoted text, 0x hex or 0s base64 (ipsec.secrets(5)); NULL with *ret_why
 * when it cannot be a profile value. */
static char *
psk_decode(const char *w, bool quoted, const char **ret_why)
{
	*ret_why = NULL;
	g_autofree char *bytes = NULL;
	size_t n = 0;
	if (!quoted && (g_str_has_prefix(w, "0x") || g_str_has_prefix(w, "0X"))) {
		size_t hl = strlen(w + 2);
		if (hl == 0 || hl % 2 != 0) {
			*ret_why = "0x... with an odd number of digits";
			return NULL;
		}
		bytes = g_malloc(hl / 2 + 1);
		for (size_t i = 0; i < hl / 2; i++) {
			int hi = hexval(w[2 + 2 * i]), lo = hexval(w[3 + 2 * i]);
			if (hi < 0 || lo < 0) {
				OPENSSL_cleanse(bytes, hl / 2 + 1);
				*ret_why = "0x... with a character that is not a hex digit";
				return NULL;
			}
			bytes[i] = (char)(hi << 4 | lo);
		}
		n = hl / 2;
		bytes[n] = '\0';
	} else if (!quoted && (g_str_has_prefix(w, "0s") || g_str_has_prefix(w, "0S"))) {
		gsize got = 0;
		guchar *b = g_base64_decode(w + 2, &got);
		bytes = g_malloc(got + 1);
		memcpy(bytes, b, got);
		OPENSSL_cleanse(b, got);
		g_free(b);
		n = got;
		bytes[n] = '\0';
	} else {
		return g_strdup(w);
	}
	char *r = NULL;
	if (n == 0)
		*ret_why = "an empty key";
	else if (strlen(bytes) != n || !g_utf8_validate(bytes, (gssize)n, NULL))
		*ret_why = PSK_BINARY;
	else
		r = g_strdup(bytes);
	OPENSSL_cleanse(bytes, n);
	return r;
}

/* Pick the PSK for the server: selectors naming the gateway, the remote id or the lns,
 * else a line for %any or with no selector. */
static bool
scan_secrets(Lx *lx, ImportProfile *p, const char *lns, char **ret_best, unsigned *ret_line)
{
	ImportText *t = lx->secrets;
	const char *gw = import_profile_get(p, "gateway");
	const char *rid = import_profile_get(p, "remote-id");
	const char *names[] = {gw, rid != NULL && rid[0] == '@' ? rid + 1 : rid, rid, lns};
	char *best = NULL; /* the caller's *ret_best, freed by it on every path */
	int best_rank = 0; /* 2: names the server, 1: %any or none */
	unsigned best_line = 0;
	for (guint i = 0; i < t->lines->len; i++) {
		unsigned no = i + 1;
		const char *line = t->lines->pdata[i];
		g_autoptr(GPtrArray) quoted = g_ptr_array_new();
		g_autoptr(GPtrArray) w = secret_words(line, quoted);
		if (w->len == 0)
			continue;
		if (strcmp(w->pdata[0], "include") == 0) {
			import_ignore(lx->out,
			    "include %s (%s:%u: l2sec reads only the files given)",
			    w->len > 1 ? (char *)w->pdata[1] : "", t->label, no);
			continue;
		}
		/* the ':' separator: a word of its own, or ending the last selector */
		guint colon = w->len;
		for (guint k = 0; k < w->len; k++) {
			char *s = w->pdata[k];
			size_t n = strlen(s);
			if (GPOINTER_TO_INT(quoted->pdata[k]))
				continue;
			if (strcmp(s, ":") == 0) {
				colon = k;
				break;
			}
			if (n > 1 && s[n - 1] == ':' && k + 1 < w->len &&
			    g_ascii_isupper(((char *)w->pdata[k + 1])[0])) {
				s[n - 1] = '\0';
				colon = k + 1;
				g_ptr_array_insert(w, (gint)colon, g_strdup(":"));
				g_ptr_array_insert(quoted, (gint)colon, GINT_TO_POINTER(0));
				break;
			}
		}
		if (colon == w->len || colon + 1 >= w->len)
			return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED, t->label, no,
			    "expected 'SELECTORS : TYPE secret'");
		const char *type = w->pdata[colon + 1];
		g_autoptr(GString) sel = g_string_new(NULL);
		for (guint k = 0; k < colon; k++)
			g_string_append_printf(sel, "%s%s", k > 0 ? " " : "", (char *)w->pdata[k]);
		if (g_ascii_strcasecmp(type, "PSK") != 0) {
			import_ignore(lx->out, "%s%s: %s (%s:%u: l2sec uses a pre-shared key)",
			    sel->str, sel->len > 0 ? " " : "", type, t->label, no);
			continue;
		}
		if (colon + 2 >= w->len)
			return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED, t->label, no,
			    "PSK without its key");
		const char *kw = w->pdata[colon + 2];
		bool kq = GPOINTER_TO_INT(quoted->pdata[colon + 2]);
		if (!kq && (kw[0] == '"' || kw[0] == '\''))
			return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED, t->label, no,
			    "PSK without its closing quote");
		int rank = colon == 0 ? 1 : 0;
		for (guint k = 0; k < colon; k++) {
			const char *s = w->pdata[k];
			if (strcmp(s, "%any") == 0 || strcmp(s, "%any6") == 0 ||
			    strcmp(s, "0.0.0.0") == 0)
				rank = rank > 1 ? rank : 1;
			for (size_t m = 0; m < G_N_ELEMENTS(names); m++)
				if (names[m] != NULL && strcmp(s, names[m]) == 0)
					rank = 2;
		}
		if (rank <= best_rank) {
			import_ignore(lx->out, "%s%s: PSK (%s:%u: %s)", sel->str,
			    sel->len > 0 ? " " : "", t->label, no,
			    rank == 0 ? "for another host"
				      : "another key for this server; l2sec "
					"uses the first");
			continue;
		}
		const char *why = NULL;
		char *psk = psk_decode(kw, kq, &why);
		if (psk == NULL && strcmp(why, PSK_BINARY) != 0)
			return import_fail(
			    lx->error, L2SEC_IMPORT_ERROR_MALFORMED, t->label, no, "PSK: %s", why);
		if (psk == NULL)
			psk = g_strdup("#"); /* cannot be written inline: a psk-file, below */
		if (best != NULL)
			import_ignore(lx->out, "PSK of line %u (%s:%u: a better match follows)",
			    best_line, t->label, no);
		l2sec_secret_free_string(best);
		best = *ret_best = psk;
		best_rank = rank;
		best_line = *ret_line = no;
	}
	return true;
}

static bool
map_secrets(Lx *lx, ImportProfile *p, const char *lns, const char *name)
{
	ImportText *t = lx->secrets;
	const char *gw = import_profile_get(p, "gateway");
	char *best = NULL;
	unsigned best_line = 0;
	if (!scan_secrets(lx, p, lns, &best, &best_line)) {
		l2sec_secret_free_string(best);
		return false;
	}
	if (best == NULL) {
		import_note(
		    lx->out, "%s holds no PSK for %s", t->label, gw != NULL ? gw : "the server");
		return true;
	}
	if (!import_profile_set(p, "psk", best)) {
		g_autofree char *stem = import_file_stem(name);
		g_autofree char *file = g_strconcat(stem, ".psk", NULL);
		import_profile_set(p, "psk-file", file);
		import_missing(lx->out, "psk");
		import_note(lx->out,
		    "the PSK on %s:%u cannot be written in a profile line (it "
		    "starts with '#', holds control characters or binary bytes): "
		    "write it to %s next to the profile (chmod 600)",
		    t->label, best_line, file);
	}
	l2sec_secret_free_string(best);
	return true;
}

/* ---- xl2tpd.conf ---- */

static bool
parse_xl2tpd(Lx *lx, ImportText *t)
{
	LxSection *cur = NULL;
	for (guint i = 0; i < t->lines->len; i++) {
		unsigned no = i + 1;
		char *raw = t->lines->pdata[i];
		cut_comment(raw, ';');
		char *s = import_strip(raw);
		if (*s == '\0' || *s == '#')
			continue;
		if (*s == '[') {
			size_t n = strlen(s);
			if (s[n - 1] != ']')
				return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED,
				    t->label, no, "section without its closing ']'");
			s[n - 1] = '\0';
			char *inner = import_strip(s + 1);
			char *sp = inner + strcspn(inner, " \t");
			char *name = "";
			if (*sp != '\0') {
				*sp = '\0';
				name = import_strip(sp + 1);
			}
			if (strcmp(inner, "global") != 0 && strcmp(inner, "lac") != 0 &&
			    strcmp(inner, "lns") != 0)
				return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED,
				    t->label, no,
				    "unknown section [%s]; expected [global], [lac NAME] or [lns "
				    "NAME]",
				    inner);
			cur = lx_section_new(inner, *name != '\0' ? name : "default", t->label, no);
			g_ptr_array_add(lx->xl2tpd, cur);
			continue;
		}
		char *eq = strchr(s, '=');
		if (eq == NULL)
			return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED, t->label, no,
			    "expected 'key = value'");
		if (cur == NULL)
			return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED, t->label, no,
			    "'key = value' before the first [section]");
		*eq = '\0';
		char *key = import_strip(s);
		char *value = import_strip(eq + 1);
		g_ptr_array_add(cur->kvs, lx_kv_new(key, value, t->label, no));
	}
	return true;
}

/* The last `key` of a section (xl2tpd's keys ignore case), marked used. */
static LxKv *
section_kv(LxSection *s, const char *key)
{
	LxKv *found = NULL;
	for (guint i = 0; i < s->kvs->len; i++) {
		LxKv *kv = s->kvs->pdata[i];
		if (g_ascii_strcasecmp(kv->key, key) == 0) {
			kv->used = true;
			found = kv;
		}
	}
	return found;
}

static const char *
section_value(LxSection *s, const char *key)
{
	LxKv *kv = section_kv(s, key);
	return kv != NULL ? kv->value : NULL;
}

static const struct {
	const char *key, *why;
} lac_ignored[] = {
    {"redial", "reconnecting is l2sec's"},
    {"redial timeout", "reconnecting is l2sec's"},
    {"max redials", "reconnecting is l2sec's"},
    {"autodial", "l2sec connects on `l2sec connect`"},
    {"ppp debug", "see l2sec connect --verbose"},
    {"length bit", "l2sec sets the length bit on every control message"},
    {"hidden bit", "l2sec hides AVPs only with a tunnel secret"},
    {"flow bit", "l2sec sends no sequence numbers on data"},
    {"require authentication",
	"the server authenticating itself; PPP settings come from the pppoptfile"},
    {"require chap", "the server authenticating itself; PPP settings come from the pppoptfile"},
    {"refuse chap", "the server authenticating itself; PPP settings come from the pppoptfile"},
    {"require pap", "the server authenticating itself; PPP settings come from the pppoptfile"},
    {"refuse pap", "the server authenticating itself; PPP settings come from the pppoptfile"},
    {"tunnel rws", "l2sec's receive window is its own"},
    {"tx bps", "a speed reported to pppd"},
    {"rx bps", "a speed reported to pppd"},
};

static void
list_unused(Lx *lx, LxSection *s, const char *why_default)
{
	for (guint i = 0; i < s->kvs->len; i++) {
		LxKv *kv = s->kvs->pdata[i];
		if (kv->used)
			continue;
		const char *why = why_default;
		for (size_t k = 0; k < G_N_ELEMENTS(lac_ignored); k++)
			if (g_ascii_strcasecmp(lac_ignored[k].key, kv->key) == 0)
				why = lac_ignored[k].why;
		import_ignore(
		    lx->out, "%s = %s (%s:%u: %s)", kv->key, kv->value, kv->file, kv->line, why);
	}
}

/* ---- pppd options ---- */

/* pppd's words: blanks separate, # starts a comment, quotes and backslashes escape. */
static bool
ppp_words(Lx *lx, ImportText *t, unsigned no, const char *line, GPtrArray *w)
{
	const char *p = line;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			return true;
		GString *s = g_string_new(NULL);
		char quote = 0;
		while (*p != '\0') {
			if (quote == 0 && (*p == ' ' || *p == '\t'))
				break;
			if (quote == 0 && (*p == '"' || *p == '\'')) {
				quote = *p++;
				continue;
			}
			if (quote != 0 && *p == quote) {
				quote = 0;
				p++;
				continue;
			}
			if (*p == '\\' && p[1] != '\0') {
				g_string_append_c(s, p[1]);
				p += 2;
				continue;
			}
			g_string_append_c(s, *p++);
		}
		if (quote != 0) {
			OPENSSL_cleanse(s->str, s->len);
			g_string_free(s, TRUE);
			return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED, t->label, no,
			    "string without its closing quote");
		}
		g_ptr_array_add(w, g_string_free(s, FALSE));
	}
}

enum { PA_MSCHAP2, PA_EAP, PA_CHAP, PA_PAP, PA_N };
static const char *const ppp_auth_names[PA_N] = {"mschap-v2", "eap", "chap", "pap"};

static const struct {
	const char *option, *why;
} ppp_ignored[] = {
    {"noauth", "l2sec never asks the server to authenticate itself"},
    {"ipcp-accept-local", "l2sec takes the addresses PPP assigns"},
    {"ipcp-accept-remote", "l2sec takes the addresses PPP assigns"},
    {"noipdefault", "l2sec takes the addresses PPP assigns"},
    {"debug", "see l2sec connect --verbose"},
    {"kdebug", "see l2sec connect --verbose"},
    {"logfile", "see l2sec connect --verbose"},
    {"dump", "see l2sec connect --verbose"},
    {"lock", "l2sec runs pppd itself"},
    {"modem", "l2sec runs pppd itself"},
    {"crtscts", "l2sec runs pppd itself"},
    {"local", "l2sec runs pppd itself"},
    {"hide-password", "l2sec runs pppd itself"},
    {"persist", "reconnecting is l2sec's"},
    {"maxfail", "reconnecting is l2sec's"},
    {"holdoff", "reconnecting is l2sec's"},
    {"connect-delay", "l2sec runs pppd itself"},
    {"nobsdcomp", "l2sec's PPP runs without compression"},
    {"nodeflate", "l2sec's PPP runs without compression"},
    {"novj", "l2sec's PPP runs without compression"},
    {"novjccomp", "l2sec's PPP runs without compression"},
    {"nopcomp", "l2sec's PPP runs without compression"},
    {"noaccomp", "l2sec's PPP runs without compression"},
    {"remotename", "the server's name for pppd's secrets files"},
    {"ipparam", "l2sec runs pppd itself"},
    {"plugin", "l2sec runs pppd with its own plugin"},
};

/* Options that take an argument (pppd(8)). */
static const char *const ppp_with_arg[] = {"name", "user", "password", "remotename", "mtu", "mru",
    "lcp-echo-interval", "lcp-echo-failure", "logfile", "maxfail", "holdoff", "connect-delay",
    "ipparam", "plugin", "idle", "asyncmap", "unit", "ifname", "linkname", "mppe",
    "lcp-max-configure", "lcp-restart", "ipcp-max-configure", "ipcp-restart", "chap-interval",
    "connect", "disconnect", "init", NULL};

static bool
ppp_number(Lx *lx, ImportText *t, unsigned no, const char *opt, const char *arg, uint32_t min,
    uint32_t max, uint32_t *ret)
{
	if (!l2sec_profile_parse_uint(arg, UINT32_MAX, ret))
		return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED, t->label, no,
		    "%s %s: not a number", opt, arg);
	if (*ret < min || *ret > max) {
		import_ignore(lx->out, "%s %s (%s:%u: l2sec takes %u to %u)", opt, arg, t->label,
		    no, min, max);
		return false;
	}
	return true;
}

static bool
map_pppopts(Lx *lx, ImportProfile *p)
{
	ImportText *t = lx->pppopts;
	bool required[PA_N] = {false}, refused[PA_N] = {false};
	bool defaultroute = false, peerdns = false, user_option = false;
	unsigned last_auth_line = 0;
	for (guint i = 0; i < t->lines->len; i++) {
		unsigned no = i + 1;
		g_autoptr(GPtrArray) w =
		    g_ptr_array_new_with_free_func((GDestroyNotify)l2sec_secret_free_string);
		if (!ppp_words(lx, t, no, t->lines->pdata[i], w))
			return false;
		for (guint k = 0; k < w->len;) {
			const char *opt = w->pdata[k++];
			const char *arg = NULL;
			bool takes = false;
			for (const char *const *a = ppp_with_arg; *a != NULL; a++)
				if (strcmp(*a, opt) == 0)
					takes = true;
			if (takes) {
				if (k >= w->len)
					return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED,
					    t->label, no, "%s without its value", opt);
				arg = w->pdata[k++];
			}
			uint32_t n;
			if (strcmp(opt, "user") == 0 || strcmp(opt, "name") == 0) {
				/* pppd: user names us for authentication; name does too unless
				 * user is given */
				if (strcmp(opt, "name") == 0 && user_option)
					continue;
				if (!import_profile_set(p, "user", arg))
					return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED,
					    t->label, no, "%s: cannot be written in a profile",
					    opt);
				if (strcmp(opt, "user") == 0)
					user_option = true;
			} else if (strcmp(opt, "password") == 0) {
				if (!import_profile_set(p, "password", arg))
					import_note(lx->out,
					    "the password on %s:%u cannot be written in "
					    "a profile line: put it in a password-file",
					    t->label, no);
			} else if (strcmp(opt, "require-mschap-v2") == 0) {
				required[PA_MSCHAP2] = true, last_auth_line = no;
			} else if (strcmp(opt, "require-eap") == 0) {
				required[PA_EAP] = true, last_auth_line = no;
			} else if (strcmp(opt, "require-chap") == 0) {
				required[PA_CHAP] = true, last_auth_line = no;
			} else if (strcmp(opt, "require-pap") == 0) {
				required[PA_PAP] = true, last_auth_line = no;
			} else if (strcmp(opt, "refuse-mschap-v2") == 0) {
				refused[PA_MSCHAP2] = true, last_auth_line = no;
			} else if (strcmp(opt, "refuse-eap") == 0) {
				refused[PA_EAP] = true, last_auth_line = no;
			} else if (strcmp(opt, "refuse-chap") == 0) {
				refused[PA_CHAP] = true, last_auth_line = no;
			} else if (strcmp(opt, "refuse-pap") == 0) {
				refused[PA_PAP] = true, last_auth_line = no;
			} else if (strcmp(opt, "refuse-mschap") == 0 ||
				   strcmp(opt, "require-mschap") == 0) {
				if (opt[2] == 'q')
					import_ignore(lx->out,
					    "%s (%s:%u: MS-CHAP v1; l2sec speaks "
					    "MS-CHAP v2)",
					    opt, t->label, no);
			} else if (strcmp(opt, "mtu") == 0 || strcmp(opt, "mru") == 0) {
				if (ppp_number(lx, t, no, opt, arg, 576, 1500, &n))
					import_profile_set(p, opt, arg);
				else if (lx->error != NULL && *lx->error != NULL)
					return false;
			} else if (strcmp(opt, "lcp-echo-interval") == 0) {
				if (ppp_number(lx, t, no, opt, arg, 0, 3600, &n))
					import_profile_set(p, opt, arg);
				else if (lx->error != NULL && *lx->error != NULL)
					return false;
			} else if (strcmp(opt, "lcp-echo-failure") == 0) {
				if (ppp_number(lx, t, no, opt, arg, 0, 100, &n))
					import_profile_set(p, opt, arg);
				else if (lx->error != NULL && *lx->error != NULL)
					return false;
			} else if (strcmp(opt, "noccp") == 0 || strcmp(opt, "nomppe") == 0) {
				/* no MPPE: l2sec's default */
			} else if (strcmp(opt, "require-mppe") == 0 ||
				   strcmp(opt, "require-mppe-128") == 0 ||
				   (strcmp(opt, "mppe") == 0 &&
				       g_str_has_prefix(arg, "required"))) {
				import_profile_set(p, "mppe", "required");
			} else if (strcmp(opt, "require-mppe-40") == 0) {
				import_profile_set(p, "mppe", "required");
				import_ignore(lx->out, "%s (%s:%u: l2sec's MPPE keys are 128-bit)",
				    opt, t->label, no);
			} else if (strcmp(opt, "defaultroute") == 0 ||
				   strcmp(opt, "replacedefaultroute") == 0) {
				defaultroute = true;
			} else if (strcmp(opt, "nodefaultroute") == 0) {
				defaultroute = false;
			} else if (strcmp(opt, "usepeerdns") == 0) {
				peerdns = true;
			} else {
				const char *why = "a pppd option l2sec sets itself";
				for (size_t m = 0; m < G_N_ELEMENTS(ppp_ignored); m++)
					if (strcmp(ppp_ignored[m].option, opt) == 0)
						why = ppp_ignored[m].why;
				import_ignore(lx->out, "%s%s%s (%s:%u: %s)", opt, arg ? " " : "",
				    arg ? arg : "", t->label, no, why);
			}
		}
	}
	/* the protocol: the strongest required one, else the strongest not refused */
	int pick = -1;
	for (int a = 0; a < PA_N && pick < 0; a++)
		if (required[a])
			pick = a;
	if (pick < 0 && last_auth_line > 0) {
		for (int a = 0; a < PA_N && pick < 0; a++)
			if (!refused[a])
				pick = a;
		if (pick < 0)
			return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED, t->label,
			    last_auth_line, "every authentication protocol is refused");
	}
	if (pick >= 0)
		import_profile_set(p, "auth", ppp_auth_names[pick]);
	/* RFC 3078 §7: MPPE keys come from MS-CHAP or EAP; pppd would fail the same way */
	if (import_profile_get(p, "mppe") != NULL && (pick == PA_CHAP || pick == PA_PAP)) {
		import_ignore(lx->out, "require-mppe (%s: MPPE needs MS-CHAP v2 or EAP, and the "
				       "options pick %s)",
		    t->label, ppp_auth_names[pick]);
		import_profile_unset(p, "mppe");
	}
	if (!defaultroute) {
		import_profile_set(p, "default-route", "no");
		import_note(lx->out,
		    "%s has no defaultroute: only the routes in [routes] routes "
		    "go through the tunnel",
		    t->label);
	}
	if (!peerdns)
		import_profile_set(p, "use-peer-dns", "no");
	return true;
}

/* ---- the set ---- */

static bool
has_line_prefix(ImportText *t, const char *prefix)
{
	for (guint i = 0; i < t->lines->len; i++) {
		const char *s = t->lines->pdata[i];
		while (*s == ' ' || *s == '\t')
			s++;
		if (g_str_has_prefix(s, prefix))
			return true;
	}
	return false;
}

static void
lx_clear(Lx *lx)
{
	g_ptr_array_unref(lx->texts);
	g_ptr_array_unref(lx->conns);
	g_ptr_array_unref(lx->setup);
	g_ptr_array_unref(lx->xl2tpd);
}

static bool
import_set(Lx *lx, const L2secImportFile *files, size_t n_files)
{
	/* decode every file, then sort them by name and content */
	GPtrArray *unknown = g_ptr_array_new();
	g_autoptr(GPtrArray) ipsec_confs = g_ptr_array_new();
	for (size_t i = 0; i < n_files; i++) {
		ImportText *t = import_text_new(&files[i], false, lx->error);
		if (t == NULL) {
			g_ptr_array_unref(unknown);
			return false;
		}
		g_ptr_array_add(lx->texts, t);
		const char *b = t->label;
		if (g_str_has_suffix(b, ".secrets"))
			lx->secrets = lx->secrets != NULL ? lx->secrets : t;
		else if (strcmp(b, "xl2tpd.conf") == 0 ||
			 ((has_line_prefix(t, "[lac") || has_line_prefix(t, "[global]")) &&
			     !has_line_prefix(t, "conn ")))
			lx->xl2tpd_text = lx->xl2tpd_text != NULL ? lx->xl2tpd_text : t;
		else if (strcmp(b, "ipsec.conf") == 0 || has_line_prefix(t, "conn ") ||
			 has_line_prefix(t, "config setup"))
			g_ptr_array_add(ipsec_confs, t);
		else
			g_ptr_array_add(unknown, t);
	}
	for (guint i = 0; i < ipsec_confs->len; i++)
		if (!parse_ipsec_conf(lx, ipsec_confs->pdata[i])) {
			g_ptr_array_unref(unknown);
			return false;
		}
	if (lx->xl2tpd_text != NULL && !parse_xl2tpd(lx, lx->xl2tpd_text)) {
		g_ptr_array_unref(unknown);
		return false;
	}
	if (ipsec_confs->len == 0 && lx->xl2tpd_text == NULL) {
		g_ptr_array_unref(unknown);
		return import_fail(lx->error, L2SEC_IMPORT_ERROR_FORMAT,
		    n_files > 0 ? ((ImportText *)lx->texts->pdata[0])->label : "-", 0,
		    "neither an ipsec.conf (conn sections) nor an xl2tpd.conf ([lac] section) "
		    "among the files");
	}

	/* the [lac]: the one whose lns is the ipsec.conf server, else the first */
	LxSection *lac = NULL;
	g_autoptr(GString) other_lacs = g_string_new(NULL);
	LxSection *first_lns = NULL;
	for (guint i = 0; i < lx->xl2tpd->len; i++) {
		LxSection *s = lx->xl2tpd->pdata[i];
		if (strcmp(s->kind, "lns") == 0 && first_lns == NULL)
			first_lns = s;
		if (strcmp(s->kind, "lac") == 0 && lac == NULL)
			lac = s;
	}
	if (lx->xl2tpd_text != NULL && lac == NULL) {
		g_ptr_array_unref(unknown);
		if (first_lns != NULL)
			return import_fail(lx->error, L2SEC_IMPORT_ERROR_UNSUPPORTED,
			    first_lns->file, first_lns->line,
			    "[lns %s] is a server's configuration; l2sec needs "
			    "a client's [lac NAME] section",
			    first_lns->name);
		return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED, lx->xl2tpd_text->label,
		    0, "no [lac NAME] section");
	}

	/* the conn: an L2TP one (transport, udp/1701), preferring the one whose right is the
	 * lns; conns only used as also= templates are skipped */
	const char *lns = lac != NULL ? section_value(lac, "lns") : NULL;
	LxSection *conn = NULL;
	g_autoptr(GString) other_conns = g_string_new(NULL);
	for (guint i = 0; i < lx->conns->len; i++) {
		LxSection *c = lx->conns->pdata[i];
		if (strcmp(c->name, "%default") == 0)
			continue;
		bool l2tp = conn_is_l2tp(c);
		bool auto_ignore = false;
		const char *right = NULL;
		for (guint k = 0; k < c->kvs->len; k++) {
			LxKv *kv = c->kvs->pdata[k];
			if (strcmp(kv->key, "auto") == 0 && strcmp(kv->value, "ignore") == 0)
				auto_ignore = true;
			if (strcmp(kv->key, "right") == 0)
				right = kv->value;
		}
		if (!l2tp || auto_ignore)
			continue;
		if (conn == NULL ||
		    (lns != NULL && right != NULL && strcmp(right, lns) == 0 &&
			(conn != NULL && g_strcmp0(section_value(conn, "right"), lns) != 0))) {
			if (conn != NULL)
				g_string_append_printf(
				    other_conns, "%s%s", other_conns->len ? ", " : "", conn->name);
			conn = c;
		} else {
			g_string_append_printf(
			    other_conns, "%s%s", other_conns->len ? ", " : "", c->name);
		}
	}
	if (conn == NULL && lx->conns->len > 0) {
		for (guint i = 0; i < lx->conns->len && conn == NULL; i++) {
			LxSection *c = lx->conns->pdata[i];
			if (strcmp(c->name, "%default") != 0)
				conn = c;
		}
		if (conn != NULL)
			import_note(lx->out,
			    "no conn has type=transport or a protoport of 17/1701; "
			    "using conn %s",
			    conn->name);
	}
	if (conn == NULL && ipsec_confs->len > 0) {
		g_ptr_array_unref(unknown);
		return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED,
		    ((ImportText *)ipsec_confs->pdata[0])->label, 0, "no conn section");
	}
	if (other_conns->len > 0)
		import_note(
		    lx->out, "imported conn %s; also found conn %s", conn->name, other_conns->str);

	/* the pppoptfile: the base name of the path in the [lac] */
	const char *optpath = lac != NULL ? section_value(lac, "pppoptfile") : NULL;
	if (optpath != NULL) {
		g_autofree char *base = g_path_get_basename(optpath);
		for (guint i = 0; i < unknown->len; i++) {
			ImportText *t = unknown->pdata[i];
			if (strcmp(t->label, base) == 0) {
				lx->pppopts = t;
				g_ptr_array_remove_index(unknown, i);
				break;
			}
		}
		if (lx->pppopts == NULL)
			import_note(lx->out,
			    "%s names pppoptfile %s, which is not among the files: "
			    "its PPP options are not imported",
			    lac->file, optpath);
	}
	for (guint i = 0; i < unknown->len; i++)
		import_note(lx->out,
		    "%s: not used (not an ipsec.conf, ipsec.secrets, xl2tpd.conf "
		    "or the pppoptfile it names)",
		    ((ImportText *)unknown->pdata[i])->label);
	g_ptr_array_unref(unknown);

	g_autoptr(ImportProfile) p = import_profile_new();
	for (guint i = 0; i < lx->setup->len; i++) {
		LxKv *kv = lx->setup->pdata[i];
		import_ignore(lx->out, "%s=%s (%s:%u: config setup: a setting of the IPsec daemon)",
		    kv->key, kv->value, kv->file, kv->line);
	}
	if (conn != NULL && !map_conn(lx, conn, p))
		return false;
	/* the rest of the conns: what the chosen conn did not use is listed by map_conn; the
	 * other conns are named in the notes */

	const char *name = conn != NULL ? conn->name : lac->name;
	if (lac != NULL) {
		if (lac->name != NULL && strcmp(lac->name, "default") != 0)
			name = lac->name;
		const char *gw = import_profile_get(p, "gateway");
		if (lns != NULL && gw == NULL) {
			L2secGatewayKind gk;
			g_autofree char *g = NULL;
			g_autoptr(GError) inner = NULL;
			LxKv *kv = section_kv(lac, "lns");
			if (!l2sec_profile_parse_gateway(lns, &gk, &g, &inner))
				return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED,
				    kv->file, kv->line, "lns = %s: %s", lns, inner->message);
			import_profile_set(p, "gateway", g);
		} else if (lns != NULL && strcmp(lns, gw) != 0) {
			import_note(lx->out,
			    "[lac %s] lns = %s differs from the IPsec server %s; "
			    "l2sec uses %s for both",
			    lac->name, lns, gw, gw);
		}
		const char *user = section_value(lac, "name");
		if (user != NULL && !import_profile_set(p, "user", user))
			return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED, lac->file,
			    lac->line, "name: cannot be written in a profile");
		const char *challenge = section_value(lac, "challenge");
		if (challenge != NULL && strcmp(challenge, "yes") == 0) {
			g_autofree char *stem = import_file_stem(name);
			g_autofree char *f = g_strconcat(stem, ".tunnel-secret", NULL);
			import_profile_set(p, "tunnel-secret-file", f);
			import_missing(lx->out, "tunnel-secret");
			import_note(lx->out,
			    "[lac %s] challenge = yes: the tunnel secret is in "
			    "xl2tpd's l2tp-secrets; write it to %s next to the "
			    "profile (chmod 600)",
			    lac->name, f);
		}
		for (guint i = 0; i < lx->xl2tpd->len; i++) {
			LxSection *s = lx->xl2tpd->pdata[i];
			if (s == lac) {
				list_unused(lx, s, "no l2sec equivalent");
			} else if (strcmp(s->kind, "global") == 0) {
				const char *port = section_value(s, "port");
				if (port != NULL && strcmp(port, "1701") != 0)
					import_ignore(lx->out,
					    "port = %s (%s:%u: l2sec's L2TP port is "
					    "1701 or ephemeral)",
					    port, s->file, s->line);
				list_unused(lx, s, "a setting of the xl2tpd daemon");
			} else {
				g_string_append_printf(other_lacs, "%s[%s %s]",
				    other_lacs->len > 0 ? ", " : "", s->kind, s->name);
			}
		}
		if (other_lacs->len > 0)
			import_note(lx->out, "imported [lac %s]; %s also holds %s", lac->name,
			    lac->file, other_lacs->str);
	}
	if (lx->pppopts != NULL && !map_pppopts(lx, p))
		return false;
	if (lx->secrets != NULL && !map_secrets(lx, p, lns, name))
		return false;
	import_profile_set(p, "description", name);
	if (import_profile_get(p, "gateway") == NULL)
		return import_fail(lx->error, L2SEC_IMPORT_ERROR_MALFORMED,
		    conn != NULL ? conn->file : lac->file, conn != NULL ? conn->line : lac->line,
		    "no server: neither right= in the conn nor lns = in the [lac]");
	return import_profile_finish(
	    p, conn != NULL ? conn->file : lac->file, name, "the how-to files", lx->out, lx->error);
}

bool
l2sec_import_linux(const L2secImportFile *files, size_t n_files, L2secImport *out, GError **error)
{
	Lx lx = {
	    .texts = g_ptr_array_new_with_free_func((GDestroyNotify)import_text_free),
	    .conns = g_ptr_array_new_with_free_func((GDestroyNotify)lx_section_free),
	    .setup = g_ptr_array_new_with_free_func((GDestroyNotify)lx_kv_free),
	    .xl2tpd = g_ptr_array_new_with_free_func((GDestroyNotify)lx_section_free),
	    .out = out,
	    .error = error,
	};
	bool ok = import_set(&lx, files, n_files);
	lx_clear(&lx);
	return ok;
}
