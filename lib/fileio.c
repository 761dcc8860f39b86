/*
 * fileio.c: whole-file reads with a ceiling and atomic replacement by
 * temporary file + fsync + rename + directory fsync.  It deliberately
 * does no locking and no retries; callers decide what a failure means.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/fileio.h"
#include "lib/xmalloc.h"

static int
read_all(int fd, char *p, size_t len, size_t *got)
{
	ssize_t	n;

	*got = 0;
	while (*got < len) {
		n = read(fd, p + *got, len - *got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0)
			break;
		*got += (size_t)n;
	}
	return 0;
}

char *
fileio_read(const char *path, size_t max, size_t *lenp)
{
	return fileio_read_stat(path, max, lenp, NULL);
}

char *
fileio_read_stat(const char *path, size_t max, size_t *lenp,
    struct stat *stp)
{
	struct stat	 st;
	char		*p = NULL;
	size_t		 got;
	int		 fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, &st) == -1)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto fail;
	}
	if ((unsigned long long)st.st_size > max) {
		errno = EFBIG;
		goto fail;
	}
	/* One byte more than the size tells us if the file grew. */
	p = xmalloc((size_t)st.st_size + 2);
	if (read_all(fd, p, (size_t)st.st_size + 1, &got) == -1)
		goto fail;
	if (got > max) {
		errno = EFBIG;
		goto fail;
	}
	p[got] = '\0';
	close(fd);
	if (lenp != NULL)
		*lenp = got;
	if (stp != NULL)
		*stp = st;
	return p;
fail:
	saved = errno;
	free(p);
	close(fd);
	errno = saved;
	return NULL;
}

static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
fileio_sync_dir(const char *path)
{
	char	 dir[PATH_MAX];
	char	*slash;
	int	 fd, rv;

	if (strlcpy(dir, path, sizeof(dir)) >= sizeof(dir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((slash = strrchr(dir, '/')) == NULL)
		strlcpy(dir, ".", sizeof(dir));
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rv = fsync(fd);
	/* Some file systems cannot fsync a directory; that is not fatal. */
	if (rv == -1 && (errno == EINVAL || errno == EBADF))
		rv = 0;
	close(fd);
	return rv;
}

int
fileio_replace(const char *path, const void *data, size_t len, mode_t mode,
    bool durable)
{
	char	tmp[PATH_MAX];
	int	fd, saved, n;

	n = snprintf(tmp, sizeof(tmp), "%s%s%ld.XXXXXX", path, FILEIO_TMP_MARK,
	    (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1)
		return -1;
	if (fchmod(fd, mode) == -1 || write_all(fd, data, len) == -1)
		goto fail;
	if (durable && fsync(fd) == -1)
		goto fail;
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) == -1)
		goto fail;
	if (durable && fileio_sync_dir(path) == -1)
		return -1;
	return 0;
fail:
	saved = errno;
	if (fd != -1)
		close(fd);
	unlink(tmp);
	errno = saved;
	return -1;
}

bool
fileio_is_tmp(const char *name)
{
	return strstr(name, FILEIO_TMP_MARK) != NULL;
}
