/*
 * bootp_server.h: a BOOTP server (RFC 951, RFC 1542, RFC 2132 options) on
 * a caller's libevent base, for bootp-tftpd and the MDAP controller.  It
 * answers BOOTREQUESTs by MAC (fixed address and optional file), by the
 * board name a Thomson modem puts in `file`, and from dynamic pools whose
 * leases expire.  Replies leave only by the interface the request came in
 * on (IP_PKTINFO; a packet socket for unicast to chaddr).  DHCP requests
 * are ignored unless enabled, and then answered minimally (OFFER/ACK).
 * It does not parse configuration files or drop privileges.
 */
#ifndef LIB_BOOTP_SERVER_H
#define LIB_BOOTP_SERVER_H

#include <sys/types.h>
#include <netinet/in.h>
#include <net/if.h>

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/bootp_msg.h"

struct event_base;

#define BOOTP_SERVER_ADDR_MAX		64
#define BOOTP_SERVER_HOSTNAME_MAX	64
#define BOOTP_SERVER_ADDRS_MAX		8	/* routers, DNS servers */
#define BOOTP_SERVER_POOL_MAX		65536	/* addresses in one pool */
#define BOOTP_SERVER_LEASE_S		600
#define BOOTP_SERVER_QUIET_S		60	/* one "no answer" per MAC */
#define BOOTP_SERVER_QUIET_SLOTS	64
#define BOOTP_DHCP_VEND_MIN		312	/* RFC 2131 options field */

struct bootp_host {
	uint8_t		mac[6];
	struct in_addr	ip;
	char		file[BOOTP_FILE_LEN + 1];	/* "" : by board */
	char		hostname[BOOTP_SERVER_HOSTNAME_MAX];
};

struct bootp_board {
	char		name[BOOTP_FILE_LEN + 1];	/* e.g. BANT-R */
	char		file[BOOTP_FILE_LEN + 1];
};

struct bootp_pool {
	struct in_addr	start, end;
	struct in_addr	mask;		/* 0: the global netmask */
	struct in_addr	router;		/* 0: the global routers */
};

struct bootp_extra_opt {
	uint8_t		code;
	uint8_t		len;
	uint8_t		data[BOOTP_OPTLEN_MAX];
};

struct bootp_server_conf {
	char			 ifname[IF_NAMESIZE];	/* "" : any */
	char			 addr[BOOTP_SERVER_ADDR_MAX];
	int			 port;		/* server port, 67 */
	int			 client_port;	/* 68 */
	struct in_addr		 server_ip;	/* siaddr; 0: interface */
	char			 sname[BOOTP_SNAME_LEN + 1];
	/* Options (RFC 2132) for every reply. */
	struct in_addr		 netmask;
	size_t			 nrouters, ndns;
	struct in_addr		 routers[BOOTP_SERVER_ADDRS_MAX];
	struct in_addr		 dns[BOOTP_SERVER_ADDRS_MAX];
	char			 domain[BOOTP_SERVER_HOSTNAME_MAX];
	struct bootp_extra_opt	*opts;
	size_t			 nopts;
	size_t			 vend_max;	/* 64: a 300-byte reply */
	/* Who gets what. */
	char			 default_file[BOOTP_FILE_LEN + 1];
	struct bootp_host	*hosts;
	size_t			 nhosts;
	struct bootp_board	*boards;
	size_t			 nboards;
	struct bootp_pool	*pools;
	size_t			 npools;
	int			 lease_s;
	/* Behaviour. */
	bool			 dhcp;		/* answer DHCP minimally */
	bool			 force_broadcast;
	bool			 always_rfc1048; /* options without cookie */
	/* Option 13 from the size of the file under this root ("": off). */
	char			 bootsize_root[PATH_MAX];
};

/* One answer, for the caller's callback (the MDAP controller). */
struct bootp_reply_info {
	uint8_t			 mac[6];
	const char		*board;		/* the request's file */
	struct in_addr		 yiaddr;
	const char		*file;
	const char		*via;		/* how it was delivered */
};

typedef void	(*bootp_server_reply_cb)(const struct bootp_reply_info *,
		    void *);

/* Defaults: ports 67/68, any address, 600 s leases, 64-byte vend. */
void		 bootp_server_conf_init(struct bootp_server_conf *conf);

/*
 * Opens the socket (and, with an interface, a packet socket for unicast
 * to chaddr when permitted) on base.  The arrays in conf are copied.
 * Returns NULL with *errstr set on failure (errno kept).
 */
struct bootp_server *bootp_server_new(struct event_base *base,
		    const struct bootp_server_conf *conf, const char **errstr);
void		 bootp_server_free(struct bootp_server *srv);
int		 bootp_server_port(const struct bootp_server *srv);
/*
 * Takes new hosts, boards, pools and options (SIGHUP); leases of
 * addresses still in a pool are kept.  Sockets keep their settings.
 */
void		 bootp_server_reconf(struct bootp_server *srv,
		    const struct bootp_server_conf *conf);
void		 bootp_server_set_reply_cb(struct bootp_server *srv,
		    bootp_server_reply_cb cb, void *arg);

#endif /* LIB_BOOTP_SERVER_H */
