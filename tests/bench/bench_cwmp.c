/*
 * bench_cwmp.c: the CWMP codec benchmark helper for bench_cwmp.sh.  It
 * times cwmp_msg_decode() on a file against a baseline of plain
 * xmlReadMemory() plus a walk of the tree that touches every element and
 * text (no structs built).  The two alternate in 5 rounds of 0.2 s of CPU
 * time each and the best round of each side counts, so a shared, loaded
 * machine skews them less; it prints decodes per second, milliseconds per
 * decode and the ratio.  It can also generate a
 * Thomson-like Inform or a GetParameterNamesResponse of N names when the
 * real captures are not at hand.  A benchmark tool, not a test.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "lib/buf.h"
#include "lib/cwmp_rpc.h"
#include "lib/cwmp_soap.h"

#define BENCH_ROUNDS	5
#define BENCH_SECONDS	0.2	/* CPU time per round and side */

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t
walk(const xmlNode *n)
{
	size_t	sum = 0;

	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE && n->content != NULL)
			sum += strlen((const char *)n->content);
		else if (n->type == XML_ELEMENT_NODE)
			sum += 1 + walk(n->children);
	}
	return sum;
}

static int
run_baseline(const char *body, size_t len)
{
	xmlDoc	*doc;
	size_t	 sum;

	doc = xmlReadMemory(body, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL)
		return -1;
	sum = walk(xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	return sum > 0 ? 0 : -1;
}

static int
run_codec(const char *body, size_t len)
{
	struct cwmp_msg	 m;
	const char	*errstr;
	int		 rv;

	rv = cwmp_msg_decode(body, len, &m, &errstr);
	cwmp_msg_clear(&m);
	return rv;
}

/* Runs fn for about BENCH_SECONDS; returns runs per second. */
static double
time_it(int (*fn)(const char *, size_t), const char *body, size_t len)
{
	double	start = now(), t;
	long	n = 0;

	do {
		if (fn(body, len) == -1) {
			fprintf(stderr, "bench_cwmp: decode failed\n");
			exit(1);
		}
		n++;
	} while ((t = now() - start) < BENCH_SECONDS);
	return n / t;
}

static void
generate(const char *what, int n, struct buf *b)
{
	struct cwmp_msg	m;
	char		name[256];
	int		i;

	if (strcmp(what, "gpn") == 0) {
		cwmp_msg_init(&m, CWMP_GET_PARAMETER_NAMES_RESPONSE);
		for (i = 0; i < n; i++) {
			snprintf(name, sizeof(name), "InternetGatewayDevice."
			    "LANDevice.1.WLANConfiguration.%d.Stats.Param%d",
			    i / 50 + 1, i);
			cwmp_param_infos_add(&m.gpn_resp, name, i % 3 == 0);
		}
	} else {
		cwmp_msg_init(&m, CWMP_INFORM);
		cwmp_str_set(&m.inform.device_id.manufacturer, "THOMSON");
		cwmp_str_set(&m.inform.device_id.oui, "00147F");
		cwmp_str_set(&m.inform.device_id.product_class,
		    "SpeedTouch 780");
		cwmp_str_set(&m.inform.device_id.serial_number, "CP0644JTHJ4");
		cwmp_events_add(&m.inform.events, "1 BOOT", "");
		cwmp_events_add(&m.inform.events, "2 PERIODIC", "");
		cwmp_events_add(&m.inform.events, "4 VALUE CHANGE", "");
		cwmp_str_set(&m.inform.current_time, "1970-01-01T00:01:31Z");
		for (i = 0; i < 12; i++) {
			snprintf(name, sizeof(name), "InternetGatewayDevice."
			    "DeviceInfo.VendorConfigFile.1.Param%d", i);
			cwmp_param_values_add(&m.inform.params, name,
			    "Routed PPPoE on 0/35 and 8/35", "xsd:string");
		}
	}
	cwmp_msg_set_id(&m, "0_THOM_TR69_ID");
	if (cwmp_msg_encode(&m, CWMP_NS_1_0, b) == -1) {
		fprintf(stderr, "bench_cwmp: cannot generate\n");
		exit(1);
	}
	cwmp_msg_clear(&m);
}

static void
load(const char *path, struct buf *b)
{
	FILE	*f;
	char	 chunk[65536];
	size_t	 n;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		exit(1);
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(b, chunk, n) == -1) {
			fprintf(stderr, "%s: too large\n", path);
			exit(1);
		}
	fclose(f);
}

int
main(int argc, char *argv[])
{
	struct buf	 b;
	double		 codec, base, rate;
	int		 i;

	if (argc != 3 || (strcmp(argv[1], "file") != 0 &&
	    strcmp(argv[1], "gpn") != 0 && strcmp(argv[1], "inform") != 0)) {
		fprintf(stderr, "usage: bench_cwmp file path | gpn names | "
		    "inform -\n");
		return 2;
	}
	xmlInitParser();
	buf_init(&b, CWMP_BODY_MAX);
	if (strcmp(argv[1], "file") == 0)
		load(argv[2], &b);
	else {
		const char	*errstr = NULL;
		int		 n;

		n = strcmp(argv[1], "gpn") == 0 ?
		    (int)strtonum(argv[2], 1, CWMP_LIST_MAX, &errstr) : 0;
		if (errstr != NULL) {
			fprintf(stderr, "bench_cwmp: names: %s\n", errstr);
			return 2;
		}
		generate(argv[1], n, &b);
	}
	base = codec = 0;
	for (i = 0; i < BENCH_ROUNDS; i++) {
		if ((rate = time_it(run_baseline, b.data, b.len)) > base)
			base = rate;
		if ((rate = time_it(run_codec, b.data, b.len)) > codec)
			codec = rate;
	}
	printf("bytes %zu  codec %.0f/s (%.3f ms)  baseline %.0f/s "
	    "(%.3f ms)  codec/baseline time ratio %.2f\n", b.len, codec,
	    1000.0 / codec, base, 1000.0 / base, base / codec);
	buf_clear(&b);
	xmlCleanupParser();
	return 0;
}
