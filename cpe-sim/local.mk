# cpe-sim/local.mk
