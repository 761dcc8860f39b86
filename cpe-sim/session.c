/*
 * session.c: one CWMP session of one device, as the HTTP client side
 * (CWMP.md 3 and 5).  POST Inform, wait for InformResponse, send the
 * device's own requests (TransferComplete) unless HoldRequests is set, then
 * the empty POST; from there every 200 carries an ACS request that rpc.c
 * answers in the next POST, until 204 (or an empty 200) ends the session.
 * Everything goes through one reusable http_request, so the connection,
 * the Digest state and the session cookie stay with the session.  Any
 * transport error, unexpected status or undecodable reply fails the
 * session, and device.c retries with the TR-069 back-off.
 *
 * It does not decide what to answer (rpc.c) or what the Inform carries
 * (inform.c); quirks.c changes how messages look on the wire.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/buf.h"
#include "lib/cwmp_rpc.h"
#include "lib/http_client.h"
#include "lib/log.h"
#include "lib/xmalloc.h"

#include "cpe-sim/cpesim.h"

#define SESSION_CHUNK		512	/* Thomson-like chunk size */
#define SESSION_TIMEOUT		60	/* seconds per HTTP exchange */

enum session_state {
	SS_INFORM,		/* Inform sent */
	SS_CPE_REQUEST,		/* TransferComplete sent */
	SS_EMPTY,		/* empty POST sent */
	SS_ACS			/* an answer to an ACS request sent */
};

struct session {
	struct device		*dev;
	struct http_request	*req;
	enum session_state	 state;
	int			 ns;
	int			 version;
	char			 const_id[48];
	char			 acs_id[CWMP_ID_MAX + 1];
	char			 tc_key[CWMP_COMMAND_KEY_MAX + 1];
	bool			 hold;
	unsigned int		 rpcs;
	time_t			 started;
};

static void	session_reply(struct http_request *, void *);

static int
session_ns(const struct device *dev)
{
	int	v = dev->quirks->version >= 0 ? dev->quirks->version :
	    dev->model->cwmp_version;

	if (dev->quirks->ns >= 0)
		return dev->quirks->ns;
	return v <= 1 ? v : CWMP_NS_1_2;
}

void
session_free(struct session *s)
{
	if (s == NULL)
		return;
	http_request_free(s->req);
	free(s);
}

static void
session_end(struct session *s, bool ok, const char *why)
{
	struct device	*dev = s->dev;

	if (!ok)
		log_info("%s: session failed: %s", dev->serial, why);
	else
		log_debug("%s: %s: session done, %u rpcs", __func__,
		    dev->serial, s->rpcs);
	dev->session = NULL;
	dev->sim->active_sessions--;
	session_free(s);
	device_session_done(dev, ok);
}

/* The cwmp:ID of the next message, by the profile's habit. */
static void
session_id(struct session *s, struct cwmp_msg *m, bool response)
{
	struct device	*dev = s->dev;
	char		 id[64];

	switch (dev->quirks->id) {
	case QUIRK_ID_NONE:
		cwmp_msg_set_id(m, NULL);
		return;
	case QUIRK_ID_CONSTANT:
		cwmp_msg_set_id(m, s->const_id);
		return;
	case QUIRK_ID_INCREMENT:
		snprintf(id, sizeof(id), "THOM_CPE_ALC_ID_%u",
		    dev->msg_counter++);
		cwmp_msg_set_id(m, id);
		return;
	case QUIRK_ID_COUNTER:
		if (response) {
			cwmp_msg_set_id(m, s->acs_id[0] != '\0' ? s->acs_id :
			    NULL);
			return;
		}
		snprintf(id, sizeof(id), "cpe-%u", dev->msg_counter++);
		cwmp_msg_set_id(m, id);
		return;
	}
}

static int
session_post(struct session *s, struct cwmp_msg *m, bool response)
{
	const struct quirks	*q = s->dev->quirks;
	struct buf		 b;
	int			 rc;

	session_id(s, m, response);
	if (q->no_more_requests)
		m->hdr.no_more_requests = 1;
	buf_init(&b, CWMP_BODY_MAX);
	if (cwmp_msg_encode(m, s->ns, &b) == -1) {
		buf_clear(&b);
		return -1;
	}
	quirks_apply_body(q, &b);
	http_request_set_cookie_style(s->req, q->rfc2109_cookie ?
	    HTTP_COOKIE_RFC2109 : HTTP_COOKIE_PLAIN);
	http_request_reset_headers(s->req);
	http_request_add_header(s->req, quirks_content_type(q));
	if (q->soapaction == QUIRK_SA_QUOTED)
		http_request_add_header(s->req, "SOAPAction: \"\"");
	else if (q->soapaction == QUIRK_SA_EMPTY)
		http_request_add_header(s->req, "SOAPAction;");
	http_request_set_post(s->req, b.data, b.len,
	    q->chunked ? SESSION_CHUNK : 0);
	buf_clear(&b);
	rc = http_request_start(s->req, session_reply, s);
	return rc;
}

static int
session_post_empty(struct session *s)
{
	const struct quirks	*q = s->dev->quirks;

	s->state = SS_EMPTY;
	http_request_reset_headers(s->req);
	/* curl adds a form Content-Type to any POST: drop it. */
	http_request_add_header(s->req, "Content-Type:");
	if (q->bare_empty_post) {
		http_request_add_header(s->req, "Content-Length:");
		http_request_add_header(s->req, "Accept:");
		http_request_add_header(s->req, "User-Agent:");
		http_request_add_header(s->req, "Host:");
		http_request_set_cookie_style(s->req, HTTP_COOKIE_NONE);
	}
	http_request_set_post(s->req, NULL, 0, 0);
	return http_request_start(s->req, session_reply, s);
}

/* Our own requests first (unless held), then the empty POST. */
static void
session_next_request(struct session *s)
{
	struct cwmp_msg	m;
	struct sim_tc	tc;
	char		st[32], ct[32];
	struct tm	tm;
	int		rc;

	if (!s->hold && transfer_next_tc(s->dev, &tc) == 0) {
		cwmp_msg_init(&m, CWMP_TRANSFER_COMPLETE);
		cwmp_str_set(&m.tc.command_key, tc.command_key);
		m.tc.fault.code = tc.fault_code;
		cwmp_str_set(&m.tc.fault.string, tc.fault_string);
		gmtime_r(&tc.start_time, &tm);
		strftime(st, sizeof(st), "%Y-%m-%dT%H:%M:%SZ", &tm);
		gmtime_r(&tc.complete_time, &tm);
		strftime(ct, sizeof(ct), "%Y-%m-%dT%H:%M:%SZ", &tm);
		cwmp_str_set(&m.tc.start_time, tc.start_time > 0 ? st :
		    "0001-01-01T00:00:00Z");
		cwmp_str_set(&m.tc.complete_time, tc.complete_time > 0 ? ct :
		    "0001-01-01T00:00:00Z");
		strlcpy(s->tc_key, tc.command_key, sizeof(s->tc_key));
		s->state = SS_CPE_REQUEST;
		s->dev->n_tc_sent++;
		s->dev->sim->stats.tc_sent++;
		rc = session_post(s, &m, false);
		cwmp_msg_clear(&m);
	} else
		rc = session_post_empty(s);
	if (rc == -1)
		session_end(s, false, "cannot send");
}

static bool
session_body_empty(const struct buf *b)
{
	size_t	i;

	for (i = 0; i < b->len; i++)
		if (!isspace((unsigned char)b->data[i]))
			return false;
	return true;
}

static void
session_inform_response(struct session *s, const struct cwmp_msg *m)
{
	if (m->method != CWMP_INFORM_RESPONSE) {
		session_end(s, false, m->method == CWMP_FAULT ?
		    "fault to Inform" : "no InformResponse");
		return;
	}
	s->dev->sim->stats.informs++;
	inform_done(s->dev);
	session_next_request(s);
}

static void
session_tc_response(struct session *s, const struct cwmp_msg *m)
{
	if (m->method != CWMP_TRANSFER_COMPLETE_RESPONSE) {
		session_end(s, false, "no TransferCompleteResponse");
		return;
	}
	transfer_tc_acked(s->dev, s->tc_key);
	session_next_request(s);
}

/* An ACS request: answer it in the next POST. */
static void
session_acs_request(struct session *s, const struct cwmp_msg *m)
{
	struct cwmp_msg	resp;
	int		rc;

	if (m->method == CWMP_FAULT || cwmp_method_is_response(m->method)) {
		session_end(s, false, "unexpected message from the ACS");
		return;
	}
	if (++s->rpcs > SIM_SESSION_RPCS_MAX) {
		session_end(s, false, "too many requests in one session");
		return;
	}
	strlcpy(s->acs_id, m->hdr.id != NULL ? m->hdr.id : "",
	    sizeof(s->acs_id));
	cwmp_msg_init(&resp, CWMP_EMPTY);
	rpc_dispatch(s->dev, m, &resp);
	s->state = SS_ACS;
	rc = session_post(s, &resp, true);
	cwmp_msg_clear(&resp);
	if (rc == -1)
		session_end(s, false, "cannot encode the response");
}

static void
session_message(struct session *s, struct buf *body)
{
	struct cwmp_msg	 m;
	const char	*errstr = NULL;

	if (cwmp_msg_decode(body->data, body->len, &m, &errstr) == -1) {
		cwmp_msg_clear(&m);
		session_end(s, false, errstr);
		return;
	}
	if (m.hdr.hold_requests >= 0)
		s->hold = m.hdr.hold_requests == 1;
	s->dev->hold_requests = s->hold;
	switch (s->state) {
	case SS_INFORM:
		session_inform_response(s, &m);
		break;
	case SS_CPE_REQUEST:
		session_tc_response(s, &m);
		break;
	default:
		if (m.method == CWMP_EMPTY)
			session_next_request(s);
		else
			session_acs_request(s, &m);
		break;
	}
	cwmp_msg_clear(&m);
}

static void
session_reply(struct http_request *req, void *arg)
{
	struct session	*s = arg;
	struct buf	*body = http_request_body(req);
	long		 status = http_request_status(req);
	char		 why[300];

	if (http_request_result(req) != HTTP_RESULT_OK) {
		s->dev->sim->stats.http_errors++;
		snprintf(why, sizeof(why), "http: %s", http_request_error(req));
		session_end(s, false, why);
		return;
	}
	if (status != 200 && status != 204) {
		snprintf(why, sizeof(why), "HTTP status %ld", status);
		session_end(s, false, why);
		return;
	}
	if (status == 204 || session_body_empty(body)) {
		if (s->state == SS_INFORM || s->state == SS_CPE_REQUEST) {
			session_end(s, false, "empty reply to a request");
			return;
		}
		/* Held requests may go now (CWMP.md 5.1 rule 6). */
		if (s->hold) {
			s->hold = false;
			s->dev->hold_requests = false;
			if (transfer_next_tc(s->dev, NULL) == 0) {
				session_next_request(s);
				return;
			}
		}
		session_end(s, true, NULL);
		return;
	}
	session_message(s, body);
}

static void
session_setup_http(struct session *s, const char *url)
{
	struct device		*dev = s->dev;
	const struct quirks	*q = dev->quirks;
	const char		*user, *pass, *ua;
	struct sim_conf		*c = &dev->sim->conf;

	http_request_set_url(s->req, url);
	ua = q->user_agent != NULL ? q->user_agent : dev->model->user_agent;
	http_request_set_user_agent(s->req, ua != NULL ? ua :
	    "anthill-cpe-sim/" PACKAGE_VERSION);
	http_request_set_tls(s->req, c->cafile, !c->insecure);
	http_request_set_timeouts(s->req, 10, SESSION_TIMEOUT, 0);
	http_request_set_cookie_style(s->req, q->rfc2109_cookie ?
	    HTTP_COOKIE_RFC2109 : HTTP_COOKIE_PLAIN);
	user = device_param(dev, "ManagementServer.Username");
	pass = device_param(dev, "ManagementServer.Password");
	if (user != NULL && *user != '\0')
		http_request_set_auth(s->req, q->preemptive_basic ?
		    HTTP_AUTH_BASIC : HTTP_AUTH_BASIC | HTTP_AUTH_DIGEST, user,
		    pass != NULL ? pass : "");
	else if (q->preemptive_basic)
		http_request_set_auth(s->req, HTTP_AUTH_BASIC, "", "");
}

int
session_start(struct device *dev)
{
	struct session	*s;
	struct cwmp_msg	 m;
	const char	*url;
	int		 rc;

	url = device_param(dev, "ManagementServer.URL");
	if (url == NULL || *url == '\0') {
		log_warnx("%s: no ACS URL", dev->serial);
		return -1;
	}
	s = xcalloc(1, sizeof(*s));
	s->dev = dev;
	s->started = time(NULL);
	s->ns = session_ns(dev);
	s->version = dev->quirks->version >= 0 ? dev->quirks->version :
	    dev->model->cwmp_version;
	snprintf(s->const_id, sizeof(s->const_id), "%u_THOM_TR69_ID",
	    dev->boot_count);
	s->req = http_request_new(dev->sim->http);
	session_setup_http(s, url);
	dev->session = s;
	dev->sim->active_sessions++;
	cwmp_msg_init(&m, CWMP_INFORM);
	inform_build(dev, &m);
	if (s->version >= 4)
		cwmp_str_set(&m.hdr.supported_versions,
		    "1.0,1.1,1.2,1.3,1.4");
	if (s->version == 3)
		m.hdr.session_timeout = SESSION_TIMEOUT;
	s->state = SS_INFORM;
	rc = session_post(s, &m, false);
	cwmp_msg_clear(&m);
	if (rc == -1) {
		dev->session = NULL;
		dev->sim->active_sessions--;
		session_free(s);
		return -1;
	}
	return 0;
}
