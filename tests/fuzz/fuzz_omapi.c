/* fuzz_omapi.c: the OMAPI message decoder on arbitrary bytes; a decoded
 * message must re-encode within bounds. */
#include <stdint.h>
#include <stdlib.h>

#include "omapi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct omapi_msg m;
	uint32_t ver, hs;
	size_t used = 0;
	char err[128];
	uint8_t out[OMAPI_MAX_MSG + 512];

	omapi_decode_startup(data, size, &ver, &hs, err, sizeof(err));
	omapi_msg_init(&m);
	if (omapi_decode(data, size, OMAPI_HEADER_SIZE, &m, &used, err, sizeof(err)) == OMAPI_DEC_OK) {
		if (used > size)
			abort();
		omapi_encode(&m, 0, out, sizeof(out));
		omapi_msg_free(&m);
	}
	return 0;
}
