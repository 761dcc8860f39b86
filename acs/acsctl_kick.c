/*
 * acsctl_kick.c: "acsctl kick", a Connection Request (CWMP.md 9.1) sent
 * right now with libcurl: an HTTP GET to the device's last
 * ConnectionRequestURL, Digest authentication (Basic too only if acsd's
 * connection_request.allow_basic says so), acsd's timeout, no redirects.
 * Credentials are the device's cr.username/cr.password attributes, else
 * connection_request.username/password of the configuration; they are
 * never printed.  It reports the outcome; it does not wait for the
 * session the device should then open with acsd.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "lib/device_store.h"
#include "acs/acs_config.h"
#include "acs/acsctl.h"

struct kick_result {
	long		 status;	/* HTTP status, 0 if none */
	double		 seconds;
	char		 error[CURL_ERROR_SIZE];
	bool		 ok;
};

static size_t
kick_discard(char *data, size_t size, size_t n, void *arg)
{
	(void)data;
	(void)arg;
	return size * n;
}

static void
kick_send(const struct acs_config *cfg, const struct device_record *rec,
    struct kick_result *r)
{
	const char	*user, *pass;
	CURL		*c;
	CURLcode	 cc;

	memset(r, 0, sizeof(*r));
	if (rec->inform.conn_req_url[0] == '\0') {
		strlcpy(r->error, "no ConnectionRequestURL", sizeof(r->error));
		return;
	}
	user = device_record_get_attr(rec, "cr.username");
	pass = device_record_get_attr(rec, "cr.password");
	if (user == NULL)
		user = cfg->cr.username != NULL ? cfg->cr.username : "";
	if (pass == NULL)
		pass = cfg->cr.password != NULL ? cfg->cr.password : "";
	if ((c = curl_easy_init()) == NULL) {
		strlcpy(r->error, "curl_easy_init failed", sizeof(r->error));
		return;
	}
	curl_easy_setopt(c, CURLOPT_URL, rec->inform.conn_req_url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_DIGEST |
	    (cfg->cr.allow_basic ? CURLAUTH_BASIC : 0));
	curl_easy_setopt(c, CURLOPT_USERNAME, user);
	curl_easy_setopt(c, CURLOPT_PASSWORD, pass);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)cfg->cr.timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, kick_discard);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, r->error);
	cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_TOTAL_TIME, &r->seconds);
	if (cc == CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
		r->ok = r->status == 200 || r->status == 204;
		if (!r->ok)
			snprintf(r->error, sizeof(r->error), "HTTP %ld",
			    r->status);
	} else if (r->error[0] == '\0')
		strlcpy(r->error, curl_easy_strerror(cc), sizeof(r->error));
	curl_easy_cleanup(c);
}

static int
kick_one(struct acsctl *ctl, struct device_record *rec, void *arg)
{
	struct kick_result	 r;
	int			*failed = arg;

	kick_send(ctl->cfg, rec, &r);
	if (!r.ok)
		(*failed)++;
	if (ctl->json) {
		json_object_begin(&ctl->j);
		json_kv_string(&ctl->j, "device", rec->key);
		json_kv_string(&ctl->j, "url", rec->inform.conn_req_url);
		json_kv_bool(&ctl->j, "kicked", r.ok);
		json_kv_int(&ctl->j, "http_status", r.status);
		json_kv_int(&ctl->j, "ms", (long long)(r.seconds * 1000));
		if (!r.ok)
			json_kv_string(&ctl->j, "error", r.error);
		json_object_end(&ctl->j);
	} else if (r.ok)
		printf("%s: kicked (HTTP %ld) in %.0f ms\n", rec->key,
		    r.status, r.seconds * 1000);
	else
		printf("%s: not kicked: %s (after %.0f ms)\n", rec->key,
		    r.error, r.seconds * 1000);
	return ACSCTL_OK;
}

int
acsctl_cmd_kick(struct acsctl *ctl, int argc, char **argv)
{
	struct acsctl_filter	f;
	size_t			matched;
	int			ch, rc, failed = 0;

	memset(&f, 0, sizeof(f));
	while ((ch = acsctl_getopt(ctl, argc, argv, "i:p:s:t:l:L:")) != -1)
		if (acsctl_filter_option(&f, ch, optarg) == -1)
			acsctl_usage_error("bad option for kick");
	if (optind != argc)
		acsctl_usage_error("kick takes no arguments; use -i device");
	if (!f.any)
		acsctl_usage_error("kick needs a filter (-i device ...)");
	if (ctl->json) {
		acsctl_json_begin(ctl);
		json_array_begin(&ctl->j);
	}
	rc = acsctl_each_device(ctl, &f, kick_one, &failed, &matched);
	if (ctl->json) {
		json_array_end(&ctl->j);
		if (acsctl_json_end(ctl) == -1)
			rc = ACSCTL_ERROR;
	}
	if (rc == ACSCTL_OK && matched == 0)
		return ACSCTL_NO_DEVICE;
	if (rc == ACSCTL_OK && failed > 0)
		return ACSCTL_OFFLINE;
	return rc;
}
