# lib/dirqueue.mk: the NFS-safe per-device job queue (CWMP.md section 14).
lib_libanthill_a_SOURCES += lib/dirqueue.h lib/dirqueue_int.h \
    lib/dirqueue.c lib/dirqueue_file.c lib/dirqueue_lease.c \
    lib/dirqueue_lock.c lib/dirqueue_yaml.c
