/*
 * yaml_conf_dump.c: shows a configuration: the effective values as YAML
 * (yaml_conf_dump(), secrets masked) and the option table as text
 * (yaml_conf_help()).  It never changes the struct.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/yaml_conf.h"
#include "lib/yaml_conf_int.h"
#include "lib/yaml_doc.h"

#define YC_SECRET_MASK	"********"

static int	dump_map(struct yaml_doc_writer *, const struct yaml_conf_opt *,
		    const void *);

static const void *
cfield(const void *base, const struct yaml_conf_opt *o)
{
	return (const char *)base + o->offset;
}

static int
dump_value(struct yaml_doc_writer *w, const struct yaml_conf_opt *o,
    const void *f)
{
	const struct yaml_conf_strlist	*sl = f;
	const struct yaml_conf_list	*l = f;
	char				 buf[YAML_CONF_STRING_MAX + 1];
	size_t				 i;

	switch (o->type) {
	case YAML_CONF_SECTION:
		return dump_map(w, o->sub, f);
	case YAML_CONF_STRLIST:
		yaml_doc_seq_begin(w, false);
		for (i = 0; i < sl->n; i++)
			yaml_doc_str(w, sl->v[i]);
		return yaml_doc_seq_end(w);
	case YAML_CONF_LIST:
		yaml_doc_seq_begin(w, false);
		for (i = 0; i < l->n; i++)
			dump_map(w, o->sub, (const char *)l->v +
			    i * o->elem_size);
		return yaml_doc_seq_end(w);
	default:
		break;
	}
	if (yaml_conf_format_scalar(o, f, buf, sizeof(buf)) == -1)
		return yaml_doc_str(w, NULL);
	if (o->flags & YAML_CONF_SECRET)
		return yaml_doc_str(w, YC_SECRET_MASK);
	if (o->type == YAML_CONF_STRING || o->type == YAML_CONF_CUSTOM ||
	    o->type == YAML_CONF_ENUM)
		return yaml_doc_str(w, buf);
	return yaml_doc_plain(w, buf);
}

static int
dump_map(struct yaml_doc_writer *w, const struct yaml_conf_opt *table,
    const void *base)
{
	const struct yaml_conf_opt	*o;

	yaml_doc_map_begin(w);
	for (o = table; o->name != NULL; o++) {
		yaml_doc_str(w, o->name);
		dump_value(w, o, cfield(base, o));
	}
	return yaml_doc_map_end(w);
}

int
yaml_conf_dump(const struct yaml_conf_opt *table, const void *conf, FILE *fp)
{
	struct yaml_doc_writer	*w;
	char			*text;
	size_t			 len;
	int			 rv = -1;

	w = yaml_doc_writer_new();
	dump_map(w, table, conf);
	if ((text = yaml_doc_writer_finish(w, &len)) != NULL) {
		if (fwrite(text, 1, len, fp) == len)
			rv = 0;
		free(text);
	}
	yaml_doc_writer_free(w);
	return rv;
}

static void
help_table(const struct yaml_conf_opt *table, const char *prefix, FILE *fp)
{
	const struct yaml_conf_opt	*o;
	char				 name[256];

	for (o = table; o->name != NULL; o++) {
		snprintf(name, sizeof(name), "%s%s%s", prefix,
		    prefix[0] != '\0' ? "." : "", o->name);
		fprintf(fp, "%-28s %-11s", name, yaml_conf_type_name(o->type));
		if (o->def != NULL)
			fprintf(fp, " default %s", o->def);
		if (o->type != YAML_CONF_ENUM && (o->min != 0 || o->max != 0))
			fprintf(fp, " [%lld..%lld]", o->min, o->max);
		if (o->flags & YAML_CONF_REQUIRED)
			fprintf(fp, " required");
		fprintf(fp, "  %s\n", o->help != NULL ? o->help : "");
		if (o->type == YAML_CONF_SECTION)
			help_table(o->sub, name, fp);
		else if (o->type == YAML_CONF_LIST) {
			strlcat(name, "[]", sizeof(name));
			help_table(o->sub, name, fp);
		}
	}
}

void
yaml_conf_help(const struct yaml_conf_opt *table, FILE *fp)
{
	help_table(table, "", fp);
}
