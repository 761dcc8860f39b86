/*
 * net.h: small IPv4 UDP helpers the BOOTP, TFTP and MDAP servers share:
 * a bound non-blocking socket, receiving with IP_PKTINFO (the arrival
 * interface and the address a datagram was sent to), sending pinned to
 * an interface and source address, and interface facts (address, mask,
 * broadcast, flags, MTU).  It does not resolve host names or know any
 * protocol.
 */
#ifndef LIB_NET_H
#define LIB_NET_H

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <net/if.h>

#include <stdbool.h>
#include <stddef.h>

#define NET_ADDRSTR_MAX		32	/* "255.255.255.255:65535" */

/* Socket options for net_udp_bind(). */
#define NET_PKTINFO		0x01	/* learn arrival interface and dest */
#define NET_BROADCAST		0x02	/* SO_BROADCAST */
#define NET_REUSEADDR		0x04

#define NET_RATELIMIT_S		1	/* one hostile-input line per second */

/* Logs hostile input at most once per NET_RATELIMIT_S. */
struct net_ratelimit {
	long		last;		/* monotonic seconds */
	unsigned	suppressed;	/* lines dropped since */
};

struct net_ifinfo {
	char		name[IF_NAMESIZE];
	int		index;
	unsigned int	flags;		/* IFF_* */
	int		mtu;
	struct in_addr	addr;		/* first IPv4 address, or 0 */
	struct in_addr	mask;
	struct in_addr	bcast;
};

/*
 * Opens a non-blocking, close-on-exec UDP socket bound to sin, optionally
 * to the device ifname (SO_BINDTODEVICE; NULL or "" for none).  Returns
 * the descriptor, or -1 with *errstr set and errno kept.
 */
int		 net_udp_bind(const struct sockaddr_in *sin, const char *ifname,
		    int flags, const char **errstr);
/* The local port a socket is bound to, or -1. */
int		 net_local_port(int fd);
/*
 * recvfrom() that also returns the destination address and arrival
 * interface index from IP_PKTINFO (0 and 0 when absent).
 */
ssize_t		 net_recv(int fd, void *buf, size_t len,
		    struct sockaddr_in *from, struct in_addr *dst, int *ifindex);
/*
 * sendto() that leaves by interface ifindex with source address src
 * (either may be 0: the kernel chooses), never through the routing
 * table's choice of interface when ifindex is given.
 */
ssize_t		 net_send(int fd, const void *buf, size_t len,
		    const struct sockaddr_in *to, struct in_addr src, int ifindex);
/* "a.b.c.d:port" into out (NET_ADDRSTR_MAX bytes). */
const char	*net_addr_str(const struct sockaddr_in *sin, char *out,
		    size_t outsz);
/* Parses a dotted quad; 0 or -1. */
int		 net_addr_parse(const char *s, struct in_addr *out);
/* Parses "a.b.c.d:port" (port minport..65535); 0 or -1. */
int		 net_hostport_parse(const char *s, int minport,
		    struct sockaddr_in *out);
/* Interface facts by index or by name; 0 or -1. */
int		 net_if_byindex(int index, struct net_ifinfo *ifi);
int		 net_if_byname(const char *name, struct net_ifinfo *ifi);
/* True when addr is in the subnet net/mask. */
bool		 net_in_subnet(struct in_addr addr, struct in_addr net,
		    struct in_addr mask);
/*
 * True when a line may be logged now; *suppressed then holds how many
 * were dropped since the last one (and the counter restarts).
 */
bool		 net_ratelimit_ok(struct net_ratelimit *rl, unsigned *suppressed);
/* True when addr is 255.255.255.255 or some interface's broadcast. */
bool		 net_is_broadcast(struct in_addr addr);

#endif /* LIB_NET_H */
