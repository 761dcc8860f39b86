# tests/dirqueue.mk
