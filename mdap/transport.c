/*
 * transport.c: the controller's UDP sockets.  In multicast mode requests
 * leave through the interface the user named (IP_MULTICAST_IF, TTL 1) and
 * a second socket listens on the group joined on that interface only; the
 * controller never picks an interface itself (MDAP.md section 8: the
 * credentials travel in clear).  In unicast mode one socket talks to one
 * ip:port.  It does not interpret frames.
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
#include <unistd.h>

#include "lib/log.h"
#include "lib/net.h"
#include "mdap/mdap.h"

static void
transport_read(evutil_socket_t fd, short what, void *arg)
{
	struct mdap_ctl		*ctl = arg;
	struct sockaddr_in	 from;
	socklen_t		 fromlen;
	char			 buf[MDAP_FRAME_MAX + 1], src[INET_ADDRSTRLEN];
	ssize_t			 n;
	int			 i;

	/* Drain what is there: a search can bring a thousand replies. */
	for (i = 0; i < 256; i++) {
		fromlen = sizeof(from);
		n = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT,
		    (struct sockaddr *)&from, &fromlen);
		if (n == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR)
				log_warn("mdap: recvfrom");
			return;
		}
		inet_ntop(AF_INET, &from.sin_addr, src, sizeof(src));
		client_datagram(ctl, buf, (size_t)n, src);
	}
}

static int
transport_socket(struct in_addr bind_addr, int port, bool reuse)
{
	struct sockaddr_in	sin;
	int			fd, one = 1;

	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1)
		return -1;
	if (reuse) {
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr = bind_addr;
	sin.sin_port = htons((uint16_t)port);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
transport_open_multicast(struct mdap_ctl *ctl, const char **errstr)
{
	struct net_ifinfo ifi;
	struct in_addr	ifaddr, any = { .s_addr = htonl(INADDR_ANY) };
	struct ip_mreq	mreq;
	unsigned char	ttl = 1, loop = 1;
	int		zero = 0;

	if (ctl->conf.interface == NULL || *ctl->conf.interface == '\0') {
		*errstr = "no interface named: use -i IFACE (or unicast: -u "
		    "ip:port); multicast never leaves through a default";
		return -1;
	}
	if (net_if_byname(ctl->conf.interface, &ifi) == -1 ||
	    (ifaddr = ifi.addr).s_addr == 0) {
		*errstr = "interface has no IPv4 address";
		return -1;
	}
	memset(&ctl->dest, 0, sizeof(ctl->dest));
	ctl->dest.sin_family = AF_INET;
	ctl->dest.sin_port = htons((uint16_t)ctl->conf.port);
	if (inet_pton(AF_INET, ctl->conf.group, &ctl->dest.sin_addr) != 1 ||
	    !IN_MULTICAST(ntohl(ctl->dest.sin_addr.s_addr))) {
		*errstr = "group is not an IPv4 multicast address";
		return -1;
	}
	if ((ctl->fd = transport_socket(ifaddr, 0, false)) == -1 ||
	    setsockopt(ctl->fd, IPPROTO_IP, IP_MULTICAST_IF, &ifaddr,
	    sizeof(ifaddr)) == -1 ||
	    setsockopt(ctl->fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl,
	    sizeof(ttl)) == -1 ||
	    setsockopt(ctl->fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop,
	    sizeof(loop)) == -1) {
		*errstr = "cannot open the request socket on the interface";
		return -1;
	}
	if ((ctl->mcast_fd = transport_socket(any, ctl->conf.port, true)) == -1) {
		*errstr = "cannot bind the group port";
		return -1;
	}
	mreq.imr_multiaddr = ctl->dest.sin_addr;
	mreq.imr_interface = ifaddr;
	setsockopt(ctl->mcast_fd, IPPROTO_IP, IP_MULTICAST_ALL, &zero,
	    sizeof(zero));
	if (setsockopt(ctl->mcast_fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq,
	    sizeof(mreq)) == -1) {
		*errstr = "cannot join the group on the interface";
		return -1;
	}
	return 0;
}

static int
transport_open_unicast(struct mdap_ctl *ctl, const char **errstr)
{
	struct in_addr	any = { .s_addr = htonl(INADDR_ANY) };

	if (net_hostport_parse(ctl->conf.unicast, 1, &ctl->dest) == -1) {
		*errstr = "unicast target is not ip:port";
		return -1;
	}
	if ((ctl->fd = transport_socket(any, 0, false)) == -1) {
		*errstr = "cannot open the request socket";
		return -1;
	}
	return 0;
}

int
transport_open(struct mdap_ctl *ctl, const char **errstr)
{
	struct sockaddr_in	sin;
	socklen_t		len = sizeof(sin);
	int			rcvbuf = 4 * 1024 * 1024;

	ctl->fd = ctl->mcast_fd = -1;
	if ((ctl->conf.unicast != NULL && *ctl->conf.unicast != '\0' ? transport_open_unicast(ctl,
	    errstr) : transport_open_multicast(ctl, errstr)) == -1) {
		transport_close(ctl);
		return -1;
	}
	setsockopt(ctl->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (getsockname(ctl->fd, (struct sockaddr *)&sin, &len) == 0)
		ctl->local_port = ntohs(sin.sin_port);
	ctl->ev_fd = event_new(ctl->base, ctl->fd, EV_READ | EV_PERSIST,
	    transport_read, ctl);
	event_add(ctl->ev_fd, NULL);
	if (ctl->mcast_fd != -1) {
		setsockopt(ctl->mcast_fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
		    sizeof(rcvbuf));
		ctl->ev_mcast = event_new(ctl->base, ctl->mcast_fd,
		    EV_READ | EV_PERSIST, transport_read, ctl);
		event_add(ctl->ev_mcast, NULL);
	}
	return 0;
}

void
transport_close(struct mdap_ctl *ctl)
{
	if (ctl->ev_fd != NULL)
		event_free(ctl->ev_fd);
	if (ctl->ev_mcast != NULL)
		event_free(ctl->ev_mcast);
	ctl->ev_fd = ctl->ev_mcast = NULL;
	if (ctl->fd != -1)
		close(ctl->fd);
	if (ctl->mcast_fd != -1)
		close(ctl->mcast_fd);
	ctl->fd = ctl->mcast_fd = -1;
}

int
transport_send(struct mdap_ctl *ctl, const struct mdap_msg *msg)
{
	char		 frame[MDAP_FRAME_MAX];
	const char	*err;
	int		 n;

	if ((n = mdap_msg_encode(msg, frame, sizeof(frame), &err)) < 0) {
		log_warnx("mdap: cannot encode %s: %s", msg->verb, err);
		return -1;
	}
	if (sendto(ctl->fd, frame, (size_t)n, 0, (struct sockaddr *)&ctl->dest,
	    sizeof(ctl->dest)) == -1) {
		log_warn("mdap: sendto");
		return -1;
	}
	return 0;
}
