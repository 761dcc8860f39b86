/*
 * campaign.c: loading the flash campaign (one yaml_conf table row per key,
 * documented in mdap(8)) and the lookups flash.c needs.  It does not start
 * servers.
 */
#include "config.h"

#include <arpa/inet.h>

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "mdap/campaign.h"

static int
campaign_parse_ip(const char *text, void *field, const char **errstr)
{
	if (inet_pton(AF_INET, text, field) != 1) {
		*errstr = "not an IPv4 address";
		return -1;
	}
	return 0;
}

static int
campaign_format_ip(const void *field, char *buf, size_t len)
{
	return inet_ntop(AF_INET, field, buf, (socklen_t)len) == NULL ? -1 : 0;
}

#define IPOPT(n, st, f, d, h) YAML_CONF_CUSTOMOPT(n, st, f, d,		\
	campaign_parse_ip, campaign_format_ip, h)

static const struct yaml_conf_opt image_table[] = {
	YAML_CONF_OPTF("board", YAML_CONF_STRING, struct campaign_image, board,
	    NULL, 1, 127, YAML_CONF_REQUIRED, "board name (BOOTP file field)"),
	YAML_CONF_OPTF("file", YAML_CONF_STRING, struct campaign_image, file,
	    NULL, 1, 127, YAML_CONF_REQUIRED, "image under tftp_root"),
	YAML_CONF_OPT("version", YAML_CONF_STRING, struct campaign_image,
	    version, NULL, 0, 63, "TP-VERSION expected after the flash"),
	YAML_CONF_END
};

static const struct yaml_conf_opt board_table[] = {
	YAML_CONF_OPTF("name", YAML_CONF_STRING, struct campaign_board, name,
	    NULL, 1, 127, YAML_CONF_REQUIRED, "ANT-NAME as search shows it"),
	YAML_CONF_OPTF("board", YAML_CONF_STRING, struct campaign_board, board,
	    NULL, 1, 127, YAML_CONF_REQUIRED, "its board"),
	YAML_CONF_END
};

static const struct yaml_conf_opt range_table[] = {
	IPOPT("start", struct campaign_range, start, NULL, "first address"),
	IPOPT("end", struct campaign_range, end, NULL, "last address"),
	YAML_CONF_END
};

static const struct yaml_conf_opt servers_table[] = {
	YAML_CONF_OPT("builtin", YAML_CONF_BOOL, struct campaign_servers,
	    builtin, "true", 0, 0, "run the built-in BOOTP and TFTP servers"),
	YAML_CONF_OPT("interface", YAML_CONF_STRING, struct campaign_servers,
	    interface, NULL, 0, 15, "lab interface the servers answer on"),
	YAML_CONF_OPT("listen", YAML_CONF_STRING, struct campaign_servers,
	    listen, "0.0.0.0", 7, 63, "address the servers bind"),
	YAML_CONF_OPT("bootp_port", YAML_CONF_INT, struct campaign_servers,
	    bootp_port, "67", 0, 65535, "BOOTP server port"),
	YAML_CONF_OPT("client_port", YAML_CONF_INT, struct campaign_servers,
	    client_port, "68", 1, 65535, "BOOTP client port"),
	IPOPT("server_ip", struct campaign_servers, server_ip, "0.0.0.0",
	    "siaddr: the TFTP server the ants fetch from"),
	IPOPT("netmask", struct campaign_servers, netmask, "255.255.255.0",
	    "subnet mask option"),
	YAML_CONF_SECTIONOF("pool", struct campaign_servers, pool,
	    range_table, "BOOTP addresses, one per ant during the flash"),
	YAML_CONF_OPT("tftp_root", YAML_CONF_STRING, struct campaign_servers,
	    tftp_root, NULL, 1, 4095, "directory holding the images"),
	YAML_CONF_OPT("tftp_port", YAML_CONF_INT, struct campaign_servers,
	    tftp_port, "69", 0, 65535, "TFTP server port"),
	YAML_CONF_END
};

static const struct yaml_conf_opt campaign_table[] = {
	YAML_CONF_OPT("select", YAML_CONF_STRING, struct campaign, select, "*",
	    1, 255, "glob on ANT-ID, name or MAC"),
	YAML_CONF_OPT("max_in_flight", YAML_CONF_INT, struct campaign,
	    max_in_flight, "4", 1, 1024, "ants between upgrade and return"),
	YAML_CONF_LISTOF("images", struct campaign, images, image_table,
	    struct campaign_image, 64, "image per board"),
	YAML_CONF_LISTOF("boards", struct campaign, boards, board_table,
	    struct campaign_board, 64, "board per ANT-NAME"),
	YAML_CONF_SECTIONOF("addresses", struct campaign, addresses,
	    range_table, "new addresses, ${Ant.Address}, in ANT-ID order"),
	YAML_CONF_OPT("acs_url", YAML_CONF_STRING, struct campaign, acs_url,
	    "", 0, 255, "${ACS.URL} for the post-flash rules"),
	YAML_CONF_OPT("rules", YAML_CONF_STRLIST, struct campaign, rules,
	    NULL, 0, 32, "post-flash rule files"),
	YAML_CONF_OPT("factory_user", YAML_CONF_STRING, struct campaign,
	    factory_user, "Administrator", 0, 63, "CLI user after the flash"),
	YAML_CONF_OPTF("factory_password", YAML_CONF_STRING, struct campaign,
	    factory_password, "", 0, 127, YAML_CONF_SECRET,
	    "its password (factory default: empty)"),
	YAML_CONF_OPT("tftp_retries", YAML_CONF_INT, struct campaign,
	    tftp_retries, "2", 0, 10, "failed transfers tolerated per ant"),
	YAML_CONF_OPT("bootp_timeout", YAML_CONF_DURATION, struct campaign,
	    bootp_timeout_ms, "120s", 100, 3600000,
	    "upgrade command to BOOTP request (T1)"),
	YAML_CONF_OPT("transfer_timeout", YAML_CONF_DURATION, struct campaign,
	    transfer_timeout_ms, "600s", 100, 3600000,
	    "BOOTP reply to end of transfer"),
	YAML_CONF_OPT("return_timeout", YAML_CONF_DURATION, struct campaign,
	    return_timeout_ms, "600s", 100, 3600000,
	    "end of transfer to the ant answering again (T2)"),
	YAML_CONF_SECTIONOF("servers", struct campaign, servers, servers_table,
	    "the built-in BOOTP and TFTP servers"),
	YAML_CONF_END
};

int
campaign_load(struct campaign *c, const char *path, char *err, size_t errlen)
{
	memset(c, 0, sizeof(*c));
	return yaml_conf_load_file(campaign_table, c, path, 0, err, errlen);
}

void
campaign_free(struct campaign *c)
{
	yaml_conf_free(campaign_table, c);
}

const struct campaign_image *
campaign_image(const struct campaign *c, const char *board)
{
	const struct campaign_image	*im = c->images.v;
	size_t				 i;

	for (i = 0; board != NULL && i < c->images.n; i++)
		if (strcmp(im[i].board, board) == 0)
			return &im[i];
	return NULL;
}

const char *
campaign_board(const struct campaign *c, const char *name)
{
	const struct campaign_board	*b = c->boards.v;
	size_t				 i;

	for (i = 0; i < c->boards.n; i++)
		if (strcmp(b[i].name, name) == 0)
			return b[i].board;
	return NULL;
}

int
campaign_range_nth(const struct campaign_range *r, unsigned n,
    struct in_addr *out)
{
	uint32_t	s = ntohl(r->start.s_addr), e = ntohl(r->end.s_addr);

	if (s == 0 || e < s || n > e - s)
		return -1;
	out->s_addr = htonl(s + n);
	return 0;
}
