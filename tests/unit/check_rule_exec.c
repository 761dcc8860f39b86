/*
 * check_rule_exec.c: the exec action runner with small shell programs
 * under tests/data/rules/exec: a program that reads the device JSON and
 * answers with actions, one that times out, one that fails, one that asks
 * for exec (refused), one that floods its output, and programs outside
 * the allowed directory.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/rule_engine.h"
#include "lib/rule_exec.h"
#include "lib/rule_memdev.h"
#include "tests/unit/ck_run.h"

static struct rule_memdev *md;
static struct rule_actions out;
static struct rule_load_errors errs;
static char dir[1024];

static void
setup(void)
{
	const char *top = getenv("top_srcdir");

	snprintf(dir, sizeof(dir), "%s/tests/data/rules/exec",
	    top != NULL ? top : ".");
	md = rule_memdev_new();
	rule_memdev_set_id(md, RULE_ID_SERIAL_NUMBER, "CP1234");
	rule_memdev_set_id(md, RULE_ID_DEVICE_ID, "00147F-CP1234");
	rule_memdev_set(md, "Device.A", "a\"b", "xsd:string");
	rule_memdev_tag(md, "lab", true);
	rule_actions_init(&out);
	memset(&errs, 0, sizeof(errs));
}

static void
teardown(void)
{
	rule_actions_clear(&out);
	rule_load_errors_clear(&errs);
	rule_memdev_free(md);
}

/* Runs program (relative to dir unless absolute) with timeout. */
static int
run(const char *program, unsigned timeout)
{
	struct rule_action a;
	struct rule_arg args[2];
	struct rule_input in = { 0 };
	char path[1200];

	if (*program == '/')
		strlcpy(path, program, sizeof(path));
	else
		snprintf(path, sizeof(path), "%s/%s", dir, program);
	memset(&a, 0, sizeof(a));
	a.kind = RULE_ACT_EXEC;
	a.rule = (char *)"x";
	a.timeout = timeout;
	args[0].name = (char *)"program";
	args[0].value = path;
	args[0].type = NULL;
	args[1].name = (char *)"arg";
	args[1].value = (char *)"zz";
	args[1].type = NULL;
	a.args = args;
	a.nargs = 2;
	in.dev = rule_memdev_device(md);
	return rule_exec_run(&a, dir, &in, &out, &errs);
}

START_TEST(test_exec_input_json)
{
	struct rule_input in = { 0 };
	static const char *const ev[] = { "1 BOOT" };
	char *s;
	size_t len;

	in.dev = rule_memdev_device(md);
	in.events = ev;
	in.nevents = 1;
	s = rule_exec_input("r", &in, &len);
	ck_assert_str_eq(s,
	    "{\"rule\":\"r\",\"id\":{\"SerialNumber\":"
	    "\"CP1234\",\"DeviceID\":\"00147F-CP1234\"},\"events\":"
	    "[\"1 BOOT\"],\"tags\":[\"lab\"],\"params\":{\"Device.A\":"
	    "{\"value\":\"a\\\"b\",\"type\":\"xsd:string\"}}}\n");
	ck_assert_uint_eq(len, strlen(s));
	free(s);
}
END_TEST

START_TEST(test_exec_ok)
{
	struct rule_action *a;

	ck_assert_msg(
	    run("ok.sh", 10) == 0, "%s", errs.count > 0 ? errs.msg[0] : "?");
	ck_assert_uint_eq(out.count, 2);
	a = TAILQ_FIRST(&out.list);
	ck_assert_int_eq(a->kind, RULE_ACT_SET);
	ck_assert_str_eq(a->rule, "x");
	ck_assert_str_eq(a->args[0].value, "00147F-CP1234-zz");
	ck_assert_int_eq(TAILQ_NEXT(a, entry)->kind, RULE_ACT_TAG);
}
END_TEST

START_TEST(test_exec_timeout)
{
	time_t t0 = time(NULL);

	ck_assert_int_eq(run("slow.sh", 1), -1);
	ck_assert_int_le(time(NULL) - t0, 4);
	ck_assert_ptr_nonnull(strstr(errs.msg[0], "slow.sh: timed out"));
}
END_TEST

START_TEST(test_exec_failure_discards_output)
{
	ck_assert_int_eq(run("fail.sh", 10), -1);
	ck_assert_uint_eq(out.count, 0);
	ck_assert_msg(
	    strstr(errs.msg[0], "failed (non-zero exit status)") != NULL, "%s",
	    errs.msg[0]);
}
END_TEST

START_TEST(test_exec_cannot_chain)
{
	ck_assert_int_eq(run("chain.sh", 10), -1);
	ck_assert_uint_eq(out.count, 0);
	ck_assert_str_eq(errs.msg[0],
	    "x:1:12: exec output cannot ask for "
	    "exec");
}
END_TEST

START_TEST(test_exec_output_cap)
{
	ck_assert_int_eq(run("flood.sh", 10), -1);
	ck_assert_ptr_nonnull(strstr(errs.msg[0], "printed too much"));
}
END_TEST

START_TEST(test_exec_outside_dir_refused)
{
	ck_assert_int_eq(run("/bin/true", 10), -1);
	ck_assert_str_eq(errs.msg[0],
	    "x: exec /bin/true: program is outside "
	    "the exec directory");
	rule_load_errors_clear(&errs);
	ck_assert_int_eq(run("../exec/../../rules/valid.yaml", 10), -1);
	ck_assert_ptr_nonnull(strstr(errs.msg[0], "program is"));
}
END_TEST

START_TEST(test_exec_no_dir_refused)
{
	struct rule_action a;
	struct rule_arg arg = { (char *)"program", (char *)"/bin/true", NULL };
	struct rule_input in = { 0 };

	memset(&a, 0, sizeof(a));
	a.kind = RULE_ACT_EXEC;
	a.rule = (char *)"x";
	a.args = &arg;
	a.nargs = 1;
	in.dev = rule_memdev_device(md);
	ck_assert_int_eq(rule_exec_run(&a, NULL, &in, &out, &errs), -1);
	ck_assert_str_eq(errs.msg[0],
	    "x: exec /bin/true: exec is not "
	    "enabled (no exec directory configured)");
}
END_TEST

static Suite *
rule_exec_suite(void)
{
	Suite *s = suite_create("rule_exec");
	TCase *tc = tcase_create("exec");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_exec_input_json);
	tcase_add_test(tc, test_exec_ok);
	tcase_add_test(tc, test_exec_timeout);
	tcase_add_test(tc, test_exec_failure_discards_output);
	tcase_add_test(tc, test_exec_cannot_chain);
	tcase_add_test(tc, test_exec_output_cap);
	tcase_add_test(tc, test_exec_outside_dir_refused);
	tcase_add_test(tc, test_exec_no_dir_refused);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(rule_exec_suite());
}
