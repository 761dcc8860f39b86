/*
 * yaml_conf.c: fills plain structs from YAML through option tables: the
 * walk over mappings, sections and lists, defaults, freeing, dumping and
 * help.  Scalar conversion (ints, durations, sizes ...) lives in
 * yaml_conf_scalar.c.  It does not read files itself (yaml_doc does) and
 * keeps no state between calls.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "lib/yaml_conf.h"
#include "lib/yaml_conf_int.h"
#include "lib/yaml_doc.h"

struct yc_ctx {
	const char	*name;
	char		*err;
	size_t		 errlen;
	bool		 secret_set;
};

static int	load_map(struct yc_ctx *, const struct yaml_conf_opt *, void *,
		    const struct yaml_doc_node *);

static void *
field_of(const void *base, const struct yaml_conf_opt *o)
{
	return (char *)(uintptr_t)base + o->offset;
}

static void
free_strlist(struct yaml_conf_strlist *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void
free_list(const struct yaml_conf_opt *o, struct yaml_conf_list *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		yaml_conf_free(o->sub, (char *)l->v + i * o->elem_size);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void
yaml_conf_free(const struct yaml_conf_opt *table, void *conf)
{
	const struct yaml_conf_opt	*o;
	void				*f;

	for (o = table; o->name != NULL; o++) {
		f = field_of(conf, o);
		switch (o->type) {
		case YAML_CONF_STRING:
			free(*(char **)f);
			*(char **)f = NULL;
			break;
		case YAML_CONF_STRLIST:
			free_strlist(f);
			break;
		case YAML_CONF_SECTION:
			yaml_conf_free(o->sub, f);
			break;
		case YAML_CONF_LIST:
			free_list(o, f);
			break;
		default:
			break;
		}
	}
}

static int
load_strlist(struct yc_ctx *c, const struct yaml_conf_opt *o,
    struct yaml_conf_strlist *l, const struct yaml_doc_node *v)
{
	size_t	i, n;

	free_strlist(l);
	if (yaml_doc_is_null(v))
		return 0;
	if (v->kind == YAML_DOC_SCALAR) {
		l->v = xcalloc(1, sizeof(*l->v));
		l->v[l->n++] = xstrdup(v->str);
		return 0;
	}
	if (v->kind != YAML_DOC_SEQ) {
		yaml_doc_errorf(c->err, c->errlen, c->name, v,
		    "%s: expected a list of strings", o->name);
		return -1;
	}
	n = v->nitems;
	if (o->max > 0 && n > (size_t)o->max) {
		yaml_doc_errorf(c->err, c->errlen, c->name, v,
		    "%s: too many entries (maximum %lld)", o->name, o->max);
		return -1;
	}
	l->v = xcalloc(n == 0 ? 1 : n, sizeof(*l->v));
	for (i = 0; i < n; i++) {
		if (v->items[i]->kind != YAML_DOC_SCALAR) {
			yaml_doc_errorf(c->err, c->errlen, c->name,
			    v->items[i], "%s: expected a string", o->name);
			return -1;
		}
		l->v[l->n++] = xstrdup(v->items[i]->str);
	}
	return 0;
}

static int
load_list(struct yc_ctx *c, const struct yaml_conf_opt *o,
    struct yaml_conf_list *l, const struct yaml_doc_node *v)
{
	size_t	i;
	void	*elem;

	free_list(o, l);
	if (yaml_doc_is_null(v))
		return 0;
	if (v->kind != YAML_DOC_SEQ) {
		yaml_doc_errorf(c->err, c->errlen, c->name, v,
		    "%s: expected a list", o->name);
		return -1;
	}
	if (o->max > 0 && v->nitems > (size_t)o->max) {
		yaml_doc_errorf(c->err, c->errlen, c->name, v,
		    "%s: too many entries (maximum %lld)", o->name, o->max);
		return -1;
	}
	l->v = xcalloc(v->nitems == 0 ? 1 : v->nitems, o->elem_size);
	for (i = 0; i < v->nitems; i++) {
		elem = (char *)l->v + i * o->elem_size;
		l->n++;
		if (yaml_conf_defaults(o->sub, elem, c->err, c->errlen) == -1)
			return -1;
		if (load_map(c, o->sub, elem, v->items[i]) == -1)
			return -1;
	}
	return 0;
}

/* " (allowed 1..65535)" for numeric options with a range. */
static const char *
range_hint(const struct yaml_conf_opt *o, char *buf, size_t len)
{
	if (o->type != YAML_CONF_INT && o->type != YAML_CONF_INT64 &&
	    o->type != YAML_CONF_DURATION && o->type != YAML_CONF_SIZE)
		return "";
	if (o->min == 0 && o->max == 0)
		return "";
	snprintf(buf, len, " (allowed %lld..%lld%s)", o->min, o->max,
	    o->type == YAML_CONF_DURATION ? " ms" : "");
	return buf;
}

static int
load_value(struct yc_ctx *c, const struct yaml_conf_opt *o, void *base,
    const struct yaml_doc_node *v)
{
	char		 hint[64];
	const char	*errstr = NULL;
	void		*f = field_of(base, o);

	switch (o->type) {
	case YAML_CONF_STRLIST:
		return load_strlist(c, o, f, v);
	case YAML_CONF_LIST:
		return load_list(c, o, f, v);
	case YAML_CONF_SECTION:
		return yaml_doc_is_null(v) ? 0 : load_map(c, o->sub, f, v);
	default:
		break;
	}
	if (v->kind != YAML_DOC_SCALAR) {
		yaml_doc_errorf(c->err, c->errlen, c->name, v,
		    "%s: expected a %s, not a %s", o->name,
		    yaml_conf_type_name(o->type),
		    v->kind == YAML_DOC_MAP ? "mapping" : "list");
		return -1;
	}
	if (yaml_conf_set_scalar(o, f, v->str, yaml_doc_is_null(v),
	    &errstr) == -1) {
		yaml_doc_errorf(c->err, c->errlen, c->name, v, "%s: %s%s",
		    o->name, errstr, range_hint(o, hint, sizeof(hint)));
		return -1;
	}
	if ((o->flags & YAML_CONF_SECRET) && !yaml_doc_is_null(v))
		c->secret_set = true;
	return 0;
}

static const struct yaml_conf_opt *
find_opt(const struct yaml_conf_opt *table, const char *name)
{
	const struct yaml_conf_opt	*o;

	for (o = table; o->name != NULL; o++)
		if (strcmp(o->name, name) == 0)
			return o;
	return NULL;
}

static int
check_required(struct yc_ctx *c, const struct yaml_conf_opt *table,
    const struct yaml_doc_node *map)
{
	const struct yaml_conf_opt	*o;

	for (o = table; o->name != NULL; o++) {
		if (!(o->flags & YAML_CONF_REQUIRED))
			continue;
		if (yaml_doc_get(map, o->name) == NULL) {
			yaml_doc_errorf(c->err, c->errlen, c->name, map,
			    "missing required option '%s'", o->name);
			return -1;
		}
	}
	return 0;
}

static int
load_map(struct yc_ctx *c, const struct yaml_conf_opt *table, void *base,
    const struct yaml_doc_node *map)
{
	const struct yaml_conf_opt	*o;
	const struct yaml_doc_pair	*p;
	size_t				 i;

	if (map->kind != YAML_DOC_MAP) {
		yaml_doc_errorf(c->err, c->errlen, c->name, map,
		    "expected a mapping of options");
		return -1;
	}
	for (i = 0; i < map->npairs; i++) {
		p = &map->pairs[i];
		if ((o = find_opt(table, p->key->str)) == NULL) {
			yaml_doc_errorf(c->err, c->errlen, c->name, p->key,
			    "unknown option '%s'", p->key->str);
			return -1;
		}
		if (load_value(c, o, base, p->value) == -1)
			return -1;
	}
	return check_required(c, table, map);
}

static int
default_one(const struct yaml_conf_opt *o, void *f, char *err, size_t errlen)
{
	struct yc_ctx		 c = { "default", err, errlen, false };
	struct yaml_doc_node	*doc;
	const char		*errstr = NULL;
	int			 rv;

	switch (o->type) {
	case YAML_CONF_SECTION:
		return yaml_conf_defaults(o->sub, f, err, errlen);
	case YAML_CONF_LIST:
		free_list(o, f);
		return 0;
	case YAML_CONF_STRLIST:
		free_strlist(f);
		if (o->def == NULL)
			return 0;
		doc = yaml_doc_parse(o->name, o->def, strlen(o->def), err,
		    errlen);
		rv = doc == NULL ? -1 : load_strlist(&c, o, f, doc);
		yaml_doc_free(doc);
		return rv;
	default:
		break;
	}
	if (yaml_conf_set_scalar(o, f, o->def != NULL ? o->def : "",
	    o->def == NULL, &errstr) == -1) {
		snprintf(err, errlen, "%s: bad default: %s", o->name, errstr);
		return -1;
	}
	return 0;
}

int
yaml_conf_defaults(const struct yaml_conf_opt *table, void *conf, char *err,
    size_t errlen)
{
	const struct yaml_conf_opt	*o;

	for (o = table; o->name != NULL; o++)
		if (default_one(o, field_of(conf, o), err, errlen) == -1)
			return -1;
	return 0;
}

static int
load_doc(const struct yaml_conf_opt *table, void *conf, struct yc_ctx *c,
    struct yaml_doc_node *doc)
{
	int	rv;

	if (doc == NULL)
		return -1;
	rv = yaml_doc_is_null(doc) ? 0 : load_map(c, table, conf, doc);
	yaml_doc_free(doc);
	return rv;
}

int
yaml_conf_load_string(const struct yaml_conf_opt *table, void *conf,
    const char *name, const char *text, size_t len, char *err, size_t errlen)
{
	struct yc_ctx	c = { name != NULL ? name : "<string>", err, errlen,
	    false };

	if (yaml_conf_defaults(table, conf, err, errlen) == -1)
		return -1;
	if (len > YAML_CONF_FILE_MAX) {
		snprintf(err, errlen, "%s: configuration too large", c.name);
		return -1;
	}
	return load_doc(table, conf, &c,
	    yaml_doc_parse(c.name, text, len, err, errlen));
}

int
yaml_conf_load_file(const struct yaml_conf_opt *table, void *conf,
    const char *path, int flags, char *err, size_t errlen)
{
	struct yc_ctx	c = { path, err, errlen, false };
	struct stat	st;

	if (yaml_conf_defaults(table, conf, err, errlen) == -1)
		return -1;
	if (path == NULL)
		return 0;
	if (stat(path, &st) == -1) {
		if (errno == ENOENT && (flags & YAML_CONF_MISSING_OK))
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (load_doc(table, conf, &c, yaml_doc_load_file(path,
	    YAML_CONF_FILE_MAX, err, errlen)) == -1)
		return -1;
	if (c.secret_set && (st.st_mode & (S_IRWXG | S_IRWXO))) {
		snprintf(err, errlen, "%s: holds credentials but is group- or "
		    "world-accessible (chmod 600)", path);
		return -1;
	}
	return 0;
}
