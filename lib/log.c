/*
 * log.c: stderr or syslog logging with one write(2) per line.  The only
 * global state in lib/ lives here (STYLE.md section 3).  It does not buffer
 * or rotate; a supervisor or syslog does that.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "lib/log.h"

static int	 log_foreground = 1;
static int	 log_verbose;
static const char *log_name = "anthill";

void
log_init(bool foreground, int verbose)
{
	log_foreground = foreground;
	log_verbose = verbose;
	if (!foreground)
		openlog(log_name, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	tzset();
}

void
log_procname(const char *name)
{
	log_name = name;
}

void
log_setverbose(int verbose)
{
	log_verbose = verbose;
}

int
log_getverbose(void)
{
	return log_verbose;
}

const char *
log_mask(const char *secret)
{
	return (secret == NULL || *secret == '\0') ? "" : "********";
}

void
log_vmsg(int pri, const char *fmt, va_list ap)
{
	char	line[LOG_LINE_MAX];
	int	n, m;
	int	saved = errno;

	if (!log_foreground) {
		vsyslog(pri, fmt, ap);
		errno = saved;
		return;
	}
	n = snprintf(line, sizeof(line), "%s: ", log_name);
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	m = vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	if (m < 0)
		m = 0;
	n += m;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	(void)write(STDERR_FILENO, line, n);
	errno = saved;
}

static void log_call(int, const char *, ...)
    __attribute__((format(printf, 2, 3)));
static void log_errno(int, int, const char *, va_list)
    __attribute__((format(printf, 3, 0)));

static void
log_call(int pri, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vmsg(pri, fmt, ap);
	va_end(ap);
}

static void
log_errno(int pri, int err, const char *fmt, va_list ap)
{
	char	msg[LOG_LINE_MAX];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (err != 0)
		log_call(pri, "%s: %s", msg, strerror(err));
	else
		log_call(pri, "%s", msg);
}

void
log_warn(const char *fmt, ...)
{
	va_list	ap;
	int	err = errno;

	va_start(ap, fmt);
	log_errno(LOG_ERR, err, fmt, ap);
	va_end(ap);
	errno = err;
}

void
log_warnx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vmsg(LOG_ERR, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vmsg(LOG_INFO, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	if (log_verbose < 1)
		return;
	va_start(ap, fmt);
	log_vmsg(LOG_DEBUG, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	ap;
	int	err = errno;

	va_start(ap, fmt);
	log_errno(LOG_CRIT, err, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vmsg(LOG_CRIT, fmt, ap);
	va_end(ap);
	exit(1);
}
