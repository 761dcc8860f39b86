/*
 * auth.c: HTTP Basic and Digest authentication of CPEs (TR-069 3.4.4,
 * CWMP.md 5.4) on top of libmicrohttpd's helpers.  A Digest nonce is bound
 * to a time (ACS_NONCE_TIMEOUT) and not to a TCP connection, so a CPE that
 * reconnects after the challenge (Fritzbox) still succeeds; MHD accepts
 * each nonce-count once.  Usernames, passwords, nonces and Authorization
 * headers are never logged.  It does not decide which requests need
 * authentication: session.c does.
 */
#include "config.h"

#include <string.h>

#include <microhttpd.h>

#include "lib/log.h"
#include "acs/acs.h"

static enum acs_auth_result
auth_basic(struct acs_ctx *ctx, struct MHD_Connection *conn,
    const struct acs_cred **credp)
{
	const struct acs_cred *cred;
	char *user, *pass = NULL;
	enum acs_auth_result res = ACS_AUTH_FAILED;

	user = MHD_basic_auth_get_username_password(conn, &pass);
	if (user == NULL) {
		res = ACS_AUTH_CHALLENGE;
		goto done;
	}
	cred = acs_config_cred(ctx->cfg, user);
	if (cred != NULL && pass != NULL && strcmp(cred->password, pass) == 0) {
		*credp = cred;
		res = ACS_AUTH_OK;
	}
done:
	if (pass != NULL) {
		explicit_bzero(pass, strlen(pass));
		MHD_free(pass);
	}
	if (user != NULL)
		MHD_free(user);
	return res;
}

static enum acs_auth_result
auth_digest(struct acs_ctx *ctx, struct MHD_Connection *conn,
    const struct acs_cred **credp)
{
	const struct acs_cred *cred;
	char *user;
	int rc;

	user = MHD_digest_auth_get_username(conn);
	if (user == NULL)
		return ACS_AUTH_CHALLENGE;
	cred = acs_config_cred(ctx->cfg, user);
	if (cred == NULL) {
		MHD_free(user);
		return ACS_AUTH_FAILED;
	}
	rc = MHD_digest_auth_check2(conn, ctx->cfg->auth.realm, cred->username,
	    cred->password, ACS_NONCE_TIMEOUT, MHD_DIGEST_ALG_MD5);
	MHD_free(user);
	if (rc == MHD_YES) {
		*credp = cred;
		return ACS_AUTH_OK;
	}
	if (rc == MHD_INVALID_NONCE)
		return ACS_AUTH_STALE;
	return ACS_AUTH_FAILED;
}

enum acs_auth_result
auth_check(struct acs_ctx *ctx, struct MHD_Connection *conn,
    const struct acs_cred **credp)
{
	*credp = NULL;
	switch (ctx->cfg->auth.mode) {
	case ACS_AUTH_BASIC:
		return auth_basic(ctx, conn, credp);
	case ACS_AUTH_DIGEST:
		return auth_digest(ctx, conn, credp);
	case ACS_AUTH_NONE:
		break;
	}
	return ACS_AUTH_OK;
}

int
auth_queue_challenge(
    struct acs_ctx *ctx, struct MHD_Connection *conn, enum acs_challenge ch)
{
	static const char denied[] = "authentication required\n";
	struct MHD_Response *r;
	enum MHD_Result rc;

	r = MHD_create_response_from_buffer(sizeof(denied) - 1,
	    (void *)(uintptr_t)denied, MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return -1;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain");
	if (ch == ACS_CHALLENGE_BASIC)
		rc = MHD_queue_basic_auth_fail_response(
		    conn, ctx->cfg->auth.realm, r);
	else
		rc = MHD_queue_auth_fail_response2(conn, ctx->cfg->auth.realm,
		    "anthill", r,
		    ch == ACS_CHALLENGE_DIGEST_STALE ? MHD_YES : MHD_NO,
		    MHD_DIGEST_ALG_MD5);
	MHD_destroy_response(r);
	return rc == MHD_YES ? 0 : -1;
}
