/*
 * capture.c: optional protocol capture (CWMP.md 12, rule 13).  For a
 * captured device every raw CWMP request body and every response body of
 * a session is written to capture_dir/<device>/<session>/NNN-<what>.xml,
 * numbered in session order, so a test can replay the requests in order
 * and compare the answers.  Device keys are already safe file names
 * (percent-encoded).  Bodies carry no HTTP headers, so no Authorization
 * header or nonce ever reaches the files.  Failures are logged and never
 * affect the session.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/log.h"
#include "acs/acs.h"

static int
capture_dir(const char *root, const char *device, const char *session,
    char *out, size_t len)
{
	if (snprintf(out, len, "%s/%s", root, device) >= (int)len)
		return -1;
	if (mkdir(out, 0750) == -1 && errno != EEXIST)
		return -1;
	if (snprintf(out, len, "%s/%s/%s", root, device, session) >= (int)len)
		return -1;
	if (mkdir(out, 0750) == -1 && errno != EEXIST)
		return -1;
	return 0;
}

void
capture_write(struct acs_ctx *ctx, const char *device, const char *session,
    unsigned int seq, const char *what, const char *data, size_t len)
{
	char dir[PATH_MAX], path[PATH_MAX];
	ssize_t n;
	int fd;

	if (!acs_config_capture_device(ctx->cfg, device))
		return;
	if (capture_dir(ctx->cfg->capture.dir, device, session, dir,
	        sizeof(dir)) == -1 ||
	    snprintf(path, sizeof(path), "%s/%03u-%s.xml", dir, seq, what) >=
	        (int)sizeof(path)) {
		log_warn("capture %s", device);
		return;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd == -1) {
		log_warn("capture %s", path);
		return;
	}
	while (len > 0) {
		n = write(fd, data, len);
		if (n <= 0) {
			log_warn("capture %s", path);
			break;
		}
		data += n;
		len -= n;
	}
	close(fd);
}
