/*
 * yaml_doc.c: the reading half of yaml_doc: libyaml events to a node tree,
 * with ceilings on size, depth and node count, no aliases, unique scalar
 * keys, one document, and !!binary scalars decoded.  It resolves no types;
 * see yaml_doc_write.c for the emitter side.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "lib/fileio.h"
#include "lib/xmalloc.h"
#include "lib/yaml_doc.h"
#include "lib/yaml_doc_int.h"

struct ydp {
	yaml_parser_t	 parser;
	const char	*name;
	char		*err;
	size_t		 errlen;
	size_t		 nodes;
};

void
yaml_doc_errorf(char *err, size_t errlen, const char *name,
    const struct yaml_doc_node *at, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	if (err == NULL || errlen == 0)
		return;
	if (at != NULL)
		n = snprintf(err, errlen, "%s:%u:%u: ", name, at->line, at->col);
	else
		n = snprintf(err, errlen, "%s: ", name);
	if (n < 0 || (size_t)n >= errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

static void
ydp_error_at(struct ydp *s, const yaml_mark_t *m, const char *msg)
{
	struct yaml_doc_node	at;

	memset(&at, 0, sizeof(at));
	at.line = (unsigned int)m->line + 1;
	at.col = (unsigned int)m->column + 1;
	yaml_doc_errorf(s->err, s->errlen, s->name, &at, "%s", msg);
}

static int
ydp_next(struct ydp *s, yaml_event_t *ev)
{
	const char	*ctx;
	char		 msg[YAML_DOC_ERR_MAX];

	if (yaml_parser_parse(&s->parser, ev))
		return 0;
	ctx = s->parser.context;
	snprintf(msg, sizeof(msg), "%s%s%s",
	    s->parser.problem != NULL ? s->parser.problem : "syntax error",
	    ctx != NULL ? " " : "", ctx != NULL ? ctx : "");
	ydp_error_at(s, &s->parser.problem_mark, msg);
	return -1;
}

static struct yaml_doc_node *
node_new(struct ydp *s, enum yaml_doc_kind kind, const yaml_mark_t *m)
{
	struct yaml_doc_node	*n;

	if (++s->nodes > YAML_DOC_NODES_MAX) {
		ydp_error_at(s, m, "too many nodes");
		return NULL;
	}
	n = xcalloc(1, sizeof(*n));
	n->kind = kind;
	n->line = (unsigned int)m->line + 1;
	n->col = (unsigned int)m->column + 1;
	return n;
}

static struct yaml_doc_node *
ydp_scalar(struct ydp *s, yaml_event_t *ev)
{
	struct yaml_doc_node	*n;
	const char		*tag = (const char *)ev->data.scalar.tag;
	const char		*v = (const char *)ev->data.scalar.value;
	size_t			 len = ev->data.scalar.length;

	if ((n = node_new(s, YAML_DOC_SCALAR, &ev->start_mark)) == NULL)
		return NULL;
	if (tag != NULL && strcmp(tag, YAML_BINARY_TAG) == 0) {
		n->str = yaml_doc_b64_decode(v, len, &n->len);
		if (n->str == NULL) {
			ydp_error_at(s, &ev->start_mark, "bad !!binary value");
			free(n);
			return NULL;
		}
		return n;
	}
	n->str = xmalloc(len + 1);
	memcpy(n->str, v, len);
	n->str[len] = '\0';
	n->len = len;
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    tag == NULL;
	return n;
}

static struct yaml_doc_node *ydp_node(struct ydp *, yaml_event_t *, int);

static struct yaml_doc_node *
ydp_seq(struct ydp *s, yaml_event_t *ev, int depth)
{
	struct yaml_doc_node	*n, *item;
	yaml_event_t		 sub;
	size_t			 cap = 0;

	if ((n = node_new(s, YAML_DOC_SEQ, &ev->start_mark)) == NULL)
		return NULL;
	for (;;) {
		if (ydp_next(s, &sub) == -1)
			goto fail;
		if (sub.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&sub);
			return n;
		}
		if ((item = ydp_node(s, &sub, depth + 1)) == NULL)
			goto fail;
		if (n->nitems == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			n->items = xreallocarray(n->items, cap,
			    sizeof(*n->items));
		}
		n->items[n->nitems++] = item;
	}
fail:
	yaml_doc_free(n);
	return NULL;
}

static int
key_cmp(const void *a, const void *b)
{
	const struct yaml_doc_pair *pa = *(struct yaml_doc_pair *const *)a;
	const struct yaml_doc_pair *pb = *(struct yaml_doc_pair *const *)b;
	size_t	len = pa->key->len < pb->key->len ? pa->key->len :
	    pb->key->len;
	int	c = memcmp(pa->key->str, pb->key->str, len);

	if (c != 0)
		return c;
	return pa->key->len < pb->key->len ? -1 :
	    pa->key->len > pb->key->len;
}

/* Finds a duplicate key in O(n log n); large trees are one mapping. */
static const struct yaml_doc_node *
map_find_dup(const struct yaml_doc_node *n)
{
	const struct yaml_doc_pair	**v, *dup = NULL;
	size_t				  i;

	if (n->npairs < 2)
		return NULL;
	v = xreallocarray(NULL, n->npairs, sizeof(*v));
	for (i = 0; i < n->npairs; i++)
		v[i] = &n->pairs[i];
	qsort(v, n->npairs, sizeof(*v), key_cmp);
	for (i = 1; i < n->npairs && dup == NULL; i++)
		if (key_cmp(&v[i - 1], &v[i]) == 0)
			dup = v[i - 1] > v[i] ? v[i - 1] : v[i];
	free(v);
	return dup != NULL ? dup->key : NULL;
}

static int
ydp_pair(struct ydp *s, struct yaml_doc_node *n, yaml_event_t *kev,
    int depth, size_t *cap)
{
	struct yaml_doc_node	*k, *v;
	yaml_event_t		 vev;

	if (kev->type != YAML_SCALAR_EVENT) {
		ydp_error_at(s, &kev->start_mark, "mapping key is not a scalar");
		yaml_event_delete(kev);
		return -1;
	}
	if ((k = ydp_node(s, kev, depth + 1)) == NULL)
		return -1;
	if (ydp_next(s, &vev) == -1 || (v = ydp_node(s, &vev, depth + 1)) ==
	    NULL) {
		yaml_doc_free(k);
		return -1;
	}
	if (n->npairs == *cap) {
		*cap = *cap == 0 ? 8 : *cap * 2;
		n->pairs = xreallocarray(n->pairs, *cap, sizeof(*n->pairs));
	}
	n->pairs[n->npairs].key = k;
	n->pairs[n->npairs++].value = v;
	return 0;
}

static struct yaml_doc_node *
ydp_map(struct ydp *s, yaml_event_t *ev, int depth)
{
	struct yaml_doc_node		*n;
	const struct yaml_doc_node	*dup;
	yaml_event_t			 sub;
	size_t				 cap = 0;

	if ((n = node_new(s, YAML_DOC_MAP, &ev->start_mark)) == NULL)
		return NULL;
	for (;;) {
		if (ydp_next(s, &sub) == -1)
			goto fail;
		if (sub.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&sub);
			break;
		}
		if (ydp_pair(s, n, &sub, depth, &cap) == -1)
			goto fail;
	}
	if ((dup = map_find_dup(n)) != NULL) {
		yaml_doc_errorf(s->err, s->errlen, s->name, dup,
		    "duplicate key '%s'", dup->str);
		goto fail;
	}
	return n;
fail:
	yaml_doc_free(n);
	return NULL;
}

/* Consumes ev (the first event of a node) and returns the node. */
static struct yaml_doc_node *
ydp_node(struct ydp *s, yaml_event_t *ev, int depth)
{
	struct yaml_doc_node	*n = NULL;

	if (depth > YAML_DOC_DEPTH_MAX) {
		ydp_error_at(s, &ev->start_mark, "nesting too deep");
		yaml_event_delete(ev);
		return NULL;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = ydp_scalar(s, ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
		n = ydp_seq(s, ev, depth);
		break;
	case YAML_MAPPING_START_EVENT:
		n = ydp_map(s, ev, depth);
		break;
	case YAML_ALIAS_EVENT:
		ydp_error_at(s, &ev->start_mark, "aliases are not allowed");
		break;
	default:
		ydp_error_at(s, &ev->start_mark, "unexpected YAML event");
		break;
	}
	yaml_event_delete(ev);
	return n;
}

static int
ydp_expect(struct ydp *s, yaml_event_type_t type, const char *msg)
{
	yaml_event_t	ev;
	int		rv = 0;

	if (ydp_next(s, &ev) == -1)
		return -1;
	if (ev.type != type) {
		ydp_error_at(s, &ev.start_mark, msg);
		rv = -1;
	}
	yaml_event_delete(&ev);
	return rv;
}

static struct yaml_doc_node *
ydp_document(struct ydp *s)
{
	struct yaml_doc_node	*root = NULL;
	yaml_event_t		 ev;

	if (ydp_expect(s, YAML_STREAM_START_EVENT, "no stream") == -1)
		return NULL;
	if (ydp_next(s, &ev) == -1)
		return NULL;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_mark_t	m = ev.start_mark;

		yaml_event_delete(&ev);
		if ((root = node_new(s, YAML_DOC_SCALAR, &m)) != NULL) {
			root->str = xstrdup("");
			root->plain = true;
		}
		return root;
	}
	yaml_event_delete(&ev);
	if (ydp_next(s, &ev) == -1 || (root = ydp_node(s, &ev, 0)) == NULL)
		return NULL;
	if (ydp_expect(s, YAML_DOCUMENT_END_EVENT, "document end expected") ==
	    -1 || ydp_expect(s, YAML_STREAM_END_EVENT,
	    "only one document is allowed") == -1) {
		yaml_doc_free(root);
		return NULL;
	}
	return root;
}

struct yaml_doc_node *
yaml_doc_parse(const char *name, const void *data, size_t len, char *err,
    size_t errlen)
{
	struct ydp		 s;
	struct yaml_doc_node	*root;

	memset(&s, 0, sizeof(s));
	s.name = name != NULL ? name : "<string>";
	s.err = err;
	s.errlen = errlen;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (!yaml_parser_initialize(&s.parser)) {
		yaml_doc_errorf(err, errlen, s.name, NULL, "out of memory");
		return NULL;
	}
	yaml_parser_set_input_string(&s.parser, data, len);
	root = ydp_document(&s);
	yaml_parser_delete(&s.parser);
	return root;
}

struct yaml_doc_node *
yaml_doc_load_file(const char *path, size_t max, char *err, size_t errlen)
{
	struct yaml_doc_node	*root;
	char			*data;
	size_t			 len;
	int			 saved;

	if (max == 0)
		max = YAML_DOC_SIZE_MAX;
	if ((data = fileio_read(path, max, &len)) == NULL) {
		saved = errno;
		yaml_doc_errorf(err, errlen, path, NULL, "%s",
		    saved == EFBIG ? "file too large" : strerror(saved));
		errno = saved;
		return NULL;
	}
	root = yaml_doc_parse(path, data, len, err, errlen);
	free(data);
	if (root == NULL)
		errno = EINVAL;
	return root;
}

void
yaml_doc_free(struct yaml_doc_node *n)
{
	size_t	i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nitems; i++)
		yaml_doc_free(n->items[i]);
	for (i = 0; i < n->npairs; i++) {
		yaml_doc_free(n->pairs[i].key);
		yaml_doc_free(n->pairs[i].value);
	}
	free(n->items);
	free(n->pairs);
	free(n->str);
	free(n);
}

struct yaml_doc_node *
yaml_doc_get(const struct yaml_doc_node *map, const char *key)
{
	size_t	i;

	if (map == NULL || map->kind != YAML_DOC_MAP)
		return NULL;
	for (i = 0; i < map->npairs; i++)
		if (strcmp(map->pairs[i].key->str, key) == 0)
			return map->pairs[i].value;
	return NULL;
}

const char *
yaml_doc_get_str(const struct yaml_doc_node *map, const char *key)
{
	const struct yaml_doc_node	*v = yaml_doc_get(map, key);

	if (v == NULL || v->kind != YAML_DOC_SCALAR)
		return NULL;
	return v->str;
}

bool
yaml_doc_is_null(const struct yaml_doc_node *n)
{
	if (n == NULL || n->kind != YAML_DOC_SCALAR || !n->plain)
		return false;
	return n->len == 0 || strcmp(n->str, "~") == 0 ||
	    strcmp(n->str, "null") == 0 || strcmp(n->str, "Null") == 0 ||
	    strcmp(n->str, "NULL") == 0;
}
