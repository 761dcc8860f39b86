/*
 * param_tree_yaml.c: a parameter tree as YAML: one mapping from full name
 * to a small flow mapping {v, t, w, notify, acl, ts, next} with defaults
 * left out, in tree order.  Reading tolerates unknown keys (newer writers) but
 * not bad names, types or numbers.  It uses lib/yaml_doc types only.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/param_tree.h"
#include "lib/yaml_doc.h"

static int
write_one(struct yaml_doc_writer *w, const struct param *p)
{
	const char	*tn;

	yaml_doc_str(w, p->name);
	yaml_doc_map_begin_flow(w);
	if (p->type != PARAM_OBJECT) {
		yaml_doc_kv_str(w, "v", p->value);
		tn = param_type_name(p->type);
		if (p->type != PARAM_STRING && tn != NULL)
			yaml_doc_kv_str(w, "t", tn + 4);
	}
	if (p->writable)
		yaml_doc_kv_bool(w, "w", true);
	if (p->notification != 0)
		yaml_doc_kv_int(w, "notify", p->notification);
	if (p->access_list != NULL)
		yaml_doc_kv_str(w, "acl", p->access_list);
	if (p->mtime != 0)
		yaml_doc_kv_int(w, "ts", p->mtime);
	if (p->next_instance != 0)
		yaml_doc_kv_int(w, "next", p->next_instance);
	return yaml_doc_map_end(w);
}

int
param_tree_write_yaml(const struct param_tree *t, struct yaml_doc_writer *w)
{
	const struct param	*p;

	yaml_doc_map_begin(w);
	for (p = param_tree_first(t); p != NULL; p = param_tree_next(t, p))
		write_one(w, p);
	return yaml_doc_map_end(w);
}

static int
read_num(const struct yaml_doc_node *m, const char *key, long long min,
    long long max, long long *out, const char **errstr)
{
	const struct yaml_doc_node	*v = yaml_doc_get(m, key);

	if (v == NULL)
		return 0;
	if (v->kind != YAML_DOC_SCALAR) {
		*errstr = "number expected";
		return -1;
	}
	*out = strtonum(v->str, min, max, errstr);
	return *errstr != NULL ? -1 : 0;
}

static int
read_bool(const struct yaml_doc_node *m, const char *key, bool *out,
    const char **errstr)
{
	const char	*s;

	if (yaml_doc_get(m, key) == NULL)
		return 0;
	if ((s = yaml_doc_get_str(m, key)) == NULL ||
	    (strcmp(s, "true") != 0 && strcmp(s, "false") != 0)) {
		*errstr = "true or false expected";
		return -1;
	}
	*out = strcmp(s, "true") == 0;
	return 0;
}

static int
read_entry(struct param_tree *t, const char *name,
    const struct yaml_doc_node *m, const char **errstr)
{
	struct param		 e;
	const char		*tn;
	long long		 n = 0, ts = 0, next = 0;

	memset(&e, 0, sizeof(e));
	if (m->kind != YAML_DOC_MAP) {
		*errstr = "mapping expected";
		return -1;
	}
	if (read_bool(m, "w", &e.writable, errstr) == -1 ||
	    read_num(m, "notify", 0, 2, &n, errstr) == -1 ||
	    read_num(m, "ts", 0, INT64_MAX, &ts, errstr) == -1 ||
	    read_num(m, "next", 0, PARAM_INSTANCE_MAX, &next, errstr) == -1)
		return -1;
	e.name = (char *)(uintptr_t)name;
	e.type = PARAM_STRING;
	if ((tn = yaml_doc_get_str(m, "t")) != NULL &&
	    param_type_from_name(tn, &e.type) == -1) {
		*errstr = "unknown type";
		return -1;
	}
	if (param_name_is_object(name))
		e.type = PARAM_OBJECT;
	else if ((e.value = (char *)(uintptr_t)yaml_doc_get_str(m, "v")) ==
	    NULL) {
		*errstr = "value missing";
		return -1;
	}
	e.notification = (uint8_t)n;
	e.mtime = ts;
	e.next_instance = (uint32_t)next;
	e.access_list = (char *)(uintptr_t)yaml_doc_get_str(m, "acl");
	/* Stored trees are in tree order: param_tree_put() appends. */
	return param_tree_put(t, &e, errstr) != NULL ? 0 : -1;
}

int
param_tree_read_yaml(struct param_tree *t, const struct yaml_doc_node *map,
    const char *name, char *err, size_t errlen)
{
	const struct yaml_doc_pair	*pr;
	const char			*errstr = NULL;
	size_t				 i;

	if (map == NULL || yaml_doc_is_null(map))
		return 0;
	if (map->kind != YAML_DOC_MAP) {
		yaml_doc_errorf(err, errlen, name, map,
		    "parameter tree: mapping expected");
		return -1;
	}
	for (i = 0; i < map->npairs; i++) {
		pr = &map->pairs[i];
		if (read_entry(t, pr->key->str, pr->value, &errstr) == -1) {
			yaml_doc_errorf(err, errlen, name, pr->key, "%s: %s",
			    pr->key->str, errstr);
			return -1;
		}
	}
	return 0;
}
