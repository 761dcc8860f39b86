/*
 * yaml_conf_scalar.c: text <-> field conversion for yaml_conf's scalar
 * types (string, int, int64, bool, duration, size, enum, custom) with the
 * range checks of the option table.  It reports a static message through
 * errstr and never allocates except for string values.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/xmalloc.h"
#include "lib/yaml_conf.h"
#include "lib/yaml_conf_int.h"

const char *
yaml_conf_type_name(enum yaml_conf_type type)
{
	static const char *const names[] = { "string", "int", "int64",
	    "boolean", "duration", "size", "enum", "string list", "section",
	    "list", "value" };

	if ((size_t)type >= sizeof(names) / sizeof(names[0]))
		return "?";
	return names[type];
}

/* Parses leading decimal digits into *v; returns the rest or NULL. */
static const char *
parse_digits(const char *s, unsigned long long *v, const char **errstr)
{
	unsigned long long	n = 0;

	if (*s < '0' || *s > '9') {
		*errstr = "not a number";
		return NULL;
	}
	for (; *s >= '0' && *s <= '9'; s++) {
		if (n > (ULLONG_MAX - 9) / 10) {
			*errstr = "number too large";
			return NULL;
		}
		n = n * 10 + (unsigned long long)(*s - '0');
	}
	*v = n;
	return s;
}

static int
check_range(long long v, long long min, long long max, const char **errstr)
{
	if (min == 0 && max == 0)
		return 0;
	if (v < min) {
		*errstr = "value is below the minimum";
		return -1;
	}
	if (v > max) {
		*errstr = "value is above the maximum";
		return -1;
	}
	return 0;
}

static int
parse_int(const char *s, long long min, long long max, long long *out,
    const char **errstr)
{
	long long	v;

	v = strtonum(s, min, max, errstr);
	if (*errstr != NULL) {
		if (strcmp(*errstr, "too large") == 0)
			*errstr = "value is too large";
		else if (strcmp(*errstr, "too small") == 0)
			*errstr = "value is too small";
		else
			*errstr = "not a number";
		return -1;
	}
	*out = v;
	return 0;
}

struct yc_unit {
	const char		*sfx;
	unsigned long long	 mul;
};

static int
parse_scaled(const char *s, const struct yc_unit *units, unsigned long long defmul,
    long long *out, const char **errstr)
{
	unsigned long long	v;
	const char		*rest;
	size_t			 i;

	if ((rest = parse_digits(s, &v, errstr)) == NULL)
		return -1;
	if (*rest == '\0') {
		if (v > (unsigned long long)LLONG_MAX / defmul)
			goto big;
		*out = (long long)(v * defmul);
		return 0;
	}
	for (i = 0; units[i].sfx != NULL; i++) {
		if (strcmp(rest, units[i].sfx) != 0)
			continue;
		if (v > (unsigned long long)LLONG_MAX / units[i].mul)
			goto big;
		*out = (long long)(v * units[i].mul);
		return 0;
	}
	*errstr = "unknown unit";
	return -1;
big:
	*errstr = "value too large";
	return -1;
}

static const struct yc_unit duration_units[] = {
	{ "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "min", 60000 },
	{ "h", 3600000 }, { "d", 86400000 }, { NULL, 0 }
}, size_units[] = {
	{ "B", 1 }, { "k", 1024 }, { "K", 1024 }, { "KB", 1024 },
	{ "kB", 1024 }, { "KiB", 1024 }, { "M", 1048576 }, { "MB", 1048576 },
	{ "MiB", 1048576 }, { "G", 1073741824 }, { "GB", 1073741824 },
	{ "GiB", 1073741824 }, { NULL, 0 }
};

static int
parse_bool(const char *s, bool *b, const char **errstr)
{
	static const char *const yes[] = { "true", "yes", "on", NULL };
	static const char *const no[] = { "false", "no", "off", NULL };
	int			 i;

	for (i = 0; yes[i] != NULL; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*b = true;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*b = false;
			return 0;
		}
	}
	*errstr = "expected true or false";
	return -1;
}

static int
parse_enum(const struct yaml_conf_opt *o, const char *s, int *out,
    const char **errstr)
{
	const struct yaml_conf_enum	*e;

	for (e = o->enums; e != NULL && e->name != NULL; e++) {
		if (strcmp(e->name, s) == 0) {
			*out = e->value;
			return 0;
		}
	}
	*errstr = "not one of the allowed values";
	return -1;
}

static int
set_string(const struct yaml_conf_opt *o, char **f, const char *s,
    bool is_null, const char **errstr)
{
	size_t	len, max;

	free(*f);
	*f = NULL;
	if (is_null)
		return 0;
	len = strlen(s);
	max = o->max > 0 ? (size_t)o->max : YAML_CONF_STRING_MAX;
	if (len > max) {
		*errstr = "string too long";
		return -1;
	}
	if (o->min > 0 && len < (size_t)o->min) {
		*errstr = "string too short";
		return -1;
	}
	*f = xstrdup(s);
	return 0;
}

int
yaml_conf_set_scalar(const struct yaml_conf_opt *o, void *f,
    const char *s, bool is_null, const char **errstr)
{
	long long	v;
	long long	min = o->min, max = o->max;
	int		iv;
	bool		b;

	*errstr = NULL;
	if (o->type == YAML_CONF_STRING)
		return set_string(o, f, s, is_null, errstr);
	if (is_null && o->def == NULL && s[0] == '\0') {
		/* No default and not given: leave the zeroed field. */
		return 0;
	}
	if (is_null) {
		*errstr = "missing value";
		return -1;
	}
	switch (o->type) {
	case YAML_CONF_INT:
		if (min == 0 && max == 0) {
			min = INT_MIN;
			max = INT_MAX;
		}
		if (parse_int(s, min, max, &v, errstr) == -1)
			return -1;
		*(int *)f = (int)v;
		return 0;
	case YAML_CONF_INT64:
		if (min == 0 && max == 0) {
			min = LLONG_MIN;
			max = LLONG_MAX;
		}
		if (parse_int(s, min, max, &v, errstr) == -1)
			return -1;
		*(int64_t *)f = v;
		return 0;
	case YAML_CONF_BOOL:
		if (parse_bool(s, &b, errstr) == -1)
			return -1;
		*(bool *)f = b;
		return 0;
	case YAML_CONF_DURATION:
		if (parse_scaled(s, duration_units, 1000, &v,
		    errstr) == -1 || check_range(v, min, max, errstr) == -1)
			return -1;
		*(int64_t *)f = v;
		return 0;
	case YAML_CONF_SIZE:
		if (parse_scaled(s, size_units, 1, &v,
		    errstr) == -1 || check_range(v, min, max, errstr) == -1)
			return -1;
		if ((unsigned long long)v > SIZE_MAX) {
			*errstr = "value too large";
			return -1;
		}
		*(size_t *)f = (size_t)v;
		return 0;
	case YAML_CONF_ENUM:
		if (parse_enum(o, s, &iv, errstr) == -1)
			return -1;
		*(int *)f = iv;
		return 0;
	case YAML_CONF_CUSTOM:
		if (o->parse == NULL) {
			*errstr = "option has no parser";
			return -1;
		}
		return o->parse(s, f, errstr) == 0 ? 0 : -1;
	default:
		*errstr = "not a scalar option";
		return -1;
	}
}

static void
format_scaled(long long v, const struct yc_unit *units, size_t n, char *buf, size_t len)
{
	size_t	i;

	for (i = n; i-- > 0;) {
		if (v != 0 && (unsigned long long)v % units[i].mul == 0) {
			snprintf(buf, len, "%llu%s",
			    (unsigned long long)v / units[i].mul, units[i].sfx);
			return;
		}
	}
	snprintf(buf, len, "%lld%s", v, units[0].sfx);
}

int
yaml_conf_format_scalar(const struct yaml_conf_opt *o, const void *f,
    char *buf, size_t len)
{
	static const struct yc_unit	dur[] = { { "ms", 1 }, { "s", 1000 }, { "m", 60000 },
	    { "h", 3600000 }, { "d", 86400000 } },
	    sz[] = { { "", 1 }, { "k", 1024 }, { "M", 1048576 },
	    { "G", 1073741824 } };
	const struct yaml_conf_enum	*e;

	switch (o->type) {
	case YAML_CONF_STRING:
		if (*(char *const *)f == NULL)
			return -1;
		strlcpy(buf, *(char *const *)f, len);
		return 0;
	case YAML_CONF_INT:
	case YAML_CONF_ENUM:
		snprintf(buf, len, "%d", *(const int *)f);
		if (o->type == YAML_CONF_INT)
			return 0;
		for (e = o->enums; e != NULL && e->name != NULL; e++)
			if (e->value == *(const int *)f)
				strlcpy(buf, e->name, len);
		return 0;
	case YAML_CONF_INT64:
		snprintf(buf, len, "%" PRId64, *(const int64_t *)f);
		return 0;
	case YAML_CONF_BOOL:
		strlcpy(buf, *(const bool *)f ? "true" : "false", len);
		return 0;
	case YAML_CONF_DURATION:
		format_scaled(*(const int64_t *)f, dur, 5, buf,
		    len);
		return 0;
	case YAML_CONF_SIZE:
		format_scaled((long long)*(const size_t *)f,
		    sz, 4, buf, len);
		return 0;
	case YAML_CONF_CUSTOM:
		if (o->format == NULL)
			return -1;
		return o->format(f, buf, len);
	default:
		return -1;
	}
}
