/* backend.c: the enumeration contract entry point and the run-time
 * helpers every backend shares (errors, paging over a complete array).
 * Config-time parts live in backend_conf.c; this file builds for Windows
 * too (tools/build-windows.sh). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"

void dfo_err_set(struct dfo_err *e, unsigned code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->text, sizeof(e->text), fmt, ap);
	va_end(ap);
}

void dfo_err_clear(struct dfo_err *e)
{
	e->code = 0;
	e->text[0] = '\0';
}

unsigned dfo_enum_relationships(struct dfo_backend *b, uint32_t *resume_handle,
				uint32_t preferred_max, struct dfo_rel **array,
				uint32_t *read, uint32_t *total,
				struct dfo_err *e)
{
	unsigned st;

	if (b == NULL || resume_handle == NULL || array == NULL ||
	    read == NULL || total == NULL || preferred_max == 0) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "invalid parameter (PreferredMaximum must be > 0)");
		return ERROR_INVALID_PARAMETER;
	}
	*array = NULL;
	*read = 0;
	*total = 0;
	if (b->session == NULL &&
	    b->ops->open(b->conf, &b->session, e) != 0) {
		b->session = NULL;
		if (e->code == 0)
			e->code = ERROR_INTERNAL_ERROR;
		return e->code;
	}
	dfo_err_clear(e);
	st = b->ops->enum_page(b->session, resume_handle, preferred_max,
			       array, read, total, e);
	if (st != ERROR_SUCCESS && st != ERROR_MORE_DATA &&
	    st != ERROR_NO_MORE_ITEMS && e->code == 0)
		dfo_err_set(e, st, "%s", dfo_strerror(st));
	return st;
}

void dfo_backend_close(struct dfo_backend *b)
{
	if (b->session != NULL)
		b->ops->close(b->session);
	b->session = NULL;
}

unsigned dfo_page_from_array(const struct dfo_rel *all, uint32_t n,
			     uint32_t *resume_handle, uint32_t preferred_max,
			     struct dfo_rel **array, uint32_t *read,
			     uint32_t *total, struct dfo_err *e)
{
	uint32_t start = *resume_handle, count, i;
	struct dfo_rel *out;

	*array = NULL;
	*read = 0;
	if (preferred_max == 0) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER, "PreferredMaximum is 0");
		return ERROR_INVALID_PARAMETER;
	}
	if (start >= n) {
		*total = 0;
		return ERROR_NO_MORE_ITEMS;
	}
	count = n - start;
	if (count > preferred_max)
		count = preferred_max;
	out = calloc(count, sizeof(*out));
	if (out == NULL) {
		dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
		return ERROR_NOT_ENOUGH_MEMORY;
	}
	for (i = 0; i < count; i++) {
		if (dfo_rel_copy(&out[i], &all[start + i]) != ERROR_SUCCESS) {
			dfo_rel_array_free(out, i);
			dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
			return ERROR_NOT_ENOUGH_MEMORY;
		}
	}
	*array = out;
	*read = count;
	*resume_handle = start + count;
	*total = n - *resume_handle;
	return *total > 0 ? ERROR_MORE_DATA : ERROR_SUCCESS;
}

