/*
 * cmd_connect.c — l2sec connect, disconnect, status and list (l2sec(8)).
 *
 * connect runs the supervisor (client/supervisor.h). Without --foreground it
 * forks first: the child (the connection's daemon, in its own session) runs
 * the connection and reports its progress through a pipe; the parent prints
 * it and exits 0 once the tunnel is up, 1 with the named error when it
 * fails. The daemon then answers on RUNDIR/NAME.sock (client/control.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib.h>

#include "client/control.h"
#include "client/profile.h"
#include "client/supervisor.h"
#include "common/log.h"
#include "common/secret.h"
#include "ui-cli/commands.h"

#define CONTROL_TIMEOUT_MS 5000
#define DISCONNECT_TIMEOUT_MS 30000

static int usage(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static int
usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	fprintf(stderr, "l2sec: %s\nTry 'l2sec --help'.\n", msg);
	return EXIT_USAGE;
}

static bool
need_root(const char *cmd)
{
	if (geteuid() == 0)
		return true;
	fprintf(stderr, "l2sec: %s needs root (it changes SAs, routes and DNS)\n", cmd);
	return false;
}

/* ---- the password, asked on the terminal when the profile has none -------- */

static L2secSecret *
ask_password(const char *user, GError **error)
{
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
		    "the profile has no PPP password and there is no terminal to ask for it "
		    "(set password-file in [ppp])");
		return NULL;
	}
	struct termios old, quiet;
	bool restore = tcgetattr(fd, &old) == 0;
	if (restore) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		(void)tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	g_autofree char *prompt = g_strdup_printf("Password for %s: ", user);
	(void)!write(fd, prompt, strlen(prompt));
	uint8_t buf[257];
	size_t len = 0;
	while (len < sizeof(buf)) {
		ssize_t n = read(fd, buf + len, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || buf[len] == '\n')
			break;
		len++;
	}
	if (restore)
		(void)tcsetattr(fd, TCSAFLUSH, &old);
	(void)!write(fd, "\n", 1);
	close(fd);
	if (len > 255) {
		explicit_bzero(buf, sizeof(buf));
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		    "the password is longer than 255 bytes");
		return NULL;
	}
	L2secSecret *s = l2sec_secret_new(buf, len);
	explicit_bzero(buf, sizeof(buf));
	return s;
}

/* ---- connect ------------------------------------------------------------- */

typedef struct Daemon {
	GMainLoop *loop;
	L2secSupervisor *sup;
	L2secControl *control;
	int report_fd;                  /* the pipe to the waiting parent; -1 when closed */
	bool foreground;
	bool failed;
	GPtrArray *disconnect_requests; /* of L2secControlRequest, answered when down */
} Daemon;

static void
report(Daemon *d, char kind, const char *text)
{
	if (d->foreground) {
		if (kind == 'F')
			fprintf(stderr, "l2sec: %s\n", text);
		else if (kind == 'P')
			printf("%s\n", text);
		fflush(stdout);
		return;
	}
	if (d->report_fd < 0)
		return;
	g_autofree char *line = g_strdup_printf("%c %s\n", kind, text);
	g_strdelimit(line + 2, "\n", ' ');
	line[strlen(line) - 1] = '\n';
	(void)!write(d->report_fd, line, strlen(line));
	if (kind != 'P') {
		close(d->report_fd);
		d->report_fd = -1;
	}
}

static void
on_progress(const char *line, void *user_data)
{
	report(user_data, 'P', line);
}

static void
on_up(void *user_data)
{
	Daemon *d = user_data;
	if (d->report_fd >= 0) {
		g_autofree char *status = l2sec_supervisor_status_text(d->sup);
		report(d, 'P', "");
		g_auto(GStrv) lines = g_strsplit(status, "\n", -1);
		for (char **l = lines; *l != NULL; l++)
			if (**l != '\0')
				report(d, 'P', *l);
		report(d, 'U', "up");
	}
}

static void
on_down(const GError *error, void *user_data)
{
	Daemon *d = user_data;
	if (error != NULL) {
		d->failed = true;
		report(d, 'F', error->message);
	}
	g_main_loop_quit(d->loop);
}

static void
on_control(L2secControlRequest *req, const char *command, void *user_data)
{
	Daemon *d = user_data;
	if (strcmp(command, "status") == 0) {
		g_autofree char *text = l2sec_supervisor_status_text(d->sup);
		l2sec_control_reply(req, text);
	} else if (strcmp(command, "status-json") == 0) {
		g_autofree char *text = l2sec_supervisor_status_json(d->sup);
		l2sec_control_reply(req, text);
	} else if (strcmp(command, "disconnect") == 0) {
		g_ptr_array_add(d->disconnect_requests, req);
		log_info("disconnect requested");
		l2sec_supervisor_disconnect(d->sup);
	} else {
		g_autofree char *text = g_strdup_printf("error: unknown request '%s'\n", command);
		l2sec_control_reply(req, text);
	}
}

static gboolean
on_signal(gpointer user_data)
{
	Daemon *d = user_data;
	log_info("signal: disconnecting");
	l2sec_supervisor_disconnect(d->sup);
	return G_SOURCE_CONTINUE;
}

static FILE *log_file;

static void
file_sink(L2secLogLevel level, const char *line, void *user_data)
{
	g_autofree char *text = l2sec_log_format(level, g_get_real_time(), true, line);
	fprintf(log_file, "%s\n", text);
	fflush(log_file);
}

/* The daemon's body (or the whole of --foreground): returns the exit status. */
static int
run_connection(L2secProfile *profile, const L2secSupervisorOptions *opt, int lock_fd, int report_fd,
    bool foreground)
{
	Daemon d = {.report_fd = report_fd, .foreground = foreground};
	d.disconnect_requests = g_ptr_array_new();
	d.loop = g_main_loop_new(NULL, FALSE);
	g_autofree char *name = g_strdup(profile->name);
	static const L2secSupervisorCallbacks cb = {on_progress, on_up, on_down};
	d.sup = l2sec_supervisor_new(profile, opt, &cb, &d);
	g_autoptr(GError) error = NULL;
	g_autofree char *sock = l2sec_run_path(name, "sock");
	d.control = l2sec_control_listen(sock, on_control, &d, &error);
	int status = EXIT_OK;
	if (d.control == NULL) {
		report(&d, 'F', error->message);
		status = EXIT_CONNECTION_FAILED;
	} else {
		guint sig_term = g_unix_signal_add(SIGTERM, on_signal, &d);
		guint sig_int = g_unix_signal_add(SIGINT, on_signal, &d);
		guint sig_hup = g_unix_signal_add(SIGHUP, on_signal, &d);
		if (!l2sec_supervisor_start(d.sup, &error)) {
			report(&d, 'F', error->message);
			status = EXIT_CONNECTION_FAILED;
		} else {
			g_main_loop_run(d.loop);
			if (d.failed)
				status = EXIT_CONNECTION_FAILED;
		}
		g_source_remove(sig_term);
		g_source_remove(sig_int);
		g_source_remove(sig_hup);
	}
	l2sec_supervisor_free(d.sup);
	for (guint i = 0; i < d.disconnect_requests->len; i++)
		l2sec_control_reply(d.disconnect_requests->pdata[i], "disconnected\n");
	g_ptr_array_unref(d.disconnect_requests);
	l2sec_control_free(d.control);
	g_main_loop_unref(d.loop);
	if (d.report_fd >= 0)
		close(d.report_fd);
	g_autofree char *lock = l2sec_run_path(name, "lock");
	(void)unlink(lock);
	close(lock_fd);
	return status;
}

/* The parent: print the daemon's progress until it says up or failed. */
static int
wait_for_daemon(int fd)
{
	FILE *in = fdopen(fd, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int status = EXIT_CONNECTION_FAILED;
	bool ended = false;
	while ((n = getline(&line, &cap, in)) > 0) {
		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		const char *text = n > 2 ? line + 2 : "";
		if (line[0] == 'P') {
			printf("%s\n", text);
			fflush(stdout);
		} else if (line[0] == 'U') {
			status = EXIT_OK;
			ended = true;
			break;
		} else if (line[0] == 'F') {
			fprintf(stderr, "l2sec: %s\n", text);
			ended = true;
			break;
		}
	}
	if (!ended)
		fprintf(stderr, "l2sec: the connection process ended without saying why "
				"(see the system log)\n");
	free(line);
	fclose(in);
	return status;
}

static int
daemonize_and_run(L2secProfile *profile, const L2secSupervisorOptions *opt, int lock_fd,
    const char *log_path)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) != 0) {
		fprintf(stderr, "l2sec: pipe: %s\n", g_strerror(errno));
		return EXIT_CONNECTION_FAILED;
	}
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "l2sec: fork: %s\n", g_strerror(errno));
		return EXIT_CONNECTION_FAILED;
	}
	if (pid > 0) {
		close(p[1]);
		close(lock_fd);
		l2sec_profile_free(profile);
		return wait_for_daemon(p[0]);
	}
	/* the daemon */
	close(p[0]);
	(void)setsid();
	signal(SIGPIPE, SIG_IGN);
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		close(null);
	}
	if (chdir("/") != 0)
		_exit(EXIT_CONNECTION_FAILED);
	if (log_path == NULL)
		l2sec_log_use_syslog("l2sec");
	(void)l2sec_control_lock_set_pid(lock_fd);
	_exit(run_connection(profile, opt, lock_fd, p[1], false));
}

int
l2sec_cmd_connect(int argc, char **argv)
{
	bool foreground = false, verbose = false, ipsec_only = false, no_reconnect = false;
	const char *target = NULL, *log_path = NULL;
	unsigned timeout_s = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--foreground") == 0 || strcmp(a, "-f") == 0)
			foreground = true;
		else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0)
			verbose = true;
		else if (strcmp(a, "--ipsec-only") == 0)
			ipsec_only = true;
		else if (strcmp(a, "--no-reconnect") == 0)
			no_reconnect = true;
		else if (strcmp(a, "--log") == 0 && i + 1 < argc)
			log_path = argv[++i];
		else if (strcmp(a, "--timeout") == 0 && i + 1 < argc) {
			guint64 v;
			if (!g_ascii_string_to_unsigned(argv[++i], 10, 1, 3600, &v, NULL))
				return usage("connect: --timeout wants seconds (1-3600), not '%s'", argv[i]);
			timeout_s = (unsigned)v;
		} else if (a[0] == '-' && a[1] != '\0')
			return usage("connect: unknown option '%s'", a);
		else if (target == NULL)
			target = a;
		else
			return usage("connect: one profile at a time ('%s' is one too many)", a);
	}
	if (target == NULL)
		return usage("connect: which profile? l2sec connect NAME|FILE");
	if (!need_root("connect"))
		return EXIT_USAGE;

	if (log_path != NULL) {
		int lfd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (lfd < 0 || (log_file = fdopen(lfd, "a")) == NULL) {
			fprintf(stderr, "l2sec: --log %s: %s\n", log_path, g_strerror(errno));
			return EXIT_USAGE;
		}
		l2sec_log_set_sink(file_sink, NULL);
	}
	l2sec_log_install_glib();
	if (verbose)
		l2sec_log_set_level(L2SEC_LOG_DEBUG);
	else if (foreground || log_path != NULL)
		l2sec_log_set_level(L2SEC_LOG_INFO);
	log_debug("connect %s: process %d started", target, (int)getpid());

	g_autofree char *path = l2sec_profile_resolve(target);
	g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GError) error = NULL;
	L2secProfile *profile = l2sec_profile_load_file(path, L2SEC_PROFILE_LOAD_DEFAULT, warnings, &error);
	for (guint w = 0; w < warnings->len; w++)
		fprintf(stderr, "l2sec: warning: %s\n", (const char *)warnings->pdata[w]);
	if (profile == NULL) {
		fprintf(stderr, "l2sec: %s\n", error->message);
		return EXIT_USAGE;
	}
	if (profile->password == NULL && !ipsec_only) {
		profile->password = ask_password(profile->user, &error);
		if (profile->password == NULL) {
			fprintf(stderr, "l2sec: %s: %s\n", profile->name, error->message);
			l2sec_profile_free(profile);
			return EXIT_USAGE;
		}
	}
	int lock_fd = l2sec_control_lock(profile->name, &error);
	if (lock_fd < 0) {
		fprintf(stderr, "l2sec: %s\n", error->message);
		bool exists = g_error_matches(error, G_IO_ERROR, G_IO_ERROR_EXISTS);
		l2sec_profile_free(profile);
		return exists ? EXIT_STATE : EXIT_CONNECTION_FAILED;
	}
	L2secSupervisorOptions opt = {
	    .reconnect = !no_reconnect,
	    .ipsec_only = ipsec_only,
	    .debug = verbose,
	    .connect_timeout_s = timeout_s,
	};
	if (foreground)
		return run_connection(profile, &opt, lock_fd, -1, true);
	return daemonize_and_run(profile, &opt, lock_fd, log_path);
}

/* ---- disconnect, status, list -------------------------------------------- */

/* A profile argument's connection name: NAME, or FILE's name without ".conf". */
static char *
connection_name(const char *arg)
{
	if (strchr(arg, '/') == NULL && !g_str_has_suffix(arg, ".conf"))
		return g_strdup(arg);
	g_autofree char *base = g_path_get_basename(arg);
	if (g_str_has_suffix(base, ".conf"))
		base[strlen(base) - strlen(".conf")] = '\0';
	return g_steal_pointer(&base);
}

static int
disconnect_one(const char *name)
{
	if (!l2sec_control_is_locked(name, NULL)) {
		fprintf(stderr, "l2sec: %s is not connected\n", name);
		return EXIT_STATE;
	}
	g_autofree char *sock = l2sec_run_path(name, "sock");
	g_autoptr(GError) error = NULL;
	g_autofree char *answer = l2sec_control_call(sock, "disconnect", DISCONNECT_TIMEOUT_MS, &error);
	if (answer == NULL) {
		fprintf(stderr, "l2sec: %s: %s\n", name, error->message);
		return EXIT_CONNECTION_FAILED;
	}
	/* the daemon answers once torn down; wait for it to let go of the lock */
	for (int i = 0; i < 100 && l2sec_control_is_locked(name, NULL); i++)
		g_usleep(50 * 1000);
	printf("%s: disconnected\n", name);
	return EXIT_OK;
}

int
l2sec_cmd_disconnect(int argc, char **argv)
{
	bool all = false;
	const char *target = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--all") == 0 || strcmp(argv[i], "-a") == 0)
			all = true;
		else if (argv[i][0] == '-')
			return usage("disconnect: unknown option '%s'", argv[i]);
		else if (target == NULL)
			target = argv[i];
		else
			return usage("disconnect: one profile or --all");
	}
	if (all == (target != NULL))
		return usage("disconnect: which connection? l2sec disconnect NAME|--all");
	if (!need_root("disconnect"))
		return EXIT_USAGE;
	if (!all) {
		g_autofree char *name = connection_name(target);
		return disconnect_one(name);
	}
	g_autoptr(GPtrArray) names = l2sec_control_running();
	if (names->len == 0) {
		fprintf(stderr, "l2sec: no connection is up\n");
		return EXIT_STATE;
	}
	int status = EXIT_OK;
	for (guint i = 0; i < names->len; i++) {
		int r = disconnect_one(names->pdata[i]);
		if (r != EXIT_OK)
			status = r;
	}
	return status;
}

int
l2sec_cmd_status(int argc, char **argv)
{
	bool json = false;
	const char *target = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (argv[i][0] == '-')
			return usage("status: unknown option '%s'", argv[i]);
		else if (target == NULL)
			target = argv[i];
		else
			return usage("status: one profile, or none for all");
	}
	g_autoptr(GPtrArray) names = NULL;
	if (target != NULL) {
		names = g_ptr_array_new_with_free_func(g_free);
		g_ptr_array_add(names, connection_name(target));
		if (!l2sec_control_is_locked(names->pdata[0], NULL)) {
			if (json)
				printf("{\"name\":\"%s\",\"state\":\"down\"}\n", (char *)names->pdata[0]);
			else
				fprintf(stderr, "l2sec: %s is not connected\n", (char *)names->pdata[0]);
			return EXIT_STATE;
		}
	} else {
		names = l2sec_control_running();
		if (names->len == 0 && !json) {
			printf("no connection is up\n");
			return EXIT_OK;
		}
	}
	int status = EXIT_OK;
	if (json && target == NULL)
		printf("[");
	for (guint i = 0; i < names->len; i++) {
		g_autofree char *sock = l2sec_run_path(names->pdata[i], "sock");
		g_autoptr(GError) error = NULL;
		g_autofree char *answer =
		    l2sec_control_call(sock, json ? "status-json" : "status", CONTROL_TIMEOUT_MS, &error);
		if (answer == NULL) {
			fprintf(stderr, "l2sec: %s: %s\n", (char *)names->pdata[i], error->message);
			status = EXIT_CONNECTION_FAILED;
			continue;
		}
		if (json) {
			g_strchomp(answer);
			printf("%s%s", i > 0 && target == NULL ? "," : "", answer);
		} else {
			fputs(answer, stdout);
		}
	}
	if (json)
		printf(target == NULL ? "]\n" : "\n");
	return status;
}

int
l2sec_cmd_list(int argc, char **argv)
{
	if (argc > 1)
		return usage("list: no arguments expected");
	g_autoptr(GError) error = NULL;
	g_autoptr(GDir) dir = g_dir_open(L2SEC_PROFILE_DIR, 0, &error);
	if (dir == NULL) {
		if (g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
			printf("no profiles in %s\n", L2SEC_PROFILE_DIR);
			return EXIT_OK;
		}
		fprintf(stderr, "l2sec: %s\n", error->message);
		return EXIT_CONNECTION_FAILED;
	}
	g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
	const char *f;
	while ((f = g_dir_read_name(dir)) != NULL)
		if (g_str_has_suffix(f, ".conf"))
			g_ptr_array_add(files, g_strdup(f));
	g_ptr_array_sort(files, l2sec_cmd_strptr_cmp);
	if (files->len == 0) {
		printf("no profiles in %s\n", L2SEC_PROFILE_DIR);
		return EXIT_OK;
	}
	for (guint i = 0; i < files->len; i++) {
		g_autofree char *path = g_build_filename(L2SEC_PROFILE_DIR, files->pdata[i], NULL);
		g_autofree char *name = connection_name(path);
		g_autoptr(GError) e = NULL;
		g_autoptr(L2secProfile) p =
		    l2sec_profile_load_file(path, L2SEC_PROFILE_NO_SECRET_FILES, NULL, &e);
		const char *state = l2sec_control_is_locked(name, NULL) ? "connected" : "-";
		if (p == NULL)
			printf("%-20s %-10s (invalid: %s)\n", name, state, e->message);
		else
			printf("%-20s %-10s %s\n", name, state, p->gateway);
	}
	return EXIT_OK;
}
