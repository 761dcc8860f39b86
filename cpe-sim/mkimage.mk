# cpe-sim/mkimage.mk: the test-image maker
