# tests/rules.mk: the rules engine's suites, fuzz replay, integration
# tests and benchmark.
if HAVE_CHECK
check_PROGRAMS += tests/unit/check_rule_version tests/unit/check_rule_load \
    tests/unit/check_rule_eval tests/unit/check_rule_rollout \
    tests/unit/check_rule_state tests/unit/check_rule_exec \
    tests/unit/check_rule_jobs
tests_unit_check_rule_version_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_rule_version_LDADD = $(CHECK_LIBS_ALL)
tests_unit_check_rule_load_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_rule_load_LDADD = $(CHECK_LIBS_ALL)
tests_unit_check_rule_eval_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_rule_eval_LDADD = $(CHECK_LIBS_ALL)
tests_unit_check_rule_rollout_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_rule_rollout_LDADD = $(CHECK_LIBS_ALL)
tests_unit_check_rule_state_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_rule_state_LDADD = $(CHECK_LIBS_ALL)
tests_unit_check_rule_exec_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_rule_exec_LDADD = $(CHECK_LIBS_ALL)
tests_unit_check_rule_jobs_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_rule_jobs_LDADD = $(CHECK_LIBS_ALL)
endif
EXTRA_DIST += tests/data/rules
noinst_PROGRAMS += tests/bench/rules_genfleet
tests_bench_rules_genfleet_SOURCES = tests/bench/rules_genfleet.c
tests_bench_rules_genfleet_CFLAGS = $(ANTHILL_CFLAGS)
tests_bench_rules_genfleet_LDADD = $(ANTHILL_LIBS)
check_PROGRAMS += tests/fuzz/replay_rules
tests_fuzz_replay_rules_SOURCES = tests/fuzz/fuzz_rules.c tests/fuzz/replay.c
tests_fuzz_replay_rules_CFLAGS = $(ANTHILL_CFLAGS) -DFUZZ_CORPUS='"rules"'
tests_fuzz_replay_rules_LDADD = $(ANTHILL_LIBS)
EXTRA_DIST += tests/fuzz/corpus/rules
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_rules
tests_fuzz_fuzz_rules_SOURCES = tests/fuzz/fuzz_rules.c
tests_fuzz_fuzz_rules_CFLAGS = $(ANTHILL_CFLAGS)
tests_fuzz_fuzz_rules_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_rules_LDADD = $(ANTHILL_LIBS)
endif
TESTS += tests/integration/t_rules_check.sh tests/integration/t_rules_plan.sh
EXTRA_DIST += tests/integration/t_rules_check.sh \
    tests/integration/t_rules_plan.sh
bench_scripts += tests/bench/bench_rules.sh
EXTRA_DIST += tests/bench/bench_rules.sh
TESTS += tests/integration/t_rules_acsd.sh
EXTRA_DIST += tests/integration/t_rules_acsd.sh
TESTS += tests/integration/t_rules_fleet.sh \
    tests/integration/t_rules_fleet_pause.sh
EXTRA_DIST += tests/integration/t_rules_fleet.sh \
    tests/integration/t_rules_fleet_pause.sh
