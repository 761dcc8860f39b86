/*
 * model.c: building and querying a shared device data model.  Entries are
 * added in any order; model_finish() sorts them by name (so a subtree is a
 * contiguous range), adds every object that leaf names imply, marks tables
 * (an object with a "{i}" template child or declared table) and instance
 * objects, and indexes the forced-inform and volatile parameters.  Value
 * checks follow the TR-106 type definitions.  It does not read files
 * (model_load.c does) and holds no per-device state (devtree.c does).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"

#include "cpe-sim/model.h"

static const char *const model_types[] = {
	[MODEL_STRING] = "string",
	[MODEL_INT] = "int",
	[MODEL_UNSIGNED_INT] = "unsignedInt",
	[MODEL_LONG] = "long",
	[MODEL_UNSIGNED_LONG] = "unsignedLong",
	[MODEL_BOOLEAN] = "boolean",
	[MODEL_DATETIME] = "dateTime",
	[MODEL_BASE64] = "base64",
	[MODEL_HEXBINARY] = "hexBinary",
	[MODEL_OBJECT] = "object"
};

static const char *const model_roles[] = {
	[MODEL_ROLE_NONE] = "none",
	[MODEL_ROLE_EXTERNAL_IP] = "external_ip",
	[MODEL_ROLE_SOFTWARE_VERSION] = "software_version",
	[MODEL_ROLE_ACTIVE_FW] = "active_firmware_image",
	[MODEL_ROLE_BOOT_FW] = "boot_firmware_image",
	[MODEL_ROLE_FW_NAME] = "fw_name",
	[MODEL_ROLE_FW_VERSION] = "fw_version",
	[MODEL_ROLE_FW_AVAILABLE] = "fw_available",
	[MODEL_ROLE_FW_STATUS] = "fw_status",
	[MODEL_ROLE_FW_BOOTLOG] = "fw_bootlog"
};

const char *
model_type_name(enum model_type t)
{
	if ((size_t)t >= sizeof(model_types) / sizeof(model_types[0]))
		return "string";
	return model_types[t];
}

int
model_type_from_name(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof(model_types) / sizeof(model_types[0]); i++)
		if (strcmp(model_types[i], name) == 0)
			return (int)i;
	return -1;
}

int
model_role_from_name(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof(model_roles) / sizeof(model_roles[0]); i++)
		if (strcmp(model_roles[i], name) == 0)
			return (int)i;
	return -1;
}

const char *
model_xsd_type(enum model_type t)
{
	static const char *const xsd[] = {
		[MODEL_STRING] = "xsd:string",
		[MODEL_INT] = "xsd:int",
		[MODEL_UNSIGNED_INT] = "xsd:unsignedInt",
		[MODEL_LONG] = "xsd:long",
		[MODEL_UNSIGNED_LONG] = "xsd:unsignedLong",
		[MODEL_BOOLEAN] = "xsd:boolean",
		[MODEL_DATETIME] = "xsd:dateTime",
		[MODEL_BASE64] = "xsd:base64Binary",
		[MODEL_HEXBINARY] = "xsd:hexBinary",
		[MODEL_OBJECT] = "xsd:string"
	};

	if ((size_t)t >= sizeof(xsd) / sizeof(xsd[0]))
		return "xsd:string";
	return xsd[t];
}

struct model *
model_new(void)
{
	return xcalloc(1, sizeof(struct model));
}

void
model_free(struct model *m)
{
	size_t	i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nparams; i++) {
		free(m->params[i].name);
		free(m->params[i].value);
		free(m->params[i].enums);
	}
	free(m->params);
	free(m->inform);
	free(m->volatiles);
	free(m->path);
	free(m->name);
	free(m->manufacturer);
	free(m->oui);
	free(m->product_class);
	free(m->hardware_version);
	free(m->software_version);
	free(m->root);
	free(m->user_agent);
	free(m->quirks);
	free(m->fw_model);
	free(m->fw_hw_revision);
	free(m);
}

struct model_param *
model_add(struct model *m, const char *name, const char *value,
    enum model_type type, uint16_t flags)
{
	struct model_param	*mp;
	size_t			 len = strlen(name);

	if (m->nparams == m->cap) {
		m->cap = m->cap == 0 ? 256 : m->cap * 2;
		m->params = xreallocarray(m->params, m->cap, sizeof(*mp));
	}
	mp = &m->params[m->nparams++];
	memset(mp, 0, sizeof(*mp));
	mp->name = xstrdup(name);
	mp->value = xstrdup(value != NULL ? value : "");
	mp->type = (uint8_t)type;
	mp->flags = flags;
	if (len > 0 && name[len - 1] == '.') {
		mp->flags |= MP_OBJECT;
		mp->type = MODEL_OBJECT;
	}
	if (strstr(name, MODEL_TEMPLATE) != NULL)
		mp->flags |= MP_TEMPLATE;
	return mp;
}

static int
model_cmp(const void *a, const void *b)
{
	const struct model_param	*pa = a, *pb = b;

	return strcmp(pa->name, pb->name);
}

static int
model_key_cmp(const void *key, const void *b)
{
	const struct model_param	*pb = b;

	return strcmp(key, pb->name);
}

const struct model_param *
model_find(const struct model *m, const char *name)
{
	return bsearch(name, m->params, m->nparams, sizeof(m->params[0]),
	    model_key_cmp);
}

size_t
model_lower_bound(const struct model *m, const char *name)
{
	size_t	lo = 0, hi = m->nparams, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(m->params[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* True if the last segment of an object name "X.12." is a number. */
static bool
model_is_instance_name(const char *name, size_t len)
{
	size_t	i;

	if (len < 3 || name[len - 1] != '.')
		return false;
	i = len - 1;
	while (i > 0 && isdigit((unsigned char)name[i - 1]))
		i--;
	return i < len - 1 && i > 0 && name[i - 1] == '.';
}

static int
model_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Adds every object prefix of every name that is not listed itself: the
 * missing prefixes are collected first, then added with one sort.
 */
static void
model_add_implied(struct model *m)
{
	size_t	  n = m->nparams, i, j, nmiss = 0, cap = 0;
	char	**miss = NULL;
	char	  pfx[MODEL_NAME_MAX + 1];

	for (i = 0; i < n; i++) {
		const char *name = m->params[i].name;

		for (j = 0; name[j] != '\0' && j < MODEL_NAME_MAX; j++) {
			if (name[j] != '.' || name[j + 1] == '\0')
				continue;
			memcpy(pfx, name, j + 1);
			pfx[j + 1] = '\0';
			if (model_find(m, pfx) != NULL)
				continue;
			if (nmiss == cap) {
				cap = cap == 0 ? 64 : cap * 2;
				miss = xreallocarray(miss, cap, sizeof(*miss));
			}
			miss[nmiss++] = xstrdup(pfx);
		}
	}
	qsort(miss, nmiss, sizeof(*miss), model_strcmp);
	for (i = 0; i < nmiss; i++) {
		if (i == 0 || strcmp(miss[i - 1], miss[i]) != 0)
			model_add(m, miss[i], "", MODEL_OBJECT, 0);
	}
	for (i = 0; i < nmiss; i++)
		free(miss[i]);
	free(miss);
	qsort(m->params, m->nparams, sizeof(m->params[0]), model_cmp);
}

static void
model_mark(struct model *m)
{
	struct model_param	*mp, *parent;
	size_t			 i, len;
	char			 pfx[MODEL_NAME_MAX + 1];

	for (i = 0; i < m->nparams; i++) {
		mp = &m->params[i];
		len = strlen(mp->name);
		if (!(mp->flags & MP_OBJECT))
			continue;
		if (len >= 4 && strcmp(mp->name + len - 4, "{i}.") == 0) {
			mp->flags |= MP_INSTANCE;
			memcpy(pfx, mp->name, len - 4);
			pfx[len - 4] = '\0';
			parent = (struct model_param *)model_find(m, pfx);
			if (parent != NULL)
				parent->flags |= MP_TABLE;
		} else if (model_is_instance_name(mp->name, len))
			mp->flags |= MP_INSTANCE;
	}
}

static void
model_index(struct model *m)
{
	size_t	i;

	free(m->inform);
	free(m->volatiles);
	m->inform = xreallocarray(NULL, m->nparams + 1, sizeof(size_t));
	m->volatiles = xreallocarray(NULL, m->nparams + 1, sizeof(size_t));
	m->ninform = m->nvolatiles = 0;
	for (i = 0; i < m->nparams; i++) {
		if (m->params[i].flags & MP_TEMPLATE)
			continue;
		if (m->params[i].flags & MP_INFORM)
			m->inform[m->ninform++] = i;
		if (m->params[i].flags & MP_VOLATILE)
			m->volatiles[m->nvolatiles++] = i;
	}
}

int
model_finish(struct model *m, const char **errstr)
{
	size_t	i;

	if (m->root == NULL || m->nparams == 0) {
		*errstr = "model has no root or no parameters";
		return -1;
	}
	qsort(m->params, m->nparams, sizeof(m->params[0]), model_cmp);
	for (i = 1; i < m->nparams; i++) {
		if (strcmp(m->params[i - 1].name, m->params[i].name) == 0) {
			*errstr = "duplicate parameter name";
			return -1;
		}
	}
	for (i = 0; i < m->nparams; i++) {
		if (strncmp(m->params[i].name, m->root,
		    strlen(m->root)) != 0) {
			*errstr = "parameter outside the model's root";
			return -1;
		}
	}
	model_add_implied(m);
	model_mark(m);
	model_index(m);
	m->finished = true;
	return 0;
}

/* Value checks (TR-106 types). */
static bool
model_parse_ll(const char *s, long long lo, long long hi, long long *v)
{
	const char	*err;

	*v = strtonum(s, lo, hi, &err);
	return err == NULL;
}

static bool
model_parse_ull(const char *s, unsigned long long *v)
{
	char	*end;

	if (*s == '\0' || *s == '-' || isspace((unsigned char)*s))
		return false;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno == 0 && *end == '\0';
}

static bool
model_is_datetime(const char *s)
{
	static const char	 pat[] = "dddd-dd-ddTdd:dd:dd";
	size_t			 i;

	for (i = 0; pat[i] != '\0'; i++) {
		if (pat[i] == 'd' ? !isdigit((unsigned char)s[i]) :
		    s[i] != pat[i])
			return false;
	}
	s += i;
	if (*s == '.') {
		for (s++; isdigit((unsigned char)*s); s++)
			;
	}
	if (*s == 'Z')
		s++;
	else if (*s == '+' || *s == '-') {
		if (!isdigit((unsigned char)s[1]) ||
		    !isdigit((unsigned char)s[2]) || s[3] != ':' ||
		    !isdigit((unsigned char)s[4]) ||
		    !isdigit((unsigned char)s[5]))
			return false;
		s += 6;
	}
	return *s == '\0';
}

static bool
model_in_enum(const char *enums, const char *value)
{
	size_t	vl = strlen(value), n;

	while (*enums != '\0') {
		n = strcspn(enums, ",");
		if (n == vl && strncmp(enums, value, n) == 0)
			return true;
		enums += n;
		if (*enums == ',')
			enums++;
	}
	return false;
}

static int
model_check_number(const struct model_param *mp, const char *value)
{
	long long		 v, lo, hi;
	unsigned long long	 u;

	switch (mp->type) {
	case MODEL_INT:
		lo = INT32_MIN, hi = INT32_MAX;
		break;
	case MODEL_UNSIGNED_INT:
		lo = 0, hi = UINT32_MAX;
		break;
	case MODEL_LONG:
		lo = LLONG_MIN, hi = LLONG_MAX;
		break;
	default:
		if (!model_parse_ull(value, &u))
			return 9007;
		if ((mp->flags & MP_HAS_MAX) && u > (unsigned long long)mp->max)
			return 9007;
		return 0;
	}
	if (mp->flags & MP_HAS_MIN)
		lo = mp->min > lo ? mp->min : lo;
	if (mp->flags & MP_HAS_MAX)
		hi = mp->max < hi ? mp->max : hi;
	return model_parse_ll(value, lo, hi, &v) ? 0 : 9007;
}

int
model_check_value(const struct model_param *mp, const char *value)
{
	size_t	len = strlen(value), i;

	if (len > (mp->maxlen > 0 ? mp->maxlen : MODEL_VALUE_MAX))
		return 9007;
	switch (mp->type) {
	case MODEL_INT:
	case MODEL_UNSIGNED_INT:
	case MODEL_LONG:
	case MODEL_UNSIGNED_LONG:
		return model_check_number(mp, value);
	case MODEL_BOOLEAN:
		if (strcmp(value, "0") != 0 && strcmp(value, "1") != 0 &&
		    strcmp(value, "true") != 0 && strcmp(value, "false") != 0)
			return 9007;
		return 0;
	case MODEL_DATETIME:
		return model_is_datetime(value) ? 0 : 9007;
	case MODEL_HEXBINARY:
		for (i = 0; i < len; i++)
			if (!isxdigit((unsigned char)value[i]))
				return 9007;
		return len % 2 == 0 ? 0 : 9007;
	case MODEL_BASE64:
		for (i = 0; i < len; i++)
			if (!isalnum((unsigned char)value[i]) &&
			    strchr("+/=", value[i]) == NULL)
				return 9007;
		return 0;
	case MODEL_OBJECT:
		return 9005;
	default:
		if (mp->enums != NULL && !model_in_enum(mp->enums, value))
			return 9007;
		return 0;
	}
}
