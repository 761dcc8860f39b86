/*
 * main.c: acsd's entry point (STYLE.md section 7): options, configuration,
 * the store and spool, the HTTP daemon and the signal loop.  The main
 * thread only waits for signals and expires idle sessions once a second;
 * libmicrohttpd's threads do the work.  SIGHUP re-reads the configuration
 * and applies what can change while running (reload.c).
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <libxml/parser.h>

#include "lib/log.h"
#include "lib/version.h"
#include "acs/acs.h"

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr, "usage: acsd [-dnVv] [-f file]\n");
	exit(1);
}

/* Waits for signals; expires sessions every second. */
static void
acs_loop(struct acs_ctx *ctx, const char *path)
{
	struct timespec ts = { 1, 0 };
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	for (;;) {
		sig = sigtimedwait(&set, NULL, &ts);
		if (sig == SIGINT || sig == SIGTERM)
			break;
		if (sig == SIGHUP) {
			reload_config(ctx, path);
			rules_hook_reload(ctx, "SIGHUP");
		}
		rules_hook_tick(ctx);
		sessions_expire(ctx);
	}
	log_info("exiting on signal %d", sig);
}

static void
acs_block_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int
main(int argc, char *argv[])
{
	struct acs_config cfg;
	struct acs_ctx ctx;
	const char *path = NULL;
	char err[YAML_CONF_ERR_MAX];
	int ch, debug = 0, verbose = 0, check = 0;

	log_procname("acsd");
	while ((ch = getopt(argc, argv, "df:nVv")) != -1) {
		switch (ch) {
		case 'd':
			debug = 1;
			break;
		case 'f':
			path = optarg;
			break;
		case 'n':
			check = 1;
			break;
		case 'V':
			printf("acsd %s\n", ANTHILL_VERSION);
			return 0;
		case 'v':
			verbose++;
			break;
		default:
			usage();
		}
	}
	if (argc != optind)
		usage();
	log_init(debug || check, verbose);
	if (acs_config_load(&cfg, path, err, sizeof(err)) == -1)
		fatalx("%s", err);
	if (check) {
		if (rules_hook_check(&cfg) == -1)
			fatalx("invalid rules");
		if (verbose > 0)
			yaml_conf_dump(acs_config_table(), &cfg, stdout);
		printf("configuration OK\n");
		acs_config_free(&cfg);
		return 0;
	}
	xmlInitParser();
	curl_global_init(CURL_GLOBAL_DEFAULT);
	acs_block_signals();
	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = &cfg;
	if (acs_config_mkdirs(&cfg) == -1)
		fatal("state directory %s", cfg.store.state_dir);
	if (backend_open(&ctx) == -1)
		fatalx("cannot open the store or spool");
	if (rules_hook_open(&ctx) == -1)
		fatalx("cannot load the rules");
	ctx.sessions = sessions_new(&ctx);
	if (http_listen(&ctx) == -1)
		fatalx("cannot listen");
	if (!debug && daemon(1, 0) == -1)
		fatal("daemon");
	if (connreq_start(&ctx) == -1)
		fatalx("cannot start the connection request thread");
	if (http_start(&ctx) == -1)
		fatalx("cannot start the HTTP server");
	acs_loop(&ctx, path);
	http_stop(&ctx);
	connreq_stop(&ctx);
	sessions_free(&ctx);
	rules_hook_close(&ctx);
	backend_close(&ctx);
	reload_free(&ctx);
	acs_config_free(&cfg);
	curl_global_cleanup();
	xmlCleanupParser();
	return 0;
}
