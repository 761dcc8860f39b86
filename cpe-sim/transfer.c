/*
 * transfer.c: Download and Upload on the device side (FIRMWARE.md 1, 3, 6,
 * 7; CWMP.md 6.1 and 10).  A request is validated when it arrives
 * (synchronous 9003/9004/9013), persisted before the response is sent,
 * started once DelaySeconds passed and no session runs, fetched with
 * libcurl over http, https, ftp (and file in test mode) with Basic/Digest
 * from the RPC's Username/Password, and mapped to a TransferComplete fault
 * code.  Firmware files go to lib/fwupdate (firmware.c); configuration
 * files are stored in the device directory; uploads are HTTP PUTs of the
 * device's configuration or log.  TransferComplete records stay until the
 * ACS acknowledges them.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "lib/cwmp_rpc.h"
#include "lib/http_client.h"
#include "lib/log.h"
#include "lib/xmalloc.h"

#include "cpe-sim/cpesim.h"

#define TRANSFER_GRACE		3600	/* FIRMWARE.md 3.3: window missed */
#define TRANSFER_TIMEOUT	3600
#define TRANSFER_LOW_SPEED	30
#define TRANSFER_MAX_REDIRS	5
#define TRANSFER_CONFIG_MAX	(16 * 1024 * 1024)
#define TRANSFER_FW		"1 Firmware Upgrade Image"
#define TRANSFER_CONFIG		"3 Vendor Configuration File"
#define TRANSFER_STORED_FW	"6 Stored Firmware Image"

static bool
transfer_is_firmware(const char *type)
{
	return strcmp(type, TRANSFER_FW) == 0 ||
	    strcmp(type, TRANSFER_STORED_FW) == 0;
}

/* 0, or the synchronous fault code for a bad URL (FIRMWARE.md 1.2). */
static int
transfer_check_url(struct device *dev, const char *url)
{
	const char	*p, *end;

	if (url == NULL || *url == '\0' || strlen(url) > 256)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	if ((p = strstr(url, "://")) == NULL)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	end = p + 3 + strcspn(p + 3, "/?#");
	if (memchr(p + 3, '@', (size_t)(end - (p + 3))) != NULL)
		return CWMP_FAULT_INVALID_ARGUMENTS;
	if (strncasecmp(url, "http://", 7) == 0 ||
	    strncasecmp(url, "https://", 8) == 0 ||
	    strncasecmp(url, "ftp://", 6) == 0)
		return 0;
	if (strncasecmp(url, "file://", 7) == 0 && dev->sim->conf.allow_file)
		return 0;
	return CWMP_FAULT_UNSUPPORTED_PROTOCOL;
}

static bool
transfer_type_ok(struct device *dev, const char *type, bool upload)
{
	if (type == NULL)
		return false;
	if (upload)
		return strncmp(type, "1 Vendor Configuration File", 27) == 0 ||
		    strncmp(type, "2 Vendor Log File", 17) == 0 ||
		    strncmp(type, "3 Vendor Configuration File", 27) == 0 ||
		    strncmp(type, "4 Vendor Log File", 17) == 0;
	if (transfer_is_firmware(type))
		return dev->model->has_firmware;
	return strcmp(type, TRANSFER_CONFIG) == 0;
}

int
transfer_accept(struct device *dev, const struct cwmp_download *d,
    bool upload, int *fault)
{
	struct sim_transfer	*t;
	int			 rc;

	if (d->command_key != NULL &&
	    strlen(d->command_key) > CWMP_COMMAND_KEY_MAX) {
		*fault = CWMP_FAULT_INVALID_ARGUMENTS;
		return -1;
	}
	if (!transfer_type_ok(dev, d->file_type, upload)) {
		*fault = CWMP_FAULT_INVALID_ARGUMENTS;
		return -1;
	}
	if ((rc = transfer_check_url(dev, d->url)) != 0) {
		*fault = rc;
		return -1;
	}
	if (dev->ntransfers == SIM_DOWNLOADS_MAX) {
		*fault = CWMP_FAULT_RESOURCES_EXCEEDED;
		return -1;
	}
	t = &dev->transfers[dev->ntransfers++];
	memset(t, 0, sizeof(*t));
	t->upload = upload;
	strlcpy(t->command_key, d->command_key != NULL ? d->command_key : "",
	    sizeof(t->command_key));
	t->file_type = xstrdup(d->file_type);
	t->url = xstrdup(d->url);
	t->username = xstrdup(d->username != NULL ? d->username : "");
	t->password = xstrdup(d->password != NULL ? d->password : "");
	t->target_file_name = xstrdup(d->target_file_name != NULL ?
	    d->target_file_name : "");
	t->file_size = upload ? 0 : d->file_size;
	t->accepted_at = time(NULL);
	t->not_before = t->accepted_at + d->delay_seconds;
	t->state = 1;
	/* Write-ahead: durable before DownloadResponse (FIRMWARE.md 3.2). */
	(void)state_save(dev);
	return 0;
}

static void
transfer_free_record(struct sim_transfer *t)
{
	free(t->file_type);
	free(t->url);
	free(t->username);
	free(t->password);
	free(t->target_file_name);
}

static void
transfer_remove(struct device *dev, int i)
{
	transfer_free_record(&dev->transfers[i]);
	memmove(&dev->transfers[i], &dev->transfers[i + 1],
	    (size_t)(dev->ntransfers - i - 1) * sizeof(dev->transfers[0]));
	dev->ntransfers--;
	dev->dirty = true;
}

/* A finished non-firmware transfer: a TC record and its events. */
void
transfer_add_tc(struct device *dev, const char *key, bool upload, int code,
    const char *string, time_t start)
{
	struct sim_tc	*tc;

	if (dev->ntcs == SIM_UPLOAD_TC_MAX) {
		log_warnx("%s: TransferComplete queue full", dev->serial);
		return;
	}
	tc = &dev->tcs[dev->ntcs++];
	memset(tc, 0, sizeof(*tc));
	strlcpy(tc->command_key, key, sizeof(tc->command_key));
	tc->fault_code = code;
	strlcpy(tc->fault_string, string != NULL ? string : "",
	    sizeof(tc->fault_string));
	tc->start_time = start;
	tc->complete_time = time(NULL);
	tc->upload = upload;
	device_add_event(dev, "7 TRANSFER COMPLETE", "");
	device_add_event(dev, upload ? "M Upload" : "M Download", key);
	fleet_count_fault(dev->sim, code);
	dev->dirty = true;
}

/* The TransferComplete fault code of a finished fetch (FIRMWARE.md 7). */
static int
transfer_fault(struct device *dev, struct http_request *req, bool upload,
    bool injected, char *str, size_t len)
{
	long		 st = http_request_status(req);
	uint64_t	 bytes = http_request_bytes(req);
	int		 code;

	snprintf(str, len, "%s (%llu bytes)", http_request_error(req),
	    (unsigned long long)bytes);
	switch (http_request_result(req)) {
	case HTTP_RESULT_OK:
		if (st == 401 || st == 407)
			code = CWMP_FAULT_TRANSFER_AUTH_FAILURE;
		else if (st >= 400)
			code = upload ? CWMP_FAULT_UPLOAD_FAILURE : 9016;
		else
			code = 0;
		snprintf(str, len, code == 0 ? "" : "HTTP %ld", st);
		return code;
	case HTTP_RESULT_RESOLVE:
	case HTTP_RESULT_CONNECT:
	case HTTP_RESULT_TLS:
		return upload ? CWMP_FAULT_UPLOAD_FAILURE : 9015;
	case HTTP_RESULT_LOGIN:
		return CWMP_FAULT_TRANSFER_AUTH_FAILURE;
	case HTTP_RESULT_NOT_FOUND:
		return upload ? CWMP_FAULT_UPLOAD_FAILURE : 9016;
	case HTTP_RESULT_PARTIAL:
	case HTTP_RESULT_TIMEOUT:
		if (upload)
			return CWMP_FAULT_UPLOAD_FAILURE;
		return bytes > 0 ? 9017 : 9015;
	case HTTP_RESULT_TOO_BIG:
		if (injected) {
			snprintf(str, len, "connection dropped after %llu "
			    "bytes (injected)", (unsigned long long)
			    dev->sim->conf.inject.truncate_at);
			return 9017;
		}
		return CWMP_FAULT_TRANSFER_FAILURE;
	case HTTP_RESULT_WRITE:
		return CWMP_FAULT_INTERNAL_ERROR;
	default:
		return upload ? CWMP_FAULT_UPLOAD_FAILURE :
		    CWMP_FAULT_TRANSFER_FAILURE;
	}
}

void
transfer_cancel(struct device *dev)
{
	if (dev->xfer == NULL)
		return;
	http_request_free(dev->xfer);
	dev->xfer = NULL;
	if (dev->xfer_fd != -1)
		close(dev->xfer_fd);
	dev->xfer_fd = -1;
}

bool
transfer_busy(const struct device *dev)
{
	return dev->xfer != NULL;
}

static void
transfer_done(struct http_request *req, void *arg)
{
	struct device		*dev = arg;
	struct sim_transfer	 t = dev->transfers[dev->xfer_index];
	char			 str[256];
	int			 code;
	bool			 injected = dev->sim->conf.inject.truncate_at > 0 &&
	    firmware_injected(dev);

	/* The record leaves the queue now; t owns its strings. */
	memmove(&dev->transfers[dev->xfer_index],
	    &dev->transfers[dev->xfer_index + 1],
	    (size_t)(dev->ntransfers - dev->xfer_index - 1) *
	    sizeof(dev->transfers[0]));
	dev->ntransfers--;
	dev->dirty = true;
	code = transfer_fault(dev, req, t.upload, injected, str, sizeof(str));
	if (code == 0 && !t.upload && t.file_size > 0 &&
	    http_request_bytes(req) < t.file_size) {
		code = 9017;
		snprintf(str, sizeof(str), "short file: %llu of %llu bytes",
		    (unsigned long long)http_request_bytes(req),
		    (unsigned long long)t.file_size);
	}
	log_info("%s: %s %s: %s", dev->serial, t.upload ? "upload" :
	    "download", t.command_key, code == 0 ? "done" : str);
	close(dev->xfer_fd);
	dev->xfer_fd = -1;
	http_request_free(dev->xfer);
	dev->xfer = NULL;
	if (t.upload)
		dev->sim->stats.uploads++;
	else if (code == 0)
		dev->sim->stats.downloads_ok++;
	else
		dev->sim->stats.downloads_failed++;
	if (!t.upload && transfer_is_firmware(t.file_type))
		firmware_fetched(dev, &t, code, str);	/* may reboot */
	else
		transfer_add_tc(dev, t.command_key, t.upload, code, str,
		    t.accepted_at > t.not_before ? t.accepted_at :
		    t.not_before);
	transfer_free_record(&t);
	if (dev->booting)
		return;
	(void)state_save(dev);
	if (!dev->reboot_pending)
		device_request_session(dev, 0);
	device_schedule_work(dev, 0);
}

/* What an Upload sends: the configuration or a log. */
static int
transfer_upload_file(struct device *dev, const struct sim_transfer *t,
    uint64_t *size)
{
	char		*path, *text = NULL;
	int		 fd;
	ssize_t		 w;

	xasprintf(&path, "%s/upload.tmp", dev->dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	free(path);
	if (fd == -1)
		return -1;
	if (strstr(t->file_type, "Log") != NULL)
		xasprintf(&text, "%s %s: boot %u, %u sessions, %u rpcs\n",
		    dev->model->name, dev->serial, dev->boot_count,
		    dev->n_sessions_ok, dev->n_rpcs);
	else
		xasprintf(&text, "# %s %s configuration\n%s", dev->model->name,
		    dev->serial, "see state.yaml for the parameter overlay\n");
	w = write(fd, text, strlen(text));
	*size = w > 0 ? (uint64_t)w : 0;
	free(text);
	if (w < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
transfer_open_download(struct device *dev, struct sim_transfer *t,
    uint64_t *max)
{
	char	*path;
	int	 fd;

	if (transfer_is_firmware(t->file_type))
		return firmware_begin(dev, t, max);
	xasprintf(&path, "%s/config.download", dev->dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	free(path);
	*max = t->file_size > 0 ? t->file_size : TRANSFER_CONFIG_MAX;
	return fd;
}

static void
transfer_start(struct device *dev, int i)
{
	struct sim_transfer	*t = &dev->transfers[i];
	struct sim_conf		*c = &dev->sim->conf;
	struct http_request	*req;
	uint64_t		 max = 0;
	int			 fd;

	t->state = 2;
	dev->dirty = true;
	(void)state_save(dev);
	fd = t->upload ? transfer_upload_file(dev, t, &max) :
	    transfer_open_download(dev, t, &max);
	if (fd == -1) {
		log_warn("%s: transfer %s", dev->serial, t->command_key);
		if (!t->upload && transfer_is_firmware(t->file_type))
			firmware_fetched(dev, t, CWMP_FAULT_INTERNAL_ERROR,
			    "cannot store the file");
		else
			transfer_add_tc(dev, t->command_key, t->upload,
			    CWMP_FAULT_INTERNAL_ERROR, "cannot store the file",
			    time(NULL));
		transfer_remove(dev, i);
		(void)state_save(dev);
		device_request_session(dev, 0);
		return;
	}
	req = http_request_new(dev->sim->http);
	http_request_set_url(req, t->url);
	http_request_set_protocols(req, c->allow_file ? "http,https,ftp,file" :
	    "http,https,ftp", "http,https", TRANSFER_MAX_REDIRS);
	http_request_set_tls(req, c->cafile, !c->insecure);
	http_request_set_timeouts(req, 10, TRANSFER_TIMEOUT,
	    TRANSFER_LOW_SPEED);
	if (*t->username != '\0')
		http_request_set_auth(req, HTTP_AUTH_BASIC | HTTP_AUTH_DIGEST,
		    t->username, t->password);
	if (t->upload)
		http_request_set_put_from_fd(req, fd, max);
	else {
		if (c->inject.truncate_at > 0 && firmware_injected(dev))
			max = c->inject.truncate_at;
		http_request_set_get_to_fd(req, fd, max);
	}
	dev->xfer = req;
	dev->xfer_fd = fd;
	dev->xfer_index = i;
	log_info("%s: %s %s started", dev->serial, t->upload ? "upload" :
	    "download", t->command_key);
	if (http_request_start(req, transfer_done, dev) == -1)
		fatalx("%s: cannot start a transfer", __func__);
}

void
transfer_run(struct device *dev)
{
	time_t	now = time(NULL), next = 0;
	int	i;

	/* Never during a session or a reboot (FIRMWARE.md 3.3). */
	if (dev->xfer != NULL || dev->session != NULL || dev->booting ||
	    dev->reboot_pending || dev->stopped)
		return;
	for (i = 0; i < dev->ntransfers; i++) {
		if (dev->transfers[i].not_before <= now) {
			transfer_start(dev, i);
			return;
		}
		if (next == 0 || dev->transfers[i].not_before < next)
			next = dev->transfers[i].not_before;
	}
	if (next != 0)
		device_schedule_work(dev, (unsigned int)(next - now) * 1000);
}

/* At power-on: interrupted or hopelessly late transfers fail. */
void
transfer_after_boot(struct device *dev)
{
	struct sim_transfer	*t;
	time_t			 now = time(NULL);
	int			 i = 0;

	while (i < dev->ntransfers) {
		t = &dev->transfers[i];
		if (t->state == 2 && !t->upload &&
		    transfer_is_firmware(t->file_type)) {
			/* lib/fwupdate's journal reports this one. */
			transfer_remove(dev, i);
		} else if (t->state == 2) {
			transfer_add_tc(dev, t->command_key, t->upload,
			    t->upload ? CWMP_FAULT_UPLOAD_FAILURE : 9017,
			    "interrupted by a power loss", t->not_before);
			transfer_remove(dev, i);
		} else if (t->not_before + TRANSFER_GRACE < now) {
			transfer_add_tc(dev, t->command_key, t->upload,
			    CWMP_FAULT_TRANSFER_FAILURE,
			    "download window missed", t->not_before);
			transfer_remove(dev, i);
		} else
			i++;
	}
}

int
transfer_next_tc(struct device *dev, struct sim_tc *tc)
{
	if (firmware_pending_tc(dev, tc) == 0)
		return 0;
	if (dev->ntcs == 0)
		return -1;
	if (tc != NULL)
		*tc = dev->tcs[0];
	return 0;
}

static void
transfer_drop_event(struct device *dev, const char *key)
{
	int	i, j = 0;
	bool	more = transfer_next_tc(dev, NULL) == 0;

	for (i = 0; i < dev->nevents; i++) {
		if ((strcmp(dev->events[i].code, "M Download") == 0 ||
		    strcmp(dev->events[i].code, "M Upload") == 0) &&
		    strcmp(dev->events[i].key, key) == 0) {
			key = "\001";	/* drop only one */
			continue;
		}
		if (!more &&
		    strcmp(dev->events[i].code, "7 TRANSFER COMPLETE") == 0)
			continue;
		dev->events[j++] = dev->events[i];
	}
	dev->nevents = j;
}

void
transfer_tc_acked(struct device *dev, const char *key)
{
	int	i;

	if (firmware_ack_tc(dev, key) == 0) {
		transfer_drop_event(dev, key);
		dev->dirty = true;
		return;
	}
	for (i = 0; i < dev->ntcs; i++) {
		if (strcmp(dev->tcs[i].command_key, key) != 0)
			continue;
		memmove(&dev->tcs[i], &dev->tcs[i + 1],
		    (size_t)(dev->ntcs - i - 1) * sizeof(dev->tcs[0]));
		dev->ntcs--;
		break;
	}
	transfer_drop_event(dev, key);
	dev->dirty = true;
}

void
transfer_queued(struct device *dev, struct cwmp_transfers *l)
{
	struct cwmp_transfer	*e;
	int			 i;

	for (i = 0; i < dev->ntransfers && l->n < CWMP_TRANSFERS_MAX; i++) {
		e = cwmp_transfers_add(l, dev->transfers[i].command_key,
		    dev->transfers[i].state);
		e->is_download = !dev->transfers[i].upload;
		cwmp_str_set(&e->file_type, dev->transfers[i].file_type);
		e->file_size = dev->transfers[i].file_size;
		cwmp_str_set(&e->target_file_name,
		    dev->transfers[i].target_file_name);
	}
}
