/*
 * yaml_conf.h: the table-driven YAML configuration loader (STYLE.md
 * section 7).  A program describes its configuration struct with one table
 * row per option (name, type, offsetof() field, default, minimum, maximum,
 * help); yaml_conf fills the struct from a file or a string, applying
 * defaults first.  Unknown keys, wrong types, out-of-range values, missing
 * required options and duplicate keys are errors, reported as
 * "file:line:col: message".  libyaml types never leave lib/yaml_*.
 *
 * It does not watch files, merge several files or keep the old
 * configuration on error: on SIGHUP load into a fresh struct and swap it in
 * only if yaml_conf_load_file() returned 0 (yaml_conf_free() the loser).
 *
 * Rows are written with designated initializers (gcc's -Wextra warns
 * about partly positional ones), directly or through the YAML_CONF_*
 * row macros below.  Example:
 *
 *	struct cred { char *user; char *password; };
 *	struct conf {
 *		int port; int64_t timeout_ms; char *root;
 *		struct yaml_conf_list creds;	-- of struct cred
 *	};
 *	static const struct yaml_conf_opt cred_table[] = {
 *		YAML_CONF_OPTF("user", YAML_CONF_STRING, struct cred, user,
 *		    NULL, 0, 64, YAML_CONF_REQUIRED, "user name"),
 *		YAML_CONF_OPTF("password", YAML_CONF_STRING, struct cred,
 *		    password, NULL, 0, 0, YAML_CONF_SECRET, "password"),
 *		YAML_CONF_END
 *	};
 *	static const struct yaml_conf_opt table[] = {
 *		YAML_CONF_OPT("port", YAML_CONF_INT, struct conf, port,
 *		    "7547", 1, 65535, "TCP port"),
 *		YAML_CONF_OPT("timeout", YAML_CONF_DURATION, struct conf,
 *		    timeout_ms, "30s", 1000, 3600000, "session timeout"),
 *		YAML_CONF_LISTOF("credentials", struct conf, creds,
 *		    cred_table, struct cred, 1000, "per-device credentials"),
 *		YAML_CONF_END
 *	};
 *	memset(&conf, 0, sizeof(conf));
 *	if (yaml_conf_load_file(table, &conf, path, 0, err, sizeof(err)))
 *		fatalx("%s", err);
 *	...
 *	yaml_conf_free(table, &conf);
 *
 * Thread safety: tables are read-only; distinct conf structs may be loaded
 * concurrently.
 */
#ifndef LIB_YAML_CONF_H
#define LIB_YAML_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Largest configuration file accepted (bytes). */
#define YAML_CONF_FILE_MAX	(4UL * 1024 * 1024)
/* Size of the error buffer callers should pass. */
#define YAML_CONF_ERR_MAX	256
/* Longest string option value (bytes). */
#define YAML_CONF_STRING_MAX	4096

enum yaml_conf_type {
	/* char *; owned by the struct, freed by yaml_conf_free(); NULL if
	 * unset and no default.  min/max bound the length when max > 0. */
	YAML_CONF_STRING,
	/* int; min/max inclusive (both 0: INT_MIN..INT_MAX). Decimal. */
	YAML_CONF_INT,
	/* int64_t; min/max inclusive (both 0: full range). */
	YAML_CONF_INT64,
	/* bool: true/false, yes/no, on/off (any case). */
	YAML_CONF_BOOL,
	/* int64_t milliseconds: "250ms", "30s", "5m", "2h", "1d", or a bare
	 * integer meaning seconds.  min/max in milliseconds. */
	YAML_CONF_DURATION,
	/* size_t bytes: "512", "64k", "10M", "1G" (powers of 1024). */
	YAML_CONF_SIZE,
	/* int; the value of the matching .enums name. */
	YAML_CONF_ENUM,
	/* struct yaml_conf_strlist; a sequence of scalars, or one scalar.
	 * max > 0 bounds the count. */
	YAML_CONF_STRLIST,
	/* an embedded struct at offset, described by .sub. */
	YAML_CONF_SECTION,
	/* struct yaml_conf_list of .elem_size structs described by .sub;
	 * each element starts from .sub's defaults. max > 0 bounds count. */
	YAML_CONF_LIST,
	/* a scalar converted by .parse into a fixed-size field (MAC
	 * addresses, host:port ...); .format is used by dumps. */
	YAML_CONF_CUSTOM
};

/* Flags of a table row. */
#define YAML_CONF_REQUIRED	0x01	/* must appear in the file */
#define YAML_CONF_SECRET	0x02	/* masked in dumps; file must be 0600 */

/* Flags of yaml_conf_load_file(). */
#define YAML_CONF_MISSING_OK	0x01	/* no file: defaults only, return 0 */

struct yaml_conf_enum {
	const char	*name;
	int		 value;
};

struct yaml_conf_strlist {
	char	**v;
	size_t	 n;
};

struct yaml_conf_list {
	void	*v;	/* n elements of elem_size bytes */
	size_t	 n;
};

/* Converts text into *field; on error sets *errstr and returns -1. */
typedef int (*yaml_conf_parse_cb)(const char *text, void *field,
    const char **errstr);
/* Formats *field for dumps; returns 0 or -1. */
typedef int (*yaml_conf_format_cb)(const void *field, char *buf,
    size_t len);

struct yaml_conf_opt {
	const char		*name;	/* NULL ends the table */
	enum yaml_conf_type	 type;
	size_t			 offset; /* offsetof() into the struct */
	const char		*def;	/* default as YAML text, or NULL */
	long long		 min;
	long long		 max;
	const char		*help;	/* one line, for -h dumps and man */
	int			 flags;
	const struct yaml_conf_enum *enums;	/* ENUM: ends with NULL name */
	const struct yaml_conf_opt *sub;	/* SECTION, LIST */
	size_t			 elem_size;	/* LIST */
	yaml_conf_parse_cb	 parse;		/* CUSTOM */
	yaml_conf_format_cb	 format;	/* CUSTOM, optional */
};

/* Row macros; all expand to designated initializers. */
#define YAML_CONF_OPTF(n, t, st, fld, d, mn, mx, fl, h) {		\
	.name = (n), .type = (t), .offset = offsetof(st, fld),		\
	.def = (d), .min = (mn), .max = (mx), .flags = (fl), .help = (h) }
#define YAML_CONF_OPT(n, t, st, fld, d, mn, mx, h)			\
	YAML_CONF_OPTF(n, t, st, fld, d, mn, mx, 0, h)
#define YAML_CONF_ENUMOPT(n, st, fld, d, tbl, h) {			\
	.name = (n), .type = YAML_CONF_ENUM, .offset = offsetof(st, fld), \
	.def = (d), .enums = (tbl), .help = (h) }
#define YAML_CONF_SECTIONOF(n, st, fld, subtbl, h) {			\
	.name = (n), .type = YAML_CONF_SECTION,				\
	.offset = offsetof(st, fld), .sub = (subtbl), .help = (h) }
#define YAML_CONF_LISTOF(n, st, fld, subtbl, elemst, mx, h) {		\
	.name = (n), .type = YAML_CONF_LIST, .offset = offsetof(st, fld), \
	.max = (mx), .sub = (subtbl), .elem_size = sizeof(elemst),	\
	.help = (h) }
#define YAML_CONF_CUSTOMOPT(n, st, fld, d, p, f, h) {			\
	.name = (n), .type = YAML_CONF_CUSTOM,				\
	.offset = offsetof(st, fld), .def = (d), .parse = (p),		\
	.format = (f), .help = (h) }
#define YAML_CONF_END	{ .name = NULL }

/*
 * Zeroes nothing: sets every option of conf to its default (strings are
 * duplicated, lists are emptied).  conf should start zeroed.  Returns -1
 * only for a broken table (a default that does not convert).
 */
int	yaml_conf_defaults(const struct yaml_conf_opt *table, void *conf,
	    char *err, size_t errlen);
/*
 * Applies defaults, then the file.  path NULL, or a missing file with
 * YAML_CONF_MISSING_OK, means defaults only.  A file that sets a SECRET
 * option must not be group- or world-readable.  On error conf holds
 * partial values: yaml_conf_free() it.
 */
int	yaml_conf_load_file(const struct yaml_conf_opt *table, void *conf,
	    const char *path, int flags, char *err, size_t errlen);
/* Same from memory; name appears in error messages. */
int	yaml_conf_load_string(const struct yaml_conf_opt *table, void *conf,
	    const char *name, const char *text, size_t len, char *err,
	    size_t errlen);
/* Frees everything the loader allocated in conf and zeroes those fields. */
void	yaml_conf_free(const struct yaml_conf_opt *table, void *conf);
/*
 * Writes the effective configuration as YAML (secrets as "********"), so
 * `prog -n -v` can show what a daemon will run with.
 */
int	yaml_conf_dump(const struct yaml_conf_opt *table, const void *conf,
	    FILE *fp);
/*
 * Writes one line per option ("name  type  default  [min..max]  help"),
 * nested options as "section.name", for usage output and man pages.
 */
void	yaml_conf_help(const struct yaml_conf_opt *table, FILE *fp);
/* Name of a type ("string", "int", "duration", ...). */
const char *yaml_conf_type_name(enum yaml_conf_type type);

#endif /* LIB_YAML_CONF_H */
