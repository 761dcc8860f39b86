# acs/local.mk
