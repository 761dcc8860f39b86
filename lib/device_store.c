/*
 * device_store.c: the device store front end (key checks, record
 * (de)serialisation, times, the contact stamp, sorted listing, copying
 * between stores) and the YAML back end: one file per device, replaced
 * atomically with fileio_replace(), its contact stamp rewritten in place
 * by a touch.  The GDBM back end is in device_store_gdbm.c.
 *
 * XXX Temporary files left by a crash (<key>.yaml.tmp.<pid>.XXXXXX) are
 * skipped by readers but not removed; another host may still be writing.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/device_store.h"
#include "lib/device_store_int.h"
#include "lib/fileio.h"
#include "lib/xmalloc.h"

#define YAML_SUFFIX	".yaml"

static int
st_fail(char *err, size_t errlen, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
st_fail(char *err, size_t errlen, int errnum, const char *fmt, ...)
{
	va_list	ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	errno = errnum;
	return -1;
}

void
device_store_keys_add(char ***keysp, size_t *np, size_t *capp,
    const char *key)
{
	if (*np + 1 >= *capp) {
		*capp = *capp < 16 ? 16 : *capp * 2;
		*keysp = xreallocarray(*keysp, *capp, sizeof(**keysp));
	}
	(*keysp)[(*np)++] = xstrdup(key);
	(*keysp)[*np] = NULL;
}

void
device_store_keys_free(char **keys)
{
	size_t	i;

	if (keys == NULL)
		return;
	for (i = 0; keys[i] != NULL; i++)
		free(keys[i]);
	free(keys);
}

/* ---- YAML back end ---- */

static int
yaml_file(const struct device_store *st, const char *key, char *buf,
    size_t len, char *err, size_t errlen)
{
	int	n;

	if (strlen(key) > DEVICE_STORE_FILE_KEY_MAX)
		return st_fail(err, errlen, EINVAL,
		    "%s: key too long for a file name", key);
	n = snprintf(buf, len, "%s/%s%s", st->path, key, YAML_SUFFIX);
	if (n < 0 || (size_t)n >= len)
		return st_fail(err, errlen, ENAMETOOLONG, "%s: path too long",
		    key);
	return 0;
}

void
device_store_version_of(const struct stat *sb,
    struct device_store_version *ver)
{
	memset(ver, 0, sizeof(*ver));
	ver->valid = true;
	ver->dev = (uint64_t)sb->st_dev;
	ver->ino = (uint64_t)sb->st_ino;
	ver->size = (int64_t)sb->st_size;
	ver->mtime_sec = (int64_t)sb->st_mtim.tv_sec;
	ver->mtime_nsec = (int64_t)sb->st_mtim.tv_nsec;
	ver->ctime_sec = (int64_t)sb->st_ctim.tv_sec;
	ver->ctime_nsec = (int64_t)sb->st_ctim.tv_nsec;
}

static int
yaml_get(struct device_store *st, const char *key, char **textp,
    size_t *lenp, struct device_store_version *ver, char *err, size_t errlen)
{
	struct stat	sb;
	char		path[4096];
	int		saved;

	if (yaml_file(st, key, path, sizeof(path), err, errlen) == -1)
		return -1;
	if ((*textp = fileio_read_stat(path, DEVICE_RECORD_MAX, lenp,
	    &sb)) == NULL) {
		saved = errno;
		return st_fail(err, errlen, saved, "%s: %s", path,
		    saved == ENOENT ? "no such device" : strerror(saved));
	}
	device_store_version_of(&sb, ver);
	return 0;
}

/* open(2) then fstat(2): NFS revalidates the attributes at the open. */
static int
yaml_version(struct device_store *st, const char *key,
    struct device_store_version *ver, char *err, size_t errlen)
{
	struct stat	sb;
	char		path[4096];
	int		fd, saved;

	if (yaml_file(st, key, path, sizeof(path), err, errlen) == -1)
		return -1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1 ||
	    fstat(fd, &sb) == -1) {
		saved = errno;
		if (fd != -1)
			close(fd);
		return st_fail(err, errlen, saved, "%s: %s", path,
		    strerror(saved));
	}
	close(fd);
	device_store_version_of(&sb, ver);
	return 0;
}

static int
yaml_put(struct device_store *st, const char *key, const char *text,
    size_t len, char *err, size_t errlen)
{
	char	path[4096];

	if (yaml_file(st, key, path, sizeof(path), err, errlen) == -1)
		return -1;
	if (fileio_replace(path, text, len, 0640,
	    !(st->flags & DEVICE_STORE_NOSYNC)) == -1)
		return st_fail(err, errlen, errno, "%s: %s", path,
		    strerror(errno));
	return 0;
}

static int
yaml_del(struct device_store *st, const char *key, char *err, size_t errlen)
{
	char	path[4096];

	if (yaml_file(st, key, path, sizeof(path), err, errlen) == -1)
		return -1;
	if (unlink(path) == -1)
		return st_fail(err, errlen, errno, "%s: %s", path,
		    errno == ENOENT ? "no such device" : strerror(errno));
	if (!(st->flags & DEVICE_STORE_NOSYNC))
		fileio_sync_dir(path);
	return 0;
}

/*
 * Rewrites the stamp at the start of the stored file, in place: pwrite()
 * of DEVICE_STAMP_LEN bytes over bytes of the same length.  The file is
 * checked through the same descriptor first, so a record replaced by a
 * rename meanwhile is never written into (the write then goes to the old
 * file, and the newer record stands).  Not flushed, even without
 * DEVICE_STORE_NOSYNC: after a power loss the stamp may be an older one
 * (as with relatime), never a torn one; it is 32 bytes at the start of
 * the first block.  Over NFS, close() writes it back.
 */
static int
yaml_touch(struct device_store *st, const char *key, const char *stamp,
    struct device_store_version *ver, char *err, size_t errlen)
{
	struct stat	sb;
	char		path[4096], old[DEVICE_STAMP_LEN];
	int64_t		t;
	ssize_t		n;
	int		fd, saved;

	if (yaml_file(st, key, path, sizeof(path), err, errlen) == -1)
		return -1;
	if ((fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		if (errno == ENOENT)
			return 1;
		return st_fail(err, errlen, errno, "%s: %s", path,
		    strerror(errno));
	}
	n = pread(fd, old, sizeof(old), 0);
	if (n != (ssize_t)sizeof(old) ||
	    !device_stamp_parse(old, sizeof(old), &t)) {
		close(fd);
		return 1;
	}
	if (pwrite(fd, stamp, DEVICE_STAMP_LEN, 0) != DEVICE_STAMP_LEN) {
		saved = errno != 0 ? errno : EIO;
		close(fd);
		return st_fail(err, errlen, saved, "%s: %s", path,
		    strerror(saved));
	}
	if (ver != NULL && fstat(fd, &sb) == 0)
		device_store_version_of(&sb, ver);
	if (close(fd) == -1)
		return st_fail(err, errlen, errno, "%s: %s", path,
		    strerror(errno));
	return 0;
}

static bool
yaml_exists(struct device_store *st, const char *key)
{
	char	path[4096];

	if (yaml_file(st, key, path, sizeof(path), NULL, 0) == -1)
		return false;
	return access(path, F_OK) == 0;
}

static int
yaml_list(struct device_store *st, char ***keysp, size_t *np, char *err,
    size_t errlen)
{
	struct dirent	*de;
	DIR		*d;
	char		 key[DEVICE_KEY_MAX + 1];
	size_t		 len, cap = 0, sl = strlen(YAML_SUFFIX);

	if ((d = opendir(st->path)) == NULL)
		return st_fail(err, errlen, errno, "%s: %s", st->path,
		    strerror(errno));
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len <= sl || len - sl > DEVICE_KEY_MAX ||
		    fileio_is_tmp(de->d_name) ||
		    strcmp(de->d_name + len - sl, YAML_SUFFIX) != 0)
			continue;
		memcpy(key, de->d_name, len - sl);
		key[len - sl] = '\0';
		if (device_key_is_valid(key))
			device_store_keys_add(keysp, np, &cap, key);
	}
	closedir(d);
	return 0;
}

static void
yaml_close(struct device_store *st)
{
	(void)st;
}

static const struct device_store_ops yaml_ops = {
	yaml_get, yaml_put, yaml_del, yaml_exists, yaml_list, yaml_close,
	yaml_touch, yaml_version
};

int
device_store_yaml_open(struct device_store *st, char *err, size_t errlen)
{
	struct stat	sb;

	if ((st->flags & DEVICE_STORE_CREATE) && mkdir(st->path, 0750) == -1 &&
	    errno != EEXIST)
		return st_fail(err, errlen, errno, "%s: %s", st->path,
		    strerror(errno));
	if (stat(st->path, &sb) == -1)
		return st_fail(err, errlen, errno, "%s: %s", st->path,
		    strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return st_fail(err, errlen, ENOTDIR, "%s: not a directory",
		    st->path);
	st->ops = &yaml_ops;
	return 0;
}

/* ---- front end ---- */

struct device_store *
device_store_open(enum device_store_kind kind, const char *path, int flags,
    char *err, size_t errlen)
{
	struct device_store	*st;
	int			 rv;

	st = xcalloc(1, sizeof(*st));
	st->kind = kind;
	st->path = xstrdup(path);
	st->flags = flags;
	if (kind == DEVICE_STORE_GDBM)
		rv = device_store_gdbm_open(st, err, errlen);
	else
		rv = device_store_yaml_open(st, err, errlen);
	if (rv == -1) {
		free(st->path);
		free(st);
		return NULL;
	}
	return st;
}

struct device_store *
device_store_open_spec(const char *spec, int flags, char *err, size_t errlen)
{
	if (strncmp(spec, "yaml:", 5) == 0 && spec[5] != '\0')
		return device_store_open(DEVICE_STORE_YAML, spec + 5, flags,
		    err, errlen);
	if (strncmp(spec, "gdbm:", 5) == 0 && spec[5] != '\0')
		return device_store_open(DEVICE_STORE_GDBM, spec + 5, flags,
		    err, errlen);
	st_fail(err, errlen, EINVAL,
	    "%s: store must be yaml:DIRECTORY or gdbm:FILE", spec);
	return NULL;
}

void
device_store_close(struct device_store *st)
{
	if (st == NULL)
		return;
	st->ops->close(st);
	free(st->path);
	free(st);
}

enum device_store_kind
device_store_kind(const struct device_store *st)
{
	return st->kind;
}

static int
check_key(const char *key, char *err, size_t errlen)
{
	if (!device_key_is_valid(key))
		return st_fail(err, errlen, EINVAL, "invalid device key");
	return 0;
}

static int
check_writable(const struct device_store *st, char *err, size_t errlen)
{
	if (st->flags & DEVICE_STORE_RDONLY)
		return st_fail(err, errlen, EROFS, "%s: store is read-only",
		    st->path);
	return 0;
}

/* Moves rec->contact to t if later, and never before the stored Inform. */
static void
contact_advance(struct device_record *rec, int64_t t)
{
	if (t > rec->contact)
		rec->contact = t;
	if (rec->contact < rec->inform.time)
		rec->contact = rec->inform.time;
}

void
device_stamp_format(int64_t t, char *buf)
{
	snprintf(buf, DEVICE_STAMP_LEN + 1, "%s%*" PRId64 "\n",
	    DEVICE_STAMP_PREFIX, DEVICE_STAMP_DIGITS, t < 0 ? 0 : t);
}

bool
device_stamp_parse(const char *text, size_t len, int64_t *t)
{
	const size_t	 plen = sizeof(DEVICE_STAMP_PREFIX) - 1;
	const char	*p;
	int64_t		 v = 0;
	size_t		 i;
	bool		 digit = false;

	if (len < DEVICE_STAMP_LEN || text[DEVICE_STAMP_LEN - 1] != '\n' ||
	    memcmp(text, DEVICE_STAMP_PREFIX, plen) != 0)
		return false;
	p = text + plen;
	for (i = 0; i < DEVICE_STAMP_DIGITS; i++) {
		if (p[i] == ' ' && !digit)
			continue;
		if (p[i] < '0' || p[i] > '9' || v > (INT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (p[i] - '0');
		digit = true;
	}
	if (!digit)
		return false;
	*t = v;
	return true;
}

/* Parses text read for key; EBADMSG if it is not a sound record. */
static struct device_record *
parse_record(const struct device_store *st, const char *key,
    const char *text, size_t len, char *err, size_t errlen)
{
	struct device_record	*rec;
	char			 name[512], msg[DEVICE_STORE_ERR_MAX];

	snprintf(name, sizeof(name), "%s%s%s%s", st->path,
	    st->kind == DEVICE_STORE_YAML ? "/" : ":", key,
	    st->kind == DEVICE_STORE_YAML ? YAML_SUFFIX : "");
	rec = device_record_from_yaml(name, text, len, msg, sizeof(msg));
	if (rec == NULL) {
		st_fail(err, errlen, EBADMSG, "corrupted record: %s", msg);
		return NULL;
	}
	if (strcmp(rec->key, key) != 0) {
		st_fail(err, errlen, EBADMSG,
		    "corrupted record: %s: holds key %s", name, rec->key);
		device_record_free(rec);
		return NULL;
	}
	/* Records written before the stamp existed have none. */
	if (!device_stamp_parse(text, len, &rec->contact))
		rec->contact = 0;
	contact_advance(rec, 0);
	return rec;
}

int
device_store_get(struct device_store *st, const char *key,
    struct device_record **recp, char *err, size_t errlen)
{
	struct device_store_version	ver;

	return device_store_get_version(st, key, recp, &ver, err, errlen);
}

int
device_store_get_version(struct device_store *st, const char *key,
    struct device_record **recp, struct device_store_version *ver,
    char *err, size_t errlen)
{
	char	*text;
	size_t	 len;

	*recp = NULL;
	memset(ver, 0, sizeof(*ver));
	if (check_key(key, err, errlen) == -1 ||
	    st->ops->get(st, key, &text, &len, ver, err, errlen) == -1)
		return -1;
	*recp = parse_record(st, key, text, len, err, errlen);
	free(text);
	if (*recp == NULL)
		ver->valid = false;
	return *recp != NULL ? 0 : -1;
}

int
device_store_unchanged(struct device_store *st, const char *key,
    const struct device_store_version *ver, char *err, size_t errlen)
{
	struct device_store_version	now;

	if (!ver->valid || st->ops->version == NULL)
		return 0;
	if (check_key(key, err, errlen) == -1)
		return -1;
	if (st->ops->version(st, key, &now, err, errlen) == -1)
		return errno == ENOENT ? 0 : -1;
	return now.dev == ver->dev && now.ino == ver->ino &&
	    now.size == ver->size && now.mtime_sec == ver->mtime_sec &&
	    now.mtime_nsec == ver->mtime_nsec &&
	    now.ctime_sec == ver->ctime_sec &&
	    now.ctime_nsec == ver->ctime_nsec;
}

int
device_store_put(struct device_store *st, struct device_record *rec,
    char *err, size_t errlen)
{
	char	*text, *out;
	size_t	 len;
	int	 rv;

	if (check_writable(st, err, errlen) == -1 ||
	    check_key(rec->key, err, errlen) == -1)
		return -1;
	rec->updated = (int64_t)time(NULL);
	if (rec->created == 0)
		rec->created = rec->updated;
	contact_advance(rec, 0);
	if ((text = device_record_to_yaml(rec, &len)) == NULL)
		return st_fail(err, errlen, EINVAL, "%s: cannot serialise",
		    rec->key);
	out = xmalloc(DEVICE_STAMP_LEN + len + 1);
	device_stamp_format(rec->contact, out);
	memcpy(out + DEVICE_STAMP_LEN, text, len + 1);
	free(text);
	rv = st->ops->put(st, rec->key, out, DEVICE_STAMP_LEN + len, err,
	    errlen);
	free(out);
	return rv;
}

int
device_store_touch(struct device_store *st, struct device_record *rec,
    int64_t t, struct device_store_version *ver, char *err, size_t errlen)
{
	char	stamp[DEVICE_STAMP_LEN + 1];
	int	rv;

	if (ver != NULL)
		memset(ver, 0, sizeof(*ver));
	if (check_writable(st, err, errlen) == -1 ||
	    check_key(rec->key, err, errlen) == -1)
		return -1;
	contact_advance(rec, t);
	if (st->ops->touch == NULL)
		return device_store_put(st, rec, err, errlen);
	device_stamp_format(rec->contact, stamp);
	rv = st->ops->touch(st, rec->key, stamp, ver, err, errlen);
	if (rv != 0 && ver != NULL)
		ver->valid = false;
	return rv == 1 ? device_store_put(st, rec, err, errlen) : rv;
}

int
device_store_delete(struct device_store *st, const char *key, char *err,
    size_t errlen)
{
	if (check_writable(st, err, errlen) == -1 ||
	    check_key(key, err, errlen) == -1)
		return -1;
	return st->ops->del(st, key, err, errlen);
}

bool
device_store_exists(struct device_store *st, const char *key)
{
	return device_key_is_valid(key) && st->ops->exists(st, key);
}

static int
key_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
device_store_list(struct device_store *st, char ***keysp, size_t *np,
    char *err, size_t errlen)
{
	*keysp = xcalloc(1, sizeof(**keysp));
	*np = 0;
	if (st->ops->list(st, keysp, np, err, errlen) == -1) {
		device_store_keys_free(*keysp);
		*keysp = NULL;
		return -1;
	}
	qsort(*keysp, *np, sizeof(**keysp), key_cmp);
	return 0;
}

/* Copies one record's text unchanged after checking it parses. */
static int
copy_one(struct device_store *from, struct device_store *to,
    const char *key, char *err, size_t errlen)
{
	struct device_store_version	 ver;
	struct device_record		*rec;
	char				*text;
	size_t				 len;
	int				 rv;

	memset(&ver, 0, sizeof(ver));
	if (from->ops->get(from, key, &text, &len, &ver, err, errlen) == -1)
		return -1;
	if ((rec = parse_record(from, key, text, len, err, errlen)) == NULL) {
		free(text);
		return -1;
	}
	device_record_free(rec);
	rv = to->ops->put(to, key, text, len, err, errlen);
	free(text);
	return rv;
}

int
device_store_copy(struct device_store *from, struct device_store *to,
    size_t *copiedp, size_t *badp, char *err, size_t errlen)
{
	char	**keys, msg[DEVICE_STORE_ERR_MAX];
	size_t	  n, i;
	int	  rv = 0;

	*copiedp = *badp = 0;
	if (check_writable(to, err, errlen) == -1 ||
	    device_store_list(from, &keys, &n, err, errlen) == -1)
		return -1;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	for (i = 0; i < n && rv == 0; i++) {
		if (copy_one(from, to, keys[i], msg, sizeof(msg)) == 0) {
			(*copiedp)++;
			continue;
		}
		if (errno == EBADMSG || errno == ENOENT) {
			/* Corrupted, or deleted since listing: skip it. */
			(*badp)++;
			if (err != NULL && errlen > 0 && err[0] == '\0')
				strlcpy(err, msg, errlen);
			continue;
		}
		strlcpy(err, msg, errlen);
		rv = -1;
	}
	device_store_keys_free(keys);
	return rv;
}
