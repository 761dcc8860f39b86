/*
 * rules_genfleet.c: writes a synthetic fleet into a device store for the
 * rules tests and benchmark.  Device i gets OUI 00147F or 00255E, product
 * class TG789/TG799/ZNID, serial CP%07d, a software version from a fixed
 * list (so version rules split the fleet predictably), about 30 TR-181
 * parameters, 0-3 user instances, a tag every 7th device, and "1 BOOT" as
 * the last Inform's event on every 3rd device.  Deterministic: the same
 * arguments give the same store.
 *
 * usage: rules_genfleet [-k yaml|gdbm] -n count path
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/device_store.h"
#include "lib/param_tree.h"

static const char *const ouis[] = { "00147F", "00255E" };
static const char *const classes[] = { "TG789", "TG799", "ZNID" };
static const char *const versions[] = {
	"2.3.9",
	"2.4.0-rc1",
	"2.4.0",
	"2.10.1",
	"v2.4",
	"1.9.12",
};

static void
set(struct device_record *rec, const char *name, const char *value,
    enum param_type type)
{
	const char *errstr;

	if (param_tree_set(rec->tree, name, value, type, &errstr) == -1) {
		fprintf(stderr, "%s: %s\n", name, errstr);
		exit(1);
	}
}

static void
fill_tree(struct device_record *rec, int i)
{
	char name[128], val[64];
	int k;

	set(rec, "Device.DeviceInfo.SoftwareVersion",
	    versions[i % (sizeof(versions) / sizeof(versions[0]))],
	    PARAM_STRING);
	set(rec, "Device.DeviceInfo.HardwareVersion", i % 2 ? "B" : "A",
	    PARAM_STRING);
	set(rec, "Device.DeviceInfo.SerialNumber", rec->id.serial,
	    PARAM_STRING);
	set(rec, "Device.ManagementServer.PeriodicInformInterval",
	    i % 4 == 0 ? "3600" : "600", PARAM_UINT);
	set(rec, "Device.ManagementServer.PeriodicInformEnable", "1",
	    PARAM_BOOL);
	for (k = 0; k < 20; k++) {
		snprintf(name, sizeof(name), "Device.X_TEST.Param%02d", k);
		snprintf(val, sizeof(val), "value-%d-%d", i, k);
		set(rec, name, val, PARAM_STRING);
	}
	for (k = 1; k <= i % 4; k++) {
		snprintf(
		    name, sizeof(name), "Device.Users.User.%d.Username", k);
		snprintf(val, sizeof(val), "user%d", k);
		set(rec, name, val, PARAM_STRING);
	}
}

static struct device_record *
make_device(int i)
{
	struct device_record *rec;
	struct device_id id;

	memset(&id, 0, sizeof(id));
	strlcpy(id.manufacturer, "Thomson", sizeof(id.manufacturer));
	strlcpy(id.oui, ouis[i % 2], sizeof(id.oui));
	strlcpy(id.product_class, classes[i % 3], sizeof(id.product_class));
	snprintf(id.serial, sizeof(id.serial), "CP%07d", i);
	rec = device_record_new();
	if (device_record_set_id(rec, &id) == -1) {
		fprintf(stderr, "bad id %d\n", i);
		exit(1);
	}
	fill_tree(rec, i);
	if (i % 7 == 0)
		device_record_add_tag(rec, "lab");
	if (i % 3 == 0) {
		strlcpy(rec->inform.events[0].code, "1 BOOT",
		    sizeof(rec->inform.events[0].code));
		rec->inform.nevents = 1;
	}
	return rec;
}

int
main(int argc, char *argv[])
{
	struct device_store *ds;
	struct device_record *rec;
	enum device_store_kind kind = DEVICE_STORE_YAML;
	char err[DEVICE_STORE_ERR_MAX];
	const char *errstr;
	long long n = -1, i;
	int ch;

	while ((ch = getopt(argc, argv, "k:n:")) != -1) {
		switch (ch) {
		case 'k':
			kind = strcmp(optarg, "gdbm") == 0 ? DEVICE_STORE_GDBM :
			                                     DEVICE_STORE_YAML;
			break;
		case 'n':
			n = strtonum(optarg, 0, 10000000, &errstr);
			if (errstr != NULL) {
				fprintf(stderr, "count: %s\n", errstr);
				return 1;
			}
			break;
		default:
			goto usage;
		}
	}
	if (n < 0 || optind + 1 != argc)
		goto usage;
	ds = device_store_open(kind, argv[optind],
	    DEVICE_STORE_CREATE | DEVICE_STORE_NOSYNC, err, sizeof(err));
	if (ds == NULL) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	for (i = 0; i < n; i++) {
		rec = make_device((int)i);
		if (device_store_put(ds, rec, err, sizeof(err)) == -1) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		device_record_free(rec);
	}
	device_store_close(ds);
	return 0;
usage:
	fprintf(stderr,
	    "usage: rules_genfleet [-k yaml|gdbm] -n count "
	    "path\n");
	return 2;
}
