## l2tp/: L2TPv2 codec, control connection, kernel data path, pppd.
## Each part lists its files in its own fragment (l2tp/*.mk).
l2tp_sources = l2tp/l2tp_error.c l2tp/l2tp_error.h
l2tp_codec_sources =
l2tp_kernel_sources =
l2tp_control_sources =
l2tp_connection_sources =
include l2tp/codec.mk
include l2tp/control.mk
include l2tp/kernel.mk
include l2tp/connection.mk

noinst_LTLIBRARIES += l2tp/libl2sec-l2tp.la
l2tp_libl2sec_l2tp_la_SOURCES = $(l2tp_sources) $(l2tp_codec_sources) $(l2tp_control_sources) $(l2tp_kernel_sources) $(l2tp_connection_sources)
l2tp_libl2sec_l2tp_la_LIBADD = common/libl2sec-common.la $(GLIB_LIBS) $(OPENSSL_LIBS) $(LIBNL_LIBS)
L2TP_UNIT_LDADD = l2tp/libl2sec-l2tp.la common/libl2sec-common.la $(UNIT_LIBS) $(LIBNL_LIBS)
