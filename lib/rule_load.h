/*
 * rule_load.h: private helpers shared by the rule file loader's parts
 * (rule_load.c: files, rules and rollout; rule_load_cond.c: conditions;
 * rule_load_action.c: actions).  They read the node tree of lib/yaml_doc
 * (no libyaml types here, no aliases, bounded size and depth); the
 * structures they build (rule_int.h) hold none of it.  Every error carries
 * the line and column of the offending node.
 */
#ifndef LIB_RULE_LOAD_H
#define LIB_RULE_LOAD_H

#include <stdbool.h>

#include "lib/yaml_doc.h"

#include "lib/rule_int.h"

struct rule_loader {
	const char *file;
	struct rule_load_errors *errs;
	int nerr;
	bool no_exec; /* exec output: no exec inside */
};

void rule_load_err(struct rule_loader *L, const struct yaml_doc_node *n,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *rule_load_scalar(
    struct rule_loader *L, struct yaml_doc_node *n, const char *what);
int rule_load_uint(struct rule_loader *L, struct yaml_doc_node *n,
    long long min, long long max, unsigned *out);
int rule_load_bool(struct rule_loader *L, struct yaml_doc_node *n, bool *out);
int rule_load_map_check(
    struct rule_loader *L, struct yaml_doc_node *n, const char *what);
int rule_load_path(struct rule_loader *L, struct yaml_doc_node *n,
    const char *s, bool templated);
/* Strings: one scalar or a sequence of scalars. */
int rule_load_strings(struct rule_loader *L, struct yaml_doc_node *n,
    const char *what, char ***out, size_t *count);

/* rule_load_cond.c */
struct rule_cond *rule_load_cond(
    struct rule_loader *L, struct yaml_doc_node *n, int depth);

/* rule_load_action.c */
int rule_load_actions(
    struct rule_loader *L, struct yaml_doc_node *n, struct rule *r);

#endif /* LIB_RULE_LOAD_H */
