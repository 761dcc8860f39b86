/*
 * fwimage_manifest.c: the YAML codec of manifest.yaml (FIRMWARE.md section
 * 9).  The parser is pure and strict: one mapping with known keys only,
 * every string bounded and restricted to a safe character set, at most
 * FWIMAGE_COMPONENTS_MAX components.  The emitter uses the libyaml emitter.
 * It does not check signatures or hashes against data (fwimage.c does).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <yaml.h>

#include "lib/fwimage.h"

#define MANIFEST_FORMAT "anthill-image-1"

void
fwimage_sha256_hex(char buf[2 * FWIMAGE_SHA256_LEN + 1],
    const uint8_t digest[FWIMAGE_SHA256_LEN])
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < FWIMAGE_SHA256_LEN; i++) {
		buf[2 * i] = hex[digest[i] >> 4];
		buf[2 * i + 1] = hex[digest[i] & 0xf];
	}
	buf[2 * FWIMAGE_SHA256_LEN] = '\0';
}

void
fwimage_component_hash(struct fwimage_component *c, const void *data,
    size_t len)
{
	c->size = len;
	crypto_hash_sha256(c->sha256, data, len);
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static int
parse_sha256(uint8_t out[FWIMAGE_SHA256_LEN], const char *s)
{
	size_t i;
	int hi, lo;

	if (strlen(s) != 2 * FWIMAGE_SHA256_LEN)
		return -1;
	for (i = 0; i < FWIMAGE_SHA256_LEN; i++) {
		hi = hexval((unsigned char)s[2 * i]);
		lo = hexval((unsigned char)s[2 * i + 1]);
		if (hi == -1 || lo == -1)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

/* Names become archive members and partition names: [A-Za-z0-9._-]. */
static bool
name_is_safe(const char *s)
{
	if (*s == '\0' || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && strchr("._-", *s) == NULL)
			return false;
	return true;
}

/* Versions and models: printable ASCII without quotes or backslashes. */
static bool
text_is_safe(const char *s, bool empty_ok)
{
	if (*s == '\0')
		return empty_ok;
	for (; *s != '\0'; s++)
		if (*s < 0x20 || *s > 0x7e || *s == '"' || *s == '\\')
			return false;
	return true;
}

static const char *
scalar(yaml_document_t *doc, yaml_node_t *n, size_t max, const char **errstr)
{
	const char *s;

	if (n == NULL || n->type != YAML_SCALAR_NODE) {
		*errstr = "manifest: expected a scalar";
		return NULL;
	}
	s = (const char *)n->data.scalar.value;
	if (n->data.scalar.length >= max || strlen(s) != n->data.scalar.length) {
		*errstr = "manifest: value too long or has a NUL";
		return NULL;
	}
	return s;
}

static int
copy_scalar(char *dst, size_t dstlen, yaml_document_t *doc, yaml_node_t *n,
    const char **errstr)
{
	const char *s;

	if ((s = scalar(doc, n, dstlen, errstr)) == NULL)
		return -1;
	memcpy(dst, s, strlen(s) + 1);
	return 0;
}

static int
parse_uint(uint64_t *out, yaml_document_t *doc, yaml_node_t *n, uint64_t max,
    const char **errstr)
{
	const char *s, *e;
	long long v;

	if ((s = scalar(doc, n, 24, errstr)) == NULL)
		return -1;
	for (e = s; *e != '\0'; e++)
		if (!isdigit((unsigned char)*e)) {
			*errstr = "manifest: expected an unsigned number";
			return -1;
		}
	v = strtonum(s, 0, (long long)max, &e);
	if (e != NULL) {
		*errstr = "manifest: number out of range";
		return -1;
	}
	*out = (uint64_t)v;
	return 0;
}

static int
parse_component(struct fwimage_component *c, yaml_document_t *doc,
    yaml_node_t *n, const char **errstr)
{
	yaml_node_pair_t *p;
	yaml_node_t *k, *v;
	const char *key, *s;
	unsigned int seen = 0;

	if (n == NULL || n->type != YAML_MAPPING_NODE) {
		*errstr = "manifest: component is not a mapping";
		return -1;
	}
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	    p++) {
		k = yaml_document_get_node(doc, p->key);
		v = yaml_document_get_node(doc, p->value);
		if ((key = scalar(doc, k, 32, errstr)) == NULL)
			return -1;
		if (strcmp(key, "name") == 0 && !(seen & 1)) {
			seen |= 1;
			if (copy_scalar(c->name, sizeof(c->name), doc, v,
			    errstr) == -1)
				return -1;
		} else if (strcmp(key, "partition") == 0 && !(seen & 2)) {
			seen |= 2;
			if (copy_scalar(c->partition, sizeof(c->partition), doc,
			    v, errstr) == -1)
				return -1;
		} else if (strcmp(key, "size") == 0 && !(seen & 4)) {
			seen |= 4;
			if (parse_uint(&c->size, doc, v, FWIMAGE_COMPONENT_MAX,
			    errstr) == -1)
				return -1;
		} else if (strcmp(key, "sha256") == 0 && !(seen & 8)) {
			seen |= 8;
			if ((s = scalar(doc, v, 80, errstr)) == NULL)
				return -1;
			if (parse_sha256(c->sha256, s) == -1) {
				*errstr = "manifest: bad sha256";
				return -1;
			}
		} else {
			*errstr = "manifest: unknown or repeated component key";
			return -1;
		}
	}
	if (seen != 15) {
		*errstr = "manifest: component lacks name, partition, size "
		    "or sha256";
		return -1;
	}
	if (!name_is_safe(c->name) || !name_is_safe(c->partition)) {
		*errstr = "manifest: unsafe component or partition name";
		return -1;
	}
	return 0;
}

static int
parse_components(struct fwimage_manifest *m, yaml_document_t *doc,
    yaml_node_t *n, const char **errstr)
{
	yaml_node_item_t *it;
	size_t i, j;

	if (n == NULL || n->type != YAML_SEQUENCE_NODE) {
		*errstr = "manifest: components is not a list";
		return -1;
	}
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top;
	    it++) {
		if (m->ncomponents == FWIMAGE_COMPONENTS_MAX) {
			*errstr = "manifest: too many components";
			return -1;
		}
		if (parse_component(&m->components[m->ncomponents], doc,
		    yaml_document_get_node(doc, *it), errstr) == -1)
			return -1;
		m->ncomponents++;
	}
	for (i = 0; i < m->ncomponents; i++)
		for (j = 0; j < i; j++)
			if (strcmp(m->components[i].name,
			    m->components[j].name) == 0 ||
			    strcmp(m->components[i].partition,
			    m->components[j].partition) == 0) {
				*errstr = "manifest: duplicate component";
				return -1;
			}
	return 0;
}

static int
parse_hwrevs(struct fwimage_manifest *m, yaml_document_t *doc, yaml_node_t *n,
    const char **errstr)
{
	yaml_node_item_t *it;
	char *dst;

	if (n == NULL || n->type != YAML_SEQUENCE_NODE) {
		*errstr = "manifest: hw_revisions is not a list";
		return -1;
	}
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top;
	    it++) {
		if (m->nhw_revisions == FWIMAGE_HWREVS_MAX) {
			*errstr = "manifest: too many hw_revisions";
			return -1;
		}
		dst = m->hw_revisions[m->nhw_revisions];
		if (copy_scalar(dst, FWIMAGE_NAME_MAX, doc,
		    yaml_document_get_node(doc, *it), errstr) == -1)
			return -1;
		if (!name_is_safe(dst)) {
			*errstr = "manifest: bad hardware revision";
			return -1;
		}
		m->nhw_revisions++;
	}
	return 0;
}

/* One top-level key; *seen guards against repeats. */
static int
parse_top(struct fwimage_manifest *m, yaml_document_t *doc, const char *key,
    yaml_node_t *v, unsigned int *seen, const char **errstr)
{
	static const char *keys[] = { "format", "model", "hw_revisions",
		"version", "components", "boot_fail", "boot_fail_reason" };
	uint64_t u;
	const char *s;
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(key, keys[i]) == 0)
			break;
	if (i == sizeof(keys) / sizeof(keys[0]) || (*seen & (1U << i))) {
		*errstr = "manifest: unknown or repeated key";
		return -1;
	}
	*seen |= 1U << i;
	switch (i) {
	case 0:
		if ((s = scalar(doc, v, 32, errstr)) == NULL)
			return -1;
		if (strcmp(s, MANIFEST_FORMAT) != 0) {
			*errstr = "manifest: unknown format";
			return -1;
		}
		return 0;
	case 1:
		return copy_scalar(m->model, sizeof(m->model), doc, v, errstr);
	case 2:
		return parse_hwrevs(m, doc, v, errstr);
	case 3:
		return copy_scalar(m->version, sizeof(m->version), doc, v,
		    errstr);
	case 4:
		return parse_components(m, doc, v, errstr);
	case 5:
		if (parse_uint(&u, doc, v, FWIMAGE_BOOT_FAIL_ALWAYS,
		    errstr) == -1)
			return -1;
		m->boot_fail = (unsigned int)u;
		return 0;
	default:
		return copy_scalar(m->boot_fail_reason,
		    sizeof(m->boot_fail_reason), doc, v, errstr);
	}
}

static int
parse_doc(struct fwimage_manifest *m, yaml_document_t *doc,
    const char **errstr)
{
	yaml_node_t *root, *k;
	yaml_node_pair_t *p;
	const char *key;
	unsigned int seen = 0;

	root = yaml_document_get_root_node(doc);
	if (root == NULL || root->type != YAML_MAPPING_NODE) {
		*errstr = "manifest: not a mapping";
		return -1;
	}
	for (p = root->data.mapping.pairs.start;
	    p < root->data.mapping.pairs.top; p++) {
		k = yaml_document_get_node(doc, p->key);
		if ((key = scalar(doc, k, 32, errstr)) == NULL)
			return -1;
		if (parse_top(m, doc, key, yaml_document_get_node(doc,
		    p->value), &seen, errstr) == -1)
			return -1;
	}
	if ((seen & 0x1b) != 0x1b) {
		*errstr = "manifest: format, model, version or components "
		    "missing";
		return -1;
	}
	if (m->ncomponents == 0 || !text_is_safe(m->model, false) ||
	    !text_is_safe(m->version, false) ||
	    !text_is_safe(m->boot_fail_reason, true)) {
		*errstr = "manifest: empty or unsafe model, version or "
		    "components";
		return -1;
	}
	return 0;
}

int
fwimage_manifest_parse(struct fwimage_manifest *m, const void *data,
    size_t len, const char **errstr)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	int rv;

	memset(m, 0, sizeof(*m));
	if (len > FWIMAGE_MANIFEST_MAX) {
		*errstr = "manifest too large";
		return -1;
	}
	if (memchr(data, '\0', len) != NULL) {
		*errstr = "manifest: NUL byte";
		return -1;
	}
	if (!yaml_parser_initialize(&parser)) {
		*errstr = "manifest: out of memory";
		return -1;
	}
	yaml_parser_set_input_string(&parser, data, len);
	if (!yaml_parser_load(&parser, &doc)) {
		yaml_parser_delete(&parser);
		*errstr = "manifest: YAML syntax error";
		return -1;
	}
	rv = parse_doc(m, &doc, errstr);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	if (rv == -1)
		memset(m, 0, sizeof(*m));
	return rv;
}
