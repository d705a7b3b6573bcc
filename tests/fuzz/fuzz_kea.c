/* fuzz_kea.c: Kea status-get / config-get mapping on arbitrary bytes (the
 * input is split at the first NUL into a status and a config reply). */
#include <stdint.h>
#include <string.h>

#include "kea_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *nul = memchr(data, 0, size);
	size_t slen = nul ? (size_t)(nul - s) : size;
	struct dfo_rel *rows;
	uint32_t n;
	struct dfo_err e;

	if (dfo_kea_map(s, slen, nul ? nul + 1 : NULL, nul ? size - slen - 1 : 0,
			&rows, &n, &e) == 0)
		dfo_rel_array_free(rows, n);
	return 0;
}
