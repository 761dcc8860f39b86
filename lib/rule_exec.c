/*
 * rule_exec.c: the exec action runner of rule_exec.h.  fork + execve with
 * argv built before the fork (only async-signal-safe calls in the child,
 * so it is safe in threaded acsd), stdin and stdout on a socketpair so a
 * program that exits early cannot SIGPIPE the caller (MSG_NOSIGNAL), a
 * poll(2) loop bounded by the action's timeout on the monotonic clock,
 * SIGKILL and waitpid at the end whatever happened.  The output is parsed
 * by rule_actions_parse(), which refuses exec.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/json.h"
#include "lib/rule_exec.h"
#include "lib/xmalloc.h"

struct json_arg {
	struct json *j;
	struct buf *b;
};

static int
json_param(void *arg, const char *name, const char *value, const char *type)
{
	struct json_arg *ja = arg;

	json_key(ja->j, name);
	json_object_begin(ja->j);
	json_kv_string(ja->j, "value", value);
	if (type != NULL)
		json_kv_string(ja->j, "type", type);
	json_object_end(ja->j);
	return ja->b->len > RULE_EXEC_INPUT_MAX ? -1 : 0;
}

static int
json_tag(void *arg, const char *tag)
{
	json_string(((struct json_arg *)arg)->j, tag);
	return 0;
}

char *
rule_exec_input(const char *rule, const struct rule_input *in, size_t *lenp)
{
	const struct rule_device *dev = in->dev;
	struct buf b;
	struct json j;
	struct json_arg ja = { &j, &b };
	const char *v;
	size_t i;
	int rv;

	buf_init(&b, 0);
	json_init(&j, &b);
	json_object_begin(&j);
	json_kv_string(&j, "rule", rule);
	json_key(&j, "id");
	json_object_begin(&j);
	for (i = 0; i < RULE_ID_COUNT; i++)
		if ((v = dev->ops->id(dev->ctx, i)) != NULL)
			json_kv_string(&j, rule_id_name(i), v);
	json_object_end(&j);
	json_key(&j, "events");
	json_array_begin(&j);
	for (i = 0; i < in->nevents; i++)
		json_string(&j, in->events[i]);
	json_array_end(&j);
	json_key(&j, "tags");
	json_array_begin(&j);
	dev->ops->foreach_tag(dev->ctx, json_tag, &ja);
	json_array_end(&j);
	json_key(&j, "params");
	json_object_begin(&j);
	rv = dev->ops->foreach_param(dev->ctx, json_param, &ja);
	json_object_end(&j);
	json_object_end(&j);
	buf_addch(&b, '\n');
	if (rv == -1) {
		buf_clear(&b);
		return NULL;
	}
	return buf_release(&b, lenp);
}

int
rule_exec_allowed(
    const char *program, const char *allow_dir, const char **errstr)
{
	char real[PATH_MAX], dir[PATH_MAX];
	struct stat sb;
	size_t len;

	if (allow_dir == NULL || realpath(allow_dir, dir) == NULL) {
		*errstr = "exec is not enabled (no exec directory configured)";
		return -1;
	}
	if (realpath(program, real) == NULL || stat(real, &sb) == -1 ||
	    !S_ISREG(sb.st_mode) || access(real, X_OK) == -1) {
		*errstr = "program is not an executable file";
		return -1;
	}
	len = strlen(dir);
	if (strncmp(real, dir, len) != 0 || real[len] != '/') {
		*errstr = "program is outside the exec directory";
		return -1;
	}
	return 0;
}

struct exec_child {
	pid_t pid;
	int fd; /* our end of the socketpair */
};

static char **
exec_argv(const struct rule_action *a)
{
	char **argv;
	size_t i, n = 0;

	argv = xcalloc(a->nargs + 2, sizeof(*argv));
	argv[n++] = (char *)(uintptr_t)rule_action_arg(a, "program");
	for (i = 0; i < a->nargs; i++)
		if (strcmp(a->args[i].name, "arg") == 0)
			argv[n++] = a->args[i].value;
	argv[n] = NULL;
	return argv;
}

static int
exec_spawn(const struct rule_action *a, const char *devid, struct exec_child *c)
{
	char **argv, *envp[3];
	int sv[2], null, fd;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
		return -1;
	argv = exec_argv(a);
	xasprintf(&envp[0], "ANTHILL_RULE=%s", a->rule);
	xasprintf(&envp[1], "ANTHILL_DEVICE=%s", devid);
	envp[2] = NULL;
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if ((c->pid = fork()) == 0) {
		/* Child: async-signal-safe calls only. */
		dup2(sv[1], STDIN_FILENO);
		dup2(sv[1], STDOUT_FILENO);
		if (null != -1)
			dup2(null, STDERR_FILENO);
		for (fd = STDERR_FILENO + 1; fd < 1024; fd++)
			close(fd);
		execve(argv[0], argv, envp);
		_exit(127);
	}
	close(sv[1]);
	if (null != -1)
		close(null);
	free(envp[0]);
	free(envp[1]);
	free(argv);
	c->fd = sv[0];
	if (c->pid == -1) {
		close(sv[0]);
		return -1;
	}
	return 0;
}

static long long
ms_left(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (deadline->tv_sec - now.tv_sec) * 1000LL +
	    (deadline->tv_nsec - now.tv_nsec) / 1000000;
}

/* Writes input, reads output; -1 with errstr on timeout or overflow. */
static int
exec_io(struct exec_child *c, const char *input, size_t inlen, struct buf *out,
    const struct timespec *deadline, const char **errstr)
{
	struct pollfd pfd;
	char chunk[8192];
	size_t off = 0;
	ssize_t n;
	long long left;

	pfd.fd = c->fd;
	for (;;) {
		if ((left = ms_left(deadline)) <= 0) {
			*errstr = "timed out";
			return -1;
		}
		pfd.events = POLLIN | (off < inlen ? POLLOUT : 0);
		if (poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left) == -1) {
			if (errno == EINTR)
				continue;
			*errstr = "poll failed";
			return -1;
		}
		if ((pfd.revents & POLLOUT) && off < inlen) {
			n = send(c->fd, input + off, inlen - off,
			    MSG_NOSIGNAL | MSG_DONTWAIT);
			if (n > 0)
				off += n;
			else if (n == -1 && errno != EAGAIN && errno != EINTR)
				off = inlen; /* it stopped reading */
			if (off == inlen)
				shutdown(c->fd, SHUT_WR);
		}
		if (pfd.revents & (POLLIN | POLLHUP | POLLERR)) {
			n = recv(c->fd, chunk, sizeof(chunk), MSG_DONTWAIT);
			/* A child that exits without reading its input resets
			 * the socket; its exit status tells what happened. */
			if (n == 0 || (n == -1 && errno == ECONNRESET))
				return 0;
			if (n > 0 && buf_add(out, chunk, n) == -1) {
				*errstr = "printed too much";
				return -1;
			}
			if (n == -1 && errno != EAGAIN && errno != EINTR) {
				*errstr = "read failed";
				return -1;
			}
		}
	}
}

/* Reaps the child, killing it at the deadline (or at once if asked). */
static int
exec_wait(struct exec_child *c, bool kill_it, const struct timespec *deadline,
    const char **errstr)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	pid_t pid;
	int status;

	if (kill_it)
		kill(c->pid, SIGKILL);
	while ((pid = waitpid(c->pid, &status, WNOHANG)) == 0) {
		if (ms_left(deadline) <= 0) {
			kill(c->pid, SIGKILL);
			kill_it = true;
			*errstr = "timed out";
		}
		nanosleep(&pause, NULL);
	}
	if (pid == -1)
		return -1;
	if (!kill_it && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (!kill_it)
		*errstr = WIFEXITED(status) && WEXITSTATUS(status) == 127 ?
		    "could not be run" :
		    "failed (non-zero exit status)";
	return -1;
}

int
rule_exec_run(const struct rule_action *a, const char *allow_dir,
    const struct rule_input *in, struct rule_actions *out,
    struct rule_load_errors *errs)
{
	struct exec_child c;
	struct timespec deadline;
	struct buf output;
	const char *program, *devid, *errstr = NULL;
	char *input;
	size_t inlen;
	int rv = -1, io;

	program = rule_action_arg(a, "program");
	devid = in->dev->ops->id(in->dev->ctx, RULE_ID_DEVICE_ID);
	if (devid == NULL)
		devid = "";
	if (a->kind != RULE_ACT_EXEC || program == NULL ||
	    rule_exec_allowed(program, allow_dir, &errstr) == -1) {
		rule_load_errors_add(errs, "%s: exec %s: %s", a->rule,
		    program != NULL ? program : "?",
		    errstr != NULL ? errstr : "not an exec action");
		return -1;
	}
	if ((input = rule_exec_input(a->rule, in, &inlen)) == NULL) {
		rule_load_errors_add(
		    errs, "%s: exec %s: device too large", a->rule, program);
		return -1;
	}
	if (exec_spawn(a, devid, &c) == -1) {
		rule_load_errors_add(
		    errs, "%s: exec %s: %s", a->rule, program, strerror(errno));
		free(input);
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec +=
	    a->timeout > 0 ? a->timeout : RULE_EXEC_TIMEOUT_DEFAULT;
	buf_init(&output, RULE_EXEC_OUTPUT_MAX);
	io = exec_io(&c, input, inlen, &output, &deadline, &errstr);
	close(c.fd);
	if (exec_wait(&c, io == -1, &deadline, &errstr) == 0 && io == 0)
		rv = rule_actions_parse(a->rule,
		    output.data != NULL ? output.data : "", output.len, in->dev,
		    out, errs);
	else
		rule_load_errors_add(errs, "%s: exec %s: %s", a->rule, program,
		    errstr != NULL ? errstr : "failed");
	buf_clear(&output);
	free(input);
	return rv;
}
