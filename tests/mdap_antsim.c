/*
 * mdap_antsim.c: a test peer for the mdap controller: N ants behind one
 * socket (lib/mdap_ants) whose CLI keeps the state the documented commands
 * change (addresses, LED, ACS URL).  cpe-sim hosts the same ants with a
 * full device behind them; this tool has none, so `software upgrade`
 * is refused here.
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "lib/log.h"
#include "lib/mdap_ants.h"
#include "lib/xmalloc.h"

struct simant {
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
	struct mdap_ant_info	 info;
	struct event_base	*base;
	struct mdap_ants	*ants;
	struct simant		*sims;
	struct event		*ev;
	const char		*err, *password = "";
	int			 ch, i, count = 1, padding = 0;

	while ((ch = getopt(argc, argv, "b:g:i:n:p:P:w:")) != -1) {
		switch (ch) {
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
			    "[-w password]\n");
			return 2;
		}
	}
	log_init(true, 0);
	signal(SIGPIPE, SIG_IGN);
	base = event_base_new();
	if ((ants = mdap_ants_new(base, &conf, &err)) == NULL)
		fatalx("mdap_antsim: %s", err);
	sims = xcalloc((size_t)count, sizeof(*sims));
	for (i = 0; i < count; i++) {
		memset(&info, 0, sizeof(info));
		snprintf(info.ant_id, sizeof(info.ant_id), "0644T%04d", i);
		strlcpy(info.name, "SpeedTouch 780", sizeof(info.name));
		snprintf(info.mac, sizeof(info.mac), "00-14-7F-00-%02X-%02X",
		    (i >> 8) & 0xff, i & 0xff);
		strlcpy(info.tp_version, "6.2.15.5", sizeof(info.tp_version));
		strlcpy(info.user, "Administrator", sizeof(info.user));
		strlcpy(info.password, password, sizeof(info.password));
		strlcpy(sims[i].addrs[0], "192.168.1.254", 32);
		strlcpy(sims[i].addrs[1], "10.0.0.138", 32);
		sims[i].naddrs = 2;
		sims[i].padding = padding;
		sims[i].ant = mdap_ant_new(&info, simant_cli, &sims[i]);
		mdap_ants_add(ants, sims[i].ant);
	}
	printf("mdap_antsim: %d ants on port %d\n", count,
	    mdap_ants_port(ants));
	fflush(stdout);
	ev = evsignal_new(base, SIGTERM, on_signal, base);
	event_add(ev, NULL);
	event_base_dispatch(base);
	for (i = 0; i < count; i++)
		mdap_ant_free(sims[i].ant);
	free(sims);
	event_free(ev);
	mdap_ants_free(ants);
	event_base_free(base);
	return 0;
}
