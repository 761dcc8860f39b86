/*
 * rule_state.c: the on-disk rollout state of rule_state.h.  The format is
 *	rule: NAME
 *	matched: N  done: N  failed: N  paused: BOOL  pause_reason: TEXT
 *	paused_at: EPOCH
 *	devices: [ {id, phase, jobs, attempts, since, retry_at}, ... ]
 * Updates take <rule>.lock with the link protocol: a unique file created
 * with O_EXCL is linked to the lock name and the link count (2) proves
 * success even when NFS loses the reply; a lock older than
 * RULE_STATE_LOCK_STALE seconds is broken.  The gate keeps a read-only
 * cache per rule, checked against the file's identity, so evaluating a
 * device the rule does not track costs one stat(2) and no lock.  Each
 * device that starts or ends its time in flight, and each pause, is
 * logged with the rule's counters while the state is still locked.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/fileio.h"
#include "lib/log.h"
#include "lib/rule_int.h"
#include "lib/rule_state.h"
#include "lib/xmalloc.h"
#include "lib/yaml_doc.h"

struct state_cache {
	char *rule;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	struct rule_progress *p;
};

struct rule_state {
	char *dir;
	bool durable;
	char host[64];
	unsigned seq;
	pthread_mutex_t mu;
	struct state_cache *cache;
	size_t ncache;
};

struct rule_state *
rule_state_open(const char *dir, int flags, const char **errstr)
{
	struct rule_state *st;
	struct stat sb;

	if ((flags & RULE_STATE_CREATE) && mkdir(dir, 0755) == -1 &&
	    errno != EEXIST) {
		*errstr = strerror(errno);
		return NULL;
	}
	if (stat(dir, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
		*errstr = "state directory missing or not a directory";
		return NULL;
	}
	st = xcalloc(1, sizeof(*st));
	st->dir = xstrdup(dir);
	st->durable = !(flags & RULE_STATE_NOSYNC);
	if (gethostname(st->host, sizeof(st->host)) == -1)
		strlcpy(st->host, "localhost", sizeof(st->host));
	st->host[sizeof(st->host) - 1] = '\0';
	pthread_mutex_init(&st->mu, NULL);
	return st;
}

void
rule_state_free(struct rule_state *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < st->ncache; i++) {
		free(st->cache[i].rule);
		rule_progress_free(st->cache[i].p);
	}
	free(st->cache);
	pthread_mutex_destroy(&st->mu);
	free(st->dir);
	free(st);
}

const char *
rule_state_dir(const struct rule_state *st)
{
	return st->dir;
}

static void
state_path(const struct rule_state *st, const char *rule, const char *ext,
    char *path, size_t len)
{
	snprintf(path, len, "%s/%s%s", st->dir, rule, ext);
}

/* Formatting and parsing. */

static void
write_dev(struct yaml_doc_writer *w, const struct rule_devstate *d)
{
	yaml_doc_map_begin(w);
	yaml_doc_kv_str(w, "id", d->id);
	yaml_doc_kv_str(w, "phase", rule_phase_name(d->phase));
	yaml_doc_kv_int(w, "jobs", d->jobs);
	yaml_doc_kv_int(w, "attempts", d->attempts);
	yaml_doc_kv_int(w, "since", (long long)d->since);
	yaml_doc_kv_int(w, "retry_at", (long long)d->retry_at);
	yaml_doc_map_end(w);
}

char *
rule_state_format(const struct rule_progress *p, size_t *lenp)
{
	struct yaml_doc_writer *w;
	struct rule_devstate *d;
	char *text;

	w = yaml_doc_writer_new();
	yaml_doc_map_begin(w);
	yaml_doc_kv_str(w, "rule", p->rule);
	yaml_doc_kv_int(w, "matched", (long long)p->matched);
	yaml_doc_kv_int(w, "done", (long long)p->done);
	yaml_doc_kv_int(w, "failed", (long long)p->failed);
	yaml_doc_kv_bool(w, "paused", p->paused);
	yaml_doc_kv_str(w, "pause_reason", p->pause_reason);
	yaml_doc_kv_int(w, "paused_at", (long long)p->paused_at);
	yaml_doc_str(w, "devices");
	yaml_doc_seq_begin(w, false);
	for (d = rule_progress_first(p); d != NULL;
	     d = rule_progress_next(p, d))
		write_dev(w, d);
	yaml_doc_seq_end(w);
	yaml_doc_map_end(w);
	text = yaml_doc_writer_finish(w, lenp);
	yaml_doc_writer_free(w);
	return text;
}

static int
get_num(const struct yaml_doc_node *map, const char *key, long long max,
    long long *out, char *err, size_t errlen, const char *name)
{
	const char *s, *errstr;

	if ((s = yaml_doc_get_str(map, key)) == NULL) {
		yaml_doc_errorf(err, errlen, name, map, "missing %s", key);
		return -1;
	}
	*out = strtonum(s, 0, max, &errstr);
	if (errstr != NULL) {
		yaml_doc_errorf(err, errlen, name, yaml_doc_get(map, key),
		    "%s is %s", key, errstr);
		return -1;
	}
	return 0;
}

static int
parse_dev(struct rule_progress *p, const struct yaml_doc_node *n,
    const char *name, char *err, size_t errlen)
{
	struct rule_devstate *d;
	const char *id, *ph;
	enum rule_phase phase;
	long long jobs, att, since, retry;

	id = yaml_doc_get_str(n, "id");
	ph = yaml_doc_get_str(n, "phase");
	if (id == NULL || ph == NULL || rule_phase_lookup(ph, &phase) == -1) {
		yaml_doc_errorf(err, errlen, name, n,
		    "device needs id and a "
		    "known phase");
		return -1;
	}
	if (get_num(n, "jobs", 1000000, &jobs, err, errlen, name) == -1 ||
	    get_num(n, "attempts", 1000000, &att, err, errlen, name) == -1 ||
	    get_num(n, "since", LLONG_MAX, &since, err, errlen, name) == -1 ||
	    get_num(n, "retry_at", LLONG_MAX, &retry, err, errlen, name) == -1)
		return -1;
	d = rule_progress_put(p, id, phase);
	d->jobs = jobs;
	d->attempts = att;
	d->since = since;
	d->retry_at = retry;
	return 0;
}

static int
parse_top(struct rule_progress *p, const struct yaml_doc_node *root,
    const char *name, char *err, size_t errlen)
{
	const char *s;
	long long m, d, f, at;

	if (get_num(root, "matched", LLONG_MAX, &m, err, errlen, name) == -1 ||
	    get_num(root, "done", LLONG_MAX, &d, err, errlen, name) == -1 ||
	    get_num(root, "failed", LLONG_MAX, &f, err, errlen, name) == -1 ||
	    get_num(root, "paused_at", LLONG_MAX, &at, err, errlen, name) == -1)
		return -1;
	p->matched = m;
	p->done = d;
	p->failed = f;
	p->paused_at = at;
	s = yaml_doc_get_str(root, "paused");
	p->paused = s != NULL && strcmp(s, "true") == 0;
	if ((s = yaml_doc_get_str(root, "pause_reason")) != NULL)
		strlcpy(p->pause_reason, s, sizeof(p->pause_reason));
	return 0;
}

struct rule_progress *
rule_state_parse(
    const char *name, const char *data, size_t len, char *err, size_t errlen)
{
	struct yaml_doc_node *root, *devs;
	struct rule_progress *p;
	const char *rule;
	size_t i;

	if ((root = yaml_doc_parse(name, data, len, err, errlen)) == NULL)
		return NULL;
	if ((rule = yaml_doc_get_str(root, "rule")) == NULL) {
		yaml_doc_errorf(err, errlen, name, root, "no rule: name");
		yaml_doc_free(root);
		return NULL;
	}
	p = rule_progress_new(rule);
	if (parse_top(p, root, name, err, errlen) == -1)
		goto fail;
	devs = yaml_doc_get(root, "devices");
	if (devs != NULL && devs->kind != YAML_DOC_SEQ &&
	    !yaml_doc_is_null(devs)) {
		yaml_doc_errorf(err, errlen, name, devs, "devices: not a list");
		goto fail;
	}
	for (i = 0; devs != NULL && i < devs->nitems; i++)
		if (parse_dev(p, devs->items[i], name, err, errlen) == -1)
			goto fail;
	p->dirty = false;
	yaml_doc_free(root);
	return p;
fail:
	rule_progress_free(p);
	yaml_doc_free(root);
	return NULL;
}

/* File access. */

static struct rule_progress *
state_load(struct rule_state *st, const char *rule, struct stat *sb,
    const char **errstr)
{
	struct rule_progress *p;
	char err[YAML_DOC_ERR_MAX];
	char path[PATH_MAX], *data;
	size_t len;

	state_path(st, rule, ".yaml", path, sizeof(path));
	if ((data = fileio_read(path, RULE_STATE_FILE_MAX, &len)) == NULL) {
		if (errno != ENOENT) {
			log_warn("rules: %s", path);
			*errstr = "cannot read the state file";
			return NULL;
		}
		if (sb != NULL)
			memset(sb, 0, sizeof(*sb));
		return rule_progress_new(rule);
	}
	if (sb != NULL && stat(path, sb) == -1)
		memset(sb, 0, sizeof(*sb));
	p = rule_state_parse(path, data, len, err, sizeof(err));
	free(data);
	if (p == NULL) {
		log_warnx("rules: %s", err);
		*errstr = "corrupt state file";
	}
	return p;
}

static int
state_save(
    struct rule_state *st, const struct rule_progress *p, const char **errstr)
{
	char path[PATH_MAX], *text;
	size_t len;

	state_path(st, p->rule, ".yaml", path, sizeof(path));
	if ((text = rule_state_format(p, &len)) == NULL) {
		*errstr = "cannot format state";
		return -1;
	}
	if (fileio_replace(path, text, len, 0644, st->durable) == -1) {
		*errstr = strerror(errno);
		free(text);
		return -1;
	}
	free(text);
	return 0;
}

/* One try of the link protocol: 1 taken, 0 busy, -1 error. */
static int
lock_try(struct rule_state *st, const char *lock, const char *rule)
{
	struct stat sb;
	char tmp[PATH_MAX], line[128];
	int fd, n;

	snprintf(tmp, sizeof(tmp), "%s/.%s.lock.%s.%ld.%u", st->dir, rule,
	    st->host, (long)getpid(), st->seq++);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0644)) == -1)
		return -1;
	n = snprintf(line, sizeof(line), "%s\n%ld\n", st->host, (long)getpid());
	if (write(fd, line, n) != n) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	(void)link(tmp, lock); /* the link count decides, not the reply */
	n = stat(tmp, &sb) == 0 && sb.st_nlink == 2;
	unlink(tmp);
	return n;
}

static int
state_lock(struct rule_state *st, const char *rule, const char **errstr)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	struct stat sb;
	char lock[PATH_MAX];
	int waited, rv;

	state_path(st, rule, ".lock", lock, sizeof(lock));
	for (waited = 0; waited < RULE_STATE_LOCK_WAIT_MS; waited += 10) {
		if ((rv = lock_try(st, lock, rule)) == 1)
			return 0;
		if (rv == -1) {
			*errstr = strerror(errno);
			return -1;
		}
		if (stat(lock, &sb) == 0 &&
		    time(NULL) - sb.st_mtime > RULE_STATE_LOCK_STALE) {
			log_warnx("rules: breaking stale lock %s", lock);
			unlink(lock);
			continue;
		}
		nanosleep(&pause, NULL);
	}
	*errstr = "state lock busy";
	return -1;
}

static void
state_unlock(struct rule_state *st, const char *rule)
{
	char lock[PATH_MAX];

	state_path(st, rule, ".lock", lock, sizeof(lock));
	unlink(lock);
}

struct rule_progress *
rule_state_read(struct rule_state *st, const char *rule, const char **errstr)
{
	return state_load(st, rule, NULL, errstr);
}

static struct state_cache *
cache_find(struct rule_state *st, const char *rule)
{
	size_t i;

	for (i = 0; i < st->ncache; i++)
		if (strcmp(st->cache[i].rule, rule) == 0)
			return &st->cache[i];
	st->cache =
	    xreallocarray(st->cache, st->ncache + 1, sizeof(*st->cache));
	memset(&st->cache[st->ncache], 0, sizeof(*st->cache));
	st->cache[st->ncache].rule = xstrdup(rule);
	return &st->cache[st->ncache++];
}

static void
cache_set(struct rule_state *st, const char *rule, struct rule_progress *p,
    const struct stat *sb)
{
	struct state_cache *c;

	c = cache_find(st, rule);
	rule_progress_free(c->p);
	c->p = p;
	c->dev = sb->st_dev;
	c->ino = sb->st_ino;
	c->size = sb->st_size;
	c->mtime = sb->st_mtim;
}

/* Under st->mu: lock, load, cb, save if dirty, refresh the cache. */
static int
update_locked(struct rule_state *st, const char *rule, rule_state_cb cb,
    void *arg, const char **errstr)
{
	struct rule_progress *p;
	struct stat sb;
	char path[PATH_MAX];
	int rv = -1;

	if (state_lock(st, rule, errstr) == -1)
		return -1;
	if ((p = state_load(st, rule, NULL, errstr)) == NULL)
		goto out;
	p->dirty = false;
	cb(p, arg);
	if (p->dirty && state_save(st, p, errstr) == -1) {
		rule_progress_free(p);
		goto out;
	}
	state_path(st, rule, ".yaml", path, sizeof(path));
	if (stat(path, &sb) == -1)
		memset(&sb, 0, sizeof(sb));
	cache_set(st, rule, p, &sb);
	rv = 0;
out:
	state_unlock(st, rule);
	return rv;
}

int
rule_state_update(struct rule_state *st, const char *rule, rule_state_cb cb,
    void *arg, const char **errstr)
{
	int rv;

	pthread_mutex_lock(&st->mu);
	rv = update_locked(st, rule, cb, arg, errstr);
	pthread_mutex_unlock(&st->mu);
	return rv;
}

/* The gate. */

/*
 * What a change did to a rule's counters, for the log line operators (and
 * the fleet test) read: one line per device that starts or ends its time
 * in flight, written while the state is still locked, so the lines of one
 * process come in the order of the changes.
 */
struct progress_snap {
	unsigned long done;
	unsigned long failed;
	unsigned in_flight;
	bool paused;
	char reason[RULE_PAUSE_REASON_MAX];
};

static void
progress_snap(const struct rule_progress *p, struct progress_snap *s)
{
	s->done = p->done;
	s->failed = p->failed;
	s->in_flight = p->in_flight;
	s->paused = p->paused;
	strlcpy(s->reason, p->pause_reason, sizeof(s->reason));
}

static void
progress_log(const struct rule *r, const char *devid,
    const struct progress_snap *b, const struct progress_snap *a,
    const struct rule_state *st)
{
	const char *what;
	char max[32] = "";

	if (a->failed > b->failed)
		what = "failed";
	else if (a->done > b->done)
		what = "done";
	else if (a->in_flight > b->in_flight)
		what = "started";
	else
		what = NULL;
	if (r->rollout.max_in_flight > 0)
		snprintf(
		    max, sizeof(max), " (max %u)", r->rollout.max_in_flight);
	if (what != NULL)
		log_info("rules: %s: %s: %s, in flight %u%s, done %lu, "
		         "failed %lu",
		    r->name, devid, what, a->in_flight, max, a->done,
		    a->failed);
	if (a->paused && !b->paused)
		log_warnx("rules: %s: paused: %s; resume with anthill-rules "
		          "resume --state %s %s",
		    r->name, a->reason, st->dir, r->name);
}

struct gate_arg {
	const struct rule *r;
	const char *devid;
	bool has;
	unsigned njobs;
	time_t now;
	enum rule_gate_verdict v;
	struct progress_snap before, after;
};

static void
gate_cb(struct rule_progress *p, void *arg)
{
	struct gate_arg *a = arg;

	progress_snap(p, &a->before);
	a->v = rule_rollout_decide(p, a->r, a->devid, a->has, a->njobs, a->now);
	progress_snap(p, &a->after);
}

/* Without work to do, only a device the rule tracks matters. */
static bool
gate_untracked(struct rule_state *st, const struct rule *r, const char *devid)
{
	struct state_cache *c;
	struct stat sb;
	char path[PATH_MAX];

	state_path(st, r->name, ".yaml", path, sizeof(path));
	if (stat(path, &sb) == -1)
		return errno == ENOENT;
	c = cache_find(st, r->name);
	if (c->p == NULL || c->dev != sb.st_dev || c->ino != sb.st_ino ||
	    c->size != sb.st_size || c->mtime.tv_sec != sb.st_mtim.tv_sec ||
	    c->mtime.tv_nsec != sb.st_mtim.tv_nsec)
		return false;
	return rule_progress_find(c->p, devid) == NULL;
}

static enum rule_gate_verdict
state_decide(void *ctx, const struct rule *r, const char *devid, bool has,
    unsigned njobs, time_t now)
{
	struct rule_state *st = ctx;
	struct gate_arg a = { r, devid, has, njobs, now, RULE_GATE_IDLE, { 0 },
		{ 0 } };
	const char *errstr;

	pthread_mutex_lock(&st->mu);
	if (!has && gate_untracked(st, r, devid)) {
		pthread_mutex_unlock(&st->mu);
		return RULE_GATE_IDLE;
	}
	if (update_locked(st, r->name, gate_cb, &a, &errstr) == -1) {
		log_warnx("rules: %s: state: %s; holding its actions", r->name,
		    errstr);
		a.v = RULE_GATE_PAUSED;
	} else
		progress_log(r, devid, &a.before, &a.after, st);
	pthread_mutex_unlock(&st->mu);
	if (has && a.v != RULE_GATE_RUN)
		log_debug("%s: rules: %s: %s held: %s", __func__, r->name,
		    devid, rule_gate_verdict_name(a.v));
	return a.v;
}

void
rule_state_gate(struct rule_state *st, struct rule_gate *gate)
{
	gate->decide = state_decide;
	gate->ctx = st;
}

struct done_arg {
	const struct rule *r;
	const char *devid;
	bool ok;
	time_t now;
	struct progress_snap before, after;
};

static void
done_cb(struct rule_progress *p, void *arg)
{
	struct done_arg *a = arg;

	progress_snap(p, &a->before);
	rule_rollout_job_done(p, a->r, a->devid, a->ok, a->now);
	progress_snap(p, &a->after);
}

int
rule_state_job_done(struct rule_state *st, const struct rule *r,
    const char *devid, bool ok, time_t now, const char **errstr)
{
	struct done_arg a = { r, devid, ok, now, { 0 }, { 0 } };
	int rv;

	pthread_mutex_lock(&st->mu);
	rv = update_locked(st, r->name, done_cb, &a, errstr);
	if (rv == 0)
		progress_log(r, devid, &a.before, &a.after, st);
	pthread_mutex_unlock(&st->mu);
	return rv;
}

static void
resume_cb(struct rule_progress *p, void *arg)
{
	rule_rollout_resume(p);
}

int
rule_state_resume(struct rule_state *st, const char *rule, const char **errstr)
{
	return rule_state_update(st, rule, resume_cb, NULL, errstr);
}
