/*
 * session.c: the session table (STYLE.md 8: one mutex for the table, one
 * per session).  Sessions are found by their cookie; live ones are also
 * indexed by device, so one device has one session per process, and the
 * dirqueue "session" lock extends that to every acsd sharing the spool
 * (CWMP.md 5.5, 14.3).  It ends sessions (log line, lock release, jobs
 * returned) and expires idle ones; a timed-out session's outstanding job
 * goes back to the queue.  The CWMP engine is session_cwmp.c.
 */
#include "config.h"

#include <sys/tree.h>

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/device_store.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "acs/acs.h"

struct acs_snode {
	RB_ENTRY(acs_snode) entry;
	const char *key; /* points into sess */
	struct acs_session *sess;
};

RB_HEAD(acs_stree, acs_snode);

static int
acs_snode_cmp(struct acs_snode *a, struct acs_snode *b)
{
	return strcmp(a->key, b->key);
}

RB_GENERATE_STATIC(acs_stree, acs_snode, entry, acs_snode_cmp)

struct acs_sessions {
	pthread_mutex_t mtx;
	struct acs_stree by_cookie;
	struct acs_stree by_device; /* live sessions only */
	size_t nlive;
};

struct acs_sessions *
sessions_new(struct acs_ctx *ctx)
{
	struct acs_sessions *st;

	st = xcalloc(1, sizeof(*st));
	pthread_mutex_init(&st->mtx, NULL);
	RB_INIT(&st->by_cookie);
	RB_INIT(&st->by_device);
	return st;
}

static struct acs_snode *
sessions_lookup(struct acs_stree *t, const char *key)
{
	struct acs_snode find;

	find.key = key;
	return RB_FIND(acs_stree, t, &find);
}

static void
sessions_unindex(struct acs_stree *t, const char *key, struct acs_session *s)
{
	struct acs_snode *n = sessions_lookup(t, key);

	if (n != NULL && n->sess == s) {
		RB_REMOVE(acs_stree, t, n);
		free(n);
	}
}

static void
sessions_index(struct acs_stree *t, const char *key, struct acs_session *s)
{
	struct acs_snode *n;

	n = xcalloc(1, sizeof(*n));
	n->key = key;
	n->sess = s;
	RB_INSERT(acs_stree, t, n);
}

static void
session_free(struct acs_session *s)
{
	size_t i;

	discover_free(s->disc);
	device_record_free(s->rec);
	if (s->has_job)
		dirqueue_job_clear(&s->job);
	if (s->has_refresh)
		dirqueue_job_clear(&s->refresh);
	for (i = 0; i < s->nheld; i++)
		dirqueue_job_clear(&s->held[i]);
	free(s->held);
	free(s->use_version);
	pthread_mutex_destroy(&s->mtx);
	free(s);
}

struct acs_session *
sessions_find(struct acs_ctx *ctx, const char *cookie)
{
	struct acs_sessions *st = ctx->sessions;
	struct acs_snode *n;
	struct acs_session *s = NULL;

	if (cookie == NULL || *cookie == '\0')
		return NULL;
	pthread_mutex_lock(&st->mtx);
	n = sessions_lookup(&st->by_cookie, cookie);
	if (n != NULL) {
		s = n->sess;
		s->refs++;
	}
	pthread_mutex_unlock(&st->mtx);
	if (s != NULL)
		pthread_mutex_lock(&s->mtx);
	return s;
}

void
sessions_release(struct acs_ctx *ctx, struct acs_session *s)
{
	struct acs_sessions *st = ctx->sessions;
	bool gone;

	pthread_mutex_unlock(&s->mtx);
	pthread_mutex_lock(&st->mtx);
	gone = --s->refs == 0 && !s->in_table;
	pthread_mutex_unlock(&st->mtx);
	if (gone)
		session_free(s);
}

/* Returns the jobs a session holds to the queue. */
static void
session_return_jobs(struct acs_ctx *ctx, struct acs_session *s)
{
	struct dirqueue *dq = backend_queue(ctx);
	const char *errstr;
	size_t i;

	if (s->has_job) {
		if (dirqueue_return(dq, &s->job, true, &errstr) == -1)
			log_warnx(
			    "%s: job %s: %s", s->device, s->job.name, errstr);
		else
			log_info("%s: job %s (%s) returned to the queue",
			    s->device, s->job.name, s->job.rpc);
		dirqueue_job_clear(&s->job);
		s->has_job = false;
	}
	if (s->has_refresh) {
		dirqueue_return(dq, &s->refresh, false, &errstr);
		dirqueue_job_clear(&s->refresh);
		s->has_refresh = false;
	}
	for (i = 0; i < s->nheld; i++) {
		dirqueue_return(dq, &s->held[i], false, &errstr);
		dirqueue_job_clear(&s->held[i]);
	}
	s->nheld = 0;
}

/* Keeps a leased job until the session ends (moves it out of *job). */
void
session_hold(struct acs_session *s, struct dirqueue_job *job)
{
	s->held = xreallocarray(s->held, s->nheld + 1, sizeof(*s->held));
	s->held[s->nheld++] = *job;
	dirqueue_job_init(job);
}

/* Called with s->mtx held. */
void
sessions_end(struct acs_ctx *ctx, struct acs_session *s, const char *result)
{
	struct acs_sessions *st = ctx->sessions;
	uint64_t ms = acs_now_ms() - s->start_ms;

	if (!s->live)
		return;
	s->live = false;
	s->result = result;
	session_return_jobs(ctx, s);
	rules_hook_session_end(ctx, s);
	backend_session(ctx, s);
	dirqueue_lock_release(backend_queue(ctx), s->lock);
	s->lock = NULL;
	pthread_mutex_lock(&st->mtx);
	sessions_unindex(&st->by_device, s->device, s);
	st->nlive--;
	pthread_mutex_unlock(&st->mtx);
	log_info("session %s from %s: events [%s], %u rpcs, %u faults, "
	         "%u messages, %" PRIu64 ".%03" PRIu64 " s, %s",
	    s->device, s->remote, s->events, s->rpcs, s->faults, s->msgs,
	    ms / 1000, ms % 1000, result);
}

static struct acs_session *
session_alloc(struct acs_ctx *ctx, const char *device)
{
	struct acs_session *s;

	s = xcalloc(1, sizeof(*s));
	pthread_mutex_init(&s->mtx, NULL);
	strlcpy(s->device, device, sizeof(s->device));
	acs_random_hex(s->cookie, ACS_COOKIE_HEX / 2);
	s->start_ms = s->last_ms = s->lock_renewed_ms = acs_now_ms();
	s->timeout_ms = ctx->cfg->session.timeout;
	s->live = true;
	s->refs = 2; /* the table's and the creator's */
	s->in_table = true;
	s->result = "running";
	return s;
}

/*
 * Creates the live session of device, locked and referenced.  An old live
 * session of the device is failed first if force is set (the same CPE
 * started over) or if it has been idle past its timeout; otherwise NULL.
 */
struct acs_session *
sessions_create(struct acs_ctx *ctx, const char *device, bool force)
{
	struct acs_sessions *st = ctx->sessions;
	struct acs_session *s, *old = NULL;
	struct acs_snode *n;

	pthread_mutex_lock(&st->mtx);
	n = sessions_lookup(&st->by_device, device);
	if (n != NULL) {
		old = n->sess;
		if (!force && acs_now_ms() - old->last_ms < old->timeout_ms) {
			pthread_mutex_unlock(&st->mtx);
			return NULL;
		}
		old->refs++;
	}
	pthread_mutex_unlock(&st->mtx);
	if (old != NULL) {
		pthread_mutex_lock(&old->mtx);
		sessions_end(ctx, old, force ? "superseded" : "timeout");
		sessions_release(ctx, old);
	}
	s = session_alloc(ctx, device);
	pthread_mutex_lock(&s->mtx);
	pthread_mutex_lock(&st->mtx);
	if (sessions_lookup(&st->by_device, device) != NULL) {
		pthread_mutex_unlock(&st->mtx);
		pthread_mutex_unlock(&s->mtx);
		session_free(s);
		return NULL;
	}
	sessions_index(&st->by_cookie, s->cookie, s);
	sessions_index(&st->by_device, s->device, s);
	st->nlive++;
	pthread_mutex_unlock(&st->mtx);
	return s;
}

/*
 * Drops an ended session now rather than at its idle timeout: the
 * connection that carried it closed, or a new Inform came over that
 * connection or with its cookie, so nothing more can come for it
 * (CWMP.md 5.1 rule 5).  A live session, or one in use, is left alone.
 */
void
sessions_drop_ended(struct acs_ctx *ctx, const char *cookie)
{
	struct acs_sessions	*st = ctx->sessions;
	struct acs_snode	*n;
	struct acs_session	*s, *gone = NULL;

	pthread_mutex_lock(&st->mtx);
	n = sessions_lookup(&st->by_cookie, cookie);
	if (n != NULL && n->sess->refs == 1 &&
	    pthread_mutex_trylock(&n->sess->mtx) == 0) {
		s = n->sess;
		if (!s->live) {
			RB_REMOVE(acs_stree, &st->by_cookie, n);
			free(n);
			s->in_table = false;
			s->refs--;
			gone = s;
		}
		pthread_mutex_unlock(&s->mtx);
	}
	pthread_mutex_unlock(&st->mtx);
	if (gone != NULL)
		session_free(gone);
}

size_t
sessions_live(struct acs_sessions *st)
{
	size_t n;

	pthread_mutex_lock(&st->mtx);
	n = st->nlive;
	pthread_mutex_unlock(&st->mtx);
	return n;
}

/* Collects sessions idle past their timeout; they stay referenced. */
static size_t
sessions_collect(
    struct acs_sessions *st, struct acs_session **out, size_t max, uint64_t now)
{
	struct acs_snode *n;
	struct acs_session *s;
	size_t k = 0;

	pthread_mutex_lock(&st->mtx);
	RB_FOREACH(n, acs_stree, &st->by_cookie) {
		s = n->sess;
		if (k == max)
			break;
		if (now - s->last_ms < s->timeout_ms || s->refs > 1)
			continue;
		s->refs++;
		out[k++] = s;
	}
	pthread_mutex_unlock(&st->mtx);
	return k;
}

#define SESSIONS_EXPIRE_BATCH 256

void
sessions_expire(struct acs_ctx *ctx)
{
	struct acs_sessions *st = ctx->sessions;
	struct acs_session *v[SESSIONS_EXPIRE_BATCH], *s;
	size_t i, k;

	do {
		k = sessions_collect(
		    st, v, SESSIONS_EXPIRE_BATCH, acs_now_ms());
		for (i = 0; i < k; i++) {
			s = v[i];
			pthread_mutex_lock(&s->mtx);
			sessions_end(ctx, s, "timeout");
			pthread_mutex_lock(&st->mtx);
			if (s->in_table) {
				sessions_unindex(&st->by_cookie, s->cookie, s);
				s->in_table = false;
				s->refs--;
			}
			pthread_mutex_unlock(&st->mtx);
			sessions_release(ctx, s);
		}
	} while (k == SESSIONS_EXPIRE_BATCH);
}

void
sessions_free(struct acs_ctx *ctx)
{
	struct acs_sessions *st = ctx->sessions;
	struct acs_snode *n, *next;

	if (st == NULL)
		return;
	RB_FOREACH(n, acs_stree, &st->by_cookie) {
		pthread_mutex_lock(&n->sess->mtx);
		sessions_end(ctx, n->sess, "shutdown");
		pthread_mutex_unlock(&n->sess->mtx);
	}
	RB_FOREACH_SAFE(n, acs_stree, &st->by_device, next)
	{
		RB_REMOVE(acs_stree, &st->by_device, n);
		free(n);
	}
	RB_FOREACH_SAFE(n, acs_stree, &st->by_cookie, next)
	{
		RB_REMOVE(acs_stree, &st->by_cookie, n);
		session_free(n->sess);
		free(n);
	}
	pthread_mutex_destroy(&st->mtx);
	free(st);
}
