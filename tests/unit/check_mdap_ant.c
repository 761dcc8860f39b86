/*
 * check_mdap_ant.c: the simulated ant's protocol behaviour (MDAP.md
 * section 9): addressing, credentials, slicing with SEQ-NR, lost
 * acknowledgements, never re-running a command, and the CLI parser.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mdap_ant.h"
#include "tests/unit/ck_run.h"

static struct mdap_ant	*ant;
static int		 runs;
static size_t		 output_len;
static char		 last_addr[64];

static int
fake_cli(void *arg, const struct mdap_cli *cli, struct buf *out)
{
	size_t	i;

	(void)arg;
	runs++;
	if (cli->cmd == MDAP_CLI_IP_IPADD)
		strlcpy(last_addr, mdap_cli_get(cli, "addr"),
		    sizeof(last_addr));
	if (cli->cmd == MDAP_CLI_SYSTEM_REBOOT)
		return -1;
	for (i = 0; i < output_len; i++)
		buf_addch(out, (char)('a' + i % 26));
	return 0;
}

static void
setup(void)
{
	struct mdap_ant_info	info;

	memset(&info, 0, sizeof(info));
	strlcpy(info.ant_id, "0644JTHJ4", sizeof(info.ant_id));
	strlcpy(info.name, "SpeedTouch 780", sizeof(info.name));
	strlcpy(info.mac, "00-14-7F-28-54-65", sizeof(info.mac));
	strlcpy(info.tp_version, "6.2.15.5", sizeof(info.tp_version));
	strlcpy(info.user, "Administrator", sizeof(info.user));
	ant = mdap_ant_new(&info, fake_cli, NULL);
	runs = 0;
	output_len = 10;
	last_addr[0] = '\0';
}

static void
teardown(void)
{
	mdap_ant_free(ant);
}

/* Builds a request frame, runs it through the ant, decodes the reply. */
static int
ask(const char *verb, const char *cmd, const char *seq, const char *to,
    const char *pwd, time_t now, struct mdap_msg *rep)
{
	static struct mdap_msg	req;
	char			frame[MDAP_FRAME_MAX], out[MDAP_FRAME_MAX];
	const char		*err;
	int			n;

	mdap_msg_init(&req, false, verb, "1.2");
	if (cmd != NULL)
		mdap_msg_add(&req, "CLI-CMD", cmd);
	if (seq != NULL)
		mdap_msg_add(&req, "SEQ-NR", seq);
	if (to != NULL)
		mdap_msg_add(&req, "TO-ANT", to);
	mdap_msg_add(&req, "USER-ID", "Administrator");
	if (pwd != NULL)
		mdap_msg_add(&req, "USER-PWD", pwd);
	n = mdap_msg_encode(&req, frame, sizeof(frame), &err);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(mdap_msg_decode(frame, (size_t)n, &req, &err), 0);
	n = mdap_ant_handle(ant, &req, "127.0.0.1:4000", now, out,
	    sizeof(out));
	if (n > 0)
		ck_assert_int_eq(mdap_msg_decode(out, (size_t)n, rep, &err), 0);
	return n;
}

START_TEST(test_search_reply_carries_identity_and_to_host)
{
	static struct mdap_msg	rep;

	ck_assert_int_gt(ask("ANT-SEARCH", NULL, NULL, NULL, NULL, 0, &rep), 0);
	ck_assert(rep.reply);
	ck_assert(rep.checksum_ok);
	ck_assert_str_eq(rep.verb, "ANT-SEARCH");
	ck_assert_str_eq(mdap_msg_get(&rep, "ANT-ID"), "0644JTHJ4");
	ck_assert_str_eq(mdap_msg_get(&rep, "ANT-MAC"), "00-14-7F-28-54-65");
	ck_assert_str_eq(mdap_msg_get(&rep, "TO-HOST"), "127.0.0.1:4000");
	ck_assert_str_eq(mdap_msg_get(&rep, "MDAP-VERSION"), "1.2");
}
END_TEST

START_TEST(test_requests_for_other_ants_or_wildcard_are_ignored)
{
	static struct mdap_msg	rep;

	ck_assert_int_eq(ask("INFO", NULL, "1", "0636JT3SH", "", 0, &rep), 0);
	ck_assert_int_eq(ask("INFO", NULL, "1", "*", "", 0, &rep), 0);
	ck_assert_int_eq(ask("INFO", NULL, "1", NULL, "", 0, &rep), 0);
}
END_TEST

START_TEST(test_wrong_password_answers_minus_one)
{
	static struct mdap_msg	rep;

	ck_assert_int_gt(ask("EXEC-CLI", "ip iplist", "1", "0644JTHJ4",
	    "secret", 0, &rep), 0);
	ck_assert_str_eq(mdap_msg_get(&rep, "SEQ-NR"), "-1");
	ck_assert_int_eq(runs, 0);
}
END_TEST

START_TEST(test_missing_password_line_counts_as_empty)
{
	static struct mdap_msg	rep;

	ck_assert_int_gt(ask("INFO", NULL, "1", "0644JTHJ4", NULL, 0, &rep), 0);
	ck_assert_str_eq(mdap_msg_get(&rep, "SEQ-NR"), "1-DONE");
	ck_assert_str_eq(mdap_msg_get(&rep, "TP-VERSION"), "6.2.15.5");
}
END_TEST

START_TEST(test_long_output_is_sliced_and_acknowledged)
{
	static struct mdap_msg	rep;
	size_t			got = 0;

	output_len = 2500;
	ck_assert_int_gt(ask("EXEC-CLI", "ip iplist", "1", "0644JTHJ4", "", 0,
	    &rep), 0);
	ck_assert_str_eq(mdap_msg_get(&rep, "SEQ-NR"), "1");
	got += rep.payload_len;
	ck_assert_int_gt(ask("EXEC-CLI", NULL, "2", "0644JTHJ4", "", 1, &rep),
	    0);
	ck_assert_str_eq(mdap_msg_get(&rep, "SEQ-NR"), "2");
	got += rep.payload_len;
	ck_assert_int_gt(ask("EXEC-CLI", NULL, "3", "0644JTHJ4", "", 2, &rep),
	    0);
	ck_assert_str_eq(mdap_msg_get(&rep, "SEQ-NR"), "3-DONE");
	got += rep.payload_len;
	ck_assert_uint_eq(got, 2500);
	ck_assert_int_eq(runs, 1);
}
END_TEST

START_TEST(test_ack_with_cli_cmd_never_reruns)
{
	static struct mdap_msg	rep;

	output_len = 1500;
	ask("EXEC-CLI", "ip iplist", "1", "0644JTHJ4", "", 0, &rep);
	ck_assert_int_gt(ask("EXEC-CLI", "ip iplist", "2", "0644JTHJ4", "", 1,
	    &rep), 0);
	ck_assert_str_eq(mdap_msg_get(&rep, "SEQ-NR"), "2-DONE");
	/* A retransmitted first request resends slice 1. */
	ck_assert_int_gt(ask("EXEC-CLI", "ip iplist", "1", "0644JTHJ4", "", 2,
	    &rep), 0);
	ck_assert_str_eq(mdap_msg_get(&rep, "SEQ-NR"), "1");
	ck_assert_int_eq(runs, 1);
}
END_TEST

START_TEST(test_transfer_expires_after_ttl)
{
	static struct mdap_msg	rep;

	output_len = 1500;
	ask("EXEC-CLI", "ip iplist", "1", "0644JTHJ4", "", 0, &rep);
	ck_assert_int_gt(ask("EXEC-CLI", NULL, "2", "0644JTHJ4", "",
	    MDAP_ANT_TRANSFER_TTL + 1, &rep), 0);
	ck_assert_str_eq(mdap_msg_get(&rep, "SEQ-NR"), "-2");
}
END_TEST

START_TEST(test_unknown_and_refused_commands_answer_minus_three)
{
	static struct mdap_msg	rep;

	ask("EXEC-CLI", "rm -rf /", "1", "0644JTHJ4", "", 0, &rep);
	ck_assert_str_eq(mdap_msg_get(&rep, "SEQ-NR"), "-3");
	ask("EXEC-CLI", "system reboot", "1", "0644JTHJ4", "", 0, &rep);
	ck_assert_str_eq(mdap_msg_get(&rep, "SEQ-NR"), "-3");
}
END_TEST

START_TEST(test_overlong_command_answers_minus_five)
{
	static struct mdap_msg	rep;
	char			cmd[MDAP_CLI_CMD_MAX + 20];

	memset(cmd, 'x', sizeof(cmd) - 1);
	cmd[sizeof(cmd) - 1] = '\0';
	memcpy(cmd, "ip iplist ", 10);
	ask("EXEC-CLI", cmd, "1", "0644JTHJ4", "", 0, &rep);
	ck_assert_str_eq(mdap_msg_get(&rep, "SEQ-NR"), "-5");
	ck_assert_int_eq(runs, 0);
}
END_TEST

START_TEST(test_bad_checksum_is_dropped_and_counted)
{
	static struct mdap_msg	req;
	const char		*frame = "ANT-SEARCH MDAP/1.1\r\n00", *err;
	char			out[MDAP_FRAME_MAX];

	ck_assert_int_eq(mdap_msg_decode(frame, strlen(frame), &req, &err), 0);
	ck_assert_int_eq(mdap_ant_handle(ant, &req, "127.0.0.1:1", 0, out,
	    sizeof(out)), 0);
	ck_assert_uint_eq(mdap_ant_stats(ant)->bad_checksum, 1);
}
END_TEST

START_TEST(test_double_checksum_quirk_decodes_cleanly)
{
	static struct mdap_msg	rep;

	mdap_ant_info(ant)->double_checksum_on_done = true;
	ck_assert_int_gt(ask("EXEC-CLI", "ip iplist", "1", "0644JTHJ4", "", 0,
	    &rep), 0);
	ck_assert(rep.checksum_ok);
	ck_assert(rep.inner_checksum);
	ck_assert_uint_eq(rep.payload_len, 10);
}
END_TEST

START_TEST(test_cli_parses_documented_commands)
{
	struct mdap_cli	cli;
	const char	*err;

	ck_assert_int_eq(mdap_cli_parse("ip ipadd intf=LocalNetwork "
	    "addr=10.0.0.11", &cli, &err), 0);
	ck_assert_int_eq(cli.cmd, MDAP_CLI_IP_IPADD);
	ck_assert_str_eq(mdap_cli_get(&cli, "intf"), "LocalNetwork");
	ck_assert_str_eq(mdap_cli_get(&cli, "addr"), "10.0.0.11");
	ck_assert_int_eq(mdap_cli_parse("cwmp server config "
	    "url=http://10.0.0.100:3333/", &cli, &err), 0);
	ck_assert_str_eq(mdap_cli_get(&cli, "url"), "http://10.0.0.100:3333/");
	ck_assert_int_eq(mdap_cli_parse(":software upgrade", &cli, &err), 0);
	ck_assert_int_eq(cli.cmd, MDAP_CLI_SOFTWARE_UPGRADE);
	ck_assert_int_eq(mdap_cli_parse("cwmp config state=enabled mode=full "
	    "periodicInform=enabled periodicInfInt=15", &cli, &err), 0);
	ck_assert_uint_eq(cli.nargs, 4);
}
END_TEST

START_TEST(test_cli_rejects_unknown_words_and_arguments)
{
	struct mdap_cli	cli;
	const char	*err;

	ck_assert_int_eq(mdap_cli_parse("ip ipadds addr=1", &cli, &err), -1);
	ck_assert_int_eq(mdap_cli_parse("ip ipadd color=red addr=1", &cli,
	    &err), -1);
	ck_assert_str_eq(err, "unknown argument");
	ck_assert_int_eq(mdap_cli_parse("ip ipdelete", &cli, &err), -1);
	ck_assert_str_eq(err, "missing argument");
	ck_assert_int_eq(mdap_cli_parse("system config led", &cli, &err), -1);
}
END_TEST

static Suite *
mdap_ant_suite(void)
{
	Suite	*s = suite_create("mdap_ant");
	TCase	*tc;

	tc = tcase_create("protocol");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_search_reply_carries_identity_and_to_host);
	tcase_add_test(tc, test_requests_for_other_ants_or_wildcard_are_ignored);
	tcase_add_test(tc, test_wrong_password_answers_minus_one);
	tcase_add_test(tc, test_missing_password_line_counts_as_empty);
	tcase_add_test(tc, test_long_output_is_sliced_and_acknowledged);
	tcase_add_test(tc, test_ack_with_cli_cmd_never_reruns);
	tcase_add_test(tc, test_transfer_expires_after_ttl);
	tcase_add_test(tc, test_unknown_and_refused_commands_answer_minus_three);
	tcase_add_test(tc, test_overlong_command_answers_minus_five);
	tcase_add_test(tc, test_bad_checksum_is_dropped_and_counted);
	tcase_add_test(tc, test_double_checksum_quirk_decodes_cleanly);
	suite_add_tcase(s, tc);
	tc = tcase_create("cli");
	tcase_add_test(tc, test_cli_parses_documented_commands);
	tcase_add_test(tc, test_cli_rejects_unknown_words_and_arguments);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(mdap_ant_suite());
}
