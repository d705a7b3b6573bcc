/* backend.h: the enumeration contract (DhcpV4FailoverEnumRelationship's
 * semantics) and the small vtable every backend implements. */
#ifndef DHCPFO_BACKEND_H
#define DHCPFO_BACKEND_H

#ifdef _WIN32
/* the native Windows build has no libconfig: parse hooks stay unused */
typedef struct config_setting_t config_setting_t;
#else
#include <libconfig.h>
#endif
#include <stdint.h>
#include "model.h"

struct dfo_backend;

/* Error detail: a Win32-style code plus a human-readable message. */
struct dfo_err {
	unsigned code;
	char text[DFO_ERRTEXT_MAX + 1];
};
void dfo_err_set(struct dfo_err *e, unsigned code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void dfo_err_clear(struct dfo_err *e);

struct dfo_backend_ops {
	const char *type;   /* "sim", "kea", "dhcpd", "windows" */
	int mib_type;       /* DhcpfoBackendType value in the MIB */
	/* Parse the server's backend settings (the whole server group `s`).
	 * Runs at config load in the main thread. On error, fills `e` with a
	 * message that already carries file:line and returns -1. */
	int (*parse)(const config_setting_t *s, void **conf, struct dfo_err *e);
	void (*free_conf)(void *conf);
	/* Short, secret-free description of where the backend is (URL,
	 * host:port, socket) for the MIB's address column. */
	void (*describe)(const void *conf, char *buf, size_t len);
	/* Session lifecycle; open may be lazy. Called from the worker thread. */
	int (*open)(const void *conf, void **session, struct dfo_err *e);
	/* One page of the contract. Returns ERROR_SUCCESS, ERROR_MORE_DATA,
	 * ERROR_NO_MORE_ITEMS or a failure code (detail in e). */
	unsigned (*enum_page)(void *session, uint32_t *resume_handle,
			      uint32_t preferred_max, struct dfo_rel **array,
			      uint32_t *read, uint32_t *total, struct dfo_err *e);
	void (*close)(void *session);
};

/* A configured backend instance. */
struct dfo_backend {
	const struct dfo_backend_ops *ops;
	void *conf;
	void *session;   /* NULL until opened */
};

const struct dfo_backend_ops *dfo_backend_find(const char *type);
const char *dfo_backend_types(void); /* "sim, kea, ..." for messages */

/* The contract itself: validates arguments (preferred_max 0 ->
 * ERROR_INVALID_PARAMETER), opens the session on demand, calls the
 * backend. Reconnecting after a failure is the backend's own business.
 * Arrays are malloc'd (calloc) and freed with dfo_rel_array_free().
 *
 * status = dfo_enum_relationships(b, &handle, pref_max, &array, &read,
 *                                 &total, &err);
 */
unsigned dfo_enum_relationships(struct dfo_backend *b, uint32_t *resume_handle,
				uint32_t preferred_max, struct dfo_rel **array,
				uint32_t *read, uint32_t *total,
				struct dfo_err *e);
void dfo_backend_close(struct dfo_backend *b);

/* Helper for backends whose source is not paged: serve [*handle, ...) of
 * an already complete array `all` of `n` rows with exact contract
 * semantics (copies rows; the caller keeps `all`). */
unsigned dfo_page_from_array(const struct dfo_rel *all, uint32_t n,
			     uint32_t *resume_handle, uint32_t preferred_max,
			     struct dfo_rel **array, uint32_t *read,
			     uint32_t *total, struct dfo_err *e);

/* Config helpers shared by backends: string/int lookups that report
 * file:line. They return 0 when found, 1 when absent, -1 on a type error. */
int dfo_cfg_string(const config_setting_t *s, const char *key,
		   const char **out, struct dfo_err *e);
int dfo_cfg_int(const config_setting_t *s, const char *key, int min, int max,
		int *out, struct dfo_err *e);
/* A string setting copied into dst[cap]; too long is an error. */
int dfo_cfg_copy(const config_setting_t *s, const char *key, char *dst,
		 size_t cap, struct dfo_err *e);
/* "file:line" of a setting into buf. */
void dfo_cfg_where(const config_setting_t *s, char *buf, size_t len);
/* Read a secret file: refuses group/world-readable files. Returns malloc'd
 * NUL-terminated contents (trailing newline stripped) or NULL with e set.
 * The caller wipes it with dfo_secret_free(). */
char *dfo_secret_read(const char *path, size_t *len, struct dfo_err *e);
void dfo_secret_free(void *s, size_t len);
/* n zeroed bytes in pages kept out of core dumps (and mlocked where
 * allowed), for a secret decoded in memory; NULL if out of memory.
 * Freed (wiped first) with dfo_secret_free(). */
void *dfo_secret_alloc(size_t n);

extern const struct dfo_backend_ops dfo_backend_sim;



/* Warn (through the logger) about each member of `group` that is not in
 * the NULL-terminated `known` list, as "file:line: unknown key". */
void dfo_cfg_check_keys(const config_setting_t *group,
			const char *const *known);
/* The backend's own group `type` = { ... } inside server group `s`, its
 * keys checked against `known`, and its file:line in where[len]. NULL
 * with e set ("file:line: a TYPE server needs TYPE = { USAGE }") when
 * the group is missing or not a group. */
const config_setting_t *dfo_cfg_backend_group(const config_setting_t *s,
					      const char *type,
					      const char *const *known,
					      const char *usage, char *where,
					      size_t len, struct dfo_err *e);
#endif
