/* msdhcpm_ndr.h: NDR (transfer syntax NDR 2.0, little-endian) encoding of
 * the request and decoding of the response of MS-DHCPM
 * R_DhcpV4FailoverEnumRelationship (interface dhcpsrv2, opnum 93), plus the
 * MS-DHCPM / RPC error numbers the windows backend reports.
 *
 * Wire layout (MIDL rules; enums without [v1_enum] travel as enum16):
 *
 *   request:  [unique,string] wchar_t *ServerIpAddress
 *             DWORD ResumeHandle, DWORD PreferredMaximum
 *   response: DWORD ResumeHandle
 *             [unique] DHCP_FAILOVER_RELATIONSHIP_ARRAY *  (inline referent)
 *                 DWORD NumElements; [unique,size_is] pRelationships
 *                 -> conformant array of 48-byte fixed parts, then per
 *                    element the deferred referents in order: name,
 *                    primary name, secondary name, DHCP_IP_ARRAY (+ its
 *                    Elements right after it), SharedSecret
 *             DWORD RelationshipRead, DWORD RelationshipTotal
 *             DWORD return value
 *
 * The decoder treats the buffer as hostile: every count, offset and
 * conformance is checked against the bytes that remain. SharedSecret is
 * parsed only to step over it: its bytes are wiped in the caller's buffer
 * and never copied. */
#ifndef DHCPFO_MSDHCPM_NDR_H
#define DHCPFO_MSDHCPM_NDR_H

#include <stddef.h>
#include <stdint.h>

#include "backend.h"
#include "msdhcpm.h"

#define MSDHCPM_OPNUM_V4_FAILOVER_ENUM_RELATIONSHIP 93
/* dhcpsrv2 5b821720-f63b-11d0-aad2-00c04fc324db v1.0 */
#define MSDHCPM_DHCPSRV2_UUID "5b821720-f63b-11d0-aad2-00c04fc324db"

/* Upper bounds the decoder enforces on hostile input. */
#define MSDHCPM_MAX_ELEMENTS 65536u
#define MSDHCPM_MAX_STRING   32768u  /* UTF-16 code units, NUL included */

struct msdhcpm_enum_out {
	uint32_t resume_handle;
	uint32_t num_elements;   /* NumElements of the array, 0 if NULL */
	int array_present;       /* the [out] array pointer was not NULL */
	struct dfo_rel *rels;    /* calloc'd, num_elements rows */
	uint32_t read;           /* RelationshipRead */
	uint32_t total;          /* RelationshipTotal */
	uint32_t status;         /* the method's return value */
};

/* Encode the request stub into buf[cap]. `server` may be NULL (a NULL
 * ServerIpAddress); it is ASCII/UTF-8, non-ASCII bytes are sent as '?'.
 * Returns the stub length, or 0 if cap is too small. */
size_t msdhcpm_encode_enum_req(uint8_t *buf, size_t cap, const char *server,
			       uint32_t resume_handle, uint32_t preferred_max);

/* Decode a response stub. Returns ERROR_SUCCESS and fills `out` (free
 * with msdhcpm_enum_out_free), or ERROR_INVALID_DATA /
 * ERROR_NOT_ENOUGH_MEMORY with e set (out then holds nothing to free).
 * Wipes every SharedSecret in buf. */
unsigned msdhcpm_decode_enum_resp(uint8_t *buf, size_t len,
				  struct msdhcpm_enum_out *out,
				  struct dfo_err *e);
void msdhcpm_enum_out_free(struct msdhcpm_enum_out *out);

#endif
