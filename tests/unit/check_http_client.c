/*
 * check_http_client.c: lib/http_client against a libmicrohttpd server in
 * this process: POST round trips, keep-alive, the cookie jar in both
 * styles, Basic and Digest on challenge, chunked uploads, downloads into a
 * file, PUT, caps and connection failures.
 */
#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <event2/event.h>
#include <microhttpd.h>

#include "lib/buf.h"
#include "lib/http_client.h"
#include "lib/xmalloc.h"
#include "tests/unit/ck_run.h"

#define REALM "test"

struct conn {
	struct buf	 body;
};

static struct MHD_Daemon	*daemon_;
static unsigned short		 port;
static struct event_base	*base;
static struct http_client	*hc;
static char			 url[256];
static char			 digest_random[] = "0123456789abcdef";

static enum MHD_Result
reply(struct MHD_Connection *c, unsigned int code, const char *text)
{
	struct MHD_Response	*r;
	enum MHD_Result		 ret;

	r = MHD_create_response_from_buffer(strlen(text), (void *)text,
	    MHD_RESPMEM_MUST_COPY);
	MHD_add_response_header(r, "Set-Cookie", "sid=abc123; Path=/");
	MHD_add_response_header(r, "Content-Type", "text/plain");
	ret = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
handle_auth(struct MHD_Connection *c, const char *path)
{
	struct MHD_Response	*r;
	enum MHD_Result		 ret;
	char			*user, *pass = NULL;
	int			 ok;

	if (strcmp(path, "/basic") == 0) {
		user = MHD_basic_auth_get_username_password(c, &pass);
		ok = user != NULL && strcmp(user, "u") == 0 && pass != NULL &&
		    strcmp(pass, "p") == 0;
		MHD_free(user);
		MHD_free(pass);
		if (ok)
			return reply(c, 200, "basic ok");
		r = MHD_create_response_from_buffer(0, NULL,
		    MHD_RESPMEM_PERSISTENT);
		ret = MHD_queue_basic_auth_fail_response(c, REALM, r);
		MHD_destroy_response(r);
		return ret;
	}
	ok = MHD_digest_auth_check2(c, REALM, "u", "p", 300,
	    MHD_DIGEST_ALG_MD5);
	if (ok == MHD_YES)
		return reply(c, 200, "digest ok");
	r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	ret = MHD_queue_auth_fail_response2(c, REALM, "opaque", r,
	    ok == MHD_INVALID_NONCE ? MHD_YES : MHD_NO, MHD_DIGEST_ALG_MD5);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *c, const char *path,
    const char *method, const char *version, const char *data,
    size_t *size, void **ctx)
{
	struct conn	*cn = *ctx;
	struct buf	 out;
	const char	*cookie, *te;
	enum MHD_Result	 ret;

	if (cn == NULL) {
		cn = xcalloc(1, sizeof(*cn));
		buf_init(&cn->body, 0);
		*ctx = cn;
		return MHD_YES;
	}
	if (*size > 0) {
		buf_add(&cn->body, data, *size);
		*size = 0;
		return MHD_YES;
	}
	if (strcmp(path, "/basic") == 0 || strcmp(path, "/digest") == 0)
		return handle_auth(c, path);
	cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "Cookie");
	te = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "Transfer-Encoding");
	buf_init(&out, 0);
	buf_printf(&out, "%s|%s|%s|%s", method, cookie ? cookie : "-",
	    te ? te : "-", cn->body.data ? cn->body.data : "");
	if (strcmp(path, "/big") == 0) {
		buf_reset(&out);
		for (int i = 0; i < 1000; i++)
			buf_addstr(&out, "0123456789");
	}
	ret = reply(c, 200, out.data);
	buf_clear(&out);
	return ret;
}

static void
completed(void *cls, struct MHD_Connection *c, void **ctx,
    enum MHD_RequestTerminationCode toe)
{
	struct conn	*cn = *ctx;

	if (cn != NULL) {
		buf_clear(&cn->body);
		free(cn);
	}
	*ctx = NULL;
}

static void
setup(void)
{
	const union MHD_DaemonInfo	*info;

	daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_ERROR_LOG, 0, NULL, NULL, handler, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	    MHD_OPTION_DIGEST_AUTH_RANDOM, sizeof(digest_random),
	    digest_random, MHD_OPTION_NONCE_NC_SIZE, 300,
	    MHD_OPTION_SOCK_ADDR, NULL, MHD_OPTION_END);
	ck_assert_ptr_nonnull(daemon_);
	info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
	port = info->port;
	snprintf(url, sizeof(url), "http://127.0.0.1:%u", port);
	base = event_base_new();
	hc = http_client_new(base);
}

static void
teardown(void)
{
	http_client_free(hc);
	event_base_free(base);
	MHD_stop_daemon(daemon_);
}

static void
done_cb(struct http_request *req, void *arg)
{
	*(int *)arg = 1;
}

/* Runs the loop until the request finished (or 10 s passed). */
static void
run(struct http_request *req)
{
	int		done = 0;
	struct timeval	tv = { 10, 0 };

	ck_assert_int_eq(http_request_start(req, done_cb, &done), 0);
	event_base_loopexit(base, &tv);
	while (!done && http_request_is_running(req))
		if (event_base_loop(base, EVLOOP_ONCE) != 0)
			break;
	ck_assert_int_eq(done, 1);
}

static struct http_request *
request(const char *path)
{
	struct http_request	*req;
	char			 u[300];

	req = http_request_new(hc);
	snprintf(u, sizeof(u), "%s%s", url, path);
	ck_assert_int_eq(http_request_set_url(req, u), 0);
	return req;
}

START_TEST(test_post_round_trip_keeps_connection)
{
	struct http_request	*req = request("/echo");

	http_request_set_post(req, "<a/>", 4, 0);
	run(req);
	ck_assert_int_eq(http_request_result(req), HTTP_RESULT_OK);
	ck_assert_int_eq(http_request_status(req), 200);
	ck_assert_str_eq(http_request_body(req)->data, "POST|-|-|<a/>");
	ck_assert_str_eq(http_request_content_type(req), "text/plain");
	ck_assert_int_eq(http_request_connects(req), 1);
	http_request_set_post(req, NULL, 0, 0);
	run(req);
	ck_assert_str_eq(http_request_body(req)->data, "POST|sid=abc123|-|");
	ck_assert_int_eq(http_request_connects(req), 0);
	http_request_free(req);
}
END_TEST

START_TEST(test_cookie_rfc2109_style)
{
	struct http_request	*req = request("/echo");

	http_request_set_cookie_style(req, HTTP_COOKIE_RFC2109);
	http_request_set_post(req, "x", 1, 0);
	run(req);
	run(req);
	ck_assert_str_eq(http_request_body(req)->data,
	    "POST|$Version=\"0\"; sid=abc123;$Path=/|-|x");
	http_request_clear_cookies(req);
	run(req);
	ck_assert_str_eq(http_request_body(req)->data, "POST|-|-|x");
	http_request_free(req);
}
END_TEST

START_TEST(test_chunked_upload)
{
	struct http_request	*req = request("/echo");
	const char		*body = "<Envelope>0123456789</Envelope>";

	http_request_set_post(req, body, strlen(body), 7);
	run(req);
	ck_assert_int_eq(http_request_status(req), 200);
	ck_assert_str_eq(http_request_body(req)->data,
	    "POST|-|chunked|<Envelope>0123456789</Envelope>");
	http_request_free(req);
}
END_TEST

START_TEST(test_digest_on_challenge)
{
	struct http_request	*req = request("/digest");

	http_request_set_auth(req, HTTP_AUTH_BASIC | HTTP_AUTH_DIGEST, "u",
	    "p");
	http_request_set_post(req, "<Inform/>", 9, 0);
	run(req);
	ck_assert_int_eq(http_request_status(req), 200);
	ck_assert_str_eq(http_request_body(req)->data, "digest ok");
	http_request_set_auth(req, HTTP_AUTH_DIGEST, "u", "wrong");
	run(req);
	ck_assert_int_eq(http_request_status(req), 401);
	http_request_free(req);
}
END_TEST

START_TEST(test_basic_auth)
{
	struct http_request	*req = request("/basic");

	http_request_set_auth(req, HTTP_AUTH_BASIC, "u", "p");
	http_request_set_get(req);
	run(req);
	ck_assert_int_eq(http_request_status(req), 200);
	ck_assert_str_eq(http_request_body(req)->data, "basic ok");
	http_request_free(req);
}
END_TEST

START_TEST(test_get_to_fd_and_put)
{
	struct http_request	*req = request("/big");
	char			 path[] = "/tmp/check_http_client.XXXXXX";
	struct stat		 st;
	int			 fd;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	http_request_set_get_to_fd(req, fd, 0);
	run(req);
	ck_assert_int_eq(http_request_result(req), HTTP_RESULT_OK);
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert_int_eq(st.st_size, 10000);
	ck_assert_int_eq(http_request_bytes(req), 10000);
	http_request_set_url(req, url);
	http_request_set_put_from_fd(req, fd, 5);
	run(req);
	ck_assert_str_eq(http_request_body(req)->data, "PUT|sid=abc123|-|01234");
	/* A download larger than allowed is refused. */
	http_request_free(req);
	req = request("/big");
	ck_assert_int_eq(ftruncate(fd, 0), 0);
	http_request_set_get_to_fd(req, fd, 100);
	run(req);
	ck_assert_int_eq(http_request_result(req), HTTP_RESULT_TOO_BIG);
	http_request_free(req);
	close(fd);
	unlink(path);
}
END_TEST

START_TEST(test_body_cap_and_refused)
{
	struct http_request	*req = request("/big");

	http_request_set_body_max(req, 100);
	http_request_set_get(req);
	run(req);
	ck_assert_int_eq(http_request_result(req), HTTP_RESULT_TOO_BIG);
	http_request_free(req);
	/* Port 1 on loopback is closed. */
	req = http_request_new(hc);
	http_request_set_url(req, "http://127.0.0.1:1/");
	http_request_set_get(req);
	run(req);
	ck_assert_int_eq(http_request_result(req), HTTP_RESULT_CONNECT);
	ck_assert_str_ne(http_request_error(req), "");
	http_request_free(req);
}
END_TEST

START_TEST(test_free_while_running)
{
	struct http_request	*req = request("/echo");

	http_request_set_post(req, "x", 1, 0);
	ck_assert_int_eq(http_request_start(req, done_cb, NULL), 0);
	ck_assert_int_eq(http_request_start(req, done_cb, NULL), -1);
	http_request_free(req);
}
END_TEST

static Suite *
http_client_suite(void)
{
	Suite	*s = suite_create("http_client");
	TCase	*tc = tcase_create("request");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_post_round_trip_keeps_connection);
	tcase_add_test(tc, test_cookie_rfc2109_style);
	tcase_add_test(tc, test_chunked_upload);
	tcase_add_test(tc, test_digest_on_challenge);
	tcase_add_test(tc, test_basic_auth);
	tcase_add_test(tc, test_get_to_fd_and_put);
	tcase_add_test(tc, test_body_cap_and_refused);
	tcase_add_test(tc, test_free_while_running);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(http_client_suite());
}
