## l2tp/ kernel: L2TP genl tunnel/session, PPPoL2TP socket, pppd launcher and plugin (issue 5, parts 3-4)
l2tp_kernel_sources += \
	l2tp/l2tp_kernel.c l2tp/l2tp_kernel.h \
	l2tp/pppd_status.c l2tp/pppd_status.h \
	l2tp/pppd_options.c l2tp/pppd_options.h \
	l2tp/pppd_launch.c l2tp/pppd_launch.h \
	l2tp/pppd-plugin/l2sec-pppd-proto.h

l2tp_kernel_unit_tests = \
	tests/unit/l2tp/test_pppd_status \
	tests/unit/l2tp/test_pppd_options \
	tests/unit/l2tp/test_pppd_launch \
	tests/unit/l2tp/test_l2tp_kernel
check_PROGRAMS += $(l2tp_kernel_unit_tests)
TESTS += $(l2tp_kernel_unit_tests)
tests_unit_l2tp_test_pppd_status_CFLAGS = $(UNIT_CFLAGS)
tests_unit_l2tp_test_pppd_status_LDADD = $(L2TP_UNIT_LDADD)
tests_unit_l2tp_test_pppd_options_CFLAGS = $(UNIT_CFLAGS)
tests_unit_l2tp_test_pppd_options_LDADD = $(L2TP_UNIT_LDADD)
# pppd_launch against a fake pppd that speaks the plugin's protocol
tests_unit_l2tp_test_pppd_launch_CFLAGS = $(UNIT_CFLAGS) \
	-DFAKE_PPPD=\"$(abs_top_srcdir)/tests/unit/l2tp/fake-pppd\"
tests_unit_l2tp_test_pppd_launch_LDADD = $(L2TP_UNIT_LDADD)
EXTRA_DIST += tests/unit/l2tp/fake-pppd
tests_unit_l2tp_test_l2tp_kernel_CFLAGS = $(UNIT_CFLAGS)
tests_unit_l2tp_test_l2tp_kernel_LDADD = $(L2TP_UNIT_LDADD)

# l2sec's own pppd plugin: plain C against pppd's headers, no GLib, no
# sanitizers (pppd loads it); installed where pppd looks for plugins.
pppdplugindir = $(PPPD_PLUGIN_DIR)
pppdplugin_LTLIBRARIES = l2tp/pppd-plugin/l2sec-pppd.la
l2tp_pppd_plugin_l2sec_pppd_la_SOURCES = \
	l2tp/pppd-plugin/l2sec-pppd.c l2tp/pppd-plugin/l2sec-pppd-proto.h
l2tp_pppd_plugin_l2sec_pppd_la_CPPFLAGS = -I$(top_srcdir) -I$(top_builddir)
l2tp_pppd_plugin_l2sec_pppd_la_CFLAGS = $(WARN_CFLAGS)
l2tp_pppd_plugin_l2sec_pppd_la_LDFLAGS = -module -avoid-version -shared

# the VM tests' tool: static tunnels through l2tp_kernel.c, pppd through pppd_launch.c
noinst_PROGRAMS += tests/vm/tools/l2sec-l2tp-tool
tests_vm_tools_l2sec_l2tp_tool_SOURCES = tests/vm/tools/l2sec-l2tp-tool.c
tests_vm_tools_l2sec_l2tp_tool_LDADD = l2tp/libl2sec-l2tp.la common/libl2sec-common.la \
	$(GLIB_LIBS) $(OPENSSL_LIBS) $(LIBNL_LIBS)

# fuzz: the plugin's event stream
FUZZ_TARGETS += tests/fuzz/fuzz_pppd_status
tests_fuzz_fuzz_pppd_status_SOURCES = tests/fuzz/fuzz_pppd_status.c $(FUZZ_MAIN)
tests_fuzz_fuzz_pppd_status_LDADD = l2tp/libl2sec-l2tp.la common/libl2sec-common.la \
	$(GLIB_LIBS) $(OPENSSL_LIBS) $(LIBNL_LIBS)
tests_fuzz_fuzz_pppd_status_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
