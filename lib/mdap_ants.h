/*
 * mdap_ants.h: many simulated ants behind one UDP socket, on a caller's
 * libevent base (MDAP.md section 13: one cpe-sim socket serves all its
 * ants).  Every ant answers ANT-SEARCH; other requests go to the ant named
 * in TO-ANT.  Replies go to the group for a multicast request and to the
 * requester for a unicast one.  It joins the group only on the interface
 * it is given.  The protocol logic is lib/mdap_ant; this is the socket.
 */
#ifndef LIB_MDAP_ANTS_H
#define LIB_MDAP_ANTS_H

#include <stdbool.h>

#include <event2/event.h>

#include "lib/mdap_ant.h"

struct mdap_ants_conf {
	const char	*bind_addr;	/* e.g. "127.0.0.1"; "0.0.0.0" */
	int		 port;		/* 0: ephemeral (tests) */
	const char	*interface;	/* join the group here, or NULL */
	const char	*group;		/* MDAP_GROUP when NULL */
};

struct mdap_ants;

struct mdap_ants *mdap_ants_new(struct event_base *base,
		    const struct mdap_ants_conf *conf, const char **errstr);
void		 mdap_ants_free(struct mdap_ants *ants);
/* The bound UDP port. */
int		 mdap_ants_port(const struct mdap_ants *ants);
/* Adds an ant (borrowed: the caller frees it after removing it). */
void		 mdap_ants_add(struct mdap_ants *ants, struct mdap_ant *ant);
void		 mdap_ants_remove(struct mdap_ants *ants, struct mdap_ant *ant);
unsigned long	 mdap_ants_dropped(const struct mdap_ants *ants);

#endif /* LIB_MDAP_ANTS_H */
