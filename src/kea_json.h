/* kea_json.h: Kea's status-get and config-get replies (untrusted JSON)
 * mapped to relationship rows. Pure functions: no I/O. */
#ifndef DHCPFO_KEA_JSON_H
#define DHCPFO_KEA_JSON_H

#include "backend.h"

#define DFO_KEA_MAX_RELS 1000

/* Maps a status-get reply (a bare answer object from the control socket,
 * or the control agent's one-element array) to rows. `config` is the
 * config-get reply or NULL: it supplies the peers' names and addresses.
 * Returns 0 and a calloc'd array (maybe empty), or -1 with e set. */
int dfo_kea_map(const char *status, size_t slen, const char *config,
		size_t clen, struct dfo_rel **rows, uint32_t *n,
		struct dfo_err *e);

/* Kea HA state text -> DhcpfoFailoverState. */
int dfo_kea_state(const char *s);

#endif
