/*
 * http_body.c: collects one request body up to its ceiling, inflating
 * gzip and deflate bodies on the way (CWMP.md section 3: icwmp compresses).
 * libmicrohttpd has already undone chunked framing.  Bytes past the
 * ceiling are not kept: the caller answers 413.  It does not parse XML or
 * look at charsets.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "acs/acs.h"

enum http_body_coding {
	HTTP_BODY_IDENTITY = 0,
	HTTP_BODY_GZIP,
	HTTP_BODY_DEFLATE
};

struct http_body {
	struct buf b;
	enum http_body_coding coding;
	z_stream zs;
	bool zinit;
	bool zdone;
	int error; /* sticky HTTP status */
	unsigned char head[2]; /* deflate: bytes before the init */
	size_t nhead;
};

static int
http_body_coding(const char *enc, enum http_body_coding *c)
{
	if (enc == NULL || *enc == '\0' || strcasecmp(enc, "identity") == 0)
		*c = HTTP_BODY_IDENTITY;
	else if (strcasecmp(enc, "gzip") == 0 || strcasecmp(enc, "x-gzip") == 0)
		*c = HTTP_BODY_GZIP;
	else if (strcasecmp(enc, "deflate") == 0)
		*c = HTTP_BODY_DEFLATE;
	else
		return -1;
	return 0;
}

struct http_body *
http_body_new(const char *encoding, size_t max, int *status)
{
	struct http_body *hb;
	enum http_body_coding c;

	if (http_body_coding(encoding, &c) == -1) {
		*status = 415;
		return NULL;
	}
	hb = xcalloc(1, sizeof(*hb));
	buf_init(&hb->b, max);
	hb->coding = c;
	return hb;
}

/*
 * "deflate" is meant to be zlib-wrapped (RFC 9110), but many clients send
 * raw deflate; the first two bytes tell them apart.
 */
static int
http_body_zinit(struct http_body *hb, const unsigned char *p, size_t len)
{
	int wbits = 15 + 32;

	if (hb->coding == HTTP_BODY_DEFLATE && len >= 2 &&
	    ((p[0] & 0x0f) != 8 || ((p[0] << 8) | p[1]) % 31 != 0))
		wbits = -15;
	memset(&hb->zs, 0, sizeof(hb->zs));
	if (inflateInit2(&hb->zs, wbits) != Z_OK)
		return -1;
	hb->zinit = true;
	return 0;
}

static int
http_body_zfeed(struct http_body *hb, const unsigned char *data, size_t len)
{
	unsigned char out[ACS_INFLATE_CHUNK];
	int rc;

	hb->zs.next_in = (unsigned char *)(uintptr_t)data;
	hb->zs.avail_in = len;
	while (hb->zs.avail_in > 0 && !hb->zdone) {
		hb->zs.next_out = out;
		hb->zs.avail_out = sizeof(out);
		rc = inflate(&hb->zs, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
			return 400;
		if (buf_add(&hb->b, out, sizeof(out) - hb->zs.avail_out) == -1)
			return 413;
		if (rc == Z_STREAM_END)
			hb->zdone = true;
		else if (rc == Z_BUF_ERROR)
			break;
	}
	return 0;
}

/* The first two bytes decide the deflate flavour; keep them until then. */
static int
http_body_inflate(struct http_body *hb, const char *data, size_t len)
{
	const unsigned char *p = (const unsigned char *)data;
	int rc;

	if (hb->zinit)
		return http_body_zfeed(hb, p, len);
	while (hb->nhead < sizeof(hb->head) && len > 0) {
		hb->head[hb->nhead++] = *p++;
		len--;
	}
	if (hb->nhead < sizeof(hb->head))
		return 0;
	if (http_body_zinit(hb, hb->head, hb->nhead) == -1)
		return 400;
	rc = http_body_zfeed(hb, hb->head, hb->nhead);
	if (rc == 0 && len > 0)
		rc = http_body_zfeed(hb, p, len);
	return rc;
}

int
http_body_add(struct http_body *hb, const char *data, size_t len)
{
	if (hb->error != 0)
		return hb->error;
	if (hb->coding == HTTP_BODY_IDENTITY) {
		if (buf_add(&hb->b, data, len) == -1)
			hb->error = 413;
	} else
		hb->error = http_body_inflate(hb, data, len);
	if (hb->error != 0)
		buf_clear(&hb->b);
	return hb->error;
}

/* A compressed body must end with its stream's end. */
int
http_body_finish(struct http_body *hb)
{
	if (hb->error == 0 && hb->coding != HTTP_BODY_IDENTITY &&
	    (hb->nhead > 0 || hb->zinit) && !hb->zdone)
		hb->error = 400;
	return hb->error;
}

const char *
http_body_data(struct http_body *hb, size_t *len)
{
	*len = hb->b.len;
	return hb->b.len == 0 ? "" : hb->b.data;
}

void
http_body_free(struct http_body *hb)
{
	if (hb == NULL)
		return;
	if (hb->zinit)
		inflateEnd(&hb->zs);
	buf_clear(&hb->b);
	free(hb);
}
