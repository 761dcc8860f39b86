# tools/local.mk: anthill-store(1), the device store tool (owner: store).
bin_PROGRAMS += tools/anthill-store
tools_anthill_store_SOURCES = tools/anthill_store.c
tools_anthill_store_CFLAGS = $(ANTHILL_CFLAGS)
tools_anthill_store_LDADD = $(ANTHILL_LIBS)
dist_man_MANS += man/anthill-store.1
