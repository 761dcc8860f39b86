/*
 * rule_template.c: "${Name}" substitution in rule action values.  A name
 * is a device identity field (OUI, ProductClass, SerialNumber,
 * Manufacturer, DeviceID) or a parameter path; "$$" is a literal "$".
 * Expansion fails when a named parameter is not in the tree, so a rule
 * never pushes a half-built value.  It does no escaping and evaluates
 * nothing: the result is plain text.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/rule_int.h"
#include "lib/xmalloc.h"

static bool
name_char(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '-';
}

/*
 * Scans the reference that starts at p ("${"); stores the name's bounds.
 * Returns the first byte after "}" or NULL.
 */
static const char *
template_ref(const char *p, const char **name, size_t *len, const char **errstr)
{
	const char *q;

	q = p + 2;
	*name = q;
	while (*q != '\0' && *q != '}') {
		if (!name_char((unsigned char)*q)) {
			*errstr = "bad character in ${...} name";
			return NULL;
		}
		q++;
	}
	if (*q != '}') {
		*errstr = "unterminated ${";
		return NULL;
	}
	*len = q - *name;
	if (*len == 0 || *len >= RULE_PATH_MAX) {
		*errstr = "empty or too long ${...} name";
		return NULL;
	}
	return q + 1;
}

int
rule_template_check(const char *tmpl, const char **errstr)
{
	const char *p, *name;
	size_t len;

	for (p = tmpl; *p != '\0';) {
		if (p[0] == '$' && p[1] == '$')
			p += 2;
		else if (p[0] == '$' && p[1] == '{') {
			if ((p = template_ref(p, &name, &len, errstr)) == NULL)
				return -1;
		} else
			p++;
	}
	return 0;
}

static const char *
template_lookup(const char *name, const struct rule_device *dev)
{
	enum rule_id id;
	const char *type;

	if (rule_id_lookup(name, &id) == 0)
		return dev->ops->id(dev->ctx, id);
	return dev->ops->value(dev->ctx, name, &type);
}

char *
rule_template_expand(
    const char *tmpl, const struct rule_device *dev, const char **errstr)
{
	struct buf b;
	const char *p, *q, *name, *v;
	char nm[RULE_PATH_MAX];
	size_t len;

	buf_init(&b, RULE_VALUE_MAX);
	for (p = tmpl; *p != '\0';) {
		if (p[0] == '$' && p[1] == '$') {
			buf_addch(&b, '$');
			p += 2;
			continue;
		}
		if (p[0] != '$' || p[1] != '{') {
			q = p + 1;
			while (*q != '\0' && *q != '$')
				q++;
			if (buf_add(&b, p, q - p) == -1)
				goto toolong;
			p = q;
			continue;
		}
		if ((q = template_ref(p, &name, &len, errstr)) == NULL)
			goto fail;
		memcpy(nm, name, len);
		nm[len] = '\0';
		if ((v = template_lookup(nm, dev)) == NULL) {
			*errstr = "template names a parameter the device lacks";
			goto fail;
		}
		if (buf_addstr(&b, v) == -1)
			goto toolong;
		p = q;
	}
	if (b.data == NULL)
		return xstrdup("");
	return buf_release(&b, NULL);
toolong:
	*errstr = "expanded value too long";
fail:
	buf_clear(&b);
	return NULL;
}
