/*
 * dispatch.c: the life of a queued job inside a session (CWMP.md 12, rules
 * 1 and 2; 14.3).  A job is claimed with a lease, becomes one RPC, and
 * leaves the queue only when its answer arrives: finished with the
 * response kept, or failed with the fault kept.  A transient fault (9002,
 * 9004) holds the job back until the session ends, then returns it.  A
 * session that dies returns its job: queued again if idempotent, "unknown"
 * otherwise.  The "refresh" pseudo-job runs discovery and finishes when
 * discovery does.  Responses also update the device store.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cwmp_rpc.h"
#include "lib/dirqueue.h"
#include "lib/log.h"
#include "acs/acs.h"

static int
dispatch_lease(struct acs_ctx *ctx)
{
	return (int)(ctx->cfg->session.timeout / 1000) * 2;
}

int
dispatch_claim(struct acs_ctx *ctx, struct acs_session *s)
{
	const char *errstr;
	int rc;

	dirqueue_job_init(&s->job);
	rc = dirqueue_claim_next(backend_queue(ctx), s->device,
	    dispatch_lease(ctx), &s->job, &errstr);
	if (rc == 1) {
		s->has_job = true;
		log_debug("%s: %s: job %s (%s)", __func__, s->device,
		    s->job.name, s->job.rpc);
		return 1;
	}
	dirqueue_job_clear(&s->job);
	if (rc == -1) {
		log_warnx("%s: queue: %s", s->device, errstr);
		s->no_jobs = true;
	}
	return 0;
}

static void
dispatch_done(struct acs_session *s)
{
	dirqueue_job_clear(&s->job);
	s->has_job = false;
}

void
dispatch_drop(struct acs_ctx *ctx, struct acs_session *s, const char *reason)
{
	const char *errstr;

	if (!s->has_job)
		return;
	log_warnx("%s: job %s (%s) failed: %s", s->device, s->job.name,
	    s->job.rpc, reason);
	rules_hook_job(ctx, s, &s->job, NULL, false);
	if (dirqueue_fail(backend_queue(ctx), &s->job, reason, NULL, &errstr) ==
	    -1)
		log_warnx("%s: job %s: %s", s->device, s->job.name, errstr);
	dispatch_done(s);
}

int
dispatch_job_msg(struct acs_ctx *ctx, struct acs_session *s, struct cwmp_msg *m)
{
	const char *errstr;
	const char *hold;

	if (dispatch_args_msg(&s->job, m, &errstr) == -1) {
		dispatch_drop(ctx, s, errstr);
		return -1;
	}
	hold = dirqueue_arg_get_str(s->job.args, "HoldRequests");
	s->hold = hold != NULL && strcmp(hold, "1") == 0;
	return 0;
}

/* The store learns from what the CPE answered. */
static void
dispatch_store(struct acs_ctx *ctx, struct acs_session *s,
    const struct cwmp_msg *m, const struct cwmp_msg *req)
{
	switch (m->method) {
	case CWMP_GET_PARAMETER_VALUES_RESPONSE:
		backend_values(ctx, s, &m->gpv_resp);
		break;
	case CWMP_GET_PARAMETER_NAMES_RESPONSE:
		backend_names(ctx, s, &m->gpn_resp);
		break;
	case CWMP_SET_PARAMETER_VALUES_RESPONSE:
		if (req != NULL)
			backend_values(ctx, s, &req->spv.params);
		break;
	case CWMP_GET_RPC_METHODS_RESPONSE:
		backend_methods(ctx, s, &m->methods);
		break;
	default:
		break;
	}
}

static void
dispatch_failed(
    struct acs_ctx *ctx, struct acs_session *s, const struct cwmp_msg *m)
{
	struct dirqueue_arg *fault;
	const char *errstr;
	char reason[64];

	if (dispatch_fault_is_transient(m->fault.code) &&
	    s->nheld < ACS_HELD_MAX) {
		log_info("%s: job %s (%s): transient fault %d, held", s->device,
		    s->job.name, s->job.rpc, m->fault.code);
		session_hold(s, &s->job);
		s->has_job = false;
		dirqueue_job_init(&s->job);
		return;
	}
	snprintf(reason, sizeof(reason), "fault %d", m->fault.code);
	rules_hook_job(ctx, s, &s->job, m, false);
	backend_fault(ctx, s, &m->fault, s->job.rpc);
	backend_flush(ctx, s);
	fault = dispatch_args_fault(&m->fault);
	if (dirqueue_fail(
	        backend_queue(ctx), &s->job, reason, fault, &errstr) == -1)
		log_warnx("%s: job %s: %s", s->device, s->job.name, errstr);
	else
		log_info("%s: job %s (%s) failed: fault %d %s", s->device,
		    s->job.name, s->job.rpc, m->fault.code,
		    m->fault.string != NULL ? m->fault.string : "");
	dirqueue_arg_free(fault);
	dispatch_done(s);
}

void
dispatch_response(
    struct acs_ctx *ctx, struct acs_session *s, const struct cwmp_msg *m)
{
	struct dirqueue_arg *result;
	struct cwmp_msg req;
	const char *errstr;

	if (!s->has_job)
		return;
	if (m->method == CWMP_FAULT) {
		dispatch_failed(ctx, s, m);
		return;
	}
	if (m->method != cwmp_method_response(s->pending_method)) {
		dirqueue_return(backend_queue(ctx), &s->job, true, &errstr);
		dispatch_done(s);
		return;
	}
	cwmp_msg_init(&req, CWMP_EMPTY);
	if (dispatch_args_msg(&s->job, &req, &errstr) == -1)
		cwmp_msg_clear(&req);
	dispatch_store(ctx, s, m, &req);
	cwmp_msg_clear(&req);
	rules_hook_job(ctx, s, &s->job, m, true);
	/* The store holds the answer before the job leaves the queue. */
	backend_flush(ctx, s);
	result = dispatch_args_result(m);
	if (dirqueue_finish(backend_queue(ctx), &s->job, result, &errstr) == -1)
		log_warnx("%s: job %s: %s", s->device, s->job.name, errstr);
	else
		log_info(
		    "%s: job %s (%s) done", s->device, s->job.name, s->job.rpc);
	dirqueue_arg_free(result);
	dispatch_done(s);
	/* The tree may have changed: the rules look again. */
	rules_hook_eval(ctx, s);
}

/* The CPE sent an empty POST instead of answering. */
void
dispatch_abandon(struct acs_ctx *ctx, struct acs_session *s)
{
	const char *errstr;

	if (s->pending == ACS_PENDING_JOB && s->has_job) {
		dirqueue_return(backend_queue(ctx), &s->job, true, &errstr);
		dispatch_done(s);
		s->no_jobs = true;
	} else if (s->pending == ACS_PENDING_DISCOVER && s->disc != NULL)
		discover_fault(s->disc, s->pending_method, 0);
	s->pending = ACS_PENDING_NONE;
}

/* Renews the session lock and leases at a quarter of the lease. */
void
dispatch_renew(struct acs_ctx *ctx, struct acs_session *s)
{
	struct dirqueue *dq = backend_queue(ctx);
	const char *errstr;
	uint64_t now = acs_now_ms();
	size_t i;
	int lease = dispatch_lease(ctx);

	if (now - s->lock_renewed_ms < (uint64_t)lease * 250)
		return;
	s->lock_renewed_ms = now;
	if (s->lock != NULL && dirqueue_lock_renew(dq, s->lock, &errstr) == -1)
		log_warnx("%s: session lock: %s", s->device, errstr);
	if (s->has_job)
		dirqueue_renew(dq, &s->job, lease, &errstr);
	if (s->has_refresh)
		dirqueue_renew(dq, &s->refresh, lease, &errstr);
	for (i = 0; i < s->nheld; i++)
		dirqueue_renew(dq, &s->held[i], lease, &errstr);
}

void
dispatch_start_refresh(struct acs_ctx *ctx, struct acs_session *s)
{
	const char *path, *errstr;

	if (s->has_refresh && s->nheld < ACS_HELD_MAX) {
		/* One refresh at a time; the other waits for a session. */
		session_hold(s, &s->job);
	} else if (s->has_refresh) {
		dirqueue_return(backend_queue(ctx), &s->job, false, &errstr);
		dirqueue_job_clear(&s->job);
	} else {
		s->refresh = s->job;
		s->has_refresh = true;
	}
	s->has_job = false;
	dirqueue_job_init(&s->job);
	if (s->disc != NULL)
		return;
	path = dirqueue_arg_get_str(s->refresh.args, "ParameterPath");
	s->disc = discover_new(path != NULL && *path != '\0' ? path : s->root,
	    ctx->cfg->session.gpv_batch);
}

void
dispatch_discover_response(
    struct acs_ctx *ctx, struct acs_session *s, const struct cwmp_msg *m)
{
	if (s->disc == NULL)
		return;
	switch (m->method) {
	case CWMP_GET_PARAMETER_NAMES_RESPONSE:
		discover_names(s->disc, &m->gpn_resp);
		backend_names(ctx, s, &m->gpn_resp);
		break;
	case CWMP_GET_PARAMETER_VALUES_RESPONSE:
		backend_values(ctx, s, &m->gpv_resp);
		break;
	case CWMP_FAULT:
		discover_fault(s->disc, s->pending_method, m->fault.code);
		break;
	default:
		discover_fault(s->disc, s->pending_method, 0);
		break;
	}
}

void
dispatch_end_discovery(struct acs_ctx *ctx, struct acs_session *s)
{
	struct dirqueue_arg *result;
	const char *errstr;
	char n[32];

	snprintf(n, sizeof(n), "%zu", discover_count(s->disc));
	log_info("%s: discovery done, %s parameters", s->device, n);
	if (s->has_refresh) {
		backend_flush(ctx, s);
		result = dirqueue_arg_new(DIRQUEUE_ARG_MAP);
		dirqueue_arg_add_str(result, "Parameters", n);
		if (dirqueue_finish(
		        backend_queue(ctx), &s->refresh, result, &errstr) == -1)
			log_warnx("%s: job %s: %s", s->device, s->refresh.name,
			    errstr);
		dirqueue_arg_free(result);
		dirqueue_job_clear(&s->refresh);
		s->has_refresh = false;
	}
	discover_free(s->disc);
	s->disc = NULL;
	rules_hook_eval(ctx, s);
}

bool
dispatch_fault_is_transient(int code)
{
	return code == CWMP_FAULT_INTERNAL_ERROR ||
	    code == CWMP_FAULT_RESOURCES_EXCEEDED;
}
