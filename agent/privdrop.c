/* privdrop.c: started as root with agent.user set, the agent gives the
 * state directory to that user, drops to it (and to agent.group, plus the
 * user's supplementary groups, so it can join an AgentX socket owned by
 * the snmp group) and checks that root cannot be regained. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent.h"
#include "log.h"

int dfo_drop_privileges(const char *user, const char *group,
			const char *state_dir, struct dfo_err *e)
{
	struct passwd *pw;
	struct group *gr = NULL;
	struct stat st;
	gid_t gid;

	if (user == NULL || user[0] == '\0' || geteuid() != 0)
		return 0;
	pw = getpwnam(user);
	if (pw == NULL) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER, "agent.user '%s' does not exist", user);
		return -1;
	}
	gid = pw->pw_gid;
	if (group != NULL && group[0] != '\0') {
		gr = getgrnam(group);
		if (gr == NULL) {
			dfo_err_set(e, ERROR_INVALID_PARAMETER, "agent.group '%s' does not exist", group);
			return -1;
		}
		gid = gr->gr_gid;
	}
	if (stat(state_dir, &st) == 0 && st.st_uid == 0 &&
	    chown(state_dir, pw->pw_uid, gid) != 0)
		dfo_warn("cannot give %s to %s: %s", state_dir, user, strerror(errno));
	if (initgroups(user, gid) != 0 || setgid(gid) != 0 || setuid(pw->pw_uid) != 0) {
		dfo_err_set(e, ERROR_ACCESS_DENIED, "cannot drop privileges to %s: %s",
			    user, strerror(errno));
		return -1;
	}
	if (setuid(0) == 0 || seteuid(0) == 0) {
		dfo_err_set(e, ERROR_ACCESS_DENIED, "dropped to %s but could regain root", user);
		return -1;
	}
	dfo_info("running as %s:%s", user, gr ? gr->gr_name : "(primary group)");
	return 0;
}
