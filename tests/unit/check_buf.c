/*
 * check_buf.c: the buf module: growth, the ceiling, release.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "tests/unit/ck_run.h"

START_TEST(test_buf_grows_past_initial_capacity)
{
	struct buf	b;
	int		i;

	buf_init(&b, 0);
	for (i = 0; i < 10000; i++)
		ck_assert_int_eq(buf_addch(&b, 'x'), 0);
	ck_assert_uint_eq(b.len, 10000);
	ck_assert_int_eq(b.data[b.len], '\0');
	buf_clear(&b);
}
END_TEST

START_TEST(test_buf_refuses_to_pass_ceiling)
{
	struct buf	b;

	buf_init(&b, 8);
	ck_assert_int_eq(buf_addstr(&b, "12345678"), 0);
	ck_assert_int_eq(buf_addch(&b, '9'), -1);
	ck_assert_int_eq(buf_printf(&b, "%d", 1), -1);
	ck_assert_uint_eq(b.len, 8);
	ck_assert_str_eq(b.data, "12345678");
	buf_clear(&b);
}
END_TEST

START_TEST(test_buf_release_hands_over_data)
{
	struct buf	b;
	size_t		len;
	char		*p;

	buf_init(&b, 0);
	buf_printf(&b, "%s-%d", "id", 42);
	p = buf_release(&b, &len);
	ck_assert_str_eq(p, "id-42");
	ck_assert_uint_eq(len, 5);
	ck_assert_ptr_null(b.data);
	free(p);
}
END_TEST

static Suite *
buf_suite(void)
{
	Suite	*s = suite_create("buf");
	TCase	*tc = tcase_create("buf");

	tcase_add_test(tc, test_buf_grows_past_initial_capacity);
	tcase_add_test(tc, test_buf_refuses_to_pass_ceiling);
	tcase_add_test(tc, test_buf_release_hands_over_data);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(buf_suite());
}
