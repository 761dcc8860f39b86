/*
 * rule_version.c: version ordering for the rules engine.
 *
 * A version is an optional leading "v", a release part and an optional
 * pre-release part.  The release part is split into components at ".",
 * "_" and at a "-" followed by a digit; a "-" (or "~") followed by a
 * letter starts the pre-release part ("2.4.0-rc1"), and "+" starts build
 * metadata, which is ignored (semver).  Components compare piece by piece:
 * digit runs numerically (any length), letter runs case-insensitively, and
 * a digit run sorts after a letter run.  Missing release components count
 * as 0, so "2.4" equals "2.4.0".  A version without a pre-release part
 * sorts after the same version with one ("2.4.0-rc1" < "2.4.0").
 * It does not know vendor-specific schemes beyond this.
 */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "lib/rule_version.h"

struct vpart {
	const char *p; /* cursor */
	const char *end;
};

static bool
is_sep(const char *p, const char *end)
{
	if (*p == '.' || *p == '_')
		return true;
	return *p == '-' && p + 1 < end && isdigit((unsigned char)p[1]);
}

/* Splits s into release [rel, relend) and pre-release [pre, preend). */
static void
version_split(const char *s, struct vpart *rel, struct vpart *pre)
{
	const char *end, *p;
	size_t len;

	while (isspace((unsigned char)*s))
		s++;
	if ((*s == 'v' || *s == 'V') && isdigit((unsigned char)s[1]))
		s++;
	len = strnlen(s, RULE_VERSION_MAX);
	end = s + len;
	if ((p = memchr(s, '+', len)) != NULL)
		end = p;
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	rel->p = s;
	rel->end = end;
	pre->p = pre->end = NULL;
	for (p = s; p < end; p++) {
		if ((*p == '-' || *p == '~') && !is_sep(p, end)) {
			rel->end = p;
			pre->p = p + 1;
			pre->end = end;
			break;
		}
	}
}

/* Compares two digit runs numerically, whatever their length. */
static int
cmp_digits(const char *a, size_t alen, const char *b, size_t blen)
{
	while (alen > 1 && *a == '0') {
		a++;
		alen--;
	}
	while (blen > 1 && *b == '0') {
		b++;
		blen--;
	}
	if (alen != blen)
		return alen < blen ? -1 : 1;
	return memcmp(a, b, alen) < 0 ? -1 : memcmp(a, b, alen) > 0;
}

static size_t
run_len(const char *p, const char *end, bool digits)
{
	const char *q = p;

	while (q < end && !is_sep(q, end) && *q != '-' && *q != '~' &&
	    (isdigit((unsigned char)*q) != 0) == digits)
		q++;
	return q - p;
}

/* Compares one component [a, aend) with [b, bend), piece by piece. */
static int
cmp_component(const char *a, const char *aend, const char *b, const char *bend)
{
	size_t al, bl;
	bool ad, bd;
	int c;

	while (a < aend && b < bend) {
		ad = isdigit((unsigned char)*a) != 0;
		bd = isdigit((unsigned char)*b) != 0;
		if (ad != bd)
			return ad ? 1 : -1;
		al = run_len(a, aend, ad);
		bl = run_len(b, bend, bd);
		if (al == 0 || bl == 0) {
			/* Punctuation inside a component: compare bytes. */
			if (*a != *b)
				return (unsigned char)*a < (unsigned char)*b ?
				    -1 :
				    1;
			a++;
			b++;
			continue;
		}
		if (ad)
			c = cmp_digits(a, al, b, bl);
		else {
			c = strncasecmp(a, b, al < bl ? al : bl);
			if (c == 0 && al != bl)
				c = al < bl ? -1 : 1;
		}
		if (c != 0)
			return c < 0 ? -1 : 1;
		a += al;
		b += bl;
	}
	if (a < aend)
		return 1;
	if (b < bend)
		return -1;
	return 0;
}

static const char *
comp_end(const char *p, const char *end)
{
	while (p < end && !is_sep(p, end))
		p++;
	return p;
}

/* Compares dotted parts; a missing component counts as "0". */
static int
cmp_dotted(struct vpart a, struct vpart b)
{
	static const char zero[] = "0";
	const char *ae, *be, *as, *bs;
	int c;

	while (a.p < a.end || b.p < b.end) {
		as = a.p < a.end ? a.p : zero;
		ae = a.p < a.end ? comp_end(a.p, a.end) : zero + 1;
		bs = b.p < b.end ? b.p : zero;
		be = b.p < b.end ? comp_end(b.p, b.end) : zero + 1;
		if ((c = cmp_component(as, ae, bs, be)) != 0)
			return c;
		if (a.p < a.end)
			a.p = ae < a.end ? ae + 1 : a.end;
		if (b.p < b.end)
			b.p = be < b.end ? be + 1 : b.end;
	}
	return 0;
}

int
rule_version_cmp(const char *a, const char *b)
{
	struct vpart arel, apre, brel, bpre;
	int c;

	version_split(a, &arel, &apre);
	version_split(b, &brel, &bpre);
	if ((c = cmp_dotted(arel, brel)) != 0)
		return c;
	if (apre.p == NULL && bpre.p == NULL)
		return 0;
	if (apre.p == NULL)
		return 1;
	if (bpre.p == NULL)
		return -1;
	return cmp_dotted(apre, bpre);
}
