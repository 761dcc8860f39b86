/*
 * session_cwmp.c: the CWMP session engine (CWMP.md section 5).  An Inform
 * starts a session (authentication, version, the device's session lock,
 * the store) and gets InformResponse with MaxEnvelopes 1 in the CPE's
 * namespace.  CPE requests get their responses (unknown ones fault 8000).
 * An empty POST, or the answer to our last request, lets the ACS send its
 * next request: a queued job, then discovery work; nothing left gives 204.
 * Each request carries our own cwmp:ID; a response with a missing or
 * different ID is accepted when the method matches (CWMP.md 12, rule 3).
 * It does not touch HTTP headers beyond what acs_http_resp carries.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/cwmp_rpc.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "acs/acs.h"

static const char *const acs_cpe_methods[] = { "Inform", "GetRPCMethods",
	"TransferComplete", "AutonomousTransferComplete", "RequestDownload",
	"DUStateChangeComplete", "AutonomousDUStateChangeComplete", NULL };

static void
resp_text(struct acs_http_resp *resp, int status, const char *text)
{
	resp->status = status;
	resp->body = xstrdup(text);
	resp->len = strlen(text);
}

static void
resp_empty(struct acs_http_resp *resp)
{
	resp->status = 204;
	resp->body = NULL;
	resp->len = 0;
}

/* Encodes m as the response body; 500 if it does not fit. */
void
session_resp_msg(struct acs_http_resp *resp, const struct cwmp_msg *m, int ns)
{
	struct buf b;

	buf_init(&b, CWMP_BODY_MAX);
	if (cwmp_msg_encode(m, ns < 0 ? CWMP_NS_1_0 : ns, &b) == -1) {
		buf_clear(&b);
		log_warnx("cannot encode %s", cwmp_method_name(m->method));
		resp_text(resp, 500, "internal error\n");
		return;
	}
	resp->status = 200;
	resp->body = buf_release(&b, &resp->len);
}

void
session_resp_fault(
    struct acs_http_resp *resp, const struct cwmp_msg *req, int code)
{
	struct cwmp_msg m;

	cwmp_msg_init(&m, CWMP_FAULT);
	cwmp_msg_set_fault(&m, code, NULL);
	cwmp_msg_set_id(&m, req->hdr.id);
	session_resp_msg(resp, &m, req->ns);
	cwmp_msg_clear(&m);
}

static void
session_capture(struct acs_ctx *ctx, struct acs_session *s, const char *what,
    const char *data, size_t len)
{
	if (s->capture)
		capture_write(
		    ctx, s->device, s->cookie, ++s->seq, what, data, len);
}

/* Answers one CPE request (CWMP.md 6.2). */
static void
session_cpe_request(struct acs_ctx *ctx, struct acs_session *s,
    const struct cwmp_msg *req, struct acs_http_resp *resp)
{
	struct cwmp_msg m;
	size_t i;

	cwmp_msg_init(&m, cwmp_method_response(req->method));
	cwmp_msg_set_id(&m, req->hdr.id);
	switch (req->method) {
	case CWMP_GET_RPC_METHODS:
		for (i = 0; acs_cpe_methods[i] != NULL; i++)
			cwmp_strlist_add(&m.methods, acs_cpe_methods[i]);
		break;
	case CWMP_TRANSFER_COMPLETE:
	case CWMP_AUTONOMOUS_TRANSFER_COMPLETE:
		rules_hook_transfer(ctx, s, req);
		if (backend_transfer(ctx, s, req) == -1) {
			cwmp_msg_clear(&m);
			session_resp_fault(
			    resp, req, CWMP_FAULT_ACS_INTERNAL_ERROR);
			return;
		}
		break;
	case CWMP_KICKED:
		cwmp_str_set(&m.kicked_next_url, req->kicked.next);
		break;
	case CWMP_REQUEST_DOWNLOAD:
		log_info("%s: RequestDownload of type %s", s->device,
		    req->request_download.file_type != NULL ?
		        req->request_download.file_type :
		        "");
		break;
	default:
		break;
	}
	session_resp_msg(resp, &m, s->ns);
	cwmp_msg_clear(&m);
}

static bool
session_is_cpe_request(enum cwmp_method m)
{
	switch (m) {
	case CWMP_GET_RPC_METHODS:
	case CWMP_TRANSFER_COMPLETE:
	case CWMP_AUTONOMOUS_TRANSFER_COMPLETE:
	case CWMP_REQUEST_DOWNLOAD:
	case CWMP_KICKED:
	case CWMP_DU_STATE_CHANGE_COMPLETE:
	case CWMP_AUTONOMOUS_DU_STATE_CHANGE_COMPLETE:
		return true;
	default:
		return false;
	}
}

/* Sends m as the next ACS request, with our own ID. */
static void
session_send(struct acs_ctx *ctx, struct acs_session *s, struct cwmp_msg *m,
    enum acs_pending why, struct acs_http_resp *resp)
{
	snprintf(s->pending_id, sizeof(s->pending_id), "acsd.%u", ++s->next_id);
	cwmp_msg_set_id(m, s->pending_id);
	if (s->hold)
		m->hdr.hold_requests = 1;
	s->pending = why;
	s->pending_method = m->method;
	session_resp_msg(resp, m, s->ns);
	if (resp->status != 200) {
		s->pending = ACS_PENDING_NONE;
		if (why == ACS_PENDING_JOB)
			dispatch_drop(ctx, s, "cannot encode");
	}
}

/* Claims the next job that turns into an RPC; 1 if m was built. */
static int
session_next_job(struct acs_ctx *ctx, struct acs_session *s, struct cwmp_msg *m)
{
	for (;;) {
		if (s->no_jobs || dispatch_claim(ctx, s) != 1)
			return 0;
		if (strcmp(s->job.rpc, "refresh") == 0) {
			dispatch_start_refresh(ctx, s);
			return 0;
		}
		if (dispatch_job_msg(ctx, s, m) == 0)
			return 1;
	}
}

/* The ACS's turn: next request or 204. */
static void
session_next(
    struct acs_ctx *ctx, struct acs_session *s, struct acs_http_resp *resp)
{
	struct cwmp_msg m;

	cwmp_msg_init(&m, CWMP_EMPTY);
	if (s->msgs > (unsigned int)ctx->cfg->session.max_rpcs) {
		log_warnx("%s: too many messages in one session", s->device);
		sessions_end(ctx, s, "too many rpcs");
		resp_empty(resp);
		resp->close = true;
		return;
	}
	if (session_next_job(ctx, s, &m) == 1) {
		session_send(ctx, s, &m, ACS_PENDING_JOB, resp);
		cwmp_msg_clear(&m);
		return;
	}
	cwmp_msg_clear(&m);
	cwmp_msg_init(&m, CWMP_EMPTY);
	if (s->disc != NULL && discover_next(s->disc, &m) == 1) {
		session_send(ctx, s, &m, ACS_PENDING_DISCOVER, resp);
		cwmp_msg_clear(&m);
		return;
	}
	cwmp_msg_clear(&m);
	if (s->disc != NULL) {
		dispatch_end_discovery(ctx, s);
		/* Rules may have queued work for the tree just discovered. */
		cwmp_msg_init(&m, CWMP_EMPTY);
		if (session_next_job(ctx, s, &m) == 1) {
			session_send(ctx, s, &m, ACS_PENDING_JOB, resp);
			cwmp_msg_clear(&m);
			return;
		}
		cwmp_msg_clear(&m);
	}
	sessions_end(ctx, s, "ok");
	resp_empty(resp);
}

/* A response or fault for our outstanding request. */
static void
session_response(
    struct acs_ctx *ctx, struct acs_session *s, const struct cwmp_msg *m)
{
	if (s->pending == ACS_PENDING_NONE) {
		log_debug("%s: %s with no request outstanding, ignored",
		    s->device, cwmp_method_name(m->method));
		return;
	}
	if (m->method != CWMP_FAULT &&
	    m->method != cwmp_method_response(s->pending_method)) {
		log_warnx("%s: %s does not answer %s", s->device,
		    cwmp_method_name(m->method),
		    cwmp_method_name(s->pending_method));
	} else if (m->hdr.id == NULL || strcmp(m->hdr.id, s->pending_id) != 0)
		log_debug("%s: response ID %s, expected %s", s->device,
		    m->hdr.id != NULL ? m->hdr.id : "(none)", s->pending_id);
	if (m->method == CWMP_FAULT)
		s->faults++;
	else
		s->rpcs++;
	if (s->pending == ACS_PENDING_JOB)
		dispatch_response(ctx, s, m);
	else
		dispatch_discover_response(ctx, s, m);
	s->pending = ACS_PENDING_NONE;
}

/* One message of a running session. */
static void
session_step(struct acs_ctx *ctx, struct acs_session *s,
    const struct cwmp_msg *m, struct acs_http_resp *resp)
{
	if (session_is_cpe_request(m->method)) {
		session_cpe_request(ctx, s, m, resp);
		return;
	}
	if (m->method == CWMP_UNKNOWN) {
		log_warnx("%s: unknown CPE method %s", s->device,
		    m->method_name != NULL ? m->method_name : "?");
		session_resp_fault(
		    resp, m, CWMP_FAULT_ACS_METHOD_NOT_SUPPORTED);
		return;
	}
	if (!s->live) {
		/* After our 204 (CWMP.md 5.1 rule 5). */
		resp_empty(resp);
		return;
	}
	if (m->method != CWMP_EMPTY)
		session_response(ctx, s, m);
	else if (s->pending != ACS_PENDING_NONE) {
		log_warnx("%s: empty POST while %s is outstanding", s->device,
		    cwmp_method_name(s->pending_method));
		dispatch_abandon(ctx, s);
	}
	session_next(ctx, s, resp);
}

static void
session_handle_existing(struct acs_ctx *ctx, struct acs_session *s,
    struct acs_http_req *req, const struct cwmp_msg *m,
    struct acs_http_resp *resp)
{
	s->last_ms = acs_now_ms();
	s->msgs++;
	if (req->cc != NULL)
		strlcpy(req->cc->cookie, s->cookie, sizeof(req->cc->cookie));
	dispatch_renew(ctx, s);
	session_capture(ctx, s, "request", req->body, req->len);
	session_step(ctx, s, m, resp);
	session_capture(ctx, s,
	    resp->status == 204 ? "response-204" : "response",
	    resp->body != NULL ? resp->body : "", resp->len);
}

static bool
session_no_auth(
    struct acs_ctx *ctx, struct acs_http_req *req, struct acs_http_resp *resp)
{
	const struct acs_cred *cred;
	enum acs_auth_result ar;

	if (ctx->cfg->auth.mode == ACS_AUTH_NONE)
		return false;
	ar = auth_check(ctx, req->conn, &cred);
	if (ar == ACS_AUTH_OK)
		return false;
	resp->status = 401;
	resp->challenge = ctx->cfg->auth.mode == ACS_AUTH_BASIC ?
	    ACS_CHALLENGE_BASIC :
	    ar == ACS_AUTH_STALE ? ACS_CHALLENGE_DIGEST_STALE :
	                           ACS_CHALLENGE_DIGEST;
	return true;
}

void
sessions_handle(
    struct acs_ctx *ctx, struct acs_http_req *req, struct acs_http_resp *resp)
{
	struct acs_session *s;
	struct cwmp_msg m;
	const char *errstr;

	if (cwmp_msg_decode(req->body, req->len, &m, &errstr) == -1) {
		log_warnx("%s: malformed CWMP message: %s",
		    req->cc != NULL ? req->cc->remote : "?", errstr);
		resp_text(resp, 400, "malformed SOAP message\n");
		cwmp_msg_clear(&m);
		return;
	}
	if (m.method == CWMP_INFORM) {
		session_inform(ctx, req, &m, resp);
		cwmp_msg_clear(&m);
		return;
	}
	s = sessions_find(ctx,
	    req->cookie != NULL ? req->cookie :
	        req->cc != NULL ? req->cc->cookie :
	                          NULL);
	if (s == NULL) {
		/*
		 * CWMP.md 5.1 rule 1.  With authentication on, nothing is
		 * answered to an unauthenticated client but a challenge
		 * (curl probes with an empty POST before sending the body).
		 */
		if (session_no_auth(ctx, req, resp))
			;
		else if (m.method == CWMP_EMPTY)
			resp_empty(resp);
		else
			session_resp_fault(
			    resp, &m, CWMP_FAULT_ACS_REQUEST_DENIED);
	} else {
		session_handle_existing(ctx, s, req, &m, resp);
		sessions_release(ctx, s);
	}
	cwmp_msg_clear(&m);
}
