# tests/store.mk: suites for yaml_conf, yaml_doc, param_tree and
# device_store, the YAML config and device record fuzz replays, and the
# store benchmark.
if HAVE_CHECK
check_PROGRAMS += tests/unit/check_yaml_conf
tests_unit_check_yaml_conf_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_yaml_conf_LDADD = $(CHECK_LIBS_ALL)
check_PROGRAMS += tests/unit/check_yaml_doc
tests_unit_check_yaml_doc_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_yaml_doc_LDADD = $(CHECK_LIBS_ALL)
check_PROGRAMS += tests/unit/check_param_tree
tests_unit_check_param_tree_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_param_tree_LDADD = $(CHECK_LIBS_ALL)
check_PROGRAMS += tests/unit/check_device_store
tests_unit_check_device_store_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_device_store_LDADD = $(CHECK_LIBS_ALL)
endif
check_PROGRAMS += tests/fuzz/replay_yaml_conf
tests_fuzz_replay_yaml_conf_SOURCES = tests/fuzz/fuzz_yaml_conf.c \
    tests/fuzz/replay.c
tests_fuzz_replay_yaml_conf_CFLAGS = $(ANTHILL_CFLAGS) \
    -DFUZZ_CORPUS='"yaml_conf"'
tests_fuzz_replay_yaml_conf_LDADD = $(ANTHILL_LIBS)
EXTRA_DIST += tests/fuzz/corpus/yaml_conf
check_PROGRAMS += tests/fuzz/replay_record
tests_fuzz_replay_record_SOURCES = tests/fuzz/fuzz_record.c \
    tests/fuzz/replay.c
tests_fuzz_replay_record_CFLAGS = $(ANTHILL_CFLAGS) -DFUZZ_CORPUS='"record"'
tests_fuzz_replay_record_LDADD = $(ANTHILL_LIBS)
EXTRA_DIST += tests/fuzz/corpus/record
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_record
tests_fuzz_fuzz_record_SOURCES = tests/fuzz/fuzz_record.c
tests_fuzz_fuzz_record_CFLAGS = $(ANTHILL_CFLAGS)
tests_fuzz_fuzz_record_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_record_LDADD = $(ANTHILL_LIBS)
noinst_PROGRAMS += tests/fuzz/fuzz_yaml_conf
tests_fuzz_fuzz_yaml_conf_SOURCES = tests/fuzz/fuzz_yaml_conf.c
tests_fuzz_fuzz_yaml_conf_CFLAGS = $(ANTHILL_CFLAGS)
tests_fuzz_fuzz_yaml_conf_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_yaml_conf_LDADD = $(ANTHILL_LIBS)
endif
TESTS += tests/integration/t_anthill_store_convert.sh
EXTRA_DIST += tests/integration/t_anthill_store_convert.sh \
    tests/data/store/00147F-ST780-CP0611JTLNW.yaml \
    tests/data/store/00147F-ST780-BROKEN.yaml
noinst_PROGRAMS += tests/bench/bench_store
tests_bench_bench_store_SOURCES = tests/bench/bench_store.c
tests_bench_bench_store_CFLAGS = $(ANTHILL_CFLAGS)
tests_bench_bench_store_LDADD = $(ANTHILL_LIBS)
bench_scripts += tests/bench/bench_store.sh
EXTRA_DIST += tests/bench/bench_store.sh
