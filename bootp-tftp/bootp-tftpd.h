/*
 * bootp-tftpd.h: the private header of bootp-tftpd, the BOOTP and TFTP
 * servers for mass flashing.  The servers themselves are lib/bootp_server
 * and lib/tftp_server; this program reads the YAML configuration into
 * their structs, opens them on one event base, drops privileges and runs
 * the loop.
 */
#ifndef BOOTP_TFTPD_H
#define BOOTP_TFTPD_H

#include <netinet/in.h>

#include <stdbool.h>
#include <stdint.h>

#include "lib/bootp_server.h"
#include "lib/tftp_server.h"
#include "lib/yaml_conf.h"

#define BTD_CONF_DEFAULT	ANTHILL_SYSCONFDIR "/anthill/bootp-tftpd.yaml"
#define BTD_OPT_VALUE_MAX	255

/* The YAML side of the configuration (config.c's tables fill it). */
struct btd_host {
	uint8_t			 mac[6];
	struct in_addr		 ip;
	char			*file;
	char			*hostname;
};

struct btd_board {
	char			*board;
	char			*file;
};

struct btd_pool {
	struct in_addr		 start, end, netmask, router;
};

struct btd_opt {
	int			 code;
	int			 type;		/* enum btd_opt_type */
	char			*value;
};

enum btd_opt_type {
	BTD_OPT_STRING,
	BTD_OPT_IP,
	BTD_OPT_IPS,
	BTD_OPT_U8,
	BTD_OPT_U16,
	BTD_OPT_U32,
	BTD_OPT_HEX
};

struct btd_bootp {
	bool			 enable;
	char			*interface;
	char			*listen;
	int			 port;
	int			 client_port;
	struct in_addr		 server_ip;
	char			*server_name;
	struct in_addr		 netmask;
	struct yaml_conf_strlist routers;
	struct yaml_conf_strlist dns;
	char			*domain;
	char			*default_file;
	int64_t			 lease_ms;
	bool			 dhcp;
	bool			 force_broadcast;
	bool			 always_rfc1048;
	bool			 bootsize;
	int			 vend_max;
	struct yaml_conf_list	 hosts;		/* struct btd_host */
	struct yaml_conf_list	 boards;	/* struct btd_board */
	struct yaml_conf_list	 pools;		/* struct btd_pool */
	struct yaml_conf_list	 options;	/* struct btd_opt */
};

struct btd_tftp {
	bool			 enable;
	char			*root;
	char			*listen;
	char			*interface;
	int			 port;
	char			*upload_dir;
	bool			 overwrite;
	size_t			 upload_max;
	int			 blksize_max;
	int			 windowsize_max;
	int64_t			 timeout_ms;
	int64_t			 giveup_ms;
	int			 rollover;
	int			 max_transfers;
	int			 max_per_client;
	int			 workers;
	int			 busy_poll_us;
	int			 port_min;
	int			 port_max;
	bool			 backslash;
	bool			 fold_case;
	char			*status_file;
	int64_t			 progress_ms;
};

struct btd_conf {
	char			*user;
	bool			 chroot;
	struct btd_bootp	 bootp;
	struct btd_tftp		 tftp;
};

/* config.c */
extern const struct yaml_conf_opt btd_conf_table[];
/* Loads and checks; 0, or -1 with err filled.  Free with config_free. */
int	config_load(struct btd_conf *conf, const char *path, int dirfd,
	    char *err, size_t errlen);
void	config_free(struct btd_conf *conf);
/* Fills the server structs; -1 with err for values that do not fit. */
int	config_bootp(const struct btd_conf *conf,
	    struct bootp_server_conf *bc, char *err, size_t errlen);
void	config_bootp_clear(struct bootp_server_conf *bc);
int	config_tftp(const struct btd_conf *conf, struct tftp_server_conf *tc,
	    char *err, size_t errlen);

#endif /* BOOTP_TFTPD_H */
