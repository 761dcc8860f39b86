/*
 * tftp_server.c: the TFTP listener and the bookkeeping around transfers:
 * request checks (mode, name, limits, uploads), repeated requests,
 * the per-transfer log lines, periodic progress, the status file and
 * the summary when a batch of transfers has finished.  Requests sent to
 * a broadcast address are ignored (RFC 1123 section 4.2.3.5).  The
 * transfer state machine is in tftp_server_xfer.c, files in
 * tftp_server_file.c.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "lib/buf.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/net.h"
#include "lib/tftp_server_int.h"
#include "lib/xmalloc.h"

#define TFTP_STATUS_MAX		(4 * 1024 * 1024)

static void	tftp_server_listen_cb(evutil_socket_t, short, void *);
static void	tftp_server_tick_cb(evutil_socket_t, short, void *);

int
tftp_host_cmp(const struct tftp_host *a, const struct tftp_host *b)
{
	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	return 0;
}

RB_GENERATE(tftp_hosts, tftp_host, entry, tftp_host_cmp);

void
tftp_server_conf_init(struct tftp_server_conf *conf)
{
	memset(conf, 0, sizeof(*conf));
	strlcpy(conf->root, ".", sizeof(conf->root));
	strlcpy(conf->addr, "0.0.0.0", sizeof(conf->addr));
	conf->port = TFTP_PORT;
	conf->upload_max = (long long)TFTP_SERVER_UPLOAD_MAX;
	conf->window_max = TFTP_SERVER_WINDOW_DEFAULT;
	conf->timeout_ms = TFTP_SERVER_TIMEOUT_MS;
	conf->giveup_s = TFTP_SERVER_GIVEUP_S;
	conf->max_transfers = TFTP_SERVER_TRANSFERS_DEFAULT;
	conf->workers = 1;
	conf->progress_s = TFTP_SERVER_PROGRESS_S;
}

double
tftp_elapsed(const struct timespec *since)
{
	struct timespec	now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - since->tv_sec) +
	    (double)(now.tv_nsec - since->tv_nsec) / 1e9;
}

void
tftp_send_error(int sock, const struct sockaddr_in *to, int code,
    const char *msg)
{
	uint8_t	pkt[TFTP_HDR_LEN + TFTP_ERRMSG_MAX];
	int	n;

	n = tftp_msg_encode_error((uint16_t)code, msg, pkt, sizeof(pkt));
	if (n > 0)
		(void)sendto(sock, pkt, (size_t)n, 0,
		    (const struct sockaddr *)to, sizeof(*to));
}

static int
tftp_server_open_status(struct tftp_server *srv, const char **errstr)
{
	char	dir[PATH_MAX], base[PATH_MAX];

	srv->statusdirfd = -1;
	if (srv->conf.status_file[0] == '\0')
		return 0;
	strlcpy(dir, srv->conf.status_file, sizeof(dir));
	strlcpy(base, srv->conf.status_file, sizeof(base));
	if (strlcpy(srv->statusname, basename(base),
	    sizeof(srv->statusname)) >= sizeof(srv->statusname)) {
		*errstr = "status file name too long";
		return -1;
	}
	srv->statusdirfd = open(dirname(dir), O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC);
	if (srv->statusdirfd == -1) {
		*errstr = "cannot open the status file's directory";
		return -1;
	}
	return 0;
}

static int
tftp_server_listen(struct tftp_server *srv, const char **errstr)
{
	struct sockaddr_in	sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)srv->conf.port);
	if (net_addr_parse(srv->conf.addr, &sin.sin_addr) == -1) {
		*errstr = "bad listen address";
		return -1;
	}
	srv->sock = net_udp_bind(&sin, srv->conf.ifname, NET_PKTINFO, errstr);
	if (srv->sock == -1)
		return -1;
	srv->port = net_local_port(srv->sock);
	return 0;
}

struct tftp_server *
tftp_server_new(struct event_base *base, const struct tftp_server_conf *conf,
    const char **errstr)
{
	struct tftp_server	*srv;
	struct timeval		 tv = { 1, 0 };

	srv = xcalloc(1, sizeof(*srv));
	srv->base = base;
	srv->conf = *conf;
	srv->sock = -1;
	srv->statusdirfd = -1;
	pthread_mutex_init(&srv->lock, NULL);
	RB_INIT(&srv->hosts);
	srv->rootfd = open(conf->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (srv->rootfd == -1) {
		*errstr = "cannot open the TFTP root";
		goto fail;
	}
	if (tftp_server_open_status(srv, errstr) == -1 ||
	    tftp_server_listen(srv, errstr) == -1 ||
	    tftp_workers_new(srv, conf->workers, errstr) == -1)
		goto fail;
	srv->ev_listen = event_new(base, srv->sock, EV_READ | EV_PERSIST,
	    tftp_server_listen_cb, srv);
	srv->ev_tick = event_new(base, -1, EV_PERSIST, tftp_server_tick_cb,
	    srv);
	event_add(srv->ev_listen, NULL);
	event_add(srv->ev_tick, &tv);
	log_info("tftp: serving %s on %s:%d%s", conf->root, conf->addr,
	    srv->port, conf->upload_dir[0] != '\0' ? ", uploads allowed" :
	    ", read-only");
	srv->status_dirty = true;
	return srv;
fail:
	tftp_server_free(srv);
	return NULL;
}

int
tftp_server_start(struct tftp_server *srv, const char **errstr)
{
	return tftp_workers_start(srv, errstr);
}

void
tftp_server_close_all(struct tftp_worker *w)
{
	struct tftp_xfer	*x;

	while ((x = TAILQ_FIRST(&w->xfers)) != NULL) {
		if (!x->reported)
			tftp_send_error(x->sock, &x->peer, TFTP_EUNDEF,
			    "server shutting down");
		tftp_server_xfer_done(x, false, "server shutting down");
	}
}

void
tftp_server_free(struct tftp_server *srv)
{
	struct tftp_host	*h;

	if (srv == NULL)
		return;
	tftp_workers_free(srv);
	while ((h = RB_ROOT(&srv->hosts)) != NULL) {
		RB_REMOVE(tftp_hosts, &srv->hosts, h);
		free(h);
	}
	pthread_mutex_destroy(&srv->lock);
	if (srv->ev_listen != NULL)
		event_free(srv->ev_listen);
	if (srv->ev_tick != NULL)
		event_free(srv->ev_tick);
	if (srv->sock != -1)
		close(srv->sock);
	if (srv->rootfd != -1)
		close(srv->rootfd);
	if (srv->statusdirfd != -1)
		close(srv->statusdirfd);
	free(srv);
}

int
tftp_server_port(const struct tftp_server *srv)
{
	return srv->port;
}

static void
tftp_server_reconf_worker(struct tftp_worker *w, void *arg)
{
	w->conf = *(const struct tftp_server_conf *)arg;
}

void
tftp_server_reconf(struct tftp_server *srv,
    const struct tftp_server_conf *conf)
{
	struct tftp_server_conf	keep = srv->conf;

	srv->conf = *conf;
	/* Sockets and descriptors opened at start keep their settings. */
	memcpy(srv->conf.root, keep.root, sizeof(keep.root));
	memcpy(srv->conf.addr, keep.addr, sizeof(keep.addr));
	memcpy(srv->conf.ifname, keep.ifname, sizeof(keep.ifname));
	memcpy(srv->conf.status_file, keep.status_file,
	    sizeof(keep.status_file));
	srv->conf.port = keep.port;
	srv->conf.workers = keep.workers;
	tftp_workers_each(srv, tftp_server_reconf_worker, &srv->conf);
}

void
tftp_server_set_done_cb(struct tftp_server *srv, tftp_server_done_cb cb,
    void *arg)
{
	srv->done_cb = cb;
	srv->done_arg = arg;
}

int
tftp_server_active(const struct tftp_server *srv)
{
	return __atomic_load_n(&srv->nxfers, __ATOMIC_RELAXED);
}

/* One more transfer for addr's count (srv locked). */
static void
tftp_server_host_add(struct tftp_server *srv, in_addr_t addr)
{
	struct tftp_host	key, *h;

	key.addr = addr;
	if ((h = RB_FIND(tftp_hosts, &srv->hosts, &key)) == NULL) {
		h = xcalloc(1, sizeof(*h));
		h->addr = addr;
		RB_INSERT(tftp_hosts, &srv->hosts, h);
	}
	h->n++;
}

static int
tftp_server_host_count(struct tftp_server *srv, in_addr_t addr)
{
	struct tftp_host	key, *h;

	key.addr = addr;
	h = RB_FIND(tftp_hosts, &srv->hosts, &key);
	return h != NULL ? h->n : 0;
}

static void
tftp_server_host_del(struct tftp_server *srv, in_addr_t addr)
{
	struct tftp_host	 key, *h;

	key.addr = addr;
	if ((h = RB_FIND(tftp_hosts, &srv->hosts, &key)) != NULL &&
	    --h->n <= 0) {
		RB_REMOVE(tftp_hosts, &srv->hosts, h);
		free(h);
	}
}

/* The transfer leaves its client's count (srv locked). */
static void
tftp_server_uncount(struct tftp_xfer *x)
{
	if (!x->counted)
		return;
	x->counted = false;
	tftp_server_host_del(x->srv, x->peer.sin_addr.s_addr);
}

static double
tftp_rate_kib(uint64_t bytes, double secs)
{
	return secs > 0 ? (double)bytes / 1024.0 / secs : 0;
}

void
tftp_server_xfer_report(struct tftp_xfer *x, bool ok, const char *reason)
{
	struct tftp_server	*srv = x->srv;
	struct tftp_xfer_info	 info;
	double			 secs = tftp_elapsed(&x->start);

	if (x->reported)
		return;
	x->reported = true;
	x->w->status_dirty = true;
	log_info("%s: %s %s %s: %llu bytes in %.2f s (%.0f KiB/s), "
	    "blksize %u, window %u, %llu re-sent", x->peerstr,
	    x->upload ? "upload" : "read", x->name, reason,
	    (unsigned long long)x->bytes, secs, tftp_rate_kib(x->bytes, secs),
	    x->blksize, x->window, (unsigned long long)x->resent);
	pthread_mutex_lock(&srv->lock);
	if (ok) {
		srv->n_ok++;
		srv->batch_ok++;
	} else {
		srv->n_failed++;
		srv->batch_failed++;
	}
	srv->bytes_total += x->bytes;
	srv->batch_bytes += x->bytes;
	srv->status_dirty = true;
	tftp_server_uncount(x);
	pthread_mutex_unlock(&srv->lock);
	if (srv->done_cb == NULL)
		return;
	memset(&info, 0, sizeof(info));
	info.peer = x->peer;
	info.name = x->name;
	info.upload = x->upload;
	info.ok = ok;
	info.reason = reason;
	info.bytes = x->bytes;
	info.size = x->size;
	info.seconds = secs;
	info.blksize = x->blksize;
	info.windowsize = x->window;
	srv->done_cb(&info, srv->done_arg);
}

static void
tftp_server_batch_summary(struct tftp_server *srv)
{
	double	secs = tftp_elapsed(&srv->batch_start);

	if (srv->batch_ok + srv->batch_failed == 0)
		return;
	log_info("tftp: transfers finished: %llu ok, %llu failed, %llu bytes "
	    "in %.2f s (%.0f KiB/s)", (unsigned long long)srv->batch_ok,
	    (unsigned long long)srv->batch_failed,
	    (unsigned long long)srv->batch_bytes, secs,
	    tftp_rate_kib(srv->batch_bytes, secs));
	srv->batch_ok = srv->batch_failed = srv->batch_bytes = 0;
}

void
tftp_server_xfer_close(struct tftp_xfer *x)
{
	struct tftp_server	*srv = x->srv;

	TAILQ_REMOVE(&x->w->xfers, x, entry);
	x->w->status_dirty = true;
	pthread_mutex_lock(&srv->lock);
	tftp_server_uncount(x);
	srv->nxfers--;
	srv->status_dirty = true;
	if (srv->nxfers == 0)
		tftp_server_batch_summary(srv);
	pthread_mutex_unlock(&srv->lock);
	tftp_xfer_free(x);
}

void
tftp_server_xfer_done(struct tftp_xfer *x, bool ok, const char *reason)
{
	tftp_server_xfer_report(x, ok, reason);
	tftp_server_xfer_close(x);
}

/* The unfinished transfer of this client port, in its worker. */
static struct tftp_xfer *
tftp_server_find_peer(struct tftp_worker *w, const struct sockaddr_in *p)
{
	struct tftp_xfer	*x;

	TAILQ_FOREACH(x, &w->xfers, entry)
		if (x->peer.sin_addr.s_addr == p->sin_addr.s_addr &&
		    x->peer.sin_port == p->sin_port && !x->reported)
			return x;
	return NULL;
}

/* The largest blksize for a request that arrived on ifindex. */
static unsigned
tftp_server_blkmax(const struct tftp_worker *w, int ifindex)
{
	struct net_ifinfo	ifi;
	int			max = w->conf.blksize_max;

	if (max <= 0) {
		max = TFTP_BLKSIZE_MAX;
		if (net_if_byindex(ifindex, &ifi) == 0 && ifi.mtu > 0)
			max = ifi.mtu - TFTP_SERVER_MTU_OVERHEAD;
	}
	if (max > TFTP_BLKSIZE_MAX)
		max = TFTP_BLKSIZE_MAX;
	if (max < TFTP_BLKSIZE_MIN)
		max = TFTP_BLKSIZE_MIN;
	return (unsigned)max;
}

/* Checks a request before a transfer exists; -1 with code and errstr. */
static int
tftp_server_check(struct tftp_worker *w, const struct tftp_msg *m,
    char *name, size_t namesz, int *code, const char **errstr)
{
	enum tftp_mode	 mode;
	size_t		 n;

	if (tftp_msg_mode(m->mode, &mode) == -1) {
		*code = TFTP_EBADOP;
		*errstr = "unsupported mode";
		return -1;
	}
	if (tftp_name_normalise(m->name, w->conf.backslash,
	    w->conf.fold_case, name, namesz, code, errstr) == -1)
		return -1;
	if (*name == '\0') {
		*code = TFTP_ENOTFOUND;
		*errstr = "file not found";
		return -1;
	}
	if (m->op != TFTP_WRQ)
		return 0;
	n = strlen(w->conf.upload_dir);
	if (n == 0 || strncmp(name, w->conf.upload_dir, n) != 0 ||
	    name[n] != '/') {
		*code = TFTP_EACCESS;
		*errstr = n == 0 ? "uploads not allowed" :
		    "uploads only into the upload directory";
		return -1;
	}
	return 0;
}

/*
 * Takes a place for a new transfer from this client, or refuses when a
 * limit is reached: -1 after sending ERROR 0.
 */
static int
tftp_server_reserve(struct tftp_worker *w, const struct sockaddr_in *from)
{
	struct tftp_server	*srv = w->srv;
	in_addr_t		 a = from->sin_addr.s_addr;
	bool			 ok;

	pthread_mutex_lock(&srv->lock);
	ok = srv->nxfers < w->conf.max_transfers &&
	    (w->conf.max_per_client <= 0 ||
	    tftp_server_host_count(srv, a) < w->conf.max_per_client);
	if (ok) {
		if (srv->nxfers == 0)
			clock_gettime(CLOCK_MONOTONIC, &srv->batch_start);
		srv->nxfers++;
		tftp_server_host_add(srv, a);
	}
	pthread_mutex_unlock(&srv->lock);
	if (!ok)
		tftp_send_error(srv->sock, from, TFTP_EUNDEF, "busy, retry");
	return ok ? 0 : -1;
}

static void
tftp_server_unreserve(struct tftp_server *srv, in_addr_t a)
{
	pthread_mutex_lock(&srv->lock);
	tftp_server_host_del(srv, a);
	srv->nxfers--;
	pthread_mutex_unlock(&srv->lock);
}

/* Starts a transfer with a place taken by tftp_server_reserve(). */
static void
tftp_server_begin(struct tftp_worker *w, const struct tftp_msg *m,
    const char *name, const struct sockaddr_in *from, struct in_addr local,
    int ifindex)
{
	struct tftp_xfer	*x;
	struct tftp_reqopts	 ro;
	const char		*errstr = NULL;
	int			 rv;

	if ((x = tftp_xfer_new(w, from, local, &errstr)) == NULL) {
		log_warn("tftp: transfer socket (%s)", errstr);
		tftp_server_unreserve(w->srv, from->sin_addr.s_addr);
		tftp_send_error(w->srv->sock, from, TFTP_EUNDEF,
		    "busy, retry");
		return;
	}
	x->counted = true;
	strlcpy(x->name, name, sizeof(x->name));
	x->upload = m->op == TFTP_WRQ;
	(void)tftp_msg_mode(m->mode, &x->mode);
	TAILQ_INSERT_TAIL(&w->xfers, x, entry);
	w->status_dirty = true;
	tftp_msg_reqopts(m, &ro);
	rv = x->upload ? tftp_xfer_start_write(x, &ro,
	    tftp_server_blkmax(w, ifindex), &errstr) :
	    tftp_xfer_start_read(x, &ro, tftp_server_blkmax(w, ifindex),
	    &errstr);
	if (rv == 1)
		return;		/* ended at once, already reported */
	if (rv == -1) {
		x->reported = true;	/* a refusal, not a transfer */
		log_info("%s: %s %s refused: %s", x->peerstr,
		    tftp_op_name(m->op), name, errstr);
		tftp_server_xfer_close(x);
		return;
	}
	log_info("%s: %s %s (%s): size %lld, blksize %u, window %u, "
	    "timeout %u ms", x->peerstr, tftp_op_name(m->op), name, m->mode,
	    (long long)x->size, x->blksize, x->window, x->timeout_ms);
}

/* Hostile or malformed requests: logged at most once a second. */
static void
tftp_server_bad(struct tftp_worker *w, const char *ps, const char *why)
{
	unsigned	n;

	if (net_ratelimit_ok(&w->badlog, &n))
		log_info("%s: bad TFTP request: %s (%u more not logged)", ps,
		    why, n);
}

void
tftp_server_request(struct tftp_worker *w, const struct tftp_handoff *ho)
{
	struct tftp_server	*srv = w->srv;
	struct tftp_msg		 m;
	struct tftp_xfer	*x;
	const struct sockaddr_in *from = &ho->from;
	const uint8_t		*buf = ho->data;
	size_t			 len = (size_t)ho->len;
	struct in_addr		 dst = ho->dst;
	char			 name[TFTP_NAME_MAX + 1], ps[NET_ADDRSTR_MAX];
	const char		*errstr = NULL;
	int			 code = TFTP_EBADOP;

	net_addr_str(from, ps, sizeof(ps));
	if (dst.s_addr != 0 && (IN_MULTICAST(ntohl(dst.s_addr)) ||
	    net_is_broadcast(dst))) {
		log_debug("%s: %s: request to a broadcast address ignored",
		    __func__, ps);
		return;
	}
	if (tftp_msg_decode(buf, len, &m, &errstr) == -1 ||
	    (m.op != TFTP_RRQ && m.op != TFTP_WRQ)) {
		tftp_server_bad(w, ps, errstr != NULL ? errstr :
		    "not a request");
		/* Answer only what claims to be a request. */
		if (len >= 2 && buf[0] == 0 &&
		    (buf[1] == TFTP_RRQ || buf[1] == TFTP_WRQ))
			tftp_send_error(srv->sock, from, TFTP_EBADOP,
			    "illegal TFTP operation");
		return;
	}
	if (tftp_server_check(w, &m, name, sizeof(name), &code,
	    &errstr) == -1) {
		log_info("%s: %s %s refused: %s", ps, tftp_op_name(m.op),
		    m.name, errstr);
		tftp_send_error(srv->sock, from, code, errstr);
		return;
	}
	if ((x = tftp_server_find_peer(w, from)) != NULL) {
		if (strcmp(x->name, name) == 0 && tftp_xfer_at_first(x)) {
			tftp_xfer_resend_first(x);	/* a repeat */
			return;
		}
		tftp_server_xfer_done(x, false, "superseded by a new request");
	}
	if (tftp_server_reserve(w, from) == -1) {
		log_info("%s: %s %s refused: busy", ps, tftp_op_name(m.op),
		    name);
		return;
	}
	if (dst.s_addr == 0)
		(void)net_addr_parse(w->conf.addr, &dst);
	tftp_server_begin(w, &m, name, from, dst, ho->ifindex);
}

static void
tftp_server_listen_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct tftp_server	*srv = arg;
	struct tftp_handoff	*ho = &srv->ho;
	ssize_t			 n;
	int			 i;

	(void)ev;
	for (i = 0; i < TFTP_SERVER_BURST; i++) {
		n = net_recv(fd, ho->data, sizeof(ho->data), &ho->from,
		    &ho->dst, &ho->ifindex);
		if (n == -1)
			return;
		ho->len = (int)n;
		tftp_workers_dispatch(srv, ho);
	}
}

static void
tftp_server_progress(struct tftp_worker *w, void *arg)
{
	struct tftp_xfer	*x;
	double			 dt;

	(void)arg;
	if (w->conf.progress_s <= 0)
		return;
	TAILQ_FOREACH(x, &w->xfers, entry) {
		if (x->reported ||
		    (dt = tftp_elapsed(&x->reported_at)) < w->conf.progress_s)
			continue;
		log_info("%s: %s %s: %llu of %lld bytes, %.0f KiB/s, %s%s",
		    x->peerstr, x->upload ? "upload" : "read", x->name,
		    (unsigned long long)x->bytes, (long long)x->size,
		    tftp_rate_kib(x->bytes - x->bytes_reported, dt),
		    tftp_xfer_state_name(x),
		    x->retries > 0 ? ", retrying" : "");
		clock_gettime(CLOCK_MONOTONIC, &x->reported_at);
		x->bytes_reported = x->bytes;
	}
}

static void
tftp_server_status_xfer(struct json *j, const struct tftp_xfer *x)
{
	double	secs = tftp_elapsed(&x->start);

	json_object_begin(j);
	json_kv_string(j, "peer", x->peerstr);
	json_kv_string(j, "file", x->name);
	json_kv_bool(j, "upload", x->upload);
	json_kv_string(j, "state", x->reported ? "done" :
	    tftp_xfer_state_name(x));
	json_kv_int(j, "bytes", (long long)x->bytes);
	json_kv_int(j, "size", (long long)x->size);
	json_kv_int(j, "rate_kib", (long long)tftp_rate_kib(x->bytes, secs));
	json_kv_int(j, "seconds", (long long)secs);
	json_kv_int(j, "blksize", x->blksize);
	json_kv_int(j, "windowsize", x->window);
	json_kv_int(j, "resent", (long long)x->resent);
	json_object_end(j);
}

static void
tftp_server_status_worker(struct tftp_worker *w, void *arg)
{
	struct tftp_xfer	*x;

	TAILQ_FOREACH(x, &w->xfers, entry)
		tftp_server_status_xfer(arg, x);
	w->status_dirty = false;
}

static void
tftp_server_status_json(struct tftp_server *srv, struct buf *b)
{
	struct json	j;

	json_init(&j, b);
	json_object_begin(&j);
	json_kv_int(&j, "updated", (long long)time(NULL));
	json_kv_int(&j, "port", srv->port);
	pthread_mutex_lock(&srv->lock);
	json_kv_int(&j, "active", srv->nxfers);
	json_kv_int(&j, "ok", (long long)srv->n_ok);
	json_kv_int(&j, "failed", (long long)srv->n_failed);
	json_kv_int(&j, "bytes", (long long)srv->bytes_total);
	srv->status_dirty = false;
	pthread_mutex_unlock(&srv->lock);
	json_key(&j, "transfers");
	json_array_begin(&j);
	tftp_workers_each(srv, tftp_server_status_worker, &j);
	json_array_end(&j);
	json_object_end(&j);
	buf_addch(b, '\n');
}

/* The status file: JSON (a YAML subset), replaced by temp + rename. */
static void
tftp_server_write_status(struct tftp_server *srv)
{
	struct buf	b;
	char		tmp[NAME_MAX + 8];
	int		fd;

	buf_init(&b, TFTP_STATUS_MAX);
	tftp_server_status_json(srv, &b);
	snprintf(tmp, sizeof(tmp), ".%s.tmp", srv->statusname);
	fd = openat(srv->statusdirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC |
	    O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd == -1 || write(fd, b.data, b.len) != (ssize_t)b.len ||
	    close(fd) == -1 ||
	    renameat(srv->statusdirfd, tmp, srv->statusdirfd,
	    srv->statusname) == -1)
		log_warn("tftp: status file %s", srv->conf.status_file);
	buf_clear(&b);
}

static void
tftp_server_dirty(struct tftp_worker *w, void *arg)
{
	if (w->status_dirty || !TAILQ_EMPTY(&w->xfers))
		*(bool *)arg = true;
}

static void
tftp_server_tick_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct tftp_server	*srv = arg;
	bool			 dirty;

	(void)fd;
	(void)ev;
	tftp_workers_each(srv, tftp_server_progress, NULL);
	if (srv->statusdirfd == -1)
		return;
	pthread_mutex_lock(&srv->lock);
	dirty = srv->status_dirty || srv->nxfers > 0;
	pthread_mutex_unlock(&srv->lock);
	if (!dirty)
		tftp_workers_each(srv, tftp_server_dirty, &dirty);
	if (dirty)
		tftp_server_write_status(srv);
}

static void
tftp_server_log_worker(struct tftp_worker *w, void *arg)
{
	struct tftp_xfer	*x;

	(void)arg;
	TAILQ_FOREACH(x, &w->xfers, entry)
		log_info("%s: %s %s: %llu of %lld bytes, %s", x->peerstr,
		    x->upload ? "upload" : "read", x->name,
		    (unsigned long long)x->bytes, (long long)x->size,
		    tftp_xfer_state_name(x));
}

void
tftp_server_log_status(struct tftp_server *srv)
{
	pthread_mutex_lock(&srv->lock);
	log_info("tftp: %d active, %llu ok, %llu failed, %llu bytes served",
	    srv->nxfers, (unsigned long long)srv->n_ok,
	    (unsigned long long)srv->n_failed,
	    (unsigned long long)srv->bytes_total);
	pthread_mutex_unlock(&srv->lock);
	tftp_workers_each(srv, tftp_server_log_worker, NULL);
}
