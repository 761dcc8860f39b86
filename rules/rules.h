/*
 * rules.h: anthill-rules' private header.  The program checks rule files,
 * dry-runs them over a stored fleet (plan), and shows or resumes the
 * rollout state acsd keeps.  All logic lives in lib/rule_*; this folder
 * holds option parsing and output.
 */
#ifndef RULES_RULES_H
#define RULES_RULES_H

#include <stdbool.h>
#include <stdio.h>

#include "lib/rule_engine.h"

/* Options shared by the commands. */
struct rules_opts {
	const char *store;
	const char *store_kind; /* "yaml" or "gdbm" */
	const char *state;
	const char **events; /* --event overrides, or NULL */
	size_t nevents;
	bool json;
	bool all; /* plan: list idle devices too */
	long long now; /* 0: time(NULL) */
};

/* main.c */
struct ruleset *rules_load_files(char **files, int nfiles, bool quiet);

/* check.c */
int cmd_check(struct rules_opts *, int, char **);

/* plan.c */
int cmd_plan(struct rules_opts *, int, char **);

/* status.c */
int cmd_status(struct rules_opts *, int, char **);
int cmd_resume(struct rules_opts *, int, char **);

#endif /* RULES_RULES_H */
