/*
 * config.c: acsd's option table for lib/yaml_conf, one row per key (the
 * man page acsd.yaml.5 lists the same keys), and the few derived values
 * the table cannot express: the state directory and the paths below it.
 * acsctl links this file too.  It does not start anything or watch the
 * file; SIGHUP handling is the caller's.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "lib/yaml_conf.h"
#include "acs/acs_config.h"

/* One row: name, type, offset, default, min, max, help, extras. */
#define OPT(n, t, o, d, lo, hi, h, ...)                                        \
	{                                                                      \
		.name = (n), .type = (t), .offset = (o), .def = (d),           \
		.min = (lo), .max = (hi), .help = (h), __VA_ARGS__             \
	}

static const struct yaml_conf_enum acs_auth_modes[] = {
	{ "none", ACS_AUTH_NONE }, { "basic", ACS_AUTH_BASIC },
	{ "digest", ACS_AUTH_DIGEST }, { NULL, 0 }
};

static const struct yaml_conf_enum acs_store_kinds[] = {
	{ "yaml", ACS_STORE_YAML }, { "gdbm", ACS_STORE_GDBM }, { NULL, 0 }
};

static const struct yaml_conf_opt acs_http_table[] = {
	OPT("listen", YAML_CONF_STRING,
	    offsetof(struct acs_config_http, listen), "0.0.0.0", 1, 64,
	    "numeric address to listen on"),
	OPT("port", YAML_CONF_INT, offsetof(struct acs_config_http, port),
	    "7547", 0, 65535, "TCP port; 0 picks a free one and logs it"),
	OPT("threads", YAML_CONF_INT, offsetof(struct acs_config_http, threads),
	    "0", 0, 256, "HTTP worker threads; 0 means one per core"),
	OPT("connection_limit", YAML_CONF_INT,
	    offsetof(struct acs_config_http, connection_limit), "1024", 1,
	    1000000, "most concurrent TCP connections"),
	OPT("per_ip_limit", YAML_CONF_INT,
	    offsetof(struct acs_config_http, per_ip_limit), "0", 0, 1000000,
	    "most connections from one address; 0 means no limit"),
	OPT("connection_timeout", YAML_CONF_DURATION,
	    offsetof(struct acs_config_http, connection_timeout), "30s", 1000,
	    3600000, "idle TCP connection timeout"),
	OPT("connection_memory", YAML_CONF_SIZE,
	    offsetof(struct acs_config_http, connection_memory), "64k", 16384,
	    16777216, "memory per connection for headers and buffers"),
	OPT("body_max", YAML_CONF_SIZE,
	    offsetof(struct acs_config_http, body_max), "4M", 1024, 67108864,
	    "largest CWMP request body, after decompression"),
	OPT("tls_cert", YAML_CONF_STRING,
	    offsetof(struct acs_config_http, tls_cert), NULL, 0, 0,
	    "PEM certificate file; enables HTTPS"),
	OPT("tls_key", YAML_CONF_STRING,
	    offsetof(struct acs_config_http, tls_key), NULL, 0, 0,
	    "PEM private key file for tls_cert"),
	{ NULL }
};

static const struct yaml_conf_opt acs_session_table[] = {
	OPT("timeout", YAML_CONF_DURATION,
	    offsetof(struct acs_config_session, timeout), "30s", 1000, 3600000,
	    "session idle timeout unless the CPE sends SessionTimeout"),
	OPT("max_sessions", YAML_CONF_INT,
	    offsetof(struct acs_config_session, max_sessions), "1000", 0,
	    10000000, "concurrent sessions before 503; 0 means no limit"),
	OPT("retry_after", YAML_CONF_DURATION,
	    offsetof(struct acs_config_session, retry_after), "60s", 1000,
	    86400000, "Retry-After sent with 503"),
	OPT("max_rpcs", YAML_CONF_INT,
	    offsetof(struct acs_config_session, max_rpcs), "255", 1, 100000,
	    "most messages in one session"),
	OPT("gpv_batch", YAML_CONF_INT,
	    offsetof(struct acs_config_session, gpv_batch), "16", 1,
	    ACS_GPV_BATCH_MAX,
	    "parameters per GetParameterValues in discovery"),
	OPT("discover_on_bootstrap", YAML_CONF_BOOL,
	    offsetof(struct acs_config_session, discover_on_bootstrap), "true",
	    0, 0, "learn the tree on 0 BOOTSTRAP"),
	OPT("discover_on_first_contact", YAML_CONF_BOOL,
	    offsetof(struct acs_config_session, discover_on_first_contact),
	    "true", 0, 0, "learn the tree of a device never seen before"),
	{ NULL }
};

static const struct yaml_conf_opt acs_store_table[] = {
	OPT("state_dir", YAML_CONF_STRING,
	    offsetof(struct acs_config_store, state_dir), NULL, 0, 0,
	    "state directory; default $XDG_STATE_HOME/anthill or "
	    "./anthill-state"),
	OPT("backend", YAML_CONF_ENUM,
	    offsetof(struct acs_config_store, backend), "yaml", 0, 0,
	    "device store: yaml (files, NFS-safe) or gdbm (one host)",
	    .enums = acs_store_kinds),
	OPT("path", YAML_CONF_STRING, offsetof(struct acs_config_store, path),
	    NULL, 0, 0, "store directory or GDBM file; default in state_dir"),
	OPT("fsync", YAML_CONF_BOOL, offsetof(struct acs_config_store, fsync),
	    "true", 0, 0,
	    "fsync records and queue files; off only on tmpfs "
	    "or for tests"),
	OPT("shared", YAML_CONF_BOOL,
	    offsetof(struct acs_config_store, shared), "true", 0, 0,
	    "other acsd processes may use this spool: take the session lock "
	    "file"),
	OPT("cache_records", YAML_CONF_INT,
	    offsetof(struct acs_config_store, cache_records), "1024", 0,
	    10000000,
	    "device records kept in memory between sessions when shared is "
	    "false"),
	OPT("contact_interval", YAML_CONF_DURATION,
	    offsetof(struct acs_config_store, contact_interval), "0", 0,
	    86400000,
	    "an Inform that changes nothing but the contact time rewrites "
	    "the record only this long after its last write; 0: always"),
	OPT("spool", YAML_CONF_STRING, offsetof(struct acs_config_store, spool),
	    NULL, 0, 0, "job queue directory; default state_dir/spool"),
	{ NULL }
};

static const struct yaml_conf_opt acs_cred_table[] = {
	OPT("username", YAML_CONF_STRING, offsetof(struct acs_cred, username),
	    NULL, 1, 256, "user name the CPE sends",
	    .flags = YAML_CONF_REQUIRED),
	OPT("password", YAML_CONF_STRING, offsetof(struct acs_cred, password),
	    NULL, 0, 256, "its password",
	    .flags = YAML_CONF_REQUIRED | YAML_CONF_SECRET),
	OPT("device", YAML_CONF_STRING, offsetof(struct acs_cred, device), NULL,
	    0, 256, "device key allowed to use it; absent: any device"),
	{ NULL }
};

static const struct yaml_conf_opt acs_auth_table[] = {
	OPT("mode", YAML_CONF_ENUM, offsetof(struct acs_config_auth, mode),
	    "none", 0, 0, "CPE authentication: none, basic or digest",
	    .enums = acs_auth_modes),
	OPT("realm", YAML_CONF_STRING, offsetof(struct acs_config_auth, realm),
	    "anthill", 1, 128, "HTTP authentication realm"),
	OPT("credentials", YAML_CONF_LIST,
	    offsetof(struct acs_config_auth, credentials), NULL, 0,
	    ACS_CONFIG_CRED_MAX, "CPE user names and passwords",
	    .sub = acs_cred_table, .elem_size = sizeof(struct acs_cred)),
	{ NULL }
};

static const struct yaml_conf_opt acs_files_table[] = {
	OPT("dir", YAML_CONF_STRING, offsetof(struct acs_config_files, dir),
	    NULL, 0, 0, "directory served for Download; absent: off"),
	OPT("url", YAML_CONF_STRING, offsetof(struct acs_config_files, url),
	    "/files/", 2, 256, "URL prefix of the served directory"),
	OPT("upload_dir", YAML_CONF_STRING,
	    offsetof(struct acs_config_files, upload_dir), NULL, 0, 0,
	    "directory receiving Upload PUTs; absent: off"),
	OPT("upload_url", YAML_CONF_STRING,
	    offsetof(struct acs_config_files, upload_url), "/upload/", 2, 256,
	    "URL prefix of uploads"),
	OPT("upload_max", YAML_CONF_SIZE,
	    offsetof(struct acs_config_files, upload_max), "64M", 1,
	    ((long long)1 << 40), "largest upload"),
	{ NULL }
};

static const struct yaml_conf_opt acs_capture_table[] = {
	OPT("dir", YAML_CONF_STRING, offsetof(struct acs_config_capture, dir),
	    NULL, 0, 0, "protocol capture directory; absent: off"),
	OPT("all", YAML_CONF_BOOL, offsetof(struct acs_config_capture, all),
	    "false", 0, 0, "capture every device"),
	OPT("devices", YAML_CONF_STRLIST,
	    offsetof(struct acs_config_capture, devices), NULL, 0, 100000,
	    "device keys to capture"),
	{ NULL }
};

static const struct yaml_conf_opt acs_cr_table[] = {
	OPT("timeout", YAML_CONF_DURATION,
	    offsetof(struct acs_config_cr, timeout), "2s", 100, 60000,
	    "Connection Request HTTP timeout"),
	OPT("username", YAML_CONF_STRING,
	    offsetof(struct acs_config_cr, username), NULL, 0, 256,
	    "ConnectionRequestUsername for all devices"),
	OPT("password", YAML_CONF_STRING,
	    offsetof(struct acs_config_cr, password), NULL, 0, 256,
	    "ConnectionRequestPassword for all devices",
	    .flags = YAML_CONF_SECRET),
	OPT("allow_basic", YAML_CONF_BOOL,
	    offsetof(struct acs_config_cr, allow_basic), "false", 0, 0,
	    "also answer a Basic challenge"),
	OPT("poll", YAML_CONF_DURATION, offsetof(struct acs_config_cr, poll),
	    "1s", 0, 3600000, "how often to look for kick requests; 0: never"),
	{ NULL }
};

static const struct yaml_conf_opt acs_rules_table[] = {
	OPT("files", YAML_CONF_STRLIST, offsetof(struct acs_config_rules, files),
	    NULL, 0, 1000, "rule files (rules(5)), evaluated in this order"),
	OPT("state_dir", YAML_CONF_STRING,
	    offsetof(struct acs_config_rules, state_dir), NULL, 0, 0,
	    "rollout state directory; default <state_dir>/rules"),
	OPT("exec_dir", YAML_CONF_STRING,
	    offsetof(struct acs_config_rules, exec_dir), NULL, 0, 0,
	    "directory of programs exec actions may run; absent: none"),
	{ NULL }
};

static const struct yaml_conf_opt acs_table[] = {
	OPT("http", YAML_CONF_SECTION, offsetof(struct acs_config, http), NULL,
	    0, 0, "HTTP server", .sub = acs_http_table),
	OPT("session", YAML_CONF_SECTION, offsetof(struct acs_config, session),
	    NULL, 0, 0, "CWMP sessions", .sub = acs_session_table),
	OPT("store", YAML_CONF_SECTION, offsetof(struct acs_config, store),
	    NULL, 0, 0, "device store and spool", .sub = acs_store_table),
	OPT("auth", YAML_CONF_SECTION, offsetof(struct acs_config, auth), NULL,
	    0, 0, "CPE authentication", .sub = acs_auth_table),
	OPT("files", YAML_CONF_SECTION, offsetof(struct acs_config, files),
	    NULL, 0, 0, "file server", .sub = acs_files_table),
	OPT("capture", YAML_CONF_SECTION, offsetof(struct acs_config, capture),
	    NULL, 0, 0, "protocol capture", .sub = acs_capture_table),
	OPT("connection_request", YAML_CONF_SECTION,
	    offsetof(struct acs_config, cr), NULL, 0, 0, "Connection Requests",
	    .sub = acs_cr_table),
	OPT("rules", YAML_CONF_SECTION, offsetof(struct acs_config, rules),
	    NULL, 0, 0, "rules", .sub = acs_rules_table),
	{ NULL }
};

const struct yaml_conf_opt *
acs_config_table(void)
{
	return acs_table;
}

static void
acs_config_default_path(char **field, const char *state, const char *name)
{
	if (*field != NULL)
		return;
	xasprintf(field, "%s/%s", state, name);
}

/* state_dir, else $XDG_STATE_HOME/anthill, else ./anthill-state. */
static void
acs_config_paths(struct acs_config *cfg)
{
	struct acs_config_store *s = &cfg->store;
	const char *xdg = getenv("XDG_STATE_HOME");

	if (s->state_dir == NULL) {
		if (xdg != NULL && *xdg == '/')
			xasprintf(&s->state_dir, "%s/anthill", xdg);
		else
			s->state_dir = xstrdup(ACS_DEFAULT_STATE);
	}
	acs_config_default_path(&s->path, s->state_dir,
	    s->backend == ACS_STORE_GDBM ? "devices.gdbm" : "devices");
	acs_config_default_path(&s->spool, s->state_dir, "spool");
	acs_config_default_path(&cfg->rules.state_dir, s->state_dir, "rules");
}

static int
acs_config_check(struct acs_config *cfg, char *err, size_t errlen)
{
	const char *name = cfg->path != NULL ? cfg->path : "(defaults)";

	if ((cfg->http.tls_cert == NULL) != (cfg->http.tls_key == NULL)) {
		snprintf(err, errlen,
		    "%s: http.tls_cert and http.tls_key go "
		    "together",
		    name);
		return -1;
	}
	if (cfg->auth.mode != ACS_AUTH_NONE && cfg->auth.credentials.n == 0) {
		snprintf(
		    err, errlen, "%s: auth.mode needs auth.credentials", name);
		return -1;
	}
	if (cfg->files.url[0] != '/' || cfg->files.upload_url[0] != '/') {
		snprintf(err, errlen, "%s: files URLs must start with /", name);
		return -1;
	}
	return 0;
}

int
acs_config_load(
    struct acs_config *cfg, const char *path, char *err, size_t errlen)
{
	memset(cfg, 0, sizeof(*cfg));
	if (yaml_conf_load_file(acs_table, cfg, path, 0, err, errlen) == -1)
		return -1;
	cfg->path = path != NULL ? xstrdup(path) : NULL;
	acs_config_paths(cfg);
	return acs_config_check(cfg, err, errlen);
}

void
acs_config_free(struct acs_config *cfg)
{
	yaml_conf_free(acs_table, cfg);
	free(cfg->path);
	cfg->path = NULL;
}

static int
acs_config_mkdir(const char *dir)
{
	if (dir == NULL)
		return 0;
	if (mkdir(dir, 0750) == -1 && errno != EEXIST)
		return -1;
	return 0;
}

int
acs_config_mkdirs(const struct acs_config *cfg)
{
	if (acs_config_mkdir(cfg->store.state_dir) == -1 ||
	    (cfg->store.backend == ACS_STORE_YAML &&
	        acs_config_mkdir(cfg->store.path) == -1) ||
	    acs_config_mkdir(cfg->store.spool) == -1 ||
	    acs_config_mkdir(cfg->files.upload_dir) == -1 ||
	    acs_config_mkdir(cfg->capture.dir) == -1)
		return -1;
	return 0;
}

const struct acs_cred *
acs_config_cred(const struct acs_config *cfg, const char *username)
{
	const struct acs_cred *c = cfg->auth.credentials.v;
	size_t i;

	for (i = 0; i < cfg->auth.credentials.n; i++)
		if (strcmp(c[i].username, username) == 0)
			return &c[i];
	return NULL;
}

bool
acs_config_capture_device(const struct acs_config *cfg, const char *device)
{
	size_t i;

	if (cfg->capture.dir == NULL)
		return false;
	if (cfg->capture.all)
		return true;
	for (i = 0; i < cfg->capture.devices.n; i++)
		if (strcmp(cfg->capture.devices.v[i], device) == 0)
			return true;
	return false;
}
