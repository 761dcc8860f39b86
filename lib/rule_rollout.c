/*
 * rule_rollout.c: the rollout decisions of rule_rollout.h.  A device goes
 * QUEUED when admitted (matched++), then, when all its jobs finished, done
 * (or VERIFY first if the rule is declarative: the next evaluation must
 * find nothing left to do), or failed when a job failed, the rule still
 * wanted work after verification, or it stayed in flight past the
 * timeout.  A failed device waits retry_backoff * 2^(attempts-1) seconds
 * and gives up after max_attempts.  The rule pauses itself once
 * failed / (done + failed) reaches pause_failure_rate over at least
 * pause_min_samples outcomes.  Pure: no I/O, "now" comes from the caller.
 */
#include "config.h"

/* libbsd's tree.h marks the static RB functions __unused. */
#ifndef __unused
#define __unused __attribute__((__unused__))
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/rule_int.h"
#include "lib/rule_rollout.h"
#include "lib/xmalloc.h"

static int
devstate_cmp(struct rule_devstate *a, struct rule_devstate *b)
{
	return strcmp(a->id, b->id);
}

RB_GENERATE_STATIC(rule_devtree, rule_devstate, entry, devstate_cmp)

static const char *const phase_names[] = {
	[RULE_PHASE_QUEUED] = "queued",
	[RULE_PHASE_VERIFY] = "verify",
	[RULE_PHASE_BACKOFF] = "backoff",
	[RULE_PHASE_GAVE_UP] = "gave_up",
};

const char *
rule_phase_name(enum rule_phase phase)
{
	return (size_t)phase < nitems(phase_names) ? phase_names[phase] : "?";
}

int
rule_phase_lookup(const char *name, enum rule_phase *phase)
{
	size_t i;

	for (i = 0; i < nitems(phase_names); i++) {
		if (strcmp(name, phase_names[i]) == 0) {
			*phase = i;
			return 0;
		}
	}
	return -1;
}

static const char *const verdict_names[] = {
	[RULE_GATE_RUN] = "run",
	[RULE_GATE_IDLE] = "idle",
	[RULE_GATE_IN_FLIGHT] = "in_flight",
	[RULE_GATE_BACKOFF] = "backoff",
	[RULE_GATE_GAVE_UP] = "gave_up",
	[RULE_GATE_PAUSED] = "paused",
	[RULE_GATE_PERCENT] = "percent",
	[RULE_GATE_MAX_IN_FLIGHT] = "max_in_flight",
	[RULE_GATE_SESSION] = "session_limit",
};

const char *
rule_gate_verdict_name(enum rule_gate_verdict v)
{
	return (size_t)v < nitems(verdict_names) ? verdict_names[v] : "?";
}

struct rule_progress *
rule_progress_new(const char *rule)
{
	struct rule_progress *p;

	p = xcalloc(1, sizeof(*p));
	p->rule = xstrdup(rule);
	RB_INIT(&p->devs);
	return p;
}

void
rule_progress_free(struct rule_progress *p)
{
	struct rule_devstate *d;

	if (p == NULL)
		return;
	while ((d = RB_MIN(rule_devtree, &p->devs)) != NULL)
		rule_progress_drop(p, d);
	free(p->rule);
	free(p);
}

struct rule_devstate *
rule_progress_find(struct rule_progress *p, const char *devid)
{
	struct rule_devstate key;

	key.id = (char *)(uintptr_t)devid;
	return RB_FIND(rule_devtree, &p->devs, &key);
}

static void
count_phase(struct rule_progress *p, enum rule_phase phase, int delta)
{
	switch (phase) {
	case RULE_PHASE_QUEUED:
	case RULE_PHASE_VERIFY:
		p->in_flight += delta;
		break;
	case RULE_PHASE_BACKOFF:
		p->backoff += delta;
		break;
	case RULE_PHASE_GAVE_UP:
		p->gave_up += delta;
		break;
	}
}

static void
set_phase(struct rule_progress *p, struct rule_devstate *d,
    enum rule_phase phase, time_t now)
{
	count_phase(p, d->phase, -1);
	d->phase = phase;
	d->since = now;
	count_phase(p, phase, 1);
	p->dirty = true;
}

struct rule_devstate *
rule_progress_put(
    struct rule_progress *p, const char *devid, enum rule_phase phase)
{
	struct rule_devstate *d;

	if ((d = rule_progress_find(p, devid)) != NULL) {
		set_phase(p, d, phase, d->since);
		return d;
	}
	d = xcalloc(1, sizeof(*d));
	d->id = xstrdup(devid);
	d->phase = phase;
	count_phase(p, phase, 1);
	RB_INSERT(rule_devtree, &p->devs, d);
	p->dirty = true;
	return d;
}

struct rule_devstate *
rule_progress_first(const struct rule_progress *p)
{
	return RB_MIN(
	    rule_devtree, &((struct rule_progress *)(uintptr_t)p)->devs);
}

struct rule_devstate *
rule_progress_next(const struct rule_progress *p, struct rule_devstate *d)
{
	return RB_NEXT(
	    rule_devtree, &((struct rule_progress *)(uintptr_t)p)->devs, d);
}

void
rule_progress_drop(struct rule_progress *p, struct rule_devstate *d)
{
	count_phase(p, d->phase, -1);
	RB_REMOVE(rule_devtree, &p->devs, d);
	free(d->id);
	free(d);
	p->dirty = true;
}

void
rule_progress_forget(struct rule_progress *p, struct rule_devstate *d)
{
	RB_REMOVE(rule_devtree, &p->devs, d);
	free(d->id);
	free(d);
	p->dirty = true;
}

void
rule_rollout_resume(struct rule_progress *p)
{
	if (!p->paused)
		return;
	p->paused = false;
	p->pause_reason[0] = '\0';
	p->paused_at = 0;
	p->dirty = true;
}

static void
check_pause(struct rule_progress *p, const struct rule *r, time_t now)
{
	unsigned long total = p->done + p->failed;

	if (p->paused || r->rollout.pause_rate == 0 ||
	    total < r->rollout.min_samples)
		return;
	if (p->failed * 100 < (unsigned long)r->rollout.pause_rate * total)
		return;
	p->paused = true;
	p->paused_at = now;
	snprintf(p->pause_reason, sizeof(p->pause_reason),
	    "%lu of %lu "
	    "outcomes failed (%lu%%), threshold %u%%",
	    p->failed, total, p->failed * 100 / total, r->rollout.pause_rate);
}

static void
device_failed(struct rule_progress *p, const struct rule *r,
    struct rule_devstate *d, time_t now)
{
	unsigned shift;
	time_t delay;

	p->failed++;
	d->attempts++;
	d->jobs = 0;
	if (d->attempts >= r->rollout.max_attempts)
		set_phase(p, d, RULE_PHASE_GAVE_UP, now);
	else {
		shift = d->attempts - 1 < 16 ? d->attempts - 1 : 16;
		delay = (time_t)r->rollout.backoff << shift;
		if (delay > RULE_ROLLOUT_BACKOFF_MAX)
			delay = RULE_ROLLOUT_BACKOFF_MAX;
		set_phase(p, d, RULE_PHASE_BACKOFF, now);
		d->retry_at = now + delay;
	}
	check_pause(p, r, now);
}

static void
device_done(struct rule_progress *p, struct rule_devstate *d)
{
	p->done++;
	rule_progress_drop(p, d);
}

void
rule_rollout_expire(struct rule_progress *p, const struct rule *r, time_t now)
{
	struct rule_devstate *d, *next;

	RB_FOREACH_SAFE(d, rule_devtree, &p->devs, next)
	{
		if (d->phase == RULE_PHASE_QUEUED &&
		    now - d->since > (time_t)r->rollout.timeout)
			device_failed(p, r, d, now);
	}
}

void
rule_rollout_job_done(struct rule_progress *p, const struct rule *r,
    const char *devid, bool ok, time_t now)
{
	struct rule_devstate *d;

	d = rule_progress_find(p, devid);
	if (d == NULL || d->phase != RULE_PHASE_QUEUED)
		return; /* late answer for an expired device */
	if (!ok) {
		device_failed(p, r, d, now);
		return;
	}
	if (d->jobs > 0)
		d->jobs--;
	p->dirty = true;
	if (d->jobs > 0)
		return;
	if (r->declarative)
		set_phase(p, d, RULE_PHASE_VERIFY, now);
	else
		device_done(p, d);
}

/* What to do about a device this rule already tracks; -1: go on. */
static int
decide_tracked(struct rule_progress *p, const struct rule *r,
    struct rule_devstate *d, bool has, time_t now)
{
	switch (d->phase) {
	case RULE_PHASE_QUEUED:
		if (now - d->since <= (time_t)r->rollout.timeout)
			return RULE_GATE_IN_FLIGHT;
		device_failed(p, r, d, now);
		return has ? RULE_GATE_BACKOFF : RULE_GATE_IDLE;
	case RULE_PHASE_VERIFY:
		if (!has) {
			device_done(p, d);
			return RULE_GATE_IDLE;
		}
		device_failed(p, r, d, now); /* did not converge */
		return RULE_GATE_BACKOFF;
	case RULE_PHASE_BACKOFF:
		if (!has) {
			/* Fixed by other means: forget the failures. */
			rule_progress_drop(p, d);
			return RULE_GATE_IDLE;
		}
		return now < d->retry_at ? RULE_GATE_BACKOFF : -1;
	case RULE_PHASE_GAVE_UP:
		if (!has) {
			rule_progress_drop(p, d);
			return RULE_GATE_IDLE;
		}
		return RULE_GATE_GAVE_UP;
	}
	return -1;
}

enum rule_gate_verdict
rule_rollout_decide(struct rule_progress *p, const struct rule *r,
    const char *devid, bool has_actions, unsigned njobs, time_t now)
{
	struct rule_devstate *d;
	int v;

	d = rule_progress_find(p, devid);
	if (d != NULL && (v = decide_tracked(p, r, d, has_actions, now)) != -1)
		return v;
	if (!has_actions)
		return RULE_GATE_IDLE;
	if (p->paused)
		return RULE_GATE_PAUSED;
	if (r->rollout.percent < 100 &&
	    rule_bucket(devid, r->rollout.seed) >= r->rollout.percent)
		return RULE_GATE_PERCENT;
	if (r->rollout.max_in_flight > 0) {
		rule_rollout_expire(p, r, now);
		if (p->in_flight >= r->rollout.max_in_flight)
			return RULE_GATE_MAX_IN_FLIGHT;
	}
	if (d == NULL)
		d = rule_progress_put(p, devid, RULE_PHASE_QUEUED);
	set_phase(p, d, RULE_PHASE_QUEUED, now);
	d->jobs = njobs;
	p->matched++;
	/* No queue jobs (tags, exec): nothing to wait for. */
	if (njobs == 0 && r->declarative)
		set_phase(p, d, RULE_PHASE_VERIFY, now);
	else if (njobs == 0)
		device_done(p, d);
	return RULE_GATE_RUN;
}
