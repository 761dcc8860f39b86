/*
 * netboot.h: the bootloader of a simulated modem in BOOTP upgrade mode
 * (MDAP.md section 10): a BOOTREQUEST from its MAC with its board name in
 * `file`, then a TFTP read of the file the server names from siaddr, into
 * a local file.  Many modems share one BOOTP client socket (one netboot
 * context per event base); each transfer has its own TFTP socket.  It is
 * what cpe-sim's ants run after `software upgrade`; it does not write
 * flash or judge the image.
 */
#ifndef LIB_NETBOOT_H
#define LIB_NETBOOT_H

#include <netinet/in.h>

#include <stdbool.h>
#include <stdint.h>

#include "lib/bootp_msg.h"

struct event_base;

#define NETBOOT_RETRIES		4
#define NETBOOT_TIMEOUT_MS	1000
#define NETBOOT_IMAGE_MAX	(512ULL * 1024 * 1024)

struct netboot_ctx_conf {
	const char	*bind_addr;	/* "0.0.0.0" */
	int		 client_port;	/* 68; tests: any */
	const char	*server;	/* where BOOTREQUESTs go: "ip:port" */
	bool		 broadcast;	/* SO_BROADCAST and the flag */
	const char	*ifname;	/* SO_BINDTODEVICE, or NULL */
	int		 tftp_port;	/* 69; tests: the server's */
};

struct netboot_req {
	uint8_t		 mac[6];
	char		 board[BOOTP_FILE_LEN + 1];
	char		 out_path[512];
	unsigned	 blksize;	/* 0: no option (512) */
	int		 timeout_ms;	/* 0: NETBOOT_TIMEOUT_MS */
	int		 retries;	/* 0: NETBOOT_RETRIES */
	uint64_t	 abort_after;	/* "unplugged" after this many bytes */
};

struct netboot_result {
	bool		 ok;
	char		 error[160];
	struct in_addr	 yiaddr;
	struct in_addr	 siaddr;
	char		 file[BOOTP_FILE_LEN + 1];
	uint64_t	 bytes;
	bool		 aborted;	/* abort_after struck */
};

typedef void	(*netboot_done_cb)(const struct netboot_result *, void *);

struct netboot_ctx;
struct netboot;

struct netboot_ctx *netboot_ctx_new(struct event_base *base,
		    const struct netboot_ctx_conf *conf, const char **errstr);
void		 netboot_ctx_free(struct netboot_ctx *ctx);
/* Starts BOOTP then TFTP; cb runs once, at the end, from the loop, and
 * the netboot is freed when it returns. */
struct netboot	*netboot_start(struct netboot_ctx *ctx,
		    const struct netboot_req *req, netboot_done_cb cb,
		    void *arg);
/* Cancels a running boot (no callback) and frees it. */
void		 netboot_cancel(struct netboot *nb);

#endif /* LIB_NETBOOT_H */
