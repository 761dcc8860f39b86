/*
 * fuzz_mdap.c: libFuzzer harness for the MDAP decoder.  Every input that
 * decodes is encoded again and must decode to the same headers.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mdap_msg.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mdap_msg	m, again;
	static char		out[MDAP_FRAME_MAX * 2];
	const char		*err = NULL;
	size_t			i;
	int			n;

	if (mdap_msg_decode(data, size, &m, &err) == -1) {
		if (err == NULL)
			abort();
		return 0;
	}
	n = mdap_msg_encode(&m, out, sizeof(out), &err);
	if (n < 0 || mdap_msg_decode(out, (size_t)n, &again, &err) == -1)
		return 0;
	if (again.nheaders != m.nheaders || !again.checksum_ok)
		abort();
	for (i = 0; i < m.nheaders; i++)
		if (strcmp(again.headers[i].value, m.headers[i].value) != 0)
			abort();
	return 0;
}
