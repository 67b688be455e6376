## ipsec/ kernel: XFRM SAs and policies via libnl-xfrm, IKE sockets (issue 4, part 7)
# xfrm_spec.c is pure (checks, libnl objects); xfrm_install.c is the netlink edge.
ipsec_kernel_sources += \
	ipsec/xfrm_spec.c ipsec/xfrm_spec.h \
	ipsec/xfrm_install.c ipsec/xfrm_install.h

ipsec_kernel_unit_tests = \
	tests/unit/ipsec/test_xfrm_spec \
	tests/unit/ipsec/test_xfrm_install
check_PROGRAMS += $(ipsec_kernel_unit_tests)
TESTS += $(ipsec_kernel_unit_tests)
tests_unit_ipsec_test_xfrm_spec_CFLAGS = $(UNIT_CFLAGS)
tests_unit_ipsec_test_xfrm_spec_LDADD = $(IPSEC_UNIT_LDADD)
tests_unit_ipsec_test_xfrm_install_CFLAGS = $(UNIT_CFLAGS)
tests_unit_ipsec_test_xfrm_install_LDADD = $(IPSEC_UNIT_LDADD)

# The VM test's tool: installs SAs and policies described in a 0600 key file (keys never in argv).
noinst_PROGRAMS += tests/vm/tools/l2sec-xfrm-tool
tests_vm_tools_l2sec_xfrm_tool_SOURCES = tests/vm/tools/l2sec-xfrm-tool.c
tests_vm_tools_l2sec_xfrm_tool_LDADD = ipsec/libl2sec-ipsec.la common/libl2sec-common.la \
	$(GLIB_LIBS) $(OPENSSL_LIBS) $(LIBNL_LIBS)


# The VM test's IKE tool: the IKEv1 initiator on real sockets, its SAs installed via XFRM.
noinst_PROGRAMS += tests/vm/tools/l2sec-ike-tool
tests_vm_tools_l2sec_ike_tool_SOURCES = tests/vm/tools/l2sec-ike-tool.c
tests_vm_tools_l2sec_ike_tool_LDADD = ipsec/libl2sec-ipsec.la common/libl2sec-common.la \
	$(GLIB_LIBS) $(OPENSSL_LIBS) $(LIBNL_LIBS)
