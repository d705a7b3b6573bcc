/* sim_fixture.c: test backends from inline configuration text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_fixture.h"

struct fixture {
	struct dfo_backend b;
};

struct dfo_backend *fixture_backend(const char *text, struct dfo_err *e)
{
	struct fixture *f = calloc(1, sizeof(*f));
	const struct dfo_backend_ops *ops = dfo_backend_find("sim");
	config_t cfg;
	char *doc;
	int rc;

	if (f == NULL || asprintf(&doc, "server = { name = \"t\"; %s };", text) < 0)
		return NULL;
	config_init(&cfg);
	if (config_read_string(&cfg, doc) != CONFIG_TRUE) {
		dfo_err_set(e, ERROR_BAD_FORMAT, "line %d: %s",
			    config_error_line(&cfg), config_error_text(&cfg));
		rc = -1;
	} else {
		rc = ops->parse(config_lookup(&cfg, "server"), &f->b.conf, e);
	}
	config_destroy(&cfg);
	free(doc);
	f->b.ops = ops;
	if (rc != 0) {
		ops->free_conf(f->b.conf);
		free(f);
		return NULL;
	}
	return &f->b;
}

void fixture_free(struct dfo_backend *b)
{
	if (b == NULL)
		return;
	dfo_backend_close(b);
	b->ops->free_conf(b->conf);
	free(b);
}

char *fixture_rows(int n, int cap, const char *extra)
{
	size_t len = 256 + (size_t)n * 64 + strlen(extra ? extra : "");
	char *s = malloc(len), *p = s;

	p += sprintf(p, "sim = { page-cap = %d; %s relationships = (", cap,
		     extra ? extra : "");
	for (int i = 0; i < n; i++)
		p += sprintf(p, "%s{ name = \"r%03d\"; state = \"normal\"; }",
			     i ? "," : "", i + 1);
	sprintf(p, "); };");
	return s;
}
