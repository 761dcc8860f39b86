# cpe-sim/local.mk: the simulator (owned by the cpe-sim work); the firmware
# tools add themselves from cpe-sim/mkimage.mk.
include cpe-sim/mkimage.mk

# The HTTP client lives in lib/ because acsd's Connection Request sender
# shares it.
lib_libanthill_a_SOURCES += lib/http_client.c lib/http_client.h
