/* fuzz_pager.c: what a backend hands the pager is untrusted too (a Kea
 * reply, an OMAPI answer, an MS-DHCPM NDR buffer all end up as pages).
 * The input scripts a backend: page after page of a status, a resume
 * handle, read/total counts and rows whose strings may be unterminated,
 * non-printable or empty, with scopes. Two passes are fed to the pager;
 * each finished pass becomes a snapshot (the second one against the
 * first, with its events). Checked: a pass ends within max-pages calls;
 * a finished pass has only non-empty, terminated, printable, unique names
 * and sorted unique scopes; snapshots are sorted by unique indexes; every
 * event points at a row; nothing leaks (LeakSanitizer). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "indexmap.h"
#include "pager.h"
#include "snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct in {
	const uint8_t *p;
	size_t n;
};

static unsigned byte(struct in *in)
{
	if (in->n == 0)
		return 0;
	in->n--;
	return *in->p++;
}

static uint32_t u32(struct in *in)
{
	uint32_t v = byte(in);

	v |= (uint32_t)byte(in) << 8;
	v |= (uint32_t)byte(in) << 16;
	return v | (uint32_t)byte(in) << 24;
}

/* A string field: a length byte; 0xff fills the whole field without a
 * terminator (the pager must notice), anything else copies that many
 * input bytes (NUL and control bytes included). */
static void str(struct in *in, char *dst, size_t cap)
{
	unsigned l = byte(in);

	if (l == 0xff) {
		memset(dst, 'A' + (int)(in->n % 26), cap);
		return;
	}
	if (l >= cap)
		l = (unsigned)cap - 1;
	for (unsigned i = 0; i < l; i++)
		dst[i] = (char)byte(in);
	dst[l] = '\0';
}

static void row(struct in *in, struct dfo_rel *r)
{
	unsigned f = byte(in);

	dfo_rel_init(r);
	str(in, r->name, sizeof(r->name));
	if (f & 1)
		str(in, r->primary_name, sizeof(r->primary_name));
	if (f & 2)
		str(in, r->secondary_name, sizeof(r->secondary_name));
	if (f & 4)
		str(in, r->raw_state, sizeof(r->raw_state));
	if (f & 8)
		str(in, r->partner_raw_state, sizeof(r->partner_raw_state));
	if (f & 16)
		str(in, r->error, sizeof(r->error));
	r->state = (int)(byte(in) % 30);
	r->percentage = (int8_t)byte(in);
	if (f & 32) {
		r->nscopes = byte(in) % 9;
		r->scopes = r->nscopes ? calloc(r->nscopes, sizeof(*r->scopes)) : NULL;
		if (r->scopes == NULL)
			r->nscopes = 0;
		for (uint32_t i = 0; i < r->nscopes; i++)
			r->scopes[i] = byte(in) % 4; /* duplicates likely */
	}
	if (f & 64) { /* a count with no scope array (the pager checks) */
		free(r->scopes);
		r->scopes = NULL;
		r->nscopes = byte(in) | 1u;
	}
	/* (a count larger than the array a backend allocated is that
	 * backend's own memory bug: no pager can see it) */
}

static int printable(const char *s, size_t cap)
{
	const char *end = memchr(s, '\0', cap);

	if (end == NULL)
		return 0;
	for (; s < end; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

static void check_rows(const struct dfo_rel *rows, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		const struct dfo_rel *r = &rows[i];

		if (r->name[0] == '\0' || !printable(r->name, sizeof(r->name)) ||
		    !printable(r->primary_name, sizeof(r->primary_name)) ||
		    !printable(r->secondary_name, sizeof(r->secondary_name)) ||
		    !printable(r->raw_state, sizeof(r->raw_state)) ||
		    !printable(r->partner_raw_state, sizeof(r->partner_raw_state)) ||
		    !printable(r->error, sizeof(r->error)))
			abort(); /* a string reached a snapshot unchecked */
		if (r->nscopes > DFO_SCOPES_MAX || (r->nscopes && r->scopes == NULL))
			abort();
		for (uint32_t k = 1; k < r->nscopes; k++)
			if (r->scopes[k - 1] >= r->scopes[k])
				abort(); /* scopes index a table: sorted, unique */
		for (uint32_t j = 0; j < i; j++)
			if (strcmp(rows[j].name, r->name) == 0)
				abort(); /* duplicate name in one pass */
	}
}

struct evcount {
	const struct dfo_snapshot *old;
	unsigned n;
};

static int in_snap(const struct dfo_snapshot *s, const struct dfo_snaprow *r)
{
	return s != NULL && r >= s->rows && r < s->rows + s->n;
}

static void on_event(const struct dfo_event *e, void *arg)
{
	struct evcount *c = arg;

	/* a removed row is one of the old snapshot; the others are rows of
	 * the one being built, with an index and a checked name */
	if (e->kind == DFO_EV_REMOVED ? !in_snap(c->old, e->row) :
	    in_snap(c->old, e->row) || e->row->index == 0 ||
	    !printable(e->row->rel.name, sizeof(e->row->rel.name)))
		abort();
	if (e->kind == DFO_EV_STATE && e->old_state == e->row->rel.state)
		abort(); /* a state change that is not one */
	c->n++;
}

/* One pass; returns the snapshot built from it (or NULL if it failed). */
static struct dfo_snapshot *pass(struct in *in, struct dfo_indexmap *map,
				 const struct dfo_snapshot *old)
{
	struct dfo_pager p;
	uint32_t pmax = 1 + byte(in) % 8, maxp = 1 + byte(in) % 64, calls = 0;
	struct dfo_snap_clock clk = { 1000, 100 };
	struct evcount ec = { old, 0 };
	struct dfo_snapshot *s;
	struct dfo_rel *rows;
	uint32_t n;

	dfo_pager_begin(&p, pmax, maxp);
	while (p.state == DFO_PAGER_MORE) {
		static const unsigned codes[] = { ERROR_SUCCESS, ERROR_MORE_DATA,
			ERROR_MORE_DATA, ERROR_NO_MORE_ITEMS, RPC_S_SERVER_UNAVAILABLE };
		unsigned c = byte(in), status = codes[c % 5];
		uint32_t read = byte(in) % (pmax + 3), total = byte(in) % 64;
		uint32_t h = c & 0x80 ? u32(in) : p.handle + (c >> 3) % 4;
		struct dfo_rel *a = NULL;
		struct dfo_err e = { 1722, "simulated" };

		if (in->n == 0) /* out of script: the backend says it is done */
			status = ERROR_NO_MORE_ITEMS, read = 0, total = 0;
		if (read > 0 && !(c & 0x40)) {
			a = calloc(read, sizeof(*a));
			if (a == NULL)
				abort();
			for (uint32_t i = 0; i < read; i++)
				row(in, &a[i]);
		}
		dfo_pager_feed(&p, status, h, a, read, total, &e);
		if (++calls > maxp)
			abort(); /* the pager let a pass run past max-pages */
	}
	if (p.state != DFO_PAGER_DONE) {
		if (p.err.code == 0 || memchr(p.err.text, '\0', sizeof(p.err.text)) == NULL)
			abort(); /* a failed pass says why */
		dfo_pager_free(&p);
		return NULL;
	}
	dfo_pager_take(&p, &rows, &n);
	check_rows(rows, n);
	dfo_pager_free(&p);
	s = dfo_snapshot_build(rows, n, map, 1, old, &clk, NULL, NULL);
	if (s == NULL)
		abort();
	for (uint32_t i = 1; i < s->n; i++)
		if (s->rows[i - 1].index >= s->rows[i].index)
			abort(); /* snapshot rows: sorted, unique indexes */
	if (old != NULL) {
		/* the events between old and this one, on a second build */
		struct dfo_rel *copy = calloc((size_t)s->n + 1, sizeof(*copy));
		struct dfo_snapshot *s2;

		if (copy == NULL)
			abort();
		for (uint32_t i = 0; i < s->n; i++)
			if (dfo_rel_copy(&copy[i], &s->rows[i].rel) != ERROR_SUCCESS)
				abort();
		s2 = dfo_snapshot_build(copy, s->n, map, 1, old, &clk, on_event, &ec);
		if (s2 == NULL || s2->n != s->n)
			abort();
		dfo_snapshot_free(s2);
	}
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	struct dfo_err e;
	struct dfo_indexmap *map = dfo_indexmap_open(NULL, &e);
	struct dfo_snapshot *a, *b;

	if (map == NULL)
		return 0;
	a = pass(&in, map, NULL);
	b = pass(&in, map, a);
	dfo_snapshot_free(b);
	dfo_snapshot_free(a);
	dfo_indexmap_free(map);
	return 0;
}
