# tests/mdap.mk: MDAP codec suites, fuzz replay.
if HAVE_CHECK
check_PROGRAMS += tests/unit/check_mdap_msg
tests_unit_check_mdap_msg_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_mdap_msg_LDADD = $(CHECK_LIBS_ALL)
check_PROGRAMS += tests/unit/check_mdap_ant tests/unit/check_rule_ant
tests_unit_check_rule_ant_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_rule_ant_LDADD = $(CHECK_LIBS_ALL)
tests_unit_check_mdap_ant_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_mdap_ant_LDADD = $(CHECK_LIBS_ALL)
endif
check_PROGRAMS += tests/fuzz/replay_mdap
tests_fuzz_replay_mdap_SOURCES = tests/fuzz/fuzz_mdap.c tests/fuzz/replay.c
tests_fuzz_replay_mdap_CFLAGS = $(ANTHILL_CFLAGS) -DFUZZ_CORPUS='"mdap"'
tests_fuzz_replay_mdap_LDADD = $(ANTHILL_LIBS)
EXTRA_DIST += tests/fuzz/corpus/mdap
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_mdap
tests_fuzz_fuzz_mdap_SOURCES = tests/fuzz/fuzz_mdap.c
tests_fuzz_fuzz_mdap_CFLAGS = $(ANTHILL_CFLAGS)
tests_fuzz_fuzz_mdap_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_mdap_LDADD = $(ANTHILL_LIBS)
endif
noinst_PROGRAMS += tests/mdap_antsim
tests_mdap_antsim_SOURCES = tests/mdap_antsim.c
tests_mdap_antsim_CFLAGS = $(ANTHILL_CFLAGS)
tests_mdap_antsim_LDADD = $(ANTHILL_LIBS)
TESTS += tests/integration/t_mdap_unicast.sh tests/integration/t_mdap_netns.sh
EXTRA_DIST += tests/integration/t_mdap_unicast.sh \
    tests/integration/t_mdap_netns.sh
bench_scripts += tests/bench/bench_mdap.sh
EXTRA_DIST += tests/bench/bench_mdap.sh
noinst_PROGRAMS += tests/netboot_probe
tests_netboot_probe_SOURCES = tests/netboot_probe.c
tests_netboot_probe_CFLAGS = $(ANTHILL_CFLAGS)
tests_netboot_probe_LDADD = $(ANTHILL_LIBS)
TESTS += tests/integration/t_netboot.sh
EXTRA_DIST += tests/integration/t_netboot.sh
TESTS += tests/integration/t_mdap_flash.sh
EXTRA_DIST += tests/integration/t_mdap_flash.sh
TESTS += tests/integration/t_mdap_lab.sh
EXTRA_DIST += tests/integration/t_mdap_lab.sh
