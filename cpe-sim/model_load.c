/*
 * model_load.c: reads a cpe-sim-model(5) file into a struct model.  The
 * file is one YAML mapping: identity keys (model, manufacturer, oui, ...)
 * and a "parameters" mapping from path to attributes.  Every unknown key,
 * wrong type or bad value is an error reported as file:line:col, and a
 * model that fails is never half-used.  It does not expand per-device
 * values (device.c sets serials, URLs and credentials at first boot).
 */
#include "config.h"

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "lib/yaml_doc.h"

#include "cpe-sim/model.h"

#define MODEL_FILE_MAX	(16 * 1024 * 1024)

struct model_load {
	struct model	*m;
	const char	*path;
	char		*err;
	size_t		 errlen;
};

static bool
model_load_bool(const char *s, bool *v)
{
	if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0 ||
	    strcmp(s, "1") == 0)
		*v = true;
	else if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0 ||
	    strcmp(s, "0") == 0)
		*v = false;
	else
		return false;
	return true;
}

static int
model_load_fail(struct model_load *ml, const struct yaml_doc_node *at,
    const char *msg, const char *what)
{
	yaml_doc_errorf(ml->err, ml->errlen, ml->path, at, "%s%s%s", msg,
	    what != NULL ? ": " : "", what != NULL ? what : "");
	return -1;
}

static int
model_load_enum(struct model_load *ml, struct model_param *mp,
    const struct yaml_doc_node *v)
{
	size_t	i, len = 0;
	char	*s;

	if (v->kind != YAML_DOC_SEQ || v->nitems == 0)
		return model_load_fail(ml, v, "enum must be a list", NULL);
	for (i = 0; i < v->nitems; i++) {
		if (v->items[i]->kind != YAML_DOC_SCALAR)
			return model_load_fail(ml, v, "enum entry", NULL);
		len += strlen(v->items[i]->str) + 1;
	}
	s = xcalloc(1, len + 1);
	for (i = 0; i < v->nitems; i++) {
		if (i > 0)
			strlcat(s, ",", len + 1);
		strlcat(s, v->items[i]->str, len + 1);
	}
	free(mp->enums);
	mp->enums = s;
	return 0;
}

static int
model_load_number(struct model_load *ml, const struct yaml_doc_node *v,
    long long lo, long long hi, long long *out)
{
	const char	*e;

	if (v->kind != YAML_DOC_SCALAR)
		return model_load_fail(ml, v, "not a number", NULL);
	*out = strtonum(v->str, lo, hi, &e);
	if (e != NULL)
		return model_load_fail(ml, v, "number", e);
	return 0;
}

/* Boolean attributes and the flag each sets. */
static const struct {
	const char	*key;
	uint16_t	 flag;
} model_flag_keys[] = {
	{ "writable", MP_WRITABLE },
	{ "inform", MP_INFORM },
	{ "hidden", MP_HIDDEN },
	{ "volatile", MP_VOLATILE },
	{ "table", MP_TABLE },
};

static int
model_load_flag(struct model_load *ml, struct model_param *mp,
    const char *key, const struct yaml_doc_node *v, bool *found)
{
	size_t	i;
	bool	b;

	*found = false;
	for (i = 0; i < sizeof(model_flag_keys) / sizeof(model_flag_keys[0]);
	    i++) {
		if (strcmp(key, model_flag_keys[i].key) != 0)
			continue;
		*found = true;
		if (v->kind != YAML_DOC_SCALAR || !model_load_bool(v->str, &b))
			return model_load_fail(ml, v, "not a boolean", key);
		if (b)
			mp->flags |= model_flag_keys[i].flag;
		else
			mp->flags &= ~model_flag_keys[i].flag;
	}
	return 0;
}

static int
model_load_attr(struct model_load *ml, struct model_param *mp,
    const char *key, const struct yaml_doc_node *v)
{
	long long	n;
	bool		found;
	int		r;

	if (model_load_flag(ml, mp, key, v, &found) == -1)
		return -1;
	if (found)
		return 0;
	if (strcmp(key, "enum") == 0)
		return model_load_enum(ml, mp, v);
	if (v->kind != YAML_DOC_SCALAR)
		return model_load_fail(ml, v, "not a scalar", key);
	if (strcmp(key, "value") == 0) {
		free(mp->value);
		mp->value = xstrdup(v->str);
	} else if (strcmp(key, "type") == 0) {
		if ((r = model_type_from_name(v->str)) == -1 ||
		    r == MODEL_OBJECT)
			return model_load_fail(ml, v, "unknown type", v->str);
		if (!(mp->flags & MP_OBJECT))
			mp->type = (uint8_t)r;
	} else if (strcmp(key, "notification") == 0) {
		if (model_load_number(ml, v, 0, 6, &n) == -1)
			return -1;
		mp->notify = (uint8_t)n;
	} else if (strcmp(key, "notify_lock") == 0) {
		if (strcmp(v->str, "normal") == 0)
			mp->notify_lock = MODEL_NOTIFY_NORMAL;
		else if (strcmp(v->str, "forced") == 0)
			mp->notify_lock = MODEL_NOTIFY_FORCED;
		else if (strcmp(v->str, "deny") == 0)
			mp->notify_lock = MODEL_NOTIFY_DENY;
		else
			return model_load_fail(ml, v, "bad notify_lock",
			    v->str);
	} else if (strcmp(key, "min") == 0 || strcmp(key, "max") == 0) {
		if (model_load_number(ml, v, LLONG_MIN, LLONG_MAX, &n) == -1)
			return -1;
		if (key[1] == 'i') {
			mp->min = n;
			mp->flags |= MP_HAS_MIN;
		} else {
			mp->max = n;
			mp->flags |= MP_HAS_MAX;
		}
	} else if (strcmp(key, "maxlen") == 0) {
		if (model_load_number(ml, v, 0, MODEL_VALUE_MAX, &n) == -1)
			return -1;
		mp->maxlen = (uint32_t)n;
	} else if (strcmp(key, "dynamic") == 0) {
		if (strcmp(v->str, "uptime") != 0)
			return model_load_fail(ml, v, "unknown dynamic",
			    v->str);
		mp->flags |= MP_UPTIME;
	} else if (strcmp(key, "role") == 0) {
		if ((r = model_role_from_name(v->str)) == -1)
			return model_load_fail(ml, v, "unknown role", v->str);
		mp->role = (uint8_t)r;
	} else
		return model_load_fail(ml, v, "unknown attribute", key);
	return 0;
}

static int
model_load_param(struct model_load *ml, const struct yaml_doc_pair *pr)
{
	struct model_param	*mp;
	const char		*name = pr->key->str;
	size_t			 i;

	if (*name == '\0' || strlen(name) > MODEL_NAME_MAX ||
	    strchr(name, ' ') != NULL || strstr(name, "..") != NULL)
		return model_load_fail(ml, pr->key, "bad parameter name",
		    name);
	if (ml->m->nparams >= MODEL_PARAMS_MAX)
		return model_load_fail(ml, pr->key, "too many parameters",
		    NULL);
	mp = model_add(ml->m, name, "", MODEL_STRING, 0);
	if (yaml_doc_is_null(pr->value))
		return 0;
	if (pr->value->kind != YAML_DOC_MAP)
		return model_load_fail(ml, pr->value,
		    "attributes must be a mapping", name);
	for (i = 0; i < pr->value->npairs; i++) {
		if (model_load_attr(ml, mp, pr->value->pairs[i].key->str,
		    pr->value->pairs[i].value) == -1)
			return -1;
	}
	if (!(mp->flags & MP_OBJECT) && (mp->flags & MP_TABLE))
		return model_load_fail(ml, pr->key,
		    "only objects (ending in '.') can be tables", name);
	if (!(mp->flags & MP_OBJECT) && !(mp->flags & MP_TEMPLATE) &&
	    model_check_value(mp, mp->value) != 0)
		return model_load_fail(ml, pr->value,
		    "value does not fit type or constraints", name);
	return 0;
}

/* Identity keys: name and the model field they fill. */
#define MODEL_OFF(f)	offsetof(struct model, f)
static const struct {
	const char	*key;
	size_t		 off;
} model_keys[] = {
	{ "model", MODEL_OFF(name) },
	{ "manufacturer", MODEL_OFF(manufacturer) },
	{ "oui", MODEL_OFF(oui) },
	{ "product_class", MODEL_OFF(product_class) },
	{ "hardware_version", MODEL_OFF(hardware_version) },
	{ "software_version", MODEL_OFF(software_version) },
	{ "root", MODEL_OFF(root) },
	{ "user_agent", MODEL_OFF(user_agent) },
	{ "quirks", MODEL_OFF(quirks) },
};

static int
model_load_firmware(struct model_load *ml, const struct yaml_doc_node *v)
{
	size_t	i;
	char	**dst;

	if (v->kind != YAML_DOC_MAP)
		return model_load_fail(ml, v, "firmware must be a mapping",
		    NULL);
	ml->m->has_firmware = true;
	for (i = 0; i < v->npairs; i++) {
		const char *k = v->pairs[i].key->str;

		if (strcmp(k, "model") == 0)
			dst = &ml->m->fw_model;
		else if (strcmp(k, "hw_revision") == 0)
			dst = &ml->m->fw_hw_revision;
		else
			return model_load_fail(ml, v->pairs[i].key,
			    "unknown firmware key", k);
		if (v->pairs[i].value->kind != YAML_DOC_SCALAR)
			return model_load_fail(ml, v->pairs[i].value,
			    "not a scalar", k);
		free(*dst);
		*dst = xstrdup(v->pairs[i].value->str);
	}
	return 0;
}

static int
model_load_key(struct model_load *ml, const struct yaml_doc_pair *pr)
{
	const char	*k = pr->key->str;
	size_t		 i;
	char		**dst;

	if (strcmp(k, "parameters") == 0) {
		if (pr->value->kind != YAML_DOC_MAP)
			return model_load_fail(ml, pr->value,
			    "parameters must be a mapping", NULL);
		for (i = 0; i < pr->value->npairs; i++)
			if (model_load_param(ml, &pr->value->pairs[i]) == -1)
				return -1;
		return 0;
	}
	if (strcmp(k, "firmware") == 0)
		return model_load_firmware(ml, pr->value);
	if (pr->value->kind != YAML_DOC_SCALAR)
		return model_load_fail(ml, pr->value, "not a scalar", k);
	if (strcmp(k, "cwmp_version") == 0) {
		const char *s = pr->value->str;

		if (strlen(s) != 3 || s[0] != '1' || s[1] != '.' ||
		    s[2] < '0' || s[2] > '4')
			return model_load_fail(ml, pr->value,
			    "cwmp_version must be 1.0 to 1.4", NULL);
		ml->m->cwmp_version = s[2] - '0';
		return 0;
	}
	for (i = 0; i < sizeof(model_keys) / sizeof(model_keys[0]); i++) {
		if (strcmp(k, model_keys[i].key) != 0)
			continue;
		if (strlen(pr->value->str) > MODEL_STR_MAX)
			return model_load_fail(ml, pr->value, "too long", k);
		dst = (char **)(void *)((char *)ml->m + model_keys[i].off);
		free(*dst);
		*dst = xstrdup(pr->value->str);
		return 0;
	}
	return model_load_fail(ml, pr->key, "unknown key", k);
}

struct model *
model_load_file(const char *path, char *err, size_t errlen)
{
	struct yaml_doc_node	*doc;
	struct model_load	 ml;
	const char		*errstr;
	size_t			 i;

	doc = yaml_doc_load_file(path, MODEL_FILE_MAX, err, errlen);
	if (doc == NULL)
		return NULL;
	memset(&ml, 0, sizeof(ml));
	ml.m = model_new();
	ml.m->path = xstrdup(path);
	ml.path = path;
	ml.err = err;
	ml.errlen = errlen;
	if (doc->kind != YAML_DOC_MAP) {
		model_load_fail(&ml, doc, "a model is a mapping", NULL);
		goto fail;
	}
	for (i = 0; i < doc->npairs; i++)
		if (model_load_key(&ml, &doc->pairs[i]) == -1)
			goto fail;
	if (ml.m->name == NULL || ml.m->root == NULL || ml.m->oui == NULL ||
	    ml.m->manufacturer == NULL) {
		model_load_fail(&ml, doc,
		    "model, manufacturer, oui and root are required", NULL);
		goto fail;
	}
	if (model_finish(ml.m, &errstr) == -1) {
		snprintf(err, errlen, "%s: %s", path, errstr);
		goto fail;
	}
	yaml_doc_free(doc);
	return ml.m;
fail:
	yaml_doc_free(doc);
	model_free(ml.m);
	return NULL;
}
