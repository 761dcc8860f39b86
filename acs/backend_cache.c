/*
 * backend_cache.c: device records kept in memory between sessions, so an
 * Inform need not read and parse its record again (store.cache_records).
 * A session takes its device's record out (no other session of that
 * device runs meanwhile, in this process or, through the session lock, in
 * any other) and gives it back at its end with the version of the stored
 * record it equals; the least recently returned records are freed beyond
 * the limit.  When this acsd is the store's one writer (store.shared:
 * false) a copy is used as it is: every change is written through
 * backend_flush() or device_store_touch() before it comes back, and only
 * its contact time may be newer, by less than store.contact_interval.
 * When others write too, backend.c uses a copy only if the stored
 * record's version is still the one kept here (device_store_unchanged()).
 * A record costs ~17 KB of fixed tables (events, faults, tags) plus its
 * parameter tree, which is what limits the default size.
 */
#include "config.h"

#include <sys/queue.h>
#include <sys/tree.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lib/device_store.h"
#include "lib/xmalloc.h"
#include "acs/acs.h"

struct bc_entry {
	RB_ENTRY(bc_entry) rb;
	TAILQ_ENTRY(bc_entry) lru;
	struct device_record *rec;
	struct device_store_version ver;
};

RB_HEAD(bc_tree, bc_entry);
TAILQ_HEAD(bc_list, bc_entry);

struct backend_cache {
	pthread_mutex_t mtx;
	struct bc_tree tree;
	struct bc_list lru; /* most recently returned first */
	size_t n;
	size_t max;
};

static int
bc_cmp(struct bc_entry *a, struct bc_entry *b)
{
	return strcmp(a->rec->key, b->rec->key);
}

RB_GENERATE_STATIC(bc_tree, bc_entry, rb, bc_cmp)

struct backend_cache *
backend_cache_new(size_t max)
{
	struct backend_cache *c;

	c = xcalloc(1, sizeof(*c));
	pthread_mutex_init(&c->mtx, NULL);
	RB_INIT(&c->tree);
	TAILQ_INIT(&c->lru);
	c->max = max;
	return c;
}

static void
bc_remove(struct backend_cache *c, struct bc_entry *e)
{
	RB_REMOVE(bc_tree, &c->tree, e);
	TAILQ_REMOVE(&c->lru, e, lru);
	c->n--;
}

void
backend_cache_free(struct backend_cache *c)
{
	struct bc_entry *e;

	if (c == NULL)
		return;
	while ((e = TAILQ_FIRST(&c->lru)) != NULL) {
		bc_remove(c, e);
		device_record_free(e->rec);
		free(e);
	}
	pthread_mutex_destroy(&c->mtx);
	free(c);
}

/* The record of key, now owned by the caller, and its version; or NULL. */
struct device_record *
backend_cache_take(
    struct backend_cache *c, const char *key, struct device_store_version *ver)
{
	struct bc_entry *e, k;
	struct device_record kr, *rec = NULL;

	memset(ver, 0, sizeof(*ver));
	if (c == NULL || strlen(key) >= sizeof(kr.key))
		return NULL;
	strlcpy(kr.key, key, sizeof(kr.key));
	k.rec = &kr;
	pthread_mutex_lock(&c->mtx);
	if ((e = RB_FIND(bc_tree, &c->tree, &k)) != NULL) {
		bc_remove(c, e);
		rec = e->rec;
		*ver = e->ver;
	}
	pthread_mutex_unlock(&c->mtx);
	if (e != NULL)
		free(e);
	return rec;
}

/*
 * Takes ownership of rec, which must equal its stored record, of version
 * ver (not valid: unknown).  A record of the same key already here (it
 * cannot be newer) is replaced.
 */
void
backend_cache_give(struct backend_cache *c, struct device_record *rec,
    const struct device_store_version *ver)
{
	struct bc_entry *e, *old, *evict = NULL;

	if (c == NULL || c->max == 0) {
		device_record_free(rec);
		return;
	}
	e = xcalloc(1, sizeof(*e));
	e->rec = rec;
	e->ver = *ver;
	pthread_mutex_lock(&c->mtx);
	if ((old = RB_INSERT(bc_tree, &c->tree, e)) != NULL) {
		bc_remove(c, old);
		RB_INSERT(bc_tree, &c->tree, e);
		evict = old;
	} else if (c->n + 1 > c->max) {
		evict = TAILQ_LAST(&c->lru, bc_list);
		bc_remove(c, evict);
	}
	TAILQ_INSERT_HEAD(&c->lru, e, lru);
	c->n++;
	pthread_mutex_unlock(&c->mtx);
	if (evict != NULL) {
		device_record_free(evict->rec);
		free(evict);
	}
}
