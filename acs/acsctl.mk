# acs/acsctl.mk: acsctl(1), the operator CLI over the store and spool
# (owner: dirqueue).  It compiles acsd's acs/config.c to read the same file.
bin_PROGRAMS += acs/acsctl
acs_acsctl_SOURCES = acs/acsctl.c acs/acsctl.h acs/acsctl_devices.c \
    acs/acsctl_queue.c acs/acsctl_kick.c acs/config.c acs/acs_config.h
acs_acsctl_CFLAGS = $(ANTHILL_CFLAGS)
acs_acsctl_LDADD = $(ANTHILL_LIBS)
dist_man_MANS += man/acsctl.1
