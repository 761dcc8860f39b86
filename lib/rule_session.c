/*
 * rule_session.c: the small pieces of rule evaluation that are not
 * conditions or actions: the per-session fire counter (a rule fires at
 * most RULE_SESSION_FIRES_MAX times in one CWMP session, so a rule whose
 * actions never take effect cannot loop), the names of the device
 * identity fields, and the stable rollout bucket of a device id.  It
 * keeps no global state; a session object belongs to one session.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/rule_int.h"
#include "lib/xmalloc.h"

struct rule_session_entry {
	char *rule;
	unsigned fires;
};

struct rule_session {
	struct rule_session_entry *v;
	size_t n;
};

struct rule_session *
rule_session_new(void)
{
	return xcalloc(1, sizeof(struct rule_session));
}

void
rule_session_free(struct rule_session *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		free(s->v[i].rule);
	free(s->v);
	free(s);
}

static struct rule_session_entry *
session_find(struct rule_session *s, const char *rule)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i].rule, rule) == 0)
			return &s->v[i];
	return NULL;
}

bool
rule_session_may_fire(struct rule_session *s, const char *rule)
{
	struct rule_session_entry *e;

	e = session_find(s, rule);
	return e == NULL || e->fires < RULE_SESSION_FIRES_MAX;
}

void
rule_session_fired(struct rule_session *s, const char *rule)
{
	struct rule_session_entry *e;

	if ((e = session_find(s, rule)) == NULL) {
		s->v = xreallocarray(s->v, s->n + 1, sizeof(*s->v));
		e = &s->v[s->n++];
		e->rule = xstrdup(rule);
		e->fires = 0;
	}
	e->fires++;
}

static const char *const id_names[RULE_ID_COUNT] = {
	[RULE_ID_OUI] = "OUI",
	[RULE_ID_PRODUCT_CLASS] = "ProductClass",
	[RULE_ID_SERIAL_NUMBER] = "SerialNumber",
	[RULE_ID_MANUFACTURER] = "Manufacturer",
	[RULE_ID_DEVICE_ID] = "DeviceID",
};

const char *
rule_id_name(enum rule_id field)
{
	return (size_t)field < RULE_ID_COUNT ? id_names[field] : "?";
}

int
rule_id_lookup(const char *name, enum rule_id *field)
{
	size_t i;

	for (i = 0; i < RULE_ID_COUNT; i++) {
		if (strcmp(name, id_names[i]) == 0) {
			*field = i;
			return 0;
		}
	}
	return -1;
}

/*
 * FNV-1a over seed, ":" and the device id.  Without a seed every rule
 * puts a device in the same bucket, so a 10% rollout's devices are part
 * of every later, larger percentage.
 */
unsigned
rule_bucket(const char *devid, const char *seed)
{
	uint32_t h = 2166136261u;
	const char *p;

	if (seed != NULL) {
		for (p = seed; *p != '\0'; p++)
			h = (h ^ (unsigned char)*p) * 16777619u;
		h = (h ^ ':') * 16777619u;
	}
	for (p = devid; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h % 100;
}
