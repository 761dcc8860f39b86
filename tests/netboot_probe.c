/*
 * netboot_probe.c: runs lib/netboot for N simulated modems at once against
 * a BOOTP/TFTP server and prints one line per modem:
 *   <mac> ok|fail <yiaddr> <file> <bytes> <error>
 * Modem i gets MAC 02:00:00:00:01:<i> and writes <dir>/<i>.img.  With
 * -u K, modem K is "unplugged" after 64 KiB.
 */
#include "config.h"

#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "lib/log.h"
#include "lib/netboot.h"

static int	 pending;
static int	 failures;

struct probe {
	int	idx;
	char	mac[18];
};

static void
done(const struct netboot_result *r, void *arg)
{
	struct probe	*p = arg;

	printf("%s %s %s %s %llu %s\n", p->mac, r->ok ? "ok" : "fail",
	    inet_ntoa(r->yiaddr), r->file[0] != '\0' ? r->file : "-",
	    (unsigned long long)r->bytes, r->ok ? "" : r->error);
	if (!r->ok)
		failures++;
	pending--;
}

int
main(int argc, char *argv[])
{
	struct netboot_ctx_conf	 cc = { .bind_addr = "0.0.0.0" };
	struct netboot_req	 req;
	struct event_base	*base;
	struct netboot_ctx	*ctx;
	struct probe		*probes;
	const char		*err, *dir = ".", *board = "BANT-R";
	int			 ch, i, n = 1, unplug = -1, blksize = 0;

	while ((ch = getopt(argc, argv, "b:B:c:d:n:s:t:u:")) != -1) {
		switch (ch) {
		case 'b':
			board = optarg;
			break;
		case 'B':
			blksize = (int)strtonum(optarg, 8, 65464, &err);
			break;
		case 'c':
			cc.client_port = (int)strtonum(optarg, 1, 65535, &err);
			break;
		case 'd':
			dir = optarg;
			break;
		case 'n':
			n = (int)strtonum(optarg, 1, 255, &err);
			break;
		case 's':
			cc.server = optarg;
			break;
		case 't':
			cc.tftp_port = (int)strtonum(optarg, 1, 65535, &err);
			break;
		case 'u':
			unplug = (int)strtonum(optarg, 0, 255, &err);
			break;
		default:
			fprintf(stderr, "usage: netboot_probe -s ip:port -c "
			    "cport -t tftp-port [-n N] [-b board] [-B blksize] "
			    "[-d dir] [-u unplug]\n");
			return 2;
		}
	}
	log_init(true, 0);
	base = event_base_new();
	if (cc.server == NULL || (ctx = netboot_ctx_new(base, &cc, &err)) ==
	    NULL)
		fatalx("netboot_probe: %s", cc.server == NULL ? "no -s" : err);
	probes = calloc((size_t)n, sizeof(*probes));
	for (i = 0; i < n; i++) {
		memset(&req, 0, sizeof(req));
		req.mac[0] = 0x02;
		req.mac[4] = 0x01;
		req.mac[5] = (uint8_t)i;
		strlcpy(req.board, board, sizeof(req.board));
		snprintf(req.out_path, sizeof(req.out_path), "%s/%d.img", dir,
		    i);
		req.blksize = (unsigned)blksize;
		req.timeout_ms = 300;
		if (i == unplug)
			req.abort_after = 64 * 1024;
		probes[i].idx = i;
		snprintf(probes[i].mac, sizeof(probes[i].mac),
		    "02:00:00:00:01:%02x", i & 0xff);
		pending++;
		netboot_start(ctx, &req, done, &probes[i]);
	}
	while (pending > 0)
		event_base_loop(base, EVLOOP_ONCE);
	netboot_ctx_free(ctx);
	event_base_free(base);
	free(probes);
	return failures == 0 ? 0 : 1;
}
