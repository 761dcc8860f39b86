/*
 * model.h: a device data model as cpe-sim loads it from a cpe-sim-model(5)
 * YAML file, and the per-device parameter tree built on top of it.
 *
 * A struct model is immutable once loaded and shared by every simulated
 * device of that model: one sorted array of parameters and objects (the
 * objects implied by leaf names are added), with types, default values,
 * writability, default notification and value constraints.  A struct
 * devtree is one device's view: an overlay of only what differs from the
 * model (changed values and attributes, objects added by AddObject,
 * tombstones of deleted instances), so ten thousand devices share one copy
 * of the tree structure.  Multi-instance tables are declared with a
 * template ("X.{i}.Leaf") that AddObject copies.
 *
 * It does not speak CWMP: faults are returned as CWMP codes for rpc.c to
 * wrap, and it does no I/O except the loader and the state codec.
 */
#ifndef CPESIM_MODEL_H
#define CPESIM_MODEL_H

#include <sys/tree.h>

/* glibc lacks the BSD __unused that RB_GENERATE_STATIC expands to. */
#ifndef __unused
#define __unused __attribute__((__unused__))
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define MODEL_NAME_MAX		256	/* parameter path, TR-069 A.3.2.1 */
#define MODEL_VALUE_MAX		16384	/* longest value kept */
#define MODEL_PARAMS_MAX	100000	/* entries in one model file */
#define MODEL_INSTANCE_MAX	99999	/* highest instance number */
#define MODEL_STR_MAX		256	/* identity strings */
#define MODEL_TEMPLATE		"{i}"

enum model_type {
	MODEL_STRING,
	MODEL_INT,
	MODEL_UNSIGNED_INT,
	MODEL_LONG,
	MODEL_UNSIGNED_LONG,
	MODEL_BOOLEAN,
	MODEL_DATETIME,
	MODEL_BASE64,
	MODEL_HEXBINARY,
	MODEL_OBJECT
};

/* Parameter flags. */
#define MP_WRITABLE	0x0001
#define MP_OBJECT	0x0002	/* name ends in '.' */
#define MP_TABLE	0x0004	/* multi-instance table: AddObject target */
#define MP_TEMPLATE	0x0008	/* name holds {i}: never listed */
#define MP_INFORM	0x0010	/* forced inform parameter */
#define MP_HIDDEN	0x0020	/* reads back empty (passwords) */
#define MP_VOLATILE	0x0040	/* the simulator changes it by itself */
#define MP_UPTIME	0x0080	/* value is the uptime in seconds */
#define MP_HAS_MIN	0x0100
#define MP_HAS_MAX	0x0200
#define MP_INSTANCE	0x0400	/* an instance object (name ends in .N.) */

/* Notification locks (TR-069 activeNotify). */
enum model_notify_lock {
	MODEL_NOTIFY_NORMAL,
	MODEL_NOTIFY_FORCED,	/* always active, cannot be turned off */
	MODEL_NOTIFY_DENY	/* active notification refused: 9009 */
};

/* Parameters the simulator reads or writes itself. */
enum model_role {
	MODEL_ROLE_NONE,
	MODEL_ROLE_EXTERNAL_IP,		/* the Thomson ".ExternalIPAddress" */
	MODEL_ROLE_SOFTWARE_VERSION,
	MODEL_ROLE_ACTIVE_FW,		/* DeviceInfo.ActiveFirmwareImage */
	MODEL_ROLE_BOOT_FW,		/* DeviceInfo.BootFirmwareImage */
	MODEL_ROLE_FW_NAME,		/* FirmwareImage.{i}.Name, ... */
	MODEL_ROLE_FW_VERSION,
	MODEL_ROLE_FW_AVAILABLE,
	MODEL_ROLE_FW_STATUS,
	MODEL_ROLE_FW_BOOTLOG
};

struct model_param {
	char		*name;
	char		*value;		/* default */
	char		*enums;		/* "a,b,c" or NULL */
	long long	 min, max;
	uint32_t	 maxlen;	/* 0: MODEL_VALUE_MAX */
	uint16_t	 flags;
	uint8_t		 type;		/* enum model_type */
	uint8_t		 notify;	/* default notification 0-2 */
	uint8_t		 notify_lock;	/* enum model_notify_lock */
	uint8_t		 role;		/* enum model_role */
};

struct model {
	char			*path;
	char			*name;
	char			*manufacturer;
	char			*oui;
	char			*product_class;
	char			*hardware_version;
	char			*software_version;
	char			*root;		/* "Device." or "InternetGatewayDevice." */
	char			*user_agent;
	char			*quirks;	/* default quirk profile */
	int			 cwmp_version;	/* 0..4: CWMP 1.<n> */
	bool			 has_firmware;
	char			*fw_model;
	char			*fw_hw_revision;
	struct model_param	*params;	/* sorted by strcmp of name */
	size_t			 nparams;
	size_t			 cap;
	size_t			*inform;	/* indexes of MP_INFORM entries */
	size_t			 ninform;
	size_t			*volatiles;	/* indexes of MP_VOLATILE */
	size_t			 nvolatiles;
	bool			 finished;
};

/* model.c: building and querying */
struct model	*model_new(void);
void		 model_free(struct model *m);
/* Adds one entry (before model_finish); the strings are copied. */
struct model_param *model_add(struct model *m, const char *name,
		    const char *value, enum model_type type, uint16_t flags);
/* Sorts, adds implied objects, checks templates; -1 with *errstr. */
int		 model_finish(struct model *m, const char **errstr);
const struct model_param *model_find(const struct model *m,
		    const char *name);
/* Index of the first entry >= name. */
size_t		 model_lower_bound(const struct model *m, const char *name);
const char	*model_type_name(enum model_type t);
int		 model_type_from_name(const char *name);
/* "xsd:unsignedInt" for MODEL_UNSIGNED_INT. */
const char	*model_xsd_type(enum model_type t);
/* Checks value against the type and constraints: 0, 9006 or 9007. */
int		 model_check_value(const struct model_param *mp,
		    const char *value);
/* model_role from its YAML name, -1 if unknown. */
int		 model_role_from_name(const char *name);

/* model_load.c: the cpe-sim-model(5) reader */
struct model	*model_load_file(const char *path, char *err, size_t errlen);

/*
 * devtree.c: one device's overlay.  Nodes are kept in a red-black tree by
 * name; a node holds a changed value, a notification attribute, an object
 * or leaf created by AddObject (with its template), or a tombstone.
 */
#define DT_VALUE	0x01	/* value overrides the model */
#define DT_NOTIFY	0x02	/* notification overrides the model */
#define DT_ADDED	0x04	/* created by AddObject */
#define DT_DELETED	0x08	/* tombstone of a deleted instance */
#define DT_ACL		0x10	/* AccessList "Subscriber" */

struct dt_node {
	RB_ENTRY(dt_node)	 entry;
	const struct model_param *tmpl;	/* model entry or template */
	char			*value;
	uint8_t			 flags;
	uint8_t			 notify;
	char			 name[];
};
RB_HEAD(dt_tree, dt_node);

struct devtree {
	const struct model	*model;
	struct dt_tree		 nodes;
	unsigned int		 nnodes;
	unsigned int		 ntombs;
	time_t			 boot_time;	/* for MP_UPTIME */
	char			 dynbuf[24];	/* computed values */
};

/* A resolved parameter or object. */
struct dt_param {
	const char		*name;
	const char		*value;	/* NULL for objects */
	const struct model_param *mp;	/* type, flags, constraints */
	int			 notify;
	bool			 acl;
	bool			 writable;
	bool			 object;
};

typedef int (*devtree_walk_cb)(const struct dt_param *p, void *arg);

void	devtree_init(struct devtree *t, const struct model *m);
void	devtree_clear(struct devtree *t);
/* Drops every override: the factory state. */
void	devtree_reset(struct devtree *t);
/* 0 and *p filled, or -1 if the name does not exist. */
int	devtree_get(struct devtree *t, const char *name, struct dt_param *p);
/* Sets a value (no checks: see model_check_value); -1 if no such leaf. */
int	devtree_set(struct devtree *t, const char *name, const char *value);
/* Shorthand: the value of a leaf or NULL (MP_HIDDEN values included). */
const char *devtree_value(struct devtree *t, const char *name);
int	devtree_set_notify(struct devtree *t, const char *name, int notify,
	    int acl);
/*
 * Visits path and what is under it: a leaf name visits that leaf; an
 * object path ("X.") or "" visits the object and its whole subtree, or
 * with next_level only the direct children.  Returns -1 if path does not
 * exist, else the first non-zero callback value or 0.
 */
int	devtree_walk(struct devtree *t, const char *path, bool next_level,
	    bool include_objects, devtree_walk_cb cb, void *arg);
/* AddObject: 0 and *instance, or a CWMP fault code. */
int	devtree_add_object(struct devtree *t, const char *table,
	    unsigned int *instance);
/* DeleteObject: 0 or a CWMP fault code. */
int	devtree_delete_object(struct devtree *t, const char *object);
/* The first model or added parameter with that role under prefix. */
const char *devtree_role_name(struct devtree *t, enum model_role role,
	    unsigned int instance);
/* Memory held by the overlay, for the fleet statistics. */
size_t	devtree_overlay_bytes(const struct devtree *t);

/* devtree_state.c: the overlay as YAML records (state.yaml) */
struct yaml_doc_writer;
struct yaml_doc_node;
int	devtree_save(const struct devtree *t, struct yaml_doc_writer *w);
int	devtree_load(struct devtree *t, const struct yaml_doc_node *seq,
	    char *err, size_t errlen);

#endif /* CPESIM_MODEL_H */
