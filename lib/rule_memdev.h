/*
 * rule_memdev.h: a device held in memory (identity, parameters, tags)
 * that implements struct rule_device.  Tests, fuzzers and tools that
 * build a device from other data (an exec program's JSON, a store record)
 * use it.  It is not a parameter tree: names are flat strings, and an
 * object "X." exists when some parameter starts with it.
 */
#ifndef LIB_RULE_MEMDEV_H
#define LIB_RULE_MEMDEV_H

#include "lib/rule_engine.h"

struct rule_memdev;

struct rule_memdev *rule_memdev_new(void);
void rule_memdev_free(struct rule_memdev *md);
void rule_memdev_set_id(
    struct rule_memdev *md, enum rule_id field, const char *value);
/* Adds or replaces a parameter; type may be NULL. */
void rule_memdev_set(struct rule_memdev *md, const char *name,
    const char *value, const char *type);
void rule_memdev_unset(struct rule_memdev *md, const char *name);
void rule_memdev_tag(struct rule_memdev *md, const char *tag, bool on);
/* The struct rule_device view; valid while md lives. */
const struct rule_device *rule_memdev_device(struct rule_memdev *md);

#endif /* LIB_RULE_MEMDEV_H */
