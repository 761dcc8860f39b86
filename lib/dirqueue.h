/*
 * dirqueue.h: the NFS-safe per-device command queue of the ACS (CWMP.md
 * section 14).  A spool directory holds one directory per device key; each
 * queued job is one YAML file whose name orders the queue by priority, then
 * submit time ("PP.YYYYMMDDhhmmssUUUUUU.hash").  Several processes on
 * several hosts may share one spool over NFS: every file is created with
 * O_EXCL in tmp/, published with link(2) and confirmed by its link count;
 * nothing uses rename(2), flock/fcntl locks or mmap.
 *
 * A worker claims a job with a lease (a file in active/ naming host and
 * pid, with an expiry).  Every change of a job's lease state (claim, renew,
 * return, mark unknown, cancel) creates the next file of a per-job
 * numbered chain, active/<job>@1, @2, ..., exclusively, so two processes
 * can never both make the same transition.  A lease left by a dead process
 * is taken over after it expires, or at once on the same host when its
 * pid no longer exists.  A job leaves the queue only when its answer
 * arrives: finished (the response is kept in done/) or failed (the fault is
 * kept in failed/).  A job whose answer was lost is returned to the queue,
 * or parked as "unknown" for the operator when it is not idempotent
 * (CWMP.md section 12, rules 1 and 2).
 *
 * It also offers a named per-device lock with a lease (the ACS's "one
 * session per device" across processes and hosts).
 *
 * It does not schedule, retry on a timer, send Connection Requests or know
 * CWMP: callers turn job args into RPCs.  A struct dirqueue may be shared by
 * threads; jobs and locks belong to one thread at a time.
 */
#ifndef LIB_DIRQUEUE_H
#define LIB_DIRQUEUE_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Longest device key, and longest job name, in bytes. */
#define DIRQUEUE_KEY_MAX	256
#define DIRQUEUE_NAME_MAX	64
/* Largest job, lease or outcome file read back. */
#define DIRQUEUE_FILE_MAX	(4 * 1024 * 1024)
/* Deepest and largest args/response tree. */
#define DIRQUEUE_ARG_DEPTH_MAX	16
#define DIRQUEUE_ARG_NODES_MAX	100000
/* Longest rpc and origin strings. */
#define DIRQUEUE_RPC_MAX	64
#define DIRQUEUE_ORIGIN_MAX	256
/* Priorities: 0 runs first; the default is 50 (CWMP.md 14.1). */
#define DIRQUEUE_PRIORITY_MIN	0
#define DIRQUEUE_PRIORITY_MAX	99
#define DIRQUEUE_PRIORITY_DEFAULT 50
/* Lease bounds in seconds; 600 is IPC::DirQueue's. */
#define DIRQUEUE_LEASE_MIN	1
#define DIRQUEUE_LEASE_MAX	86400
#define DIRQUEUE_LEASE_DEFAULT	600
/* Most lease-chain entries of one job before it is refused. */
#define DIRQUEUE_CHAIN_MAX	10000
/* Tries to find an unused job or temporary name. */
#define DIRQUEUE_NAME_TRIES	10

/* dirqueue_open() flags. */
#define DIRQUEUE_CREATE	0x01	/* create the spool if missing */
#define DIRQUEUE_NOSYNC	0x02	/* no fsync (tests, tmpfs) */

/* Which directory dirqueue_list() reads. */
enum dirqueue_where {
	DIRQUEUE_QUEUE,		/* queue/: waiting, leased or unknown */
	DIRQUEUE_DONE,		/* done/: finished, with response */
	DIRQUEUE_FAILED		/* failed/: failed, with fault */
};

enum dirqueue_state {
	DIRQUEUE_QUEUED,	/* waiting to be claimed */
	DIRQUEUE_ACTIVE,	/* leased by a worker */
	DIRQUEUE_STALE,		/* leased, lease expired: claimable */
	DIRQUEUE_UNKNOWN,	/* sent, answer lost, not idempotent */
	DIRQUEUE_FINISHED,	/* in done/ */
	DIRQUEUE_FAILED_STATE,	/* in failed/ */
	DIRQUEUE_CORRUPT	/* the file does not parse; see errstr */
};

/*
 * Job arguments and results: a small YAML-shaped tree of strings, lists
 * and mappings.  Keys keep their order.  Callers map it to and from
 * struct cwmp_msg, e.g. SetParameterValues is
 *	ParameterList: [ {Name: ..., Value: ..., Type: xsd:string}, ... ]
 *	ParameterKey: "k"
 * and GetParameterValues is ParameterNames: [ name, ... ].
 */
enum dirqueue_arg_kind {
	DIRQUEUE_ARG_STR,
	DIRQUEUE_ARG_LIST,
	DIRQUEUE_ARG_MAP
};

struct dirqueue_arg {
	enum dirqueue_arg_kind	 kind;
	char			*key;	/* in a map: the key */
	char			*str;	/* DIRQUEUE_ARG_STR */
	struct dirqueue_arg	**items;	/* LIST and MAP children */
	size_t			 nitems;
};

struct dirqueue_arg *dirqueue_arg_new(enum dirqueue_arg_kind kind);
void	dirqueue_arg_free(struct dirqueue_arg *arg);
struct dirqueue_arg *dirqueue_arg_dup(const struct dirqueue_arg *arg);
/*
 * Appends a child to a list or map (key is required for a map, ignored
 * for a list) and returns it.  The parent owns the child.
 */
struct dirqueue_arg *dirqueue_arg_add(struct dirqueue_arg *parent,
	    const char *key, enum dirqueue_arg_kind kind);
struct dirqueue_arg *dirqueue_arg_add_str(struct dirqueue_arg *parent,
	    const char *key, const char *value);
/* Map lookups: NULL if missing (or if the node is not a map). */
const struct dirqueue_arg *dirqueue_arg_get(const struct dirqueue_arg *map,
	    const char *key);
const char *dirqueue_arg_get_str(const struct dirqueue_arg *map,
	    const char *key);

/*
 * A job.  Callers fill rpc, args and the options, then dirqueue_enqueue()
 * sets name, device and created.  list, inspect and claim fill everything
 * they find.
 */
struct dirqueue_job {
	char			 name[DIRQUEUE_NAME_MAX];
	char			 device[DIRQUEUE_KEY_MAX + 1];
	char			*rpc;		/* CWMP method name */
	struct dirqueue_arg	*args;		/* NULL: none */
	int			 priority;	/* 0..99, lower first */
	time_t			 created;
	time_t			 expires;	/* 0: never */
	bool			 connection_request;
	char			*origin;	/* "operator", "rule:x" */
	bool			 idempotent;
	/* Filled by the queue. */
	enum dirqueue_state	 state;
	int			 attempts;	/* claims so far */
	char			*lease_host;	/* holder, if any */
	pid_t			 lease_pid;
	time_t			 lease_expires;
	time_t			 finished;	/* done/ or failed/ */
	char			*reason;	/* failed/: "expired"... */
	struct dirqueue_arg	*result;	/* response (done/), fault */
	/* Private: the chain entry this process holds after a claim. */
	unsigned int		 lease_seq;
};

/* Sets defaults: priority 50, idempotent, no expiry. */
void	dirqueue_job_init(struct dirqueue_job *job);
/* Frees what the job points to and re-initialises it. */
void	dirqueue_job_clear(struct dirqueue_job *job);
const char *dirqueue_state_name(enum dirqueue_state state);

struct dirqueue;

/*
 * Opens a spool.  The host name (used in leases and job names) comes from
 * gethostname() unless host is not NULL.  Returns NULL and sets *errstr.
 */
struct dirqueue *dirqueue_open(const char *spool, const char *host,
	    int flags, const char **errstr);
void	dirqueue_free(struct dirqueue *dq);
const char *dirqueue_spool(const struct dirqueue *dq);

/*
 * Device keys are CWMP.md 8.2 keys.  Any byte outside [A-Za-z0-9_%-] is
 * percent-encoded once more for the directory name, so no key names ".",
 * ".." or holds a "/".  Returns -1 for an empty or too long key.
 */
int	dirqueue_key_encode(const char *key, char *dir, size_t len);

/*
 * Queues a copy of job for device; sets job->name, job->device and
 * job->created.  Returns 0 or -1 with *errstr set.
 */
int	dirqueue_enqueue(struct dirqueue *dq, const char *device,
	    struct dirqueue_job *job, const char **errstr);

/* Called per job; a non-zero return stops the walk and is returned. */
typedef int (*dirqueue_job_cb)(const struct dirqueue_job *job,
    const char *errstr, void *arg);
typedef int (*dirqueue_device_cb)(const char *device, void *arg);

/*
 * Calls cb for each job of one device in where, in queue order (done/ and
 * failed/ in name order).  A file that does not parse is reported with
 * state DIRQUEUE_CORRUPT and an errstr; it never stops the walk.  A device
 * with no directory has no jobs.  Returns 0, cb's non-zero value, or -1.
 */
int	dirqueue_list(struct dirqueue *dq, const char *device,
	    enum dirqueue_where where, dirqueue_job_cb cb, void *arg,
	    const char **errstr);
/* Calls cb for every device directory in the spool, sorted. */
int	dirqueue_devices(struct dirqueue *dq, dirqueue_device_cb cb,
	    void *arg, const char **errstr);
/*
 * Reads one job by name from queue/, done/ or failed/ into job.  Returns
 * 0, or -1 with errno ENOENT (no such job) or EINVAL (corrupt file).
 */
int	dirqueue_inspect(struct dirqueue *dq, const char *device,
	    const char *name, struct dirqueue_job *job, const char **errstr);
/*
 * Removes a queued or unknown job.  Returns -1 with errno EBUSY if a live
 * lease holds it, ENOENT if there is no such job.
 */
int	dirqueue_cancel(struct dirqueue *dq, const char *device,
	    const char *name, const char **errstr);
/* Puts an "unknown" job back into the queue (the operator's decision). */
int	dirqueue_requeue(struct dirqueue *dq, const char *device,
	    const char *name, const char **errstr);

/*
 * Claims the first claimable job of device with a lease of lease seconds.
 * Jobs past their expiry are moved to failed/ ("expired"); corrupt job
 * files are moved to failed/ as they are and skipped.  Returns 1 with job
 * filled, 0 if nothing is claimable, -1 on error.
 */
int	dirqueue_claim_next(struct dirqueue *dq, const char *device,
	    int lease, struct dirqueue_job *job, const char **errstr);
/* Claims one named job; same returns (0: not claimable now). */
int	dirqueue_claim(struct dirqueue *dq, const char *device,
	    const char *name, int lease, struct dirqueue_job *job,
	    const char **errstr);
/*
 * The lease holder's operations.  Each returns 0, or -1 with errno ESTALE
 * when the lease was lost (it expired and another worker took the job),
 * or another errno.  finish, fail and return end the lease; the job struct
 * must then be cleared.
 */
int	dirqueue_renew(struct dirqueue *dq, struct dirqueue_job *job,
	    int lease, const char **errstr);
/* The answer arrived: keep response (may be NULL) in done/. */
int	dirqueue_finish(struct dirqueue *dq, struct dirqueue_job *job,
	    const struct dirqueue_arg *response, const char **errstr);
/* The CPE answered with a fault, or the job cannot run: failed/. */
int	dirqueue_fail(struct dirqueue *dq, struct dirqueue_job *job,
	    const char *reason, const struct dirqueue_arg *fault,
	    const char **errstr);
/*
 * Releases the lease.  sent false: the request never left, the job is
 * queued again as it was.  sent true: the answer was lost; an idempotent
 * job is queued again, any other becomes DIRQUEUE_UNKNOWN.
 */
int	dirqueue_return(struct dirqueue *dq, struct dirqueue_job *job,
	    bool sent, const char **errstr);
/*
 * Removes done/ and failed/ records finished before cutoff, and leftovers
 * of crashed writers (tmp/ files, lease chains of vanished jobs) older than
 * a day.  Returns the number of files removed, or -1.
 */
long	dirqueue_prune(struct dirqueue *dq, time_t cutoff,
	    const char **errstr);

/*
 * A named lock per device with a lease (CWMP.md 14.3): one file
 * active/lock.<name> created with the link protocol, renewed by touching
 * it, stale after its mtime plus the lease, or at once on the same host
 * once its pid has died.  name is [a-z0-9_]+.
 */
struct dirqueue_lock;

/* Returns 1 and *lockp when taken, 0 when another holder has it, -1. */
int	dirqueue_lock_acquire(struct dirqueue *dq, const char *device,
	    const char *name, int lease, struct dirqueue_lock **lockp,
	    const char **errstr);
/* -1 with errno ESTALE when the lock was lost. */
int	dirqueue_lock_renew(struct dirqueue *dq, struct dirqueue_lock *lock,
	    const char **errstr);
/* Releases (if still ours) and frees; NULL is a no-op. */
void	dirqueue_lock_release(struct dirqueue *dq,
	    struct dirqueue_lock *lock);

#endif /* LIB_DIRQUEUE_H */
