/* backend_dhcpd.c: ISC dhcpd 4.x failover relationships over OMAPI.
 *
 * OMAPI cannot enumerate failover-state objects: each is OPENed by name
 * (dhcpd's dhcp_failover_state_lookup matches the "name" attribute). The
 * names come from the config (`peers`) or from the `failover peer`
 * declarations of the dhcpd.conf the config points at (`dhcpd-conf`),
 * re-read at the start of every pass. The list of names is what the paging
 * contract runs over: the resume handle is an index into it, and one page
 * costs one OPEN per name on a connection kept across pages and passes.
 *
 * Attributes read (server/failover.c, dhcp_failover_state_stuff):
 * name, local-state, partner-state (u32 dhcpd states), hierarchy (u32,
 * 0 primary / 1 secondary), mclt (u32 s), load-balance-hba (32 bytes, the
 * primary's hash buckets), local-port, partner-port. local-address and
 * partner-address are NOT used: dhcpd writes the bytes of a pointer there
 * (sizeof of an option_cache pointer), so addresses and names come from
 * dhcpd.conf. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "dhcpd_conf.h"
#include "log.h"
#include "omapi.h"

#define DHCPD_DEFAULT_PORT 7911
#define DHCPD_KEY_MAX      128

struct dhcpd_bconf {
	char host[DFO_HOSTNAME_MAX + 1];
	int port;
	int timeout_ms;
	char key_name[256];
	uint8_t *key;             /* DHCPD_KEY_MAX bytes in secret pages */
	size_t keylen;            /* 0: no key, unauthenticated OMAPI */
	char **peers;             /* configured names, or NULL */
	size_t npeers;
	char *conf_path;          /* dhcpd.conf, or NULL */
};

struct dhcpd_name {
	char name[DFO_NAME_MAX + 1];
	int last_state;           /* for prev_state */
	int prev_state;
};

struct dhcpd_session {
	const struct dhcpd_bconf *conf;
	struct omapi_conn *conn;
	struct dhcpd_conf dconf;  /* last parse of dhcpd.conf */
	struct dhcpd_name *names;
	uint32_t nnames;
	int have_names;
};

static const struct {
	unsigned code;
	int st;
	const char *text;
} dhcpd_states[] = {
	{ 0, DFO_ST_UNKNOWN, "unknown-state" },
	{ 1, DFO_ST_STARTUP, "startup" },
	{ 2, DFO_ST_NORMAL, "normal" },
	{ 3, DFO_ST_COMM_INTERRUPTED, "communications-interrupted" },
	{ 4, DFO_ST_PARTNER_DOWN, "partner-down" },
	{ 5, DFO_ST_POTENTIAL_CONFLICT, "potential-conflict" },
	{ 6, DFO_ST_RECOVER, "recover" },
	{ 7, DFO_ST_PAUSED, "paused" },
	{ 8, DFO_ST_SHUTDOWN, "shutdown" },
	{ 9, DFO_ST_RECOVER_DONE, "recover-done" },
	{ 10, DFO_ST_RESOLUTION_INTERRUPTED, "resolution-interrupted" },
	{ 11, DFO_ST_CONFLICT_DONE, "conflict-done" },
	{ 254, DFO_ST_RECOVER_WAIT, "recover-wait" },
};

int dfo_dhcpd_state(unsigned code, const char **text)
{
	for (size_t i = 0; i < sizeof(dhcpd_states) / sizeof(dhcpd_states[0]); i++)
		if (dhcpd_states[i].code == code) {
			if (text != NULL)
				*text = dhcpd_states[i].text;
			return dhcpd_states[i].st;
		}
	if (text != NULL)
		*text = "unknown-state";
	return DFO_ST_UNKNOWN;
}

static void bconf_free(struct dhcpd_bconf *c)
{
	if (c == NULL)
		return;
	dfo_secret_free(c->key, DHCPD_KEY_MAX);
	for (size_t i = 0; i < c->npeers; i++)
		free(c->peers[i]);
	free(c->peers);
	free(c->conf_path);
	free(c);
}

static void dhcpd_free_conf(void *p)
{
	bconf_free(p);
}

static int parse_peers(const config_setting_t *g, struct dhcpd_bconf *c,
		       struct dfo_err *e)
{
	const config_setting_t *pl = config_setting_get_member(g, "peers");
	char where[300];
	int n;

	if (pl == NULL)
		return 0;
	dfo_cfg_where(pl, where, sizeof(where));
	if (!config_setting_is_array(pl) && !config_setting_is_list(pl)) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: peers must be a list of failover peer names [ \"a\", ... ]",
			    where);
		return -1;
	}
	n = config_setting_length(pl);
	c->peers = calloc((size_t)n + 1, sizeof(char *));
	if (c->peers == NULL) {
		dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		const char *s = config_setting_get_string_elem(pl, i);

		if (s == NULL || s[0] == '\0' || strlen(s) > DFO_NAME_MAX) {
			dfo_err_set(e, ERROR_INVALID_PARAMETER,
				    "%s: peers[%d] must be a non-empty string of at most %d characters",
				    where, i, DFO_NAME_MAX);
			return -1;
		}
		for (size_t j = 0; j < c->npeers; j++)
			if (strcmp(c->peers[j], s) == 0) {
				dfo_err_set(e, ERROR_DUP_NAME,
					    "%s: peer '%s' listed twice", where, s);
				return -1;
			}
		if ((c->peers[c->npeers] = strdup(s)) == NULL) {
			dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
			return -1;
		}
		c->npeers++;
	}
	return 0;
}

static int parse_key(const config_setting_t *g, struct dhcpd_bconf *c,
		     struct dfo_err *e)
{
	const char *kn = NULL, *kf = NULL;
	char where[300];
	char *secret;
	size_t slen = 0;
	long n;

	if (dfo_cfg_string(g, "key-name", &kn, e) < 0 ||
	    dfo_cfg_string(g, "key-file", &kf, e) < 0)
		return -1;
	dfo_cfg_where(g, where, sizeof(where));
	if ((kn == NULL) != (kf == NULL)) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: key-name and key-file go together", where);
		return -1;
	}
	if (kn == NULL)
		return 0;
	if (kn[0] == '\0' || strlen(kn) >= sizeof(c->key_name)) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: key-name must be 1..%zu characters", where,
			    sizeof(c->key_name) - 1);
		return -1;
	}
	snprintf(c->key_name, sizeof(c->key_name), "%s", kn);
	dfo_cfg_where(config_setting_get_member(g, "key-file"), where,
		      sizeof(where));
	secret = dfo_secret_read(kf, &slen, e);
	if (secret == NULL) {
		char t[DFO_ERRTEXT_MAX + 1];

		snprintf(t, sizeof(t), "%s", e->text);
		dfo_err_set(e, e->code ? e->code : ERROR_ACCESS_DENIED,
			    "%s: key-file: %s", where, t);
		return -1;
	}
	c->key = dfo_secret_alloc(DHCPD_KEY_MAX);
	n = c->key != NULL ? omapi_b64_decode(secret, c->key, DHCPD_KEY_MAX) : 0;
	dfo_secret_free(secret, slen);
	if (c->key == NULL) {
		dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
		return -1;
	}
	if (n <= 0) {
		dfo_err_set(e, ERROR_INVALID_DATA,
			    "%s: key-file %s does not hold a base64 secret (the `secret` of the dhcpd.conf key, at most %d bytes decoded)",
			    where, kf, DHCPD_KEY_MAX);
		return -1;
	}
	c->keylen = (size_t)n;
	return 0;
}

static int dhcpd_parse(const config_setting_t *s, void **out,
		       struct dfo_err *e)
{
	static const char *const keys[] = { "host", "port", "key-name",
		"key-file", "peers", "dhcpd-conf", "timeout", NULL };
	const config_setting_t *g;
	struct dhcpd_bconf *c = calloc(1, sizeof(*c));
	const char *host = "127.0.0.1", *cp = NULL;
	char where[300];
	int tmo = 5;

	*out = c;
	if (c == NULL) {
		dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
		return -1;
	}
	g = dfo_cfg_backend_group(s, "dhcpd", keys,
				  "host = ...; peers = [...] or dhcpd-conf = ...;",
				  where, sizeof(where), e);
	if (g == NULL)
		return -1;
	c->port = DHCPD_DEFAULT_PORT;
	if (dfo_cfg_string(g, "host", &host, e) < 0 ||
	    dfo_cfg_int(g, "port", 1, 65535, &c->port, e) < 0 ||
	    dfo_cfg_int(g, "timeout", 1, 300, &tmo, e) < 0 ||
	    dfo_cfg_string(g, "dhcpd-conf", &cp, e) < 0)
		return -1;
	/* A server-level `timeout` (seconds) applies unless dhcpd has one. */
	if (config_setting_get_member(g, "timeout") == NULL &&
	    dfo_cfg_int(s, "timeout", 1, 300, &tmo, e) < 0)
		return -1;
	c->timeout_ms = tmo * 1000;
	if (host[0] == '\0' || strlen(host) > DFO_HOSTNAME_MAX) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER, "%s: bad host", where);
		return -1;
	}
	snprintf(c->host, sizeof(c->host), "%s", host);
	if (parse_peers(g, c, e) < 0 || parse_key(g, c, e) < 0)
		return -1;
	if (cp != NULL) {
		struct dhcpd_conf dc;
		char err[DFO_ERRTEXT_MAX + 1];

		if ((c->conf_path = strdup(cp)) == NULL) {
			dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
			return -1;
		}
		/* Checked now so a typo is reported at load; re-read at the
		 * start of every enumeration pass. */
		dfo_cfg_where(config_setting_get_member(g, "dhcpd-conf"),
			      where, sizeof(where));
		if (dhcpd_conf_parse_file(cp, &dc, err, sizeof(err)) != 0) {
			dfo_err_set(e, ERROR_BAD_FORMAT, "%s: dhcpd-conf: %s",
				    where, err);
			return -1;
		}
		if (dc.n == 0 && c->npeers == 0)
			dfo_warn("%s: %s declares no failover peer", where, cp);
		dhcpd_conf_free(&dc);
	}
	if (c->npeers == 0 && c->conf_path == NULL) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: dhcpd needs peers = [ \"name\", ... ] or dhcpd-conf = \"/etc/dhcp/dhcpd.conf\" (OMAPI cannot list failover peers)",
			    where);
		return -1;
	}
	return 0;
}

static void dhcpd_describe(const void *p, char *buf, size_t len)
{
	const struct dhcpd_bconf *c = p;

	if (strchr(c->host, ':') != NULL)
		snprintf(buf, len, "omapi://[%s]:%d", c->host, c->port);
	else
		snprintf(buf, len, "omapi://%s:%d", c->host, c->port);
}

static int dhcpd_open(const void *conf, void **session, struct dfo_err *e)
{
	struct dhcpd_session *s = calloc(1, sizeof(*s));

	if (s == NULL) {
		dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
		return -1;
	}
	s->conf = conf;
	*session = s;
	return 0;
}

static void dhcpd_close(void *p)
{
	struct dhcpd_session *s = p;

	if (s == NULL)
		return;
	omapi_close(s->conn);
	dhcpd_conf_free(&s->dconf);
	free(s->names);
	free(s);
}

static unsigned map_err(const struct omapi_error *oe, struct dfo_err *e,
			const struct dhcpd_bconf *c)
{
	unsigned code;

	switch (oe->kind) {
	case OMAPI_E_REFUSED: code = ERROR_CONNECTION_REFUSED; break;
	case OMAPI_E_TIMEOUT: code = ERROR_TIMEOUT; break;
	case OMAPI_E_AUTH: code = ERROR_ACCESS_DENIED; break;
	case OMAPI_E_PROTO: code = ERROR_INVALID_DATA; break;
	case OMAPI_E_NOMEM: code = ERROR_NOT_ENOUGH_MEMORY; break;
	case OMAPI_E_STATUS: code = ERROR_INVALID_DATA; break;
	default: code = RPC_S_SERVER_UNAVAILABLE; break;
	}
	if (oe->kind == OMAPI_E_AUTH && c->keylen > 0)
		dfo_err_set(e, code, "OMAPI key '%s' was rejected by dhcpd at %s:%d: %s",
			    c->key_name, c->host, c->port, oe->text);
	else if (oe->kind == OMAPI_E_AUTH)
		dfo_err_set(e, code, "dhcpd at %s:%d requires an OMAPI key (set key-name and key-file): %s",
			    c->host, c->port, oe->text);
	else
		dfo_err_set(e, code, "%s", oe->text);
	return code;
}

static unsigned ensure_conn(struct dhcpd_session *s, struct dfo_err *e)
{
	const struct dhcpd_bconf *c = s->conf;
	struct omapi_error oe;

	if (s->conn != NULL)
		return ERROR_SUCCESS;
	s->conn = omapi_connect(c->host, (unsigned)c->port, c->timeout_ms, &oe);
	if (s->conn == NULL)
		return map_err(&oe, e, c);
	if (c->keylen > 0 &&
	    omapi_authenticate(s->conn, c->key_name, c->key, c->keylen, &oe) != 0) {
		omapi_close(s->conn);
		s->conn = NULL;
		return map_err(&oe, e, c);
	}
	return ERROR_SUCCESS;
}

/* The list of names the contract runs over, rebuilt at handle 0. */
static unsigned load_names(struct dhcpd_session *s, struct dfo_err *e)
{
	const struct dhcpd_bconf *c = s->conf;
	struct dhcpd_conf dc = { NULL, 0 };
	struct dhcpd_name *nn;
	char err[DFO_ERRTEXT_MAX + 1];
	size_t n;

	if (c->conf_path != NULL &&
	    dhcpd_conf_parse_file(c->conf_path, &dc, err, sizeof(err)) != 0) {
		dfo_err_set(e, ERROR_BAD_FORMAT, "dhcpd-conf: %s", err);
		return ERROR_BAD_FORMAT;
	}
	n = c->npeers > 0 ? c->npeers : dc.n;
	nn = calloc(n + 1, sizeof(*nn));
	if (nn == NULL) {
		dhcpd_conf_free(&dc);
		dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
		return ERROR_NOT_ENOUGH_MEMORY;
	}
	for (size_t i = 0; i < n; i++) {
		const char *nm = c->npeers > 0 ? c->peers[i] : dc.peers[i].name;

		snprintf(nn[i].name, sizeof(nn[i].name), "%s", nm);
		nn[i].last_state = DFO_ST_NONE;
		nn[i].prev_state = DFO_ST_NONE;
		/* Keep the state history of names seen before. */
		for (uint32_t j = 0; j < s->nnames; j++)
			if (strcmp(s->names[j].name, nm) == 0) {
				nn[i].last_state = s->names[j].last_state;
				nn[i].prev_state = s->names[j].prev_state;
				break;
			}
	}
	free(s->names);
	s->names = nn;
	s->nnames = (uint32_t)n;
	dhcpd_conf_free(&s->dconf);
	s->dconf = dc;
	s->have_names = 1;
	return ERROR_SUCCESS;
}

static void fill_endpoint(struct dfo_addr *a, char *name, size_t cap,
			  const char *addr, int port)
{
	if (addr[0] == '\0')
		return;
	if (dfo_addr_parse(addr, a) != 0)
		memset(a, 0, sizeof(*a)); /* a host name: in the name only */
	if (port >= 0)
		snprintf(name, cap, "%s:%d", addr, port);
	else
		snprintf(name, cap, "%s", addr);
}

/* Fill row r from an OPEN answer (or only from dhcpd.conf if rep NULL). */
static void fill_row(struct dhcpd_session *s, struct dhcpd_name *nm,
		     const struct omapi_msg *rep, struct dfo_rel *r)
{
	const struct dhcpd_peer *p = dhcpd_conf_find(&s->dconf, nm->name);
	uint32_t v;
	int bits = -1, role = p ? p->role : DHCPD_ROLE_UNKNOWN;
	const char *txt;
	char bad[160] = "";

	if (p != NULL) {
		if (p->mclt >= 0)
			r->mclt = (uint32_t)p->mclt;
		bits = p->hba_bits >= 0 ? p->hba_bits : p->split;
		if (p->auto_partner_down >= 0)
			r->safe_period = (uint32_t)p->auto_partner_down;
	}
	if (rep != NULL) {
		const struct omapi_pair *pn = omapi_list_get(&rep->obj, "name");
		const struct omapi_pair *hba =
			omapi_list_get(&rep->obj, "load-balance-hba");
		int rc;

		if (pn != NULL && (pn->vlen != strlen(nm->name) ||
				   memcmp(pn->value, nm->name, pn->vlen) != 0))
			snprintf(bad, sizeof(bad),
				 "dhcpd answered with another failover peer");
		rc = omapi_list_get_u32(&rep->obj, "local-state", &v);
		if (rc == 0) {
			r->state = dfo_dhcpd_state(v, &txt);
			r->raw_state_code = (int32_t)(v & 0x7fffffff);
			if (r->state == DFO_ST_UNKNOWN && v != 0)
				snprintf(r->raw_state, sizeof(r->raw_state),
					 "state-%u", v);
			else
				snprintf(r->raw_state, sizeof(r->raw_state), "%s", txt);
		} else {
			const struct omapi_pair *ls =
				omapi_list_get(&rep->obj, "local-state");

			r->state = DFO_ST_UNKNOWN;
			snprintf(bad, sizeof(bad),
				 "dhcpd sent local-state of %u bytes (expected 4)",
				 ls ? ls->vlen : 0);
			if (ls == NULL)
				snprintf(bad, sizeof(bad),
					 "dhcpd's answer has no local-state");
		}
		if (omapi_list_get_u32(&rep->obj, "partner-state", &v) == 0) {
			r->partner_state = dfo_dhcpd_state(v, &txt);
			snprintf(r->partner_raw_state,
				 sizeof(r->partner_raw_state), "%s", txt);
			if (v == 0) /* unknown_state: not heard from it yet */
				r->partner_state = DFO_ST_NONE;
			else if (r->partner_state == DFO_ST_UNKNOWN)
				snprintf(r->partner_raw_state,
					 sizeof(r->partner_raw_state),
					 "state-%u", v);
		}
		if (omapi_list_get_u32(&rep->obj, "hierarchy", &v) == 0 && v <= 1)
			role = v == 0 ? DHCPD_ROLE_PRIMARY : DHCPD_ROLE_SECONDARY;
		if (omapi_list_get_u32(&rep->obj, "mclt", &v) == 0)
			r->mclt = v;
		if (hba != NULL && hba->vlen == 32) {
			bits = 0;
			for (int i = 0; i < 32; i++)
				bits += __builtin_popcount(hba->value[i]);
		}
	}
	r->role = role == DHCPD_ROLE_PRIMARY ? DFO_ROLE_PRIMARY :
		  role == DHCPD_ROLE_SECONDARY ? DFO_ROLE_SECONDARY :
		  DFO_ROLE_NONE;
	if (bits >= 0) {
		r->percentage = (bits * 100 + 128) / 256;
		r->mode = (bits == 0 || bits == 256) ? DFO_MODE_HOT_STANDBY :
			  DFO_MODE_LOAD_BALANCE;
	}
	if (p != NULL) {
		int me_primary = role != DHCPD_ROLE_SECONDARY;

		fill_endpoint(me_primary ? &r->primary_addr : &r->secondary_addr,
			      me_primary ? r->primary_name : r->secondary_name,
			      sizeof(r->primary_name), p->address, p->port);
		fill_endpoint(me_primary ? &r->secondary_addr : &r->primary_addr,
			      me_primary ? r->secondary_name : r->primary_name,
			      sizeof(r->primary_name), p->peer_address,
			      p->peer_port);
	}
	if (bad[0] != '\0')
		snprintf(r->error, sizeof(r->error), "%s", bad);
	if (r->state != nm->last_state) {
		if (nm->last_state != DFO_ST_NONE)
			nm->prev_state = nm->last_state;
		nm->last_state = r->state;
	}
	r->prev_state = nm->prev_state;
}

/* One name: 0 with r filled (maybe with a per-row error), or a failure
 * code for the whole call. */
static unsigned query_one(struct dhcpd_session *s, struct dhcpd_name *nm,
			  struct dfo_rel *r, struct dfo_err *e)
{
	struct omapi_list keys = { NULL, 0, 0 };
	struct omapi_msg rep;
	struct omapi_error oe;
	unsigned st;
	int rc, attempt;

	dfo_rel_init(r);
	snprintf(r->name, sizeof(r->name), "%s", nm->name);
	r->state = DFO_ST_UNKNOWN;
	r->raw_state_code = -1;
	r->percentage = -1;
	if (omapi_list_add_str(&keys, "name", nm->name) != 0) {
		dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
		return ERROR_NOT_ENOUGH_MEMORY;
	}
	for (attempt = 0;; attempt++) {
		int reused = s->conn != NULL;

		st = ensure_conn(s, e);
		if (st != ERROR_SUCCESS) {
			omapi_list_free(&keys);
			return st;
		}
		rc = omapi_open_object(s->conn, "failover-state", &keys, &rep, &oe);
		if (rc == 0 || oe.kind == OMAPI_E_STATUS)
			break;
		/* The connection is unusable now. A kept connection may just
		 * be stale (dhcpd restarted): retry once on a fresh one. */
		omapi_close(s->conn);
		s->conn = NULL;
		if (!reused || attempt > 0 || oe.kind == OMAPI_E_AUTH ||
		    oe.kind == OMAPI_E_TIMEOUT) {
			omapi_list_free(&keys);
			return map_err(&oe, e, s->conf);
		}
	}
	omapi_list_free(&keys);
	if (rc != 0) {
		/* Per-row: dhcpd does not know the name (or refused it). */
		fill_row(s, nm, NULL, r);
		r->state = DFO_ST_UNKNOWN;
		snprintf(r->raw_state, sizeof(r->raw_state), "unknown-state");
		if (oe.result == OMAPI_R_NOTFOUND)
			snprintf(r->error, sizeof(r->error),
				 "dhcpd has no failover peer \"%s\"", nm->name);
		else
			snprintf(r->error, sizeof(r->error), "%s", oe.text);
		dfo_sanitize(r->error, sizeof(r->error));
		return ERROR_SUCCESS;
	}
	fill_row(s, nm, &rep, r);
	omapi_msg_free(&rep);
	return ERROR_SUCCESS;
}

static unsigned dhcpd_enum_page(void *p, uint32_t *handle, uint32_t pmax,
				struct dfo_rel **array, uint32_t *read,
				uint32_t *total, struct dfo_err *e)
{
	struct dhcpd_session *s = p;
	uint32_t start = *handle, count;
	struct dfo_rel *out;
	unsigned st;

	*array = NULL;
	*read = 0;
	*total = 0;
	if (pmax == 0) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER, "PreferredMaximum is 0");
		return ERROR_INVALID_PARAMETER;
	}
	if (start == 0 || !s->have_names) {
		st = load_names(s, e);
		if (st != ERROR_SUCCESS)
			return st;
	}
	if (start >= s->nnames)
		return ERROR_NO_MORE_ITEMS;
	count = s->nnames - start;
	if (count > pmax)
		count = pmax;
	out = calloc(count, sizeof(*out));
	if (out == NULL) {
		dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
		return ERROR_NOT_ENOUGH_MEMORY;
	}
	for (uint32_t i = 0; i < count; i++) {
		st = query_one(s, &s->names[start + i], &out[i], e);
		if (st != ERROR_SUCCESS) {
			dfo_rel_array_free(out, i + 1);
			return st;
		}
	}
	*array = out;
	*read = count;
	*handle = start + count;
	*total = s->nnames - *handle;
	return *total > 0 ? ERROR_MORE_DATA : ERROR_SUCCESS;
}

const struct dfo_backend_ops dfo_backend_dhcpd = {
	.type = "dhcpd",
	.mib_type = 3,
	.parse = dhcpd_parse,
	.free_conf = dhcpd_free_conf,
	.describe = dhcpd_describe,
	.open = dhcpd_open,
	.enum_page = dhcpd_enum_page,
	.close = dhcpd_close,
};
