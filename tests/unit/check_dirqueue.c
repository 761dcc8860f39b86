/*
 * check_dirqueue.c: the dirqueue module: order, cancel, leases (expiry,
 * dead holders, loss), finish/fail/return, "unknown" for non-idempotent
 * jobs, corrupt files, hostile device keys, the per-device lock, pruning.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/dirqueue.h"
#include "tests/unit/ck_run.h"

static char		 top[64];	/* parent of the spool */
static char		 spool[128];
static struct dirqueue	*dq;		/* host "alpha" */
static struct dirqueue	*dq2;		/* host "beta", same spool */

static void
setup(void)
{
	const char	*err = NULL;

	strlcpy(top, "/tmp/check_dirqueue.XXXXXX", sizeof(top));
	ck_assert_ptr_nonnull(mkdtemp(top));
	snprintf(spool, sizeof(spool), "%s/spool", top);
	dq = dirqueue_open(spool, "alpha", DIRQUEUE_CREATE | DIRQUEUE_NOSYNC,
	    &err);
	ck_assert_msg(dq != NULL, "open: %s", err);
	dq2 = dirqueue_open(spool, "beta", DIRQUEUE_NOSYNC, &err);
	ck_assert_ptr_nonnull(dq2);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
teardown(void)
{
	dirqueue_free(dq);
	dirqueue_free(dq2);
	nftw(top, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Queues rpc for dev with priority; returns the job name in name. */
static void
put(const char *dev, const char *rpc, int prio, bool idem, char *name)
{
	struct dirqueue_job	 job;
	const char		*err = NULL;

	dirqueue_job_init(&job);
	job.rpc = strdup(rpc);
	job.priority = prio;
	job.idempotent = idem;
	job.origin = strdup("operator");
	ck_assert_msg(dirqueue_enqueue(dq, dev, &job, &err) == 0,
	    "enqueue: %s", err);
	if (name != NULL)
		strlcpy(name, job.name, DIRQUEUE_NAME_MAX);
	dirqueue_job_clear(&job);
}

struct seen {
	char			names[16][DIRQUEUE_NAME_MAX];
	char			rpcs[16][32];
	enum dirqueue_state	states[16];
	int			n;
};

static int
collect(const struct dirqueue_job *job, const char *errstr, void *arg)
{
	struct seen	*s = arg;

	(void)errstr;
	if (s->n < 16) {
		strlcpy(s->names[s->n], job->name, DIRQUEUE_NAME_MAX);
		strlcpy(s->rpcs[s->n], job->rpc != NULL ? job->rpc : "", 32);
		s->states[s->n] = job->state;
	}
	s->n++;
	return 0;
}

static struct seen
list(const char *dev, enum dirqueue_where where)
{
	struct seen	 s;
	const char	*err = NULL;

	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(dirqueue_list(dq, dev, where, collect, &s, &err), 0);
	return s;
}

START_TEST(test_jobs_run_by_priority_then_time)
{
	struct dirqueue_job	 job;
	struct seen		 s;
	const char		*err = NULL;

	put("DEV-1", "GetParameterValues", 50, true, NULL);
	put("DEV-1", "Reboot", 10, false, NULL);
	put("DEV-1", "SetParameterValues", 50, true, NULL);
	s = list("DEV-1", DIRQUEUE_QUEUE);
	ck_assert_int_eq(s.n, 3);
	ck_assert_str_eq(s.rpcs[0], "Reboot");
	ck_assert_str_eq(s.rpcs[1], "GetParameterValues");
	ck_assert_str_eq(s.rpcs[2], "SetParameterValues");
	dirqueue_job_init(&job);
	ck_assert_int_eq(dirqueue_claim_next(dq, "DEV-1", 60, &job, &err), 1);
	ck_assert_str_eq(job.rpc, "Reboot");
	ck_assert_int_eq(job.attempts, 1);
	ck_assert_int_eq(job.state, DIRQUEUE_ACTIVE);
	dirqueue_job_clear(&job);
	/* The leased job is skipped; the next one in order comes out. */
	ck_assert_int_eq(dirqueue_claim_next(dq, "DEV-1", 60, &job, &err), 1);
	ck_assert_str_eq(job.rpc, "GetParameterValues");
	dirqueue_job_clear(&job);
	s = list("DEV-1", DIRQUEUE_QUEUE);
	ck_assert_int_eq(s.states[0], DIRQUEUE_ACTIVE);
	ck_assert_int_eq(s.states[2], DIRQUEUE_QUEUED);
}
END_TEST

START_TEST(test_job_fields_and_args_survive_the_round_trip)
{
	struct dirqueue_job		 job, got;
	const struct dirqueue_arg	*pl, *p0;
	struct dirqueue_arg		*list, *p;
	const char			*err = NULL;

	dirqueue_job_init(&job);
	job.rpc = strdup("SetParameterValues");
	job.origin = strdup("rule:wifi");
	job.connection_request = true;
	job.idempotent = true;
	job.expires = time(NULL) + 3600;
	job.args = dirqueue_arg_new(DIRQUEUE_ARG_MAP);
	list = dirqueue_arg_add(job.args, "ParameterList", DIRQUEUE_ARG_LIST);
	p = dirqueue_arg_add(list, NULL, DIRQUEUE_ARG_MAP);
	dirqueue_arg_add_str(p, "Name", "Device.X.SSID");
	dirqueue_arg_add_str(p, "Value", "true: 'x' # \n  y");
	dirqueue_arg_add_str(p, "Type", "xsd:string");
	dirqueue_arg_add_str(job.args, "ParameterKey", "");
	ck_assert_int_eq(dirqueue_enqueue(dq, "DEV-1", &job, &err), 0);
	dirqueue_job_init(&got);
	ck_assert_int_eq(dirqueue_inspect(dq, "DEV-1", job.name, &got, &err),
	    0);
	ck_assert_str_eq(got.rpc, "SetParameterValues");
	ck_assert_str_eq(got.origin, "rule:wifi");
	ck_assert(got.connection_request);
	ck_assert_int_eq(got.expires, job.expires);
	ck_assert_int_eq(got.state, DIRQUEUE_QUEUED);
	pl = dirqueue_arg_get(got.args, "ParameterList");
	ck_assert_ptr_nonnull(pl);
	ck_assert_int_eq(pl->kind, DIRQUEUE_ARG_LIST);
	ck_assert_uint_eq(pl->nitems, 1);
	p0 = pl->items[0];
	ck_assert_str_eq(dirqueue_arg_get_str(p0, "Value"),
	    "true: 'x' # \n  y");
	ck_assert_str_eq(dirqueue_arg_get_str(got.args, "ParameterKey"), "");
	dirqueue_job_clear(&job);
	dirqueue_job_clear(&got);
}
END_TEST

START_TEST(test_cancel_removes_only_jobs_not_in_progress)
{
	struct dirqueue_job	 job;
	struct seen		 s;
	const char		*err = NULL;
	char			 a[DIRQUEUE_NAME_MAX], b[DIRQUEUE_NAME_MAX];

	put("DEV-1", "Reboot", 10, false, a);
	put("DEV-1", "FactoryReset", 20, false, b);
	dirqueue_job_init(&job);
	ck_assert_int_eq(dirqueue_claim_next(dq, "DEV-1", 60, &job, &err), 1);
	ck_assert_int_eq(dirqueue_cancel(dq, "DEV-1", a, &err), -1);
	ck_assert_int_eq(errno, EBUSY);
	ck_assert_int_eq(dirqueue_cancel(dq, "DEV-1", b, &err), 0);
	ck_assert_int_eq(dirqueue_cancel(dq, "DEV-1", b, &err), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(dirqueue_cancel(dq, "DEV-1", "../../x", &err), -1);
	ck_assert_int_eq(errno, EINVAL);
	s = list("DEV-1", DIRQUEUE_QUEUE);
	ck_assert_int_eq(s.n, 1);
	ck_assert_str_eq(s.names[0], a);
	/* The cancelled job is kept in failed/ for the operator. */
	s = list("DEV-1", DIRQUEUE_FAILED);
	ck_assert_int_eq(s.n, 1);
	ck_assert_str_eq(s.names[0], b);
	dirqueue_job_clear(&job);
}
END_TEST

START_TEST(test_expired_lease_lets_another_host_take_the_job)
{
	struct dirqueue_job	 job, job2;
	const char		*err = NULL;

	put("DEV-1", "GetParameterValues", 50, true, NULL);
	dirqueue_job_init(&job);
	dirqueue_job_init(&job2);
	ck_assert_int_eq(dirqueue_claim_next(dq, "DEV-1", 1, &job, &err), 1);
	ck_assert_int_eq(dirqueue_claim_next(dq2, "DEV-1", 60, &job2, &err),
	    0);
	sleep(2);
	ck_assert_int_eq(dirqueue_claim_next(dq2, "DEV-1", 60, &job2, &err),
	    1);
	ck_assert_str_eq(job2.name, job.name);
	ck_assert_int_eq(job2.attempts, 2);
	/* The first holder learns that its lease is gone. */
	ck_assert_int_eq(dirqueue_renew(dq, &job, 60, &err), -1);
	ck_assert_int_eq(errno, ESTALE);
	ck_assert_int_eq(dirqueue_finish(dq, &job, NULL, &err), -1);
	ck_assert_int_eq(errno, ESTALE);
	ck_assert_int_eq(dirqueue_finish(dq2, &job2, NULL, &err), 0);
	ck_assert_int_eq(list("DEV-1", DIRQUEUE_QUEUE).n, 0);
	ck_assert_int_eq(list("DEV-1", DIRQUEUE_DONE).n, 1);
	dirqueue_job_clear(&job);
	dirqueue_job_clear(&job2);
}
END_TEST

START_TEST(test_renewed_lease_does_not_expire)
{
	struct dirqueue_job	 job, job2;
	const char		*err = NULL;

	put("DEV-1", "GetParameterValues", 50, true, NULL);
	dirqueue_job_init(&job);
	dirqueue_job_init(&job2);
	ck_assert_int_eq(dirqueue_claim_next(dq, "DEV-1", 2, &job, &err), 1);
	sleep(1);
	ck_assert_int_eq(dirqueue_renew(dq, &job, 60, &err), 0);
	sleep(2);
	ck_assert_int_eq(dirqueue_claim_next(dq2, "DEV-1", 60, &job2, &err),
	    0);
	ck_assert_int_eq(dirqueue_finish(dq, &job, NULL, &err), 0);
	dirqueue_job_clear(&job);
}
END_TEST

START_TEST(test_lease_of_dead_process_on_same_host_is_recovered_at_once)
{
	struct dirqueue_job	 job;
	const char		*err = NULL;
	pid_t			 pid;
	int			 status;

	put("DEV-1", "GetParameterValues", 50, true, NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dirqueue_job_init(&job);
		_exit(dirqueue_claim_next(dq, "DEV-1", 600, &job, &err) == 1 ?
		    0 : 1);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	dirqueue_job_init(&job);
	/* Another host must wait for the 600 s lease... */
	ck_assert_int_eq(dirqueue_claim_next(dq2, "DEV-1", 60, &job, &err), 0);
	/* ...but on the same host the dead pid frees it now. */
	ck_assert_int_eq(dirqueue_claim_next(dq, "DEV-1", 60, &job, &err), 1);
	ck_assert_int_eq(job.attempts, 2);
	dirqueue_job_clear(&job);
}
END_TEST

START_TEST(test_finish_keeps_the_response_in_done)
{
	struct dirqueue_job	 job, got;
	struct dirqueue_arg	*resp;
	const char		*err = NULL;

	put("DEV-1", "GetParameterValues", 50, true, NULL);
	dirqueue_job_init(&job);
	dirqueue_job_init(&got);
	ck_assert_int_eq(dirqueue_claim_next(dq, "DEV-1", 60, &job, &err), 1);
	resp = dirqueue_arg_new(DIRQUEUE_ARG_MAP);
	dirqueue_arg_add_str(resp, "Device.DeviceInfo.SoftwareVersion", "1.2");
	ck_assert_int_eq(dirqueue_finish(dq, &job, resp, &err), 0);
	ck_assert_int_eq(dirqueue_inspect(dq, "DEV-1", job.name, &got, &err),
	    0);
	ck_assert_int_eq(got.state, DIRQUEUE_FINISHED);
	ck_assert_int_eq(got.attempts, 1);
	ck_assert_str_eq(dirqueue_arg_get_str(got.result,
	    "Device.DeviceInfo.SoftwareVersion"), "1.2");
	ck_assert_int_eq(list("DEV-1", DIRQUEUE_QUEUE).n, 0);
	dirqueue_arg_free(resp);
	dirqueue_job_clear(&job);
	dirqueue_job_clear(&got);
}
END_TEST

START_TEST(test_fail_keeps_the_fault_in_failed)
{
	struct dirqueue_job	 job, got;
	struct dirqueue_arg	*fault;
	const char		*err = NULL;

	put("DEV-1", "SetParameterValues", 50, true, NULL);
	dirqueue_job_init(&job);
	dirqueue_job_init(&got);
	ck_assert_int_eq(dirqueue_claim_next(dq, "DEV-1", 60, &job, &err), 1);
	fault = dirqueue_arg_new(DIRQUEUE_ARG_MAP);
	dirqueue_arg_add_str(fault, "FaultCode", "9007");
	dirqueue_arg_add_str(fault, "FaultString", "Invalid parameter value");
	ck_assert_int_eq(dirqueue_fail(dq, &job, "fault", fault, &err), 0);
	ck_assert_int_eq(dirqueue_inspect(dq, "DEV-1", job.name, &got, &err),
	    0);
	ck_assert_int_eq(got.state, DIRQUEUE_FAILED_STATE);
	ck_assert_str_eq(got.reason, "fault");
	ck_assert_str_eq(dirqueue_arg_get_str(got.result, "FaultCode"),
	    "9007");
	ck_assert_int_eq(list("DEV-1", DIRQUEUE_QUEUE).n, 0);
	dirqueue_arg_free(fault);
	dirqueue_job_clear(&job);
	dirqueue_job_clear(&got);
}
END_TEST

START_TEST(test_return_requeues_idempotent_jobs)
{
	struct dirqueue_job	 job;
	const char		*err = NULL;

	put("DEV-1", "GetParameterValues", 50, true, NULL);
	dirqueue_job_init(&job);
	ck_assert_int_eq(dirqueue_claim_next(dq, "DEV-1", 60, &job, &err), 1);
	ck_assert_int_eq(dirqueue_return(dq, &job, false, &err), 0);
	dirqueue_job_clear(&job);
	ck_assert_int_eq(dirqueue_claim_next(dq, "DEV-1", 60, &job, &err), 1);
	ck_assert_int_eq(job.attempts, 1);	/* never sent: not counted */
	ck_assert_int_eq(dirqueue_return(dq, &job, true, &err), 0);
	dirqueue_job_clear(&job);
	ck_assert_int_eq(dirqueue_claim_next(dq, "DEV-1", 60, &job, &err), 1);
	ck_assert_int_eq(job.attempts, 2);
	dirqueue_job_clear(&job);
}
END_TEST

START_TEST(test_return_marks_sent_non_idempotent_job_unknown)
{
	struct dirqueue_job	 job;
	struct seen		 s;
	const char		*err = NULL;
	char			 name[DIRQUEUE_NAME_MAX];

	put("DEV-1", "Reboot", 50, false, name);
	dirqueue_job_init(&job);
	ck_assert_int_eq(dirqueue_claim_next(dq, "DEV-1", 60, &job, &err), 1);
	ck_assert_int_eq(dirqueue_return(dq, &job, true, &err), 0);
	dirqueue_job_clear(&job);
	s = list("DEV-1", DIRQUEUE_QUEUE);
	ck_assert_int_eq(s.n, 1);
	ck_assert_int_eq(s.states[0], DIRQUEUE_UNKNOWN);
	ck_assert_int_eq(dirqueue_claim_next(dq, "DEV-1", 60, &job, &err), 0);
	/* The operator decides: run it again. */
	ck_assert_int_eq(dirqueue_requeue(dq, "DEV-1", name, &err), 0);
	ck_assert_int_eq(dirqueue_claim_next(dq, "DEV-1", 60, &job, &err), 1);
	ck_assert_int_eq(job.attempts, 2);
	dirqueue_job_clear(&job);
}
END_TEST

START_TEST(test_stale_lease_of_non_idempotent_job_becomes_unknown)
{
	struct dirqueue_job	 job;
	struct seen		 s;
	const char		*err = NULL;

	put("DEV-1", "Download", 50, false, NULL);
	dirqueue_job_init(&job);
	ck_assert_int_eq(dirqueue_claim_next(dq, "DEV-1", 1, &job, &err), 1);
	dirqueue_job_clear(&job);
	sleep(2);
	ck_assert_int_eq(dirqueue_claim_next(dq2, "DEV-1", 60, &job, &err), 0);
	s = list("DEV-1", DIRQUEUE_QUEUE);
	ck_assert_int_eq(s.states[0], DIRQUEUE_UNKNOWN);
}
END_TEST

/* Writes bytes straight into the device's queue/ as a job file. */
static void
plant(const char *dev, const char *name, const char *bytes)
{
	char	path[512];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/%s/queue/%s", spool, dev, name);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(bytes, fp);
	fclose(fp);
}

START_TEST(test_corrupt_job_file_is_reported_and_does_not_block)
{
	struct dirqueue_job	 job;
	struct seen		 s;
	const char		*err = NULL;

	put("DEV-1", "GetParameterValues", 50, true, NULL);
	plant("DEV-1", "01.20000101000000000000.zzzzz", "rpc: [unclosed\n");
	plant("DEV-1", "02.20000101000000000000.zzzzz", "- just a list\n");
	s = list("DEV-1", DIRQUEUE_QUEUE);
	ck_assert_int_eq(s.n, 3);
	ck_assert_int_eq(s.states[0], DIRQUEUE_CORRUPT);
	ck_assert_int_eq(s.states[1], DIRQUEUE_CORRUPT);
	dirqueue_job_init(&job);
	ck_assert_int_eq(dirqueue_inspect(dq, "DEV-1",
	    "01.20000101000000000000.zzzzz", &job, &err), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(dirqueue_claim_next(dq, "DEV-1", 60, &job, &err), 1);
	ck_assert_str_eq(job.rpc, "GetParameterValues");
	dirqueue_job_clear(&job);
	/* The bad files are kept, as they were, in failed/. */
	s = list("DEV-1", DIRQUEUE_FAILED);
	ck_assert_int_eq(s.n, 2);
	ck_assert_int_eq(s.states[0], DIRQUEUE_CORRUPT);
}
END_TEST

START_TEST(test_expired_job_is_failed_not_run)
{
	struct dirqueue_job	 job;
	struct seen		 s;
	const char		*err = NULL;

	dirqueue_job_init(&job);
	job.rpc = strdup("Reboot");
	job.expires = time(NULL) - 1;
	ck_assert_int_eq(dirqueue_enqueue(dq, "DEV-1", &job, &err), 0);
	dirqueue_job_clear(&job);
	ck_assert_int_eq(dirqueue_claim_next(dq, "DEV-1", 60, &job, &err), 0);
	s = list("DEV-1", DIRQUEUE_FAILED);
	ck_assert_int_eq(s.n, 1);
	ck_assert_int_eq(dirqueue_inspect(dq, "DEV-1", s.names[0], &job,
	    &err), 0);
	ck_assert_str_eq(job.reason, "expired");
	dirqueue_job_clear(&job);
}
END_TEST

static int
count_dev(const char *device, void *arg)
{
	int	*n = arg;

	ck_assert_ptr_null(strchr(device, '/'));
	ck_assert_str_ne(device, ".");
	ck_assert_str_ne(device, "..");
	(*n)++;
	return 0;
}

START_TEST(test_hostile_device_keys_cannot_escape_the_spool)
{
	static const char *const keys[] = { "..", ".", "../escape", "a/b",
		"/etc", "%2e%2e", "x\n..", "..%2F.." };
	struct dirqueue_job	 job;
	const char		*err = NULL;
	char			 big[DIRQUEUE_KEY_MAX + 2], path[256];
	struct stat		 st;
	size_t			 i;
	int			 n = 0;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		put(keys[i], "Reboot", 50, false, NULL);
		dirqueue_job_init(&job);
		ck_assert_int_eq(dirqueue_claim_next(dq, keys[i], 60, &job,
		    &err), 1);
		ck_assert_str_eq(job.device, keys[i]);
		dirqueue_job_clear(&job);
	}
	ck_assert_int_eq(dirqueue_devices(dq, count_dev, &n, &err), 0);
	ck_assert_int_eq(n, (int)(sizeof(keys) / sizeof(keys[0])));
	/* Nothing appeared beside the spool. */
	snprintf(path, sizeof(path), "%s/escape", top);
	ck_assert_int_eq(lstat(path, &st), -1);
	snprintf(path, sizeof(path), "%s/queue", top);
	ck_assert_int_eq(lstat(path, &st), -1);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	dirqueue_job_init(&job);
	job.rpc = strdup("Reboot");
	ck_assert_int_eq(dirqueue_enqueue(dq, big, &job, &err), -1);
	ck_assert_int_eq(dirqueue_enqueue(dq, "", &job, &err), -1);
	dirqueue_job_clear(&job);
}
END_TEST

START_TEST(test_bad_jobs_are_refused_at_enqueue)
{
	struct dirqueue_job	 job;
	const char		*err = NULL;

	dirqueue_job_init(&job);
	ck_assert_int_eq(dirqueue_enqueue(dq, "DEV-1", &job, &err), -1);
	job.rpc = strdup("Get../x");
	ck_assert_int_eq(dirqueue_enqueue(dq, "DEV-1", &job, &err), -1);
	free(job.rpc);
	job.rpc = strdup("Reboot");
	job.priority = 100;
	ck_assert_int_eq(dirqueue_enqueue(dq, "DEV-1", &job, &err), -1);
	job.priority = 0;
	job.args = dirqueue_arg_new(DIRQUEUE_ARG_MAP);
	dirqueue_arg_add_str(job.args, "CommandKey", "\xff\xfe");
	ck_assert_int_eq(dirqueue_enqueue(dq, "DEV-1", &job, &err), -1);
	dirqueue_job_clear(&job);
	ck_assert_int_eq(list("DEV-1", DIRQUEUE_QUEUE).n, 0);
}
END_TEST

START_TEST(test_lock_admits_one_holder_until_released_or_stale)
{
	struct dirqueue_lock	*a, *b;
	const char		*err = NULL;

	ck_assert_int_eq(dirqueue_lock_acquire(dq, "DEV-1", "session", 1, &a,
	    &err), 1);
	ck_assert_int_eq(dirqueue_lock_acquire(dq2, "DEV-1", "session", 60,
	    &b, &err), 0);
	ck_assert_int_eq(dirqueue_lock_renew(dq, a, &err), 0);
	dirqueue_lock_release(dq, a);
	ck_assert_int_eq(dirqueue_lock_acquire(dq2, "DEV-1", "session", 1, &b,
	    &err), 1);
	sleep(2);
	/* b's 1 s lease ran out: a takes over and b finds out. */
	ck_assert_int_eq(dirqueue_lock_acquire(dq, "DEV-1", "session", 60, &a,
	    &err), 1);
	ck_assert_int_eq(dirqueue_lock_renew(dq2, b, &err), -1);
	ck_assert_int_eq(errno, ESTALE);
	dirqueue_lock_release(dq2, b);	/* must not remove a's */
	ck_assert_int_eq(dirqueue_lock_renew(dq, a, &err), 0);
	dirqueue_lock_release(dq, a);
	ck_assert_int_eq(dirqueue_lock_acquire(dq, "DEV-1", "../x", 60, &a,
	    &err), -1);
}
END_TEST

START_TEST(test_lock_of_dead_process_on_same_host_is_taken_at_once)
{
	struct dirqueue_lock	*a;
	const char		*err = NULL;
	pid_t			 pid;
	int			 status;

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(dirqueue_lock_acquire(dq, "DEV-1", "session", 600, &a,
		    &err) == 1 ? 0 : 1);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	ck_assert_int_eq(dirqueue_lock_acquire(dq2, "DEV-1", "session", 60,
	    &a, &err), 0);
	ck_assert_int_eq(dirqueue_lock_acquire(dq, "DEV-1", "session", 60, &a,
	    &err), 1);
	dirqueue_lock_release(dq, a);
}
END_TEST

/*
 * Lock files are not flushed: after a crash one may be empty.  Such a
 * lock holds for the default lease from its mtime, then is broken.
 */
START_TEST(test_lock_left_empty_by_a_crash_goes_stale)
{
	struct dirqueue_lock	*a;
	struct timeval		 tv[2];
	const char		*err = NULL;
	char			 path[512];
	int			 fd;

	ck_assert_int_eq(dirqueue_lock_acquire(dq, "DEV-1", "session", 60, &a,
	    &err), 1);
	free(a);	/* the crash: never released */
	snprintf(path, sizeof(path), "%s/DEV-1/active/lock.session", spool);
	fd = open(path, O_WRONLY | O_TRUNC);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(dirqueue_lock_acquire(dq2, "DEV-1", "session", 60,
	    &a, &err), 0);
	gettimeofday(&tv[0], NULL);
	tv[0].tv_sec -= DIRQUEUE_LEASE_DEFAULT + 5;
	tv[1] = tv[0];
	ck_assert_int_eq(utimes(path, tv), 0);
	ck_assert_int_eq(dirqueue_lock_acquire(dq2, "DEV-1", "session", 60,
	    &a, &err), 1);
	dirqueue_lock_release(dq2, a);
}
END_TEST

START_TEST(test_prune_removes_old_outcomes_only)
{
	struct dirqueue_job	 job;
	const char		*err = NULL;

	put("DEV-1", "GetParameterValues", 50, true, NULL);
	put("DEV-1", "GetParameterNames", 50, true, NULL);
	dirqueue_job_init(&job);
	ck_assert_int_eq(dirqueue_claim_next(dq, "DEV-1", 60, &job, &err), 1);
	ck_assert_int_eq(dirqueue_finish(dq, &job, NULL, &err), 0);
	dirqueue_job_clear(&job);
	ck_assert_int_eq(dirqueue_prune(dq, time(NULL) - 60, &err), 0);
	ck_assert_int_eq(list("DEV-1", DIRQUEUE_DONE).n, 1);
	ck_assert_int_eq(dirqueue_prune(dq, time(NULL) + 60, &err), 1);
	ck_assert_int_eq(list("DEV-1", DIRQUEUE_DONE).n, 0);
	ck_assert_int_eq(list("DEV-1", DIRQUEUE_QUEUE).n, 1);
}
END_TEST

START_TEST(test_missing_device_has_no_jobs)
{
	struct dirqueue_job	 job;
	const char		*err = NULL;

	dirqueue_job_init(&job);
	ck_assert_int_eq(list("NOBODY", DIRQUEUE_QUEUE).n, 0);
	ck_assert_int_eq(dirqueue_claim_next(dq, "NOBODY", 60, &job, &err), 0);
	ck_assert_int_eq(dirqueue_inspect(dq, "NOBODY",
	    "50.20000101000000000000.aaaaa", &job, &err), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

static Suite *
dirqueue_suite(void)
{
	Suite	*s = suite_create("dirqueue");
	TCase	*tc;

	tc = tcase_create("order");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_jobs_run_by_priority_then_time);
	tcase_add_test(tc, test_job_fields_and_args_survive_the_round_trip);
	tcase_add_test(tc, test_missing_device_has_no_jobs);
	suite_add_tcase(s, tc);

	tc = tcase_create("cancel");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_cancel_removes_only_jobs_not_in_progress);
	suite_add_tcase(s, tc);

	tc = tcase_create("lease");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_expired_lease_lets_another_host_take_the_job);
	tcase_add_test(tc, test_renewed_lease_does_not_expire);
	tcase_add_test(tc,
	    test_lease_of_dead_process_on_same_host_is_recovered_at_once);
	suite_add_tcase(s, tc);

	tc = tcase_create("outcome");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_finish_keeps_the_response_in_done);
	tcase_add_test(tc, test_fail_keeps_the_fault_in_failed);
	tcase_add_test(tc, test_return_requeues_idempotent_jobs);
	tcase_add_test(tc, test_return_marks_sent_non_idempotent_job_unknown);
	tcase_add_test(tc,
	    test_stale_lease_of_non_idempotent_job_becomes_unknown);
	tcase_add_test(tc, test_expired_job_is_failed_not_run);
	tcase_add_test(tc, test_prune_removes_old_outcomes_only);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc,
	    test_corrupt_job_file_is_reported_and_does_not_block);
	tcase_add_test(tc, test_hostile_device_keys_cannot_escape_the_spool);
	tcase_add_test(tc, test_bad_jobs_are_refused_at_enqueue);
	suite_add_tcase(s, tc);

	tc = tcase_create("lock");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_lock_admits_one_holder_until_released_or_stale);
	tcase_add_test(tc, test_lock_left_empty_by_a_crash_goes_stale);
	tcase_add_test(tc,
	    test_lock_of_dead_process_on_same_host_is_taken_at_once);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(dirqueue_suite());
}
