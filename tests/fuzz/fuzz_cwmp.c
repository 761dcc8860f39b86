/*
 * fuzz_cwmp.c: libFuzzer harness for the CWMP decoder.  Every input is
 * decoded; one that decodes is encoded again in the namespace it used and
 * the result must decode to the same method, so the encoder never writes
 * what the decoder refuses.  It checks no protocol semantics.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "lib/buf.h"
#include "lib/cwmp_rpc.h"
#include "lib/cwmp_soap.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct cwmp_msg	 m, again;
	struct buf	 b;
	const char	*errstr = NULL;
	int		 ns;

	if (cwmp_msg_decode((const char *)data, len, &m, &errstr) == -1) {
		if (errstr == NULL)
			abort();
		cwmp_msg_clear(&m);
		return 0;
	}
	buf_init(&b, CWMP_BODY_MAX);
	ns = m.ns == CWMP_NS_NONE ? CWMP_NS_1_0 : m.ns;
	if (cwmp_msg_encode(&m, ns, &b) == 0) {
		if (cwmp_msg_decode(b.data, b.len, &again, &errstr) == -1 ||
		    again.method != m.method || again.ns != ns)
			abort();
		cwmp_msg_clear(&again);
	}
	buf_clear(&b);
	cwmp_msg_clear(&m);
	return 0;
}
