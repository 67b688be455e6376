## tests/: shared test support and the fuzz replay main
EXTRA_DIST += tests/fuzz/replay_main.c tests/fuzz/run-smoke tests/unit/README.md
