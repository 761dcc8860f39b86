/*
 * bootp_msg.h: the BOOTP wire codec (RFC 951, RFC 1542) with the RFC 1048
 * vendor area (magic cookie, RFC 2132 options).  Decoding is pure: bytes
 * in, a fixed struct out, every length checked against the limits below.
 * It does not choose addresses, decide where a reply goes or open
 * sockets; bootp_server does that.
 */
#ifndef LIB_BOOTP_MSG_H
#define LIB_BOOTP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BOOTP_SERVER_PORT	67
#define BOOTP_CLIENT_PORT	68
#define BOOTP_FIXED_LEN		236	/* up to and without vend */
#define BOOTP_MSG_LEN		300	/* RFC 951: with a 64-byte vend */
#define BOOTP_MSG_MAX		1500	/* longest datagram we parse */
#define BOOTP_VEND_LEN		64
#define BOOTP_VEND_MAX		(BOOTP_MSG_MAX - BOOTP_FIXED_LEN)
#define BOOTP_CHADDR_LEN	16
#define BOOTP_SNAME_LEN		64
#define BOOTP_FILE_LEN		128
#define BOOTP_OPTS_MAX		64	/* options kept from one message */
#define BOOTP_OPTLEN_MAX	255
#define BOOTP_FLAG_BROADCAST	0x8000
#define BOOTP_COOKIE		0x63825363	/* 99.130.83.99 */

#define BOOTREQUEST		1
#define BOOTREPLY		2

/* RFC 2132 option codes this codebase names. */
#define BOOTP_OPT_PAD		0
#define BOOTP_OPT_SUBNET_MASK	1
#define BOOTP_OPT_ROUTER	3
#define BOOTP_OPT_DNS		6
#define BOOTP_OPT_HOSTNAME	12
#define BOOTP_OPT_BOOTSIZE	13
#define BOOTP_OPT_DOMAIN	15
#define BOOTP_OPT_ROOTPATH	17
#define BOOTP_OPT_BROADCAST	28
#define BOOTP_OPT_VENDOR	43
#define BOOTP_OPT_LEASE		51
#define BOOTP_OPT_MSGTYPE	53
#define BOOTP_OPT_SERVERID	54
#define BOOTP_OPT_END		255

struct bootp_opt {
	uint8_t		code;
	uint8_t		len;
	uint8_t		data[BOOTP_OPTLEN_MAX];
};

struct bootp_msg {
	uint8_t		 op;
	uint8_t		 htype;
	uint8_t		 hlen;
	uint8_t		 hops;
	uint32_t	 xid;		/* host order */
	uint16_t	 secs;
	uint16_t	 flags;
	uint32_t	 ciaddr;	/* network order, like struct in_addr */
	uint32_t	 yiaddr;
	uint32_t	 siaddr;
	uint32_t	 giaddr;
	uint8_t		 chaddr[BOOTP_CHADDR_LEN];
	char		 sname[BOOTP_SNAME_LEN + 1];	/* always NUL-ended */
	char		 file[BOOTP_FILE_LEN + 1];
	bool		 has_cookie;	/* vend began with 99.130.83.99 */
	bool		 opts_truncated; /* an option ran past the area */
	size_t		 nopts;
	struct bootp_opt opts[BOOTP_OPTS_MAX];
	/* Raw vend bytes, for replies that echo a non-RFC 1048 area. */
	size_t		 vendlen;
	uint8_t		 vend[BOOTP_VEND_MAX];
};

/*
 * Decodes a BOOTP message of BOOTP_FIXED_LEN bytes or more (a missing
 * vendor area is read as zeros, BOOTP-TFTP.md section 2).  hlen over 16
 * is an error.  The op is not judged: callers drop what they do not
 * serve.  Returns 0, or -1 with *errstr set.
 */
int		 bootp_msg_decode(const void *buf, size_t len,
		    struct bootp_msg *msg, const char **errstr);
/* The first option with this code, or NULL. */
const struct bootp_opt *bootp_msg_opt(const struct bootp_msg *msg,
		    uint8_t code);
/* True when the message carries option 53 (DHCP, RFC 2131). */
bool		 bootp_msg_is_dhcp(const struct bootp_msg *msg);
/* The DHCP message type, or 0 when absent. */
int		 bootp_msg_dhcp_type(const struct bootp_msg *msg);

/*
 * Appends an option unless it would not fit in vend_max bytes of vendor
 * area (cookie and End included).  Returns 0, or -1 when it was left
 * out; the caller logs it.
 */
int		 bootp_msg_add_opt(struct bootp_msg *msg, uint8_t code,
		    const void *data, size_t len, size_t vend_max);
/*
 * Encodes msg.  With has_cookie the vendor area is the cookie, the
 * options and End; without it, vend is copied as is (zeros for a reply
 * in kind to a non-RFC 1048 request).  The result is padded to
 * BOOTP_MSG_LEN.  Returns the length, or -1 when it does not fit outsz.
 */
int		 bootp_msg_encode(const struct bootp_msg *msg, uint8_t *out,
		    size_t outsz);

/* "aa:bb:cc:dd:ee:ff"; out needs 3 * hlen bytes (or 1). */
void		 bootp_mac_str(const uint8_t *mac, size_t hlen, char *out,
		    size_t outsz);
/* Parses "aa:bb:cc:dd:ee:ff" (or '-' separators); 0 or -1. */
int		 bootp_mac_parse(const char *s, uint8_t mac[6]);

#endif /* LIB_BOOTP_MSG_H */
