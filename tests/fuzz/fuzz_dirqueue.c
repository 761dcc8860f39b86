/*
 * fuzz_dirqueue.c: the queue's job-file reader (the YAML of queue/, done/,
 * failed/ and lease files, which may be damaged on disk).  Any input must
 * be parsed or refused without a crash; a job that parses must be written
 * back and read again to the same fields.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/dirqueue.h"
#include "lib/dirqueue_int.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct dirqueue_arg	*m, *m2;
	struct dirqueue_job	 job, job2;
	const char		*err;
	char			*text;
	size_t			 tlen;

	if (len > DIRQUEUE_FILE_MAX)
		return 0;
	m = dq_yaml_parse((const char *)data, len, &err);
	if (m == NULL)
		return 0;
	dirqueue_job_init(&job);
	dirqueue_job_init(&job2);
	if (dq_job_from_tree(m, &job, &err) == 0) {
		m2 = dq_job_tree(&job, true);
		text = dq_yaml_emit(m2, &tlen);
		dirqueue_arg_free(m2);
		if (text != NULL) {
			m2 = dq_yaml_parse(text, tlen, &err);
			if (m2 == NULL || dq_job_from_tree(m2, &job2, &err) == -1 ||
			    strcmp(job.rpc, job2.rpc) != 0 ||
			    job.priority != job2.priority)
				abort();
			dirqueue_arg_free(m2);
			free(text);
		}
	}
	dirqueue_job_clear(&job);
	dirqueue_job_clear(&job2);
	dirqueue_arg_free(m);
	return 0;
}
