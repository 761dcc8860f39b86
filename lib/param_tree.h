/*
 * param_tree.h: a CWMP parameter tree (TR-069 A.3.2, TR-106 naming):
 * objects ("Device.Hosts.Host."), instances ("Device.Hosts.Host.3."),
 * parameters ("Device.DeviceInfo.SoftwareVersion") with values, xsd types,
 * writable flags, attributes (Notification, AccessList) and the time each
 * value was last stored.  Used by the ACS (the stored device tree), the
 * CPE simulator (its device model), rules and acsctl.
 *
 * Order: entries are kept in an RB tree ordered segment by segment; an
 * object sorts before everything below it, so the descendants of a path
 * form one contiguous run.  Within a segment, all-digit segments (instance
 * numbers) come first and compare numerically ("Host.2." < "Host.10."),
 * other segments compare bytewise (strcmp).  Every iteration uses this
 * order.
 *
 * Setting a parameter creates its missing ancestor objects (not writable).
 * Values are stored as text and not validated on set (devices send odd
 * values; the ACS must keep them); param_value_check() validates against a
 * type for SetParameterValues.
 *
 * Serialisation (param_tree_write_yaml(), param_tree_read_yaml()) uses
 * lib/yaml_doc types, never libyaml's.
 *
 * Thread safety: none inside.  A tree belongs to one device, and callers
 * hold that device's lock (acsd) or use it from one thread.  Pointers
 * returned by lookups stay valid until the entry is deleted or the tree
 * freed; do not delete while iterating.
 */
#ifndef LIB_PARAM_TREE_H
#define LIB_PARAM_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct yaml_doc_node;
struct yaml_doc_writer;

/* Longest full name (TR-069 A.3.2.1: string(256)). */
#define PARAM_NAME_MAX		256
/* Longest value the tree stores (bytes). */
#define PARAM_VALUE_MAX		(256 * 1024)
/* Most entries (objects + parameters) in one tree. */
#define PARAM_TREE_ENTRIES_MAX	200000
/* Highest instance number param_tree_add_instance() hands out. */
#define PARAM_INSTANCE_MAX	4294967295U
/* Longest AccessList (comma-separated entities, e.g. "Subscriber"). */
#define PARAM_ACCESS_LIST_MAX	256

enum param_type {
	PARAM_OBJECT,		/* an object or instance: name ends with '.' */
	PARAM_STRING,		/* xsd:string */
	PARAM_INT,		/* xsd:int */
	PARAM_UINT,		/* xsd:unsignedInt */
	PARAM_BOOL,		/* xsd:boolean */
	PARAM_DATETIME,		/* xsd:dateTime */
	PARAM_BASE64,		/* xsd:base64Binary */
	PARAM_LONG,		/* xsd:long */
	PARAM_ULONG,		/* xsd:unsignedLong */
	PARAM_HEXBINARY,	/* xsd:hexBinary */
	PARAM_ANY		/* param_tree_set(): keep the stored type
				 * (PARAM_STRING for a new parameter) */
};

/* Notification attribute values (TR-069 A.3.2.4). */
#define PARAM_NOTIFY_OFF	0
#define PARAM_NOTIFY_PASSIVE	1
#define PARAM_NOTIFY_ACTIVE	2

/*
 * One entry.  Callers read every field; they may change writable,
 * notification and mtime directly, and everything else only through the
 * functions below (name is the tree's key, value and access_list are owned
 * by the tree).
 */
struct param {
	char		*name;		/* full name; objects end with '.' */
	char		*value;		/* NULL for objects */
	enum param_type	 type;
	bool		 writable;
	uint8_t		 notification;	/* PARAM_NOTIFY_* */
	char		*access_list;	/* NULL: none (only the ACS) */
	int64_t		 mtime;		/* Unix time the value was stored */
	uint32_t	 next_instance;	/* objects: last instance handed out */
};

struct param_tree;

struct param_tree *param_tree_new(void);
void	param_tree_free(struct param_tree *tree);
/* A deep copy (for snapshots handed to other threads). */
struct param_tree *param_tree_dup(const struct param_tree *tree);
/* Number of parameters, plus objects if with_objects. */
size_t	param_tree_count(const struct param_tree *tree, bool with_objects);

/* The entry with exactly this name, or NULL. */
struct param *param_tree_get(const struct param_tree *tree,
	    const char *name);
/* Its value, or NULL if missing or an object. */
const char *param_tree_get_value(const struct param_tree *tree,
	    const char *name);

/*
 * Creates or updates parameter name (no trailing '.') with value and
 * type (PARAM_ANY keeps the stored type), sets mtime to now, and creates
 * missing ancestor objects.  Fails with errstr for a bad name, a value
 * over PARAM_VALUE_MAX, a name that is an object, or a full tree.
 */
int	param_tree_set(struct param_tree *tree, const char *name,
	    const char *value, enum param_type type, const char **errstr);
/*
 * Creates or updates the entry src->name (an object if src->type is
 * PARAM_OBJECT, and then the name ends with '.') and its missing
 * ancestors, and copies every field of src into it: value, type,
 * writable, notification, access_list, mtime, and next_instance if
 * higher.  For loading a stored tree: entries that come in tree order are
 * appended without any search (a 3,300-parameter record loads several
 * times faster than through param_tree_set()).  Returns the entry, or NULL
 * with errstr as param_tree_set() and param_tree_add_object() fail.
 */
struct param *param_tree_put(struct param_tree *tree,
	    const struct param *src, const char **errstr);
/*
 * Creates object name (trailing '.') and its missing ancestors, or
 * returns the existing one.  writable marks a multi-instance table
 * (AddObject allowed).  Returns the entry or NULL with errstr.
 */
struct param *param_tree_add_object(struct param_tree *tree,
	    const char *name, bool writable, const char **errstr);
/*
 * AddObject: creates instance "<name><n>." below the object name (which
 * must exist, end with '.', and be writable unless force), with n one
 * more than the highest instance number ever handed out or seen below it.
 * Stores n in *instance.
 */
int	param_tree_add_instance(struct param_tree *tree, const char *name,
	    bool force, uint32_t *instance, const char **errstr);
/*
 * Deletes a parameter, or an object with everything below it
 * (DeleteObject).  Returns the number of entries removed, or -1 with
 * errstr if name does not exist.
 */
int	param_tree_delete(struct param_tree *tree, const char *name,
	    const char **errstr);
/* Sets the AccessList (NULL clears it). */
int	param_tree_set_access_list(struct param_tree *tree, const char *name,
	    const char *access_list, const char **errstr);

/* Iteration flags. */
#define PARAM_ITER_NEXT_LEVEL	0x01	/* direct children only (GPN
					 * NextLevel=true) */
#define PARAM_ITER_LEAVES	0x02	/* parameters only, no objects (GPV) */
#define PARAM_ITER_SELF		0x04	/* include the path entry itself */

/*
 * An iterator over a path, in tree order: "" is the whole tree, an object
 * path ("Device.DeviceInfo.") its subtree, a parameter name just that
 * parameter.  GetParameterNames maps to flags NEXT_LEVEL (NextLevel=true)
 * or SELF (NextLevel=false); GetParameterValues to LEAVES|SELF.
 * The struct is embedded by callers; treat its fields as private.
 */
struct param_iter {
	const struct param_tree	*tree;
	void			*node;
	char			 path[PARAM_NAME_MAX + 1];
	size_t			 pathlen;
	size_t			 depth;	/* segments in path */
	int			 flags;
};

/*
 * Starts an iteration.  Returns -1 with errstr if path is not in the tree
 * (fault 9005 territory) or is a parameter with NEXT_LEVEL (9003).
 */
int	param_iter_init(struct param_iter *it, const struct param_tree *tree,
	    const char *path, int flags, const char **errstr);
/* The next entry, or NULL at the end. */
struct param *param_iter_next(struct param_iter *it);

/* Every entry in tree order. */
struct param *param_tree_first(const struct param_tree *tree);
struct param *param_tree_next(const struct param_tree *tree,
	    const struct param *p);

/* Name order as used by the tree (strcmp-like). */
int	param_name_cmp(const char *a, const char *b);
/* True if name is a syntactically valid object (with '.') or parameter. */
bool	param_name_is_valid(const char *name, bool object);
/* True if name ends with '.'. */
bool	param_name_is_object(const char *name);

/* "xsd:string" ... ; NULL for PARAM_OBJECT and PARAM_ANY. */
const char *param_type_name(enum param_type type);
/* Accepts "xsd:int", "int", "unsignedInt" ...; -1 if unknown. */
int	param_type_from_name(const char *name, enum param_type *type);
/*
 * Checks value against type (ranges of int/unsignedInt/long/unsignedLong,
 * boolean "0"/"1"/"true"/"false", ISO 8601 dateTime, base64, hex).
 * Returns 0, or -1 with errstr (SPV fault 9007).
 */
int	param_value_check(enum param_type type, const char *value,
	    const char **errstr);

/*
 * Writes the tree as one YAML mapping, name -> flow mapping
 * ({v: value, t: int, w: true, notify: 2, acl: Subscriber, ts: 1700000000,
 * next: 4}; defaults omitted), in tree order.
 */
int	param_tree_write_yaml(const struct param_tree *tree,
	    struct yaml_doc_writer *w);
/*
 * Adds the entries of a mapping written by param_tree_write_yaml() to
 * tree (map NULL or null: nothing).  On error fills err ("name:line:col: message") and returns -1;
 * the tree then holds the entries read so far.
 */
int	param_tree_read_yaml(struct param_tree *tree,
	    const struct yaml_doc_node *map, const char *name, char *err,
	    size_t errlen);

#endif /* LIB_PARAM_TREE_H */
