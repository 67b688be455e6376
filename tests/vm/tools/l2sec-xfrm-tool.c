/*
 * l2sec-xfrm-tool — drives ipsec/xfrm_install.c for the VM tests (tests/vm/tests/xfrm-static.sh).
 *
 *   l2sec-xfrm-tool check FILE         validate every entry of FILE, install nothing
 *   l2sec-xfrm-tool apply FILE         install the entries in file order, print "ready", wait
 *                                      until stdin gives a line or ends, then remove them all
 *                                      through the undo list; on any failure, undo and exit 1
 *   l2sec-xfrm-tool apply --keep FILE  install and exit, leaving them (a crashed client)
 *   l2sec-xfrm-tool flush              remove whatever l2sec left (xfrm_flush_ours)
 *
 * FILE holds keys, so it must be mode 0600 (keys never go through argv). It is a key file with
 * one group per entry, "sa NAME" or "policy NAME":
 *
 *   [policy out]                      [sa out]
 *   dir = out                         src = 192.0.2.2
 *   src = 192.0.2.2                   dst = 192.0.2.1
 *   dst = 192.0.2.1                   spi = 0xc001
 *   sport = 1701                      reqid = 1           # the nth reqid of l2sec's range
 *   dport = 1701                      enc = cbc(aes)      enc-key = HEX
 *   reqid = 1                         auth = hmac(sha1)   auth-key = HEX    auth-trunc = 96
 *   action = allow                    (or aead = rfc4106(gcm(aes))  aead-key = HEX  icv = 128)
 *   priority = 27664                  sport = 1701  dport = 1701  replay-window = 32
 *                                     encap = yes  encap-sport = 4500  encap-dport = 4500
 *                                     soft-seconds, hard-seconds, soft-bytes, hard-bytes
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "common/hex.h"
#include "common/secret.h"
#include "ipsec/ike_error.h"
#include "ipsec/xfrm_install.h"

typedef struct Entry {
	bool is_sa;
	char *name;
	XfrmSaSpec sa;
	XfrmPolicySpec policy;
	L2secSecret *keys[3]; /* owned: enc, auth, aead */
	char *algs[3];        /* owned: their algorithm names */
} Entry;

static void
entry_clear(gpointer p)
{
	Entry *e = p;
	g_free(e->name);
	for (size_t i = 0; i < G_N_ELEMENTS(e->keys); i++) {
		l2sec_secret_free(e->keys[i]);
		g_free(e->algs[i]);
	}
}

static const char *const sa_keys[] = {"src", "dst", "spi", "reqid", "enc", "enc-key", "auth",
    "auth-key", "auth-trunc", "aead", "aead-key", "icv", "replay-window", "encap", "encap-sport",
    "encap-dport", "encap-oa", "soft-seconds", "hard-seconds", "soft-bytes", "hard-bytes", "sport",
    "dport", NULL};
static const char *const policy_keys[] = {
    "dir", "src", "dst", "sport", "dport", "priority", "action", "reqid", NULL};

static bool
get_u64(
    GKeyFile *kf, const char *group, const char *key, uint64_t max, uint64_t *ret, GError **error)
{
	g_autofree char *v = g_key_file_get_string(kf, group, key, NULL);
	if (v == NULL) {
		*ret = 0;
		return true;
	}
	char *end = NULL;
	guint64 n = g_ascii_strtoull(v, &end, 0);
	if (end == v || *end != '\0' || n > max) {
		g_set_error(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "[%s] %s: '%s' is not a number up to %" G_GUINT64_FORMAT, group, key, v, max);
		return false;
	}
	*ret = n;
	return true;
}

#define GET_NUM(field, key, max)                                                                   \
	do {                                                                                       \
		uint64_t v_;                                                                       \
		if (!get_u64(kf, group, key, max, &v_, error))                                     \
			return false;                                                              \
		field = (__typeof__(field))v_;                                                     \
	} while (0)

static bool
get_addr(GKeyFile *kf, const char *group, const char *key, XfrmAddr *ret, GError **error)
{
	g_autofree char *v = g_key_file_get_string(kf, group, key, NULL);
	if (v == NULL)
		return true; /* unset: validation names it */
	g_autofree char *field = g_strdup_printf("[%s] %s", group, key);
	return xfrm_addr_parse(field, v, ret, error);
}

/* A hex key: decoded into a secret, every intermediate copy wiped. */
static bool
get_key(GKeyFile *kf, const char *group, const char *key, L2secSecret **ret, GError **error)
{
	char *v = g_key_file_get_string(kf, group, key, NULL);
	if (v == NULL)
		return true;
	GByteArray *bytes = NULL;
	g_autoptr(GError) local = NULL;
	bool ok = l2sec_hex_decode(v, &bytes, &local);
	l2sec_secret_free_string(v);
	if (!ok) {
		g_set_error(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID, "[%s] %s: %s", group,
		    key, local->message);
		return false;
	}
	*ret = l2sec_secret_new(bytes->data, bytes->len);
	OPENSSL_cleanse(bytes->data, bytes->len);
	g_byte_array_unref(bytes);
	return true;
}

static bool
check_keys(GKeyFile *kf, const char *group, const char *const *known, GError **error)
{
	g_auto(GStrv) keys = g_key_file_get_keys(kf, group, NULL, NULL);
	for (size_t i = 0; keys != NULL && keys[i] != NULL; i++)
		if (!g_strv_contains(known, keys[i])) {
			g_set_error(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
			    "[%s]: unknown key '%s'", group, keys[i]);
			return false;
		}
	return true;
}

static bool
parse_sa(GKeyFile *kf, const char *group, Entry *e, GError **error)
{
	XfrmSaSpec *s = &e->sa;
	unsigned n;
	if (!check_keys(kf, group, sa_keys, error) || !get_addr(kf, group, "src", &s->src, error) ||
	    !get_addr(kf, group, "dst", &s->dst, error) ||
	    !get_addr(kf, group, "encap-oa", &s->encap_oa, error))
		return false;
	GET_NUM(s->spi, "spi", UINT32_MAX);
	GET_NUM(n, "reqid", 0xffff);
	s->reqid = xfrm_reqid_ours(n);
	GET_NUM(s->auth_trunc_bits, "auth-trunc", 4096);
	GET_NUM(s->aead_icv_bits, "icv", 4096);
	GET_NUM(s->replay_window, "replay-window", UINT32_MAX);
	GET_NUM(s->encap_sport, "encap-sport", 65535);
	GET_NUM(s->encap_dport, "encap-dport", 65535);
	GET_NUM(s->sel_sport, "sport", 65535);
	GET_NUM(s->sel_dport, "dport", 65535);
	GET_NUM(s->soft_seconds, "soft-seconds", UINT64_MAX);
	GET_NUM(s->hard_seconds, "hard-seconds", UINT64_MAX);
	GET_NUM(s->soft_bytes, "soft-bytes", UINT64_MAX);
	GET_NUM(s->hard_bytes, "hard-bytes", UINT64_MAX);
	g_autofree char *encap = g_key_file_get_string(kf, group, "encap", NULL);
	if (encap == NULL ||
	    g_strv_contains((const char *const[]){"no", "false", "0", NULL}, encap))
		s->encap = false;
	else if (g_strv_contains((const char *const[]){"yes", "true", "1", NULL}, encap))
		s->encap = true;
	else {
		g_set_error(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "[%s] encap: '%s' is not yes or no", group, encap);
		return false;
	}
	s->enc_alg = e->algs[0] = g_key_file_get_string(kf, group, "enc", NULL);
	s->auth_alg = e->algs[1] = g_key_file_get_string(kf, group, "auth", NULL);
	s->aead_alg = e->algs[2] = g_key_file_get_string(kf, group, "aead", NULL);
	if (!get_key(kf, group, "enc-key", &e->keys[0], error) ||
	    !get_key(kf, group, "auth-key", &e->keys[1], error) ||
	    !get_key(kf, group, "aead-key", &e->keys[2], error))
		return false;
	s->enc_key = e->keys[0];
	s->auth_key = e->keys[1];
	s->aead_key = e->keys[2];
	return xfrm_sa_spec_validate(s, error);
}

static bool
parse_policy(GKeyFile *kf, const char *group, Entry *e, GError **error)
{
	XfrmPolicySpec *p = &e->policy;
	unsigned n;
	if (!check_keys(kf, group, policy_keys, error) ||
	    !get_addr(kf, group, "src", &p->src, error) ||
	    !get_addr(kf, group, "dst", &p->dst, error))
		return false;
	g_autofree char *dir = g_key_file_get_string(kf, group, "dir", NULL);
	g_autofree char *action = g_key_file_get_string(kf, group, "action", NULL);
	if (g_strcmp0(dir, "in") == 0)
		p->dir = XFRM_DIR_IN;
	else if (g_strcmp0(dir, "out") == 0)
		p->dir = XFRM_DIR_OUT;
	else {
		g_set_error(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "[%s] dir: '%s' is not in or out", group, dir != NULL ? dir : "");
		return false;
	}
	if (action == NULL || strcmp(action, "allow") == 0)
		p->action = XFRM_ACTION_ALLOW;
	else if (strcmp(action, "block") == 0)
		p->action = XFRM_ACTION_BLOCK;
	else {
		g_set_error(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "[%s] action: '%s' is not allow or block", group, action);
		return false;
	}
	GET_NUM(p->sport, "sport", 65535);
	GET_NUM(p->dport, "dport", 65535);
	GET_NUM(p->priority, "priority", UINT32_MAX);
	GET_NUM(n, "reqid", 0xffff);
	p->reqid = p->action == XFRM_ACTION_ALLOW ? xfrm_reqid_ours(n) : 0;
	return xfrm_policy_spec_validate(p, error);
}

static bool
load(const char *path, GKeyFile **ret_kf, GArray **ret_entries, GError **error)
{
	g_autoptr(L2secSecret) text = NULL;
	if (!l2sec_secret_load_file(path, &text, error))
		return false;
	g_autoptr(GKeyFile) kf = g_key_file_new();
	if (!g_key_file_load_from_data(
		kf, (const char *)text->data, text->len, G_KEY_FILE_NONE, error)) {
		g_prefix_error(error, "%s: ", path);
		return false;
	}
	g_autoptr(GArray) entries = g_array_new(FALSE, TRUE, sizeof(Entry));
	g_array_set_clear_func(entries, entry_clear);
	g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
	for (size_t i = 0; groups[i] != NULL; i++) {
		Entry e = {0};
		bool ok;
		if (g_str_has_prefix(groups[i], "sa ")) {
			e.is_sa = true;
			g_array_append_val(entries, e);
			ok = parse_sa(
			    kf, groups[i], &g_array_index(entries, Entry, entries->len - 1), error);
		} else if (g_str_has_prefix(groups[i], "policy ")) {
			g_array_append_val(entries, e);
			ok = parse_policy(
			    kf, groups[i], &g_array_index(entries, Entry, entries->len - 1), error);
		} else {
			g_set_error(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
			    "[%s]: a group is \"sa NAME\" or \"policy NAME\"", groups[i]);
			ok = false;
		}
		if (!ok) {
			g_prefix_error(error, "%s: ", path);
			return false;
		}
		g_array_index(entries, Entry, entries->len - 1).name = g_strdup(groups[i]);
	}
	*ret_kf = g_steal_pointer(&kf);
	*ret_entries = g_steal_pointer(&entries);
	return true;
}

/* Install every entry; on a failure, undo what went in before it. */
static bool
install_all(XfrmSocket *sock, GArray *entries, XfrmUndo *undo, GError **error)
{
	for (guint i = 0; i < entries->len; i++) {
		Entry *e = &g_array_index(entries, Entry, i);
		bool ok = e->is_sa ? xfrm_sa_install(sock, &e->sa, undo, error)
				   : xfrm_policy_install(sock, &e->policy, undo, error);
		if (!ok) {
			g_autoptr(GError) undo_error = NULL;
			guint n = xfrm_undo_length(undo);
			if (!xfrm_undo_run(sock, undo, &undo_error))
				fprintf(stderr, "l2sec-xfrm-tool: %s\n", undo_error->message);
			else
				printf("rolled back %u entries\n", n);
			return false;
		}
		printf("installed [%s]\n", e->name);
	}
	return true;
}

static int
usage(void)
{
	fprintf(stderr, "usage: l2sec-xfrm-tool check FILE | apply [--keep] FILE | flush\n");
	return 2;
}

int
main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	if (argc == 2 && strcmp(argv[1], "flush") == 0) {
		g_autoptr(XfrmSocket) sock = xfrm_socket_open(&error);
		guint n = 0;
		if (sock == NULL || !xfrm_flush_ours(sock, &n, &error)) {
			fprintf(stderr, "l2sec-xfrm-tool: %s\n", error->message);
			return 1;
		}
		printf("flushed %u entries\n", n);
		return 0;
	}
	bool keep = argc == 4 && strcmp(argv[2], "--keep") == 0;
	if (!(argc == 3 || keep) ||
	    (strcmp(argv[1], "check") != 0 && strcmp(argv[1], "apply") != 0))
		return usage();
	const char *path = argv[argc - 1];
	g_autoptr(GKeyFile) kf = NULL;
	g_autoptr(GArray) entries = NULL;
	if (!load(path, &kf, &entries, &error)) {
		fprintf(stderr, "l2sec-xfrm-tool: %s\n", error->message);
		return 1;
	}
	if (strcmp(argv[1], "check") == 0) {
		printf("%u entries are valid\n", entries->len);
		return 0;
	}
	g_autoptr(XfrmSocket) sock = xfrm_socket_open(&error);
	g_autoptr(XfrmUndo) undo = xfrm_undo_new();
	if (sock == NULL || !install_all(sock, entries, undo, &error)) {
		fprintf(stderr, "l2sec-xfrm-tool: %s\n", error->message);
		return 1;
	}
	g_clear_pointer(&entries, g_array_unref); /* wipe the keys now */
	g_clear_pointer(&kf, g_key_file_unref);
	printf("ready\n");
	fflush(stdout);
	if (keep)
		return 0; /* the undo list is forgotten: what a crash leaves */
	char line[64];
	if (fgets(line, sizeof(line), stdin) == NULL) /* a line or the end of stdin */
		line[0] = '\0';
	guint n = xfrm_undo_length(undo);
	if (!xfrm_undo_run(sock, undo, &error)) {
		fprintf(stderr, "l2sec-xfrm-tool: %s\n", error->message);
		return 1;
	}
	printf("removed %u entries\n", n);
	return 0;
}
