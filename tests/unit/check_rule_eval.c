/*
 * check_rule_eval.c: evaluating rules against an in-memory device: every
 * condition operator, every action (with the declarative ones producing
 * work only on a difference), templating, events, tags and the
 * per-session fire bound.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/rule_engine.h"
#include "lib/rule_memdev.h"
#include "tests/unit/ck_run.h"

static struct rule_memdev *md;
static struct rule_actions acts;

static void
setup(void)
{
	md = rule_memdev_new();
	rule_memdev_set_id(md, RULE_ID_OUI, "00147F");
	rule_memdev_set_id(md, RULE_ID_PRODUCT_CLASS, "TG789");
	rule_memdev_set_id(md, RULE_ID_SERIAL_NUMBER, "CP1234");
	rule_memdev_set_id(md, RULE_ID_MANUFACTURER, "Thomson");
	rule_memdev_set_id(md, RULE_ID_DEVICE_ID, "00147F-TG789-CP1234");
	rule_memdev_set(
	    md, "Device.DeviceInfo.SoftwareVersion", "2.3.9", "xsd:string");
	rule_memdev_set(md, "Device.ManagementServer.PeriodicInformInterval",
	    "600", "xsd:unsignedInt");
	rule_memdev_set(md, "Device.WiFi.Enable", "1", "xsd:boolean");
	rule_memdev_set(md, "Device.Users.User.1.Username", "a", NULL);
	rule_memdev_set(md, "Device.Users.User.3.Username", "b", NULL);
	rule_memdev_set(md, "Device.Users.User.10.Username", "c", NULL);
	rule_memdev_tag(md, "lab", true);
	rule_actions_init(&acts);
}

static void
teardown(void)
{
	rule_actions_clear(&acts);
	rule_memdev_free(md);
}

static struct ruleset *
load(const char *yaml)
{
	struct rule_load_errors errs = { 0 };
	struct ruleset *rs = ruleset_new();

	if (ruleset_load_buffer(rs, "t", yaml, strlen(yaml), &errs) == -1)
		ck_abort_msg("load: %s", errs.msg[0]);
	return rs;
}

/* Runs a one-rule file whose when: is cond and do: is reboot. */
static bool
matches(const char *cond, const char *const *events, size_t nevents)
{
	struct ruleset *rs;
	struct rule_input in = { 0 };
	char *y;
	int fired;

	if (asprintf(&y,
	        "rules:\n  - name: r\n    when:\n      %s\n"
	        "    do: [reboot: true]\n",
	        cond) == -1)
		abort();
	rs = load(y);
	in.dev = rule_memdev_device(md);
	in.events = events;
	in.nevents = nevents;
	fired = ruleset_eval(rs, &in, NULL, &acts);
	rule_actions_clear(&acts);
	ruleset_free(rs);
	free(y);
	return fired == 1;
}

#define SV "param: Device.DeviceInfo.SoftwareVersion, "
#define PI "param: Device.ManagementServer.PeriodicInformInterval, "
static const struct {
	const char *cond;
	bool want;
} conds[] = {
	{ "{id: OUI, equals: 00147F}", true },
	{ "{id: OUI, equals: 00147f}", true }, /* OUI case-insensitive */
	{ "{id: ProductClass, equals: tg789}", false },
	{ "{id: SerialNumber, not_equals: CP1234}", false },
	{ "{id: Manufacturer, glob: \"Thom*\"}", true },
	{ "{id: DeviceID, regex: \"^00147F-.*-CP[0-9]+$\"}", true },
	{ "{id: SerialNumber, regex: \"^cp\"}", false },
	{ "{" SV "equals: 2.3.9}", true },
	{ "{" SV "not_equals: 2.3.9}", false },
	{ "{" SV "version: < 2.4.0}", true },
	{ "{" SV "version: \"<= 2.3.9\"}", true },
	{ "{" SV "version: \"> 2.3\"}", true },
	{ "{" SV "version: \">= 2.4\"}", false },
	{ "{" SV "version: \"== 2.3.9.0\"}", true },
	{ "{" SV "version: \"!= 2.3.9\"}", false },
	{ "{" SV "version: 2.3.9}", true },
	{ "{" SV "glob: \"2.3.*\"}", true },
	{ "{" SV "glob: \"2.4.*\"}", false },
	{ "{" PI "number: < 3600}", true },
	{ "{" PI "number: \"> 600\"}", false },
	{ "{" PI "number: \">= 600\"}", true },
	{ "{" PI "number: \"== 6e2\"}", true },
	{ "{" PI "number: \"!= 600\"}", false },
	{ "{" PI "equals: \"0600\"}", true }, /* numeric type */
	{ "{" SV "number: < 3}", false }, /* not a number: false */
	{ "{param: Device.WiFi.Enable, equals: \"true\"}", true },
	{ "{param: Device.WiFi.Enable, equals: \"false\"}", false },
	{ "{param: Device.WiFi.Enable, exists: true}", true },
	{ "{param: Device.WiFi.Enable, exists: false}", false },
	{ "{param: Device.WiFi.Nope, exists: false}", true },
	{ "{param: Device.WiFi.Nope, missing: true}", true },
	{ "{param: Device.WiFi., exists: true}", true }, /* object */
	{ "{param: Device.WiFi.Nope, not_equals: x}", false },
	{ "{param: Device.WiFi.Nope, version: < 9}", false },
	{ "{tag: lab}", true },
	{ "{tag: [prod, lab]}", true },
	{ "{tag: prod}", false },
	{ "{not: {tag: prod}}", true },
	{ "{all: [{tag: lab}, {id: OUI, equals: 00147F}]}", true },
	{ "{all: [{tag: lab}, {tag: prod}]}", false },
	{ "{any: [{tag: prod}, {id: OUI, equals: 00147F}]}", true },
	{ "{any: [{tag: prod}, {tag: x}]}", false },
	{ "[{tag: lab}, {not: {not: {tag: lab}}}]", true },
	{ "{event: 1 BOOT}", true },
	{ "{event: \"1 boot\"}", true },
	{ "{event: 0 BOOTSTRAP}", false },
	{ "{event: [0 BOOTSTRAP, M Download]}", true },
	{ "{" SV "equals: \"${Device.DeviceInfo.SoftwareVersion}\"}", true },
	{ "{id: DeviceID, equals: \"${OUI}-${ProductClass}-${SerialNumber}\"}",
	    true },
	{ "{id: SerialNumber, not_equals: \"${Manufacturer}\"}", true },
	{ "{id: SerialNumber, equals: \"${Device.Nope}\"}", false },
	{ "{id: SerialNumber, not_equals: \"${Device.Nope}\"}", false },
};
#undef SV
#undef PI

START_TEST(test_eval_condition_table)
{
	static const char *const events[] = { "1 BOOT", "M Download" };

	ck_assert_msg(matches(conds[_i].cond, events, 2) == conds[_i].want,
	    "%s should %s", conds[_i].cond,
	    conds[_i].want ? "match" : "not match");
}
END_TEST

START_TEST(test_eval_no_events_no_event_match)
{
	ck_assert(!matches("{event: 1 BOOT}", NULL, 0));
	ck_assert(matches("{not: {event: 1 BOOT}}", NULL, 0));
}
END_TEST

static struct rule_action *
nth(size_t n)
{
	struct rule_action *a;

	TAILQ_FOREACH(a, &acts.list, entry)
		if (n-- == 0)
			return a;
	return NULL;
}

static int
eval(const char *yaml)
{
	struct ruleset *rs = load(yaml);
	struct rule_input in = { 0 };
	int fired;

	in.dev = rule_memdev_device(md);
	fired = ruleset_eval(rs, &in, NULL, &acts);
	ruleset_free(rs);
	return fired;
}

START_TEST(test_eval_set_only_differences)
{
	struct rule_action *a;

	ck_assert_int_eq(
	    eval("rules:\n  - name: s\n    do:\n      - set:\n"
	         "          Device.ManagementServer.PeriodicInformInterval: "
	         "3600\n"
	         "          Device.WiFi.Enable: \"true\"\n"
	         "          Device.New: {value: 5, type: int}\n"),
	    1);
	ck_assert_uint_eq(acts.count, 1);
	a = nth(0);
	ck_assert_int_eq(a->kind, RULE_ACT_SET);
	ck_assert_str_eq(a->rule, "s");
	ck_assert_str_eq(rule_action_rpc(a->kind), "SetParameterValues");
	ck_assert_uint_eq(rule_action_njobs(a), 2); /* SPV + read-back */
	ck_assert_uint_eq(a->nargs, 2); /* WiFi.Enable is already 1 */
	ck_assert_str_eq(
	    a->args[0].name, "Device.ManagementServer.PeriodicInformInterval");
	ck_assert_str_eq(a->args[0].value, "3600");
	ck_assert_str_eq(a->args[0].type, "xsd:unsignedInt");
	ck_assert_str_eq(a->args[1].name, "Device.New");
	ck_assert_str_eq(a->args[1].type, "xsd:int");
}
END_TEST

START_TEST(test_eval_set_converges)
{
	const char *y = "rules:\n  - name: s\n    do:\n      - set: "
	                "{Device.ManagementServer.PeriodicInformInterval: "
	                "3600}\n";

	ck_assert_int_eq(eval(y), 1);
	rule_actions_clear(&acts);
	rule_memdev_set(md, "Device.ManagementServer.PeriodicInformInterval",
	    "3600", "xsd:unsignedInt");
	ck_assert_int_eq(eval(y), 0);
	ck_assert_uint_eq(acts.count, 0);
}
END_TEST

START_TEST(test_eval_template)
{
	struct rule_action *a;

	ck_assert_int_eq(
	    eval("rules:\n  - name: t\n    do:\n      - set:\n"
	         "          Device.DeviceInfo.ProvisioningCode: \"${OUI}-"
	         "${ProductClass}-${SerialNumber}/${Manufacturer}/${DeviceID}/"
	         "${Device.DeviceInfo.SoftwareVersion}/$$5/$x\"\n"),
	    1);
	a = nth(0);
	ck_assert_str_eq(a->args[0].value,
	    "00147F-TG789-CP1234/Thomson/"
	    "00147F-TG789-CP1234/2.3.9/$5/$x");
}
END_TEST

START_TEST(test_eval_template_missing_param_is_error)
{
	ck_assert_int_eq(eval("rules:\n  - name: t\n    do:\n"
	                      "      - reboot: true\n      - download: {url: "
	                      "\"http://h/${Device.Nope}\"}\n"),
	    0);
	ck_assert_uint_eq(acts.count, 0); /* no half rule either */
	ck_assert_uint_eq(acts.nerrors, 1);
	ck_assert_str_eq(acts.errors[0],
	    "rule t (t:2:5): template names a "
	    "parameter the device lacks");
}
END_TEST

START_TEST(test_eval_download_defaults)
{
	struct rule_action *a;
	char *d;

	ck_assert_int_eq(
	    eval("rules:\n  - name: fw\n    do:\n"
	         "      - download: {url: \"http://h/${ProductClass}.bin\", "
	         "password: s3cret, username: u}\n"),
	    1);
	a = nth(0);
	ck_assert_str_eq(rule_action_rpc(a->kind), "Download");
	ck_assert_str_eq(rule_action_arg(a, "URL"), "http://h/TG789.bin");
	ck_assert_str_eq(
	    rule_action_arg(a, "FileType"), "1 Firmware Upgrade Image");
	ck_assert_str_eq(rule_action_arg(a, "FileSize"), "0");
	ck_assert_str_eq(rule_action_arg(a, "TargetFileName"), "");
	ck_assert_str_eq(rule_action_arg(a, "DelaySeconds"), "0");
	ck_assert_str_eq(rule_action_arg(a, "SuccessURL"), "");
	ck_assert_str_eq(rule_action_arg(a, "FailureURL"), "");
	d = rule_action_describe(a);
	ck_assert_ptr_null(strstr(d, "s3cret"));
	ck_assert_ptr_nonnull(strstr(d, "Password=********"));
	free(d);
}
END_TEST

START_TEST(test_eval_every_action)
{
	static const char *const want[] = {
		"refresh ParameterNames=Device.WiFi. "
		"ParameterNames=Device.DeviceInfo.",
		"add_object ObjectName=Device.NAT.PortMapping.",
		"delete_object ObjectName=Device.NAT.PortMapping.3.",
		"upload FileType=1 Vendor Configuration File "
		"URL=http://b/00147F-TG789-CP1234.cfg DelaySeconds=0",
		"reboot",
		"factory_reset",
		"schedule_inform DelaySeconds=30",
		"schedule_inform DelaySeconds=60 CommandKey=k",
		"tag tag=new",
		"untag tag=lab",
		"exec program=/bin/prog arg=--sn arg=CP1234",
	};
	struct rule_action *a;
	size_t i;
	char *d;

	ck_assert_int_eq(
	    eval(
	        "rules:\n  - name: all\n    do:\n"
	        "      - refresh: [Device.WiFi., Device.DeviceInfo.]\n"
	        "      - add_object: Device.NAT.PortMapping.\n"
	        "      - delete_object: Device.NAT.PortMapping.3.\n"
	        "      - upload: {url: \"http://b/${DeviceID}.cfg\"}\n"
	        "      - reboot: true\n      - factory_reset: true\n"
	        "      - schedule_inform: 30\n"
	        "      - schedule_inform: {delay_seconds: 60, command_key: k}\n"
	        "      - tag: [new, lab]\n      - untag: [lab, gone]\n"
	        "      - exec: {program: /bin/prog, args: [--sn, "
	        "\"${SerialNumber}\"], timeout: 7}\n"),
	    1);
	ck_assert_uint_eq(acts.count, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < acts.count; i++) {
		d = rule_action_describe(nth(i));
		ck_assert_str_eq(d, want[i]);
		free(d);
	}
	a = nth(acts.count - 1);
	ck_assert_uint_eq(a->timeout, 7);
	ck_assert_uint_eq(rule_action_njobs(a), 0);
	ck_assert_ptr_null(rule_action_rpc(RULE_ACT_TAG));
	ck_assert_str_eq(
	    rule_action_rpc(RULE_ACT_FACTORY_RESET), "FactoryReset");
}
END_TEST

START_TEST(test_eval_instances)
{
	char *d;

	/* Users 1, 3, 10 exist: count 1 deletes 10 then 3, refreshes. */
	ck_assert_int_eq(
	    eval("rules:\n  - name: i\n    do:\n"
	         "      - instances: {object: Device.Users.User., count: 1}\n"),
	    1);
	ck_assert_uint_eq(acts.count, 3);
	d = rule_action_describe(nth(0));
	ck_assert_str_eq(d, "delete_object ObjectName=Device.Users.User.10.");
	free(d);
	d = rule_action_describe(nth(1));
	ck_assert_str_eq(d, "delete_object ObjectName=Device.Users.User.3.");
	free(d);
	d = rule_action_describe(nth(2));
	ck_assert_str_eq(d, "refresh ParameterNames=Device.Users.User.");
	free(d);
	rule_actions_clear(&acts);
	ck_assert_int_eq(
	    eval("rules:\n  - name: i\n    do:\n"
	         "      - instances: {object: Device.Users.User., count: 5}\n"),
	    1);
	ck_assert_uint_eq(acts.count, 3); /* 2 adds + refresh */
	ck_assert_int_eq(nth(0)->kind, RULE_ACT_ADD_OBJECT);
	ck_assert_int_eq(nth(1)->kind, RULE_ACT_ADD_OBJECT);
	rule_actions_clear(&acts);
	ck_assert_int_eq(
	    eval("rules:\n  - name: i\n    do:\n"
	         "      - instances: {object: Device.Users.User., count: 3}\n"),
	    0);
}
END_TEST

START_TEST(test_eval_tag_declarative)
{
	ck_assert_int_eq(eval("rules:\n  - name: t\n    do:\n"
	                      "      - tag: lab\n      - untag: prod\n"),
	    0);
}
END_TEST

START_TEST(test_eval_disabled_and_order)
{
	ck_assert_int_eq(
	    eval("rules:\n  - name: a\n    do: [reboot: true]\n"
	         "  - name: b\n    enabled: false\n    do: [reboot: true]\n"
	         "  - name: c\n    do: [factory_reset: true]\n"),
	    2);
	ck_assert_str_eq(nth(0)->rule, "a");
	ck_assert_str_eq(nth(1)->rule, "c");
}
END_TEST

START_TEST(test_eval_session_bound)
{
	struct ruleset *rs;
	struct rule_input in = { 0 };
	int i, total = 0;

	rs = load("rules:\n  - name: a\n    do: [reboot: true]\n");
	in.dev = rule_memdev_device(md);
	in.session = rule_session_new();
	for (i = 0; i < 5; i++)
		total += ruleset_eval(rs, &in, NULL, &acts);
	ck_assert_int_eq(total, RULE_SESSION_FIRES_MAX);
	rule_session_free(in.session);
	ruleset_free(rs);
}
END_TEST

START_TEST(test_actions_parse_exec_output)
{
	struct rule_load_errors errs = { 0 };
	const char *json = "[{\"set\": {\"Device.A\": "
	                   "\"${SerialNumber}\"}}, {\"reboot\": true}]";
	const char *bad = "do:\n  - exec: {program: /bin/x}\n";

	ck_assert_int_eq(rule_actions_parse("r", json, strlen(json),
	                     rule_memdev_device(md), &acts, &errs),
	    0);
	ck_assert_uint_eq(acts.count, 2);
	ck_assert_str_eq(nth(0)->args[0].value, "CP1234");
	ck_assert_str_eq(nth(0)->rule, "r");
	ck_assert_int_eq(rule_actions_parse("r", bad, strlen(bad),
	                     rule_memdev_device(md), &acts, &errs),
	    -1);
	ck_assert_str_eq(errs.msg[0],
	    "r:2:11: exec output cannot ask for "
	    "exec");
	rule_load_errors_clear(&errs);
}
END_TEST

START_TEST(test_bucket_stable)
{
	unsigned b;
	int i, n = 0;
	char id[32];

	b = rule_bucket("00147F-TG789-CP1234", NULL);
	ck_assert_uint_eq(b, rule_bucket("00147F-TG789-CP1234", NULL));
	ck_assert_uint_lt(b, 100);
	for (i = 0; i < 10000; i++) {
		snprintf(id, sizeof(id), "00147F-TG789-CP%05d", i);
		if (rule_bucket(id, NULL) < 10)
			n++;
	}
	/* Roughly 10% of devices fall below 10. */
	ck_assert_int_gt(n, 800);
	ck_assert_int_lt(n, 1200);
}
END_TEST

static Suite *
rule_eval_suite(void)
{
	Suite *s = suite_create("rule_eval");
	TCase *tc;

	tc = tcase_create("conditions");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(
	    tc, test_eval_condition_table, 0, sizeof(conds) / sizeof(conds[0]));
	tcase_add_test(tc, test_eval_no_events_no_event_match);
	suite_add_tcase(s, tc);
	tc = tcase_create("actions");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_eval_set_only_differences);
	tcase_add_test(tc, test_eval_set_converges);
	tcase_add_test(tc, test_eval_template);
	tcase_add_test(tc, test_eval_template_missing_param_is_error);
	tcase_add_test(tc, test_eval_download_defaults);
	tcase_add_test(tc, test_eval_every_action);
	tcase_add_test(tc, test_eval_instances);
	tcase_add_test(tc, test_eval_tag_declarative);
	tcase_add_test(tc, test_eval_disabled_and_order);
	tcase_add_test(tc, test_eval_session_bound);
	tcase_add_test(tc, test_actions_parse_exec_output);
	tcase_add_test(tc, test_bucket_stable);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(rule_eval_suite());
}
