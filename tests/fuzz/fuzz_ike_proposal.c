/*
 * fuzz_ike_proposal.c — the proposal parser, and the DH public-value checks.
 * Byte 0 picks: even, the text after it is an `ike-proposals` (bit 1 clear) or
 * `esp-proposals` (bit 1 set) value; odd, the rest is a KE public value for
 * the group (byte 0 >> 1) % 8 of {2, 5, 14, 19, 20, 31, 1, 21} (the last two
 * unsupported), checked and, when it passes, used with a fixed key pair.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <glib.h>

#include "ipsec/ike_dh.h"
#include "ipsec/ike_proposal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_proposals(const uint8_t *data, size_t size, bool esp)
{
	g_autofree char *text = g_strndup((const char *)data, size); /* stops at a NUL */
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) list = NULL;
	bool ok = esp ? ike_proposal_parse_esp(text, &list, &error)
		      : ike_proposal_parse_ike(text, &list, &error);
	g_assert(ok == (list != NULL) && ok == (error == NULL));
	if (!ok)
		return;
	g_assert(list->len > 0 && list->len <= IKE_PROPOSAL_MAX);
	/* the canonical rendering parses back to the same list */
	g_autofree char *canon = esp ? ike_proposal_esp_list_to_string(list)
				     : ike_proposal_ike_list_to_string(list);
	g_autoptr(GPtrArray) again = NULL;
	ok = esp ? ike_proposal_parse_esp(canon, &again, &error)
		 : ike_proposal_parse_ike(canon, &again, &error);
	g_assert(ok && again->len == list->len);
	g_autofree char *canon2 = esp ? ike_proposal_esp_list_to_string(again)
				      : ike_proposal_ike_list_to_string(again);
	g_assert(strcmp(canon, canon2) == 0);
}

static void
fuzz_dh(const uint8_t *data, size_t size, unsigned pick)
{
	static const unsigned groups[8] = { 2, 5, 14, 19, 20, 31, 1, 21 };
	static IkeDh *keys[8]; /* one fixed key per group, made once */
	unsigned group = groups[pick % 8];
	g_autoptr(GError) error = NULL;
	bool ok = ike_dh_check_public(group, data, size, &error);
	g_assert(ok == (error == NULL));
	if (!ok)
		return;
	g_assert(ike_dh_group_known(group) && size == ike_dh_public_len((IkeDhGroup)group));
	if (keys[pick % 8] == NULL)
		keys[pick % 8] = ike_dh_new((IkeDhGroup)group, NULL);
	g_assert(keys[pick % 8] != NULL);
	g_autoptr(L2secSecret) secret = NULL;
	ok = ike_dh_compute(keys[pick % 8], data, size, &secret, &error);
	g_assert(ok == (secret != NULL) && ok == (error == NULL));
	if (ok)
		g_assert(secret->len == ike_dh_secret_len((IkeDhGroup)group));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] & 1)
		fuzz_dh(data + 1, size - 1, data[0] >> 1);
	else
		fuzz_proposals(data + 1, size - 1, (data[0] & 2) != 0);
	return 0;
}
