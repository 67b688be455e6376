/* secret.c — wiped secret buffers; see secret.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "common/secret.h"

/* Secret files are small; refuse anything that is clearly not a key. */
#define SECRET_FILE_MAX 65536

L2secSecret *
l2sec_secret_new_zero(size_t len)
{
	L2secSecret *s = g_new0(L2secSecret, 1);
	s->data = g_malloc0(len + 1);
	s->len = len;
	return s;
}

L2secSecret *
l2sec_secret_new(const void *data, size_t len)
{
	L2secSecret *s = l2sec_secret_new_zero(len);
	if (len > 0)
		memcpy(s->data, data, len);
	return s;
}

L2secSecret *
l2sec_secret_new_str(const char *str)
{
	return l2sec_secret_new(str, strlen(str));
}

L2secSecret *
l2sec_secret_dup(const L2secSecret *s)
{
	return l2sec_secret_new(s->data, s->len);
}

void
l2sec_secret_free(L2secSecret *s)
{
	if (s == NULL)
		return;
	OPENSSL_cleanse(s->data, s->len + 1);
	g_free(s->data);
	g_free(s);
}

void
l2sec_secret_free_string(char *s)
{
	if (s == NULL)
		return;
	OPENSSL_cleanse(s, strlen(s));
	g_free(s);
}

bool
l2sec_secret_equal(const L2secSecret *a, const L2secSecret *b)
{
	if (a->len != b->len)
		return false;
	return CRYPTO_memcmp(a->data, b->data, a->len) == 0;
}

const char *
l2sec_secret_describe(const L2secSecret *s, char *buf, size_t bufsize)
{
	g_snprintf(buf, bufsize, "<%zu-byte secret>", s != NULL ? s->len : 0);
	return buf;
}

bool
l2sec_secret_load_file(const char *path, L2secSecret **ret, GError **error)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		int e = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s: cannot open secret file: %s",
		    path, g_strerror(e));
		return false;
	}
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s: %s", path, g_strerror(e));
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: secret file is not a regular file", path);
		return false;
	}
	if ((st.st_mode & 077) != 0) {
		close(fd);
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_PERM,
		    "%s: secret file has mode %04o; other users can access it (chmod 600 %s)", path,
		    (unsigned)(st.st_mode & 07777), path);
		return false;
	}
	if (st.st_size > SECRET_FILE_MAX) {
		close(fd);
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
		    "%s: secret file is %lld bytes, more than %d", path, (long long)st.st_size, SECRET_FILE_MAX);
		return false;
	}
	g_autoptr(L2secSecret) s = l2sec_secret_new_zero((size_t)st.st_size);
	size_t got = 0;
	while (got < s->len) {
		ssize_t n = read(fd, s->data + got, s->len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s: %s", path, g_strerror(e));
			return false;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	s->len = got;
	if (s->len > 0 && s->data[s->len - 1] == '\n')
		s->data[--s->len] = 0;
	if (s->len > 0 && s->data[s->len - 1] == '\r')
		s->data[--s->len] = 0;
	if (s->len == 0) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: secret file is empty", path);
		return false;
	}
	if (memchr(s->data, 0, s->len) != NULL) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: secret file contains a NUL byte", path);
		return false;
	}
	*ret = g_steal_pointer(&s);
	return true;
}
