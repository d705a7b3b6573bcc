/* config.h: dhcpfo.conf (libconfig): the agent section, per-server
 * defaults and the servers list, each with its backend's own group. */
#ifndef DHCPFO_CONFIG_H
#define DHCPFO_CONFIG_H

#include "backend.h"

#define DFO_SERVER_NAME_MAX 64

struct dfo_server_conf {
	char name[DFO_SERVER_NAME_MAX + 1];
	const struct dfo_backend_ops *ops;
	void *bconf;                 /* the backend's parsed settings */
	char where[300];             /* file:line of the entry */
	int poll_interval;           /* seconds */
	int page_size;               /* PreferredMaximum, elements */
	int timeout;                 /* seconds, one backend call */
	int max_pages;               /* bound on pages in one pass */
	int unreachable_after;       /* failed polls before "unreachable" */
	int expiry;                  /* seconds rows stay after the last good poll; 0 = forever */
	int fresh_for;               /* walk-driven refresh; -1 = off */
	int budget_ms;               /* how long a walk may hold a request */
	int hold_down;               /* seconds between state-change notifications of one relationship */
};

struct dfo_config {
	char *path;
	int refs;                    /* owners (the agent keeps generations alive) */
	char agentx_socket[256];     /* "" = net-snmp default */
	int ping_interval;
	char state_dir[256];
	char log_target[16];         /* "stderr" or "syslog" */
	int log_level;               /* syslog level */
	char listen[128];            /* standalone mode transport, "" = AgentX */
	char access_file[256];
	char user[64], group[64];
	int notify_queue;            /* notifications kept while the master is away */
	struct dfo_server_conf *servers;
	int nservers;
};

/* Loads and validates `path`. On error returns -1 with "file:line: ..."
 * in e->text and *out untouched. Unknown keys are warned about. */
int dfo_config_load(const char *path, struct dfo_config **out,
		    struct dfo_err *e);
void dfo_config_free(struct dfo_config *c);
const struct dfo_server_conf *dfo_config_server(const struct dfo_config *c,
						const char *name);

#endif
