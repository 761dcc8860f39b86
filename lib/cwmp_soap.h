/*
 * cwmp_soap.h: the SOAP 1.1 layer of the CWMP codec (CWMP.md sections 2, 4
 * and 7): the cwmp namespace versions, the SOAP header block (ID,
 * HoldRequests, NoMoreRequests, SessionTimeout, SupportedCWMPVersions,
 * UseCWMPVersion), SOAP Faults with their CWMP detail, and the fault-code
 * table.  It writes the envelope around a body; it does not know the RPCs
 * (cwmp_rpc.h does) and does no I/O.
 *
 * Tolerance (what the decoder accepts, CWMP.md 4.2 and 11):
 * - Elements are matched by local name, whatever their prefix or namespace
 *   URI, including prefixes that are bound to nothing (perl-cwmp output)
 *   and the Thomson `soap:` prefix bound to the encoding namespace.
 * - The cwmp namespace is found by its URI prefix `urn:dslforum-org:cwmp-`,
 *   1-0 to 1-4; the version seen is reported so replies can reuse it.
 * - Leading and trailing whitespace or junk around the envelope, a UTF-8
 *   byte order mark, and bodies in ISO-8859-1 (declared or not) are
 *   accepted; strings come out in UTF-8.  Bytes that are not legal XML 1.0
 *   characters are replaced by '?' and the parse retried once.
 * - arrayType is ignored (children are counted), xsi:type may be missing,
 *   numbers may be zero-padded or surrounded by blanks, booleans are
 *   true/false/1/0, dateTimes are kept as text, so invalid ones survive.
 * - A missing cwmp:ID is reported as id == NULL, never as an error.
 * Safety: no entity substitution, no DTD loading, no network
 * (XML_PARSE_NONET), no XML_PARSE_HUGE, bodies above CWMP_BODY_MAX are
 * refused, and a malformed document gives an error string, never a crash.
 */
#ifndef LIB_CWMP_SOAP_H
#define LIB_CWMP_SOAP_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "lib/buf.h"

/* Largest SOAP body decoded or encoded (a whole-tree GPN is ~0.6 MB). */
#define CWMP_BODY_MAX		(4 * 1024 * 1024)
/* Longest cwmp:ID kept (TR-069 gives none; IDs are opaque). */
#define CWMP_ID_MAX		256
/* "2026-11-21T16:00:00Z" plus NUL, as cwmp_datetime_format() writes. */
#define CWMP_DATETIME_LEN	21
/* The dateTime meaning "unknown" (TR-069 A.2.1). */
#define CWMP_DATETIME_UNKNOWN	"0001-01-01T00:00:00Z"
/* Most SetParameterValuesFault entries decoded in one fault. */
#define CWMP_SPV_FAULTS_MAX	100000

#define CWMP_SOAP_ENV_URI	"http://schemas.xmlsoap.org/soap/envelope/"
#define CWMP_SOAP_ENC_URI	"http://schemas.xmlsoap.org/soap/encoding/"
#define CWMP_XSD_URI		"http://www.w3.org/2001/XMLSchema"
#define CWMP_XSI_URI		"http://www.w3.org/2001/XMLSchema-instance"
#define CWMP_NS_URI_PREFIX	"urn:dslforum-org:cwmp-"

/*
 * cwmp namespace versions: urn:dslforum-org:cwmp-1-<n>.  Only 1-0..1-2 are
 * defined by the Broadband Forum; 1-3 and 1-4 are what icwmp and others send
 * (CWMP.md 2), and are accepted and can be produced.
 */
enum cwmp_ns {
	CWMP_NS_NONE = -1,	/* no cwmp namespace seen (empty body) */
	CWMP_NS_1_0 = 0,
	CWMP_NS_1_1 = 1,
	CWMP_NS_1_2 = 2,
	CWMP_NS_1_3 = 3,
	CWMP_NS_1_4 = 4
};
#define CWMP_NS_MAX		CWMP_NS_1_4

/*
 * The header block.  Absent elements: id == NULL, the ints == -1, the
 * version strings == NULL.  cwmp_header_init() sets all of them absent.
 */
struct cwmp_header {
	char	*id;			/* cwmp:ID; NULL when absent */
	int	 hold_requests;		/* ACS->CPE only; -1, 0 or 1 */
	int	 no_more_requests;	/* deprecated; parsed, never send */
	long long session_timeout;	/* seconds, CWMP 1.3+; -1 absent */
	char	*supported_versions;	/* "1.0,1.1,…", Inform only (1.4) */
	char	*use_version;		/* "1.4", InformResponse only (1.4) */
};

/* One SetParameterValuesFault entry of a 9003 fault (CWMP.md 7). */
struct cwmp_spv_fault {
	char	*name;
	int	 code;
	char	*string;
};

/*
 * A SOAP Fault.  soap_code is the SOAP faultcode ("Client" or "Server");
 * when NULL the encoder picks it from the code (cwmp_fault_is_client()).
 * string NULL encodes the standard text (cwmp_fault_string()).
 */
struct cwmp_fault {
	char			*soap_code;
	char			*soap_string;	/* NULL encodes "CWMP fault" */
	int			 code;		/* 8000-8899, 9000-9899 */
	char			*string;
	struct cwmp_spv_fault	*spv;		/* SetParameterValuesFault[] */
	size_t			 nspv;
	size_t			 spv_cap;
};

/* Standard fault codes (TR-069 Amd 6 A.5). */
#define CWMP_FAULT_ACS_METHOD_NOT_SUPPORTED	8000
#define CWMP_FAULT_ACS_REQUEST_DENIED		8001
#define CWMP_FAULT_ACS_INTERNAL_ERROR		8002
#define CWMP_FAULT_ACS_INVALID_ARGUMENTS	8003
#define CWMP_FAULT_ACS_RESOURCES_EXCEEDED	8004
#define CWMP_FAULT_ACS_RETRY_REQUEST		8005
#define CWMP_FAULT_ACS_VERSION_INCOMPATIBLE	8006
#define CWMP_FAULT_METHOD_NOT_SUPPORTED		9000
#define CWMP_FAULT_REQUEST_DENIED		9001
#define CWMP_FAULT_INTERNAL_ERROR		9002
#define CWMP_FAULT_INVALID_ARGUMENTS		9003
#define CWMP_FAULT_RESOURCES_EXCEEDED		9004
#define CWMP_FAULT_INVALID_PARAMETER_NAME	9005
#define CWMP_FAULT_INVALID_PARAMETER_TYPE	9006
#define CWMP_FAULT_INVALID_PARAMETER_VALUE	9007
#define CWMP_FAULT_NON_WRITABLE_PARAMETER	9008
#define CWMP_FAULT_NOTIFICATION_REJECTED	9009
#define CWMP_FAULT_TRANSFER_FAILURE		9010
#define CWMP_FAULT_UPLOAD_FAILURE		9011
#define CWMP_FAULT_TRANSFER_AUTH_FAILURE	9012
#define CWMP_FAULT_UNSUPPORTED_PROTOCOL		9013

/* "urn:dslforum-org:cwmp-1-2" for CWMP_NS_1_2; NULL if out of range. */
const char	*cwmp_ns_uri(int ns);
/* CWMP_NS_1_0.. for a cwmp namespace URI, else CWMP_NS_NONE. */
int		 cwmp_ns_from_uri(const char *uri);

/*
 * The CWMP version (its minor number, 0 for 1.0 … 4 for 1.4) a session
 * uses, from the Inform's namespace and header (CWMP.md 2, rule 3): the
 * highest version in SupportedCWMPVersions not above acs_max; else 1.0 and
 * 1.1 from their namespaces, cwmp-1-2 as 1.3 with SessionTimeout and 1.2
 * without, cwmp-1-3/1-4 as 1.3/1.4 (capped at acs_max).  Returns -1 when
 * SupportedCWMPVersions has no version in common: answer fault 8006.
 */
int	cwmp_version_select(int ns, const struct cwmp_header *h, int acs_max);

/*
 * xsd:dateTime.  Parsing accepts fractional seconds and "Z", "+hh:mm" or
 * no zone (taken as UTC) and returns -1 for anything else, such as the
 * Thomson "0000-00-00T00:00:00"; callers keep the text either way.
 */
int	cwmp_datetime_parse(const char *s, time_t *t);
bool	cwmp_datetime_is_unknown(const char *s);
/* Writes t in UTC as "YYYY-MM-DDThh:mm:ssZ" into buf[CWMP_DATETIME_LEN]. */
void	cwmp_datetime_format(time_t t, char *buf);

void	cwmp_header_init(struct cwmp_header *h);
void	cwmp_header_clear(struct cwmp_header *h);
/* Deep copy; dst must be initialised (it is cleared first). */
void	cwmp_header_copy(struct cwmp_header *dst,
	    const struct cwmp_header *src);

void	cwmp_fault_init(struct cwmp_fault *f);
void	cwmp_fault_clear(struct cwmp_fault *f);
/* Sets code and string (NULL: the standard text) of a fault. */
void	cwmp_fault_set(struct cwmp_fault *f, int code, const char *string);
/* Appends a SetParameterValuesFault entry (string NULL: standard text). */
void	cwmp_fault_add_spv(struct cwmp_fault *f, const char *name, int code,
	    const char *string);
/* The standard FaultString for a code; "Vendor fault" etc. when unknown. */
const char *cwmp_fault_string(int code);
/* True for codes whose SOAP faultcode is "Client" (8003, 9003, 9005-9008). */
bool	cwmp_fault_is_client(int code);

/*
 * Encoding.  cwmp_soap_begin() writes the envelope start with every prefix
 * bound (soap-env, soap-enc, xsd, xsi, cwmp in version ns), the header (ID
 * and HoldRequests carry mustUnderstand="1", booleans are 1/0), and opens
 * the Body; cwmp_soap_end() closes it.  Both return -1 if the buffer's
 * ceiling is reached.
 */
int	cwmp_soap_begin(struct buf *b, int ns, const struct cwmp_header *h);
int	cwmp_soap_end(struct buf *b);
/* Writes a soap-env:Fault element with its cwmp:Fault detail. */
int	cwmp_soap_fault_encode(struct buf *b, const struct cwmp_fault *f);

/*
 * Decoding, for cwmp_rpc's decoder (libxml2 element nodes; h and f must be
 * initialised).  A fault takes the inner cwmp:Fault detail (CWMP.md 7).
 */
struct _xmlNode;
int	cwmp_soap_header_decode(const struct _xmlNode *header,
	    struct cwmp_header *h, const char **errstr);
int	cwmp_soap_fault_decode(const struct _xmlNode *fault,
	    struct cwmp_fault *f, const char **errstr);

#endif /* LIB_CWMP_SOAP_H */
