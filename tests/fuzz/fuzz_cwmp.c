/*
 * fuzz_cwmp.c: libFuzzer harness for the CWMP decoder.  Every input is
 * decoded; one that decodes is encoded again in the namespace it used, the
 * output must be namespace-well-formed XML to a strict libxml2 parse, and
 * it must decode to the same method, so the encoder never writes what a
 * peer or our decoder would refuse.  It checks no protocol semantics.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include <libxml/parser.h>

#include "lib/buf.h"
#include "lib/cwmp_rpc.h"
#include "lib/cwmp_soap.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Aborts unless b parses strictly, namespaces included. */
static void
assert_well_formed(const struct buf *b)
{
	xmlParserCtxtPtr	 ctxt;
	xmlDoc			*doc;

	if ((ctxt = xmlNewParserCtxt()) == NULL)
		abort();
	doc = xmlCtxtReadMemory(ctxt, b->data, (int)b->len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL || !ctxt->wellFormed || !ctxt->nsWellFormed)
		abort();
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
}

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
		assert_well_formed(&b);
		if (cwmp_msg_decode(b.data, b.len, &again, &errstr) == -1 ||
		    again.method != m.method || again.ns != ns)
			abort();
		cwmp_msg_clear(&again);
	}
	buf_clear(&b);
	cwmp_msg_clear(&m);
	return 0;
}
