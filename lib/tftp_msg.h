/*
 * tftp_msg.h: the TFTP wire codec (RFC 1350) with option negotiation
 * (RFC 2347 OACK, 2348 blksize, 2349 timeout/tsize, 7440 windowsize).
 * Decoding is pure: bytes in, a fixed struct out, every length checked
 * against the named limits below.  It also holds the small pure helpers
 * a transfer needs: block-number wrapping, the request-name normaliser
 * and netascii conversion.  It does not open files or sockets, keep
 * transfer state or decide policy (which options a server accepts).
 */
#ifndef LIB_TFTP_MSG_H
#define LIB_TFTP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TFTP_PORT		69
#define TFTP_REQUEST_MAX	512	/* RFC 2347: whole RRQ/WRQ */
#define TFTP_NAME_MAX		255	/* file name in a request */
#define TFTP_MODE_MAX		16
#define TFTP_OPTS_MAX		8	/* options kept from one request */
#define TFTP_OPTNAME_MAX	32
#define TFTP_OPTVAL_MAX		32
#define TFTP_ERRMSG_MAX		128
#define TFTP_BLKSIZE_DEFAULT	512
#define TFTP_BLKSIZE_MIN	8	/* RFC 2348 */
#define TFTP_BLKSIZE_MAX	65464	/* RFC 2348 */
#define TFTP_TIMEOUT_MIN	1	/* RFC 2349, seconds */
#define TFTP_TIMEOUT_MAX	255
#define TFTP_WINDOW_MIN		1	/* RFC 7440 */
#define TFTP_WINDOW_MAX		65535
#define TFTP_HDR_LEN		4	/* opcode + block or code */
#define TFTP_PACKET_MAX		(TFTP_HDR_LEN + TFTP_BLKSIZE_MAX)

enum tftp_op {
	TFTP_RRQ = 1,
	TFTP_WRQ = 2,
	TFTP_DATA = 3,
	TFTP_ACK = 4,
	TFTP_ERROR = 5,
	TFTP_OACK = 6
};

/* RFC 1350 section 5 and RFC 2347 error codes. */
enum tftp_err {
	TFTP_EUNDEF = 0,
	TFTP_ENOTFOUND = 1,
	TFTP_EACCESS = 2,
	TFTP_ENOSPACE = 3,
	TFTP_EBADOP = 4,
	TFTP_EBADID = 5,
	TFTP_EEXISTS = 6,
	TFTP_ENOUSER = 7,
	TFTP_EOPTNEG = 8
};

enum tftp_mode {
	TFTP_MODE_OCTET,
	TFTP_MODE_NETASCII
};

struct tftp_opt {
	char	name[TFTP_OPTNAME_MAX];		/* lower-cased */
	char	value[TFTP_OPTVAL_MAX];
};

struct tftp_msg {
	enum tftp_op	 op;
	/* RRQ, WRQ */
	char		 name[TFTP_NAME_MAX + 1];
	char		 mode[TFTP_MODE_MAX];		/* lower-cased */
	/* RRQ, WRQ, OACK: first occurrence of each name only */
	size_t		 nopts;
	struct tftp_opt	 opts[TFTP_OPTS_MAX];
	/* DATA, ACK */
	uint16_t	 block;
	/* DATA: points into the decoded buffer */
	const uint8_t	*data;
	size_t		 datalen;
	/* ERROR */
	uint16_t	 code;
	char		 errmsg[TFTP_ERRMSG_MAX];
};

/*
 * Requested options after parsing: values of -1 (or false) mean the
 * option was absent or its value unusable (RFC 2347: left out of the
 * OACK, never an error).
 */
struct tftp_reqopts {
	long		 blksize;
	long		 timeout;
	long		 windowsize;
	long long	 tsize;
	long		 rollover;	/* tftp-hpa extension: 0 or 1 */
};

/*
 * Decodes one datagram.  RRQ/WRQ longer than TFTP_REQUEST_MAX, strings
 * without their NUL, unknown opcodes and DATA longer than
 * TFTP_BLKSIZE_MAX are errors.  Returns 0, or -1 with *errstr set.
 */
int		 tftp_msg_decode(const void *buf, size_t len,
		    struct tftp_msg *msg, const char **errstr);
/* Looks an option up by (case-insensitive) name; NULL when absent. */
const char	*tftp_msg_opt(const struct tftp_msg *msg, const char *name);
/* Fills reqopts from the options of a decoded RRQ/WRQ. */
void		 tftp_msg_reqopts(const struct tftp_msg *msg,
		    struct tftp_reqopts *ro);
/* Maps "octet"/"netascii" (case-insensitive); -1 for anything else. */
int		 tftp_msg_mode(const char *mode, enum tftp_mode *out);

/* Encoders return the packet length, or -1 when it does not fit outsz. */
int		 tftp_msg_encode_request(enum tftp_op op, const char *name,
		    const char *mode, const struct tftp_opt *opts,
		    size_t nopts, uint8_t *out, size_t outsz);
int		 tftp_msg_encode_ack(uint16_t block, uint8_t *out,
		    size_t outsz);
/* Writes only the 4-byte DATA header; the payload follows at out + 4. */
void		 tftp_msg_encode_data_hdr(uint16_t block, uint8_t *out);
int		 tftp_msg_encode_error(uint16_t code, const char *msg,
		    uint8_t *out, size_t outsz);
int		 tftp_msg_encode_oack(const struct tftp_opt *opts,
		    size_t nopts, uint8_t *out, size_t outsz);

/*
 * Block numbers past 65535 (BOOTP-TFTP.md section 7): a transfer keeps
 * a 64-bit absolute counter (block 1 is the first DATA) and puts only
 * the wire value on the network.  wrap_to selects 65535 -> 0 (the common
 * practice, wrap_to 0) or 65535 -> 1 (wrap_to 1).
 */
uint16_t	 tftp_block_wire(uint64_t abs, int wrap_to);
/*
 * Finds the absolute block in (base, base + span] whose wire value is
 * wire; returns 0 when none is (a stale or foreign block number).
 */
uint64_t	 tftp_block_match(uint64_t base, uint64_t span,
		    uint16_t wire, int wrap_to);

/*
 * The request-name normaliser (BOOTP-TFTP.md section 9): rejects names
 * with control bytes or that are too long, optionally maps '\' to '/'
 * and folds case, strips every leading '/', drops empty and "."
 * components and refuses any "..".  The result is a relative path (or
 * "" for the root itself, which callers refuse).  Returns 0, or -1 with
 * *errstr set and *code the TFTP error to send.
 */
int		 tftp_name_normalise(const char *in, bool backslash,
		    bool fold_case, char *out, size_t outsz, int *code,
		    const char **errstr);

/*
 * netascii (RFC 764 as used by RFC 1350): LF -> CR LF, CR -> CR NUL on
 * the wire.  The encoder needs up to twice the input size.
 */
size_t		 tftp_netascii_encode(const uint8_t *in, size_t len,
		    uint8_t *out);
/*
 * Decodes wire netascii to local text.  *pending_cr carries a CR that
 * ended the previous block.  out needs len + 1 bytes.
 */
size_t		 tftp_netascii_decode(const uint8_t *in, size_t len,
		    uint8_t *out, bool *pending_cr);

const char	*tftp_op_name(int op);

#endif /* LIB_TFTP_MSG_H */
