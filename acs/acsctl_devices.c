/*
 * acsctl_devices.c: the read-only commands over the device store: devices
 * (list with a filter), show (one record and its parameter tree under a
 * path) and faults (failed jobs from the spool and the record's fault
 * history).  Secrets kept in device attributes are masked.  It never
 * writes the store.
 */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/device_store.h"
#include "lib/dirqueue.h"
#include "lib/log.h"
#include "lib/param_tree.h"
#include "acs/acsctl.h"

#define FILTER_OPTS	"i:p:s:t:l:L:"

const char *
acsctl_software(const struct device_record *rec)
{
	const char	*v;

	v = param_tree_get_value(rec->tree,
	    "Device.DeviceInfo.SoftwareVersion");
	if (v == NULL)
		v = param_tree_get_value(rec->tree,
		    "InternetGatewayDevice.DeviceInfo.SoftwareVersion");
	return v != NULL ? v : "";
}

static bool
filter_match(const struct acsctl_filter *f, const struct device_record *rec)
{
	int64_t	now = time(NULL);

	if (f->product_class != NULL &&
	    fnmatch(f->product_class, rec->id.product_class, 0) != 0)
		return false;
	if (f->software != NULL &&
	    fnmatch(f->software, acsctl_software(rec), 0) != 0)
		return false;
	if (f->tag != NULL && !device_record_has_tag(rec, f->tag))
		return false;
	if (f->seen_within > 0 && rec->contact < now - f->seen_within)
		return false;
	if (f->seen_before > 0 && rec->contact >= now - f->seen_before)
		return false;
	return true;
}

/*
 * Calls cb for each device of the store that matches f, in key order.  A
 * corrupt record is reported and skipped.  Returns an exit code.
 */
int
acsctl_each_device(struct acsctl *ctl, const struct acsctl_filter *f,
    acsctl_device_cb cb, void *arg, size_t *matched)
{
	struct device_store	*st;
	struct device_record	*rec;
	char			**keys, err[DEVICE_STORE_ERR_MAX];
	size_t			 n, i;
	int			 rc = ACSCTL_OK;

	*matched = 0;
	if ((st = acsctl_store(ctl)) == NULL)
		return ACSCTL_ERROR;
	if (device_store_list(st, &keys, &n, err, sizeof(err)) == -1) {
		acsctl_error("%s", err);
		return ACSCTL_ERROR;
	}
	for (i = 0; i < n && rc == ACSCTL_OK; i++) {
		if (f->key != NULL && fnmatch(f->key, keys[i], 0) != 0)
			continue;
		if (device_store_get(st, keys[i], &rec, err, sizeof(err)) ==
		    -1) {
			acsctl_error("%s", err);
			continue;
		}
		if (filter_match(f, rec)) {
			(*matched)++;
			rc = cb(ctl, rec, arg);
		}
		device_record_free(rec);
	}
	device_store_keys_free(keys);
	return rc;
}

/* Parses the filter options of a command; returns optind's argv rest. */
static int
filter_args(struct acsctl *ctl, int argc, char **argv,
    struct acsctl_filter *f)
{
	int	ch;

	memset(f, 0, sizeof(*f));
	while ((ch = acsctl_getopt(ctl, argc, argv, FILTER_OPTS)) != -1)
		if (acsctl_filter_option(f, ch, optarg) == -1)
			acsctl_usage_error("bad option for %s", argv[0]);
	return optind;
}

static void
json_tags(struct json *j, const struct device_record *rec)
{
	size_t	i;

	json_key(j, "tags");
	json_array_begin(j);
	for (i = 0; i < rec->ntags; i++)
		json_string(j, rec->tags[i]);
	json_array_end(j);
}

static int
device_row(struct acsctl *ctl, struct device_record *rec, void *arg)
{
	char	when[32], tags[256] = "";
	size_t	i;

	(void)arg;
	if (ctl->json) {
		json_object_begin(&ctl->j);
		json_kv_string(&ctl->j, "key", rec->key);
		json_kv_string(&ctl->j, "manufacturer", rec->id.manufacturer);
		json_kv_string(&ctl->j, "oui", rec->id.oui);
		json_kv_string(&ctl->j, "product_class",
		    rec->id.product_class);
		json_kv_string(&ctl->j, "serial", rec->id.serial);
		json_kv_string(&ctl->j, "software", acsctl_software(rec));
		json_kv_int(&ctl->j, "last_inform", rec->contact);
		json_kv_string(&ctl->j, "connection_request_url",
		    rec->inform.conn_req_url);
		json_tags(&ctl->j, rec);
		json_object_end(&ctl->j);
		return ACSCTL_OK;
	}
	for (i = 0; i < rec->ntags; i++) {
		if (i > 0)
			strlcat(tags, ",", sizeof(tags));
		strlcat(tags, rec->tags[i], sizeof(tags));
	}
	acsctl_time(rec->contact, when, sizeof(when));
	printf("%-36s %-16s %-16s %-19s %s\n", rec->key,
	    rec->id.product_class, acsctl_software(rec), when, tags);
	return ACSCTL_OK;
}

int
acsctl_cmd_devices(struct acsctl *ctl, int argc, char **argv)
{
	struct acsctl_filter	f;
	size_t			n;
	int			rc;

	if (filter_args(ctl, argc, argv, &f) != argc)
		acsctl_usage_error("devices takes no arguments");
	if (ctl->json) {
		acsctl_json_begin(ctl);
		json_array_begin(&ctl->j);
	} else if (!ctl->quiet)
		printf("%-36s %-16s %-16s %-19s %s\n", "DEVICE",
		    "PRODUCT-CLASS", "SOFTWARE", "LAST-INFORM (UTC)", "TAGS");
	rc = acsctl_each_device(ctl, &f, device_row, NULL, &n);
	if (ctl->json) {
		json_array_end(&ctl->j);
		if (acsctl_json_end(ctl) == -1)
			rc = ACSCTL_ERROR;
	}
	if (rc == ACSCTL_OK && n == 0)
		rc = ACSCTL_NO_DEVICE;
	return rc;
}

static bool
attr_is_secret(const char *name)
{
	return strstr(name, "password") != NULL ||
	    strstr(name, "secret") != NULL;
}

static void
show_json_head(struct json *j, const struct device_record *rec)
{
	size_t	i;

	json_kv_string(j, "key", rec->key);
	json_kv_string(j, "manufacturer", rec->id.manufacturer);
	json_kv_string(j, "oui", rec->id.oui);
	json_kv_string(j, "product_class", rec->id.product_class);
	json_kv_string(j, "serial", rec->id.serial);
	json_kv_string(j, "software", acsctl_software(rec));
	json_kv_int(j, "created", rec->created);
	json_kv_int(j, "last_inform", rec->contact);
	json_kv_string(j, "connection_request_url", rec->inform.conn_req_url);
	json_kv_string(j, "remote_addr", rec->inform.remote_addr);
	json_key(j, "events");
	json_array_begin(j);
	for (i = 0; i < rec->inform.nevents; i++)
		json_string(j, rec->inform.events[i].code);
	json_array_end(j);
	json_tags(j, rec);
	json_key(j, "attributes");
	json_object_begin(j);
	for (i = 0; i < rec->nattrs; i++)
		json_kv_string(j, rec->attrs[i].name,
		    attr_is_secret(rec->attrs[i].name) ?
		    log_mask(rec->attrs[i].value) : rec->attrs[i].value);
	json_object_end(j);
}

static void
show_text_head(const struct device_record *rec)
{
	char	when[32];
	size_t	i;

	acsctl_time(rec->contact, when, sizeof(when));
	printf("device:        %s\n", rec->key);
	printf("manufacturer:  %s (OUI %s)\n", rec->id.manufacturer,
	    rec->id.oui);
	printf("product class: %s\nserial:        %s\n", rec->id.product_class,
	    rec->id.serial);
	printf("software:      %s\nlast inform:   %s UTC from %s\n",
	    acsctl_software(rec), when, rec->inform.remote_addr);
	printf("conn. request: %s\nevents:       ", rec->inform.conn_req_url);
	for (i = 0; i < rec->inform.nevents; i++)
		printf(" \"%s\"", rec->inform.events[i].code);
	printf("\ntags:         ");
	for (i = 0; i < rec->ntags; i++)
		printf(" %s", rec->tags[i]);
	printf("\n");
	for (i = 0; i < rec->nattrs; i++)
		printf("attribute:     %s = %s\n", rec->attrs[i].name,
		    attr_is_secret(rec->attrs[i].name) ?
		    log_mask(rec->attrs[i].value) : rec->attrs[i].value);
}

static void
show_param(struct acsctl *ctl, const struct param *p)
{
	const char	*type = param_type_name(p->type);

	if (ctl->json) {
		json_object_begin(&ctl->j);
		json_kv_string(&ctl->j, "name", p->name);
		if (p->value != NULL)
			json_kv_string(&ctl->j, "value", p->value);
		json_kv_string(&ctl->j, "type", type != NULL ? type : "object");
		json_kv_bool(&ctl->j, "writable", p->writable);
		json_kv_int(&ctl->j, "notification", p->notification);
		json_kv_int(&ctl->j, "time", p->mtime);
		json_object_end(&ctl->j);
		return;
	}
	if (p->value == NULL)
		printf("%s\n", p->name);
	else
		printf("%s = %s  (%s%s)\n", p->name, p->value,
		    type != NULL ? type : "?", p->writable ? ", writable" : "");
}

static int
show_tree(struct acsctl *ctl, const struct device_record *rec,
    const char *path)
{
	struct param_iter	 it;
	const struct param	*p;
	const char		*errstr;

	if (param_iter_init(&it, rec->tree, path, PARAM_ITER_SELF,
	    &errstr) == -1) {
		acsctl_error("%s: %s: %s", rec->key, path, errstr);
		return ACSCTL_ERROR;
	}
	while ((p = param_iter_next(&it)) != NULL)
		show_param(ctl, p);
	return ACSCTL_OK;
}

int
acsctl_cmd_show(struct acsctl *ctl, int argc, char **argv)
{
	struct device_store	*st;
	struct device_record	*rec;
	const char		*path;
	char			 err[DEVICE_STORE_ERR_MAX];
	int			 rc;

	if (acsctl_getopt(ctl, argc, argv, "") != -1)
		acsctl_usage_error("bad option for show");
	argc -= optind - 1;
	argv += optind - 1;
	if (argc < 2 || argc > 3)
		acsctl_usage_error("usage: show device [path]");
	path = argc == 3 ? argv[2] : "";
	if ((st = acsctl_store(ctl)) == NULL)
		return ACSCTL_ERROR;
	if (device_store_get(st, argv[1], &rec, err, sizeof(err)) == -1) {
		acsctl_error("%s", err);
		return errno == ENOENT || errno == EINVAL ? ACSCTL_NO_DEVICE :
		    ACSCTL_ERROR;
	}
	if (ctl->json) {
		acsctl_json_begin(ctl);
		json_object_begin(&ctl->j);
		show_json_head(&ctl->j, rec);
		json_key(&ctl->j, "parameters");
		json_array_begin(&ctl->j);
	} else if (*path == '\0')
		show_text_head(rec);
	rc = show_tree(ctl, rec, path);
	if (ctl->json) {
		json_array_end(&ctl->j);
		json_object_end(&ctl->j);
		if (rc == ACSCTL_OK && acsctl_json_end(ctl) == -1)
			rc = ACSCTL_ERROR;
		buf_clear(&ctl->out);
	}
	device_record_free(rec);
	return rc;
}

struct fault_ctx {
	struct acsctl		*ctl;
	const char		*device;
	size_t			 n;
};

static void
fault_out(struct acsctl *ctl, const char *device, const char *source,
    int64_t t, const char *rpc, const char *code, const char *msg,
    const char *job)
{
	char	when[32];

	if (ctl->json) {
		json_object_begin(&ctl->j);
		json_kv_string(&ctl->j, "device", device);
		json_kv_string(&ctl->j, "source", source);
		json_kv_int(&ctl->j, "time", t);
		json_kv_string(&ctl->j, "rpc", rpc);
		json_kv_string(&ctl->j, "code", code);
		json_kv_string(&ctl->j, "message", msg);
		if (job != NULL)
			json_kv_string(&ctl->j, "job", job);
		json_object_end(&ctl->j);
		return;
	}
	acsctl_time(t, when, sizeof(when));
	printf("%-36s %-19s %-7s %-22s %-6s %s%s%s\n", device, when, source,
	    rpc, code, msg, job != NULL ? "  job " : "",
	    job != NULL ? job : "");
}

static int
fault_job(const struct dirqueue_job *job, const char *errstr, void *arg)
{
	struct fault_ctx	*fc = arg;
	const char		*code, *msg;

	if (job->state == DIRQUEUE_CORRUPT) {
		fault_out(fc->ctl, fc->device, "job", 0, "?", "-",
		    errstr != NULL ? errstr : "corrupt job file", job->name);
		fc->n++;
		return 0;
	}
	code = dirqueue_arg_get_str(job->result, "FaultCode");
	msg = dirqueue_arg_get_str(job->result, "FaultString");
	if (msg == NULL)
		msg = job->reason != NULL ? job->reason : "";
	fault_out(fc->ctl, fc->device, "job", job->finished, job->rpc,
	    code != NULL ? code : "-", msg, job->name);
	fc->n++;
	return 0;
}

static int
device_faults(struct acsctl *ctl, struct device_record *rec, void *arg)
{
	struct fault_ctx	 fc = { ctl, rec->key, 0 };
	struct dirqueue		*dq;
	const char		*err;
	char			 code[16];
	size_t			 i;

	(void)arg;
	for (i = 0; i < rec->nfaults; i++) {
		snprintf(code, sizeof(code), "%u", rec->faults[i].code);
		fault_out(ctl, rec->key, "history", rec->faults[i].time,
		    rec->faults[i].method, code, rec->faults[i].string, NULL);
	}
	if ((dq = acsctl_queue(ctl, false)) != NULL &&
	    dirqueue_list(dq, rec->key, DIRQUEUE_FAILED, fault_job, &fc,
	    &err) == -1) {
		acsctl_error("%s: %s", rec->key, err);
		return ACSCTL_ERROR;
	}
	return ACSCTL_OK;
}

int
acsctl_cmd_faults(struct acsctl *ctl, int argc, char **argv)
{
	struct acsctl_filter	f;
	size_t			n;
	int			rc;

	if (filter_args(ctl, argc, argv, &f) != argc)
		acsctl_usage_error("faults takes no arguments");
	if (ctl->json) {
		acsctl_json_begin(ctl);
		json_array_begin(&ctl->j);
	} else if (!ctl->quiet)
		printf("%-36s %-19s %-7s %-22s %-6s %s\n", "DEVICE",
		    "TIME (UTC)", "SOURCE", "RPC", "CODE", "MESSAGE");
	rc = acsctl_each_device(ctl, &f, device_faults, NULL, &n);
	if (ctl->json) {
		json_array_end(&ctl->j);
		if (acsctl_json_end(ctl) == -1)
			rc = ACSCTL_ERROR;
	}
	if (rc == ACSCTL_OK && n == 0)
		rc = ACSCTL_NO_DEVICE;
	return rc;
}
