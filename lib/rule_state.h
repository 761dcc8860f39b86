/*
 * rule_state.h: rollout progress of rules kept on disk, one small YAML
 * file per rule (<dir>/<rule>.yaml), so several acsd processes or hosts
 * sharing a state directory over NFS see one rollout.  Each change is a
 * read-modify-write under a per-rule lock file taken with the link(2)
 * protocol (CWMP.md section 14; no flock, no rename for locking), and the
 * file is replaced atomically (lib/fileio).  It also provides a ready
 * struct rule_gate for ruleset_eval() and the hooks for job outcomes.
 * It does not evaluate rules.  A struct rule_state may be shared by
 * threads.
 */
#ifndef LIB_RULE_STATE_H
#define LIB_RULE_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "lib/rule_engine.h"
#include "lib/rule_rollout.h"

#define RULE_STATE_FILE_MAX (16 * 1024 * 1024)
#define RULE_STATE_LOCK_WAIT_MS 5000 /* give up taking a lock after */
#define RULE_STATE_LOCK_STALE 30 /* seconds before a lock is broken */
#define RULE_STATE_DEVICES_MAX 1000000 /* device entries per rule file */

/* rule_state_open() flags. */
#define RULE_STATE_CREATE 0x01 /* mkdir the directory if missing */
#define RULE_STATE_NOSYNC 0x02 /* skip fsync (tests, benchmarks) */

struct rule_state;

struct rule_state *rule_state_open(
    const char *dir, int flags, const char **errstr);
void rule_state_free(struct rule_state *st);
const char *rule_state_dir(const struct rule_state *st);

/* A snapshot of one rule's progress (empty if it has no file yet). */
struct rule_progress *rule_state_read(
    struct rule_state *st, const char *rule, const char **errstr);

typedef void (*rule_state_cb)(struct rule_progress *p, void *arg);
/* Locked read-modify-write: cb changes p; the file is written if dirty. */
int rule_state_update(struct rule_state *st, const char *rule, rule_state_cb cb,
    void *arg, const char **errstr);

/*
 * Fills gate with the state-backed decision.  A state file that cannot
 * be read or locked makes the gate answer RULE_GATE_PAUSED (fail closed)
 * and log the reason.
 */
void rule_state_gate(struct rule_state *st, struct rule_gate *gate);
/* A job that rule r made for devid finished (ok) or failed. */
int rule_state_job_done(struct rule_state *st, const struct rule *r,
    const char *devid, bool ok, time_t now, const char **errstr);
int rule_state_resume(
    struct rule_state *st, const char *rule, const char **errstr);
/* Serialises p as the state file text (free() it). */
char *rule_state_format(const struct rule_progress *p, size_t *lenp);
/* Parses state file text into a new progress; NULL and err on error. */
struct rule_progress *rule_state_parse(
    const char *name, const char *data, size_t len, char *err, size_t errlen);

#endif /* LIB_RULE_STATE_H */
