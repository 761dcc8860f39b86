/*
 * check_cwmp_soap.c: the decoder's tolerance and safety (cwmp_soap.h
 * rules), driven by the hand-written messages in tests/data/cwmp/: any
 * prefix or none bound, cwmp-1-0..1-4, bad arrayType, missing xsi:type,
 * zero-padded numbers, ISO-8859-1, junk around the envelope, control
 * bytes, invalid dateTimes; and clear errors for malformed, hostile or
 * oversized documents.  Also the header block and namespace table.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "lib/buf.h"
#include "lib/cwmp_rpc.h"
#include "lib/cwmp_soap.h"
#include "tests/unit/ck_run.h"

static struct cwmp_msg	m;
static const char	*errstr;

static void
setup(void)
{
	cwmp_msg_init(&m, CWMP_EMPTY);
	errstr = NULL;
}

static void
teardown(void)
{
	cwmp_msg_clear(&m);
}

static char *
load(const char *name, size_t *len)
{
	const char	*top = getenv("top_srcdir");
	char		 path[1024];
	struct buf	 b;
	FILE		*f;
	char		 chunk[4096];
	size_t		 n;

	snprintf(path, sizeof(path), "%s/tests/data/cwmp/%s",
	    top != NULL ? top : ".", name);
	ck_assert_msg((f = fopen(path, "rb")) != NULL, "cannot open %s", path);
	buf_init(&b, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_release(&b, len);
}

/* Decodes a fixture into m; returns cwmp_msg_decode()'s result. */
static int
decode_file(const char *name)
{
	char	*body;
	size_t	 len;
	int	 rv;

	body = load(name, &len);
	cwmp_msg_clear(&m);
	rv = cwmp_msg_decode(body, len, &m, &errstr);
	free(body);
	return rv;
}

static int
decode_str(const char *s)
{
	cwmp_msg_clear(&m);
	return cwmp_msg_decode(s, strlen(s), &m, &errstr);
}

START_TEST(test_decode_accepts_unbound_prefixes)
{
	ck_assert_int_eq(decode_file("unbound-prefix.xml"), 0);
	ck_assert_int_eq(m.method, CWMP_SET_PARAMETER_VALUES);
	ck_assert_int_eq(m.ns, CWMP_NS_NONE);
	ck_assert_str_eq(m.hdr.id, "perl-7");
	ck_assert_uint_eq(m.spv.params.n, 1);
	ck_assert_str_eq(m.spv.params.v[0].name,
	    "InternetGatewayDevice.ManagementServer.PeriodicInformInterval");
	ck_assert_str_eq(m.spv.params.v[0].value, "300");
	ck_assert_str_eq(m.spv.params.v[0].type, "xsd:unsignedInt");
	ck_assert_str_eq(m.spv.parameter_key, "k1");
}
END_TEST

START_TEST(test_decode_matches_any_prefix_and_reports_cwmp_1_4)
{
	ck_assert_int_eq(decode_file("prefixes-cwmp-1-4.xml"), 0);
	ck_assert_int_eq(m.method, CWMP_INFORM);
	ck_assert_int_eq(m.ns, CWMP_NS_1_4);
	ck_assert_str_eq(m.hdr.id, "icwmp-1");
	ck_assert_int_eq(m.hdr.session_timeout, 60);
	ck_assert_str_eq(m.hdr.supported_versions, "1.0,1.1,1.2,1.3,1.4");
	ck_assert_ptr_null(m.hdr.use_version);
	/* ZTE-style trailing newline in the serial is trimmed. */
	ck_assert_str_eq(m.inform.device_id.serial_number, "SN1234");
	ck_assert_uint_eq(m.inform.events.n, 2);
	ck_assert_str_eq(m.inform.events.v[0].code, "0 BOOTSTRAP");
	ck_assert_str_eq(m.inform.events.v[0].command_key, "");
	ck_assert_str_eq(m.inform.events.v[1].code, "M Download");
	ck_assert_str_eq(m.inform.events.v[1].command_key, "fw-42");
	ck_assert_str_eq(m.inform.current_time,
	    "2026-11-21T12:00:00.123+01:00");
}
END_TEST

START_TEST(test_decode_counts_children_not_array_type)
{
	ck_assert_int_eq(decode_file("arraytype-bad.xml"), 0);
	ck_assert_int_eq(m.method, CWMP_GET_RPC_METHODS_RESPONSE);
	ck_assert_int_eq(m.ns, CWMP_NS_1_1);
	ck_assert_uint_eq(m.methods.n, 3);
	ck_assert_str_eq(m.methods.v[2], "TransferComplete");
	ck_assert_int_eq(decode_file("no-xsi-type.xml"), 0);
	ck_assert_uint_eq(m.gpv_resp.n, 3);	/* arrayType said 16 */
}
END_TEST

START_TEST(test_decode_accepts_missing_array_type_and_id)
{
	ck_assert_int_eq(decode_file("arraytype-missing.xml"), 0);
	ck_assert_int_eq(m.method, CWMP_GET_PARAMETER_VALUES);
	ck_assert_ptr_null(m.hdr.id);
	ck_assert_uint_eq(m.gpv.names.n, 2);
	ck_assert_str_eq(m.gpv.names.v[1], "InternetGatewayDevice.Time.");
}
END_TEST

START_TEST(test_decode_keeps_missing_xsi_type_and_raw_values)
{
	ck_assert_int_eq(decode_file("no-xsi-type.xml"), 0);
	ck_assert_int_eq(m.method, CWMP_GET_PARAMETER_VALUES_RESPONSE);
	ck_assert_ptr_null(m.gpv_resp.v[0].type);
	ck_assert_str_eq(m.gpv_resp.v[0].value, "3600");
	ck_assert_str_eq(m.gpv_resp.v[1].type, "xsd:");
	ck_assert_str_eq(m.gpv_resp.v[1].value, "  spaced value  ");
	/* Invalid dateTime values are kept as text (Thomson 6.2). */
	ck_assert_str_eq(m.gpv_resp.v[2].type, "xsd:dateTime");
	ck_assert_str_eq(m.gpv_resp.v[2].value, "0000-00-00T00:00:00");
}
END_TEST

START_TEST(test_decode_accepts_zero_padded_numbers_and_dotted_names)
{
	ck_assert_int_eq(decode_file("zero-padded.xml"), 0);
	ck_assert_int_eq(m.method, CWMP_INFORM);
	ck_assert_uint_eq(m.inform.max_envelopes, 2);
	ck_assert_uint_eq(m.inform.retry_count, 5);
	ck_assert_int_eq(m.hdr.no_more_requests, 1);
	ck_assert_str_eq(m.inform.current_time, "0000-00-00T00:00:00");
	ck_assert_str_eq(m.inform.device_id.product_class, "");
	ck_assert_str_eq(m.inform.params.v[0].name, ".ExternalIPAddress");
	ck_assert_str_eq(m.inform.params.v[0].value, "10.0.0.1");
}
END_TEST

START_TEST(test_decode_reads_undeclared_latin1_body)
{
	ck_assert_int_eq(decode_file("latin1.xml"), 0);
	ck_assert_int_eq(m.method, CWMP_GET_PARAMETER_VALUES_RESPONSE);
	ck_assert_str_eq(m.gpv_resp.v[0].value,
	    "Mod\xc3\xa9m ADSL Caf\xc3\xa9");
}
END_TEST

START_TEST(test_decode_reads_declared_latin1_body)
{
	ck_assert_int_eq(decode_str("<?xml version=\"1.0\" "
	    "encoding=\"ISO-8859-1\"?><E:Envelope xmlns:E=\"" CWMP_SOAP_ENV_URI
	    "\" xmlns:c=\"urn:dslforum-org:cwmp-1-0\"><E:Body><c:Reboot>"
	    "<CommandKey>caf\xe9</CommandKey></c:Reboot></E:Body>"
	    "</E:Envelope>"), 0);
	ck_assert_str_eq(m.reboot_command_key, "caf\xc3\xa9");
}
END_TEST

START_TEST(test_decode_skips_junk_around_envelope)
{
	ck_assert_int_eq(decode_file("junk-around.xml"), 0);
	ck_assert_int_eq(m.method, CWMP_REBOOT);
	ck_assert_int_eq(m.ns, CWMP_NS_1_3);
	ck_assert_str_eq(m.reboot_command_key, "reboot-1");
}
END_TEST

START_TEST(test_decode_replaces_control_bytes_and_retries)
{
	ck_assert_int_eq(decode_file("control-chars.xml"), 0);
	ck_assert_int_eq(m.method, CWMP_INFORM);
	ck_assert_str_eq(m.inform.device_id.serial_number, "ZTE0001");
	ck_assert_str_eq(m.inform.params.v[0].value, "a?b?c");
	ck_assert_ptr_null(m.inform.params.v[0].type);
}
END_TEST

START_TEST(test_decode_reads_spv_fault_list)
{
	ck_assert_int_eq(decode_file("spv-fault.xml"), 0);
	ck_assert_int_eq(m.method, CWMP_FAULT);
	ck_assert_str_eq(m.fault.soap_code, "Client");
	ck_assert_int_eq(m.fault.code, 9003);
	ck_assert_str_eq(m.fault.string, "Invalid arguments");
	ck_assert_uint_eq(m.fault.nspv, 2);
	ck_assert_int_eq(m.fault.spv[0].code, 9007);
	ck_assert_str_eq(m.fault.spv[1].name,
	    "InternetGatewayDevice.DeviceInfo.SerialNumber");
	ck_assert_int_eq(m.fault.spv[1].code, 9008);
}
END_TEST

START_TEST(test_decode_empty_inputs_are_empty_messages)
{
	ck_assert_int_eq(decode_str(""), 0);
	ck_assert_int_eq(m.method, CWMP_EMPTY);
	ck_assert_int_eq(m.ns, CWMP_NS_NONE);
	ck_assert_int_eq(decode_str(" \r\n\t "), 0);
	ck_assert_int_eq(m.method, CWMP_EMPTY);
	cwmp_msg_clear(&m);
	ck_assert_int_eq(cwmp_msg_decode(NULL, 0, &m, &errstr), 0);
	ck_assert_int_eq(decode_file("empty-body.xml"), 0);
	ck_assert_int_eq(m.method, CWMP_EMPTY);
	ck_assert_str_eq(m.hdr.id, "e1");
}
END_TEST

START_TEST(test_decode_unknown_method_keeps_its_name)
{
	ck_assert_int_eq(decode_file("unknown-method.xml"), 0);
	ck_assert_int_eq(m.method, CWMP_UNKNOWN);
	ck_assert_str_eq(m.method_name, "X_VENDOR_Frobnicate");
	ck_assert_str_eq(m.hdr.id, "u1");
}
END_TEST

START_TEST(test_decode_reads_hold_requests_and_boolean_words)
{
	ck_assert_int_eq(decode_file("hold-requests.xml"), 0);
	ck_assert_int_eq(m.method, CWMP_GET_PARAMETER_NAMES);
	ck_assert_int_eq(m.hdr.hold_requests, 1);
	ck_assert_str_eq(m.gpn.parameter_path, "InternetGatewayDevice.");
	ck_assert(!m.gpn.next_level);
}
END_TEST

static const char *const booleans[][2] = {
	{ "1", "1" }, { "0", "0" }, { "true", "1" }, { "FALSE", "0" },
	{ " True\n", "1" }, { "yes", "-" }, { "", "-" }, { "10", "-" },
};

START_TEST(test_decode_booleans_are_true_false_1_0_only)
{
	char	doc[512];
	int	rv;

	snprintf(doc, sizeof(doc), "<Envelope><Body><GetParameterNames>"
	    "<ParameterPath>X.</ParameterPath><NextLevel>%s</NextLevel>"
	    "</GetParameterNames></Body></Envelope>", booleans[_i][0]);
	rv = decode_str(doc);
	if (booleans[_i][1][0] == '-') {
		ck_assert_int_eq(rv, -1);
		ck_assert_str_eq(errstr, "invalid boolean");
	} else {
		ck_assert_int_eq(rv, 0);
		ck_assert_int_eq(m.gpn.next_level, booleans[_i][1][0] == '1');
	}
}
END_TEST

START_TEST(test_decode_reports_every_namespace_version)
{
	char	doc[512];

	snprintf(doc, sizeof(doc), "<s:Envelope xmlns:s=\"%s\" "
	    "xmlns:cwmp=\"urn:dslforum-org:cwmp-1-%d\"><s:Body>"
	    "<cwmp:FactoryReset/></s:Body></s:Envelope>", CWMP_SOAP_ENV_URI,
	    _i);
	ck_assert_int_eq(decode_str(doc), 0);
	ck_assert_int_eq(m.method, CWMP_FACTORY_RESET);
	ck_assert_int_eq(m.ns, _i <= CWMP_NS_MAX ? _i : CWMP_NS_NONE);
}
END_TEST

START_TEST(test_decode_rejects_truncated_document)
{
	ck_assert_int_eq(decode_file("truncated.xml"), -1);
	ck_assert_str_eq(errstr, "truncated XML document");
}
END_TEST

START_TEST(test_decode_rejects_doctype_and_entities)
{
	ck_assert_int_eq(decode_file("entity-bomb.xml"), -1);
	ck_assert_str_eq(errstr, "DOCTYPE not allowed in SOAP");
	ck_assert_int_eq(decode_str("<Envelope><Body><Reboot><CommandKey>"
	    "&undefined;</CommandKey></Reboot></Body></Envelope>"), -1);
	ck_assert_ptr_nonnull(errstr);
}
END_TEST

START_TEST(test_decode_never_fetches_external_entities)
{
	/* Without a DOCTYPE nothing can name a SYSTEM entity. */
	ck_assert_int_eq(decode_str("<?xml version=\"1.0\"?><!DOCTYPE x "
	    "SYSTEM \"http://127.0.0.1:1/x.dtd\"><Envelope/>"), -1);
	ck_assert_str_eq(errstr, "DOCTYPE not allowed in SOAP");
}
END_TEST

START_TEST(test_decode_rejects_bad_number)
{
	ck_assert_int_eq(decode_file("bad-number.xml"), -1);
	ck_assert_str_eq(errstr, "invalid or out-of-range number");
	ck_assert_int_eq(decode_str("<Envelope><Body><InformResponse>"
	    "<MaxEnvelopes>-1</MaxEnvelopes></InformResponse></Body>"
	    "</Envelope>"), -1);
}
END_TEST

START_TEST(test_decode_rejects_non_envelope)
{
	ck_assert_int_eq(decode_file("not-envelope.xml"), -1);
	ck_assert_str_eq(errstr, "not a SOAP envelope");
	ck_assert_int_eq(decode_str("garbage without tags"), -1);
	ck_assert_str_eq(errstr, "no XML in body");
	ck_assert_int_eq(decode_str("<a><b></a>"), -1);
	ck_assert_str_eq(errstr, "mismatched XML end tag");
}
END_TEST

START_TEST(test_decode_rejects_body_over_ceiling)
{
	char	*big;
	size_t	 len = CWMP_BODY_MAX + 1;

	big = malloc(len);
	ck_assert_ptr_nonnull(big);
	memset(big, ' ', len);
	memcpy(big, "<Envelope>", 10);
	memcpy(big + len - 11, "</Envelope>", 11);
	cwmp_msg_clear(&m);
	ck_assert_int_eq(cwmp_msg_decode(big, len, &m, &errstr), -1);
	ck_assert_str_eq(errstr, "body larger than CWMP_BODY_MAX");
	free(big);
}
END_TEST

START_TEST(test_decode_takes_inner_cwmp_fault)
{
	ck_assert_int_eq(decode_str("<Envelope><Body><Fault><faultcode>Server"
	    "</faultcode><faultstring>boom</faultstring></Fault></Body>"
	    "</Envelope>"), 0);
	ck_assert_int_eq(m.method, CWMP_FAULT);
	ck_assert_int_eq(m.fault.code, 0);
	ck_assert_str_eq(m.fault.string, "boom");
}
END_TEST

START_TEST(test_decode_uses_only_the_first_body)
{
	ck_assert_int_eq(decode_str("<Envelope><Header><ID>a</ID></Header>"
	    "<Header><ID>b</ID></Header><Body><Reboot><CommandKey>k1"
	    "</CommandKey></Reboot></Body><Body><Frob/></Body></Envelope>"),
	    0);
	ck_assert_int_eq(m.method, CWMP_REBOOT);
	ck_assert_ptr_null(m.method_name);
	ck_assert_str_eq(m.hdr.id, "a");
	ck_assert_str_eq(m.reboot_command_key, "k1");
}
END_TEST

START_TEST(test_decode_change_du_state_array_form)
{
	ck_assert_int_eq(decode_str("<Envelope><Body><ChangeDUState>"
	    "<Operations><InstallOpStruct><URL>http://u/</URL>"
	    "</InstallOpStruct><UninstallOpStruct><UUID>x</UUID>"
	    "</UninstallOpStruct></Operations><Operations><UUID>y</UUID>"
	    "<Version>2</Version></Operations><CommandKey>c</CommandKey>"
	    "</ChangeDUState></Body></Envelope>"), 0);
	ck_assert_int_eq(m.method, CWMP_CHANGE_DU_STATE);
	ck_assert_uint_eq(m.change_du_state.ops.n, 3);
	ck_assert_int_eq(m.change_du_state.ops.v[0].kind, CWMP_DU_INSTALL);
	ck_assert_str_eq(m.change_du_state.ops.v[0].url, "http://u/");
	ck_assert_int_eq(m.change_du_state.ops.v[1].kind, CWMP_DU_UNINSTALL);
	ck_assert_str_eq(m.change_du_state.ops.v[1].uuid, "x");
	/* No xsi:type and no struct name: an install is the default. */
	ck_assert_int_eq(m.change_du_state.ops.v[2].kind, CWMP_DU_INSTALL);
	ck_assert_str_eq(m.change_du_state.ops.v[2].version, "2");
	ck_assert_str_eq(m.change_du_state.command_key, "c");
}
END_TEST

START_TEST(test_decode_accepts_completed_time_misspelling)
{
	ck_assert_int_eq(decode_str("<Envelope><Body><DownloadResponse>"
	    "<Status>9000</Status><StartTime>0001-01-01T00:00:00Z</StartTime>"
	    "<CompletedTime>2026-01-01T00:00:00Z</CompletedTime>"
	    "</DownloadResponse></Body></Envelope>"), 0);
	ck_assert_int_eq(m.method, CWMP_DOWNLOAD_RESPONSE);
	/* freecwmp's invalid Status 9000 is kept for the caller to judge. */
	ck_assert_int_eq(m.transfer_resp.status, 9000);
	ck_assert_str_eq(m.transfer_resp.complete_time,
	    "2026-01-01T00:00:00Z");
}
END_TEST

START_TEST(test_header_rejects_bad_session_timeout)
{
	ck_assert_int_eq(decode_str("<Envelope><Header><SessionTimeout>soon"
	    "</SessionTimeout></Header><Body/></Envelope>"), -1);
	ck_assert_str_eq(errstr, "invalid SessionTimeout header");
}
END_TEST

START_TEST(test_header_copy_is_deep)
{
	struct cwmp_header	a, b;

	cwmp_header_init(&a);
	cwmp_header_init(&b);
	a.id = strdup("x");
	a.use_version = strdup("1.4");
	a.hold_requests = 0;
	cwmp_header_copy(&b, &a);
	cwmp_header_clear(&a);
	ck_assert_str_eq(b.id, "x");
	ck_assert_str_eq(b.use_version, "1.4");
	ck_assert_int_eq(b.hold_requests, 0);
	ck_assert_int_eq(b.session_timeout, -1);
	cwmp_header_clear(&b);
}
END_TEST

START_TEST(test_ns_uris_map_both_ways)
{
	int	i;

	for (i = CWMP_NS_1_0; i <= CWMP_NS_MAX; i++)
		ck_assert_int_eq(cwmp_ns_from_uri(cwmp_ns_uri(i)), i);
	ck_assert_ptr_null(cwmp_ns_uri(5));
	ck_assert_int_eq(cwmp_ns_from_uri("urn:dslforum-org:cwmp-1-5"),
	    CWMP_NS_NONE);
	ck_assert_int_eq(cwmp_ns_from_uri("urn:dslforum-org:cwmp-1-22"),
	    CWMP_NS_NONE);
	ck_assert_int_eq(cwmp_ns_from_uri(NULL), CWMP_NS_NONE);
}
END_TEST

START_TEST(test_version_select_follows_cwmp_md_rule_3)
{
	struct cwmp_header	h;

	cwmp_header_init(&h);
	ck_assert_int_eq(cwmp_version_select(CWMP_NS_1_0, &h, 4), 0);
	ck_assert_int_eq(cwmp_version_select(CWMP_NS_NONE, NULL, 4), 0);
	ck_assert_int_eq(cwmp_version_select(CWMP_NS_1_1, &h, 4), 1);
	ck_assert_int_eq(cwmp_version_select(CWMP_NS_1_2, &h, 4), 2);
	h.session_timeout = 30;
	ck_assert_int_eq(cwmp_version_select(CWMP_NS_1_2, &h, 4), 3);
	ck_assert_int_eq(cwmp_version_select(CWMP_NS_1_4, NULL, 4), 4);
	ck_assert_int_eq(cwmp_version_select(CWMP_NS_1_4, NULL, 2), 2);
	h.supported_versions = strdup("1.0, 1.1,1.2,1.3,1.4");
	ck_assert_int_eq(cwmp_version_select(CWMP_NS_1_2, &h, 4), 4);
	ck_assert_int_eq(cwmp_version_select(CWMP_NS_1_2, &h, 3), 3);
	free(h.supported_versions);
	h.supported_versions = strdup("2.0,1.10");
	ck_assert_int_eq(cwmp_version_select(CWMP_NS_1_2, &h, 4), -1);
	cwmp_header_clear(&h);
}
END_TEST

START_TEST(test_datetime_parses_lenient_forms_and_rejects_junk)
{
	time_t	t;
	char	buf[CWMP_DATETIME_LEN];

	ck_assert_int_eq(cwmp_datetime_parse("1970-01-01T00:01:31Z", &t), 0);
	ck_assert_int_eq(t, 91);
	ck_assert_int_eq(cwmp_datetime_parse("1970-01-01T01:01:31+01:00",
	    &t), 0);
	ck_assert_int_eq(t, 91);
	ck_assert_int_eq(cwmp_datetime_parse("1970-01-01T00:01:31.250", &t),
	    0);
	ck_assert_int_eq(t, 91);
	ck_assert_int_eq(cwmp_datetime_parse("0000-00-00T00:00:00", &t), -1);
	ck_assert_int_eq(cwmp_datetime_parse("Configuration modified b", &t),
	    -1);
	ck_assert_int_eq(cwmp_datetime_parse("2026-11-21T16:00:00+1", &t),
	    -1);
	ck_assert(cwmp_datetime_is_unknown("0001-01-01T00:00:00Z"));
	ck_assert(!cwmp_datetime_is_unknown("1970-01-01T00:00:00Z"));
	ck_assert(!cwmp_datetime_is_unknown("0000-00-00T00:00:00"));
	cwmp_datetime_format(1795276800, buf);
	ck_assert_str_eq(buf, "2026-11-21T16:00:00Z");
}
END_TEST

static Suite *
cwmp_soap_suite(void)
{
	Suite	*s = suite_create("cwmp_soap");
	TCase	*tc;

	tc = tcase_create("tolerance");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_decode_accepts_unbound_prefixes);
	tcase_add_test(tc, test_decode_matches_any_prefix_and_reports_cwmp_1_4);
	tcase_add_test(tc, test_decode_counts_children_not_array_type);
	tcase_add_test(tc, test_decode_accepts_missing_array_type_and_id);
	tcase_add_test(tc, test_decode_keeps_missing_xsi_type_and_raw_values);
	tcase_add_test(tc,
	    test_decode_accepts_zero_padded_numbers_and_dotted_names);
	tcase_add_test(tc, test_decode_reads_undeclared_latin1_body);
	tcase_add_test(tc, test_decode_reads_declared_latin1_body);
	tcase_add_test(tc, test_decode_skips_junk_around_envelope);
	tcase_add_test(tc, test_decode_replaces_control_bytes_and_retries);
	tcase_add_test(tc, test_decode_reads_spv_fault_list);
	tcase_add_test(tc, test_decode_empty_inputs_are_empty_messages);
	tcase_add_test(tc, test_decode_unknown_method_keeps_its_name);
	tcase_add_test(tc, test_decode_reads_hold_requests_and_boolean_words);
	tcase_add_loop_test(tc, test_decode_booleans_are_true_false_1_0_only,
	    0, sizeof(booleans) / sizeof(booleans[0]));
	tcase_add_loop_test(tc, test_decode_reports_every_namespace_version,
	    0, CWMP_NS_MAX + 2);
	tcase_add_test(tc, test_decode_takes_inner_cwmp_fault);
	tcase_add_test(tc, test_decode_uses_only_the_first_body);
	tcase_add_test(tc, test_decode_change_du_state_array_form);
	tcase_add_test(tc, test_decode_accepts_completed_time_misspelling);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_decode_rejects_truncated_document);
	tcase_add_test(tc, test_decode_rejects_doctype_and_entities);
	tcase_add_test(tc, test_decode_never_fetches_external_entities);
	tcase_add_test(tc, test_decode_rejects_bad_number);
	tcase_add_test(tc, test_decode_rejects_non_envelope);
	tcase_add_test(tc, test_decode_rejects_body_over_ceiling);
	tcase_add_test(tc, test_header_rejects_bad_session_timeout);
	suite_add_tcase(s, tc);
	tc = tcase_create("header");
	tcase_add_test(tc, test_header_copy_is_deep);
	tcase_add_test(tc, test_ns_uris_map_both_ways);
	tcase_add_test(tc, test_version_select_follows_cwmp_md_rule_3);
	tcase_add_test(tc,
	    test_datetime_parses_lenient_forms_and_rejects_junk);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	int	rc;

	xmlInitParser();
	rc = ck_run(cwmp_soap_suite());
	xmlCleanupParser();
	return rc;
}
