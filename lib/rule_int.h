/*
 * rule_int.h: the engine's private structures, shared by rule_load.c
 * (which builds them from YAML), rule_eval.c and rule_rollout.c (which
 * only read them).  Nothing outside lib/rule_*.c includes this file, and
 * no libyaml type appears in it.
 */
#ifndef LIB_RULE_INT_H
#define LIB_RULE_INT_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/rule_engine.h"

#ifndef nitems
#define nitems(a) (sizeof(a) / sizeof((a)[0]))
#endif

enum rule_cond_kind {
	RULE_COND_ALL,
	RULE_COND_ANY,
	RULE_COND_NOT,
	RULE_COND_EVENT,
	RULE_COND_TAG,
	RULE_COND_VALUE
};

enum rule_op {
	RULE_OP_EQUALS,
	RULE_OP_NOT_EQUALS,
	RULE_OP_NUMBER,
	RULE_OP_VERSION,
	RULE_OP_GLOB,
	RULE_OP_REGEX,
	RULE_OP_EXISTS,
	RULE_OP_MISSING
};

enum rule_cmp {
	RULE_CMP_LT,
	RULE_CMP_LE,
	RULE_CMP_GT,
	RULE_CMP_GE,
	RULE_CMP_EQ,
	RULE_CMP_NE
};

struct rule_cond {
	enum rule_cond_kind kind;
	struct rule_cond **kids; /* all, any, not */
	size_t nkids;
	char **strs; /* event, tag: any of these */
	size_t nstrs;
	bool is_id; /* value: id field or param */
	enum rule_id id;
	char *param;
	enum rule_op op;
	enum rule_cmp cmp;
	char *operand;
	double num;
	bool flag; /* exists/missing: true|false */
	bool templated; /* equals operand has ${...} */
	bool have_re;
	regex_t re;
};

/* An action as written: values are templates, expanded at evaluation. */
#define RULE_SPEC_INSTANCES 100

struct rule_spec {
	int kind; /* enum rule_action_kind or INSTANCES */
	struct rule_arg *args; /* value = template */
	size_t nargs;
	unsigned count; /* instances */
	unsigned timeout; /* exec */
};

struct rule_rollout {
	unsigned max_in_flight; /* 0: no limit */
	unsigned percent; /* 1..100 */
	char *seed;
	unsigned pause_rate; /* percent of failures; 0: never */
	unsigned min_samples;
	unsigned timeout; /* seconds a device may stay in flight */
	unsigned backoff; /* seconds, doubled per failure */
	unsigned max_attempts;
};

#define RULE_ROLLOUT_TIMEOUT_DEFAULT 3600
#define RULE_ROLLOUT_BACKOFF_DEFAULT 300
#define RULE_ROLLOUT_ATTEMPTS_DEFAULT 5
#define RULE_ROLLOUT_SAMPLES_DEFAULT 5
#define RULE_ROLLOUT_BACKOFF_MAX (7 * 86400)

struct rule {
	size_t index; /* position in its rule set */
	char *name;
	char *file;
	unsigned line;
	unsigned col;
	char *description;
	bool enabled;
	bool declarative; /* has set/instances/tag */
	struct rule_cond *when; /* NULL: always */
	struct rule_spec *specs;
	size_t nspecs;
	struct rule_rollout rollout;
};

struct ruleset {
	struct rule **rules;
	size_t count;
};

/* rule_load.c */
void rule_free(struct rule *r);
void rule_cond_free(struct rule_cond *c);
void rule_spec_clear(struct rule_spec *s);

/* rule_eval.c */
bool rule_value_equal(const char *have, const char *want, const char *type);
bool rule_cond_eval(
    const struct rule_cond *c, const struct rule_input *in, int depth);
int rule_specs_expand(const char *rulename, const struct rule_spec *specs,
    size_t nspecs, const struct rule_device *dev, struct rule_actions *out,
    const char **errstr);
void rule_actions_error(struct rule_actions *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* rule_template.c */
int rule_template_check(const char *tmpl, const char **errstr);
char *rule_template_expand(
    const char *tmpl, const struct rule_device *dev, const char **errstr);

/* rule_session.c */
bool rule_session_may_fire(struct rule_session *s, const char *rule);
void rule_session_fired(struct rule_session *s, const char *rule);

#endif /* LIB_RULE_INT_H */
