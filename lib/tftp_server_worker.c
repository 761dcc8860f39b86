/*
 * tftp_server_worker.c: the event loops that run TFTP transfers.  With
 * one worker (the default) transfers run in the caller's loop and the
 * listener handles each request at once.  With more, each worker has its
 * own event base and thread; the listener, in the caller's loop, passes
 * every request through a pipe to the worker chosen by the client's
 * address and port, so repeats of a request reach the transfer they
 * repeat.  A transfer lives and ends in its worker; the main thread only
 * reads transfers under the worker's lock (status file, progress, log)
 * and changes its configuration copy there.  Threads start on the first
 * request or tftp_server_start(), after the program has daemonised and
 * dropped privileges; a thread with transfers may poll for a short while
 * before it sleeps (busy_poll_us).  It does not parse requests.
 */
#include "config.h"

#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "lib/log.h"
#include "lib/tftp_server_int.h"
#include "lib/xmalloc.h"

#define TFTP_WORKER_PIPE_SIZE	(256 * 1024)	/* queued requests */

static void
tftp_worker_pipe_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct tftp_worker	*w = arg;
	struct tftp_handoff	 ho;
	ssize_t			 n;
	int			 i;

	(void)ev;
	pthread_mutex_lock(&w->lock);
	for (i = 0; i < TFTP_SERVER_BURST; i++) {
		n = read(fd, &ho, sizeof(ho));
		if (n != (ssize_t)sizeof(ho))
			break;
		if (ho.len < 0) {
			tftp_server_close_all(w);
			w->stop = true;
			event_base_loopbreak(w->base);
			break;
		}
		tftp_server_request(w, &ho);
	}
	pthread_mutex_unlock(&w->lock);
}

static int
tftp_worker_init(struct tftp_server *srv, struct tftp_worker *w, int id,
    const char **errstr)
{
	w->srv = srv;
	w->id = id;
	w->conf = srv->conf;
	w->spin_us = srv->conf.busy_poll_us;
	w->pipe[0] = w->pipe[1] = -1;
	TAILQ_INIT(&w->xfers);
	RB_INIT(&w->files);
	pthread_mutex_init(&w->lock, NULL);
	if (!srv->threaded) {
		w->base = srv->base;
		return 0;
	}
	if ((w->base = event_base_new()) == NULL) {
		*errstr = "cannot create a worker's event base";
		return -1;
	}
	w->own_base = true;
	if (pipe2(w->pipe, O_NONBLOCK | O_CLOEXEC) == -1) {
		*errstr = "cannot create a worker's pipe";
		return -1;
	}
	(void)fcntl(w->pipe[1], F_SETPIPE_SZ, TFTP_WORKER_PIPE_SIZE);
	w->ev_pipe = event_new(w->base, w->pipe[0], EV_READ | EV_PERSIST,
	    tftp_worker_pipe_cb, w);
	event_add(w->ev_pipe, NULL);
	return 0;
}

int
tftp_workers_new(struct tftp_server *srv, int n, const char **errstr)
{
	int	i;

	if (n < 1)
		n = 1;
	if (n > TFTP_SERVER_WORKERS_MAX)
		n = TFTP_SERVER_WORKERS_MAX;
	srv->threaded = n > 1;
	srv->workers = xcalloc((size_t)n, sizeof(*srv->workers));
	srv->nworkers = n;
	for (i = 0; i < n; i++)
		if (tftp_worker_init(srv, &srv->workers[i], i, errstr) == -1)
			return -1;
	return 0;
}

static uint64_t
tftp_worker_now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/*
 * The thread's loop.  While it has transfers and a packet came in less
 * than busy_poll_us ago, it polls without sleeping: a lockstep client's
 * next ACK then finds it awake, which saves the scheduler's wake-up on
 * every round trip (BOOTP-TFTP.md section 11.3: the round trip is the
 * limit).  Otherwise it sleeps in the event loop.
 */
static void *
tftp_worker_main(void *arg)
{
	struct tftp_worker	*w = arg;
	uint64_t		 seen = 0, last = 0;
	uint64_t		 spin = (uint64_t)w->spin_us;

	while (!w->stop) {
		if (spin == 0 || TAILQ_EMPTY(&w->xfers) ||
		    tftp_worker_now_us() - last > spin) {
			event_base_loop(w->base, EVLOOP_ONCE);
			last = tftp_worker_now_us();
			continue;
		}
		event_base_loop(w->base, EVLOOP_NONBLOCK);
		if (w->events != seen) {
			seen = w->events;
			last = tftp_worker_now_us();
		}
	}
	return NULL;
}

/* Threads start with every signal blocked: the main loop handles them. */
int
tftp_workers_start(struct tftp_server *srv, const char **errstr)
{
	sigset_t	all, old;
	int		i, rv = 0;

	if (!srv->threaded || srv->started)
		return 0;
	srv->started = true;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (i = 0; i < srv->nworkers && rv == 0; i++) {
		if ((errno = pthread_create(&srv->workers[i].thread, NULL,
		    tftp_worker_main, &srv->workers[i])) != 0) {
			*errstr = "cannot start a worker thread";
			rv = -1;
		} else
			srv->workers[i].running = true;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rv == 0)
		log_info("tftp: %d worker threads", srv->nworkers);
	return rv;
}

/* Stops each thread (its transfers end first), then frees. */
void
tftp_workers_free(struct tftp_server *srv)
{
	struct tftp_handoff	 stop;
	struct tftp_worker	*w;
	int			 i;

	memset(&stop, 0, sizeof(stop));
	stop.len = -1;
	for (i = 0; i < srv->nworkers; i++) {
		w = &srv->workers[i];
		if (w->srv == NULL)
			continue;	/* never set up */
		if (w->running) {
			while (write(w->pipe[1], &stop, sizeof(stop)) == -1 &&
			    (errno == EAGAIN || errno == EINTR))
				usleep(1000);
			pthread_join(w->thread, NULL);
		} else
			tftp_server_close_all(w);
		if (w->ev_pipe != NULL)
			event_free(w->ev_pipe);
		if (w->pipe[0] != -1)
			close(w->pipe[0]);
		if (w->pipe[1] != -1)
			close(w->pipe[1]);
		if (w->own_base)
			event_base_free(w->base);
		pthread_mutex_destroy(&w->lock);
	}
	free(srv->workers);
	srv->workers = NULL;
	srv->nworkers = 0;
}

/* The worker for a client: all packets of one client port go to one. */
static struct tftp_worker *
tftp_workers_pick(struct tftp_server *srv, const struct sockaddr_in *from)
{
	uint32_t	h;

	h = (ntohl(from->sin_addr.s_addr) * 2654435761U) ^
	    ((uint32_t)ntohs(from->sin_port) * 40503U);
	h ^= h >> 16;
	return &srv->workers[h % (uint32_t)srv->nworkers];
}

void
tftp_workers_dispatch(struct tftp_server *srv, const struct tftp_handoff *ho)
{
	struct tftp_worker	*w;
	const char		*errstr = NULL;
	size_t			 len;

	if (!srv->threaded) {
		w = &srv->workers[0];
		pthread_mutex_lock(&w->lock);
		tftp_server_request(w, ho);
		pthread_mutex_unlock(&w->lock);
		return;
	}
	if (!srv->started && tftp_workers_start(srv, &errstr) == -1)
		fatal("tftp: %s", errstr);
	w = tftp_workers_pick(srv, &ho->from);
	len = sizeof(*ho);
	/* Full: the request is dropped and the client will repeat it. */
	if (write(w->pipe[1], ho, len) != (ssize_t)len)
		log_debug("%s: worker %d busy, request dropped", __func__,
		    w->id);
}

void
tftp_workers_each(struct tftp_server *srv,
    void (*fn)(struct tftp_worker *, void *), void *arg)
{
	int	i;

	for (i = 0; i < srv->nworkers; i++) {
		pthread_mutex_lock(&srv->workers[i].lock);
		fn(&srv->workers[i], arg);
		pthread_mutex_unlock(&srv->workers[i].lock);
	}
}
