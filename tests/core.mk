# tests/core.mk: suites for the basics (log, xmalloc, buf).
if HAVE_CHECK
check_PROGRAMS += tests/unit/check_buf
tests_unit_check_buf_CFLAGS = $(CHECK_CFLAGS_ALL)
tests_unit_check_buf_LDADD = $(CHECK_LIBS_ALL)
endif
