/* backend_conf.c: the config-time side of backends: the registry of
 * backend types, libconfig lookups that report file:line, and secret
 * files kept out of core dumps. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend.h"
#include "log.h"

extern const struct dfo_backend_ops dfo_backend_kea;
extern const struct dfo_backend_ops dfo_backend_dhcpd;
#ifdef DFO_HAVE_WINDOWS
extern const struct dfo_backend_ops dfo_backend_windows;
#endif

static const struct dfo_backend_ops *const backends[] = {
	&dfo_backend_sim,
	&dfo_backend_kea,
	&dfo_backend_dhcpd,
#ifdef DFO_HAVE_WINDOWS
	&dfo_backend_windows,
#endif
	NULL
};

const struct dfo_backend_ops *dfo_backend_find(const char *type)
{
	for (size_t i = 0; type != NULL && backends[i] != NULL; i++)
		if (strcmp(backends[i]->type, type) == 0)
			return backends[i];
	return NULL;
}

const char *dfo_backend_types(void)
{
	static char buf[128];

	if (buf[0] != '\0')
		return buf;
	for (size_t i = 0; backends[i] != NULL; i++) {
		size_t l = strlen(buf);
		snprintf(buf + l, sizeof(buf) - l, "%s%s", i ? ", " : "",
			 backends[i]->type);
	}
	return buf;
}


void dfo_cfg_where(const config_setting_t *s, char *buf, size_t len)
{
	const char *f = config_setting_source_file(s);

	snprintf(buf, len, "%s:%u", f ? f : "(config)",
		 config_setting_source_line(s));
}

int dfo_cfg_string(const config_setting_t *s, const char *key,
		   const char **out, struct dfo_err *e)
{
	const config_setting_t *m = config_setting_get_member(s, key);
	char where[300];

	if (m == NULL)
		return 1;
	if (config_setting_type(m) != CONFIG_TYPE_STRING) {
		dfo_cfg_where(m, where, sizeof(where));
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: '%s' must be a string", where, key);
		return -1;
	}
	*out = config_setting_get_string(m);
	return 0;
}

int dfo_cfg_copy(const config_setting_t *s, const char *key, char *dst,
		 size_t cap, struct dfo_err *e)
{
	const char *v;
	char where[300];
	int rc = dfo_cfg_string(s, key, &v, e);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (strlen(v) >= cap) {
		dfo_cfg_where(config_setting_get_member(s, key), where, sizeof(where));
		dfo_err_set(e, ERROR_FILENAME_EXCED_RANGE,
			    "%s: '%s' is longer than %zu characters", where, key,
			    cap - 1);
		return -1;
	}
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

int dfo_cfg_int(const config_setting_t *s, const char *key, int min, int max,
		int *out, struct dfo_err *e)
{
	const config_setting_t *m = config_setting_get_member(s, key);
	char where[300];
	long long v;

	if (m == NULL)
		return 1;
	dfo_cfg_where(m, where, sizeof(where));
	if (config_setting_type(m) != CONFIG_TYPE_INT &&
	    config_setting_type(m) != CONFIG_TYPE_INT64) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: '%s' must be an integer", where, key);
		return -1;
	}
	v = config_setting_get_int64(m);
	if (config_setting_type(m) == CONFIG_TYPE_INT)
		v = config_setting_get_int(m);
	if (v < min || v > max) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: '%s' = %lld is out of range %d..%d", where,
			    key, v, min, max);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* Secrets live in their own pages, kept out of core dumps and swap
 * where the kernel allows (MADV_DONTDUMP, mlock); the size is stored in
 * front of the buffer so the pages can be wiped and unmapped. */
void *dfo_secret_alloc(size_t n)
{
	size_t total = (n + sizeof(size_t) + 4095) & ~(size_t)4095;
	char *p = mmap(NULL, total, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	madvise(p, total, MADV_DONTDUMP);
	(void)mlock(p, total); /* best effort: RLIMIT_MEMLOCK may say no */
	memcpy(p, &total, sizeof(total));
	return p + sizeof(size_t);
}

void dfo_secret_free(void *s, size_t len)
{
	size_t total;
	char *base;

	(void)len;
	if (s == NULL)
		return;
	base = (char *)s - sizeof(size_t);
	memcpy(&total, base, sizeof(total));
	explicit_bzero(base, total);
	munlock(base, total);
	munmap(base, total);
}

char *dfo_secret_read(const char *path, size_t *len, struct dfo_err *e)
{
	struct stat st;
	char *buf;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0) {
		dfo_err_set(e, ERROR_ACCESS_DENIED, "%s: cannot open: %s",
			    path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		dfo_err_set(e, ERROR_ACCESS_DENIED, "%s: not a regular file",
			    path);
		close(fd);
		return NULL;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		dfo_err_set(e, ERROR_ACCESS_DENIED,
			    "%s: refusing a secret file readable by group or others (mode %03o); chmod 600 it",
			    path, (unsigned)(st.st_mode & 0777));
		close(fd);
		return NULL;
	}
	if (st.st_size > 65536) {
		dfo_err_set(e, ERROR_INVALID_DATA, "%s: secret file too large",
			    path);
		close(fd);
		return NULL;
	}
	buf = dfo_secret_alloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		close(fd);
		dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
		return NULL;
	}
	n = read(fd, buf, (size_t)st.st_size);
	close(fd);
	if (n < 0) {
		dfo_err_set(e, ERROR_ACCESS_DENIED, "%s: read failed", path);
		dfo_secret_free(buf, (size_t)st.st_size + 1);
		return NULL;
	}
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	if (len != NULL)
		*len = (size_t)n;
	return buf;
}

void dfo_cfg_check_keys(const config_setting_t *group,
			const char *const *known)
{
	int n = config_setting_length(group);

	for (int i = 0; i < n; i++) {
		const config_setting_t *m = config_setting_get_elem(group, (unsigned)i);
		const char *name = config_setting_name(m);
		const char *const *k;
		char where[300];

		if (name == NULL)
			continue;
		for (k = known; *k != NULL; k++)
			if (strcmp(*k, name) == 0)
				break;
		if (*k != NULL)
			continue;
		dfo_cfg_where(m, where, sizeof(where));
		dfo_warn("%s: unknown key '%s' ignored", where, name);
	}
}

const config_setting_t *dfo_cfg_backend_group(const config_setting_t *s,
					      const char *type,
					      const char *const *known,
					      const char *usage, char *where,
					      size_t len, struct dfo_err *e)
{
	const config_setting_t *g = config_setting_get_member(s, type);

	dfo_cfg_where(s, where, len);
	if (g == NULL || !config_setting_is_group(g)) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: a %s server needs %s = { %s }", where, type,
			    type, usage);
		return NULL;
	}
	dfo_cfg_where(g, where, len);
	dfo_cfg_check_keys(g, known);
	return g;
}
