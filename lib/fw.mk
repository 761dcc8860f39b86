# lib/fw.mk: firmware image format, simulated flash and the A/B updater.
# libarchive (libarchive-dev) reads and writes the zip/tar image container;
# libsodium (libsodium-dev) gives Ed25519 signatures and SHA-256.
lib_libanthill_a_SOURCES += lib/fwimage.c lib/fwimage_manifest.c \
    lib/fwimage_write.c lib/fwimage.h \
    lib/flash_sim.c lib/flash_sim_io.c lib/flash_sim_part.c \
    lib/flash_sim_ubi.c lib/flash_sim.h lib/flash_sim_int.h \
    lib/fwupdate.c lib/fwupdate_apply.c lib/fwupdate_boot.c \
    lib/fwupdate_bootenv.c lib/fwupdate_flash.c lib/fwupdate_records.c \
    lib/fwupdate_store.c lib/fwupdate.h lib/fwupdate_int.h
