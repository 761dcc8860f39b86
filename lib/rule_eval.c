/*
 * rule_eval.c: evaluating a loaded rule set against one device.  It walks
 * each rule's condition tree, expands the actions of the rules that match
 * (templates, and the declarative ones only where the device differs from
 * what is declared), asks the rollout gate whether they may run, and
 * appends them to the caller's list.  It does no I/O and keeps no state
 * of its own: rollout state lives in the gate, per-session counts in the
 * struct rule_session the caller passes.
 */
#include "config.h"

#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/rule_int.h"
#include "lib/rule_version.h"
#include "lib/xmalloc.h"

static bool
cmp_apply(enum rule_cmp cmp, int c)
{
	switch (cmp) {
	case RULE_CMP_LT:
		return c < 0;
	case RULE_CMP_LE:
		return c <= 0;
	case RULE_CMP_GT:
		return c > 0;
	case RULE_CMP_GE:
		return c >= 0;
	case RULE_CMP_EQ:
		return c == 0;
	case RULE_CMP_NE:
		return c != 0;
	}
	return false;
}

static bool
parse_number(const char *s, double *d)
{
	char *end;

	*d = strtod(s, &end);
	while (*end == ' ' || *end == '\t' || *end == '\n')
		end++;
	return end != s && *end == '\0';
}

static int
bool_value(const char *s)
{
	if (strcasecmp(s, "true") == 0 || strcmp(s, "1") == 0)
		return 1;
	if (strcasecmp(s, "false") == 0 || strcmp(s, "0") == 0)
		return 0;
	return -1;
}

static bool
type_is_numeric(const char *type)
{
	return type != NULL &&
	    (strcmp(type, "xsd:int") == 0 ||
	        strcmp(type, "xsd:unsignedInt") == 0 ||
	        strcmp(type, "xsd:long") == 0 ||
	        strcmp(type, "xsd:unsignedLong") == 0);
}

/* Equality as the CPE means it: 1 == true for booleans, 010 == 10. */
bool
rule_value_equal(const char *have, const char *want, const char *type)
{
	double a, b;
	int x, y;

	if (type != NULL && strcmp(type, "xsd:boolean") == 0) {
		x = bool_value(have);
		y = bool_value(want);
		if (x != -1 && y != -1)
			return x == y;
	}
	if (type_is_numeric(type) && parse_number(have, &a) &&
	    parse_number(want, &b))
		return a == b;
	return strcmp(have, want) == 0;
}

static const char *
cond_subject(
    const struct rule_cond *c, const struct rule_device *dev, const char **type)
{
	*type = NULL;
	if (c->is_id)
		return dev->ops->id(dev->ctx, c->id);
	return dev->ops->value(dev->ctx, c->param, type);
}

/* equals/not_equals, with the operand expanded if it is a template. */
static bool
cond_equals(const struct rule_cond *c, const struct rule_device *dev,
    const char *v, const char *type)
{
	const char *want = c->operand, *errstr;
	char *exp = NULL;
	bool eq;

	if (c->templated &&
	    (want = exp = rule_template_expand(c->operand, dev, &errstr)) ==
	        NULL)
		return false; /* nothing to compare with */
	if (c->is_id && c->id == RULE_ID_OUI)
		eq = strcasecmp(v, want) == 0;
	else
		eq = rule_value_equal(v, want, type);
	free(exp);
	return c->op == RULE_OP_EQUALS ? eq : !eq;
}

static bool
cond_value(const struct rule_cond *c, const struct rule_device *dev)
{
	const char *v, *type;
	double d;

	v = cond_subject(c, dev, &type);
	if (c->op == RULE_OP_EXISTS)
		return (v != NULL) == c->flag;
	if (c->op == RULE_OP_MISSING)
		return (v == NULL) == c->flag;
	if (v == NULL)
		return false;
	switch (c->op) {
	case RULE_OP_EQUALS:
	case RULE_OP_NOT_EQUALS:
		return cond_equals(c, dev, v, type);
	case RULE_OP_NUMBER:
		return parse_number(v, &d) &&
		    cmp_apply(c->cmp, d < c->num ? -1 : d > c->num);
	case RULE_OP_VERSION:
		return cmp_apply(c->cmp, rule_version_cmp(v, c->operand));
	case RULE_OP_GLOB:
		return fnmatch(c->operand, v, 0) == 0;
	case RULE_OP_REGEX:
		return regexec(&c->re, v, 0, NULL, 0) == 0;
	default:
		return false;
	}
}

static bool
cond_strings(const struct rule_cond *c, const struct rule_input *in)
{
	size_t i, j;

	for (i = 0; i < c->nstrs; i++) {
		if (c->kind == RULE_COND_TAG) {
			if (in->dev->ops->has_tag(in->dev->ctx, c->strs[i]))
				return true;
			continue;
		}
		for (j = 0; j < in->nevents; j++)
			if (strcasecmp(in->events[j], c->strs[i]) == 0)
				return true;
	}
	return false;
}

bool
rule_cond_eval(
    const struct rule_cond *c, const struct rule_input *in, int depth)
{
	size_t i;

	if (c == NULL)
		return true;
	if (depth > RULE_DEPTH_MAX)
		return false;
	switch (c->kind) {
	case RULE_COND_ALL:
		for (i = 0; i < c->nkids; i++)
			if (!rule_cond_eval(c->kids[i], in, depth + 1))
				return false;
		return true;
	case RULE_COND_ANY:
		for (i = 0; i < c->nkids; i++)
			if (rule_cond_eval(c->kids[i], in, depth + 1))
				return true;
		return false;
	case RULE_COND_NOT:
		return !rule_cond_eval(c->kids[0], in, depth + 1);
	case RULE_COND_EVENT:
	case RULE_COND_TAG:
		return cond_strings(c, in);
	case RULE_COND_VALUE:
		return cond_value(c, in->dev);
	}
	return false;
}

bool
rule_matches(const struct rule *r, const struct rule_input *in)
{
	return r->enabled && rule_cond_eval(r->when, in, 0);
}

void
rule_actions_error(struct rule_actions *a, const char *fmt, ...)
{
	va_list ap;
	char msg[RULE_ERROR_MAX];

	if (a->nerrors >= RULE_ERRORS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	a->errors =
	    xreallocarray(a->errors, a->nerrors + 1, sizeof(*a->errors));
	a->errors[a->nerrors++] = xstrdup(msg);
}

static unsigned
rule_njobs(const struct rule_actions *a)
{
	const struct rule_action *act;
	unsigned n = 0;

	TAILQ_FOREACH(act, &a->list, entry)
		n += rule_action_njobs(act);
	return n;
}

static void
actions_move(struct rule_actions *dst, struct rule_actions *src)
{
	struct rule_action *a;

	while ((a = TAILQ_FIRST(&src->list)) != NULL) {
		TAILQ_REMOVE(&src->list, a, entry);
		TAILQ_INSERT_TAIL(&dst->list, a, entry);
		dst->count++;
	}
	src->count = 0;
}

static enum rule_gate_verdict
rule_decide(const struct rule *r, const struct rule_input *in,
    const struct rule_gate *gate, struct rule_actions *tmp)
{
	const char *devid;
	bool has = tmp->count > 0;

	if (has && in->session != NULL &&
	    !rule_session_may_fire(in->session, r->name))
		return RULE_GATE_SESSION;
	if (gate == NULL)
		return has ? RULE_GATE_RUN : RULE_GATE_IDLE;
	devid = in->dev->ops->id(in->dev->ctx, RULE_ID_DEVICE_ID);
	return gate->decide(gate->ctx, r, devid != NULL ? devid : "", has,
	    rule_njobs(tmp), in->now);
}

int
ruleset_eval(const struct ruleset *rs, const struct rule_input *in,
    const struct rule_gate *gate, struct rule_actions *out)
{
	struct rule_actions tmp;
	const struct rule *r;
	const char *errstr;
	size_t i;
	int fired = 0;

	rule_actions_init(&tmp);
	for (i = 0; i < rs->count; i++) {
		r = rs->rules[i];
		if (rule_matches(r, in) &&
		    rule_specs_expand(r->name, r->specs, r->nspecs, in->dev,
		        &tmp, &errstr) == -1) {
			rule_actions_error(out, "rule %s (%s:%u:%u): %s",
			    r->name, r->file, r->line, r->col, errstr);
			rule_actions_clear(&tmp);
		}
		if (rule_decide(r, in, gate, &tmp) == RULE_GATE_RUN) {
			if (in->session != NULL)
				rule_session_fired(in->session, r->name);
			actions_move(out, &tmp);
			fired++;
		}
		rule_actions_clear(&tmp);
	}
	return fired;
}
