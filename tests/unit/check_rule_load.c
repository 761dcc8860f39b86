/*
 * check_rule_load.c: loading rule files: a valid file with every operator
 * and action, and a table of invalid inputs with the exact
 * "file:line:column: message" each must produce.  A failed load must add
 * no rules.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/rule_engine.h"
#include "tests/unit/ck_run.h"

static char *
data_path(const char *name)
{
	const char *top = getenv("top_srcdir");
	char *p;

	if (asprintf(&p, "%s/tests/data/rules/%s", top != NULL ? top : ".",
	        name) == -1)
		abort();
	return p;
}

START_TEST(test_load_valid_file)
{
	struct rule_load_errors errs = { 0 };
	struct ruleset *rs;
	char *path = data_path("valid.yaml");
	const char *paths[1] = { path };

	rs = ruleset_load(paths, 1, &errs);
	ck_assert_msg(rs != NULL, "%s", errs.count > 0 ? errs.msg[0] : "?");
	ck_assert_uint_eq(ruleset_count(rs), 3);
	ck_assert_str_eq(rule_name(ruleset_rule(rs, 0)), "fw-upgrade");
	ck_assert_uint_eq(rule_line(ruleset_rule(rs, 0)), 3);
	ck_assert_ptr_nonnull(ruleset_find(rs, "misc"));
	ck_assert_ptr_null(ruleset_find(rs, "nope"));
	ruleset_free(rs);
	free(path);
}
END_TEST

START_TEST(test_load_duplicate_across_files)
{
	struct rule_load_errors errs = { 0 };
	struct ruleset *rs = ruleset_new();
	const char *a = "rules:\n  - name: x\n    do:\n"
	                "      - reboot: true\n";
	const char *b = "rules:\n  - name: y\n    do: [reboot: "
	                "true]\n  - name: x\n    do: [reboot: true]\n";

	ck_assert_int_eq(
	    ruleset_load_buffer(rs, "a.yaml", a, strlen(a), &errs), 0);
	ck_assert_int_eq(
	    ruleset_load_buffer(rs, "b.yaml", b, strlen(b), &errs), -1);
	ck_assert_uint_eq(errs.count, 1);
	ck_assert_str_eq(errs.msg[0],
	    "b.yaml:4:5: duplicate rule name "
	    "\"x\" (first at a.yaml:2:5)");
	/* The bad file added nothing, not even its good rule y. */
	ck_assert_uint_eq(ruleset_count(rs), 1);
	ck_assert_ptr_null(ruleset_find(rs, "y"));
	rule_load_errors_clear(&errs);
	ruleset_free(rs);
}
END_TEST

START_TEST(test_load_missing_file)
{
	struct rule_load_errors errs = { 0 };
	struct ruleset *rs = ruleset_new();

	ck_assert_int_eq(
	    ruleset_load_file(rs, "/nonexistent/r.yaml", &errs), -1);
	ck_assert_str_eq(errs.msg[0],
	    "/nonexistent/r.yaml: No such file or "
	    "directory");
	rule_load_errors_clear(&errs);
	ruleset_free(rs);
}
END_TEST

START_TEST(test_load_empty_file)
{
	struct rule_load_errors errs = { 0 };
	struct ruleset *rs = ruleset_new();

	ck_assert_int_eq(ruleset_load_buffer(rs, "e", "", 0, &errs), 0);
	ck_assert_uint_eq(ruleset_count(rs), 0);
	ruleset_free(rs);
}
END_TEST

#define R "rules:\n  - name: r\n"
static const struct {
	const char *yaml;
	const char *error;
} bad[] = {
	{ "rules: [\n",
	    "t.yaml:2:1: did not find expected node content "
	    "while parsing a flow node" },
	{ "rule: []\n",
	    "t.yaml:1:1: unknown top-level key \"rule\" "
	    "(expected rules)" },
	{ "rules: {}\n", "t.yaml:1:8: rules must be a list of rules" },
	{ "- a\n", "t.yaml:1:1: a rule file must be a mapping" },
	{ "rules:\n  - do: [reboot: true]\n",
	    "t.yaml:2:5: rule has no "
	    "name" },
	{ R, "t.yaml:2:5: rule \"r\" has no do: actions" },
	{ R "    do: []\n", "t.yaml:3:9: do: has no actions" },
	{ R "    do: [reboot: true]\n    colour: red\n",
	    "t.yaml:4:5: unknown rule key \"colour\" (name, description, "
	    "enabled, when, do, rollout)" },
	{ "rules:\n  - name: a b\n    do: [reboot: true]\n",
	    "t.yaml:2:11: bad character ' ' in rule name (use A-Z a-z 0-9 _ "
	    "- .)" },
	{ R "    name: s\n    do: [reboot: true]\n",
	    "t.yaml:3:5: duplicate key 'name'" },
	{ R "    do: [reboot: false]\n",
	    "t.yaml:3:18: reboot takes true "
	    "(remove the action to disable it)" },
	{ R "    do: [reboot: maybe]\n",
	    "t.yaml:3:18: expected true or "
	    "false, not \"maybe\"" },
	{ R "    do: [launch: true]\n",
	    "t.yaml:3:10: unknown action "
	    "\"launch\"" },
	{ R "    do:\n      - reboot: true\n        factory_reset: true\n",
	    "t.yaml:4:9: an action is a mapping with one key (write each "
	    "action as its own list item)" },
	{ R "    when:\n      param: Device.X\n    do: [reboot: true]\n",
	    "t.yaml:4:7: condition needs an operator (equals, not_equals, "
	    "number, version, glob, regex, exists, missing)" },
	{ R "    when:\n      equals: 3\n    do: [reboot: true]\n",
	    "t.yaml:4:7: condition needs a subject (param: PATH or id: "
	    "FIELD) or all/any/not/event/tag" },
	{ R "    when:\n      param: Device.X\n      equals: 1\n"
	    "      glob: \"*\"\n    do: [reboot: true]\n",
	    "t.yaml:6:7: only one operator per condition; combine conditions "
	    "with all:" },
	{ R "    when:\n      param: Device.X\n      like: 1\n"
	    "    do: [reboot: true]\n",
	    "t.yaml:5:7: unknown condition key \"like\"" },
	{ R "    when:\n      id: Serial\n      equals: 1\n"
	    "    do: [reboot: true]\n",
	    "t.yaml:4:11: unknown id field \"Serial\" (OUI, ProductClass, "
	    "SerialNumber, Manufacturer, DeviceID)" },
	{ R "    when:\n      param: Device.X\n      regex: \"a(b\"\n"
	    "    do: [reboot: true]\n",
	    "t.yaml:5:14: bad regular expression \"a(b\": Unmatched ( or "
	    "\\(" },
	{ R "    when:\n      param: Device.X\n      number: \"< ten\"\n"
	    "    do: [reboot: true]\n",
	    "t.yaml:5:15: \"ten\" is not a number" },
	{ R "    when:\n      param: Device.X\n      version: \"<\"\n"
	    "    do: [reboot: true]\n",
	    "t.yaml:5:16: \"<\" has no value to compare with" },
	{ R "    when:\n      param: Device X\n      exists: true\n"
	    "    do: [reboot: true]\n",
	    "t.yaml:4:14: bad character ' ' in parameter path \"Device X\"" },
	{ R "    when:\n      event: 1 BOOT\n      tag: x\n"
	    "    do: [reboot: true]\n",
	    "t.yaml:5:7: \"event\" must be alone in its condition; use a list "
	    "or all: to combine" },
	{ R "    when:\n      all: {tag: x}\n    do: [reboot: true]\n",
	    "t.yaml:4:12: all takes a list of conditions" },
	{ R "    when:\n      not: {tag: []}\n    do: [reboot: true]\n",
	    "t.yaml:4:18: tag: empty list" },
	{ R "    do:\n      - download: {file_size: 3}\n",
	    "t.yaml:4:19: download needs url" },
	{ R "    do:\n      - download: {url: \"http://u:p@h/f\"}\n",
	    "t.yaml:4:25: url must not hold credentials; use username and "
	    "password" },
	{ R "    do:\n      - download: {url: http://h/f, size: 3}\n",
	    "t.yaml:4:37: unknown download key \"size\"" },
	{ R "    do:\n      - download: {url: http://h/f, file_size: -3}\n",
	    "t.yaml:4:48: number \"-3\" is too small (0..4294967295)" },
	{ R "    do:\n      - set: {Device.X: \"${Device.Y\"}\n",
	    "t.yaml:4:25: unterminated ${" },
	{ R "    do:\n      - set: {Device.X: {value: 1, type: float}}\n",
	    "t.yaml:4:42: unknown type \"float\" (string, int, unsignedInt, "
	    "long, unsignedLong, boolean, dateTime, base64, hexBinary)" },
	{ R "    do:\n      - add_object: Device.NAT.PortMapping\n",
	    "t.yaml:4:21: object: \"Device.NAT.PortMapping\" must be an "
	    "object path ending in \".\"" },
	{ R "    do:\n      - instances: {object: Device.U.}\n",
	    "t.yaml:4:20: instances needs one object and a count" },
	{ R "    do:\n      - instances: {object: Device.U., count: 5000}\n",
	    "t.yaml:4:47: number \"5000\" is too large (0..1024)" },
	{ R "    do:\n      - exec: {program: bin/x}\n",
	    "t.yaml:4:25: program must be an absolute path without .." },
	{ R "    do:\n      - exec: {program: /bin/x, timeout: 0}\n",
	    "t.yaml:4:42: number \"0\" is too small (1..300)" },
	{ R "    do:\n      - exec: /bin/x\n",
	    "t.yaml:4:15: exec needs a mapping with program" },
	{ R "    do: [reboot: true]\n    rollout: {percent: 0}\n",
	    "t.yaml:4:14: rollout percent 0 would match nothing; set "
	    "enabled: false instead" },
	{ R "    do: [reboot: true]\n    rollout: {percent: 101%}\n",
	    "t.yaml:4:24: percent \"101%\" is too large (0..100%)" },
	{ R "    do: [reboot: true]\n    rollout: {max_inflight: 3}\n",
	    "t.yaml:4:15: unknown rollout key \"max_inflight\"" },
	{ R "    do: [reboot: true]\n    rollout: {max_attempts: x}\n",
	    "t.yaml:4:29: number \"x\" is invalid (1..100)" },
	{ R "    do:\n      - schedule_inform: {command_key: "
	    "\"0123456789012345678901234567890123\", delay_seconds: 1}\n",
	    "t.yaml:4:40: command_key longer than 32 characters" },
	{ R "    do: [reboot: true]\n    enabled: 1\n",
	    "t.yaml:4:14: expected true or false, not \"1\"" },
};
#undef R

START_TEST(test_load_rejects_with_position)
{
	struct rule_load_errors errs = { 0 };
	struct ruleset *rs = ruleset_new();
	int rv;

	rv = ruleset_load_buffer(
	    rs, "t.yaml", bad[_i].yaml, strlen(bad[_i].yaml), &errs);
	ck_assert_int_eq(rv, -1);
	ck_assert_uint_ge(errs.count, 1);
	ck_assert_str_eq(errs.msg[0], bad[_i].error);
	ck_assert_uint_eq(ruleset_count(rs), 0);
	rule_load_errors_clear(&errs);
	ruleset_free(rs);
}
END_TEST

START_TEST(test_load_reports_every_error)
{
	struct rule_load_errors errs = { 0 };
	struct ruleset *rs = ruleset_new();
	const char *y = "rules:\n"
	                "  - name: a\n    do: [boot: true]\n"
	                "  - name: b\n    do: [reboot: no]\n";

	ck_assert_int_eq(ruleset_load_buffer(rs, "t", y, strlen(y), &errs), -1);
	ck_assert_uint_eq(errs.count, 2);
	ck_assert_str_eq(errs.msg[0], "t:3:10: unknown action \"boot\"");
	ck_assert_str_eq(errs.msg[1],
	    "t:5:18: reboot takes true (remove the "
	    "action to disable it)");
	rule_load_errors_clear(&errs);
	ruleset_free(rs);
}
END_TEST

static Suite *
rule_load_suite(void)
{
	Suite *s = suite_create("rule_load");
	TCase *tc;

	tc = tcase_create("valid");
	tcase_add_test(tc, test_load_valid_file);
	tcase_add_test(tc, test_load_duplicate_across_files);
	tcase_add_test(tc, test_load_missing_file);
	tcase_add_test(tc, test_load_empty_file);
	suite_add_tcase(s, tc);
	tc = tcase_create("invalid");
	tcase_add_loop_test(tc, test_load_rejects_with_position, 0,
	    sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, test_load_reports_every_error);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(rule_load_suite());
}
