/* notify.c: DHCPFO-MIB notifications. State changes (rate-limited per
 * relationship by a hold-down), relationships added and removed, servers
 * unreachable and reachable again. While the AgentX master is away they
 * wait in a bounded queue and are sent when it is back; what does not fit
 * is counted in dhcpfoAgentNotificationsDropped. */
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>
#include <net-snmp/agent/agent_callbacks.h>

#include "agent.h"
#include "log.h"

#define DFO_MIB 1, 3, 6, 1, 4, 1, 32473, 46
static const oid snmptrap_oid[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };

enum { N_STATE = 1, N_UNREACHABLE = 2, N_REACHABLE = 3, N_ADDED = 4,
       N_REMOVED = 5 };

struct queued {
	netsnmp_variable_list *vars;
	struct queued *next;
};

static struct queued *q_head, **q_tail = &q_head;
static uint32_t q_len;
static int master_up;   /* AgentX session open (always 1 when standalone) */

uint32_t dfo_notify_queued(void)
{
	return q_len;
}

static void send_now(netsnmp_variable_list *vars)
{
	send_v2trap(vars);
	dfo_agent.notif_sent++;
}

static void emit(netsnmp_variable_list *vars)
{
	struct queued *q;
	int cap = dfo_agent.cfg ? dfo_agent.cfg->notify_queue : 1000;

	if (master_up && q_head == NULL) {
		send_now(vars);
		snmp_free_varbind(vars);
		return;
	}
	if (q_len >= (uint32_t)cap || (q = calloc(1, sizeof(*q))) == NULL) {
		dfo_agent.notif_dropped++;
		snmp_free_varbind(vars);
		return;
	}
	q->vars = vars;
	*q_tail = q;
	q_tail = &q->next;
	q_len++;
}

void dfo_notify_flush(void)
{
	while (master_up && q_head != NULL) {
		struct queued *q = q_head;

		q_head = q->next;
		if (q_head == NULL)
			q_tail = &q_head;
		q_len--;
		send_now(q->vars);
		snmp_free_varbind(q->vars);
		free(q);
	}
}

/* snmpTrapOID.0 = dhcpfoMIB.0.n */
static netsnmp_variable_list *start(int n)
{
	netsnmp_variable_list *v = NULL;
	oid trap[] = { DFO_MIB, 0, (oid)n };

	snmp_varlist_add_variable(&v, snmptrap_oid, OID_LENGTH(snmptrap_oid),
				  ASN_OBJECT_ID, trap, sizeof(trap));
	return v;
}

/* column `col` of table `tbl` (2 server, 3 rel) with the row's index */
static void add(netsnmp_variable_list **v, int tbl, int col,
		const struct dfo_server *s, const struct dfo_snaprow *r,
		u_char type, const void *val, size_t len)
{
	oid o[] = { DFO_MIB, 1, (oid)tbl, 1, (oid)col, s->index, r ? r->index : 0 };

	snmp_varlist_add_variable(v, o, OID_LENGTH(o) - (r ? 0 : 1), type,
				  val, len);
}

static void add_str(netsnmp_variable_list **v, int tbl, int col,
		    const struct dfo_server *s, const struct dfo_snaprow *r,
		    const char *str)
{
	add(v, tbl, col, s, r, ASN_OCTET_STR, str, strlen(str));
}

static void add_int(netsnmp_variable_list **v, int col,
		    const struct dfo_server *s, const struct dfo_snaprow *r, long val)
{
	add(v, 3, col, s, r, ASN_INTEGER, &val, sizeof(val));
}

/* Hold-down: at most one state-change notification per relationship per
 * hold-down period; the others are counted on the row. */
static int held_down(const struct dfo_server *s, struct dfo_snaprow *r)
{
	time_t now = time(NULL);

	if (s->conf.hold_down > 0 && r->last_notified != 0 &&
	    now - r->last_notified < s->conf.hold_down) {
		r->suppressed++;
		return 1;
	}
	r->last_notified = now;
	return 0;
}

void dfo_notify_event(struct dfo_server *s, const struct dfo_event *e)
{
	struct dfo_snaprow *r = e->row;
	netsnmp_variable_list *v;

	if (e->kind == DFO_EV_STATE && held_down(s, r))
		return;
	v = start(e->kind == DFO_EV_STATE ? N_STATE :
		  e->kind == DFO_EV_ADDED ? N_ADDED : N_REMOVED);
	add_str(&v, 2, 2, s, NULL, s->conf.name);
	add_str(&v, 3, 2, s, r, r->rel.name);
	if (e->kind == DFO_EV_STATE || e->kind == DFO_EV_ADDED)
		add_int(&v, 5, s, r, r->rel.state);
	if (e->kind == DFO_EV_STATE) {
		add_int(&v, 6, s, r, e->old_state);
		add_str(&v, 3, 7, s, r, r->rel.raw_state);
	}
	dfo_info("notify: server %s relationship %s %s%s%s", s->conf.name,
		 r->rel.name,
		 e->kind == DFO_EV_STATE ? "state " :
		 e->kind == DFO_EV_ADDED ? "added, state " : "removed",
		 e->kind == DFO_EV_REMOVED ? "" : dfo_state_name(r->rel.state),
		 e->kind == DFO_EV_STATE ? "" : "");
	emit(v);
}

void dfo_notify_server(struct dfo_server *s, int reachable)
{
	netsnmp_variable_list *v = start(reachable ? N_REACHABLE : N_UNREACHABLE);
	u_long code = s->last_err_code;

	add_str(&v, 2, 2, s, NULL, s->conf.name);
	if (!reachable) {
		add(&v, 2, 8, s, NULL, ASN_UNSIGNED, &code, sizeof(code));
		add_str(&v, 2, 9, s, NULL, s->last_err);
	}
	dfo_info("notify: server %s %s", s->conf.name,
		 reachable ? "reachable again" : "unreachable");
	emit(v);
}

static int on_master(int major, int minor, void *server_arg, void *client_arg)
{
	(void)major;
	(void)server_arg;
	(void)client_arg;
	master_up = minor == SNMPD_CALLBACK_INDEX_START;
	dfo_info("AgentX master %s", master_up ? "connected" : "disconnected");
	dfo_notify_flush();
	return 0;
}

void dfo_notify_init(int standalone)
{
	master_up = standalone;
	if (standalone)
		return;
	snmp_register_callback(SNMP_CALLBACK_APPLICATION,
			       SNMPD_CALLBACK_INDEX_START, on_master, NULL);
	snmp_register_callback(SNMP_CALLBACK_APPLICATION,
			       SNMPD_CALLBACK_INDEX_STOP, on_master, NULL);
}
