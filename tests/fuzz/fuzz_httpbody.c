/*
 * fuzz_httpbody.c: libFuzzer harness for acsd's request body collector
 * (acs/http_body.c): identity, gzip and (zlib or raw) deflate bodies fed
 * in pieces of varying size, with a small ceiling.  The first byte picks
 * the Content-Encoding and the piece size, the second the ceiling.  The
 * result never exceeds the ceiling, an identity body comes back byte for
 * byte, and the same input compressed with zlib comes back as it was.
 * Chunked framing is libmicrohttpd's and charsets are lib/cwmp_xml's
 * (fuzz_cwmp); neither is tested here.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "acs/acs.h"

#define FUZZ_BODY_MAX	(64 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const fuzz_codings[] = { NULL, "identity", "gzip",
	"x-gzip", "deflate", "DEFLATE", "br", "" };

/* Feeds data in pieces of step bytes; returns the status and the body. */
static int
fuzz_body_run(const char *coding, size_t max, const uint8_t *data,
    size_t size, size_t step, uint8_t **outp, size_t *outlen)
{
	struct http_body	*hb;
	const char		*out;
	size_t			 off, n, len = 0;
	int			 st = 0;

	*outp = NULL;
	*outlen = 0;
	if ((hb = http_body_new(coding, max, &st)) == NULL)
		return st;
	for (off = 0; off < size && st == 0; off += n) {
		n = size - off < step ? size - off : step;
		st = http_body_add(hb, (const char *)data + off, n);
	}
	if (st == 0)
		st = http_body_finish(hb);
	out = http_body_data(hb, &len);
	if (len > max)
		abort();
	if (st == 0 && len > 0) {
		*outp = malloc(len);
		memcpy(*outp, out, len);
		*outlen = len;
	}
	http_body_free(hb);
	return st;
}

/* Compresses data as zlib (wbits 15), gzip (31) or raw deflate (-15). */
static uint8_t *
fuzz_body_compress(const uint8_t *data, size_t size, int wbits, size_t *len)
{
	z_stream	 zs;
	uint8_t		*out;
	size_t		 cap = size + size / 100 + 64;

	memset(&zs, 0, sizeof(zs));
	if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, wbits, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	out = malloc(cap);
	zs.next_in = (uint8_t *)(uintptr_t)data;
	zs.avail_in = (uInt)size;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END)
		abort();
	*len = cap - zs.avail_out;
	deflateEnd(&zs);
	return out;
}

static void
fuzz_body_round_trip(const uint8_t *data, size_t size, size_t step)
{
	static const int	 wbits[] = { 15, 31, -15 };
	static const char *const names[] = { "deflate", "gzip", "deflate" };
	uint8_t			*z, *back;
	size_t			 zlen, blen, i;

	for (i = 0; i < 3; i++) {
		z = fuzz_body_compress(data, size, wbits[i], &zlen);
		if (fuzz_body_run(names[i], FUZZ_BODY_MAX, z, zlen, step,
		    &back, &blen) != 0 || blen != size ||
		    (size > 0 && memcmp(back, data, size) != 0))
			abort();
		free(back);
		free(z);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*coding;
	uint8_t		*out;
	size_t		 step, max, len;
	int		 st;

	if (size < 2)
		return 0;
	coding = fuzz_codings[data[0] % 8];
	step = 1 + (data[0] >> 3) * 97;
	max = 1 + (size_t)data[1] * 64;
	data += 2;
	size -= 2;
	st = fuzz_body_run(coding, max, data, size, step, &out, &len);
	if (data[-2] % 8 <= 1 && size <= max &&
	    (st != 0 || len != size || (size > 0 && memcmp(out, data, size))))
		abort();
	free(out);
	if (size <= FUZZ_BODY_MAX)
		fuzz_body_round_trip(data, size, step);
	return 0;
}
