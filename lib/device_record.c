/*
 * device_record.c: device records in memory: DeviceId normalisation, the
 * device key (CWMP.md 8.2), tags, attributes and the bounded fault
 * history.  Serialisation is in device_record_yaml.c; storage in
 * device_store*.c.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/device_store.h"
#include "lib/param_tree.h"
#include "lib/xmalloc.h"

static void
trim(char *s)
{
	size_t	len = strlen(s), start = 0;

	while (len > 0 && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	while (isspace((unsigned char)s[start]))
		start++;
	if (start > 0)
		memmove(s, s + start, len - start + 1);
}

void
device_id_normalize(struct device_id *id)
{
	char	*p;

	trim(id->manufacturer);
	trim(id->oui);
	trim(id->product_class);
	trim(id->serial);
	for (p = id->oui; *p != '\0'; p++)
		*p = (char)toupper((unsigned char)*p);
}

static int
key_add(char *key, size_t len, size_t *pos, const char *s)
{
	static const char	hex[] = "0123456789ABCDEF";
	unsigned char		c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (isalnum(c) || c == '_') {
			if (*pos + 1 >= len)
				return -1;
			key[(*pos)++] = (char)c;
			continue;
		}
		if (*pos + 3 >= len)
			return -1;
		key[(*pos)++] = '%';
		key[(*pos)++] = hex[c >> 4];
		key[(*pos)++] = hex[c & 15];
	}
	return 0;
}

int
device_key_make(const struct device_id *id, char *key, size_t len)
{
	size_t	pos = 0;

	if (len == 0 || id->oui[0] == '\0' || id->serial[0] == '\0')
		return -1;
	if (key_add(key, len, &pos, id->oui) == -1 || pos + 1 >= len)
		return -1;
	key[pos++] = '-';
	if (id->product_class[0] != '\0') {
		if (key_add(key, len, &pos, id->product_class) == -1 ||
		    pos + 1 >= len)
			return -1;
		key[pos++] = '-';
	}
	if (key_add(key, len, &pos, id->serial) == -1)
		return -1;
	key[pos] = '\0';
	return 0;
}

bool
device_key_is_valid(const char *key)
{
	size_t	len = strlen(key), i;

	if (len == 0 || len > DEVICE_KEY_MAX || key[0] == '-')
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)key[i]) && key[i] != '_' &&
		    key[i] != '%' && key[i] != '-')
			return false;
	return true;
}

struct device_record *
device_record_new(void)
{
	struct device_record	*rec;

	rec = xcalloc(1, sizeof(*rec));
	rec->tree = param_tree_new();
	return rec;
}

void
device_record_free(struct device_record *rec)
{
	if (rec == NULL)
		return;
	param_tree_free(rec->tree);
	free(rec->attrs);
	free(rec);
}

int
device_record_set_id(struct device_record *rec, const struct device_id *id)
{
	rec->id = *id;
	device_id_normalize(&rec->id);
	return device_key_make(&rec->id, rec->key, sizeof(rec->key));
}

void
device_record_add_fault(struct device_record *rec, int64_t time,
    unsigned int code, const char *string, const char *method)
{
	struct device_fault	*f;

	if (rec->nfaults == DEVICE_FAULTS_MAX) {
		memmove(&rec->faults[0], &rec->faults[1],
		    (DEVICE_FAULTS_MAX - 1) * sizeof(rec->faults[0]));
		rec->nfaults--;
	}
	f = &rec->faults[rec->nfaults++];
	memset(f, 0, sizeof(*f));
	f->time = time;
	f->code = code;
	strlcpy(f->string, string != NULL ? string : "", sizeof(f->string));
	strlcpy(f->method, method != NULL ? method : "", sizeof(f->method));
}

int
device_record_add_tag(struct device_record *rec, const char *tag)
{
	if (device_record_has_tag(rec, tag))
		return 0;
	if (rec->ntags == DEVICE_TAGS_MAX || *tag == '\0' ||
	    strlen(tag) > DEVICE_TAG_MAX)
		return -1;
	strlcpy(rec->tags[rec->ntags++], tag, sizeof(rec->tags[0]));
	return 0;
}

bool
device_record_has_tag(const struct device_record *rec, const char *tag)
{
	size_t	i;

	for (i = 0; i < rec->ntags; i++)
		if (strcmp(rec->tags[i], tag) == 0)
			return true;
	return false;
}

void
device_record_del_tag(struct device_record *rec, const char *tag)
{
	size_t	i;

	for (i = 0; i < rec->ntags; i++) {
		if (strcmp(rec->tags[i], tag) != 0)
			continue;
		memmove(rec->tags[i], rec->tags[i + 1],
		    (rec->ntags - i - 1) * sizeof(rec->tags[0]));
		rec->ntags--;
		return;
	}
}

static struct device_attr *
attr_find(const struct device_record *rec, const char *name)
{
	size_t	i;

	for (i = 0; i < rec->nattrs; i++)
		if (strcmp(rec->attrs[i].name, name) == 0)
			return (struct device_attr *)(uintptr_t)&rec->attrs[i];
	return NULL;
}

int
device_record_set_attr(struct device_record *rec, const char *name,
    const char *value)
{
	struct device_attr	*a = attr_find(rec, name);
	size_t			 i;

	if (value == NULL) {
		if (a != NULL) {
			i = (size_t)(a - rec->attrs);
			memmove(a, a + 1, (rec->nattrs - i - 1) * sizeof(*a));
			rec->nattrs--;
		}
		return 0;
	}
	if (*name == '\0' || strlen(name) > DEVICE_ATTR_NAME_MAX ||
	    strlen(value) > DEVICE_ATTR_VALUE_MAX)
		return -1;
	if (a == NULL) {
		if (rec->nattrs == DEVICE_ATTRS_MAX)
			return -1;
		if (rec->nattrs == rec->attrs_cap) {
			rec->attrs_cap = rec->attrs_cap == 0 ? 4 :
			    rec->attrs_cap * 2;
			if (rec->attrs_cap > DEVICE_ATTRS_MAX)
				rec->attrs_cap = DEVICE_ATTRS_MAX;
			rec->attrs = xreallocarray(rec->attrs, rec->attrs_cap,
			    sizeof(*rec->attrs));
		}
		a = &rec->attrs[rec->nattrs++];
		strlcpy(a->name, name, sizeof(a->name));
	}
	strlcpy(a->value, value, sizeof(a->value));
	return 0;
}

const char *
device_record_get_attr(const struct device_record *rec, const char *name)
{
	const struct device_attr	*a = attr_find(rec, name);

	return a != NULL ? a->value : NULL;
}
