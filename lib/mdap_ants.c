/*
 * mdap_ants.c: the shared socket of a set of simulated ants.  It reads
 * datagrams with IP_PKTINFO to tell multicast requests from unicast ones,
 * decodes them once and hands them to the addressed ants.  Malformed
 * frames are counted and dropped silently, as an ant would.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/mdap_ants.h"
#include "lib/net.h"
#include "lib/xmalloc.h"

struct mdap_ants {
	int			 fd;
	int			 port;
	struct in_addr		 group;
	struct event		*ev;
	struct mdap_ant		**ants;
	size_t			 nants;
	size_t			 cap;
	unsigned long		 dropped;
	struct mdap_msg		 req;		/* scratch, one at a time */
};

static void
mdap_ants_reply(struct mdap_ants *ants, const char *frame, int n,
    const struct sockaddr_in *from, bool multicast)
{
	struct sockaddr_in	to = *from;

	if (multicast) {
		to.sin_addr = ants->group;
		to.sin_port = htons((uint16_t)ants->port);
	}
	if (sendto(ants->fd, frame, (size_t)n, 0, (struct sockaddr *)&to,
	    sizeof(to)) == -1 && errno != EAGAIN)
		log_warn("mdap ants: sendto");
}

static void
mdap_ants_dispatch(struct mdap_ants *ants, const char *data, size_t len,
    const struct sockaddr_in *from, bool multicast)
{
	char		 requester[64], ip[INET_ADDRSTRLEN], out[MDAP_FRAME_MAX];
	const char	*err;
	time_t		 now = time(NULL);
	size_t		 i;
	int		 n;

	if (mdap_msg_decode(data, len, &ants->req, &err) == -1 ||
	    ants->req.reply) {
		if (!ants->req.reply)
			ants->dropped++;
		return;
	}
	inet_ntop(AF_INET, &from->sin_addr, ip, sizeof(ip));
	snprintf(requester, sizeof(requester), "%s:%u", ip,
	    ntohs(from->sin_port));
	for (i = 0; i < ants->nants; i++) {
		if (!mdap_ant_is_addressed(ants->ants[i], &ants->req))
			continue;
		n = mdap_ant_handle(ants->ants[i], &ants->req, requester, now,
		    out, sizeof(out));
		if (n > 0)
			mdap_ants_reply(ants, out, n, from, multicast);
	}
}

static void
mdap_ants_read(evutil_socket_t fd, short what, void *arg)
{
	struct mdap_ants	*ants = arg;
	struct sockaddr_in	 from;
	struct msghdr		 mh;
	struct iovec		 iov;
	struct cmsghdr		*cm;
	char			 data[MDAP_FRAME_MAX + 1];
	char			 cbuf[CMSG_SPACE(sizeof(struct in_pktinfo))];
	ssize_t			 n;
	bool			 multicast;
	int			 i;

	for (i = 0; i < 256; i++) {
		memset(&mh, 0, sizeof(mh));
		iov.iov_base = data;
		iov.iov_len = sizeof(data);
		mh.msg_name = &from;
		mh.msg_namelen = sizeof(from);
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof(cbuf);
		if ((n = recvmsg(fd, &mh, MSG_DONTWAIT)) == -1)
			return;
		multicast = false;
		for (cm = CMSG_FIRSTHDR(&mh); cm != NULL;
		    cm = CMSG_NXTHDR(&mh, cm))
			if (cm->cmsg_level == IPPROTO_IP &&
			    cm->cmsg_type == IP_PKTINFO)
				multicast = IN_MULTICAST(ntohl(((struct
				    in_pktinfo *)CMSG_DATA(cm))->ipi_addr.s_addr));
		mdap_ants_dispatch(ants, data, (size_t)n, &from, multicast);
	}
}

static int
mdap_ants_join(struct mdap_ants *ants, const struct mdap_ants_conf *conf,
    const char **errstr)
{
	struct net_ifinfo ifi;
	struct ip_mreq	mreq;
	struct in_addr	ifaddr;
	unsigned char	ttl = 1, loop = 1;
	int		zero = 0;

	if (net_if_byname(conf->interface, &ifi) == -1 ||
	    (ifaddr = ifi.addr).s_addr == 0) {
		*errstr = "interface has no IPv4 address";
		return -1;
	}
	mreq.imr_multiaddr = ants->group;
	mreq.imr_interface = ifaddr;
	setsockopt(ants->fd, IPPROTO_IP, IP_MULTICAST_ALL, &zero, sizeof(zero));
	if (setsockopt(ants->fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq,
	    sizeof(mreq)) == -1 ||
	    setsockopt(ants->fd, IPPROTO_IP, IP_MULTICAST_IF, &ifaddr,
	    sizeof(ifaddr)) == -1 ||
	    setsockopt(ants->fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl,
	    sizeof(ttl)) == -1 ||
	    setsockopt(ants->fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop,
	    sizeof(loop)) == -1) {
		*errstr = "cannot join the group on the interface";
		return -1;
	}
	return 0;
}

static int
mdap_ants_open(struct mdap_ants *ants, const struct mdap_ants_conf *conf,
    const char **errstr)
{
	struct sockaddr_in	sin;
	socklen_t		len = sizeof(sin);
	int			one = 1, rcvbuf = 4 * 1024 * 1024;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)conf->port);
	if (inet_pton(AF_INET, conf->bind_addr != NULL ? conf->bind_addr :
	    "0.0.0.0", &sin.sin_addr) != 1 ||
	    inet_pton(AF_INET, conf->group != NULL ? conf->group : MDAP_GROUP,
	    &ants->group) != 1) {
		*errstr = "bad bind or group address";
		return -1;
	}
	if ((ants->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1) {
		*errstr = "cannot open a UDP socket";
		return -1;
	}
	setsockopt(ants->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(ants->fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
	setsockopt(ants->fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one));
	setsockopt(ants->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	setsockopt(ants->fd, SOL_SOCKET, SO_SNDBUF, &rcvbuf, sizeof(rcvbuf));
	if (bind(ants->fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		*errstr = "cannot bind the ants' UDP port";
		return -1;
	}
	if (getsockname(ants->fd, (struct sockaddr *)&sin, &len) == 0)
		ants->port = ntohs(sin.sin_port);
	if (conf->interface != NULL && mdap_ants_join(ants, conf, errstr) == -1)
		return -1;
	return 0;
}

struct mdap_ants *
mdap_ants_new(struct event_base *base, const struct mdap_ants_conf *conf,
    const char **errstr)
{
	struct mdap_ants	*ants = xcalloc(1, sizeof(*ants));

	ants->fd = -1;
	if (mdap_ants_open(ants, conf, errstr) == -1) {
		mdap_ants_free(ants);
		return NULL;
	}
	ants->ev = event_new(base, ants->fd, EV_READ | EV_PERSIST,
	    mdap_ants_read, ants);
	event_add(ants->ev, NULL);
	return ants;
}

void
mdap_ants_free(struct mdap_ants *ants)
{
	if (ants == NULL)
		return;
	if (ants->ev != NULL)
		event_free(ants->ev);
	if (ants->fd != -1)
		close(ants->fd);
	free(ants->ants);
	free(ants);
}

int
mdap_ants_port(const struct mdap_ants *ants)
{
	return ants->port;
}

void
mdap_ants_add(struct mdap_ants *ants, struct mdap_ant *ant)
{
	if (ants->nants == ants->cap) {
		ants->cap = ants->cap == 0 ? 16 : ants->cap * 2;
		ants->ants = xreallocarray(ants->ants, ants->cap,
		    sizeof(*ants->ants));
	}
	ants->ants[ants->nants++] = ant;
}

void
mdap_ants_remove(struct mdap_ants *ants, struct mdap_ant *ant)
{
	size_t	i;

	for (i = 0; i < ants->nants; i++)
		if (ants->ants[i] == ant) {
			ants->ants[i] = ants->ants[--ants->nants];
			return;
		}
}

unsigned long
mdap_ants_dropped(const struct mdap_ants *ants)
{
	return ants->dropped;
}
