/*
 * rule_memdev.c: an in-memory struct rule_device: a sorted array of
 * parameters (binary search), the identity fields and a tag list.  It
 * exists so the engine can be tested and used without a device store; it
 * does no I/O.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/rule_memdev.h"
#include "lib/xmalloc.h"

struct memdev_param {
	char *name;
	char *value;
	char *type;
};

struct rule_memdev {
	char *ids[RULE_ID_COUNT];
	struct memdev_param *params;
	size_t nparams;
	char **tags;
	size_t ntags;
	struct rule_device dev;
};

/* Index of name, or of where it would go (*found false). */
static size_t
memdev_find(const struct rule_memdev *md, const char *name, bool *found)
{
	size_t lo = 0, hi = md->nparams, mid;
	int c;

	*found = false;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(name, md->params[mid].name);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static const char *
memdev_id(void *ctx, enum rule_id field)
{
	struct rule_memdev *md = ctx;

	return (size_t)field < RULE_ID_COUNT ? md->ids[field] : NULL;
}

static const char *
memdev_value(void *ctx, const char *name, const char **type)
{
	struct rule_memdev *md = ctx;
	size_t i, len;
	bool found;

	*type = NULL;
	i = memdev_find(md, name, &found);
	if (found) {
		*type = md->params[i].type;
		return md->params[i].value;
	}
	len = strlen(name);
	if (len > 0 && name[len - 1] == '.' && i < md->nparams &&
	    strncmp(md->params[i].name, name, len) == 0)
		return "";
	return NULL;
}

static bool
memdev_has_tag(void *ctx, const char *tag)
{
	struct rule_memdev *md = ctx;
	size_t i;

	for (i = 0; i < md->ntags; i++)
		if (strcmp(md->tags[i], tag) == 0)
			return true;
	return false;
}

static int
cmp_unsigned(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

/* Instance numbers of object "X.": the N of every "X.N." prefix. */
static size_t
memdev_instances(void *ctx, const char *object, unsigned *nums, size_t max)
{
	struct rule_memdev *md = ctx;
	size_t i, len = strlen(object), n = 0;
	unsigned long v, last = 0;
	char *end;
	bool found;

	i = memdev_find(md, object, &found);
	for (; i < md->nparams; i++) {
		if (strncmp(md->params[i].name, object, len) != 0)
			break;
		v = strtoul(md->params[i].name + len, &end, 10);
		if (end == md->params[i].name + len || *end != '.' || v == 0 ||
		    v > UINT32_MAX || v == last)
			continue;
		last = v;
		if (n < max)
			nums[n] = (unsigned)v;
		n++;
	}
	if (nums != NULL)
		qsort(nums, n < max ? n : max, sizeof(*nums), cmp_unsigned);
	return n;
}

static int
memdev_foreach_param(void *ctx, rule_param_cb cb, void *arg)
{
	struct rule_memdev *md = ctx;
	size_t i;

	for (i = 0; i < md->nparams; i++)
		if (cb(arg, md->params[i].name, md->params[i].value,
		        md->params[i].type) == -1)
			return -1;
	return 0;
}

static int
memdev_foreach_tag(void *ctx, rule_tag_cb cb, void *arg)
{
	struct rule_memdev *md = ctx;
	size_t i;

	for (i = 0; i < md->ntags; i++)
		if (cb(arg, md->tags[i]) == -1)
			return -1;
	return 0;
}

static const struct rule_device_ops memdev_ops = { memdev_id, memdev_value,
	memdev_has_tag, memdev_instances, memdev_foreach_param,
	memdev_foreach_tag };

struct rule_memdev *
rule_memdev_new(void)
{
	struct rule_memdev *md;

	md = xcalloc(1, sizeof(*md));
	md->dev.ops = &memdev_ops;
	md->dev.ctx = md;
	return md;
}

void
rule_memdev_free(struct rule_memdev *md)
{
	size_t i;

	if (md == NULL)
		return;
	for (i = 0; i < RULE_ID_COUNT; i++)
		free(md->ids[i]);
	while (md->nparams > 0)
		rule_memdev_unset(md, md->params[md->nparams - 1].name);
	free(md->params);
	for (i = 0; i < md->ntags; i++)
		free(md->tags[i]);
	free(md->tags);
	free(md);
}

void
rule_memdev_set_id(
    struct rule_memdev *md, enum rule_id field, const char *value)
{
	if ((size_t)field >= RULE_ID_COUNT)
		return;
	free(md->ids[field]);
	md->ids[field] = value != NULL ? xstrdup(value) : NULL;
}

void
rule_memdev_set(struct rule_memdev *md, const char *name, const char *value,
    const char *type)
{
	struct memdev_param *p;
	size_t i;
	bool found;

	i = memdev_find(md, name, &found);
	if (!found) {
		md->params = xreallocarray(
		    md->params, md->nparams + 1, sizeof(*md->params));
		memmove(&md->params[i + 1], &md->params[i],
		    (md->nparams - i) * sizeof(*md->params));
		md->nparams++;
		md->params[i].name = xstrdup(name);
	} else {
		free(md->params[i].value);
		free(md->params[i].type);
	}
	p = &md->params[i];
	p->value = xstrdup(value);
	p->type = type != NULL ? xstrdup(type) : NULL;
}

void
rule_memdev_unset(struct rule_memdev *md, const char *name)
{
	size_t i;
	bool found;

	i = memdev_find(md, name, &found);
	if (!found)
		return;
	free(md->params[i].name);
	free(md->params[i].value);
	free(md->params[i].type);
	memmove(&md->params[i], &md->params[i + 1],
	    (md->nparams - i - 1) * sizeof(*md->params));
	md->nparams--;
}

void
rule_memdev_tag(struct rule_memdev *md, const char *tag, bool on)
{
	size_t i;

	for (i = 0; i < md->ntags; i++) {
		if (strcmp(md->tags[i], tag) != 0)
			continue;
		if (!on) {
			free(md->tags[i]);
			md->tags[i] = md->tags[--md->ntags];
		}
		return;
	}
	if (on) {
		md->tags =
		    xreallocarray(md->tags, md->ntags + 1, sizeof(*md->tags));
		md->tags[md->ntags++] = xstrdup(tag);
	}
}

const struct rule_device *
rule_memdev_device(struct rule_memdev *md)
{
	return &md->dev;
}
