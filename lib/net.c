/*
 * net.c: IPv4 UDP socket helpers (see net.h).  IP_PKTINFO is Linux's
 * interface: on receive it names the arrival interface and the header's
 * destination address; on send its ipi_ifindex pins the output device,
 * so a limited broadcast leaves by that device and not by the default
 * route (BOOTP-TFTP.md section 3).  It does not do IPv6.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <net/if.h>

#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/net.h"

static int
net_setopts(int s, const char *ifname, int flags, const char **errstr)
{
	int	on = 1;

	if ((flags & NET_PKTINFO) &&
	    setsockopt(s, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)) == -1) {
		*errstr = "IP_PKTINFO";
		return -1;
	}
	if ((flags & NET_BROADCAST) &&
	    setsockopt(s, SOL_SOCKET, SO_BROADCAST, &on, sizeof(on)) == -1) {
		*errstr = "SO_BROADCAST";
		return -1;
	}
	if ((flags & NET_REUSEADDR) &&
	    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1) {
		*errstr = "SO_REUSEADDR";
		return -1;
	}
	if (ifname != NULL && *ifname != '\0' &&
	    setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, ifname,
	    (socklen_t)strlen(ifname) + 1) == -1) {
		*errstr = "SO_BINDTODEVICE";
		return -1;
	}
	return 0;
}

int
net_udp_bind(const struct sockaddr_in *sin, const char *ifname, int flags,
    const char **errstr)
{
	int	s, saved;

	s = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s == -1) {
		*errstr = "socket";
		return -1;
	}
	if (net_setopts(s, ifname, flags, errstr) == -1)
		goto fail;
	if (bind(s, (const struct sockaddr *)sin, sizeof(*sin)) == -1) {
		*errstr = "bind";
		goto fail;
	}
	return s;
fail:
	saved = errno;
	close(s);
	errno = saved;
	return -1;
}

int
net_local_port(int fd)
{
	struct sockaddr_in	sin;
	socklen_t		len = sizeof(sin);

	if (getsockname(fd, (struct sockaddr *)&sin, &len) == -1)
		return -1;
	return ntohs(sin.sin_port);
}

ssize_t
net_recv(int fd, void *buf, size_t len, struct sockaddr_in *from,
    struct in_addr *dst, int *ifindex)
{
	union {
		struct cmsghdr	hdr;
		char		buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
	} cm;
	struct iovec	 iov = { buf, len };
	struct msghdr	 mh;
	struct cmsghdr	*c;
	struct in_pktinfo pi;
	ssize_t		 n;

	memset(&mh, 0, sizeof(mh));
	mh.msg_name = from;
	mh.msg_namelen = sizeof(*from);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cm.buf;
	mh.msg_controllen = sizeof(cm.buf);
	dst->s_addr = 0;
	*ifindex = 0;
	if ((n = recvmsg(fd, &mh, 0)) == -1)
		return -1;
	for (c = CMSG_FIRSTHDR(&mh); c != NULL; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != IPPROTO_IP || c->cmsg_type != IP_PKTINFO)
			continue;
		memcpy(&pi, CMSG_DATA(c), sizeof(pi));
		*dst = pi.ipi_addr;
		*ifindex = pi.ipi_ifindex;
	}
	return n;
}

ssize_t
net_send(int fd, const void *buf, size_t len, const struct sockaddr_in *to,
    struct in_addr src, int ifindex)
{
	union {
		struct cmsghdr	hdr;
		char		buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
	} cm;
	struct iovec	 iov = { (void *)(uintptr_t)buf, len };
	struct msghdr	 mh;
	struct cmsghdr	*c;
	struct in_pktinfo pi;

	memset(&mh, 0, sizeof(mh));
	mh.msg_name = (void *)(uintptr_t)to;
	mh.msg_namelen = sizeof(*to);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (src.s_addr != 0 || ifindex != 0) {
		memset(&cm, 0, sizeof(cm));
		memset(&pi, 0, sizeof(pi));
		pi.ipi_ifindex = ifindex;
		pi.ipi_spec_dst = src;
		mh.msg_control = cm.buf;
		mh.msg_controllen = sizeof(cm.buf);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = IPPROTO_IP;
		c->cmsg_type = IP_PKTINFO;
		c->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	}
	return sendmsg(fd, &mh, 0);
}

const char *
net_addr_str(const struct sockaddr_in *sin, char *out, size_t outsz)
{
	char	a[INET_ADDRSTRLEN];

	if (inet_ntop(AF_INET, &sin->sin_addr, a, sizeof(a)) == NULL)
		strlcpy(a, "?", sizeof(a));
	snprintf(out, outsz, "%s:%u", a, ntohs(sin->sin_port));
	return out;
}

int
net_addr_parse(const char *s, struct in_addr *out)
{
	return inet_pton(AF_INET, s, out) == 1 ? 0 : -1;
}

int
net_hostport_parse(const char *s, int minport, struct sockaddr_in *out)
{
	char		 host[INET_ADDRSTRLEN];
	const char	*colon = strrchr(s, ':'), *err;
	long long	 port;

	if (colon == NULL || (size_t)(colon - s) >= sizeof(host))
		return -1;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	port = strtonum(colon + 1, minport, 65535, &err);
	memset(out, 0, sizeof(*out));
	out->sin_family = AF_INET;
	out->sin_port = htons((uint16_t)port);
	return err == NULL && net_addr_parse(host, &out->sin_addr) == 0 ? 0 :
	    -1;
}

static void
net_if_fill(const struct ifaddrs *ifa, struct net_ifinfo *ifi)
{
	const struct sockaddr_in	*sin;

	sin = (const struct sockaddr_in *)(const void *)ifa->ifa_addr;
	ifi->addr = sin->sin_addr;
	if (ifa->ifa_netmask != NULL)
		ifi->mask = ((const struct sockaddr_in *)(const void *)
		    ifa->ifa_netmask)->sin_addr;
	if ((ifa->ifa_flags & IFF_BROADCAST) && ifa->ifa_broadaddr != NULL)
		ifi->bcast = ((const struct sockaddr_in *)(const void *)
		    ifa->ifa_broadaddr)->sin_addr;
}

static int
net_if_lookup(const char *name, struct net_ifinfo *ifi)
{
	struct ifaddrs	*ifap, *ifa;
	struct ifreq	 ifr;
	int		 s, found = 0;

	if (getifaddrs(&ifap) == -1)
		return -1;
	for (ifa = ifap; ifa != NULL; ifa = ifa->ifa_next) {
		if (strcmp(ifa->ifa_name, name) != 0)
			continue;
		found = 1;
		ifi->flags = ifa->ifa_flags;
		if (ifa->ifa_addr != NULL && ifa->ifa_addr->sa_family ==
		    AF_INET && ifi->addr.s_addr == 0)
			net_if_fill(ifa, ifi);
	}
	freeifaddrs(ifap);
	if (!found)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, name, sizeof(ifr.ifr_name));
	if ((s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) != -1) {
		if (ioctl(s, SIOCGIFMTU, &ifr) == 0)
			ifi->mtu = ifr.ifr_mtu;
		close(s);
	}
	return 0;
}

int
net_if_byname(const char *name, struct net_ifinfo *ifi)
{
	memset(ifi, 0, sizeof(*ifi));
	if (strlcpy(ifi->name, name, sizeof(ifi->name)) >= sizeof(ifi->name))
		return -1;
	if ((ifi->index = (int)if_nametoindex(name)) == 0)
		return -1;
	return net_if_lookup(name, ifi);
}

int
net_if_byindex(int index, struct net_ifinfo *ifi)
{
	char	name[IF_NAMESIZE];

	if (index <= 0 || if_indextoname((unsigned int)index, name) == NULL)
		return -1;
	return net_if_byname(name, ifi);
}

bool
net_in_subnet(struct in_addr addr, struct in_addr net, struct in_addr mask)
{
	return (addr.s_addr & mask.s_addr) == (net.s_addr & mask.s_addr);
}

bool
net_is_broadcast(struct in_addr addr)
{
	struct ifaddrs	*ifap, *ifa;
	bool		 hit = false;

	if (addr.s_addr == INADDR_BROADCAST)
		return true;
	if (getifaddrs(&ifap) == -1)
		return false;
	for (ifa = ifap; ifa != NULL && !hit; ifa = ifa->ifa_next) {
		if (ifa->ifa_addr == NULL ||
		    ifa->ifa_addr->sa_family != AF_INET ||
		    !(ifa->ifa_flags & IFF_BROADCAST) ||
		    ifa->ifa_broadaddr == NULL)
			continue;
		hit = ((const struct sockaddr_in *)(const void *)
		    ifa->ifa_broadaddr)->sin_addr.s_addr == addr.s_addr;
	}
	freeifaddrs(ifap);
	return hit;
}

bool
net_ratelimit_ok(struct net_ratelimit *rl, unsigned *suppressed)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (rl->last != 0 && ts.tv_sec - rl->last < NET_RATELIMIT_S) {
		rl->suppressed++;
		return false;
	}
	rl->last = ts.tv_sec;
	*suppressed = rl->suppressed;
	rl->suppressed = 0;
	return true;
}
