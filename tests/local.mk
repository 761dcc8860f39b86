# tests/local.mk: the harness; each area adds its suites from its own
# fragment under tests/.
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = top_builddir='$(abs_top_builddir)'; \
    top_srcdir='$(abs_top_srcdir)'; XMLLINT='$(XMLLINT)'; \
    CK_DEFAULT_TIMEOUT=$${CK_DEFAULT_TIMEOUT:-120}; export CK_DEFAULT_TIMEOUT; \
    export top_builddir top_srcdir XMLLINT;
CHECK_CFLAGS_ALL = $(ANTHILL_CFLAGS) $(CHECK_CFLAGS)
CHECK_LIBS_ALL = $(ANTHILL_LIBS) $(CHECK_LIBS)
EXTRA_DIST += tests/integration/lib.sh tests/banned.sh tests/fuzz/replay.c \
	tests/unit/ck_run.h
TESTS += tests/banned.sh
include tests/core.mk
include tests/cwmp.mk
include tests/store.mk
include tests/dirqueue.mk
include tests/acs.mk
include tests/cpesim.mk
include tests/fw.mk
include tests/bootptftp.mk
include tests/rules.mk
include tests/mdap.mk

bench: all $(check_PROGRAMS)
	@set -e; for s in $(bench_scripts); do \
	    echo "== $$s"; top_builddir='$(abs_top_builddir)' \
	    top_srcdir='$(abs_top_srcdir)' $(SHELL) $(srcdir)/$$s; done
.PHONY: bench

check-valgrind:
	CK_FORK=no $(MAKE) $(AM_MAKEFLAGS) check \
	    LOG_COMPILER='valgrind --error-exitcode=1 --leak-check=full'
.PHONY: check-valgrind
EXTRA_DIST += tests/corpus/run.sh .ci/packages

# Every check program is a test; helper binaries that tests run go into
# noinst_PROGRAMS instead.
TESTS += $(check_PROGRAMS)

# The README's main job (quickstart.sh's last step), on a small fleet.
TESTS += tests/integration/t_demo.sh
EXTRA_DIST += tests/integration/t_demo.sh
