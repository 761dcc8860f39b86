/*
 * check_yaml_conf.c: the table-driven YAML loader: defaults, every option
 * type, nested sections and lists, and the file:line:col errors for
 * unknown keys, wrong types, ranges, duplicates and missing options.
 */
#include "config.h"

#include <sys/stat.h>

#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/yaml_conf.h"
#include "tests/unit/ck_run.h"

enum mode { MODE_A, MODE_B };

struct cred {
	char	*user;
	char	*password;
	int	 level;
};

struct sect {
	char	*host;
	int	 port;
};

struct conf {
	char			*name;
	int			 port;
	int64_t			 big;
	bool			 flag;
	int64_t			 timeout;
	size_t			 maxbody;
	int			 mode;
	struct yaml_conf_strlist tags;
	struct sect		 http;
	struct yaml_conf_list	 creds;
	unsigned char		 mac[6];
};

static const struct yaml_conf_enum modes[] = {
	{ "a", MODE_A }, { "b", MODE_B }, { NULL, 0 }
};

static int
parse_mac(const char *s, void *field, const char **errstr)
{
	unsigned int	b[6];
	unsigned char	*m = field;
	int		i, n;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%n", &b[0], &b[1], &b[2], &b[3],
	    &b[4], &b[5], &n) != 6 || s[n] != '\0') {
		*errstr = "not a MAC address";
		return -1;
	}
	for (i = 0; i < 6; i++)
		m[i] = (unsigned char)b[i];
	return 0;
}

static int
format_mac(const void *field, char *buf, size_t len)
{
	const unsigned char	*m = field;

	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
	    m[3], m[4], m[5]);
	return 0;
}

static const struct yaml_conf_opt cred_table[] = {
	YAML_CONF_OPTF("user", YAML_CONF_STRING, struct cred, user, NULL, 0,
	    0, YAML_CONF_REQUIRED, "user name"),
	YAML_CONF_OPTF("password", YAML_CONF_STRING, struct cred, password,
	    NULL, 0, 0, YAML_CONF_SECRET, "password"),
	YAML_CONF_OPT("level", YAML_CONF_INT, struct cred, level, "1", 0, 9,
	    "level"),
	YAML_CONF_END
};

static const struct yaml_conf_opt sect_table[] = {
	YAML_CONF_OPT("host", YAML_CONF_STRING, struct sect, host,
	    "localhost", 0, 0, "host"),
	YAML_CONF_OPT("port", YAML_CONF_INT, struct sect, port, "80", 1,
	    65535, "port"),
	YAML_CONF_END
};

static const struct yaml_conf_opt table[] = {
	YAML_CONF_OPT("name", YAML_CONF_STRING, struct conf, name, "anthill",
	    1, 16, "name"),
	YAML_CONF_OPT("port", YAML_CONF_INT, struct conf, port, "7547", 0,
	    65535, "TCP port"),
	YAML_CONF_OPT("big", YAML_CONF_INT64, struct conf, big, "-5", 0, 0,
	    "a big number"),
	YAML_CONF_OPT("flag", YAML_CONF_BOOL, struct conf, flag, "false", 0,
	    0, "a flag"),
	YAML_CONF_OPT("timeout", YAML_CONF_DURATION, struct conf, timeout,
	    "30s", 100, 86400000, "timeout"),
	YAML_CONF_OPT("max-body", YAML_CONF_SIZE, struct conf, maxbody, "64k",
	    1024, 1 << 30, "body ceiling"),
	YAML_CONF_ENUMOPT("mode", struct conf, mode, "b", modes, "mode"),
	YAML_CONF_OPT("tags", YAML_CONF_STRLIST, struct conf, tags, "[x, y]",
	    0, 4, "tags"),
	YAML_CONF_SECTIONOF("http", struct conf, http, sect_table, "HTTP"),
	YAML_CONF_LISTOF("credentials", struct conf, creds, cred_table,
	    struct cred, 3, "credentials"),
	YAML_CONF_CUSTOMOPT("mac", struct conf, mac, "00:11:22:33:44:55",
	    parse_mac, format_mac, "a MAC address"),
	YAML_CONF_END
};

static struct conf	c;
static char		err[YAML_CONF_ERR_MAX];

static void
setup(void)
{
	memset(&c, 0, sizeof(c));
	err[0] = '\0';
}

static void
teardown(void)
{
	yaml_conf_free(table, &c);
}

static int
load(const char *text)
{
	return yaml_conf_load_string(table, &c, "t.yaml", text, strlen(text),
	    err, sizeof(err));
}

START_TEST(test_defaults_without_file)
{
	ck_assert_int_eq(yaml_conf_load_file(table, &c, NULL, 0, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(c.name, "anthill");
	ck_assert_int_eq(c.port, 7547);
	ck_assert_int_eq(c.big, -5);
	ck_assert(!c.flag);
	ck_assert_int_eq(c.timeout, 30000);
	ck_assert_uint_eq(c.maxbody, 65536);
	ck_assert_int_eq(c.mode, MODE_B);
	ck_assert_uint_eq(c.tags.n, 2);
	ck_assert_str_eq(c.tags.v[1], "y");
	ck_assert_str_eq(c.http.host, "localhost");
	ck_assert_int_eq(c.http.port, 80);
	ck_assert_uint_eq(c.creds.n, 0);
	ck_assert_int_eq(c.mac[5], 0x55);
}
END_TEST

START_TEST(test_missing_file_ok_only_when_asked)
{
	ck_assert_int_eq(yaml_conf_load_file(table, &c, "/nonexistent/x.yaml",
	    YAML_CONF_MISSING_OK, err, sizeof(err)), 0);
	ck_assert_int_eq(c.port, 7547);
	ck_assert_int_eq(yaml_conf_load_file(table, &c, "/nonexistent/x.yaml",
	    0, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/x.yaml"));
}
END_TEST

START_TEST(test_loads_every_type)
{
	struct cred	*cr;

	ck_assert_int_eq(load("name: acs1\nport: 8080\nbig: 9000000000\n"
	    "flag: yes\ntimeout: 250ms\nmax-body: 10M\nmode: a\n"
	    "tags: [one, two, three]\nhttp:\n  port: 443\n"
	    "credentials:\n  - user: bob\n    password: s3cret\n"
	    "  - user: eve\n    level: 7\nmac: aa:bb:cc:dd:ee:ff\n"), 0);
	ck_assert_str_eq(c.name, "acs1");
	ck_assert_int_eq(c.port, 8080);
	ck_assert(c.big == 9000000000LL);
	ck_assert(c.flag);
	ck_assert_int_eq(c.timeout, 250);
	ck_assert_uint_eq(c.maxbody, 10 * 1024 * 1024);
	ck_assert_int_eq(c.mode, MODE_A);
	ck_assert_uint_eq(c.tags.n, 3);
	ck_assert_str_eq(c.http.host, "localhost");
	ck_assert_int_eq(c.http.port, 443);
	ck_assert_uint_eq(c.creds.n, 2);
	cr = c.creds.v;
	ck_assert_str_eq(cr[0].user, "bob");
	ck_assert_str_eq(cr[0].password, "s3cret");
	ck_assert_int_eq(cr[0].level, 1);
	ck_assert_str_eq(cr[1].user, "eve");
	ck_assert_ptr_null(cr[1].password);
	ck_assert_int_eq(cr[1].level, 7);
	ck_assert_int_eq(c.mac[0], 0xaa);
}
END_TEST

START_TEST(test_duration_units)
{
	ck_assert_int_eq(load("timeout: 2\n"), 0);
	ck_assert_int_eq(c.timeout, 2000);
	ck_assert_int_eq(load("timeout: 5m\n"), 0);
	ck_assert_int_eq(c.timeout, 300000);
	ck_assert_int_eq(load("timeout: 1d\n"), 0);
	ck_assert_int_eq(c.timeout, 86400000);
	ck_assert_int_eq(load("timeout: 2d\n"), -1);
	ck_assert_int_eq(load("timeout: 5 parsecs\n"), -1);
	ck_assert_int_eq(load("timeout: -5s\n"), -1);
}
END_TEST

struct err_case {
	const char	*text;
	const char	*expect;
};

static const struct err_case err_cases[] = {
	{ "port: 1\nbogus: 2\n", "t.yaml:2:1: unknown option 'bogus'" },
	{ "port: 70000\n", "t.yaml:1:7: port: value is too large (allowed 0..65535)" },
	{ "port: -1\n", "t.yaml:1:7: port: value is too small" },
	{ "port: eighty\n", "t.yaml:1:7: port: not a number" },
	{ "port: [1]\n", "t.yaml:1:7: port: expected a int, not a list" },
	{ "flag: maybe\n", "t.yaml:1:7: flag: expected true or false" },
	{ "mode: c\n", "t.yaml:1:7: mode: not one of the allowed values" },
	{ "port: 1\nport: 2\n", "t.yaml:2:1: duplicate key 'port'" },
	{ "http:\n  port: 0\n", "t.yaml:2:9: port: value is too small" },
	{ "http:\n  nope: 1\n", "t.yaml:2:3: unknown option 'nope'" },
	{ "credentials:\n  - level: 2\n",
	    "t.yaml:2:5: missing required option 'user'" },
	{ "credentials: [{user: a}, {user: b}, {user: c}, {user: d}]\n",
	    "too many entries" },
	{ "tags: [a, b, c, d, e]\n", "tags: too many entries" },
	{ "name: ''\n", "name: string too short" },
	{ "name: abcdefghijklmnopq\n", "name: string too long" },
	{ "max-body: 10\n", "max-body: value is below the minimum" },
	{ "mac: zz\n", "mac: not a MAC address" },
	{ "- a\n- b\n", "t.yaml:1:1: expected a mapping of options" },
	{ "port: &a 1\nbig: *a\n", "t.yaml:2:6: aliases are not allowed" },
	{ "port: [1\n", "t.yaml:2:1: did not find expected ',' or ']'" },
	{ "a: 1\n---\nb: 2\n", "only one document is allowed" },
	{ "http: 5\n", "t.yaml:1:7: expected a mapping of options" },
};

START_TEST(test_errors_name_position)
{
	const struct err_case	*ec = &err_cases[_i];

	ck_assert_int_eq(load(ec->text), -1);
	if (strstr(err, ec->expect) == NULL)
		ck_abort_msg("case %d: got \"%s\", want \"%s\"", _i, err,
		    ec->expect);
}
END_TEST

START_TEST(test_secret_file_must_be_private)
{
	char	path[] = "/tmp/check_yaml_conf.XXXXXX";
	int	fd;
	const char	*text = "credentials:\n  - user: a\n    password: b\n";

	fd = mkstemp(path);
	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	chmod(path, 0644);
	ck_assert_int_eq(yaml_conf_load_file(table, &c, path, 0, err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "chmod 600"));
	yaml_conf_free(table, &c);
	chmod(path, 0600);
	ck_assert_int_eq(yaml_conf_load_file(table, &c, path, 0, err,
	    sizeof(err)), 0);
	unlink(path);
}
END_TEST

START_TEST(test_dump_masks_secrets_and_reloads)
{
	char	*text = NULL;
	size_t	 len = 0;
	FILE	*fp;
	struct conf	c2;

	ck_assert_int_eq(load("port: 1234\ntimeout: 90s\nmax-body: 2048\n"
	    "credentials:\n  - user: bob\n    password: s3cret\n"), 0);
	fp = open_memstream(&text, &len);
	ck_assert_int_eq(yaml_conf_dump(table, &c, fp), 0);
	fclose(fp);
	ck_assert_ptr_null(strstr(text, "s3cret"));
	ck_assert_ptr_nonnull(strstr(text, "********"));
	ck_assert_ptr_nonnull(strstr(text, "timeout: 90s"));
	memset(&c2, 0, sizeof(c2));
	ck_assert_int_eq(yaml_conf_load_string(table, &c2, "dump", text, len,
	    err, sizeof(err)), 0);
	ck_assert_int_eq(c2.port, 1234);
	ck_assert_int_eq(c2.timeout, 90000);
	ck_assert_uint_eq(c2.maxbody, 2048);
	ck_assert_int_eq(c2.mac[1], 0x11);
	yaml_conf_free(table, &c2);
	free(text);
}
END_TEST

START_TEST(test_help_lists_nested_options)
{
	char	*text = NULL;
	size_t	 len = 0;
	FILE	*fp;

	fp = open_memstream(&text, &len);
	yaml_conf_help(table, fp);
	fclose(fp);
	ck_assert_ptr_nonnull(strstr(text, "http.port"));
	ck_assert_ptr_nonnull(strstr(text, "credentials[].user"));
	ck_assert_ptr_nonnull(strstr(text, "default 7547"));
	free(text);
}
END_TEST

START_TEST(test_empty_document_gives_defaults)
{
	ck_assert_int_eq(load(""), 0);
	ck_assert_int_eq(c.port, 7547);
	ck_assert_int_eq(load("# only a comment\n"), 0);
	ck_assert_str_eq(c.name, "anthill");
}
END_TEST

START_TEST(test_null_string_clears_default)
{
	ck_assert_int_eq(load("name: ~\n"), 0);
	ck_assert_ptr_null(c.name);
	ck_assert_int_eq(load("port: ~\n"), -1);
}
END_TEST

static Suite *
yaml_conf_suite(void)
{
	Suite	*s = suite_create("yaml_conf");
	TCase	*tc;

	tc = tcase_create("load");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_defaults_without_file);
	tcase_add_test(tc, test_missing_file_ok_only_when_asked);
	tcase_add_test(tc, test_loads_every_type);
	tcase_add_test(tc, test_duration_units);
	tcase_add_test(tc, test_empty_document_gives_defaults);
	tcase_add_test(tc, test_null_string_clears_default);
	tcase_add_test(tc, test_secret_file_must_be_private);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_errors_name_position, 0,
	    (int)(sizeof(err_cases) / sizeof(err_cases[0])));
	suite_add_tcase(s, tc);
	tc = tcase_create("dump");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_dump_masks_secrets_and_reloads);
	tcase_add_test(tc, test_help_lists_nested_options);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(yaml_conf_suite());
}
