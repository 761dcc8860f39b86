# lib/net.mk: BOOTP and TFTP codecs and servers (owned by bootp-tftp).
lib_libanthill_a_SOURCES += lib/bootp_msg.c lib/bootp_msg.h \
    lib/tftp_msg.c lib/tftp_msg.h
