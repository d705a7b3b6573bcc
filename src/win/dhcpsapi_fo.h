/* dhcpsapi_fo.h: the dhcpsapi.h declarations of the failover API, which
 * mingw-w64's dhcpsapi.h lacks (Windows SDK layout). */
#ifndef DFO_DHCPSAPI_H
#define DFO_DHCPSAPI_H
#include <windows.h>

typedef DWORD DFO_DHCP_IP_ADDRESS;
typedef struct {
	DWORD NumElements;
	DFO_DHCP_IP_ADDRESS *Elements;
} DFO_DHCP_IP_ARRAY;
typedef struct {
	DFO_DHCP_IP_ADDRESS PrimaryServer;
	DFO_DHCP_IP_ADDRESS SecondaryServer;
	int Mode;          /* DHCP_FAILOVER_MODE: LoadBalance 0, HotStandby 1 */
	int ServerType;    /* DHCP_FAILOVER_SERVER: PrimaryServer 0, SecondaryServer 1 */
	int State;         /* FSM_STATE */
	int PrevState;
	DWORD Mclt;
	DWORD SafePeriod;
	LPWSTR RelationshipName;
	LPWSTR PrimaryServerName;
	LPWSTR SecondaryServerName;
	DFO_DHCP_IP_ARRAY *pScopes;
	BYTE Percentage;
	LPWSTR SharedSecret;
} DFO_DHCP_FAILOVER_RELATIONSHIP;
typedef struct {
	DWORD NumElements;
	DFO_DHCP_FAILOVER_RELATIONSHIP *pRelationships;
} DFO_DHCP_FAILOVER_RELATIONSHIP_ARRAY;

typedef DWORD (WINAPI *dfo_enum_fn)(LPWSTR ServerIpAddress,
	DWORD *ResumeHandle, DWORD PreferredMaximum,
	DFO_DHCP_FAILOVER_RELATIONSHIP_ARRAY **pRelationship,
	LPDWORD RelationshipRead, LPDWORD RelationshipTotal);
typedef VOID (WINAPI *dfo_free_fn)(LPVOID BufferPointer);
#endif
