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
# acsctl (owner: dirqueue): a fixture store writer and the CLI's tests.
noinst_PROGRAMS += tests/acsctl_fixture
tests_acsctl_fixture_SOURCES = tests/acsctl_fixture.c
tests_acsctl_fixture_CFLAGS = $(ANTHILL_CFLAGS)
tests_acsctl_fixture_LDADD = $(ANTHILL_LIBS)
TESTS += tests/integration/t_acsctl_devices.sh \
    tests/integration/t_acsctl_queue.sh tests/integration/t_acsctl_kick.sh
EXTRA_DIST += tests/integration/acsctl_lib.sh \
    tests/integration/t_acsctl_devices.sh \
    tests/integration/t_acsctl_queue.sh tests/integration/t_acsctl_kick.sh
# The job-file reader's fuzz harness: corpus replay in every build.
check_PROGRAMS += tests/fuzz/replay_dirqueue
tests_fuzz_replay_dirqueue_SOURCES = tests/fuzz/fuzz_dirqueue.c \
    tests/fuzz/replay.c
tests_fuzz_replay_dirqueue_CFLAGS = $(ANTHILL_CFLAGS) \
    -DFUZZ_CORPUS='"dirqueue"'
tests_fuzz_replay_dirqueue_LDADD = $(ANTHILL_LIBS)
EXTRA_DIST += tests/fuzz/corpus/dirqueue
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_dirqueue
tests_fuzz_fuzz_dirqueue_SOURCES = tests/fuzz/fuzz_dirqueue.c
tests_fuzz_fuzz_dirqueue_CFLAGS = $(ANTHILL_CFLAGS)
tests_fuzz_fuzz_dirqueue_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_dirqueue_LDADD = $(ANTHILL_LIBS)
endif
TESTS += tests/integration/t_acsctl_acsd.sh
EXTRA_DIST += tests/integration/t_acsctl_acsd.sh
