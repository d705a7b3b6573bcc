/* msdhcpm.h: the MS-DHCPM data model both Windows backends share: the
 * fixed fields of DHCP_FAILOVER_RELATIONSHIP and their mapping onto
 * struct dfo_rel, FSM_STATE names, and the error numbers the backends
 * report (DHCP failover codes 20113-20134, RPC runtime errors). */
#ifndef DHCPFO_MSDHCPM_H
#define DHCPFO_MSDHCPM_H

#include <stdint.h>

#include "model.h"

/* DHCP failover error codes (dhcpsapi.h, MS-DHCPM 2.2.1.1). */
#define ERROR_DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP 20113u
#define ERROR_DHCP_FO_FEATURE_NOT_SUPPORTED         20134u
/* RPC runtime errors (winerror.h) the backend reports. */
#define RPC_S_UNKNOWN_IF             1717u
#define RPC_S_CALL_FAILED            1726u
#define RPC_S_PROTOCOL_ERROR         1728u
#define RPC_S_PROCNUM_OUT_OF_RANGE   1745u
#define RPC_S_SEC_PKG_ERROR          1825u
#define EPT_S_NOT_REGISTERED         1753u
#define RPC_S_CALL_FAILED_DNE        1727u
#define RPC_X_BAD_STUB_DATA          1783u

/* DHCP_FAILOVER_RELATIONSHIP without its strings, scopes and secret:
 * Mode (DHCP_FAILOVER_MODE: LoadBalance 0, HotStandby 1), ServerType
 * (PrimaryServer 0, SecondaryServer 1), State and PrevState (FSM_STATE
 * 0..13), addresses in host order. */
struct msdhcpm_fixed {
	uint32_t primary, secondary;
	uint32_t mode, server_type, state, prev_state;
	uint32_t mclt, safe_period, percentage;
};

/* Fills addresses, mode, role, states (FSM_STATE + 1), raw state,
 * MCLT, safe period and percentage of an initialised rel. */
void msdhcpm_fill_rel(struct dfo_rel *rel, const struct msdhcpm_fixed *f);
/* Text for a Win32 / DHCP server / RPC error number ("ERROR_DHCP_FO_..."
 * names for the failover codes 20113-20134), NULL if unknown. */
const char *msdhcpm_error_name(unsigned code);
/* A DCE/RPC fault status (nca_s_* or a Win32 number) as a Win32 code. */
unsigned msdhcpm_fault_to_win32(uint32_t fault);
/* FSM_STATE name ("NORMAL", "COMMUNICATION_INT"...), NULL if out of range. */
const char *msdhcpm_fsm_name(uint32_t fsm);

#endif
