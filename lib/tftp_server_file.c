/*
 * tftp_server_file.c: files of the TFTP server.  Names (already
 * normalised, relative) open below the root descriptor with openat2()
 * and RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS, so a link out of the root
 * fails while links inside it work; on kernels without openat2() every
 * component is opened with O_NOFOLLOW instead (no links at all).  An
 * image open by many transfers is one descriptor in a tree keyed by
 * device and inode, read with pread(), so the page cache holds it once.
 * Uploads go to a temporary name in the target directory and are renamed
 * when complete.  It does not decide whether uploads are allowed; the
 * caller checks the name against the upload directory first.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define TFTP_HAVE_OPENAT2	1
#endif
#endif

#include "lib/log.h"
#include "lib/tftp_server_int.h"
#include "lib/xmalloc.h"

int
tftp_file_cmp(const struct tftp_file *a, const struct tftp_file *b)
{
	if (a->dev != b->dev)
		return a->dev < b->dev ? -1 : 1;
	if (a->ino != b->ino)
		return a->ino < b->ino ? -1 : 1;
	return 0;
}

RB_GENERATE(tftp_files, tftp_file, entry, tftp_file_cmp);

/* Component by component with O_NOFOLLOW: no link is followed at all. */
static int
tftp_open_walk(int rootfd, const char *name, int flags)
{
	char	 path[TFTP_NAME_MAX + 1], *p, *slash;
	int	 dfd, fd, saved;

	strlcpy(path, name, sizeof(path));
	if ((dfd = dup(rootfd)) == -1)
		return -1;
	for (p = path; (slash = strchr(p, '/')) != NULL; p = slash + 1) {
		*slash = '\0';
		fd = openat(dfd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		saved = errno;
		close(dfd);
		if (fd == -1) {
			errno = saved;
			return -1;
		}
		dfd = fd;
	}
	fd = openat(dfd, p, flags | O_NOFOLLOW);
	saved = errno;
	close(dfd);
	errno = saved;
	return fd;
}

/* Opens name below rootfd without leaving it; -1 with errno. */
static int
tftp_open_beneath(int rootfd, const char *name, int flags, mode_t mode)
{
#if defined(TFTP_HAVE_OPENAT2) && defined(SYS_openat2)
	struct open_how	how;
	long		fd;

	memset(&how, 0, sizeof(how));
	how.flags = (uint64_t)(flags | O_CLOEXEC);
	how.mode = (flags & O_CREAT) ? mode : 0;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
	fd = syscall(SYS_openat2, rootfd, name, &how, sizeof(how));
	if (fd != -1 || errno != ENOSYS)
		return (int)fd;
#endif
	(void)mode;
	return tftp_open_walk(rootfd, name, flags | O_CLOEXEC);
}

static void
tftp_open_error(int *code, const char **errstr)
{
	if (errno == ENOENT || errno == ENOTDIR) {
		*code = TFTP_ENOTFOUND;
		*errstr = "file not found";
	} else {
		*code = TFTP_EACCESS;
		*errstr = "access violation";
	}
}

struct tftp_file *
tftp_file_open(struct tftp_worker *w, const char *name, int *code,
    const char **errstr)
{
	struct tftp_file	 key, *f;
	struct stat		 st;
	int			 fd;

	fd = tftp_open_beneath(w->srv->rootfd, name,
	    O_RDONLY | O_NONBLOCK | O_NOCTTY, 0);
	if (fd == -1) {
		tftp_open_error(code, errstr);
		return NULL;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		*code = TFTP_ENOTFOUND;
		*errstr = "file not found";
		return NULL;
	}
	key.dev = st.st_dev;
	key.ino = st.st_ino;
	if ((f = RB_FIND(tftp_files, &w->files, &key)) != NULL) {
		close(fd);
		f->refs++;
		f->size = st.st_size;
		return f;
	}
	f = xcalloc(1, sizeof(*f));
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	f->fd = fd;
	f->size = st.st_size;
	f->refs = 1;
	RB_INSERT(tftp_files, &w->files, f);
	return f;
}

void
tftp_file_release(struct tftp_worker *w, struct tftp_file *f)
{
	if (f == NULL || --f->refs > 0)
		return;
	RB_REMOVE(tftp_files, &w->files, f);
	close(f->fd);
	free(f);
}

uint8_t *
tftp_file_netascii(struct tftp_file *f, int64_t *lenp, int *code,
    const char **errstr)
{
	uint8_t	*raw, *out;
	ssize_t	 n;

	if (f->size > TFTP_SERVER_NETASCII_MAX) {
		*code = TFTP_EUNDEF;
		*errstr = "file too large for netascii";
		return NULL;
	}
	raw = xmalloc((size_t)f->size + 1);
	n = pread(f->fd, raw, (size_t)f->size, 0);
	if (n < 0) {
		free(raw);
		*code = TFTP_EUNDEF;
		*errstr = "read error";
		return NULL;
	}
	out = xmalloc((size_t)n * 2 + 1);
	*lenp = (int64_t)tftp_netascii_encode(raw, (size_t)n, out);
	free(raw);
	return out;
}

/* Splits name into its directory (opened beneath the root) and base. */
static int
tftp_upload_dir(struct tftp_xfer *x, int *code, const char **errstr)
{
	char	 dir[TFTP_NAME_MAX + 1], *slash;

	strlcpy(dir, x->name, sizeof(dir));
	if ((slash = strrchr(dir, '/')) == NULL) {
		strlcpy(x->basename, dir, sizeof(x->basename));
		strlcpy(dir, ".", sizeof(dir));
	} else {
		*slash = '\0';
		strlcpy(x->basename, slash + 1, sizeof(x->basename));
	}
	x->dirfd = tftp_open_beneath(x->srv->rootfd, dir,
	    O_RDONLY | O_DIRECTORY, 0);
	if (x->dirfd == -1) {
		tftp_open_error(code, errstr);
		return -1;
	}
	return 0;
}

int
tftp_upload_open(struct tftp_xfer *x, int *code, const char **errstr)
{
	struct stat	st;
	int		i;

	if (tftp_upload_dir(x, code, errstr) == -1)
		return -1;
	if (fstatat(x->dirfd, x->basename, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    (!x->w->conf.overwrite || !S_ISREG(st.st_mode))) {
		*code = TFTP_EEXISTS;
		*errstr = "file already exists";
		return -1;
	}
	for (i = 0; i < TFTP_SERVER_PORT_TRIES; i++) {
		snprintf(x->tmpname, sizeof(x->tmpname), ".%.200s.%08x",
		    x->basename, arc4random());
		x->wfd = openat(x->dirfd, x->tmpname, O_WRONLY | O_CREAT |
		    O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (x->wfd != -1 || errno != EEXIST)
			break;
	}
	if (x->wfd == -1) {
		*code = TFTP_EACCESS;
		*errstr = "cannot create file";
		return -1;
	}
	return 0;
}

int
tftp_upload_commit(struct tftp_xfer *x, const char **errstr)
{
	int	flags = x->w->conf.overwrite ? 0 : RENAME_NOREPLACE;

	if (fsync(x->wfd) == -1 || close(x->wfd) == -1) {
		x->wfd = -1;
		*errstr = "write error";
		return -1;
	}
	x->wfd = -1;
	if (renameat2(x->dirfd, x->tmpname, x->dirfd, x->basename,
	    (unsigned)flags) == -1) {
		*errstr = errno == EEXIST ? "file already exists" :
		    "cannot rename upload";
		return -1;
	}
	x->tmpname[0] = '\0';
	return 0;
}

void
tftp_upload_abort(struct tftp_xfer *x)
{
	if (x->wfd != -1)
		close(x->wfd);
	x->wfd = -1;
	if (x->dirfd != -1 && x->tmpname[0] != '\0' &&
	    unlinkat(x->dirfd, x->tmpname, 0) == -1)
		log_warn("%s: cannot remove partial upload", x->peerstr);
	x->tmpname[0] = '\0';
	if (x->dirfd != -1)
		close(x->dirfd);
	x->dirfd = -1;
}
