# mdap/local.mk: the MDAP controller.
bin_PROGRAMS += mdap/mdap
mdap_mdap_SOURCES = mdap/main.c mdap/mdap.h mdap/transport.c mdap/client.c \
    mdap/commands.c mdap/config.c mdap/campaign.c mdap/campaign.h \
    mdap/flash.c mdap/apply.c
mdap_mdap_CFLAGS = $(ANTHILL_CFLAGS)
mdap_mdap_LDADD = $(ANTHILL_LIBS)
dist_man_MANS += man/mdap.8
