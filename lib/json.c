/*
 * json.c: a minimal streaming JSON writer.  Output buffers are unbounded
 * (buf_init(&b, 0)) because they hold our own reports, not input.
 */
#include "config.h"

#include <stdio.h>

#include "lib/json.h"

void
json_init(struct json *j, struct buf *out)
{
	j->out = out;
	j->depth = 0;
	j->first[0] = true;
	j->after_key = false;
}

static void
json_sep(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (!j->first[j->depth])
		buf_addch(j->out, ',');
	j->first[j->depth] = false;
}

static void
json_open(struct json *j, char c)
{
	json_sep(j);
	buf_addch(j->out, c);
	if (j->depth < JSON_DEPTH_MAX - 1)
		j->depth++;
	j->first[j->depth] = true;
}

static void
json_close(struct json *j, char c)
{
	if (j->depth > 0)
		j->depth--;
	buf_addch(j->out, c);
}

void
json_object_begin(struct json *j)
{
	json_open(j, '{');
}

void
json_object_end(struct json *j)
{
	json_close(j, '}');
}

void
json_array_begin(struct json *j)
{
	json_open(j, '[');
}

void
json_array_end(struct json *j)
{
	json_close(j, ']');
}

void
json_escape(struct buf *out, const char *s)
{
	const unsigned char *p;

	buf_addch(out, '"');
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\') {
			buf_addch(out, '\\');
			buf_addch(out, (char)*p);
		} else if (*p == '\n')
			buf_addstr(out, "\\n");
		else if (*p == '\r')
			buf_addstr(out, "\\r");
		else if (*p == '\t')
			buf_addstr(out, "\\t");
		else if (*p < 0x20)
			buf_printf(out, "\\u%04x", *p);
		else
			buf_addch(out, (char)*p);
	}
	buf_addch(out, '"');
}

void
json_key(struct json *j, const char *key)
{
	json_sep(j);
	json_escape(j->out, key);
	buf_addch(j->out, ':');
	j->after_key = true;
}

void
json_string(struct json *j, const char *s)
{
	json_sep(j);
	if (s == NULL)
		buf_addstr(j->out, "null");
	else
		json_escape(j->out, s);
}

void
json_int(struct json *j, long long v)
{
	json_sep(j);
	buf_printf(j->out, "%lld", v);
}

void
json_bool(struct json *j, bool v)
{
	json_sep(j);
	buf_addstr(j->out, v ? "true" : "false");
}

void
json_null(struct json *j)
{
	json_sep(j);
	buf_addstr(j->out, "null");
}

void
json_kv_string(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

void
json_kv_int(struct json *j, const char *key, long long v)
{
	json_key(j, key);
	json_int(j, v);
}

void
json_kv_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}
