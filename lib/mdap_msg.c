/*
 * mdap_msg.c: decode and encode MDAP frames (MDAP.md sections 4-6).
 * Header lines split on the first colon only (TO-HOST holds a second one);
 * header names compare case-insensitively.  It does not judge whether a
 * verb or header is one the caller understands.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/mdap_msg.h"

#define MDAP_PROTO	"MDAP/"
#define MDAP_REPLY	"REPLY-"

uint8_t
mdap_checksum(const void *data, size_t len)
{
	const uint8_t	*p = data;
	uint8_t		 x = 0;
	size_t		 i;

	for (i = 0; i < len; i++)
		x ^= p[i];
	return x;
}

void
mdap_msg_init(struct mdap_msg *msg, bool reply, const char *verb,
    const char *version)
{
	memset(msg, 0, offsetof(struct mdap_msg, payload));
	msg->payload[0] = '\0';
	msg->reply = reply;
	strlcpy(msg->verb, verb, sizeof(msg->verb));
	strlcpy(msg->version, version, sizeof(msg->version));
}

static bool
mdap_text_is_clean(const char *s)
{
	return strpbrk(s, "\r\n") == NULL;
}

int
mdap_msg_add(struct mdap_msg *msg, const char *name, const char *value)
{
	struct mdap_header	*h;

	if (msg->nheaders >= MDAP_HEADERS_MAX ||
	    strlen(name) >= MDAP_NAME_MAX || strlen(value) >= MDAP_LINE_MAX ||
	    !mdap_text_is_clean(name) || !mdap_text_is_clean(value) ||
	    strchr(name, ':') != NULL || *name == '\0')
		return -1;
	h = &msg->headers[msg->nheaders++];
	strlcpy(h->name, name, sizeof(h->name));
	strlcpy(h->value, value, sizeof(h->value));
	return 0;
}

int
mdap_msg_set(struct mdap_msg *msg, const char *name, const char *value)
{
	size_t	i;

	for (i = 0; i < msg->nheaders; i++) {
		if (strcasecmp(msg->headers[i].name, name) != 0)
			continue;
		if (strlen(value) >= MDAP_LINE_MAX ||
		    !mdap_text_is_clean(value))
			return -1;
		strlcpy(msg->headers[i].value, value,
		    sizeof(msg->headers[i].value));
		return 0;
	}
	return mdap_msg_add(msg, name, value);
}

const char *
mdap_msg_get(const struct mdap_msg *msg, const char *name)
{
	size_t	i;

	for (i = 0; i < msg->nheaders; i++)
		if (strcasecmp(msg->headers[i].name, name) == 0)
			return msg->headers[i].value;
	return NULL;
}

int
mdap_msg_set_payload(struct mdap_msg *msg, const void *data, size_t len)
{
	if (len > MDAP_FRAME_MAX)
		return -1;
	memcpy(msg->payload, data, len);
	msg->payload[len] = '\0';
	msg->payload_len = len;
	msg->has_payload = true;
	return 0;
}

static int
mdap_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = toupper((unsigned char)c);
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
mdap_hexbyte(const char *p)
{
	int	hi = mdap_hexval((unsigned char)p[0]);
	int	lo = mdap_hexval((unsigned char)p[1]);

	return (hi < 0 || lo < 0) ? -1 : hi * 16 + lo;
}

/* Finds the next CRLF in [p, end); NULL when there is none. */
static const char *
mdap_find_crlf(const char *p, const char *end)
{
	for (; p + 1 < end; p++)
		if (p[0] == '\r' && p[1] == '\n')
			return p;
	return NULL;
}

static int
mdap_parse_first_line(const char *p, size_t len, struct mdap_msg *msg,
    const char **errstr)
{
	const char	*sp, *ver;
	size_t		 vlen;

	if ((sp = memchr(p, ' ', len)) == NULL) {
		*errstr = "request line without protocol";
		return -1;
	}
	ver = sp + 1;
	vlen = len - (size_t)(ver - p);
	if (vlen <= strlen(MDAP_PROTO) ||
	    strncmp(ver, MDAP_PROTO, strlen(MDAP_PROTO)) != 0) {
		*errstr = "request line without MDAP/ version";
		return -1;
	}
	ver += strlen(MDAP_PROTO);
	vlen -= strlen(MDAP_PROTO);
	if (vlen >= sizeof(msg->version)) {
		*errstr = "version too long";
		return -1;
	}
	memcpy(msg->version, ver, vlen);
	msg->version[vlen] = '\0';
	len = (size_t)(sp - p);
	if (len > strlen(MDAP_REPLY) &&
	    strncmp(p, MDAP_REPLY, strlen(MDAP_REPLY)) == 0) {
		msg->reply = true;
		p += strlen(MDAP_REPLY);
		len -= strlen(MDAP_REPLY);
	}
	if (len == 0 || len >= sizeof(msg->verb)) {
		*errstr = "bad verb";
		return -1;
	}
	memcpy(msg->verb, p, len);
	msg->verb[len] = '\0';
	return 0;
}

static int
mdap_parse_header(const char *p, size_t len, struct mdap_msg *msg,
    const char **errstr)
{
	const char		*colon;
	struct mdap_header	*h;
	size_t			 nlen, vlen;

	if (len >= MDAP_LINE_MAX) {
		*errstr = "header line too long";
		return -1;
	}
	if ((colon = memchr(p, ':', len)) == NULL) {
		*errstr = "header line without colon";
		return -1;
	}
	nlen = (size_t)(colon - p);
	vlen = len - nlen - 1;
	if (nlen == 0 || nlen >= MDAP_NAME_MAX) {
		*errstr = "bad header name";
		return -1;
	}
	if (msg->nheaders >= MDAP_HEADERS_MAX) {
		*errstr = "too many header lines";
		return -1;
	}
	h = &msg->headers[msg->nheaders++];
	memcpy(h->name, p, nlen);
	h->name[nlen] = '\0';
	memcpy(h->value, colon + 1, vlen);
	h->value[vlen] = '\0';
	return 0;
}

/*
 * Strips the optional inner checksum of a final reply (MDAP.md section 9):
 * two hex digits at the end of the payload that equal the XOR of every
 * frame byte before them.  poff is the payload's offset in the frame.
 */
static void
mdap_strip_inner_checksum(const char *frame, size_t poff,
    struct mdap_msg *msg)
{
	const char	*seq;
	size_t		 at;
	long		 n;
	bool		 done;
	int		 v;

	if (!msg->reply || !msg->has_payload || msg->payload_len < 2)
		return;
	if ((seq = mdap_msg_get(msg, "SEQ-NR")) == NULL ||
	    mdap_seqnr_parse(seq, &n, &done) == -1 || !done)
		return;
	at = poff + msg->payload_len - 2;
	v = mdap_hexbyte(frame + at);
	if (v < 0 || (uint8_t)v != mdap_checksum(frame, at))
		return;
	msg->inner_checksum = true;
	msg->payload_len -= 2;
	msg->payload[msg->payload_len] = '\0';
}

/* The frame without its trailing checksum (and any stray CR/LF after). */
static int
mdap_split_checksum(const char *p, size_t *lenp, struct mdap_msg *msg,
    const char **errstr)
{
	size_t	len = *lenp;
	int	v;

	while (len > 0 && (p[len - 1] == '\r' || p[len - 1] == '\n'))
		len--;
	if (len < 2 || (v = mdap_hexbyte(p + len - 2)) < 0) {
		*errstr = "checksum is not 2 hex digits";
		return -1;
	}
	len -= 2;
	msg->checksum = (uint8_t)v;
	msg->checksum_ok = mdap_checksum(p, len) == msg->checksum;
	*lenp = len;
	return 0;
}

int
mdap_msg_decode(const void *data, size_t len, struct mdap_msg *msg,
    const char **errstr)
{
	const char	*p = data, *end, *line, *eol;

	mdap_msg_init(msg, false, "", "");
	if (len > MDAP_FRAME_MAX) {
		*errstr = "frame too large";
		return -1;
	}
	if (mdap_split_checksum(p, &len, msg, errstr) == -1)
		return -1;
	end = p + len;
	if ((eol = mdap_find_crlf(p, end)) == NULL) {
		*errstr = "no CRLF after the first line";
		return -1;
	}
	if ((size_t)(eol - p) >= MDAP_LINE_MAX) {
		*errstr = "first line too long";
		return -1;
	}
	if (mdap_parse_first_line(p, (size_t)(eol - p), msg, errstr) == -1)
		return -1;
	for (line = eol + 2; line < end; line = eol + 2) {
		if (end - line >= 2 && line[0] == '\r' && line[1] == '\n') {
			mdap_msg_set_payload(msg, line + 2,
			    (size_t)(end - line - 2));
			mdap_strip_inner_checksum(p, (size_t)(line + 2 - p),
			    msg);
			break;
		}
		if ((eol = mdap_find_crlf(line, end)) == NULL) {
			*errstr = "header line not terminated by CRLF";
			return -1;
		}
		if (mdap_parse_header(line, (size_t)(eol - line), msg,
		    errstr) == -1)
			return -1;
	}
	return 0;
}

int
mdap_msg_encode(const struct mdap_msg *msg, char *out, size_t outsz,
    const char **errstr)
{
	size_t	i, len;
	int	n;

	n = snprintf(out, outsz, "%s%s MDAP/%s\r\n", msg->reply ? MDAP_REPLY :
	    "", msg->verb, msg->version);
	if (n < 0 || (size_t)n >= outsz)
		goto toolong;
	len = (size_t)n;
	for (i = 0; i < msg->nheaders; i++) {
		n = snprintf(out + len, outsz - len, "%s:%s\r\n",
		    msg->headers[i].name, msg->headers[i].value);
		if (n < 0 || (size_t)n >= outsz - len)
			goto toolong;
		len += (size_t)n;
	}
	if (msg->has_payload) {
		if (outsz - len <= msg->payload_len + 2)
			goto toolong;
		memcpy(out + len, "\r\n", 2);
		memcpy(out + len + 2, msg->payload, msg->payload_len);
		len += msg->payload_len + 2;
	}
	n = snprintf(out + len, outsz - len, "%02X", mdap_checksum(out, len));
	if (n < 0 || (size_t)n >= outsz - len)
		goto toolong;
	len += (size_t)n;
	if (len > MDAP_FRAME_MAX)
		goto toolong;
	return (int)len;
toolong:
	*errstr = "frame too large";
	return -1;
}

int
mdap_seqnr_parse(const char *value, long *n, bool *done)
{
	char	*ep;

	while (*value == ' ')
		value++;
	*done = strstr(value, "DONE") != NULL;
	if (!isdigit((unsigned char)*value) && *value != '-') {
		/* "DONE" alone: a final reply with no number. */
		*n = 0;
		return *done ? 0 : -1;
	}
	*n = strtol(value, &ep, 10);
	if (ep == value)
		return -1;
	return 0;
}

const char *
mdap_seqnr_error(long n)
{
	switch (n) {
	case MDAP_ERR_CREDENTIALS:
		return "invalid credentials";
	case MDAP_ERR_SEQNR:
		return "invalid SEQ-NR (out of sequence)";
	case MDAP_ERR_COMMAND:
		return "invalid command";
	case MDAP_ERR_MALFORMED:
		return "malformed message";
	default:
		return n < 0 ? "unknown MDAP error" : NULL;
	}
}
