/*
 * cwmp_xml.h: the libxml2 side of the CWMP codec, shared by cwmp_soap.c and
 * cwmp_rpc_*.c only: the tolerant, safe parse of a SOAP body into a tree
 * (the rules are in cwmp_soap.h), element lookup by local name, text and
 * number extraction, and escaped element output.  It knows nothing of
 * SOAP or CWMP element names.  Programs use cwmp_rpc.h instead.
 */
#ifndef LIB_CWMP_XML_H
#define LIB_CWMP_XML_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "lib/buf.h"

/*
 * Parses body (at most CWMP_BODY_MAX bytes) with XML_PARSE_NONET and no
 * entity substitution or DTD loading.  Documents with a DOCTYPE are
 * refused (SOAP 1.1 section 3).  Returns the document (xmlFreeDoc() it) or
 * NULL with *errstr set.
 */
xmlDoc	*cwmp_xml_parse(const char *body, size_t len, const char **errstr);
/* True if the len bytes at p are only whitespace (an empty POST). */
bool	 cwmp_xml_is_blank(const char *p, size_t len);

/* The local part of an element or attribute name, whatever its prefix. */
const char *cwmp_xml_local(const xmlNode *n);
/* The first element child, and the next element sibling, or NULL. */
xmlNode	*cwmp_xml_first(const xmlNode *parent);
xmlNode	*cwmp_xml_next(const xmlNode *n);
/* The first element child with this local name (case-insensitive). */
xmlNode	*cwmp_xml_child(const xmlNode *parent, const char *local);
/* The value of the attribute with this local name, or NULL. */
const char *cwmp_xml_attr(const xmlNode *n, const char *local);

/* The element's text as a new string; raw, or trimmed of blanks. */
char	*cwmp_xml_text(const xmlNode *n);
char	*cwmp_xml_text_trim(const xmlNode *n);

/*
 * Child lookups.  An absent child leaves *out untouched and returns 0.
 * Numbers may be zero-padded and surrounded by blanks; a value that is
 * not a number in [min, max] gives -1 with *errstr set.
 */
int	cwmp_xml_get_str(const xmlNode *parent, const char *local, char **out);
int	cwmp_xml_get_num(const xmlNode *parent, const char *local,
	    long long min, long long max, long long *out, const char **errstr);
int	cwmp_xml_get_int(const xmlNode *parent, const char *local, int min,
	    int max, int *out, const char **errstr);
int	cwmp_xml_get_uint(const xmlNode *parent, const char *local,
	    unsigned int *out, const char **errstr);
int	cwmp_xml_get_ull(const xmlNode *parent, const char *local,
	    unsigned long long *out, const char **errstr);
/* Booleans: true, false, 1, 0 (case-insensitive). */
int	cwmp_xml_get_bool(const xmlNode *parent, const char *local, bool *out,
	    const char **errstr);
int	cwmp_xml_parse_bool(const char *s, bool *out);

/* Appends s escaped for element content or attributes (NULL: nothing). */
int	cwmp_xml_escape(struct buf *b, const char *s);
/* <tag>text</tag>, text NULL giving <tag></tag>. */
int	cwmp_xml_put(struct buf *b, const char *tag, const char *text);
int	cwmp_xml_put_ll(struct buf *b, const char *tag, long long v);
int	cwmp_xml_put_ull(struct buf *b, const char *tag, unsigned long long v);
int	cwmp_xml_put_bool(struct buf *b, const char *tag, bool v);

#endif /* LIB_CWMP_XML_H */
