/*
 * cwmp_samples.c: one hand-built sample of every CWMP RPC and response,
 * filled the way acsd and cpe-sim fill them (every field set, lists of
 * several entries, empty strings where the schema allows them).
 */
#include "config.h"

#include "lib/cwmp_rpc.h"
#include "tests/unit/cwmp_samples.h"

void
build_inform(struct cwmp_msg *m)
{
	struct cwmp_inform	*in = &m->inform;

	cwmp_str_set(&in->device_id.manufacturer, "Anthill & Co");
	cwmp_str_set(&in->device_id.oui, "00147F");
	cwmp_str_set(&in->device_id.product_class, "SimBox <1>");
	cwmp_str_set(&in->device_id.serial_number, "SIM0001");
	cwmp_events_add(&in->events, "1 BOOT", "");
	cwmp_events_add(&in->events, "M Reboot", "rb-1");
	in->max_envelopes = 1;
	cwmp_str_set(&in->current_time, "2026-11-21T16:00:00Z");
	in->retry_count = 3;
	cwmp_param_values_add(&in->params,
	    "InternetGatewayDevice.DeviceInfo.SoftwareVersion", "1.2.3",
	    "xsd:string");
	cwmp_param_values_add(&in->params, ".ExternalIPAddress", "10.0.0.2",
	    NULL);
	m->hdr.session_timeout = 60;
	cwmp_str_set(&m->hdr.supported_versions, "1.0,1.1,1.2,1.3,1.4");
}

void
build_inform_resp(struct cwmp_msg *m)
{
	m->inform_resp_max_envelopes = 1;
	cwmp_str_set(&m->hdr.use_version, "1.4");
}

void
build_methods(struct cwmp_msg *m)
{
	cwmp_strlist_add(&m->methods, "Inform");
	cwmp_strlist_add(&m->methods, "GetRPCMethods");
	cwmp_strlist_add(&m->methods, "TransferComplete");
}

void
build_tc(struct cwmp_msg *m)
{
	cwmp_str_set(&m->tc.command_key, "fw-1");
	m->tc.fault.code = 9010;
	cwmp_str_set(&m->tc.fault.string, "Download failed");
	cwmp_str_set(&m->tc.start_time, "2026-11-21T16:00:00Z");
	cwmp_str_set(&m->tc.complete_time, "2026-11-21T16:01:00Z");
}

void
build_atc(struct cwmp_msg *m)
{
	cwmp_str_set(&m->atc.announce_url, "http://a.example/ann");
	cwmp_str_set(&m->atc.transfer_url, "http://a.example/fw.bin");
	m->atc.is_download = true;
	cwmp_str_set(&m->atc.file_type, "1 Firmware Upgrade Image");
	m->atc.file_size = 4096;
	cwmp_str_set(&m->atc.target_file_name, "fw.bin");
	cwmp_str_set(&m->atc.start_time, "0001-01-01T00:00:00Z");
	cwmp_str_set(&m->atc.complete_time, "0001-01-01T00:00:00Z");
}

void
build_request_download(struct cwmp_msg *m)
{
	cwmp_str_set(&m->request_download.file_type, "2 Web Content");
	cwmp_param_values_add(&m->request_download.args, "Version", "2",
	    NULL);
}

void
build_kicked(struct cwmp_msg *m)
{
	cwmp_str_set(&m->kicked.command, "cmd");
	cwmp_str_set(&m->kicked.referer, "http://ref/");
	cwmp_str_set(&m->kicked.arg, "a=1&b=2");
	cwmp_str_set(&m->kicked.next, "http://next/");
}

void
build_kicked_resp(struct cwmp_msg *m)
{
	cwmp_str_set(&m->kicked_next_url, "http://next/");
}

void
build_dscc(struct cwmp_msg *m)
{
	struct cwmp_du_result	*r = cwmp_du_results_add(&m->dscc.results);

	cwmp_str_set(&r->uuid, "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
	cwmp_str_set(&r->deployment_unit_ref, "Device.SoftwareModules.DU.1");
	cwmp_str_set(&r->version, "1.0");
	cwmp_str_set(&r->current_state, "Installed");
	r->resolved = true;
	cwmp_str_set(&r->execution_unit_ref_list, "");
	cwmp_str_set(&r->start_time, "2026-11-21T16:00:00Z");
	cwmp_str_set(&r->complete_time, "2026-11-21T16:00:05Z");
	if (m->method == CWMP_AUTONOMOUS_DU_STATE_CHANGE_COMPLETE)
		cwmp_str_set(&r->operation_performed, "Install");
	else
		cwmp_str_set(&m->dscc.command_key, "du-1");
}

void
build_gpn(struct cwmp_msg *m)
{
	cwmp_str_set(&m->gpn.parameter_path, "InternetGatewayDevice.");
	m->gpn.next_level = true;
}

void
build_gpn_resp(struct cwmp_msg *m)
{
	cwmp_param_infos_add(&m->gpn_resp, "InternetGatewayDevice.Time.",
	    false);
	cwmp_param_infos_add(&m->gpn_resp,
	    "InternetGatewayDevice.Time.NTPServer1", true);
}

void
build_gpv(struct cwmp_msg *m)
{
	cwmp_strlist_add(&m->gpv.names, "InternetGatewayDevice.DeviceInfo.");
	cwmp_strlist_add(&m->gpv.names,
	    "InternetGatewayDevice.ManagementServer.URL");
}

void
build_gpv_resp(struct cwmp_msg *m)
{
	cwmp_param_values_add(&m->gpv_resp,
	    "InternetGatewayDevice.DeviceInfo.UpTime", "3600",
	    "xsd:unsignedInt");
	cwmp_param_values_add(&m->gpv_resp,
	    "InternetGatewayDevice.DeviceInfo.Description", "a \"b\" <c>\r\n",
	    "xsd:string");
}

void
build_spv(struct cwmp_msg *m)
{
	cwmp_param_values_add(&m->spv.params,
	    "InternetGatewayDevice.ManagementServer.PeriodicInformEnable", "1",
	    "xsd:boolean");
	cwmp_param_values_add(&m->spv.params,
	    "InternetGatewayDevice.ManagementServer.PeriodicInformInterval",
	    "300", "xsd:unsignedInt");
	cwmp_str_set(&m->spv.parameter_key, "pk-1");
}

void
build_spv_resp(struct cwmp_msg *m)
{
	m->spv_resp_status = 1;
}

void
build_gpa(struct cwmp_msg *m)
{
	cwmp_strlist_add(&m->gpa.names,
	    "InternetGatewayDevice.DeviceInfo.SoftwareVersion");
}

void
build_gpa_resp(struct cwmp_msg *m)
{
	struct cwmp_param_attr	*a;

	a = cwmp_param_attrs_add(&m->gpa_resp,
	    "InternetGatewayDevice.DeviceInfo.SoftwareVersion", 2);
	cwmp_strlist_add(&a->access_list, "Subscriber");
	cwmp_param_attrs_add(&m->gpa_resp,
	    "InternetGatewayDevice.DeviceInfo.UpTime", 0);
}

void
build_spa(struct cwmp_msg *m)
{
	struct cwmp_param_attr	*a;

	a = cwmp_param_attrs_add(&m->spa,
	    "InternetGatewayDevice.DeviceInfo.SoftwareVersion", 2);
	a->notification_change = true;
	a->access_list_change = true;
}

void
build_add_object(struct cwmp_msg *m)
{
	cwmp_str_set(&m->add_object.object_name,
	    "InternetGatewayDevice.LANDevice.1.WLANConfiguration.");
	cwmp_str_set(&m->add_object.parameter_key, "pk-2");
}

void
build_delete_object(struct cwmp_msg *m)
{
	cwmp_str_set(&m->delete_object.object_name,
	    "InternetGatewayDevice.LANDevice.1.WLANConfiguration.2.");
	cwmp_str_set(&m->delete_object.parameter_key, "pk-3");
}

void
build_object_resp(struct cwmp_msg *m)
{
	if (m->method == CWMP_ADD_OBJECT_RESPONSE)
		m->object_resp.instance_number = 7;
	m->object_resp.status = 0;
}

void
build_reboot(struct cwmp_msg *m)
{
	cwmp_str_set(&m->reboot_command_key, "rb-1");
}

void
build_download(struct cwmp_msg *m)
{
	struct cwmp_download	*d = &m->download;

	cwmp_str_set(&d->command_key, "dl-1");
	cwmp_str_set(&d->file_type, m->method == CWMP_UPLOAD ?
	    "1 Vendor Configuration File" : "1 Firmware Upgrade Image");
	cwmp_str_set(&d->url, "http://files.example/fw.bin");
	cwmp_str_set(&d->username, "u");
	cwmp_str_set(&d->password, "p");
	d->delay_seconds = 5;
	if (m->method == CWMP_UPLOAD)
		return;
	d->file_size = 1234567;
	cwmp_str_set(&d->target_file_name, "fw.bin");
	cwmp_str_set(&d->success_url, "http://ok/");
	cwmp_str_set(&d->failure_url, "");
}

void
build_transfer_resp(struct cwmp_msg *m)
{
	m->transfer_resp.status = 1;
	cwmp_str_set(&m->transfer_resp.start_time, "0001-01-01T00:00:00Z");
	cwmp_str_set(&m->transfer_resp.complete_time, "0001-01-01T00:00:00Z");
}

void
build_schedule_inform(struct cwmp_msg *m)
{
	m->schedule_inform.delay_seconds = 30;
	cwmp_str_set(&m->schedule_inform.command_key, "si-1");
}

void
build_transfers(struct cwmp_msg *m)
{
	struct cwmp_transfer	*t;

	t = cwmp_transfers_add(&m->transfers, "dl-1", 2);
	if (m->method == CWMP_GET_ALL_QUEUED_TRANSFERS_RESPONSE) {
		t->is_download = true;
		cwmp_str_set(&t->file_type, "1 Firmware Upgrade Image");
		t->file_size = 99;
		cwmp_str_set(&t->target_file_name, "fw.bin");
	}
	cwmp_transfers_add(&m->transfers, "dl-2", 1);
}

void
build_schedule_download(struct cwmp_msg *m)
{
	struct cwmp_schedule_download	*s = &m->schedule_download;

	cwmp_str_set(&s->command_key, "sd-1");
	cwmp_str_set(&s->file_type, "1 Firmware Upgrade Image");
	cwmp_str_set(&s->url, "http://files.example/fw.bin");
	s->file_size = 10;
	s->nwindows = 2;
	s->windows[0].window_start = 0;
	s->windows[0].window_end = 3600;
	cwmp_str_set(&s->windows[0].window_mode, "1 At Any Time");
	s->windows[0].max_retries = -1;
	s->windows[1].window_start = 7200;
	s->windows[1].window_end = 9000;
	cwmp_str_set(&s->windows[1].window_mode, "3 When Idle");
	cwmp_str_set(&s->windows[1].user_message, "later");
	s->windows[1].max_retries = 2;
}

void
build_cancel(struct cwmp_msg *m)
{
	cwmp_str_set(&m->cancel_command_key, "sd-1");
}

void
build_change_du_state(struct cwmp_msg *m)
{
	struct cwmp_du_op	*o;

	o = cwmp_du_ops_add(&m->change_du_state.ops, CWMP_DU_INSTALL);
	cwmp_str_set(&o->url, "http://du.example/app.ipk");
	o = cwmp_du_ops_add(&m->change_du_state.ops, CWMP_DU_UPDATE);
	cwmp_str_set(&o->uuid, "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
	cwmp_str_set(&o->version, "2.0");
	o = cwmp_du_ops_add(&m->change_du_state.ops, CWMP_DU_UNINSTALL);
	cwmp_str_set(&o->uuid, "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
	cwmp_str_set(&o->execution_env_ref, "Device.SoftwareModules.ExecEnv.1");
	cwmp_str_set(&m->change_du_state.command_key, "du-1");
}

void
build_fault(struct cwmp_msg *m)
{
	cwmp_msg_set_fault(m, CWMP_FAULT_INVALID_ARGUMENTS, NULL);
	cwmp_fault_add_spv(&m->fault, "InternetGatewayDevice.X", 9007, NULL);
	cwmp_fault_add_spv(&m->fault, "InternetGatewayDevice.Y", 9008,
	    "read-only");
}

void
build_nothing(struct cwmp_msg *m)
{
	(void)m;
}
