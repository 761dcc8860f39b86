/*
 * rule_exec.h: running a rule's exec action.  The program named by the
 * rule (an absolute path, which must lie under the directory the operator
 * configured) runs as a separate process with an empty environment except
 * ANTHILL_RULE and ANTHILL_DEVICE, gets the device as JSON on stdin, and
 * prints actions on stdout in the do: syntax (YAML or JSON; exec itself
 * is refused).  It is killed at its timeout, its output is capped, and a
 * non-zero exit status discards the output.  No shell and no interpreter
 * runs inside the caller: this is the only way rules reach code, and it
 * is meant for a background thread, not a CWMP request (rules(5),
 * SECURITY).
 */
#ifndef LIB_RULE_EXEC_H
#define LIB_RULE_EXEC_H

#include <stddef.h>

#include "lib/rule_engine.h"

#define RULE_EXEC_OUTPUT_MAX (1024 * 1024) /* bytes read from stdout */
#define RULE_EXEC_INPUT_MAX (16 * 1024 * 1024)

/*
 * The device as the program sees it:
 *	{"rule": NAME, "id": {"OUI": ..., "ProductClass": ..., ...},
 *	 "events": [...], "tags": [...],
 *	 "params": {NAME: {"value": V, "type": T}, ...}}
 * Returns malloc'd text, or NULL if larger than RULE_EXEC_INPUT_MAX.
 */
char *rule_exec_input(
    const char *rule, const struct rule_input *in, size_t *lenp);
/*
 * Checks that program is a regular executable file whose real path lies
 * under allow_dir.  Returns 0, or -1 with errstr.
 */
int rule_exec_allowed(
    const char *program, const char *allow_dir, const char **errstr);
/*
 * Runs exec action a (after rule_exec_allowed()) for the device of in and
 * appends the actions it printed to out, tagged with a's rule.  Returns
 * 0, or -1 with the reasons in errs.
 */
int rule_exec_run(const struct rule_action *a, const char *allow_dir,
    const struct rule_input *in, struct rule_actions *out,
    struct rule_load_errors *errs);

#endif /* LIB_RULE_EXEC_H */
