/*
 * rule_rollout.h: rollout control for one rule, as pure decisions on an
 * in-memory struct rule_progress: which devices may run the rule's actions
 * now (max_in_flight, percent, backoff after failures, pause on a failure
 * rate), and what a finished job means (done, failed, or "verify at the
 * next evaluation" for declarative rules).  rule_state.h keeps progress
 * on disk; anthill-rules plan uses a scratch copy.  No I/O, no clock.
 */
#ifndef LIB_RULE_ROLLOUT_H
#define LIB_RULE_ROLLOUT_H

#include <sys/tree.h>

#include <stdbool.h>
#include <time.h>

#include "lib/rule_engine.h"

#define RULE_PAUSE_REASON_MAX 160

enum rule_phase {
	RULE_PHASE_QUEUED, /* jobs outstanding */
	RULE_PHASE_VERIFY, /* jobs done; next evaluation decides */
	RULE_PHASE_BACKOFF, /* failed; may retry at retry_at */
	RULE_PHASE_GAVE_UP /* failed max_attempts times */
};

struct rule_devstate {
	RB_ENTRY(rule_devstate) entry;
	char *id;
	enum rule_phase phase;
	unsigned jobs; /* outstanding (QUEUED) */
	unsigned attempts; /* failures so far */
	time_t since; /* entered this phase */
	time_t retry_at; /* BACKOFF */
};
RB_HEAD(rule_devtree, rule_devstate);

struct rule_progress {
	char *rule;
	unsigned long matched; /* devices admitted */
	unsigned long done;
	unsigned long failed;
	unsigned in_flight; /* QUEUED + VERIFY entries */
	unsigned backoff; /* BACKOFF entries */
	unsigned gave_up; /* GAVE_UP entries */
	bool paused;
	char pause_reason[RULE_PAUSE_REASON_MAX];
	time_t paused_at;
	struct rule_devtree devs;
	bool dirty; /* changed since loaded */
};

struct rule_progress *rule_progress_new(const char *rule);
void rule_progress_free(struct rule_progress *p);
struct rule_devstate *rule_progress_find(
    struct rule_progress *p, const char *devid);
/* Adds or replaces a device entry (the state file reader uses it). */
struct rule_devstate *rule_progress_put(
    struct rule_progress *p, const char *devid, enum rule_phase phase);
void rule_progress_drop(struct rule_progress *p, struct rule_devstate *d);
/*
 * Removes an entry but leaves the counters as they are (in_flight still
 * counts it): for a scratch copy that sees each device once, as
 * anthill-rules plan does, where only the counts matter afterwards.
 */
void rule_progress_forget(struct rule_progress *p, struct rule_devstate *d);
/* Device entries in id order. */
struct rule_devstate *rule_progress_first(const struct rule_progress *p);
struct rule_devstate *rule_progress_next(
    const struct rule_progress *p, struct rule_devstate *d);
const char *rule_phase_name(enum rule_phase phase);
int rule_phase_lookup(const char *name, enum rule_phase *phase);

/*
 * The gate decision for one device (struct rule_gate semantics):
 * has_actions says whether the rule matched with work to do, njobs how
 * many queue jobs that work makes.  Marks p dirty when it changes.
 */
enum rule_gate_verdict rule_rollout_decide(struct rule_progress *p,
    const struct rule *r, const char *devid, bool has_actions, unsigned njobs,
    time_t now);
/* One job made by rule r for devid finished (ok) or failed. */
void rule_rollout_job_done(struct rule_progress *p, const struct rule *r,
    const char *devid, bool ok, time_t now);
/* Fails in-flight devices older than the rule's timeout. */
void rule_rollout_expire(
    struct rule_progress *p, const struct rule *r, time_t now);
/* Clears a pause (the operator's decision). */
void rule_rollout_resume(struct rule_progress *p);
const char *rule_gate_verdict_name(enum rule_gate_verdict v);

#endif /* LIB_RULE_ROLLOUT_H */
