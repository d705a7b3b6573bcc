/* poller.c: keeps every server's snapshot fresh. A pass is one pager run:
 * each page is requested from the server's worker, checked by the pager
 * when it comes back, and the finished pass becomes the next snapshot
 * (all or nothing). Failures keep the last good snapshot, are logged once
 * per change of error, and back off with jitter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "agent.h"
#include "log.h"

struct dfo_agent dfo_agent;

static void schedule(struct dfo_server *s, unsigned ms);

static int by_row_index(const void *a, const void *b)
{
	const struct dfo_snaprow *x = a, *y = b;

	return x->index < y->index ? -1 : x->index > y->index;
}

void dfo_config_ref(struct dfo_config *c)
{
	c->refs++;
}

void dfo_config_unref(struct dfo_config *c)
{
	if (c != NULL && --c->refs == 0)
		dfo_config_free(c);
}

uint32_t dfo_uptime_ticks(void)
{
	return (uint32_t)netsnmp_get_agent_uptime();
}

static void cancel_alarm(unsigned *a)
{
	if (*a != 0)
		snmp_alarm_unregister(*a);
	*a = 0;
}

static void on_poll_alarm(unsigned reg, void *arg)
{
	struct dfo_server *s = arg;

	(void)reg;
	s->poll_alarm = 0;
	dfo_poll_now(s);
}

static void schedule(struct dfo_server *s, unsigned ms)
{
	struct timeval tv = { ms / 1000, (long)(ms % 1000) * 1000 };

	cancel_alarm(&s->poll_alarm);
	s->poll_alarm = snmp_alarm_register_hr(tv, 0, on_poll_alarm, s);
}

/* Next poll: the interval with +-10% jitter, doubled per consecutive
 * failure up to 4x. */
static unsigned next_delay_ms(const struct dfo_server *s)
{
	unsigned base = (unsigned)s->conf.poll_interval * 1000u, k;

	for (k = 1; k < s->consecutive_failures && k < 3; k++)
		base *= 2;
	return base - base / 10 + (unsigned)(random() % (base / 5 + 1));
}

uint64_t dfo_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void free_pending(struct dfo_server *s)
{
	for (uint32_t i = 0; i < s->npending; i++)
		dfo_rel_free_contents(&s->pending[i].rel);
	free(s->pending);
	s->pending = NULL;
	s->npending = s->pending_cap = 0;
}

static void end_pass(struct dfo_server *s)
{
	s->pass_active = 0;
	s->walk_mode = 0;
	s->budget_out = 0;
	s->frontier = 0;
	s->page_inflight = 0;
	cancel_alarm(&s->timeout_alarm);
	cancel_alarm(&s->idle_alarm);
	free_pending(s);
	dfo_pager_free(&s->pager);
	s->last_poll_ticks = dfo_uptime_ticks();
	dfo_agent.last_poll_ticks = s->last_poll_ticks;
	schedule(s, next_delay_ms(s));
}

/* Rows of a server that keeps failing stay (their data age grows) until
 * `expiry` seconds after the last good poll; 0 keeps them forever. */
static void expire(struct dfo_server *s)
{
	if (s->conf.expiry <= 0 || s->snap == NULL || s->last_ok == 0 ||
	    time(NULL) - s->last_ok < s->conf.expiry)
		return;
	dfo_warn("server %s: no good poll for %d s: its %u rows expire",
		 s->conf.name, s->conf.expiry, s->snap->n);
	dfo_snapshot_free(s->snap);
	s->snap = NULL;
}

static void pass_failed(struct dfo_server *s, const struct dfo_err *e)
{
	/* logged once per fault: on the first failure and when the code
	 * changes, not on every failed poll or page */
	int changed = e->code != s->last_err_code;

	s->poll_failures++;
	s->consecutive_failures++;
	s->last_err_code = e->code;
	snprintf(s->last_err, sizeof(s->last_err), "%s", e->text);
	dfo_sanitize(s->last_err, sizeof(s->last_err));
	if (changed || s->consecutive_failures == 1)
		dfo_warn("server %s: poll failed: error %u: %s%s", s->conf.name,
			 e->code, s->last_err,
			 s->snap ? " (keeping the last good rows)" : "");
	if (s->reachable && s->consecutive_failures >= (uint32_t)s->conf.unreachable_after) {
		s->reachable = 0;
		dfo_warn("server %s: unreachable after %u failed polls",
			 s->conf.name, s->consecutive_failures);
		dfo_notify_server(s, 0);
	}
	expire(s);
	end_pass(s);
	dfo_mib_rebuild();
	dfo_walk_progress(s);
}

/* Writes the index map if it changed. A state dir that cannot be written
 * (read-only, full) is logged once per distinct error, and once when it
 * works again; the indexes stay right in memory meanwhile. */
static void save_map(void)
{
	static char last[DFO_ERRTEXT_MAX + 1];
	struct dfo_err e;

	if (dfo_indexmap_save(dfo_agent.map, &e) == 0) {
		if (last[0] != '\0')
			dfo_info("index map saved again");
		last[0] = '\0';
		return;
	}
	if (strcmp(last, e.text) != 0)
		dfo_warn("index map not saved (retried after each change): %s", e.text);
	snprintf(last, sizeof(last), "%s", e.text);
}

static void on_event(const struct dfo_event *e, void *arg)
{
	dfo_notify_event(arg, e);
}

static void pass_done(struct dfo_server *s)
{
	struct dfo_snap_clock clk = { time(NULL), dfo_uptime_ticks() };
	struct dfo_snapshot *old = s->snap, *snap;
	struct dfo_rel *rows;
	struct dfo_err e;
	uint32_t n;

	dfo_pager_take(&s->pager, &rows, &n);
	snap = dfo_snapshot_build(rows, n, dfo_agent.map, s->index, old, &clk,
				  on_event, s);
	if (snap == NULL) {
		dfo_err_set(&e, ERROR_NOT_ENOUGH_MEMORY, "out of memory building the snapshot");
		pass_failed(s, &e);
		return;
	}
	save_map();
	s->snap = snap;
	s->snap_ms = dfo_now_ms();
	s->last_ok = clk.now;
	if (s->consecutive_failures > 0)
		dfo_info("server %s: poll succeeded again (%u rows)", s->conf.name, n);
	s->consecutive_failures = 0;
	s->last_err_code = 0;
	s->last_err[0] = '\0';
	if (!s->reachable) {
		s->reachable = 1;
		dfo_notify_server(s, 1);
	}
	end_pass(s);
	dfo_mib_rebuild();
	dfo_snapshot_free(old);
	dfo_walk_progress(s);
}

static void on_timeout(unsigned reg, void *arg)
{
	struct dfo_server *s = arg;
	struct dfo_err e;

	(void)reg;
	s->timeout_alarm = 0;
	dfo_err_set(&e, ERROR_TIMEOUT,
		    "backend call timed out after %d s (page %u of the pass)",
		    s->conf.timeout, s->pager.pages + 1);
	pass_failed(s, &e);
}

static void submit_page(struct dfo_server *s)
{
	struct dfo_worker_req r = { s->pass_id, s->pager.handle,
		s->pager.preferred_max, s->conf.ops, s->conf.bconf, s->cfg };
	struct timeval tv = { s->conf.timeout, 0 };
	struct dfo_err e;

	if (dfo_worker_submit(s->worker, &r) != 0) {
		dfo_err_set(&e, ERROR_TIMEOUT,
			    "the previous backend call is still running (timeout %d s)",
			    s->conf.timeout);
		pass_failed(s, &e);
		return;
	}
	dfo_config_ref(s->cfg);
	s->page_inflight = 1;
	s->enum_calls++;
	cancel_alarm(&s->timeout_alarm);
	s->timeout_alarm = snmp_alarm_register_hr(tv, 0, on_timeout, s);
}

void dfo_poll_now(struct dfo_server *s)
{
	if (s->pass_active) { /* a walk's pass: the poller finishes it */
		s->walk_mode = 0;
		dfo_pass_step(s);
		return;
	}
	dfo_pager_begin(&s->pager, (uint32_t)s->conf.page_size,
			(uint32_t)s->conf.max_pages);
	s->pass_id++;
	s->pass_active = 1;
	s->polls++;
	cancel_alarm(&s->poll_alarm);
	submit_page(s);
}

/* A walk pass nobody advances for this long is abandoned: a walk that
 * stopped early costs only the pages it read. */
#define WALK_IDLE_MS 5000

static void on_idle(unsigned reg, void *arg)
{
	struct dfo_server *s = arg;

	(void)reg;
	s->idle_alarm = 0;
	if (!s->pass_active || !s->walk_mode || s->page_inflight || s->held)
		return;
	dfo_info("server %s: walk stopped after %u pages; pass abandoned",
		 s->conf.name, s->pager.pages);
	s->pass_active = 0;
	s->frontier = 0;
	s->budget_out = 0;
	cancel_alarm(&s->timeout_alarm);
	free_pending(s);
	dfo_pager_free(&s->pager);
	s->walk_mode = 0;
	dfo_mib_rebuild();
}

/* Rows [before, nrows) of the pager are confirmed: they join the view. */
static int add_pending(struct dfo_server *s, uint32_t before)
{
	struct dfo_snap_clock clk = { time(NULL), dfo_uptime_ticks() };
	uint32_t add = s->pager.nrows - before;

	if (s->npending + add > s->pending_cap) {
		uint32_t cap = (s->npending + add) * 2;
		struct dfo_snaprow *p = realloc(s->pending, sizeof(*p) * cap);
		if (p == NULL)
			return -1;
		s->pending = p;
		s->pending_cap = cap;
	}
	for (uint32_t i = before; i < s->pager.nrows; i++) {
		const struct dfo_rel *rel = &s->pager.rows[i];
		uint32_t idx = dfo_indexmap_rel(dfo_agent.map, s->index, rel->name);

		if (idx == 0 || dfo_snaprow_make(&s->pending[s->npending], rel, idx,
						 s->snap, &clk) != 0)
			return -1;
		s->npending++;
		if (idx > s->frontier && dfo_snapshot_find(s->snap, idx) != NULL)
			s->frontier = idx;
	}
	qsort(s->pending, s->npending, sizeof(*s->pending), by_row_index);
	return 0;
}

static void page_arrived(struct dfo_server *s, uint32_t before)
{
	if (s->walk_mode) {
		if (add_pending(s, before) != 0)
			dfo_warn("server %s: out of memory showing a pass in progress",
				 s->conf.name);
		dfo_mib_rebuild();
		dfo_walk_progress(s);
		cancel_alarm(&s->idle_alarm);
		if (s->pass_active && s->walk_mode && !s->page_inflight) {
			struct timeval tv = { WALK_IDLE_MS / 1000, 0 };
			s->idle_alarm = snmp_alarm_register_hr(tv, 0, on_idle, s);
		}
		return;
	}
	submit_page(s);
}

int dfo_pass_open(const struct dfo_server *s)
{
	return s->pass_active && s->pager.state == DFO_PAGER_MORE;
}

void dfo_pass_step(struct dfo_server *s)
{
	if (dfo_pass_open(s) && !s->page_inflight)
		submit_page(s);
}

int dfo_walk_pass_start(struct dfo_server *s)
{
	if (s->pass_active)
		return 0;
	if (dfo_worker_busy(s->worker))
		return -1;
	dfo_pager_begin(&s->pager, (uint32_t)s->conf.page_size,
			(uint32_t)s->conf.max_pages);
	s->pass_id++;
	s->pass_active = 1;
	s->walk_mode = 1;
	s->polls++;
	s->walk_passes++;
	submit_page(s);
	return s->pass_active ? 0 : -1;
}

static struct dfo_server *server_of(const struct dfo_worker *w)
{
	for (int i = 0; i < dfo_agent.nservers; i++)
		if (dfo_agent.servers[i]->worker == w)
			return dfo_agent.servers[i];
	return NULL;
}

void dfo_worker_result(struct dfo_worker_res *r)
{
	struct dfo_server *s = server_of(r->w);
	int st;

	if (s == NULL || !s->pass_active || r->req.pass_id != s->pass_id) {
		/* a late answer to a pass that timed out or a removed server */
		dfo_rel_array_free(r->array, r->array ? r->read : 0);
	} else {
		uint32_t before = s->pager.nrows;

		cancel_alarm(&s->timeout_alarm);
		s->page_inflight = 0;
		if (r->status == ERROR_SUCCESS || r->status == ERROR_MORE_DATA ||
		    r->status == ERROR_NO_MORE_ITEMS)
			s->pages++;
		dfo_debug("server %s: page %u: status %u, %u rows, %u remain, handle %u -> %u",
			  s->conf.name, s->pager.pages + 1, r->status, r->read,
			  r->total, r->req.handle, r->handle);
		st = dfo_pager_feed(&s->pager, r->status, r->handle, r->array,
				    r->read, r->total, &r->err);
		if (st == DFO_PAGER_MORE)
			page_arrived(s, before);
		else if (st == DFO_PAGER_DONE)
			pass_done(s);
		else
			pass_failed(s, &s->pager.err);
	}
	dfo_config_unref(r->req.cfg);
	free(r);
}

static void server_free(struct dfo_server *s)
{
	dfo_walk_drop(s);
	cancel_alarm(&s->poll_alarm);
	cancel_alarm(&s->timeout_alarm);
	cancel_alarm(&s->idle_alarm);
	free_pending(s);
	if (s->worker != NULL)
		dfo_worker_stop(s->worker);
	dfo_pager_free(&s->pager);
	dfo_snapshot_free(s->snap);
	dfo_config_unref(s->cfg);
	free(s);
}

static struct dfo_server *server_new(const struct dfo_server_conf *c)
{
	struct dfo_server *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->index = dfo_indexmap_server(dfo_agent.map, c->name);
	s->worker = s->index ? dfo_worker_start() : NULL;
	if (s->worker == NULL) {
		free(s);
		return NULL;
	}
	s->reachable = 1; /* until proven otherwise: no alarm at start */
	return s;
}

static int by_index(const void *a, const void *b)
{
	const struct dfo_server *x = *(struct dfo_server *const *)a;
	const struct dfo_server *y = *(struct dfo_server *const *)b;

	return x->index < y->index ? -1 : x->index > y->index;
}

static struct dfo_server *take_existing(const struct dfo_server_conf *c)
{
	for (int i = 0; i < dfo_agent.nservers; i++) {
		struct dfo_server *s = dfo_agent.servers[i];
		if (s != NULL && strcmp(s->conf.name, c->name) == 0 &&
		    s->conf.ops == c->ops) {
			dfo_agent.servers[i] = NULL;
			return s;
		}
	}
	return NULL;
}

/* Start (first call) or reload: servers kept by name and type keep their
 * snapshots, indexes and counters; new ones start polling now; removed
 * ones go. */
int dfo_servers_apply(struct dfo_config *cfg)
{
	struct dfo_server **v = calloc((size_t)cfg->nservers + 1, sizeof(*v));

	if (v == NULL)
		return -1;
	for (int i = 0; i < cfg->nservers; i++) {
		const struct dfo_server_conf *c = &cfg->servers[i];
		struct dfo_server *s = take_existing(c);
		int fresh = s == NULL;

		if (fresh && (s = server_new(c)) == NULL) {
			dfo_err_log("server %s: cannot start (out of memory or threads)", c->name);
			continue;
		}
		if (!fresh)
			dfo_config_unref(s->cfg);
		s->conf = *c;
		s->cfg = cfg;
		dfo_config_ref(cfg);
		c->ops->describe(c->bconf, s->address, sizeof(s->address));
		v[i] = s;
		if (fresh || !s->pass_active)
			schedule(s, fresh ? 0 : next_delay_ms(s));
	}
	for (int i = 0; i < dfo_agent.nservers; i++)
		if (dfo_agent.servers[i] != NULL) {
			dfo_info("server %s removed", dfo_agent.servers[i]->conf.name);
			server_free(dfo_agent.servers[i]);
		}
	free(dfo_agent.servers);
	dfo_agent.nservers = 0;
	for (int i = 0; i < cfg->nservers; i++)
		if (v[i] != NULL)
			v[dfo_agent.nservers++] = v[i];
	qsort(v, (size_t)dfo_agent.nservers, sizeof(*v), by_index);
	dfo_agent.servers = v;
	dfo_agent.walk_servers = 0;
	for (int i = 0; i < dfo_agent.nservers; i++)
		dfo_agent.walk_servers += v[i]->conf.fresh_for >= 0;
	if (dfo_agent.cfg != cfg) {
		dfo_config_ref(cfg);
		dfo_config_unref(dfo_agent.cfg);
		dfo_agent.cfg = cfg;
	}
	save_map();
	dfo_mib_rebuild();
	return 0;
}

void dfo_servers_quiesce(void)
{
	for (int i = 0; i < dfo_agent.nservers; i++) {
		dfo_walk_drop(dfo_agent.servers[i]);
		cancel_alarm(&dfo_agent.servers[i]->poll_alarm);
	}
}

void dfo_servers_stop(void)
{
	for (int i = 0; i < dfo_agent.nservers; i++)
		server_free(dfo_agent.servers[i]);
	free(dfo_agent.servers);
	dfo_agent.servers = NULL;
	dfo_agent.nservers = 0;
}
