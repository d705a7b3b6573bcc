/* mcbulk.c: a multi-column GETBULK walk as snmptable sends it: every
 * column OID is a repeater, max-repetitions R, until the columns end.
 * Prints "<varbinds> <milliseconds>".
 * usage: mcbulk HOST:PORT COMMUNITY R COLUMN-OID... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#define MAXCOL 32

int main(int argc, char **argv)
{
	oid col[MAXCOL][MAX_OID_LEN], cur[MAXCOL][MAX_OID_LEN];
	size_t clen[MAXCOL], curlen[MAXCOL];
	int ncol = argc - 4, done = 0;
	long reps, varbinds = 0;
	netsnmp_session s, *ss;
	struct timespec a, b;

	if (ncol < 1 || ncol > MAXCOL)
		return 2;
	setenv("MIBS", "", 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	init_snmp("mcbulk");
	snmp_sess_init(&s);
	s.peername = argv[1];
	s.version = SNMP_VERSION_2c;
	s.community = (u_char *)argv[2];
	s.community_len = strlen(argv[2]);
	s.timeout = 5000000;
	reps = atol(argv[3]);
	ss = snmp_open(&s);
	if (ss == NULL)
		return 1;
	for (int i = 0; i < ncol; i++) {
		clen[i] = MAX_OID_LEN;
		if (!read_objid(argv[4 + i], col[i], &clen[i]))
			return 2;
		memcpy(cur[i], col[i], clen[i] * sizeof(oid));
		curlen[i] = clen[i];
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	while (!done) {
		netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GETBULK), *resp = NULL;
		netsnmp_variable_list *v;
		int k = 0;

		pdu->non_repeaters = 0;
		pdu->max_repetitions = reps;
		for (int i = 0; i < ncol; i++)
			snmp_add_null_var(pdu, cur[i], curlen[i]);
		if (snmp_synch_response(ss, pdu, &resp) != STAT_SUCCESS || resp == NULL ||
		    resp->errstat != SNMP_ERR_NOERROR) {
			fprintf(stderr, "mcbulk: request failed\n");
			return 1;
		}
		for (v = resp->variables; v; v = v->next_variable, k++) {
			int i = k % ncol;
			if (v->type == SNMP_ENDOFMIBVIEW || v->name_length < clen[i] ||
			    snmp_oid_compare(v->name, clen[i], col[i], clen[i]) != 0) {
				done = 1;
				break;
			}
			memcpy(cur[i], v->name, v->name_length * sizeof(oid));
			curlen[i] = v->name_length;
			varbinds++;
		}
		if (resp->variables == NULL)
			done = 1;
		snmp_free_pdu(resp);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%ld %.1f\n", varbinds, (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6);
	snmp_close(ss);
	return 0;
}
