/*
 * import.h — foreign configurations to l2sec profiles and back (`l2sec
 * import`, `l2sec export`; issue 7). One module per format in client/
 * (import_nm.c, import_mobileconfig.c, import_pbk.c, import_powershell.c,
 * import_linux.c); this header is the contract between them and the command.
 *
 * An importer only decodes: it reads bytes already in memory (the command
 * reads the files) and writes profile *text* in l2sec.conf(5) syntax into
 * `out->profile`. The command then loads that text with
 * l2sec_profile_load_data(), so every value an importer emits is checked by
 * the same code as a hand-written profile, and writes it 0600 to
 * L2SEC_PROFILE_DIR/NAME.conf. Nothing is written when any step fails.
 *
 * Every field of the source that l2sec cannot map goes to `out->ignored`
 * as "KEY=VALUE (why)", e.g. "VpnStrategy=14 (SSTP first)"; secrets the
 * source does not hold (the PSK of a rasphone.pbk entry) go to
 * `out->missing_secrets` by profile key ("psk", "password"). Never silently.
 *
 * Errors: L2SEC_IMPORT_ERROR; messages read "FILE:LINE: what is wrong" for
 * line formats, "FILE: key path: what is wrong" for plists/XML
 * ("work.mobileconfig: PayloadContent[0].IPSec.SharedSecret: not base64 data").
 */
#ifndef L2SEC_CLIENT_IMPORT_H
#define L2SEC_CLIENT_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

#include "client/profile.h"

#define L2SEC_IMPORT_ERROR (l2sec_import_error_quark())
GQuark l2sec_import_error_quark(void);

typedef enum {
	L2SEC_IMPORT_ERROR_IO,          /* cannot read or write a file */
	L2SEC_IMPORT_ERROR_FORMAT,      /* not the format it claims / not recognised */
	L2SEC_IMPORT_ERROR_MALFORMED,   /* the format is right but the content is broken */
	L2SEC_IMPORT_ERROR_UNSUPPORTED, /* well-formed but not L2TP/IPsec (an SSTP entry...) */
	L2SEC_IMPORT_ERROR_EXISTS,      /* the profile exists and --force was not given */
} L2secImportError;

typedef enum {
	L2SEC_FORMAT_UNKNOWN,
	L2SEC_FORMAT_NM_KEYFILE,     /* NetworkManager .nmconnection (service-type ...l2tp) */
	L2SEC_FORMAT_NM_L2TP_EXPORT, /* NetworkManager-l2tp's editor export (.conf) */
	L2SEC_FORMAT_RASPHONE_PBK,   /* Windows rasphone.pbk */
	L2SEC_FORMAT_POWERSHELL,     /* Add-VpnConnection ... -TunnelType L2tp script */
	L2SEC_FORMAT_MOBILECONFIG,   /* Apple .mobileconfig (plist XML or CMS-signed) */
	L2SEC_FORMAT_LINUX_HOWTO,    /* ipsec.conf (+ ipsec.secrets) + xl2tpd.conf + pppoptfile */
} L2secFormat;

/* One input file, already read. */
typedef struct L2secImportFile {
	const char *path; /* for messages and for resolving names inside the file */
	const char *data; /* not NUL-terminated necessarily */
	size_t len;
} L2secImportFile;

typedef struct L2secImport {
	GString *profile;           /* l2sec.conf(5) text, with secrets inline when the source has them */
	char *name;                 /* suggested profile name (the source's connection name), or NULL */
	GPtrArray *ignored;         /* of char *: "KEY=VALUE (why)" */
	GPtrArray *missing_secrets; /* of char *: "psk", "password", "tunnel-secret" */
	GPtrArray *notes;           /* of char *: other remarks for stderr (may stay empty) */
} L2secImport;

L2secImport *l2sec_import_new(void);
void l2sec_import_free(L2secImport *imp); /* wipes the profile text (it may hold secrets) */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(L2secImport, l2sec_import_free)

/*
 * The importers. Each takes one file, except import_linux which takes the set
 * a how-to leaves behind (any of ipsec.conf, ipsec.secrets, xl2tpd.conf and the
 * pppoptfile it names, in any order; the command gathers them from a directory).
 */
bool l2sec_import_nm_keyfile(const L2secImportFile *f, L2secImport *out, GError **error);
bool l2sec_import_nm_l2tp_export(const L2secImportFile *f, L2secImport *out, GError **error);
bool l2sec_import_pbk(const L2secImportFile *f, const char *entry /* NULL: the only/first L2TP one */,
    L2secImport *out, GError **error);
bool l2sec_import_powershell(const L2secImportFile *f, L2secImport *out, GError **error);
bool l2sec_import_mobileconfig(const L2secImportFile *f, L2secImport *out, GError **error);
/* The same, for the L2TP payload whose UserDefinedName is `entry` (NULL: the first one); the
 * other L2TP payloads are named in `notes`. */
bool l2sec_import_mobileconfig_entry(const L2secImportFile *f, const char *entry,
    L2secImport *out, GError **error);
bool l2sec_import_linux(const L2secImportFile *files, size_t n_files, L2secImport *out, GError **error);

/* Which format this file is, from its content first and its name second. */
L2secFormat l2sec_import_detect(const L2secImportFile *f);
const char *l2sec_format_name(L2secFormat format); /* "nm-keyfile", "mobileconfig"... */
L2secFormat l2sec_format_from_name(const char *name);

/*
 * The exporters: the profile's text in the format, for the formats that can
 * be imported back (round trip: export then import gives an equal profile).
 */
GString *l2sec_export_nm_keyfile(const L2secProfile *p, GError **error);
GString *l2sec_export_nm_l2tp_export(const L2secProfile *p, GError **error);
GString *l2sec_export_mobileconfig(const L2secProfile *p, GError **error);
/* What the format cannot hold of `p`, as "KEY = VALUE (why)" (char *); the exporters write
 * these as comments, the command prints them. */
GPtrArray *l2sec_export_dropped(const L2secProfile *p, L2secFormat format);

/*
 * The profile back to l2sec.conf(5) text (profile_write.c): canonical key
 * order, defaults omitted, secrets inline when `with_secrets` (else their
 * *-file keys as loaded). Two profiles are equal when their canonical texts
 * with secrets are equal.
 */
GString *l2sec_profile_to_text(const L2secProfile *p, bool with_secrets);
bool l2sec_profile_equal(const L2secProfile *a, const L2secProfile *b);
/* Whether `value` can be written as a value at all: not when it starts with '#' (a comment). */
bool l2sec_profile_text_value_ok(const char *value);
/* Append `value` escaped as the loader reads it back (\\, \n, \t, \r, \s for a blank at
 * either end or before '#'). */
void l2sec_profile_text_append_value(GString *out, const char *value);

#endif
