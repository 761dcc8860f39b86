/*
 * cwmp_rpc.c: the CWMP method table (names, requests and responses) and
 * the life cycle of struct cwmp_msg: init, clear, owned strings and the
 * growable lists.  Decoding is in cwmp_rpc_dec.c and encoding in
 * cwmp_rpc_enc.c.  It does not know XML.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/cwmp_rpc.h"
#include "lib/cwmp_soap.h"
#include "lib/xmalloc.h"

static const struct {
	const char	*name;
	bool		 response;
} cwmp_methods[CWMP_METHOD_COUNT] = {
	[CWMP_EMPTY] = { "", false },
	[CWMP_FAULT] = { "Fault", true },
	[CWMP_UNKNOWN] = { NULL, false },
	[CWMP_INFORM] = { "Inform", false },
	[CWMP_INFORM_RESPONSE] = { "InformResponse", true },
	[CWMP_GET_RPC_METHODS] = { "GetRPCMethods", false },
	[CWMP_GET_RPC_METHODS_RESPONSE] = { "GetRPCMethodsResponse", true },
	[CWMP_TRANSFER_COMPLETE] = { "TransferComplete", false },
	[CWMP_TRANSFER_COMPLETE_RESPONSE] =
	    { "TransferCompleteResponse", true },
	[CWMP_AUTONOMOUS_TRANSFER_COMPLETE] =
	    { "AutonomousTransferComplete", false },
	[CWMP_AUTONOMOUS_TRANSFER_COMPLETE_RESPONSE] =
	    { "AutonomousTransferCompleteResponse", true },
	[CWMP_REQUEST_DOWNLOAD] = { "RequestDownload", false },
	[CWMP_REQUEST_DOWNLOAD_RESPONSE] = { "RequestDownloadResponse", true },
	[CWMP_KICKED] = { "Kicked", false },
	[CWMP_KICKED_RESPONSE] = { "KickedResponse", true },
	[CWMP_DU_STATE_CHANGE_COMPLETE] = { "DUStateChangeComplete", false },
	[CWMP_DU_STATE_CHANGE_COMPLETE_RESPONSE] =
	    { "DUStateChangeCompleteResponse", true },
	[CWMP_AUTONOMOUS_DU_STATE_CHANGE_COMPLETE] =
	    { "AutonomousDUStateChangeComplete", false },
	[CWMP_AUTONOMOUS_DU_STATE_CHANGE_COMPLETE_RESPONSE] =
	    { "AutonomousDUStateChangeCompleteResponse", true },
	[CWMP_GET_PARAMETER_NAMES] = { "GetParameterNames", false },
	[CWMP_GET_PARAMETER_NAMES_RESPONSE] =
	    { "GetParameterNamesResponse", true },
	[CWMP_GET_PARAMETER_VALUES] = { "GetParameterValues", false },
	[CWMP_GET_PARAMETER_VALUES_RESPONSE] =
	    { "GetParameterValuesResponse", true },
	[CWMP_SET_PARAMETER_VALUES] = { "SetParameterValues", false },
	[CWMP_SET_PARAMETER_VALUES_RESPONSE] =
	    { "SetParameterValuesResponse", true },
	[CWMP_GET_PARAMETER_ATTRIBUTES] = { "GetParameterAttributes", false },
	[CWMP_GET_PARAMETER_ATTRIBUTES_RESPONSE] =
	    { "GetParameterAttributesResponse", true },
	[CWMP_SET_PARAMETER_ATTRIBUTES] = { "SetParameterAttributes", false },
	[CWMP_SET_PARAMETER_ATTRIBUTES_RESPONSE] =
	    { "SetParameterAttributesResponse", true },
	[CWMP_ADD_OBJECT] = { "AddObject", false },
	[CWMP_ADD_OBJECT_RESPONSE] = { "AddObjectResponse", true },
	[CWMP_DELETE_OBJECT] = { "DeleteObject", false },
	[CWMP_DELETE_OBJECT_RESPONSE] = { "DeleteObjectResponse", true },
	[CWMP_REBOOT] = { "Reboot", false },
	[CWMP_REBOOT_RESPONSE] = { "RebootResponse", true },
	[CWMP_DOWNLOAD] = { "Download", false },
	[CWMP_DOWNLOAD_RESPONSE] = { "DownloadResponse", true },
	[CWMP_UPLOAD] = { "Upload", false },
	[CWMP_UPLOAD_RESPONSE] = { "UploadResponse", true },
	[CWMP_FACTORY_RESET] = { "FactoryReset", false },
	[CWMP_FACTORY_RESET_RESPONSE] = { "FactoryResetResponse", true },
	[CWMP_SCHEDULE_INFORM] = { "ScheduleInform", false },
	[CWMP_SCHEDULE_INFORM_RESPONSE] = { "ScheduleInformResponse", true },
	[CWMP_GET_QUEUED_TRANSFERS] = { "GetQueuedTransfers", false },
	[CWMP_GET_QUEUED_TRANSFERS_RESPONSE] =
	    { "GetQueuedTransfersResponse", true },
	[CWMP_GET_ALL_QUEUED_TRANSFERS] = { "GetAllQueuedTransfers", false },
	[CWMP_GET_ALL_QUEUED_TRANSFERS_RESPONSE] =
	    { "GetAllQueuedTransfersResponse", true },
	[CWMP_SCHEDULE_DOWNLOAD] = { "ScheduleDownload", false },
	[CWMP_SCHEDULE_DOWNLOAD_RESPONSE] =
	    { "ScheduleDownloadResponse", true },
	[CWMP_CANCEL_TRANSFER] = { "CancelTransfer", false },
	[CWMP_CANCEL_TRANSFER_RESPONSE] = { "CancelTransferResponse", true },
	[CWMP_CHANGE_DU_STATE] = { "ChangeDUState", false },
	[CWMP_CHANGE_DU_STATE_RESPONSE] = { "ChangeDUStateResponse", true },
};

const char *
cwmp_method_name(enum cwmp_method m)
{
	if ((unsigned)m >= CWMP_METHOD_COUNT || cwmp_methods[m].name == NULL)
		return "Unknown";
	return cwmp_methods[m].name;
}

enum cwmp_method
cwmp_method_from_name(const char *name)
{
	int	i;

	for (i = CWMP_INFORM; i < CWMP_METHOD_COUNT; i++)
		if (strcmp(cwmp_methods[i].name, name) == 0)
			return i;
	return CWMP_UNKNOWN;
}

bool
cwmp_method_is_response(enum cwmp_method m)
{
	return (unsigned)m < CWMP_METHOD_COUNT && cwmp_methods[m].response;
}

enum cwmp_method
cwmp_method_response(enum cwmp_method m)
{
	/* The enum lists every request just before its response. */
	if (m < CWMP_INFORM || m >= CWMP_METHOD_COUNT ||
	    cwmp_methods[m].response)
		return CWMP_UNKNOWN;
	return m + 1;
}

void
cwmp_str_set(char **dst, const char *s)
{
	free(*dst);
	*dst = s == NULL ? NULL : xstrdup(s);
}

/* Makes room for one zeroed entry at the end of a list. */
static void *
list_grow(void *v, size_t *n, size_t *cap, size_t size)
{
	if (*n == *cap) {
		*cap = *cap == 0 ? 8 : *cap * 2;
		v = xreallocarray(v, *cap, size);
	}
	memset((char *)v + *n * size, 0, size);
	(*n)++;
	return v;
}

char *
cwmp_strlist_add(struct cwmp_strlist *l, const char *s)
{
	l->v = list_grow(l->v, &l->n, &l->cap, sizeof(*l->v));
	l->v[l->n - 1] = xstrdup(s != NULL ? s : "");
	return l->v[l->n - 1];
}

void
cwmp_strlist_clear(struct cwmp_strlist *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

struct cwmp_param_value *
cwmp_param_values_add(struct cwmp_param_values *l, const char *name,
    const char *value, const char *type)
{
	struct cwmp_param_value	*e;

	l->v = list_grow(l->v, &l->n, &l->cap, sizeof(*l->v));
	e = &l->v[l->n - 1];
	e->name = xstrdup(name != NULL ? name : "");
	e->value = xstrdup(value != NULL ? value : "");
	e->type = type != NULL ? xstrdup(type) : NULL;
	return e;
}

void
cwmp_param_values_clear(struct cwmp_param_values *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].value);
		free(l->v[i].type);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

struct cwmp_param_info *
cwmp_param_infos_add(struct cwmp_param_infos *l, const char *name,
    bool writable)
{
	struct cwmp_param_info	*e;

	l->v = list_grow(l->v, &l->n, &l->cap, sizeof(*l->v));
	e = &l->v[l->n - 1];
	e->name = xstrdup(name != NULL ? name : "");
	e->writable = writable;
	return e;
}

void
cwmp_param_infos_clear(struct cwmp_param_infos *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].name);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

struct cwmp_param_attr *
cwmp_param_attrs_add(struct cwmp_param_attrs *l, const char *name,
    int notification)
{
	struct cwmp_param_attr	*e;

	l->v = list_grow(l->v, &l->n, &l->cap, sizeof(*l->v));
	e = &l->v[l->n - 1];
	e->name = xstrdup(name != NULL ? name : "");
	e->notification = notification;
	return e;
}

void
cwmp_param_attrs_clear(struct cwmp_param_attrs *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		cwmp_strlist_clear(&l->v[i].access_list);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

struct cwmp_event *
cwmp_events_add(struct cwmp_events *l, const char *code,
    const char *command_key)
{
	struct cwmp_event	*e;

	l->v = list_grow(l->v, &l->n, &l->cap, sizeof(*l->v));
	e = &l->v[l->n - 1];
	e->code = xstrdup(code != NULL ? code : "");
	e->command_key = xstrdup(command_key != NULL ? command_key : "");
	return e;
}

void
cwmp_events_clear(struct cwmp_events *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].code);
		free(l->v[i].command_key);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

struct cwmp_transfer *
cwmp_transfers_add(struct cwmp_transfers *l, const char *command_key,
    int state)
{
	struct cwmp_transfer	*e;

	l->v = list_grow(l->v, &l->n, &l->cap, sizeof(*l->v));
	e = &l->v[l->n - 1];
	e->command_key = xstrdup(command_key != NULL ? command_key : "");
	e->state = state;
	return e;
}

void
cwmp_transfers_clear(struct cwmp_transfers *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].command_key);
		free(l->v[i].file_type);
		free(l->v[i].target_file_name);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

struct cwmp_du_op *
cwmp_du_ops_add(struct cwmp_du_ops *l, enum cwmp_du_op_kind kind)
{
	l->v = list_grow(l->v, &l->n, &l->cap, sizeof(*l->v));
	l->v[l->n - 1].kind = kind;
	return &l->v[l->n - 1];
}

void
cwmp_du_ops_clear(struct cwmp_du_ops *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].url);
		free(l->v[i].uuid);
		free(l->v[i].username);
		free(l->v[i].password);
		free(l->v[i].version);
		free(l->v[i].execution_env_ref);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

struct cwmp_du_result *
cwmp_du_results_add(struct cwmp_du_results *l)
{
	l->v = list_grow(l->v, &l->n, &l->cap, sizeof(*l->v));
	return &l->v[l->n - 1];
}

void
cwmp_du_results_clear(struct cwmp_du_results *l)
{
	struct cwmp_du_result	*r;
	size_t			 i;

	for (i = 0; i < l->n; i++) {
		r = &l->v[i];
		free(r->uuid);
		free(r->deployment_unit_ref);
		free(r->version);
		free(r->current_state);
		free(r->execution_unit_ref_list);
		free(r->start_time);
		free(r->complete_time);
		free(r->fault.string);
		free(r->operation_performed);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void
cwmp_msg_init(struct cwmp_msg *m, enum cwmp_method method)
{
	memset(m, 0, sizeof(*m));
	m->method = method;
	m->ns = CWMP_NS_NONE;
	cwmp_header_init(&m->hdr);
	cwmp_fault_init(&m->fault);
	m->inform_resp_max_envelopes = 1;
	m->gpn.next_level = false;
}

static void
inform_clear(struct cwmp_inform *in)
{
	free(in->device_id.manufacturer);
	free(in->device_id.oui);
	free(in->device_id.product_class);
	free(in->device_id.serial_number);
	cwmp_events_clear(&in->events);
	free(in->current_time);
	cwmp_param_values_clear(&in->params);
}

static void
transfers_side_clear(struct cwmp_msg *m)
{
	free(m->tc.command_key);
	free(m->tc.fault.string);
	free(m->tc.start_time);
	free(m->tc.complete_time);
	free(m->atc.announce_url);
	free(m->atc.transfer_url);
	free(m->atc.file_type);
	free(m->atc.target_file_name);
	free(m->atc.fault.string);
	free(m->atc.start_time);
	free(m->atc.complete_time);
	free(m->request_download.file_type);
	cwmp_param_values_clear(&m->request_download.args);
	cwmp_du_results_clear(&m->dscc.results);
	free(m->dscc.command_key);
}

static void
download_clear(struct cwmp_msg *m)
{
	struct cwmp_download		*d = &m->download;
	struct cwmp_schedule_download	*s = &m->schedule_download;
	size_t				 i;

	free(d->command_key);
	free(d->file_type);
	free(d->url);
	free(d->username);
	free(d->password);
	free(d->target_file_name);
	free(d->success_url);
	free(d->failure_url);
	free(m->transfer_resp.start_time);
	free(m->transfer_resp.complete_time);
	free(s->command_key);
	free(s->file_type);
	free(s->url);
	free(s->username);
	free(s->password);
	free(s->target_file_name);
	for (i = 0; i < CWMP_WINDOWS_MAX; i++) {
		free(s->windows[i].window_mode);
		free(s->windows[i].user_message);
	}
	cwmp_transfers_clear(&m->transfers);
	free(m->cancel_command_key);
	cwmp_du_ops_clear(&m->change_du_state.ops);
	free(m->change_du_state.command_key);
}

static void
params_clear(struct cwmp_msg *m)
{
	free(m->gpn.parameter_path);
	cwmp_param_infos_clear(&m->gpn_resp);
	cwmp_strlist_clear(&m->gpv.names);
	cwmp_strlist_clear(&m->gpa.names);
	cwmp_param_values_clear(&m->gpv_resp);
	cwmp_param_values_clear(&m->spv.params);
	free(m->spv.parameter_key);
	cwmp_param_attrs_clear(&m->gpa_resp);
	cwmp_param_attrs_clear(&m->spa);
	free(m->add_object.object_name);
	free(m->add_object.parameter_key);
	free(m->delete_object.object_name);
	free(m->delete_object.parameter_key);
}

void
cwmp_msg_clear(struct cwmp_msg *m)
{
	free(m->method_name);
	cwmp_header_clear(&m->hdr);
	cwmp_fault_clear(&m->fault);
	inform_clear(&m->inform);
	cwmp_strlist_clear(&m->methods);
	transfers_side_clear(m);
	free(m->kicked.command);
	free(m->kicked.referer);
	free(m->kicked.arg);
	free(m->kicked.next);
	free(m->kicked_next_url);
	params_clear(m);
	free(m->reboot_command_key);
	free(m->schedule_inform.command_key);
	download_clear(m);
	cwmp_msg_init(m, CWMP_EMPTY);
}

void
cwmp_msg_set_id(struct cwmp_msg *m, const char *id)
{
	cwmp_str_set(&m->hdr.id, id);
}

void
cwmp_msg_set_fault(struct cwmp_msg *m, int code, const char *string)
{
	m->method = CWMP_FAULT;
	cwmp_fault_set(&m->fault, code, string);
}
