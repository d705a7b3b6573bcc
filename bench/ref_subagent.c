/* ref_subagent.c: the AgentX ceiling: a minimal net-snmp subagent serving
 * the reference table from memory with nothing else to do.
 * usage: ref_subagent SOCKET ROWS */
#include <signal.h>

#include "ref_table.h"

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	static const oid root[] = { 1, 3, 6, 1, 4, 1, 32473, 98 };

	if (argc != 3)
		return 2;
	setenv("MIBS", "", 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_ROLE, 1);
	netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET, argv[1]);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	init_agent("ref");
	ref_fill(atol(argv[2]));
	ref_register(root, OID_LENGTH(root));
	init_snmp("ref");
	signal(SIGTERM, on_term);
	while (!stop)
		agent_check_and_process(1);
	snmp_shutdown("ref");
	return 0;
}
