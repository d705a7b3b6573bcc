/* snapshot.h: an immutable, index-sorted set of one server's rows with
 * their state history, built from a finished pass against the previous
 * snapshot. The SNMP handlers read only snapshots. */
#ifndef DHCPFO_SNAPSHOT_H
#define DHCPFO_SNAPSHOT_H

#include <stdint.h>
#include <time.h>
#include "indexmap.h"
#include "model.h"

struct dfo_snaprow {
	uint32_t index;              /* relIndex, stable */
	struct dfo_rel rel;
	uint32_t state_since_ticks;  /* agent uptime (1/100 s) at the change */
	time_t state_since;          /* wall clock of the change */
	uint32_t state_changes;
	uint32_t suppressed;         /* notifications held down */
	time_t last_notified;        /* of a state change, for hold-down */
	time_t confirmed;            /* last time the backend reported it */
};

struct dfo_snapshot {
	uint32_t n;
	struct dfo_snaprow *rows;    /* sorted by index */
	time_t taken;
};

enum dfo_event_kind { DFO_EV_STATE, DFO_EV_ADDED, DFO_EV_REMOVED };

/* A difference between two snapshots. For REMOVED, row points into the
 * old snapshot; otherwise into the new one. */
struct dfo_event {
	enum dfo_event_kind kind;
	struct dfo_snaprow *row;
	int old_state;
};

struct dfo_snap_clock {
	time_t now;
	uint32_t ticks;
};

/* Builds the snapshot of `rows` (taken over: the caller loses them) for
 * server `sidx`, carrying history over from `old` (may be NULL). Events
 * go to `ev` (may be NULL) unless `old` is NULL: the first poll is not a
 * change. Returns NULL on no memory (rows are freed). */
struct dfo_snapshot *dfo_snapshot_build(struct dfo_rel *rows, uint32_t n,
					struct dfo_indexmap *map, uint32_t sidx,
					const struct dfo_snapshot *old,
					const struct dfo_snap_clock *clk,
					void (*ev)(const struct dfo_event *, void *),
					void *arg);
void dfo_snapshot_free(struct dfo_snapshot *s);
/* A row confirmed by a pass still in progress: a deep copy of `rel` with
 * its index and history carried from `old`. 0, or -1 on no memory. */
int dfo_snaprow_make(struct dfo_snaprow *r, const struct dfo_rel *rel,
		     uint32_t index, const struct dfo_snapshot *old,
		     const struct dfo_snap_clock *clk);
/* Binary search by relIndex; NULL if absent. */
const struct dfo_snaprow *dfo_snapshot_find(const struct dfo_snapshot *s,
					    uint32_t index);

#endif
