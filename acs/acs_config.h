/*
 * acs_config.h: the acsd configuration, one struct of sections filled from one
 * YAML file through the lib/yaml_conf option table (acs/config.c).  acsctl
 * compiles config.c too, so it reads the same store, spool and credential
 * settings as the daemon.  Embedded defaults serve a first run with no
 * file: port 7547, a YAML store and spool under the state directory.
 * Nothing here opens sockets or starts threads.
 */
#ifndef ACS_CONFIG_H
#define ACS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/yaml_conf.h"

#define ACS_CONFIG_PATH_MAX 1024
#define ACS_CONFIG_CRED_MAX 100000 /* credential entries */
#define ACS_DEFAULT_PORT 7547
#define ACS_DEFAULT_STATE "anthill-state"
#define ACS_GPV_BATCH_MAX 1024

enum acs_auth_mode { ACS_AUTH_NONE = 0, ACS_AUTH_BASIC, ACS_AUTH_DIGEST };

enum acs_store_kind { ACS_STORE_YAML = 0, ACS_STORE_GDBM };

/* One CPE credential; device NULL means any device may use it. */
struct acs_cred {
	char *username;
	char *password;
	char *device;
};

struct acs_config_http {
	char *listen; /* numeric address */
	int port; /* 0: ephemeral */
	int threads; /* 0: core count */
	int connection_limit;
	int per_ip_limit; /* 0: none */
	int64_t connection_timeout; /* ms */
	size_t connection_memory;
	size_t body_max;
	char *tls_cert;
	char *tls_key;
};

struct acs_config_session {
	int64_t timeout; /* ms, unless the CPE sends one */
	int max_sessions; /* 0: unlimited */
	int64_t retry_after; /* ms, rounded to s in 503s */
	int max_rpcs;
	int gpv_batch;
	bool discover_on_bootstrap;
	bool discover_on_first_contact;
};

struct acs_config_store {
	char *state_dir; /* NULL: see acs_config_load() */
	int backend; /* enum acs_store_kind */
	char *path; /* NULL: <state>/devices[.gdbm] */
	char *spool; /* NULL: <state>/spool */
	bool fsync; /* false: no fsync (tmpfs, tests) */
	bool shared;		/* other acsd use the spool: lock */
	int cache_records; /* records kept in memory (not shared) */
	int64_t contact_interval; /* ms; 0: store every Inform */
};

struct acs_config_auth {
	int mode; /* enum acs_auth_mode */
	char *realm;
	struct yaml_conf_list credentials; /* of struct acs_cred */
};

struct acs_config_files {
	char *dir; /* NULL: no file serving */
	char *url; /* URL prefix */
	char *upload_dir; /* NULL: no uploads */
	char *upload_url;
	size_t upload_max;
};

struct acs_config_capture {
	char *dir; /* NULL: off */
	bool all;
	struct yaml_conf_strlist devices;
};

struct acs_config_cr {
	int64_t timeout; /* ms */
	char *username; /* shared default */
	char *password;
	bool allow_basic;
	int64_t poll; /* ms between spool scans; 0: off */
};

/* rules(5): rule files, rollout state, exec programs (rules_hook.c). */
struct acs_config_rules {
	struct yaml_conf_strlist files; /* none: no rules */
	char *state_dir; /* NULL: <state>/rules */
	char *exec_dir; /* NULL: exec actions refused */
};

struct acs_config {
	struct acs_config_http http;
	struct acs_config_session session;
	struct acs_config_store store;
	struct acs_config_auth auth;
	struct acs_config_files files;
	struct acs_config_capture capture;
	struct acs_config_cr cr;
	struct acs_config_rules rules;
	char *path; /* file it was read from, or NULL */
};

/*
 * Fills *cfg from path (NULL: embedded defaults only) and resolves the
 * state directory: store.state_dir, else $XDG_STATE_HOME/anthill, else
 * ./anthill-state.  On error returns -1 with "file:line:col: message" in
 * err.  A file holding passwords must not be group- or world-readable.
 */
int acs_config_load(
    struct acs_config *cfg, const char *path, char *err, size_t errlen);
void acs_config_free(struct acs_config *cfg);
/* Creates the state, store and spool directories (mode 0750). */
int acs_config_mkdirs(const struct acs_config *cfg);
/* Looks a CPE username up; NULL if unknown. */
const struct acs_cred *acs_config_cred(
    const struct acs_config *cfg, const char *username);
bool acs_config_capture_device(
    const struct acs_config *cfg, const char *device);
/* The option table, for dumps (-n -v) and the man page. */
const struct yaml_conf_opt *acs_config_table(void);

#endif /* ACS_CONFIG_H */
