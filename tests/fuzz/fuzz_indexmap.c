/* fuzz_indexmap.c: the persisted index map parser on arbitrary bytes; a
 * map that parses must keep handing out fresh, higher indexes. */
#include <stdint.h>
#include <stdlib.h>

#include "indexmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dfo_err e;
	struct dfo_indexmap *m = dfo_indexmap_open(NULL, &e);

	if (m == NULL)
		return 0;
	if (dfo_indexmap_parse(m, (const char *)data, size, &e) == 0) {
		uint32_t s = dfo_indexmap_server(m, "fuzz-server");
		uint32_t a = s ? dfo_indexmap_rel(m, s, "fuzz-a") : 0;
		uint32_t b = s ? dfo_indexmap_rel(m, s, "fuzz-b") : 0;
		if (a != 0 && b != 0 && a == b)
			abort(); /* two names, one index */
	}
	dfo_indexmap_free(m);
	return 0;
}
