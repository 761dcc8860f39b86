/*
 * json.h: writing JSON into a struct buf, for the --json output of the
 * command-line tools.  It escapes strings per RFC 8259 and tracks commas
 * with a small depth stack.  It does not parse JSON.
 */
#ifndef LIB_JSON_H
#define LIB_JSON_H

#include <stdbool.h>

#include "lib/buf.h"

#define JSON_DEPTH_MAX	32

struct json {
	struct buf	*out;
	int		 depth;
	bool		 first[JSON_DEPTH_MAX];
	bool		 after_key;
};

void	json_init(struct json *j, struct buf *out);
void	json_object_begin(struct json *j);
void	json_object_end(struct json *j);
void	json_array_begin(struct json *j);
void	json_array_end(struct json *j);
void	json_key(struct json *j, const char *key);
void	json_string(struct json *j, const char *s);
void	json_int(struct json *j, long long v);
void	json_bool(struct json *j, bool v);
void	json_null(struct json *j);
/* Shorthands for "key": value inside an object. */
void	json_kv_string(struct json *j, const char *key, const char *s);
void	json_kv_int(struct json *j, const char *key, long long v);
void	json_kv_bool(struct json *j, const char *key, bool v);
/* Appends s as a quoted, escaped JSON string. */
void	json_escape(struct buf *out, const char *s);

#endif /* LIB_JSON_H */
