/*
 * cwmp_xml.c: tolerant and safe parsing of SOAP bodies with libxml2, and
 * the small tree and output helpers the CWMP codec uses.  The parse trims
 * junk around the envelope, reads non-UTF-8 bodies as ISO-8859-1, accepts
 * unbound prefixes (libxml2 reports them as namespace errors only and
 * keeps "prefix:local" as the name) and trailing content after the root,
 * and retries once with illegal control bytes replaced by '?' (FreeACS's
 * xmlcharfilter).  It never substitutes entities, loads a DTD or touches
 * the network, and it refuses documents with a DOCTYPE.  It does not know
 * CWMP element names.
 */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "lib/buf.h"
#include "lib/cwmp_soap.h"
#include "lib/cwmp_xml.h"
#include "lib/xmalloc.h"

#define CWMP_XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | \
    XML_PARSE_NOWARNING | XML_PARSE_RECOVER | XML_PARSE_COMPACT)

struct parse_state {
	int	first_error;	/* first fatal libxml2 error code, 0 none */
};

bool
cwmp_xml_is_blank(const char *p, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (!isspace((unsigned char)p[i]))
			return false;
	return true;
}

/* True if the bytes are valid UTF-8 (overlongs are not checked). */
static bool
is_utf8(const unsigned char *p, size_t len)
{
	size_t		i = 0, n, k;
	uint64_t	w;

	while (i < len) {
		/* Bodies are nearly all ASCII: skip it 8 bytes at a time. */
		if (len - i >= 8) {
			memcpy(&w, p + i, 8);
			if ((w & 0x8080808080808080ULL) == 0) {
				i += 8;
				continue;
			}
		}
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((p[i] & 0xE0) == 0xC0)
			n = 1;
		else if ((p[i] & 0xF0) == 0xE0)
			n = 2;
		else if ((p[i] & 0xF8) == 0xF0)
			n = 3;
		else
			return false;
		if (n >= len - i)
			return false;
		for (k = 1; k <= n; k++)
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
		i += n + 1;
	}
	return true;
}

/* True if an XML declaration names an encoding. */
static bool
declares_encoding(const char *p, size_t len)
{
	const char	*end;

	if (len < 5 || memcmp(p, "<?xml", 5) != 0)
		return false;
	if ((end = memchr(p, '>', len)) == NULL)
		return false;
	return memmem(p, end - p, "encoding", 8) != NULL;
}

static void
parse_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	struct parse_state	*st = ctxt->_private;

	/* Unbound prefixes are namespace errors: tolerated (CWMP.md 4.2). */
	if (e->domain == XML_FROM_NAMESPACE || e->level < XML_ERR_ERROR)
		return;
	if (st->first_error == 0)
		st->first_error = e->code;
}

static const char *
parse_errstr(int code)
{
	switch (code) {
	case XML_ERR_DOCUMENT_EMPTY:
		return "empty XML document";
	case XML_ERR_INVALID_CHAR:
		return "invalid character in XML";
	case XML_ERR_TAG_NOT_FINISHED:
	case XML_ERR_GT_REQUIRED:
		return "truncated XML document";
	case XML_ERR_TAG_NAME_MISMATCH:
		return "mismatched XML end tag";
	case XML_ERR_UNDECLARED_ENTITY:
	case XML_WAR_UNDECLARED_ENTITY:
		return "undeclared entity in XML";
	case XML_ERR_ATTRIBUTE_REDEFINED:
		return "duplicate XML attribute";
	default:
		return "malformed XML";
	}
}

static xmlDoc *
parse_once(const char *p, size_t len, int *first_error)
{
	xmlParserCtxtPtr	 ctxt;
	struct parse_state	 st = { 0 };
	xmlDoc			*doc;
	const char		*enc = NULL;

	if (!declares_encoding(p, len) &&
	    !is_utf8((const unsigned char *)p, len))
		enc = "ISO-8859-1";	/* Thomson: CWMP.md 3 */
	if ((ctxt = xmlNewParserCtxt()) == NULL)
		return NULL;
	ctxt->_private = &st;
	ctxt->sax->serror = parse_error;
	doc = xmlCtxtReadMemory(ctxt, p, (int)len, NULL, enc,
	    CWMP_XML_OPTIONS);
	xmlFreeParserCtxt(ctxt);
	*first_error = st.first_error;
	if (doc == NULL && st.first_error == 0)
		*first_error = XML_ERR_DOCUMENT_EMPTY;
	/* Content after the closed root element is junk we may drop. */
	if (st.first_error == 0 || st.first_error == XML_ERR_DOCUMENT_END)
		return doc;
	xmlFreeDoc(doc);
	return NULL;
}

/* A copy with bytes that are never legal in XML 1.0 replaced by '?'. */
static char *
filter_chars(const char *p, size_t len, bool *changed)
{
	char	*q;
	size_t	 i;

	q = xmalloc(len + 1);
	memcpy(q, p, len);
	q[len] = '\0';
	*changed = false;
	for (i = 0; i < len; i++) {
		if ((unsigned char)q[i] < 0x20 && q[i] != '\t' &&
		    q[i] != '\n' && q[i] != '\r') {
			q[i] = '?';
			*changed = true;
		}
	}
	return q;
}

xmlDoc *
cwmp_xml_parse(const char *body, size_t len, const char **errstr)
{
	const char	*p = body, *end = body + len;
	xmlDoc		*doc;
	char		*copy;
	bool		 changed;
	int		 err;

	if (len > CWMP_BODY_MAX) {
		*errstr = "body larger than CWMP_BODY_MAX";
		return NULL;
	}
	/* Junk or a BOM before the first tag, and after the last one. */
	while (p < end && *p != '<')
		p++;
	while (end > p && end[-1] != '>')
		end--;
	if (p == end) {
		*errstr = "no XML in body";
		return NULL;
	}
	if (memmem(p, end - p, "<!DOCTYPE", 9) != NULL) {
		*errstr = "DOCTYPE not allowed in SOAP";
		return NULL;
	}
	if ((doc = parse_once(p, end - p, &err)) != NULL)
		return doc;
	if (err == XML_ERR_INVALID_CHAR) {
		copy = filter_chars(p, end - p, &changed);
		if (changed)
			doc = parse_once(copy, end - p, &err);
		free(copy);
		if (doc != NULL)
			return doc;
	}
	*errstr = parse_errstr(err);
	return NULL;
}

const char *
cwmp_xml_local(const xmlNode *n)
{
	const char	*name = (const char *)n->name, *c;

	if (name == NULL)
		return "";
	if ((c = strrchr(name, ':')) != NULL)
		return c + 1;
	return name;
}

xmlNode *
cwmp_xml_first(const xmlNode *parent)
{
	xmlNode	*c;

	if (parent == NULL)
		return NULL;
	for (c = parent->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

xmlNode *
cwmp_xml_next(const xmlNode *n)
{
	xmlNode	*c;

	for (c = n->next; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

xmlNode *
cwmp_xml_child(const xmlNode *parent, const char *local)
{
	xmlNode	*c;

	for (c = cwmp_xml_first(parent); c != NULL; c = cwmp_xml_next(c))
		if (strcasecmp(cwmp_xml_local(c), local) == 0)
			return c;
	return NULL;
}

const char *
cwmp_xml_attr(const xmlNode *n, const char *local)
{
	const xmlAttr	*a;

	for (a = n->properties; a != NULL; a = a->next) {
		if (strcasecmp(cwmp_xml_local((const xmlNode *)a), local) != 0)
			continue;
		if (a->children != NULL && a->children->content != NULL)
			return (const char *)a->children->content;
		return "";
	}
	return NULL;
}

/* Text and CDATA children only: entity references are never expanded. */
char *
cwmp_xml_text(const xmlNode *n)
{
	const xmlNode	*c;
	struct buf	 b;

	c = n->children;
	if (c == NULL)
		return xstrdup("");
	if (c->next == NULL && c->type == XML_TEXT_NODE)
		return xstrdup((const char *)c->content);
	buf_init(&b, 0);
	buf_addstr(&b, "");
	for (; c != NULL; c = c->next)
		if ((c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) && c->content != NULL)
			buf_addstr(&b, (const char *)c->content);
	return buf_release(&b, NULL);
}

char *
cwmp_xml_text_trim(const xmlNode *n)
{
	const char	*p;
	char		*s;
	size_t		 len;

	/* The common case, one text child, needs no temporary copy. */
	if (n->children == NULL || n->children->next != NULL ||
	    n->children->type != XML_TEXT_NODE) {
		s = cwmp_xml_text(n);
		p = s;
	} else {
		s = NULL;
		p = n->children->content != NULL ?
		    (const char *)n->children->content : "";
	}
	while (isspace((unsigned char)*p))
		p++;
	len = strlen(p);
	while (len > 0 && isspace((unsigned char)p[len - 1]))
		len--;
	if (s == NULL)
		return xstrndup(p, len);
	memmove(s, p, len);
	s[len] = '\0';
	return s;
}

int
cwmp_xml_get_str(const xmlNode *parent, const char *local, char **out)
{
	xmlNode	*c;

	if ((c = cwmp_xml_child(parent, local)) == NULL)
		return 0;
	free(*out);
	*out = cwmp_xml_text_trim(c);
	return 0;
}

int
cwmp_xml_get_num(const xmlNode *parent, const char *local, long long min,
    long long max, long long *out, const char **errstr)
{
	xmlNode		*c;
	const char	*e = NULL;
	char		*s;
	long long	 v;

	if ((c = cwmp_xml_child(parent, local)) == NULL)
		return 0;
	s = cwmp_xml_text_trim(c);
	v = strtonum(s, min, max, &e);
	free(s);
	if (e != NULL) {
		*errstr = "invalid or out-of-range number";
		return -1;
	}
	*out = v;
	return 0;
}

int
cwmp_xml_get_int(const xmlNode *parent, const char *local, int min, int max,
    int *out, const char **errstr)
{
	long long	v = *out;

	if (cwmp_xml_get_num(parent, local, min, max, &v, errstr) == -1)
		return -1;
	*out = (int)v;
	return 0;
}

int
cwmp_xml_get_uint(const xmlNode *parent, const char *local, unsigned int *out,
    const char **errstr)
{
	long long	v = *out;

	if (cwmp_xml_get_num(parent, local, 0, UINT32_MAX, &v, errstr) == -1)
		return -1;
	*out = (unsigned int)v;
	return 0;
}

int
cwmp_xml_get_ull(const xmlNode *parent, const char *local,
    unsigned long long *out, const char **errstr)
{
	long long	v = 0;

	if (cwmp_xml_get_num(parent, local, 0, LLONG_MAX, &v, errstr) == -1)
		return -1;
	if (cwmp_xml_child(parent, local) != NULL)
		*out = (unsigned long long)v;
	return 0;
}

int
cwmp_xml_parse_bool(const char *s, bool *out)
{
	while (isspace((unsigned char)*s))
		s++;
	if (strncasecmp(s, "true", 4) == 0 || *s == '1') {
		s += *s == '1' ? 1 : 4;
		*out = true;
	} else if (strncasecmp(s, "false", 5) == 0 || *s == '0') {
		s += *s == '0' ? 1 : 5;
		*out = false;
	} else
		return -1;
	while (isspace((unsigned char)*s))
		s++;
	return *s == '\0' ? 0 : -1;
}

int
cwmp_xml_get_bool(const xmlNode *parent, const char *local, bool *out,
    const char **errstr)
{
	xmlNode	*c;
	char	*s;
	int	 rv;

	if ((c = cwmp_xml_child(parent, local)) == NULL)
		return 0;
	s = cwmp_xml_text(c);
	if ((rv = cwmp_xml_parse_bool(s, out)) == -1)
		*errstr = "invalid boolean";
	free(s);
	return rv;
}

/* Length of the UTF-8 sequence at p, or 0 if it is not valid UTF-8. */
static size_t
utf8_len(const unsigned char *p)
{
	size_t	n, k;

	if (*p >= 0xC2 && *p <= 0xDF)
		n = 2;
	else if (*p >= 0xE0 && *p <= 0xEF)
		n = 3;
	else if (*p >= 0xF0 && *p <= 0xF4)
		n = 4;
	else
		return 0;
	for (k = 1; k < n; k++)
		if ((p[k] & 0xC0) != 0x80)
			return 0;
	return n;
}

int
cwmp_xml_escape(struct buf *b, const char *s)
{
	const char	*p, *span, *rep;
	char		 num[8];
	size_t		 n;

	if (s == NULL)
		return 0;
	for (span = p = s; *p != '\0'; p++) {
		switch (*p) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\r':
		case '\t':
		case '\n':
			/* Kept as references so attribute values survive. */
			snprintf(num, sizeof(num), "&#%d;", *p);
			rep = num;
			break;
		default:
			/*
			 * Control bytes are never legal in XML 1.0, and bytes
			 * that are not UTF-8 (a caller's Latin-1) would make
			 * the document ill-formed: both become visible junk.
			 */
			rep = NULL;
			if ((unsigned char)*p < 0x20)
				rep = "?";
			else if ((unsigned char)*p >= 0x80) {
				if ((n = utf8_len((const unsigned char *)p)) == 0)
					rep = "?";
				else
					p += n - 1;
			}
			break;
		}
		if (rep == NULL)
			continue;
		if (buf_add(b, span, p - span) == -1 ||
		    buf_addstr(b, rep) == -1)
			return -1;
		span = p + 1;
	}
	return buf_add(b, span, p - span);
}

int
cwmp_xml_put(struct buf *b, const char *tag, const char *text)
{
	if (buf_printf(b, "<%s>", tag) == -1 ||
	    cwmp_xml_escape(b, text) == -1 ||
	    buf_printf(b, "</%s>", tag) == -1)
		return -1;
	return 0;
}

int
cwmp_xml_put_ll(struct buf *b, const char *tag, long long v)
{
	return buf_printf(b, "<%s>%lld</%s>", tag, v, tag);
}

int
cwmp_xml_put_ull(struct buf *b, const char *tag, unsigned long long v)
{
	return buf_printf(b, "<%s>%llu</%s>", tag, v, tag);
}

int
cwmp_xml_put_bool(struct buf *b, const char *tag, bool v)
{
	return buf_printf(b, "<%s>%d</%s>", tag, v ? 1 : 0, tag);
}
