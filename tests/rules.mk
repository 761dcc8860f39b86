# tests/rules.mk: the rules engine's suites, fuzz replay, integration
# tests and benchmark.
if HAVE_CHECK
check_PROGRAMS += tests/unit/check_rule_version tests/unit/check_rule_load \
    tests/unit/check_rule_eval tests/unit/check_rule_rollout \
    tests/unit/check_rule_state
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
endif
EXTRA_DIST += tests/data/rules
noinst_PROGRAMS += tests/bench/rules_genfleet
tests_bench_rules_genfleet_SOURCES = tests/bench/rules_genfleet.c
tests_bench_rules_genfleet_CFLAGS = $(ANTHILL_CFLAGS)
tests_bench_rules_genfleet_LDADD = $(ANTHILL_LIBS)
