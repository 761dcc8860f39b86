/*
 * check_rule_rollout.c: rollout control through ruleset_eval() with a
 * gate over an in-memory struct rule_progress: max_in_flight, percent,
 * verification of declarative rules, failure backoff and give-up, the
 * failure-rate pause and resume, the in-flight timeout, and forgetting
 * entries in a scratch copy.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/rule_engine.h"
#include "lib/rule_memdev.h"
#include "lib/rule_rollout.h"
#include "tests/unit/ck_run.h"

#define NDEV 200

static struct rule_memdev *devs[NDEV];
static struct rule_progress *prog;
static struct ruleset *rs;
static time_t now = 1000000;

static enum rule_gate_verdict
test_decide(void *ctx, const struct rule *r, const char *devid, bool has,
    unsigned njobs, time_t t)
{
	return rule_rollout_decide(ctx, r, devid, has, njobs, t);
}

static void
setup(void)
{
	char id[32];
	int i;

	for (i = 0; i < NDEV; i++) {
		devs[i] = rule_memdev_new();
		snprintf(id, sizeof(id), "00147F-TG-%04d", i);
		rule_memdev_set_id(devs[i], RULE_ID_DEVICE_ID, id);
		rule_memdev_set(
		    devs[i], "Device.DeviceInfo.SoftwareVersion", "2.3", NULL);
		rule_memdev_set(devs[i], "Device.X", "0", NULL);
	}
	prog = NULL;
	rs = NULL;
}

static void
teardown(void)
{
	int i;

	for (i = 0; i < NDEV; i++)
		rule_memdev_free(devs[i]);
	rule_progress_free(prog);
	ruleset_free(rs);
}

static void
load(const char *yaml)
{
	struct rule_load_errors errs = { 0 };

	rs = ruleset_new();
	if (ruleset_load_buffer(rs, "t", yaml, strlen(yaml), &errs) == -1)
		ck_abort_msg("%s", errs.msg[0]);
	prog = rule_progress_new("r");
}

/* Evaluates device i; returns the number of actions let through. */
static size_t
eval(int i)
{
	struct rule_gate gate = { test_decide, NULL };
	struct rule_input in = { 0 };
	struct rule_actions acts;
	size_t n;

	gate.ctx = prog;
	in.dev = rule_memdev_device(devs[i]);
	in.now = now;
	rule_actions_init(&acts);
	ruleset_eval(rs, &in, &gate, &acts);
	n = acts.count;
	rule_actions_clear(&acts);
	return n;
}

static const char *
id(int i)
{
	return rule_memdev_device(devs[i])->ops->id(devs[i], RULE_ID_DEVICE_ID);
}

#define FW                                                                     \
	"rules:\n  - name: r\n    when: {param: "                              \
	"Device.DeviceInfo.SoftwareVersion, version: < 2.4}\n"                 \
	"    do: [download: {url: http://h/f}]\n"

START_TEST(test_rollout_max_in_flight)
{
	int i, admitted = 0;

	load(FW "    rollout: {max_in_flight: 3}\n");
	for (i = 0; i < 10; i++)
		admitted += eval(i) > 0;
	ck_assert_int_eq(admitted, 3);
	ck_assert_uint_eq(prog->in_flight, 3);
	ck_assert_uint_eq(prog->matched, 3);
	/* Device 0 is in flight: not sent twice. */
	ck_assert_uint_eq(eval(0), 0);
	/* One finishes: one more may start. */
	rule_rollout_job_done(prog, ruleset_rule(rs, 0), id(0), true, now);
	ck_assert_uint_eq(prog->done, 1);
	ck_assert_uint_eq(prog->in_flight, 2);
	ck_assert_uint_eq(eval(5), 1);
	ck_assert_uint_eq(eval(6), 0);
}
END_TEST

START_TEST(test_rollout_percent)
{
	int i, admitted = 0, want = 0;

	load(FW "    rollout: {percent: 20}\n");
	for (i = 0; i < NDEV; i++) {
		admitted += eval(i) > 0;
		want += rule_bucket(id(i), NULL) < 20;
	}
	ck_assert_int_eq(admitted, want);
	ck_assert_int_gt(admitted, NDEV / 10);
	ck_assert_int_lt(admitted, NDEV * 3 / 10);
}
END_TEST

START_TEST(test_rollout_pause_on_failure_rate)
{
	const struct rule *r;
	int i;

	load(FW "    rollout: {pause_failure_rate: 50%, "
	        "pause_min_samples: 4, retry_backoff: 60}\n");
	r = ruleset_rule(rs, 0);
	for (i = 0; i < 6; i++)
		ck_assert_uint_eq(eval(i), 1);
	rule_rollout_job_done(prog, r, id(0), true, now);
	rule_rollout_job_done(prog, r, id(1), false, now);
	rule_rollout_job_done(prog, r, id(2), true, now);
	ck_assert(!prog->paused); /* 3 samples < 4 */
	rule_rollout_job_done(prog, r, id(3), false, now);
	ck_assert(prog->paused); /* 2 of 4 = 50% */
	ck_assert_str_eq(prog->pause_reason,
	    "2 of 4 outcomes failed (50%), "
	    "threshold 50%");
	/* Paused: new devices wait, in-flight ones still finish. */
	ck_assert_uint_eq(eval(10), 0);
	rule_rollout_job_done(prog, r, id(4), true, now);
	ck_assert_uint_eq(prog->done, 3);
	rule_rollout_resume(prog);
	ck_assert_uint_eq(eval(10), 1);
}
END_TEST

START_TEST(test_rollout_backoff_and_give_up)
{
	const struct rule *r;

	load(FW "    rollout: {retry_backoff: 60, max_attempts: 3}\n");
	r = ruleset_rule(rs, 0);
	ck_assert_uint_eq(eval(0), 1);
	rule_rollout_job_done(prog, r, id(0), false, now);
	ck_assert_uint_eq(eval(0), 0); /* backoff 60 s */
	now += 59;
	ck_assert_uint_eq(eval(0), 0);
	now += 1;
	ck_assert_uint_eq(eval(0), 1); /* retry 2 */
	rule_rollout_job_done(prog, r, id(0), false, now);
	now += 60;
	ck_assert_uint_eq(eval(0), 0); /* backoff doubled: 120 s */
	now += 60;
	ck_assert_uint_eq(eval(0), 1); /* retry 3 */
	rule_rollout_job_done(prog, r, id(0), false, now);
	now += 100000;
	ck_assert_uint_eq(eval(0), 0); /* gave up */
	ck_assert_int_eq(
	    rule_progress_find(prog, id(0))->phase, RULE_PHASE_GAVE_UP);
	ck_assert_uint_eq(prog->failed, 3);
	/* Upgraded by other means: the rule forgets the device. */
	rule_memdev_set(
	    devs[0], "Device.DeviceInfo.SoftwareVersion", "2.4", NULL);
	ck_assert_uint_eq(eval(0), 0);
	ck_assert_ptr_null(rule_progress_find(prog, id(0)));
}
END_TEST

START_TEST(test_rollout_timeout_fails_device)
{
	load(FW "    rollout: {timeout: 100, max_in_flight: 1}\n");
	ck_assert_uint_eq(eval(0), 1);
	ck_assert_uint_eq(eval(1), 0); /* max_in_flight */
	now += 101;
	ck_assert_uint_eq(eval(1), 1); /* device 0 timed out */
	ck_assert_uint_eq(prog->failed, 1);
	ck_assert_int_eq(
	    rule_progress_find(prog, id(0))->phase, RULE_PHASE_BACKOFF);
	/* A late answer for the expired device changes nothing. */
	rule_rollout_job_done(prog, ruleset_rule(rs, 0), id(0), true, now);
	ck_assert_uint_eq(prog->done, 0);
}
END_TEST

START_TEST(test_rollout_declarative_verify)
{
	const struct rule *r;

	load("rules:\n  - name: r\n    do: [set: {Device.X: 1}]\n");
	r = ruleset_rule(rs, 0);
	ck_assert_uint_eq(eval(0), 1);
	rule_rollout_job_done(prog, r, id(0), true, now); /* SPV */
	ck_assert_int_eq(
	    rule_progress_find(prog, id(0))->phase, RULE_PHASE_QUEUED);
	rule_rollout_job_done(prog, r, id(0), true, now); /* GPV */
	ck_assert_int_eq(
	    rule_progress_find(prog, id(0))->phase, RULE_PHASE_VERIFY);
	/* The read-back shows the value: done, and no new work. */
	rule_memdev_set(devs[0], "Device.X", "1", NULL);
	ck_assert_uint_eq(eval(0), 0);
	ck_assert_uint_eq(prog->done, 1);
	ck_assert_ptr_null(rule_progress_find(prog, id(0)));
	ck_assert_uint_eq(eval(0), 0);

	/* Device 1 accepts the SPV but keeps the old value: failed. */
	ck_assert_uint_eq(eval(1), 1);
	rule_rollout_job_done(prog, r, id(1), true, now);
	rule_rollout_job_done(prog, r, id(1), true, now);
	ck_assert_uint_eq(eval(1), 0);
	ck_assert_uint_eq(prog->failed, 1);
	ck_assert_int_eq(
	    rule_progress_find(prog, id(1))->phase, RULE_PHASE_BACKOFF);
}
END_TEST

START_TEST(test_rollout_tags_only)
{
	load("rules:\n  - name: r\n    do: [tag: seen]\n");
	ck_assert_uint_eq(eval(0), 1);
	ck_assert_int_eq(
	    rule_progress_find(prog, id(0))->phase, RULE_PHASE_VERIFY);
	rule_memdev_tag(devs[0], "seen", true);
	ck_assert_uint_eq(eval(0), 0);
	ck_assert_uint_eq(prog->done, 1);
}
END_TEST

/* A forgotten entry still counts toward max_in_flight. */
START_TEST(test_progress_forget_keeps_counters)
{
	struct rule_devstate *d;
	int i, admitted = 0;

	load(FW "    rollout: {max_in_flight: 2}\n");
	for (i = 0; i < 5; i++) {
		admitted += eval(i) > 0;
		if ((d = rule_progress_find(prog, id(i))) != NULL)
			rule_progress_forget(prog, d);
	}
	ck_assert_int_eq(admitted, 2);
	ck_assert_ptr_null(rule_progress_first(prog));
	ck_assert_uint_eq(prog->in_flight, 2);
	ck_assert_uint_eq(prog->matched, 2);
}
END_TEST

static Suite *
rule_rollout_suite(void)
{
	Suite *s = suite_create("rule_rollout");
	TCase *tc = tcase_create("decide");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_rollout_max_in_flight);
	tcase_add_test(tc, test_rollout_percent);
	tcase_add_test(tc, test_rollout_pause_on_failure_rate);
	tcase_add_test(tc, test_rollout_backoff_and_give_up);
	tcase_add_test(tc, test_rollout_timeout_fails_device);
	tcase_add_test(tc, test_rollout_declarative_verify);
	tcase_add_test(tc, test_rollout_tags_only);
	tcase_add_test(tc, test_progress_forget_keeps_counters);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(rule_rollout_suite());
}
