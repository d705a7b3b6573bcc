/* backend_sim.c: the built-in simulator. Serves relationships declared in
 * the config (or in a separate data file re-read when it changes, so tests
 * and demos can drive transitions at run time) with the exact paging
 * contract of DhcpV4FailoverEnumRelationship, a page cap, per-call latency
 * and fault knobs that make it misbehave the way real servers can. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "backend.h"
#include "log.h"

struct sim_fault {
	int fail_calls;        /* fail the next K calls (-1: every call) */
	unsigned fail_error;   /* Win32 code to fail with */
	int more_data_forever; /* never finish: MORE_DATA with wrapping rows */
	int stuck_handle;      /* resume handle does not advance */
	int read_over_max;     /* return preferred_max + 1 rows */
	int null_array;        /* read > 0 with a NULL array */
	int lie_total;         /* totals that contradict each other */
	int latency_ms;        /* per-call latency (added to the config's) */
};

struct sim_data {
	struct dfo_rel *rels;
	uint32_t n;
	struct sim_fault fault;
};

struct sim_conf {
	struct sim_data data;     /* inline relationships */
	char *data_file;          /* optional run-time data */
	uint32_t page_cap;        /* 0 = no cap */
	int latency_ms;
	char address[128];
};

struct sim_session {
	const struct sim_conf *conf;
	struct sim_data file;     /* last good data file contents */
	int have_file;
	struct timespec mtime;
	ino_t ino;
	off_t size;
	int fails_done;           /* calls failed under the current fault */
};

static const char *const rel_keys[] = { "name", "mode", "role", "state",
	"prev-state", "partner-state", "primary", "secondary", "primary-name",
	"secondary-name", "mclt", "safe-period", "percentage", "scopes",
	"raw-state", NULL };

static void sim_data_free(struct sim_data *d)
{
	dfo_rel_array_free(d->rels, d->n);
	memset(d, 0, sizeof(*d));
}

static int parse_enum(const config_setting_t *r, const char *key,
		      int (*from)(const char *), int *out, struct dfo_err *e)
{
	const char *s;
	char where[300];
	int rc = dfo_cfg_string(r, key, &s, e), v;

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	v = from(s);
	if (v == 0) {
		dfo_cfg_where(config_setting_get_member(r, key), where,
			      sizeof(where));
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: unknown %s '%s'", where, key, s);
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_addr(const config_setting_t *r, const char *key,
		      struct dfo_addr *a, struct dfo_err *e)
{
	const char *s;
	char where[300];
	int rc = dfo_cfg_string(r, key, &s, e);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (dfo_addr_parse(s, a) != 0) {
		dfo_cfg_where(config_setting_get_member(r, key), where,
			      sizeof(where));
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: %s '%s' is not an IPv4 or IPv6 address",
			    where, key, s);
		return -1;
	}
	return 0;
}

static int parse_u32(const config_setting_t *r, const char *key,
		     uint32_t *out, struct dfo_err *e)
{
	int v, rc = dfo_cfg_int(r, key, 0, 0x7fffffff, &v, e);

	if (rc == 0)
		*out = (uint32_t)v;
	return rc < 0 ? -1 : 0;
}

static int parse_scopes(const config_setting_t *r, struct dfo_rel *rel,
			struct dfo_err *e)
{
	const config_setting_t *s = config_setting_get_member(r, "scopes");
	char where[300];
	int n;

	if (s == NULL)
		return 0;
	dfo_cfg_where(s, where, sizeof(where));
	if (!config_setting_is_aggregate(s)) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: scopes must be a list of addresses", where);
		return -1;
	}
	n = config_setting_length(s);
	if (n > DFO_SCOPES_MAX) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER, "%s: too many scopes",
			    where);
		return -1;
	}
	rel->scopes = calloc((size_t)n + 1, sizeof(uint32_t));
	if (rel->scopes == NULL)
		return -1;
	for (int i = 0; i < n; i++) {
		const char *a = config_setting_get_string_elem(s, i);
		struct dfo_addr ad;

		if (a == NULL || dfo_addr_parse(a, &ad) != 0 || ad.family != 1) {
			dfo_err_set(e, ERROR_INVALID_PARAMETER,
				    "%s: scope %d is not an IPv4 address",
				    where, i + 1);
			return -1;
		}
		rel->scopes[i] = ((uint32_t)ad.bytes[0] << 24) |
				 ((uint32_t)ad.bytes[1] << 16) |
				 ((uint32_t)ad.bytes[2] << 8) | ad.bytes[3];
		rel->nscopes = (uint32_t)i + 1;
	}
	return 0;
}

static int parse_rel(const config_setting_t *r, struct dfo_rel *rel,
		     struct dfo_err *e)
{
	char where[300];
	int pct;

	dfo_rel_init(rel);
	dfo_cfg_where(r, where, sizeof(where));
	dfo_cfg_check_keys(r, rel_keys);
	rel->mode = DFO_MODE_LOAD_BALANCE;
	rel->role = DFO_ROLE_PRIMARY;
	rel->state = DFO_ST_NORMAL;
	if (dfo_cfg_copy(r, "name", rel->name, sizeof(rel->name), e) < 0)
		return -1;
	if (rel->name[0] == '\0') {
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: relationship needs a non-empty name", where);
		return -1;
	}
	if (parse_enum(r, "mode", dfo_mode_from_name, &rel->mode, e) < 0 ||
	    parse_enum(r, "role", dfo_role_from_name, &rel->role, e) < 0 ||
	    parse_enum(r, "state", dfo_state_from_name, &rel->state, e) < 0 ||
	    parse_enum(r, "prev-state", dfo_state_from_name, &rel->prev_state, e) < 0 ||
	    parse_enum(r, "partner-state", dfo_state_from_name, &rel->partner_state, e) < 0 ||
	    parse_addr(r, "primary", &rel->primary_addr, e) < 0 ||
	    parse_addr(r, "secondary", &rel->secondary_addr, e) < 0 ||
	    dfo_cfg_copy(r, "primary-name", rel->primary_name, sizeof(rel->primary_name), e) < 0 ||
	    dfo_cfg_copy(r, "secondary-name", rel->secondary_name, sizeof(rel->secondary_name), e) < 0 ||
	    dfo_cfg_copy(r, "raw-state", rel->raw_state, sizeof(rel->raw_state), e) < 0 ||
	    parse_u32(r, "mclt", &rel->mclt, e) < 0 ||
	    parse_u32(r, "safe-period", &rel->safe_period, e) < 0 ||
	    parse_scopes(r, rel, e) < 0)
		return -1;
	if (dfo_cfg_int(r, "percentage", 0, 100, &pct, e) < 0)
		return -1;
	if (config_setting_get_member(r, "percentage") != NULL)
		rel->percentage = pct;
	if (rel->raw_state[0] == '\0')
		snprintf(rel->raw_state, sizeof(rel->raw_state), "%s",
			 dfo_state_name(rel->state));
	rel->raw_state_code = rel->state - 1; /* as Windows FSM_STATE */
	return 0;
}

static int parse_generate(const config_setting_t *g, struct sim_data *d,
			  uint32_t first, struct dfo_err *e)
{
	const char *prefix = "rel-";
	int count = 0;

	if (dfo_cfg_int(g, "count", 0, 1000000, &count, e) < 0 ||
	    dfo_cfg_string(g, "prefix", &prefix, e) < 0)
		return -1;
	if (strlen(prefix) > DFO_NAME_MAX - 8) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER, "generate.prefix too long");
		return -1;
	}
	for (int i = 0; i < count; i++) {
		struct dfo_rel *r = &d->rels[first + (uint32_t)i];

		dfo_rel_init(r);
		snprintf(r->name, sizeof(r->name), "%s%06d", prefix, i + 1);
		r->mode = (i % 3 == 2) ? DFO_MODE_HOT_STANDBY : DFO_MODE_LOAD_BALANCE;
		r->role = DFO_ROLE_PRIMARY;
		r->state = DFO_ST_NORMAL;
		r->prev_state = DFO_ST_COMM_INTERRUPTED;
		r->mclt = 3600;
		r->safe_period = 3600;
		r->percentage = 50;
		dfo_addr_parse("192.0.2.1", &r->primary_addr);
		dfo_addr_parse("192.0.2.2", &r->secondary_addr);
		snprintf(r->primary_name, sizeof(r->primary_name), "dhcp-a");
		snprintf(r->secondary_name, sizeof(r->secondary_name), "dhcp-b");
		snprintf(r->raw_state, sizeof(r->raw_state), "normal");
		r->raw_state_code = DFO_ST_NORMAL - 1;
		r->scopes = malloc(sizeof(uint32_t));
		if (r->scopes == NULL)
			return -1;
		r->scopes[0] = 0x0a000000u | ((uint32_t)i << 8);
		r->nscopes = 1;
	}
	return 0;
}

static int parse_fault(const config_setting_t *s, struct sim_fault *f,
		       struct dfo_err *e)
{
	static const char *const keys[] = { "fail-calls", "fail-error",
		"more-data-forever", "stuck-handle", "read-over-max",
		"null-array", "lie-total", "latency-ms", NULL };
	const config_setting_t *g = config_setting_get_member(s, "fault");
	int v = 0;

	memset(f, 0, sizeof(*f));
	f->fail_error = RPC_S_SERVER_UNAVAILABLE;
	if (g == NULL)
		return 0;
	dfo_cfg_check_keys(g, keys);
	if (dfo_cfg_int(g, "fail-calls", -1, 1000000, &f->fail_calls, e) < 0 ||
	    dfo_cfg_int(g, "latency-ms", 0, 600000, &f->latency_ms, e) < 0)
		return -1;
	if (dfo_cfg_int(g, "fail-error", 1, 0x7fffffff, &v, e) < 0)
		return -1;
	if (v > 0)
		f->fail_error = (unsigned)v;
	config_setting_lookup_bool(g, "more-data-forever", &f->more_data_forever);
	config_setting_lookup_bool(g, "stuck-handle", &f->stuck_handle);
	config_setting_lookup_bool(g, "read-over-max", &f->read_over_max);
	config_setting_lookup_bool(g, "null-array", &f->null_array);
	config_setting_lookup_bool(g, "lie-total", &f->lie_total);
	return 0;
}

/* Relationships and fault knobs from group `s` (a server entry or the
 * top level of a data file). Names must be unique. */
static int parse_data(const config_setting_t *s, struct sim_data *d,
		      struct dfo_err *e)
{
	const config_setting_t *rl = config_setting_get_member(s, "relationships");
	const config_setting_t *gen = config_setting_get_member(s, "generate");
	int nrel = rl ? config_setting_length(rl) : 0, ngen = 0;
	char where[300];

	memset(d, 0, sizeof(*d));
	if (rl != NULL && !config_setting_is_list(rl) && !config_setting_is_array(rl)) {
		dfo_cfg_where(rl, where, sizeof(where));
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: relationships must be a list ( {...}, ... )", where);
		return -1;
	}
	if (gen != NULL && dfo_cfg_int(gen, "count", 0, 1000000, &ngen, e) < 0)
		return -1;
	d->rels = calloc((size_t)nrel + (size_t)ngen + 1, sizeof(*d->rels));
	if (d->rels == NULL)
		return -1;
	for (int i = 0; i < nrel; i++) {
		const config_setting_t *r = config_setting_get_elem(rl, (unsigned)i);

		if (!config_setting_is_group(r)) {
			dfo_cfg_where(r, where, sizeof(where));
			dfo_err_set(e, ERROR_INVALID_PARAMETER,
				    "%s: each relationship is a group { name = ...; }", where);
			return -1;
		}
		d->n++;
		if (parse_rel(r, &d->rels[i], e) < 0)
			return -1;
		for (int j = 0; j < i; j++) {
			if (strcmp(d->rels[j].name, d->rels[i].name) != 0)
				continue;
			dfo_cfg_where(r, where, sizeof(where));
			dfo_err_set(e, ERROR_DUP_NAME,
				    "%s: duplicate relationship name '%s'",
				    where, d->rels[i].name);
			return -1;
		}
	}
	if (gen != NULL) {
		d->n += (uint32_t)ngen;
		if (parse_generate(gen, d, (uint32_t)nrel, e) < 0)
			return -1;
	}
	return parse_fault(s, &d->fault, e);
}

static int sim_parse(const config_setting_t *s, void **out, struct dfo_err *e)
{
	struct sim_conf *c = calloc(1, sizeof(*c));
	const config_setting_t *g = config_setting_get_member(s, "sim");
	const char *df = NULL;
	int cap = 0;

	if (c == NULL)
		return -1;
	*out = c;
	if (g == NULL) /* an empty simulator is valid: zero relationships */
		return 0;
	static const char *const keys[] = { "relationships", "generate",
		"fault", "page-cap", "latency-ms", "data-file", NULL };
	dfo_cfg_check_keys(g, keys);
	if (dfo_cfg_int(g, "page-cap", 0, 1000000, &cap, e) < 0 ||
	    dfo_cfg_int(g, "latency-ms", 0, 600000, &c->latency_ms, e) < 0 ||
	    dfo_cfg_string(g, "data-file", &df, e) < 0)
		return -1;
	c->page_cap = (uint32_t)cap;
	if (df != NULL && (c->data_file = strdup(df)) == NULL)
		return -1;
	snprintf(c->address, sizeof(c->address), "sim:%s",
		 df ? df : "inline");
	return parse_data(g, &c->data, e);
}

static void sim_free_conf(void *p)
{
	struct sim_conf *c = p;

	if (c == NULL)
		return;
	sim_data_free(&c->data);
	free(c->data_file);
	free(c);
}

static void sim_describe(const void *p, char *buf, size_t len)
{
	const struct sim_conf *c = p;

	snprintf(buf, len, "%s", c->address[0] ? c->address : "sim:inline");
}

static int sim_open(const void *conf, void **session, struct dfo_err *e)
{
	struct sim_session *s = calloc(1, sizeof(*s));

	if (s == NULL) {
		dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
		return -1;
	}
	s->conf = conf;
	*session = s;
	return 0;
}

static void sim_close(void *p)
{
	struct sim_session *s = p;

	if (s == NULL)
		return;
	sim_data_free(&s->file);
	free(s);
}

/* Re-read the data file when it changed. A bad file fails the call and
 * keeps the previous contents for the next one. */
static unsigned sim_reload(struct sim_session *s, struct dfo_err *e)
{
	const char *path = s->conf->data_file;
	struct sim_data d;
	struct stat st;
	config_t cfg;

	if (stat(path, &st) != 0) {
		dfo_err_set(e, RPC_S_SERVER_UNAVAILABLE,
			    "sim data file %s: %s", path, strerror(errno));
		return RPC_S_SERVER_UNAVAILABLE;
	}
	if (s->have_file && st.st_ino == s->ino && st.st_size == s->size &&
	    st.st_mtim.tv_sec == s->mtime.tv_sec &&
	    st.st_mtim.tv_nsec == s->mtime.tv_nsec)
		return ERROR_SUCCESS;
	config_init(&cfg);
	if (config_read_file(&cfg, path) != CONFIG_TRUE) {
		dfo_err_set(e, ERROR_BAD_FORMAT, "%s:%d: %s",
			    config_error_file(&cfg) ? config_error_file(&cfg) : path,
			    config_error_line(&cfg), config_error_text(&cfg));
		config_destroy(&cfg);
		return ERROR_BAD_FORMAT;
	}
	if (parse_data(config_root_setting(&cfg), &d, e) < 0) {
		sim_data_free(&d);
		config_destroy(&cfg);
		if (e->code == 0)
			dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
		return e->code;
	}
	config_destroy(&cfg);
	sim_data_free(&s->file);
	s->file = d;
	s->have_file = 1;
	s->ino = st.st_ino;
	s->size = st.st_size;
	s->mtime = st.st_mtim;
	s->fails_done = 0;
	return ERROR_SUCCESS;
}

static void sim_sleep(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (ms > 0 && nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Misbehaviour on purpose: each knob breaks one promise of the contract. */
static unsigned sim_faulty_page(const struct sim_data *d, uint32_t *handle,
				uint32_t pmax, struct dfo_rel **array,
				uint32_t *read, uint32_t *total,
				struct dfo_err *e)
{
	const struct sim_fault *f = &d->fault;
	uint32_t h = *handle, n = d->n ? d->n : 1;
	unsigned st;

	if (f->null_array) {
		*array = NULL;
		*read = pmax;
		*total = d->n;
		*handle = h + pmax;
		return ERROR_MORE_DATA;
	}
	if (f->more_data_forever && d->n > 0) {
		uint32_t at = h % n;
		st = dfo_page_from_array(d->rels, d->n, &at, 1, array, read,
					 total, e);
		*handle = h + 1;
		*total = 1;
		return st == ERROR_NO_MORE_ITEMS ? st : ERROR_MORE_DATA;
	}
	st = dfo_page_from_array(d->rels, d->n, handle,
				 f->read_over_max ? pmax + 1 : pmax, array,
				 read, total, e);
	if (f->stuck_handle)
		*handle = h;
	if (f->lie_total && (st == ERROR_MORE_DATA || st == ERROR_SUCCESS)) {
		*total = *total + 1000;
		st = ERROR_MORE_DATA;
	}
	return st;
}

static unsigned sim_enum_page(void *p, uint32_t *handle, uint32_t pmax,
			      struct dfo_rel **array, uint32_t *read,
			      uint32_t *total, struct dfo_err *e)
{
	struct sim_session *s = p;
	const struct sim_data *d = &s->conf->data;
	const struct sim_fault *f;
	uint32_t cap = s->conf->page_cap;
	unsigned st;

	if (s->conf->data_file != NULL) {
		st = sim_reload(s, e);
		if (st != ERROR_SUCCESS)
			return st;
		d = &s->file;
	}
	f = &d->fault;
	sim_sleep(s->conf->latency_ms + f->latency_ms);
	if (f->fail_calls < 0 || s->fails_done < f->fail_calls) {
		s->fails_done++;
		dfo_err_set(e, f->fail_error,
			    "simulated failure (%s)", dfo_strerror(f->fail_error));
		return f->fail_error;
	}
	if (cap != 0 && pmax > cap)
		pmax = cap;
	if (f->more_data_forever || f->stuck_handle || f->read_over_max ||
	    f->null_array || f->lie_total)
		return sim_faulty_page(d, handle, pmax, array, read, total, e);
	return dfo_page_from_array(d->rels, d->n, handle, pmax, array, read,
				   total, e);
}

const struct dfo_backend_ops dfo_backend_sim = {
	.type = "sim",
	.mib_type = 1,
	.parse = sim_parse,
	.free_conf = sim_free_conf,
	.describe = sim_describe,
	.open = sim_open,
	.enum_page = sim_enum_page,
	.close = sim_close,
};
