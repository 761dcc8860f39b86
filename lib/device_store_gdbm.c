/*
 * device_store_gdbm.c: the GDBM back end of device_store: one database
 * file, key -> record YAML text, every call under one mutex (a GDBM handle
 * is not thread-safe), gdbm_sync() after each change unless NOSYNC.  GDBM
 * locks the file, so one process owns it; a second gets a clear error.
 */
#include "config.h"

#include <errno.h>
#include <gdbm.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/device_store.h"
#include "lib/device_store_int.h"
#include "lib/xmalloc.h"

struct gdbm_priv {
	GDBM_FILE	 db;
	pthread_mutex_t	 mtx;
};

static int
gd_fail(char *err, size_t errlen, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
gd_fail(char *err, size_t errlen, int errnum, const char *fmt, ...)
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

static datum
key_datum(const char *key)
{
	datum	d;

	d.dptr = (char *)(uintptr_t)key;
	d.dsize = (int)strlen(key);
	return d;
}

static int
gd_get(struct device_store *st, const char *key, char **textp, size_t *lenp,
    struct device_store_version *ver, char *err, size_t errlen)
{
	struct gdbm_priv	*g = st->priv;
	datum			 v;
	int			 rv = 0;

	pthread_mutex_lock(&g->mtx);
	v = gdbm_fetch(g->db, key_datum(key));
	if (v.dptr == NULL) {
		if (gdbm_last_errno(g->db) == GDBM_ITEM_NOT_FOUND)
			rv = gd_fail(err, errlen, ENOENT, "%s:%s: no such "
			    "device", st->path, key);
		else
			rv = gd_fail(err, errlen, EBADMSG, "%s:%s: %s",
			    st->path, key, gdbm_db_strerror(g->db));
		gdbm_clear_error(g->db);
	}
	pthread_mutex_unlock(&g->mtx);
	if (rv == -1)
		return -1;
	if (v.dsize < 0 || (size_t)v.dsize > DEVICE_RECORD_MAX) {
		free(v.dptr);
		return gd_fail(err, errlen, EBADMSG, "%s:%s: record too large",
		    st->path, key);
	}
	*textp = xmalloc((size_t)v.dsize + 1);
	memcpy(*textp, v.dptr, (size_t)v.dsize);
	(*textp)[v.dsize] = '\0';
	*lenp = (size_t)v.dsize;
	free(v.dptr);
	return 0;
}

static int
gd_put(struct device_store *st, const char *key, const char *text,
    size_t len, char *err, size_t errlen)
{
	struct gdbm_priv	*g = st->priv;
	datum			 v;
	int			 rv = 0;

	if (len > DEVICE_RECORD_MAX)
		return gd_fail(err, errlen, EFBIG, "%s: record too large", key);
	v.dptr = (char *)(uintptr_t)text;
	v.dsize = (int)len;
	pthread_mutex_lock(&g->mtx);
	if (gdbm_store(g->db, key_datum(key), v, GDBM_REPLACE) != 0 ||
	    (!(st->flags & DEVICE_STORE_NOSYNC) && gdbm_sync(g->db) != 0)) {
		rv = gd_fail(err, errlen, EIO, "%s:%s: %s", st->path, key,
		    gdbm_db_strerror(g->db));
		gdbm_clear_error(g->db);
	}
	pthread_mutex_unlock(&g->mtx);
	return rv;
}

static int
gd_del(struct device_store *st, const char *key, char *err, size_t errlen)
{
	struct gdbm_priv	*g = st->priv;
	int			 rv = 0;

	pthread_mutex_lock(&g->mtx);
	if (gdbm_delete(g->db, key_datum(key)) != 0) {
		if (gdbm_last_errno(g->db) == GDBM_ITEM_NOT_FOUND)
			rv = gd_fail(err, errlen, ENOENT, "%s:%s: no such "
			    "device", st->path, key);
		else
			rv = gd_fail(err, errlen, EIO, "%s:%s: %s", st->path,
			    key, gdbm_db_strerror(g->db));
		gdbm_clear_error(g->db);
	} else if (!(st->flags & DEVICE_STORE_NOSYNC))
		gdbm_sync(g->db);
	pthread_mutex_unlock(&g->mtx);
	return rv;
}

static bool
gd_exists(struct device_store *st, const char *key)
{
	struct gdbm_priv	*g = st->priv;
	bool			 rv;

	pthread_mutex_lock(&g->mtx);
	rv = gdbm_exists(g->db, key_datum(key)) != 0;
	gdbm_clear_error(g->db);
	pthread_mutex_unlock(&g->mtx);
	return rv;
}

static int
gd_list(struct device_store *st, char ***keysp, size_t *np, char *err,
    size_t errlen)
{
	struct gdbm_priv	*g = st->priv;
	datum			 k, next;
	char			 key[DEVICE_KEY_MAX + 1];
	size_t			 cap = 0;
	int			 rv = 0;

	pthread_mutex_lock(&g->mtx);
	for (k = gdbm_firstkey(g->db); k.dptr != NULL; k = next) {
		if (k.dsize > 0 && (size_t)k.dsize <= DEVICE_KEY_MAX) {
			memcpy(key, k.dptr, (size_t)k.dsize);
			key[k.dsize] = '\0';
			if (strlen(key) == (size_t)k.dsize &&
			    device_key_is_valid(key))
				device_store_keys_add(keysp, np, &cap, key);
		}
		next = gdbm_nextkey(g->db, k);
		free(k.dptr);
	}
	if (gdbm_last_errno(g->db) != GDBM_ITEM_NOT_FOUND &&
	    gdbm_last_errno(g->db) != GDBM_NO_ERROR)
		rv = gd_fail(err, errlen, EIO, "%s: %s", st->path,
		    gdbm_db_strerror(g->db));
	gdbm_clear_error(g->db);
	pthread_mutex_unlock(&g->mtx);
	return rv;
}

static void
gd_close(struct device_store *st)
{
	struct gdbm_priv	*g = st->priv;

	gdbm_close(g->db);
	pthread_mutex_destroy(&g->mtx);
	free(g);
}

static const struct device_store_ops gdbm_ops = {
	gd_get, gd_put, gd_del, gd_exists, gd_list, gd_close, NULL, NULL
};

int
device_store_gdbm_open(struct device_store *st, char *err, size_t errlen)
{
	struct gdbm_priv	*g;
	int			 mode;

	if (st->flags & DEVICE_STORE_RDONLY)
		mode = GDBM_READER;
	else if (st->flags & DEVICE_STORE_CREATE)
		mode = GDBM_WRCREAT;
	else
		mode = GDBM_WRITER;
	g = xcalloc(1, sizeof(*g));
	g->db = gdbm_open(st->path, 0, mode | GDBM_CLOEXEC, 0640, NULL);
	if (g->db == NULL) {
		free(g);
		return gd_fail(err, errlen, errno != 0 ? errno : EIO,
		    "%s: %s%s", st->path, gdbm_strerror(gdbm_errno),
		    gdbm_errno == GDBM_CANT_BE_WRITER ||
		    gdbm_errno == GDBM_CANT_BE_READER ?
		    " (in use by another process?)" : "");
	}
	pthread_mutex_init(&g->mtx, NULL);
	st->priv = g;
	st->ops = &gdbm_ops;
	return 0;
}
