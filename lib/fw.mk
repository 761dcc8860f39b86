# lib/fw.mk: firmware image format, simulated flash and the A/B updater.
# libarchive (libarchive-dev) reads and writes the zip/tar image container;
# libsodium (libsodium-dev) gives Ed25519 signatures and SHA-256.
lib_libanthill_a_SOURCES += lib/fwimage.c lib/fwimage_manifest.c \
    lib/fwimage_write.c lib/fwimage.h \
    lib/flash_sim.h \
    lib/fwupdate.h
