/*
 * check_json.c: the JSON writer: nesting, commas, escaping.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>

#include "lib/json.h"
#include "tests/unit/ck_run.h"

START_TEST(test_json_nests_objects_and_arrays_with_commas)
{
	struct buf	b;
	struct json	j;

	buf_init(&b, 0);
	json_init(&j, &b);
	json_object_begin(&j);
	json_kv_string(&j, "id", "CP0644JTHJ4");
	json_key(&j, "list");
	json_array_begin(&j);
	json_int(&j, 1);
	json_int(&j, 2);
	json_object_begin(&j);
	json_kv_bool(&j, "ok", true);
	json_object_end(&j);
	json_array_end(&j);
	json_kv_int(&j, "n", -3);
	json_object_end(&j);
	ck_assert_str_eq(b.data,
	    "{\"id\":\"CP0644JTHJ4\",\"list\":[1,2,{\"ok\":true}],\"n\":-3}");
	buf_clear(&b);
}
END_TEST

START_TEST(test_json_escapes_control_and_quote_characters)
{
	struct buf	b;

	buf_init(&b, 0);
	json_escape(&b, "a\"b\\c\nd\001");
	ck_assert_str_eq(b.data, "\"a\\\"b\\\\c\\nd\\u0001\"");
	buf_clear(&b);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("json");
	TCase	*tc = tcase_create("write");

	tcase_add_test(tc, test_json_nests_objects_and_arrays_with_commas);
	tcase_add_test(tc, test_json_escapes_control_and_quote_characters);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
