/*
 * connreq.c: the fleet's one Connection Request listener (CWMP.md 9.1).
 * libmicrohttpd runs without a thread of its own, in its epoll mode: its
 * epoll descriptor is one persistent libevent read event and its timeout
 * one timer, so the whole simulator stays single-threaded.  Each device
 * has a random URL path; a GET to it must pass HTTP Digest (MD5, qop=auth)
 * with the device's ConnectionRequestUsername/Password, is answered 200
 * with an empty body at once, and the session starts from the event loop
 * afterwards.  It does not do UDP connection requests (Annex G).
 */
#include "config.h"

#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <microhttpd.h>

#include "lib/log.h"
#include "lib/xmalloc.h"

#include "cpe-sim/cpesim.h"

#define CONNREQ_REALM		"cpe-sim"
#define CONNREQ_NONCE_TIMEOUT	300	/* seconds */
#define CONNREQ_CONN_MAX	1024
#define CONNREQ_CONN_TIMEOUT	10	/* seconds */

static int
connreq_cmp(struct device *a, struct device *b)
{
	return strcmp(a->cr_token, b->cr_token);
}

RB_GENERATE_STATIC(cr_tree, device, cr_entry, connreq_cmp)

static struct device *
connreq_find(struct sim *sim, const char *token)
{
	struct device	key;

	if (strlen(token) != SIM_CR_TOKEN_LEN)
		return NULL;
	memcpy(key.cr_token, token, SIM_CR_TOKEN_LEN + 1);
	return RB_FIND(cr_tree, &sim->cr_devices, &key);
}

void
connreq_unregister(struct sim *sim, struct device *dev)
{
	if (dev->cr_token[0] != '\0' &&
	    RB_FIND(cr_tree, &sim->cr_devices, dev) == dev)
		RB_REMOVE(cr_tree, &sim->cr_devices, dev);
}

int
connreq_url(struct sim *sim, struct device *dev, char *buf, size_t len)
{
	struct device	*other;

	if (sim->cr_daemon == NULL)
		return -1;
	other = RB_FIND(cr_tree, &sim->cr_devices, dev);
	if (other == NULL)
		RB_INSERT(cr_tree, &sim->cr_devices, dev);
	else if (other != dev)
		return -1;	/* token clash: this device gets no URL */
	if ((size_t)snprintf(buf, len, "http://%s:%d/%s", sim->conf.cr_host,
	    sim->cr_bound_port, dev->cr_token) >= len)
		return -1;
	return 0;
}

static enum MHD_Result
connreq_reply(struct MHD_Connection *c, unsigned int status)
{
	struct MHD_Response	*r;
	enum MHD_Result		 ret;

	r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
connreq_handler(void *cls, struct MHD_Connection *c, const char *path,
    const char *method, const char *version, const char *data,
    size_t *size, void **ctx)
{
	struct sim		*sim = cls;
	struct device		*dev;
	struct MHD_Response	*r;
	const char		*user, *pass;
	enum MHD_Result		 ret;
	int			 ok;

	if (strcmp(method, "GET") != 0)
		return connreq_reply(c, MHD_HTTP_METHOD_NOT_ALLOWED);
	dev = connreq_find(sim, path[0] == '/' ? path + 1 : path);
	if (dev == NULL || dev->stopped)
		return connreq_reply(c, MHD_HTTP_NOT_FOUND);
	user = device_param(dev, "ManagementServer.ConnectionRequestUsername");
	pass = device_param(dev, "ManagementServer.ConnectionRequestPassword");
	ok = MHD_digest_auth_check2(c, CONNREQ_REALM, user != NULL ? user : "",
	    pass != NULL ? pass : "", CONNREQ_NONCE_TIMEOUT,
	    MHD_DIGEST_ALG_MD5);
	if (ok != MHD_YES) {
		r = MHD_create_response_from_buffer(0, NULL,
		    MHD_RESPMEM_PERSISTENT);
		ret = MHD_queue_auth_fail_response2(c, CONNREQ_REALM,
		    dev->cr_token, r, ok == MHD_INVALID_NONCE ? MHD_YES : MHD_NO,
		    MHD_DIGEST_ALG_MD5);
		MHD_destroy_response(r);
		return ret;
	}
	/* Rate limit: one pending request while a session runs. */
	if (dev->session != NULL && dev->cr_pending)
		return connreq_reply(c, MHD_HTTP_SERVICE_UNAVAILABLE);
	log_debug("%s: %s: connection request", __func__, dev->serial);
	ret = connreq_reply(c, MHD_HTTP_OK);
	device_connection_request(dev);
	return ret;
}

static void
connreq_arm(struct sim *sim)
{
	MHD_UNSIGNED_LONG_LONG	to;
	struct timeval		tv;

	if (MHD_get_timeout(sim->cr_daemon, &to) != MHD_YES) {
		evtimer_del(sim->ev_cr_timer);
		return;
	}
	tv.tv_sec = (time_t)(to / 1000);
	tv.tv_usec = (suseconds_t)((to % 1000) * 1000);
	evtimer_add(sim->ev_cr_timer, &tv);
}

static void
connreq_cb(evutil_socket_t fd, short what, void *arg)
{
	struct sim	*sim = arg;

	MHD_run(sim->cr_daemon);
	connreq_arm(sim);
}

int
connreq_start(struct sim *sim, const char *host, int port)
{
	const union MHD_DaemonInfo	*info;
	struct sockaddr_in		 sin;
	static char			 rnd[32];

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sin.sin_addr) != 1) {
		log_warnx("connection request host %s: not an IPv4 address",
		    host);
		return -1;
	}
	arc4random_buf(rnd, sizeof(rnd));
	sim->cr_daemon = MHD_start_daemon(MHD_USE_EPOLL | MHD_USE_ERROR_LOG,
	    (uint16_t)port, NULL, NULL, connreq_handler, sim,
	    MHD_OPTION_SOCK_ADDR, &sin,
	    MHD_OPTION_DIGEST_AUTH_RANDOM, sizeof(rnd), rnd,
	    MHD_OPTION_NONCE_NC_SIZE, 4096,
	    MHD_OPTION_CONNECTION_LIMIT, CONNREQ_CONN_MAX,
	    MHD_OPTION_CONNECTION_TIMEOUT, CONNREQ_CONN_TIMEOUT,
	    MHD_OPTION_END);
	if (sim->cr_daemon == NULL) {
		log_warnx("cannot start the connection request listener on "
		    "%s:%d", host, port);
		return -1;
	}
	info = MHD_get_daemon_info(sim->cr_daemon, MHD_DAEMON_INFO_EPOLL_FD);
	sim->ev_cr = event_new(sim->base, info->epoll_fd, EV_READ | EV_PERSIST,
	    connreq_cb, sim);
	sim->ev_cr_timer = evtimer_new(sim->base, connreq_cb, sim);
	event_add(sim->ev_cr, NULL);
	info = MHD_get_daemon_info(sim->cr_daemon, MHD_DAEMON_INFO_BIND_PORT);
	sim->cr_bound_port = info->port;
	log_info("connection requests on %s port %d", host,
	    sim->cr_bound_port);
	return 0;
}

void
connreq_stop(struct sim *sim)
{
	if (sim->cr_daemon == NULL)
		return;
	event_free(sim->ev_cr);
	event_free(sim->ev_cr_timer);
	MHD_stop_daemon(sim->cr_daemon);
	sim->cr_daemon = NULL;
}
