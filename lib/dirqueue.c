/*
 * dirqueue.c: the spool handle, job records and their YAML form, enqueue,
 * listing, inspection and pruning.  Leases live in dirqueue_lease.c and the
 * per-device lock in dirqueue_lock.c.  Job files are written once and
 * never changed: everything that changes about a queued job is in its
 * lease chain.
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

static const char *const dq_state_names[] = {
	"queued", "active", "stale", "unknown", "done", "failed", "corrupt"
};

const char *
dirqueue_state_name(enum dirqueue_state s)
{
	if ((size_t)s >= sizeof(dq_state_names) / sizeof(dq_state_names[0]))
		return "?";
	return dq_state_names[s];
}

void
dirqueue_job_init(struct dirqueue_job *job)
{
	memset(job, 0, sizeof(*job));
	job->priority = DIRQUEUE_PRIORITY_DEFAULT;
	job->idempotent = true;
}

void
dirqueue_job_clear(struct dirqueue_job *job)
{
	free(job->rpc);
	dirqueue_arg_free(job->args);
	free(job->origin);
	free(job->lease_host);
	free(job->reason);
	dirqueue_arg_free(job->result);
	dirqueue_job_init(job);
}

/* A 5-character name tag from host and pid (CWMP.md 14.1). */
static void
dq_hash(const char *host, char *out)
{
	static const char	 alpha[] = "abcdefghijklmnopqrstuvwxyz012345";
	unsigned long		 h = 2166136261UL;
	const char		*p;
	long			 pid = (long)getpid();
	int			 i;

	for (p = host; *p != '\0'; p++)
		h = ((h ^ (unsigned char)*p) * 16777619UL) & 0xffffffffUL;
	for (i = 0; i < 4; i++, pid >>= 8)
		h = ((h ^ (unsigned long)(pid & 0xff)) * 16777619UL) &
		    0xffffffffUL;
	for (i = 0; i < 5; i++, h >>= 5)
		out[i] = alpha[h & 31];
	out[5] = '\0';
}

struct dirqueue *
dirqueue_open(const char *spool, const char *host, int flags,
    const char **errstr)
{
	struct dirqueue	*dq;
	struct stat	 st;

	if (spool == NULL || *spool == '\0' || strlen(spool) > PATH_MAX / 2) {
		*errstr = "bad spool path";
		errno = EINVAL;
		return NULL;
	}
	if ((flags & DIRQUEUE_CREATE) && mkdir(spool, 0750) == -1 &&
	    errno != EEXIST) {
		*errstr = "cannot create spool directory";
		return NULL;
	}
	if (stat(spool, &st) == -1 || !S_ISDIR(st.st_mode)) {
		*errstr = "spool is not a directory";
		if (errno == 0)
			errno = ENOTDIR;
		return NULL;
	}
	dq = xcalloc(1, sizeof(*dq));
	dq->spool = xstrdup(spool);
	dq->sync = (flags & DIRQUEUE_NOSYNC) == 0;
	if (host != NULL)
		strlcpy(dq->host, host, sizeof(dq->host));
	else if (gethostname(dq->host, sizeof(dq->host)) == -1)
		strlcpy(dq->host, "localhost", sizeof(dq->host));
	dq->host[sizeof(dq->host) - 1] = '\0';
	dq_hash(dq->host, dq->hash);
	return dq;
}

void
dirqueue_free(struct dirqueue *dq)
{
	if (dq == NULL)
		return;
	free(dq->spool);
	free(dq);
}

const char *
dirqueue_spool(const struct dirqueue *dq)
{
	return dq->spool;
}

static void
add_num(struct dirqueue_arg *m, const char *key, long long v)
{
	char	buf[32];

	snprintf(buf, sizeof(buf), "%lld", v);
	dirqueue_arg_add_str(m, key, buf);
}

/* The YAML tree of a job; with outcome, also the record fields. */
struct dirqueue_arg *
dq_job_tree(const struct dirqueue_job *job, bool outcome)
{
	struct dirqueue_arg	*m;

	m = dirqueue_arg_new(DIRQUEUE_ARG_MAP);
	dirqueue_arg_add_str(m, "name", job->name);
	dirqueue_arg_add_str(m, "device", job->device);
	dirqueue_arg_add_str(m, "rpc", job->rpc);
	add_num(m, "priority", job->priority);
	add_num(m, "created", (long long)job->created);
	add_num(m, "expires", (long long)job->expires);
	dirqueue_arg_add_str(m, "connection_request",
	    job->connection_request ? "true" : "false");
	dirqueue_arg_add_str(m, "origin",
	    job->origin != NULL ? job->origin : "");
	dirqueue_arg_add_str(m, "idempotent",
	    job->idempotent ? "true" : "false");
	if (job->args != NULL)
		dq_arg_attach(m, "args", dirqueue_arg_dup(job->args));
	if (!outcome)
		return m;
	add_num(m, "attempts", job->attempts);
	add_num(m, "finished", (long long)job->finished);
	if (job->reason != NULL)
		dirqueue_arg_add_str(m, "reason", job->reason);
	if (job->result != NULL)
		dq_arg_attach(m, "result", dirqueue_arg_dup(job->result));
	return m;
}

static bool
rpc_is_valid(const char *rpc)
{
	const char	*p;

	if (rpc == NULL || *rpc == '\0' || strlen(rpc) > DIRQUEUE_RPC_MAX)
		return false;
	for (p = rpc; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return true;
}

static struct dirqueue_arg *
take_child(struct dirqueue_arg *m, const char *key)
{
	struct dirqueue_arg	*c;
	size_t			 i;

	for (i = 0; i < m->nitems; i++) {
		if (strcmp(m->items[i]->key, key) != 0)
			continue;
		c = m->items[i];
		m->items[i] = dirqueue_arg_new(DIRQUEUE_ARG_STR);
		m->items[i]->key = xstrdup(key);
		free(c->key);
		c->key = NULL;
		return c;
	}
	return NULL;
}

/* Fills job from a parsed job or record tree (which it may gut). */
int
dq_job_from_tree(struct dirqueue_arg *m, struct dirqueue_job *job,
    const char **errstr)
{
	const char	*s;
	bool		 bad = false;

	if (m->kind != DIRQUEUE_ARG_MAP ||
	    !rpc_is_valid(dirqueue_arg_get_str(m, "rpc"))) {
		*errstr = "job has no valid rpc";
		return -1;
	}
	job->rpc = xstrdup(dirqueue_arg_get_str(m, "rpc"));
	s = dirqueue_arg_get_str(m, "origin");
	job->origin = xstrdup(s != NULL ? s : "");
	s = dirqueue_arg_get_str(m, "reason");
	if (s != NULL)
		job->reason = xstrdup(s);
	job->priority = (int)dq_arg_num(m, "priority",
	    DIRQUEUE_PRIORITY_DEFAULT, DIRQUEUE_PRIORITY_MIN,
	    DIRQUEUE_PRIORITY_MAX, &bad);
	job->created = (time_t)dq_arg_num(m, "created", 0, 0, LLONG_MAX, &bad);
	job->expires = (time_t)dq_arg_num(m, "expires", 0, 0, LLONG_MAX, &bad);
	job->finished = (time_t)dq_arg_num(m, "finished", 0, 0, LLONG_MAX,
	    &bad);
	job->attempts = (int)dq_arg_num(m, "attempts", 0, 0, INT_MAX, &bad);
	job->connection_request = dq_arg_bool(m, "connection_request", false,
	    &bad);
	job->idempotent = dq_arg_bool(m, "idempotent", true, &bad);
	job->args = take_child(m, "args");
	job->result = take_child(m, "result");
	if (bad) {
		*errstr = "job has a field of the wrong type";
		return -1;
	}
	return 0;
}

/* Reads sub/name of d into job (name and device set). */
int
dq_job_load(const struct dq_dir *d, const char *device, const char *sub,
    const char *name, struct dirqueue_job *job, const char **errstr)
{
	struct dirqueue_arg	*m;
	char			 path[PATH_MAX], *data;
	size_t			 len;
	int			 rc;

	dirqueue_job_clear(job);
	strlcpy(job->name, name, sizeof(job->name));
	strlcpy(job->device, device, sizeof(job->device));
	if (dq_path(path, sizeof(path), d, sub, name) == -1) {
		*errstr = "path too long";
		return -1;
	}
	data = dq_read(path, &len);
	if (data == NULL) {
		*errstr = errno == ENOENT ? "no such job" : "cannot read job";
		return -1;
	}
	m = dq_yaml_parse(data, len, errstr);
	free(data);
	if (m == NULL) {
		errno = EINVAL;
		return -1;
	}
	rc = dq_job_from_tree(m, job, errstr);
	dirqueue_arg_free(m);
	if (rc == -1)
		errno = EINVAL;
	return rc;
}

/* PP.YYYYMMDDhhmmssUUUUUU.hash, and a random tail after a collision. */
static void
job_name(struct dirqueue *dq, int prio, int try, char *buf, size_t len)
{
	struct timespec	ts;
	struct tm	tm;
	char		stamp[32];

	dq_now(&ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%S", &tm);
	if (try == 0)
		snprintf(buf, len, "%02d.%s%06ld.%s", prio, stamp,
		    ts.tv_nsec / 1000, dq->hash);
	else
		snprintf(buf, len, "%02d.%s%06ld.%s.%08x", prio, stamp,
		    ts.tv_nsec / 1000, dq->hash, arc4random());
}

static int
job_check(const struct dirqueue_job *job, const char **errstr)
{
	if (!rpc_is_valid(job->rpc))
		*errstr = "bad rpc name";
	else if (job->priority < DIRQUEUE_PRIORITY_MIN ||
	    job->priority > DIRQUEUE_PRIORITY_MAX)
		*errstr = "priority out of range";
	else if (job->origin != NULL &&
	    strlen(job->origin) > DIRQUEUE_ORIGIN_MAX)
		*errstr = "origin too long";
	else
		return 0;
	errno = EINVAL;
	return -1;
}

int
dirqueue_enqueue(struct dirqueue *dq, const char *device,
    struct dirqueue_job *job, const char **errstr)
{
	struct dirqueue_arg	*tree;
	struct dq_dir		 d;
	char			*text;
	size_t			 len;
	int			 try, rc = -1;

	if (job_check(job, errstr) == -1 ||
	    dq_dir_init(dq, device, &d, true, errstr) == -1)
		return -1;
	strlcpy(job->device, device, sizeof(job->device));
	job->created = time(NULL);
	for (try = 0; try < DIRQUEUE_NAME_TRIES; try++) {
		job_name(dq, job->priority, try, job->name, sizeof(job->name));
		tree = dq_job_tree(job, false);
		text = dq_yaml_emit(tree, &len);
		dirqueue_arg_free(tree);
		if (text == NULL) {
			*errstr = "job cannot be written as YAML (not UTF-8?)";
			return -1;
		}
		rc = dq_publish(dq, &d, "queue", job->name, text, len, errstr);
		free(text);
		if (rc == 0 || errno != EEXIST)
			break;
	}
	if (rc == 0) {
		job->state = DIRQUEUE_QUEUED;
		job->attempts = 0;
	}
	return rc;
}

/* Reports one file of a listing to cb. */
static int
list_one(struct dirqueue *dq, const struct dq_dir *d, const char *device,
    enum dirqueue_where where, const char *name, dirqueue_job_cb cb,
    void *arg)
{
	static const char *const subs[] = { "queue", "done", "failed" };
	struct dirqueue_job	 job;
	const char		*err = NULL;
	int			 rc;

	dirqueue_job_init(&job);
	if (dq_job_load(d, device, subs[where], name, &job, &err) == -1) {
		if (errno == ENOENT) {
			dirqueue_job_clear(&job);
			return 0;	/* finished or cancelled meanwhile */
		}
		job.state = DIRQUEUE_CORRUPT;
	} else if (where == DIRQUEUE_QUEUE)
		dq_lease_state(dq, d, &job);
	else
		job.state = where == DIRQUEUE_DONE ? DIRQUEUE_FINISHED :
		    DIRQUEUE_FAILED_STATE;
	rc = cb(&job, err, arg);
	dirqueue_job_clear(&job);
	return rc;
}

int
dirqueue_list(struct dirqueue *dq, const char *device,
    enum dirqueue_where where, dirqueue_job_cb cb, void *arg,
    const char **errstr)
{
	static const char *const subs[] = { "queue", "done", "failed" };
	struct dq_dir	 d;
	char		 path[PATH_MAX], **names;
	size_t		 n, i;
	int		 rc = 0;

	if ((unsigned)where > DIRQUEUE_FAILED) {
		*errstr = "bad listing";
		errno = EINVAL;
		return -1;
	}
	if (dq_dir_init(dq, device, &d, false, errstr) == -1)
		return -1;
	if (dq_path(path, sizeof(path), &d, subs[where], NULL) == -1 ||
	    dq_names(path, true, &names, &n) == -1) {
		*errstr = "cannot read queue directory";
		return -1;
	}
	for (i = 0; i < n && rc == 0; i++)
		rc = list_one(dq, &d, device, where, names[i], cb, arg);
	dq_names_free(names, n);
	return rc;
}

int
dirqueue_devices(struct dirqueue *dq, dirqueue_device_cb cb, void *arg,
    const char **errstr)
{
	char	**names;
	size_t	  n, i;
	int	  rc = 0;

	if (dq_names(dq->spool, false, &names, &n) == -1) {
		*errstr = "cannot read spool directory";
		return -1;
	}
	for (i = 0; i < n && rc == 0; i++)
		rc = cb(names[i], arg);
	dq_names_free(names, n);
	return rc;
}

int
dirqueue_inspect(struct dirqueue *dq, const char *device, const char *name,
    struct dirqueue_job *job, const char **errstr)
{
	static const char *const subs[] = { "queue", "done", "failed" };
	static const enum dirqueue_state states[] = { DIRQUEUE_QUEUED,
		DIRQUEUE_FINISHED, DIRQUEUE_FAILED_STATE };
	struct dq_dir	d;
	size_t		i;

	if (!dq_name_is_valid(name)) {
		*errstr = "bad job name";
		errno = EINVAL;
		return -1;
	}
	if (dq_dir_init(dq, device, &d, false, errstr) == -1)
		return -1;
	for (i = 0; i < 3; i++) {
		if (dq_job_load(&d, device, subs[i], name, job, errstr) == 0) {
			job->state = states[i];
			if (i == 0)
				dq_lease_state(dq, &d, job);
			return 0;
		}
		if (errno != ENOENT)
			return -1;
	}
	*errstr = "no such job";
	errno = ENOENT;
	return -1;
}
