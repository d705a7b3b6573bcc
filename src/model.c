/* model.c: the relationship record's helpers: copy/free, the name tables
 * of the unified enumerations, Win32 code texts, address parsing. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model.h"

struct name_val {
	const char *name;
	int val;
};

static const struct name_val state_names[] = {
	{ "noState", DFO_ST_NO_STATE },
	{ "init", DFO_ST_INIT },
	{ "startup", DFO_ST_STARTUP },
	{ "normal", DFO_ST_NORMAL },
	{ "communicationInterrupted", DFO_ST_COMM_INTERRUPTED },
	{ "partnerDown", DFO_ST_PARTNER_DOWN },
	{ "potentialConflict", DFO_ST_POTENTIAL_CONFLICT },
	{ "conflictDone", DFO_ST_CONFLICT_DONE },
	{ "resolutionInterrupted", DFO_ST_RESOLUTION_INTERRUPTED },
	{ "recover", DFO_ST_RECOVER },
	{ "recoverWait", DFO_ST_RECOVER_WAIT },
	{ "recoverDone", DFO_ST_RECOVER_DONE },
	{ "paused", DFO_ST_PAUSED },
	{ "shutdown", DFO_ST_SHUTDOWN },
	{ "waiting", DFO_ST_WAITING },
	{ "syncing", DFO_ST_SYNCING },
	{ "ready", DFO_ST_READY },
	{ "inMaintenance", DFO_ST_IN_MAINTENANCE },
	{ "partnerInMaintenance", DFO_ST_PARTNER_IN_MAINTENANCE },
	{ "terminated", DFO_ST_TERMINATED },
	{ "backup", DFO_ST_BACKUP },
	{ "communicationRecovery", DFO_ST_COMM_RECOVERY },
	{ "unavailable", DFO_ST_UNAVAILABLE },
	{ "unknown", DFO_ST_UNKNOWN },
	{ NULL, 0 }
};

static const struct name_val mode_names[] = {
	{ "load-balance", DFO_MODE_LOAD_BALANCE },
	{ "hot-standby", DFO_MODE_HOT_STANDBY },
	{ "passive-backup", DFO_MODE_PASSIVE_BACKUP },
	{ "other", DFO_MODE_OTHER },
	{ NULL, 0 }
};

static const struct name_val role_names[] = {
	{ "primary", DFO_ROLE_PRIMARY },
	{ "secondary", DFO_ROLE_SECONDARY },
	{ "standby", DFO_ROLE_STANDBY },
	{ "backup", DFO_ROLE_BACKUP },
	{ "other", DFO_ROLE_OTHER },
	{ NULL, 0 }
};

/* Case-insensitive, and '-'/'_' in `s` match nothing in camelCase names
 * ("partner-down" == "partnerDown"). */
static int loose_eq(const char *a, const char *b)
{
	for (;;) {
		while (*a == '-' || *a == '_')
			a++;
		while (*b == '-' || *b == '_')
			b++;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		if (*a == '\0')
			return 1;
		a++;
		b++;
	}
}

static int lookup_val(const struct name_val *t, const char *s)
{
	if (s == NULL)
		return 0;
	for (; t->name != NULL; t++)
		if (loose_eq(t->name, s))
			return t->val;
	return 0;
}

static const char *lookup_name(const struct name_val *t, int v,
			       const char *dflt)
{
	for (; t->name != NULL; t++)
		if (t->val == v)
			return t->name;
	return dflt;
}

int dfo_state_from_name(const char *s) { return lookup_val(state_names, s); }
const char *dfo_state_name(int st) { return lookup_name(state_names, st, "unknown"); }
int dfo_mode_from_name(const char *s) { return lookup_val(mode_names, s); }
const char *dfo_mode_name(int m) { return lookup_name(mode_names, m, "other"); }
int dfo_role_from_name(const char *s) { return lookup_val(role_names, s); }
const char *dfo_role_name(int r) { return lookup_name(role_names, r, "other"); }

const char *dfo_strerror(unsigned code)
{
	switch (code) {
	case ERROR_SUCCESS: return "success";
	case ERROR_ACCESS_DENIED: return "access denied";
	case ERROR_NOT_ENOUGH_MEMORY: return "not enough memory";
	case ERROR_BAD_FORMAT: return "bad format";
	case ERROR_INVALID_DATA: return "invalid data";
	case ERROR_DUP_NAME: return "duplicate name";
	case ERROR_NOT_SUPPORTED: return "not supported";
	case ERROR_INVALID_PARAMETER: return "invalid parameter";
	case ERROR_FILENAME_EXCED_RANGE: return "name too long";
	case ERROR_MORE_DATA: return "more data";
	case ERROR_NO_MORE_ITEMS: return "no more items";
	case ERROR_CONNECTION_REFUSED: return "connection refused";
	case ERROR_LOGON_FAILURE: return "logon failure";
	case ERROR_INTERNAL_ERROR: return "internal error";
	case ERROR_TIMEOUT: return "timeout";
	case RPC_S_SERVER_UNAVAILABLE: return "RPC server unavailable";
	default: return "error";
	}
}

void dfo_rel_init(struct dfo_rel *r)
{
	memset(r, 0, sizeof(*r));
	r->percentage = -1;
	r->raw_state_code = -1;
	r->partner_age = -1;
	r->comm_interrupted = -1;
	r->in_touch = -1;
	r->unacked_clients = -1;
}

void dfo_rel_free_contents(struct dfo_rel *r)
{
	free(r->scopes);
	r->scopes = NULL;
	r->nscopes = 0;
}

unsigned dfo_rel_copy(struct dfo_rel *dst, const struct dfo_rel *src)
{
	*dst = *src;
	dst->scopes = NULL;
	if (src->nscopes == 0 || src->scopes == NULL) {
		dst->nscopes = 0;
		return ERROR_SUCCESS;
	}
	dst->scopes = malloc(sizeof(uint32_t) * src->nscopes);
	if (dst->scopes == NULL) {
		dst->nscopes = 0;
		return ERROR_NOT_ENOUGH_MEMORY;
	}
	memcpy(dst->scopes, src->scopes, sizeof(uint32_t) * src->nscopes);
	return ERROR_SUCCESS;
}

void dfo_rel_array_free(struct dfo_rel *a, size_t n)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		dfo_rel_free_contents(&a[i]);
	free(a);
}

int dfo_addr_parse(const char *s, struct dfo_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (s == NULL)
		return -1;
	if (inet_pton(AF_INET, s, a->bytes) == 1) {
		a->family = 1;
		return 0;
	}
	if (inet_pton(AF_INET6, s, a->bytes) == 1) {
		a->family = 2;
		return 0;
	}
	return -1;
}

void dfo_addr_format(const struct dfo_addr *a, char *buf, size_t len)
{
	if (len == 0)
		return;
	buf[0] = '\0';
	if (a->family == 1)
		inet_ntop(AF_INET, a->bytes, buf, (socklen_t)len);
	else if (a->family == 2)
		inet_ntop(AF_INET6, a->bytes, buf, (socklen_t)len);
}

int dfo_sanitize(char *s, size_t cap)
{
	int changed = 0;
	size_t i;

	for (i = 0; i < cap && s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c >= 0x7f) {
			s[i] = '?';
			changed = 1;
		}
	}
	if (i == cap && cap > 0) {
		s[cap - 1] = '\0';
		changed = 1;
	}
	return changed;
}
