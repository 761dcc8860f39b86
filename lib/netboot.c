/*
 * netboot.c: BOOTP (RFC 951) then TFTP read (RFC 1350, blksize of RFC
 * 2348) for simulated modems.  The BOOTP socket is shared and replies are
 * matched by xid and chaddr; the TFTP socket of a transfer is bound to the
 * address BOOTP gave (when the host has it, as on 127.0.0.0/8) and locks
 * onto the server's transfer port (TID) from its first answer.  Lost
 * packets are sent again with a doubling timeout.  "Unplugging" a modem
 * (abort_after) just stops it, as a pulled cable would.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/queue.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "lib/log.h"
#include "lib/net.h"
#include "lib/netboot.h"
#include "lib/tftp_msg.h"
#include "lib/xmalloc.h"

enum netboot_state {
	NETBOOT_BOOTP,
	NETBOOT_TFTP
};

struct netboot {
	LIST_ENTRY(netboot)	 entry;
	struct netboot_ctx	*ctx;
	struct netboot_req	 req;
	netboot_done_cb		 cb;
	void			*arg;
	enum netboot_state	 state;
	uint32_t		 xid;
	int			 tries;
	int			 wait_ms;
	struct event		*timer;
	int			 tfd;
	struct event		*tev;
	struct sockaddr_in	 peer;
	bool			 have_tid;
	uint64_t		 next;		/* absolute block expected */
	unsigned		 blksize;
	int			 outfd;
	uint8_t			 last[TFTP_REQUEST_MAX];
	size_t			 lastlen;
	struct netboot_result	 res;
};

struct netboot_ctx {
	struct event_base	*base;
	int			 fd;
	struct event		*ev;
	struct sockaddr_in	 server;
	bool			 broadcast;
	int			 tftp_port;
	LIST_HEAD(, netboot)	 boots;
};

static void	netboot_tftp_send_last(struct netboot *);

static void
netboot_finish(struct netboot *nb, bool ok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
netboot_release(struct netboot *nb)
{
	LIST_REMOVE(nb, entry);
	if (nb->timer != NULL)
		event_free(nb->timer);
	if (nb->tev != NULL)
		event_free(nb->tev);
	if (nb->tfd != -1)
		close(nb->tfd);
	if (nb->outfd != -1)
		close(nb->outfd);
	free(nb);
}

static void
netboot_finish(struct netboot *nb, bool ok, const char *fmt, ...)
{
	va_list	ap;

	nb->res.ok = ok;
	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(nb->res.error, sizeof(nb->res.error), fmt, ap);
		va_end(ap);
	}
	if (nb->outfd != -1 && fsync(nb->outfd) == -1 && ok) {
		nb->res.ok = false;
		snprintf(nb->res.error, sizeof(nb->res.error), "fsync: %s",
		    strerror(errno));
	}
	nb->cb(&nb->res, nb->arg);
	netboot_release(nb);
}

static void
netboot_arm(struct netboot *nb)
{
	struct timeval	tv;

	tv.tv_sec = nb->wait_ms / 1000;
	tv.tv_usec = (nb->wait_ms % 1000) * 1000;
	evtimer_add(nb->timer, &tv);
}

static int
netboot_bootp_send(struct netboot *nb)
{
	struct bootp_msg	*m = xcalloc(1, sizeof(*m));
	uint8_t			 out[BOOTP_MSG_MAX];
	int			 n, rv = -1;

	m->op = BOOTREQUEST;
	m->htype = 1;
	m->hlen = 6;
	m->xid = nb->xid;
	m->flags = nb->ctx->broadcast ? BOOTP_FLAG_BROADCAST : 0;
	memcpy(m->chaddr, nb->req.mac, 6);
	/* The board name in `file` picks the image (MDAP.md section 10). */
	strlcpy(m->file, nb->req.board, sizeof(m->file));
	m->has_cookie = true;
	if ((n = bootp_msg_encode(m, out, sizeof(out))) > 0 &&
	    sendto(nb->ctx->fd, out, (size_t)n, 0,
	    (struct sockaddr *)&nb->ctx->server,
	    sizeof(nb->ctx->server)) != -1)
		rv = 0;
	free(m);
	return rv;
}

static void
netboot_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct netboot	*nb = arg;

	if (++nb->tries > nb->req.retries) {
		netboot_finish(nb, false, "%s: no answer after %d tries",
		    nb->state == NETBOOT_BOOTP ? "BOOTP" : "TFTP", nb->tries);
		return;
	}
	nb->wait_ms *= 2;
	if (nb->state == NETBOOT_BOOTP)
		netboot_bootp_send(nb);
	else
		netboot_tftp_send_last(nb);
	netboot_arm(nb);
}

static void
netboot_tftp_send_last(struct netboot *nb)
{
	struct sockaddr_in	to = nb->peer;

	if (!nb->have_tid) {
		to.sin_addr = nb->res.siaddr;
		to.sin_port = htons((uint16_t)nb->ctx->tftp_port);
	}
	sendto(nb->tfd, nb->last, nb->lastlen, 0, (struct sockaddr *)&to,
	    sizeof(to));
}

static void
netboot_tftp_ack(struct netboot *nb, uint16_t block)
{
	int	n = tftp_msg_encode_ack(block, nb->last, sizeof(nb->last));

	nb->lastlen = n > 0 ? (size_t)n : 0;
	netboot_tftp_send_last(nb);
	nb->tries = 0;
	nb->wait_ms = nb->req.timeout_ms;
	evtimer_del(nb->timer);
	netboot_arm(nb);
}

/* Handles one DATA packet; returns true when the transfer ended. */
static bool
netboot_tftp_data(struct netboot *nb, const struct tftp_msg *m)
{
	if (m->block != (uint16_t)nb->next) {
		/* A duplicate of the previous block: our ACK was lost. */
		if (m->block == (uint16_t)(nb->next - 1))
			netboot_tftp_send_last(nb);
		return false;
	}
	if (nb->res.bytes + m->datalen > NETBOOT_IMAGE_MAX) {
		netboot_finish(nb, false, "TFTP: image larger than %llu bytes",
		    (unsigned long long)NETBOOT_IMAGE_MAX);
		return true;
	}
	if (m->datalen > 0 && write(nb->outfd, m->data, m->datalen) !=
	    (ssize_t)m->datalen) {
		netboot_finish(nb, false, "write %s: %s", nb->req.out_path,
		    strerror(errno));
		return true;
	}
	nb->res.bytes += m->datalen;
	if (nb->req.abort_after > 0 && nb->res.bytes >= nb->req.abort_after) {
		nb->res.aborted = true;
		netboot_finish(nb, false, "unplugged after %llu bytes",
		    (unsigned long long)nb->res.bytes);
		return true;
	}
	netboot_tftp_ack(nb, m->block);
	nb->next++;
	if (m->datalen < nb->blksize) {
		netboot_finish(nb, true, NULL);
		return true;
	}
	return false;
}

static void
netboot_tftp_oack(struct netboot *nb, const struct tftp_msg *m)
{
	const char	*v = tftp_msg_opt(m, "blksize"), *err;
	long long	 bs;

	if (v != NULL) {
		bs = strtonum(v, TFTP_BLKSIZE_MIN, TFTP_BLKSIZE_MAX, &err);
		if (err == NULL && (unsigned)bs <= nb->req.blksize)
			nb->blksize = (unsigned)bs;
	}
	netboot_tftp_ack(nb, 0);
}

static void
netboot_tftp_read(evutil_socket_t fd, short what, void *arg)
{
	struct netboot		*nb = arg;
	struct sockaddr_in	 from;
	socklen_t		 fromlen = sizeof(from);
	struct tftp_msg		 m;
	uint8_t			 pkt[TFTP_PACKET_MAX];
	const char		*err;
	ssize_t			 n;

	if ((n = recvfrom(fd, pkt, sizeof(pkt), MSG_DONTWAIT,
	    (struct sockaddr *)&from, &fromlen)) == -1)
		return;
	if (from.sin_addr.s_addr != nb->res.siaddr.s_addr)
		return;
	if (nb->have_tid && from.sin_port != nb->peer.sin_port) {
		/* RFC 1350 section 4: a stranger's packet gets error 5. */
		n = tftp_msg_encode_error(TFTP_EBADID, "unknown transfer ID",
		    pkt, sizeof(pkt));
		if (n > 0)
			sendto(fd, pkt, (size_t)n, 0, (struct sockaddr *)&from,
			    fromlen);
		return;
	}
	if (tftp_msg_decode(pkt, (size_t)n, &m, &err) == -1)
		return;
	if (!nb->have_tid) {
		nb->peer = from;
		nb->have_tid = true;
	}
	switch (m.op) {
	case TFTP_OACK:
		if (nb->next == 1 && nb->res.bytes == 0)
			netboot_tftp_oack(nb, &m);
		break;
	case TFTP_DATA:
		netboot_tftp_data(nb, &m);
		break;
	case TFTP_ERROR:
		netboot_finish(nb, false, "TFTP error %u: %s", m.code,
		    m.errmsg);
		break;
	default:
		break;
	}
}

static int
netboot_tftp_start(struct netboot *nb)
{
	struct sockaddr_in	sin;
	struct tftp_opt		opts[2];
	size_t			nopts = 0;
	int			n;

	nb->outfd = open(nb->req.out_path, O_WRONLY | O_CREAT | O_TRUNC |
	    O_CLOEXEC, 0644);
	if (nb->outfd == -1)
		return -1;
	if ((nb->tfd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1)
		return -1;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr = nb->res.yiaddr;
	/* Use the address BOOTP gave when this host has it. */
	if (bind(nb->tfd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		sin.sin_addr.s_addr = htonl(INADDR_ANY);
		if (bind(nb->tfd, (struct sockaddr *)&sin, sizeof(sin)) == -1)
			return -1;
	}
	if (nb->req.blksize > 0 && nb->req.blksize != TFTP_BLKSIZE_DEFAULT) {
		strlcpy(opts[0].name, "blksize", sizeof(opts[0].name));
		snprintf(opts[0].value, sizeof(opts[0].value), "%u",
		    nb->req.blksize);
		nopts++;
	}
	n = tftp_msg_encode_request(TFTP_RRQ, nb->res.file, "octet", opts,
	    nopts, nb->last, sizeof(nb->last));
	if (n <= 0)
		return -1;
	nb->lastlen = (size_t)n;
	nb->tev = event_new(nb->ctx->base, nb->tfd, EV_READ | EV_PERSIST,
	    netboot_tftp_read, nb);
	event_add(nb->tev, NULL);
	nb->state = NETBOOT_TFTP;
	nb->next = 1;
	nb->tries = 0;
	nb->wait_ms = nb->req.timeout_ms;
	evtimer_del(nb->timer);
	netboot_tftp_send_last(nb);
	netboot_arm(nb);
	return 0;
}

static void
netboot_bootp_reply(struct netboot_ctx *ctx, const struct bootp_msg *m)
{
	struct netboot	*nb;

	LIST_FOREACH(nb, &ctx->boots, entry)
		if (nb->state == NETBOOT_BOOTP && nb->xid == m->xid &&
		    memcmp(nb->req.mac, m->chaddr, 6) == 0)
			break;
	if (nb == NULL)
		return;
	nb->res.yiaddr.s_addr = m->yiaddr;
	nb->res.siaddr.s_addr = m->siaddr;
	strlcpy(nb->res.file, m->file, sizeof(nb->res.file));
	if (m->siaddr == 0 || m->file[0] == '\0') {
		netboot_finish(nb, false, "BOOTP reply without %s",
		    m->siaddr == 0 ? "siaddr" : "file");
		return;
	}
	if (netboot_tftp_start(nb) == -1)
		netboot_finish(nb, false, "cannot start TFTP: %s",
		    strerror(errno));
}

static void
netboot_ctx_read(evutil_socket_t fd, short what, void *arg)
{
	struct netboot_ctx	*ctx = arg;
	struct bootp_msg	*m = xmalloc(sizeof(*m));
	uint8_t			 pkt[BOOTP_MSG_MAX];
	const char		*err;
	ssize_t			 n;
	int			 i;

	for (i = 0; i < 64; i++) {
		if ((n = recv(fd, pkt, sizeof(pkt), MSG_DONTWAIT)) == -1)
			break;
		if (bootp_msg_decode(pkt, (size_t)n, m, &err) == 0 &&
		    m->op == BOOTREPLY)
			netboot_bootp_reply(ctx, m);
	}
	free(m);
}

static int
netboot_ctx_open(struct netboot_ctx *ctx, const struct netboot_ctx_conf *c,
    const char **errstr)
{
	struct sockaddr_in	sin;
	int			one = 1;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)c->client_port);
	if (inet_pton(AF_INET, c->bind_addr != NULL ? c->bind_addr :
	    "0.0.0.0", &sin.sin_addr) != 1 ||
	    net_hostport_parse(c->server, 1, &ctx->server) == -1) {
		*errstr = "bad bind or server address";
		return -1;
	}
	if ((ctx->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1) {
		*errstr = "cannot open the BOOTP client socket";
		return -1;
	}
	setsockopt(ctx->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (c->broadcast &&
	    setsockopt(ctx->fd, SOL_SOCKET, SO_BROADCAST, &one,
	    sizeof(one)) == -1) {
		*errstr = "cannot enable broadcast";
		return -1;
	}
	if (c->ifname != NULL && setsockopt(ctx->fd, SOL_SOCKET,
	    SO_BINDTODEVICE, c->ifname, (socklen_t)strlen(c->ifname)) == -1) {
		*errstr = "cannot bind the BOOTP socket to the interface";
		return -1;
	}
	if (bind(ctx->fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		*errstr = "cannot bind the BOOTP client port";
		return -1;
	}
	return 0;
}

struct netboot_ctx *
netboot_ctx_new(struct event_base *base, const struct netboot_ctx_conf *conf,
    const char **errstr)
{
	struct netboot_ctx	*ctx = xcalloc(1, sizeof(*ctx));

	ctx->base = base;
	ctx->fd = -1;
	ctx->broadcast = conf->broadcast;
	ctx->tftp_port = conf->tftp_port > 0 ? conf->tftp_port : TFTP_PORT;
	LIST_INIT(&ctx->boots);
	if (netboot_ctx_open(ctx, conf, errstr) == -1) {
		netboot_ctx_free(ctx);
		return NULL;
	}
	ctx->ev = event_new(base, ctx->fd, EV_READ | EV_PERSIST,
	    netboot_ctx_read, ctx);
	event_add(ctx->ev, NULL);
	return ctx;
}

void
netboot_ctx_free(struct netboot_ctx *ctx)
{
	if (ctx == NULL)
		return;
	while (!LIST_EMPTY(&ctx->boots))
		netboot_release(LIST_FIRST(&ctx->boots));
	if (ctx->ev != NULL)
		event_free(ctx->ev);
	if (ctx->fd != -1)
		close(ctx->fd);
	free(ctx);
}

struct netboot *
netboot_start(struct netboot_ctx *ctx, const struct netboot_req *req,
    netboot_done_cb cb, void *arg)
{
	struct netboot	*nb = xcalloc(1, sizeof(*nb));

	nb->ctx = ctx;
	nb->req = *req;
	if (nb->req.timeout_ms <= 0)
		nb->req.timeout_ms = NETBOOT_TIMEOUT_MS;
	if (nb->req.retries <= 0)
		nb->req.retries = NETBOOT_RETRIES;
	if (nb->req.blksize == 0)
		nb->req.blksize = TFTP_BLKSIZE_DEFAULT;
	nb->blksize = TFTP_BLKSIZE_DEFAULT;
	nb->cb = cb;
	nb->arg = arg;
	nb->tfd = nb->outfd = -1;
	nb->xid = arc4random();
	nb->wait_ms = nb->req.timeout_ms;
	nb->timer = evtimer_new(ctx->base, netboot_timeout, nb);
	LIST_INSERT_HEAD(&ctx->boots, nb, entry);
	netboot_bootp_send(nb);
	netboot_arm(nb);
	return nb;
}

void
netboot_cancel(struct netboot *nb)
{
	if (nb != NULL)
		netboot_release(nb);
}
