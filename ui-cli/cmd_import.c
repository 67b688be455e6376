/*
 * cmd_import.c — `l2sec import` and `l2sec export` (l2sec(8), issue 7).
 * Import reads the file (or the how-to files of a folder), finds its format,
 * runs the importer, checks the text with the profile loader, says on stderr
 * what was ignored and which secrets are missing, and writes the profile 0600,
 * atomically (a temporary file renamed over). Export loads a profile and
 * writes it in a foreign format. Any error: exit 2 and nothing written.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>

#include "client/import.h"
#include "client/profile.h"
#include "common/secret.h"
#include "ui-cli/commands.h"

#define IMPORT_MAX_INPUT (1024 * 1024)

static int fail_usage(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static int
fail_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	fprintf(stderr, "l2sec: %s\n", msg);
	return EXIT_USAGE;
}

/* One input file: its bytes are wiped on free (they may hold secrets). */
typedef struct InFile {
	char *path;
	L2secSecret *bytes;
} InFile;

static void
infile_clear(gpointer p)
{
	InFile *f = p;
	g_free(f->path);
	l2sec_secret_free(f->bytes);
}

static bool
read_input(const char *path, GArray *files, GError **error)
{
	gchar *data = NULL;
	gsize len = 0;
	struct stat st;
	if (stat(path, &st) == 0 && st.st_size > IMPORT_MAX_INPUT) {
		g_set_error(error, L2SEC_IMPORT_ERROR, L2SEC_IMPORT_ERROR_IO,
		    "%s: %lld bytes; l2sec imports files of at most 1 MiB", path,
		    (long long)st.st_size);
		return false;
	}
	GError *inner = NULL;
	if (!g_file_get_contents(path, &data, &len, &inner)) {
		g_set_error(error, L2SEC_IMPORT_ERROR, L2SEC_IMPORT_ERROR_IO, "%s", inner->message);
		g_error_free(inner);
		return false;
	}
	InFile f = {g_strdup(path), l2sec_secret_new(data, len)};
	explicit_bzero(data, len);
	g_free(data);
	g_array_append_val(files, f);
	return true;
}

/* A how-to folder: ipsec.conf, ipsec.secrets, xl2tpd.conf and the pppoptfile it names. */
static bool
read_howto_dir(const char *dir, GArray *files, GError **error)
{
	static const char *const names[] = {"ipsec.conf", "ipsec.secrets", "xl2tpd.conf"};
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree char *p = g_build_filename(dir, names[i], NULL);
		if (g_file_test(p, G_FILE_TEST_IS_REGULAR) && !read_input(p, files, error))
			return false;
	}
	/* the pppoptfile named in xl2tpd.conf, looked up by its base name in the folder */
	for (guint i = 0; i < files->len; i++) {
		InFile *f = &g_array_index(files, InFile, i);
		if (!g_str_has_suffix(f->path, "xl2tpd.conf"))
			continue;
		g_auto(GStrv) lines = g_strsplit((const char *)f->bytes->data, "\n", -1);
		for (char **l = lines; *l != NULL; l++) {
			char *s = g_strstrip(*l);
			if (!g_str_has_prefix(s, "pppoptfile"))
				continue;
			char *eq = strchr(s, '=');
			if (eq == NULL)
				continue;
			g_autofree char *base = g_path_get_basename(g_strstrip(eq + 1));
			g_autofree char *p = g_build_filename(dir, base, NULL);
			if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
				return read_input(p, files, error);
		}
	}
	if (files->len > 0)
		return true;
	/* none of the usual names: hand every file to the importer, which knows them by content
	 * (a how-to may call them vpn.conf, l2tp.conf...) and names what it cannot use */
	g_autoptr(GDir) d = g_dir_open(dir, 0, error);
	if (d == NULL)
		return false;
	g_autoptr(GPtrArray) names_found = g_ptr_array_new_with_free_func(g_free);
	const char *n;
	while ((n = g_dir_read_name(d)) != NULL)
		g_ptr_array_add(names_found, g_build_filename(dir, n, NULL));
	g_ptr_array_sort(names_found, l2sec_cmd_strptr_cmp);
	for (guint i = 0; i < names_found->len; i++) {
		const char *p = names_found->pdata[i];
		if (g_file_test(p, G_FILE_TEST_IS_REGULAR) && !read_input(p, files, error))
			return false;
	}
	if (files->len == 0) {
		g_set_error(error, L2SEC_IMPORT_ERROR, L2SEC_IMPORT_ERROR_IO,
		    "%s: no ipsec.conf, ipsec.secrets or xl2tpd.conf in this folder", dir);
		return false;
	}
	return true;
}

/* A profile name from a connection's name: letters, digits, '.', '_', '-' kept (UTF-8 letters
 * too), anything else a '-'. */
static char *
name_from(const char *s)
{
	GString *out = g_string_new(NULL);
	if (g_utf8_validate(s, -1, NULL)) {
		for (const char *c = s; *c != '\0'; c = g_utf8_next_char(c)) {
			gunichar u = g_utf8_get_char(c);
			if (g_unichar_isalnum(u) || u == '.' || u == '_' || u == '-')
				g_string_append_unichar(out, u);
			else if (out->len > 0 && out->str[out->len - 1] != '-')
				g_string_append_c(out, '-');
		}
	}
	while (out->len > 0 && out->str[out->len - 1] == '-')
		g_string_truncate(out, out->len - 1);
	while (out->len > 0 && out->str[0] == '.')
		g_string_erase(out, 0, 1);
	return g_string_free(out, FALSE);
}

static bool
name_ok(const char *name)
{
	return *name != '\0' && *name != '.' && *name != '-' && strchr(name, '/') == NULL &&
	       strlen(name) <= 128 && g_utf8_validate(name, -1, NULL);
}

/* Insert "key = value" right after the [section] line of the text (or add the section). */
static void
text_add_key(GString *text, const char *section, const char *key, const char *value)
{
	g_autofree char *header = g_strdup_printf("[%s]\n", section);
	g_autofree char *line = g_strdup_printf("%s = %s\n", key, value);
	const char *at = strstr(text->str, header);
	if (at != NULL) {
		g_string_insert(text, (at - text->str) + (gssize)strlen(header), line);
		return;
	}
	/* a new section goes before the first section that comes after it in l2sec.conf(5) */
	static const char *const order[] = {"connection", "ipsec", "l2tp", "ppp", "routes"};
	bool later = false;
	for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
		if (strcmp(order[i], section) == 0) {
			later = true;
			continue;
		}
		if (!later)
			continue;
		g_autofree char *next = g_strdup_printf("\n[%s]\n", order[i]);
		const char *n = strstr(text->str, next);
		if (n != NULL) {
			g_autofree char *block = g_strdup_printf("\n%s%s", header, line);
			g_string_insert(text, n - text->str, block);
			return;
		}
	}
	g_string_append_printf(text, "\n%s%s", header, line);
}

/* Write `text` to `path` with `mode`: a temporary file in the same folder, renamed over. */
static bool
write_atomic(const char *path, const char *text, size_t len, mode_t mode, GError **error)
{
	g_autofree char *tmp = g_strdup_printf("%s.XXXXXX", path);
	int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, (int)mode);
	if (fd < 0) {
		int e = errno;
		g_set_error(error, L2SEC_IMPORT_ERROR, L2SEC_IMPORT_ERROR_IO,
		    "%s: cannot create: %s", path, g_strerror(e));
		return false;
	}
	bool ok = fchmod(fd, mode) == 0;
	for (size_t done = 0; ok && done < len;) {
		ssize_t n = write(fd, text + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		ok = n > 0;
		done += ok ? (size_t)n : 0;
	}
	int e = errno;
	ok = ok && fsync(fd) == 0;
	e = ok ? 0 : (e != 0 ? e : errno);
	if (close(fd) != 0 && ok) {
		ok = false;
		e = errno;
	}
	if (ok && rename(tmp, path) != 0) {
		ok = false;
		e = errno;
	}
	if (!ok) {
		unlink(tmp);
		g_set_error(error, L2SEC_IMPORT_ERROR, L2SEC_IMPORT_ERROR_IO,
		    "%s: cannot write: %s", path, g_strerror(e));
	}
	return ok;
}

static bool
run_importer(L2secFormat format, GArray *files, const char *entry, L2secImport *imp, GError **error)
{
	L2secImportFile one[8];
	size_t n = MIN(files->len, G_N_ELEMENTS(one));
	for (size_t i = 0; i < n; i++) {
		InFile *f = &g_array_index(files, InFile, i);
		one[i] = (L2secImportFile){f->path, (const char *)f->bytes->data, f->bytes->len};
	}
	if (format != L2SEC_FORMAT_LINUX_HOWTO && n != 1) {
		g_set_error(error, L2SEC_IMPORT_ERROR, L2SEC_IMPORT_ERROR_FORMAT,
		    "a folder holds the files of the linux-howto format only, not %s",
		    l2sec_format_name(format));
		return false;
	}
	switch (format) {
	case L2SEC_FORMAT_NM_KEYFILE:
		return l2sec_import_nm_keyfile(&one[0], imp, error);
	case L2SEC_FORMAT_NM_L2TP_EXPORT:
		return l2sec_import_nm_l2tp_export(&one[0], imp, error);
	case L2SEC_FORMAT_RASPHONE_PBK:
		return l2sec_import_pbk(&one[0], entry, imp, error);
	case L2SEC_FORMAT_POWERSHELL:
		return l2sec_import_powershell(&one[0], imp, error);
	case L2SEC_FORMAT_MOBILECONFIG:
		return l2sec_import_mobileconfig_entry(&one[0], entry, imp, error);
	case L2SEC_FORMAT_LINUX_HOWTO:
		return l2sec_import_linux(one, n, imp, error);
	case L2SEC_FORMAT_UNKNOWN:
		break;
	}
	g_set_error(error, L2SEC_IMPORT_ERROR, L2SEC_IMPORT_ERROR_FORMAT,
	    "%s: not a format l2sec imports (nm-keyfile, nm-l2tp, rasphone, powershell, "
	    "mobileconfig, linux-howto); name it with --format",
	    one[0].path);
	return false;
}

static void
say_missing(const char *secret, const char *source, const char *dir, const char *name)
{
	if (strcmp(secret, "psk") == 0)
		fprintf(stderr,
		    "l2sec: missing: the pre-shared key is not in %s; the profile reads it from "
		    "psk-file = %s.psk: write it to %s/%s.psk and run chmod 600 %s/%s.psk\n",
		    source, name, dir, name, dir, name);
	else if (strcmp(secret, "password") == 0)
		fprintf(stderr,
		    "l2sec: missing: the PPP password is not in %s; l2sec connect will ask for it, "
		    "or add password = ... or password-file = FILE (mode 0600) to [ppp]\n",
		    source);
	else
		fprintf(stderr,
		    "l2sec: missing: the %s is not in %s; add %s = ... or %s-file = FILE (mode "
		    "0600) to the profile\n",
		    secret, source, secret, secret);
}

int
l2sec_cmd_import(int argc, char **argv)
{
	const char *input = NULL, *name = NULL, *format_name = NULL, *entry = NULL, *output = NULL;
	bool force = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = strcmp(a, "--name") == 0     ? &name
				    : strcmp(a, "--format") == 0 ? &format_name
				    : strcmp(a, "--entry") == 0  ? &entry
				    : strcmp(a, "--output") == 0 ? &output
								 : NULL;
		if (slot != NULL) {
			if (i + 1 >= argc)
				return fail_usage("import: %s needs a value", a);
			*slot = argv[++i];
		} else if (strcmp(a, "--force") == 0) {
			force = true;
		} else if (a[0] == '-' && a[1] != '\0') {
			return fail_usage("import: unknown option '%s'\nTry 'l2sec --help'.", a);
		} else if (input != NULL) {
			return fail_usage("import: one FILE or folder at a time");
		} else {
			input = a;
		}
	}
	if (input == NULL)
		return fail_usage("import: which file? l2sec import FILE|DIR [--name NAME]");
	L2secFormat format = L2SEC_FORMAT_UNKNOWN;
	if (format_name != NULL) {
		format = l2sec_format_from_name(format_name);
		if (format == L2SEC_FORMAT_UNKNOWN)
			return fail_usage(
			    "import: unknown format '%s'; the formats are nm-keyfile, "
			    "nm-l2tp, rasphone, powershell, mobileconfig, linux-howto",
			    format_name);
	}
	if (name != NULL && !name_ok(name))
		return fail_usage("import: '%s' cannot be a profile name", name);

	g_autoptr(GArray) files = g_array_new(FALSE, TRUE, sizeof(InFile));
	g_array_set_clear_func(files, infile_clear);
	g_autoptr(GError) error = NULL;
	bool is_dir = g_file_test(input, G_FILE_TEST_IS_DIR);
	if (is_dir) {
		if (format == L2SEC_FORMAT_UNKNOWN)
			format = L2SEC_FORMAT_LINUX_HOWTO;
		if (!read_howto_dir(input, files, &error))
			return fail_usage("%s", error->message);
	} else if (!read_input(input, files, &error)) {
		return fail_usage("%s", error->message);
	}
	if (format == L2SEC_FORMAT_UNKNOWN) {
		InFile *f = &g_array_index(files, InFile, 0);
		L2secImportFile lf = {f->path, (const char *)f->bytes->data, f->bytes->len};
		format = l2sec_import_detect(&lf);
	}

	g_autoptr(L2secImport) imp = l2sec_import_new();
	if (!run_importer(format, files, entry, imp, &error))
		return fail_usage("%s", error->message);

	/* the name: --name, the source's, the file's */
	g_autofree char *auto_name = NULL;
	if (name == NULL && imp->name != NULL)
		auto_name = name_from(imp->name);
	if (name == NULL && (auto_name == NULL || *auto_name == '\0')) {
		g_free(auto_name);
		g_autofree char *base = g_path_get_basename(input);
		char *dot = strchr(base, '.');
		if (dot != NULL && dot != base)
			*dot = '\0';
		auto_name = name_from(base);
	}
	if (name == NULL)
		name = auto_name;
	if (!name_ok(name))
		return fail_usage(
		    "import: no usable profile name from %s; give one with --name", input);

	g_autofree char *default_path = NULL;
	if (output == NULL) {
		g_autofree char *file = g_strconcat(name, ".conf", NULL);
		default_path = g_build_filename(L2SEC_PROFILE_DIR, file, NULL);
	}
	const char *target = output != NULL ? output : default_path;
	g_autofree char *target_dir = g_path_get_dirname(target);

	/* the text, as it will be written */
	g_autofree char *source = g_path_get_basename(input);
	GString *text = g_string_new(NULL);
	g_string_append_printf(
	    text, "# imported by l2sec import from %s (%s)\n", source, l2sec_format_name(format));
	g_string_append_len(text, imp->profile->str, (gssize)imp->profile->len);
	bool psk_missing = false;
	for (guint i = 0; i < imp->missing_secrets->len; i++)
		psk_missing = psk_missing || strcmp(imp->missing_secrets->pdata[i], "psk") == 0;
	/* an importer that already names a psk-file (H4's placeholders) keeps it */
	if (psk_missing && !g_regex_match_simple("^[ \t]*psk(-file)?[ \t]*=", imp->profile->str,
			       G_REGEX_MULTILINE, 0)) {
		g_autofree char *pskfile = g_strconcat(name, ".psk", NULL);
		text_add_key(text, "ipsec", "psk-file", pskfile);
	}

	g_autofree char *conf_name = g_strconcat(name, ".conf", NULL);
	g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(L2secProfile) p = l2sec_profile_load_data(conf_name, text->str, text->len,
	    target_dir, L2SEC_PROFILE_NO_SECRET_FILES, warnings, &error);

	for (guint i = 0; i < imp->ignored->len; i++)
		fprintf(stderr, "l2sec: ignored: %s\n", (const char *)imp->ignored->pdata[i]);
	for (guint i = 0; i < imp->notes->len; i++)
		fprintf(stderr, "l2sec: note: %s\n", (const char *)imp->notes->pdata[i]);
	int status = EXIT_OK;
	if (p == NULL) {
		fprintf(stderr, "l2sec: %s: the imported profile is not valid: %s\n", input,
		    error->message);
		status = EXIT_USAGE;
	} else {
		for (guint i = 0; i < warnings->len; i++)
			fprintf(stderr, "l2sec: warning: %s\n", (const char *)warnings->pdata[i]);
		if (g_file_test(target, G_FILE_TEST_EXISTS) && !force) {
			fprintf(
			    stderr, "l2sec: profile %s exists (%s); use --force\n", name, target);
			status = EXIT_USAGE;
		} else {
			if (output == NULL)
				(void)g_mkdir_with_parents(target_dir, 0755);
			if (!write_atomic(target, text->str, text->len, 0600, &error)) {
				fprintf(stderr, "l2sec: %s\n", error->message);
				status = EXIT_USAGE;
			}
		}
	}
	if (status == EXIT_OK) {
		for (guint i = 0; i < imp->missing_secrets->len; i++)
			say_missing(imp->missing_secrets->pdata[i], source, target_dir, name);
		printf("%s: imported from %s (%s)\n", target, input, l2sec_format_name(format));
	}
	explicit_bzero(text->str, text->allocated_len);
	g_string_free(text, TRUE);
	return status;
}

int
l2sec_cmd_export(int argc, char **argv)
{
	const char *profile = NULL, *format_name = NULL, *output = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--format") == 0 || strcmp(a, "--output") == 0) {
			if (i + 1 >= argc)
				return fail_usage("export: %s needs a value", a);
			*(a[2] == 'f' ? &format_name : &output) = argv[++i];
		} else if (a[0] == '-' && a[1] != '\0') {
			return fail_usage("export: unknown option '%s'\nTry 'l2sec --help'.", a);
		} else if (profile != NULL) {
			return fail_usage("export: one profile at a time");
		} else {
			profile = a;
		}
	}
	if (profile == NULL || format_name == NULL)
		return fail_usage(
		    "export: l2sec export NAME --format nm-keyfile|nm-l2tp|mobileconfig "
		    "[--output FILE]");
	L2secFormat format = l2sec_format_from_name(format_name);
	GString *(*exporter)(const L2secProfile *, GError **) =
	    format == L2SEC_FORMAT_NM_KEYFILE       ? l2sec_export_nm_keyfile
	    : format == L2SEC_FORMAT_NM_L2TP_EXPORT ? l2sec_export_nm_l2tp_export
	    : format == L2SEC_FORMAT_MOBILECONFIG   ? l2sec_export_mobileconfig
						    : NULL;
	if (exporter == NULL)
		return fail_usage("export: cannot export to '%s'; the formats are nm-keyfile, "
				  "nm-l2tp and mobileconfig",
		    format_name);

	g_autofree char *path = l2sec_profile_resolve(profile);
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(L2secProfile) p =
	    l2sec_profile_load_file(path, L2SEC_PROFILE_LOAD_DEFAULT, warnings, &error);
	if (p == NULL)
		return fail_usage("%s", error->message);
	GString *text = exporter(p, &error);
	if (text == NULL)
		return fail_usage("export: %s", error->message);
	g_autoptr(GPtrArray) dropped = l2sec_export_dropped(p, format);
	for (guint i = 0; i < dropped->len; i++)
		fprintf(stderr, "l2sec: not exported: %s\n", (const char *)dropped->pdata[i]);
	int status = EXIT_OK;
	if (output == NULL) {
		if (fwrite(text->str, 1, text->len, stdout) != text->len || fflush(stdout) != 0)
			status = fail_usage("export: cannot write to the standard output");
	} else {
		/* NetworkManager reads a keyfile only when it is 0600, secrets or not */
		bool private = p->psk != NULL || p->password != NULL ||
			       format == L2SEC_FORMAT_NM_KEYFILE;
		if (!write_atomic(output, text->str, text->len, private ? 0600 : 0644, &error))
			status = fail_usage("%s", error->message);
	}
	explicit_bzero(text->str, text->allocated_len);
	g_string_free(text, TRUE);
	return status;
}
