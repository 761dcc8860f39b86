/*
 * dirqueue_int.h: what the dirqueue files share and nobody else uses: the
 * spool handle, the file protocol (O_EXCL in tmp/, link, link count) and
 * the YAML conversion of argument trees.
 */
#ifndef LIB_DIRQUEUE_INT_H
#define LIB_DIRQUEUE_INT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/dirqueue.h"

#define DQ_HOST_MAX	256

struct dirqueue {
	char	*spool;
	char	 host[DQ_HOST_MAX];
	char	 hash[8];	/* short hash of host and pid, for names */
	bool	 sync;
};

/* A device directory and its subdirectories. */
struct dq_dir {
	char	dev[PATH_MAX];
	char	key[DIRQUEUE_KEY_MAX * 3 + 1];
};

/* dirqueue_file.c */
int	dq_dir_init(struct dirqueue *, const char *, struct dq_dir *, bool,
	    const char **);
int	dq_path(char *, size_t, const struct dq_dir *, const char *,
	    const char *);
int	dq_publish(struct dirqueue *, const struct dq_dir *, const char *,
	    const char *, const char *, size_t, const char **);
int	dq_publish_sync(struct dirqueue *, const struct dq_dir *,
	    const char *, const char *, const char *, size_t, bool,
	    const char **);
char	*dq_read(const char *, size_t *);
int	dq_names(const char *, bool, char ***, size_t *);
void	dq_names_free(char **, size_t);
bool	dq_name_is_valid(const char *);
bool	dq_pid_is_dead(struct dirqueue *, const char *, long);
void	dq_now(struct timespec *);

/* dirqueue.c */
struct dirqueue_arg *dq_job_tree(const struct dirqueue_job *, bool);
int	dq_job_from_tree(struct dirqueue_arg *, struct dirqueue_job *,
	    const char **);
int	dq_job_load(const struct dq_dir *, const char *, const char *,
	    const char *, struct dirqueue_job *, const char **);

/* dirqueue_lease.c */
void	dq_lease_state(struct dirqueue *, const struct dq_dir *,
	    struct dirqueue_job *);

/* dirqueue_yaml.c */
void	dq_arg_attach(struct dirqueue_arg *, const char *,
	    struct dirqueue_arg *);
struct dirqueue_arg *dq_yaml_parse(const char *, size_t, const char **);
char	*dq_yaml_emit(const struct dirqueue_arg *, size_t *);
long long dq_arg_num(const struct dirqueue_arg *, const char *, long long,
	    long long, long long, bool *);
bool	dq_arg_bool(const struct dirqueue_arg *, const char *, bool,
	    bool *);

#endif /* LIB_DIRQUEUE_INT_H */
