/*
 * main.c: cpe-sim, the CWMP (TR-069) CPE simulator: one device or a fleet
 * of them in one process, against an ACS.  Options, models, the event
 * loop with the HTTP client and the Connection Request listener, signals,
 * and the summary at the end.  It does not daemonise: it is a test tool
 * that runs in the foreground and stops by itself (cpe-sim(1)).
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <event2/event.h>

#include "lib/http_client.h"
#include "lib/log.h"
#include "lib/version.h"
#include "lib/xmalloc.h"

#include "cpe-sim/cpesim.h"

#define MAIN_TICK_MS	250

static int
mkdir_p(const char *dir)
{
	char	path[PATH_MAX], *p;

	if (strlcpy(path, dir, sizeof(path)) >= sizeof(path))
		return -1;
	for (p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) == -1 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(path, 0700) == -1 && errno != EEXIST)
		return -1;
	return 0;
}

static void
main_signal(evutil_socket_t sig, short what, void *arg)
{
	struct sim	*sim = arg;

	log_info("signal %d: stopping", (int)sig);
	sim->stopping = true;
	event_base_loopexit(sim->base, NULL);
}

static void
main_tick(evutil_socket_t fd, short what, void *arg)
{
	fleet_tick(arg);
}

/* A model argument is a file, or a name under the models directory. */
static int
main_models(struct sim *sim)
{
	struct sim_conf	*c = &sim->conf;
	char		 err[512], *path;
	int		 i;

	if (c->nmodels == 0)
		fleet_mix_add(c->models, &c->nmodels, "bcm7255-stb", NULL);
	for (i = 0; i < c->nmodels; i++) {
		if (strchr(c->models[i].name, '/') != NULL ||
		    access(c->models[i].name, R_OK) == 0)
			path = xstrdup(c->models[i].name);
		else
			xasprintf(&path, "%s/%s.yaml", c->models_dir != NULL ?
			    c->models_dir : ANTHILL_DATADIR, c->models[i].name);
		c->models[i].model = model_load_file(path, err, sizeof(err));
		free(path);
		if (c->models[i].model == NULL) {
			log_warnx("%s", err);
			return -1;
		}
	}
	for (i = 0; i < c->nquirks; i++) {
		c->quirks[i].quirks = quirks_find(c->quirks[i].name);
		if (c->quirks[i].quirks == NULL) {
			log_warnx("unknown quirk profile %s (one of: %s)",
			    c->quirks[i].name, quirks_names());
			return -1;
		}
	}
	return 0;
}

static void
main_loop(struct sim *sim)
{
	struct event	*tick;
	struct timeval	 tv = { 0, MAIN_TICK_MS * 1000 };

	tick = event_new(sim->base, -1, EV_PERSIST, main_tick, sim);
	event_add(tick, &tv);
	sim->ev_sigint = evsignal_new(sim->base, SIGINT, main_signal, sim);
	sim->ev_sigterm = evsignal_new(sim->base, SIGTERM, main_signal, sim);
	event_add(sim->ev_sigint, NULL);
	event_add(sim->ev_sigterm, NULL);
	event_base_dispatch(sim->base);
	event_free(tick);
	event_free(sim->ev_sigint);
	event_free(sim->ev_sigterm);
}

int
main(int argc, char **argv)
{
	struct sim	sim;
	int		verbose = 0, i;
	bool		version = false;
	unsigned int	d;

	memset(&sim, 0, sizeof(sim));
	log_init(true, 0);
	log_procname("cpe-sim");
	if (options_parse(&sim.conf, argc, argv, &verbose, &version) == -1) {
		options_usage(stderr);
		return 2;
	}
	if (version) {
		printf("cpe-sim %s\n", ANTHILL_VERSION);
		return 0;
	}
	log_setverbose(verbose);
	if (sim.conf.acs_url == NULL) {
		log_warnx("no ACS URL (-a)");
		options_usage(stderr);
		return 2;
	}
	sim.conf.progress = !sim.conf.json && isatty(STDERR_FILENO);
	signal(SIGPIPE, SIG_IGN);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		fatalx("curl_global_init failed");
	if (main_models(&sim) == -1)
		return 1;
	if (mkdir_p(sim.conf.state_dir) == -1)
		fatal("%s", sim.conf.state_dir);
	if ((sim.base = event_base_new()) == NULL)
		fatalx("event_base_new failed");
	sim.http = http_client_new(sim.base);
	RB_INIT(&sim.cr_devices);
	if (sim.conf.cr_port >= 0 &&
	    connreq_start(&sim, sim.conf.cr_host, sim.conf.cr_port) == -1)
		return 1;
	sim.start = time(NULL);
	if (ant_start(&sim) == -1)
		return 1;
	if (fleet_create(&sim) == -1)
		return 1;
	log_info("%u devices against %s", sim.ndevices, sim.conf.acs_url);
	main_loop(&sim);
	fleet_summary(&sim);
	for (d = 0; d < sim.ndevices; d++)
		device_free(sim.devices[d]);
	free(sim.devices);
	ant_stop(&sim);
	connreq_stop(&sim);
	http_client_free(sim.http);
	event_base_free(sim.base);
	for (i = 0; i < sim.conf.nmodels; i++)
		model_free((struct model *)sim.conf.models[i].model);
	options_free(&sim.conf);
	curl_global_cleanup();
	return sim.exit_code;
}
