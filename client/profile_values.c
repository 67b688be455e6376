/* profile_values.c — value syntaxes of profile keys; see profile_values.h. */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "client/profile_values.h"

bool
l2sec_profile_parse_bool(const char *s, bool *ret)
{
	if (strcmp(s, "yes") == 0 || strcmp(s, "true") == 0) {
		*ret = true;
		return true;
	}
	if (strcmp(s, "no") == 0 || strcmp(s, "false") == 0) {
		*ret = false;
		return true;
	}
	return false;
}

/* Digits at s, stopping at the first non-digit; false on no digit or overflow past max. */
static bool
parse_digits(const char *s, uint64_t max, uint64_t *ret, const char **ret_end)
{
	uint64_t v = 0;
	const char *p = s;
	if (!g_ascii_isdigit(*p))
		return false;
	for (; g_ascii_isdigit(*p); p++) {
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > max)
			return false;
	}
	*ret = v;
	*ret_end = p;
	return true;
}

bool
l2sec_profile_parse_uint(const char *s, uint32_t max, uint32_t *ret)
{
	uint64_t v;
	const char *end;
	if (!parse_digits(s, max, &v, &end) || *end != '\0')
		return false;
	*ret = (uint32_t)v;
	return true;
}

bool
l2sec_profile_parse_duration(const char *s, uint32_t *ret)
{
	uint64_t v;
	const char *end;
	if (!parse_digits(s, UINT32_MAX, &v, &end))
		return false;
	uint64_t unit = 1;
	switch (*end) {
	case '\0':
		break;
	case 's':
		end++;
		break;
	case 'm':
		unit = 60, end++;
		break;
	case 'h':
		unit = 3600, end++;
		break;
	case 'd':
		unit = 86400, end++;
		break;
	default:
		return false;
	}
	if (*end != '\0' || v * unit > UINT32_MAX)
		return false;
	*ret = (uint32_t)(v * unit);
	return true;
}

const char *
l2sec_profile_format_duration(uint32_t seconds, char *buf, size_t size)
{
	if (seconds != 0 && seconds % 3600 == 0) /* "48h" reads better than "2d" */
		g_snprintf(buf, size, "%uh", seconds / 3600);
	else if (seconds != 0 && seconds % 60 == 0)
		g_snprintf(buf, size, "%um", seconds / 60);
	else
		g_snprintf(buf, size, "%us", seconds);
	return buf;
}

/* RFC 1123 §2.1: labels of letters, digits and hyphens, 1 to 63 characters, not beginning or
 * ending with a hyphen; at most 253 characters without the final dot. '_' is tolerated, as
 * resolvers do, since some internal zones use it. */
static bool
hostname_valid(const char *s)
{
	size_t len = strlen(s);
	if (len > 0 && s[len - 1] == '.')
		len--;
	if (len == 0 || len > 253)
		return false;
	size_t label = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '.') {
			if (label == 0 || s[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!g_ascii_isalnum(c) && c != '-' && c != '_')
			return false;
		if (c == '-' && label == 0)
			return false;
		if (++label > 63)
			return false;
	}
	return s[len - 1] != '-';
}

bool
l2sec_profile_parse_gateway(
    const char *s, L2secGatewayKind *ret_kind, char **ret_value, GError **error)
{
	uint8_t addr[16];
	size_t len = strlen(s);
	if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
		g_autofree char *inner = g_strndup(s + 1, len - 2);
		if (inet_pton(AF_INET6, inner, addr) != 1) {
			g_set_error(error, L2SEC_PROFILE_ERROR, L2SEC_PROFILE_ERROR_VALUE,
			    "'%s' is not an IPv6 address in brackets", s);
			return false;
		}
		*ret_kind = L2SEC_GATEWAY_IPV6;
		*ret_value = g_steal_pointer(&inner);
		return true;
	}
	const char *colon = strchr(s, ':');
	if (colon != NULL) {
		if (strchr(colon + 1, ':') == NULL) { /* "host:port": IPv6 has at least two */
			g_set_error(error, L2SEC_PROFILE_ERROR, L2SEC_PROFILE_ERROR_VALUE,
			    "'%s': the gateway takes no port (IKE uses UDP 500 and 4500)", s);
			return false;
		}
		if (inet_pton(AF_INET6, s, addr) != 1) {
			g_set_error(error, L2SEC_PROFILE_ERROR, L2SEC_PROFILE_ERROR_VALUE,
			    "'%s' is not an IPv6 address", s);
			return false;
		}
		*ret_kind = L2SEC_GATEWAY_IPV6;
		*ret_value = g_strdup(s);
		return true;
	}
	if (strspn(s, "0123456789.") == len) {
		if (inet_pton(AF_INET, s, addr) != 1) {
			g_set_error(error, L2SEC_PROFILE_ERROR, L2SEC_PROFILE_ERROR_VALUE,
			    "'%s' is not an IPv4 address", s);
			return false;
		}
		*ret_kind = L2SEC_GATEWAY_IPV4;
		*ret_value = g_strdup(s);
		return true;
	}
	if (!hostname_valid(s)) {
		g_set_error(error, L2SEC_PROFILE_ERROR, L2SEC_PROFILE_ERROR_VALUE,
		    "'%s' is not a host name, an IPv4 or an IPv6 address", s);
		return false;
	}
	*ret_kind = L2SEC_GATEWAY_HOSTNAME;
	*ret_value = g_strdup(s);
	return true;
}

char *
l2sec_route_to_string(const L2secRoute *r)
{
	char text[INET6_ADDRSTRLEN];
	if (inet_ntop(r->family, r->addr, text, sizeof(text)) == NULL)
		return g_strdup("?");
	return g_strdup_printf("%s/%u", text, r->prefix);
}

bool
l2sec_profile_parse_route(const char *s, L2secRoute *ret, GError **error)
{
	L2secRoute r = {0};
	const char *slash = strchr(s, '/');
	g_autofree char *addr = slash != NULL ? g_strndup(s, (size_t)(slash - s)) : g_strdup(s);
	unsigned max;
	if (inet_pton(AF_INET, addr, r.addr) == 1) {
		r.family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, addr, r.addr) == 1) {
		r.family = AF_INET6;
		max = 128;
	} else {
		g_set_error(error, L2SEC_PROFILE_ERROR, L2SEC_PROFILE_ERROR_VALUE,
		    "'%s' is not an IPv4 or IPv6 address with an optional /prefix", s);
		return false;
	}
	r.prefix = max;
	if (slash != NULL) {
		uint32_t p;
		if (!l2sec_profile_parse_uint(slash + 1, max, &p)) {
			g_set_error(error, L2SEC_PROFILE_ERROR, L2SEC_PROFILE_ERROR_VALUE,
			    "'%s' has a bad prefix length; expected /0 to /%u", s, max);
			return false;
		}
		r.prefix = p;
	}
	/* host bits must be zero: "10.1.2.3/8" is more likely a typo than a wish */
	L2secRoute net = r;
	for (unsigned bit = r.prefix; bit < max; bit++)
		net.addr[bit / 8] &= (uint8_t) ~(0x80u >> (bit % 8));
	if (memcmp(net.addr, r.addr, sizeof(r.addr)) != 0) {
		g_autofree char *want = l2sec_route_to_string(&net);
		g_set_error(error, L2SEC_PROFILE_ERROR, L2SEC_PROFILE_ERROR_VALUE,
		    "'%s' has host bits set; did you mean %s?", s, want);
		return false;
	}
	*ret = r;
	return true;
}

bool
l2sec_profile_parse_routes(const char *s, GArray *routes, GError **error)
{
	g_auto(GStrv) items = g_strsplit(s, ",", -1);
	for (guint i = 0; items[i] != NULL; i++) {
		char *item = g_strstrip(items[i]);
		if (*item == '\0') {
			g_set_error(error, L2SEC_PROFILE_ERROR, L2SEC_PROFILE_ERROR_VALUE,
			    "route %u of the list is empty", i + 1);
			return false;
		}
		L2secRoute r;
		if (!l2sec_profile_parse_route(item, &r, error))
			return false;
		g_array_append_val(routes, r);
	}
	return true;
}

bool
l2sec_profile_parse_proposals(const char *s, char **ret_normalized, GError **error)
{
	if (strcmp(s, "default") == 0 || strcmp(s, "legacy") == 0) {
		*ret_normalized = g_strdup(s);
		return true;
	}
	g_auto(GStrv) items = g_strsplit(s, ",", -1);
	g_autoptr(GString) out = g_string_new(NULL);
	for (guint i = 0; items[i] != NULL; i++) {
		char *item = g_strstrip(items[i]);
		if (*item == '\0') {
			g_set_error(error, L2SEC_PROFILE_ERROR, L2SEC_PROFILE_ERROR_VALUE,
			    "proposal %u of the list is empty", i + 1);
			return false;
		}
		bool at_start = true;
		for (const char *p = item; *p != '\0'; p++) {
			if (*p == '-') {
				if (at_start || p[1] == '\0') {
					g_set_error(error, L2SEC_PROFILE_ERROR,
					    L2SEC_PROFILE_ERROR_VALUE,
					    "proposal '%s' has an empty algorithm name", item);
					return false;
				}
				at_start = true;
				continue;
			}
			if (g_ascii_isupper(*p)) {
				g_set_error(error, L2SEC_PROFILE_ERROR, L2SEC_PROFILE_ERROR_VALUE,
				    "proposal '%s': algorithm names are lowercase", item);
				return false;
			}
			if (!g_ascii_isalnum(*p)) {
				g_set_error(error, L2SEC_PROFILE_ERROR, L2SEC_PROFILE_ERROR_VALUE,
				    "proposal '%s' holds '%c'; algorithm names are letters and "
				    "digits "
				    "joined by '-'",
				    item, g_ascii_isprint(*p) ? *p : '?');
				return false;
			}
			at_start = false;
		}
		if (out->len > 0)
			g_string_append_c(out, ',');
		g_string_append(out, item);
	}
	*ret_normalized = g_string_free(g_steal_pointer(&out), FALSE);
	return true;
}

/* strongSwan's names for the groups of RFC 2409, RFC 3526, RFC 5903 and RFC 8031. */
static const char *const dh_groups[] = {
    "modp1024",
    "modp1536",
    "modp2048",
    "modp3072",
    "modp4096",
    "modp6144",
    "modp8192",
    "ecp256",
    "ecp384",
    "ecp521",
    "curve25519",
};

bool
l2sec_profile_dh_group_known(const char *s)
{
	for (size_t i = 0; i < G_N_ELEMENTS(dh_groups); i++)
		if (strcmp(s, dh_groups[i]) == 0)
			return true;
	return false;
}

const char *
l2sec_profile_dh_group_list(void)
{
	return "modp1024, modp1536, modp2048, modp3072, modp4096, modp6144, modp8192, ecp256, "
	       "ecp384, ecp521, curve25519";
}

unsigned
l2sec_profile_edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > 64 || m > 64) /* names are short; a long one is far from all of them */
		return 1000;
	unsigned d[65][65];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = (unsigned)i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = (unsigned)j;
	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++) {
			unsigned cost =
			    g_ascii_tolower(a[i - 1]) == g_ascii_tolower(b[j - 1]) ? 0 : 1;
			unsigned v = MIN(d[i - 1][j] + 1, d[i][j - 1] + 1);
			v = MIN(v, d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 &&
			    g_ascii_tolower(a[i - 1]) == g_ascii_tolower(b[j - 2]) &&
			    g_ascii_tolower(a[i - 2]) == g_ascii_tolower(b[j - 1]))
				v = MIN(v, d[i - 2][j - 2] + 1);
			d[i][j] = v;
		}
	}
	return d[n][m];
}
