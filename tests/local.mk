## tests/: shared test support and the fuzz replay main
EXTRA_DIST += tests/fuzz/replay_main.c tests/fuzz/run-smoke tests/unit/README.md

# The VM end-to-end tests (root; boots QEMU): see tests/vm/README.md
vm-check: all
	L2SEC_SRCDIR=$(abs_top_srcdir) L2SEC_BUILDDIR=$(abs_top_builddir) $(top_srcdir)/tests/vm/run-tests
.PHONY: vm-check
