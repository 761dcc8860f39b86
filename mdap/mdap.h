/*
 * mdap.h: the MDAP controller's private header.  The controller finds
 * ants (ANT-SEARCH), asks them for INFO and runs CLI commands (EXEC-CLI)
 * with SEQ-NR acknowledgement, retransmission and timeouts, over one
 * libevent loop.  It sends multicast only through an interface the user
 * named; unicast mode talks to one ip:port (tests, and a fallback).
 */
#ifndef MDAP_MDAP_H
#define MDAP_MDAP_H

#include <sys/queue.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <stdbool.h>
#include <stdint.h>

#include <event2/event.h>

#include "lib/buf.h"
#include "lib/mdap_msg.h"

#define MDAP_RETRIES		3	/* retransmissions of a request */
#define MDAP_RETRY_MS		1000
#define MDAP_SEARCH_ROUNDS	3
#define MDAP_SEARCH_MS		3000
#define MDAP_PARALLEL		32
#define MDAP_ANTS_MAX		4096
#define MDAP_INFO_KEYS_MAX	MDAP_HEADERS_MAX

struct mdap_ant_rec {
	char		ant_id[MDAP_LINE_MAX];
	char		name[MDAP_LINE_MAX];
	char		mac[MDAP_LINE_MAX];
	char		tp_version[MDAP_LINE_MAX];
	char		mdap_version[MDAP_VERSION_MAX + 8];
	char		source[64];	/* ip of the reply, informative */
};

enum mdap_txn_state {
	MDAP_TXN_QUEUED,
	MDAP_TXN_WAITING,
	MDAP_TXN_DONE,
	MDAP_TXN_FAILED,
};

struct mdap_txn {
	TAILQ_ENTRY(mdap_txn)	 entry;
	struct mdap_ctl		*ctl;
	char			 ant_id[MDAP_LINE_MAX];
	char			 verb[MDAP_VERB_MAX];
	char			 cli_cmd[MDAP_CLI_CMD_MAX + 1];
	enum mdap_txn_state	 state;
	long			 seq;		/* the SEQ-NR we asked for */
	int			 tries;
	struct event		*timer;
	struct buf		 output;	/* reassembled EXEC-CLI output */
	struct mdap_msg		*info;		/* the REPLY-INFO headers */
	long			 error_code;	/* negative SEQ-NR, or 0 */
	char			 error[128];
	void			(*done_cb)(struct mdap_txn *, void *);
	void			*done_arg;
	const char		*user;		/* NULL: the configured one */
	const char		*password;
};
TAILQ_HEAD(mdap_txnq, mdap_txn);

struct mdap_conf {
	char		*interface;	/* multicast through this one */
	char		*group;
	int		 port;
	char		*unicast;	/* "ip:port": unicast target mode */
	char		*user;
	char		*password;
	bool		 strict_checksum;
	int64_t		 retry_ms;
	int		 retries;
	int64_t		 search_ms;
	int		 parallel;
};

struct mdap_ctl {
	struct mdap_conf	 conf;
	struct event_base	*base;
	int			 fd;		/* requests go out here */
	int			 mcast_fd;	/* group listener, or -1 */
	struct event		*ev_fd;
	struct event		*ev_mcast;
	struct sockaddr_in	 dest;
	int			 local_port;
	struct mdap_ant_rec	*ants;
	size_t			 nants;
	struct mdap_txnq	 queue;		/* queued and waiting */
	int			 active;
	unsigned long		 bad_checksums;
	unsigned long		 foreign;	/* replies for other hosts */
	unsigned long		 replies;	/* REPLY frames received */
	struct timeval		 t_first_send;
	struct timeval		 t_last_reply;
	struct timeval		 t_last_new;	/* last new ANT-ID */
	/* Called for every search reply (flash follows returning ants). */
	void			(*on_discover)(const struct mdap_ant_rec *,
				    void *);
	void			*discover_arg;
};

/* transport.c */
int	transport_open(struct mdap_ctl *, const char **);
void	transport_close(struct mdap_ctl *);
int	transport_send(struct mdap_ctl *, const struct mdap_msg *);

/* client.c */
void	client_init(struct mdap_ctl *, struct event_base *);
void	client_clear(struct mdap_ctl *);
void	client_datagram(struct mdap_ctl *, const char *, size_t,
	    const char *);
int	client_search(struct mdap_ctl *);
struct mdap_txn *client_request(struct mdap_ctl *, const char *,
	    const char *, const char *);
void	client_txn_free(struct mdap_txn *);
const struct mdap_ant_rec *client_find_ant(const struct mdap_ctl *,
	    const char *);
bool	client_idle(const struct mdap_ctl *);

/* commands.c */
void	search_collect(struct mdap_ctl *);
int	cmd_search(struct mdap_ctl *, bool);
int	cmd_info(struct mdap_ctl *, const char *, bool);
int	cmd_exec(struct mdap_ctl *, int, char **, bool);

/* apply.c */
int	cmd_apply(struct mdap_ctl *, int, char **, bool);

/* flash.c */
int	cmd_flash(struct mdap_ctl *, const char *, bool);

/* config.c */
int	config_load(struct mdap_conf *, const char *, char *, size_t);
void	config_from_env(struct mdap_conf *);
void	config_set(char **, const char *);
void	config_free(struct mdap_conf *);
void	config_help(void);

#endif /* MDAP_MDAP_H */
