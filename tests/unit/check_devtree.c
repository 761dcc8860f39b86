/*
 * check_devtree.c: the cpe-sim data model loader and the per-device
 * overlay tree: lookups, value checks, walks with and without NextLevel,
 * AddObject/DeleteObject with templates and nested tables, computed
 * NumberOfEntries, and the shipped models loading cleanly.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "cpe-sim/model.h"
#include "tests/unit/ck_run.h"

static struct model	*m;
static struct devtree	 t;

static void
setup(void)
{
	char	err[256], path[1024];

	snprintf(path, sizeof(path), "%s/tests/data/cpesim/small.yaml",
	    getenv("top_srcdir") ? getenv("top_srcdir") : ".");
	m = model_load_file(path, err, sizeof(err));
	if (m == NULL)
		ck_abort_msg("%s", err);
	devtree_init(&t, m);
}

static void
teardown(void)
{
	devtree_clear(&t);
	model_free(m);
}

static int
collect(const struct dt_param *p, void *arg)
{
	char	*out = arg;

	strlcat(out, p->name, 4096);
	strlcat(out, "|", 4096);
	return 0;
}

static int
collect_none(const struct dt_param *p, void *arg)
{
	return 0;
}

START_TEST(test_get_and_implied_objects)
{
	struct dt_param	p;

	ck_assert_int_eq(devtree_get(&t, "Device.DeviceInfo.", &p), 0);
	ck_assert(p.object);
	ck_assert_int_eq(devtree_get(&t, "Device.", &p), 0);
	ck_assert_int_eq(devtree_get(&t, "Device.Hosts.Host.{i}.Name", &p),
	    -1);
	ck_assert_int_eq(devtree_get(&t, "Device.Nope", &p), -1);
	ck_assert_int_eq(devtree_get(&t,
	    "Device.DeviceInfo.SoftwareVersion", &p), 0);
	ck_assert_int_eq(p.notify, 2);
	ck_assert(!p.writable);
	ck_assert_str_eq(devtree_value(&t, "Device.Hosts.HostNumberOfEntries"),
	    "1");
}
END_TEST

START_TEST(test_set_checks_and_overlay)
{
	const struct model_param	*mp;

	mp = model_find(m, "Device.ManagementServer.PeriodicInformInterval");
	ck_assert_int_eq(model_check_value(mp, "29"), 9007);
	ck_assert_int_eq(model_check_value(mp, "abc"), 9007);
	ck_assert_int_eq(model_check_value(mp, "60"), 0);
	mp = model_find(m, "Device.ManagementServer.Mode");
	ck_assert_int_eq(model_check_value(mp, "c"), 9007);
	ck_assert_int_eq(model_check_value(mp, "b"), 0);
	ck_assert_int_eq(devtree_set(&t,
	    "Device.ManagementServer.PeriodicInformInterval", "60"), 0);
	ck_assert_str_eq(devtree_value(&t,
	    "Device.ManagementServer.PeriodicInformInterval"), "60");
	ck_assert_uint_eq(t.nnodes, 1);
	/* Setting the default back drops the node. */
	devtree_set(&t, "Device.ManagementServer.PeriodicInformInterval",
	    "300");
	ck_assert_uint_eq(t.nnodes, 0);
	ck_assert_int_eq(devtree_set(&t, "Device.Hosts.", "x"), -1);
}
END_TEST

START_TEST(test_walk_next_level)
{
	char	out[4096] = "";

	ck_assert_int_eq(devtree_walk(&t, "Device.Hosts.", true, true,
	    collect, out), 0);
	ck_assert_str_eq(out, "Device.Hosts.Host.|"
	    "Device.Hosts.HostNumberOfEntries|");
	out[0] = '\0';
	ck_assert_int_eq(devtree_walk(&t, "Device.Hosts.", false, true,
	    collect, out), 0);
	ck_assert_str_eq(out, "Device.Hosts.|Device.Hosts.Host.|"
	    "Device.Hosts.Host.1.|Device.Hosts.Host.1.Name|"
	    "Device.Hosts.HostNumberOfEntries|");
	out[0] = '\0';
	ck_assert_int_eq(devtree_walk(&t, "", true, true, collect, out), 0);
	ck_assert_str_eq(out, "Device.|");
	ck_assert_int_eq(devtree_walk(&t, "Device.Nope.", true, true,
	    collect, out), -1);
}
END_TEST

START_TEST(test_add_delete_object)
{
	unsigned int	inst = 0, inst2 = 0;
	char		out[4096] = "";

	ck_assert_int_eq(devtree_add_object(&t, "Device.Hosts.Host.", &inst),
	    0);
	ck_assert_uint_eq(inst, 2);
	ck_assert_str_eq(devtree_value(&t, "Device.Hosts.Host.2.Name"), "new");
	ck_assert_str_eq(devtree_value(&t, "Device.Hosts.HostNumberOfEntries"),
	    "2");
	/* Nested table inside the added instance. */
	ck_assert_int_eq(devtree_add_object(&t, "Device.Hosts.Host.2.Addr.",
	    &inst2), 0);
	ck_assert_uint_eq(inst2, 1);
	ck_assert_str_eq(devtree_value(&t, "Device.Hosts.Host.2.Addr.1.IP"),
	    "0.0.0.0");
	ck_assert_int_eq(devtree_set(&t, "Device.Hosts.Host.2.Name", "two"),
	    0);
	ck_assert_int_eq(devtree_walk(&t, "Device.Hosts.Host.2.", false,
	    true, collect, out), 0);
	ck_assert_str_eq(out, "Device.Hosts.Host.2.|Device.Hosts.Host.2.Addr.|"
	    "Device.Hosts.Host.2.Addr.1.|Device.Hosts.Host.2.Addr.1.IP|"
	    "Device.Hosts.Host.2.Name|Device.Hosts.Host.2.Stats.|"
	    "Device.Hosts.Host.2.Stats.Bytes|");
	/* Delete a model instance and an added one; numbers not reused. */
	ck_assert_int_eq(devtree_delete_object(&t, "Device.Hosts.Host.1."), 0);
	ck_assert_ptr_null(devtree_value(&t, "Device.Hosts.Host.1.Name"));
	ck_assert_int_eq(devtree_delete_object(&t, "Device.Hosts.Host.2."), 0);
	ck_assert_str_eq(devtree_value(&t, "Device.Hosts.HostNumberOfEntries"),
	    "0");
	ck_assert_int_eq(devtree_add_object(&t, "Device.Hosts.Host.", &inst),
	    0);
	ck_assert_uint_eq(inst, 3);
	/* Not tables, or not instances. */
	ck_assert_int_eq(devtree_add_object(&t, "Device.Fixed.", &inst), 9005);
	ck_assert_int_eq(devtree_delete_object(&t, "Device.Fixed.1."), 9005);
	ck_assert_int_eq(devtree_delete_object(&t, "Device.Hosts."), 9005);
	ck_assert_int_eq(devtree_delete_object(&t, "Device.Hosts.Host.9."),
	    9005);
	devtree_reset(&t);
	ck_assert_str_eq(devtree_value(&t, "Device.Hosts.Host.1.Name"), "one");
}
END_TEST

START_TEST(test_notify_attributes)
{
	struct dt_param	p;

	ck_assert_int_eq(devtree_set_notify(&t, "Device.Hosts.Host.1.Name", 2,
	    1), 0);
	ck_assert_int_eq(devtree_get(&t, "Device.Hosts.Host.1.Name", &p), 0);
	ck_assert_int_eq(p.notify, 2);
	ck_assert(p.acl);
	devtree_set_notify(&t, "Device.Hosts.Host.1.Name", 0, 0);
	ck_assert_uint_eq(t.nnodes, 0);
}
END_TEST

START_TEST(test_shipped_models_load)
{
	const char	*files[] = { "bcm7255-stb.yaml", "thomson-st780.yaml" };
	char		 err[256], path[1024];
	struct model	*sm;
	struct devtree	 st;
	size_t		 i;

	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/cpe-sim/models/%s",
		    getenv("top_srcdir") ? getenv("top_srcdir") : ".",
		    files[i]);
		sm = model_load_file(path, err, sizeof(err));
		if (sm == NULL)
			ck_abort_msg("%s", err);
		ck_assert_uint_gt(sm->nparams, 400);
		ck_assert_uint_gt(sm->ninform, 3);
		devtree_init(&st, sm);
		ck_assert_int_eq(devtree_walk(&st, "", false, true, collect_none,
		    NULL), 0);
		devtree_clear(&st);
		model_free(sm);
	}
}
END_TEST

START_TEST(test_bad_models_rejected)
{
	const char	*bad[] = {
		"model: x\nmanufacturer: y\noui: 1\nroot: Device.\n"
		    "parameters:\n  Device.A: {type: nope}\n",
		"model: x\nmanufacturer: y\noui: 1\nroot: Device.\n"
		    "parameters:\n  Device.A: {bogus: 1}\n",
		"model: x\nmanufacturer: y\noui: 1\nroot: Device.\n"
		    "parameters:\n  Other.A: {}\n",
		"model: x\nmanufacturer: y\noui: 1\nroot: Device.\n"
		    "parameters:\n  Device.A: {type: int, value: abc}\n",
		"model: x\nroot: Device.\nparameters:\n  Device.A: {}\n",
	};
	char		 err[256], path[] = "/tmp/check_devtree.XXXXXX";
	size_t		 i;
	int		 fd;
	FILE		*fp;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fd = mkstemp(path);
		ck_assert_int_ge(fd, 0);
		fp = fdopen(fd, "w");
		fputs(bad[i], fp);
		fclose(fp);
		err[0] = '\0';
		ck_assert_ptr_null(model_load_file(path, err, sizeof(err)));
		ck_assert_str_ne(err, "");
		unlink(path);
		strlcpy(path, "/tmp/check_devtree.XXXXXX", sizeof(path));
	}
}
END_TEST

static Suite *
devtree_suite(void)
{
	Suite	*s = suite_create("devtree");
	TCase	*tc = tcase_create("tree");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_get_and_implied_objects);
	tcase_add_test(tc, test_set_checks_and_overlay);
	tcase_add_test(tc, test_walk_next_level);
	tcase_add_test(tc, test_add_delete_object);
	tcase_add_test(tc, test_notify_attributes);
	tcase_add_test(tc, test_shipped_models_load);
	tcase_add_test(tc, test_bad_models_rejected);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(devtree_suite());
}
