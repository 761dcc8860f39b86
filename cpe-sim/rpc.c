/*
 * rpc.c: the CPE side of every ACS request (CWMP.md 6.1 and 7.2), answered
 * on the device's parameter tree.  SetParameterValues is atomic (every
 * parameter is checked before any is written; a 9003 fault lists each bad
 * one), ParameterKey is stored only on success, ACS writes never raise
 * 4 VALUE CHANGE, and side effects that must wait for the session to end
 * (Reboot, FactoryReset, transfers, a new inform interval) are flagged on
 * the device for device.c.  Methods we do not implement answer 9000.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/cwmp_rpc.h"
#include "lib/log.h"
#include "lib/xmalloc.h"

#include "cpe-sim/cpesim.h"

static const char *const rpc_methods[] = {
	"GetRPCMethods", "GetParameterNames", "GetParameterValues",
	"SetParameterValues", "GetParameterAttributes",
	"SetParameterAttributes", "AddObject", "DeleteObject", "Reboot",
	"FactoryReset", "Download", "Upload", "ScheduleInform",
	"GetQueuedTransfers", "GetAllQueuedTransfers"
};

static void
rpc_fault(struct device *dev, struct cwmp_msg *resp, int code,
    const char *string)
{
	cwmp_msg_clear(resp);	/* drop a partly built response */
	cwmp_msg_set_fault(resp, code, string);
	dev->n_faults_sent++;
	dev->last_fault = code;
	fleet_count_fault(dev->sim, code);
}

static void
rpc_get_rpc_methods(struct device *dev, struct cwmp_msg *resp)
{
	size_t	i;

	if (strcmp(dev->quirks->name, "zte") == 0) {
		rpc_fault(dev, resp, CWMP_FAULT_METHOD_NOT_SUPPORTED, NULL);
		return;
	}
	cwmp_msg_init(resp, CWMP_GET_RPC_METHODS_RESPONSE);
	for (i = 0; i < sizeof(rpc_methods) / sizeof(rpc_methods[0]); i++)
		cwmp_strlist_add(&resp->methods, rpc_methods[i]);
}

static int
rpc_gpn_cb(const struct dt_param *p, void *arg)
{
	struct cwmp_param_infos	*l = arg;

	cwmp_param_infos_add(l, p->name, p->writable);
	return 0;
}

static void
rpc_gpn(struct device *dev, const struct cwmp_msg *req,
    struct cwmp_msg *resp)
{
	const char	*path = req->gpn.parameter_path;
	struct dt_param	 p;

	if (path == NULL)
		path = "";
	if (*path != '\0' && devtree_get(&dev->tree, path, &p) == -1) {
		rpc_fault(dev, resp, CWMP_FAULT_INVALID_PARAMETER_NAME, NULL);
		return;
	}
	/* NextLevel on a leaf is invalid (TR-069 A.3.2.3). */
	if (*path != '\0' && !p.object && req->gpn.next_level) {
		rpc_fault(dev, resp, CWMP_FAULT_INVALID_ARGUMENTS, NULL);
		return;
	}
	cwmp_msg_init(resp, CWMP_GET_PARAMETER_NAMES_RESPONSE);
	(void)devtree_walk(&dev->tree, path, req->gpn.next_level, true,
	    rpc_gpn_cb, &resp->gpn_resp);
}

static int
rpc_gpv_cb(const struct dt_param *p, void *arg)
{
	struct cwmp_param_values	*l = arg;

	cwmp_param_values_add(l, p->name, (p->mp->flags & MP_HIDDEN) ? "" :
	    p->value, model_xsd_type(p->mp->type));
	return 0;
}

static void
rpc_gpv(struct device *dev, const struct cwmp_msg *req,
    struct cwmp_msg *resp)
{
	size_t	i;

	cwmp_msg_init(resp, CWMP_GET_PARAMETER_VALUES_RESPONSE);
	for (i = 0; i < req->gpv.names.n; i++) {
		const char *name = req->gpv.names.v[i];

		if (name == NULL || devtree_walk(&dev->tree, name, false,
		    false, rpc_gpv_cb, &resp->gpv_resp) == -1) {
			rpc_fault(dev, resp, CWMP_FAULT_INVALID_PARAMETER_NAME,
			    NULL);
			return;
		}
	}
}

/* The xsi:type sent must match the parameter's (TR-069 A.3.2.1). */
static bool
rpc_type_matches(const struct model_param *mp, const char *type)
{
	const char	*want = model_xsd_type(mp->type), *colon;

	if (type == NULL || *type == '\0')
		return true;
	colon = strchr(type, ':');
	type = colon != NULL ? colon + 1 : type;
	return strcmp(type, strchr(want, ':') + 1) == 0;
}

static int
rpc_spv_check(struct device *dev, const struct cwmp_param_value *pv)
{
	struct dt_param	p;
	int		rc;

	if (pv->name == NULL || devtree_get(&dev->tree, pv->name, &p) == -1 ||
	    p.object)
		return CWMP_FAULT_INVALID_PARAMETER_NAME;
	if (!p.writable)
		return CWMP_FAULT_NON_WRITABLE_PARAMETER;
	if (!rpc_type_matches(p.mp, pv->type))
		return CWMP_FAULT_INVALID_PARAMETER_TYPE;
	if ((rc = model_check_value(p.mp, pv->value != NULL ? pv->value : ""))
	    != 0)
		return rc;
	if (p.mp->role == MODEL_ROLE_BOOT_FW &&
	    firmware_check_boot_image(dev, pv->value) != 0)
		return CWMP_FAULT_INVALID_PARAMETER_VALUE;
	return 0;
}

static void
rpc_spv_apply(struct device *dev, const struct cwmp_param_value *pv)
{
	const char	*old;
	const char	*url = "ManagementServer.URL";
	size_t		 rl = strlen(dev->model->root);

	old = devtree_value(&dev->tree, pv->name);
	if (strncmp(pv->name + rl, url, strlen(url) + 1) == 0 &&
	    old != NULL && strcmp(old, pv->value) != 0)
		dev->bootstrapped = false;	/* new ACS: 0 BOOTSTRAP */
	if (strstr(pv->name, "ManagementServer.PeriodicInform") != NULL)
		dev->want_periodic_reset = true;
	(void)devtree_set(&dev->tree, pv->name, pv->value != NULL ?
	    pv->value : "");
	if (strstr(pv->name, "BootFirmwareImage") != NULL)
		(void)firmware_set_boot_image(dev, pv->value);
}

static void
rpc_set_key(struct device *dev, const char *key)
{
	device_set_param(dev, "ManagementServer.ParameterKey",
	    key != NULL ? key : "");
	dev->dirty = true;
}

static void
rpc_spv(struct device *dev, const struct cwmp_msg *req,
    struct cwmp_msg *resp)
{
	const struct cwmp_param_values	*l = &req->spv.params;
	size_t				 i, j;
	int				 rc, bad = 0;

	if (req->spv.parameter_key != NULL &&
	    strlen(req->spv.parameter_key) > CWMP_PARAMETER_KEY_MAX) {
		rpc_fault(dev, resp, CWMP_FAULT_INVALID_ARGUMENTS, NULL);
		return;
	}
	cwmp_msg_set_fault(resp, CWMP_FAULT_INVALID_ARGUMENTS, NULL);
	for (i = 0; i < l->n; i++) {
		rc = rpc_spv_check(dev, &l->v[i]);
		for (j = 0; rc == 0 && j < i; j++)
			if (strcmp(l->v[j].name, l->v[i].name) == 0)
				rc = CWMP_FAULT_INVALID_ARGUMENTS;
		if (rc != 0) {
			cwmp_fault_add_spv(&resp->fault, l->v[i].name, rc,
			    NULL);
			bad++;
		}
	}
	if (bad > 0) {
		dev->n_faults_sent++;
		dev->last_fault = CWMP_FAULT_INVALID_ARGUMENTS;
		fleet_count_fault(dev->sim, CWMP_FAULT_INVALID_ARGUMENTS);
		return;
	}
	for (i = 0; i < l->n; i++)
		rpc_spv_apply(dev, &l->v[i]);
	rpc_set_key(dev, req->spv.parameter_key);
	cwmp_msg_clear(resp);
	cwmp_msg_init(resp, CWMP_SET_PARAMETER_VALUES_RESPONSE);
	resp->spv_resp_status = 0;
}

static int
rpc_gpa_cb(const struct dt_param *p, void *arg)
{
	struct cwmp_param_attrs	*l = arg;
	struct cwmp_param_attr	*a;

	a = cwmp_param_attrs_add(l, p->name, p->notify);
	if (p->acl)
		cwmp_strlist_add(&a->access_list, "Subscriber");
	return 0;
}

static void
rpc_gpa(struct device *dev, const struct cwmp_msg *req,
    struct cwmp_msg *resp)
{
	size_t	i;

	cwmp_msg_init(resp, CWMP_GET_PARAMETER_ATTRIBUTES_RESPONSE);
	for (i = 0; i < req->gpa.names.n; i++) {
		if (req->gpa.names.v[i] == NULL ||
		    devtree_walk(&dev->tree, req->gpa.names.v[i], false, false,
		    rpc_gpa_cb, &resp->gpa_resp) == -1) {
			rpc_fault(dev, resp, CWMP_FAULT_INVALID_PARAMETER_NAME,
			    NULL);
			return;
		}
	}
}

struct rpc_spa {
	struct device			*dev;
	const struct cwmp_param_attr	*a;
	bool				 apply;
	int				 fault;
};

static int
rpc_spa_cb(const struct dt_param *p, void *arg)
{
	struct rpc_spa			*sp = arg;
	const struct cwmp_param_attr	*a = sp->a;
	int				 acl = -1, notify = -1;

	if (a->notification_change) {
		if (p->mp->notify_lock == MODEL_NOTIFY_FORCED &&
		    a->notification != 2) {
			sp->fault = CWMP_FAULT_NOTIFICATION_REJECTED;
			return 1;
		}
		if (p->mp->notify_lock == MODEL_NOTIFY_DENY &&
		    a->notification == 2) {
			sp->fault = CWMP_FAULT_NOTIFICATION_REJECTED;
			return 1;
		}
		notify = a->notification;
	}
	if (a->access_list_change)
		acl = a->access_list.n > 0 ? 1 : 0;
	if (sp->apply)
		(void)devtree_set_notify(&sp->dev->tree, p->name, notify, acl);
	return 0;
}

static void
rpc_spa(struct device *dev, const struct cwmp_msg *req,
    struct cwmp_msg *resp)
{
	struct rpc_spa	sp;
	size_t		i;
	int		pass, maxn = dev->model->cwmp_version >= 4 ? 6 : 2;

	memset(&sp, 0, sizeof(sp));
	sp.dev = dev;
	/* Check everything, then apply: SPA is atomic too. */
	for (pass = 0; pass < 2; pass++) {
		sp.apply = pass == 1;
		for (i = 0; i < req->spa.n; i++) {
			sp.a = &req->spa.v[i];
			if (sp.a->notification_change &&
			    (sp.a->notification < 0 ||
			    sp.a->notification > maxn)) {
				rpc_fault(dev, resp,
				    CWMP_FAULT_INVALID_ARGUMENTS, NULL);
				return;
			}
			if (sp.a->name == NULL ||
			    devtree_walk(&dev->tree, sp.a->name, false, false,
			    rpc_spa_cb, &sp) == -1) {
				rpc_fault(dev, resp,
				    CWMP_FAULT_INVALID_PARAMETER_NAME, NULL);
				return;
			}
			if (sp.fault != 0) {
				rpc_fault(dev, resp, sp.fault, NULL);
				return;
			}
		}
	}
	dev->dirty = true;
	cwmp_msg_init(resp, CWMP_SET_PARAMETER_ATTRIBUTES_RESPONSE);
}

static void
rpc_object(struct device *dev, const struct cwmp_msg *req,
    struct cwmp_msg *resp, bool add)
{
	const struct cwmp_object	*o = add ? &req->add_object :
	    &req->delete_object;
	unsigned int			 inst = 0;
	size_t				 len;
	int				 rc;

	len = o->object_name != NULL ? strlen(o->object_name) : 0;
	if (len == 0 || o->object_name[len - 1] != '.' ||
	    (o->parameter_key != NULL &&
	    strlen(o->parameter_key) > CWMP_PARAMETER_KEY_MAX)) {
		rpc_fault(dev, resp, len == 0 || o->object_name[len - 1] != '.' ?
		    CWMP_FAULT_INVALID_PARAMETER_NAME :
		    CWMP_FAULT_INVALID_ARGUMENTS, NULL);
		return;
	}
	rc = add ? devtree_add_object(&dev->tree, o->object_name, &inst) :
	    devtree_delete_object(&dev->tree, o->object_name);
	if (rc != 0) {
		rpc_fault(dev, resp, rc, NULL);
		return;
	}
	rpc_set_key(dev, o->parameter_key);
	cwmp_msg_init(resp, add ? CWMP_ADD_OBJECT_RESPONSE :
	    CWMP_DELETE_OBJECT_RESPONSE);
	resp->object_resp.instance_number = inst;
	resp->object_resp.status = 0;
}

static void
rpc_reboot(struct device *dev, const struct cwmp_msg *req,
    struct cwmp_msg *resp)
{
	const char	*key = req->reboot_command_key;

	if (key != NULL && strlen(key) > CWMP_COMMAND_KEY_MAX) {
		rpc_fault(dev, resp, CWMP_FAULT_INVALID_ARGUMENTS, NULL);
		return;
	}
	device_add_event(dev, "M Reboot", key != NULL ? key : "");
	dev->reboot_pending = true;
	dev->dirty = true;
	cwmp_msg_init(resp, CWMP_REBOOT_RESPONSE);
}

static void
rpc_transfer(struct device *dev, const struct cwmp_msg *req,
    struct cwmp_msg *resp, bool upload)
{
	int	fault = 0;

	if (transfer_accept(dev, &req->download, upload, &fault) == -1) {
		rpc_fault(dev, resp, fault, NULL);
		return;
	}
	cwmp_msg_init(resp, upload ? CWMP_UPLOAD_RESPONSE :
	    CWMP_DOWNLOAD_RESPONSE);
	resp->transfer_resp.status = 1;
	cwmp_str_set(&resp->transfer_resp.start_time, "0001-01-01T00:00:00Z");
	cwmp_str_set(&resp->transfer_resp.complete_time,
	    "0001-01-01T00:00:00Z");
}

static void
rpc_schedule_inform(struct device *dev, const struct cwmp_msg *req,
    struct cwmp_msg *resp)
{
	const struct cwmp_schedule_inform	*si = &req->schedule_inform;
	const char				*key = si->command_key;

	if (si->delay_seconds == 0 || (key != NULL &&
	    strlen(key) > CWMP_COMMAND_KEY_MAX)) {
		rpc_fault(dev, resp, CWMP_FAULT_INVALID_ARGUMENTS, NULL);
		return;
	}
	if (dev->nscheduled == SIM_SCHEDULED_MAX) {
		rpc_fault(dev, resp, CWMP_FAULT_RESOURCES_EXCEEDED, NULL);
		return;
	}
	dev->scheduled[dev->nscheduled] = time(NULL) + si->delay_seconds;
	strlcpy(dev->scheduled_key[dev->nscheduled], key != NULL ? key : "",
	    sizeof(dev->scheduled_key[0]));
	dev->nscheduled++;
	dev->dirty = true;
	device_schedule_work(dev, 0);
	cwmp_msg_init(resp, CWMP_SCHEDULE_INFORM_RESPONSE);
}

void
rpc_dispatch(struct device *dev, const struct cwmp_msg *req,
    struct cwmp_msg *resp)
{
	dev->n_rpcs++;
	dev->sim->stats.rpcs++;
	log_debug("%s: %s: %s", __func__, dev->serial,
	    req->method == CWMP_UNKNOWN ? req->method_name :
	    cwmp_method_name(req->method));
	switch (req->method) {
	case CWMP_GET_RPC_METHODS:
		rpc_get_rpc_methods(dev, resp);
		break;
	case CWMP_GET_PARAMETER_NAMES:
		rpc_gpn(dev, req, resp);
		break;
	case CWMP_GET_PARAMETER_VALUES:
		rpc_gpv(dev, req, resp);
		break;
	case CWMP_SET_PARAMETER_VALUES:
		rpc_spv(dev, req, resp);
		break;
	case CWMP_GET_PARAMETER_ATTRIBUTES:
		rpc_gpa(dev, req, resp);
		break;
	case CWMP_SET_PARAMETER_ATTRIBUTES:
		rpc_spa(dev, req, resp);
		break;
	case CWMP_ADD_OBJECT:
	case CWMP_DELETE_OBJECT:
		rpc_object(dev, req, resp, req->method == CWMP_ADD_OBJECT);
		break;
	case CWMP_REBOOT:
		rpc_reboot(dev, req, resp);
		break;
	case CWMP_FACTORY_RESET:
		dev->factory_reset_pending = true;
		cwmp_msg_init(resp, CWMP_FACTORY_RESET_RESPONSE);
		break;
	case CWMP_DOWNLOAD:
	case CWMP_UPLOAD:
		rpc_transfer(dev, req, resp, req->method == CWMP_UPLOAD);
		break;
	case CWMP_SCHEDULE_INFORM:
		rpc_schedule_inform(dev, req, resp);
		break;
	case CWMP_GET_QUEUED_TRANSFERS:
	case CWMP_GET_ALL_QUEUED_TRANSFERS:
		cwmp_msg_init(resp, req->method == CWMP_GET_QUEUED_TRANSFERS ?
		    CWMP_GET_QUEUED_TRANSFERS_RESPONSE :
		    CWMP_GET_ALL_QUEUED_TRANSFERS_RESPONSE);
		transfer_queued(dev, &resp->transfers);
		break;
	default:
		rpc_fault(dev, resp, CWMP_FAULT_METHOD_NOT_SUPPORTED, NULL);
		break;
	}
}
