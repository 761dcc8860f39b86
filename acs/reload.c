/*
 * reload.c: SIGHUP.  The configuration file is read again; if it is
 * invalid the running configuration stays and the file:line:col errors
 * are logged.  Otherwise the new configuration replaces the running one
 * in one pointer store, so every request after it sees it: session
 * limits and timeouts, credentials, file serving, capture, Connection
 * Request settings, the body ceiling, contact_interval and the rule files
 * apply at once.  What was set up at start (the listening socket and
 * libmicrohttpd's settings, TLS, the store, the spool, the rule state)
 * keeps its running value, with a log line telling that a restart
 * applies it.  Handler threads may still read the configuration they
 * loaded before the swap, so replaced configurations are only freed at
 * exit (a few kilobytes per SIGHUP).  Log verbosity comes from -v, not
 * from the file, and is not reloaded.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "acs/acs.h"

struct acs_reload {
	struct acs_config **cfgs; /* every configuration read by SIGHUP */
	size_t n;
};

static void
reload_restart(const char *name)
{
	log_warnx("SIGHUP: %s changed; restart acsd to apply it", name);
}

static bool
reload_str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

#define RELOAD_KEEP_NUM(n, o, f)                                               \
	do {                                                                   \
		if ((n)->f != (o)->f) {                                        \
			reload_restart(#f);                                    \
			(n)->f = (o)->f;                                       \
		}                                                              \
	} while (0)

#define RELOAD_KEEP_STR(n, o, f)                                               \
	do {                                                                   \
		if (!reload_str_eq((n)->f, (o)->f)) {                          \
			reload_restart(#f);                                    \
			free((n)->f);                                          \
			(n)->f = (o)->f != NULL ? xstrdup((o)->f) : NULL;      \
		}                                                              \
	} while (0)

/* Puts back the running values of what only a restart changes. */
static void
reload_keep(struct acs_config *n, const struct acs_config *o)
{
	RELOAD_KEEP_STR(n, o, http.listen);
	RELOAD_KEEP_NUM(n, o, http.port);
	RELOAD_KEEP_NUM(n, o, http.threads);
	RELOAD_KEEP_NUM(n, o, http.connection_limit);
	RELOAD_KEEP_NUM(n, o, http.per_ip_limit);
	RELOAD_KEEP_NUM(n, o, http.connection_timeout);
	RELOAD_KEEP_NUM(n, o, http.connection_memory);
	RELOAD_KEEP_STR(n, o, http.tls_cert);
	RELOAD_KEEP_STR(n, o, http.tls_key);
	RELOAD_KEEP_STR(n, o, store.state_dir);
	RELOAD_KEEP_NUM(n, o, store.backend);
	RELOAD_KEEP_STR(n, o, store.path);
	RELOAD_KEEP_STR(n, o, store.spool);
	RELOAD_KEEP_NUM(n, o, store.fsync);
	RELOAD_KEEP_NUM(n, o, store.shared);
	RELOAD_KEEP_NUM(n, o, store.cache_records);
	RELOAD_KEEP_STR(n, o, rules.state_dir);
	RELOAD_KEEP_STR(n, o, rules.exec_dir);
	if (o->rules.files.n == 0 && n->rules.files.n > 0)
		reload_restart("rules.files (rules were off)");
}

void
reload_config(struct acs_ctx *ctx, const char *path)
{
	struct acs_reload *r;
	struct acs_config *n;
	char err[YAML_CONF_ERR_MAX];

	n = xcalloc(1, sizeof(*n));
	if (acs_config_load(n, path, err, sizeof(err)) == -1) {
		log_warnx("SIGHUP: %s; keeping the running configuration", err);
		acs_config_free(n);
		free(n);
		return;
	}
	reload_keep(n, ctx->cfg);
	if (acs_config_mkdirs(n) == -1)
		log_warn("SIGHUP: capture or upload directory");
	if ((r = ctx->reload) == NULL)
		r = ctx->reload = xcalloc(1, sizeof(*r));
	r->cfgs = xreallocarray(r->cfgs, r->n + 1, sizeof(*r->cfgs));
	r->cfgs[r->n++] = n;
	__atomic_store_n(&ctx->cfg, n, __ATOMIC_RELEASE);
	log_info("SIGHUP: %s applied", path != NULL ? path : "(defaults)");
}

/* At exit, after every thread has stopped. */
void
reload_free(struct acs_ctx *ctx)
{
	struct acs_reload *r = ctx->reload;
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		acs_config_free(r->cfgs[i]);
		free(r->cfgs[i]);
	}
	free(r->cfgs);
	free(r);
	ctx->reload = NULL;
}
