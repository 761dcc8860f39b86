/*
 * main.c: bootp-tftpd, BOOTP and TFTP servers for mass flashing in one
 * libevent loop.  Start-up in the OpenBSD order: parse and check the
 * configuration, open sockets and directories, chroot and drop
 * privileges, daemonise, loop.  SIGHUP re-reads the configuration
 * through a descriptor of its directory opened before the chroot and
 * keeps the old one when the new one is invalid; SIGUSR1 logs the
 * transfers in progress.  The servers are lib/bootp_server and
 * lib/tftp_server.
 */
#include "config.h"

#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "bootp-tftp/bootp-tftpd.h"
#include "lib/log.h"
#include "lib/privdrop.h"
#include "lib/version.h"

struct btd {
	const char		*path;
	int			 confdir;
	struct event_base	*base;
	struct bootp_server	*bootp;
	struct tftp_server	*tftp;
};

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: bootp-tftpd [-dnvV] [-f file]\n");
	exit(1);
}

/* Loads and converts; 0, or -1 with err. */
static int
btd_load(struct btd *d, struct btd_conf *c, struct bootp_server_conf *bc,
    struct tftp_server_conf *tc, char *err, size_t errlen)
{
	if (config_load(c, d->path, d->confdir, err, errlen) == -1 ||
	    config_bootp(c, bc, err, errlen) == -1)
		return -1;
	if (config_tftp(c, tc, err, errlen) == -1) {
		config_bootp_clear(bc);
		return -1;
	}
	return 0;
}

static void
btd_signal(evutil_socket_t sig, short ev, void *arg)
{
	struct btd		*d = arg;
	struct btd_conf		 c;
	struct bootp_server_conf bc;
	struct tftp_server_conf	 tc;
	char			 err[YAML_CONF_ERR_MAX];

	(void)ev;
	if (sig == SIGUSR1) {
		if (d->tftp != NULL)
			tftp_server_log_status(d->tftp);
		return;
	}
	if (sig != SIGHUP) {
		log_info("exiting on signal %d", (int)sig);
		event_base_loopbreak(d->base);
		return;
	}
	if (btd_load(d, &c, &bc, &tc, err, sizeof(err)) == -1) {
		log_warnx("reload: %s; keeping the old configuration", err);
		config_free(&c);
		return;
	}
	if (d->bootp != NULL)
		bootp_server_reconf(d->bootp, &bc);
	if (d->tftp != NULL)
		tftp_server_reconf(d->tftp, &tc);
	config_bootp_clear(&bc);
	config_free(&c);
	log_info("configuration reloaded");
}

static void
btd_open(struct btd *d, const struct btd_conf *c,
    const struct bootp_server_conf *bc, const struct tftp_server_conf *tc)
{
	const char	*errstr = NULL;

	if (c->tftp.enable &&
	    (d->tftp = tftp_server_new(d->base, tc, &errstr)) == NULL)
		fatal("tftp: %s", errstr);
	if (c->bootp.enable &&
	    (d->bootp = bootp_server_new(d->base, bc, &errstr)) == NULL)
		fatal("bootp: %s", errstr);
}

static void
btd_signals(struct btd *d, struct event **ev)
{
	const int	sigs[] = { SIGHUP, SIGUSR1, SIGTERM, SIGINT };
	size_t		i;

	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < 4; i++) {
		ev[i] = evsignal_new(d->base, sigs[i], btd_signal, d);
		event_add(ev[i], NULL);
	}
}

int
main(int argc, char *argv[])
{
	struct btd		 d = { BTD_CONF_DEFAULT, -1, NULL, NULL, NULL };
	struct btd_conf		 c;
	struct bootp_server_conf bc;
	struct tftp_server_conf	 tc;
	struct event		*sev[4];
	char			 err[YAML_CONF_ERR_MAX], dir[PATH_MAX];
	const char		*errstr = NULL;
	int			 ch, debug = 0, noaction = 0, verbose = 0, i;

	while ((ch = getopt(argc, argv, "df:nvV")) != -1) {
		switch (ch) {
		case 'd':
			debug = 1;
			break;
		case 'f':
			d.path = optarg;
			break;
		case 'n':
			noaction = 1;
			break;
		case 'v':
			verbose++;
			break;
		case 'V':
			printf("bootp-tftpd %s\n", ANTHILL_VERSION);
			return 0;
		default:
			usage();
		}
	}
	if (argc != optind)
		usage();
	log_procname("bootp-tftpd");
	log_init(debug || noaction, verbose);
	if (btd_load(&d, &c, &bc, &tc, err, sizeof(err)) == -1) {
		config_free(&c);
		fatalx("%s", err);
	}
	if (noaction) {
		if (verbose)
			yaml_conf_dump(btd_conf_table, &c, stdout);
		printf("configuration OK\n");
		config_bootp_clear(&bc);
		config_free(&c);
		return 0;
	}
	strlcpy(dir, d.path, sizeof(dir));
	if ((d.confdir = open(dirname(dir), O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1)
		fatal("%s", dir);
	if ((d.base = event_base_new()) == NULL)
		fatalx("event_base_new");
	btd_open(&d, &c, &bc, &tc);
	/* Before the chroot: daemon(3) needs /dev/null. */
	if (!debug && daemon(0, 0) == -1)
		fatal("daemon");
	if (privdrop(c.chroot ? c.tftp.root : NULL, c.user, &errstr) == -1)
		fatal("privdrop: %s", errstr);
	if (d.tftp != NULL && tftp_server_start(d.tftp, &errstr) == -1)
		fatal("tftp: %s", errstr);
	btd_signals(&d, sev);
	log_info("bootp-tftpd %s started", ANTHILL_VERSION);
	event_base_dispatch(d.base);
	bootp_server_free(d.bootp);
	tftp_server_free(d.tftp);
	for (i = 0; i < 4; i++)
		event_free(sev[i]);
	event_base_free(d.base);
	config_bootp_clear(&bc);
	config_free(&c);
	return 0;
}
