# tests/rules.mk
