/*
 * check_yaml_doc.c: yaml_doc parsing (limits, aliases, duplicate keys,
 * positions, !!binary), the writer (quoting, binary, nesting errors) and
 * fileio (reads with a ceiling, atomic replace under SIGKILL).
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/fileio.h"
#include "lib/yaml_doc.h"
#include "tests/unit/ck_run.h"

static char	err[YAML_DOC_ERR_MAX];

static struct yaml_doc_node *
parse(const char *text)
{
	return yaml_doc_parse("d", text, strlen(text), err, sizeof(err));
}

START_TEST(test_parse_keeps_scalars_as_text)
{
	struct yaml_doc_node	*n = parse("a: yes\nb: 010\nc: ~\nd: 'x'\n"
				    "e: [1, {f: g}]\n");

	ck_assert_ptr_nonnull(n);
	ck_assert_int_eq(n->kind, YAML_DOC_MAP);
	ck_assert_uint_eq(n->npairs, 5);
	ck_assert_str_eq(yaml_doc_get_str(n, "a"), "yes");
	ck_assert_str_eq(yaml_doc_get_str(n, "b"), "010");
	ck_assert(yaml_doc_is_null(yaml_doc_get(n, "c")));
	ck_assert(!yaml_doc_is_null(yaml_doc_get(n, "d")));
	ck_assert_int_eq(yaml_doc_get(n, "e")->kind, YAML_DOC_SEQ);
	ck_assert_str_eq(yaml_doc_get_str(yaml_doc_get(n, "e")->items[1],
	    "f"), "g");
	ck_assert_uint_eq(yaml_doc_get(n, "e")->line, 5);
	ck_assert_uint_eq(yaml_doc_get(n, "e")->col, 4);
	ck_assert_ptr_null(yaml_doc_get(n, "zz"));
	yaml_doc_free(n);
}
END_TEST

struct bad {
	const char	*text;
	const char	*msg;
};

static const struct bad bads[] = {
	{ "a: &x 1\nb: *x\n", "d:2:4: aliases are not allowed" },
	{ "a: 1\na: 2\n", "d:2:1: duplicate key 'a'" },
	{ "[1]: 2\n", "mapping key is not a scalar" },
	{ "a: 1\n---\nb: 1\n", "only one document is allowed" },
	{ "a: [\n", "d:2:1:" },
	{ "a: !!binary '@@@'\n", "bad !!binary value" },
	{ "a: \"\\x01\x01\"\n", "control characters are not allowed" },
};

START_TEST(test_parse_rejects)
{
	ck_assert_ptr_null(parse(bads[_i].text));
	if (strstr(err, bads[_i].msg) == NULL)
		ck_abort_msg("case %d: got \"%s\"", _i, err);
}
END_TEST

START_TEST(test_parse_limits_depth)
{
	char	deep[2 * (YAML_DOC_DEPTH_MAX + 10) + 2];
	int	i, n = YAML_DOC_DEPTH_MAX + 10;

	for (i = 0; i < n; i++) {
		deep[i] = '[';
		deep[n + i] = ']';
	}
	deep[2 * n] = '\0';
	ck_assert_ptr_null(parse(deep));
	ck_assert_ptr_nonnull(strstr(err, "nesting too deep"));
}
END_TEST

START_TEST(test_empty_stream_is_null)
{
	struct yaml_doc_node	*n = parse("# nothing\n");

	ck_assert_ptr_nonnull(n);
	ck_assert(yaml_doc_is_null(n));
	yaml_doc_free(n);
}
END_TEST

START_TEST(test_writer_round_trips_awkward_strings)
{
	static const char *const s[] = { "", "yes", "No", "~", "null", "12",
	    "-3.5", ".inf", "0x1f", "a: b", "- x", "#c", "multi\nline\r\n",
	    " lead", "trail ", "caf\xc3\xa9", "latin1 \xe9", "tab\there",
	    "\x01" "ctl", "{[,]}", "'\"", "@at", "%pct", "!bang", "&amp" };
	struct yaml_doc_writer	*w = yaml_doc_writer_new();
	struct yaml_doc_node	*n;
	char			*text;
	size_t			 len, i, count = sizeof(s) / sizeof(s[0]);

	yaml_doc_seq_begin(w, false);
	for (i = 0; i < count; i++)
		yaml_doc_str(w, s[i]);
	yaml_doc_seq_end(w);
	text = yaml_doc_writer_finish(w, &len);
	ck_assert_ptr_nonnull(text);
	n = yaml_doc_parse("w", text, len, err, sizeof(err));
	ck_assert_msg(n != NULL, "%s\n%s", err, text);
	ck_assert_uint_eq(n->nitems, count);
	for (i = 0; i < count; i++) {
		ck_assert_str_eq(n->items[i]->str, s[i]);
		/* Every string reads back as a non-null string. */
		ck_assert(!yaml_doc_is_null(n->items[i]) ||
		    n->items[i]->plain == false);
	}
	ck_assert_ptr_nonnull(strstr(text, "!!binary"));
	ck_assert_ptr_nonnull(strstr(text, "'yes'"));
	yaml_doc_free(n);
	yaml_doc_writer_free(w);
	free(text);
}
END_TEST

START_TEST(test_writer_fails_on_bad_nesting)
{
	struct yaml_doc_writer	*w = yaml_doc_writer_new();
	size_t			 len;

	yaml_doc_map_begin(w);
	ck_assert_int_eq(yaml_doc_seq_end(w), -1);
	ck_assert(yaml_doc_writer_failed(w));
	ck_assert_ptr_null(yaml_doc_writer_finish(w, &len));
	yaml_doc_writer_free(w);
	w = yaml_doc_writer_new();
	yaml_doc_map_begin(w);
	ck_assert_ptr_null(yaml_doc_writer_finish(w, &len));
	yaml_doc_writer_free(w);
	w = yaml_doc_writer_new();
	yaml_doc_str(w, "a");
	ck_assert_int_eq(yaml_doc_str(w, "second root"), -1);
	yaml_doc_writer_free(w);
}
END_TEST

START_TEST(test_writer_numbers_and_flow)
{
	struct yaml_doc_writer	*w = yaml_doc_writer_new();
	char			*text;
	size_t			 len;

	yaml_doc_map_begin(w);
	yaml_doc_kv_int(w, "i", -42);
	yaml_doc_kv_bool(w, "b", true);
	yaml_doc_str(w, "u");
	yaml_doc_uint(w, 18446744073709551615ULL);
	yaml_doc_str(w, "f");
	yaml_doc_map_begin_flow(w);
	yaml_doc_kv_str(w, "x", "y");
	yaml_doc_map_end(w);
	yaml_doc_str(w, "l");
	yaml_doc_seq_begin(w, true);
	yaml_doc_str(w, NULL);
	yaml_doc_seq_end(w);
	yaml_doc_map_end(w);
	text = yaml_doc_writer_finish(w, &len);
	ck_assert_str_eq(text, "i: -42\nb: true\nu: 18446744073709551615\n"
	    "f: {x: 'y'}\nl: [~]\n");
	free(text);
	yaml_doc_writer_free(w);
}
END_TEST

static char	dir[] = "/tmp/check_yaml_doc.XXXXXX";

static void
fsetup(void)
{
	strlcpy(dir, "/tmp/check_yaml_doc.XXXXXX", sizeof(dir));
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
fteardown(void)
{
	char	path[256];

	snprintf(path, sizeof(path), "%s/f", dir);
	unlink(path);
	rmdir(dir);
}

START_TEST(test_fileio_read_ceiling_and_errno)
{
	char	path[256], *p;
	size_t	len;

	snprintf(path, sizeof(path), "%s/f", dir);
	ck_assert_ptr_null(fileio_read(path, 10, &len));
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(fileio_replace(path, "0123456789A", 11, 0600, true),
	    0);
	ck_assert_ptr_null(fileio_read(path, 10, &len));
	ck_assert_int_eq(errno, EFBIG);
	p = fileio_read(path, 11, &len);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(len, 11);
	ck_assert_str_eq(p, "0123456789A");
	free(p);
	ck_assert_ptr_null(yaml_doc_load_file(path, 5, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "file too large"));
	ck_assert(fileio_is_tmp("x.yaml.tmp.123.abcdef"));
	ck_assert(!fileio_is_tmp("x.yaml"));
}
END_TEST

START_TEST(test_fileio_replace_survives_sigkill)
{
	char		 path[256], *a, *b, *got;
	size_t		 n = 4 * 1024 * 1024, len;
	pid_t		 pid;
	int		 round, i;
	struct timespec	 ts;

	snprintf(path, sizeof(path), "%s/f", dir);
	a = malloc(n);
	b = malloc(n);
	memset(a, 'a', n);
	memset(b, 'b', n);
	ck_assert_int_eq(fileio_replace(path, a, n, 0600, false), 0);
	for (round = 0; round < 15; round++) {
		if ((pid = fork()) == 0) {
			for (i = 0;; i++)
				fileio_replace(path, i & 1 ? a : b, n, 0600,
				    false);
		}
		ts.tv_sec = 0;
		ts.tv_nsec = 1000000 + round * 1300000;
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		got = fileio_read(path, n, &len);
		ck_assert_ptr_nonnull(got);
		ck_assert_uint_eq(len, n);
		ck_assert(memcmp(got, a, n) == 0 || memcmp(got, b, n) == 0);
		free(got);
	}
	free(a);
	free(b);
	/* Remove the temporary files the killed writers left behind. */
	{
		char	cmd[300];
		pid_t	rp;

		snprintf(cmd, sizeof(cmd), "%s", dir);
		if ((rp = fork()) == 0) {
			execlp("find", "find", cmd, "-name", "f.tmp.*",
			    "-delete", (char *)NULL);
			_exit(127);
		}
		waitpid(rp, NULL, 0);
	}
}
END_TEST

static Suite *
yaml_doc_suite(void)
{
	Suite	*s = suite_create("yaml_doc");
	TCase	*tc;

	tc = tcase_create("parse");
	tcase_add_test(tc, test_parse_keeps_scalars_as_text);
	tcase_add_loop_test(tc, test_parse_rejects, 0,
	    (int)(sizeof(bads) / sizeof(bads[0])));
	tcase_add_test(tc, test_parse_limits_depth);
	tcase_add_test(tc, test_empty_stream_is_null);
	suite_add_tcase(s, tc);
	tc = tcase_create("write");
	tcase_add_test(tc, test_writer_round_trips_awkward_strings);
	tcase_add_test(tc, test_writer_fails_on_bad_nesting);
	tcase_add_test(tc, test_writer_numbers_and_flow);
	suite_add_tcase(s, tc);
	tc = tcase_create("fileio");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, fsetup, fteardown);
	tcase_add_test(tc, test_fileio_read_ceiling_and_errno);
	tcase_add_test(tc, test_fileio_replace_survives_sigkill);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(yaml_doc_suite());
}
