# tests/bootptftp.mk
