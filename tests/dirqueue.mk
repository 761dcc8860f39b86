# tests/dirqueue.mk: the queue's unit suite, stress test and benchmark.
if HAVE_CHECK
check_PROGRAMS += tests/unit/check_dirqueue
tests_unit_check_dirqueue_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_dirqueue_LDADD = $(CHECK_LIBS_ALL)
endif
noinst_PROGRAMS += tests/dirqueue_stress
tests_dirqueue_stress_SOURCES = tests/dirqueue_stress.c
tests_dirqueue_stress_CFLAGS = $(ANTHILL_CFLAGS)
tests_dirqueue_stress_LDADD = $(ANTHILL_LIBS)
TESTS += tests/integration/t_dirqueue_stress.sh
EXTRA_DIST += tests/integration/t_dirqueue_stress.sh
bench_scripts += tests/bench/bench_dirqueue.sh
EXTRA_DIST += tests/bench/bench_dirqueue.sh
