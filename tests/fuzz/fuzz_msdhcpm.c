/* fuzz_msdhcpm.c: the MS-DHCPM opnum 93 response decoder, the one parser
 * that takes bytes straight off the network from a Windows server. Any
 * buffer must decode or be refused with a code and a terminated message;
 * a decoded page has exactly NumElements rows with terminated, non-empty
 * names and at most DFO_SCOPES_MAX scopes; nothing leaks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "msdhcpm_ndr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1);
	struct msdhcpm_enum_out o;
	struct dfo_err e = { 0, "" };

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	if (msdhcpm_decode_enum_resp(buf, size, &o, &e) != ERROR_SUCCESS) {
		if (e.code == 0 || memchr(e.text, '\0', sizeof(e.text)) == NULL)
			abort(); /* a refusal says why */
		free(buf);
		return 0;
	}
	if (o.num_elements > MSDHCPM_MAX_ELEMENTS ||
	    (o.num_elements > 0 && o.rels == NULL))
		abort();
	for (uint32_t i = 0; i < o.num_elements; i++) {
		const struct dfo_rel *r = &o.rels[i];

		if (memchr(r->name, '\0', sizeof(r->name)) == NULL ||
		    r->name[0] == '\0' ||
		    memchr(r->primary_name, '\0', sizeof(r->primary_name)) == NULL ||
		    memchr(r->secondary_name, '\0', sizeof(r->secondary_name)) == NULL ||
		    r->nscopes > DFO_SCOPES_MAX || (r->nscopes && r->scopes == NULL))
			abort();
	}
	msdhcpm_enum_out_free(&o);
	free(buf);
	return 0;
}
