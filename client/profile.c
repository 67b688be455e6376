/*
 * profile.c — the profile model, its keys and their checks; see profile.h.
 * The line index (profile_lines.c) gives each section and key its line and
 * the text GKeyFile parses; this file walks the index in file order, takes
 * each value from GKeyFile and checks it through the table `keys`, then checks
 * what involves several keys, then the file's mode.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/profile.h"
#include "ipsec/ike_proposal.h"
#include "client/profile_lines.h"
#include "client/profile_values.h"

/* clang-format off */
G_DEFINE_QUARK(l2sec-profile-error-quark, l2sec_profile_error)
/* clang-format on */

typedef struct Loader Loader;
typedef struct KeyDef KeyDef;
typedef bool (*KeyParse)(
    Loader *ld, const KeyDef *k, const char *value, unsigned line, GError **error);

typedef struct EnumWord {
	const char *word;
	int value;
	const char *alias_of; /* an old spelling: accepted with a warning */
} EnumWord;

struct KeyDef {
	const char *group, *key;
	KeyParse parse;
	size_t offset;         /* of the field in L2secProfile */
	size_t offset2;        /* secret files: the L2secSecret * field */
	uint32_t min, max;     /* numbers and durations */
	const EnumWord *words; /* enums, ended by a NULL word */
	const char *partner;   /* a key of the same section that cannot be set with this one */
	const char *accepted;  /* what the value may be, for messages */
	bool zero_off;         /* durations: 0 turns the feature off, below min */
};

struct Loader {
	const char *name;     /* prefixes every message */
	const char *base_dir; /* for relative secret file paths, or NULL */
	L2secProfileLoadFlags flags;
	GPtrArray *warnings;
	L2secProfile *p;
	const L2secProfileLines *lines;
	GKeyFile *kf;
	unsigned secret_line; /* the first line holding an inline secret, 0 if none */
	const char *secret_key;
};

#define FIELD(ld, k, type) ((type *)(void *)((char *)(ld)->p + (k)->offset))

static void warn(Loader *ld, unsigned line, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void
warn(Loader *ld, unsigned line, const char *fmt, ...)
{
	if (ld->warnings == NULL)
		return;
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (line > 0)
		g_ptr_array_add(ld->warnings, g_strdup_printf("%s:%u: %s", ld->name, line, msg));
	else
		g_ptr_array_add(ld->warnings, g_strdup_printf("%s: %s", ld->name, msg));
}

static bool fail(Loader *ld, GError **error, int code, unsigned line, const char *fmt, ...)
    G_GNUC_PRINTF(5, 6);

static bool
fail(Loader *ld, GError **error, int code, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (line > 0)
		g_set_error(error, L2SEC_PROFILE_ERROR, code, "%s:%u: %s", ld->name, line, msg);
	else
		g_set_error(error, L2SEC_PROFILE_ERROR, code, "%s: %s", ld->name, msg);
	return false;
}

/* "KEY: bad value 'V'; expected ..." */
static bool
fail_value(Loader *ld, const KeyDef *k, const char *value, unsigned line, GError **error)
{
	return fail(ld, error, L2SEC_PROFILE_ERROR_VALUE, line, "%s: bad value '%s'; expected %s",
	    k->key, value, k->accepted);
}

/* An error from profile_values.c, prefixed with the place and the key. */
static bool
fail_from(Loader *ld, const KeyDef *k, unsigned line, GError *inner, GError **error)
{
	bool r = fail(ld, error,
	    inner->code == L2SEC_PROFILE_ERROR_VALUE && inner->domain == L2SEC_PROFILE_ERROR
		? L2SEC_PROFILE_ERROR_VALUE
		: L2SEC_PROFILE_ERROR_IO,
	    line, "%s: %s", k->key, inner->message);
	g_error_free(inner);
	return r;
}

/* Free text of at most k->max bytes. */
static bool
parse_text(Loader *ld, const KeyDef *k, const char *value, unsigned line, GError **error)
{
	if (strlen(value) > k->max)
		return fail(ld, error, L2SEC_PROFILE_ERROR_VALUE, line,
		    "%s: %zu bytes; expected at most %u", k->key, strlen(value), k->max);
	char **field = FIELD(ld, k, char *);
	g_free(*field);
	*field = g_strdup(value);
	return true;
}

static bool
parse_bool(Loader *ld, const KeyDef *k, const char *value, unsigned line, GError **error)
{
	if (!l2sec_profile_parse_bool(value, FIELD(ld, k, bool)))
		return fail_value(ld, k, value, line, error);
	return true;
}

static bool
parse_uint(Loader *ld, const KeyDef *k, const char *value, unsigned line, GError **error)
{
	uint32_t v;
	if (!l2sec_profile_parse_uint(value, UINT32_MAX, &v) || v < k->min || v > k->max)
		return fail_value(ld, k, value, line, error);
	*FIELD(ld, k, uint32_t) = v;
	return true;
}

/* A duration from min to max, or 0 when it turns the feature off. */
static bool
parse_duration(Loader *ld, const KeyDef *k, const char *value, unsigned line, GError **error)
{
	uint32_t v;
	if (!l2sec_profile_parse_duration(value, &v))
		return fail_value(ld, k, value, line, error);
	if (v > k->max || (v < k->min && !(v == 0 && k->zero_off))) {
		char lo[16], hi[16];
		return fail(ld, error, L2SEC_PROFILE_ERROR_VALUE, line,
		    "%s: '%s' is out of range (%s%s to %s)", k->key, value,
		    k->zero_off ? "0 for off, or " : "",
		    l2sec_profile_format_duration(k->min, lo, sizeof(lo)),
		    l2sec_profile_format_duration(k->max, hi, sizeof(hi)));
	}
	*FIELD(ld, k, uint32_t) = v;
	return true;
}

static bool
parse_enum(Loader *ld, const KeyDef *k, const char *value, unsigned line, GError **error)
{
	for (const EnumWord *w = k->words; w->word != NULL; w++) {
		if (strcmp(w->word, value) != 0)
			continue;
		if (w->alias_of != NULL)
			warn(ld, line, "%s: '%s' is an old spelling of '%s'; write %s = %s", k->key,
			    value, w->alias_of, k->key, w->alias_of);
		*FIELD(ld, k, int) = w->value;
		return true;
	}
	return fail_value(ld, k, value, line, error);
}

/* mtu, mru: "auto" or a number */
static bool
parse_auto_uint(Loader *ld, const KeyDef *k, const char *value, unsigned line, GError **error)
{
	if (strcmp(value, "auto") == 0) {
		*FIELD(ld, k, uint32_t) = 0;
		return true;
	}
	return parse_uint(ld, k, value, line, error);
}

static bool
parse_gateway(Loader *ld, const KeyDef *k, const char *value, unsigned line, GError **error)
{
	GError *inner = NULL;
	char *gw;
	if (!l2sec_profile_parse_gateway(value, &ld->p->gateway_kind, &gw, &inner))
		return fail_from(ld, k, line, inner, error);
	g_free(ld->p->gateway);
	ld->p->gateway = gw;
	return true;
}

static bool
parse_ike_version(Loader *ld, const KeyDef *k, const char *value, unsigned line, GError **error)
{
	if (strcmp(value, "1") == 0) {
		ld->p->ike_version = 1;
		return true;
	}
	if (strcmp(value, "2") == 0) {
		/* DESIGN.md: IKEv2 comes later; until then a profile asking for it still connects
		 */
		warn(ld, line, "ike-version = 2: IKEv2 is not supported yet, IKEv1 will be used");
		ld->p->ike_version = 1;
		return true;
	}
	return fail_value(ld, k, value, line, error);
}

static bool
parse_proposals(Loader *ld, const KeyDef *k, const char *value, unsigned line, GError **error)
{
	GError *inner = NULL;
	char *norm;
	if (!l2sec_profile_parse_proposals(value, &norm, &inner))
		return fail_from(ld, k, line, inner, error);
	/* The algorithm names: ipsec/'s parser, the one the connection uses, decides. */
	g_autoptr(GPtrArray) parsed = NULL;
	bool ike = strcmp(k->key, "ike-proposals") == 0;
	if (!(ike ? ike_proposal_parse_ike(norm, &parsed, &inner)
		  : ike_proposal_parse_esp(norm, &parsed, &inner))) {
		g_free(norm);
		/* its messages already start with the key's name */
		bool r = fail(ld, error, L2SEC_PROFILE_ERROR_VALUE, line, "%s", inner->message);
		g_error_free(inner);
		return r;
	}
	if (strcmp(norm, "legacy") == 0)
		warn(ld, line,
		    "%s = legacy offers 3DES, SHA-1 and MODP1024, which are weak; keep it "
		    "only for servers that need it",
		    k->key);
	char **field = FIELD(ld, k, char *);
	g_free(*field);
	*field = norm;
	return true;
}

static bool
parse_pfs(Loader *ld, const KeyDef *k, const char *value, unsigned line, GError **error)
{
	if (strcmp(value, "no") == 0) {
		g_clear_pointer(&ld->p->pfs, g_free);
		return true;
	}
	if (!l2sec_profile_dh_group_known(value))
		return fail(ld, error, L2SEC_PROFILE_ERROR_VALUE, line,
		    "%s: bad value '%s'; expected no or a Diffie-Hellman group: %s", k->key, value,
		    l2sec_profile_dh_group_list());
	g_free(ld->p->pfs);
	ld->p->pfs = g_strdup(value);
	return true;
}

static bool
parse_source_port(Loader *ld, const KeyDef *k, const char *value, unsigned line, GError **error)
{
	if (strcmp(value, "1701") == 0)
		ld->p->source_port = 1701;
	else if (strcmp(value, "ephemeral") == 0)
		ld->p->source_port = 0;
	else
		return fail_value(ld, k, value, line, error);
	return true;
}

static bool
parse_routes(Loader *ld, const KeyDef *k, const char *value, unsigned line, GError **error)
{
	GError *inner = NULL;
	g_array_set_size(ld->p->routes, 0);
	if (!l2sec_profile_parse_routes(value, ld->p->routes, &inner))
		return fail_from(ld, k, line, inner, error);
	return true;
}

/* The line of k->partner when it comes before `line`: both set is an error there. */
static bool
check_partner(Loader *ld, const KeyDef *k, unsigned line, GError **error)
{
	if (k->partner == NULL)
		return true;
	unsigned other = l2sec_profile_lines_find(ld->lines, k->group, k->partner);
	if (other != 0 && other < line)
		return fail(ld, error, L2SEC_PROFILE_ERROR_CONFLICT, line,
		    "%s and %s (line %u) are both set; keep one", k->key, k->partner, other);
	return true;
}

/* psk, password, tunnel-secret written in the profile */
static bool
parse_secret(Loader *ld, const KeyDef *k, const char *value, unsigned line, GError **error)
{
	if (!check_partner(ld, k, line, error))
		return false;
	L2secSecret **field = FIELD(ld, k, L2secSecret *);
	l2sec_secret_free(*field);
	*field = l2sec_secret_new_str(value);
	if (ld->secret_line == 0) {
		ld->secret_line = line;
		ld->secret_key = k->key;
	}
	return true;
}

/* psk-file, password-file, tunnel-secret-file: read now, so that a missing file or a bad
 * mode is reported with the line that names it. */
static bool
parse_secret_file(Loader *ld, const KeyDef *k, const char *value, unsigned line, GError **error)
{
	if (!check_partner(ld, k, line, error))
		return false;
	char **path_field = FIELD(ld, k, char *);
	g_free(*path_field);
	*path_field = g_strdup(value);
	if (ld->flags & L2SEC_PROFILE_NO_SECRET_FILES)
		return true;
	/* relative to the profile's folder, so a profile and its secrets can move together */
	g_autofree char *path =
	    g_path_is_absolute(value) || ld->base_dir == NULL || strcmp(ld->base_dir, ".") == 0
		? g_strdup(value)
		: g_build_filename(ld->base_dir, value, NULL);
	GError *inner = NULL;
	L2secSecret *s = NULL;
	if (!l2sec_secret_load_file(path, &s, &inner)) {
		int code = inner->code == G_FILE_ERROR_PERM ? L2SEC_PROFILE_ERROR_PERMISSION
							    : L2SEC_PROFILE_ERROR_IO;
		bool r = fail(ld, error, code, line, "%s: %s", k->key, inner->message);
		g_error_free(inner);
		return r;
	}
	L2secSecret **field = (L2secSecret **)(void *)((char *)ld->p + k->offset2);
	l2sec_secret_free(*field);
	*field = s;
	return true;
}

static const EnumWord auth_words[] = {
    {"mschap-v2", L2SEC_PPP_AUTH_MSCHAP_V2, NULL},
    {"chap", L2SEC_PPP_AUTH_CHAP, NULL},
    {"pap", L2SEC_PPP_AUTH_PAP, NULL},
    {"eap", L2SEC_PPP_AUTH_EAP, NULL},
    {"mschapv2", L2SEC_PPP_AUTH_MSCHAP_V2, "mschap-v2"}, /* NetworkManager-l2tp's spelling */
    {NULL, 0, NULL},
};

static const EnumWord mppe_words[] = {
    {"no", L2SEC_MPPE_NO, NULL},
    {"yes", L2SEC_MPPE_YES, NULL},
    {"required", L2SEC_MPPE_REQUIRED, NULL},
    {NULL, 0, NULL},
};

static const EnumWord nat_words[] = {
    {"auto", L2SEC_NAT_T_AUTO, NULL},
    {"force", L2SEC_NAT_T_FORCE, NULL},
    {NULL, 0, NULL},
};

#define OFF(f) offsetof(L2secProfile, f)
#define DURATION "a duration like 30s, 10m or 8h (or plain seconds)"

/* Every key, in the order of l2sec.conf(5). */
static const KeyDef keys[] = {
    {"connection", "description", parse_text, OFF(description), 0, 0, 256, NULL, NULL, "free text",
	false},
    {"connection", "gateway", parse_gateway, OFF(gateway), 0, 0, 0, NULL, NULL,
	"a host name, an IPv4 or an IPv6 address", false},

    {"ipsec", "ike-version", parse_ike_version, OFF(ike_version), 0, 0, 0, NULL, NULL, "1 or 2",
	false},
    {"ipsec", "psk", parse_secret, OFF(psk), 0, 0, 0, NULL, "psk-file", "the pre-shared key",
	false},
    {"ipsec", "psk-file", parse_secret_file, OFF(psk_file), OFF(psk), 0, 0, NULL, "psk",
	"the path of a file holding the pre-shared key", false},
    {"ipsec", "ike-proposals", parse_proposals, OFF(ike_proposals), 0, 0, 0, NULL, NULL,
	"default, legacy or a list like aes256-sha256-modp2048,aes128-sha1-modp2048", false},
    {"ipsec", "esp-proposals", parse_proposals, OFF(esp_proposals), 0, 0, 0, NULL, NULL,
	"default, legacy or a list like aes256-sha1,aes128gcm16", false},
    {"ipsec", "local-id", parse_text, OFF(local_id), 0, 0, 255, NULL, NULL,
	"an IKE identity (address, @fqdn, user@fqdn)", false},
    {"ipsec", "remote-id", parse_text, OFF(remote_id), 0, 0, 255, NULL, NULL,
	"an IKE identity (address, @fqdn, user@fqdn)", false},
    {"ipsec", "ike-lifetime", parse_duration, OFF(ike_lifetime), 0, 60, 48 * 3600, NULL, NULL,
	DURATION " from 1m to 48h", false},
    {"ipsec", "esp-lifetime", parse_duration, OFF(esp_lifetime), 0, 60, 48 * 3600, NULL, NULL,
	DURATION " from 1m to 48h", false},
    {"ipsec", "pfs", parse_pfs, OFF(pfs), 0, 0, 0, NULL, NULL, "no or a Diffie-Hellman group",
	false},
    {"ipsec", "nat-traversal", parse_enum, OFF(nat_traversal), 0, 0, 0, nat_words, NULL,
	"auto or force", false},
    {"ipsec", "dpd-delay", parse_duration, OFF(dpd_delay), 0, 5, 3600, NULL, NULL,
	"0 (off) or " DURATION " from 5s to 1h", true},

    {"l2tp", "source-port", parse_source_port, OFF(source_port), 0, 0, 0, NULL, NULL,
	"1701 or ephemeral", false},
    {"l2tp", "hello-interval", parse_duration, OFF(hello_interval), 0, 10, 3600, NULL, NULL,
	"0 (off) or " DURATION " from 10s to 1h", true},
    {"l2tp", "tunnel-secret", parse_secret, OFF(tunnel_secret), 0, 0, 0, NULL, "tunnel-secret-file",
	"the L2TP tunnel secret", false},
    {"l2tp", "tunnel-secret-file", parse_secret_file, OFF(tunnel_secret_file), OFF(tunnel_secret),
	0, 0, NULL, "tunnel-secret", "the path of a file holding the L2TP tunnel secret", false},

    {"ppp", "user", parse_text, OFF(user), 0, 0, 255, NULL, NULL, "the user name", false},
    {"ppp", "password", parse_secret, OFF(password), 0, 0, 0, NULL, "password-file",
	"the password (or no password line, to be asked on a terminal)", false},
    {"ppp", "password-file", parse_secret_file, OFF(password_file), OFF(password), 0, 0, NULL,
	"password", "the path of a file holding the password", false},
    {"ppp", "auth", parse_enum, OFF(auth), 0, 0, 0, auth_words, NULL, "mschap-v2, chap, pap or eap",
	false},
    {"ppp", "mppe", parse_enum, OFF(mppe), 0, 0, 0, mppe_words, NULL, "no, yes or required", false},
    {"ppp", "mtu", parse_auto_uint, OFF(mtu), 0, 576, 1500, NULL, NULL,
	"auto or a number from 576 to 1500", false},
    {"ppp", "mru", parse_auto_uint, OFF(mru), 0, 576, 1500, NULL, NULL,
	"auto or a number from 576 to 1500", false},
    {"ppp", "lcp-echo-interval", parse_duration, OFF(lcp_echo_interval), 0, 1, 3600, NULL, NULL,
	"0 (off) or " DURATION " up to 1h", true},
    {"ppp", "lcp-echo-failure", parse_uint, OFF(lcp_echo_failure), 0, 0, 100, NULL, NULL,
	"a number from 0 (never give up) to 100", false},
    {"ppp", "use-peer-dns", parse_bool, OFF(use_peer_dns), 0, 0, 0, NULL, NULL, "yes or no", false},

    {"routes", "default-route", parse_bool, OFF(default_route), 0, 0, 0, NULL, NULL, "yes or no",
	false},
    {"routes", "routes", parse_routes, OFF(routes), 0, 0, 0, NULL, NULL,
	"a comma-separated list of networks like 10.0.0.0/8, fd00::/8", false},
    {"routes", "dns", parse_bool, OFF(dns), 0, 0, 0, NULL, NULL, "yes or no", false},
};

static const char *const sections[] = {"connection", "ipsec", "l2tp", "ppp", "routes"};

static bool
section_known(const char *group)
{
	for (size_t i = 0; i < G_N_ELEMENTS(sections); i++)
		if (strcmp(group, sections[i]) == 0)
			return true;
	return false;
}

/* How far a misspelling may be from a name to be suggested. */
static bool
close_enough(const char *typed, unsigned distance)
{
	return distance <= (strlen(typed) >= 5 ? 2u : 1u);
}

static bool
check_section(Loader *ld, const char *group, unsigned line, GError **error)
{
	if (section_known(group))
		return true;
	const char *best = NULL;
	unsigned best_d = UINT_MAX;
	for (size_t i = 0; i < G_N_ELEMENTS(sections); i++) {
		unsigned d = l2sec_profile_edit_distance(group, sections[i]);
		if (d < best_d)
			best = sections[i], best_d = d;
	}
	if (close_enough(group, best_d))
		return fail(ld, error, L2SEC_PROFILE_ERROR_UNKNOWN, line,
		    "unknown section [%s]; did you mean [%s]?", group, best);
	return fail(ld, error, L2SEC_PROFILE_ERROR_UNKNOWN, line,
	    "unknown section [%s]; the sections are [connection], [ipsec], [l2tp], [ppp] and "
	    "[routes]",
	    group);
}

static const KeyDef *
key_find(const char *group, const char *key)
{
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
		if (strcmp(keys[i].group, group) == 0 && strcmp(keys[i].key, key) == 0)
			return &keys[i];
	return NULL;
}

static bool
fail_unknown_key(Loader *ld, const char *group, const char *key, unsigned line, GError **error)
{
	const KeyDef *best = NULL;
	unsigned best_d = UINT_MAX;
	/* the right key in the wrong section first, then the nearest in this section, then
	 * elsewhere; ties go to the first in table order, so the message is deterministic */
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
		if (strcmp(keys[i].key, key) == 0)
			return fail(ld, error, L2SEC_PROFILE_ERROR_UNKNOWN, line,
			    "unknown key '%s' in [%s]; it belongs in [%s]", key, group,
			    keys[i].group);
	for (int pass = 0; pass < 2 && best == NULL; pass++) {
		for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
			if ((strcmp(keys[i].group, group) == 0) != (pass == 0))
				continue;
			unsigned d = l2sec_profile_edit_distance(key, keys[i].key);
			if (d < best_d && close_enough(key, d))
				best = &keys[i], best_d = d;
		}
	}
	if (best != NULL && strcmp(best->group, group) == 0)
		return fail(ld, error, L2SEC_PROFILE_ERROR_UNKNOWN, line,
		    "unknown key '%s' in [%s]; did you mean '%s'?", key, group, best->key);
	if (best != NULL)
		return fail(ld, error, L2SEC_PROFILE_ERROR_UNKNOWN, line,
		    "unknown key '%s' in [%s]; did you mean '%s' in [%s]?", key, group, best->key,
		    best->group);
	return fail(ld, error, L2SEC_PROFILE_ERROR_UNKNOWN, line,
	    "unknown key '%s' in [%s]; see l2sec.conf(5)", key, group);
}

static bool
check_key(Loader *ld, const L2secProfileLine *e, GError **error)
{
	const KeyDef *k = key_find(e->group, e->key);
	if (k == NULL)
		return fail_unknown_key(ld, e->group, e->key, e->line, error);
	g_autoptr(GError) kf_error = NULL;
	char *value = g_key_file_get_string(ld->kf, e->group, e->key, &kf_error);
	if (kf_error != NULL) {
		/* GKeyFile may return the value with the error: wipe it all the same */
		l2sec_secret_free_string(value);
		return fail(ld, error, L2SEC_PROFILE_ERROR_VALUE, e->line,
		    "%s: bad escape sequence (write a backslash as \\\\)", k->key);
	}
	bool ok;
	if (*value == '\0')
		ok = fail(ld, error, L2SEC_PROFILE_ERROR_VALUE, e->line,
		    "%s: no value; expected %s", k->key, k->accepted);
	else
		ok = k->parse(ld, k, value, e->line, error);
	l2sec_secret_free_string(value); /* it may be a secret */
	return ok;
}

/* What involves several keys, once each line is fine. */
static bool
check_profile(Loader *ld, GError **error)
{
	L2secProfile *p = ld->p;
	if (p->gateway == NULL)
		return fail(
		    ld, error, L2SEC_PROFILE_ERROR_MISSING, 0, "missing [connection] gateway");
	if (p->psk == NULL && p->psk_file == NULL)
		return fail(
		    ld, error, L2SEC_PROFILE_ERROR_MISSING, 0, "missing [ipsec] psk or psk-file");
	if (p->user == NULL)
		return fail(ld, error, L2SEC_PROFILE_ERROR_MISSING, 0, "missing [ppp] user");
	/* RFC 3078 §7, RFC 3079: MPPE keys come from MS-CHAP (or EAP-TLS), never from PAP or CHAP
	 */
	if (p->mppe != L2SEC_MPPE_NO &&
	    (p->auth == L2SEC_PPP_AUTH_PAP || p->auth == L2SEC_PPP_AUTH_CHAP))
		return fail(ld, error, L2SEC_PROFILE_ERROR_CONFLICT,
		    l2sec_profile_lines_find(ld->lines, "ppp", "mppe"),
		    "mppe = %s needs auth = mschap-v2 or eap (MPPE keys come from them), not %s",
		    l2sec_mppe_to_string(p->mppe), l2sec_ppp_auth_to_string(p->auth));

	if (!p->default_route && p->routes->len == 0)
		warn(ld, l2sec_profile_lines_find(ld->lines, "routes", "default-route"),
		    "default-route = no and no routes: only the server's end of the tunnel will be "
		    "reachable");
	if (p->dns && !p->use_peer_dns && l2sec_profile_lines_find(ld->lines, "routes", "dns") != 0)
		warn(ld, l2sec_profile_lines_find(ld->lines, "routes", "dns"),
		    "dns = yes has nothing to apply with use-peer-dns = no, ignoring");
	return true;
}

static L2secProfile *
profile_new_defaults(const char *name)
{
	L2secProfile *p = g_new0(L2secProfile, 1);
	g_autofree char *base = g_path_get_basename(name);
	p->name = g_str_has_suffix(base, ".conf") && strlen(base) > 5
		      ? g_strndup(base, strlen(base) - 5)
		      : g_strdup(base);
	p->ike_version = 1;
	p->ike_proposals = g_strdup("default");
	p->esp_proposals = g_strdup("default");
	p->ike_lifetime = 8 * 3600;
	p->esp_lifetime = 3600;
	p->nat_traversal = L2SEC_NAT_T_AUTO;
	p->dpd_delay = 30;
	p->source_port = 1701;
	p->hello_interval = 60;
	p->auth = L2SEC_PPP_AUTH_MSCHAP_V2;
	p->mppe = L2SEC_MPPE_NO;
	p->lcp_echo_interval = 30;
	p->lcp_echo_failure = 4;
	p->use_peer_dns = true;
	p->default_route = true;
	p->dns = true;
	p->routes = g_array_new(FALSE, TRUE, sizeof(L2secRoute));
	return p;
}

void
l2sec_profile_free(L2secProfile *p)
{
	if (p == NULL)
		return;
	g_free(p->name);
	g_free(p->path);
	g_free(p->description);
	g_free(p->gateway);
	l2sec_secret_free(p->psk);
	g_free(p->psk_file);
	g_free(p->ike_proposals);
	g_free(p->esp_proposals);
	g_free(p->local_id);
	g_free(p->remote_id);
	g_free(p->pfs);
	l2sec_secret_free(p->tunnel_secret);
	g_free(p->tunnel_secret_file);
	g_free(p->user);
	l2sec_secret_free(p->password);
	g_free(p->password_file);
	if (p->routes != NULL)
		g_array_unref(p->routes);
	g_free(p);
}

/* The loader proper; *ret_secret_line/key name the first inline secret for the mode check. */
static L2secProfile *
load(const char *name, const char *data, size_t len, const char *base_dir,
    L2secProfileLoadFlags flags, GPtrArray *warnings, unsigned *ret_secret_line,
    const char **ret_secret_key, GError **error)
{
	if (len > L2SEC_PROFILE_MAX_SIZE) {
		g_set_error(error, L2SEC_PROFILE_ERROR, L2SEC_PROFILE_ERROR_ENCODING,
		    "%s: %zu bytes; a profile is at most 1 MiB", name, len);
		return NULL;
	}
	g_autoptr(L2secProfileLines) lines = l2sec_profile_lines_scan(name, data, len);
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(GError) kf_error = NULL;
	if (!g_key_file_load_from_data(
		kf, lines->text->str, lines->text->len, G_KEY_FILE_NONE, &kf_error)) {
		/* the line index writes only what GKeyFile takes; say so if it ever does not */
		g_set_error(error, L2SEC_PROFILE_ERROR, L2SEC_PROFILE_ERROR_SYNTAX, "%s: %s", name,
		    kf_error->message);
		return NULL;
	}
	g_autoptr(L2secProfile) p = profile_new_defaults(name);
	Loader ld = {.name = name,
	    .base_dir = base_dir,
	    .flags = flags,
	    .warnings = warnings,
	    .p = p,
	    .lines = lines,
	    .kf = kf};
	for (guint i = 0; i < lines->entries->len; i++) {
		const L2secProfileLine *e = &g_array_index(lines->entries, L2secProfileLine, i);
		if (e->key == NULL ? !check_section(&ld, e->group, e->line, error)
				   : !check_key(&ld, e, error))
			return NULL;
	}
	if (lines->bad_error != NULL) {
		g_propagate_error(error, g_error_copy(lines->bad_error));
		return NULL;
	}
	g_clear_pointer(&kf, g_key_file_free); /* it holds inline secrets, unwiped: keep it short */
	if (!check_profile(&ld, error))
		return NULL;
	*ret_secret_line = ld.secret_line;
	*ret_secret_key = ld.secret_key;
	return g_steal_pointer(&p);
}

L2secProfile *
l2sec_profile_load_data(const char *name_for_errors, const char *data, size_t len,
    const char *base_dir, L2secProfileLoadFlags flags, GPtrArray *warnings, GError **error)
{
	unsigned secret_line;
	const char *secret_key;
	return load(name_for_errors, data, len, base_dir, flags, warnings, &secret_line,
	    &secret_key, error);
}

L2secProfile *
l2sec_profile_load_file(
    const char *path, L2secProfileLoadFlags flags, GPtrArray *warnings, GError **error)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		int e = errno;
		g_set_error(error, L2SEC_PROFILE_ERROR, L2SEC_PROFILE_ERROR_IO,
		    "%s: cannot open: %s", path, g_strerror(e));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		g_set_error(error, L2SEC_PROFILE_ERROR, L2SEC_PROFILE_ERROR_IO,
		    "%s: not a regular file", path);
		return NULL;
	}
	if (st.st_size > L2SEC_PROFILE_MAX_SIZE) {
		close(fd);
		g_set_error(error, L2SEC_PROFILE_ERROR, L2SEC_PROFILE_ERROR_ENCODING,
		    "%s: %lld bytes; a profile is at most 1 MiB", path, (long long)st.st_size);
		return NULL;
	}
	/* the text may hold secrets: read it into a buffer that is wiped on free */
	g_autoptr(L2secSecret) buf = l2sec_secret_new_zero(L2SEC_PROFILE_MAX_SIZE + 1);
	size_t got = 0;
	while (got < buf->len) {
		ssize_t n = read(fd, buf->data + got, buf->len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			g_set_error(error, L2SEC_PROFILE_ERROR, L2SEC_PROFILE_ERROR_IO,
			    "%s: cannot read: %s", path, g_strerror(e));
			return NULL;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	g_autofree char *dir = g_path_get_dirname(path);
	unsigned secret_line;
	const char *secret_key;
	g_autoptr(L2secProfile) p = load(path, (const char *)buf->data, got, dir, flags, warnings,
	    &secret_line, &secret_key, error);
	if (p == NULL)
		return NULL;
	unsigned mode = (unsigned)(st.st_mode & 07777);
	if (secret_line != 0 && (mode & 044) != 0) {
		g_set_error(error, L2SEC_PROFILE_ERROR, L2SEC_PROFILE_ERROR_PERMISSION,
		    "%s: holds a secret (%s, line %u) but other users can read it (mode %04o); run "
		    "chmod 600 %s",
		    path, secret_key, secret_line, mode, path);
		return NULL;
	}
	if ((mode & 022) != 0) {
		/* whoever can write it can point psk-file or the gateway elsewhere */
		g_set_error(error, L2SEC_PROFILE_ERROR, L2SEC_PROFILE_ERROR_PERMISSION,
		    "%s: other users can change it (mode %04o); run chmod go-w %s", path, mode,
		    path);
		return NULL;
	}
	p->path = g_strdup(path);
	return g_steal_pointer(&p);
}

char *
l2sec_profile_resolve(const char *name_or_path)
{
	if (strchr(name_or_path, '/') != NULL || g_str_has_suffix(name_or_path, ".conf"))
		return g_strdup(name_or_path);
	/* a bare word is a profile name first: `l2sec connect bench` from a source tree
	 * (which has a bench/ folder) must still find the profile */
	g_autofree char *file = g_strconcat(name_or_path, ".conf", NULL);
	g_autofree char *profile = g_build_filename(L2SEC_PROFILE_DIR, file, NULL);
	if (!g_file_test(profile, G_FILE_TEST_EXISTS) &&
	    g_file_test(name_or_path, G_FILE_TEST_IS_REGULAR))
		return g_strdup(name_or_path);
	return g_steal_pointer(&profile);
}

const char *
l2sec_ppp_auth_to_string(L2secPppAuth a)
{
	switch (a) {
	case L2SEC_PPP_AUTH_MSCHAP_V2:
		return "mschap-v2";
	case L2SEC_PPP_AUTH_CHAP:
		return "chap";
	case L2SEC_PPP_AUTH_PAP:
		return "pap";
	case L2SEC_PPP_AUTH_EAP:
		return "eap";
	}
	return "?";
}

const char *
l2sec_mppe_to_string(L2secMppe m)
{
	switch (m) {
	case L2SEC_MPPE_NO:
		return "no";
	case L2SEC_MPPE_YES:
		return "yes";
	case L2SEC_MPPE_REQUIRED:
		return "required";
	}
	return "?";
}

const char *
l2sec_nat_traversal_to_string(L2secNatTraversal n)
{
	switch (n) {
	case L2SEC_NAT_T_AUTO:
		return "auto";
	case L2SEC_NAT_T_FORCE:
		return "force";
	}
	return "?";
}
