/*
 * yaml_doc_int.h: helpers shared by the reading and writing halves of
 * yaml_doc (and yaml_conf).  Not for use outside lib/yaml_*.
 */
#ifndef LIB_YAML_DOC_INT_H
#define LIB_YAML_DOC_INT_H

#include <stdbool.h>
#include <stddef.h>

#define YAML_BINARY_TAG	"tag:yaml.org,2002:binary"

/* Decodes base64 (whitespace ignored) into a NUL-terminated buffer. */
char	*yaml_doc_b64_decode(const char *s, size_t len, size_t *outlen);
/* Encodes len bytes as one line of base64 (NUL-terminated). */
char	*yaml_doc_b64_encode(const void *data, size_t len);
/* True if s[0..len) is valid UTF-8 without NUL bytes. */
bool	yaml_doc_utf8_valid(const char *s, size_t len);

#endif /* LIB_YAML_DOC_INT_H */
