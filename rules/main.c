/*
 * main.c: anthill-rules, the operator's tool for rule files: check them,
 * dry-run them over a stored fleet, and show or resume rule rollouts.
 * Options, the command table and the shared rule loading are here; each
 * command is its own file.  It never talks to devices or acsd.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/version.h"
#include "lib/xmalloc.h"
#include "rules/rules.h"

static const struct {
	const char *name;
	int (*fn)(struct rules_opts *, int, char **);
} commands[] = {
	{ "check", cmd_check },
	{ "plan", cmd_plan },
	{ "status", cmd_status },
	{ "resume", cmd_resume },
};

static const struct option longopts[] = { { "event", required_argument, NULL,
	                                      'e' },
	{ "json", no_argument, NULL, 'j' },
	{ "store-kind", required_argument, NULL, 'k' },
	{ "all", no_argument, NULL, 'a' },
	{ "store", required_argument, NULL, 's' },
	{ "state", required_argument, NULL, 'S' },
	{ "now", required_argument, NULL, 't' },
	{ "version", no_argument, NULL, 'V' }, { NULL, 0, NULL, 0 } };

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr,
	    "usage: anthill-rules [-V] command [options] [file ...]\n"
	    "       anthill-rules check file ...\n"
	    "       anthill-rules plan [-aj] [-e event] [-k yaml|gdbm] "
	    "[-S statedir]\n"
	    "                          [-t time] -s store file ...\n"
	    "       anthill-rules status [-j] -S statedir [rule ...]\n"
	    "       anthill-rules resume -S statedir rule ...\n");
	exit(2);
}

struct ruleset *
rules_load_files(char **files, int nfiles, bool quiet)
{
	struct rule_load_errors errs = { 0 };
	struct ruleset *rs;
	size_t i;

	rs = ruleset_load((const char *const *)files, nfiles, &errs);
	if (!quiet || rs == NULL) {
		for (i = 0; i < errs.count; i++)
			fprintf(stderr, "%s\n", errs.msg[i]);
		if (errs.dropped > 0)
			fprintf(stderr, "(%zu more errors)\n", errs.dropped);
	}
	rule_load_errors_clear(&errs);
	return rs;
}

static void
add_event(struct rules_opts *o, const char *ev)
{
	o->events =
	    xreallocarray(o->events, o->nevents + 1, sizeof(*o->events));
	o->events[o->nevents++] = ev;
}

static int
parse_opts(struct rules_opts *o, int argc, char **argv)
{
	const char *errstr;
	int ch;

	while ((ch = getopt_long(
	            argc, argv, "ae:jk:s:S:t:V", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			o->all = true;
			break;
		case 'e':
			add_event(o, optarg);
			break;
		case 'j':
			o->json = true;
			break;
		case 'k':
			o->store_kind = optarg;
			break;
		case 's':
			o->store = optarg;
			break;
		case 'S':
			o->state = optarg;
			break;
		case 't':
			o->now = strtonum(optarg, 1, INT64_MAX, &errstr);
			if (errstr != NULL)
				fatalx("time %s: %s", optarg, errstr);
			break;
		case 'V':
			printf("anthill-rules %s\n", ANTHILL_VERSION);
			exit(0);
		default:
			usage();
		}
	}
	return optind;
}

int
main(int argc, char *argv[])
{
	struct rules_opts o;
	size_t i;
	int n, rv;

	log_init(true, 0);
	log_procname("anthill-rules");
	memset(&o, 0, sizeof(o));
	o.store_kind = "yaml";
	if (argc >= 2 &&
	    (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0)) {
		printf("anthill-rules %s\n", ANTHILL_VERSION);
		return 0;
	}
	if (argc < 2)
		usage();
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			break;
	if (i == sizeof(commands) / sizeof(commands[0]))
		usage();
	n = parse_opts(&o, argc - 1, argv + 1);
	rv = commands[i].fn(&o, argc - 1 - n, argv + 1 + n);
	free(o.events);
	if (rv == 2)
		usage();
	return rv;
}
