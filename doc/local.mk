## doc/: the man pages, installed, and linted by `make check` when mandoc is there
dist_man_MANS += doc/l2sec.8 doc/l2sec.conf.5
EXTRA_DIST += doc/lint-man
if HAVE_MANDOC
TESTS += doc/lint-man
endif
