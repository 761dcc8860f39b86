/*
 * acsctl_queue.c: the commands over the job spool: queue (any RPC for one
 * device or every device matching a filter), jobs (list queued, done or
 * failed jobs) and cancel.  Job arguments use the XSD element names that
 * acsd's dispatcher reads (ParameterNames, ParameterList of {Name, Value,
 * Type}, ObjectName, CommandKey ...); -a adds or replaces any of them.
 * It does not check parameter names against the device's tree: the CPE
 * is the judge, and its fault lands in failed/.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "lib/device_store.h"
#include "lib/dirqueue.h"
#include "lib/xmalloc.h"
#include "acs/acs_config.h"
#include "acs/acsctl.h"

#define ACSCTL_ARGS_MAX	64	/* -a options */

typedef int (*rpc_build_cb)(struct dirqueue_arg *, int, char **,
    const char **);

struct rpc_def {
	const char	*name;
	const char	*alias;
	bool		 idempotent;	/* CWMP.md 12, rule 2 */
	int		 minargs;
	int		 maxargs;	/* -1: any */
	rpc_build_cb	 build;
};

static int
build_names(struct dirqueue_arg *a, int argc, char **argv,
    const char **errstr)
{
	struct dirqueue_arg	*l;
	int			 i;

	(void)errstr;
	l = dirqueue_arg_add(a, "ParameterNames", DIRQUEUE_ARG_LIST);
	for (i = 0; i < argc; i++)
		dirqueue_arg_add_str(l, NULL, argv[i]);
	return 0;
}

static int
build_gpn(struct dirqueue_arg *a, int argc, char **argv, const char **errstr)
{
	(void)errstr;
	dirqueue_arg_add_str(a, "ParameterPath", argc > 0 ? argv[0] : "");
	dirqueue_arg_add_str(a, "NextLevel", "false");
	return 0;
}

/* NAME[:TYPE]=VALUE; TYPE "int" means "xsd:int". */
static int
build_spv(struct dirqueue_arg *a, int argc, char **argv, const char **errstr)
{
	struct dirqueue_arg	*l, *p;
	char			*name, *eq, *colon, type[64];
	int			 i;

	l = dirqueue_arg_add(a, "ParameterList", DIRQUEUE_ARG_LIST);
	for (i = 0; i < argc; i++) {
		name = xstrdup(argv[i]);
		eq = strchr(name, '=');
		if (eq == NULL || eq == name) {
			free(name);
			*errstr = "SetParameterValues takes name[:type]=value";
			return -1;
		}
		*eq = '\0';
		strlcpy(type, "xsd:string", sizeof(type));
		if ((colon = strchr(name, ':')) != NULL) {
			*colon++ = '\0';
			snprintf(type, sizeof(type), "%s%s",
			    strncmp(colon, "xsd:", 4) == 0 ? "" : "xsd:",
			    colon);
		}
		p = dirqueue_arg_add(l, NULL, DIRQUEUE_ARG_MAP);
		dirqueue_arg_add_str(p, "Name", name);
		dirqueue_arg_add_str(p, "Value", eq + 1);
		dirqueue_arg_add_str(p, "Type", type);
		free(name);
	}
	dirqueue_arg_add_str(a, "ParameterKey", "");
	return 0;
}

/* NAME=NOTIFICATION[,ACCESS...]: the access list changes when given. */
static int
build_spa(struct dirqueue_arg *a, int argc, char **argv, const char **errstr)
{
	struct dirqueue_arg	*l, *p, *acl;
	char			*s, *eq, *comma, *next;
	int			 i;

	l = dirqueue_arg_add(a, "ParameterList", DIRQUEUE_ARG_LIST);
	for (i = 0; i < argc; i++) {
		s = xstrdup(argv[i]);
		eq = strchr(s, '=');
		if (eq == NULL || eq == s || eq[1] < '0' || eq[1] > '6') {
			free(s);
			*errstr = "SetParameterAttributes takes "
			    "name=notification[,access...]";
			return -1;
		}
		*eq++ = '\0';
		comma = strchr(eq, ',');
		if (comma != NULL)
			*comma++ = '\0';
		p = dirqueue_arg_add(l, NULL, DIRQUEUE_ARG_MAP);
		dirqueue_arg_add_str(p, "Name", s);
		dirqueue_arg_add_str(p, "Notification", eq);
		dirqueue_arg_add_str(p, "NotificationChange", "true");
		dirqueue_arg_add_str(p, "AccessListChange",
		    comma != NULL ? "true" : "false");
		acl = dirqueue_arg_add(p, "AccessList", DIRQUEUE_ARG_LIST);
		for (; comma != NULL && *comma != '\0'; comma = next) {
			if ((next = strchr(comma, ',')) != NULL)
				*next++ = '\0';
			dirqueue_arg_add_str(acl, NULL, comma);
		}
		free(s);
	}
	return 0;
}

static int
build_object(struct dirqueue_arg *a, int argc, char **argv,
    const char **errstr)
{
	(void)argc;
	if (argv[0][0] == '\0' || argv[0][strlen(argv[0]) - 1] != '.') {
		*errstr = "object names end with '.'";
		return -1;
	}
	dirqueue_arg_add_str(a, "ObjectName", argv[0]);
	dirqueue_arg_add_str(a, "ParameterKey", "");
	return 0;
}

static int
build_command_key(struct dirqueue_arg *a, int argc, char **argv,
    const char **errstr)
{
	(void)argc;
	(void)argv;
	(void)errstr;
	dirqueue_arg_add_str(a, "CommandKey", "");
	return 0;
}

static int
build_none(struct dirqueue_arg *a, int argc, char **argv,
    const char **errstr)
{
	(void)a;
	(void)argc;
	(void)argv;
	(void)errstr;
	return 0;
}

static int
build_transfer(struct dirqueue_arg *a, const char *url, const char *type)
{
	dirqueue_arg_add_str(a, "CommandKey", "");
	dirqueue_arg_add_str(a, "FileType", type);
	dirqueue_arg_add_str(a, "URL", url);
	dirqueue_arg_add_str(a, "Username", "");
	dirqueue_arg_add_str(a, "Password", "");
	dirqueue_arg_add_str(a, "DelaySeconds", "0");
	return 0;
}

static int
build_download(struct dirqueue_arg *a, int argc, char **argv,
    const char **errstr)
{
	(void)argc;
	(void)errstr;
	build_transfer(a, argv[0], "1 Firmware Upgrade Image");
	dirqueue_arg_add_str(a, "FileSize", "0");
	dirqueue_arg_add_str(a, "TargetFileName", "");
	return 0;
}

static int
build_upload(struct dirqueue_arg *a, int argc, char **argv,
    const char **errstr)
{
	(void)argc;
	(void)errstr;
	return build_transfer(a, argv[0], "1 Vendor Configuration File");
}

static int
build_schedule_inform(struct dirqueue_arg *a, int argc, char **argv,
    const char **errstr)
{
	const char	*e;

	(void)argc;
	strtonum(argv[0], 1, UINT32_MAX, &e);
	if (e != NULL) {
		*errstr = "ScheduleInform takes a delay in seconds";
		return -1;
	}
	dirqueue_arg_add_str(a, "DelaySeconds", argv[0]);
	dirqueue_arg_add_str(a, "CommandKey", "");
	return 0;
}

static int
build_refresh(struct dirqueue_arg *a, int argc, char **argv,
    const char **errstr)
{
	(void)argc;
	(void)errstr;
	dirqueue_arg_add_str(a, "ParameterPath", argv[0]);
	return 0;
}

static const struct rpc_def rpc_defs[] = {
	{ "GetParameterValues", "gpv", true, 1, -1, build_names },
	{ "SetParameterValues", "spv", true, 1, -1, build_spv },
	{ "GetParameterNames", "gpn", true, 0, 1, build_gpn },
	{ "GetParameterAttributes", "gpa", true, 1, -1, build_names },
	{ "SetParameterAttributes", "spa", true, 1, -1, build_spa },
	{ "AddObject", "add", false, 1, 1, build_object },
	{ "DeleteObject", "delete", false, 1, 1, build_object },
	{ "Reboot", "reboot", false, 0, 0, build_command_key },
	{ "FactoryReset", "factory-reset", false, 0, 0, build_none },
	{ "Download", "download", false, 1, 1, build_download },
	{ "Upload", "upload", false, 1, 1, build_upload },
	{ "ScheduleInform", "schedule-inform", false, 1, 1,
	    build_schedule_inform },
	{ "GetRPCMethods", "rpc-methods", true, 0, 0, build_none },
	{ "refresh", "refresh", true, 1, 1, build_refresh },
};

static const struct rpc_def *
rpc_find(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof(rpc_defs) / sizeof(rpc_defs[0]); i++)
		if (strcasecmp(name, rpc_defs[i].name) == 0 ||
		    strcasecmp(name, rpc_defs[i].alias) == 0)
			return &rpc_defs[i];
	return NULL;
}

/* -a Name=Value: replaces a top-level scalar argument or adds one. */
static int
arg_override(struct dirqueue_arg *a, const char *spec)
{
	const char	*eq = strchr(spec, '=');
	char		 key[128];
	size_t		 i;

	if (eq == NULL || eq == spec || (size_t)(eq - spec) >= sizeof(key))
		return -1;
	memcpy(key, spec, (size_t)(eq - spec));
	key[eq - spec] = '\0';
	for (i = 0; i < a->nitems; i++) {
		if (strcmp(a->items[i]->key, key) != 0)
			continue;
		if (a->items[i]->kind != DIRQUEUE_ARG_STR)
			return -1;
		free(a->items[i]->str);
		a->items[i]->str = xstrdup(eq + 1);
		return 0;
	}
	dirqueue_arg_add_str(a, key, eq + 1);
	return 0;
}

struct queue_ctx {
	struct dirqueue_job	 job;	/* the template */
	bool			 kick;
	int			 rc;
};

/* A kick file for acsd's Connection Request thread (acs/connreq.c). */
static void
kick_file(struct acsctl *ctl, const char *device)
{
	char	path[PATH_MAX];
	int	fd;

	snprintf(path, sizeof(path), "%s/kick", ctl->cfg->store.state_dir);
	if (mkdir(path, 0770) == -1 && errno != EEXIST)
		return;
	snprintf(path, sizeof(path), "%s/kick/%s",
	    ctl->cfg->store.state_dir, device);
	fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0660);
	if (fd == -1)
		acsctl_error("%s: cannot request a kick", path);
	else
		close(fd);
}

static int
queue_one(struct acsctl *ctl, struct device_record *rec, void *arg)
{
	struct queue_ctx	*qc = arg;
	struct dirqueue_job	 job;
	struct dirqueue		*dq;
	const char		*err;

	if ((dq = acsctl_queue(ctl, true)) == NULL)
		return ACSCTL_ERROR;
	job = qc->job;
	if (dirqueue_enqueue(dq, rec->key, &job, &err) == -1) {
		acsctl_error("%s: %s", rec->key, err);
		qc->rc = ACSCTL_ERROR;
		return ACSCTL_OK;	/* try the other devices */
	}
	if (qc->kick)
		kick_file(ctl, rec->key);
	if (ctl->json) {
		json_object_begin(&ctl->j);
		json_kv_string(&ctl->j, "device", rec->key);
		json_kv_string(&ctl->j, "job", job.name);
		json_kv_string(&ctl->j, "rpc", job.rpc);
		json_object_end(&ctl->j);
	} else if (!ctl->quiet)
		printf("%s %s %s\n", rec->key, job.name, job.rpc);
	return ACSCTL_OK;
}

static int
queue_options(struct acsctl *ctl, int argc, char **argv,
    struct acsctl_filter *f,
    struct queue_ctx *qc, char **over, int *nover, bool *all)
{
	const char	*e;
	int		 ch;

	while ((ch = acsctl_getopt(ctl, argc, argv, "Aa:e:kP:i:p:s:t:l:L:")) !=
	    -1) {
		if (acsctl_filter_option(f, ch, optarg) == 0)
			continue;
		switch (ch) {
		case 'A':
			*all = true;
			break;
		case 'a':
			if (*nover >= ACSCTL_ARGS_MAX)
				acsctl_usage_error("too many -a options");
			over[(*nover)++] = optarg;
			break;
		case 'e':
			qc->job.expires = time(NULL) + strtonum(optarg, 1,
			    INT32_MAX, &e);
			if (e != NULL)
				acsctl_usage_error("bad expiry: %s", optarg);
			break;
		case 'k':
			qc->kick = true;
			qc->job.connection_request = true;
			break;
		case 'P':
			qc->job.priority = (int)strtonum(optarg,
			    DIRQUEUE_PRIORITY_MIN, DIRQUEUE_PRIORITY_MAX, &e);
			if (e != NULL)
				acsctl_usage_error("bad priority: %s", optarg);
			break;
		default:
			acsctl_usage_error("bad option for queue");
		}
	}
	return optind;
}

int
acsctl_cmd_queue(struct acsctl *ctl, int argc, char **argv)
{
	struct acsctl_filter	 f;
	struct queue_ctx	 qc;
	const struct rpc_def	*def;
	const char		*err = NULL;
	char			*over[ACSCTL_ARGS_MAX];
	int			 nover = 0, i, n, rc;
	size_t			 matched;
	bool			 all = false;

	memset(&f, 0, sizeof(f));
	memset(&qc, 0, sizeof(qc));
	dirqueue_job_init(&qc.job);
	i = queue_options(ctl, argc, argv, &f, &qc, over, &nover, &all);
	if (!f.any && !all)
		acsctl_usage_error("queue needs a filter, or -A for all");
	if (i >= argc || (def = rpc_find(argv[i])) == NULL)
		acsctl_usage_error("queue: unknown or missing RPC");
	n = argc - i - 1;
	if (n < def->minargs || (def->maxargs >= 0 && n > def->maxargs))
		acsctl_usage_error("%s: wrong number of arguments", def->name);
	qc.job.rpc = xstrdup(def->name);
	qc.job.origin = xstrdup("operator");
	qc.job.idempotent = def->idempotent;
	qc.job.args = dirqueue_arg_new(DIRQUEUE_ARG_MAP);
	if (def->build(qc.job.args, n, argv + i + 1, &err) == -1)
		acsctl_usage_error("%s: %s", def->name, err);
	for (i = 0; i < nover; i++)
		if (arg_override(qc.job.args, over[i]) == -1)
			acsctl_usage_error("bad -a %s", over[i]);
	qc.rc = ACSCTL_OK;
	if (ctl->json) {
		acsctl_json_begin(ctl);
		json_array_begin(&ctl->j);
	}
	rc = acsctl_each_device(ctl, &f, queue_one, &qc, &matched);
	if (ctl->json) {
		json_array_end(&ctl->j);
		if (acsctl_json_end(ctl) == -1)
			rc = ACSCTL_ERROR;
	}
	dirqueue_job_clear(&qc.job);
	if (rc == ACSCTL_OK && matched == 0)
		return ACSCTL_NO_DEVICE;
	return rc != ACSCTL_OK ? rc : qc.rc;
}

/* The argument tree as JSON. */
static void
json_arg(struct json *j, const struct dirqueue_arg *a)
{
	size_t	i;

	if (a->kind == DIRQUEUE_ARG_STR) {
		json_string(j, a->str);
		return;
	}
	if (a->kind == DIRQUEUE_ARG_MAP)
		json_object_begin(j);
	else
		json_array_begin(j);
	for (i = 0; i < a->nitems; i++) {
		if (a->kind == DIRQUEUE_ARG_MAP)
			json_key(j, a->items[i]->key);
		json_arg(j, a->items[i]);
	}
	if (a->kind == DIRQUEUE_ARG_MAP)
		json_object_end(j);
	else
		json_array_end(j);
}

static void
job_json(struct json *j, const struct dirqueue_job *job, const char *errstr)
{
	json_object_begin(j);
	json_kv_string(j, "device", job->device);
	json_kv_string(j, "job", job->name);
	json_kv_string(j, "state", dirqueue_state_name(job->state));
	if (job->state == DIRQUEUE_CORRUPT) {
		json_kv_string(j, "error", errstr != NULL ? errstr : "");
		json_object_end(j);
		return;
	}
	json_kv_string(j, "rpc", job->rpc);
	json_kv_int(j, "priority", job->priority);
	json_kv_int(j, "attempts", job->attempts);
	json_kv_string(j, "origin", job->origin);
	json_kv_bool(j, "idempotent", job->idempotent);
	json_kv_bool(j, "connection_request", job->connection_request);
	json_kv_int(j, "created", job->created);
	json_kv_int(j, "expires", job->expires);
	if (job->finished != 0)
		json_kv_int(j, "finished", job->finished);
	if (job->reason != NULL)
		json_kv_string(j, "reason", job->reason);
	if (job->lease_host != NULL && *job->lease_host != '\0') {
		json_kv_string(j, "lease_host", job->lease_host);
		json_kv_int(j, "lease_pid", job->lease_pid);
		json_kv_int(j, "lease_expires", job->lease_expires);
	}
	if (job->args != NULL) {
		json_key(j, "args");
		json_arg(j, job->args);
	}
	if (job->result != NULL) {
		json_key(j, "result");
		json_arg(j, job->result);
	}
	json_object_end(j);
}

struct jobs_ctx {
	struct acsctl		*ctl;
	enum dirqueue_where	 where[3];
	int			 nwhere;
	size_t			 n;
};

static int
job_row(const struct dirqueue_job *job, const char *errstr, void *arg)
{
	struct jobs_ctx	*jc = arg;
	char		 when[32];

	jc->n++;
	if (jc->ctl->json) {
		job_json(&jc->ctl->j, job, errstr);
		return 0;
	}
	acsctl_time(job->finished != 0 ? job->finished : job->created, when,
	    sizeof(when));
	printf("%-36s %-32s %-22s %-8s %3d %3d %-19s %s\n", job->device,
	    job->name, job->rpc != NULL ? job->rpc : "?",
	    dirqueue_state_name(job->state), job->attempts, job->priority,
	    when, job->state == DIRQUEUE_CORRUPT && errstr != NULL ? errstr :
	    job->origin);
	return 0;
}

static int
jobs_device(struct jobs_ctx *jc, const char *device)
{
	struct dirqueue	*dq;
	const char	*err;
	int		 i;

	if ((dq = acsctl_queue(jc->ctl, false)) == NULL)
		return errno == ENOENT ? ACSCTL_OK : ACSCTL_ERROR;
	for (i = 0; i < jc->nwhere; i++) {
		if (dirqueue_list(dq, device, jc->where[i], job_row, jc,
		    &err) == -1) {
			acsctl_error("%s: %s", device, err);
			return ACSCTL_ERROR;
		}
	}
	return ACSCTL_OK;
}

static int
jobs_record(struct acsctl *ctl, struct device_record *rec, void *arg)
{
	(void)ctl;
	return jobs_device(arg, rec->key);
}

static int
jobs_spool_device(const char *device, void *arg)
{
	return jobs_device(arg, device);
}

static int
jobs_run(struct acsctl *ctl, struct acsctl_filter *f, struct jobs_ctx *jc)
{
	struct dirqueue	*dq;
	const char	*err;
	size_t		 matched;
	int		 rc;

	if (f->any) {
		rc = acsctl_each_device(ctl, f, jobs_record, jc, &matched);
		return rc == ACSCTL_OK && matched == 0 ? ACSCTL_NO_DEVICE : rc;
	}
	if ((dq = acsctl_queue(ctl, false)) == NULL)
		return errno == ENOENT ? ACSCTL_OK : ACSCTL_ERROR;
	rc = dirqueue_devices(dq, jobs_spool_device, jc, &err);
	if (rc == -1) {
		acsctl_error("spool: %s", err);
		return ACSCTL_ERROR;
	}
	return rc;
}

int
acsctl_cmd_jobs(struct acsctl *ctl, int argc, char **argv)
{
	struct acsctl_filter	f;
	struct jobs_ctx		jc;
	int			ch, rc;

	memset(&f, 0, sizeof(f));
	memset(&jc, 0, sizeof(jc));
	jc.ctl = ctl;
	jc.where[jc.nwhere++] = DIRQUEUE_QUEUE;
	while ((ch = acsctl_getopt(ctl, argc, argv, "ADFi:p:s:t:l:L:")) != -1) {
		if (acsctl_filter_option(&f, ch, optarg) == 0)
			continue;
		jc.nwhere = 0;
		if (ch == 'A' || ch == 'D')
			jc.where[jc.nwhere++] = DIRQUEUE_DONE;
		if (ch == 'A' || ch == 'F')
			jc.where[jc.nwhere++] = DIRQUEUE_FAILED;
		if (ch == 'A')
			jc.where[jc.nwhere++] = DIRQUEUE_QUEUE;
		if (jc.nwhere == 0)
			acsctl_usage_error("bad option for jobs");
	}
	if (optind != argc)
		acsctl_usage_error("jobs takes no arguments");
	if (ctl->json) {
		acsctl_json_begin(ctl);
		json_array_begin(&ctl->j);
	} else if (!ctl->quiet)
		printf("%-36s %-32s %-22s %-8s %3s %3s %-19s %s\n", "DEVICE",
		    "JOB", "RPC", "STATE", "TRY", "PRI", "TIME (UTC)",
		    "ORIGIN");
	rc = jobs_run(ctl, &f, &jc);
	if (ctl->json) {
		json_array_end(&ctl->j);
		if (acsctl_json_end(ctl) == -1)
			rc = ACSCTL_ERROR;
	}
	return rc;
}

int
acsctl_cmd_cancel(struct acsctl *ctl, int argc, char **argv)
{
	struct dirqueue	*dq;
	const char	*err;
	int		 i, rc = ACSCTL_OK, code;

	if (acsctl_getopt(ctl, argc, argv, "") != -1)
		acsctl_usage_error("bad option for cancel");
	argc -= optind - 1;
	argv += optind - 1;
	if (argc < 3)
		acsctl_usage_error("usage: cancel device job ...");
	if ((dq = acsctl_queue(ctl, false)) == NULL)
		return errno == ENOENT ? ACSCTL_NO_JOB : ACSCTL_ERROR;
	for (i = 2; i < argc; i++) {
		if (dirqueue_cancel(dq, argv[1], argv[i], &err) == 0) {
			if (!ctl->quiet)
				printf("cancelled %s %s\n", argv[1], argv[i]);
			continue;
		}
		code = errno == ENOENT || errno == EINVAL ? ACSCTL_NO_JOB :
		    errno == EBUSY ? ACSCTL_BUSY : ACSCTL_ERROR;
		acsctl_error("%s %s: %s", argv[1], argv[i], err);
		if (rc == ACSCTL_OK || code == ACSCTL_ERROR)
			rc = code;
	}
	return rc;
}
