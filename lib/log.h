/*
 * log.h: the logger every anthill program uses (OpenBSD daemon style).
 * Lines go to stderr in the foreground and to syslog otherwise, one write(2)
 * per line so threads never interleave.  It does not rotate files or mask
 * secrets: callers pass masked strings (log_mask()).
 */
#ifndef LIB_LOG_H
#define LIB_LOG_H

#include <stdarg.h>
#include <stdbool.h>

#define LOG_LINE_MAX 2048

void	log_init(bool foreground, int verbose);
void	log_procname(const char *name);
void	log_setverbose(int verbose);
int	log_getverbose(void);
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_vmsg(int pri, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));
void	fatal(const char *, ...) __attribute__((noreturn))
	    __attribute__((format(printf, 1, 2)));
void	fatalx(const char *, ...) __attribute__((noreturn))
	    __attribute__((format(printf, 1, 2)));
/* A fixed mask for secrets in log lines: "********". */
const char *log_mask(const char *secret);

#endif /* LIB_LOG_H */
