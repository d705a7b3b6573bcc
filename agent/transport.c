/* transport.c: how the MIB module is reached. The default is an AgentX
 * subagent beside an existing snmpd; standalone mode (--listen) makes this
 * process a net-snmp master agent on its own UDP port, with access rules
 * (rocommunity / rouser / createUser / trap2sink ...) from a separate
 * access file. Nothing above this file knows which one runs. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "agent.h"
#include "log.h"

void init_vacm_conf(void);   /* libnetsnmpagent: VACM tokens + access checks */
void init_system_mib(void);  /* libnetsnmpmibs: sysDescr, sysUpTime, ... */

static int starts_with_token(const char *line, const char *tok)
{
	size_t n = strlen(tok);

	while (*line == ' ' || *line == '\t')
		line++;
	return strncmp(line, tok, n) == 0 && (line[n] == ' ' || line[n] == '\t');
}

/* The access file must exist, hold at least one access rule, and not be
 * readable by group or others when it holds secrets (communities, keys). */
int dfo_access_check(const char *path, struct dfo_err *e)
{
	static const char *const rules[] = { "rocommunity", "rocommunity6",
		"rouser", NULL };
	static const char *const secret[] = { "rocommunity", "rocommunity6",
		"createUser", "trap2sink", "trapsink", "informsink", "trapsess",
		"com2sec", "com2sec6", NULL };
	char line[1024];
	int has_rule = 0, has_secret = 0;
	struct stat st;
	FILE *f;

	if (path == NULL || path[0] == '\0') {
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "standalone mode needs an access file (agent.access-file or --access-file)");
		return -1;
	}
	f = fopen(path, "r");
	if (f == NULL || fstat(fileno(f), &st) != 0) {
		dfo_err_set(e, ERROR_ACCESS_DENIED, "%s: cannot read access file: %s",
			    path, strerror(errno));
		if (f != NULL)
			fclose(f);
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		for (int i = 0; rules[i]; i++)
			has_rule |= starts_with_token(line, rules[i]);
		for (int i = 0; secret[i]; i++)
			has_secret |= starts_with_token(line, secret[i]);
	}
	fclose(f);
	if (!has_rule) {
		dfo_err_set(e, ERROR_ACCESS_DENIED,
			    "%s: no access rule (rocommunity or rouser): refusing to listen", path);
		return -1;
	}
	if (has_secret && (st.st_mode & (S_IRWXG | S_IRWXO))) {
		dfo_err_set(e, ERROR_ACCESS_DENIED,
			    "%s: holds secrets but is readable by group or others (mode %03o); chmod 600 it",
			    path, (unsigned)(st.st_mode & 0777));
		return -1;
	}
	return 0;
}

static void common_setup(void)
{
	setenv("MIBS", "", 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
}

int dfo_transport_subagent(const char *sock, int ping_interval)
{
	common_setup();
	netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_ROLE, 1);
	if (sock != NULL)
		netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID,
				      NETSNMP_DS_AGENT_X_SOCKET, sock);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	if (init_agent("dhcpfo") != 0)
		return -1;
	/* only honoured once the agent is initialised */
	netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID,
			   NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL, ping_interval);
	if (dfo_mib_init() != 0)
		return -1;
	dfo_notify_init(0);
	init_snmp("dhcpfo");
	dfo_info("dhcpfo-agentx %s: AgentX subagent on %s", DFO_VERSION,
		 sock ? sock : "the default socket");
	return 0;
}

/* Refused requests are logged once a second as counts, not one line per
 * packet (a flood must not flood the log). */
static void log_refusals(unsigned reg, void *arg)
{
	static const struct { int stat; const char *what; } k[] = {
		{ STAT_SNMPINBADCOMMUNITYNAMES, "unknown community" },
		{ STAT_SNMPINBADCOMMUNITYUSES, "community not allowed for that request" },
		{ STAT_USMSTATSUNKNOWNUSERNAMES, "unknown SNMPv3 user" },
		{ STAT_USMSTATSWRONGDIGESTS, "wrong SNMPv3 authentication key" },
		{ STAT_USMSTATSDECRYPTIONERRORS, "wrong SNMPv3 privacy key" },
		{ STAT_USMSTATSUNSUPPORTEDSECLEVELS, "unsupported SNMPv3 security level" },
	};
	static u_int last[sizeof(k) / sizeof(k[0])];

	(void)reg;
	(void)arg;
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		u_int now = snmp_get_statistic(k[i].stat);
		if (now != last[i])
			dfo_warn("refused %u request(s): %s", now - last[i], k[i].what);
		last[i] = now;
	}
}

/* net-snmp reads "dhcpfo.conf" from its config path: point that path at
 * a directory that does not exist so only the access file is read. */
int dfo_transport_standalone(const char *listen, const char *access,
			     const char *state_dir)
{
	char nopath[512];

	common_setup();
	snprintf(nopath, sizeof(nopath), "%s/.no-snmp-config", state_dir);
	setenv("SNMPCONFPATH", nopath, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_ROLE, 0);
	netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_PORTS, listen);
	netsnmp_ds_set_string(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_OPTIONALCONFIG, access);
	/* no log line per request: refusals are counted (log_refusals) */
	netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID,
			       NETSNMP_DS_AGENT_DONT_LOG_TCPWRAPPERS_CONNECTS, 1);
	if (init_agent("dhcpfo") != 0)
		return -1;
	init_vacm_conf();
	init_system_mib();
	if (dfo_mib_init() != 0)
		return -1;
	dfo_notify_init(1);
	init_snmp("dhcpfo");
	if (init_master_agent() != 0) {
		dfo_err_log("cannot listen on %s (in use, or not allowed?)", listen);
		return -1;
	}
	snmp_alarm_register(1, SA_REPEAT, log_refusals, NULL);
	dfo_info("dhcpfo-agentx %s: standalone agent on %s, access rules from %s",
		 DFO_VERSION, listen, access);
	return 0;
}
