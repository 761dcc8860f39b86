/*
 * backend.c: acsd's view of its two stores: device records
 * (lib/device_store, YAML files or GDBM) and the job spool (lib/dirqueue).
 * A session loads its device's record at the Inform, changes it in memory
 * as answers arrive, and writes it back when it changed: at the Inform,
 * before a job leaves the queue, and when the session ends, always under
 * the device's session lock (CWMP.md 12, rule 10).  Every Inform stores
 * its events, its parameters with their types and the
 * ConnectionRequestURL; relative names such as Thomson's
 * ".ExternalIPAddress" are kept as attributes, never as tree paths.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/device_store.h"
#include "lib/dirqueue.h"
#include "lib/log.h"
#include "lib/param_tree.h"
#include "lib/xmalloc.h"
#include "acs/acs.h"

#define BACKEND_ALIAS_PREFIX "alias"
#define BACKEND_METHODS_ATTR "rpc_methods"

struct acs_backend {
	struct dirqueue *dq;
	struct device_store *st;
	struct backend_cache *cache; /* NULL: off */
	bool shared; /* other writers: check a copy before using it */
};

int
backend_open(struct acs_ctx *ctx)
{
	struct acs_config_store *cs = &ctx->cfg->store;
	const char *errstr;
	char err[DEVICE_STORE_ERR_MAX];

	ctx->backend = xcalloc(1, sizeof(*ctx->backend));
	ctx->backend->dq = dirqueue_open(cs->spool, NULL,
	    DIRQUEUE_CREATE | (cs->fsync ? 0 : DIRQUEUE_NOSYNC), &errstr);
	if (ctx->backend->dq == NULL) {
		log_warnx("spool %s: %s", cs->spool, errstr);
		return -1;
	}
	ctx->backend->st = device_store_open(cs->backend == ACS_STORE_GDBM ?
	        DEVICE_STORE_GDBM :
	        DEVICE_STORE_YAML,
	    cs->path,
	    DEVICE_STORE_CREATE | (cs->fsync ? 0 : DEVICE_STORE_NOSYNC), err,
	    sizeof(err));
	if (ctx->backend->st == NULL) {
		log_warnx("%s", err);
		return -1;
	}
	/*
	 * With other writers a copy is checked against the stored file's
	 * version before use; GDBM has none to check, but then there is
	 * only one process anyway (GDBM locks the file).
	 */
	ctx->backend->shared =
	    cs->shared && cs->backend != ACS_STORE_GDBM;
	if (cs->cache_records > 0)
		ctx->backend->cache = backend_cache_new(
		    (size_t)cs->cache_records);
	return 0;
}

void
backend_close(struct acs_ctx *ctx)
{
	if (ctx->backend == NULL)
		return;
	if (ctx->backend->st != NULL)
		device_store_close(ctx->backend->st);
	if (ctx->backend->dq != NULL)
		dirqueue_free(ctx->backend->dq);
	backend_cache_free(ctx->backend->cache);
	free(ctx->backend);
	ctx->backend = NULL;
}

struct dirqueue *
backend_queue(struct acs_ctx *ctx)
{
	return ctx->backend->dq;
}

static void
backend_copy_id(struct device_id *id, const struct cwmp_device_id *cid)
{
	memset(id, 0, sizeof(*id));
	strlcpy(id->manufacturer,
	    cid->manufacturer != NULL ? cid->manufacturer : "",
	    sizeof(id->manufacturer));
	strlcpy(id->oui, cid->oui != NULL ? cid->oui : "", sizeof(id->oui));
	strlcpy(id->product_class,
	    cid->product_class != NULL ? cid->product_class : "",
	    sizeof(id->product_class));
	strlcpy(id->serial,
	    cid->serial_number != NULL ? cid->serial_number : "",
	    sizeof(id->serial));
}

/* The device key of an Inform's DeviceId (CWMP.md 8.2). */
int
backend_device_key(const struct cwmp_device_id *cid, char *key, size_t len)
{
	struct device_id id;

	backend_copy_id(&id, cid);
	device_id_normalize(&id);
	if (device_key_make(&id, key, len) == -1 || !device_key_is_valid(key))
		return -1;
	return 0;
}

static enum param_type
backend_type(const char *xsi)
{
	enum param_type t;

	if (xsi == NULL || param_type_from_name(xsi, &t) == -1)
		return PARAM_ANY;
	return t;
}

/* Sets one value; relative or invalid names become attributes. */
static void
backend_set(struct acs_session *s, const struct cwmp_param_value *pv)
{
	const char *errstr;
	char attr[DEVICE_ATTR_NAME_MAX + 1];

	if (pv->name == NULL || *pv->name == '\0')
		return;
	if (param_tree_set(s->rec->tree, pv->name,
	        pv->value != NULL ? pv->value : "", backend_type(pv->type),
	        &errstr) == 0)
		return;
	if (pv->name[0] == '.' &&
	    snprintf(attr, sizeof(attr), "%s%s", BACKEND_ALIAS_PREFIX,
	        pv->name) < (int)sizeof(attr) &&
	    device_record_set_attr(s->rec, attr, pv->value) == 0)
		return;
	log_debug("%s: %s: %s: %s", __func__, s->device, pv->name, errstr);
}

void
backend_values(struct acs_ctx *ctx, struct acs_session *s,
    const struct cwmp_param_values *pv)
{
	size_t i;

	if (s->rec == NULL)
		return;
	for (i = 0; i < pv->n; i++)
		backend_set(s, &pv->v[i]);
	s->rec_dirty = true;
}

void
backend_names(struct acs_ctx *ctx, struct acs_session *s,
    const struct cwmp_param_infos *pi)
{
	struct param *p;
	const char *name, *errstr;
	size_t i;

	if (s->rec == NULL)
		return;
	for (i = 0; i < pi->n; i++) {
		name = pi->v[i].name;
		if (name == NULL || *name == '\0')
			continue;
		if (param_name_is_object(name))
			p = param_tree_add_object(
			    s->rec->tree, name, pi->v[i].writable, &errstr);
		else {
			p = param_tree_get(s->rec->tree, name);
			if (p == NULL &&
			    param_tree_set(s->rec->tree, name, "", PARAM_ANY,
			        &errstr) == 0)
				p = param_tree_get(s->rec->tree, name);
		}
		if (p != NULL)
			p->writable = pi->v[i].writable;
	}
	s->rec_dirty = true;
}

void
backend_methods(
    struct acs_ctx *ctx, struct acs_session *s, const struct cwmp_strlist *l)
{
	char v[DEVICE_ATTR_VALUE_MAX + 1] = "";
	size_t i;

	if (s->rec == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		if (i > 0)
			strlcat(v, ",", sizeof(v));
		strlcat(v, l->v[i], sizeof(v));
	}
	device_record_set_attr(s->rec, BACKEND_METHODS_ATTR, v);
	s->rec_dirty = true;
}

static void
backend_attr(struct acs_session *s, const char *name, const char *v)
{
	device_record_set_attr(s->rec, name, v != NULL ? v : "");
}

/* TransferComplete details where the NBI and rules see them (CWMP.md 10). */
int
backend_transfer(
    struct acs_ctx *ctx, struct acs_session *s, const struct cwmp_msg *m)
{
	const struct cwmp_fault_struct *f;
	char code[16];
	bool tc = m->method == CWMP_TRANSFER_COMPLETE;

	if (s->rec == NULL)
		return -1;
	f = tc ? &m->tc.fault : &m->atc.fault;
	snprintf(code, sizeof(code), "%d", f->code);
	backend_attr(s, "transfer.method", cwmp_method_name(m->method));
	backend_attr(s, "transfer.command_key", tc ? m->tc.command_key : "");
	backend_attr(s, "transfer.url", tc ? "" : m->atc.transfer_url);
	backend_attr(s, "transfer.fault_code", code);
	backend_attr(s, "transfer.fault_string", f->string);
	backend_attr(s, "transfer.start_time",
	    tc ? m->tc.start_time : m->atc.start_time);
	backend_attr(s, "transfer.complete_time",
	    tc ? m->tc.complete_time : m->atc.complete_time);
	if (f->code != 0)
		device_record_add_fault(s->rec, time(NULL), f->code,
		    f->string != NULL ? f->string : "",
		    cwmp_method_name(m->method));
	log_info("%s: %s %s: fault %d", s->device, cwmp_method_name(m->method),
	    tc && m->tc.command_key != NULL ? m->tc.command_key : "", f->code);
	s->rec_dirty = true;
	return backend_flush(ctx, s);
}

void
backend_fault(struct acs_ctx *ctx, struct acs_session *s,
    const struct cwmp_fault *f, const char *method)
{
	if (s->rec == NULL)
		return;
	device_record_add_fault(s->rec, time(NULL), f->code,
	    f->string != NULL ? f->string : "", method != NULL ? method : "");
	s->rec_dirty = true;
}

static void
backend_inform_fields(struct acs_session *s, const struct cwmp_msg *m)
{
	const struct cwmp_inform *in = &m->inform;
	struct device_inform *di = &s->rec->inform;
	size_t i;

	memset(di, 0, sizeof(*di));
	di->time = time(NULL);
	strlcpy(di->current_time,
	    in->current_time != NULL ? in->current_time : "",
	    sizeof(di->current_time));
	di->retry_count = in->retry_count;
	for (i = 0; i < in->events.n && i < DEVICE_EVENTS_MAX; i++) {
		strlcpy(di->events[i].code,
		    in->events.v[i].code != NULL ? in->events.v[i].code : "",
		    sizeof(di->events[i].code));
		strlcpy(di->events[i].command_key,
		    in->events.v[i].command_key != NULL ?
		        in->events.v[i].command_key :
		        "",
		    sizeof(di->events[i].command_key));
	}
	di->nevents = i;
	strlcpy(di->remote_addr, s->remote, sizeof(di->remote_addr));
	for (i = 0; i < in->params.n; i++) {
		const char *n = in->params.v[i].name;
		size_t len = n != NULL ? strlen(n) : 0;

		if (len >= 21 &&
		    strcmp(n + len - 21, ".ConnectionRequestURL") == 0)
			strlcpy(di->conn_req_url,
			    in->params.v[i].value != NULL ?
			        in->params.v[i].value :
			        "",
			    sizeof(di->conn_req_url));
	}
}

/* A fresh record, or the stored one; a corrupt one is replaced. */
static int
backend_load(struct acs_ctx *ctx, struct acs_session *s,
    const struct cwmp_msg *m, bool *is_new)
{
	struct device_id id;
	char err[DEVICE_STORE_ERR_MAX];

	*is_new = false;
	s->rec = backend_cache_take(ctx->backend->cache, s->device, &s->rec_ver);
	if (s->rec != NULL) {
		/* Ours alone, or unchanged since we read or wrote it. */
		if (!ctx->backend->shared ||
		    device_store_unchanged(ctx->backend->st, s->device,
		        &s->rec_ver, err, sizeof(err)) == 1)
			return 0;
		log_debug("%s: record changed in the store, read again",
		    s->device);
		device_record_free(s->rec);
		s->rec = NULL;
	}
	if (device_store_get_version(ctx->backend->st, s->device, &s->rec,
	        &s->rec_ver, err, sizeof(err)) == 0)
		return 0;
	if (errno != ENOENT)
		log_warnx("%s; starting a new record", err);
	else
		*is_new = true;
	s->rec = device_record_new();
	backend_copy_id(&id, &m->inform.device_id);
	if (device_record_set_id(s->rec, &id) == -1) {
		device_record_free(s->rec);
		s->rec = NULL;
		return -1;
	}
	return 0;
}

/* True if the Inform's value equals the stored one. */
static bool
backend_same_value(struct acs_session *s, const struct cwmp_param_value *pv)
{
	const struct param *p;
	const char *v = pv->value != NULL ? pv->value : "", *a;
	char attr[DEVICE_ATTR_NAME_MAX + 1];
	enum param_type t = backend_type(pv->type);

	if (pv->name == NULL || *pv->name == '\0')
		return true;
	if (pv->name[0] == '.') {
		if (snprintf(attr, sizeof(attr), "%s%s", BACKEND_ALIAS_PREFIX,
		        pv->name) >= (int)sizeof(attr))
			return false;
		a = device_record_get_attr(s->rec, attr);
		return a != NULL && strcmp(a, v) == 0;
	}
	p = param_tree_get(s->rec->tree, pv->name);
	return p != NULL && p->value != NULL && strcmp(p->value, v) == 0 &&
	    (t == PARAM_ANY || t == p->type);
}

/* Same address, whatever the source port ("host:port", "[v6]:port"). */
static bool
backend_same_host(const char *a, const char *b)
{
	const char *ca = strrchr(a, ':'), *cb = strrchr(b, ':');
	size_t la = ca != NULL ? (size_t)(ca - a) : strlen(a);
	size_t lb = cb != NULL ? (size_t)(cb - b) : strlen(b);

	return la == lb && memcmp(a, b, la) == 0;
}

/*
 * True if the CPE's clock is as far from ours as at the stored Inform
 * (within 2 s), or both CurrentTimes are the same text (unknown, absent,
 * unparsable).
 */
static bool
backend_same_clock(const struct device_inform *di, const char *cur, time_t now)
{
	time_t a, b;
	int64_t d;

	if (cur == NULL)
		cur = "";
	if (strcmp(cur, di->current_time) == 0)
		return true;
	if (cwmp_datetime_is_unknown(cur) ||
	    cwmp_datetime_is_unknown(di->current_time) ||
	    cwmp_datetime_parse(cur, &a) == -1 ||
	    cwmp_datetime_parse(di->current_time, &b) == -1)
		return false;
	d = ((int64_t)a - (int64_t)now) - ((int64_t)b - di->time);
	return d >= -2 && d <= 2;
}

/*
 * True if the Inform only says that the device is still there: the same
 * events, source address (not port), RetryCount, clock offset and
 * parameter values as the stored Inform.
 */
static bool
backend_same_inform(
    struct acs_session *s, const struct cwmp_msg *m, time_t now)
{
	const struct cwmp_inform *in = &m->inform;
	const struct device_inform *di = &s->rec->inform;
	size_t i;

	if (in->events.n != di->nevents || in->retry_count != di->retry_count ||
	    !backend_same_host(di->remote_addr, s->remote) ||
	    !backend_same_clock(di, in->current_time, now))
		return false;
	for (i = 0; i < in->events.n; i++)
		if (strcmp(in->events.v[i].code != NULL ? in->events.v[i].code :
		        "", di->events[i].code) != 0 ||
		    strcmp(in->events.v[i].command_key != NULL ?
		        in->events.v[i].command_key : "",
		        di->events[i].command_key) != 0)
			return false;
	for (i = 0; i < in->params.n; i++)
		if (!backend_same_value(s, &in->params.v[i]))
			return false;
	return true;
}

/*
 * Stores an Inform.  One that only says the device is still there moves
 * the record's contact time alone (device_store_touch(): a few bytes
 * rewritten in place) and leaves the stored Inform as it was; within
 * store.contact_interval of the last full write it is not written at all
 * (acsd.yaml(5)).  Anything else rewrites the record.
 */
int
backend_inform(struct acs_ctx *ctx, struct acs_session *s,
    const struct cwmp_msg *m, bool *is_new)
{
	char err[DEVICE_STORE_ERR_MAX];
	int64_t iv = ctx->cfg->store.contact_interval / 1000;
	int64_t now;

	if (backend_load(ctx, s, m, is_new) == -1)
		return -1;
	now = (int64_t)time(NULL);
	if (!*is_new && backend_same_inform(s, m, (time_t)now)) {
		if (iv > 0 && s->rec->updated > 0 && now - s->rec->updated < iv) {
			if (now > s->rec->contact)
				s->rec->contact = now;
			return 0;
		}
		/* Its version matters only where others write too. */
		if (device_store_touch(ctx->backend->st, s->rec, now,
		        ctx->backend->shared ? &s->rec_ver : NULL, err,
		        sizeof(err)) == -1) {
			log_warnx("%s", err);
			return -1;
		}
		s->rec_dirty = false;
		return 0;
	}
	backend_inform_fields(s, m);
	s->rec->contact = s->rec->inform.time;
	backend_values(ctx, s, &m->inform.params);
	return backend_flush(ctx, s);
}

int
backend_flush(struct acs_ctx *ctx, struct acs_session *s)
{
	char err[DEVICE_STORE_ERR_MAX];

	if (s->rec == NULL || !s->rec_dirty)
		return 0;
	/* The new file's version is not known: the next load reads it. */
	s->rec_ver.valid = false;
	if (device_store_put(ctx->backend->st, s->rec, err, sizeof(err)) ==
	    -1) {
		log_warnx("%s", err);
		return -1;
	}
	s->rec_dirty = false;
	return 0;
}

/* Writes the record back; kept in memory only if it is what was stored. */
void
backend_session(struct acs_ctx *ctx, struct acs_session *s)
{
	if (s->rec == NULL)
		return;
	if (backend_flush(ctx, s) == 0)
		backend_cache_give(ctx->backend->cache, s->rec, &s->rec_ver);
	else
		device_record_free(s->rec);
	s->rec = NULL;
}

int
backend_cr_target(struct acs_ctx *ctx, const char *device, char *url,
    size_t urllen, char *user, size_t userlen, char *pass, size_t passlen)
{
	struct device_record *rec;
	const char *u, *p;
	char err[DEVICE_STORE_ERR_MAX];

	if (device_store_get(
	        ctx->backend->st, device, &rec, err, sizeof(err)) == -1)
		return -1;
	u = device_record_get_attr(rec, "cr.username");
	p = device_record_get_attr(rec, "cr.password");
	strlcpy(url, rec->inform.conn_req_url, urllen);
	strlcpy(user,
	    u != NULL                         ? u :
	        ctx->cfg->cr.username != NULL ? ctx->cfg->cr.username :
	                                        "",
	    userlen);
	strlcpy(pass,
	    p != NULL                         ? p :
	        ctx->cfg->cr.password != NULL ? ctx->cfg->cr.password :
	                                        "",
	    passlen);
	device_record_free(rec);
	return *url == '\0' ? -1 : 0;
}
