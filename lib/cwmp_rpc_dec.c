/*
 * cwmp_rpc_dec.c: decoding of CWMP envelopes into struct cwmp_msg, one
 * small function per RPC argument shape, picked from a table indexed by
 * method.  Children are found by local name in any order; arrays are read
 * by counting their children, whatever arrayType says (CWMP.md 4.2).  An
 * absent element leaves its field empty; only values that cannot be what
 * they claim (a number that is not one) are errors.  It does not judge
 * whether a method is allowed in a session or a version.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "lib/cwmp_rpc.h"
#include "lib/cwmp_soap.h"
#include "lib/cwmp_xml.h"
#include "lib/xmalloc.h"

typedef int (*cwmp_dec_fn)(const xmlNode *, struct cwmp_msg *,
    const char **);

static int
too_many(size_t n, const char **errstr)
{
	if (n < CWMP_LIST_MAX)
		return 0;
	*errstr = "too many array entries";
	return -1;
}

static int
dec_strlist(const xmlNode *parent, const char *local, struct cwmp_strlist *l,
    const char **errstr)
{
	const xmlNode	*a, *c;

	if ((a = cwmp_xml_child(parent, local)) == NULL)
		return 0;
	for (c = cwmp_xml_first(a); c != NULL; c = cwmp_xml_next(c)) {
		if (too_many(l->n, errstr) == -1)
			return -1;
		cwmp_strlist_add(l, NULL);
		free(l->v[l->n - 1]);
		l->v[l->n - 1] = cwmp_xml_text_trim(c);
	}
	return 0;
}

/* ParameterValueStruct[]: the Value is kept raw, with its xsi:type. */
static int
dec_values(const xmlNode *parent, const char *local,
    struct cwmp_param_values *l, const char **errstr)
{
	const xmlNode		*a, *c, *v;
	struct cwmp_param_value	*e;
	const char		*type;

	if ((a = cwmp_xml_child(parent, local)) == NULL)
		return 0;
	for (c = cwmp_xml_first(a); c != NULL; c = cwmp_xml_next(c)) {
		if (too_many(l->n, errstr) == -1)
			return -1;
		e = cwmp_param_values_add(l, NULL, NULL, NULL);
		cwmp_xml_get_str(c, "Name", &e->name);
		if ((v = cwmp_xml_child(c, "Value")) == NULL)
			continue;
		free(e->value);
		e->value = cwmp_xml_text(v);
		if ((type = cwmp_xml_attr(v, "type")) != NULL)
			e->type = xstrdup(type);
	}
	return 0;
}

static int
dec_fault_struct(const xmlNode *parent, const char *local,
    struct cwmp_fault_struct *f, const char **errstr)
{
	const xmlNode	*c;

	if ((c = cwmp_xml_child(parent, local)) == NULL)
		return 0;
	cwmp_xml_get_str(c, "FaultString", &f->string);
	return cwmp_xml_get_int(c, "FaultCode", 0, INT_MAX, &f->code, errstr);
}

static int
dec_inform(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	struct cwmp_inform	*in = &m->inform;
	const xmlNode		*d, *c;

	if ((d = cwmp_xml_child(r, "DeviceId")) != NULL) {
		cwmp_xml_get_str(d, "Manufacturer",
		    &in->device_id.manufacturer);
		cwmp_xml_get_str(d, "OUI", &in->device_id.oui);
		cwmp_xml_get_str(d, "ProductClass",
		    &in->device_id.product_class);
		cwmp_xml_get_str(d, "SerialNumber",
		    &in->device_id.serial_number);
	}
	if ((d = cwmp_xml_child(r, "Event")) != NULL) {
		for (c = cwmp_xml_first(d); c != NULL; c = cwmp_xml_next(c)) {
			struct cwmp_event	*e;

			if (too_many(in->events.n, errstr) == -1)
				return -1;
			e = cwmp_events_add(&in->events, NULL, NULL);
			cwmp_xml_get_str(c, "EventCode", &e->code);
			cwmp_xml_get_str(c, "CommandKey", &e->command_key);
		}
	}
	cwmp_xml_get_str(r, "CurrentTime", &in->current_time);
	if (cwmp_xml_get_uint(r, "MaxEnvelopes", &in->max_envelopes,
	    errstr) == -1 ||
	    cwmp_xml_get_uint(r, "RetryCount", &in->retry_count, errstr) == -1)
		return -1;
	return dec_values(r, "ParameterList", &in->params, errstr);
}

static int
dec_inform_resp(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	return cwmp_xml_get_uint(r, "MaxEnvelopes",
	    &m->inform_resp_max_envelopes, errstr);
}

static int
dec_methods(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	return dec_strlist(r, "MethodList", &m->methods, errstr);
}

static int
dec_tc(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	cwmp_xml_get_str(r, "CommandKey", &m->tc.command_key);
	cwmp_xml_get_str(r, "StartTime", &m->tc.start_time);
	cwmp_xml_get_str(r, "CompleteTime", &m->tc.complete_time);
	return dec_fault_struct(r, "FaultStruct", &m->tc.fault, errstr);
}

static int
dec_atc(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	struct cwmp_autonomous_transfer_complete *a = &m->atc;

	cwmp_xml_get_str(r, "AnnounceURL", &a->announce_url);
	cwmp_xml_get_str(r, "TransferURL", &a->transfer_url);
	cwmp_xml_get_str(r, "FileType", &a->file_type);
	cwmp_xml_get_str(r, "TargetFileName", &a->target_file_name);
	cwmp_xml_get_str(r, "StartTime", &a->start_time);
	cwmp_xml_get_str(r, "CompleteTime", &a->complete_time);
	if (cwmp_xml_get_bool(r, "IsDownload", &a->is_download, errstr) == -1 ||
	    cwmp_xml_get_ull(r, "FileSize", &a->file_size, errstr) == -1)
		return -1;
	return dec_fault_struct(r, "FaultStruct", &a->fault, errstr);
}

static int
dec_request_download(const xmlNode *r, struct cwmp_msg *m,
    const char **errstr)
{
	cwmp_xml_get_str(r, "FileType", &m->request_download.file_type);
	return dec_values(r, "FileTypeArg", &m->request_download.args, errstr);
}

static int
dec_kicked(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	(void)errstr;
	cwmp_xml_get_str(r, "Command", &m->kicked.command);
	cwmp_xml_get_str(r, "Referer", &m->kicked.referer);
	cwmp_xml_get_str(r, "Arg", &m->kicked.arg);
	cwmp_xml_get_str(r, "Next", &m->kicked.next);
	return 0;
}

static int
dec_kicked_resp(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	(void)errstr;
	return cwmp_xml_get_str(r, "NextURL", &m->kicked_next_url);
}

static int
dec_du_result(const xmlNode *c, struct cwmp_du_result *e, const char **errstr)
{
	cwmp_xml_get_str(c, "UUID", &e->uuid);
	cwmp_xml_get_str(c, "DeploymentUnitRef", &e->deployment_unit_ref);
	cwmp_xml_get_str(c, "Version", &e->version);
	cwmp_xml_get_str(c, "CurrentState", &e->current_state);
	cwmp_xml_get_str(c, "ExecutionUnitRefList",
	    &e->execution_unit_ref_list);
	cwmp_xml_get_str(c, "StartTime", &e->start_time);
	cwmp_xml_get_str(c, "CompleteTime", &e->complete_time);
	cwmp_xml_get_str(c, "OperationPerformed", &e->operation_performed);
	if (cwmp_xml_get_bool(c, "Resolved", &e->resolved, errstr) == -1)
		return -1;
	return dec_fault_struct(c, "Fault", &e->fault, errstr);
}

/* Results are repeated elements, not a SOAP array (cwmp-1-2.xsd). */
static int
dec_dscc(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	const xmlNode	*c;

	cwmp_xml_get_str(r, "CommandKey", &m->dscc.command_key);
	for (c = cwmp_xml_first(r); c != NULL; c = cwmp_xml_next(c)) {
		if (strcasecmp(cwmp_xml_local(c), "Results") != 0)
			continue;
		if (too_many(m->dscc.results.n, errstr) == -1 ||
		    dec_du_result(c, cwmp_du_results_add(&m->dscc.results),
		    errstr) == -1)
			return -1;
	}
	return 0;
}

static int
dec_gpn(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	cwmp_xml_get_str(r, "ParameterPath", &m->gpn.parameter_path);
	return cwmp_xml_get_bool(r, "NextLevel", &m->gpn.next_level, errstr);
}

static int
dec_gpn_resp(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	const xmlNode		*a, *c;
	struct cwmp_param_info	*e;

	if ((a = cwmp_xml_child(r, "ParameterList")) == NULL)
		return 0;
	for (c = cwmp_xml_first(a); c != NULL; c = cwmp_xml_next(c)) {
		if (too_many(m->gpn_resp.n, errstr) == -1)
			return -1;
		e = cwmp_param_infos_add(&m->gpn_resp, NULL, false);
		cwmp_xml_get_str(c, "Name", &e->name);
		if (cwmp_xml_get_bool(c, "Writable", &e->writable,
		    errstr) == -1)
			return -1;
	}
	return 0;
}

static int
dec_gpv(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	return dec_strlist(r, "ParameterNames", &m->gpv.names, errstr);
}

static int
dec_gpv_resp(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	return dec_values(r, "ParameterList", &m->gpv_resp, errstr);
}

static int
dec_spv(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	cwmp_xml_get_str(r, "ParameterKey", &m->spv.parameter_key);
	return dec_values(r, "ParameterList", &m->spv.params, errstr);
}

static int
dec_spv_resp(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	return cwmp_xml_get_int(r, "Status", INT_MIN, INT_MAX,
	    &m->spv_resp_status, errstr);
}

static int
dec_gpa(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	return dec_strlist(r, "ParameterNames", &m->gpa.names, errstr);
}

/* ParameterAttributeStruct[] and SetParameterAttributesStruct[]. */
static int
dec_attrs(const xmlNode *r, struct cwmp_param_attrs *l, const char **errstr)
{
	const xmlNode		*a, *c;
	struct cwmp_param_attr	*e;

	if ((a = cwmp_xml_child(r, "ParameterList")) == NULL)
		return 0;
	for (c = cwmp_xml_first(a); c != NULL; c = cwmp_xml_next(c)) {
		if (too_many(l->n, errstr) == -1)
			return -1;
		e = cwmp_param_attrs_add(l, NULL, 0);
		cwmp_xml_get_str(c, "Name", &e->name);
		if (cwmp_xml_get_bool(c, "NotificationChange",
		    &e->notification_change, errstr) == -1 ||
		    cwmp_xml_get_int(c, "Notification", 0, INT_MAX,
		    &e->notification, errstr) == -1 ||
		    cwmp_xml_get_bool(c, "AccessListChange",
		    &e->access_list_change, errstr) == -1 ||
		    dec_strlist(c, "AccessList", &e->access_list, errstr) == -1)
			return -1;
	}
	return 0;
}

static int
dec_gpa_resp(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	return dec_attrs(r, &m->gpa_resp, errstr);
}

static int
dec_spa(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	return dec_attrs(r, &m->spa, errstr);
}

static int
dec_add_object(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	(void)errstr;
	cwmp_xml_get_str(r, "ObjectName", &m->add_object.object_name);
	cwmp_xml_get_str(r, "ParameterKey", &m->add_object.parameter_key);
	return 0;
}

static int
dec_delete_object(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	(void)errstr;
	cwmp_xml_get_str(r, "ObjectName", &m->delete_object.object_name);
	cwmp_xml_get_str(r, "ParameterKey", &m->delete_object.parameter_key);
	return 0;
}

static int
dec_object_resp(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	if (cwmp_xml_get_uint(r, "InstanceNumber",
	    &m->object_resp.instance_number, errstr) == -1)
		return -1;
	return cwmp_xml_get_int(r, "Status", INT_MIN, INT_MAX,
	    &m->object_resp.status, errstr);
}

static int
dec_reboot(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	(void)errstr;
	return cwmp_xml_get_str(r, "CommandKey", &m->reboot_command_key);
}

/* Download and Upload: Upload simply lacks some elements. */
static int
dec_download(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	struct cwmp_download	*d = &m->download;

	cwmp_xml_get_str(r, "CommandKey", &d->command_key);
	cwmp_xml_get_str(r, "FileType", &d->file_type);
	cwmp_xml_get_str(r, "URL", &d->url);
	cwmp_xml_get_str(r, "Username", &d->username);
	cwmp_xml_get_str(r, "Password", &d->password);
	cwmp_xml_get_str(r, "TargetFileName", &d->target_file_name);
	cwmp_xml_get_str(r, "SuccessURL", &d->success_url);
	cwmp_xml_get_str(r, "FailureURL", &d->failure_url);
	if (cwmp_xml_get_ull(r, "FileSize", &d->file_size, errstr) == -1)
		return -1;
	return cwmp_xml_get_uint(r, "DelaySeconds", &d->delay_seconds, errstr);
}

static int
dec_transfer_resp(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	struct cwmp_transfer_response	*t = &m->transfer_resp;

	cwmp_xml_get_str(r, "StartTime", &t->start_time);
	cwmp_xml_get_str(r, "CompleteTime", &t->complete_time);
	/* cwmp-cpe-horde misspells it (CWMP.md 10). */
	if (t->complete_time == NULL)
		cwmp_xml_get_str(r, "CompletedTime", &t->complete_time);
	return cwmp_xml_get_int(r, "Status", INT_MIN, INT_MAX, &t->status,
	    errstr);
}

static int
dec_schedule_inform(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	cwmp_xml_get_str(r, "CommandKey", &m->schedule_inform.command_key);
	return cwmp_xml_get_uint(r, "DelaySeconds",
	    &m->schedule_inform.delay_seconds, errstr);
}

static int
dec_transfers(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	const xmlNode		*a, *c;
	struct cwmp_transfer	*e;

	if ((a = cwmp_xml_child(r, "TransferList")) == NULL)
		return 0;
	for (c = cwmp_xml_first(a); c != NULL; c = cwmp_xml_next(c)) {
		if (too_many(m->transfers.n, errstr) == -1)
			return -1;
		e = cwmp_transfers_add(&m->transfers, NULL, 0);
		cwmp_xml_get_str(c, "CommandKey", &e->command_key);
		cwmp_xml_get_str(c, "FileType", &e->file_type);
		cwmp_xml_get_str(c, "TargetFileName", &e->target_file_name);
		if (cwmp_xml_get_int(c, "State", INT_MIN, INT_MAX, &e->state,
		    errstr) == -1 ||
		    cwmp_xml_get_bool(c, "IsDownload", &e->is_download,
		    errstr) == -1 ||
		    cwmp_xml_get_ull(c, "FileSize", &e->file_size,
		    errstr) == -1)
			return -1;
	}
	return 0;
}

static int
dec_window(const xmlNode *c, struct cwmp_time_window *w, const char **errstr)
{
	cwmp_xml_get_str(c, "WindowMode", &w->window_mode);
	cwmp_xml_get_str(c, "UserMessage", &w->user_message);
	if (cwmp_xml_get_ull(c, "WindowStart", &w->window_start,
	    errstr) == -1 ||
	    cwmp_xml_get_ull(c, "WindowEnd", &w->window_end, errstr) == -1)
		return -1;
	return cwmp_xml_get_int(c, "MaxRetries", INT_MIN, INT_MAX,
	    &w->max_retries, errstr);
}

static int
dec_schedule_download(const xmlNode *r, struct cwmp_msg *m,
    const char **errstr)
{
	struct cwmp_schedule_download	*s = &m->schedule_download;
	const xmlNode			*a, *c;

	cwmp_xml_get_str(r, "CommandKey", &s->command_key);
	cwmp_xml_get_str(r, "FileType", &s->file_type);
	cwmp_xml_get_str(r, "URL", &s->url);
	cwmp_xml_get_str(r, "Username", &s->username);
	cwmp_xml_get_str(r, "Password", &s->password);
	cwmp_xml_get_str(r, "TargetFileName", &s->target_file_name);
	if (cwmp_xml_get_ull(r, "FileSize", &s->file_size, errstr) == -1)
		return -1;
	if ((a = cwmp_xml_child(r, "TimeWindowList")) == NULL)
		return 0;
	for (c = cwmp_xml_first(a); c != NULL; c = cwmp_xml_next(c)) {
		if (s->nwindows == CWMP_WINDOWS_MAX) {
			*errstr = "too many time windows";
			return -1;
		}
		if (dec_window(c, &s->windows[s->nwindows++], errstr) == -1)
			return -1;
	}
	return 0;
}

static int
dec_cancel(const xmlNode *r, struct cwmp_msg *m, const char **errstr)
{
	(void)errstr;
	return cwmp_xml_get_str(r, "CommandKey", &m->cancel_command_key);
}

/* The kind of a ChangeDUState operation, from xsi:type or its name. */
static enum cwmp_du_op_kind
du_op_kind(const xmlNode *c)
{
	const char	*t;

	if ((t = cwmp_xml_attr(c, "type")) == NULL)
		t = cwmp_xml_local(c);
	if (strcasestr(t, "Uninstall") != NULL)
		return CWMP_DU_UNINSTALL;
	if (strcasestr(t, "Update") != NULL)
		return CWMP_DU_UPDATE;
	return CWMP_DU_INSTALL;
}

static void
dec_du_op(const xmlNode *c, struct cwmp_du_op *e)
{
	cwmp_xml_get_str(c, "URL", &e->url);
	cwmp_xml_get_str(c, "UUID", &e->uuid);
	cwmp_xml_get_str(c, "Username", &e->username);
	cwmp_xml_get_str(c, "Password", &e->password);
	cwmp_xml_get_str(c, "Version", &e->version);
	cwmp_xml_get_str(c, "ExecutionEnvRef", &e->execution_env_ref);
}

/*
 * Operations are repeated elements typed by xsi:type (cwmp-1-2.xsd); an
 * Operations array holding InstallOpStruct elements is accepted too.
 */
static int
dec_change_du_state(const xmlNode *r, struct cwmp_msg *m,
    const char **errstr)
{
	struct cwmp_du_ops	*l = &m->change_du_state.ops;
	const xmlNode		*c, *op;

	cwmp_xml_get_str(r, "CommandKey", &m->change_du_state.command_key);
	for (c = cwmp_xml_first(r); c != NULL; c = cwmp_xml_next(c)) {
		if (strcasecmp(cwmp_xml_local(c), "Operations") != 0)
			continue;
		op = c;
		if (cwmp_xml_attr(c, "type") == NULL &&
		    (op = cwmp_xml_first(c)) != NULL &&
		    strcasestr(cwmp_xml_local(op), "OpStruct") == NULL)
			op = c;
		for (; op != NULL; op = op == c ? NULL : cwmp_xml_next(op)) {
			if (too_many(l->n, errstr) == -1)
				return -1;
			dec_du_op(op, cwmp_du_ops_add(l, du_op_kind(op)));
		}
	}
	return 0;
}

static const cwmp_dec_fn cwmp_decoders[CWMP_METHOD_COUNT] = {
	[CWMP_INFORM] = dec_inform,
	[CWMP_INFORM_RESPONSE] = dec_inform_resp,
	[CWMP_GET_RPC_METHODS_RESPONSE] = dec_methods,
	[CWMP_TRANSFER_COMPLETE] = dec_tc,
	[CWMP_AUTONOMOUS_TRANSFER_COMPLETE] = dec_atc,
	[CWMP_REQUEST_DOWNLOAD] = dec_request_download,
	[CWMP_KICKED] = dec_kicked,
	[CWMP_KICKED_RESPONSE] = dec_kicked_resp,
	[CWMP_DU_STATE_CHANGE_COMPLETE] = dec_dscc,
	[CWMP_AUTONOMOUS_DU_STATE_CHANGE_COMPLETE] = dec_dscc,
	[CWMP_GET_PARAMETER_NAMES] = dec_gpn,
	[CWMP_GET_PARAMETER_NAMES_RESPONSE] = dec_gpn_resp,
	[CWMP_GET_PARAMETER_VALUES] = dec_gpv,
	[CWMP_GET_PARAMETER_VALUES_RESPONSE] = dec_gpv_resp,
	[CWMP_SET_PARAMETER_VALUES] = dec_spv,
	[CWMP_SET_PARAMETER_VALUES_RESPONSE] = dec_spv_resp,
	[CWMP_GET_PARAMETER_ATTRIBUTES] = dec_gpa,
	[CWMP_GET_PARAMETER_ATTRIBUTES_RESPONSE] = dec_gpa_resp,
	[CWMP_SET_PARAMETER_ATTRIBUTES] = dec_spa,
	[CWMP_ADD_OBJECT] = dec_add_object,
	[CWMP_ADD_OBJECT_RESPONSE] = dec_object_resp,
	[CWMP_DELETE_OBJECT] = dec_delete_object,
	[CWMP_DELETE_OBJECT_RESPONSE] = dec_object_resp,
	[CWMP_REBOOT] = dec_reboot,
	[CWMP_DOWNLOAD] = dec_download,
	[CWMP_DOWNLOAD_RESPONSE] = dec_transfer_resp,
	[CWMP_UPLOAD] = dec_download,
	[CWMP_UPLOAD_RESPONSE] = dec_transfer_resp,
	[CWMP_SCHEDULE_INFORM] = dec_schedule_inform,
	[CWMP_GET_QUEUED_TRANSFERS_RESPONSE] = dec_transfers,
	[CWMP_GET_ALL_QUEUED_TRANSFERS_RESPONSE] = dec_transfers,
	[CWMP_SCHEDULE_DOWNLOAD] = dec_schedule_download,
	[CWMP_CANCEL_TRANSFER] = dec_cancel,
	[CWMP_CHANGE_DU_STATE] = dec_change_du_state,
};

/* The cwmp namespace version of a node, else of any declaration above. */
static int
find_ns(const xmlNode *n)
{
	const xmlNs	*ns;
	int		 v;

	if (n->ns != NULL &&
	    (v = cwmp_ns_from_uri((const char *)n->ns->href)) != CWMP_NS_NONE)
		return v;
	for (; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent)
		for (ns = n->nsDef; ns != NULL; ns = ns->next)
			if ((v = cwmp_ns_from_uri((const char *)ns->href)) !=
			    CWMP_NS_NONE)
				return v;
	return CWMP_NS_NONE;
}

static int
dec_body(const xmlNode *body, struct cwmp_msg *m, const char **errstr)
{
	const xmlNode	*r;
	const char	*name;

	if ((r = cwmp_xml_first(body)) == NULL)
		return 0;	/* an empty Body is an empty message */
	m->ns = find_ns(r);
	name = cwmp_xml_local(r);
	if (strcmp(name, "Fault") == 0) {
		m->method = CWMP_FAULT;
		return cwmp_soap_fault_decode(r, &m->fault, errstr);
	}
	m->method = cwmp_method_from_name(name);
	if (m->method == CWMP_UNKNOWN) {
		m->method_name = xstrdup(name);
		return 0;
	}
	if (cwmp_decoders[m->method] == NULL)
		return 0;
	return cwmp_decoders[m->method](r, m, errstr);
}

int
cwmp_msg_decode(const char *body, size_t len, struct cwmp_msg *m,
    const char **errstr)
{
	xmlDoc		*doc;
	const xmlNode	*root, *c;
	int		 rv = -1;

	cwmp_msg_init(m, CWMP_EMPTY);
	if (body == NULL || cwmp_xml_is_blank(body, len))
		return 0;	/* the empty POST (CWMP.md 5.1) */
	if ((doc = cwmp_xml_parse(body, len, errstr)) == NULL)
		return -1;
	root = xmlDocGetRootElement(doc);
	if (root == NULL || strcmp(cwmp_xml_local(root), "Envelope") != 0) {
		*errstr = "not a SOAP envelope";
		goto fail;
	}
	m->ns = find_ns(root);
	/* Only the first Header and the first Body count (SOAP 1.1 4). */
	if ((c = cwmp_xml_child(root, "Header")) != NULL &&
	    cwmp_soap_header_decode(c, &m->hdr, errstr) == -1)
		goto fail;
	if ((c = cwmp_xml_child(root, "Body")) != NULL) {
		if (dec_body(c, m, errstr) == -1)
			goto fail;
		if (m->ns == CWMP_NS_NONE)
			m->ns = find_ns(root);
	}
	rv = 0;
fail:
	xmlFreeDoc(doc);
	return rv;
}
