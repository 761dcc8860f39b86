/*
 * param_value.c: the parts of param_tree that need no tree: name syntax
 * (TR-106 3.6), xsd type names and value checks against a type (TR-069
 * A.3.2.1 data types), for SetParameterValues faults and the simulator.
 * It does not convert values; the tree stores text.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/param_tree.h"

static const char *const type_names[] = {
	[PARAM_OBJECT] = NULL,
	[PARAM_STRING] = "xsd:string",
	[PARAM_INT] = "xsd:int",
	[PARAM_UINT] = "xsd:unsignedInt",
	[PARAM_BOOL] = "xsd:boolean",
	[PARAM_DATETIME] = "xsd:dateTime",
	[PARAM_BASE64] = "xsd:base64Binary",
	[PARAM_LONG] = "xsd:long",
	[PARAM_ULONG] = "xsd:unsignedLong",
	[PARAM_HEXBINARY] = "xsd:hexBinary",
	[PARAM_ANY] = NULL,
};

const char *
param_type_name(enum param_type type)
{
	if ((size_t)type >= sizeof(type_names) / sizeof(type_names[0]))
		return NULL;
	return type_names[type];
}

int
param_type_from_name(const char *name, enum param_type *type)
{
	size_t	i;

	if (strncmp(name, "xsd:", 4) == 0)
		name += 4;
	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++) {
		if (type_names[i] != NULL &&
		    strcmp(type_names[i] + 4, name) == 0) {
			*type = (enum param_type)i;
			return 0;
		}
	}
	return -1;
}

bool
param_name_is_object(const char *name)
{
	size_t	len = strlen(name);

	return len > 0 && name[len - 1] == '.';
}

bool
param_name_is_valid(const char *name, bool object)
{
	size_t	len = strlen(name), i, seg = 0;
	char	c;

	if (len == 0 || len > PARAM_NAME_MAX || param_name_is_object(name) !=
	    object)
		return false;
	for (i = 0; i < len; i++) {
		c = name[i];
		if (c == '.') {
			if (seg == 0)
				return false;
			seg = 0;
			continue;
		}
		if (!isalnum((unsigned char)c) && c != '_' && c != '-')
			return false;
		seg++;
	}
	return true;
}

/* Parses an unsigned decimal of at most max; no sign, no spaces. */
static int
check_unsigned(const char *s, unsigned long long max)
{
	unsigned long long	v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > (max - (unsigned long long)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (unsigned long long)(*s - '0');
	}
	return 0;
}

static int
check_signed(const char *s, unsigned long long maxpos)
{
	if (*s == '-')
		return check_unsigned(s + 1, maxpos + 1);
	if (*s == '+')
		s++;
	return check_unsigned(s, maxpos);
}

static int
digits(const char **s, int n, int min, int max)
{
	int	v = 0, i;

	for (i = 0; i < n; i++) {
		if ((*s)[i] < '0' || (*s)[i] > '9')
			return -1;
		v = v * 10 + ((*s)[i] - '0');
	}
	*s += n;
	return v >= min && v <= max ? 0 : -1;
}

/* xsd:dateTime: [-]YYYY-MM-DDThh:mm:ss[.f+][Z|(+|-)hh:mm] */
static int
check_datetime(const char *s)
{
	if (*s == '-')
		s++;
	if (digits(&s, 4, 0, 9999) == -1 || *s++ != '-' ||
	    digits(&s, 2, 1, 12) == -1 || *s++ != '-' ||
	    digits(&s, 2, 1, 31) == -1 || *s++ != 'T' ||
	    digits(&s, 2, 0, 24) == -1 || *s++ != ':' ||
	    digits(&s, 2, 0, 59) == -1 || *s++ != ':' ||
	    digits(&s, 2, 0, 60) == -1)
		return -1;
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return -1;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'Z')
		return s[1] == '\0' ? 0 : -1;
	if (*s == '+' || *s == '-') {
		s++;
		if (digits(&s, 2, 0, 14) == -1 || *s++ != ':' ||
		    digits(&s, 2, 0, 59) == -1)
			return -1;
	}
	return *s == '\0' ? 0 : -1;
}

static int
check_base64(const char *s)
{
	size_t	n = 0, pad = 0;

	for (; *s != '\0'; s++) {
		if (isspace((unsigned char)*s))
			continue;
		if (*s == '=') {
			pad++;
		} else if (pad > 0 || (!isalnum((unsigned char)*s) &&
		    *s != '+' && *s != '/'))
			return -1;
		n++;
	}
	return n % 4 == 0 && pad <= 2 ? 0 : -1;
}

static int
check_hex(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++, n++)
		if (!isxdigit((unsigned char)*s))
			return -1;
	return n % 2 == 0 ? 0 : -1;
}

int
param_value_check(enum param_type type, const char *v, const char **errstr)
{
	int	rv = 0;

	if (strlen(v) > PARAM_VALUE_MAX) {
		*errstr = "value too long";
		return -1;
	}
	switch (type) {
	case PARAM_STRING:
	case PARAM_ANY:
		break;
	case PARAM_INT:
		rv = check_signed(v, 2147483647ULL);
		break;
	case PARAM_UINT:
		rv = check_unsigned(v, 4294967295ULL);
		break;
	case PARAM_LONG:
		rv = check_signed(v, 9223372036854775807ULL);
		break;
	case PARAM_ULONG:
		rv = check_unsigned(v, 18446744073709551615ULL);
		break;
	case PARAM_BOOL:
		rv = strcmp(v, "0") == 0 || strcmp(v, "1") == 0 ||
		    strcmp(v, "true") == 0 || strcmp(v, "false") == 0 ? 0 : -1;
		break;
	case PARAM_DATETIME:
		rv = check_datetime(v);
		break;
	case PARAM_BASE64:
		rv = check_base64(v);
		break;
	case PARAM_HEXBINARY:
		rv = check_hex(v);
		break;
	default:
		*errstr = "objects have no value";
		return -1;
	}
	if (rv == -1)
		*errstr = "value does not match its type";
	return rv;
}
