/*
 * discover.c: learning a device's tree (CWMP.md 13): a breadth-first walk
 * with GetParameterNames(path, NextLevel=1) from the root, then
 * GetParameterValues on the sorted leaves in batches.  Two asked-sets stop
 * the loops perl-cwmp had on devices answering with faults: an object is
 * asked once, a leaf is asked once; a batch that faults is retried one
 * leaf at a time, and a single leaf that faults is dropped.  Leaves named
 * *NumberOfEntries and leaves already known from this session's Inform
 * are not fetched.  It builds messages only; the caller sends them and
 * stores what comes back.
 */
#include "config.h"

#include <sys/tree.h>

#include <stdlib.h>
#include <string.h>

#include "lib/cwmp_rpc.h"
#include "lib/xmalloc.h"
#include "acs/acs.h"

#define DISCOVER_NOE "NumberOfEntries"

struct dset_node {
	RB_ENTRY(dset_node) entry;
	char *s;
};

RB_HEAD(dset, dset_node);

static int
dset_cmp(struct dset_node *a, struct dset_node *b)
{
	return strcmp(a->s, b->s);
}

RB_GENERATE_STATIC(dset, dset_node, entry, dset_cmp)

struct discover {
	int batch;
	struct dset asked_gpn;
	struct dset asked_gpv;
	struct dset known;
	struct cwmp_strlist objects; /* FIFO of paths to GPN */
	size_t objects_head;
	struct cwmp_strlist leaves; /* to GPV, sorted when due */
	size_t leaves_head;
	bool leaves_sorted;
	struct cwmp_strlist singles; /* retried one by one */
	size_t singles_head;
	struct cwmp_strlist inflight; /* names of the last GPV */
	size_t count; /* leaves learned */
};

/* Adds s; returns false when it was there already. */
static bool
dset_add(struct dset *d, const char *s)
{
	struct dset_node *n, find;

	find.s = (char *)(uintptr_t)s;
	if (RB_FIND(dset, d, &find) != NULL)
		return false;
	n = xcalloc(1, sizeof(*n));
	n->s = xstrdup(s);
	RB_INSERT(dset, d, n);
	return true;
}

static bool
dset_has(struct dset *d, const char *s)
{
	struct dset_node find;

	find.s = (char *)(uintptr_t)s;
	return RB_FIND(dset, d, &find) != NULL;
}

static void
dset_clear(struct dset *d)
{
	struct dset_node *n, *next;

	RB_FOREACH_SAFE(n, dset, d, next)
	{
		RB_REMOVE(dset, d, n);
		free(n->s);
		free(n);
	}
}

struct discover *
discover_new(const char *root, int batch)
{
	struct discover *d;

	d = xcalloc(1, sizeof(*d));
	d->batch = batch < 1 ? 1 : batch;
	RB_INIT(&d->asked_gpn);
	RB_INIT(&d->asked_gpv);
	RB_INIT(&d->known);
	dset_add(&d->asked_gpn, root);
	cwmp_strlist_add(&d->objects, root);
	return d;
}

void
discover_free(struct discover *d)
{
	if (d == NULL)
		return;
	dset_clear(&d->asked_gpn);
	dset_clear(&d->asked_gpv);
	dset_clear(&d->known);
	cwmp_strlist_clear(&d->objects);
	cwmp_strlist_clear(&d->leaves);
	cwmp_strlist_clear(&d->singles);
	cwmp_strlist_clear(&d->inflight);
	free(d);
}

void
discover_known(struct discover *d, const char *name)
{
	dset_add(&d->known, name);
}

size_t
discover_count(const struct discover *d)
{
	return d->count;
}

static bool
discover_is_noe(const char *name)
{
	size_t n = strlen(name), k = strlen(DISCOVER_NOE);

	return n >= k && strcmp(name + n - k, DISCOVER_NOE) == 0;
}

void
discover_names(struct discover *d, const struct cwmp_param_infos *pi)
{
	const char *name;
	size_t i, n;

	for (i = 0; i < pi->n; i++) {
		name = pi->v[i].name;
		if (name == NULL || (n = strlen(name)) == 0)
			continue;
		if (name[n - 1] == '.') {
			if (dset_add(&d->asked_gpn, name))
				cwmp_strlist_add(&d->objects, name);
			continue;
		}
		d->count++;
		if (discover_is_noe(name) || dset_has(&d->known, name) ||
		    dset_has(&d->asked_gpv, name))
			continue;
		dset_add(&d->asked_gpv, name);
		cwmp_strlist_add(&d->leaves, name);
		d->leaves_sorted = false;
	}
}

void
discover_fault(struct discover *d, enum cwmp_method m, int code)
{
	size_t i;

	/*
	 * An object that faulted is simply not walked (it is asked).  A batch
	 * with an unknown name (9005) is retried leaf by leaf; any other
	 * fault drops the batch.
	 */
	if (m != CWMP_GET_PARAMETER_VALUES || d->inflight.n < 2 ||
	    code != CWMP_FAULT_INVALID_PARAMETER_NAME)
		return;
	for (i = 0; i < d->inflight.n; i++)
		cwmp_strlist_add(&d->singles, d->inflight.v[i]);
}

static int
discover_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
discover_gpv(struct discover *d, struct cwmp_msg *m, struct cwmp_strlist *l,
    size_t *head, size_t max)
{
	size_t i;

	cwmp_msg_init(m, CWMP_GET_PARAMETER_VALUES);
	cwmp_strlist_clear(&d->inflight);
	for (i = 0; i < max && *head < l->n; i++, (*head)++) {
		cwmp_strlist_add(&m->gpv.names, l->v[*head]);
		cwmp_strlist_add(&d->inflight, l->v[*head]);
	}
}

int
discover_next(struct discover *d, struct cwmp_msg *m)
{
	cwmp_msg_clear(m);
	cwmp_strlist_clear(&d->inflight);
	if (d->objects_head < d->objects.n) {
		cwmp_msg_init(m, CWMP_GET_PARAMETER_NAMES);
		cwmp_str_set(
		    &m->gpn.parameter_path, d->objects.v[d->objects_head++]);
		m->gpn.next_level = true;
		return 1;
	}
	if (d->leaves_head < d->leaves.n) {
		if (!d->leaves_sorted) {
			qsort(d->leaves.v + d->leaves_head,
			    d->leaves.n - d->leaves_head, sizeof(char *),
			    discover_strcmp);
			d->leaves_sorted = true;
		}
		discover_gpv(d, m, &d->leaves, &d->leaves_head, d->batch);
		return 1;
	}
	if (d->singles_head < d->singles.n) {
		discover_gpv(d, m, &d->singles, &d->singles_head, 1);
		return 1;
	}
	return 0;
}
