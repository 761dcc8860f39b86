/*
 * acs_job.c: a test helper that queues jobs into an acsd spool and lists
 * outcomes through lib/dirqueue, so integration tests do not depend on
 * acsctl.  Arguments: "key=value" adds a string, "key[]=a,b" a list of
 * strings, "param=Name=Value=Type" one ParameterList entry.  It is not
 * installed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/dirqueue.h"

static void
job_arg(struct dirqueue_arg *args, struct dirqueue_arg **plist, char *a)
{
	struct dirqueue_arg *e, *l;
	char *eq, *v, *t, *tok;

	if (strncmp(a, "param=", 6) == 0) {
		if (*plist == NULL)
			*plist = dirqueue_arg_add(
			    args, "ParameterList", DIRQUEUE_ARG_LIST);
		e = dirqueue_arg_add(*plist, NULL, DIRQUEUE_ARG_MAP);
		v = strchr(a + 6, '=');
		t = v != NULL ? strchr(v + 1, '=') : NULL;
		if (v != NULL)
			*v++ = '\0';
		if (t != NULL)
			*t++ = '\0';
		dirqueue_arg_add_str(e, "Name", a + 6);
		dirqueue_arg_add_str(e, "Value", v != NULL ? v : "");
		dirqueue_arg_add_str(e, "Type", t != NULL ? t : "xsd:string");
		return;
	}
	eq = strchr(a, '=');
	if (eq == NULL)
		return;
	*eq++ = '\0';
	if (eq - a > 3 && strcmp(eq - 3, "[]") == 0) {
		eq[-3] = '\0';
		l = dirqueue_arg_add(args, a, DIRQUEUE_ARG_LIST);
		while ((tok = strsep(&eq, ",")) != NULL)
			dirqueue_arg_add_str(l, NULL, tok);
	} else
		dirqueue_arg_add_str(args, a, eq);
}

static int
job_print(const struct dirqueue_job *job, const char *errstr, void *arg)
{
	const char *code = NULL;

	if (job->result != NULL)
		code = dirqueue_arg_get_str(job->result, "FaultCode");
	printf("%s %s %s %s %s\n", job->name, job->rpc != NULL ? job->rpc : "-",
	    dirqueue_state_name(job->state),
	    job->reason != NULL ? job->reason : "-", code != NULL ? code : "-");
	return 0;
}

int
main(int argc, char *argv[])
{
	struct dirqueue *dq;
	struct dirqueue_job job;
	struct dirqueue_arg *plist = NULL;
	const char *errstr;
	enum dirqueue_where w = DIRQUEUE_QUEUE;
	int i;

	if (argc < 5) {
		fprintf(stderr,
		    "usage: acs_job spool add device rpc "
		    "[arg ...]\n       acs_job spool list device "
		    "queue|done|failed\n");
		return 2;
	}
	dq = dirqueue_open(argv[1], NULL, DIRQUEUE_CREATE, &errstr);
	if (dq == NULL) {
		fprintf(stderr, "acs_job: %s\n", errstr);
		return 1;
	}
	if (strcmp(argv[2], "list") == 0) {
		if (strcmp(argv[4], "done") == 0)
			w = DIRQUEUE_DONE;
		else if (strcmp(argv[4], "failed") == 0)
			w = DIRQUEUE_FAILED;
		i = dirqueue_list(dq, argv[3], w, job_print, NULL, &errstr);
		dirqueue_free(dq);
		return i == 0 ? 0 : 1;
	}
	dirqueue_job_init(&job);
	job.rpc = strdup(argv[4]);
	job.origin = strdup("operator");
	job.args = dirqueue_arg_new(DIRQUEUE_ARG_MAP);
	for (i = 5; i < argc; i++)
		job_arg(job.args, &plist, argv[i]);
	if (dirqueue_enqueue(dq, argv[3], &job, &errstr) == -1) {
		fprintf(stderr, "acs_job: %s\n", errstr);
		return 1;
	}
	printf("%s\n", job.name);
	dirqueue_job_clear(&job);
	dirqueue_free(dq);
	return 0;
}
