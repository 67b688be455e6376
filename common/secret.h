/*
 * secret.h — buffers for PSKs, passwords, private keys and derived keys.
 * The memory is wiped with OPENSSL_cleanse() before it is freed (NM's
 * NMSecretPtr, OpenSSH's freezero), and is always followed by one NUL byte
 * that is not counted in len, so a password can be handed to C APIs that want
 * a string. Printing a secret shows only its size ("<32-byte key>").
 * secret_load_file() refuses files that other users can read or write.
 */
#ifndef L2SEC_COMMON_SECRET_H
#define L2SEC_COMMON_SECRET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

typedef struct L2secSecret {
	uint8_t *data; /* len bytes, then a NUL */
	size_t len;
} L2secSecret;

/* A copy of len bytes at data (data may be NULL when len is 0). */
L2secSecret *l2sec_secret_new(const void *data, size_t len);
/* len zero bytes, to be filled by a key derivation. */
L2secSecret *l2sec_secret_new_zero(size_t len);
/* A copy of a NUL-terminated string, without the NUL. */
L2secSecret *l2sec_secret_new_str(const char *s);
/* A copy of another secret. */
L2secSecret *l2sec_secret_dup(const L2secSecret *s);
/* Wipe and free; NULL is fine. */
void l2sec_secret_free(L2secSecret *s);
/* Wipe and free a plain string that held a secret (GKeyFile values); NULL is fine. */
void l2sec_secret_free_string(char *s);
/* Constant-time equality of two secrets (lengths are not secret). */
bool l2sec_secret_equal(const L2secSecret *a, const L2secSecret *b);
/* "<N-byte secret>", for logs. */
const char *l2sec_secret_describe(const L2secSecret *s, char *buf, size_t bufsize);
/*
 * Read a secret from a file: mode must give no access to group or others,
 * it must be a regular file, and a single trailing newline (LF or CRLF) is
 * dropped. Errors name the file and what is wrong (G_FILE_ERROR_PERM for
 * modes, G_FILE_ERROR_INVAL for an empty file or a NUL byte).
 */
bool l2sec_secret_load_file(const char *path, L2secSecret **ret, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(L2secSecret, l2sec_secret_free)

#endif
