/*
 * buf.h: a growable byte buffer with a hard ceiling.  Every buffer that
 * holds network input has one (buf_init(&b, CWMP_BODY_MAX)).  The data is
 * always NUL-terminated for convenience; the length excludes the NUL.
 * It does not do I/O.
 */
#ifndef LIB_BUF_H
#define LIB_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
	size_t	 max;	/* hard ceiling on len; 0 means SIZE_MAX */
};

void	buf_init(struct buf *b, size_t max);
void	buf_clear(struct buf *b);
void	buf_reset(struct buf *b);
/* Returns -1 (and appends nothing) if the ceiling would be passed. */
int	buf_add(struct buf *b, const void *data, size_t len);
int	buf_addstr(struct buf *b, const char *s);
int	buf_addch(struct buf *b, char c);
int	buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
int	buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));
/* Hands the data to the caller (free() it) and resets the buffer. */
char	*buf_release(struct buf *b, size_t *lenp);

#endif /* LIB_BUF_H */
