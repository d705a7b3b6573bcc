/* sim_fixture.h: build a backend from an inline libconfig server entry. */
#ifndef DFO_SIM_FIXTURE_H
#define DFO_SIM_FIXTURE_H

#include "backend.h"

/* Parses `text` (one server group's body, e.g. "type=\"sim\"; sim={...};")
 * and returns an opened backend, or NULL with e set. */
struct dfo_backend *fixture_backend(const char *text, struct dfo_err *e);
void fixture_free(struct dfo_backend *b);
/* "sim = { relationships = ( n rows named r001.. ); page-cap = cap; }" */
char *fixture_rows(int n, int cap, const char *extra);

#endif
