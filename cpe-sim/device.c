/*
 * device.c: the life of one simulated device: power-on (state loaded from
 * its directory, or factory state and identity on first boot), the events
 * it queues (CWMP.md 8.1), when it opens sessions (boot, periodic inform
 * with jitter, active notification, connection request, ScheduleInform,
 * transfer completion) and the TR-069 3.2.1.1 retry back-off after a
 * failed session, and what runs once a session ends (reboot, factory
 * reset, transfers).  A reboot drops the in-memory state and reloads it
 * from disk, as a real device would.  It does not speak HTTP (session.c)
 * or handle RPCs (rpc.c).
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "lib/log.h"
#include "lib/xmalloc.h"

#include "cpe-sim/cpesim.h"

static void	device_boot(struct device *);

uint32_t
device_rand(struct device *dev)
{
	uint32_t	x = dev->seed;

	/* xorshift32: deterministic per device, so a run can be replayed. */
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	dev->seed = x != 0 ? x : 0x9e3779b9U;
	return dev->seed;
}

static void
device_param_name(const struct device *dev, const char *suffix, char *buf,
    size_t len)
{
	snprintf(buf, len, "%s%s", dev->model->root, suffix);
}

const char *
device_param(struct device *dev, const char *suffix)
{
	char	name[MODEL_NAME_MAX + 1];

	device_param_name(dev, suffix, name, sizeof(name));
	return devtree_value(&dev->tree, name);
}

int
device_set_param(struct device *dev, const char *suffix, const char *value)
{
	char	name[MODEL_NAME_MAX + 1];

	device_param_name(dev, suffix, name, sizeof(name));
	return devtree_set(&dev->tree, name, value);
}

static unsigned long
device_param_ul(struct device *dev, const char *suffix, unsigned long def)
{
	const char	*v = device_param(dev, suffix), *e;
	long long	 n;

	if (v == NULL)
		return def;
	n = strtonum(v, 0, UINT32_MAX, &e);
	return e != NULL ? def : (unsigned long)n;
}

bool
device_has_event(const struct device *dev, const char *code)
{
	int	i;

	for (i = 0; i < dev->nevents; i++)
		if (strcmp(dev->events[i].code, code) == 0)
			return true;
	return false;
}

/* Numbered events occur once; "M ..." once per CommandKey (CWMP.md 8.1). */
void
device_add_event(struct device *dev, const char *code, const char *key)
{
	int	i;

	for (i = 0; i < dev->nevents; i++) {
		if (strcmp(dev->events[i].code, code) != 0)
			continue;
		if (code[0] != 'M' || strcmp(dev->events[i].key, key) == 0)
			return;
	}
	if (dev->nevents == SIM_EVENTS_MAX) {
		log_warnx("%s: event queue full, %s dropped", dev->serial,
		    code);
		return;
	}
	strlcpy(dev->events[dev->nevents].code, code,
	    sizeof(dev->events[0].code));
	strlcpy(dev->events[dev->nevents].key, key != NULL ? key : "",
	    sizeof(dev->events[0].key));
	dev->nevents++;
	if (strcmp(code, "2 PERIODIC") != 0 &&
	    strcmp(code, "6 CONNECTION REQUEST") != 0)
		dev->dirty = true;
}

static void
device_timer(struct event *ev, unsigned int ms)
{
	struct timeval	tv;

	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	evtimer_add(ev, &tv);
}

void
device_request_session(struct device *dev, unsigned int ms)
{
	if (dev->stopped || dev->booting || dev->cwmp_off)
		return;
	if (dev->session != NULL) {
		dev->want_session = true;
		return;
	}
	if (dev->in_backoff)
		return;
	device_timer(dev->ev_session, ms);
}

void
device_schedule_work(struct device *dev, unsigned int ms)
{
	if (!dev->stopped)
		device_timer(dev->ev_work, ms);
}

static void
device_session_cb(evutil_socket_t fd, short what, void *arg)
{
	struct device	*dev = arg;

	if (dev->stopped || dev->booting || dev->cwmp_off)
		return;
	if (dev->session != NULL) {
		dev->want_session = true;
		return;
	}
	/* A fleet-wide cap on concurrent sessions: try again shortly. */
	if (dev->sim->conf.max_sessions > 0 &&
	    dev->sim->active_sessions >= dev->sim->conf.max_sessions) {
		device_timer(dev->ev_session, 10 + device_rand(dev) % 90);
		return;
	}
	dev->in_backoff = false;
	dev->want_session = false;
	if (session_start(dev) == -1)
		device_session_done(dev, false);
}

/* Seconds to wait before retry n (TR-069 3.2.1.1), scaled for tests. */
static unsigned int
device_backoff_ms(struct device *dev)
{
	unsigned long	m, k;
	unsigned int	n = dev->retry_count;
	double		lo, hi, w;

	m = device_param_ul(dev, "ManagementServer.CWMPRetryMinimumWaitInterval",
	    5);
	k = device_param_ul(dev, "ManagementServer.CWMPRetryIntervalMultiplier",
	    2000);
	if (n > SIM_RETRY_N_MAX)
		n = SIM_RETRY_N_MAX;
	lo = (double)m * pow((double)k / 1000.0, (double)n - 1);
	hi = (double)m * pow((double)k / 1000.0, (double)n);
	w = lo + (hi - lo) * (device_rand(dev) % 10000) / 10000.0;
	w *= dev->sim->conf.retry_scale * 1000.0;
	return w < 1 ? 1 : w > 1e9 ? 1000000000U : (unsigned int)w;
}

static unsigned int
device_periodic_ms(struct device *dev, bool first)
{
	unsigned long	iv;
	double		ms, j = dev->sim->conf.jitter;

	iv = device_param_ul(dev, "ManagementServer.PeriodicInformInterval",
	    86400);
	if (iv == 0)
		iv = 1;
	ms = (double)iv * 1000.0;
	/* Spread a fleet: the first one anywhere in the interval. */
	if (first)
		ms *= (device_rand(dev) % 10000) / 10000.0;
	else if (j > 0)
		ms += ms * j * (((double)(device_rand(dev) % 20001) /
		    10000.0) - 1.0);
	return ms < 1 ? 1 : ms > 4e9 ? 4000000000U : (unsigned int)ms;
}

static void
device_periodic_cb(evutil_socket_t fd, short what, void *arg)
{
	struct device	*dev = arg;
	const char	*en;

	en = device_param(dev, "ManagementServer.PeriodicInformEnable");
	if (en == NULL || strcmp(en, "1") == 0 || strcmp(en, "true") == 0) {
		device_add_event(dev, "2 PERIODIC", "");
		device_request_session(dev, 0);
	}
	device_timer(dev->ev_periodic, device_periodic_ms(dev, false));
}

void
device_periodic_reset(struct device *dev)
{
	evtimer_del(dev->ev_periodic);
	if (!dev->stopped)
		device_timer(dev->ev_periodic, device_periodic_ms(dev, false));
}

void
device_value_changed(struct device *dev, const char *name, bool by_acs)
{
	struct dt_param	p;
	int		i;

	/* Changes made by the ACS never raise VALUE CHANGE (CWMP.md 8.3). */
	if (by_acs || devtree_get(&dev->tree, name, &p) == -1 ||
	    p.notify == 0)
		return;
	for (i = 0; i < dev->nchanged; i++)
		if (strcmp(dev->changed[i], name) == 0)
			break;
	if (i == dev->nchanged && dev->nchanged < SIM_CHANGED_MAX)
		dev->changed[dev->nchanged++] = xstrdup(name);
	device_add_event(dev, "4 VALUE CHANGE", "");
	dev->dirty = true;
	if (p.notify == 2)
		device_request_session(dev, 0);
}

void
device_connection_request(struct device *dev)
{
	dev->n_cr++;
	dev->sim->stats.cr_received++;
	if (dev->stopped || dev->booting)
		return;
	if (dev->session != NULL) {
		dev->cr_pending = true;
		return;
	}
	device_add_event(dev, "6 CONNECTION REQUEST", "");
	/* A connection request ends the back-off wait (TR-069 3.2.1.1). */
	dev->in_backoff = false;
	evtimer_del(dev->ev_session);
	device_request_session(dev, 0);
}

bool
device_is_idle(const struct device *dev)
{
	return dev->session == NULL && !dev->booting && !dev->in_backoff &&
	    !transfer_busy(dev) && dev->ntransfers == 0 && dev->nevents == 0 &&
	    dev->nscheduled == 0 && !dev->want_session && !dev->cr_pending &&
	    !dev->reboot_pending &&
	    !dev->factory_reset_pending && transfer_next_tc(
	    (struct device *)dev, NULL) == -1;
}

/* Drops the agent's queues (events, changes, transfers, TCs). */
static void
device_clear_agent(struct device *dev)
{
	int	i;

	for (i = 0; i < dev->nchanged; i++)
		free(dev->changed[i]);
	dev->nchanged = dev->nevents = dev->ntcs = dev->nscheduled = 0;
	dev->nevents_sent = dev->nchanged_sent = 0;
	for (i = 0; i < dev->ntransfers; i++) {
		free(dev->transfers[i].file_type);
		free(dev->transfers[i].url);
		free(dev->transfers[i].username);
		free(dev->transfers[i].password);
		free(dev->transfers[i].target_file_name);
	}
	dev->ntransfers = 0;
}

/* Throws the in-memory state away: a power-off. */
static void
device_teardown(struct device *dev)
{
	evtimer_del(dev->ev_session);
	evtimer_del(dev->ev_periodic);
	evtimer_del(dev->ev_work);
	transfer_cancel(dev);
	if (dev->session != NULL) {
		dev->sim->active_sessions--;
		session_free(dev->session);
		dev->session = NULL;
	}
	firmware_close(dev);
	devtree_reset(&dev->tree);
	device_clear_agent(dev);
	dev->in_backoff = dev->want_session = dev->cr_pending = false;
	dev->reboot_pending = dev->factory_reset_pending = false;
	dev->hold_requests = false;
	dev->retry_count = 0;
}

void
device_reboot(struct device *dev, bool factory)
{
	log_info("%s: %s", dev->serial, factory ? "factory reset" : "reboot");
	if (factory) {
		/* FIRMWARE.md D12: pending transfers and TCs go. */
		devtree_reset(&dev->tree);
		device_clear_agent(dev);
		dev->bootstrapped = false;
		dev->acs_url_seen[0] = '\0';
		dev->factory_reset_pending = false;
		connreq_unregister(dev->sim, dev);
		dev->cr_token[0] = '\0';
	}
	(void)state_save(dev);
	device_teardown(dev);
	dev->booting = true;
	device_schedule_work(dev, dev->sim->conf.boot_ms);
}

static void
device_run_due(struct device *dev)
{
	time_t	now = time(NULL);
	int	i, j = 0;
	time_t	next = 0;

	for (i = 0; i < dev->nscheduled; i++) {
		if (dev->scheduled[i] <= now) {
			device_add_event(dev, "3 SCHEDULED", "");
			device_add_event(dev, "M ScheduleInform",
			    dev->scheduled_key[i]);
			device_request_session(dev, 0);
			continue;
		}
		if (next == 0 || dev->scheduled[i] < next)
			next = dev->scheduled[i];
		dev->scheduled[j] = dev->scheduled[i];
		memcpy(dev->scheduled_key[j], dev->scheduled_key[i],
		    sizeof(dev->scheduled_key[0]));
		j++;
	}
	if (j != dev->nscheduled)
		dev->dirty = true;
	dev->nscheduled = j;
	if (next != 0)
		device_schedule_work(dev, (unsigned int)(next - now) * 1000);
	transfer_run(dev);
}

static void
device_work_cb(evutil_socket_t fd, short what, void *arg)
{
	struct device	*dev = arg;

	if (dev->stopped)
		return;
	if (dev->booting) {
		device_boot(dev);
		return;
	}
	device_run_due(dev);
}

void
device_session_done(struct device *dev, bool ok)
{
	struct sim	*sim = dev->sim;

	dev->sessions_done++;
	if (ok) {
		dev->n_sessions_ok++;
		sim->stats.sessions_ok++;
		dev->retry_count = 0;
	} else {
		dev->n_sessions_failed++;
		sim->stats.sessions_failed++;
		dev->retry_count++;
		dev->in_backoff = true;
		device_timer(dev->ev_session, device_backoff_ms(dev));
	}
	if (dev->dirty)
		(void)state_save(dev);
	if (ok && (dev->factory_reset_pending || dev->reboot_pending)) {
		device_reboot(dev, dev->factory_reset_pending);
		return;
	}
	if (dev->want_periodic_reset) {
		dev->want_periodic_reset = false;
		device_periodic_reset(dev);
	}
	if (sim->conf.sessions > 0 && dev->n_sessions_ok >= sim->conf.sessions)
		device_stop(dev);
	else if (ok) {
		if (dev->cr_pending) {
			dev->cr_pending = false;
			device_add_event(dev, "6 CONNECTION REQUEST", "");
		}
		if (dev->want_session || dev->cr_pending || dev->nevents > 0 ||
		    dev->nchanged > 0)
			device_request_session(dev, 0);
		dev->want_session = false;
		device_schedule_work(dev, 0);
	}
	if (fleet_done(sim))
		event_base_loopexit(sim->base, NULL);
}

/* First power-on: the factory tree plus this device's identity. */
static void
device_identity(struct device *dev)
{
	struct sim_conf	*c = &dev->sim->conf;
	char		 v[32];

	device_set_param(dev, "DeviceInfo.SerialNumber", dev->serial);
	device_set_param(dev, "ManagementServer.URL", c->acs_url);
	if (c->acs_user != NULL)
		device_set_param(dev, "ManagementServer.Username", c->acs_user);
	if (c->acs_password != NULL)
		device_set_param(dev, "ManagementServer.Password",
		    c->acs_password);
	device_set_param(dev, "ManagementServer.ConnectionRequestUsername",
	    c->cr_user != NULL ? c->cr_user : dev->serial);
	device_set_param(dev, "ManagementServer.ConnectionRequestPassword",
	    c->cr_password != NULL ? c->cr_password : dev->serial);
	if (c->periodic > 0) {
		snprintf(v, sizeof(v), "%u", c->periodic);
		device_set_param(dev, "ManagementServer.PeriodicInformInterval",
		    v);
	}
}

/*
 * The ACS URL given on the command line wins over the stored one unless
 * the ACS itself changed it; a new ACS means 0 BOOTSTRAP (CWMP.md 8.1).
 */
static void
device_acs_url(struct device *dev)
{
	const char	*cur = device_param(dev, "ManagementServer.URL");
	const char	*want = dev->sim->conf.acs_url;

	if (cur == NULL || strcmp(cur, want) == 0) {
		strlcpy(dev->acs_url_seen, want, sizeof(dev->acs_url_seen));
		return;
	}
	if (dev->acs_url_seen[0] != '\0' &&
	    strcmp(cur, dev->acs_url_seen) != 0)
		return;
	device_set_param(dev, "ManagementServer.URL", want);
	strlcpy(dev->acs_url_seen, want, sizeof(dev->acs_url_seen));
	dev->bootstrapped = false;
}

static void
device_cr_url(struct device *dev)
{
	char		 url[SIM_URL_MAX], name[MODEL_NAME_MAX + 1];
	const char	*old;
	unsigned int	 i;

	if (dev->cr_token[0] == '\0') {
		for (i = 0; i < SIM_CR_TOKEN_LEN; i++)
			dev->cr_token[i] = "0123456789abcdef"[device_rand(dev) &
			    15];
		dev->cr_token[SIM_CR_TOKEN_LEN] = '\0';
	}
	if (connreq_url(dev->sim, dev, url, sizeof(url)) == -1)
		return;
	device_param_name(dev, "ManagementServer.ConnectionRequestURL", name,
	    sizeof(name));
	old = devtree_value(&dev->tree, name);
	if (old != NULL && strcmp(old, url) == 0)
		return;
	(void)devtree_set(&dev->tree, name, url);
	if (dev->bootstrapped)
		device_value_changed(dev, name, false);
	dev->dirty = true;
}

static void
device_boot(struct device *dev)
{
	char	err[512];
	int	rc;

	dev->booting = false;
	devtree_reset(&dev->tree);
	dev->tree.boot_time = time(NULL);
	rc = state_load(dev, err, sizeof(err));
	if (rc == -1) {
		log_warnx("%s: %s: starting from factory state", dev->serial,
		    err);
		devtree_reset(&dev->tree);
		device_clear_agent(dev);
	}
	if (rc != 0)
		device_identity(dev);
	device_acs_url(dev);
	dev->boot_count++;
	dev->n_boots++;
	if (!dev->bootstrapped)
		device_add_event(dev, "0 BOOTSTRAP", "");
	device_add_event(dev, "1 BOOT", "");
	device_cr_url(dev);
	if (firmware_boot(dev) == -1)
		log_warnx("%s: firmware engine failed", dev->serial);
	/* Transfers interrupted by the power-off are reported failed. */
	transfer_after_boot(dev);
	dev->dirty = true;
	(void)state_save(dev);
	device_request_session(dev, 0);
	device_timer(dev->ev_periodic, device_periodic_ms(dev, true));
	device_schedule_work(dev, 0);
	ant_device_booted(dev);
}

struct device *
device_new(struct sim *sim, unsigned int index, const struct model *m,
    const struct quirks *q, const char *serial)
{
	struct device	*dev;
	char		 enc[3 * SIM_SERIAL_MAX + 1];
	size_t		 i, j = 0;

	dev = xcalloc(1, sizeof(*dev));
	dev->sim = sim;
	dev->index = index;
	dev->model = m;
	dev->quirks = q;
	dev->xfer_fd = -1;
	strlcpy(dev->serial, serial, sizeof(dev->serial));
	dev->seed = sim->conf.seed ^ (index * 2654435761U) ^ 0x5bd1e995U;
	if (dev->seed == 0)
		dev->seed = 1;
	/* The directory name is the percent-encoded serial (CWMP.md 8.2). */
	for (i = 0; serial[i] != '\0' && j + 4 < sizeof(enc); i++) {
		unsigned char c = (unsigned char)serial[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '-')
			enc[j++] = (char)c;
		else
			j += (size_t)snprintf(enc + j, 4, "%%%02X", c);
	}
	enc[j] = '\0';
	xasprintf(&dev->dir, "%s/%s", sim->conf.state_dir, enc);
	devtree_init(&dev->tree, m);
	dev->ev_session = evtimer_new(sim->base, device_session_cb, dev);
	dev->ev_periodic = evtimer_new(sim->base, device_periodic_cb, dev);
	dev->ev_work = evtimer_new(sim->base, device_work_cb, dev);
	if (dev->ev_session == NULL || dev->ev_periodic == NULL ||
	    dev->ev_work == NULL)
		fatalx("%s: evtimer_new failed", __func__);
	return dev;
}

int
device_start(struct device *dev, unsigned int delay_ms)
{
	if (mkdir(dev->dir, 0700) == -1 && errno != EEXIST) {
		log_warn("%s: mkdir %s", dev->serial, dev->dir);
		return -1;
	}
	dev->booting = true;
	device_schedule_work(dev, delay_ms);
	return 0;
}

void
device_stop(struct device *dev)
{
	dev->stopped = true;
	evtimer_del(dev->ev_session);
	evtimer_del(dev->ev_periodic);
	evtimer_del(dev->ev_work);
}

void
device_free(struct device *dev)
{
	if (dev == NULL)
		return;
	device_stop(dev);
	ant_device_free(dev);
	connreq_unregister(dev->sim, dev);
	device_teardown(dev);
	devtree_clear(&dev->tree);
	event_free(dev->ev_session);
	event_free(dev->ev_periodic);
	event_free(dev->ev_work);
	free(dev->dir);
	free(dev);
}
