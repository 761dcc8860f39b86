# lib/dirqueue.mk: the NFS-safe per-device job queue (CWMP.md section 14).
lib_libanthill_a_SOURCES += lib/dirqueue.h
