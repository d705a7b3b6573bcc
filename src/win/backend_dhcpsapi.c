/* backend_dhcpsapi.c: the native Windows backend. On a Windows host the
 * contract is the Windows API itself: each page is one
 * DhcpV4FailoverEnumRelationship call of dhcpsapi.dll with the caller's
 * resume handle and PreferredMaximum, rows are mapped with the same
 * msdhcpm_fill_rel as the DCE/RPC backend, and every page is freed with
 * DhcpRpcFreeMemory after its SharedSecrets are wiped. dhcpsapi.dll is
 * loaded at run time, so the program starts where the DHCP management
 * tools are missing and says so. Built with mingw-w64 only
 * (tools/build-windows.sh). */
#include "win32.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "backend_dhcpsapi.h"
#include "dhcpsapi_fo.h"
#include "msdhcpm.h"

struct dsess {
	HMODULE dll;
	dfo_enum_fn enumerate;
	dfo_free_fn release;
	WCHAR server[256];
};

static int dsa_open(const void *conf, void **session, struct dfo_err *e)
{
	const struct dfo_dhcpsapi_conf *c = conf;
	struct dsess *s = calloc(1, sizeof(*s));

	if (s == NULL) {
		dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
		return -1;
	}
	s->dll = LoadLibraryA("dhcpsapi.dll");
	if (s->dll == NULL) {
		dfo_err_set(e, (unsigned)GetLastError(),
			    "cannot load dhcpsapi.dll (install the DHCP Server "
			    "management tools, RSAT-DHCP)");
		free(s);
		return -1;
	}
	s->enumerate = (dfo_enum_fn)(void (*)(void))GetProcAddress(
		s->dll, "DhcpV4FailoverEnumRelationship");
	s->release = (dfo_free_fn)(void (*)(void))GetProcAddress(
		s->dll, "DhcpRpcFreeMemory");
	if (s->enumerate == NULL || s->release == NULL) {
		dfo_err_set(e, ERROR_NOT_SUPPORTED, "dhcpsapi.dll has no "
			    "DhcpV4FailoverEnumRelationship (Windows Server "
			    "2012 or later is needed)");
		FreeLibrary(s->dll);
		free(s);
		return -1;
	}
	if (c != NULL && c->server[0] != '\0')
		MultiByteToWideChar(CP_UTF8, 0, c->server, -1, s->server,
				    (int)(sizeof(s->server) / sizeof(WCHAR)) - 1);
	*session = s;
	return 0;
}

static void dsa_close(void *session)
{
	struct dsess *s = session;

	if (s == NULL)
		return;
	FreeLibrary(s->dll);
	free(s);
}

static void free_page(dfo_free_fn release,
		      DFO_DHCP_FAILOVER_RELATIONSHIP_ARRAY *a)
{
	if (a == NULL)
		return;
	for (DWORD i = 0; a->pRelationships != NULL && i < a->NumElements; i++) {
		DFO_DHCP_FAILOVER_RELATIONSHIP *r = &a->pRelationships[i];

		if (r->SharedSecret != NULL) {
			SecureZeroMemory(r->SharedSecret,
					 wcslen(r->SharedSecret) * sizeof(WCHAR));
			release(r->SharedSecret);
		}
		release(r->RelationshipName);
		release(r->PrimaryServerName);
		release(r->SecondaryServerName);
		if (r->pScopes != NULL) {
			release(r->pScopes->Elements);
			release(r->pScopes);
		}
	}
	release(a->pRelationships);
	release(a);
}

/* UTF-16 -> UTF-8 into dst[cap], truncated, always terminated. */
static void utf8(const WCHAR *w, char *dst, size_t cap)
{
	char tmp[1024];

	dst[0] = '\0';
	if (w == NULL || WideCharToMultiByte(CP_UTF8, 0, w, -1, tmp, sizeof(tmp),
					     NULL, NULL) == 0)
		return;
	snprintf(dst, cap, "%s", tmp);
	dfo_sanitize(dst, cap);
}

static unsigned to_rel(const DFO_DHCP_FAILOVER_RELATIONSHIP *s,
		       struct dfo_rel *r)
{
	struct msdhcpm_fixed f = {
		s->PrimaryServer, s->SecondaryServer, (uint32_t)s->Mode,
		(uint32_t)s->ServerType, (uint32_t)s->State,
		(uint32_t)s->PrevState, s->Mclt, s->SafePeriod, s->Percentage
	};
	DWORD n = s->pScopes != NULL ? s->pScopes->NumElements : 0;

	dfo_rel_init(r);
	msdhcpm_fill_rel(r, &f);
	utf8(s->RelationshipName, r->name, sizeof(r->name));
	utf8(s->PrimaryServerName, r->primary_name, sizeof(r->primary_name));
	utf8(s->SecondaryServerName, r->secondary_name,
	     sizeof(r->secondary_name));
	if (n > DFO_SCOPES_MAX)
		n = DFO_SCOPES_MAX;
	if (n > 0 && s->pScopes->Elements != NULL) {
		r->scopes = calloc(n, sizeof(uint32_t));
		if (r->scopes == NULL)
			return ERROR_NOT_ENOUGH_MEMORY;
		memcpy(r->scopes, s->pScopes->Elements, n * sizeof(uint32_t));
		r->nscopes = n;
	}
	return ERROR_SUCCESS;
}

static unsigned dsa_enum_page(void *session, uint32_t *resume_handle,
			      uint32_t preferred_max, struct dfo_rel **array,
			      uint32_t *read, uint32_t *total,
			      struct dfo_err *e)
{
	struct dsess *s = session;
	DFO_DHCP_FAILOVER_RELATIONSHIP_ARRAY *a = NULL;
	DWORD h = *resume_handle, rd = 0, tot = 0, st, n;
	struct dfo_rel *rows = NULL;

	st = s->enumerate(s->server[0] ? s->server : NULL, &h, preferred_max,
			  &a, &rd, &tot);
	if (st != ERROR_SUCCESS && st != ERROR_MORE_DATA) {
		const char *name = msdhcpm_error_name((unsigned)st);

		free_page(s->release, a);
		if (st == ERROR_NO_MORE_ITEMS)
			return ERROR_NO_MORE_ITEMS;
		dfo_err_set(e, (unsigned)st, "DhcpV4FailoverEnumRelationship: %s",
			    name != NULL ? name : "error");
		return (unsigned)st;
	}
	n = a != NULL && a->pRelationships != NULL ? a->NumElements : 0;
	if (rd != n) {
		free_page(s->release, a);
		dfo_err_set(e, ERROR_INVALID_DATA, "RelationshipRead %lu but the "
			    "array has %lu elements", (unsigned long)rd,
			    (unsigned long)n);
		return ERROR_INVALID_DATA;
	}
	if (rd > 0 && (rows = calloc(rd, sizeof(*rows))) == NULL) {
		free_page(s->release, a);
		dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
		return ERROR_NOT_ENOUGH_MEMORY;
	}
	for (DWORD i = 0; i < rd; i++) {
		if (to_rel(&a->pRelationships[i], &rows[i]) != ERROR_SUCCESS) {
			dfo_rel_array_free(rows, i + 1);
			free_page(s->release, a);
			dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
			return ERROR_NOT_ENOUGH_MEMORY;
		}
	}
	free_page(s->release, a);
	*array = rows;
	*read = rd;
	*total = tot;
	*resume_handle = h;
	return (unsigned)st;
}

const struct dfo_backend_ops dfo_backend_dhcpsapi = {
	.type = "windows-native",
	.mib_type = 4,
	.open = dsa_open,
	.enum_page = dsa_enum_page,
	.close = dsa_close,
};
