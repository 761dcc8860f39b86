/*
 * ant.c: every simulated device can also be an MDAP ant (MDAP.md section
 * 9).  One socket (lib/mdap_ants) serves all of the fleet's ants; each
 * device's CLI commands act on its CWMP agent and tree:
 *   ip ipadd / ipdelete / iplist	the LAN addresses the ant reports;
 *   cwmp server config url=		ManagementServer.URL (a new ACS);
 *   cwmp config state= periodicInform= periodicInfInt=	CWMP on or off,
 *					periodic informs;
 *   system reboot			a reboot (1 BOOT);
 *   system config led=			a LED state flag;
 *   software upgrade			the BOOTP upgrade path of MDAP.md 10:
 *	the device goes silent, its bootloader BOOTPs with its board name
 *	and TFTPs the image (lib/netboot) into the firmware engine's download
 *	slot, lib/fwupdate verifies it and writes the inactive bank, and the
 *	device comes back with factory settings and the new version; a bad
 *	image leaves the old one running.  An "unplugged" ant (abort after
 *	some bytes) never comes back.
 * It does not parse MDAP itself (lib/mdap_msg) or decide what an image is.
 */
#include "config.h"

#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "lib/fwupdate.h"
#include "lib/log.h"
#include "lib/mdap_ants.h"
#include "lib/net.h"
#include "lib/netboot.h"
#include "lib/xmalloc.h"
#include "cpe-sim/cpesim.h"

#define ANT_REBOOT_DELAY_MS	50	/* reply first, then reboot */
#define ANT_ADDRS_MAX		8
#define ANT_COMMAND_KEY		"mdap-bootp-upgrade"

struct ant {
	struct device		*dev;
	struct mdap_ant		*ant;
	bool			 online;
	bool			 upgrading;
	char			 addrs[ANT_ADDRS_MAX][INET_ADDRSTRLEN];
	int			 naddrs;
	char			 led[16];
};

static void
ant_factory(struct ant *a)
{
	struct mdap_ant_info	*info = mdap_ant_info(a->ant);
	const char		*pwd = a->dev->sim->conf.ant_password;

	strlcpy(a->addrs[0], "192.168.1.254", sizeof(a->addrs[0]));
	strlcpy(a->addrs[1], "10.0.0.138", sizeof(a->addrs[1]));
	a->naddrs = 2;
	a->led[0] = '\0';
	strlcpy(info->user, "Administrator", sizeof(info->user));
	strlcpy(info->password, pwd != NULL ? pwd : "", sizeof(info->password));
}

static void
ant_online(struct ant *a, bool on)
{
	struct sim	*sim = a->dev->sim;

	if (on && !a->online)
		mdap_ants_add(sim->ants, a->ant);
	else if (!on && a->online)
		mdap_ants_remove(sim->ants, a->ant);
	a->online = on;
}

static int
ant_ipdelete(struct ant *a, const char *addr, struct buf *out)
{
	int	i;

	for (i = 0; i < a->naddrs; i++) {
		if (strcmp(a->addrs[i], addr) != 0)
			continue;
		memmove(a->addrs[i], a->addrs[i + 1],
		    sizeof(a->addrs[0]) * (size_t)(a->naddrs - i - 1));
		a->naddrs--;
		return 0;
	}
	buf_printf(out, "address %s not found\n", addr);
	return -1;
}

static int
ant_ipadd(struct ant *a, const char *addr, struct buf *out)
{
	struct in_addr	in;

	if (inet_pton(AF_INET, addr, &in) != 1 || a->naddrs == ANT_ADDRS_MAX) {
		buf_printf(out, "invalid address %s\n", addr);
		return -1;
	}
	strlcpy(a->addrs[a->naddrs++], addr, sizeof(a->addrs[0]));
	return 0;
}

static void
ant_set_url(struct ant *a, const char *url)
{
	struct device	*dev = a->dev;

	device_set_param(dev, "ManagementServer.URL", url);
	/* A new ACS means a new bootstrap (CWMP.md 8.1). */
	dev->bootstrapped = false;
	if (!device_has_event(dev, "0 BOOTSTRAP"))
		device_add_event(dev, "0 BOOTSTRAP", "");
	dev->dirty = true;
}

static int
ant_cwmp_config(struct ant *a, const struct mdap_cli *cli)
{
	struct device	*dev = a->dev;
	const char	*v;

	if ((v = mdap_cli_get(cli, "periodicInfInt")) != NULL)
		device_set_param(dev, "ManagementServer.PeriodicInformInterval",
		    v);
	if ((v = mdap_cli_get(cli, "periodicInform")) != NULL)
		device_set_param(dev, "ManagementServer.PeriodicInformEnable",
		    strcmp(v, "enabled") == 0 ? "1" : "0");
	dev->dirty = true;
	if ((v = mdap_cli_get(cli, "state")) == NULL)
		return 0;
	if (strcmp(v, "enabled") == 0) {
		dev->cwmp_off = false;
		device_periodic_reset(dev);
		device_request_session(dev, 0);
	} else if (strcmp(v, "disabled") == 0)
		dev->cwmp_off = true;
	else
		return -1;
	return 0;
}

static void
ant_netboot_done(const struct netboot_result *r, void *arg)
{
	struct ant			*a = arg;
	struct device			*dev = a->dev;
	struct fwupdate_download	 dl;
	struct fwupdate_result		 res;
	const char			*errstr;

	memset(&dl, 0, sizeof(dl));
	dl.command_key = ANT_COMMAND_KEY;
	dl.url = r->file;
	if (!r->ok && r->aborted) {
		log_info("%s: unplugged during the transfer", dev->serial);
		return;		/* a pulled cable: it never comes back */
	}
	memset(&res, 0, sizeof(res));
	if (!r->ok) {
		log_warnx("%s: netboot: %s", dev->serial, r->error);
		(void)fwupdate_fail(dev->fw, &dl, 9010, r->error, &errstr);
	} else if (fwupdate_apply(dev->fw, &dl, &res) != 1)
		log_warnx("%s: BOOTP image refused: %d %s", dev->serial,
		    res.fault_code, res.fault_string);
	else
		log_info("%s: BOOTP image installed", dev->serial);
	/* A BOOTP upgrade resets the configuration (MDAP.md section 10). */
	ant_factory(a);
	a->upgrading = false;
	dev->cwmp_off = dev->sim->conf.cwmp_off;
	device_reboot(dev, true);
}

static void
ant_upgrade(evutil_socket_t fd, short what, void *arg)
{
	struct ant			*a = arg;
	struct device			*dev = a->dev;
	struct fwupdate_download	 dl;
	struct netboot_req		 req;
	const char			*errstr;
	const struct sim_inject		*in = &dev->sim->conf.inject;

	ant_online(a, false);
	dev->cwmp_off = true;
	memset(&dl, 0, sizeof(dl));
	dl.command_key = ANT_COMMAND_KEY;
	dl.url = "bootp";
	if (firmware_open(dev) == -1 || dev->fw == NULL ||
	    fwupdate_begin(dev->fw, &dl, &errstr) == -1) {
		log_warnx("%s: software upgrade: no firmware engine",
		    dev->serial);
		ant_online(a, true);
		a->upgrading = false;
		return;
	}
	memset(&req, 0, sizeof(req));
	bootp_mac_parse(mdap_ant_info(a->ant)->mac, req.mac);
	strlcpy(req.board, dev->model->fw_model, sizeof(req.board));
	strlcpy(req.out_path, fwupdate_download_path(dev->fw),
	    sizeof(req.out_path));
	req.blksize = 1468;
	if (in->truncate_at > 0 && firmware_injected(dev))
		req.abort_after = in->truncate_at;
	netboot_start(dev->sim->netboot, &req, ant_netboot_done, a);
}

static int
ant_cli(void *arg, const struct mdap_cli *cli, struct buf *out)
{
	struct ant	*a = arg;
	struct timeval	 tv = { 0, ANT_REBOOT_DELAY_MS * 1000 };
	int		 i;

	switch (cli->cmd) {
	case MDAP_CLI_IP_IPLIST:
		for (i = 0; i < a->naddrs; i++)
			buf_printf(out, "LocalNetwork %s\n", a->addrs[i]);
		return 0;
	case MDAP_CLI_IP_IPADD:
		return ant_ipadd(a, mdap_cli_get(cli, "addr"), out);
	case MDAP_CLI_IP_IPDELETE:
		return ant_ipdelete(a, mdap_cli_get(cli, "addr"), out);
	case MDAP_CLI_SYSTEM_CONFIG:
		strlcpy(a->led, mdap_cli_get(cli, "led"), sizeof(a->led));
		buf_printf(out, "led=%s\n", a->led);
		return 0;
	case MDAP_CLI_CWMP_SERVER_CONFIG:
		ant_set_url(a, mdap_cli_get(cli, "url"));
		return 0;
	case MDAP_CLI_CWMP_CONFIG:
		return ant_cwmp_config(a, cli);
	case MDAP_CLI_SYSTEM_REBOOT:
		buf_printf(out, "rebooting\n");
		a->dev->reboot_pending = true;
		if (a->dev->session == NULL)
			device_reboot(a->dev, false);
		return 0;
	case MDAP_CLI_SOFTWARE_UPGRADE:
		if (a->dev->sim->netboot == NULL || !a->dev->model->has_firmware ||
		    a->upgrading)
			return -1;
		a->upgrading = true;
		buf_printf(out, "rebooting into BOOTP upgrade mode\n");
		event_base_once(a->dev->sim->base, -1, EV_TIMEOUT, ant_upgrade,
		    a, &tv);
		return 0;
	}
	return -1;
}

/* The ant's identity from the device: ANT-ID is the serial without CP. */
static void
ant_info(struct device *dev, struct mdap_ant_info *info)
{
	const char	*s = dev->serial;
	const char	*oui = dev->model->oui != NULL ? dev->model->oui :
	    "00147F";

	memset(info, 0, sizeof(info[0]));
	if (strncmp(s, "CP", 2) == 0)
		s += 2;
	strlcpy(info->ant_id, s, sizeof(info->ant_id));
	strlcpy(info->name, dev->model->product_class != NULL ?
	    dev->model->product_class : dev->model->name, sizeof(info->name));
	snprintf(info->mac, sizeof(info->mac), "%.2s-%.2s-%.2s-%02X-%02X-%02X",
	    oui, oui + 2, oui + 4, (dev->index >> 16) & 0xff,
	    (dev->index >> 8) & 0xff, dev->index & 0xff);
	strlcpy(info->tp_version, dev->model->software_version != NULL ?
	    dev->model->software_version : "", sizeof(info->tp_version));
}

void
ant_device_init(struct device *dev)
{
	struct mdap_ant_info	 info;
	struct ant		*a;

	if (dev->sim->ants == NULL)
		return;
	a = xcalloc(1, sizeof(*a));
	a->dev = dev;
	ant_info(dev, &info);
	a->ant = mdap_ant_new(&info, ant_cli, a);
	ant_factory(a);
	dev->ant = a;
	dev->cwmp_off = dev->sim->conf.cwmp_off;
}

/* After every boot: the version it runs, and back on the segment. */
void
ant_device_booted(struct device *dev)
{
	struct ant	*a = dev->ant;
	const char	*v;

	if (a == NULL || a->upgrading)
		return;
	if ((v = device_param(dev, "DeviceInfo.SoftwareVersion")) != NULL &&
	    *v != '\0')
		strlcpy(mdap_ant_info(a->ant)->tp_version, v,
		    sizeof(mdap_ant_info(a->ant)->tp_version));
	ant_online(a, true);
}

void
ant_device_free(struct device *dev)
{
	struct ant	*a = dev->ant;

	if (a == NULL)
		return;
	ant_online(a, false);
	mdap_ant_free(a->ant);
	free(a);
	dev->ant = NULL;
}

int
ant_start(struct sim *sim)
{
	struct sim_conf		*c = &sim->conf;
	struct mdap_ants_conf	 mc;
	struct netboot_ctx_conf	 nc;
	struct sockaddr_in	 sin;
	char			 host[INET_ADDRSTRLEN];
	const char		*errstr;

	if (c->mdap_listen == NULL)
		return 0;
	memset(&mc, 0, sizeof(mc));
	if (net_hostport_parse(c->mdap_listen, 0, &sin) == -1) {
		log_warnx("--mdap: not address:port: %s", c->mdap_listen);
		return -1;
	}
	inet_ntop(AF_INET, &sin.sin_addr, host, sizeof(host));
	mc.bind_addr = host;
	mc.port = ntohs(sin.sin_port);
	mc.interface = c->mdap_interface;
	if ((sim->ants = mdap_ants_new(sim->base, &mc, &errstr)) == NULL) {
		log_warnx("--mdap %s: %s", c->mdap_listen, errstr);
		return -1;
	}
	log_info("mdap: ants on %s:%d", host, mdap_ants_port(sim->ants));
	if (c->bootp_server == NULL)
		return 0;
	memset(&nc, 0, sizeof(nc));
	nc.bind_addr = "0.0.0.0";
	nc.client_port = c->bootp_client_port > 0 ? c->bootp_client_port :
	    BOOTP_CLIENT_PORT;
	nc.server = c->bootp_server;
	nc.tftp_port = c->tftp_port;
	/* On a lab segment the bootloader broadcasts, on the MDAP
	 * interface only; tests give a unicast loopback server. */
	nc.broadcast = strncmp(c->bootp_server, "255.255.255.255:", 16) == 0;
	nc.ifname = nc.broadcast ? c->mdap_interface : NULL;
	if ((sim->netboot = netboot_ctx_new(sim->base, &nc, &errstr)) == NULL) {
		log_warnx("--bootp-server %s: %s", c->bootp_server, errstr);
		return -1;
	}
	return 0;
}

void
ant_stop(struct sim *sim)
{
	netboot_ctx_free(sim->netboot);
	mdap_ants_free(sim->ants);
	sim->netboot = NULL;
	sim->ants = NULL;
}
