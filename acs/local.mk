# acs/local.mk
include acs/acsctl.mk
