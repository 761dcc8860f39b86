/*
 * files.c: the file server CPEs use for Download (GET and HEAD with a
 * single Range, CWMP.md section 10) and the receiver for Upload (PUT).
 * Paths come from the URL after libmicrohttpd unescaped it; every
 * component is checked (no "..", no ".", no empty or hidden names) and
 * opened below the configured root only, so nothing escapes it.  Uploads
 * go to a temporary file and are linked into place once complete; a
 * partial upload leaves nothing behind.  It has no authentication of its
 * own and does no directory listings.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "acs/acs.h"

#define FILES_RANGE_MAX 64

struct files_upload {
	int fd;
	char tmp[PATH_MAX];
	char final[PATH_MAX];
	long long size;
	long long max;
	int error;
};

static int
files_has_prefix(const char *url, const char *prefix)
{
	return prefix != NULL && *prefix != '\0' &&
	    strncmp(url, prefix, strlen(prefix)) == 0;
}

int
files_is_download(struct acs_ctx *ctx, const char *url)
{
	return ctx->cfg->files.dir != NULL &&
	    files_has_prefix(url, ctx->cfg->files.url);
}

int
files_is_upload(struct acs_ctx *ctx, const char *url)
{
	return ctx->cfg->files.upload_dir != NULL &&
	    files_has_prefix(url, ctx->cfg->files.upload_url);
}

/* 1 if rel is a safe relative path: components of [^/], no dot names. */
int
files_path_ok(const char *rel)
{
	const char *p = rel, *e;

	if (*rel == '\0' || strlen(rel) >= PATH_MAX / 2)
		return 0;
	while (*p != '\0') {
		e = strchr(p, '/');
		if (e == NULL)
			e = p + strlen(p);
		if (e == p || *p == '.')
			return 0;
		p = *e == '/' ? e + 1 : e;
		if (*e == '/' && *p == '\0')
			return 0;
	}
	return 1;
}

static int
files_queue_status(struct MHD_Connection *conn, int status, const char *msg)
{
	struct MHD_Response *r;
	enum MHD_Result rc;

	r = MHD_create_response_from_buffer(
	    strlen(msg), (void *)(uintptr_t)msg, MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain");
	rc = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return rc;
}

/*
 * Parses "bytes=a-b", "bytes=a-" or "bytes=-n" against size.  Returns 1
 * with [*off, *off + *len) for a satisfiable range, 0 for no usable Range
 * header (serve it all), -1 for an unsatisfiable one.
 */
static int
files_range(const char *h, uint64_t size, uint64_t *off, uint64_t *len)
{
	char spec[FILES_RANGE_MAX], *dash, *end;
	unsigned long long a, b;

	if (h == NULL || strncmp(h, "bytes=", 6) != 0 ||
	    strlcpy(spec, h + 6, sizeof(spec)) >= sizeof(spec) ||
	    strchr(spec, ',') != NULL || (dash = strchr(spec, '-')) == NULL)
		return 0;
	*dash++ = '\0';
	errno = 0;
	if (spec[0] == '\0') {
		b = strtoull(dash, &end, 10);
		if (*dash == '\0' || *end != '\0' || errno != 0 || b == 0)
			return b == 0 && *end == '\0' ? -1 : 0;
		a = b >= size ? 0 : size - b;
		b = size - 1;
	} else {
		a = strtoull(spec, &end, 10);
		if (*end != '\0' || errno != 0)
			return 0;
		if (a >= size)
			return -1;
		b = *dash == '\0' ? size - 1 : strtoull(dash, &end, 10);
		if ((*dash != '\0' && *end != '\0') || errno != 0 || b < a)
			return 0;
		if (b >= size)
			b = size - 1;
	}
	if (size == 0 || a >= size)
		return -1;
	*off = a;
	*len = b - a + 1;
	return 1;
}

/* Symbolic links inside the root must not lead out of it. */
static bool
files_beneath(const char *root, const char *path)
{
	char r[PATH_MAX], p[PATH_MAX];
	size_t n;

	if (realpath(root, r) == NULL || realpath(path, p) == NULL)
		return false;
	n = strlen(r);
	return strncmp(p, r, n) == 0 && p[n] == '/';
}

static int
files_open(struct acs_ctx *ctx, const char *rel, struct stat *st)
{
	char path[PATH_MAX];
	int fd;

	if (!files_path_ok(rel) ||
	    snprintf(path, sizeof(path), "%s/%s", ctx->cfg->files.dir, rel) >=
	        (int)sizeof(path))
		return -1;
	if (!files_beneath(ctx->cfg->files.dir, path))
		return -1;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return -1;
	if (fstat(fd, st) == -1 || !S_ISREG(st->st_mode)) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
files_add_range_headers(
    struct MHD_Response *r, uint64_t off, uint64_t len, uint64_t size)
{
	char cr[96];

	snprintf(cr, sizeof(cr), "bytes %" PRIu64 "-%" PRIu64 "/%" PRIu64, off,
	    off + len - 1, size);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_RANGE, cr);
}

int
files_serve(struct acs_ctx *ctx, struct MHD_Connection *conn, const char *url,
    bool head)
{
	struct MHD_Response *r;
	struct stat st;
	uint64_t off = 0, len;
	int fd, rg, status = MHD_HTTP_OK, rc;
	char etag[64], cr[64];

	fd = files_open(ctx, url + strlen(ctx->cfg->files.url), &st);
	if (fd == -1)
		return files_queue_status(
		    conn, MHD_HTTP_NOT_FOUND, "not found\n");
	len = st.st_size;
	rg = files_range(http_header(conn, "Range"), st.st_size, &off, &len);
	if (rg == -1) {
		close(fd);
		r = MHD_create_response_from_buffer(
		    0, NULL, MHD_RESPMEM_PERSISTENT);
		snprintf(cr, sizeof(cr), "bytes */%lld", (long long)st.st_size);
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_RANGE, cr);
		rc =
		    MHD_queue_response(conn, MHD_HTTP_RANGE_NOT_SATISFIABLE, r);
		MHD_destroy_response(r);
		return rc;
	}
	if (rg == 1)
		status = MHD_HTTP_PARTIAL_CONTENT;
	/* MHD sends no body for HEAD but keeps the Content-Length. */
	r = MHD_create_response_from_fd_at_offset64(len, fd, off);
	if (r == NULL) {
		close(fd);
		return MHD_NO;
	}
	(void)head;
	if (rg == 1)
		files_add_range_headers(r, off, len, st.st_size);
	snprintf(etag, sizeof(etag), "\"%llx-%llx\"",
	    (unsigned long long)st.st_size, (unsigned long long)st.st_mtime);
	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
	MHD_add_response_header(r, MHD_HTTP_HEADER_ACCEPT_RANGES, "bytes");
	MHD_add_response_header(
	    r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/octet-stream");
	rc = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return rc;
}

/* Creates the directories of rel below root (mode 0750). */
static int
files_mkdirs(const char *root, const char *rel)
{
	char path[PATH_MAX], *p;

	if (snprintf(path, sizeof(path), "%s/%s", root, rel) >=
	    (int)sizeof(path))
		return -1;
	for (p = path + strlen(root) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(path, 0750) == -1 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

struct files_upload *
files_upload_new(struct acs_ctx *ctx, const char *url, int *status)
{
	struct files_upload *up;
	const char *rel = url + strlen(ctx->cfg->files.upload_url);
	char rnd[17];

	*status = 0;
	if (!files_path_ok(rel) ||
	    files_mkdirs(ctx->cfg->files.upload_dir, rel) == -1) {
		*status = MHD_HTTP_FORBIDDEN;
		return NULL;
	}
	up = xcalloc(1, sizeof(*up));
	up->max = ctx->cfg->files.upload_max;
	acs_random_hex(rnd, 8);
	if (snprintf(up->final, sizeof(up->final), "%s/%s",
	        ctx->cfg->files.upload_dir, rel) >= (int)sizeof(up->final) ||
	    snprintf(up->tmp, sizeof(up->tmp), "%s/.upload.%s",
	        ctx->cfg->files.upload_dir, rnd) >= (int)sizeof(up->tmp))
		goto fail;
	up->fd = open(up->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (up->fd == -1) {
		log_warn("upload %s", up->tmp);
		goto fail;
	}
	return up;
fail:
	free(up);
	*status = MHD_HTTP_INTERNAL_SERVER_ERROR;
	return NULL;
}

int
files_upload_add(struct files_upload *up, const char *data, size_t len)
{
	ssize_t n;

	if (up->error != 0)
		return up->error;
	if ((long long)len > up->max - up->size) {
		up->error = MHD_HTTP_CONTENT_TOO_LARGE;
		return up->error;
	}
	while (len > 0) {
		n = write(up->fd, data, len);
		if (n == -1) {
			log_warn("upload %s", up->final);
			up->error = MHD_HTTP_INTERNAL_SERVER_ERROR;
			return up->error;
		}
		data += n;
		len -= n;
		up->size += n;
	}
	return 0;
}

/* Returns the HTTP status to answer. */
int
files_upload_finish(struct files_upload *up)
{
	if (up->error != 0)
		return up->error;
	if (fsync(up->fd) == -1 || rename(up->tmp, up->final) == -1) {
		log_warn("upload %s", up->final);
		return MHD_HTTP_INTERNAL_SERVER_ERROR;
	}
	up->tmp[0] = '\0';
	log_info("upload %s: %lld bytes", up->final, up->size);
	return MHD_HTTP_CREATED;
}

void
files_upload_free(struct files_upload *up)
{
	if (up == NULL)
		return;
	if (up->fd != -1)
		close(up->fd);
	if (up->tmp[0] != '\0')
		unlink(up->tmp);
	free(up);
}
