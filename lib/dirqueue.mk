# lib/dirqueue.mk: sources are added here with lib_libanthill_a_SOURCES +=
