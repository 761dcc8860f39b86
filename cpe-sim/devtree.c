/*
 * devtree.c: one simulated device's parameter tree as an overlay on its
 * shared model.  Only differences are stored, in a red-black tree of
 * nodes keyed by name: a changed value or attribute, an object or leaf
 * created by AddObject (pointing at its "{i}" template entry), or the
 * tombstone of a deleted instance (which also keeps its number from being
 * reused).  Listing a subtree merges the model's sorted range with the
 * overlay's in-order range.  NumberOfEntries parameters of tables are
 * computed, and so is the uptime.
 *
 * It does not validate values (model_check_value() does) or know about
 * CWMP sessions; fault codes are returned for rpc.c to send.
 */
#include "config.h"

#include <sys/tree.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/xmalloc.h"
#include "lib/yaml_doc.h"

#include "cpe-sim/model.h"

#define DT_NOE		"NumberOfEntries"

static int
dt_cmp(struct dt_node *a, struct dt_node *b)
{
	return strcmp(a->name, b->name);
}

RB_GENERATE_STATIC(dt_tree, dt_node, entry, dt_cmp)

/* A lookup key with room for the longest name. */
union dt_key {
	struct dt_node	node;
	char		space[sizeof(struct dt_node) + MODEL_NAME_MAX + 2];
};

static struct dt_node *
dt_find(struct devtree *t, const char *name)
{
	union dt_key	k;

	if (strlcpy(k.node.name, name, MODEL_NAME_MAX + 1) > MODEL_NAME_MAX)
		return NULL;
	return RB_FIND(dt_tree, &t->nodes, &k.node);
}

static struct dt_node *
dt_nfind(struct devtree *t, const char *name)
{
	union dt_key	k;

	if (strlcpy(k.node.name, name, MODEL_NAME_MAX + 1) > MODEL_NAME_MAX)
		return NULL;
	return RB_NFIND(dt_tree, &t->nodes, &k.node);
}

static struct dt_node *
dt_insert(struct devtree *t, const char *name, const struct model_param *mp,
    uint8_t flags)
{
	struct dt_node	*n;
	size_t		 len = strlen(name);

	n = xcalloc(1, sizeof(*n) + len + 1);
	memcpy(n->name, name, len + 1);
	n->tmpl = mp;
	n->flags = flags;
	RB_INSERT(dt_tree, &t->nodes, n);
	t->nnodes++;
	if (flags & DT_DELETED)
		t->ntombs++;
	return n;
}

static void
dt_remove(struct devtree *t, struct dt_node *n)
{
	RB_REMOVE(dt_tree, &t->nodes, n);
	t->nnodes--;
	if (n->flags & DT_DELETED)
		t->ntombs--;
	free(n->value);
	free(n);
}

void
devtree_init(struct devtree *t, const struct model *m)
{
	memset(t, 0, sizeof(*t));
	t->model = m;
	RB_INIT(&t->nodes);
	t->boot_time = time(NULL);
}

void
devtree_reset(struct devtree *t)
{
	struct dt_node	*n, *next;

	RB_FOREACH_SAFE(n, dt_tree, &t->nodes, next)
		dt_remove(t, n);
}

void
devtree_clear(struct devtree *t)
{
	devtree_reset(t);
}

/* True if name or one of its instance ancestors has a tombstone. */
static bool
dt_is_deleted(struct devtree *t, const char *name)
{
	union dt_key	 k;
	struct dt_node	*n;
	size_t		 i;

	if (t->ntombs == 0)
		return false;
	for (i = 0; name[i] != '\0' && i < MODEL_NAME_MAX; i++) {
		if (name[i] != '.' || i == 0 ||
		    !isdigit((unsigned char)name[i - 1]))
			continue;
		memcpy(k.node.name, name, i + 1);
		k.node.name[i + 1] = '\0';
		n = RB_FIND(dt_tree, &t->nodes, &k.node);
		if (n != NULL && (n->flags & DT_DELETED))
			return true;
	}
	return false;
}

/* The model entry (or AddObject template) behind a name; no deletes. */
static const struct model_param *
dt_resolve(struct devtree *t, const char *name, struct dt_node **np)
{
	const struct model_param	*mp;
	struct dt_node			*n;

	n = dt_find(t, name);
	*np = n;
	if (n != NULL && (n->flags & DT_DELETED))
		return NULL;
	if (n != NULL && (n->flags & DT_ADDED))
		return n->tmpl;
	mp = model_find(t->model, name);
	if (mp == NULL || (mp->flags & MP_TEMPLATE))
		return NULL;
	return mp;
}

/* Length of the parent object's name ("A.B." for "A.B.C" or "A.B.C."). */
static size_t
dt_parent_len(const char *name)
{
	size_t	len = strlen(name);

	if (len > 0 && name[len - 1] == '.')
		len--;
	while (len > 0 && name[len - 1] != '.')
		len--;
	return len;
}

static bool
dt_parent_writable_table(struct devtree *t, const char *name)
{
	char				 parent[MODEL_NAME_MAX + 1];
	const struct model_param	*mp;
	struct dt_node			*n;
	size_t				 len = dt_parent_len(name);

	if (len == 0 || len > MODEL_NAME_MAX)
		return false;
	memcpy(parent, name, len);
	parent[len] = '\0';
	mp = dt_resolve(t, parent, &n);
	return mp != NULL && (mp->flags & MP_TABLE) &&
	    (mp->flags & MP_WRITABLE);
}

static int	dt_count_instances(struct devtree *, const char *);

/* Computed values: uptime, and NumberOfEntries of a table. */
static const char *
dt_dynamic(struct devtree *t, const char *name, const struct model_param *mp)
{
	char		*buf = t->dynbuf;	/* used before the next lookup */
	char		 table[MODEL_NAME_MAX + 1];
	size_t		 len = strlen(name), nl = strlen(DT_NOE);
	struct dt_node	*n;
	const struct model_param *tp;
	int		 count;

	if (mp->flags & MP_UPTIME) {
		snprintf(buf, sizeof(t->dynbuf), "%lld",
		    (long long)(time(NULL) - t->boot_time));
		return buf;
	}
	if (len <= nl || strcmp(name + len - nl, DT_NOE) != 0 ||
	    len - nl + 1 > MODEL_NAME_MAX)
		return NULL;
	memcpy(table, name, len - nl);
	table[len - nl] = '.';
	table[len - nl + 1] = '\0';
	tp = dt_resolve(t, table, &n);
	if (tp == NULL || !(tp->flags & MP_TABLE))
		return NULL;
	count = dt_count_instances(t, table);
	snprintf(buf, sizeof(t->dynbuf), "%d", count < 0 ? 0 : count);
	return buf;
}

int
devtree_get(struct devtree *t, const char *name, struct dt_param *p)
{
	const struct model_param	*mp;
	struct dt_node			*n;
	const char			*dyn;

	mp = dt_resolve(t, name, &n);
	if (mp == NULL || dt_is_deleted(t, name))
		return -1;
	memset(p, 0, sizeof(*p));
	p->name = n != NULL ? n->name : mp->name;
	p->mp = mp;
	p->object = (mp->flags & MP_OBJECT) != 0;
	p->notify = n != NULL && (n->flags & DT_NOTIFY) ? n->notify :
	    mp->notify;
	p->acl = n != NULL && (n->flags & DT_ACL);
	if (p->object) {
		if (mp->flags & MP_INSTANCE)
			p->writable = dt_parent_writable_table(t, name);
		else
			p->writable = (mp->flags & MP_TABLE) &&
			    (mp->flags & MP_WRITABLE);
		return 0;
	}
	p->writable = (mp->flags & MP_WRITABLE) != 0;
	if (n != NULL && (n->flags & DT_VALUE))
		p->value = n->value;
	else if ((dyn = dt_dynamic(t, name, mp)) != NULL)
		p->value = dyn;
	else
		p->value = mp->value;
	return 0;
}

const char *
devtree_value(struct devtree *t, const char *name)
{
	struct dt_param	p;

	if (devtree_get(t, name, &p) == -1 || p.object)
		return NULL;
	return p.value;
}

/* Drops a node that no longer differs from the model. */
static void
dt_prune(struct devtree *t, struct dt_node *n)
{
	if (n->flags == 0)
		dt_remove(t, n);
}

int
devtree_set(struct devtree *t, const char *name, const char *value)
{
	const struct model_param	*mp;
	struct dt_node			*n;

	mp = dt_resolve(t, name, &n);
	if (mp == NULL || (mp->flags & MP_OBJECT) || dt_is_deleted(t, name))
		return -1;
	if (n == NULL)
		n = dt_insert(t, name, mp, 0);
	free(n->value);
	n->value = NULL;
	n->flags &= ~DT_VALUE;
	if ((n->flags & DT_ADDED) || strcmp(value, mp->value) != 0) {
		n->value = xstrdup(value);
		n->flags |= DT_VALUE;
	}
	dt_prune(t, n);
	return 0;
}

int
devtree_set_notify(struct devtree *t, const char *name, int notify, int acl)
{
	const struct model_param	*mp;
	struct dt_node			*n;

	mp = dt_resolve(t, name, &n);
	if (mp == NULL || dt_is_deleted(t, name))
		return -1;
	if (n == NULL)
		n = dt_insert(t, name, mp, 0);
	if (notify >= 0) {
		n->notify = (uint8_t)notify;
		n->flags |= DT_NOTIFY;
		if (notify == mp->notify && !(n->flags & DT_ADDED))
			n->flags &= ~DT_NOTIFY;
	}
	if (acl >= 0) {
		n->flags &= ~DT_ACL;
		if (acl > 0)
			n->flags |= DT_ACL;
	}
	dt_prune(t, n);
	return 0;
}

/* With next_level, only "Seg" or "Seg." may follow the prefix. */
static bool
dt_is_child(const char *rest)
{
	const char	*dot = strchr(rest, '.');

	return dot == NULL || dot[1] == '\0';
}

/*
 * Visits the names under prefix in sorted order, merging the model's range
 * with the overlay's.  The prefix itself is not visited.
 */
static int
dt_walk_range(struct devtree *t, const char *prefix, bool next_level,
    bool include_objects, devtree_walk_cb cb, void *arg)
{
	const struct model	*m = t->model;
	size_t			 plen = strlen(prefix), i;
	struct dt_node		*n;
	struct dt_param		 p;
	const char		*name;
	int			 c, rc;

	i = model_lower_bound(m, prefix);
	n = dt_nfind(t, prefix);
	for (;;) {
		const char *mn = i < m->nparams ? m->params[i].name : NULL;

		if (mn != NULL && strncmp(mn, prefix, plen) != 0)
			mn = NULL;
		if (n != NULL && strncmp(n->name, prefix, plen) != 0)
			n = NULL;
		if (mn == NULL && n == NULL)
			return 0;
		c = mn == NULL ? 1 : n == NULL ? -1 : strcmp(mn, n->name);
		name = c <= 0 ? mn : n->name;
		if (c <= 0)
			i++;
		if (c >= 0)
			n = RB_NEXT(dt_tree, &t->nodes, n);
		if (name[plen] == '\0' || strstr(name, MODEL_TEMPLATE) != NULL)
			continue;
		if (next_level && !dt_is_child(name + plen))
			continue;
		if (devtree_get(t, name, &p) == -1)
			continue;
		if (p.object && !include_objects)
			continue;
		if ((rc = cb(&p, arg)) != 0)
			return rc;
	}
}

int
devtree_walk(struct devtree *t, const char *path, bool next_level,
    bool include_objects, devtree_walk_cb cb, void *arg)
{
	struct dt_param	p;
	const char	*prefix = path;
	int		rc;

	if (*path == '\0')
		prefix = t->model->root;
	if (devtree_get(t, prefix, &p) == -1)
		return -1;
	if (!p.object)
		return cb(&p, arg);
	if (!next_level && include_objects && (rc = cb(&p, arg)) != 0)
		return rc;
	if (*path == '\0' && next_level)
		return cb(&p, arg);
	return dt_walk_range(t, prefix, next_level, include_objects, cb, arg);
}

struct dt_count {
	int	count;
};

static int
dt_count_cb(const struct dt_param *p, void *arg)
{
	struct dt_count	*c = arg;

	if (p->object && (p->mp->flags & MP_INSTANCE))
		c->count++;
	return 0;
}

static int
dt_count_instances(struct devtree *t, const char *table)
{
	struct dt_count	c = { 0 };

	if (dt_walk_range(t, table, true, true, dt_count_cb, &c) != 0)
		return -1;
	return c.count;
}

/* Highest instance number under table, tombstones included. */
static unsigned int
dt_max_instance(struct devtree *t, const char *table)
{
	const struct model	*m = t->model;
	size_t			 plen = strlen(table), i;
	struct dt_node		*n;
	unsigned int		 max = 0, v;
	const char		*name;

	i = model_lower_bound(m, table);
	for (; i < m->nparams; i++) {
		name = m->params[i].name;
		if (strncmp(name, table, plen) != 0)
			break;
		if (sscanf(name + plen, "%u", &v) == 1 && v > max)
			max = v;
	}
	for (n = dt_nfind(t, table); n != NULL;
	    n = RB_NEXT(dt_tree, &t->nodes, n)) {
		if (strncmp(n->name, table, plen) != 0)
			break;
		if (sscanf(n->name + plen, "%u", &v) == 1 && v > max)
			max = v;
	}
	return max;
}

/* Creates the instance's object and leaves from the template range. */
static int
dt_instantiate(struct devtree *t, const char *base, const char *tpfx)
{
	const struct model	*m = t->model;
	const struct model_param *mp;
	size_t			 tl = strlen(tpfx), i;
	struct dt_node		*n;
	char			 name[MODEL_NAME_MAX + 1];

	for (i = model_lower_bound(m, tpfx); i < m->nparams; i++) {
		mp = &m->params[i];
		if (strncmp(mp->name, tpfx, tl) != 0)
			break;
		if (strstr(mp->name + tl, MODEL_TEMPLATE) != NULL)
			continue;
		if ((size_t)snprintf(name, sizeof(name), "%s%s", base,
		    mp->name + tl) >= sizeof(name))
			return 9005;
		n = dt_insert(t, name, mp, DT_ADDED);
		if (!(mp->flags & MP_OBJECT)) {
			n->value = xstrdup(mp->value);
			n->flags |= DT_VALUE;
		}
	}
	return 0;
}

int
devtree_add_object(struct devtree *t, const char *table,
    unsigned int *instance)
{
	struct dt_param	 p;
	char		 tpfx[MODEL_NAME_MAX + 1], base[MODEL_NAME_MAX + 1];
	unsigned int	 inst;
	int		 rc;

	if (devtree_get(t, table, &p) == -1 || !p.object ||
	    !(p.mp->flags & MP_TABLE) || !(p.mp->flags & MP_WRITABLE))
		return 9005;
	if ((size_t)snprintf(tpfx, sizeof(tpfx), "%s%s.", p.mp->name,
	    MODEL_TEMPLATE) >= sizeof(tpfx) ||
	    model_find(t->model, tpfx) == NULL)
		return 9005;
	inst = dt_max_instance(t, table) + 1;
	if (inst > MODEL_INSTANCE_MAX)
		return 9004;
	if ((size_t)snprintf(base, sizeof(base), "%s%u.", table, inst) >=
	    sizeof(base))
		return 9005;
	/* The instance object, then what the template lists under it. */
	rc = dt_instantiate(t, base, tpfx);
	if (rc != 0) {
		(void)devtree_delete_object(t, base);
		return rc;
	}
	*instance = inst;
	return 0;
}

int
devtree_delete_object(struct devtree *t, const char *object)
{
	struct dt_param	 p;
	struct dt_node	*n, *next;
	size_t		 len = strlen(object);

	if (devtree_get(t, object, &p) == -1 || !p.object ||
	    !(p.mp->flags & MP_INSTANCE) ||
	    !dt_parent_writable_table(t, object))
		return 9005;
	for (n = dt_nfind(t, object); n != NULL; n = next) {
		next = RB_NEXT(dt_tree, &t->nodes, n);
		if (strncmp(n->name, object, len) != 0)
			break;
		dt_remove(t, n);
	}
	(void)dt_insert(t, object, NULL, DT_DELETED);
	return 0;
}

/* The instance number of the object that holds a leaf "X.<n>.Leaf". */
static unsigned int
dt_leaf_instance(const char *name)
{
	size_t		len = dt_parent_len(name), i;
	unsigned int	v = 0;

	if (len < 2)
		return 0;
	i = len - 1;
	while (i > 0 && isdigit((unsigned char)name[i - 1]))
		i--;
	if (sscanf(name + i, "%u", &v) != 1)
		return 0;
	return v;
}

const char *
devtree_role_name(struct devtree *t, enum model_role role,
    unsigned int instance)
{
	const struct model	*m = t->model;
	size_t			 i;

	for (i = 0; i < m->nparams; i++) {
		if (m->params[i].role != role ||
		    (m->params[i].flags & MP_TEMPLATE))
			continue;
		if (instance == 0 ||
		    dt_leaf_instance(m->params[i].name) == instance)
			return m->params[i].name;
	}
	return NULL;
}

size_t
devtree_overlay_bytes(const struct devtree *t)
{
	struct dt_node	*n;
	size_t		 sz = 0;

	RB_FOREACH(n, dt_tree, (struct dt_tree *)&t->nodes) {
		sz += sizeof(*n) + strlen(n->name) + 1;
		if (n->value != NULL)
			sz += strlen(n->value) + 1;
	}
	return sz;
}

/*
 * The overlay as YAML: a sequence of {n: name, f: flags, v: value,
 * t: notification, m: template} records, in name order so parents come
 * before their children.
 */
int
devtree_save(const struct devtree *t, struct yaml_doc_writer *w)
{
	struct dt_node	*n;

	yaml_doc_seq_begin(w, false);
	RB_FOREACH(n, dt_tree, (struct dt_tree *)&t->nodes) {
		yaml_doc_map_begin(w);
		yaml_doc_kv_str(w, "n", n->name);
		yaml_doc_kv_int(w, "f", n->flags);
		if (n->value != NULL)
			yaml_doc_kv_str(w, "v", n->value);
		if (n->flags & DT_NOTIFY)
			yaml_doc_kv_int(w, "t", n->notify);
		if ((n->flags & DT_ADDED) && n->tmpl != NULL)
			yaml_doc_kv_str(w, "m", n->tmpl->name);
		yaml_doc_map_end(w);
	}
	return yaml_doc_seq_end(w);
}

static int
devtree_load_node(struct devtree *t, const struct yaml_doc_node *rec,
    char *err, size_t errlen)
{
	const char			*name, *flags, *v, *notify, *tm, *e;
	const struct model_param	*mp = NULL;
	struct dt_node			*n;
	long long			 f, nt = 0;

	name = yaml_doc_get_str(rec, "n");
	flags = yaml_doc_get_str(rec, "f");
	v = yaml_doc_get_str(rec, "v");
	notify = yaml_doc_get_str(rec, "t");
	tm = yaml_doc_get_str(rec, "m");
	if (name == NULL || flags == NULL || strlen(name) > MODEL_NAME_MAX)
		goto bad;
	f = strtonum(flags, 0, 0x1f, &e);
	if (e != NULL)
		goto bad;
	if (notify != NULL && (nt = strtonum(notify, 0, 6, &e), e != NULL))
		goto bad;
	if (!(f & DT_DELETED)) {
		mp = model_find(t->model, (f & DT_ADDED) ? (tm != NULL ? tm :
		    "") : name);
		if (mp == NULL)
			goto bad;	/* the model changed under the state */
	}
	if (dt_find(t, name) != NULL)
		goto bad;
	n = dt_insert(t, name, mp, (uint8_t)f);
	n->notify = (uint8_t)nt;
	if (v != NULL)
		n->value = xstrdup(v);
	else if (f & DT_VALUE)
		n->flags &= ~DT_VALUE;
	return 0;
bad:
	yaml_doc_errorf(err, errlen, "state", rec, "bad tree record %s",
	    name != NULL ? name : "");
	return -1;
}

int
devtree_load(struct devtree *t, const struct yaml_doc_node *seq, char *err,
    size_t errlen)
{
	size_t	i;

	if (seq == NULL || yaml_doc_is_null(seq))
		return 0;
	if (seq->kind != YAML_DOC_SEQ) {
		yaml_doc_errorf(err, errlen, "state", seq, "tree is a list");
		return -1;
	}
	for (i = 0; i < seq->nitems; i++)
		if (devtree_load_node(t, seq->items[i], err, errlen) == -1)
			return -1;
	return 0;
}
