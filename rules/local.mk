# rules/local.mk
