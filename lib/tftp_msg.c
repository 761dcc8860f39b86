/*
 * tftp_msg.c: decode and encode TFTP packets (RFC 1350, 2347-2349, 7440)
 * and the pure helpers of a transfer: block-number wrapping, request-name
 * normalisation and netascii.  Strings are never trusted to carry their
 * NUL: every field is searched for it inside the datagram.  It does not
 * decide which options a server accepts; tftp_msg_reqopts() only parses
 * their values and marks unusable ones as absent.
 */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/tftp_msg.h"

/* Reads a NUL-terminated string starting at *off; -1 if no NUL. */
static int
tftp_take_str(const uint8_t *p, size_t len, size_t *off, const char **s)
{
	const uint8_t	*nul;

	if (*off >= len)
		return -1;
	nul = memchr(p + *off, '\0', len - *off);
	if (nul == NULL)
		return -1;
	*s = (const char *)p + *off;
	*off = (size_t)(nul - p) + 1;
	return 0;
}

static void
tftp_lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
}

static int
tftp_add_opt(struct tftp_msg *msg, const char *name, const char *value)
{
	struct tftp_opt	*o;
	char		 lname[TFTP_OPTNAME_MAX];

	if (strlen(name) >= sizeof(lname) || strlen(value) >= TFTP_OPTVAL_MAX)
		return 0;	/* unknown to us: ignored, never an error */
	strlcpy(lname, name, sizeof(lname));
	tftp_lower(lname);
	if (tftp_msg_opt(msg, lname) != NULL)
		return 0;	/* repeated: the first one counts */
	if (msg->nopts >= TFTP_OPTS_MAX)
		return 0;
	o = &msg->opts[msg->nopts++];
	strlcpy(o->name, lname, sizeof(o->name));
	strlcpy(o->value, value, sizeof(o->value));
	return 0;
}

static int
tftp_decode_opts(const uint8_t *p, size_t len, size_t off,
    struct tftp_msg *msg, const char **errstr)
{
	const char	*name, *value;

	while (off < len) {
		if (tftp_take_str(p, len, &off, &name) == -1 ||
		    tftp_take_str(p, len, &off, &value) == -1) {
			*errstr = "option without its NUL";
			return -1;
		}
		if (*name == '\0') {
			*errstr = "empty option name";
			return -1;
		}
		tftp_add_opt(msg, name, value);
	}
	return 0;
}

static int
tftp_decode_request(const uint8_t *p, size_t len, struct tftp_msg *msg,
    const char **errstr)
{
	const char	*name, *mode;
	size_t		 off = 2;

	if (len > TFTP_REQUEST_MAX) {
		*errstr = "request longer than 512 bytes";
		return -1;
	}
	if (tftp_take_str(p, len, &off, &name) == -1 ||
	    tftp_take_str(p, len, &off, &mode) == -1) {
		*errstr = "request without file name or mode";
		return -1;
	}
	if (*name == '\0' || strlen(name) > TFTP_NAME_MAX) {
		*errstr = "bad file name length";
		return -1;
	}
	if (*mode == '\0' || strlen(mode) >= sizeof(msg->mode)) {
		*errstr = "bad mode";
		return -1;
	}
	strlcpy(msg->name, name, sizeof(msg->name));
	strlcpy(msg->mode, mode, sizeof(msg->mode));
	tftp_lower(msg->mode);
	return tftp_decode_opts(p, len, off, msg, errstr);
}

static int
tftp_decode_error(const uint8_t *p, size_t len, struct tftp_msg *msg,
    const char **errstr)
{
	size_t	n;

	if (len < TFTP_HDR_LEN) {
		*errstr = "short ERROR";
		return -1;
	}
	msg->code = (uint16_t)(p[2] << 8 | p[3]);
	/* Some clients omit the NUL: keep what fits, stop at a NUL. */
	n = len - TFTP_HDR_LEN;
	if (n >= sizeof(msg->errmsg))
		n = sizeof(msg->errmsg) - 1;
	memcpy(msg->errmsg, p + TFTP_HDR_LEN, n);
	msg->errmsg[n] = '\0';
	return 0;
}

int
tftp_msg_decode(const void *buf, size_t len, struct tftp_msg *msg,
    const char **errstr)
{
	const uint8_t	*p = buf;

	memset(msg, 0, sizeof(*msg));
	if (len < 2) {
		*errstr = "packet shorter than an opcode";
		return -1;
	}
	msg->op = (enum tftp_op)(p[0] << 8 | p[1]);
	switch (msg->op) {
	case TFTP_RRQ:
	case TFTP_WRQ:
		return tftp_decode_request(p, len, msg, errstr);
	case TFTP_DATA:
	case TFTP_ACK:
		if (len < TFTP_HDR_LEN ||
		    (msg->op == TFTP_DATA &&
		    len > TFTP_HDR_LEN + TFTP_BLKSIZE_MAX)) {
			*errstr = "bad DATA or ACK length";
			return -1;
		}
		msg->block = (uint16_t)(p[2] << 8 | p[3]);
		msg->data = p + TFTP_HDR_LEN;
		msg->datalen = len - TFTP_HDR_LEN;
		return 0;
	case TFTP_ERROR:
		return tftp_decode_error(p, len, msg, errstr);
	case TFTP_OACK:
		return tftp_decode_opts(p, len, 2, msg, errstr);
	}
	*errstr = "unknown opcode";
	return -1;
}

const char *
tftp_msg_opt(const struct tftp_msg *msg, const char *name)
{
	size_t	i;

	for (i = 0; i < msg->nopts; i++)
		if (strcasecmp(msg->opts[i].name, name) == 0)
			return msg->opts[i].value;
	return NULL;
}

/* A decimal value in [min, max]; -1 when absent or not a clean number. */
static long long
tftp_opt_num(const struct tftp_msg *msg, const char *name, long long min,
    long long max)
{
	const char	*v, *err;
	long long	 n;

	if ((v = tftp_msg_opt(msg, name)) == NULL)
		return -1;
	n = strtonum(v, min, max, &err);
	if (err != NULL)
		return -1;
	return n;
}

void
tftp_msg_reqopts(const struct tftp_msg *msg, struct tftp_reqopts *ro)
{
	ro->blksize = (long)tftp_opt_num(msg, "blksize", TFTP_BLKSIZE_MIN,
	    INT_MAX);
	if (ro->blksize > TFTP_BLKSIZE_MAX)
		ro->blksize = TFTP_BLKSIZE_MAX;	/* RFC 2348: answer less */
	ro->timeout = (long)tftp_opt_num(msg, "timeout", TFTP_TIMEOUT_MIN,
	    TFTP_TIMEOUT_MAX);
	ro->windowsize = (long)tftp_opt_num(msg, "windowsize",
	    TFTP_WINDOW_MIN, TFTP_WINDOW_MAX);
	ro->tsize = tftp_opt_num(msg, "tsize", 0, LLONG_MAX);
	ro->rollover = (long)tftp_opt_num(msg, "rollover", 0, 1);
}

int
tftp_msg_mode(const char *mode, enum tftp_mode *out)
{
	if (strcasecmp(mode, "octet") == 0)
		*out = TFTP_MODE_OCTET;
	else if (strcasecmp(mode, "netascii") == 0)
		*out = TFTP_MODE_NETASCII;
	else
		return -1;
	return 0;
}

/* Appends s with its NUL at *off; -1 when it does not fit. */
static int
tftp_put_str(uint8_t *out, size_t outsz, size_t *off, const char *s)
{
	size_t	n = strlen(s) + 1;

	if (*off + n > outsz)
		return -1;
	memcpy(out + *off, s, n);
	*off += n;
	return 0;
}

static int
tftp_put_opts(const struct tftp_opt *opts, size_t nopts, uint8_t *out,
    size_t outsz, size_t *off)
{
	size_t	i;

	for (i = 0; i < nopts; i++)
		if (tftp_put_str(out, outsz, off, opts[i].name) == -1 ||
		    tftp_put_str(out, outsz, off, opts[i].value) == -1)
			return -1;
	return 0;
}

static void
tftp_put16(uint8_t *out, uint16_t v)
{
	out[0] = (uint8_t)(v >> 8);
	out[1] = (uint8_t)v;
}

int
tftp_msg_encode_request(enum tftp_op op, const char *name, const char *mode,
    const struct tftp_opt *opts, size_t nopts, uint8_t *out, size_t outsz)
{
	size_t	off = 2;

	if (outsz < 2 || (op != TFTP_RRQ && op != TFTP_WRQ))
		return -1;
	tftp_put16(out, (uint16_t)op);
	if (tftp_put_str(out, outsz, &off, name) == -1 ||
	    tftp_put_str(out, outsz, &off, mode) == -1 ||
	    tftp_put_opts(opts, nopts, out, outsz, &off) == -1)
		return -1;
	return (int)off;
}

int
tftp_msg_encode_ack(uint16_t block, uint8_t *out, size_t outsz)
{
	if (outsz < TFTP_HDR_LEN)
		return -1;
	tftp_put16(out, TFTP_ACK);
	tftp_put16(out + 2, block);
	return TFTP_HDR_LEN;
}

void
tftp_msg_encode_data_hdr(uint16_t block, uint8_t *out)
{
	tftp_put16(out, TFTP_DATA);
	tftp_put16(out + 2, block);
}

int
tftp_msg_encode_error(uint16_t code, const char *msg, uint8_t *out,
    size_t outsz)
{
	size_t	off = TFTP_HDR_LEN;

	if (outsz < TFTP_HDR_LEN)
		return -1;
	tftp_put16(out, TFTP_ERROR);
	tftp_put16(out + 2, code);
	if (tftp_put_str(out, outsz, &off, msg) == -1)
		return -1;
	return (int)off;
}

int
tftp_msg_encode_oack(const struct tftp_opt *opts, size_t nopts,
    uint8_t *out, size_t outsz)
{
	size_t	off = 2;

	if (outsz < 2)
		return -1;
	tftp_put16(out, TFTP_OACK);
	if (tftp_put_opts(opts, nopts, out, outsz, &off) == -1)
		return -1;
	return (int)off;
}

uint16_t
tftp_block_wire(uint64_t abs, int wrap_to)
{
	if (wrap_to == 1 && abs > 0)
		return (uint16_t)((abs - 1) % 65535 + 1);
	return (uint16_t)(abs & 0xffff);
}

uint64_t
tftp_block_match(uint64_t base, uint64_t span, uint16_t wire, int wrap_to)
{
	uint64_t	k, d;

	if (wrap_to != 1) {
		/* Serial arithmetic: distance forward from base. */
		d = (uint16_t)(wire - (uint16_t)(base & 0xffff));
		return (d >= 1 && d <= span) ? base + d : 0;
	}
	for (k = 1; k <= span && k <= 65535; k++)
		if (tftp_block_wire(base + k, wrap_to) == wire)
			return base + k;
	return 0;
}

/* Copies one path component, checking it; -1 sets *code and *errstr. */
static int
tftp_name_component(const char *c, size_t n, char *out, size_t outsz,
    size_t *off, int *code, const char **errstr)
{
	if (n == 0 || (n == 1 && c[0] == '.'))
		return 0;
	if (n == 2 && c[0] == '.' && c[1] == '.') {
		*code = TFTP_EACCESS;
		*errstr = "\"..\" in file name";
		return -1;
	}
	if (*off + (*off > 0) + n + 1 > outsz) {
		*code = TFTP_EACCESS;
		*errstr = "file name too long";
		return -1;
	}
	if (*off > 0)
		out[(*off)++] = '/';
	memcpy(out + *off, c, n);
	*off += n;
	out[*off] = '\0';
	return 0;
}

int
tftp_name_normalise(const char *in, bool backslash, bool fold_case,
    char *out, size_t outsz, int *code, const char **errstr)
{
	char		 tmp[TFTP_NAME_MAX + 1];
	const char	*p, *slash;
	size_t		 i, off = 0;

	*code = TFTP_EACCESS;
	if (outsz == 0 || strlcpy(tmp, in, sizeof(tmp)) >= sizeof(tmp)) {
		*errstr = "file name too long";
		return -1;
	}
	for (i = 0; tmp[i] != '\0'; i++) {
		if ((unsigned char)tmp[i] < 0x20 || tmp[i] == 0x7f) {
			*errstr = "control character in file name";
			return -1;
		}
		if (backslash && tmp[i] == '\\')
			tmp[i] = '/';
		if (fold_case)
			tmp[i] = (char)tolower((unsigned char)tmp[i]);
	}
	out[0] = '\0';
	for (p = tmp; *p != '\0'; p = (*slash == '\0') ? slash : slash + 1) {
		if ((slash = strchr(p, '/')) == NULL)
			slash = p + strlen(p);
		if (tftp_name_component(p, (size_t)(slash - p), out, outsz,
		    &off, code, errstr) == -1)
			return -1;
	}
	return 0;
}

size_t
tftp_netascii_encode(const uint8_t *in, size_t len, uint8_t *out)
{
	size_t	i, o = 0;

	for (i = 0; i < len; i++) {
		if (in[i] == '\n') {
			out[o++] = '\r';
			out[o++] = '\n';
		} else if (in[i] == '\r') {
			out[o++] = '\r';
			out[o++] = '\0';
		} else
			out[o++] = in[i];
	}
	return o;
}

size_t
tftp_netascii_decode(const uint8_t *in, size_t len, uint8_t *out,
    bool *pending_cr)
{
	size_t	i, o = 0;

	for (i = 0; i < len; i++) {
		if (*pending_cr) {
			*pending_cr = false;
			if (in[i] == '\n') {
				out[o++] = '\n';
				continue;
			}
			out[o++] = '\r';
			if (in[i] == '\0')
				continue;
		}
		if (in[i] == '\r')
			*pending_cr = true;
		else
			out[o++] = in[i];
	}
	return o;
}

const char *
tftp_op_name(int op)
{
	static const char *const names[] = { "?", "RRQ", "WRQ", "DATA",
		"ACK", "ERROR", "OACK" };

	if (op < 1 || op > TFTP_OACK)
		return names[0];
	return names[op];
}
