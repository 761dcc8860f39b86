# tests/bootptftp.mk: BOOTP/TFTP codec suites, fuzz replay, integration
# tests of bootp-tftpd and its benchmark.
if HAVE_CHECK
check_PROGRAMS += tests/unit/check_bootp_msg
tests_unit_check_bootp_msg_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_bootp_msg_LDADD = $(CHECK_LIBS_ALL)
check_PROGRAMS += tests/unit/check_tftp_msg
tests_unit_check_tftp_msg_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_tftp_msg_LDADD = $(CHECK_LIBS_ALL)
endif
check_PROGRAMS += tests/fuzz/replay_bootp tests/fuzz/replay_tftp
tests_fuzz_replay_bootp_SOURCES = tests/fuzz/fuzz_bootp.c tests/fuzz/replay.c
tests_fuzz_replay_bootp_CFLAGS = $(ANTHILL_CFLAGS) -DFUZZ_CORPUS='"bootp"'
tests_fuzz_replay_bootp_LDADD = $(ANTHILL_LIBS)
tests_fuzz_replay_tftp_SOURCES = tests/fuzz/fuzz_tftp.c tests/fuzz/replay.c
tests_fuzz_replay_tftp_CFLAGS = $(ANTHILL_CFLAGS) -DFUZZ_CORPUS='"tftp"'
tests_fuzz_replay_tftp_LDADD = $(ANTHILL_LIBS)
EXTRA_DIST += tests/fuzz/corpus/bootp tests/fuzz/corpus/tftp
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_bootp tests/fuzz/fuzz_tftp
tests_fuzz_fuzz_bootp_SOURCES = tests/fuzz/fuzz_bootp.c
tests_fuzz_fuzz_bootp_CFLAGS = $(ANTHILL_CFLAGS)
tests_fuzz_fuzz_bootp_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_bootp_LDADD = $(ANTHILL_LIBS)
tests_fuzz_fuzz_tftp_SOURCES = tests/fuzz/fuzz_tftp.c
tests_fuzz_fuzz_tftp_CFLAGS = $(ANTHILL_CFLAGS)
tests_fuzz_fuzz_tftp_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_tftp_LDADD = $(ANTHILL_LIBS)
endif
bootptftpd_tests = tests/integration/t_bootptftpd_clients.sh \
    tests/integration/t_bootptftpd_rollover.sh \
    tests/integration/t_bootptftpd_concurrent.sh \
    tests/integration/t_bootptftpd_vanish.sh \
    tests/integration/t_bootptftpd_traversal.sh \
    tests/integration/t_bootptftpd_upload.sh \
    tests/integration/t_bootptftpd_bootp.sh \
    tests/integration/t_bootptftpd_netns.sh \
    tests/integration/t_bootptftpd_privdrop.sh \
    tests/integration/t_bootptftpd_config.sh
TESTS += $(bootptftpd_tests)
EXTRA_DIST += $(bootptftpd_tests) tests/integration/bootptftpd_lib.sh \
    tests/integration/bootp_client.py tests/integration/tftp_client.py
bench_scripts += tests/bench/bench_tftp.sh
EXTRA_DIST += tests/bench/bench_tftp.sh
