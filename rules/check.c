/*
 * check.c: "anthill-rules check FILE...": loads every file into one rule
 * set, as acsd would, and prints each error as file:line:column: message.
 * Exit status 1 if any file is invalid.  It does not evaluate rules.
 */
#include "config.h"

#include <stdio.h>

#include "rules/rules.h"

int
cmd_check(struct rules_opts *o, int argc, char **argv)
{
	struct ruleset *rs;

	if (argc < 1)
		return 2;
	if ((rs = rules_load_files(argv, argc, false)) == NULL)
		return 1;
	printf("rules OK: %zu rule%s in %d file%s\n", ruleset_count(rs),
	    ruleset_count(rs) == 1 ? "" : "s", argc, argc == 1 ? "" : "s");
	ruleset_free(rs);
	return 0;
}
