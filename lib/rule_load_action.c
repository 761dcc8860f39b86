/*
 * rule_load_action.c: building `do:` actions from YAML.  Each item of the
 * list is a one-key mapping (set, refresh, add_object, delete_object,
 * instances, download, upload, reboot, factory_reset, schedule_inform,
 * tag, untag, exec, cli).  Values may hold ${...} templates, checked here and
 * expanded by rule_eval.c.  Transfer arguments are table-driven, one row
 * per key.  It does not evaluate and never runs the exec program.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/rule_load.h"
#include "lib/xmalloc.h"

static void
spec_arg(
    struct rule_spec *s, const char *name, const char *value, const char *type)
{
	s->args = xreallocarray(s->args, s->nargs + 1, sizeof(*s->args));
	s->args[s->nargs].name = xstrdup(name);
	s->args[s->nargs].value = xstrdup(value);
	s->args[s->nargs].type = type != NULL ? xstrdup(type) : NULL;
	s->nargs++;
}

static const char *
spec_find(const struct rule_spec *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nargs; i++)
		if (strcmp(s->args[i].name, name) == 0)
			return s->args[i].value;
	return NULL;
}

static int
check_template(struct rule_loader *L, struct yaml_doc_node *n, const char *s)
{
	const char *errstr;

	if (strlen(s) >= RULE_VALUE_MAX) {
		rule_load_err(
		    L, n, "value longer than %d bytes", RULE_VALUE_MAX);
		return -1;
	}
	if (rule_template_check(s, &errstr) == -1) {
		rule_load_err(L, n, "%s", errstr);
		return -1;
	}
	return 0;
}

static const char *const xsd_types[] = {
	"string",
	"int",
	"unsignedInt",
	"long",
	"unsignedLong",
	"boolean",
	"dateTime",
	"base64",
	"hexBinary",
};

static const char *
xsd_type(struct rule_loader *L, struct yaml_doc_node *n)
{
	const char *s, *t;
	size_t i;

	if ((s = rule_load_scalar(L, n, "type")) == NULL)
		return NULL;
	t = strncmp(s, "xsd:", 4) == 0 ? s + 4 : s;
	for (i = 0; i < nitems(xsd_types); i++)
		if (strcmp(t, xsd_types[i]) == 0)
			return xsd_types[i];
	rule_load_err(L, n,
	    "unknown type \"%s\" (string, int, unsignedInt, "
	    "long, unsignedLong, boolean, dateTime, base64, hexBinary)",
	    s);
	return NULL;
}

/* set: one PATH: VALUE or PATH: {value: V, type: T} entry. */
static int
set_entry(struct rule_loader *L, struct yaml_doc_node *k,
    struct yaml_doc_node *v, struct rule_spec *s)
{
	struct yaml_doc_pair *p;
	struct yaml_doc_node *pk, *val = NULL;
	const char *name, *type = NULL, *key;
	char xt[32];

	name = k->str;
	if (rule_load_path(L, k, name, true) == -1)
		return -1;
	if (v->kind == YAML_DOC_MAP) {
		if (rule_load_map_check(L, v, "a set value") == -1)
			return -1;
		for (p = v->pairs; p < v->pairs + v->npairs; p++) {
			pk = p->key;
			key = pk->str;
			if (strcmp(key, "value") == 0)
				val = p->value;
			else if (strcmp(key, "type") == 0) {
				type = xsd_type(L, p->value);
				if (type == NULL)
					return -1;
			} else {
				rule_load_err(L, pk,
				    "unknown key \"%s\" "
				    "(value, type)",
				    key);
				return -1;
			}
		}
		if (val == NULL) {
			rule_load_err(L, v, "set of %s has no value", name);
			return -1;
		}
		v = val;
	}
	if (rule_load_scalar(L, v, "a value") == NULL ||
	    check_template(L, v, v->str) == -1)
		return -1;
	if (type != NULL)
		snprintf(xt, sizeof(xt), "xsd:%s", type);
	spec_arg(s, name, v->str, type != NULL ? xt : NULL);
	return 0;
}

static int
act_set(struct rule_loader *L, struct yaml_doc_node *v, struct rule_spec *s)
{
	struct yaml_doc_pair *p;

	if (rule_load_map_check(L, v, "set") == -1)
		return -1;
	if (v->npairs == 0) {
		rule_load_err(L, v, "set: nothing to set");
		return -1;
	}
	for (p = v->pairs; p < v->pairs + v->npairs; p++)
		if (set_entry(L, p->key, p->value, s) == -1)
			return -1;
	return 0;
}

/* refresh, add_object, delete_object, tag, untag: one string or a list. */
static int
act_strings(struct rule_loader *L, struct yaml_doc_node *v, struct rule_spec *s,
    const char *what, const char *argname, bool object)
{
	char **strs = NULL;
	size_t n = 0, i;
	int rv;

	rv = rule_load_strings(L, v, what, &strs, &n);
	for (i = 0; rv == 0 && i < n; i++) {
		if (*strs[i] == '\0') {
			rule_load_err(L, v, "%s: empty value", what);
			rv = -1;
		} else if (check_template(L, v, strs[i]) == -1)
			rv = -1;
		else if (object && strs[i][strlen(strs[i]) - 1] != '.') {
			rule_load_err(L, v,
			    "%s: \"%s\" must be an object "
			    "path ending in \".\"",
			    what, strs[i]);
			rv = -1;
		} else
			spec_arg(s, argname, strs[i], NULL);
	}
	for (i = 0; i < n; i++)
		free(strs[i]);
	free(strs);
	return rv;
}

static int
act_instances(
    struct rule_loader *L, struct yaml_doc_node *v, struct rule_spec *s)
{
	struct yaml_doc_pair *p;
	struct yaml_doc_node *k, *val;
	const char *key;
	bool have_count = false;

	if (rule_load_map_check(L, v, "instances") == -1)
		return -1;
	for (p = v->pairs; p < v->pairs + v->npairs; p++) {
		k = p->key;
		val = p->value;
		key = k->str;
		if (strcmp(key, "object") == 0) {
			if (act_strings(L, val, s, "instances object",
			        "ObjectName", true) == -1)
				return -1;
		} else if (strcmp(key, "count") == 0) {
			if (rule_load_uint(
			        L, val, 0, RULE_INSTANCES_MAX, &s->count) == -1)
				return -1;
			have_count = true;
		} else {
			rule_load_err(L, k,
			    "unknown key \"%s\" (object, "
			    "count)",
			    key);
			return -1;
		}
	}
	if (s->nargs != 1 || !have_count) {
		rule_load_err(L, v, "instances needs one object and a count");
		return -1;
	}
	return 0;
}

/* Transfer arguments: one row per key. */
struct xfer_opt {
	const char *key;
	const char *arg; /* CWMP argument name */
	bool number;
	bool required;
	const char *dflt; /* CWMP section 10: send every element */
};

static const struct xfer_opt download_opts[] = {
	{ "file_type", "FileType", false, false, "1 Firmware Upgrade Image" },
	{ "url", "URL", false, true, NULL },
	{ "username", "Username", false, false, "" },
	{ "password", "Password", false, false, "" },
	{ "file_size", "FileSize", true, false, "0" },
	{ "target_file_name", "TargetFileName", false, false, "" },
	{ "delay_seconds", "DelaySeconds", true, false, "0" },
	{ "success_url", "SuccessURL", false, false, "" },
	{ "failure_url", "FailureURL", false, false, "" },
	{ NULL, NULL, false, false, NULL }
};

static const struct xfer_opt upload_opts[] = {
	{ "file_type", "FileType", false, false,
	    "1 Vendor Configuration File" },
	{ "url", "URL", false, true, NULL },
	{ "username", "Username", false, false, "" },
	{ "password", "Password", false, false, "" },
	{ "delay_seconds", "DelaySeconds", true, false, "0" },
	{ NULL, NULL, false, false, NULL }
};

static const struct xfer_opt schedule_opts[] = {
	{ "delay_seconds", "DelaySeconds", true, true, NULL },
	{ "command_key", "CommandKey", false, false, "" },
	{ NULL, NULL, false, false, NULL }
};

/* CWMP section 10: credentials never go into the URL. */
static int
check_url(struct rule_loader *L, struct yaml_doc_node *n, const char *url)
{
	const char *p, *slash, *at;

	if ((p = strstr(url, "://")) == NULL) {
		rule_load_err(L, n, "url \"%s\" has no scheme", url);
		return -1;
	}
	p += 3;
	slash = strchr(p, '/');
	at = strchr(p, '@');
	if (at != NULL && (slash == NULL || at < slash)) {
		rule_load_err(L, n,
		    "url must not hold credentials; use "
		    "username and password");
		return -1;
	}
	return 0;
}

static int
xfer_value(struct rule_loader *L, const struct xfer_opt *o,
    struct yaml_doc_node *v, struct rule_spec *s)
{
	const char *str;
	unsigned u;
	char num[16];

	if (o->number) {
		if (rule_load_uint(L, v, 0, UINT32_MAX, &u) == -1)
			return -1;
		snprintf(num, sizeof(num), "%u", u);
		spec_arg(s, o->arg, num, NULL);
		return 0;
	}
	if ((str = rule_load_scalar(L, v, o->key)) == NULL ||
	    check_template(L, v, str) == -1)
		return -1;
	if (strcmp(o->key, "url") == 0 && check_url(L, v, str) == -1)
		return -1;
	if (strcmp(o->key, "command_key") == 0 && strlen(str) > 32) {
		rule_load_err(L, v, "command_key longer than 32 characters");
		return -1;
	}
	spec_arg(s, o->arg, str, NULL);
	return 0;
}

/* Puts the arguments in the table's (the schema's) order. */
static void
spec_order(struct rule_spec *s, const struct xfer_opt *opts)
{
	struct rule_arg *sorted;
	const struct xfer_opt *o;
	size_t i, n = 0;

	sorted = xcalloc(s->nargs, sizeof(*sorted));
	for (o = opts; o->key != NULL; o++) {
		for (i = 0; i < s->nargs; i++) {
			if (s->args[i].name != NULL &&
			    strcmp(s->args[i].name, o->arg) == 0) {
				sorted[n++] = s->args[i];
				s->args[i].name = NULL;
			}
		}
	}
	free(s->args);
	s->args = sorted;
	s->nargs = n;
}

static int
act_xfer(struct rule_loader *L, struct yaml_doc_node *v, struct rule_spec *s,
    const struct xfer_opt *opts, const char *what)
{
	struct yaml_doc_pair *p;
	struct yaml_doc_node *k;
	const struct xfer_opt *o;

	if (rule_load_map_check(L, v, what) == -1)
		return -1;
	for (p = v->pairs; p < v->pairs + v->npairs; p++) {
		k = p->key;
		for (o = opts; o->key != NULL; o++)
			if (strcmp(o->key, k->str) == 0)
				break;
		if (o->key == NULL) {
			rule_load_err(
			    L, k, "unknown %s key \"%s\"", what, k->str);
			return -1;
		}
		if (xfer_value(L, o, p->value, s) == -1)
			return -1;
	}
	for (o = opts; o->key != NULL; o++) {
		if (spec_find(s, o->arg) != NULL)
			continue;
		if (o->required) {
			rule_load_err(L, v, "%s needs %s", what, o->key);
			return -1;
		}
		spec_arg(s, o->arg, o->dflt, NULL);
	}
	spec_order(s, opts);
	return 0;
}

/* reboot: true, factory_reset: true */
static int
act_flag(struct rule_loader *L, struct yaml_doc_node *v, const char *what)
{
	bool b;

	if (rule_load_bool(L, v, &b) == -1)
		return -1;
	if (!b) {
		rule_load_err(L, v,
		    "%s takes true (remove the action to "
		    "disable it)",
		    what);
		return -1;
	}
	return 0;
}

/* schedule_inform: SECONDS or {delay_seconds, command_key} */
static int
act_schedule(
    struct rule_loader *L, struct yaml_doc_node *v, struct rule_spec *s)
{
	unsigned u;
	char num[16];

	if (v->kind == YAML_DOC_MAP)
		return act_xfer(L, v, s, schedule_opts, "schedule_inform");
	if (rule_load_uint(L, v, 0, UINT32_MAX, &u) == -1)
		return -1;
	snprintf(num, sizeof(num), "%u", u);
	spec_arg(s, "DelaySeconds", num, NULL);
	spec_arg(s, "CommandKey", "", NULL);
	return 0;
}

static int
exec_key(struct rule_loader *L, struct yaml_doc_node *k,
    struct yaml_doc_node *v, struct rule_spec *s)
{
	const char *key = k->str, *p;

	if (strcmp(key, "program") == 0) {
		if ((p = rule_load_scalar(L, v, "program")) == NULL)
			return -1;
		if (*p != '/' || strstr(p, "/../") != NULL) {
			rule_load_err(L, v,
			    "program must be an absolute path "
			    "without ..");
			return -1;
		}
		spec_arg(s, "program", p, NULL);
		return 0;
	}
	if (strcmp(key, "args") == 0)
		return act_strings(L, v, s, "args", "arg", false);
	if (strcmp(key, "timeout") == 0)
		return rule_load_uint(
		    L, v, 1, RULE_EXEC_TIMEOUT_MAX, &s->timeout);
	rule_load_err(L, k,
	    "unknown exec key \"%s\" (program, args, "
	    "timeout)",
	    key);
	return -1;
}

static int
act_exec(struct rule_loader *L, struct yaml_doc_node *v, struct rule_spec *s)
{
	struct yaml_doc_pair *p;

	if (L->no_exec) {
		rule_load_err(L, v, "exec output cannot ask for exec");
		return -1;
	}
	s->timeout = RULE_EXEC_TIMEOUT_DEFAULT;
	if (v->kind == YAML_DOC_SCALAR) {
		rule_load_err(L, v, "exec needs a mapping with program");
		return -1;
	}
	if (rule_load_map_check(L, v, "exec") == -1)
		return -1;
	for (p = v->pairs; p < v->pairs + v->npairs; p++)
		if (exec_key(L, p->key, p->value, s) == -1)
			return -1;
	if (spec_find(s, "program") == NULL) {
		rule_load_err(L, v, "exec needs program");
		return -1;
	}
	if (s->nargs > RULE_EXEC_ARGS_MAX + 1) {
		rule_load_err(
		    L, v, "exec: more than %d args", RULE_EXEC_ARGS_MAX);
		return -1;
	}
	return 0;
}

static const struct {
	const char *key;
	int kind;
} act_kinds[] = {
	{ "set", RULE_ACT_SET },
	{ "refresh", RULE_ACT_REFRESH },
	{ "add_object", RULE_ACT_ADD_OBJECT },
	{ "delete_object", RULE_ACT_DELETE_OBJECT },
	{ "instances", RULE_SPEC_INSTANCES },
	{ "download", RULE_ACT_DOWNLOAD },
	{ "upload", RULE_ACT_UPLOAD },
	{ "reboot", RULE_ACT_REBOOT },
	{ "factory_reset", RULE_ACT_FACTORY_RESET },
	{ "schedule_inform", RULE_ACT_SCHEDULE_INFORM },
	{ "tag", RULE_ACT_TAG },
	{ "untag", RULE_ACT_UNTAG },
	{ "exec", RULE_ACT_EXEC },
	{ "cli", RULE_ACT_CLI },
};

static int
act_value(struct rule_loader *L, struct yaml_doc_node *v, struct rule_spec *s)
{
	switch (s->kind) {
	case RULE_ACT_SET:
		return act_set(L, v, s);
	case RULE_ACT_REFRESH:
		return act_strings(L, v, s, "refresh", "ParameterNames", false);
	case RULE_ACT_ADD_OBJECT:
	case RULE_ACT_DELETE_OBJECT:
		return act_strings(L, v, s, "object", "ObjectName", true);
	case RULE_SPEC_INSTANCES:
		return act_instances(L, v, s);
	case RULE_ACT_DOWNLOAD:
		return act_xfer(L, v, s, download_opts, "download");
	case RULE_ACT_UPLOAD:
		return act_xfer(L, v, s, upload_opts, "upload");
	case RULE_ACT_REBOOT:
		return act_flag(L, v, "reboot");
	case RULE_ACT_FACTORY_RESET:
		return act_flag(L, v, "factory_reset");
	case RULE_ACT_SCHEDULE_INFORM:
		return act_schedule(L, v, s);
	case RULE_ACT_TAG:
	case RULE_ACT_UNTAG:
		return act_strings(L, v, s, "tag", "tag", false);
	case RULE_ACT_EXEC:
		return act_exec(L, v, s);
	case RULE_ACT_CLI:
		/* Thomson CLI commands for ants (mdap), run in order. */
		return act_strings(L, v, s, "cli", "command", false);
	}
	return -1;
}

static int
act_one(struct rule_loader *L, struct yaml_doc_node *n, struct rule_spec *s)
{
	struct yaml_doc_node *k;
	const char *key;
	size_t i;

	if (rule_load_map_check(L, n, "an action") == -1)
		return -1;
	if (n->npairs != 1) {
		rule_load_err(L, n,
		    "an action is a mapping with one key "
		    "(write each action as its own list item)");
		return -1;
	}
	k = n->pairs[0].key;
	key = k->str;
	for (i = 0; i < nitems(act_kinds); i++)
		if (strcmp(key, act_kinds[i].key) == 0)
			break;
	if (i == nitems(act_kinds)) {
		rule_load_err(L, k, "unknown action \"%s\"", key);
		return -1;
	}
	s->kind = act_kinds[i].kind;
	return act_value(L, n->pairs[0].value, s);
}

static bool
spec_is_declarative(int kind)
{
	return kind == RULE_ACT_SET || kind == RULE_SPEC_INSTANCES ||
	    kind == RULE_ACT_TAG || kind == RULE_ACT_UNTAG;
}

int
rule_load_actions(
    struct rule_loader *L, struct yaml_doc_node *n, struct rule *r)
{
	size_t it;
	size_t max;
	int rv = 0;

	if (n == NULL || n->kind != YAML_DOC_SEQ) {
		rule_load_err(L, n, "do must be a list of actions");
		return -1;
	}
	max = n->nitems;
	if (max == 0) {
		rule_load_err(L, n, "do: has no actions");
		return -1;
	}
	r->specs = xcalloc(max, sizeof(*r->specs));
	for (it = 0; it < n->nitems; it++) {
		if (act_one(L, n->items[it], &r->specs[r->nspecs]) == -1)
			rv = -1;
		if (spec_is_declarative(r->specs[r->nspecs].kind))
			r->declarative = true;
		r->nspecs++;
	}
	return rv;
}
