# tests/fw.mk
