/*
 * plan.c: "anthill-rules plan": a dry run of rule files over a stored
 * fleet.  Every device record is evaluated as acsd would at its next
 * Inform (with the events of its last Inform, or --event), through a
 * scratch copy of the rollout state (empty, or read from --state), so the
 * output shows which devices would run which actions now and which are
 * held back by max_in_flight, percent, backoff or a pause.  Nothing is
 * queued, no state is written and exec programs are not run.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/buf.h"
#include "lib/device_store.h"
#include "lib/json.h"
#include "lib/rule_record.h"
#include "lib/rule_rollout.h"
#include "lib/rule_state.h"
#include "lib/xmalloc.h"
#include "rules/rules.h"

#define PLAN_VERDICTS (RULE_GATE_SESSION + 1)

struct plan {
	struct rules_opts *o;
	struct ruleset *rs;
	struct rule_progress **prog; /* per rule, scratch */
	enum rule_gate_verdict *verdict; /* per rule, this device */
	unsigned long (*count)[PLAN_VERDICTS];
	unsigned long devices;
	unsigned long bad;
	struct buf out;
	struct json j;
	bool first_row;
};

static enum rule_gate_verdict
plan_decide(void *ctx, const struct rule *r, const char *devid, bool has,
    unsigned njobs, time_t now)
{
	struct plan *pl = ctx;
	size_t i = rule_index(r);
	struct rule_progress *p = pl->prog[i];
	struct rule_devstate *d;
	enum rule_gate_verdict v;
	bool tracked;

	tracked = rule_progress_find(p, devid) != NULL;
	v = rule_rollout_decide(p, r, devid, has, njobs, now);
	/*
	 * Each device is evaluated once: an entry made for it now would
	 * never be looked up again, only counted, so the counters keep it
	 * and the tree (time and memory per matching device) does not.
	 */
	if (!tracked && (d = rule_progress_find(p, devid)) != NULL)
		rule_progress_forget(p, d);
	pl->verdict[i] = v;
	pl->count[i][v]++;
	return v;
}

static void
flush_out(struct plan *pl)
{
	if (pl->out.len > 0)
		fwrite(pl->out.data, 1, pl->out.len, stdout);
	buf_reset(&pl->out);
}

static void
json_action(struct json *j, const struct rule_action *a)
{
	size_t i;

	json_object_begin(j);
	json_kv_string(j, "action", rule_action_kind_name(a->kind));
	if (rule_action_rpc(a->kind) != NULL)
		json_kv_string(j, "rpc", rule_action_rpc(a->kind));
	json_key(j, "args");
	json_array_begin(j);
	for (i = 0; i < a->nargs; i++) {
		json_object_begin(j);
		json_kv_string(j, "name", a->args[i].name);
		json_kv_string(j, "value",
		    strcmp(a->args[i].name, "Password") == 0 &&
		            *a->args[i].value != '\0' ?
		        "********" :
		        a->args[i].value);
		if (a->args[i].type != NULL)
			json_kv_string(j, "type", a->args[i].type);
		json_object_end(j);
	}
	json_array_end(j);
	json_object_end(j);
}

static void
row_json(struct plan *pl, const char *dev, const struct rule *r,
    enum rule_gate_verdict v, const struct rule_actions *acts)
{
	const struct rule_action *a;

	json_object_begin(&pl->j);
	json_kv_string(&pl->j, "device", dev);
	json_kv_string(&pl->j, "rule", rule_name(r));
	json_kv_string(&pl->j, "status", rule_gate_verdict_name(v));
	json_key(&pl->j, "actions");
	json_array_begin(&pl->j);
	TAILQ_FOREACH(a, &acts->list, entry)
		if (strcmp(a->rule, rule_name(r)) == 0)
			json_action(&pl->j, a);
	json_array_end(&pl->j);
	json_object_end(&pl->j);
}

static void
row_text(const char *dev, const struct rule *r, enum rule_gate_verdict v,
    const struct rule_actions *acts)
{
	const struct rule_action *a;
	char *d;
	bool first = true;

	printf(
	    "%-32s %-20s %-13s ", dev, rule_name(r), rule_gate_verdict_name(v));
	TAILQ_FOREACH(a, &acts->list, entry) {
		if (strcmp(a->rule, rule_name(r)) != 0)
			continue;
		d = rule_action_describe(a);
		printf("%s%s", first ? "" : "; ", d);
		free(d);
		first = false;
	}
	printf("%s\n", first ? "-" : "");
}

static void
plan_rows(struct plan *pl, const char *dev, const struct rule_actions *acts)
{
	size_t i;
	const struct rule *r;

	for (i = 0; i < ruleset_count(pl->rs); i++) {
		if (pl->verdict[i] == RULE_GATE_IDLE && !pl->o->all)
			continue;
		r = ruleset_rule(pl->rs, i);
		if (pl->o->json)
			row_json(pl, dev, r, pl->verdict[i], acts);
		else
			row_text(dev, r, pl->verdict[i], acts);
	}
	if (pl->o->json && pl->out.len > 65536)
		flush_out(pl);
}

static void
plan_errors(const char *dev, const struct rule_actions *acts)
{
	size_t i;

	for (i = 0; i < acts->nerrors; i++)
		fprintf(
		    stderr, "anthill-rules: %s: %s\n", dev, acts->errors[i]);
}

static void
plan_device(struct plan *pl, const struct device_record *rec, time_t now)
{
	struct rule_record rr;
	struct rule_input in;
	struct rule_gate gate = { plan_decide, pl };
	struct rule_actions acts;
	size_t i;

	rule_record_init(&rr, rec);
	rule_record_input(&rr, &in, now);
	if (pl->o->events != NULL) {
		in.events = pl->o->events;
		in.nevents = pl->o->nevents;
	}
	for (i = 0; i < ruleset_count(pl->rs); i++)
		pl->verdict[i] = RULE_GATE_IDLE;
	rule_actions_init(&acts);
	ruleset_eval(pl->rs, &in, &gate, &acts);
	plan_errors(rec->key, &acts);
	plan_rows(pl, rec->key, &acts);
	rule_actions_clear(&acts);
	pl->devices++;
}

static void
summary_text(struct plan *pl)
{
	size_t i, v;
	unsigned long matched;

	printf("\n%-20s %8s %8s  %s\n", "RULE", "MATCHED", "RUN", "HELD");
	for (i = 0; i < ruleset_count(pl->rs); i++) {
		matched = 0;
		for (v = 0; v < PLAN_VERDICTS; v++)
			if (v != RULE_GATE_IDLE)
				matched += pl->count[i][v];
		printf("%-20s %8lu %8lu ", rule_name(ruleset_rule(pl->rs, i)),
		    matched, pl->count[i][RULE_GATE_RUN]);
		for (v = 0; v < PLAN_VERDICTS; v++)
			if (v != RULE_GATE_IDLE && v != RULE_GATE_RUN &&
			    pl->count[i][v] > 0)
				printf(" %s=%lu", rule_gate_verdict_name(v),
				    pl->count[i][v]);
		printf("\n");
	}
	printf("%lu devices evaluated, %lu unreadable\n", pl->devices, pl->bad);
}

static void
summary_json(struct plan *pl)
{
	size_t i, v;
	unsigned long matched;

	json_key(&pl->j, "rules");
	json_array_begin(&pl->j);
	for (i = 0; i < ruleset_count(pl->rs); i++) {
		matched = 0;
		json_object_begin(&pl->j);
		json_kv_string(
		    &pl->j, "rule", rule_name(ruleset_rule(pl->rs, i)));
		for (v = 0; v < PLAN_VERDICTS; v++) {
			if (v == RULE_GATE_IDLE)
				continue;
			matched += pl->count[i][v];
			json_kv_int(&pl->j, rule_gate_verdict_name(v),
			    (long long)pl->count[i][v]);
		}
		json_kv_int(&pl->j, "matched", (long long)matched);
		json_object_end(&pl->j);
	}
	json_array_end(&pl->j);
	json_kv_int(&pl->j, "evaluated", (long long)pl->devices);
	json_kv_int(&pl->j, "unreadable", (long long)pl->bad);
}

static int
plan_store(struct plan *pl, struct device_store *ds, time_t now)
{
	struct device_record *rec;
	char **keys, err[DEVICE_STORE_ERR_MAX];
	size_t n, i;

	if (device_store_list(ds, &keys, &n, err, sizeof(err)) == -1) {
		fprintf(stderr, "anthill-rules: %s\n", err);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (device_store_get(ds, keys[i], &rec, err, sizeof(err)) ==
		    -1) {
			fprintf(stderr, "anthill-rules: %s\n", err);
			pl->bad++;
			continue;
		}
		plan_device(pl, rec, now);
		device_record_free(rec);
	}
	device_store_keys_free(keys);
	return 0;
}

/* Scratch rollout state: empty, or a copy of what acsd has on disk. */
static int
plan_progress(struct plan *pl)
{
	struct rule_state *st = NULL;
	const char *errstr, *name;
	size_t i;

	if (pl->o->state != NULL &&
	    (st = rule_state_open(pl->o->state, 0, &errstr)) == NULL) {
		fprintf(
		    stderr, "anthill-rules: %s: %s\n", pl->o->state, errstr);
		return -1;
	}
	for (i = 0; i < ruleset_count(pl->rs); i++) {
		name = rule_name(ruleset_rule(pl->rs, i));
		pl->prog[i] = st != NULL ? rule_state_read(st, name, &errstr) :
		                           rule_progress_new(name);
		if (pl->prog[i] == NULL) {
			fprintf(
			    stderr, "anthill-rules: %s: %s\n", name, errstr);
			rule_state_free(st);
			return -1;
		}
	}
	rule_state_free(st);
	return 0;
}

static struct device_store *
plan_open_store(struct rules_opts *o)
{
	struct device_store *ds;
	enum device_store_kind kind;
	char err[DEVICE_STORE_ERR_MAX];

	if (strcmp(o->store_kind, "yaml") == 0)
		kind = DEVICE_STORE_YAML;
	else if (strcmp(o->store_kind, "gdbm") == 0)
		kind = DEVICE_STORE_GDBM;
	else {
		fprintf(stderr,
		    "anthill-rules: store kind %s: use yaml or "
		    "gdbm\n",
		    o->store_kind);
		return NULL;
	}
	ds = device_store_open(
	    kind, o->store, DEVICE_STORE_RDONLY, err, sizeof(err));
	if (ds == NULL)
		fprintf(stderr, "anthill-rules: %s\n", err);
	return ds;
}

static void
plan_free(struct plan *pl)
{
	size_t i;

	for (i = 0; pl->prog != NULL && i < ruleset_count(pl->rs); i++)
		rule_progress_free(pl->prog[i]);
	free(pl->prog);
	free(pl->verdict);
	free(pl->count);
	buf_clear(&pl->out);
	ruleset_free(pl->rs);
}

static int
plan_run(struct plan *pl, struct device_store *ds, time_t now)
{
	if (pl->o->json) {
		json_object_begin(&pl->j);
		json_key(&pl->j, "devices");
		json_array_begin(&pl->j);
	} else
		printf("%-32s %-20s %-13s %s\n", "DEVICE", "RULE", "STATUS",
		    "ACTIONS");
	if (plan_store(pl, ds, now) == -1)
		return 1;
	if (pl->o->json) {
		json_array_end(&pl->j);
		summary_json(pl);
		json_object_end(&pl->j);
		buf_addch(&pl->out, '\n');
		flush_out(pl);
	} else
		summary_text(pl);
	return 0;
}

int
cmd_plan(struct rules_opts *o, int argc, char **argv)
{
	struct plan pl;
	struct device_store *ds;
	size_t n;
	int rv;

	if (o->store == NULL || argc < 1)
		return 2;
	memset(&pl, 0, sizeof(pl));
	pl.o = o;
	if ((pl.rs = rules_load_files(argv, argc, false)) == NULL)
		return 1;
	n = ruleset_count(pl.rs);
	pl.prog = xcalloc(n + 1, sizeof(*pl.prog));
	pl.verdict = xcalloc(n + 1, sizeof(*pl.verdict));
	pl.count = xcalloc(n + 1, sizeof(*pl.count));
	buf_init(&pl.out, 0);
	json_init(&pl.j, &pl.out);
	if (plan_progress(&pl) == -1 || (ds = plan_open_store(o)) == NULL) {
		plan_free(&pl);
		return 1;
	}
	rv = plan_run(&pl, ds, o->now != 0 ? (time_t)o->now : time(NULL));
	device_store_close(ds);
	plan_free(&pl);
	return rv;
}
