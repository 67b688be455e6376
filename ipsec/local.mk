## ipsec/: IKE codec, crypto and key schedules, exchanges, XFRM.
## Each part lists its files in its own fragment (ipsec/*.mk).
ipsec_sources = ipsec/ike_error.c ipsec/ike_error.h
ipsec_codec_sources =
ipsec_crypto_sources =
ipsec_kernel_sources =
ipsec_exchange_sources =
ipsec_edge_sources =
include ipsec/codec.mk
include ipsec/exchange.mk
include ipsec/crypto.mk
include ipsec/kernel.mk
include ipsec/edge.mk

noinst_LTLIBRARIES += ipsec/libl2sec-ipsec.la
ipsec_libl2sec_ipsec_la_SOURCES = $(ipsec_sources) $(ipsec_codec_sources) $(ipsec_crypto_sources) $(ipsec_exchange_sources) $(ipsec_kernel_sources) $(ipsec_edge_sources)
ipsec_libl2sec_ipsec_la_LIBADD = common/libl2sec-common.la $(GLIB_LIBS) $(OPENSSL_LIBS) $(LIBNL_LIBS)
IPSEC_UNIT_LDADD = ipsec/libl2sec-ipsec.la common/libl2sec-common.la $(UNIT_LIBS) $(LIBNL_LIBS)
