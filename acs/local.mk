# acs/local.mk: acsd, the TR-069 ACS (owner: acsd).  acsctl comes in
# through acs/acsctl.mk (owner: dirqueue) and compiles acs/config.c too.
sbin_PROGRAMS += acs/acsd
acs_acsd_SOURCES = acs/main.c acs/acs.h acs/acs_config.h acs/config.c \
    acs/http.c acs/http_body.c acs/cookie.c acs/auth.c acs/files.c \
    acs/session.c acs/session_cwmp.c acs/session_inform.c acs/dispatch.c \
    acs/dispatch_args.c acs/discover.c acs/backend.c acs/backend_cache.c \
    acs/capture.c acs/connreq.c acs/util.c acs/rules_hook.c \
    acs/reload.c
acs_acsd_CFLAGS = $(ANTHILL_CFLAGS)
acs_acsd_LDADD = $(ANTHILL_LIBS)
dist_man_MANS += man/acsd.8 man/acsd.yaml.5
EXTRA_DIST += examples/acsd.yaml
include acs/acsctl.mk
