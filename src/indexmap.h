/* indexmap.h: the persisted map (server name) -> serverIndex and
 * (server, relationship name) -> relIndex that keeps table indexes stable
 * across restarts, reloads and deletions. Main thread only. */
#ifndef DHCPFO_INDEXMAP_H
#define DHCPFO_INDEXMAP_H

#include <stdint.h>
#include "backend.h"

struct dfo_indexmap;

/* Loads `path` (NULL: in memory only). A missing file is an empty map. A
 * corrupt or unreadable one is renamed to PATH.corrupt-TIMESTAMP, reported
 * in `warn` (code != 0) and replaced by an empty map. NULL on no memory. */
struct dfo_indexmap *dfo_indexmap_open(const char *path, struct dfo_err *warn);
void dfo_indexmap_free(struct dfo_indexmap *m);

/* Index of a server / relationship, assigned on first sight: always one
 * above every index the map remembers for that scope. 0 on no memory. */
uint32_t dfo_indexmap_server(struct dfo_indexmap *m, const char *server);
uint32_t dfo_indexmap_rel(struct dfo_indexmap *m, uint32_t server_index,
			  const char *rel);
/* Lookup without assigning: 0 if unknown. */
uint32_t dfo_indexmap_find_rel(const struct dfo_indexmap *m,
			       uint32_t server_index, const char *rel);

/* Writes the map if it changed: temp file, fsync, rename, fsync dir.
 * Returns 0, or -1 with `e` set (the map stays dirty: retried later). */
int dfo_indexmap_save(struct dfo_indexmap *m, struct dfo_err *e);
int dfo_indexmap_dirty(const struct dfo_indexmap *m);

/* Parse a map from memory (the fuzz target and the loader use it). */
int dfo_indexmap_parse(struct dfo_indexmap *m, const char *buf, size_t len,
		       struct dfo_err *e);

#endif
