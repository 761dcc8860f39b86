# lib/: libanthill.a, everything two programs use.  Each module family adds
# its sources from its own fragment so parallel work does not collide.
noinst_LIBRARIES += lib/libanthill.a
lib_libanthill_a_CFLAGS = $(ANTHILL_CFLAGS)
lib_libanthill_a_SOURCES = lib/log.c lib/log.h lib/xmalloc.c lib/xmalloc.h \
    lib/buf.c lib/buf.h lib/version.h lib/json.c lib/json.h
include lib/cwmp.mk
include lib/store.mk
include lib/dirqueue.mk
include lib/net.mk
include lib/rules.mk
include lib/fw.mk
include lib/mdap.mk
