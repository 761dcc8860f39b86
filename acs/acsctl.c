/*
 * acsctl.c: acsctl(1)'s main(): global options, the acsd configuration
 * (acs/config.c, compiled in), lazily opened store and spool, JSON output
 * and the device filter options every command shares.  The commands live
 * in acsctl_devices.c, acsctl_queue.c and acsctl_kick.c.  It does not talk
 * to acsd.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "lib/device_store.h"
#include "lib/dirqueue.h"
#include "lib/log.h"
#include "lib/version.h"
#include "acs/acs_config.h"
#include "acs/acsctl.h"

static const struct {
	const char	*name;
	int		(*run)(struct acsctl *, int, char **);
} acsctl_commands[] = {
	{ "devices", acsctl_cmd_devices },
	{ "show", acsctl_cmd_show },
	{ "queue", acsctl_cmd_queue },
	{ "jobs", acsctl_cmd_jobs },
	{ "cancel", acsctl_cmd_cancel },
	{ "faults", acsctl_cmd_faults },
	{ "kick", acsctl_cmd_kick },
};

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr,
	    "usage: acsctl [-jqV] [--json] [-f file] command [argument ...]\n"
	    "       acsctl devices [filter]\n"
	    "       acsctl show device [path]\n"
	    "       acsctl queue [-k] [-P prio] [-e expiry] [-a name=value] "
	    "filter rpc [argument ...]\n"
	    "       acsctl jobs [-D | -F | -A] [filter]\n"
	    "       acsctl cancel device job ...\n"
	    "       acsctl faults [filter]\n"
	    "       acsctl kick filter\n"
	    "filter: [-i key] [-p product-class] [-s software-version] "
	    "[-t tag]\n"
	    "        [-l seen-within] [-L not-seen-within]\n");
	exit(ACSCTL_USAGE);
}

void __attribute__((noreturn))
acsctl_usage_error(const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "acsctl: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	usage();
}

void
acsctl_error(const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "acsctl: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
}

struct device_store *
acsctl_store(struct acsctl *ctl)
{
	const struct acs_config_store	*s = &ctl->cfg->store;
	char				 err[DEVICE_STORE_ERR_MAX];

	if (ctl->store != NULL)
		return ctl->store;
	ctl->store = device_store_open(s->backend == ACS_STORE_GDBM ?
	    DEVICE_STORE_GDBM : DEVICE_STORE_YAML, s->path,
	    DEVICE_STORE_RDONLY, err, sizeof(err));
	if (ctl->store == NULL)
		acsctl_error("%s", err);
	return ctl->store;
}

struct dirqueue *
acsctl_queue(struct acsctl *ctl, bool create)
{
	const struct acs_config_store	*s = &ctl->cfg->store;
	const char			*err;
	int				 flags = 0;

	if (ctl->dq != NULL)
		return ctl->dq;
	if (create)
		flags |= DIRQUEUE_CREATE;
	if (!s->fsync)
		flags |= DIRQUEUE_NOSYNC;
	ctl->dq = dirqueue_open(s->spool, NULL, flags, &err);
	if (ctl->dq == NULL && (create || errno != ENOENT))
		acsctl_error("spool %s: %s", s->spool, err);
	return ctl->dq;
}

/*
 * getopt for a command: also takes -j/--json and -q/--quiet there, so
 * they work before and after the command name.
 */
int
acsctl_getopt(struct acsctl *ctl, int argc, char **argv, const char *opts)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 }
	};
	char	all[64];
	int	ch;

	if (opts[0] == '+')
		snprintf(all, sizeof(all), "+jq%s", opts + 1);
	else
		snprintf(all, sizeof(all), "jq%s", opts);
	while ((ch = getopt_long(argc, argv, all, longopts, NULL)) != -1) {
		if (ch == 'j')
			ctl->json = true;
		else if (ch == 'q')
			ctl->quiet = true;
		else
			return ch;
	}
	return -1;
}

/* "90", "90s", "5m", "2h", "7d" in seconds; -1 if bad. */
static int64_t
parse_age(const char *s)
{
	const char	*errstr;
	char		 num[32];
	size_t		 len = strlen(s);
	int64_t		 mul = 1, v;

	if (len == 0 || len >= sizeof(num))
		return -1;
	strlcpy(num, s, sizeof(num));
	switch (num[len - 1]) {
	case 'd':
		mul *= 24;
		/* FALLTHROUGH */
	case 'h':
		mul *= 60;
		/* FALLTHROUGH */
	case 'm':
		mul *= 60;
		/* FALLTHROUGH */
	case 's':
		num[len - 1] = '\0';
		break;
	default:
		break;
	}
	v = strtonum(num, 1, INT32_MAX, &errstr);
	return errstr != NULL ? -1 : v * mul;
}

/* Takes one filter option; 0, or -1 if ch is not one. */
int
acsctl_filter_option(struct acsctl_filter *f, int ch, const char *arg)
{
	switch (ch) {
	case 'i':
		f->key = arg;
		break;
	case 'p':
		f->product_class = arg;
		break;
	case 's':
		f->software = arg;
		break;
	case 't':
		f->tag = arg;
		break;
	case 'l':
	case 'L':
		if (parse_age(arg) == -1)
			acsctl_usage_error("bad age: %s", arg);
		if (ch == 'l')
			f->seen_within = parse_age(arg);
		else
			f->seen_before = parse_age(arg);
		break;
	default:
		return -1;
	}
	f->any = true;
	return 0;
}

void
acsctl_json_begin(struct acsctl *ctl)
{
	buf_init(&ctl->out, ACSCTL_JSON_MAX);
	json_init(&ctl->j, &ctl->out);
}

/* Prints the JSON document; -1 if it did not fit. */
int
acsctl_json_end(struct acsctl *ctl)
{
	int	rc = 0;

	if (buf_addch(&ctl->out, '\n') == -1) {
		acsctl_error("JSON output too large");
		rc = -1;
	} else
		fwrite(ctl->out.data, 1, ctl->out.len, stdout);
	buf_clear(&ctl->out);
	return rc;
}

/* Unix time as "2026-11-21 16:47:10" (UTC), "-" for 0. */
void
acsctl_time(int64_t t, char *buf, size_t len)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	if (t <= 0 || gmtime_r(&tt, &tm) == NULL) {
		strlcpy(buf, "-", len);
		return;
	}
	strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm);
}

static int
run(struct acsctl *ctl, int argc, char **argv)
{
	size_t	i;

	for (i = 0; i < sizeof(acsctl_commands) / sizeof(acsctl_commands[0]);
	    i++) {
		if (strcmp(argv[0], acsctl_commands[i].name) == 0) {
			optind = 0;	/* glibc: full reset */
			return acsctl_commands[i].run(ctl, argc, argv);
		}
	}
	acsctl_usage_error("unknown command: %s", argv[0]);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct acs_config	 cfg;
	struct acsctl		 ctl;
	const char		*path = NULL;
	char			 err[512];
	int			 ch, rc;

	log_init(true, 0);
	memset(&ctl, 0, sizeof(ctl));
	while ((ch = getopt_long(argc, argv, "+f:jqV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			path = optarg;
			break;
		case 'j':
			ctl.json = true;
			break;
		case 'q':
			ctl.quiet = true;
			break;
		case 'V':
			printf("acsctl %s\n", ANTHILL_VERSION);
			return ACSCTL_OK;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();
	if (acs_config_load(&cfg, path, err, sizeof(err)) == -1) {
		acsctl_error("%s", err);
		acs_config_free(&cfg);
		return ACSCTL_ERROR;
	}
	ctl.cfg = &cfg;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	rc = run(&ctl, argc, argv);
	if (ctl.store != NULL)
		device_store_close(ctl.store);
	dirqueue_free(ctl.dq);
	acs_config_free(&cfg);
	curl_global_cleanup();
	return rc;
}
