/*
 * dirqueue_lock.c: a named per-device lock with a lease, for "one session
 * per device" across processes and hosts (CWMP.md 14.3).  The lock is one
 * file, active/lock.<name>, created with the link protocol and holding
 * host, pid and a random token.  The holder renews it by touching it; it is
 * stale once its mtime plus the lease has passed, or at once on the same
 * host when its pid has died.
 *
 * Breaking a stale lock is the delicate step without rename(2): two
 * breakers could each unlink the lock, the second one removing the fresh
 * lock the first has just taken.  So a breaker first wins the marker
 * active/lock.<name>.<token>.break for that very lock instance (O_EXCL,
 * link), re-reads the lock, and unlinks it only if the token is still the
 * stale one.  A holder that outlived its lease may still lose the lock; it
 * learns so from dirqueue_lock_renew().
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/dirqueue_int.h"
#include "lib/xmalloc.h"

#define DQ_LOCK_NAME_MAX	32
#define DQ_LOCK_TRIES		3

struct dirqueue_lock {
	struct dq_dir	dir;
	char		file[DQ_LOCK_NAME_MAX + 8];
	char		token[40];
	int		lease;
};

struct lock_info {
	char	token[40];
	char	host[DQ_HOST_MAX];
	long	pid;
	int	lease;
	bool	stale;
};

static bool
lock_name_is_valid(const char *name)
{
	const char	*p;

	if (name == NULL || *name == '\0' || strlen(name) > DQ_LOCK_NAME_MAX)
		return false;
	for (p = name; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '_'))
			return false;
	return true;
}

/* Reads the lock file; -1 with errno ENOENT when there is none. */
static int
lock_read(struct dirqueue *dq, const struct dirqueue_lock *lk,
    struct lock_info *li)
{
	struct dirqueue_arg	*m;
	struct stat		 st;
	const char		*err, *s;
	char			 path[PATH_MAX], *data;
	size_t			 len;
	bool			 bad = false;

	memset(li, 0, sizeof(*li));
	if (dq_path(path, sizeof(path), &lk->dir, "active", lk->file) == -1 ||
	    lstat(path, &st) == -1 || (data = dq_read(path, &len)) == NULL)
		return -1;
	m = dq_yaml_parse(data, len, &err);
	free(data);
	s = dirqueue_arg_get_str(m, "token");
	strlcpy(li->token, s != NULL ? s : "", sizeof(li->token));
	s = dirqueue_arg_get_str(m, "host");
	strlcpy(li->host, s != NULL ? s : "", sizeof(li->host));
	li->pid = (long)dq_arg_num(m, "pid", 0, 0, LONG_MAX, &bad);
	li->lease = (int)dq_arg_num(m, "lease", DIRQUEUE_LEASE_DEFAULT,
	    DIRQUEUE_LEASE_MIN, DIRQUEUE_LEASE_MAX, &bad);
	dirqueue_arg_free(m);
	if (bad || m == NULL)
		li->lease = DIRQUEUE_LEASE_DEFAULT;
	li->stale = time(NULL) >= st.st_mtime + li->lease ||
	    dq_pid_is_dead(dq, li->host, li->pid);
	return 0;
}

static int
lock_create(struct dirqueue *dq, struct dirqueue_lock *lk,
    const char **errstr)
{
	struct dirqueue_arg	*m;
	char			 buf[32], *text;
	size_t			 len;
	int			 rc;

	m = dirqueue_arg_new(DIRQUEUE_ARG_MAP);
	dirqueue_arg_add_str(m, "state", "lock");
	dirqueue_arg_add_str(m, "host", dq->host);
	snprintf(buf, sizeof(buf), "%ld", (long)getpid());
	dirqueue_arg_add_str(m, "pid", buf);
	dirqueue_arg_add_str(m, "token", lk->token);
	snprintf(buf, sizeof(buf), "%d", lk->lease);
	dirqueue_arg_add_str(m, "lease", buf);
	text = dq_yaml_emit(m, &len);
	dirqueue_arg_free(m);
	if (text == NULL) {
		*errstr = "cannot write lock";
		return -1;
	}
	/*
	 * Not flushed: a lock is worth nothing after a crash.  One lost, or
	 * left empty by the crash, reads as a lock of unknown holder with the
	 * default lease, which goes stale and is broken like any other.
	 */
	rc = dq_publish_sync(dq, &lk->dir, "active", lk->file, text, len,
	    false, errstr);
	free(text);
	return rc;
}

/* Removes the stale lock instance li, if this process wins the break. */
static void
lock_break(struct dirqueue *dq, struct dirqueue_lock *lk,
    const struct lock_info *li)
{
	struct lock_info	 now;
	char			 marker[DQ_LOCK_NAME_MAX + 64];
	char			 path[PATH_MAX];
	const char		*err;

	snprintf(marker, sizeof(marker), "%s.%s.break", lk->file, li->token);
	if (dq_publish_sync(dq, &lk->dir, "active", marker, lk->token,
	    strlen(lk->token), false, &err) == -1)
		return;		/* another process is breaking it */
	if (lock_read(dq, lk, &now) == 0 && strcmp(now.token, li->token) == 0 &&
	    dq_path(path, sizeof(path), &lk->dir, "active", lk->file) == 0)
		unlink(path);
	if (dq_path(path, sizeof(path), &lk->dir, "active", marker) == 0)
		unlink(path);
}

int
dirqueue_lock_acquire(struct dirqueue *dq, const char *device,
    const char *name, int lease, struct dirqueue_lock **lockp,
    const char **errstr)
{
	struct dirqueue_lock	*lk;
	struct lock_info	 li;
	int			 i;

	*lockp = NULL;
	if (!lock_name_is_valid(name) || lease < DIRQUEUE_LEASE_MIN ||
	    lease > DIRQUEUE_LEASE_MAX) {
		*errstr = "bad lock name or lease";
		errno = EINVAL;
		return -1;
	}
	lk = xcalloc(1, sizeof(*lk));
	lk->lease = lease;
	snprintf(lk->file, sizeof(lk->file), "lock.%s", name);
	snprintf(lk->token, sizeof(lk->token), "%08x%08x%ld", arc4random(),
	    arc4random(), (long)getpid());
	if (dq_dir_init(dq, device, &lk->dir, true, errstr) == -1)
		goto fail;
	for (i = 0; i < DQ_LOCK_TRIES; i++) {
		if (lock_create(dq, lk, errstr) == 0) {
			*lockp = lk;
			return 1;
		}
		if (errno != EEXIST)
			goto fail;
		if (lock_read(dq, lk, &li) == -1) {
			if (errno == ENOENT)
				continue;	/* released meanwhile */
			*errstr = "cannot read lock";
			goto fail;
		}
		if (!li.stale)
			break;
		lock_break(dq, lk, &li);
	}
	free(lk);
	return 0;
fail:
	free(lk);
	return -1;
}

int
dirqueue_lock_renew(struct dirqueue *dq, struct dirqueue_lock *lk,
    const char **errstr)
{
	struct lock_info	li;
	char			path[PATH_MAX];

	if (lock_read(dq, lk, &li) == -1 || strcmp(li.token, lk->token) != 0) {
		*errstr = "lock lost";
		errno = ESTALE;
		return -1;
	}
	if (dq_path(path, sizeof(path), &lk->dir, "active", lk->file) == -1 ||
	    utimensat(AT_FDCWD, path, NULL, AT_SYMLINK_NOFOLLOW) == -1) {
		*errstr = "cannot touch lock";
		return -1;
	}
	return 0;
}

void
dirqueue_lock_release(struct dirqueue *dq, struct dirqueue_lock *lk)
{
	struct lock_info	li;
	char			path[PATH_MAX];

	if (lk == NULL)
		return;
	if (lock_read(dq, lk, &li) == 0 && strcmp(li.token, lk->token) == 0 &&
	    dq_path(path, sizeof(path), &lk->dir, "active", lk->file) == 0)
		unlink(path);
	free(lk);
}
