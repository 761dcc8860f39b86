/*
 * tftp_server.h: a TFTP server (RFC 1350, 2347-2349, 7440) on a caller's
 * libevent base, for bootp-tftpd and the MDAP controller.  Each transfer
 * has its own socket and timer, in the caller's loop or in one of
 * conf.workers loops with a thread each; files are opened once per loop
 * and shared by every transfer there that reads them.  Every name resolves
 * below the root.  It does not chroot or drop privileges (the program
 * does, after tftp_server_new()) and does not parse configuration files.
 */
#ifndef LIB_TFTP_SERVER_H
#define LIB_TFTP_SERVER_H

#include <sys/types.h>
#include <netinet/in.h>
#include <net/if.h>

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/tftp_msg.h"

struct event_base;

#define TFTP_SERVER_ADDR_MAX		64
#define TFTP_SERVER_TRANSFERS_DEFAULT	512
#define TFTP_SERVER_WINDOW_DEFAULT	64	/* BOOTP-TFTP.md section 6 */
#define TFTP_SERVER_WINDOW_CAP		1024	/* highest window we allow */
#define TFTP_SERVER_TIMEOUT_MS		1000	/* first retransmission */
#define TFTP_SERVER_GIVEUP_S		60	/* no progress for this long */
#define TFTP_SERVER_BACKOFF_MAX_MS	32000
#define TFTP_SERVER_NETASCII_MAX	(16 * 1024 * 1024)
#define TFTP_SERVER_UPLOAD_MAX		(256ULL * 1024 * 1024)
#define TFTP_SERVER_MTU_OVERHEAD	32	/* IP 20 + UDP 8 + TFTP 4 */
#define TFTP_SERVER_PROGRESS_S		5
#define TFTP_SERVER_PORT_TRIES		64
#define TFTP_SERVER_WORKERS_MAX		64	/* event loops (threads) */
#define TFTP_SERVER_BUSY_POLL_MAX_US	10000

struct tftp_server_conf {
	char		root[PATH_MAX];		/* served directory */
	char		addr[TFTP_SERVER_ADDR_MAX]; /* listen address */
	int		port;			/* 0: any, logged */
	char		ifname[IF_NAMESIZE];	/* bind to device; "" none */
	/* Uploads: off unless upload_dir is set (relative to root). */
	char		upload_dir[TFTP_NAME_MAX + 1];
	bool		overwrite;
	long long	upload_max;		/* bytes per upload */
	/* Options and timers. */
	int		blksize_max;		/* 0: interface MTU - 32 */
	int		window_max;
	int		timeout_ms;		/* first retransmission */
	int		giveup_s;		/* drop after no progress */
	int		wrap_to;		/* block after 65535: 0 or 1 */
	/* Limits. */
	int		max_transfers;
	int		max_per_client;		/* 0: no limit */
	int		workers;		/* event loops; 1: caller's */
	int		busy_poll_us;		/* workers > 1: poll before
						   sleeping; 0 never */
	int		port_min, port_max;	/* transfer ports; 0: any */
	/* Name handling (BOOTP-TFTP.md section 9). */
	bool		backslash;		/* '\' -> '/' */
	bool		fold_case;
	/* Progress. */
	char		status_file[PATH_MAX];	/* "" for none */
	int		progress_s;		/* log progress; 0 never */
};

/* What a finished transfer reports to the caller's callback. */
struct tftp_xfer_info {
	struct sockaddr_in	 peer;
	const char		*name;		/* normalised */
	bool			 upload;
	bool			 ok;
	const char		*reason;	/* why it ended */
	uint64_t		 bytes;
	int64_t			 size;		/* -1 when unknown */
	double			 seconds;
	unsigned		 blksize, windowsize;
};

typedef void	(*tftp_server_done_cb)(const struct tftp_xfer_info *, void *);

/* Fills conf with the defaults above (read-only, root "."). */
void		 tftp_server_conf_init(struct tftp_server_conf *conf);

/*
 * Opens the root and the listening socket on base.  Returns the server,
 * or NULL with *errstr set (errno kept).  Call before chroot: the root
 * and status directories stay open as descriptors.  With conf->workers
 * above 1, transfers run in that many threads, each with its own event
 * base; the listener, status and progress stay on base.
 */
struct tftp_server *tftp_server_new(struct event_base *base,
		    const struct tftp_server_conf *conf, const char **errstr);
/*
 * Starts the worker threads (none with one worker): call after fork()
 * and the privilege drop.  Otherwise they start on the first request.
 */
int		 tftp_server_start(struct tftp_server *srv, const char **errstr);
/* Stops every transfer (ERROR 0 "server shutting down") and frees. */
void		 tftp_server_free(struct tftp_server *srv);
/* The bound listening port. */
int		 tftp_server_port(const struct tftp_server *srv);
/*
 * Applies a new configuration's limits, timers and upload settings to
 * new transfers (SIGHUP).  Root, address, port and the number of
 * workers need a restart; they are ignored here.
 */
void		 tftp_server_reconf(struct tftp_server *srv,
		    const struct tftp_server_conf *conf);
/*
 * cb runs where the transfer ran: in base's thread with one worker, in a
 * worker thread otherwise.
 */
void		 tftp_server_set_done_cb(struct tftp_server *srv,
		    tftp_server_done_cb cb, void *arg);
/* Transfers in progress. */
int		 tftp_server_active(const struct tftp_server *srv);
/* Logs one line per transfer in progress and the totals (SIGUSR1). */
void		 tftp_server_log_status(struct tftp_server *srv);

#endif /* LIB_TFTP_SERVER_H */
