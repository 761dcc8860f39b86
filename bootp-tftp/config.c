/*
 * config.c: the bootp-tftpd configuration: one yaml_conf table row per
 * option (documented in bootp-tftpd.yaml(5)), and the conversion into
 * lib/bootp_server's and lib/tftp_server's structs, where values that
 * need more than a range check (option encodings, port ranges, names
 * that must fit a BOOTP field) are checked.  It does not open sockets.
 */
#include "config.h"

#include <sys/types.h>
#include <arpa/inet.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bootp-tftp/bootp-tftpd.h"
#include "lib/net.h"
#include "lib/xmalloc.h"

static int
config_parse_ip(const char *text, void *field, const char **errstr)
{
	if (net_addr_parse(text, field) == -1) {
		*errstr = "not an IPv4 address";
		return -1;
	}
	return 0;
}

static int
config_format_ip(const void *field, char *buf, size_t len)
{
	return inet_ntop(AF_INET, field, buf, (socklen_t)len) == NULL ? -1 : 0;
}

static int
config_parse_mac(const char *text, void *field, const char **errstr)
{
	if (bootp_mac_parse(text, field) == -1) {
		*errstr = "not a MAC address (aa:bb:cc:dd:ee:ff)";
		return -1;
	}
	return 0;
}

static int
config_format_mac(const void *field, char *buf, size_t len)
{
	bootp_mac_str(field, 6, buf, len);
	return 0;
}

#define IPOPT(n, st, f, d, h) \
	YAML_CONF_CUSTOMOPT(n, st, f, d, config_parse_ip, config_format_ip, h)

static const struct yaml_conf_opt host_table[] = {
	YAML_CONF_CUSTOMOPT("mac", struct btd_host, mac, NULL,
	    config_parse_mac, config_format_mac, "hardware address"),
	IPOPT("ip", struct btd_host, ip, NULL, "fixed address"),
	YAML_CONF_OPT("file", YAML_CONF_STRING, struct btd_host, file, NULL,
	    0, BOOTP_FILE_LEN, "image for this device (else by board)"),
	YAML_CONF_OPT("hostname", YAML_CONF_STRING, struct btd_host,
	    hostname, NULL, 0, BOOTP_SERVER_HOSTNAME_MAX - 1,
	    "option 12"),
	YAML_CONF_END
};

static const struct yaml_conf_opt board_table[] = {
	YAML_CONF_OPTF("board", YAML_CONF_STRING, struct btd_board, board,
	    NULL, 1, BOOTP_FILE_LEN, YAML_CONF_REQUIRED,
	    "board name the device sends in the file field"),
	YAML_CONF_OPTF("file", YAML_CONF_STRING, struct btd_board, file,
	    NULL, 1, BOOTP_FILE_LEN, YAML_CONF_REQUIRED,
	    "image for that board"),
	YAML_CONF_END
};

static const struct yaml_conf_opt pool_table[] = {
	IPOPT("start", struct btd_pool, start, NULL, "first address"),
	IPOPT("end", struct btd_pool, end, NULL, "last address"),
	IPOPT("netmask", struct btd_pool, netmask, "0.0.0.0",
	    "subnet mask (0.0.0.0: bootp.netmask)"),
	IPOPT("router", struct btd_pool, router, "0.0.0.0",
	    "router for this pool (0.0.0.0: bootp.routers)"),
	YAML_CONF_END
};

static const struct yaml_conf_enum opt_types[] = {
	{ "string", BTD_OPT_STRING }, { "ip", BTD_OPT_IP },
	{ "ips", BTD_OPT_IPS }, { "u8", BTD_OPT_U8 }, { "u16", BTD_OPT_U16 },
	{ "u32", BTD_OPT_U32 }, { "hex", BTD_OPT_HEX }, { NULL, 0 }
};

static const struct yaml_conf_opt opt_table[] = {
	YAML_CONF_OPTF("code", YAML_CONF_INT, struct btd_opt, code, NULL, 1,
	    254, YAML_CONF_REQUIRED, "RFC 2132 option code"),
	YAML_CONF_ENUMOPT("type", struct btd_opt, type, "string", opt_types,
	    "string, ip, ips, u8, u16, u32 or hex"),
	YAML_CONF_OPTF("value", YAML_CONF_STRING, struct btd_opt, value,
	    NULL, 0, 3 * BTD_OPT_VALUE_MAX, YAML_CONF_REQUIRED, "the value"),
	YAML_CONF_END
};

static const struct yaml_conf_opt bootp_table[] = {
	YAML_CONF_OPT("enable", YAML_CONF_BOOL, struct btd_bootp, enable,
	    "true", 0, 0, "run the BOOTP server"),
	YAML_CONF_OPT("interface", YAML_CONF_STRING, struct btd_bootp,
	    interface, "", 0, IF_NAMESIZE - 1,
	    "the one interface served (empty: any)"),
	YAML_CONF_OPT("listen", YAML_CONF_STRING, struct btd_bootp, listen,
	    "0.0.0.0", 1, BOOTP_SERVER_ADDR_MAX - 1, "address to bind"),
	YAML_CONF_OPT("port", YAML_CONF_INT, struct btd_bootp, port, "67", 0,
	    65535, "server port (0: any, logged)"),
	YAML_CONF_OPT("client_port", YAML_CONF_INT, struct btd_bootp,
	    client_port, "68", 1, 65535, "client port"),
	IPOPT("server_ip", struct btd_bootp, server_ip, "0.0.0.0",
	    "siaddr: the TFTP server (0.0.0.0: the interface address)"),
	YAML_CONF_OPT("server_name", YAML_CONF_STRING, struct btd_bootp,
	    server_name, "", 0, BOOTP_SNAME_LEN, "sname"),
	IPOPT("netmask", struct btd_bootp, netmask, "255.255.255.0",
	    "option 1"),
	YAML_CONF_OPT("routers", YAML_CONF_STRLIST, struct btd_bootp,
	    routers, NULL, 0, BOOTP_SERVER_ADDRS_MAX, "option 3"),
	YAML_CONF_OPT("dns", YAML_CONF_STRLIST, struct btd_bootp, dns, NULL,
	    0, BOOTP_SERVER_ADDRS_MAX, "option 6"),
	YAML_CONF_OPT("domain", YAML_CONF_STRING, struct btd_bootp, domain,
	    "", 0, BOOTP_SERVER_HOSTNAME_MAX - 1, "option 15"),
	YAML_CONF_OPT("default_file", YAML_CONF_STRING, struct btd_bootp,
	    default_file, "", 0, BOOTP_FILE_LEN,
	    "file for devices with no host or board entry"),
	YAML_CONF_OPT("lease", YAML_CONF_DURATION, struct btd_bootp,
	    lease_ms, "10m", 1000, 86400000LL * 7, "pool lease time"),
	YAML_CONF_OPT("dhcp", YAML_CONF_BOOL, struct btd_bootp, dhcp,
	    "false", 0, 0, "answer DHCP DISCOVER/REQUEST minimally"),
	YAML_CONF_OPT("force_broadcast", YAML_CONF_BOOL, struct btd_bootp,
	    force_broadcast, "false", 0, 0, "broadcast every reply"),
	YAML_CONF_OPT("always_rfc1048", YAML_CONF_BOOL, struct btd_bootp,
	    always_rfc1048, "false", 0, 0,
	    "send options even to requests without the cookie"),
	YAML_CONF_OPT("bootsize", YAML_CONF_BOOL, struct btd_bootp, bootsize,
	    "false", 0, 0, "send option 13, the image size in 512-byte blocks"),
	YAML_CONF_OPT("vend_max", YAML_CONF_INT, struct btd_bootp, vend_max,
	    "64", 64, BOOTP_VEND_MAX, "vendor area size of replies"),
	YAML_CONF_LISTOF("hosts", struct btd_bootp, hosts, host_table,
	    struct btd_host, 100000, "devices by MAC"),
	YAML_CONF_LISTOF("boards", struct btd_bootp, boards, board_table,
	    struct btd_board, 1000, "images by board name"),
	YAML_CONF_LISTOF("pools", struct btd_bootp, pools, pool_table,
	    struct btd_pool, 64, "dynamic address ranges"),
	YAML_CONF_LISTOF("options", struct btd_bootp, options, opt_table,
	    struct btd_opt, 64, "extra options by number"),
	YAML_CONF_END
};

static const struct yaml_conf_opt tftp_table[] = {
	YAML_CONF_OPT("enable", YAML_CONF_BOOL, struct btd_tftp, enable,
	    "true", 0, 0, "run the TFTP server"),
	YAML_CONF_OPT("root", YAML_CONF_STRING, struct btd_tftp, root,
	    "/srv/tftp", 1, PATH_MAX - 1, "served directory"),
	YAML_CONF_OPT("listen", YAML_CONF_STRING, struct btd_tftp, listen,
	    "0.0.0.0", 1, TFTP_SERVER_ADDR_MAX - 1, "address to bind"),
	YAML_CONF_OPT("interface", YAML_CONF_STRING, struct btd_tftp,
	    interface, "", 0, IF_NAMESIZE - 1, "bind to this device"),
	YAML_CONF_OPT("port", YAML_CONF_INT, struct btd_tftp, port, "69", 0,
	    65535, "port (0: any, logged)"),
	YAML_CONF_OPT("upload_dir", YAML_CONF_STRING, struct btd_tftp,
	    upload_dir, "", 0, TFTP_NAME_MAX,
	    "directory under root that accepts uploads (empty: none)"),
	YAML_CONF_OPT("overwrite", YAML_CONF_BOOL, struct btd_tftp,
	    overwrite, "false", 0, 0, "uploads may replace files"),
	YAML_CONF_OPT("upload_max", YAML_CONF_SIZE, struct btd_tftp,
	    upload_max, "256M", 0, 0, "largest upload"),
	YAML_CONF_OPT("blksize_max", YAML_CONF_INT, struct btd_tftp,
	    blksize_max, "0", 0, TFTP_BLKSIZE_MAX,
	    "largest blksize (0: interface MTU - 32)"),
	YAML_CONF_OPT("windowsize_max", YAML_CONF_INT, struct btd_tftp,
	    windowsize_max, "64", 1, TFTP_SERVER_WINDOW_CAP,
	    "largest windowsize"),
	YAML_CONF_OPT("timeout", YAML_CONF_DURATION, struct btd_tftp,
	    timeout_ms, "1s", 10, 255000, "first retransmission timeout"),
	YAML_CONF_OPT("giveup", YAML_CONF_DURATION, struct btd_tftp,
	    giveup_ms, "60s", 1000, 3600000, "drop after no progress"),
	YAML_CONF_OPT("rollover", YAML_CONF_INT, struct btd_tftp, rollover,
	    "0", 0, 1, "block number after 65535"),
	YAML_CONF_OPT("max_transfers", YAML_CONF_INT, struct btd_tftp,
	    max_transfers, "512", 1, 65535, "concurrent transfers"),
	YAML_CONF_OPT("max_per_client", YAML_CONF_INT, struct btd_tftp,
	    max_per_client, "0", 0, 65535, "per client address (0: any)"),
	YAML_CONF_OPT("workers", YAML_CONF_INT, struct btd_tftp, workers,
	    "0", 0, TFTP_SERVER_WORKERS_MAX,
	    "transfer threads (0: one per CPU)"),
	YAML_CONF_OPT("busy_poll", YAML_CONF_INT, struct btd_tftp,
	    busy_poll_us, "500", 0, TFTP_SERVER_BUSY_POLL_MAX_US,
	    "microseconds a worker polls before sleeping"),
	YAML_CONF_OPT("port_min", YAML_CONF_INT, struct btd_tftp, port_min,
	    "0", 0, 65535, "transfer ports from (0: ephemeral)"),
	YAML_CONF_OPT("port_max", YAML_CONF_INT, struct btd_tftp, port_max,
	    "0", 0, 65535, "transfer ports to"),
	YAML_CONF_OPT("backslash", YAML_CONF_BOOL, struct btd_tftp,
	    backslash, "false", 0, 0, "treat \\ as /"),
	YAML_CONF_OPT("fold_case", YAML_CONF_BOOL, struct btd_tftp,
	    fold_case, "false", 0, 0, "lower-case requested names"),
	YAML_CONF_OPT("status_file", YAML_CONF_STRING, struct btd_tftp,
	    status_file, "", 0, PATH_MAX - 1, "JSON status of transfers"),
	YAML_CONF_OPT("progress", YAML_CONF_DURATION, struct btd_tftp,
	    progress_ms, "5s", 0, 3600000, "log progress (0: never)"),
	YAML_CONF_END
};

const struct yaml_conf_opt btd_conf_table[] = {
	YAML_CONF_OPT("user", YAML_CONF_STRING, struct btd_conf, user,
	    "nobody", 1, 64, "user to run as when started as root"),
	YAML_CONF_OPT("chroot", YAML_CONF_BOOL, struct btd_conf, chroot,
	    "true", 0, 0, "chroot to tftp.root when started as root"),
	YAML_CONF_SECTIONOF("bootp", struct btd_conf, bootp, bootp_table,
	    "BOOTP server"),
	YAML_CONF_SECTIONOF("tftp", struct btd_conf, tftp, tftp_table,
	    "TFTP server"),
	YAML_CONF_END
};

/* Reads the file through dirfd (after chroot) or by path. */
static int
config_read(const char *path, int dirfd, char **text, size_t *len,
    char *err, size_t errlen)
{
	char	 tmp[PATH_MAX];
	ssize_t	 n;
	int	 fd;

	strlcpy(tmp, path, sizeof(tmp));
	fd = dirfd == -1 ? open(path, O_RDONLY | O_CLOEXEC) :
	    openat(dirfd, basename(tmp), O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	*text = xmalloc(YAML_CONF_FILE_MAX + 1);
	n = read(fd, *text, YAML_CONF_FILE_MAX + 1);
	close(fd);
	if (n < 0 || n > (ssize_t)YAML_CONF_FILE_MAX) {
		snprintf(err, errlen, "%s: %s", path, n < 0 ?
		    strerror(errno) : "file too large");
		free(*text);
		return -1;
	}
	*len = (size_t)n;
	return 0;
}

int
config_load(struct btd_conf *conf, const char *path, int dirfd, char *err,
    size_t errlen)
{
	char	*text;
	size_t	 len;
	int	 rv;

	memset(conf, 0, sizeof(*conf));
	if (config_read(path, dirfd, &text, &len, err, errlen) == -1) {
		yaml_conf_defaults(btd_conf_table, conf, NULL, 0);
		return -1;
	}
	rv = yaml_conf_load_string(btd_conf_table, conf, path, text, len, err,
	    errlen);
	free(text);
	return rv;
}

void
config_free(struct btd_conf *conf)
{
	yaml_conf_free(btd_conf_table, conf);
}

static int
config_ips(const struct yaml_conf_strlist *l, struct in_addr *out,
    size_t *n, const char *what, char *err, size_t errlen)
{
	size_t	i;

	for (i = 0; i < l->n && i < BOOTP_SERVER_ADDRS_MAX; i++)
		if (net_addr_parse(l->v[i], &out[i]) == -1) {
			snprintf(err, errlen, "bootp.%s: bad address %s", what,
			    l->v[i]);
			return -1;
		}
	*n = i;
	return 0;
}

static int
config_hex(const char *s, struct bootp_extra_opt *o)
{
	unsigned	v;

	for (o->len = 0; *s != '\0'; o->len++) {
		if (*s == ':' || *s == ' ')
			s++;
		if (o->len >= BOOTP_OPTLEN_MAX ||
		    !isxdigit((unsigned char)s[0]) ||
		    !isxdigit((unsigned char)s[1]) || sscanf(s, "%2x", &v) != 1)
			return -1;
		o->data[o->len] = (uint8_t)v;
		s += 2;
	}
	return 0;
}

static int
config_ip_list(const char *s, struct bootp_extra_opt *o)
{
	char	 buf[3 * BTD_OPT_VALUE_MAX + 1], *p, *save = NULL;
	struct in_addr a;

	strlcpy(buf, s, sizeof(buf));
	o->len = 0;
	for (p = strtok_r(buf, ", ", &save); p != NULL;
	    p = strtok_r(NULL, ", ", &save)) {
		if (o->len + 4 > BOOTP_OPTLEN_MAX ||
		    net_addr_parse(p, &a) == -1)
			return -1;
		memcpy(o->data + o->len, &a, 4);
		o->len += 4;
	}
	return o->len > 0 ? 0 : -1;
}

static int
config_number(const char *s, int bytes, struct bootp_extra_opt *o)
{
	const char	*e = NULL;
	long long	 v, max = bytes == 4 ? 0xffffffffLL :
			    (bytes == 2 ? 0xffff : 0xff);
	int		 i;

	v = strtonum(s, 0, max, &e);
	if (e != NULL)
		return -1;
	for (i = 0; i < bytes; i++)
		o->data[i] = (uint8_t)(v >> (8 * (bytes - 1 - i)));
	o->len = (uint8_t)bytes;
	return 0;
}

/* Encodes one configured option by its type. */
static int
config_opt(const struct btd_opt *in, struct bootp_extra_opt *o)
{
	size_t	n;

	o->code = (uint8_t)in->code;
	switch (in->type) {
	case BTD_OPT_STRING:
		if ((n = strlen(in->value)) > BOOTP_OPTLEN_MAX)
			return -1;
		memcpy(o->data, in->value, n);
		o->len = (uint8_t)n;
		return 0;
	case BTD_OPT_IP:
		o->len = 4;
		return net_addr_parse(in->value, (struct in_addr *)o->data);
	case BTD_OPT_IPS:
		return config_ip_list(in->value, o);
	case BTD_OPT_U8:
		return config_number(in->value, 1, o);
	case BTD_OPT_U16:
		return config_number(in->value, 2, o);
	case BTD_OPT_U32:
		return config_number(in->value, 4, o);
	case BTD_OPT_HEX:
		return config_hex(in->value, o);
	}
	return -1;
}

static void
config_bootp_lists(const struct btd_bootp *b, struct bootp_server_conf *bc)
{
	const struct btd_host	*h = b->hosts.v;
	const struct btd_board	*bd = b->boards.v;
	const struct btd_pool	*p = b->pools.v;
	size_t			 i;

	bc->hosts = xcalloc(b->hosts.n + 1, sizeof(*bc->hosts));
	for (i = 0; i < b->hosts.n; i++) {
		memcpy(bc->hosts[i].mac, h[i].mac, 6);
		bc->hosts[i].ip = h[i].ip;
		strlcpy(bc->hosts[i].file, h[i].file != NULL ? h[i].file : "",
		    sizeof(bc->hosts[i].file));
		strlcpy(bc->hosts[i].hostname, h[i].hostname != NULL ?
		    h[i].hostname : "", sizeof(bc->hosts[i].hostname));
	}
	bc->nhosts = b->hosts.n;
	bc->boards = xcalloc(b->boards.n + 1, sizeof(*bc->boards));
	for (i = 0; i < b->boards.n; i++) {
		strlcpy(bc->boards[i].name, bd[i].board,
		    sizeof(bc->boards[i].name));
		strlcpy(bc->boards[i].file, bd[i].file,
		    sizeof(bc->boards[i].file));
	}
	bc->nboards = b->boards.n;
	bc->pools = xcalloc(b->pools.n + 1, sizeof(*bc->pools));
	for (i = 0; i < b->pools.n; i++) {
		bc->pools[i].start = p[i].start;
		bc->pools[i].end = p[i].end;
		bc->pools[i].mask = p[i].netmask;
		bc->pools[i].router = p[i].router;
	}
	bc->npools = b->pools.n;
}

static int
config_bootp_check(const struct btd_bootp *b, char *err, size_t errlen)
{
	const struct btd_host	*h = b->hosts.v;
	const struct btd_pool	*p = b->pools.v;
	size_t			 i;

	for (i = 0; i < b->hosts.n; i++)
		if (h[i].ip.s_addr == 0) {
			snprintf(err, errlen, "bootp.hosts[%zu]: mac and ip "
			    "are required", i);
			return -1;
		}
	for (i = 0; i < b->pools.n; i++)
		if (p[i].start.s_addr == 0 ||
		    ntohl(p[i].end.s_addr) < ntohl(p[i].start.s_addr)) {
			snprintf(err, errlen, "bootp.pools[%zu]: start and end "
			    "are required, start <= end", i);
			return -1;
		}
	return 0;
}

int
config_bootp(const struct btd_conf *conf, struct bootp_server_conf *bc,
    char *err, size_t errlen)
{
	const struct btd_bootp	*b = &conf->bootp;
	const struct btd_opt	*o = b->options.v;
	size_t			 i;

	bootp_server_conf_init(bc);
	if (config_bootp_check(b, err, errlen) == -1)
		return -1;
	strlcpy(bc->ifname, b->interface, sizeof(bc->ifname));
	strlcpy(bc->addr, b->listen, sizeof(bc->addr));
	bc->port = b->port;
	bc->client_port = b->client_port;
	bc->server_ip = b->server_ip;
	strlcpy(bc->sname, b->server_name, sizeof(bc->sname));
	bc->netmask = b->netmask;
	strlcpy(bc->domain, b->domain, sizeof(bc->domain));
	strlcpy(bc->default_file, b->default_file, sizeof(bc->default_file));
	bc->lease_s = (int)(b->lease_ms / 1000);
	bc->dhcp = b->dhcp;
	bc->force_broadcast = b->force_broadcast;
	bc->always_rfc1048 = b->always_rfc1048;
	if (b->bootsize)
		strlcpy(bc->bootsize_root, conf->tftp.root,
		    sizeof(bc->bootsize_root));
	bc->vend_max = (size_t)b->vend_max;
	if (config_ips(&b->routers, bc->routers, &bc->nrouters, "routers",
	    err, errlen) == -1 || config_ips(&b->dns, bc->dns, &bc->ndns,
	    "dns", err, errlen) == -1)
		return -1;
	bc->opts = xcalloc(b->options.n + 1, sizeof(*bc->opts));
	bc->nopts = b->options.n;
	for (i = 0; i < b->options.n; i++)
		if (config_opt(&o[i], &bc->opts[i]) == -1) {
			snprintf(err, errlen, "bootp.options: option %d: bad "
			    "value for its type", o[i].code);
			config_bootp_clear(bc);
			return -1;
		}
	config_bootp_lists(b, bc);
	return 0;
}

void
config_bootp_clear(struct bootp_server_conf *bc)
{
	free(bc->hosts);
	free(bc->boards);
	free(bc->pools);
	free(bc->opts);
	bc->hosts = NULL;
	bc->boards = NULL;
	bc->pools = NULL;
	bc->opts = NULL;
}

int
config_tftp(const struct btd_conf *conf, struct tftp_server_conf *tc,
    char *err, size_t errlen)
{
	const struct btd_tftp	*t = &conf->tftp;
	const char		*e = NULL;
	int			 code;

	tftp_server_conf_init(tc);
	strlcpy(tc->root, t->root, sizeof(tc->root));
	strlcpy(tc->addr, t->listen, sizeof(tc->addr));
	strlcpy(tc->ifname, t->interface, sizeof(tc->ifname));
	tc->port = t->port;
	if (*t->upload_dir != '\0' && (tftp_name_normalise(t->upload_dir,
	    false, false, tc->upload_dir, sizeof(tc->upload_dir), &code,
	    &e) == -1 || tc->upload_dir[0] == '\0')) {
		snprintf(err, errlen, "tftp.upload_dir: must be a directory "
		    "below the root");
		return -1;
	}
	if ((t->port_min == 0) != (t->port_max == 0) ||
	    t->port_max < t->port_min) {
		snprintf(err, errlen, "tftp.port_min/port_max: both or "
		    "neither, min <= max");
		return -1;
	}
	tc->overwrite = t->overwrite;
	tc->upload_max = (long long)t->upload_max;
	tc->blksize_max = t->blksize_max;
	tc->window_max = t->windowsize_max;
	tc->timeout_ms = (int)t->timeout_ms;
	tc->giveup_s = (int)((t->giveup_ms + 999) / 1000);
	tc->wrap_to = t->rollover;
	tc->max_transfers = t->max_transfers;
	tc->max_per_client = t->max_per_client;
	tc->workers = t->workers;
	tc->busy_poll_us = t->busy_poll_us;
	if (tc->workers == 0 && (tc->workers =
	    (int)sysconf(_SC_NPROCESSORS_ONLN)) < 1)
		tc->workers = 1;
	tc->port_min = t->port_min;
	tc->port_max = t->port_max;
	tc->backslash = t->backslash;
	tc->fold_case = t->fold_case;
	strlcpy(tc->status_file, t->status_file, sizeof(tc->status_file));
	tc->progress_s = (int)(t->progress_ms / 1000);
	return 0;
}
