# rules/local.mk: anthill-rules, the rule files tool (check, plan, status).
bin_PROGRAMS += rules/anthill-rules
rules_anthill_rules_SOURCES = rules/main.c rules/rules.h rules/check.c \
    rules/plan.c rules/status.c
rules_anthill_rules_CFLAGS = $(ANTHILL_CFLAGS)
rules_anthill_rules_LDADD = $(ANTHILL_LIBS)
dist_man_MANS += man/rules.5 man/anthill-rules.1
EXTRA_DIST += examples/rules
