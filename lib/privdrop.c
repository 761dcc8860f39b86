/*
 * privdrop.c: chroot plus setgroups/setresgid/setresuid, and a check
 * that the drop cannot be undone.  It does not keep any capability: what
 * needs privileges is opened before the call.
 */
#include "config.h"

#include <sys/types.h>

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/privdrop.h"

int
privdrop(const char *dir, const char *user, const char **errstr)
{
	struct passwd	*pw;
	uid_t		 uid;
	gid_t		 gid;

	if (geteuid() != 0) {
		log_warnx("not started as root: no chroot, no privilege drop");
		return 0;
	}
	if (user == NULL || *user == '\0')
		user = PRIVDROP_USER_DEFAULT;
	if ((pw = getpwnam(user)) == NULL) {
		*errstr = "unknown user";
		return -1;
	}
	uid = pw->pw_uid;
	gid = pw->pw_gid;
	if (dir != NULL && (chroot(dir) == -1 || chdir("/") == -1)) {
		*errstr = "chroot";
		return -1;
	}
	if (setgroups(1, &gid) == -1 || setresgid(gid, gid, gid) == -1 ||
	    setresuid(uid, uid, uid) == -1) {
		*errstr = "cannot drop privileges";
		return -1;
	}
	if (uid != 0 && setuid(0) != -1) {
		*errstr = "setuid(0) still works after the drop";
		return -1;
	}
	log_debug("%s: chroot %s, running as %s", __func__,
	    dir != NULL ? dir : "(none)", user);
	return 0;
}
