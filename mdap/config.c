/*
 * config.c: the controller's settings: built-in defaults, then the YAML
 * file (-f, table-driven through lib/yaml_conf), then the environment
 * (MDAP_USER, MDAP_PASSWORD), then the command line.  A file that holds a
 * password must not be group- or world-readable (yaml_conf refuses it).
 * It does not echo credentials anywhere.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "lib/yaml_conf.h"
#include "mdap/mdap.h"

static const struct yaml_conf_opt config_table[] = {
	YAML_CONF_OPT("interface", YAML_CONF_STRING, struct mdap_conf,
	    interface, NULL, 0, 63, "lab interface multicast goes through"),
	YAML_CONF_OPT("group", YAML_CONF_STRING, struct mdap_conf, group,
	    MDAP_GROUP, 7, 63, "MDAP multicast group"),
	YAML_CONF_OPT("port", YAML_CONF_INT, struct mdap_conf, port, "3235",
	    1, 65535, "MDAP UDP port"),
	YAML_CONF_OPT("unicast", YAML_CONF_STRING, struct mdap_conf, unicast,
	    NULL, 0, 127, "ip:port to talk to instead of the group"),
	YAML_CONF_OPT("user", YAML_CONF_STRING, struct mdap_conf, user,
	    "Administrator", 0, 63, "CLI user of the ants"),
	YAML_CONF_OPTF("password", YAML_CONF_STRING, struct mdap_conf,
	    password, "", 0, 127, YAML_CONF_SECRET, "its password"),
	YAML_CONF_OPT("strict_checksum", YAML_CONF_BOOL, struct mdap_conf,
	    strict_checksum, "false", 0, 0, "drop replies whose checksum fails"),
	YAML_CONF_OPT("retry", YAML_CONF_DURATION, struct mdap_conf, retry_ms,
	    "1s", 50, 60000, "wait before retransmitting a request"),
	YAML_CONF_OPT("retries", YAML_CONF_INT, struct mdap_conf, retries, "3",
	    0, 20, "retransmissions before a timeout"),
	YAML_CONF_OPT("search_time", YAML_CONF_DURATION, struct mdap_conf,
	    search_ms, "3s", 10, 600000, "how long a search lasts"),
	YAML_CONF_OPT("parallel", YAML_CONF_INT, struct mdap_conf, parallel,
	    "32", 1, 4096, "requests waiting for answers at once"),
	YAML_CONF_END
};

int
config_load(struct mdap_conf *c, const char *file, char *err, size_t errlen)
{
	memset(c, 0, sizeof(*c));
	return yaml_conf_load_file(config_table, c, file, 0, err, errlen);
}

void
config_set(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

void
config_from_env(struct mdap_conf *c)
{
	const char	*v;

	if ((v = getenv("MDAP_USER")) != NULL)
		config_set(&c->user, v);
	if ((v = getenv("MDAP_PASSWORD")) != NULL)
		config_set(&c->password, v);
}

void
config_free(struct mdap_conf *c)
{
	yaml_conf_free(config_table, c);
}

void
config_help(void)
{
	yaml_conf_help(config_table, stderr);
}
