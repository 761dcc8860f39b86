# lib/net.mk: BOOTP and TFTP codecs and servers, socket helpers and the
# privilege drop (owned by bootp-tftp; the MDAP controller reuses them).
lib_libanthill_a_SOURCES += lib/bootp_msg.c lib/bootp_msg.h \
    lib/tftp_msg.c lib/tftp_msg.h \
    lib/net.c lib/net.h lib/privdrop.c lib/privdrop.h \
    lib/tftp_server.c lib/tftp_server.h lib/tftp_server_int.h \
    lib/tftp_server_xfer.c lib/tftp_server_file.c lib/tftp_server_worker.c \
    lib/bootp_server.c lib/bootp_server.h lib/bootp_server_int.h \
    lib/bootp_server_answer.c
