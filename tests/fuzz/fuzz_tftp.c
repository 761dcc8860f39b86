/*
 * fuzz_tftp.c: libFuzzer harness for the TFTP decoder and the request-name
 * normaliser.  A decoded request is encoded again and must decode to the
 * same name, mode and options; a normalised name never holds "..".
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/tftp_msg.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_tftp_request(const struct tftp_msg *m)
{
	static struct tftp_msg	again;
	struct tftp_reqopts	ro;
	uint8_t			buf[TFTP_REQUEST_MAX * 2];
	char			norm[TFTP_NAME_MAX + 1];
	const char		*err = NULL;
	int			n, code;

	tftp_msg_reqopts(m, &ro);
	if (ro.blksize > TFTP_BLKSIZE_MAX || ro.timeout > TFTP_TIMEOUT_MAX)
		abort();
	n = tftp_msg_encode_request(m->op, m->name, m->mode, m->opts,
	    m->nopts, buf, sizeof(buf));
	if (n < 0 || tftp_msg_decode(buf, (size_t)n, &again, &err) == -1) {
		if ((size_t)n <= TFTP_REQUEST_MAX)
			abort();
	} else if (strcmp(again.name, m->name) != 0 ||
	    again.nopts != m->nopts)
		abort();
	if (tftp_name_normalise(m->name, true, false, norm, sizeof(norm),
	    &code, &err) == 0) {
		if (strcmp(norm, "..") == 0 || strncmp(norm, "../", 3) == 0 ||
		    strstr(norm, "/../") != NULL || norm[0] == '/')
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tftp_msg	m;
	const char		*err = NULL;

	if (tftp_msg_decode(data, size, &m, &err) == -1) {
		if (err == NULL)
			abort();
		return 0;
	}
	if (m.op == TFTP_RRQ || m.op == TFTP_WRQ)
		fuzz_tftp_request(&m);
	else if (m.op == TFTP_DATA && m.datalen > TFTP_BLKSIZE_MAX)
		abort();
	return 0;
}
