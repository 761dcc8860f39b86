/*
 * campaign.h: the flash campaign file of `mdap flash` (mdap(8)): which
 * ants, which image per board, the addresses they get, the built-in BOOTP
 * and TFTP servers, the timeouts, and the post-flash rule files.
 */
#ifndef MDAP_CAMPAIGN_H
#define MDAP_CAMPAIGN_H

#include <netinet/in.h>

#include <stdbool.h>
#include <stdint.h>

#include "lib/yaml_conf.h"

struct campaign_image {
	char		*board;		/* BANT-R */
	char		*file;		/* under tftp.root */
	char		*version;	/* TP-VERSION expected after, or NULL */
};

struct campaign_board {
	char		*name;		/* ANT-NAME */
	char		*board;
};

struct campaign_range {
	struct in_addr	 start;
	struct in_addr	 end;
};

struct campaign_servers {
	bool		 builtin;	/* false: servers already running */
	char		*interface;
	char		*listen;
	int		 bootp_port;
	int		 client_port;
	struct in_addr	 server_ip;	/* siaddr */
	struct in_addr	 netmask;
	struct campaign_range pool;	/* BOOTP addresses, one per ant */
	char		*tftp_root;
	int		 tftp_port;
};

struct campaign {
	char			*select;	/* glob on ANT-ID, name, MAC */
	int			 max_in_flight;
	struct yaml_conf_list	 images;	/* struct campaign_image */
	struct yaml_conf_list	 boards;	/* struct campaign_board */
	struct campaign_range	 addresses;	/* ${Ant.Address} */
	char			*acs_url;	/* ${ACS.URL} */
	struct yaml_conf_strlist rules;		/* post-flash rule files */
	char			*factory_user;
	char			*factory_password;
	int			 tftp_retries;
	int64_t			 bootp_timeout_ms;	/* T1 */
	int64_t			 transfer_timeout_ms;
	int64_t			 return_timeout_ms;	/* T2 */
	struct campaign_servers	 servers;
};

int	campaign_load(struct campaign *, const char *, char *, size_t);
void	campaign_free(struct campaign *);
const struct campaign_image *campaign_image(const struct campaign *,
	    const char *);
const char *campaign_board(const struct campaign *, const char *);
/* The nth address of a range (0-based), or -1 past its end. */
int	campaign_range_nth(const struct campaign_range *, unsigned,
	    struct in_addr *);

#endif /* MDAP_CAMPAIGN_H */
