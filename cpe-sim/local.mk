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
    cpe-sim/model_load.c cpe-sim/devtree.c

dist_pkgdata_DATA += cpe-sim/models/bcm7255-stb.yaml \
    cpe-sim/models/thomson-st780.yaml
