/*
 * http.c: acsd's libmicrohttpd daemon (STYLE.md section 8): internal
 * polling thread with epoll and a thread pool, connection limits, optional
 * TLS, and the request lifecycle.  The first call of the access handler
 * routes the request and may refuse it at once (413 on a Content-Length
 * over the limit, 415 on an unknown Content-Encoding, 405); middle calls
 * feed the body to its ceiling without keeping the excess; the last call
 * hands a CWMP POST to session.c or a file request to files.c, and
 * MHD_OPTION_NOTIFY_COMPLETED frees the state.  It does not parse SOAP.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <unistd.h>

#include <microhttpd.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "acs/acs.h"

#define HTTP_TLS_FILE_MAX (256 * 1024)
#define HTTP_DISCARD_MAX (64 * 1024 * 1024)

enum http_kind { HTTP_CWMP = 0, HTTP_UPLOAD, HTTP_REFUSED };

/* Per request: the state between the handler's calls. */
struct http_rq {
	enum http_kind kind;
	struct http_body *body;
	struct files_upload *up;
	int error; /* status to answer at the end */
	size_t discarded;
};

const char *
http_header(struct MHD_Connection *conn, const char *name)
{
	return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

static enum MHD_Result
http_queue_text(
    struct MHD_Connection *conn, int status, const char *msg, bool close)
{
	struct MHD_Response *r;
	enum MHD_Result rc;

	r = MHD_create_response_from_buffer(
	    strlen(msg), (void *)(uintptr_t)msg, MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "POST");
	if (close)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	rc = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return rc;
}

static const char *
http_status_text(int status)
{
	switch (status) {
	case MHD_HTTP_BAD_REQUEST:
		return "bad request\n";
	case MHD_HTTP_CONTENT_TOO_LARGE:
		return "request body too large\n";
	case MHD_HTTP_UNSUPPORTED_MEDIA_TYPE:
		return "unsupported content encoding\n";
	case MHD_HTTP_METHOD_NOT_ALLOWED:
		return "method not allowed\n";
	case MHD_HTTP_FORBIDDEN:
		return "forbidden\n";
	case MHD_HTTP_NOT_FOUND:
		return "not found\n";
	case MHD_HTTP_CREATED:
		return "created\n";
	case MHD_HTTP_SERVICE_UNAVAILABLE:
		return "service unavailable\n";
	default:
		return "error\n";
	}
}

/* An over-long Content-Length is refused before any body is read. */
static int
http_length_ok(struct MHD_Connection *conn, long long max)
{
	const char *cl = http_header(conn, MHD_HTTP_HEADER_CONTENT_LENGTH);
	char *end;
	unsigned long long n;

	if (cl == NULL)
		return 1;
	errno = 0;
	n = strtoull(cl, &end, 10);
	if (errno != 0 || end == cl)
		return 0;
	return n <= (unsigned long long)max;
}

static enum MHD_Result
http_begin(struct acs_ctx *ctx, struct MHD_Connection *conn, const char *url,
    const char *method, void **con_cls)
{
	struct http_rq *rq;
	int status = 0;

	if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) {
		if (!files_is_download(ctx, url))
			return http_queue_text(conn,
			    files_is_upload(ctx, url) ?
			        MHD_HTTP_METHOD_NOT_ALLOWED :
			        MHD_HTTP_NOT_FOUND,
			    "not found\n", false);
		return files_serve(ctx, conn, url, method[0] == 'H');
	}
	rq = xcalloc(1, sizeof(*rq));
	*con_cls = rq;
	if (strcmp(method, "PUT") == 0 && files_is_upload(ctx, url)) {
		rq->kind = HTTP_UPLOAD;
		if (!http_length_ok(conn, ctx->cfg->files.upload_max))
			status = MHD_HTTP_CONTENT_TOO_LARGE;
		else
			rq->up = files_upload_new(ctx, url, &status);
	} else if (strcmp(method, "POST") == 0) {
		rq->kind = HTTP_CWMP;
		if (!http_length_ok(conn, ctx->cfg->http.body_max))
			status = MHD_HTTP_CONTENT_TOO_LARGE;
		else
			rq->body = http_body_new(
			    http_header(conn, MHD_HTTP_HEADER_CONTENT_ENCODING),
			    ctx->cfg->http.body_max, &status);
	} else
		status = MHD_HTTP_METHOD_NOT_ALLOWED;
	if (status == 0)
		return MHD_YES;
	rq->kind = HTTP_REFUSED;
	if (status == MHD_HTTP_CONTENT_TOO_LARGE)
		log_warnx("%s: request body over the limit, refused",
		    http_remote(conn));
	return http_queue_text(conn, status, http_status_text(status), true);
}

/*
 * Feeds one piece of the body.  Once the body is refused the rest is
 * thrown away unread into memory; past HTTP_DISCARD_MAX the connection is
 * dropped rather than read on.
 */
static enum MHD_Result
http_feed(struct http_rq *rq, const char *data, size_t len)
{
	if (rq->error != 0 || rq->kind == HTTP_REFUSED) {
		rq->discarded += len;
		return rq->discarded > HTTP_DISCARD_MAX ? MHD_NO : MHD_YES;
	}
	if (rq->kind == HTTP_UPLOAD)
		rq->error = files_upload_add(rq->up, data, len);
	else
		rq->error = http_body_add(rq->body, data, len);
	return MHD_YES;
}

static enum MHD_Result
http_queue_resp(
    struct acs_ctx *ctx, struct MHD_Connection *conn, struct acs_http_resp *hr)
{
	struct MHD_Response *r;
	enum MHD_Result rc;
	char v[128];

	if (hr->challenge != ACS_CHALLENGE_NONE)
		return auth_queue_challenge(ctx, conn, hr->challenge) == 0 ?
		    MHD_YES :
		    MHD_NO;
	r = MHD_create_response_from_buffer(
	    hr->len, hr->body, MHD_RESPMEM_MUST_FREE);
	if (r == NULL)
		return MHD_NO;
	hr->body = NULL;
	if (hr->len > 0)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
		    hr->status == MHD_HTTP_OK ? "text/xml; charset=\"utf-8\"" :
		                                "text/plain");
	if (hr->set_cookie[0] != '\0') {
		snprintf(v, sizeof(v), "%s=%s; Path=/", ACS_COOKIE_NAME,
		    hr->set_cookie);
		MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, v);
	}
	if (hr->retry_after > 0) {
		snprintf(v, sizeof(v), "%d", hr->retry_after);
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, v);
	}
	if (hr->close)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	rc = MHD_queue_response(conn, hr->status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result
http_cwmp(struct acs_ctx *ctx, struct MHD_Connection *conn, struct http_rq *rq)
{
	struct acs_http_req req;
	struct acs_http_resp resp;
	const union MHD_ConnectionInfo *ci;
	char cookie[ACS_COOKIE_HEX + 1];
	enum MHD_Result rc;

	memset(&req, 0, sizeof(req));
	memset(&resp, 0, sizeof(resp));
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	req.conn = conn;
	req.cc = ci != NULL ? ci->socket_context : NULL;
	if (cookie_find(http_header(conn, MHD_HTTP_HEADER_COOKIE),
	        ACS_COOKIE_NAME, cookie, sizeof(cookie)) == 0)
		req.cookie = cookie;
	req.content_type = http_header(conn, MHD_HTTP_HEADER_CONTENT_TYPE);
	req.body = http_body_data(rq->body, &req.len);
	sessions_handle(ctx, &req, &resp);
	rc = http_queue_resp(ctx, conn, &resp);
	free(resp.body);
	return rc;
}

static enum MHD_Result
http_access(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct acs_ctx *ctx = cls;
	struct http_rq *rq = *con_cls;
	int status;

	if (rq == NULL)
		return http_begin(ctx, conn, url, method, con_cls);
	if (*upload_data_size != 0) {
		status = http_feed(rq, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return status;
	}
	if (rq->kind == HTTP_REFUSED)
		return MHD_YES;
	if (rq->kind == HTTP_UPLOAD) {
		status = files_upload_finish(rq->up);
		return http_queue_text(conn, status, http_status_text(status),
		    status != MHD_HTTP_CREATED);
	}
	if (rq->error == 0)
		rq->error = http_body_finish(rq->body);
	if (rq->error != 0) {
		log_warnx("%s: request body refused (%d)", http_remote(conn),
		    rq->error);
		return http_queue_text(
		    conn, rq->error, http_status_text(rq->error), true);
	}
	return http_cwmp(ctx, conn, rq);
}

static void
http_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct http_rq *rq = *con_cls;

	if (rq == NULL)
		return;
	http_body_free(rq->body);
	files_upload_free(rq->up);
	free(rq);
	*con_cls = NULL;
}

const char *
http_remote(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci;
	struct acs_conn *cc;

	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	cc = ci != NULL ? ci->socket_context : NULL;
	return cc != NULL ? cc->remote : "?";
}

static void
http_addr_string(const struct sockaddr *sa, char *out, size_t len)
{
	char host[INET6_ADDRSTRLEN] = "?";
	int port = 0;

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)sa;

		inet_ntop(AF_INET, &s4->sin_addr, host, sizeof(host));
		port = ntohs(s4->sin_port);
		snprintf(out, len, "%s:%d", host, port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)sa;

		inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof(host));
		port = ntohs(s6->sin6_port);
		snprintf(out, len, "[%s]:%d", host, port);
	} else
		strlcpy(out, "?", len);
}

static void
http_notify_conn(void *cls, struct MHD_Connection *conn, void **socket_ctx,
    enum MHD_ConnectionNotificationCode toe)
{
	struct acs_ctx *ctx = cls;
	struct acs_conn *cc;
	const union MHD_ConnectionInfo *ci;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		cc = xcalloc(1, sizeof(*cc));
		ci = MHD_get_connection_info(
		    conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci != NULL && ci->client_addr != NULL)
			http_addr_string(
			    ci->client_addr, cc->remote, sizeof(cc->remote));
		else
			strlcpy(cc->remote, "?", sizeof(cc->remote));
		cc->id =
		    __atomic_add_fetch(&ctx->conn_seq, 1, __ATOMIC_RELAXED);
		*socket_ctx = cc;
		return;
	}
	cc = *socket_ctx;
	if (cc != NULL && cc->cookie[0] != '\0')
		sessions_drop_ended(ctx, cc->cookie);
	free(cc);
	*socket_ctx = NULL;
}

static void
http_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[LOG_LINE_MAX];
	size_t n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	log_debug("mhd: %s", msg);
}

static char *
http_read_file(const char *path)
{
	struct stat st;
	char *data;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1 || fstat(fd, &st) == -1 || st.st_size <= 0 ||
	    st.st_size > HTTP_TLS_FILE_MAX) {
		log_warnx("%s: cannot read TLS file", path);
		if (fd != -1)
			close(fd);
		return NULL;
	}
	data = xcalloc(1, st.st_size + 1);
	n = read(fd, data, st.st_size);
	close(fd);
	if (n != st.st_size) {
		free(data);
		return NULL;
	}
	return data;
}

static int
http_bind_addr(struct acs_ctx *ctx, struct sockaddr_storage *ss)
{
	struct sockaddr_in *s4 = (void *)ss;
	struct sockaddr_in6 *s6 = (void *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, ctx->cfg->http.listen, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(ctx->cfg->http.port);
		return 0;
	}
	if (inet_pton(AF_INET6, ctx->cfg->http.listen, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(ctx->cfg->http.port);
		return 0;
	}
	log_warnx("listen: %s is not a numeric address", ctx->cfg->http.listen);
	return -1;
}

static int
http_threads(const struct acs_config *cfg)
{
	long n;

	if (cfg->http.threads > 0)
		return cfg->http.threads;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

static int
http_tls_load(struct acs_ctx *ctx)
{
	struct acs_config *cfg = ctx->cfg;

	/* Loaded once, by http_listen() (http_start() calls it again). */
	if (cfg->http.tls_cert == NULL || ctx->tls_cert_mem != NULL)
		return 0;
	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		log_warnx("tls: libmicrohttpd was built without TLS");
		return -1;
	}
	ctx->tls_cert_mem = http_read_file(cfg->http.tls_cert);
	ctx->tls_key_mem = http_read_file(cfg->http.tls_key);
	if (ctx->tls_cert_mem == NULL || ctx->tls_key_mem == NULL)
		return -1;
	return 0;
}

/* Binds the listening socket before daemonising (STYLE.md 7). */
int
http_listen(struct acs_ctx *ctx)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, on = 1;

	if (http_tls_load(ctx) == -1 || http_bind_addr(ctx, &ss) == -1)
		return -1;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		log_warn("socket");
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	sl = ss.ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
	                                sizeof(struct sockaddr_in);
	if (bind(fd, (struct sockaddr *)&ss, sl) == -1 ||
	    listen(fd, SOMAXCONN) == -1 ||
	    getsockname(fd, (struct sockaddr *)&ss, &sl) == -1) {
		log_warn("listen on %s port %d", ctx->cfg->http.listen,
		    ctx->cfg->http.port);
		close(fd);
		return -1;
	}
	ctx->listen_fd = fd;
	ctx->port = ntohs(ss.ss_family == AF_INET6 ?
	        ((struct sockaddr_in6 *)&ss)->sin6_port :
	        ((struct sockaddr_in *)&ss)->sin_port);
	log_info("listening on %s%s%s:%u%s",
	    ss.ss_family == AF_INET6 ? "[" : "", ctx->cfg->http.listen,
	    ss.ss_family == AF_INET6 ? "]" : "", ctx->port,
	    ctx->cfg->http.tls_cert != NULL ? " (tls)" : "");
	return 0;
}

int
http_start(struct acs_ctx *ctx)
{
	struct acs_config *cfg = ctx->cfg;
	unsigned int flags;

	if (http_tls_load(ctx) == -1)
		return -1;
	flags =
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	if (ctx->tls_cert_mem != NULL)
		flags |= MHD_USE_TLS;
	acs_random_bytes(ctx->digest_random, sizeof(ctx->digest_random));
	ctx->mhd = MHD_start_daemon(flags, 0, NULL, NULL, http_access, ctx,
	    MHD_OPTION_EXTERNAL_LOGGER, http_mhd_log, ctx,
	    MHD_OPTION_LISTEN_SOCKET, ctx->listen_fd,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)http_threads(cfg),
	    MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned int)cfg->http.connection_limit,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    (unsigned int)cfg->http.per_ip_limit, MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned int)(cfg->http.connection_timeout / 1000),
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg->http.connection_memory,
	    MHD_OPTION_NOTIFY_COMPLETED, http_completed, ctx,
	    MHD_OPTION_NOTIFY_CONNECTION, http_notify_conn, ctx,
	    MHD_OPTION_STRICT_FOR_CLIENT, -1, MHD_OPTION_DIGEST_AUTH_RANDOM,
	    sizeof(ctx->digest_random), ctx->digest_random,
	    MHD_OPTION_NONCE_NC_SIZE, (unsigned int)ACS_NONCE_NC_SIZE,
	    ctx->tls_cert_mem != NULL ? MHD_OPTION_HTTPS_MEM_CERT :
	                                MHD_OPTION_END,
	    ctx->tls_cert_mem, MHD_OPTION_HTTPS_MEM_KEY, ctx->tls_key_mem,
	    MHD_OPTION_END);
	if (ctx->mhd == NULL) {
		log_warnx("cannot start the HTTP daemon");
		return -1;
	}
	return 0;
}

void
http_stop(struct acs_ctx *ctx)
{
	if (ctx->mhd != NULL)
		MHD_stop_daemon(ctx->mhd);
	ctx->mhd = NULL;
	if (ctx->tls_key_mem != NULL)
		explicit_bzero(ctx->tls_key_mem, strlen(ctx->tls_key_mem));
	free(ctx->tls_cert_mem);
	free(ctx->tls_key_mem);
	ctx->tls_cert_mem = ctx->tls_key_mem = NULL;
}
