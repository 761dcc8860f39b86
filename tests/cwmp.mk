# tests/cwmp.mk: the CWMP codec: unit suites, fuzz replay, the cwmp_dump
# helper the corpus check and shell tests use, and benchmarks.
noinst_PROGRAMS += tests/cwmp_dump
tests_cwmp_dump_SOURCES = tests/cwmp_dump.c
tests_cwmp_dump_CFLAGS = $(ANTHILL_CFLAGS)
tests_cwmp_dump_LDADD = $(ANTHILL_LIBS)
if HAVE_CHECK
check_PROGRAMS += tests/unit/check_cwmp_rpc
tests_unit_check_cwmp_rpc_SOURCES = tests/unit/check_cwmp_rpc.c \
	tests/unit/cwmp_samples.c tests/unit/cwmp_samples.h
tests_unit_check_cwmp_rpc_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_cwmp_rpc_LDADD = $(CHECK_LIBS_ALL)
endif
if HAVE_CHECK
check_PROGRAMS += tests/unit/check_cwmp_soap
tests_unit_check_cwmp_soap_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_cwmp_soap_LDADD = $(CHECK_LIBS_ALL)
endif

# Fuzz corpus replay in every build; the libFuzzer binary with --enable-fuzzing.
check_PROGRAMS += tests/fuzz/replay_cwmp
tests_fuzz_replay_cwmp_SOURCES = tests/fuzz/fuzz_cwmp.c tests/fuzz/replay.c
tests_fuzz_replay_cwmp_CFLAGS = $(ANTHILL_CFLAGS) -DFUZZ_CORPUS='"cwmp"'
tests_fuzz_replay_cwmp_LDADD = $(ANTHILL_LIBS)
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_cwmp
tests_fuzz_fuzz_cwmp_SOURCES = tests/fuzz/fuzz_cwmp.c
tests_fuzz_fuzz_cwmp_CFLAGS = $(ANTHILL_CFLAGS)
tests_fuzz_fuzz_cwmp_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_cwmp_LDADD = $(ANTHILL_LIBS)
endif

EXTRA_DIST += tests/data/cwmp tests/fuzz/corpus/cwmp

# Benchmarks (make bench) and the real-device corpus check (CI).
noinst_PROGRAMS += tests/bench/bench_cwmp
tests_bench_bench_cwmp_SOURCES = tests/bench/bench_cwmp.c
tests_bench_bench_cwmp_CFLAGS = $(ANTHILL_CFLAGS)
tests_bench_bench_cwmp_LDADD = $(ANTHILL_LIBS)
bench_scripts += tests/bench/bench_cwmp.sh
EXTRA_DIST += tests/bench/bench_cwmp.sh tests/corpus/check_codec.sh
