/*
 * bench_store.c: figures for tests/bench/bench_store.sh: param_tree
 * insert/lookup of 20,000 names against a sorted array + bsearch baseline,
 * device record emit/parse, and store writes/reads per second for the YAML
 * and GDBM back ends with a ~3,300-parameter and a small record, against
 * raw fileio_replace()/fileio_read() of the same bytes.  Not a test: it
 * asserts nothing about speed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/device_store.h"
#include "lib/fileio.h"
#include "lib/param_tree.h"

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
report(const char *what, int n, double secs, double base)
{
	printf("%-44s %10.0f/s", what, n / secs);
	if (base > 0)
		printf("   (%.2fx baseline)", base / secs);
	printf("\n");
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **
make_names(int n)
{
	char	**v = calloc((size_t)n, sizeof(*v));
	char	  buf[128];
	int	  i;

	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "Device.Hosts.Host.%d.%s", i / 8 + 1,
		    (const char *[]){ "IPAddress", "MACAddress", "HostName",
		    "Active", "Layer2Interface", "LeaseTimeRemaining",
		    "AddressSource", "InterfaceType" }[i % 8]);
		v[i] = strdup(buf);
	}
	/* Shuffle so inserts and lookups are not in order. */
	srand(42);
	for (i = n - 1; i > 0; i--) {
		int	j = rand() % (i + 1);
		char	*t = v[i];

		v[i] = v[j];
		v[j] = t;
	}
	return v;
}

static void
bench_tree(int n)
{
	struct param_tree	*t = param_tree_new();
	char			**names = make_names(n), **sorted;
	const char		*errstr;
	double			 t0, base_ins, base_look;
	int			 i, hits = 0;

	t0 = now();
	sorted = calloc((size_t)n, sizeof(*sorted));
	for (i = 0; i < n; i++)
		sorted[i] = strdup(names[i]);
	qsort(sorted, (size_t)n, sizeof(*sorted), str_cmp);
	base_ins = now() - t0;
	t0 = now();
	for (i = 0; i < n; i++)
		hits += bsearch(&names[i], sorted, (size_t)n, sizeof(*sorted),
		    str_cmp) != NULL;
	base_look = now() - t0;
	t0 = now();
	for (i = 0; i < n; i++)
		param_tree_set(t, names[i], "value", PARAM_STRING, &errstr);
	report("param_tree insert (20k names)", n, now() - t0, base_ins);
	t0 = now();
	for (i = 0; i < n; i++)
		hits += param_tree_get(t, names[i]) != NULL;
	report("param_tree lookup", n, now() - t0, base_look);
	printf("%-44s %10.0f/s   (strdup+qsort; bsearch %.0f/s)\n",
	    "  baseline: sorted array insert", n / base_ins, n / base_look);
	if (hits != 2 * n)
		printf("lookup misses: %d\n", 2 * n - hits);
	for (i = 0; i < n; i++) {
		free(names[i]);
		free(sorted[i]);
	}
	free(names);
	free(sorted);
	param_tree_free(t);
}

static struct device_record *
make_record(int serial, int nparams)
{
	struct device_record	*rec = device_record_new();
	struct device_id	 id;
	const char		*errstr;
	char			 name[160], value[64];
	int			 i;

	memset(&id, 0, sizeof(id));
	strlcpy(id.oui, "00147F", sizeof(id.oui));
	strlcpy(id.product_class, "ST780", sizeof(id.product_class));
	snprintf(id.serial, sizeof(id.serial), "CP%08d", serial);
	device_record_set_id(rec, &id);
	strlcpy(rec->inform.events[0].code, "2 PERIODIC",
	    sizeof(rec->inform.events[0].code));
	rec->inform.nevents = 1;
	for (i = 0; i < nparams; i++) {
		snprintf(name, sizeof(name), "InternetGatewayDevice.LANDevice."
		    "1.WLANConfiguration.%d.Stats.Param%d", i / 40 + 1, i % 40);
		snprintf(value, sizeof(value), "%d", i * 7);
		param_tree_set(rec->tree, name, value, i % 2 ? PARAM_UINT :
		    PARAM_STRING, &errstr);
	}
	return rec;
}

static void
bench_store(const char *dir, const char *label, int nparams, int n,
    bool durable)
{
	struct device_record	**recs, *back;
	struct device_store	*st[2];
	char			 path[512], err[DEVICE_STORE_ERR_MAX], what[96];
	char			*text;
	double			 t0, raw_w, raw_r, emit, parse;
	size_t			 len;
	int			 i, k, flags = DEVICE_STORE_CREATE |
				    (durable ? 0 : DEVICE_STORE_NOSYNC);

	recs = calloc((size_t)n, sizeof(*recs));
	for (i = 0; i < n; i++)
		recs[i] = make_record(i, nparams);
	text = device_record_to_yaml(recs[0], &len);
	printf("-- %s record: %d params, %zu bytes of YAML, %s\n", label,
	    nparams, len, durable ? "fsync" : "no fsync");
	t0 = now();
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/raw-%d", dir, i);
		fileio_replace(path, text, len, 0640, durable);
	}
	raw_w = now() - t0;
	t0 = now();
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/raw-%d", dir, i);
		free(fileio_read(path, DEVICE_RECORD_MAX, &len));
		unlink(path);
	}
	raw_r = now() - t0;
	t0 = now();
	for (i = 0; i < n; i++)
		free(device_record_to_yaml(recs[i], &len));
	emit = now() - t0;
	t0 = now();
	for (i = 0; i < n; i++)
		device_record_free(device_record_from_yaml("b", text,
		    strlen(text), err, sizeof(err)));
	parse = now() - t0;
	free(text);
	report("  baseline: raw write+fsync+rename", n, raw_w, 0);
	report("  baseline: raw read", n, raw_r, 0);
	report("  record YAML emit (no I/O)", n, emit, 0);
	report("  record YAML parse (no I/O)", n, parse, 0);
	snprintf(path, sizeof(path), "%s/%s-y", dir, label);
	st[0] = device_store_open(DEVICE_STORE_YAML, path, flags, err,
	    sizeof(err));
	snprintf(path, sizeof(path), "%s/%s-g.db", dir, label);
	st[1] = device_store_open(DEVICE_STORE_GDBM, path, flags, err,
	    sizeof(err));
	for (k = 0; k < 2; k++) {
		if (st[k] == NULL) {
			printf("open failed: %s\n", err);
			continue;
		}
		t0 = now();
		for (i = 0; i < n; i++)
			device_store_put(st[k], recs[i], err, sizeof(err));
		snprintf(what, sizeof(what), "  %s put", k ? "gdbm" : "yaml");
		report(what, n, now() - t0, raw_w);
		t0 = now();
		for (i = 0; i < n; i++) {
			if (device_store_get(st[k], recs[i]->key, &back, err,
			    sizeof(err)) == 0)
				device_record_free(back);
		}
		snprintf(what, sizeof(what), "  %s get", k ? "gdbm" : "yaml");
		report(what, n, now() - t0, raw_r);
		device_store_close(st[k]);
	}
	for (i = 0; i < n; i++)
		device_record_free(recs[i]);
	free(recs);
}

int
main(int argc, char *argv[])
{
	int	scale = 1;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_store dir [scale]\n");
		return 2;
	}
	if (argc > 2 && (scale = (int)strtonum(argv[2], 1, 1000, NULL)) == 0)
		scale = 1;
	printf("(ratio column: baseline time / our time; <1 is slower)\n");
	bench_tree(20000);
	bench_store(argv[1], "big", 3300, 20 * scale, true);
	bench_store(argv[1], "small", 20, 200 * scale, true);
	bench_store(argv[1], "small-nosync", 20, 200 * scale, false);
	return 0;
}
