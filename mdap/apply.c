/*
 * apply.c: `mdap apply RULES...`, everyday rules over the ants on the
 * segment: search, then for each ant evaluate the rule files (ants match
 * by Ant.ID, Ant.MAC, Ant.Name, Ant.Version and the CWMP ids, as after a
 * flash) and run its cli actions in order, several ants in parallel.
 * Board-specific rules belong to flash campaigns, which know the boards.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/json.h"
#include "lib/log.h"
#include "lib/rule_ant.h"
#include "lib/xmalloc.h"
#include "mdap/mdap.h"

struct apply_ant {
	struct mdap_ctl		*ctl;
	const struct mdap_ant_rec *rec;
	struct rule_actions	 actions;
	struct rule_action	*next;
	unsigned		 done;
	char			 error[512];
	bool			 finished;
};

static void	apply_next(struct apply_ant *);

static void
apply_cmd_done(struct mdap_txn *t, void *arg)
{
	struct apply_ant	*a = arg;

	if (t->state != MDAP_TXN_DONE) {
		snprintf(a->error, sizeof(a->error), "cli '%s': %s",
		    t->cli_cmd, t->error);
		a->next = NULL;
	} else {
		a->done++;
		a->next = TAILQ_NEXT(a->next, entry);
	}
	client_txn_free(t);
	apply_next(a);
	if (client_idle(a->ctl))
		event_base_loopexit(a->ctl->base, NULL);
}

static void
apply_next(struct apply_ant *a)
{
	struct mdap_txn	*t;

	while (a->next != NULL && a->next->kind != RULE_ACT_CLI)
		a->next = TAILQ_NEXT(a->next, entry);
	if (a->next == NULL) {
		a->finished = true;
		return;
	}
	t = client_request(a->ctl, a->rec->ant_id, "EXEC-CLI",
	    rule_action_arg(a->next, "command"));
	t->done_cb = apply_cmd_done;
	t->done_arg = a;
}

static void
apply_eval(struct apply_ant *a, const struct ruleset *rs)
{
	struct rule_ant		ra;
	struct rule_input	in;

	rule_ant_init(&ra, a->rec->ant_id, a->rec->mac, a->rec->name);
	rule_ant_set(&ra, "Ant.Version", a->rec->tp_version);
	memset(&in, 0, sizeof(in));
	in.dev = rule_ant_device(&ra);
	in.now = time(NULL);
	rule_actions_init(&a->actions);
	ruleset_eval(rs, &in, NULL, &a->actions);
	log_debug("%s: %s: %zu actions", __func__, a->rec->ant_id,
	    a->actions.count);
	if (a->actions.nerrors > 0)
		snprintf(a->error, sizeof(a->error), "rules: %s",
		    a->actions.errors[0]);
	else
		a->next = TAILQ_FIRST(&a->actions.list);
}

static void
apply_print(struct apply_ant *ants, size_t n, bool json)
{
	struct buf	b;
	struct json	j;
	size_t		i;

	if (!json) {
		for (i = 0; i < n; i++)
			printf("%-10s %u command%s %s\n", ants[i].rec->ant_id,
			    ants[i].done, ants[i].done == 1 ? "" : "s",
			    ants[i].error[0] != '\0' ? ants[i].error : "ok");
		return;
	}
	buf_init(&b, 0);
	json_init(&j, &b);
	json_array_begin(&j);
	for (i = 0; i < n; i++) {
		json_object_begin(&j);
		json_kv_string(&j, "ant_id", ants[i].rec->ant_id);
		json_kv_int(&j, "commands", ants[i].done);
		json_kv_bool(&j, "ok", ants[i].error[0] == '\0');
		json_kv_string(&j, "error", ants[i].error);
		json_object_end(&j);
	}
	json_array_end(&j);
	printf("%s\n", b.data);
	buf_clear(&b);
}

int
cmd_apply(struct mdap_ctl *ctl, int nfiles, char **files, bool json)
{
	struct rule_load_errors	 errs;
	struct ruleset		*rs;
	struct apply_ant	*ants;
	size_t			 i, bad = 0;

	memset(&errs, 0, sizeof(errs));
	rs = ruleset_load((const char *const *)files, (size_t)nfiles, &errs);
	for (i = 0; i < errs.count; i++)
		fprintf(stderr, "mdap: %s\n", errs.msg[i]);
	rule_load_errors_clear(&errs);
	if (rs == NULL)
		return 1;
	search_collect(ctl);
	if (ctl->nants == 0) {
		fprintf(stderr, "mdap: no ant found\n");
		ruleset_free(rs);
		return 3;
	}
	ants = xcalloc(ctl->nants, sizeof(*ants));
	for (i = 0; i < ctl->nants; i++) {
		ants[i].ctl = ctl;
		ants[i].rec = &ctl->ants[i];
		apply_eval(&ants[i], rs);
	}
	for (i = 0; i < ctl->nants; i++)
		apply_next(&ants[i]);
	if (!client_idle(ctl))
		event_base_dispatch(ctl->base);
	apply_print(ants, ctl->nants, json);
	for (i = 0; i < ctl->nants; i++) {
		bad += ants[i].error[0] != '\0';
		rule_actions_clear(&ants[i].actions);
	}
	free(ants);
	ruleset_free(rs);
	return bad == 0 ? 0 : 1;
}
