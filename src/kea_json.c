/* kea_json.c: maps Kea HA status (status-get) and, when available, the HA
 * peers from config-get to relationship rows. Every field is checked for
 * type and bounds; a reply that is not what Kea sends is INVALID_DATA with
 * the name of the field, never a crash. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "kea_json.h"

#define MAX_DEPTH 64

struct peer {
	const char *name, *role, *url;
};

int dfo_kea_state(const char *s)
{
	static const struct { const char *k; int v; } t[] = {
		{ "load-balancing", DFO_ST_NORMAL }, { "hot-standby", DFO_ST_NORMAL },
		{ "passive-backup", DFO_ST_NORMAL }, { "partner-down", DFO_ST_PARTNER_DOWN },
		{ "communication-recovery", DFO_ST_COMM_RECOVERY },
		{ "waiting", DFO_ST_WAITING }, { "syncing", DFO_ST_SYNCING },
		{ "ready", DFO_ST_READY }, { "in-maintenance", DFO_ST_IN_MAINTENANCE },
		{ "partner-in-maintenance", DFO_ST_PARTNER_IN_MAINTENANCE },
		{ "terminated", DFO_ST_TERMINATED }, { "backup", DFO_ST_BACKUP },
		{ "unavailable", DFO_ST_UNAVAILABLE },
	};

	for (size_t i = 0; s != NULL && i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].k, s) == 0)
			return t[i].v;
	return DFO_ST_UNKNOWN;
}

static json_object *parse(const char *buf, size_t len, const char *what,
			  struct dfo_err *e)
{
	json_tokener *tok = json_tokener_new_ex(MAX_DEPTH);
	json_object *o;

	if (tok == NULL) {
		dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
		return NULL;
	}
	o = json_tokener_parse_ex(tok, buf, (int)len);
	if (o == NULL || json_tokener_get_error(tok) != json_tokener_success ||
	    (size_t)json_tokener_get_parse_end(tok) < len) {
		enum json_tokener_error err = json_tokener_get_error(tok);
		dfo_err_set(e, ERROR_INVALID_DATA, "kea: %s reply is not JSON (%s)", what,
			    err == json_tokener_continue ? "truncated" :
			    err == json_tokener_success ? "trailing data" :
			    json_tokener_error_desc(err));
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

static json_object *member(json_object *o, const char *k, json_type t)
{
	json_object *v = NULL;

	if (o == NULL || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, k, &v) || !json_object_is_type(v, t))
		return NULL;
	return v;
}

/* Kea's result codes: 1 error, 2 unsupported, 3 empty, 4 conflict. The
 * control agent answers 1 "Unable to forward command ..." when the DHCP
 * server behind it is down: that is an unavailable server, not bad data. */
static void failed(struct dfo_err *e, const char *what, int64_t res, const char *text)
{
	unsigned code = res == 2 ? ERROR_NOT_SUPPORTED :
			res == 1 && strstr(text, "forward") ? RPC_S_SERVER_UNAVAILABLE :
			ERROR_INVALID_DATA;

	dfo_err_set(e, code, "kea: %s failed (result %lld): %.160s", what,
		    (long long)res, text);
	dfo_sanitize(e->text, sizeof(e->text));
}

/* The answer object: the control agent wraps it in a one-element array. */
static json_object *answer(json_object *root, const char *what, struct dfo_err *e)
{
	json_object *a = root, *res, *text, *args;

	if (json_object_is_type(root, json_type_array)) {
		if (json_object_array_length(root) < 1) {
			dfo_err_set(e, ERROR_INVALID_DATA, "kea: %s reply is an empty list", what);
			return NULL;
		}
		a = json_object_array_get_idx(root, 0);
	}
	res = member(a, "result", json_type_int);
	if (res == NULL) {
		dfo_err_set(e, ERROR_INVALID_DATA, "kea: %s reply has no integer 'result'", what);
		return NULL;
	}
	if (json_object_get_int64(res) != 0) {
		text = member(a, "text", json_type_string);
		failed(e, what, json_object_get_int64(res),
		       text ? json_object_get_string(text) : "no text");
		return NULL;
	}
	args = member(a, "arguments", json_type_object);
	if (args == NULL)
		dfo_err_set(e, ERROR_INVALID_DATA, "kea: %s reply has no 'arguments' object", what);
	return args;
}

static const char *str(json_object *o, const char *k)
{
	json_object *v = member(o, k, json_type_string);

	return v ? json_object_get_string(v) : NULL;
}

static int bad(struct dfo_err *e, unsigned i, const char *field)
{
	dfo_err_set(e, ERROR_INVALID_DATA,
		    "kea: high-availability[%u]: '%s' missing or of the wrong type", i, field);
	return -1;
}

/* host of "http://HOST:PORT/" as an address, when it is a literal */
static void url_addr(const char *url, struct dfo_addr *a)
{
	char host[64];
	const char *p = url ? strstr(url, "://") : NULL;
	size_t n = 0;

	if (p == NULL)
		return;
	p += 3;
	if (*p == '[') {
		p++;
		while (p[n] && p[n] != ']' && n < sizeof(host) - 1)
			n++;
	} else {
		while (p[n] && p[n] != ':' && p[n] != '/' && n < sizeof(host) - 1)
			n++;
	}
	memcpy(host, p, n);
	host[n] = '\0';
	dfo_addr_parse(host, a);
}

/* A peer that is not the primary: secondary or standby first, else the
 * first backup (passive-backup has only backups). */
static void pick_partner(struct peer *sec, const struct peer *x)
{
	int is_backup = strcmp(x->role, "backup") == 0;

	if (sec->name == NULL || (!is_backup && strcmp(sec->role, "backup") == 0))
		*sec = *x;
}

/* peers of HA relationship i from config-get: 0 when both are known */
static int config_peers(json_object *cfg, unsigned i, struct peer *pri, struct peer *sec)
{
	json_object *d4 = member(cfg, "Dhcp4", json_type_object);
	json_object *hooks = member(d4, "hooks-libraries", json_type_array);
	size_t nh = hooks ? json_object_array_length(hooks) : 0;

	for (size_t h = 0; h < nh && h < 64; h++) {
		json_object *p = member(json_object_array_get_idx(hooks, h), "parameters", json_type_object);
		json_object *ha = member(p, "high-availability", json_type_array);
		json_object *peers;
		size_t np;

		if (ha == NULL || i >= json_object_array_length(ha))
			continue;
		peers = member(json_object_array_get_idx(ha, i), "peers", json_type_array);
		np = peers ? json_object_array_length(peers) : 0;
		for (size_t k = 0; k < np && k < 64; k++) {
			json_object *pe = json_object_array_get_idx(peers, k);
			struct peer x = { str(pe, "name"), str(pe, "role"), str(pe, "url") };
			if (x.name == NULL || x.role == NULL)
				continue;
			if (strcmp(x.role, "primary") == 0)
				*pri = x;
			else
				pick_partner(sec, &x);
		}
		break;
	}
	if (pri->name == NULL || sec->name == NULL) {
		memset(pri, 0, sizeof(*pri));
		memset(sec, 0, sizeof(*sec));
		return -1;
	}
	return 0;
}

/* Kea >= 2.4 also names the servers in status-get ("server-name"). */
static int status_peers(json_object *local, json_object *remote,
			struct peer *pri, struct peer *sec)
{
	struct peer l = { str(local, "server-name"), str(local, "role"), NULL };
	struct peer r = { str(remote, "server-name"), str(remote, "role"), NULL };
	int local_first = l.role != NULL && strcmp(l.role, "primary") == 0;

	if (l.name == NULL || r.name == NULL || l.role == NULL || r.role == NULL)
		return -1;
	*pri = local_first ? l : r;
	*sec = local_first ? r : l;
	return 0;
}

static void set_names(struct dfo_rel *r, const struct peer *pri,
		      const struct peer *sec, const char *lrole, const char *rrole)
{
	if (pri->name != NULL && sec->name != NULL) {
		snprintf(r->name, sizeof(r->name), "%.62s/%.62s", pri->name, sec->name);
		snprintf(r->primary_name, sizeof(r->primary_name), "%s", pri->name);
		snprintf(r->secondary_name, sizeof(r->secondary_name), "%s", sec->name);
		url_addr(pri->url, &r->primary_addr);
		url_addr(sec->url, &r->secondary_addr);
		return;
	}
	/* no names: the roles make a stable name for Kea's single relationship */
	if (lrole != NULL && strcmp(lrole, "primary") == 0)
		snprintf(r->name, sizeof(r->name), "primary/%.60s", rrole ? rrole : "partner");
	else
		snprintf(r->name, sizeof(r->name), "%.60s/%.60s", rrole ? rrole : "partner",
			 lrole ? lrole : "local");
}

/* An optional member: absent is fine (1), the wrong type is not (-1). */
static int opt(json_object *o, const char *k, json_type t, json_object **v)
{
	if (!json_object_object_get_ex(o, k, v))
		return 1;
	return json_object_is_type(*v, t) ? 0 : -1;
}

/* A count or an age: an integer in 0 .. INT32_MAX. */
static int opt_count(json_object *o, const char *k, int32_t *out)
{
	json_object *v;
	int rc = opt(o, k, json_type_int, &v);
	int64_t x;

	if (rc != 0)
		return rc;
	x = json_object_get_int64(v);
	if (x < 0 || x > INT32_MAX)
		return -1;
	*out = (int32_t)x;
	return 0;
}

static int opt_bool(json_object *o, const char *k, int8_t *out)
{
	json_object *v;
	int rc = opt(o, k, json_type_boolean, &v);

	if (rc == 0)
		*out = (int8_t)json_object_get_boolean(v);
	return rc;
}

/* What this server knows of its partner (absent in passive-backup). */
static int map_remote(json_object *remote, unsigned i, struct dfo_rel *r,
		      struct dfo_err *e)
{
	json_object *v;
	int rc = opt(remote, "last-state", json_type_string, &v);

	if (rc < 0)
		return bad(e, i, "ha-servers.remote.last-state");
	if (rc == 0) {
		const char *ls = json_object_get_string(v);
		r->partner_state = dfo_kea_state(ls);
		snprintf(r->partner_raw_state, sizeof(r->partner_raw_state), "%s", ls);
	}
	if (opt_count(remote, "age", &r->partner_age) < 0)
		return bad(e, i, "ha-servers.remote.age");
	if (opt_count(remote, "unacked-clients", &r->unacked_clients) < 0)
		return bad(e, i, "ha-servers.remote.unacked-clients");
	if (opt_bool(remote, "in-touch", &r->in_touch) < 0)
		return bad(e, i, "ha-servers.remote.in-touch");
	if (opt_bool(remote, "communication-interrupted", &r->comm_interrupted) < 0)
		return bad(e, i, "ha-servers.remote.communication-interrupted");
	return 0;
}

static int mode_of(const char *m)
{
	return strcmp(m, "load-balancing") == 0 ? DFO_MODE_LOAD_BALANCE :
	       strcmp(m, "hot-standby") == 0 ? DFO_MODE_HOT_STANDBY :
	       strcmp(m, "passive-backup") == 0 ? DFO_MODE_PASSIVE_BACKUP : DFO_MODE_OTHER;
}

static int map_one(json_object *ha, unsigned i, json_object *cfg, struct dfo_rel *r,
		   struct dfo_err *e)
{
	json_object *servers = member(ha, "ha-servers", json_type_object);
	json_object *local = member(servers, "local", json_type_object), *remote = NULL;
	const char *mode = str(ha, "ha-mode"), *state = str(local, "state");
	const char *lrole = str(local, "role");
	struct peer pri = { 0 }, sec = { 0 };

	dfo_rel_init(r);
	if (mode == NULL)
		return bad(e, i, "ha-mode");
	if (servers == NULL)
		return bad(e, i, "ha-servers");
	if (local == NULL || state == NULL)
		return bad(e, i, "ha-servers.local.state");
	if (lrole == NULL)
		return bad(e, i, "ha-servers.local.role");
	if (opt(servers, "remote", json_type_object, &remote) < 0)
		return bad(e, i, "ha-servers.remote");
	r->mode = mode_of(mode);
	r->role = dfo_role_from_name(lrole);
	if (r->role == 0)
		r->role = DFO_ROLE_OTHER;
	r->state = dfo_kea_state(state);
	snprintf(r->raw_state, sizeof(r->raw_state), "%s", state);
	if (remote != NULL && map_remote(remote, i, r, e) != 0)
		return -1;
	if (cfg == NULL || config_peers(cfg, i, &pri, &sec) != 0)
		status_peers(local, remote, &pri, &sec);
	set_names(r, &pri, &sec, lrole, remote ? str(remote, "role") : NULL);
	return 0;
}

/* arguments.high-availability[]: absent means the HA hook is not loaded */
static json_object *ha_list(json_object *args, struct dfo_err *e)
{
	json_object *ha;

	if (!json_object_object_get_ex(args, "high-availability", &ha)) {
		dfo_err_set(e, ERROR_NOT_SUPPORTED,
			    "kea: status-get reports no high-availability: libdhcp_ha.so is not loaded in this server (or kea.service names the wrong daemon)");
		return NULL;
	}
	if (!json_object_is_type(ha, json_type_array)) {
		dfo_err_set(e, ERROR_INVALID_DATA,
			    "kea: status-get: 'high-availability' is not a list");
		return NULL;
	}
	if (json_object_array_length(ha) > DFO_KEA_MAX_RELS) {
		dfo_err_set(e, ERROR_INVALID_DATA, "kea: %zu HA relationships is more than %d",
			    json_object_array_length(ha), DFO_KEA_MAX_RELS);
		return NULL;
	}
	return ha;
}

int dfo_kea_map(const char *status, size_t slen, const char *config,
		size_t clen, struct dfo_rel **rows, uint32_t *n,
		struct dfo_err *e)
{
	json_object *sroot = parse(status, slen, "status-get", e), *croot = NULL;
	json_object *args, *cargs = NULL, *ha;
	size_t count;
	int rc = -1;

	*rows = NULL;
	*n = 0;
	if (sroot == NULL)
		return -1;
	args = answer(sroot, "status-get", e);
	if (args == NULL || (ha = ha_list(args, e)) == NULL)
		goto out;
	if (config != NULL && (croot = parse(config, clen, "config-get", e)) != NULL)
		cargs = answer(croot, "config-get", e);
	dfo_err_clear(e); /* config-get is optional: names fall back */
	count = json_object_array_length(ha);
	*rows = calloc(count + 1, sizeof(**rows));
	if (*rows == NULL) {
		dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < count; i++)
		if (map_one(json_object_array_get_idx(ha, i), (unsigned)i, cargs,
			    &(*rows)[i], e) != 0)
			goto out;
	*n = (uint32_t)count;
	rc = 0;
out:
	if (rc != 0) {
		free(*rows);
		*rows = NULL;
	}
	json_object_put(sroot);
	json_object_put(croot);
	return rc;
}
