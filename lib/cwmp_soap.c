/*
 * cwmp_soap.c: the SOAP envelope of CWMP messages: cwmp namespace
 * versions, the header block, SOAP Faults with their CWMP detail and the
 * standard fault strings (TR-069 Amd 6 A.5, CWMP.md 4 and 7).  Decoding
 * works on the tree cwmp_xml_parse() built; encoding appends text to a
 * capped buffer.  It does not decode or encode RPC bodies (cwmp_rpc_*.c).
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "lib/buf.h"
#include "lib/cwmp_soap.h"
#include "lib/cwmp_xml.h"
#include "lib/xmalloc.h"

static const char *const cwmp_ns_uris[] = {
	"urn:dslforum-org:cwmp-1-0",
	"urn:dslforum-org:cwmp-1-1",
	"urn:dslforum-org:cwmp-1-2",
	"urn:dslforum-org:cwmp-1-3",
	"urn:dslforum-org:cwmp-1-4",
};

static const struct {
	int		 code;
	const char	*string;
} cwmp_faults[] = {
	{ 8000, "Method not supported" },
	{ 8001, "Request denied (no reason specified)" },
	{ 8002, "Internal error" },
	{ 8003, "Invalid arguments" },
	{ 8004, "Resources exceeded" },
	{ 8005, "Retry request" },
	{ 8006, "ACS version incompatible with CPE" },
	{ 9000, "Method not supported" },
	{ 9001, "Request denied (no reason specified)" },
	{ 9002, "Internal error" },
	{ 9003, "Invalid arguments" },
	{ 9004, "Resources exceeded" },
	{ 9005, "Invalid parameter name" },
	{ 9006, "Invalid parameter type" },
	{ 9007, "Invalid parameter value" },
	{ 9008, "Attempt to set a non-writable parameter" },
	{ 9009, "Notification request rejected" },
	{ 9010, "File transfer failure" },
	{ 9011, "Upload failure" },
	{ 9012, "File transfer server authentication failure" },
	{ 9013, "Unsupported protocol for file transfer" },
	{ 9014, "File transfer failure: unable to join multicast group" },
	{ 9015, "File transfer failure: unable to contact file server" },
	{ 9016, "File transfer failure: unable to access file" },
	{ 9017, "File transfer failure: unable to complete download" },
	{ 9018, "File transfer failure: file corrupted" },
	{ 9019, "File transfer failure: file authentication failure" },
	{ 9020, "File transfer failure: unable to complete download "
		"within specified time windows" },
	{ 9021, "Cancellation of file transfer not permitted in current "
		"transfer state" },
	{ 9022, "Invalid UUID format" },
	{ 9023, "Unknown execution environment" },
	{ 9024, "Disabled execution environment" },
	{ 9025, "Deployment unit to execution environment mismatch" },
	{ 9026, "Duplicate deployment unit" },
	{ 9027, "System resources exceeded" },
	{ 9028, "Unknown deployment unit" },
	{ 9029, "Invalid deployment unit state" },
	{ 9030, "Invalid deployment unit update: downgrade not permitted" },
	{ 9031, "Invalid deployment unit update: version not specified" },
	{ 9032, "Invalid deployment unit update: version already exists" },
};

const char *
cwmp_ns_uri(int ns)
{
	if (ns < CWMP_NS_1_0 || ns > CWMP_NS_MAX)
		return NULL;
	return cwmp_ns_uris[ns];
}

int
cwmp_ns_from_uri(const char *uri)
{
	size_t	plen = strlen(CWMP_NS_URI_PREFIX);

	if (uri == NULL || strncmp(uri, CWMP_NS_URI_PREFIX, plen) != 0)
		return CWMP_NS_NONE;
	uri += plen;
	if (uri[0] != '1' || uri[1] != '-' || uri[2] < '0' ||
	    uri[2] > '0' + CWMP_NS_MAX || uri[3] != '\0')
		return CWMP_NS_NONE;
	return uri[2] - '0';
}

void
cwmp_header_init(struct cwmp_header *h)
{
	memset(h, 0, sizeof(*h));
	h->hold_requests = -1;
	h->no_more_requests = -1;
	h->session_timeout = -1;
}

void
cwmp_header_clear(struct cwmp_header *h)
{
	free(h->id);
	free(h->supported_versions);
	free(h->use_version);
	cwmp_header_init(h);
}

static char *
dup_or_null(const char *s)
{
	return s == NULL ? NULL : xstrdup(s);
}

void
cwmp_header_copy(struct cwmp_header *dst, const struct cwmp_header *src)
{
	cwmp_header_clear(dst);
	*dst = *src;
	dst->id = dup_or_null(src->id);
	dst->supported_versions = dup_or_null(src->supported_versions);
	dst->use_version = dup_or_null(src->use_version);
}

void
cwmp_fault_init(struct cwmp_fault *f)
{
	memset(f, 0, sizeof(*f));
}

void
cwmp_fault_clear(struct cwmp_fault *f)
{
	size_t	i;

	free(f->soap_code);
	free(f->soap_string);
	free(f->string);
	for (i = 0; i < f->nspv; i++) {
		free(f->spv[i].name);
		free(f->spv[i].string);
	}
	free(f->spv);
	cwmp_fault_init(f);
}

void
cwmp_fault_set(struct cwmp_fault *f, int code, const char *string)
{
	f->code = code;
	free(f->string);
	f->string = xstrdup(string != NULL ? string : cwmp_fault_string(code));
}

void
cwmp_fault_add_spv(struct cwmp_fault *f, const char *name, int code,
    const char *string)
{
	struct cwmp_spv_fault	*e;

	if (f->nspv == f->spv_cap) {
		f->spv_cap = f->spv_cap == 0 ? 4 : f->spv_cap * 2;
		f->spv = xreallocarray(f->spv, f->spv_cap, sizeof(*f->spv));
	}
	e = &f->spv[f->nspv++];
	e->name = xstrdup(name != NULL ? name : "");
	e->code = code;
	e->string = xstrdup(string != NULL ? string : cwmp_fault_string(code));
}

const char *
cwmp_fault_string(int code)
{
	size_t	i;

	for (i = 0; i < sizeof(cwmp_faults) / sizeof(cwmp_faults[0]); i++)
		if (cwmp_faults[i].code == code)
			return cwmp_faults[i].string;
	if (code >= 8800 && code <= 8899)
		return "Vendor defined fault";
	if (code >= 9800 && code <= 9899)
		return "Vendor defined fault";
	return "Unknown fault";
}

bool
cwmp_fault_is_client(int code)
{
	return code == 8003 || code == 9003 || (code >= 9005 && code <= 9008);
}

static int
put_hdr(struct buf *b, const char *name, const char *mu, const char *v)
{
	if (buf_printf(b, "<cwmp:%s soap-env:mustUnderstand=\"%s\">", name,
	    mu) == -1 || cwmp_xml_escape(b, v) == -1 ||
	    buf_printf(b, "</cwmp:%s>\n", name) == -1)
		return -1;
	return 0;
}

static bool
header_is_empty(const struct cwmp_header *h)
{
	return h->id == NULL && h->hold_requests < 0 &&
	    h->no_more_requests < 0 && h->session_timeout < 0 &&
	    h->supported_versions == NULL && h->use_version == NULL;
}

static int
header_encode(struct buf *b, const struct cwmp_header *h)
{
	char	num[32];

	if (buf_addstr(b, "<soap-env:Header>\n") == -1)
		return -1;
	if (h->id != NULL && put_hdr(b, "ID", "1", h->id) == -1)
		return -1;
	if (h->hold_requests >= 0 && put_hdr(b, "HoldRequests", "1",
	    h->hold_requests ? "1" : "0") == -1)
		return -1;
	if (h->no_more_requests >= 0 && put_hdr(b, "NoMoreRequests", "0",
	    h->no_more_requests ? "1" : "0") == -1)
		return -1;
	snprintf(num, sizeof(num), "%lld", h->session_timeout);
	if (h->session_timeout >= 0 &&
	    put_hdr(b, "SessionTimeout", "0", num) == -1)
		return -1;
	if (h->supported_versions != NULL && put_hdr(b,
	    "SupportedCWMPVersions", "0", h->supported_versions) == -1)
		return -1;
	if (h->use_version != NULL &&
	    put_hdr(b, "UseCWMPVersion", "1", h->use_version) == -1)
		return -1;
	return buf_addstr(b, "</soap-env:Header>\n");
}

int
cwmp_soap_begin(struct buf *b, int ns, const struct cwmp_header *h)
{
	const char	*uri;

	if ((uri = cwmp_ns_uri(ns)) == NULL)
		return -1;
	if (buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<soap-env:Envelope xmlns:soap-env=\"%s\" "
	    "xmlns:soap-enc=\"%s\" xmlns:xsd=\"%s\" xmlns:xsi=\"%s\" "
	    "xmlns:cwmp=\"%s\">\n", CWMP_SOAP_ENV_URI, CWMP_SOAP_ENC_URI,
	    CWMP_XSD_URI, CWMP_XSI_URI, uri) == -1)
		return -1;
	if (h != NULL && !header_is_empty(h) && header_encode(b, h) == -1)
		return -1;
	return buf_addstr(b, "<soap-env:Body>\n");
}

int
cwmp_soap_end(struct buf *b)
{
	return buf_addstr(b, "\n</soap-env:Body>\n</soap-env:Envelope>\n");
}

int
cwmp_soap_fault_encode(struct buf *b, const struct cwmp_fault *f)
{
	const char	*sc, *ss;
	size_t		 i;

	sc = f->soap_code != NULL ? f->soap_code :
	    cwmp_fault_is_client(f->code) ? "Client" : "Server";
	ss = f->soap_string != NULL ? f->soap_string : "CWMP fault";
	if (buf_addstr(b, "<soap-env:Fault>") == -1 ||
	    cwmp_xml_put(b, "faultcode", sc) == -1 ||
	    cwmp_xml_put(b, "faultstring", ss) == -1 ||
	    buf_addstr(b, "<detail><cwmp:Fault>") == -1 ||
	    cwmp_xml_put_ll(b, "FaultCode", f->code) == -1 ||
	    cwmp_xml_put(b, "FaultString", f->string != NULL ? f->string :
	    cwmp_fault_string(f->code)) == -1)
		return -1;
	for (i = 0; i < f->nspv; i++) {
		if (buf_addstr(b, "<SetParameterValuesFault>") == -1 ||
		    cwmp_xml_put(b, "ParameterName", f->spv[i].name) == -1 ||
		    cwmp_xml_put_ll(b, "FaultCode", f->spv[i].code) == -1 ||
		    cwmp_xml_put(b, "FaultString", f->spv[i].string) == -1 ||
		    buf_addstr(b, "</SetParameterValuesFault>") == -1)
			return -1;
	}
	return buf_addstr(b, "</cwmp:Fault></detail></soap-env:Fault>");
}

static int
header_decode_one(const xmlNode *c, struct cwmp_header *h,
    const char **errstr)
{
	const char	*name = cwmp_xml_local(c);
	char		*s;
	bool		 v;
	int		 rv = 0;

	s = cwmp_xml_text_trim(c);
	if (strcasecmp(name, "ID") == 0) {
		if (strlen(s) > CWMP_ID_MAX) {
			*errstr = "cwmp:ID too long";
			rv = -1;
		} else {
			free(h->id);
			h->id = s;
			s = NULL;
		}
	} else if (strcasecmp(name, "HoldRequests") == 0) {
		if ((rv = cwmp_xml_parse_bool(s, &v)) == -1)
			*errstr = "invalid HoldRequests header";
		else
			h->hold_requests = v;
	} else if (strcasecmp(name, "NoMoreRequests") == 0) {
		/* Deprecated and ignored by the ACS: junk is not an error. */
		if (cwmp_xml_parse_bool(s, &v) == 0)
			h->no_more_requests = v;
	} else if (strcasecmp(name, "SessionTimeout") == 0) {
		const char	*e = NULL;

		h->session_timeout = strtonum(s, 0, UINT32_MAX, &e);
		if (e != NULL) {
			*errstr = "invalid SessionTimeout header";
			h->session_timeout = -1;
			rv = -1;
		}
	} else if (strcasecmp(name, "SupportedCWMPVersions") == 0) {
		free(h->supported_versions);
		h->supported_versions = s;
		s = NULL;
	} else if (strcasecmp(name, "UseCWMPVersion") == 0) {
		free(h->use_version);
		h->use_version = s;
		s = NULL;
	}
	free(s);
	return rv;
}

int
cwmp_soap_header_decode(const struct _xmlNode *header, struct cwmp_header *h,
    const char **errstr)
{
	const xmlNode	*c;

	for (c = cwmp_xml_first(header); c != NULL; c = cwmp_xml_next(c))
		if (header_decode_one(c, h, errstr) == -1)
			return -1;
	return 0;
}

static int
spv_fault_decode(const xmlNode *n, struct cwmp_fault *f, const char **errstr)
{
	char	*name = NULL, *string = NULL;
	int	 code = 0, rv;

	cwmp_xml_get_str(n, "ParameterName", &name);
	cwmp_xml_get_str(n, "FaultString", &string);
	rv = cwmp_xml_get_int(n, "FaultCode", 0, INT_MAX, &code, errstr);
	if (rv == 0)
		cwmp_fault_add_spv(f, name != NULL ? name : "", code,
		    string != NULL ? string : "");
	free(name);
	free(string);
	return rv;
}

int
cwmp_soap_fault_decode(const struct _xmlNode *fault, struct cwmp_fault *f,
    const char **errstr)
{
	const xmlNode	*detail, *cf, *c;

	cwmp_xml_get_str(fault, "faultcode", &f->soap_code);
	cwmp_xml_get_str(fault, "faultstring", &f->soap_string);
	if ((detail = cwmp_xml_child(fault, "detail")) == NULL ||
	    (cf = cwmp_xml_child(detail, "Fault")) == NULL) {
		/* A bare SOAP fault: keep its text as the string. */
		f->string = xstrdup(f->soap_string != NULL ?
		    f->soap_string : "");
		return 0;
	}
	if (cwmp_xml_get_int(cf, "FaultCode", 0, INT_MAX, &f->code,
	    errstr) == -1)
		return -1;
	cwmp_xml_get_str(cf, "FaultString", &f->string);
	if (f->string == NULL)
		f->string = xstrdup("");
	for (c = cwmp_xml_first(cf); c != NULL; c = cwmp_xml_next(c)) {
		if (strcasecmp(cwmp_xml_local(c),
		    "SetParameterValuesFault") != 0)
			continue;
		if (f->nspv >= CWMP_SPV_FAULTS_MAX) {
			*errstr = "too many SetParameterValuesFault entries";
			return -1;
		}
		if (spv_fault_decode(c, f, errstr) == -1)
			return -1;
	}
	return 0;
}
