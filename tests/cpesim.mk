# tests/cpesim.mk
