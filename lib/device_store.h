/*
 * device_store.h: device records and where they live.  A record holds the
 * DeviceId, the device key (CWMP.md 8.2), the last Inform, the parameter
 * tree (lib/param_tree), tags, free-form attributes and a bounded fault
 * history.  Two back ends store records by key:
 *
 *  - YAML ("yaml:DIR"): one readable file per device, DIR/<key>.yaml,
 *    replaced atomically (temporary file, fsync, rename, directory fsync),
 *    so a crash, a concurrent reader or a second host on NFS never sees
 *    half a record.  Safe for several processes and hosts.
 *  - GDBM ("gdbm:FILE"): one database file holding the same YAML text per
 *    key, for large fleets.  One process only (GDBM locks the file; a
 *    second writer gets a clear error).
 *
 * Thread safety: a struct device_store may be shared by all threads of a
 * process.  The GDBM back end serialises calls on an internal mutex; the
 * YAML back end needs none (distinct files).  The store does not lock
 * records: a read-modify-write of one device (get, change, put) must run
 * under the caller's per-device lock (acsd: the session lock, CWMP.md 12
 * rule 10).  Records are plain values: each thread owns the ones it got.
 *
 * Errors: functions return 0, or -1 with a message in err
 * ("store: key: what") and errno set: ENOENT for a missing record, EBADMSG
 * for a corrupted one (the record is reported, never "repaired", and other
 * records stay readable), EINVAL for a bad key, others from the system.
 *
 * It does not keep a cache, an index of tags, or history beyond the fault
 * bound; callers that need those build them.
 */
#ifndef LIB_DEVICE_STORE_H
#define LIB_DEVICE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct param_tree;

/* DeviceId field limits (CWMP.md 8.2). */
#define DEVICE_MANUFACTURER_MAX	64
#define DEVICE_OUI_MAX		6
#define DEVICE_PRODUCT_CLASS_MAX	64
#define DEVICE_SERIAL_MAX	64
/* Longest key: OUI-ProductClass-Serial with every byte as %XX. */
#define DEVICE_KEY_MAX		(DEVICE_OUI_MAX + 2 + \
	3 * (DEVICE_PRODUCT_CLASS_MAX + DEVICE_SERIAL_MAX))
/* Longest key the YAML back end can use as a file name (NAME_MAX less
 * ".yaml" and the temporary suffix). */
#define DEVICE_STORE_FILE_KEY_MAX	220
/* Events kept from the last Inform (TR-069: at most 64 EventStructs). */
#define DEVICE_EVENTS_MAX	64
#define DEVICE_EVENT_CODE_MAX	64
#define DEVICE_COMMAND_KEY_MAX	32
#define DEVICE_URL_MAX		256
#define DEVICE_ADDR_MAX		64
#define DEVICE_TIME_TEXT_MAX	40
/* Faults kept per device; the oldest is dropped beyond this. */
#define DEVICE_FAULTS_MAX	16
#define DEVICE_FAULT_STRING_MAX	256
#define DEVICE_METHOD_MAX	64
/* Tags per device and the longest tag. */
#define DEVICE_TAGS_MAX		64
#define DEVICE_TAG_MAX		64
/* Free-form attributes (name -> value) per device and their lengths. */
#define DEVICE_ATTRS_MAX	64
#define DEVICE_ATTR_NAME_MAX	64
#define DEVICE_ATTR_VALUE_MAX	1024
/* Largest serialised record read back (bytes). */
#define DEVICE_RECORD_MAX	(64UL * 1024 * 1024)
/* Size of the error buffers callers pass. */
#define DEVICE_STORE_ERR_MAX	512

struct device_id {
	char	manufacturer[DEVICE_MANUFACTURER_MAX + 1];
	char	oui[DEVICE_OUI_MAX + 1];
	char	product_class[DEVICE_PRODUCT_CLASS_MAX + 1];
	char	serial[DEVICE_SERIAL_MAX + 1];
};

struct device_event {
	char	code[DEVICE_EVENT_CODE_MAX + 1];	/* "0 BOOTSTRAP" */
	char	command_key[DEVICE_COMMAND_KEY_MAX + 1];
};

struct device_inform {
	int64_t			time;		/* ACS clock, Unix time */
	char			current_time[DEVICE_TIME_TEXT_MAX + 1];
	unsigned int		retry_count;
	struct device_event	events[DEVICE_EVENTS_MAX];
	size_t			nevents;
	char			conn_req_url[DEVICE_URL_MAX + 1];
	char			remote_addr[DEVICE_ADDR_MAX + 1];
};

struct device_fault {
	int64_t		time;		/* ACS clock, Unix time */
	unsigned int	code;		/* CWMP fault code (9002 ...) */
	char		string[DEVICE_FAULT_STRING_MAX + 1];
	char		method[DEVICE_METHOD_MAX + 1];	/* the RPC that failed */
};

struct device_attr {
	char	name[DEVICE_ATTR_NAME_MAX + 1];
	char	value[DEVICE_ATTR_VALUE_MAX + 1];
};

/*
 * A device record.  Callers fill and read the fields directly, except
 * attrs, which only device_record_set_attr() changes (it grows the array);
 * tree and attrs are owned by the record (tree never NULL after
 * device_record_new()).  faults are oldest first.
 */
struct device_record {
	char			 key[DEVICE_KEY_MAX + 1];
	struct device_id	 id;
	int64_t			 created;	/* Unix time of first store */
	int64_t			 updated;	/* Unix time of last put */
	/* Last contact (ACS clock), >= inform.time: an Inform that changed
	 * nothing else moves only this (device_store_touch()). */
	int64_t			 contact;
	struct device_inform	 inform;
	struct param_tree	*tree;
	char			 tags[DEVICE_TAGS_MAX][DEVICE_TAG_MAX + 1];
	size_t			 ntags;
	struct device_attr	*attrs;		/* nattrs of them, grown */
	size_t			 nattrs;	/* on demand (each ~1 KB) */
	size_t			 attrs_cap;
	struct device_fault	 faults[DEVICE_FAULTS_MAX];
	size_t			 nfaults;
};

/*
 * Normalises a DeviceId as received (CWMP.md 8.2): trims surrounding
 * white space from every field (ZTE's "\n") and upper-cases the OUI.
 */
void	device_id_normalize(struct device_id *id);
/*
 * Builds the device key: OUI-ProductClass-SerialNumber, or
 * OUI-SerialNumber when ProductClass is empty, every byte outside
 * [A-Za-z0-9_] percent-encoded (%XX, upper case).  Returns -1 if the OUI
 * or serial is empty or the key does not fit len.
 */
int	device_key_make(const struct device_id *id, char *key, size_t len);
/* True if key is non-empty, short enough, and only [A-Za-z0-9_%-]. */
bool	device_key_is_valid(const char *key);

struct device_record *device_record_new(void);
void	device_record_free(struct device_record *rec);
/* Copies id into rec, normalises it and sets rec->key. */
int	device_record_set_id(struct device_record *rec,
	    const struct device_id *id);
/* Appends a fault, dropping the oldest beyond DEVICE_FAULTS_MAX. */
void	device_record_add_fault(struct device_record *rec, int64_t time,
	    unsigned int code, const char *string, const char *method);
/* Tags: add is idempotent; -1 if full or too long. */
int	device_record_add_tag(struct device_record *rec, const char *tag);
bool	device_record_has_tag(const struct device_record *rec,
	    const char *tag);
void	device_record_del_tag(struct device_record *rec, const char *tag);
/* Attributes: set replaces; value NULL deletes.  -1 if full/too long. */
int	device_record_set_attr(struct device_record *rec, const char *name,
	    const char *value);
const char *device_record_get_attr(const struct device_record *rec,
	    const char *name);
/* The record as YAML text (free() it), or NULL. */
char	*device_record_to_yaml(const struct device_record *rec,
	    size_t *lenp);
/* A record from YAML text; name is used in error messages. */
struct device_record *device_record_from_yaml(const char *name,
	    const char *text, size_t len, char *err, size_t errlen);

enum device_store_kind {
	DEVICE_STORE_YAML,
	DEVICE_STORE_GDBM
};

/* device_store_open() flags. */
#define DEVICE_STORE_CREATE	0x01	/* create the directory or file */
#define DEVICE_STORE_RDONLY	0x02	/* no put or delete */
#define DEVICE_STORE_NOSYNC	0x04	/* skip fsyncs (tests, benchmarks) */

struct device_store;

struct device_store *device_store_open(enum device_store_kind kind,
	    const char *path, int flags, char *err, size_t errlen);
/* Opens "yaml:DIR" or "gdbm:FILE". */
struct device_store *device_store_open_spec(const char *spec, int flags,
	    char *err, size_t errlen);
void	device_store_close(struct device_store *st);
enum device_store_kind device_store_kind(const struct device_store *st);

/* Reads the record for key into *recp (device_record_free() it). */
int	device_store_get(struct device_store *st, const char *key,
	    struct device_record **recp, char *err, size_t errlen);

/*
 * Which stored record a copy in memory was read from: the file's device,
 * inode, size, modification and change times, taken from the descriptor
 * it was read through (YAML back end).  Every write, whole or in place,
 * changes it.  valid is false when not known (GDBM, or after a whole
 * write, whose new file is not looked at again).
 */
struct device_store_version {
	bool		valid;
	uint64_t	dev;
	uint64_t	ino;
	int64_t		size;
	int64_t		mtime_sec, mtime_nsec;
	int64_t		ctime_sec, ctime_nsec;
};

/* device_store_get(), and the version of what it read into *ver. */
int	device_store_get_version(struct device_store *st, const char *key,
	    struct device_record **recp, struct device_store_version *ver,
	    char *err, size_t errlen);
/*
 * 1 if the stored record of key is still the one of version ver, 0 if it
 * changed, is gone or ver is not valid, -1 on an error.  The file is
 * opened for this (not only stat(2)ed), so that an NFS client revalidates
 * its attributes as it does for a read (close-to-open consistency).
 */
int	device_store_unchanged(struct device_store *st, const char *key,
	    const struct device_store_version *ver, char *err, size_t errlen);
/*
 * Stores rec under rec->key, replacing any old record completely; sets
 * rec->updated (and rec->created if zero) to now.
 */
int	device_store_put(struct device_store *st, struct device_record *rec,
	    char *err, size_t errlen);
/*
 * Records that the device was in contact at time t and nothing else of its
 * record changed: sets rec->contact.  The YAML back end rewrites only the
 * record's contact stamp, in place (one small write, no new file, not
 * flushed: a reader sees the old or the new time, never a torn record,
 * and after a power loss the time may be an older one); a stored
 * record without a stamp, a missing one, and the GDBM back end get a full
 * device_store_put() of rec instead.  If ver is not NULL it gets the
 * version of the record after an in-place touch (fstat(2) of the
 * descriptor written through), else not valid.
 */
int	device_store_touch(struct device_store *st, struct device_record *rec,
	    int64_t t, struct device_store_version *ver, char *err,
	    size_t errlen);
int	device_store_delete(struct device_store *st, const char *key,
	    char *err, size_t errlen);
/* True if a record exists for key (without parsing it). */
bool	device_store_exists(struct device_store *st, const char *key);
/*
 * All keys, sorted bytewise, as a NULL-terminated array (free with
 * device_store_keys_free()).  *np gets the count.
 */
int	device_store_list(struct device_store *st, char ***keysp, size_t *np,
	    char *err, size_t errlen);
void	device_store_keys_free(char **keys);
/*
 * Copies every record of from into to.  A corrupted record is reported in
 * err, skipped and counted in *badp; the others are copied.  Returns -1
 * only if listing or writing fails.
 */
int	device_store_copy(struct device_store *from, struct device_store *to,
	    size_t *copiedp, size_t *badp, char *err, size_t errlen);

#endif /* LIB_DEVICE_STORE_H */
