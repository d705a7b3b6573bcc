/* indexmap.c: stable, persisted table indexes. Entries are never removed
 * while the file remembers them, so a deleted relationship's index is not
 * reused. File format, one entry per line (names %XX-escaped):
 *   dhcpfo-indexmap 1
 *   server <serverIndex> <nextRelIndex> <name>
 *   rel <serverIndex> <relIndex> <name>
 * Servers are few (an array); relationships are many (a hash table).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "indexmap.h"

struct entry {
	uint32_t scope;  /* relationships: the serverIndex */
	uint32_t index;
	uint32_t next;   /* servers: next relIndex to hand out */
	char *name;
};

struct dfo_indexmap {
	char *path;
	struct entry *srv;     /* servers: a short array */
	uint32_t nsrv;
	struct entry *v;       /* relationships: open-addressed hash table */
	uint32_t size, used;   /* size is a power of two */
	uint32_t next_server;
	int dirty;
};

static uint32_t hash(uint32_t scope, const char *s)
{
	uint32_t h = 2166136261u ^ scope;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static struct entry *slot(const struct dfo_indexmap *m, uint32_t scope,
			  const char *name)
{
	uint32_t i = hash(scope, name) & (m->size - 1);

	while (m->v[i].name != NULL &&
	       (m->v[i].scope != scope || strcmp(m->v[i].name, name) != 0))
		i = (i + 1) & (m->size - 1);
	return &m->v[i];
}

static int grow(struct dfo_indexmap *m)
{
	struct dfo_indexmap n = *m;

	n.size = m->size ? m->size * 2 : 64;
	n.v = calloc(n.size, sizeof(*n.v));
	if (n.v == NULL)
		return -1;
	for (uint32_t i = 0; i < m->size; i++)
		if (m->v[i].name != NULL)
			*slot(&n, m->v[i].scope, m->v[i].name) = m->v[i];
	free(m->v);
	*m = n;
	return 0;
}

static struct entry *insert(struct dfo_indexmap *m, uint32_t scope,
			    const char *name, uint32_t index, uint32_t next)
{
	struct entry *e;

	if ((m->used + 1) * 2 > m->size && grow(m) != 0)
		return NULL;
	e = slot(m, scope, name);
	if (e->name == NULL) {
		if ((e->name = strdup(name)) == NULL)
			return NULL;
		m->used++;
	}
	e->scope = scope;
	e->index = index;
	e->next = next;
	return e;
}

static struct entry *find(const struct dfo_indexmap *m, uint32_t scope,
			  const char *name)
{
	struct entry *e;

	if (m->size == 0)
		return NULL;
	e = slot(m, scope, name);
	return e->name ? e : NULL;
}

static struct entry *find_server_by_index(const struct dfo_indexmap *m,
					  uint32_t index)
{
	for (uint32_t i = 0; i < m->nsrv; i++)
		if (m->srv[i].index == index)
			return &m->srv[i];
	return NULL;
}

static struct entry *find_server(const struct dfo_indexmap *m, const char *name)
{
	for (uint32_t i = 0; i < m->nsrv; i++)
		if (strcmp(m->srv[i].name, name) == 0)
			return &m->srv[i];
	return NULL;
}

static struct entry *insert_server(struct dfo_indexmap *m, const char *name,
				   uint32_t index, uint32_t next)
{
	struct entry *v = realloc(m->srv, sizeof(*v) * (m->nsrv + 1));

	if (v == NULL)
		return NULL;
	m->srv = v;
	v += m->nsrv;
	if ((v->name = strdup(name)) == NULL)
		return NULL;
	v->scope = 0;
	v->index = index;
	v->next = next;
	m->nsrv++;
	return v;
}

uint32_t dfo_indexmap_server(struct dfo_indexmap *m, const char *server)
{
	struct entry *e = find_server(m, server);

	if (e != NULL)
		return e->index;
	if (m->next_server == 0)
		return 0;
	e = insert_server(m, server, m->next_server, 1);
	if (e == NULL)
		return 0;
	m->next_server++;
	m->dirty = 1;
	return e->index;
}

uint32_t dfo_indexmap_find_rel(const struct dfo_indexmap *m,
			       uint32_t server_index, const char *rel)
{
	const struct entry *e = find(m, server_index, rel);

	return e ? e->index : 0;
}

uint32_t dfo_indexmap_rel(struct dfo_indexmap *m, uint32_t server_index,
			  const char *rel)
{
	struct entry *e = find(m, server_index, rel), *s;
	uint32_t idx;

	if (e != NULL)
		return e->index;
	s = find_server_by_index(m, server_index);
	if (s == NULL || s->next == 0)
		return 0;
	idx = s->next;
	if (insert(m, server_index, rel, idx, 0) == NULL)
		return 0;
	s->next = idx + 1;
	m->dirty = 1;
	return idx;
}

int dfo_indexmap_dirty(const struct dfo_indexmap *m)
{
	return m->dirty;
}

static void escape(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c <= 0x20 || c >= 0x7f || c == '%')
			fprintf(f, "%%%02X", c);
		else
			fputc(c, f);
	}
}

static int unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		unsigned v;
		if (*s != '%') {
			*o++ = *s;
			continue;
		}
		if (sscanf(s + 1, "%2X", &v) != 1 || v == 0 ||
		    !s[1] || !s[2])
			return -1;
		*o++ = (char)v;
		s += 2;
	}
	*o = '\0';
	return 0;
}

/* One line: "server IDX NEXT NAME" or "rel SIDX IDX NAME". */
static int parse_line(struct dfo_indexmap *m, char *line)
{
	char kind[8], name[4 * (DFO_NAME_MAX + 1)];
	unsigned long a, b;
	int used = 0;

	if (sscanf(line, "%7s %lu %lu %n", kind, &a, &b, &used) != 3 ||
	    used == 0 || strlen(line + used) >= sizeof(name) ||
	    a == 0 || b == 0 || a > 0xffffffffu || b > 0xffffffffu)
		return -1;
	strcpy(name, line + used);
	if (strchr(name, ' ') != NULL || name[0] == '\0' || unescape(name) != 0 ||
	    strlen(name) > DFO_NAME_MAX)
		return -1;
	if (strcmp(kind, "server") == 0) {
		if (find_server(m, name) || find_server_by_index(m, (uint32_t)a))
			return -1;
		if (insert_server(m, name, (uint32_t)a, (uint32_t)b) == NULL)
			return -1;
		if (a >= m->next_server)
			m->next_server = (uint32_t)a + 1;
		return m->next_server == 0 ? -1 : 0;
	}
	if (strcmp(kind, "rel") == 0) {
		struct entry *s = find_server_by_index(m, (uint32_t)a);
		if (s == NULL || find(m, (uint32_t)a, name) || b >= s->next)
			return -1;
		return insert(m, (uint32_t)a, name, (uint32_t)b, 0) ? 0 : -1;
	}
	return -1;
}

int dfo_indexmap_parse(struct dfo_indexmap *m, const char *buf, size_t len,
		       struct dfo_err *e)
{
	static const char magic[] = "dhcpfo-indexmap 1\n";
	size_t pos = sizeof(magic) - 1;
	unsigned lineno = 1;

	if (len < pos || memcmp(buf, magic, pos) != 0) {
		dfo_err_set(e, ERROR_BAD_FORMAT, "line 1: not a dhcpfo index map");
		return -1;
	}
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - (buf + pos)) : len - pos;
		char line[1024];

		lineno++;
		if (nl == NULL || l >= sizeof(line) ||
		    memchr(buf + pos, '\0', l) != NULL) {
			dfo_err_set(e, ERROR_BAD_FORMAT,
				    "line %u: truncated or overlong", lineno);
			return -1;
		}
		memcpy(line, buf + pos, l);
		line[l] = '\0';
		pos += l + 1;
		if (parse_line(m, line) != 0) {
			dfo_err_set(e, ERROR_BAD_FORMAT, "line %u: malformed entry",
				    lineno);
			return -1;
		}
	}
	return 0;
}

static void clear(struct dfo_indexmap *m)
{
	for (uint32_t i = 0; i < m->size; i++)
		free(m->v[i].name);
	for (uint32_t i = 0; i < m->nsrv; i++)
		free(m->srv[i].name);
	free(m->v);
	free(m->srv);
	m->v = m->srv = NULL;
	m->size = m->used = m->nsrv = 0;
	m->next_server = 1;
}

static char *slurp(const char *path, size_t *len, int *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	*err = 0;
	if (f == NULL) {
		*err = errno;
		return NULL;
	}
	for (;;) {
		if (n + 4096 > cap) {
			char *nb = realloc(buf, cap = cap * 2 + 8192);
			if (nb == NULL || cap > (64u << 20)) {
				free(nb ? nb : buf);
				fclose(f);
				*err = EFBIG;
				return NULL;
			}
			buf = nb;
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f))
		*err = EIO;
	fclose(f);
	*len = n;
	return buf;
}

struct dfo_indexmap *dfo_indexmap_open(const char *path, struct dfo_err *warn)
{
	struct dfo_indexmap *m = calloc(1, sizeof(*m));
	size_t len = 0;
	char *buf;
	int err;

	if (m == NULL)
		return NULL;
	m->next_server = 1;
	dfo_err_clear(warn);
	if (path == NULL)
		return m;
	if ((m->path = strdup(path)) == NULL) {
		free(m);
		return NULL;
	}
	buf = slurp(path, &len, &err);
	if (buf == NULL && err == ENOENT)
		return m;
	if (buf == NULL || err != 0 ||
	    dfo_indexmap_parse(m, buf, len, warn) != 0) {
		char aside[4096];
		if (warn->code == 0)
			dfo_err_set(warn, ERROR_ACCESS_DENIED, "%s", strerror(err));
		snprintf(aside, sizeof(aside), "%s.corrupt-%ld", path,
			 (long)time(NULL));
		clear(m);
		m->dirty = 1;
		if (rename(path, aside) == 0)
			snprintf(warn->text + strlen(warn->text),
				 sizeof(warn->text) - strlen(warn->text),
				 "; kept aside as %s", aside);
	}
	free(buf);
	return m;
}

void dfo_indexmap_free(struct dfo_indexmap *m)
{
	if (m == NULL)
		return;
	clear(m);
	free(m->path);
	free(m);
}

static int write_entries(FILE *f, const struct dfo_indexmap *m)
{
	fputs("dhcpfo-indexmap 1\n", f);
	for (uint32_t i = 0; i < m->nsrv; i++) {
		const struct entry *e = &m->srv[i];
		fprintf(f, "server %u %u ", e->index, e->next);
		escape(f, e->name);
		fputc('\n', f);
	}
	for (uint32_t i = 0; i < m->size; i++) {
		const struct entry *e = &m->v[i];
		if (e->name == NULL)
			continue;
		fprintf(f, "rel %u %u ", e->scope, e->index);
		escape(f, e->name);
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

int dfo_indexmap_save(struct dfo_indexmap *m, struct dfo_err *e)
{
	char tmp[4096], dir[4096];
	FILE *f;
	int fd, ok;

	if (m->path == NULL || !m->dirty)
		return 0;
	snprintf(tmp, sizeof(tmp), "%s.tmp", m->path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		dfo_err_set(e, ERROR_ACCESS_DENIED, "%s: %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	ok = write_entries(f, m) == 0 && fflush(f) == 0 && fsync(fd) == 0;
	if (fclose(f) != 0)
		ok = 0;
	if (!ok || rename(tmp, m->path) != 0) {
		dfo_err_set(e, ERROR_ACCESS_DENIED, "writing %s: %s", m->path,
			    strerror(errno));
		unlink(tmp);
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s", m->path);
	fd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	m->dirty = 0;
	return 0;
}
