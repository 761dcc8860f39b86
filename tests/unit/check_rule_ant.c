/*
 * check_rule_ant.c: rules over MDAP ants: the cli action loads and expands
 * its templates in order, ants match by board, ANT-ID, MAC and name, and
 * the ids are the ones the ACS will see (CP + ANT-ID).
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "lib/rule_ant.h"
#include "tests/unit/ck_run.h"

static const char rules_yaml[] =
    "rules:\n"
    "  - name: renumber-st780\n"
    "    when:\n"
    "      - param: Ant.Board\n"
    "        equals: BANT-R\n"
    "      - id: SerialNumber\n"
    "        glob: \"CP0644*\"\n"
    "    do:\n"
    "      - cli:\n"
    "          - \"ip ipadd intf=LocalNetwork addr=${Ant.Address}\"\n"
    "          - \"ip ipdelete addr=192.168.1.254\"\n"
    "      - cli: \"cwmp server config url=${ACS.URL}\"\n"
    "  - name: blink-by-mac\n"
    "    when:\n"
    "      param: Ant.MAC\n"
    "      glob: \"00-14-7F-*\"\n"
    "    do:\n"
    "      - cli: \"system config led=flash\"\n";

static struct ruleset *
load(const char *text)
{
	struct rule_load_errors	 errs;
	struct ruleset		*rs = ruleset_new();

	memset(&errs, 0, sizeof(errs));
	if (ruleset_load_buffer(rs, "ants.yaml", text, strlen(text),
	    &errs) == -1) {
		ck_abort_msg("load failed: %s", errs.count > 0 ? errs.msg[0] :
		    "?");
	}
	rule_load_errors_clear(&errs);
	return rs;
}

static void
eval(struct ruleset *rs, struct rule_ant *ra, struct rule_actions *out)
{
	struct rule_input	in;

	memset(&in, 0, sizeof(in));
	in.dev = rule_ant_device(ra);
	rule_actions_init(out);
	ruleset_eval(rs, &in, NULL, out);
}

START_TEST(test_cli_actions_expand_in_order_for_matching_ant)
{
	struct ruleset		*rs = load(rules_yaml);
	struct rule_ant		 ra;
	struct rule_actions	 acts;
	struct rule_action	*a;
	const char		*want[] = {
		"ip ipadd intf=LocalNetwork addr=10.0.0.11",
		"ip ipdelete addr=192.168.1.254",
		"cwmp server config url=http://10.0.0.100:7547/",
		"system config led=flash",
	};
	size_t			 i = 0;

	rule_ant_init(&ra, "0644JTHJ4", "00-14-7F-28-54-65", "SpeedTouch 780");
	rule_ant_set(&ra, "Ant.Board", "BANT-R");
	rule_ant_set(&ra, "Ant.Address", "10.0.0.11");
	rule_ant_set(&ra, "ACS.URL", "http://10.0.0.100:7547/");
	eval(rs, &ra, &acts);
	TAILQ_FOREACH(a, &acts.list, entry) {
		ck_assert_uint_lt(i, 4);
		ck_assert_int_eq(a->kind, RULE_ACT_CLI);
		ck_assert_str_eq(rule_action_arg(a, "command"), want[i]);
		i++;
	}
	ck_assert_uint_eq(i, 4);
	ck_assert_str_eq(TAILQ_FIRST(&acts.list)->rule, "renumber-st780");
	rule_actions_clear(&acts);
	ruleset_free(rs);
}
END_TEST

START_TEST(test_other_board_gets_only_mac_rule)
{
	struct ruleset		*rs = load(rules_yaml);
	struct rule_ant		 ra;
	struct rule_actions	 acts;

	rule_ant_init(&ra, "0644JTHJ4", "00-14-7F-28-54-65", "SpeedTouch 706");
	rule_ant_set(&ra, "Ant.Board", "BANT-S");
	eval(rs, &ra, &acts);
	ck_assert_uint_eq(acts.count, 1);
	ck_assert_str_eq(rule_action_arg(TAILQ_FIRST(&acts.list), "command"),
	    "system config led=flash");
	rule_actions_clear(&acts);
	ruleset_free(rs);
}
END_TEST

START_TEST(test_ids_are_what_the_acs_sees)
{
	struct rule_ant	ra;
	const struct rule_device *d;

	rule_ant_init(&ra, "0644JTHJ4", "00:14:7f:28:54:65", "SpeedTouch 780");
	d = rule_ant_device(&ra);
	ck_assert_str_eq(d->ops->id(d->ctx, RULE_ID_SERIAL_NUMBER),
	    "CP0644JTHJ4");
	ck_assert_str_eq(d->ops->id(d->ctx, RULE_ID_OUI), "00147F");
	ck_assert_str_eq(d->ops->id(d->ctx, RULE_ID_PRODUCT_CLASS),
	    "SpeedTouch 780");
	ck_assert_ptr_null(d->ops->value(d->ctx, "Ant.Address", NULL));
}
END_TEST

START_TEST(test_cli_with_empty_command_is_a_load_error)
{
	struct rule_load_errors	 errs;
	struct ruleset		*rs = ruleset_new();
	const char		*bad = "rules:\n  - name: x\n    when:\n"
	    "      param: Ant.ID\n      exists: true\n    do:\n"
	    "      - cli: \"\"\n";

	memset(&errs, 0, sizeof(errs));
	ck_assert_int_eq(ruleset_load_buffer(rs, "bad.yaml", bad, strlen(bad),
	    &errs), -1);
	ck_assert_uint_ge(errs.count, 1);
	ck_assert_ptr_nonnull(strstr(errs.msg[0], "bad.yaml:7:"));
	rule_load_errors_clear(&errs);
	ruleset_free(rs);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("rule_ant");
	TCase	*tc = tcase_create("cli");

	tcase_add_test(tc, test_cli_actions_expand_in_order_for_matching_ant);
	tcase_add_test(tc, test_other_board_gets_only_mac_rule);
	tcase_add_test(tc, test_ids_are_what_the_acs_sees);
	tcase_add_test(tc, test_cli_with_empty_command_is_a_load_error);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
