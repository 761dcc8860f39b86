/*
 * dirqueue_stress.c: a worker for tests/integration/t_dirqueue_stress.sh
 * and tests/bench/bench_dirqueue.sh.  It enqueues numbered jobs over many
 * devices, or claims them and logs each job's id before finishing it, so
 * the script can check that every job was delivered exactly once.  It is
 * a test helper, not a tool: no config, no daemon mode.
 *
 *	dirqueue_stress enqueue SPOOL FIRST COUNT NDEV
 *	dirqueue_stress claim SPOOL LOG NDEV LEASE STOPFILE [-h host] [-k N]
 *	    [-t seconds]
 *	dirqueue_stress baseline DIR COUNT SIZE
 *
 * DIRQUEUE_STRESS_SYNC in the environment turns fsync on.
 * -k N raises SIGKILL right after claiming the Nth job (leased, neither
 * logged nor finished).  -t gives up (exit 1) after that many seconds, so
 * the script can simply wait(1) for its claimers.  "baseline" writes, reads and unlinks COUNT plain
 * files of SIZE bytes in one directory, for the benchmark's comparison.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/dirqueue.h"
#include "lib/log.h"

#define STRESS_DEV_MAX	4096

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: dirqueue_stress enqueue spool first count "
	    "ndev\n       dirqueue_stress claim spool log ndev lease stopfile "
	    "[-h host] [-k n]\n       dirqueue_stress baseline dir count "
	    "size\n");
	exit(2);
}

static long long
num(const char *s, long long min, long long max)
{
	const char	*errstr;
	long long	 v;

	v = strtonum(s, min, max, &errstr);
	if (errstr != NULL)
		fatalx("%s: number is %s", s, errstr);
	return v;
}

static struct dirqueue *
open_spool(const char *spool, const char *host)
{
	struct dirqueue	*dq;
	const char	*err;
	int		 flags = DIRQUEUE_CREATE | DIRQUEUE_NOSYNC;

	if (getenv("DIRQUEUE_STRESS_SYNC") != NULL)
		flags = DIRQUEUE_CREATE;
	dq = dirqueue_open(spool, host, flags, &err);
	if (dq == NULL)
		fatal("%s: %s", spool, err);
	return dq;
}

static int
do_enqueue(int argc, char **argv)
{
	struct dirqueue		*dq;
	struct dirqueue_job	 job;
	const char		*err;
	char			 dev[32], id[32];
	long long		 first, count, ndev, i;

	if (argc != 5)
		usage();
	dq = open_spool(argv[1], NULL);
	first = num(argv[2], 0, 1000000000);
	count = num(argv[3], 0, 1000000000);
	ndev = num(argv[4], 1, STRESS_DEV_MAX);
	for (i = first; i < first + count; i++) {
		dirqueue_job_init(&job);
		job.rpc = strdup("GetParameterValues");
		job.origin = strdup("stress");
		job.args = dirqueue_arg_new(DIRQUEUE_ARG_MAP);
		snprintf(id, sizeof(id), "%lld", i);
		dirqueue_arg_add_str(job.args, "id", id);
		snprintf(dev, sizeof(dev), "DEV-%04lld", i % ndev);
		if (dirqueue_enqueue(dq, dev, &job, &err) == -1)
			fatal("enqueue %lld: %s", i, err);
		dirqueue_job_clear(&job);
	}
	dirqueue_free(dq);
	return 0;
}

struct claimer {
	struct dirqueue	*dq;
	int		 log;
	int		 ndev;
	int		 lease;
	long		 kill_after;
	long		 claimed;
};

/* Handles one claimed job: log its id, then finish it. */
static void
deliver(struct claimer *c, struct dirqueue_job *job)
{
	const char	*id, *err;
	char		 line[64];
	int		 n;

	if (++c->claimed == c->kill_after)
		raise(SIGKILL);
	id = dirqueue_arg_get_str(job->args, "id");
	if (id == NULL)
		fatalx("job %s has no id", job->name);
	n = snprintf(line, sizeof(line), "%s\n", id);
	if (write(c->log, line, (size_t)n) != n)
		fatal("log write");
	if (dirqueue_finish(c->dq, job, NULL, &err) == -1)
		fatalx("finish %s: %s", job->name, err);
}

/* One pass over the devices from a per-process offset; jobs claimed. */
static long
claim_pass(struct claimer *c, int start)
{
	struct dirqueue_job	 job;
	const char		*err;
	char			 dev[32];
	long			 got = 0;
	int			 d, rc;

	for (d = 0; d < c->ndev; d++) {
		snprintf(dev, sizeof(dev), "DEV-%04d", (start + d) % c->ndev);
		dirqueue_job_init(&job);
		while ((rc = dirqueue_claim_next(c->dq, dev, c->lease, &job,
		    &err)) == 1) {
			deliver(c, &job);
			dirqueue_job_clear(&job);
			got++;
		}
		if (rc == -1)
			fatalx("claim %s: %s", dev, err);
	}
	return got;
}

static int
count_job(const struct dirqueue_job *job, const char *errstr, void *arg)
{
	(void)job;
	(void)errstr;
	(*(long *)arg)++;
	return 0;
}

/* Jobs still queued (including leased ones) on all devices. */
static long
pending(struct claimer *c)
{
	const char	*err;
	char		 dev[32];
	long		 n = 0;
	int		 d;

	for (d = 0; d < c->ndev; d++) {
		snprintf(dev, sizeof(dev), "DEV-%04d", d);
		if (dirqueue_list(c->dq, dev, DIRQUEUE_QUEUE, count_job, &n,
		    &err) == -1)
			fatalx("list %s: %s", dev, err);
	}
	return n;
}

static int
do_claim(int argc, char **argv)
{
	struct claimer	 c;
	struct stat	 st;
	const char	*host = NULL;
	useconds_t	 idle = 10000;
	time_t		 deadline = 0;
	int		 ch, start;

	memset(&c, 0, sizeof(c));
	if (argc < 6)
		usage();
	optind = 6;
	while ((ch = getopt(argc, argv, "h:k:t:")) != -1) {
		if (ch == 'h')
			host = optarg;
		else if (ch == 't')
			deadline = time(NULL) + (time_t)num(optarg, 1, 86400);
		else if (ch == 'k')
			c.kill_after = (long)num(optarg, 1, 1000000000);
		else
			usage();
	}
	c.dq = open_spool(argv[1], host);
	c.log = open(argv[2], O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (c.log == -1)
		fatal("%s", argv[2]);
	c.ndev = (int)num(argv[3], 1, STRESS_DEV_MAX);
	c.lease = (int)num(argv[4], DIRQUEUE_LEASE_MIN, DIRQUEUE_LEASE_MAX);
	start = (int)(getpid() % c.ndev);
	for (;;) {
		/* An idle pass costs a readdir per device: back off. */
		if (claim_pass(&c, start) > 0) {
			idle = 10000;
			continue;
		}
		if (stat(argv[5], &st) == 0 && pending(&c) == 0)
			break;
		if (deadline != 0 && time(NULL) > deadline)
			fatalx("deadline passed, %ld jobs pending", pending(&c));
		usleep(idle);
		if (idle < 320000)
			idle *= 2;
	}
	printf("claimed %ld\n", c.claimed);
	dirqueue_free(c.dq);
	return 0;
}

/* The baseline: plain create/write/close, read, unlink of small files. */
static int
do_baseline(int argc, char **argv)
{
	char		 path[1024], buf[4096];
	long long	 count, size, i;
	int		 fd;

	if (argc != 4)
		usage();
	count = num(argv[2], 1, 100000000);
	size = num(argv[3], 1, sizeof(buf));
	memset(buf, 'x', sizeof(buf));
	for (i = 0; i < count; i++) {
		snprintf(path, sizeof(path), "%s/f%lld", argv[1], i);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0640);
		if (fd == -1 || write(fd, buf, (size_t)size) != size ||
		    close(fd) == -1)
			fatal("%s", path);
	}
	for (i = 0; i < count; i++) {
		snprintf(path, sizeof(path), "%s/f%lld", argv[1], i);
		fd = open(path, O_RDONLY);
		if (fd == -1 || read(fd, buf, sizeof(buf)) != size ||
		    close(fd) == -1 || unlink(path) == -1)
			fatal("%s", path);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	log_init(true, 0);
	if (argc < 2)
		usage();
	if (strcmp(argv[1], "enqueue") == 0)
		return do_enqueue(argc - 1, argv + 1);
	if (strcmp(argv[1], "claim") == 0)
		return do_claim(argc - 1, argv + 1);
	if (strcmp(argv[1], "baseline") == 0)
		return do_baseline(argc - 1, argv + 1);
	usage();
}
