/* snapshot.c: turns a finished pass into the next snapshot. Indexes come
 * from the persisted index map; state history (previous state, since,
 * change counter) is carried from the previous snapshot, and every
 * difference is reported as an event for notifications. */
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"

static int by_index(const void *a, const void *b)
{
	const struct dfo_snaprow *x = a, *y = b;

	return x->index < y->index ? -1 : x->index > y->index;
}

const struct dfo_snaprow *dfo_snapshot_find(const struct dfo_snapshot *s,
					    uint32_t index)
{
	uint32_t lo = 0, hi;

	if (s == NULL)
		return NULL;
	hi = s->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (s->rows[mid].index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n && s->rows[lo].index == index ? &s->rows[lo] : NULL;
}

/* History of one row against its previous self (NULL: first sight). */
static void carry(struct dfo_snaprow *r, const struct dfo_snaprow *o,
		  const struct dfo_snap_clock *clk)
{
	r->confirmed = clk->now;
	if (o == NULL) {
		r->state_since = clk->now;
		r->state_since_ticks = clk->ticks;
		return;
	}
	r->state_changes = o->state_changes;
	r->suppressed = o->suppressed;
	r->last_notified = o->last_notified;
	if (r->rel.state == o->rel.state) {
		r->state_since = o->state_since;
		r->state_since_ticks = o->state_since_ticks;
		if (r->rel.prev_state == DFO_ST_NONE)
			r->rel.prev_state = o->rel.prev_state;
		return;
	}
	r->state_changes++;
	r->state_since = clk->now;
	r->state_since_ticks = clk->ticks;
	if (r->rel.prev_state == DFO_ST_NONE)
		r->rel.prev_state = o->rel.state;
}

static void removed_events(const struct dfo_snapshot *old,
			   const struct dfo_snapshot *s,
			   void (*ev)(const struct dfo_event *, void *),
			   void *arg)
{
	for (uint32_t i = 0; i < old->n; i++) {
		struct dfo_event e = { DFO_EV_REMOVED, &old->rows[i], 0 };
		if (dfo_snapshot_find(s, old->rows[i].index) == NULL)
			ev(&e, arg);
	}
}

struct dfo_snapshot *dfo_snapshot_build(struct dfo_rel *rows, uint32_t n,
					struct dfo_indexmap *map, uint32_t sidx,
					const struct dfo_snapshot *old,
					const struct dfo_snap_clock *clk,
					void (*ev)(const struct dfo_event *, void *),
					void *arg)
{
	struct dfo_snapshot *s = calloc(1, sizeof(*s));

	if (s == NULL || (s->rows = calloc((size_t)n + 1, sizeof(*s->rows))) == NULL) {
		free(s);
		dfo_rel_array_free(rows, n);
		return NULL;
	}
	s->taken = clk->now;
	for (uint32_t i = 0; i < n; i++) {
		struct dfo_snaprow *r = &s->rows[s->n];

		r->rel = rows[i];
		r->index = dfo_indexmap_rel(map, sidx, r->rel.name);
		if (r->index == 0) { /* no memory for the map: drop the row */
			dfo_rel_free_contents(&r->rel);
			continue;
		}
		s->n++;
	}
	free(rows);
	qsort(s->rows, s->n, sizeof(*s->rows), by_index);
	for (uint32_t i = 0; i < s->n; i++) {
		struct dfo_snaprow *r = &s->rows[i];
		const struct dfo_snaprow *o = dfo_snapshot_find(old, r->index);
		struct dfo_event e = { DFO_EV_ADDED, r, 0 };

		carry(r, o, clk);
		if (ev == NULL || old == NULL)
			continue;
		if (o == NULL) {
			ev(&e, arg);
		} else if (o->rel.state != r->rel.state) {
			e.kind = DFO_EV_STATE;
			e.old_state = o->rel.state;
			ev(&e, arg);
		}
	}
	if (ev != NULL && old != NULL)
		removed_events(old, s, ev, arg);
	return s;
}

void dfo_snapshot_free(struct dfo_snapshot *s)
{
	if (s == NULL)
		return;
	for (uint32_t i = 0; i < s->n; i++)
		dfo_rel_free_contents(&s->rows[i].rel);
	free(s->rows);
	free(s);
}

int dfo_snaprow_make(struct dfo_snaprow *r, const struct dfo_rel *rel,
		     uint32_t index, const struct dfo_snapshot *old,
		     const struct dfo_snap_clock *clk)
{
	memset(r, 0, sizeof(*r));
	if (dfo_rel_copy(&r->rel, rel) != ERROR_SUCCESS)
		return -1;
	r->index = index;
	carry(r, dfo_snapshot_find(old, index), clk);
	return 0;
}
