/*
 * rule_load_cond.c: building `when:` conditions from YAML.  A condition is
 * a list (all of its items), a mapping with one of all/any/not/event/tag,
 * or a subject (param: PATH or id: FIELD) with exactly one operator:
 * equals, not_equals, number, version, glob, regex, exists, missing.
 * Regular expressions are compiled here (POSIX ERE, no code execution), so
 * a bad pattern is a load error with its position.  It does not evaluate.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/rule_load.h"
#include "lib/xmalloc.h"

static const struct {
	const char *name;
	enum rule_op op;
} cond_ops[] = {
	{ "equals", RULE_OP_EQUALS },
	{ "not_equals", RULE_OP_NOT_EQUALS },
	{ "number", RULE_OP_NUMBER },
	{ "version", RULE_OP_VERSION },
	{ "glob", RULE_OP_GLOB },
	{ "regex", RULE_OP_REGEX },
	{ "exists", RULE_OP_EXISTS },
	{ "missing", RULE_OP_MISSING },
};

static const struct {
	const char *text;
	enum rule_cmp cmp;
} cond_cmps[] = {
	/* longest first */
	{ "<=", RULE_CMP_LE },
	{ ">=", RULE_CMP_GE },
	{ "==", RULE_CMP_EQ },
	{ "!=", RULE_CMP_NE },
	{ "<", RULE_CMP_LT },
	{ ">", RULE_CMP_GT },
	{ "=", RULE_CMP_EQ },
};

static struct rule_cond *
cond_new(enum rule_cond_kind kind)
{
	struct rule_cond *c;

	c = xcalloc(1, sizeof(*c));
	c->kind = kind;
	return c;
}

/* all: [...] / any: [...], or a bare list (all). */
static struct rule_cond *
cond_list(struct rule_loader *L, struct yaml_doc_node *n,
    enum rule_cond_kind kind, int depth)
{
	size_t it;
	struct rule_cond *c, *kid;
	size_t max;
	bool bad = false;

	if (n == NULL || n->kind != YAML_DOC_SEQ) {
		rule_load_err(L, n, "%s takes a list of conditions",
		    kind == RULE_COND_ANY ? "any" : "all");
		return NULL;
	}
	max = n->nitems;
	c = cond_new(kind);
	c->kids = xcalloc(max + 1, sizeof(*c->kids));
	for (it = 0; it < n->nitems; it++) {
		kid = rule_load_cond(L, n->items[it], depth + 1);
		if (kid == NULL)
			bad = true;
		else
			c->kids[c->nkids++] = kid;
	}
	if (bad) {
		rule_cond_free(c);
		return NULL;
	}
	return c;
}

/* "OP value" for number: and version:; a bare value means "==". */
static int
cond_operand(
    struct rule_loader *L, struct yaml_doc_node *v, struct rule_cond *c)
{
	const char *s, *rest;
	char *end;
	size_t i;

	if ((s = rule_load_scalar(L, v, "the operand")) == NULL)
		return -1;
	c->cmp = RULE_CMP_EQ;
	rest = s;
	for (i = 0; i < nitems(cond_cmps); i++) {
		if (strncmp(s, cond_cmps[i].text, strlen(cond_cmps[i].text)) ==
		    0) {
			c->cmp = cond_cmps[i].cmp;
			rest = s + strlen(cond_cmps[i].text);
			break;
		}
	}
	rest += strspn(rest, " \t");
	if (*rest == '\0') {
		rule_load_err(L, v, "\"%s\" has no value to compare with", s);
		return -1;
	}
	c->operand = xstrdup(rest);
	if (c->op == RULE_OP_NUMBER) {
		c->num = strtod(rest, &end);
		end += strspn(end, " \t");
		if (end == rest || *end != '\0' || !isfinite(c->num)) {
			rule_load_err(L, v, "\"%s\" is not a number", rest);
			return -1;
		}
	}
	return 0;
}

static int
cond_regex(struct rule_loader *L, struct yaml_doc_node *v, struct rule_cond *c)
{
	char msg[128];
	int e;

	e = regcomp(&c->re, c->operand, REG_EXTENDED | REG_NOSUB);
	if (e != 0) {
		regerror(e, &c->re, msg, sizeof(msg));
		rule_load_err(
		    L, v, "bad regular expression \"%s\": %s", c->operand, msg);
		return -1;
	}
	c->have_re = true;
	return 0;
}

/* The value of one operator key. */
static int
cond_op_value(
    struct rule_loader *L, struct yaml_doc_node *v, struct rule_cond *c)
{
	const char *s, *errstr;

	switch (c->op) {
	case RULE_OP_NUMBER:
	case RULE_OP_VERSION:
		return cond_operand(L, v, c);
	case RULE_OP_EXISTS:
	case RULE_OP_MISSING:
		return rule_load_bool(L, v, &c->flag);
	default:
		break;
	}
	if ((s = rule_load_scalar(L, v, "the operand")) == NULL)
		return -1;
	if ((c->op == RULE_OP_GLOB || c->op == RULE_OP_REGEX) &&
	    strlen(s) > RULE_PATTERN_MAX) {
		rule_load_err(
		    L, v, "pattern longer than %d bytes", RULE_PATTERN_MAX);
		return -1;
	}
	c->operand = xstrdup(s);
	if (c->op == RULE_OP_REGEX)
		return cond_regex(L, v, c);
	if (c->op == RULE_OP_EQUALS || c->op == RULE_OP_NOT_EQUALS) {
		if (rule_template_check(s, &errstr) == -1) {
			rule_load_err(L, v, "%s", errstr);
			return -1;
		}
		c->templated = strchr(s, '$') != NULL;
	}
	return 0;
}

static int
cond_subject(struct rule_loader *L, struct yaml_doc_node *k,
    struct yaml_doc_node *v, struct rule_cond *c)
{
	const char *s;

	if (c->param != NULL || c->is_id) {
		rule_load_err(
		    L, k, "a condition has one subject (param or id)");
		return -1;
	}
	if ((s = rule_load_scalar(L, v, "the subject")) == NULL)
		return -1;
	if (strcmp(k->str, "id") == 0) {
		if (rule_id_lookup(s, &c->id) == -1) {
			rule_load_err(L, v,
			    "unknown id field \"%s\" (OUI, "
			    "ProductClass, SerialNumber, Manufacturer, "
			    "DeviceID)",
			    s);
			return -1;
		}
		c->is_id = true;
		return 0;
	}
	if (rule_load_path(L, v, s, false) == -1)
		return -1;
	c->param = xstrdup(s);
	return 0;
}

static int
cond_value_key(struct rule_loader *L, struct yaml_doc_node *k,
    struct yaml_doc_node *v, struct rule_cond *c, bool *have_op)
{
	const char *key = k->str;
	size_t i;

	if (strcmp(key, "param") == 0 || strcmp(key, "id") == 0)
		return cond_subject(L, k, v, c);
	for (i = 0; i < nitems(cond_ops); i++)
		if (strcmp(key, cond_ops[i].name) == 0)
			break;
	if (i == nitems(cond_ops)) {
		rule_load_err(L, k, "unknown condition key \"%s\"", key);
		return -1;
	}
	if (*have_op) {
		rule_load_err(L, k,
		    "only one operator per condition; "
		    "combine conditions with all:");
		return -1;
	}
	*have_op = true;
	c->op = cond_ops[i].op;
	return cond_op_value(L, v, c);
}

static struct rule_cond *
cond_value(struct rule_loader *L, struct yaml_doc_node *n)
{
	struct yaml_doc_pair *p;
	struct rule_cond *c;
	bool have_op = false;
	int rv = 0;

	c = cond_new(RULE_COND_VALUE);
	for (p = n->pairs; p < n->pairs + n->npairs; p++) {
		if (cond_value_key(L, p->key, p->value, c, &have_op) == -1) {
			rv = -1;
			break;
		}
	}
	if (rv == 0 && c->param == NULL && !c->is_id) {
		rule_load_err(L, n,
		    "condition needs a subject (param: PATH "
		    "or id: FIELD) or all/any/not/event/tag");
		rv = -1;
	}
	if (rv == 0 && !have_op) {
		rule_load_err(L, n,
		    "condition needs an operator (equals, "
		    "not_equals, number, version, glob, regex, exists, "
		    "missing)");
		rv = -1;
	}
	if (rv == -1) {
		rule_cond_free(c);
		return NULL;
	}
	return c;
}

/* A one-key mapping: all, any, not, event or tag. */
static struct rule_cond *
cond_single(
    struct rule_loader *L, const char *key, struct yaml_doc_node *v, int depth)
{
	struct rule_cond *c;

	if (strcmp(key, "all") == 0)
		return cond_list(L, v, RULE_COND_ALL, depth);
	if (strcmp(key, "any") == 0)
		return cond_list(L, v, RULE_COND_ANY, depth);
	c = cond_new(strcmp(key, "not") == 0 ? RULE_COND_NOT :
	        strcmp(key, "event") == 0    ? RULE_COND_EVENT :
	                                       RULE_COND_TAG);
	if (c->kind == RULE_COND_NOT) {
		c->kids = xcalloc(1, sizeof(*c->kids));
		if ((c->kids[0] = rule_load_cond(L, v, depth + 1)) != NULL)
			c->nkids = 1;
	} else
		rule_load_strings(L, v, key, &c->strs, &c->nstrs);
	if ((c->kind == RULE_COND_NOT && c->nkids == 0) ||
	    (c->kind != RULE_COND_NOT && c->nstrs == 0)) {
		rule_cond_free(c);
		return NULL;
	}
	return c;
}

static bool
is_single_key(const char *key)
{
	return strcmp(key, "all") == 0 || strcmp(key, "any") == 0 ||
	    strcmp(key, "not") == 0 || strcmp(key, "event") == 0 ||
	    strcmp(key, "tag") == 0;
}

struct rule_cond *
rule_load_cond(struct rule_loader *L, struct yaml_doc_node *n, int depth)
{
	struct yaml_doc_pair *p;
	struct yaml_doc_node *k;
	size_t npairs;

	if (depth >= RULE_DEPTH_MAX) {
		rule_load_err(
		    L, n, "conditions nested deeper than %d", RULE_DEPTH_MAX);
		return NULL;
	}
	if (n != NULL && n->kind == YAML_DOC_SEQ)
		return cond_list(L, n, RULE_COND_ALL, depth);
	if (rule_load_map_check(L, n, "a condition") == -1)
		return NULL;
	p = n->pairs;
	npairs = n->npairs;
	if (npairs == 0) {
		rule_load_err(L, n, "empty condition");
		return NULL;
	}
	k = p->key;
	if (!is_single_key(k->str))
		return cond_value(L, n);
	if (npairs > 1) {
		k = p[1].key;
		rule_load_err(L, k,
		    "\"%s\" must be alone in its condition; "
		    "use a list or all: to combine",
		    p->key->str);
		return NULL;
	}
	return cond_single(L, k->str, p->value, depth);
}
