/*
 * fuzz_bootp.c: libFuzzer harness for the BOOTP decoder.  Every message
 * that decodes is encoded again (as the server does for a reply) and must
 * decode to the same fixed fields and options.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/bootp_msg.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bootp_msg	m, again;
	static uint8_t		out[BOOTP_MSG_MAX * 2];
	const char		*err = NULL;
	int			n;

	if (bootp_msg_decode(data, size, &m, &err) == -1) {
		if (err == NULL)
			abort();
		return 0;
	}
	(void)bootp_msg_is_dhcp(&m);
	n = bootp_msg_encode(&m, out, sizeof(out));
	if (n < BOOTP_MSG_LEN)
		return 0;	/* options that no longer fit: not a bug */
	if (bootp_msg_decode(out, (size_t)n, &again, &err) == -1)
		abort();
	if (again.xid != m.xid || strcmp(again.file, m.file) != 0 ||
	    again.has_cookie != m.has_cookie ||
	    memcmp(again.chaddr, m.chaddr, sizeof(m.chaddr)) != 0)
		abort();
	if (m.has_cookie && again.nopts != m.nopts)
		abort();
	return 0;
}
