# tests/acs.mk: acsd's suites (owner: acsd).
noinst_PROGRAMS += tests/data/acs/acs_job tests/bench/bench_acsd_base \
    tests/bench/bench_acsd_load
tests_data_acs_acs_job_SOURCES = tests/data/acs/acs_job.c
tests_data_acs_acs_job_CFLAGS = $(ANTHILL_CFLAGS)
tests_data_acs_acs_job_LDADD = $(ANTHILL_LIBS)
tests_bench_bench_acsd_base_SOURCES = tests/bench/bench_acsd_base.c
tests_bench_bench_acsd_base_CFLAGS = $(ANTHILL_CFLAGS)
tests_bench_bench_acsd_base_LDADD = $(ANTHILL_LIBS)
tests_bench_bench_acsd_load_SOURCES = tests/bench/bench_acsd_load.c
tests_bench_bench_acsd_load_CFLAGS = $(ANTHILL_CFLAGS)
tests_bench_bench_acsd_load_LDADD = $(ANTHILL_LIBS)

if HAVE_CHECK
check_PROGRAMS += tests/unit/check_acsd
tests_unit_check_acsd_SOURCES = tests/unit/check_acsd.c acs/cookie.c \
    acs/discover.c acs/http_body.c acs/config.c
tests_unit_check_acsd_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_acsd_LDADD = $(CHECK_LIBS_ALL)
endif

ACSD_TESTS = tests/integration/t_acsd_config.sh \
    tests/integration/t_acsd_http.sh tests/integration/t_acsd_session.sh \
    tests/integration/t_acsd_drop.sh tests/integration/t_acsd_auth.sh \
    tests/integration/t_acsd_files.sh tests/integration/t_acsd_overload.sh \
    tests/integration/t_acsd_connreq.sh tests/integration/t_acsd_two.sh \
    tests/integration/t_acsd_cpesim.sh tests/integration/t_acsd_tls.sh \
    tests/integration/t_acsd_store.sh tests/integration/t_acsd_reload.sh
TESTS += $(ACSD_TESTS)
EXTRA_DIST += $(ACSD_TESTS) tests/data/acs/minicpe.py \
    tests/data/acs/rawhttp.py tests/data/acs/crserver.py \
    tests/data/acs/acsd_test.sh tests/data/acs/tree.txt \
    tests/data/acs/TransferComplete.xml tests/data/acs/GetRPCMethods.xml \
    tests/data/acs/Unknown.xml tests/data/acs/Kicked.xml \
    tests/data/acs/RequestDownload.xml \
    tests/data/acs/AutonomousTransferComplete.xml \
    tests/corpus/check_acsd_replay.sh tests/corpus/acsd_replay.py \
    tests/bench/bench_acsd.sh
bench_scripts += tests/bench/bench_acsd.sh

# Fuzz harnesses for acsd's Cookie parser and request body collector:
# corpus replays in every build, libFuzzer binaries with --enable-fuzzing.
check_PROGRAMS += tests/fuzz/replay_cookie tests/fuzz/replay_httpbody
tests_fuzz_replay_cookie_SOURCES = tests/fuzz/fuzz_cookie.c \
    tests/fuzz/replay.c acs/cookie.c
tests_fuzz_replay_cookie_CFLAGS = $(ANTHILL_CFLAGS) -DFUZZ_CORPUS='"cookie"'
tests_fuzz_replay_cookie_LDADD = $(ANTHILL_LIBS)
tests_fuzz_replay_httpbody_SOURCES = tests/fuzz/fuzz_httpbody.c \
    tests/fuzz/replay.c acs/http_body.c
tests_fuzz_replay_httpbody_CFLAGS = $(ANTHILL_CFLAGS) \
    -DFUZZ_CORPUS='"httpbody"'
tests_fuzz_replay_httpbody_LDADD = $(ANTHILL_LIBS)
EXTRA_DIST += tests/fuzz/corpus/cookie tests/fuzz/corpus/httpbody
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_cookie tests/fuzz/fuzz_httpbody
tests_fuzz_fuzz_cookie_SOURCES = tests/fuzz/fuzz_cookie.c acs/cookie.c
tests_fuzz_fuzz_cookie_CFLAGS = $(ANTHILL_CFLAGS)
tests_fuzz_fuzz_cookie_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_cookie_LDADD = $(ANTHILL_LIBS)
tests_fuzz_fuzz_httpbody_SOURCES = tests/fuzz/fuzz_httpbody.c \
    acs/http_body.c
tests_fuzz_fuzz_httpbody_CFLAGS = $(ANTHILL_CFLAGS)
tests_fuzz_fuzz_httpbody_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_httpbody_LDADD = $(ANTHILL_LIBS)
endif
