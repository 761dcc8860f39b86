/*
 * acs.h: acsd's private header.  acsd is the TR-069 ACS: libmicrohttpd
 * runs the HTTP side on its own thread pool, session.c runs the CWMP
 * session engine on top, and the device store and spool in lib/ hold all
 * state so several acsd processes can share one fleet.  This header holds
 * the program's one context and the prototypes of each acs/ file.
 */
#ifndef ACS_ACS_H
#define ACS_ACS_H

#include <sys/types.h>

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* libbsd's RB_GENERATE_STATIC() expects the BSD __unused. */
#ifndef __unused
#define __unused __attribute__((__unused__))
#endif

#include "lib/cwmp_rpc.h"
#include "lib/device_store.h"
#include "lib/dirqueue.h"
#include "acs/acs_config.h"

#define ACS_COOKIE_NAME "anthill"
#define ACS_COOKIE_HEX 32 /* 128 bits */
#define ACS_REMOTE_MAX 64
#define ACS_HEADER_MAX (16 * 1024)
#define ACS_NONCE_TIMEOUT 60 /* seconds (CWMP.md 5.4) */
#define ACS_NONCE_NC_SIZE 4096
#define ACS_INFLATE_CHUNK 16384
#define ACS_DEVICE_MAX DIRQUEUE_KEY_MAX /* < DEVICE_KEY_MAX */
#define ACS_ID_MAX 64
#define ACS_EVENTS_MAX 256 /* bytes of the events log field */
#define ACS_HELD_MAX 16 /* jobs held back in one session */
#define ACS_ROOT_MAX 64
#define ACS_SESSION_LOCK "session"

struct MHD_Daemon;
struct MHD_Connection;
struct acs_sessions;
struct acs_connreq;
struct acs_backend;
struct acs_reload;
struct backend_cache;
struct acs_rules;
struct rule_session;

/* The one program context, handed to every MHD callback. */
struct acs_ctx {
	struct acs_config *cfg;
	struct MHD_Daemon *mhd;
	struct acs_sessions *sessions;
	struct acs_backend *backend;
	struct acs_connreq *connreq;
	struct acs_rules *rules; /* NULL: no rule files */
	struct acs_reload *reload; /* configurations read by SIGHUP */
	int listen_fd;
	uint16_t port;
	uint64_t conn_seq;
	unsigned char digest_random[32];
	char *tls_cert_mem;
	char *tls_key_mem;
};

/* Per TCP connection (MHD_OPTION_NOTIFY_CONNECTION). */
struct acs_conn {
	char remote[ACS_REMOTE_MAX];
	char cookie[ACS_COOKIE_HEX + 1]; /* last session on it */
	uint64_t id;
};

/* A CWMP POST as the HTTP layer hands it to the session engine. */
struct acs_http_req {
	struct MHD_Connection *conn;
	struct acs_conn *cc;
	const char *cookie; /* our cookie's value or NULL */
	const char *content_type;
	const char *body;
	size_t len;
};

enum acs_challenge {
	ACS_CHALLENGE_NONE = 0,
	ACS_CHALLENGE_BASIC,
	ACS_CHALLENGE_DIGEST,
	ACS_CHALLENGE_DIGEST_STALE
};

/* What the session engine wants sent back. */
struct acs_http_resp {
	int status;
	char *body; /* malloc'd or NULL */
	size_t len;
	char set_cookie[ACS_COOKIE_HEX + 1];
	int retry_after; /* > 0: send Retry-After */
	bool close;
	enum acs_challenge challenge;
};

struct discover;
struct device_record;

/* What the outstanding ACS request is for. */
enum acs_pending {
	ACS_PENDING_NONE = 0,
	ACS_PENDING_JOB,
	ACS_PENDING_DISCOVER
};

/*
 * One CWMP session.  The table (session.c) owns it; a request works on it
 * under mtx only.
 */
struct acs_session {
	pthread_mutex_t mtx;
	int refs; /* under the table's lock */
	bool in_table;
	char cookie[ACS_COOKIE_HEX + 1];
	char device[ACS_DEVICE_MAX + 1];
	char remote[ACS_REMOTE_MAX];
	int ns; /* CPE's cwmp namespace */
	char *use_version; /* UseCWMPVersion, or NULL */
	uint64_t start_ms;
	uint64_t last_ms;
	uint64_t lock_renewed_ms;
	uint64_t timeout_ms;
	unsigned int msgs; /* messages received */
	unsigned int rpcs; /* ACS requests answered */
	unsigned int faults;
	unsigned int seq; /* capture numbering */
	unsigned int next_id;
	bool live; /* no 204 sent yet */
	bool hold; /* HoldRequests=1 was sent */
	bool no_jobs; /* stop claiming jobs */
	bool capture;
	enum acs_pending pending;
	enum cwmp_method pending_method;
	char pending_id[ACS_ID_MAX];
	struct dirqueue_job job; /* ACS_PENDING_JOB */
	bool has_job;
	struct dirqueue_job refresh; /* a running "refresh" job */
	bool has_refresh;
	struct dirqueue_job *held; /* back to the queue at the end */
	size_t nheld;
	struct dirqueue_lock *lock;
	struct discover *disc;
	struct device_record *rec; /* from the store */
	struct device_store_version rec_ver; /* what rec was read as */
	bool rec_dirty;
	struct rule_session *rules_sess; /* rules_hook.c */
	char root[ACS_ROOT_MAX];
	char events[ACS_EVENTS_MAX];
	const char *result;
};

/* http.c */
int http_listen(struct acs_ctx *);
int http_start(struct acs_ctx *);
void http_stop(struct acs_ctx *);
const char *http_header(struct MHD_Connection *, const char *);
const char *http_remote(struct MHD_Connection *);

/* http_body.c */
struct http_body;
struct http_body *http_body_new(const char *encoding, size_t max, int *status);
/* Returns 0, or an HTTP status (413, 400) once the body is refused. */
int http_body_add(struct http_body *, const char *, size_t);
int http_body_finish(struct http_body *);
const char *http_body_data(struct http_body *, size_t *);
void http_body_free(struct http_body *);

/* cookie.c */
int cookie_find(const char *header, const char *name, char *out, size_t outlen);

/* auth.c */
enum acs_auth_result {
	ACS_AUTH_OK = 0,
	ACS_AUTH_CHALLENGE, /* no credentials: ask */
	ACS_AUTH_STALE, /* digest nonce expired */
	ACS_AUTH_FAILED /* wrong credentials */
};
enum acs_auth_result auth_check(
    struct acs_ctx *, struct MHD_Connection *, const struct acs_cred **);
int auth_queue_challenge(
    struct acs_ctx *, struct MHD_Connection *, enum acs_challenge);

/* files.c */
int files_is_download(struct acs_ctx *, const char *url);
int files_is_upload(struct acs_ctx *, const char *url);
int files_serve(
    struct acs_ctx *, struct MHD_Connection *, const char *url, bool head);
struct files_upload;
struct files_upload *files_upload_new(
    struct acs_ctx *, const char *url, int *status);
int files_upload_add(struct files_upload *, const char *, size_t);
int files_upload_finish(struct files_upload *);
void files_upload_free(struct files_upload *);
int files_path_ok(const char *rel);

/* session.c: the table */
void	 sessions_drop_ended(struct acs_ctx *, const char *cookie);
void	 session_hold(struct acs_session *, struct dirqueue_job *);
struct acs_sessions *sessions_new(struct acs_ctx *);
void sessions_free(struct acs_ctx *);
void sessions_expire(struct acs_ctx *);
size_t sessions_live(struct acs_sessions *);
struct acs_session *sessions_find(struct acs_ctx *, const char *cookie);
/* Creates a live session for device unless another holds it (NULL). */
struct acs_session *sessions_create(
    struct acs_ctx *, const char *device, bool force);
void sessions_release(struct acs_ctx *, struct acs_session *);
/* Ends a session: its 204 went out, or it failed. */
void sessions_end(struct acs_ctx *, struct acs_session *, const char *);

/* session_cwmp.c: the engine */
void sessions_handle(
    struct acs_ctx *, struct acs_http_req *, struct acs_http_resp *);

void session_resp_msg(struct acs_http_resp *, const struct cwmp_msg *, int ns);
void session_resp_fault(
    struct acs_http_resp *, const struct cwmp_msg *, int code);

/* session_inform.c */
void session_inform(struct acs_ctx *, struct acs_http_req *,
    const struct cwmp_msg *, struct acs_http_resp *);

/* dispatch.c: queue jobs <-> RPCs, discovery bookkeeping */
int dispatch_claim(struct acs_ctx *, struct acs_session *);
int dispatch_job_msg(struct acs_ctx *, struct acs_session *, struct cwmp_msg *);
void dispatch_drop(struct acs_ctx *, struct acs_session *, const char *);
void dispatch_response(
    struct acs_ctx *, struct acs_session *, const struct cwmp_msg *);
void dispatch_abandon(struct acs_ctx *, struct acs_session *);
void dispatch_renew(struct acs_ctx *, struct acs_session *);
void dispatch_start_refresh(struct acs_ctx *, struct acs_session *);
void dispatch_discover_response(
    struct acs_ctx *, struct acs_session *, const struct cwmp_msg *);
void dispatch_end_discovery(struct acs_ctx *, struct acs_session *);
bool dispatch_fault_is_transient(int);

/* dispatch_args.c: job arguments <-> messages */
int dispatch_args_msg(
    const struct dirqueue_job *, struct cwmp_msg *, const char **errstr);
struct dirqueue_arg *dispatch_args_result(const struct cwmp_msg *);
struct dirqueue_arg *dispatch_args_fault(const struct cwmp_fault *);

/* discover.c: first-contact and refresh discovery (CWMP.md 13) */
struct discover *discover_new(const char *root, int batch);
void discover_free(struct discover *);
void discover_known(struct discover *, const char *name);
/* 1 with *m set to the next request, 0 when done. */
int discover_next(struct discover *, struct cwmp_msg *m);
void discover_names(struct discover *, const struct cwmp_param_infos *);
void discover_fault(struct discover *, enum cwmp_method, int code);
size_t discover_count(const struct discover *);

/* reload.c: SIGHUP */
void reload_config(struct acs_ctx *, const char *path);
void reload_free(struct acs_ctx *);

/* backend_cache.c */
struct backend_cache *backend_cache_new(size_t max);
void backend_cache_free(struct backend_cache *);
struct device_record *backend_cache_take(
    struct backend_cache *, const char *, struct device_store_version *);
void backend_cache_give(struct backend_cache *, struct device_record *,
    const struct device_store_version *);

/* backend.c: the device store and the spool */
int backend_open(struct acs_ctx *);
int backend_device_key(const struct cwmp_device_id *, char *, size_t);
void backend_close(struct acs_ctx *);
struct dirqueue *backend_queue(struct acs_ctx *);
/*
 * Loads (or creates) the session's record and stores an Inform in it;
 * *is_new is set when the device was unknown.  The record stays with the
 * session until backend_session() writes it back.
 */
int backend_inform(struct acs_ctx *, struct acs_session *,
    const struct cwmp_msg *, bool *is_new);
void backend_values(
    struct acs_ctx *, struct acs_session *, const struct cwmp_param_values *);
void backend_names(
    struct acs_ctx *, struct acs_session *, const struct cwmp_param_infos *);
void backend_methods(
    struct acs_ctx *, struct acs_session *, const struct cwmp_strlist *);
int backend_transfer(
    struct acs_ctx *, struct acs_session *, const struct cwmp_msg *);
void backend_fault(struct acs_ctx *, struct acs_session *,
    const struct cwmp_fault *, const char *method);
/* Writes the record if it changed. */
int backend_flush(struct acs_ctx *, struct acs_session *);
/* The session ended: flush and drop the record. */
void backend_session(struct acs_ctx *, struct acs_session *);
/* The ConnectionRequestURL and credentials of device. */
int backend_cr_target(struct acs_ctx *, const char *device, char *url,
    size_t urllen, char *user, size_t userlen, char *pass, size_t passlen);

/* connreq.c: Connection Requests (CWMP.md 9) */
int connreq_start(struct acs_ctx *);
void connreq_stop(struct acs_ctx *);
/* Queues a kick of device (non-blocking). */
int connreq_kick(struct acs_ctx *, const char *device);

/* capture.c */
void capture_write(struct acs_ctx *, const char *device, const char *session,
    unsigned int seq, const char *what, const char *data, size_t len);

/* util.c */
void acs_random_bytes(void *out, size_t n);
void acs_random_hex(char *out, size_t nbytes);
uint64_t acs_now_ms(void);

/* rules_hook.c: rules(5) in sessions */
int rules_hook_check(const struct acs_config *);
int rules_hook_open(struct acs_ctx *);
void rules_hook_close(struct acs_ctx *);
void rules_hook_reload(struct acs_ctx *, const char *why);
void rules_hook_tick(struct acs_ctx *);
void rules_hook_eval(struct acs_ctx *, struct acs_session *);
void rules_hook_job(struct acs_ctx *, struct acs_session *,
    const struct dirqueue_job *, const struct cwmp_msg *, bool ok);
void rules_hook_transfer(
    struct acs_ctx *, struct acs_session *, const struct cwmp_msg *);
void rules_hook_session_end(struct acs_ctx *, struct acs_session *);

#endif /* ACS_ACS_H */
