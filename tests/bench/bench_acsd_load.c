/*
 * bench_acsd_load.c: the load generator of bench_acsd.sh.  C concurrent
 * simulated CPEs on raw non-blocking sockets and one epoll loop, each
 * running full Inform sessions back to back on a keep-alive connection:
 * POST Inform, read InformResponse and its cookie, POST empty with the
 * cookie, read 204.  Device i of n informs as serial "B<i>"; client c
 * takes devices c, c + C, c + 2C, ... so no two clients share a device at
 * once.  It prints sessions, sessions per second and the p50/p99 session
 * time.  Usage: bench_acsd_load -p port -c clients -d seconds [-n devices]
 * [-o first-serial]
 */
#include "config.h"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LOAD_BUF 16384
#define LOAD_SAMPLES (8 * 1024 * 1024)
#define LOAD_COOKIE 128

enum load_state {
	LOAD_SEND_INFORM,
	LOAD_READ_INFORM,
	LOAD_SEND_EMPTY,
	LOAD_READ_EMPTY
};

struct load_client {
	int fd;
	int id;
	enum load_state state;
	unsigned long device;
	char out[LOAD_BUF];
	size_t outlen, outoff;
	char in[LOAD_BUF];
	size_t inlen;
	char cookie[LOAD_COOKIE];
	uint64_t start;
};

struct load {
	int port, clients, ep;
	unsigned long devices;
	unsigned long offset; /* first serial number */
	uint64_t done, errors, busy;
	uint64_t *samples;
	size_t nsamples;
};

static const char load_inform[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<soap-env:Envelope xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/"
    "envelope/\" xmlns:soap-enc=\"http://schemas.xmlsoap.org/soap/encoding/\""
    " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www."
    "w3.org/2001/XMLSchema-instance\" xmlns:cwmp=\"urn:dslforum-org:cwmp-1-0"
    "\"><soap-env:Header><cwmp:ID soap-env:mustUnderstand=\"1\">1</cwmp:ID>"
    "</soap-env:Header><soap-env:Body><cwmp:Inform><DeviceId><Manufacturer>"
    "Bench</Manufacturer><OUI>00D09E</OUI><ProductClass>Load</ProductClass>"
    "<SerialNumber>B%lu</SerialNumber></DeviceId><Event soap-enc:arrayType="
    "\"cwmp:EventStruct[1]\"><EventStruct><EventCode>2 PERIODIC</EventCode>"
    "<CommandKey></CommandKey></EventStruct></Event><MaxEnvelopes>1"
    "</MaxEnvelopes><CurrentTime>%s</CurrentTime>"
    "<RetryCount>0</RetryCount><ParameterList soap-enc:arrayType=\"cwmp:"
    "ParameterValueStruct[3]\"><ParameterValueStruct><Name>"
    "InternetGatewayDevice.DeviceInfo.SoftwareVersion</Name><Value xsi:type="
    "\"xsd:string\">1.2.3</Value></ParameterValueStruct><ParameterValueStruct>"
    "<Name>InternetGatewayDevice.ManagementServer.ConnectionRequestURL</Name>"
    "<Value xsi:type=\"xsd:string\">http://10.0.0.1:7547/cr</Value>"
    "</ParameterValueStruct><ParameterValueStruct><Name>InternetGateway"
    "Device.ManagementServer.ParameterKey</Name><Value xsi:type=\"xsd:string"
    "\"></Value></ParameterValueStruct></ParameterList></cwmp:Inform>"
    "</soap-env:Body></soap-env:Envelope>\n";

static uint64_t
load_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int
load_connect(struct load *l, struct load_client *c)
{
	struct sockaddr_in sin;
	struct epoll_event ev;
	int on = 1;

	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (c->fd == -1)
		return -1;
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(l->port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(c->fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 &&
	    errno != EINPROGRESS)
		return -1;
	ev.events = EPOLLOUT;
	ev.data.ptr = c;
	return epoll_ctl(l->ep, EPOLL_CTL_ADD, c->fd, &ev);
}

static void
load_request(struct load *l, struct load_client *c, bool inform)
{
	char body[LOAD_BUF / 2], now[32];
	struct tm tm;
	time_t t;
	int n = 0;

	if (inform) {
		/* A CPE with NTP: its CurrentTime is the time now. */
		t = time(NULL);
		gmtime_r(&t, &tm);
		strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
		n = snprintf(body, sizeof(body), load_inform,
		    l->offset + c->device, now);
		c->outlen = snprintf(c->out, sizeof(c->out),
		    "POST / HTTP/1.1\r\nHost: acs\r\nContent-Type: text/xml\r\n"
		    "SOAPAction: \r\nContent-Length: %d\r\n\r\n%s",
		    n, body);
	} else
		c->outlen = snprintf(c->out, sizeof(c->out),
		    "POST / HTTP/1.1\r\nHost: acs\r\nCookie: %s\r\n"
		    "Content-Length: 0\r\n\r\n",
		    c->cookie);
	c->outoff = 0;
	c->inlen = 0;
}

static void
load_begin(struct load *l, struct load_client *c)
{
	c->start = load_now();
	c->state = LOAD_SEND_INFORM;
	load_request(l, c, true);
}

static void
load_reset(struct load *l, struct load_client *c)
{
	l->errors++;
	close(c->fd);
	if (load_connect(l, c) == -1) {
		perror("connect");
		exit(1);
	}
	load_begin(l, c);
}

/* Returns the status once a whole response is in, 0 before, -1 on junk. */
static int
load_parse(struct load_client *c)
{
	char *end, *cl, *ck;
	size_t hlen, blen = 0;
	int status;

	c->in[c->inlen] = '\0';
	end = strstr(c->in, "\r\n\r\n");
	if (end == NULL)
		return 0;
	hlen = end + 4 - c->in;
	if (sscanf(c->in, "HTTP/1.%*d %d", &status) != 1)
		return -1;
	cl = strcasestr(c->in, "\r\nContent-Length:");
	if (cl != NULL && cl < end)
		blen = strtoul(cl + 17, NULL, 10);
	if (c->inlen < hlen + blen)
		return 0;
	ck = strcasestr(c->in, "\r\nSet-Cookie: ");
	if (ck != NULL && ck < end) {
		ck += 14;
		snprintf(c->cookie, sizeof(c->cookie), "%.*s",
		    (int)strcspn(ck, ";\r"), ck);
	}
	return status;
}

static void
load_finish(struct load *l, struct load_client *c)
{
	if (l->nsamples < LOAD_SAMPLES)
		l->samples[l->nsamples++] = load_now() - c->start;
	l->done++;
	c->device += l->clients;
	if (c->device >= l->devices)
		c->device = c->id;
	load_begin(l, c);
}

static void
load_got(struct load *l, struct load_client *c, int status)
{
	if (c->state == LOAD_READ_INFORM && status == 200) {
		c->state = LOAD_SEND_EMPTY;
		load_request(l, c, false);
	} else if (c->state == LOAD_READ_INFORM && status == 503) {
		l->busy++;
		load_begin(l, c);
	} else if (c->state == LOAD_READ_EMPTY && status == 204)
		load_finish(l, c);
	else
		load_reset(l, c);
}

static void
load_want(struct load *l, struct load_client *c, uint32_t events)
{
	struct epoll_event ev;

	ev.events = events;
	ev.data.ptr = c;
	epoll_ctl(l->ep, EPOLL_CTL_MOD, c->fd, &ev);
}

static void
load_io(struct load *l, struct load_client *c)
{
	ssize_t n;
	int st;

	if (c->state == LOAD_SEND_INFORM || c->state == LOAD_SEND_EMPTY) {
		n = send(c->fd, c->out + c->outoff, c->outlen - c->outoff,
		    MSG_NOSIGNAL);
		if (n == -1 && (errno == EAGAIN || errno == ENOTCONN)) {
			load_want(l, c, EPOLLOUT);
			return;
		}
		if (n <= 0) {
			load_reset(l, c);
			return;
		}
		c->outoff += n;
		if (c->outoff == c->outlen) {
			c->state++;
			load_want(l, c, EPOLLIN);
		}
		return;
	}
	n = recv(c->fd, c->in + c->inlen, sizeof(c->in) - 1 - c->inlen, 0);
	if (n == -1 && errno == EAGAIN)
		return;
	if (n <= 0) {
		load_reset(l, c);
		return;
	}
	c->inlen += n;
	st = load_parse(c);
	if (st < 0)
		load_reset(l, c);
	else if (st > 0) {
		load_got(l, c, st);
		load_io(l, c);
	}
}

static int
load_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char *argv[])
{
	struct load l;
	struct load_client *cs;
	struct epoll_event evs[256];
	uint64_t t0, end, dur;
	int ch, i, n, secs = 5;

	memset(&l, 0, sizeof(l));
	l.clients = 50;
	while ((ch = getopt(argc, argv, "c:d:n:o:p:")) != -1) {
		switch (ch) {
		case 'o':
			l.offset = strtoul(optarg, NULL, 10);
			break;
		case 'c':
			l.clients = (int)strtol(optarg, NULL, 10);
			break;
		case 'd':
			secs = (int)strtol(optarg, NULL, 10);
			break;
		case 'n':
			l.devices = strtoul(optarg, NULL, 10);
			break;
		case 'p':
			l.port = (int)strtol(optarg, NULL, 10);
			break;
		default:
			return 2;
		}
	}
	if (l.port == 0 || l.clients < 1)
		return 2;
	if (l.devices < (unsigned long)l.clients)
		l.devices = l.clients;
	l.samples = calloc(LOAD_SAMPLES, sizeof(*l.samples));
	cs = calloc(l.clients, sizeof(*cs));
	l.ep = epoll_create1(0);
	if (l.samples == NULL || cs == NULL || l.ep == -1)
		return 1;
	for (i = 0; i < l.clients; i++) {
		cs[i].id = i;
		cs[i].device = i;
		if (load_connect(&l, &cs[i]) == -1) {
			perror("connect");
			return 1;
		}
		load_begin(&l, &cs[i]);
	}
	t0 = load_now();
	end = t0 + (uint64_t)secs * 1000000;
	while (load_now() < end) {
		n = epoll_wait(l.ep, evs, 256, 100);
		for (i = 0; i < n; i++)
			load_io(&l, evs[i].data.ptr);
	}
	dur = load_now() - t0;
	qsort(l.samples, l.nsamples, sizeof(*l.samples), load_cmp);
	printf("clients %d sessions %llu rate %.1f/s p50 %.2f ms p99 %.2f ms "
	       "errors %llu busy %llu\n",
	    l.clients, (unsigned long long)l.done, l.done * 1e6 / dur,
	    l.nsamples ? l.samples[l.nsamples / 2] / 1000.0 : 0,
	    l.nsamples ? l.samples[l.nsamples * 99 / 100] / 1000.0 : 0,
	    (unsigned long long)l.errors, (unsigned long long)l.busy);
	return 0;
}
