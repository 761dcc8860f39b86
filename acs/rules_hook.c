/*
 * rules_hook.c: acsd's use of the rules engine (rules(5)).  Rules are
 * evaluated at each Inform, after each response that changes the stored
 * tree and when discovery ends; their actions become queue jobs for the
 * same session (origin "rule:<name>"), tags change the record at once,
 * and exec actions are queued for the main thread, which runs them
 * outside any CWMP request and queues what they print for the device's
 * next session.  Job outcomes (and TransferComplete for Download and
 * Upload, matched by CommandKey) feed the rollout state, which bounds
 * attempts per session and backs off across sessions.  The rule set is
 * swapped under a lock on SIGHUP or when a rule file changes; a set that
 * does not load is logged and the old one stays.
 */
#include "config.h"

#include <sys/stat.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/cwmp_rpc.h"
#include "lib/device_store.h"
#include "lib/dirqueue.h"
#include "lib/log.h"
#include "lib/param_tree.h"
#include "lib/rule_engine.h"
#include "lib/rule_exec.h"
#include "lib/rule_jobs.h"
#include "lib/rule_memdev.h"
#include "lib/rule_record.h"
#include "lib/rule_state.h"
#include "lib/xmalloc.h"
#include "acs/acs.h"

#define RULES_CK_ATTR "rule.ck." /* + CommandKey -> rule name */
#define RULES_EXEC_QUEUE_MAX 1000 /* exec runs waiting */
#define RULES_EXEC_PER_TICK 8 /* exec runs per main-loop second */

struct rules_file {
	char *path;
	struct timespec mtime;
	off_t size;
	ino_t ino;
};

/* An exec action waiting for the main thread, with a device snapshot. */
struct rules_exec {
	TAILQ_ENTRY(rules_exec) entry;
	char *device;
	struct rule_action act;
	struct rule_memdev *md;
	char **events;
	size_t nevents;
};
TAILQ_HEAD(rules_exec_list, rules_exec);

/* A tag change an exec program asked for, applied at the next Inform. */
struct rules_tag {
	TAILQ_ENTRY(rules_tag) entry;
	char *device;
	char *tag;
	bool on;
};
TAILQ_HEAD(rules_tag_list, rules_tag);

struct acs_rules {
	pthread_rwlock_t lock; /* rs */
	struct ruleset *rs;
	struct rules_file *files;
	size_t nfiles;
	struct rule_state *state;
	char *exec_dir;
	struct dirqueue *dq;
	pthread_mutex_t mu; /* everything below */
	pthread_cond_t cv;
	struct rules_exec_list execq;
	size_t nexec;
	struct rules_tag_list tags;
	bool stop;
	bool running;
	pthread_t thread;
};

static void *rules_exec_thread(void *);
static void rules_take_tags(struct acs_rules *, struct acs_session *);

static void
rules_log_errors(const struct rule_load_errors *errs)
{
	size_t i;

	for (i = 0; i < errs->count; i++)
		log_warnx("rules: %s", errs->msg[i]);
	if (errs->dropped > 0)
		log_warnx("rules: %zu more errors", errs->dropped);
}

static struct ruleset *
rules_load(const struct acs_config *cfg)
{
	struct rule_load_errors errs = { 0 };
	struct ruleset *rs;

	rs = ruleset_load(
	    (const char *const *)cfg->rules.files.v, cfg->rules.files.n, &errs);
	rules_log_errors(&errs);
	rule_load_errors_clear(&errs);
	return rs;
}

/* Remembers what the files looked like, to notice edits. */
static bool
rules_files_changed(struct acs_rules *ar)
{
	struct stat sb;
	bool changed = false;
	size_t i;

	for (i = 0; i < ar->nfiles; i++) {
		if (stat(ar->files[i].path, &sb) == -1)
			memset(&sb, 0, sizeof(sb));
		if (sb.st_mtim.tv_sec != ar->files[i].mtime.tv_sec ||
		    sb.st_mtim.tv_nsec != ar->files[i].mtime.tv_nsec ||
		    sb.st_size != ar->files[i].size ||
		    sb.st_ino != ar->files[i].ino)
			changed = true;
		ar->files[i].mtime = sb.st_mtim;
		ar->files[i].size = sb.st_size;
		ar->files[i].ino = sb.st_ino;
	}
	return changed;
}

int
rules_hook_check(const struct acs_config *cfg)
{
	struct ruleset *rs;

	if (cfg->rules.files.n == 0)
		return 0;
	if ((rs = rules_load(cfg)) == NULL)
		return -1;
	ruleset_free(rs);
	return 0;
}

int
rules_hook_open(struct acs_ctx *ctx)
{
	const struct acs_config *cfg = ctx->cfg;
	struct acs_rules *ar;
	const char *errstr;
	size_t i;

	if (cfg->rules.files.n == 0)
		return 0;
	ar = xcalloc(1, sizeof(*ar));
	pthread_rwlock_init(&ar->lock, NULL);
	pthread_mutex_init(&ar->mu, NULL);
	pthread_cond_init(&ar->cv, NULL);
	TAILQ_INIT(&ar->execq);
	TAILQ_INIT(&ar->tags);
	ar->dq = backend_queue(ctx);
	if (cfg->rules.exec_dir != NULL)
		ar->exec_dir = xstrdup(cfg->rules.exec_dir);
	ar->files = xcalloc(cfg->rules.files.n, sizeof(*ar->files));
	for (i = 0; i < cfg->rules.files.n; i++)
		ar->files[i].path = xstrdup(cfg->rules.files.v[i]);
	ar->nfiles = cfg->rules.files.n;
	rules_files_changed(ar);
	ctx->rules = ar;
	if ((ar->rs = rules_load(cfg)) == NULL)
		return -1;
	ar->state = rule_state_open(cfg->rules.state_dir,
	    RULE_STATE_CREATE | (cfg->store.fsync ? 0 : RULE_STATE_NOSYNC),
	    &errstr);
	if (ar->state == NULL) {
		log_warnx("rules: state %s: %s", cfg->rules.state_dir, errstr);
		return -1;
	}
	if (pthread_create(&ar->thread, NULL, rules_exec_thread, ar) != 0) {
		log_warnx("rules: cannot start the exec thread");
		return -1;
	}
	ar->running = true;
	log_info("rules: %zu rules from %zu files", ruleset_count(ar->rs),
	    ar->nfiles);
	return 0;
}

static void
rules_exec_free(struct rules_exec *x)
{
	size_t i;

	for (i = 0; i < x->act.nargs; i++) {
		free(x->act.args[i].name);
		free(x->act.args[i].value);
	}
	free(x->act.args);
	free(x->act.rule);
	for (i = 0; i < x->nevents; i++)
		free(x->events[i]);
	free(x->events);
	rule_memdev_free(x->md);
	free(x->device);
	free(x);
}

void
rules_hook_close(struct acs_ctx *ctx)
{
	struct acs_rules *ar = ctx->rules;
	struct rules_exec *x;
	struct rules_tag *t;
	size_t i;

	if (ar == NULL)
		return;
	if (ar->running) {
		pthread_mutex_lock(&ar->mu);
		ar->stop = true;
		pthread_cond_signal(&ar->cv);
		pthread_mutex_unlock(&ar->mu);
		pthread_join(ar->thread, NULL);
	}
	while ((x = TAILQ_FIRST(&ar->execq)) != NULL) {
		TAILQ_REMOVE(&ar->execq, x, entry);
		rules_exec_free(x);
	}
	while ((t = TAILQ_FIRST(&ar->tags)) != NULL) {
		TAILQ_REMOVE(&ar->tags, t, entry);
		free(t->device);
		free(t->tag);
		free(t);
	}
	free(ar->exec_dir);
	pthread_cond_destroy(&ar->cv);
	ruleset_free(ar->rs);
	rule_state_free(ar->state);
	for (i = 0; i < ar->nfiles; i++)
		free(ar->files[i].path);
	free(ar->files);
	pthread_rwlock_destroy(&ar->lock);
	pthread_mutex_destroy(&ar->mu);
	free(ar);
	ctx->rules = NULL;
}

void
rules_hook_reload(struct acs_ctx *ctx, const char *why)
{
	struct acs_rules *ar = ctx->rules;
	struct ruleset *rs, *old;

	if (ar == NULL)
		return;
	rules_files_changed(ar); /* this load covers any edit so far */
	if ((rs = rules_load(ctx->cfg)) == NULL) {
		log_warnx("rules: %s: invalid rules; keeping the %zu rules in "
		          "force",
		    why, ruleset_count(ar->rs));
		return;
	}
	pthread_rwlock_wrlock(&ar->lock);
	old = ar->rs;
	ar->rs = rs;
	pthread_rwlock_unlock(&ar->lock);
	ruleset_free(old);
	log_info("rules: %s: %zu rules loaded", why, ruleset_count(rs));
}

static int
snap_param(void *arg, const char *name, const char *value, const char *type)
{
	rule_memdev_set(arg, name, value, type);
	return 0;
}

static int
snap_tag(void *arg, const char *tag)
{
	rule_memdev_tag(arg, tag, true);
	return 0;
}

/* Copies the device for an exec run that happens after the session. */
static struct rule_memdev *
rules_snapshot(const struct rule_input *in)
{
	const struct rule_device *dev = in->dev;
	struct rule_memdev *md = rule_memdev_new();
	size_t i;

	for (i = 0; i < RULE_ID_COUNT; i++)
		rule_memdev_set_id(md, i, dev->ops->id(dev->ctx, i));
	dev->ops->foreach_param(dev->ctx, snap_param, md);
	dev->ops->foreach_tag(dev->ctx, snap_tag, md);
	return md;
}

static void
rules_exec_queue(struct acs_rules *ar, const char *device,
    const struct rule_action *a, const struct rule_input *in)
{
	struct rules_exec *x;
	size_t i;

	pthread_mutex_lock(&ar->mu);
	if (ar->nexec >= RULES_EXEC_QUEUE_MAX) {
		pthread_mutex_unlock(&ar->mu);
		log_warnx(
		    "%s: rule %s: exec queue full, dropped", device, a->rule);
		return;
	}
	ar->nexec++;
	pthread_mutex_unlock(&ar->mu);
	x = xcalloc(1, sizeof(*x));
	x->device = xstrdup(device);
	x->act.kind = a->kind;
	x->act.rule = xstrdup(a->rule);
	x->act.timeout = a->timeout;
	x->act.args = xcalloc(a->nargs, sizeof(*x->act.args));
	for (i = 0; i < a->nargs; i++) {
		x->act.args[i].name = xstrdup(a->args[i].name);
		x->act.args[i].value = xstrdup(a->args[i].value);
	}
	x->act.nargs = a->nargs;
	x->md = rules_snapshot(in);
	x->events = xcalloc(in->nevents + 1, sizeof(*x->events));
	for (i = 0; i < in->nevents; i++)
		x->events[i] = xstrdup(in->events[i]);
	x->nevents = in->nevents;
	pthread_mutex_lock(&ar->mu);
	TAILQ_INSERT_TAIL(&ar->execq, x, entry);
	pthread_cond_signal(&ar->cv);
	pthread_mutex_unlock(&ar->mu);
}

/* Queues the jobs of one action; Download/Upload remember their rule. */
static void
rules_enqueue(struct acs_ctx *ctx, struct acs_session *s,
    const struct rule_action *a, time_t now, unsigned seq)
{
	struct dirqueue_job jobs[RULE_JOBS_PER_ACTION];
	const char *errstr, *ck;
	char attr[DEVICE_ATTR_NAME_MAX + 1], *d;
	size_t n, i;

	for (i = 0; i < RULE_JOBS_PER_ACTION; i++)
		dirqueue_job_init(&jobs[i]);
	n = rule_jobs_from_action(a, s->device, now, seq, jobs);
	for (i = 0; i < n; i++) {
		ck = dirqueue_arg_get_str(jobs[i].args, "CommandKey");
		if (ck != NULL &&
		    (a->kind == RULE_ACT_DOWNLOAD ||
		        a->kind == RULE_ACT_UPLOAD)) {
			snprintf(attr, sizeof(attr), "%s%s", RULES_CK_ATTR, ck);
			device_record_set_attr(s->rec, attr, a->rule);
			s->rec_dirty = true;
		}
		if (dirqueue_enqueue(
		        backend_queue(ctx), s->device, &jobs[i], &errstr) == -1)
			log_warnx("%s: rule %s: queue: %s", s->device, a->rule,
			    errstr);
	}
	for (i = 0; i < RULE_JOBS_PER_ACTION; i++)
		dirqueue_job_clear(&jobs[i]);
	d = rule_action_describe(a);
	log_info("%s: rule %s: %s", s->device, a->rule, d);
	free(d);
}

static void
rules_apply(struct acs_ctx *ctx, struct acs_session *s,
    const struct rule_actions *acts, const struct rule_input *in)
{
	const struct rule_action *a;
	unsigned seq = 0;
	size_t i;

	for (i = 0; i < acts->nerrors; i++)
		log_warnx("%s: %s", s->device, acts->errors[i]);
	if (rule_record_apply_tags(s->rec, acts) != 0)
		s->rec_dirty = true;
	TAILQ_FOREACH(a, &acts->list, entry) {
		if (a->kind == RULE_ACT_TAG || a->kind == RULE_ACT_UNTAG)
			log_info("%s: rule %s: %s %s", s->device, a->rule,
			    rule_action_kind_name(a->kind),
			    rule_action_arg(a, "tag"));
		if (a->kind == RULE_ACT_EXEC)
			rules_exec_queue(ctx->rules, s->device, a, in);
		else if (rule_action_rpc(a->kind) != NULL)
			rules_enqueue(ctx, s, a, in->now, seq++);
	}
}

void
rules_hook_eval(struct acs_ctx *ctx, struct acs_session *s)
{
	struct acs_rules *ar = ctx->rules;
	struct rule_record rr;
	struct rule_input in;
	struct rule_gate gate;
	struct rule_actions acts;

	if (ar == NULL || s->rec == NULL)
		return;
	if (s->rules_sess == NULL)
		s->rules_sess = rule_session_new();
	rules_take_tags(ar, s);
	rule_record_init(&rr, s->rec);
	rule_record_input(&rr, &in, time(NULL));
	in.session = s->rules_sess;
	rule_state_gate(ar->state, &gate);
	rule_actions_init(&acts);
	pthread_rwlock_rdlock(&ar->lock);
	ruleset_eval(ar->rs, &in, &gate, &acts);
	pthread_rwlock_unlock(&ar->lock);
	rules_apply(ctx, s, &acts, &in);
	rule_actions_clear(&acts);
}

void
rules_hook_session_end(struct acs_ctx *ctx, struct acs_session *s)
{
	rule_session_free(s->rules_sess);
	s->rules_sess = NULL;
}

/* Reports an outcome to the rule's rollout state. */
static void
rules_outcome(
    struct acs_ctx *ctx, const char *device, const char *rule, bool ok)
{
	struct acs_rules *ar = ctx->rules;
	const struct rule *r;
	const char *errstr;

	pthread_rwlock_rdlock(&ar->lock);
	if ((r = ruleset_find(ar->rs, rule)) != NULL &&
	    rule_state_job_done(
	        ar->state, r, device, ok, time(NULL), &errstr) == -1)
		log_warnx("%s: rule %s: state: %s", device, rule, errstr);
	pthread_rwlock_unlock(&ar->lock);
	if (!ok)
		log_info("%s: rule %s: action failed", device, rule);
}

/*
 * The store learns from AddObject and DeleteObject answers, so a declared
 * number of instances converges.
 */
static void
rules_objects(struct acs_session *s, const struct dirqueue_job *job,
    const struct cwmp_msg *m)
{
	const char *obj, *errstr;
	char path[PARAM_NAME_MAX + 1];

	obj = dirqueue_arg_get_str(job->args, "ObjectName");
	if (obj == NULL || s->rec == NULL)
		return;
	if (m->method == CWMP_ADD_OBJECT_RESPONSE &&
	    m->object_resp.instance_number > 0) {
		snprintf(path, sizeof(path), "%s%u.", obj,
		    m->object_resp.instance_number);
		param_tree_add_object(s->rec->tree, path, false, &errstr);
		s->rec_dirty = true;
	} else if (m->method == CWMP_DELETE_OBJECT_RESPONSE &&
	    param_tree_delete(s->rec->tree, obj, &errstr) > 0)
		s->rec_dirty = true;
}

void
rules_hook_job(struct acs_ctx *ctx, struct acs_session *s,
    const struct dirqueue_job *job, const struct cwmp_msg *m, bool ok)
{
	char rule[RULE_NAME_MAX + 1];
	bool transfer;

	if (ctx->rules == NULL ||
	    rule_jobs_rule(job, rule, sizeof(rule)) == NULL)
		return;
	transfer = job->rpc != NULL &&
	    (strcmp(job->rpc, "Download") == 0 ||
	        strcmp(job->rpc, "Upload") == 0);
	/* Status 1: the outcome comes with TransferComplete. */
	if (ok && transfer && m != NULL && m->transfer_resp.status == 1)
		return;
	if (ok && m != NULL)
		rules_objects(s, job, m);
	rules_outcome(ctx, s->device, rule, ok);
}

void
rules_hook_transfer(
    struct acs_ctx *ctx, struct acs_session *s, const struct cwmp_msg *m)
{
	const char *ck, *rule;
	char attr[DEVICE_ATTR_NAME_MAX + 1], name[RULE_NAME_MAX + 1];

	if (ctx->rules == NULL || s->rec == NULL ||
	    m->method != CWMP_TRANSFER_COMPLETE)
		return;
	ck = m->tc.command_key;
	if (ck == NULL || *ck == '\0')
		return;
	snprintf(attr, sizeof(attr), "%s%s", RULES_CK_ATTR, ck);
	if ((rule = device_record_get_attr(s->rec, attr)) == NULL)
		return;
	strlcpy(name, rule, sizeof(name));
	device_record_set_attr(s->rec, attr, NULL);
	s->rec_dirty = true;
	rules_outcome(ctx, s->device, name, m->tc.fault.code == 0);
}

/* Exec runs: a thread of their own, never a CWMP request. */

static void
rules_pending_tags(
    struct acs_rules *ar, const char *device, const struct rule_actions *acts)
{
	const struct rule_action *a;
	struct rules_tag *t;

	TAILQ_FOREACH(a, &acts->list, entry) {
		if (a->kind != RULE_ACT_TAG && a->kind != RULE_ACT_UNTAG)
			continue;
		t = xcalloc(1, sizeof(*t));
		t->device = xstrdup(device);
		t->tag = xstrdup(rule_action_arg(a, "tag"));
		t->on = a->kind == RULE_ACT_TAG;
		pthread_mutex_lock(&ar->mu);
		TAILQ_INSERT_TAIL(&ar->tags, t, entry);
		pthread_mutex_unlock(&ar->mu);
	}
}

static void
rules_exec_one(struct acs_rules *ar, struct rules_exec *x)
{
	struct rule_load_errors errs = { 0 };
	struct rule_actions acts;
	struct rule_input in = { 0 };
	const char *errstr;
	int n;

	in.dev = rule_memdev_device(x->md);
	in.events = (const char *const *)x->events;
	in.nevents = x->nevents;
	in.now = time(NULL);
	rule_actions_init(&acts);
	if (rule_exec_run(&x->act, ar->exec_dir, &in, &acts, &errs) == -1) {
		rules_log_errors(&errs);
	} else {
		n = rule_jobs_enqueue(
		    ar->dq, x->device, &acts, in.now, &errstr);
		if (n == -1)
			log_warnx("%s: rule %s: queue: %s", x->device,
			    x->act.rule, errstr);
		else
			log_info("%s: rule %s: exec queued %d jobs", x->device,
			    x->act.rule, n);
		rules_pending_tags(ar, x->device, &acts);
	}
	rule_load_errors_clear(&errs);
	rule_actions_clear(&acts);
}

static void *
rules_exec_thread(void *arg)
{
	struct acs_rules *ar = arg;
	struct rules_exec *x;

	pthread_mutex_lock(&ar->mu);
	for (;;) {
		while (!ar->stop && TAILQ_EMPTY(&ar->execq))
			pthread_cond_wait(&ar->cv, &ar->mu);
		if (ar->stop)
			break;
		x = TAILQ_FIRST(&ar->execq);
		TAILQ_REMOVE(&ar->execq, x, entry);
		pthread_mutex_unlock(&ar->mu);
		rules_exec_one(ar, x);
		rules_exec_free(x);
		pthread_mutex_lock(&ar->mu);
		ar->nexec--;
	}
	pthread_mutex_unlock(&ar->mu);
	return NULL;
}

/* Tag changes exec programs asked for, applied under the session. */
static void
rules_take_tags(struct acs_rules *ar, struct acs_session *s)
{
	struct rules_tag *t, *next;

	pthread_mutex_lock(&ar->mu);
	TAILQ_FOREACH_SAFE(t, &ar->tags, entry, next) {
		if (strcmp(t->device, s->device) != 0)
			continue;
		TAILQ_REMOVE(&ar->tags, t, entry);
		if (t->on)
			device_record_add_tag(s->rec, t->tag);
		else
			device_record_del_tag(s->rec, t->tag);
		s->rec_dirty = true;
		free(t->device);
		free(t->tag);
		free(t);
	}
	pthread_mutex_unlock(&ar->mu);
}

/* The main loop's second: reload edited rule files. */
void
rules_hook_tick(struct acs_ctx *ctx)
{
	struct acs_rules *ar = ctx->rules;

	if (ar != NULL && rules_files_changed(ar))
		rules_hook_reload(ctx, "rule file changed");
}
