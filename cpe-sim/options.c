/*
 * options.c: cpe-sim's command line, one table row per option (name, short
 * letter, kind, field, help), the pattern of tmux's options-table.c.  The
 * usage text is generated from the same table and mirrors cpe-sim(1).  It
 * checks values and their ranges; it does not load models (main.c does).
 */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/xmalloc.h"

#include "cpe-sim/cpesim.h"

enum opt_kind {
	OPT_STR,	/* char * */
	OPT_UINT,	/* unsigned int, 0..max */
	OPT_U64,	/* uint64_t */
	OPT_INT,	/* int, -1..max */
	OPT_DOUBLE,	/* double, 0..max */
	OPT_FLAG,	/* bool set to true */
	OPT_MODEL,	/* --model FILE[=WEIGHT] */
	OPT_QUIRKS	/* --quirks NAME[=WEIGHT] */
};

struct opt {
	const char	*name;
	int		 letter;
	enum opt_kind	 kind;
	size_t		 off;
	long long	 max;
	const char	*arg;
	const char	*help;
};

#define C(f)	offsetof(struct sim_conf, f)
static const struct opt opt_table[] = {
	{ "acs", 'a', OPT_STR, C(acs_url), 0, "url", "ACS URL" },
	{ "acs-user", 'u', OPT_STR, C(acs_user), 0, "user",
	    "ManagementServer.Username" },
	{ "acs-password", 'p', OPT_STR, C(acs_password), 0, "password",
	    "ManagementServer.Password (or $CPESIM_ACS_PASSWORD)" },
	{ "model", 'm', OPT_MODEL, 0, 0, "file[=weight]",
	    "data model file or name, repeatable" },
	{ "quirks", 'q', OPT_QUIRKS, 0, 0, "profile[=weight]",
	    "quirk profile, repeatable" },
	{ "count", 'n', OPT_UINT, C(count), 1000000, "n", "devices" },
	{ "serial", 's', OPT_STR, C(serial_pattern), 0, "pattern",
	    "serial numbers, e.g. SIM%06d" },
	{ "first-index", 0, OPT_UINT, C(first_index), 100000000, "n",
	    "index of the first device" },
	{ "state-dir", 'S', OPT_STR, C(state_dir), 0, "dir",
	    "per-device state directories" },
	{ "models-dir", 0, OPT_STR, C(models_dir), 0, "dir",
	    "where model names are looked up" },
	{ "stagger", 0, OPT_UINT, C(stagger_ms), 3600000, "ms",
	    "delay between device power-ons" },
	{ "max-sessions", 0, OPT_UINT, C(max_sessions), 1000000, "n",
	    "concurrent sessions in the fleet (0: no cap)" },
	{ "periodic", 0, OPT_UINT, C(periodic), 100000000, "seconds",
	    "PeriodicInformInterval at first boot" },
	{ "jitter", 0, OPT_DOUBLE, C(jitter), 1, "fraction",
	    "periodic inform jitter (0..1)" },
	{ "retry-scale", 0, OPT_DOUBLE, C(retry_scale), 1000, "factor",
	    "scale of the TR-069 retry back-off" },
	{ "sessions", 0, OPT_UINT, C(sessions), 100000000, "n",
	    "stop each device after n successful sessions" },
	{ "duration", 0, OPT_UINT, C(duration), 100000000, "seconds",
	    "stop after this long" },
	{ "until-idle", 0, OPT_FLAG, C(until_idle), 0, NULL,
	    "stop when every device is idle" },
	{ "json", 0, OPT_FLAG, C(json), 0, NULL, "summary as JSON" },
	{ "cr-host", 0, OPT_STR, C(cr_host), 0, "address",
	    "connection request listener address" },
	{ "cr-port", 0, OPT_INT, C(cr_port), 65535, "port",
	    "connection request port (0: any, -1: none)" },
	{ "cr-user", 0, OPT_STR, C(cr_user), 0, "user",
	    "ConnectionRequestUsername (default: serial)" },
	{ "cr-password", 0, OPT_STR, C(cr_password), 0, "password",
	    "ConnectionRequestPassword (default: serial)" },
	{ "cafile", 0, OPT_STR, C(cafile), 0, "file", "CA certificates" },
	{ "insecure", 0, OPT_FLAG, C(insecure), 0, NULL,
	    "do not verify TLS peers" },
	{ "boot-time", 0, OPT_UINT, C(boot_ms), 600000, "ms",
	    "simulated reboot duration" },
	{ "volatile", 0, OPT_UINT, C(volatile_s), 100000000, "seconds",
	    "change volatile parameters this often" },
	{ "allow-file", 0, OPT_FLAG, C(allow_file), 0, NULL,
	    "accept file:// downloads (tests)" },
	{ "fw-key", 0, OPT_STR, C(fw_key), 0, "file",
	    "Ed25519 public key that signs firmware images" },
	{ "expect-version", 0, OPT_STR, C(expect_version), 0, "version",
	    "SoftwareVersion every device must end with" },
	{ "expect-fw-fault", 0, OPT_FLAG, C(expect_fw_fault), 0, NULL,
	    "firmware updates are expected to fail" },
	{ "durable", 0, OPT_FLAG, C(durable), 0, NULL,
	    "fsync state files" },
	{ "seed", 0, OPT_UINT, C(seed), 0xffffffffLL, "n",
	    "random seed" },
	{ "inject-power-cut", 0, OPT_STR, C(inject.power_cut), 0, "phase",
	    "power cut at a firmware phase" },
	{ "inject-bad-block", 0, OPT_STR, C(inject.bad_block), 0,
	    "part:block[:fault]", "flash fault in a partition block" },
	{ "inject-boot-failures", 0, OPT_UINT, C(inject.boot_failures), 16,
	    "n", "the new image fails to boot n times" },
	{ "inject-truncate", 0, OPT_U64, C(inject.truncate_at), 0, "bytes",
	    "cut firmware downloads after n bytes" },
	{ "inject-percent", 0, OPT_UINT, C(inject.percent), 100, "percent",
	    "share of devices the injections apply to" },
	{ "mdap", 0, OPT_STR, C(mdap_listen), 0, "address:port",
	    "every device is also an MDAP ant on this UDP socket" },
	{ "mdap-interface", 0, OPT_STR, C(mdap_interface), 0, "interface",
	    "join the MDAP group on this interface only" },
	{ "ant-password", 0, OPT_STR, C(ant_password), 0, "password",
	    "the ants' factory CLI password (default: empty)" },
	{ "cwmp-off", 0, OPT_FLAG, C(cwmp_off), 0, NULL,
	    "factory-fresh: no CWMP until \"cwmp config state=enabled\"" },
	{ "bootp-server", 0, OPT_STR, C(bootp_server), 0, "address:port",
	    "where \"software upgrade\" sends its BOOTP request" },
	{ "bootp-client-port", 0, OPT_INT, C(bootp_client_port), 65535,
	    "port", "the bootloader's BOOTP port (default 68)" },
	{ "tftp-port", 0, OPT_INT, C(tftp_port), 65535, "port",
	    "the TFTP server's port (default 69)" },
	{ NULL, 0, 0, 0, 0, NULL, NULL }
};

void
options_usage(FILE *fp)
{
	const struct opt	*o;
	char			 left[64];

	fprintf(fp, "usage: cpe-sim [-dhvV] -a url [-m file[=weight]] "
	    "[-n count] [-S dir] [option ...]\n");
	for (o = opt_table; o->name != NULL; o++) {
		snprintf(left, sizeof(left), "%c%c%s--%s%s%s",
		    o->letter ? '-' : ' ', o->letter ? o->letter : ' ',
		    o->letter ? ", " : "  ", o->name, o->arg ? " " : "",
		    o->arg ? o->arg : "");
		fprintf(fp, "  %-36s %s\n", left, o->help);
	}
	fprintf(fp, "quirk profiles: %s\n", quirks_names());
}

static int
options_set(struct sim_conf *c, const struct opt *o, const char *arg)
{
	void		*f = (char *)c + o->off;
	const char	*errstr = NULL;
	char		*end;
	double		 d;

	switch (o->kind) {
	case OPT_STR:
		free(*(char **)f);
		*(char **)f = xstrdup(arg);
		return 0;
	case OPT_UINT:
		*(unsigned int *)f = (unsigned int)strtonum(arg, 0, o->max,
		    &errstr);
		break;
	case OPT_U64:
		*(uint64_t *)f = (uint64_t)strtonum(arg, 0, LLONG_MAX,
		    &errstr);
		break;
	case OPT_INT:
		*(int *)f = (int)strtonum(arg, -1, o->max, &errstr);
		break;
	case OPT_DOUBLE:
		d = strtod(arg, &end);
		if (*arg == '\0' || *end != '\0' || d < 0 || d > o->max)
			errstr = "out of range";
		*(double *)f = d;
		break;
	case OPT_FLAG:
		*(bool *)f = true;
		return 0;
	case OPT_MODEL:
		fleet_mix_add(c->models, &c->nmodels, arg, &errstr);
		break;
	case OPT_QUIRKS:
		fleet_mix_add(c->quirks, &c->nquirks, arg, &errstr);
		break;
	}
	if (errstr != NULL) {
		log_warnx("--%s %s: %s", o->name, arg, errstr);
		return -1;
	}
	return 0;
}

/* Frees what options_parse() allocated. */
void
options_free(struct sim_conf *c)
{
	const struct opt	*o;
	int			 i;

	for (o = opt_table; o->name != NULL; o++) {
		if (o->kind != OPT_STR)
			continue;
		free(*(char **)(void *)((char *)c + o->off));
		*(char **)(void *)((char *)c + o->off) = NULL;
	}
	for (i = 0; i < c->nmodels; i++)
		free(c->models[i].name);
	for (i = 0; i < c->nquirks; i++)
		free(c->quirks[i].name);
	c->nmodels = c->nquirks = 0;
}

static void
options_defaults(struct sim_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->count = 1;
	c->serial_pattern = xstrdup("SIM%06d");
	c->state_dir = xstrdup("cpe-sim-state");
	c->cr_host = xstrdup("127.0.0.1");
	c->retry_scale = 1.0;
	c->jitter = 0.1;
	c->boot_ms = 1000;
	c->inject.percent = 100;
	c->max_sessions = 512;
	c->seed = 1;
}

/* Parses argv into c; returns -1 after a message on bad input. */
int
options_parse(struct sim_conf *c, int argc, char **argv, int *verbose,
    bool *version)
{
	struct option	 lo[sizeof(opt_table) / sizeof(opt_table[0]) + 4];
	char		 so[128] = "dhvV";
	const struct opt *o;
	size_t		 i, n = 0;
	int		 ch, idx;

	options_defaults(c);
	for (o = opt_table; o->name != NULL; o++, n++) {
		lo[n].name = o->name;
		lo[n].has_arg = o->kind == OPT_FLAG ? no_argument :
		    required_argument;
		lo[n].flag = NULL;
		lo[n].val = 256 + (int)n;
		if (o->letter != 0) {
			i = strlen(so);
			so[i] = (char)o->letter;
			so[i + 1] = ':';
			so[i + 2] = '\0';
		}
	}
	memset(&lo[n], 0, sizeof(lo[n]));
	while ((ch = getopt_long(argc, argv, so, lo, &idx)) != -1) {
		if (ch == 'd')
			continue;	/* logs always go to stderr */
		if (ch == 'v') {
			(*verbose)++;
			continue;
		}
		if (ch == 'V') {
			*version = true;
			continue;
		}
		if (ch == 'h') {
			options_usage(stdout);
			exit(0);
		}
		for (o = opt_table; o->name != NULL; o++)
			if ((ch >= 256 && o == &opt_table[ch - 256]) ||
			    (ch < 256 && o->letter == ch))
				break;
		if (o->name == NULL)
			return -1;
		if (options_set(c, o, optarg) == -1)
			return -1;
	}
	if (optind != argc)
		return -1;
	if (c->acs_password == NULL && getenv("CPESIM_ACS_PASSWORD") != NULL)
		c->acs_password = xstrdup(getenv("CPESIM_ACS_PASSWORD"));
	return 0;
}
