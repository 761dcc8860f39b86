/*
 * device_record_yaml.c: a device record as one YAML document (format 1):
 * key, id, times, the last Inform, tags, attributes, faults and the
 * parameter tree.  The reader checks every field's kind and length and
 * reports "name:line:col: message"; it never truncates silently.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/device_store.h"
#include "lib/param_tree.h"
#include "lib/yaml_doc.h"

#define DEVICE_RECORD_FORMAT	1

static void
write_inform(struct yaml_doc_writer *w, const struct device_inform *in)
{
	size_t	i;

	yaml_doc_str(w, "inform");
	yaml_doc_map_begin(w);
	yaml_doc_kv_int(w, "time", in->time);
	yaml_doc_kv_str(w, "current_time", in->current_time);
	yaml_doc_kv_int(w, "retry_count", in->retry_count);
	yaml_doc_kv_str(w, "conn_req_url", in->conn_req_url);
	yaml_doc_kv_str(w, "remote_addr", in->remote_addr);
	yaml_doc_str(w, "events");
	yaml_doc_seq_begin(w, false);
	for (i = 0; i < in->nevents; i++) {
		yaml_doc_map_begin_flow(w);
		yaml_doc_kv_str(w, "code", in->events[i].code);
		yaml_doc_kv_str(w, "command_key", in->events[i].command_key);
		yaml_doc_map_end(w);
	}
	yaml_doc_seq_end(w);
	yaml_doc_map_end(w);
}

static void
write_lists(struct yaml_doc_writer *w, const struct device_record *rec)
{
	const struct device_fault	*f;
	size_t				 i;

	yaml_doc_str(w, "tags");
	yaml_doc_seq_begin(w, true);
	for (i = 0; i < rec->ntags; i++)
		yaml_doc_str(w, rec->tags[i]);
	yaml_doc_seq_end(w);
	yaml_doc_str(w, "attrs");
	yaml_doc_map_begin(w);
	for (i = 0; i < rec->nattrs; i++)
		yaml_doc_kv_str(w, rec->attrs[i].name, rec->attrs[i].value);
	yaml_doc_map_end(w);
	yaml_doc_str(w, "faults");
	yaml_doc_seq_begin(w, false);
	for (i = 0; i < rec->nfaults; i++) {
		f = &rec->faults[i];
		yaml_doc_map_begin_flow(w);
		yaml_doc_kv_int(w, "time", f->time);
		yaml_doc_kv_int(w, "code", f->code);
		yaml_doc_kv_str(w, "string", f->string);
		yaml_doc_kv_str(w, "method", f->method);
		yaml_doc_map_end(w);
	}
	yaml_doc_seq_end(w);
}

char *
device_record_to_yaml(const struct device_record *rec, size_t *lenp)
{
	struct yaml_doc_writer	*w = yaml_doc_writer_new();
	char			*text;

	yaml_doc_map_begin(w);
	yaml_doc_kv_int(w, "format", DEVICE_RECORD_FORMAT);
	yaml_doc_kv_str(w, "key", rec->key);
	yaml_doc_str(w, "id");
	yaml_doc_map_begin_flow(w);
	yaml_doc_kv_str(w, "manufacturer", rec->id.manufacturer);
	yaml_doc_kv_str(w, "oui", rec->id.oui);
	yaml_doc_kv_str(w, "product_class", rec->id.product_class);
	yaml_doc_kv_str(w, "serial", rec->id.serial);
	yaml_doc_map_end(w);
	yaml_doc_kv_int(w, "created", rec->created);
	yaml_doc_kv_int(w, "updated", rec->updated);
	write_inform(w, &rec->inform);
	write_lists(w, rec);
	yaml_doc_str(w, "tree");
	param_tree_write_yaml(rec->tree, w);
	yaml_doc_map_end(w);
	text = yaml_doc_writer_finish(w, lenp);
	yaml_doc_writer_free(w);
	return text;
}

struct rd {
	const char	*name;
	char		*err;
	size_t		 errlen;
};

static int
rd_fail(struct rd *r, const struct yaml_doc_node *at, const char *what,
    const char *msg)
{
	yaml_doc_errorf(r->err, r->errlen, r->name, at, "%s: %s", what, msg);
	return -1;
}

static const struct yaml_doc_node *
rd_node(struct rd *r, const struct yaml_doc_node *map, const char *key,
    enum yaml_doc_kind kind, bool required)
{
	const struct yaml_doc_node	*v = yaml_doc_get(map, key);

	if (v == NULL || (!required && yaml_doc_is_null(v))) {
		if (required)
			rd_fail(r, map, key, "missing");
		return NULL;
	}
	if (v->kind != kind) {
		rd_fail(r, v, key, kind == YAML_DOC_MAP ? "mapping expected" :
		    kind == YAML_DOC_SEQ ? "list expected" :
		    "scalar expected");
		return NULL;
	}
	return v;
}

/* Copies map[key] into buf; absent optional fields give "". */
static int
rd_str(struct rd *r, const struct yaml_doc_node *map, const char *key,
    char *buf, size_t size)
{
	const struct yaml_doc_node	*v = yaml_doc_get(map, key);

	buf[0] = '\0';
	if (v == NULL || yaml_doc_is_null(v))
		return 0;
	if (v->kind != YAML_DOC_SCALAR)
		return rd_fail(r, v, key, "scalar expected");
	if (v->len >= size || strlen(v->str) != v->len)
		return rd_fail(r, v, key, "too long or binary");
	memcpy(buf, v->str, v->len + 1);
	return 0;
}

static int
rd_int(struct rd *r, const struct yaml_doc_node *map, const char *key,
    long long min, long long max, long long *out)
{
	const struct yaml_doc_node	*v = yaml_doc_get(map, key);
	const char			*errstr = NULL;

	*out = 0;
	if (v == NULL || yaml_doc_is_null(v))
		return 0;
	if (v->kind != YAML_DOC_SCALAR)
		return rd_fail(r, v, key, "number expected");
	*out = strtonum(v->str, min, max, &errstr);
	return errstr != NULL ? rd_fail(r, v, key, errstr) : 0;
}

static int
rd_id(struct rd *r, const struct yaml_doc_node *doc, struct device_id *id)
{
	const struct yaml_doc_node	*m;

	if ((m = rd_node(r, doc, "id", YAML_DOC_MAP, true)) == NULL)
		return -1;
	if (rd_str(r, m, "manufacturer", id->manufacturer,
	    sizeof(id->manufacturer)) == -1 ||
	    rd_str(r, m, "oui", id->oui, sizeof(id->oui)) == -1 ||
	    rd_str(r, m, "product_class", id->product_class,
	    sizeof(id->product_class)) == -1 ||
	    rd_str(r, m, "serial", id->serial, sizeof(id->serial)) == -1)
		return -1;
	return 0;
}

static int
rd_inform(struct rd *r, const struct yaml_doc_node *doc,
    struct device_inform *in)
{
	const struct yaml_doc_node	*m, *ev, *e;
	long long			 v;
	size_t				 i;

	if ((m = rd_node(r, doc, "inform", YAML_DOC_MAP, false)) == NULL)
		return r->err[0] != '\0' ? -1 : 0;
	if (rd_int(r, m, "time", 0, INT64_MAX, &v) == -1)
		return -1;
	in->time = v;
	if (rd_int(r, m, "retry_count", 0, UINT32_MAX, &v) == -1)
		return -1;
	in->retry_count = (unsigned int)v;
	if (rd_str(r, m, "current_time", in->current_time,
	    sizeof(in->current_time)) == -1 ||
	    rd_str(r, m, "conn_req_url", in->conn_req_url,
	    sizeof(in->conn_req_url)) == -1 ||
	    rd_str(r, m, "remote_addr", in->remote_addr,
	    sizeof(in->remote_addr)) == -1)
		return -1;
	if ((ev = rd_node(r, m, "events", YAML_DOC_SEQ, false)) == NULL)
		return r->err[0] != '\0' ? -1 : 0;
	if (ev->nitems > DEVICE_EVENTS_MAX)
		return rd_fail(r, ev, "events", "too many");
	for (i = 0; i < ev->nitems; i++) {
		e = ev->items[i];
		if (e->kind != YAML_DOC_MAP)
			return rd_fail(r, e, "events", "mapping expected");
		if (rd_str(r, e, "code", in->events[i].code,
		    sizeof(in->events[i].code)) == -1 ||
		    rd_str(r, e, "command_key", in->events[i].command_key,
		    sizeof(in->events[i].command_key)) == -1)
			return -1;
		in->nevents++;
	}
	return 0;
}

static int
rd_tags_attrs(struct rd *r, const struct yaml_doc_node *doc,
    struct device_record *rec)
{
	const struct yaml_doc_node	*l, *v;
	size_t				 i;

	if ((l = rd_node(r, doc, "tags", YAML_DOC_SEQ, false)) != NULL) {
		for (i = 0; i < l->nitems; i++) {
			v = l->items[i];
			if (v->kind != YAML_DOC_SCALAR ||
			    device_record_add_tag(rec, v->str) == -1)
				return rd_fail(r, v, "tags", "bad tag");
		}
	} else if (r->err[0] != '\0')
		return -1;
	if ((l = rd_node(r, doc, "attrs", YAML_DOC_MAP, false)) != NULL) {
		for (i = 0; i < l->npairs; i++) {
			v = l->pairs[i].value;
			if (v->kind != YAML_DOC_SCALAR ||
			    device_record_set_attr(rec, l->pairs[i].key->str,
			    v->str) == -1)
				return rd_fail(r, v, "attrs", "bad attribute");
		}
	} else if (r->err[0] != '\0')
		return -1;
	return 0;
}

static int
rd_faults(struct rd *r, const struct yaml_doc_node *doc,
    struct device_record *rec)
{
	const struct yaml_doc_node	*l, *f;
	struct device_fault		 df;
	long long			 t, code;
	size_t				 i;

	if ((l = rd_node(r, doc, "faults", YAML_DOC_SEQ, false)) == NULL)
		return r->err[0] != '\0' ? -1 : 0;
	for (i = 0; i < l->nitems; i++) {
		f = l->items[i];
		if (f->kind != YAML_DOC_MAP)
			return rd_fail(r, f, "faults", "mapping expected");
		if (rd_int(r, f, "time", 0, INT64_MAX, &t) == -1 ||
		    rd_int(r, f, "code", 0, UINT32_MAX, &code) == -1 ||
		    rd_str(r, f, "string", df.string, sizeof(df.string)) ==
		    -1 || rd_str(r, f, "method", df.method,
		    sizeof(df.method)) == -1)
			return -1;
		device_record_add_fault(rec, t, (unsigned int)code, df.string,
		    df.method);
	}
	return 0;
}

static int
rd_record(struct rd *r, const struct yaml_doc_node *doc,
    struct device_record *rec)
{
	long long	v;

	if (doc->kind != YAML_DOC_MAP)
		return rd_fail(r, doc, "record", "mapping expected");
	if (rd_int(r, doc, "format", 1, DEVICE_RECORD_FORMAT, &v) == -1)
		return -1;
	if (v != DEVICE_RECORD_FORMAT)
		return rd_fail(r, doc, "format", "missing or unsupported");
	if (rd_str(r, doc, "key", rec->key, sizeof(rec->key)) == -1)
		return -1;
	if (!device_key_is_valid(rec->key))
		return rd_fail(r, doc, "key", "missing or invalid");
	if (rd_id(r, doc, &rec->id) == -1 ||
	    rd_int(r, doc, "created", 0, INT64_MAX, &v) == -1)
		return -1;
	rec->created = v;
	if (rd_int(r, doc, "updated", 0, INT64_MAX, &v) == -1)
		return -1;
	rec->updated = v;
	if (rd_inform(r, doc, &rec->inform) == -1 ||
	    rd_tags_attrs(r, doc, rec) == -1 || rd_faults(r, doc, rec) == -1)
		return -1;
	return param_tree_read_yaml(rec->tree, yaml_doc_get(doc, "tree"),
	    r->name, r->err, r->errlen);
}

struct device_record *
device_record_from_yaml(const char *name, const char *text, size_t len,
    char *err, size_t errlen)
{
	struct rd		 r = { name, err, errlen };
	struct yaml_doc_node	*doc;
	struct device_record	*rec;
	char			 dummy[DEVICE_STORE_ERR_MAX];

	if (err == NULL || errlen == 0) {
		r.err = dummy;
		r.errlen = sizeof(dummy);
	}
	r.err[0] = '\0';
	if (len > DEVICE_RECORD_MAX) {
		yaml_doc_errorf(r.err, r.errlen, name, NULL, "record too large");
		return NULL;
	}
	if ((doc = yaml_doc_parse(name, text, len, r.err, r.errlen)) == NULL)
		return NULL;
	rec = device_record_new();
	if (rd_record(&r, doc, rec) == -1) {
		if (r.err[0] == '\0')
			yaml_doc_errorf(r.err, r.errlen, name, NULL,
			    "bad record");
		device_record_free(rec);
		rec = NULL;
	}
	yaml_doc_free(doc);
	return rec;
}
