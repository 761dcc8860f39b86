# tests/cwmp.mk: the CWMP codec: unit suites, fuzz replay, the cwmp_dump
# helper the corpus check and shell tests use, and benchmarks.
noinst_PROGRAMS += tests/cwmp_dump
tests_cwmp_dump_SOURCES = tests/cwmp_dump.c
tests_cwmp_dump_CFLAGS = $(ANTHILL_CFLAGS)
tests_cwmp_dump_LDADD = $(ANTHILL_LIBS)
