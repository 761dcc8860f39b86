/*
 * cwmp_rpc_enc.c: encoding of struct cwmp_msg into a SOAP envelope, one
 * function per RPC argument shape, picked from a table indexed by method.
 * Output follows CWMP.md 4.3: every prefix bound, children unqualified and
 * in XSD order, every element sent even when empty, exact arrayType, an
 * xsi:type on every Value, booleans as 1/0.  It does not check argument
 * lengths or whether the peer's version knows the method.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/cwmp_rpc.h"
#include "lib/cwmp_soap.h"
#include "lib/cwmp_xml.h"

typedef int (*cwmp_enc_fn)(struct buf *, const struct cwmp_msg *);

static int
array_begin(struct buf *b, const char *tag, const char *type, size_t n)
{
	return buf_printf(b, "<%s soap-enc:arrayType=\"%s[%zu]\">", tag, type,
	    n);
}

static int
array_end(struct buf *b, const char *tag)
{
	return buf_printf(b, "</%s>", tag);
}

static int
enc_strlist(struct buf *b, const char *tag, const struct cwmp_strlist *l)
{
	size_t	i;

	if (array_begin(b, tag, "xsd:string", l->n) == -1)
		return -1;
	for (i = 0; i < l->n; i++)
		if (cwmp_xml_put(b, "string", l->v[i]) == -1)
			return -1;
	return array_end(b, tag);
}

static int
enc_values(struct buf *b, const char *tag, const char *stype,
    const struct cwmp_param_values *l, bool typed)
{
	const struct cwmp_param_value	*e;
	size_t				 i;

	if (array_begin(b, tag, stype, l->n) == -1)
		return -1;
	for (i = 0; i < l->n; i++) {
		e = &l->v[i];
		if (buf_printf(b, "<%s>", typed ? "ParameterValueStruct" :
		    "ArgStruct") == -1 ||
		    cwmp_xml_put(b, "Name", e->name) == -1)
			return -1;
		if (typed && (buf_addstr(b, "<Value xsi:type=\"") == -1 ||
		    cwmp_xml_escape(b, e->type != NULL && *e->type != '\0' ?
		    e->type : "xsd:string") == -1 ||
		    buf_addstr(b, "\">") == -1 ||
		    cwmp_xml_escape(b, e->value) == -1 ||
		    buf_addstr(b, "</Value>") == -1))
			return -1;
		if (!typed && cwmp_xml_put(b, "Value", e->value) == -1)
			return -1;
		if (buf_printf(b, "</%s>", typed ? "ParameterValueStruct" :
		    "ArgStruct") == -1)
			return -1;
	}
	return array_end(b, tag);
}

static int
enc_fault_struct(struct buf *b, const char *tag,
    const struct cwmp_fault_struct *f)
{
	if (buf_printf(b, "<%s>", tag) == -1 ||
	    cwmp_xml_put_ll(b, "FaultCode", f->code) == -1 ||
	    cwmp_xml_put(b, "FaultString", f->string) == -1)
		return -1;
	return buf_printf(b, "</%s>", tag);
}

static int
enc_inform(struct buf *b, const struct cwmp_msg *m)
{
	const struct cwmp_inform	*in = &m->inform;
	size_t				 i;

	if (buf_addstr(b, "<DeviceId>") == -1 ||
	    cwmp_xml_put(b, "Manufacturer", in->device_id.manufacturer) == -1 ||
	    cwmp_xml_put(b, "OUI", in->device_id.oui) == -1 ||
	    cwmp_xml_put(b, "ProductClass",
	    in->device_id.product_class) == -1 ||
	    cwmp_xml_put(b, "SerialNumber",
	    in->device_id.serial_number) == -1 ||
	    buf_addstr(b, "</DeviceId>") == -1 ||
	    array_begin(b, "Event", "cwmp:EventStruct", in->events.n) == -1)
		return -1;
	for (i = 0; i < in->events.n; i++)
		if (buf_addstr(b, "<EventStruct>") == -1 ||
		    cwmp_xml_put(b, "EventCode", in->events.v[i].code) == -1 ||
		    cwmp_xml_put(b, "CommandKey",
		    in->events.v[i].command_key) == -1 ||
		    buf_addstr(b, "</EventStruct>") == -1)
			return -1;
	if (array_end(b, "Event") == -1 ||
	    cwmp_xml_put_ull(b, "MaxEnvelopes", in->max_envelopes) == -1 ||
	    cwmp_xml_put(b, "CurrentTime", in->current_time) == -1 ||
	    cwmp_xml_put_ull(b, "RetryCount", in->retry_count) == -1)
		return -1;
	return enc_values(b, "ParameterList", "cwmp:ParameterValueStruct",
	    &in->params, true);
}

static int
enc_inform_resp(struct buf *b, const struct cwmp_msg *m)
{
	return cwmp_xml_put_ull(b, "MaxEnvelopes",
	    m->inform_resp_max_envelopes);
}

static int
enc_methods(struct buf *b, const struct cwmp_msg *m)
{
	return enc_strlist(b, "MethodList", &m->methods);
}

static int
enc_tc(struct buf *b, const struct cwmp_msg *m)
{
	if (cwmp_xml_put(b, "CommandKey", m->tc.command_key) == -1 ||
	    enc_fault_struct(b, "FaultStruct", &m->tc.fault) == -1 ||
	    cwmp_xml_put(b, "StartTime", m->tc.start_time) == -1 ||
	    cwmp_xml_put(b, "CompleteTime", m->tc.complete_time) == -1)
		return -1;
	return 0;
}

static int
enc_atc(struct buf *b, const struct cwmp_msg *m)
{
	const struct cwmp_autonomous_transfer_complete *a = &m->atc;

	if (cwmp_xml_put(b, "AnnounceURL", a->announce_url) == -1 ||
	    cwmp_xml_put(b, "TransferURL", a->transfer_url) == -1 ||
	    cwmp_xml_put_bool(b, "IsDownload", a->is_download) == -1 ||
	    cwmp_xml_put(b, "FileType", a->file_type) == -1 ||
	    cwmp_xml_put_ull(b, "FileSize", a->file_size) == -1 ||
	    cwmp_xml_put(b, "TargetFileName", a->target_file_name) == -1 ||
	    enc_fault_struct(b, "FaultStruct", &a->fault) == -1 ||
	    cwmp_xml_put(b, "StartTime", a->start_time) == -1 ||
	    cwmp_xml_put(b, "CompleteTime", a->complete_time) == -1)
		return -1;
	return 0;
}

static int
enc_request_download(struct buf *b, const struct cwmp_msg *m)
{
	if (cwmp_xml_put(b, "FileType", m->request_download.file_type) == -1)
		return -1;
	return enc_values(b, "FileTypeArg", "cwmp:ArgStruct",
	    &m->request_download.args, false);
}

static int
enc_kicked(struct buf *b, const struct cwmp_msg *m)
{
	if (cwmp_xml_put(b, "Command", m->kicked.command) == -1 ||
	    cwmp_xml_put(b, "Referer", m->kicked.referer) == -1 ||
	    cwmp_xml_put(b, "Arg", m->kicked.arg) == -1 ||
	    cwmp_xml_put(b, "Next", m->kicked.next) == -1)
		return -1;
	return 0;
}

static int
enc_kicked_resp(struct buf *b, const struct cwmp_msg *m)
{
	return cwmp_xml_put(b, "NextURL", m->kicked_next_url);
}

static int
enc_du_result(struct buf *b, const struct cwmp_du_result *r, bool autonomous)
{
	if (buf_addstr(b, autonomous ?
	    "<Results xsi:type=\"cwmp:AutonOpResultStruct\">" :
	    "<Results>") == -1 ||
	    cwmp_xml_put(b, "UUID", r->uuid) == -1 ||
	    cwmp_xml_put(b, "DeploymentUnitRef",
	    r->deployment_unit_ref) == -1 ||
	    cwmp_xml_put(b, "Version", r->version) == -1 ||
	    cwmp_xml_put(b, "CurrentState", r->current_state) == -1 ||
	    cwmp_xml_put_bool(b, "Resolved", r->resolved) == -1 ||
	    cwmp_xml_put(b, "ExecutionUnitRefList",
	    r->execution_unit_ref_list) == -1 ||
	    cwmp_xml_put(b, "StartTime", r->start_time) == -1 ||
	    cwmp_xml_put(b, "CompleteTime", r->complete_time) == -1 ||
	    enc_fault_struct(b, "Fault", &r->fault) == -1)
		return -1;
	if (autonomous && cwmp_xml_put(b, "OperationPerformed",
	    r->operation_performed) == -1)
		return -1;
	return buf_addstr(b, "</Results>");
}

static int
enc_dscc(struct buf *b, const struct cwmp_msg *m)
{
	bool	autonomous;
	size_t	i;

	autonomous = m->method == CWMP_AUTONOMOUS_DU_STATE_CHANGE_COMPLETE;
	for (i = 0; i < m->dscc.results.n; i++)
		if (enc_du_result(b, &m->dscc.results.v[i], autonomous) == -1)
			return -1;
	if (!autonomous &&
	    cwmp_xml_put(b, "CommandKey", m->dscc.command_key) == -1)
		return -1;
	return 0;
}

static int
enc_gpn(struct buf *b, const struct cwmp_msg *m)
{
	if (cwmp_xml_put(b, "ParameterPath", m->gpn.parameter_path) == -1)
		return -1;
	return cwmp_xml_put_bool(b, "NextLevel", m->gpn.next_level);
}

static int
enc_gpn_resp(struct buf *b, const struct cwmp_msg *m)
{
	const struct cwmp_param_infos	*l = &m->gpn_resp;
	size_t				 i;

	if (array_begin(b, "ParameterList", "cwmp:ParameterInfoStruct",
	    l->n) == -1)
		return -1;
	for (i = 0; i < l->n; i++)
		if (buf_addstr(b, "<ParameterInfoStruct>") == -1 ||
		    cwmp_xml_put(b, "Name", l->v[i].name) == -1 ||
		    cwmp_xml_put_bool(b, "Writable", l->v[i].writable) == -1 ||
		    buf_addstr(b, "</ParameterInfoStruct>") == -1)
			return -1;
	return array_end(b, "ParameterList");
}

static int
enc_gpv(struct buf *b, const struct cwmp_msg *m)
{
	return enc_strlist(b, "ParameterNames", &m->gpv.names);
}

static int
enc_gpv_resp(struct buf *b, const struct cwmp_msg *m)
{
	return enc_values(b, "ParameterList", "cwmp:ParameterValueStruct",
	    &m->gpv_resp, true);
}

static int
enc_spv(struct buf *b, const struct cwmp_msg *m)
{
	if (enc_values(b, "ParameterList", "cwmp:ParameterValueStruct",
	    &m->spv.params, true) == -1)
		return -1;
	return cwmp_xml_put(b, "ParameterKey", m->spv.parameter_key);
}

static int
enc_spv_resp(struct buf *b, const struct cwmp_msg *m)
{
	return cwmp_xml_put_ll(b, "Status", m->spv_resp_status);
}

static int
enc_gpa(struct buf *b, const struct cwmp_msg *m)
{
	return enc_strlist(b, "ParameterNames", &m->gpa.names);
}

static int
enc_attrs(struct buf *b, const struct cwmp_param_attrs *l, bool set)
{
	const char	*st = set ? "SetParameterAttributesStruct" :
	    "ParameterAttributeStruct";
	char		 type[64];
	size_t		 i;

	snprintf(type, sizeof(type), "cwmp:%s", st);
	if (array_begin(b, "ParameterList", type, l->n) == -1)
		return -1;
	for (i = 0; i < l->n; i++) {
		if (buf_printf(b, "<%s>", st) == -1 ||
		    cwmp_xml_put(b, "Name", l->v[i].name) == -1 ||
		    (set && cwmp_xml_put_bool(b, "NotificationChange",
		    l->v[i].notification_change) == -1) ||
		    cwmp_xml_put_ll(b, "Notification",
		    l->v[i].notification) == -1 ||
		    (set && cwmp_xml_put_bool(b, "AccessListChange",
		    l->v[i].access_list_change) == -1) ||
		    enc_strlist(b, "AccessList", &l->v[i].access_list) == -1 ||
		    buf_printf(b, "</%s>", st) == -1)
			return -1;
	}
	return array_end(b, "ParameterList");
}

static int
enc_gpa_resp(struct buf *b, const struct cwmp_msg *m)
{
	return enc_attrs(b, &m->gpa_resp, false);
}

static int
enc_spa(struct buf *b, const struct cwmp_msg *m)
{
	return enc_attrs(b, &m->spa, true);
}

static int
enc_object(struct buf *b, const struct cwmp_object *o)
{
	if (cwmp_xml_put(b, "ObjectName", o->object_name) == -1)
		return -1;
	return cwmp_xml_put(b, "ParameterKey", o->parameter_key);
}

static int
enc_add_object(struct buf *b, const struct cwmp_msg *m)
{
	return enc_object(b, &m->add_object);
}

static int
enc_delete_object(struct buf *b, const struct cwmp_msg *m)
{
	return enc_object(b, &m->delete_object);
}

static int
enc_add_object_resp(struct buf *b, const struct cwmp_msg *m)
{
	if (cwmp_xml_put_ull(b, "InstanceNumber",
	    m->object_resp.instance_number) == -1)
		return -1;
	return cwmp_xml_put_ll(b, "Status", m->object_resp.status);
}

static int
enc_delete_object_resp(struct buf *b, const struct cwmp_msg *m)
{
	return cwmp_xml_put_ll(b, "Status", m->object_resp.status);
}

static int
enc_reboot(struct buf *b, const struct cwmp_msg *m)
{
	return cwmp_xml_put(b, "CommandKey", m->reboot_command_key);
}

static int
enc_download(struct buf *b, const struct cwmp_msg *m)
{
	const struct cwmp_download	*d = &m->download;

	if (cwmp_xml_put(b, "CommandKey", d->command_key) == -1 ||
	    cwmp_xml_put(b, "FileType", d->file_type) == -1 ||
	    cwmp_xml_put(b, "URL", d->url) == -1 ||
	    cwmp_xml_put(b, "Username", d->username) == -1 ||
	    cwmp_xml_put(b, "Password", d->password) == -1 ||
	    cwmp_xml_put_ull(b, "FileSize", d->file_size) == -1 ||
	    cwmp_xml_put(b, "TargetFileName", d->target_file_name) == -1 ||
	    cwmp_xml_put_ull(b, "DelaySeconds", d->delay_seconds) == -1 ||
	    cwmp_xml_put(b, "SuccessURL", d->success_url) == -1 ||
	    cwmp_xml_put(b, "FailureURL", d->failure_url) == -1)
		return -1;
	return 0;
}

static int
enc_upload(struct buf *b, const struct cwmp_msg *m)
{
	const struct cwmp_download	*d = &m->download;

	if (cwmp_xml_put(b, "CommandKey", d->command_key) == -1 ||
	    cwmp_xml_put(b, "FileType", d->file_type) == -1 ||
	    cwmp_xml_put(b, "URL", d->url) == -1 ||
	    cwmp_xml_put(b, "Username", d->username) == -1 ||
	    cwmp_xml_put(b, "Password", d->password) == -1 ||
	    cwmp_xml_put_ull(b, "DelaySeconds", d->delay_seconds) == -1)
		return -1;
	return 0;
}

static int
enc_transfer_resp(struct buf *b, const struct cwmp_msg *m)
{
	const struct cwmp_transfer_response	*t = &m->transfer_resp;

	if (cwmp_xml_put_ll(b, "Status", t->status) == -1 ||
	    cwmp_xml_put(b, "StartTime", t->start_time) == -1 ||
	    cwmp_xml_put(b, "CompleteTime", t->complete_time) == -1)
		return -1;
	return 0;
}

static int
enc_schedule_inform(struct buf *b, const struct cwmp_msg *m)
{
	if (cwmp_xml_put_ull(b, "DelaySeconds",
	    m->schedule_inform.delay_seconds) == -1)
		return -1;
	return cwmp_xml_put(b, "CommandKey", m->schedule_inform.command_key);
}

static int
enc_transfers(struct buf *b, const struct cwmp_msg *m)
{
	bool				 all;
	const char			*st;
	const struct cwmp_transfer	*t;
	size_t				 i;

	all = m->method == CWMP_GET_ALL_QUEUED_TRANSFERS_RESPONSE;
	st = all ? "AllQueuedTransferStruct" : "QueuedTransferStruct";
	if (buf_printf(b, "<TransferList soap-enc:arrayType=\"cwmp:%s[%zu]\">",
	    st, m->transfers.n) == -1)
		return -1;
	for (i = 0; i < m->transfers.n; i++) {
		t = &m->transfers.v[i];
		if (buf_printf(b, "<%s>", st) == -1 ||
		    cwmp_xml_put(b, "CommandKey", t->command_key) == -1 ||
		    cwmp_xml_put_ll(b, "State", t->state) == -1)
			return -1;
		if (all && (cwmp_xml_put_bool(b, "IsDownload",
		    t->is_download) == -1 ||
		    cwmp_xml_put(b, "FileType", t->file_type) == -1 ||
		    cwmp_xml_put_ull(b, "FileSize", t->file_size) == -1 ||
		    cwmp_xml_put(b, "TargetFileName",
		    t->target_file_name) == -1))
			return -1;
		if (buf_printf(b, "</%s>", st) == -1)
			return -1;
	}
	return array_end(b, "TransferList");
}

static int
enc_window(struct buf *b, const struct cwmp_time_window *w)
{
	if (buf_addstr(b, "<TimeWindowStruct>") == -1 ||
	    cwmp_xml_put_ull(b, "WindowStart", w->window_start) == -1 ||
	    cwmp_xml_put_ull(b, "WindowEnd", w->window_end) == -1 ||
	    cwmp_xml_put(b, "WindowMode", w->window_mode) == -1 ||
	    cwmp_xml_put(b, "UserMessage", w->user_message) == -1 ||
	    cwmp_xml_put_ll(b, "MaxRetries", w->max_retries) == -1)
		return -1;
	return buf_addstr(b, "</TimeWindowStruct>");
}

static int
enc_schedule_download(struct buf *b, const struct cwmp_msg *m)
{
	const struct cwmp_schedule_download	*s = &m->schedule_download;
	size_t					 i, n;

	n = s->nwindows > CWMP_WINDOWS_MAX ? CWMP_WINDOWS_MAX : s->nwindows;
	if (cwmp_xml_put(b, "CommandKey", s->command_key) == -1 ||
	    cwmp_xml_put(b, "FileType", s->file_type) == -1 ||
	    cwmp_xml_put(b, "URL", s->url) == -1 ||
	    cwmp_xml_put(b, "Username", s->username) == -1 ||
	    cwmp_xml_put(b, "Password", s->password) == -1 ||
	    cwmp_xml_put_ull(b, "FileSize", s->file_size) == -1 ||
	    cwmp_xml_put(b, "TargetFileName", s->target_file_name) == -1 ||
	    array_begin(b, "TimeWindowList", "cwmp:TimeWindowStruct", n) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (enc_window(b, &s->windows[i]) == -1)
			return -1;
	return array_end(b, "TimeWindowList");
}

static int
enc_cancel(struct buf *b, const struct cwmp_msg *m)
{
	return cwmp_xml_put(b, "CommandKey", m->cancel_command_key);
}

static int
enc_du_op(struct buf *b, const struct cwmp_du_op *o)
{
	static const char *const types[] = {
		[CWMP_DU_INSTALL] = "InstallOpStruct",
		[CWMP_DU_UPDATE] = "UpdateOpStruct",
		[CWMP_DU_UNINSTALL] = "UninstallOpStruct",
	};
	int	rv = 0;

	if ((unsigned)o->kind > CWMP_DU_UNINSTALL ||
	    buf_printf(b, "<Operations xsi:type=\"cwmp:%s\">",
	    types[o->kind]) == -1)
		return -1;
	/* Element order differs per operation (cwmp-1-2.xsd). */
	switch (o->kind) {
	case CWMP_DU_INSTALL:
		rv = cwmp_xml_put(b, "URL", o->url) |
		    cwmp_xml_put(b, "UUID", o->uuid) |
		    cwmp_xml_put(b, "Username", o->username) |
		    cwmp_xml_put(b, "Password", o->password) |
		    cwmp_xml_put(b, "ExecutionEnvRef", o->execution_env_ref);
		break;
	case CWMP_DU_UPDATE:
		rv = cwmp_xml_put(b, "UUID", o->uuid) |
		    cwmp_xml_put(b, "Version", o->version) |
		    cwmp_xml_put(b, "URL", o->url) |
		    cwmp_xml_put(b, "Username", o->username) |
		    cwmp_xml_put(b, "Password", o->password);
		break;
	case CWMP_DU_UNINSTALL:
		rv = cwmp_xml_put(b, "UUID", o->uuid) |
		    cwmp_xml_put(b, "Version", o->version) |
		    cwmp_xml_put(b, "ExecutionEnvRef", o->execution_env_ref);
		break;
	}
	if (rv != 0)
		return -1;
	return buf_addstr(b, "</Operations>");
}

static int
enc_change_du_state(struct buf *b, const struct cwmp_msg *m)
{
	size_t	i;

	for (i = 0; i < m->change_du_state.ops.n; i++)
		if (enc_du_op(b, &m->change_du_state.ops.v[i]) == -1)
			return -1;
	return cwmp_xml_put(b, "CommandKey", m->change_du_state.command_key);
}

static const cwmp_enc_fn cwmp_encoders[CWMP_METHOD_COUNT] = {
	[CWMP_INFORM] = enc_inform,
	[CWMP_INFORM_RESPONSE] = enc_inform_resp,
	[CWMP_GET_RPC_METHODS_RESPONSE] = enc_methods,
	[CWMP_TRANSFER_COMPLETE] = enc_tc,
	[CWMP_AUTONOMOUS_TRANSFER_COMPLETE] = enc_atc,
	[CWMP_REQUEST_DOWNLOAD] = enc_request_download,
	[CWMP_KICKED] = enc_kicked,
	[CWMP_KICKED_RESPONSE] = enc_kicked_resp,
	[CWMP_DU_STATE_CHANGE_COMPLETE] = enc_dscc,
	[CWMP_AUTONOMOUS_DU_STATE_CHANGE_COMPLETE] = enc_dscc,
	[CWMP_GET_PARAMETER_NAMES] = enc_gpn,
	[CWMP_GET_PARAMETER_NAMES_RESPONSE] = enc_gpn_resp,
	[CWMP_GET_PARAMETER_VALUES] = enc_gpv,
	[CWMP_GET_PARAMETER_VALUES_RESPONSE] = enc_gpv_resp,
	[CWMP_SET_PARAMETER_VALUES] = enc_spv,
	[CWMP_SET_PARAMETER_VALUES_RESPONSE] = enc_spv_resp,
	[CWMP_GET_PARAMETER_ATTRIBUTES] = enc_gpa,
	[CWMP_GET_PARAMETER_ATTRIBUTES_RESPONSE] = enc_gpa_resp,
	[CWMP_SET_PARAMETER_ATTRIBUTES] = enc_spa,
	[CWMP_ADD_OBJECT] = enc_add_object,
	[CWMP_ADD_OBJECT_RESPONSE] = enc_add_object_resp,
	[CWMP_DELETE_OBJECT] = enc_delete_object,
	[CWMP_DELETE_OBJECT_RESPONSE] = enc_delete_object_resp,
	[CWMP_REBOOT] = enc_reboot,
	[CWMP_DOWNLOAD] = enc_download,
	[CWMP_DOWNLOAD_RESPONSE] = enc_transfer_resp,
	[CWMP_UPLOAD] = enc_upload,
	[CWMP_UPLOAD_RESPONSE] = enc_transfer_resp,
	[CWMP_SCHEDULE_INFORM] = enc_schedule_inform,
	[CWMP_GET_QUEUED_TRANSFERS_RESPONSE] = enc_transfers,
	[CWMP_GET_ALL_QUEUED_TRANSFERS_RESPONSE] = enc_transfers,
	[CWMP_SCHEDULE_DOWNLOAD] = enc_schedule_download,
	[CWMP_CANCEL_TRANSFER] = enc_cancel,
	[CWMP_CHANGE_DU_STATE] = enc_change_du_state,
};

/* An unknown method's name must at least be a plain XML name. */
static bool
name_is_safe(const char *s)
{
	if (s == NULL || !isalpha((unsigned char)*s))
		return false;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

static int
enc_body(struct buf *b, const struct cwmp_msg *m)
{
	const char	*name;

	if (m->method == CWMP_EMPTY)
		return 0;
	if (m->method == CWMP_FAULT)
		return cwmp_soap_fault_encode(b, &m->fault);
	if (m->method == CWMP_UNKNOWN) {
		if (!name_is_safe(m->method_name))
			return -1;
		name = m->method_name;
	} else if ((unsigned)m->method >= CWMP_METHOD_COUNT)
		return -1;
	else
		name = cwmp_method_name(m->method);
	if (buf_printf(b, "<cwmp:%s>", name) == -1)
		return -1;
	if (m->method != CWMP_UNKNOWN && cwmp_encoders[m->method] != NULL &&
	    cwmp_encoders[m->method](b, m) == -1)
		return -1;
	return buf_printf(b, "</cwmp:%s>", name);
}

int
cwmp_msg_encode(const struct cwmp_msg *m, int ns_version, struct buf *b)
{
	size_t	len = b->len;

	if (cwmp_soap_begin(b, ns_version, &m->hdr) == -1 ||
	    enc_body(b, m) == -1 || cwmp_soap_end(b) == -1) {
		b->len = len;
		if (b->data != NULL)
			b->data[len] = '\0';
		return -1;
	}
	return 0;
}
