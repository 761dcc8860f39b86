/*
 * bench_acsd_base.c: the baseline of bench_acsd.sh: a bare libmicrohttpd
 * server with acsd's threading (internal polling thread, epoll, a thread
 * pool) that parses each Inform with libxml2 and answers a fixed
 * InformResponse with a cookie, and 204 to the empty POST.  No store, no
 * queue, no session table: what acsd costs on top of this is the figure.
 * Usage: bench_acsd_base [-t threads]; it prints "listening on
 * 127.0.0.1:PORT" and runs until SIGTERM.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <microhttpd.h>

#define BASE_BODY_MAX (4 * 1024 * 1024)

static const char base_resp[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<soap-env:Envelope xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/"
    "envelope/\" xmlns:cwmp=\"urn:dslforum-org:cwmp-1-0\"><soap-env:Header>"
    "<cwmp:ID soap-env:mustUnderstand=\"1\">1</cwmp:ID></soap-env:Header>"
    "<soap-env:Body><cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes>"
    "</cwmp:InformResponse></soap-env:Body></soap-env:Envelope>\n";

struct base_rq {
	char *data;
	size_t len;
};

/* True when the document's Body holds an Inform. */
static int
base_is_inform(const char *data, size_t len)
{
	xmlDocPtr doc;
	xmlNodePtr n;
	int ok = 0;

	doc = xmlReadMemory(data, (int)len, NULL, NULL, XML_PARSE_NONET);
	if (doc == NULL)
		return 0;
	for (n = xmlDocGetRootElement(doc)->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, "Body") == 0)
			break;
	for (n = n != NULL ? n->children : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE) {
			ok = strcmp((const char *)n->name, "Inform") == 0;
			break;
		}
	xmlFreeDoc(doc);
	return ok;
}

static enum MHD_Result
base_reply(struct MHD_Connection *conn, struct base_rq *rq)
{
	struct MHD_Response *r;
	enum MHD_Result rc;

	if (rq->len == 0) {
		r = MHD_create_response_from_buffer(
		    0, NULL, MHD_RESPMEM_PERSISTENT);
		rc = MHD_queue_response(conn, MHD_HTTP_NO_CONTENT, r);
	} else if (base_is_inform(rq->data, rq->len)) {
		r = MHD_create_response_from_buffer(sizeof(base_resp) - 1,
		    (void *)(uintptr_t)base_resp, MHD_RESPMEM_PERSISTENT);
		MHD_add_response_header(
		    r, "Content-Type", "text/xml; charset=\"utf-8\"");
		MHD_add_response_header(r, "Set-Cookie",
		    "anthill=0123456789abcdef0123456789abcdef; Path=/");
		rc = MHD_queue_response(conn, MHD_HTTP_OK, r);
	} else {
		r = MHD_create_response_from_buffer(
		    0, NULL, MHD_RESPMEM_PERSISTENT);
		rc = MHD_queue_response(conn, MHD_HTTP_BAD_REQUEST, r);
	}
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result
base_access(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct base_rq *rq = *con_cls;

	if (rq == NULL) {
		*con_cls = calloc(1, sizeof(*rq));
		return *con_cls != NULL ? MHD_YES : MHD_NO;
	}
	if (*upload_size > 0) {
		if (rq->len + *upload_size > BASE_BODY_MAX)
			return MHD_NO;
		rq->data = realloc(rq->data, rq->len + *upload_size);
		if (rq->data == NULL)
			return MHD_NO;
		memcpy(rq->data + rq->len, upload, *upload_size);
		rq->len += *upload_size;
		*upload_size = 0;
		return MHD_YES;
	}
	return base_reply(conn, rq);
}

static void
base_done(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct base_rq *rq = *con_cls;

	if (rq != NULL) {
		free(rq->data);
		free(rq);
	}
	*con_cls = NULL;
}

int
main(int argc, char *argv[])
{
	struct MHD_Daemon *d;
	struct sockaddr_in sin;
	const union MHD_DaemonInfo *di;
	sigset_t set;
	int ch, sig, threads = 2;

	while ((ch = getopt(argc, argv, "t:")) != -1) {
		if (ch != 't')
			return 2;
		threads = (int)strtol(optarg, NULL, 10);
	}
	xmlInitParser();
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0,
	    NULL, NULL, base_access, NULL, MHD_OPTION_SOCK_ADDR,
	    (struct sockaddr *)&sin, MHD_OPTION_THREAD_POOL_SIZE,
	    (unsigned int)threads, MHD_OPTION_CONNECTION_LIMIT, 4096U,
	    MHD_OPTION_CONNECTION_TIMEOUT, 30U,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
	    MHD_OPTION_NOTIFY_COMPLETED, base_done, NULL, MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "bench_acsd_base: cannot start\n");
		return 1;
	}
	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("listening on 127.0.0.1:%u\n", di->port);
	fflush(stdout);
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	return 0;
}
