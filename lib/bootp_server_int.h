/*
 * bootp_server_int.h: what the files of the bootp_server family share
 * (bootp_server.c: sockets and reply delivery; bootp_server_answer.c:
 * choosing address and file, leases and the vendor area).  Nothing
 * outside lib/bootp_server*.c includes it.
 */
#ifndef LIB_BOOTP_SERVER_INT_H
#define LIB_BOOTP_SERVER_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "lib/bootp_msg.h"
#include "lib/bootp_server.h"
#include "lib/net.h"

struct bootp_lease {
	uint8_t		mac[6];
	bool		used;
	time_t		expires;	/* monotonic seconds */
};

struct bootp_pool_state {
	struct bootp_pool	 pool;
	uint32_t		 size;
	struct bootp_lease	*leases;	/* one per address */
};

struct bootp_quiet {
	uint8_t		mac[6];
	time_t		when;
};

struct bootp_server {
	struct event_base	*base;
	struct bootp_server_conf conf;		/* arrays owned */
	int			 sock;
	int			 rawsock;	/* AF_PACKET, or -1 */
	int			 bootfd;	/* bootsize_root, or -1 */
	int			 port;
	int			 ifindex;	/* served interface, or 0 */
	struct event		*ev;
	struct bootp_pool_state	*pools;
	size_t			 npools;
	struct bootp_quiet	 quiet[BOOTP_SERVER_QUIET_SLOTS];
	size_t			 quiet_next;
	bool			 warned_budget;
	struct net_ratelimit	 badlog;
	bootp_server_reply_cb	 cb;
	void			*cbarg;
};

/* What bootp_answer() decided, besides the reply itself. */
struct bootp_choice {
	const char	*file;
	const char	*source;	/* "host", "board", "pool" */
	struct in_addr	 mask;
	struct in_addr	 router;	/* a pool's own router, or 0 */
	const char	*hostname;
};

/* bootp_server_answer.c */
time_t		 bootp_now(void);
void		 bootp_conf_copy(struct bootp_server_conf *dst,
		    const struct bootp_server_conf *src);
void		 bootp_conf_clear(struct bootp_server_conf *conf);
void		 bootp_pools_set(struct bootp_server *srv);
void		 bootp_pools_free(struct bootp_pool_state *p, size_t n);
/*
 * Builds the reply to req that arrived on ifi (subnet for pool choice:
 * giaddr if relayed, else the interface address).  Returns 0, or -1
 * when there is nothing to answer (logged once per MAC per interval).
 */
int		 bootp_answer(struct bootp_server *srv,
		    const struct bootp_msg *req, const struct net_ifinfo *ifi,
		    struct bootp_msg *rep, struct bootp_choice *ch);

#endif /* LIB_BOOTP_SERVER_INT_H */
