/*
 * backend.c: acsd's view of the spool (lib/dirqueue).  Placeholder header.
 */
#include "config.h"

#include <stdlib.h>

#include "lib/dirqueue.h"
#include "lib/log.h"
#include "acs/acs.h"

struct acs_backend {
	struct dirqueue	*dq;
};

int
backend_open(struct acs_ctx *ctx)
{
	const char	*errstr;

	ctx->backend = calloc(1, sizeof(*ctx->backend));
	ctx->backend->dq = dirqueue_open(ctx->cfg->store.spool, NULL,
	    DIRQUEUE_CREATE, &errstr);
	if (ctx->backend->dq == NULL) {
		log_warnx("spool %s: %s", ctx->cfg->store.spool, errstr);
		return -1;
	}
	return 0;
}

void
backend_close(struct acs_ctx *ctx)
{
	dirqueue_free(ctx->backend->dq);
	free(ctx->backend);
}

struct dirqueue *
backend_queue(struct acs_ctx *ctx)
{
	return ctx->backend->dq;
}
