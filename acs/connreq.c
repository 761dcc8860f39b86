/*
 * connreq.c: Connection Requests (CWMP.md 9.1) from acsd's background
 * thread (STYLE.md 8): one libevent base running lib/http_client (libcurl
 * multi), fed through a pipe so MHD handlers never block on the network.
 * A kick is an HTTP GET to the device's ConnectionRequestURL with Digest
 * (Basic only if configured) and a short timeout; 200/204 means "kicked",
 * anything else "offline" with the reason, logged once.  Kicks come from
 * connreq_kick() and from files <state>/kick/<device> that acsctl or rules
 * create; a process takes one by unlinking it, so with several acsd on one
 * spool exactly one sends it.  It does not wait for the session.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "lib/http_client.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "acs/acs.h"

#define CONNREQ_URL_MAX 1024
#define CONNREQ_CRED_MAX 256
#define CONNREQ_INFLIGHT_MAX 256

struct connreq_kick {
	struct acs_connreq *cr;
	struct http_request *req;
	char device[ACS_DEVICE_MAX + 1];
	char url[CONNREQ_URL_MAX];
};

struct acs_connreq {
	struct acs_ctx *ctx;
	pthread_t thread;
	struct event_base *base;
	struct http_client *hc;
	struct event *pipe_ev;
	struct event *poll_ev;
	int pipefd[2];
	int inflight;
	char kick_dir[PATH_MAX];
};

static void
connreq_done(struct http_request *req, void *arg)
{
	struct connreq_kick *k = arg;
	long status = http_request_status(req);

	if (http_request_result(req) == HTTP_RESULT_OK &&
	    (status == 200 || status == 204))
		log_info(
		    "connection request %s: kicked (%ld)", k->device, status);
	else if (http_request_result(req) == HTTP_RESULT_OK)
		log_info("connection request %s: offline: HTTP %ld", k->device,
		    status);
	else
		log_info("connection request %s: offline: %s", k->device,
		    http_request_error(req));
	k->cr->inflight--;
	http_request_free(req);
	free(k);
}

static void
connreq_send(struct acs_connreq *cr, const char *device)
{
	struct acs_config *cfg = cr->ctx->cfg;
	struct connreq_kick *k;
	char user[CONNREQ_CRED_MAX], pass[CONNREQ_CRED_MAX];
	long t;

	if (cr->inflight >= CONNREQ_INFLIGHT_MAX) {
		log_warnx("connection request %s: too many in flight", device);
		return;
	}
	k = xcalloc(1, sizeof(*k));
	k->cr = cr;
	strlcpy(k->device, device, sizeof(k->device));
	if (backend_cr_target(cr->ctx, device, k->url, sizeof(k->url), user,
	        sizeof(user), pass, sizeof(pass)) == -1) {
		log_info(
		    "connection request %s: no ConnectionRequestURL", device);
		free(k);
		return;
	}
	k->req = http_request_new(cr->hc);
	http_request_set_url(k->req, k->url);
	/*
	 * No redirects (FOLLOWLOCATION off), but MAXREDIRS must not be 0:
	 * libcurl counts the Digest retry against it.
	 */
	http_request_set_protocols(k->req, "http", "http", -1);
	http_request_set_auth(k->req,
	    HTTP_AUTH_DIGEST | (cfg->cr.allow_basic ? HTTP_AUTH_BASIC : 0),
	    user, pass);
	t = (cfg->cr.timeout + 999) / 1000;
	http_request_set_timeouts(k->req, t, t, 0);
	http_request_set_get(k->req);
	explicit_bzero(pass, sizeof(pass));
	if (http_request_start(k->req, connreq_done, k) == -1) {
		log_warnx("connection request %s: cannot start", device);
		http_request_free(k->req);
		free(k);
		return;
	}
	cr->inflight++;
}

static void
connreq_pipe_cb(evutil_socket_t fd, short what, void *arg)
{
	struct acs_connreq *cr = arg;
	char dev[ACS_DEVICE_MAX + 1];
	ssize_t n;

	while ((n = read(fd, dev, sizeof(dev))) == (ssize_t)sizeof(dev)) {
		if (dev[0] == '\0') {
			event_base_loopexit(cr->base, NULL);
			return;
		}
		dev[sizeof(dev) - 1] = '\0';
		connreq_send(cr, dev);
	}
}

/* Takes kick files: whoever unlinks one sends it. */
static void
connreq_poll_cb(evutil_socket_t fd, short what, void *arg)
{
	struct acs_connreq *cr = arg;
	struct dirent *de;
	DIR *d;
	char path[PATH_MAX];

	d = opendir(cr->kick_dir);
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' ||
		    strlen(de->d_name) > ACS_DEVICE_MAX ||
		    snprintf(path, sizeof(path), "%s/%s", cr->kick_dir,
		        de->d_name) >= (int)sizeof(path))
			continue;
		if (unlink(path) == 0)
			connreq_send(cr, de->d_name);
	}
	closedir(d);
}

static void *
connreq_thread(void *arg)
{
	struct acs_connreq *cr = arg;

	event_base_dispatch(cr->base);
	return NULL;
}

static int
connreq_events(struct acs_connreq *cr)
{
	struct timeval tv;
	int64_t poll = cr->ctx->cfg->cr.poll;

	cr->pipe_ev = event_new(
	    cr->base, cr->pipefd[0], EV_READ | EV_PERSIST, connreq_pipe_cb, cr);
	if (cr->pipe_ev == NULL || event_add(cr->pipe_ev, NULL) == -1)
		return -1;
	if (poll <= 0)
		return 0;
	tv.tv_sec = poll / 1000;
	tv.tv_usec = (poll % 1000) * 1000;
	cr->poll_ev = event_new(cr->base, -1, EV_PERSIST, connreq_poll_cb, cr);
	if (cr->poll_ev == NULL || event_add(cr->poll_ev, &tv) == -1)
		return -1;
	return 0;
}

int
connreq_start(struct acs_ctx *ctx)
{
	struct acs_connreq *cr;

	cr = xcalloc(1, sizeof(*cr));
	cr->ctx = ctx;
	snprintf(cr->kick_dir, sizeof(cr->kick_dir), "%s/kick",
	    ctx->cfg->store.state_dir);
	if (mkdir(cr->kick_dir, 0770) == -1 && errno != EEXIST)
		log_warn("%s", cr->kick_dir);
	if (pipe2(cr->pipefd, O_CLOEXEC) == -1)
		goto fail;
	fcntl(cr->pipefd[0], F_SETFL, O_NONBLOCK);
	fcntl(cr->pipefd[1], F_SETFL, O_NONBLOCK);
	cr->base = event_base_new();
	if (cr->base == NULL)
		goto fail;
	cr->hc = http_client_new(cr->base);
	if (cr->hc == NULL || connreq_events(cr) == -1)
		goto fail;
	if (pthread_create(&cr->thread, NULL, connreq_thread, cr) != 0)
		goto fail;
	ctx->connreq = cr;
	return 0;
fail:
	log_warn("connection request thread");
	return -1;
}

int
connreq_kick(struct acs_ctx *ctx, const char *device)
{
	char dev[ACS_DEVICE_MAX + 1];

	if (ctx->connreq == NULL || *device == '\0')
		return -1;
	memset(dev, 0, sizeof(dev));
	strlcpy(dev, device, sizeof(dev));
	/* Records are smaller than PIPE_BUF, so each write is atomic. */
	if (write(ctx->connreq->pipefd[1], dev, sizeof(dev)) !=
	    (ssize_t)sizeof(dev)) {
		log_warnx("connection request %s: queue full", device);
		return -1;
	}
	return 0;
}

void
connreq_stop(struct acs_ctx *ctx)
{
	struct acs_connreq *cr = ctx->connreq;
	char stop[ACS_DEVICE_MAX + 1];

	if (cr == NULL)
		return;
	memset(stop, 0, sizeof(stop));
	if (write(cr->pipefd[1], stop, sizeof(stop)) == (ssize_t)sizeof(stop))
		pthread_join(cr->thread, NULL);
	if (cr->poll_ev != NULL)
		event_free(cr->poll_ev);
	if (cr->pipe_ev != NULL)
		event_free(cr->pipe_ev);
	http_client_free(cr->hc);
	event_base_free(cr->base);
	close(cr->pipefd[0]);
	close(cr->pipefd[1]);
	free(cr);
	ctx->connreq = NULL;
}
