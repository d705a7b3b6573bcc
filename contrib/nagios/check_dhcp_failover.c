/* check_dhcp_failover: a Nagios/Icinga plugin (Monitoring Plugins
 * guidelines) that reads DHCPFO-MIB over SNMP v2c or v3 and reports the
 * failover relationships it selects: OK only when every one is in an OK
 * state, WARNING / CRITICAL by state and by data age, UNKNOWN when SNMP
 * fails. One status line, multi-line detail, performance data. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

enum { S_OK, S_WARNING, S_CRITICAL, S_UNKNOWN };
static const char *const status_name[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };

#define BASE 1, 3, 6, 1, 4, 1, 32473, 46, 1
#define MAXROWS 100000

struct range { double lo, hi; int inside, set; };

struct opts {
	const char *host, *port, *community, *version, *user, *level;
	const char *auth_proto, *auth_pass, *priv_proto, *priv_pass;
	const char *server, *rel, *ok_states, *warn_states, *crit_states;
	struct range warn, crit;
	int timeout;
};

struct row {
	oid sidx, ridx;
	char name[128];
	long state;
	unsigned long age;
	int have_state, have_age;
};

struct srv {
	oid idx;
	char name[80];
	long reachable;
};

static const char *const states[] = { [1] = "noState", "init", "startup",
	"normal", "communicationInterrupted", "partnerDown", "potentialConflict",
	"conflictDone", "resolutionInterrupted", "recover", "recoverWait",
	"recoverDone", "paused", "shutdown", [20] = "waiting", "syncing", "ready",
	"inMaintenance", "partnerInMaintenance", "terminated", "backup",
	"communicationRecovery", "unavailable", [99] = "unknown" };
#define NSTATES (sizeof(states) / sizeof(states[0]))

static const char *state_name(long s)
{
	if (s <= 0 || s >= (long)NSTATES || states[s] == NULL)
		return "unknown";
	return states[s];
}

static void die(int code, const char *fmt, const char *arg)
{
	printf("DHCP FAILOVER %s - ", status_name[code]);
	printf(fmt, arg);
	printf("\n");
	exit(code);
}

/* Nagios range: [@]start:end, "10" = 0:10, "10:" = 10:inf, "~:10". */
static struct range parse_range(const char *s)
{
	struct range r = { 0, 1e300, 0, 1 };
	const char *colon;
	char *end;

	if (*s == '@') {
		r.inside = 1;
		s++;
	}
	colon = strchr(s, ':');
	if (colon == NULL) {
		r.hi = strtod(s, &end);
		if (*end || end == s)
			die(S_UNKNOWN, "bad threshold '%s'", s);
		return r;
	}
	if (s[0] == '~')
		r.lo = -1e300;
	else if (colon != s) {
		r.lo = strtod(s, &end);
		if (end != colon)
			die(S_UNKNOWN, "bad threshold '%s'", s);
	}
	if (colon[1]) {
		r.hi = strtod(colon + 1, &end);
		if (*end)
			die(S_UNKNOWN, "bad threshold '%s'", s);
	}
	return r;
}

static int alert(const struct range *r, double v)
{
	int outside = v < r->lo || v > r->hi;

	return r->set && (r->inside ? !outside : outside);
}

static int in_list(const char *list, long state)
{
	const char *name = state_name(state);
	size_t n = strlen(name);

	for (const char *p = list; p && *p;) {
		const char *c = strchr(p, ',');
		size_t l = c ? (size_t)(c - p) : strlen(p);
		if (l == n && strncasecmp(p, name, n) == 0)
			return 1;
		p = c ? c + 1 : NULL;
	}
	return 0;
}

static void usage(void)
{
	printf("check_dhcp_failover: DHCP failover relationships from DHCPFO-MIB\n"
"usage: check_dhcp_failover -H host [-p port] [-P 2c|3] [-C community]\n"
"         [-U user -L authPriv|authNoPriv|noAuthNoPriv -a SHA|MD5 -A pass -x AES|DES -X pass]\n"
"         [-s server] [-r relationship] [-w age] [-c age] [-t seconds]\n"
"         [--ok-state LIST] [--warn-state LIST] [--crit-state LIST]\n"
"  -s, -r        select by server / relationship name (default: all)\n"
"  -w, -c        data age thresholds in seconds (Nagios range format)\n"
"  --ok-state    states that are OK (default normal)\n"
"  --crit-state  states that are CRITICAL (default partnerDown,\n"
"                communicationInterrupted,potentialConflict,resolutionInterrupted,\n"
"                shutdown,paused,terminated,unavailable,noState,unknown);\n"
"  --warn-state  states that are WARNING; without it every state in neither\n"
"                list is WARNING, with it such a state is CRITICAL\n"
"Exit: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (SNMP failure, nothing selected).\n");
}

static void parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "hostname", 1, NULL, 'H' }, { "port", 1, NULL, 'p' },
		{ "community", 1, NULL, 'C' }, { "protocol", 1, NULL, 'P' },
		{ "secname", 1, NULL, 'U' }, { "seclevel", 1, NULL, 'L' },
		{ "authproto", 1, NULL, 'a' }, { "authpasswd", 1, NULL, 'A' },
		{ "privproto", 1, NULL, 'x' }, { "privpasswd", 1, NULL, 'X' },
		{ "server", 1, NULL, 's' }, { "relationship", 1, NULL, 'r' },
		{ "warning", 1, NULL, 'w' }, { "critical", 1, NULL, 'c' },
		{ "timeout", 1, NULL, 't' }, { "ok-state", 1, NULL, 'O' },
		{ "warn-state", 1, NULL, 'W' }, { "crit-state", 1, NULL, 'R' },
		{ "help", 0, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	int c;

	memset(o, 0, sizeof(*o));
	o->port = "161";
	o->community = "public";
	o->version = "2c";
	o->level = "authPriv";
	o->auth_proto = "SHA";
	o->priv_proto = "AES";
	o->timeout = 10;
	o->ok_states = "normal";
	o->crit_states = "partnerDown,communicationInterrupted,potentialConflict,"
		"resolutionInterrupted,shutdown,paused,terminated,unavailable,noState,unknown";
	while ((c = getopt_long(argc, argv, "H:p:C:P:U:L:a:A:x:X:s:r:w:c:t:h", lo, NULL)) != -1) {
		switch (c) {
		case 'H': o->host = optarg; break;
		case 'p': o->port = optarg; break;
		case 'C': o->community = optarg; break;
		case 'P': o->version = optarg; break;
		case 'U': o->user = optarg; break;
		case 'L': o->level = optarg; break;
		case 'a': o->auth_proto = optarg; break;
		case 'A': o->auth_pass = optarg; break;
		case 'x': o->priv_proto = optarg; break;
		case 'X': o->priv_pass = optarg; break;
		case 's': o->server = optarg; break;
		case 'r': o->rel = optarg; break;
		case 'w': o->warn = parse_range(optarg); break;
		case 'c': o->crit = parse_range(optarg); break;
		case 't': o->timeout = atoi(optarg); break;
		case 'O': o->ok_states = optarg; break;
		case 'W': o->warn_states = optarg; break;
		case 'R': o->crit_states = optarg; break;
		case 'h': usage(); exit(S_OK);
		default: usage(); exit(S_UNKNOWN);
		}
	}
	if (o->host == NULL)
		die(S_UNKNOWN, "%s", "no host given (-H)");
	if (o->timeout <= 0)
		die(S_UNKNOWN, "%s", "bad timeout (-t)");
}

static void set_v3(netsnmp_session *s, const struct opts *o)
{
	s->version = SNMP_VERSION_3;
	if (o->user == NULL)
		die(S_UNKNOWN, "%s", "SNMPv3 needs a user (-U)");
	s->securityName = strdup(o->user);
	s->securityNameLen = strlen(o->user);
	s->securityLevel = strcmp(o->level, "noAuthNoPriv") == 0 ? SNMP_SEC_LEVEL_NOAUTH :
			   strcmp(o->level, "authNoPriv") == 0 ? SNMP_SEC_LEVEL_AUTHNOPRIV :
			   SNMP_SEC_LEVEL_AUTHPRIV;
	if (s->securityLevel == SNMP_SEC_LEVEL_NOAUTH)
		return;
	s->securityAuthProto = snmp_duplicate_objid(strcasecmp(o->auth_proto, "MD5") == 0 ?
		usmHMACMD5AuthProtocol : usmHMACSHA1AuthProtocol, USM_AUTH_PROTO_SHA_LEN);
	s->securityAuthProtoLen = USM_AUTH_PROTO_SHA_LEN;
	s->securityAuthKeyLen = USM_AUTH_KU_LEN;
	if (o->auth_pass == NULL || generate_Ku(s->securityAuthProto, (u_int)s->securityAuthProtoLen,
			(const u_char *)o->auth_pass, strlen(o->auth_pass),
			s->securityAuthKey, &s->securityAuthKeyLen) != SNMPERR_SUCCESS)
		die(S_UNKNOWN, "%s", "cannot derive the SNMPv3 authentication key (-A)");
	if (s->securityLevel != SNMP_SEC_LEVEL_AUTHPRIV)
		return;
	s->securityPrivProto = snmp_duplicate_objid(strcasecmp(o->priv_proto, "DES") == 0 ?
		usmDESPrivProtocol : usmAESPrivProtocol, USM_PRIV_PROTO_AES_LEN);
	s->securityPrivProtoLen = USM_PRIV_PROTO_AES_LEN;
	s->securityPrivKeyLen = USM_PRIV_KU_LEN;
	if (o->priv_pass == NULL || generate_Ku(s->securityAuthProto, (u_int)s->securityAuthProtoLen,
			(const u_char *)o->priv_pass, strlen(o->priv_pass),
			s->securityPrivKey, &s->securityPrivKeyLen) != SNMPERR_SUCCESS)
		die(S_UNKNOWN, "%s", "cannot derive the SNMPv3 privacy key (-X)");
}

static netsnmp_session *open_session(const struct opts *o)
{
	netsnmp_session s, *ss;
	char peer[300];

	snmp_sess_init(&s);
	snprintf(peer, sizeof(peer), "%s:%s", o->host, o->port);
	s.peername = peer;
	s.timeout = (long)o->timeout * 1000000L / 2;
	s.retries = 1;
	if (strcmp(o->version, "3") == 0) {
		set_v3(&s, o);
	} else if (strcmp(o->version, "2c") == 0 || strcmp(o->version, "2") == 0) {
		s.version = SNMP_VERSION_2c;
		s.community = (u_char *)strdup(o->community);
		s.community_len = strlen(o->community);
	} else {
		die(S_UNKNOWN, "unsupported SNMP version '%s' (2c or 3)", o->version);
	}
	ss = snmp_open(&s); /* copies what it keeps */
	free(s.community);
	free(s.securityName);
	free(s.securityAuthProto);
	free(s.securityPrivProto);
	if (ss == NULL)
		die(S_UNKNOWN, "cannot open an SNMP session to %s", peer);
	return ss;
}

typedef void (*cell_fn)(const oid *idx, size_t n, const netsnmp_variable_list *v, void *arg);

/* GETBULK walk of one column; f gets the index part of each instance. */
static void walk_column(netsnmp_session *ss, const oid *col, size_t len,
			cell_fn f, void *arg)
{
	oid cur[MAX_OID_LEN];
	size_t cur_len = len;

	memcpy(cur, col, len * sizeof(oid));
	for (;;) {
		netsnmp_pdu *req = snmp_pdu_create(SNMP_MSG_GETBULK), *resp = NULL;
		int st, done = 0;

		req->non_repeaters = 0;
		req->max_repetitions = 50;
		snmp_add_null_var(req, cur, cur_len);
		st = snmp_synch_response(ss, req, &resp);
		if (st != STAT_SUCCESS || resp == NULL || resp->errstat != SNMP_ERR_NOERROR) {
			const char *why = st == STAT_TIMEOUT ? "timeout" :
					  resp ? snmp_errstring((int)resp->errstat) :
					  snmp_api_errstring(ss->s_snmp_errno);
			die(S_UNKNOWN, "SNMP error: %s", why);
		}
		for (netsnmp_variable_list *v = resp->variables; v; v = v->next_variable) {
			if (v->type == SNMP_ENDOFMIBVIEW || v->type == SNMP_NOSUCHOBJECT ||
			    v->name_length <= len ||
			    snmp_oid_compare(v->name, len, col, len) != 0) {
				done = 1;
				break;
			}
			f(v->name + len, v->name_length - len, v, arg);
			memcpy(cur, v->name, v->name_length * sizeof(oid));
			cur_len = v->name_length;
		}
		if (resp->variables == NULL)
			done = 1;
		snmp_free_pdu(resp);
		if (done)
			return;
	}
}

struct table {
	struct row *rows;
	size_t nrows;
	struct srv *srvs;
	size_t nsrvs;
};

static void copy_str(char *dst, size_t cap, const netsnmp_variable_list *v)
{
	size_t n = v->type == ASN_OCTET_STR ? v->val_len : 0;

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, v->val.string, n);
	dst[n] = '\0';
}

static struct row *row_at(struct table *t, const oid *idx, size_t n)
{
	if (n != 2)
		return NULL;
	for (size_t i = t->nrows; i-- > 0;)
		if (t->rows[i].sidx == idx[0] && t->rows[i].ridx == idx[1])
			return &t->rows[i];
	return NULL;
}

static void on_name(const oid *idx, size_t n, const netsnmp_variable_list *v, void *arg)
{
	struct table *t = arg;
	struct row *r;

	if (n != 2 || t->nrows >= MAXROWS)
		return;
	t->rows = realloc(t->rows, sizeof(*t->rows) * (t->nrows + 1));
	if (t->rows == NULL)
		die(S_UNKNOWN, "%s", "out of memory");
	r = &t->rows[t->nrows++];
	memset(r, 0, sizeof(*r));
	r->sidx = idx[0];
	r->ridx = idx[1];
	copy_str(r->name, sizeof(r->name), v);
}

static void on_state(const oid *idx, size_t n, const netsnmp_variable_list *v, void *arg)
{
	struct row *r = row_at(arg, idx, n);

	if (r != NULL && v->type == ASN_INTEGER) {
		r->state = *v->val.integer;
		r->have_state = 1;
	}
}

static void on_age(const oid *idx, size_t n, const netsnmp_variable_list *v, void *arg)
{
	struct row *r = row_at(arg, idx, n);

	if (r != NULL && (v->type == ASN_UNSIGNED || v->type == ASN_GAUGE)) {
		r->age = (unsigned long)*v->val.integer;
		r->have_age = 1;
	}
}

static struct srv *srv_at(struct table *t, oid idx)
{
	for (size_t i = 0; i < t->nsrvs; i++)
		if (t->srvs[i].idx == idx)
			return &t->srvs[i];
	return NULL;
}

static void on_srv_name(const oid *idx, size_t n, const netsnmp_variable_list *v, void *arg)
{
	struct table *t = arg;
	struct srv *s;

	if (n != 1 || t->nsrvs >= MAXROWS)
		return;
	t->srvs = realloc(t->srvs, sizeof(*t->srvs) * (t->nsrvs + 1));
	if (t->srvs == NULL)
		die(S_UNKNOWN, "%s", "out of memory");
	s = &t->srvs[t->nsrvs++];
	s->idx = idx[0];
	s->reachable = 1;
	copy_str(s->name, sizeof(s->name), v);
}

static void on_reachable(const oid *idx, size_t n, const netsnmp_variable_list *v, void *arg)
{
	struct srv *s = n == 1 ? srv_at(arg, idx[0]) : NULL;

	if (s != NULL && v->type == ASN_INTEGER)
		s->reachable = *v->val.integer;
}

static void fetch(netsnmp_session *ss, struct table *t)
{
	static const oid srv_name[] = { BASE, 2, 1, 2 }, srv_reach[] = { BASE, 2, 1, 5 };
	static const oid rel_name[] = { BASE, 3, 1, 2 }, rel_state[] = { BASE, 3, 1, 5 };
	static const oid rel_age[] = { BASE, 3, 1, 23 };

	walk_column(ss, srv_name, OID_LENGTH(srv_name), on_srv_name, t);
	walk_column(ss, srv_reach, OID_LENGTH(srv_reach), on_reachable, t);
	walk_column(ss, rel_name, OID_LENGTH(rel_name), on_name, t);
	walk_column(ss, rel_state, OID_LENGTH(rel_state), on_state, t);
	walk_column(ss, rel_age, OID_LENGTH(rel_age), on_age, t);
}

static int row_status(const struct opts *o, const struct row *r, const struct srv *s)
{
	if (s != NULL && s->reachable != 1)
		return S_CRITICAL;
	if (!r->have_state)
		return S_UNKNOWN;
	if (in_list(o->ok_states, r->state))
		return S_OK;
	if (in_list(o->crit_states, r->state))
		return S_CRITICAL;
	/* with --warn-state the lists are complete: a state in none is
	 * CRITICAL; without it, every state not listed is WARNING */
	if (o->warn_states == NULL || in_list(o->warn_states, r->state))
		return S_WARNING;
	return S_CRITICAL;
}

static int selected(const struct opts *o, const struct row *r, const struct srv *s)
{
	return (o->server == NULL || (s && strcmp(s->name, o->server) == 0)) &&
	       (o->rel == NULL || strcmp(r->name, o->rel) == 0);
}

static void perfdata(const struct table *t, const struct opts *o, const char *w,
		     const char *c, unsigned long max_age, size_t n)
{
	printf(" | relationships=%zu", n);
	for (size_t st = 1; st < NSTATES; st++) {
		size_t k = 0;
		if (states[st] == NULL)
			continue;
		for (size_t i = 0; i < t->nrows; i++)
			if (t->rows[i].have_state && t->rows[i].state == (long)st &&
			    selected(o, &t->rows[i], srv_at((struct table *)t, t->rows[i].sidx)))
				k++;
		if (k > 0 || st == 4)
			printf(" %s=%zu", states[st], k);
	}
	printf(" max_data_age=%lus;%s;%s\n", max_age, w ? w : "", c ? c : "");
}

int main(int argc, char **argv)
{
	struct table t = { 0 };
	struct opts o;
	netsnmp_session *ss;
	const char *w = NULL, *c = NULL;
	unsigned long max_age = 0;
	size_t n = 0, bad = 0;
	int status = S_OK;

	for (int i = 1; i < argc - 1; i++) {
		if (strcmp(argv[i], "-w") == 0 || strcmp(argv[i], "--warning") == 0)
			w = argv[i + 1];
		if (strcmp(argv[i], "-c") == 0 || strcmp(argv[i], "--critical") == 0)
			c = argv[i + 1];
	}
	setenv("MIBS", "", 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	parse_opts(argc, argv, &o);
	init_snmp("check_dhcp_failover");
	ss = open_session(&o);
	fetch(ss, &t);
	snmp_close(ss);
	for (size_t i = 0; i < t.nrows; i++) {
		const struct srv *s = srv_at(&t, t.rows[i].sidx);
		int st;

		if (!selected(&o, &t.rows[i], s))
			continue;
		n++;
		st = row_status(&o, &t.rows[i], s);
		if (st != S_OK)
			bad++;
		if (st > status)
			status = st;
		if (t.rows[i].have_age && t.rows[i].age > max_age)
			max_age = t.rows[i].age;
	}
	if (n == 0)
		die(S_UNKNOWN, "%s", "no failover relationship matches the selection");
	if (alert(&o.crit, (double)max_age))
		status = S_CRITICAL;
	else if (alert(&o.warn, (double)max_age) && status < S_WARNING)
		status = S_WARNING;
	printf("DHCP FAILOVER %s - ", status_name[status]);
	if (bad == 0)
		printf("%zu relationship%s OK", n, n == 1 ? "" : "s");
	else
		printf("%zu of %zu relationships not OK", bad, n);
	if (alert(&o.warn, (double)max_age) || alert(&o.crit, (double)max_age))
		printf(", data age %lu s", max_age);
	perfdata(&t, &o, w, c, max_age, n);
	for (size_t i = 0; i < t.nrows; i++) {
		const struct row *r = &t.rows[i];
		const struct srv *s = srv_at(&t, r->sidx);

		if (!selected(&o, r, s))
			continue;
		printf("%s %s/%s: %s, data age %lu s%s\n",
		       status_name[row_status(&o, r, s)], s ? s->name : "?", r->name,
		       r->have_state ? state_name(r->state) : "no state", r->age,
		       s && s->reachable != 1 ? ", server unreachable" : "");
	}
	free(t.rows);
	free(t.srvs);
	return status;
}
