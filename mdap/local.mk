# mdap/local.mk
