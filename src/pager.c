/* pager.c: drives one enumeration pass (handle 0, then advance until
 * SUCCESS or NO_MORE_ITEMS) one page per step, and ends the pass with a
 * clear error when the backend breaks the contract: a handle that does not
 * advance, MORE_DATA forever, read > PreferredMaximum, rows with a NULL
 * array, totals that contradict each other, duplicate names, strings that
 * are not terminated within their bounds. */
#include <stdlib.h>
#include <string.h>

#include "pager.h"

#define PAGE_SLACK 16u

void dfo_pager_begin(struct dfo_pager *p, uint32_t preferred_max,
		     uint32_t max_pages)
{
	memset(p, 0, sizeof(*p));
	p->preferred_max = preferred_max ? preferred_max : 1;
	p->max_pages = max_pages ? max_pages : 1000000u;
	p->page_bound = p->max_pages;
	p->claimed = -1;
	p->state = DFO_PAGER_MORE;
}

static int fail(struct dfo_pager *p, unsigned code, const char *what,
		uint32_t a, uint32_t b)
{
	dfo_err_set(&p->err, code, what, a, b);
	p->state = DFO_PAGER_FAILED;
	return p->state;
}

static int bounded(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Scopes sorted and unique: they index dhcpfoRelScopeTable. */
static void normalize_scopes(struct dfo_rel *r)
{
	uint32_t n = 0;

	if (r->nscopes < 2)
		return;
	qsort(r->scopes, r->nscopes, sizeof(*r->scopes), u32_cmp);
	for (uint32_t i = 0; i < r->nscopes; i++)
		if (n == 0 || r->scopes[n - 1] != r->scopes[i])
			r->scopes[n++] = r->scopes[i];
	r->nscopes = n;
}

/* One row: every string terminated in bounds, printable, scopes sane. */
static int row_ok(struct dfo_rel *r)
{
	if (!bounded(r->name, sizeof(r->name)) || r->name[0] == '\0' ||
	    !bounded(r->primary_name, sizeof(r->primary_name)) ||
	    !bounded(r->secondary_name, sizeof(r->secondary_name)) ||
	    !bounded(r->raw_state, sizeof(r->raw_state)) ||
	    !bounded(r->partner_raw_state, sizeof(r->partner_raw_state)) ||
	    !bounded(r->error, sizeof(r->error)))
		return 0;
	if (r->nscopes > DFO_SCOPES_MAX || (r->nscopes > 0 && r->scopes == NULL))
		return 0;
	if (r->percentage > 100)
		return 0;
	dfo_sanitize(r->name, sizeof(r->name));
	dfo_sanitize(r->primary_name, sizeof(r->primary_name));
	dfo_sanitize(r->secondary_name, sizeof(r->secondary_name));
	dfo_sanitize(r->raw_state, sizeof(r->raw_state));
	dfo_sanitize(r->partner_raw_state, sizeof(r->partner_raw_state));
	dfo_sanitize(r->error, sizeof(r->error));
	normalize_scopes(r);
	return 1;
}

static int keep_rows(struct dfo_pager *p, struct dfo_rel *a, uint32_t n)
{
	if (n == 0)
		return 0;
	if (p->nrows + n > p->cap) {
		uint32_t cap = p->cap ? p->cap : 16;
		struct dfo_rel *nr;

		while (cap < p->nrows + n)
			cap *= 2;
		nr = realloc(p->rows, sizeof(*nr) * cap);
		if (nr == NULL)
			return -1;
		p->rows = nr;
		p->cap = cap;
	}
	memcpy(p->rows + p->nrows, a, sizeof(*a) * n);
	p->nrows += n;
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	const struct dfo_rel *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

/* Duplicate names within the pass: sort pointers, compare neighbours. */
static int check_unique(struct dfo_pager *p)
{
	const struct dfo_rel **v;
	int dup = 0;

	if (p->nrows < 2)
		return 0;
	v = malloc(sizeof(*v) * p->nrows);
	if (v == NULL)
		return fail(p, ERROR_NOT_ENOUGH_MEMORY, "out of memory", 0, 0);
	for (uint32_t i = 0; i < p->nrows; i++)
		v[i] = &p->rows[i];
	qsort(v, p->nrows, sizeof(*v), name_cmp);
	for (uint32_t i = 1; i < p->nrows && !dup; i++)
		if (strcmp(v[i - 1]->name, v[i]->name) == 0) {
			dfo_err_set(&p->err, ERROR_DUP_NAME,
				    "backend returned relationship '%s' twice in one pass",
				    v[i]->name);
			p->state = DFO_PAGER_FAILED;
			dup = 1;
		}
	free(v);
	return dup ? p->state : 0;
}

/* Contract checks that do not look at the rows themselves. */
static int check_page(struct dfo_pager *p, unsigned status,
		      uint32_t handle_after, const struct dfo_rel *array,
		      uint32_t read, uint32_t total)
{
	int64_t claim;

	if (read > p->preferred_max)
		return fail(p, ERROR_INVALID_DATA,
			    "backend returned %u rows for PreferredMaximum %u",
			    read, p->preferred_max);
	if (read > 0 && array == NULL)
		return fail(p, ERROR_INVALID_DATA,
			    "backend reported %u rows but returned no array",
			    read, 0);
	if (status == ERROR_NO_MORE_ITEMS && read > 0)
		return fail(p, ERROR_INVALID_DATA,
			    "backend returned %u rows with NO_MORE_ITEMS", read, 0);
	if (status == ERROR_MORE_DATA && read == 0)
		return fail(p, ERROR_INVALID_DATA,
			    "backend returned MORE_DATA with no rows (page %u)",
			    p->pages, 0);
	if (status == ERROR_MORE_DATA && handle_after == p->handle)
		return fail(p, ERROR_INVALID_DATA,
			    "resume handle did not advance (stuck at %u on page %u)",
			    p->handle, p->pages);
	if (status == ERROR_MORE_DATA && total == 0)
		return fail(p, ERROR_INVALID_DATA,
			    "backend returned MORE_DATA but says %u rows remain",
			    total, 0);
	if (status == ERROR_SUCCESS && total != 0)
		return fail(p, ERROR_INVALID_DATA,
			    "backend returned SUCCESS but says %u rows remain",
			    total, 0);
	claim = (int64_t)p->nrows + read + (status == ERROR_NO_MORE_ITEMS ? 0 : total);
	if (p->claimed >= 0) {
		int64_t d = claim - p->claimed, tol = p->claimed / 4 + 8;
		if (d > tol || d < -tol)
			return fail(p, ERROR_INVALID_DATA,
				    "totals contradict each other: the table had %u rows, now %u",
				    (uint32_t)p->claimed, (uint32_t)claim);
	} else {
		uint64_t pages = (uint64_t)(claim + p->preferred_max - 1) /
				 p->preferred_max;
		pages = pages * 2 + PAGE_SLACK;
		if (pages < p->page_bound)
			p->page_bound = (uint32_t)pages;
	}
	p->claimed = claim;
	return 0;
}

int dfo_pager_feed(struct dfo_pager *p, unsigned status, uint32_t handle_after,
		   struct dfo_rel *array, uint32_t read, uint32_t total,
		   const struct dfo_err *backend_err)
{
	if (p->state != DFO_PAGER_MORE) {
		dfo_rel_array_free(array, array ? read : 0);
		return p->state;
	}
	p->pages++;
	if (status != ERROR_SUCCESS && status != ERROR_MORE_DATA &&
	    status != ERROR_NO_MORE_ITEMS) {
		dfo_rel_array_free(array, array ? read : 0);
		p->err = *backend_err;
		if (p->err.code == 0)
			p->err.code = status;
		p->state = DFO_PAGER_FAILED;
		return p->state;
	}
	if (check_page(p, status, handle_after, array, read, total) != 0) {
		/* `read` is the backend's own count of the array it
		 * allocated, even when it breaks the contract */
		dfo_rel_array_free(array, array ? read : 0);
		return p->state;
	}
	for (uint32_t i = 0; i < read; i++)
		if (!row_ok(&array[i])) {
			dfo_rel_array_free(array, read);
			return fail(p, ERROR_INVALID_DATA,
				    "row %u of page %u is malformed (name empty or too long, string not terminated, or bad scopes)",
				    i + 1, p->pages);
		}
	if (keep_rows(p, array, read) != 0) {
		dfo_rel_array_free(array, read);
		return fail(p, ERROR_NOT_ENOUGH_MEMORY, "out of memory", 0, 0);
	}
	free(array); /* the rows' contents now belong to p->rows */
	if (status == ERROR_MORE_DATA) {
		p->handle = handle_after;
		if (p->pages >= p->page_bound)
			return fail(p, ERROR_INVALID_DATA,
				    "backend still returns MORE_DATA after %u pages (%u rows); giving up",
				    p->pages, p->nrows);
		return p->state;
	}
	if (status == ERROR_NO_MORE_ITEMS && p->claimed > (int64_t)p->nrows + 8 + p->nrows / 4)
		return fail(p, ERROR_INVALID_DATA,
			    "totals contradict each other: %u rows were announced, %u delivered",
			    (uint32_t)p->claimed, p->nrows);
	if (check_unique(p) != 0)
		return p->state;
	p->state = DFO_PAGER_DONE;
	return p->state;
}

int dfo_pager_step(struct dfo_pager *p, struct dfo_backend *b)
{
	struct dfo_rel *array = NULL;
	uint32_t read = 0, total = 0, h = p->handle;
	struct dfo_err e = { 0, "" };
	unsigned st;

	if (p->state != DFO_PAGER_MORE)
		return p->state;
	st = dfo_enum_relationships(b, &h, p->preferred_max, &array, &read,
				    &total, &e);
	return dfo_pager_feed(p, st, h, array, read, total, &e);
}

int dfo_pager_run(struct dfo_pager *p, struct dfo_backend *b)
{
	while (dfo_pager_step(p, b) == DFO_PAGER_MORE)
		;
	return p->state;
}

void dfo_pager_take(struct dfo_pager *p, struct dfo_rel **rows, uint32_t *n)
{
	*rows = p->rows;
	*n = p->nrows;
	p->rows = NULL;
	p->nrows = p->cap = 0;
}

void dfo_pager_free(struct dfo_pager *p)
{
	dfo_rel_array_free(p->rows, p->nrows);
	p->rows = NULL;
	p->nrows = p->cap = 0;
}
