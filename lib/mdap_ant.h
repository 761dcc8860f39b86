/*
 * mdap_ant.h: the protocol side of a simulated MDAP ant (MDAP.md section
 * 9): it answers ANT-SEARCH, INFO and EXEC-CLI, checks credentials, slices
 * long output into SEQ-NR replies, keeps a transfer for a while so lost
 * acknowledgements can be answered again, and never re-runs a command.
 * It also parses the documented subset of the Thomson CLI.  It does not
 * own sockets or carry out commands: the caller (cpe-sim) receives the
 * datagrams and applies a parsed command to its device through a callback.
 */
#ifndef LIB_MDAP_ANT_H
#define LIB_MDAP_ANT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "lib/buf.h"
#include "lib/mdap_msg.h"

#define MDAP_ANT_ID_MAX		16
#define MDAP_ANT_TRANSFER_TTL	10	/* seconds a transfer is kept */
#define MDAP_CLI_ARGS_MAX	8
#define MDAP_CLI_OUTPUT_MAX	(64 * 1024)

/* What an ant reports about itself. */
struct mdap_ant_info {
	char	ant_id[MDAP_ANT_ID_MAX];	/* serial without "CP" */
	char	name[64];			/* ANT-NAME */
	char	mac[18];			/* 00-14-7F-AA-BB-CC */
	char	tp_version[32];			/* TP-VERSION */
	char	user[64];
	char	password[64];
	bool	double_checksum_on_done;	/* quirk, off by default */
};

enum mdap_cli_cmd {
	MDAP_CLI_SOFTWARE_UPGRADE,
	MDAP_CLI_SYSTEM_REBOOT,
	MDAP_CLI_SYSTEM_CONFIG,		/* led=flash|off */
	MDAP_CLI_IP_IPADD,		/* intf= addr= */
	MDAP_CLI_IP_IPDELETE,		/* addr= */
	MDAP_CLI_IP_IPLIST,
	MDAP_CLI_CWMP_SERVER_CONFIG,	/* url= */
	MDAP_CLI_CWMP_CONFIG,		/* state= mode= periodicInform= ... */
};

struct mdap_cli_arg {
	char	key[32];
	char	value[MDAP_CLI_CMD_MAX + 1];
};

struct mdap_cli {
	enum mdap_cli_cmd	cmd;
	size_t			nargs;
	struct mdap_cli_arg	args[MDAP_CLI_ARGS_MAX];
};

/* Parses a CLI-CMD of the documented subset; -1 with *errstr otherwise. */
int		 mdap_cli_parse(const char *line, struct mdap_cli *cli,
		    const char **errstr);
const char	*mdap_cli_get(const struct mdap_cli *cli, const char *key);

/*
 * Carries out a parsed command on the device and appends its output.
 * Returns 0, or -1 when the command is refused (the ant answers -3).
 */
typedef int (*mdap_ant_cli_fn)(void *arg, const struct mdap_cli *cli,
    struct buf *out);

struct mdap_ant_stats {
	unsigned long	requests;
	unsigned long	bad_checksum;
	unsigned long	bad_credentials;
	unsigned long	commands_run;
	unsigned long	replies;
};

struct mdap_ant;

struct mdap_ant	*mdap_ant_new(const struct mdap_ant_info *info,
		    mdap_ant_cli_fn fn, void *arg);
void		 mdap_ant_free(struct mdap_ant *ant);
/* The info is the ant's live view: callers may change versions etc. */
struct mdap_ant_info *mdap_ant_info(struct mdap_ant *ant);
const struct mdap_ant_stats *mdap_ant_stats(const struct mdap_ant *ant);

/*
 * True when a decoded request is for this ant: ANT-SEARCH is for every
 * ant; INFO and EXEC-CLI name it in TO-ANT (never "*" or missing).
 */
bool		 mdap_ant_is_addressed(const struct mdap_ant *ant,
		    const struct mdap_msg *req);

/*
 * Answers one request that arrived from requester ("ip:port", echoed in
 * TO-HOST).  Writes one reply frame into out and returns its length, or 0
 * when the ant stays silent (not addressed, bad checksum), or -1 on an
 * internal error.
 */
int		 mdap_ant_handle(struct mdap_ant *ant,
		    const struct mdap_msg *req, const char *requester,
		    time_t now, char *out, size_t outsz);

#endif /* LIB_MDAP_ANT_H */
