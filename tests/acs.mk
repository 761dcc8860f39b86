# tests/acs.mk
