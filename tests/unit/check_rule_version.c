/*
 * check_rule_version.c: the version order used by the `version:` rule
 * operator, as a table of (a, b, expected sign) cases.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>

#include "lib/rule_version.h"
#include "tests/unit/ck_run.h"

static const struct {
	const char *a;
	const char *b;
	int sign;
} cases[] = {
	{ "2.4", "2.4.0", 0 },
	{ "2.4.0", "2.4", 0 },
	{ "2.4.0.0", "2.4", 0 },
	{ "2.10", "2.9", 1 },
	{ "2.9", "2.10", -1 },
	{ "2.4.0-rc1", "2.4.0", -1 },
	{ "2.4.0", "2.4.0-rc1", 1 },
	{ "2.4.0-rc1", "2.4.0-rc2", -1 },
	{ "2.4.0-rc10", "2.4.0-rc9", 1 },
	{ "2.4.0-beta", "2.4.0-rc1", -1 },
	{ "2.4.0-alpha", "2.4.0-beta", -1 },
	{ "2.4-rc1", "2.4.0-rc1", 0 },
	{ "v2.4.0", "2.4.0", 0 },
	{ "V2.4", "2.4.0", 0 },
	{ "v2.4.1", "2.4.0", 1 },
	{ "2.4.0+build7", "2.4.0", 0 },
	{ "2.4.0", "2.3.99", 1 },
	{ "10.0", "9.99.99", 1 },
	{ "1.02", "1.2", 0 },
	{ "2.4.0-1", "2.4.0", 1 },
	{ "8.2.6.1", "8.2.6", 1 },
	{ "4.3.2a", "4.3.2", 1 },
	{ "4.3.2a", "4.3.2b", -1 },
	{ "4.3.2A", "4.3.2a", 0 },
	{ "4.3.10a", "4.3.9z", 1 },
	{ "123456789012345678901234567890", "123456789012345678901234567891",
	    -1 },
	{ " 2.4.0 ", "2.4.0", 0 },
	{ "", "0", 0 },
	{ "", "0.1", -1 },
	{ "2.4.0_1", "2.4.0.1", 0 },
	{ "2.4.0~rc1", "2.4.0", -1 },
	{ "abc", "1.0", -1 },
	{ "R5.4.2.1", "R5.4.10", -1 },
};

START_TEST(test_version_cmp_table)
{
	int c;

	c = rule_version_cmp(cases[_i].a, cases[_i].b);
	c = c < 0 ? -1 : c > 0;
	ck_assert_msg(c == cases[_i].sign,
	    "cmp(\"%s\", \"%s\") = %d, "
	    "expected %d",
	    cases[_i].a, cases[_i].b, c, cases[_i].sign);
	c = rule_version_cmp(cases[_i].b, cases[_i].a);
	c = c < 0 ? -1 : c > 0;
	ck_assert_msg(c == -cases[_i].sign,
	    "not antisymmetric: \"%s\" "
	    "\"%s\"",
	    cases[_i].b, cases[_i].a);
}
END_TEST

static Suite *
rule_version_suite(void)
{
	Suite *s = suite_create("rule_version");
	TCase *tc = tcase_create("cmp");

	tcase_add_loop_test(
	    tc, test_version_cmp_table, 0, sizeof(cases) / sizeof(cases[0]));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(rule_version_suite());
}
