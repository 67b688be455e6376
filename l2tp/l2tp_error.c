/* l2tp_error.c — see l2tp_error.h. */
#include "config.h"

#include "l2tp/l2tp_error.h"

G_DEFINE_QUARK(l2sec-l2tp-error-quark, l2sec_l2tp_error)
G_DEFINE_QUARK(l2sec-ppp-error-quark, l2sec_ppp_error)
