/* privdrop.c: started as root with agent.user set, the agent gives its
 * state directory to that user, becomes that user (group: agent.group or
 * the user's primary group, plus the user's supplementary groups, so it
 * can join an AgentX socket owned by the snmp group) and verifies that
 * root cannot be regained: no uid 0, no gid 0, no capability left. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "agent.h"
#include "log.h"

/* the state dir itself and the root-owned regular files directly in it
 * (an index map written by an earlier run as root); symlinks are never
 * followed, nothing below the first level is touched */
static void give_state_dir(const char *dir, uid_t uid, gid_t gid)
{
	struct stat st;
	struct dirent *d;
	DIR *dp;
	int fd;

	if (dir == NULL || dir[0] == '\0')
		return;
	if (mkdir(dir, 0750) == 0)
		dfo_info("created state dir %s", dir);
	else if (errno != EEXIST)
		dfo_warn("cannot create state dir %s: %s", dir, strerror(errno));
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return; /* open_state() reports an unusable state dir */
	}
	if (st.st_uid != 0) {
		close(fd);
		return; /* someone already gave it to a user: leave it */
	}
	if (fchown(fd, uid, gid) != 0) {
		dfo_warn("cannot give state dir %s to uid %ld: %s", dir,
			 (long)uid, strerror(errno));
		close(fd);
		return;
	}
	dp = fdopendir(fd);
	if (dp == NULL) {
		close(fd);
		return;
	}
	while ((d = readdir(dp)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (fstatat(fd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode) && st.st_uid == 0 &&
		    fchownat(fd, d->d_name, uid, gid, AT_SYMLINK_NOFOLLOW) != 0)
			dfo_warn("cannot give %s/%s to uid %ld: %s", dir, d->d_name,
				 (long)uid, strerror(errno));
	}
	closedir(dp);
}

static int has_capabilities(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct c[2];

	memset(c, 0, sizeof(c));
	if (syscall(SYS_capget, &h, c) != 0)
		return 1; /* cannot tell: assume the worst */
	return (c[0].effective | c[0].permitted | c[1].effective | c[1].permitted) != 0;
}

static int root_left(uid_t uid, gid_t gid)
{
	gid_t groups[256];
	int n;

	if (getuid() != uid || geteuid() != uid || getgid() != gid || getegid() != gid)
		return 1;
	if (setuid(0) == 0 || seteuid(0) == 0 || setgid(0) == 0 || setegid(0) == 0)
		return 1;
	n = getgroups((int)(sizeof(groups) / sizeof(groups[0])), groups);
	if (n < 0)
		return 1;
	for (int i = 0; i < n; i++)
		if (groups[i] == 0)
			return 1;
	return has_capabilities();
}

int dfo_drop_privileges(const char *user, const char *group,
			const char *state_dir, struct dfo_err *e)
{
	const struct passwd *pw;
	const struct group *gr;
	char gname[64];
	uid_t uid;
	gid_t gid;

	if (geteuid() != 0) {
		if (user != NULL && user[0] != '\0')
			dfo_debug("not started as root: agent.user '%s' not needed", user);
		return 0;
	}
	if (user == NULL || user[0] == '\0') {
		dfo_warn("running as root: set agent.user (and agent.group) to drop privileges");
		return 0;
	}
	pw = getpwnam(user);
	if (pw == NULL) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER, "agent.user '%s' does not exist", user);
		return -1;
	}
	uid = pw->pw_uid;
	gid = pw->pw_gid;
	if (uid == 0) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "agent.user '%s' is root: name an unprivileged user", user);
		return -1;
	}
	if (group != NULL && group[0] != '\0') {
		gr = getgrnam(group);
		if (gr == NULL) {
			dfo_err_set(e, ERROR_INVALID_PARAMETER, "agent.group '%s' does not exist", group);
			return -1;
		}
		gid = gr->gr_gid;
		snprintf(gname, sizeof(gname), "%s", group);
	} else {
		gr = getgrgid(gid);
		snprintf(gname, sizeof(gname), "%s", gr ? gr->gr_name : "?");
	}
	if (gid == 0) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "the agent's group is root (gid 0): set agent.group");
		return -1;
	}
	give_state_dir(state_dir, uid, gid);
	if (initgroups(user, gid) != 0 || setresgid(gid, gid, gid) != 0 ||
	    setresuid(uid, uid, uid) != 0) {
		dfo_err_set(e, ERROR_ACCESS_DENIED, "cannot drop privileges to %s:%s: %s",
			    user, gname, strerror(errno));
		return -1;
	}
	/* nothing the agent executes could gain privileges back either */
	(void)prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (root_left(uid, gid)) {
		dfo_err_set(e, ERROR_ACCESS_DENIED,
			    "dropped to %s:%s but root (uid, gid, group or a capability) is still there",
			    user, gname);
		return -1;
	}
	dfo_info("running as %s:%s (uid %ld, gid %ld)", user, gname, (long)uid, (long)gid);
	return 0;
}
