/*
 * devkey.c: the device key (CWMP.md 8.2): OUI-ProductClass-SerialNumber,
 * or OUI-SerialNumber when ProductClass is empty, with the OUI upper-cased,
 * surrounding whitespace trimmed (ZTE appends "\n" to its serial) and
 * every byte outside [A-Za-z0-9_] of each field percent-encoded, so the
 * key is a safe file name and the two '-' separators stay unambiguous.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "acs/acs.h"

static int
devkey_add(char *out, size_t len, size_t *pos, const char *field, bool upper)
{
	static const char	hex[] = "0123456789ABCDEF";
	const unsigned char	*p, *e;
	unsigned char		 c;

	p = (const unsigned char *)(field != NULL ? field : "");
	e = p + strlen((const char *)p);
	while (p < e && isspace(*p))
		p++;
	while (e > p && isspace(e[-1]))
		e--;
	for (; p < e; p++) {
		c = upper ? toupper(*p) : *p;
		if (*pos + 4 >= len)
			return -1;
		if (isalnum(c) || c == '_')
			out[(*pos)++] = c;
		else {
			out[(*pos)++] = '%';
			out[(*pos)++] = hex[c >> 4];
			out[(*pos)++] = hex[c & 0x0f];
		}
	}
	out[*pos] = '\0';
	return 0;
}

int
devkey_make(const struct cwmp_device_id *id, char *out, size_t len)
{
	size_t	pos = 0, serial;
	bool	pc;

	if (len < 8)
		return -1;
	out[0] = '\0';
	if (devkey_add(out, len, &pos, id->oui, true) == -1 || pos == 0)
		return -1;
	out[pos++] = '-';
	pc = id->product_class != NULL && *id->product_class != '\0';
	if (pc) {
		if (devkey_add(out, len, &pos, id->product_class, false) == -1)
			return -1;
		out[pos++] = '-';
	}
	serial = pos;
	if (devkey_add(out, len, &pos, id->serial_number, false) == -1 ||
	    pos == serial)
		return -1;
	return 0;
}
