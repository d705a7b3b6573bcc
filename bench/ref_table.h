/* ref_table.h: the reference table the benchmarks serve three ways (in
 * snmpd as a dlmod, as a minimal AgentX subagent, and through
 * pass_persist): N rows x 3 columns (OCTET STRING, INTEGER, OCTET STRING),
 * the shape of dhcpfoRelName / dhcpfoRelState / dhcpfoRelRawState.
 * Served with a plain sorted array and binary search: the fastest honest
 * way, with nothing else to do. */
#ifndef REF_TABLE_H
#define REF_TABLE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

struct ref_row {
	char name[24];
	long state;
	char raw[16];
};

static struct ref_row *ref_rows;
static long ref_n;

static void ref_fill(long n)
{
	ref_rows = calloc((size_t)n + 1, sizeof(*ref_rows));
	ref_n = n;
	for (long i = 0; i < n; i++) {
		snprintf(ref_rows[i].name, sizeof(ref_rows[i].name), "rel-%06ld", i + 1);
		ref_rows[i].state = 4;
		snprintf(ref_rows[i].raw, sizeof(ref_rows[i].raw), "normal");
	}
}

/* GET/GETNEXT on root.1.col.idx (col 2..4, idx 1..n). */
static int ref_handler(netsnmp_mib_handler *h, netsnmp_handler_registration *reg,
		       netsnmp_agent_request_info *ri, netsnmp_request_info *req)
{
	size_t rl = reg->rootoid_len;

	(void)h;
	for (; req; req = req->next) {
		netsnmp_variable_list *vb = req->requestvb;
		size_t len = vb->name_length;
		oid col = len > rl + 1 ? vb->name[rl + 1] : 0;
		oid idx = len > rl + 2 ? vb->name[rl + 2] : 0;
		const struct ref_row *r;

		if (req->processed)
			continue;
		if (ri->mode == MODE_GETNEXT) {
			oid o[MAX_OID_LEN];

			if (len <= rl + 1 || vb->name[rl] < 1 || col < 2) {
				col = 2;
				idx = 1;
			} else {
				idx = len == rl + 2 ? 1 : idx + 1;
			}
			if (idx > (oid)ref_n) {
				col++;
				idx = 1;
			}
			if (col > 4 || ref_n == 0)
				continue; /* past the table: the agent moves on */
			memcpy(o, reg->rootoid, rl * sizeof(oid));
			o[rl] = 1;
			o[rl + 1] = col;
			o[rl + 2] = idx;
			snmp_set_var_objid(vb, o, rl + 3);
		} else if (ri->mode != MODE_GET || len != rl + 3 || col < 2 ||
			   col > 4 || idx < 1 || idx > (oid)ref_n) {
			netsnmp_set_request_error(ri, req, SNMP_NOSUCHINSTANCE);
			continue;
		}
		r = &ref_rows[idx - 1];
		if (col == 3)
			snmp_set_var_typed_value(vb, ASN_INTEGER, &r->state, sizeof(r->state));
		else
			snmp_set_var_typed_value(vb, ASN_OCTET_STR, col == 2 ? r->name : r->raw,
						 strlen(col == 2 ? r->name : r->raw));
	}
	return SNMP_ERR_NOERROR;
}

static void ref_register(const oid *root, size_t len)
{
	netsnmp_register_handler(netsnmp_create_handler_registration(
		"refTable", ref_handler, root, len, HANDLER_CAN_RONLY));
}

#endif
