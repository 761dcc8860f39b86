/*
 * acsctl_fixture.c: writes the small device store the acsctl integration
 * tests read: three devices (TR-098 and TR-181, with and without product
 * class) with parameters, tags, a fault history, and for the first one a
 * ConnectionRequestURL and Connection Request credentials.  A test helper
 * only.
 *
 *	acsctl_fixture STORE-DIR CR-URL
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/device_store.h"
#include "lib/param_tree.h"

struct fixture {
	const char	*oui;
	const char	*pc;
	const char	*serial;
	const char	*root;
	const char	*sw;
	const char	*tag;
	int64_t		 age;		/* since the last Inform (s) */
};

static const struct fixture fixtures[] = {
	{ "00147F", "ST780", "CP0001", "InternetGatewayDevice.", "7.4.1.7",
	    "lab", 60 },
	{ "00259E", "ZX-1", "S-2", "Device.", "2.0.1", "field", 7200 },
	{ "0090D0", "", "S3", "InternetGatewayDevice.", "7.4.1.7", NULL,
	    3 * 86400 },
};

static void
set(struct device_record *rec, const char *root, const char *name,
    const char *value, enum param_type type, bool writable)
{
	char		 full[256];
	const char	*errstr;
	struct param	*p;

	snprintf(full, sizeof(full), "%s%s", root, name);
	if (param_tree_set(rec->tree, full, value, type, &errstr) == -1) {
		fprintf(stderr, "%s: %s\n", full, errstr);
		exit(1);
	}
	p = param_tree_get(rec->tree, full);
	p->writable = writable;
}

static void
make(struct device_store *st, const struct fixture *f, const char *url)
{
	struct device_record	*rec;
	struct device_id	 id;
	char			 err[DEVICE_STORE_ERR_MAX];

	memset(&id, 0, sizeof(id));
	strlcpy(id.manufacturer, "Fixture Inc", sizeof(id.manufacturer));
	strlcpy(id.oui, f->oui, sizeof(id.oui));
	strlcpy(id.product_class, f->pc, sizeof(id.product_class));
	strlcpy(id.serial, f->serial, sizeof(id.serial));
	rec = device_record_new();
	if (device_record_set_id(rec, &id) == -1)
		exit(1);
	rec->inform.time = time(NULL) - f->age;
	strlcpy(rec->inform.remote_addr, "192.0.2.1",
	    sizeof(rec->inform.remote_addr));
	strlcpy(rec->inform.events[0].code, "2 PERIODIC",
	    sizeof(rec->inform.events[0].code));
	rec->inform.nevents = 1;
	set(rec, f->root, "DeviceInfo.SoftwareVersion", f->sw, PARAM_STRING,
	    false);
	set(rec, f->root, "DeviceInfo.UpTime", "3600", PARAM_UINT, false);
	set(rec, f->root, "ManagementServer.PeriodicInformInterval", "300",
	    PARAM_UINT, true);
	if (f->tag != NULL)
		device_record_add_tag(rec, f->tag);
	if (f == &fixtures[0]) {
		strlcpy(rec->inform.conn_req_url, url,
		    sizeof(rec->inform.conn_req_url));
		device_record_set_attr(rec, "cr.username", "cpe");
		device_record_set_attr(rec, "cr.password", "s3cret");
		device_record_add_fault(rec, time(NULL) - 30, 9005,
		    "Invalid parameter name", "GetParameterValues");
	}
	if (device_store_put(st, rec, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	printf("%s\n", rec->key);
	device_record_free(rec);
}

int
main(int argc, char **argv)
{
	struct device_store	*st;
	char			 err[DEVICE_STORE_ERR_MAX];
	size_t			 i;

	if (argc != 3) {
		fprintf(stderr, "usage: acsctl_fixture store-dir cr-url\n");
		return 2;
	}
	st = device_store_open(DEVICE_STORE_YAML, argv[1],
	    DEVICE_STORE_CREATE | DEVICE_STORE_NOSYNC, err, sizeof(err));
	if (st == NULL) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++)
		make(st, &fixtures[i], argv[2]);
	device_store_close(st);
	return 0;
}
