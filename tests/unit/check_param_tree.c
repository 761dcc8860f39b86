/*
 * check_param_tree.c: the parameter tree: name order, ancestor creation,
 * GetParameterNames NextLevel semantics, instances, subtree delete, value
 * checks, YAML round trip, a 20,000-parameter tree, and param_tree_put()'s
 * ordered (append) path against its searching path.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/param_tree.h"
#include "lib/yaml_doc.h"
#include "tests/unit/ck_run.h"

static struct param_tree	*t;
static const char		*errstr;

static void
setup(void)
{
	t = param_tree_new();
	errstr = NULL;
}

static void
teardown(void)
{
	param_tree_free(t);
}

static void
set(const char *name, const char *value)
{
	if (param_tree_set(t, name, value, PARAM_ANY, &errstr) == -1)
		ck_abort_msg("set %s: %s", name, errstr);
}

static void
sample(void)
{
	set("Device.DeviceInfo.Manufacturer", "ACME");
	set("Device.DeviceInfo.SoftwareVersion", "1.0");
	set("Device.DeviceInfo.VendorConfigFile.1.Name", "cfg");
	set("Device.Hosts.HostNumberOfEntries", "2");
	set("Device.Hosts.Host.2.IPAddress", "10.0.0.2");
	set("Device.Hosts.Host.10.IPAddress", "10.0.0.10");
	set("Device.Hosts.Host.10.Active", "1");
}

/* Names the iterator yields, joined by spaces. */
static char *
walk(const char *path, int flags)
{
	static char		 out[4096];
	struct param_iter	 it;
	struct param		*p;

	out[0] = '\0';
	if (param_iter_init(&it, t, path, flags, &errstr) == -1)
		return NULL;
	while ((p = param_iter_next(&it)) != NULL) {
		if (out[0] != '\0')
			strlcat(out, " ", sizeof(out));
		strlcat(out, p->name, sizeof(out));
	}
	return out;
}

START_TEST(test_name_order_is_numeric_aware)
{
	ck_assert_int_lt(param_name_cmp("A.Host.2.", "A.Host.10."), 0);
	ck_assert_int_lt(param_name_cmp("A.Host.", "A.Host.1."), 0);
	ck_assert_int_lt(param_name_cmp("A.Host.1.", "A.Host.1.X"), 0);
	ck_assert_int_lt(param_name_cmp("A.Host.9.Z", "A.Host.10.A"), 0);
	ck_assert_int_lt(param_name_cmp("A.B.10", "A.B.X"), 0);
	ck_assert_int_lt(param_name_cmp("A.B", "A.BC"), 0);
	ck_assert_int_gt(param_name_cmp("A.Host.1.", "A.Host.01."), 0);
	ck_assert_int_eq(param_name_cmp("A.B.", "A.B."), 0);
	ck_assert_int_gt(param_name_cmp("A.C", "A.B.X"), 0);
}
END_TEST

START_TEST(test_set_creates_ancestors)
{
	struct param	*p;

	sample();
	ck_assert_uint_eq(param_tree_count(t, false), 7);
	ck_assert_uint_eq(param_tree_count(t, true), 7 + 8);
	p = param_tree_get(t, "Device.Hosts.Host.10.");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(p->type, PARAM_OBJECT);
	ck_assert_ptr_null(p->value);
	ck_assert_str_eq(param_tree_get_value(t,
	    "Device.DeviceInfo.SoftwareVersion"), "1.0");
	ck_assert_ptr_null(param_tree_get_value(t, "Device.Nope"));
	/* The object remembers the highest instance it has seen. */
	ck_assert_uint_eq(param_tree_get(t, "Device.Hosts.Host.")->
	    next_instance, 10);
}
END_TEST

START_TEST(test_set_keeps_type_and_rejects_conflicts)
{
	ck_assert_int_eq(param_tree_set(t, "Device.X.Count", "5", PARAM_UINT,
	    &errstr), 0);
	ck_assert_int_eq(param_tree_set(t, "Device.X.Count", "6", PARAM_ANY,
	    &errstr), 0);
	ck_assert_int_eq(param_tree_get(t, "Device.X.Count")->type,
	    PARAM_UINT);
	ck_assert_int_eq(param_tree_set(t, "Device.X", "v", PARAM_ANY,
	    &errstr), -1);
	ck_assert_int_eq(param_tree_set(t, "Device.X.Count.Sub", "v",
	    PARAM_ANY, &errstr), -1);
	ck_assert_int_eq(param_tree_set(t, "Device.X.", "v", PARAM_ANY,
	    &errstr), -1);
	ck_assert_int_eq(param_tree_set(t, ".ExternalIPAddress", "v",
	    PARAM_ANY, &errstr), -1);
	ck_assert_int_eq(param_tree_set(t, "Device..X", "v", PARAM_ANY,
	    &errstr), -1);
	ck_assert_int_eq(param_tree_set(t, "Device.X Y", "v", PARAM_ANY,
	    &errstr), -1);
}
END_TEST

START_TEST(test_next_level_true_lists_direct_children)
{
	sample();
	ck_assert_str_eq(walk("Device.Hosts.", PARAM_ITER_NEXT_LEVEL),
	    "Device.Hosts.Host. Device.Hosts.HostNumberOfEntries");
	ck_assert_str_eq(walk("Device.Hosts.Host.", PARAM_ITER_NEXT_LEVEL),
	    "Device.Hosts.Host.2. Device.Hosts.Host.10.");
	ck_assert_str_eq(walk("", PARAM_ITER_NEXT_LEVEL), "Device.");
}
END_TEST

START_TEST(test_next_level_false_lists_self_and_descendants)
{
	sample();
	ck_assert_str_eq(walk("Device.Hosts.Host.", PARAM_ITER_SELF),
	    "Device.Hosts.Host. Device.Hosts.Host.2. "
	    "Device.Hosts.Host.2.IPAddress Device.Hosts.Host.10. "
	    "Device.Hosts.Host.10.Active Device.Hosts.Host.10.IPAddress");
	ck_assert_str_eq(walk("Device.DeviceInfo.", PARAM_ITER_LEAVES),
	    "Device.DeviceInfo.Manufacturer "
	    "Device.DeviceInfo.SoftwareVersion "
	    "Device.DeviceInfo.VendorConfigFile.1.Name");
	ck_assert_str_eq(walk("Device.DeviceInfo.Manufacturer",
	    PARAM_ITER_LEAVES), "Device.DeviceInfo.Manufacturer");
}
END_TEST

START_TEST(test_iter_rejects_unknown_path_and_next_level_on_leaf)
{
	sample();
	ck_assert_ptr_null(walk("Device.Nope.", 0));
	ck_assert_ptr_null(walk("Device.Host", 0));
	ck_assert_ptr_null(walk("Device.DeviceInfo.Manufacturer",
	    PARAM_ITER_NEXT_LEVEL));
}
END_TEST

START_TEST(test_add_instance_never_reuses_numbers)
{
	uint32_t	n;

	sample();
	ck_assert_int_eq(param_tree_add_instance(t, "Device.Hosts.Host.",
	    false, &n, &errstr), -1);
	param_tree_get(t, "Device.Hosts.Host.")->writable = true;
	ck_assert_int_eq(param_tree_add_instance(t, "Device.Hosts.Host.",
	    false, &n, &errstr), 0);
	ck_assert_uint_eq(n, 11);
	ck_assert_ptr_nonnull(param_tree_get(t, "Device.Hosts.Host.11."));
	ck_assert_int_eq(param_tree_delete(t, "Device.Hosts.Host.11.",
	    &errstr), 1);
	ck_assert_int_eq(param_tree_add_instance(t, "Device.Hosts.Host.",
	    false, &n, &errstr), 0);
	ck_assert_uint_eq(n, 12);
	ck_assert_int_eq(param_tree_add_instance(t, "Device.Nope.", true, &n,
	    &errstr), -1);
}
END_TEST

START_TEST(test_delete_removes_subtree)
{
	sample();
	ck_assert_int_eq(param_tree_delete(t, "Device.Hosts.Host.10.",
	    &errstr), 3);
	ck_assert_ptr_null(param_tree_get(t, "Device.Hosts.Host.10.Active"));
	ck_assert_ptr_nonnull(param_tree_get(t,
	    "Device.Hosts.Host.2.IPAddress"));
	ck_assert_int_eq(param_tree_delete(t, "Device.Hosts.", &errstr), 5);
	ck_assert_int_eq(param_tree_delete(t, "Device.Hosts.", &errstr), -1);
	ck_assert_int_eq(param_tree_delete(t,
	    "Device.DeviceInfo.Manufacturer", &errstr), 1);
	ck_assert_uint_eq(param_tree_count(t, false), 2);
}
END_TEST

struct vcase {
	enum param_type	 type;
	const char	*value;
	int		 ok;
};

static const struct vcase vcases[] = {
	{ PARAM_INT, "-2147483648", 1 }, { PARAM_INT, "2147483648", 0 },
	{ PARAM_INT, "12a", 0 }, { PARAM_INT, "", 0 },
	{ PARAM_UINT, "4294967295", 1 }, { PARAM_UINT, "-1", 0 },
	{ PARAM_LONG, "-9223372036854775808", 1 },
	{ PARAM_LONG, "9223372036854775808", 0 },
	{ PARAM_ULONG, "18446744073709551615", 1 },
	{ PARAM_ULONG, "18446744073709551616", 0 },
	{ PARAM_BOOL, "true", 1 }, { PARAM_BOOL, "1", 1 },
	{ PARAM_BOOL, "yes", 0 },
	{ PARAM_DATETIME, "2024-02-29T12:00:00Z", 1 },
	{ PARAM_DATETIME, "0001-01-01T00:00:00", 1 },
	{ PARAM_DATETIME, "2024-02-29T12:00:00.123+01:00", 1 },
	{ PARAM_DATETIME, "2024-13-01T00:00:00Z", 0 },
	{ PARAM_DATETIME, "2024-01-01 00:00:00", 0 },
	{ PARAM_BASE64, "SGVsbG8=", 1 }, { PARAM_BASE64, "SGVsbG8", 0 },
	{ PARAM_HEXBINARY, "00ff", 1 }, { PARAM_HEXBINARY, "0g", 0 },
	{ PARAM_STRING, "anything", 1 },
};

START_TEST(test_value_check)
{
	const struct vcase	*vc = &vcases[_i];
	int			 rv = param_value_check(vc->type, vc->value,
				    &errstr);

	if ((rv == 0) != vc->ok)
		ck_abort_msg("case %d (%s): got %d", _i, vc->value, rv);
}
END_TEST

START_TEST(test_type_names)
{
	enum param_type	type;

	ck_assert_str_eq(param_type_name(PARAM_UINT), "xsd:unsignedInt");
	ck_assert_int_eq(param_type_from_name("xsd:dateTime", &type), 0);
	ck_assert_int_eq(type, PARAM_DATETIME);
	ck_assert_int_eq(param_type_from_name("unsignedLong", &type), 0);
	ck_assert_int_eq(type, PARAM_ULONG);
	ck_assert_int_eq(param_type_from_name("xsd:float", &type), -1);
}
END_TEST

START_TEST(test_yaml_round_trip)
{
	struct yaml_doc_writer	*w = yaml_doc_writer_new();
	struct yaml_doc_node	*doc;
	struct param_tree	*t2;
	struct param		*p, *q;
	char			*text, err[256];
	size_t			 len;

	sample();
	param_tree_set(t, "Device.X.Bin", "caf\xe9", PARAM_BASE64, &errstr);
	param_tree_set(t, "Device.X.Num", "007", PARAM_INT, &errstr);
	param_tree_set(t, "Device.X.Empty", "", PARAM_ANY, &errstr);
	param_tree_set(t, "Device.X.Yes", "yes", PARAM_ANY, &errstr);
	param_tree_get(t, "Device.X.Num")->notification = 2;
	param_tree_get(t, "Device.X.Num")->writable = true;
	param_tree_set_access_list(t, "Device.X.Num", "Subscriber", &errstr);
	param_tree_get(t, "Device.Hosts.Host.")->writable = true;
	ck_assert_int_eq(param_tree_write_yaml(t, w), 0);
	text = yaml_doc_writer_finish(w, &len);
	ck_assert_ptr_nonnull(text);
	doc = yaml_doc_parse("tree", text, len, err, sizeof(err));
	ck_assert_msg(doc != NULL, "%s\n%s", err, text);
	t2 = param_tree_new();
	ck_assert_int_eq(param_tree_read_yaml(t2, doc, "tree", err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(param_tree_count(t2, true),
	    param_tree_count(t, true));
	for (p = param_tree_first(t), q = param_tree_first(t2); p != NULL;
	    p = param_tree_next(t, p), q = param_tree_next(t2, q)) {
		ck_assert_str_eq(p->name, q->name);
		ck_assert_int_eq(p->type, q->type);
		ck_assert_int_eq(p->writable, q->writable);
		ck_assert_int_eq(p->notification, q->notification);
		ck_assert_int_eq(p->mtime, q->mtime);
		ck_assert_uint_eq(p->next_instance, q->next_instance);
		if (p->value != NULL)
			ck_assert_str_eq(p->value, q->value);
	}
	ck_assert_str_eq(param_tree_get(t2, "Device.X.Num")->access_list,
	    "Subscriber");
	param_tree_free(t2);
	yaml_doc_free(doc);
	yaml_doc_writer_free(w);
	free(text);
}
END_TEST

START_TEST(test_read_yaml_reports_position)
{
	const char		*text = "Device.A: {v: x}\nDevice..B: {v: y}\n";
	struct yaml_doc_node	*doc;
	char			 err[256];

	doc = yaml_doc_parse("t", text, strlen(text), err, sizeof(err));
	ck_assert_ptr_nonnull(doc);
	ck_assert_int_eq(param_tree_read_yaml(t, doc, "t", err, sizeof(err)),
	    -1);
	ck_assert_ptr_nonnull(strstr(err, "t:2:1: Device..B:"));
	yaml_doc_free(doc);
}
END_TEST

START_TEST(test_big_tree_and_dup)
{
	char			 name[128];
	struct param_tree	*d;
	struct param_iter	 it;
	int			 i, n = 0;

	for (i = 1; i <= 20000; i++) {
		snprintf(name, sizeof(name), "Device.Hosts.Host.%d.IPAddress",
		    i);
		set(name, "x");
	}
	ck_assert_uint_eq(param_tree_count(t, false), 20000);
	ck_assert_str_eq(param_tree_get_value(t,
	    "Device.Hosts.Host.12345.IPAddress"), "x");
	d = param_tree_dup(t);
	ck_assert_uint_eq(param_tree_count(d, true),
	    param_tree_count(t, true));
	ck_assert_int_eq(param_iter_init(&it, d, "Device.Hosts.Host.",
	    PARAM_ITER_NEXT_LEVEL, &errstr), 0);
	while (param_iter_next(&it) != NULL)
		n++;
	ck_assert_int_eq(n, 20000);
	ck_assert_int_eq(param_tree_delete(d, "Device.Hosts.", &errstr),
	    40002);
	param_tree_free(d);
}
END_TEST

static void
put(struct param_tree *tree, const char *name, const char *value)
{
	struct param	 e;

	memset(&e, 0, sizeof(e));
	e.name = (char *)(uintptr_t)name;
	e.type = param_name_is_object(name) ? PARAM_OBJECT : PARAM_UINT;
	e.value = (char *)(uintptr_t)value;
	e.mtime = 1700000000;
	e.writable = value == NULL;
	if (param_tree_put(tree, &e, &errstr) == NULL)
		ck_abort_msg("put %s: %s", name, errstr);
}

/* The ordered (append) path and the searching path build the same tree. */
START_TEST(test_put_in_order_equals_put_out_of_order)
{
	struct param_tree	*r = param_tree_new();
	const struct param	*a, *b;
	char			 name[128];
	int			 i, n = 0;

	/* Tree order: objects before their contents, instances numerically. */
	put(t, "Device.", NULL);
	put(t, "Device.DeviceInfo.SoftwareVersion", "1");
	for (i = 1; i <= 300; i++) {
		snprintf(name, sizeof(name), "Device.Hosts.Host.%d.Active", i);
		put(t, name, "1");
		snprintf(name, sizeof(name), "Device.Hosts.Host.%d.IP.1.A", i);
		put(t, name, "2");
		snprintf(name, sizeof(name), "Device.Hosts.Host.%d.IP.2.", i);
		put(t, name, NULL);
	}
	put(t, "Device.Hosts.HostNumberOfEntries", "300");
	put(t, "Device.ManagementServer.URL", "http://acs");
	/* The same entries newest-first take the searching path. */
	for (a = param_tree_first(t); a != NULL; a = param_tree_next(t, a))
		n++;
	while (n > 0) {
		for (i = 0, a = param_tree_first(t); i < n - 1; i++)
			a = param_tree_next(t, a);
		ck_assert_ptr_nonnull(param_tree_put(r, a, &errstr));
		n--;
	}
	ck_assert_uint_eq(param_tree_count(t, true), param_tree_count(r, true));
	for (a = param_tree_first(t), b = param_tree_first(r); a != NULL;
	    a = param_tree_next(t, a), b = param_tree_next(r, b)) {
		ck_assert_ptr_nonnull(b);
		ck_assert_str_eq(a->name, b->name);
		ck_assert_int_eq(a->type, b->type);
		ck_assert_int_eq(a->writable, b->writable);
		ck_assert_uint_eq(a->next_instance, b->next_instance);
		ck_assert_ptr_eq(param_tree_get(t, a->name), a);
	}
	ck_assert_uint_eq(
	    param_tree_get(t, "Device.Hosts.Host.")->next_instance, 300);
	ck_assert_uint_eq(param_tree_get(t,
	    "Device.Hosts.Host.7.IP.")->next_instance, 2);
	ck_assert_int_eq(
	    param_tree_get(t, "Device.Hosts.Host.7.IP.2.")->writable, true);
	ck_assert_int_eq(param_tree_get(t, "Device.Hosts.Host.7.")->writable,
	    false);
	ck_assert_str_eq(param_tree_get_value(t, "Device.Hosts.Host.10.Active"),
	    "1");
	param_tree_free(r);
}
END_TEST

START_TEST(test_put_rejects_conflicts_on_both_paths)
{
	struct param	 e;

	put(t, "A.B", "1");
	memset(&e, 0, sizeof(e));
	/* Appending below the last entry, which is a parameter. */
	e.name = (char *)(uintptr_t)"A.B.C";
	e.type = PARAM_STRING;
	e.value = (char *)(uintptr_t)"x";
	ck_assert_ptr_null(param_tree_put(t, &e, &errstr));
	ck_assert_str_eq(errstr, "a parameter has the name of an ancestor");
	e.name = (char *)(uintptr_t)"A.B.";
	e.type = PARAM_OBJECT;
	ck_assert_ptr_null(param_tree_put(t, &e, &errstr));
	put(t, "A.C", "2");
	/* The same conflict out of order. */
	e.name = (char *)(uintptr_t)"A.B.D.";
	ck_assert_ptr_null(param_tree_put(t, &e, &errstr));
	/* A parameter without a value, an object name as a parameter. */
	e.name = (char *)(uintptr_t)"A.D";
	e.type = PARAM_STRING;
	e.value = NULL;
	ck_assert_ptr_null(param_tree_put(t, &e, &errstr));
	e.name = (char *)(uintptr_t)"A.E.";
	e.value = (char *)(uintptr_t)"x";
	ck_assert_ptr_null(param_tree_put(t, &e, &errstr));
	ck_assert_uint_eq(param_tree_count(t, true), 3);
}
END_TEST

static Suite *
param_tree_suite(void)
{
	Suite	*s = suite_create("param_tree");
	TCase	*tc;

	tc = tcase_create("tree");
	/* The 20,000-entry tree takes seconds in sanitizer builds. */
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_name_order_is_numeric_aware);
	tcase_add_test(tc, test_set_creates_ancestors);
	tcase_add_test(tc, test_set_keeps_type_and_rejects_conflicts);
	tcase_add_test(tc, test_add_instance_never_reuses_numbers);
	tcase_add_test(tc, test_delete_removes_subtree);
	tcase_add_test(tc, test_big_tree_and_dup);
	tcase_add_test(tc, test_put_in_order_equals_put_out_of_order);
	tcase_add_test(tc, test_put_rejects_conflicts_on_both_paths);
	suite_add_tcase(s, tc);
	tc = tcase_create("iter");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_next_level_true_lists_direct_children);
	tcase_add_test(tc, test_next_level_false_lists_self_and_descendants);
	tcase_add_test(tc,
	    test_iter_rejects_unknown_path_and_next_level_on_leaf);
	suite_add_tcase(s, tc);
	tc = tcase_create("value");
	tcase_add_loop_test(tc, test_value_check, 0,
	    (int)(sizeof(vcases) / sizeof(vcases[0])));
	tcase_add_test(tc, test_type_names);
	suite_add_tcase(s, tc);
	tc = tcase_create("yaml");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_yaml_round_trip);
	tcase_add_test(tc, test_read_yaml_reports_position);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(param_tree_suite());
}
