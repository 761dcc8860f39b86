/*
 * rule_jobs.c: rule actions to dirqueue jobs.  Argument trees use the XSD
 * element names acsd's dispatch expects (ParameterList of {Name, Value,
 * Type}, ParameterNames, ObjectName, CommandKey, FileType, URL, ...).
 * Keys the ACS must make unique (CommandKey, ParameterKey; at most 32
 * characters, CWMP.md 6.1) are derived from the rule, device, time and a
 * sequence number.  Non-idempotent RPCs (AddObject, DeleteObject,
 * Download, Upload, Reboot, FactoryReset) are marked so, so a lost answer
 * parks the job instead of repeating it (CWMP.md 12).  It does not decide
 * which actions run: that is the engine and the rollout gate.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/rule_jobs.h"
#include "lib/xmalloc.h"

static uint32_t
key_hash(const char *rule, const char *device, time_t now, unsigned seq)
{
	uint32_t h = 2166136261u;
	const char *p;
	char tail[48];

	for (p = rule; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (p = device; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	snprintf(tail, sizeof(tail), "%lld/%u", (long long)now, seq);
	for (p = tail; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h;
}

static void
job_base(struct dirqueue_job *job, const struct rule_action *a, const char *rpc,
    bool idempotent)
{
	job->rpc = xstrdup(rpc);
	xasprintf(&job->origin, "%s%s", RULE_JOBS_ORIGIN_PREFIX, a->rule);
	job->idempotent = idempotent;
	job->args = dirqueue_arg_new(DIRQUEUE_ARG_MAP);
}

static void
job_spv(const struct rule_action *a, const char *key, struct dirqueue_job *spv,
    struct dirqueue_job *gpv)
{
	struct dirqueue_arg *list, *p, *names;
	size_t i;

	job_base(spv, a, "SetParameterValues", true);
	list = dirqueue_arg_add(spv->args, "ParameterList", DIRQUEUE_ARG_LIST);
	job_base(gpv, a, "GetParameterValues", true);
	names =
	    dirqueue_arg_add(gpv->args, "ParameterNames", DIRQUEUE_ARG_LIST);
	for (i = 0; i < a->nargs; i++) {
		p = dirqueue_arg_add(list, NULL, DIRQUEUE_ARG_MAP);
		dirqueue_arg_add_str(p, "Name", a->args[i].name);
		dirqueue_arg_add_str(p, "Value", a->args[i].value);
		dirqueue_arg_add_str(p, "Type",
		    a->args[i].type != NULL ? a->args[i].type : "xsd:string");
		dirqueue_arg_add_str(names, NULL, a->args[i].name);
	}
	dirqueue_arg_add_str(spv->args, "ParameterKey", key);
}

/* Every argument as a string, in order, plus a key argument. */
static void
job_flat(const struct rule_action *a, struct dirqueue_job *job,
    const char *keyname, const char *key)
{
	size_t i;

	if (keyname != NULL && rule_action_arg(a, keyname) == NULL)
		dirqueue_arg_add_str(job->args, keyname, key);
	for (i = 0; i < a->nargs; i++) {
		if (keyname != NULL && strcmp(a->args[i].name, keyname) == 0 &&
		    *a->args[i].value == '\0')
			dirqueue_arg_add_str(job->args, keyname, key);
		else
			dirqueue_arg_add_str(
			    job->args, a->args[i].name, a->args[i].value);
	}
}

size_t
rule_jobs_from_action(const struct rule_action *a, const char *device,
    time_t now, unsigned seq, struct dirqueue_job *jobs)
{
	struct dirqueue_arg *names;
	char key[33];
	size_t i;

	snprintf(
	    key, sizeof(key), "rule-%08x", key_hash(a->rule, device, now, seq));
	switch (a->kind) {
	case RULE_ACT_SET:
		job_spv(a, key, &jobs[0], &jobs[1]);
		return 2;
	case RULE_ACT_REFRESH:
		job_base(&jobs[0], a, "GetParameterValues", true);
		names = dirqueue_arg_add(
		    jobs[0].args, "ParameterNames", DIRQUEUE_ARG_LIST);
		for (i = 0; i < a->nargs; i++)
			dirqueue_arg_add_str(names, NULL, a->args[i].value);
		return 1;
	case RULE_ACT_ADD_OBJECT:
	case RULE_ACT_DELETE_OBJECT:
		job_base(&jobs[0], a, rule_action_rpc(a->kind), false);
		job_flat(a, &jobs[0], "ParameterKey", key);
		return 1;
	case RULE_ACT_DOWNLOAD:
	case RULE_ACT_UPLOAD:
	case RULE_ACT_REBOOT:
		job_base(&jobs[0], a, rule_action_rpc(a->kind), false);
		job_flat(a, &jobs[0], "CommandKey", key);
		return 1;
	case RULE_ACT_FACTORY_RESET:
		job_base(&jobs[0], a, rule_action_rpc(a->kind), false);
		return 1;
	case RULE_ACT_SCHEDULE_INFORM:
		job_base(&jobs[0], a, rule_action_rpc(a->kind), true);
		job_flat(a, &jobs[0], "CommandKey", key);
		return 1;
	case RULE_ACT_TAG:
	case RULE_ACT_UNTAG:
	case RULE_ACT_EXEC:
	case RULE_ACT_CLI:
		break;
	}
	return 0;
}

int
rule_jobs_enqueue(struct dirqueue *dq, const char *device,
    const struct rule_actions *acts, time_t now, const char **errstr)
{
	struct dirqueue_job jobs[RULE_JOBS_PER_ACTION];
	const struct rule_action *a;
	unsigned seq = 0;
	size_t n, i;
	int queued = 0, rv = 0;

	TAILQ_FOREACH(a, &acts->list, entry) {
		for (i = 0; i < RULE_JOBS_PER_ACTION; i++)
			dirqueue_job_init(&jobs[i]);
		n = rule_jobs_from_action(a, device, now, seq++, jobs);
		for (i = 0; i < n && rv == 0; i++) {
			if (dirqueue_enqueue(dq, device, &jobs[i], errstr) ==
			    -1)
				rv = -1;
			else
				queued++;
		}
		for (i = 0; i < RULE_JOBS_PER_ACTION; i++)
			dirqueue_job_clear(&jobs[i]);
		if (rv == -1)
			return -1;
	}
	return queued;
}

const char *
rule_jobs_rule(const struct dirqueue_job *job, char *buf, size_t len)
{
	size_t plen = strlen(RULE_JOBS_ORIGIN_PREFIX);

	if (job->origin == NULL ||
	    strncmp(job->origin, RULE_JOBS_ORIGIN_PREFIX, plen) != 0 ||
	    strlcpy(buf, job->origin + plen, len) >= len)
		return NULL;
	return buf;
}
