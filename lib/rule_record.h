/*
 * rule_record.h: a stored device record (lib/device_store) seen through
 * the rules engine's struct rule_device: identity fields, the parameter
 * tree, tags and the events of the last Inform.  Also applies the
 * record-only actions (tag, untag) to a record.  It embeds nothing
 * mutable: the record must outlive the view, and the caller holds the
 * device's lock when it changes the record.
 */
#ifndef LIB_RULE_RECORD_H
#define LIB_RULE_RECORD_H

#include <stddef.h>

#include "lib/device_store.h"
#include "lib/rule_engine.h"

struct rule_record {
	const struct device_record *rec;
	struct rule_device dev;
	const char *events[DEVICE_EVENTS_MAX];
	size_t nevents;
};

/* Sets rr up over rec; rr->events holds the last Inform's event codes. */
void rule_record_init(struct rule_record *rr, const struct device_record *rec);
/* Fills in (dev, events) for an evaluation at time now. */
void rule_record_input(
    struct rule_record *rr, struct rule_input *in, time_t now);
/*
 * Applies every tag and untag action of acts to rec.  Returns the number
 * of changes, or -1 if a tag did not fit (DEVICE_TAGS_MAX).
 */
int rule_record_apply_tags(
    struct device_record *rec, const struct rule_actions *acts);

#endif /* LIB_RULE_RECORD_H */
