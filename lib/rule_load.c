/*
 * rule_load.c: reading rule files (rules(5)) into a struct ruleset.  It
 * parses the whole file with lib/yaml_doc, checks every key, type and
 * range, and reports each problem as "file:line:column: message".  A file with
 * any error adds nothing, so the rules in force are never replaced by half a
 * file.  Conditions and actions are built in rule_load_cond.c and
 * rule_load_action.c.  It does not evaluate rules or touch the state directory.
 */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/rule_load.h"
#include "lib/xmalloc.h"

static void
errs_add(struct rule_load_errors *errs, char *msg)
{
	if (errs == NULL) {
		free(msg);
		return;
	}
	if (errs->count < RULE_ERRORS_MAX)
		errs->msg[errs->count++] = msg;
	else {
		errs->dropped++;
		free(msg);
	}
}

static void errs_printf(struct rule_load_errors *errs, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
errs_printf(struct rule_load_errors *errs, const char *fmt, ...)
{
	va_list ap;
	char msg[RULE_ERROR_MAX];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	errs_add(errs, xstrdup(msg));
}

void
rule_load_errors_add(struct rule_load_errors *errs, const char *fmt, ...)
{
	va_list ap;
	char msg[RULE_ERROR_MAX];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	errs_add(errs, xstrdup(msg));
}

void
rule_load_errors_clear(struct rule_load_errors *errs)
{
	size_t i;

	for (i = 0; i < errs->count; i++)
		free(errs->msg[i]);
	errs->count = 0;
	errs->dropped = 0;
}

void
rule_load_err(
    struct rule_loader *L, const struct yaml_doc_node *n, const char *fmt, ...)
{
	va_list ap;
	char msg[RULE_ERROR_MAX];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	L->nerr++;
	errs_printf(L->errs, "%s:%u:%u: %s", L->file, n != NULL ? n->line : 0,
	    n != NULL ? n->col : 0, msg);
}

const char *
rule_load_scalar(
    struct rule_loader *L, struct yaml_doc_node *n, const char *what)
{
	if (n == NULL || n->kind != YAML_DOC_SCALAR) {
		rule_load_err(L, n, "%s must be a scalar", what);
		return NULL;
	}
	return (const char *)n->str;
}

int
rule_load_uint(struct rule_loader *L, struct yaml_doc_node *n, long long min,
    long long max, unsigned *out)
{
	const char *s, *errstr;
	long long v;

	if ((s = rule_load_scalar(L, n, "a number")) == NULL)
		return -1;
	v = strtonum(s, min, max, &errstr);
	if (errstr != NULL) {
		rule_load_err(L, n, "number \"%s\" is %s (%lld..%lld)", s,
		    errstr, min, max);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

int
rule_load_bool(struct rule_loader *L, struct yaml_doc_node *n, bool *out)
{
	const char *s;

	if ((s = rule_load_scalar(L, n, "a boolean")) == NULL)
		return -1;
	if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0)
		*out = true;
	else if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0)
		*out = false;
	else {
		rule_load_err(L, n, "expected true or false, not \"%s\"", s);
		return -1;
	}
	return 0;
}

/* Checks that n is a mapping (yaml_doc keeps its keys distinct scalars). */
int
rule_load_map_check(
    struct rule_loader *L, struct yaml_doc_node *n, const char *what)
{
	if (n == NULL || n->kind != YAML_DOC_MAP) {
		rule_load_err(L, n, "%s must be a mapping", what);
		return -1;
	}
	return 0;
}

int
rule_load_path(struct rule_loader *L, struct yaml_doc_node *n, const char *s,
    bool templated)
{
	const char *p, *errstr;

	if (*s == '\0' || strlen(s) >= RULE_PATH_MAX) {
		rule_load_err(L, n, "parameter path is empty or too long");
		return -1;
	}
	if (templated) {
		if (rule_template_check(s, &errstr) == -1) {
			rule_load_err(L, n, "%s", errstr);
			return -1;
		}
		return 0;
	}
	for (p = s; *p != '\0'; p++) {
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.' &&
		    *p != '-') {
			rule_load_err(L, n,
			    "bad character '%c' in parameter "
			    "path \"%s\"",
			    *p, s);
			return -1;
		}
	}
	return 0;
}

int
rule_load_strings(struct rule_loader *L, struct yaml_doc_node *n,
    const char *what, char ***out, size_t *count)
{
	size_t it;
	const char *s;
	size_t i = 0, max = 1;

	if (n != NULL && n->kind == YAML_DOC_SEQ)
		max = n->nitems;
	if (max == 0) {
		rule_load_err(L, n, "%s: empty list", what);
		return -1;
	}
	*out = xcalloc(max, sizeof(**out));
	if (n == NULL || n->kind != YAML_DOC_SEQ) {
		if ((s = rule_load_scalar(L, n, what)) == NULL)
			return -1;
		(*out)[i++] = xstrdup(s);
	} else {
		for (it = 0; it < n->nitems; it++) {
			s = rule_load_scalar(L, n->items[it], what);
			if (s == NULL)
				break;
			(*out)[i++] = xstrdup(s);
		}
	}
	*count = i;
	return i == max ? 0 : -1;
}

/* rollout: one row per numeric key (STYLE.md section 7). */
struct rollout_opt {
	const char *name;
	size_t off;
	long long min;
	long long max;
	bool percent; /* accepts a trailing "%" */
};

#define RO(f) offsetof(struct rule_rollout, f)
static const struct rollout_opt rollout_opts[] = {
	{ "max_in_flight", RO(max_in_flight), 0, 1000000, false },
	{ "percent", RO(percent), 0, 100, true },
	{ "pause_failure_rate", RO(pause_rate), 0, 100, true },
	{ "pause_min_samples", RO(min_samples), 1, 1000000, false },
	{ "timeout", RO(timeout), 1, 30 * 86400, false },
	{ "retry_backoff", RO(backoff), 0, RULE_ROLLOUT_BACKOFF_MAX, false },
	{ "max_attempts", RO(max_attempts), 1, 100, false },
};
#undef RO

static void
rollout_defaults(struct rule_rollout *ro)
{
	memset(ro, 0, sizeof(*ro));
	ro->percent = 100;
	ro->min_samples = RULE_ROLLOUT_SAMPLES_DEFAULT;
	ro->timeout = RULE_ROLLOUT_TIMEOUT_DEFAULT;
	ro->backoff = RULE_ROLLOUT_BACKOFF_DEFAULT;
	ro->max_attempts = RULE_ROLLOUT_ATTEMPTS_DEFAULT;
}

static int
rollout_value(struct rule_loader *L, const struct rollout_opt *o,
    struct yaml_doc_node *v, struct rule_rollout *ro)
{
	const char *s, *errstr;
	char tmp[32];
	size_t len;
	long long n;

	if (!o->percent)
		return rule_load_uint(
		    L, v, o->min, o->max, (unsigned *)((char *)ro + o->off));
	if ((s = rule_load_scalar(L, v, o->name)) == NULL)
		return -1;
	len = strlcpy(tmp, s, sizeof(tmp));
	if (len >= sizeof(tmp))
		len = sizeof(tmp) - 1;
	if (len > 0 && tmp[len - 1] == '%')
		tmp[len - 1] = '\0';
	n = strtonum(tmp, o->min, o->max, &errstr);
	if (errstr != NULL) {
		rule_load_err(L, v, "%s \"%s\" is %s (%lld..%lld%%)", o->name,
		    s, errstr, o->min, o->max);
		return -1;
	}
	*(unsigned *)((char *)ro + o->off) = (unsigned)n;
	return 0;
}

static int
rule_load_rollout(
    struct rule_loader *L, struct yaml_doc_node *n, struct rule *r)
{
	struct yaml_doc_pair *p;
	struct yaml_doc_node *k, *v;
	const char *key;
	size_t i;
	int rv = 0;

	if (rule_load_map_check(L, n, "rollout") == -1)
		return -1;
	for (p = n->pairs; p < n->pairs + n->npairs; p++) {
		k = p->key;
		v = p->value;
		key = k->str;
		if (strcmp(key, "seed") == 0) {
			if (rule_load_scalar(L, v, "seed") == NULL)
				rv = -1;
			else {
				free(r->rollout.seed);
				r->rollout.seed = xstrdup(v->str);
			}
			continue;
		}
		for (i = 0; i < nitems(rollout_opts); i++)
			if (strcmp(key, rollout_opts[i].name) == 0)
				break;
		if (i == nitems(rollout_opts)) {
			rule_load_err(L, k, "unknown rollout key \"%s\"", key);
			rv = -1;
		} else if (rollout_value(L, &rollout_opts[i], v, &r->rollout) ==
		    -1)
			rv = -1;
	}
	if (rv == 0 && r->rollout.percent == 0) {
		rule_load_err(L, n,
		    "rollout percent 0 would match nothing; "
		    "set enabled: false instead");
		rv = -1;
	}
	return rv;
}

static int
rule_load_name(struct rule_loader *L, struct yaml_doc_node *v, struct rule *r)
{
	const char *s, *p;

	if ((s = rule_load_scalar(L, v, "name")) == NULL)
		return -1;
	if (*s == '\0' || strlen(s) > RULE_NAME_MAX || *s == '.') {
		rule_load_err(L, v,
		    "rule name must be 1 to %d characters, "
		    "not starting with '.'",
		    RULE_NAME_MAX);
		return -1;
	}
	for (p = s; *p != '\0'; p++) {
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-' &&
		    *p != '.') {
			rule_load_err(L, v,
			    "bad character '%c' in rule name "
			    "(use A-Z a-z 0-9 _ - .)",
			    *p);
			return -1;
		}
	}
	r->name = xstrdup(s);
	return 0;
}

static int
rule_load_key(struct rule_loader *L, const char *key, struct yaml_doc_node *k,
    struct yaml_doc_node *v, struct rule *r)
{
	const char *s;

	if (strcmp(key, "name") == 0)
		return rule_load_name(L, v, r);
	if (strcmp(key, "description") == 0) {
		if ((s = rule_load_scalar(L, v, "description")) == NULL)
			return -1;
		r->description = xstrdup(s);
		return 0;
	}
	if (strcmp(key, "enabled") == 0)
		return rule_load_bool(L, v, &r->enabled);
	if (strcmp(key, "when") == 0) {
		r->when = rule_load_cond(L, v, 0);
		return r->when == NULL ? -1 : 0;
	}
	if (strcmp(key, "do") == 0)
		return rule_load_actions(L, v, r);
	if (strcmp(key, "rollout") == 0)
		return rule_load_rollout(L, v, r);
	rule_load_err(L, k,
	    "unknown rule key \"%s\" (name, description, "
	    "enabled, when, do, rollout)",
	    key);
	return -1;
}

static struct rule *
rule_load_one(struct rule_loader *L, struct yaml_doc_node *n)
{
	struct yaml_doc_pair *p;
	struct yaml_doc_node *k;
	struct rule *r;
	int rv = 0;
	bool have_do = false;

	if (rule_load_map_check(L, n, "a rule") == -1)
		return NULL;
	r = xcalloc(1, sizeof(*r));
	r->enabled = true;
	r->file = xstrdup(L->file);
	r->line = n->line;
	r->col = n->col;
	rollout_defaults(&r->rollout);
	for (p = n->pairs; p < n->pairs + n->npairs; p++) {
		k = p->key;
		if (strcmp(k->str, "do") == 0)
			have_do = true;
		if (rule_load_key(L, k->str, k, p->value, r) == -1)
			rv = -1;
	}
	if (rv == 0 && r->name == NULL) {
		rule_load_err(L, n, "rule has no name");
		rv = -1;
	}
	if (rv == 0 && !have_do) {
		rule_load_err(L, n, "rule \"%s\" has no do: actions", r->name);
		rv = -1;
	}
	if (rv == -1) {
		rule_free(r);
		return NULL;
	}
	return r;
}

static const struct rule *
find_in(struct rule **rules, size_t count, const char *name)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strcmp(rules[i]->name, name) == 0)
			return rules[i];
	return NULL;
}

/* Loads the rules: sequence; returns the number added to *out, or -1. */
static int
rule_load_seq(struct rule_loader *L, const struct ruleset *rs,
    struct yaml_doc_node *seq, struct rule ***out)
{
	size_t it;
	const struct rule *dup;
	struct rule *r;
	size_t n = 0, max;

	if (seq == NULL || seq->kind != YAML_DOC_SEQ) {
		rule_load_err(L, seq, "rules must be a list of rules");
		return -1;
	}
	max = seq->nitems;
	if (rs->count + max > RULE_RULES_MAX) {
		rule_load_err(L, seq, "more than %d rules", RULE_RULES_MAX);
		return -1;
	}
	*out = xcalloc(max + 1, sizeof(**out));
	for (it = 0; it < seq->nitems; it++) {
		if ((r = rule_load_one(L, seq->items[it])) == NULL)
			continue;
		dup = find_in(*out, n, r->name);
		if (dup == NULL)
			dup = ruleset_find(rs, r->name);
		if (dup != NULL) {
			L->nerr++;
			errs_printf(L->errs,
			    "%s:%u:%u: duplicate rule name "
			    "\"%s\" (first at %s:%u:%u)",
			    L->file, r->line, r->col, r->name, dup->file,
			    dup->line, dup->col);
			rule_free(r);
			continue;
		}
		(*out)[n++] = r;
	}
	return (int)n;
}

static int
rule_load_doc(
    struct rule_loader *L, struct yaml_doc_node *root, struct ruleset *rs)
{
	struct yaml_doc_node *k;
	struct yaml_doc_pair *p;
	struct rule **rules = NULL;
	int n = 0, i;

	if (yaml_doc_is_null(root))
		return 0; /* an empty file holds no rules */
	if (rule_load_map_check(L, root, "a rule file") == -1)
		return -1;
	for (p = root->pairs; p < root->pairs + root->npairs; p++) {
		k = p->key;
		if (strcmp(k->str, "rules") != 0) {
			rule_load_err(L, k,
			    "unknown top-level key \"%s\" "
			    "(expected rules)",
			    k->str);
			continue;
		}
		n = rule_load_seq(L, rs, p->value, &rules);
	}
	if (L->nerr > 0 || n < 0) {
		for (i = 0; i < n; i++)
			rule_free(rules[i]);
		free(rules);
		return -1;
	}
	rs->rules =
	    xreallocarray(rs->rules, rs->count + n + 1, sizeof(*rs->rules));
	for (i = 0; i < n; i++) {
		rules[i]->index = rs->count;
		rs->rules[rs->count++] = rules[i];
	}
	free(rules);
	return 0;
}

int
ruleset_load_buffer(struct ruleset *rs, const char *name, const char *data,
    size_t len, struct rule_load_errors *errs)
{
	struct yaml_doc_node *root;
	struct rule_loader L;
	char err[YAML_DOC_ERR_MAX];
	int rv;

	memset(&L, 0, sizeof(L));
	L.file = name;
	L.errs = errs;
	if (len > RULE_FILE_MAX) {
		errs_printf(
		    errs, "%s: file larger than %d bytes", name, RULE_FILE_MAX);
		return -1;
	}
	if ((root = yaml_doc_parse(name, data, len, err, sizeof(err))) ==
	    NULL) {
		errs_printf(errs, "%s", err);
		return -1;
	}
	rv = rule_load_doc(&L, root, rs);
	yaml_doc_free(root);
	return rv;
}

int
ruleset_load_file(
    struct ruleset *rs, const char *path, struct rule_load_errors *errs)
{
	struct stat st;
	char *data;
	ssize_t n;
	size_t off = 0;
	int fd, rv;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1) {
		errs_printf(errs, "%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > RULE_FILE_MAX) {
		errs_printf(errs, "%s: not a regular file of at most %d bytes",
		    path, RULE_FILE_MAX);
		close(fd);
		return -1;
	}
	data = xmalloc(st.st_size + 1);
	while (off < (size_t)st.st_size &&
	    (n = read(fd, data + off, st.st_size - off)) > 0)
		off += n;
	close(fd);
	rv = ruleset_load_buffer(rs, path, data, off, errs);
	free(data);
	return rv;
}

struct ruleset *
ruleset_new(void)
{
	return xcalloc(1, sizeof(struct ruleset));
}

void
ruleset_free(struct ruleset *rs)
{
	size_t i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->count; i++)
		rule_free(rs->rules[i]);
	free(rs->rules);
	free(rs);
}

struct ruleset *
ruleset_load(
    const char *const *paths, size_t npaths, struct rule_load_errors *errs)
{
	struct ruleset *rs;
	size_t i;
	int rv = 0;

	rs = ruleset_new();
	for (i = 0; i < npaths; i++)
		if (ruleset_load_file(rs, paths[i], errs) == -1)
			rv = -1;
	if (rv == -1) {
		ruleset_free(rs);
		return NULL;
	}
	return rs;
}

size_t
ruleset_count(const struct ruleset *rs)
{
	return rs->count;
}

const struct rule *
ruleset_rule(const struct ruleset *rs, size_t i)
{
	return i < rs->count ? rs->rules[i] : NULL;
}

const struct rule *
ruleset_find(const struct ruleset *rs, const char *name)
{
	return find_in(rs->rules, rs->count, name);
}

const char *
rule_name(const struct rule *r)
{
	return r->name;
}

const char *
rule_file(const struct rule *r)
{
	return r->file;
}

unsigned
rule_line(const struct rule *r)
{
	return r->line;
}

size_t
rule_index(const struct rule *r)
{
	return r->index;
}

void
rule_cond_free(struct rule_cond *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nkids; i++)
		rule_cond_free(c->kids[i]);
	free(c->kids);
	for (i = 0; i < c->nstrs; i++)
		free(c->strs[i]);
	free(c->strs);
	free(c->param);
	free(c->operand);
	if (c->have_re)
		regfree(&c->re);
	free(c);
}

void
rule_spec_clear(struct rule_spec *s)
{
	size_t i;

	for (i = 0; i < s->nargs; i++) {
		free(s->args[i].name);
		free(s->args[i].value);
		free(s->args[i].type);
	}
	free(s->args);
	s->args = NULL;
	s->nargs = 0;
}

void
rule_free(struct rule *r)
{
	size_t i;

	if (r == NULL)
		return;
	free(r->name);
	free(r->file);
	free(r->description);
	rule_cond_free(r->when);
	for (i = 0; i < r->nspecs; i++)
		rule_spec_clear(&r->specs[i]);
	free(r->specs);
	free(r->rollout.seed);
	free(r);
}

/*
 * An exec program's output: a list of actions (YAML or JSON), or a
 * mapping with a do: list.  exec itself is refused, so a program cannot
 * chain programs.
 */
static int
parse_output_doc(
    struct rule_loader *L, struct yaml_doc_node *root, struct rule *r)
{
	struct yaml_doc_node *k, *list;
	struct yaml_doc_pair *p;

	list = root;
	if (yaml_doc_is_null(root))
		return 0; /* no output: nothing to do */
	if (root->kind == YAML_DOC_MAP) {
		if (rule_load_map_check(L, root, "exec output") == -1)
			return -1;
		for (p = root->pairs; p < root->pairs + root->npairs; p++) {
			k = p->key;
			if (strcmp(k->str, "do") != 0) {
				rule_load_err(L, k,
				    "unknown key \"%s\" "
				    "(expected do)",
				    k->str);
				return -1;
			}
			list = p->value;
		}
	}
	return rule_load_actions(L, list, r);
}

int
rule_actions_parse(const char *rulename, const char *data, size_t len,
    const struct rule_device *dev, struct rule_actions *out,
    struct rule_load_errors *errs)
{
	struct yaml_doc_node *root;
	struct rule_loader L;
	struct rule r;
	const char *errstr;
	char err[YAML_DOC_ERR_MAX];
	int rv = -1;

	memset(&L, 0, sizeof(L));
	memset(&r, 0, sizeof(r));
	L.file = rulename;
	L.errs = errs;
	L.no_exec = true;
	if (len > RULE_FILE_MAX) {
		errs_printf(errs, "%s: output larger than %d bytes", rulename,
		    RULE_FILE_MAX);
		return -1;
	}
	if ((root = yaml_doc_parse(rulename, data, len, err, sizeof(err))) ==
	    NULL) {
		errs_printf(errs, "%s", err);
		return -1;
	}
	if (parse_output_doc(&L, root, &r) == 0 && L.nerr == 0) {
		rv = rule_specs_expand(
		    rulename, r.specs, r.nspecs, dev, out, &errstr);
		if (rv == -1)
			errs_printf(errs, "%s: %s", rulename, errstr);
	}
	while (r.nspecs > 0)
		rule_spec_clear(&r.specs[--r.nspecs]);
	free(r.specs);
	yaml_doc_free(root);
	return rv;
}
