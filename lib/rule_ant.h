/*
 * rule_ant.h: an MDAP ant seen through the rules engine's struct
 * rule_device, so post-flash and everyday rules match ants by ANT-ID, MAC,
 * name or board and template CLI commands from them.  The ids are those
 * the ACS will see: SerialNumber "CP" + ANT-ID (MDAP.md section 7), OUI
 * from the MAC, ProductClass the ant's name, Manufacturer "Thomson".
 * Parameters are pseudo-parameters the caller sets: Ant.ID, Ant.MAC,
 * Ant.Name, Ant.Board, Ant.Version, and campaign values such as
 * Ant.Address (the new address) and ACS.URL.  It does no I/O.
 */
#ifndef LIB_RULE_ANT_H
#define LIB_RULE_ANT_H

#include <stddef.h>

#include "lib/rule_engine.h"

#define RULE_ANT_VARS_MAX	32
#define RULE_ANT_VALUE_MAX	256

struct rule_ant {
	char		 serial[RULE_ANT_VALUE_MAX];
	char		 oui[8];
	char		 product_class[RULE_ANT_VALUE_MAX];
	char		 device_id[3 * RULE_ANT_VALUE_MAX];
	size_t		 nvars;
	struct {
		char	name[64];
		char	value[RULE_ANT_VALUE_MAX];
	}		 vars[RULE_ANT_VARS_MAX];
	struct rule_device dev;
};

/* Sets the ids and Ant.ID, Ant.MAC, Ant.Name from the search reply. */
void	rule_ant_init(struct rule_ant *ra, const char *ant_id, const char *mac,
	    const char *name);
/* Sets (or replaces) a pseudo-parameter; -1 when full or too long. */
int	rule_ant_set(struct rule_ant *ra, const char *name, const char *value);
const struct rule_device *rule_ant_device(struct rule_ant *ra);

#endif /* LIB_RULE_ANT_H */
