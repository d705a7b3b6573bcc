/* mib.c: DHCPFO-MIB served from snapshots. How the pieces fit:
 *  - the agent scalars answer from dfo_agent counters;
 *  - dhcpfoServerTable, dhcpfoRelTable and dhcpfoRelScopeTable are
 *    net-snmp table_container registrations; their containers hold small
 *    index entries pointing into the servers and their immutable
 *    snapshots, rebuilt (in index order, so inserts stay sorted) whenever
 *    a snapshot is swapped or the server list changes;
 *  - the handlers answer GET only (the container helper turns GETNEXT
 *    into a GET of the next row) and never touch a backend: a missing
 *    value is an absent instance (noSuchInstance), never genErr. */
#include <string.h>
#include <time.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "agent.h"
#include "log.h"

#define DFO_MIB 1, 3, 6, 1, 4, 1, 32473, 46
static const oid agent_oid[] = { DFO_MIB, 1, 1 };
static const oid srv_oid[] = { DFO_MIB, 1, 2 };
static const oid rel_oid[] = { DFO_MIB, 1, 3 };
static const oid scope_oid[] = { DFO_MIB, 1, 4 };

struct srv_entry {
	netsnmp_index idx;
	oid sub[1];
	struct dfo_server *s;
};

struct rel_entry {
	netsnmp_index idx;
	oid sub[2];
	struct dfo_server *s;
	const struct dfo_snaprow *r;
	int fresh;      /* 0: not yet confirmed by the pass in progress */
};

struct scope_entry {
	netsnmp_index idx;
	oid sub[6];
	const struct dfo_snaprow *r;
};

static netsnmp_container *srv_c, *rel_c, *scope_c;
static struct srv_entry *srv_v;
static struct rel_entry *rel_v;
static struct scope_entry *scope_v;
static uint32_t nrows;
static netsnmp_handler_registration *rel_reg;

/* ---- value helpers ---------------------------------------------------- */

static void set_str(netsnmp_variable_list *vb, const char *s)
{
	snmp_set_var_typed_value(vb, ASN_OCTET_STR, s, strlen(s));
}

static void set_int(netsnmp_variable_list *vb, u_char type, long v)
{
	snmp_set_var_typed_value(vb, type, &v, sizeof(v));
}

static void set_u32(netsnmp_variable_list *vb, u_char type, uint32_t v)
{
	u_long l = v;

	snmp_set_var_typed_value(vb, type, &l, sizeof(l));
}

static void set_date(netsnmp_variable_list *vb, time_t t)
{
	struct tm tm;
	u_char d[11];

	gmtime_r(&t, &tm);
	d[0] = (u_char)((tm.tm_year + 1900) >> 8);
	d[1] = (u_char)((tm.tm_year + 1900) & 0xff);
	d[2] = (u_char)(tm.tm_mon + 1);
	d[3] = (u_char)tm.tm_mday;
	d[4] = (u_char)tm.tm_hour;
	d[5] = (u_char)tm.tm_min;
	d[6] = (u_char)tm.tm_sec;
	d[7] = 0;
	d[8] = '+';
	d[9] = 0;
	d[10] = 0;
	snmp_set_var_typed_value(vb, ASN_OCTET_STR, d, sizeof(d));
}

static void set_addr(netsnmp_variable_list *vb, const struct dfo_addr *a, int type_col)
{
	size_t len = a->family == 1 ? 4 : a->family == 2 ? 16 : 0;

	if (type_col)
		set_int(vb, ASN_INTEGER, a->family);
	else
		snmp_set_var_typed_value(vb, ASN_OCTET_STR, a->bytes, len);
}

static uint32_t age(time_t since)
{
	time_t now = time(NULL);

	if (since == 0)
		return 0xffffffffu;
	return now > since ? (uint32_t)(now - since) : 0;
}

/* ---- scalars ------------------------------------------------------------ */

static int agent_handler(netsnmp_mib_handler *h, netsnmp_handler_registration *reg,
			 netsnmp_agent_request_info *ri, netsnmp_request_info *req)
{
	(void)h;
	(void)reg;
	for (; req != NULL; req = req->next) {
		netsnmp_variable_list *vb = req->requestvb;

		if (ri->mode != MODE_GET || vb->name_length < 2)
			continue;
		/* the scalar group helper hands us scalar.0 */
		switch (vb->name[vb->name_length - 2]) {
		case 1: set_str(vb, DFO_VERSION); break;
		case 2: set_u32(vb, ASN_GAUGE, (uint32_t)dfo_agent.nservers); break;
		case 3: set_u32(vb, ASN_GAUGE, nrows); break;
		case 4: set_u32(vb, ASN_TIMETICKS, dfo_agent.last_poll_ticks); break;
		case 5: set_u32(vb, ASN_COUNTER, dfo_agent.notif_sent); break;
		case 6: set_u32(vb, ASN_COUNTER, dfo_agent.notif_dropped); break;
		case 7: set_u32(vb, ASN_GAUGE, dfo_notify_queued()); break;
		default:
			netsnmp_set_request_error(ri, req, SNMP_NOSUCHOBJECT);
		}
	}
	return SNMP_ERR_NOERROR;
}

/* ---- tables ------------------------------------------------------------- */

static int srv_column(netsnmp_variable_list *vb, unsigned col,
		      const struct dfo_server *s)
{
	switch (col) {
	case 2: set_str(vb, s->conf.name); break;
	case 3: set_int(vb, ASN_INTEGER, s->conf.ops->mib_type); break;
	case 4: set_str(vb, s->address); break;
	case 5: set_int(vb, ASN_INTEGER, s->reachable ? 1 : 2); break;
	case 6: set_u32(vb, ASN_TIMETICKS, s->last_poll_ticks); break;
	case 7: set_u32(vb, ASN_UNSIGNED, age(s->last_ok)); break;
	case 8: set_u32(vb, ASN_UNSIGNED, s->last_err_code); break;
	case 9: set_str(vb, s->last_err); break;
	case 10: set_u32(vb, ASN_COUNTER, s->polls); break;
	case 11: set_u32(vb, ASN_COUNTER, s->poll_failures); break;
	case 12: set_u32(vb, ASN_COUNTER, s->enum_calls); break;
	case 13: set_u32(vb, ASN_GAUGE, s->snap ? s->snap->n : 0); break;
	case 14: set_u32(vb, ASN_UNSIGNED, (uint32_t)s->conf.page_size); break;
	case 15: set_u32(vb, ASN_UNSIGNED, (uint32_t)s->conf.poll_interval); break;
	case 16: set_u32(vb, ASN_GAUGE, s->consecutive_failures); break;
	case 17: set_u32(vb, ASN_COUNTER, s->walk_passes); break;
	case 18: set_u32(vb, ASN_COUNTER, s->pages); break;
	case 19: set_u32(vb, ASN_COUNTER, s->delegated); break;
	case 20: set_u32(vb, ASN_COUNTER, s->budget_expiries); break;
	default: return -1;
	}
	return 0;
}

/* Backend-specific columns: absent when the backend does not report them. */
static int rel_extra_column(netsnmp_variable_list *vb, unsigned col,
			    const struct dfo_rel *r)
{
	switch (col) {
	case 25: if (r->partner_age < 0) return -1;
		set_int(vb, ASN_INTEGER, r->partner_age); break;
	case 26: if (r->comm_interrupted < 0) return -1;
		set_int(vb, ASN_INTEGER, r->comm_interrupted ? 1 : 2); break;
	case 27: if (r->unacked_clients < 0) return -1;
		set_u32(vb, ASN_GAUGE, (uint32_t)r->unacked_clients); break;
	case 28: if (r->raw_state_code < 0) return -1;
		set_int(vb, ASN_INTEGER, r->raw_state_code); break;
	case 29: set_str(vb, r->error); break;
	default: return -1;
	}
	return 0;
}

static int rel_column(netsnmp_variable_list *vb, unsigned col,
		      const struct dfo_snaprow *row)
{
	const struct dfo_rel *r = &row->rel;

	switch (col) {
	case 2: set_str(vb, r->name); break;
	case 3: if (!r->mode) return -1; set_int(vb, ASN_INTEGER, r->mode); break;
	case 4: if (!r->role) return -1; set_int(vb, ASN_INTEGER, r->role); break;
	case 5: if (!r->state) return -1; set_int(vb, ASN_INTEGER, r->state); break;
	case 6: if (!r->prev_state) return -1; set_int(vb, ASN_INTEGER, r->prev_state); break;
	case 7: set_str(vb, r->raw_state); break;
	case 8: if (!r->partner_state) return -1;
		set_int(vb, ASN_INTEGER, r->partner_state); break;
	case 9: set_str(vb, r->partner_raw_state); break;
	case 10: case 11: set_addr(vb, &r->primary_addr, col == 10); break;
	case 12: set_str(vb, r->primary_name); break;
	case 13: case 14: set_addr(vb, &r->secondary_addr, col == 13); break;
	case 15: set_str(vb, r->secondary_name); break;
	case 16: set_u32(vb, ASN_UNSIGNED, r->mclt); break;
	case 17: set_u32(vb, ASN_UNSIGNED, r->safe_period); break;
	case 18: if (r->percentage < 0) return -1;
		set_u32(vb, ASN_UNSIGNED, (uint32_t)r->percentage); break;
	case 19: set_u32(vb, ASN_GAUGE, r->nscopes); break;
	case 20: set_u32(vb, ASN_TIMETICKS, row->state_since_ticks); break;
	case 21: set_date(vb, row->state_since); break;
	case 22: set_u32(vb, ASN_COUNTER, row->state_changes); break;
	case 23: set_u32(vb, ASN_UNSIGNED, age(row->confirmed)); break;
	case 24: set_u32(vb, ASN_COUNTER, row->suppressed); break;
	default: return rel_extra_column(vb, col, r);
	}
	return 0;
}

enum table_kind { T_SRV, T_REL, T_SCOPE };

static int answer(enum table_kind k, netsnmp_variable_list *vb, unsigned col,
		  void *entry)
{
	if (k == T_SRV)
		return srv_column(vb, col, ((struct srv_entry *)entry)->s);
	if (k == T_REL)
		return rel_column(vb, col, ((struct rel_entry *)entry)->r);
	if (col != 2)
		return -1;
	set_str(vb, ((struct scope_entry *)entry)->r->rel.name);
	return 0;
}

static int table_handler(netsnmp_mib_handler *h, netsnmp_handler_registration *reg,
			 netsnmp_agent_request_info *ri, netsnmp_request_info *req)
{
	enum table_kind k = (enum table_kind)(uintptr_t)h->myvoid;

	(void)reg;
	if (ri->mode != MODE_GET)
		return SNMP_ERR_NOERROR;
	for (; req != NULL; req = req->next) {
		void *e = netsnmp_container_table_row_extract(req);
		netsnmp_table_request_info *ti = netsnmp_extract_table_info(req);

		if (req->processed)
			continue;
		if (e == NULL || ti == NULL ||
		    answer(k, req->requestvb, ti->colnum, e) != 0)
			netsnmp_set_request_error(ri, req, SNMP_NOSUCHINSTANCE);
	}
	return SNMP_ERR_NOERROR;
}

/* Straight-line registration of one table: handler, index types, column
 * range, container. */
static netsnmp_container *register_table(const char *name, const oid *o,
					 size_t len, enum table_kind k,
					 int nidx, unsigned maxcol)
{
	netsnmp_handler_registration *reg;
	netsnmp_table_registration_info *ti;
	netsnmp_container *c;

	reg = netsnmp_create_handler_registration(name, table_handler, o, len,
						  HANDLER_CAN_RONLY);
	ti = SNMP_MALLOC_TYPEDEF(netsnmp_table_registration_info);
	c = netsnmp_container_find("table_container");
	if (reg == NULL || ti == NULL || c == NULL)
		goto fail;
	reg->handler->myvoid = (void *)(uintptr_t)k;
	if (k == T_SCOPE)
		netsnmp_table_helper_add_indexes(ti, ASN_UNSIGNED, ASN_UNSIGNED,
						 ASN_IPADDRESS, 0);
	else if (nidx == 2)
		netsnmp_table_helper_add_indexes(ti, ASN_UNSIGNED, ASN_UNSIGNED, 0);
	else
		netsnmp_table_helper_add_indexes(ti, ASN_UNSIGNED, 0);
	ti->min_column = 2;
	ti->max_column = maxcol;
	if (k == T_REL)
		rel_reg = reg;
	/* the registration now owns ti and c */
	if (netsnmp_container_table_register(reg, ti, c,
					     TABLE_CONTAINER_KEY_NETSNMP_INDEX) !=
	    MIB_REGISTERED_OK) {
		dfo_err_log("cannot register %s", name);
		return NULL;
	}
	return c;
fail:
	if (ti != NULL)
		SNMP_FREE(ti);
	if (c != NULL)
		CONTAINER_FREE(c);
	if (reg != NULL)
		netsnmp_handler_registration_free(reg);
	dfo_err_log("cannot register %s: out of memory", name);
	return NULL;
}

int dfo_mib_init(void)
{
	netsnmp_handler_registration *reg;

	reg = netsnmp_create_handler_registration("dhcpfoAgent", agent_handler,
						  agent_oid, OID_LENGTH(agent_oid),
						  HANDLER_CAN_RONLY);
	if (reg == NULL || netsnmp_register_scalar_group(reg, 1, 7) != MIB_REGISTERED_OK)
		return -1;
	srv_c = register_table("dhcpfoServerTable", srv_oid, OID_LENGTH(srv_oid), T_SRV, 1, 20);
	rel_c = register_table("dhcpfoRelTable", rel_oid, OID_LENGTH(rel_oid), T_REL, 2, 29);
	if (rel_c != NULL)
		dfo_walk_register(rel_reg);
	scope_c = register_table("dhcpfoRelScopeTable", scope_oid, OID_LENGTH(scope_oid), T_SCOPE, 3, 2);
	return srv_c && rel_c && scope_c ? 0 : -1;
}

/* ---- the view ------------------------------------------------------------ */

static void add_scopes(const struct dfo_server *s, const struct dfo_snaprow *r,
		       uint32_t *k)
{
	for (uint32_t j = 0; j < r->rel.nscopes; j++) {
		struct scope_entry *e = &scope_v[(*k)++];
		uint32_t a = r->rel.scopes[j];

		e->sub[0] = s->index;
		e->sub[1] = r->index;
		e->sub[2] = a >> 24;
		e->sub[3] = (a >> 16) & 0xff;
		e->sub[4] = (a >> 8) & 0xff;
		e->sub[5] = a & 0xff;
		e->idx.oids = e->sub;
		e->idx.len = 6;
		e->r = r;
		CONTAINER_INSERT(scope_c, e);
	}
}

static void add_row(struct dfo_server *s, const struct dfo_snaprow *r,
		    int fresh, uint32_t *nr, uint32_t *ns)
{
	struct rel_entry *e = &rel_v[(*nr)++];

	e->sub[0] = s->index;
	e->sub[1] = r->index;
	e->idx.oids = e->sub;
	e->idx.len = 2;
	e->s = s;
	e->r = r;
	e->fresh = fresh;
	CONTAINER_INSERT(rel_c, e);
	add_scopes(s, r, ns);
}

/* A server's rows in index order. While a walk-driven pass runs, rows it
 * has confirmed are shown fresh and the previous snapshot's other rows
 * keep their place until the pass confirms or drops them. */
static void add_server(struct dfo_server *s, uint32_t *nr, uint32_t *ns)
{
	const struct dfo_snapshot *snap = s->snap;
	uint32_t i = 0, j = 0, no = snap ? snap->n : 0, np = s->npending;

	while (i < no || j < np) {
		const struct dfo_snaprow *o = i < no ? &snap->rows[i] : NULL;
		const struct dfo_snaprow *p = j < np ? &s->pending[j] : NULL;

		if (p != NULL && (o == NULL || p->index <= o->index)) {
			if (o != NULL && o->index == p->index)
				i++;
			add_row(s, p, 1, nr, ns);
			j++;
		} else {
			add_row(s, o, np == 0, nr, ns);
			i++;
		}
	}
}

static int view_alloc(uint32_t rows, uint32_t scopes)
{
	free(srv_v);
	free(rel_v);
	free(scope_v);
	srv_v = calloc((size_t)dfo_agent.nservers + 1, sizeof(*srv_v));
	rel_v = calloc((size_t)rows + 1, sizeof(*rel_v));
	scope_v = calloc((size_t)scopes + 1, sizeof(*scope_v));
	return srv_v && rel_v && scope_v ? 0 : -1;
}

void dfo_mib_rebuild(void)
{
	uint32_t rows = 0, scopes = 0, nr = 0, ns = 0;

	if (srv_c == NULL)
		return;
	CONTAINER_CLEAR(srv_c, NULL, NULL);
	CONTAINER_CLEAR(rel_c, NULL, NULL);
	CONTAINER_CLEAR(scope_c, NULL, NULL);
	for (int i = 0; i < dfo_agent.nservers; i++) {
		const struct dfo_server *s = dfo_agent.servers[i];
		for (uint32_t j = 0; s->snap != NULL && j < s->snap->n; j++)
			scopes += s->snap->rows[j].rel.nscopes;
		for (uint32_t j = 0; j < s->npending; j++)
			scopes += s->pending[j].rel.nscopes;
		rows += (s->snap ? s->snap->n : 0) + s->npending;
	}
	nrows = 0;
	if (view_alloc(rows, scopes) != 0) {
		dfo_err_log("out of memory rebuilding the MIB view: tables empty until the next poll");
		return;
	}
	for (int i = 0; i < dfo_agent.nservers; i++) {
		struct dfo_server *s = dfo_agent.servers[i];
		struct srv_entry *e = &srv_v[i];

		e->sub[0] = s->index;
		e->idx.oids = e->sub;
		e->idx.len = 1;
		e->s = s;
		CONTAINER_INSERT(srv_c, e);
		add_server(s, &nr, &ns);
	}
	nrows = nr;
}

/* The row a GETNEXT of `name` (an OID under dhcpfoRelTable) lands on in
 * the current view. Returns 0 when the GETNEXT leaves the table. */
int dfo_mib_next_row(const oid *name, size_t len, struct dfo_next *n)
{
	size_t root = OID_LENGTH(rel_oid) + 1; /* ...relTable.1 */
	const struct rel_entry *e = NULL;
	netsnmp_index key;
	oid col = 0;

	memset(n, 0, sizeof(*n));
	if (rel_c == NULL || len < root - 1 ||
	    snmp_oid_compare(name, root - 1, rel_oid, root - 1) != 0)
		return 0;
	if (len > root)
		col = name[root];
	if (col > 29)
		return 0;
	if (col >= 2 && len > root + 1) {
		key.oids = (oid *)(name + root + 1);
		key.len = len - root - 1 > 2 ? 2 : len - root - 1;
		/* "server." alone is a walk entering that server's rows */
		n->from = key.len >= 2 ? (uint32_t)name[root + 1] : 0;
		e = CONTAINER_NEXT(rel_c, &key);
		if (e == NULL) {
			if (col == 29)
				return 0;
			n->wrapped = 1;
		}
	}
	if (e == NULL)
		e = CONTAINER_FIRST(rel_c);
	if (e == NULL)
		return 0;
	n->srv = e->s;
	n->row = (uint32_t)e->sub[1];
	n->fresh = e->fresh;
	return 1;
}
