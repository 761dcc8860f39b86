/*
 * rule_jobs.h: turning rule actions into queue jobs (lib/dirqueue) for
 * the device's next session.  Each job records the rule that made it
 * (origin "rule:<name>"), so its outcome can be reported back to the
 * rollout state (rule_state_job_done()) and shown to operators.  A set
 * becomes SetParameterValues followed by a GetParameterValues read-back of
 * the same names.  Tag, untag and exec actions make no job: the caller
 * applies them to the device record or runs them (rule_exec.h).
 */
#ifndef LIB_RULE_JOBS_H
#define LIB_RULE_JOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "lib/dirqueue.h"
#include "lib/rule_engine.h"

#define RULE_JOBS_ORIGIN_PREFIX "rule:"
#define RULE_JOBS_PER_ACTION 2

/*
 * Fills jobs[] (at least RULE_JOBS_PER_ACTION of them, initialised by
 * the caller with dirqueue_job_init()) for action a; seq makes the
 * CommandKey/ParameterKey unique per device and time.  Returns the number
 * of jobs filled (0 for tag, untag, exec).
 */
size_t rule_jobs_from_action(const struct rule_action *a, const char *device,
    time_t now, unsigned seq, struct dirqueue_job *jobs);
/*
 * Enqueues the jobs of every RPC action in acts for device.  Returns the
 * number of jobs queued, or -1 (errstr) after queueing some.
 */
int rule_jobs_enqueue(struct dirqueue *dq, const char *device,
    const struct rule_actions *acts, time_t now, const char **errstr);
/* The rule that made a job (from its origin), or NULL. */
const char *rule_jobs_rule(
    const struct dirqueue_job *job, char *buf, size_t len);

#endif /* LIB_RULE_JOBS_H */
