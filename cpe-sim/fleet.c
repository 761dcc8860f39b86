/*
 * fleet.c: many devices in one process (FIRMWARE.md 10): models and quirk
 * profiles mixed by weight, serials from a pattern, staggered power-on, a
 * progress line on a terminal, the stop conditions (--sessions,
 * --duration, --until-idle), and the summary (text or --json) with the
 * list of devices that ended in an unexpected state, which makes the exit
 * status non-zero.  It does not run sessions itself (device.c does).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "lib/buf.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/xmalloc.h"

#include "cpe-sim/cpesim.h"

#define FLEET_UNEXPECTED_SHOWN	10

/* "model.yaml=70" or "thomson=30": a name and an optional weight. */
int
fleet_mix_add(struct sim_mix *mix, int *n, const char *spec,
    const char **errstr)
{
	const char	*eq = strrchr(spec, '=');
	long long	 w = 1;

	if (*n == SIM_MIX_MAX) {
		*errstr = "too many entries";
		return -1;
	}
	if (eq != NULL) {
		w = strtonum(eq + 1, 1, 1000000, errstr);
		if (*errstr != NULL)
			return -1;
	}
	mix[*n].name = eq != NULL ? xstrndup(spec, (size_t)(eq - spec)) :
	    xstrdup(spec);
	mix[*n].weight = (unsigned int)w;
	(*n)++;
	return 0;
}

/* The entry for device i: a hash of (i, salt) spread over the weights. */
static const struct sim_mix *
fleet_pick(const struct sim_mix *mix, int n, unsigned int i, uint32_t salt)
{
	unsigned int	total = 0, pos;
	uint32_t	h = i ^ salt;
	int		k;

	for (k = 0; k < n; k++)
		total += mix[k].weight;
	h ^= h >> 16;
	h *= 0x7feb352dU;
	h ^= h >> 15;
	h *= 0x846ca68bU;
	h ^= h >> 16;
	pos = h % total;
	for (k = 0; k < n; k++) {
		if (pos < mix[k].weight)
			return &mix[k];
		pos -= mix[k].weight;
	}
	return &mix[0];
}

/* Expands the one %d / %0Nd of the serial pattern. */
static int
fleet_serial(const char *pat, unsigned int idx, char *buf, size_t len)
{
	const char	*p = strchr(pat, '%'), *q;
	char		 num[32];
	int		 width = 0;

	if (p == NULL) {
		snprintf(num, sizeof(num), "%u", idx);
		return (size_t)snprintf(buf, len, "%s%s", pat, num) >= len ?
		    -1 : 0;
	}
	for (q = p + 1; isdigit((unsigned char)*q); q++)
		width = width * 10 + (*q - '0');
	if (*q != 'd' || width > 20 || strchr(q, '%') != NULL)
		return -1;
	snprintf(num, sizeof(num), "%0*u", width, idx);
	return (size_t)snprintf(buf, len, "%.*s%s%s", (int)(p - pat), pat, num,
	    q + 1) >= len ? -1 : 0;
}

int
fleet_create(struct sim *sim)
{
	struct sim_conf		*c = &sim->conf;
	const struct sim_mix	*mm, *qm;
	const struct quirks	*q;
	char			 serial[SIM_SERIAL_MAX];
	unsigned int		 i;

	sim->devices = xcalloc(c->count, sizeof(*sim->devices));
	for (i = 0; i < c->count; i++) {
		unsigned int idx = c->first_index + i;

		mm = fleet_pick(c->models, c->nmodels, i, 0x6d6f64U);
		q = NULL;
		if (c->nquirks > 0) {
			qm = fleet_pick(c->quirks, c->nquirks, i, 0x71726bU);
			q = qm->quirks;
		} else if (mm->model->quirks != NULL)
			q = quirks_find(mm->model->quirks);
		if (q == NULL)
			q = quirks_find("strict");
		if (fleet_serial(c->serial_pattern, idx, serial,
		    sizeof(serial)) == -1) {
			log_warnx("bad serial pattern %s", c->serial_pattern);
			return -1;
		}
		sim->devices[i] = device_new(sim, idx, mm->model, q, serial);
		ant_device_init(sim->devices[i]);
		sim->ndevices++;
	}
	for (i = 0; i < sim->ndevices; i++)
		if (device_start(sim->devices[i], i * c->stagger_ms) == -1)
			return -1;
	return 0;
}

void
fleet_count_fault(struct sim *sim, int code)
{
	if (code >= 9000 && code < 9000 + 64) {
		sim->stats.fault_hist[code - 9000]++;
		sim->stats.faults++;
	}
}

static long
fleet_rss_kb(const char *key)
{
	FILE	*fp;
	char	 line[256];
	long	 kb = -1;
	size_t	 kl = strlen(key);

	if ((fp = fopen("/proc/self/status", "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (strncmp(line, key, kl) == 0 && line[kl] == ':')
			kb = strtol(line + kl + 1, NULL, 10);
	fclose(fp);
	return kb;
}

/* Why a device is in an unexpected state at the end, or NULL. */
static const char *
fleet_unexpected(struct sim *sim, struct device *dev)
{
	const char	*v;

	if (dev->n_sessions_ok == 0)
		return "no successful session";
	if (dev->in_backoff || dev->retry_count > 0)
		return "last session failed";
	if (dev->ntransfers > 0 || transfer_busy(dev))
		return "transfer not finished";
	if (transfer_next_tc(dev, NULL) == 0)
		return "TransferComplete not acknowledged";
	if (dev->fw_result == DEV_RESULT_FAILED && !sim->conf.expect_fw_fault)
		return "firmware update failed";
	if (sim->conf.expect_fw_fault && dev->fw_result != DEV_RESULT_FAILED)
		return "firmware update did not fail as expected";
	if (sim->conf.expect_version != NULL) {
		v = device_param(dev, "DeviceInfo.SoftwareVersion");
		if (v == NULL || strcmp(v, sim->conf.expect_version) != 0)
			return "unexpected SoftwareVersion";
	}
	return NULL;
}

bool
fleet_done(struct sim *sim)
{
	struct sim_conf	*c = &sim->conf;
	unsigned int	 i;

	if (sim->stopping)
		return true;
	if (c->duration > 0 && time(NULL) - sim->start >= (time_t)c->duration)
		return true;
	if (c->sessions > 0) {
		for (i = 0; i < sim->ndevices; i++)
			if (!sim->devices[i]->stopped)
				return false;
		return true;
	}
	if (c->until_idle) {
		for (i = 0; i < sim->ndevices; i++)
			if (sim->devices[i]->n_sessions_ok == 0 ||
			    !device_is_idle(sim->devices[i]))
				return false;
		return true;
	}
	return false;
}

static void
fleet_volatile(struct sim *sim)
{
	const struct model_param	*mp;
	struct device			*dev;
	const char			*v;
	char				 nv[64];
	unsigned int			 i;
	size_t				 k;

	for (i = 0; i < sim->ndevices; i++) {
		dev = sim->devices[i];
		if (dev->booting || dev->stopped)
			continue;
		for (k = 0; k < dev->model->nvolatiles; k++) {
			mp = &dev->model->params[dev->model->volatiles[k]];
			v = devtree_value(&dev->tree, mp->name);
			if (v == NULL)
				continue;
			if (mp->type == MODEL_STRING)
				snprintf(nv, sizeof(nv), "10.%u.%u.%u",
				    (device_rand(dev) >> 16) & 255,
				    (device_rand(dev) >> 8) & 255,
				    1 + device_rand(dev) % 254);
			else
				snprintf(nv, sizeof(nv), "%u",
				    device_rand(dev) % 100000);
			(void)devtree_set(&dev->tree, mp->name, nv);
			device_value_changed(dev, mp->name, false);
		}
	}
}

void
fleet_tick(struct sim *sim)
{
	struct sim_stats	*st = &sim->stats;
	time_t			 el = time(NULL) - sim->start;

	if (sim->conf.volatile_s > 0 && el > 0 &&
	    el - sim->last_volatile >= (time_t)sim->conf.volatile_s) {
		sim->last_volatile = el;
		fleet_volatile(sim);
	}
	if (sim->conf.progress)
		fprintf(stderr, "\r%u devices  %lu sessions ok  %lu failed  "
		    "%u active  %lu rpcs  %lu faults  %.1f sessions/s   ",
		    sim->ndevices, st->sessions_ok, st->sessions_failed,
		    sim->active_sessions, st->rpcs, st->faults,
		    el > 0 ? (double)st->sessions_ok / (double)el : 0.0);
	if (fleet_done(sim))
		event_base_loopexit(sim->base, NULL);
}

static void
fleet_summary_json(struct sim *sim, double secs, long rss, long hwm,
    unsigned int unexpected, struct buf *bad)
{
	struct sim_stats	*st = &sim->stats;
	struct json		 j;
	struct buf		 out;
	char			 code[8];
	int			 k;

	buf_init(&out, 0);
	json_init(&j, &out);
	json_object_begin(&j);
	json_kv_int(&j, "devices", sim->ndevices);
	json_kv_int(&j, "elapsed_ms", (long long)(secs * 1000));
	json_kv_int(&j, "sessions_ok", (long long)st->sessions_ok);
	json_kv_int(&j, "sessions_failed", (long long)st->sessions_failed);
	json_kv_int(&j, "sessions_per_s_x100", secs > 0 ?
	    (long long)(st->sessions_ok * 100 / secs) : 0);
	json_kv_int(&j, "informs", (long long)st->informs);
	json_kv_int(&j, "rpcs", (long long)st->rpcs);
	json_kv_int(&j, "faults", (long long)st->faults);
	json_key(&j, "fault_codes");
	json_object_begin(&j);
	for (k = 0; k < 64; k++) {
		if (st->fault_hist[k] == 0)
			continue;
		snprintf(code, sizeof(code), "%d", 9000 + k);
		json_kv_int(&j, code, (long long)st->fault_hist[k]);
	}
	json_object_end(&j);
	json_kv_int(&j, "transfer_complete_sent", (long long)st->tc_sent);
	json_kv_int(&j, "downloads_ok", (long long)st->downloads_ok);
	json_kv_int(&j, "downloads_failed", (long long)st->downloads_failed);
	json_kv_int(&j, "uploads", (long long)st->uploads);
	json_kv_int(&j, "firmware_ok", (long long)st->fw_ok);
	json_kv_int(&j, "firmware_failed", (long long)st->fw_failed);
	json_kv_int(&j, "connection_requests", (long long)st->cr_received);
	json_kv_int(&j, "http_errors", (long long)st->http_errors);
	json_kv_int(&j, "rss_kb", rss);
	json_kv_int(&j, "peak_rss_kb", hwm);
	json_kv_int(&j, "rss_bytes_per_device", sim->ndevices > 0 ?
	    rss * 1024 / (long)sim->ndevices : 0);
	json_kv_int(&j, "unexpected", unexpected);
	json_key(&j, "unexpected_devices");
	json_array_begin(&j);
	if (bad->len > 0) {
		char *s = bad->data, *nl;

		while ((nl = strchr(s, '\n')) != NULL) {
			*nl = '\0';
			json_string(&j, s);
			s = nl + 1;
		}
	}
	json_array_end(&j);
	json_object_end(&j);
	printf("%s\n", out.data);
	buf_clear(&out);
}

void
fleet_summary(struct sim *sim)
{
	struct sim_stats	*st = &sim->stats;
	struct buf		 bad;
	struct timespec		 now;
	double			 secs;
	long			 rss = fleet_rss_kb("VmRSS");
	long			 hwm = fleet_rss_kb("VmHWM");
	unsigned int		 i, unexpected = 0;
	const char		*why;
	int			 k;

	clock_gettime(CLOCK_REALTIME, &now);
	secs = (double)(now.tv_sec - sim->start) + now.tv_nsec / 1e9;
	if (sim->conf.progress)
		fputc('\n', stderr);
	buf_init(&bad, 0);
	for (i = 0; i < sim->ndevices; i++) {
		why = fleet_unexpected(sim, sim->devices[i]);
		if (why == NULL)
			continue;
		if (unexpected++ < FLEET_UNEXPECTED_SHOWN)
			buf_printf(&bad, "%s: %s\n", sim->devices[i]->serial,
			    why);
	}
	if (unexpected > 0)
		sim->exit_code = 1;
	if (sim->conf.json) {
		fleet_summary_json(sim, secs, rss, hwm, unexpected, &bad);
		buf_clear(&bad);
		return;
	}
	printf("cpe-sim: %u devices, %.1f s\n", sim->ndevices, secs);
	printf("sessions: %lu ok, %lu failed (%.1f/s), %lu informs, "
	    "%lu connection requests\n", st->sessions_ok, st->sessions_failed,
	    secs > 0 ? st->sessions_ok / secs : 0.0, st->informs,
	    st->cr_received);
	printf("rpcs: %lu, faults: %lu", st->rpcs, st->faults);
	for (k = 0; k < 64; k++)
		if (st->fault_hist[k] > 0)
			printf(" %d:%lu", 9000 + k, st->fault_hist[k]);
	printf("\ntransfers: %lu downloads ok, %lu failed, %lu uploads, "
	    "%lu TransferComplete sent\n", st->downloads_ok,
	    st->downloads_failed, st->uploads, st->tc_sent);
	printf("firmware: %lu ok, %lu failed\n", st->fw_ok, st->fw_failed);
	printf("memory: rss %ld KiB (peak %ld), %ld bytes per device\n", rss,
	    hwm, sim->ndevices > 0 ? rss * 1024 / (long)sim->ndevices : 0);
	printf("unexpected: %u devices\n%s", unexpected,
	    bad.len > 0 ? bad.data : "");
	buf_clear(&bad);
}
