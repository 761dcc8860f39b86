/*
 * check_rule_jobs.c: rule actions become dirqueue jobs with the argument
 * trees acsd dispatches, origin "rule:<name>", unique keys and the right
 * idempotence; tag/untag/exec make no job.
 */
#include "config.h"

#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/dirqueue.h"
#include "lib/rule_engine.h"
#include "lib/rule_jobs.h"
#include "lib/rule_memdev.h"
#include "tests/unit/ck_run.h"

static struct rule_memdev *md;
static struct rule_actions acts;
static struct dirqueue_job jobs[RULE_JOBS_PER_ACTION];

static void
setup(void)
{
	size_t i;

	md = rule_memdev_new();
	rule_memdev_set_id(md, RULE_ID_DEVICE_ID, "00147F-X-1");
	rule_memdev_set_id(md, RULE_ID_SERIAL_NUMBER, "1");
	rule_memdev_set(md, "Device.A", "0", "xsd:unsignedInt");
	rule_actions_init(&acts);
	for (i = 0; i < RULE_JOBS_PER_ACTION; i++)
		dirqueue_job_init(&jobs[i]);
}

static void
teardown(void)
{
	size_t i;

	for (i = 0; i < RULE_JOBS_PER_ACTION; i++)
		dirqueue_job_clear(&jobs[i]);
	rule_actions_clear(&acts);
	rule_memdev_free(md);
}

static void
eval(const char *yaml)
{
	struct rule_load_errors errs = { 0 };
	struct ruleset *rs = ruleset_new();
	struct rule_input in = { 0 };

	if (ruleset_load_buffer(rs, "t", yaml, strlen(yaml), &errs) == -1)
		ck_abort_msg("%s", errs.msg[0]);
	in.dev = rule_memdev_device(md);
	ruleset_eval(rs, &in, NULL, &acts);
	ruleset_free(rs);
}

START_TEST(test_jobs_set_and_readback)
{
	const struct dirqueue_arg *l, *p;
	char buf[RULE_NAME_MAX + 1];

	eval("rules:\n  - name: s\n    do: [set: {Device.A: 5, "
	     "Device.B: \"${SerialNumber}\"}]\n");
	ck_assert_uint_eq(
	    rule_jobs_from_action(TAILQ_FIRST(&acts.list), "dev", 100, 0, jobs),
	    2);
	ck_assert_str_eq(jobs[0].rpc, "SetParameterValues");
	ck_assert_str_eq(jobs[0].origin, "rule:s");
	ck_assert(jobs[0].idempotent);
	l = dirqueue_arg_get(jobs[0].args, "ParameterList");
	ck_assert_uint_eq(l->nitems, 2);
	p = l->items[0];
	ck_assert_str_eq(dirqueue_arg_get_str(p, "Name"), "Device.A");
	ck_assert_str_eq(dirqueue_arg_get_str(p, "Value"), "5");
	ck_assert_str_eq(dirqueue_arg_get_str(p, "Type"), "xsd:unsignedInt");
	ck_assert_str_eq(
	    dirqueue_arg_get_str(l->items[1], "Type"), "xsd:string");
	ck_assert_int_eq(
	    strncmp(
	        dirqueue_arg_get_str(jobs[0].args, "ParameterKey"), "rule-", 5),
	    0);
	ck_assert_uint_le(
	    strlen(dirqueue_arg_get_str(jobs[0].args, "ParameterKey")), 32);
	ck_assert_str_eq(jobs[1].rpc, "GetParameterValues");
	l = dirqueue_arg_get(jobs[1].args, "ParameterNames");
	ck_assert_uint_eq(l->nitems, 2);
	ck_assert_str_eq(l->items[1]->str, "Device.B");
	ck_assert_str_eq(rule_jobs_rule(&jobs[1], buf, sizeof(buf)), "s");
}
END_TEST

START_TEST(test_jobs_transfer_keys_unique)
{
	struct rule_action *a;
	char k1[40];

	eval("rules:\n  - name: fw\n    do: [download: {url: http://h/f, "
	     "file_size: 10}]\n");
	a = TAILQ_FIRST(&acts.list);
	ck_assert_uint_eq(rule_jobs_from_action(a, "dev", 100, 0, jobs), 1);
	ck_assert_str_eq(jobs[0].rpc, "Download");
	ck_assert(!jobs[0].idempotent);
	ck_assert_str_eq(
	    dirqueue_arg_get_str(jobs[0].args, "URL"), "http://h/f");
	ck_assert_str_eq(dirqueue_arg_get_str(jobs[0].args, "FileSize"), "10");
	ck_assert_str_eq(dirqueue_arg_get_str(jobs[0].args, "FileType"),
	    "1 Firmware Upgrade Image");
	strlcpy(
	    k1, dirqueue_arg_get_str(jobs[0].args, "CommandKey"), sizeof(k1));
	dirqueue_job_clear(&jobs[0]);
	ck_assert_uint_eq(rule_jobs_from_action(a, "dev", 100, 1, jobs), 1);
	ck_assert_str_ne(k1, dirqueue_arg_get_str(jobs[0].args, "CommandKey"));
}
END_TEST

START_TEST(test_jobs_every_rpc)
{
	static const struct {
		const char *rpc;
		bool idem;
	} want[] = {
		{ "GetParameterValues", true },
		{ "AddObject", false },
		{ "DeleteObject", false },
		{ "Upload", false },
		{ "Reboot", false },
		{ "FactoryReset", false },
		{ "ScheduleInform", true },
	};
	struct rule_action *a;
	size_t i = 0, n;

	eval("rules:\n  - name: all\n    do:\n"
	     "      - refresh: Device.\n      - add_object: Device.O.\n"
	     "      - delete_object: Device.O.2.\n"
	     "      - upload: {url: http://h/u}\n      - reboot: true\n"
	     "      - factory_reset: true\n      - schedule_inform: 5\n"
	     "      - tag: t\n      - exec: {program: /bin/true}\n");
	TAILQ_FOREACH(a, &acts.list, entry) {
		n = rule_jobs_from_action(a, "dev", 1, 0, jobs);
		if (i >= sizeof(want) / sizeof(want[0])) {
			ck_assert_uint_eq(n, 0); /* tag, exec */
			continue;
		}
		ck_assert_uint_eq(n, 1);
		ck_assert_str_eq(jobs[0].rpc, want[i].rpc);
		ck_assert_int_eq(jobs[0].idempotent, want[i].idem);
		dirqueue_job_clear(&jobs[0]);
		i++;
	}
	ck_assert_uint_eq(i, sizeof(want) / sizeof(want[0]));
}
END_TEST

static int
rm_cb(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	return remove(path);
}

static int
count_cb(const struct dirqueue_job *job, const char *errstr, void *arg)
{
	ck_assert_str_eq(job->origin, "rule:q");
	(*(int *)arg)++;
	return 0;
}

START_TEST(test_jobs_enqueue)
{
	struct dirqueue *dq;
	char dir[] = "/tmp/check_rule_jobs.XXXXXX";
	const char *errstr;
	int n = 0;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	dq = dirqueue_open(dir, "h", DIRQUEUE_NOSYNC, &errstr);
	ck_assert_ptr_nonnull(dq);
	eval("rules:\n  - name: q\n    do: [set: {Device.A: 1}, reboot: "
	     "true, tag: x]\n");
	ck_assert_int_eq(
	    rule_jobs_enqueue(dq, "00147F-X-1", &acts, 100, &errstr), 3);
	ck_assert_int_eq(dirqueue_list(dq, "00147F-X-1", DIRQUEUE_QUEUE,
	                     count_cb, &n, &errstr),
	    0);
	ck_assert_int_eq(n, 3);
	dirqueue_free(dq);
	ck_assert_int_eq(nftw(dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS), 0);
}
END_TEST

static Suite *
rule_jobs_suite(void)
{
	Suite *s = suite_create("rule_jobs");
	TCase *tc = tcase_create("jobs");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_jobs_set_and_readback);
	tcase_add_test(tc, test_jobs_transfer_keys_unique);
	tcase_add_test(tc, test_jobs_every_rpc);
	tcase_add_test(tc, test_jobs_enqueue);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(rule_jobs_suite());
}
