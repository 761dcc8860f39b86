/*
 * main.c: mdap, the MDAP fleet controller: options, configuration,
 * sockets, then one subcommand on one event loop.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "lib/log.h"
#include "lib/version.h"
#include "lib/yaml_conf.h"
#include "mdap/mdap.h"

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr,
	    "usage: mdap [-jvV] [-f file] [-i interface | -u ip:port] "
	    "[-g group] [-p port]\n"
	    "            [-P parallel] [-t search-ms] command [args]\n"
	    "commands:\n"
	    "  search                          list every ant on the segment\n"
	    "  info ANT-ID                     ask one ant for its INFO\n"
	    "  exec ANT-ID|--all|--match PATTERN 'cli command'\n"
	    "  apply RULES.yaml...             run the rules' cli actions\n"
	    "  flash CAMPAIGN.yaml             flash, renumber and hand over\n");
	exit(2);
}

static int
parse_int(const char *s, int min, int max)
{
	const char	*err;
	long long	 v = strtonum(s, min, max, &err);

	if (err != NULL) {
		fprintf(stderr, "mdap: %s: %s\n", s, err);
		exit(2);
	}
	return (int)v;
}

static int
run(struct mdap_ctl *ctl, int argc, char **argv, bool json)
{
	int	rv;

	if (strcmp(argv[0], "search") == 0 && argc == 1)
		return cmd_search(ctl, json);
	if (strcmp(argv[0], "info") == 0 && argc == 2)
		return cmd_info(ctl, argv[1], json);
	if (strcmp(argv[0], "apply") == 0 && argc >= 2)
		return cmd_apply(ctl, argc - 1, argv + 1, json);
	if (strcmp(argv[0], "flash") == 0 && argc == 2)
		return cmd_flash(ctl, argv[1], json);
	if (strcmp(argv[0], "exec") == 0 &&
	    (rv = cmd_exec(ctl, argc - 1, argv + 1, json)) != -1)
		return rv;
	usage();
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct mdap_ctl	 ctl;
	const char	*err, *file = NULL;
	char		 errbuf[YAML_CONF_ERR_MAX];
	bool		 json = false;
	int		 ch, verbose = 0, rv;

	memset(&ctl, 0, sizeof(ctl));
	/* The file first, so that options given on the command line win. */
	for (ch = 1; ch < argc - 1; ch++)
		if (strcmp(argv[ch], "-f") == 0)
			file = argv[ch + 1];
	if (config_load(&ctl.conf, file, errbuf, sizeof(errbuf)) == -1) {
		fprintf(stderr, "mdap: %s\n", errbuf);
		return 1;
	}
	config_from_env(&ctl.conf);
	while ((ch = getopt_long(argc, argv, "+f:g:i:jp:P:t:u:vV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
			break;
		case 'g':
			config_set(&ctl.conf.group, optarg);
			break;
		case 'i':
			config_set(&ctl.conf.interface, optarg);
			break;
		case 'j':
			json = true;
			break;
		case 'p':
			ctl.conf.port = parse_int(optarg, 1, 65535);
			break;
		case 'P':
			ctl.conf.parallel = parse_int(optarg, 1, 4096);
			break;
		case 't':
			ctl.conf.search_ms = parse_int(optarg, 10, 600000);
			break;
		case 'u':
			config_set(&ctl.conf.unicast, optarg);
			break;
		case 'v':
			verbose++;
			break;
		case 'V':
			printf("mdap %s\n", ANTHILL_VERSION);
			return 0;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();
	log_procname("mdap");
	log_init(true, verbose);
	client_init(&ctl, event_base_new());
	if (transport_open(&ctl, &err) == -1)
		fatalx("%s", err);
	rv = run(&ctl, argc, argv, json);
	transport_close(&ctl);
	client_clear(&ctl);
	event_base_free(ctl.base);
	config_free(&ctl.conf);
	return rv;
}
