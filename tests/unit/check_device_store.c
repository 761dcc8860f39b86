/*
 * check_device_store.c: device keys and records, and both store back ends
 * (YAML directory, GDBM file): round trip of a record with a 3,300-entry
 * tree, missing and corrupted records, conversion both ways, the fault
 * bound, concurrent writers of different devices, the contact stamp
 * rewritten in place (device_store_touch), and SIGKILL during writes and
 * touches (the YAML file is always the old or the new record).
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <gdbm.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/device_store.h"
#include "lib/device_store_int.h"
#include "lib/fileio.h"
#include "lib/param_tree.h"
#include "lib/xmalloc.h"
#include "tests/unit/ck_run.h"

static char	tmpdir[] = "/tmp/check_device_store.XXXXXX";
static char	err[DEVICE_STORE_ERR_MAX];

static void
rm_rf(const char *path)
{
	char	cmd[512];
	pid_t	pid;

	/* Run rm directly rather than through a shell. */
	snprintf(cmd, sizeof(cmd), "%s", path);
	if ((pid = fork()) == 0) {
		execlp("rm", "rm", "-rf", cmd, (char *)NULL);
		_exit(127);
	}
	waitpid(pid, NULL, 0);
}

static void
setup(void)
{
	strlcpy(tmpdir, "/tmp/check_device_store.XXXXXX", sizeof(tmpdir));
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	err[0] = '\0';
}

static void
teardown(void)
{
	rm_rf(tmpdir);
}

/* Store spec of kind i (0 yaml, 1 gdbm) named name under tmpdir. */
static struct device_store *
open_store(int kind, const char *name, int flags)
{
	struct device_store	*st;
	char			 path[512];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	st = device_store_open(kind == 0 ? DEVICE_STORE_YAML :
	    DEVICE_STORE_GDBM, path, flags | DEVICE_STORE_CREATE |
	    DEVICE_STORE_NOSYNC, err, sizeof(err));
	ck_assert_msg(st != NULL, "open %s: %s", path, err);
	return st;
}

static struct device_record *
make_record(const char *serial, int nparams)
{
	struct device_record	*rec = device_record_new();
	struct device_id	 id;
	const char		*errstr;
	char			 name[128], value[64];
	int			 i;

	memset(&id, 0, sizeof(id));
	strlcpy(id.manufacturer, "ACME Networks", sizeof(id.manufacturer));
	strlcpy(id.oui, "00255e", sizeof(id.oui));
	strlcpy(id.product_class, "Router X", sizeof(id.product_class));
	strlcpy(id.serial, serial, sizeof(id.serial));
	ck_assert_int_eq(device_record_set_id(rec, &id), 0);
	rec->inform.time = 1700000000;
	strlcpy(rec->inform.current_time, "1970-01-01T00:00:07Z",
	    sizeof(rec->inform.current_time));
	rec->inform.retry_count = 5;
	rec->inform.nevents = 2;
	strlcpy(rec->inform.events[0].code, "0 BOOTSTRAP",
	    sizeof(rec->inform.events[0].code));
	strlcpy(rec->inform.events[1].code, "M Download",
	    sizeof(rec->inform.events[1].code));
	strlcpy(rec->inform.events[1].command_key, "fw-1",
	    sizeof(rec->inform.events[1].command_key));
	strlcpy(rec->inform.conn_req_url, "http://10.0.0.1:7547/cr",
	    sizeof(rec->inform.conn_req_url));
	device_record_add_tag(rec, "lab");
	device_record_add_tag(rec, "yes");
	device_record_set_attr(rec, "discovered", "true");
	device_record_add_fault(rec, 1700000001, 9002, "Internal error",
	    "SetParameterValues");
	for (i = 0; i < nparams; i++) {
		snprintf(name, sizeof(name),
		    "InternetGatewayDevice.LANDevice.1.Hosts.Host.%d.P%d",
		    i / 10 + 1, i % 10);
		snprintf(value, sizeof(value), "value %d: x", i);
		ck_assert_int_eq(param_tree_set(rec->tree, name, value,
		    i % 3 == 0 ? PARAM_UINT : PARAM_STRING, &errstr), 0);
	}
	return rec;
}

static char *
text_of(const struct device_record *rec)
{
	size_t	len;
	char	*t = device_record_to_yaml(rec, &len);

	ck_assert_ptr_nonnull(t);
	return t;
}

START_TEST(test_key_follows_cwmp_8_2)
{
	struct device_id	id;
	char			key[DEVICE_KEY_MAX + 1];

	memset(&id, 0, sizeof(id));
	strlcpy(id.oui, "00255e", sizeof(id.oui));
	strlcpy(id.serial, "ZTE-123\n", sizeof(id.serial));
	device_id_normalize(&id);
	ck_assert_str_eq(id.oui, "00255E");
	ck_assert_str_eq(id.serial, "ZTE-123");
	ck_assert_int_eq(device_key_make(&id, key, sizeof(key)), 0);
	ck_assert_str_eq(key, "00255E-ZTE%2D123");
	strlcpy(id.product_class, "VDSL Box/2", sizeof(id.product_class));
	ck_assert_int_eq(device_key_make(&id, key, sizeof(key)), 0);
	ck_assert_str_eq(key, "00255E-VDSL%20Box%2F2-ZTE%2D123");
	ck_assert(device_key_is_valid(key));
	ck_assert(!device_key_is_valid("../etc/passwd"));
	ck_assert(!device_key_is_valid("a/b"));
	ck_assert(!device_key_is_valid(""));
	id.serial[0] = '\0';
	ck_assert_int_eq(device_key_make(&id, key, sizeof(key)), -1);
}
END_TEST

START_TEST(test_fault_history_is_bounded)
{
	struct device_record	*rec = make_record("F1", 0), *back;
	struct device_store	*st = open_store(_i, "s", 0);
	int			 i;

	for (i = 0; i < DEVICE_FAULTS_MAX + 5; i++)
		device_record_add_fault(rec, 1000 + i, 9000 + (unsigned)i,
		    "x", "GetParameterValues");
	ck_assert_uint_eq(rec->nfaults, DEVICE_FAULTS_MAX);
	ck_assert_uint_eq(rec->faults[DEVICE_FAULTS_MAX - 1].code, 9020);
	ck_assert_uint_eq(rec->faults[0].code, 9005);
	ck_assert_int_eq(device_store_put(st, rec, err, sizeof(err)), 0);
	ck_assert_int_eq(device_store_get(st, rec->key, &back, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(back->nfaults, DEVICE_FAULTS_MAX);
	ck_assert_uint_eq(back->faults[0].code, 9005);
	device_record_free(back);
	device_record_free(rec);
	device_store_close(st);
}
END_TEST

START_TEST(test_round_trip_big_tree)
{
	struct device_record	*rec = make_record("SN-0001", 3300), *back;
	struct device_store	*st = open_store(_i, "s", 0);
	char			*a, *b;

	ck_assert_int_eq(device_store_put(st, rec, err, sizeof(err)), 0);
	ck_assert(rec->created != 0);
	ck_assert(device_store_exists(st, rec->key));
	ck_assert_int_eq(device_store_get(st, rec->key, &back, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(param_tree_count(back->tree, false), 3300);
	ck_assert_str_eq(back->id.oui, "00255E");
	ck_assert_str_eq(back->inform.events[1].command_key, "fw-1");
	ck_assert(device_record_has_tag(back, "yes"));
	ck_assert_str_eq(device_record_get_attr(back, "discovered"), "true");
	a = text_of(rec);
	b = text_of(back);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	device_record_free(back);
	device_record_free(rec);
	device_store_close(st);
}
END_TEST

START_TEST(test_missing_record_is_enoent)
{
	struct device_store	*st = open_store(_i, "s", 0);
	struct device_record	*rec;

	ck_assert_int_eq(device_store_get(st, "000000-NOPE", &rec, err,
	    sizeof(err)), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_ptr_null(rec);
	ck_assert_int_eq(device_store_delete(st, "000000-NOPE", err,
	    sizeof(err)), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(device_store_get(st, "../../etc/passwd", &rec, err,
	    sizeof(err)), -1);
	ck_assert_int_eq(errno, EINVAL);
	device_store_close(st);
}
END_TEST

/* The stored YAML file of rec in store directory "s". */
static void
yaml_path(const struct device_record *rec, char *buf, size_t len)
{
	snprintf(buf, len, "%s/s/%s.yaml", tmpdir, rec->key);
}

/*
 * device_store_touch(): contact moves, nothing else; on YAML the stamp is
 * rewritten in the same file (inode kept, the rest byte for byte), on
 * GDBM the record is put whole.  A stored record without a stamp (an
 * older writer's) or a missing one is put whole, with a stamp.
 */
START_TEST(test_touch_moves_contact_only)
{
	struct device_store	*st = open_store(_i, "s", 0);
	struct device_record	*rec = make_record("T1", 20), *got;
	struct device_store_version v1, v2;
	struct stat		 sb1, sb2, sb3;
	char			 path[512], *t1 = NULL, *t2, *body;
	size_t			 l1 = 0, l2;
	int64_t			 t;

	ck_assert_int_eq(device_store_put(st, rec, err, sizeof(err)), 0);
	ck_assert_int_eq(rec->contact, rec->inform.time);
	ck_assert_int_eq(device_store_get(st, rec->key, &got, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(got->contact, 1700000000);
	device_record_free(got);
	yaml_path(rec, path, sizeof(path));
	if (_i == 0) {
		ck_assert_int_eq(stat(path, &sb1), 0);
		t1 = fileio_read(path, DEVICE_RECORD_MAX, &l1);
		ck_assert_ptr_nonnull(t1);
		ck_assert(device_stamp_parse(t1, l1, &t));
		ck_assert_int_eq(t, 1700000000);
	}

	ck_assert_int_eq(device_store_get_version(st, rec->key, &got, &v1, err,
	    sizeof(err)), 0);
	device_record_free(got);
	ck_assert_int_eq(v1.valid, _i == 0);
	ck_assert_int_eq(device_store_unchanged(st, rec->key, &v1, err,
	    sizeof(err)), _i == 0);
	ck_assert_int_eq(device_store_touch(st, rec, 1700000500, &v2, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(rec->contact, 1700000500);
	/* The touch is a change; its own version is the one now stored. */
	ck_assert_int_eq(v2.valid, _i == 0);
	ck_assert_int_eq(device_store_unchanged(st, rec->key, &v1, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(device_store_unchanged(st, rec->key, &v2, err,
	    sizeof(err)), _i == 0);
	/* An older time never moves contact back. */
	ck_assert_int_eq(device_store_touch(st, rec, 1700000100, NULL, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(device_store_get(st, rec->key, &got, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(got->contact, 1700000500);
	ck_assert_int_eq(got->inform.time, 1700000000);
	ck_assert_str_eq(got->inform.events[1].command_key, "fw-1");
	device_record_free(got);
	if (_i == 0) {
		ck_assert_int_eq(stat(path, &sb2), 0);
		ck_assert_int_eq(sb1.st_ino, sb2.st_ino);
		t2 = fileio_read(path, DEVICE_RECORD_MAX, &l2);
		ck_assert_ptr_nonnull(t2);
		ck_assert_uint_eq(l1, l2);
		ck_assert(memcmp(t1 + DEVICE_STAMP_LEN, t2 + DEVICE_STAMP_LEN,
		    l1 - DEVICE_STAMP_LEN) == 0);
		ck_assert(device_stamp_parse(t2, l2, &t));
		ck_assert_int_eq(t, 1700000500);
		free(t2);

		/* Without a stamp: read as before, touched by a full put. */
		ck_assert_int_eq(fileio_replace(path, t1 + DEVICE_STAMP_LEN,
		    l1 - DEVICE_STAMP_LEN, 0640, false), 0);
		ck_assert_int_eq(stat(path, &sb3), 0);
		ck_assert_int_eq(device_store_unchanged(st, rec->key, &v2, err,
		    sizeof(err)), 0);
		ck_assert_int_eq(device_store_get(st, rec->key, &got, err,
		    sizeof(err)), 0);
		ck_assert_int_eq(got->contact, got->inform.time);
		ck_assert_int_eq(device_store_touch(st, got, 1700000900, NULL, err,
		    sizeof(err)), 0);
		device_record_free(got);
		ck_assert_int_eq(stat(path, &sb2), 0);
		ck_assert_int_ne(sb3.st_ino, sb2.st_ino);
		t2 = fileio_read(path, DEVICE_RECORD_MAX, &l2);
		ck_assert(device_stamp_parse(t2, l2, &t));
		ck_assert_int_eq(t, 1700000900);
		free(t2);

		/* A damaged stamp is no stamp: never written into. */
		body = xstrdup(t1);
		memcpy(body, "# contact: 12x", 14);
		ck_assert_int_eq(fileio_replace(path, body, l1, 0640, false),
		    0);
		ck_assert_int_eq(device_store_touch(st, rec, 1700001000, NULL, err,
		    sizeof(err)), 0);
		t2 = fileio_read(path, DEVICE_RECORD_MAX, &l2);
		ck_assert(device_stamp_parse(t2, l2, &t));
		ck_assert_int_eq(t, 1700001000);
		free(t2);
		free(body);
		free(t1);
	}

	/* A missing record is written whole. */
	ck_assert_int_eq(device_store_get_version(st, rec->key, &got, &v1, err,
	    sizeof(err)), 0);
	device_record_free(got);
	ck_assert_int_eq(device_store_delete(st, rec->key, err, sizeof(err)),
	    0);
	ck_assert_int_eq(device_store_unchanged(st, rec->key, &v1, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(device_store_touch(st, rec, 1700002000, NULL, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(device_store_get(st, rec->key, &got, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(got->contact, 1700002000);
	ck_assert_uint_eq(got->ntags, 2);
	device_record_free(got);
	device_record_free(rec);
	device_store_close(st);
}
END_TEST

START_TEST(test_stamp_parse)
{
	char	buf[DEVICE_STAMP_LEN + 1];
	int64_t	t = -1;

	device_stamp_format(1795300816, buf);
	ck_assert_uint_eq(strlen(buf), DEVICE_STAMP_LEN);
	ck_assert_str_eq(buf, "# contact:           1795300816\n");
	ck_assert(device_stamp_parse(buf, strlen(buf), &t));
	ck_assert_int_eq(t, 1795300816);
	device_stamp_format(0, buf);
	ck_assert(device_stamp_parse(buf, strlen(buf), &t));
	ck_assert_int_eq(t, 0);
	ck_assert(!device_stamp_parse("# contact: 1\n", 13, &t));
	ck_assert(!device_stamp_parse("format: 1\nkey: x\n", 17, &t));
	ck_assert(!device_stamp_parse(
	    "# contact:                     \n", DEVICE_STAMP_LEN, &t));
	ck_assert(!device_stamp_parse(
	    "# contact:          1 795300816\n", DEVICE_STAMP_LEN, &t));
	ck_assert(!device_stamp_parse(
	    "# contact: 99999999999999999999\n", DEVICE_STAMP_LEN, &t));
	ck_assert(!device_stamp_parse(
	    "# contact:           1795300816x", DEVICE_STAMP_LEN, &t));
}
END_TEST

/* Overwrites the stored text of key with junk, behind the store's back. */
static void
corrupt(int kind, const char *key, const char *junk)
{
	char		path[512];
	GDBM_FILE	db;
	datum		k, v;

	if (kind == 0) {
		snprintf(path, sizeof(path), "%s/s/%s.yaml", tmpdir, key);
		ck_assert_int_eq(fileio_replace(path, junk, strlen(junk), 0640,
		    false), 0);
		return;
	}
	snprintf(path, sizeof(path), "%s/s", tmpdir);
	db = gdbm_open(path, 0, GDBM_WRITER, 0640, NULL);
	ck_assert_ptr_nonnull(db);
	k.dptr = (char *)(uintptr_t)key;
	k.dsize = (int)strlen(key);
	v.dptr = (char *)(uintptr_t)junk;
	v.dsize = (int)strlen(junk);
	ck_assert_int_eq(gdbm_store(db, k, v, GDBM_REPLACE), 0);
	gdbm_close(db);
}

START_TEST(test_corrupted_record_is_reported_and_isolated)
{
	struct device_store	*st = open_store(_i, "s", 0);
	struct device_record	*a = make_record("A", 10), *b =
				    make_record("B", 10), *rec;
	char			 key[DEVICE_KEY_MAX + 1];
	char			**keys;
	size_t			 n;

	ck_assert_int_eq(device_store_put(st, a, err, sizeof(err)), 0);
	ck_assert_int_eq(device_store_put(st, b, err, sizeof(err)), 0);
	strlcpy(key, a->key, sizeof(key));
	device_store_close(st);
	corrupt(_i, key, "format: 1\nkey: [unterminated\n\x01\xff");
	st = open_store(_i, "s", 0);
	ck_assert_int_eq(device_store_get(st, key, &rec, err, sizeof(err)),
	    -1);
	ck_assert_int_eq(errno, EBADMSG);
	ck_assert_ptr_nonnull(strstr(err, "corrupted record"));
	ck_assert_int_eq(device_store_get(st, b->key, &rec, err,
	    sizeof(err)), 0);
	device_record_free(rec);
	ck_assert_int_eq(device_store_list(st, &keys, &n, err, sizeof(err)),
	    0);
	ck_assert_uint_eq(n, 2);
	device_store_keys_free(keys);
	/* A record stored under another device's key is corrupt too. */
	device_store_close(st);
	corrupt(_i, key, "format: 1\nkey: 00255E-Router%20X-B\nid: {}\n");
	st = open_store(_i, "s", 0);
	ck_assert_int_eq(device_store_get(st, key, &rec, err, sizeof(err)),
	    -1);
	ck_assert_int_eq(errno, EBADMSG);
	device_store_close(st);
	device_record_free(a);
	device_record_free(b);
}
END_TEST

START_TEST(test_convert_both_ways)
{
	struct device_store	*y = open_store(0, "y", 0);
	struct device_store	*g = open_store(1, "g", 0);
	struct device_store	*y2 = open_store(0, "y2", 0);
	struct device_record	*rec, *back;
	char			 serial[16], **keys, *a, *b;
	size_t			 n, copied, bad, i;

	for (i = 0; i < 5; i++) {
		snprintf(serial, sizeof(serial), "S%zu", i);
		rec = make_record(serial, 50);
		ck_assert_int_eq(device_store_put(y, rec, err, sizeof(err)), 0);
		device_record_free(rec);
	}
	ck_assert_int_eq(device_store_copy(y, g, &copied, &bad, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(copied, 5);
	ck_assert_uint_eq(bad, 0);
	ck_assert_int_eq(device_store_copy(g, y2, &copied, &bad, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(copied, 5);
	ck_assert_int_eq(device_store_list(y2, &keys, &n, err, sizeof(err)),
	    0);
	ck_assert_uint_eq(n, 5);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(device_store_get(y, keys[i], &rec, err,
		    sizeof(err)), 0);
		ck_assert_int_eq(device_store_get(y2, keys[i], &back, err,
		    sizeof(err)), 0);
		a = text_of(rec);
		b = text_of(back);
		ck_assert_str_eq(a, b);
		free(a);
		free(b);
		device_record_free(rec);
		device_record_free(back);
	}
	device_store_keys_free(keys);
	device_store_close(y);
	device_store_close(g);
	device_store_close(y2);
}
END_TEST

START_TEST(test_delete_and_read_only)
{
	struct device_store	*st = open_store(_i, "s", 0);
	struct device_record	*rec = make_record("D", 1);
	char			 path[512];

	ck_assert_int_eq(device_store_put(st, rec, err, sizeof(err)), 0);
	device_store_close(st);
	snprintf(path, sizeof(path), "%s/s", tmpdir);
	st = device_store_open(_i == 0 ? DEVICE_STORE_YAML : DEVICE_STORE_GDBM,
	    path, DEVICE_STORE_RDONLY, err, sizeof(err));
	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(device_store_put(st, rec, err, sizeof(err)), -1);
	ck_assert_int_eq(device_store_delete(st, rec->key, err, sizeof(err)),
	    -1);
	device_store_close(st);
	st = open_store(_i, "s", 0);
	ck_assert_int_eq(device_store_delete(st, rec->key, err, sizeof(err)),
	    0);
	ck_assert(!device_store_exists(st, rec->key));
	device_store_close(st);
	device_record_free(rec);
}
END_TEST

struct writer_arg {
	struct device_store	*st;
	int			 base;
	int			 failures;
};

static void *
writer(void *arg)
{
	struct writer_arg	*wa = arg;
	struct device_record	*rec;
	char			 serial[32], e[DEVICE_STORE_ERR_MAX];
	int			 i;

	for (i = 0; i < 25; i++) {
		snprintf(serial, sizeof(serial), "T%d", wa->base + i);
		rec = make_record(serial, 20);
		if (device_store_put(wa->st, rec, e, sizeof(e)) == -1)
			wa->failures++;
		device_record_free(rec);
	}
	return NULL;
}

START_TEST(test_concurrent_writers_of_different_devices)
{
	struct device_store	*st = open_store(_i, "s", 0);
	struct writer_arg	 wa[4];
	pthread_t		 th[4];
	struct device_record	*rec;
	char			**keys;
	size_t			 n, i;

	for (i = 0; i < 4; i++) {
		wa[i].st = st;
		wa[i].base = (int)i * 100;
		wa[i].failures = 0;
		pthread_create(&th[i], NULL, writer, &wa[i]);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		ck_assert_int_eq(wa[i].failures, 0);
	}
	ck_assert_int_eq(device_store_list(st, &keys, &n, err, sizeof(err)),
	    0);
	ck_assert_uint_eq(n, 100);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(device_store_get(st, keys[i], &rec, err,
		    sizeof(err)), 0);
		device_record_free(rec);
	}
	device_store_keys_free(keys);
	device_store_close(st);
}
END_TEST

START_TEST(test_open_spec)
{
	struct device_store	*st;
	char			 spec[600];

	snprintf(spec, sizeof(spec), "gdbm:%s/x.db", tmpdir);
	st = device_store_open_spec(spec, DEVICE_STORE_CREATE, err,
	    sizeof(err));
	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(device_store_kind(st), DEVICE_STORE_GDBM);
	device_store_close(st);
	ck_assert_ptr_null(device_store_open_spec("mysql:x", 0, err,
	    sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "yaml:DIRECTORY"));
	snprintf(spec, sizeof(spec), "yaml:%s/missing", tmpdir);
	ck_assert_ptr_null(device_store_open_spec(spec, 0, err, sizeof(err)));
}
END_TEST

/*
 * A child rewrites one record, alternating two versions, until it is
 * killed; the record read afterwards must be one of the two, whole.
 */
START_TEST(test_sigkill_during_writes_leaves_old_or_new)
{
	struct device_store	*st = open_store(0, "s", 0);
	struct device_record	*v[2], *back;
	char			*text[2], *got, *raw, path[512];
	size_t			 rawlen;
	int64_t			 t;
	pid_t			 pid;
	int			 round, i, status;
	struct timespec		 ts;

	v[0] = make_record("K", 3300);
	v[1] = make_record("K", 3300);
	param_tree_set(v[1]->tree, "InternetGatewayDevice.X", "second",
	    PARAM_ANY, &(const char *){ NULL });
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(device_store_put(st, v[i], err, sizeof(err)),
		    0);
		/* Compare without the times each put sets. */
		v[i]->created = v[i]->updated = 0;
		text[i] = text_of(v[i]);
	}
	for (round = 0; round < 10; round++) {
		if ((pid = fork()) == 0) {
			/* Whole writes, and contact stamps rewritten in place. */
			for (i = 0;; i++) {
				device_store_put(st, v[i & 1], err,
				    sizeof(err));
				device_store_touch(st, v[i & 1],
				    1800000000 + i, NULL, err, sizeof(err));
			}
		}
		ts.tv_sec = 0;
		ts.tv_nsec = 3000000 + (round % 4) * 7000000;
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		snprintf(path, sizeof(path), "%s/s/%s.yaml", tmpdir,
		    v[0]->key);
		raw = fileio_read(path, DEVICE_RECORD_MAX, &rawlen);
		ck_assert_ptr_nonnull(raw);
		ck_assert(device_stamp_parse(raw, rawlen, &t));
		free(raw);
		ck_assert_int_eq(device_store_get(st, v[0]->key, &back, err,
		    sizeof(err)), 0);
		back->updated = 0;
		back->created = 0;
		got = text_of(back);
		ck_assert(strcmp(got, text[0]) == 0 ||
		    strcmp(got, text[1]) == 0);
		free(got);
		device_record_free(back);
	}
	free(text[0]);
	free(text[1]);
	device_record_free(v[0]);
	device_record_free(v[1]);
	device_store_close(st);
}
END_TEST

static Suite *
device_store_suite(void)
{
	Suite	*s = suite_create("device_store");
	TCase	*tc;

	tc = tcase_create("record");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_key_follows_cwmp_8_2);
	tcase_add_test(tc, test_open_spec);
	tcase_add_test(tc, test_convert_both_ways);
	tcase_add_test(tc, test_stamp_parse);
	suite_add_tcase(s, tc);
	/* Loop index: 0 = YAML back end, 1 = GDBM back end. */
	tc = tcase_create("backends");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_fault_history_is_bounded, 0, 2);
	tcase_add_loop_test(tc, test_round_trip_big_tree, 0, 2);
	tcase_add_loop_test(tc, test_missing_record_is_enoent, 0, 2);
	tcase_add_loop_test(tc,
	    test_corrupted_record_is_reported_and_isolated, 0, 2);
	tcase_add_loop_test(tc, test_delete_and_read_only, 0, 2);
	tcase_add_loop_test(tc, test_touch_moves_contact_only, 0, 2);
	tcase_add_loop_test(tc, test_concurrent_writers_of_different_devices,
	    0, 2);
	suite_add_tcase(s, tc);
	tc = tcase_create("crash");
	tcase_set_timeout(tc, 90);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_sigkill_during_writes_leaves_old_or_new);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(device_store_suite());
}
