/* agent.h: the running agent: servers with their snapshots and counters,
 * the poller that drives passes through workers, the MIB view and the
 * notifier. Everything here runs in the main (net-snmp) thread. */
#ifndef DHCPFO_AGENT_H
#define DHCPFO_AGENT_H

#include <stdint.h>
#include <time.h>

#include "config.h"
#include "indexmap.h"
#include "pager.h"
#include "snapshot.h"

struct dfo_worker;

struct dfo_server {
	struct dfo_server_conf conf;   /* copy; conf.bconf belongs to `cfg` */
	struct dfo_config *cfg;        /* the config generation it came from */
	uint32_t index;                /* serverIndex, stable */
	char address[128];             /* secret-free description */
	struct dfo_snapshot *snap;     /* NULL until the first good pass */
	struct dfo_worker *worker;
	/* the pass in progress */
	int pass_active;
	uint32_t pass_id;
	struct dfo_pager pager;
	unsigned poll_alarm, timeout_alarm, idle_alarm;
	int walk_mode;                 /* stepped by walks, one page on demand */
	int page_inflight;
	struct dfo_snaprow *pending;   /* rows this pass has confirmed so far */
	uint32_t npending, pending_cap;
	uint64_t snap_ms;              /* monotonic ms when `snap` was taken */
	uint32_t frontier;             /* highest known relIndex the pass confirmed */
	int budget_out;                /* a held request ran out of budget */
	struct dfo_held *held;         /* requests waiting for pages (walk.c) */
	/* status, as the server table shows it */
	int reachable;                 /* 1 yes, 0 no */
	uint32_t last_poll_ticks;
	time_t last_ok;                /* 0 = never */
	unsigned last_err_code;
	char last_err[DFO_ERRTEXT_MAX + 1];
	uint32_t polls, poll_failures, enum_calls, pages;
	uint32_t walk_passes, delegated, budget_expiries;
	uint32_t consecutive_failures;
};

struct dfo_agent {
	struct dfo_config *cfg;
	struct dfo_server **servers;   /* sorted by index */
	int nservers;
	struct dfo_indexmap *map;
	uint32_t last_poll_ticks;
	uint32_t notif_sent, notif_dropped;
	int walk_servers;              /* servers with fresh-for set */
};

extern struct dfo_agent dfo_agent;

/* config references: a config lives while a server or a worker call uses it */
void dfo_config_ref(struct dfo_config *c);
void dfo_config_unref(struct dfo_config *c);

/* agent uptime in 1/100 s (TimeStamp values) */
uint32_t dfo_uptime_ticks(void);

/* poller.c */
int dfo_servers_apply(struct dfo_config *cfg); /* start or reload */
void dfo_servers_quiesce(void);   /* before snmp_shutdown */
void dfo_servers_stop(void);
void dfo_poll_now(struct dfo_server *s);
uint64_t dfo_now_ms(void);                /* monotonic */
int dfo_walk_pass_start(struct dfo_server *s);
void dfo_pass_step(struct dfo_server *s); /* next page, if one is due */
int dfo_pass_open(const struct dfo_server *s); /* pages still to come */

/* walk.c: walk-driven refresh with delegated requests */
struct dfo_held;
void dfo_walk_register(void *reginfo);    /* netsnmp_handler_registration */
void dfo_walk_progress(struct dfo_server *s); /* a page came or the pass ended */
void dfo_walk_drop(struct dfo_server *s);     /* the server goes away */
/* mib.c: the row a GETNEXT of `name` would land on (under the rel table) */
struct dfo_next {
	struct dfo_server *srv;   /* server of that row */
	uint32_t row;             /* its relIndex */
	int fresh;                /* confirmed by the pass in progress */
	uint32_t from;            /* serverIndex the request starts in, 0 none */
	int wrapped;              /* it moved on to the next column */
};
int dfo_mib_next_row(const unsigned long *name, size_t len, struct dfo_next *n);

/* worker.c: one thread per server runs backend calls off the main loop */
struct dfo_worker_req {
	uint32_t pass_id, handle, pmax;
	const struct dfo_backend_ops *ops;
	void *bconf;
	struct dfo_config *cfg;        /* referenced for the call */
};
struct dfo_worker_res {
	struct dfo_worker *w;
	struct dfo_worker_req req;
	unsigned status;
	uint32_t handle, read, total;
	struct dfo_rel *array;
	struct dfo_err err;
	int exited;                     /* the thread has ended */
	struct dfo_worker_res *next;
};
int dfo_workers_init(void);         /* eventfd into the net-snmp loop */
struct dfo_worker *dfo_worker_start(void);
int dfo_worker_submit(struct dfo_worker *w, const struct dfo_worker_req *r);
int dfo_worker_busy(const struct dfo_worker *w);
void dfo_worker_stop(struct dfo_worker *w);
void dfo_worker_result(struct dfo_worker_res *r); /* poller.c handles it */
void dfo_workers_drain(int ms);     /* at shutdown */

/* mib.c */
int dfo_mib_init(void);
void dfo_mib_rebuild(void);         /* after any snapshot or server change */

/* privdrop.c: started as root with `user` set, give `state_dir` (created
 * if missing) and the root-owned files directly in it to `user`, switch
 * to `user`, `group` (or the user's primary group) and the user's
 * supplementary groups, set no_new_privs, and verify that neither uid 0,
 * gid 0 nor a capability is left. Not root: 0. Root without `user`: a
 * warning, 0. -1 with e set on failure (the caller exits). */
int dfo_drop_privileges(const char *user, const char *group,
			const char *state_dir, struct dfo_err *e);

/* transport.c */
int dfo_access_check(const char *path, struct dfo_err *e);
int dfo_transport_subagent(const char *sock, int ping_interval);
int dfo_transport_standalone(const char *listen, const char *access,
			     const char *state_dir);

/* notify.c */
void dfo_notify_event(struct dfo_server *s, const struct dfo_event *e);
void dfo_notify_server(struct dfo_server *s, int reachable);
void dfo_notify_flush(void);        /* send what was queued */
uint32_t dfo_notify_queued(void);
void dfo_notify_init(int standalone);

#endif
