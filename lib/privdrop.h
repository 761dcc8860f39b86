/*
 * privdrop.h: chroot and drop to an unprivileged user, in the OpenBSD
 * tftpd order (STYLE.md section 9).  Sockets and directory descriptors
 * must be opened before calling it.  It does not daemonise.
 */
#ifndef LIB_PRIVDROP_H
#define LIB_PRIVDROP_H

#define PRIVDROP_USER_DEFAULT	"nobody"

/*
 * As root: looks user up, chroots to dir (NULL: no chroot), chdir("/"),
 * setgroups/setresgid/setresuid to the user, then checks that setuid(0)
 * fails.  Not as root: warns once and returns 0 (tests).  Returns 0, or
 * -1 with *errstr set (the caller exits: this is start-up).
 */
int	privdrop(const char *dir, const char *user, const char **errstr);

#endif /* LIB_PRIVDROP_H */
