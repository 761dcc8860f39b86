/*
 * mdap_msg.h: the MDAP ("ant") wire codec.  A frame is a request or reply
 * line, KEY:VALUE header lines, an optional blank line and payload, and a
 * two-hex-digit XOR checksum (MDAP.md section 4).  Decoding is pure: bytes
 * in, a fixed struct out, every length checked against the named limits.
 * It does not open sockets, keep sessions or reassemble SEQ-NR sequences;
 * the controller and the simulated ant do that.
 */
#ifndef LIB_MDAP_MSG_H
#define LIB_MDAP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MDAP_GROUP		"224.0.0.103"
#define MDAP_PORT		3235
#define MDAP_FRAME_MAX		8192	/* one UDP datagram */
#define MDAP_HEADERS_MAX	32
#define MDAP_LINE_MAX		512
#define MDAP_NAME_MAX		64
#define MDAP_VERB_MAX		32
#define MDAP_VERSION_MAX	8
#define MDAP_CLI_CMD_MAX	255	/* MDAP.md section 9 */
#define MDAP_SLICE_MAX		1024	/* output bytes per simulated reply */

/* Negative SEQ-NR values in replies (MDAP.md section 6). */
#define MDAP_ERR_CREDENTIALS	-1
#define MDAP_ERR_SEQNR		-2
#define MDAP_ERR_COMMAND	-3
#define MDAP_ERR_MALFORMED	-5

struct mdap_header {
	char	name[MDAP_NAME_MAX];
	char	value[MDAP_LINE_MAX];
};

struct mdap_msg {
	bool			reply;		/* REPLY-<verb> */
	char			verb[MDAP_VERB_MAX];	/* without REPLY- */
	char			version[MDAP_VERSION_MAX];	/* "1.2" */
	size_t			nheaders;
	struct mdap_header	headers[MDAP_HEADERS_MAX];
	bool			has_payload;	/* a blank line was present */
	size_t			payload_len;
	char			payload[MDAP_FRAME_MAX + 1];
	/* Set by decoding. */
	uint8_t			checksum;	/* the value in the frame */
	bool			checksum_ok;	/* it equals the computed XOR */
	bool			inner_checksum;	/* a "double checksum" was stripped */
};

/* XOR of every byte: the MDAP checksum. */
uint8_t		 mdap_checksum(const void *data, size_t len);

void		 mdap_msg_init(struct mdap_msg *msg, bool reply,
		    const char *verb, const char *version);
/* Appends a header; -1 when there are MDAP_HEADERS_MAX already or a
 * value is too long or holds CR or LF. */
int		 mdap_msg_add(struct mdap_msg *msg, const char *name,
		    const char *value);
/* Sets or replaces a header. */
int		 mdap_msg_set(struct mdap_msg *msg, const char *name,
		    const char *value);
/* Case-insensitive header lookup; NULL when absent. */
const char	*mdap_msg_get(const struct mdap_msg *msg, const char *name);
int		 mdap_msg_set_payload(struct mdap_msg *msg, const void *data,
		    size_t len);

/*
 * Decodes a datagram.  A checksum mismatch is not an error: checksum_ok
 * tells, and the caller decides (strict_checksum).  On the final reply
 * (SEQ-NR holding DONE) a trailing pair of hex digits that equals the XOR
 * of the bytes before it is taken as the "double checksum" and removed
 * from the payload.  Returns 0, or -1 with *errstr set.
 */
int		 mdap_msg_decode(const void *data, size_t len,
		    struct mdap_msg *msg, const char **errstr);
/* Encodes into out (at most outsz bytes); returns the length or -1. */
int		 mdap_msg_encode(const struct mdap_msg *msg, char *out,
		    size_t outsz, const char **errstr);

/*
 * Parses a SEQ-NR value: "3", "2-DONE", "-1".  *n gets the number, *done
 * whether it holds DONE.  Returns -1 when there is no number at all.
 */
int		 mdap_seqnr_parse(const char *value, long *n, bool *done);
/* A message for a negative SEQ-NR: "invalid credentials", ... */
const char	*mdap_seqnr_error(long n);

#endif /* LIB_MDAP_MSG_H */
