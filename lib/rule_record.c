/*
 * rule_record.c: the struct rule_device view of a device_store record.
 * Values come from the record's param_tree (objects read as ""), types as
 * their xsd names, instance numbers from the direct children of an object
 * that are all digits.  DeviceID is the record's key (CWMP.md 8.2).  It
 * does no I/O.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/param_tree.h"
#include "lib/rule_record.h"

static const char *
record_id(void *ctx, enum rule_id field)
{
	const struct device_record *rec = ctx;

	switch (field) {
	case RULE_ID_OUI:
		return rec->id.oui;
	case RULE_ID_PRODUCT_CLASS:
		return rec->id.product_class;
	case RULE_ID_SERIAL_NUMBER:
		return rec->id.serial;
	case RULE_ID_MANUFACTURER:
		return rec->id.manufacturer;
	case RULE_ID_DEVICE_ID:
		return rec->key;
	case RULE_ID_COUNT:
		break;
	}
	return NULL;
}

static const char *
record_value(void *ctx, const char *name, const char **type)
{
	const struct device_record *rec = ctx;
	const struct param *p;

	*type = NULL;
	if ((p = param_tree_get(rec->tree, name)) == NULL)
		return NULL;
	if (p->type == PARAM_OBJECT)
		return "";
	*type = param_type_name(p->type);
	return p->value != NULL ? p->value : "";
}

static bool
record_has_tag(void *ctx, const char *tag)
{
	return device_record_has_tag(ctx, tag);
}

static bool
is_instance(const char *name, size_t plen, unsigned long *num)
{
	const char *s = name + plen;
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	*num = strtoul(s, &end, 10);
	return *end == '.' && end[1] == '\0' && *num > 0 && *num <= UINT32_MAX;
}

static size_t
record_instances(void *ctx, const char *object, unsigned *nums, size_t max)
{
	const struct device_record *rec = ctx;
	struct param_iter it;
	const struct param *p;
	const char *errstr;
	unsigned long v;
	size_t n = 0, plen = strlen(object);

	if (param_iter_init(
	        &it, rec->tree, object, PARAM_ITER_NEXT_LEVEL, &errstr) == -1)
		return 0;
	while ((p = param_iter_next(&it)) != NULL) {
		if (p->type != PARAM_OBJECT || !is_instance(p->name, plen, &v))
			continue;
		if (n < max)
			nums[n] = (unsigned)v;
		n++;
	}
	return n;
}

static int
record_foreach_param(void *ctx, rule_param_cb cb, void *arg)
{
	const struct device_record *rec = ctx;
	const struct param *p;

	for (p = param_tree_first(rec->tree); p != NULL;
	     p = param_tree_next(rec->tree, p)) {
		if (p->type == PARAM_OBJECT)
			continue;
		if (cb(arg, p->name, p->value != NULL ? p->value : "",
		        param_type_name(p->type)) == -1)
			return -1;
	}
	return 0;
}

static int
record_foreach_tag(void *ctx, rule_tag_cb cb, void *arg)
{
	const struct device_record *rec = ctx;
	size_t i;

	for (i = 0; i < rec->ntags; i++)
		if (cb(arg, rec->tags[i]) == -1)
			return -1;
	return 0;
}

static const struct rule_device_ops record_ops = { record_id, record_value,
	record_has_tag, record_instances, record_foreach_param,
	record_foreach_tag };

void
rule_record_init(struct rule_record *rr, const struct device_record *rec)
{
	size_t i;

	rr->rec = rec;
	rr->dev.ops = &record_ops;
	rr->dev.ctx = (void *)(uintptr_t)rec;
	rr->nevents = 0;
	for (i = 0; i < rec->inform.nevents && i < DEVICE_EVENTS_MAX; i++)
		rr->events[rr->nevents++] = rec->inform.events[i].code;
}

void
rule_record_input(struct rule_record *rr, struct rule_input *in, time_t now)
{
	memset(in, 0, sizeof(*in));
	in->dev = &rr->dev;
	in->events = rr->events;
	in->nevents = rr->nevents;
	in->now = now;
}

int
rule_record_apply_tags(
    struct device_record *rec, const struct rule_actions *acts)
{
	const struct rule_action *a;
	const char *tag;
	int changed = 0;

	TAILQ_FOREACH(a, &acts->list, entry) {
		if (a->kind != RULE_ACT_TAG && a->kind != RULE_ACT_UNTAG)
			continue;
		if ((tag = rule_action_arg(a, "tag")) == NULL)
			continue;
		if (a->kind == RULE_ACT_UNTAG) {
			if (device_record_has_tag(rec, tag)) {
				device_record_del_tag(rec, tag);
				changed++;
			}
		} else if (!device_record_has_tag(rec, tag)) {
			if (device_record_add_tag(rec, tag) == -1)
				return -1;
			changed++;
		}
	}
	return changed;
}
