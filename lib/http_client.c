/*
 * http_client.c: libcurl multi driven by libevent, as curl's hiperfifo.c
 * does: CURLMOPT_SOCKETFUNCTION keeps one persistent event per socket,
 * CURLMOPT_TIMERFUNCTION arms one timer, and every callback runs
 * curl_multi_socket_action() and then drains curl_multi_info_read().
 * Requests are easy handles that stay alive between transfers so a CWMP
 * session keeps its connection, its Digest state and its cookies.
 *
 * The cookie jar is our own rather than curl's because the simulator must
 * echo cookies in the RFC 2109 style some devices use.  It does not follow
 * cookie domains or expiry: a jar lives for one session.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <curl/curl.h>
#include <event2/event.h>

#include "lib/buf.h"
#include "lib/http_client.h"
#include "lib/log.h"
#include "lib/xmalloc.h"

struct http_client {
	struct event_base	*base;
	CURLM			*multi;
	struct event		*timer;
	int			 running;
};

enum http_body_mode {
	HTTP_BODY_NONE,
	HTTP_BODY_MEM,
	HTTP_BODY_FD
};

struct http_request {
	struct http_client	*hc;
	CURL			*easy;
	bool			 running;
	http_done_cb		 cb;
	void			*cb_arg;

	/* Request side. */
	char			*url;
	char			*user;
	char			*password;
	struct curl_slist	*headers;
	struct buf		 post;
	size_t			 post_off;
	size_t			 chunk;
	int			 put_fd;
	uint64_t		 put_size;
	uint64_t		 put_off;
	enum http_cookie_style	 cookie_style;
	char			*cookies[HTTP_CLIENT_COOKIES_MAX];
	int			 ncookies;
	struct curl_slist	*sent_headers;	/* headers + Cookie line */

	/* Reply side. */
	enum http_body_mode	 body_mode;
	struct buf		 body;
	size_t			 body_max;
	int			 out_fd;
	uint64_t		 out_max;
	uint64_t		 bytes;
	bool			 overflow;
	bool			 write_failed;
	char			 ctype[HTTP_CLIENT_CTYPE_MAX];
	char			 errbuf[CURL_ERROR_SIZE];
	char			 error[HTTP_CLIENT_ERROR_MAX];
	int			 code;
	long			 status;
	enum http_result	 result;
};

static void	http_client_check_info(struct http_client *);

static void
http_client_event_cb(evutil_socket_t fd, short kind, void *arg)
{
	struct http_client	*hc = arg;
	int			 action = 0;

	if (kind & EV_READ)
		action |= CURL_CSELECT_IN;
	if (kind & EV_WRITE)
		action |= CURL_CSELECT_OUT;
	curl_multi_socket_action(hc->multi, fd, action, &hc->running);
	/*
	 * No evtimer_del() when nothing runs, unlike hiperfifo.c: a
	 * completion callback may have started the next request, whose
	 * timer must stay armed.  curl disarms it through the timer callback.
	 */
	http_client_check_info(hc);
}

static void
http_client_timer_cb(evutil_socket_t fd, short kind, void *arg)
{
	struct http_client	*hc = arg;

	curl_multi_socket_action(hc->multi, CURL_SOCKET_TIMEOUT, 0,
	    &hc->running);
	http_client_check_info(hc);
}

static int
http_client_multi_timer(CURLM *multi, long timeout_ms, void *arg)
{
	struct http_client	*hc = arg;
	struct timeval		 tv;

	if (timeout_ms < 0) {
		evtimer_del(hc->timer);
		return 0;
	}
	tv.tv_sec = timeout_ms / 1000;
	tv.tv_usec = (timeout_ms % 1000) * 1000;
	evtimer_add(hc->timer, &tv);
	return 0;
}

static int
http_client_sock(CURL *easy, curl_socket_t s, int what, void *arg,
    void *sockp)
{
	struct http_client	*hc = arg;
	struct event		*ev = sockp;
	short			 kind = EV_PERSIST;

	if (what == CURL_POLL_REMOVE) {
		if (ev != NULL)
			event_free(ev);
		curl_multi_assign(hc->multi, s, NULL);
		return 0;
	}
	if (what & CURL_POLL_IN)
		kind |= EV_READ;
	if (what & CURL_POLL_OUT)
		kind |= EV_WRITE;
	if (ev == NULL) {
		ev = event_new(hc->base, s, kind, http_client_event_cb, hc);
		if (ev == NULL)
			fatalx("%s: event_new failed", __func__);
		curl_multi_assign(hc->multi, s, ev);
	} else {
		event_del(ev);
		event_assign(ev, hc->base, s, kind, http_client_event_cb, hc);
	}
	event_add(ev, NULL);
	return 0;
}

struct http_client *
http_client_new(struct event_base *base)
{
	struct http_client	*hc;

	hc = xcalloc(1, sizeof(*hc));
	hc->base = base;
	hc->multi = curl_multi_init();
	if (hc->multi == NULL)
		fatalx("%s: curl_multi_init failed", __func__);
	hc->timer = evtimer_new(base, http_client_timer_cb, hc);
	if (hc->timer == NULL)
		fatalx("%s: evtimer_new failed", __func__);
	curl_multi_setopt(hc->multi, CURLMOPT_SOCKETFUNCTION,
	    http_client_sock);
	curl_multi_setopt(hc->multi, CURLMOPT_SOCKETDATA, hc);
	curl_multi_setopt(hc->multi, CURLMOPT_TIMERFUNCTION,
	    http_client_multi_timer);
	curl_multi_setopt(hc->multi, CURLMOPT_TIMERDATA, hc);
	return hc;
}

void
http_client_free(struct http_client *hc)
{
	if (hc == NULL)
		return;
	curl_multi_cleanup(hc->multi);
	event_free(hc->timer);
	free(hc);
}

int
http_client_running(const struct http_client *hc)
{
	return hc->running;
}

static enum http_result
http_result_of(const struct http_request *req, CURLcode rc)
{
	switch (rc) {
	case CURLE_OK:
		return HTTP_RESULT_OK;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return HTTP_RESULT_RESOLVE;
	case CURLE_COULDNT_CONNECT:
		return HTTP_RESULT_CONNECT;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
		return HTTP_RESULT_TLS;
	case CURLE_LOGIN_DENIED:
		return HTTP_RESULT_LOGIN;
	case CURLE_REMOTE_FILE_NOT_FOUND:
	case CURLE_FILE_COULDNT_READ_FILE:
	case CURLE_REMOTE_ACCESS_DENIED:
		return HTTP_RESULT_NOT_FOUND;
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
		return HTTP_RESULT_PARTIAL;
	case CURLE_OPERATION_TIMEDOUT:
		return HTTP_RESULT_TIMEOUT;
	case CURLE_FILESIZE_EXCEEDED:
		return HTTP_RESULT_TOO_BIG;
	case CURLE_TOO_MANY_REDIRECTS:
	case CURLE_UNSUPPORTED_PROTOCOL:
		return HTTP_RESULT_REDIRECT;
	case CURLE_WRITE_ERROR:
		return req->overflow ? HTTP_RESULT_TOO_BIG : HTTP_RESULT_WRITE;
	default:
		return HTTP_RESULT_OTHER;
	}
}

static void
http_request_finish(struct http_request *req, CURLcode rc)
{
	long	status = 0;

	req->running = false;
	req->code = rc;
	req->result = http_result_of(req, rc);
	curl_easy_getinfo(req->easy, CURLINFO_RESPONSE_CODE, &status);
	req->status = status;
	if (rc != CURLE_OK)
		snprintf(req->error, sizeof(req->error), "%s",
		    req->errbuf[0] != '\0' ? req->errbuf :
		    curl_easy_strerror(rc));
	else
		req->error[0] = '\0';
	curl_slist_free_all(req->sent_headers);
	req->sent_headers = NULL;
	if (req->cb != NULL)
		req->cb(req, req->cb_arg);
}

static void
http_client_check_info(struct http_client *hc)
{
	CURLMsg			*msg;
	struct http_request	*req;
	CURLcode		 rc;
	int			 left;
	char			*priv;

	while ((msg = curl_multi_info_read(hc->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		priv = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
		req = (struct http_request *)(void *)priv;
		rc = msg->data.result;
		curl_multi_remove_handle(hc->multi, msg->easy_handle);
		if (req != NULL)
			http_request_finish(req, rc);
	}
}

/* The reply's headers: Content-Type and Set-Cookie. */
static void
http_request_set_cookie(struct http_request *req, const char *v, size_t len)
{
	size_t	 n, eq;
	char	*c;
	int	 i;

	while (len > 0 && (*v == ' ' || *v == '\t'))
		v++, len--;
	n = strcspn(v, ";\r\n");
	if (n > len)
		n = len;
	if (n == 0 || n >= HTTP_CLIENT_COOKIE_MAX)
		return;
	c = xstrndup(v, n);
	eq = strcspn(c, "=");
	if (c[eq] != '=' || eq == 0) {
		free(c);
		return;
	}
	for (i = 0; i < req->ncookies; i++) {
		if (strncmp(req->cookies[i], c, eq + 1) == 0) {
			free(req->cookies[i]);
			req->cookies[i] = c;
			return;
		}
	}
	if (req->ncookies == HTTP_CLIENT_COOKIES_MAX) {
		free(c);
		return;
	}
	req->cookies[req->ncookies++] = c;
}

static size_t
http_request_header_cb(char *p, size_t size, size_t n, void *arg)
{
	struct http_request	*req = arg;
	size_t			 len = size * n, vl;

	if (len > 5 && strncmp(p, "HTTP/", 5) == 0) {
		req->ctype[0] = '\0';
		return len;
	}
	if (len > 13 && strncasecmp(p, "Content-Type:", 13) == 0) {
		vl = len - 13;
		p += 13;
		while (vl > 0 && (*p == ' ' || *p == '\t'))
			p++, vl--;
		while (vl > 0 && (p[vl - 1] == '\r' || p[vl - 1] == '\n'))
			vl--;
		if (vl >= sizeof(req->ctype))
			vl = sizeof(req->ctype) - 1;
		memcpy(req->ctype, p, vl);
		req->ctype[vl] = '\0';
	} else if (len > 11 && strncasecmp(p, "Set-Cookie:", 11) == 0)
		http_request_set_cookie(req, p + 11, len - 11);
	return len;
}

static size_t
http_request_write_cb(char *p, size_t size, size_t n, void *arg)
{
	struct http_request	*req = arg;
	size_t			 len = size * n, off = 0;
	ssize_t			 w;

	if (req->body_mode == HTTP_BODY_FD) {
		if (req->out_max > 0 && req->bytes + len > req->out_max) {
			req->overflow = true;
			return 0;
		}
		while (off < len) {
			w = write(req->out_fd, p + off, len - off);
			if (w == -1 && errno == EINTR)
				continue;
			if (w <= 0) {
				req->write_failed = true;
				return 0;
			}
			off += (size_t)w;
		}
	} else if (buf_add(&req->body, p, len) == -1) {
		req->overflow = true;
		return 0;
	}
	req->bytes += len;
	return len;
}

static size_t
http_request_read_cb(char *p, size_t size, size_t n, void *arg)
{
	struct http_request	*req = arg;
	size_t			 len = size * n;
	ssize_t			 r;

	if (req->put_fd != -1) {
		if (req->put_off >= req->put_size)
			return 0;
		if (len > req->put_size - req->put_off)
			len = (size_t)(req->put_size - req->put_off);
		r = pread(req->put_fd, p, len, (off_t)req->put_off);
		if (r < 0)
			return CURL_READFUNC_ABORT;
		req->put_off += (uint64_t)r;
		return (size_t)r;
	}
	if (req->chunk > 0 && len > req->chunk)
		len = req->chunk;
	if (len > req->post.len - req->post_off)
		len = req->post.len - req->post_off;
	memcpy(p, req->post.data + req->post_off, len);
	req->post_off += len;
	return len;
}

/* Digest and some redirects need to send the body again. */
static int
http_request_seek_cb(void *arg, curl_off_t off, int origin)
{
	struct http_request	*req = arg;

	if (origin != SEEK_SET || off < 0)
		return CURL_SEEKFUNC_CANTSEEK;
	if (req->put_fd != -1) {
		req->put_off = (uint64_t)off;
		return CURL_SEEKFUNC_OK;
	}
	if ((size_t)off > req->post.len)
		return CURL_SEEKFUNC_FAIL;
	req->post_off = (size_t)off;
	return CURL_SEEKFUNC_OK;
}

struct http_request *
http_request_new(struct http_client *hc)
{
	struct http_request	*req;
	CURL			*e;

	req = xcalloc(1, sizeof(*req));
	req->hc = hc;
	req->put_fd = -1;
	req->out_fd = -1;
	req->body_max = HTTP_CLIENT_BODY_MAX;
	buf_init(&req->post, 0);
	buf_init(&req->body, req->body_max);
	e = req->easy = curl_easy_init();
	if (e == NULL)
		fatalx("%s: curl_easy_init failed", __func__);
	curl_easy_setopt(e, CURLOPT_PRIVATE, (char *)req);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, req->errbuf);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, http_request_header_cb);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, req);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, http_request_write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, req);
	curl_easy_setopt(e, CURLOPT_READFUNCTION, http_request_read_cb);
	curl_easy_setopt(e, CURLOPT_READDATA, req);
	curl_easy_setopt(e, CURLOPT_SEEKFUNCTION, http_request_seek_cb);
	curl_easy_setopt(e, CURLOPT_SEEKDATA, req);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	http_request_set_timeouts(req, HTTP_CLIENT_CONNECT_TIMEOUT,
	    HTTP_CLIENT_TIMEOUT, 0);
	return req;
}

void
http_request_free(struct http_request *req)
{
	int	i;

	if (req == NULL)
		return;
	if (req->running)
		curl_multi_remove_handle(req->hc->multi, req->easy);
	curl_easy_cleanup(req->easy);
	curl_slist_free_all(req->headers);
	curl_slist_free_all(req->sent_headers);
	for (i = 0; i < req->ncookies; i++)
		free(req->cookies[i]);
	buf_clear(&req->post);
	buf_clear(&req->body);
	free(req->url);
	if (req->password != NULL)
		explicit_bzero(req->password, strlen(req->password));
	free(req->password);
	free(req->user);
	free(req);
}

int
http_request_set_url(struct http_request *req, const char *url)
{
	if (url == NULL || *url == '\0')
		return -1;
	free(req->url);
	req->url = xstrdup(url);
	return curl_easy_setopt(req->easy, CURLOPT_URL, req->url) == CURLE_OK ?
	    0 : -1;
}

void
http_request_set_auth(struct http_request *req, unsigned int methods,
    const char *user, const char *password)
{
	unsigned long	ca = CURLAUTH_NONE;

	if (methods & HTTP_AUTH_BASIC)
		ca |= CURLAUTH_BASIC;
	if (methods & HTTP_AUTH_DIGEST)
		ca |= CURLAUTH_DIGEST;
	free(req->user);
	if (req->password != NULL)
		explicit_bzero(req->password, strlen(req->password));
	free(req->password);
	req->user = user != NULL ? xstrdup(user) : NULL;
	req->password = password != NULL ? xstrdup(password) : NULL;
	curl_easy_setopt(req->easy, CURLOPT_HTTPAUTH, ca);
	curl_easy_setopt(req->easy, CURLOPT_USERNAME,
	    methods == HTTP_AUTH_NONE ? NULL : req->user);
	curl_easy_setopt(req->easy, CURLOPT_PASSWORD,
	    methods == HTTP_AUTH_NONE ? NULL : req->password);
}

void
http_request_set_tls(struct http_request *req, const char *cafile,
    bool verify)
{
	curl_easy_setopt(req->easy, CURLOPT_CAINFO, cafile);
	curl_easy_setopt(req->easy, CURLOPT_SSL_VERIFYPEER, verify ? 1L : 0L);
	curl_easy_setopt(req->easy, CURLOPT_SSL_VERIFYHOST, verify ? 2L : 0L);
}

void
http_request_set_timeouts(struct http_request *req, long connect_s,
    long total_s, long low_speed_s)
{
	curl_easy_setopt(req->easy, CURLOPT_CONNECTTIMEOUT, connect_s);
	curl_easy_setopt(req->easy, CURLOPT_TIMEOUT, total_s);
	curl_easy_setopt(req->easy, CURLOPT_LOW_SPEED_LIMIT,
	    low_speed_s > 0 ? 1L : 0L);
	curl_easy_setopt(req->easy, CURLOPT_LOW_SPEED_TIME, low_speed_s);
}

void
http_request_set_user_agent(struct http_request *req, const char *ua)
{
	curl_easy_setopt(req->easy, CURLOPT_USERAGENT, ua);
}

void
http_request_set_protocols(struct http_request *req, const char *proto,
    const char *redir_proto, long max_redirs)
{
	curl_easy_setopt(req->easy, CURLOPT_PROTOCOLS_STR, proto);
	curl_easy_setopt(req->easy, CURLOPT_REDIR_PROTOCOLS_STR, redir_proto);
	curl_easy_setopt(req->easy, CURLOPT_FOLLOWLOCATION,
	    max_redirs > 0 ? 1L : 0L);
	curl_easy_setopt(req->easy, CURLOPT_MAXREDIRS, max_redirs);
}

void
http_request_set_cookie_style(struct http_request *req,
    enum http_cookie_style style)
{
	req->cookie_style = style;
}

void
http_request_clear_cookies(struct http_request *req)
{
	int	i;

	for (i = 0; i < req->ncookies; i++)
		free(req->cookies[i]);
	req->ncookies = 0;
}

void
http_request_set_fresh_connect(struct http_request *req, bool fresh)
{
	curl_easy_setopt(req->easy, CURLOPT_FRESH_CONNECT, fresh ? 1L : 0L);
	curl_easy_setopt(req->easy, CURLOPT_FORBID_REUSE, fresh ? 1L : 0L);
}

void
http_request_set_body_max(struct http_request *req, size_t max)
{
	req->body_max = max == 0 ? HTTP_CLIENT_BODY_MAX : max;
}

int
http_request_add_header(struct http_request *req, const char *line)
{
	struct curl_slist	*l;

	l = curl_slist_append(req->headers, line);
	if (l == NULL)
		return -1;
	req->headers = l;
	return 0;
}

void
http_request_reset_headers(struct http_request *req)
{
	curl_slist_free_all(req->headers);
	req->headers = NULL;
}

static void
http_request_reset_body(struct http_request *req)
{
	buf_reset(&req->post);
	req->post_off = 0;
	req->chunk = 0;
	req->put_fd = -1;
	req->put_size = req->put_off = 0;
	req->out_fd = -1;
	req->out_max = 0;
	curl_easy_setopt(req->easy, CURLOPT_UPLOAD, 0L);
	curl_easy_setopt(req->easy, CURLOPT_POSTFIELDS, NULL);
	curl_easy_setopt(req->easy, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)-1);
	curl_easy_setopt(req->easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)0);
}

void
http_request_set_post(struct http_request *req, const void *body,
    size_t len, size_t chunk)
{
	http_request_reset_body(req);
	if (len > 0)
		(void)buf_add(&req->post, body, len);
	req->chunk = chunk;
	req->body_mode = HTTP_BODY_MEM;
	curl_easy_setopt(req->easy, CURLOPT_POST, 1L);
	if (chunk == 0) {
		curl_easy_setopt(req->easy, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)len);
		curl_easy_setopt(req->easy, CURLOPT_POSTFIELDS,
		    len > 0 ? req->post.data : "");
	}
}

void
http_request_set_get(struct http_request *req)
{
	http_request_reset_body(req);
	req->body_mode = HTTP_BODY_MEM;
	curl_easy_setopt(req->easy, CURLOPT_HTTPGET, 1L);
}

void
http_request_set_get_to_fd(struct http_request *req, int fd,
    uint64_t max_bytes)
{
	http_request_set_get(req);
	req->body_mode = HTTP_BODY_FD;
	req->out_fd = fd;
	req->out_max = max_bytes;
	if (max_bytes > 0)
		curl_easy_setopt(req->easy, CURLOPT_MAXFILESIZE_LARGE,
		    (curl_off_t)max_bytes);
}

void
http_request_set_put_from_fd(struct http_request *req, int fd,
    uint64_t size)
{
	http_request_reset_body(req);
	req->body_mode = HTTP_BODY_MEM;
	req->put_fd = fd;
	req->put_size = size;
	curl_easy_setopt(req->easy, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(req->easy, CURLOPT_INFILESIZE_LARGE,
	    (curl_off_t)size);
}

/* The Cookie line of the jar, in the configured style. */
static struct curl_slist *
http_request_cookie_headers(struct http_request *req)
{
	struct curl_slist	*l = NULL, *n;
	struct buf		 b;
	int			 i;

	/* No "Expect: 100-continue" wait: CWMP bodies are small. */
	l = curl_slist_append(l, "Expect:");
	if (req->chunk > 0 && req->put_fd == -1)
		l = curl_slist_append(l, "Transfer-Encoding: chunked");
	for (n = req->headers; n != NULL; n = n->next)
		l = curl_slist_append(l, n->data);
	if (req->ncookies == 0 || req->cookie_style == HTTP_COOKIE_NONE)
		return l;
	buf_init(&b, 0);
	buf_addstr(&b, "Cookie: ");
	if (req->cookie_style == HTTP_COOKIE_RFC2109)
		buf_addstr(&b, "$Version=\"0\"; ");
	for (i = 0; i < req->ncookies; i++) {
		if (i > 0)
			buf_addstr(&b, "; ");
		buf_addstr(&b, req->cookies[i]);
		if (req->cookie_style == HTTP_COOKIE_RFC2109)
			buf_addstr(&b, ";$Path=/");
	}
	l = curl_slist_append(l, b.data);
	buf_clear(&b);
	return l;
}

int
http_request_start(struct http_request *req, http_done_cb cb, void *arg)
{
	if (req->running || req->url == NULL)
		return -1;
	req->cb = cb;
	req->cb_arg = arg;
	buf_clear(&req->body);
	buf_init(&req->body, req->body_max);
	req->bytes = 0;
	req->overflow = req->write_failed = false;
	req->ctype[0] = req->errbuf[0] = req->error[0] = '\0';
	req->status = 0;
	req->code = 0;
	req->post_off = 0;
	req->put_off = 0;
	curl_slist_free_all(req->sent_headers);
	req->sent_headers = http_request_cookie_headers(req);
	curl_easy_setopt(req->easy, CURLOPT_HTTPHEADER, req->sent_headers);
	if (curl_multi_add_handle(req->hc->multi, req->easy) != CURLM_OK) {
		snprintf(req->error, sizeof(req->error), "cannot add handle");
		return -1;
	}
	req->running = true;
	return 0;
}

bool
http_request_is_running(const struct http_request *req)
{
	return req->running;
}

enum http_result
http_request_result(const struct http_request *req)
{
	return req->result;
}

long
http_request_status(const struct http_request *req)
{
	return req->status;
}

int
http_request_curl_code(const struct http_request *req)
{
	return req->code;
}

const char *
http_request_error(const struct http_request *req)
{
	return req->error;
}

struct buf *
http_request_body(struct http_request *req)
{
	return &req->body;
}

const char *
http_request_content_type(const struct http_request *req)
{
	return req->ctype;
}

uint64_t
http_request_bytes(const struct http_request *req)
{
	return req->bytes;
}

long
http_request_connects(const struct http_request *req)
{
	long	n = 0;

	curl_easy_getinfo(req->easy, CURLINFO_NUM_CONNECTS, &n);
	return n;
}
