/*
 * config.c: the controller's settings: built-in defaults, then the YAML
 * file (-f, once lib/yaml_conf exists), then the environment (MDAP_USER, MDAP_PASSWORD), then the
 * command line.  A file that holds a password must not be group- or
 * world-readable.  It does not echo credentials anywhere.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mdap/mdap.h"

void
config_defaults(struct mdap_conf *c)
{
	memset(c, 0, sizeof(*c));
	strlcpy(c->group, MDAP_GROUP, sizeof(c->group));
	c->port = MDAP_PORT;
	strlcpy(c->user, "Administrator", sizeof(c->user));
	c->retry_ms = MDAP_RETRY_MS;
	c->retries = MDAP_RETRIES;
	c->search_ms = MDAP_SEARCH_MS;
	c->parallel = MDAP_PARALLEL;
}

void
config_from_env(struct mdap_conf *c)
{
	const char	*v;

	if ((v = getenv("MDAP_USER")) != NULL)
		strlcpy(c->user, v, sizeof(c->user));
	if ((v = getenv("MDAP_PASSWORD")) != NULL)
		strlcpy(c->password, v, sizeof(c->password));
}
