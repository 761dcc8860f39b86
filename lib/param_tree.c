/*
 * param_tree.c: the parameter tree proper: an RB tree (<sys/tree.h>) of
 * entries in segment order, ancestor creation, instances, subtree delete
 * and iteration.  Names, types and values are checked in param_value.c;
 * YAML in param_tree_yaml.c.  It does no locking (see param_tree.h).
 */
#include "config.h"

/* libbsd's tree.h marks the static RB functions __unused. */
#ifndef __unused
#define __unused __attribute__((__unused__))
#endif
#include <sys/tree.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/param_tree.h"
#include "lib/xmalloc.h"

struct pt_node {
	RB_ENTRY(pt_node)	 entry;
	struct param		 p;
};

RB_HEAD(pt_rb, pt_node);

struct param_tree {
	struct pt_rb	 head;
	size_t		 nparams;
	size_t		 nobjects;
};

static int
pt_cmp(struct pt_node *a, struct pt_node *b)
{
	return param_name_cmp(a->p.name, b->p.name);
}

RB_GENERATE_STATIC(pt_rb, pt_node, entry, pt_cmp)

#define PT_NODE(param)	((struct pt_node *)(void *)((char *)(param) - \
	offsetof(struct pt_node, p)))
#define PT_ITER_ONE	0x100	/* internal: path is a parameter */

static bool
seg_is_num(const char *s, size_t len)
{
	size_t	i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int
seg_cmp(const char *a, size_t la, const char *b, size_t lb)
{
	bool	na = seg_is_num(a, la), nb = seg_is_num(b, lb);
	size_t	za = 0, zb = 0;
	int	c;

	if (na != nb)
		return na ? -1 : 1;
	if (na) {
		while (za + 1 < la && a[za] == '0')
			za++;
		while (zb + 1 < lb && b[zb] == '0')
			zb++;
		if (la - za != lb - zb)
			return la - za < lb - zb ? -1 : 1;
		if ((c = memcmp(a + za, b + zb, la - za)) != 0)
			return c;
	}
	/* Equal numbers with different zero padding fall through here. */
	if ((c = memcmp(a, b, la < lb ? la : lb)) != 0)
		return c;
	return la == lb ? 0 : (la < lb ? -1 : 1);
}

int
param_name_cmp(const char *a, const char *b)
{
	size_t	la, lb, i, seg = 0;
	int	c;

	/*
	 * Names in one tree share long prefixes; byte-identical leading
	 * segments compare equal, so skip them in one pass.
	 */
	for (i = 0; a[i] != '\0' && a[i] == b[i]; i++)
		if (a[i] == '.')
			seg = i + 1;
	if (a[i] == b[i])
		return 0;
	a += seg;
	b += seg;
	/* One name ends where the other goes on: "A.B." before "A.B.C". */
	if (*a == '\0' || *b == '\0')
		return *a == '\0' ? -1 : 1;
	for (;;) {
		la = strcspn(a, ".");
		lb = strcspn(b, ".");
		if ((c = seg_cmp(a, la, b, lb)) != 0)
			return c;
		a += la;
		b += lb;
		if (*a == '\0' || *b == '\0')
			return *a == *b ? 0 : (*a == '\0' ? -1 : 1);
		a++;
		b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b ? 0 : (*a == '\0' ? -1 : 1);
	}
}

struct param_tree *
param_tree_new(void)
{
	struct param_tree	*t;

	t = xcalloc(1, sizeof(*t));
	RB_INIT(&t->head);
	return t;
}

static void
node_free(struct pt_node *n)
{
	free(n->p.name);
	free(n->p.value);
	free(n->p.access_list);
	free(n);
}

void
param_tree_free(struct param_tree *t)
{
	struct pt_node	*n, *next;

	if (t == NULL)
		return;
	for (n = RB_MIN(pt_rb, &t->head); n != NULL; n = next) {
		next = RB_NEXT(pt_rb, &t->head, n);
		RB_REMOVE(pt_rb, &t->head, n);
		node_free(n);
	}
	free(t);
}

size_t
param_tree_count(const struct param_tree *t, bool with_objects)
{
	return t->nparams + (with_objects ? t->nobjects : 0);
}

static struct pt_node *
find(const struct param_tree *t, const char *name)
{
	struct pt_node	key;

	key.p.name = (char *)(uintptr_t)name;
	return RB_FIND(pt_rb, (struct pt_rb *)(uintptr_t)&t->head, &key);
}

struct param *
param_tree_get(const struct param_tree *t, const char *name)
{
	struct pt_node	*n = find(t, name);

	return n != NULL ? &n->p : NULL;
}

const char *
param_tree_get_value(const struct param_tree *t, const char *name)
{
	struct param	*p = param_tree_get(t, name);

	return p != NULL ? p->value : NULL;
}

/* A new node named by len bytes of name, counted in t but not linked. */
static struct pt_node *
node_new(struct param_tree *t, const char *name, size_t len, bool object)
{
	struct pt_node	*n;

	n = xcalloc(1, sizeof(*n));
	n->p.name = xstrndup(name, len);
	n->p.type = object ? PARAM_OBJECT : PARAM_STRING;
	if (object)
		t->nobjects++;
	else
		t->nparams++;
	return n;
}

static struct pt_node *
insert(struct param_tree *t, const char *name, size_t len, bool object)
{
	struct pt_node	*n = node_new(t, name, len, object);

	RB_INSERT(pt_rb, &t->head, n);
	return n;
}

/* Records instance number seg of an object below parent. */
static void
note_instance(struct param_tree *t, const char *name, size_t plen,
    const char *seg, size_t slen)
{
	struct pt_node	 key, *parent;
	char		 buf[PARAM_NAME_MAX + 1];
	unsigned long	 v;

	if (!seg_is_num(seg, slen) || slen > 10 || plen > PARAM_NAME_MAX)
		return;
	memcpy(buf, name, plen);
	buf[plen] = '\0';
	key.p.name = buf;
	if ((parent = RB_FIND(pt_rb, &t->head, &key)) == NULL)
		return;
	v = strtoul(seg, NULL, 10);
	if (v <= PARAM_INSTANCE_MAX && v > parent->p.next_instance)
		parent->p.next_instance = (uint32_t)v;
}

/*
 * Makes sure every object prefix of name (up to and including each '.'
 * before position end) exists.  Every entry's parent exists, so it walks
 * up to the first existing ancestor and creates downwards.
 */
static int
ensure_ancestors(struct param_tree *t, const char *name, size_t end,
    const char **errstr)
{
	struct pt_node	 key;
	char		 buf[PARAM_NAME_MAX + 2];
	size_t		 cut[PARAM_NAME_MAX], ncut = 0, i, prev;

	memcpy(buf, name, end);
	for (i = 0; i < end; i++)
		if (name[i] == '.')
			cut[ncut++] = i + 1;
	key.p.name = buf;
	for (i = ncut; i > 0; i--) {
		buf[cut[i - 1]] = '\0';
		if (RB_FIND(pt_rb, &t->head, &key) != NULL)
			break;
		/* A parameter "A.B" blocks the object "A.B.". */
		buf[cut[i - 1] - 1] = '\0';
		if (RB_FIND(pt_rb, &t->head, &key) != NULL) {
			*errstr = "a parameter has the name of an ancestor";
			return -1;
		}
		buf[cut[i - 1] - 1] = '.';
	}
	if (t->nparams + t->nobjects + (ncut - i) > PARAM_TREE_ENTRIES_MAX) {
		*errstr = "tree is full";
		return -1;
	}
	for (; i < ncut; i++) {
		insert(t, name, cut[i], true);
		prev = i > 0 ? cut[i - 1] : 0;
		note_instance(t, name, prev, name + prev, cut[i] - 1 - prev);
	}
	return 0;
}

/*
 * Links n in as the new last entry: the caller has checked that it sorts
 * after every entry, so it becomes the right child of the maximum and no
 * name is compared.
 */
static struct pt_node *
append_new(struct param_tree *t, const char *name, size_t len, bool object)
{
	struct pt_node	*n = node_new(t, name, len, object);
	struct pt_node	*mx = RB_MAX(pt_rb, &t->head);

	RB_SET(n, mx, entry);
	if (mx == NULL)
		RB_ROOT(&t->head) = n;
	else
		RB_RIGHT(mx, entry) = n;
	pt_rb_RB_INSERT_COLOR(&t->head, n);
	return n;
}

/*
 * The ordered fast path for an entry name (len bytes) that sorts after
 * the last entry mx.  Descendants of an object are contiguous after it and
 * every entry's parent exists, so the existing ancestors of name are
 * exactly the object prefixes of name that are also prefixes of mx's name
 * (mx itself included); the rest are missing and sort after mx, in order.
 * The only parameter that can block a missing ancestor is mx itself.
 */
static struct pt_node *
append_path(struct param_tree *t, const struct pt_node *mx, const char *name,
    size_t len, bool object, const char **errstr)
{
	const char	*m = mx != NULL ? mx->p.name : "";
	size_t		 i, keep = 0, nnew = 0, prev;

	for (i = 0; i < len && name[i] == m[i]; i++)
		if (name[i] == '.')
			keep = i + 1;
	if (mx != NULL && mx->p.type != PARAM_OBJECT && m[i] == '\0' &&
	    name[i] == '.') {
		*errstr = "a parameter has the name of an ancestor";
		return NULL;
	}
	for (i = keep; i < len; i++)
		if (name[i] == '.')
			nnew++;
	if (!object)
		nnew++;
	if (t->nparams + t->nobjects + nnew > PARAM_TREE_ENTRIES_MAX) {
		*errstr = "tree is full";
		return NULL;
	}
	for (prev = keep, i = keep; i < len; i++) {
		if (name[i] != '.')
			continue;
		append_new(t, name, i + 1, true);
		note_instance(t, name, prev, name + prev, i - prev);
		prev = i + 1;
	}
	if (object)
		return RB_MAX(pt_rb, &t->head);
	return append_new(t, name, len, false);
}

/*
 * The entry name (len bytes, object if it ends with '.'), created with
 * its missing ancestors if needed.  *created tells which.
 */
static struct pt_node *
locate(struct param_tree *t, const char *name, size_t len, bool *created,
    const char **errstr)
{
	struct pt_node	*n, *mx = RB_MAX(pt_rb, &t->head);
	char		 obj[PARAM_NAME_MAX + 2];
	bool		 object = len > 0 && name[len - 1] == '.';

	*created = false;
	if (mx == NULL || param_name_cmp(name, mx->p.name) > 0) {
		*created = true;
		return append_path(t, mx, name, len, object, errstr);
	}
	if ((n = find(t, name)) != NULL)
		return n;
	if (!object) {
		memcpy(obj, name, len);
		obj[len] = '.';
		obj[len + 1] = '\0';
		if (find(t, obj) != NULL) {
			*errstr = "name is an object";
			return NULL;
		}
	}
	if (ensure_ancestors(t, name, len, errstr) == -1)
		return NULL;
	*created = true;
	if (object)
		return find(t, name);
	if (t->nparams + t->nobjects >= PARAM_TREE_ENTRIES_MAX) {
		*errstr = "tree is full";
		return NULL;
	}
	return insert(t, name, len, false);
}

int
param_tree_set(struct param_tree *t, const char *name, const char *value,
    enum param_type type, const char **errstr)
{
	struct pt_node	*n;
	bool		 created;

	if (!param_name_is_valid(name, false) || type == PARAM_OBJECT) {
		*errstr = "invalid parameter name";
		return -1;
	}
	if (value == NULL || strlen(value) > PARAM_VALUE_MAX) {
		*errstr = "value missing or too long";
		return -1;
	}
	if ((n = locate(t, name, strlen(name), &created, errstr)) == NULL)
		return -1;
	free(n->p.value);
	n->p.value = xstrdup(value);
	if (type != PARAM_ANY)
		n->p.type = type;
	n->p.mtime = (int64_t)time(NULL);
	return 0;
}

struct param *
param_tree_put(struct param_tree *t, const struct param *src,
    const char **errstr)
{
	struct pt_node	*n;
	bool		 object, created;

	object = src->type == PARAM_OBJECT;
	if (!param_name_is_valid(src->name, object) ||
	    param_name_is_object(src->name) != object ||
	    src->type == PARAM_ANY) {
		*errstr = object ? "invalid object name" :
		    "invalid parameter name";
		return NULL;
	}
	if ((!object && src->value == NULL) || (src->value != NULL &&
	    strlen(src->value) > PARAM_VALUE_MAX)) {
		*errstr = "value missing or too long";
		return NULL;
	}
	if (src->access_list != NULL &&
	    strlen(src->access_list) > PARAM_ACCESS_LIST_MAX) {
		*errstr = "access list too long";
		return NULL;
	}
	n = locate(t, src->name, strlen(src->name), &created, errstr);
	if (n == NULL)
		return NULL;
	if (!object) {
		free(n->p.value);
		n->p.value = xstrdup(src->value);
		n->p.type = src->type;
	}
	free(n->p.access_list);
	n->p.access_list = src->access_list != NULL ?
	    xstrdup(src->access_list) : NULL;
	n->p.writable = src->writable;
	n->p.notification = src->notification;
	n->p.mtime = src->mtime;
	if (src->next_instance > n->p.next_instance)
		n->p.next_instance = src->next_instance;
	return &n->p;
}

struct param *
param_tree_add_object(struct param_tree *t, const char *name, bool writable,
    const char **errstr)
{
	struct pt_node	*n;
	size_t		 len;
	bool		 created;

	if (!param_name_is_valid(name, true)) {
		*errstr = "invalid object name";
		return NULL;
	}
	len = strlen(name);
	if ((n = locate(t, name, len, &created, errstr)) == NULL)
		return NULL;
	if (created)
		n->p.writable = writable;
	return &n->p;
}

int
param_tree_add_instance(struct param_tree *t, const char *name, bool force,
    uint32_t *instance, const char **errstr)
{
	struct pt_node	*n;
	char		 inst[PARAM_NAME_MAX + 16];
	uint32_t	 next;
	int		 len;

	if ((n = find(t, name)) == NULL || n->p.type != PARAM_OBJECT) {
		*errstr = "no such object";
		return -1;
	}
	if (!n->p.writable && !force) {
		*errstr = "object is not writable";
		return -1;
	}
	if (n->p.next_instance == PARAM_INSTANCE_MAX) {
		*errstr = "instance numbers exhausted";
		return -1;
	}
	next = n->p.next_instance + 1;
	len = snprintf(inst, sizeof(inst), "%s%u.", name, next);
	if (len < 0 || (size_t)len > PARAM_NAME_MAX) {
		*errstr = "name too long";
		return -1;
	}
	if (param_tree_add_object(t, inst, false, errstr) == NULL)
		return -1;
	*instance = next;
	return 0;
}

static void
remove_node(struct param_tree *t, struct pt_node *n)
{
	RB_REMOVE(pt_rb, &t->head, n);
	if (n->p.type == PARAM_OBJECT)
		t->nobjects--;
	else
		t->nparams--;
	node_free(n);
}

int
param_tree_delete(struct param_tree *t, const char *name,
    const char **errstr)
{
	struct pt_node	*n, *next;
	size_t		 len = strlen(name);
	int		 count = 1;

	if ((n = find(t, name)) == NULL) {
		*errstr = "no such parameter or object";
		return -1;
	}
	while (n->p.type == PARAM_OBJECT) {
		/* Descendants follow their object contiguously. */
		next = RB_NEXT(pt_rb, &t->head, n);
		if (next == NULL || strncmp(next->p.name, name, len) != 0)
			break;
		remove_node(t, next);
		count++;
	}
	remove_node(t, n);
	return count;
}

int
param_tree_set_access_list(struct param_tree *t, const char *name,
    const char *acl, const char **errstr)
{
	struct pt_node	*n;

	if ((n = find(t, name)) == NULL) {
		*errstr = "no such parameter or object";
		return -1;
	}
	if (acl != NULL && strlen(acl) > PARAM_ACCESS_LIST_MAX) {
		*errstr = "access list too long";
		return -1;
	}
	free(n->p.access_list);
	n->p.access_list = acl != NULL ? xstrdup(acl) : NULL;
	return 0;
}

struct param_tree *
param_tree_dup(const struct param_tree *t)
{
	struct param_tree	*d = param_tree_new();
	struct pt_node		*n, *c;
	struct pt_rb		*head = (struct pt_rb *)(uintptr_t)&t->head;

	RB_FOREACH(n, pt_rb, head) {
		c = insert(d, n->p.name, strlen(n->p.name),
		    n->p.type == PARAM_OBJECT);
		c->p.type = n->p.type;
		c->p.writable = n->p.writable;
		c->p.notification = n->p.notification;
		c->p.mtime = n->p.mtime;
		c->p.next_instance = n->p.next_instance;
		if (n->p.value != NULL)
			c->p.value = xstrdup(n->p.value);
		if (n->p.access_list != NULL)
			c->p.access_list = xstrdup(n->p.access_list);
	}
	return d;
}

struct param *
param_tree_first(const struct param_tree *t)
{
	struct pt_node	*n;

	n = RB_MIN(pt_rb, (struct pt_rb *)(uintptr_t)&t->head);
	return n != NULL ? &n->p : NULL;
}

struct param *
param_tree_next(const struct param_tree *t, const struct param *p)
{
	struct pt_node	*n;

	(void)t;
	n = RB_NEXT(pt_rb, NULL, PT_NODE(p));
	return n != NULL ? &n->p : NULL;
}

static size_t
name_depth(const char *name)
{
	size_t	d = 0;

	for (; *name != '\0'; name++)
		if (*name == '.')
			d++;
	return d;
}

int
param_iter_init(struct param_iter *it, const struct param_tree *t,
    const char *path, int flags, const char **errstr)
{
	struct pt_node	*n = NULL;

	memset(it, 0, sizeof(*it));
	it->tree = t;
	it->flags = flags & (PARAM_ITER_NEXT_LEVEL | PARAM_ITER_LEAVES |
	    PARAM_ITER_SELF);
	if (strlcpy(it->path, path, sizeof(it->path)) >= sizeof(it->path)) {
		*errstr = "name too long";
		return -1;
	}
	it->pathlen = strlen(path);
	if (*path == '\0') {
		it->node = RB_MIN(pt_rb, (struct pt_rb *)(uintptr_t)&t->head);
		return 0;
	}
	if ((n = find(t, path)) == NULL) {
		*errstr = "no such parameter or object";
		return -1;
	}
	if (n->p.type != PARAM_OBJECT) {
		if (flags & PARAM_ITER_NEXT_LEVEL) {
			*errstr = "NextLevel with a parameter name";
			return -1;
		}
		it->flags |= PT_ITER_ONE | PARAM_ITER_SELF;
	}
	it->depth = name_depth(path);
	it->node = (it->flags & PARAM_ITER_SELF) ? n :
	    RB_NEXT(pt_rb, NULL, n);
	return 0;
}

static bool
iter_wants(const struct param_iter *it, const struct pt_node *n)
{
	bool	object = n->p.type == PARAM_OBJECT;
	size_t	depth;

	if ((it->flags & PARAM_ITER_LEAVES) && object)
		return false;
	if (it->flags & PARAM_ITER_NEXT_LEVEL) {
		depth = name_depth(n->p.name) + (object ? 0 : 1);
		return depth == it->depth + 1;
	}
	return true;
}

struct param *
param_iter_next(struct param_iter *it)
{
	struct pt_node	*n;

	while ((n = it->node) != NULL) {
		if (it->flags & PT_ITER_ONE)
			it->node = NULL;
		else if (it->pathlen > 0 &&
		    strncmp(n->p.name, it->path, it->pathlen) != 0) {
			it->node = NULL;
			return NULL;
		} else
			it->node = RB_NEXT(pt_rb, NULL, n);
		if (iter_wants(it, n))
			return &n->p;
	}
	return NULL;
}
