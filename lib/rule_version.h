/*
 * rule_version.h: comparing firmware version strings the way operators
 * expect ("2.10" > "2.9", "2.4" == "2.4.0", "2.4.0-rc1" < "2.4.0",
 * "v2.4" == "2.4").  Used by the rules engine's `version:` operator and by
 * anyone who orders versions.  It does not validate version syntax: every
 * string has a place in the order.
 */
#ifndef LIB_RULE_VERSION_H
#define LIB_RULE_VERSION_H

#define RULE_VERSION_MAX 128 /* longer strings compare by prefix */

/* Returns <0, 0 or >0 as a sorts before, equal to or after b. */
int rule_version_cmp(const char *a, const char *b);

#endif /* LIB_RULE_VERSION_H */
