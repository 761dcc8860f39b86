/*
 * dirqueue_lease.c: who owns a queued job.  Each job has a lease chain in
 * active/: <job>@1, <job>@2, ...  Only the highest entry counts; it says
 * "lease" (host, pid, expiry), "free" (returned), "unknown" (answer lost,
 * not idempotent) or "cancel" (being removed).  A transition creates the
 * next entry with the link protocol, so of two processes that read the
 * same top entry only one can act on it: this is the compare-and-swap that
 * rename-free NFS allows.  The chain is removed, top first, only after the
 * job file is gone, and a claimer that wins an entry re-checks that the
 * job file still exists, so a half-removed chain cannot revive a job.
 *
 * It does not renew leases by itself; holders call dirqueue_renew().
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/dirqueue_int.h"
#include "lib/log.h"
#include "lib/xmalloc.h"

/* How long a "cancel" entry blocks claims while the canceller works. */
#define DQ_CANCEL_LEASE	60
/* Leftovers of crashed writers are removed after this many seconds. */
#define DQ_LEFTOVER_AGE	86400

enum chain_state {
	CH_NONE,
	CH_FREE,
	CH_LEASE,
	CH_UNKNOWN,
	CH_CANCEL,
	CH_CORRUPT
};

static const char *const ch_names[] = {
	"none", "free", "lease", "unknown", "cancel"
};

struct chain_top {
	unsigned int	 seq;		/* 0: no chain */
	enum chain_state state;
	char		 host[DQ_HOST_MAX];
	long		 pid;
	int		 attempts;
	time_t		 expires;
	bool		 stale;
	bool		 vanished;	/* removed while we looked */
};

static int
entry_path(char *buf, size_t len, const struct dq_dir *d, const char *name,
    unsigned int seq)
{
	char	entry[DIRQUEUE_NAME_MAX + 16];

	snprintf(entry, sizeof(entry), "%s@%u", name, seq);
	return dq_path(buf, len, d, "active", entry);
}

/* The highest existing entry at or above from (from itself may be gone). */
static unsigned int
chain_last(const struct dq_dir *d, const char *name, unsigned int from)
{
	char		path[PATH_MAX];
	struct stat	st;
	unsigned int	s;

	for (s = from; s < DIRQUEUE_CHAIN_MAX; s++) {
		if (entry_path(path, sizeof(path), d, name, s + 1) == -1 ||
		    lstat(path, &st) == -1)
			break;
	}
	return s;
}

static enum chain_state
state_parse(const char *s)
{
	size_t	i;

	for (i = 1; s != NULL && i < sizeof(ch_names) / sizeof(ch_names[0]);
	    i++)
		if (strcmp(s, ch_names[i]) == 0)
			return (enum chain_state)i;
	return CH_CORRUPT;
}

/* Fills t from entry t->seq. */
static void
chain_read(struct dirqueue *dq, const struct dq_dir *d, const char *name,
    struct chain_top *t)
{
	struct dirqueue_arg	*m = NULL;
	struct stat		 st;
	const char		*err, *host;
	char			 path[PATH_MAX], *data = NULL;
	size_t			 len;
	bool			 bad = false;
	time_t			 now = time(NULL);

	t->state = CH_CORRUPT;
	if (entry_path(path, sizeof(path), d, name, t->seq) == -1 ||
	    lstat(path, &st) == -1 || (data = dq_read(path, &len)) == NULL) {
		t->vanished = true;
		return;
	}
	m = dq_yaml_parse(data, len, &err);
	free(data);
	if (m != NULL)
		t->state = state_parse(dirqueue_arg_get_str(m, "state"));
	host = dirqueue_arg_get_str(m, "host");
	strlcpy(t->host, host != NULL ? host : "", sizeof(t->host));
	t->pid = (long)dq_arg_num(m, "pid", 0, 0, LONG_MAX, &bad);
	t->attempts = (int)dq_arg_num(m, "attempts", 0, 0, INT_MAX, &bad);
	t->expires = (time_t)dq_arg_num(m, "expires", 0, 0, LLONG_MAX, &bad);
	dirqueue_arg_free(m);
	if (bad)
		t->state = CH_CORRUPT;
	if (t->state == CH_CORRUPT)
		t->stale = now >= st.st_mtime + DIRQUEUE_LEASE_DEFAULT;
	else if (t->state == CH_LEASE || t->state == CH_CANCEL)
		t->stale = now >= t->expires ||
		    dq_pid_is_dead(dq, t->host, t->pid);
}

static void
chain_top(struct dirqueue *dq, const struct dq_dir *d, const char *name,
    struct chain_top *t)
{
	memset(t, 0, sizeof(*t));
	t->seq = chain_last(d, name, 0);
	if (t->seq == 0)
		t->state = CH_NONE;
	else
		chain_read(dq, d, name, t);
}

/* Creates entry seq; -1 with errno EEXIST when another process won. */
static int
chain_add(struct dirqueue *dq, const struct dq_dir *d, const char *name,
    unsigned int seq, enum chain_state state, int attempts, int lease,
    const char **errstr)
{
	struct dirqueue_arg	*m;
	char			 entry[DIRQUEUE_NAME_MAX + 16], buf[32];
	char			*text;
	size_t			 len;
	int			 rc;

	if (seq >= DIRQUEUE_CHAIN_MAX) {
		*errstr = "lease chain too long";
		errno = EMLINK;
		return -1;
	}
	m = dirqueue_arg_new(DIRQUEUE_ARG_MAP);
	dirqueue_arg_add_str(m, "state", ch_names[state]);
	dirqueue_arg_add_str(m, "host", dq->host);
	snprintf(buf, sizeof(buf), "%ld", (long)getpid());
	dirqueue_arg_add_str(m, "pid", buf);
	snprintf(buf, sizeof(buf), "%d", attempts < 0 ? 0 : attempts);
	dirqueue_arg_add_str(m, "attempts", buf);
	snprintf(buf, sizeof(buf), "%d", lease);
	dirqueue_arg_add_str(m, "lease", buf);
	snprintf(buf, sizeof(buf), "%lld", (long long)time(NULL) + lease);
	dirqueue_arg_add_str(m, "expires", buf);
	text = dq_yaml_emit(m, &len);
	dirqueue_arg_free(m);
	if (text == NULL) {
		*errstr = "cannot write lease";
		return -1;
	}
	snprintf(entry, sizeof(entry), "%s@%u", name, seq);
	rc = dq_publish(dq, d, "active", entry, text, len, errstr);
	free(text);
	return rc;
}

/* Removes the chain, highest entry first. */
static void
chain_clear(const struct dq_dir *d, const char *name, unsigned int from)
{
	char		path[PATH_MAX];
	unsigned int	s;

	for (s = chain_last(d, name, from); s > 0; s--)
		if (entry_path(path, sizeof(path), d, name, s) == 0)
			unlink(path);
}

void
dq_lease_state(struct dirqueue *dq, const struct dq_dir *d,
    struct dirqueue_job *job)
{
	struct chain_top	t;

	chain_top(dq, d, job->name, &t);
	job->attempts = t.attempts;
	switch (t.state) {
	case CH_NONE:
	case CH_FREE:
		job->state = DIRQUEUE_QUEUED;
		return;
	case CH_UNKNOWN:
		job->state = DIRQUEUE_UNKNOWN;
		break;
	default:
		job->state = t.stale ? DIRQUEUE_STALE : DIRQUEUE_ACTIVE;
		break;
	}
	free(job->lease_host);
	job->lease_host = xstrdup(t.host);
	job->lease_pid = (pid_t)t.pid;
	job->lease_expires = t.expires;
}

static int
unlink_sub(const struct dq_dir *d, const char *sub, const char *name)
{
	char	path[PATH_MAX];

	if (dq_path(path, sizeof(path), d, sub, name) == -1)
		return -1;
	return unlink(path);
}

static bool
outcome_exists(const struct dq_dir *d, const char *name)
{
	char		path[PATH_MAX];
	struct stat	st;

	return (dq_path(path, sizeof(path), d, "done", name) == 0 &&
	    lstat(path, &st) == 0) ||
	    (dq_path(path, sizeof(path), d, "failed", name) == 0 &&
	    lstat(path, &st) == 0);
}

/* Keeps an unreadable job file as it is in failed/ and drops it. */
static void
quarantine(const struct dq_dir *d, const char *name, unsigned int seq,
    const char *err)
{
	char	from[PATH_MAX], to[PATH_MAX];

	log_warnx("queue %s: job %s: %s: moved to failed/", d->key, name,
	    err);
	if (dq_path(from, sizeof(from), d, "queue", name) == 0 &&
	    dq_path(to, sizeof(to), d, "failed", name) == 0 &&
	    (link(from, to) == 0 || errno == EEXIST))
		unlink(from);
	chain_clear(d, name, seq);
}

/* Writes the outcome record and removes the job; the lease is held. */
static int
job_record(struct dirqueue *dq, const struct dq_dir *d,
    struct dirqueue_job *job, const char *sub, const char *reason,
    const struct dirqueue_arg *result, const char **errstr)
{
	struct dirqueue_arg	*m;
	char			*text;
	size_t			 len;
	int			 rc;

	job->finished = time(NULL);
	m = dq_job_tree(job, true);
	if (reason != NULL)
		dirqueue_arg_add_str(m, "reason", reason);
	if (result != NULL)
		dq_arg_attach(m, "result", dirqueue_arg_dup(result));
	text = dq_yaml_emit(m, &len);
	dirqueue_arg_free(m);
	if (text == NULL) {
		*errstr = "outcome cannot be written as YAML";
		errno = EINVAL;
		return -1;
	}
	rc = dq_publish(dq, d, sub, job->name, text, len, errstr);
	free(text);
	if (rc == -1 && errno == EEXIST) {
		*errstr = "job already has an outcome";
		errno = ESTALE;
		return -1;
	}
	if (rc == -1)
		return -1;
	unlink_sub(d, "queue", job->name);
	chain_clear(d, job->name, job->lease_seq);
	return 0;
}

/* Finishes what a claim found after winning its entry; 1 keeps the job. */
static int
claim_check(struct dirqueue *dq, const struct dq_dir *d,
    const struct chain_top *t, int loaded, struct dirqueue_job *job,
    const char *err)
{
	unsigned int	seq = t->seq + 1;
	const char	*e;

	if (loaded == -1 && errno == ENOENT) {
		chain_clear(d, job->name, seq);	/* gone meanwhile */
		return 0;
	}
	if (t->stale && outcome_exists(d, job->name)) {
		unlink_sub(d, "queue", job->name);	/* crashed finisher */
		chain_clear(d, job->name, seq);
		return 0;
	}
	if (loaded == -1 && errno != EINVAL && errno != EFBIG) {
		/* Unreadable for now (EIO, EACCES): give it back. */
		chain_add(dq, d, job->name, seq + 1, CH_FREE, t->attempts,
		    DIRQUEUE_LEASE_MIN, &e);
		return -1;
	}
	if (loaded == -1 || t->state == CH_CANCEL) {
		quarantine(d, job->name, seq,
		    loaded == -1 ? err : "cancelled");
		return 0;
	}
	if (t->stale && !job->idempotent) {
		log_info("queue %s: job %s: lease expired, outcome unknown",
		    d->key, job->name);
		chain_add(dq, d, job->name, seq + 1, CH_UNKNOWN, job->attempts,
		    DIRQUEUE_LEASE_MIN, &e);
		return 0;
	}
	if (job->expires != 0 && time(NULL) >= job->expires) {
		job_record(dq, d, job, "failed", "expired", NULL, &e);
		return 0;
	}
	return 1;
}

static int
claim_one(struct dirqueue *dq, const struct dq_dir *d, const char *device,
    const char *name, int lease, struct dirqueue_job *job,
    const char **errstr)
{
	struct chain_top	 t;
	const char		*err = NULL;
	int			 loaded, rc;

	chain_top(dq, d, name, &t);
	if (t.vanished || t.state == CH_UNKNOWN ||
	    (t.state != CH_NONE && t.state != CH_FREE && !t.stale))
		return 0;
	if (chain_add(dq, d, name, t.seq + 1, CH_LEASE, t.attempts + 1, lease,
	    errstr) == -1)
		return errno == EEXIST ? 0 : -1;
	loaded = dq_job_load(d, device, "queue", name, job, &err);
	job->lease_seq = t.seq + 1;
	job->attempts = t.attempts + 1;
	rc = claim_check(dq, d, &t, loaded, job, err);
	if (rc != 1) {
		if (rc == -1)
			*errstr = "cannot read job file";
		dirqueue_job_clear(job);
		return rc;
	}
	job->state = DIRQUEUE_ACTIVE;
	job->lease_host = xstrdup(dq->host);
	job->lease_pid = getpid();
	job->lease_expires = time(NULL) + lease;
	return 1;
}

static int
lease_check(int lease, const char **errstr)
{
	if (lease < DIRQUEUE_LEASE_MIN || lease > DIRQUEUE_LEASE_MAX) {
		*errstr = "lease out of range";
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int
dirqueue_claim(struct dirqueue *dq, const char *device, const char *name,
    int lease, struct dirqueue_job *job, const char **errstr)
{
	struct dq_dir	d;

	if (lease_check(lease, errstr) == -1 ||
	    dq_dir_init(dq, device, &d, false, errstr) == -1)
		return -1;
	if (!dq_name_is_valid(name)) {
		*errstr = "bad job name";
		errno = EINVAL;
		return -1;
	}
	return claim_one(dq, &d, device, name, lease, job, errstr);
}

int
dirqueue_claim_next(struct dirqueue *dq, const char *device, int lease,
    struct dirqueue_job *job, const char **errstr)
{
	struct dq_dir	 d;
	char		 path[PATH_MAX], **names;
	const char	*err = NULL;
	size_t		 n, i;
	int		 rc = 0, failed = 0;

	if (lease_check(lease, errstr) == -1 ||
	    dq_dir_init(dq, device, &d, false, errstr) == -1)
		return -1;
	if (dq_path(path, sizeof(path), &d, "queue", NULL) == -1 ||
	    dq_names(path, true, &names, &n) == -1) {
		*errstr = "cannot read queue directory";
		return -1;
	}
	/* One bad job must not block the ones behind it. */
	for (i = 0; i < n; i++) {
		rc = claim_one(dq, &d, device, names[i], lease, job, &err);
		if (rc == 1)
			break;
		if (rc == -1)
			failed++;
	}
	dq_names_free(names, n);
	if (rc != 1 && failed > 0) {
		*errstr = err;
		return -1;
	}
	return rc == 1 ? 1 : 0;
}

/* The holder's directory, and whether its lease entry is still the top. */
static int
holder_check(struct dirqueue *dq, const struct dirqueue_job *job,
    struct dq_dir *d, const char **errstr)
{
	char		path[PATH_MAX];
	struct stat	st;

	if (job->lease_seq == 0) {
		*errstr = "job is not claimed";
		errno = EINVAL;
		return -1;
	}
	if (dq_dir_init(dq, job->device, d, false, errstr) == -1)
		return -1;
	if (entry_path(path, sizeof(path), d, job->name, job->lease_seq) ==
	    -1 || lstat(path, &st) == -1 ||
	    chain_last(d, job->name, job->lease_seq) != job->lease_seq) {
		*errstr = "lease lost";
		errno = ESTALE;
		return -1;
	}
	return 0;
}

/* Adds the holder's next chain entry. */
static int
holder_step(struct dirqueue *dq, struct dirqueue_job *job,
    enum chain_state state, int attempts, int lease, const char **errstr)
{
	struct dq_dir	d;

	if (holder_check(dq, job, &d, errstr) == -1)
		return -1;
	if (chain_add(dq, &d, job->name, job->lease_seq + 1, state, attempts,
	    lease, errstr) == -1) {
		if (errno == EEXIST) {
			*errstr = "lease lost";
			errno = ESTALE;
		}
		return -1;
	}
	job->lease_seq++;
	return 0;
}

int
dirqueue_renew(struct dirqueue *dq, struct dirqueue_job *job, int lease,
    const char **errstr)
{
	if (lease_check(lease, errstr) == -1 ||
	    holder_step(dq, job, CH_LEASE, job->attempts, lease, errstr) == -1)
		return -1;
	job->lease_expires = time(NULL) + lease;
	return 0;
}

int
dirqueue_finish(struct dirqueue *dq, struct dirqueue_job *job,
    const struct dirqueue_arg *response, const char **errstr)
{
	struct dq_dir	d;

	if (holder_check(dq, job, &d, errstr) == -1)
		return -1;
	if (job_record(dq, &d, job, "done", NULL, response, errstr) == -1)
		return -1;
	job->state = DIRQUEUE_FINISHED;
	job->lease_seq = 0;
	return 0;
}

int
dirqueue_fail(struct dirqueue *dq, struct dirqueue_job *job,
    const char *reason, const struct dirqueue_arg *fault,
    const char **errstr)
{
	struct dq_dir	d;

	if (holder_check(dq, job, &d, errstr) == -1)
		return -1;
	if (job_record(dq, &d, job, "failed", reason != NULL ? reason :
	    "fault", fault, errstr) == -1)
		return -1;
	job->state = DIRQUEUE_FAILED_STATE;
	job->lease_seq = 0;
	return 0;
}

int
dirqueue_return(struct dirqueue *dq, struct dirqueue_job *job, bool sent,
    const char **errstr)
{
	bool	unknown = sent && !job->idempotent;

	if (holder_step(dq, job, unknown ? CH_UNKNOWN : CH_FREE,
	    sent ? job->attempts : job->attempts - 1, DIRQUEUE_LEASE_MIN,
	    errstr) == -1)
		return -1;
	job->state = unknown ? DIRQUEUE_UNKNOWN : DIRQUEUE_QUEUED;
	job->lease_seq = 0;
	return 0;
}

/* Looks up a queued job for cancel and requeue. */
static int
op_prepare(struct dirqueue *dq, const char *device, const char *name,
    struct dq_dir *d, struct chain_top *t, const char **errstr)
{
	char		path[PATH_MAX];
	struct stat	st;

	if (!dq_name_is_valid(name)) {
		*errstr = "bad job name";
		errno = EINVAL;
		return -1;
	}
	if (dq_dir_init(dq, device, d, false, errstr) == -1)
		return -1;
	if (dq_path(path, sizeof(path), d, "queue", name) == -1 ||
	    lstat(path, &st) == -1) {
		*errstr = "no such queued job";
		errno = ENOENT;
		return -1;
	}
	chain_top(dq, d, name, t);
	return 0;
}

int
dirqueue_cancel(struct dirqueue *dq, const char *device, const char *name,
    const char **errstr)
{
	struct dirqueue_job	 job;
	struct chain_top	 t;
	struct dq_dir		 d;
	const char		*err;
	int			 rc;

	if (op_prepare(dq, device, name, &d, &t, errstr) == -1)
		return -1;
	if (t.vanished || ((t.state == CH_LEASE || t.state == CH_CANCEL ||
	    t.state == CH_CORRUPT) && !t.stale)) {
		*errstr = "job is in progress";
		errno = EBUSY;
		return -1;
	}
	if (chain_add(dq, &d, name, t.seq + 1, CH_CANCEL, t.attempts,
	    DQ_CANCEL_LEASE, errstr) == -1) {
		if (errno == EEXIST) {
			*errstr = "job is in progress";
			errno = EBUSY;
		}
		return -1;
	}
	dirqueue_job_init(&job);
	rc = dq_job_load(&d, device, "queue", name, &job, &err);
	job.lease_seq = t.seq + 1;
	job.attempts = t.attempts;
	if (rc == 0)
		rc = job_record(dq, &d, &job, "failed", "cancelled", NULL,
		    errstr);
	else if (errno == ENOENT) {
		chain_clear(&d, name, t.seq + 1);
		*errstr = "no such queued job";
	} else {
		quarantine(&d, name, t.seq + 1, err);
		rc = 0;
	}
	dirqueue_job_clear(&job);
	return rc;
}

int
dirqueue_requeue(struct dirqueue *dq, const char *device, const char *name,
    const char **errstr)
{
	struct chain_top	t;
	struct dq_dir		d;

	if (op_prepare(dq, device, name, &d, &t, errstr) == -1)
		return -1;
	if (t.state != CH_UNKNOWN) {
		*errstr = "job is not in state unknown";
		errno = EINVAL;
		return -1;
	}
	if (chain_add(dq, &d, name, t.seq + 1, CH_FREE, t.attempts,
	    DIRQUEUE_LEASE_MIN, errstr) == -1) {
		if (errno == EEXIST) {
			*errstr = "job changed meanwhile";
			errno = EBUSY;
		}
		return -1;
	}
	return 0;
}

/* Unlinks entries of dir older than cutoff that keep() does not want. */
static long
prune_dir(const struct dq_dir *d, const char *sub, time_t cutoff,
    bool (*keep)(const struct dq_dir *, const char *))
{
	char		path[PATH_MAX], **names;
	struct stat	st;
	size_t		n, i;
	long		removed = 0;

	if (dq_path(path, sizeof(path), d, sub, NULL) == -1 ||
	    dq_names(path, false, &names, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (dq_path(path, sizeof(path), d, sub, names[i]) == -1 ||
		    lstat(path, &st) == -1 || st.st_mtime >= cutoff ||
		    !S_ISREG(st.st_mode) ||
		    (keep != NULL && keep(d, names[i])))
			continue;
		if (unlink(path) == 0)
			removed++;
	}
	dq_names_free(names, n);
	return removed;
}

/* Keeps lease entries whose job is still queued, and held locks. */
static bool
active_keep(const struct dq_dir *d, const char *entry)
{
	char		name[DIRQUEUE_NAME_MAX], path[PATH_MAX];
	const char	*at;
	struct stat	st;

	at = strchr(entry, '@');
	if (strncmp(entry, "lock.", 5) == 0 && strstr(entry, ".break") == NULL)
		return true;
	if (at == NULL || (size_t)(at - entry) >= sizeof(name))
		return false;
	memcpy(name, entry, (size_t)(at - entry));
	name[at - entry] = '\0';
	return dq_path(path, sizeof(path), d, "queue", name) == 0 &&
	    lstat(path, &st) == 0;
}

struct prune_ctx {
	struct dirqueue	*dq;
	time_t		 cutoff;
	long		 removed;
};

static int
prune_device(const char *device, void *arg)
{
	struct prune_ctx	*p = arg;
	struct dq_dir		 d;
	const char		*err;
	time_t			 old = time(NULL) - DQ_LEFTOVER_AGE;
	long			 r[4];
	int			 i;

	if (dq_dir_init(p->dq, device, &d, false, &err) == -1)
		return 0;	/* not a directory we made */
	r[0] = prune_dir(&d, "done", p->cutoff, NULL);
	r[1] = prune_dir(&d, "failed", p->cutoff, NULL);
	r[2] = prune_dir(&d, "tmp", old, NULL);
	r[3] = prune_dir(&d, "active", old, active_keep);
	for (i = 0; i < 4; i++)
		if (r[i] > 0)
			p->removed += r[i];
	return 0;
}

long
dirqueue_prune(struct dirqueue *dq, time_t cutoff, const char **errstr)
{
	struct prune_ctx	p = { dq, cutoff, 0 };

	if (dirqueue_devices(dq, prune_device, &p, errstr) == -1)
		return -1;
	return p.removed;
}
