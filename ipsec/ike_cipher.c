/* ike_cipher.c — AES-CBC and 3DES-CBC for IKEv1 on EVP_CIPHER; see ike_cipher.h. */
#include "config.h"

#include <limits.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "common/error.h"
#include "ipsec/ike_cipher.h"
#include "ipsec/ike_error.h"

static const struct cipher_info {
	IkeEncr encr;
	unsigned key_bits; /* the Key Length attribute value */
	const char *name;  /* proposal language */
	const char *ossl;  /* OpenSSL cipher name */
	size_t key_len, block;
} cipher_table[] = {
	{ IKE_ENCR_AES_CBC, 128, "aes128", "AES-128-CBC", 16, 16 },
	{ IKE_ENCR_AES_CBC, 192, "aes192", "AES-192-CBC", 24, 16 },
	{ IKE_ENCR_AES_CBC, 256, "aes256", "AES-256-CBC", 32, 16 },
	/* 3DES has a fixed key (RFC 2451 §2.2); it lives in OpenSSL 3's default provider */
	{ IKE_ENCR_3DES_CBC, 192, "3des", "DES-EDE3-CBC", 24, 8 },
};

static const struct cipher_info *
cipher_lookup(unsigned encr, unsigned key_bits)
{
	if (encr == IKE_ENCR_3DES_CBC && key_bits == 0)
		key_bits = 192; /* no Key Length attribute for a fixed-size cipher */
	for (size_t i = 0; i < G_N_ELEMENTS(cipher_table); i++)
		if ((unsigned)cipher_table[i].encr == encr && cipher_table[i].key_bits == key_bits)
			return &cipher_table[i];
	return NULL;
}

bool
ike_cipher_check(unsigned encr, unsigned key_bits, GError **error)
{
	if (encr != IKE_ENCR_AES_CBC && encr != IKE_ENCR_3DES_CBC)
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_UNSUPPORTED,
		    "IKE encryption algorithm %u is not supported (only AES-CBC 7 and 3DES-CBC 5)",
		    encr);
	if (cipher_lookup(encr, key_bits) == NULL)
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_UNSUPPORTED,
		    "%s: key length %u bits is not supported",
		    encr == IKE_ENCR_AES_CBC ? "AES-CBC" : "3DES-CBC", key_bits);
	return true;
}

size_t
ike_cipher_block_size(IkeEncr encr)
{
	const struct cipher_info *c = cipher_lookup(encr, encr == IKE_ENCR_AES_CBC ? 128 : 192);
	return c != NULL ? c->block : 0;
}

size_t
ike_cipher_key_len(IkeEncr encr, unsigned key_bits)
{
	const struct cipher_info *c = cipher_lookup(encr, key_bits);
	return c != NULL ? c->key_len : 0;
}

const char *
ike_cipher_name(IkeEncr encr, unsigned key_bits)
{
	const struct cipher_info *c = cipher_lookup(encr, key_bits);
	return c != NULL ? c->name : "?";
}

static bool
cipher_run(IkeEncr encr, const L2secSecret *key, const uint8_t *iv, const uint8_t *in,
    size_t len, uint8_t *out, int enc, GError **error)
{
	const struct cipher_info *c = NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(cipher_table); i++)
		if (cipher_table[i].encr == encr && cipher_table[i].key_len == key->len)
			c = &cipher_table[i];
	if (c == NULL) {
		if (ike_cipher_block_size(encr) == 0)
			return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_UNSUPPORTED,
			    "IKE encryption algorithm %u is not supported", (unsigned)encr);
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "%s: a %zu-byte key does not fit", encr == IKE_ENCR_AES_CBC ? "AES-CBC" : "3DES-CBC",
		    key->len);
	}
	if (len % c->block != 0 || len > INT_MAX)
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID,
		    "%s: %zu bytes are not a whole number of %zu-byte blocks", c->name, len, c->block);
	if (len == 0)
		return true;
	EVP_CIPHER *cipher = EVP_CIPHER_fetch(NULL, c->ossl, NULL);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n1 = 0, n2 = 0;
	/* padding off: IKEv1 pads its own messages (RFC 2409 §5.3) */
	bool ok = cipher != NULL && ctx != NULL &&
	    EVP_CipherInit_ex2(ctx, cipher, key->data, iv, enc, NULL) > 0 &&
	    EVP_CIPHER_CTX_set_padding(ctx, 0) > 0 &&
	    EVP_CipherUpdate(ctx, out, &n1, in, (int)len) > 0 &&
	    EVP_CipherFinal_ex(ctx, out + n1, &n2) > 0 && (size_t)(n1 + n2) == len;
	EVP_CIPHER_CTX_free(ctx); /* cleanses the key schedule */
	EVP_CIPHER_free(cipher);
	if (!ok) {
		unsigned long e = ERR_get_error();
		char buf[256] = "no OpenSSL error queued";
		if (e != 0)
			ERR_error_string_n(e, buf, sizeof(buf));
		ERR_clear_error();
		return l2sec_fail(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_CRYPTO, "%s %s failed: %s",
		    c->name, enc ? "encryption" : "decryption", buf);
	}
	return true;
}

bool
ike_cipher_encrypt(IkeEncr encr, const L2secSecret *key, const uint8_t *iv, const uint8_t *in,
    size_t len, uint8_t *out, GError **error)
{
	return cipher_run(encr, key, iv, in, len, out, 1, error);
}

bool
ike_cipher_decrypt(IkeEncr encr, const L2secSecret *key, const uint8_t *iv, const uint8_t *in,
    size_t len, uint8_t *out, GError **error)
{
	return cipher_run(encr, key, iv, in, len, out, 0, error);
}
