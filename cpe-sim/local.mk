# cpe-sim/local.mk: the simulator (owned by the cpe-sim work); the firmware
# tools add themselves from cpe-sim/mkimage.mk.
include cpe-sim/mkimage.mk
