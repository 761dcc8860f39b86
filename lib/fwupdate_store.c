/*
 * fwupdate_store.c: the updater's persisted records (FIRMWARE.md sections
 * 3.1 and 3.2).  Each record is a flat YAML mapping of scalars in the
 * device's fw/ directory, replaced atomically: temp file, fsync, rename,
 * fsync of the directory.  The journal, the per-bank image records and the
 * TransferComplete records are mapped onto it here.  It does not decide
 * anything: the state machine is in fwupdate.c and fwupdate_boot.c.
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

#include <yaml.h>

#include "lib/buf.h"
#include "lib/fwupdate.h"
#include "lib/fwupdate_int.h"
#include "lib/xmalloc.h"

void
fwupdate_rec_init(struct fwupdate_rec *r)
{
	memset(r, 0, sizeof(*r));
}

void
fwupdate_rec_set(struct fwupdate_rec *r, const char *key, const char *val)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->kv[i].key, key) == 0)
			break;
	if (i == r->n) {
		if (r->n == FWUPDATE_REC_KEYS_MAX)
			return;
		r->n++;
		strlcpy(r->kv[i].key, key, sizeof(r->kv[i].key));
	}
	strlcpy(r->kv[i].val, val, sizeof(r->kv[i].val));
}

void
fwupdate_rec_setu(struct fwupdate_rec *r, const char *key,
    unsigned long long v)
{
	char num[32];

	snprintf(num, sizeof(num), "%llu", v);
	fwupdate_rec_set(r, key, num);
}

const char *
fwupdate_rec_get(const struct fwupdate_rec *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->kv[i].key, key) == 0)
			return r->kv[i].val;
	return "";
}

unsigned long long
fwupdate_rec_getu(const struct fwupdate_rec *r, const char *key,
    unsigned long long max)
{
	const char *errstr;
	long long v;

	v = strtonum(fwupdate_rec_get(r, key), 0,
	    max > LLONG_MAX ? LLONG_MAX : (long long)max, &errstr);
	return errstr == NULL ? (unsigned long long)v : 0;
}

static int
emit_scalar(yaml_emitter_t *e, const char *s)
{
	yaml_event_t ev;

	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
	    (int)strlen(s), 1, 1, YAML_ANY_SCALAR_STYLE);
	return yaml_emitter_emit(e, &ev);
}

static int
emit_out(void *arg, unsigned char *data, size_t len)
{
	return buf_add(arg, data, len) == 0;
}

static int
rec_emit(const struct fwupdate_rec *r, struct buf *b)
{
	yaml_emitter_t e;
	yaml_event_t ev;
	size_t i;
	int ok;

	if (!yaml_emitter_initialize(&e))
		return -1;
	yaml_emitter_set_output(&e, emit_out, b);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	ok = yaml_emitter_emit(&e, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	ok = ok && yaml_emitter_emit(&e, &ev);
	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
	    YAML_BLOCK_MAPPING_STYLE);
	ok = ok && yaml_emitter_emit(&e, &ev);
	for (i = 0; i < r->n && ok; i++)
		ok = emit_scalar(&e, r->kv[i].key) &&
		    emit_scalar(&e, r->kv[i].val);
	yaml_mapping_end_event_initialize(&ev);
	ok = ok && yaml_emitter_emit(&e, &ev);
	yaml_document_end_event_initialize(&ev, 1);
	ok = ok && yaml_emitter_emit(&e, &ev);
	yaml_stream_end_event_initialize(&ev);
	ok = ok && yaml_emitter_emit(&e, &ev) && yaml_emitter_flush(&e);
	yaml_emitter_delete(&e);
	return ok ? 0 : -1;
}

int
fwupdate_sync_dir(struct fwupdate *fw)
{
	int fd, rv;

	if (fw->conf.nosync)
		return 0;
	fd = open(fw->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1)
		return -1;
	rv = fsync(fd);
	close(fd);
	return rv;
}

static int
write_atomic(struct fwupdate *fw, const char *name, const void *data,
    size_t len)
{
	char *tmp, *path;
	int fd, rv = -1;

	xasprintf(&tmp, "%s/.%s.tmp", fw->dir, name);
	xasprintf(&path, "%s/%s", fw->dir, name);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1)
		goto fail;
	if (write(fd, data, len) != (ssize_t)len ||
	    (!fw->conf.nosync && fsync(fd) == -1)) {
		close(fd);
		unlink(tmp);
		goto fail;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1 ||
	    fwupdate_sync_dir(fw) == -1)
		goto fail;
	rv = 0;
fail:
	free(tmp);
	free(path);
	return rv;
}

int
fwupdate_rec_save(struct fwupdate *fw, const char *name,
    const struct fwupdate_rec *r, const char **errstr)
{
	struct buf b;
	int rv;

	buf_init(&b, FWUPDATE_STATE_MAX);
	if (rec_emit(r, &b) == -1) {
		buf_clear(&b);
		*errstr = "cannot emit a state record";
		return -1;
	}
	rv = write_atomic(fw, name, b.data, b.len);
	buf_clear(&b);
	if (rv == -1)
		*errstr = "cannot write a state record";
	return rv;
}

static int
rec_parse(struct fwupdate_rec *r, const char *data, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	char key[FWUPDATE_REC_KEY_MAX];
	int depth = 0, rv = -1;
	bool havekey = false, done = false;

	if (!yaml_parser_initialize(&p))
		return -1;
	yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev))
			goto fail;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_MAPPING_START_EVENT:
			if (++depth > 1) {
				yaml_event_delete(&ev);
				goto fail;
			}
			break;
		case YAML_SCALAR_EVENT:
			if (depth != 1)
				break;
			if (!havekey)
				strlcpy(key, (char *)ev.data.scalar.value,
				    sizeof(key));
			else
				fwupdate_rec_set(r, key,
				    (char *)ev.data.scalar.value);
			havekey = !havekey;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_ALIAS_EVENT:
			yaml_event_delete(&ev);
			goto fail;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	rv = 0;
fail:
	yaml_parser_delete(&p);
	return rv;
}

/* Returns 1 if loaded, 0 if the record does not exist, -1 on error. */
int
fwupdate_rec_load(struct fwupdate *fw, const char *name,
    struct fwupdate_rec *r, const char **errstr)
{
	char *path, *data;
	struct stat st;
	ssize_t n;
	int fd, rv = -1;

	fwupdate_rec_init(r);
	xasprintf(&path, "%s/%s", fw->dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd == -1) {
		if (errno == ENOENT)
			return 0;
		*errstr = "cannot open a state record";
		return -1;
	}
	if (fstat(fd, &st) == -1 || st.st_size > FWUPDATE_STATE_MAX) {
		close(fd);
		*errstr = "state record too large";
		return -1;
	}
	data = xmalloc((size_t)st.st_size + 1);
	n = read(fd, data, (size_t)st.st_size);
	close(fd);
	if (n == st.st_size && rec_parse(r, data, (size_t)n) == 0)
		rv = 1;
	else
		*errstr = "state record damaged";
	free(data);
	return rv;
}

int
fwupdate_rec_remove(struct fwupdate *fw, const char *name,
    const char **errstr)
{
	char *path;
	int rv;

	xasprintf(&path, "%s/%s", fw->dir, name);
	rv = unlink(path);
	free(path);
	if (rv == -1 && errno != ENOENT) {
		*errstr = "cannot remove a state record";
		return -1;
	}
	if (fwupdate_sync_dir(fw) == -1) {
		*errstr = "cannot sync the state directory";
		return -1;
	}
	return 0;
}

bool
fwupdate_rec_exists(struct fwupdate *fw, const char *name)
{
	struct stat st;
	char *path;
	bool rv;

	xasprintf(&path, "%s/%s", fw->dir, name);
	rv = stat(path, &st) == 0;
	free(path);
	return rv;
}
