/*
 * bootp_msg.c: decode and encode BOOTP messages (RFC 951 layout, RFC 1542
 * length rules) and their RFC 1048/2132 vendor area.  The 236-byte
 * request without a vendor area that klibc ipconfig sends is accepted
 * (BOOTP-TFTP.md section 2, Decision).  An option that runs past the
 * vendor area ends option parsing but keeps the message.  It does not
 * handle RFC 3396 concatenation or option overload (DHCP only).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "lib/bootp_msg.h"

static uint32_t
bootp_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
bootp_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Copies a fixed-size string field, never trusting its NUL. */
static void
bootp_get_str(const uint8_t *p, size_t n, char *out)
{
	const uint8_t	*nul;
	size_t		 len;

	nul = memchr(p, '\0', n);
	len = (nul == NULL) ? n : (size_t)(nul - p);
	memcpy(out, p, len);
	out[len] = '\0';
}

static void
bootp_decode_opts(struct bootp_msg *msg)
{
	const uint8_t	*v = msg->vend;
	size_t		 off = 4, n = msg->vendlen;
	uint8_t		 code, len;

	while (off < n) {
		code = v[off++];
		if (code == BOOTP_OPT_PAD)
			continue;
		if (code == BOOTP_OPT_END)
			return;
		if (off >= n) {
			msg->opts_truncated = true;
			return;
		}
		len = v[off++];
		if (len > n - off) {
			msg->opts_truncated = true;
			return;
		}
		if (msg->nopts < BOOTP_OPTS_MAX &&
		    bootp_msg_opt(msg, code) == NULL) {
			msg->opts[msg->nopts].code = code;
			msg->opts[msg->nopts].len = len;
			memcpy(msg->opts[msg->nopts].data, v + off, len);
			msg->nopts++;
		}
		off += len;
	}
}

int
bootp_msg_decode(const void *buf, size_t len, struct bootp_msg *msg,
    const char **errstr)
{
	const uint8_t	*p = buf;

	memset(msg, 0, sizeof(*msg));
	if (len < BOOTP_FIXED_LEN) {
		*errstr = "message shorter than 236 bytes";
		return -1;
	}
	if (len > BOOTP_MSG_MAX)
		len = BOOTP_MSG_MAX;
	msg->op = p[0];
	msg->htype = p[1];
	msg->hlen = p[2];
	msg->hops = p[3];
	if (msg->hlen > BOOTP_CHADDR_LEN) {
		*errstr = "hardware address longer than 16 bytes";
		return -1;
	}
	msg->xid = bootp_get32(p + 4);
	msg->secs = (uint16_t)(p[8] << 8 | p[9]);
	msg->flags = (uint16_t)(p[10] << 8 | p[11]);
	memcpy(&msg->ciaddr, p + 12, 4);
	memcpy(&msg->yiaddr, p + 16, 4);
	memcpy(&msg->siaddr, p + 20, 4);
	memcpy(&msg->giaddr, p + 24, 4);
	memcpy(msg->chaddr, p + 28, BOOTP_CHADDR_LEN);
	bootp_get_str(p + 44, BOOTP_SNAME_LEN, msg->sname);
	bootp_get_str(p + 108, BOOTP_FILE_LEN, msg->file);
	msg->vendlen = len - BOOTP_FIXED_LEN;
	memcpy(msg->vend, p + BOOTP_FIXED_LEN, msg->vendlen);
	if (msg->vendlen >= 4 && bootp_get32(msg->vend) == BOOTP_COOKIE) {
		msg->has_cookie = true;
		bootp_decode_opts(msg);
	}
	return 0;
}

const struct bootp_opt *
bootp_msg_opt(const struct bootp_msg *msg, uint8_t code)
{
	size_t	i;

	for (i = 0; i < msg->nopts; i++)
		if (msg->opts[i].code == code)
			return &msg->opts[i];
	return NULL;
}

bool
bootp_msg_is_dhcp(const struct bootp_msg *msg)
{
	return msg->has_cookie && bootp_msg_opt(msg, BOOTP_OPT_MSGTYPE) != NULL;
}

int
bootp_msg_dhcp_type(const struct bootp_msg *msg)
{
	const struct bootp_opt	*o;

	if (!msg->has_cookie ||
	    (o = bootp_msg_opt(msg, BOOTP_OPT_MSGTYPE)) == NULL || o->len < 1)
		return 0;
	return o->data[0];
}

/* Bytes the options take in the vendor area, without cookie and End. */
static size_t
bootp_opts_size(const struct bootp_msg *msg)
{
	size_t	i, n = 0;

	for (i = 0; i < msg->nopts; i++)
		n += 2 + msg->opts[i].len;
	return n;
}

int
bootp_msg_add_opt(struct bootp_msg *msg, uint8_t code, const void *data,
    size_t len, size_t vend_max)
{
	struct bootp_opt	*o;

	if (code == BOOTP_OPT_PAD || code == BOOTP_OPT_END ||
	    len > BOOTP_OPTLEN_MAX || msg->nopts >= BOOTP_OPTS_MAX)
		return -1;
	if (vend_max > BOOTP_VEND_MAX)
		vend_max = BOOTP_VEND_MAX;
	if (4 + bootp_opts_size(msg) + 2 + len + 1 > vend_max)
		return -1;
	o = &msg->opts[msg->nopts++];
	o->code = code;
	o->len = (uint8_t)len;
	memcpy(o->data, data, len);
	return 0;
}

static size_t
bootp_encode_vend(const struct bootp_msg *msg, uint8_t *v)
{
	size_t	i, off = 4;

	bootp_put32(v, BOOTP_COOKIE);
	for (i = 0; i < msg->nopts; i++) {
		v[off++] = msg->opts[i].code;
		v[off++] = msg->opts[i].len;
		memcpy(v + off, msg->opts[i].data, msg->opts[i].len);
		off += msg->opts[i].len;
	}
	v[off++] = BOOTP_OPT_END;
	return off;
}

int
bootp_msg_encode(const struct bootp_msg *msg, uint8_t *out, size_t outsz)
{
	uint8_t	vend[BOOTP_VEND_MAX];
	size_t	vlen, total;

	if (msg->has_cookie) {
		if (4 + bootp_opts_size(msg) + 1 > sizeof(vend))
			return -1;
		vlen = bootp_encode_vend(msg, vend);
	} else {
		vlen = msg->vendlen;
		memcpy(vend, msg->vend, vlen);
	}
	total = BOOTP_FIXED_LEN + vlen;
	if (total < BOOTP_MSG_LEN)
		total = BOOTP_MSG_LEN;
	if (total > outsz || msg->hlen > BOOTP_CHADDR_LEN)
		return -1;
	memset(out, 0, total);
	out[0] = msg->op;
	out[1] = msg->htype;
	out[2] = msg->hlen;
	out[3] = msg->hops;
	bootp_put32(out + 4, msg->xid);
	out[8] = (uint8_t)(msg->secs >> 8);
	out[9] = (uint8_t)msg->secs;
	out[10] = (uint8_t)(msg->flags >> 8);
	out[11] = (uint8_t)msg->flags;
	memcpy(out + 12, &msg->ciaddr, 4);
	memcpy(out + 16, &msg->yiaddr, 4);
	memcpy(out + 20, &msg->siaddr, 4);
	memcpy(out + 24, &msg->giaddr, 4);
	memcpy(out + 28, msg->chaddr, BOOTP_CHADDR_LEN);
	memcpy(out + 44, msg->sname, strnlen(msg->sname, BOOTP_SNAME_LEN));
	memcpy(out + 108, msg->file, strnlen(msg->file, BOOTP_FILE_LEN));
	memcpy(out + BOOTP_FIXED_LEN, vend, vlen);
	return (int)total;
}

void
bootp_mac_str(const uint8_t *mac, size_t hlen, char *out, size_t outsz)
{
	size_t	i, off = 0;

	if (outsz == 0)
		return;
	out[0] = '\0';
	for (i = 0; i < hlen && off + 3 <= outsz; i++)
		off += (size_t)snprintf(out + off, outsz - off,
		    i == 0 ? "%02x" : ":%02x", mac[i]);
}

static int
bootp_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
bootp_mac_parse(const char *s, uint8_t mac[6])
{
	int	i, hi, lo;

	for (i = 0; i < 6; i++) {
		hi = bootp_hexval((unsigned char)s[0]);
		lo = (hi == -1) ? -1 : bootp_hexval((unsigned char)s[1]);
		if (lo == -1)
			return -1;
		mac[i] = (uint8_t)(hi << 4 | lo);
		s += 2;
		if (i < 5) {
			if (*s != ':' && *s != '-')
				return -1;
			s++;
		}
	}
	return *s == '\0' ? 0 : -1;
}
