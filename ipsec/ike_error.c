/* ike_error.c — see ike_error.h. */
#include "config.h"

#include "ipsec/ike_error.h"

G_DEFINE_QUARK(l2sec-ike-error-quark, l2sec_ike_error)
