/* msdhcpm.c: the MS-DHCPM data model shared by both Windows backends
 * (DCE/RPC from Linux, dhcpsapi.dll natively): DHCP_FAILOVER_RELATIONSHIP's
 * fixed fields mapped onto struct dfo_rel, FSM_STATE names, and the
 * Win32 / DHCP / RPC error numbers. Portable C: it builds with mingw-w64. */
#include <stdio.h>
#include <string.h>

#include "msdhcpm.h"

static void ipv4(struct dfo_addr *a, uint32_t v)
{
	a->family = 1;
	a->bytes[0] = (uint8_t)(v >> 24);
	a->bytes[1] = (uint8_t)(v >> 16);
	a->bytes[2] = (uint8_t)(v >> 8);
	a->bytes[3] = (uint8_t)v;
}

static int fsm_to_state(uint32_t v)
{
	return v <= 13 ? (int)v + 1 : DFO_ST_UNKNOWN;
}

void msdhcpm_fill_rel(struct dfo_rel *rel, const struct msdhcpm_fixed *f)
{
	const char *sn = msdhcpm_fsm_name(f->state);

	ipv4(&rel->primary_addr, f->primary);
	ipv4(&rel->secondary_addr, f->secondary);
	rel->mode = f->mode == 0 ? DFO_MODE_LOAD_BALANCE :
		    f->mode == 1 ? DFO_MODE_HOT_STANDBY : DFO_MODE_OTHER;
	rel->role = f->server_type == 0 ? DFO_ROLE_PRIMARY :
		    f->server_type == 1 ? DFO_ROLE_SECONDARY : DFO_ROLE_OTHER;
	rel->state = fsm_to_state(f->state);
	rel->prev_state = fsm_to_state(f->prev_state);
	rel->raw_state_code = f->state;
	if (sn != NULL)
		snprintf(rel->raw_state, sizeof(rel->raw_state), "%s", sn);
	else
		snprintf(rel->raw_state, sizeof(rel->raw_state), "FSM_STATE %u",
			 (unsigned)f->state);
	rel->mclt = f->mclt;
	rel->safe_period = f->safe_period;
	if (f->percentage <= 100) {
		rel->percentage = f->percentage;
	} else {
		rel->percentage = -1;
		snprintf(rel->error, sizeof(rel->error),
			 "percentage %u out of range", (unsigned)f->percentage);
	}
}

/* ------------------------------------------------------------------ */
/* Error numbers */

static const struct {
	unsigned code;
	const char *name;
} errors[] = {
	{ 5, "ERROR_ACCESS_DENIED" },
	{ 8, "ERROR_NOT_ENOUGH_MEMORY" },
	{ 13, "ERROR_INVALID_DATA" },
	{ 50, "ERROR_NOT_SUPPORTED" },
	{ 87, "ERROR_INVALID_PARAMETER" },
	{ 1225, "ERROR_CONNECTION_REFUSED" },
	{ 1326, "ERROR_LOGON_FAILURE" },
	{ 1460, "ERROR_TIMEOUT" },
	{ 1717, "RPC_S_UNKNOWN_IF" },
	{ 1722, "RPC_S_SERVER_UNAVAILABLE" },
	{ 1726, "RPC_S_CALL_FAILED" },
	{ 1727, "RPC_S_CALL_FAILED_DNE" },
	{ 1728, "RPC_S_PROTOCOL_ERROR" },
	{ 1745, "RPC_S_PROCNUM_OUT_OF_RANGE" },
	{ 1753, "EPT_S_NOT_REGISTERED" },
	{ 1783, "RPC_X_BAD_STUB_DATA" },
	{ 1825, "RPC_S_SEC_PKG_ERROR" },
	{ 20121, "ERROR_DHCP_NO_ADMIN_PERMISSION" },
	{ 20113, "ERROR_DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP" },
	{ 20114, "ERROR_DHCP_FO_RELATIONSHIP_EXISTS" },
	{ 20115, "ERROR_DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST" },
	{ 20116, "ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP" },
	{ 20117, "ERROR_DHCP_FO_RELATION_IS_SECONDARY" },
	{ 20118, "ERROR_DHCP_FO_NOT_SUPPORTED" },
	{ 20119, "ERROR_DHCP_FO_TIME_OUT_OF_SYNC" },
	{ 20120, "ERROR_DHCP_FO_STATE_NOT_NORMAL" },
	{ 20122, "ERROR_DHCP_SERVER_NOT_REACHABLE" },
	{ 20123, "ERROR_DHCP_SERVER_NOT_RUNNING" },
	{ 20124, "ERROR_DHCP_SERVER_NAME_NOT_RESOLVED" },
	{ 20125, "ERROR_DHCP_FO_RELATIONSHIP_NAME_TOO_LONG" },
	{ 20126, "ERROR_DHCP_REACHED_END_OF_SELECTION" },
	{ 20127, "ERROR_DHCP_FO_ADDSCOPE_LEASES_NOT_SYNCED" },
	{ 20128, "ERROR_DHCP_FO_MAX_RELATIONSHIPS" },
	{ 20129, "ERROR_DHCP_FO_IPRANGE_TYPE_CONV_ILLEGAL" },
	{ 20130, "ERROR_DHCP_FO_MAX_ADD_SCOPES" },
	{ 20131, "ERROR_DHCP_FO_BOOT_NOT_SUPPORTED" },
	{ 20132, "ERROR_DHCP_FO_RANGE_PART_OF_REL" },
	{ 20133, "ERROR_DHCP_FO_SCOPE_SYNC_IN_PROGRESS" },
	{ 20134, "ERROR_DHCP_FO_FEATURE_NOT_SUPPORTED" },
};

const char *msdhcpm_error_name(unsigned code)
{
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (errors[i].code == code)
			return errors[i].name;
	return NULL;
}

unsigned msdhcpm_fault_to_win32(uint32_t fault)
{
	switch (fault) {
	case 0x1c010001u: return RPC_S_CALL_FAILED;          /* comm_failure */
	case 0x1c010002u: return RPC_S_PROCNUM_OUT_OF_RANGE; /* op_rng_error */
	case 0x1c010003u: return RPC_S_UNKNOWN_IF;           /* unknown_if */
	case 0x1c01000bu: return RPC_S_PROTOCOL_ERROR;       /* proto_error */
	case 0x1c00001au: return RPC_S_PROTOCOL_ERROR;       /* context_mismatch */
	case 0x1c000006u: return RPC_X_BAD_STUB_DATA;        /* invalid_tag */
	case 0x1c000007u: return RPC_X_BAD_STUB_DATA;        /* invalid_bound */
	default:
		/* Windows servers put Win32 numbers (5, 1783, ...) in faults */
		return fault < 0x10000u ? fault : RPC_S_CALL_FAILED;
	}
}

static const char *const fsm_names[] = {
	"NO_STATE", "INIT", "STARTUP", "NORMAL", "COMMUNICATION_INT",
	"PARTNER_DOWN", "POTENTIAL_CONFLICT", "CONFLICT_DONE",
	"RESOLUTION_INT", "RECOVER", "RECOVER_WAIT", "RECOVER_DONE",
	"PAUSED", "SHUTDOWN"
};

const char *msdhcpm_fsm_name(uint32_t fsm)
{
	return fsm < sizeof(fsm_names) / sizeof(fsm_names[0]) ?
	       fsm_names[fsm] : NULL;
}
