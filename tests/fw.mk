# tests/fw.mk: firmware image, simulated flash and updater suites, the image
# fuzz harness and the firmware integration tests.
FW_TEST_UTIL = tests/unit/check_fw_util.c tests/unit/check_fw_util.h
if HAVE_CHECK
check_PROGRAMS += tests/unit/check_fwimage
tests_unit_check_fwimage_SOURCES = tests/unit/check_fwimage.c $(FW_TEST_UTIL)
tests_unit_check_fwimage_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_fwimage_LDADD = $(CHECK_LIBS_ALL)
endif
if HAVE_CHECK
check_PROGRAMS += tests/unit/check_flash_sim
tests_unit_check_flash_sim_SOURCES = tests/unit/check_flash_sim.c \
    $(FW_TEST_UTIL)
tests_unit_check_flash_sim_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_flash_sim_LDADD = $(CHECK_LIBS_ALL)
endif
if HAVE_CHECK
check_PROGRAMS += tests/unit/check_fwupdate
tests_unit_check_fwupdate_SOURCES = tests/unit/check_fwupdate.c \
    $(FW_TEST_UTIL)
tests_unit_check_fwupdate_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_fwupdate_LDADD = $(CHECK_LIBS_ALL)
endif
check_PROGRAMS += tests/fuzz/replay_fwimage
tests_fuzz_replay_fwimage_SOURCES = tests/fuzz/fuzz_fwimage.c \
    tests/fuzz/replay.c
tests_fuzz_replay_fwimage_CFLAGS = $(ANTHILL_CFLAGS) -DFUZZ_CORPUS='"fwimage"'
tests_fuzz_replay_fwimage_LDADD = $(ANTHILL_LIBS)
EXTRA_DIST += tests/fuzz/corpus/fwimage
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_fwimage
tests_fuzz_fuzz_fwimage_SOURCES = tests/fuzz/fuzz_fwimage.c
tests_fuzz_fuzz_fwimage_CFLAGS = $(ANTHILL_CFLAGS)
tests_fuzz_fuzz_fwimage_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_fwimage_LDADD = $(ANTHILL_LIBS)
endif
TESTS += tests/integration/t_fw_mkimage.sh
EXTRA_DIST += tests/integration/t_fw_mkimage.sh
