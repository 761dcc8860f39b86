/*
 * device_store_int.h: the back-end interface behind device_store.  A back
 * end moves whole serialised records (YAML text) by key; parsing, key
 * checks and times are done once in device_store.c.  Not for use outside
 * lib/device_store*.
 */
#ifndef LIB_DEVICE_STORE_INT_H
#define LIB_DEVICE_STORE_INT_H

#include <sys/stat.h>

#include <stdbool.h>
#include <stddef.h>

#include "lib/device_store.h"

struct device_store;

struct device_store_ops {
	/*
	 * Returns 0 with a malloc'd NUL-terminated text, or -1 (errno).
	 * Sets *ver if it can (it comes in not valid).
	 */
	int	(*get)(struct device_store *, const char *key, char **textp,
		    size_t *lenp, struct device_store_version *ver, char *err,
		    size_t errlen);
	int	(*put)(struct device_store *, const char *key,
		    const char *text, size_t len, char *err, size_t errlen);
	int	(*del)(struct device_store *, const char *key, char *err,
		    size_t errlen);
	bool	(*exists)(struct device_store *, const char *key);
	/* Unsorted keys; device_store.c sorts them. */
	int	(*list)(struct device_store *, char ***keysp, size_t *np,
		    char *err, size_t errlen);
	void	(*close)(struct device_store *);
	/*
	 * Optional: rewrites the contact stamp of the stored record in
	 * place (stamp: STAMP_LEN bytes).  Returns 0, 1 if the stored
	 * record has no stamp or is missing (the caller puts it whole), or
	 * -1.
	 */
	int	(*touch)(struct device_store *, const char *key,
		    const char *stamp, struct device_store_version *ver,
		    char *err, size_t errlen);
	/*
	 * Optional: the version of the stored record of key, opening it.
	 * Returns 0, or -1 with errno (ENOENT when there is none).
	 */
	int	(*version)(struct device_store *, const char *key,
		    struct device_store_version *ver, char *err,
		    size_t errlen);
};

/* The version of a file from its fstat(2). */
void	device_store_version_of(const struct stat *sb,
	    struct device_store_version *ver);

/*
 * The contact stamp: the first line of every stored record, a YAML
 * comment of fixed width, "# contact: " and the time right-aligned in 20
 * columns, so that it can be rewritten in place.
 */
#define DEVICE_STAMP_PREFIX	"# contact: "
#define DEVICE_STAMP_DIGITS	20
#define DEVICE_STAMP_LEN	(sizeof(DEVICE_STAMP_PREFIX) - 1 + \
	DEVICE_STAMP_DIGITS + 1)
/* Writes the stamp of t (DEVICE_STAMP_LEN bytes and a NUL) into buf. */
void	device_stamp_format(int64_t t, char *buf);
/* True if text starts with a sound stamp; sets *t. */
bool	device_stamp_parse(const char *text, size_t len, int64_t *t);

struct device_store {
	enum device_store_kind		 kind;
	const struct device_store_ops	*ops;
	char				*path;
	int				 flags;
	void				*priv;
};

/* Back-end constructors: fill st->ops and st->priv, or return -1. */
int	device_store_yaml_open(struct device_store *st, char *err,
	    size_t errlen);
int	device_store_gdbm_open(struct device_store *st, char *err,
	    size_t errlen);
/* Appends key to a growing NULL-terminated array. */
void	device_store_keys_add(char ***keysp, size_t *np, size_t *capp,
	    const char *key);

#endif /* LIB_DEVICE_STORE_INT_H */
