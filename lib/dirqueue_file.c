/*
 * dirqueue_file.c: the file protocol under the queue (CWMP.md 14.2).
 * Device directories, sorted listings, whole-file reads, and publishing a
 * file the NFS-safe way: create a unique name in tmp/ with O_EXCL, write,
 * fsync, link(2) it to its final name, and when link reports an error,
 * trust the tmp name's link count (2) instead, since NFS may report a
 * failure for a retried request that succeeded.  It never renames, never
 * locks and never maps files.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/dirqueue_int.h"
#include "lib/xmalloc.h"

/* The directories of a device, "tmp" last: its presence means "ready". */
static const char *const dq_subdirs[] = {
	"queue", "active", "done", "failed", "tmp"
};

static bool
key_byte_is_plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '%';
}

int
dirqueue_key_encode(const char *key, char *dir, size_t len)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;
	size_t			 o = 0;

	if (key == NULL || *key == '\0' || strlen(key) > DIRQUEUE_KEY_MAX)
		return -1;
	for (p = (const unsigned char *)key; *p != '\0'; p++) {
		if (o + 4 > len)
			return -1;
		if (key_byte_is_plain(*p)) {
			dir[o++] = (char)*p;
			continue;
		}
		dir[o++] = '%';
		dir[o++] = hex[*p >> 4];
		dir[o++] = hex[*p & 0xf];
	}
	dir[o] = '\0';
	return 0;
}

static int
mkdir_ok(const char *path)
{
	if (mkdir(path, 0750) == -1 && errno != EEXIST)
		return -1;
	return 0;
}

static int
dir_create(const struct dq_dir *d)
{
	char	path[PATH_MAX];
	size_t	i;

	if (dq_path(path, sizeof(path), d, "tmp", NULL) == -1)
		return -1;
	if (access(path, F_OK) == 0)
		return 0;
	if (mkdir_ok(d->dev) == -1)
		return -1;
	for (i = 0; i < sizeof(dq_subdirs) / sizeof(dq_subdirs[0]); i++) {
		if (dq_path(path, sizeof(path), d, dq_subdirs[i], NULL) == -1 ||
		    mkdir_ok(path) == -1)
			return -1;
	}
	return 0;
}

/* Fills d for device; with create, makes its directories. */
int
dq_dir_init(struct dirqueue *dq, const char *device, struct dq_dir *d,
    bool create, const char **errstr)
{
	int	n;

	if (dirqueue_key_encode(device, d->key, sizeof(d->key)) == -1) {
		errno = EINVAL;
		*errstr = "bad device key";
		return -1;
	}
	n = snprintf(d->dev, sizeof(d->dev), "%s/%s", dq->spool, d->key);
	if (n < 0 || (size_t)n >= sizeof(d->dev)) {
		errno = ENAMETOOLONG;
		*errstr = "spool path too long";
		return -1;
	}
	if (create && dir_create(d) == -1) {
		*errstr = "cannot create device directory";
		return -1;
	}
	return 0;
}

/* dev/sub[/name] into buf. */
int
dq_path(char *buf, size_t len, const struct dq_dir *d, const char *sub,
    const char *name)
{
	int	n;

	if (name == NULL)
		n = snprintf(buf, len, "%s/%s", d->dev, sub);
	else
		n = snprintf(buf, len, "%s/%s/%s", d->dev, sub, name);
	if (n < 0 || (size_t)n >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

static int
write_all(int fd, const char *data, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		n = write(fd, data, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Creates a fresh file in tmp/ holding data, flushed if durable; its
 * path goes to tmp.
 */
static int
tmp_create(struct dirqueue *dq, const struct dq_dir *d, const char *name,
    const char *data, size_t len, bool durable, char *tmp, size_t tmplen)
{
	char	base[DIRQUEUE_NAME_MAX + 64];
	int	fd = -1, i, save;

	for (i = 0; i < DIRQUEUE_NAME_TRIES && fd == -1; i++) {
		snprintf(base, sizeof(base), "%s.%s.%ld.%08x", name, dq->hash,
		    (long)getpid(), arc4random());
		if (dq_path(tmp, tmplen, d, "tmp", base) == -1)
			return -1;
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0640);
		if (fd == -1 && errno != EEXIST)
			return -1;
	}
	if (fd == -1)
		return -1;
	if (write_all(fd, data, len) == -1 || (durable && fsync(fd) == -1))
		goto fail;
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	save = errno;
	if (fd != -1)
		close(fd);
	unlink(tmp);
	errno = save;
	return -1;
}

/*
 * Publishes data as sub/name, flushed to disk first unless the queue was
 * opened with DIRQUEUE_NOSYNC.  Returns 0, or -1 with errno (EEXIST when
 * the name is taken: the caller lost a race or must pick another name).
 */
int
dq_publish(struct dirqueue *dq, const struct dq_dir *d, const char *sub,
    const char *name, const char *data, size_t len, const char **errstr)
{
	return dq_publish_sync(dq, d, sub, name, data, len, dq->sync, errstr);
}

/* dq_publish(), flushed only if durable. */
int
dq_publish_sync(struct dirqueue *dq, const struct dq_dir *d,
    const char *sub, const char *name, const char *data, size_t len,
    bool durable, const char **errstr)
{
	char		tmp[PATH_MAX], final[PATH_MAX];
	struct stat	st;
	int		rc, save;

	if (dq_path(final, sizeof(final), d, sub, name) == -1) {
		*errstr = "path too long";
		return -1;
	}
	if (tmp_create(dq, d, name, data, len, durable, tmp, sizeof(tmp)) ==
	    -1) {
		*errstr = "cannot write temporary file";
		return -1;
	}
	/*
	 * open(2), O_EXCL on NFS: link(2) returning 0 means success;
	 * otherwise a link count of 2 on the unique name means the link was
	 * made and only the reply was lost.  (After a 0 the count may already
	 * be 1 again: another process can consume the new file at once.)
	 */
	rc = link(tmp, final);
	save = errno;
	if (rc == -1 && lstat(tmp, &st) == 0 && st.st_nlink == 2)
		rc = 0;
	unlink(tmp);
	if (rc == -1) {
		*errstr = save == EEXIST ? "name already taken" :
		    "cannot link file into place";
		errno = save;
		return -1;
	}
	return 0;
}

/* The whole file (NUL-terminated; free() it), or NULL with errno. */
char *
dq_read(const char *path, size_t *lenp)
{
	struct stat	 st;
	char		*data = NULL;
	size_t		 off = 0;
	ssize_t		 n;
	int		 fd, save;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return NULL;
	if (fstat(fd, &st) == -1)
		goto fail;
	if (!S_ISREG(st.st_mode) || st.st_size > DIRQUEUE_FILE_MAX) {
		errno = EFBIG;
		goto fail;
	}
	data = xmalloc((size_t)st.st_size + 1);
	while (off < (size_t)st.st_size) {
		n = read(fd, data + off, (size_t)st.st_size - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail;
		if (n == 0)
			break;
		off += (size_t)n;
	}
	data[off] = '\0';
	close(fd);
	*lenp = off;
	return data;
fail:
	save = errno;
	free(data);
	close(fd);
	errno = save;
	return NULL;
}

static int
names_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The sorted entries of path that do not start with "."; with jobs, only
 * valid job names.  A missing directory has no entries.
 */
int
dq_names(const char *path, bool jobs, char ***namesp, size_t *np)
{
	DIR		*dir;
	struct dirent	*de;
	char		**v = NULL;
	size_t		 n = 0;

	*namesp = NULL;
	*np = 0;
	dir = opendir(path);
	if (dir == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (jobs && !dq_name_is_valid(de->d_name))
			continue;
		v = xreallocarray(v, n + 1, sizeof(*v));
		v[n++] = xstrdup(de->d_name);
	}
	closedir(dir);
	if (n > 0)
		qsort(v, n, sizeof(*v), names_cmp);
	*namesp = v;
	*np = n;
	return 0;
}

void
dq_names_free(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Job names: a digit first, then [A-Za-z0-9.]; never "." or "..". */
bool
dq_name_is_valid(const char *name)
{
	const char	*p;

	if (name == NULL || name[0] < '0' || name[0] > '9' ||
	    strlen(name) >= DIRQUEUE_NAME_MAX)
		return false;
	for (p = name; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.'))
			return false;
	}
	return true;
}

/* True only when pid runs on this host and is known to be gone. */
bool
dq_pid_is_dead(struct dirqueue *dq, const char *host, long pid)
{
	if (host == NULL || strcmp(host, dq->host) != 0 || pid <= 0 ||
	    pid > INT_MAX)
		return false;
	return kill((pid_t)pid, 0) == -1 && errno == ESRCH;
}

void
dq_now(struct timespec *ts)
{
	clock_gettime(CLOCK_REALTIME, ts);
}
