/*
 * dirqueue_yaml.c: the argument tree of queue jobs (strings, lists,
 * mappings) and its YAML form, through libyaml.  Job, lease and outcome
 * files are all such trees.  Parsing is defensive: one document, no
 * anchors or aliases, scalar and unique keys, bounded depth and node count.
 * Scalars stay text; the queue interprets them.  It does not emit values
 * that are not valid UTF-8 (libyaml refuses them, and enqueue fails).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "lib/dirqueue_int.h"
#include "lib/xmalloc.h"

struct dirqueue_arg *
dirqueue_arg_new(enum dirqueue_arg_kind kind)
{
	struct dirqueue_arg	*a;

	a = xcalloc(1, sizeof(*a));
	a->kind = kind;
	return a;
}

void
dirqueue_arg_free(struct dirqueue_arg *a)
{
	size_t	i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nitems; i++)
		dirqueue_arg_free(a->items[i]);
	free(a->items);
	free(a->key);
	free(a->str);
	free(a);
}

static void
arg_append(struct dirqueue_arg *parent, struct dirqueue_arg *child)
{
	parent->items = xreallocarray(parent->items, parent->nitems + 1,
	    sizeof(*parent->items));
	parent->items[parent->nitems++] = child;
}

/* Appends child (owned by parent from now on) under key. */
void
dq_arg_attach(struct dirqueue_arg *parent, const char *key,
    struct dirqueue_arg *child)
{
	free(child->key);
	child->key = parent->kind == DIRQUEUE_ARG_MAP ? xstrdup(key) : NULL;
	arg_append(parent, child);
}

struct dirqueue_arg *
dirqueue_arg_dup(const struct dirqueue_arg *a)
{
	struct dirqueue_arg	*d;
	size_t			 i;

	if (a == NULL)
		return NULL;
	d = dirqueue_arg_new(a->kind);
	if (a->key != NULL)
		d->key = xstrdup(a->key);
	if (a->str != NULL)
		d->str = xstrdup(a->str);
	for (i = 0; i < a->nitems; i++)
		arg_append(d, dirqueue_arg_dup(a->items[i]));
	return d;
}

struct dirqueue_arg *
dirqueue_arg_add(struct dirqueue_arg *parent, const char *key,
    enum dirqueue_arg_kind kind)
{
	struct dirqueue_arg	*c;

	c = dirqueue_arg_new(kind);
	if (parent->kind == DIRQUEUE_ARG_MAP)
		c->key = xstrdup(key != NULL ? key : "");
	if (kind == DIRQUEUE_ARG_STR)
		c->str = xstrdup("");
	arg_append(parent, c);
	return c;
}

struct dirqueue_arg *
dirqueue_arg_add_str(struct dirqueue_arg *parent, const char *key,
    const char *value)
{
	struct dirqueue_arg	*c;

	c = dirqueue_arg_add(parent, key, DIRQUEUE_ARG_STR);
	free(c->str);
	c->str = xstrdup(value != NULL ? value : "");
	return c;
}

const struct dirqueue_arg *
dirqueue_arg_get(const struct dirqueue_arg *map, const char *key)
{
	size_t	i;

	if (map == NULL || map->kind != DIRQUEUE_ARG_MAP)
		return NULL;
	for (i = 0; i < map->nitems; i++)
		if (strcmp(map->items[i]->key, key) == 0)
			return map->items[i];
	return NULL;
}

const char *
dirqueue_arg_get_str(const struct dirqueue_arg *map, const char *key)
{
	const struct dirqueue_arg	*a;

	a = dirqueue_arg_get(map, key);
	if (a == NULL || a->kind != DIRQUEUE_ARG_STR)
		return NULL;
	return a->str;
}

/* map[key] as a number in [min, max]; def if missing; *bad on error. */
long long
dq_arg_num(const struct dirqueue_arg *map, const char *key, long long def,
    long long min, long long max, bool *bad)
{
	const struct dirqueue_arg	*a;
	const char			*errstr;
	long long			 v;

	a = dirqueue_arg_get(map, key);
	if (a == NULL)
		return def;
	if (a->kind != DIRQUEUE_ARG_STR) {
		*bad = true;
		return def;
	}
	v = strtonum(a->str, min, max, &errstr);
	if (errstr != NULL) {
		*bad = true;
		return def;
	}
	return v;
}

bool
dq_arg_bool(const struct dirqueue_arg *map, const char *key, bool def,
    bool *bad)
{
	const char	*s;

	if (dirqueue_arg_get(map, key) == NULL)
		return def;
	s = dirqueue_arg_get_str(map, key);
	if (s != NULL && strcmp(s, "true") == 0)
		return true;
	if (s != NULL && strcmp(s, "false") == 0)
		return false;
	*bad = true;
	return def;
}

/* Parsing. */

struct dq_parse {
	yaml_parser_t	 parser;
	size_t		 nodes;
	const char	*errstr;
};

static struct dirqueue_arg *parse_node(struct dq_parse *, yaml_event_t *,
    int);

static int
parse_next(struct dq_parse *p, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&p->parser, ev)) {
		p->errstr = "YAML syntax error";
		return -1;
	}
	if ((ev->type == YAML_SCALAR_EVENT &&
	    ev->data.scalar.anchor != NULL) ||
	    (ev->type == YAML_SEQUENCE_START_EVENT &&
	    ev->data.sequence_start.anchor != NULL) ||
	    (ev->type == YAML_MAPPING_START_EVENT &&
	    ev->data.mapping_start.anchor != NULL) ||
	    ev->type == YAML_ALIAS_EVENT) {
		yaml_event_delete(ev);
		p->errstr = "YAML anchors and aliases are not allowed";
		return -1;
	}
	return 0;
}

/* Reads children until the end event; map children need scalar keys. */
static int
parse_children(struct dq_parse *p, struct dirqueue_arg *a, int depth)
{
	yaml_event_t		 ev;
	struct dirqueue_arg	*c;
	char			*key = NULL;

	for (;;) {
		if (parse_next(p, &ev) == -1)
			goto fail;
		if (ev.type == YAML_SEQUENCE_END_EVENT ||
		    ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return 0;
		}
		if (a->kind == DIRQUEUE_ARG_MAP) {
			if (ev.type != YAML_SCALAR_EVENT) {
				yaml_event_delete(&ev);
				p->errstr = "YAML mapping key is not a scalar";
				goto fail;
			}
			key = xstrndup((char *)ev.data.scalar.value,
			    ev.data.scalar.length);
			yaml_event_delete(&ev);
			if (dirqueue_arg_get(a, key) != NULL) {
				p->errstr = "YAML mapping key repeated";
				goto fail;
			}
			if (parse_next(p, &ev) == -1)
				goto fail;
		}
		c = parse_node(p, &ev, depth + 1);
		if (c == NULL)
			goto fail;
		c->key = key;
		key = NULL;
		arg_append(a, c);
	}
fail:
	free(key);
	return -1;
}

/* Builds the node that starts with ev (which it consumes). */
static struct dirqueue_arg *
parse_node(struct dq_parse *p, yaml_event_t *ev, int depth)
{
	struct dirqueue_arg	*a = NULL;

	if (++p->nodes > DIRQUEUE_ARG_NODES_MAX)
		p->errstr = "YAML document has too many nodes";
	else if (depth > DIRQUEUE_ARG_DEPTH_MAX)
		p->errstr = "YAML document nested too deeply";
	else if (ev->type == YAML_SCALAR_EVENT) {
		a = dirqueue_arg_new(DIRQUEUE_ARG_STR);
		a->str = xstrndup((char *)ev->data.scalar.value,
		    ev->data.scalar.length);
	} else if (ev->type == YAML_SEQUENCE_START_EVENT)
		a = dirqueue_arg_new(DIRQUEUE_ARG_LIST);
	else if (ev->type == YAML_MAPPING_START_EVENT)
		a = dirqueue_arg_new(DIRQUEUE_ARG_MAP);
	else
		p->errstr = "unexpected YAML event";
	yaml_event_delete(ev);
	if (a != NULL && a->kind != DIRQUEUE_ARG_STR &&
	    parse_children(p, a, depth) == -1) {
		dirqueue_arg_free(a);
		a = NULL;
	}
	return a;
}

/* Expects event type t next; -1 otherwise. */
static int
parse_expect(struct dq_parse *p, yaml_event_type_t t)
{
	yaml_event_t	ev;
	int		ok;

	if (parse_next(p, &ev) == -1)
		return -1;
	ok = ev.type == t;
	yaml_event_delete(&ev);
	if (!ok)
		p->errstr = "not a single YAML document";
	return ok ? 0 : -1;
}

struct dirqueue_arg *
dq_yaml_parse(const char *text, size_t len, const char **errstr)
{
	struct dq_parse		 p;
	struct dirqueue_arg	*root = NULL;
	yaml_event_t		 ev;

	memset(&p, 0, sizeof(p));
	if (!yaml_parser_initialize(&p.parser)) {
		*errstr = "out of memory";
		return NULL;
	}
	yaml_parser_set_input_string(&p.parser, (const unsigned char *)text,
	    len);
	if (parse_expect(&p, YAML_STREAM_START_EVENT) == -1 ||
	    parse_expect(&p, YAML_DOCUMENT_START_EVENT) == -1 ||
	    parse_next(&p, &ev) == -1)
		goto fail;
	root = parse_node(&p, &ev, 0);
	if (root == NULL || parse_expect(&p, YAML_DOCUMENT_END_EVENT) == -1 ||
	    parse_expect(&p, YAML_STREAM_END_EVENT) == -1)
		goto fail;
	yaml_parser_delete(&p.parser);
	return root;
fail:
	dirqueue_arg_free(root);
	yaml_parser_delete(&p.parser);
	*errstr = p.errstr != NULL ? p.errstr : "bad YAML document";
	return NULL;
}

/* Emitting. */

struct dq_out {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

static int
emit_write(void *ctx, unsigned char *buf, size_t size)
{
	struct dq_out	*o = ctx;

	if (o->len + size + 1 > DIRQUEUE_FILE_MAX)
		return 0;
	if (o->len + size + 1 > o->cap) {
		o->cap = (o->len + size + 1) * 2;
		o->data = xreallocarray(o->data, 1, o->cap);
	}
	memcpy(o->data + o->len, buf, size);
	o->len += size;
	o->data[o->len] = '\0';
	return 1;
}

static int
emit_scalar(yaml_emitter_t *e, const char *s)
{
	yaml_event_t	ev;

	if (!yaml_scalar_event_initialize(&ev, NULL, NULL,
	    (yaml_char_t *)(uintptr_t)s, (int)strlen(s), 1, 1,
	    YAML_ANY_SCALAR_STYLE))
		return -1;
	return yaml_emitter_emit(e, &ev) ? 0 : -1;
}

static int
emit_node(yaml_emitter_t *e, const struct dirqueue_arg *a)
{
	yaml_event_t	ev;
	size_t		i;
	int		ok;

	if (a->kind == DIRQUEUE_ARG_STR)
		return emit_scalar(e, a->str);
	if (a->kind == DIRQUEUE_ARG_LIST)
		ok = yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
		    YAML_ANY_SEQUENCE_STYLE);
	else
		ok = yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
		    YAML_ANY_MAPPING_STYLE);
	if (!ok || !yaml_emitter_emit(e, &ev))
		return -1;
	for (i = 0; i < a->nitems; i++) {
		if (a->kind == DIRQUEUE_ARG_MAP &&
		    emit_scalar(e, a->items[i]->key) == -1)
			return -1;
		if (emit_node(e, a->items[i]) == -1)
			return -1;
	}
	if (a->kind == DIRQUEUE_ARG_LIST)
		ok = yaml_sequence_end_event_initialize(&ev);
	else
		ok = yaml_mapping_end_event_initialize(&ev);
	return ok && yaml_emitter_emit(e, &ev) ? 0 : -1;
}

static int
emit_simple(yaml_emitter_t *e, int which)
{
	yaml_event_t	ev;
	int		ok;

	switch (which) {
	case 0:
		ok = yaml_stream_start_event_initialize(&ev,
		    YAML_UTF8_ENCODING);
		break;
	case 1:
		ok = yaml_document_start_event_initialize(&ev, NULL, NULL,
		    NULL, 1);
		break;
	case 2:
		ok = yaml_document_end_event_initialize(&ev, 1);
		break;
	default:
		ok = yaml_stream_end_event_initialize(&ev);
		break;
	}
	return ok && yaml_emitter_emit(e, &ev) ? 0 : -1;
}

/* The YAML text of a tree (NUL-terminated, free() it), or NULL. */
char *
dq_yaml_emit(const struct dirqueue_arg *a, size_t *lenp)
{
	yaml_emitter_t	e;
	struct dq_out	o = { NULL, 0, 0 };
	int		rc;

	if (!yaml_emitter_initialize(&e))
		return NULL;
	yaml_emitter_set_output(&e, emit_write, &o);
	yaml_emitter_set_unicode(&e, 1);
	yaml_emitter_set_width(&e, -1);
	rc = emit_simple(&e, 0);
	if (rc == 0)
		rc = emit_simple(&e, 1);
	if (rc == 0)
		rc = emit_node(&e, a);
	if (rc == 0)
		rc = emit_simple(&e, 2);
	if (rc == 0)
		rc = emit_simple(&e, 3);
	if (rc == 0 && !yaml_emitter_flush(&e))
		rc = -1;
	yaml_emitter_delete(&e);
	if (rc == -1 || o.data == NULL) {
		free(o.data);
		errno = EINVAL;
		return NULL;
	}
	*lenp = o.len;
	return o.data;
}
