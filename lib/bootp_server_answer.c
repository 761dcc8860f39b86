/*
 * bootp_server_answer.c: what a BOOTP reply says.  In order (BOOTP-TFTP.md
 * section 2): a host entry for the MAC (fixed address, optional file);
 * else the board map keyed by the request's `file` (case-insensitive);
 * else the default file; the address comes from the host entry or a
 * pool lease.  Leases expire (lease_s) and a MAC keeps its address while
 * its lease or its slot lasts, so retries get the same answer.  The
 * vendor area is answered in kind: RFC 1048 options only if the request
 * had the cookie; options that do not fit the 64-byte area are left out
 * and logged once.  It does not send anything.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lib/bootp_server_int.h"
#include "lib/log.h"
#include "lib/xmalloc.h"

time_t
bootp_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void *
bootp_dup(const void *p, size_t n, size_t size)
{
	void	*q;

	if (n == 0 || p == NULL)
		return NULL;
	q = xreallocarray(NULL, n, size);
	memcpy(q, p, n * size);
	return q;
}

void
bootp_conf_copy(struct bootp_server_conf *dst,
    const struct bootp_server_conf *src)
{
	*dst = *src;
	dst->hosts = bootp_dup(src->hosts, src->nhosts, sizeof(*src->hosts));
	dst->boards = bootp_dup(src->boards, src->nboards,
	    sizeof(*src->boards));
	dst->pools = bootp_dup(src->pools, src->npools, sizeof(*src->pools));
	dst->opts = bootp_dup(src->opts, src->nopts, sizeof(*src->opts));
}

void
bootp_conf_clear(struct bootp_server_conf *conf)
{
	free(conf->hosts);
	free(conf->boards);
	free(conf->pools);
	free(conf->opts);
	conf->hosts = NULL;
	conf->boards = NULL;
	conf->pools = NULL;
	conf->opts = NULL;
}

void
bootp_pools_free(struct bootp_pool_state *p, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(p[i].leases);
	free(p);
}

static uint32_t
bootp_pool_size(const struct bootp_pool *p)
{
	uint32_t	s = ntohl(p->start.s_addr), e = ntohl(p->end.s_addr);

	if (e < s)
		return 0;
	if (e - s >= BOOTP_SERVER_POOL_MAX)
		return BOOTP_SERVER_POOL_MAX;
	return e - s + 1;
}

/* Copies a lease from the old pools when its address is still pooled. */
static void
bootp_pool_keep(struct bootp_pool_state *np, const struct bootp_pool_state *old,
    size_t nold)
{
	uint32_t	a, i, k;
	size_t		j;

	for (i = 0; i < np->size; i++) {
		a = ntohl(np->pool.start.s_addr) + i;
		for (j = 0; j < nold; j++) {
			k = a - ntohl(old[j].pool.start.s_addr);
			if (a >= ntohl(old[j].pool.start.s_addr) &&
			    k < old[j].size)
				np->leases[i] = old[j].leases[k];
		}
	}
}

void
bootp_pools_set(struct bootp_server *srv)
{
	struct bootp_pool_state	*np;
	size_t			 i, n = srv->conf.npools;

	np = xcalloc(n == 0 ? 1 : n, sizeof(*np));
	for (i = 0; i < n; i++) {
		np[i].pool = srv->conf.pools[i];
		np[i].size = bootp_pool_size(&np[i].pool);
		np[i].leases = xcalloc(np[i].size == 0 ? 1 : np[i].size,
		    sizeof(*np[i].leases));
		bootp_pool_keep(&np[i], srv->pools, srv->npools);
	}
	bootp_pools_free(srv->pools, srv->npools);
	srv->pools = np;
	srv->npools = n;
}

static const struct bootp_host *
bootp_find_host(const struct bootp_server *srv, const struct bootp_msg *req)
{
	size_t	i;

	if (req->htype != 1 || req->hlen != 6)
		return NULL;
	for (i = 0; i < srv->conf.nhosts; i++)
		if (memcmp(srv->conf.hosts[i].mac, req->chaddr, 6) == 0)
			return &srv->conf.hosts[i];
	return NULL;
}

static const char *
bootp_find_board(const struct bootp_server *srv, const char *name)
{
	size_t	i;

	if (*name == '\0')
		return NULL;
	for (i = 0; i < srv->conf.nboards; i++)
		if (strcasecmp(srv->conf.boards[i].name, name) == 0)
			return srv->conf.boards[i].file;
	return NULL;
}

static bool
bootp_is_static(const struct bootp_server *srv, uint32_t a)
{
	size_t	i;

	for (i = 0; i < srv->conf.nhosts; i++)
		if (srv->conf.hosts[i].ip.s_addr == htonl(a))
			return true;
	return false;
}

/* The pool for a client on net: the first one whose subnet holds it. */
static struct bootp_pool_state *
bootp_pick_pool(struct bootp_server *srv, struct in_addr net)
{
	struct in_addr	mask;
	size_t		i;

	for (i = 0; i < srv->npools; i++) {
		mask = srv->pools[i].pool.mask.s_addr != 0 ?
		    srv->pools[i].pool.mask : srv->conf.netmask;
		if (net_in_subnet(net, srv->pools[i].pool.start, mask))
			return &srv->pools[i];
	}
	return srv->npools > 0 ? &srv->pools[0] : NULL;
}

/* A slot for mac: its own, else a never-used one, else the oldest free. */
static int
bootp_lease(struct bootp_server *srv, struct bootp_pool_state *p,
    const uint8_t *mac, struct in_addr *ip)
{
	time_t		now = bootp_now();
	uint32_t	i, best = UINT32_MAX;
	bool		best_unused = false;

	for (i = 0; i < p->size; i++)
		if (p->leases[i].used && memcmp(p->leases[i].mac, mac, 6) == 0)
			break;
	if (i == p->size) {
		for (i = 0; i < p->size; i++) {
			if (bootp_is_static(srv,
			    ntohl(p->pool.start.s_addr) + i) ||
			    (p->leases[i].used && p->leases[i].expires > now))
				continue;
			if (!p->leases[i].used && !best_unused) {
				best = i;
				best_unused = true;
			} else if (!best_unused && (best == UINT32_MAX ||
			    p->leases[i].expires < p->leases[best].expires))
				best = i;
		}
		if ((i = best) == UINT32_MAX)
			return -1;
	}
	memcpy(p->leases[i].mac, mac, 6);
	p->leases[i].used = true;
	p->leases[i].expires = now + srv->conf.lease_s;
	ip->s_addr = htonl(ntohl(p->pool.start.s_addr) + i);
	return 0;
}

/* Logs "no answer" once per MAC per BOOTP_SERVER_QUIET_S. */
static void
bootp_quiet_log(struct bootp_server *srv, const uint8_t *mac,
    const char *macs, const char *why)
{
	time_t	now = bootp_now();
	size_t	i;

	for (i = 0; i < BOOTP_SERVER_QUIET_SLOTS; i++)
		if (memcmp(srv->quiet[i].mac, mac, 6) == 0 &&
		    srv->quiet[i].when + BOOTP_SERVER_QUIET_S > now)
			return;
	i = srv->quiet_next++ % BOOTP_SERVER_QUIET_SLOTS;
	memcpy(srv->quiet[i].mac, mac, 6);
	srv->quiet[i].when = now;
	log_info("bootp: %s: no answer: %s", macs, why);
}

static void
bootp_add(struct bootp_server *srv, struct bootp_msg *rep, uint8_t code,
    const void *data, size_t len)
{
	size_t	vmax = srv->conf.vend_max;

	if (len == 0)
		return;
	if (bootp_msg_is_dhcp(rep) && vmax < BOOTP_DHCP_VEND_MIN)
		vmax = BOOTP_DHCP_VEND_MIN;
	if (bootp_msg_add_opt(rep, code, data, len, vmax) ==
	    -1 && !srv->warned_budget) {
		srv->warned_budget = true;
		log_warnx("bootp: option %u left out: the vendor area is full",
		    code);
	}
}

/*
 * Option 13: the boot file's size in 512-byte blocks, rounded up (RFC 2132
 * section 3.15), when the file is a regular file below the root.
 */
static void
bootp_add_bootsize(struct bootp_server *srv, struct bootp_msg *rep,
    const char *file)
{
	struct stat	st;
	uint16_t	blocks;

	while (*file == '/')
		file++;
	if (srv->bootfd == -1 || *file == '\0' || strstr(file, "..") != NULL ||
	    fstatat(srv->bootfd, file, &st, 0) == -1 || !S_ISREG(st.st_mode))
		return;
	blocks = htons((uint16_t)(st.st_size / 512 + (st.st_size % 512 != 0)
	    > 65535 ? 65535 : st.st_size / 512 + (st.st_size % 512 != 0)));
	bootp_add(srv, rep, BOOTP_OPT_BOOTSIZE, &blocks, 2);
}

/* RFC 2132 options in priority order, then the configured extras. */
static void
bootp_add_options(struct bootp_server *srv, struct bootp_msg *rep,
    const struct bootp_choice *ch)
{
	size_t	i;

	bootp_add(srv, rep, BOOTP_OPT_SUBNET_MASK, &ch->mask,
	    ch->mask.s_addr != 0 ? 4 : 0);
	if (ch->router.s_addr != 0)
		bootp_add(srv, rep, BOOTP_OPT_ROUTER, &ch->router, 4);
	else
		bootp_add(srv, rep, BOOTP_OPT_ROUTER, srv->conf.routers,
		    4 * srv->conf.nrouters);
	if (ch->hostname != NULL)
		bootp_add(srv, rep, BOOTP_OPT_HOSTNAME, ch->hostname,
		    strlen(ch->hostname));
	bootp_add_bootsize(srv, rep, ch->file);
	bootp_add(srv, rep, BOOTP_OPT_DNS, srv->conf.dns, 4 * srv->conf.ndns);
	bootp_add(srv, rep, BOOTP_OPT_DOMAIN, srv->conf.domain,
	    strlen(srv->conf.domain));
	for (i = 0; i < srv->conf.nopts; i++)
		bootp_add(srv, rep, srv->conf.opts[i].code,
		    srv->conf.opts[i].data, srv->conf.opts[i].len);
}

/*
 * DHCP, when enabled: DISCOVER gets an OFFER and REQUEST an ACK with
 * the same address (RFC 2131 section 4.3); the lease is the pool's.
 * Other message types get nothing.
 */
static int
bootp_add_dhcp(struct bootp_server *srv, const struct bootp_msg *req,
    const struct net_ifinfo *ifi, struct bootp_msg *rep)
{
	uint32_t	lease = htonl((uint32_t)srv->conf.lease_s);
	uint8_t		type;

	switch (bootp_msg_dhcp_type(req)) {
	case 1:
		type = 2;	/* DHCPOFFER */
		break;
	case 3:
		type = 5;	/* DHCPACK */
		break;
	default:
		return -1;
	}
	rep->nopts = 0;
	bootp_add(srv, rep, BOOTP_OPT_MSGTYPE, &type, 1);
	bootp_add(srv, rep, BOOTP_OPT_SERVERID, &ifi->addr, 4);
	bootp_add(srv, rep, BOOTP_OPT_LEASE, &lease, 4);
	return 0;
}

/* Chooses address and file; -1 with why set when there is none. */
static int
bootp_choose(struct bootp_server *srv, const struct bootp_msg *req,
    struct in_addr net, struct bootp_msg *rep, struct bootp_choice *ch,
    const char **why)
{
	const struct bootp_host	*h = bootp_find_host(srv, req);
	struct bootp_pool_state	*p;

	memset(ch, 0, sizeof(*ch));
	ch->mask = srv->conf.netmask;
	if (h != NULL && h->file[0] != '\0') {
		ch->file = h->file;
		ch->source = "host";
	} else if ((ch->file = bootp_find_board(srv, req->file)) != NULL)
		ch->source = "board";
	else
		ch->file = srv->conf.default_file;
	if (h != NULL) {
		rep->yiaddr = h->ip.s_addr;
		if (h->hostname[0] != '\0')
			ch->hostname = h->hostname;
		if (ch->source == NULL)
			ch->source = "host";
		return 0;
	}
	if (req->htype != 1 || req->hlen != 6 ||
	    (p = bootp_pick_pool(srv, net)) == NULL) {
		*why = "not listed and no pool";
		return -1;
	}
	if (bootp_lease(srv, p, req->chaddr, (struct in_addr *)&rep->yiaddr) ==
	    -1) {
		*why = "pool exhausted";
		return -1;
	}
	if (p->pool.mask.s_addr != 0)
		ch->mask = p->pool.mask;
	ch->router = p->pool.router;
	if (ch->source == NULL)
		ch->source = "pool";
	return 0;
}

int
bootp_answer(struct bootp_server *srv, const struct bootp_msg *req,
    const struct net_ifinfo *ifi, struct bootp_msg *rep,
    struct bootp_choice *ch)
{
	struct in_addr	 net;
	char		 macs[3 * BOOTP_CHADDR_LEN];
	const char	*why = NULL;

	bootp_mac_str(req->chaddr, req->hlen, macs, sizeof(macs));
	*rep = *req;
	rep->op = BOOTREPLY;
	rep->hops = 0;
	rep->secs = 0;
	rep->nopts = 0;
	rep->yiaddr = 0;
	net.s_addr = req->giaddr != 0 ? req->giaddr : ifi->addr.s_addr;
	if (bootp_choose(srv, req, net, rep, ch, &why) == -1) {
		bootp_quiet_log(srv, req->chaddr, macs, why);
		return -1;
	}
	rep->siaddr = srv->conf.server_ip.s_addr != 0 ?
	    srv->conf.server_ip.s_addr : ifi->addr.s_addr;
	strlcpy(rep->file, ch->file, sizeof(rep->file));
	strlcpy(rep->sname, srv->conf.sname, sizeof(rep->sname));
	/* Answer in kind (BOOTP-TFTP.md section 4). */
	if (!req->has_cookie && !srv->conf.always_rfc1048) {
		memset(rep->vend, 0, sizeof(rep->vend));
		rep->vendlen = req->vendlen < BOOTP_VEND_LEN ?
		    req->vendlen : BOOTP_VEND_LEN;
		return 0;
	}
	rep->has_cookie = true;
	if (bootp_msg_is_dhcp(req) && bootp_add_dhcp(srv, req, ifi, rep) == -1)
		return -1;
	bootp_add_options(srv, rep, ch);
	return 0;
}
