/*
 * check_cwmp_rpc.c: the cwmp_rpc module: every RPC and response, in both
 * directions, built by hand as acsd and cpe-sim do, encoded in every cwmp
 * namespace version, checked for well-formed, namespace-correct XML (with
 * libxml2 and with $XMLLINT), decoded again and re-encoded identically.
 * Also the method table, the fault table and the encoder's limits.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "lib/buf.h"
#include "lib/cwmp_rpc.h"
#include "lib/cwmp_soap.h"
#include "tests/unit/ck_run.h"
#include "tests/unit/cwmp_samples.h"


static const struct {
	enum cwmp_method	 method;
	void			(*build)(struct cwmp_msg *);
} rpcs[] = {
	{ CWMP_INFORM, build_inform },
	{ CWMP_INFORM_RESPONSE, build_inform_resp },
	{ CWMP_GET_RPC_METHODS, build_nothing },
	{ CWMP_GET_RPC_METHODS_RESPONSE, build_methods },
	{ CWMP_TRANSFER_COMPLETE, build_tc },
	{ CWMP_TRANSFER_COMPLETE_RESPONSE, build_nothing },
	{ CWMP_AUTONOMOUS_TRANSFER_COMPLETE, build_atc },
	{ CWMP_AUTONOMOUS_TRANSFER_COMPLETE_RESPONSE, build_nothing },
	{ CWMP_REQUEST_DOWNLOAD, build_request_download },
	{ CWMP_REQUEST_DOWNLOAD_RESPONSE, build_nothing },
	{ CWMP_KICKED, build_kicked },
	{ CWMP_KICKED_RESPONSE, build_kicked_resp },
	{ CWMP_DU_STATE_CHANGE_COMPLETE, build_dscc },
	{ CWMP_DU_STATE_CHANGE_COMPLETE_RESPONSE, build_nothing },
	{ CWMP_AUTONOMOUS_DU_STATE_CHANGE_COMPLETE, build_dscc },
	{ CWMP_AUTONOMOUS_DU_STATE_CHANGE_COMPLETE_RESPONSE, build_nothing },
	{ CWMP_GET_PARAMETER_NAMES, build_gpn },
	{ CWMP_GET_PARAMETER_NAMES_RESPONSE, build_gpn_resp },
	{ CWMP_GET_PARAMETER_VALUES, build_gpv },
	{ CWMP_GET_PARAMETER_VALUES_RESPONSE, build_gpv_resp },
	{ CWMP_SET_PARAMETER_VALUES, build_spv },
	{ CWMP_SET_PARAMETER_VALUES_RESPONSE, build_spv_resp },
	{ CWMP_GET_PARAMETER_ATTRIBUTES, build_gpa },
	{ CWMP_GET_PARAMETER_ATTRIBUTES_RESPONSE, build_gpa_resp },
	{ CWMP_SET_PARAMETER_ATTRIBUTES, build_spa },
	{ CWMP_SET_PARAMETER_ATTRIBUTES_RESPONSE, build_nothing },
	{ CWMP_ADD_OBJECT, build_add_object },
	{ CWMP_ADD_OBJECT_RESPONSE, build_object_resp },
	{ CWMP_DELETE_OBJECT, build_delete_object },
	{ CWMP_DELETE_OBJECT_RESPONSE, build_object_resp },
	{ CWMP_REBOOT, build_reboot },
	{ CWMP_REBOOT_RESPONSE, build_nothing },
	{ CWMP_DOWNLOAD, build_download },
	{ CWMP_DOWNLOAD_RESPONSE, build_transfer_resp },
	{ CWMP_UPLOAD, build_download },
	{ CWMP_UPLOAD_RESPONSE, build_transfer_resp },
	{ CWMP_FACTORY_RESET, build_nothing },
	{ CWMP_FACTORY_RESET_RESPONSE, build_nothing },
	{ CWMP_SCHEDULE_INFORM, build_schedule_inform },
	{ CWMP_SCHEDULE_INFORM_RESPONSE, build_nothing },
	{ CWMP_GET_QUEUED_TRANSFERS, build_nothing },
	{ CWMP_GET_QUEUED_TRANSFERS_RESPONSE, build_transfers },
	{ CWMP_GET_ALL_QUEUED_TRANSFERS, build_nothing },
	{ CWMP_GET_ALL_QUEUED_TRANSFERS_RESPONSE, build_transfers },
	{ CWMP_SCHEDULE_DOWNLOAD, build_schedule_download },
	{ CWMP_SCHEDULE_DOWNLOAD_RESPONSE, build_nothing },
	{ CWMP_CANCEL_TRANSFER, build_cancel },
	{ CWMP_CANCEL_TRANSFER_RESPONSE, build_nothing },
	{ CWMP_CHANGE_DU_STATE, build_change_du_state },
	{ CWMP_CHANGE_DU_STATE_RESPONSE, build_nothing },
	{ CWMP_FAULT, build_fault },
};
#define NRPCS	((int)(sizeof(rpcs) / sizeof(rpcs[0])))
#define NNS	(CWMP_NS_MAX + 1)

static int	xml_errors;

static void
count_error(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
	xml_errors++;
}

/* Every element of our output must carry a bound namespace or none. */
static void
assert_names_bound(const xmlNode *n)
{
	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		ck_assert_msg(strchr((const char *)n->name, ':') == NULL,
		    "unbound prefix on %s", n->name);
		assert_names_bound(n->children);
	}
}

/* Strict libxml2 parse: no error of any kind, body in the right ns. */
static void
assert_strict_xml(const struct buf *b, int ns, const struct cwmp_msg *m)
{
	xmlDoc		*doc;
	xmlNode		*body, *rpc;

	xml_errors = 0;
	xmlSetStructuredErrorFunc(NULL, count_error);
	doc = xmlReadMemory(b->data, (int)b->len, NULL, NULL, XML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	ck_assert_ptr_nonnull(doc);
	ck_assert_int_eq(xml_errors, 0);
	assert_names_bound(xmlDocGetRootElement(doc));
	body = xmlDocGetRootElement(doc)->children;
	while (body != NULL && (body->type != XML_ELEMENT_NODE ||
	    strcmp((const char *)body->name, "Body") != 0))
		body = body->next;
	ck_assert_ptr_nonnull(body);
	ck_assert_str_eq((const char *)body->ns->href, CWMP_SOAP_ENV_URI);
	for (rpc = body->children; rpc != NULL &&
	    rpc->type != XML_ELEMENT_NODE; rpc = rpc->next)
		;
	ck_assert_ptr_nonnull(rpc);
	if (m->method == CWMP_FAULT) {
		ck_assert_str_eq((const char *)rpc->ns->href,
		    CWMP_SOAP_ENV_URI);
	} else {
		ck_assert_str_eq((const char *)rpc->name,
		    cwmp_method_name(m->method));
		ck_assert_str_eq((const char *)rpc->ns->href, cwmp_ns_uri(ns));
		/* RPC children are unqualified (CWMP.md 4). */
		for (rpc = rpc->children; rpc != NULL; rpc = rpc->next)
			if (rpc->type == XML_ELEMENT_NODE)
				ck_assert_ptr_null(rpc->ns);
	}
	xmlFreeDoc(doc);
}

/* xmllint --noout must accept it with nothing on stderr. */
static void
assert_xmllint_ok(const struct buf *b)
{
	const char	*xmllint = getenv("XMLLINT");
	char		 in[] = "/tmp/check_cwmp_XXXXXX";
	char		 err[] = "/tmp/check_cwmp_err_XXXXXX";
	struct stat	 st;
	pid_t		 pid;
	int		 fd, efd, status;

	if (xmllint == NULL || *xmllint == '\0')
		return;
	ck_assert_int_ne(fd = mkstemp(in), -1);
	ck_assert_int_ne(efd = mkstemp(err), -1);
	ck_assert_int_eq(write(fd, b->data, b->len), (ssize_t)b->len);
	close(fd);
	ck_assert_int_ne(pid = fork(), -1);
	if (pid == 0) {
		dup2(efd, 1);
		dup2(efd, 2);
		execl(xmllint, "xmllint", "--noout", "--nonet", in,
		    (char *)NULL);
		_exit(127);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(fstat(efd, &st), 0);
	close(efd);
	unlink(in);
	unlink(err);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "xmllint failed");
	ck_assert_msg(st.st_size == 0, "xmllint complained");
}

/* CWMP_WRITE_SEEDS=dir saves the messages as fuzz corpus seeds. */
static void
maybe_write_seed(const struct buf *b, const struct cwmp_msg *m, int ns)
{
	const char	*dir = getenv("CWMP_WRITE_SEEDS");
	char		 path[1024];
	FILE		*f;

	if (dir == NULL || (ns != CWMP_NS_1_0 && ns != CWMP_NS_MAX))
		return;
	snprintf(path, sizeof(path), "%s/%s-%d.xml", dir,
	    cwmp_method_name(m->method), ns);
	if ((f = fopen(path, "w")) == NULL)
		return;
	fwrite(b->data, 1, b->len, f);
	fclose(f);
}

START_TEST(test_every_rpc_round_trips_in_every_namespace)
{
	struct cwmp_msg	 m1, m2;
	struct buf	 x, y;
	const char	*errstr = NULL;
	int		 r = _i / NNS, ns = _i % NNS;

	cwmp_msg_init(&m1, rpcs[r].method);
	cwmp_msg_set_id(&m1, "id-42");
	rpcs[r].build(&m1);
	buf_init(&x, CWMP_BODY_MAX);
	buf_init(&y, CWMP_BODY_MAX);
	ck_assert_int_eq(cwmp_msg_encode(&m1, ns, &x), 0);
	assert_strict_xml(&x, ns, &m1);
	assert_xmllint_ok(&x);
	maybe_write_seed(&x, &m1, ns);
	ck_assert_msg(cwmp_msg_decode(x.data, x.len, &m2, &errstr) == 0,
	    "%s: %s", cwmp_method_name(m1.method), errstr);
	ck_assert_int_eq(m2.method, m1.method);
	ck_assert_int_eq(m2.ns, ns);
	ck_assert_str_eq(m2.hdr.id, "id-42");
	ck_assert_int_eq(cwmp_msg_encode(&m2, ns, &y), 0);
	ck_assert_str_eq(x.data, y.data);
	cwmp_msg_clear(&m1);
	cwmp_msg_clear(&m2);
	buf_clear(&x);
	buf_clear(&y);
}
END_TEST

/* The table above must cover every method the codec knows. */
START_TEST(test_round_trip_table_covers_every_method)
{
	int	seen[CWMP_METHOD_COUNT] = { 0 }, i;

	for (i = 0; i < NRPCS; i++)
		seen[rpcs[i].method]++;
	for (i = CWMP_INFORM; i < CWMP_METHOD_COUNT; i++)
		ck_assert_msg(seen[i] == 1, "%s", cwmp_method_name(i));
	ck_assert_int_eq(seen[CWMP_FAULT], 1);
}
END_TEST

static char *
encode_str(struct cwmp_msg *m, int ns)
{
	struct buf	b;

	buf_init(&b, CWMP_BODY_MAX);
	ck_assert_int_eq(cwmp_msg_encode(m, ns, &b), 0);
	return buf_release(&b, NULL);
}

START_TEST(test_encode_reboot_carries_command_key_even_empty)
{
	struct cwmp_msg	 m;
	char		*s;

	cwmp_msg_init(&m, CWMP_REBOOT);
	s = encode_str(&m, CWMP_NS_1_0);
	ck_assert_ptr_nonnull(strstr(s,
	    "<cwmp:Reboot><CommandKey></CommandKey></cwmp:Reboot>"));
	free(s);
	cwmp_msg_clear(&m);
}
END_TEST

START_TEST(test_encode_writes_booleans_as_digits)
{
	struct cwmp_msg	 m;
	char		*s;

	cwmp_msg_init(&m, CWMP_GET_PARAMETER_NAMES);
	m.gpn.next_level = true;
	m.hdr.hold_requests = 1;
	s = encode_str(&m, CWMP_NS_1_0);
	ck_assert_ptr_nonnull(strstr(s, "<NextLevel>1</NextLevel>"));
	ck_assert_ptr_nonnull(strstr(s, "<cwmp:HoldRequests "
	    "soap-env:mustUnderstand=\"1\">1</cwmp:HoldRequests>"));
	ck_assert_ptr_null(strstr(s, "true"));
	ck_assert_ptr_null(strstr(s, "NoMoreRequests"));
	free(s);
	cwmp_msg_clear(&m);
}
END_TEST

START_TEST(test_encode_writes_exact_array_types)
{
	struct cwmp_msg	 m;
	char		*s;

	cwmp_msg_init(&m, CWMP_GET_PARAMETER_VALUES);
	build_gpv(&m);
	s = encode_str(&m, CWMP_NS_1_0);
	ck_assert_ptr_nonnull(strstr(s,
	    "<ParameterNames soap-enc:arrayType=\"xsd:string[2]\">"));
	free(s);
	cwmp_msg_clear(&m);
	cwmp_msg_init(&m, CWMP_SET_PARAMETER_VALUES);
	build_spv(&m);
	s = encode_str(&m, CWMP_NS_1_0);
	ck_assert_ptr_nonnull(strstr(s, "<ParameterList soap-enc:arrayType="
	    "\"cwmp:ParameterValueStruct[2]\">"));
	ck_assert_ptr_nonnull(strstr(s, "<ParameterKey>pk-1</ParameterKey>"));
	free(s);
	cwmp_msg_clear(&m);
	cwmp_msg_init(&m, CWMP_SET_PARAMETER_ATTRIBUTES);
	build_spa(&m);
	s = encode_str(&m, CWMP_NS_1_0);
	ck_assert_ptr_nonnull(strstr(s, "<ParameterList soap-enc:arrayType="
	    "\"cwmp:SetParameterAttributesStruct[1]\">"));
	ck_assert_ptr_nonnull(strstr(s,
	    "<AccessList soap-enc:arrayType=\"xsd:string[0]\"></AccessList>"));
	free(s);
	cwmp_msg_clear(&m);
}
END_TEST

START_TEST(test_encode_puts_xsi_type_on_every_value)
{
	struct cwmp_msg	 m;
	char		*s;

	cwmp_msg_init(&m, CWMP_SET_PARAMETER_VALUES);
	cwmp_param_values_add(&m.spv.params, "A.B", "x", NULL);
	cwmp_param_values_add(&m.spv.params, "A.C", "1", "xsd:boolean");
	s = encode_str(&m, CWMP_NS_1_0);
	ck_assert_ptr_nonnull(strstr(s,
	    "<Value xsi:type=\"xsd:string\">x</Value>"));
	ck_assert_ptr_nonnull(strstr(s,
	    "<Value xsi:type=\"xsd:boolean\">1</Value>"));
	free(s);
	cwmp_msg_clear(&m);
}
END_TEST

START_TEST(test_encode_keeps_utf8_and_replaces_invalid_bytes)
{
	struct cwmp_msg	 m, d;
	const char	*errstr;
	char		*s;

	cwmp_msg_init(&m, CWMP_REBOOT);
	cwmp_str_set(&m.reboot_command_key,
	    "caf\xc3\xa9 \xe9t\xe9 \x01\xf0\x9f\x90\x9c");
	s = encode_str(&m, CWMP_NS_1_0);
	ck_assert_int_eq(cwmp_msg_decode(s, strlen(s), &d, &errstr), 0);
	ck_assert_str_eq(d.reboot_command_key,
	    "caf\xc3\xa9 ?t? ?\xf0\x9f\x90\x9c");
	free(s);
	cwmp_msg_clear(&m);
	cwmp_msg_clear(&d);
}
END_TEST

START_TEST(test_encode_uses_requested_namespace)
{
	struct cwmp_msg	 m;
	char		*s;

	cwmp_msg_init(&m, CWMP_INFORM_RESPONSE);
	s = encode_str(&m, CWMP_NS_1_4);
	ck_assert_ptr_nonnull(strstr(s,
	    "xmlns:cwmp=\"urn:dslforum-org:cwmp-1-4\""));
	ck_assert_ptr_nonnull(strstr(s, "<MaxEnvelopes>1</MaxEnvelopes>"));
	free(s);
	cwmp_msg_clear(&m);
}
END_TEST

START_TEST(test_encode_rejects_bad_namespace_and_restores_buffer)
{
	struct cwmp_msg	m;
	struct buf	b;

	cwmp_msg_init(&m, CWMP_INFORM_RESPONSE);
	buf_init(&b, 0);
	buf_addstr(&b, "keep");
	ck_assert_int_eq(cwmp_msg_encode(&m, 5, &b), -1);
	ck_assert_int_eq(cwmp_msg_encode(&m, CWMP_NS_NONE, &b), -1);
	ck_assert_str_eq(b.data, "keep");
	buf_clear(&b);
	cwmp_msg_clear(&m);
}
END_TEST

START_TEST(test_encode_fails_cleanly_at_buffer_ceiling)
{
	struct cwmp_msg	m;
	struct buf	b;
	int		i;

	cwmp_msg_init(&m, CWMP_GET_PARAMETER_VALUES_RESPONSE);
	for (i = 0; i < 100; i++)
		cwmp_param_values_add(&m.gpv_resp, "Some.Long.Parameter.Name",
		    "value", "xsd:string");
	buf_init(&b, 2000);
	ck_assert_int_eq(cwmp_msg_encode(&m, CWMP_NS_1_0, &b), -1);
	ck_assert_uint_eq(b.len, 0);
	buf_clear(&b);
	cwmp_msg_clear(&m);
}
END_TEST

START_TEST(test_encode_empty_message_has_empty_body)
{
	struct cwmp_msg	 m, d;
	const char	*errstr;
	char		*s;

	cwmp_msg_init(&m, CWMP_EMPTY);
	s = encode_str(&m, CWMP_NS_1_0);
	ck_assert_int_eq(cwmp_msg_decode(s, strlen(s), &d, &errstr), 0);
	ck_assert_int_eq(d.method, CWMP_EMPTY);
	ck_assert_ptr_null(d.hdr.id);
	free(s);
	cwmp_msg_clear(&m);
	cwmp_msg_clear(&d);
}
END_TEST

START_TEST(test_encode_unknown_method_needs_a_safe_name)
{
	struct cwmp_msg	m;
	struct buf	b;

	cwmp_msg_init(&m, CWMP_UNKNOWN);
	buf_init(&b, 0);
	cwmp_str_set(&m.method_name, "X_Evil><script");
	ck_assert_int_eq(cwmp_msg_encode(&m, CWMP_NS_1_0, &b), -1);
	cwmp_str_set(&m.method_name, "X_ACME_Frob");
	ck_assert_int_eq(cwmp_msg_encode(&m, CWMP_NS_1_0, &b), 0);
	ck_assert_ptr_nonnull(strstr(b.data, "<cwmp:X_ACME_Frob>"));
	buf_clear(&b);
	cwmp_msg_clear(&m);
}
END_TEST

START_TEST(test_method_names_map_both_ways)
{
	int	i;

	for (i = CWMP_INFORM; i < CWMP_METHOD_COUNT; i++)
		ck_assert_int_eq(cwmp_method_from_name(cwmp_method_name(i)), i);
	ck_assert_int_eq(cwmp_method_from_name("Frobnicate"), CWMP_UNKNOWN);
	ck_assert_int_eq(cwmp_method_from_name(""), CWMP_UNKNOWN);
	ck_assert_str_eq(cwmp_method_name(CWMP_REBOOT), "Reboot");
}
END_TEST

START_TEST(test_method_response_pairs_requests)
{
	ck_assert_int_eq(cwmp_method_response(CWMP_INFORM),
	    CWMP_INFORM_RESPONSE);
	ck_assert_int_eq(cwmp_method_response(CWMP_GET_PARAMETER_VALUES),
	    CWMP_GET_PARAMETER_VALUES_RESPONSE);
	ck_assert_int_eq(cwmp_method_response(CWMP_CHANGE_DU_STATE),
	    CWMP_CHANGE_DU_STATE_RESPONSE);
	ck_assert_int_eq(cwmp_method_response(CWMP_INFORM_RESPONSE),
	    CWMP_UNKNOWN);
	ck_assert(cwmp_method_is_response(CWMP_REBOOT_RESPONSE));
	ck_assert(!cwmp_method_is_response(CWMP_REBOOT));
	ck_assert(cwmp_method_is_response(CWMP_FAULT));
}
END_TEST

START_TEST(test_fault_table_has_standard_strings)
{
	ck_assert_str_eq(cwmp_fault_string(8000), "Method not supported");
	ck_assert_str_eq(cwmp_fault_string(8006),
	    "ACS version incompatible with CPE");
	ck_assert_str_eq(cwmp_fault_string(9005), "Invalid parameter name");
	ck_assert_str_eq(cwmp_fault_string(9032),
	    "Invalid deployment unit update: version already exists");
	ck_assert_str_eq(cwmp_fault_string(9850), "Vendor defined fault");
	ck_assert_str_eq(cwmp_fault_string(1), "Unknown fault");
	ck_assert(cwmp_fault_is_client(9003));
	ck_assert(cwmp_fault_is_client(8003));
	ck_assert(!cwmp_fault_is_client(9002));
}
END_TEST

START_TEST(test_fault_encodes_client_or_server)
{
	struct cwmp_msg	 m;
	char		*s;

	cwmp_msg_init(&m, CWMP_EMPTY);
	cwmp_msg_set_fault(&m, CWMP_FAULT_ACS_METHOD_NOT_SUPPORTED, NULL);
	s = encode_str(&m, CWMP_NS_1_0);
	ck_assert_ptr_nonnull(strstr(s, "<faultcode>Server</faultcode>"));
	ck_assert_ptr_nonnull(strstr(s,
	    "<FaultString>Method not supported</FaultString>"));
	free(s);
	cwmp_msg_set_fault(&m, CWMP_FAULT_INVALID_PARAMETER_NAME, "no such");
	s = encode_str(&m, CWMP_NS_1_0);
	ck_assert_ptr_nonnull(strstr(s, "<faultcode>Client</faultcode>"));
	ck_assert_ptr_nonnull(strstr(s, "<FaultString>no such</FaultString>"));
	free(s);
	cwmp_msg_clear(&m);
}
END_TEST

START_TEST(test_clear_leaves_a_reusable_empty_message)
{
	struct cwmp_msg	m;

	cwmp_msg_init(&m, CWMP_INFORM);
	build_inform(&m);
	cwmp_msg_clear(&m);
	ck_assert_int_eq(m.method, CWMP_EMPTY);
	ck_assert_ptr_null(m.inform.params.v);
	ck_assert_int_eq(m.hdr.session_timeout, -1);
	cwmp_msg_clear(&m);
}
END_TEST

static Suite *
cwmp_rpc_suite(void)
{
	Suite	*s = suite_create("cwmp_rpc");
	TCase	*tc;

	tc = tcase_create("round_trip");
	tcase_add_loop_test(tc, test_every_rpc_round_trips_in_every_namespace,
	    0, NRPCS * NNS);
	tcase_add_test(tc, test_round_trip_table_covers_every_method);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	tc = tcase_create("encode");
	tcase_add_test(tc, test_encode_reboot_carries_command_key_even_empty);
	tcase_add_test(tc, test_encode_writes_booleans_as_digits);
	tcase_add_test(tc, test_encode_writes_exact_array_types);
	tcase_add_test(tc, test_encode_puts_xsi_type_on_every_value);
	tcase_add_test(tc, test_encode_uses_requested_namespace);
	tcase_add_test(tc,
	    test_encode_keeps_utf8_and_replaces_invalid_bytes);
	tcase_add_test(tc,
	    test_encode_rejects_bad_namespace_and_restores_buffer);
	tcase_add_test(tc, test_encode_fails_cleanly_at_buffer_ceiling);
	tcase_add_test(tc, test_encode_empty_message_has_empty_body);
	tcase_add_test(tc, test_encode_unknown_method_needs_a_safe_name);
	suite_add_tcase(s, tc);
	tc = tcase_create("tables");
	tcase_add_test(tc, test_method_names_map_both_ways);
	tcase_add_test(tc, test_method_response_pairs_requests);
	tcase_add_test(tc, test_fault_table_has_standard_strings);
	tcase_add_test(tc, test_fault_encodes_client_or_server);
	tcase_add_test(tc, test_clear_leaves_a_reusable_empty_message);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	int	rc;

	xmlInitParser();
	rc = ck_run(cwmp_rpc_suite());
	xmlCleanupParser();
	return rc;
}
