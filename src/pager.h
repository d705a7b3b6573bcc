/* pager.h: one full enumeration pass as an incremental state machine.
 * The pager distrusts the backend: every page is checked against the
 * contract before its rows are kept. */
#ifndef DHCPFO_PAGER_H
#define DHCPFO_PAGER_H

#include "backend.h"

enum dfo_pager_step { DFO_PAGER_MORE, DFO_PAGER_DONE, DFO_PAGER_FAILED };

struct dfo_pager {
	uint32_t preferred_max;
	uint32_t max_pages;     /* absolute bound on pages in one pass */
	uint32_t page_bound;    /* bound derived from the first page */
	uint32_t handle;        /* resume handle for the next call */
	uint32_t pages;         /* calls made so far */
	struct dfo_rel *rows;   /* rows so far, in backend order */
	uint32_t nrows, cap;
	int64_t claimed;        /* rows the backend says the table has */
	int state;              /* enum dfo_pager_step */
	struct dfo_err err;     /* why it failed */
};

void dfo_pager_begin(struct dfo_pager *p, uint32_t preferred_max,
		     uint32_t max_pages);
/* Feed the result of one call made with p->handle; takes `array`. */
int dfo_pager_feed(struct dfo_pager *p, unsigned status, uint32_t handle_after,
		   struct dfo_rel *array, uint32_t read, uint32_t total,
		   const struct dfo_err *backend_err);
/* One backend call and its feed. */
int dfo_pager_step(struct dfo_pager *p, struct dfo_backend *b);
/* Steps until DONE or FAILED. */
int dfo_pager_run(struct dfo_pager *p, struct dfo_backend *b);
/* Hands the rows over (DONE only); the pager is left empty. */
void dfo_pager_take(struct dfo_pager *p, struct dfo_rel **rows, uint32_t *n);
void dfo_pager_free(struct dfo_pager *p);

#endif
