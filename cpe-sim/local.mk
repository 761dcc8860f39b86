# cpe-sim/local.mk: the simulator (owned by the cpe-sim work); the firmware
# tools add themselves from cpe-sim/mkimage.mk.
include cpe-sim/mkimage.mk

# The HTTP client lives in lib/ because acsd's Connection Request sender
# shares it.
lib_libanthill_a_SOURCES += lib/http_client.c lib/http_client.h

# The simulator's modules are a helper library so unit tests can link them.
noinst_LIBRARIES += cpe-sim/libcpesim.a
cpe_sim_libcpesim_a_CFLAGS = $(ANTHILL_CFLAGS)
cpe_sim_libcpesim_a_SOURCES = cpe-sim/model.h cpe-sim/model.c \
    cpe-sim/model_load.c cpe-sim/devtree.c cpe-sim/cpesim.h \
    cpe-sim/quirks.c cpe-sim/inform.c cpe-sim/session.c cpe-sim/rpc.c \
    cpe-sim/device.c cpe-sim/state.c cpe-sim/transfer.c \
    cpe-sim/firmware.c cpe-sim/ant.c cpe-sim/connreq.c cpe-sim/fleet.c cpe-sim/options.c

bin_PROGRAMS += cpe-sim/cpe-sim
cpe_sim_cpe_sim_SOURCES = cpe-sim/main.c
cpe_sim_cpe_sim_CFLAGS = $(ANTHILL_CFLAGS)
cpe_sim_cpe_sim_LDADD = cpe-sim/libcpesim.a $(ANTHILL_LIBS) -lm

dist_pkgdata_DATA += cpe-sim/models/bcm7255-stb.yaml \
    cpe-sim/models/thomson-st780.yaml

dist_man_MANS += man/cpe-sim.1 man/cpe-sim-model.5
