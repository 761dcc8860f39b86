/*
 * rule_engine.h: the rules engine shared by acsd, anthill-rules and mdap.
 * A rule set is loaded from YAML rule files (rules(5)); evaluating it
 * against one device (reached through the small struct rule_device
 * interface) and the events of the current Inform yields a list of
 * actions, each tagged with the rule that made it.  Rollout limits
 * (max_in_flight, percent, failure-rate pause, backoff) are decided by
 * rule_rollout_decide() on an in-memory struct rule_progress, which the
 * caller may keep on disk with rule_state.h.
 *
 * The engine is pure: it never does I/O, never runs programs and never
 * touches the clock (the caller passes "now").  An `exec` action is only
 * returned; running it is rule_exec.h's job, outside the request path.
 */
#ifndef LIB_RULE_ENGINE_H
#define LIB_RULE_ENGINE_H

#include <sys/queue.h>
#include <sys/tree.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define RULE_NAME_MAX 64 /* [A-Za-z0-9_.-]+; also a file name */
#define RULE_FILE_MAX (4 * 1024 * 1024) /* bytes per rule file */
#define RULE_RULES_MAX 4096 /* rules per rule set */
#define RULE_DEPTH_MAX 32 /* nesting of all/any/not */
#define RULE_PATTERN_MAX 256 /* glob and regex length */
#define RULE_VALUE_MAX 4096 /* a templated value, expanded */
#define RULE_PATH_MAX 256 /* a parameter path (CWMP ParameterPath) */
#define RULE_INSTANCES_MAX 1024 /* instances: count */
#define RULE_EXEC_TIMEOUT_MAX 300 /* seconds */
#define RULE_EXEC_TIMEOUT_DEFAULT 10
#define RULE_EXEC_ARGS_MAX 16
#define RULE_SESSION_FIRES_MAX 2 /* times one rule fires per session */
#define RULE_ERRORS_MAX 64 /* load errors kept per load */
#define RULE_ERROR_MAX 512 /* bytes of one error message */

struct ruleset;
struct rule;

/* The device identity fields a condition or a template can name. */
enum rule_id {
	RULE_ID_OUI,
	RULE_ID_PRODUCT_CLASS,
	RULE_ID_SERIAL_NUMBER,
	RULE_ID_MANUFACTURER,
	RULE_ID_DEVICE_ID,
	RULE_ID_COUNT
};

typedef int (*rule_param_cb)(
    void *arg, const char *name, const char *value, const char *type);
typedef int (*rule_tag_cb)(void *arg, const char *tag);

/*
 * How the engine sees a device.  value() returns NULL when the parameter
 * is not in the tree; an object path ending in "." returns "" when the
 * object exists.  type may be NULL (unknown) and is an xsd type such as
 * "xsd:unsignedInt".  instances() stores at most max instance numbers of
 * the object "X.Y." in nums (ascending) and returns how many there are.
 * The foreach callbacks (for exec's JSON) stop when cb returns -1.
 */
struct rule_device_ops {
	const char *(*id)(void *ctx, enum rule_id field);
	const char *(*value)(void *ctx, const char *name, const char **type);
	bool (*has_tag)(void *ctx, const char *tag);
	size_t (*instances)(
	    void *ctx, const char *object, unsigned *nums, size_t max);
	int (*foreach_param)(void *ctx, rule_param_cb cb, void *arg);
	int (*foreach_tag)(void *ctx, rule_tag_cb cb, void *arg);
};

struct rule_device {
	const struct rule_device_ops *ops;
	void *ctx;
};

enum rule_action_kind {
	RULE_ACT_SET, /* SetParameterValues, then a read-back GPV */
	RULE_ACT_REFRESH, /* GetParameterValues of a subtree */
	RULE_ACT_ADD_OBJECT,
	RULE_ACT_DELETE_OBJECT,
	RULE_ACT_DOWNLOAD,
	RULE_ACT_UPLOAD,
	RULE_ACT_REBOOT,
	RULE_ACT_FACTORY_RESET,
	RULE_ACT_SCHEDULE_INFORM,
	RULE_ACT_TAG, /* device record only, no RPC */
	RULE_ACT_UNTAG, /* device record only, no RPC */
	RULE_ACT_EXEC, /* run a program (rule_exec.h), no RPC */
	RULE_ACT_CLI /* an MDAP EXEC-CLI command (mdap), no RPC */
};

/* One argument: CWMP argument names for RPCs ("URL", "FileType", ...). */
struct rule_arg {
	char *name;
	char *value;
	char *type; /* xsd type for SET, else NULL */
};

struct rule_action {
	TAILQ_ENTRY(rule_action) entry;
	enum rule_action_kind kind;
	char *rule; /* the rule that made it */
	struct rule_arg *args;
	size_t nargs;
	unsigned timeout; /* exec: seconds */
};
TAILQ_HEAD(rule_action_list, rule_action);

struct rule_actions {
	struct rule_action_list list;
	size_t count;
	char **errors; /* evaluation errors, per rule */
	size_t nerrors;
};

/* The input of one evaluation. */
struct rule_input {
	const struct rule_device *dev;
	const char *const *events; /* "1 BOOT", "M Download" */
	size_t nevents;
	time_t now;
	struct rule_session *session; /* may be NULL */
};

/*
 * Rollout gate: called for every rule that matched with work to do, and
 * for every rule when a gate is given (so in-flight devices can be
 * verified).  Returns RULE_GATE_RUN to let the actions through.
 */
enum rule_gate_verdict {
	RULE_GATE_RUN,
	RULE_GATE_IDLE, /* nothing to do */
	RULE_GATE_IN_FLIGHT, /* this device's earlier actions are pending */
	RULE_GATE_BACKOFF, /* failed before; retry later */
	RULE_GATE_GAVE_UP, /* failed max_attempts times */
	RULE_GATE_PAUSED, /* the rule paused itself */
	RULE_GATE_PERCENT, /* outside the rollout percentage */
	RULE_GATE_MAX_IN_FLIGHT, /* too many devices in flight */
	RULE_GATE_SESSION /* fired too often in this session */
};

struct rule_gate {
	enum rule_gate_verdict (*decide)(void *ctx, const struct rule *r,
	    const char *devid, bool has_actions, unsigned njobs, time_t now);
	void *ctx;
};

/* Loading.  Errors are "file:line:column: message" strings. */
struct rule_load_errors {
	char *msg[RULE_ERRORS_MAX];
	size_t count;
	size_t dropped;
};

struct ruleset *ruleset_new(void);
void ruleset_free(struct ruleset *rs);
/* Adds the rules of one file; on error adds nothing and returns -1. */
int ruleset_load_file(
    struct ruleset *rs, const char *path, struct rule_load_errors *errs);
/* Same from memory; name is used in messages. */
int ruleset_load_buffer(struct ruleset *rs, const char *name, const char *data,
    size_t len, struct rule_load_errors *errs);
/* Loads several files into a new set; NULL (and errs) if any is bad. */
struct ruleset *ruleset_load(
    const char *const *paths, size_t npaths, struct rule_load_errors *errs);
void rule_load_errors_clear(struct rule_load_errors *errs);
void rule_load_errors_add(struct rule_load_errors *errs, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
size_t ruleset_count(const struct ruleset *rs);
const struct rule *ruleset_rule(const struct ruleset *rs, size_t i);
const struct rule *ruleset_find(const struct ruleset *rs, const char *name);

const char *rule_name(const struct rule *r);
const char *rule_file(const struct rule *r);
unsigned rule_line(const struct rule *r);
/* Position of r in its rule set (0 .. ruleset_count() - 1). */
size_t rule_index(const struct rule *r);

/*
 * Evaluation: appends the actions of every matching rule, in rule order,
 * to out.  gate may be NULL (no rollout control: every match runs).
 * Returns the number of rules that fired.
 */
int ruleset_eval(const struct ruleset *rs, const struct rule_input *in,
    const struct rule_gate *gate, struct rule_actions *out);
/* Only the conditions of one rule (anthill-rules plan). */
bool rule_matches(const struct rule *r, const struct rule_input *in);

void rule_actions_init(struct rule_actions *a);
void rule_actions_clear(struct rule_actions *a);
const char *rule_action_kind_name(enum rule_action_kind kind);
/* The CWMP RPC an action becomes, or NULL (tag, untag, exec). */
const char *rule_action_rpc(enum rule_action_kind kind);
/* How many queue jobs the action becomes (SET: 2, tag: 0). */
unsigned rule_action_njobs(const struct rule_action *a);
const char *rule_action_arg(const struct rule_action *a, const char *name);
/* A one-line human summary ("Download URL=..."), secrets masked. */
char *rule_action_describe(const struct rule_action *a);

/* Per-session bound on how often a rule fires (acsd: one per session). */
struct rule_session *rule_session_new(void);
void rule_session_free(struct rule_session *s);

/*
 * Parses what an exec program printed: a YAML or JSON list of actions in
 * the do: syntax (exec not allowed), expanded for dev into out.
 */
int rule_actions_parse(const char *rulename, const char *data, size_t len,
    const struct rule_device *dev, struct rule_actions *out,
    struct rule_load_errors *errs);

const char *rule_id_name(enum rule_id field);
int rule_id_lookup(const char *name, enum rule_id *field);
/* Stable bucket 0..99 of a device id (FNV-1a), for rollout percent. */
unsigned rule_bucket(const char *devid, const char *seed);

#endif /* LIB_RULE_ENGINE_H */
