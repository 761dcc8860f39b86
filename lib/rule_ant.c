/*
 * rule_ant.c: the rule_device operations over an ant's attributes.  Ants
 * have no tags, no objects and no parameter tree beyond the Ant.* values.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "lib/rule_ant.h"

static const char *
rule_ant_id(void *ctx, enum rule_id field)
{
	struct rule_ant	*ra = ctx;

	switch (field) {
	case RULE_ID_OUI:
		return ra->oui;
	case RULE_ID_PRODUCT_CLASS:
		return ra->product_class;
	case RULE_ID_SERIAL_NUMBER:
		return ra->serial;
	case RULE_ID_MANUFACTURER:
		return "Thomson";
	case RULE_ID_DEVICE_ID:
		return ra->device_id;
	default:
		return NULL;
	}
}

static const char *
rule_ant_value(void *ctx, const char *name, const char **type)
{
	struct rule_ant	*ra = ctx;
	size_t		 i;

	if (type != NULL)
		*type = "xsd:string";
	for (i = 0; i < ra->nvars; i++)
		if (strcmp(ra->vars[i].name, name) == 0)
			return ra->vars[i].value;
	/* "Ant." exists as an object when any Ant.* value does. */
	if (strcmp(name, "Ant.") == 0)
		return "";
	return NULL;
}

static bool
rule_ant_has_tag(void *ctx, const char *tag)
{
	return false;
}

static size_t
rule_ant_instances(void *ctx, const char *object, unsigned *nums, size_t max)
{
	return 0;
}

static int
rule_ant_foreach_param(void *ctx, rule_param_cb cb, void *arg)
{
	struct rule_ant	*ra = ctx;
	size_t		 i;

	for (i = 0; i < ra->nvars; i++)
		if (cb(arg, ra->vars[i].name, ra->vars[i].value,
		    "xsd:string") == -1)
			return -1;
	return 0;
}

static int
rule_ant_foreach_tag(void *ctx, rule_tag_cb cb, void *arg)
{
	return 0;
}

static const struct rule_device_ops rule_ant_ops = {
	.id = rule_ant_id,
	.value = rule_ant_value,
	.has_tag = rule_ant_has_tag,
	.instances = rule_ant_instances,
	.foreach_param = rule_ant_foreach_param,
	.foreach_tag = rule_ant_foreach_tag,
};

/* "00-14-7F-28-54-65" or "00:14:7f:..." gives "00147F". */
static void
rule_ant_oui(const char *mac, char out[8])
{
	size_t	n = 0;

	for (; *mac != '\0' && n < 6; mac++)
		if (isxdigit((unsigned char)*mac))
			out[n++] = (char)toupper((unsigned char)*mac);
	out[n] = '\0';
}

void
rule_ant_init(struct rule_ant *ra, const char *ant_id, const char *mac,
    const char *name)
{
	memset(ra, 0, sizeof(*ra));
	snprintf(ra->serial, sizeof(ra->serial), "CP%s", ant_id);
	rule_ant_oui(mac, ra->oui);
	strlcpy(ra->product_class, name, sizeof(ra->product_class));
	snprintf(ra->device_id, sizeof(ra->device_id), "%s-%s-%s", ra->oui,
	    ra->product_class, ra->serial);
	rule_ant_set(ra, "Ant.ID", ant_id);
	rule_ant_set(ra, "Ant.MAC", mac);
	rule_ant_set(ra, "Ant.Name", name);
	ra->dev.ops = &rule_ant_ops;
	ra->dev.ctx = ra;
}

int
rule_ant_set(struct rule_ant *ra, const char *name, const char *value)
{
	size_t	i;

	if (strlen(name) >= sizeof(ra->vars[0].name) ||
	    strlen(value) >= sizeof(ra->vars[0].value))
		return -1;
	for (i = 0; i < ra->nvars; i++)
		if (strcmp(ra->vars[i].name, name) == 0)
			break;
	if (i == ra->nvars) {
		if (ra->nvars == RULE_ANT_VARS_MAX)
			return -1;
		ra->nvars++;
		strlcpy(ra->vars[i].name, name, sizeof(ra->vars[i].name));
	}
	strlcpy(ra->vars[i].value, value, sizeof(ra->vars[i].value));
	return 0;
}

const struct rule_device *
rule_ant_device(struct rule_ant *ra)
{
	return &ra->dev;
}
