/*
 * rule_load.h: private helpers shared by the rule file loader's parts
 * (rule_load.c: files, rules and rollout; rule_load_cond.c: conditions;
 * rule_load_action.c: actions).  The libyaml document API stays inside
 * these three files; the structures they build (rule_int.h) hold none of
 * it.  Every error carries the libyaml mark of the offending node.
 */
#ifndef LIB_RULE_LOAD_H
#define LIB_RULE_LOAD_H

#include <stdbool.h>
#include <yaml.h>

#include "lib/rule_int.h"

struct rule_loader {
	yaml_document_t		*doc;
	const char		*file;
	struct rule_load_errors	*errs;
	int			 nerr;
	bool			 no_exec;	/* exec output: no exec inside */
};

void	 rule_load_err(struct rule_loader *L, const yaml_node_t *n,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
yaml_node_t *rule_load_node(struct rule_loader *L, int id);
const char *rule_load_scalar(struct rule_loader *L, yaml_node_t *n,
	    const char *what);
int	 rule_load_uint(struct rule_loader *L, yaml_node_t *n, long long min,
	    long long max, unsigned *out);
int	 rule_load_bool(struct rule_loader *L, yaml_node_t *n, bool *out);
int	 rule_load_map_check(struct rule_loader *L, yaml_node_t *n,
	    const char *what);
int	 rule_load_path(struct rule_loader *L, yaml_node_t *n, const char *s,
	    bool templated);
/* Strings: one scalar or a sequence of scalars. */
int	 rule_load_strings(struct rule_loader *L, yaml_node_t *n,
	    const char *what, char ***out, size_t *count);

/* rule_load_cond.c */
struct rule_cond *rule_load_cond(struct rule_loader *L, yaml_node_t *n,
	    int depth);

/* rule_load_action.c */
int	 rule_load_actions(struct rule_loader *L, yaml_node_t *n,
	    struct rule *r);

#endif /* LIB_RULE_LOAD_H */
