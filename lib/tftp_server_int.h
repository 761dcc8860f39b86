/*
 * tftp_server_int.h: what the files of the tftp_server family share
 * (tftp_server.c: listener, requests, limits, progress; tftp_server_xfer.c:
 * the transfer state machine; tftp_server_file.c: names, the shared file
 * cache and uploads).  Nothing outside lib/tftp_server*.c includes it.
 */
#ifndef LIB_TFTP_SERVER_INT_H
#define LIB_TFTP_SERVER_INT_H

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/tree.h>
#include <netinet/in.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "lib/net.h"
#include "lib/tftp_msg.h"
#include "lib/tftp_server.h"

#define TFTP_SERVER_BURST	16	/* datagrams read per wake-up */
#define TFTP_SERVER_RETRY_MS	2	/* pause when the send queue is full */
#define TFTP_SERVER_BATCH	64	/* DATA packets per sendmmsg() */
#define TFTP_SERVER_BATCH_BYTES	(256 * 1024)	/* >= TFTP_BLKSIZE_MAX */
#define TFTP_SERVER_READAHEAD	(64 * 1024)	/* per transfer */

/* One open image, shared by every transfer that reads it. */
struct tftp_file {
	RB_ENTRY(tftp_file)	 entry;
	dev_t			 dev;
	ino_t			 ino;
	int			 fd;
	off_t			 size;
	int			 refs;
};
RB_HEAD(tftp_files, tftp_file);
int	tftp_file_cmp(const struct tftp_file *, const struct tftp_file *);
RB_PROTOTYPE(tftp_files, tftp_file, entry, tftp_file_cmp);

enum tftp_xstate {
	TFTP_XS_OACK,		/* read: OACK sent, waiting for ACK 0 */
	TFTP_XS_SENDING,
	TFTP_XS_RECEIVING,
	TFTP_XS_DALLY		/* upload done: re-ACK a repeated last DATA */
};

struct tftp_xfer {
	TAILQ_ENTRY(tftp_xfer)	 entry;
	struct tftp_server	*srv;
	struct tftp_worker	*w;		/* the loop that runs it */
	int			 sock;
	struct event		*ev_read;
	struct event		*ev_timer;
	struct sockaddr_in	 peer;
	char			 peerstr[32];
	char			 name[TFTP_NAME_MAX + 1];
	bool			 upload;
	enum tftp_mode		 mode;
	enum tftp_xstate	 state;
	bool			 reported;
	bool			 counted;	/* in srv's per-host count */
	/* Reads: the shared file, or the converted netascii text. */
	struct tftp_file	*file;
	uint8_t			*ascii;
	int64_t			 size;		/* wire bytes; -1 unknown */
	/* Negotiated. */
	unsigned		 blksize;
	unsigned		 window;
	unsigned		 timeout_ms;
	int			 wrap_to;
	uint8_t			 oack[TFTP_REQUEST_MAX];
	size_t			 oacklen;	/* 0: no OACK */
	/* Read side, absolute block numbers. */
	uint64_t		 acked;		/* last block ACKed */
	uint64_t		 sent;		/* last block sent */
	uint64_t		 last;		/* the final (short) block */
	bool			 blocked;	/* send queue was full */
	/* Read-ahead: file bytes [ra_off, ra_off + ra_len) in rabuf. */
	uint8_t			*rabuf;
	size_t			 rasize;
	uint64_t		 ra_off;
	size_t			 ra_len;
	/* Upload side. */
	int			 wfd;
	int			 dirfd;
	char			 tmpname[TFTP_NAME_MAX + 1];
	char			 basename[TFTP_NAME_MAX + 1];
	uint64_t		 received;	/* last block in order */
	unsigned		 inwindow;
	bool			 pending_cr;
	/* Timers and counters. */
	unsigned		 cur_timeout_ms;
	unsigned		 retries;
	uint64_t		 resent;
	uint64_t		 bytes;
	struct timespec		 start;
	struct timespec		 progress;	/* last forward step */
	struct timespec		 reported_at;
	uint64_t		 bytes_reported;
};
TAILQ_HEAD(tftp_xfers, tftp_xfer);

/*
 * One event loop running transfers.  With one worker it is the caller's
 * loop; with more, each has its own base and thread, and the listener
 * hands requests over through the worker's pipe.  The worker's loop
 * holds lock in every callback, so the main thread takes it to read the
 * transfers (status, progress) or to change conf.
 */
struct tftp_worker {
	struct tftp_server	*srv;
	int			 id;
	struct event_base	*base;
	bool			 own_base;
	pthread_t		 thread;
	bool			 running;
	pthread_mutex_t		 lock;
	struct tftp_server_conf	 conf;
	struct tftp_xfers	 xfers;
	struct tftp_files	 files;
	int			 pipe[2];	/* requests from the listener */
	struct event		*ev_pipe;
	bool			 status_dirty;
	uint64_t		 events;	/* read wake-ups, for polling */
	int			 spin_us;	/* conf.busy_poll_us at start */
	bool			 stop;
	struct net_ratelimit	 badlog;
	/* Scratch for one packet. */
	uint8_t			 pkt[TFTP_PACKET_MAX];
};

/* A request handed from the listener to a worker (one pipe write). */
struct tftp_handoff {
	struct sockaddr_in	 from;
	struct in_addr		 dst;
	int			 ifindex;
	int			 len;		/* -1: stop the worker */
	uint8_t			 data[TFTP_REQUEST_MAX + 1];
};

/* Transfers per client address, for max_per_client across workers. */
struct tftp_host {
	RB_ENTRY(tftp_host)	 entry;
	in_addr_t		 addr;
	int			 n;
};
RB_HEAD(tftp_hosts, tftp_host);
int	tftp_host_cmp(const struct tftp_host *, const struct tftp_host *);
RB_PROTOTYPE(tftp_hosts, tftp_host, entry, tftp_host_cmp);

struct tftp_server {
	struct event_base	*base;
	struct tftp_server_conf	 conf;
	int			 rootfd;
	int			 statusdirfd;
	char			 statusname[NAME_MAX + 1];
	int			 sock;
	int			 port;
	struct event		*ev_listen;
	struct event		*ev_tick;
	struct tftp_worker	*workers;
	int			 nworkers;
	bool			 threaded;
	bool			 started;
	tftp_server_done_cb	 done_cb;
	void			*done_arg;
	/* lock guards what follows; taken after a worker's lock. */
	pthread_mutex_t		 lock;
	int			 nxfers;
	struct tftp_hosts	 hosts;
	/* Totals since start and for the current batch. */
	uint64_t		 n_ok, n_failed, bytes_total;
	uint64_t		 batch_ok, batch_failed, batch_bytes;
	struct timespec		 batch_start;
	bool			 status_dirty;
	/* The listener's scratch (main thread). */
	struct tftp_handoff	 ho;
};

/* tftp_server.c */
/* A request, in the worker's loop with its lock held. */
void		 tftp_server_request(struct tftp_worker *w,
		    const struct tftp_handoff *ho);
/* Ends every transfer of w (shutting down). */
void		 tftp_server_close_all(struct tftp_worker *w);
double		 tftp_elapsed(const struct timespec *since);
void		 tftp_send_error(int sock, const struct sockaddr_in *to,
		    int code, const char *msg);
/* Logs and counts the outcome once; the transfer stays. */
void		 tftp_server_xfer_report(struct tftp_xfer *x, bool ok,
		    const char *reason);
/* Unlinks and frees. */
void		 tftp_server_xfer_close(struct tftp_xfer *x);
/* Both. */
void		 tftp_server_xfer_done(struct tftp_xfer *x, bool ok,
		    const char *reason);

/* tftp_server_worker.c */
int		 tftp_workers_new(struct tftp_server *srv, int n,
		    const char **errstr);
int		 tftp_workers_start(struct tftp_server *srv,
		    const char **errstr);
void		 tftp_workers_free(struct tftp_server *srv);
/* Hands a request to its worker (or handles it, with one worker). */
void		 tftp_workers_dispatch(struct tftp_server *srv,
		    const struct tftp_handoff *ho);
/* Calls fn for each worker with its lock held (main thread). */
void		 tftp_workers_each(struct tftp_server *srv,
		    void (*fn)(struct tftp_worker *, void *), void *arg);

/* tftp_server_xfer.c */
struct tftp_xfer *tftp_xfer_new(struct tftp_worker *w,
		    const struct sockaddr_in *peer, struct in_addr local,
		    const char **errstr);
void		 tftp_xfer_free(struct tftp_xfer *x);
/* 0 started, 1 ended at once (reported), -1 refused (ERROR sent). */
int		 tftp_xfer_start_read(struct tftp_xfer *x,
		    const struct tftp_reqopts *ro, unsigned blkmax,
		    const char **errstr);
int		 tftp_xfer_start_write(struct tftp_xfer *x,
		    const struct tftp_reqopts *ro, unsigned blkmax,
		    const char **errstr);
void		 tftp_xfer_resend_first(struct tftp_xfer *x);
bool		 tftp_xfer_at_first(const struct tftp_xfer *x);
const char	*tftp_xfer_state_name(const struct tftp_xfer *x);

/* tftp_server_file.c */
struct tftp_file *tftp_file_open(struct tftp_worker *w, const char *name,
		    int *code, const char **errstr);
void		 tftp_file_release(struct tftp_worker *w,
		    struct tftp_file *f);
/* Reads a whole file converted to netascii; NULL with code/errstr. */
uint8_t		*tftp_file_netascii(struct tftp_file *f, int64_t *lenp,
		    int *code, const char **errstr);
int		 tftp_upload_open(struct tftp_xfer *x, int *code,
		    const char **errstr);
int		 tftp_upload_commit(struct tftp_xfer *x, const char **errstr);
void		 tftp_upload_abort(struct tftp_xfer *x);

#endif /* LIB_TFTP_SERVER_INT_H */
