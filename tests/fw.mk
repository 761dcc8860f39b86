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
