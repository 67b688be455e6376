/*
 * profile_values.h — the value syntaxes of profile keys (l2sec.conf(5)):
 * booleans, numbers, durations, host names and addresses, CIDR routes,
 * proposal lists, and the edit distance behind "did you mean". Pure functions
 * on strings: they know nothing of files, sections or lines. The bool
 * functions return false on a bad value and leave the message to the caller;
 * the GError ones say what is wrong in the value, without naming the key
 * (the caller prefixes FILE:LINE and the key), in L2SEC_PROFILE_ERROR_VALUE.
 */
#ifndef L2SEC_CLIENT_PROFILE_VALUES_H
#define L2SEC_CLIENT_PROFILE_VALUES_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "client/profile.h"

/* yes/no, true/false. */
bool l2sec_profile_parse_bool(const char *s, bool *ret);
/* Decimal digits only (no sign, no spaces), at most max. */
bool l2sec_profile_parse_uint(const char *s, uint32_t max, uint32_t *ret);
/* Seconds: plain digits, or digits followed by s, m, h or d ("30s", "10m", "8h", "1d"); at
 * most 2^32-1 seconds. */
bool l2sec_profile_parse_duration(const char *s, uint32_t *ret);
/* "8h", "48h", "10m" or "90s": the largest unit up to hours that writes `seconds` exactly,
 * for messages; returns buf. */
const char *l2sec_profile_format_duration(uint32_t seconds, char *buf, size_t size);
/* A host name (RFC 1123 labels; '_' tolerated), an IPv4 or an IPv6 address, optionally in
 * brackets. *ret_value is the gateway without brackets. */
bool l2sec_profile_parse_gateway(const char *s, L2secGatewayKind *ret_kind, char **ret_value,
    GError **error);
/* ADDRESS[/PREFIX], IPv4 or IPv6; a bare address is a host route; host bits must be zero. */
bool l2sec_profile_parse_route(const char *s, L2secRoute *ret, GError **error);
/* A comma-separated list of routes (spaces around commas allowed), appended to `routes`. */
bool l2sec_profile_parse_routes(const char *s, GArray *routes, GError **error);
/* "10.0.0.0/8" or "fd00::/8"; the caller frees it. */
char *l2sec_route_to_string(const L2secRoute *r);
/*
 * A proposal list: "default", "legacy", or proposals separated by commas, each one
 * lowercase alphanumeric algorithm names joined by '-' (strongSwan's syntax:
 * aes256-sha256-modp2048,aes128gcm16). Only the syntax is checked here: the names are
 * checked against what ipsec/ implements by its proposal parser when connecting.
 * *ret_normalized has the spaces around commas removed.
 */
bool l2sec_profile_parse_proposals(const char *s, char **ret_normalized, GError **error);
/* A Diffie-Hellman group name for pfs (strongSwan's names: modp2048, ecp256, curve25519...). */
bool l2sec_profile_dh_group_known(const char *s);
/* The DH group names l2sec knows, comma-separated, for messages. */
const char *l2sec_profile_dh_group_list(void);
/* Damerau-Levenshtein distance (adjacent transpositions count one), ASCII case-insensitive. */
unsigned l2sec_profile_edit_distance(const char *a, const char *b);

#endif
