/*
 * inform.c: the Inform a device sends to open a session (CWMP.md 8):
 * DeviceId, the queued events, CurrentTime, RetryCount and the parameter
 * list (forced-inform parameters, the connection request URL, and the
 * values whose notification raised 4 VALUE CHANGE).  inform_done() applies
 * the event removal rules once the InformResponse arrived.  It does not
 * send anything (session.c does).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/cwmp_rpc.h"
#include "lib/xmalloc.h"

#include "cpe-sim/cpesim.h"

static void
inform_time(char *buf, size_t len, time_t t)
{
	struct tm	tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static bool
inform_has_param(const struct cwmp_param_values *l, const char *name)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return true;
	return false;
}

static void
inform_add_param(struct device *dev, struct cwmp_param_values *l,
    const char *name)
{
	struct dt_param	 p;
	const char	*sent = name;

	if (devtree_get(&dev->tree, name, &p) == -1 || p.object)
		return;
	/* Thomson 5.x-7.x name the WAN address relative (CWMP.md 8.2). */
	if (dev->quirks->relative_wan_ip &&
	    p.mp->role == MODEL_ROLE_EXTERNAL_IP)
		sent = ".ExternalIPAddress";
	if (inform_has_param(l, sent))
		return;
	cwmp_param_values_add(l, sent, (p.mp->flags & MP_HIDDEN) ? "" :
	    p.value, model_xsd_type(p.mp->type));
}

void
inform_build(struct device *dev, struct cwmp_msg *m)
{
	const struct model	*mod = dev->model;
	struct cwmp_inform	*in = &m->inform;
	char			 serial[SIM_SERIAL_MAX + 2], now[32], name[300];
	size_t			 i;
	int			 e;
	time_t			 t = time(NULL);

	cwmp_str_set(&in->device_id.manufacturer, mod->manufacturer);
	cwmp_str_set(&in->device_id.oui, mod->oui);
	cwmp_str_set(&in->device_id.product_class, mod->product_class);
	snprintf(serial, sizeof(serial), "%s%s", dev->serial,
	    dev->quirks->serial_newline ? "\n" : "");
	cwmp_str_set(&in->device_id.serial_number, serial);
	for (e = 0; e < dev->nevents; e++)
		cwmp_events_add(&in->events, dev->events[e].code,
		    dev->events[e].key);
	in->max_envelopes = 1;
	/* Thomson boxes without NTP report time since 1970 (CWMP.md 8.2). */
	if (dev->quirks->relative_wan_ip)
		t = time(NULL) - dev->tree.boot_time;
	inform_time(now, sizeof(now), t);
	cwmp_str_set(&in->current_time, now);
	in->retry_count = dev->retry_count;
	for (i = 0; i < mod->ninform; i++)
		inform_add_param(dev, &in->params,
		    mod->params[mod->inform[i]].name);
	snprintf(name, sizeof(name), "%sManagementServer.ConnectionRequestURL",
	    mod->root);
	inform_add_param(dev, &in->params, name);
	for (e = 0; e < dev->nchanged; e++)
		inform_add_param(dev, &in->params, dev->changed[e]);
	/* Events and changes queued from now on wait for the next Inform. */
	dev->nevents_sent = dev->nevents;
	dev->nchanged_sent = dev->nchanged;
}

/* Events kept until TransferCompleteResponse (CWMP.md 8.1). */
static bool
inform_keep_event(const char *code)
{
	return strcmp(code, "7 TRANSFER COMPLETE") == 0 ||
	    strcmp(code, "M Download") == 0 || strcmp(code, "M Upload") == 0;
}

void
inform_done(struct device *dev)
{
	int	i, j = 0;

	for (i = 0; i < dev->nevents; i++) {
		if (i >= dev->nevents_sent ||
		    inform_keep_event(dev->events[i].code))
			dev->events[j++] = dev->events[i];
		else if (strcmp(dev->events[i].code, "2 PERIODIC") != 0 &&
		    strcmp(dev->events[i].code, "6 CONNECTION REQUEST") != 0)
			dev->dirty = true;
	}
	dev->nevents = j;
	for (i = 0; i < dev->nchanged_sent && i < dev->nchanged; i++)
		free(dev->changed[i]);
	if (dev->nchanged_sent > 0) {
		memmove(dev->changed, dev->changed + i,
		    (size_t)(dev->nchanged - i) * sizeof(dev->changed[0]));
		dev->nchanged -= i;
		dev->dirty = true;
	}
	dev->nevents_sent = dev->nchanged_sent = 0;
	if (!dev->bootstrapped) {
		dev->bootstrapped = true;
		dev->dirty = true;
	}
}
