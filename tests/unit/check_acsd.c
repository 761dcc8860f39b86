/*
 * check_acsd.c: unit tests of acsd's pure parts: the lenient cookie
 * parser, request body collection (ceiling, gzip, deflate), discovery
 * bookkeeping (CWMP.md 13) and the configuration table.  The HTTP daemon
 * and sessions are covered by tests/integration/t_acsd_*.sh.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "lib/cwmp_rpc.h"
#include "acs/acs.h"
#include "tests/unit/ck_run.h"

static const struct {
	const char *header;
	const char *want; /* NULL: not found */
} cookie_cases[] = {
	{ "anthill=abc", "abc" },
	{ "a=1; anthill=abc; b=2", "abc" },
	{ "$Version=\"0\"; anthill=abc;$Path=/", "abc" },
	{ "$Version=\"0\"; anthill=\"abc\";$Path=/", "abc" },
	{ "x=1, anthill = abc ,y=2", "abc" },
	{ "ANTHILL=abc", "abc" },
	{ "anthillx=abc", NULL },
	{ "xanthill=abc", NULL },
	{ "$anthill=abc", NULL },
	{ "anthill", NULL },
	{ "", NULL },
	{ "anthill=a=b", "a=b" },
	{ "anthill=0123456789abcdef0123456789abcdef0", NULL },
};

START_TEST(test_cookie_find_cases)
{
	char out[ACS_COOKIE_HEX + 1];
	int rc;

	rc = cookie_find(cookie_cases[_i].header, "anthill", out, sizeof(out));
	if (cookie_cases[_i].want == NULL)
		ck_assert_int_eq(rc, -1);
	else {
		ck_assert_int_eq(rc, 0);
		ck_assert_str_eq(out, cookie_cases[_i].want);
	}
}
END_TEST

START_TEST(test_cookie_find_null_header)
{
	char out[8];

	ck_assert_int_eq(cookie_find(NULL, "anthill", out, sizeof(out)), -1);
}
END_TEST

START_TEST(test_body_identity_ceiling)
{
	struct http_body *hb;
	const char *d;
	size_t len;
	int st = 0;

	hb = http_body_new(NULL, 8, &st);
	ck_assert_ptr_nonnull(hb);
	ck_assert_int_eq(http_body_add(hb, "abcd", 4), 0);
	ck_assert_int_eq(http_body_add(hb, "efgh", 4), 0);
	d = http_body_data(hb, &len);
	ck_assert_uint_eq(len, 8);
	ck_assert_int_eq(memcmp(d, "abcdefgh", 8), 0);
	ck_assert_int_eq(http_body_add(hb, "i", 1), 413);
	ck_assert_int_eq(http_body_finish(hb), 413);
	http_body_free(hb);
}
END_TEST

START_TEST(test_body_rejects_unknown_encoding)
{
	int st = 0;

	ck_assert_ptr_null(http_body_new("br", 100, &st));
	ck_assert_int_eq(st, 415);
}
END_TEST

static size_t
deflate_buf(const char *in, unsigned char *out, size_t outlen, int wbits)
{
	z_stream zs;

	memset(&zs, 0, sizeof(zs));
	ck_assert_int_eq(
	    deflateInit2(&zs, 6, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY),
	    Z_OK);
	zs.next_in = (unsigned char *)(uintptr_t)in;
	zs.avail_in = strlen(in);
	zs.next_out = out;
	zs.avail_out = outlen;
	ck_assert_int_eq(deflate(&zs, Z_FINISH), Z_STREAM_END);
	deflateEnd(&zs);
	return outlen - zs.avail_out;
}

static const struct {
	const char *encoding;
	int wbits;
} z_cases[] = {
	{ "gzip", 15 + 16 },
	{ "deflate", 15 },
	{ "deflate", -15 },
};

START_TEST(test_body_inflates)
{
	static const char text[] = "<Envelope>hello hello hello</Envelope>";
	unsigned char z[256];
	struct http_body *hb;
	const char *d;
	size_t n, len, i;
	int st = 0;

	n = deflate_buf(text, z, sizeof(z), z_cases[_i].wbits);
	hb = http_body_new(z_cases[_i].encoding, 1000, &st);
	ck_assert_ptr_nonnull(hb);
	/* Byte by byte: inflation must survive any split. */
	for (i = 0; i < n; i++)
		ck_assert_int_eq(http_body_add(hb, (char *)z + i, 1), 0);
	ck_assert_int_eq(http_body_finish(hb), 0);
	d = http_body_data(hb, &len);
	ck_assert_uint_eq(len, strlen(text));
	ck_assert_int_eq(memcmp(d, text, len), 0);
	http_body_free(hb);
}
END_TEST

START_TEST(test_body_inflate_ceiling_and_truncation)
{
	char big[4096];
	unsigned char z[256];
	struct http_body *hb;
	size_t n;
	int st = 0;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	n = deflate_buf(big, z, sizeof(z), 15 + 16);
	hb = http_body_new("gzip", 1000, &st);
	ck_assert_int_eq(http_body_add(hb, (char *)z, n), 413);
	http_body_free(hb);
	hb = http_body_new("gzip", 10000, &st);
	ck_assert_int_eq(http_body_add(hb, (char *)z, n / 2), 0);
	ck_assert_int_eq(http_body_finish(hb), 400);
	http_body_free(hb);
	hb = http_body_new("gzip", 10000, &st);
	ck_assert_int_eq(http_body_add(hb, "not gzip at all", 15), 400);
	http_body_free(hb);
}
END_TEST

static void
names(struct cwmp_param_infos *pi, const char *const *v)
{
	for (; *v != NULL; v++)
		cwmp_param_infos_add(pi, *v, false);
}

START_TEST(test_discover_walks_breadth_first_and_batches)
{
	static const char *const root[] = { "R.A.", "R.B.", "R.Count", NULL };
	static const char *const a[] = { "R.A.x", "R.A.y",
		"R.A.ZNumberOfEntries", "R.A.", NULL };
	static const char *const b[] = { "R.B.k", "R.A.", NULL };
	struct discover *d;
	struct cwmp_param_infos pi;
	struct cwmp_msg m;

	memset(&pi, 0, sizeof(pi));
	cwmp_msg_init(&m, CWMP_EMPTY);
	d = discover_new("R.", 2);
	discover_known(d, "R.Count");
	ck_assert_int_eq(discover_next(d, &m), 1);
	ck_assert_int_eq(m.method, CWMP_GET_PARAMETER_NAMES);
	ck_assert_str_eq(m.gpn.parameter_path, "R.");
	ck_assert(m.gpn.next_level);
	names(&pi, root);
	discover_names(d, &pi);
	cwmp_param_infos_clear(&pi);
	ck_assert_int_eq(discover_next(d, &m), 1);
	ck_assert_str_eq(m.gpn.parameter_path, "R.A.");
	names(&pi, a);
	discover_names(d, &pi);
	cwmp_param_infos_clear(&pi);
	ck_assert_int_eq(discover_next(d, &m), 1);
	ck_assert_str_eq(m.gpn.parameter_path, "R.B.");
	/* A repeated object is not asked again. */
	names(&pi, b);
	discover_names(d, &pi);
	cwmp_param_infos_clear(&pi);
	/* Sorted leaves, batches of 2, no NumberOfEntries, no known ones. */
	ck_assert_int_eq(discover_next(d, &m), 1);
	ck_assert_int_eq(m.method, CWMP_GET_PARAMETER_VALUES);
	ck_assert_uint_eq(m.gpv.names.n, 2);
	ck_assert_str_eq(m.gpv.names.v[0], "R.A.x");
	ck_assert_str_eq(m.gpv.names.v[1], "R.A.y");
	ck_assert_int_eq(discover_next(d, &m), 1);
	ck_assert_uint_eq(m.gpv.names.n, 1);
	ck_assert_str_eq(m.gpv.names.v[0], "R.B.k");
	ck_assert_int_eq(discover_next(d, &m), 0);
	cwmp_msg_clear(&m);
	discover_free(d);
}
END_TEST

START_TEST(test_discover_fault_bookkeeping)
{
	static const char *const root[] = { "R.a", "R.b", "R.c", "R.X.", NULL };
	struct discover *d;
	struct cwmp_param_infos pi;
	struct cwmp_msg m;
	int n = 0;

	memset(&pi, 0, sizeof(pi));
	cwmp_msg_init(&m, CWMP_EMPTY);
	d = discover_new("R.", 3);
	ck_assert_int_eq(discover_next(d, &m), 1);
	names(&pi, root);
	discover_names(d, &pi);
	ck_assert_int_eq(discover_next(d, &m), 1); /* GPN R.X. */
	discover_fault(d, CWMP_GET_PARAMETER_NAMES, 9005);
	/* The same answer again adds nothing new: no loop. */
	discover_names(d, &pi);
	cwmp_param_infos_clear(&pi);
	ck_assert_int_eq(discover_next(d, &m), 1);
	ck_assert_uint_eq(m.gpv.names.n, 3);
	discover_fault(d, CWMP_GET_PARAMETER_VALUES, 9005);
	/* 9005 on a batch: each leaf once more, alone; their faults end it. */
	while (discover_next(d, &m) == 1) {
		ck_assert_uint_eq(m.gpv.names.n, 1);
		discover_fault(d, CWMP_GET_PARAMETER_VALUES, 9005);
		ck_assert_int_lt(++n, 10);
	}
	ck_assert_int_eq(n, 3);
	cwmp_msg_clear(&m);
	discover_free(d);
}
END_TEST

START_TEST(test_discover_other_fault_drops_batch)
{
	static const char *const root[] = { "R.a", "R.b", NULL };
	struct discover *d;
	struct cwmp_param_infos pi;
	struct cwmp_msg m;

	memset(&pi, 0, sizeof(pi));
	cwmp_msg_init(&m, CWMP_EMPTY);
	d = discover_new("R.", 16);
	discover_next(d, &m);
	names(&pi, root);
	discover_names(d, &pi);
	cwmp_param_infos_clear(&pi);
	ck_assert_int_eq(discover_next(d, &m), 1);
	discover_fault(d, CWMP_GET_PARAMETER_VALUES, 9001);
	ck_assert_int_eq(discover_next(d, &m), 0);
	cwmp_msg_clear(&m);
	discover_free(d);
}
END_TEST

static char *
write_conf(const char *text, int mode)
{
	char *path = strdup("/tmp/check_acsd.XXXXXX");
	int fd = mkstemp(path);
	ssize_t n;

	ck_assert_int_ne(fd, -1);
	n = write(fd, text, strlen(text));
	ck_assert_int_eq(n, (ssize_t)strlen(text));
	fchmod(fd, mode);
	close(fd);
	return path;
}

START_TEST(test_config_defaults)
{
	struct acs_config cfg;
	char err[256];

	unsetenv("XDG_STATE_HOME");
	ck_assert_int_eq(acs_config_load(&cfg, NULL, err, sizeof(err)), 0);
	ck_assert_int_eq(cfg.http.port, ACS_DEFAULT_PORT);
	ck_assert_str_eq(cfg.store.state_dir, ACS_DEFAULT_STATE);
	ck_assert_str_eq(cfg.store.path, ACS_DEFAULT_STATE "/devices");
	ck_assert_str_eq(cfg.store.spool, ACS_DEFAULT_STATE "/spool");
	ck_assert_int_eq(cfg.session.gpv_batch, 16);
	ck_assert_int_eq(cfg.auth.mode, ACS_AUTH_NONE);
	acs_config_free(&cfg);
	setenv("XDG_STATE_HOME", "/var/tmp/xdg", 1);
	ck_assert_int_eq(acs_config_load(&cfg, NULL, err, sizeof(err)), 0);
	ck_assert_str_eq(cfg.store.state_dir, "/var/tmp/xdg/anthill");
	acs_config_free(&cfg);
	unsetenv("XDG_STATE_HOME");
}
END_TEST

START_TEST(test_config_credentials)
{
	struct acs_config cfg;
	char err[256], *p;

	p = write_conf("auth:\n  mode: digest\n  credentials:\n"
	               "    - {username: a, password: x}\n"
	               "    - {username: b, password: y, device: D}\n"
	               "store:\n  backend: gdbm\n  state_dir: /s\n",
	    0600);
	ck_assert_int_eq(acs_config_load(&cfg, p, err, sizeof(err)), 0);
	ck_assert_int_eq(cfg.auth.mode, ACS_AUTH_DIGEST);
	ck_assert_str_eq(acs_config_cred(&cfg, "b")->device, "D");
	ck_assert_ptr_null(acs_config_cred(&cfg, "a")->device);
	ck_assert_ptr_null(acs_config_cred(&cfg, "c"));
	ck_assert_str_eq(cfg.store.path, "/s/devices.gdbm");
	acs_config_free(&cfg);
	chmod(p, 0644);
	ck_assert_int_eq(acs_config_load(&cfg, p, err, sizeof(err)), -1);
	acs_config_free(&cfg);
	unlink(p);
	free(p);
}
END_TEST

START_TEST(test_config_rejects)
{
	static const char *const bad[] = {
		"http:\n  nope: 1\n",
		"http:\n  port: -1\n",
		"session:\n  gpv_batch: 0\n",
		"auth:\n  mode: kerberos\n",
		"auth:\n  mode: basic\n",
		"http:\n  tls_cert: /x\n",
	};
	struct acs_config cfg;
	char err[256], *p;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p = write_conf(bad[i], 0600);
		ck_assert_msg(acs_config_load(&cfg, p, err, sizeof(err)) == -1,
		    "accepted: %s", bad[i]);
		ck_assert(strstr(err, p) != NULL || strstr(err, "check_acsd"));
		acs_config_free(&cfg);
		unlink(p);
		free(p);
	}
}
END_TEST

static Suite *
acsd_suite(void)
{
	Suite *s = suite_create("acsd");
	TCase *tc;

	tc = tcase_create("cookie");
	tcase_add_loop_test(tc, test_cookie_find_cases, 0,
	    sizeof(cookie_cases) / sizeof(cookie_cases[0]));
	tcase_add_test(tc, test_cookie_find_null_header);
	suite_add_tcase(s, tc);
	tc = tcase_create("body");
	tcase_add_test(tc, test_body_identity_ceiling);
	tcase_add_test(tc, test_body_rejects_unknown_encoding);
	tcase_add_loop_test(
	    tc, test_body_inflates, 0, sizeof(z_cases) / sizeof(z_cases[0]));
	tcase_add_test(tc, test_body_inflate_ceiling_and_truncation);
	suite_add_tcase(s, tc);
	tc = tcase_create("discover");
	tcase_add_test(tc, test_discover_walks_breadth_first_and_batches);
	tcase_add_test(tc, test_discover_fault_bookkeeping);
	tcase_add_test(tc, test_discover_other_fault_drops_batch);
	suite_add_tcase(s, tc);
	tc = tcase_create("config");
	tcase_add_test(tc, test_config_defaults);
	tcase_add_test(tc, test_config_credentials);
	tcase_add_test(tc, test_config_rejects);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(acsd_suite());
}
