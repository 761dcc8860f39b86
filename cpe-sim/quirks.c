/*
 * quirks.c: quirk profiles, the wire habits of real devices that the ACS
 * must tolerate (CWMP.md 11 and 16), one table row per profile.  The codec
 * always writes clean, XSD-ordered envelopes; this file rewrites them the
 * way a profile's devices do (bare arrayType values, ISO-8859-1 bytes) and
 * names the HTTP habits session.c applies (SOAPAction, cookies, chunks,
 * IDs).  It does not change what the device answers, only how.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/xmalloc.h"

#include "cpe-sim/cpesim.h"

static const struct quirks quirk_table[] = {
	{ .name = "strict", .id = QUIRK_ID_COUNTER,
	  .soapaction = QUIRK_SA_QUOTED, .ns = -1, .version = -1 },
	{ .name = "thomson", .id = QUIRK_ID_CONSTANT,
	  .soapaction = QUIRK_SA_EMPTY, .latin1 = true,
	  .rfc2109_cookie = true, .arraytype_bare = true,
	  .relative_wan_ip = true, .chunked = true, .ns = 0, .version = 0,
	  .user_agent = "Thomson_cwmp-engine/r6.2.15.5" },
	{ .name = "thomson-5.4", .id = QUIRK_ID_INCREMENT,
	  .soapaction = QUIRK_SA_EMPTY, .latin1 = true,
	  .rfc2109_cookie = true, .arraytype_bare = true,
	  .relative_wan_ip = true, .no_more_requests = true, .ns = 0,
	  .version = 0, .user_agent = "Thomson_cwmp-engine/r0.3" },
	{ .name = "zyxel", .id = QUIRK_ID_NONE,
	  .soapaction = QUIRK_SA_QUOTED, .ns = 0, .version = 0,
	  .user_agent = "RomPager/4.07 UPnP/1.0" },
	{ .name = "zte", .id = QUIRK_ID_COUNTER,
	  .soapaction = QUIRK_SA_NONE, .serial_newline = true, .ns = 0,
	  .version = 0, .user_agent = "ZTE-CPE" },
	{ .name = "cwmp-1-4", .id = QUIRK_ID_COUNTER,
	  .soapaction = QUIRK_SA_QUOTED, .ns = CWMP_NS_1_4, .version = 4 },
	{ .name = "bare-empty-post", .id = QUIRK_ID_COUNTER,
	  .soapaction = QUIRK_SA_QUOTED, .bare_empty_post = true, .ns = -1,
	  .version = -1 },
	{ .name = "genieacs-sim", .id = QUIRK_ID_COUNTER,
	  .soapaction = QUIRK_SA_QUOTED, .preemptive_basic = true, .ns = -1,
	  .version = -1 },
};

const struct quirks *
quirks_find(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof(quirk_table) / sizeof(quirk_table[0]); i++)
		if (strcmp(quirk_table[i].name, name) == 0)
			return &quirk_table[i];
	return NULL;
}

const char *
quirks_names(void)
{
	return "strict, thomson, thomson-5.4, zyxel, zte, cwmp-1-4, "
	    "bare-empty-post, genieacs-sim";
}

const char *
quirks_content_type(const struct quirks *q)
{
	return q->latin1 ? "Content-Type: text/xml; charset=ISO-8859-1" :
	    "Content-Type: text/xml; charset=\"utf-8\"";
}

/*
 * soap-enc:arrayType="xsd:string[3]" -> soap-enc:arrayType="string[03]":
 * no type prefix and a zero-padded count, as Thomson firmware sends.
 */
static void
quirks_arraytype(struct buf *b)
{
	static const char	 attr[] = "arrayType=\"";
	struct buf		 out;
	const char		*p = b->data, *hit, *colon, *br;

	buf_init(&out, b->max);
	while ((hit = strstr(p, attr)) != NULL) {
		hit += sizeof(attr) - 1;
		buf_add(&out, p, (size_t)(hit - p));
		colon = strchr(hit, ':');
		br = strchr(hit, '[');
		if (colon != NULL && br != NULL && colon < br)
			hit = colon + 1;
		if (br == NULL) {
			p = hit;
			continue;
		}
		buf_add(&out, hit, (size_t)(br - hit));
		buf_addstr(&out, br[1] != ']' && br[2] == ']' ? "[0" : "[");
		p = br + 1;
	}
	buf_addstr(&out, p);
	buf_reset(b);
	buf_add(b, out.data, out.len);
	buf_clear(&out);
}

/* UTF-8 to ISO-8859-1; characters above U+00FF become '?'. */
static void
quirks_latin1(struct buf *b)
{
	unsigned char	*s = (unsigned char *)b->data, *d = s;
	size_t		 i = 0, n = b->len;
	char		*decl;

	while (i < n) {
		if (s[i] < 0x80) {
			*d++ = s[i++];
		} else if ((s[i] & 0xe0) == 0xc0 && i + 1 < n) {
			unsigned int c = ((s[i] & 0x1fU) << 6) |
			    (s[i + 1] & 0x3fU);

			*d++ = c <= 0xff ? (unsigned char)c : '?';
			i += 2;
		} else {
			*d++ = '?';
			for (i++; i < n && (s[i] & 0xc0) == 0x80; i++)
				;
		}
	}
	b->len = (size_t)(d - (unsigned char *)b->data);
	b->data[b->len] = '\0';
	decl = strstr(b->data, "encoding=\"UTF-8\"");
	if (decl != NULL && decl < b->data + 64) {
		struct buf	out;

		buf_init(&out, b->max);
		buf_add(&out, b->data, (size_t)(decl - b->data));
		buf_addstr(&out, "encoding=\"ISO-8859-1\"");
		buf_addstr(&out, decl + strlen("encoding=\"UTF-8\""));
		buf_reset(b);
		buf_add(b, out.data, out.len);
		buf_clear(&out);
	}
}

void
quirks_apply_body(const struct quirks *q, struct buf *b)
{
	if (b->len == 0)
		return;
	if (q->arraytype_bare)
		quirks_arraytype(b);
	if (q->latin1)
		quirks_latin1(b);
}
