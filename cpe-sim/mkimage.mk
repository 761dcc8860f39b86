# cpe-sim/mkimage.mk: anthill-mkimage, the firmware image and key maker.
bin_PROGRAMS += cpe-sim/anthill-mkimage
cpe_sim_anthill_mkimage_SOURCES = cpe-sim/mkimage.c
cpe_sim_anthill_mkimage_CFLAGS = $(ANTHILL_CFLAGS)
cpe_sim_anthill_mkimage_LDADD = $(ANTHILL_LIBS)
dist_man_MANS += man/anthill-mkimage.1
