/*
 * ck_run.h: the main() every Check suite shares.  A suite's main is
 * "return ck_run(foo_suite());": run every test case (forked, so a crash
 * fails one test, not the suite), print Check's summary, exit 0 only when
 * nothing failed.
 */
#ifndef ANTHILL_CK_RUN_H
#define ANTHILL_CK_RUN_H

#include <check.h>
#include <stdlib.h>

static inline int
ck_run(Suite *s)
{
	SRunner	*sr = srunner_create(s);
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
