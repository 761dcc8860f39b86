/*
 * acsctl.h: acsctl(1), the operator's command line over the ACS's device
 * store and job spool.  It reads the same configuration file as acsd to
 * find them and works on the files directly (no server round trip); acsd
 * picks queued jobs up at the device's next session.  It does not run
 * CWMP sessions itself.
 */
#ifndef ACS_ACSCTL_H
#define ACS_ACSCTL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/buf.h"
#include "lib/json.h"

struct device_record;
struct device_store;
struct dirqueue;
struct acs_config;

/* Exit codes (acsctl.1, EXIT STATUS). */
#define ACSCTL_OK		0
#define ACSCTL_ERROR		1	/* store, spool or system error */
#define ACSCTL_USAGE		2	/* bad command line */
#define ACSCTL_NO_DEVICE	3	/* no device matched */
#define ACSCTL_NO_JOB		4	/* no such job */
#define ACSCTL_BUSY		5	/* job in progress, not cancelled */
#define ACSCTL_OFFLINE		6	/* a Connection Request failed */

/* Largest JSON document printed (bytes). */
#define ACSCTL_JSON_MAX		(256UL * 1024 * 1024)

/* Device selection: every set field must match (fnmatch patterns). */
struct acsctl_filter {
	const char	*key;		/* -i */
	const char	*product_class;	/* -p */
	const char	*software;	/* -s */
	const char	*tag;		/* -t */
	int64_t		 seen_within;	/* -l: seconds, 0 off */
	int64_t		 seen_before;	/* -L: seconds, 0 off */
	bool		 any;		/* some criterion was given */
};

struct acsctl {
	struct acs_config	*cfg;
	struct device_store	*store;		/* opened when needed */
	struct dirqueue		*dq;		/* opened when needed */
	bool			 json;
	bool			 quiet;
	struct buf		 out;		/* JSON output */
	struct json		 j;
};

/* Called per matching device; non-zero stops the walk. */
typedef int (*acsctl_device_cb)(struct acsctl *, struct device_record *,
    void *);

/* acsctl.c */
struct device_store *acsctl_store(struct acsctl *);
struct dirqueue *acsctl_queue(struct acsctl *, bool);
int	acsctl_getopt(struct acsctl *, int, char **, const char *);
int	acsctl_filter_option(struct acsctl_filter *, int, const char *);
void	acsctl_json_begin(struct acsctl *);
int	acsctl_json_end(struct acsctl *);
void	acsctl_time(int64_t, char *, size_t);
void	acsctl_usage_error(const char *, ...) __attribute__((noreturn))
	    __attribute__((format(printf, 1, 2)));
void	acsctl_error(const char *, ...)
	    __attribute__((format(printf, 1, 2)));

/* acsctl_devices.c */
int	acsctl_each_device(struct acsctl *, const struct acsctl_filter *,
	    acsctl_device_cb, void *, size_t *);
const char *acsctl_software(const struct device_record *);
int	acsctl_cmd_devices(struct acsctl *, int, char **);
int	acsctl_cmd_show(struct acsctl *, int, char **);
int	acsctl_cmd_faults(struct acsctl *, int, char **);

/* acsctl_queue.c */
int	acsctl_cmd_queue(struct acsctl *, int, char **);
int	acsctl_cmd_jobs(struct acsctl *, int, char **);
int	acsctl_cmd_cancel(struct acsctl *, int, char **);

/* acsctl_kick.c */
int	acsctl_cmd_kick(struct acsctl *, int, char **);

#endif /* ACS_ACSCTL_H */
