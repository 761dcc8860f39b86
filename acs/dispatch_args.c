/*
 * dispatch_args.c: turns a queued job's YAML-shaped arguments into the
 * RPC the CWMP codec encodes, and a response or fault back into the tree
 * kept with the finished job.  Argument names are the XSD element names
 * (ParameterNames, ParameterList of {Name, Value, Type}, ParameterKey,
 * CommandKey, ...), so acsctl and rules write what TR-069 documents.  One
 * table row per RPC.  It does no I/O and knows nothing of sessions.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cwmp_rpc.h"
#include "lib/dirqueue.h"
#include "acs/acs.h"

typedef int (*dispatch_build_cb)(
    const struct dirqueue_arg *, struct cwmp_msg *, const char **);

static const char *
arg_str(const struct dirqueue_arg *a, const char *key)
{
	const char *v = a != NULL ? dirqueue_arg_get_str(a, key) : NULL;

	return v != NULL ? v : "";
}

static int
arg_uint(const struct dirqueue_arg *a, const char *key, unsigned int *out,
    const char **errstr)
{
	const char *v = a != NULL ? dirqueue_arg_get_str(a, key) : NULL;
	const char *e;

	*out = 0;
	if (v == NULL || *v == '\0')
		return 0;
	*out = (unsigned int)strtonum(v, 0, UINT32_MAX, &e);
	if (e != NULL) {
		*errstr = "bad number in job arguments";
		return -1;
	}
	return 0;
}

static bool
arg_bool(const struct dirqueue_arg *a, const char *key)
{
	const char *v = arg_str(a, key);

	return strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
}

/* A list of strings, or one string. */
static int
arg_strlist(const struct dirqueue_arg *a, const char *key,
    struct cwmp_strlist *l, const char **errstr)
{
	const struct dirqueue_arg *v;
	size_t i;

	v = a != NULL ? dirqueue_arg_get(a, key) : NULL;
	if (v == NULL) {
		*errstr = "missing list in job arguments";
		return -1;
	}
	if (v->kind == DIRQUEUE_ARG_STR) {
		cwmp_strlist_add(l, v->str);
		return 0;
	}
	for (i = 0; i < v->nitems; i++) {
		if (v->items[i]->kind != DIRQUEUE_ARG_STR) {
			*errstr = "list of strings expected";
			return -1;
		}
		cwmp_strlist_add(l, v->items[i]->str);
	}
	return 0;
}

static int
build_names(
    const struct dirqueue_arg *a, struct cwmp_msg *m, const char **errstr)
{
	return arg_strlist(a, "ParameterNames",
	    m->method == CWMP_GET_PARAMETER_VALUES ? &m->gpv.names :
	                                             &m->gpa.names,
	    errstr);
}

static int
build_gpn(const struct dirqueue_arg *a, struct cwmp_msg *m, const char **errstr)
{
	cwmp_str_set(&m->gpn.parameter_path, arg_str(a, "ParameterPath"));
	m->gpn.next_level = arg_bool(a, "NextLevel");
	return 0;
}

static int
build_spv(const struct dirqueue_arg *a, struct cwmp_msg *m, const char **errstr)
{
	const struct dirqueue_arg *l, *p;
	size_t i;
	const char *type;

	l = a != NULL ? dirqueue_arg_get(a, "ParameterList") : NULL;
	if (l == NULL || l->kind != DIRQUEUE_ARG_LIST || l->nitems == 0) {
		*errstr = "SetParameterValues needs a ParameterList";
		return -1;
	}
	for (i = 0; i < l->nitems; i++) {
		p = l->items[i];
		if (p->kind != DIRQUEUE_ARG_MAP ||
		    dirqueue_arg_get_str(p, "Name") == NULL) {
			*errstr = "ParameterList entries need a Name";
			return -1;
		}
		type = dirqueue_arg_get_str(p, "Type");
		cwmp_param_values_add(&m->spv.params, arg_str(p, "Name"),
		    arg_str(p, "Value"), type != NULL ? type : "xsd:string");
	}
	cwmp_str_set(&m->spv.parameter_key, arg_str(a, "ParameterKey"));
	return 0;
}

static int
build_spa(const struct dirqueue_arg *a, struct cwmp_msg *m, const char **errstr)
{
	const struct dirqueue_arg *l, *p;
	struct cwmp_param_attr *pa;
	unsigned int n;
	size_t i;

	l = a != NULL ? dirqueue_arg_get(a, "ParameterList") : NULL;
	if (l == NULL || l->kind != DIRQUEUE_ARG_LIST || l->nitems == 0) {
		*errstr = "SetParameterAttributes needs a ParameterList";
		return -1;
	}
	for (i = 0; i < l->nitems; i++) {
		p = l->items[i];
		if (p->kind != DIRQUEUE_ARG_MAP ||
		    arg_uint(p, "Notification", &n, errstr) == -1)
			return -1;
		pa = cwmp_param_attrs_add(&m->spa, arg_str(p, "Name"), n);
		pa->notification_change = arg_bool(p, "NotificationChange");
		pa->access_list_change = arg_bool(p, "AccessListChange");
		if (dirqueue_arg_get(p, "AccessList") != NULL &&
		    arg_strlist(p, "AccessList", &pa->access_list, errstr) ==
		        -1)
			return -1;
	}
	return 0;
}

static int
build_object(
    const struct dirqueue_arg *a, struct cwmp_msg *m, const char **errstr)
{
	struct cwmp_object *o =
	    m->method == CWMP_ADD_OBJECT ? &m->add_object : &m->delete_object;

	if (*arg_str(a, "ObjectName") == '\0') {
		*errstr = "ObjectName missing";
		return -1;
	}
	cwmp_str_set(&o->object_name, arg_str(a, "ObjectName"));
	cwmp_str_set(&o->parameter_key, arg_str(a, "ParameterKey"));
	return 0;
}

static int
build_reboot(
    const struct dirqueue_arg *a, struct cwmp_msg *m, const char **errstr)
{
	cwmp_str_set(&m->reboot_command_key, arg_str(a, "CommandKey"));
	return 0;
}

static int
build_none(
    const struct dirqueue_arg *a, struct cwmp_msg *m, const char **errstr)
{
	return 0;
}

static int
build_transfer(
    const struct dirqueue_arg *a, struct cwmp_msg *m, const char **errstr)
{
	struct cwmp_download *d = &m->download;
	unsigned int size;

	if (*arg_str(a, "URL") == '\0') {
		*errstr = "URL missing";
		return -1;
	}
	cwmp_str_set(&d->command_key, arg_str(a, "CommandKey"));
	cwmp_str_set(&d->file_type, arg_str(a, "FileType"));
	cwmp_str_set(&d->url, arg_str(a, "URL"));
	cwmp_str_set(&d->username, arg_str(a, "Username"));
	cwmp_str_set(&d->password, arg_str(a, "Password"));
	cwmp_str_set(&d->target_file_name, arg_str(a, "TargetFileName"));
	cwmp_str_set(&d->success_url, arg_str(a, "SuccessURL"));
	cwmp_str_set(&d->failure_url, arg_str(a, "FailureURL"));
	if (arg_uint(a, "FileSize", &size, errstr) == -1 ||
	    arg_uint(a, "DelaySeconds", &d->delay_seconds, errstr) == -1)
		return -1;
	d->file_size = size;
	return 0;
}

static int
build_schedule_inform(
    const struct dirqueue_arg *a, struct cwmp_msg *m, const char **errstr)
{
	cwmp_str_set(&m->schedule_inform.command_key, arg_str(a, "CommandKey"));
	return arg_uint(
	    a, "DelaySeconds", &m->schedule_inform.delay_seconds, errstr);
}

static int
build_cancel(
    const struct dirqueue_arg *a, struct cwmp_msg *m, const char **errstr)
{
	cwmp_str_set(&m->cancel_command_key, arg_str(a, "CommandKey"));
	return 0;
}

static const struct {
	enum cwmp_method method;
	dispatch_build_cb build;
} dispatch_table[] = {
	{ CWMP_GET_RPC_METHODS, build_none },
	{ CWMP_GET_PARAMETER_NAMES, build_gpn },
	{ CWMP_GET_PARAMETER_VALUES, build_names },
	{ CWMP_SET_PARAMETER_VALUES, build_spv },
	{ CWMP_GET_PARAMETER_ATTRIBUTES, build_names },
	{ CWMP_SET_PARAMETER_ATTRIBUTES, build_spa },
	{ CWMP_ADD_OBJECT, build_object },
	{ CWMP_DELETE_OBJECT, build_object },
	{ CWMP_REBOOT, build_reboot },
	{ CWMP_FACTORY_RESET, build_none },
	{ CWMP_DOWNLOAD, build_transfer },
	{ CWMP_UPLOAD, build_transfer },
	{ CWMP_SCHEDULE_INFORM, build_schedule_inform },
	{ CWMP_GET_QUEUED_TRANSFERS, build_none },
	{ CWMP_GET_ALL_QUEUED_TRANSFERS, build_none },
	{ CWMP_CANCEL_TRANSFER, build_cancel },
};

int
dispatch_args_msg(
    const struct dirqueue_job *job, struct cwmp_msg *m, const char **errstr)
{
	enum cwmp_method method;
	size_t i;

	method =
	    job->rpc != NULL ? cwmp_method_from_name(job->rpc) : CWMP_UNKNOWN;
	for (i = 0; i < sizeof(dispatch_table) / sizeof(dispatch_table[0]);
	     i++) {
		if (dispatch_table[i].method != method)
			continue;
		cwmp_msg_clear(m);
		cwmp_msg_init(m, method);
		return dispatch_table[i].build(job->args, m, errstr);
	}
	*errstr = "RPC not supported by acsd";
	return -1;
}

static struct dirqueue_arg *
result_values(const struct cwmp_param_values *pv, struct dirqueue_arg *r)
{
	struct dirqueue_arg *l, *e;
	size_t i;

	l = dirqueue_arg_add(r, "ParameterList", DIRQUEUE_ARG_LIST);
	for (i = 0; i < pv->n; i++) {
		e = dirqueue_arg_add(l, NULL, DIRQUEUE_ARG_MAP);
		dirqueue_arg_add_str(e, "Name", pv->v[i].name);
		dirqueue_arg_add_str(
		    e, "Value", pv->v[i].value != NULL ? pv->v[i].value : "");
		dirqueue_arg_add_str(e, "Type",
		    pv->v[i].type != NULL ? pv->v[i].type : "xsd:string");
	}
	return r;
}

static struct dirqueue_arg *
result_names(const struct cwmp_param_infos *pi, struct dirqueue_arg *r)
{
	struct dirqueue_arg *l, *e;
	size_t i;

	l = dirqueue_arg_add(r, "ParameterList", DIRQUEUE_ARG_LIST);
	for (i = 0; i < pi->n; i++) {
		e = dirqueue_arg_add(l, NULL, DIRQUEUE_ARG_MAP);
		dirqueue_arg_add_str(e, "Name", pi->v[i].name);
		dirqueue_arg_add_str(
		    e, "Writable", pi->v[i].writable ? "1" : "0");
	}
	return r;
}

static void
result_int(struct dirqueue_arg *r, const char *key, long long v)
{
	char n[32];

	snprintf(n, sizeof(n), "%lld", v);
	dirqueue_arg_add_str(r, key, n);
}

static void
result_strlist(
    struct dirqueue_arg *r, const char *key, const struct cwmp_strlist *sl)
{
	struct dirqueue_arg *l;
	size_t i;

	l = dirqueue_arg_add(r, key, DIRQUEUE_ARG_LIST);
	for (i = 0; i < sl->n; i++)
		dirqueue_arg_add_str(l, NULL, sl->v[i]);
}

static void
result_transfer(struct dirqueue_arg *r, const struct cwmp_transfer_response *t)
{
	result_int(r, "Status", t->status);
	dirqueue_arg_add_str(
	    r, "StartTime", t->start_time != NULL ? t->start_time : "");
	dirqueue_arg_add_str(r, "CompleteTime",
	    t->complete_time != NULL ? t->complete_time : "");
}

struct dirqueue_arg *
dispatch_args_result(const struct cwmp_msg *m)
{
	struct dirqueue_arg *r = dirqueue_arg_new(DIRQUEUE_ARG_MAP);

	switch (m->method) {
	case CWMP_GET_PARAMETER_VALUES_RESPONSE:
		return result_values(&m->gpv_resp, r);
	case CWMP_GET_PARAMETER_NAMES_RESPONSE:
		return result_names(&m->gpn_resp, r);
	case CWMP_SET_PARAMETER_VALUES_RESPONSE:
		result_int(r, "Status", m->spv_resp_status);
		break;
	case CWMP_ADD_OBJECT_RESPONSE:
		result_int(r, "InstanceNumber", m->object_resp.instance_number);
		/* FALLTHROUGH */
	case CWMP_DELETE_OBJECT_RESPONSE:
		result_int(r, "Status", m->object_resp.status);
		break;
	case CWMP_DOWNLOAD_RESPONSE:
	case CWMP_UPLOAD_RESPONSE:
		result_transfer(r, &m->transfer_resp);
		break;
	case CWMP_GET_RPC_METHODS_RESPONSE:
		result_strlist(r, "MethodList", &m->methods);
		break;
	default:
		break;
	}
	return r;
}

struct dirqueue_arg *
dispatch_args_fault(const struct cwmp_fault *f)
{
	struct dirqueue_arg *r, *l, *e;
	size_t i;

	r = dirqueue_arg_new(DIRQUEUE_ARG_MAP);
	result_int(r, "FaultCode", f->code);
	dirqueue_arg_add_str(
	    r, "FaultString", f->string != NULL ? f->string : "");
	if (f->nspv == 0)
		return r;
	l = dirqueue_arg_add(r, "SetParameterValuesFault", DIRQUEUE_ARG_LIST);
	for (i = 0; i < f->nspv; i++) {
		e = dirqueue_arg_add(l, NULL, DIRQUEUE_ARG_MAP);
		dirqueue_arg_add_str(e, "ParameterName",
		    f->spv[i].name != NULL ? f->spv[i].name : "");
		result_int(e, "FaultCode", f->spv[i].code);
		dirqueue_arg_add_str(e, "FaultString",
		    f->spv[i].string != NULL ? f->spv[i].string : "");
	}
	return r;
}
