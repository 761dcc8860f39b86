/*
 * tftp_server_xfer.c: one TFTP transfer: its socket (a new TID, RFC 1350
 * section 4), option negotiation (RFC 2347-2349, 7440), the windowed
 * sender with go-back-N, the receiver for uploads, and retransmission.
 * Rules it keeps (BOOTP-TFTP.md sections 5-8): a 64-bit absolute block
 * counter with only its low bits on the wire; re-send only on timeout,
 * never because of a duplicate ACK (RFC 1123 section 4.2.3.1); doubling
 * timeouts back to the base after progress; give up after giveup_s
 * without progress.  A packet from a stranger gets ERROR 5 and changes
 * nothing.  It does not look at requests on the listening port.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "lib/log.h"
#include "lib/net.h"
#include "lib/tftp_server_int.h"
#include "lib/xmalloc.h"

static void	tftp_xfer_read_cb(evutil_socket_t, short, void *);
static void	tftp_xfer_timer_cb(evutil_socket_t, short, void *);

static int
tftp_xfer_bind(const struct tftp_server_conf *conf, struct in_addr local,
    const char **errstr)
{
	struct sockaddr_in	sin;
	int			i, span, s = -1;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr = local;
	span = conf->port_max - conf->port_min + 1;
	if (conf->port_min <= 0 || span <= 0)
		return net_udp_bind(&sin, conf->ifname, 0, errstr);
	for (i = 0; i < TFTP_SERVER_PORT_TRIES && s == -1; i++) {
		sin.sin_port = htons((uint16_t)(conf->port_min +
		    (int)arc4random_uniform((uint32_t)span)));
		s = net_udp_bind(&sin, conf->ifname, 0, errstr);
		if (s == -1 && errno != EADDRINUSE)
			break;
	}
	return s;
}

struct tftp_xfer *
tftp_xfer_new(struct tftp_worker *w, const struct sockaddr_in *peer,
    struct in_addr local, const char **errstr)
{
	struct tftp_xfer	*x;
	int			 s;

	if ((s = tftp_xfer_bind(&w->conf, local, errstr)) == -1)
		return NULL;
	x = xcalloc(1, sizeof(*x));
	x->srv = w->srv;
	x->w = w;
	x->sock = s;
	x->wfd = -1;
	x->dirfd = -1;
	x->peer = *peer;
	net_addr_str(peer, x->peerstr, sizeof(x->peerstr));
	x->blksize = TFTP_BLKSIZE_DEFAULT;
	x->window = 1;
	x->timeout_ms = (unsigned)w->conf.timeout_ms;
	x->wrap_to = w->conf.wrap_to;
	x->size = -1;
	clock_gettime(CLOCK_MONOTONIC, &x->start);
	x->progress = x->reported_at = x->start;
	x->ev_read = event_new(w->base, s, EV_READ | EV_PERSIST,
	    tftp_xfer_read_cb, x);
	x->ev_timer = evtimer_new(w->base, tftp_xfer_timer_cb, x);
	event_add(x->ev_read, NULL);
	return x;
}

void
tftp_xfer_free(struct tftp_xfer *x)
{
	if (x == NULL)
		return;
	event_free(x->ev_read);
	event_free(x->ev_timer);
	close(x->sock);
	tftp_file_release(x->w, x->file);
	free(x->ascii);
	free(x->rabuf);
	tftp_upload_abort(x);
	free(x);
}

static void
tftp_xfer_arm(struct tftp_xfer *x, unsigned ms)
{
	struct timeval	tv;

	tv.tv_sec = ms / 1000;
	tv.tv_usec = (suseconds_t)(ms % 1000) * 1000;
	evtimer_add(x->ev_timer, &tv);
}

static void
tftp_xfer_progressed(struct tftp_xfer *x)
{
	clock_gettime(CLOCK_MONOTONIC, &x->progress);
	x->cur_timeout_ms = x->timeout_ms;
	x->retries = 0;
	x->w->status_dirty = true;
}

static int
tftp_xfer_send(struct tftp_xfer *x, const void *buf, size_t len)
{
	if (sendto(x->sock, buf, len, 0, (const struct sockaddr *)&x->peer,
	    sizeof(x->peer)) == -1) {
		if (errno != EAGAIN && errno != ENOBUFS && errno != EINTR)
			log_warn("%s: send", x->peerstr);
		return -1;
	}
	return 0;
}

static void
tftp_xfer_fail(struct tftp_xfer *x, int code, const char *msg)
{
	tftp_send_error(x->sock, &x->peer, code, msg);
	tftp_server_xfer_done(x, false, msg);
}

/*
 * Returns file bytes [off, off + len) from the read-ahead buffer, reading
 * TFTP_SERVER_READAHEAD bytes (or len, if more) from off when they are
 * not there: a lockstep transfer then reads once per 128 blocks of 512.
 * NULL after a read error.
 */
static const uint8_t *
tftp_xfer_data(struct tftp_xfer *x, uint64_t off, size_t len)
{
	size_t	want;
	ssize_t	got;

	if (off >= x->ra_off && off + len <= x->ra_off + x->ra_len)
		return x->rabuf + (off - x->ra_off);
	want = len > TFTP_SERVER_READAHEAD ? len : TFTP_SERVER_READAHEAD;
	if ((uint64_t)x->size - off < want)
		want = (size_t)((uint64_t)x->size - off);
	if (want > x->rasize) {
		free(x->rabuf);
		x->rabuf = xmalloc(want);
		x->rasize = want;
	}
	got = pread(x->file->fd, x->rabuf, want, (off_t)off);
	if (got < (ssize_t)len) {
		x->ra_len = 0;
		return NULL;
	}
	x->ra_off = off;
	x->ra_len = (size_t)got;
	return x->rabuf;
}

/*
 * Sends blocks sent + 1 ... sent + n with one sendmmsg() and at most one
 * pread(): consecutive blocks are consecutive in the file.  Returns the
 * number sent (0 when the send queue is full), or -1 after a read error
 * (the transfer is then freed).
 */
static int
tftp_xfer_send_batch(struct tftp_xfer *x, unsigned n)
{
	struct mmsghdr		 mm[TFTP_SERVER_BATCH];
	struct iovec		 iov[TFTP_SERVER_BATCH][2];
	uint8_t			 hdr[TFTP_SERVER_BATCH][TFTP_HDR_LEN];
	const uint8_t		*data;
	uint64_t		 off = x->sent * x->blksize, left = 0, len;
	unsigned		 i;
	int			 rv;

	if ((int64_t)off < x->size)
		left = (uint64_t)x->size - off;
	len = left < (uint64_t)n * x->blksize ? left : (uint64_t)n * x->blksize;
	if (x->ascii != NULL || len == 0)
		data = x->ascii != NULL ? x->ascii + off : (const uint8_t *)"";
	else if ((data = tftp_xfer_data(x, off, (size_t)len)) == NULL) {
		log_warn("%s: read %s", x->peerstr, x->name);
		tftp_xfer_fail(x, TFTP_EUNDEF, "read error");
		return -1;
	}
	memset(mm, 0, sizeof(mm[0]) * n);
	for (i = 0; i < n; i++) {
		tftp_msg_encode_data_hdr(tftp_block_wire(x->sent + 1 + i,
		    x->wrap_to), hdr[i]);
		iov[i][0].iov_base = hdr[i];
		iov[i][0].iov_len = TFTP_HDR_LEN;
		iov[i][1].iov_base = (void *)(uintptr_t)(data +
		    (size_t)i * x->blksize);
		iov[i][1].iov_len = (uint64_t)i * x->blksize >= len ? 0 :
		    (len - (uint64_t)i * x->blksize < x->blksize ?
		    len - (uint64_t)i * x->blksize : x->blksize);
		mm[i].msg_hdr.msg_name = &x->peer;
		mm[i].msg_hdr.msg_namelen = sizeof(x->peer);
		mm[i].msg_hdr.msg_iov = iov[i];
		mm[i].msg_hdr.msg_iovlen = 2;
	}
	if ((rv = sendmmsg(x->sock, mm, n, 0)) == -1) {
		if (errno != EAGAIN && errno != ENOBUFS && errno != EINTR)
			log_warn("%s: send", x->peerstr);
		return 0;
	}
	return rv;
}

/*
 * Sends from block sent + 1 to the end of the window (RFC 7440).  When
 * the socket's queue is full it pauses briefly and goes on where it
 * stopped; that pause is not a retransmission.  Returns -1 when the
 * transfer was freed.
 */
static int
tftp_xfer_send_window(struct tftp_xfer *x)
{
	uint64_t	end = x->acked + x->window;
	unsigned	n;
	int		rv;

	if (end > x->last)
		end = x->last;
	x->blocked = false;
	while (x->sent < end) {
		n = (unsigned)(end - x->sent);
		if (n > TFTP_SERVER_BATCH)
			n = TFTP_SERVER_BATCH;
		if (n * x->blksize > TFTP_SERVER_BATCH_BYTES)
			n = TFTP_SERVER_BATCH_BYTES / x->blksize;
		if (n == 0)
			n = 1;
		if ((rv = tftp_xfer_send_batch(x, n)) == -1)
			return -1;
		x->sent += (unsigned)rv;
		if ((unsigned)rv < n) {
			x->blocked = true;
			tftp_xfer_arm(x, TFTP_SERVER_RETRY_MS);
			return 0;
		}
	}
	tftp_xfer_arm(x, x->cur_timeout_ms);
	return 0;
}

static void
tftp_xfer_send_ack(struct tftp_xfer *x, uint64_t b)
{
	uint8_t	ack[TFTP_HDR_LEN];

	tftp_msg_encode_ack(tftp_block_wire(b, x->wrap_to), ack, sizeof(ack));
	tftp_xfer_send(x, ack, sizeof(ack));
}

/* Adds an accepted option to the OACK being built. */
static void
tftp_xfer_oack_add(struct tftp_opt *o, size_t *n, const char *name,
    long long v)
{
	strlcpy(o[*n].name, name, sizeof(o[*n].name));
	snprintf(o[*n].value, sizeof(o[*n].value), "%lld", v);
	(*n)++;
}

/*
 * RFC 2347: the OACK holds only options the client asked for and we
 * accept, with the values we will use; none accepted, no OACK.
 */
static void
tftp_xfer_negotiate(struct tftp_xfer *x, const struct tftp_reqopts *ro,
    unsigned blkmax, bool tsize_ok)
{
	struct tftp_opt	o[TFTP_OPTS_MAX];
	size_t		n = 0;
	int		len;

	if (ro->blksize > 0) {
		x->blksize = (unsigned)ro->blksize < blkmax ?
		    (unsigned)ro->blksize : blkmax;
		tftp_xfer_oack_add(o, &n, "blksize", x->blksize);
	}
	if (ro->timeout > 0) {
		x->timeout_ms = (unsigned)ro->timeout * 1000;
		tftp_xfer_oack_add(o, &n, "timeout", ro->timeout);
	}
	if (ro->tsize >= 0 && tsize_ok)
		tftp_xfer_oack_add(o, &n, "tsize",
		    x->upload ? ro->tsize : x->size);
	if (ro->windowsize > 0) {
		x->window = (unsigned)x->w->conf.window_max;
		if ((unsigned)ro->windowsize < x->window)
			x->window = (unsigned)ro->windowsize;
		tftp_xfer_oack_add(o, &n, "windowsize", x->window);
	}
	if (ro->rollover >= 0) {
		x->wrap_to = (int)ro->rollover;
		tftp_xfer_oack_add(o, &n, "rollover", ro->rollover);
	}
	x->cur_timeout_ms = x->timeout_ms;
	if (n > 0 && (len = tftp_msg_encode_oack(o, n, x->oack,
	    sizeof(x->oack))) > 0)
		x->oacklen = (size_t)len;
}

int
tftp_xfer_start_read(struct tftp_xfer *x, const struct tftp_reqopts *ro,
    unsigned blkmax, const char **errstr)
{
	int	code;

	if ((x->file = tftp_file_open(x->w, x->name, &code, errstr)) ==
	    NULL) {
		tftp_send_error(x->sock, &x->peer, code, *errstr);
		return -1;
	}
	x->size = x->file->size;
	if (x->mode == TFTP_MODE_NETASCII &&
	    (x->ascii = tftp_file_netascii(x->file, &x->size, &code,
	    errstr)) == NULL) {
		tftp_send_error(x->sock, &x->peer, code, *errstr);
		return -1;
	}
	/* RFC 2349: tsize in octet mode only (the netascii size differs). */
	tftp_xfer_negotiate(x, ro, blkmax, x->mode == TFTP_MODE_OCTET);
	x->last = (uint64_t)x->size / x->blksize + 1;
	if (x->oacklen > 0) {
		x->state = TFTP_XS_OACK;
		tftp_xfer_send(x, x->oack, x->oacklen);
		tftp_xfer_arm(x, x->cur_timeout_ms);
		return 0;
	}
	x->state = TFTP_XS_SENDING;
	return tftp_xfer_send_window(x) == -1 ? 1 : 0;
}

int
tftp_xfer_start_write(struct tftp_xfer *x, const struct tftp_reqopts *ro,
    unsigned blkmax, const char **errstr)
{
	int	code;

	if (ro->tsize > x->w->conf.upload_max) {
		*errstr = "file too large";
		tftp_send_error(x->sock, &x->peer, TFTP_ENOSPACE, *errstr);
		return -1;
	}
	if (tftp_upload_open(x, &code, errstr) == -1) {
		tftp_send_error(x->sock, &x->peer, code, *errstr);
		return -1;
	}
	x->size = ro->tsize;
	tftp_xfer_negotiate(x, ro, blkmax, true);
	x->state = TFTP_XS_RECEIVING;
	if (x->oacklen > 0)
		tftp_xfer_send(x, x->oack, x->oacklen);
	else
		tftp_xfer_send_ack(x, 0);
	tftp_xfer_arm(x, x->cur_timeout_ms);
	return 0;
}

bool
tftp_xfer_at_first(const struct tftp_xfer *x)
{
	return x->state == TFTP_XS_OACK ||
	    (x->state == TFTP_XS_SENDING && x->acked == 0) ||
	    (x->state == TFTP_XS_RECEIVING && x->received == 0);
}

/* A repeated request: answer again with the first packet. */
void
tftp_xfer_resend_first(struct tftp_xfer *x)
{
	if (x->oacklen > 0 && x->state != TFTP_XS_SENDING)
		tftp_xfer_send(x, x->oack, x->oacklen);
	else if (x->state == TFTP_XS_SENDING) {
		x->sent = x->acked;
		(void)tftp_xfer_send_window(x);	/* may free x: not used after */
	}
	else if (x->state == TFTP_XS_RECEIVING)
		tftp_xfer_send_ack(x, 0);
}

const char *
tftp_xfer_state_name(const struct tftp_xfer *x)
{
	switch (x->state) {
	case TFTP_XS_OACK:
		return "negotiating";
	case TFTP_XS_SENDING:
		return "sending";
	case TFTP_XS_RECEIVING:
		return "receiving";
	case TFTP_XS_DALLY:
		return "finishing";
	}
	return "?";
}

/* An ACK on a read.  Returns -1 when the transfer ended (and is freed). */
static int
tftp_xfer_on_ack(struct tftp_xfer *x, uint16_t wire)
{
	uint64_t	b;

	if (x->state == TFTP_XS_OACK) {
		if (wire != 0)
			return 0;
		x->state = TFTP_XS_SENDING;
		tftp_xfer_progressed(x);
		return tftp_xfer_send_window(x);
	}
	/* Stale and repeated ACKs are ignored: no re-send (SAS). */
	b = tftp_block_match(x->acked, x->sent - x->acked, wire, x->wrap_to);
	if (x->state != TFTP_XS_SENDING || b == 0)
		return 0;
	x->acked = b;
	x->bytes = b * x->blksize < (uint64_t)x->size ?
	    b * x->blksize : (uint64_t)x->size;
	tftp_xfer_progressed(x);
	if (b == x->last) {
		tftp_server_xfer_done(x, true, "complete");
		return -1;
	}
	/* RFC 7440: the next window starts right after the ACKed block. */
	x->sent = b;
	return tftp_xfer_send_window(x);
}

static int
tftp_xfer_write_data(struct tftp_xfer *x, const uint8_t *data, size_t len)
{
	uint8_t	*conv = NULL;
	ssize_t	 n;

	if (x->bytes + len > (uint64_t)x->w->conf.upload_max) {
		tftp_xfer_fail(x, TFTP_ENOSPACE, "file too large");
		return -1;
	}
	if (x->mode == TFTP_MODE_NETASCII) {
		conv = xmalloc(len + 1);
		len = tftp_netascii_decode(data, len, conv, &x->pending_cr);
		data = conv;
	}
	n = write(x->wfd, data, len);
	free(conv);
	if (n != (ssize_t)len) {
		tftp_xfer_fail(x, TFTP_ENOSPACE, "write error");
		return -1;
	}
	x->bytes += len;
	return 0;
}

static void
tftp_xfer_finish_upload(struct tftp_xfer *x)
{
	const char	*errstr = NULL;

	if (x->pending_cr) {
		x->pending_cr = false;
		if (write(x->wfd, "\r", 1) == 1)
			x->bytes++;
	}
	if (tftp_upload_commit(x, &errstr) == -1) {
		tftp_xfer_fail(x, TFTP_EACCESS, errstr);
		return;
	}
	tftp_xfer_send_ack(x, x->received);
	x->state = TFTP_XS_DALLY;
	tftp_xfer_arm(x, x->timeout_ms);
}

/* DATA on an upload.  Returns -1 when the transfer ended. */
static int
tftp_xfer_on_data(struct tftp_xfer *x, const struct tftp_msg *m)
{
	if (x->state == TFTP_XS_DALLY) {
		if (m->block == tftp_block_wire(x->received, x->wrap_to))
			tftp_xfer_send_ack(x, x->received);
		return 0;
	}
	if (m->block != tftp_block_wire(x->received + 1, x->wrap_to)) {
		/* Out of order or repeated: ACK what we hold (RFC 7440). */
		tftp_xfer_send_ack(x, x->received);
		return 0;
	}
	if (m->datalen > x->blksize) {
		tftp_xfer_fail(x, TFTP_EBADOP, "block larger than blksize");
		return -1;
	}
	if (tftp_xfer_write_data(x, m->data, m->datalen) == -1)
		return -1;
	x->received++;
	tftp_xfer_progressed(x);
	if (m->datalen < x->blksize) {
		tftp_xfer_finish_upload(x);
		if (x->state != TFTP_XS_DALLY)
			return -1;
		/* Reported now; the socket stays a while for a lost ACK. */
		tftp_server_xfer_report(x, true, "complete");
		return 0;
	}
	if (++x->inwindow >= x->window) {
		x->inwindow = 0;
		tftp_xfer_send_ack(x, x->received);
	}
	tftp_xfer_arm(x, x->cur_timeout_ms);
	return 0;
}

static int
tftp_xfer_on_packet(struct tftp_xfer *x, const uint8_t *buf, size_t len)
{
	struct tftp_msg	 m;
	const char	*errstr = NULL;

	if (tftp_msg_decode(buf, len, &m, &errstr) == -1) {
		log_debug("%s: %s: bad packet: %s", __func__, x->peerstr,
		    errstr);
		return 0;
	}
	switch (m.op) {
	case TFTP_ACK:
		return x->upload ? 0 : tftp_xfer_on_ack(x, m.block);
	case TFTP_DATA:
		return x->upload ? tftp_xfer_on_data(x, &m) : 0;
	case TFTP_ERROR:
		log_info("%s: client ended %s with error %u: %s", x->peerstr,
		    x->name, m.code, m.errmsg);
		tftp_server_xfer_done(x, x->state == TFTP_XS_DALLY,
		    m.code == TFTP_EOPTNEG ? "options refused" :
		    "client error");
		return -1;
	default:
		tftp_xfer_fail(x, TFTP_EBADOP, "illegal TFTP operation");
		return -1;
	}
}

static bool
tftp_xfer_is_peer(const struct tftp_xfer *x, const struct sockaddr_in *from)
{
	return from->sin_addr.s_addr == x->peer.sin_addr.s_addr &&
	    from->sin_port == x->peer.sin_port;
}

/*
 * Reads until the socket is empty (at most TFTP_SERVER_BURST datagrams)
 * on uploads, where a window of DATA is queued at once; a reader's
 * socket holds at most one useful ACK.
 */
static void
tftp_xfer_read(struct tftp_xfer *x, int fd, uint8_t *pkt, size_t pktsize)
{
	struct sockaddr_in	 from;
	socklen_t		 fromlen;
	ssize_t			 n;
	int			 i;

	for (i = 0; i < TFTP_SERVER_BURST; i++) {
		fromlen = sizeof(from);
		n = recvfrom(fd, pkt, pktsize, 0, (struct sockaddr *)&from,
		    &fromlen);
		if (n == -1)
			return;
		if (!tftp_xfer_is_peer(x, &from)) {
			/* RFC 1350 section 4: ERROR 5, transfer goes on. */
			tftp_send_error(fd, &from, TFTP_EBADID,
			    "unknown transfer ID");
			continue;
		}
		if (tftp_xfer_on_packet(x, pkt, (size_t)n) == -1)
			return;
		/*
		 * A reader ACKs once per window: after one, nothing more
		 * is due until the window just sent arrives, so a second
		 * recvfrom() would only say EAGAIN.  Stragglers make the
		 * socket readable again.
		 */
		if (!x->upload)
			return;
	}
}

/* Callbacks hold the worker's lock: x may be freed before the end. */
static void
tftp_xfer_read_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct tftp_xfer	*x = arg;
	struct tftp_worker	*w = x->w;

	(void)ev;
	pthread_mutex_lock(&w->lock);
	w->events++;
	tftp_xfer_read(x, fd, w->pkt, sizeof(w->pkt));
	pthread_mutex_unlock(&w->lock);
}

/* Re-sends whatever the peer is waiting for. */
static int
tftp_xfer_retransmit(struct tftp_xfer *x)
{
	x->resent++;
	switch (x->state) {
	case TFTP_XS_OACK:
		tftp_xfer_send(x, x->oack, x->oacklen);
		break;
	case TFTP_XS_SENDING:
		x->sent = x->acked;
		return tftp_xfer_send_window(x);
	case TFTP_XS_RECEIVING:
		if (x->received == 0 && x->oacklen > 0)
			tftp_xfer_send(x, x->oack, x->oacklen);
		else
			tftp_xfer_send_ack(x, x->received);
		break;
	case TFTP_XS_DALLY:
		break;
	}
	tftp_xfer_arm(x, x->cur_timeout_ms);
	return 0;
}

static void
tftp_xfer_timeout(struct tftp_xfer *x)
{
	if (x->blocked) {
		tftp_xfer_send_window(x);
		return;
	}
	if (x->state == TFTP_XS_DALLY) {
		tftp_server_xfer_close(x);
		return;
	}
	if (tftp_elapsed(&x->progress) >= x->w->conf.giveup_s) {
		if (!x->upload && x->state == TFTP_XS_SENDING &&
		    x->sent == x->last && x->acked + 1 == x->last) {
			x->bytes = (uint64_t)x->size;
			tftp_server_xfer_done(x, true,
			    "complete, final ACK not seen");
		} else
			tftp_xfer_fail(x, TFTP_EUNDEF, "timeout");
		return;
	}
	x->cur_timeout_ms *= 2;
	if (x->cur_timeout_ms > TFTP_SERVER_BACKOFF_MAX_MS)
		x->cur_timeout_ms = TFTP_SERVER_BACKOFF_MAX_MS;
	x->retries++;
	tftp_xfer_retransmit(x);
}

static void
tftp_xfer_timer_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct tftp_xfer	*x = arg;
	struct tftp_worker	*w = x->w;

	(void)fd;
	(void)ev;
	pthread_mutex_lock(&w->lock);
	tftp_xfer_timeout(x);
	pthread_mutex_unlock(&w->lock);
}
