# bootp-tftp/local.mk: bootp-tftpd, BOOTP and TFTP servers for mass
# flashing (the servers themselves are lib/bootp_server, lib/tftp_server).
sbin_PROGRAMS += bootp-tftp/bootp-tftpd
bootp_tftp_bootp_tftpd_SOURCES = bootp-tftp/main.c bootp-tftp/config.c \
    bootp-tftp/bootp-tftpd.h
bootp_tftp_bootp_tftpd_CFLAGS = $(ANTHILL_CFLAGS)
bootp_tftp_bootp_tftpd_LDADD = $(ANTHILL_LIBS)
dist_man_MANS += man/bootp-tftpd.8 man/bootp-tftpd.yaml.5
EXTRA_DIST += examples/bootp-tftpd.yaml
