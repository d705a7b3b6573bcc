/* stub_dhcpsapi.c: a stand-in dhcpsapi.dll for tests under wine. It
 * exports DhcpV4FailoverEnumRelationship with the seed's paging contract
 * over 5 fixed relationships, and DhcpRpcFreeMemory. DFO_STUB_MODE makes
 * it misbehave: "error:N" returns N from every call, "forever" answers
 * MORE_DATA without advancing the resume handle, "read-over" claims one
 * row more than the array holds. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "dhcpsapi_fo.h"

__declspec(dllexport) VOID WINAPI DhcpRpcFreeMemory(LPVOID p);
__declspec(dllexport) DWORD WINAPI DhcpV4FailoverEnumRelationship(
	LPWSTR server, DWORD *handle, DWORD pref,
	DFO_DHCP_FAILOVER_RELATIONSHIP_ARRAY **out, LPDWORD read,
	LPDWORD total);

#define NREL 5
static const wchar_t *const names[NREL] = {
	L"fo-a", L"fo-b", L"fo-c", L"fo-d", L"fo-\u00e9"
};

static LPWSTR wdup(const wchar_t *s)
{
	size_t n = (wcslen(s) + 1) * sizeof(wchar_t);
	LPWSTR d = malloc(n);

	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

__declspec(dllexport) VOID WINAPI DhcpRpcFreeMemory(LPVOID p)
{
	free(p);
}

__declspec(dllexport) DWORD WINAPI DhcpV4FailoverEnumRelationship(
	LPWSTR server, DWORD *handle, DWORD pref,
	DFO_DHCP_FAILOVER_RELATIONSHIP_ARRAY **out, LPDWORD read,
	LPDWORD total)
{
	DFO_DHCP_FAILOVER_RELATIONSHIP_ARRAY *a;
	const char *mode = getenv("DFO_STUB_MODE");
	DWORD start, n, i;

	(void)server;
	*out = NULL;
	*read = 0;
	*total = 0;
	if (mode == NULL)
		mode = "";
	if (strncmp(mode, "error:", 6) == 0)
		return (DWORD)strtoul(mode + 6, NULL, 0);
	if (handle == NULL || pref == 0)
		return ERROR_INVALID_PARAMETER;
	start = *handle;
	if (start >= NREL)
		return ERROR_NO_MORE_ITEMS;
	n = NREL - start < pref ? NREL - start : pref;
	a = calloc(1, sizeof(*a));
	a->pRelationships = calloc(n, sizeof(*a->pRelationships));
	a->NumElements = n;
	for (i = 0; i < n; i++) {
		DFO_DHCP_FAILOVER_RELATIONSHIP *r = &a->pRelationships[i];
		DWORD k = start + i;

		r->PrimaryServer = 0xc0000201u;
		r->SecondaryServer = 0xc0000202u;
		r->Mode = (int)(k % 2);
		r->ServerType = 0;
		r->State = k == 2 ? 4 : 3; /* COMMUNICATION_INT : NORMAL */
		r->PrevState = 2;
		r->Mclt = 3600 + k;
		r->SafePeriod = 600;
		r->RelationshipName = wdup(names[k]);
		r->PrimaryServerName = wdup(L"dhcp-a");
		r->SecondaryServerName = wdup(L"dhcp-b");
		r->pScopes = calloc(1, sizeof(*r->pScopes));
		r->pScopes->NumElements = 1;
		r->pScopes->Elements = calloc(1, sizeof(DWORD));
		r->pScopes->Elements[0] = 0x0a000000u | (k << 8);
		r->Percentage = 50;
		r->SharedSecret = wdup(L"stub-secret");
	}
	*out = a;
	*read = n + (strcmp(mode, "read-over") == 0);
	if (strcmp(mode, "forever") == 0) {
		*total = NREL;
		return ERROR_MORE_DATA;
	}
	*handle = start + n;
	*total = NREL - *handle;
	return *total ? ERROR_MORE_DATA : ERROR_SUCCESS;
}
