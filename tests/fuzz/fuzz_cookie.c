/*
 * fuzz_cookie.c: libFuzzer harness for acsd's Cookie header parser
 * (acs/cookie.c).  The input is "name\nheader" (no newline: the name is
 * anthill); the first byte also picks the output size.  A found value
 * must fit the output and hold no separator (';' or ',').  It does not
 * test Set-Cookie.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acs/acs.h"

#define FUZZ_COOKIE_OUT_MAX	(ACS_COOKIE_HEX + 2)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_cookie_one(const char *header, const char *name, size_t outlen)
{
	char	out[FUZZ_COOKIE_OUT_MAX + 8];
	size_t	n;

	memset(out, 'X', sizeof(out));
	if (cookie_find(header, name, out, outlen) == -1)
		return;
	n = strnlen(out, sizeof(out));
	if (n >= outlen || strpbrk(out, ";,") != NULL)
		abort();
	/* Bytes past the output's size stay untouched. */
	if (outlen < sizeof(out) && out[outlen] != 'X')
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*s, *nl, *header;
	const char	*name;
	size_t		 outlen;

	if (size == 0)
		return 0;
	outlen = 1 + data[0] % FUZZ_COOKIE_OUT_MAX;
	s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	if ((nl = strchr(s, '\n')) != NULL) {
		*nl = '\0';
		name = s;
		header = nl + 1;
	} else {
		name = ACS_COOKIE_NAME;
		header = s;
	}
	fuzz_cookie_one(header, name, outlen);
	fuzz_cookie_one(header, ACS_COOKIE_NAME, ACS_COOKIE_HEX + 1);
	free(s);
	return 0;
}
