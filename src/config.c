/* config.c: loads dhcpfo.conf with libconfig. Every error names the file
 * and line; the caller keeps its running config when loading fails. */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"

static const char *const top_keys[] = { "agent", "defaults", "servers", NULL };
static const char *const agent_keys[] = { "agentx-socket", "ping-interval",
	"state-dir", "log", "log-level", "listen", "access-file", "user",
	"group", "notify-queue", NULL };
#define SERVER_TUNABLES "poll-interval", "page-size", "timeout", "max-pages", \
	"unreachable-after", "expiry", "fresh-for", "budget-ms", "hold-down"
static const char *const default_keys[] = { SERVER_TUNABLES, NULL };

static int parse_level(const config_setting_t *g, int *out, struct dfo_err *e)
{
	static const char *const names[] = { "error", "warning", "notice",
		"info", "debug", NULL };
	static const int levels[] = { LOG_ERR, LOG_WARNING, LOG_NOTICE,
		LOG_INFO, LOG_DEBUG };
	const char *s;
	char where[300];
	int rc = dfo_cfg_string(g, "log-level", &s, e);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	for (int i = 0; names[i]; i++)
		if (strcmp(names[i], s) == 0) {
			*out = levels[i];
			return 0;
		}
	dfo_cfg_where(config_setting_get_member(g, "log-level"), where, sizeof(where));
	dfo_err_set(e, ERROR_INVALID_PARAMETER,
		    "%s: log-level must be error, warning, notice, info or debug",
		    where);
	return -1;
}

static int parse_agent(const config_setting_t *g, struct dfo_config *c,
		       struct dfo_err *e)
{
	char where[300];

	if (g == NULL)
		return 0;
	dfo_cfg_check_keys(g, agent_keys);
	if (dfo_cfg_copy(g, "agentx-socket", c->agentx_socket, sizeof(c->agentx_socket), e) ||
	    dfo_cfg_int(g, "ping-interval", 0, 3600, &c->ping_interval, e) < 0 ||
	    dfo_cfg_copy(g, "state-dir", c->state_dir, sizeof(c->state_dir), e) ||
	    dfo_cfg_copy(g, "log", c->log_target, sizeof(c->log_target), e) ||
	    parse_level(g, &c->log_level, e) ||
	    dfo_cfg_copy(g, "listen", c->listen, sizeof(c->listen), e) ||
	    dfo_cfg_copy(g, "access-file", c->access_file, sizeof(c->access_file), e) ||
	    dfo_cfg_copy(g, "user", c->user, sizeof(c->user), e) ||
	    dfo_cfg_copy(g, "group", c->group, sizeof(c->group), e) ||
	    dfo_cfg_int(g, "notify-queue", 0, 100000, &c->notify_queue, e) < 0)
		return -1;
	if (strcmp(c->log_target, "stderr") != 0 &&
	    strcmp(c->log_target, "syslog") != 0) {
		dfo_cfg_where(config_setting_get_member(g, "log"), where, sizeof(where));
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: log must be \"stderr\" or \"syslog\"", where);
		return -1;
	}
	return 0;
}

/* The tunables a server inherits from `defaults` and may override. */
static int parse_tunables(const config_setting_t *g, struct dfo_server_conf *s,
			  struct dfo_err *e)
{
	if (g == NULL)
		return 0;
	if (dfo_cfg_int(g, "poll-interval", 1, 86400, &s->poll_interval, e) < 0 ||
	    dfo_cfg_int(g, "page-size", 1, 1000000, &s->page_size, e) < 0 ||
	    dfo_cfg_int(g, "timeout", 1, 3600, &s->timeout, e) < 0 ||
	    dfo_cfg_int(g, "max-pages", 1, 10000000, &s->max_pages, e) < 0 ||
	    dfo_cfg_int(g, "unreachable-after", 1, 1000, &s->unreachable_after, e) < 0 ||
	    dfo_cfg_int(g, "expiry", 0, 100000000, &s->expiry, e) < 0 ||
	    dfo_cfg_int(g, "fresh-for", 0, 86400, &s->fresh_for, e) < 0 ||
	    dfo_cfg_int(g, "budget-ms", 10, 900, &s->budget_ms, e) < 0 ||
	    dfo_cfg_int(g, "hold-down", 0, 86400, &s->hold_down, e) < 0)
		return -1;
	return 0;
}

static int parse_server(const config_setting_t *g, const struct dfo_server_conf *dflt,
			struct dfo_server_conf *s, struct dfo_err *e)
{
	static const char *const keys[] = { "name", "type", "sim", "kea",
		"dhcpd", "windows", SERVER_TUNABLES, NULL };
	const char *type = NULL;
	char where[300];

	*s = *dflt;
	dfo_cfg_where(g, s->where, sizeof(s->where));
	if (!config_setting_is_group(g)) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: each server is a group { name = ...; type = ...; }",
			    s->where);
		return -1;
	}
	dfo_cfg_check_keys(g, keys);
	if (dfo_cfg_copy(g, "name", s->name, sizeof(s->name), e) < 0)
		return -1;
	if (s->name[0] == '\0') {
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: server needs a non-empty name", s->where);
		return -1;
	}
	if (dfo_cfg_string(g, "type", &type, e) < 0)
		return -1;
	if (type == NULL)
		type = "sim";
	s->ops = dfo_backend_find(type);
	if (s->ops == NULL) {
		dfo_cfg_where(config_setting_get_member(g, "type"), where, sizeof(where));
		dfo_err_set(e, ERROR_NOT_SUPPORTED,
			    "%s: unknown backend type '%s' (this build has: %s)",
			    where, type, dfo_backend_types());
		return -1;
	}
	if (parse_tunables(g, s, e) < 0)
		return -1;
	return s->ops->parse(g, &s->bconf, e);
}

static int parse_servers(const config_setting_t *l, struct dfo_config *c,
			 const struct dfo_server_conf *dflt, struct dfo_err *e)
{
	char where[300];
	int n;

	if (l == NULL)
		return 0;
	dfo_cfg_where(l, where, sizeof(where));
	if (!config_setting_is_list(l)) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: servers must be a list ( {...}, ... )", where);
		return -1;
	}
	n = config_setting_length(l);
	c->servers = calloc((size_t)n + 1, sizeof(*c->servers));
	if (c->servers == NULL)
		return -1;
	for (int i = 0; i < n; i++) {
		struct dfo_server_conf *s = &c->servers[i];

		c->nservers = i + 1;
		if (parse_server(config_setting_get_elem(l, (unsigned)i), dflt, s, e) < 0)
			return -1;
		for (int j = 0; j < i; j++)
			if (strcmp(c->servers[j].name, s->name) == 0) {
				dfo_err_set(e, ERROR_DUP_NAME,
					    "%s: duplicate server name '%s' (first at %s)",
					    s->where, s->name, c->servers[j].where);
				return -1;
			}
	}
	return 0;
}

static void set_defaults(struct dfo_config *c, struct dfo_server_conf *d)
{
	snprintf(c->state_dir, sizeof(c->state_dir), "/var/lib/dhcpfo");
	snprintf(c->log_target, sizeof(c->log_target), "stderr");
	c->log_level = LOG_INFO;
	c->ping_interval = 5;
	c->notify_queue = 1000;
	memset(d, 0, sizeof(*d));
	d->poll_interval = 30;
	d->page_size = 100;
	d->timeout = 10;
	d->max_pages = 100000;
	d->unreachable_after = 3;
	d->expiry = 0;
	d->fresh_for = -1;
	d->budget_ms = 300;
	d->hold_down = 0;
}

int dfo_config_load(const char *path, struct dfo_config **out,
		    struct dfo_err *e)
{
	struct dfo_config *c = calloc(1, sizeof(*c));
	struct dfo_server_conf dflt;
	const config_setting_t *root, *d;
	config_t cfg;
	int rc = -1;

	if (c == NULL || (c->path = strdup(path)) == NULL) {
		free(c);
		dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
		return -1;
	}
	set_defaults(c, &dflt);
	dfo_err_clear(e);
	config_init(&cfg);
	{ /* @include "x" is relative to the config file's directory */
		char dir[4096];
		snprintf(dir, sizeof(dir), "%s", path);
		config_set_include_dir(&cfg, dirname(dir));
	}
	if (config_read_file(&cfg, path) != CONFIG_TRUE) {
		if (config_error_type(&cfg) == CONFIG_ERR_FILE_IO)
			dfo_err_set(e, ERROR_BAD_FORMAT, "%s: cannot read file", path);
		else
			dfo_err_set(e, ERROR_BAD_FORMAT, "%s:%d: %s",
				    config_error_file(&cfg) ? config_error_file(&cfg) : path,
				    config_error_line(&cfg), config_error_text(&cfg));
		goto out;
	}
	root = config_root_setting(&cfg);
	dfo_cfg_check_keys(root, top_keys);
	d = config_setting_get_member(root, "defaults");
	if (d != NULL)
		dfo_cfg_check_keys(d, default_keys);
	if (parse_agent(config_setting_get_member(root, "agent"), c, e) < 0 ||
	    parse_tunables(d, &dflt, e) < 0 ||
	    parse_servers(config_setting_get_member(root, "servers"), c, &dflt, e) < 0)
		goto out;
	rc = 0;
out:
	config_destroy(&cfg);
	if (rc == 0) {
		*out = c;
	} else {
		if (e->code == 0)
			dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "%s: out of memory", path);
		dfo_config_free(c);
	}
	return rc;
}

void dfo_config_free(struct dfo_config *c)
{
	if (c == NULL)
		return;
	for (int i = 0; i < c->nservers; i++)
		if (c->servers[i].ops != NULL && c->servers[i].bconf != NULL)
			c->servers[i].ops->free_conf(c->servers[i].bconf);
	free(c->servers);
	free(c->path);
	free(c);
}

const struct dfo_server_conf *dfo_config_server(const struct dfo_config *c,
						const char *name)
{
	for (int i = 0; i < c->nservers; i++)
		if (strcmp(c->servers[i].name, name) == 0)
			return &c->servers[i];
	return NULL;
}
