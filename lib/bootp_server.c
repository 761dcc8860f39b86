/*
 * bootp_server.c: the BOOTP socket and reply delivery (RFC 1542 section
 * 5.4, BOOTP-TFTP.md section 3): to ciaddr when it is on the arrival
 * subnet; to the relay at giaddr on the server port; broadcast when the
 * flag (or force_broadcast) says so; else unicast to yiaddr and chaddr.
 * Every reply is pinned to the arrival interface with IP_PKTINFO, never
 * routed by the default route; a broadcast on an interface without
 * IFF_BROADCAST is dropped.  Unicast to a client that cannot answer ARP
 * goes out as a frame to chaddr on a packet socket opened at start;
 * without one it falls back to broadcast.  What the reply says is
 * decided in bootp_server_answer.c.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "lib/bootp_server_int.h"
#include "lib/log.h"
#include "lib/xmalloc.h"

#define BOOTP_FRAME_MAX	(BOOTP_MSG_MAX + 28)	/* IP + UDP headers */

static void	bootp_server_read_cb(evutil_socket_t, short, void *);

void
bootp_server_conf_init(struct bootp_server_conf *conf)
{
	memset(conf, 0, sizeof(*conf));
	strlcpy(conf->addr, "0.0.0.0", sizeof(conf->addr));
	conf->port = BOOTP_SERVER_PORT;
	conf->client_port = BOOTP_CLIENT_PORT;
	conf->vend_max = BOOTP_VEND_LEN;
	conf->lease_s = BOOTP_SERVER_LEASE_S;
}

/* The packet socket for frames to chaddr; needs CAP_NET_RAW now only. */
static void
bootp_server_open_raw(struct bootp_server *srv)
{
	struct net_ifinfo	ifi;

	srv->rawsock = -1;
	if (srv->ifindex == 0 || net_if_byindex(srv->ifindex, &ifi) == -1 ||
	    (ifi.flags & (IFF_NOARP | IFF_LOOPBACK)))
		return;
	srv->rawsock = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, htons(ETH_P_IP));
	if (srv->rawsock == -1)
		log_warn("bootp: no packet socket on %s: unicast replies "
		    "to clients without an address become broadcasts",
		    srv->conf.ifname);
	else
		shutdown(srv->rawsock, SHUT_RD);
}

struct bootp_server *
bootp_server_new(struct event_base *base, const struct bootp_server_conf *conf,
    const char **errstr)
{
	struct bootp_server	*srv;
	struct sockaddr_in	 sin;

	srv = xcalloc(1, sizeof(*srv));
	srv->base = base;
	srv->sock = srv->rawsock = srv->bootfd = -1;
	bootp_conf_copy(&srv->conf, conf);
	if (conf->bootsize_root[0] != '\0' && (srv->bootfd =
	    open(conf->bootsize_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1) {
		*errstr = "cannot open the boot file root";
		goto fail;
	}
	bootp_pools_set(srv);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)conf->port);
	if (net_addr_parse(conf->addr, &sin.sin_addr) == -1) {
		*errstr = "bad listen address";
		goto fail;
	}
	if (conf->ifname[0] != '\0' &&
	    (srv->ifindex = (int)if_nametoindex(conf->ifname)) == 0) {
		*errstr = "no such interface";
		goto fail;
	}
	srv->sock = net_udp_bind(&sin, conf->ifname,
	    NET_PKTINFO | NET_BROADCAST | NET_REUSEADDR, errstr);
	if (srv->sock == -1)
		goto fail;
	srv->port = net_local_port(srv->sock);
	bootp_server_open_raw(srv);
	srv->ev = event_new(base, srv->sock, EV_READ | EV_PERSIST,
	    bootp_server_read_cb, srv);
	event_add(srv->ev, NULL);
	log_info("bootp: listening on %s:%d%s%s", conf->addr, srv->port,
	    conf->ifname[0] != '\0' ? " interface " : "", conf->ifname);
	return srv;
fail:
	bootp_server_free(srv);
	return NULL;
}

void
bootp_server_free(struct bootp_server *srv)
{
	if (srv == NULL)
		return;
	if (srv->ev != NULL)
		event_free(srv->ev);
	if (srv->sock != -1)
		close(srv->sock);
	if (srv->rawsock != -1)
		close(srv->rawsock);
	if (srv->bootfd != -1)
		close(srv->bootfd);
	bootp_pools_free(srv->pools, srv->npools);
	bootp_conf_clear(&srv->conf);
	free(srv);
}

int
bootp_server_port(const struct bootp_server *srv)
{
	return srv->port;
}

void
bootp_server_reconf(struct bootp_server *srv,
    const struct bootp_server_conf *conf)
{
	struct bootp_server_conf	old = srv->conf;

	bootp_conf_copy(&srv->conf, conf);
	memcpy(srv->conf.ifname, old.ifname, sizeof(old.ifname));
	memcpy(srv->conf.addr, old.addr, sizeof(old.addr));
	srv->conf.port = old.port;
	bootp_conf_clear(&old);
	bootp_pools_set(srv);
	srv->warned_budget = false;
}

void
bootp_server_set_reply_cb(struct bootp_server *srv, bootp_server_reply_cb cb,
    void *arg)
{
	srv->cb = cb;
	srv->cbarg = arg;
}

static uint16_t
bootp_cksum(const void *data, size_t len, uint32_t sum)
{
	const uint8_t	*p = data;
	size_t		 i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Builds IP + UDP around the reply; returns the frame length. */
static size_t
bootp_frame(struct bootp_server *srv, const struct net_ifinfo *ifi,
    struct in_addr dst, const uint8_t *msg, size_t len, uint8_t *out)
{
	struct iphdr	*ip = (struct iphdr *)(void *)out;
	struct udphdr	*udp = (struct udphdr *)(void *)(out + sizeof(*ip));
	uint32_t	 pseudo;

	memset(out, 0, sizeof(*ip) + sizeof(*udp));
	memcpy(out + sizeof(*ip) + sizeof(*udp), msg, len);
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->saddr = ifi->addr.s_addr;
	ip->daddr = dst.s_addr;
	ip->tot_len = htons((uint16_t)(sizeof(*ip) + sizeof(*udp) + len));
	ip->check = htons(bootp_cksum(ip, sizeof(*ip), 0));
	udp->source = htons((uint16_t)srv->port);
	udp->dest = htons((uint16_t)srv->conf.client_port);
	udp->len = htons((uint16_t)(sizeof(*udp) + len));
	pseudo = (ntohl(ip->saddr) >> 16) + (ntohl(ip->saddr) & 0xffff) +
	    (ntohl(ip->daddr) >> 16) + (ntohl(ip->daddr) & 0xffff) +
	    IPPROTO_UDP + (uint32_t)(sizeof(*udp) + len);
	udp->check = htons(bootp_cksum(udp, sizeof(*udp) + len, pseudo));
	if (udp->check == 0)
		udp->check = 0xffff;
	return sizeof(*ip) + sizeof(*udp) + len;
}

static int
bootp_send_frame(struct bootp_server *srv, const struct net_ifinfo *ifi,
    const struct bootp_msg *rep, const uint8_t *msg, size_t len)
{
	struct sockaddr_ll	sll;
	struct in_addr		dst;
	uint8_t			frame[BOOTP_FRAME_MAX];
	size_t			n;

	dst.s_addr = rep->yiaddr;
	n = bootp_frame(srv, ifi, dst, msg, len, frame);
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_IP);
	sll.sll_ifindex = ifi->index;
	sll.sll_halen = 6;
	memcpy(sll.sll_addr, rep->chaddr, 6);
	return sendto(srv->rawsock, frame, n, 0, (struct sockaddr *)&sll,
	    sizeof(sll)) == -1 ? -1 : 0;
}

/* Picks the destination (RFC 1542 section 5.4); returns a description. */
static const char *
bootp_deliver(struct bootp_server *srv, const struct net_ifinfo *ifi,
    const struct bootp_msg *req, const struct bootp_msg *rep,
    const uint8_t *msg, size_t len)
{
	struct sockaddr_in	to;
	struct in_addr		ci, none = { 0 };

	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_port = htons((uint16_t)srv->conf.client_port);
	ci.s_addr = req->ciaddr;
	if (ci.s_addr != 0 && req->giaddr == 0 &&
	    net_in_subnet(ci, ifi->addr, ifi->mask)) {
		to.sin_addr = ci;
		return net_send(srv->sock, msg, len, &to, none, ifi->index) ==
		    -1 ? NULL : "ciaddr";
	}
	if (req->giaddr != 0) {
		to.sin_addr.s_addr = req->giaddr;
		to.sin_port = htons((uint16_t)srv->port);
		return net_send(srv->sock, msg, len, &to, none, 0) == -1 ?
		    NULL : "relay";
	}
	if (!(req->flags & BOOTP_FLAG_BROADCAST) &&
	    !srv->conf.force_broadcast) {
		to.sin_addr.s_addr = rep->yiaddr;
		if (ifi->flags & (IFF_NOARP | IFF_LOOPBACK))
			return net_send(srv->sock, msg, len, &to, none,
			    ifi->index) == -1 ? NULL : "unicast";
		if (srv->rawsock != -1 &&
		    bootp_send_frame(srv, ifi, rep, msg, len) == 0)
			return "unicast to chaddr";
	}
	if (!(ifi->flags & IFF_BROADCAST)) {
		log_warnx("bootp: %s cannot broadcast: reply dropped",
		    ifi->name);
		return NULL;
	}
	to.sin_addr.s_addr = INADDR_BROADCAST;
	return net_send(srv->sock, msg, len, &to, ifi->addr, ifi->index) ==
	    -1 ? NULL : "broadcast";
}

static void
bootp_server_reply(struct bootp_server *srv, const struct bootp_msg *req,
    const struct net_ifinfo *ifi)
{
	struct bootp_msg	 rep;
	struct bootp_choice	 ch;
	struct bootp_reply_info	 info;
	uint8_t			 out[BOOTP_MSG_MAX];
	char			 macs[3 * BOOTP_CHADDR_LEN];
	char			 ya[INET_ADDRSTRLEN];
	const char		*via;
	int			 n;

	if (bootp_answer(srv, req, ifi, &rep, &ch) == -1)
		return;
	bootp_mac_str(req->chaddr, req->hlen, macs, sizeof(macs));
	inet_ntop(AF_INET, &rep.yiaddr, ya, sizeof(ya));
	if ((n = bootp_msg_encode(&rep, out, sizeof(out))) == -1) {
		log_warnx("bootp: %s: reply does not encode", macs);
		return;
	}
	if ((via = bootp_deliver(srv, ifi, req, &rep, out, (size_t)n)) ==
	    NULL) {
		log_warn("bootp: %s: reply not sent", macs);
		return;
	}
	log_info("bootp: %s board \"%s\": %s, file \"%s\" (%s), %s on %s",
	    macs, req->file, ya, rep.file, ch.source, via, ifi->name);
	if (srv->cb == NULL || req->hlen != 6)
		return;
	memcpy(info.mac, req->chaddr, 6);
	info.board = req->file;
	info.yiaddr.s_addr = rep.yiaddr;
	info.file = rep.file;
	info.via = via;
	srv->cb(&info, srv->cbarg);
}

/* Whether to answer at all; logs the reason for ignoring at debug. */
static bool
bootp_server_wanted(struct bootp_server *srv, const struct bootp_msg *m,
    int ifindex)
{
	if (srv->ifindex != 0 && ifindex != srv->ifindex)
		return false;	/* only the configured interface is served */
	if (m->op != BOOTREQUEST)
		return false;	/* replies of other servers: silently */
	if (bootp_msg_is_dhcp(m) && !srv->conf.dhcp) {
		log_debug("%s: DHCP request ignored", __func__);
		return false;
	}
	if (m->sname[0] != '\0' && strcmp(m->sname, srv->conf.sname) != 0) {
		log_debug("%s: request for server %s ignored", __func__,
		    m->sname);
		return false;
	}
	return true;
}

static void
bootp_server_read_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct bootp_server	*srv = arg;
	struct bootp_msg	 m;
	struct net_ifinfo	 ifi;
	struct sockaddr_in	 from;
	struct in_addr		 dst;
	uint8_t			 buf[BOOTP_MSG_MAX];
	char			 fs[NET_ADDRSTR_MAX];
	const char		*errstr = NULL;
	ssize_t			 n;
	unsigned		 nbad;
	int			 ifindex;

	(void)ev;
	if ((n = net_recv(fd, buf, sizeof(buf), &from, &dst, &ifindex)) == -1)
		return;
	if (bootp_msg_decode(buf, (size_t)n, &m, &errstr) == -1) {
		if (net_ratelimit_ok(&srv->badlog, &nbad))
			log_info("%s: bad BOOTP request: %s (%u more not "
			    "logged)", net_addr_str(&from, fs, sizeof(fs)),
			    errstr, nbad);
		return;
	}
	if (!bootp_server_wanted(srv, &m, ifindex))
		return;
	if (net_if_byindex(ifindex, &ifi) == -1) {
		log_warnx("bootp: request on unknown interface %d", ifindex);
		return;
	}
	bootp_server_reply(srv, &m, &ifi);
}
