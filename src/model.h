/* model.h: the relationship record (DHCP_FAILOVER_RELATIONSHIP without the
 * shared secret), the unified state/mode/role enumerations of DHCPFO-MIB,
 * and the Win32-style status codes used at the enumeration contract. */
#ifndef DHCPFO_MODEL_H
#define DHCPFO_MODEL_H

#include <stddef.h>
#include <stdint.h>

/* Win32-style status codes (winerror.h numbers). */
#define ERROR_SUCCESS            0u
#define ERROR_ACCESS_DENIED      5u
#define ERROR_NOT_ENOUGH_MEMORY  8u
#define ERROR_BAD_FORMAT         11u
#define ERROR_INVALID_DATA       13u
#define ERROR_NOT_SUPPORTED      50u
#define ERROR_INVALID_PARAMETER  87u
#define ERROR_MORE_DATA          234u
#define ERROR_NO_MORE_ITEMS      259u
#define ERROR_INTERNAL_ERROR     1359u
#define ERROR_LOGON_FAILURE      1326u
#define ERROR_CONNECTION_REFUSED 1225u
#define ERROR_TIMEOUT            1460u
#define RPC_S_SERVER_UNAVAILABLE 1722u
#define ERROR_DUP_NAME           52u
#define ERROR_FILENAME_EXCED_RANGE 206u

/* Limits. RelationshipName is at most 126 characters (MS-DHCPM). */
#define DFO_NAME_MAX      126
#define DFO_HOSTNAME_MAX  255
#define DFO_RAW_STATE_MAX 63
#define DFO_ERRTEXT_MAX   255
#define DFO_SCOPES_MAX    4096

/* DhcpfoFailoverState: Windows FSM_STATE shifted by one, then the states
 * other backends have and Windows lacks. Keep in sync with the MIB. */
enum dfo_state {
	DFO_ST_NONE = 0,                 /* not known: instance absent */
	DFO_ST_NO_STATE = 1,
	DFO_ST_INIT = 2,
	DFO_ST_STARTUP = 3,
	DFO_ST_NORMAL = 4,
	DFO_ST_COMM_INTERRUPTED = 5,
	DFO_ST_PARTNER_DOWN = 6,
	DFO_ST_POTENTIAL_CONFLICT = 7,
	DFO_ST_CONFLICT_DONE = 8,
	DFO_ST_RESOLUTION_INTERRUPTED = 9,
	DFO_ST_RECOVER = 10,
	DFO_ST_RECOVER_WAIT = 11,
	DFO_ST_RECOVER_DONE = 12,
	DFO_ST_PAUSED = 13,
	DFO_ST_SHUTDOWN = 14,
	DFO_ST_WAITING = 20,
	DFO_ST_SYNCING = 21,
	DFO_ST_READY = 22,
	DFO_ST_IN_MAINTENANCE = 23,
	DFO_ST_PARTNER_IN_MAINTENANCE = 24,
	DFO_ST_TERMINATED = 25,
	DFO_ST_BACKUP = 26,
	DFO_ST_COMM_RECOVERY = 27,
	DFO_ST_UNAVAILABLE = 28,
	DFO_ST_UNKNOWN = 99
};

enum dfo_mode {
	DFO_MODE_NONE = 0,
	DFO_MODE_LOAD_BALANCE = 1,
	DFO_MODE_HOT_STANDBY = 2,
	DFO_MODE_PASSIVE_BACKUP = 3,
	DFO_MODE_OTHER = 4
};

enum dfo_role {
	DFO_ROLE_NONE = 0,
	DFO_ROLE_PRIMARY = 1,
	DFO_ROLE_SECONDARY = 2,
	DFO_ROLE_STANDBY = 3,
	DFO_ROLE_BACKUP = 4,
	DFO_ROLE_OTHER = 5
};

/* An address as InetAddressType/InetAddress: family 0 = unknown. */
struct dfo_addr {
	uint8_t family;    /* 0, 1 = ipv4, 2 = ipv6 (InetAddressType) */
	uint8_t bytes[16]; /* network order */
};

/* One failover relationship as a backend reports it. Plain data: every
 * string is NUL-terminated within its array, scopes is malloc'd. */
struct dfo_rel {
	char name[DFO_NAME_MAX + 1];
	struct dfo_addr primary_addr, secondary_addr;
	char primary_name[DFO_HOSTNAME_MAX + 1];
	char secondary_name[DFO_HOSTNAME_MAX + 1];
	int mode;          /* enum dfo_mode */
	int role;          /* enum dfo_role: this server's role */
	int state;         /* enum dfo_state */
	int prev_state;    /* enum dfo_state, DFO_ST_NONE if backend has none */
	int partner_state; /* enum dfo_state, DFO_ST_NONE if unknown */
	uint32_t mclt;         /* seconds */
	uint32_t safe_period;  /* seconds */
	int32_t percentage;    /* 0..100, -1 = not applicable */
	uint32_t nscopes;
	uint32_t *scopes;      /* IPv4 subnet addresses, host order */
	/* Backend-specific facts, kept so nothing is lost. */
	char raw_state[DFO_RAW_STATE_MAX + 1];
	char partner_raw_state[DFO_RAW_STATE_MAX + 1];
	int32_t raw_state_code;   /* backend's numeric state, -1 = none */
	int32_t partner_age;      /* seconds, -1 = unknown (Kea) */
	int8_t comm_interrupted;  /* -1 unknown, 0, 1 (Kea) */
	int8_t in_touch;          /* -1 unknown, 0, 1 (Kea) */
	int32_t unacked_clients;  /* -1 unknown (Kea) */
	char error[DFO_ERRTEXT_MAX + 1]; /* per-row error, "" if none */
};

void dfo_rel_init(struct dfo_rel *r);
void dfo_rel_free_contents(struct dfo_rel *r);
/* Deep copy; returns 0 or ERROR_NOT_ENOUGH_MEMORY. */
unsigned dfo_rel_copy(struct dfo_rel *dst, const struct dfo_rel *src);
/* Frees an array returned by a backend (DhcpRpcFreeMemory's role). */
void dfo_rel_array_free(struct dfo_rel *a, size_t n);

/* Names <-> enumerations, as used in config files and logs. */
int dfo_state_from_name(const char *s);   /* 0 if unknown */
const char *dfo_state_name(int st);       /* MIB label, "unknown" */
int dfo_mode_from_name(const char *s);
const char *dfo_mode_name(int m);
int dfo_role_from_name(const char *s);
const char *dfo_role_name(int r);
const char *dfo_strerror(unsigned code);  /* short text for a Win32 code */

/* "192.0.2.1" or "2001:db8::1" -> addr; 0 on success, -1 if invalid. */
int dfo_addr_parse(const char *s, struct dfo_addr *a);
void dfo_addr_format(const struct dfo_addr *a, char *buf, size_t len);

/* Replace every non-printable byte by '?'; returns 1 if it changed. */
int dfo_sanitize(char *s, size_t cap);

#endif
