/*
 * mdap_antsim.c: a test peer for the mdap controller: N ants behind one
 * socket (lib/mdap_ants) whose CLI keeps the state the documented commands
 * change (addresses, LED, ACS URL).  With -s, `software upgrade` runs the
 * real path: the ant goes silent, BOOTPs with its board name, fetches the
 * image by TFTP (lib/netboot), verifies it (lib/fwimage: board, signature
 * with -k) and comes back with factory settings and the image's version,
 * or with its old version when the image is bad.  cpe-sim hosts the same
 * ants with a CWMP device behind them.
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "lib/fwimage.h"
#include "lib/log.h"
#include "lib/mdap_ants.h"
#include "lib/netboot.h"
#include "lib/xmalloc.h"

struct simenv {
	struct event_base	*base;
	struct mdap_ants	*ants;
	struct netboot_ctx	*nb;
	const char		*dir;
	const char		*board;
	struct fwimage_policy	 pol;
	int			 unplug;	/* index of the unplugged ant */
};

struct simant {
	struct simenv	*env;
	int		 idx;
	const char	*board;
	struct mdap_ant	*ant;
	char		 addrs[8][32];
	int		 naddrs;
	char		 led[16];
	char		 url[256];
	int		 padding;	/* extra iplist lines: multi-part */
};

static int
simant_iplist(struct simant *s, struct buf *out)
{
	int	i;

	for (i = 0; i < s->naddrs; i++)
		buf_printf(out, "LocalNetwork %s\n", s->addrs[i]);
	for (i = 0; i < s->padding; i++)
		buf_printf(out, "loop%04d 127.0.%d.%d (padding line)\n", i,
		    i / 256, i % 256);
	return 0;
}

static void
simant_factory(struct simant *s)
{
	struct mdap_ant_info	*info = mdap_ant_info(s->ant);

	/* A BOOTP upgrade resets the configuration (MDAP.md section 10). */
	strlcpy(s->addrs[0], "192.168.1.254", sizeof(s->addrs[0]));
	strlcpy(s->addrs[1], "10.0.0.138", sizeof(s->addrs[1]));
	s->naddrs = 2;
	s->led[0] = s->url[0] = '\0';
	strlcpy(info->user, "Administrator", sizeof(info->user));
	info->password[0] = '\0';
}

static void
simant_boot(evutil_socket_t fd, short what, void *arg)
{
	struct simant	*s = arg;

	mdap_ants_add(s->env->ants, s->ant);
}

static void
simant_netboot_done(const struct netboot_result *r, void *arg)
{
	struct simant		*s = arg;
	struct mdap_ant_info	*info = mdap_ant_info(s->ant);
	struct fwimage		*img;
	struct timeval		 tv = { 0, 200000 };
	char			 path[512];
	const char		*err;
	int			 fault;

	if (!r->ok && r->aborted) {
		fprintf(stderr, "%s: unplugged\n", info->ant_id);
		return;		/* pulled cable: never comes back */
	}
	snprintf(path, sizeof(path), "%s/%s.img", s->env->dir, info->ant_id);
	s->env->pol.model = s->board;
	if (!r->ok)
		fprintf(stderr, "%s: netboot: %s\n", info->ant_id, r->error);
	else if (fwimage_read_file(&img, path, &s->env->pol, &fault,
	    &err) == -1)
		fprintf(stderr, "%s: image rejected (%d): %s\n", info->ant_id,
		    fault, err);
	else {
		strlcpy(info->tp_version, fwimage_manifest(img)->version,
		    sizeof(info->tp_version));
		fwimage_free(img);
	}
	simant_factory(s);
	event_base_once(s->env->base, -1, EV_TIMEOUT, simant_boot, s, &tv);
}

static void
simant_upgrade(evutil_socket_t fd, short what, void *arg)
{
	struct simant		*s = arg;
	struct netboot_req	 req;
	const char		*mac = mdap_ant_info(s->ant)->mac;

	mdap_ants_remove(s->env->ants, s->ant);
	memset(&req, 0, sizeof(req));
	bootp_mac_parse(mac, req.mac);
	strlcpy(req.board, s->board, sizeof(req.board));
	snprintf(req.out_path, sizeof(req.out_path), "%s/%s.img", s->env->dir,
	    mdap_ant_info(s->ant)->ant_id);
	req.blksize = 1468;
	req.timeout_ms = 300;
	if (s->idx == s->env->unplug)
		req.abort_after = 16 * 1024;
	netboot_start(s->env->nb, &req, simant_netboot_done, s);
}

static int
simant_cli(void *arg, const struct mdap_cli *cli, struct buf *out)
{
	struct simant	*s = arg;
	const char	*a;
	int		 i;

	switch (cli->cmd) {
	case MDAP_CLI_IP_IPLIST:
		return simant_iplist(s, out);
	case MDAP_CLI_IP_IPADD:
		if (s->naddrs == 8)
			return -1;
		strlcpy(s->addrs[s->naddrs++], mdap_cli_get(cli, "addr"),
		    sizeof(s->addrs[0]));
		return 0;
	case MDAP_CLI_IP_IPDELETE:
		a = mdap_cli_get(cli, "addr");
		for (i = 0; i < s->naddrs; i++)
			if (strcmp(s->addrs[i], a) == 0) {
				memmove(s->addrs[i], s->addrs[i + 1],
				    sizeof(s->addrs[0]) * (s->naddrs - i - 1));
				s->naddrs--;
				return 0;
			}
		buf_printf(out, "address %s not found\n", a);
		return -1;
	case MDAP_CLI_SYSTEM_CONFIG:
		strlcpy(s->led, mdap_cli_get(cli, "led"), sizeof(s->led));
		buf_printf(out, "led=%s\n", s->led);
		return 0;
	case MDAP_CLI_CWMP_SERVER_CONFIG:
		strlcpy(s->url, mdap_cli_get(cli, "url"), sizeof(s->url));
		return 0;
	case MDAP_CLI_CWMP_CONFIG:
		return 0;
	case MDAP_CLI_SOFTWARE_UPGRADE: {
		struct timeval tv = { 0, 50000 };

		if (s->env->nb == NULL)
			return -1;
		buf_printf(out, "rebooting into BOOTP upgrade mode\n");
		/* Reply first, then reboot. */
		event_base_once(s->env->base, -1, EV_TIMEOUT, simant_upgrade,
		    s, &tv);
		return 0;
	}
	default:
		return -1;
	}
}

static void
on_signal(evutil_socket_t sig, short what, void *arg)
{
	event_base_loopexit(arg, NULL);
}

int
main(int argc, char *argv[])
{
	struct mdap_ants_conf	 conf = { .bind_addr = "127.0.0.1" };
	struct netboot_ctx_conf	 nbc = { .bind_addr = "0.0.0.0" };
	struct simenv		 env = { .dir = ".", .board = "BANT-R",
				    .unplug = -1 };
	struct mdap_ant_info	 info;
	struct event_base	*base;
	struct mdap_ants	*ants;
	struct simant		*sims;
	struct event		*ev;
	const char		*err, *password = "", *name = "SpeedTouch 780";
	int			 ch, i, count = 1, padding = 0, other = -1;

	while ((ch = getopt(argc, argv, "B:b:c:d:g:i:k:N:n:p:P:s:S:t:U:w:")) !=
	    -1) {
		switch (ch) {
		case 'B':
			env.board = optarg;
			break;
		case 'c':
			nbc.client_port = (int)strtonum(optarg, 1, 65535, &err);
			break;
		case 'd':
			env.dir = optarg;
			break;
		case 'k':
			if (fwimage_key_load(optarg, env.pol.keys[0],
			    FWIMAGE_PUBKEY_LEN, &err) == -1)
				fatalx("%s: %s", optarg, err);
			env.pol.nkeys = 1;
			break;
		case 'N':
			name = optarg;
			break;
		case 's':
			nbc.server = optarg;
			break;
		case 't':
			nbc.tftp_port = (int)strtonum(optarg, 1, 65535, &err);
			break;
		case 'S':
			other = (int)strtonum(optarg, 0, 100000, &err);
			break;
		case 'U':
			env.unplug = (int)strtonum(optarg, 0, 100000, &err);
			break;
		case 'b':
			conf.bind_addr = optarg;
			break;
		case 'g':
			conf.group = optarg;
			break;
		case 'i':
			conf.interface = optarg;
			break;
		case 'n':
			count = (int)strtonum(optarg, 1, 100000, &err);
			break;
		case 'p':
			conf.port = (int)strtonum(optarg, 0, 65535, &err);
			break;
		case 'P':
			padding = (int)strtonum(optarg, 0, 2000, &err);
			break;
		case 'w':
			password = optarg;
			break;
		default:
			fprintf(stderr, "usage: mdap_antsim [-b addr] [-p port] "
			    "[-i iface] [-g group] [-n count] [-P lines] "
			    "[-w password] [-N name] [-B board]\n"
			    "    [-s bootp-ip:port -c client-port -t tftp-port "
			    "-k pubkey -d dir] [-U unplugged-index] "
			    "[-S st706-index]\n");
			return 2;
		}
	}
	log_init(true, 0);
	signal(SIGPIPE, SIG_IGN);
	base = event_base_new();
	if ((ants = mdap_ants_new(base, &conf, &err)) == NULL)
		fatalx("mdap_antsim: %s", err);
	env.base = base;
	env.ants = ants;
	if (nbc.server != NULL &&
	    (env.nb = netboot_ctx_new(base, &nbc, &err)) == NULL)
		fatalx("mdap_antsim: netboot: %s", err);
	sims = xcalloc((size_t)count, sizeof(*sims));
	for (i = 0; i < count; i++) {
		memset(&info, 0, sizeof(info));
		snprintf(info.ant_id, sizeof(info.ant_id), "0644T%04d", i);
		/* -S: one ST706 (board BANT-S) among the others. */
		strlcpy(info.name, i == other ? "SpeedTouch 706" : name,
		    sizeof(info.name));
		sims[i].board = i == other ? "BANT-S" : env.board;
		snprintf(info.mac, sizeof(info.mac), "00-14-7F-00-%02X-%02X",
		    (i >> 8) & 0xff, i & 0xff);
		strlcpy(info.tp_version, "6.2.15.5", sizeof(info.tp_version));
		strlcpy(info.user, "Administrator", sizeof(info.user));
		strlcpy(info.password, password, sizeof(info.password));
		strlcpy(sims[i].addrs[0], "192.168.1.254", 32);
		strlcpy(sims[i].addrs[1], "10.0.0.138", 32);
		sims[i].naddrs = 2;
		sims[i].padding = padding;
		sims[i].env = &env;
		sims[i].idx = i;
		sims[i].ant = mdap_ant_new(&info, simant_cli, &sims[i]);
		mdap_ants_add(ants, sims[i].ant);
	}
	printf("mdap_antsim: %d ants on port %d\n", count,
	    mdap_ants_port(ants));
	fflush(stdout);
	ev = evsignal_new(base, SIGTERM, on_signal, base);
	event_add(ev, NULL);
	event_base_dispatch(base);
	netboot_ctx_free(env.nb);
	for (i = 0; i < count; i++)
		mdap_ant_free(sims[i].ant);
	free(sims);
	event_free(ev);
	mdap_ants_free(ants);
	event_base_free(base);
	return 0;
}
