/*
 * yaml_conf_int.h: scalar conversion shared by the yaml_conf files.
 * Not for use outside lib/yaml_conf*.
 */
#ifndef LIB_YAML_CONF_INT_H
#define LIB_YAML_CONF_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/yaml_conf.h"

/*
 * Converts text into the field of a scalar option.  is_null: the YAML
 * value was null (allowed for strings only, which become NULL).
 */
int	yaml_conf_set_scalar(const struct yaml_conf_opt *o, void *field,
	    const char *text, bool is_null, const char **errstr);
/* Formats a scalar option for dumps; returns 0, or -1 for "null". */
int	yaml_conf_format_scalar(const struct yaml_conf_opt *o,
	    const void *field, char *buf, size_t len);

#endif /* LIB_YAML_CONF_INT_H */
