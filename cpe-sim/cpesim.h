/*
 * cpesim.h: the CPE simulator's private header.  One process runs one
 * libevent loop with one libcurl multi handle (lib/http_client) and one
 * Connection Request listener, and simulates a fleet of devices; each
 * device is a struct device with its parameter tree (model.h), its CWMP
 * agent state (events, retries, transfers) and its state directory.
 */
#ifndef CPESIM_CPESIM_H
#define CPESIM_CPESIM_H

#include <sys/queue.h>
#include <sys/tree.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "lib/cwmp_rpc.h"
#include "cpe-sim/model.h"

struct event;
struct event_base;
struct http_client;
struct http_request;
struct fwupdate;
struct MHD_Daemon;
struct ant;
struct mdap_ants;
struct netboot_ctx;

#define SIM_SERIAL_MAX		64
#define SIM_URL_MAX		1024
#define SIM_EVENTS_MAX		CWMP_EVENTS_MAX
#define SIM_CHANGED_MAX		64	/* pending VALUE CHANGE names */
#define SIM_DOWNLOADS_MAX	10	/* FIRMWARE.md 1.2: 9004 above */
#define SIM_UPLOAD_TC_MAX	16
#define SIM_SESSION_RPCS_MAX	1024	/* ACS requests in one session */
#define SIM_MODELS_MAX		16
#define SIM_MIX_MAX		16
#define SIM_RETRY_N_MAX		10	/* TR-069 3.2.1.1: growth stops */
#define SIM_CR_TOKEN_LEN	16	/* hex chars of the CR URL path */
#define SIM_STATE_FILE		"state.yaml"
#define SIM_STATE_MAX		(8 * 1024 * 1024)
#define SIM_SCHEDULED_MAX	8	/* pending ScheduleInform */

/* quirks.c: what real devices do on the wire (CWMP.md 11, 16). */
enum quirk_id {
	QUIRK_ID_COUNTER,	/* own requests "cpe-<n>", responses echo */
	QUIRK_ID_CONSTANT,	/* "<n>_THOM_TR69_ID" for the whole session */
	QUIRK_ID_INCREMENT,	/* "THOM_CPE_ALC_ID_<n>" in every message */
	QUIRK_ID_NONE		/* no cwmp:ID at all (ZyXEL 2602) */
};

enum quirk_soapaction {
	QUIRK_SA_QUOTED,	/* SOAPAction: "" */
	QUIRK_SA_EMPTY,		/* SOAPAction: (Thomson) */
	QUIRK_SA_NONE		/* none (ZTE) */
};

struct quirks {
	const char		*name;
	enum quirk_id		 id;
	enum quirk_soapaction	 soapaction;
	bool			 latin1;	/* ISO-8859-1 bodies */
	bool			 rfc2109_cookie;
	bool			 arraytype_bare;	/* arrayType="string[09]" */
	bool			 relative_wan_ip;	/* ".ExternalIPAddress" */
	bool			 chunked;	/* Transfer-Encoding: chunked */
	bool			 no_more_requests;
	bool			 serial_newline;
	bool			 bare_empty_post;	/* no headers at all */
	bool			 preemptive_basic;
	int			 ns;		/* -1: from the version */
	int			 version;	/* -1: the model's */
	const char		*user_agent;	/* NULL: the model's */
};

const struct quirks *quirks_find(const char *name);
const char	*quirks_names(void);
/* Rewrites an encoded envelope the way the profile's devices send it. */
void		 quirks_apply_body(const struct quirks *q, struct buf *b);
const char	*quirks_content_type(const struct quirks *q);

/* An event queued for the next Inform. */
struct sim_event {
	char	code[40];
	char	key[CWMP_COMMAND_KEY_MAX + 1];
};

/* A Download or Upload accepted and not yet started (FIRMWARE.md 3.1). */
struct sim_transfer {
	bool		 upload;
	char		 command_key[CWMP_COMMAND_KEY_MAX + 1];
	char		*file_type;
	char		*url;
	char		*username;
	char		*password;
	uint64_t	 file_size;
	char		*target_file_name;
	time_t		 not_before;
	time_t		 accepted_at;
	int		 state;	/* 1 queued, 2 in progress */
};

/* A finished transfer awaiting TransferCompleteResponse. */
struct sim_tc {
	char		 command_key[CWMP_COMMAND_KEY_MAX + 1];
	int		 fault_code;
	char		 fault_string[256];
	time_t		 start_time;
	time_t		 complete_time;
	bool		 upload;
	bool		 from_fw;	/* owned by lib/fwupdate */
};

/* Expected outcomes checked at exit (fleet summary). */
enum dev_result {
	DEV_RESULT_NONE,
	DEV_RESULT_OK,
	DEV_RESULT_FAILED
};

struct session;

struct device {
	struct sim		*sim;
	unsigned int		 index;
	const struct model	*model;
	const struct quirks	*quirks;
	char			 serial[SIM_SERIAL_MAX];
	char			*dir;
	char			 cr_token[SIM_CR_TOKEN_LEN + 1];
	uint32_t		 seed;
	struct devtree		 tree;
	RB_ENTRY(device)	 cr_entry;

	/* Persisted agent state. */
	bool			 bootstrapped;
	unsigned int		 boot_count;
	struct sim_event	 events[SIM_EVENTS_MAX];
	int			 nevents;
	int			 nevents_sent;	/* in the Inform in flight */
	char			*changed[SIM_CHANGED_MAX];
	int			 nchanged;
	int			 nchanged_sent;
	struct sim_transfer	 transfers[SIM_DOWNLOADS_MAX];
	int			 ntransfers;
	struct sim_tc		 tcs[SIM_UPLOAD_TC_MAX];
	int			 ntcs;
	time_t			 scheduled[SIM_SCHEDULED_MAX];
	char			 scheduled_key[SIM_SCHEDULED_MAX]
				    [CWMP_COMMAND_KEY_MAX + 1];
	int			 nscheduled;
	char			 acs_url_seen[SIM_URL_MAX];

	/* Runtime. */
	struct session		*session;
	struct http_request	*xfer;		/* a download or upload */
	int			 xfer_fd;
	int			 xfer_index;
	struct event		*ev_session;	/* start (or retry) a session */
	struct event		*ev_periodic;
	struct event		*ev_work;	/* transfers, reboots, ticks */
	bool			 booting;
	bool			 want_session;
	bool			 want_periodic_reset;
	bool			 in_backoff;
	bool			 cr_pending;
	bool			 reboot_pending;
	bool			 factory_reset_pending;
	bool			 dirty;
	bool			 stopped;
	bool			 hold_requests;
	unsigned int		 retry_count;
	unsigned int		 sessions_done;
	unsigned int		 msg_counter;
	struct fwupdate		*fw;
	struct ant		*ant;		/* MDAP ant (ant.c), or NULL */
	bool			 cwmp_off;	/* cwmp config state=disabled */
	bool			 fw_injected;
	enum dev_result		 fw_result;
	char			 fw_last_fault[64];

	/* Statistics. */
	unsigned int		 n_sessions_ok;
	unsigned int		 n_sessions_failed;
	unsigned int		 n_faults_sent;
	unsigned int		 n_rpcs;
	unsigned int		 n_tc_sent;
	unsigned int		 n_cr;
	unsigned int		 n_boots;
	int			 last_fault;
};
RB_HEAD(cr_tree, device);

/* A model and its share of the fleet. */
struct sim_mix {
	char		*name;	/* model path or quirk profile name */
	unsigned int	 weight;
	const struct model *model;
	const struct quirks *quirks;
};

/* Fault injection passed through to lib/fwupdate (FIRMWARE.md 11). */
struct sim_inject {
	char		*power_cut;	/* phase name (fwupdate_cut_from_name) */
	char		*bad_block;	/* "partition:block[:fault]" */
	unsigned int	 boot_failures;	/* new image fails to boot n times */
	uint64_t	 truncate_at;	/* cut the download after n bytes */
	unsigned int	 percent;	/* share of devices injected (100) */
};

struct sim_conf {
	char		*acs_url;
	char		*acs_user;
	char		*acs_password;
	char		*cafile;
	bool		 insecure;
	char		*state_dir;
	char		*serial_pattern;
	unsigned int	 count;
	unsigned int	 first_index;
	struct sim_mix	 models[SIM_MIX_MAX];
	int		 nmodels;
	struct sim_mix	 quirks[SIM_MIX_MAX];
	int		 nquirks;
	unsigned int	 stagger_ms;
	unsigned int	 max_sessions;	/* concurrent sessions, 0: no cap */
	unsigned int	 periodic;	/* override PeriodicInformInterval */
	double		 retry_scale;
	double		 jitter;	/* 0..1 of the interval */
	unsigned int	 sessions;	/* stop each device after n */
	unsigned int	 duration;	/* seconds, 0: forever */
	bool		 until_idle;
	bool		 json;
	bool		 progress;
	char		*cr_host;
	char		*cr_user;	/* NULL: the serial number */
	char		*cr_password;	/* NULL: the serial number */
	int		 cr_port;	/* -1: no listener */
	unsigned int	 boot_ms;	/* simulated boot time */
	unsigned int	 volatile_s;	/* volatile value tick, 0: off */
	bool		 allow_file;	/* file:// downloads (test mode) */
	char		*fw_key;	/* Ed25519 public key file for images */
	char		*models_dir;
	char		*expect_version;
	bool		 expect_fw_fault;
	bool		 durable;
	struct sim_inject inject;
	uint32_t	 seed;
	/* MDAP ants (ant.c). */
	char		*mdap_listen;	/* address:port of the ants' socket */
	char		*mdap_interface; /* join the group here */
	char		*ant_password;	/* factory CLI password ("") */
	bool		 cwmp_off;	/* factory-fresh: CWMP disabled */
	char		*bootp_server;	/* where the bootloader BOOTPs */
	int		 bootp_client_port;
	int		 tftp_port;
};

struct sim_stats {
	unsigned long	 sessions_ok;
	unsigned long	 sessions_failed;
	unsigned long	 informs;
	unsigned long	 rpcs;
	unsigned long	 faults;
	unsigned long	 tc_sent;
	unsigned long	 cr_received;
	unsigned long	 downloads_ok;
	unsigned long	 downloads_failed;
	unsigned long	 uploads;
	unsigned long	 fw_ok;
	unsigned long	 fw_failed;
	unsigned long	 fault_hist[64];	/* 9000..9063 sent or in TC */
	unsigned long	 http_errors;
};

struct sim {
	struct event_base	*base;
	struct http_client	*http;
	struct sim_conf		 conf;
	struct device		**devices;
	unsigned int		 ndevices;
	struct cr_tree		 cr_devices;
	struct MHD_Daemon	*cr_daemon;
	struct mdap_ants	*ants;		/* ant.c */
	struct netboot_ctx	*netboot;
	struct event		*ev_cr;
	struct event		*ev_cr_timer;
	int			 cr_bound_port;
	struct event		*ev_tick;
	struct event		*ev_sigint;
	struct event		*ev_sigterm;
	struct sim_stats	 stats;
	time_t			 start;
	time_t			 last_volatile;
	unsigned int		 active_sessions;
	bool			 stopping;
	int			 exit_code;
};

/* options.c */
int		 options_parse(struct sim_conf *c, int argc, char **argv,
		    int *verbose, bool *version);
void		 options_usage(FILE *fp);
void		 options_free(struct sim_conf *c);

/* device.c */
struct device	*device_new(struct sim *sim, unsigned int index,
		    const struct model *m, const struct quirks *q,
		    const char *serial);
void		 device_free(struct device *dev);
int		 device_start(struct device *dev, unsigned int delay_ms);
void		 device_stop(struct device *dev);
void		 device_add_event(struct device *dev, const char *code,
		    const char *key);
bool		 device_has_event(const struct device *dev, const char *code);
void		 device_request_session(struct device *dev, unsigned int ms);
void		 device_session_done(struct device *dev, bool ok);
void		 device_value_changed(struct device *dev, const char *name,
		    bool by_acs);
void		 device_connection_request(struct device *dev);
bool		 device_is_idle(const struct device *dev);
const char	*device_param(struct device *dev, const char *suffix);
int		 device_set_param(struct device *dev, const char *suffix,
		    const char *value);
void		 device_schedule_work(struct device *dev, unsigned int ms);
void		 device_periodic_reset(struct device *dev);
void		 device_reboot(struct device *dev, bool factory);
uint32_t	 device_rand(struct device *dev);

/* state.c */
int		 state_save(struct device *dev);
int		 state_load(struct device *dev, char *err, size_t errlen);

/* session.c */
int		 session_start(struct device *dev);
void		 session_free(struct session *s);

/* rpc.c */
void		 rpc_dispatch(struct device *dev, const struct cwmp_msg *req,
		    struct cwmp_msg *resp);

/* inform.c */
void		 inform_build(struct device *dev, struct cwmp_msg *m);
void		 inform_done(struct device *dev);

/* transfer.c */
int		 transfer_accept(struct device *dev,
		    const struct cwmp_download *d, bool upload, int *fault);
void		 transfer_run(struct device *dev);
bool		 transfer_busy(const struct device *dev);
void		 transfer_tc_acked(struct device *dev, const char *key);
int		 transfer_next_tc(struct device *dev, struct sim_tc *tc);
void		 transfer_queued(struct device *dev, struct cwmp_transfers *l);
void		 transfer_after_boot(struct device *dev);
void		 transfer_cancel(struct device *dev);
void		 transfer_add_tc(struct device *dev, const char *key,
		    bool upload, int code, const char *string, time_t start);

/* firmware.c */
int		 firmware_open(struct device *dev);
int		 firmware_boot(struct device *dev);
void		 firmware_sync_tree(struct device *dev);
int		 firmware_set_boot_image(struct device *dev, const char *value);
int		 firmware_check_boot_image(struct device *dev,
		    const char *value);
void		 firmware_close(struct device *dev);
bool		 firmware_injected(struct device *dev);
int		 firmware_begin(struct device *dev, struct sim_transfer *t,
		    uint64_t *max);
void		 firmware_fetched(struct device *dev, struct sim_transfer *t,
		    int code, const char *str);
int		 firmware_pending_tc(struct device *dev, struct sim_tc *tc);
int		 firmware_ack_tc(struct device *dev, const char *key);

/* ant.c */
int		 ant_start(struct sim *sim);
void		 ant_stop(struct sim *sim);
void		 ant_device_init(struct device *dev);
void		 ant_device_booted(struct device *dev);
void		 ant_device_free(struct device *dev);

/* connreq.c */
int		 connreq_start(struct sim *sim, const char *host, int port);
void		 connreq_stop(struct sim *sim);
void		 connreq_unregister(struct sim *sim, struct device *dev);
int		 connreq_url(struct sim *sim, struct device *dev, char *buf,
		    size_t len);

/* fleet.c */
int		 fleet_create(struct sim *sim);
void		 fleet_tick(struct sim *sim);
void		 fleet_summary(struct sim *sim);
bool		 fleet_done(struct sim *sim);
void		 fleet_count_fault(struct sim *sim, int code);
int		 fleet_mix_add(struct sim_mix *mix, int *n, const char *spec,
		    const char **errstr);

#endif /* CPESIM_CPESIM_H */
