# tests/cwmp.mk
