/*
 * commands.c: the controller's subcommands (search, info, exec) and their
 * output: a table for people, --json for scripts.  Each runs the event
 * loop until its transactions end.  Exit codes: 0 every ant answered,
 * 1 some failed, 3 no ant found or matched.
 */
#include "config.h"

#include <sys/time.h>

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "mdap/mdap.h"

#define MDAP_EXIT_FAILED	1
#define MDAP_EXIT_NONE		3

struct search_state {
	struct mdap_ctl	*ctl;
	struct event	*timer;
	int		 rounds;
};

static void
search_tick(evutil_socket_t fd, short what, void *arg)
{
	struct search_state	*s = arg;
	struct timeval		 tv;
	int			 ms = s->ctl->conf.search_ms / MDAP_SEARCH_ROUNDS;

	if (s->rounds++ >= MDAP_SEARCH_ROUNDS) {
		event_base_loopexit(s->ctl->base, NULL);
		return;
	}
	client_search(s->ctl);
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	evtimer_add(s->timer, &tv);
}

/* Repeats ANT-SEARCH MDAP_SEARCH_ROUNDS times over search_ms. */
static void
search_run(struct mdap_ctl *ctl)
{
	struct search_state	s = { .ctl = ctl };

	s.timer = evtimer_new(ctl->base, search_tick, &s);
	search_tick(-1, 0, &s);
	event_base_dispatch(ctl->base);
	event_free(s.timer);
}

static int
ant_cmp(const void *a, const void *b)
{
	return strcmp(((const struct mdap_ant_rec *)a)->ant_id,
	    ((const struct mdap_ant_rec *)b)->ant_id);
}

static void
print_ants_json(const struct mdap_ctl *ctl)
{
	struct buf	b;
	struct json	j;
	char		serial[MDAP_LINE_MAX + 2];
	size_t		i;

	buf_init(&b, 0);
	json_init(&j, &b);
	json_array_begin(&j);
	for (i = 0; i < ctl->nants; i++) {
		const struct mdap_ant_rec *a = &ctl->ants[i];

		snprintf(serial, sizeof(serial), "CP%s", a->ant_id);
		json_object_begin(&j);
		json_kv_string(&j, "ant_id", a->ant_id);
		json_kv_string(&j, "serial", serial);
		json_kv_string(&j, "mac", a->mac);
		json_kv_string(&j, "name", a->name);
		json_kv_string(&j, "tp_version", a->tp_version);
		json_kv_string(&j, "mdap_version", a->mdap_version);
		json_kv_string(&j, "source", a->source);
		json_object_end(&j);
	}
	json_array_end(&j);
	printf("%s\n", b.data);
	buf_clear(&b);
}

static void
print_ants_table(const struct mdap_ctl *ctl)
{
	size_t	i;

	printf("%-10s %-12s %-17s %-24s %-12s %-5s %s\n", "ANT-ID", "SERIAL",
	    "MAC", "NAME", "TP-VERSION", "MDAP", "SOURCE");
	for (i = 0; i < ctl->nants; i++) {
		const struct mdap_ant_rec *a = &ctl->ants[i];

		printf("%-10s CP%-10s %-17s %-24s %-12s %-5s %s\n", a->ant_id,
		    a->ant_id, a->mac, a->name, a->tp_version,
		    a->mdap_version, a->source);
	}
	printf("%zu ant%s found\n", ctl->nants, ctl->nants == 1 ? "" : "s");
}

/* How long the replies took to arrive, for benchmarks (-v). */
static void
search_stats(const struct mdap_ctl *ctl)
{
	struct timeval	d;

	timersub(&ctl->t_last_new, &ctl->t_first_send, &d);
	if (!timerisset(&ctl->t_last_new))
		timerclear(&d);
	log_info("search: %zu ants, all seen %ld.%03ld s after the first "
	    "request; %lu replies, %lu bad checksums", ctl->nants,
	    (long)d.tv_sec, (long)d.tv_usec / 1000, ctl->replies,
	    ctl->bad_checksums);
}

/* A search, with the ants sorted by ANT-ID. */
void
search_collect(struct mdap_ctl *ctl)
{
	search_run(ctl);
	qsort(ctl->ants, ctl->nants, sizeof(*ctl->ants), ant_cmp);
}

int
cmd_search(struct mdap_ctl *ctl, bool json)
{
	search_run(ctl);
	if (log_getverbose() > 0)
		search_stats(ctl);
	qsort(ctl->ants, ctl->nants, sizeof(*ctl->ants), ant_cmp);
	if (json)
		print_ants_json(ctl);
	else
		print_ants_table(ctl);
	return ctl->nants == 0 ? MDAP_EXIT_NONE : 0;
}

static void
txn_done(struct mdap_txn *t, void *arg)
{
	struct mdap_ctl	*ctl = arg;

	if (client_idle(ctl))
		event_base_loopexit(ctl->base, NULL);
}

int
cmd_info(struct mdap_ctl *ctl, const char *ant_id, bool json)
{
	struct mdap_txn	*t;
	struct buf	 b;
	struct json	 j;
	size_t		 i;
	int		 rv;

	t = client_request(ctl, ant_id, "INFO", NULL);
	t->done_cb = txn_done;
	t->done_arg = ctl;
	event_base_dispatch(ctl->base);
	rv = t->state == MDAP_TXN_DONE ? 0 : MDAP_EXIT_FAILED;
	if (rv != 0)
		fprintf(stderr, "mdap: %s: %s\n", ant_id, t->error);
	else if (json) {
		buf_init(&b, 0);
		json_init(&j, &b);
		json_object_begin(&j);
		for (i = 0; i < t->info->nheaders; i++)
			json_kv_string(&j, t->info->headers[i].name,
			    t->info->headers[i].value);
		json_object_end(&j);
		printf("%s\n", b.data);
		buf_clear(&b);
	} else
		for (i = 0; i < t->info->nheaders; i++)
			printf("%s: %s\n", t->info->headers[i].name,
			    t->info->headers[i].value);
	client_txn_free(t);
	return rv;
}

/* Selects the targets of exec: one ANT-ID, --all, or --match PATTERN. */
static size_t
exec_targets(struct mdap_ctl *ctl, const char *sel, const char *pattern,
    char ***idsp)
{
	char	**ids;
	size_t	  i, n = 0;

	if (sel != NULL) {
		ids = xcalloc(1, sizeof(*ids));
		ids[n++] = xstrdup(sel);
		*idsp = ids;
		return n;
	}
	search_run(ctl);
	qsort(ctl->ants, ctl->nants, sizeof(*ctl->ants), ant_cmp);
	ids = xcalloc(ctl->nants + 1, sizeof(*ids));
	for (i = 0; i < ctl->nants; i++) {
		const struct mdap_ant_rec *a = &ctl->ants[i];

		if (pattern != NULL && fnmatch(pattern, a->ant_id, 0) != 0 &&
		    fnmatch(pattern, a->name, 0) != 0 &&
		    fnmatch(pattern, a->mac, FNM_CASEFOLD) != 0)
			continue;
		ids[n++] = xstrdup(a->ant_id);
	}
	*idsp = ids;
	return n;
}

static void
exec_print(struct mdap_txn **txns, size_t n, bool json)
{
	struct buf	b;
	struct json	j;
	size_t		i;

	if (!json) {
		for (i = 0; i < n; i++) {
			printf("== %s: %s\n", txns[i]->ant_id,
			    txns[i]->state == MDAP_TXN_DONE ? "ok" :
			    txns[i]->error);
			if (txns[i]->output.len > 0)
				printf("%s%s", txns[i]->output.data,
				    txns[i]->output.data[txns[i]->output.len -
				    1] == '\n' ? "" : "\n");
		}
		return;
	}
	buf_init(&b, 0);
	json_init(&j, &b);
	json_array_begin(&j);
	for (i = 0; i < n; i++) {
		json_object_begin(&j);
		json_kv_string(&j, "ant_id", txns[i]->ant_id);
		json_kv_bool(&j, "ok", txns[i]->state == MDAP_TXN_DONE);
		if (txns[i]->state != MDAP_TXN_DONE) {
			json_kv_string(&j, "error", txns[i]->error);
			json_kv_int(&j, "code", txns[i]->error_code);
		}
		json_kv_string(&j, "output", txns[i]->output.len > 0 ?
		    txns[i]->output.data : "");
		json_object_end(&j);
	}
	json_array_end(&j);
	printf("%s\n", b.data);
	buf_clear(&b);
}

int
cmd_exec(struct mdap_ctl *ctl, int argc, char **argv, bool json)
{
	struct mdap_txn	**txns;
	const char	 *sel = NULL, *pattern = NULL, *cmd;
	char		**ids;
	size_t		  i, n;
	int		  rv = 0;

	if (argc != 2 && !(argc == 3 && strcmp(argv[0], "--match") == 0))
		return -1;
	if (argc == 3)
		pattern = argv[1];
	else if (strcmp(argv[0], "--all") != 0)
		sel = argv[0];
	cmd = argv[argc - 1];
	if (strlen(cmd) > MDAP_CLI_CMD_MAX) {
		fprintf(stderr, "mdap: command longer than %d bytes\n",
		    MDAP_CLI_CMD_MAX);
		return MDAP_EXIT_FAILED;
	}
	if ((n = exec_targets(ctl, sel, pattern, &ids)) == 0) {
		fprintf(stderr, "mdap: no ant %s\n", pattern != NULL ?
		    "matches" : "found");
		free(ids);
		return MDAP_EXIT_NONE;
	}
	txns = xcalloc(n, sizeof(*txns));
	for (i = 0; i < n; i++) {
		txns[i] = client_request(ctl, ids[i], "EXEC-CLI", cmd);
		txns[i]->done_cb = txn_done;
		txns[i]->done_arg = ctl;
	}
	event_base_dispatch(ctl->base);
	exec_print(txns, n, json);
	for (i = 0; i < n; i++) {
		if (txns[i]->state != MDAP_TXN_DONE)
			rv = MDAP_EXIT_FAILED;
		client_txn_free(txns[i]);
		free(ids[i]);
	}
	free(txns);
	free(ids);
	return rv;
}
