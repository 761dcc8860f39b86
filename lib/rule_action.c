/*
 * rule_action.c: turning a matched rule's action specs into concrete
 * actions for one device, and the action list helpers.  Templates are
 * expanded here; declarative specs (set, instances, tag, untag) produce
 * work only where the device differs from the declaration, which is what
 * makes a rule converge and stop.  It does not queue jobs (rule_jobs.c)
 * or run programs (rule_exec.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/buf.h"
#include "lib/rule_int.h"
#include "lib/xmalloc.h"

void
rule_actions_init(struct rule_actions *a)
{
	TAILQ_INIT(&a->list);
	a->count = 0;
	a->errors = NULL;
	a->nerrors = 0;
}

static void
action_free(struct rule_action *a)
{
	size_t i;

	for (i = 0; i < a->nargs; i++) {
		free(a->args[i].name);
		free(a->args[i].value);
		free(a->args[i].type);
	}
	free(a->args);
	free(a->rule);
	free(a);
}

void
rule_actions_clear(struct rule_actions *a)
{
	struct rule_action *act;
	size_t i;

	while ((act = TAILQ_FIRST(&a->list)) != NULL) {
		TAILQ_REMOVE(&a->list, act, entry);
		action_free(act);
	}
	for (i = 0; i < a->nerrors; i++)
		free(a->errors[i]);
	free(a->errors);
	rule_actions_init(a);
}

static const struct {
	const char *name;
	const char *rpc;
	unsigned njobs;
} kinds[] = {
	[RULE_ACT_SET] = { "set", "SetParameterValues", 2 },
	[RULE_ACT_REFRESH] = { "refresh", "GetParameterValues", 1 },
	[RULE_ACT_ADD_OBJECT] = { "add_object", "AddObject", 1 },
	[RULE_ACT_DELETE_OBJECT] = { "delete_object", "DeleteObject", 1 },
	[RULE_ACT_DOWNLOAD] = { "download", "Download", 1 },
	[RULE_ACT_UPLOAD] = { "upload", "Upload", 1 },
	[RULE_ACT_REBOOT] = { "reboot", "Reboot", 1 },
	[RULE_ACT_FACTORY_RESET] = { "factory_reset", "FactoryReset", 1 },
	[RULE_ACT_SCHEDULE_INFORM] = { "schedule_inform", "ScheduleInform", 1 },
	[RULE_ACT_TAG] = { "tag", NULL, 0 },
	[RULE_ACT_UNTAG] = { "untag", NULL, 0 },
	[RULE_ACT_EXEC] = { "exec", NULL, 0 },
	[RULE_ACT_CLI] = { "cli", NULL, 0 },
};

const char *
rule_action_kind_name(enum rule_action_kind kind)
{
	return (size_t)kind < nitems(kinds) ? kinds[kind].name : "?";
}

const char *
rule_action_rpc(enum rule_action_kind kind)
{
	return (size_t)kind < nitems(kinds) ? kinds[kind].rpc : NULL;
}

unsigned
rule_action_njobs(const struct rule_action *a)
{
	return (size_t)a->kind < nitems(kinds) ? kinds[a->kind].njobs : 0;
}

const char *
rule_action_arg(const struct rule_action *a, const char *name)
{
	size_t i;

	for (i = 0; i < a->nargs; i++)
		if (strcmp(a->args[i].name, name) == 0)
			return a->args[i].value;
	return NULL;
}

char *
rule_action_describe(const struct rule_action *a)
{
	struct buf b;
	size_t i;
	const char *v;

	buf_init(&b, RULE_VALUE_MAX * 2);
	buf_addstr(&b, rule_action_kind_name(a->kind));
	for (i = 0; i < a->nargs; i++) {
		v = a->args[i].value;
		if (strcasecmp(a->args[i].name, "Password") == 0 && *v != '\0')
			v = "********";
		if (*v == '\0' && a->kind != RULE_ACT_SET)
			continue;
		buf_printf(&b, " %s=%s", a->args[i].name, v);
	}
	return buf_release(&b, NULL);
}

static struct rule_action *
action_new(
    struct rule_actions *out, const char *rule, enum rule_action_kind kind)
{
	struct rule_action *a;

	a = xcalloc(1, sizeof(*a));
	a->kind = kind;
	a->rule = xstrdup(rule);
	TAILQ_INSERT_TAIL(&out->list, a, entry);
	out->count++;
	return a;
}

static void
action_arg(
    struct rule_action *a, const char *name, char *value, const char *type)
{
	a->args = xreallocarray(a->args, a->nargs + 1, sizeof(*a->args));
	a->args[a->nargs].name = xstrdup(name);
	a->args[a->nargs].value = value;
	a->args[a->nargs].type = type != NULL ? xstrdup(type) : NULL;
	a->nargs++;
}

/* Expands every argument of spec into a new action. */
static int
expand_all(const char *rule, const struct rule_spec *s,
    const struct rule_device *dev, struct rule_actions *out,
    const char **errstr)
{
	struct rule_action *a;
	char *v;
	size_t i;

	a = action_new(out, rule, s->kind);
	a->timeout = s->timeout;
	for (i = 0; i < s->nargs; i++) {
		if ((v = rule_template_expand(s->args[i].value, dev, errstr)) ==
		    NULL)
			return -1;
		action_arg(a, s->args[i].name, v, s->args[i].type);
	}
	return 0;
}

/* One action per argument (refresh is one action with all names). */
static int
expand_each(const char *rule, const struct rule_spec *s,
    const struct rule_device *dev, struct rule_actions *out,
    const char **errstr)
{
	struct rule_action *a;
	char *v;
	size_t i;

	for (i = 0; i < s->nargs; i++) {
		if ((v = rule_template_expand(s->args[i].value, dev, errstr)) ==
		    NULL)
			return -1;
		if (s->kind == RULE_ACT_TAG || s->kind == RULE_ACT_UNTAG) {
			if (dev->ops->has_tag(dev->ctx, v) ==
			    (s->kind == RULE_ACT_TAG)) {
				free(v);
				continue;
			}
		}
		a = action_new(out, rule, s->kind);
		action_arg(a, s->args[i].name, v, NULL);
	}
	return 0;
}

/* set: only the parameters whose stored value differs. */
static int
expand_set(const char *rule, const struct rule_spec *s,
    const struct rule_device *dev, struct rule_actions *out,
    const char **errstr)
{
	struct rule_action *a = NULL;
	const char *have, *type;
	char *name, *v;
	size_t i;

	for (i = 0; i < s->nargs; i++) {
		if ((name = rule_template_expand(
		         s->args[i].name, dev, errstr)) == NULL)
			return -1;
		if ((v = rule_template_expand(s->args[i].value, dev, errstr)) ==
		    NULL) {
			free(name);
			return -1;
		}
		type = NULL;
		have = dev->ops->value(dev->ctx, name, &type);
		if (s->args[i].type != NULL)
			type = s->args[i].type;
		if (have != NULL && rule_value_equal(have, v, type)) {
			free(name);
			free(v);
			continue;
		}
		if (a == NULL)
			a = action_new(out, rule, RULE_ACT_SET);
		action_arg(a, name, v, type != NULL ? type : "xsd:string");
		free(name);
	}
	return 0;
}

/* instances: AddObject or DeleteObject (highest first), then refresh. */
static int
expand_instances(const char *rule, const struct rule_spec *s,
    const struct rule_device *dev, struct rule_actions *out,
    const char **errstr)
{
	struct rule_action *a;
	unsigned *nums;
	char *obj;
	size_t have, i;

	if ((obj = rule_template_expand(s->args[0].value, dev, errstr)) == NULL)
		return -1;
	have = dev->ops->instances(dev->ctx, obj, NULL, 0);
	nums = xcalloc(have + 1, sizeof(*nums));
	have = dev->ops->instances(dev->ctx, obj, nums, have);
	for (i = have; i < s->count; i++) {
		a = action_new(out, rule, RULE_ACT_ADD_OBJECT);
		action_arg(a, "ObjectName", xstrdup(obj), NULL);
	}
	for (i = have; i > s->count; i--) {
		a = action_new(out, rule, RULE_ACT_DELETE_OBJECT);
		action_arg(a, "ObjectName", NULL, NULL);
		xasprintf(&a->args[0].value, "%s%u.", obj, nums[i - 1]);
	}
	if (have != s->count) {
		a = action_new(out, rule, RULE_ACT_REFRESH);
		action_arg(a, "ParameterNames", obj, NULL);
	} else
		free(obj);
	free(nums);
	return 0;
}

int
rule_specs_expand(const char *rulename, const struct rule_spec *specs,
    size_t nspecs, const struct rule_device *dev, struct rule_actions *out,
    const char **errstr)
{
	const struct rule_spec *s;
	size_t i;
	int rv;

	for (i = 0; i < nspecs; i++) {
		s = &specs[i];
		switch (s->kind) {
		case RULE_ACT_SET:
			rv = expand_set(rulename, s, dev, out, errstr);
			break;
		case RULE_SPEC_INSTANCES:
			rv = expand_instances(rulename, s, dev, out, errstr);
			break;
		case RULE_ACT_ADD_OBJECT:
		case RULE_ACT_DELETE_OBJECT:
		case RULE_ACT_TAG:
		case RULE_ACT_UNTAG:
		case RULE_ACT_CLI:
			rv = expand_each(rulename, s, dev, out, errstr);
			break;
		default:
			rv = expand_all(rulename, s, dev, out, errstr);
			break;
		}
		if (rv == -1)
			return -1;
	}
	return 0;
}
