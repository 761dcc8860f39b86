/*
 * util.c: small helpers of acsd: random bytes and hex strings (cookies,
 * nonces, command keys) from the kernel's generator, and a monotonic clock
 * in milliseconds for session timeouts.  No state of its own.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "acs/acs.h"

void
acs_random_bytes(void *out, size_t n)
{
	arc4random_buf(out, n);
}

/* Writes 2 * nbytes hex digits and a NUL into out. */
void
acs_random_hex(char *out, size_t nbytes)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[64];
	size_t i, k;

	/* One call per 64 bytes: each takes the generator's lock. */
	for (i = 0; i < nbytes; i += k) {
		k = nbytes - i < sizeof(b) ? nbytes - i : sizeof(b);
		acs_random_bytes(b, k);
		for (size_t j = 0; j < k; j++) {
			out[2 * (i + j)] = hex[b[j] >> 4];
			out[2 * (i + j) + 1] = hex[b[j] & 0x0f];
		}
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
