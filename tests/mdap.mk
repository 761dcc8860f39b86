# tests/mdap.mk
