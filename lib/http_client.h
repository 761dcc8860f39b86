/*
 * http_client.h: HTTP(S)/FTP/file transfers on a libevent base through the
 * libcurl multi interface (curl's hiperfifo.c pattern, STYLE.md section 8).
 * One struct http_client owns the multi handle and its socket events and
 * timer; one struct http_request is a reusable easy handle that keeps its
 * connection (keep-alive), its authentication state and a small cookie jar
 * across the requests of a CWMP session.  Completion is reported through a
 * per-request callback from the event loop.
 *
 * It does not parse SOAP, retry on its own or follow policies such as
 * "Basic only over TLS": callers decide.  Credentials are never logged.
 */
#ifndef LIB_HTTP_CLIENT_H
#define LIB_HTTP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

struct event_base;
struct http_client;
struct http_request;

/* Limits. */
#define HTTP_CLIENT_BODY_MAX		(4 * 1024 * 1024) /* default reply cap */
#define HTTP_CLIENT_HEADERS_MAX		32	/* custom request headers */
#define HTTP_CLIENT_COOKIES_MAX		16	/* cookies kept per request */
#define HTTP_CLIENT_COOKIE_MAX		1024	/* one name=value */
#define HTTP_CLIENT_CTYPE_MAX		128	/* reply Content-Type kept */
#define HTTP_CLIENT_ERROR_MAX		256	/* error text kept */
#define HTTP_CLIENT_CONNECT_TIMEOUT	10	/* seconds, default */
#define HTTP_CLIENT_TIMEOUT		60	/* seconds, default, whole request */

/* Authentication methods, OR-able; several methods mean "on challenge". */
#define HTTP_AUTH_NONE		0x0
#define HTTP_AUTH_BASIC		0x1
#define HTTP_AUTH_DIGEST	0x2

/* How cookies received with Set-Cookie are sent back. */
enum http_cookie_style {
	HTTP_COOKIE_PLAIN,	/* Cookie: a=b; c=d */
	HTTP_COOKIE_RFC2109,	/* Cookie: $Version="0"; a=b;$Path=/ (Thomson) */
	HTTP_COOKIE_NONE	/* never send cookies */
};

/* The outcome class of a finished request, independent of curl's codes. */
enum http_result {
	HTTP_RESULT_OK,		/* a complete reply (any status code) */
	HTTP_RESULT_RESOLVE,	/* name resolution failed */
	HTTP_RESULT_CONNECT,	/* refused, unreachable, connect timeout */
	HTTP_RESULT_TLS,	/* handshake or certificate failure */
	HTTP_RESULT_LOGIN,	/* login denied (FTP 530 and the like) */
	HTTP_RESULT_NOT_FOUND,	/* remote file missing (ftp, file) */
	HTTP_RESULT_PARTIAL,	/* transfer broken off after it started */
	HTTP_RESULT_TIMEOUT,	/* whole-request or low-speed timeout */
	HTTP_RESULT_TOO_BIG,	/* reply above the cap or max file size */
	HTTP_RESULT_REDIRECT,	/* too many redirects or a refused scheme */
	HTTP_RESULT_WRITE,	/* local write failure */
	HTTP_RESULT_OTHER
};

typedef void (*http_done_cb)(struct http_request *req, void *arg);

struct http_client *http_client_new(struct event_base *base);
void	http_client_free(struct http_client *hc);
/* Number of requests in flight. */
int	http_client_running(const struct http_client *hc);

struct http_request *http_request_new(struct http_client *hc);
/* Cancels a request in flight (no callback) and frees it. */
void	http_request_free(struct http_request *req);

/*
 * Settings kept across requests on the same handle.  Strings are copied.
 */
int	http_request_set_url(struct http_request *req, const char *url);
void	http_request_set_auth(struct http_request *req, unsigned int methods,
	    const char *user, const char *password);
void	http_request_set_tls(struct http_request *req, const char *cafile,
	    bool verify);
void	http_request_set_timeouts(struct http_request *req, long connect_s,
	    long total_s, long low_speed_s);
void	http_request_set_user_agent(struct http_request *req, const char *ua);
/* Comma lists as for CURLOPT_PROTOCOLS_STR, e.g. "http,https,ftp". */
void	http_request_set_protocols(struct http_request *req, const char *proto,
	    const char *redir_proto, long max_redirs);
void	http_request_set_cookie_style(struct http_request *req,
	    enum http_cookie_style style);
void	http_request_clear_cookies(struct http_request *req);
/* Forbid connection reuse (a new TCP connection per request). */
void	http_request_set_fresh_connect(struct http_request *req, bool fresh);
/* Cap on the reply body kept in memory (0: HTTP_CLIENT_BODY_MAX). */
void	http_request_set_body_max(struct http_request *req, size_t max);

/*
 * Per-request settings, cleared by http_request_reset_headers() and by
 * each http_request_start() for the body.  A header line "Name:" removes a
 * header curl would add and "Name;" sends it empty (curl's conventions).
 */
int	http_request_add_header(struct http_request *req, const char *line);
void	http_request_reset_headers(struct http_request *req);
/* POST this body (copied).  chunk > 0 sends it chunked in pieces of chunk. */
void	http_request_set_post(struct http_request *req, const void *body,
	    size_t len, size_t chunk);
/* GET into fd (the caller owns it), at most max_bytes (0: unlimited). */
void	http_request_set_get_to_fd(struct http_request *req, int fd,
	    uint64_t max_bytes);
/* GET into the in-memory reply buffer. */
void	http_request_set_get(struct http_request *req);
/* PUT the content of fd (size bytes, read from offset 0). */
void	http_request_set_put_from_fd(struct http_request *req, int fd,
	    uint64_t size);

/* Starts the request; the callback runs from the event loop. */
int	http_request_start(struct http_request *req, http_done_cb cb,
	    void *arg);
bool	http_request_is_running(const struct http_request *req);

/* Results, valid in and after the callback until the next start. */
enum http_result http_request_result(const struct http_request *req);
long	http_request_status(const struct http_request *req);
int	http_request_curl_code(const struct http_request *req);
const char *http_request_error(const struct http_request *req);
struct buf *http_request_body(struct http_request *req);
const char *http_request_content_type(const struct http_request *req);
uint64_t http_request_bytes(const struct http_request *req);
/* Whether the reply arrived on a reused connection. */
long	http_request_connects(const struct http_request *req);

#endif /* LIB_HTTP_CLIENT_H */
