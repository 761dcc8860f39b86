/*
 * cwmp_soap_time.c: the pure helpers of the CWMP SOAP layer that are not
 * XML: CWMP version selection from an Inform (CWMP.md 2) and xsd:dateTime
 * parsing and formatting (CWMP.md 4.2).  It keeps no state and does not
 * decide what the ACS does with a version it cannot serve.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/cwmp_soap.h"

/* The highest "1.<n>" of a comma list not above acs_max, else -1. */
static int
version_from_list(const char *list, int acs_max)
{
	const char	*p = list;
	int		 best = -1, minor;

	while (*p != '\0') {
		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		if (p[0] == '1' && p[1] == '.' &&
		    isdigit((unsigned char)p[2]) &&
		    !isdigit((unsigned char)p[3])) {
			minor = p[2] - '0';
			if (minor <= acs_max && minor > best)
				best = minor;
		}
		while (*p != '\0' && *p != ',')
			p++;
	}
	return best;
}

int
cwmp_version_select(int ns, const struct cwmp_header *h, int acs_max)
{
	int	v;

	if (h != NULL && h->supported_versions != NULL)
		return version_from_list(h->supported_versions, acs_max);
	switch (ns) {
	case CWMP_NS_1_2:
		v = h != NULL && h->session_timeout >= 0 ? 3 : 2;
		break;
	case CWMP_NS_1_1:
	case CWMP_NS_1_3:
	case CWMP_NS_1_4:
		v = ns;
		break;
	default:
		v = 0;
		break;
	}
	return v > acs_max ? acs_max : v;
}

/* Reads exactly n digits; -1 if they are not there. */
static int
digits(const char **pp, int n)
{
	int	v = 0;

	while (n-- > 0) {
		if (!isdigit((unsigned char)**pp))
			return -1;
		v = v * 10 + (*(*pp)++ - '0');
	}
	return v;
}

static int
parse_zone(const char *p, long *off)
{
	int	sign, hh, mm;

	*off = 0;
	if (*p == '\0' || strcmp(p, "Z") == 0)
		return 0;
	if (*p != '+' && *p != '-')
		return -1;
	sign = *p++ == '-' ? -1 : 1;
	if ((hh = digits(&p, 2)) == -1 || *p++ != ':' ||
	    (mm = digits(&p, 2)) == -1 || *p != '\0' || hh > 14 || mm > 59)
		return -1;
	*off = sign * (hh * 3600L + mm * 60L);
	return 0;
}

int
cwmp_datetime_parse(const char *s, time_t *t)
{
	struct tm	 tm;
	const char	*p = s;
	long		 off;

	memset(&tm, 0, sizeof(tm));
	if ((tm.tm_year = digits(&p, 4)) == -1 || *p++ != '-' ||
	    (tm.tm_mon = digits(&p, 2)) == -1 || *p++ != '-' ||
	    (tm.tm_mday = digits(&p, 2)) == -1 || *p++ != 'T' ||
	    (tm.tm_hour = digits(&p, 2)) == -1 || *p++ != ':' ||
	    (tm.tm_min = digits(&p, 2)) == -1 || *p++ != ':' ||
	    (tm.tm_sec = digits(&p, 2)) == -1)
		return -1;
	if (tm.tm_year < 1 || tm.tm_mon < 1 || tm.tm_mon > 12 ||
	    tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -1;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (parse_zone(p, &off) == -1)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*t = timegm(&tm) - off;
	return 0;
}

bool
cwmp_datetime_is_unknown(const char *s)
{
	time_t	t, unknown;

	if (s == NULL || cwmp_datetime_parse(s, &t) == -1)
		return false;
	cwmp_datetime_parse(CWMP_DATETIME_UNKNOWN, &unknown);
	return t == unknown;
}

void
cwmp_datetime_format(time_t t, char *buf)
{
	struct tm	tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, CWMP_DATETIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		strlcpy(buf, CWMP_DATETIME_UNKNOWN, CWMP_DATETIME_LEN);
}
