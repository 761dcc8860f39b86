/*
 * check_rule_state.c: rollout state on disk: the file format round trip,
 * two handles on one directory (as two acsd processes) sharing
 * max_in_flight, job outcomes, resume, a corrupt file failing closed and
 * a stale lock being broken.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/time.h>

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/rule_engine.h"
#include "lib/rule_memdev.h"
#include "lib/rule_state.h"
#include "tests/unit/ck_run.h"

static char dir[] = "/tmp/check_rule_state.XXXXXX";
static struct ruleset *rs;

static void
setup(void)
{
	struct rule_load_errors errs = { 0 };
	const char *y = "rules:\n  - name: fw\n    when: {param: "
	                "V, version: < 2}\n    do: [reboot: true]\n"
	                "    rollout: {max_in_flight: 2, "
	                "pause_failure_rate: 50, pause_min_samples: 2}\n";

	log_init(true, 0);
	strlcpy(dir, "/tmp/check_rule_state.XXXXXX", sizeof(dir));
	ck_assert_ptr_nonnull(mkdtemp(dir));
	rs = ruleset_new();
	ck_assert_int_eq(ruleset_load_buffer(rs, "t", y, strlen(y), &errs), 0);
}

static void
teardown(void)
{
	char cmd[256];

	ruleset_free(rs);
	snprintf(cmd, sizeof(cmd), "%s/fw.yaml", dir);
	unlink(cmd);
	snprintf(cmd, sizeof(cmd), "%s/fw.lock", dir);
	unlink(cmd);
	rmdir(dir);
}

static struct rule_memdev *
dev(int i, const char *version)
{
	struct rule_memdev *md = rule_memdev_new();
	char id[16];

	snprintf(id, sizeof(id), "dev%d", i);
	rule_memdev_set_id(md, RULE_ID_DEVICE_ID, id);
	rule_memdev_set(md, "V", version, NULL);
	return md;
}

static int
eval(struct rule_state *st, int i, const char *version)
{
	struct rule_memdev *md = dev(i, version);
	struct rule_gate gate;
	struct rule_input in = { 0 };
	struct rule_actions acts;
	int fired;

	rule_state_gate(st, &gate);
	in.dev = rule_memdev_device(md);
	in.now = 5000;
	rule_actions_init(&acts);
	fired = ruleset_eval(rs, &in, &gate, &acts);
	rule_actions_clear(&acts);
	rule_memdev_free(md);
	return fired;
}

START_TEST(test_state_format_round_trip)
{
	struct rule_progress *p, *q;
	struct rule_devstate *d;
	char *text, *text2, err[256];
	size_t len, len2;

	p = rule_progress_new("fw");
	p->matched = 7;
	p->done = 3;
	p->failed = 2;
	p->paused = true;
	p->paused_at = 99;
	strlcpy(p->pause_reason, "2 of 5: yes", sizeof(p->pause_reason));
	d = rule_progress_put(p, "00147F-A%2DB", RULE_PHASE_BACKOFF);
	d->attempts = 2;
	d->retry_at = 1234;
	d = rule_progress_put(p, "x", RULE_PHASE_QUEUED);
	d->jobs = 2;
	d->since = 77;
	text = rule_state_format(p, &len);
	ck_assert_ptr_nonnull(text);
	q = rule_state_parse("s", text, len, err, sizeof(err));
	ck_assert_msg(q != NULL, "%s", err);
	ck_assert_uint_eq(q->matched, 7);
	ck_assert_uint_eq(q->done, 3);
	ck_assert_uint_eq(q->failed, 2);
	ck_assert(q->paused);
	ck_assert_str_eq(q->pause_reason, "2 of 5: yes");
	ck_assert_uint_eq(q->in_flight, 1);
	ck_assert_uint_eq(q->backoff, 1);
	ck_assert_uint_eq(rule_progress_find(q, "x")->jobs, 2);
	ck_assert_int_eq(rule_progress_find(q, "00147F-A%2DB")->retry_at, 1234);
	text2 = rule_state_format(q, &len2);
	ck_assert_str_eq(text, text2);
	free(text);
	free(text2);
	rule_progress_free(p);
	rule_progress_free(q);
}
END_TEST

START_TEST(test_state_parse_rejects_garbage)
{
	const char *y = "rule: x\nmatched: -1\ndone: 0\nfailed: 0\n"
	                "paused_at: 0\n";
	char err[256];

	ck_assert_ptr_null(
	    rule_state_parse("s", y, strlen(y), err, sizeof(err)));
	ck_assert_str_eq(err, "s:2:10: matched is too small");
	ck_assert_ptr_null(rule_state_parse("s", "[1]", 3, err, sizeof(err)));
}
END_TEST

START_TEST(test_state_shared_max_in_flight)
{
	struct rule_state *a, *b;
	struct rule_progress *p;
	const char *errstr;

	a = rule_state_open(dir, RULE_STATE_NOSYNC, &errstr);
	b = rule_state_open(dir, RULE_STATE_NOSYNC, &errstr);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(eval(a, 1, "1.0"), 1);
	ck_assert_int_eq(eval(b, 2, "1.0"), 1);
	ck_assert_int_eq(eval(a, 3, "1.0"), 0); /* 2 in flight */
	ck_assert_int_eq(eval(b, 1, "1.0"), 0); /* already in flight */
	ck_assert_int_eq(eval(b, 9, "3.0"), 0); /* no match */
	ck_assert_int_eq(rule_state_job_done(b, ruleset_rule(rs, 0), "dev1",
	                     true, 5000, &errstr),
	    0);
	ck_assert_int_eq(eval(a, 3, "1.0"), 1);
	ck_assert_int_eq(rule_state_job_done(a, ruleset_rule(rs, 0), "dev2",
	                     false, 5000, &errstr),
	    0);
	ck_assert_int_eq(rule_state_job_done(a, ruleset_rule(rs, 0), "dev3",
	                     false, 5000, &errstr),
	    0);
	/* 2 of 3 failed >= 50%: paused, seen by the other handle too. */
	ck_assert_int_eq(eval(b, 4, "1.0"), 0);
	p = rule_state_read(b, "fw", &errstr);
	ck_assert(p->paused);
	ck_assert_uint_eq(p->matched, 3);
	ck_assert_uint_eq(p->done, 1);
	ck_assert_uint_eq(p->failed, 2);
	rule_progress_free(p);
	ck_assert_int_eq(rule_state_resume(a, "fw", &errstr), 0);
	ck_assert_int_eq(eval(b, 4, "1.0"), 1);
	rule_state_free(a);
	rule_state_free(b);
}
END_TEST

START_TEST(test_state_corrupt_fails_closed)
{
	struct rule_state *st;
	const char *errstr;
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/fw.yaml", dir);
	f = fopen(path, "w");
	fputs("rule: fw\nmatched: [\n", f);
	fclose(f);
	st = rule_state_open(dir, RULE_STATE_NOSYNC, &errstr);
	ck_assert_int_eq(eval(st, 1, "1.0"), 0);
	ck_assert_ptr_null(rule_state_read(st, "fw", &errstr));
	ck_assert_str_eq(errstr, "corrupt state file");
	rule_state_free(st);
}
END_TEST

START_TEST(test_state_breaks_stale_lock)
{
	struct rule_state *st;
	struct timeval tv[2];
	const char *errstr;
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/fw.lock", dir);
	fd = open(path, O_CREAT | O_WRONLY, 0644);
	close(fd);
	gettimeofday(&tv[0], NULL);
	tv[0].tv_sec -= RULE_STATE_LOCK_STALE + 5;
	tv[1] = tv[0];
	utimes(path, tv);
	st = rule_state_open(dir, RULE_STATE_NOSYNC, &errstr);
	ck_assert_int_eq(eval(st, 1, "1.0"), 1);
	ck_assert_int_eq(access(path, F_OK), -1); /* released */
	rule_state_free(st);
}
END_TEST

START_TEST(test_state_open_missing_dir)
{
	const char *errstr;

	ck_assert_ptr_null(rule_state_open("/nonexistent/x", 0, &errstr));
}
END_TEST

static Suite *
rule_state_suite(void)
{
	Suite *s = suite_create("rule_state");
	TCase *tc = tcase_create("state");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_state_format_round_trip);
	tcase_add_test(tc, test_state_parse_rejects_garbage);
	tcase_add_test(tc, test_state_shared_max_in_flight);
	tcase_add_test(tc, test_state_corrupt_fails_closed);
	tcase_add_test(tc, test_state_breaks_stale_lock);
	tcase_add_test(tc, test_state_open_missing_dir);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(rule_state_suite());
}
