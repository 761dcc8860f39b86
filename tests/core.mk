# tests/core.mk: suites for the basics (log, xmalloc, buf).
if HAVE_CHECK
check_PROGRAMS += tests/unit/check_buf
tests_unit_check_buf_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_buf_LDADD = $(CHECK_LIBS_ALL)
endif
if HAVE_CHECK
check_PROGRAMS += tests/unit/check_json
tests_unit_check_json_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_json_LDADD = $(CHECK_LIBS_ALL)
endif
