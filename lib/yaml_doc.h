/*
 * yaml_doc.h: safe reading and writing of YAML documents (trees, records,
 * configuration) on top of libyaml.  libyaml types never leave lib/yaml_*:
 * callers see a small node tree when reading and a writer handle when
 * emitting.
 *
 * Reading is defensive: the input has a byte ceiling, a nesting ceiling and
 * a node ceiling; aliases and anchors are refused (no "billion laughs");
 * mapping keys must be scalars and unique; one document per stream.
 * Scalars stay text: the parser resolves no types (no "yes" -> true
 * surprises); yaml_conf and the record readers interpret them.  Scalars
 * tagged !!binary are base64-decoded, which is how the writer stores
 * values that are not valid UTF-8.
 *
 * Writing goes through the libyaml emitter into memory; the writer has a
 * sticky error so callers check once at yaml_doc_writer_finish().
 *
 * Neither side does file locking or atomic replacement: lib/fileio does
 * that (fileio_replace()).  All functions are thread-safe on distinct
 * objects; nothing is global.
 */
#ifndef LIB_YAML_DOC_H
#define LIB_YAML_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Default byte ceiling for yaml_doc_load_file() when max is 0. */
#define YAML_DOC_SIZE_MAX	(64UL * 1024 * 1024)
/* Deepest nesting of mappings and sequences accepted. */
#define YAML_DOC_DEPTH_MAX	64
/* Most nodes (scalars, mappings, sequences) in one document. */
#define YAML_DOC_NODES_MAX	4000000
/* Size of the error buffers callers pass ("file:line:col: message"). */
#define YAML_DOC_ERR_MAX	256

enum yaml_doc_kind {
	YAML_DOC_SCALAR,
	YAML_DOC_MAP,
	YAML_DOC_SEQ
};

struct yaml_doc_node;

struct yaml_doc_pair {
	struct yaml_doc_node	*key;	/* always a scalar */
	struct yaml_doc_node	*value;
};

struct yaml_doc_node {
	enum yaml_doc_kind	 kind;
	unsigned int		 line;	/* 1-based position of the node */
	unsigned int		 col;	/* 1-based */
	/* YAML_DOC_SCALAR: NUL-terminated text (may hold NULs if binary). */
	char			*str;
	size_t			 len;
	bool			 plain;	/* unquoted, untagged: "~" may be null */
	/* YAML_DOC_SEQ */
	struct yaml_doc_node	**items;
	size_t			 nitems;
	/* YAML_DOC_MAP, in document order */
	struct yaml_doc_pair	*pairs;
	size_t			 npairs;
};

/*
 * Parses one YAML document from memory.  name is used in error messages
 * ("name:line:col: message").  An empty stream yields a null scalar.
 * Returns NULL and fills err on error.  Free with yaml_doc_free().
 */
struct yaml_doc_node *yaml_doc_parse(const char *name, const void *data,
	    size_t len, char *err, size_t errlen);
/*
 * Reads and parses path; max is the byte ceiling (0: YAML_DOC_SIZE_MAX).
 * errno is preserved for open failures (ENOENT lets callers apply
 * defaults).
 */
struct yaml_doc_node *yaml_doc_load_file(const char *path, size_t max,
	    char *err, size_t errlen);
void	yaml_doc_free(struct yaml_doc_node *node);

/* The value for key in a mapping, or NULL (also if node is not a map). */
struct yaml_doc_node *yaml_doc_get(const struct yaml_doc_node *map,
	    const char *key);
/* The scalar text of map[key], or NULL if missing or not a scalar. */
const char *yaml_doc_get_str(const struct yaml_doc_node *map,
	    const char *key);
/* True for a plain "", "~", "null", "Null" or "NULL" scalar. */
bool	yaml_doc_is_null(const struct yaml_doc_node *node);
/* Formats "name:line:col: message" into err. */
void	yaml_doc_errorf(char *err, size_t errlen, const char *name,
	    const struct yaml_doc_node *at, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

/*
 * Writer.  Build a document with begin/end pairs and scalars; in a mapping
 * alternate key and value.  Every call returns 0, or -1 once the writer has
 * failed (invalid nesting, emitter error); later calls are no-ops.
 */
struct yaml_doc_writer;

struct yaml_doc_writer *yaml_doc_writer_new(void);
void	yaml_doc_writer_free(struct yaml_doc_writer *w);
int	yaml_doc_map_begin(struct yaml_doc_writer *w);
/* A mapping on one line: {a: 1, b: 2}. */
int	yaml_doc_map_begin_flow(struct yaml_doc_writer *w);
int	yaml_doc_map_end(struct yaml_doc_writer *w);
/* flow: write as [a, b, c] on one line. */
int	yaml_doc_seq_begin(struct yaml_doc_writer *w, bool flow);
int	yaml_doc_seq_end(struct yaml_doc_writer *w);
/*
 * A string scalar.  NULL writes a null (~).  Text that is not valid UTF-8
 * is written as !!binary base64 and comes back byte-exact from the parser.
 * Text that would read back as another type ("yes", "1", "") is quoted, so
 * yaml_doc and other YAML tools read a string.
 */
int	yaml_doc_str(struct yaml_doc_writer *w, const char *s);
int	yaml_doc_strn(struct yaml_doc_writer *w, const char *s, size_t len);
/* Untyped plain scalars for numbers and booleans. */
int	yaml_doc_int(struct yaml_doc_writer *w, long long v);
int	yaml_doc_uint(struct yaml_doc_writer *w, unsigned long long v);
int	yaml_doc_bool(struct yaml_doc_writer *w, bool v);
/* A comment-free plain scalar written as is (caller guarantees syntax). */
int	yaml_doc_plain(struct yaml_doc_writer *w, const char *s);
/* Key/value shorthands for mappings. */
int	yaml_doc_kv_str(struct yaml_doc_writer *w, const char *k,
	    const char *v);
int	yaml_doc_kv_int(struct yaml_doc_writer *w, const char *k, long long v);
int	yaml_doc_kv_bool(struct yaml_doc_writer *w, const char *k, bool v);
/* True once any call failed. */
bool	yaml_doc_writer_failed(const struct yaml_doc_writer *w);
/*
 * Closes the document and hands over the text (NUL-terminated; free() it).
 * Returns NULL if any call failed or nesting is unbalanced.  The writer
 * must still be freed.
 */
char	*yaml_doc_writer_finish(struct yaml_doc_writer *w, size_t *lenp);

#endif /* LIB_YAML_DOC_H */
