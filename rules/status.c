/*
 * status.c: "anthill-rules status" shows the rollout state of every rule
 * with a state file (matched, in flight, done, failed, backoff, gave up,
 * paused and why); "resume" clears a rule's pause.  Reads and writes only
 * through lib/rule_state, so the locking matches acsd's.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/json.h"
#include "lib/rule_state.h"
#include "lib/xmalloc.h"
#include "rules/rules.h"

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Rule names with a state file, sorted. */
static char **
state_rules(const char *dir, size_t *np)
{
	struct dirent *de;
	DIR *d;
	char **v = NULL;
	size_t n = 0, len;

	if ((d = opendir(dir)) == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len <= 5 ||
		    strcmp(de->d_name + len - 5, ".yaml") != 0)
			continue;
		v = xreallocarray(v, n + 1, sizeof(*v));
		v[n++] = xstrndup(de->d_name, len - 5);
	}
	closedir(d);
	if (n > 0)
		qsort(v, n, sizeof(*v), cmp_str);
	*np = n;
	return v;
}

static void
print_json(struct json *j, const struct rule_progress *p)
{
	json_object_begin(j);
	json_kv_string(j, "rule", p->rule);
	json_kv_int(j, "matched", (long long)p->matched);
	json_kv_int(j, "in_flight", p->in_flight);
	json_kv_int(j, "done", (long long)p->done);
	json_kv_int(j, "failed", (long long)p->failed);
	json_kv_int(j, "backoff", p->backoff);
	json_kv_int(j, "gave_up", p->gave_up);
	json_kv_bool(j, "paused", p->paused);
	if (p->paused)
		json_kv_string(j, "pause_reason", p->pause_reason);
	json_object_end(j);
}

static void
print_row(const struct rule_progress *p)
{
	printf("%-24s %8lu %9u %8lu %8lu %7u %7u  %s%s\n", p->rule, p->matched,
	    p->in_flight, p->done, p->failed, p->backoff, p->gave_up,
	    p->paused ? "paused: " : "active",
	    p->paused ? p->pause_reason : "");
}

static int
show(struct rule_state *st, char **names, size_t n, bool json)
{
	struct rule_progress *p;
	struct json j;
	struct buf out;
	const char *errstr;
	size_t i;
	int rv = 0;

	buf_init(&out, 0);
	json_init(&j, &out);
	if (json)
		json_array_begin(&j);
	else
		printf("%-24s %8s %9s %8s %8s %7s %7s  %s\n", "RULE", "MATCHED",
		    "IN_FLIGHT", "DONE", "FAILED", "BACKOFF", "GAVE_UP",
		    "STATE");
	for (i = 0; i < n; i++) {
		if ((p = rule_state_read(st, names[i], &errstr)) == NULL) {
			fprintf(stderr, "anthill-rules: %s: %s\n", names[i],
			    errstr);
			rv = 1;
			continue;
		}
		if (json)
			print_json(&j, p);
		else
			print_row(p);
		rule_progress_free(p);
	}
	if (json) {
		json_array_end(&j);
		printf("%s\n", out.data);
	}
	buf_clear(&out);
	return rv;
}

int
cmd_status(struct rules_opts *o, int argc, char **argv)
{
	struct rule_state *st;
	const char *errstr;
	char **names;
	size_t n = 0, i;
	int rv;

	if (o->state == NULL)
		return 2;
	if ((st = rule_state_open(o->state, 0, &errstr)) == NULL) {
		fprintf(stderr, "anthill-rules: %s: %s\n", o->state, errstr);
		return 1;
	}
	if (argc > 0) {
		rv = show(st, argv, argc, o->json);
	} else {
		names = state_rules(o->state, &n);
		rv = show(st, names, n, o->json);
		for (i = 0; i < n; i++)
			free(names[i]);
		free(names);
	}
	rule_state_free(st);
	return rv;
}

int
cmd_resume(struct rules_opts *o, int argc, char **argv)
{
	struct rule_state *st;
	const char *errstr;
	int i, rv = 0;

	if (o->state == NULL || argc < 1)
		return 2;
	if ((st = rule_state_open(o->state, 0, &errstr)) == NULL) {
		fprintf(stderr, "anthill-rules: %s: %s\n", o->state, errstr);
		return 1;
	}
	for (i = 0; i < argc; i++) {
		if (rule_state_resume(st, argv[i], &errstr) == -1) {
			fprintf(
			    stderr, "anthill-rules: %s: %s\n", argv[i], errstr);
			rv = 1;
		} else
			printf("%s: resumed\n", argv[i]);
	}
	rule_state_free(st);
	return rv;
}
