/*
 * import_mobileconfig.c — Apple configuration profiles (import.h): a plist
 * XML document, or the same wrapped in CMS SignedData (RFC 5652) as signed
 * profiles are. The plist is read with GMarkup into a small tree (dict, array,
 * string, integer, real, true, false, data, date); the VPN payloads are
 * PayloadContent entries of PayloadType com.apple.vpn.managed with VPNType
 * L2TP, holding a PPP dictionary (CommRemoteAddress, AuthName, AuthPassword,
 * TokenCard...), an IPSec dictionary (AuthenticationMethod SharedSecret,
 * SharedSecret as base64 <data>, LocalIdentifier...) and IPv4 OverridePrimary.
 * Errors name the key path: "PayloadContent[0].IPSec.SharedSecret: not base64
 * data". A signed profile's signature is checked against the certificate it
 * carries, never against a trust store: the notes say so.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include "client/import.h"
#include "client/import_draft.h"
#include "client/profile_values.h"
#include "common/secret.h"

/* ---- the plist tree ---- */

typedef enum {
	PL_DICT,
	PL_ARRAY,
	PL_STRING,
	PL_INTEGER,
	PL_REAL,
	PL_TRUE,
	PL_FALSE,
	PL_DATA,
	PL_DATE,
} PlType;

typedef struct PlNode PlNode;
struct PlNode {
	PlType type;
	GString *text;    /* leaves: the element's text */
	GPtrArray *items; /* dict and array: PlNode * */
	GPtrArray *keys;  /* dict: char *, parallel to items */
	int line;         /* of the start tag, for messages */
	char *key;        /* its <key> in the parent dict, until attached */
};

static void
pl_free(PlNode *n)
{
	if (n == NULL)
		return;
	if (n->text != NULL) {
		explicit_bzero(n->text->str, n->text->allocated_len); /* may be a secret */
		g_string_free(n->text, TRUE);
	}
	if (n->items != NULL)
		g_ptr_array_unref(n->items);
	if (n->keys != NULL)
		g_ptr_array_unref(n->keys);
	g_free(n->key);
	g_free(n);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(PlNode, pl_free)

static const struct {
	const char *tag;
	PlType type;
} pl_tags[] = {
    {"dict", PL_DICT},
    {"array", PL_ARRAY},
    {"string", PL_STRING},
    {"integer", PL_INTEGER},
    {"real", PL_REAL},
    {"true", PL_TRUE},
    {"false", PL_FALSE},
    {"data", PL_DATA},
    {"date", PL_DATE},
};

#define PL_MAX_DEPTH 32

typedef struct PlParser {
	GPtrArray *stack; /* PlNode * being built, innermost last */
	PlNode *root;
	char *pending_key; /* a dict's <key> waiting for its value */
	GString *key_text; /* inside <key> */
	bool in_key, seen_plist;
} PlParser;

static void
pl_attach(PlParser *pp, PlNode *n, GMarkupParseContext *ctx, GError **error)
{
	if (pp->stack->len == 0) {
		if (pp->root != NULL) {
			int line, col;
			g_markup_parse_context_get_position(ctx, &line, &col);
			pl_free(n);
			g_set_error(error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
			    "Error on line %d char %d: more than one value in <plist>", line, col);
			return;
		}
		pp->root = n;
		return;
	}
	PlNode *parent = pp->stack->pdata[pp->stack->len - 1];
	if (parent->type == PL_DICT) {
		if (n->key == NULL) {
			pl_free(n);
			g_set_error(error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
			    "a value in a <dict> without its <key>");
			return;
		}
		g_ptr_array_add(parent->keys, g_steal_pointer(&n->key));
	}
	g_ptr_array_add(parent->items, n);
}

static void
pl_start(GMarkupParseContext *ctx, const char *name, const char **attr_names,
    const char **attr_values, gpointer data, GError **error)
{
	(void)attr_names;
	(void)attr_values;
	PlParser *pp = data;
	int line;
	g_markup_parse_context_get_position(ctx, &line, NULL);
	if (strcmp(name, "plist") == 0) {
		if (pp->seen_plist)
			g_set_error(error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
			    "<plist> inside <plist>");
		pp->seen_plist = true;
		return;
	}
	if (!pp->seen_plist) {
		g_set_error(error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
		    "<%s> outside <plist>: not a property list", name);
		return;
	}
	PlNode *parent = pp->stack->len > 0 ? pp->stack->pdata[pp->stack->len - 1] : NULL;
	if (strcmp(name, "key") == 0) {
		if (parent == NULL || parent->type != PL_DICT || pp->in_key ||
		    pp->pending_key != NULL) {
			g_set_error(error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
			    "<key> %s",
			    pp->pending_key != NULL ? "after a <key> without its value"
						    : "outside a <dict>");
			return;
		}
		pp->in_key = true;
		g_string_truncate(pp->key_text, 0);
		return;
	}
	if (pp->in_key || (parent != NULL && parent->type != PL_DICT && parent->type != PL_ARRAY)) {
		g_set_error(error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
		    "<%s> inside a value", name);
		return;
	}
	if (pp->stack->len >= PL_MAX_DEPTH) {
		g_set_error(error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
		    "nested more than %d deep", PL_MAX_DEPTH);
		return;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(pl_tags); i++) {
		if (strcmp(pl_tags[i].tag, name) != 0)
			continue;
		if (parent != NULL && parent->type == PL_DICT && pp->pending_key == NULL) {
			g_set_error(error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
			    "a <%s> in a <dict> without its <key>", name);
			return;
		}
		PlNode *n = g_new0(PlNode, 1);
		n->type = pl_tags[i].type;
		n->line = line;
		n->key = g_steal_pointer(&pp->pending_key);
		if (n->type == PL_DICT || n->type == PL_ARRAY) {
			n->items = g_ptr_array_new_with_free_func((GDestroyNotify)pl_free);
			if (n->type == PL_DICT)
				n->keys = g_ptr_array_new_with_free_func(g_free);
		} else {
			n->text = g_string_new(NULL);
		}
		g_ptr_array_add(pp->stack, n);
		return;
	}
	g_set_error(error, G_MARKUP_ERROR, G_MARKUP_ERROR_UNKNOWN_ELEMENT,
	    "<%s> is not a property list element", name);
}

static void
pl_end(GMarkupParseContext *ctx, const char *name, gpointer data, GError **error)
{
	PlParser *pp = data;
	if (strcmp(name, "plist") == 0)
		return;
	if (strcmp(name, "key") == 0) {
		pp->in_key = false;
		pp->pending_key = g_strdup(pp->key_text->str);
		return;
	}
	PlNode *n = g_ptr_array_steal_index(pp->stack, pp->stack->len - 1);
	if (n->type == PL_DICT && pp->pending_key != NULL) {
		/* GMarkup gives the position of errors at start tags only */
		int line, col;
		g_markup_parse_context_get_position(ctx, &line, &col);
		g_set_error(error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
		    "Error on line %d char %d: <key>%s</key> without its value", line, col,
		    pp->pending_key);
		pl_free(n);
		return;
	}
	pl_attach(pp, n, ctx, error);
}

static void
pl_text(GMarkupParseContext *ctx, const char *text, gsize len, gpointer data, GError **error)
{
	PlParser *pp = data;
	if (pp->in_key) {
		g_string_append_len(pp->key_text, text, (gssize)len);
		return;
	}
	if (pp->stack->len == 0)
		return;
	PlNode *n = pp->stack->pdata[pp->stack->len - 1];
	if (n->text != NULL) {
		g_string_append_len(n->text, text, (gssize)len);
		return;
	}
	for (gsize i = 0; i < len; i++) {
		if (!g_ascii_isspace(text[i])) {
			g_set_error(error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
			    "text inside a <%s>", n->type == PL_DICT ? "dict" : "array");
			return;
		}
	}
}

static const GMarkupParser pl_parser = {pl_start, pl_end, pl_text, NULL, NULL};

/* Parse the XML into a tree; the GMarkup messages say the line. */
static PlNode *
pl_parse(const char *xml, size_t len, GError **error)
{
	PlParser pp = {.stack = g_ptr_array_new_with_free_func((GDestroyNotify)pl_free),
	    .key_text = g_string_new(NULL)};
	GMarkupParseContext *ctx =
	    g_markup_parse_context_new(&pl_parser, G_MARKUP_PREFIX_ERROR_POSITION, &pp, NULL);
	bool ok = g_markup_parse_context_parse(ctx, xml, (gssize)len, error) &&
		  g_markup_parse_context_end_parse(ctx, error);
	g_markup_parse_context_free(ctx);
	g_ptr_array_unref(pp.stack);
	g_string_free(pp.key_text, TRUE);
	g_free(pp.pending_key);
	if (!ok) {
		pl_free(pp.root);
		return NULL;
	}
	if (pp.root == NULL) {
		g_set_error(error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
		    "no value in the property list");
		return NULL;
	}
	return pp.root;
}

static PlNode *
pl_get(const PlNode *dict, const char *key)
{
	if (dict == NULL || dict->type != PL_DICT)
		return NULL;
	for (guint i = 0; i < dict->keys->len; i++)
		if (strcmp(dict->keys->pdata[i], key) == 0)
			return dict->items->pdata[i];
	return NULL;
}

static const char *
pl_type_name(PlType t)
{
	for (size_t i = 0; i < G_N_ELEMENTS(pl_tags); i++)
		if (pl_tags[i].type == t)
			return pl_tags[i].tag;
	return "?";
}

/* ---- the import ---- */

typedef struct McImport {
	const char *file;
	L2secImport *out;
	L2secImportDraft *draft;
} McImport;

static bool mc_fail(McImport *mc, GError **error, int code, const char *path, const char *fmt, ...)
    G_GNUC_PRINTF(5, 6);

/* "FILE: PATH: message" */
static bool
mc_fail(McImport *mc, GError **error, int code, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, L2SEC_IMPORT_ERROR, code, "%s: %s: %s", mc->file, path, msg);
	return false;
}

/* The text of a leaf, as the value shown in "ignored" lines. */
static char *
pl_show(const PlNode *n)
{
	switch (n->type) {
	case PL_DICT:
		return g_strdup_printf("<dict of %u keys>", n->items->len);
	case PL_ARRAY:
		return g_strdup_printf("<array of %u items>", n->items->len);
	case PL_TRUE:
		return g_strdup("true");
	case PL_FALSE:
		return g_strdup("false");
	case PL_DATA:
		return g_strdup("<data>");
	default:
		return g_strstrip(g_strdup(n->text->str));
	}
}

static bool
want_type(McImport *mc, const PlNode *n, PlType t, const char *path, GError **error)
{
	if (n->type == t)
		return true;
	return mc_fail(mc, error, L2SEC_IMPORT_ERROR_MALFORMED, path, "a <%s>, expected a <%s>",
	    pl_type_name(n->type), pl_type_name(t));
}

/* A plist integer (or a string of digits, which Apple's tools accept too). */
static bool
want_int(McImport *mc, const PlNode *n, const char *path, long long *ret, GError **error)
{
	if (n->type != PL_INTEGER && n->type != PL_STRING)
		return want_type(mc, n, PL_INTEGER, path, error);
	g_autofree char *t = g_strstrip(g_strdup(n->text->str));
	char *end;
	long long v = g_ascii_strtoll(t, &end, 10);
	if (*t == '\0' || *end != '\0')
		return mc_fail(
		    mc, error, L2SEC_IMPORT_ERROR_MALFORMED, path, "'%s' is not an integer", t);
	*ret = v;
	return true;
}

static bool
want_bool(McImport *mc, const PlNode *n, const char *path, bool *ret, GError **error)
{
	if (n->type == PL_TRUE || n->type == PL_FALSE) {
		*ret = n->type == PL_TRUE;
		return true;
	}
	if (n->type == PL_INTEGER) {
		long long v = 0;
		if (!want_int(mc, n, path, &v, error))
			return false;
		*ret = v != 0;
		return true;
	}
	return mc_fail(mc, error, L2SEC_IMPORT_ERROR_MALFORMED, path,
	    "a <%s>, expected <true/> or <false/>", pl_type_name(n->type));
}

static void
mc_ignore(McImport *mc, const char *path, const PlNode *n, const char *why)
{
	g_autofree char *v = pl_show(n);
	l2sec_import_ignore(mc->out, path, v, why);
}

static bool
mc_ppp(McImport *mc, const PlNode *ppp, const char *base, GError **error)
{
	for (guint i = 0; i < ppp->keys->len; i++) {
		const char *k = ppp->keys->pdata[i];
		const PlNode *v = ppp->items->pdata[i];
		g_autofree char *path = g_strdup_printf("%s.%s", base, k);
		if (strcmp(k, "CommRemoteAddress") == 0) {
			if (!want_type(mc, v, PL_STRING, path, error))
				return false;
			g_autofree char *gw = g_strstrip(g_strdup(v->text->str));
			l2sec_import_draft_set(mc->draft, "gateway", gw);
		} else if (strcmp(k, "AuthName") == 0) {
			if (!want_type(mc, v, PL_STRING, path, error))
				return false;
			l2sec_import_draft_set(mc->draft, "user", v->text->str);
		} else if (strcmp(k, "AuthPassword") == 0) {
			if (!want_type(mc, v, PL_STRING, path, error))
				return false;
			if (v->text->len > 0)
				l2sec_import_draft_set(mc->draft, "password", v->text->str);
		} else if (strcmp(k, "TokenCard") == 0) {
			bool b;
			if (!want_bool(mc, v, path, &b, error))
				return false;
			if (b)
				return mc_fail(mc, error, L2SEC_IMPORT_ERROR_UNSUPPORTED, path,
				    "RSA SecurID token cards are not supported by l2sec");
		} else if (strcmp(k, "AuthEAPPlugins") == 0 || strcmp(k, "AuthProtocol") == 0) {
			mc_ignore(mc, path, v, "l2sec uses MS-CHAPv2 as Apple devices do");
		} else {
			mc_ignore(mc, path, v, "not an l2sec setting");
		}
	}
	return true;
}

static bool
mc_ipsec(McImport *mc, const PlNode *ipsec, const char *base, GError **error)
{
	for (guint i = 0; i < ipsec->keys->len; i++) {
		const char *k = ipsec->keys->pdata[i];
		const PlNode *v = ipsec->items->pdata[i];
		g_autofree char *path = g_strdup_printf("%s.%s", base, k);
		if (strcmp(k, "AuthenticationMethod") == 0) {
			if (!want_type(mc, v, PL_STRING, path, error))
				return false;
			if (strcmp(v->text->str, "SharedSecret") != 0)
				return mc_fail(mc, error, L2SEC_IMPORT_ERROR_UNSUPPORTED, path,
				    "'%s': l2sec authenticates IPsec with a shared secret only",
				    v->text->str);
		} else if (strcmp(k, "SharedSecret") == 0) {
			g_autoptr(L2secSecret) psk = NULL;
			if (v->type == PL_DATA) {
				if (!l2sec_import_base64_decode(v->text->str, &psk))
					return mc_fail(mc, error, L2SEC_IMPORT_ERROR_MALFORMED,
					    path, "not base64 data");
			} else if (v->type == PL_STRING) {
				psk = l2sec_secret_new_str(v->text->str);
			} else {
				return want_type(mc, v, PL_DATA, path, error);
			}
			if (psk->len == 0 || memchr(psk->data, '\0', psk->len) != NULL ||
			    !g_utf8_validate((const char *)psk->data, (gssize)psk->len, NULL))
				return mc_fail(mc, error, L2SEC_IMPORT_ERROR_MALFORMED, path,
				    "empty, or not UTF-8 text: l2sec profiles hold text keys");
			l2sec_import_draft_set(mc->draft, "psk", (const char *)psk->data);
		} else if (strcmp(k, "LocalIdentifier") == 0) {
			if (!want_type(mc, v, PL_STRING, path, error))
				return false;
			/* KeyID: Apple sends it as a key-id identity; l2sec's FQDN form is @name */
			l2sec_import_draft_set(mc->draft, "local-id", v->text->str);
		} else if (strcmp(k, "LocalIdentifierType") == 0) {
			if (!want_type(mc, v, PL_STRING, path, error))
				return false;
			if (strcmp(v->text->str, "KeyID") != 0)
				mc_ignore(mc, path, v, "only KeyID is defined");
		} else if (strcmp(k, "PromptForVPNPIN") == 0) {
			bool b;
			if (!want_bool(mc, v, path, &b, error))
				return false;
			if (b)
				mc_ignore(mc, path, v, "no PIN prompt in l2sec");
		} else {
			mc_ignore(mc, path, v, "not an l2sec setting");
		}
	}
	return true;
}

/* One com.apple.vpn.managed payload of VPNType L2TP. */
static bool
mc_vpn_payload(McImport *mc, const PlNode *pl, const char *base, GError **error)
{
	bool override_seen = false;
	for (guint i = 0; i < pl->keys->len; i++) {
		const char *k = pl->keys->pdata[i];
		const PlNode *v = pl->items->pdata[i];
		g_autofree char *path = g_strdup_printf("%s.%s", base, k);
		if (g_str_has_prefix(k, "Payload") || strcmp(k, "VPNType") == 0)
			continue; /* checked, or the payload's identity and labels */
		if (strcmp(k, "UserDefinedName") == 0) {
			if (!want_type(mc, v, PL_STRING, path, error))
				return false;
			l2sec_import_draft_set(mc->draft, "description", v->text->str);
			g_free(mc->out->name);
			mc->out->name = g_strdup(v->text->str);
		} else if (strcmp(k, "PPP") == 0) {
			if (!want_type(mc, v, PL_DICT, path, error) || !mc_ppp(mc, v, path, error))
				return false;
		} else if (strcmp(k, "IPSec") == 0) {
			if (!want_type(mc, v, PL_DICT, path, error) ||
			    !mc_ipsec(mc, v, path, error))
				return false;
		} else if (strcmp(k, "IPv4") == 0) {
			if (!want_type(mc, v, PL_DICT, path, error))
				return false;
			for (guint j = 0; j < v->keys->len; j++) {
				const char *k4 = v->keys->pdata[j];
				const PlNode *v4 = v->items->pdata[j];
				g_autofree char *p4 = g_strdup_printf("%s.%s", path, k4);
				if (strcmp(k4, "OverridePrimary") == 0) {
					bool b;
					if (!want_bool(mc, v4, p4, &b, error))
						return false;
					override_seen = true;
					l2sec_import_draft_set(
					    mc->draft, "default-route", b ? "yes" : "no");
				} else {
					mc_ignore(mc, p4, v4, "not an l2sec setting");
				}
			}
		} else if (strcmp(k, "VPN") == 0 && v->type == PL_DICT) {
			for (guint j = 0; j < v->keys->len; j++) {
				g_autofree char *pv =
				    g_strdup_printf("%s.%s", path, (const char *)v->keys->pdata[j]);
				mc_ignore(mc, pv, v->items->pdata[j], "not an l2sec setting");
			}
		} else {
			mc_ignore(mc, path, v, "not an l2sec setting");
		}
	}
	if (!override_seen) {
		/* Apple: OverridePrimary absent is false, traffic to the server's networks only */
		l2sec_import_draft_set(mc->draft, "default-route", "no");
		l2sec_import_note(mc->out,
		    "%s.IPv4.OverridePrimary is absent: only the server's "
		    "networks go through the tunnel (default-route = no)",
		    base);
	}
	if (l2sec_import_draft_get(mc->draft, "gateway") == NULL)
		return mc_fail(mc, error, L2SEC_IMPORT_ERROR_MALFORMED, base,
		    "no PPP.CommRemoteAddress: the payload names no server");
	if (l2sec_import_draft_get(mc->draft, "user") == NULL)
		return mc_fail(mc, error, L2SEC_IMPORT_ERROR_MALFORMED, base,
		    "no PPP.AuthName: l2sec needs the PPP user name");
	if (l2sec_import_draft_get(mc->draft, "psk") == NULL)
		l2sec_import_missing(mc->out, "psk");
	if (l2sec_import_draft_get(mc->draft, "password") == NULL)
		l2sec_import_missing(mc->out, "password");
	return true;
}

/* The content of a CMS SignedData profile, checked against its own signer certificate. */
static bool
mc_unwrap_cms(McImport *mc, const L2secImportFile *f, GByteArray **ret, GError **error)
{
	BIO *in = BIO_new_mem_buf(f->data, (int)MIN(f->len, (size_t)G_MAXINT));
	CMS_ContentInfo *cms = d2i_CMS_bio(in, NULL);
	BIO_free(in);
	if (cms == NULL) {
		ERR_clear_error();
		g_set_error(error, L2SEC_IMPORT_ERROR, L2SEC_IMPORT_ERROR_MALFORMED,
		    "%s: CMS: not a well-formed signed profile (PKCS#7 SignedData)", mc->file);
		return false;
	}
	BIO *out = BIO_new(BIO_s_mem());
	bool ok =
	    CMS_verify(cms, NULL, NULL, NULL, out, CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) == 1;
	if (!ok) {
		const char *reason = ERR_reason_error_string(ERR_peek_last_error());
		g_autofree char *buf = g_strdup(reason != NULL ? reason : "no reason given");
		ERR_clear_error();
		g_set_error(error, L2SEC_IMPORT_ERROR, L2SEC_IMPORT_ERROR_MALFORMED,
		    "%s: CMS: the signature does not check out against the content (%s)", mc->file,
		    buf);
	} else {
		char *p;
		long n = BIO_get_mem_data(out, &p);
		*ret = g_byte_array_new();
		g_byte_array_append(*ret, (const guint8 *)p, (guint)n);
		STACK_OF(X509) *signers = CMS_get0_signers(cms);
		g_autofree char *who = NULL;
		if (signers != NULL && sk_X509_num(signers) > 0) {
			char *s = X509_NAME_oneline(
			    X509_get_subject_name(sk_X509_value(signers, 0)), NULL, 0);
			who = g_strdup(s);
			OPENSSL_free(s);
		}
		sk_X509_free(signers);
		l2sec_import_note(mc->out,
		    "signed profile: the signature matches the content and its certificate (%s), "
		    "but the signer was not verified against a trust store",
		    who != NULL ? who : "no signer named");
	}
	BIO_free(out);
	CMS_ContentInfo_free(cms);
	return ok;
}

bool
l2sec_import_mobileconfig_entry(
    const L2secImportFile *f, const char *entry, L2secImport *out, GError **error)
{
	g_autoptr(L2secImportDraft) draft = l2sec_import_draft_new();
	McImport mc = {.file = f->path, .out = out, .draft = draft};
	g_autoptr(GByteArray) content = NULL;
	const char *xml = f->data;
	size_t len = f->len;
	if (len > 0 && (uint8_t)xml[0] == 0x30) {
		if (!mc_unwrap_cms(&mc, f, &content, error))
			return false;
		xml = (const char *)content->data;
		len = content->len;
	}
	if (len >= 3 && memcmp(xml, "\xef\xbb\xbf", 3) == 0)
		xml += 3, len -= 3;
	if (len == 0) {
		g_set_error(error, L2SEC_IMPORT_ERROR, L2SEC_IMPORT_ERROR_FORMAT,
		    "%s: empty: not a configuration profile", f->path);
		return false;
	}
	if (len >= 8 && memcmp(xml, "bplist00", 8) == 0) {
		g_set_error(error, L2SEC_IMPORT_ERROR, L2SEC_IMPORT_ERROR_UNSUPPORTED,
		    "%s: a binary property list; convert it with plutil -convert xml1", f->path);
		return false;
	}
	g_autoptr(GError) xml_error = NULL;
	g_autoptr(PlNode) root = pl_parse(xml, len, &xml_error);
	if (root == NULL) {
		g_set_error(error, L2SEC_IMPORT_ERROR, L2SEC_IMPORT_ERROR_FORMAT, "%s: XML: %s",
		    f->path, xml_error->message);
		return false;
	}
	if (root->type != PL_DICT)
		return mc_fail(&mc, error, L2SEC_IMPORT_ERROR_FORMAT, "(top)",
		    "a <%s>, expected the profile's <dict>", pl_type_name(root->type));
	const PlNode *content_list = pl_get(root, "PayloadContent");
	if (content_list == NULL)
		return mc_fail(&mc, error, L2SEC_IMPORT_ERROR_FORMAT, "PayloadContent",
		    "absent: not a configuration profile");
	if (!want_type(&mc, content_list, PL_ARRAY, "PayloadContent", error))
		return false;

	/* the L2TP payloads, then the one wanted */
	g_autoptr(GArray) l2tp = g_array_new(FALSE, FALSE, sizeof(guint));
	for (guint i = 0; i < content_list->items->len; i++) {
		const PlNode *pl = content_list->items->pdata[i];
		g_autofree char *path = g_strdup_printf("PayloadContent[%u]", i);
		if (!want_type(&mc, pl, PL_DICT, path, error))
			return false;
		const PlNode *type = pl_get(pl, "PayloadType");
		g_autofree char *tpath = g_strdup_printf("%s.PayloadType", path);
		if (type == NULL)
			return mc_fail(&mc, error, L2SEC_IMPORT_ERROR_MALFORMED, tpath, "absent");
		if (!want_type(&mc, type, PL_STRING, tpath, error))
			return false;
		if (strcmp(type->text->str, "com.apple.vpn.managed") != 0) {
			l2sec_import_ignore(out, tpath, type->text->str, "not a VPN payload");
			continue;
		}
		const PlNode *vt = pl_get(pl, "VPNType");
		g_autofree char *vpath = g_strdup_printf("%s.VPNType", path);
		if (vt == NULL)
			return mc_fail(&mc, error, L2SEC_IMPORT_ERROR_MALFORMED, vpath, "absent");
		if (!want_type(&mc, vt, PL_STRING, vpath, error))
			return false;
		if (strcmp(vt->text->str, "L2TP") != 0) {
			l2sec_import_ignore(out, vpath, vt->text->str, "not L2TP");
			continue;
		}
		g_array_append_val(l2tp, i);
	}
	if (l2tp->len == 0)
		return mc_fail(&mc, error, L2SEC_IMPORT_ERROR_UNSUPPORTED, "PayloadContent",
		    "no VPN payload of VPNType L2TP");
	guint pick = g_array_index(l2tp, guint, 0);
	bool found = entry == NULL;
	for (guint j = 0; j < l2tp->len && entry != NULL; j++) {
		const PlNode *pl = content_list->items->pdata[g_array_index(l2tp, guint, j)];
		const PlNode *n = pl_get(pl, "UserDefinedName");
		if (n != NULL && n->type == PL_STRING && strcmp(n->text->str, entry) == 0) {
			pick = g_array_index(l2tp, guint, j);
			found = true;
			break;
		}
	}
	if (!found)
		return mc_fail(&mc, error, L2SEC_IMPORT_ERROR_UNSUPPORTED, "PayloadContent",
		    "no L2TP payload named '%s'", entry);
	for (guint j = 0; j < l2tp->len; j++) {
		guint i = g_array_index(l2tp, guint, j);
		if (i == pick)
			continue;
		const PlNode *n = pl_get(content_list->items->pdata[i], "UserDefinedName");
		l2sec_import_note(out,
		    "PayloadContent[%u] is another L2TP VPN ('%s'); import it with --entry NAME", i,
		    n != NULL && n->type == PL_STRING ? n->text->str : "unnamed");
	}
	g_autofree char *base = g_strdup_printf("PayloadContent[%u]", pick);
	if (!mc_vpn_payload(&mc, content_list->items->pdata[pick], base, error))
		return false;
	if (out->name == NULL) {
		const PlNode *dn = pl_get(root, "PayloadDisplayName");
		if (dn != NULL && dn->type == PL_STRING)
			out->name = g_strdup(dn->text->str);
	}
	l2sec_import_draft_render(draft, out);
	return true;
}

bool
l2sec_import_mobileconfig(const L2secImportFile *f, L2secImport *out, GError **error)
{
	return l2sec_import_mobileconfig_entry(f, NULL, out, error);
}

/* ---- export ---- */

static void
xml_escaped(GString *out, const char *s)
{
	g_autofree char *e = g_markup_escape_text(s, -1);
	g_string_append(out, e);
	explicit_bzero(e, strlen(e));
}

static void
put_string(GString *out, const char *indent, const char *key, const char *value)
{
	g_string_append_printf(out, "%s<key>%s</key>\n%s<string>", indent, key, indent);
	xml_escaped(out, value);
	g_string_append(out, "</string>\n");
}

/* A UUID from a SHA-256 of `seed`, so that exporting twice gives the same file. */
static char *
uuid_from(const char *seed)
{
	g_autofree char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, seed, -1);
	g_autofree char *up = g_ascii_strup(sum, -1);
	return g_strdup_printf(
	    "%.8s-%.4s-5%.3s-8%.3s-%.12s", up, up + 8, up + 13, up + 17, up + 20);
}

GString *
l2sec_export_mobileconfig(const L2secProfile *p, GError **error)
{
	(void)error;
	const char *name = p->description != NULL ? p->description
			   : p->name != NULL      ? p->name
						  : p->gateway;
	g_autofree char *id = g_strdup_printf("l2sec.%s", p->name != NULL ? p->name : "vpn");
	g_autofree char *seed_top = g_strconcat(id, "/profile", NULL);
	g_autofree char *seed_vpn = g_strconcat(id, "/vpn", NULL);
	g_autofree char *uuid_top = uuid_from(seed_top);
	g_autofree char *uuid_vpn = uuid_from(seed_vpn);
	GString *o = g_string_new(NULL);
	g_string_append(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			   "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
			   "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n");
	g_autoptr(GPtrArray) dropped = l2sec_export_dropped(p, L2SEC_FORMAT_MOBILECONFIG);
	for (guint i = 0; i < dropped->len; i++) {
		g_string_append(o, "<!-- l2sec: not exported: ");
		/* "--" may not appear in an XML comment */
		g_autofree char *d = g_strdup(dropped->pdata[i]);
		for (char *c = d; *c != '\0'; c++)
			if (c[0] == '-' && c[1] == '-')
				c[1] = '_';
		g_string_append_printf(o, "%s -->\n", d);
	}
	g_string_append(o, "<plist version=\"1.0\">\n<dict>\n"
			   "\t<key>PayloadContent</key>\n\t<array>\n\t\t<dict>\n");
	const char *in = "\t\t\t";
	g_string_append_printf(o, "%s<key>IPSec</key>\n%s<dict>\n", in, in);
	put_string(o, "\t\t\t\t", "AuthenticationMethod", "SharedSecret");
	if (p->local_id != NULL) {
		put_string(o, "\t\t\t\t", "LocalIdentifier", p->local_id);
		put_string(o, "\t\t\t\t", "LocalIdentifierType", "KeyID");
	}
	if (p->psk != NULL) {
		g_autofree char *b64 = g_base64_encode(p->psk->data, p->psk->len);
		g_string_append_printf(
		    o, "\t\t\t\t<key>SharedSecret</key>\n\t\t\t\t<data>%s</data>\n", b64);
		explicit_bzero(b64, strlen(b64));
	}
	g_string_append_printf(o, "%s</dict>\n", in);
	g_string_append_printf(o, "%s<key>IPv4</key>\n%s<dict>\n", in, in);
	g_string_append_printf(o,
	    "\t\t\t\t<key>OverridePrimary</key>\n\t\t\t\t<integer>%d</integer>\n",
	    p->default_route ? 1 : 0);
	g_string_append_printf(o, "%s</dict>\n", in);
	put_string(o, in, "PayloadDescription", "L2TP/IPsec VPN settings");
	put_string(o, in, "PayloadDisplayName", "VPN");
	g_autofree char *vpn_id = g_strconcat(id, ".vpn", NULL);
	put_string(o, in, "PayloadIdentifier", vpn_id);
	put_string(o, in, "PayloadType", "com.apple.vpn.managed");
	put_string(o, in, "PayloadUUID", uuid_vpn);
	g_string_append_printf(o, "%s<key>PayloadVersion</key>\n%s<integer>1</integer>\n", in, in);
	g_string_append_printf(o, "%s<key>PPP</key>\n%s<dict>\n", in, in);
	put_string(o, "\t\t\t\t", "AuthName", p->user);
	if (p->password != NULL)
		put_string(o, "\t\t\t\t", "AuthPassword", (const char *)p->password->data);
	put_string(o, "\t\t\t\t", "CommRemoteAddress", p->gateway);
	g_string_append(o, "\t\t\t\t<key>TokenCard</key>\n\t\t\t\t<false/>\n");
	g_string_append_printf(o, "%s</dict>\n", in);
	put_string(o, in, "UserDefinedName", name);
	put_string(o, in, "VPNType", "L2TP");
	g_string_append(o, "\t\t</dict>\n\t</array>\n");
	put_string(o, "\t", "PayloadDisplayName", name);
	put_string(o, "\t", "PayloadIdentifier", id);
	g_string_append(o, "\t<key>PayloadRemovalDisallowed</key>\n\t<false/>\n");
	put_string(o, "\t", "PayloadType", "Configuration");
	put_string(o, "\t", "PayloadUUID", uuid_top);
	g_string_append(
	    o, "\t<key>PayloadVersion</key>\n\t<integer>1</integer>\n</dict>\n</plist>\n");
	return o;
}
