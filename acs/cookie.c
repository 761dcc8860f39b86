/*
 * cookie.c: finds one cookie in a Cookie header, leniently (CWMP.md 5.3):
 * ';' and ',' both separate, RFC 2109/2965 attributes starting with '$'
 * are skipped (Thomson: `$Version="0"; ID=...;$Path=/`), quotes around
 * values are stripped and unknown cookies are ignored.  Each pair is split
 * at its first '=' only.  It does not set cookies.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "acs/acs.h"

static const char *
cookie_skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

static const char *
cookie_trim_end(const char *start, const char *end)
{
	while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return end;
}

/* Copies the value of one "name=value" pair if name matches. */
static int
cookie_pair(
    const char *p, const char *end, const char *name, char *out, size_t outlen)
{
	const char *eq, *v, *ve;
	size_t nlen = strlen(name);

	eq = memchr(p, '=', end - p);
	if (eq == NULL || *p == '$')
		return -1;
	if ((size_t)(cookie_trim_end(p, eq) - p) != nlen ||
	    strncasecmp(p, name, nlen) != 0)
		return -1;
	v = cookie_skip_space(eq + 1, end);
	ve = cookie_trim_end(v, end);
	if (ve - v >= 2 && *v == '"' && ve[-1] == '"') {
		v++;
		ve--;
	}
	if ((size_t)(ve - v) >= outlen)
		return -1;
	memcpy(out, v, ve - v);
	out[ve - v] = '\0';
	return 0;
}

int
cookie_find(const char *header, const char *name, char *out, size_t outlen)
{
	const char *p, *end, *sep;

	if (header == NULL)
		return -1;
	p = header;
	end = header + strlen(header);
	while (p < end) {
		p = cookie_skip_space(p, end);
		sep = p;
		while (sep < end && *sep != ';' && *sep != ',')
			sep++;
		if (cookie_pair(p, sep, name, out, outlen) == 0)
			return 0;
		p = sep + 1;
	}
	return -1;
}
