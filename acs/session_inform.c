/*
 * session_inform.c: what an Inform does (CWMP.md 5.1, 5.4, 5.5, 2): load
 * shedding with 503, CPE authentication, the device key, the CWMP version,
 * one session per device (in this process and, through the dirqueue lock,
 * in every acsd sharing the spool), storing the Inform, deciding on
 * discovery, and the InformResponse with MaxEnvelopes 1 and a new session
 * cookie.  A cookie that comes with an Inform never continues a session;
 * it only tells us that the same CPE is starting over.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cwmp_rpc.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "acs/acs.h"

static const char *const acs_versions[] = { "1.0", "1.1", "1.2", "1.3", "1.4",
	NULL };

/*
 * Picks the highest version both sides support from SupportedCWMPVersions
 * (CWMP.md 2, rule 3).  Returns NULL when there is none.
 */
static const char *
inform_version(const char *supported)
{
	const char *best = NULL, *p, *e;
	size_t i, n;

	for (p = supported; *p != '\0'; p = *e == ',' ? e + 1 : e) {
		while (*p == ' ')
			p++;
		e = p + strcspn(p, ",");
		n = e - p;
		while (n > 0 && p[n - 1] == ' ')
			n--;
		for (i = 0; acs_versions[i] != NULL; i++)
			if (strlen(acs_versions[i]) == n &&
			    strncmp(p, acs_versions[i], n) == 0 &&
			    (best == NULL || strcmp(acs_versions[i], best) > 0))
				best = acs_versions[i];
	}
	return best;
}

static int
inform_auth(struct acs_ctx *ctx, struct acs_http_req *req, const char *device,
    struct acs_http_resp *resp)
{
	const struct acs_cred *cred;
	enum acs_auth_result ar;
	const char *remote = req->cc != NULL ? req->cc->remote : "?";

	ar = auth_check(ctx, req->conn, &cred);
	if (ar == ACS_AUTH_OK && cred != NULL && cred->device != NULL &&
	    strcmp(cred->device, device) != 0) {
		log_warnx("%s: %s used credentials of another device", remote,
		    device);
		ar = ACS_AUTH_FAILED;
	}
	if (ar == ACS_AUTH_OK)
		return 0;
	if (ar == ACS_AUTH_FAILED)
		log_warnx("%s: authentication of %s failed", remote, device);
	resp->status = 401;
	resp->challenge = ctx->cfg->auth.mode == ACS_AUTH_BASIC ?
	    ACS_CHALLENGE_BASIC :
	    ar == ACS_AUTH_STALE ? ACS_CHALLENGE_DIGEST_STALE :
	                           ACS_CHALLENGE_DIGEST;
	return -1;
}

static void
inform_busy(struct acs_ctx *ctx, struct acs_http_resp *resp)
{
	resp->status = 503;
	resp->retry_after = (int)(ctx->cfg->session.retry_after / 1000);
	resp->body = xstrdup("busy\n");
	resp->len = strlen(resp->body);
}

/* True when the cookie names a session of the same device. */
static bool
inform_restarts(
    struct acs_ctx *ctx, struct acs_http_req *req, const char *device)
{
	struct acs_session *old;
	bool same;

	old = sessions_find(ctx,
	    req->cookie != NULL ? req->cookie :
	        req->cc != NULL ? req->cc->cookie :
	                          NULL);
	if (old == NULL)
		return false;
	same = strcmp(old->device, device) == 0;
	sessions_release(ctx, old);
	return same;
}

static void
inform_events(
    struct acs_session *s, const struct cwmp_inform *in, bool *bootstrap)
{
	size_t i;

	*bootstrap = false;
	for (i = 0; i < in->events.n; i++) {
		const char *code = in->events.v[i].code;

		if (code == NULL)
			continue;
		if (strcmp(code, "0 BOOTSTRAP") == 0)
			*bootstrap = true;
		if (i > 0)
			strlcat(s->events, ",", sizeof(s->events));
		strlcat(s->events, code, sizeof(s->events));
	}
}

static void
inform_root(struct acs_session *s, const struct cwmp_inform *in)
{
	size_t i;

	strlcpy(s->root, "InternetGatewayDevice.", sizeof(s->root));
	for (i = 0; i < in->params.n; i++)
		if (in->params.v[i].name != NULL &&
		    strncmp(in->params.v[i].name, "Device.", 7) == 0) {
			strlcpy(s->root, "Device.", sizeof(s->root));
			return;
		}
}

static void
inform_discovery(struct acs_ctx *ctx, struct acs_session *s,
    const struct cwmp_inform *in, bool is_new)
{
	bool bootstrap;
	size_t i;

	inform_events(s, in, &bootstrap);
	inform_root(s, in);
	if (!((bootstrap && ctx->cfg->session.discover_on_bootstrap) ||
	        (is_new && ctx->cfg->session.discover_on_first_contact)))
		return;
	s->disc = discover_new(s->root, ctx->cfg->session.gpv_batch);
	for (i = 0; i < in->params.n; i++)
		if (in->params.v[i].name != NULL)
			discover_known(s->disc, in->params.v[i].name);
}

/* The session is ours; store and answer. */
static void
inform_accept(struct acs_ctx *ctx, struct acs_session *s,
    struct acs_http_req *req, const struct cwmp_msg *m, const char *version,
    struct acs_http_resp *resp)
{
	struct cwmp_msg r;
	bool is_new = false;

	s->ns = m->ns < 0 ? CWMP_NS_1_0 : m->ns;
	if (req->cc != NULL)
		strlcpy(s->remote, req->cc->remote, sizeof(s->remote));
	if (m->hdr.session_timeout > 0 && m->hdr.session_timeout <= 3600)
		s->timeout_ms = m->hdr.session_timeout * 1000;
	s->capture = acs_config_capture_device(ctx->cfg, s->device);
	s->msgs = 1;
	if (backend_inform(ctx, s, m, &is_new) == -1) {
		session_resp_fault(resp, m, CWMP_FAULT_ACS_INTERNAL_ERROR);
		sessions_end(ctx, s, "store error");
		return;
	}
	inform_discovery(ctx, s, &m->inform, is_new);
	rules_hook_eval(ctx, s);
	cwmp_msg_init(&r, CWMP_INFORM_RESPONSE);
	r.inform_resp_max_envelopes = 1;
	cwmp_msg_set_id(&r, m->hdr.id);
	if (version != NULL)
		cwmp_str_set(&r.hdr.use_version, version);
	session_resp_msg(resp, &r, s->ns);
	cwmp_msg_clear(&r);
	strlcpy(resp->set_cookie, s->cookie, sizeof(resp->set_cookie));
	if (req->cc != NULL)
		strlcpy(req->cc->cookie, s->cookie, sizeof(req->cc->cookie));
	if (s->capture) {
		capture_write(ctx, s->device, s->cookie, ++s->seq, "request",
		    req->body, req->len);
		capture_write(ctx, s->device, s->cookie, ++s->seq, "response",
		    resp->body != NULL ? resp->body : "", resp->len);
	}
}

/* Takes the cross-process session lock (CWMP.md 14.3). */
static int
inform_lock(struct acs_ctx *ctx, struct acs_session *s)
{
	const char *errstr;
	int lease, rc;

	/* One process: the session table already keeps one per device. */
	if (!ctx->cfg->store.shared)
		return 0;
	lease = (int)(ctx->cfg->session.timeout / 1000) * 2;
	rc = dirqueue_lock_acquire(backend_queue(ctx), s->device,
	    ACS_SESSION_LOCK, lease, &s->lock, &errstr);
	if (rc == -1)
		log_warnx("%s: session lock: %s", s->device, errstr);
	return rc == 1 ? 0 : -1;
}

void
session_inform(struct acs_ctx *ctx, struct acs_http_req *req,
    const struct cwmp_msg *m, struct acs_http_resp *resp)
{
	struct acs_session *s;
	char device[ACS_DEVICE_MAX + 1];
	const char *version = NULL;
	int max = ctx->cfg->session.max_sessions;

	if (max > 0 && sessions_live(ctx->sessions) >= (size_t)max) {
		inform_busy(ctx, resp);
		return;
	}
	if (backend_device_key(&m->inform.device_id, device, sizeof(device)) ==
	    -1) {
		log_warnx("%s: Inform without a usable DeviceId",
		    req->cc != NULL ? req->cc->remote : "?");
		session_resp_fault(resp, m, CWMP_FAULT_ACS_INVALID_ARGUMENTS);
		return;
	}
	if (inform_auth(ctx, req, device, resp) == -1)
		return;
	if (m->hdr.supported_versions != NULL &&
	    (version = inform_version(m->hdr.supported_versions)) == NULL) {
		session_resp_fault(
		    resp, m, CWMP_FAULT_ACS_VERSION_INCOMPATIBLE);
		return;
	}
	if (req->cc != NULL && req->cc->cookie[0] != '\0')
		sessions_drop_ended(ctx, req->cc->cookie);
	if (req->cookie != NULL &&
	    (req->cc == NULL || strcmp(req->cookie, req->cc->cookie) != 0))
		sessions_drop_ended(ctx, req->cookie);
	s = sessions_create(ctx, device, inform_restarts(ctx, req, device));
	if (s == NULL) {
		log_info("%s: already in a session, 503", device);
		inform_busy(ctx, resp);
		return;
	}
	if (inform_lock(ctx, s) == -1) {
		log_info("%s: in a session on another acsd, 503", device);
		sessions_end(ctx, s, "busy");
		inform_busy(ctx, resp);
	} else
		inform_accept(ctx, s, req, m, version, resp);
	sessions_release(ctx, s);
}
