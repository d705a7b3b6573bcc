/* walk.c: walk-driven refresh. A handler injected at the top of the
 * dhcpfoRelTable registration looks at each GETNEXT before the table
 * helpers: when it enters the rows of a server whose snapshot is older
 * than `fresh-for`, a pass starts; while a pass runs, a GETNEXT whose next
 * row the pass has not confirmed yet is held (net-snmp delegated request)
 * and re-run through the table helpers when the page that confirms it
 * arrives, when the pass ends, or when its budget runs out (then it is
 * answered from the previous snapshot and the poller finishes the pass).
 * The main loop never blocks: other requests are served meanwhile. */
#include <stdlib.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "agent.h"
#include "log.h"

struct dfo_held {
	netsnmp_delegated_cache *cache;
	struct dfo_server *s;
	unsigned alarm;
	struct dfo_held *next;
};

static struct dfo_server *server_by_index(uint32_t idx)
{
	for (int i = 0; idx && i < dfo_agent.nservers; i++)
		if (dfo_agent.servers[i]->index == idx)
			return dfo_agent.servers[i];
	return NULL;
}

/* Does this request have to wait for server pages? Starts a pass when a
 * GETNEXT enters a stale server's rows within a column (from the column's
 * start or from the previous server; moving on to the next column does
 * not start one; nor does re-checking a held request). Returns the server
 * to wait for, or NULL. */
static struct dfo_server *must_wait(const netsnmp_variable_list *vb, int may_start)
{
	struct dfo_next n;
	struct dfo_server *s, *cur;

	/* no server refreshes on walks: nothing to look up per request */
	if (dfo_agent.walk_servers == 0)
		return NULL;
	if (!dfo_mib_next_row(vb->name, vb->name_length, &n))
		return NULL;
	s = n.srv;
	cur = n.wrapped ? NULL : server_by_index(n.from);
	/* leaving a server whose walk pass may still add rows at its end */
	if (cur != NULL && cur != s && dfo_pass_open(cur) && cur->walk_mode &&
	    !cur->budget_out)
		return cur;
	if (s->conf.fresh_for < 0)
		return NULL;
	if (dfo_pass_open(s))
		/* wait for the page that confirms the row, unless the pass
		 * has already moved past it (then it is served as it was) */
		return n.fresh || s->budget_out || n.row < s->frontier ? NULL : s;
	if (cur == s || n.wrapped || !may_start)
		return NULL; /* a held request is never the start of another pass */
	if (s->snap != NULL &&
	    dfo_now_ms() - s->snap_ms < (uint64_t)s->conf.fresh_for * 1000u)
		return NULL;
	if (dfo_walk_pass_start(s) != 0)
		return NULL; /* the worker is busy: answer from the snapshot */
	return s;
}

static void release(struct dfo_held *h, int expired);

static void on_budget(unsigned reg, void *arg)
{
	struct dfo_held *h = arg;

	(void)reg;
	h->alarm = 0;
	h->s->budget_expiries++;
	release(h, 1);
}

static void hold(struct dfo_server *s, netsnmp_mib_handler *handler,
		 netsnmp_handler_registration *reginfo,
		 netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	struct dfo_held *h = calloc(1, sizeof(*h));
	struct timeval tv = { s->conf.budget_ms / 1000, (s->conf.budget_ms % 1000) * 1000 };

	if (h == NULL)
		return;
	for (netsnmp_request_info *r = requests; r != NULL; r = r->next)
		r->delegated = 1;
	h->cache = netsnmp_create_delegated_cache(handler, reginfo, reqinfo,
						  requests, NULL);
	h->s = s;
	h->alarm = snmp_alarm_register_hr(tv, 0, on_budget, h);
	h->next = s->held;
	s->held = h;
	s->delegated++;
	dfo_pass_step(s);
}

static int walk_handler(netsnmp_mib_handler *handler,
			netsnmp_handler_registration *reginfo,
			netsnmp_agent_request_info *reqinfo,
			netsnmp_request_info *requests)
{
	if (reqinfo->mode == MODE_GETNEXT || reqinfo->mode == MODE_GETBULK) {
		for (netsnmp_request_info *r = requests; r != NULL; r = r->next) {
			struct dfo_server *s;

			if (r->processed || r->delegated)
				continue;
			s = must_wait(r->requestvb, 1);
			if (s != NULL) {
				/* hold the whole call: the helpers below see
				 * every request of it together later */
				hold(s, handler, reginfo, reqinfo, requests);
				return SNMP_ERR_NOERROR;
			}
		}
	}
	return netsnmp_call_next_handler(handler, reginfo, reqinfo, requests);
}

void dfo_walk_register(void *reg)
{
	netsnmp_handler_registration *reginfo = reg;

	/* at the very top, above the table and container helpers */
	netsnmp_inject_handler(reginfo,
			       netsnmp_create_handler("dhcpfo_walk", walk_handler));
}

static void unlink_held(struct dfo_held *h)
{
	for (struct dfo_held **p = &h->s->held; *p != NULL; p = &(*p)->next)
		if (*p == h) {
			*p = h->next;
			return;
		}
}

/* Answer a held call from the view as it is now (re-running the helpers
 * below the walk handler), or drop it if the master gave up on it. */
static void release(struct dfo_held *h, int expired)
{
	netsnmp_delegated_cache *c = netsnmp_handler_check_cache(h->cache);

	unlink_held(h);
	if (h->alarm)
		snmp_alarm_unregister(h->alarm);
	if (expired && dfo_pass_open(h->s)) {
		/* the rest of this pass is served from the previous snapshot
		 * and the poller finishes it in the background */
		h->s->budget_out = 1;
		h->s->walk_mode = 0;
		dfo_pass_step(h->s);
	}
	if (c != NULL) {
		for (netsnmp_request_info *r = c->requests; r != NULL; r = r->next)
			r->delegated = 0;
		netsnmp_call_next_handler(c->handler, c->reginfo, c->reqinfo,
					  c->requests);
		netsnmp_free_delegated_cache(c);
	}
	free(h);
}

void dfo_walk_progress(struct dfo_server *s)
{
	struct dfo_held *h = s->held, *next;
	int waiting = 0;

	for (; h != NULL; h = next) {
		netsnmp_delegated_cache *c = netsnmp_handler_check_cache(h->cache);
		next = h->next;
		if (c == NULL || must_wait(c->requests->requestvb, 0) != s)
			release(h, 0);
		else
			waiting = 1;
	}
	if (waiting)
		dfo_pass_step(s);
}

void dfo_walk_drop(struct dfo_server *s)
{
	while (s->held != NULL)
		release(s->held, 0);
}
