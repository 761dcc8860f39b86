/*
 * util.c: small helpers of acsd: random bytes and hex strings (cookies,
 * nonces, command keys) from arc4random, and a monotonic clock in
 * milliseconds for session timeouts.  Its only state is a per-thread pool
 * of random bytes.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acs/acs.h"

/*
 * Per thread, bytes are drawn from arc4random_buf() ACS_RANDOM_POOL at a
 * time: each call takes the generator's lock and a getpid(), once per
 * session otherwise.  acsd does not fork once its threads run, so no two
 * processes share a pool; a byte handed out is wiped from it.
 */
#define ACS_RANDOM_POOL 1024

static __thread unsigned char acs_pool[ACS_RANDOM_POOL];
static __thread size_t acs_pool_left;

void
acs_random_bytes(void *out, size_t n)
{
	unsigned char *o = out;
	size_t k;

	if (n > sizeof(acs_pool) / 4) {
		arc4random_buf(out, n);
		return;
	}
	while (n > 0) {
		if (acs_pool_left == 0) {
			arc4random_buf(acs_pool, sizeof(acs_pool));
			acs_pool_left = sizeof(acs_pool);
		}
		k = n < acs_pool_left ? n : acs_pool_left;
		memcpy(o, acs_pool + sizeof(acs_pool) - acs_pool_left, k);
		explicit_bzero(acs_pool + sizeof(acs_pool) - acs_pool_left, k);
		acs_pool_left -= k;
		o += k;
		n -= k;
	}
}

/* Writes 2 * nbytes hex digits and a NUL into out. */
void
acs_random_hex(char *out, size_t nbytes)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b;
	size_t i;

	/* Byte by byte: acs_random_bytes() hands them out of its pool. */
	for (i = 0; i < nbytes; i++) {
		acs_random_bytes(&b, 1);
		out[2 * i] = hex[b >> 4];
		out[2 * i + 1] = hex[b & 0x0f];
	}
	out[2 * nbytes] = '\0';
}

uint64_t
acs_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
