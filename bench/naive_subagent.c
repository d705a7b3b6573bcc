/* naive_subagent.c: the design dhcpfo avoids, measured. A net-snmp
 * subagent with no cache: every GET or GETNEXT of its one-column table
 * (root.1.2.<k>, the relationship names) enumerates the project's own sim
 * backend from resume handle 0, page by page (PreferredMaximum P), until
 * it reaches row k. root.2.0 counts the enumeration calls.
 * usage: naive_subagent SOCKET ROWS PAGE-SIZE */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "backend.h"

static volatile sig_atomic_t stop;
static struct dfo_backend backend;
static uint32_t page_size;
static long calls;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

/* Row k (1-based) by enumerating from the start: 1 if found. */
static int row_at(oid k, char *name, size_t cap)
{
	uint32_t h = 0;
	oid seen = 0;

	for (;;) {
		struct dfo_rel *a = NULL;
		uint32_t rd = 0, tot = 0;
		struct dfo_err e = { 0, "" };
		unsigned st = dfo_enum_relationships(&backend, &h, page_size, &a,
						     &rd, &tot, &e);
		int found = 0;

		calls++;
		if ((st == ERROR_SUCCESS || st == ERROR_MORE_DATA) && k <= seen + rd) {
			snprintf(name, cap, "%s", a[k - seen - 1].name);
			found = 1;
		}
		dfo_rel_array_free(a, rd);
		seen += rd;
		if (found || st != ERROR_MORE_DATA)
			return found;
	}
}

static int handler(netsnmp_mib_handler *h, netsnmp_handler_registration *reg,
		   netsnmp_agent_request_info *ri, netsnmp_request_info *req)
{
	size_t rl = reg->rootoid_len;

	(void)h;
	for (; req != NULL; req = req->next) {
		netsnmp_variable_list *vb = req->requestvb;
		oid o[MAX_OID_LEN], k;
		char name[DFO_NAME_MAX + 1];
		int is_count = vb->name_length > rl && vb->name[rl] == 2;

		if (req->processed)
			continue;
		if (ri->mode == MODE_GETNEXT) {
			int in_table = vb->name_length >= rl + 2 && vb->name[rl] == 1 &&
				       vb->name[rl + 1] == 2;

			if ((vb->name_length > rl && vb->name[rl] >= 2) ||
			    (vb->name_length > rl + 1 && vb->name[rl] == 1 &&
			     vb->name[rl + 1] > 2))
				continue; /* past the table (the counter is not walked) */
			k = in_table && vb->name_length > rl + 2 ? vb->name[rl + 2] + 1 : 1;
			if (!row_at(k, name, sizeof(name)))
				continue; /* past the table: the agent moves on */
			memcpy(o, reg->rootoid, rl * sizeof(oid));
			o[rl] = 1;
			o[rl + 1] = 2;
			o[rl + 2] = k;
			snmp_set_var_objid(vb, o, rl + 3);
		} else if (ri->mode == MODE_GET && is_count && vb->name_length == rl + 2) {
			snmp_set_var_typed_value(vb, ASN_COUNTER, &calls, sizeof(calls));
			continue;
		} else if (ri->mode != MODE_GET || vb->name_length != rl + 3 ||
			   vb->name[rl] != 1 || vb->name[rl + 1] != 2 ||
			   !row_at(vb->name[rl + 2], name, sizeof(name))) {
			netsnmp_set_request_error(ri, req, SNMP_NOSUCHINSTANCE);
			continue;
		}
		snmp_set_var_typed_value(vb, ASN_OCTET_STR, name, strlen(name));
	}
	return SNMP_ERR_NOERROR;
}

static int sim_backend(long rows)
{
	char text[256];
	config_t cfg;
	struct dfo_err e = { 0, "" };

	snprintf(text, sizeof(text),
		 "server = { name = \"naive\"; sim = { generate = { count = %ld; }; }; };",
		 rows);
	config_init(&cfg);
	if (config_read_string(&cfg, text) != CONFIG_TRUE ||
	    dfo_backend_sim.parse(config_lookup(&cfg, "server"), &backend.conf, &e) != 0) {
		fprintf(stderr, "naive_subagent: sim config: %s\n", e.text);
		return -1;
	}
	backend.ops = &dfo_backend_sim;
	config_destroy(&cfg);
	return 0;
}

int main(int argc, char **argv)
{
	static const oid root[] = { 1, 3, 6, 1, 4, 1, 32473, 96 };

	if (argc != 4 || sim_backend(atol(argv[2])) != 0)
		return 2;
	page_size = (uint32_t)atol(argv[3]);
	setenv("MIBS", "", 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_ROLE, 1);
	netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET, argv[1]);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	init_agent("naive");
	netsnmp_register_handler(netsnmp_create_handler_registration(
		"naiveTable", handler, root, OID_LENGTH(root), HANDLER_CAN_RONLY));
	init_snmp("naive");
	signal(SIGTERM, on_term);
	while (!stop)
		agent_check_and_process(1);
	snmp_shutdown("naive");
	dfo_backend_close(&backend);
	backend.ops->free_conf(backend.conf);
	return 0;
}
