/*
 * Unit tests for ipsec/ike_dh.c. Known answers: RFC 5903 §8.1 and §8.2 (ECP
 * groups 19 and 20: both private keys, both public values, the shared x
 * coordinate), RFC 7748 §6.1 and RFC 8031 App. A (Curve25519). The MODP groups
 * have no published vectors: they are tested by round trips between two key
 * pairs, and by small private keys whose public values and shared secrets can
 * be written down (g = 2, so x = 3 gives 8), which pins the left-padding. Then
 * RFC 6989 validation cases for every kind of group.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common/hex.h"
#include "ipsec/ike_dh.h"
#include "ipsec/ike_error.h"

static GByteArray *
hex(const char *s)
{
	GByteArray *out = NULL;
	g_autoptr(GError) error = NULL;
	if (!l2sec_hex_decode(s, &out, &error))
		fail_msg("bad hex '%s': %s", s, error->message);
	return out;
}

static const struct kat_case {
	const char *name;
	IkeDhGroup group;
	const char *priv_i, *pub_i, *priv_r, *pub_r, *shared;
} kat_cases[] = {
	{ "RFC 5903 §8.1 (256-bit random ECP group 19)", IKE_DH_ECP256,
	    "C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433",
	    "DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180"
	    "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3",
	    "C6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53",
	    "D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63"
	    "56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB",
	    "D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE" },
	{ "RFC 5903 §8.2 (384-bit random ECP group 20)", IKE_DH_ECP384,
	    "099F3C7034D4A2C699884D73A375A67F7624EF7C6B3C0F160647B67414DCE655"
	    "E35B538041E649EE3FAEF896783AB194",
	    "667842D7D180AC2CDE6F74F37551F55755C7645C20EF73E31634FE72B4C55EE6"
	    "DE3AC808ACB4BDB4C88732AEE95F41AA"
	    "9482ED1FC0EEB9CAFC4984625CCFC23F65032149E0E144ADA024181535A0F38E"
	    "EB9FCFF3C2C947DAE69B4C634573A81C",
	    "41CB0779B4BDB85D47846725FBEC3C9430FAB46CC8DC5060855CC9BDA0AA2942"
	    "E0308312916B8ED2960E4BD55A7448FC",
	    "E558DBEF53EECDE3D3FCCFC1AEA08A89A987475D12FD950D83CFA41732BC509D"
	    "0D1AC43A0336DEF96FDA41D0774A3571"
	    "DCFBEC7AACF3196472169E838430367F66EEBE3C6E70C416DD5F0C68759DD1FF"
	    "F83FA40142209DFF5EAAD96DB9E6386C",
	    "11187331C279962D93D604243FD592CB9D0A926F422E47187521287E7156C5C4"
	    "D603135569B9E9D09CF5D4A270F59746" },
	{ "RFC 7748 §6.1 (X25519, Alice and Bob)", IKE_DH_CURVE25519,
	    "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
	    "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
	    "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
	    "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
	    "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742" },
	{ "RFC 8031 App. A (Curve25519 in IKEv2)", IKE_DH_CURVE25519,
	    "751fb43086 55b476b6789b7325f9ea8cddd16a58533ff6d9e60009464a5f9d94",
	    "48d5ddd40612 57ba166fa3f9bbdb74f1a4e81c089384fa77f790709f0dfbc766",
	    "0a546452 53290d60ddadd0e030bacd9e5501efdc220755a1e978f1b839a05688",
	    "0be7c1f5aad87d7e4486626732 98a443478b8597 45179eaf564c79c0ef6eee25",
	    "c74950607a12327f3204d94b6825bfb068b7f8319a9e3708ed3d43ce8130c950" },
};

static void
test_kat(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(kat_cases); i++) {
		const struct kat_case *c = &kat_cases[i];
		g_autoptr(GByteArray) priv_i = hex(c->priv_i), pub_i = hex(c->pub_i);
		g_autoptr(GByteArray) priv_r = hex(c->priv_r), pub_r = hex(c->pub_r);
		g_autoptr(GByteArray) shared = hex(c->shared);
		g_autoptr(GError) error = NULL;
		g_autoptr(IkeDh) dh_i = ike_dh_new_with_private(c->group, priv_i->data, priv_i->len, &error);
		if (dh_i == NULL)
			fail_msg("%s: initiator key: %s", c->name, error->message);
		g_autoptr(IkeDh) dh_r = ike_dh_new_with_private(c->group, priv_r->data, priv_r->len, &error);
		if (dh_r == NULL)
			fail_msg("%s: responder key: %s", c->name, error->message);
		size_t len;
		const uint8_t *pub = ike_dh_public(dh_i, &len);
		if (len != pub_i->len || memcmp(pub, pub_i->data, len) != 0)
			fail_msg("%s: initiator public value differs", c->name);
		pub = ike_dh_public(dh_r, &len);
		if (len != pub_r->len || memcmp(pub, pub_r->data, len) != 0)
			fail_msg("%s: responder public value differs", c->name);
		g_autoptr(L2secSecret) s_i = NULL, s_r = NULL;
		if (!ike_dh_compute(dh_i, pub_r->data, pub_r->len, &s_i, &error))
			fail_msg("%s: initiator compute: %s", c->name, error->message);
		if (!ike_dh_compute(dh_r, pub_i->data, pub_i->len, &s_r, &error))
			fail_msg("%s: responder compute: %s", c->name, error->message);
		if (s_i->len != shared->len || memcmp(s_i->data, shared->data, shared->len) != 0) {
			g_autofree char *got = l2sec_hex_encode(s_i->data, s_i->len);
			fail_msg("%s: shared secret %s", c->name, got);
		}
		if (!l2sec_secret_equal(s_i, s_r))
			fail_msg("%s: the two sides disagree", c->name);
		assert_int_equal(ike_dh_secret_len(c->group), shared->len);
		assert_int_equal(ike_dh_public_len(c->group), pub_i->len);
	}
}

static const IkeDhGroup all_groups[] = { IKE_DH_MODP1024, IKE_DH_MODP1536, IKE_DH_MODP2048,
	IKE_DH_ECP256, IKE_DH_ECP384, IKE_DH_CURVE25519 };

/* Random key pairs on both sides agree, for every group. */
static void
test_round_trip(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(all_groups); i++) {
		IkeDhGroup group = all_groups[i];
		g_autoptr(GError) error = NULL;
		g_autoptr(IkeDh) a = ike_dh_new(group, &error);
		if (a == NULL)
			fail_msg("%s: %s", ike_dh_group_name(group), error->message);
		g_autoptr(IkeDh) b = ike_dh_new(group, &error);
		assert_non_null(b);
		assert_int_equal(ike_dh_group(a), group);
		size_t alen, blen;
		const uint8_t *apub = ike_dh_public(a, &alen), *bpub = ike_dh_public(b, &blen);
		assert_int_equal(alen, ike_dh_public_len(group));
		assert_int_equal(blen, alen);
		if (memcmp(apub, bpub, alen) == 0)
			fail_msg("%s: two fresh keys have one public value", ike_dh_group_name(group));
		g_autoptr(L2secSecret) sa = NULL, sb = NULL;
		if (!ike_dh_compute(a, bpub, blen, &sa, &error) ||
		    !ike_dh_compute(b, apub, alen, &sb, &error))
			fail_msg("%s: %s", ike_dh_group_name(group), error->message);
		assert_int_equal(sa->len, ike_dh_secret_len(group));
		if (!l2sec_secret_equal(sa, sb))
			fail_msg("%s: the two sides disagree", ike_dh_group_name(group));
	}
}

/*
 * MODP with g = 2: private key 3 has public value 8, and with the peer's
 * public value 2 the shared secret is 2^3 = 8, left-padded to the prime length.
 */
static void
test_modp_padding(void **state)
{
	(void)state;
	static const IkeDhGroup modp[] = { IKE_DH_MODP1024, IKE_DH_MODP1536, IKE_DH_MODP2048 };
	for (size_t i = 0; i < G_N_ELEMENTS(modp); i++) {
		g_autoptr(GError) error = NULL;
		const uint8_t three = 3;
		g_autoptr(IkeDh) dh = ike_dh_new_with_private(modp[i], &three, 1, &error);
		if (dh == NULL)
			fail_msg("%s: %s", ike_dh_group_name(modp[i]), error->message);
		size_t len, plen = ike_dh_public_len(modp[i]);
		const uint8_t *pub = ike_dh_public(dh, &len);
		g_autofree uint8_t *want = g_malloc0(plen);
		want[plen - 1] = 8;
		assert_int_equal(len, plen);
		if (memcmp(pub, want, plen) != 0)
			fail_msg("%s: public value of x = 3 is not 8", ike_dh_group_name(modp[i]));
		g_autofree uint8_t *two = g_malloc0(plen);
		two[plen - 1] = 2;
		g_autoptr(L2secSecret) s = NULL;
		if (!ike_dh_compute(dh, two, plen, &s, &error))
			fail_msg("%s: %s", ike_dh_group_name(modp[i]), error->message);
		assert_int_equal(s->len, plen);
		if (memcmp(s->data, want, plen) != 0)
			fail_msg("%s: 2^3 is not 8", ike_dh_group_name(modp[i]));
	}
}

/* The prime of group 14 (RFC 3526 §3), for p-1 and p. */
#define MODP2048_P                                                                                 \
	"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879" \
	"8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B" \
	"0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA4836" \
	"1C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804" \
	"F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6" \
	"955817183995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF"
#define MODP2048_P_MINUS_1                                                                         \
	"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879" \
	"8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B" \
	"0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA4836" \
	"1C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804" \
	"F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6" \
	"955817183995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFE"

static const struct bad_case {
	const char *name;
	unsigned group;
	const char *value; /* hex; "00*N" style is spelled out by the builder below */
	size_t zero_pad;   /* left-pad the value with zeros to this length */
	int code;
	const char *msg;
} bad_cases[] = {
	{ "MODP2048 y = 0", IKE_DH_MODP2048, "00", 256, L2SEC_IKE_ERROR_INVALID,
	    "DH group 14 (modp2048): public value is 0" },
	{ "MODP2048 y = 1", IKE_DH_MODP2048, "01", 256, L2SEC_IKE_ERROR_INVALID, "public value is 1" },
	{ "MODP2048 y = p-1", IKE_DH_MODP2048, MODP2048_P_MINUS_1, 256, L2SEC_IKE_ERROR_INVALID,
	    "public value is p-1" },
	{ "MODP2048 y = p", IKE_DH_MODP2048, MODP2048_P, 256, L2SEC_IKE_ERROR_INVALID,
	    "not below the prime" },
	{ "MODP2048 one byte short", IKE_DH_MODP2048, "02", 255, L2SEC_IKE_ERROR_INVALID,
	    "public value is 255 bytes, expected 256" },
	{ "MODP1024 y = 1", IKE_DH_MODP1024, "01", 128, L2SEC_IKE_ERROR_INVALID,
	    "DH group 2 (modp1024): public value is 1" },
	{ "MODP1536 given a 2048-bit value", IKE_DH_MODP1536, "02", 256, L2SEC_IKE_ERROR_INVALID,
	    "256 bytes, expected 192" },
	{ "ECP256 y flipped (off the curve)", IKE_DH_ECP256,
	    "DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180"
	    "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB2",
	    0, L2SEC_IKE_ERROR_INVALID, "DH group 19 (ecp256): public value is not a point on the curve" },
	{ "ECP256 (0, 0)", IKE_DH_ECP256, "00", 64, L2SEC_IKE_ERROR_INVALID, "not a point on the curve" },
	{ "ECP256 x = p", IKE_DH_ECP256,
	    "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF"
	    "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3",
	    0, L2SEC_IKE_ERROR_INVALID, "not below the field prime" },
	{ "ECP256 with the 0x04 prefix", IKE_DH_ECP256,
	    "04DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180"
	    "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3",
	    0, L2SEC_IKE_ERROR_INVALID, "65 bytes, expected 64" },
	{ "ECP384 given a P-256 point", IKE_DH_ECP384,
	    "DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180"
	    "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3",
	    0, L2SEC_IKE_ERROR_INVALID, "DH group 20 (ecp384): public value is 64 bytes, expected 96" },
	{ "Curve25519 31 bytes", IKE_DH_CURVE25519, "09", 31, L2SEC_IKE_ERROR_INVALID,
	    "DH group 31 (curve25519): public value is 31 bytes, expected 32" },
	{ "MODP768 (group 1) is not supported", 1, "02", 96, L2SEC_IKE_ERROR_UNSUPPORTED,
	    "DH group 1 is not supported" },
	{ "ECP521 (group 21) is not supported", 21, "02", 132, L2SEC_IKE_ERROR_UNSUPPORTED,
	    "DH group 21 is not supported" },
};

static GByteArray *
padded(const char *value, size_t pad)
{
	GByteArray *v = hex(value);
	if (pad > v->len) {
		size_t n = pad - v->len;
		g_autofree uint8_t *zeros = g_malloc0(n);
		g_byte_array_prepend(v, zeros, (guint)n);
	}
	return v;
}

static void
test_bad_public(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
		const struct bad_case *c = &bad_cases[i];
		g_autoptr(GByteArray) v = padded(c->value, c->zero_pad);
		g_autoptr(GError) error = NULL;
		if (ike_dh_check_public(c->group, v->data, v->len, &error))
			fail_msg("%s: accepted", c->name);
		if (!g_error_matches(error, L2SEC_IKE_ERROR, c->code) || strstr(error->message, c->msg) == NULL)
			fail_msg("%s: error '%s', expected '%s'", c->name, error->message, c->msg);
		/* and ike_dh_compute() refuses it too */
		if (!ike_dh_group_known(c->group))
			continue;
		g_autoptr(IkeDh) dh = ike_dh_new((IkeDhGroup)c->group, &error);
		g_autoptr(L2secSecret) s = NULL;
		g_clear_error(&error);
		if (ike_dh_compute(dh, v->data, v->len, &s, &error) || s != NULL)
			fail_msg("%s: compute accepted it", c->name);
		if (strstr(error->message, c->msg) == NULL)
			fail_msg("%s: compute error '%s'", c->name, error->message);
	}
}

/*
 * RFC 6989 §2.1: for the safe-prime MODP groups the range check is all; p-2,
 * outside the prime-order subgroup but not in a small one, is accepted.
 */
static void
test_modp_range_only(void **state)
{
	(void)state;
	g_autoptr(GError) error = NULL;
	g_autoptr(GByteArray) y = hex(MODP2048_P_MINUS_1);
	y->data[y->len - 1]--; /* p-2 */
	assert_true(ike_dh_check_public(IKE_DH_MODP2048, y->data, y->len, &error));
	g_autoptr(IkeDh) dh = ike_dh_new(IKE_DH_MODP2048, &error);
	g_autoptr(L2secSecret) s = NULL;
	if (!ike_dh_compute(dh, y->data, y->len, &s, &error))
		fail_msg("p-2: %s", error->message);
	assert_int_equal(s->len, 256);
}

/* RFC 7748 §6.1 / RFC 8031 §2: small-order u-coordinates give the all-zero secret. */
static void
test_x25519_zero(void **state)
{
	(void)state;
	static const char *small_order[] = {
		"0000000000000000000000000000000000000000000000000000000000000000", /* u = 0 */
		"0100000000000000000000000000000000000000000000000000000000000000", /* u = 1 */
		"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", /* order 8 */
	};
	g_autoptr(GError) error = NULL;
	g_autoptr(IkeDh) dh = ike_dh_new(IKE_DH_CURVE25519, &error);
	assert_non_null(dh);
	for (size_t i = 0; i < G_N_ELEMENTS(small_order); i++) {
		g_autoptr(GByteArray) u = hex(small_order[i]);
		g_autoptr(L2secSecret) s = NULL;
		g_clear_error(&error);
		assert_true(ike_dh_check_public(IKE_DH_CURVE25519, u->data, u->len, &error));
		if (ike_dh_compute(dh, u->data, u->len, &s, &error))
			fail_msg("small-order point %zu accepted", i);
		assert_true(g_error_matches(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID));
		assert_non_null(strstr(error->message, "DH group 31 (curve25519): shared secret is all zero"));
	}
}

static void
test_bad_private(void **state)
{
	(void)state;
	g_autoptr(GError) error = NULL;
	const uint8_t zero = 0;
	assert_null(ike_dh_new_with_private(IKE_DH_ECP256, &zero, 1, &error));
	assert_true(g_error_matches(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_INVALID));
	g_clear_error(&error);
	assert_null(ike_dh_new_with_private(IKE_DH_CURVE25519, &zero, 1, &error));
	assert_non_null(strstr(error->message, "private key is 1 bytes, expected 32"));
	g_clear_error(&error);
	assert_null(ike_dh_new((IkeDhGroup)22, &error));
	assert_true(g_error_matches(error, L2SEC_IKE_ERROR, L2SEC_IKE_ERROR_UNSUPPORTED));
	assert_string_equal(ike_dh_group_name(IKE_DH_ECP384), "ecp384");
	assert_string_equal(ike_dh_group_name((IkeDhGroup)22), "?");
	assert_int_equal(ike_dh_public_len((IkeDhGroup)22), 0);
	ike_dh_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kat),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_modp_padding),
		cmocka_unit_test(test_bad_public),
		cmocka_unit_test(test_modp_range_only),
		cmocka_unit_test(test_x25519_zero),
		cmocka_unit_test(test_bad_private),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
